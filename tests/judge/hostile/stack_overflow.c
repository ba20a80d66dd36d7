/*
 * Attack: overflow the stack by unbounded recursion with a large frame
 * the compiler cannot turn into a loop (volatile buffer used after the
 * call).
 * Expected: RE (SIGSEGV); never a hang or an internal error.
 */
static long long h_deep(long long n)
{
	volatile char frame[4096];

	frame[n % 4096] = (char)n;
	return h_deep(n + 1) + frame[(n + 1) % 4096];
}

long long add(long long a, long long b)
{
	return h_deep(a) + b;
}
