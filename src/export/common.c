/*
 * common.c - the pieces both exporters share (export_internal.h): the
 * decoding walk over the log, ISO 8601 times, RFC 4180 fields,
 * name-based UUIDs, IRI escaping, CodeState ids and tolerant readers of
 * the agents' outputs.
 *
 * Outputs are read tolerantly on purpose: they describe what the agents
 * said, their shape may grow, and an absent or oddly typed member means
 * "nothing to export" rather than a broken log.  Payloads, in contrast,
 * are decoded strictly by the event codec.
 */
#include "export_internal.h"

#include <inttypes.h>
#include <string.h>
#include <time.h>

#include "tutor/content.h"
#include "tutor/json.h"

#define MAX_TIME INT64_C(253402300799)  /* 9999-12-31T23:59:59Z */

/* ---- arguments ----------------------------------------------------------- */

static bool id_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

enum tu_status tu__export_check(struct tu_store *s, const char *learner,
				const char *course, struct tu_err *err)
{
	struct tu_learner_row row;
	size_t n;

	if (!s || !course)
		return tu_err_set(err, TU_EINVAL, "export: no store or course");
	n = strlen(course);
	if (n == 0 || n >= TU_ID_MAX)
		return tu_err_set(err, TU_EINVAL, "course id '%s': must be "
				  "1..%d bytes", course, TU_ID_MAX - 1);
	for (size_t i = 0; i < n; i++)
		if (!id_char(course[i]))
			return tu_err_set(err, TU_EINVAL, "course id '%s': "
					  "only [A-Za-z0-9._-] allowed",
					  course);
	if (!learner)
		return TU_OK;
	return tu_store_learner_get(s, learner, &row, err);
}

/* ---- the walk -------------------------------------------------------------- */

static void xev_release(struct tu__xev *x)
{
	tu_event_in_release(&x->in);
	json_decref(x->outputs);
	x->outputs = NULL;
}

/* Re-labels why (a message about the event's parts) with the event:
 * "event 12 (submission): <what><why>"; TU_ENOMEM and TU_ERANGE keep
 * their code, anything else is TU_ECORRUPT. */
static enum tu_status corrupt(const struct tu_event *ev, const char *what,
			      const struct tu_err *why, struct tu_err *err)
{
	enum tu_status code = why->code;

	if (code != TU_ENOMEM && code != TU_ERANGE)
		code = TU_ECORRUPT;
	return tu_err_set(err, code, "event %" PRIu64 " (%s): %s%s", ev->seq,
			  ev->type, what, why->msg);
}

static enum tu_status parse_outputs(const struct tu_event *ev,
				    struct tu__xev *x, struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;

	if (ev->outputs_len == 0)
		return TU_OK;
	if (tu_json_load(ev->outputs, ev->outputs_len, TU__OUTPUTS_MAX, NULL,
			 &x->outputs, &e)) {
		if (e.code == TU_ERANGE)
			e.code = TU_ECORRUPT;  /* stored outputs too big */
		return corrupt(ev, "outputs: ", &e, err);
	}
	if (!json_is_object(x->outputs)) {
		tu_err_set(&e, TU_ECORRUPT, "$: expected an object, got %s",
			   tu_json_type_name(x->outputs));
		return corrupt(ev, "outputs: ", &e, err);
	}
	return TU_OK;
}

static enum tu_status xev_decode(const struct tu_event *ev, struct tu__xev *x,
				 struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;
	enum tu_event_type t;

	tu_event_in_init(&x->in);
	x->outputs = NULL;
	x->row = ev;
	if (tu_event_type_parse(ev->type, &t, &e))
		return corrupt(ev, "", &e, err);
	if (tu__iso_time(ev->at, x->when, &e))
		return corrupt(ev, "", &e, err);
	if (tu_event_payload_decode(t, ev->at, ev->payload, ev->payload_len,
				    &x->in, &e)) {
		if (e.code == TU_ERANGE)
			e.code = TU_ECORRUPT;  /* a value out of range */
		return corrupt(ev, "", &e, err);
	}
	return parse_outputs(ev, x, err);
}

struct walk {
	tu__xev_fn fn;
	void *ctx;
	struct tu_err *err;
	enum tu_status st;
	uint64_t n;
};

static int on_event(const struct tu_event *ev, void *p)
{
	struct walk *w = p;
	struct tu__xev x;

	w->n++;
	w->st = xev_decode(ev, &x, w->err);
	if (w->st == TU_OK)
		w->st = w->fn(&x, w->ctx, w->err);
	xev_release(&x);
	return w->st != TU_OK;
}

enum tu_status tu__export_walk(struct tu_store *s, const char *learner,
			       tu__xev_fn fn, void *ctx, uint64_t *n_events,
			       struct tu_err *err)
{
	struct walk w = { fn, ctx, err, TU_OK, 0 };
	enum tu_status st;

	st = tu_store_event_each(s, learner, 0, on_event, &w, err);
	if (n_events)
		*n_events = w.n;
	return w.st ? w.st : st;
}

/* ---- formats ---------------------------------------------------------------- */

enum tu_status tu__iso_time(int64_t at, char out[TU__ISO_MAX],
			    struct tu_err *err)
{
	time_t t = (time_t)at;
	struct tm tm;

	out[0] = '\0';
	if (at < 0 || at > MAX_TIME || !gmtime_r(&t, &tm))
		return tu_err_set(err, TU_ERANGE, "time %" PRId64 " is "
				  "outside years 1970..9999", at);
	if (strftime(out, TU__ISO_MAX, "%Y-%m-%dT%H:%M:%SZ", &tm) == 0)
		return tu_err_set(err, TU_EINTERNAL, "time %" PRId64 ": "
				  "cannot format", at);
	return TU_OK;
}

bool tu__csv_field(FILE *f, const char *s)
{
	if (!s)
		return true;
	if (!strpbrk(s, ",\"\r\n"))
		return fputs(s, f) >= 0;
	if (fputc('"', f) == EOF)
		return false;
	for (; *s; s++) {
		if (*s == '"' && fputc('"', f) == EOF)
			return false;
		if (fputc(*s, f) == EOF)
			return false;
	}
	return fputc('"', f) != EOF;
}

static unsigned hex_val(char c)
{
	return c >= 'a' ? (unsigned)(c - 'a' + 10) : (unsigned)(c - '0');
}

void tu__uuid_final(struct tu_hash *h, char out[TU__UUID_LEN + 1])
{
	static const char hex[] = "0123456789abcdef";
	char d[TU_HASH_HEX_LEN + 1];
	size_t o = 0;

	tu_hash_final_hex(h, d);
	d[12] = '5';                                 /* version: name-based */
	d[16] = hex[(hex_val(d[16]) & 3u) | 8u];     /* variant: RFC 4122 */
	for (size_t i = 0; i < 32; i++) {
		if (i == 8 || i == 12 || i == 16 || i == 20)
			out[o++] = '-';
		out[o++] = d[i];
	}
	out[o] = '\0';
}

void tu__iri_escape(const char *s, char *out, size_t cap)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t o = 0;

	if (cap == 0)
		return;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		bool plain = id_char((char)c) || c == '~';

		if (o + (plain ? 1 : 3) >= cap)
			break;
		if (plain) {
			out[o++] = (char)c;
			continue;
		}
		out[o++] = '%';
		out[o++] = hex[c >> 4];
		out[o++] = hex[c & 15];
	}
	out[o] = '\0';
}

void tu__code_state_id(const struct tu_ev_submission *sub,
		       char out[TU__CODE_STATE_LEN + 1])
{
	const char *lang = tu_lang_name(sub->lang);
	char d[TU_HASH_HEX_LEN + 1];
	struct tu_hash h;

	tu_hash_init(&h);
	tu_hash_str(&h, lang, strlen(lang));
	tu_hash_str(&h, sub->code, sub->code_len);
	tu_hash_final_hex(&h, d);
	memcpy(out, d, TU__CODE_STATE_LEN);
	out[TU__CODE_STATE_LEN] = '\0';
}

const char *tu__code_file(enum tu_lang lang)
{
	return lang == TU_LANG_C ? "main.c" : "main.py";
}

/* ---- outputs ------------------------------------------------------------------ */

static const json_t *agent(const struct tu__xev *x, const char *name)
{
	const json_t *o = x->outputs ? json_object_get(x->outputs, name) : NULL;

	return json_is_object(o) ? o : NULL;
}

static const char *nonempty(const json_t *v)
{
	const char *s = json_string_value(v);

	return s && s[0] ? s : NULL;
}

const char *tu__out_feedback_text(const struct tu__xev *x)
{
	const json_t *pf = agent(x, "pedagogical_feedback");
	const char *s;

	if (!pf)
		return NULL;
	s = nonempty(json_object_get(pf, "text"));
	return s ? s : nonempty(json_object_get(pf, "message"));
}

int64_t tu__out_hint_level(const struct tu__xev *x)
{
	const json_t *pf = agent(x, "pedagogical_feedback");
	const json_t *v = pf ? json_object_get(pf, "level") : NULL;

	return json_is_integer(v) ? (int64_t)json_integer_value(v) : 0;
}

/* The first of o's members keys[] that is an array; NULL when none. */
static const json_t *first_array(const json_t *o, const char *const *keys)
{
	for (; o && *keys; keys++) {
		const json_t *a = json_object_get(o, *keys);

		if (json_is_array(a))
			return a;
	}
	return NULL;
}

size_t tu__out_picks(const struct tu__xev *x, const char **items, size_t max)
{
	static const char *const keys[] = { "picks", "plan", NULL };
	const json_t *a = first_array(agent(x, "content_curator"), keys);
	size_t n = 0;

	for (size_t i = 0; i < json_array_size(a) && n < max; i++) {
		const json_t *e = json_array_get(a, i);
		const char *s = json_is_object(e) ?
			nonempty(json_object_get(e, "item")) : nonempty(e);

		if (s)
			items[n++] = s;
	}
	return n;
}

const json_t *tu__out_topics(const struct tu__xev *x)
{
	static const char *const keys[] = { "mastery", "topics", NULL };

	return first_array(agent(x, "learner_profiler"), keys);
}

bool tu__out_topic_at(const json_t *topics, size_t i, const char **topic,
		      double *before, double *after)
{
	const json_t *e = json_array_get(topics, i);
	const json_t *b = json_object_get(e, "before");
	const json_t *a = json_object_get(e, "after");

	*topic = nonempty(json_object_get(e, "topic"));
	if (!*topic || !json_is_number(b) || !json_is_number(a))
		return false;
	*before = json_number_value(b);
	*after = json_number_value(a);
	return true;
}
