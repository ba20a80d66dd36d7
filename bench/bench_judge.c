/*
 * bench_judge.c - judge throughput.  Writes a 10-case function problem
 * (sum of a list) to a temporary directory and measures:
 *   python_seq_submissions_per_second   one submission after another
 *   python_2workers_submissions_per_second   two worker processes, each
 *                                       with its own sandbox uid slot
 *   c_seconds_per_submission            compile + run, sequential
 *   python_stdio_seconds_per_submission 10 cases, one run per case
 * Usage: bench_judge [SECONDS_PER_MEASURE] (default 5).  Prints one
 * "key value" line per measure.  Benchmarks may read the clock.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/wait.h>
#include <unistd.h>
#include "tutor/judge.h"

static const char py_src[] = "def total(xs):\n    s = 0\n    for x in xs:\n"
			     "        s += x\n    return s\n";
static const char c_src[] = "#include <stddef.h>\nlong long total(const "
			    "long long *xs, size_t xs_len)\n{\n\tlong long s = "
			    "0;\n\tfor (size_t i = 0; i < xs_len; i++)\n"
			    "\t\ts += xs[i];\n\treturn s;\n}\n";
static const char stdio_src[] = "import sys\nprint(sum(int(x) for x in "
				"sys.stdin.read().split()))\n";

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + 1e-9 * (double)ts.tv_nsec;
}

static int write_problem(const char *dir, bool stdio)
{
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/problem.json", dir);
	f = fopen(path, "w");
	if (!f)
		return -1;
	fprintf(f, "{\"format\": 1, \"id\": \"bench\", \"kind\": \"%s\", ",
		stdio ? "stdio" : "function");
	if (!stdio)
		fputs("\"function\": {\"name\": \"total\", \"params\": [{\"name\":"
		      " \"xs\", \"type\": \"list[int]\"}], \"returns\": \"int\"}, ",
		      f);
	fputs("\"cases\": [", f);
	for (int i = 0; i < 10; i++) {
		if (stdio)
			fprintf(f, "%s{\"name\": \"c%d\", \"stdin\": \"%d %d\\n\", "
				"\"expected_stdout\": \"%d\\n\"}", i ? ", " : "",
				i, i, i + 1, 2 * i + 1);
		else
			fprintf(f, "%s{\"name\": \"c%d\", \"input\": {\"xs\": "
				"[%d, %d, 3]}, \"expected\": %d}", i ? ", " : "",
				i, i, i + 1, 2 * i + 4);
	}
	fputs("]}\n", f);
	return fclose(f);
}

struct worker {
	const struct tu_problem *p;
	enum tu_lang lang;
	const char *src;
	struct tu_judge_config cfg;
	double seconds;
	long done, not_ac;
};

static void work(struct worker *w)
{
	double t0 = now();

	while (now() - t0 < w->seconds) {
		struct tu_judge_result r;
		struct tu_err err = TU_ERR_INIT;

		if (tu_judge_submit(w->p, w->lang, w->src, strlen(w->src),
				    &w->cfg, &r, &err) != TU_OK) {
			fprintf(stderr, "bench_judge: %s\n", err.msg);
			break;
		}
		if (r.verdict != TU_VERDICT_AC && w->not_ac++ == 0)
			fprintf(stderr, "bench_judge: verdict %s: %s\n",
				tu_verdict_name(r.verdict), r.message);
		tu_judge_result_release(&r);
		w->done++;
	}
}

/*
 * Runs n worker processes for seconds; returns submissions per second.
 * Processes, not threads: tu_sandbox_run forks from the calling process,
 * and a fork from a multi-threaded process can inherit a lock another
 * thread held (see docs/judge.md, "Known limits").
 */
static double measure(const struct tu_problem *p, enum tu_lang lang,
		      const char *src, int n, double seconds, long *not_ac)
{
	double t0 = now(), el;
	long done = 0;
	int fds[2][2];
	pid_t pid[2];

	*not_ac = 0;
	for (int i = 0; i < n; i++) {
		struct worker w;

		if (pipe(fds[i]) != 0)
			return 0;
		pid[i] = fork();
		if (pid[i] == 0) {
			long msg[2];

			memset(&w, 0, sizeof(w));
			w.p = p;
			w.lang = lang;
			w.src = src;
			tu_judge_config_default(&w.cfg);
			w.cfg.uid_slot = 950u + (unsigned)i;
			w.seconds = seconds;
			work(&w);
			msg[0] = w.done;
			msg[1] = w.not_ac;
			_exit(write(fds[i][1], msg, sizeof(msg)) ==
			      (ssize_t)sizeof(msg) ? 0 : 1);
		}
		close(fds[i][1]);
	}
	for (int i = 0; i < n; i++) {
		long msg[2] = { 0, 0 };

		if (read(fds[i][0], msg, sizeof(msg)) != (ssize_t)sizeof(msg))
			fprintf(stderr, "bench_judge: worker %d failed\n", i);
		close(fds[i][0]);
		waitpid(pid[i], NULL, 0);
		done += msg[0];
		*not_ac += msg[1];
	}
	el = now() - t0;
	return (double)done / el;
}

int main(int argc, char **argv)
{
	double seconds = argc > 1 ? atof(argv[1]) : 5.0;
	char dir[] = "/tmp/tu-bench-judge-XXXXXX", sdir[] =
		"/tmp/tu-bench-judge-stdio-XXXXXX";
	struct tu_problem *p = NULL, *ps = NULL;
	struct tu_err err = TU_ERR_INIT;
	long bad = 0, b;
	double r;

	if (!mkdtemp(dir) || !mkdtemp(sdir) || write_problem(dir, false) ||
	    write_problem(sdir, true) ||
	    tu_problem_load(dir, &p, &err) || tu_problem_load(sdir, &ps, &err)) {
		fprintf(stderr, "bench_judge: setup: %s\n", err.msg);
		return 1;
	}
	r = measure(p, TU_LANG_PYTHON, py_src, 1, seconds, &b);
	bad += b;
	printf("python_seq_submissions_per_second %.1f\n", r);
	r = measure(p, TU_LANG_PYTHON, py_src, 2, seconds, &b);
	bad += b;
	printf("python_2workers_submissions_per_second %.1f\n", r);
	r = measure(p, TU_LANG_C, c_src, 1, seconds, &b);
	bad += b;
	printf("c_seconds_per_submission %.3f\n", 1.0 / r);
	r = measure(p, TU_LANG_C, c_src, 2, seconds, &b);
	bad += b;
	printf("c_2workers_submissions_per_second %.1f\n", r);
	r = measure(ps, TU_LANG_PYTHON, stdio_src, 1, seconds, &b);
	bad += b;
	printf("python_stdio_seconds_per_submission %.3f\n", 1.0 / r);
	printf("not_ac %ld\n", bad);
	tu_problem_free(p);
	tu_problem_free(ps);
	snprintf(err.msg, sizeof(err.msg), "rm -rf '%s' '%s'", dir, sdir);
	if (system(err.msg) != 0)
		return 1;
	return bad ? 1 : 0;
}
