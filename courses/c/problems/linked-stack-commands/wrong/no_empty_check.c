/* Never checks for an empty stack: pop or peek on an empty stack follows
 * a NULL pointer and the program crashes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
	long long value;
	struct node *next;
};

int main(void)
{
	struct node *top = NULL;
	long long count = 0;
	char cmd[16];

	while (scanf("%15s", cmd) == 1) {
		if (strcmp(cmd, "push") == 0) {
			struct node *n = malloc(sizeof(*n));

			if (!n || scanf("%lld", &n->value) != 1)
				return 1;
			n->next = top;
			top = n;
			count++;
		} else if (strcmp(cmd, "size") == 0) {
			printf("%lld\n", count);
		} else if (strcmp(cmd, "peek") == 0) {
			printf("%lld\n", top->value);
		} else {
			struct node *old = top;

			printf("%lld\n", old->value);
			top = old->next;
			free(old);
			count--;
		}
	}
	while (top) {
		struct node *next = top->next;

		free(top);
		top = next;
	}
	return 0;
}
