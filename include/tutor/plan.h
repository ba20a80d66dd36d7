/*
 * tutor/plan.h - PersonalPlan (MAP-PPL) study plans: the schema, a JSON
 * codec, an executability validator that lists every violation, and
 * deterministic scorers (structure, personalisation, pedagogy, the Tier-1
 * rule metrics), plus the accumulator behind `tutor eval plans`.
 * docs/plans.md has the schema, the limits, every rule with its code and
 * the scorers' formulas.
 *
 * A plan is agents (role, goal, backstory, tools), subtasks (id, name,
 * objective) holding steps (id, agent, objective, instruction, tool or
 * none, requires_human_input, expected_output, depends_on), and an
 * execution order of step ids and loops (steps, a condition
 * "<step>.<flag> == <value>", max_iterations), with the input it was made
 * for (query, the learner's about_me and top_tags).
 *
 * The pieces:
 *   tu_plan_parse      JSON text -> struct tu_plan; schema violations go
 *                      to a report (lenient: reading goes on after one)
 *   tu_plan_from_json  the same from a jansson tree
 *   tu_plan_write      struct tu_plan -> JSON text, in the form it was read
 *   tu_plan_validate   the semantic rules -> the report (all of them)
 *   tu_plan_check      parse + validate in one call
 *   tu_plan_struct_score, tu_plan_text_sim, tu_plan_pers_*,
 *   tu_plan_ped_score, tu_plan_tier1      the scorers (no LLM)
 *   tu_plan_eval_*     the dataset evaluation accumulator
 *
 * What it is not: no I/O (callers read files), no clock, no globals, no
 * LLM; tu_plan_generate makes plans by rules (no LLM); nothing here runs
 * them.
 *
 * Ownership: a struct tu_plan owns every string and array it points to
 * (one arena, freed by tu_plan_release); after tu_plan_release it is
 * empty and may be parsed into again.  A struct tu_plan_report owns its
 * violation array (tu_plan_report_release).  Functions taking a const plan
 * only read it; any number of threads may score or validate one plan at
 * once.  Pointers into a plan stay valid until its release.
 */
#ifndef TUTOR_PLAN_H
#define TUTOR_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>
#include "tutor/err.h"

/* ---- hard limits (a plan over one is refused with a "limit" error) ---- */

#define TU_PLAN_DOC_MAX (1u << 20)      /* bytes of one JSON document */
#define TU_PLAN_AGENTS_MAX 16
#define TU_PLAN_AGENT_TOOLS_MAX 8       /* tools listed by one agent */
#define TU_PLAN_SUBTASKS_MAX 32
#define TU_PLAN_STEPS_MAX 256           /* steps over all subtasks */
#define TU_PLAN_DEPS_MAX 32             /* depends_on entries per step */
#define TU_PLAN_LOOPS_MAX 32
#define TU_PLAN_ORDER_MAX 512           /* execution_order entries */
#define TU_PLAN_TAGS_MAX 64             /* learner top_tags */
#define TU_PLAN_ID_MAX 128              /* bytes: ids, roles, tools, tags */
#define TU_PLAN_NAME_MAX 1024           /* bytes: subtask names, conditions */
#define TU_PLAN_TEXT_MAX 8192           /* bytes: instruction, goal, ... */
#define TU_PLAN_QUERY_MAX 32768         /* bytes: query, about_me */
#define TU_PLAN_VIOLATIONS_MAX 1024     /* violations kept per report */

/* ---- tools -------------------------------------------------------------- */

/* The MAP-PPL tool pool of 8 (anchors 5.1), in its order. */
enum tu_plan_tool {
	TU_PLAN_TOOL_CODE_INTERPRETER, /* tutor: the judge's sandbox */
	TU_PLAN_TOOL_CODE_DOCS_SEARCH, /* tutor: retrieval over the course */
	TU_PLAN_TOOL_FIRECRAWL_SEARCH, /* tutor: none (web search) */
	TU_PLAN_TOOL_FILE_WRITER,      /* tutor: the learner's work file */
	TU_PLAN_TOOL_ARXIV_PAPER,      /* tutor: none */
	TU_PLAN_TOOL_RAG,              /* tutor: retrieval over the course */
	TU_PLAN_TOOL_DIRECTORY_READ,   /* tutor: none */
	TU_PLAN_TOOL_FILE_READ,        /* tutor: the learner's work file */
	TU_PLAN_TOOL_N
};

/* The MAP-PPL name ("CodeInterpreterTool"); NULL when t is out of range. */
const char *tu_plan_tool_name(enum tu_plan_tool t);
/* tutor's own name for t ("judge", "course_search", "work_file") or
 * "unavailable"; docs/plans.md "Tools" has the mapping. */
const char *tu_plan_tool_backend(enum tu_plan_tool t);
/* Looks name up among the 8 MAP-PPL names and tutor's aliases ("judge"
 * = CodeInterpreterTool, "course_search" = CodeDocsSearchTool); exact
 * case.  false when unknown. */
bool tu_plan_tool_lookup(const char *name, enum tu_plan_tool *out);

/* ---- the plan ----------------------------------------------------------- */

struct tu_plan_agent {
	const char *role, *goal, *backstory;
	const char **tools;            /* n_tools names as written */
	size_t n_tools;
};

struct tu_plan_step {
	const char *id, *agent, *objective, *instruction, *expected_output;
	const char *tool;              /* NULL: no tool (JSON null) */
	bool requires_human_input;     /* a learner-facing step */
	const char **depends_on;       /* n_deps step ids */
	size_t n_deps;
	size_t subtask;                /* index into plan->subtasks */
};

/* A subtask's steps are plan->steps[first_step .. first_step + n_steps). */
struct tu_plan_subtask {
	const char *id, *name, *objective;
	size_t first_step, n_steps;
};

/* A loop condition "<step>.<flag> == <value>" (true = run again). */
struct tu_plan_cond {
	bool ok;                       /* parsed; step/flag/value are set */
	const char *step, *flag, *value;
};

struct tu_plan_loop {
	const char **steps;            /* n_steps step ids, in order */
	size_t n_steps;
	bool single_form;              /* written as "step": "S2-1" */
	const char *condition;         /* as written */
	struct tu_plan_cond cond;
	int64_t max_iterations;        /* 0 when absent or unreadable */
};

enum tu_plan_entry_kind { TU_PLAN_ENTRY_STEP, TU_PLAN_ENTRY_LOOP };

struct tu_plan_entry {
	enum tu_plan_entry_kind kind;
	const char *step;              /* TU_PLAN_ENTRY_STEP */
	struct tu_plan_loop loop;      /* TU_PLAN_ENTRY_LOOP */
};

struct tu_plan_input {
	const char *query, *about_me;
	const char **tags;
	size_t n_tags;
};

/* The JSON shape a plan was read from, and is written back in. */
enum tu_plan_form {
	TU_PLAN_FORM_ROW,      /* {question_id, profile_index, plan:{input, output}} */
	TU_PLAN_FORM_IO,       /* {input, output} */
	TU_PLAN_FORM_OUTPUT    /* {agents, subtasks, execution_order} */
};

struct tu_plan_arena;

struct tu_plan {
	enum tu_plan_form form;
	const char *question_id;       /* ROW form; NULL otherwise */
	int64_t profile_index;         /* ROW form; -1 otherwise */
	bool has_input;
	struct tu_plan_input input;    /* empty strings when !has_input */
	struct tu_plan_agent *agents;
	size_t n_agents;
	struct tu_plan_subtask *subtasks;
	size_t n_subtasks;
	struct tu_plan_step *steps;    /* all steps, subtask by subtask */
	size_t n_steps;
	struct tu_plan_entry *order;   /* execution_order */
	size_t n_order;
	struct tu_plan_arena *arena;   /* owns all of the above */
};

/* An empty plan (nothing to free).  Never fails. */
void tu_plan_init(struct tu_plan *p);
/* Frees everything p owns and leaves it as tu_plan_init does; p may be
 * empty or NULL. */
void tu_plan_release(struct tu_plan *p);

/* ---- violations ---------------------------------------------------------- */

enum tu_plan_severity { TU_PLAN_ERROR, TU_PLAN_WARNING };

/* The rule a violation breaks; tu_plan_rule_code names it (docs/plans.md
 * "Validator rules" lists them all with their severity). */
enum tu_plan_rule {
	TU_PLAN_R_JSON,            /* P01 not JSON, or over TU_PLAN_DOC_MAX */
	TU_PLAN_R_LIMIT,           /* P02 a count or length over its limit */
	TU_PLAN_R_SCHEMA,          /* P03 missing field or wrong type */
	TU_PLAN_R_UNKNOWN_KEY,     /* P04 a key the schema lacks (warning) */
	TU_PLAN_R_DUP_ID,          /* P05 duplicate agent role/subtask/step id */
	TU_PLAN_R_AGENT_UNKNOWN,   /* P06 a step's agent is not declared */
	TU_PLAN_R_AGENT_UNUSED,    /* P07 a declared agent runs no step */
	TU_PLAN_R_TOOL_UNKNOWN,    /* P08 a tool outside the whitelist */
	TU_PLAN_R_TOOL_NOT_ALLOWED,/* P09 a step's tool not in its agent's */
	TU_PLAN_R_DEP_UNRESOLVED,  /* P10 depends_on names no step */
	TU_PLAN_R_CYCLE,           /* P11 a dependency cycle */
	TU_PLAN_R_ORDER_MISSING,   /* P12 a step absent from execution_order */
	TU_PLAN_R_ORDER_DUP,       /* P13 a step listed twice */
	TU_PLAN_R_ORDER_UNKNOWN,   /* P14 execution_order names no step */
	TU_PLAN_R_ORDER_DEP,       /* P15 a dependency ordered after its step */
	TU_PLAN_R_LOOP_CONDITION,  /* P16 bad condition or its step not inside */
	TU_PLAN_R_LOOP_BOUNDS,     /* P17 max_iterations outside 2..5 */
	TU_PLAN_R_LOOP_RESOLUTION, /* P18 no resolution step after the loop */
	TU_PLAN_R_NO_LEARNER,      /* P19 no requires_human_input step */
	TU_PLAN_R_BACKSTORY,       /* W01 backstory does not open "You are" */
	TU_PLAN_R_IMPERATIVE,      /* W02 instruction opens with no verb */
	TU_PLAN_R_LENGTH,          /* W03 over a length budget of anchors 5.3 */
	TU_PLAN_R_RESOLUTION_INDIRECT, /* W04 the step after a loop depends on
				      a loop step, not the condition step */
	TU_PLAN_R_N
};

/* "P01".."P19", "W01".."W04"; "?" out of range. */
const char *tu_plan_rule_code(enum tu_plan_rule r);
/* A short name: "json", "limit", "schema", ..., "length-budget". */
const char *tu_plan_rule_name(enum tu_plan_rule r);

struct tu_plan_violation {
	enum tu_plan_severity severity;
	enum tu_plan_rule rule;
	char path[160];                /* "$.output.subtasks[0].steps[2].tool" */
	char reason[352];
};

/* Violations in the order found; at most TU_PLAN_VIOLATIONS_MAX are kept
 * (truncated is then set; errors and warnings still count them all). */
struct tu_plan_report {
	struct tu_plan_violation *v;
	size_t n, cap;
	size_t errors, warnings;
	bool truncated;
};

void tu_plan_report_init(struct tu_plan_report *r);
/* Frees r's array; r is left empty (as after init). */
void tu_plan_report_release(struct tu_plan_report *r);
/* Drops every violation, keeping the array. */
void tu_plan_report_clear(struct tu_plan_report *r);
/* Appends one violation (printf-style reason); counts it even when the
 * array is full or an allocation fails (then truncated is set). */
void tu_plan_report_add(struct tu_plan_report *r, enum tu_plan_severity s,
			enum tu_plan_rule rule, const char *path,
			const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));
/* How many violations of rule r holds (kept ones only). */
size_t tu_plan_report_count(const struct tu_plan_report *r,
			    enum tu_plan_rule rule);

/* ---- codec --------------------------------------------------------------- */

/*
 * Parses buf[0..len) (need not be NUL-terminated) into p, which must be
 * empty (tu_plan_init or released).  Accepts a dataset row, a bare
 * {input, output} or a bare output; paths in violations are those of the
 * document ("$.plan.output.agents[0].role" in a row).
 *
 * Lenient by design: every schema or limit violation is appended to rep
 * (may be NULL) and reading goes on with what can be read (a missing
 * string reads as "", a missing array as empty, a bad order entry is
 * skipped, entries over a limit are dropped), so that tu_plan_validate can
 * report the rest.  Returns TU_OK when no error was found; TU_EPARSE (not
 * JSON, or schema errors; err has the first message, p holds what could
 * be read), TU_ERANGE (over a limit; likewise), TU_ENOMEM (p is empty).
 * Unknown keys are warnings only.  Release p in every case.
 */
enum tu_status tu_plan_parse(const char *buf, size_t len, struct tu_plan *p,
			     struct tu_plan_report *rep, struct tu_err *err);

/* The same from a tree the caller keeps owning (read only). */
enum tu_status tu_plan_from_json(const json_t *root, struct tu_plan *p,
				 struct tu_plan_report *rep,
				 struct tu_err *err);

/*
 * A new jansson tree for p in p->form (the caller owns it: json_decref);
 * NULL on allocation failure.  Keys come in schema order; a tool of NULL
 * is written as null; a loop in single form as "step".
 */
json_t *tu_plan_to_json(const struct tu_plan *p);

/*
 * p as JSON text (flags as for json_dumps: JSON_COMPACT, JSON_INDENT(2))
 * into *out (NUL-terminated, the caller frees it with free()); *len may
 * be NULL.  TU_ENOMEM on failure (then *out is NULL).  Parsing the text
 * gives back an equal plan (the round trip of tests/plan).
 */
enum tu_status tu_plan_write(const struct tu_plan *p, size_t flags,
			     char **out, size_t *len, struct tu_err *err);

/* ---- validator ------------------------------------------------------------ */

/*
 * Appends to rep every violation of the semantic rules P05..P19 and the
 * warnings W01..W04 (docs/plans.md): duplicate ids, unknown or unused
 * agents, tools outside the whitelist or the agent's tools, unresolved
 * dependencies, cycles (the reason lists the cycle's steps), execution
 * order (each step exactly once, each dependency before its step), loops
 * (condition syntax, its step inside the loop, max_iterations in 2..5, a
 * later step depending on the condition step), at least one learner-facing
 * step (W04 when the step after depends on another loop step).  Paths use prefix ("$" for a bare output, "$.output", or
 * "$.plan.output" for a row; NULL picks it from p->form).  Returns the
 * number of errors appended.  p is only read.
 */
size_t tu_plan_validate(const struct tu_plan *p, const char *prefix,
			struct tu_plan_report *rep);

/*
 * tu_plan_parse then, when parsing got that far (valid JSON of one of the
 * three forms), tu_plan_validate; p holds the plan (release it).  rep
 * (may be NULL) receives every violation.  Returns TU_OK when there is no
 * error; otherwise err has the first error and the status is TU_ERANGE
 * when that is a limit (a document over TU_PLAN_DOC_MAX included), else
 * TU_EPARSE; TU_ENOMEM.
 */
enum tu_status tu_plan_check(const char *buf, size_t len, struct tu_plan *p,
			     struct tu_plan_report *rep, struct tu_err *err);

/* The output prefix of p's form: "$", "$.output" or "$.plan.output". */
const char *tu_plan_output_path(const struct tu_plan *p);

/* ---- scorers (deterministic, no LLM; formulas in docs/plans.md) ---------- */

/* R_struct of anchors 5.4 and its components, all in [0, 1]. */
struct tu_plan_struct_score {
	double dag;           /* 1 when the resolved dependencies are acyclic */
	double dep_complete;  /* resolved depends_on / declared (1 if none) */
	double atr;           /* agent-tool relevance, lexical proxy */
	double sim;           /* structural similarity to gold; NaN no gold */
	double sim_parts[5];  /* Jaccard: roles, subtask names, step ids,
				 edges, tools */
	double r_struct;      /* 0.25 dag + 0.25 dc + 0.20 atr + 0.30 sim
				 (sim taken as 0 without gold) */
};

/* Scores p against gold (NULL: no similarity).  Pure. */
void tu_plan_struct_score(const struct tu_plan *p, const struct tu_plan *gold,
			  struct tu_plan_struct_score *out);

/* Jaccard of the tokens (tu_retr_tokenize) of a's and b's text: agent
 * roles, goals and backstories, subtask names and objectives, step
 * objectives, instructions and expected outputs.  1 when both are empty.
 * TU_ENOMEM is reported as NaN. */
double tu_plan_text_sim(const struct tu_plan *a, const struct tu_plan *b);

/* Counterfactual personalisation: text_sim(p, gold) - text_sim(p,
 * swapped), in [-1, 1], where swapped is a plan made for another profile
 * (of the same question). */
double tu_plan_pers_counterfactual(const struct tu_plan *p,
				   const struct tu_plan *gold,
				   const struct tu_plan *swapped);

/* Lexical grounding: share of p's learner-facing steps whose instruction
 * mentions one of the profile's top_tags or one of its about_me words
 * (tokens of >= 4 bytes not in the query).  profile is usually &p->input;
 * NaN when p has no learner-facing step. */
double tu_plan_pers_grounding(const struct tu_plan *p,
			      const struct tu_plan_input *profile);

/* The six pedagogical phases of R_ped lite, in canonical order. */
enum tu_plan_phase {
	TU_PLAN_PH_PROBE, TU_PLAN_PH_DEMONSTRATE, TU_PLAN_PH_APPLY,
	TU_PLAN_PH_VALIDATE, TU_PLAN_PH_FEEDBACK, TU_PLAN_PH_CONSOLIDATE,
	TU_PLAN_PH_N,
	TU_PLAN_PH_NONE = TU_PLAN_PH_N
};

/* "probe", "demonstrate", ...; "none". */
const char *tu_plan_phase_name(enum tu_plan_phase ph);
/* The phase the keywords of text[0..n) point to (most hits; ties to the
 * earlier phase); TU_PLAN_PH_NONE when none matches. */
enum tu_plan_phase tu_plan_phase_of(const char *text, size_t n);

/* Subtask-precedence counts mined from gold plans: before[a][b] = how
 * often a subtask of phase a precedes one of phase b. */
struct tu_plan_prec {
	uint32_t before[TU_PLAN_PH_N][TU_PLAN_PH_N];
	uint32_t plans;
};

void tu_plan_prec_init(struct tu_plan_prec *pr);
/* Adds gold's subtask pairs to pr. */
void tu_plan_prec_add(struct tu_plan_prec *pr, const struct tu_plan *gold);

struct tu_plan_ped_score {
	bool checks[5];       /* probe in first 50 %, validate, feedback,
				 consolidate in last 40 %, canonical order */
	double phase;         /* mean of the checks */
	double prec;          /* subtask-precedence compatibility; NaN when
				 pr is NULL */
	double r_ped;         /* 0.5 prec + 0.5 phase (phase alone w/o pr) */
	uint32_t phase_steps[TU_PLAN_PH_N];   /* steps per phase */
};

/* R_ped lite of p; pr (may be NULL) the mined gold pairs.  Pure. */
void tu_plan_ped_score(const struct tu_plan *p, const struct tu_plan_prec *pr,
		       struct tu_plan_ped_score *out);

/* Tier-1 rule metrics of anchors 5.5 computable without an LLM. */
struct tu_plan_tier1 {
	bool schema_valid;    /* SchemaValid_Pass: its 6 checks */
	double tool_agent_perm; /* ToolAgent_Perm; NaN when no step has a tool */
	double topo_consist;  /* Topo_Consist; 1 when there is no edge */
};

/* From p and the report of tu_plan_check on it. */
void tu_plan_tier1(const struct tu_plan *p, const struct tu_plan_report *rep,
		   struct tu_plan_tier1 *out);

/* ---- `tutor eval plans`: the dataset accumulator -------------------------- */

/*
 * The planner the evaluation will compare with gold (issue 10 part 2):
 * makes a plan for in (query and profile) into out (empty on entry; the
 * callee fills it, the caller releases it).  Not yet built: pass NULL.
 */
typedef enum tu_status (*tu_plan_planner_fn)(void *ctx,
					     const struct tu_plan_input *in,
					     struct tu_plan *out,
					     struct tu_err *err);

/* Running means of a planner against gold; n = 0 when none ran. */
struct tu_plan_planner_stats {
	size_t n, valid, failed;        /* plans made, valid, planner errors */
	double human_share;             /* learner-facing steps / steps */
	double struct_sim, pers_cf, r_ped;
	/* over the rows with a swapped profile: text similarity of the plan
	 * to gold and to the plan for the swapped profile (pers_cf is their
	 * difference), and the plan's lexical grounding in its own profile
	 * and in the swapped one (tu_plan_pers_grounding) */
	double gold_text_sim, swap_text_sim;
	double grounding_own, grounding_swapped;
};

struct tu_plan_eval_row;

/* Accumulates gold rows (each parsed and validated) and, later, a
 * planner's plans.  Owns its rows. */
struct tu_plan_eval {
	struct tu_plan_eval_row *rows;
	size_t n_rows, cap_rows;
	size_t bad_rows;                /* not parsed into a plan at all */
	size_t err_plans, warn_plans;   /* plans with >= 1 error / warning */
	size_t rule_err[TU_PLAN_R_N];   /* plans breaking rule (as error) */
	size_t rule_warn[TU_PLAN_R_N];  /* plans breaking rule (as warning) */
	size_t viol_err[TU_PLAN_R_N];   /* violations of rule (errors) */
	size_t viol_warn[TU_PLAN_R_N];
	struct tu_plan_prec prec;
};

/* The numbers of the report (tu_plan_eval_summary). */
struct tu_plan_eval_summary {
	size_t plans, questions, multi_profile_questions;
	double agents, subtasks, steps;         /* means per plan */
	size_t agents_min, agents_max, subtasks_min, subtasks_max;
	size_t steps_min, steps_max, steps_total;
	double human_share;                     /* over all steps */
	size_t loops, plans_with_loop, loops_single_form;
	size_t tool_use[TU_PLAN_TOOL_N];        /* steps using each tool */
	size_t tool_other;                      /* steps with another tool */
	double schema_valid, tool_agent_perm, topo_consist;   /* means */
	double dag, dep_complete, atr;          /* R_struct parts, means */
	double r_ped, ped_phase, ped_prec;      /* means */
	double ped_checks[5];                   /* share passing each */
	double grounding;                       /* mean over plans with one */
	double grounding_own;                   /* over the profile pairs: own */
	double grounding_swapped;               /* ... and swapped profile */
	double cross_text_sim;                  /* same question, 2 profiles */
	double pers_cf;                         /* 1 - cross_text_sim */
	double cross_parts[5];                  /* struct Jaccards, same q */
	size_t pairs;                           /* profile pairs used */
};

void tu_plan_eval_init(struct tu_plan_eval *ev);
void tu_plan_eval_release(struct tu_plan_eval *ev);

/*
 * Parses and validates one JSON line (a dataset row) and keeps it.  rep
 * (may be NULL) receives its violations (cleared first).  Returns TU_OK
 * (also when the plan has violations: they are counted), TU_ENOMEM, or
 * TU_EPARSE when the row is not a plan at all (counted in bad_rows).
 */
enum tu_status tu_plan_eval_add(struct tu_plan_eval *ev, const char *line,
				size_t len, struct tu_plan_report *rep,
				struct tu_err *err);

/* Mines the precedence pairs from all rows, then computes the summary.
 * TU_ENOMEM possible (text similarity). */
enum tu_status tu_plan_eval_summary(struct tu_plan_eval *ev,
				    struct tu_plan_eval_summary *out);

/*
 * Runs fn on every kept row's input and scores its plans against the
 * row's gold: validity rate, learner-facing share, structural similarity,
 * counterfactual personalisation (against fn's plan for another profile of
 * the same question, when there is one) and R_ped.  fn NULL: out->n = 0
 * ("planner: not yet built").  Returns TU_ENOMEM or TU_OK (planner errors
 * are counted in out->failed).
 */
enum tu_status tu_plan_eval_planner(struct tu_plan_eval *ev,
				    tu_plan_planner_fn fn, void *ctx,
				    struct tu_plan_planner_stats *out);

/* ---- the planner (src/plan/planner.c; docs/plans.md "Planner") ---------- */

/* The learner's level when the caller knows it (a hint). */
enum tu_plan_level {
	TU_PLAN_LEVEL_UNKNOWN,         /* infer from tags and about_me */
	TU_PLAN_LEVEL_BEGINNER,
	TU_PLAN_LEVEL_INTERMEDIATE,
	TU_PLAN_LEVEL_ADVANCED
};

/* What a plan is made for; the caller owns every string (read only). */
struct tu_plan_request {
	const char *query;             /* the question, required */
	const char *about_me;          /* the learner's bio; NULL = "" */
	const char *const *tags;       /* n_tags top tags, most familiar first */
	size_t n_tags;
	enum tu_plan_level level;      /* hint; TU_PLAN_LEVEL_UNKNOWN = infer */
	const char *persona;           /* learner's name for the text; NULL */
};

/*
 * Makes a plan for req into out (empty on entry: tu_plan_init; the caller
 * releases it), in the {input, output} form.  Deterministic and pure: the
 * same request gives a byte-identical plan (tu_plan_write).  Stage 1
 * picks the intent (diagnose, usage, compare, concept) by keywords, the
 * level (experienced: a tag names a query word, or the bio says senior,
 * years, engineer...), the main technology and a bridge anchor from the
 * tags, and three agents; stage 2 writes 4 subtasks and 10 steps (probe,
 * predict-first or explain-first, a practice loop submission -> validation
 * -> feedback with max_iterations 3 and a resolution step, consolidate)
 * that pass tu_plan_validate without errors.  TU_EINVAL (no query, text
 * not UTF-8), TU_ERANGE (over a TU_PLAN_* limit), TU_ENOMEM; out is then
 * empty.
 */
enum tu_status tu_plan_generate(const struct tu_plan_request *req,
				struct tu_plan *out, struct tu_err *err);

#endif
