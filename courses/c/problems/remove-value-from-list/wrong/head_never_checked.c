/* Only ever looks at the node after the current one, starting from the
 * head, so matching nodes at the front of the list are never removed. */
#include <stdio.h>
#include <stdlib.h>

struct node {
	long long value;
	struct node *next;
};

static struct node *remove_all(struct node *head, long long x)
{
	struct node *cur = head;

	while (cur && cur->next) {
		if (cur->next->value == x) {
			struct node *victim = cur->next;

			cur->next = victim->next;
			free(victim);
		} else {
			cur = cur->next;
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
