#include <stdio.h>
#include <string.h>

struct account {
	char name[16];
	long long balance;
};

/* Index of the account called name, or -1.  Compare names with strcmp. */
static int find(const struct account *accts, int n, const char *name)
{
	(void)accts;
	(void)n;
	(void)name;
	return -1;
}

int main(void)
{
	/* Read the accounts, then apply each operation.  Functions that
	 * change an account should receive a pointer to it. */
	(void)find;
	return 0;
}
