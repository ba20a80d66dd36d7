/*
 * run.c - running a study plan with a learner (tutor/plan_run.h): start,
 * advance through the automatic steps, the learner's answers to turns,
 * abandon, and the one place that records a step ("plan" events through
 * the orchestrator, the single writer).  The rule everywhere: check
 * first, record, then change the session, so that an error leaves both
 * the log and the session as they were and replaying the log gives the
 * session back (replay.c).
 *
 * Text steps with an LLM: the first ready one makes steps.c serve every
 * ready text step in one batch (pr_fetch_texts); each is then recorded
 * when the runner reaches it in execution order, followed by an "assist"
 * event (use "plan_step": path, prompt, model, reason), so the order of
 * the step events is the same as without an LLM.
 *
 * Not here: which step may run (src/plan/exec.c), the work of automatic
 * steps (steps.c), replay and listing (replay.c), texts (turn.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planrun_internal.h"
#include "tutor/hash.h"
#include "tutor/orch.h"
#include "tutor/retrieval.h"
#include "tutor/utf8.h"

/* ---- the session --------------------------------------------------------- */

void tu_plan_session_init(struct tu_plan_session *s)
{
	memset(s, 0, sizeof(*s));
	tu_plan_init(&s->plan);
}

void tu_plan_session_release(struct tu_plan_session *s)
{
	if (!s)
		return;
	for (size_t i = 0; s->steps && i < s->plan.n_steps; i++) {
		free(s->steps[i].input);
		free(s->steps[i].output);
	}
	free(s->steps);
	if (s->open)
		tu_plan_exec_release(&s->exec);
	tu_plan_release(&s->plan);
	tu_plan_session_init(s);
}

enum tu_status pr_setup(struct tu_plan_session *s, const char *json,
			size_t len, struct tu_err *err)
{
	struct tu_err perr = TU_ERR_INIT;
	enum tu_status rc;

	rc = tu_plan_parse(json, len, &s->plan, NULL, &perr);
	if (rc == TU_ENOMEM)
		return tu_err_set(err, rc, "out of memory");
	if (rc)
		return tu_err_set(err, TU_EINVAL, "plan: %s", perr.msg);
	rc = tu_plan_exec_init(&s->exec, &s->plan, err);
	if (rc)
		return rc;
	s->open = true;
	s->steps = calloc(s->plan.n_steps ? s->plan.n_steps : 1,
			  sizeof(*s->steps));
	if (!s->steps)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	return TU_OK;
}

/* ---- recording ------------------------------------------------------------ */

/* Runs ev through the orchestrator for s's learner; *seq its seq. */
static enum tu_status handle(const struct tu_plan_env *env, const char *learner,
			     const struct tu_event_in *ev, uint64_t *seq,
			     struct tu_err *err)
{
	struct tu_orch_result r;
	enum tu_status rc;

	tu_orch_result_init(&r);
	rc = tu_orch_handle(env->orch, learner, ev, &r, err);
	if (!rc && seq)
		*seq = r.seq;
	tu_orch_result_release(&r);
	return rc;
}

static void plan_event(struct tu_event_in *ev, const struct tu_plan_session *s,
		       enum tu_ev_plan_kind kind, int64_t now)
{
	tu_event_in_init(ev);
	ev->type = TU_EV_PLAN;
	ev->at = now;
	ev->u.plan.kind = kind;
	pr_copy(ev->u.plan.plan_id, sizeof(ev->u.plan.plan_id), s->plan_id);
}

/* Keeps the recorded texts of step i in s. */
static enum tu_status keep_texts(struct tu_plan_session *s, size_t i,
				 const struct tu_ev_plan *r, int64_t at,
				 struct tu_err *err)
{
	struct tu_plan_session_step *ss = &s->steps[i];
	char *in = r->input[0] ? strdup(r->input) : NULL;
	char *out = r->output[0] ? strdup(r->output) : NULL;

	if ((r->input[0] && !in) || (r->output[0] && !out)) {
		free(in);
		free(out);
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	}
	free(ss->input);
	free(ss->output);
	ss->input = in;
	ss->output = out;
	ss->submission = r->submission;
	ss->at = at;
	return TU_OK;
}

enum tu_status pr_complete(struct tu_plan_session *s, size_t i,
			   const struct tu_ev_plan *r, int64_t at,
			   struct tu_err *err)
{
	struct tu_plan_exec_flag f[TU_PLAN_EXEC_FLAGS_MAX];
	size_t n = r->n_flags < TU_PLAN_EXEC_FLAGS_MAX ? r->n_flags :
		   TU_PLAN_EXEC_FLAGS_MAX;
	enum tu_status rc;

	for (size_t k = 0; k < n; k++) {
		pr_copy(f[k].name, sizeof(f[k].name), r->flags[k].name);
		pr_copy(f[k].value, sizeof(f[k].value), r->flags[k].value);
	}
	rc = tu_plan_exec_complete(&s->exec, i, r->iteration, f, n, err);
	return rc ? rc : keep_texts(s, i, r, at, err);
}

enum tu_status pr_record_step(const struct tu_plan_env *env,
			      struct tu_plan_session *s, size_t i,
			      const struct pr_done *d, const char *input,
			      int64_t submission, int64_t now,
			      struct tu_err *err)
{
	struct tu_err e2 = TU_ERR_INIT;
	struct tu_event_in *ev;
	struct tu_ev_plan *r;
	enum tu_status rc;

	if (!tu_plan_exec_is_ready(&s->exec, i))
		return tu_err_set(err, TU_EINTERNAL, "plan %s: step '%s' is "
				  "not ready", s->plan_id, s->plan.steps[i].id);
	ev = malloc(sizeof(*ev));
	if (!ev)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	plan_event(ev, s, TU_PLAN_EV_STEP, now);
	r = &ev->u.plan;
	pr_copy(r->step, sizeof(r->step), s->plan.steps[i].id);
	r->iteration = tu_plan_exec_iteration(&s->exec, i);
	for (size_t k = 0; k < d->n_flags && k < TU_EVENT_PLAN_FLAGS_MAX; k++) {
		pr_copy(r->flags[k].name, sizeof(r->flags[k].name),
			d->flags[k].name);
		pr_copy(r->flags[k].value, sizeof(r->flags[k].value),
			d->flags[k].value);
		r->n_flags = k + 1;
	}
	pr_copy(r->input, sizeof(r->input), input);
	pr_copy(r->output, sizeof(r->output), d->output);
	r->submission = submission;
	rc = handle(env, s->learner, ev, NULL, err);
	if (!rc && pr_complete(s, i, r, now, &e2))
		rc = tu_err_set(err, TU_EINTERNAL, "plan %s: step '%s' was "
				"recorded but does not fit: %s", s->plan_id,
				r->step, e2.msg);
	tu_event_in_release(ev);
	free(ev);
	return rc;
}

static enum tu_status record_end(const struct tu_plan_env *env,
				 struct tu_plan_session *s, const char *status,
				 int64_t now, struct tu_err *err)
{
	struct tu_event_in ev;
	enum tu_status rc;

	plan_event(&ev, s, TU_PLAN_EV_END, now);
	pr_copy(ev.u.plan.status, sizeof(ev.u.plan.status), status);
	rc = handle(env, s->learner, &ev, NULL, err);
	if (!rc) {
		pr_copy(s->status, sizeof(s->status), status);
		s->ended = now;
	}
	return rc;
}

/* ---- start ------------------------------------------------------------------ */

static enum tu_status check_plan(const struct tu_plan *p, struct tu_err *err)
{
	struct tu_plan_report rep;
	enum tu_status rc = TU_OK;

	tu_plan_report_init(&rep);
	if (tu_plan_validate(p, NULL, &rep) > 0) {
		for (size_t k = 0; k < rep.n && !rc; k++)
			if (rep.v[k].severity == TU_PLAN_ERROR)
				rc = tu_err_set(err, TU_EINVAL, "plan: %s: %s "
						"[%s]", rep.v[k].path,
						rep.v[k].reason,
						tu_plan_rule_code(rep.v[k].rule));
		if (!rc)
			rc = tu_err_set(err, TU_EINVAL, "plan: invalid");
	}
	tu_plan_report_release(&rep);
	return rc;
}

static void make_id(const char *learner, int64_t now, const char *json,
		    size_t len, char out[TU_ID_MAX])
{
	char hex[TU_HASH_HEX_LEN + 1];
	struct tu_hash h;

	tu_hash_init(&h);
	tu_hash_str(&h, learner, strlen(learner));
	tu_hash_u64(&h, (uint64_t)now);
	tu_hash_str(&h, json, len);
	tu_hash_final_hex(&h, hex);
	snprintf(out, TU_ID_MAX, "plan-%.16s", hex);
}

/* The course problem retrieval ranks first for query into out. */
static enum tu_status rank_item(const struct tu_course *c, const char *query,
				char out[TU_ID_MAX], struct tu_err *err)
{
	struct tu_retr_config cfg;
	struct tu_retr_index ix;
	struct tu_retr_docs docs;
	struct tu_retr_query q;
	struct tu_retr_hit hit;
	size_t n = 0;
	enum tu_status rc;

	tu_retr_docs_init(&docs);
	tu_retr_index_init(&ix);
	tu_retr_config_default(&cfg);
	cfg.rank = 0;
	tu_retr_query_default(&q);
	q.text = query;
	q.k = 1;
	rc = tu_retr_course_docs(c, TU_RETR_COURSE_PROBLEMS |
				 TU_RETR_COURSE_BODIES, &docs, err);
	if (!rc)
		rc = tu_retr_index_build(&ix, &cfg, docs.docs, docs.n, err);
	if (!rc)
		rc = tu_retr_search(&ix, &q, &hit, &n, err);
	if (!rc && n == 1)
		pr_copy(out, TU_ID_MAX, hit.id);
	tu_retr_index_release(&ix);
	tu_retr_docs_release(&docs);
	return rc;
}

static enum tu_status pick_item(const struct tu_plan_env *env,
				const struct tu_plan *p, const char *item,
				char out[TU_ID_MAX], struct tu_err *err)
{
	const struct tu_course *c = env->course;
	const char *query = p->input.query ? p->input.query : "";

	out[0] = '\0';
	if (item) {
		if (!c || !tu_course_problem_find(c, item))
			return tu_err_set(err, TU_ENOTFOUND, "no problem '%s' "
					  "in course '%s'", item,
					  c ? c->id : "(none)");
		pr_copy(out, TU_ID_MAX, item);
		return TU_OK;
	}
	if (!c || c->n_problems == 0)
		return TU_OK;
	if (strlen(query) > TU_RETR_QUERY_MAX)
		query = "";
	return rank_item(c, query, out, err);
}

static enum tu_status start_args(const struct tu_plan_env *env,
				 const char *learner, const struct tu_plan *p,
				 const char *planner, struct tu_err *err)
{
	if (!env || !env->orch || !env->store || !learner || !p)
		return tu_err_set(err, TU_EINVAL, "plan start: missing "
				  "argument");
	if (!learner[0] || strlen(learner) >= TU_ID_MAX)
		return tu_err_set(err, TU_EINVAL, "plan start: bad learner id");
	if (planner && strcmp(planner, "rules") != 0 &&
	    strcmp(planner, "llm") != 0)
		return tu_err_set(err, TU_EINVAL, "plan start: planner must be "
				  "'rules' or 'llm'");
	return check_plan(p, err);
}

/* Records the start event of out (set up) with the plan text json. */
static enum tu_status record_start(const struct tu_plan_env *env,
				   struct tu_plan_session *out, char *json,
				   size_t len, int64_t now, struct tu_err *err)
{
	struct tu_event_in ev;
	enum tu_status rc;

	plan_event(&ev, out, TU_PLAN_EV_START, now);
	ev.u.plan.plan_json = json;
	ev.u.plan.plan_len = len;
	pr_copy(ev.u.plan.item, sizeof(ev.u.plan.item), out->item);
	pr_copy(ev.u.plan.planner, sizeof(ev.u.plan.planner), out->planner);
	rc = handle(env, out->learner, &ev, &out->start_seq, err);
	ev.u.plan.plan_json = NULL;
	return rc;
}

enum tu_status tu_plan_start(const struct tu_plan_env *env,
			     const char *learner, const struct tu_plan *p,
			     const char *item, const char *planner,
			     int64_t now, struct tu_plan_session *out,
			     struct tu_err *err)
{
	char *json = NULL;
	size_t len = 0;
	enum tu_status rc = start_args(env, learner, p, planner, err);

	if (!rc)
		rc = tu_plan_write(p, JSON_COMPACT, &json, &len, err);
	if (!rc && len > TU_EVENT_PLAN_MAX)
		rc = tu_err_set(err, TU_ERANGE, "plan: %zu bytes of JSON, at "
				"most %u", len, TU_EVENT_PLAN_MAX);
	tu_plan_session_init(out);
	if (!rc)
		rc = pick_item(env, p, item, out->item, err);
	if (!rc) {
		pr_copy(out->learner, sizeof(out->learner), learner);
		make_id(learner, now, json, len, out->plan_id);
		pr_copy(out->planner, sizeof(out->planner),
			planner ? planner : "rules");
		pr_copy(out->status, sizeof(out->status), "active");
		out->started = now;
		out->course = env->course;
		rc = pr_setup(out, json, len, err);
	}
	if (!rc)
		rc = record_start(env, out, json, len, now, err);
	if (rc)
		tu_plan_session_release(out);
	free(json);
	return rc;
}

/* ---- advance ------------------------------------------------------------------ */

/* The first ready automatic step in execution order; SIZE_MAX none. */
static size_t next_auto(const struct tu_plan_session *s)
{
	for (size_t k = 0; k < s->plan.n_steps; k++) {
		size_t i = s->exec.order[k];
		enum pr_kind kind = pr_kind(s, i);

		if (kind != PR_TURN && kind != PR_CODE_TURN &&
		    tu_plan_exec_is_ready(&s->exec, i))
			return i;
	}
	return SIZE_MAX;
}

/* Records the "assist" event of a text step the assistant served (use
 * plan_step): what the LLM showed or why the fallback did. */
static enum tu_status record_assist(const struct tu_plan_env *env,
				    const struct tu_plan_session *s,
				    const struct tu_assist_result *r,
				    const char *text, int64_t now,
				    struct tu_err *err)
{
	struct tu_event_in *ev = malloc(sizeof(*ev));
	struct tu_ev_assist *a;
	enum tu_status rc;

	if (!ev)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	tu_event_in_init(ev);
	ev->type = TU_EV_ASSIST;
	ev->at = now;
	a = &ev->u.assist;
	pr_copy(a->use, sizeof(a->use), tu_assist_use_name(TU_USE_PLAN_STEP));
	pr_copy(a->item, sizeof(a->item), s->item);
	pr_copy(a->path, sizeof(a->path), tu_llm_path_name(r->path));
	pr_copy(a->prompt, sizeof(a->prompt), r->prompt);
	a->prompt_version = r->prompt_version;
	pr_copy(a->model, sizeof(a->model), r->model);
	pr_copy(a->text, sizeof(a->text), text);
	pr_copy(a->reason, sizeof(a->reason), r->reason);
	a->refused = r->refused;
	a->prompt_tokens = r->usage.prompt_tokens;
	a->completion_tokens = r->usage.completion_tokens;
	rc = handle(env, s->learner, ev, NULL, err);
	tu_event_in_release(ev);
	free(ev);
	return rc;
}

static void fetched_drop(struct pr_fetched *f)
{
	tu_assist_result_release(&f->res);
	f->have = false;
}

/* Records text step i with its fetched text (a batch serves it and the
 * other ready text steps first when it has none), then the assist
 * event. */
static enum tu_status run_fetched(const struct tu_plan_env *env,
				  struct tu_plan_session *s, size_t i,
				  int64_t now, struct pr_fetched *f,
				  struct tu_err *err)
{
	struct pr_done d;
	enum tu_status rc = TU_OK;

	if (f[i].have &&
	    f[i].iteration != tu_plan_exec_iteration(&s->exec, i))
		fetched_drop(&f[i]);
	if (!f[i].have)
		rc = pr_fetch_texts(env, s, now, f, err);
	if (!rc && !f[i].have)
		rc = tu_err_set(err, TU_EINTERNAL, "plan %s: no text for step "
				"'%s'", s->plan_id, s->plan.steps[i].id);
	if (rc)
		return rc;
	memset(&d, 0, sizeof(d));
	d.output = f[i].res.text;
	f[i].res.text = NULL;
	rc = pr_record_step(env, s, i, &d, NULL, 0, now, err);
	if (!rc)
		rc = record_assist(env, s, &f[i].res, d.output, now, err);
	pr_done_release(&d);
	fetched_drop(&f[i]);
	return rc;
}

/* Runs and records automatic step i; f (NULL without an LLM) holds the
 * texts of text steps served ahead in a batch. */
static enum tu_status run_auto(const struct tu_plan_env *env,
			       struct tu_plan_session *s, size_t i, int64_t now,
			       struct pr_fetched *f, struct tu_err *err)
{
	struct pr_done d;
	enum tu_status rc;

	if (f && pr_kind(s, i) == PR_TEXT)
		return run_fetched(env, s, i, now, f, err);
	memset(&d, 0, sizeof(d));
	rc = pr_run_auto(env, s, i, &d, err);
	if (!rc)
		rc = pr_record_step(env, s, i, &d, NULL, 0, now, err);
	pr_done_release(&d);
	return rc;
}

static void fetched_free(struct pr_fetched *f, size_t n)
{
	for (size_t k = 0; f && k < n; k++)
		fetched_drop(&f[k]);
	free(f);
}

/* Runs every ready automatic step in execution order until none is
 * left (text steps through f when an LLM is there). */
static enum tu_status run_autos(const struct tu_plan_env *env,
				struct tu_plan_session *s, int64_t now,
				struct tu_err *err)
{
	size_t i, guard = s->plan.n_steps * TU_PLAN_LOOPS_MAX * 5 + 1;
	struct pr_fetched *f = NULL;
	enum tu_status rc = TU_OK;

	if (pr_llm(env)) {
		f = calloc(s->plan.n_steps ? s->plan.n_steps : 1, sizeof(*f));
		if (!f)
			return tu_err_set(err, TU_ENOMEM, "out of memory");
	}
	while (!rc && (i = next_auto(s)) != SIZE_MAX && guard-- > 0)
		rc = run_auto(env, s, i, now, f, err);
	fetched_free(f, s->plan.n_steps);
	return rc;
}

static bool active(const struct tu_plan_session *s)
{
	return s->open && strcmp(s->status, "active") == 0;
}

enum tu_status tu_plan_advance(const struct tu_plan_env *env,
			       struct tu_plan_session *s, int64_t now,
			       size_t *turn, struct tu_err *err)
{
	size_t i;
	enum tu_status rc;

	if (turn)
		*turn = SIZE_MAX;
	if (!s->open)
		return tu_err_set(err, TU_EINVAL, "plan: no open session");
	if (!active(s))
		return TU_OK;
	rc = run_autos(env, s, now, err);
	if (rc)
		return rc;
	i = tu_plan_exec_next_turn(&s->exec);
	if (i != SIZE_MAX) {
		if (turn)
			*turn = i;
		return TU_OK;
	}
	if (!tu_plan_exec_finished(&s->exec))
		return tu_err_set(err, TU_EINTERNAL, "plan %s: no step can "
				  "run but the plan is not finished",
				  s->plan_id);
	return record_end(env, s, "completed", now, err);
}

/* ---- answers -------------------------------------------------------------------- */

bool tu_plan_wants_code(const struct tu_plan_session *s, size_t i)
{
	return s->open && i < s->plan.n_steps && s->item[0] &&
	       pr_kind(s, i) == PR_CODE_TURN;
}

/* Records turn i with the learner's input and the turn's text. */
static enum tu_status record_turn(const struct tu_plan_env *env,
				  struct tu_plan_session *s, size_t i,
				  const char *input, int64_t submission,
				  int64_t now, struct tu_err *err)
{
	struct pr_done d;
	enum tu_status rc;

	memset(&d, 0, sizeof(d));
	d.output = tu_plan_turn_text(s, i);
	if (!d.output)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	rc = pr_record_step(env, s, i, &d, input, submission, now, err);
	pr_done_release(&d);
	return rc;
}

static bool blank(const char *t)
{
	return t[strspn(t, " \t\r\n")] == '\0';
}

static enum tu_status answer_text(const struct tu_plan_env *env,
				  struct tu_plan_session *s, size_t i,
				  const struct tu_plan_answer *a, int64_t now,
				  struct tu_err *err)
{
	const char *id = s->plan.steps[i].id;
	size_t n;

	if (a->code || a->submission)
		return tu_err_set(err, TU_EINVAL, "step '%s' is a text turn: "
				  "answer with text, not code", id);
	if (!a->text || blank(a->text))
		return tu_err_set(err, TU_EINVAL, "step '%s': the answer is "
				  "empty", id);
	n = strlen(a->text);
	if (n > TU_EVENT_TEXT_MAX || !tu_utf8_valid(a->text, n, NULL))
		return tu_err_set(err, TU_EINVAL, "step '%s': the answer must "
				  "be UTF-8 of at most %d bytes", id,
				  TU_EVENT_TEXT_MAX);
	return record_turn(env, s, i, a->text, 0, now, err);
}

/* Checks that event seq is this learner's submission of s's item made
 * after the plan started. */
static enum tu_status check_submission(const struct tu_plan_env *env,
				       const struct tu_plan_session *s,
				       size_t i, int64_t seq,
				       struct tu_err *err)
{
	struct tu_event_in ev;
	struct tu_err e2 = TU_ERR_INIT;
	enum tu_status rc;

	tu_event_in_init(&ev);
	rc = pr_read_submission(env->store, s->learner, seq, &ev, &e2);
	if (rc == TU_ENOTFOUND)
		rc = tu_err_set(err, TU_EINVAL, "step '%s': %s",
				s->plan.steps[i].id, e2.msg);
	else if (rc)
		rc = tu_err_set(err, rc, "%s", e2.msg);
	else if (strcmp(ev.u.sub.item, s->item) != 0)
		rc = tu_err_set(err, TU_EINVAL, "submission %lld is of item "
				"'%s', not the plan's item '%s'", (long long)seq,
				ev.u.sub.item, s->item);
	else if ((uint64_t)seq <= s->start_seq)
		rc = tu_err_set(err, TU_EINVAL, "submission %lld was made "
				"before plan %s started", (long long)seq,
				s->plan_id);
	else if (seq == s->steps[i].submission)
		rc = tu_err_set(err, TU_EINVAL, "submission %lld already "
				"answered step '%s'", (long long)seq,
				s->plan.steps[i].id);
	tu_event_in_release(&ev);
	return rc;
}

static enum tu_status record_code_step(const struct tu_plan_env *env,
				       struct tu_plan_session *s, size_t i,
				       int64_t seq, int64_t now,
				       struct tu_err *err)
{
	char input[64];

	snprintf(input, sizeof(input), "submission %lld", (long long)seq);
	return record_turn(env, s, i, input, seq, now, err);
}

static enum tu_status code_args(const struct tu_plan_env *env,
				const struct tu_plan_session *s, size_t i,
				const struct tu_plan_answer *a,
				const struct tu_course_problem **p,
				struct tu_err *err)
{
	const char *id = s->plan.steps[i].id;

	*p = env->course ? tu_course_problem_find(env->course, s->item) : NULL;
	if (!*p)
		return tu_err_set(err, TU_ENOTFOUND, "no problem '%s' in the "
				  "course", s->item);
	if (!env->judge)
		return tu_err_set(err, TU_EUNAVAIL, "step '%s': no judge here: "
				  "submit the code and answer with its "
				  "submission id", id);
	if (a->code_len == 0 || a->code_len > TU_JUDGE_MAX_SOURCE)
		return tu_err_set(err, TU_EINVAL, "step '%s': the code must be "
				  "1..%u bytes", id, TU_JUDGE_MAX_SOURCE);
	if ((unsigned)a->lang > TU_LANG_C || !(*p)->langs[a->lang])
		return tu_err_set(err, TU_EINVAL, "problem '%s' is not offered "
				  "in %s", s->item, tu_lang_name(a->lang));
	return TU_OK;
}

/* Judges the code, records the submission event, then the step. */
static enum tu_status answer_code(const struct tu_plan_env *env,
				  struct tu_plan_session *s, size_t i,
				  const struct tu_plan_answer *a, int64_t now,
				  struct tu_err *err)
{
	const struct tu_course_problem *p;
	struct tu_judge_result res;
	struct tu_event_in ev;
	uint64_t seq = 0;
	enum tu_status rc = code_args(env, s, i, a, &p, err);

	if (rc)
		return rc;
	memset(&res, 0, sizeof(res));
	rc = env->judge(env->judge_ctx, p, a->lang, a->code, a->code_len, &res,
			err);
	if (rc) {
		tu_judge_result_release(&res);
		return rc;
	}
	tu_event_in_init(&ev);
	ev.type = TU_EV_SUBMISSION;
	ev.at = now;
	if (res.verdict == TU_VERDICT_IE)
		rc = tu_err_set(err, TU_EUNAVAIL, "the judge failed (%.200s); "
				"nothing was recorded", res.message);
	else
		rc = tu_ev_submission_from_judge(&ev.u.sub, s->item, a->lang,
						 a->code, a->code_len, &res,
						 err);
	if (!rc)
		rc = handle(env, s->learner, &ev, &seq, err);
	tu_event_in_release(&ev);
	tu_judge_result_release(&res);
	if (!rc)
		rc = record_code_step(env, s, i, (int64_t)seq, now, err);
	return rc;
}

static enum tu_status answer_code_turn(const struct tu_plan_env *env,
				       struct tu_plan_session *s, size_t i,
				       const struct tu_plan_answer *a,
				       int64_t now, struct tu_err *err)
{
	const char *id = s->plan.steps[i].id;
	enum tu_status rc;

	if (a->text || (a->code && a->submission) ||
	    (!a->code && !a->submission))
		return tu_err_set(err, TU_EINVAL, "step '%s' is a code turn: "
				  "answer with code or a submission id", id);
	if (a->code)
		return answer_code(env, s, i, a, now, err);
	rc = check_submission(env, s, i, a->submission, err);
	return rc ? rc : record_code_step(env, s, i, a->submission, now, err);
}

/* i = the current turn when step_id names it; else TU_EINVAL. */
static enum tu_status current_turn(const struct tu_plan_session *s,
				   const char *step_id, size_t *i,
				   struct tu_err *err)
{
	size_t cur = tu_plan_exec_next_turn(&s->exec);

	if (!active(s))
		return tu_err_set(err, TU_EINVAL, "plan %s is %s", s->plan_id,
				  s->open ? s->status : "not open");
	if (cur == SIZE_MAX)
		return tu_err_set(err, TU_EINVAL, "plan %s waits for no "
				  "answer now", s->plan_id);
	if (!step_id || strcmp(step_id, s->plan.steps[cur].id) != 0)
		return tu_err_set(err, TU_EINVAL, "step '%s' is not the "
				  "current turn; the current turn is '%s'",
				  step_id ? step_id : "(none)",
				  s->plan.steps[cur].id);
	*i = cur;
	return TU_OK;
}

enum tu_status tu_plan_answer(const struct tu_plan_env *env,
			      struct tu_plan_session *s, const char *step_id,
			      const struct tu_plan_answer *a, int64_t now,
			      size_t *turn, struct tu_err *err)
{
	size_t i = 0;
	enum tu_status rc;

	if (turn)
		*turn = SIZE_MAX;
	if (!env || !s || !a)
		return tu_err_set(err, TU_EINVAL, "plan answer: missing "
				  "argument");
	rc = current_turn(s, step_id, &i, err);
	if (rc)
		return rc;
	if (tu_plan_wants_code(s, i))
		rc = answer_code_turn(env, s, i, a, now, err);
	else
		rc = answer_text(env, s, i, a, now, err);
	return rc ? rc : tu_plan_advance(env, s, now, turn, err);
}

enum tu_status tu_plan_abandon(const struct tu_plan_env *env,
			       struct tu_plan_session *s, int64_t now,
			       struct tu_err *err)
{
	if (!active(s))
		return tu_err_set(err, TU_EINVAL, "plan %s is %s: only an "
				  "active plan can be abandoned", s->plan_id,
				  s->open ? s->status : "not open");
	return record_end(env, s, "abandoned", now, err);
}
