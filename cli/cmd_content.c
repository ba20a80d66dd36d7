/*
 * cmd_content.c - `tutor content check DIR` and the dispatch of `tutor
 * content import ...`.
 *
 * check: loads the course (every loader error names file and line),
 * runs the static audit (tutor/content_check.h), then judges every
 * reference solution (must be AC) and every known-wrong solution (must
 * fail a test: WA, RE, TLE ...; a compile error or an internal error is
 * a fault) in the real sandbox, on --jobs worker threads.  Prints the
 * findings, the coverage table (cli/content_report.c) and a summary.
 * Exit 1 when there is an error, or a gap under --strict.
 */
#include <getopt.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/content.h"
#include "tutor/content_check.h"
#include "tutor/judge.h"
#include "commands.h"
#include "content_report.h"

#define JOBS_MAX 16u
#define UID_SLOT_BASE 800u   /* sandbox uid slots of the checker's workers */

struct task {
	const struct tu_course_problem *p;
	enum tu_lang lang;
	const char *wrong;          /* wrong-solution file, NULL = reference */
	enum tu_verdict verdict;
	char detail[TU_CHECK_MSG_MAX];
	bool failed;                /* could not run (detail says why) */
};

struct pool {
	struct task *tasks;
	size_t n, next, done;
	pthread_mutex_t mu;
	struct tu_progress progress;
};

static void check_usage(FILE *out)
{
	fputs("usage: tutor content check [--strict] [--no-judge] [--jobs N] "
	      "[--json] DIR\n\n"
	      "Checks the course in DIR: the loader's validation (file and "
	      "line of\nevery error), the content standard (tests per problem, "
	      "public and hidden\ntests, known-wrong solutions, five distinct "
	      "hints that do not leak the\nreference solution, problems and "
	      "actions per topic), then judges every\nreference solution (must "
	      "pass every test) and every known-wrong solution\n(must fail at "
	      "least one) in the sandbox.  Prints the findings, a coverage\n"
	      "table (topics, problems, tests, actions per kind and Bloom "
	      "level) and a\nsummary.\n\n"
	      "  --strict     gaps against the standard fail the check too\n"
	      "  --no-judge   do not run any solution\n"
	      "  --jobs N     judge on N threads (1-16, default 2)\n"
	      "  --json       print the report as JSON instead of text\n"
	      "  -h, --help   show this help\n\n"
	      "Exit status: 0 clean, 1 errors (or gaps with --strict), "
	      "2 usage error.\n", out);
}

static void content_usage(FILE *out)
{
	fputs("usage: tutor content <command> [options]\n\n"
	      "commands:\n"
	      "  check    validate a course and judge its known answers\n"
	      "  import   convert outside content (exercism) into a course\n\n"
	      "Run 'tutor content <command> --help' for its options.\n", out);
}

/* ------------------------------------------------------------- judging */

static void run_task(struct task *t, unsigned slot)
{
	struct tu_judge_config cfg;
	struct tu_judge_result res;
	struct tu_err err = { 0 };
	char path[TU_CONTENT_PATH_MAX * 2];
	char *src = NULL;
	const char *text = t->p->solution[t->lang];
	size_t len;

	tu_judge_config_default(&cfg);
	cfg.uid_slot = slot;
	if (t->wrong) {
		snprintf(path, sizeof(path), "%s/%s", t->p->dir, t->wrong);
		text = src = cli_read_source(path, &len);
		if (!src) {
			t->failed = true;
			snprintf(t->detail, sizeof(t->detail), "cannot read "
				 "%.400s", path);
			return;
		}
	}
	if (tu_judge_submit(t->p->judge, t->lang, text, strlen(text), &cfg,
			    &res, &err) != TU_OK) {
		t->failed = true;
		snprintf(t->detail, sizeof(t->detail), "%s", err.msg);
		free(src);
		return;
	}
	t->verdict = res.verdict;
	cli_content_verdict_detail(&res, t->detail, sizeof(t->detail));
	tu_judge_result_release(&res);
	free(src);
}

struct worker_arg {
	struct pool *pool;
	unsigned slot;
};

static void *worker(void *arg)
{
	struct worker_arg *w = arg;
	struct pool *P = w->pool;

	for (;;) {
		size_t i;

		pthread_mutex_lock(&P->mu);
		i = P->next < P->n ? P->next++ : P->n;
		pthread_mutex_unlock(&P->mu);
		if (i == P->n)
			return NULL;
		run_task(&P->tasks[i], w->slot);
		pthread_mutex_lock(&P->mu);
		P->done++;
		tu_progress_report(&P->progress, "judging solutions", P->done,
				   P->n);
		pthread_mutex_unlock(&P->mu);
	}
}

static size_t count_tasks(const struct tu_course *c)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n_problems; i++) {
		for (size_t l = 0; l < TU_LANGS; l++)
			n += c->problems[i].solution[l] != NULL;
		n += c->problems[i].n_wrong;
	}
	return n;
}

static void fill_tasks(const struct tu_course *c, struct task *t)
{
	size_t n = 0;

	for (size_t i = 0; i < c->n_problems; i++) {
		const struct tu_course_problem *p = &c->problems[i];

		for (size_t l = 0; l < TU_LANGS; l++)
			if (p->solution[l])
				t[n++] = (struct task){ .p = p,
							.lang = (enum tu_lang)l };
		for (size_t w = 0; w < p->n_wrong; w++)
			t[n++] = (struct task){ .p = p,
						.lang = p->wrong[w].lang,
						.wrong = p->wrong[w].file };
	}
}

static int run_pool(struct pool *P, unsigned jobs)
{
	pthread_t th[JOBS_MAX];
	struct worker_arg args[JOBS_MAX];
	unsigned started = 0;

	if (pthread_mutex_init(&P->mu, NULL) != 0)
		return -1;
	for (unsigned i = 0; i < jobs; i++) {
		args[i] = (struct worker_arg){ P, UID_SLOT_BASE + i };
		if (pthread_create(&th[i], NULL, worker, &args[i]) != 0)
			break;
		started++;
	}
	if (started == 0)
		worker(&args[0]);
	for (unsigned i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	pthread_mutex_destroy(&P->mu);
	cli_progress_done();
	return 0;
}

/* Turns each task's outcome into findings, in task order. */
static enum tu_status record(const struct task *t, size_t n,
			     struct tu_check_report *r,
			     struct cli_judge_tally *tally)
{
	enum tu_status st = TU_OK;

	for (size_t i = 0; st == TU_OK && i < n; i++)
		st = cli_content_record(&t[i].p->id[0], t[i].lang, t[i].wrong,
					t[i].failed, t[i].verdict, t[i].detail,
					r, tally);
	return st;
}

static int judge_all(const struct tu_course *c, unsigned jobs,
		     struct tu_check_report *r, struct cli_judge_tally *tally)
{
	struct pool P = { .progress = cli_progress() };
	int rc = 0;

	P.n = count_tasks(c);
	P.tasks = calloc(P.n ? P.n : 1, sizeof(*P.tasks));
	if (!P.tasks) {
		cli_error("content check: out of memory");
		return 1;
	}
	fill_tasks(c, P.tasks);
	if (run_pool(&P, jobs) != 0 || record(P.tasks, P.n, r, tally)) {
		cli_error("content check: cannot run the judge workers");
		rc = 1;
	}
	free(P.tasks);
	return rc;
}

/* ------------------------------------------------------------- command */

struct check_opts {
	bool strict, no_judge, json;
	unsigned jobs;
	const char *dir;
};

static int parse_check(int argc, char **argv, struct check_opts *o)
{
	static const struct option longs[] = {
		{ "strict", no_argument, NULL, 's' },
		{ "no-judge", no_argument, NULL, 'n' },
		{ "jobs", required_argument, NULL, 'j' },
		{ "json", no_argument, NULL, 'J' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int ch;

	*o = (struct check_opts){ .jobs = 2 };
	optind = 1;
	while ((ch = getopt_long(argc, argv, "j:h", longs, NULL)) != -1) {
		char *end;
		unsigned long v;

		switch (ch) {
		case 's': o->strict = true; break;
		case 'n': o->no_judge = true; break;
		case 'J': o->json = true; break;
		case 'h': check_usage(stdout); return 0;
		case 'j':
			v = strtoul(optarg, &end, 10);
			if (*end || v < 1 || v > JOBS_MAX) {
				cli_error("content check: --jobs: '%s' is not "
					  "a number from 1 to %u", optarg,
					  JOBS_MAX);
				return EXIT_USAGE;
			}
			o->jobs = (unsigned)v;
			break;
		default: check_usage(stderr); return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		check_usage(stderr);
		return EXIT_USAGE;
	}
	o->dir = argv[optind];
	return -1;
}

static int check_main(int argc, char **argv)
{
	struct check_opts o;
	struct tu_course c;
	struct tu_check_rules rules;
	struct tu_check_report r;
	struct cli_judge_tally tally = { 0 };
	struct tu_err err = { 0 };
	int rc = parse_check(argc, argv, &o);

	if (rc >= 0)
		return rc;
	tu_course_init(&c);
	if (tu_course_load(o.dir, &c, &err) != TU_OK) {
		cli_error("content check: %s", err.msg);
		return 1;
	}
	tu_check_rules_default(&rules);
	tu_check_report_init(&r);
	rc = tu_check_course(&c, &rules, &r, &err) != TU_OK;
	if (rc)
		cli_error("content check: %s", err.msg);
	if (!rc && !o.no_judge)
		rc = judge_all(&c, o.jobs, &r, &tally);
	if (!rc) {
		cli_content_print(&c, &r, &tally, !o.no_judge, o.json);
		rc = r.n_errors > 0 || (o.strict && r.n_gaps > 0);
	}
	tu_check_report_release(&r);
	tu_course_release(&c);
	return rc;
}

int cmd_content(int argc, char **argv)
{
	const char *sub = argc >= 2 ? argv[1] : NULL;

	if (!sub) {
		content_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(sub, "-h") == 0 || strcmp(sub, "--help") == 0) {
		content_usage(stdout);
		return 0;
	}
	if (strcmp(sub, "check") == 0)
		return check_main(argc - 1, argv + 1);
	if (strcmp(sub, "import") == 0)
		return cli_content_import(argc - 1, argv + 1);
	cli_error("content: unknown command '%s'; see 'tutor content --help'",
		  sub);
	return EXIT_USAGE;
}
