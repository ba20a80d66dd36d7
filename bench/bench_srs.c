/* bench_srs.c - per-review latency of SM-2 and FSRS-6 updates, and the
 * FSRS fit on the josh log when TUTOR_SHARED is set.  Run by hand:
 *   build-c/bench/bench_srs */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include "tutor/fsrs.h"
#include "tutor/revlog.h"
#include "tutor/srs.h"

#define N 2000000

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static void bench_updates(void)
{
	struct tu_sm2_config cfg;
	struct tu_review_item it;
	struct tu_fsrs_params p;
	struct tu_fsrs_state st = { 0, 0 };
	double t0, sink = 0;

	tu_sm2_config_init(&cfg);
	tu_fsrs_params_default(&p);
	memset(&it, 0, sizeof(it));
	it.ease_factor = 2.5;
	t0 = now();
	for (int i = 0; i < N; i++) {
		if (i % 20 == 0)
			it.repetitions = 0, it.interval_days = 0;
		tu_sm2_apply(&cfg, &it, 3 + i % 3, (uint32_t)(i % 3), i, NULL,
			     NULL);
	}
	printf("sm2 apply      %.1f ns/review\n", (now() - t0) / N * 1e9);
	t0 = now();
	for (int i = 0; i < N; i++) {
		if (i % 20 == 0)
			st.s = st.d = 0;
		tu_fsrs_next_state(&p, &st, i % 7, 1 + i % 4, &st);
		sink += st.s;
	}
	printf("fsrs update    %.1f ns/review (%g)\n", (now() - t0) / N * 1e9,
	       sink > 0 ? 1.0 : 0.0);
}

static void bench_fit(void)
{
	const char *sh = getenv("TUTOR_SHARED");
	char path[1024];
	struct tu_revlog log;
	struct tu_fsrs_dataset ds;
	struct tu_fsrs_fit_config cfg;
	struct tu_fsrs_params def, out;
	size_t *o;
	double t0;

	if (!sh)
		return;
	snprintf(path, sizeof(path), "%s/data/srs/anki-josh/review_logs_josh_"
		 "1711744352250_to_1728234780857.csv", sh);
	tu_revlog_init(&log);
	tu_fsrs_dataset_init(&ds);
	t0 = now();
	if (tu_revlog_read_file(&log, path, NULL))
		return;
	printf("read josh      %.1f ms (%zu rows)\n", (now() - t0) * 1e3,
	       log.n);
	o = tu_revlog_time_order(&log);
	tu_fsrs_dataset_from_revlog(&ds, &log, o, log.n, TU_DAYS_24H, 0, 64,
				    NULL);
	tu_fsrs_params_default(&def);
	tu_fsrs_fit_config_init(&cfg);
	t0 = now();
	tu_fsrs_fit(&ds, &cfg, &def, &out, NULL, NULL, NULL);
	printf("fsrs fit josh  %.1f ms\n", (now() - t0) * 1e3);
	free(o);
	tu_fsrs_dataset_release(&ds);
	tu_revlog_release(&log);
}

int main(void)
{
	bench_updates();
	bench_fit();
	return 0;
}
