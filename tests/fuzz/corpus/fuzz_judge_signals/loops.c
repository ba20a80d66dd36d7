int f(int n)
{
	int *p = malloc(4);
	while (n) { }
	return f(n-1);
}
