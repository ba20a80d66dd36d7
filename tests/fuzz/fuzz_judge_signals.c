/* fuzz_judge_signals.c - libFuzzer target for the source scan behind the
 * misconception signals and the code review: any bytes, read as Python
 * and as C source (and as compiler/runtime diagnostics), must give tags
 * and findings within their caps, each string NUL-terminated, never a
 * crash. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/judge_signals.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct tu_signal_input *in)
{
	struct tu_judge_tag tags[TU_SIGNALS_MAX];
	struct tu_review_finding rev[TU_REVIEW_MAX];
	size_t nt = 0, nr = 0;

	if (tu_judge_signals(in, tags, &nt, TU_SIGNALS_MAX) != nt ||
	    nt > TU_SIGNALS_MAX)
		abort();
	if (tu_judge_review(in, rev, &nr, TU_REVIEW_MAX) != nr ||
	    nr > TU_REVIEW_MAX)
		abort();
	for (size_t i = 0; i < nt; i++)
		if (!memchr(tags[i].evidence, '\0', sizeof(tags[i].evidence)) ||
		    !memchr(tags[i].tag, '\0', sizeof(tags[i].tag)))
			abort();
	for (size_t i = 0; i < nr; i++)
		if (!memchr(rev[i].message, '\0', sizeof(rev[i].message)) ||
		    rev[i].line < 0)
			abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1);
	struct tu_signal_case c = {
		"fuzz", TU_VERDICT_WA, "RecursionError",
		"maximum recursion depth exceeded", "{\"xs\": []}", "[1, 2]",
		"[1]"
	};
	struct tu_signal_input in = { TU_LANG_PYTHON, NULL, size, NULL, NULL,
				      &c, 1 };

	if (!text)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	in.source = text;
	check(&in);
	in.lang = TU_LANG_C;
	in.compiler_diagnostics = text;
	in.runtime_stderr = text;
	c.verdict = TU_VERDICT_TLE;
	check(&in);
	free(text);
	return 0;
}
