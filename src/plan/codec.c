/*
 * codec.c - MAP-PPL plan JSON <-> struct tu_plan (tutor/plan.h).
 *
 * Reading is lenient: each schema or limit problem becomes a violation in
 * the report and reading goes on with what can be read, so that the
 * validator can list every problem of a document at once.  Writing gives
 * back the form the plan was read in.  No I/O.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include "plan_internal.h"
#include "tutor/json.h"

/* The reading context: the plan filled, the report, sticky ENOMEM. */
struct rd {
	struct tu_plan *p;
	struct tu_plan_report *rep;
	bool nomem;
};

#define PATH_CAP 160

static void schema(struct rd *r, const char *path, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
static void schema(struct rd *r, const char *path, const char *fmt, ...)
{
	char msg[352];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	tu_plan_report_add(r->rep, TU_PLAN_ERROR, TU_PLAN_R_SCHEMA, path,
			   "%s", msg);
}

static void limit(struct rd *r, const char *path, size_t n, size_t max,
		  const char *what)
{
	tu_plan_report_add(r->rep, TU_PLAN_ERROR, TU_PLAN_R_LIMIT, path,
			   "%zu %s, at most %zu", n, what, max);
}

static const char *dup(struct rd *r, const char *s, size_t n)
{
	const char *d = plan_strndup(r->p, s, n);

	if (!d) {
		r->nomem = true;
		return "";
	}
	return d;
}

/* Warns about each key of o not in the NULL-terminated list keys. */
static void unknown_keys(struct rd *r, const json_t *o, const char *path,
			 const char *const *keys)
{
	const char *key;
	json_t *v;

	json_object_foreach((json_t *)(uintptr_t)o, key, v) {
		size_t i = 0;

		while (keys[i] && strcmp(keys[i], key) != 0)
			i++;
		if (!keys[i])
			tu_plan_report_add(r->rep, TU_PLAN_WARNING,
					   TU_PLAN_R_UNKNOWN_KEY, path,
					   "unknown key \"%.60s\"", key);
	}
}

/* A string member (max bytes); "" with a violation when absent, of another
 * type or too long.  null reads as NULL when nullable. */
static const char *rd_str(struct rd *r, const json_t *o, const char *path,
			  const char *key, size_t max, bool nullable)
{
	char where[PATH_CAP];
	const json_t *v = json_object_get(o, key);

	plan_pathf(where, sizeof(where), "%s.%s", path, key);
	if (nullable && json_is_null(v))
		return NULL;
	if (!v) {
		schema(r, where, "missing required field%s", "");
		return "";
	}
	if (!json_is_string(v)) {
		schema(r, where, "expected a string, got %s",
		       tu_json_type_name(v));
		return "";
	}
	if (json_string_length(v) > max) {
		limit(r, where, json_string_length(v), max, "bytes");
		return "";
	}
	return dup(r, json_string_value(v), json_string_length(v));
}

/* An array member with at most max entries; NULL (and a violation) when
 * absent or not an array.  *n gets min(size, max). */
static const json_t *rd_arr(struct rd *r, const json_t *o, const char *path,
			    const char *key, size_t max, size_t *n)
{
	char where[PATH_CAP];
	const json_t *v = json_object_get(o, key);

	*n = 0;
	plan_pathf(where, sizeof(where), "%s.%s", path, key);
	if (!json_is_array(v)) {
		if (v)
			schema(r, where, "expected an array, got %s",
			       tu_json_type_name(v));
		else
			schema(r, where, "missing required field%s", "");
		return NULL;
	}
	*n = json_array_size(v);
	if (*n > max) {
		limit(r, where, *n, max, "entries");
		*n = max;
	}
	return v;
}

/* An array of strings (ids, tools, tags) into arena copies. */
static const char **rd_strs(struct rd *r, const json_t *o, const char *path,
			    const char *key, size_t max, size_t *n)
{
	char where[PATH_CAP];
	const json_t *a = rd_arr(r, o, path, key, max, n);
	const char **out;
	size_t k = 0;

	if (!a || *n == 0)
		return NULL;
	out = plan_alloc(r->p, *n * sizeof(*out));
	if (!out) {
		r->nomem = true;
		*n = 0;
		return NULL;
	}
	for (size_t i = 0; i < *n; i++) {
		const json_t *v = json_array_get(a, i);

		plan_pathf(where, sizeof(where), "%s.%s[%zu]", path, key, i);
		if (!json_is_string(v))
			schema(r, where, "expected a string, got %s",
			       tu_json_type_name(v));
		else if (json_string_length(v) > TU_PLAN_ID_MAX)
			limit(r, where, json_string_length(v),
			      TU_PLAN_ID_MAX, "bytes");
		else
			out[k++] = dup(r, json_string_value(v),
				       json_string_length(v));
	}
	*n = k;
	return out;
}

/* An object at index i of arr, or NULL with a violation. */
static const json_t *rd_obj_at(struct rd *r, const json_t *arr, size_t i,
			       const char *path)
{
	const json_t *v = json_array_get(arr, i);

	if (!json_is_object(v)) {
		schema(r, path, "expected an object, got %s",
		       tu_json_type_name(v));
		return NULL;
	}
	return v;
}

/* ---- agents, subtasks, steps ---------------------------------------------- */

static const char *const agent_keys[] = { "agent_role", "goal", "backstory",
					  "tools", NULL };

static void rd_agents(struct rd *r, const json_t *out, const char *path)
{
	char where[PATH_CAP];
	size_t n;
	const json_t *a = rd_arr(r, out, path, "agents", TU_PLAN_AGENTS_MAX,
				 &n);

	r->p->agents = n ? plan_alloc(r->p, n * sizeof(*r->p->agents)) : NULL;
	if (n && !r->p->agents) {
		r->nomem = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct tu_plan_agent *ag = &r->p->agents[r->p->n_agents];
		const json_t *o;

		plan_pathf(where, sizeof(where), "%s.agents[%zu]", path, i);
		if (!(o = rd_obj_at(r, a, i, where)))
			continue;
		unknown_keys(r, o, where, agent_keys);
		ag->role = rd_str(r, o, where, "agent_role", TU_PLAN_ID_MAX,
				  false);
		ag->goal = rd_str(r, o, where, "goal", TU_PLAN_TEXT_MAX, false);
		ag->backstory = rd_str(r, o, where, "backstory",
				       TU_PLAN_TEXT_MAX, false);
		ag->tools = rd_strs(r, o, where, "tools",
				    TU_PLAN_AGENT_TOOLS_MAX, &ag->n_tools);
		r->p->n_agents++;
	}
}

static const char *const step_keys[] = {
	"id", "agent", "objective", "instruction", "tool",
	"requires_human_input", "expected_output", "depends_on", NULL
};

static void rd_step(struct rd *r, const json_t *o, const char *where,
		    struct tu_plan_step *s)
{
	char at[PATH_CAP];
	const json_t *h = json_object_get(o, "requires_human_input");
	const json_t *t = json_object_get(o, "tool");

	unknown_keys(r, o, where, step_keys);
	s->id = rd_str(r, o, where, "id", TU_PLAN_ID_MAX, false);
	s->agent = rd_str(r, o, where, "agent", TU_PLAN_ID_MAX, false);
	s->objective = rd_str(r, o, where, "objective", TU_PLAN_TEXT_MAX,
			      false);
	s->instruction = rd_str(r, o, where, "instruction", TU_PLAN_TEXT_MAX,
				false);
	if (!t) {
		plan_pathf(at, sizeof(at), "%s.tool", where);
		schema(r, at, "missing required field (null for none)%s", "");
	} else {
		s->tool = rd_str(r, o, where, "tool", TU_PLAN_ID_MAX, true);
	}
	plan_pathf(at, sizeof(at), "%s.requires_human_input", where);
	if (!json_is_boolean(h))
		schema(r, at, h ? "expected true or false, got %s" :
		       "missing required field%s",
		       h ? tu_json_type_name(h) : "");
	s->requires_human_input = json_is_true(h);
	s->expected_output = rd_str(r, o, where, "expected_output",
				    TU_PLAN_TEXT_MAX, false);
	s->depends_on = rd_strs(r, o, where, "depends_on", TU_PLAN_DEPS_MAX,
				&s->n_deps);
}

static const char *const subtask_keys[] = { "id", "name",
					    "subtask_objective", "steps",
					    NULL };

/* Steps of subtask o (index si) appended to p->steps (room for cap). */
static void rd_subtask_steps(struct rd *r, const json_t *o,
			     const char *where, size_t si, size_t cap)
{
	char at[PATH_CAP];
	struct tu_plan_subtask *st = &r->p->subtasks[si];
	size_t n;
	const json_t *a = rd_arr(r, o, where, "steps", TU_PLAN_STEPS_MAX, &n);

	st->first_step = r->p->n_steps;
	for (size_t j = 0; j < n; j++) {
		const json_t *so;

		plan_pathf(at, sizeof(at), "%s.steps[%zu]", where, j);
		if (r->p->n_steps == cap) {
			limit(r, at, r->p->n_steps + 1, TU_PLAN_STEPS_MAX,
			      "steps in the plan");
			break;
		}
		if (!(so = rd_obj_at(r, a, j, at)))
			continue;
		rd_step(r, so, at, &r->p->steps[r->p->n_steps]);
		r->p->steps[r->p->n_steps++].subtask = si;
		st->n_steps++;
	}
}

/* Total steps over the (capped) subtasks, capped at TU_PLAN_STEPS_MAX. */
static size_t count_steps(const json_t *a, size_t n)
{
	size_t total = 0;

	for (size_t i = 0; i < n; i++) {
		const json_t *s = json_object_get(json_array_get(a, i), "steps");

		if (json_is_array(s))
			total += json_array_size(s);
	}
	return total > TU_PLAN_STEPS_MAX ? TU_PLAN_STEPS_MAX : total;
}

static void rd_subtasks(struct rd *r, const json_t *out, const char *path)
{
	char where[PATH_CAP];
	size_t n, cap;
	const json_t *a = rd_arr(r, out, path, "subtasks",
				 TU_PLAN_SUBTASKS_MAX, &n);

	cap = count_steps(a, n);
	r->p->subtasks = n ? plan_alloc(r->p, n * sizeof(*r->p->subtasks))
			   : NULL;
	r->p->steps = cap ? plan_alloc(r->p, cap * sizeof(*r->p->steps))
			  : NULL;
	if ((n && !r->p->subtasks) || (cap && !r->p->steps)) {
		r->nomem = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		struct tu_plan_subtask *st = &r->p->subtasks[r->p->n_subtasks];
		const json_t *o;

		plan_pathf(where, sizeof(where), "%s.subtasks[%zu]", path, i);
		if (!(o = rd_obj_at(r, a, i, where)))
			continue;
		unknown_keys(r, o, where, subtask_keys);
		st->id = rd_str(r, o, where, "id", TU_PLAN_ID_MAX, false);
		st->name = rd_str(r, o, where, "name", TU_PLAN_NAME_MAX, false);
		st->objective = rd_str(r, o, where, "subtask_objective",
				       TU_PLAN_TEXT_MAX, false);
		rd_subtask_steps(r, o, where, r->p->n_subtasks++, cap);
	}
}

/* ---- execution order ---------------------------------------------------- */

static bool cond_token(const char *s, size_t n)
{
	if (n == 0)
		return false;
	for (size_t i = 0; i < n; i++)
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '=')
			return false;
	return true;
}

static size_t trim_len(const char *s, size_t n, const char **start)
{
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t'))
		n--;
	*start = s;
	return n;
}

/* "<step>.<flag> == <value>" into c (arena copies); c->ok on success. */
static void parse_cond(struct rd *r, const char *text, struct tu_plan_cond *c)
{
	const char *eq = strstr(text, "=="), *l, *v, *dot;
	size_t ln, vn;

	memset(c, 0, sizeof(*c));
	if (!eq)
		return;
	ln = trim_len(text, (size_t)(eq - text), &l);
	vn = trim_len(eq + 2, strlen(eq + 2), &v);
	dot = memchr(l, '.', ln);
	if (!dot || !cond_token(l, (size_t)(dot - l)) ||
	    !cond_token(dot + 1, ln - (size_t)(dot - l) - 1) ||
	    !cond_token(v, vn))
		return;
	c->step = dup(r, l, (size_t)(dot - l));
	c->flag = dup(r, dot + 1, ln - (size_t)(dot - l) - 1);
	c->value = dup(r, v, vn);
	c->ok = true;
}

static const char *const loop_keys[] = { "steps", "step", "condition",
					 "max_iterations", NULL };

static bool rd_loop_steps(struct rd *r, const json_t *lo, const char *where,
			  struct tu_plan_loop *l)
{
	char at[PATH_CAP];
	const json_t *one = json_object_get(lo, "step");

	if (json_object_get(lo, "steps")) {
		l->steps = rd_strs(r, lo, where, "steps",
				   TU_PLAN_STEPS_MAX, &l->n_steps);
		if (one) {
			plan_pathf(at, sizeof(at), "%s.step", where);
			schema(r, at, "\"step\" and \"steps\" both given%s",
			       "");
		}
	} else if (json_is_string(one)) {
		l->single_form = true;
		l->steps = plan_alloc(r->p, sizeof(*l->steps));
		if (!l->steps) {
			r->nomem = true;
			return false;
		}
		l->steps[0] = rd_str(r, lo, where, "step", TU_PLAN_ID_MAX,
				     false);
		l->n_steps = 1;
	} else {
		plan_pathf(at, sizeof(at), "%s.steps", where);
		schema(r, at, "a loop needs \"steps\" (an array) or \"step\""
		       "%s", "");
	}
	if (l->n_steps == 0) {
		plan_pathf(at, sizeof(at), "%s.steps", where);
		schema(r, at, "a loop needs at least one step%s", "");
	}
	return l->n_steps > 0;
}

static bool rd_loop(struct rd *r, const json_t *e, const char *where,
		    struct tu_plan_loop *l)
{
	char at[PATH_CAP];
	const json_t *lo = json_object_get(e, "loop"), *mi;

	plan_pathf(at, sizeof(at), "%s.loop", where);
	if (!json_is_object(lo)) {
		schema(r, at, "expected an object, got %s",
		       tu_json_type_name(lo));
		return false;
	}
	unknown_keys(r, lo, at, loop_keys);
	if (!rd_loop_steps(r, lo, at, l))
		return false;
	l->condition = rd_str(r, lo, at, "condition", TU_PLAN_NAME_MAX,
			      false);
	parse_cond(r, l->condition, &l->cond);
	mi = json_object_get(lo, "max_iterations");
	plan_pathf(at, sizeof(at), "%s.loop.max_iterations", where);
	if (!json_is_integer(mi))
		schema(r, at, mi ? "expected an integer, got %s" :
		       "missing required field%s",
		       mi ? tu_json_type_name(mi) : "");
	else
		l->max_iterations = json_integer_value(mi);
	return true;
}

static void rd_order(struct rd *r, const json_t *out, const char *path)
{
	char where[PATH_CAP];
	size_t n, loops = 0;
	const json_t *a = rd_arr(r, out, path, "execution_order",
				 TU_PLAN_ORDER_MAX, &n);

	r->p->order = n ? plan_alloc(r->p, n * sizeof(*r->p->order)) : NULL;
	if (n && !r->p->order) {
		r->nomem = true;
		return;
	}
	for (size_t i = 0; i < n; i++) {
		const json_t *e = json_array_get(a, i);
		struct tu_plan_entry *en = &r->p->order[r->p->n_order];

		memset(en, 0, sizeof(*en));
		plan_pathf(where, sizeof(where), "%s.execution_order[%zu]", path,
			 i);
		if (json_is_string(e) &&
		    json_string_length(e) <= TU_PLAN_ID_MAX) {
			en->kind = TU_PLAN_ENTRY_STEP;
			en->step = dup(r, json_string_value(e),
				       json_string_length(e));
			r->p->n_order++;
		} else if (json_is_object(e) && json_object_get(e, "loop")) {
			if (++loops > TU_PLAN_LOOPS_MAX) {
				limit(r, where, loops, TU_PLAN_LOOPS_MAX,
				      "loops");
				continue;
			}
			en->kind = TU_PLAN_ENTRY_LOOP;
			if (json_object_size(e) != 1)
				tu_plan_report_add(r->rep, TU_PLAN_WARNING,
						   TU_PLAN_R_UNKNOWN_KEY, where,
						   "keys besides \"loop\"");
			if (rd_loop(r, e, where, &en->loop))
				r->p->n_order++;
		} else {
			schema(r, where, "expected a step id or {\"loop\": "
			       "...}, got %s", tu_json_type_name(e));
		}
	}
}

static void rd_output(struct rd *r, const json_t *out, const char *path)
{
	static const char *const keys[] = { "agents", "subtasks",
					    "execution_order", NULL };

	if (!json_is_object(out)) {
		schema(r, path, out ? "expected an object, got %s" :
		       "missing required field%s",
		       out ? tu_json_type_name(out) : "");
		return;
	}
	unknown_keys(r, out, path, keys);
	rd_agents(r, out, path);
	rd_subtasks(r, out, path);
	rd_order(r, out, path);
}

/* ---- input and the three forms -------------------------------------------- */

static void rd_input(struct rd *r, const json_t *in, const char *path)
{
	static const char *const keys[] = { "query", "learner", NULL };
	static const char *const lkeys[] = { "about_me", "top_tags", NULL };
	char where[PATH_CAP];
	const json_t *l;

	if (!json_is_object(in)) {
		schema(r, path, in ? "expected an object, got %s" :
		       "missing required field%s",
		       in ? tu_json_type_name(in) : "");
		return;
	}
	r->p->has_input = true;
	unknown_keys(r, in, path, keys);
	r->p->input.query = rd_str(r, in, path, "query", TU_PLAN_QUERY_MAX,
				   false);
	plan_pathf(where, sizeof(where), "%s.learner", path);
	l = json_object_get(in, "learner");
	if (!json_is_object(l)) {
		schema(r, where, l ? "expected an object, got %s" :
		       "missing required field%s",
		       l ? tu_json_type_name(l) : "");
		return;
	}
	unknown_keys(r, l, where, lkeys);
	r->p->input.about_me = rd_str(r, l, where, "about_me",
				      TU_PLAN_QUERY_MAX, false);
	r->p->input.tags = rd_strs(r, l, where, "top_tags", TU_PLAN_TAGS_MAX,
				   &r->p->input.n_tags);
}

static void rd_io(struct rd *r, const json_t *o, const char *path)
{
	static const char *const keys[] = { "input", "output", NULL };
	char where[PATH_CAP];

	if (!json_is_object(o)) {
		schema(r, path, "expected an object, got %s",
		       tu_json_type_name(o));
		return;
	}
	unknown_keys(r, o, path, keys);
	plan_pathf(where, sizeof(where), "%s.input", path);
	rd_input(r, json_object_get(o, "input"), where);
	plan_pathf(where, sizeof(where), "%s.output", path);
	rd_output(r, json_object_get(o, "output"), where);
}

static void rd_row(struct rd *r, const json_t *root)
{
	static const char *const keys[] = { "question_id", "profile_index",
					    "plan", NULL };
	const json_t *q = json_object_get(root, "question_id");
	const json_t *pi = json_object_get(root, "profile_index");
	char buf[32];

	unknown_keys(r, root, "$", keys);
	if (json_is_string(q) && json_string_length(q) <= TU_PLAN_ID_MAX) {
		r->p->question_id = dup(r, json_string_value(q),
					json_string_length(q));
	} else if (json_is_integer(q)) {
		plan_pathf(buf, sizeof(buf), "%lld",
			 (long long)json_integer_value(q));
		r->p->question_id = dup(r, buf, strlen(buf));
	} else {
		schema(r, "$.question_id", "expected a string id%s", "");
	}
	if (json_is_integer(pi) && json_integer_value(pi) >= 0)
		r->p->profile_index = json_integer_value(pi);
	else
		schema(r, "$.profile_index", "expected an integer >= 0%s", "");
	rd_io(r, json_object_get(root, "plan"), "$.plan");
}

/* Reads root into p; false when root is none of the three forms. */
static bool plan_read(struct rd *r, const json_t *root)
{
	if (json_is_object(root) && json_object_get(root, "plan")) {
		r->p->form = TU_PLAN_FORM_ROW;
		rd_row(r, root);
	} else if (json_is_object(root) && json_object_get(root, "output")) {
		r->p->form = TU_PLAN_FORM_IO;
		rd_io(r, root, "$");
	} else if (json_is_object(root) &&
		   (json_object_get(root, "agents") ||
		    json_object_get(root, "subtasks"))) {
		r->p->form = TU_PLAN_FORM_OUTPUT;
		rd_output(r, root, "$");
	} else {
		schema(r, "$", "expected a plan row {question_id, "
		       "profile_index, plan}, {input, output} or a plan "
		       "output {agents, subtasks, execution_order}, got %s",
		       tu_json_type_name(root));
		return false;
	}
	return true;
}

/* The status of a report: the first error (limit -> TU_ERANGE). */
static enum tu_status report_status(const struct tu_plan_report *rep,
				    size_t from, struct tu_err *err)
{
	for (size_t i = from; i < rep->n; i++) {
		const struct tu_plan_violation *v = &rep->v[i];

		if (v->severity != TU_PLAN_ERROR)
			continue;
		return tu_err_set(err, v->rule == TU_PLAN_R_LIMIT ? TU_ERANGE :
				  TU_EPARSE, "%s: %s", v->path, v->reason);
	}
	if (rep->errors)
		return tu_err_set(err, TU_EPARSE, "$: %zu errors", rep->errors);
	return TU_OK;
}

/* Shared by from_json and parse: *shape_ok = one of the three forms. */
static enum tu_status read_root(const json_t *root, struct tu_plan *p,
				struct tu_plan_report *rep, bool *shape_ok,
				struct tu_err *err)
{
	struct tu_plan_report local;
	struct rd r = { p, rep ? rep : &local, false };
	size_t from, errors;
	enum tu_status st;

	tu_plan_report_init(&local);
	from = r.rep->n;
	errors = r.rep->errors;
	*shape_ok = plan_read(&r, root);
	if (r.nomem) {
		tu_plan_release(p);
		tu_plan_report_release(&local);
		return tu_err_set(err, TU_ENOMEM, "$: out of memory reading "
				  "the plan");
	}
	st = r.rep->errors > errors ? report_status(r.rep, from, err) : TU_OK;
	tu_plan_report_release(&local);
	return st;
}

enum tu_status tu_plan_from_json(const json_t *root, struct tu_plan *p,
				 struct tu_plan_report *rep,
				 struct tu_err *err)
{
	bool shape_ok;

	return read_root(root, p, rep, &shape_ok, err);
}

/* tu_plan_parse with *shape_ok for tu_plan_check. */
static enum tu_status parse_shape(const char *buf, size_t len,
				  struct tu_plan *p,
				  struct tu_plan_report *rep, bool *shape_ok,
				  struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;
	json_t *root = NULL;
	enum tu_status st;

	*shape_ok = false;
	st = tu_json_load(buf, len, TU_PLAN_DOC_MAX, NULL, &root, &e);
	if (st != TU_OK) {
		const char *m = strncmp(e.msg, "$: ", 3) == 0 ? e.msg + 3 :
				e.msg;

		if (st == TU_ERANGE)
			m = "document too large";
		tu_plan_report_add(rep, TU_PLAN_ERROR, TU_PLAN_R_JSON, "$",
				   "%s%s", m, st == TU_ERANGE ?
				   " (limit 1048576 bytes)" : "");
		return tu_err_set(err, st == TU_ENOMEM ? TU_ENOMEM :
				  st == TU_ERANGE ? TU_ERANGE : TU_EPARSE,
				  "$: %s", m);
	}
	st = read_root(root, p, rep, shape_ok, err);
	json_decref(root);
	return st;
}

enum tu_status tu_plan_parse(const char *buf, size_t len, struct tu_plan *p,
			     struct tu_plan_report *rep, struct tu_err *err)
{
	bool shape_ok;

	return parse_shape(buf, len, p, rep, &shape_ok, err);
}

enum tu_status tu_plan_check(const char *buf, size_t len, struct tu_plan *p,
			     struct tu_plan_report *rep, struct tu_err *err)
{
	struct tu_plan_report local;
	struct tu_plan_report *r = rep ? rep : &local;
	size_t from = 0;
	bool shape_ok;
	enum tu_status st;

	tu_plan_report_init(&local);
	from = r->n;
	st = parse_shape(buf, len, p, r, &shape_ok, err);
	if (st == TU_ENOMEM || !shape_ok) {
		tu_plan_report_release(&local);
		return st;
	}
	tu_plan_validate(p, NULL, r);
	st = report_status(r, from, err);
	tu_plan_report_release(&local);
	return st;
}

/* ---- writing ------------------------------------------------------------ */

static json_t *str_array(const char *const *s, size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(s[i]));
	return a;
}

static json_t *wr_agent(const struct tu_plan_agent *a)
{
	return json_pack("{s:s, s:s, s:s, s:o*}", "agent_role", a->role,
			 "goal", a->goal, "backstory", a->backstory,
			 "tools", str_array(a->tools, a->n_tools));
}

static json_t *wr_step(const struct tu_plan_step *s)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s?, s:b, s:s, s:o*}",
			 "id", s->id, "agent", s->agent,
			 "objective", s->objective,
			 "instruction", s->instruction, "tool", s->tool,
			 "requires_human_input", s->requires_human_input,
			 "expected_output", s->expected_output,
			 "depends_on", str_array(s->depends_on, s->n_deps));
}

static json_t *wr_subtask(const struct tu_plan *p, size_t i)
{
	const struct tu_plan_subtask *st = &p->subtasks[i];
	json_t *steps = json_array();

	for (size_t k = 0; steps && k < st->n_steps; k++)
		json_array_append_new(steps,
				      wr_step(&p->steps[st->first_step + k]));
	return json_pack("{s:s, s:s, s:s, s:o*}", "id", st->id,
			 "name", st->name, "subtask_objective", st->objective,
			 "steps", steps);
}

static json_t *wr_entry(const struct tu_plan_entry *e)
{
	const struct tu_plan_loop *l = &e->loop;
	json_t *lo;

	if (e->kind == TU_PLAN_ENTRY_STEP)
		return json_string(e->step);
	if (l->single_form)
		lo = json_pack("{s:s}", "step", l->steps[0]);
	else
		lo = json_pack("{s:o*}", "steps",
			       str_array(l->steps, l->n_steps));
	if (lo) {
		json_object_set_new(lo, "condition",
				    json_string(l->condition ? l->condition
							     : ""));
		json_object_set_new(lo, "max_iterations",
				    json_integer(l->max_iterations));
	}
	return json_pack("{s:o*}", "loop", lo);
}

static json_t *wr_output(const struct tu_plan *p)
{
	json_t *ag = json_array(), *st = json_array(), *ord = json_array();

	for (size_t i = 0; ag && i < p->n_agents; i++)
		json_array_append_new(ag, wr_agent(&p->agents[i]));
	for (size_t i = 0; st && i < p->n_subtasks; i++)
		json_array_append_new(st, wr_subtask(p, i));
	for (size_t i = 0; ord && i < p->n_order; i++)
		json_array_append_new(ord, wr_entry(&p->order[i]));
	return json_pack("{s:o*, s:o*, s:o*}", "agents", ag, "subtasks", st,
			 "execution_order", ord);
}

static json_t *wr_input(const struct tu_plan *p)
{
	return json_pack("{s:s, s:{s:s, s:o*}}", "query", p->input.query,
			 "learner", "about_me", p->input.about_me,
			 "top_tags", str_array(p->input.tags,
					       p->input.n_tags));
}

json_t *tu_plan_to_json(const struct tu_plan *p)
{
	json_t *io;

	if (p->form == TU_PLAN_FORM_OUTPUT)
		return wr_output(p);
	io = json_pack("{s:o*, s:o*}", "input", wr_input(p), "output",
		       wr_output(p));
	if (p->form == TU_PLAN_FORM_IO)
		return io;
	return json_pack("{s:s, s:I, s:o*}", "question_id",
			 p->question_id ? p->question_id : "",
			 "profile_index", (json_int_t)p->profile_index,
			 "plan", io);
}

enum tu_status tu_plan_write(const struct tu_plan *p, size_t flags,
			     char **out, size_t *len, struct tu_err *err)
{
	return tu_json_dump_take(tu_plan_to_json(p), flags, "plan", out, len,
				 err);
}
