/*
 * orch.c - the single writer: read the snapshot, step, commit with a
 * compare-and-set, retry on conflict; load; replay (tutor/orch.h).
 *
 * The commit is the store's (tutor/store.h): event, audit records and
 * snapshot in one transaction, only if the version did not move.  On a
 * conflict the whole step is recomputed from the newer snapshot, so the
 * agents always decide on the state the event is applied to.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "orch_internal.h"
#include "tutor/orch.h"

#define TRY(x)                            \
	do {                              \
		enum tu_status st_ = (x); \
		if (st_)                  \
			return st_;       \
	} while (0)

enum tu_status tu_orch_init(struct tu_orch *o, struct tu_store *store,
			    const struct tu_course *course,
			    const struct tu_agent_config *cfg,
			    struct tu_err *err)
{
	memset(o, 0, sizeof(*o));
	o->store = store;
	o->course = course;
	if (cfg)
		o->cfg = *cfg;
	else
		tu_agent_config_default(&o->cfg);
	TRY(tu_agent_config_validate(&o->cfg, err));
	tu_pick_ctx_init(&o->pick);
	TRY(tu_orch_cache_new(TU_ORCH_CACHE, TU_ORCH_CACHE_BYTES,
			      &o->own_cache, err));
	o->cache = o->own_cache;
	return tu_pick_ctx_prepare(&o->pick, &course->curriculum, err);
}

void tu_orch_release(struct tu_orch *o)
{
	if (!o)
		return;
	tu_pick_ctx_release(&o->pick);
	tu_orch_cache_free(o->own_cache);
	memset(o, 0, sizeof(*o));
}

void tu_orch_share_cache(struct tu_orch *o, struct tu_orch_cache *c)
{
	if (!c)
		return;
	tu_orch_cache_free(o->own_cache);
	o->own_cache = NULL;
	o->cache = c;
}

void tu_orch_result_init(struct tu_orch_result *r)
{
	memset(r, 0, sizeof(*r));
}

void tu_orch_result_release(struct tu_orch_result *r)
{
	if (!r)
		return;
	free(r->outputs);
	tu_orch_result_init(r);
}

/* ---- load ------------------------------------------------------------ */

enum tu_status tu_orch_load(struct tu_orch *o, const char *learner,
			    struct tu_learner_state *st, struct tu_err *err)
{
	struct tu_snapshot snap;
	struct tu_learner_state tmp;
	struct tu_err e = TU_ERR_INIT;
	enum tu_status s;

	tu_snapshot_init(&snap);
	TRY(tu_store_snapshot_get(o->store, learner, &snap, err));
	tu_learner_state_init(&tmp);
	s = tu_learner_state_decode(snap.state_json, snap.len, &tmp, &e);
	if (s)
		s = tu_err_set(err, TU_ECORRUPT, "snapshot of learner '%s' "
			       "version %llu does not decode: %s", learner,
			       (unsigned long long)snap.version, e.msg);
	else if (tmp.version != snap.version ||
		 strcmp(tmp.learner_id, learner))
		s = tu_err_set(err, TU_ECORRUPT, "snapshot of learner '%s' "
			       "version %llu holds learner '%s' version %llu",
			       learner, (unsigned long long)snap.version,
			       tmp.learner_id,
			       (unsigned long long)tmp.version);
	if (!s)
		tu_learner_state_move(st, &tmp);
	tu_learner_state_release(&tmp);
	tu_snapshot_release(&snap);
	return s;
}

/* ---- handle ----------------------------------------------------------- */

/*
 * The state to apply ev to: the in-memory copy when the store's version
 * for the learner is still the copy's (one small query instead of reading
 * and decoding the snapshot), else the verified snapshot.
 */
static enum tu_status load_for(struct tu_orch *o, const char *learner,
			       const struct tu_event_in *ev,
			       struct tu_learner_state *st, struct tu_err *err)
{
	struct tu_learner_row row;
	enum tu_status s;

	TRY(tu_store_learner_get(o->store, learner, &row, err));
	if (tu__orch_cache_get(o->cache, learner, row.version, st, &s, err)) {
		o->cache_hits++;
		return s;
	}
	s = tu_orch_load(o, learner, st, err);
	if (s != TU_ENOTFOUND)
		return s;
	if (ev->type != TU_EV_LEARNER_CREATED)
		return tu_err_set(err, TU_ENOTFOUND, "learner '%s' has no "
				  "state yet (not created)", learner);
	tu_learner_state_release(st);
	return TU_OK;
}

struct attempt {
	char *payload, *outputs, *state;
	size_t payload_len, outputs_len, state_len;
	struct tu_audit *audit;
	size_t n_audit;
};

static void attempt_release(struct attempt *a)
{
	free(a->outputs);
	free(a->state);
	free(a->audit);
	a->outputs = a->state = NULL;
	a->audit = NULL;
}

static enum tu_status try_once(struct tu_orch *o, const char *learner,
			       const struct tu_event_in *ev,
			       struct attempt *a, struct tu_orch_result *res,
			       struct tu_err *err)
{
	struct tu_learner_state st;
	struct tu_commit c;
	uint64_t expected;
	enum tu_status s;

	tu_learner_state_init(&st);
	s = load_for(o, learner, ev, &st, err);
	expected = st.version;
	if (!s)
		s = tu_orch_step(o, &st, learner, ev, &a->outputs, &a->audit,
				 &a->n_audit, err);
	if (!s)
		s = tu_learner_state_encode(&st, &a->state, &a->state_len, err);
	if (!s) {
		memset(&c, 0, sizeof(c));
		c.learner = learner;
		c.expected_version = expected;
		c.type = tu_event_type_name(ev->type);
		c.at = ev->at;
		c.payload = a->payload;
		c.payload_len = a->payload_len;
		c.outputs = a->outputs;
		c.outputs_len = strlen(a->outputs);
		c.state_json = a->state;
		c.state_len = a->state_len;
		c.updated = st.updated;
		c.audit = a->audit;
		c.n_audit = a->n_audit;
		c.request_id = ev->request_id;
		s = tu_store_commit(o->store, &c, &res->seq, err);
		res->version = st.version;
	}
	if (!s)
		tu__orch_cache_put(o->cache, learner, &st);
	tu_learner_state_release(&st);
	return s;
}

/* ---- request ids --------------------------------------------------- */

struct earlier {
	struct tu_orch_result *res;
	char type[TU_STORE_TYPE_MAX];
	bool nomem;
};

static int earlier_one(const struct tu_event *e, void *ctx)
{
	struct earlier *x = ctx;

	x->res->seq = e->seq;
	x->res->version = e->version;
	snprintf(x->type, sizeof(x->type), "%s", e->type);
	x->res->outputs = strdup(e->outputs);
	x->nomem = !x->res->outputs;
	x->res->outputs_len = e->outputs_len;
	return 1;
}

/*
 * When ev's request id is already committed for learner: res holds that
 * event (TU_OK, res->replayed).  TU_ENOTFOUND when it is not (or ev has
 * none); TU_ECONFLICT when it was used for another event type.
 */
static enum tu_status find_earlier(struct tu_orch *o, const char *learner,
				   const struct tu_event_in *ev,
				   struct tu_orch_result *res,
				   struct tu_err *err)
{
	struct earlier x = { res, "", false };
	const char *want = tu_event_type_name(ev->type);
	enum tu_status s;

	if (!ev->request_id || !ev->request_id[0])
		return TU_ENOTFOUND;
	s = tu_store_request_get(o->store, learner, ev->request_id,
				 earlier_one, &x, err);
	if (s == TU_OK && x.nomem)
		s = tu_err_set(err, TU_ENOMEM, "orchestrator: out of memory");
	else if (s == TU_OK && strcmp(x.type, want) != 0)
		s = tu_err_set(err, TU_ECONFLICT, "learner '%s': request id "
			       "'%s' was already used for a '%s' event, not "
			       "'%s'", learner, ev->request_id, x.type, want);
	if (s == TU_OK) {
		res->replayed = true;
	} else {
		free(res->outputs);
		res->outputs = NULL;
		res->outputs_len = 0;
	}
	return s;
}

static enum tu_status check_request_id(const char *learner,
				       const struct tu_event_in *ev,
				       struct tu_err *err)
{
	if (ev->request_id && ev->request_id[0] &&
	    !tu_store_request_id_ok(ev->request_id))
		return tu_err_set(err, TU_EINVAL, "learner '%s': request id "
				  "must be 1..%d bytes of [A-Za-z0-9_.:-]",
				  learner, TU_STORE_REQUEST_ID_MAX - 1);
	return TU_OK;
}

enum tu_status tu_orch_handle(struct tu_orch *o, const char *learner,
			      const struct tu_event_in *ev,
			      struct tu_orch_result *res, struct tu_err *err)
{
	struct attempt a;
	enum tu_status s = TU_ECONFLICT;

	tu_orch_result_init(res);
	memset(&a, 0, sizeof(a));
	TRY(check_request_id(learner, ev, err));
	TRY(tu_event_payload_encode(ev, &a.payload, &a.payload_len, err));
	for (unsigned i = 0; i < TU_ORCH_RETRIES; i++) {
		s = find_earlier(o, learner, ev, res, err);
		if (s != TU_ENOTFOUND) {
			free(a.payload);
			return s;
		}
		s = try_once(o, learner, ev, &a, res, err);
		if (s != TU_ECONFLICT)
			break;
		o->conflicts++;
		res->retries++;
		attempt_release(&a);
	}
	if (!s) {
		res->outputs = a.outputs;
		res->outputs_len = strlen(a.outputs);
		res->n_audit = a.n_audit;
		a.outputs = NULL;
	}
	attempt_release(&a);
	free(a.payload);
	return s;
}

/* ---- replay ------------------------------------------------------------ */

struct replay {
	struct tu_orch *o;
	const char *learner;
	struct tu_learner_state *st;
	struct tu_err *err;
	enum tu_status s;
};

static int replay_one(const struct tu_event *e, void *ctx)
{
	struct replay *r = ctx;
	struct tu_event_in ev;
	enum tu_event_type type;
	struct tu_err why = TU_ERR_INIT;

	if (e->version != r->st->version + 1) {
		r->s = tu_err_set(r->err, TU_ECORRUPT, "event seq %llu: "
				  "version %llu follows version %llu",
				  (unsigned long long)e->seq,
				  (unsigned long long)e->version,
				  (unsigned long long)r->st->version);
		return 1;
	}
	tu_event_in_init(&ev);
	if (tu_event_type_parse(e->type, &type, &why) ||
	    tu_event_payload_decode(type, e->at, e->payload, e->payload_len,
				    &ev, &why)) {
		r->s = tu_err_set(r->err, TU_ECORRUPT, "event seq %llu: %s",
				  (unsigned long long)e->seq, why.msg);
		return 1;
	}
	r->s = tu_orch_step(r->o, r->st, r->learner, &ev, NULL, NULL, NULL,
			    r->err);
	tu_event_in_release(&ev);
	return r->s != TU_OK;
}

enum tu_status tu_orch_replay(struct tu_orch *o, const char *learner,
			      struct tu_learner_state *st, struct tu_err *err)
{
	struct tu_learner_state tmp;
	struct tu_learner_row row;
	struct replay r;
	enum tu_status s;

	TRY(tu_store_learner_get(o->store, learner, &row, err));
	tu_learner_state_init(&tmp);
	r.o = o;
	r.learner = learner;
	r.st = &tmp;
	r.err = err;
	r.s = TU_OK;
	s = tu_store_event_each(o->store, learner, 0, replay_one, &r, err);
	if (!s)
		s = r.s;
	if (!s)
		tu_learner_state_move(st, &tmp);
	tu_learner_state_release(&tmp);
	return s;
}
