/* Reverses each group on its own (its last node ends up pointing at
 * NULL) and remembers the first group's new head, but never links the
 * previous group's last node to the next group's new first node: every
 * node after the first group is lost. */
#include <stdio.h>
#include <stdlib.h>

struct node {
	long long value;
	struct node *next;
};

static struct node *reverse_groups(struct node *head, long long k)
{
	struct node *new_head = NULL, *prev_tail = NULL, *cur = head;

	while (cur) {
		struct node *probe = cur, *group_first = cur, *prev = NULL;
		long long i;

		for (i = 0; i < k && probe; i++)
			probe = probe->next;
		if (i < k) {			/* short group: keep it as it is */
			if (prev_tail)
				prev_tail->next = cur;
			else
				new_head = cur;
			return new_head;
		}
		for (i = 0; i < k; i++) {
			struct node *next = cur->next;

			cur->next = prev;
			prev = cur;
			cur = next;
		}
		if (!new_head)
			new_head = prev;
		prev_tail = group_first;
	}
	return new_head;
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
