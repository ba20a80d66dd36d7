/*
 * narrative.c - the narrative use of tutor/assist.h: the bridge that
 * introduces the next item in a tone chosen by the learner's persona
 * (Pxplore).
 *
 * With an LLM: prompts/narrative.md, schema {"narrative": string <=
 * 400}; an answer that reveals the next item's solution is refused.
 * Deterministic path: one template per persona (none, momentum,
 * consolidator, explorer, struggler) and bucket (review, growth,
 * challenge; "mastered" reads as review), naming the item's title,
 * then the curator's reason; a word on the last item first when given.
 *
 * What it is not: it does not pick the item (the curator did).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assist_internal.h"
#include "tutor/leak.h"

static const char NARRATIVE_SCHEMA[] =
	"{\"type\":\"object\",\"properties\":{\"narrative\":{\"type\":"
	"\"string\",\"minLength\":1,\"maxLength\":400}},\"required\":"
	"[\"narrative\"],\"additionalProperties\":false}";

enum { B_REVIEW, B_GROWTH, B_CHALLENGE, B_N };

/* [persona][bucket]: one sentence with the title at the %s. */
static const char *const TEMPLATES[5][B_N] = {
	[TU_PERSONA_NONE] = {
		"Next, a review of \"%s\".",
		"Next up: \"%s\".",
		"Next, a challenge: \"%s\".",
	},
	[TU_PERSONA_MOMENTUM] = {
		"You are on a roll, so let's lock it in with a quick review "
		"of \"%s\".",
		"You are on a roll: \"%s\" is the next step up.",
		"You are moving fast, so here is a stretch: \"%s\".",
	},
	[TU_PERSONA_CONSOLIDATOR] = {
		"Time to consolidate what you know with a review of \"%s\".",
		"Let's deepen what you have built with \"%s\".",
		"You have solid ground to stand on, and \"%s\" asks you to go "
		"further.",
	},
	[TU_PERSONA_EXPLORER] = {
		"Before exploring further, a quick look back at \"%s\".",
		"Here is something new to explore: \"%s\".",
		"Curious what lies beyond? \"%s\" opens a new direction.",
	},
	[TU_PERSONA_STRUGGLER] = {
		"Let's revisit \"%s\" together; a second pass makes it stick.",
		"One small step at a time: \"%s\" builds on what you already "
		"did.",
		"This one is harder, so take it slowly: \"%s\". Hints are "
		"there when you need them.",
	},
};

static int bucket_of(const char *b)
{
	if (!b)
		return -1;
	if (strcmp(b, "review") == 0 || strcmp(b, "mastered") == 0)
		return B_REVIEW;
	if (strcmp(b, "growth") == 0)
		return B_GROWTH;
	if (strcmp(b, "challenge") == 0)
		return B_CHALLENGE;
	return -1;
}

/* The last item's title when it is a problem id, else the text itself. */
static const char *last_title(const struct tu_course *c, const char *last)
{
	const struct tu_course_problem *p = tu_course_problem_find(c, last);

	return p ? p->title : last;
}

/* Appends why as a sentence ("Why: ...."), without doubling its stop. */
static void add_why(struct tu__as_buf *b, const char *why)
{
	size_t n = strlen(why);

	while (n > 0 && (why[n - 1] == '.' || why[n - 1] == ' '))
		n--;
	if (n == 0)
		return;
	tu__as_buf_str(b, " Why: ");
	tu__as_buf_put(b, why, n);
	tu__as_buf_str(b, ".");
}

static char *plain_narrative(const struct tu_course *c,
			     const struct tu_assist_who *who,
			     const struct tu_assist_narrative_in *in)
{
	const char *tmpl = TEMPLATES[who->persona][bucket_of(in->bucket)];
	const char *pct = strstr(tmpl, "%s");
	struct tu__as_buf b;

	tu__as_buf_init(&b, TU_ASSIST_TEXT_MAX);
	if (in->last_item && in->last_item[0])
		tu__as_buf_fmt(&b, in->last_passed ? "Nice work on \"%s\". " :
			    "\"%s\" will come back later. ",
			    last_title(c, in->last_item));
	tu__as_buf_put(&b, tmpl, (size_t)(pct - tmpl));
	tu__as_buf_str(&b, in->next->title);
	tu__as_buf_str(&b, pct + 2);
	if (in->why)
		add_why(&b, in->why);
	return tu__as_buf_take(&b);
}

static enum tu_status accept_narrative(struct tu_assist *a, void *ctx,
				       const json_t *answer,
				       struct tu_assist_result *out,
				       bool *shown, bool *refused, char *why,
				       size_t cap, struct tu_err *err)
{
	const struct tu_assist_narrative_in *in = ctx;
	char *t = strdup(tu__as_answer_str(answer, "narrative"));
	enum tu_status st = TU_OK;

	(void)a;
	if (!t)
		return tu_err_set(err, TU_ENOMEM, "assist narrative: out of "
				  "memory");
	tu__as_clean_text(t);
	if (!t[0]) {
		snprintf(why, cap, "the answer was empty");
	} else if (tu_assist_reveals(t, in->next, TU_LEAK_RUN_DEFAULT, why,
				     cap)) {
		*refused = true;
	} else {
		st = tu__as_set_text(out, t, err);
		*shown = st == TU_OK;
	}
	free(t);
	return st;
}

static enum tu_status try_llm(struct tu_assist *a,
			      const struct tu_assist_who *who,
			      const struct tu_assist_narrative_in *in,
			      struct tu_assist_result *out, bool *served,
			      struct tu_err *err)
{
	char topics[TU_TEXT_MAX];
	char *summary = tu__as_excerpt(in->next->statement, 600);
	enum tu_status st;
	const char *last = in->last_item && in->last_item[0] ?
			   last_title(a->course, in->last_item) : NULL;

	if (!summary)
		return tu_err_set(err, TU_ENOMEM, "assist narrative: out of "
				  "memory");
	tu__as_topic_titles(a->course, in->next, topics, sizeof topics);
	{
		const struct tu__as_var vars[] = {
			{ "persona", tu_persona_name(who->persona) },
			{ "bucket", in->bucket },
			{ "item_title", in->next->title },
			{ "item_summary", summary },
			{ "topics", topics },
			{ "why", in->why },
			{ "last_item", last },
			{ "last_result", !last ? NULL : in->last_passed ?
			  "passed" : "not passed yet" },
		};
		const struct tu__as_call c = {
			TU_USE_NARRATIVE, vars, sizeof vars / sizeof vars[0],
			NARRATIVE_SCHEMA, accept_narrative,
			(void *)(uintptr_t)in
		};

		st = tu__as_call_llm(a, who, &c, out, served, err);
	}
	free(summary);
	return st;
}

enum tu_status tu_assist_narrative(struct tu_assist *a,
				   const struct tu_assist_who *who,
				   const struct tu_assist_narrative_in *in,
				   struct tu_assist_result *out,
				   struct tu_err *err)
{
	bool served = false;
	enum tu_status st;
	char *plain;

	if (!a || !out)
		return tu_err_set(err, TU_EINVAL, "assist narrative: %s is "
				  "NULL", a ? "out" : "assistant");
	tu__as_result_start(out);
	st = tu__as_check_who(who, "narrative", err);
	if (st)
		return st;
	if (!in || !in->next || bucket_of(in->bucket) < 0)
		return tu_err_set(err, TU_EINVAL, "assist narrative: %s",
				  !in || !in->next ? "no next item" :
				  "bucket must be review, growth, challenge "
				  "or mastered");
	st = try_llm(a, who, in, out, &served, err);
	if (!st && !served) {
		plain = plain_narrative(a->course, who, in);
		st = plain ? tu__as_serve_fallback(out, plain, err) :
		     tu_err_set(err, TU_ENOMEM, "assist narrative: out of "
				"memory");
		free(plain);
	}
	if (st)
		tu_assist_result_release(out);
	return st;
}
