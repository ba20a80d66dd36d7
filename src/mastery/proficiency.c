/*
 * proficiency.c - IntelliCode's proficiency composite (paper eq. 10, with
 * intellicode-backend's rank and skill maps, its bugs fixed), the band
 * labels, and the Khan-style learner-facing mastery levels.  Contracts in
 * tutor/mastery.h.  Pure functions.
 */
#include <math.h>
#include <string.h>
#include "tutor/mastery.h"

static double clamp01(double x)
{
	if (!(x >= 0.0))
		return 0.0;
	return x > 1.0 ? 1.0 : x;
}

void tu_prof_config_default(struct tu_prof_config *cfg)
{
	cfg->w_mastery = 0.40;
	cfg->w_rank = 0.25;
	cfg->w_skill = 0.20;
	cfg->w_recent = 0.10;
	cfg->w_streak = 0.05;
	cfg->streak_full = 30.0;
}

double tu_rank_norm(double rank)
{
	static const double r[] = { 100, 800, 1500, 2000, 3000 };
	static const double v[] = { 0.0, 0.3, 0.6, 0.85, 1.0 };

	if (!(rank > r[0]))
		return 0.0;
	for (int i = 1; i < 5; i++)
		if (rank <= r[i])
			return v[i - 1] + (v[i] - v[i - 1]) *
			       (rank - r[i - 1]) / (r[i] - r[i - 1]);
	return 1.0;
}

double tu_skill_score(enum tu_skill_level skill)
{
	switch (skill) {
	case TU_SKILL_BEGINNER: return 0.2;
	case TU_SKILL_INTERMEDIATE: return 0.5;
	case TU_SKILL_ADVANCED: return 0.8;
	case TU_SKILL_UNKNOWN: return 0.3;
	}
	return 0.3;
}

double tu_proficiency(const struct tu_prof_config *cfg,
		      const struct tu_prof_input *in)
{
	double streak = 0.0;
	double p;

	if (cfg->streak_full > 0.0)
		streak = clamp01((double)in->streak_days / cfg->streak_full);
	p = cfg->w_mastery * clamp01(in->mastery_avg) +
	    cfg->w_rank * tu_rank_norm(in->rank) +
	    cfg->w_skill * tu_skill_score(in->skill) +
	    cfg->w_recent * clamp01(in->recent_success_rate) +
	    cfg->w_streak * streak;
	return clamp01(p);
}

double tu_learner_mastery_average(const struct tu_learner_state *s,
				  const char *const *topics, size_t n,
				  double missing_m)
{
	double sum = 0.0;

	if (n == 0) {
		if (s->n_topics == 0)
			return missing_m;
		for (size_t i = 0; i < s->n_topics; i++)
			sum += s->topics[i].mastery;
		return sum / (double)s->n_topics;
	}
	for (size_t i = 0; i < n; i++) {
		const struct tu_topic_state *t =
			tu_learner_topic_find(s, topics[i]);

		sum += t ? t->mastery : missing_m;
	}
	return sum / (double)n;
}

const char *tu_proficiency_label(double p)
{
	if (!(p >= 0.2))
		return "Early Beginner";
	if (p < 0.4)
		return "Beginner";
	if (p < 0.6)
		return "Intermediate";
	if (p < 0.8)
		return "Advanced";
	return "Expert";
}

enum tu_hint_band tu_hint_band(double p)
{
	if (!(p >= 0.3))
		return TU_BAND_BEGINNER;
	return p < 0.6 ? TU_BAND_INTERMEDIATE : TU_BAND_ADVANCED;
}

const char *tu_hint_band_name(enum tu_hint_band b)
{
	switch (b) {
	case TU_BAND_BEGINNER: return "beginner";
	case TU_BAND_INTERMEDIATE: return "intermediate";
	case TU_BAND_ADVANCED: return "advanced";
	}
	return "?";
}

/* ---- levels ------------------------------------------------------------ */

enum tu_mastery_level tu_mastery_level(double m, uint32_t attempts)
{
	if (attempts == 0)
		return TU_LEVEL_NOT_STARTED;
	if (!(m >= 0.5))
		return TU_LEVEL_ATTEMPTED;
	if (m < 0.8)
		return TU_LEVEL_FAMILIAR;
	if (m >= 0.95 && attempts >= 3)
		return TU_LEVEL_MASTERED;
	return TU_LEVEL_PROFICIENT;
}

enum tu_mastery_level tu_topic_level(const struct tu_topic_state *t)
{
	return tu_mastery_level(t->mastery, t->attempts);
}

int tu_mastery_level_points(enum tu_mastery_level l)
{
	switch (l) {
	case TU_LEVEL_NOT_STARTED: return 0;
	case TU_LEVEL_ATTEMPTED: return 0;
	case TU_LEVEL_FAMILIAR: return 50;
	case TU_LEVEL_PROFICIENT: return 80;
	case TU_LEVEL_MASTERED: return 100;
	}
	return 0;
}

const char *tu_mastery_level_name(enum tu_mastery_level l)
{
	switch (l) {
	case TU_LEVEL_NOT_STARTED: return "not_started";
	case TU_LEVEL_ATTEMPTED: return "attempted";
	case TU_LEVEL_FAMILIAR: return "familiar";
	case TU_LEVEL_PROFICIENT: return "proficient";
	case TU_LEVEL_MASTERED: return "mastered";
	}
	return "?";
}
