#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct node {
	long long value;
	struct node *next;
};

int main(void)
{
	struct node *top = NULL;	/* the empty stack */
	char cmd[16];

	while (scanf("%15s", cmd) == 1) {
		/* push: read the value, malloc a node, link it in front.
		 * pop / peek / size: handle the empty stack too. */
	}
	(void)top;
	return 0;
}
