/*
 * pick.c - the 40/50/10 curator (contract in tutor/curriculum.h, rules in
 * docs/curriculum.md).
 *
 * One call: sync the learner's mastery into per-topic arrays (cached id
 * mapping, verified by strcmp), open topics whose prerequisites are met,
 * classify every item once (mean mastery, open, recent) into candidate
 * lists, then fill the seats bucket by bucket.  Each seat is a linear scan
 * of one candidate list for the best key, so k seats cost O(k * n) with no
 * sorting and no allocation once the context has grown to the state.
 * Pure: no I/O, no clock, no globals.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/curriculum.h"
#include "internal.h"

#define NONE UINT32_MAX
#define DAY_S 86400

struct tu__due {
	uint32_t item;
	int64_t due;
};

enum { TF_SEEN = 1, TF_OPEN = 2 };
enum { IF_OPEN = 1, IF_RECENT = 2, IF_PICKED = 4 };
enum { L_GROWTH = 0, L_CHALLENGE, L_ALL };

enum rule {
	R_DUE, R_GROWTH, R_CHALLENGE, R_FROM_REVIEW, R_FROM_GROWTH,
	R_FROM_CHALLENGE, R_NEAREST, R_CAP_RELAXED
};

static const char *const rule_code[] = {
	"due_review", "growth_zone", "challenge_prereqs_met",
	"reallocated_from_review", "reallocated_from_growth",
	"reallocated_from_challenge", "nearest_growth_zone",
	"diversity_cap_relaxed",
};

struct run {
	struct tu_pick_ctx *ctx;
	const struct tu_curator_config *cfg;
	const struct tu_pick_request *req;
	struct tu_pick_list *out;
	bool salted;
};

void tu_curator_config_default(struct tu_curator_config *cfg)
{
	cfg->share_review = 0.4;
	cfg->share_growth = 0.5;
	cfg->share_challenge = 0.1;
	cfg->growth_lo = 0.3;
	cfg->growth_hi = 0.7;
	cfg->prereq_min = 0.6;
	cfg->no_repeat_days = 3;
	cfg->topic_cap = 2;
	cfg->unseen_as_zero = true;
}

static bool unit(double x)
{
	return x >= 0.0 && x <= 1.0;
}

enum tu_status tu_curator_config_validate(const struct tu_curator_config *cfg,
					  struct tu_err *err)
{
	double sum = cfg->share_review + cfg->share_growth + cfg->share_challenge;

	if (!unit(cfg->share_review) || !unit(cfg->share_growth) ||
	    !unit(cfg->share_challenge) || fabs(sum - 1.0) > 1e-6)
		return tu_err_set(err, TU_EINVAL, "curator config: shares must be "
				  "in [0,1] and sum to 1 (got %g)", sum);
	if (!unit(cfg->growth_lo) || !unit(cfg->growth_hi) ||
	    cfg->growth_lo > cfg->growth_hi)
		return tu_err_set(err, TU_EINVAL, "curator config: growth zone "
				  "[%g, %g] must lie in [0,1]", cfg->growth_lo,
				  cfg->growth_hi);
	if (!unit(cfg->prereq_min))
		return tu_err_set(err, TU_EINVAL, "curator config: prereq_min %g "
				  "outside [0,1]", cfg->prereq_min);
	if (cfg->no_repeat_days > 3650)
		return tu_err_set(err, TU_EINVAL, "curator config: no_repeat_days "
				  "%u above 3650", cfg->no_repeat_days);
	return TU_OK;
}

void tu_curator_quotas(const struct tu_curator_config *cfg, size_t k,
		       size_t q[3])
{
	const double share[3] = { cfg->share_review, cfg->share_growth,
				  cfg->share_challenge };
	uint64_t s[3], rem[3], total = 0;
	bool used[3] = { false, false, false };
	size_t left = k;

	for (int b = 0; b < 3; b++)
		total += s[b] = (uint64_t)llround(share[b] * 1e6);
	for (int b = 0; b < 3; b++) {
		q[b] = total ? (size_t)(s[b] * k / total) : 0;
		rem[b] = total ? s[b] * k % total : 0;
		left -= q[b];
	}
	while (left > 0 && total) {
		int best = -1;

		for (int b = 0; b < 3; b++)
			if (!used[b] && (best < 0 || rem[b] > rem[best] ||
					 (rem[b] == rem[best] && q[b] < q[best])))
				best = b;
		used[best] = true;
		q[best]++;
		left--;
	}
}

const char *tu_bucket_name(enum tu_bucket b)
{
	switch (b) {
	case TU_BUCKET_REVIEW: return "review";
	case TU_BUCKET_GROWTH: return "growth";
	case TU_BUCKET_CHALLENGE: return "challenge";
	case TU_BUCKET_MASTERED: return "mastered";
	}
	return "unknown";
}

/* ------------------------------------------------------------------ */
/* Context                                                             */

void tu_pick_ctx_init(struct tu_pick_ctx *ctx)
{
	memset(ctx, 0, sizeof(*ctx));
}

void tu_pick_ctx_release(struct tu_pick_ctx *ctx)
{
	free(ctx->topic_m);
	free(ctx->topic_flags);
	free(ctx->topic_count);
	free(ctx->item_m);
	free(ctx->item_flags);
	free(ctx->list);
	free(ctx->topic_map);
	free(ctx->review_map);
	free(ctx->due);
	tu_pick_ctx_init(ctx);
}

enum tu_status tu_pick_ctx_prepare(struct tu_pick_ctx *ctx,
				   const struct tu_curriculum *cur,
				   struct tu_err *err)
{
	size_t nt = cur->graph ? cur->graph->n_topics + 1 : 1;
	size_t ni = cur->n_items + 1;

	tu_pick_ctx_release(ctx);
	ctx->cur = cur;
	ctx->topic_m = calloc(nt, sizeof(*ctx->topic_m));
	ctx->topic_flags = calloc(nt, sizeof(*ctx->topic_flags));
	ctx->topic_count = calloc(nt, sizeof(*ctx->topic_count));
	ctx->item_m = calloc(ni, sizeof(*ctx->item_m));
	ctx->item_flags = calloc(ni, sizeof(*ctx->item_flags));
	ctx->list = calloc(3 * ni, sizeof(*ctx->list));
	if (!cur->graph || !ctx->topic_m || !ctx->topic_flags ||
	    !ctx->topic_count || !ctx->item_m || !ctx->item_flags || !ctx->list) {
		tu_pick_ctx_release(ctx);
		return tu_err_set(err, cur->graph ? TU_ENOMEM : TU_EINVAL,
				  "pick context: %s", cur->graph ?
				  "out of memory" : "curriculum not built");
	}
	return TU_OK;
}

static enum tu_status grow_map(uint32_t **map, size_t *cap, size_t need)
{
	uint32_t *p;

	if (need <= *cap)
		return TU_OK;
	p = realloc(*map, need * sizeof(*p));
	if (!p)
		return TU_ENOMEM;
	for (size_t i = *cap; i < need; i++)
		p[i] = NONE;
	*map = p;
	*cap = need;
	return TU_OK;
}

static enum tu_status grow_ctx(struct tu_pick_ctx *ctx,
			       const struct tu_learner_state *st,
			       struct tu_err *err)
{
	enum tu_status rc = grow_map(&ctx->topic_map, &ctx->cap_topic_map,
				     st->n_topics);

	if (!rc)
		rc = grow_map(&ctx->review_map, &ctx->cap_review_map,
			      st->n_reviews);
	if (!rc && st->n_reviews > ctx->cap_due) {
		struct tu__due *p = realloc(ctx->due, st->n_reviews * sizeof(*p));

		if (p) {
			ctx->due = p;
			ctx->cap_due = st->n_reviews;
		} else {
			rc = TU_ENOMEM;
		}
	}
	return rc ? tu_err_set(err, rc, "pick context: out of memory") : TU_OK;
}

/* ------------------------------------------------------------------ */
/* Per-call preparation                                                */

static uint32_t map_topic(struct tu_pick_ctx *ctx, size_t i, const char *id)
{
	const struct tu_topic_graph *g = ctx->cur->graph;
	uint32_t t = ctx->topic_map[i];
	size_t found;

	if (t != NONE && strcmp(g->ids[t], id) == 0)
		return t;
	t = tu_topic_graph_find(g, id, &found) ? (uint32_t)found : NONE;
	ctx->topic_map[i] = t;
	return t;
}

static uint32_t map_review(struct tu_pick_ctx *ctx, size_t i, const char *id)
{
	uint32_t it = ctx->review_map[i];
	size_t found;

	if (it != NONE && strcmp(ctx->cur->items[it].id, id) == 0)
		return it;
	it = tu_curriculum_find(ctx->cur, id, &found) ? (uint32_t)found : NONE;
	ctx->review_map[i] = it;
	return it;
}

static enum tu_status sync_topics(struct run *r, struct tu_err *err)
{
	struct tu_pick_ctx *ctx = r->ctx;
	const struct tu_learner_state *st = r->req->state;
	size_t nt = ctx->cur->graph->n_topics;

	memset(ctx->topic_m, 0, nt * sizeof(*ctx->topic_m));
	memset(ctx->topic_flags, 0, nt);
	memset(ctx->topic_count, 0, nt * sizeof(*ctx->topic_count));
	for (size_t i = 0; i < st->n_topics; i++) {
		const struct tu_topic_state *ts = &st->topics[i];
		uint32_t t = map_topic(ctx, i, ts->topic);

		if (t == NONE)
			continue;
		if (!unit(ts->mastery))
			return tu_err_set(err, TU_EDATA, "learner state: topic '%s': "
					  "mastery %g outside [0,1]", ts->topic,
					  ts->mastery);
		ctx->topic_m[t] = ts->mastery;
		ctx->topic_flags[t] |= TF_SEEN;
	}
	return TU_OK;
}

/* A topic is open when usable and all its prerequisites are mastered. */
static void open_topics(struct run *r)
{
	struct tu_pick_ctx *ctx = r->ctx;
	const struct tu_topic_graph *g = ctx->cur->graph;
	bool unseen_ok = r->cfg->unseen_as_zero;

	for (size_t t = 0; t < g->n_topics; t++) {
		bool ok = unseen_ok || (ctx->topic_flags[t] & TF_SEEN);

		for (size_t e = g->pre_start[t]; ok && e < g->pre_start[t + 1]; e++) {
			uint32_t p = g->pre[e];

			if (!(ctx->topic_flags[p] & TF_SEEN) && !unseen_ok)
				ok = false;
			else if (ctx->topic_m[p] < r->cfg->prereq_min)
				ok = false;
		}
		if (ok)
			ctx->topic_flags[t] |= TF_OPEN;
	}
}

static void mark_recent(struct run *r)
{
	const struct tu_pick_request *req = r->req;
	int64_t since;
	size_t i;

	if (r->cfg->no_repeat_days == 0)
		return;
	if (__builtin_sub_overflow(req->now,
				   (int64_t)r->cfg->no_repeat_days * DAY_S, &since))
		since = INT64_MIN;
	for (size_t j = 0; j < req->n_recent; j++)
		if (req->recent[j].at >= since &&
		    tu_curriculum_find(r->ctx->cur, req->recent[j].item, &i))
			r->ctx->item_flags[i] |= IF_RECENT;
}

/* Item mastery (mean over topics) and openness; counts gated items. */
static void classify_items(struct run *r)
{
	struct tu_pick_ctx *ctx = r->ctx;
	const struct tu_curriculum *cur = ctx->cur;

	for (size_t i = 0; i < cur->n_items; i++) {
		const struct tu_cur_item *it = &cur->items[i];
		double sum = 0;
		uint8_t open = IF_OPEN;

		for (uint32_t j = 0; j < it->n_topics; j++) {
			sum += ctx->topic_m[it->topic[j]];
			if (!(ctx->topic_flags[it->topic[j]] & TF_OPEN))
				open = 0;
		}
		ctx->item_m[i] = sum / (double)it->n_topics;
		ctx->item_flags[i] = open;
		r->out->n_gated += !open;
	}
}

static void build_lists(struct run *r)
{
	struct tu_pick_ctx *ctx = r->ctx;
	size_t n = ctx->cur->n_items;
	uint32_t *growth = ctx->list, *chal = ctx->list + n,
		 *all = ctx->list + 2 * n;

	memset(ctx->n_list, 0, sizeof(ctx->n_list));
	for (size_t i = 0; i < n; i++) {
		double m = ctx->item_m[i];

		if (ctx->item_flags[i] != IF_OPEN) {
			r->out->n_recent += (ctx->item_flags[i] & IF_RECENT) &&
					    (ctx->item_flags[i] & IF_OPEN);
			continue;
		}
		all[ctx->n_list[L_ALL]++] = (uint32_t)i;
		if (m >= r->cfg->growth_lo && m <= r->cfg->growth_hi)
			growth[ctx->n_list[L_GROWTH]++] = (uint32_t)i;
		else if (m < r->cfg->growth_lo)
			chal[ctx->n_list[L_CHALLENGE]++] = (uint32_t)i;
	}
}

static void collect_due(struct run *r)
{
	struct tu_pick_ctx *ctx = r->ctx;
	const struct tu_learner_state *st = r->req->state;

	ctx->n_due = 0;
	for (size_t i = 0; i < st->n_reviews; i++) {
		const struct tu_review_item *rv = &st->reviews[i];
		uint32_t it;

		if (rv->due == TU_TIME_NONE || rv->due > r->req->now)
			continue;
		it = map_review(ctx, i, rv->item);
		if (it == NONE || ctx->item_flags[it] != IF_OPEN)
			continue;
		ctx->due[ctx->n_due].item = it;
		ctx->due[ctx->n_due++].due = rv->due;
	}
	r->out->n_due = ctx->n_due;
}

/* ------------------------------------------------------------------ */
/* Ordering and selection                                              */

static uint64_t tie(const struct run *r, uint32_t i)
{
	uint64_t z = (uint64_t)i ^ r->ctx->salt;

	if (!r->salted)
		return i;
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

static double zone_dist(const struct run *r, double m)
{
	if (m < r->cfg->growth_lo)
		return r->cfg->growth_lo - m;
	if (m > r->cfg->growth_hi)
		return m - r->cfg->growth_hi;
	return 0.0;
}

/* Primary key of item i in list `which`; smaller is better. */
static double key(const struct run *r, int which, uint32_t i)
{
	double m = r->ctx->item_m[i];

	switch (which) {
	case L_GROWTH:
		return fabs(m - 0.5 * (r->cfg->growth_lo + r->cfg->growth_hi));
	case L_CHALLENGE:
		return -m;
	default:
		return zone_dist(r, m);
	}
}

static bool better(const struct run *r, int which, uint32_t a, uint32_t b)
{
	double ka = key(r, which, a), kb = key(r, which, b);

	if (ka != kb)
		return ka < kb;
	if (which == L_CHALLENGE) {
		enum tu_difficulty da = r->ctx->cur->items[a].difficulty;
		enum tu_difficulty db = r->ctx->cur->items[b].difficulty;

		if (da != db)
			return da < db;
	}
	return tie(r, a) < tie(r, b);
}

static bool cap_ok(const struct run *r, uint32_t i)
{
	const struct tu_cur_item *it = &r->ctx->cur->items[i];

	if (r->cfg->topic_cap == 0)
		return true;
	for (uint32_t j = 0; j < it->n_topics; j++)
		if (r->ctx->topic_count[it->topic[j]] >= r->cfg->topic_cap)
			return false;
	return true;
}

static uint32_t best_in(const struct run *r, int which, bool cap)
{
	const uint32_t *list = r->ctx->list + (size_t)which * r->ctx->cur->n_items;
	uint32_t best = NONE;

	for (size_t j = 0; j < r->ctx->n_list[which]; j++) {
		uint32_t i = list[j];

		if (r->ctx->item_flags[i] & IF_PICKED || (cap && !cap_ok(r, i)))
			continue;
		if (best == NONE || better(r, which, i, best))
			best = i;
	}
	return best;
}

/* Most overdue pickable review; returns its position in ctx->due. */
static size_t best_due(const struct run *r)
{
	const struct tu__due *d = r->ctx->due;
	size_t best = SIZE_MAX;

	for (size_t j = 0; j < r->ctx->n_due; j++) {
		if (r->ctx->item_flags[d[j].item] & IF_PICKED ||
		    !cap_ok(r, d[j].item))
			continue;
		if (best == SIZE_MAX || d[j].due < d[best].due ||
		    (d[j].due == d[best].due &&
		     tie(r, d[j].item) < tie(r, d[best].item)))
			best = j;
	}
	return best;
}

/* ------------------------------------------------------------------ */
/* Recording a pick                                                    */

static enum tu_bucket bucket_of(const struct run *r, double m)
{
	if (m < r->cfg->growth_lo)
		return TU_BUCKET_CHALLENGE;
	return m > r->cfg->growth_hi ? TU_BUCKET_MASTERED : TU_BUCKET_GROWTH;
}

static void reason_text(const struct run *r, struct tu_pick_reason *rs,
			enum rule rule)
{
	char *buf = rs->text;
	size_t n = sizeof(rs->text);
	const char *t = rs->topic;
	double m = rs->mastery;
	const struct tu_curator_config *c = r->cfg;

	switch (rule) {
	case R_DUE:
		snprintf(buf, n, "review due %.1f days ago; '%s' mastery %.2f",
			 ((double)r->req->now - (double)rs->due) / DAY_S, t, m);
		break;
	case R_GROWTH:
		snprintf(buf, n, "'%s' mastery %.2f is in the growth zone "
			 "[%.2f, %.2f]", t, m, c->growth_lo, c->growth_hi);
		break;
	case R_CHALLENGE:
		snprintf(buf, n, "'%s' mastery %.2f is below %.2f and its "
			 "prerequisites are met", t, m, c->growth_lo);
		break;
	case R_FROM_REVIEW:
	case R_FROM_CHALLENGE:
		snprintf(buf, n, "no %s item left: growth-zone item, '%s' "
			 "mastery %.2f", rule == R_FROM_REVIEW ? "due review" :
			 "challenge", t, m);
		break;
	case R_FROM_GROWTH:
		snprintf(buf, n, "no growth-zone item left: challenge on '%s', "
			 "mastery %.2f", t, m);
		break;
	case R_NEAREST:
		snprintf(buf, n, "no bucket item left: nearest the growth zone, "
			 "'%s' mastery %.2f", t, m);
		break;
	case R_CAP_RELAXED:
		snprintf(buf, n, "topic cap %u relaxed, nothing else eligible: "
			 "'%s' mastery %.2f", c->topic_cap, t, m);
		break;
	}
}

static void add_pick(struct run *r, uint32_t i, enum rule rule, int64_t due)
{
	struct tu_pick_ctx *ctx = r->ctx;
	const struct tu_cur_item *it = &ctx->cur->items[i];
	struct tu_pick *p = &r->out->picks[r->out->n++];
	uint32_t focus = it->topic[0];

	for (uint32_t j = 0; j < it->n_topics; j++) {
		if (ctx->topic_m[it->topic[j]] < ctx->topic_m[focus])
			focus = it->topic[j];
		ctx->topic_count[it->topic[j]]++;
	}
	ctx->item_flags[i] |= IF_PICKED;
	p->item = it->id;
	p->index = i;
	p->reason.mastery = ctx->item_m[i];
	p->reason.bucket = rule == R_DUE ? TU_BUCKET_REVIEW :
			   bucket_of(r, p->reason.mastery);
	p->reason.code = rule_code[rule];
	p->reason.topic = ctx->cur->graph->ids[focus];
	p->reason.due = due;
	reason_text(r, &p->reason, rule);
}

/* Fills up to seats from list `which`; returns how many were filled. */
static size_t fill(struct run *r, int which, size_t seats, enum rule rule,
		   bool cap)
{
	size_t done = 0;

	for (; done < seats && r->out->n < r->req->k; done++) {
		uint32_t i = best_in(r, which, cap);

		if (i == NONE)
			break;
		add_pick(r, i, rule, TU_TIME_NONE);
	}
	return done;
}

static size_t fill_due(struct run *r, size_t seats)
{
	size_t done = 0;

	for (; done < seats; done++) {
		size_t j = best_due(r);

		if (j == SIZE_MAX)
			break;
		add_pick(r, r->ctx->due[j].item, R_DUE, r->ctx->due[j].due);
	}
	return done;
}

/* The reallocation chain of docs/curriculum.md. */
static void fill_all(struct run *r)
{
	size_t q[3], short_r, short_g, short_c, rest;

	tu_curator_quotas(r->cfg, r->req->k, q);
	short_r = q[0] - fill_due(r, q[0]);
	short_g = q[1] - fill(r, L_GROWTH, q[1], R_GROWTH, true);
	short_g += short_r - fill(r, L_GROWTH, short_r, R_FROM_REVIEW, true);
	short_c = q[2] - fill(r, L_CHALLENGE, q[2], R_CHALLENGE, true);
	short_c += short_g - fill(r, L_CHALLENGE, short_g, R_FROM_GROWTH, true);
	rest = short_c - fill(r, L_GROWTH, short_c, R_FROM_CHALLENGE, true);
	rest -= fill(r, L_ALL, rest, R_NEAREST, true);
	fill(r, L_ALL, rest, R_CAP_RELAXED, false);
}

static void shortfall(struct run *r)
{
	struct tu_pick_list *out = r->out;

	if (out->n == r->req->k) {
		out->shortfall = "none";
		out->shortfall_text[0] = '\0';
		return;
	}
	out->shortfall = "no_eligible_items";
	snprintf(out->shortfall_text, sizeof(out->shortfall_text),
		 "%zu of %zu picked: no eligible item left (%zu gated by "
		 "prerequisites, %zu in the %u-day no-repeat window)", out->n,
		 r->req->k, out->n_gated, out->n_recent, r->cfg->no_repeat_days);
}

static enum tu_status check_request(const struct tu_pick_ctx *ctx,
				    const struct tu_pick_request *req,
				    struct tu_err *err)
{
	if (!ctx->cur || !ctx->list)
		return tu_err_set(err, TU_EINVAL, "pick: context not prepared");
	if (!req->state)
		return tu_err_set(err, TU_EINVAL, "pick: no learner state");
	if (req->k < 1 || req->k > TU_PICK_MAX)
		return tu_err_set(err, TU_EINVAL, "pick: k = %zu, expected 1..%d",
				  req->k, TU_PICK_MAX);
	if (req->n_recent > TU_CUR_RECENT_MAX)
		return tu_err_set(err, TU_ERANGE, "pick: %zu recent entries, at "
				  "most %d", req->n_recent, TU_CUR_RECENT_MAX);
	if (req->n_recent && !req->recent)
		return tu_err_set(err, TU_EINVAL, "pick: recent is NULL");
	for (size_t j = 0; j < req->n_recent; j++)
		if (strnlen(req->recent[j].item, TU_ID_MAX) == TU_ID_MAX)
			return tu_err_set(err, TU_EINVAL, "pick: recent %zu: item id "
					  "not NUL-terminated", j);
	return TU_OK;
}

enum tu_status tu_curator_pick(struct tu_pick_ctx *ctx,
			       const struct tu_curator_config *cfg,
			       const struct tu_pick_request *req,
			       struct tu_pick_list *out, struct tu_err *err)
{
	struct run r = { ctx, cfg, req, out, req->rng != NULL };
	enum tu_status rc;

	out->n = out->n_gated = out->n_recent = out->n_due = 0;
	out->shortfall = "none";
	out->shortfall_text[0] = '\0';
	rc = check_request(ctx, req, err);
	if (!rc)
		rc = tu_curator_config_validate(cfg, err);
	if (!rc)
		rc = grow_ctx(ctx, req->state, err);
	if (!rc)
		rc = sync_topics(&r, err);
	if (rc)
		return rc;
	ctx->salt = req->rng ? tu_rng_next(req->rng) : 0;
	open_topics(&r);
	classify_items(&r);
	mark_recent(&r);
	build_lists(&r);
	collect_due(&r);
	fill_all(&r);
	shortfall(&r);
	return TU_OK;
}
