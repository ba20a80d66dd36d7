/*
 * budget.c - per-learner and global LLM budgets per UTC day
 * (tutor/assist.h, docs/llm.md "Budgets").
 *
 * Before a call: the learner's and the global requests and tokens of the
 * day of `now` (floor(now / 86400), so days are UTC) must each be below
 * their limit; the first one that is not gives TU_EBUDGET and a reason
 * naming it ("budget: learner requests 200/200 today").  After a call:
 * its HTTP requests (retries and repairs included) and total tokens are
 * added to the learner's row and the global row in one transaction.  A
 * call that starts under the limit may end a little over it (its tokens
 * are not known in advance); the next call is then refused.
 *
 * What it is not: no clock reads (now comes in) and no SQL (tutor/store.h).
 */
#include <inttypes.h>
#include <stdio.h>

#include "assist_internal.h"

int64_t tu__as_day(int64_t now)
{
	int64_t d = now / 86400;

	return (now % 86400 < 0) ? d - 1 : d;
}

/* TU_EBUDGET when used >= limit, naming who and what. */
static enum tu_status over(const char *who, const char *what, uint64_t used,
			   uint32_t limit, char *why, size_t cap)
{
	if (used < limit)
		return TU_OK;
	snprintf(why, cap, "budget: %s %s %" PRIu64 "/%" PRIu32 " today", who,
		 what, used, limit);
	return TU_EBUDGET;
}

static enum tu_status read_usage(struct tu_assist *a, const char *id,
				 int64_t day, struct tu_store_usage *u,
				 char *why, size_t cap)
{
	struct tu_err e = TU_ERR_INIT;
	enum tu_status st = tu_store_llm_usage_get(a->store, id, day, u, &e);

	if (st)
		snprintf(why, cap, "budget: cannot read usage: %s", e.msg);
	return st;
}

enum tu_status tu__as_budget_check(struct tu_assist *a, const char *learner,
				int64_t now, char *why, size_t cap)
{
	return tu__as_budget_check_ahead(a, learner, now, 0, why, cap);
}

enum tu_status tu__as_budget_check_ahead(struct tu_assist *a,
				      const char *learner, int64_t now,
				      uint32_t pending, char *why,
				      size_t cap)
{
	const struct tu_assist_config *c = &a->cfg;
	struct tu_store_usage u;
	int64_t day = tu__as_day(now);
	enum tu_status st = TU_OK;

	if (!a->store)
		return TU_OK;
	if (learner) {
		st = read_usage(a, learner, day, &u, why, cap);
		if (!st)
			st = over("learner", "requests", u.requests + pending,
				  c->learner_requests_day, why, cap);
		if (!st)
			st = over("learner", "tokens", u.tokens,
				  c->learner_tokens_day, why, cap);
	}
	if (!st)
		st = read_usage(a, TU_STORE_USAGE_GLOBAL, day, &u, why, cap);
	if (!st)
		st = over("global", "requests", u.requests + pending,
			  c->global_requests_day, why, cap);
	if (!st)
		st = over("global", "tokens", u.tokens, c->global_tokens_day,
			  why, cap);
	return st;
}

enum tu_status tu__as_budget_count(struct tu_assist *a, const char *learner,
				int64_t now, uint32_t requests,
				uint32_t tokens, struct tu_err *err)
{
	struct tu_store_usage add = { requests, tokens };

	if (!a->store || (requests == 0 && tokens == 0))
		return TU_OK;
	return tu_store_llm_usage_add(a->store, learner, tu__as_day(now), &add,
				      err);
}
