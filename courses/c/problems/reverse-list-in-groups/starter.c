#include <stdio.h>
#include <stdlib.h>

struct node {
	long long value;
	struct node *next;
};

/* Reverse every complete group of k nodes by relinking; return the new
 * head.  For each group you need: the link that leads into it, its first
 * node (which becomes its last) and the node right after it. */
static struct node *reverse_groups(struct node *head, long long k)
{
	(void)k;
	return head;
}

int main(void)
{
	/* Read k, build the list in input order, call reverse_groups,
	 * print the values (or "empty"), free the nodes. */
	(void)reverse_groups;
	return 0;
}
