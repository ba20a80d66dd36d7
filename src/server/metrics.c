/*
 * metrics.c - Prometheus counters of the server, lock-free (relaxed
 * atomics: a scrape may see one request's counter before its histogram
 * bucket, never a torn value), and the text exposition for /metrics:
 *
 *   tutor_http_requests_total{route,status}      counter
 *   tutor_http_request_duration_seconds{route}   histogram
 *   tutor_judge_queue_depth, tutor_judge_running gauges
 *   tutor_judge_jobs_total{status}               counter
 *   tutor_sessions                               gauge (live sessions)
 *   tutor_uptime_seconds                         gauge
 *   tutor_contexts                               gauge (per-thread store
 *                                                + orchestrator contexts)
 *   tutor_heap_bytes{kind="in_use"|"free"|"sqlite"}  gauge (glibc's
 *                                                mallinfo2: allocated vs
 *                                                held free; of in_use,
 *                                                what SQLite holds)
 *   tutor_state_cache_learners, _bytes             gauges (the shared
 *                                                learner-state cache)
 *   tutor_state_cache_total{result="hit"|"miss"|"eviction"}   counter
 *
 * Routes are the route table's names plus "static", "not_found",
 * "method_not_allowed" and "other" for requests no route matched.
 * Statuses are counted in a fixed set of slots (the ones the server
 * sends; anything else counts under its class, e.g. "5xx").
 */
#include <malloc.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "jobs.h"
#include "srv.h"

static const int statuses[] = {
	200, 201, 202, 204, 304, 400, 401, 403, 404, 405, 409, 413, 415,
	429, 500, 503
};
#define N_STATUS (sizeof(statuses) / sizeof(statuses[0]))
#define N_SLOTS (N_STATUS + 5)   /* + 1xx..5xx classes */

static const double bounds[] = {
	0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5,
	1, 2.5, 5, 10
};
#define N_BOUNDS (sizeof(bounds) / sizeof(bounds[0]))

static const char *const extra_names[] = {
	"static", "not_found", "method_not_allowed", "other"
};
#define N_EXTRA (sizeof(extra_names) / sizeof(extra_names[0]))

struct route_stats {
	const char *name;
	atomic_uint_fast64_t by_status[N_SLOTS];
	atomic_uint_fast64_t buckets[N_BOUNDS + 1];   /* last: +Inf */
	atomic_uint_fast64_t sum_us, count;
};

struct tu_metrics {
	size_t n;                 /* table routes + N_EXTRA */
	struct route_stats *r;
};

struct tu_metrics *tu_metrics_new(const struct tu_route *routes, size_t n)
{
	struct tu_metrics *m = calloc(1, sizeof(*m));

	if (!m)
		return NULL;
	m->n = n + N_EXTRA;
	m->r = calloc(m->n, sizeof(*m->r));
	if (!m->r) {
		free(m);
		return NULL;
	}
	for (size_t i = 0; i < n; i++)
		m->r[i].name = routes[i].name;
	for (size_t i = 0; i < N_EXTRA; i++)
		m->r[n + i].name = extra_names[i];
	return m;
}

void tu_metrics_free(struct tu_metrics *m)
{
	if (!m)
		return;
	free(m->r);
	free(m);
}

static size_t status_slot(int status)
{
	for (size_t i = 0; i < N_STATUS; i++)
		if (statuses[i] == status)
			return i;
	if (status >= 100 && status < 600)
		return N_STATUS + (size_t)(status / 100 - 1);
	return N_STATUS + 4;
}

/* The stats slot for route index ri, or the extra named name. */
static struct route_stats *slot(struct tu_metrics *m, long ri,
				const char *name)
{
	size_t base = m->n - N_EXTRA;

	if (ri >= 0 && (size_t)ri < base)
		return &m->r[ri];
	for (size_t i = 0; name && i < N_EXTRA - 1; i++)
		if (strcmp(name, extra_names[i]) == 0)
			return &m->r[base + i];
	return &m->r[m->n - 1];
}

void tu_metrics_observe(struct tu_metrics *m, long ri, const char *name,
			int status, int64_t duration_us)
{
	struct route_stats *r;
	double sec = (double)duration_us / 1e6;
	size_t b = 0;

	if (!m)
		return;
	r = slot(m, ri, name);
	while (b < N_BOUNDS && sec > bounds[b])
		b++;
	atomic_fetch_add_explicit(&r->by_status[status_slot(status)], 1,
				  memory_order_relaxed);
	atomic_fetch_add_explicit(&r->buckets[b], 1, memory_order_relaxed);
	atomic_fetch_add_explicit(&r->sum_us, (uint64_t)(duration_us > 0 ?
				  duration_us : 0), memory_order_relaxed);
	atomic_fetch_add_explicit(&r->count, 1, memory_order_relaxed);
}

static uint64_t load(atomic_uint_fast64_t *a)
{
	return atomic_load_explicit(a, memory_order_relaxed);
}

static void render_status(struct route_stats *r, size_t i,
			  struct tu_sbuf *b)
{
	uint64_t v = load(&r->by_status[i]);

	if (!v)
		return;
	if (i < N_STATUS)
		tu_sbuf_addf(b, "tutor_http_requests_total{route=\"%s\","
			     "status=\"%d\"} %llu\n", r->name, statuses[i],
			     (unsigned long long)v);
	else
		tu_sbuf_addf(b, "tutor_http_requests_total{route=\"%s\","
			     "status=\"%zuxx\"} %llu\n", r->name,
			     i - N_STATUS + 1, (unsigned long long)v);
}

static void render_hist(struct route_stats *r, struct tu_sbuf *b)
{
	uint64_t cum = 0, count = load(&r->count);
	static const char pfx[] = "tutor_http_request_duration_seconds";

	if (!count)
		return;
	for (size_t i = 0; i <= N_BOUNDS; i++) {
		cum += load(&r->buckets[i]);
		if (i < N_BOUNDS)
			tu_sbuf_addf(b, "%s_bucket{route=\"%s\",le=\"%g\"} "
				     "%llu\n", pfx, r->name, bounds[i],
				     (unsigned long long)cum);
		else
			tu_sbuf_addf(b, "%s_bucket{route=\"%s\",le=\"+Inf\"}"
				     " %llu\n", pfx, r->name,
				     (unsigned long long)cum);
	}
	tu_sbuf_addf(b, "%s_sum{route=\"%s\"} %.6f\n%s_count{route=\"%s\"} "
		     "%llu\n", pfx, r->name, (double)load(&r->sum_us) / 1e6,
		     pfx, r->name, (unsigned long long)count);
}

static void render_http(struct tu_metrics *m, struct tu_sbuf *b)
{
	tu_sbuf_adds(b, "# HELP tutor_http_requests_total HTTP requests by "
		     "route and status.\n# TYPE tutor_http_requests_total "
		     "counter\n");
	for (size_t i = 0; i < m->n; i++)
		for (size_t k = 0; k < N_SLOTS; k++)
			render_status(&m->r[i], k, b);
	tu_sbuf_adds(b, "# HELP tutor_http_request_duration_seconds Time "
		     "from request to answer, by route.\n# TYPE "
		     "tutor_http_request_duration_seconds histogram\n");
	for (size_t i = 0; i < m->n; i++)
		render_hist(&m->r[i], b);
}

static void gauge(struct tu_sbuf *b, const char *name, const char *help,
		  long long v)
{
	tu_sbuf_addf(b, "# HELP %s %s\n# TYPE %s gauge\n%s %lld\n", name, help,
		     name, name, v);
}

static void render_jobs(struct tu_srv *s, struct tu_sbuf *b)
{
	struct tu_jobs_stats js;

	tu_jobs_stats(s->jobs, &js);
	gauge(b, "tutor_judge_queue_depth", "Submissions waiting for a "
	      "judge worker.", (long long)js.queued);
	gauge(b, "tutor_judge_running", "Submissions being judged.",
	      (long long)js.running);
	tu_sbuf_addf(b, "# HELP tutor_judge_jobs_total Submissions judged, "
		     "by outcome.\n# TYPE tutor_judge_jobs_total counter\n"
		     "tutor_judge_jobs_total{status=\"done\"} %llu\n"
		     "tutor_judge_jobs_total{status=\"error\"} %llu\n"
		     "tutor_judge_jobs_total{status=\"rejected\"} %llu\n",
		     (unsigned long long)js.done, (unsigned long long)js.failed,
		     (unsigned long long)js.rejected);
}

static void render_states(struct tu_srv *s, struct tu_sbuf *b)
{
	struct tu_orch_cache_stats st;

	tu_orch_cache_stats(s->states, &st);
	gauge(b, "tutor_state_cache_learners", "Learner states held in "
	      "memory.", (long long)st.learners);
	gauge(b, "tutor_state_cache_bytes", "Bytes those states hold (bound: "
	      "--state-cache).", (long long)st.bytes);
	tu_sbuf_addf(b, "# HELP tutor_state_cache_total State cache lookups "
		     "and evictions.\n# TYPE tutor_state_cache_total counter\n"
		     "tutor_state_cache_total{result=\"hit\"} %llu\n"
		     "tutor_state_cache_total{result=\"miss\"} %llu\n"
		     "tutor_state_cache_total{result=\"eviction\"} %llu\n",
		     (unsigned long long)st.hits,
		     (unsigned long long)st.misses,
		     (unsigned long long)st.evictions);
}

/* The process's heap: what is allocated and what malloc holds free (so a
 * soak can tell live data from fragmentation), and the contexts made. */
static void render_process(struct tu_srv *s, struct tu_sbuf *b)
{
	long long n = 0;

	pthread_mutex_lock(&s->ctx_lock);
	for (const struct tu_srv_ctx *c = s->ctxs; c; c = c->next)
		n++;
	pthread_mutex_unlock(&s->ctx_lock);
	gauge(b, "tutor_contexts", "Per-thread store and orchestrator "
	      "contexts.", n);
	render_states(s, b);
	tu_sbuf_addf(b, "# HELP tutor_heap_bytes Heap bytes allocated "
		     "(in_use), held free by malloc (free), held by SQLite "
		     "(sqlite, part of in_use).\n"
		     "# TYPE tutor_heap_bytes gauge\n"
		     "tutor_heap_bytes{kind=\"sqlite\"} %zu\n",
		     tu_store_sqlite_memory());
#if defined(__GLIBC__) && (__GLIBC__ > 2 || __GLIBC_MINOR__ >= 33)
	struct mallinfo2 mi = mallinfo2();

	tu_sbuf_addf(b, "tutor_heap_bytes{kind=\"in_use\"} %zu\n"
		     "tutor_heap_bytes{kind=\"free\"} %zu\n",
		     mi.uordblks + mi.hblkhd, mi.fordblks);
#endif
}

void tu_metrics_render(struct tu_srv *s, struct tu_sbuf *b)
{
	struct tu_err err = TU_ERR_INIT;
	uint64_t sessions = 0;

	render_http(s->metrics, b);
	render_jobs(s, b);
	if (tu_srv_sessions(s, &sessions, &err) == TU_OK)
		gauge(b, "tutor_sessions", "Sessions not yet expired.",
		      (long long)sessions);
	gauge(b, "tutor_uptime_seconds", "Seconds since the server started.",
	      (long long)(tu_srv_now() - s->started));
	render_process(s, b);
}

/* ---- the two operations endpoints -------------------------------------- */

void tu_api_metrics(struct tu_srv *s, const struct tu_http_req *req,
		    const struct tu_route_params *params,
		    const struct tu_principal *who, const json_t *body,
		    struct tu_http_resp *resp)
{
	(void)req;
	(void)params;
	(void)who;
	(void)body;
	tu_sbuf_reset(&resp->body);
	tu_metrics_render(s, &resp->body);
	resp->status = 200;
	resp->content_type = "text/plain; version=0.0.4; charset=utf-8";
	resp->cache_control = "no-store";
}

void tu_api_healthz(struct tu_srv *s, const struct tu_http_req *req,
		    const struct tu_route_params *params,
		    const struct tu_principal *who, const json_t *body,
		    struct tu_http_resp *resp)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_srv_ctx *ctx = tu_srv_ctx_get(s, &err);

	(void)req;
	(void)params;
	(void)who;
	(void)body;
	enum tu_status st = TU_EUNAVAIL;
	char v[8];

	if (ctx)
		st = tu_store_setting_get(ctx->store, "healthz", v, sizeof(v),
					  &err);
	if (st != TU_OK && st != TU_ENOTFOUND) {
		tu_http_error(resp, 503, "unavailable", "store: %s", err.msg);
		return;
	}
	tu_http_json(resp, 200, json_pack("{s:s}", "status", "ok"));
}
