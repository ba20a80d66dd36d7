/*
 * exec.c - the executor's state machine for a study plan
 * (tutor/plan_exec.h, docs/plans.md "Executor"): readiness from
 * dependencies and loop order, completion with flags, loop conditions,
 * early exit and iterations.
 *
 * Pure and deterministic: it never runs a step; the runner
 * (tutor/plan_run.h) does the work and calls tu_plan_exec_complete, and a
 * replay of the recorded completions rebuilds the same state.  Not here:
 * the plan's rules (validate.c: a plan must pass them to be run).
 */
#include "tutor/plan_exec.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#define NONE SIZE_MAX

const char *tu_plan_step_status_name(enum tu_plan_step_status s)
{
	static const char *const names[] = { "pending", "done", "skipped" };

	return (unsigned)s < 3 ? names[s] : "?";
}

const char *tu_plan_loop_state_name(enum tu_plan_loop_state s)
{
	static const char *const names[] = { "waiting", "running", "done",
		"exhausted" };

	return (unsigned)s < 4 ? names[s] : "?";
}

/* ---- set-up --------------------------------------------------------------- */

static size_t find_id(const struct tu_plan *p, const char *id)
{
	for (size_t i = 0; id && i < p->n_steps; i++)
		if (strcmp(p->steps[i].id, id) == 0)
			return i;
	return NONE;
}

size_t tu_plan_exec_find(const struct tu_plan_exec *x, const char *id)
{
	return x->plan ? find_id(x->plan, id) : NONE;
}

/* The first error of p's validation as err (TU_EINVAL); TU_OK when none. */
static enum tu_status must_be_valid(const struct tu_plan *p,
				    struct tu_err *err)
{
	struct tu_plan_report rep;
	enum tu_status st = TU_OK;

	tu_plan_report_init(&rep);
	if (tu_plan_validate(p, NULL, &rep) > 0) {
		for (size_t i = 0; i < rep.n; i++) {
			const struct tu_plan_violation *v = &rep.v[i];

			if (v->severity != TU_PLAN_ERROR)
				continue;
			st = tu_err_set(err, TU_EINVAL, "plan: %s: %s [%s] (%zu "
					"error%s)", v->path, v->reason,
					tu_plan_rule_code(v->rule), rep.errors,
					rep.errors == 1 ? "" : "s");
			break;
		}
		if (!st)
			st = tu_err_set(err, TU_EINVAL, "plan: %zu errors",
					rep.errors);
	}
	tu_plan_report_release(&rep);
	return st;
}

static bool alloc_arrays(struct tu_plan_exec *x, const struct tu_plan *p)
{
	size_t n_deps = 0, n_loops = 0;

	for (size_t i = 0; i < p->n_steps; i++)
		n_deps += p->steps[i].n_deps;
	for (size_t i = 0; i < p->n_order; i++)
		n_loops += p->order[i].kind == TU_PLAN_ENTRY_LOOP;
	x->steps = calloc(p->n_steps ? p->n_steps : 1, sizeof(*x->steps));
	x->order = calloc(p->n_steps ? p->n_steps : 1, sizeof(*x->order));
	x->deps = calloc(n_deps ? n_deps : 1, sizeof(*x->deps));
	x->dep_off = calloc(p->n_steps + 1, sizeof(*x->dep_off));
	x->loops = calloc(n_loops ? n_loops : 1, sizeof(*x->loops));
	return x->steps && x->order && x->deps && x->dep_off && x->loops;
}

static void build_deps(struct tu_plan_exec *x, const struct tu_plan *p)
{
	size_t k = 0;

	for (size_t i = 0; i < p->n_steps; i++) {
		x->dep_off[i] = k;
		for (size_t d = 0; d < p->steps[i].n_deps; d++)
			x->deps[k++] = find_id(p, p->steps[i].depends_on[d]);
	}
	x->dep_off[p->n_steps] = k;
}

/* One loop entry e (index ei) into x->loops[x->n_loops]. */
static bool build_loop(struct tu_plan_exec *x, const struct tu_plan *p,
		       const struct tu_plan_loop *l, size_t ei, size_t *n_order)
{
	struct tu_plan_exec_loop *L = &x->loops[x->n_loops];

	L->steps = calloc(l->n_steps ? l->n_steps : 1, sizeof(*L->steps));
	if (!L->steps)
		return false;
	L->entry = ei;
	L->max_iterations = (uint32_t)l->max_iterations;
	L->cond_step = find_id(p, l->cond.step);
	for (size_t j = 0; j < l->n_steps; j++) {
		size_t s = find_id(p, l->steps[j]);

		L->steps[L->n_steps++] = s;
		x->steps[s].loop = x->n_loops;
		x->order[(*n_order)++] = s;
	}
	x->n_loops++;
	return true;
}

static bool build_order(struct tu_plan_exec *x, const struct tu_plan *p)
{
	size_t n = 0;

	for (size_t i = 0; i < p->n_steps; i++)
		x->steps[i].loop = NONE;
	for (size_t i = 0; i < p->n_order; i++) {
		const struct tu_plan_entry *e = &p->order[i];

		if (e->kind == TU_PLAN_ENTRY_STEP)
			x->order[n++] = find_id(p, e->step);
		else if (!build_loop(x, p, &e->loop, i, &n))
			return false;
	}
	return true;
}

enum tu_status tu_plan_exec_init(struct tu_plan_exec *x,
				 const struct tu_plan *p, struct tu_err *err)
{
	enum tu_status st;

	memset(x, 0, sizeof(*x));
	st = must_be_valid(p, err);
	if (st)
		return st;
	if (!alloc_arrays(x, p) || (build_deps(x, p), !build_order(x, p))) {
		tu_plan_exec_release(x);
		return tu_err_set(err, TU_ENOMEM, "plan executor: out of "
				  "memory");
	}
	x->plan = p;
	return TU_OK;
}

void tu_plan_exec_release(struct tu_plan_exec *x)
{
	if (!x)
		return;
	for (size_t i = 0; x->loops && i < x->n_loops; i++)
		free(x->loops[i].steps);
	free(x->loops);
	free(x->steps);
	free(x->order);
	free(x->deps);
	free(x->dep_off);
	memset(x, 0, sizeof(*x));
}

/* ---- readiness -------------------------------------------------------------- */

static bool resolved(const struct tu_plan_exec *x, size_t i)
{
	return x->steps[i].status != TU_PLAN_STEP_PENDING;
}

static bool loop_exited(const struct tu_plan_exec_loop *L)
{
	return L->state == TU_PLAN_LOOP_DONE ||
	       L->state == TU_PLAN_LOOP_EXHAUSTED;
}

/* Inside loop L: every earlier step of L resolved in this iteration. */
static bool loop_turn(const struct tu_plan_exec *x,
		      const struct tu_plan_exec_loop *L, size_t i)
{
	if (loop_exited(L))
		return false;
	for (size_t j = 0; j < L->n_steps && L->steps[j] != i; j++)
		if (!resolved(x, L->steps[j]))
			return false;
	return true;
}

bool tu_plan_exec_is_ready(const struct tu_plan_exec *x, size_t i)
{
	const struct tu_plan_exec_step *s;

	if (!x->plan || i >= x->plan->n_steps)
		return false;
	s = &x->steps[i];
	if (s->status != TU_PLAN_STEP_PENDING)
		return false;
	for (size_t k = x->dep_off[i]; k < x->dep_off[i + 1]; k++) {
		size_t d = x->deps[k];
		size_t dl = x->steps[d].loop;

		if (!resolved(x, d))
			return false;
		if (dl != NONE && dl != s->loop && !loop_exited(&x->loops[dl]))
			return false;
	}
	return s->loop == NONE || loop_turn(x, &x->loops[s->loop], i);
}

size_t tu_plan_exec_ready(const struct tu_plan_exec *x, size_t *out,
			  size_t max)
{
	size_t n = 0;

	for (size_t k = 0; x->plan && k < x->plan->n_steps; k++) {
		if (!tu_plan_exec_is_ready(x, x->order[k]))
			continue;
		if (n < max)
			out[n] = x->order[k];
		n++;
	}
	return n;
}

size_t tu_plan_exec_next_turn(const struct tu_plan_exec *x)
{
	for (size_t k = 0; x->plan && k < x->plan->n_steps; k++) {
		size_t i = x->order[k];

		if (x->plan->steps[i].requires_human_input &&
		    tu_plan_exec_is_ready(x, i))
			return i;
	}
	return NONE;
}

uint32_t tu_plan_exec_iteration(const struct tu_plan_exec *x, size_t i)
{
	size_t l;

	if (!x->plan || i >= x->plan->n_steps)
		return 1;
	l = x->steps[i].loop;
	if (l == NONE || x->loops[l].iteration == 0)
		return 1;
	return x->loops[l].iteration;
}

bool tu_plan_exec_finished(const struct tu_plan_exec *x)
{
	return x->plan && x->resolved == x->plan->n_steps;
}

const char *tu_plan_exec_flag_get(const struct tu_plan_exec *x, size_t i,
				  const char *name)
{
	const struct tu_plan_exec_step *s;

	if (!x->plan || i >= x->plan->n_steps)
		return "";
	s = &x->steps[i];
	for (size_t k = 0; k < s->n_flags; k++)
		if (strcmp(s->flags[k].name, name) == 0)
			return s->flags[k].value;
	return "";
}

/* ---- completion and loops ------------------------------------------------------ */

/* v equals want, ASCII case-insensitive, quotes around want ignored. */
static bool value_eq(const char *v, const char *want)
{
	size_t n = strlen(want);

	if (n >= 2 && (want[0] == '"' || want[0] == '\'') &&
	    want[n - 1] == want[0]) {
		want++;
		n -= 2;
	}
	return strlen(v) == n && strncasecmp(v, want, n) == 0;
}

static bool cond_true(const struct tu_plan_exec *x,
		      const struct tu_plan_exec_loop *L)
{
	const struct tu_plan_loop *l = &x->plan->order[L->entry].loop;
	const char *v = tu_plan_exec_flag_get(x, L->cond_step, l->cond.flag);

	return v[0] && value_eq(v, l->cond.value);
}

static void set_flags(struct tu_plan_exec_step *s,
		      const struct tu_plan_exec_flag *flags, size_t n)
{
	s->n_flags = 0;
	for (size_t k = 0; k < n && k < TU_PLAN_EXEC_FLAGS_MAX; k++) {
		snprintf(s->flags[k].name, sizeof(s->flags[k].name), "%s",
			 flags[k].name);
		snprintf(s->flags[k].value, sizeof(s->flags[k].value), "%s",
			 flags[k].value);
		s->n_flags++;
	}
}

/* The condition step of L just completed with a false condition: the
 * loop ends and its later steps of this iteration are skipped. */
static void loop_stop(struct tu_plan_exec *x, struct tu_plan_exec_loop *L)
{
	L->state = TU_PLAN_LOOP_DONE;
	for (size_t j = 0; j < L->n_steps; j++) {
		struct tu_plan_exec_step *s = &x->steps[L->steps[j]];

		if (s->status == TU_PLAN_STEP_PENDING) {
			s->status = TU_PLAN_STEP_SKIPPED;
			x->resolved++;
		}
	}
}

/* Every step of L resolved with the condition still true. */
static void loop_again(struct tu_plan_exec *x, struct tu_plan_exec_loop *L)
{
	if (L->iteration >= L->max_iterations) {
		L->state = TU_PLAN_LOOP_EXHAUSTED;
		return;
	}
	L->iteration++;
	for (size_t j = 0; j < L->n_steps; j++)
		x->steps[L->steps[j]].status = TU_PLAN_STEP_PENDING;
	x->resolved -= L->n_steps;
}

static void loop_after(struct tu_plan_exec *x, size_t i)
{
	struct tu_plan_exec_loop *L = &x->loops[x->steps[i].loop];

	if (L->state == TU_PLAN_LOOP_WAITING) {
		L->state = TU_PLAN_LOOP_RUNNING;
		L->iteration = 1;
	}
	if (i == L->cond_step && !cond_true(x, L)) {
		loop_stop(x, L);
		return;
	}
	for (size_t j = 0; j < L->n_steps; j++)
		if (!resolved(x, L->steps[j]))
			return;
	loop_again(x, L);
}

enum tu_status tu_plan_exec_complete(struct tu_plan_exec *x, size_t i,
				     uint32_t iteration,
				     const struct tu_plan_exec_flag *flags,
				     size_t n_flags, struct tu_err *err)
{
	uint32_t want;

	if (!x->plan || i >= x->plan->n_steps)
		return tu_err_set(err, TU_EINVAL, "plan: no step #%zu", i);
	if (!tu_plan_exec_is_ready(x, i))
		return tu_err_set(err, TU_EINVAL, "plan: step %s is %s, not "
				  "ready", x->plan->steps[i].id,
				  resolved(x, i) ? tu_plan_step_status_name(
				  x->steps[i].status) : "waiting for the steps "
				  "before it");
	want = tu_plan_exec_iteration(x, i);
	if (iteration != want)
		return tu_err_set(err, TU_EINVAL, "plan: step %s runs in "
				  "iteration %u, not %u", x->plan->steps[i].id,
				  (unsigned)want, (unsigned)iteration);
	x->steps[i].status = TU_PLAN_STEP_DONE;
	x->steps[i].iteration = iteration;
	set_flags(&x->steps[i], flags, n_flags);
	x->resolved++;
	if (x->steps[i].loop != NONE)
		loop_after(x, i);
	return TU_OK;
}
