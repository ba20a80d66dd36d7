/*
 * goals.c - the goals use of tutor/assist.h: goal components (struct
 * tu_goal) from a learner's own words, and re-evaluation of the goals
 * the learner already has (Pxplore's extraction and re-evaluation).
 *
 * With an LLM: prompts/goals.md, schema {"goals": [{id?, dimension,
 * description, metric, cmp, threshold, confidence, evidence}] <= 8};
 * each component is checked (a metric outside the computable set of
 * docs/llm.md, or a mastery threshold outside [0,1], drops it); an
 * answer whose every component was dropped falls back.  Deterministic
 * path: the rules of goal_rules.c.
 *
 * Both paths then match components to the existing goals (the id the
 * model kept, or the same dimension and metric, or the same description
 * when there is no metric): a match keeps the existing id and weight
 * and gets the new evidence appended; a new component gets the id
 * "g-<dimension>-<n>" with the smallest free n.  The result's text is a
 * summary of the components.
 *
 * What it is not: it does not store goals (the "goals_stated" event and
 * the learner profiler do) and does not measure metrics.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assist_internal.h"
#include "tutor/utf8.h"

#define EXISTING_MAX 1024

static const char GOALS_SCHEMA[] =
	"{\"type\":\"object\",\"properties\":{\"goals\":{\"type\":\"array\","
	"\"maxItems\":8,\"items\":{\"type\":\"object\",\"properties\":{"
	"\"id\":{\"type\":\"string\",\"maxLength\":63},"
	"\"dimension\":{\"type\":\"string\",\"enum\":[\"long_term_objective\","
	"\"short_term_objective\",\"implicit_motivation\","
	"\"explicit_motivation\"]},"
	"\"description\":{\"type\":\"string\",\"minLength\":1,"
	"\"maxLength\":300},"
	"\"metric\":{\"type\":\"string\",\"maxLength\":120},"
	"\"cmp\":{\"type\":\"string\",\"enum\":[\">=\",\">\",\"<=\",\"<\","
	"\"==\"]},"
	"\"threshold\":{\"type\":\"number\"},"
	"\"confidence\":{\"type\":\"number\",\"minimum\":0,\"maximum\":1},"
	"\"evidence\":{\"type\":\"string\",\"maxLength\":120}},"
	"\"required\":[\"dimension\",\"description\",\"metric\",\"cmp\","
	"\"threshold\",\"confidence\",\"evidence\"],"
	"\"additionalProperties\":false}}},\"required\":[\"goals\"],"
	"\"additionalProperties\":false}";

struct goals_ctx {
	const struct tu_goal *existing;
	size_t n_existing;
};

/* ---- ids and re-evaluation --------------------------------------------- */

static const struct tu_goal *find_id(const struct tu_goal *list, size_t n,
				     const char *id)
{
	for (size_t i = 0; i < n && id[0]; i++)
		if (strcmp(list[i].id, id) == 0)
			return &list[i];
	return NULL;
}

static const struct tu_goal *find_match(const struct goals_ctx *x,
					const struct tu_goal *g)
{
	const struct tu_goal *e = find_id(x->existing, x->n_existing, g->id);

	if (e && e->dimension == g->dimension)
		return e;
	for (size_t i = 0; i < x->n_existing; i++)
		if (tu__as_goal_same(&x->existing[i], g))
			return &x->existing[i];
	return NULL;
}

/* g keeps e's id and weight; its evidence is e's plus the new entries
 * (the oldest dropped when over TU_EVIDENCE_MAX). */
static void merge(struct tu_goal *g, const struct tu_goal *e)
{
	char ev[TU_EVIDENCE_MAX * 2][TU_SHORT_MAX];
	size_t n = 0, from;

	for (size_t i = 0; i < e->n_evidence && i < TU_EVIDENCE_MAX; i++)
		tu__as_copy(ev[n++], TU_SHORT_MAX, e->evidence[i]);
	for (size_t i = 0; i < g->n_evidence; i++) {
		bool dup = false;

		for (size_t j = 0; j < n; j++)
			dup = dup || strcmp(ev[j], g->evidence[i]) == 0;
		if (!dup)
			tu__as_copy(ev[n++], TU_SHORT_MAX, g->evidence[i]);
	}
	from = n > TU_EVIDENCE_MAX ? n - TU_EVIDENCE_MAX : 0;
	for (size_t i = from; i < n; i++)
		tu__as_copy(g->evidence[i - from], TU_SHORT_MAX, ev[i]);
	g->n_evidence = n - from;
	tu__as_copy(g->id, sizeof g->id, e->id);
	g->weight = e->weight;
	g->value = e->value;
}

static bool id_taken(const struct goals_ctx *x, const struct tu__as_goal_set *s,
		     const char *id)
{
	return find_id(x->existing, x->n_existing, id) ||
	       find_id(s->g, s->n, id);
}

static void new_id(const struct goals_ctx *x, const struct tu__as_goal_set *s,
		   struct tu_goal *g)
{
	char id[TU_ID_MAX];

	for (unsigned n = 1;; n++) {
		snprintf(id, sizeof id, "g-%s-%u",
			 tu_goal_dimension_name(g->dimension), n);
		if (!id_taken(x, s, id))
			break;
	}
	tu__as_copy(g->id, sizeof g->id, id);
}

static void assign_ids(const struct goals_ctx *x, struct tu__as_goal_set *s)
{
	for (size_t i = 0; i < s->n; i++) {
		const struct tu_goal *e = find_match(x, &s->g[i]);

		s->g[i].id[0] = '\0';
		if (e)
			merge(&s->g[i], e);
	}
	for (size_t i = 0; i < s->n; i++)
		if (!s->g[i].id[0])
			new_id(x, s, &s->g[i]);
}

/* ---- the result -------------------------------------------------------- */

static char *summary(const struct tu__as_goal_set *s)
{
	struct tu__as_buf b;

	tu__as_buf_init(&b, TU_ASSIST_TEXT_MAX);
	if (s->n == 0)
		tu__as_buf_str(&b, "No goal components found.");
	else
		tu__as_buf_fmt(&b, "%zu goal component%s:", s->n,
			    s->n == 1 ? "" : "s");
	for (size_t i = 0; i < s->n; i++) {
		const struct tu_goal *g = &s->g[i];

		tu__as_buf_fmt(&b, "\n- %s [%s, %s", g->description, g->id,
			    tu_goal_dimension_name(g->dimension));
		if (g->metric[0])
			tu__as_buf_fmt(&b, ", %s %s %g", g->metric,
				    tu_cmp_name(g->threshold_cmp),
				    g->threshold);
		tu__as_buf_fmt(&b, ", confidence %.2f]", g->confidence);
	}
	if (s->note[0])
		tu__as_buf_fmt(&b, "\nNot a topic of this course: %s.", s->note);
	return tu__as_buf_take(&b);
}

static enum tu_status finish(const struct goals_ctx *x,
			     struct tu__as_goal_set *s,
			     struct tu_assist_result *out,
			     struct tu_err *err)
{
	char *text;
	enum tu_status st;

	assign_ids(x, s);
	text = summary(s);
	if (!text)
		return tu_err_set(err, TU_ENOMEM, "assist goals: out of "
				  "memory");
	st = tu__as_set_text(out, text, err);
	free(text);
	memcpy(out->goals, s->g, s->n * sizeof s->g[0]);
	out->n_goals = st ? 0 : s->n;
	return st;
}

/* ---- the LLM answer ---------------------------------------------------- */

static bool dimension_of(const char *s, enum tu_goal_dimension *d)
{
	for (int i = 0; i < TU_GOAL_DIMENSIONS && s; i++)
		if (strcmp(s, tu_goal_dimension_name(
				   (enum tu_goal_dimension)i)) == 0) {
			*d = (enum tu_goal_dimension)i;
			return true;
		}
	return false;
}

static bool cmp_of(const char *s, enum tu_cmp *c)
{
	for (int i = 0; i <= (int)TU_CMP_EQ && s; i++)
		if (strcmp(s, tu_cmp_name((enum tu_cmp)i)) == 0) {
			*c = (enum tu_cmp)i;
			return true;
		}
	return false;
}

/* The parts of a component that name things: false with why. */
static bool component_names(const struct tu_course *c, const json_t *o,
			    struct tu_goal *g, char *why, size_t cap)
{
	const char *metric = json_string_value(json_object_get(o, "metric"));

	if (!dimension_of(json_string_value(json_object_get(o, "dimension")),
			  &g->dimension) ||
	    !cmp_of(json_string_value(json_object_get(o, "cmp")),
		    &g->threshold_cmp)) {
		snprintf(why, cap, "a goal component has an unknown "
			 "dimension or comparison");
		return false;
	}
	if (!metric || !tu__as_metric_ok(c, metric)) {
		snprintf(why, cap, "metric '%.60s' is not computable",
			 metric ? metric : "");
		return false;
	}
	tu__as_copy(g->metric, sizeof g->metric, metric);
	return true;
}

/* One component of the answer into g; false with why when unusable. */
static bool component(const struct tu_course *c, const json_t *o,
		      struct tu_goal *g, char *why, size_t cap)
{
	const char *id = json_string_value(json_object_get(o, "id"));

	tu_learner_goal_init(g);
	tu__as_copy(g->id, sizeof g->id, id ? id : "");
	if (!component_names(c, o, g, why, cap))
		return false;
	g->threshold = json_number_value(json_object_get(o, "threshold"));
	g->confidence = json_number_value(json_object_get(o, "confidence"));
	if (!isfinite(g->threshold) ||
	    (strncmp(g->metric, "mastery:", 8) == 0 &&
	     (g->threshold < 0 || g->threshold > 1))) {
		snprintf(why, cap, "threshold of '%.60s' out of range",
			 g->metric);
		return false;
	}
	tu__as_copy(g->description, sizeof g->description,
		 json_string_value(json_object_get(o, "description")));
	tu__as_clean_text(g->description);
	tu__as_copy(g->evidence[0], TU_SHORT_MAX,
		 json_string_value(json_object_get(o, "evidence")));
	tu__as_clean_text(g->evidence[0]);
	g->n_evidence = g->evidence[0][0] ? 1 : 0;
	if (!g->description[0]) {
		snprintf(why, cap, "a goal component has no description");
		return false;
	}
	return true;
}

static enum tu_status accept_goals(struct tu_assist *a, void *ctx,
				   const json_t *answer,
				   struct tu_assist_result *out, bool *shown,
				   bool *refused, char *why, size_t cap,
				   struct tu_err *err)
{
	const json_t *list = json_object_get(answer, "goals");
	struct tu__as_goal_set s;
	struct tu_goal g;
	size_t i;
	const json_t *o;
	enum tu_status st;

	(void)refused;
	memset(&s, 0, sizeof s);
	json_array_foreach(list, i, o)
		if (component(a->course, o, &g, why, cap))
			tu__as_goal_put(&s, &g);
	if (s.n == 0 && json_array_size(list) > 0)
		return TU_OK;   /* every component dropped: why says one */
	st = finish(ctx, &s, out, err);
	*shown = st == TU_OK;
	return st;
}

/* ---- prompt values ----------------------------------------------------- */

static json_t *goal_json(const struct tu_goal *g)
{
	return json_pack("{s:s, s:s, s:s, s:s, s:s, s:f, s:f}", "id", g->id,
			 "dimension", tu_goal_dimension_name(g->dimension),
			 "description", g->description, "metric", g->metric,
			 "cmp", tu_cmp_name(g->threshold_cmp), "threshold",
			 g->threshold, "confidence", g->confidence);
}

/* The existing goals as quoted JSON (they hold the learner's words). */
static char *existing_text(const struct goals_ctx *x)
{
	json_t *arr = json_array();
	char *dump = NULL, *quoted = NULL;

	for (size_t i = 0; arr && i < x->n_existing; i++)
		if (json_array_append_new(arr, goal_json(&x->existing[i]))) {
			json_decref(arr);
			return NULL;
		}
	if (arr)
		dump = json_dumps(arr, JSON_COMPACT);
	if (dump)
		quoted = tu_assist_quote(dump, 32u * 1024u);
	free(dump);
	json_decref(arr);
	return quoted;
}

static char *topics_text(const struct tu_course *c)
{
	struct tu__as_buf b;

	tu__as_buf_init(&b, 32u * 1024u);
	for (size_t i = 0; i < c->n_topics; i++)
		tu__as_buf_fmt(&b, "%s- %s: %s", i ? "\n" : "", c->topics[i].id,
			    c->topics[i].title);
	return tu__as_buf_take(&b);
}

static const char METRICS_TEXT[] =
	"- mastery:<topic id> (0..1, the learner's mastery of that topic)\n"
	"- minutes_per_day (mean practice minutes per active day, last 7 days)\n"
	"- problems_solved (distinct problems accepted)\n"
	"- streak_days (consecutive days with practice)\n"
	"- \"\" (empty: not measured; for motivations)";

static enum tu_status try_llm(struct tu_assist *a,
			      const struct tu_assist_who *who,
			      const char *text, struct goals_ctx *x,
			      struct tu_assist_result *out, bool *served,
			      struct tu_err *err)
{
	char *quoted = tu_assist_quote(text, TU_ASSIST_QUESTION_MAX);
	char *existing = existing_text(x);
	char *topics = topics_text(a->course);
	enum tu_status st = TU_ENOMEM;

	if (quoted && existing && topics) {
		const struct tu__as_var vars[] = {
			{ "text", quoted },
			{ "existing", existing },
			{ "topics", topics },
			{ "metrics", METRICS_TEXT },
		};
		const struct tu__as_call c = {
			TU_USE_GOALS, vars, sizeof vars / sizeof vars[0],
			GOALS_SCHEMA, accept_goals, x
		};

		st = tu__as_call_llm(a, who, &c, out, served, err);
	} else {
		tu_err_set(err, TU_ENOMEM, "assist goals: out of memory");
	}
	free(quoted);
	free(existing);
	free(topics);
	return st;
}

static enum tu_status check_in(const char *text, const struct tu_goal *ex,
			       size_t n_ex, struct tu_err *err)
{
	size_t n = text ? strnlen(text, TU_ASSIST_QUESTION_MAX + 1) : 0;

	if (n == 0 || n > TU_ASSIST_QUESTION_MAX)
		return tu_err_set(err, TU_EINVAL, "assist goals: the text must "
				  "be 1..%d bytes", TU_ASSIST_QUESTION_MAX);
	if (!tu_utf8_valid(text, n, NULL))
		return tu_err_set(err, TU_EINVAL, "assist goals: the text is "
				  "not UTF-8");
	if ((n_ex > 0 && !ex) || n_ex > EXISTING_MAX)
		return tu_err_set(err, TU_EINVAL, "assist goals: existing "
				  "goals must be 0..%d", EXISTING_MAX);
	for (size_t i = 0; i < n_ex; i++)
		if (!memchr(ex[i].id, '\0', sizeof ex[i].id) || !ex[i].id[0] ||
		    (unsigned)ex[i].dimension >= TU_GOAL_DIMENSIONS)
			return tu_err_set(err, TU_EINVAL, "assist goals: "
					  "existing goal %zu is invalid", i);
	return TU_OK;
}

enum tu_status tu_assist_goals(struct tu_assist *a,
			       const struct tu_assist_who *who,
			       const char *text,
			       const struct tu_goal *existing, size_t n_existing,
			       struct tu_assist_result *out,
			       struct tu_err *err)
{
	struct goals_ctx x = { existing, n_existing };
	struct tu__as_goal_set s;
	bool served = false;
	enum tu_status st;

	if (!a || !out)
		return tu_err_set(err, TU_EINVAL, "assist goals: %s is NULL",
				  a ? "out" : "assistant");
	tu__as_result_start(out);
	st = tu__as_check_who(who, "goals", err);
	if (!st)
		st = check_in(text, existing, n_existing, err);
	if (!st)
		st = try_llm(a, who, text, &x, out, &served, err);
	if (!st && !served) {
		tu__as_goal_rules(a->course, text, &s);
		st = finish(&x, &s, out, err);
	}
	if (st)
		tu_assist_result_release(out);
	return st;
}
