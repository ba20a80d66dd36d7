/* Reduces to lowest terms but never moves a minus sign from the
 * denominator to the numerator: 1/2 / -1/3 prints 3/-2 instead of -3/2,
 * and a zero result can come out as 0/-1. */
#include <stdio.h>

struct frac {
	long long num, den;
};

static long long gcd(long long a, long long b)
{
	if (a < 0)
		a = -a;
	if (b < 0)
		b = -b;
	while (b != 0) {
		long long t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* Lowest terms (den must not be 0). */
static struct frac normal(struct frac f)
{
	long long g = gcd(f.num, f.den);

	f.num /= g;
	f.den /= g;
	return f;
}

static struct frac add(struct frac x, struct frac y)
{
	return normal((struct frac){x.num * y.den + y.num * x.den,
				    x.den * y.den});
}

static struct frac neg(struct frac x)
{
	return (struct frac){-x.num, x.den};
}

static struct frac mul(struct frac x, struct frac y)
{
	return normal((struct frac){x.num * y.num, x.den * y.den});
}

/* y must not be zero. */
static struct frac divide(struct frac x, struct frac y)
{
	return mul(x, (struct frac){y.den, y.num});
}

int main(void)
{
	long long a, b, c, d;
	char op;

	while (scanf("%lld/%lld %c %lld/%lld", &a, &b, &op, &c, &d) == 5) {
		struct frac x = normal((struct frac){a, b});
		struct frac y = normal((struct frac){c, d});
		struct frac r;

		if (op == '+') {
			r = add(x, y);
		} else if (op == '-') {
			r = add(x, neg(y));
		} else if (op == '*') {
			r = mul(x, y);
		} else if (y.num == 0) {
			puts("undefined");
			continue;
		} else {
			r = divide(x, y);
		}
		if (r.den == 1)
			printf("%lld\n", r.num);
		else
			printf("%lld/%lld\n", r.num, r.den);
	}
	return 0;
}
