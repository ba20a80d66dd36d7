#include <stdlib.h>
#include <string.h>

struct tally {
	long long value;
	size_t count;
};

static int by_value(const void *a, const void *b)
{
	long long x = *(const long long *)a, y = *(const long long *)b;

	return (x > y) - (x < y);
}

static int by_count_then_value(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return (x->value > y->value) - (x->value < y->value);
}

long long *by_frequency(const long long *xs, size_t xs_len, size_t *out_len)
{
	size_t cap = xs_len ? xs_len : 1, n = 0;
	long long *sorted = malloc(cap * sizeof(*sorted));
	struct tally *t = malloc(cap * sizeof(*t));

	if (!sorted || !t) {
		free(sorted);
		free(t);
		return NULL;
	}
	if (xs_len)
		memcpy(sorted, xs, xs_len * sizeof(*sorted));
	qsort(sorted, xs_len, sizeof(*sorted), by_value);
	for (size_t i = 0; i < xs_len; i++) {
		if (n > 0 && t[n - 1].value == sorted[i]) {
			t[n - 1].count++;
		} else {
			t[n].value = sorted[i];
			t[n++].count = 1;
		}
	}
	qsort(t, n, sizeof(*t), by_count_then_value);
	for (size_t i = 0; i < n; i++)
		sorted[i] = t[i].value;
	free(t);
	*out_len = n;
	return sorted;
}
