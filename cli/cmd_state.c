/*
 * cmd_state.c - `tutor state show|history|replay|profile`: read the
 * learner's state, its event log and audit trail, check state =
 * replay(log), and compute the learner's profile (tutor/profile.h) from
 * the state and the "ask" events of the log.
 */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "commands.h"
#include "platform.h"
#include "tutor/profile.h"

static void state_usage(FILE *out)
{
	fputs("usage: tutor state show\n"
	      "       tutor state history [--audit] [--limit N]\n"
	      "       tutor state replay\n"
	      "       tutor state profile\n\n"
	      "show prints the learner's current state (mastery, "
	      "misconceptions, reviews,\nengagement, goals); history lists the "
	      "event log (with --audit, every change each\nagent made and "
	      "why); replay rebuilds the state from the log and checks it\n"
	      "equals the stored snapshot (exit 1 when it does not); profile "
	      "computes the\nlearner's profile from the state and the "
	      "questions in the log: behaviour per\nproblem, semantic "
	      "signals, cognitive level (Bloom), interests and persona\n"
	      "(docs/goals.md).\n\n"
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

/* ---- profile ------------------------------------------------------------ */

static int compute_profile(struct cli_env *e, struct tu_profile *p)
{
	struct tu_learner_state st;
	struct tu_err err = TU_ERR_INIT;
	int rc = 1;

	tu_learner_state_init(&st);
	if (tu_orch_load(&e->orch, e->learner, &st, &err) ||
	    tu_orch_profile(e->store, &e->course, e->learner, &st, e->now, p,
			    &err))
		cli_error("%s", err.msg);
	else
		rc = 0;
	tu_learner_state_release(&st);
	return rc;
}

static void print_level(const char *label, double v)
{
	if (isnan(v))
		printf("%s    -", label);
	else
		printf("%s %4.2f", label, v);
}

static void profile_behaviour(const struct tu_profile *p)
{
	const struct tu_profile_behaviour *b = &p->behaviour;

	printf("behaviour: %zu attempted problem(s), %zu timed; fences %s "
	       "%.2f..%.2f x expected time\n  labels:", b->n_items, b->n_timed,
	       b->iqr ? "IQR" : "fixed", b->low, b->high);
	for (int i = 0; i < TU_BEHAVIOURS; i++)
		if (b->labels[i])
			printf(" %s %zu", tu_behaviour_name((enum tu_behaviour)i),
			       b->labels[i]);
	printf("\n  submissions %llu,", (unsigned long long)b->submissions);
	print_level(" accuracy", b->accuracy);
	print_level(", first-try rate", b->first_try_rate);
	printf(", review loops %u, reviews done %u\n", b->review_loops,
	       b->reviews_done);
	print_level("  hints per problem", b->hints_per_problem);
	printf(", highest hint level %u\n", b->max_hint_level);
	for (size_t i = 0; i < p->n_items; i++) {
		const struct tu_profile_item *it = &p->items[i];

		printf("  %-18s %-14s", it->item, it->topic[0] ? it->topic : "-");
		print_level(" time x", it->ratio);
		printf("  %-19s", tu_behaviour_name(it->label));
		print_level(" level", it->level);
		print_level(" smoothed", it->smoothed);
		printf("%s%s\n", it->first_try ? " first-try" : "",
		       it->review_loop ? " review-loop" : "");
	}
}

static void profile_text(const struct tu_profile *p)
{
	const struct tu_profile_semantic *s = &p->semantic;
	const struct tu_persona_result *r = &p->persona;
	char when[64];

	cli_fmt_time(p->at, when, sizeof(when));
	printf("learner %s, version %llu, profile at %s\n", p->learner,
	       (unsigned long long)p->version, when);
	profile_behaviour(p);
	printf("semantic: %zu message(s) (%s), %zu question(s); confusion %u, "
	       "curiosity %u, frustration %u\n", s->n_messages,
	       tu_profile_source_name(s->source), s->n_questions, s->confusion,
	       s->curiosity, s->frustration);
	print_level("synthesis: cognitive level", r->current_level);
	printf(" (%s), trend %s over %zu episode(s)\n  interests:",
	       tu_bloom_name(r->bloom), r->trend == TU_TREND_RISING ? "rising" :
	       r->trend == TU_TREND_FALLING ? "falling" : "flat", r->n_valid);
	for (size_t i = 0; i < p->n_interests; i++)
		printf(" %s %.1f", p->interests[i].topic, p->interests[i].score);
	printf("%s\n  persona: %s\n", p->n_interests ? "" : " -", r->text);
}

static int state_profile(struct cli_env *e)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_profile p;
	json_t *o = NULL;
	char *s;
	int rc;

	tu_profile_init(&p);
	rc = compute_profile(e, &p);
	if (!rc && !e->json) {
		profile_text(&p);
	} else if (!rc && tu_profile_to_json(&p, &o, &err)) {
		cli_error("%s", err.msg);
		rc = 1;
	} else if (!rc) {
		s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
		if (s)
			printf("%s\n", s);
		else
			cli_error("out of memory");
		rc = s ? 0 : 1;
		free(s);
	}
	json_decref(o);
	tu_profile_release(&p);
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
		     strcmp(sub, "replay") && strcmp(sub, "profile"))) {
		cli_error("state: expected show, history, replay or profile; "
			  "see 'tutor state --help'");
		return EXIT_USAGE;
	}
	rc = cli_env_open(&e, &o.common, CLI_NEED_COURSE | CLI_NEED_LEARNER);
	if (rc == 0 && strcmp(sub, "show") == 0)
		rc = state_show(&e);
	else if (rc == 0 && strcmp(sub, "history") == 0)
		rc = state_history(&e, &o);
	else if (rc == 0 && strcmp(sub, "profile") == 0)
		rc = state_profile(&e);
	else if (rc == 0)
		rc = state_replay(&e);
	cli_env_close(&e);
	return rc;
}
