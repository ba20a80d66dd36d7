/*
 * server.c - tu_server_start / tu_server_stop (tutor/server.h) and the
 * server context (srv.h): configuration copy, the course, the per-thread
 * contexts (store connection + orchestrator + assistant), and the order
 * things start and stop in.
 *
 * Start: copy the config, load the course, fork the judge processes
 * (jobs.c; the process still has one thread), open the store (which
 * migrates it) and register the course in it (as `tutor init` does, so
 * the CLI sees the same course), make metrics, rate buckets and the
 * access log, start the judge workers and the HTTP daemon.
 * Stop: stop accepting and end event streams, let the daemon finish the
 * requests in flight, let the judge workers finish the jobs they are
 * judging (queued jobs stay in the store's job table), free everything.
 *
 * What it is not: it parses no options (cli/cmd_serve.c) and handles no
 * request (dispatch.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jobs.h"
#include "mhd.h"
#include "srv.h"

struct tu_server {
	struct tu_srv srv;
	struct tu_mhd *mhd;
};

void tu_server_config_default(struct tu_server_config *c)
{
	memset(c, 0, sizeof(*c));
	c->bind = "127.0.0.1";
	c->port = 8080;
	c->http_threads = 2;
	c->judge_workers = 2;
	c->state_cache_mb = 64;
	c->max_body = 256 * 1024;
	c->max_json_depth = 32;
	c->request_timeout_s = 30;
	c->max_connections = 512;
	c->rate_per_min = 600;
	c->anon_rate_per_min = 60;
	c->session_ttl_s = 7 * 24 * 3600;
	tu_llm_config_default(&c->llm);
}

/* ---- time -------------------------------------------------------------- */

int64_t tu_srv_now(void)
{
	return (int64_t)time(NULL);
}

int64_t tu_srv_now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int64_t tu_srv_mono_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

/* ---- contexts ---------------------------------------------------------- */

/* Each server gets a serial so a thread's cached context is never taken
 * for another server's (tests start several in one process). */
static atomic_uint_fast64_t server_serial;

static _Thread_local struct {
	uint64_t serial;
	struct tu_srv_ctx *ctx;
} tls;

static uint64_t srv_serial(const struct tu_srv *s)
{
	return (uint64_t)s->serial;
}

static void ctx_free(struct tu_srv_ctx *c)
{
	if (!c)
		return;
	tu_assist_free(c->assist);
	if (c->have_orch)
		tu_orch_release(&c->orch);
	tu_store_close(c->store);
	free(c);
}

struct tu_srv_ctx *tu_srv_ctx_new(struct tu_srv *s, struct tu_err *err)
{
	struct tu_srv_ctx *c = calloc(1, sizeof(*c));

	if (!c) {
		tu_err_set(err, TU_ENOMEM, "server: out of memory");
		return NULL;
	}
	if (tu_store_open(s->cfg.db_path, NULL, &c->store, err) ||
	    tu_orch_init(&c->orch, c->store, &s->course, &s->agents, err)) {
		ctx_free(c);
		return NULL;
	}
	c->have_orch = true;
	tu_orch_share_cache(&c->orch, s->states);
	if (tu_assist_new(&s->assist_cfg, &s->cfg.llm, c->store, &s->course,
			  &c->assist, err)) {
		ctx_free(c);
		return NULL;
	}
	pthread_mutex_lock(&s->ctx_lock);
	c->next = s->ctxs;
	s->ctxs = c;
	pthread_mutex_unlock(&s->ctx_lock);
	return c;
}

struct tu_srv_ctx *tu_srv_ctx_get(struct tu_srv *s, struct tu_err *err)
{
	struct tu_srv_ctx *c;

	if (tls.ctx && tls.serial == srv_serial(s))
		return tls.ctx;
	c = tu_srv_ctx_new(s, err);
	if (c) {
		tls.serial = srv_serial(s);
		tls.ctx = c;
	}
	return c;
}

enum tu_status tu_srv_sessions(struct tu_srv *s, uint64_t *n,
			       struct tu_err *err)
{
	struct tu_srv_ctx *c = tu_srv_ctx_get(s, err);

	*n = 0;
	if (!c)
		return TU_EUNAVAIL;
	return tu_store_session_count(c->store, tu_srv_now(), n, err);
}

/* ---- start ------------------------------------------------------------- */

static char *dup_or_null(const char *s)
{
	return s ? strdup(s) : NULL;
}

/* Copies c into s, with the strings duplicated. */
static enum tu_status copy_config(struct tu_srv *s,
				  const struct tu_server_config *c,
				  struct tu_err *err)
{
	s->cfg = *c;
	s->bind = dup_or_null(c->bind ? c->bind : "127.0.0.1");
	s->db_path = dup_or_null(c->db_path);
	s->course_dir = dup_or_null(c->course_dir);
	s->web_dir = dup_or_null(c->web_dir);
	if (!s->bind || !s->db_path || !s->course_dir ||
	    (c->web_dir && !s->web_dir))
		return tu_err_set(err, TU_ENOMEM, "server: out of memory");
	s->cfg.bind = s->bind;
	s->cfg.db_path = s->db_path;
	s->cfg.course_dir = s->course_dir;
	s->cfg.web_dir = s->web_dir;
	return TU_OK;
}

static enum tu_status check_config(const struct tu_server_config *c,
				   struct tu_err *err)
{
	if (!c->db_path || !*c->db_path)
		return tu_err_set(err, TU_EINVAL, "server: no store given");
	if (!c->course_dir || !*c->course_dir)
		return tu_err_set(err, TU_EINVAL, "server: no course given");
	if (c->http_threads < 1 || c->http_threads > 256)
		return tu_err_set(err, TU_EINVAL, "server: threads must be "
				  "1..256, not %u", c->http_threads);
	if (c->judge_workers < 1 || c->judge_workers > 64)
		return tu_err_set(err, TU_EINVAL, "server: judge workers must "
				  "be 1..64, not %u", c->judge_workers);
	if (c->state_cache_mb < 1 || c->state_cache_mb > 65536)
		return tu_err_set(err, TU_EINVAL, "server: the state cache "
				  "must be 1..65536 MiB, not %u",
				  c->state_cache_mb);
	if (c->max_body < 1024 || c->max_json_depth < 2 ||
	    c->max_connections < 1 || c->request_timeout_s < 1)
		return tu_err_set(err, TU_EINVAL, "server: a limit is too "
				  "small (max_body >= 1024, json depth >= 2, "
				  "connections and timeout >= 1)");
	return TU_OK;
}

/* Registers the course in the store, as `tutor init` does. */
static enum tu_status register_course(struct tu_srv *s, struct tu_err *err)
{
	struct tu_srv_ctx *c = tu_srv_ctx_get(s, err);
	struct tu_content_row row;

	if (!c)
		return err->code ? err->code : TU_EIO;
	memset(&row, 0, sizeof(row));
	snprintf(row.course, sizeof(row.course), "%s", s->course.id);
	snprintf(row.version, sizeof(row.version), "%s", s->course.version);
	snprintf(row.hash, sizeof(row.hash), "%s", s->course.hash);
	snprintf(row.path, sizeof(row.path), "%s", s->course.root);
	row.loaded = tu_srv_now();
	if (tu_store_content_put(c->store, &row, err) ||
	    tu_store_setting_set(c->store, "course", s->course.id, err))
		return err->code;
	return TU_OK;
}

/* The learner-state cache every thread shares: as many learners as the
 * byte bound could hold at the smallest state size. */
static enum tu_status open_states(struct tu_srv *s, struct tu_err *err)
{
	size_t bytes = (size_t)s->cfg.state_cache_mb << 20;
	size_t n = bytes / sizeof(struct tu_learner_state);

	if (n > TU_ORCH_CACHE_MAX_LEARNERS)
		n = TU_ORCH_CACHE_MAX_LEARNERS;
	return tu_orch_cache_new(n ? n : 1, bytes, &s->states, err);
}

/* Everything but the daemon. */
static enum tu_status srv_open(struct tu_srv *s,
			       const struct tu_server_config *c,
			       struct tu_err *err)
{
	s->serial = atomic_fetch_add(&server_serial, 1) + 1;
	s->started = tu_srv_now();
	pthread_mutex_init(&s->ctx_lock, NULL);
	tu_course_init(&s->course);
	tu_path_runtime_init(&s->path);
	tu_assist_config_default(&s->assist_cfg);
	if (check_config(c, err) || copy_config(s, c, err))
		return err->code;
	if (tu_course_load(s->cfg.course_dir, &s->course, err))
		return err->code;
	if (open_states(s, err))
		return err->code;
	tu_agent_config_default(&s->agents);
	if (tu_path_runtime_open(&s->path, &s->course, c->policy,
				 c->policy_model, &s->agents, err))
		return err->code;
	s->routes = tu_route_table(&s->n_routes);
	s->metrics = tu_metrics_new(s->routes, s->n_routes);
	s->rate = tu_rate_new(c->rate_per_min, c->anon_rate_per_min);
	s->log = tu_accesslog_new(c->access_log);
	if (!s->metrics || !s->rate || (c->access_log && !s->log))
		return tu_err_set(err, TU_ENOMEM, "server: out of memory");
	/* judge processes first: fork while single-threaded */
	if (tu_jobs_new(s, c->judge_workers, tu_api_submission_finish,
			&s->jobs, err))
		return err->code;
	return register_course(s, err);
}

static void srv_close(struct tu_srv *s)
{
	struct tu_srv_ctx *c, *next;

	tu_jobs_free(s->jobs);
	for (c = s->ctxs; c; c = next) {
		next = c->next;
		ctx_free(c);
	}
	if (tls.serial == srv_serial(s))
		tls.ctx = NULL;
	tu_accesslog_free(s->log);
	tu_rate_free(s->rate);
	tu_metrics_free(s->metrics);
	tu_orch_cache_free(s->states);
	tu_course_release(&s->course);
	tu_path_runtime_close(&s->path);
	pthread_mutex_destroy(&s->ctx_lock);
	free(s->bind);
	free(s->db_path);
	free(s->course_dir);
	free(s->web_dir);
}

enum tu_status tu_server_start(const struct tu_server_config *c,
			       struct tu_server **out, struct tu_err *err)
{
	struct tu_server *sv = calloc(1, sizeof(*sv));

	*out = NULL;
	if (!sv)
		return tu_err_set(err, TU_ENOMEM, "server: out of memory");
	if (srv_open(&sv->srv, c, err) ||
	    tu_mhd_start(&sv->srv, &sv->mhd, err)) {
		srv_close(&sv->srv);
		free(sv);
		return err->code ? err->code : TU_EINTERNAL;
	}
	*out = sv;
	return TU_OK;
}

uint16_t tu_server_port(const struct tu_server *s)
{
	return s ? tu_mhd_port(s->mhd) : 0;
}

void tu_server_stop(struct tu_server *s)
{
	if (!s)
		return;
	atomic_store(&s->srv.stopping, true);
	tu_jobs_close_streams(s->srv.jobs);
	tu_mhd_stop(s->mhd);
	srv_close(&s->srv);
	free(s);
}
