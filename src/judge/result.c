/*
 * result.c - verdict names and precedence, the judge result's memory, and
 * its results JSON (Exercism's results.json v3 shape, extended).  Pure.
 */
#include <stdlib.h>
#include <string.h>
#include "tutor/json.h"
#include "judge_internal.h"

const char *tu_verdict_name(enum tu_verdict v)
{
	switch (v) {
	case TU_VERDICT_AC: return "AC";
	case TU_VERDICT_WA: return "WA";
	case TU_VERDICT_RE: return "RE";
	case TU_VERDICT_OLE: return "OLE";
	case TU_VERDICT_MLE: return "MLE";
	case TU_VERDICT_TLE: return "TLE";
	case TU_VERDICT_SV: return "SV";
	case TU_VERDICT_CE: return "CE";
	case TU_VERDICT_IE: return "IE";
	}
	return "IE";
}

/* The enum is declared in ascending precedence. */
enum tu_verdict tu__verdict_max(enum tu_verdict a, enum tu_verdict b)
{
	return a > b ? a : b;
}

enum tu_status tu__result_alloc_cases(struct tu_judge_result *res, size_t n,
				      struct tu_err *err)
{
	res->cases = calloc(n ? n : 1, sizeof(*res->cases));
	if (!res->cases)
		return tu_err_set(err, TU_ENOMEM, "out of memory (%zu cases)",
				  n);
	res->n_cases = n;
	return TU_OK;
}

void tu__case_set_output(struct tu_case_result *c, const char *s, size_t n)
{
	size_t keep = n < TU_JUDGE_CASE_OUTPUT_MAX ? n :
		      TU_JUDGE_CASE_OUTPUT_MAX;

	/* Do not cut a UTF-8 sequence in half. */
	while (keep < n && keep > 0 &&
	       ((unsigned char)s[keep] & 0xC0) == 0x80)
		keep--;
	free(c->output);
	c->output = malloc(keep + 1);
	if (!c->output)
		return;
	memcpy(c->output, s, keep);
	c->output[keep] = '\0';
	for (size_t i = 0; i < keep; i++)  /* NUL bytes would end the text */
		if (c->output[i] == '\0')
			c->output[i] = '?';
}

void tu_judge_result_release(struct tu_judge_result *res)
{
	if (!res)
		return;
	for (size_t i = 0; i < res->n_cases; i++) {
		free(res->cases[i].output);
		free(res->cases[i].input_json);
		free(res->cases[i].expected_json);
		free(res->cases[i].actual_json);
	}
	free(res->cases);
	free(res->tags);
	free(res->review);
	free(res->diagnostics);
	memset(res, 0, sizeof(*res));
}

static const char *status_of(enum tu_verdict v)
{
	if (v == TU_VERDICT_AC)
		return "pass";
	if (v == TU_VERDICT_WA)
		return "fail";
	return "error";
}

/* A JSON text we produced ourselves, parsed back; null when absent. */
static json_t *raw(const char *text)
{
	json_t *v = text ? json_loads(text, JSON_DECODE_ANY, NULL) : NULL;

	return v ? v : json_null();
}

/* A JSON string of s; bytes of invalid UTF-8 become '?'. */
static json_t *str_or_null(const char *s)
{
	json_t *v;
	char *copy;

	if (!s || !s[0])
		return json_null();
	v = json_string(s);
	if (v)
		return v;
	copy = strdup(s);
	if (!copy)
		return json_null();
	for (char *c = copy; *c; c++)
		if ((unsigned char)*c >= 0x80)
			*c = '?';
	v = json_string(copy);
	free(copy);
	return v ? v : json_null();
}

static json_t *case_json(const struct tu_case_result *c, bool full)
{
	json_t *o = json_object();

	if (!o)
		return NULL;
	json_object_set_new(o, "name", json_string(c->name));
	json_object_set_new(o, "status", json_string(status_of(c->verdict)));
	json_object_set_new(o, "verdict",
			    json_string(tu_verdict_name(c->verdict)));
	if (!full) {
		json_object_set_new(o, "hidden", json_true());
		return o;
	}
	json_object_set_new(o, "hidden", json_boolean(c->hidden));
	json_object_set_new(o, "message", str_or_null(c->message));
	json_object_set_new(o, "output", str_or_null(c->output));
	json_object_set_new(o, "input", raw(c->input_json));
	json_object_set_new(o, "expected", raw(c->expected_json));
	json_object_set_new(o, "actual", raw(c->actual_json));
	json_object_set_new(o, "error_type", str_or_null(c->error_type));
	json_object_set_new(o, "time_s", json_real(c->time_s));
	return o;
}

static json_t *tags_json(const struct tu_judge_result *res)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < res->n_tags; i++) {
		const struct tu_judge_tag *t = &res->tags[i];

		json_array_append_new(a, json_pack("{s:s, s:s, s:s}", "tag",
						   t->tag, "topic", t->topic,
						   "evidence", t->evidence));
	}
	return a;
}

static json_t *review_json(const struct tu_judge_result *res)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < res->n_review; i++) {
		const struct tu_review_finding *f = &res->review[i];

		json_array_append_new(a, json_pack("{s:s, s:i, s:s}", "rule",
						   f->rule, "line", f->line,
						   "message", f->message));
	}
	return a;
}

enum tu_status tu_judge_result_to_json(const struct tu_judge_result *res,
				       bool include_hidden, char **out,
				       struct tu_err *err)
{
	json_t *root = json_object(), *tests = json_array();
	const char *status = res->verdict == TU_VERDICT_CE ||
			     res->verdict == TU_VERDICT_IE ? "error" :
			     res->verdict == TU_VERDICT_AC ? "pass" : "fail";

	*out = NULL;
	if (!root || !tests) {
		json_decref(root);
		json_decref(tests);
		return tu_err_set(err, TU_ENOMEM, "out of memory (results)");
	}
	json_object_set_new(root, "version", json_integer(3));
	json_object_set_new(root, "status", json_string(status));
	json_object_set_new(root, "message", str_or_null(res->message));
	json_object_set_new(root, "verdict",
			    json_string(tu_verdict_name(res->verdict)));
	for (size_t i = 0; i < res->n_cases; i++)
		json_array_append_new(tests, case_json(&res->cases[i],
			include_hidden || !res->cases[i].hidden));
	json_object_set_new(root, "tests", tests);
	json_object_set_new(root, "tags", tags_json(res));
	json_object_set_new(root, "review", review_json(res));
	json_object_set_new(root, "wall_s", json_real(res->wall_s));
	return tu_json_dump_take(root, JSON_COMPACT, "results", out, NULL, err);
}
