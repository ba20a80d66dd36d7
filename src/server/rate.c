/*
 * rate.c - request rate limits: one token bucket per account (config
 * rate_per_min) and one per client address for anonymous requests
 * (anon_rate_per_min).  A bucket holds at most a minute's worth of
 * tokens and refills continuously; each request takes one.
 *
 * Memory is bounded: TU_RATE_SHARDS shards of TU_RATE_SLOTS buckets,
 * each shard behind its own mutex (no global lock).  A key (a kind tag
 * and the account id or address) is hashed with SipHash under a random
 * per-process key (crypto_shorthash), so clients cannot aim collisions;
 * it probes TU_RATE_PROBE slots.  When none is free an idle bucket (one
 * that has refilled completely, which is the same as having none) is
 * reused, else the least recently used one in the window.
 *
 * Tokens are counted in units of 1/60000 so refills are exact integers:
 * a limit of L per minute adds L units per millisecond and a token is
 * 60000 units.  A limit of 0 means unlimited.
 *
 * What it is not: it does not decide who is anonymous (dispatch passes
 * the principal) and keeps no history beyond the buckets.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "auth_internal.h"
#include "srv.h"

#define TU_RATE_PROBE 8
#define TOKEN 60000            /* units per token: L per minute = L units/ms */

struct bucket {
	uint64_t key;          /* 0 = empty slot */
	int64_t units;         /* tokens x TOKEN at last */
	int64_t last;          /* ms of the last refill */
};

struct shard {
	pthread_mutex_t lock;
	struct bucket b[TU_RATE_SLOTS];
};

struct tu_rate {
	unsigned per_min, anon_per_min;
	unsigned char key[crypto_shorthash_KEYBYTES];
	struct shard shard[TU_RATE_SHARDS];
};

struct tu_rate *tu_rate_new(unsigned per_min, unsigned anon_per_min)
{
	struct tu_rate *r;

	if (sodium_init() < 0)
		return NULL;
	r = calloc(1, sizeof(*r));
	if (!r)
		return NULL;
	r->per_min = per_min;
	r->anon_per_min = anon_per_min;
	crypto_shorthash_keygen(r->key);
	for (size_t i = 0; i < TU_RATE_SHARDS; i++)
		pthread_mutex_init(&r->shard[i].lock, NULL);
	return r;
}

void tu_rate_free(struct tu_rate *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < TU_RATE_SHARDS; i++)
		pthread_mutex_destroy(&r->shard[i].lock);
	sodium_memzero(r->key, sizeof r->key);
	free(r);
}

/* SipHash of (kind, value); never 0 (0 marks an empty slot). */
static uint64_t key_of(const struct tu_rate *r, char kind, const void *v,
		       size_t n)
{
	unsigned char buf[1 + 256];
	unsigned char out[crypto_shorthash_BYTES];
	uint64_t k;

	if (n > 256)
		n = 256;
	buf[0] = (unsigned char)kind;
	memcpy(buf + 1, v, n);
	crypto_shorthash(out, buf, n + 1, r->key);
	memcpy(&k, out, sizeof k);
	return k ? k : 1;
}

/* Adds the tokens earned since b->last, capped at a minute's worth. */
static void refill(struct bucket *b, unsigned per_min, int64_t now)
{
	int64_t cap = (int64_t)per_min * TOKEN;
	int64_t dt = now - b->last;

	if (dt <= 0)
		return;
	if (dt >= 60000 || b->units + dt * (int64_t)per_min >= cap)
		b->units = cap;
	else
		b->units += dt * (int64_t)per_min;
	b->last = now;
}

static bool idle(const struct bucket *b, unsigned per_min, int64_t now)
{
	struct bucket t = *b;

	refill(&t, per_min, now);
	return t.units >= (int64_t)per_min * TOKEN;
}

/* The slot to reuse in a full probe window: an idle bucket, else the
 * least recently used. */
static struct bucket *victim(struct shard *sh, size_t at, unsigned per_min,
			     int64_t now)
{
	struct bucket *lru = &sh->b[at];

	for (size_t i = 0; i < TU_RATE_PROBE; i++) {
		struct bucket *b = &sh->b[(at + i) % TU_RATE_SLOTS];

		if (!b->key || idle(b, per_min, now))
			return b;
		if (b->last < lru->last)
			lru = b;
	}
	return lru;
}

/* The bucket for key in sh, made (full) when it has none. */
static struct bucket *slot(struct shard *sh, uint64_t key, unsigned per_min,
			   int64_t now)
{
	size_t at = (size_t)(key / TU_RATE_SHARDS) % TU_RATE_SLOTS;
	struct bucket *b;

	for (size_t i = 0; i < TU_RATE_PROBE; i++) {
		b = &sh->b[(at + i) % TU_RATE_SLOTS];
		if (b->key == key)
			return b;
	}
	b = victim(sh, at, per_min, now);
	b->key = key;
	b->units = (int64_t)per_min * TOKEN;
	b->last = now;
	return b;
}

/* Takes a token from b; false with the seconds until one is back. */
static bool take(struct bucket *b, unsigned per_min, int64_t now,
		 unsigned *retry_after_s)
{
	int64_t ms;

	refill(b, per_min, now);
	if (b->units >= TOKEN) {
		b->units -= TOKEN;
		return true;
	}
	ms = (TOKEN - b->units + (int64_t)per_min - 1) / (int64_t)per_min;
	*retry_after_s = (unsigned)((ms + 999) / 1000);
	if (*retry_after_s == 0)
		*retry_after_s = 1;
	return false;
}

bool tu_rate_take(struct tu_rate *r, int64_t account, const char *client,
		  int64_t now_ms, unsigned *retry_after_s)
{
	unsigned per_min = account > 0 ? r->per_min : r->anon_per_min;
	uint64_t key;
	struct shard *sh;
	bool ok;

	*retry_after_s = 0;
	if (per_min == 0)
		return true;
	if (!client)
		client = "";
	key = account > 0 ? key_of(r, 'a', &account, sizeof account) :
		key_of(r, 'c', client, strlen(client));
	sh = &r->shard[key % TU_RATE_SHARDS];
	pthread_mutex_lock(&sh->lock);
	ok = take(slot(sh, key, per_min, now_ms), per_min, now_ms,
		  retry_after_s);
	pthread_mutex_unlock(&sh->lock);
	return ok;
}

size_t tu_rate_count(struct tu_rate *r)
{
	size_t n = 0;

	for (size_t i = 0; i < TU_RATE_SHARDS; i++) {
		pthread_mutex_lock(&r->shard[i].lock);
		for (size_t j = 0; j < TU_RATE_SLOTS; j++)
			n += r->shard[i].b[j].key != 0;
		pthread_mutex_unlock(&r->shard[i].lock);
	}
	return n;
}

bool tu_rate_allow(struct tu_srv *s, const struct tu_principal *who,
		   const char *client, int64_t now_ms, unsigned *retry_after_s)
{
	int64_t account = who && who->role != TU_ROLE_ANON ? who->account : 0;

	if (!s->rate) {
		*retry_after_s = 0;
		return true;
	}
	return tu_rate_take(s->rate, account, client, now_ms, retry_after_s);
}
