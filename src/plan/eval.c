/*
 * eval.c - the accumulator of `tutor eval plans` (tutor/plan.h): gold
 * rows parsed, validated and counted rule by rule, their shape, the
 * scorers on gold, the comparison between the plans one question got for
 * different profiles, and the place where a planner plugs in.  No I/O.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "plan_internal.h"

struct tu_plan_eval_row {
	struct tu_plan plan;
	struct tu_plan_tier1 t1;
};

void tu_plan_eval_init(struct tu_plan_eval *ev)
{
	memset(ev, 0, sizeof(*ev));
	tu_plan_prec_init(&ev->prec);
}

void tu_plan_eval_release(struct tu_plan_eval *ev)
{
	for (size_t i = 0; i < ev->n_rows; i++)
		tu_plan_release(&ev->rows[i].plan);
	free(ev->rows);
	tu_plan_eval_init(ev);
}

static bool rows_grow(struct tu_plan_eval *ev)
{
	size_t cap = ev->cap_rows ? ev->cap_rows * 2 : 64;
	struct tu_plan_eval_row *r;

	if (ev->n_rows < ev->cap_rows)
		return true;
	r = realloc(ev->rows, cap * sizeof(*r));
	if (!r)
		return false;
	ev->rows = r;
	ev->cap_rows = cap;
	return true;
}

static void count_rules(struct tu_plan_eval *ev, const struct tu_plan_report *r)
{
	bool e[TU_PLAN_R_N] = { false }, w[TU_PLAN_R_N] = { false };

	for (size_t i = 0; i < r->n; i++) {
		const struct tu_plan_violation *v = &r->v[i];

		if (v->severity == TU_PLAN_ERROR) {
			ev->viol_err[v->rule]++;
			e[v->rule] = true;
		} else {
			ev->viol_warn[v->rule]++;
			w[v->rule] = true;
		}
	}
	for (int k = 0; k < TU_PLAN_R_N; k++) {
		ev->rule_err[k] += e[k];
		ev->rule_warn[k] += w[k];
	}
	ev->err_plans += r->errors > 0;
	ev->warn_plans += r->warnings > 0;
}

enum tu_status tu_plan_eval_add(struct tu_plan_eval *ev, const char *line,
				size_t len, struct tu_plan_report *rep,
				struct tu_err *err)
{
	struct tu_plan_report local;
	struct tu_plan_report *r = rep ? rep : &local;
	struct tu_plan p;
	enum tu_status st;

	tu_plan_report_init(&local);
	tu_plan_report_clear(r);
	tu_plan_init(&p);
	if (!rows_grow(ev))
		return tu_err_set(err, TU_ENOMEM, "eval: out of memory");
	st = tu_plan_check(line, len, &p, r, err);
	if (st == TU_ENOMEM || tu_plan_report_count(r, TU_PLAN_R_JSON) ||
	    (p.n_agents == 0 && p.n_subtasks == 0 && p.n_order == 0)) {
		tu_plan_release(&p);
		tu_plan_report_release(&local);
		if (st == TU_ENOMEM)
			return st;
		ev->bad_rows++;
		return TU_EPARSE;
	}
	count_rules(ev, r);
	ev->rows[ev->n_rows].plan = p;
	tu_plan_tier1(&p, r, &ev->rows[ev->n_rows].t1);
	ev->n_rows++;
	tu_plan_report_release(&local);
	return TU_OK;
}

/* ---- summary ------------------------------------------------------------- */

static bool same_q(const struct tu_plan *a, const struct tu_plan *b)
{
	return a->question_id && b->question_id &&
	       strcmp(a->question_id, b->question_id) == 0 &&
	       a->profile_index != b->profile_index;
}

static void count_questions(const struct tu_plan_eval *ev,
			    struct tu_plan_eval_summary *s)
{
	for (size_t i = 0; i < ev->n_rows; i++) {
		const struct tu_plan *p = &ev->rows[i].plan;
		bool seen = false, multi = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = ev->rows[j].plan.question_id && p->question_id &&
			       strcmp(ev->rows[j].plan.question_id,
				      p->question_id) == 0;
		if (seen)
			continue;
		s->questions++;
		for (size_t j = i + 1; j < ev->n_rows && !multi; j++)
			multi = same_q(p, &ev->rows[j].plan);
		s->multi_profile_questions += multi;
	}
}

static void minmax(size_t v, size_t *lo, size_t *hi, bool first)
{
	if (first || v < *lo)
		*lo = v;
	if (first || v > *hi)
		*hi = v;
}

static void shape_one(const struct tu_plan *p, struct tu_plan_eval_summary *s,
		      size_t *human, bool first)
{
	enum tu_plan_tool t;
	bool loop = false;

	s->agents += (double)p->n_agents;
	s->subtasks += (double)p->n_subtasks;
	s->steps += (double)p->n_steps;
	s->steps_total += p->n_steps;
	minmax(p->n_agents, &s->agents_min, &s->agents_max, first);
	minmax(p->n_subtasks, &s->subtasks_min, &s->subtasks_max, first);
	minmax(p->n_steps, &s->steps_min, &s->steps_max, first);
	for (size_t k = 0; k < p->n_steps; k++) {
		*human += p->steps[k].requires_human_input;
		if (!p->steps[k].tool)
			continue;
		if (tu_plan_tool_lookup(p->steps[k].tool, &t))
			s->tool_use[t]++;
		else
			s->tool_other++;
	}
	for (size_t e = 0; e < p->n_order; e++) {
		if (p->order[e].kind != TU_PLAN_ENTRY_LOOP)
			continue;
		loop = true;
		s->loops++;
		s->loops_single_form += p->order[e].loop.single_form;
	}
	s->plans_with_loop += loop;
}

/* Running mean over non-NaN values. */
struct mean {
	double sum;
	size_t n;
};

static void mean_add(struct mean *m, double v)
{
	if (!isnan(v)) {
		m->sum += v;
		m->n++;
	}
}

static double mean_of(const struct mean *m)
{
	return m->n ? m->sum / (double)m->n : (double)NAN;
}

static void scores_on_gold(const struct tu_plan_eval *ev,
			   struct tu_plan_eval_summary *s)
{
	struct mean m[10], chk[5];

	memset(m, 0, sizeof(m));
	memset(chk, 0, sizeof(chk));
	for (size_t i = 0; i < ev->n_rows; i++) {
		const struct tu_plan_eval_row *r = &ev->rows[i];
		struct tu_plan_struct_score st;
		struct tu_plan_ped_score pd;

		tu_plan_struct_score(&r->plan, NULL, &st);
		tu_plan_ped_score(&r->plan, &ev->prec, &pd);
		mean_add(&m[0], r->t1.schema_valid);
		mean_add(&m[1], r->t1.tool_agent_perm);
		mean_add(&m[2], r->t1.topo_consist);
		mean_add(&m[3], st.dag);
		mean_add(&m[4], st.dep_complete);
		mean_add(&m[5], st.atr);
		mean_add(&m[6], pd.r_ped);
		mean_add(&m[7], pd.phase);
		mean_add(&m[8], pd.prec);
		mean_add(&m[9], tu_plan_pers_grounding(&r->plan,
						       &r->plan.input));
		for (int c = 0; c < 5; c++)
			mean_add(&chk[c], pd.checks[c]);
	}
	s->schema_valid = mean_of(&m[0]);
	s->tool_agent_perm = mean_of(&m[1]);
	s->topo_consist = mean_of(&m[2]);
	s->dag = mean_of(&m[3]);
	s->dep_complete = mean_of(&m[4]);
	s->atr = mean_of(&m[5]);
	s->r_ped = mean_of(&m[6]);
	s->ped_phase = mean_of(&m[7]);
	s->ped_prec = mean_of(&m[8]);
	s->grounding = mean_of(&m[9]);
	for (int c = 0; c < 5; c++)
		s->ped_checks[c] = mean_of(&chk[c]);
}

/* The plans one question got for two different profiles. */
static void cross_profile(const struct tu_plan_eval *ev,
			  struct tu_plan_eval_summary *s)
{
	struct mean sim = { 0 }, own = { 0 }, sw = { 0 }, parts[5];

	memset(parts, 0, sizeof(parts));
	for (size_t i = 0; i < ev->n_rows; i++)
		for (size_t j = 0; j < ev->n_rows; j++) {
			const struct tu_plan *a = &ev->rows[i].plan;
			const struct tu_plan *b = &ev->rows[j].plan;
			struct tu_plan_struct_score st;

			if (i == j || !same_q(a, b))
				continue;
			mean_add(&own, tu_plan_pers_grounding(a, &a->input));
			mean_add(&sw, tu_plan_pers_grounding(a, &b->input));
			if (j < i)
				continue;
			s->pairs++;
			mean_add(&sim, tu_plan_text_sim(a, b));
			tu_plan_struct_score(a, b, &st);
			for (int k = 0; k < 5; k++)
				mean_add(&parts[k], st.sim_parts[k]);
		}
	s->cross_text_sim = mean_of(&sim);
	s->pers_cf = 1.0 - s->cross_text_sim;
	s->grounding_own = mean_of(&own);
	s->grounding_swapped = mean_of(&sw);
	for (int k = 0; k < 5; k++)
		s->cross_parts[k] = mean_of(&parts[k]);
}

enum tu_status tu_plan_eval_summary(struct tu_plan_eval *ev,
				    struct tu_plan_eval_summary *out)
{
	size_t human = 0;
	double n = (double)ev->n_rows;

	memset(out, 0, sizeof(*out));
	tu_plan_prec_init(&ev->prec);
	for (size_t i = 0; i < ev->n_rows; i++)
		tu_plan_prec_add(&ev->prec, &ev->rows[i].plan);
	out->plans = ev->n_rows;
	count_questions(ev, out);
	for (size_t i = 0; i < ev->n_rows; i++)
		shape_one(&ev->rows[i].plan, out, &human, i == 0);
	if (ev->n_rows) {
		out->agents /= n;
		out->subtasks /= n;
		out->steps /= n;
	}
	out->human_share = out->steps_total ?
		(double)human / (double)out->steps_total : (double)NAN;
	scores_on_gold(ev, out);
	cross_profile(ev, out);
	return TU_OK;
}

/* ---- the planner hook --------------------------------------------------- */

/* The index of another row of row i's question, or (size_t)-1. */
static size_t swap_row(const struct tu_plan_eval *ev, size_t i)
{
	for (size_t j = 0; j < ev->n_rows; j++)
		if (j != i && same_q(&ev->rows[i].plan, &ev->rows[j].plan))
			return j;
	return (size_t)-1;
}

struct pstat {
	struct mean human, sim, cf, ped, gold_text, swap_text, g_own, g_swap;
};

/* Grounding of mine in row j's profile, when it is defined. */
static void ground_add(struct mean *m, const struct tu_plan *mine,
		       const struct tu_plan *row)
{
	double g = tu_plan_pers_grounding(mine, &row->input);

	if (g == g)
		mean_add(m, g);
}

static void score_made(const struct tu_plan_eval *ev, size_t i, size_t j,
		       const struct tu_plan *mine, const struct tu_plan *sw,
		       struct pstat *ps)
{
	const struct tu_plan *gold = &ev->rows[i].plan;
	struct tu_plan_struct_score st;
	struct tu_plan_ped_score pd;
	size_t h = 0;

	for (size_t k = 0; k < mine->n_steps; k++)
		h += mine->steps[k].requires_human_input;
	if (mine->n_steps)
		mean_add(&ps->human, (double)h / (double)mine->n_steps);
	tu_plan_struct_score(mine, gold, &st);
	mean_add(&ps->sim, st.sim);
	tu_plan_ped_score(mine, &ev->prec, &pd);
	mean_add(&ps->ped, pd.r_ped);
	if (!sw)
		return;
	mean_add(&ps->cf, tu_plan_pers_counterfactual(mine, gold, sw));
	mean_add(&ps->gold_text, tu_plan_text_sim(mine, gold));
	mean_add(&ps->swap_text, tu_plan_text_sim(mine, sw));
	ground_add(&ps->g_own, mine, gold);
	ground_add(&ps->g_swap, mine, &ev->rows[j].plan);
}

/* fn's plan for row i (and for its swapped profile) scored. */
static enum tu_status plan_row(struct tu_plan_eval *ev, size_t i,
			       tu_plan_planner_fn fn, void *ctx,
			       struct tu_plan_planner_stats *out,
			       struct pstat *ps)
{
	struct tu_plan mine, sw;
	struct tu_plan_report rep;
	struct tu_err e = TU_ERR_INIT;
	size_t j = swap_row(ev, i);
	bool have_sw = false;

	tu_plan_init(&mine);
	tu_plan_init(&sw);
	tu_plan_report_init(&rep);
	out->n++;
	if (fn(ctx, &ev->rows[i].plan.input, &mine, &e) != TU_OK) {
		out->failed++;
		tu_plan_release(&mine);
		return e.code == TU_ENOMEM ? TU_ENOMEM : TU_OK;
	}
	tu_plan_validate(&mine, NULL, &rep);
	out->valid += rep.errors == 0;
	if (j != (size_t)-1)
		have_sw = fn(ctx, &ev->rows[j].plan.input, &sw, &e) == TU_OK;
	score_made(ev, i, j, &mine, have_sw ? &sw : NULL, ps);
	tu_plan_release(&mine);
	tu_plan_release(&sw);
	tu_plan_report_release(&rep);
	return TU_OK;
}

enum tu_status tu_plan_eval_planner(struct tu_plan_eval *ev,
				    tu_plan_planner_fn fn, void *ctx,
				    struct tu_plan_planner_stats *out)
{
	struct pstat ps;
	enum tu_status st = TU_OK;

	memset(out, 0, sizeof(*out));
	memset(&ps, 0, sizeof(ps));
	if (!fn)
		return TU_OK;
	tu_plan_prec_init(&ev->prec);
	for (size_t i = 0; i < ev->n_rows; i++)
		tu_plan_prec_add(&ev->prec, &ev->rows[i].plan);
	for (size_t i = 0; i < ev->n_rows && st == TU_OK; i++)
		st = plan_row(ev, i, fn, ctx, out, &ps);
	out->human_share = mean_of(&ps.human);
	out->struct_sim = mean_of(&ps.sim);
	out->pers_cf = mean_of(&ps.cf);
	out->gold_text_sim = mean_of(&ps.gold_text);
	out->swap_text_sim = mean_of(&ps.swap_text);
	out->grounding_own = mean_of(&ps.g_own);
	out->grounding_swapped = mean_of(&ps.g_swap);
	out->r_ped = mean_of(&ps.ped);
	return st;
}
