/*
 * bench_bkt.c - BKT speed on a knowledge-tracing log (default: the
 * assistments09 train file under $TUTOR_SHARED).  Prints one
 * "key value" line per measure:
 *   parse_seconds, rows, skills,
 *   fit_seconds, fit_em_iterations, fit_em_row_iterations_per_second
 *   (5 restarts, no forgets; rows x E-steps over all skills and restarts
 *   divided by the fit time), the same three for fit_forgets,
 *   replay_predictions_per_second (tu_bkt_predict over the file).
 * Benchmarks may read the clock (CLOCK_MONOTONIC); the library does not.
 */
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include "tutor/bkt.h"
#include "tutor/ktlog.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

/* Rows times E-steps summed over skills and restarts. */
static double row_iterations(const struct tu_bkt_model *m)
{
	double s = 0;

	for (uint32_t k = 0; k < m->n_skills; k++)
		if (m->skills[k].fitted)
			s += (double)m->skills[k].n_rows *
			     (double)m->skills[k].all_iterations;
	return s;
}

static int fit(struct tu_ktlog *log, int forgets, const char *tag,
	       struct tu_bkt_model *m)
{
	struct tu_bkt_config cfg;
	struct tu_err err = TU_ERR_INIT;
	double t0, dt;

	tu_bkt_config_default(&cfg);
	cfg.forgets = forgets;
	t0 = now();
	if (tu_bkt_fit(m, log, &cfg, NULL, &err)) {
		fprintf(stderr, "bench_bkt: %s\n", err.msg);
		return 1;
	}
	dt = now() - t0;
	printf("%s_seconds %.4f\n%s_em_iterations %lu\n", tag, dt, tag,
	       m->iterations);
	printf("%s_em_row_iterations_per_second %.4g\n", tag,
	       row_iterations(m) / dt);
	return 0;
}

static int replay(const struct tu_ktlog *log, const struct tu_bkt_model *m)
{
	double *p = malloc(log->n * sizeof(double));
	double t0 = now();
	int reps = 10;

	if (!p)
		return 1;
	for (int i = 0; i < reps; i++)
		if (tu_bkt_predict(m, log, p, NULL)) {
			free(p);
			return 1;
		}
	printf("replay_predictions_per_second %.4g\n",
	       (double)log->n * reps / (now() - t0));
	free(p);
	return 0;
}

int main(int argc, char **argv)
{
	char path[1024];
	const char *shared = getenv("TUTOR_SHARED");
	struct tu_ktlog log;
	struct tu_bkt_model m;
	struct tu_err err = TU_ERR_INIT;
	double t0;
	int rc;

	snprintf(path, sizeof(path), "%s",
		 argc > 1 ? argv[1] : "");
	if (argc <= 1)
		snprintf(path, sizeof(path),
			 "%s/data/kt/assistments09/preprocessed_data_train.csv",
			 shared ? shared : "../shared");
	tu_ktlog_init(&log);
	t0 = now();
	if (tu_ktlog_read_file(&log, path, &err)) {
		fprintf(stderr, "bench_bkt: %s\n", err.msg);
		return 1;
	}
	printf("parse_seconds %.4f\nrows %zu\nskills %u\n", now() - t0, log.n,
	       log.n_skills);
	tu_bkt_model_init(&m);
	rc = fit(&log, 1, "fit_forgets", &m) || fit(&log, 0, "fit", &m) ||
	     replay(&log, &m);
	tu_bkt_model_release(&m);
	tu_ktlog_release(&log);
	return rc;
}
