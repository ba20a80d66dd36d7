#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

static char opener(char close)
{
	return close == ')' ? '(' : close == ']' ? '[' : '{';
}

bool is_balanced(const char *text)
{
	size_t n = strlen(text), depth = 0;
	char *stack = malloc(n + 1);
	bool ok = true;

	if (!stack)
		return false;
	for (size_t i = 0; ok && i < n; i++) {
		char ch = text[i];

		if (ch == '(' || ch == '[' || ch == '{')
			stack[depth++] = ch;
		else if (ch == ')' || ch == ']' || ch == '}')
			ok = depth > 0 && stack[--depth] == opener(ch);
	}
	free(stack);
	return ok && depth == 0;
}
