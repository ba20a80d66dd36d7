/*
 * cmd_plan.c - `tutor plan validate FILE...`, the planner `tutor plan
 * "QUESTION"` and `tutor eval plans` (docs/plans.md).  Thin: reads files,
 * calls src/plan (the rules planner) or src/assist (tu_assist_plan, the
 * LLM planner, chosen with --planner), prints.
 */
#include <errno.h>
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "assist_cli.h"
#include "commands.h"
#include "platform.h"
#include "tutor/assist.h"
#include "tutor/file.h"
#include "tutor/orch.h"
#include "tutor/plan.h"
#include "tutor/plan_run.h"

#define EVAL_ROWS_MAX 100000

static void plan_usage(FILE *out)
{
	fputs("usage: tutor plan [options] \"QUESTION\"\n"
	      "       tutor plan validate [options] FILE...\n"
	      "       tutor plan run|status|list|abandon [options] ...\n\n"
	      "  \"QUESTION\"         make a study plan (rules or LLM planner), "
	      "validate\n"
	      "                     it and print its subtasks and steps (a "
	      "QUESTION\n"
	      "                     has several words: quote it)\n"
	      "  validate FILE...   check PersonalPlan (MAP-PPL) plan files: "
	      "every\n"
	      "                     violation as FILE: $.path: reason [CODE]\n"
	      "  run                run a plan with the learner, turn by turn "
	      "(resumable)\n"
	      "  status, list       a plan's steps and loops; the learner's "
	      "plans\n"
	      "  abandon PLAN_ID    end an active plan\n\n"
	      "planner options:\n"
	      "  --learner ID       plan for this learner: tags, level and "
	      "persona from\n"
	      "                     their state (--tags and --level override)\n"
	      "  --about TEXT       the learner's bio (about_me)\n"
	      "  --tags a,b,c       the learner's top tags, most familiar first\n"
	      "  --level LEVEL      beginner, intermediate or advanced "
	      "(default: inferred)\n"
	      "  --json             print the plan as JSON ({input, output})\n"
	      "  --planner P        auto (default: the LLM planner when an LLM "
	      "is\n"
	      "                     configured, else the rules), rules, or llm "
	      "(an\n"
	      "                     LLM must be configured; when its plan "
	      "cannot be\n"
	      "                     made valid the rules plan is printed); "
	      "stderr\n"
	      "                     says which served and why (planner: ...)\n"
	      "  --llm-url URL      an OpenAI-compatible server (default\n"
	      "                     $TUTOR_LLM_BASE_URL, else the config file)\n"
	      "  --llm-model NAME   the model to ask (default $TUTOR_LLM_MODEL)\n"
	      "  -h, --help         show this help\n\n"
	      "Run 'tutor plan validate --help' for its options; "
	      "docs/plans.md\nhas the schema, the rules and both planners.\n",
	      out);
}

static void validate_usage(FILE *out)
{
	fputs("usage: tutor plan validate [options] FILE...\n\n"
	      "Validates each JSON plan (a MAP-PPL dataset row, {input, output} "
	      "or a bare\noutput) and prints every violation as\n"
	      "  FILE: $.path: reason [P11]            (an error)\n"
	      "  FILE: $.path: warning: reason [W02]   (a generation-rule "
	      "warning)\n"
	      "and FILE: ok when there is no error.  Exit status 1 when any "
	      "file has an\nerror or cannot be read, else 0.\n\n"
	      "options:\n"
	      "  -q, --quiet      print errors only (no warnings, no ok lines)\n"
	      "  -h, --help       show this help\n", out);
}

/* The whole file (at most max bytes) into a new buffer; NULL and an error
 * printed on failure.  *too_big when it is longer. */
static char *read_file(const char *path, size_t max, size_t *len,
		       bool *too_big)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	*too_big = false;
	if (!f) {
		cli_error("%s: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(max + 1);
	if (!buf) {
		fclose(f);
		cli_error("%s: out of memory", path);
		return NULL;
	}
	*len = fread(buf, 1, max + 1, f);
	if (ferror(f)) {
		cli_error("%s: %s", path, strerror(errno));
		free(buf);
		buf = NULL;
	}
	fclose(f);
	if (buf && *len > max)
		*too_big = true;
	return buf;
}

static void print_violations(const char *file, const struct tu_plan_report *r,
			     bool quiet)
{
	for (size_t i = 0; i < r->n; i++) {
		const struct tu_plan_violation *v = &r->v[i];
		bool warn = v->severity == TU_PLAN_WARNING;

		if (warn && quiet)
			continue;
		printf("%s: %s: %s%s [%s]\n", file, v->path,
		       warn ? "warning: " : "", v->reason,
		       tu_plan_rule_code(v->rule));
	}
	if (r->truncated)
		printf("%s: $: ... %zu violations in all (list truncated)\n",
		       file, r->errors + r->warnings);
}

/* 0 valid, 1 errors or unreadable. */
static int validate_one(const char *file, bool quiet)
{
	struct tu_plan p;
	struct tu_plan_report r;
	struct tu_err err = TU_ERR_INIT;
	size_t len = 0;
	bool big;
	char *buf = read_file(file, TU_PLAN_DOC_MAX, &len, &big);
	int rc;

	if (!buf)
		return 1;
	tu_plan_init(&p);
	tu_plan_report_init(&r);
	tu_plan_check(buf, len, &p, &r, &err);
	print_violations(file, &r, quiet);
	rc = r.errors > 0;
	if (!rc && !quiet)
		printf("%s: ok (%zu warnings)\n", file, r.warnings);
	tu_plan_report_release(&r);
	tu_plan_release(&p);
	free(buf);
	return rc;
}

static int plan_validate_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "quiet", no_argument, NULL, 'q' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	bool quiet = false;
	int c, rc = 0;

	optind = 1;
	while ((c = getopt_long(argc, argv, "qh", opts, NULL)) != -1) {
		if (c == 'q') {
			quiet = true;
		} else if (c == 'h') {
			validate_usage(stdout);
			return 0;
		} else {
			validate_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		cli_error("plan validate: no FILE given");
		validate_usage(stderr);
		return EXIT_USAGE;
	}
	for (int i = optind; i < argc; i++)
		rc |= validate_one(argv[i], quiet);
	return rc;
}

/* ---- tutor plan "QUESTION" ------------------------------------------------ */

#define PLAN_TAGS_ARG_MAX 4096

/* --planner: which planner makes the plan. */
enum planner_kind { PLANNER_AUTO, PLANNER_RULES, PLANNER_LLM };

/* The planner options of `tutor plan` and `tutor eval plans`. */
struct planner_opts {
	enum planner_kind kind;
	const char *llm_url, *llm_model;   /* --llm-url / --llm-model */
};

struct gen_opts {
	struct tu_plan_request rq;
	const char *learner;           /* --learner: the state's profile */
	bool level_set;
	struct tu_plan_profile prof;
	char tagbuf[PLAN_TAGS_ARG_MAX];
	const char *tags[TU_PLAN_TAGS_MAX];
	bool json;
	struct planner_opts po;
};

/* Parses a --planner value; -1 and an error when unknown. */
static int parse_planner(const char *cmd, const char *s,
			 enum planner_kind *out)
{
	static const char *const names[] = { "auto", "rules", "llm" };

	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum planner_kind)i;
			return 0;
		}
	cli_error("%s: --planner must be auto, rules or llm", cmd);
	return -1;
}

/* Handles a planner option (c: 'P', OPT_LLM_URL, OPT_LLM_MODEL): 1 when
 * c was one, -1 on a bad value (error printed), 0 when it was not. */
static int planner_opt(const char *cmd, int c, const char *arg,
		       struct planner_opts *po)
{
	if (c == 'P')
		return parse_planner(cmd, arg, &po->kind) ? -1 : 1;
	if (c == OPT_LLM_URL)
		po->llm_url = arg;
	else if (c == OPT_LLM_MODEL)
		po->llm_model = arg;
	return c == OPT_LLM_URL || c == OPT_LLM_MODEL;
}

/* ---- the planners ---------------------------------------------------------- */

/* The LLM planner's assistant (a plan needs no course: an empty one). */
struct planner {
	enum planner_kind kind;
	struct tu_course course;
	struct tu_assist *a;           /* NULL: the rules planner only */
	char why_rules[64];            /* why, when a is NULL */
	size_t from_llm, from_rules;   /* plans served by each */
	char first_fallback[256];      /* the first fallback's reason */
};

/* The LLM config of po; 1 (error printed) when it is malformed. */
static int planner_llm_config(const struct planner_opts *po,
			      struct tu_llm_config *llm)
{
	struct cli_env *e = calloc(1, sizeof(*e));
	int rc;

	if (!e) {
		cli_error("plan: out of memory");
		return 1;
	}
	e->llm_url = po->llm_url;
	e->llm_model = po->llm_model;
	rc = cli_llm_config(e, llm);
	free(e);
	return rc;
}

/*
 * Opens the planner po asks for: rules never opens the assistant, nor
 * does auto without a configured LLM (a malformed LLM config is then a
 * note); llm without one is an error.  1 (error printed) on failure.
 * Release with planner_close in any case.
 */
static int planner_open(const char *cmd, const struct planner_opts *po,
			struct planner *pl)
{
	struct tu_assist_config cfg;
	struct tu_llm_config llm;
	struct tu_err err = TU_ERR_INIT;
	int rc = 0;

	memset(pl, 0, sizeof(*pl));
	pl->kind = po->kind;
	tu_course_init(&pl->course);
	snprintf(pl->why_rules, sizeof(pl->why_rules), "--planner rules");
	if (po->kind == PLANNER_RULES)
		return 0;
	if (planner_llm_config(po, &llm)) {
		if (po->kind == PLANNER_LLM)
			return 1;
		fprintf(stderr, "tutor: note: continuing without an LLM (the "
			"rules planner serves)\n");
		tu_llm_config_default(&llm);
	}
	if (!tu_llm_configured(&llm)) {
		snprintf(pl->why_rules, sizeof(pl->why_rules),
			 "no LLM configured");
		if (po->kind == PLANNER_AUTO)
			return 0;
		cli_error("%s: --planner llm: no LLM configured (set "
			  "TUTOR_LLM_BASE_URL or the [llm] section of the "
			  "config file, or pass --llm-url)", cmd);
		return 1;
	}
	tu_assist_config_default(&cfg);
	cfg.prompts_dir = cli_prompts_dir();
	if (tu_assist_new(&cfg, &llm, NULL, &pl->course, &pl->a, &err)) {
		cli_error("%s", err.msg);
		pl->a = NULL;
		rc = 1;
	}
	memset(llm.api_key, 0, sizeof(llm.api_key));
	return rc;
}

static void planner_close(struct planner *pl)
{
	tu_assist_free(pl->a);
	pl->a = NULL;
}

/* Counts what served res. */
static void planner_count(struct planner *pl,
			  const struct tu_assist_result *res)
{
	if (res->path != TU_LLM_PATH_FALLBACK) {
		pl->from_llm++;
		return;
	}
	pl->from_rules++;
	if (!pl->first_fallback[0])
		snprintf(pl->first_fallback, sizeof(pl->first_fallback), "%s",
			 res->reason);
}

/*
 * Makes a plan for rq into p (empty) with pl; served[cap] gets "rules
 * (why)" or "llm (path, prompt P vN, model M)".  The status of the
 * planner; err has the message.
 */
static enum tu_status planner_make(struct planner *pl,
				   const struct tu_plan_request *rq,
				   struct tu_plan *p, char *served, size_t cap,
				   struct tu_err *err)
{
	struct tu_assist_who who = { NULL, (int64_t)time(NULL), 0.0,
				     TU_PERSONA_NONE };
	struct tu_assist_result res;
	enum tu_status st;

	if (!pl->a) {
		snprintf(served, cap, "rules (%s)", pl->why_rules);
		pl->from_rules++;
		return tu_plan_generate(rq, p, err);
	}
	st = tu_assist_plan(pl->a, &who, rq, p, &res, err);
	if (st)
		return st;
	planner_count(pl, &res);
	if (res.path == TU_LLM_PATH_FALLBACK)
		snprintf(served, cap, "rules (fallback: %s)", res.reason);
	else
		snprintf(served, cap, "llm (%s, prompt %s v%u, model %s)",
			 tu_llm_path_name(res.path), res.prompt,
			 res.prompt_version,
			 res.model[0] ? res.model : "(default)");
	tu_assist_result_release(&res);
	return TU_OK;
}

/* Splits s (comma-separated) into o->tags; -1 and an error when too many
 * or too long. */
static int split_tags(const char *s, struct gen_opts *o)
{
	char *save = NULL, *t;

	if (strlen(s) >= sizeof(o->tagbuf)) {
		cli_error("plan: --tags longer than %d bytes", PLAN_TAGS_ARG_MAX);
		return -1;
	}
	strcpy(o->tagbuf, s);
	o->rq.n_tags = 0;
	for (t = strtok_r(o->tagbuf, ",", &save); t;
	     t = strtok_r(NULL, ",", &save)) {
		if (o->rq.n_tags == TU_PLAN_TAGS_MAX) {
			cli_error("plan: more than %d tags", TU_PLAN_TAGS_MAX);
			return -1;
		}
		o->tags[o->rq.n_tags++] = t;
	}
	o->rq.tags = o->tags;
	return 0;
}

static int parse_level(const char *s, enum tu_plan_level *out)
{
	static const char *const names[] = { "beginner", "intermediate",
		"advanced" };

	for (int i = 0; i < 3; i++)
		if (strcmp(s, names[i]) == 0) {
			*out = (enum tu_plan_level)(i + 1);
			return 0;
		}
	cli_error("plan: --level must be beginner, intermediate or advanced");
	return -1;
}

/* -1 to go on; else the exit status. */
static int gen_opts_parse(int argc, char **argv, struct gen_opts *o)
{
	static const struct option opts[] = {
		{ "about", required_argument, NULL, 'a' },
		{ "learner", required_argument, NULL, 'L' },
		{ "tags", required_argument, NULL, 't' },
		{ "level", required_argument, NULL, 'l' },
		{ "json", no_argument, NULL, 'j' },
		{ "planner", required_argument, NULL, 'P' },
		{ "llm-url", required_argument, NULL, OPT_LLM_URL },
		{ "llm-model", required_argument, NULL, OPT_LLM_MODEL },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, po;

	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		po = planner_opt("plan", c, optarg, &o->po);
		if (po < 0)
			return EXIT_USAGE;
		if (po > 0)
			continue;
		if (c == 'a')
			o->rq.about_me = optarg;
		else if (c == 't' && split_tags(optarg, o) != 0)
			return EXIT_USAGE;
		else if (c == 'l' && parse_level(optarg, &o->rq.level) != 0)
			return EXIT_USAGE;
		else if (c == 'l')
			o->level_set = true;
		else if (c == 'L')
			o->learner = optarg;
		else if (c == 'j')
			o->json = true;
		else if (c == 'h') {
			plan_usage(stdout);
			return 0;
		} else if (c != 't' && c != 'l' && c != 'L') {
			plan_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (optind != argc - 1) {
		cli_error("plan: give exactly one QUESTION (quote it)");
		return EXIT_USAGE;
	}
	o->rq.query = argv[optind];
	if (!strpbrk(o->rq.query, " \t")) {
		cli_error("plan: unknown subcommand '%s' (a QUESTION has several "
			  "words: quote it); see 'tutor plan --help'", o->rq.query);
		return EXIT_USAGE;
	}
	return -1;
}

static void print_plan_text(const struct tu_plan *p)
{
	for (size_t i = 0; i < p->n_subtasks; i++) {
		const struct tu_plan_subtask *st = &p->subtasks[i];

		printf("%s %s: %s\n", st->id, st->name, st->objective);
		for (size_t k = st->first_step; k < st->first_step + st->n_steps;
		     k++) {
			const struct tu_plan_step *s = &p->steps[k];

			printf("  %s [%s%s%s]%s %s\n", s->id, s->agent,
			       s->tool ? ", " : "", s->tool ? s->tool : "",
			       s->requires_human_input ? " (learner)" : "",
			       s->instruction);
		}
	}
	printf("agents:");
	for (size_t i = 0; i < p->n_agents; i++)
		printf(" %s", p->agents[i].role);
	printf("\n");
}

/* Validates p once more and prints it (text, or JSON with --json);
 * the exit status. */
static int print_plan(const struct gen_opts *o, const struct tu_plan *p)
{
	struct tu_plan_report r;
	struct tu_err err = TU_ERR_INIT;
	char *text = NULL;
	int rc = 0;

	tu_plan_report_init(&r);
	if (tu_plan_validate(p, NULL, &r) != 0) {
		print_violations("plan", &r, false);
		rc = 1;
	} else if (o->json) {
		rc = tu_plan_write(p, JSON_INDENT(2), &text, NULL, &err) == TU_OK ?
			0 : 1;
		if (text)
			printf("%s\n", text);
	} else {
		print_plan_text(p);
	}
	free(text);
	tu_plan_report_release(&r);
	return rc;
}

/* --learner: the learner's tags (unless --tags), level (unless --level)
 * and persona from their state (tu_plan_profile_of); the exit status. */
static int learner_profile(struct gen_opts *o)
{
	struct cli_common co = { .learner = o->learner };
	struct tu_learner_state st;
	struct tu_err err = TU_ERR_INIT;
	struct cli_env e;
	struct tu_plan_request from;
	int rc = 1;

	if (cli_env_open(&e, &co, CLI_NEED_COURSE | CLI_NEED_LEARNER)) {
		cli_env_close(&e);
		return 1;
	}
	tu_learner_state_init(&st);
	if (tu_orch_load(&e.orch, e.learner, &st, &err) == TU_OK) {
		memset(&from, 0, sizeof(from));
		tu_plan_profile_of(&st, &o->prof);
		tu_plan_profile_apply(&o->prof, &from);
		if (o->rq.n_tags == 0) {
			o->rq.tags = from.tags;
			o->rq.n_tags = from.n_tags;
		}
		if (!o->level_set)
			o->rq.level = from.level;
		o->rq.persona = from.persona;
		rc = 0;
	} else {
		cli_error("plan: %s", err.msg);
	}
	tu_learner_state_release(&st);
	cli_env_close(&e);
	return rc;
}

static int plan_generate_main(int argc, char **argv)
{
	struct gen_opts o;
	struct planner pl;
	struct tu_plan p;
	struct tu_err err = TU_ERR_INIT;
	char served[400];
	int rc;

	memset(&o, 0, sizeof(o));
	rc = gen_opts_parse(argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (o.learner && learner_profile(&o))
		return 1;
	if (planner_open("plan", &o.po, &pl)) {
		planner_close(&pl);
		return 1;
	}
	tu_plan_init(&p);
	if (planner_make(&pl, &o.rq, &p, served, sizeof(served), &err) !=
	    TU_OK) {
		cli_error("%s", err.msg);
		rc = 1;
	} else {
		fprintf(stderr, "planner: %s\n", served);
		rc = print_plan(&o, &p);
	}
	tu_plan_release(&p);
	planner_close(&pl);
	return rc;
}

int cmd_plan(int argc, char **argv)
{
	if (argc < 2) {
		plan_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		plan_usage(stdout);
		return 0;
	}
	if (strcmp(argv[1], "validate") == 0)
		return plan_validate_main(argc - 1, argv + 1);
	if (plan_run_sub(argv[1]))
		return plan_run_main(argc - 1, argv + 1);
	return plan_generate_main(argc, argv);
}

/* ---- tutor eval plans ------------------------------------------------------ */

static void eval_plans_usage(FILE *out)
{
	fputs("usage: tutor eval plans --data FILE [options]\n\n"
	      "Parses and validates every row of a MAP-PPL JSONL file (e.g.\n"
	      "../shared/data/map-ppl/sample-train-dev.jsonl) and reports which "
	      "rules the\ngold plans break (errors and warnings), their shape, "
	      "the Tier-1 rule\nmetrics, R_ped lite and profile grounding on "
	      "gold, and the counterfactual\npersonalisation between the plans "
	      "one question got for different profiles.\nWrites OUT/report.md "
	      "(numbers only, no dataset text).\n\n"
	      "options:\n"
	      "  --data FILE      the JSONL file (required)\n"
	      "  --out DIR        report directory (default plans-report)\n"
	      "  --list           print every violation as FILE:LINE: $.path: "
	      "reason\n"
	      "  --planner P      the planner compared with gold: rules "
	      "(default),\n"
	      "                   llm (an LLM must be configured; a plan it "
	      "cannot make\n"
	      "                   valid counts as the rules plan) or auto "
	      "(llm when\n"
	      "                   configured, else rules)\n"
	      "  --llm-url URL    an OpenAI-compatible server (default "
	      "$TUTOR_LLM_BASE_URL)\n"
	      "  --llm-model NAME the model to ask (default $TUTOR_LLM_MODEL)\n"
	      "  -h, --help       show this help\n", out);
}

struct eval_opts {
	const char *data, *out;
	bool list;
	struct planner_opts po;
};

static int eval_plans_opts(int argc, char **argv, struct eval_opts *o)
{
	static const struct option opts[] = {
		{ "data", required_argument, NULL, 'd' },
		{ "out", required_argument, NULL, 'o' },
		{ "list", no_argument, NULL, 'l' },
		{ "planner", required_argument, NULL, 'P' },
		{ "llm-url", required_argument, NULL, OPT_LLM_URL },
		{ "llm-model", required_argument, NULL, OPT_LLM_MODEL },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	int c, po;

	memset(o, 0, sizeof(*o));
	o->out = "plans-report";
	o->po.kind = PLANNER_RULES;
	optind = 1;
	while ((c = getopt_long(argc, argv, "h", opts, NULL)) != -1) {
		po = planner_opt("eval plans", c, optarg, &o->po);
		if (po < 0)
			return EXIT_USAGE;
		if (po > 0)
			continue;
		if (c == 'd') {
			o->data = optarg;
		} else if (c == 'o') {
			o->out = optarg;
		} else if (c == 'l') {
			o->list = true;
		} else if (c == 'h') {
			eval_plans_usage(stdout);
			return 0;
		} else {
			eval_plans_usage(stderr);
			return EXIT_USAGE;
		}
	}
	if (!o->data || optind < argc) {
		cli_error("eval plans: %s", o->data ? "unexpected argument" :
			  "--data FILE is required");
		eval_plans_usage(stderr);
		return EXIT_USAGE;
	}
	return -1;
}

static void list_row(const char *file, size_t line,
		     const struct tu_plan_report *r)
{
	char where[TU_FILE_PATH_MAX + 32];

	snprintf(where, sizeof(where), "%s:%zu", file, line);
	print_violations(where, r, false);
}

/* Reads every line of o->data into ev; 1 and an error printed on failure. */
static int eval_read(const struct eval_opts *o, struct tu_plan_eval *ev)
{
	struct tu_plan_report r;
	struct tu_err err = TU_ERR_INIT;
	FILE *f = fopen(o->data, "r");
	char *line = NULL;
	size_t cap = 0, no = 0;
	ssize_t n;
	int rc = 0;

	if (!f) {
		cli_error("%s: %s", o->data, strerror(errno));
		return 1;
	}
	tu_plan_report_init(&r);
	while (rc == 0 && (n = getline(&line, &cap, f)) > 0) {
		no++;
		if (n == 1 && line[0] == '\n')
			continue;
		if (no > EVAL_ROWS_MAX) {
			cli_error("%s:%zu: more than %d rows", o->data, no,
				  EVAL_ROWS_MAX);
			rc = 1;
		} else if (tu_plan_eval_add(ev, line, (size_t)n, &r, &err) ==
			   TU_ENOMEM) {
			cli_error("%s:%zu: %s", o->data, no, err.msg);
			rc = 1;
		} else if (o->list || r.errors) {
			list_row(o->data, no, &r);
		}
	}
	free(line);
	fclose(f);
	tu_plan_report_release(&r);
	return rc;
}

/* "0.123" or "n/a" into a static buffer of the caller. */
static const char *num(char *buf, size_t cap, double v)
{
	if (isnan(v))
		snprintf(buf, cap, "n/a");
	else
		snprintf(buf, cap, "%.3f", v);
	return buf;
}

/* "error" or "warning": W codes and P04 are warnings. */
static const char *rule_sev(enum tu_plan_rule r)
{
	return tu_plan_rule_code(r)[0] == 'W' || r == TU_PLAN_R_UNKNOWN_KEY ?
	       "warning" : "error";
}

static void report_rules(FILE *f, const struct tu_plan_eval *ev)
{
	fprintf(f, "## Rules the gold plans break\n\n"
		"Plans with at least one error: %zu of %zu; with at least one "
		"warning: %zu.\n\n"
		"| code | rule | severity | plans (errors) | plans (warnings) "
		"| violations |\n|---|---|---|---|---|---|\n",
		ev->err_plans, ev->n_rows, ev->warn_plans);
	for (int k = 0; k < TU_PLAN_R_N; k++)
		fprintf(f, "| %s | %s | %s | %zu | %zu | %zu |\n",
			tu_plan_rule_code((enum tu_plan_rule)k),
			tu_plan_rule_name((enum tu_plan_rule)k),
			rule_sev((enum tu_plan_rule)k),
			ev->rule_err[k], ev->rule_warn[k],
			ev->viol_err[k] + ev->viol_warn[k]);
}

static void report_shape(FILE *f, const struct tu_plan_eval_summary *s)
{
	fprintf(f, "\n## Shape\n\n| measure | value |\n|---|---|\n"
		"| plans | %zu |\n| questions (with >= 2 profiles) | %zu (%zu) |\n"
		"| agents per plan | %.2f (%zu-%zu) |\n"
		"| subtasks per plan | %.2f (%zu-%zu) |\n"
		"| steps per plan | %.2f (%zu-%zu), %zu in all |\n"
		"| learner-facing steps | %.1f %% |\n"
		"| loops (plans with one; single-step form) | %zu (%zu; %zu) |\n",
		s->plans, s->questions, s->multi_profile_questions, s->agents,
		s->agents_min, s->agents_max, s->subtasks, s->subtasks_min,
		s->subtasks_max, s->steps, s->steps_min, s->steps_max,
		s->steps_total, 100.0 * s->human_share, s->loops,
		s->plans_with_loop, s->loops_single_form);
	for (int t = 0; t < TU_PLAN_TOOL_N; t++)
		if (s->tool_use[t])
			fprintf(f, "| steps using %s | %zu |\n",
				tu_plan_tool_name((enum tu_plan_tool)t),
				s->tool_use[t]);
	if (s->tool_other)
		fprintf(f, "| steps using another tool | %zu |\n",
			s->tool_other);
}

static void report_scores(FILE *f, const struct tu_plan_eval_summary *s)
{
	static const char *const chk[5] = {
		"probe in the first 50 %", "validate present",
		"feedback present", "consolidate in the last 40 %",
		"canonical phase order" };
	static const char *const parts[5] = { "agent roles", "subtask names",
					      "step ids", "edges", "tools" };
	char a[32], b[32], c[32];

	fprintf(f, "\n## Tier-1 rule metrics and R_struct parts (gold)\n\n"
		"| metric | mean |\n|---|---|\n| SchemaValid_Pass | %s |\n"
		"| ToolAgent_Perm | %s |\n| Topo_Consist | %s |\n",
		num(a, 32, s->schema_valid), num(b, 32, s->tool_agent_perm),
		num(c, 32, s->topo_consist));
	fprintf(f, "| DAG | %s |\n| dependency completeness | %s |\n"
		"| agent-tool relevance (lexical proxy) | %s |\n",
		num(a, 32, s->dag), num(b, 32, s->dep_complete),
		num(c, 32, s->atr));
	fprintf(f, "\n## Pedagogy (R_ped lite, gold)\n\n| measure | value |\n"
		"|---|---|\n| R_ped lite | %s |\n| phase score | %s |\n"
		"| subtask precedence | %s |\n", num(a, 32, s->r_ped),
		num(b, 32, s->ped_phase), num(c, 32, s->ped_prec));
	for (int i = 0; i < 5; i++)
		fprintf(f, "| share: %s | %s |\n", chk[i],
			num(a, 32, s->ped_checks[i]));
	fprintf(f, "\n## Personalisation (gold)\n\n| measure | value |\n"
		"|---|---|\n| profile grounding (all plans) | %s |\n"
		"| grounding in own profile / swapped profile (%zu pairs) | "
		"%s / %s |\n", num(a, 32, s->grounding), s->pairs,
		num(b, 32, s->grounding_own), num(c, 32, s->grounding_swapped));
	fprintf(f, "| text similarity, same question, two profiles | %s |\n"
		"| counterfactual personalisation (1 - that) | %s |\n",
		num(a, 32, s->cross_text_sim), num(b, 32, s->pers_cf));
	for (int i = 0; i < 5; i++)
		fprintf(f, "| Jaccard of %s, same question | %s |\n", parts[i],
			num(a, 32, s->cross_parts[i]));
}

static void report_planner(FILE *f, const struct tu_plan_planner_stats *ps,
			   const struct planner *pl)
{
	char a[32], b[32], c[32], d[32];

	fputs("\n## Planner\n\n", f);
	if (ps->n == 0) {
		fputs("planner: no plans made.\n", f);
		return;
	}
	if (pl->a)
		fprintf(f, "LLM planner: %zu plans from the LLM, %zu from the "
			"rules (fallback).\n\n", pl->from_llm, pl->from_rules);
	fprintf(f, "| measure | value |\n|---|---|\n| plans | %zu (%zu "
		"failed) |\n| validity rate | %.3f |\n"
		"| learner-facing share | %s |\n| structural similarity | %s |\n"
		"| counterfactual personalisation | %s |\n| R_ped lite | %s |\n",
		ps->n, ps->failed, (double)ps->valid / (double)ps->n,
		num(a, 32, ps->human_share), num(b, 32, ps->struct_sim),
		num(c, 32, ps->pers_cf), num(d, 32, ps->r_ped));
	fprintf(f, "| text similarity to gold / to the swapped-profile plan "
		"| %s / %s |\n", num(a, 32, ps->gold_text_sim),
		num(b, 32, ps->swap_text_sim));
	fprintf(f, "| grounding in own profile / swapped profile | %s / %s "
		"|\n", num(c, 32, ps->grounding_own),
		num(d, 32, ps->grounding_swapped));
}

static int write_report(const struct eval_opts *o,
			const struct tu_plan_eval *ev,
			const struct tu_plan_eval_summary *s,
			const struct tu_plan_planner_stats *ps,
			const struct planner *pl)
{
	char path[TU_FILE_PATH_MAX], *buf = NULL;
	size_t len = 0;
	struct tu_err err = TU_ERR_INIT;
	FILE *f = open_memstream(&buf, &len);

	if (!f)
		return 1;
	fprintf(f, "# tutor eval plans\n\nRows read: %zu, not a plan: %zu.  "
		"Rules and formulas: docs/plans.md.\n\n", ev->n_rows + ev->bad_rows,
		ev->bad_rows);
	report_rules(f, ev);
	report_shape(f, s);
	report_scores(f, s);
	report_planner(f, ps, pl);
	fclose(f);
	snprintf(path, sizeof(path), "%s/report.md", o->out);
	if (mkdir(o->out, 0755) != 0 && errno != EEXIST) {
		cli_error("%s: %s", o->out, strerror(errno));
		free(buf);
		return 1;
	}
	if (tu_file_write_atomic(path, buf, len, &err) != TU_OK) {
		cli_error("%s", err.msg);
		free(buf);
		return 1;
	}
	free(buf);
	return 0;
}

/* The tu_plan_planner_fn of `tutor eval plans`: the planner of ctx
 * (struct planner) on the row's query and profile. */
static enum tu_status eval_planner(void *ctx, const struct tu_plan_input *in,
				   struct tu_plan *out, struct tu_err *err)
{
	struct tu_plan_request rq = { in->query, in->about_me, in->tags,
		in->n_tags, TU_PLAN_LEVEL_UNKNOWN, NULL };
	char served[400];

	return planner_make(ctx, &rq, out, served, sizeof(served), err);
}

static void print_planner(const struct tu_plan_planner_stats *ps,
			  const struct planner *pl)
{
	if (ps->n == 0) {
		printf("planner: no plans made\n");
		return;
	}
	if (pl->a)
		printf("llm planner: %zu plans from the LLM, %zu from the rules"
		       "%s%s\n", pl->from_llm, pl->from_rules,
		       pl->first_fallback[0] ? "; first fallback: " : "",
		       pl->first_fallback);
	else if (pl->kind != PLANNER_RULES)
		printf("llm planner: not used (%s)\n", pl->why_rules);
	printf("planner: %zu plans (%zu failed), validity %.1f %%, "
	       "learner-facing %.1f %%, structural similarity %.3f, "
	       "counterfactual personalisation %.3f, R_ped %.3f\n", ps->n,
	       ps->failed, 100.0 * (double)ps->valid / (double)ps->n,
	       100.0 * ps->human_share, ps->struct_sim, ps->pers_cf, ps->r_ped);
	printf("planner personalisation: text similarity to gold %.3f, to the "
	       "swapped-profile plan %.3f; grounding in own profile %.3f, in "
	       "the swapped one %.3f\n", ps->gold_text_sim, ps->swap_text_sim,
	       ps->grounding_own, ps->grounding_swapped);
}

static void print_summary(const struct tu_plan_eval *ev,
			  const struct tu_plan_eval_summary *s)
{
	printf("plans: %zu (%zu not plans), questions %zu (%zu with >= 2 "
	       "profiles)\n", s->plans, ev->bad_rows, s->questions,
	       s->multi_profile_questions);
	printf("plans with errors: %zu, with warnings: %zu\n", ev->err_plans,
	       ev->warn_plans);
	for (int k = 0; k < TU_PLAN_R_N; k++)
		if (ev->rule_err[k] || ev->rule_warn[k])
			printf("  %s %-22s errors in %zu plans, warnings in "
			       "%zu plans\n",
			       tu_plan_rule_code((enum tu_plan_rule)k),
			       tu_plan_rule_name((enum tu_plan_rule)k),
			       ev->rule_err[k], ev->rule_warn[k]);
	printf("steps %.2f per plan, learner-facing %.1f %%, R_ped %.3f, "
	       "grounding %.3f, cross-profile text similarity %.3f\n",
	       s->steps, 100.0 * s->human_share, s->r_ped, s->grounding,
	       s->cross_text_sim);
}

int eval_plans_main(int argc, char **argv)
{
	struct eval_opts o;
	struct planner pl;
	struct tu_plan_eval ev;
	struct tu_plan_eval_summary s;
	struct tu_plan_planner_stats ps;
	int rc = eval_plans_opts(argc, argv, &o);

	if (rc >= 0)
		return rc;
	if (planner_open("eval plans", &o.po, &pl)) {
		planner_close(&pl);
		return 1;
	}
	tu_plan_eval_init(&ev);
	rc = eval_read(&o, &ev);
	if (rc == 0 && ev.n_rows == 0) {
		cli_error("%s: no plan rows", o.data);
		rc = 1;
	}
	if (rc == 0) {
		tu_plan_eval_summary(&ev, &s);
		tu_plan_eval_planner(&ev, eval_planner, &pl, &ps);
		print_summary(&ev, &s);
		print_planner(&ps, &pl);
		rc = write_report(&o, &ev, &s, &ps, &pl);
		if (rc == 0)
			printf("wrote %s/report.md\n", o.out);
	}
	tu_plan_eval_release(&ev);
	planner_close(&pl);
	return rc;
}
