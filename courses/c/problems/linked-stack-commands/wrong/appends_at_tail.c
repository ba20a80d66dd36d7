/* Adds new nodes at the end of the list but still removes from the
 * front: that is a queue (first in, first out), not a stack. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
	long long value;
	struct node *next;
};

int main(void)
{
	struct node *head = NULL, *tail = NULL;
	long long count = 0;
	char cmd[16];

	while (scanf("%15s", cmd) == 1) {
		if (strcmp(cmd, "push") == 0) {
			struct node *n = malloc(sizeof(*n));

			if (!n || scanf("%lld", &n->value) != 1)
				return 1;
			n->next = NULL;
			if (tail)
				tail->next = n;
			else
				head = n;
			tail = n;
			count++;
		} else if (strcmp(cmd, "size") == 0) {
			printf("%lld\n", count);
		} else if (head == NULL) {
			puts("empty");
		} else if (strcmp(cmd, "peek") == 0) {
			printf("%lld\n", head->value);
		} else {
			struct node *old = head;

			printf("%lld\n", old->value);
			head = old->next;
			if (!head)
				tail = NULL;
			free(old);
			count--;
		}
	}
	while (head) {
		struct node *next = head->next;

		free(head);
		head = next;
	}
	return 0;
}
