/* fuzz_revlog.c - libFuzzer target for the review-log parser: any bytes
 * must give TU_OK or an error with a message, never a crash or leak, and
 * a successful parse must hold only in-range rows. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "tutor/revlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tu_revlog log;
	struct tu_err err = TU_ERR_INIT;
	size_t *order;

	tu_revlog_init(&log);
	if (tu_revlog_parse(&log, (const char *)data, size, "fuzz", &err) ==
	    TU_OK) {
		for (size_t i = 0; i < log.n; i++)
			if (log.rows[i].rating < 1 || log.rows[i].rating > 4 ||
			    log.rows[i].card_id <= 0 ||
			    log.rows[i].duration_ms < 0)
				abort();
		order = tu_revlog_time_order(&log);
		free(order);
	} else if (err.msg[0] == '\0') {
		abort();
	}
	tu_revlog_release(&log);
	return 0;
}
