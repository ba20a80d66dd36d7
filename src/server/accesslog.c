/*
 * accesslog.c - the structured access log: one JSON object per line,
 *
 *   {"time":"2026-11-22T23:41:07.123Z","client":"127.0.0.1",
 *    "method":"GET","route":"learner_next","path":"/api/learners/ada/next",
 *    "status":200,"bytes":412,"duration_ms":0.8,"account":"ada"}
 *
 * "account" is the username (null when anonymous), never a token; the
 * path has no query string (queries may carry anything).  Each line is
 * formatted first and written with one fwrite + fflush under a mutex, so
 * lines from several threads never interleave.
 *
 * What it is not: no rotation (point it at a file and rotate with
 * copytruncate) and no error log (errors go to stderr).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "srv.h"

struct tu_accesslog {
	FILE *f;                  /* borrowed */
	pthread_mutex_t lock;
};

struct tu_accesslog *tu_accesslog_new(FILE *f)
{
	struct tu_accesslog *l;

	if (!f)
		return NULL;
	l = calloc(1, sizeof(*l));
	if (!l)
		return NULL;
	l->f = f;
	pthread_mutex_init(&l->lock, NULL);
	return l;
}

void tu_accesslog_free(struct tu_accesslog *l)
{
	if (!l)
		return;
	pthread_mutex_destroy(&l->lock);
	free(l);
}

/* "2026-11-22T23:41:07.123Z" into buf[cap >= 32]. */
static void iso_time(int64_t ms, char *buf, size_t cap)
{
	time_t t = (time_t)(ms / 1000);
	struct tm tm;

	char sec[32];

	gmtime_r(&t, &tm);
	strftime(sec, sizeof(sec), "%Y-%m-%dT%H:%M:%S", &tm);
	snprintf(buf, cap, "%.20s.%03dZ", sec, (int)(ms % 1000));
}

static int dump_cb(const char *buf, size_t size, void *data)
{
	return tu_sbuf_add(data, buf, size) ? 0 : -1;
}

void tu_accesslog_format(const struct tu_access_entry *e, struct tu_sbuf *b)
{
	char when[40];
	json_t *o;

	iso_time(e->time_ms, when, sizeof(when));
	o = json_pack("{s:s,s:s,s:s,s:s,s:s?,s:i,s:I,s:f,s:o}",
		      "time", when, "client", e->client ? e->client : "",
		      "method", e->method ? e->method : "",
		      "route", e->route ? e->route : "",
		      "path", e->path,
		      "status", e->status, "bytes", (json_int_t)e->bytes,
		      "duration_ms", e->duration_ms,
		      "account", e->account && e->account[0] ?
				 json_string(e->account) : json_null());
	if (!o)
		return;
	json_dump_callback(o, dump_cb, b, JSON_COMPACT | JSON_PRESERVE_ORDER |
			   JSON_REAL_PRECISION(6));
	tu_sbuf_add(b, "\n", 1);
	json_decref(o);
}

void tu_accesslog_write(struct tu_accesslog *l,
			const struct tu_access_entry *e)
{
	struct tu_sbuf b;

	if (!l)
		return;
	tu_sbuf_init(&b, 64 * 1024);
	tu_accesslog_format(e, &b);
	if (b.len && !b.over) {
		pthread_mutex_lock(&l->lock);
		fwrite(b.p, 1, b.len, l->f);
		fflush(l->f);
		pthread_mutex_unlock(&l->lock);
	}
	tu_sbuf_release(&b);
}
