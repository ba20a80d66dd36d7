/*
 * fuzz_event_payload.c - libFuzzer target for the event payload decoder
 * (tutor/event.h).  The first byte picks the event type, the rest is the
 * payload.  A payload that decodes must encode, decode again and encode
 * to the same bytes (the codec's stability promise); anything else
 * aborts.  Everything is released, so LeakSanitizer checks error paths.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "tutor/event.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static void check_stable(const struct tu_event_in *ev)
{
	struct tu_event_in back;
	char *a = NULL, *b = NULL;
	size_t la, lb;

	if (tu_event_payload_encode(ev, &a, &la, NULL) != TU_OK)
		abort();
	tu_event_in_init(&back);
	if (tu_event_payload_decode(ev->type, ev->at, a, la, &back, NULL))
		abort();
	if (tu_event_payload_encode(&back, &b, &lb, NULL) != TU_OK)
		abort();
	if (la != lb || memcmp(a, b, la) != 0)
		abort();
	tu_event_in_release(&back);
	free(a);
	free(b);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tu_event_in ev;
	enum tu_event_type t;

	if (size < 1)
		return 0;
	t = (enum tu_event_type)(data[0] % TU_EV_TYPES);
	tu_event_in_init(&ev);
	if (tu_event_payload_decode(t, 0, (const char *)data + 1, size - 1, &ev,
				    NULL) == TU_OK)
		check_stable(&ev);
	tu_event_in_release(&ev);
	return 0;
}
