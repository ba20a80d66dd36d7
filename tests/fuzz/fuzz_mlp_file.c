/* fuzz_mlp_file.c - libFuzzer target: the model-file parser
 * (tu_mlp_parse) on arbitrary bytes must either succeed with a
 * consistent model or fail cleanly, naming the input and leaving the
 * model empty.  Each input is parsed twice: as it is, and with a correct
 * "blake2b <hex>" line appended, so that mutations reach the key and
 * parameter parsers behind the checksum. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/hash.h"
#include "tutor/mlp.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* A parsed model must be usable: sizes in range, finite parameters. */
static void check(const struct tu_mlp *m)
{
	double x[TU_MLP_MAX_WIDTH] = { 0 };

	if (m->n_in < 1 || m->n_in > TU_MLP_MAX_WIDTH ||
	    m->n_hidden > TU_MLP_MAX_LAYERS || !m->w || m->n_params == 0 ||
	    memchr(m->feature_set, '\0', sizeof(m->feature_set)) == NULL)
		abort();
	for (size_t j = 0; j < m->n_params; j++)
		if (!isfinite(m->w[j]))
			abort();
	(void)tu_mlp_score(m, x);
}

static void parse_one(const char *buf, size_t len)
{
	struct tu_mlp m;
	struct tu_err err = TU_ERR_INIT;

	tu_mlp_init(&m);
	if (tu_mlp_parse(&m, buf, len, "fuzz", &err) != TU_OK) {
		if (m.w != NULL || m.n_params != 0 ||
		    strncmp(err.msg, "fuzz", 4) != 0)
			abort();
		return;
	}
	check(&m);
	tu_mlp_release(&m);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char hex[TU_HASH_HEX_LEN + 1], *b;

	parse_one((const char *)data, size);
	if (size > (1u << 20))
		return 0;
	b = malloc(size + 8 + TU_HASH_HEX_LEN + 1);
	if (!b)
		return 0;
	if (size)
		memcpy(b, data, size);
	tu_hash_hex(b, size, hex);
	memcpy(b + size, "blake2b ", 8);
	memcpy(b + size + 8, hex, TU_HASH_HEX_LEN);
	b[size + 8 + TU_HASH_HEX_LEN] = '\n';
	parse_one(b, size + 8 + TU_HASH_HEX_LEN + 1);
	free(b);
	return 0;
}
