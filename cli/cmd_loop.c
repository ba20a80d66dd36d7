/*
 * cmd_loop.c - the learning-loop commands, one event each (plus an
 * "assist" event for each text the assistant showed, cli/loop.h):
 *   tutor next      on_session_check   (what to do now, plus any nudge,
 *                   and a narrative introducing the first pick)
 *   tutor daily     on_daily_generation (the day's set)
 *   tutor hint      on_hint_request (the level), then the hint text
 *   tutor reviews   lists reviews; --trigger fires on_review_due
 *   tutor submit    judge FILE, then on_submission; a review after AC
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "loop.h"
#include "platform.h"
#include "render.h"

struct loop_opts {
	struct cli_common common;
	const char *item, *lang;
	unsigned k;
	bool trigger;
	int nargs;
	char **args;
};

static void loop_usage(const char *cmd, FILE *out)
{
	if (strcmp(cmd, "submit") == 0)
		fputs("usage: tutor submit FILE [--item ID] [--lang LANG]\n\n"
		      "Judges FILE in the sandbox against the item's public "
		      "and hidden tests,\nthen records the submission: mastery, "
		      "misconceptions, review schedule and\nfeedback.  After an "
		      "accepted submission the text assistant reviews the\ncode "
		      "(an LLM when one is configured, else the judge's review "
		      "findings);\na line says which path served it.  The item "
		      "defaults to the current one\n(from tutor next).\n\n"
		      "  --item ID          problem id\n"
		      "  --lang LANG        python or c (default: from the file "
		      "name)\n", out);
	else if (strcmp(cmd, "hint") == 0)
		fputs("usage: tutor hint [--item ID]\n\nAsks for the next "
		      "hint on the item (five levels: metacognitive,\n"
		      "conceptual, strategic, structural, targeted).  The hint "
		      "policy picks the\nlevel; the text comes from the text "
		      "assistant: an LLM when one is\nconfigured (given your "
		      "latest code and its first failing public test),\nelse "
		      "the course's authored hint.  A second line says which "
		      "path served\nit: json_schema, json_object, text, cache, "
		      "or fallback with the reason.\n\n"
		      "  --item ID          problem id (default: the current "
		      "item)\n", out);
	else if (strcmp(cmd, "reviews") == 0)
		fputs("usage: tutor reviews [--trigger]\n\nLists the "
		      "learner's review queue (due first).  With --trigger, "
		      "runs\nthe on_review_due check: overdue and low-recall "
		      "reviews are brought\nforward and picked.\n\n"
		      "  --trigger          run the on_review_due trigger\n", out);
	else
		fprintf(out, "usage: tutor %s [-k N]\n\n%s\n\n"
			"  -k N               how many items (default: %s)\n",
			cmd, strcmp(cmd, "next") == 0
			? "Checks in (on_session_check): picks what to work on "
			  "next with the 40/50/10\nreview/growth/challenge "
			  "policy and shows any engagement nudge.  The first\n"
			  "pick becomes the current item; a short narrative from "
			  "the text assistant\nintroduces it (an LLM when one is "
			  "configured, else a template for your\npersona), with "
			  "a line saying which path served it."
			: "Generates the day's problem set "
			  "(on_daily_generation).",
			strcmp(cmd, "next") == 0 ? "3" : "from the time budget");
	fputs(CLI_COMMON_HELP "  -h, --help         show this help\n", out);
}

static int parse_opts(const char *cmd, int argc, char **argv,
		      struct loop_opts *o)
{
	static const struct option longs[] = {
		{ "item", required_argument, NULL, 'i' },
		{ "lang", required_argument, NULL, 'L' },
		{ "trigger", no_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "hk:", longs, NULL)) != -1) {
		if (cli_common_opt(&o->common, c, optarg))
			continue;
		switch (c) {
		case 'i': o->item = optarg; break;
		case 'L': o->lang = optarg; break;
		case 't': o->trigger = true; break;
		case 'k':
			o->k = (unsigned)strtoul(optarg, &end, 10);
			if (*end || o->k < 1 || o->k > 32) {
				cli_error("%s: -k must be 1..32", cmd);
				return EXIT_USAGE;
			}
			break;
		case 'h': loop_usage(cmd, stdout); return 0;
		default:
			cli_error("%s: unknown or incomplete option '%s'; see "
				  "'tutor %s --help'", cmd, argv[optind - 1],
				  cmd);
			return EXIT_USAGE;
		}
	}
	o->nargs = argc - optind;
	o->args = argv + optind;
	return -1;
}

/* ---- next / daily / hint ------------------------------------------------ */

static int simple_event(const char *cmd, int argc, char **argv,
			enum tu_event_type type)
{
	struct loop_opts o;
	struct tu_event_in ev;
	struct cli_env e;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse_opts(cmd, argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (o.nargs) {
		cli_error("%s: unexpected argument '%s'", cmd, o.args[0]);
		return EXIT_USAGE;
	}
	rc = cli_env_open(&e, &o.common, CLI_NEED_COURSE | CLI_NEED_LEARNER);
	if (rc == 0) {
		tu_event_in_init(&ev);
		ev.type = type;
		if (type == TU_EV_HINT_REQUEST)
			rc = loop_current_item(&e, o.item, ev.u.item);
		else
			ev.u.k = o.k;
		if (rc == 0 && type == TU_EV_HINT_REQUEST)
			rc = loop_hint(&e, ev.u.item);
		else if (rc == 0 && type == TU_EV_SESSION_CHECK)
			rc = loop_next(&e, o.k);
		else if (rc == 0)
			rc = loop_run_event(&e, &ev);
	}
	cli_env_close(&e);
	return rc;
}

int cmd_next(int argc, char **argv)
{
	return simple_event("next", argc, argv, TU_EV_SESSION_CHECK);
}

int cmd_daily(int argc, char **argv)
{
	return simple_event("daily", argc, argv, TU_EV_DAILY_GENERATION);
}

int cmd_hint(int argc, char **argv)
{
	return simple_event("hint", argc, argv, TU_EV_HINT_REQUEST);
}

/* ---- reviews ------------------------------------------------------------- */

static int list_reviews(struct cli_env *e)
{
	struct tu_learner_state st;
	struct tu_err err = TU_ERR_INIT;
	char when[64];

	tu_learner_state_init(&st);
	if (tu_orch_load(&e->orch, e->learner, &st, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	if (st.n_reviews == 0)
		printf("no reviews scheduled yet: solve a problem first\n");
	for (size_t i = 0; i < st.n_reviews; i++) {
		const struct tu_review_item *r = &st.reviews[i];

		cli_fmt_time(r->due, when, sizeof(when));
		printf("%-20s %s  %s (interval %.0f d, %u reps)\n", r->item,
		       r->due <= e->now ? "DUE " : "    ", when,
		       r->interval_days, r->repetitions);
	}
	tu_learner_state_release(&st);
	return 0;
}

int cmd_reviews(int argc, char **argv)
{
	struct loop_opts o;
	struct tu_event_in ev;
	struct cli_env e;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse_opts("reviews", argc, argv, &o);
	if (rc >= 0)
		return rc;
	rc = cli_env_open(&e, &o.common, CLI_NEED_COURSE | CLI_NEED_LEARNER);
	if (rc == 0 && o.trigger) {
		tu_event_in_init(&ev);
		ev.type = TU_EV_REVIEW_DUE;
		rc = loop_run_event(&e, &ev);
	} else if (rc == 0) {
		rc = list_reviews(&e);
	}
	cli_env_close(&e);
	return rc;
}

/* ---- submit ---------------------------------------------------------------- */

int cmd_submit(int argc, char **argv)
{
	struct loop_opts o;
	struct cli_env e;
	char item[TU_ID_MAX];
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse_opts("submit", argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (o.nargs != 1) {
		cli_error("submit: need one FILE; see 'tutor submit --help'");
		return EXIT_USAGE;
	}
	rc = cli_env_open(&e, &o.common, CLI_NEED_COURSE | CLI_NEED_LEARNER);
	if (rc == 0)
		rc = loop_current_item(&e, o.item, item);
	if (rc == 0)
		rc = loop_submit(&e, item, o.args[0], o.lang);
	cli_env_close(&e);
	return rc;
}
