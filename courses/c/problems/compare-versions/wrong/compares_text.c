/* Compares the versions as text: '1' < '9', so "1.10" comes out older
 * than "1.9", and "01" differs from "1". */
#include <string.h>

long long compare_versions(const char *a, const char *b)
{
	int c = strcmp(a, b);

	return c < 0 ? -1 : c > 0 ? 1 : 0;
}
