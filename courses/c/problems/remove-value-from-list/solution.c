#include <stdio.h>
#include <stdlib.h>

struct node {
	long long value;
	struct node *next;
};

/* link points at the pointer that leads to the current node: first at
 * head itself, later at the previous node's next field.  Unlinking
 * through it treats the first node like every other one. */
static struct node *remove_all(struct node *head, long long x)
{
	struct node **link = &head;

	while (*link) {
		struct node *cur = *link;

		if (cur->value == x) {
			*link = cur->next;	/* stay: re-examine the new *link */
			free(cur);
		} else {
			link = &cur->next;
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
