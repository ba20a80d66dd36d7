/*
 * xapi.c - the event log as xAPI 1.0.3 statements (tutor/export.h).
 *
 *   learner_created  registered (ADL)            object: the course
 *   submission       passed (AC) / failed /      object: the problem
 *                    attempted (CE; never ran)
 *   hint_request     requested-attention         object: the problem
 *                    (TinCan registry)
 *   session_check    initialized (ADL)           object: the course
 *   assist           experienced (ADL)           object: the problem, or
 *                    the course when the text is not about one
 *   preferences, daily_generation, review_due, goals_stated: no
 *   statement (settings, the tutor's own scheduling, and the learner's
 *   plans, not learning experiences).
 *
 * The actor is an account (homePage TU_EXPORT_IRI_BASE, name = learner
 * id): no name, no mailbox.  Statement ids and context registrations are
 * name-based UUIDs (BLAKE2b, common.c), so a re-export gives the same ids
 * and an LRS recognises statements it already has.  Keys are written in
 * a fixed order, reals with 10 significant digits.  What it is not: an
 * LRS client (it writes a file; docs/export.md shows how to POST it).
 */
#include "tutor/export.h"

#include <inttypes.h>
#include <string.h>

#include "export_internal.h"
#include "tutor/content.h"

#define TRY(x)                            \
	do {                              \
		enum tu_status st_ = (x); \
		if (st_)                  \
			return st_;       \
	} while (0)

#define ADL_VERB "http://adlnet.gov/expapi/verbs/"
#define ADL_ACT "http://adlnet.gov/expapi/activities/"
#define EXT TU_EXPORT_IRI_BASE "/xapi/extensions/"
#define LANG "en-US"
#define IRI_MAX (sizeof(TU_EXPORT_IRI_BASE) + sizeof("/course/") + TU_ID_MAX)
#define ITEM_IRI_MAX (IRI_MAX + sizeof("/problem/") + TU__IRI_ID_MAX)

struct xapi {
	FILE *out;
	const char *course;
	char course_iri[IRI_MAX];
	struct tu_export_stats stats;
};

struct verb {
	const char *iri;
	const char *display;
};

static const struct verb V_REGISTERED = { ADL_VERB "registered", "registered" };
static const struct verb V_PASSED = { ADL_VERB "passed", "passed" };
static const struct verb V_FAILED = { ADL_VERB "failed", "failed" };
static const struct verb V_ATTEMPTED = { ADL_VERB "attempted", "attempted" };
static const struct verb V_INITIALIZED = { ADL_VERB "initialized",
					   "initialized" };
static const struct verb V_EXPERIENCED = { ADL_VERB "experienced",
					   "experienced" };
static const struct verb V_HINT = {
	"http://id.tincanapi.com/verb/requested-attention",
	"requested attention"
};

/* ---- building blocks ------------------------------------------------------- */

/* o[k] = v, taking v; on failure o is released: NULL out, NULL in. */
static json_t *put(json_t *o, const char *k, json_t *v)
{
	if (o && json_object_set_new(o, k, v) == 0)
		return o;
	if (!o)
		json_decref(v);
	json_decref(o);
	return NULL;
}

/* Appends v (taken) to a; on failure a is released. */
static json_t *append(json_t *a, json_t *v)
{
	if (a && json_array_append_new(a, v) == 0)
		return a;
	if (!a)
		json_decref(v);
	json_decref(a);
	return NULL;
}

static void statement_id(const struct xapi *xp, const struct tu__xev *x,
			 char out[TU__UUID_LEN + 1])
{
	const struct tu_event *ev = x->row;
	struct tu_hash h;

	tu_hash_init(&h);
	tu_hash_str(&h, "tutor-xapi-statement", 20);
	tu_hash_str(&h, xp->course, strlen(xp->course));
	tu_hash_str(&h, ev->learner, strlen(ev->learner));
	tu_hash_u64(&h, ev->seq);
	tu_hash_str(&h, ev->type, strlen(ev->type));
	tu_hash_u64(&h, (uint64_t)ev->at);
	tu_hash_str(&h, ev->payload, ev->payload_len);
	tu__uuid_final(&h, out);
}

static void registration(const struct xapi *xp, const char *learner,
			 char out[TU__UUID_LEN + 1])
{
	struct tu_hash h;

	tu_hash_init(&h);
	tu_hash_str(&h, "tutor-xapi-registration", 23);
	tu_hash_str(&h, xp->course, strlen(xp->course));
	tu_hash_str(&h, learner, strlen(learner));
	tu__uuid_final(&h, out);
}

static json_t *course_activity(const struct xapi *xp)
{
	return json_pack("{s:s, s:s, s:{s:{s:s}, s:s}}", "objectType",
			 "Activity", "id", xp->course_iri, "definition",
			 "name", LANG, xp->course, "type", ADL_ACT "course");
}

static json_t *problem_activity(const struct xapi *xp, const char *item)
{
	char esc[TU__IRI_ID_MAX], iri[ITEM_IRI_MAX];

	tu__iri_escape(item, esc, sizeof(esc));
	snprintf(iri, sizeof(iri), "%s/problem/%s", xp->course_iri, esc);
	return json_pack("{s:s, s:s, s:{s:{s:s}, s:s, s:s}}", "objectType",
			 "Activity", "id", iri, "definition", "name", LANG,
			 item, "type", ADL_ACT "cmi.interaction",
			 "interactionType", "other");
}

/* context: registration, platform, the course as parent (unless the
 * statement's object is the course itself), extensions (the event's seq
 * plus ext, which it takes; ext may be NULL). */
static json_t *context(const struct xapi *xp, const struct tu__xev *x,
		       bool parent, json_t *ext)
{
	char reg[TU__UUID_LEN + 1];
	json_t *ca = NULL;

	registration(xp, x->row->learner, reg);
	ext = put(ext ? ext : json_object(), EXT "event-seq",
		  json_integer((json_int_t)x->row->seq));
	if (parent)
		ca = json_pack("{s:[o]}", "parent", course_activity(xp));
	return json_pack("{s:s, s:s, s:o*, s:o}", "registration", reg,
			 "platform", "tutor", "contextActivities", ca,
			 "extensions", ext);
}

static enum tu_status no_memory(const struct tu__xev *x, struct tu_err *err)
{
	return tu_err_set(err, TU_ENOMEM, "event %" PRIu64 ": out of memory "
			  "building its statement", x->row->seq);
}

/* Assembles and writes one statement; takes object, result (may be NULL)
 * and ctx. */
static enum tu_status write_statement(struct xapi *xp, const struct tu__xev *x,
				      const struct verb *v, json_t *object,
				      json_t *result, json_t *ctx,
				      struct tu_err *err)
{
	char id[TU__UUID_LEN + 1];
	json_t *st;
	int rc;

	statement_id(xp, x, id);
	st = json_pack("{s:s, s:{s:s, s:{s:s, s:s}}, s:{s:s, s:{s:s}}, "
		       "s:o, s:o*, s:o, s:s}", "id", id, "actor",
		       "objectType", "Agent", "account", "homePage",
		       TU_EXPORT_IRI_BASE, "name", x->row->learner, "verb",
		       "id", v->iri, "display", LANG, v->display, "object",
		       object, "result", result, "context", ctx, "timestamp",
		       x->when);
	if (!st)
		return no_memory(x, err);
	if (fputs(xp->stats.rows ? ",\n" : "\n", xp->out) < 0)
		rc = -1;
	else
		rc = json_dumpf(st, xp->out,
				JSON_COMPACT | JSON_REAL_PRECISION(10));
	json_decref(st);
	if (rc != 0)
		return tu_err_set(err, TU_EIO, "cannot write the statement "
				  "of event %" PRIu64, x->row->seq);
	xp->stats.rows++;
	return TU_OK;
}

/* ---- statements per event ------------------------------------------------------ */

static json_t *misconceptions(const struct tu_ev_submission *s)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < s->n_tags; i++)
		a = append(a, json_pack("{s:s, s:s}", "tag", s->tags[i].tag,
					"topic", s->tags[i].topic));
	return a;
}

static json_t *mastery(const struct tu__xev *x)
{
	const json_t *topics = tu__out_topics(x);
	json_t *a = json_array();
	const char *topic;
	double before, after;

	for (size_t i = 0; a && i < json_array_size(topics); i++)
		if (tu__out_topic_at(topics, i, &topic, &before, &after))
			a = append(a, json_pack("{s:s, s:f, s:f}", "topic",
						topic, "before", before,
						"after", after));
	return a;
}

static json_t *score(const struct tu_ev_submission *s)
{
	if (s->total == 0)
		return NULL;
	return json_pack("{s:f, s:I, s:I, s:I}", "scaled",
			 (double)s->passed / (double)s->total, "raw",
			 (json_int_t)s->passed, "min", (json_int_t)0, "max",
			 (json_int_t)s->total);
}

static enum tu_status st_submission(struct xapi *xp, const struct tu__xev *x,
				    struct tu_err *err)
{
	const struct tu_ev_submission *s = &x->in.u.sub;
	const struct verb *v = s->verdict == TU_VERDICT_AC ? &V_PASSED :
			       s->verdict == TU_VERDICT_CE ? &V_ATTEMPTED :
			       &V_FAILED;
	json_t *result, *ext;

	result = json_pack("{s:b, s:s, s:o*, s:{s:o, s:o}}", "success",
			   s->verdict == TU_VERDICT_AC, "response",
			   tu_verdict_name(s->verdict), "score", score(s),
			   "extensions", EXT "misconceptions",
			   misconceptions(s), EXT "mastery", mastery(x));
	if (!result)
		return no_memory(x, err);
	ext = json_pack("{s:s}", EXT "programming-language",
			tu_lang_name(s->lang));
	return write_statement(xp, x, v, problem_activity(xp, s->item),
			       result, context(xp, x, true, ext), err);
}

static enum tu_status st_hint(struct xapi *xp, const struct tu__xev *x,
			      struct tu_err *err)
{
	int64_t level = tu__out_hint_level(x);
	const char *text = tu__out_feedback_text(x);
	json_t *hint = json_object();
	json_t *result;

	if (level > 0)
		hint = put(hint, "level", json_integer(level));
	if (text)
		hint = put(hint, "text", json_string(text));
	result = json_pack("{s:{s:o}}", "extensions", EXT "hint", hint);
	if (!result)
		return no_memory(x, err);
	return write_statement(xp, x, &V_HINT,
			       problem_activity(xp, x->in.u.item), result,
			       context(xp, x, true, NULL), err);
}

/* What an LLM-backed use showed: the text and how it was served. */
static enum tu_status st_assist(struct xapi *xp, const struct tu__xev *x,
				struct tu_err *err)
{
	const struct tu_ev_assist *a = &x->in.u.assist;
	json_t *result;

	result = json_pack("{s:{s:{s:s, s:s, s:s, s:I, s:s, s:s, s:b, s:s, "
			   "s:I, s:I}}}", "extensions", EXT "assist", "use",
			   a->use, "path", a->path, "prompt", a->prompt,
			   "prompt_version", (json_int_t)a->prompt_version,
			   "model", a->model, "reason", a->reason, "refused",
			   a->refused, "text", a->text, "prompt_tokens",
			   (json_int_t)a->prompt_tokens, "completion_tokens",
			   (json_int_t)a->completion_tokens);
	if (!result)
		return no_memory(x, err);
	return write_statement(xp, x, &V_EXPERIENCED,
			       a->item[0] ? problem_activity(xp, a->item)
					  : course_activity(xp),
			       result, context(xp, x, a->item[0] != '\0', NULL),
			       err);
}

static enum tu_status st_session(struct xapi *xp, const struct tu__xev *x,
				 struct tu_err *err)
{
	const char *picks[TU__PICKS_MAX];
	size_t n = tu__out_picks(x, picks, TU__PICKS_MAX);
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		a = append(a, json_string(picks[i]));
	return write_statement(xp, x, &V_INITIALIZED, course_activity(xp),
			       NULL, context(xp, x, false, json_pack("{s:o}",
			       EXT "recommended", a)), err);
}

static enum tu_status on_event(const struct tu__xev *x, void *ctx,
			       struct tu_err *err)
{
	struct xapi *xp = ctx;

	switch (x->in.type) {
	case TU_EV_LEARNER_CREATED:
		return write_statement(xp, x, &V_REGISTERED,
				       course_activity(xp), NULL,
				       context(xp, x, false, NULL), err);
	case TU_EV_SUBMISSION:
		return st_submission(xp, x, err);
	case TU_EV_HINT_REQUEST:
		return st_hint(xp, x, err);
	case TU_EV_SESSION_CHECK:
		return st_session(xp, x, err);
	case TU_EV_ASSIST:
		return st_assist(xp, x, err);
	default:
		return TU_OK;
	}
}

enum tu_status tu_export_xapi(struct tu_store *s, const char *learner,
			      const char *course, FILE *out,
			      struct tu_export_stats *stats,
			      struct tu_err *err)
{
	struct xapi xp;

	TRY(tu__export_check(s, learner, course, err));
	if (!out)
		return tu_err_set(err, TU_EINVAL, "export: no output stream");
	memset(&xp, 0, sizeof(xp));
	xp.out = out;
	xp.course = course;
	snprintf(xp.course_iri, sizeof(xp.course_iri), "%s/course/%s",
		 TU_EXPORT_IRI_BASE, course);
	if (fputc('[', out) == EOF)
		return tu_err_set(err, TU_EIO, "cannot write the statements");
	TRY(tu__export_walk(s, learner, on_event, &xp, &xp.stats.events,
			    err));
	if (fputs(xp.stats.rows ? "\n]\n" : "]\n", out) < 0 || fflush(out))
		return tu_err_set(err, TU_EIO, "cannot write the statements");
	if (stats)
		*stats = xp.stats;
	return TU_OK;
}
