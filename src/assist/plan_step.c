/*
 * plan_step.c - the plan_step use of tutor/assist.h: the text of an
 * automatic step of a running study plan (tutor/plan_run.h "text"
 * steps), one step or a batch of independent steps whose LLM calls are
 * in flight at the same time.
 *
 * With an LLM: prompts/plan_step.md, schema {"text": string <= 1500},
 * from the plan's question (the learner's words, quoted), the step's
 * objective, instruction and expected output, what the steps it depends
 * on gave (each quoted as data and cut to TU_ASSIST_STEP_DEP_MAX bytes),
 * the practice item's title and statement, and the learner's band and
 * persona.  The answer's fenced code blocks are stripped; an answer that
 * is then empty, or that reveals the item's solution or a hidden test
 * (tu_assist_reveals), is refused.  Deterministic path: the caller's
 * text (the runner's message), or the instruction when that would
 * reveal the solution.
 *
 * A batch: every step's prompt is rendered and its cache and budgets
 * checked on the calling thread (each call counting the requests of the
 * batch's calls before it), then the calls that must be made go to a
 * pool of at most TU_ASSIST_PARALLEL_MAX workers (the calling thread and
 * up to three threads, each with its own client: a client is not
 * thread-safe), which take the next call from a shared atomic counter.
 * After they are joined the usage is counted, the answers checked and
 * cached on the calling thread again: the store is never touched from a
 * worker.  A thread that cannot be started just means fewer workers.
 *
 * What it is not: it does not decide which steps are independent (the
 * executor, tutor/plan_exec.h) and records nothing (the runner records
 * the step and an "assist" event of use "plan_step").
 */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assist_internal.h"
#include "tutor/leak.h"
#include "tutor/mastery.h"
#include "tutor/utf8.h"

static const char STEP_SCHEMA[] =
	"{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\","
	"\"minLength\":1,\"maxLength\":1500}},\"required\":[\"text\"],"
	"\"additionalProperties\":false}";

#define N_VARS 10

/* One step of a batch: its prompt values, call and job. */
struct step_job {
	const struct tu_assist_step_in *in;
	char *question, *depends, *statement;   /* owned prompt values */
	struct tu__as_var vars[N_VARS];
	struct tu__as_call call;
	struct tu__as_job job;
	bool send, served;
};

/* ---- checks -------------------------------------------------------------- */

static enum tu_status bad(struct tu_err *err, size_t k, const char *what)
{
	return tu_err_set(err, TU_EINVAL, "assist plan_step: in[%zu]: %s", k,
			  what);
}

/* s is NULL (when allowed) or UTF-8 of at most max bytes (non-empty
 * when required). */
static bool text_ok(const char *s, size_t max, bool required)
{
	size_t n;

	if (!s)
		return !required;
	n = strnlen(s, max + 1);
	return n <= max && (n > 0 || !required) && tu_utf8_valid(s, n, NULL);
}

static enum tu_status check_deps(const struct tu_assist_step_in *in,
				 size_t k, struct tu_err *err)
{
	if (in->n_deps > TU_ASSIST_STEP_DEPS_MAX)
		return bad(err, k, "too many dependencies");
	if (in->n_deps > 0 && !in->deps)
		return bad(err, k, "deps is NULL");
	for (size_t d = 0; d < in->n_deps; d++)
		if (!text_ok(in->deps[d].id, TU_PLAN_ID_MAX, true) ||
		    !text_ok(in->deps[d].text, TU_PLAN_QUERY_MAX, false))
			return bad(err, k, "a dependency's id or text is "
				   "missing, too long or not UTF-8");
	return TU_OK;
}

static enum tu_status check_in(const struct tu_assist_step_in *in, size_t k,
			       struct tu_err *err)
{
	const size_t max = TU_ASSIST_STEP_TEXT_MAX;

	if (!text_ok(in->step_id, TU_PLAN_ID_MAX, true))
		return bad(err, k, "the step id is missing, too long or not "
			   "UTF-8");
	if (!text_ok(in->objective, max, true) ||
	    !text_ok(in->instruction, max, true))
		return bad(err, k, "the objective or instruction is missing, "
			   "too long or not UTF-8");
	if (!text_ok(in->expected_output, max, false) ||
	    !text_ok(in->fallback, max, false) ||
	    !text_ok(in->query, TU_PLAN_QUERY_MAX, false))
		return bad(err, k, "the expected output, fallback or query is "
			   "too long or not UTF-8");
	return check_deps(in, k, err);
}

/* ---- the prompt's values ------------------------------------------------- */

static char *depends_text(const struct tu_assist_step_in *in)
{
	struct tu__as_buf b;

	tu__as_buf_init(&b, 0);
	for (size_t d = 0; d < in->n_deps; d++) {
		const struct tu_assist_step_dep *x = &in->deps[d];
		char *q;

		if (!x->text || !x->text[0])
			continue;
		q = tu_assist_quote(x->text, TU_ASSIST_STEP_DEP_MAX);
		if (!q) {
			b.failed = true;
			break;
		}
		tu__as_buf_fmt(&b, "%sStep %s (%s):\n%s\n", b.len ? "\n" : "",
			    x->id, x->learner ? "the learner's answer" :
			    "its output", q);
		free(q);
	}
	if (b.len == 0)
		tu__as_buf_str(&b, "(none)");
	if (b.failed) {
		tu__as_buf_release(&b);
		return NULL;
	}
	return tu__as_buf_take(&b);
}

static void set_vars(struct step_job *j, const struct tu_assist_who *who)
{
	const struct tu_assist_step_in *in = j->in;
	struct tu__as_var v[N_VARS] = {
		{ "question", j->question },
		{ "step_id", in->step_id },
		{ "objective", in->objective },
		{ "instruction", in->instruction },
		{ "expected_output", in->expected_output },
		{ "depends", j->depends },
		{ "problem_title", in->problem ? in->problem->title : NULL },
		{ "statement", j->statement },
		{ "persona", tu_persona_name(who->persona) },
		{ "band", tu_hint_band_name(tu_hint_band(who->proficiency)) },
	};

	memcpy(j->vars, v, sizeof v);
}

static enum tu_status accept_step(struct tu_assist *a, void *ctx,
				  const json_t *answer,
				  struct tu_assist_result *out, bool *shown,
				  bool *refused, char *why, size_t cap,
				  struct tu_err *err);

/* Sets job j up for step in; false when out of memory. */
static bool job_make(struct step_job *j, const struct tu_assist_step_in *in,
		     const struct tu_assist_who *who)
{
	j->in = in;
	j->question = tu_assist_quote(in->query ? in->query : "(none)",
				      TU_ASSIST_QUESTION_MAX);
	j->depends = depends_text(in);
	j->statement = tu__as_excerpt(in->problem ? in->problem->statement :
				   "(no practice problem)", TU__STATEMENT_MAX);
	set_vars(j, who);
	j->call = (struct tu__as_call){ TU_USE_PLAN_STEP, j->vars, N_VARS,
					STEP_SCHEMA, accept_step,
					(void *)(uintptr_t)in };
	return j->question && j->depends && j->statement;
}

static void job_release(struct step_job *j)
{
	free(j->question);
	free(j->depends);
	free(j->statement);
	tu__as_job_release(&j->job);
}

/* ---- guardrails and the deterministic text ------------------------------- */

static enum tu_status accept_step(struct tu_assist *a, void *ctx,
				  const json_t *answer,
				  struct tu_assist_result *out, bool *shown,
				  bool *refused, char *why, size_t cap,
				  struct tu_err *err)
{
	const struct tu_assist_step_in *in = ctx;
	char *t = strdup(tu__as_answer_str(answer, "text"));
	enum tu_status st = TU_OK;

	(void)a;
	if (!t)
		return tu_err_set(err, TU_ENOMEM, "assist plan_step: out of "
				  "memory");
	tu__as_clean_text(t);
	tu_assist_strip_code(t);
	tu__as_clean_text(t);
	if (!t[0]) {
		*refused = true;
		snprintf(why, cap, "the answer was only code");
	} else if (in->problem && tu_assist_reveals(t, in->problem,
						    TU_LEAK_RUN_DEFAULT, why,
						    cap)) {
		*refused = true;
	} else {
		st = tu__as_set_text(out, t, err);
		*shown = st == TU_OK;
	}
	free(t);
	return st;
}

/* The caller's text, or the instruction when that would reveal the
 * item's solution. */
static enum tu_status serve_fallback(const struct tu_assist_step_in *in,
				     struct tu_assist_result *out,
				     struct tu_err *err)
{
	const char *t = in->fallback ? in->fallback : in->instruction;
	char why[128];

	if (in->problem && tu_assist_reveals(t, in->problem,
					     TU_LEAK_RUN_DEFAULT, why,
					     sizeof why))
		t = in->instruction;
	return tu__as_serve_fallback(out, t, err);
}

/* ---- the workers ---------------------------------------------------------- */

struct pool {
	struct step_job *jobs;
	size_t *todo;                  /* indices of the jobs to send */
	size_t n_todo;
	atomic_size_t next;            /* the next index into todo */
};

struct worker {
	struct pool *pool;
	struct tu_llm_client *cl;
	pthread_t th;
	bool started;
};

/* Sends jobs until none is left.  Touches only the jobs it takes and
 * its own client. */
static void *work(void *arg)
{
	struct worker *w = arg;
	struct pool *p = w->pool;
	size_t k;

	while ((k = atomic_fetch_add(&p->next, 1)) < p->n_todo)
		tu__as_job_send(&p->jobs[p->todo[k]].job, w->cl);
	return NULL;
}

/* Sends every job of p: the calling thread and up to three threads. */
static void send_all(struct tu_assist *a, struct pool *p)
{
	struct tu_llm_client *cl[TU_ASSIST_PARALLEL_MAX];
	struct worker w[TU_ASSIST_PARALLEL_MAX];
	size_t want = p->n_todo < TU_ASSIST_PARALLEL_MAX ? p->n_todo :
		      TU_ASSIST_PARALLEL_MAX;
	size_t n_cl = tu__as_clients(a, want, cl);

	if (n_cl == 0)
		return;
	memset(w, 0, sizeof w);
	for (size_t i = 0; i < n_cl; i++) {
		w[i].pool = p;
		w[i].cl = cl[i];
	}
	for (size_t i = 1; i < n_cl; i++)
		w[i].started = pthread_create(&w[i].th, NULL, work, &w[i]) == 0;
	work(&w[0]);
	for (size_t i = 1; i < n_cl; i++)
		if (w[i].started)
			pthread_join(w[i].th, NULL);
}

/* ---- the batch ----------------------------------------------------------- */

/* Prepares every job (cache, budgets); the ones to send into p->todo. */
static enum tu_status prepare_all(struct tu_assist *a,
				  const struct tu_assist_who *who,
				  struct step_job *jobs, size_t n,
				  struct tu_assist_result *out, struct pool *p,
				  struct tu_err *err)
{
	enum tu_status st = TU_OK;

	for (size_t k = 0; k < n && !st; k++) {
		struct step_job *j = &jobs[k];

		st = tu__as_job_prepare(a, who, &j->call, TU_USE_PLAN_STEP, 0,
				     (uint32_t)p->n_todo, &j->job, &out[k],
				     &j->served, &j->send, err);
		if (!st && j->send)
			p->todo[p->n_todo++] = k;
	}
	return st;
}

/* Finishes the sent jobs and serves the fallback where the LLM did not. */
static enum tu_status finish_all(struct step_job *jobs, size_t n,
				 struct tu_assist_result *out,
				 struct tu_err *err)
{
	enum tu_status st = TU_OK;

	for (size_t k = 0; k < n && !st; k++) {
		struct step_job *j = &jobs[k];

		if (j->send)
			st = tu__as_job_finish(&j->job, &out[k], &j->served,
					    err);
		if (!st && !j->served)
			st = serve_fallback(j->in, &out[k], err);
	}
	return st;
}

static enum tu_status run_batch(struct tu_assist *a,
				const struct tu_assist_who *who,
				struct step_job *jobs,
				const struct tu_assist_step_in *in, size_t n,
				struct tu_assist_result *out,
				struct tu_err *err)
{
	struct pool p;
	enum tu_status st = TU_OK;

	memset(&p, 0, sizeof p);
	p.jobs = jobs;
	p.todo = calloc(n, sizeof(*p.todo));
	if (!p.todo)
		return tu_err_set(err, TU_ENOMEM, "assist plan_step: out of "
				  "memory");
	atomic_init(&p.next, 0);
	for (size_t k = 0; k < n && !st; k++)
		if (!job_make(&jobs[k], &in[k], who))
			st = tu_err_set(err, TU_ENOMEM, "assist plan_step: "
					"out of memory");
	if (!st)
		st = prepare_all(a, who, jobs, n, out, &p, err);
	if (!st)
		send_all(a, &p);
	if (!st)
		st = finish_all(jobs, n, out, err);
	free(p.todo);
	return st;
}

static enum tu_status check_all(const struct tu_assist_who *who,
				const struct tu_assist_step_in *in, size_t n,
				struct tu_err *err)
{
	enum tu_status st = tu__as_check_who(who, "plan_step", err);

	if (st)
		return st;
	if (!in || n == 0 || n > TU_ASSIST_STEP_BATCH_MAX)
		return tu_err_set(err, TU_EINVAL, "assist plan_step: 1..%d "
				  "steps, not %zu", TU_ASSIST_STEP_BATCH_MAX,
				  in ? n : 0);
	for (size_t k = 0; k < n && !st; k++)
		st = check_in(&in[k], k, err);
	return st;
}

enum tu_status tu_assist_plan_steps(struct tu_assist *a,
				    const struct tu_assist_who *who,
				    const struct tu_assist_step_in *in, size_t n,
				    struct tu_assist_result *out,
				    struct tu_err *err)
{
	struct step_job *jobs;
	enum tu_status st;

	if (!a || !out)
		return tu_err_set(err, TU_EINVAL, "assist plan_step: %s is "
				  "NULL", a ? "out" : "assistant");
	for (size_t k = 0; k < n && k < TU_ASSIST_STEP_BATCH_MAX; k++)
		tu__as_result_start(&out[k]);
	st = check_all(who, in, n, err);
	if (st)
		return st;
	jobs = calloc(n, sizeof(*jobs));
	if (!jobs)
		return tu_err_set(err, TU_ENOMEM, "assist plan_step: out of "
				  "memory");
	st = run_batch(a, who, jobs, in, n, out, err);
	for (size_t k = 0; k < n; k++) {
		job_release(&jobs[k]);
		if (st)
			tu_assist_result_release(&out[k]);
	}
	free(jobs);
	return st;
}

enum tu_status tu_assist_plan_step(struct tu_assist *a,
				   const struct tu_assist_who *who,
				   const struct tu_assist_step_in *in,
				   struct tu_assist_result *out,
				   struct tu_err *err)
{
	return tu_assist_plan_steps(a, who, in, in ? 1 : 0, out, err);
}
