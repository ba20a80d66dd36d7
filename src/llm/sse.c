/*
 * sse.c - the incremental server-sent-events parser of tutor/llm.h.
 *
 * A byte-at-a-time state machine, so a chunk may end anywhere (inside a
 * field name, between CR and LF, in the middle of data).  Only "data"
 * fields matter to an OpenAI-compatible stream; "event", "id", "retry"
 * and ':' comment lines (keep-alives) are skipped.  Memory is bounded by
 * max_event.  Pure: no I/O, no globals.
 */
#include <stdlib.h>
#include <string.h>
#include "tutor/llm.h"

enum {
	ST_FIELD = 0,     /* reading a field name at the start of a line */
	ST_DATA_START,    /* after "data:", one optional space */
	ST_DATA,          /* inside a data value */
	ST_SKIP,          /* inside a comment or another field */
	ST_ERROR          /* an event was too large; the parse is over */
};

void tu_sse_init(struct tu_sse *s, size_t max_event)
{
	memset(s, 0, sizeof(*s));
	s->max_event = max_event ? max_event : TU_LLM_SSE_EVENT_MAX;
}

void tu_sse_release(struct tu_sse *s)
{
	size_t max = s->max_event;

	free(s->buf);
	tu_sse_init(s, max);
}

static enum tu_status sse_add(struct tu_sse *s, char c, struct tu_err *err)
{
	if (s->len + 1 > s->max_event) {
		s->state = ST_ERROR;
		return tu_err_set(err, TU_ERANGE,
				  "SSE event over %zu bytes", s->max_event);
	}
	if (s->len + 2 > s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 256;
		char *p;

		if (cap > s->max_event + 1)
			cap = s->max_event + 1;
		p = realloc(s->buf, cap);
		if (!p)
			return tu_err_set(err, TU_ENOMEM,
					  "SSE event: out of memory");
		s->buf = p;
		s->cap = cap;
	}
	s->buf[s->len++] = c;
	return TU_OK;
}

/* A blank line: hands the collected data (trailing LF dropped) over. */
static void sse_dispatch(struct tu_sse *s,
			 int (*on_data)(void *, const char *, size_t),
			 void *ud)
{
	size_t n = s->len;

	s->len = 0;
	if (n > 0 && s->buf[n - 1] == '\n')
		n--;
	if (n == 0)
		return;
	s->buf[n] = '\0';
	if (on_data(ud, s->buf, n) != 0)
		s->stopped = true;
}

/* The end of a line in state ST_FIELD: blank line or a bare field. */
static enum tu_status sse_field_eol(struct tu_sse *s,
				    int (*on_data)(void *, const char *,
						   size_t),
				    void *ud, struct tu_err *err)
{
	bool blank = s->line[0] == '\0';
	bool data = strcmp(s->line, "data") == 0;

	s->line[0] = '\0';
	if (blank) {
		sse_dispatch(s, on_data, ud);
		return TU_OK;
	}
	return data ? sse_add(s, '\n', err) : TU_OK;   /* "data" = "" */
}

/* One byte of a field name (never a line end). */
static void sse_field_char(struct tu_sse *s, char c)
{
	size_t n = strlen(s->line);

	if (c == ':') {
		s->state = strcmp(s->line, "data") == 0 ? ST_DATA_START
							 : ST_SKIP;
		s->line[0] = '\0';
		return;
	}
	if (n + 1 >= sizeof(s->line)) {     /* not a field we read */
		s->state = ST_SKIP;
		s->line[0] = '\0';
		return;
	}
	s->line[n] = c;
	s->line[n + 1] = '\0';
}

static enum tu_status sse_eol(struct tu_sse *s,
			      int (*on_data)(void *, const char *, size_t),
			      void *ud, struct tu_err *err)
{
	int st = s->state;

	s->state = ST_FIELD;
	if (st == ST_FIELD)
		return sse_field_eol(s, on_data, ud, err);
	if (st == ST_DATA || st == ST_DATA_START)
		return sse_add(s, '\n', err);
	return TU_OK;
}

static enum tu_status sse_byte(struct tu_sse *s, char c,
			       int (*on_data)(void *, const char *, size_t),
			       void *ud, struct tu_err *err)
{
	if (s->pending_cr) {
		s->pending_cr = false;
		if (c == '\n')
			return TU_OK;           /* the LF of a CRLF */
	}
	if (c == '\r' || c == '\n') {
		s->pending_cr = c == '\r';
		return sse_eol(s, on_data, ud, err);
	}
	switch (s->state) {
	case ST_FIELD:
		sse_field_char(s, c);
		return TU_OK;
	case ST_DATA_START:
		s->state = ST_DATA;
		return c == ' ' ? TU_OK : sse_add(s, c, err);
	case ST_DATA:
		return sse_add(s, c, err);
	default:
		return TU_OK;
	}
}

enum tu_status tu_sse_feed(struct tu_sse *s, const char *chunk, size_t n,
			   int (*on_data)(void *ud, const char *data,
					  size_t len),
			   void *ud, struct tu_err *err)
{
	if (s->state == ST_ERROR)
		return tu_err_set(err, TU_ERANGE, "SSE event over %zu bytes",
				  s->max_event);
	for (size_t i = 0; i < n && !s->stopped; i++) {
		enum tu_status rc = sse_byte(s, chunk[i], on_data, ud, err);

		if (rc != TU_OK)
			return rc;
	}
	return TU_OK;
}
