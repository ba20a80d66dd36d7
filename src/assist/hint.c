/*
 * hint.c - the hint use of tutor/assist.h: hint text for the level the
 * hint policy chose, conditioned on the learner's code, the first
 * failing public test, the level and the proficiency band.
 *
 * With an LLM: prompts/hint.md, schema {"hint": string <= 600}; the
 * answer's fenced code blocks are stripped, and an answer that is then
 * empty, or that reveals the solution (tu_assist_reveals: every reference
 * solution, the hidden tests), is refused.  Deterministic path (also
 * whenever the LLM cannot serve): the feedback agent's wording of the
 * course's authored hint for the level and band (tu_hint_authored_text),
 * or the level's generic text when that leaks.
 *
 * What it is not: it does not choose the level (tutor/hints.h does) and
 * does not count the hint (the orchestrator does).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assist_internal.h"
#include "tutor/hints.h"
#include "tutor/leak.h"

static const char HINT_SCHEMA[] =
	"{\"type\":\"object\",\"properties\":{\"hint\":{\"type\":\"string\","
	"\"minLength\":1,\"maxLength\":600}},\"required\":[\"hint\"],"
	"\"additionalProperties\":false}";

static enum tu_status accept_hint(struct tu_assist *a, void *ctx,
				  const json_t *answer,
				  struct tu_assist_result *out, bool *shown,
				  bool *refused, char *why, size_t cap,
				  struct tu_err *err)
{
	const struct tu_assist_hint_in *in = ctx;
	char *t = strdup(tu__as_answer_str(answer, "hint"));
	enum tu_status st = TU_OK;

	(void)a;
	if (!t)
		return tu_err_set(err, TU_ENOMEM, "assist hint: out of memory");
	tu__as_clean_text(t);
	tu_assist_strip_code(t);
	if (!t[0]) {
		*refused = true;
		snprintf(why, cap, "the answer was only code");
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

static enum tu_status check_in(const struct tu_assist_hint_in *in,
			       struct tu_err *err)
{
	if (!in || !in->problem)
		return tu_err_set(err, TU_EINVAL, "assist hint: no problem");
	if (in->level < 1 || in->level > TU_HINT_LEVEL_MAX)
		return tu_err_set(err, TU_EINVAL, "assist hint: level %u is "
				  "not in 1..%d", in->level, TU_HINT_LEVEL_MAX);
	if ((unsigned)in->lang >= TU_LANGS)
		return tu_err_set(err, TU_EINVAL, "assist hint: unknown "
				  "language %d", (int)in->lang);
	return TU_OK;
}

/* The quoted and derived values the prompt needs (owned strings). */
struct hint_vals {
	char *statement, *code, *failing, *authored;
	char level[16];
};

static void vals_release(struct hint_vals *v)
{
	free(v->statement);
	free(v->code);
	free(v->failing);
	free(v->authored);
}

static bool vals_make(const struct tu_assist_who *who,
		      const struct tu_assist_hint_in *in, struct hint_vals *v)
{
	memset(v, 0, sizeof(*v));
	snprintf(v->level, sizeof v->level, "%u", in->level);
	v->statement = tu__as_excerpt(in->problem->statement, TU__STATEMENT_MAX);
	v->code = tu_assist_quote(in->code ? in->code : "(no code yet)",
				  TU__CODE_QUOTE_MAX);
	v->failing = tu_assist_quote(in->failing_test ? in->failing_test :
				     "(no failing test)", 1024);
	v->authored = tu__as_authored_hint(in->problem, in->lang, in->level,
					who->proficiency);
	return v->statement && v->code && v->failing && v->authored;
}

static enum tu_status try_llm(struct tu_assist *a,
			      const struct tu_assist_who *who,
			      const struct tu_assist_hint_in *in,
			      const struct hint_vals *v,
			      struct tu_assist_result *out, bool *served,
			      struct tu_err *err)
{
	const struct tu__as_var vars[] = {
		{ "problem_title", in->problem->title },
		{ "statement", v->statement },
		{ "lang", tu_lang_name(in->lang) },
		{ "level", v->level },
		{ "level_name", tu_hint_level_name(in->level) },
		{ "band", tu_hint_band_name(tu_hint_band(who->proficiency)) },
		{ "failing_test", v->failing },
		{ "code", v->code },
		{ "authored_hint", v->authored },
	};
	const struct tu__as_call c = {
		TU_USE_HINT, vars, sizeof vars / sizeof vars[0], HINT_SCHEMA,
		accept_hint, (void *)(uintptr_t)in
	};

	return tu__as_call_llm(a, who, &c, out, served, err);
}

enum tu_status tu_assist_hint(struct tu_assist *a,
			      const struct tu_assist_who *who,
			      const struct tu_assist_hint_in *in,
			      struct tu_assist_result *out,
			      struct tu_err *err)
{
	struct hint_vals v;
	bool served = false;
	enum tu_status st;

	if (!a || !out)
		return tu_err_set(err, TU_EINVAL, "assist hint: %s is NULL",
				  a ? "out" : "assistant");
	tu__as_result_start(out);
	st = tu__as_check_who(who, "hint", err);
	if (!st)
		st = check_in(in, err);
	if (st)
		return st;
	if (!vals_make(who, in, &v)) {
		vals_release(&v);
		return tu_err_set(err, TU_ENOMEM, "assist hint: out of memory");
	}
	st = try_llm(a, who, in, &v, out, &served, err);
	if (!st && !served)
		st = tu__as_serve_fallback(out, v.authored, err);
	vals_release(&v);
	if (st)
		tu_assist_result_release(out);
	return st;
}
