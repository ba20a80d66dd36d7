/*
 * cmd_state.c - `tutor state show|history|replay`: read the learner's
 * state, its event log and audit trail, and check state = replay(log).
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "platform.h"

static void state_usage(FILE *out)
{
	fputs("usage: tutor state show\n"
	      "       tutor state history [--audit] [--limit N]\n"
	      "       tutor state replay\n\n"
	      "show prints the learner's current state (mastery, "
	      "misconceptions, reviews,\nengagement, goals); history lists the "
	      "event log (with --audit, every change each\nagent made and "
	      "why); replay rebuilds the state from the log and checks it\n"
	      "equals the stored snapshot (exit 1 when it does not).\n\n"
	      "  --audit            show the audit records under each event\n"
	      "  --limit N          only the last N events\n"
	      CLI_COMMON_HELP
	      "  -h, --help         show this help\n", out);
}

struct state_opts {
	struct cli_common common;
	bool audit;
	unsigned long limit;
};

static int parse_opts(int argc, char **argv, struct state_opts *o)
{
	static const struct option longs[] = {
		{ "audit", no_argument, NULL, 'a' },
		{ "limit", required_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	char *end;
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		if (cli_common_opt(&o->common, c, optarg))
			continue;
		switch (c) {
		case 'a': o->audit = true; break;
		case 'n':
			o->limit = strtoul(optarg, &end, 10);
			if (*end || !o->limit) {
				cli_error("state: --limit must be a positive "
					  "number");
				return EXIT_USAGE;
			}
			break;
		case 'h': state_usage(stdout); return 0;
		default:
			cli_error("state: unknown or incomplete option '%s'; "
				  "see 'tutor state --help'", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	return -1;
}

/* ---- show ------------------------------------------------------------- */

static void show_text(const struct tu_learner_state *s, int64_t now)
{
	char when[64];

	cli_fmt_time(s->updated, when, sizeof(when));
	printf("learner %s, version %llu, updated %s\n", s->learner_id,
	       (unsigned long long)s->version, when);
	printf("streak %u day(s), longest %u, failure streak %u\n",
	       s->engagement.streak_days, s->engagement.longest_streak,
	       s->engagement.failure_streak);
	for (size_t i = 0; i < s->n_topics; i++)
		printf("  topic %-18s mastery %.2f  (%u/%u solved) %s\n",
		       s->topics[i].topic, s->topics[i].mastery,
		       s->topics[i].successes, s->topics[i].attempts,
		       tu_mastery_level_name(tu_topic_level(&s->topics[i])));
	for (size_t i = 0; i < s->n_misconceptions; i++)
		printf("  misconception %-18s seen %u time(s)\n",
		       s->misconceptions[i].id, s->misconceptions[i].count);
	for (size_t i = 0; i < s->n_reviews; i++) {
		cli_fmt_time(s->reviews[i].due, when, sizeof(when));
		printf("  review %-18s due %s%s\n", s->reviews[i].item, when,
		       s->reviews[i].due <= now ? " (due now)" : "");
	}
	for (size_t i = 0; i < s->n_notes; i++)
		printf("  note [%s] %s\n", s->notes[i].section,
		       s->notes[i].text);
	for (size_t i = 0; i < s->n_goals; i++)
		printf("  goal %-18s %s%s\n", s->goals[i].id,
		       s->goals[i].description,
		       s->goals[i].aligned ? " (met)" : "");
}

static int state_show(struct cli_env *e)
{
	struct tu_learner_state st;
	struct tu_err err = TU_ERR_INIT;
	char *json = NULL;
	size_t len;
	int rc = 0;

	tu_learner_state_init(&st);
	if (tu_orch_load(&e->orch, e->learner, &st, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	if (!e->json) {
		show_text(&st, e->now);
	} else if (tu_learner_state_encode(&st, &json, &len, &err)) {
		cli_error("%s", err.msg);
		rc = 1;
	} else {
		printf("%s\n", json);
	}
	free(json);
	tu_learner_state_release(&st);
	return rc;
}

/* ---- history ------------------------------------------------------------ */

struct hist {
	struct cli_env *e;
	bool audit;
	uint64_t skip;
};

static int print_audit(uint64_t seq, const struct tu_audit *a, void *ctx)
{
	(void)seq;
	(void)ctx;
	printf("      %-22s %-34s %s -> %s", a->agent, a->path,
	       a->before[0] ? a->before : "(new)",
	       a->after[0] ? a->after : "(removed)");
	if (a->reason[0])
		printf("  # %s", a->reason);
	putchar('\n');
	return 0;
}

static int print_event(const struct tu_event *ev, void *ctx)
{
	struct hist *h = ctx;
	struct tu_err err = TU_ERR_INIT;
	char when[64];

	if (h->skip) {
		h->skip--;
		return 0;
	}
	cli_fmt_time(ev->at, when, sizeof(when));
	printf("#%-6llu v%-5llu %s  %-16s %.100s\n",
	       (unsigned long long)ev->seq, (unsigned long long)ev->version,
	       when, ev->type, ev->payload_len > 200 ? "{...}" : ev->payload);
	if (h->audit &&
	    tu_store_audit_each(h->e->store, ev->seq, print_audit, NULL, &err))
		cli_error("%s", err.msg);
	return 0;
}

static int state_history(struct cli_env *e, const struct state_opts *o)
{
	struct tu_err err = TU_ERR_INIT;
	struct hist h = { e, o->audit, 0 };
	uint64_t n = 0;

	if (tu_store_event_count(e->store, e->learner, &n, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	if (o->limit && n > o->limit)
		h.skip = n - o->limit;
	if (tu_store_event_each(e->store, e->learner, 0, print_event, &h,
				&err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}

/* ---- replay --------------------------------------------------------------- */

static int report_replay(const struct tu_learner_state *snap,
			 const struct tu_learner_state *rep)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_audit *d = NULL;
	size_t n = 0;

	if (tu_learner_state_equal(snap, rep)) {
		printf("replayed %llu events: the state equals the stored "
		       "snapshot (version %llu)\n",
		       (unsigned long long)rep->version,
		       (unsigned long long)snap->version);
		return 0;
	}
	cli_error("replay differs from the stored snapshot:");
	if (tu_orch_state_diff(snap, rep, &d, &n, &err) == TU_OK)
		for (size_t i = 0; i < n; i++)
			fprintf(stderr, "  %s: snapshot %s, replay %s\n",
				d[i].path, d[i].before, d[i].after);
	free(d);
	return 1;
}

static int state_replay(struct cli_env *e)
{
	struct tu_learner_state snap, rep;
	struct tu_err err = TU_ERR_INIT;
	int rc = 1;

	tu_learner_state_init(&snap);
	tu_learner_state_init(&rep);
	if (tu_orch_load(&e->orch, e->learner, &snap, &err) ||
	    tu_orch_replay(&e->orch, e->learner, &rep, &err))
		cli_error("%s", err.msg);
	else
		rc = report_replay(&snap, &rep);
	tu_learner_state_release(&snap);
	tu_learner_state_release(&rep);
	return rc;
}

int cmd_state(int argc, char **argv)
{
	struct state_opts o;
	struct cli_env e;
	const char *sub = argc >= 2 && argv[1][0] != '-' ? argv[1] : NULL;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse_opts(sub ? argc - 1 : argc, sub ? argv + 1 : argv, &o);
	if (rc >= 0)
		return rc;
	if (!sub || (strcmp(sub, "show") && strcmp(sub, "history") &&
		     strcmp(sub, "replay"))) {
		cli_error("state: expected show, history or replay; see "
			  "'tutor state --help'");
		return EXIT_USAGE;
	}
	rc = cli_env_open(&e, &o.common, CLI_NEED_COURSE | CLI_NEED_LEARNER);
	if (rc == 0 && strcmp(sub, "show") == 0)
		rc = state_show(&e);
	else if (rc == 0 && strcmp(sub, "history") == 0)
		rc = state_history(&e, &o);
	else if (rc == 0)
		rc = state_replay(&e);
	cli_env_close(&e);
	return rc;
}
