#include <stdio.h>

struct point {
	char name[16];
	long long x, y;
};

static long long dist2(const struct point *p)
{
	return p->x * p->x + p->y * p->y;
}

int main(void)
{
	static struct point pts[1000];
	int n, best = 0;

	if (scanf("%d", &n) != 1 || n < 1 || n > 1000)
		return 1;
	for (int i = 0; i < n; i++) {
		if (scanf("%15s %lld %lld", pts[i].name, &pts[i].x,
			  &pts[i].y) != 3)
			return 1;
		if (dist2(&pts[i]) < dist2(&pts[best]))
			best = i;
	}
	printf("%s\n", pts[best].name);
	return 0;
}
