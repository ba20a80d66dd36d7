/* fuzz_assist_guard.c - libFuzzer target for the guardrails that every
 * LLM answer and every piece of learner text passes through
 * (src/assist/guard.c, tutor/assist.h): quoting untrusted text for a
 * prompt, stripping code blocks from an answer, and the leak check.
 * Invariants: the quote of any text contains exactly one opening and one
 * closing delimiter (the learner cannot close the quote early);
 * stripping is idempotent and never lengthens the text; the leak check
 * never crashes on any pair of texts. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/assist.h"
#include "tutor/leak.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static size_t count(const char *hay, const char *needle)
{
	size_t n = 0;

	for (const char *p = strstr(hay, needle); p;
	     p = strstr(p + 1, needle))
		n++;
	return n;
}

static void check_quote(const char *text)
{
	char *q = tu_assist_quote(text, 1u << 16);

	if (!q)
		return;
	if (count(q, "<<<LEARNER_DATA") != 1 || count(q, "LEARNER_DATA>>>") != 1)
		abort();
	free(q);
}

static void check_strip(const char *text)
{
	char *a = strdup(text), *b;
	size_t before = strlen(text);

	if (!a)
		return;
	tu_assist_strip_code(a);
	if (strlen(a) > before)
		abort();
	b = strdup(a);
	if (b) {
		if (tu_assist_strip_code(b) || strcmp(a, b) != 0)
			abort();   /* a second strip changes nothing */
		free(b);
	}
	free(a);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	size_t half = size / 2;
	char shared[64];

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	check_quote(text);
	check_strip(text);
	/* first half as a hint, second half as a solution */
	text[half] = '\0';
	(void)tu_hint_leaks(text, text + half + (size > half), 8, shared,
			    sizeof(shared));
	free(text);
	return 0;
}
