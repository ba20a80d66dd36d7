/*
 * cache.c - the orchestrator's in-memory copies of learners' latest
 * committed states (IntelliCode's "synchronized in-memory copy"),
 * bounded by learners and by bytes, least recently used out first, and
 * safe to share between threads (tutor/orch.h, struct tu_orch_cache).
 *
 * A copy is only ever used while the store's version for the learner
 * still equals the copy's version (orch.c asks the store first), so a
 * stale copy costs a snapshot read, never a wrong state.  What it is not:
 * a write-back cache; the store stays the truth.
 */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "orch_internal.h"
#include "tutor/orch.h"

#define NIL SIZE_MAX

/* A slot holds one learner's state (on the heap, so an empty slot costs
 * a hundred bytes, not a state); slots in use are chained per hash
 * bucket and on the LRU list (most recent at the head). */
struct slot {
	uint64_t key;                      /* id_key(learner) */
	struct tu_learner_state *st;       /* owned; NULL = free slot */
	size_t bytes;                      /* tu_learner_state_bytes(st) */
	size_t chain;                      /* next slot in the bucket */
	size_t newer, older;               /* LRU neighbours */
	char learner[TU_ID_MAX];
};

struct tu_orch_cache {
	pthread_mutex_t lock;              /* guards everything below */
	struct slot *slots;
	size_t *buckets, mask;             /* mask + 1 buckets, slot or NIL */
	size_t n_slots, max_bytes, bytes, learners;
	size_t newest, oldest, free;       /* LRU ends; free list (chain) */
	uint64_t hits, misses, evictions;
};

/* FNV-1a of the id. */
static uint64_t id_key(const char *id)
{
	uint64_t h = 14695981039346656037ull;

	for (const unsigned char *p = (const unsigned char *)id; *p; p++)
		h = (h ^ *p) * 1099511628211ull;
	return h;
}

static size_t buckets_for(size_t learners)
{
	size_t n = 16;

	while (n < learners * 2)
		n *= 2;
	return n;
}

static void link_free(struct tu_orch_cache *c)
{
	for (size_t i = 0; i < c->n_slots; i++)
		c->slots[i].chain = i + 1 < c->n_slots ? i + 1 : NIL;
	for (size_t i = 0; i <= c->mask; i++)
		c->buckets[i] = NIL;
	c->free = 0;
	c->newest = c->oldest = NIL;
}

enum tu_status tu_orch_cache_new(size_t learners, size_t max_bytes,
				 struct tu_orch_cache **out,
				 struct tu_err *err)
{
	struct tu_orch_cache *c;
	size_t nb;

	*out = NULL;
	if (learners < 1 || learners > TU_ORCH_CACHE_MAX_LEARNERS)
		return tu_err_set(err, TU_EINVAL, "state cache: 1..%d "
				  "learners, not %zu",
				  TU_ORCH_CACHE_MAX_LEARNERS, learners);
	nb = buckets_for(learners);
	c = calloc(1, sizeof(*c));
	if (c) {
		c->slots = calloc(learners, sizeof(*c->slots));
		c->buckets = calloc(nb, sizeof(*c->buckets));
	}
	if (!c || !c->slots || !c->buckets) {
		if (c) {
			free(c->slots);
			free(c->buckets);
		}
		free(c);
		return tu_err_set(err, TU_ENOMEM, "state cache: out of memory");
	}
	c->n_slots = learners;
	c->mask = nb - 1;
	c->max_bytes = max_bytes;
	link_free(c);
	pthread_mutex_init(&c->lock, NULL);
	*out = c;
	return TU_OK;
}

void tu_orch_cache_free(struct tu_orch_cache *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->n_slots; i++)
		if (c->slots[i].st) {
			tu_learner_state_release(c->slots[i].st);
			free(c->slots[i].st);
		}
	pthread_mutex_destroy(&c->lock);
	free(c->slots);
	free(c->buckets);
	free(c);
}

void tu_orch_cache_stats(struct tu_orch_cache *c,
			 struct tu_orch_cache_stats *out)
{
	memset(out, 0, sizeof(*out));
	if (!c)
		return;
	pthread_mutex_lock(&c->lock);
	out->learners = c->learners;
	out->bytes = c->bytes;
	out->max_bytes = c->max_bytes;
	out->hits = c->hits;
	out->misses = c->misses;
	out->evictions = c->evictions;
	pthread_mutex_unlock(&c->lock);
}

/* ---- the hash chains and the LRU list ---------------------------------- */

static size_t find(const struct tu_orch_cache *c, const char *learner)
{
	uint64_t key = id_key(learner);
	size_t i = c->buckets[key & c->mask];

	while (i != NIL && (c->slots[i].key != key ||
			    strcmp(c->slots[i].learner, learner) != 0))
		i = c->slots[i].chain;
	return i;
}

static void lru_unlink(struct tu_orch_cache *c, size_t i)
{
	struct slot *s = &c->slots[i];

	if (s->newer != NIL)
		c->slots[s->newer].older = s->older;
	else
		c->newest = s->older;
	if (s->older != NIL)
		c->slots[s->older].newer = s->newer;
	else
		c->oldest = s->newer;
}

static void lru_push(struct tu_orch_cache *c, size_t i)
{
	c->slots[i].newer = NIL;
	c->slots[i].older = c->newest;
	if (c->newest != NIL)
		c->slots[c->newest].newer = i;
	else
		c->oldest = i;
	c->newest = i;
}

static void chain_unlink(struct tu_orch_cache *c, size_t i)
{
	size_t *p = &c->buckets[c->slots[i].key & c->mask];

	while (*p != i)
		p = &c->slots[*p].chain;
	*p = c->slots[i].chain;
}

/* Empties slot i (in use) onto the free list. */
static void drop(struct tu_orch_cache *c, size_t i)
{
	struct slot *s = &c->slots[i];

	chain_unlink(c, i);
	lru_unlink(c, i);
	c->bytes -= s->bytes;
	c->learners--;
	tu_learner_state_release(s->st);
	free(s->st);
	memset(s, 0, sizeof(*s));
	s->chain = c->free;
	c->free = i;
}

/* A free slot with room for bytes more, evicting least recently used
 * learners as needed; NIL when bytes exceed the bound. */
static size_t make_room(struct tu_orch_cache *c, size_t bytes)
{
	size_t i;

	if (bytes > c->max_bytes)
		return NIL;
	while ((c->bytes + bytes > c->max_bytes || c->free == NIL) &&
	       c->oldest != NIL) {
		drop(c, c->oldest);
		c->evictions++;
	}
	i = c->free;
	c->free = c->slots[i].chain;
	return i;
}

/* ---- get and put ------------------------------------------------------- */

bool tu__orch_cache_get(struct tu_orch_cache *c, const char *learner,
			uint64_t version, struct tu_learner_state *st,
			enum tu_status *status, struct tu_err *err)
{
	bool hit = false;
	size_t i;

	pthread_mutex_lock(&c->lock);
	i = find(c, learner);
	if (i != NIL && version != 0 && c->slots[i].st->version == version) {
		lru_unlink(c, i);
		lru_push(c, i);
		c->hits++;
		hit = true;
		*status = tu_learner_state_copy(st, c->slots[i].st, err);
	} else {
		c->misses++;
	}
	pthread_mutex_unlock(&c->lock);
	return hit;
}

/* Fills slot i (free) with learner's state (moved in) and links it. */
static void fill(struct tu_orch_cache *c, size_t i, const char *learner,
		 struct tu_learner_state *st, size_t bytes)
{
	struct slot *s = &c->slots[i];

	snprintf(s->learner, sizeof(s->learner), "%s", learner);
	s->key = id_key(learner);
	s->st = st;
	s->bytes = bytes;
	s->chain = c->buckets[s->key & c->mask];
	c->buckets[s->key & c->mask] = i;
	lru_push(c, i);
	c->bytes += bytes;
	c->learners++;
}

void tu__orch_cache_put(struct tu_orch_cache *c, const char *learner,
			struct tu_learner_state *st)
{
	struct tu_learner_state *kept = malloc(sizeof(*kept));
	size_t bytes = tu_learner_state_bytes(st), i;

	if (!kept)
		return;                 /* out of memory: just not cached */
	tu_learner_state_init(kept);
	pthread_mutex_lock(&c->lock);
	i = find(c, learner);
	if (i != NIL)
		drop(c, i);
	i = make_room(c, bytes);
	if (i != NIL) {
		tu_learner_state_move(kept, st);
		fill(c, i, learner, kept, bytes);
		kept = NULL;
	}
	pthread_mutex_unlock(&c->lock);
	free(kept);                     /* empty: nothing to release */
}
