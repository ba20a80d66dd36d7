/*
 * api_idem.c - the Idempotency-Key header of the POST endpoints that
 * write (submissions, hints): a client-chosen id, 1..64 bytes of
 * [A-Za-z0-9_.:-], that makes a retried request apply once and answer
 * what the first one answered (docs/api.md).  The key becomes the
 * request id of the events (tutor/orch.h) or of the judge job
 * (tutor/store.h), so it holds across servers and restarts.
 *
 * What it is not: no storage of answers; the event log is the record.
 */
#include <string.h>

#include "api.h"

static bool key_char_ok(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-' ||
	       c == ':';
}

int tu_api_idem_key(const struct tu_http_req *req,
		    char key[TU_API_IDEM_KEY_MAX + 1],
		    struct tu_http_resp *resp)
{
	const char *v = req->idempotency_key;
	size_t n;

	key[0] = '\0';
	if (!v)
		return 0;
	n = strnlen(v, TU_API_IDEM_KEY_MAX + 1);
	for (size_t i = 0; i < n; i++)
		if (!key_char_ok(v[i]))
			n = 0;
	if (n == 0 || n > TU_API_IDEM_KEY_MAX) {
		tu_http_error(resp, 400, "bad_request", "Idempotency-Key: "
			      "must be 1..%d bytes of [A-Za-z0-9_.:-]",
			      TU_API_IDEM_KEY_MAX);
		return -1;
	}
	memcpy(key, v, n);
	key[n] = '\0';
	return 0;
}
