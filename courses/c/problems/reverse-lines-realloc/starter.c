#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Plan:
 *  - read one line of any length into a buffer that grows with realloc;
 *  - keep the lines in an array of char * that also grows with realloc;
 *  - print the array from the end to the start, then free everything. */
int main(void)
{
	return 0;
}
