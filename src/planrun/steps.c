/*
 * steps.c - the work of each automatic step of a study plan's run
 * (tutor/plan_run.h "Steps, by kind"):
 *   judge   reads the submission event of the code turn the step depends
 *           on and sets passed and verdict: "k of n tests pass; first
 *           failing public test: name: message" (a hidden test: its
 *           verdict only);
 *   search  BM25 over the course's learning actions and problems with
 *           the plan's query and the step's objective: the top passages,
 *           title and first lines (the practice item itself left out);
 *   text    without an LLM, a deterministic message from the step's
 *           instruction and the outputs of the steps it depends on;
 *           with one (env->assist has a client), every ready text step
 *           is served in one batch (tu_assist_plan_steps: the calls in
 *           flight at the same time), that message being each step's
 *           fallback (pr_fetch_texts; run.c records them one by one).
 * Anything shown that would reveal the practice item's solution
 * (tu_assist_reveals) is replaced by the bare instruction (the
 * assistant refuses such an LLM answer).
 *
 * Not here: recording (run.c) or choosing which step runs (the executor,
 * src/plan/exec.c).  Reads the store and the course; writes nothing.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planrun_internal.h"
#include "tutor/assist.h"
#include "tutor/agents.h"
#include "tutor/leak.h"
#include "tutor/orch.h"
#include "tutor/retrieval.h"
#include "tutor/store.h"

#define SEARCH_HITS 3          /* passages a search step shows */
#define SEARCH_LINES 3         /* lines of each passage */
#define SEARCH_LINE_MAX 240    /* bytes of one passage line */

/* ---- kinds -------------------------------------------------------------- */

static bool has_tool(const struct tu_plan_step *st, enum tu_plan_tool want)
{
	enum tu_plan_tool t;

	return st->tool && tu_plan_tool_lookup(st->tool, &t) && t == want;
}

/* True when a CodeInterpreterTool step depends directly on step i. */
static bool judged_by_tool(const struct tu_plan *p, size_t i)
{
	for (size_t k = 0; k < p->n_steps; k++) {
		const struct tu_plan_step *st = &p->steps[k];

		if (st->requires_human_input ||
		    !has_tool(st, TU_PLAN_TOOL_CODE_INTERPRETER))
			continue;
		for (size_t d = 0; d < st->n_deps; d++)
			if (strcmp(st->depends_on[d], p->steps[i].id) == 0)
				return true;
	}
	return false;
}

enum pr_kind pr_kind(const struct tu_plan_session *s, size_t i)
{
	const struct tu_plan_step *st = &s->plan.steps[i];

	if (st->requires_human_input)
		return judged_by_tool(&s->plan, i) ? PR_CODE_TURN : PR_TURN;
	if (has_tool(st, TU_PLAN_TOOL_CODE_INTERPRETER))
		return PR_JUDGE;
	if (has_tool(st, TU_PLAN_TOOL_CODE_DOCS_SEARCH) ||
	    has_tool(st, TU_PLAN_TOOL_RAG))
		return PR_SEARCH;
	return PR_TEXT;
}

const char *pr_kind_name(enum pr_kind k)
{
	static const char *const names[] = { "turn", "code_turn", "judge",
					     "search", "text" };

	return (size_t)k < sizeof(names) / sizeof(names[0]) ? names[k] : "?";
}

/* ---- results ------------------------------------------------------------ */

void pr_done_release(struct pr_done *d)
{
	free(d->output);
	memset(d, 0, sizeof(*d));
}

void pr_done_flag(struct pr_done *d, const char *name, const char *value)
{
	struct tu_plan_exec_flag *f;

	if (d->n_flags == TU_PLAN_EXEC_FLAGS_MAX)
		return;
	f = &d->flags[d->n_flags++];
	pr_copy(f->name, sizeof(f->name), name);
	pr_copy(f->value, sizeof(f->value), value);
}

/* ---- judge -------------------------------------------------------------- */

struct sub_find {
	uint64_t seq;
	bool found, is_sub;
	struct tu_event_in *ev;
	struct tu_err derr;
	enum tu_status rc;
};

static int sub_first(const struct tu_event *ev, void *ctx)
{
	struct sub_find *f = ctx;

	if (ev->seq != f->seq)
		return 1;
	f->found = true;
	f->is_sub = strcmp(ev->type, "submission") == 0;
	if (f->is_sub)
		f->rc = tu_event_payload_decode(TU_EV_SUBMISSION, ev->at,
						ev->payload, ev->payload_len,
						f->ev, &f->derr);
	return 1;
}

enum tu_status pr_read_submission(struct tu_store *store, const char *learner,
				  int64_t seq, struct tu_event_in *ev,
				  struct tu_err *err)
{
	struct sub_find f;
	enum tu_status rc;

	memset(&f, 0, sizeof(f));
	if (seq <= 0)
		return tu_err_set(err, TU_ENOTFOUND, "no event %lld",
				  (long long)seq);
	f.seq = (uint64_t)seq;
	f.ev = ev;
	rc = tu_store_event_each(store, learner, f.seq - 1, sub_first, &f,
				 err);
	if (rc)
		return rc;
	if (!f.found || !f.is_sub)
		return tu_err_set(err, TU_ENOTFOUND, "event %lld is not a "
				  "submission of learner '%s'", (long long)seq,
				  learner);
	if (f.rc)
		return tu_err_set(err, TU_ECORRUPT, "event %lld: %s",
				  (long long)seq, f.derr.msg);
	return TU_OK;
}

/* The code turn step i depends on; SIZE_MAX when none. */
static size_t code_turn_of(const struct tu_plan_session *s, size_t i)
{
	const struct tu_plan_step *st = &s->plan.steps[i];

	for (size_t d = 0; d < st->n_deps; d++) {
		size_t k = tu_plan_exec_find(&s->exec, st->depends_on[d]);

		if (k != SIZE_MAX && pr_kind(s, k) == PR_CODE_TURN)
			return k;
	}
	return SIZE_MAX;
}

/* "k of n tests pass; ..." for a decoded submission. */
static void judge_summary(const struct tu_ev_submission *sub,
			  struct pr_buf *b)
{
	const struct tu_ev_failed *f = NULL;

	pr_buf_printf(b, "%s: %u of %u tests pass",
		      tu_verdict_name(sub->verdict), (unsigned)sub->passed,
		      (unsigned)sub->total);
	for (size_t k = 0; k < sub->n_failed && !f; k++)
		if (!sub->failed[k].hidden)
			f = &sub->failed[k];
	if (f)
		pr_buf_printf(b, "; first failing public test: %s: %s",
			      f->name, f->message);
	else if (sub->verdict != TU_VERDICT_AC)
		pr_buf_printf(b, "; a hidden test fails (%s)",
			      tu_verdict_name(sub->verdict));
}

static enum tu_status run_judge(const struct tu_plan_env *env,
				const struct tu_plan_session *s, size_t i,
				struct pr_done *d, struct tu_err *err)
{
	size_t k = code_turn_of(s, i);
	struct tu_event_in ev;
	struct pr_buf b;
	enum tu_status rc;

	pr_buf_init(&b, TU_EVENT_TEXT_MAX);
	if (k == SIZE_MAX || s->steps[k].submission <= 0) {
		pr_done_flag(d, "verdict", "none");
		pr_buf_put(&b, s->item[0] ? "no code was submitted: nothing "
			   "to run" : "no practice item: nothing to run");
		d->output = pr_buf_take(&b);
		return d->output ? TU_OK : tu_err_set(err, TU_ENOMEM, "out of "
						      "memory");
	}
	tu_event_in_init(&ev);
	rc = pr_read_submission(env->store, s->learner, s->steps[k].submission,
				&ev, err);
	if (rc == TU_OK) {
		const struct tu_ev_submission *sub = &ev.u.sub;

		pr_done_flag(d, "passed", sub->verdict == TU_VERDICT_AC ?
			     "true" : "false");
		pr_done_flag(d, "verdict", tu_verdict_name(sub->verdict));
		judge_summary(sub, &b);
		d->output = pr_buf_take(&b);
		if (!d->output)
			rc = tu_err_set(err, TU_ENOMEM, "out of memory");
	}
	free(pr_buf_take(&b));
	tu_event_in_release(&ev);
	return rc;
}

/* ---- search -------------------------------------------------------------- */

/* Appends the first SEARCH_LINES non-empty lines of text. */
static void first_lines(struct pr_buf *b, const char *text)
{
	size_t shown = 0;

	while (text && *text && shown < SEARCH_LINES) {
		size_t n = strcspn(text, "\n");
		char line[SEARCH_LINE_MAX];

		if (n > 0 && strspn(text, " \t\r#|-") < n) {
			size_t m = n < sizeof(line) - 1 ? n : sizeof(line) - 1;
			char tmp[SEARCH_LINE_MAX];

			memcpy(tmp, text, m);
			tmp[m] = '\0';
			pr_copy(line, sizeof(line), tmp);
			pr_buf_printf(b, "    %s\n", line);
			shown++;
		}
		text += n + (text[n] == '\n');
	}
}

static void show_hit(struct pr_buf *b, const struct tu_retr_docs *docs,
		     const struct tu_retr_hit *h)
{
	const struct tu_retr_doc *doc = &docs->docs[h->doc];

	pr_buf_printf(b, "- %s (%s)\n", doc->field[TU_RETR_TITLE], doc->id);
	first_lines(b, doc->field[TU_RETR_BODY]);
}

static enum tu_status search_query(const struct tu_plan_session *s, size_t i,
				   char **q)
{
	const char *query = s->plan.input.query ? s->plan.input.query : "";
	const char *obj = s->plan.steps[i].objective;

	if (asprintf(q, "%.4096s %.1024s", query, obj ? obj : "") < 0) {
		*q = NULL;
		return TU_ENOMEM;
	}
	return TU_OK;
}

static enum tu_status search_hits(const struct tu_retr_index *ix,
				  const struct tu_plan_session *s, size_t i,
				  struct tu_retr_hit *hits, size_t *n,
				  struct tu_err *err)
{
	const char *ex[1] = { s->item };
	struct tu_retr_query q;
	char *text = NULL;
	enum tu_status rc;

	if (search_query(s, i, &text))
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	tu_retr_query_default(&q);
	q.text = text;
	q.k = SEARCH_HITS;
	q.exclude = ex;
	q.n_exclude = s->item[0] ? 1 : 0;
	rc = tu_retr_search(ix, &q, hits, n, err);
	free(text);
	return rc;
}

static enum tu_status run_search(const struct tu_plan_env *env,
				 const struct tu_plan_session *s, size_t i,
				 struct pr_done *d, struct tu_err *err)
{
	struct tu_retr_hit hits[SEARCH_HITS];
	struct tu_retr_config cfg;
	struct tu_retr_index ix;
	struct tu_retr_docs docs;
	struct pr_buf b;
	size_t n = 0, shown = 0;
	enum tu_status rc;

	tu_retr_docs_init(&docs);
	tu_retr_index_init(&ix);
	tu_retr_config_default(&cfg);
	cfg.rank = 0;   /* BM25 only: a handful of passages, no SVD */
	pr_buf_init(&b, TU_EVENT_TEXT_MAX);
	rc = tu_retr_course_docs(env->course, TU_RETR_COURSE_ACTIONS |
				 TU_RETR_COURSE_PROBLEMS |
				 TU_RETR_COURSE_BODIES, &docs, err);
	if (!rc && docs.n > 0)
		rc = tu_retr_index_build(&ix, &cfg, docs.docs, docs.n, err);
	if (!rc && docs.n > 0)
		rc = search_hits(&ix, s, i, hits, &n, err);
	for (size_t k = 0; !rc && k < n; k++)
		if (hits[k].bm25 > 0) {
			show_hit(&b, &docs, &hits[k]);
			shown++;
		}
	if (!rc && shown == 0)
		pr_buf_put(&b, "no course passage matches this question");
	pr_done_flag(d, "found", shown ? "true" : "false");
	d->output = pr_buf_take(&b);
	if (!rc && !d->output)
		rc = tu_err_set(err, TU_ENOMEM, "out of memory");
	tu_retr_index_release(&ix);
	tu_retr_docs_release(&docs);
	return rc;
}

/* ---- text ---------------------------------------------------------------- */

/* What the steps i depends on gave: the learner's answer to a turn, the
 * first line of an automatic step's output. */
static void dep_outputs(struct pr_buf *b, const struct tu_plan_session *s,
			size_t i)
{
	const struct tu_plan_step *st = &s->plan.steps[i];

	for (size_t d = 0; d < st->n_deps; d++) {
		size_t k = tu_plan_exec_find(&s->exec, st->depends_on[d]);
		bool turn = k != SIZE_MAX && s->plan.steps[k].requires_human_input;
		const char *o = k == SIZE_MAX ? NULL :
				turn ? s->steps[k].input : s->steps[k].output;

		if (!o || !*o)
			continue;
		pr_buf_printf(b, "%s %s: ", turn ? "You said in" : "From",
			      s->plan.steps[k].id);
		pr_buf_put_lines(b, o, 1);
	}
}

/* The practice item's problem; NULL when there is none. */
static const struct tu_course_problem *item_problem(
	const struct tu_plan_env *env, const struct tu_plan_session *s)
{
	return s->item[0] && env->course ?
	       tu_course_problem_find(env->course, s->item) : NULL;
}

#define PASSAGE_MAX 1500       /* bytes of a course passage a text shows */

/* The step whose output step i builds on, of kind want: a direct
 * dependency, or one of theirs; SIZE_MAX when there is none. */
static size_t dep_of_kind(const struct tu_plan_session *s, size_t i,
			  enum pr_kind want, int depth)
{
	const struct tu_plan_step *st = &s->plan.steps[i];

	for (size_t d = 0; d < st->n_deps; d++) {
		size_t k = tu_plan_exec_find(&s->exec, st->depends_on[d]);

		if (k == SIZE_MAX)
			continue;
		if (pr_kind(s, k) == want && s->steps[k].output)
			return k;
		if (depth > 0 && (k = dep_of_kind(s, k, want, depth - 1)) !=
		    SIZE_MAX)
			return k;
	}
	return SIZE_MAX;
}

/* The body of the course document id ("practise-add"): an action's
 * Markdown or a problem's statement; NULL when there is none. */
static const char *doc_body(const struct tu_retr_docs *docs, const char *id)
{
	for (size_t k = 0; k < docs->n; k++)
		if (strcmp(docs->docs[k].id, id) == 0)
			return docs->docs[k].field[TU_RETR_BODY];
	return NULL;
}

/* The id in the first "- Title (id)" line of a search step's output. */
static bool first_hit_id(const char *out, char *id, size_t cap)
{
	const char *nl = strchr(out, '\n');
	const char *close = nl ? nl - 1 : out + strlen(out) - 1;
	const char *open;

	if (strncmp(out, "- ", 2) != 0 || close <= out || *close != ')')
		return false;
	for (open = close; open > out && *open != '('; open--)
		;
	if (*open != '(' || (size_t)(close - open) >= cap)
		return false;
	memcpy(id, open + 1, (size_t)(close - open - 1));
	id[close - open - 1] = '\0';
	return true;
}

/* The course passage the search step k found first, as Markdown cut to
 * PASSAGE_MAX bytes; nothing when it cannot be found. */
static void put_passage(struct pr_buf *b, const struct tu_plan_env *env,
			const struct tu_plan_session *s, size_t k)
{
	struct tu_retr_docs docs;
	char id[TU_ID_MAX];
	const char *body;
	char *cut;

	if (!first_hit_id(s->steps[k].output, id, sizeof(id)))
		return;
	tu_retr_docs_init(&docs);
	if (tu_retr_course_docs(env->course, TU_RETR_COURSE_ACTIONS |
				TU_RETR_COURSE_PROBLEMS |
				TU_RETR_COURSE_BODIES, &docs, NULL) == TU_OK &&
	    (body = doc_body(&docs, id)) != NULL) {
		cut = pr_strndup_utf8(body, PASSAGE_MAX);
		if (cut)
			pr_buf_printf(b, "From the course (%s):\n\n%s%s\n", id,
				      cut, strlen(body) > strlen(cut) ?
				      " [...]" : "");
		free(cut);
	}
	tu_retr_docs_release(&docs);
}

/* A review after a judge step k: the result and what to do next. */
static void put_review(struct pr_buf *b, const struct tu_plan_session *s,
		       size_t k, const struct tu_course_problem *p)
{
	bool passed = strcmp(tu_plan_exec_flag_get(&s->exec, k, "passed"),
			     "true") == 0;

	pr_buf_printf(b, "Your last attempt: ");
	pr_buf_put_lines(b, s->steps[k].output, 1);
	if (passed)
		pr_buf_put(b, "It passes every test. Say in one sentence why it "
			   "works, and which input you would test next.\n");
	else
		pr_buf_printf(b, "The tests still fail. Read the failing test "
			      "again, compare it line by line with what your "
			      "code does%s%s\n", p && p->hints[2].text ?
			      ", and use this hint: " : ".",
			      p && p->hints[2].text ? p->hints[2].text : "");
}

/* The deterministic text of step i (new string; NULL on ENOMEM): after a
 * judge step, a review of the result; after a course search, the
 * passage it found first (the course's own explanation) with the step's
 * instruction; else the instruction and what the steps it depends on
 * gave.  Only the instruction when that would reveal the item's
 * solution. */
static char *plain_text(const struct tu_plan_env *env,
			const struct tu_plan_session *s, size_t i)
{
	const struct tu_plan_step *st = &s->plan.steps[i];
	const struct tu_course_problem *p = item_problem(env, s);
	size_t judge = dep_of_kind(s, i, PR_JUDGE, 0);
	size_t search = dep_of_kind(s, i, PR_SEARCH, 1);
	struct pr_buf b;
	char why[128];
	char *t;

	pr_buf_init(&b, TU_EVENT_TEXT_MAX);
	if (judge != SIZE_MAX) {
		put_review(&b, s, judge, p);
	} else {
		pr_buf_printf(&b, "%s\n", st->instruction);
		if (search != SIZE_MAX && env->course)
			put_passage(&b, env, s, search);
		else
			dep_outputs(&b, s, i);
	}
	t = pr_buf_take(&b);
	if (t && p && tu_assist_reveals(t, p, TU_LEAK_RUN_DEFAULT, why,
					sizeof(why))) {
		free(t);
		t = pr_strndup_utf8(st->instruction, TU_EVENT_TEXT_MAX);
	}
	return t;
}

static enum tu_status run_text(const struct tu_plan_env *env,
			       const struct tu_plan_session *s, size_t i,
			       struct pr_done *d, struct tu_err *err)
{
	d->output = plain_text(env, s, i);
	return d->output ? TU_OK : tu_err_set(err, TU_ENOMEM, "out of memory");
}

/* ---- text with the LLM, in batches --------------------------------------- */

bool pr_llm(const struct tu_plan_env *env)
{
	return env->assist && tu_assist_has_llm(env->assist);
}

/* One text step of a batch: its input and what it borrows. */
struct batch_step {
	size_t i;
	struct tu_assist_step_dep deps[TU_PLAN_DEPS_MAX];
	char *fallback;                /* owned */
};

static void batch_in(const struct tu_plan_env *env,
		     const struct tu_plan_session *s, struct batch_step *b,
		     struct tu_assist_step_in *in)
{
	const struct tu_plan_step *st = &s->plan.steps[b->i];
	size_t n = 0;

	for (size_t d = 0; d < st->n_deps && n < TU_PLAN_DEPS_MAX; d++) {
		size_t k = tu_plan_exec_find(&s->exec, st->depends_on[d]);
		bool turn;

		if (k == SIZE_MAX)
			continue;
		turn = s->plan.steps[k].requires_human_input;
		b->deps[n++] = (struct tu_assist_step_dep){
			s->plan.steps[k].id,
			turn ? s->steps[k].input : s->steps[k].output, turn };
	}
	memset(in, 0, sizeof(*in));
	in->query = s->plan.input.query;
	in->step_id = st->id;
	in->objective = st->objective ? st->objective : "";
	in->instruction = st->instruction ? st->instruction : "";
	in->expected_output = st->expected_output;
	in->deps = b->deps;
	in->n_deps = n;
	in->problem = item_problem(env, s);
	in->fallback = b->fallback;
}

/* The learner's persona and proficiency (on the item, else the mean
 * mastery) from their snapshot; none and 0 without one. */
static enum tu_status batch_who(const struct tu_plan_env *env,
				const struct tu_plan_session *s,
				struct tu_assist_who *who, struct tu_err *err)
{
	const struct tu_course_problem *p = item_problem(env, s);
	struct tu_learner_state *st = malloc(sizeof(*st));
	double sum = 0.0;

	if (!st)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	tu_learner_state_init(st);
	if (env->orch && tu_orch_load(env->orch, s->learner, st, NULL) ==
	    TU_OK) {
		who->persona = st->persona;
		for (size_t k = 0; k < st->n_topics; k++)
			sum += st->topics[k].mastery;
		who->proficiency = p ? tu_item_proficiency(st, p) :
				   st->n_topics ? sum / (double)st->n_topics :
				   0.0;
	}
	if (!(who->proficiency >= 0.0 && who->proficiency <= 1.0))
		who->proficiency = 0.0;
	tu_learner_state_release(st);
	free(st);
	return TU_OK;
}

/* The ready text steps of s without a fetched text, in execution order. */
static size_t batch_pick(const struct tu_plan_session *s,
			 const struct pr_fetched *f, struct batch_step *b)
{
	size_t n = 0;

	for (size_t k = 0; k < s->plan.n_steps &&
	     n < TU_ASSIST_STEP_BATCH_MAX; k++) {
		size_t i = s->exec.order[k];

		if (!f[i].have && pr_kind(s, i) == PR_TEXT &&
		    tu_plan_exec_is_ready(&s->exec, i))
			b[n++].i = i;
	}
	return n;
}

/* Asks the assistant for the n steps of b and keeps the results in f. */
static enum tu_status batch_serve(const struct tu_plan_env *env,
				  const struct tu_plan_session *s,
				  struct batch_step *b, size_t n, int64_t now,
				  struct pr_fetched *f, struct tu_err *err)
{
	struct tu_assist_step_in *in = calloc(n, sizeof(*in));
	struct tu_assist_result *res = calloc(n, sizeof(*res));
	struct tu_assist_who who = { s->learner, 0, 0.0, TU_PERSONA_NONE };
	struct tu_err e = TU_ERR_INIT;
	enum tu_status rc = TU_OK;

	if (!in || !res)
		rc = tu_err_set(err, TU_ENOMEM, "out of memory");
	for (size_t k = 0; !rc && k < n; k++) {
		b[k].fallback = plain_text(env, s, b[k].i);
		if (!b[k].fallback)
			rc = tu_err_set(err, TU_ENOMEM, "out of memory");
		else
			batch_in(env, s, &b[k], &in[k]);
	}
	if (!rc)
		rc = batch_who(env, s, &who, err);
	who.now = now;
	if (!rc)
		rc = tu_assist_plan_steps(env->assist, &who, in, n, res, &e);
	if (rc == TU_EINVAL)
		rc = tu_err_set(err, TU_EINTERNAL, "plan %s: %s", s->plan_id,
				e.msg);
	else if (rc && e.msg[0])
		rc = tu_err_set(err, rc, "plan %s: %s", s->plan_id, e.msg);
	for (size_t k = 0; !rc && k < n; k++) {
		f[b[k].i].have = true;
		f[b[k].i].iteration = tu_plan_exec_iteration(&s->exec, b[k].i);
		f[b[k].i].res = res[k];
	}
	for (size_t k = 0; k < n; k++)
		free(b[k].fallback);
	free(in);
	free(res);
	return rc;
}

enum tu_status pr_fetch_texts(const struct tu_plan_env *env,
			      const struct tu_plan_session *s, int64_t now,
			      struct pr_fetched *f, struct tu_err *err)
{
	struct batch_step *b = calloc(s->plan.n_steps ? s->plan.n_steps : 1,
				      sizeof(*b));
	size_t n;
	enum tu_status rc;

	if (!b)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	n = batch_pick(s, f, b);
	rc = n ? batch_serve(env, s, b, n, now, f, err) : TU_OK;
	free(b);
	return rc;
}

enum tu_status pr_run_auto(const struct tu_plan_env *env,
			   const struct tu_plan_session *s, size_t i,
			   struct pr_done *d, struct tu_err *err)
{
	switch (pr_kind(s, i)) {
	case PR_JUDGE:
		return run_judge(env, s, i, d, err);
	case PR_SEARCH:
		return run_search(env, s, i, d, err);
	case PR_TEXT:
		return run_text(env, s, i, d, err);
	case PR_TURN:
	case PR_CODE_TURN:
		break;
	}
	return tu_err_set(err, TU_EINTERNAL, "plan step '%s' is a turn, not "
			  "an automatic step", s->plan.steps[i].id);
}
