/* fuzz_ktlog.c - libFuzzer target: the KT log TSV parser on arbitrary
 * bytes must either succeed or fail cleanly (and leave the log empty). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include "tutor/ktlog.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct tu_ktlog log;
	struct tu_err err = TU_ERR_INIT;

	tu_ktlog_init(&log);
	if (tu_ktlog_parse(&log, (const char *)data, size, "fuzz", &err) !=
	    TU_OK && (log.n != 0 || log.rows != NULL))
		abort();
	tu_ktlog_release(&log);
	return 0;
}
