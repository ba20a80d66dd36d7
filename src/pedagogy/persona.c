/*
 * persona.c - Pxplore's persona rules in code (contract in
 * tutor/persona.h, rules in docs/pedagogy.md).
 *
 * Steps: validate; least-squares slope of (episode index, level) over the
 * valid points; mean of the last K valid levels -> Bloom band -> base tier;
 * interest score per topic (episodes sorted by topic, then summed);
 * persona and strategy.  Pure: no I/O, no globals; the only allocation is
 * the topic sort's index array, freed before returning.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/persona.h"

#define BAND_EPS 1e-9

struct persona_run {
	const struct tu_episode *ep;
	size_t n;
	const struct tu_gap *gaps;
	size_t n_gaps;
	struct tu_persona_result *out;
	double primary_score;
};

const char *tu_strategy_name(enum tu_strategy s)
{
	static const char *const n[] = { "none", "challenge", "broaden",
					 "deepen", "remediate" };

	return (unsigned)s <= TU_STRATEGY_REMEDIATE ? n[s] : "invalid";
}

const char *tu_tier_name(enum tu_tier t)
{
	static const char *const n[] = { "intro", "foundational",
					 "intermediate", "advanced" };

	return (unsigned)t <= TU_TIER_ADVANCED ? n[t] : "invalid";
}

const char *tu_bloom_name(enum tu_bloom b)
{
	switch (b) {
	case TU_BLOOM_NONE: return "none";
	case TU_BLOOM_UNDERSTAND: return "understand";
	case TU_BLOOM_APPLY: return "apply";
	case TU_BLOOM_ANALYZE: return "analyze";
	case TU_BLOOM_EVALUATE: return "evaluate";
	case TU_BLOOM_CREATE: return "create";
	}
	return "invalid";
}

enum tu_bloom tu_bloom_of_level(double level)
{
	if (isnan(level))
		return TU_BLOOM_NONE;
	if (level <= 2.2 + BAND_EPS)
		return TU_BLOOM_UNDERSTAND;
	if (level <= 3.2 + BAND_EPS)
		return TU_BLOOM_APPLY;
	if (level <= 4.2 + BAND_EPS)
		return TU_BLOOM_ANALYZE;
	if (level <= 5.2 + BAND_EPS)
		return TU_BLOOM_EVALUATE;
	return TU_BLOOM_CREATE;
}

enum tu_tier tu_tier_of_bloom(enum tu_bloom b)
{
	switch (b) {
	case TU_BLOOM_APPLY: return TU_TIER_FOUNDATIONAL;
	case TU_BLOOM_ANALYZE: return TU_TIER_INTERMEDIATE;
	case TU_BLOOM_EVALUATE:
	case TU_BLOOM_CREATE: return TU_TIER_ADVANCED;
	case TU_BLOOM_NONE:
	case TU_BLOOM_UNDERSTAND: break;
	}
	return TU_TIER_INTRO;
}

static enum tu_status check(const struct tu_episode *ep, size_t n,
			    const struct tu_gap *gaps, size_t n_gaps,
			    struct tu_err *err)
{
	if (n > TU_PERSONA_EPISODES_MAX || n_gaps > TU_PERSONA_GAPS_MAX)
		return tu_err_set(err, TU_ERANGE, "persona: %zu episodes / %zu "
				  "gaps, at most %d / %d", n, n_gaps,
				  TU_PERSONA_EPISODES_MAX, TU_PERSONA_GAPS_MAX);
	if ((n && !ep) || (n_gaps && !gaps))
		return tu_err_set(err, TU_EINVAL, "persona: NULL array");
	for (size_t i = 0; i < n; i++)
		if (!isnan(ep[i].level) && !(ep[i].level >= 1 && ep[i].level <= 6))
			return tu_err_set(err, TU_EINVAL, "persona: episode %zu: "
					  "level %g outside [1,6]", i, ep[i].level);
	for (size_t i = 0; i < n_gaps; i++)
		if ((unsigned)gaps[i].status > TU_GAP_REPAIR_FAILED)
			return tu_err_set(err, TU_EINVAL, "persona: gap %zu: "
					  "unknown status %d", i,
					  (int)gaps[i].status);
	return TU_OK;
}

/* Slope of level on episode index over valid points; NaN below 2. */
static double slope_of(const struct tu_episode *ep, size_t n, size_t *valid)
{
	double sx = 0, sy = 0, sxx = 0, sxy = 0, k = 0, den;

	for (size_t i = 0; i < n; i++) {
		if (isnan(ep[i].level))
			continue;
		k += 1;
		sx += (double)i;
		sy += ep[i].level;
		sxx += (double)i * (double)i;
		sxy += (double)i * ep[i].level;
	}
	*valid = (size_t)k;
	den = k * sxx - sx * sx;
	if (k < 2 || den == 0)
		return (double)NAN;
	return (k * sxy - sx * sy) / den;
}

/* Mean of the last `window` valid levels. */
static double recent_mean(const struct tu_episode *ep, size_t n,
			  size_t window)
{
	double sum = 0;
	size_t got = 0;

	for (size_t i = n; i-- > 0 && got < window;) {
		if (isnan(ep[i].level))
			continue;
		sum += ep[i].level;
		got++;
	}
	return got ? sum / (double)got : (double)NAN;
}

static double interest_of(const struct tu_episode *e)
{
	double s = 1.0;

	if (e->higher_order)
		s += 2.0;
	if (e->affect & (TU_AFFECT_CURIOSITY | TU_AFFECT_ENGAGED))
		s += 1.5;
	if (e->review)
		s += 3.0;
	return s;
}

struct tix {
	const char *topic;
	size_t i;
	double score;
};

static int cmp_tix(const void *a, const void *b)
{
	const struct tix *x = a, *y = b;
	int c = strcmp(x->topic, y->topic);

	if (c)
		return c;
	return (x->i > y->i) - (x->i < y->i);
}

/* True when group a (score, first index) ranks above b. */
static bool ranks_above(const struct tix *a, const struct tix *b)
{
	if (!b)
		return true;
	if (a->score != b->score)
		return a->score > b->score;
	return a->i < b->i;
}

/* Sums topic scores over sorted entries; keeps the top two groups. */
static void top_two(struct tix *t, size_t m, struct persona_run *pr)
{
	struct tix best = { 0 }, second = { 0 };
	bool has_best = false, has_second = false;

	for (size_t a = 0, b; a < m; a = b) {
		struct tix g = { t[a].topic, t[a].i, 0 };

		for (b = a; b < m && strcmp(t[b].topic, g.topic) == 0; b++)
			g.score += t[b].score;
		if (ranks_above(&g, has_best ? &best : NULL)) {
			second = best;
			has_second = has_best;
			best = g;
			has_best = true;
		} else if (ranks_above(&g, has_second ? &second : NULL)) {
			second = g;
			has_second = true;
		}
	}
	pr->out->primary = has_best ? best.topic : NULL;
	pr->out->secondary = has_second ? second.topic : NULL;
	pr->primary_score = best.score;
}

static enum tu_status interests(struct persona_run *pr, struct tu_err *err)
{
	struct tix *t = calloc(pr->n + 1, sizeof(*t));
	size_t m = 0;

	if (!t)
		return tu_err_set(err, TU_ENOMEM, "persona: out of memory");
	for (size_t i = 0; i < pr->n; i++) {
		if (!pr->ep[i].topic || !pr->ep[i].topic[0])
			continue;
		t[m].topic = pr->ep[i].topic;
		t[m].i = i;
		t[m++].score = interest_of(&pr->ep[i]);
	}
	qsort(t, m, sizeof(*t), cmp_tix);
	top_two(t, m, pr);
	free(t);
	return TU_OK;
}

/* First gap with the given status, or NULL. */
static const char *gap_with(const struct persona_run *pr,
			    enum tu_gap_status s)
{
	for (size_t i = 0; i < pr->n_gaps; i++)
		if (pr->gaps[i].status == s && pr->gaps[i].topic)
			return pr->gaps[i].topic;
	return NULL;
}

static void set(struct tu_persona_result *o, enum tu_persona p,
		enum tu_strategy s, enum tu_tier t, const char *topic,
		const char *code)
{
	o->persona = p;
	o->strategy = s;
	o->tier = t;
	o->target_topic = topic;
	o->code = code;
}

static void decide(struct persona_run *pr)
{
	struct tu_persona_result *o = pr->out;
	enum tu_tier base = tu_tier_of_bloom(o->bloom);
	const char *failed = gap_with(pr, TU_GAP_REPAIR_FAILED);
	const char *active = gap_with(pr, TU_GAP_ACTIVE);

	if (o->n_valid == 0) {
		set(o, TU_PERSONA_NONE, TU_STRATEGY_NONE, TU_TIER_INTRO,
		    o->primary, "no_data");
	} else if (failed || o->trend == TU_TREND_FALLING) {
		const char *target = failed ? failed : active ? active : o->primary;

		set(o, TU_PERSONA_STRUGGLER, TU_STRATEGY_REMEDIATE,
		    base < TU_TIER_FOUNDATIONAL ? base : TU_TIER_FOUNDATIONAL,
		    target, failed ? "repair_failed_gap" : "falling_trend");
	} else if (o->trend == TU_TREND_RISING) {
		set(o, TU_PERSONA_MOMENTUM, TU_STRATEGY_CHALLENGE,
		    base < TU_TIER_ADVANCED ? base + 1 : TU_TIER_ADVANCED,
		    o->primary, "rising_trend");
	} else if (o->bloom >= TU_BLOOM_ANALYZE) {
		set(o, TU_PERSONA_CONSOLIDATOR, TU_STRATEGY_BROADEN, base,
		    o->secondary ? o->secondary : o->primary, "flat_high_level");
	} else {
		set(o, TU_PERSONA_EXPLORER, TU_STRATEGY_DEEPEN, base, o->primary,
		    "flat_low_level");
	}
}

static const char *trend_name(enum tu_trend t)
{
	if (t == TU_TREND_RISING)
		return "rising";
	return t == TU_TREND_FALLING ? "falling" : "flat";
}

static void describe(struct tu_persona_result *o)
{
	const char *topic = o->target_topic ? o->target_topic : "(none)";

	if (o->persona == TU_PERSONA_NONE) {
		snprintf(o->text, sizeof(o->text), "no episode with a level yet");
		return;
	}
	snprintf(o->text, sizeof(o->text), "%s: level %s (slope %.2f over %zu "
		 "points), recent mean %.2f = %s; %s '%s' at %s tier",
		 tu_persona_name(o->persona), trend_name(o->trend),
		 isnan(o->slope) ? 0.0 : o->slope, o->n_valid, o->current_level,
		 tu_bloom_name(o->bloom), tu_strategy_name(o->strategy), topic,
		 tu_tier_name(o->tier));
}

enum tu_status tu_persona_compute(const struct tu_episode *ep, size_t n,
				  const struct tu_gap *gaps, size_t n_gaps,
				  struct tu_persona_result *out,
				  struct tu_err *err)
{
	struct persona_run pr = { ep, n, gaps, n_gaps, out, 0 };
	enum tu_status rc = check(ep, n, gaps, n_gaps, err);

	memset(out, 0, sizeof(*out));
	if (rc)
		return rc;
	out->slope = slope_of(ep, n, &out->n_valid);
	out->trend = TU_TREND_FLAT;
	if (out->n_valid >= TU_TREND_MIN_POINTS && out->slope > TU_TREND_SLOPE)
		out->trend = TU_TREND_RISING;
	else if (out->n_valid >= TU_TREND_MIN_POINTS &&
		 out->slope < -TU_TREND_SLOPE)
		out->trend = TU_TREND_FALLING;
	out->window = out->n_valid / 4 > 3 ? out->n_valid / 4 : 3;
	out->current_level = recent_mean(ep, n, out->window);
	out->bloom = tu_bloom_of_level(out->current_level);
	rc = interests(&pr, err);
	if (rc)
		return rc;
	decide(&pr);
	describe(out);
	return TU_OK;
}
