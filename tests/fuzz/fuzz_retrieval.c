/* fuzz_retrieval.c - libFuzzer target for the retriever's handling of
 * outside text (learner questions become queries; course files become
 * documents): any bytes are tokenized, indexed as documents and searched
 * as a query without a crash or leak, every score finite, hits in order. */
#include <math.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/retrieval.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void count_tok(void *ctx, const char *tok, size_t len)
{
	if (len == 0 || strlen(tok) != len || len >= TU_RETR_TOKEN_MAX)
		abort();
	(*(size_t *)ctx)++;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tu_retr_index ix;
	struct tu_retr_config cfg;
	struct tu_retr_doc docs[3];
	struct tu_retr_query q;
	struct tu_retr_hit hits[3];
	struct tu_err err = TU_ERR_INIT;
	size_t n = 0, third = size / 3;
	char *text = malloc(size + 1);

	if (!text || size > 4096) {
		free(text);
		return 0;
	}
	memcpy(text, data, size);
	text[size] = '\0';
	tu_retr_tokenize(text, size, count_tok, &n);
	memset(docs, 0, sizeof(docs));
	docs[0] = (struct tu_retr_doc){ "a", { text, "", "" } };
	docs[1] = (struct tu_retr_doc){ "b", { "", text + third, "" } };
	docs[2] = (struct tu_retr_doc){ "c", { "", "", text + 2 * third } };
	tu_retr_config_default(&cfg);
	cfg.rank = 2;
	tu_retr_index_init(&ix);
	if (tu_retr_index_build(&ix, &cfg, docs, 3, &err) == TU_OK) {
		tu_retr_query_default(&q);
		q.text = text + third;
		q.k = 3;
		n = 0;
		if (tu_retr_search(&ix, &q, hits, &n, &err) == TU_OK)
			for (size_t i = 0; i < n; i++)
				if (!isfinite(hits[i].score) ||
				    (i && hits[i].score > hits[i - 1].score))
					abort();
	} else if (err.msg[0] == '\0') {
		abort();
	}
	tu_retr_index_release(&ix);
	free(text);
	return 0;
}
