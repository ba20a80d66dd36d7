#include <stdio.h>
#include <string.h>

struct account {
	char name[16];
	long long balance;
};

static int find(const struct account *accts, int n, const char *name)
{
	for (int i = 0; i < n; i++)
		if (strcmp(accts[i].name, name) == 0)
			return i;
	return -1;
}

/* Takes amount out of *a if it is covered; returns 1 on success. */
static int take(struct account *a, long long amount)
{
	if (a->balance < amount)
		return 0;
	a->balance -= amount;
	return 1;
}

int main(void)
{
	static struct account accts[100];
	char op[16], who[16], to[16];
	long long amount;
	int n, m;

	if (scanf("%d", &n) != 1 || n < 1 || n > 100)
		return 1;
	for (int i = 0; i < n; i++)
		if (scanf("%15s %lld", accts[i].name, &accts[i].balance) != 2)
			return 1;
	if (scanf("%d", &m) != 1)
		return 1;
	for (int k = 1; k <= m; k++) {
		if (scanf("%15s %15s", op, who) != 2)
			return 1;
		struct account *a = &accts[find(accts, n, who)];

		if (strcmp(op, "transfer") == 0) {
			if (scanf("%15s %lld", to, &amount) != 2)
				return 1;
			if (take(a, amount))
				accts[find(accts, n, to)].balance += amount;
			else
				printf("refused %d\n", k);
		} else {
			if (scanf("%lld", &amount) != 1)
				return 1;
			if (strcmp(op, "deposit") == 0)
				a->balance += amount;
			else if (!take(a, amount))
				printf("refused %d\n", k);
		}
	}
	for (int i = 0; i < n; i++)
		printf("%s %lld\n", accts[i].name, accts[i].balance);
	return 0;
}
