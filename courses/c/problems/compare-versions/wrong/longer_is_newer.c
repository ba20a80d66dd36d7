/* Compares part by part but stops as soon as one version runs out and
 * then calls the longer one newer: "1.0" is judged newer than "1". */
#include <stdlib.h>

long long compare_versions(const char *a, const char *b)
{
	char *end_a, *end_b;

	while (*a != '\0' && *b != '\0') {
		unsigned long long x = strtoull(a, &end_a, 10);
		unsigned long long y = strtoull(b, &end_b, 10);

		if (x != y)
			return x < y ? -1 : 1;
		a = *end_a == '.' ? end_a + 1 : end_a;
		b = *end_b == '.' ? end_b + 1 : end_b;
	}
	if (*a != '\0')
		return 1;
	if (*b != '\0')
		return -1;
	return 0;
}
