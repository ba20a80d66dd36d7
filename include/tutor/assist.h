/*
 * tutor/assist.h - the features an LLM can enrich, each with a
 * deterministic path that is good on its own:
 *
 *   hint       level-specific hint text (IntelliCode's Pedagogical
 *              Feedback), conditioned on the learner's code, the failing
 *              public test, the level and the proficiency band;
 *              fallback: the course's authored hint for that level/band.
 *   review     a semantic code review after AC (Skill Assessment);
 *              fallback: the judge's deterministic review findings.
 *   narrative  the bridge that introduces the next item in a tone chosen
 *              by persona (Pxplore); fallback: per-persona templates.
 *   goals      extraction of typed goal components (struct tu_goal) from
 *              a learner's free text, and re-evaluation of existing ones
 *              (Pxplore); fallback: rule-based extraction.
 *   ask        "ask the tutor" chat under the no-solution rule;
 *              fallback: an answer built from the course's learning
 *              actions that match the question and the next hint.
 *   plan       a PersonalPlan study plan (tutor/plan.h) in two LLM
 *              stages (decomposition, then steps), validated and
 *              repaired; fallback: the rules planner tu_plan_generate.
 *   plan_step  the text of one automatic step of a running plan
 *              (tutor/plan_run.h "text" steps), from the plan's question,
 *              the step and what the steps it depends on gave; several
 *              independent steps are served in one batch with their LLM
 *              calls in flight at the same time; fallback: the text the
 *              caller made (the runner's deterministic message).
 *
 * Guardrails on every LLM answer shown to a learner: code blocks are
 * stripped from hints; an answer that reveals the solution (tu_hint_leaks,
 * tutor/leak.h, against every reference solution, and any hidden test's
 * input or expected value quoted verbatim) is refused and the
 * deterministic path serves instead; learner code and messages go into
 * prompts only as quoted data inside delimiters the learner cannot close
 * (tu_assist_quote), never as instructions.
 *
 * Budgets and cache (when a store is given): per-learner and global
 * requests and tokens per UTC day, checked before a call (TU_EBUDGET is
 * not an error for the caller: the deterministic path serves and the
 * result says why); answers are cached in the store keyed by BLAKE2b of
 * model, prompt name and version, the rendered prompt and the schema.
 *
 * Prompts are files under prompts/ (installed to datadir/tutor/prompts),
 * one per use (plan: one per stage, plan_decompose.md and plan_steps.md;
 * plan_step: plan_step.md),
 * each starting with a "version: N" line; the prompt name and
 * version used are in every result, and the caller records them in the
 * event log (event type "assist", tutor/event.h).
 *
 * Ownership: struct tu_assist owns its LLM clients (one, plus up to
 * three more made on a batch's first use); the store and course are
 * borrowed and must outlive it.  struct tu_assist_result owns text.
 * Time comes in as arguments (now, Unix seconds); no clock reads.  Not
 * thread-safe: one thread uses an assistant at a time (a batch runs its
 * own worker threads inside the call and touches the store only from
 * the calling thread).
 */
#ifndef TUTOR_ASSIST_H
#define TUTOR_ASSIST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/content.h"
#include "tutor/err.h"
#include "tutor/learner.h"
#include "tutor/llm.h"
#include "tutor/mastery.h"
#include "tutor/plan.h"

struct tu_store;

#define TU_ASSIST_TEXT_MAX 4096     /* bytes of any text shown */
#define TU_ASSIST_QUESTION_MAX 2000 /* bytes of a learner's question */
#define TU_ASSIST_GOALS_MAX 8       /* goal components per extraction */

enum tu_assist_use {
	TU_USE_HINT = 0,
	TU_USE_REVIEW,
	TU_USE_NARRATIVE,
	TU_USE_GOALS,
	TU_USE_ASK,
	TU_USE_PLAN,
	TU_USE_PLAN_STEP
};
#define TU_USES 7

#define TU_ASSIST_PARALLEL_MAX 4      /* LLM calls in flight in a batch */
#define TU_ASSIST_STEP_DEPS_MAX 32    /* dependencies of one plan step */
#define TU_ASSIST_STEP_BATCH_MAX 256  /* steps in one batch */
#define TU_ASSIST_STEP_TEXT_MAX 8192  /* bytes of a step's own texts */
#define TU_ASSIST_STEP_DEP_MAX 2048   /* bytes of a dependency's text
					 quoted in the prompt (cut) */

#define TU_ASSIST_PLAN_REPAIRS_MAX 3  /* plan_repairs is clamped to it */

/* "hint", "review", "narrative", "goals", "ask", "plan", "plan_step".
 * Static. */
const char *tu_assist_use_name(enum tu_assist_use u);

struct tu_assist_config {
	const char *prompts_dir;        /* NULL: the installed/source one */
	uint32_t learner_requests_day;  /* 200 */
	uint32_t learner_tokens_day;    /* 200000 */
	uint32_t global_requests_day;   /* 5000 */
	uint32_t global_tokens_day;     /* 5000000 */
	bool cache;                     /* true */
	uint32_t plan_repairs;          /* 1: extra stage-2 calls that may
					   repair an invalid plan (0..3) */
};

void tu_assist_config_default(struct tu_assist_config *c);

struct tu_assist;

/*
 * Creates the assistant.  llm may be NULL or unconfigured: every use then
 * takes its deterministic path.  store may be NULL: no budgets, no cache,
 * no usage counts.  course is borrowed (hidden tests and solutions for
 * the guardrails, actions for ask).  Errors: a prompts dir that cannot be
 * read or a prompt file without its version line (TU_EIO / TU_EPARSE,
 * naming the file), TU_ENOMEM; an LLM client that cannot be created is
 * not an error (the deterministic paths serve; tu_assist_llm_status says
 * why).
 */
enum tu_status tu_assist_new(const struct tu_assist_config *cfg,
			     const struct tu_llm_config *llm,
			     struct tu_store *store,
			     const struct tu_course *course,
			     struct tu_assist **out, struct tu_err *err);
void tu_assist_free(struct tu_assist *a);

/* True when the assistant has an LLM client (the uses may ask it);
 * false for NULL. */
bool tu_assist_has_llm(const struct tu_assist *a);

/* "no LLM configured", "LLM at <base_url> (model m)", or why the client
 * could not be created.  Static per assistant; never contains the key. */
const char *tu_assist_llm_status(const struct tu_assist *a);

/* Tests: hand the assistant a client-sleep hook (see tu_llm_client_set_sleep). */
void tu_assist_set_sleep(struct tu_assist *a,
			 void (*sleep_ms)(void *ud, uint32_t ms), void *ud);

struct tu_assist_result {
	char *text;                    /* owned; what the learner sees */
	enum tu_llm_path path;         /* which path served it */
	char prompt[64];               /* prompt file name, "" fallback */
	uint32_t prompt_version;       /* 0 for the fallback */
	char model[TU_LLM_MODEL_MAX];  /* "" for the fallback */
	char reason[256];              /* why the fallback served ("no LLM
					  configured", "budget: learner
					  requests 200/200 today", "refused:
					  the answer leaks the solution",
					  "timeout", ...); "" when the LLM did */
	bool refused;                  /* a guardrail refused an LLM answer */
	struct tu_llm_usage usage;
	/* goals only: the extracted components (text is a summary) */
	struct tu_goal goals[TU_ASSIST_GOALS_MAX];
	size_t n_goals;
};

/* Each use initialises *out itself (old contents are not freed: release
 * a reused result first); on an error it leaves *out empty (text NULL). */
void tu_assist_result_init(struct tu_assist_result *r);
void tu_assist_result_release(struct tu_assist_result *r);

/* What every use needs to know about the learner and the moment. */
struct tu_assist_who {
	const char *learner;           /* id, for budgets and usage */
	int64_t now;                   /* Unix seconds: the budget day */
	double proficiency;            /* [0,1] on the item's topics */
	enum tu_persona persona;
};

struct tu_assist_hint_in {
	const struct tu_course_problem *problem;
	enum tu_lang lang;
	uint32_t level;                /* 1..5, chosen by the hint policy */
	const char *code;              /* learner's latest code, may be NULL */
	const char *failing_test;      /* "name: message" of the first failing
					  PUBLIC test, may be NULL */
};

/* The hint text for in->level.  Always TU_OK unless arguments are invalid
 * (TU_EINVAL) or memory runs out: any LLM trouble means the fallback. */
enum tu_status tu_assist_hint(struct tu_assist *a,
			      const struct tu_assist_who *who,
			      const struct tu_assist_hint_in *in,
			      struct tu_assist_result *out,
			      struct tu_err *err);

struct tu_assist_review_in {
	const struct tu_course_problem *problem;
	enum tu_lang lang;
	const char *code;              /* the accepted code */
	const char *const *findings;   /* the judge's review messages */
	size_t n_findings;
};

enum tu_status tu_assist_review(struct tu_assist *a,
				const struct tu_assist_who *who,
				const struct tu_assist_review_in *in,
				struct tu_assist_result *out,
				struct tu_err *err);

struct tu_assist_narrative_in {
	const struct tu_course_problem *next;   /* the item to introduce */
	const char *bucket;            /* "review", "growth", "challenge" */
	const char *why;               /* the curator's reason text */
	const char *last_item;         /* may be NULL */
	bool last_passed;
};

enum tu_status tu_assist_narrative(struct tu_assist *a,
				   const struct tu_assist_who *who,
				   const struct tu_assist_narrative_in *in,
				   struct tu_assist_result *out,
				   struct tu_err *err);

/*
 * Goal extraction from text (the learner's words, quoted as data) into
 * out->goals (ids "g-<dimension>-<n>", confidence in [0,1], metrics only
 * from the computable set in docs/llm.md), and re-evaluation: existing
 * goals (may be NULL/0) are passed to the prompt so the model can keep,
 * update or add; the deterministic path applies rules (docs/llm.md).
 */
enum tu_status tu_assist_goals(struct tu_assist *a,
			       const struct tu_assist_who *who,
			       const char *text,
			       const struct tu_goal *existing, size_t n_existing,
			       struct tu_assist_result *out,
			       struct tu_err *err);

struct tu_assist_ask_in {
	const char *question;          /* <= TU_ASSIST_QUESTION_MAX bytes */
	const struct tu_course_problem *problem;  /* current item, may be NULL */
	enum tu_lang lang;
	const char *code;              /* may be NULL */
};

enum tu_status tu_assist_ask(struct tu_assist *a,
			     const struct tu_assist_who *who,
			     const struct tu_assist_ask_in *in,
			     struct tu_assist_result *out,
			     struct tu_err *err);

/*
 * A study plan for req (tutor/plan.h) in PersonalPlan's two stages, one
 * LLM call each: prompts/plan_decompose.md (the question and the
 * learner's profile, quoted as data -> agents and subtasks) and
 * prompts/plan_steps.md (that decomposition -> steps and the execution
 * order).  The assembled {input, output} plan is read with
 * tu_plan_from_json and checked with tu_plan_validate; while it has
 * errors and repairs are left (cfg.plan_repairs), one more stage-2 call
 * lists the violations (code, path, reason).  Still invalid, or any LLM
 * trouble (none configured, budget, timeout, an answer that is not JSON,
 * does not match the schema or is over a TU_PLAN_* limit): the rules
 * planner tu_plan_generate serves and res->reason says why ("invalid
 * after 1 repair: P11 ...").  The plan in *out is never invalid, and
 * without an LLM it is tu_plan_generate's, byte for byte.
 *
 * out must be empty (tu_plan_init); the caller releases it in every
 * case.  res is initialised by the call: text a summary ("4 subtasks, 10
 * steps"), path, prompt and version (stage 2's) and model of the LLM
 * plan, usage summed over every call made (also when the rules served).
 * Errors (out and res then empty): TU_EINVAL (NULL arguments, no query,
 * text not UTF-8, a bad who), TU_ERANGE (a request over a TU_PLAN_*
 * limit), TU_ENOMEM, TU_EINTERNAL (the rules plan failed validation).
 */
enum tu_status tu_assist_plan(struct tu_assist *a,
			      const struct tu_assist_who *who,
			      const struct tu_plan_request *req,
			      struct tu_plan *out,
			      struct tu_assist_result *res,
			      struct tu_err *err);

/* What a step this one depends on gave. */
struct tu_assist_step_dep {
	const char *id;                /* the step's id */
	const char *text;              /* its output, or the learner's
					  answer; quoted as data, cut to
					  TU_ASSIST_STEP_DEP_MAX bytes */
	bool learner;                  /* text is the learner's answer */
};

struct tu_assist_step_in {
	const char *query;             /* the plan's question (the
					  learner's words; quoted), may be
					  NULL */
	const char *step_id;
	const char *objective;
	const char *instruction;
	const char *expected_output;   /* may be NULL */
	const struct tu_assist_step_dep *deps;
	size_t n_deps;                 /* <= TU_ASSIST_STEP_DEPS_MAX */
	const struct tu_course_problem *problem;  /* practice item, may be
						     NULL */
	const char *fallback;          /* the deterministic text; NULL: the
					  instruction */
};

/*
 * The text of one automatic plan step: prompts/plan_step.md, schema
 * {"text": string <= 1500}.  The answer's fenced code blocks are
 * stripped; an answer that is then empty, or that reveals the item's
 * solution or a hidden test (tu_assist_reveals), is refused.  Any LLM
 * trouble: in->fallback serves (also checked: when it reveals, the
 * instruction serves) and out->reason says why.  Errors (out empty):
 * TU_EINVAL (NULL arguments, a missing step id, objective or
 * instruction, text over TU_ASSIST_STEP_TEXT_MAX or not UTF-8, too many
 * deps, a bad who), TU_ENOMEM.
 */
enum tu_status tu_assist_plan_step(struct tu_assist *a,
				   const struct tu_assist_who *who,
				   const struct tu_assist_step_in *in,
				   struct tu_assist_result *out,
				   struct tu_err *err);

/*
 * tu_assist_plan_step for n independent steps (1..TU_ASSIST_STEP_BATCH_MAX)
 * at once: out[k] is step in[k]'s result, exactly as a single call would
 * give it.  The cache and the budgets are checked for every step first
 * (a batch may not go over the requests budget: each call counts the
 * ones before it), then the LLM calls run on up to
 * TU_ASSIST_PARALLEL_MAX threads at the same time, each with its own
 * client, and the usage, the guardrails and the cache are applied on the
 * calling thread.  A failure of one call makes only that step fall back.
 * Every input is checked before anything is asked: errors as
 * tu_assist_plan_step (the message names the step's index), and then
 * every out[k] is empty.  The caller releases every out[k].
 */
enum tu_status tu_assist_plan_steps(struct tu_assist *a,
				    const struct tu_assist_who *who,
				    const struct tu_assist_step_in *in, size_t n,
				    struct tu_assist_result *out,
				    struct tu_err *err);

/* ------------------------------------------- guardrails (pure; tests) */

/*
 * Quotes untrusted text (learner code, a message) for a prompt: wraps it
 * in <<<LEARNER_DATA ... LEARNER_DATA>>> and breaks any occurrence of the
 * delimiters inside it, so the learner cannot end the quote.  Returns a
 * new string (free()) or NULL when out of memory.
 */
char *tu_assist_quote(const char *text, size_t max_bytes);

/* Removes fenced code blocks (``` ... ```, ~~~ ... ~~~) from text in
 * place; returns true when something was removed. */
bool tu_assist_strip_code(char *text);

/*
 * True when text must not be shown for problem p: it leaks a reference
 * solution (tu_hint_leaks with min_run) or quotes a hidden test's input
 * or expected value (their JSON text, when at least 4 bytes long).
 * *why (cap bytes) says which, without quoting the solution or the
 * test's values (it may be shown to the learner).  Rules: docs/llm.md.
 */
bool tu_assist_reveals(const char *text, const struct tu_course_problem *p,
		       size_t min_run, char *why, size_t cap);

#endif
