/* fuzz_llm_sse.c - libFuzzer target for the SSE parser (src/llm/sse.c).
 * The first byte picks a chunk size (1..16) and an event limit (64 or
 * 4096); the rest is the stream.  Fed whole and fed in chunks, the parser
 * must deliver the same events and end in the same status; every event
 * is NUL-terminated, within the limit, and never crashes or leaks. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/llm.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

struct trace {
	uint64_t hash;     /* FNV-1a over every event and its length */
	size_t n, max;
};

static int on_data(void *ud, const char *d, size_t len)
{
	struct trace *t = ud;

	if (len == 0 || len > t->max || d[len] != '\0')
		abort();
	for (size_t i = 0; i < len; i++)
		t->hash = (t->hash ^ (uint8_t)d[i]) * 1099511628211ull;
	t->hash = (t->hash ^ len) * 1099511628211ull;
	t->n++;
	return 0;
}

static enum tu_status run(const char *s, size_t n, size_t step, size_t max,
			  struct trace *t)
{
	struct tu_sse sse;
	struct tu_err err = TU_ERR_INIT;
	enum tu_status rc = TU_OK;

	t->hash = 1469598103934665603ull;
	t->n = 0;
	t->max = max;
	tu_sse_init(&sse, max);
	for (size_t i = 0; i < n && rc == TU_OK; i += step)
		rc = tu_sse_feed(&sse, s + i, i + step > n ? n - i : step,
				 on_data, t, &err);
	if (rc != TU_OK && err.msg[0] == '\0')
		abort();
	tu_sse_release(&sse);
	return rc;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct trace whole, chunked;
	size_t step, max;
	enum tu_status a, b;

	if (size < 1)
		return 0;
	step = (size_t)(data[0] & 15) + 1;
	max = data[0] & 16 ? 64 : 4096;
	a = run((const char *)data + 1, size - 1, size, max, &whole);
	b = run((const char *)data + 1, size - 1, step, max, &chunked);
	if (a != b || whole.n != chunked.n || whole.hash != chunked.hash)
		abort();
	return 0;
}
