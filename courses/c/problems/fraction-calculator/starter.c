#include <stdio.h>

struct frac {
	long long num, den;
};

/* Bring f into normal form: lowest terms, positive denominator. */
static struct frac normal(struct frac f)
{
	return f;
}

int main(void)
{
	long long a, b, c, d;
	char op;

	/* One line at a time: "a/b OP c/d". */
	while (scanf("%lld/%lld %c %lld/%lld", &a, &b, &op, &c, &d) == 5) {
		struct frac x = normal((struct frac){a, b});

		(void)x;
		(void)c;
		(void)d;
	}
	return 0;
}
