/*
 * profile_json.c - struct tu_profile as a JSON object (tu_profile_to_json,
 * tutor/profile.h; the shape is documented in docs/goals.md).  NaN
 * numbers are null.  What it is not: no parsing (a profile is computed,
 * never read back).  Pure: no I/O.
 */
#include <math.h>

#include "tutor/profile.h"

/* Sets o[key] = v (taken); a NULL v or a failed set clears *ok. */
static void put(json_t *o, const char *key, json_t *v, bool *ok)
{
	if (!o || !v || json_object_set_new(o, key, v))
		*ok = false;
}

static void push(json_t *a, json_t *v, bool *ok)
{
	if (!a || !v || json_array_append_new(a, v))
		*ok = false;
}

static json_t *real(double v)
{
	return isfinite(v) ? json_real(v) : json_null();
}

/* Ids of a validated state are UTF-8; anything else shows as "?". */
static json_t *str(const char *s)
{
	json_t *v = json_string(s ? s : "");

	return v ? v : json_string("?");
}

static json_t *opt_str(const char *s)
{
	return s ? str(s) : json_null();
}

static json_t *item_json(const struct tu_profile_item *it, bool *ok)
{
	json_t *o = json_object();

	put(o, "item", str(it->item), ok);
	put(o, "topic", str(it->topic), ok);
	put(o, "at", it->at == TU_TIME_NONE ? json_null() :
		json_integer(it->at), ok);
	put(o, "time_ratio", real(it->ratio), ok);
	put(o, "label", str(tu_behaviour_name(it->label)), ok);
	put(o, "struggle", json_boolean(it->struggle), ok);
	put(o, "first_try", json_boolean(it->first_try), ok);
	put(o, "review_loop", json_boolean(it->review_loop), ok);
	put(o, "voluntary", json_boolean(it->voluntary), ok);
	put(o, "questions", json_integer(it->questions), ok);
	put(o, "level", real(it->level), ok);
	put(o, "smoothed_level", real(it->smoothed), ok);
	return o;
}

static json_t *behaviour_json(const struct tu_profile *p, bool *ok)
{
	const struct tu_profile_behaviour *b = &p->behaviour;
	json_t *o = json_object(), *items = json_array(), *labels = json_object();

	for (size_t i = 0; i < p->n_items; i++)
		push(items, item_json(&p->items[i], ok), ok);
	for (int i = 0; i < TU_BEHAVIOURS; i++)
		put(labels, tu_behaviour_name((enum tu_behaviour)i),
		    json_integer((json_int_t)b->labels[i]), ok);
	put(o, "items", items, ok);
	put(o, "timed", json_integer((json_int_t)b->n_timed), ok);
	put(o, "fences", str(b->iqr ? "iqr" : "fixed"), ok);
	put(o, "q1", real(b->q1), ok);
	put(o, "q3", real(b->q3), ok);
	put(o, "low_fence", real(b->low), ok);
	put(o, "high_fence", real(b->high), ok);
	put(o, "labels", labels, ok);
	put(o, "review_loops", json_integer(b->review_loops), ok);
	put(o, "reviews_done", json_integer(b->reviews_done), ok);
	put(o, "submissions", json_integer((json_int_t)b->submissions), ok);
	put(o, "accuracy", real(b->accuracy), ok);
	put(o, "first_try_rate", real(b->first_try_rate), ok);
	put(o, "hints_per_problem", real(b->hints_per_problem), ok);
	put(o, "max_hint_level", json_integer(b->max_hint_level), ok);
	return o;
}

static json_t *semantic_json(const struct tu_profile_semantic *s, bool *ok)
{
	json_t *o = json_object();

	put(o, "messages", json_integer((json_int_t)s->n_messages), ok);
	put(o, "questions", json_integer((json_int_t)s->n_questions), ok);
	put(o, "confusion", json_integer(s->confusion), ok);
	put(o, "curiosity", json_integer(s->curiosity), ok);
	put(o, "frustration", json_integer(s->frustration), ok);
	put(o, "source", str(tu_profile_source_name(s->source)), ok);
	put(o, "hook_failures", json_integer(s->hook_failures), ok);
	return o;
}

static const char *trend_name(enum tu_trend t)
{
	return t == TU_TREND_RISING ? "rising" :
	       t == TU_TREND_FALLING ? "falling" : "flat";
}

static const char *gap_name(enum tu_gap_status s)
{
	return s == TU_GAP_IMPROVED ? "improved" :
	       s == TU_GAP_REPAIR_FAILED ? "repair_failed" : "active";
}

static json_t *synthesis_json(const struct tu_profile *p, bool *ok)
{
	const struct tu_persona_result *r = &p->persona;
	json_t *o = json_object(), *in = json_array(), *gaps = json_array();

	for (size_t i = 0; i < p->n_interests; i++)
		push(in, json_pack("{s:s, s:f}", "topic",
				   p->interests[i].topic, "score",
				   p->interests[i].score), ok);
	for (size_t i = 0; i < p->n_gaps; i++)
		push(gaps, json_pack("{s:o, s:s}", "topic",
				     opt_str(p->gaps[i].topic), "status",
				     gap_name(p->gaps[i].status)), ok);
	put(o, "cognitive_level", real(r->current_level), ok);
	put(o, "bloom", str(tu_bloom_name(r->bloom)), ok);
	put(o, "trend", str(trend_name(r->trend)), ok);
	put(o, "slope", real(r->slope), ok);
	put(o, "episodes", json_integer((json_int_t)r->n_valid), ok);
	put(o, "interests", in, ok);
	put(o, "gaps", gaps, ok);
	put(o, "persona", str(tu_persona_name(r->persona)), ok);
	put(o, "strategy", str(tu_strategy_name(r->strategy)), ok);
	put(o, "tier", str(tu_tier_name(r->tier)), ok);
	put(o, "target_topic", opt_str(r->target_topic), ok);
	put(o, "code", opt_str(r->code), ok);
	put(o, "text", str(r->text), ok);
	return o;
}

enum tu_status tu_profile_to_json(const struct tu_profile *p, json_t **out,
				  struct tu_err *err)
{
	json_t *o = json_object();
	bool ok = true;

	put(o, "learner", str(p->learner), &ok);
	put(o, "version", json_integer((json_int_t)p->version), &ok);
	put(o, "at", p->at == TU_TIME_NONE ? json_null() :
		json_integer(p->at), &ok);
	put(o, "behaviour", behaviour_json(p, &ok), &ok);
	put(o, "semantic", semantic_json(&p->semantic, &ok), &ok);
	put(o, "synthesis", synthesis_json(p, &ok), &ok);
	if (!ok) {
		json_decref(o);
		return tu_err_set(err, TU_ENOMEM, "profile: out of memory "
				  "building the JSON");
	}
	*out = o;
	return TU_OK;
}
