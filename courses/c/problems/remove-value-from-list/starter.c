#include <stdio.h>
#include <stdlib.h>

struct node {
	long long value;
	struct node *next;
};

/* Unlink and free every node whose value is x; return the new head. */
static struct node *remove_all(struct node *head, long long x)
{
	(void)x;
	return head;
}

int main(void)
{
	/* Read x, then build the list in input order (keep a tail pointer
	 * so each append is quick), call remove_all, print, free. */
	(void)remove_all;
	return 0;
}
