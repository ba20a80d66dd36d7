/* The comparison looks at the counts only; equal counts come out in
 * whatever order the values were first seen. */
#include <stdlib.h>

struct tally {
	long long value;
	size_t count;
	size_t first;
};

static int by_count(const void *a, const void *b)
{
	const struct tally *x = a, *y = b;

	if (x->count != y->count)
		return x->count < y->count ? 1 : -1;
	return (x->first > y->first) - (x->first < y->first);
}

long long *by_frequency(const long long *xs, size_t xs_len, size_t *out_len)
{
	size_t cap = xs_len ? xs_len : 1, n = 0;
	struct tally *t = malloc(cap * sizeof(*t));
	long long *out = malloc(cap * sizeof(*out));

	if (!t || !out) {
		free(t);
		free(out);
		return NULL;
	}
	for (size_t i = 0; i < xs_len; i++) {
		size_t j = 0;

		while (j < n && t[j].value != xs[i])
			j++;
		if (j == n)
			t[n++] = (struct tally){ xs[i], 0, i };
		t[j].count++;
	}
	qsort(t, n, sizeof(*t), by_count);
	for (size_t i = 0; i < n; i++)
		out[i] = t[i].value;
	free(t);
	*out_len = n;
	return out;
}
