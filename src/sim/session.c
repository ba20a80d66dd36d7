/*
 * session.c - one simulated learner's days, every action an event through
 * the orchestrator (docs/simulator.md "A day").
 *
 * A practice day opens with daily_generation and review_due, then asks
 * for picks with session_check until the session's minutes are used.
 * Each problem is attempted up to max_attempts times (a submission event
 * each); after a failure the learner may ask for a hint (hint_request)
 * and then works with the level the feedback agent gave.  The learner
 * takes the curator's picks (or, with its follow trait, its own random
 * choice; or the easier problem the engagement agent proposes).
 *
 * What it is not: the learner model (learner.c) and the cohort (run.c).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sim_internal.h"

#define TRY(x)                            \
	do {                              \
		enum tu_status st_ = (x); \
		if (st_)                  \
			return st_;       \
	} while (0)

/* Per-learner run context. */
struct day {
	const struct sim_world *w;
	struct sim_conn *c;
	struct sim_learner *L;
	struct tu_sim_learner *res;
	uint32_t *topic_attempts;
	struct sim_preds *mastery, *recall;
	int64_t day;
	int64_t now;
	double used;              /* minutes used in today's session */
};

/* ---- the connection ------------------------------------------------------ */

static enum tu_status send_raw(struct sim_conn *c,
			       const struct tu_event_in *ev,
			       struct tu_err *err)
{
	struct tu_orch_result r;
	char *outs = NULL;
	enum tu_status s;

	json_decref(c->out);
	c->out = NULL;
	if (!c->store) {
		c->events++;
		return tu_orch_step_json(&c->orch, &c->st, c->id, ev, &c->out,
					 err);
	}
	tu_orch_result_init(&r);
	s = tu_orch_handle(&c->orch, c->id, ev, &r, err);
	outs = r.outputs;
	r.outputs = NULL;
	tu_orch_result_release(&r);
	if (!s)
		s = tu_orch_load(&c->orch, c->id, &c->st, err);
	if (!s && outs && !(c->out = json_loads(outs, 0, NULL)))
		s = tu_err_set(err, TU_ENOMEM, "sim: outputs do not parse");
	free(outs);
	c->events++;
	return s;
}

/* The profiler's goal_reward of the last event (0 without one). */
static double last_reward(const struct sim_conn *c)
{
	json_t *v = json_object_get(json_object_get(c->out,
						    "learner_profiler"),
				    "goal_reward");

	return json_is_number(v) ? json_number_value(v) : 0.0;
}

static enum tu_status send(struct sim_conn *c, const struct tu_event_in *ev,
			   struct tu_err *err)
{
	enum tu_status s = send_raw(c, ev, err);

	if (!s)
		c->goal_reward += last_reward(c);
	return s;
}

static int64_t out_int(const struct sim_conn *c, const char *agent,
		       const char *key)
{
	json_t *v = json_object_get(json_object_get(c->out, agent), key);

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

/* ---- finding things --------------------------------------------------------- */

const struct sim_problem *tu__sim_problem(const struct sim_world *w,
					  const char *id)
{
	const struct tu_course_problem *p =
		tu_course_problem_find(&w->practice, id);

	return p ? &w->prac[p - w->practice.problems] : NULL;
}

/* The learner's own choice: a random practice problem it has not solved
 * (any problem when it solved them all). */
static const struct sim_problem *own_choice(struct day *d)
{
	const struct sim_world *w = d->w;
	size_t start = (size_t)tu_rng_below(&d->L->rng, w->n_prac);

	for (size_t k = 0; k < w->n_prac; k++) {
		const struct sim_problem *sp = &w->prac[(start + k) % w->n_prac];
		const struct tu_item_progress *ip =
			tu_learner_item_find(&d->c->st, sp->p->id);

		if (!ip || !ip->solved)
			return sp;
	}
	return &w->prac[start];
}

/* ---- one attempt ------------------------------------------------------------ */

static void fill_tag(const struct sim_world *w, struct sim_learner *L,
		     const struct tu_course_problem *p,
		     struct tu_ev_submission *s)
{
	const struct tu_wrong_solution *ws;
	const struct tu_course_misconception *cm;

	if (p->n_wrong == 0)
		return;
	ws = &p->wrong[tu_rng_below(&L->rng, p->n_wrong)];
	if (!ws->misconception[0])
		return;
	cm = tu_course_misconception_find(w->full, ws->misconception);
	snprintf(s->tags[0].tag, sizeof(s->tags[0].tag), "%s",
		 ws->misconception);
	snprintf(s->tags[0].topic, sizeof(s->tags[0].topic), "%s",
		 cm && cm->topic[0] ? cm->topic : p->topics[0]);
	snprintf(s->tags[0].evidence, sizeof(s->tags[0].evidence), "%s",
		 "simulated attempt");
	s->n_tags = 1;
}

static enum tu_status submit(struct day *d, const struct sim_problem *sp,
			     bool ok, struct tu_err *err)
{
	static const char code_ok[] = "# simulated attempt: accepted\n";
	static const char code_bad[] = "# simulated attempt: wrong\n";
	struct tu_event_in *ev = calloc(1, sizeof(*ev));
	struct tu_ev_submission *s;
	char code[64];
	uint32_t total = (uint32_t)(sp->p->n_public_tests +
				    sp->p->n_hidden_tests);
	enum tu_status st;

	if (!ev)
		return tu_err_set(err, TU_ENOMEM, "sim: out of memory");
	s = &ev->u.sub;
	ev->type = TU_EV_SUBMISSION;
	ev->at = d->now;
	snprintf(s->item, sizeof(s->item), "%s", sp->p->id);
	s->lang = d->w->lang;
	snprintf(code, sizeof(code), "%s", ok ? code_ok : code_bad);
	s->code = code;
	s->code_len = strlen(code);
	s->verdict = ok ? TU_VERDICT_AC : TU_VERDICT_WA;
	s->total = total ? total : 1;
	s->passed = ok ? s->total :
		(uint32_t)floor((double)s->total *
				tu_rng_range(&d->L->rng, 0.2, 0.9));
	if (!ok)
		fill_tag(d->w, d->L, sp->p, s);
	st = send(d->c, ev, err);
	free(ev);
	return st;
}

static enum tu_status ask_hint(struct day *d, const struct sim_problem *sp,
			       uint32_t *level, struct tu_err *err)
{
	struct tu_event_in *ev = calloc(1, sizeof(*ev));
	enum tu_status st;
	int64_t got;

	if (!ev)
		return tu_err_set(err, TU_ENOMEM, "sim: out of memory");
	ev->type = TU_EV_HINT_REQUEST;
	ev->at = d->now;
	snprintf(ev->u.item, sizeof(ev->u.item), "%s", sp->p->id);
	st = send(d->c, ev, err);
	free(ev);
	if (st)
		return st;
	got = out_int(d->c, "pedagogical_feedback", "level");
	d->now += 60;
	d->used += 1.0;
	if (got >= 1 && got <= 5) {
		*level = (uint32_t)got;
		d->res->hints++;
		d->res->hint_level_sum += (double)got;
	}
	return TU_OK;
}

static enum tu_status push_pred(struct sim_preds *l, double p, double truth,
				bool y, struct tu_err *err)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 256;
		struct tu_sim_pred *v = realloc(l->v, cap * sizeof(*v));

		if (!v)
			return tu_err_set(err, TU_ENOMEM, "sim: out of memory");
		l->v = v;
		l->cap = cap;
	}
	l->v[l->n++] = (struct tu_sim_pred){ p, truth, (uint8_t)y };
	return TU_OK;
}

/* ---- one problem ------------------------------------------------------------ */

struct work {
	const struct sim_problem *sp;
	bool review;              /* a solved item with a review schedule */
	bool first;               /* never attempted before */
	double pred;              /* the tutor's prediction before it */
	uint32_t level;           /* hint level in hand */
	bool hinted, solved;
};

/* What the tutor predicted before the first attempt of this visit. */
static void predict(struct day *d, struct work *k)
{
	const struct tu_learner_state *st = &d->c->st;
	const struct tu_item_progress *ip =
		tu_learner_item_find(st, k->sp->p->id);
	const struct tu_review_item *r =
		tu_learner_review_find(st, k->sp->p->id);

	k->review = ip && ip->solved && r;
	k->first = !ip || ip->attempts == 0;
	if (k->review)
		k->pred = tu_agent_recall_now(&d->w->tutor, st, r, d->now);
	else
		k->pred = tu_item_proficiency(st, k->sp->p);
}

static enum tu_status record(struct day *d, const struct work *k, double p,
			     bool y, struct tu_err *err)
{
	if (k->review) {
		d->res->reviews++;
		d->res->reviews_ok += y;
		return push_pred(d->recall, k->pred, p, y, err);
	}
	if (k->first)
		return push_pred(d->mastery, k->pred, p, y, err);
	return TU_OK;
}

static enum tu_status attempt(struct day *d, struct work *k, uint32_t a,
			      struct tu_err *err)
{
	const struct sim_world *w = d->w;
	double p = tu__sim_success(w, d->L, k->sp, k->level);
	double mins = tu__sim_solve_min(w, d->L, k->sp);
	bool y = tu_rng_uniform(&d->L->rng) < p;
	bool feedback = !(w->tutor.disabled &
			  TU_AGENT_BIT(TU_AGENT_PEDAGOGICAL_FEEDBACK));

	d->now += (int64_t)(mins * 60.0);
	d->used += mins;
	d->res->minutes += mins;
	if (a == 1)
		TRY(record(d, k, p, y, err));
	tu__sim_learn(w, d->L, k->sp, k->level, y, feedback, d->day);
	TRY(submit(d, k->sp, y, err));
	d->res->attempts++;
	d->res->attempts_ok += y;
	for (uint32_t i = 0; i < k->sp->n_topics; i++)
		d->topic_attempts[k->sp->topic[i]]++;
	k->solved = y;
	return TU_OK;
}

static void after_problem(struct day *d, const struct work *k)
{
	struct sim_learner *L = d->L;

	d->res->problems++;
	d->res->solved += k->solved;
	d->res->hinted += k->hinted;
	d->res->hinted_solved += k->hinted && k->solved;
	if (k->solved) {
		L->fail_streak = 0;
		return;
	}
	L->fail_streak++;
	if (tu_rng_uniform(&L->rng) < d->w->cfg->drop_per_fail *
					      (double)L->fail_streak *
					      L->tr.drop_mult) {
		L->dropped = true;
		d->res->dropped_day = (uint32_t)d->day;
	}
}

static enum tu_status work(struct day *d, const struct sim_problem *sp,
			   struct tu_err *err)
{
	const struct tu_sim_config *cfg = d->w->cfg;
	struct work k;

	memset(&k, 0, sizeof(k));
	k.sp = sp;
	predict(d, &k);
	for (uint32_t a = 1; a <= cfg->max_attempts; a++) {
		TRY(attempt(d, &k, a, err));
		if (k.solved || a == cfg->max_attempts)
			break;
		if (cfg->hints &&
		    tu_rng_uniform(&d->L->rng) < d->L->tr.hint_reliance) {
			uint32_t before = k.level;

			TRY(ask_hint(d, sp, &k.level, err));
			k.hinted |= k.level != before || k.level > 0;
		}
	}
	after_problem(d, &k);
	return TU_OK;
}

/* ---- a session --------------------------------------------------------------- */

static bool session_open(const struct day *d)
{
	return !d->L->dropped && d->used < d->L->tr.session_min;
}

/* Works the picks of the last event's curator output; *n_picks tells
 * how many there were. */
static enum tu_status work_picks(struct day *d, const char *easier,
				 size_t *n_picks, struct tu_err *err)
{
	json_t *picks = json_object_get(
		json_object_get(d->c->out, "content_curator"), "picks");
	size_t n = json_array_size(picks);
	char ids[TU_PICK_MAX][TU_ID_MAX];

	*n_picks = n < TU_PICK_MAX ? n : TU_PICK_MAX;
	for (size_t i = 0; i < *n_picks; i++) {
		const char *s = json_string_value(json_object_get(
			json_array_get(picks, i), "item"));

		snprintf(ids[i], sizeof(ids[i]), "%s", s ? s : "");
	}
	for (size_t i = 0; i < *n_picks && session_open(d); i++) {
		const struct sim_problem *sp = tu__sim_problem(d->w, ids[i]);

		if (i == 0 && easier && tu_rng_uniform(&d->L->rng) <
						d->w->cfg->follow_break)
			sp = tu__sim_problem(d->w, easier);
		if (!sp || tu_rng_uniform(&d->L->rng) >= d->L->tr.follow)
			sp = own_choice(d);
		TRY(work(d, sp, err));
	}
	return TU_OK;
}

static enum tu_status simple_event(struct day *d, enum tu_event_type t,
				   uint32_t k, struct tu_err *err)
{
	struct tu_event_in *ev = calloc(1, sizeof(*ev));
	enum tu_status st;

	if (!ev)
		return tu_err_set(err, TU_ENOMEM, "sim: out of memory");
	ev->type = t;
	ev->at = d->now;
	ev->u.k = k;
	st = send(d->c, ev, err);
	free(ev);
	return st;
}

/* The engagement agent's proposed easier problem, copied to buf. */
static const char *easier_of(const struct sim_conn *c, char *buf, size_t cap)
{
	json_t *n = json_object_get(
		json_object_get(c->out, "engagement_orchestrator"), "nudge");
	const char *s = json_string_value(json_object_get(n, "easier_item"));

	if (!s || !json_is_true(json_object_get(n, "sent")))
		return NULL;
	snprintf(buf, cap, "%s", s);
	return buf;
}

static enum tu_status session(struct day *d, struct tu_err *err)
{
	char ez[TU_ID_MAX];
	const char *easier;
	size_t n = 0;

	d->used = 0.0;
	TRY(simple_event(d, TU_EV_DAILY_GENERATION, 0, err));
	TRY(simple_event(d, TU_EV_REVIEW_DUE, 0, err));
	TRY(work_picks(d, NULL, &n, err));
	while (session_open(d)) {
		TRY(simple_event(d, TU_EV_SESSION_CHECK, d->w->cfg->session_k,
				 err));
		easier = easier_of(d->c, ez, sizeof(ez));
		TRY(work_picks(d, easier, &n, err));
		if (n == 0 && session_open(d))
			TRY(work(d, own_choice(d), err));
	}
	if (!d->L->dropped &&
	    tu_rng_uniform(&d->L->rng) < d->w->cfg->drop_base *
						 d->L->tr.drop_mult) {
		d->L->dropped = true;
		d->res->dropped_day = (uint32_t)d->day;
	}
	return TU_OK;
}

/* ---- the learner --------------------------------------------------------------- */

/* The tutor's mean topic mastery over the course (unseen topics 0). */
static double estimate(const struct sim_world *w, const struct sim_conn *c)
{
	double sum = 0.0;

	for (size_t t = 0; t < w->n_topics; t++) {
		const struct tu_topic_state *ts =
			tu_learner_topic_find(&c->st, w->full->graph.ids[t]);

		sum += ts ? ts->mastery : 0.0;
	}
	return w->n_topics ? sum / (double)w->n_topics : 0.0;
}

static enum tu_status create(struct day *d, struct tu_err *err)
{
	static const enum tu_skill_level skill[TU_SIM_LEVELS] = {
		TU_SKILL_BEGINNER, TU_SKILL_INTERMEDIATE, TU_SKILL_ADVANCED
	};
	struct tu_event_in *ev = calloc(1, sizeof(*ev));
	struct tu_ev_prefs *p;
	enum tu_status st = TU_OK;

	if (!ev)
		return tu_err_set(err, TU_ENOMEM, "sim: out of memory");
	p = &ev->u.prefs;
	ev->type = TU_EV_LEARNER_CREATED;
	ev->at = d->now;
	p->skill_level = skill[d->L->level];
	snprintf(p->language, sizeof(p->language), "%s",
		 d->w->lang == TU_LANG_C ? "c" : "python");
	p->time_budget_min = (uint32_t)lround(d->L->tr.session_min);
	p->scheduler = TU_SCHED_SM2;
	p->nudges = true;
	p->set = TU_PREF_ALL;
	if (d->c->store)
		st = tu_store_learner_add(d->c->store, d->c->id, d->c->id,
					  d->now, err);
	if (!st)
		st = send(d->c, ev, err);
	free(ev);
	return st;
}

/* The goal menu (docs/simulator.md "Goals"): two topics from the first
 * half of the course in prerequisite order, mastery >= 0.3 each, and 12
 * problems solved; drawn from a stream of their own. */
static void goal_menu(const struct sim_world *w, uint32_t index,
		      struct tu_ev_goals *g)
{
	struct tu_rng rng;
	size_t half = w->n_topics > 1 ? w->n_topics / 2 : 1;
	size_t a, b;

	tu_rng_seed(&rng, w->cfg->seed * 0x2545f4914f6cdd1dULL + index);
	a = (size_t)tu_rng_below(&rng, half);
	b = (size_t)tu_rng_below(&rng, half);
	b = b == a ? (a + 1) % w->n_topics : b;
	g->n = 0;
	for (int i = 0; i < 2; i++) {
		const char *t = w->full->graph.ids[w->topo[i ? b : a]];
		struct tu_goal *x = &g->goals[g->n++];

		tu_learner_goal_init(x);
		snprintf(x->id, sizeof(x->id), "master-%s", t);
		x->dimension = TU_GOAL_SHORT_TERM_OBJECTIVE;
		snprintf(x->description, sizeof(x->description),
			 "Get better at %s", t);
		snprintf(x->metric, sizeof(x->metric), "mastery:%s", t);
		x->threshold = 0.3;
		x->confidence = 0.9;
	}
	tu_learner_goal_init(&g->goals[g->n]);
	snprintf(g->goals[g->n].id, sizeof(g->goals[0].id), "solve-12");
	g->goals[g->n].dimension = TU_GOAL_LONG_TERM_OBJECTIVE;
	snprintf(g->goals[g->n].description, sizeof(g->goals[0].description),
		 "Solve 12 problems");
	snprintf(g->goals[g->n].metric, sizeof(g->goals[0].metric),
		 "problems_solved");
	g->goals[g->n].threshold = 12.0;
	g->goals[g->n++].confidence = 0.9;
}

static enum tu_status state_goals(struct day *d, struct tu_err *err)
{
	struct tu_event_in *ev = calloc(1, sizeof(*ev));
	enum tu_status st;

	if (!ev)
		return tu_err_set(err, TU_ENOMEM, "sim: out of memory");
	ev->type = TU_EV_GOALS_STATED;
	ev->at = d->now;
	goal_menu(d->w, d->L->index, &ev->u.goals);
	st = send(d->c, ev, err);
	free(ev);
	return st;
}

static void count_goals(const struct sim_conn *c, struct tu_sim_learner *res)
{
	for (size_t i = 0; i < c->st.n_goals; i++) {
		if (!c->st.goals[i].metric[0])
			continue;
		res->goals++;
		res->goals_aligned += c->st.goals[i].aligned;
	}
}

static void reset_conn(const struct sim_world *w, struct sim_conn *c,
		       uint32_t index)
{
	tu_learner_state_release(&c->st);
	tu_learner_state_init(&c->st);
	snprintf(c->id, sizeof(c->id), "sim-%llu-%u",
		 (unsigned long long)w->cfg->seed, index);
	c->events = 0;
	c->goal_reward = 0.0;
}

static enum tu_status days(struct day *d, double *true_by_day,
			   struct tu_err *err)
{
	const struct sim_world *w = d->w;
	double share;

	for (uint32_t day = 0; day < w->cfg->days; day++) {
		d->day = day;
		if (day > 0)
			tu__sim_forget(w, d->L, day);
		true_by_day[day] = tu__sim_true_share(w, d->L);
		d->now = w->cfg->start + (int64_t)day * SIM_DAY_S +
			 17 * 3600 +
			 (int64_t)tu_rng_below(&d->L->rng, 3 * 3600);
		if (d->L->dropped ||
		    tu_rng_uniform(&d->L->rng) >= d->L->tr.consistency)
			continue;
		d->res->active_days++;
		TRY(session(d, err));
		share = tu__sim_true_share(w, d->L);
		if (share >= 0.7 && d->res->mastery_day == UINT32_MAX)
			d->res->mastery_day = day;
	}
	true_by_day[w->cfg->days] = tu__sim_true_share(w, d->L);
	return TU_OK;
}

enum tu_status tu__sim_learner_run(const struct sim_world *w,
				   struct sim_conn *c, struct sim_learner *L,
				   struct tu_sim_learner *res,
				   uint32_t *topic_attempts,
				   double *true_by_day,
				   struct sim_preds *mastery,
				   struct sim_preds *recall,
				   struct tu_err *err)
{
	struct day d = { w, c, L, res, topic_attempts, mastery, recall,
			 0, w->cfg->start, 0.0 };
	enum tu_status st;

	memset(res, 0, sizeof(*res));
	res->index = L->index;
	res->level = L->level;
	res->style = L->style;
	res->dropped_day = UINT32_MAX;
	res->mastery_day = UINT32_MAX;
	reset_conn(w, c, L->index);
	res->true_pre = tu__sim_true_share(w, L);
	res->held_pre = tu__sim_held_success(w, L);
	if (res->true_pre >= 0.7)
		res->mastery_day = 0;
	c->chooser.w = w;
	c->chooser.L = L;
	st = create(&d, err);
	if (!st && w->cfg->goals)
		st = state_goals(&d, err);
	if (!st) {
		res->est_pre = estimate(w, c);
		st = days(&d, true_by_day, err);
	}
	if (st) {
		char why[sizeof(err->msg)];

		snprintf(why, sizeof(why), "%s", err->msg);
		return tu_err_set(err, st, "sim: learner %s, day %lld: %s",
				  c->id, (long long)d.day, why);
	}
	res->true_post = true_by_day[w->cfg->days];
	res->held_post = tu__sim_held_success(w, L);
	res->est_post = estimate(w, c);
	res->events = c->events;
	res->goal_reward = c->goal_reward;
	count_goals(c, res);
	return TU_OK;
}
