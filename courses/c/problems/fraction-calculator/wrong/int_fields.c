/* Keeps numerator and denominator in int fields.  The inputs fit, but
 * cross products such as a * d (up to 10^12) overflow 32 bits. */
#include <stdio.h>

struct frac {
	int num, den;
};

static int gcd(int a, int b)
{
	if (a < 0)
		a = -a;
	if (b < 0)
		b = -b;
	while (b != 0) {
		int t = a % b;

		a = b;
		b = t;
	}
	return a;
}

/* Lowest terms with a positive denominator (den must not be 0). */
static struct frac normal(struct frac f)
{
	int g = gcd(f.num, f.den);

	f.num /= g;
	f.den /= g;
	if (f.den < 0) {
		f.num = -f.num;
		f.den = -f.den;
	}
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
		struct frac x = normal((struct frac){(int)a, (int)b});
		struct frac y = normal((struct frac){(int)c, (int)d});
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
			printf("%d\n", r.num);
		else
			printf("%d/%d\n", r.num, r.den);
	}
	return 0;
}
