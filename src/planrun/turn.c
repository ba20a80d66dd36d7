/*
 * turn.c - what the tutor shows for a learner-facing step of a study plan
 * (tu_plan_turn_text): the step's instruction turned to the learner
 * ("Ask the learner to restate ... in their own words" -> "Restate ...
 * in your own words"), the outputs of the automatic steps it builds on
 * (a retrieved passage, the judge's result), the course's authored hint
 * after a failed check (level = the loop iteration), and for a code turn
 * the practice item's title and statement.  Deterministic; the text
 * never reveals the item's solution or a hidden test (tu_assist_reveals:
 * otherwise only the instruction is shown).  Pure apart from reading the
 * course the session borrows.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "planrun_internal.h"
#include "tutor/assist.h"
#include "tutor/leak.h"

#define TURN_TEXT_MAX 12000u      /* bytes of one turn's text */
#define STATEMENT_MAX 1500u       /* bytes of the item's statement shown */
#define DEP_LINES 4               /* lines shown of a step built on */

/* ---- the instruction, addressed to the learner ---------------------------- */

struct swap {
	const char *from, *to;
};

/* Longest first where one is a prefix of another. */
static const struct swap swaps[] = {
	{ "the learner's", "your" }, { "The learner's", "Your" },
	{ "the learner", "you" }, { "The learner", "You" },
	{ "themselves", "yourself" }, { "their", "your" },
	{ "Their", "Your" }, { "they", "you" }, { "They", "You" },
	{ "them", "you" }, { "and to", "and" },
};

static bool word_char(char c)
{
	return isalnum((unsigned char)c) || c == '_' || c == '\'';
}

/* The swap matching a whole word at t; NULL when none. */
static const struct swap *swap_at(const char *t)
{
	for (size_t k = 0; k < sizeof(swaps) / sizeof(swaps[0]); k++) {
		size_t n = strlen(swaps[k].from);

		if (strncmp(t, swaps[k].from, n) == 0 && !word_char(t[n]))
			return &swaps[k];
	}
	return NULL;
}

/* Appends t[0..n) with the third-person words turned to "you". */
static void put_swapped(struct pr_buf *b, const char *t, size_t n)
{
	char one[2] = { 0, 0 };
	size_t i = 0;

	while (i < n) {
		const struct swap *w = (i == 0 || !word_char(t[i - 1])) ?
				       swap_at(t + i) : NULL;

		if (w && i + strlen(w->from) <= n) {
			pr_buf_put(b, w->to);
			i += strlen(w->from);
			continue;
		}
		one[0] = t[i++];
		pr_buf_put(b, one);
	}
}

/* The length of the first sentence of t (with its full stop). */
static size_t first_sentence(const char *t)
{
	for (size_t i = 0; t[i]; i++)
		if ((t[i] == '.' || t[i] == '?') &&
		    (t[i + 1] == ' ' || t[i + 1] == '\n' || !t[i + 1]))
			return i + 1;
	return strlen(t);
}

/*
 * "Ask the learner to X. ..." -> "X." (capitalised), "Ask the learner
 * what ..." -> "Tell me what ...", "... and ask the learner to X." ->
 * "X."; else the instruction as written.
 */
static void put_instruction(struct pr_buf *b, const char *in)
{
	static const char to[] = "ask the learner to ";
	const char *mid = strstr(in, to);
	const char *t = NULL;

	if (strncmp(in, "Ask the learner to ", 19) == 0)
		t = in + 19;
	else if (mid)
		t = mid + strlen(to);
	if (t && *t) {
		char head[2] = { (char)toupper((unsigned char)*t), 0 };

		pr_buf_put(b, head);
		put_swapped(b, t + 1, first_sentence(t + 1));
	} else if (strncmp(in, "Ask the learner ", 16) == 0) {
		pr_buf_put(b, "Tell me ");
		put_swapped(b, in + 16, first_sentence(in + 16));
	} else {
		pr_buf_put(b, in);
	}
	pr_buf_put(b, "\n");
}

/* ---- what the turn builds on ------------------------------------------------ */

static const struct tu_course_problem *problem(const struct tu_plan_session *s)
{
	return s->course && s->item[0] ?
	       tu_course_problem_find(s->course, s->item) : NULL;
}

/* The outputs of the automatic steps i depends on; *failed when one is a
 * judge step whose submission failed. */
static void put_deps(struct pr_buf *b, const struct tu_plan_session *s,
		     size_t i, bool *failed)
{
	const struct tu_plan_step *st = &s->plan.steps[i];

	*failed = false;
	for (size_t d = 0; d < st->n_deps; d++) {
		size_t k = tu_plan_exec_find(&s->exec, st->depends_on[d]);
		enum pr_kind kind = k == SIZE_MAX ? PR_TURN : pr_kind(s, k);

		if (kind == PR_TURN || kind == PR_CODE_TURN ||
		    !s->steps[k].output)
			continue;
		pr_buf_put(b, "\n");
		pr_buf_put_lines(b, s->steps[k].output,
				 kind == PR_JUDGE ? SIZE_MAX : DEP_LINES);
		if (kind == PR_JUDGE && strcmp(tu_plan_exec_flag_get(&s->exec,
						k, "passed"), "false") == 0)
			*failed = true;
	}
}

static void put_hint(struct pr_buf *b, const struct tu_course_problem *p,
		     uint32_t iteration)
{
	size_t lvl = iteration >= 1 && iteration <= 5 ? iteration - 1 : 4;

	if (p && p->hints[lvl].text && p->hints[lvl].text[0])
		pr_buf_printf(b, "\nHint: %s\n", p->hints[lvl].text);
}

static void put_exercise(struct pr_buf *b, const struct tu_course_problem *p,
			 uint32_t iteration)
{
	char *st;

	if (!p)
		return;
	pr_buf_printf(b, "\nExercise '%s' (%s)", p->title, p->id);
	if (iteration > 1)
		pr_buf_printf(b, ", attempt %u", (unsigned)iteration);
	pr_buf_put(b, ":\n");
	st = pr_strndup_utf8(p->statement ? p->statement : "", STATEMENT_MAX);
	if (st) {
		pr_buf_put(b, st);
		if (p->statement && strlen(p->statement) > strlen(st))
			pr_buf_put(b, "\n[...]");
		pr_buf_put(b, "\n");
	}
	free(st);
}

/* The turn's text; full = false leaves out outputs and hints. */
static char *compose(const struct tu_plan_session *s, size_t i, bool full)
{
	const struct tu_plan_step *st = &s->plan.steps[i];
	const struct tu_course_problem *p = problem(s);
	uint32_t it = tu_plan_exec_iteration(&s->exec, i);
	struct pr_buf b;
	bool failed = false;

	pr_buf_init(&b, TURN_TEXT_MAX);
	pr_buf_printf(&b, "[%s] %s\n", st->id, st->objective);
	put_instruction(&b, st->instruction);
	if (full)
		put_deps(&b, s, i, &failed);
	if (full && failed)
		put_hint(&b, p, it);
	if (tu_plan_wants_code(s, i))
		put_exercise(&b, p, it);
	return pr_buf_take(&b);
}

char *tu_plan_turn_text(const struct tu_plan_session *s, size_t i)
{
	const struct tu_course_problem *p;
	char *t, why[128];

	if (!s || !s->open || i >= s->plan.n_steps)
		return NULL;
	t = compose(s, i, true);
	p = problem(s);
	if (t && p && tu_assist_reveals(t, p, TU_LEAK_RUN_DEFAULT, why,
					sizeof(why))) {
		free(t);
		t = compose(s, i, false);
	}
	return t;
}
