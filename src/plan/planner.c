/*
 * planner.c - the deterministic two-stage planner (tu_plan_generate,
 * docs/plans.md "Planner").  Stage 1 reads the query's intent and the
 * learner's level and picks the agents and subtasks; stage 2 writes the
 * steps, their dependencies and the execution order with one practice
 * loop.  The plan is built as a jansson tree in the {input, output} form
 * and read into struct tu_plan by tu_plan_from_json.
 *
 * What it is not: no LLM, no I/O, no clock, no randomness: the same
 * request gives the same plan, byte for byte.
 */
#include <ctype.h>
#include <string.h>

#include "tutor/plan.h"

#define TOK_MAX 64        /* query tokens kept */
#define TOK_LEN 32        /* bytes of one token */
#define ANCHOR_MAX 40     /* bytes of a tag usable as the bridge anchor */

enum intent { IN_DIAGNOSE, IN_USAGE, IN_COMPARE, IN_CONCEPT };

/* Stage 1's decisions. */
struct decomp {
	enum intent intent;
	bool experienced;
	char tech[TOK_LEN];       /* main technology, as shown in text */
	char lead[TOK_LEN + 16];  /* the lead agent's role */
	char anchor[ANCHOR_MAX + 1]; /* the bridge from the background */
	char anchor2[ANCHOR_MAX + 1]; /* a second one for the explanation */
	const char *domain;       /* the practice setting from the bio */
	const char *persona;      /* "" when none */
};

struct toks {
	char t[TOK_MAX][TOK_LEN];
	size_t n;
};

/* ---- stage 1: decomposition ---------------------------------------------- */

static bool tok_char(int c)
{
	return isalnum(c) || c == '+' || c == '#' || c == '_';
}

/* Lower-cased words of s (letters, digits, + # _), at most TOK_MAX. */
static void tokenize(const char *s, struct toks *tk)
{
	tk->n = 0;
	while (*s && tk->n < TOK_MAX) {
		size_t k = 0;

		while (*s && !tok_char((unsigned char)*s))
			s++;
		while (*s && tok_char((unsigned char)*s)) {
			if (k + 1 < TOK_LEN)
				tk->t[tk->n][k++] = (char)tolower((unsigned char)*s);
			s++;
		}
		if (k) {
			tk->t[tk->n][k] = '\0';
			tk->n++;
		}
	}
}

static bool has_tok(const struct toks *tk, const char *w)
{
	for (size_t i = 0; i < tk->n; i++)
		if (strcmp(tk->t[i], w) == 0)
			return true;
	return false;
}

/* Case-blind substring test. */
static bool has_sub(const char *hay, const char *needle)
{
	size_t n = strlen(needle);

	for (; *hay; hay++)
		if (strncasecmp(hay, needle, n) == 0)
			return true;
	return false;
}

static bool has_any(const char *s, const char *const *words)
{
	for (; *words; words++)
		if (has_sub(s, *words))
			return true;
	return false;
}

static enum intent intent_of(const char *q, const struct toks *tk)
{
	static const char *const diag[] = { "error", "exception", "traceback",
		"crash", "segfault", "not working", "doesn't work", NULL };
	static const char *const usage[] = { "how do i", "how to", "how can i",
		"how should i", "()", NULL };

	if (has_any(q, diag) || has_tok(tk, "why"))
		return IN_DIAGNOSE;
	if (has_sub(q, "difference") || has_tok(tk, "vs") ||
	    has_tok(tk, "versus"))
		return IN_COMPARE;
	if (has_any(q, usage))
		return IN_USAGE;
	return IN_CONCEPT;
}

/* The tag's lower-cased head (before '-' or '.') is a query token. */
static bool tag_in_query(const char *tag, const struct toks *tk)
{
	char head[TOK_LEN];
	size_t k = 0;

	for (; tag[k] && tag[k] != '-' && tag[k] != '.' && k + 1 < TOK_LEN; k++)
		head[k] = (char)tolower((unsigned char)tag[k]);
	head[k] = '\0';
	return k && has_tok(tk, head);
}

static bool stop_word(const char *w)
{
	static const char *const stop[] = { "what", "when", "does", "with",
		"this", "that", "have", "from", "into", "using", "there",
		"their", "about", "should", "would", "could", "which", "while",
		"where", "difference", "between", "error", "exception", "versus",
		"some", "my", "need", "want", "make", "work", "code", "write",
		"function", "functions", "number", "numbers", "adds", "create",
		"print", "program", "value", "values", "return", "returns",
		"other", "best", "right", "correct", "correctly", "simple",
		"way", NULL };

	for (size_t i = 0; stop[i]; i++)
		if (strcmp(stop[i], w) == 0)
			return true;
	return false;
}

/* The main technology: a tag named in the query, a known language or
 * tool, the first content word of >= 4 bytes, else "code". */
static void pick_tech(const struct tu_plan_request *rq, const struct toks *tk,
		      char *out)
{
	static const char *const known[] = { "python", "java", "javascript",
		"typescript", "c++", "c#", "rust", "golang", "sql", "git",
		"bash", "regex", "html", "css", "react", "node", "pandas",
		"numpy", "django", "php", "ruby", "swift", "kotlin", "haskell",
		"scala", "linux", "docker", "excel", NULL };

	for (size_t i = 0; i < tk->n; i++)
		for (size_t t = 0; t < rq->n_tags; t++)
			if (tag_in_query(rq->tags[t], tk) &&
			    strncasecmp(rq->tags[t], tk->t[i], strlen(tk->t[i])) == 0) {
				strcpy(out, tk->t[i]);
				return;
			}
	for (size_t i = 0; i < tk->n; i++)
		for (size_t k = 0; known[k]; k++)
			if (strcmp(known[k], tk->t[i]) == 0) {
				strcpy(out, tk->t[i]);
				return;
			}
	if (rq->n_tags && strlen(rq->tags[0]) < TOK_LEN &&
	    strlen(rq->tags[0]) <= ANCHOR_MAX) {
		/* the learner's first tag is what they work in */
		for (size_t k = 0; rq->tags[0][k]; k++)
			out[k] = (char)tolower((unsigned char)rq->tags[0][k]);
		out[strlen(rq->tags[0])] = '\0';
		return;
	}
	for (size_t i = 0; i < tk->n; i++)
		if (strlen(tk->t[i]) >= 4 && !stop_word(tk->t[i])) {
			strcpy(out, tk->t[i]);
			return;
		}
	strcpy(out, "code");
}

/* tech as a snake_case role stem: c++ -> cpp, c# -> csharp. */
static void role_of(const char *tech, const char *suffix, char *out,
		    size_t cap)
{
	size_t k = 0;

	for (; *tech && k + 8 < cap; tech++) {
		if (*tech == '+')
			out[k++] = 'p';
		else if (*tech == '#')
			k += (size_t)snprintf(out + k, cap - k, "sharp");
		else
			out[k++] = isalnum((unsigned char)*tech) ? *tech : '_';
	}
	snprintf(out + k, cap - k, "%s", suffix);
}

static bool experienced_of(const struct tu_plan_request *rq,
			   const struct toks *tk)
{
	static const char *const senior[] = { "senior", "years", "engineer",
		"developer", "professional", "architect", "phd", "lead ",
		"expert", NULL };

	if (rq->level == TU_PLAN_LEVEL_BEGINNER)
		return false;
	if (rq->level != TU_PLAN_LEVEL_UNKNOWN)
		return true;
	for (size_t t = 0; t < rq->n_tags; t++)
		if (tag_in_query(rq->tags[t], tk))
			return true;
	return has_any(rq->about_me ? rq->about_me : "", senior);
}

/* The bridge anchor: the first short tag other than the technology, else
 * everyday examples. */
static void pick_anchor(const struct tu_plan_request *rq, const char *tech,
			char *out)
{
	for (size_t t = 0; t < rq->n_tags; t++) {
		size_t n = strlen(rq->tags[t]);

		if (n == 0 || n > ANCHOR_MAX ||
		    strncasecmp(rq->tags[t], tech, strlen(tech)) == 0)
			continue;
		strcpy(out, rq->tags[t]);
		return;
	}
	strcpy(out, "everyday examples");
}

/* A second familiar tag (not the technology, not the first anchor) for
 * the explanation's analogy; else the first anchor again. */
static void pick_anchor2(const struct tu_plan_request *rq, const char *tech,
			 const char *first, char *out)
{
	for (size_t t = 0; t < rq->n_tags; t++) {
		size_t n = strlen(rq->tags[t]);

		if (n == 0 || n > ANCHOR_MAX ||
		    strncasecmp(rq->tags[t], tech, strlen(tech)) == 0 ||
		    strcasecmp(rq->tags[t], first) == 0)
			continue;
		strcpy(out, rq->tags[t]);
		return;
	}
	strcpy(out, first);
}

/* The setting of the practice task, from words of the learner's bio (the
 * first listed cue found wins); NULL when none is found. */
static const char *pick_domain(const char *about)
{
	static const char *const cue[][2] = {
		{ "game", "a small game" },
		{ "financ", "a finance calculation" },
		{ "bank", "a finance calculation" },
		{ "trading", "a finance calculation" },
		{ "embedded", "firmware on a small device" },
		{ "firmware", "firmware on a small device" },
		{ "robot", "a robot's sensor readings" },
		{ "biolog", "a biology data set" },
		{ "bioinformatic", "a biology data set" },
		{ "chemi", "a chemistry calculation" },
		{ "physic", "a physics simulation" },
		{ "statistic", "a statistics summary" },
		{ "machine learning", "a machine-learning data pipeline" },
		{ "data scien", "a data-analysis script" },
		{ "analyst", "a data-analysis script" },
		{ "web", "a web application's request handler" },
		{ "frontend", "a web page's script" },
		{ "front-end", "a web page's script" },
		{ "backend", "a web service's handler" },
		{ "back-end", "a web service's handler" },
		{ "mobile", "a mobile app screen" },
		{ "android", "a mobile app screen" },
		{ "ios", "a mobile app screen" },
		{ "devops", "a deployment script" },
		{ "sysadmin", "a server maintenance script" },
		{ "security", "a log-scanning security check" },
		{ "database", "a database report" },
		{ "teach", "an exercise for a class" },
		{ "student", "a homework-sized exercise" },
		{ "research", "a research data script" },
	};

	for (size_t i = 0; about && i < sizeof(cue) / sizeof(cue[0]); i++)
		if (has_sub(about, cue[i][0]))
			return cue[i][1];
	return NULL;
}

static void decompose(const struct tu_plan_request *rq, struct decomp *d)
{
	struct toks tk;
	static const char *const lead[] = { "_diagnostician", "_explainer",
		"_explainer", "_explainer" };

	tokenize(rq->query, &tk);
	d->intent = intent_of(rq->query, &tk);
	d->experienced = experienced_of(rq, &tk);
	pick_tech(rq, &tk, d->tech);
	role_of(d->tech, lead[d->intent], d->lead, sizeof(d->lead));
	pick_anchor(rq, d->tech, d->anchor);
	pick_anchor2(rq, d->tech, d->anchor, d->anchor2);
	d->domain = pick_domain(rq->about_me);
	d->persona = rq->persona && strlen(rq->persona) <= ANCHOR_MAX &&
		rq->persona[0] ? rq->persona : "";
}

/* ---- stage 2: the JSON tree ---------------------------------------------- */

/* Adds o to arr; false when o is NULL (allocation or UTF-8 failure). */
static bool push(json_t *arr, json_t *o)
{
	return o && json_array_append_new(arr, o) == 0;
}

static json_t *agent(const char *role, json_t *goal, json_t *back,
		     const char *tool)
{
	json_t *tools = json_array();

	if (tool && tools)
		json_array_append_new(tools, json_string(tool));
	if (!goal || !back || !tools) {
		json_decref(goal);
		json_decref(back);
		json_decref(tools);
		return NULL;
	}
	return json_pack("{s:s, s:o, s:o, s:o}", "agent_role", role, "goal",
			 goal, "backstory", back, "tools", tools);
}

static const char *const intent_goal[] = {
	"find and fix the cause of the problem",
	"use the API correctly in their own code",
	"tell the two options apart and pick the right one",
	"understand the idea well enough to apply it" };

static json_t *agents_of(const struct decomp *d)
{
	json_t *a = json_array();
	const char *who = d->persona[0] ? d->persona : "the learner";
	bool ok = a != NULL;

	ok = ok && push(a, agent(d->lead,
		json_sprintf("Help %s %s in %s, starting from what they know of %s.",
			     who, intent_goal[d->intent], d->tech, d->anchor),
		json_sprintf("You are a %s tutor who %s and bridges every new "
			     "idea from the learner's background in %s.", d->tech,
			     d->experienced ? "lets learners predict before explaining"
			     : "explains first in small steps", d->anchor), NULL));
	ok = ok && push(a, agent("practice_coach",
		json_sprintf("Run and check the learner's %s practice and give "
			     "targeted feedback.", d->tech),
		json_sprintf("You are a practice coach who runs learners' %s code "
			     "and turns each failed check into one clear hint.",
			     d->tech), "CodeInterpreterTool"));
	ok = ok && push(a, agent("docs_guide",
		json_sprintf("Find the course passages on %s that this question "
			     "needs.", d->tech),
		json_sprintf("You are a docs guide who finds the short, exact %s "
			     "passage a learner needs, linked to %s.", d->tech,
			     d->anchor), "CodeDocsSearchTool"));
	if (!ok) {
		json_decref(a);
		return NULL;
	}
	return a;
}

/* One step's fields besides its id. */
struct sdef {
	const char *agent, *tool;
	bool human;
	json_t *objective, *instruction, *expected;
	const char *deps[2];
};

static json_t *step_json(const char *id, struct sdef *s)
{
	json_t *deps = json_array();
	bool ok = deps && s->objective && s->instruction && s->expected;

	for (size_t i = 0; ok && i < 2 && s->deps[i]; i++)
		ok = push(deps, json_string(s->deps[i]));
	if (!ok) {
		json_decref(deps);
		json_decref(s->objective);
		json_decref(s->instruction);
		json_decref(s->expected);
		return NULL;
	}
	return json_pack("{s:s, s:s, s:o, s:o, s:o, s:b, s:o, s:o}", "id", id,
			 "agent", s->agent, "objective", s->objective,
			 "instruction", s->instruction, "tool",
			 s->tool ? json_string(s->tool) : json_null(),
			 "requires_human_input", s->human, "expected_output",
			 s->expected, "depends_on", deps);
}

static json_t *subtask_json(const char *id, const char *name, json_t *obj,
			    const char *const *ids, struct sdef *defs, size_t n)
{
	json_t *steps = json_array();
	bool ok = steps && obj;

	for (size_t i = 0; i < n; i++) {
		json_t *s = step_json(ids[i], &defs[i]);

		ok = ok && push(steps, s);
		if (!ok && s)
			json_decref(s);
	}
	if (!ok) {
		json_decref(steps);
		json_decref(obj);
		return NULL;
	}
	return json_pack("{s:s, s:s, s:o, s:o}", "id", id, "name", name,
			 "subtask_objective", obj, "steps", steps);
}

static const char *const probe_q[] = {
	"what they think causes the problem and what they have already tried",
	"how they would call it now and what they expect it to return",
	"how they think the two options differ and when they would pick each",
	"what they already know about it and where they met it" };

static json_t *subtask_probe(const struct decomp *d)
{
	static const char *const ids[] = { "S1-1", "S1-2" };
	struct sdef s[2] = {
		{ d->lead, NULL, true, json_string("Assess the learner's prior "
			"knowledge and starting point"),
		  json_sprintf("Ask the learner %s in %s, and how it compares "
			       "with what they do in %s. Note the words they use "
			       "so later steps can build on them.", probe_q[d->intent],
			       d->tech, d->anchor),
		  json_string("The learner's current mental model, in their "
			      "own words"), { NULL, NULL } },
		{ "docs_guide", "CodeDocsSearchTool", false,
		  json_sprintf("Retrieve the %s passage this question needs",
			       d->tech),
		  json_sprintf("Search the course for the shortest %s passage "
			       "that covers this question, and pick one example "
			       "the learner can relate to %s.", d->tech, d->anchor),
		  json_string("One course passage and one example, with their "
			      "source"), { "S1-1", NULL } },
	};
	return subtask_json("S1", "Probe prior knowledge",
		json_string("The learner states what they know and expect "
			    "before any explanation."), ids, s, 2);
}

/* Experienced: predict first, then explain. */
static json_t *subtask_predict_first(const struct decomp *d)
{
	static const char *const ids[] = { "S2-1", "S2-2" };
	struct sdef s[2] = {
		{ d->lead, NULL, true, json_string("Predict the outcome of a "
			"small example before the explanation"),
		  json_sprintf("Ask the learner to predict what the retrieved %s "
			       "example does before you explain anything, and to "
			       "say which habit from %s the prediction relies on.",
			       d->tech, d->anchor),
		  json_string("A prediction with the learner's reasoning"),
		  { "S1-2", NULL } },
		{ d->lead, NULL, false, json_string("Explain the rule behind "
			"the example, bridged from the learner's background"),
		  json_sprintf("Explain the %s rule that decides the result, "
			       "contrasting it with the %s habit the learner "
			       "named and with how %s handles it, and show where "
			       "the prediction held or broke.", d->tech,
			       d->anchor, d->anchor2),
		  json_string("A short explanation tied to the learner's "
			      "prediction"), { "S2-1", NULL } },
	};
	return subtask_json("S2", "Predict, then explain",
		json_sprintf("The learner tests a prediction, then sees the %s "
			     "rule behind it.", d->tech), ids, s, 2);
}

/* Beginner: explain first, then check understanding. */
static json_t *subtask_explain_first(const struct decomp *d)
{
	static const char *const ids[] = { "S2-1", "S2-2" };
	struct sdef s[2] = {
		{ d->lead, NULL, false, json_string("Explain the idea step by "
			"step with one worked example"),
		  json_sprintf("Explain the %s idea step by step with the "
			       "retrieved example, using an analogy from %s, "
			       "and show each line's effect before the next.",
			       d->tech, d->anchor2),
		  json_string("A short explanation with one worked example"),
		  { "S1-2", NULL } },
		{ d->lead, NULL, true, json_string("Check understanding by "
			"restating the idea"),
		  json_sprintf("Ask the learner to restate the %s idea in their "
			       "own words and to say how it differs from %s.",
			       d->tech, d->anchor),
		  json_string("The learner's restatement, with any gap noted"),
		  { "S2-1", NULL } },
	};
	return subtask_json("S2", "Explain, then check understanding",
		json_sprintf("The learner sees the %s idea explained and "
			     "restates it.", d->tech), ids, s, 2);
}

static const char *const task_of[] = {
	"reproduce the problem in a few lines and fix it",
	"write a short program that uses the API correctly",
	"write both versions and show where they differ",
	"write a small example that shows the idea at work" };

static json_t *subtask_practice(const struct decomp *d)
{
	static const char *const ids[] = { "S3-1", "S3-2", "S3-3", "S3-4" };
	struct sdef s[4] = {
		{ "practice_coach", NULL, true, json_string("Practice: write a "
			"solution to a small exercise"),
		  d->domain ?
		  json_sprintf("Ask the learner to %s in %s, set in %s like "
			       "their own work, and to submit the code.",
			       task_of[d->intent], d->tech, d->domain) :
		  json_sprintf("Ask the learner to %s in %s, as a task close to "
			       "their work with %s, and to submit the code.",
			       task_of[d->intent], d->tech, d->anchor),
		  json_string("The learner's submitted code"), { "S2-2", NULL } },
		{ "practice_coach", "CodeInterpreterTool", false,
		  json_string("Run and test the learner's submission"),
		  json_sprintf("Run the learner's %s submission against the "
			       "exercise's checks and record which checks fail.",
			       d->tech),
		  json_string("The check results with passed set to true or "
			      "false"), { "S3-1", NULL } },
		{ "practice_coach", NULL, true, json_string("Feedback on the "
			"mistake found by the checks"),
		  json_sprintf("Give feedback on the first failing check with "
			       "one hint phrased through %s, and ask the learner "
			       "to revise the code.", d->anchor),
		  json_string("A hint and the learner's revised attempt"),
		  { "S3-2", NULL } },
		{ d->lead, NULL, false, json_string("Review the final attempt "
			"after the loop"),
		  d->experienced ?
		  json_sprintf("Review the last attempt: ask which edge case or "
			       "cost the %s version still misses, or after the "
			       "last try point to the failing part and the rule "
			       "it breaks.", d->tech) :
		  json_sprintf("Review the last attempt: confirm why it works, or "
			       "after the last try walk through the failing %s "
			       "lines one at a time without giving the answer.",
			       d->tech),
		  json_string("A confirmed or corrected solution with the "
			      "reason it works"), { "S3-2", NULL } },
	};
	return subtask_json("S3", "Practice with feedback",
		json_sprintf("The learner applies the %s idea until the checks "
			     "pass.", d->tech), ids, s, 4);
}

static json_t *subtask_consolidate(const struct decomp *d)
{
	static const char *const ids[] = { "S4-1", "S4-2" };
	struct sdef s[2] = {
		{ "docs_guide", "CodeDocsSearchTool", false,
		  json_string("Find a transfer exercise for later"),
		  json_sprintf("Find one short course exercise that uses the same "
			       "%s idea in a new setting%s%s.", d->tech,
			       d->domain ? " close to " : "",
			       d->domain ? d->domain : ""),
		  json_string("One follow-up exercise with its source"),
		  { "S3-4", NULL } },
		{ d->lead, NULL, true, json_string("Summarize and reflect on the "
			"takeaway"),
		  json_sprintf("Ask the learner to summarize the rule in one or two "
			       "sentences, relate it to %s, and say how they "
			       "would start the follow-up exercise.", d->anchor),
		  json_string("The learner's summary and plan for the exercise"),
		  { "S4-1", "S3-4" } },
	};
	return subtask_json("S4", "Consolidate and transfer",
		json_string("The learner summarizes the takeaway and plans its "
			    "next use."), ids, s, 2);
}

static json_t *order_json(void)
{
	return json_pack("[s, s, s, s, {s:{s:[s, s, s], s:s, s:i}}, s, s, s]",
			 "S1-1", "S1-2", "S2-1", "S2-2", "loop", "steps", "S3-1",
			 "S3-2", "S3-3", "condition", "S3-2.passed == false",
			 "max_iterations", 3, "S3-4", "S4-1", "S4-2");
}

static json_t *output_of(const struct decomp *d)
{
	json_t *sub = json_array();
	json_t *agents = agents_of(d);
	json_t *order = order_json();
	bool ok = sub && agents && order;

	ok = ok && push(sub, subtask_probe(d));
	ok = ok && push(sub, d->experienced ? subtask_predict_first(d) :
			subtask_explain_first(d));
	ok = ok && push(sub, subtask_practice(d));
	ok = ok && push(sub, subtask_consolidate(d));
	if (!ok) {
		json_decref(sub);
		json_decref(agents);
		json_decref(order);
		return NULL;
	}
	return json_pack("{s:o, s:o, s:o}", "agents", agents, "subtasks", sub,
			 "execution_order", order);
}

static json_t *input_of(const struct tu_plan_request *rq)
{
	json_t *tags = json_array();
	bool ok = tags != NULL;

	for (size_t i = 0; ok && i < rq->n_tags; i++)
		ok = push(tags, json_string(rq->tags[i]));
	if (!ok) {
		json_decref(tags);
		return NULL;
	}
	return json_pack("{s:s, s:{s:s, s:o}}", "query", rq->query, "learner",
			 "about_me", rq->about_me ? rq->about_me : "",
			 "top_tags", tags);
}

/* ---- the entry point ------------------------------------------------------ */

static enum tu_status check_request(const struct tu_plan_request *rq,
				    struct tu_err *err)
{
	if (!rq || !rq->query || !rq->query[0])
		return tu_err_set(err, TU_EINVAL, "plan: the request has no query");
	if (strlen(rq->query) > TU_PLAN_QUERY_MAX ||
	    (rq->about_me && strlen(rq->about_me) > TU_PLAN_QUERY_MAX))
		return tu_err_set(err, TU_ERANGE, "plan: query or about_me over "
				  "%u bytes", (unsigned)TU_PLAN_QUERY_MAX);
	if (rq->n_tags > TU_PLAN_TAGS_MAX || (rq->n_tags && !rq->tags))
		return tu_err_set(err, TU_ERANGE, "plan: %zu tags (at most %d)",
				  rq->n_tags, TU_PLAN_TAGS_MAX);
	for (size_t i = 0; i < rq->n_tags; i++)
		if (!rq->tags[i] || strlen(rq->tags[i]) > TU_PLAN_ID_MAX)
			return tu_err_set(err, TU_ERANGE, "plan: tag %zu missing "
					  "or over %d bytes", i, TU_PLAN_ID_MAX);
	return TU_OK;
}

enum tu_status tu_plan_generate(const struct tu_plan_request *req,
				struct tu_plan *out, struct tu_err *err)
{
	struct decomp d;
	json_t *in, *outj, *root;
	enum tu_status st = check_request(req, err);

	if (st != TU_OK)
		return st;
	in = input_of(req);
	if (!in)
		return tu_err_set(err, TU_EINVAL, "plan: the query, about_me or "
				  "a tag is not valid UTF-8 (or out of memory)");
	memset(&d, 0, sizeof(d));
	decompose(req, &d);
	outj = output_of(&d);
	root = outj ? json_pack("{s:o, s:o}", "input", in, "output", outj) : NULL;
	if (!root) {
		if (!outj)
			json_decref(in);
		return tu_err_set(err, TU_ENOMEM, "plan: out of memory building "
				  "the plan");
	}
	st = tu_plan_from_json(root, out, NULL, err);
	json_decref(root);
	return st;
}
