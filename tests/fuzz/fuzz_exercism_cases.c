/* fuzz_exercism_cases.c - libFuzzer target for the Exercism importer's
 * reading of canonical-data.json (src/content/exercism_cases.c and
 * exercism_types.c): any bytes go through the big-integer marking, the
 * JSON parse and the case analysis; the result must be TU_OK or an error
 * with a message, never a crash or leak, and a successful analysis must
 * be consistent (every problem's cases supported, public cases within
 * the supported ones). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <jansson.h>
#include "exercism_internal.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check(const struct tu__ex_exercise *e)
{
	for (size_t i = 0; i < e->n_problems; i++) {
		const struct tu__ex_problem *p = &e->problems[i];

		if (p->n_cases < 2 || p->n_public < 1 ||
		    p->n_public > p->n_cases || !p->id[0] || !p->func[0])
			abort();
		for (size_t k = 0; k < p->n_cases; k++)
			if (p->cases[k] >= e->n_cases ||
			    e->cases[p->cases[k]].why)
				abort();
	}
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1), *marked = NULL;
	size_t len = size;
	struct tu__ex_exercise e;
	struct tu_err err = { 0 };
	json_t *root;

	if (!buf)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (!tu__ex_mark_bigints(buf, size, &marked, &len)) {
		free(buf);
		return 0;
	}
	root = json_loadb(marked ? marked : buf, len, JSON_REJECT_DUPLICATES,
			  NULL);
	free(marked);
	free(buf);
	if (!root)
		return 0;
	memset(&e, 0, sizeof(e));
	if (tu__ex_exercise_analyse(&e, "fuzz", root, "ValueError",
				    "canonical-data.json", &err) == TU_OK)
		check(&e);
	else if (!err.msg[0])
		abort();
	tu__ex_exercise_release(&e);
	return 0;
}
