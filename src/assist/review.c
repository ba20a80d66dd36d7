/*
 * review.c - the review use of tutor/assist.h: a short semantic code
 * review after an accepted submission.
 *
 * With an LLM: prompts/review.md, schema {"review": string <= 1200}; an
 * answer that reveals the solution (tu_assist_reveals) is refused.
 * Deterministic path: the judge's review findings as a short list, or,
 * when there are none, a "clean solution" note naming the topics the
 * problem practised.
 *
 * What it is not: it does not judge (tutor/judge.h did) and does not
 * change the learner's state.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assist_internal.h"
#include "tutor/leak.h"

#define FINDINGS_MAX 64     /* findings accepted per call */
#define FINDINGS_SHOWN 5    /* listed by the deterministic review */

static const char REVIEW_SCHEMA[] =
	"{\"type\":\"object\",\"properties\":{\"review\":{\"type\":\"string\","
	"\"minLength\":1,\"maxLength\":1200}},\"required\":[\"review\"],"
	"\"additionalProperties\":false}";

static enum tu_status accept_review(struct tu_assist *a, void *ctx,
				    const json_t *answer,
				    struct tu_assist_result *out, bool *shown,
				    bool *refused, char *why, size_t cap,
				    struct tu_err *err)
{
	const struct tu_assist_review_in *in = ctx;
	char *t = strdup(tu__as_answer_str(answer, "review"));
	enum tu_status st = TU_OK;

	(void)a;
	if (!t)
		return tu_err_set(err, TU_ENOMEM, "assist review: out of "
				  "memory");
	tu__as_clean_text(t);
	if (!t[0]) {
		snprintf(why, cap, "the answer was empty");
	} else if (tu_assist_reveals(t, in->problem, TU_LEAK_RUN_DEFAULT, why,
				     cap)) {
		*refused = true;
	} else {
		st = tu__as_set_text(out, t, err);
		*shown = st == TU_OK;
	}
	free(t);
	return st;
}

/* The deterministic review. */
static char *plain_review(const struct tu_course *c,
			  const struct tu_assist_review_in *in)
{
	char topics[TU_TEXT_MAX];
	struct tu__as_buf b;
	size_t n = in->n_findings;

	tu__as_topic_titles(c, in->problem, topics, sizeof topics);
	tu__as_buf_init(&b, TU_ASSIST_TEXT_MAX);
	if (n == 0)
		tu__as_buf_fmt(&b, "Clean solution: every test passes and the code "
			    "review found nothing to change.");
	else
		tu__as_buf_fmt(&b, "Every test passes. The code review has %zu "
			    "suggestion%s:", n, n == 1 ? "" : "s");
	for (size_t i = 0; i < n && i < FINDINGS_SHOWN; i++)
		tu__as_buf_fmt(&b, "\n- %s", in->findings[i]);
	if (n > FINDINGS_SHOWN)
		tu__as_buf_fmt(&b, "\n- ... and %zu more", n - FINDINGS_SHOWN);
	if (topics[0])
		tu__as_buf_fmt(&b, "%sThis problem practised %s.",
			    n ? "\n" : " ", topics);
	return tu__as_buf_take(&b);
}

/* The findings as a bulleted list for the prompt. */
static char *findings_text(const struct tu_assist_review_in *in)
{
	struct tu__as_buf b;

	tu__as_buf_init(&b, 16u * 1024u);
	if (in->n_findings == 0)
		tu__as_buf_str(&b, "(none)");
	for (size_t i = 0; i < in->n_findings; i++)
		tu__as_buf_fmt(&b, "%s- %s", i ? "\n" : "", in->findings[i]);
	return tu__as_buf_take(&b);
}

static enum tu_status check_in(const struct tu_assist_review_in *in,
			       struct tu_err *err)
{
	if (!in || !in->problem)
		return tu_err_set(err, TU_EINVAL, "assist review: no problem");
	if ((unsigned)in->lang >= TU_LANGS)
		return tu_err_set(err, TU_EINVAL, "assist review: unknown "
				  "language %d", (int)in->lang);
	if (in->n_findings > FINDINGS_MAX ||
	    (in->n_findings > 0 && !in->findings))
		return tu_err_set(err, TU_EINVAL, "assist review: findings "
				  "must be 0..%d messages", FINDINGS_MAX);
	for (size_t i = 0; i < in->n_findings; i++)
		if (!in->findings[i])
			return tu_err_set(err, TU_EINVAL, "assist review: "
					  "finding %zu is NULL", i);
	return TU_OK;
}

static enum tu_status try_llm(struct tu_assist *a,
			      const struct tu_assist_who *who,
			      const struct tu_assist_review_in *in,
			      struct tu_assist_result *out, bool *served,
			      struct tu_err *err)
{
	char topics[TU_TEXT_MAX];
	char *statement = tu__as_excerpt(in->problem->statement,
				      TU__STATEMENT_MAX);
	char *code = tu_assist_quote(in->code, TU__CODE_QUOTE_MAX);
	char *findings = findings_text(in);
	enum tu_status st = TU_ENOMEM;

	tu__as_topic_titles(a->course, in->problem, topics, sizeof topics);
	if (statement && code && findings) {
		const struct tu__as_var vars[] = {
			{ "problem_title", in->problem->title },
			{ "statement", statement },
			{ "lang", tu_lang_name(in->lang) },
			{ "code", code },
			{ "findings", findings },
			{ "topics", topics },
		};
		const struct tu__as_call c = {
			TU_USE_REVIEW, vars, sizeof vars / sizeof vars[0],
			REVIEW_SCHEMA, accept_review, (void *)(uintptr_t)in
		};

		st = tu__as_call_llm(a, who, &c, out, served, err);
	} else {
		tu_err_set(err, TU_ENOMEM, "assist review: out of memory");
	}
	free(statement);
	free(code);
	free(findings);
	return st;
}

enum tu_status tu_assist_review(struct tu_assist *a,
				const struct tu_assist_who *who,
				const struct tu_assist_review_in *in,
				struct tu_assist_result *out,
				struct tu_err *err)
{
	bool served = false;
	enum tu_status st;
	char *plain;

	if (!a || !out)
		return tu_err_set(err, TU_EINVAL, "assist review: %s is NULL",
				  a ? "out" : "assistant");
	tu__as_result_start(out);
	st = tu__as_check_who(who, "review", err);
	if (!st)
		st = check_in(in, err);
	if (!st)
		st = try_llm(a, who, in, out, &served, err);
	if (!st && !served) {
		plain = plain_review(a->course, in);
		st = plain ? tu__as_serve_fallback(out, plain, err) :
		     tu_err_set(err, TU_ENOMEM, "assist review: out of memory");
		free(plain);
	}
	if (st)
		tu_assist_result_release(out);
	return st;
}
