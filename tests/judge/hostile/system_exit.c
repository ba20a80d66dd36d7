/*
 * Attack: exit(0) inside the function, hoping a clean exit status passes
 * for success.
 * Expected: RE (no value came back); never AC.
 */
#include <stdlib.h>

long long add(long long a, long long b)
{
	(void)a;
	(void)b;
	exit(0);
}
