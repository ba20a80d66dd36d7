/*
 * cmd_plan_run.c - running study plans with a learner in the terminal
 * (tutor/plan_run.h, docs/plans.md "Executor"):
 *   tutor plan run "QUESTION" | --plan FILE | --resume PLAN_ID
 *   tutor plan status [PLAN_ID]
 *   tutor plan list
 *   tutor plan abandon PLAN_ID
 * `run` makes the plan (the rules planner on the learner's state) or
 * reads one, starts it and runs it interactively: each automatic step's
 * output is printed, each turn's text is shown and the answer read from
 * stdin (a text turn: one line; a code turn: a line @PATH, a line #SEQ
 * naming a submission already made, or code lines ended by a line "."),
 * until the plan ends or stdin ends (then it says how to resume).  Every
 * step is recorded through the orchestrator, so `--resume` continues
 * after a restart or a killed process.  Thin: options, I/O, printing.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "commands.h"
#include "assist_cli.h"
#include "platform.h"
#include "tutor/plan_run.h"

#define LINE_MAX_BYTES (TU_EVENT_TEXT_MAX + 2)

struct run_opts {
	struct cli_common common;
	const char *plan_file, *item, *resume, *lang;
	int nargs;
	char **args;
};

/* ---- help ------------------------------------------------------------------ */

static void run_usage(FILE *out)
{
	fputs("usage: tutor plan run [options] \"QUESTION\"\n"
	      "       tutor plan run [options] --plan FILE\n"
	      "       tutor plan run [options] --resume PLAN_ID\n\n"
	      "Makes a study plan for QUESTION (the deterministic planner, "
	      "with the\nlearner's level, persona and best-known topics), or "
	      "reads FILE, starts it\nand runs it with you: automatic steps "
	      "(course search, the judge, texts)\nprint their output; at each "
	      "turn the tutor asks and you answer on stdin:\n"
	      "  a text turn    one line\n"
	      "  a code turn    a line @PATH (a file to submit), a line #SEQ "
	      "(a submission\n"
	      "                 already made), or code lines ended by a line "
	      "with a single .\n"
	      "Every step is recorded; when stdin ends the plan stays open: "
	      "continue it\nwith --resume.\n\n"
	      "options:\n"
	      "  --plan FILE        run this plan file instead of making one\n"
	      "  --item ID          the practice problem (default: the one "
	      "the course search\n"
	      "                     ranks first for the question)\n"
	      "  --resume PLAN_ID   continue a plan (tutor plan list shows "
	      "them)\n"
	      "  --lang LANG        language of typed code: python or c "
	      "(default: from\n"
	      "                     the file name, else the learner's)\n"
	      CLI_COMMON_HELP
	      "  -h, --help         show this help\n\n"
	      "With --json the session goes to stderr and the plan's state "
	      "(as tutor\nplan status --json) to stdout at the end.\n", out);
}

static void status_usage(FILE *out)
{
	fputs("usage: tutor plan status [options] [PLAN_ID]\n\n"
	      "Shows a plan's run (default: the learner's latest plan): each "
	      "step in\nexecution order with its kind, status and iteration, "
	      "each loop with its\ncondition, iteration and state, and the "
	      "turn it waits for.\n\noptions:\n" CLI_COMMON_HELP
	      "  -h, --help         show this help\n", out);
}

static void list_usage(FILE *out)
{
	fputs("usage: tutor plan list [options]\n\n"
	      "Lists the learner's study plans, oldest first: id, status, "
	      "steps resolved,\nstart time and question.\n\noptions:\n"
	      CLI_COMMON_HELP "  -h, --help         show this help\n", out);
}

static void abandon_usage(FILE *out)
{
	fputs("usage: tutor plan abandon [options] PLAN_ID\n\n"
	      "Ends an active plan as abandoned (recorded; it can no longer "
	      "be resumed).\n\noptions:\n" CLI_COMMON_HELP
	      "  -h, --help         show this help\n", out);
}

static void sub_usage(const char *sub, FILE *out)
{
	if (strcmp(sub, "run") == 0)
		run_usage(out);
	else if (strcmp(sub, "status") == 0)
		status_usage(out);
	else if (strcmp(sub, "list") == 0)
		list_usage(out);
	else
		abandon_usage(out);
}

/* -1 to go on; else the exit status. */
static int parse_opts(const char *sub, int argc, char **argv,
		      struct run_opts *o)
{
	static const struct option longs[] = {
		{ "plan", required_argument, NULL, 'p' },
		{ "item", required_argument, NULL, 'i' },
		{ "resume", required_argument, NULL, 'r' },
		{ "lang", required_argument, NULL, 'L' },
		{ "help", no_argument, NULL, 'h' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	bool run = strcmp(sub, "run") == 0;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		if (cli_common_opt(&o->common, c, optarg))
			continue;
		if (c == 'h') {
			sub_usage(sub, stdout);
			return 0;
		}
		if (!run || (c != 'p' && c != 'i' && c != 'r' && c != 'L')) {
			cli_error("plan %s: unknown or incomplete option '%s'; "
				  "see 'tutor plan %s --help'", sub,
				  argv[optind - 1], sub);
			return EXIT_USAGE;
		}
		*(c == 'p' ? &o->plan_file : c == 'i' ? &o->item :
		  c == 'r' ? &o->resume : &o->lang) = optarg;
	}
	o->nargs = argc - optind;
	o->args = argv + optind;
	return -1;
}

/* ---- the environment ------------------------------------------------------ */

static enum tu_status cli_judge(void *ctx, const struct tu_course_problem *p,
				enum tu_lang lang, const char *code,
				size_t len, struct tu_judge_result *res,
				struct tu_err *err)
{
	struct tu_judge_config cfg;

	(void)ctx;
	tu_judge_config_default(&cfg);
	return tu_judge_submit(p->judge, lang, code, len, &cfg, res, err);
}

static void plan_env(struct cli_env *e, struct tu_plan_env *pe)
{
	memset(pe, 0, sizeof(*pe));
	pe->orch = &e->orch;
	pe->store = e->store;
	pe->course = &e->course;
	pe->judge = cli_judge;
	/* the LLM writes text steps when one is configured (a batch of the
	 * ready ones in parallel); without one, deterministic text */
	pe->assist = e->have_course ? cli_assist(e) : NULL;
}

/* The clock for each record: fixed by --now / $TUTOR_NOW, else live. */
static int64_t clock_now(const struct cli_env *e, const struct run_opts *o)
{
	if (o->common.now || getenv("TUTOR_NOW"))
		return e->now;
	return (int64_t)time(NULL);
}

/* ---- making the plan --------------------------------------------------------- */

static int generate(struct cli_env *e, const char *question,
		    struct tu_plan *p)
{
	struct tu_learner_state st;
	struct tu_plan_request rq;
	struct tu_err err = TU_ERR_INIT;
	struct tu_plan_profile prof;
	int rc = 1;

	memset(&rq, 0, sizeof(rq));
	tu_learner_state_init(&st);
	if (tu_orch_load(&e->orch, e->learner, &st, &err) == TU_OK) {
		tu_plan_profile_of(&st, &prof);
		tu_plan_profile_apply(&prof, &rq);
		rq.query = question;
		if (tu_plan_generate(&rq, p, &err) == TU_OK)
			rc = 0;
	}
	if (rc)
		cli_error("plan run: %s", err.msg);
	tu_learner_state_release(&st);
	return rc;
}

static int read_plan(const char *file, struct tu_plan *p)
{
	struct tu_plan_report r;
	struct tu_err err = TU_ERR_INIT;
	FILE *f = fopen(file, "rb");
	char *buf = malloc(TU_PLAN_DOC_MAX + 1);
	size_t len = 0;
	int rc = 1;

	if (f && buf)
		len = fread(buf, 1, TU_PLAN_DOC_MAX + 1, f);
	if (!f || !buf || ferror(f))
		cli_error("%s: %s", file, buf ? strerror(errno) :
			  "out of memory");
	else if (len > TU_PLAN_DOC_MAX)
		cli_error("%s: more than %u bytes", file, TU_PLAN_DOC_MAX);
	else
		rc = 0;
	if (f)
		fclose(f);
	tu_plan_report_init(&r);
	if (rc == 0 && tu_plan_check(buf, len, p, &r, &err) != TU_OK) {
		for (size_t k = 0; k < r.n; k++)
			if (r.v[k].severity == TU_PLAN_ERROR)
				cli_error("%s: %s: %s [%s]", file, r.v[k].path,
					  r.v[k].reason,
					  tu_plan_rule_code(r.v[k].rule));
		rc = 1;
	}
	tu_plan_report_release(&r);
	free(buf);
	return rc;
}

/* ---- printing ------------------------------------------------------------------ */

/* Where the session goes: stdout, or stderr with --json. */
static FILE *talk(const struct cli_env *e)
{
	return e->json ? stderr : stdout;
}

struct seen {
	enum tu_plan_step_status *status;
	uint32_t *iteration;
	int64_t *at;
};

static int seen_take(struct seen *v, const struct tu_plan_session *s)
{
	size_t n = s->plan.n_steps ? s->plan.n_steps : 1;

	v->status = calloc(n, sizeof(*v->status));
	v->iteration = calloc(n, sizeof(*v->iteration));
	v->at = calloc(n, sizeof(*v->at));
	if (!v->status || !v->iteration || !v->at) {
		cli_error("out of memory");
		return 1;
	}
	for (size_t i = 0; i < s->plan.n_steps; i++) {
		v->status[i] = s->exec.steps[i].status;
		v->iteration[i] = s->exec.steps[i].iteration;
		v->at[i] = s->steps[i].at;
	}
	return 0;
}

static void seen_free(struct seen *v)
{
	free(v->status);
	free(v->iteration);
	free(v->at);
}

static bool changed(const struct seen *v, const struct tu_plan_session *s,
		    size_t i)
{
	return v->status[i] != s->exec.steps[i].status ||
	       v->iteration[i] != s->exec.steps[i].iteration ||
	       v->at[i] != s->steps[i].at;
}

/* Prints the automatic steps that ran and the steps skipped since v. */
static void print_new(FILE *out, const struct seen *v,
		      const struct tu_plan_session *s)
{
	for (size_t k = 0; k < s->plan.n_steps; k++) {
		size_t i = s->exec.order[k];
		const struct tu_plan_step *st = &s->plan.steps[i];

		if (!changed(v, s, i))
			continue;
		if (s->exec.steps[i].status == TU_PLAN_STEP_SKIPPED)
			fprintf(out, "[%s] skipped: the loop is over\n\n",
				st->id);
		else if (s->exec.steps[i].status == TU_PLAN_STEP_DONE &&
			 !st->requires_human_input)
			fprintf(out, "[%s] %s\n%s\n\n", st->id, st->objective,
				s->steps[i].output ? s->steps[i].output : "");
	}
}

static void print_prompt(FILE *out, const struct tu_plan_session *s, size_t i)
{
	char *text = tu_plan_turn_text(s, i);

	fprintf(out, "%s\n", text ? text : s->plan.steps[i].instruction);
	free(text);
	if (tu_plan_wants_code(s, i))
		fprintf(out, "your code (a line @FILE, a line #SEQ, or code "
			"lines ended by a line with a single .):\n");
	else
		fprintf(out, "your answer (one line):\n");
	fflush(out);
}

static void print_json(const struct tu_plan_session *s)
{
	json_t *j = tu_plan_session_json(s);
	char *t = j ? json_dumps(j, JSON_INDENT(2) | JSON_SORT_KEYS) : NULL;

	if (t)
		printf("%s\n", t);
	else
		cli_error("plan: out of memory");
	free(t);
	json_decref(j);
}

/* ---- reading answers ------------------------------------------------------------- */

/* One line of stdin without its newline into buf[cap]; false at EOF.
 * *too_long when the line did not fit (the rest is skipped). */
static bool read_line(char *buf, size_t cap, bool *too_long)
{
	size_t n;

	*too_long = false;
	if (!fgets(buf, (int)cap, stdin))
		return false;
	n = strlen(buf);
	if (n > 0 && buf[n - 1] == '\n') {
		buf[--n] = '\0';
	} else if (!feof(stdin)) {
		int c;

		*too_long = true;
		while ((c = getchar()) != EOF && c != '\n')
			;
	}
	if (n > 0 && buf[n - 1] == '\r')
		buf[n - 1] = '\0';
	return true;
}

/* Code lines from first up to a line "." into *out (free()): 0, -1 at
 * EOF, 1 when too long (the lines up to "." are read and dropped). */
static int read_code(const char *first, char **out, size_t *len)
{
	char line[LINE_MAX_BYTES];
	size_t cap = TU_JUDGE_MAX_SOURCE, n = 0;
	char *code = malloc(cap + 1);
	const char *l = first;
	bool too_long, over = false;

	*out = NULL;
	if (!code) {
		cli_error("plan run: out of memory");
		return 1;
	}
	while (l && strcmp(l, ".") != 0) {
		size_t m = strlen(l);

		if (!over && n + m + 1 <= cap) {
			memcpy(code + n, l, m);
			code[n + m] = '\n';
			n += m + 1;
		} else {
			over = true;
		}
		l = read_line(line, sizeof(line), &too_long) ? line : NULL;
	}
	code[n] = '\0';
	if (!l || over) {
		free(code);
		if (over)
			cli_error("plan run: the code is longer than %u bytes",
				  TU_JUDGE_MAX_SOURCE);
		return l ? 1 : -1;
	}
	*out = code;
	*len = n;
	return 0;
}

static int lang_for(struct cli_env *e, const struct run_opts *o,
		    const char *file, enum tu_lang *lang)
{
	struct tu_learner_state st;
	struct tu_err err = TU_ERR_INIT;
	const char *dot = file ? strrchr(file, '.') : NULL;
	const char *name = o->lang;
	int rc = 0;

	if (!name && dot && (strcmp(dot, ".py") == 0 || strcmp(dot, ".c") == 0))
		name = dot + 1;
	tu_learner_state_init(&st);
	if (!name && tu_orch_load(&e->orch, e->learner, &st, &err) == TU_OK)
		name = st.preferences.language[0] ? st.preferences.language :
		       NULL;
	if (tu_lang_parse(name ? name : "python", lang, &err) != TU_OK) {
		cli_error("plan run: %s", err.msg);
		rc = 1;
	}
	tu_learner_state_release(&st);
	return rc;
}

/* ---- the interactive loop ---------------------------------------------------------- */

struct session {
	struct cli_env *e;
	const struct run_opts *o;
	struct tu_plan_env env;
	struct tu_plan_session s;
	size_t turn;
};

/* Answers with a; prints what ran.  0 answered, 1 refused (asked again),
 * 2 a failure that ends the run. */
static int answer(struct session *x, const struct tu_plan_answer *a)
{
	struct tu_err err = TU_ERR_INIT;
	struct seen v;
	enum tu_status rc;
	size_t turn = SIZE_MAX;

	memset(&v, 0, sizeof(v));
	if (seen_take(&v, &x->s))
		return 2;
	rc = tu_plan_answer(&x->env, &x->s, x->s.plan.steps[x->turn].id, a,
			    clock_now(x->e, x->o), &turn, &err);
	if (rc == TU_OK) {
		fputc('\n', talk(x->e));
		print_new(talk(x->e), &v, &x->s);
		x->turn = turn;
	} else {
		cli_error("plan run: %s", err.msg);
	}
	seen_free(&v);
	if (rc == TU_OK)
		return 0;
	return rc == TU_EINVAL || rc == TU_EUNAVAIL || rc == TU_ENOTFOUND ?
	       1 : 2;
}

/* Reads and gives one code answer; -1 at EOF. */
static int code_turn(struct session *x, const char *first)
{
	struct tu_plan_answer a = { NULL, NULL, 0, TU_LANG_PYTHON, 0 };
	char *code = NULL, *end;
	size_t len = 0;
	int rc;

	if (first[0] == '#') {
		a.submission = strtoll(first + 1, &end, 10);
		if (*end || a.submission <= 0) {
			cli_error("plan run: #SEQ needs an event id");
			return 1;
		}
		return answer(x, &a);
	}
	if (first[0] == '@') {
		code = cli_read_source(first + 1, &len);
		if (!code)
			return 1;
	} else if ((rc = read_code(first, &code, &len)) != 0) {
		return rc;
	}
	rc = lang_for(x->e, x->o, first[0] == '@' ? first + 1 : NULL, &a.lang);
	a.code = code;
	a.code_len = len;
	if (rc == 0)
		rc = answer(x, &a);
	free(code);
	return rc;
}

/* One turn: prompt, read, answer.  -1 at EOF, 2 failure, else 0/1. */
static int one_turn(struct session *x)
{
	struct tu_plan_answer a = { NULL, NULL, 0, TU_LANG_PYTHON, 0 };
	char line[LINE_MAX_BYTES];
	bool too_long;

	print_prompt(talk(x->e), &x->s, x->turn);
	if (!read_line(line, sizeof(line), &too_long))
		return -1;
	if (too_long) {
		cli_error("plan run: the answer is longer than %d bytes",
			  TU_EVENT_TEXT_MAX);
		return 1;
	}
	if (tu_plan_wants_code(&x->s, x->turn))
		return code_turn(x, line);
	a.text = line;
	return answer(x, &a);
}

static int converse(struct session *x)
{
	int rc = 0;

	while (x->turn != SIZE_MAX && rc != 2) {
		rc = one_turn(x);
		if (rc == -1) {
			fprintf(stderr, "\nstdin ended; plan %s is saved at "
				"step %s: continue with\n  tutor plan run "
				"--learner %s --resume %s\n", x->s.plan_id,
				x->s.plan.steps[x->turn].id, x->e->learner,
				x->s.plan_id);
			return 0;
		}
	}
	if (rc == 2)
		return 1;
	fprintf(talk(x->e), "plan %s %s: %zu of %zu steps\n", x->s.plan_id,
		x->s.status, x->s.exec.resolved, x->s.plan.n_steps);
	return 0;
}

/* Runs the ready automatic steps; prints them; 0 on success. */
static int advance(struct session *x)
{
	struct tu_err err = TU_ERR_INIT;
	struct seen v;
	int rc = 0;

	memset(&v, 0, sizeof(v));
	if (seen_take(&v, &x->s)) {
		seen_free(&v);
		return 1;
	}
	if (tu_plan_advance(&x->env, &x->s, clock_now(x->e, x->o), &x->turn,
			    &err) != TU_OK) {
		cli_error("plan run: %s", err.msg);
		rc = 1;
	}
	print_new(talk(x->e), &v, &x->s);
	seen_free(&v);
	return rc;
}

static int open_or_start(struct session *x)
{
	struct tu_plan p;
	struct tu_err err = TU_ERR_INIT;
	const struct run_opts *o = x->o;
	int rc;

	if (o->resume) {
		if (tu_plan_open(&x->env, x->e->learner, o->resume, &x->s,
				 &err) == TU_OK)
			return 0;
		cli_error("plan run: %s", err.msg);
		return 1;
	}
	tu_plan_init(&p);
	rc = o->plan_file ? read_plan(o->plan_file, &p) :
	     generate(x->e, o->args[0], &p);
	if (rc == 0 && tu_plan_start(&x->env, x->e->learner, &p, o->item,
				     "rules", clock_now(x->e, o), &x->s,
				     &err) != TU_OK) {
		cli_error("plan run: %s", err.msg);
		rc = 1;
	}
	tu_plan_release(&p);
	return rc;
}

static void print_header(const struct session *x)
{
	FILE *out = talk(x->e);

	fprintf(out, "plan %s (%s): %zu steps, %zu resolved; practice item "
		"%s\n", x->s.plan_id, x->s.status, x->s.plan.n_steps,
		x->s.exec.resolved, x->s.item[0] ? x->s.item : "(none)");
	if (x->s.plan.input.query && x->s.plan.input.query[0])
		fprintf(out, "question: %s\n", x->s.plan.input.query);
	fputc('\n', out);
}

static int run_args(const struct run_opts *o)
{
	int sources = (o->plan_file != NULL) + (o->resume != NULL) +
		      (o->nargs > 0);

	if (sources != 1 || o->nargs > 1) {
		cli_error("plan run: give one QUESTION (quoted), --plan FILE "
			  "or --resume PLAN_ID");
		return EXIT_USAGE;
	}
	if (o->resume && o->item) {
		cli_error("plan run: --item only applies to a new plan");
		return EXIT_USAGE;
	}
	return -1;
}

static int plan_run(int argc, char **argv)
{
	struct run_opts o;
	struct cli_env e;
	struct session x;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse_opts("run", argc, argv, &o);
	if (rc < 0)
		rc = run_args(&o);
	if (rc >= 0)
		return rc;
	if (cli_env_open(&e, &o.common, CLI_NEED_COURSE | CLI_NEED_LEARNER)) {
		cli_env_close(&e);
		return 1;
	}
	memset(&x, 0, sizeof(x));
	x.e = &e;
	x.o = &o;
	plan_env(&e, &x.env);
	tu_plan_session_init(&x.s);
	rc = open_or_start(&x);
	if (rc == 0)
		print_header(&x);
	if (rc == 0)
		rc = advance(&x);
	if (rc == 0)
		rc = converse(&x);
	if (x.s.open && e.json)
		print_json(&x.s);
	tu_plan_session_release(&x.s);
	cli_env_close(&e);
	return rc;
}

/* ---- status, list, abandon ------------------------------------------------------------ */

/* "turn", "code turn", the tool's backend ("judge", "course_search")
 * or "text". */
static const char *kind_of(const struct tu_plan_session *s, size_t i)
{
	const struct tu_plan_step *st = &s->plan.steps[i];
	enum tu_plan_tool t;

	if (st->requires_human_input)
		return tu_plan_wants_code(s, i) ? "code turn" : "turn";
	if (st->tool && tu_plan_tool_lookup(st->tool, &t) &&
	    (t == TU_PLAN_TOOL_CODE_INTERPRETER ||
	     t == TU_PLAN_TOOL_CODE_DOCS_SEARCH || t == TU_PLAN_TOOL_RAG))
		return t == TU_PLAN_TOOL_CODE_INTERPRETER ? "judge" :
		       "course_search";
	return "text";
}

static void print_status(const struct tu_plan_session *s)
{
	char when[64];
	size_t turn = strcmp(s->status, "active") == 0 ?
		      tu_plan_exec_next_turn(&s->exec) : SIZE_MAX;

	cli_fmt_time(s->started, when, sizeof(when));
	printf("plan %s: %s, %zu of %zu steps; item %s; planner %s; started "
	       "%s\n", s->plan_id, s->status, s->exec.resolved,
	       s->plan.n_steps, s->item[0] ? s->item : "(none)", s->planner,
	       when);
	printf("question: %s\n", s->plan.input.query ? s->plan.input.query :
	       "");
	for (size_t k = 0; k < s->plan.n_steps; k++) {
		size_t i = s->exec.order[k];
		const struct tu_plan_exec_step *xs = &s->exec.steps[i];

		printf("  %-8s %-8s %-13s it %u%s  %s\n", s->plan.steps[i].id,
		       tu_plan_step_status_name(xs->status), kind_of(s, i),
		       (unsigned)xs->iteration,
		       xs->loop == SIZE_MAX ? "" : " (loop)",
		       s->plan.steps[i].objective);
	}
	for (size_t l = 0; l < s->exec.n_loops; l++) {
		const struct tu_plan_exec_loop *L = &s->exec.loops[l];

		printf("loop %zu: while %s: iteration %u of %u, %s\n", l + 1,
		       s->plan.order[L->entry].loop.condition,
		       (unsigned)L->iteration, (unsigned)L->max_iterations,
		       tu_plan_loop_state_name(L->state));
	}
	if (turn != SIZE_MAX)
		printf("waiting for: %s\n", s->plan.steps[turn].id);
}

/* The learner's latest plan id into out; 1 and an error when none. */
static int latest_plan(struct cli_env *e, char out[TU_ID_MAX])
{
	struct tu_plan_summary *list = NULL;
	struct tu_err err = TU_ERR_INIT;
	size_t n = 0;
	int rc = 1;

	if (tu_plan_list(e->store, e->learner, &list, &n, &err) != TU_OK)
		cli_error("plan status: %s", err.msg);
	else if (n == 0)
		cli_error("plan status: learner '%s' has no plans; start one "
			  "with tutor plan run", e->learner);
	else {
		snprintf(out, TU_ID_MAX, "%s", list[n - 1].plan_id);
		rc = 0;
	}
	free(list);
	return rc;
}

/* Opens the named (or latest) plan of e's learner into s. */
static int open_named(struct cli_env *e, const char *sub, const char *id,
		      struct tu_plan_env *pe, struct tu_plan_session *s)
{
	struct tu_err err = TU_ERR_INIT;
	char latest[TU_ID_MAX];

	if (!id && latest_plan(e, latest))
		return 1;
	plan_env(e, pe);
	if (tu_plan_open(pe, e->learner, id ? id : latest, s, &err) != TU_OK) {
		cli_error("plan %s: %s", sub, err.msg);
		return 1;
	}
	return 0;
}

static int list_main(struct cli_env *e)
{
	struct tu_plan_summary *list = NULL;
	struct tu_err err = TU_ERR_INIT;
	json_t *arr = json_array();
	char when[64];
	size_t n = 0;

	if (tu_plan_list(e->store, e->learner, &list, &n, &err) != TU_OK) {
		cli_error("plan list: %s", err.msg);
		json_decref(arr);
		return 1;
	}
	for (size_t k = 0; k < n; k++) {
		const struct tu_plan_summary *p = &list[k];

		cli_fmt_time(p->started, when, sizeof(when));
		if (!e->json)
			printf("%s  %-9s %2zu/%-2zu  %s  %s\n", p->plan_id,
			       p->status, p->resolved, p->steps, when,
			       p->query);
		json_array_append_new(arr, json_pack("{s:s, s:s, s:s, s:I, "
			"s:I, s:I, s:I}", "plan_id", p->plan_id, "status",
			p->status, "query", p->query, "started",
			(json_int_t)p->started, "ended", (json_int_t)p->ended,
			"steps", (json_int_t)p->steps, "resolved",
			(json_int_t)p->resolved));
	}
	if (!e->json && n == 0)
		printf("no plans yet: start one with tutor plan run\n");
	if (e->json) {
		char *t = json_dumps(arr, JSON_INDENT(2));

		printf("%s\n", t ? t : "[]");
		free(t);
	}
	json_decref(arr);
	free(list);
	return 0;
}

static int other_main(const char *sub, struct cli_env *e,
		      const struct run_opts *o)
{
	struct tu_plan_env pe;
	struct tu_plan_session s;
	struct tu_err err = TU_ERR_INIT;
	int rc;

	if (strcmp(sub, "list") == 0)
		return list_main(e);
	tu_plan_session_init(&s);
	rc = open_named(e, sub, o->nargs ? o->args[0] : NULL, &pe, &s);
	if (rc == 0 && strcmp(sub, "abandon") == 0) {
		if (tu_plan_abandon(&pe, &s, clock_now(e, o), &err) != TU_OK) {
			cli_error("plan abandon: %s", err.msg);
			rc = 1;
		} else if (!e->json) {
			printf("plan %s abandoned\n", s.plan_id);
		}
	} else if (rc == 0 && !e->json) {
		print_status(&s);
	}
	if (rc == 0 && e->json)
		print_json(&s);
	tu_plan_session_release(&s);
	return rc;
}

static int plan_other(const char *sub, int argc, char **argv)
{
	struct run_opts o;
	struct cli_env e;
	size_t max_args = strcmp(sub, "list") == 0 ? 0 : 1;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse_opts(sub, argc, argv, &o);
	if (rc >= 0)
		return rc;
	if ((size_t)o.nargs > max_args ||
	    (strcmp(sub, "abandon") == 0 && o.nargs == 0)) {
		cli_error("plan %s: %s; see 'tutor plan %s --help'", sub,
			  o.nargs ? "too many arguments" : "give the PLAN_ID",
			  sub);
		return EXIT_USAGE;
	}
	rc = cli_env_open(&e, &o.common, CLI_NEED_COURSE | CLI_NEED_LEARNER);
	if (rc == 0)
		rc = other_main(sub, &e, &o);
	cli_env_close(&e);
	return rc;
}

bool plan_run_sub(const char *name)
{
	return strcmp(name, "run") == 0 || strcmp(name, "status") == 0 ||
	       strcmp(name, "list") == 0 || strcmp(name, "abandon") == 0;
}

int plan_run_main(int argc, char **argv)
{
	if (strcmp(argv[0], "run") == 0)
		return plan_run(argc, argv);
	return plan_other(argv[0], argc, argv);
}
