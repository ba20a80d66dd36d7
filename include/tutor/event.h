/*
 * tutor/event.h - the events the orchestrator accepts, as C values and as
 * the JSON payloads stored in the event log.
 *
 * An event is what happened (a submission with its judged result, a hint
 * request, a session check-in, ...), stamped with its time.  Everything an
 * agent needs to react to it is inside the event, so that replaying the
 * log through the same agents rebuilds the same state: in particular a
 * submission carries the judge's verdict, per-test counts and tags, never
 * "run this later".
 *
 * Payload codec: strict (tutor/json.h style), bounded (TU_EVENT_JSON_MAX,
 * TU_JUDGE_MAX_SOURCE of code), messages name the JSON path.  The payload
 * does not include the type or time: those are columns of the log.
 *
 * Two events record rather than trigger: "assist" (what an LLM-backed use
 * of tutor/assist.h showed the learner, with the path that served it and
 * the prompt version; no agent handles it, only the version advances)
 * and "goals_stated" (goal components extracted from the learner's own
 * words, which the learner profiler merges into the state's goals).
 * Neither ever holds an API key: the codec has no field for one.  A third,
 * "plan", records the run of a study plan (tutor/plan_run.h): the plan
 * when it starts, each step as it completes (flags, the learner's answer,
 * what the tutor showed), its end; replaying a plan's events restores the
 * run after a restart, and no agent handles them.
 *
 * Ownership: struct tu_event_in owns its code buffer (tu_event_in_release).
 * Pure: no I/O, no clock.
 */
#ifndef TUTOR_EVENT_H
#define TUTOR_EVENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/err.h"
#include "tutor/judge.h"
#include "tutor/learner.h"

#define TU_EVENT_JSON_MAX (TU_JUDGE_MAX_SOURCE * 8u + 65536u)
#define TU_EVENT_TAGS_MAX 16
#define TU_EVENT_FAILED_MAX 3     /* failing tests kept per submission */
#define TU_EVENT_FINDINGS_MAX 8   /* review findings kept per submission */
#define TU_EVENT_MSG_MAX 256
#define TU_EVENT_TEXT_MAX 4096    /* bytes of an assist event's text */
#define TU_EVENT_GOALS_MAX 8      /* goal components per goals_stated */
#define TU_EVENT_PLAN_MAX (256u * 1024u) /* bytes of a plan in "plan" start */
#define TU_EVENT_PLAN_FLAGS_MAX 4 /* flags one plan step sets */
#define TU_EVENT_PLAN_STEP_MAX 128 /* bytes of a plan step id, with NUL */

enum tu_event_type {
	TU_EV_LEARNER_CREATED = 0, /* "learner_created": initial preferences */
	TU_EV_PREFERENCES,         /* "preferences": change preferences */
	TU_EV_SUBMISSION,          /* "submission": on_submission */
	TU_EV_HINT_REQUEST,        /* "hint_request": on_hint_request */
	TU_EV_SESSION_CHECK,       /* "session_check": on_session_check */
	TU_EV_DAILY_GENERATION,    /* "daily_generation": on_daily_generation */
	TU_EV_REVIEW_DUE,          /* "review_due": on_review_due */
	TU_EV_ASSIST,              /* "assist": recorded, no agent */
	TU_EV_GOALS_STATED,        /* "goals_stated": on_goals_stated */
	TU_EV_PLAN                 /* "plan": recorded, no agent */
};
#define TU_EV_TYPES 10

/* learner_created / preferences.  For "preferences" only the fields
 * flagged in `set` change (bit i = field i in the order below). */
struct tu_ev_prefs {
	enum tu_skill_level skill_level;
	char language[TU_SHORT_MAX];
	uint32_t time_budget_min;
	enum tu_scheduler scheduler;
	int32_t utc_offset_min;
	bool nudges;                 /* false adds the "nudges" opt-out */
	uint32_t set;                /* TU_PREF_* bits */
};
#define TU_PREF_SKILL    (1u << 0)
#define TU_PREF_LANGUAGE (1u << 1)
#define TU_PREF_BUDGET   (1u << 2)
#define TU_PREF_SCHED    (1u << 3)
#define TU_PREF_UTC      (1u << 4)
#define TU_PREF_NUDGES   (1u << 5)
#define TU_PREF_ALL      0x3fu

struct tu_ev_tag {
	char tag[64];
	char topic[64];
	char evidence[TU_EVENT_MSG_MAX];
};

struct tu_ev_failed {
	char name[128];
	char message[TU_EVENT_MSG_MAX];  /* hidden cases: verdict only */
	bool hidden;
};

struct tu_ev_finding {
	char rule[64];
	int line;
	char message[TU_EVENT_MSG_MAX];
};

/* submission: the learner's code and the judge's result on it. */
struct tu_ev_submission {
	char item[TU_ID_MAX];
	enum tu_lang lang;
	char *code;                  /* owned, NUL-terminated */
	size_t code_len;             /* <= TU_JUDGE_MAX_SOURCE */
	enum tu_verdict verdict;     /* never IE: an internal error is not
					an outcome and is not logged */
	uint32_t passed, total;      /* tests passed / run, passed <= total */
	struct tu_ev_tag tags[TU_EVENT_TAGS_MAX];
	size_t n_tags;
	struct tu_ev_failed failed[TU_EVENT_FAILED_MAX];
	size_t n_failed;
	struct tu_ev_finding findings[TU_EVENT_FINDINGS_MAX];
	size_t n_findings;
};

/*
 * assist: what one LLM-backed use showed the learner (tutor/assist.h).
 * use and path are names ("hint", "review", "narrative", "goals", "ask",
 * "plan", "plan_step"; "fallback", "json_schema", "json_object", "text",
 * "cache"); prompt is
 * the prompt file's name and prompt_version its version ("" and 0 when
 * the deterministic path served); model "" for the fallback; reason why
 * the fallback served ("" when the LLM did); refused when a guardrail
 * refused the LLM's answer.  text is valid UTF-8.
 */
struct tu_ev_assist {
	char use[16];
	char item[TU_ID_MAX];        /* "" when not about an item */
	char path[16];
	char prompt[64];
	uint32_t prompt_version;
	char model[128];
	char text[TU_EVENT_TEXT_MAX + 1];
	char reason[256];
	bool refused;
	uint32_t prompt_tokens, completion_tokens;
};

/*
 * goals_stated: goal components from the learner's words.  Each goal's
 * id, dimension, description, metric, threshold (cmp, value), confidence
 * ([0,1]), weight (> 0) and evidence are carried; value and aligned are
 * measured state, not statements, and are not part of the payload.
 */
struct tu_ev_goals {
	struct tu_goal goals[TU_EVENT_GOALS_MAX];
	size_t n;
};

/*
 * plan: one record of a study plan's run (docs/plans.md "Executor").
 *   start  plan_id, plan_json (the plan as compact JSON, at most
 *          TU_EVENT_PLAN_MAX bytes, owned), item (the practice exercise,
 *          "" none), planner ("rules" or "llm");
 *   step   plan_id, step (its id), iteration (1..5; 1 outside a loop),
 *          flags (name [a-z0-9_], value printable), input (what the
 *          learner answered, "" for an automatic step), output (what the
 *          step produced or showed), submission (the event id of the
 *          learner's submission for a code turn, 0 none);
 *   end    plan_id, status ("completed" or "abandoned").
 * Fields of the other kinds are empty.  plan_id is 1..63 bytes of
 * [A-Za-z0-9_.-].
 */
enum tu_ev_plan_kind { TU_PLAN_EV_START, TU_PLAN_EV_STEP, TU_PLAN_EV_END };

struct tu_ev_plan_flag {
	char name[32];
	char value[64];
};

struct tu_ev_plan {
	enum tu_ev_plan_kind kind;
	char plan_id[TU_ID_MAX];
	char *plan_json;             /* start: owned, NUL-terminated */
	size_t plan_len;
	char item[TU_ID_MAX];
	char planner[16];
	char step[TU_EVENT_PLAN_STEP_MAX];
	uint32_t iteration;
	struct tu_ev_plan_flag flags[TU_EVENT_PLAN_FLAGS_MAX];
	size_t n_flags;
	char input[TU_EVENT_TEXT_MAX + 1];
	char output[TU_EVENT_TEXT_MAX + 1];
	int64_t submission;
	char status[16];
};

struct tu_event_in {
	enum tu_event_type type;
	int64_t at;                  /* Unix seconds */
	union {
		struct tu_ev_prefs prefs;        /* created, preferences */
		struct tu_ev_submission sub;     /* submission */
		struct tu_ev_assist assist;      /* assist */
		struct tu_ev_goals goals;        /* goals_stated */
		struct tu_ev_plan plan;          /* plan */
		char item[TU_ID_MAX];            /* hint_request */
		uint32_t k;                      /* session_check, daily_generation:
						    items wanted, 0 = default */
	} u;
	const char *request_id;      /* borrowed; NULL or "": none; else the
					client's id of the request
					(tu_store_request_id_ok): applied at
					most once per learner (tutor/orch.h) */
};

/* Zeroes ev (type LEARNER_CREATED, no code). */
void tu_event_in_init(struct tu_event_in *ev);
/* Frees the code buffer (or a plan's JSON) and re-initialises. */
void tu_event_in_release(struct tu_event_in *ev);

/* "submission", ...; "?" when invalid.  Static. */
const char *tu_event_type_name(enum tu_event_type t);
/* Parses a type name; TU_EINVAL "unknown event type 'x'". */
enum tu_status tu_event_type_parse(const char *s, enum tu_event_type *out,
				   struct tu_err *err);
/* The trigger name of the paper ("on_submission"; "on_goals_stated" for
 * goals_stated) or "" for the learner_created, preferences and assist
 * events, which no agent handles. */
const char *tu_event_trigger_name(enum tu_event_type t);

/*
 * Fills sub from a judge result: verdict, passed/total, up to
 * TU_EVENT_TAGS_MAX tags, the first TU_EVENT_FAILED_MAX failing cases
 * (hidden ones without input or values), the first findings; code is
 * copied.  TU_EINVAL when res is IE or code is too long; TU_ENOMEM.
 */
enum tu_status tu_ev_submission_from_judge(struct tu_ev_submission *sub,
					   const char *item, enum tu_lang lang,
					   const char *code, size_t code_len,
					   const struct tu_judge_result *res,
					   struct tu_err *err);

/* "hint", ... / "fallback", ...: the names an assist event accepts
 * (tutor/assist.h's tu_assist_use_name and tutor/llm.h's
 * tu_llm_path_name give the same); false for anything else. */
bool tu_ev_assist_use_ok(const char *use);
bool tu_ev_assist_path_ok(const char *path);

/*
 * Checks an assist or goals_stated body as the decoder would (names,
 * bounds, UTF-8, NUL-terminated strings, goal ids unique, finite
 * numbers in range).  TU_EINVAL naming the field.  The encoder calls it.
 */
enum tu_status tu_ev_assist_check(const struct tu_ev_assist *a,
				  struct tu_err *err);
enum tu_status tu_ev_goals_check(const struct tu_ev_goals *g,
				 struct tu_err *err);
/* The same for a plan body: kind, ids, iteration 1..5, flags, UTF-8,
 * bounds, a start's plan_json a JSON object, an end's status.  The plan
 * itself is validated by whoever runs it (tutor/plan_run.h). */
enum tu_status tu_ev_plan_check(const struct tu_ev_plan *p,
				struct tu_err *err);

/*
 * Encodes ev's payload (not type or time) as compact JSON with sorted
 * keys into *out (free()).  TU_EINVAL for an invalid event, TU_ENOMEM.
 */
enum tu_status tu_event_payload_encode(const struct tu_event_in *ev,
				       char **out, size_t *len,
				       struct tu_err *err);

/*
 * Decodes a payload of the given type and time into ev (initialised; old
 * contents released on success).  Strict: unknown/missing keys, wrong
 * types, out-of-range values, unknown enum names are TU_EPARSE/TU_ERANGE
 * with the JSON path.  len > TU_EVENT_JSON_MAX is TU_ERANGE.
 */
enum tu_status tu_event_payload_decode(enum tu_event_type type, int64_t at,
				       const char *buf, size_t len,
				       struct tu_event_in *ev,
				       struct tu_err *err);

#endif
