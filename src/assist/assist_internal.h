/*
 * assist_internal.h - what the files of src/assist share: the assistant
 * handle, prompt templates, the bounded text builder, the LLM call
 * pipeline (budget, cache, structured call, guardrails) and the small
 * helpers of the deterministic paths.  Not part of the public API
 * (tutor/assist.h is).
 *
 * The pipeline (call.c) is the same for every use: render the use's
 * prompt, look the answer up in the cache, check the budgets, call
 * tu_llm_structured with the use's schema, count the usage, hand the
 * validated JSON to the use's accept function (which applies the
 * guardrails), and cache what was shown.  Any failure leaves the result
 * with a reason and the use serves its deterministic path.
 */
#ifndef TUTOR_ASSIST_INTERNAL_H
#define TUTOR_ASSIST_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "tutor/assist.h"
#include "tutor/content.h"
#include "tutor/llm.h"
#include "tutor/store.h"

#define TU__PROMPT_FILE_MAX (64u * 1024u)     /* bytes of a prompt file */
#define TU__PROMPT_RENDER_MAX (256u * 1024u)  /* bytes of a rendered part */
#define TU__PROMPT_NAME_MAX 32                /* placeholder name bytes */
#define TU__CODE_QUOTE_MAX (16u * 1024u)      /* learner code in a prompt */
#define TU__STATEMENT_MAX (8u * 1024u)        /* statement in a prompt */
#define TU__USER_SEPARATOR "--- user ---"

/* ---- text.c: a bounded string builder ---------------------------------- */

struct tu__as_buf {
	char *p;          /* NUL-terminated once anything was added, owned */
	size_t len, cap;
	size_t max;       /* bytes the text may reach (0: TU__PROMPT_RENDER_MAX) */
	bool failed;      /* out of memory: the text stops growing */
	bool truncated;   /* something did not fit under max */
};

void tu__as_buf_init(struct tu__as_buf *b, size_t max);
void tu__as_buf_release(struct tu__as_buf *b);
/* Appends n bytes (cut at a UTF-8 boundary when over max). */
void tu__as_buf_put(struct tu__as_buf *b, const char *s, size_t n);
void tu__as_buf_str(struct tu__as_buf *b, const char *s);
void tu__as_buf_fmt(struct tu__as_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* Hands the text over (""-string when empty); NULL when out of memory. */
char *tu__as_buf_take(struct tu__as_buf *b);

/* Copies s into dst[cap], cut at a UTF-8 boundary. */
void tu__as_copy(char *dst, size_t cap, const char *s);
/* Appends s to the string in dst[cap], cut at a UTF-8 boundary. */
void tu__as_cat(char *dst, size_t cap, const char *s);
/* Removes control characters other than newline and tab, turns CR LF
 * into LF, trims surrounding whitespace; in place. */
void tu__as_clean_text(char *s);
/* A new string of at most max bytes of s (cut at a UTF-8 boundary, with
 * " ..." appended when cut); NULL when out of memory. */
char *tu__as_excerpt(const char *s, size_t max);

/* Lower-case ASCII word tokens of s (letters and digits; other bytes
 * split), stop words dropped and a plain English suffix stripped, each
 * passed to fn.  Returns the number of tokens passed. */
size_t tu__as_tokens(const char *s, void (*fn)(void *ctx, const char *tok),
		  void *ctx);
/* True when the word w (lower case) occurs in s as a whole word,
 * ASCII case-insensitively. */
bool tu__as_has_word(const char *s, const char *w);

/* ---- prompts.c --------------------------------------------------------- */

/* The prompt slots: one per use (the plan use's slot holds its stage 2,
 * plan_steps.md; plan_step's is plan_step.md), then the plan's stage 1. */
#define TU__PROMPT_PLAN_DECOMPOSE TU_USES
#define TU__PROMPTS (TU_USES + 1)

struct tu__as_prompt {
	char name[16];            /* "hint", "plan_decompose" */
	char path[TU_CONTENT_PATH_MAX + 32];
	uint32_t version;
	char *system;             /* template (owned); NULL when the file has
				     only a user part */
	char *user;               /* template (owned), never NULL */
};

struct tu__as_var {
	const char *name;
	const char *value;        /* NULL is rendered as "(none)" */
};

/* Loads dir/<name>.md of prompt slot (0..TU__PROMPTS-1): "version: N"
 * first line, then the template; the line "--- user ---" (optional)
 * separates the system part from the user part.  Every {{name}} must be
 * one the slot knows.  TU_EIO, TU_EPARSE ("FILE:LINE: ..."), TU_ERANGE,
 * TU_ENOMEM. */
enum tu_status tu__as_prompt_load(const char *dir, unsigned slot,
			       struct tu__as_prompt *p, struct tu_err *err);
void tu__as_prompt_release(struct tu__as_prompt *p);

/* Renders tmpl (a part of p) with vars into *out (new).  A placeholder
 * without a var is TU_EINVAL naming the file; TU_ERANGE over
 * TU__PROMPT_RENDER_MAX; TU_ENOMEM. */
enum tu_status tu__as_prompt_render(const struct tu__as_prompt *p, const char *tmpl,
				 const struct tu__as_var *vars, size_t n_vars,
				 char **out, struct tu_err *err);

/* The placeholder names prompt slot knows, NULL-terminated (NULL for a
 * slot out of range). */
const char *const *tu__as_prompt_names(unsigned slot);

/* ---- the handle -------------------------------------------------------- */

struct tu_assist {
	struct tu_assist_config cfg;
	struct tu_llm_client *client;   /* NULL: deterministic paths only */
	/* Batches (plan_step.c): the config the client was made from (the
	 * key is wiped on free) and up to TU_ASSIST_PARALLEL_MAX - 1 more
	 * clients, made on first use, one per worker thread. */
	struct tu_llm_config llm;
	struct tu_llm_client *extra[TU_ASSIST_PARALLEL_MAX - 1];
	void (*sleep_ms)(void *ud, uint32_t ms);   /* NULL: the default */
	void *sleep_ud;
	char model[TU_LLM_MODEL_MAX];
	char status[TU_LLM_URL_MAX + TU_LLM_MODEL_MAX + TU_ERR_MSG_MAX];
	struct tu_store *store;         /* borrowed, may be NULL */
	const struct tu_course *course; /* borrowed */
	struct tu__as_prompt prompts[TU__PROMPTS];
};

/* ---- call.c: the LLM pipeline ------------------------------------------ */

/*
 * Turns a schema-valid answer into what the learner sees (out->text, and
 * out->goals for goals).  Returns TU_OK with *shown true, or *shown false
 * with why[cap] (and *refused when a guardrail refused it); an error only
 * for TU_ENOMEM.
 */
typedef enum tu_status (*tu__as_accept_fn)(struct tu_assist *a, void *ctx,
					const json_t *answer,
					struct tu_assist_result *out,
					bool *shown, bool *refused,
					char *why, size_t cap,
					struct tu_err *err);

struct tu__as_call {
	enum tu_assist_use use;
	const struct tu__as_var *vars;
	size_t n_vars;
	const char *schema;            /* JSON schema text */
	tu__as_accept_fn accept;
	void *ctx;
};

/*
 * Tries the LLM for one use.  *served true: out is filled (text, path,
 * prompt, version, model, usage).  *served false: out->reason (and
 * out->refused, out->usage) say why, out->text is NULL, and the caller
 * serves its deterministic path.  Errors: TU_ENOMEM only.
 */
enum tu_status tu__as_call_llm(struct tu_assist *a,
			    const struct tu_assist_who *who,
			    const struct tu__as_call *c,
			    struct tu_assist_result *out, bool *served,
			    struct tu_err *err);

/* tu__as_call_llm with the prompt of slot (not the use's) and an answer
 * of at most max_tokens (0: the config's); the plan's stages use it. */
enum tu_status tu__as_call_llm_at(struct tu_assist *a,
			       const struct tu_assist_who *who,
			       const struct tu__as_call *c, unsigned slot,
			       uint32_t max_tokens,
			       struct tu_assist_result *out, bool *served,
			       struct tu_err *err);

/*
 * The same pipeline in three phases, so that several calls can be in
 * flight at once (plan_step.c): prepare and finish touch the store
 * (cache, budgets, usage) and run on the calling thread only; send makes
 * the HTTP call and touches nothing but the job and the client it is
 * given (one client per thread: tutor/llm.h).  tu__as_call_llm_at is
 * prepare, send on a->client, finish.
 */
struct tu__as_job {
	struct tu_assist *a;
	const struct tu_assist_who *who;
	const struct tu__as_call *c;   /* borrowed until finish */
	const struct tu__as_prompt *p;
	char *system, *user;           /* rendered (owned) */
	json_t *schema;                /* parsed c->schema (owned) */
	uint32_t max_tokens;           /* 0: the config's */
	char key[TU_HASH_HEX_LEN + 1];
	/* set by send */
	struct tu_llm_reply reply;
	enum tu_status sent;
	struct tu_err e;
};

/*
 * Renders the prompt of slot, serves a cached answer, checks the budgets
 * as if `pending` more requests of this batch were already counted.  j
 * is set up in every case (release it).  *send true: the call must be
 * made (tu__as_job_send, then tu__as_job_finish); false: decided, *served
 * and out as tu__as_call_llm says.  Errors: TU_ENOMEM, TU_EINVAL (slot).
 */
enum tu_status tu__as_job_prepare(struct tu_assist *a,
			       const struct tu_assist_who *who,
			       const struct tu__as_call *c, unsigned slot,
			       uint32_t max_tokens, uint32_t pending,
			       struct tu__as_job *j,
			       struct tu_assist_result *out, bool *served,
			       bool *send, struct tu_err *err);
/* The structured call on cl; the outcome stays in j.  Thread-safe for
 * distinct jobs and clients. */
void tu__as_job_send(struct tu__as_job *j, struct tu_llm_client *cl);
/* Counts the usage, validates and accepts the answer, caches what is
 * shown; *served and out as tu__as_call_llm.  Errors: TU_ENOMEM. */
enum tu_status tu__as_job_finish(struct tu__as_job *j,
			      struct tu_assist_result *out, bool *served,
			      struct tu_err *err);
void tu__as_job_release(struct tu__as_job *j);

/* Clients for up to want worker threads into cl[] (a->client first,
 * then the extra ones, made now when missing); returns how many (0
 * without an LLM; fewer than want when a client cannot be made). */
size_t tu__as_clients(struct tu_assist *a, size_t want,
		   struct tu_llm_client **cl);

/* ---- budget.c ---------------------------------------------------------- */

/* The UTC day of now: floor(now / 86400). */
int64_t tu__as_day(int64_t now);

/* TU_OK when a call may be made; TU_EBUDGET with why "budget: learner
 * requests 200/200 today"; other codes (store trouble) with why too. */
enum tu_status tu__as_budget_check(struct tu_assist *a, const char *learner,
				int64_t now, char *why, size_t cap);
/* The same with `pending` requests not yet counted (a batch's calls
 * prepared before this one): requests used + pending must be below the
 * limit. */
enum tu_status tu__as_budget_check_ahead(struct tu_assist *a,
				      const char *learner, int64_t now,
				      uint32_t pending, char *why,
				      size_t cap);

/* Counts one call's requests and tokens (learner may be NULL). */
enum tu_status tu__as_budget_count(struct tu_assist *a, const char *learner,
				int64_t now, uint32_t requests,
				uint32_t tokens, struct tu_err *err);

/* ---- cache.c ----------------------------------------------------------- */

/* key = BLAKE2b-256 hex over model, prompt name, version, the rendered
 * system and user parts (NULL system counts as absent) and schema. */
void tu__as_cache_key(const char *model, const struct tu__as_prompt *p,
		   const char *system, const char *user, const char *schema,
		   char key[TU_HASH_HEX_LEN + 1]);

/* The cached answer for key as a new string, or NULL (none, no store,
 * cache off or any store trouble: the cache is best effort). */
char *tu__as_cache_get(struct tu_assist *a, const char *key);

/* Caches content under key (best effort: failures are ignored). */
void tu__as_cache_put(struct tu_assist *a, const char *key,
		   const struct tu__as_prompt *p, const char *content,
		   int64_t now);

/* ---- helpers of the uses ----------------------------------------------- */

/* Starts out (initialised) for a use. */
void tu__as_result_start(struct tu_assist_result *out);

/* Serves text (copied, cut to TU_ASSIST_TEXT_MAX) as the deterministic
 * answer: path fallback, no prompt, reason as already set. */
enum tu_status tu__as_serve_fallback(struct tu_assist_result *out,
				  const char *text, struct tu_err *err);

/* Sets out->text to a copy of s cut to TU_ASSIST_TEXT_MAX; TU_ENOMEM. */
enum tu_status tu__as_set_text(struct tu_assist_result *out, const char *s,
			    struct tu_err *err);

/* The reference solution in lang, else any; NULL when none. */
const char *tu__as_solution_for(const struct tu_course_problem *p,
			     enum tu_lang lang);

/* The deterministic hint of level for proficiency (the feedback agent's
 * wording, generic text when it leaks).  New string; NULL on ENOMEM. */
char *tu__as_authored_hint(const struct tu_course_problem *p, enum tu_lang lang,
			uint32_t level, double proficiency);

/* "Loops, Functions" from the problem's topic titles into buf[cap]. */
void tu__as_topic_titles(const struct tu_course *c,
		      const struct tu_course_problem *p, char *buf,
		      size_t cap);

/* The string member key of answer (NULL when absent). */
const char *tu__as_answer_str(const json_t *answer, const char *key);

/* True when who is usable: learner NULL or an id, proficiency in [0,1]. */
enum tu_status tu__as_check_who(const struct tu_assist_who *who,
			     const char *use, struct tu_err *err);

/* Goals: the metric names a component may use (docs/llm.md). */
bool tu__as_metric_ok(const struct tu_course *c, const char *metric);

/* ---- goal_rules.c ------------------------------------------------------ */

struct tu__as_goal_set {
	struct tu_goal g[TU_ASSIST_GOALS_MAX];
	size_t n;
	char note[256];     /* learn phrases that named no course topic */
};

/* Adds g, or keeps the more confident of g and an equal goal (same
 * dimension and metric, or same description without a metric); false
 * when the set is full. */
bool tu__as_goal_put(struct tu__as_goal_set *s, const struct tu_goal *g);

/* Same goal: same dimension and metric, or (no metric) description. */
bool tu__as_goal_same(const struct tu_goal *a, const struct tu_goal *b);

/* The rule-based extraction (goal_rules.c) of text into s (reset). */
void tu__as_goal_rules(const struct tu_course *c, const char *text,
		    struct tu__as_goal_set *s);

#endif
