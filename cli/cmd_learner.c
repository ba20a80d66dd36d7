/*
 * cmd_learner.c - `tutor learner add|list|use|set`: register learners and
 * their preferences (each change is an event through the orchestrator).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "platform.h"

static void learner_usage(FILE *out)
{
	fputs("usage: tutor learner add ID [options]\n"
	      "       tutor learner set [options]\n"
	      "       tutor learner list\n"
	      "       tutor learner use ID\n\n"
	      "add registers a learner (id: letters, digits, '.', '_', '-') "
	      "and makes it the\ncurrent one; set changes the current "
	      "learner's preferences; use switches the\ncurrent learner.\n\n"
	      "  --name TEXT        display name (add only)\n"
	      "  --skill LEVEL      beginner, intermediate or advanced\n"
	      "  --language LANG    python (default) or c\n"
	      "  --budget MIN       minutes per day (sizes the daily set)\n"
	      "  --scheduler S      sm2 (default) or fsrs\n"
	      "  --utc-offset MIN   local time offset from UTC in minutes\n"
	      "  --nudges on|off    engagement nudges (default on)\n"
	      CLI_COMMON_HELP
	      "  -h, --help         show this help\n", out);
}

struct learner_opts {
	struct cli_common common;
	const char *name;
	struct tu_ev_prefs prefs;
};

static int parse_enum(const char *what, const char *arg,
		      const char *const *names, int n, int *out)
{
	for (int i = 0; i < n; i++) {
		if (strcmp(arg, names[i]) == 0) {
			*out = i;
			return 0;
		}
	}
	cli_error("learner: --%s: unknown value '%s'", what, arg);
	return EXIT_USAGE;
}

static int pref_opt(struct tu_ev_prefs *p, int c, const char *arg)
{
	static const char *const skills[] = { "unknown", "beginner",
		"intermediate", "advanced" };
	static const char *const scheds[] = { "sm2", "fsrs" };
	static const char *const onoff[] = { "off", "on" };
	int v = 0, rc = 0;
	char *end;

	switch (c) {
	case 's': rc = parse_enum("skill", arg, skills, 4, &v);
		p->skill_level = (enum tu_skill_level)v; p->set |= TU_PREF_SKILL; break;
	case 'l': snprintf(p->language, sizeof(p->language), "%s", arg);
		p->set |= TU_PREF_LANGUAGE; break;
	case 'b': p->time_budget_min = (uint32_t)strtoul(arg, &end, 10);
		rc = (*end || p->time_budget_min > 1440) ? EXIT_USAGE : 0;
		p->set |= TU_PREF_BUDGET; break;
	case 'S': rc = parse_enum("scheduler", arg, scheds, 2, &v);
		p->scheduler = (enum tu_scheduler)v; p->set |= TU_PREF_SCHED; break;
	case 'u': p->utc_offset_min = (int32_t)strtol(arg, &end, 10);
		rc = (*end || p->utc_offset_min <= -1440 ||
		      p->utc_offset_min >= 1440) ? EXIT_USAGE : 0;
		p->set |= TU_PREF_UTC; break;
	case 'N': rc = parse_enum("nudges", arg, onoff, 2, &v);
		p->nudges = v == 1; p->set |= TU_PREF_NUDGES; break;
	default: return -1;
	}
	if (rc && (c == 'b' || c == 'u'))
		cli_error("learner: bad number '%s'", arg);
	return rc;
}

static int parse_opts(int argc, char **argv, struct learner_opts *o)
{
	static const struct option longs[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "skill", required_argument, NULL, 's' },
		{ "language", required_argument, NULL, 'l' },
		{ "budget", required_argument, NULL, 'b' },
		{ "scheduler", required_argument, NULL, 'S' },
		{ "utc-offset", required_argument, NULL, 'u' },
		{ "nudges", required_argument, NULL, 'N' },
		{ "help", no_argument, NULL, 'h' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c, rc;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		if (c == 'h') {
			learner_usage(stdout);
			return 0;
		}
		if (c == 'n') {
			o->name = optarg;
			continue;
		}
		if (cli_common_opt(&o->common, c, optarg))
			continue;
		rc = pref_opt(&o->prefs, c, optarg);
		if (rc == 0)
			continue;
		if (rc < 0)
			cli_error("learner: unknown or incomplete option '%s'; "
				  "see 'tutor learner --help'",
				  argv[optind - 1]);
		return EXIT_USAGE;
	}
	return -1;
}

static int learner_add(struct learner_opts *o, const char *id)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_orch_result res;
	struct tu_event_in ev;
	struct cli_env e;
	int rc = 1;

	if (cli_env_open(&e, &o->common, CLI_NEED_COURSE))
		goto out;
	if (tu_store_learner_add(e.store, id, o->name ? o->name : "", e.now,
				 &err)) {
		cli_error("%s", err.msg);
		goto out;
	}
	snprintf(e.learner, sizeof(e.learner), "%s", id);
	tu_event_in_init(&ev);
	ev.type = TU_EV_LEARNER_CREATED;
	ev.at = e.now;
	ev.u.prefs = o->prefs;
	if (!(ev.u.prefs.set & TU_PREF_LANGUAGE)) {
		snprintf(ev.u.prefs.language, sizeof(ev.u.prefs.language),
			 "python");
		ev.u.prefs.set |= TU_PREF_LANGUAGE;
	}
	if (cli_handle(&e, &ev, &res) == 0) {
		tu_orch_result_release(&res);
		tu_store_setting_set(e.store, "current_learner", id, NULL);
		printf("learner '%s' added (current learner)\n", id);
		rc = 0;
	}
out:
	cli_env_close(&e);
	return rc;
}

static int learner_set(struct learner_opts *o)
{
	struct tu_orch_result res;
	struct tu_event_in ev;
	struct cli_env e;
	int rc = 1;

	if (!o->prefs.set) {
		cli_error("learner set: nothing to change; see 'tutor learner "
			  "--help'");
		return EXIT_USAGE;
	}
	if (cli_env_open(&e, &o->common, CLI_NEED_COURSE | CLI_NEED_LEARNER))
		goto out;
	tu_event_in_init(&ev);
	ev.type = TU_EV_PREFERENCES;
	ev.at = e.now;
	ev.u.prefs = o->prefs;
	if (cli_handle(&e, &ev, &res) == 0) {
		printf("preferences of '%s' updated (version %llu)\n",
		       e.learner, (unsigned long long)res.version);
		tu_orch_result_release(&res);
		rc = 0;
	}
out:
	cli_env_close(&e);
	return rc;
}

static int print_row(const struct tu_learner_row *row, void *ctx)
{
	const char *cur = ctx;

	printf("%c %-20s version %-6llu %s\n",
	       strcmp(cur, row->id) == 0 ? '*' : ' ', row->id,
	       (unsigned long long)row->version, row->name);
	return 0;
}

static int learner_list(struct learner_opts *o)
{
	struct tu_err err = TU_ERR_INIT;
	char cur[TU_STORE_SETTING_MAX] = "";
	struct cli_env e;
	int rc = 1;

	if (cli_env_open(&e, &o->common, 0) == 0) {
		tu_store_setting_get(e.store, "current_learner", cur,
				     sizeof(cur), NULL);
		rc = tu_store_learner_each(e.store, print_row, cur, &err)
			     ? 1 : 0;
		if (rc)
			cli_error("%s", err.msg);
	}
	cli_env_close(&e);
	return rc;
}

static int learner_use(struct learner_opts *o, const char *id)
{
	struct cli_env e;
	int rc = 1;

	o->common.learner = id;
	if (cli_env_open(&e, &o->common, CLI_NEED_LEARNER) == 0 &&
	    tu_store_setting_set(e.store, "current_learner", id, NULL) == 0) {
		printf("current learner: %s\n", id);
		rc = 0;
	}
	cli_env_close(&e);
	return rc;
}

int cmd_learner(int argc, char **argv)
{
	struct learner_opts o;
	const char *sub;
	int rc;

	memset(&o, 0, sizeof(o));
	if (argc >= 2 && argv[1][0] != '-') {
		sub = argv[1];
		argc--;
		argv++;
	} else {
		sub = NULL;
	}
	rc = parse_opts(argc, argv, &o);
	if (rc >= 0)
		return rc;
	if (sub && strcmp(sub, "add") == 0 && optind + 1 == argc)
		return learner_add(&o, argv[optind]);
	if (sub && strcmp(sub, "use") == 0 && optind + 1 == argc)
		return learner_use(&o, argv[optind]);
	if (sub && strcmp(sub, "list") == 0 && optind == argc)
		return learner_list(&o);
	if (sub && strcmp(sub, "set") == 0 && optind == argc)
		return learner_set(&o);
	cli_error("learner: expected 'add ID', 'set', 'list' or 'use ID'; "
		  "see 'tutor learner --help'");
	return EXIT_USAGE;
}
