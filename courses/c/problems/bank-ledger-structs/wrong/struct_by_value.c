/* The helpers receive a struct account by value: they change a copy,
 * and the array in main never sees the new balances. */
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

static void deposit(struct account a, long long amount)
{
	a.balance += amount;
}

static int take(struct account a, long long amount)
{
	if (a.balance < amount)
		return 0;
	a.balance -= amount;
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
		int a = find(accts, n, who);

		if (strcmp(op, "transfer") == 0) {
			if (scanf("%15s %lld", to, &amount) != 2)
				return 1;
			if (take(accts[a], amount))
				deposit(accts[find(accts, n, to)], amount);
			else
				printf("refused %d\n", k);
		} else {
			if (scanf("%lld", &amount) != 1)
				return 1;
			if (strcmp(op, "deposit") == 0)
				deposit(accts[a], amount);
			else if (!take(accts[a], amount))
				printf("refused %d\n", k);
		}
	}
	for (int i = 0; i < n; i++)
		printf("%s %lld\n", accts[i].name, accts[i].balance);
	return 0;
}
