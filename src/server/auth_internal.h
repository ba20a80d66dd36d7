/*
 * auth_internal.h - what the "auth" part of src/server/ shares with the
 * route table and its tests: the handlers of the account and cohort
 * endpoints (api_auth.c, api_cohorts.c), the pure authorisation rule and
 * credential extraction (auth.c), and the rate limiter's core (rate.c).
 * The functions dispatch calls (tu_auth_principal, tu_rate_allow,
 * tu_authz_learner, tu_rate_new/free) are declared in srv.h.
 *
 * Not public API.  Ownership: everything is borrowed for the call.
 */
#ifndef TUTOR_SERVER_AUTH_INTERNAL_H
#define TUTOR_SERVER_AUTH_INTERNAL_H

#include <stdbool.h>
#include <stdint.h>

#include "tutor/auth.h"
#include "server_internal.h"

#define TU_SESSION_COOKIE "tutor_session"

struct tu_rate;

/* ---- handlers (list them in routes.c) ---------------------------------- */

/* POST /api/register (anon, JSON), POST /api/login (anon, JSON),
 * POST /api/logout (learner), GET /api/me (learner). */
void tu_api_register(struct tu_srv *s, const struct tu_http_req *req,
		     const struct tu_route_params *params,
		     const struct tu_principal *who, const json_t *body,
		     struct tu_http_resp *resp);
void tu_api_login(struct tu_srv *s, const struct tu_http_req *req,
		  const struct tu_route_params *params,
		  const struct tu_principal *who, const json_t *body,
		  struct tu_http_resp *resp);
void tu_api_logout(struct tu_srv *s, const struct tu_http_req *req,
		   const struct tu_route_params *params,
		   const struct tu_principal *who, const json_t *body,
		   struct tu_http_resp *resp);
void tu_api_me(struct tu_srv *s, const struct tu_http_req *req,
	       const struct tu_route_params *params,
	       const struct tu_principal *who, const json_t *body,
	       struct tu_http_resp *resp);

/* POST /api/cohorts (instructor, JSON), GET /api/cohorts (instructor),
 * POST /api/cohorts/join (learner, JSON; instructors get 403),
 * GET /api/cohorts/:cid (instructor; the owner only). */
void tu_api_cohort_create(struct tu_srv *s, const struct tu_http_req *req,
			  const struct tu_route_params *params,
			  const struct tu_principal *who, const json_t *body,
			  struct tu_http_resp *resp);
void tu_api_cohort_list(struct tu_srv *s, const struct tu_http_req *req,
			const struct tu_route_params *params,
			const struct tu_principal *who, const json_t *body,
			struct tu_http_resp *resp);
void tu_api_cohort_join(struct tu_srv *s, const struct tu_http_req *req,
			const struct tu_route_params *params,
			const struct tu_principal *who, const json_t *body,
			struct tu_http_resp *resp);
void tu_api_cohort_get(struct tu_srv *s, const struct tu_http_req *req,
		       const struct tu_route_params *params,
		       const struct tu_principal *who, const json_t *body,
		       struct tu_http_resp *resp);

/* ---- authorisation and credentials (auth.c) ---------------------------- */

enum tu_authz {
	TU_AUTHZ_ALLOW = 0,
	TU_AUTHZ_UNAUTHENTICATED,   /* 401: no account */
	TU_AUTHZ_FORBIDDEN,         /* 403 */
	TU_AUTHZ_NOT_FOUND          /* 404: not a learner id at all */
};

/*
 * The learner rule, pure: a learner may read and write only their own
 * learner; an instructor may read (never write) a learner for whom
 * teaches is true (a member of one of their cohorts); anonymous callers
 * are unauthenticated; an id that is not a valid learner id is NOT_FOUND
 * for everyone with an account.  teaches is only consulted for
 * instructors reading.
 */
enum tu_authz tu_authz_rule(const struct tu_principal *who,
			    const char *learner, bool write, bool teaches);

/* True when an instructor rule needs the "teaches" lookup. */
bool tu_authz_needs_teaches(const struct tu_principal *who,
			    const char *learner, bool write);

/*
 * The session token req carries: "Authorization: Bearer <t>" first, else
 * the cookie tutor_session.  Returns 0 when there is none, 1 with token
 * filled, -1 when one is present but malformed (wrong length or
 * characters; token "").
 */
int tu_auth_request_token(const struct tu_http_req *req,
			  char token[TU_AUTH_TOKEN_LEN + 1]);

/* Fills who from an account row (learner id for learners). */
void tu_auth_principal_from(const struct tu_account_row *a,
			    struct tu_principal *who);

/* ---- rate limiting (rate.c) -------------------------------------------- */

#define TU_RATE_SHARDS 16
#define TU_RATE_SLOTS 256           /* buckets per shard */

/*
 * Takes one token from the bucket of account (when > 0) or else of the
 * client address (the anonymous limit).  false with *retry_after_s
 * (>= 1) when the bucket is empty.  A limit of 0 means unlimited.
 * Thread-safe (one mutex per shard).
 */
bool tu_rate_take(struct tu_rate *r, int64_t account, const char *client,
		  int64_t now_ms, unsigned *retry_after_s);

/* Buckets currently held (tests: memory stays bounded). */
size_t tu_rate_count(struct tu_rate *r);

#endif
