/*
 * Attack: change the host name and domain name.
 * Expected: AC (fails, or changes only the sandbox's UTS namespace) or
 * SV; the test checks the host name is unchanged.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <unistd.h>

long long add(long long a, long long b)
{
	printf("sethostname %d\n", sethostname("tutor-hostile-pwned", 19));
	printf("setdomainname %d\n", setdomainname("pwned", 5));
	return a + b;
}
