/* One counter per kind of bracket: the order between kinds is never
 * checked, so crossed pairs such as "([)]" pass. */
#include <stdbool.h>

bool is_balanced(const char *text)
{
	long round = 0, square = 0, curly = 0;

	for (; *text != '\0'; text++) {
		round += (*text == '(') - (*text == ')');
		square += (*text == '[') - (*text == ']');
		curly += (*text == '{') - (*text == '}');
		if (round < 0 || square < 0 || curly < 0)
			return false;
	}
	return round == 0 && square == 0 && curly == 0;
}
