/*
 * cmd_assist.c - `tutor ask` and `tutor goals set|show`: the chat under
 * the no-solution rule, and goals in the learner's own words.
 *
 * ask: the answer comes from tu_assist_ask and is recorded as an "assist"
 * event.  goals set: tu_assist_goals extracts typed goal components from
 * the text (the learner's existing goals are passed for re-evaluation);
 * they are recorded as a "goals_stated" event, which the learner profiler
 * merges into the state, and the summary shown as an "assist" event.
 * goals show: the state's goals.  Thin: the decisions are in src/assist
 * and the agents.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "assist_cli.h"
#include "commands.h"
#include "loop.h"
#include "tutor/utf8.h"

struct ask_opts {
	struct cli_common common;
	const char *item;
	int nargs;
	char **args;
};

static void ask_usage(FILE *out)
{
	fputs("usage: tutor ask QUESTION... [--item ID]\n\n"
	      "Asks the tutor a question (the words are joined with spaces; "
	      "at most 2000\nbytes).  With an LLM configured it answers under "
	      "the no-solution rule: an\nanswer that reveals a reference "
	      "solution or a hidden test is refused and the\ndeterministic "
	      "answer serves instead: the course's learning actions that "
	      "best\nmatch the question and, about the current problem, the "
	      "next hint.  A second\nline says which path served the answer "
	      "(json_schema, json_object, text,\ncache, or fallback with the "
	      "reason).  The answer is recorded in the log.\n\n"
	      "  --item ID          the problem the question is about "
	      "(default: the current\n"
	      "                     item, if any)\n"
	      CLI_COMMON_HELP
	      "  -h, --help         show this help\n", out);
}

static void goals_usage(FILE *out)
{
	fputs("usage: tutor goals set TEXT...\n"
	      "       tutor goals show\n\n"
	      "set reads your goals from TEXT, your own words (\"I want to get "
	      "better at\nloops for a job interview, 20 minutes a day\"): "
	      "long- and short-term\nobjectives and explicit and implicit "
	      "motivations, each with a metric and a\ntarget where one can "
	      "be measured (docs/llm.md).  An LLM extracts them when\none is "
	      "configured, else rules do.  They are recorded as a "
	      "goals_stated event\nand merged into your learner state (a goal "
	      "stated again is updated), then\nprinted as a table.  show "
	      "lists your goals with their measured values.\n\n"
	      CLI_COMMON_HELP
	      "  -h, --help         show this help\n", out);
}

static int parse(const char *cmd, void (*usage)(FILE *), int argc,
		 char **argv, struct ask_opts *o)
{
	static const struct option longs[] = {
		{ "item", required_argument, NULL, 'i' },
		{ "help", no_argument, NULL, 'h' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		if (cli_common_opt(&o->common, c, optarg))
			continue;
		if (c == 'i' && strcmp(cmd, "ask") == 0) {
			o->item = optarg;
			continue;
		}
		if (c == 'h') {
			usage(stdout);
			return 0;
		}
		cli_error("%s: unknown or incomplete option '%s'; see 'tutor "
			  "%s --help'", cmd, argv[optind - 1], cmd);
		return EXIT_USAGE;
	}
	o->nargs = argc - optind;
	o->args = argv + optind;
	return -1;
}

/* Joins the words into buf[cap]; EXIT_USAGE (message printed) when
 * empty, too long or not UTF-8. */
static int join_words(const char *cmd, const char *what, char **words,
		      int n, char *buf, size_t cap)
{
	size_t used = 0;

	buf[0] = '\0';
	for (int i = 0; i < n; i++) {
		size_t len = strlen(words[i]);

		if (used + len + (i > 0) >= cap) {
			cli_error("%s: the %s is longer than %zu bytes", cmd,
				  what, cap - 1);
			return EXIT_USAGE;
		}
		if (i > 0)
			buf[used++] = ' ';
		memcpy(buf + used, words[i], len + 1);
		used += len;
	}
	if (strspn(buf, " \t\r\n") == used) {
		cli_error("%s: no %s given; see 'tutor %s --help'", cmd, what,
			  cmd);
		return EXIT_USAGE;
	}
	if (!tu_utf8_valid(buf, used, NULL)) {
		cli_error("%s: the %s is not valid UTF-8", cmd, what);
		return EXIT_USAGE;
	}
	return 0;
}

static int load_state(struct cli_env *e, struct tu_learner_state *st)
{
	struct tu_err err = TU_ERR_INIT;

	tu_learner_state_init(st);
	if (tu_orch_load(&e->orch, e->learner, st, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}

/* Prints the result (text or JSON) of one recorded assist text. */
static void print_shown(const struct cli_env *e, enum tu_assist_use use,
			const char *item, const struct tu_assist_result *r,
			uint64_t seq, uint64_t version)
{
	char *js;

	if (!e->json) {
		cli_assist_print("", r);
		return;
	}
	js = cli_assist_json(use, item, r, seq, version);
	printf("{\"assist\":%s}\n", js ? js : "null");
	free(js);
}

/* ---- ask -----------------------------------------------------------------*/

static int ask_item(struct cli_env *e, const char *opt, char *item)
{
	char cur[TU_STORE_SETTING_MAX];

	item[0] = '\0';
	if (opt)
		return loop_current_item(e, opt, item);
	if (cli_setting_get(e, "current_item", cur, sizeof(cur)) == 0 &&
	    strlen(cur) < TU_ID_MAX && tu_course_problem_find(&e->course, cur))
		memcpy(item, cur, strlen(cur) + 1);
	return 0;
}

static int ask(struct cli_env *e, const char *question, const char *opt)
{
	struct tu_assist *a = cli_assist(e);
	struct tu_err err = TU_ERR_INIT;
	struct tu_assist_result r;
	struct tu_assist_ask_in in;
	struct tu_learner_state st;
	struct tu_assist_who who;
	struct tu_last_code code;
	char item[TU_ID_MAX];
	uint64_t seq = 0, ver = 0;
	int rc = 1;

	if (!a || ask_item(e, opt, item) || load_state(e, &st))
		return 1;
	tu_assist_result_init(&r);
	memset(&in, 0, sizeof(in));
	in.question = question;
	in.problem = item[0] ? tu_course_problem_find(&e->course, item) : NULL;
	if (cli_last_code(e, item, &code) == 0) {
		in.code = code.code;
		in.lang = code.code ? code.lang :
			  strcmp(st.preferences.language, "c") == 0 ?
			  TU_LANG_C : TU_LANG_PYTHON;
		cli_assist_who(e, &st, in.problem, &who);
		if (tu_assist_ask(a, &who, &in, &r, &err)) {
			cli_error("ask: %s", err.msg);
		} else {
			cli_assist_redact(e, &r);
			rc = cli_assist_record(e, TU_USE_ASK, item, &r, &seq,
					       &ver);
			print_shown(e, TU_USE_ASK, item, &r, seq, ver);
		}
		tu_last_code_release(&code);
	}
	tu_assist_result_release(&r);
	tu_learner_state_release(&st);
	return rc;
}

int cmd_ask(int argc, char **argv)
{
	char question[TU_ASSIST_QUESTION_MAX + 1];
	struct ask_opts o;
	struct cli_env e;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse("ask", ask_usage, argc, argv, &o);
	if (rc >= 0)
		return rc;
	rc = join_words("ask", "question", o.args, o.nargs, question,
			sizeof(question));
	if (rc)
		return rc;
	rc = cli_env_open(&e, &o.common, CLI_NEED_COURSE | CLI_NEED_LEARNER);
	if (rc == 0)
		rc = ask(&e, question, o.item);
	cli_env_close(&e);
	return rc;
}

/* ---- goals ---------------------------------------------------------------*/

static void target(const struct tu_goal *g, char *buf, size_t cap)
{
	if (!g->metric[0])
		snprintf(buf, cap, "-");
	else
		snprintf(buf, cap, "%s %s %g", g->metric,
			 tu_cmp_name(g->threshold_cmp), g->threshold);
}

static void goal_table(const struct tu_goal *g, size_t n, bool measured)
{
	char t[TU_SHORT_MAX + 40];

	printf("%-28s %-21s %-26s %4s", "goal", "dimension", "target",
	       "conf");
	if (measured)
		printf(" %8s %3s", "measured", "met");
	printf("  description\n");
	for (size_t i = 0; i < n; i++) {
		target(&g[i], t, sizeof(t));
		printf("%-28s %-21s %-26s %4.2f", g[i].id,
		       tu_goal_dimension_name(g[i].dimension), t,
		       g[i].confidence);
		if (measured && isnan(g[i].value))
			printf(" %8s %3s", "-", "no");
		else if (measured)
			printf(" %8.3g %3s", g[i].value,
			       g[i].aligned ? "yes" : "no");
		printf("  %s\n", g[i].description);
	}
}

static json_t *goal_json(const struct tu_goal *g)
{
	json_t *ev = json_array();

	for (size_t i = 0; ev && i < g->n_evidence; i++)
		json_array_append_new(ev, json_string(g->evidence[i]));
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:o, s:f, s:f, s:b, "
			 "s:o*}", "id", g->id, "dimension",
			 tu_goal_dimension_name(g->dimension), "description",
			 g->description, "metric", g->metric, "cmp",
			 tu_cmp_name(g->threshold_cmp), "threshold",
			 g->threshold, "value", isnan(g->value) ? json_null()
			 : json_real(g->value), "confidence", g->confidence,
			 "weight", g->weight, "aligned", g->aligned,
			 "evidence", ev);
}

static void print_goals_json(const struct tu_goal *g, size_t n,
			     const char *extra)
{
	json_t *a = json_array();
	char *s;

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, goal_json(&g[i]));
	s = a ? json_dumps(a, JSON_COMPACT) : NULL;
	printf("{\"goals\":%s%s}\n", s ? s : "[]", extra ? extra : "");
	free(s);
	json_decref(a);
}

static int goals_show(struct cli_env *e)
{
	struct tu_learner_state st;

	if (load_state(e, &st))
		return 1;
	if (e->json)
		print_goals_json(st.goals, st.n_goals, NULL);
	else if (st.n_goals == 0)
		printf("no goals yet: tell the tutor with 'tutor goals set "
		       "TEXT'\n");
	else
		goal_table(st.goals, st.n_goals, true);
	tu_learner_state_release(&st);
	return 0;
}

/* A goal without evidence gets the learner's words (cut to fit). */
static void add_words(struct tu_goal *g, const char *text)
{
	size_t n = strlen(text), cap = sizeof(g->evidence[0]) - 3;

	if (g->n_evidence > 0)
		return;
	if (n > cap) {
		n = cap;
		while (n > 0 && ((unsigned char)text[n] & 0xC0) == 0x80)
			n--;
	}
	snprintf(g->evidence[0], sizeof(g->evidence[0]), "\"%.*s\"", (int)n,
		 text);
	g->n_evidence = 1;
}

/* Records the extracted goals as one goals_stated event. */
static int record_goals(struct cli_env *e, struct tu_assist_result *r,
			const char *text, struct tu_orch_result *res)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_event_in ev;

	tu_event_in_init(&ev);
	ev.type = TU_EV_GOALS_STATED;
	ev.at = e->now;
	for (size_t i = 0; i < r->n_goals && i < TU_EVENT_GOALS_MAX; i++) {
		ev.u.goals.goals[i] = r->goals[i];
		add_words(&ev.u.goals.goals[i], text);
		ev.u.goals.n = i + 1;
	}
	if (tu_ev_goals_check(&ev.u.goals, &err)) {
		cli_error("goals: the extracted goals are not valid: %s",
			  err.msg);
		return 1;
	}
	return cli_handle(e, &ev, res);
}

static void goals_set_print(const struct cli_env *e,
			    const struct tu_assist_result *r,
			    const struct tu_orch_result *res, uint64_t seq,
			    uint64_t ver)
{
	char *js, *extra;
	size_t cap;
	char by[320];

	if (!e->json) {
		/* the table says what the summary text (recorded) says */
		if (r->n_goals)
			goal_table(r->goals, r->n_goals, false);
		else
			printf("%s\n", r->text ? r->text : "no goal found");
		cli_served_by(r, by, sizeof(by));
		printf("(served by: %s)\n", by);
		return;
	}
	js = cli_assist_json(TU_USE_GOALS, "", r, seq, ver);
	cap = (js ? strlen(js) : 4) + (res->outputs ? strlen(res->outputs) :
				       4) + 96;
	extra = malloc(cap);
	if (extra)
		snprintf(extra, cap, ",\"seq\":%llu,\"outputs\":%s,"
			 "\"assist\":%s", (unsigned long long)res->seq,
			 res->outputs ? res->outputs : "null",
			 js ? js : "null");
	print_goals_json(r->goals, r->n_goals, extra);
	free(extra);
	free(js);
}

static int goals_set(struct cli_env *e, const char *text)
{
	struct tu_assist *a = cli_assist(e);
	struct tu_err err = TU_ERR_INIT;
	struct tu_orch_result res;
	struct tu_assist_result r;
	struct tu_learner_state st;
	struct tu_assist_who who;
	uint64_t seq = 0, ver = 0;
	int rc = 1;

	if (!a || load_state(e, &st))
		return 1;
	tu_assist_result_init(&r);
	tu_orch_result_init(&res);
	cli_assist_who(e, &st, NULL, &who);
	if (tu_assist_goals(a, &who, text, st.goals, st.n_goals, &r, &err)) {
		cli_error("goals: %s", err.msg);
	} else {
		cli_assist_redact(e, &r);
		rc = r.n_goals ? record_goals(e, &r, text, &res) : 0;
		if (rc == 0)
			rc = cli_assist_record(e, TU_USE_GOALS, "", &r, &seq,
					       &ver);
		if (rc == 0)
			goals_set_print(e, &r, &res, seq, ver);
	}
	tu_orch_result_release(&res);
	tu_assist_result_release(&r);
	tu_learner_state_release(&st);
	return rc;
}

int cmd_goals(int argc, char **argv)
{
	char text[TU_ASSIST_QUESTION_MAX + 1];
	struct ask_opts o;
	struct cli_env e;
	const char *sub;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse("goals", goals_usage, argc, argv, &o);
	if (rc >= 0)
		return rc;
	sub = o.nargs ? o.args[0] : "";
	if (strcmp(sub, "set") == 0) {
		rc = join_words("goals set", "text", o.args + 1, o.nargs - 1,
				text, sizeof(text));
		if (rc)
			return rc;
	} else if (strcmp(sub, "show") != 0 || o.nargs > 1) {
		cli_error("goals: expected 'set TEXT' or 'show'; see 'tutor "
			  "goals --help'");
		return EXIT_USAGE;
	}
	rc = cli_env_open(&e, &o.common, CLI_NEED_COURSE | CLI_NEED_LEARNER);
	if (rc == 0)
		rc = strcmp(sub, "set") == 0 ? goals_set(&e, text)
					     : goals_show(&e);
	cli_env_close(&e);
	return rc;
}
