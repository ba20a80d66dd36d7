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

enum tu_event_type {
	TU_EV_LEARNER_CREATED = 0, /* "learner_created": initial preferences */
	TU_EV_PREFERENCES,         /* "preferences": change preferences */
	TU_EV_SUBMISSION,          /* "submission": on_submission */
	TU_EV_HINT_REQUEST,        /* "hint_request": on_hint_request */
	TU_EV_SESSION_CHECK,       /* "session_check": on_session_check */
	TU_EV_DAILY_GENERATION,    /* "daily_generation": on_daily_generation */
	TU_EV_REVIEW_DUE           /* "review_due": on_review_due */
};
#define TU_EV_TYPES 7

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

struct tu_event_in {
	enum tu_event_type type;
	int64_t at;                  /* Unix seconds */
	union {
		struct tu_ev_prefs prefs;        /* created, preferences */
		struct tu_ev_submission sub;     /* submission */
		char item[TU_ID_MAX];            /* hint_request */
		uint32_t k;                      /* session_check, daily_generation:
						    items wanted, 0 = default */
	} u;
};

/* Zeroes ev (type LEARNER_CREATED, no code). */
void tu_event_in_init(struct tu_event_in *ev);
/* Frees the code buffer and re-initialises. */
void tu_event_in_release(struct tu_event_in *ev);

/* "submission", ...; "?" when invalid.  Static. */
const char *tu_event_type_name(enum tu_event_type t);
/* Parses a type name; TU_EINVAL "unknown event type 'x'". */
enum tu_status tu_event_type_parse(const char *s, enum tu_event_type *out,
				   struct tu_err *err);
/* The trigger name of the paper ("on_submission") or "" for the
 * learner_created/preferences events, which no agent handles. */
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
