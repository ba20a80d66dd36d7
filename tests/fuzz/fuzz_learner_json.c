/*
 * fuzz_learner_json.c - libFuzzer target for the learner-state decoder.
 *
 * Decodes the input; on success re-encodes, decodes that again and aborts
 * unless the two states are equal and the second encoding is byte-identical
 * to the first (the codec's round-trip promise).  Everything is released,
 * so LeakSanitizer checks the error paths too.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/learner.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void roundtrip(const struct tu_learner_state *s)
{
	struct tu_learner_state back;
	char *a = NULL, *b = NULL;
	size_t la, lb;

	tu_learner_state_init(&back);
	if (tu_learner_state_encode(s, &a, &la, NULL) != TU_OK)
		abort();
	if (tu_learner_state_decode(a, la, &back, NULL) != TU_OK)
		abort();
	if (!tu_learner_state_equal(s, &back))
		abort();
	if (tu_learner_state_encode(&back, &b, &lb, NULL) != TU_OK)
		abort();
	if (la != lb || memcmp(a, b, la) != 0)
		abort();
	free(a);
	free(b);
	tu_learner_state_release(&back);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tu_learner_state s;
	struct tu_err err = TU_ERR_INIT;

	tu_learner_state_init(&s);
	if (tu_learner_state_decode((const char *)data, size, &s, &err) == TU_OK)
		roundtrip(&s);
	else if (err.code == TU_OK || err.msg[0] != '$')
		abort(); /* every error names a JSON path */
	tu_learner_state_release(&s);
	return 0;
}
