/*
 * tutor/server.h - `tutor serve`: the HTTP JSON API, accounts and the
 * static web UI, on libmicrohttpd behind a thin adapter.
 *
 * One process serves one store (SQLite by default) and one course.  The
 * API covers what the CLI does (docs/api.md): accounts and sessions,
 * learners, the next items, submissions judged asynchronously (status
 * polling or server-sent events), hints, reviews, state and history,
 * exports, the LLM-backed uses (tutor/assist.h), and the instructor's
 * cohort views.  Every request is authenticated (except register, login,
 * /healthz, /metrics and static files) and authorised against the
 * account's role: a learner reaches only their own learner, an
 * instructor only the learners of their cohorts.
 *
 * Limits: body bytes, JSON depth, request time, connections, per-account
 * and per-address request rates.  Every error is JSON
 * {"error": {"code": "...", "message": "..."}}.  A structured access log
 * (one JSON object per line) and Prometheus metrics (/metrics).
 *
 * Ownership: struct tu_server owns its MHD daemon, store, orchestrator,
 * course, judge workers and assistant; the config strings are copied.
 */
#ifndef TUTOR_SERVER_H
#define TUTOR_SERVER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "tutor/err.h"
#include "tutor/llm.h"

struct tu_server_config {
	const char *bind;              /* "127.0.0.1" */
	uint16_t port;                 /* 8080; 0 = any free port */
	const char *db_path;           /* the store */
	const char *course_dir;        /* the course to serve */
	const char *web_dir;           /* static files (web/dist); NULL none */
	unsigned http_threads;         /* MHD thread pool: 2 */
	unsigned judge_workers;        /* 2 */
	unsigned state_cache_mb;       /* learner states kept in memory,
					  shared by all threads: 64 MiB
					  (1..65536) */
	size_t max_body;               /* 256 KiB */
	unsigned max_json_depth;       /* 32 */
	unsigned request_timeout_s;    /* 30 */
	unsigned max_connections;      /* 512 */
	unsigned rate_per_min;         /* per account: 600 */
	unsigned anon_rate_per_min;    /* per address, unauthenticated: 60 */
	unsigned session_ttl_s;        /* 7 days */
	FILE *access_log;              /* NULL: none */
	struct tu_llm_config llm;      /* unconfigured: deterministic paths */
	const char *policy;            /* the next-item policy: NULL/"" the
					  curator; "retrieval", "model", ...
					  (docs/policy.md) */
	const char *policy_model;      /* the model file for "model" */
};

void tu_server_config_default(struct tu_server_config *c);

struct tu_server;

/* Opens the store (migrating it), loads the course, starts the judge
 * workers and the HTTP daemon.  Errors name what failed. */
enum tu_status tu_server_start(const struct tu_server_config *c,
			       struct tu_server **out, struct tu_err *err);
/* The port actually bound (useful with port 0). */
uint16_t tu_server_port(const struct tu_server *s);
/* Stops accepting, drains in-flight requests and jobs, frees s. */
void tu_server_stop(struct tu_server *s);

#endif
