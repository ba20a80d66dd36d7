/* fuzz_course_ini.c - libFuzzer target for the course .ini parser
 * (src/content/ini.c): any bytes must give TU_OK or an error with a
 * message and an empty result, never a crash or leak; a successful parse
 * must hold only well-formed sections and keys in line order. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/utf8.h"
#include "content_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_section(const struct tu__ini_section *s, int prev_line)
{
	if (!s->kind[0] || s->line <= prev_line)
		abort();
	for (size_t j = 0; j < s->n_keys; j++) {
		const struct tu__ini_key *k = &s->keys[j];

		if (!k->key[0] || !k->value || strlen(k->value) != k->len ||
		    k->line <= s->line || (j > 0 && k->line <= s->keys[j - 1].line))
			abort();
		for (size_t i = 0; i < j; i++)
			if (strcmp(s->keys[i].key, k->key) == 0)
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tu__ini ini;
	struct tu_err err = TU_ERR_INIT;
	size_t bad;

	if (tu__ini_parse(&ini, (const char *)data, size, "fuzz.ini", &err) ==
	    TU_OK) {
		for (size_t i = 0; i < ini.n_sec; i++)
			check_section(&ini.sec[i], i ? ini.sec[i - 1].line : 0);
	} else if (err.msg[0] == '\0' || ini.n_sec != 0 || ini.sec) {
		abort();
	}
	tu__ini_release(&ini);
	(void)tu_utf8_valid((const char *)data, size, &bad);
	return 0;
}
