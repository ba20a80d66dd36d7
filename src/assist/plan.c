/*
 * plan.c - the plan use of tutor/assist.h: a PersonalPlan study plan
 * (tutor/plan.h) made by an LLM in the paper's two stages, validated,
 * repaired once, and replaced by the rules planner when it cannot be
 * made valid.
 *
 * Stage 1 (prompts/plan_decompose.md, schema DECOMPOSE_SCHEMA): the
 * question and the learner's profile, quoted as data -> agents (<= 4,
 * tools from the 8 MAP-PPL names) and subtasks (<= 5).  Stage 2
 * (prompts/plan_steps.md, schema STEPS_SCHEMA): the decomposition ->
 * each subtask's steps and the execution order.  The two answers are
 * assembled into the {input, output} document, read with
 * tu_plan_from_json and checked with tu_plan_validate (the stage-2
 * accept function does this, so only a valid plan is ever "shown" and
 * cached).  While the plan has errors and repairs are left, stage 2 is
 * asked again with its previous answer and the violations (code, path,
 * reason; at most VIOLATIONS_LISTED).  A plan over a TU_PLAN_* limit
 * (P01/P02) is not repaired.
 *
 * Any failure ends in tu_plan_generate with the reason in the result
 * ("no LLM configured", "stage 1: timeout", "invalid after 1 repair:
 * P11 ...").  The result's usage sums every call.
 *
 * What it is not: no plan rules (src/plan has them all), no running of
 * plans, no recording (the caller records an "assist" event of use
 * "plan").
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assist_internal.h"
#include "tutor/utf8.h"

#define STAGE1_TOKENS 2000u       /* answer budget of stage 1 */
#define STAGE2_TOKENS 8000u       /* ... and of stage 2 */
#define VIOLATIONS_LISTED 20      /* errors named in a repair prompt */
#define TAGS_QUOTE_MAX (16u * 1024u)

/* The 8 MAP-PPL tool names, as tu_plan_tool_name gives them. */
#define TOOL_ENUM                                                        \
	"[\"CodeInterpreterTool\",\"CodeDocsSearchTool\","              \
	"\"FirecrawlSearchTool\",\"FileWriterTool\",\"ArxivPaperTool\","  \
	"\"RagTool\",\"DirectoryReadTool\",\"FileReadTool\""
#define STR(lo, hi) \
	"{\"type\":\"string\",\"minLength\":" #lo ",\"maxLength\":" #hi "}"
#define ID STR(1, 31)

static const char DECOMPOSE_SCHEMA[] =
	"{\"type\":\"object\",\"properties\":{"
	"\"agents\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":4,"
	"\"items\":{\"type\":\"object\",\"properties\":{"
	"\"agent_role\":" STR(1, 63) ",\"goal\":" STR(1, 400) ","
	"\"backstory\":" STR(1, 600) ","
	"\"tools\":{\"type\":\"array\",\"maxItems\":8,\"items\":"
	"{\"type\":\"string\",\"enum\":" TOOL_ENUM "]}}},"
	"\"required\":[\"agent_role\",\"goal\",\"backstory\",\"tools\"],"
	"\"additionalProperties\":false}},"
	"\"subtasks\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":5,"
	"\"items\":{\"type\":\"object\",\"properties\":{"
	"\"id\":" ID ",\"name\":" STR(1, 200) ","
	"\"subtask_objective\":" STR(1, 400) "},"
	"\"required\":[\"id\",\"name\",\"subtask_objective\"],"
	"\"additionalProperties\":false}}},"
	"\"required\":[\"agents\",\"subtasks\"],\"additionalProperties\":false}";

static const char STEPS_SCHEMA[] =
	"{\"type\":\"object\",\"properties\":{"
	"\"subtasks\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":5,"
	"\"items\":{\"type\":\"object\",\"properties\":{\"id\":" ID ","
	"\"steps\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":8,"
	"\"items\":{\"type\":\"object\",\"properties\":{"
	"\"id\":" ID ",\"agent\":" STR(1, 63) ","
	"\"objective\":" STR(1, 300) ",\"instruction\":" STR(1, 1500) ","
	"\"tool\":{\"type\":[\"string\",\"null\"],\"enum\":" TOOL_ENUM
	",null]},"
	"\"requires_human_input\":{\"type\":\"boolean\"},"
	"\"expected_output\":" STR(1, 400) ","
	"\"depends_on\":{\"type\":\"array\",\"maxItems\":8,\"items\":" ID "}},"
	"\"required\":[\"id\",\"agent\",\"objective\",\"instruction\","
	"\"tool\",\"requires_human_input\",\"expected_output\","
	"\"depends_on\"],\"additionalProperties\":false}}},"
	"\"required\":[\"id\",\"steps\"],\"additionalProperties\":false}},"
	"\"execution_order\":{\"type\":\"array\",\"minItems\":1,"
	"\"maxItems\":64,\"items\":{\"type\":[\"string\",\"object\"],"
	"\"minLength\":1,\"maxLength\":31,\"properties\":{\"loop\":{"
	"\"type\":\"object\",\"properties\":{"
	"\"steps\":{\"type\":\"array\",\"minItems\":1,\"maxItems\":8,"
	"\"items\":" ID "},\"condition\":" STR(1, 200) ","
	"\"max_iterations\":{\"type\":\"integer\",\"minimum\":1,"
	"\"maximum\":10}},"
	"\"required\":[\"steps\",\"condition\",\"max_iterations\"],"
	"\"additionalProperties\":false}},\"required\":[\"loop\"],"
	"\"additionalProperties\":false}}},"
	"\"required\":[\"subtasks\",\"execution_order\"],"
	"\"additionalProperties\":false}";

/* The placeholders of both prompts, in this order. */
enum { V_QUESTION, V_ABOUT, V_TAGS, V_LEVEL, V_PERSONA, V_TOOLS,
       V_DECOMP, V_PREVIOUS, V_VIOLATIONS, V_N };

/* What the stages share (the accept functions' ctx). */
struct plan_run {
	struct tu_assist *a;
	const struct tu_assist_who *who;
	const struct tu_plan_request *req;
	struct tu__as_var vars[V_N];
	char *owned[V_N];              /* the values built here */
	json_t *decomp;                /* stage 1's answer */
	json_t *steps;                 /* the last stage-2 answer */
	bool judged;                   /* stage 2's accept read a plan */
	struct tu_plan plan;           /* the last assembled plan */
	struct tu_plan_report rep;     /* its violations */
	struct tu_llm_usage usage;     /* summed over the calls */
	enum tu_llm_path path;         /* of the last served call */
	uint32_t version;              /* stage 2's prompt version */
	char reason[256];
};

static enum tu_status nomem(struct tu_err *err)
{
	return tu_err_set(err, TU_ENOMEM, "assist plan: out of memory");
}

/* ---- the request --------------------------------------------------------- */

/* TU_OK when s (may be NULL if optional) is at most max bytes of UTF-8. */
static enum tu_status check_text(const char *s, size_t max, bool required,
				 const char *what, struct tu_err *err)
{
	size_t n = s ? strnlen(s, max + 1) : 0;

	if (required && n == 0)
		return tu_err_set(err, TU_EINVAL, "assist plan: no %s", what);
	if (n > max)
		return tu_err_set(err, TU_ERANGE, "assist plan: %s over %zu "
				  "bytes", what, max);
	if (n && !tu_utf8_valid(s, n, NULL))
		return tu_err_set(err, TU_EINVAL, "assist plan: %s is not "
				  "UTF-8", what);
	return TU_OK;
}

static enum tu_status check_request(const struct tu_plan_request *rq,
				    struct tu_err *err)
{
	enum tu_status st = check_text(rq->query, TU_PLAN_QUERY_MAX, true,
				       "query", err);

	if (!st)
		st = check_text(rq->about_me, TU_PLAN_QUERY_MAX, false,
				"about_me", err);
	if (!st)
		st = check_text(rq->persona, TU_PLAN_ID_MAX, false, "persona",
				err);
	if (!st && (rq->n_tags > TU_PLAN_TAGS_MAX || (rq->n_tags && !rq->tags)))
		return tu_err_set(err, TU_ERANGE, "assist plan: %zu tags (at "
				  "most %d)", rq->n_tags, TU_PLAN_TAGS_MAX);
	for (size_t i = 0; !st && i < rq->n_tags; i++)
		st = check_text(rq->tags[i], TU_PLAN_ID_MAX, true, "tag", err);
	if (!st && (unsigned)rq->level > (unsigned)TU_PLAN_LEVEL_ADVANCED)
		return tu_err_set(err, TU_EINVAL, "assist plan: unknown level "
				  "%d", (int)rq->level);
	return st;
}

/* ---- prompt values ------------------------------------------------------- */

static const char *level_text(enum tu_plan_level l)
{
	switch (l) {
	case TU_PLAN_LEVEL_BEGINNER: return "beginner";
	case TU_PLAN_LEVEL_INTERMEDIATE: return "intermediate";
	case TU_PLAN_LEVEL_ADVANCED: return "advanced";
	case TU_PLAN_LEVEL_UNKNOWN: break;
	}
	return "unknown (infer it from the profile)";
}

static char *tools_text(void)
{
	struct tu__as_buf b;

	tu__as_buf_init(&b, 4096);
	for (int t = 0; t < TU_PLAN_TOOL_N; t++)
		tu__as_buf_fmt(&b, "%s- %s (tutor: %s)", t ? "\n" : "",
			       tu_plan_tool_name((enum tu_plan_tool)t),
			       tu_plan_tool_backend((enum tu_plan_tool)t));
	return tu__as_buf_take(&b);
}

/* The tags as a quoted JSON list (they are the learner's words). */
static char *tags_text(const struct tu_plan_request *rq)
{
	json_t *arr = json_array();
	char *dump = NULL, *quoted = NULL;

	for (size_t i = 0; arr && i < rq->n_tags; i++)
		if (json_array_append_new(arr, json_string(rq->tags[i]))) {
			json_decref(arr);
			return NULL;
		}
	if (arr)
		dump = json_dumps(arr, JSON_COMPACT);
	if (dump)
		quoted = tu_assist_quote(dump, TAGS_QUOTE_MAX);
	free(dump);
	json_decref(arr);
	return quoted;
}

static void set_var(struct plan_run *r, int i, const char *name,
		    char *owned, const char *value)
{
	r->vars[i].name = name;
	free(r->owned[i]);
	r->owned[i] = owned;
	r->vars[i].value = owned ? owned : value;
}

static enum tu_status run_init(struct plan_run *r, struct tu_assist *a,
			       const struct tu_assist_who *who,
			       const struct tu_plan_request *rq,
			       struct tu_err *err)
{
	const char *about = rq->about_me ? rq->about_me : "";

	memset(r, 0, sizeof(*r));
	r->a = a;
	r->who = who;
	r->req = rq;
	tu_plan_init(&r->plan);
	tu_plan_report_init(&r->rep);
	set_var(r, V_QUESTION, "question",
		tu_assist_quote(rq->query, TU_PLAN_QUERY_MAX), NULL);
	set_var(r, V_ABOUT, "about_me",
		tu_assist_quote(about, TU_PLAN_QUERY_MAX), NULL);
	set_var(r, V_TAGS, "tags", tags_text(rq), NULL);
	set_var(r, V_LEVEL, "level", NULL, level_text(rq->level));
	set_var(r, V_PERSONA, "persona", rq->persona ?
		tu_assist_quote(rq->persona, TU_PLAN_ID_MAX) : NULL, "(none)");
	set_var(r, V_TOOLS, "tools", tools_text(), NULL);
	set_var(r, V_DECOMP, "decomposition", NULL, "(none)");
	set_var(r, V_PREVIOUS, "previous", NULL, "(none)");
	set_var(r, V_VIOLATIONS, "violations", NULL, "(none)");
	for (int i = 0; i < V_N; i++)
		if (!r->vars[i].value)
			return nomem(err);
	return TU_OK;
}

static void run_release(struct plan_run *r)
{
	for (int i = 0; i < V_N; i++)
		free(r->owned[i]);
	json_decref(r->decomp);
	json_decref(r->steps);
	tu_plan_release(&r->plan);
	tu_plan_report_release(&r->rep);
}

/* ---- stage 1: the decomposition ------------------------------------------ */

/* True when two elements of arr have the same string member key; its
 * value goes to dup[cap]. */
static bool has_dup(const json_t *arr, const char *key, char *dup,
		    size_t cap)
{
	size_t n = json_array_size(arr);

	for (size_t i = 0; i < n; i++)
		for (size_t j = i + 1; j < n; j++) {
			const char *a = json_string_value(json_object_get(
				json_array_get(arr, i), key));
			const char *b = json_string_value(json_object_get(
				json_array_get(arr, j), key));

			if (a && b && strcmp(a, b) == 0) {
				tu__as_copy(dup, cap, a);
				return true;
			}
		}
	return false;
}

static enum tu_status accept_decomp(struct tu_assist *a, void *ctx,
				    const json_t *answer,
				    struct tu_assist_result *out, bool *shown,
				    bool *refused, char *why, size_t cap,
				    struct tu_err *err)
{
	struct plan_run *r = ctx;
	char dup[64];

	(void)a;
	(void)out;
	(void)refused;
	if (has_dup(json_object_get(answer, "agents"), "agent_role", dup,
		    sizeof dup)) {
		snprintf(why, cap, "two agents are named '%s'", dup);
		return TU_OK;
	}
	if (has_dup(json_object_get(answer, "subtasks"), "id", dup,
		    sizeof dup)) {
		snprintf(why, cap, "two subtasks have the id '%s'", dup);
		return TU_OK;
	}
	json_decref(r->decomp);
	r->decomp = json_deep_copy(answer);
	if (!r->decomp)
		return nomem(err);
	*shown = true;
	return TU_OK;
}

/* ---- stage 2: assembling and judging ------------------------------------- */

/* The first element of subs whose "id" is id (borrowed), or NULL. */
static json_t *by_id(const json_t *subs, const char *id)
{
	size_t i;
	json_t *s;

	json_array_foreach(subs, i, s) {
		const char *sid = json_string_value(json_object_get(s, "id"));

		if (sid && id && strcmp(sid, id) == 0)
			return s;
	}
	return NULL;
}

/* The steps stage 2 gave for subtask id (borrowed), or NULL. */
static json_t *steps_for(const json_t *subs, const char *id)
{
	return json_object_get(by_id(subs, id), "steps");
}

/* Violations of the assembly itself: a stage-2 subtask that stage 1 does
 * not have, or one given twice. */
static void check_stage2_ids(struct plan_run *r, const json_t *s1,
			     const json_t *s2)
{
	size_t i;
	json_t *s;

	json_array_foreach(s2, i, s) {
		const char *id = json_string_value(json_object_get(s, "id"));

		if (!by_id(s1, id))
			tu_plan_report_add(&r->rep, TU_PLAN_ERROR,
					   TU_PLAN_R_SCHEMA, "$.output.subtasks",
					   "steps were given for subtask \"%s\", "
					   "which the decomposition does not "
					   "have", id);
		else if (by_id(s2, id) != s)
			tu_plan_report_add(&r->rep, TU_PLAN_ERROR,
					   TU_PLAN_R_DUP_ID, "$.output.subtasks",
					   "steps were given twice for subtask "
					   "\"%s\"", id);
	}
}

/* One subtask of the plan: stage 1's fields and stage 2's steps. */
static json_t *subtask_of(struct plan_run *r, const json_t *d, size_t i,
			  const json_t *s2)
{
	const char *id = json_string_value(json_object_get(d, "id"));
	json_t *steps = steps_for(s2, id);
	char path[64];

	if (!steps) {
		snprintf(path, sizeof path, "$.output.subtasks[%zu].steps", i);
		tu_plan_report_add(&r->rep, TU_PLAN_ERROR, TU_PLAN_R_SCHEMA,
				   path, "no steps were given for subtask "
				   "\"%s\"", id);
	}
	return json_pack("{s:O, s:O, s:O, s:o}", "id",
			 json_object_get(d, "id"), "name",
			 json_object_get(d, "name"), "subtask_objective",
			 json_object_get(d, "subtask_objective"), "steps",
			 steps ? json_incref(steps) : json_array());
}

static json_t *input_json(const struct tu_plan_request *rq)
{
	json_t *tags = json_array();

	for (size_t i = 0; tags && i < rq->n_tags; i++)
		if (json_array_append_new(tags, json_string(rq->tags[i]))) {
			json_decref(tags);
			return NULL;
		}
	if (!tags)
		return NULL;
	return json_pack("{s:s, s:{s:s, s:o}}", "query", rq->query,
			 "learner", "about_me",
			 rq->about_me ? rq->about_me : "", "top_tags", tags);
}

/* The {input, output} document of the two answers (new), NULL when out
 * of memory; assembly violations go to r->rep. */
static json_t *assemble(struct plan_run *r)
{
	const json_t *s1 = json_object_get(r->decomp, "subtasks");
	const json_t *s2 = json_object_get(r->steps, "subtasks");
	json_t *subs = json_array(), *d, *out;
	size_t i;

	check_stage2_ids(r, s1, s2);
	json_array_foreach(s1, i, d)
		if (!subs || json_array_append_new(subs,
						   subtask_of(r, d, i, s2))) {
			json_decref(subs);
			return NULL;
		}
	if (!subs)
		return NULL;
	out = json_pack("{s:O, s:o, s:O}", "agents",
			json_object_get(r->decomp, "agents"), "subtasks", subs,
			"execution_order",
			json_object_get(r->steps, "execution_order"));
	return out ? json_pack("{s:o, s:o}", "input", input_json(r->req),
			       "output", out) : NULL;
}

/* Reads and validates the assembled plan into r->plan / r->rep. */
static enum tu_status judge(struct plan_run *r, struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;
	json_t *root;
	enum tu_status st;

	tu_plan_release(&r->plan);
	tu_plan_report_clear(&r->rep);
	root = assemble(r);
	if (!root)
		return nomem(err);
	st = tu_plan_from_json(root, &r->plan, &r->rep, &e);
	json_decref(root);
	if (st == TU_ENOMEM)
		return nomem(err);
	tu_plan_validate(&r->plan, NULL, &r->rep);
	r->judged = true;
	return TU_OK;
}

static enum tu_status accept_steps(struct tu_assist *a, void *ctx,
				   const json_t *answer,
				   struct tu_assist_result *out, bool *shown,
				   bool *refused, char *why, size_t cap,
				   struct tu_err *err)
{
	struct plan_run *r = ctx;
	enum tu_status st;

	(void)a;
	(void)out;
	(void)refused;
	json_decref(r->steps);
	r->steps = json_deep_copy(answer);
	if (!r->steps)
		return nomem(err);
	st = judge(r, err);
	if (st)
		return st;
	*shown = r->rep.errors == 0;
	if (!*shown)
		snprintf(why, cap, "the plan has %zu errors", r->rep.errors);
	return TU_OK;
}

/* ---- the calls ----------------------------------------------------------- */

static void add_usage(struct tu_llm_usage *sum, const struct tu_llm_usage *u)
{
	sum->prompt_tokens += u->prompt_tokens;
	sum->completion_tokens += u->completion_tokens;
	sum->total_tokens += u->total_tokens;
}

/* One stage's call; on failure r->reason is "<label>: <why>". */
static enum tu_status call_stage(struct plan_run *r, unsigned slot,
				 const char *label, bool *served,
				 struct tu_err *err)
{
	bool steps = slot == TU_USE_PLAN;
	const struct tu__as_call c = {
		TU_USE_PLAN, r->vars, V_N,
		steps ? STEPS_SCHEMA : DECOMPOSE_SCHEMA,
		steps ? accept_steps : accept_decomp, r
	};
	struct tu_assist_result x;
	enum tu_status st;

	tu__as_result_start(&x);
	r->judged = false;
	st = tu__as_call_llm_at(r->a, r->who, &c, slot,
			     steps ? STAGE2_TOKENS : STAGE1_TOKENS, &x, served,
			     err);
	add_usage(&r->usage, &x.usage);
	if (!st && *served) {
		r->path = x.path;
		r->version = x.prompt_version;
	} else if (!st) {
		snprintf(r->reason, sizeof r->reason, "%s: %.200s", label,
			 x.reason);
	}
	tu_assist_result_release(&x);
	return st;
}

/* "- P11 $.output...: reason" for the first errors of r->rep. */
static char *violations_text(const struct plan_run *r)
{
	struct tu__as_buf b;
	size_t listed = 0;

	tu__as_buf_init(&b, 32u * 1024u);
	for (size_t i = 0; i < r->rep.n && listed < VIOLATIONS_LISTED; i++) {
		const struct tu_plan_violation *v = &r->rep.v[i];

		if (v->severity != TU_PLAN_ERROR)
			continue;
		tu__as_buf_fmt(&b, "%s- %s %s: %s", listed ? "\n" : "",
			       tu_plan_rule_code(v->rule), v->path, v->reason);
		listed++;
	}
	if (r->rep.errors > listed)
		tu__as_buf_fmt(&b, "\n- ... and %zu more errors",
			       r->rep.errors - listed);
	return tu__as_buf_take(&b);
}

/* Sets the repair prompt's values from the last answer and its report. */
static enum tu_status repair_vars(struct plan_run *r, struct tu_err *err)
{
	char *prev = json_dumps(r->steps, JSON_COMPACT);
	char *viol = violations_text(r);

	set_var(r, V_PREVIOUS, "previous", prev, NULL);
	set_var(r, V_VIOLATIONS, "violations", viol, NULL);
	return prev && viol ? TU_OK : nomem(err);
}

/* The first error of r->rep as "P11 <reason>" into r->reason, after
 * prefix. */
static void invalid_reason(struct plan_run *r, const char *prefix)
{
	struct tu__as_buf b;
	char *s;

	tu__as_buf_init(&b, sizeof r->reason - 1);
	tu__as_buf_str(&b, prefix);
	for (size_t i = 0; i < r->rep.n; i++)
		if (r->rep.v[i].severity == TU_PLAN_ERROR) {
			tu__as_buf_fmt(&b, "%s %s", tu_plan_rule_code(
					    r->rep.v[i].rule),
				    r->rep.v[i].reason);
			break;
		}
	if (r->rep.errors > 1)
		tu__as_buf_fmt(&b, " (and %zu more errors)",
			       r->rep.errors - 1);
	s = tu__as_buf_take(&b);
	tu__as_copy(r->reason, sizeof r->reason, s ? s : prefix);
	free(s);
}

static bool over_limit(const struct tu_plan_report *rep)
{
	return tu_plan_report_count(rep, TU_PLAN_R_JSON) > 0 ||
	       tu_plan_report_count(rep, TU_PLAN_R_LIMIT) > 0;
}

/* Stage 2 and its repairs; *ok when r->plan is valid. */
static enum tu_status stage2(struct plan_run *r, bool *ok,
			     struct tu_err *err)
{
	uint32_t max = r->a->cfg.plan_repairs, done = 0;
	char label[48], prefix[48];
	enum tu_status st;

	if (max > TU_ASSIST_PLAN_REPAIRS_MAX)
		max = TU_ASSIST_PLAN_REPAIRS_MAX;
	st = call_stage(r, TU_USE_PLAN, "stage 2", ok, err);
	while (!st && !*ok && r->judged && !over_limit(&r->rep) &&
	       done < max) {
		st = repair_vars(r, err);
		snprintf(label, sizeof label, "stage 2 (repair %u)", ++done);
		if (!st)
			st = call_stage(r, TU_USE_PLAN, label, ok, err);
	}
	if (st || *ok || !r->judged)
		return st;
	if (over_limit(&r->rep))
		snprintf(prefix, sizeof prefix, "over a plan limit: ");
	else
		snprintf(prefix, sizeof prefix, "invalid after %u repair%s: ",
			 done, done == 1 ? "" : "s");
	invalid_reason(r, prefix);
	return TU_OK;
}

/* The LLM's plan into out when it made a valid one (*served). */
static enum tu_status try_llm(struct tu_assist *a,
			      const struct tu_assist_who *who,
			      const struct tu_plan_request *rq,
			      struct tu_plan *out,
			      struct tu_assist_result *res, bool *served,
			      struct tu_err *err)
{
	struct plan_run r;
	char *decomp;
	enum tu_status st = run_init(&r, a, who, rq, err);

	*served = false;
	if (!st)
		st = call_stage(&r, TU__PROMPT_PLAN_DECOMPOSE, "stage 1",
				served, err);
	if (!st && *served) {
		decomp = json_dumps(r.decomp, JSON_INDENT(1));
		set_var(&r, V_DECOMP, "decomposition", decomp, NULL);
		st = decomp ? stage2(&r, served, err) : nomem(err);
	}
	res->usage = r.usage;
	if (!st && *served) {
		*out = r.plan;
		tu_plan_init(&r.plan);
		res->path = r.path;
		tu__as_copy(res->prompt, sizeof res->prompt,
			    a->prompts[TU_USE_PLAN].name);
		res->prompt_version = r.version;
		tu__as_copy(res->model, sizeof res->model, a->model);
	} else if (!st) {
		tu__as_copy(res->reason, sizeof res->reason, r.reason);
	}
	run_release(&r);
	return st;
}

/* ---- the entry point ----------------------------------------------------- */

static enum tu_status summarize(const struct tu_plan *p,
				struct tu_assist_result *res,
				struct tu_err *err)
{
	char text[96];

	snprintf(text, sizeof text, "%zu subtask%s, %zu step%s",
		 p->n_subtasks, p->n_subtasks == 1 ? "" : "s", p->n_steps,
		 p->n_steps == 1 ? "" : "s");
	return tu__as_set_text(res, text, err);
}

/* The rules planner's plan, checked once more: never an invalid plan. */
static enum tu_status serve_rules(const struct tu_plan_request *rq,
				  struct tu_plan *out,
				  struct tu_assist_result *res,
				  struct tu_err *err)
{
	struct tu_plan_report rep;
	enum tu_status st = tu_plan_generate(rq, out, err);
	size_t errors;

	if (st)
		return st;
	tu_plan_report_init(&rep);
	errors = tu_plan_validate(out, NULL, &rep);
	tu_plan_report_release(&rep);
	if (errors)
		return tu_err_set(err, TU_EINTERNAL, "assist plan: the rules "
				  "planner made a plan with %zu errors",
				  errors);
	st = tu__as_serve_fallback(res, "", err);
	return st ? st : summarize(out, res, err);
}

enum tu_status tu_assist_plan(struct tu_assist *a,
			      const struct tu_assist_who *who,
			      const struct tu_plan_request *req,
			      struct tu_plan *out,
			      struct tu_assist_result *res,
			      struct tu_err *err)
{
	bool served = false;
	enum tu_status st;

	if (!a || !req || !out || !res)
		return tu_err_set(err, TU_EINVAL, "assist plan: %s is NULL",
				  !a ? "assistant" : !req ? "request" :
				  !out ? "out" : "result");
	tu__as_result_start(res);
	st = tu__as_check_who(who, "plan", err);
	if (!st)
		st = check_request(req, err);
	if (!st && a->client)
		st = try_llm(a, who, req, out, res, &served, err);
	else if (!st)
		tu__as_copy(res->reason, sizeof res->reason, a->status);
	if (!st && served)
		st = summarize(out, res, err);
	else if (!st)
		st = serve_rules(req, out, res, err);
	if (st) {
		tu_plan_release(out);
		tu_assist_result_release(res);
	}
	return st;
}
