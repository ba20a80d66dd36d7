/*
 * ask.c - the "ask the tutor" use of tutor/assist.h, under the
 * no-solution rule.
 *
 * Retrieval (both paths): the three learning actions of the course that
 * best match the question by tutor/retrieval.h's hybrid retriever (BM25
 * over the code-aware tokenizer plus LSA cosine, min-max fused, alpha
 * 0.5) over each action's title, topics, keywords and summary (bodies
 * are not indexed: the index is built per question, about 20 ms for the
 * python course's 284 actions); only actions sharing a word with the
 * question (BM25 > 0) count, their fused score x 1.2 when the action
 * shares a topic with the current problem; ties by action id.
 * When the question is about the current problem (it names the
 * problem or says "hint", "stuck", "error", "test", ...), the next hint
 * of the learner's band (level from tu_hint_next for a fresh attempt,
 * leak-checked) is added.
 *
 * With an LLM: prompts/ask.md, schema {"answer": string <= 1200}, with
 * the retrieved actions and the hint as context; an answer that reveals
 * a solution (the current problem's, and every problem's when the course
 * has at most 500, else those the question or answer names) is refused.
 * Deterministic path: the actions' titles and one-line summaries, and
 * the hint.
 *
 * What it is not: no LLM embeddings (the retriever can take them; they
 * are not wired here), no index kept between questions, and no
 * conversation memory.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assist_internal.h"
#include "tutor/hints.h"
#include "tutor/leak.h"
#include "tutor/retrieval.h"
#include "tutor/utf8.h"

#define QUERY_TOKENS_MAX 64
#define TOKEN_MAX 48
#define TOP_N 3
#define RETRIEVE_K 10
#define ALL_PROBLEMS_MAX 500

static const char ASK_SCHEMA[] =
	"{\"type\":\"object\",\"properties\":{\"answer\":{\"type\":\"string\","
	"\"minLength\":1,\"maxLength\":1200}},\"required\":[\"answer\"],"
	"\"additionalProperties\":false}";

/* ---- retrieval --------------------------------------------------------- */

struct query {
	char tok[QUERY_TOKENS_MAX][TOKEN_MAX];
	size_t n;
};

static void add_query_token(void *ctx, const char *tok)
{
	struct query *q = ctx;

	for (size_t i = 0; i < q->n; i++)
		if (strcmp(q->tok[i], tok) == 0)
			return;
	if (q->n < QUERY_TOKENS_MAX)
		tu__as_copy(q->tok[q->n++], TOKEN_MAX, tok);
}

static bool shares_topic(const struct tu_course_action *x,
			 const struct tu_course_problem *p)
{
	for (size_t i = 0; p && i < x->n_topics; i++)
		for (size_t j = 0; j < p->n_topics; j++)
			if (strcmp(x->topics[i], p->topics[j]) == 0)
				return true;
	return false;
}

struct hit {
	size_t idx;
	double score;
};

/* Inserts (idx, score) into the top list if it belongs there (after any
 * equal score: the retriever's order breaks ties). */
static void keep_top(struct hit top[TOP_N], size_t *n, size_t idx,
		     double score)
{
	size_t at = *n < TOP_N ? *n : TOP_N;

	while (at > 0 && top[at - 1].score < score)
		at--;
	if (at >= TOP_N)
		return;
	memmove(&top[at + 1], &top[at],
		((*n < TOP_N ? *n : TOP_N - 1) - at) * sizeof(top[0]));
	top[at] = (struct hit){ idx, score };
	if (*n < TOP_N)
		(*n)++;
}

/* The best TOP_N actions for the question into top (*n of them). */
static enum tu_status retrieve(const struct tu_course *c,
			       const char *question,
			       const struct tu_course_problem *p,
			       struct hit *top, size_t *n)
{
	struct tu_retr_docs d;
	struct tu_retr_index ix;
	struct tu_retr_query q;
	struct tu_retr_hit h[RETRIEVE_K];
	size_t nh = 0;
	enum tu_status st;

	*n = 0;
	if (c->n_actions == 0)
		return TU_OK;
	st = tu_retr_course_docs(c, TU_RETR_COURSE_ACTIONS, &d, NULL);
	if (st)
		return st;
	st = tu_retr_index_build(&ix, NULL, d.docs, d.n, NULL);
	tu_retr_query_default(&q);
	q.text = question;
	q.k = RETRIEVE_K;
	if (!st)
		st = tu_retr_search(&ix, &q, h, &nh, NULL);
	for (size_t i = 0; !st && i < nh; i++) {
		size_t at = d.index[h[i].doc];

		if (h[i].bm25 > 0.0)
			keep_top(top, n, at, h[i].score *
				 (shares_topic(&c->actions[at], p) ? 1.2 :
				  1.0));
	}
	tu_retr_index_release(&ix);
	tu_retr_docs_release(&d);
	return st;
}

/* ---- the answer's parts ------------------------------------------------ */

static const char *const ABOUT_WORDS[] = {
	"this", "problem", "exercise", "hint", "stuck", "help", "code",
	"error", "fail", "failing", "fails", "wrong", "test", "tests", "bug",
	NULL
};

/* True when the question is about the current problem p. */
static bool about_problem(const char *question,
			  const struct tu_course_problem *p,
			  const struct query *q)
{
	struct query t;

	if (!p)
		return false;
	for (size_t i = 0; ABOUT_WORDS[i]; i++)
		if (tu__as_has_word(question, ABOUT_WORDS[i]))
			return true;
	if (tu__as_has_word(question, p->id))
		return true;
	memset(&t, 0, sizeof t);
	tu__as_tokens(p->title, add_query_token, &t);
	for (size_t i = 0; i < t.n; i++)
		for (size_t k = 0; k < q->n; k++)
			if (strcmp(t.tok[i], q->tok[k]) == 0)
				return true;
	return false;
}

/* The next hint for a fresh attempt at p in the learner's band. */
static char *next_hint(const struct tu_assist_who *who,
		       const struct tu_assist_ask_in *in)
{
	struct tu_hint_input hi = { who->proficiency, TU_FAIL_NONE, 0, 0, 0 };
	struct tu_hint_decision d;

	if (tu_hint_next(&hi, &d, NULL) != TU_OK)
		d.level = 1;
	return tu__as_authored_hint(in->problem, in->lang, d.level,
				 who->proficiency);
}

static char *actions_text(const struct tu_course *c, const struct hit *top,
			  size_t n)
{
	struct tu__as_buf b;

	tu__as_buf_init(&b, TU_ASSIST_TEXT_MAX);
	for (size_t i = 0; i < n; i++) {
		const struct tu_course_action *x = &c->actions[top[i].idx];

		tu__as_buf_fmt(&b, "%s- %s: %s", i ? "\n" : "", x->title,
			    x->summary);
	}
	if (n == 0)
		tu__as_buf_str(&b, "(none)");
	return tu__as_buf_take(&b);
}

static char *plain_answer(const struct tu_course *c, const char *actions,
			  size_t n, const struct tu_course_problem *p,
			  const char *hint)
{
	struct tu__as_buf b;

	tu__as_buf_init(&b, TU_ASSIST_TEXT_MAX);
	if (n > 0) {
		tu__as_buf_fmt(&b, "Here is what the course has on that:\n%s",
			    actions);
	} else {
		tu__as_buf_str(&b, "I could not find a learning action of this "
			    "course that matches your question.");
		for (size_t i = 0; i < c->n_topics && i < 5; i++)
			tu__as_buf_fmt(&b, "%s%s", i ? ", " : " Topics you can "
				    "ask about: ", c->topics[i].title);
		if (c->n_topics > 0)
			tu__as_buf_str(&b, ".");
	}
	if (hint)
		tu__as_buf_fmt(&b, "\n\nFor \"%s\": %s", p->title, hint);
	return tu__as_buf_take(&b);
}

/* ---- the LLM answer ---------------------------------------------------- */

struct ask_ctx {
	const struct tu_assist_ask_in *in;
};

/* Whether the problem's solutions must be checked against the answer. */
static bool to_check(const struct tu_course *c,
		     const struct tu_course_problem *p,
		     const struct tu_assist_ask_in *in, const char *answer)
{
	if (p == in->problem || c->n_problems <= ALL_PROBLEMS_MAX)
		return true;
	return tu__as_has_word(in->question, p->id) ||
	       tu__as_has_word(answer, p->id) ||
	       strstr(in->question, p->title) || strstr(answer, p->title);
}

static bool reveals_any(const struct tu_course *c,
			const struct tu_assist_ask_in *in, const char *t,
			char *why, size_t cap)
{
	if (in->problem && tu_assist_reveals(t, in->problem,
					     TU_LEAK_RUN_DEFAULT, why, cap))
		return true;
	for (size_t i = 0; i < c->n_problems; i++) {
		const struct tu_course_problem *p = &c->problems[i];

		if (p != in->problem && to_check(c, p, in, t) &&
		    tu_assist_reveals(t, p, TU_LEAK_RUN_DEFAULT, why, cap))
			return true;
	}
	return false;
}

static enum tu_status accept_ask(struct tu_assist *a, void *ctx,
				 const json_t *answer,
				 struct tu_assist_result *out, bool *shown,
				 bool *refused, char *why, size_t cap,
				 struct tu_err *err)
{
	const struct ask_ctx *x = ctx;
	char *t = strdup(tu__as_answer_str(answer, "answer"));
	enum tu_status st = TU_OK;

	if (!t)
		return tu_err_set(err, TU_ENOMEM, "assist ask: out of memory");
	tu__as_clean_text(t);
	if (!t[0]) {
		snprintf(why, cap, "the answer was empty");
	} else if (reveals_any(a->course, x->in, t, why, cap)) {
		*refused = true;
	} else {
		st = tu__as_set_text(out, t, err);
		*shown = st == TU_OK;
	}
	free(t);
	return st;
}

struct ask_vals {
	char *question, *statement, *code, *actions, *hint;
};

static void vals_release(struct ask_vals *v)
{
	free(v->question);
	free(v->statement);
	free(v->code);
	free(v->actions);
	free(v->hint);
}

static enum tu_status try_llm(struct tu_assist *a,
			      const struct tu_assist_who *who,
			      const struct tu_assist_ask_in *in,
			      const struct ask_vals *v,
			      struct tu_assist_result *out, bool *served,
			      struct tu_err *err)
{
	struct ask_ctx x = { in };
	const struct tu__as_var vars[] = {
		{ "question", v->question },
		{ "problem_title", in->problem ? in->problem->title : NULL },
		{ "statement", v->statement },
		{ "code", v->code },
		{ "actions", v->actions },
		{ "next_hint", v->hint },
	};
	const struct tu__as_call c = {
		TU_USE_ASK, vars, sizeof vars / sizeof vars[0], ASK_SCHEMA,
		accept_ask, &x
	};

	return tu__as_call_llm(a, who, &c, out, served, err);
}

static enum tu_status check_in(const struct tu_assist_ask_in *in,
			       struct tu_err *err)
{
	size_t n;

	if (!in || !in->question)
		return tu_err_set(err, TU_EINVAL, "assist ask: no question");
	n = strnlen(in->question, TU_ASSIST_QUESTION_MAX + 1);
	if (n == 0 || n > TU_ASSIST_QUESTION_MAX)
		return tu_err_set(err, TU_EINVAL, "assist ask: the question "
				  "must be 1..%d bytes", TU_ASSIST_QUESTION_MAX);
	if (!tu_utf8_valid(in->question, n, NULL))
		return tu_err_set(err, TU_EINVAL, "assist ask: the question is "
				  "not UTF-8 text");
	if (in->problem && (unsigned)in->lang >= TU_LANGS)
		return tu_err_set(err, TU_EINVAL, "assist ask: unknown "
				  "language %d", (int)in->lang);
	return TU_OK;
}

/* Retrieval and the hint: the parts both paths use. */
static bool vals_make(const struct tu_assist *a,
		      const struct tu_assist_who *who,
		      const struct tu_assist_ask_in *in, struct ask_vals *v,
		      size_t *n_hits)
{
	struct query q;
	struct hit top[TOP_N];

	memset(v, 0, sizeof(*v));
	memset(&q, 0, sizeof q);
	tu__as_tokens(in->question, add_query_token, &q);
	if (retrieve(a->course, in->question, in->problem, top, n_hits))
		return false;
	v->actions = actions_text(a->course, top, *n_hits);
	v->question = tu_assist_quote(in->question, TU_ASSIST_QUESTION_MAX);
	v->code = tu_assist_quote(in->code ? in->code : "(no code)",
				  TU__CODE_QUOTE_MAX);
	v->statement = tu__as_excerpt(in->problem ? in->problem->statement :
				   "(no current problem)", TU__STATEMENT_MAX);
	if (about_problem(in->question, in->problem, &q)) {
		v->hint = next_hint(who, in);
		if (!v->hint)
			return false;
	}
	return v->actions && v->question && v->code && v->statement;
}

enum tu_status tu_assist_ask(struct tu_assist *a,
			     const struct tu_assist_who *who,
			     const struct tu_assist_ask_in *in,
			     struct tu_assist_result *out,
			     struct tu_err *err)
{
	struct ask_vals v;
	size_t n = 0;
	bool served = false;
	enum tu_status st;
	char *plain;

	if (!a || !out)
		return tu_err_set(err, TU_EINVAL, "assist ask: %s is NULL",
				  a ? "out" : "assistant");
	tu__as_result_start(out);
	st = tu__as_check_who(who, "ask", err);
	if (!st)
		st = check_in(in, err);
	if (st)
		return st;
	if (!vals_make(a, who, in, &v, &n))
		st = tu_err_set(err, TU_ENOMEM, "assist ask: out of memory");
	if (!st)
		st = try_llm(a, who, in, &v, out, &served, err);
	if (!st && !served) {
		plain = plain_answer(a->course, v.actions, n, in->problem,
				     v.hint);
		st = plain ? tu__as_serve_fallback(out, plain, err) :
		     tu_err_set(err, TU_ENOMEM, "assist ask: out of memory");
		free(plain);
	}
	vals_release(&v);
	if (st)
		tu_assist_result_release(out);
	return st;
}
