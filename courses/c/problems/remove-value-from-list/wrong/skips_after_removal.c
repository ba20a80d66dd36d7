/* Moves on to the next node even right after unlinking one, so the node
 * that slid into the examined position is never checked: in 1 3 3 2
 * with x = 3, the second 3 survives. */
#include <stdio.h>
#include <stdlib.h>

struct node {
	long long value;
	struct node *next;
};

static struct node *remove_all(struct node *head, long long x)
{
	while (head && head->value == x) {
		struct node *old = head;

		head = head->next;
		free(old);
	}
	for (struct node *cur = head; cur && cur->next; cur = cur->next) {
		if (cur->next->value == x) {
			struct node *victim = cur->next;

			cur->next = victim->next;
			free(victim);
		}
	}
	return head;
}

int main(void)
{
	struct node *head = NULL, *tail = NULL;
	long long x, v;

	if (scanf("%lld", &x) != 1)
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
	head = remove_all(head, x);
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
