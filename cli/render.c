/*
 * render.c - prints the agents' outputs of one event for a person
 * (the JSON shapes are documented in docs/agents.md).  Missing keys are
 * skipped, never guessed.
 */
#include <stdio.h>
#include <string.h>

#include <jansson.h>

#include "commands.h"
#include "platform.h"
#include "render.h"

static const char *str(const json_t *o, const char *k)
{
	const char *s = json_string_value(json_object_get(o, k));

	return s ? s : "";
}

static double num(const json_t *o, const char *k)
{
	return json_number_value(json_object_get(o, k));
}

static void render_skill(const json_t *o)
{
	const json_t *a = json_object_get(o, "suggestions");
	size_t i;
	const json_t *v;

	if (!o)
		return;
	printf("result: %s, %lld of %lld tests passed\n", str(o, "verdict"),
	       (long long)json_integer_value(json_object_get(o, "passed")),
	       (long long)json_integer_value(json_object_get(o, "total")));
	json_array_foreach(a, i, v)
		printf("  suggestion: line %lld: %s\n",
		       (long long)json_integer_value(json_object_get(v, "line")),
		       str(v, "message"));
}

static void render_profiler(const json_t *o)
{
	const json_t *a = json_object_get(o, "mastery");
	size_t i;
	const json_t *v;

	json_array_foreach(a, i, v)
		printf("mastery %-16s %.2f -> %.2f (%s)\n", str(v, "topic"),
		       num(v, "before"), num(v, "after"), str(v, "level"));
	a = json_object_get(o, "misconceptions");
	json_array_foreach(a, i, v)
		printf("misconception noted: %s\n", json_is_string(v)
			       ? json_string_value(v) : str(v, "id"));
	a = json_object_get(o, "trends");
	json_array_foreach(a, i, v)
		printf("trend: %s\n", json_is_string(v) ? json_string_value(v)
							: str(v, "text"));
}

static void render_synth(const json_t *top)
{
	const json_t *o = json_object_get(top, "review");
	const json_t *due = json_object_get(o, "due");
	char when[64];

	if (!o || !json_object_get(o, "item") || !json_is_integer(due))
		return;
	cli_fmt_time((int64_t)json_integer_value(due), when, sizeof(when));
	printf("next review of %s: %s (in %.0f days)\n", str(o, "item"), when,
	       num(o, "interval_days"));
}

static void render_feedback(const json_t *o)
{
	const json_t *leak = json_object_get(o, "leak_check");

	if (!o)
		return;
	if (json_object_get(o, "level"))
		printf("hint (level %lld, %s): %s\n",
		       (long long)json_integer_value(json_object_get(o, "level")),
		       str(o, "level_name"), str(o, "text"));
	if (json_is_true(json_object_get(leak, "refused")))
		printf("  (the authored hint was withheld: it shares code with "
		       "the reference solution)\n");
	if (*str(o, "message"))
		printf("%s\n", str(o, "message"));
}

static void render_picks(const json_t *o)
{
	const json_t *a = json_object_get(o, "picks");
	size_t i;
	const json_t *v;

	if (json_array_size(a))
		printf("next up:\n");
	json_array_foreach(a, i, v)
		printf("  %zu. %-18s [%s] %s\n", i + 1, str(v, "item"),
		       str(v, "bucket"), str(v, "text"));
	if (!json_array_size(a) && *str(o, "shortfall_text"))
		printf("nothing to pick: %s\n", str(o, "shortfall_text"));
}

static void render_engage(const json_t *o)
{
	const json_t *n = json_object_get(o, "nudge");

	if (n && *str(n, "text") && !*str(n, "suppressed"))
		printf("%s\n", str(n, "text"));
}

void cli_render_outputs(const char *json)
{
	json_t *root = json_loads(json, 0, NULL);

	if (!root)
		return;
	render_skill(json_object_get(root, "skill_assessment"));
	render_profiler(json_object_get(root, "learner_profiler"));
	render_synth(json_object_get(root, "progress_synthesizer"));
	render_feedback(json_object_get(root, "pedagogical_feedback"));
	render_picks(json_object_get(root, "content_curator"));
	render_engage(json_object_get(root, "engagement_orchestrator"));
	json_decref(root);
}

void cli_print_result(const struct tu_orch_result *r, bool json,
		      const char *assist)
{
	if (!json) {
		cli_render_outputs(r->outputs);
		return;
	}
	printf("{\"seq\":%llu,\"version\":%llu,\"outputs\":%s",
	       (unsigned long long)r->seq, (unsigned long long)r->version,
	       r->outputs);
	if (assist)
		printf(",\"assist\":%s", assist);
	printf("}\n");
}
