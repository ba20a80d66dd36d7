/*
 * json.c - a study plan's run as JSON (tu_plan_session_json) for the API,
 * `tutor plan status --json` and the web view: the plan, each step with
 * its kind, status, iteration, flags and texts in execution order, the
 * loops with their state, the current turn and the progress.  Builds a
 * jansson tree; no I/O.
 */
#include <stdlib.h>
#include <string.h>

#include "planrun_internal.h"

/* Adds key = v to o (v stolen); *ok false when anything failed. */
static void put(json_t *o, const char *key, json_t *v, bool *ok)
{
	if (!v || json_object_set_new(o, key, v) != 0)
		*ok = false;
}

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *deps_json(const struct tu_plan_step *st)
{
	json_t *a = json_array();

	for (size_t d = 0; a && d < st->n_deps; d++)
		if (json_array_append_new(a, json_string(st->depends_on[d]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *flags_json(const struct tu_plan_exec_step *x)
{
	json_t *o = json_object();

	for (size_t k = 0; o && k < x->n_flags; k++)
		if (json_object_set_new(o, x->flags[k].name,
					json_string(x->flags[k].value))) {
			json_decref(o);
			return NULL;
		}
	return o;
}

static json_t *step_json(const struct tu_plan_session *s, size_t i)
{
	const struct tu_plan_step *st = &s->plan.steps[i];
	const struct tu_plan_exec_step *x = &s->exec.steps[i];
	const struct tu_plan_session_step *ss = &s->steps[i];
	enum pr_kind kind = pr_kind(s, i);
	json_t *o = json_object();
	bool ok = o != NULL;

	if (kind == PR_CODE_TURN && !tu_plan_wants_code(s, i))
		kind = PR_TURN;
	put(o, "id", json_string(st->id), &ok);
	put(o, "subtask", json_string(s->plan.subtasks[st->subtask].id), &ok);
	put(o, "agent", json_string(st->agent), &ok);
	put(o, "objective", json_string(st->objective), &ok);
	put(o, "kind", json_string(pr_kind_name(kind)), &ok);
	put(o, "status", json_string(tu_plan_step_status_name(x->status)), &ok);
	put(o, "iteration", json_integer(x->iteration), &ok);
	put(o, "loop", x->loop == SIZE_MAX ? json_null() :
	    json_integer((json_int_t)x->loop), &ok);
	put(o, "depends_on", deps_json(st), &ok);
	put(o, "flags", flags_json(x), &ok);
	put(o, "input", str_or_null(ss->input), &ok);
	put(o, "output", str_or_null(ss->output), &ok);
	put(o, "submission", ss->submission ? json_integer(ss->submission) :
	    json_null(), &ok);
	if (!ok)
		json_decref(o);
	return ok ? o : NULL;
}

static json_t *loop_json(const struct tu_plan_session *s, size_t l)
{
	const struct tu_plan_exec_loop *L = &s->exec.loops[l];
	const struct tu_plan_entry *e = &s->plan.order[L->entry];
	json_t *o = json_object(), *steps = json_array();
	bool ok = o && steps;

	for (size_t k = 0; ok && k < L->n_steps; k++)
		ok = json_array_append_new(steps, json_string(
			s->plan.steps[L->steps[k]].id)) == 0;
	put(o, "steps", steps, &ok);
	steps = NULL;
	put(o, "condition", json_string(e->loop.condition ?
					e->loop.condition : ""), &ok);
	put(o, "iteration", json_integer(L->iteration), &ok);
	put(o, "max_iterations", json_integer(L->max_iterations), &ok);
	put(o, "state", json_string(tu_plan_loop_state_name(L->state)), &ok);
	if (!ok)
		json_decref(o);
	return ok ? o : NULL;
}

static json_t *steps_json(const struct tu_plan_session *s)
{
	json_t *a = json_array();

	for (size_t k = 0; a && k < s->plan.n_steps; k++)
		if (json_array_append_new(a, step_json(s, s->exec.order[k]))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *loops_json(const struct tu_plan_session *s)
{
	json_t *a = json_array();

	for (size_t l = 0; a && l < s->exec.n_loops; l++)
		if (json_array_append_new(a, loop_json(s, l))) {
			json_decref(a);
			return NULL;
		}
	return a;
}

static json_t *turn_json(const struct tu_plan_session *s)
{
	size_t i = strcmp(s->status, "active") == 0 ?
		   tu_plan_exec_next_turn(&s->exec) : SIZE_MAX;
	char *text;
	json_t *o;
	bool ok;

	if (i == SIZE_MAX)
		return json_null();
	text = tu_plan_turn_text(s, i);
	o = json_object();
	ok = o && text;
	put(o, "id", json_string(s->plan.steps[i].id), &ok);
	put(o, "text", text ? json_string(text) : NULL, &ok);
	put(o, "code", json_boolean(tu_plan_wants_code(s, i)), &ok);
	free(text);
	if (!ok)
		json_decref(o);
	return ok ? o : NULL;
}

static json_t *progress_json(const struct tu_plan_session *s)
{
	json_t *o = json_object();
	bool ok = o != NULL;

	put(o, "resolved", json_integer((json_int_t)s->exec.resolved), &ok);
	put(o, "steps", json_integer((json_int_t)s->plan.n_steps), &ok);
	if (!ok)
		json_decref(o);
	return ok ? o : NULL;
}

json_t *tu_plan_session_json(const struct tu_plan_session *s)
{
	json_t *o, *plan;
	bool ok;

	if (!s || !s->open)
		return NULL;
	o = json_object();
	ok = o != NULL;
	plan = tu_plan_to_json(&s->plan);
	put(o, "plan_id", json_string(s->plan_id), &ok);
	put(o, "learner", json_string(s->learner), &ok);
	put(o, "status", json_string(s->status), &ok);
	put(o, "item", json_string(s->item), &ok);
	put(o, "planner", json_string(s->planner), &ok);
	put(o, "started", json_integer(s->started), &ok);
	put(o, "ended", s->ended ? json_integer(s->ended) : json_null(), &ok);
	put(o, "plan", plan, &ok);
	put(o, "steps", steps_json(s), &ok);
	put(o, "loops", loops_json(s), &ok);
	put(o, "turn", turn_json(s), &ok);
	put(o, "progress", progress_json(s), &ok);
	if (!ok) {
		json_decref(o);
		return NULL;
	}
	return o;
}
