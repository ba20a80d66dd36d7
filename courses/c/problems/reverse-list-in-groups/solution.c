#include <stdio.h>
#include <stdlib.h>

struct node {
	long long value;
	struct node *next;
};

static struct node *reverse_groups(struct node *head, long long k)
{
	struct node **link = &head;	/* the pointer that leads into the group */

	for (;;) {
		struct node *after = *link, *first = *link, *prev, *cur;
		long long i;

		for (i = 0; i < k && after; i++)	/* is the group complete? */
			after = after->next;
		if (i < k)
			break;
		/* Reverse first .. (node before after); the group's new last
		 * node (first) must point at the node after the group. */
		prev = after;
		cur = first;
		while (cur != after) {
			struct node *next = cur->next;

			cur->next = prev;
			prev = cur;
			cur = next;
		}
		*link = prev;		/* the group's new first node */
		link = &first->next;
	}
	return head;
}

int main(void)
{
	struct node *head = NULL, *tail = NULL;
	long long k, v;

	if (scanf("%lld", &k) != 1 || k < 1)
		return 1;
	while (scanf("%lld", &v) == 1) {
		struct node *n = malloc(sizeof(*n));

		if (!n)
			return 1;
		n->value = v;
		n->next = NULL;
		if (tail)
			tail->next = n;
		else
			head = n;
		tail = n;
	}
	head = reverse_groups(head, k);
	if (!head)
		puts("empty");
	for (struct node *p = head; p; p = p->next)
		printf(p->next ? "%lld " : "%lld\n", p->value);
	while (head) {
		struct node *next = head->next;

		free(head);
		head = next;
	}
	return 0;
}
