/*
 * api_course.c - the course as the API shows it (docs/api.md "Course"):
 *
 *   GET /api/course         manifest and topics
 *   GET /api/problems       the problems (?topic=ID filters)
 *   GET /api/problems/:id   one problem: statement, starters, the public
 *                           tests with their values, the number of
 *                           hidden tests
 *
 * Hidden tests never leave the server: only their count is shown; their
 * names, inputs and expected values stay in problem.json.  Reference
 * solutions, known-wrong solutions and the authored hints are never
 * shown here (hints come one level at a time through api_hints.c).
 *
 * What it is not: the loader (tutor/content.h) and the judge's problem
 * parser (tutor/judge.h); this only reads what they validated.
 */
#include <stdio.h>
#include <string.h>

#include "api.h"

static json_t *strings_json(const char (*v)[TU_ID_MAX], size_t n)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < n; i++)
		json_array_append_new(a, json_string(v[i]));
	return a;
}

static json_t *langs_json(const bool langs[TU_LANGS])
{
	json_t *a = json_array();

	for (int l = 0; a && l < TU_LANGS; l++)
		if (langs[l])
			json_array_append_new(a, json_string(
				tu_lang_name((enum tu_lang)l)));
	return a;
}

TU_API_HANDLER(tu_api_course)
{
	const struct tu_course *c = &s->course;
	json_t *topics = json_array();

	(void)req;
	(void)params;
	(void)who;
	(void)body;
	for (size_t i = 0; topics && i < c->n_topics; i++) {
		const struct tu_course_topic *t = &c->topics[i];

		json_array_append_new(topics, json_pack(
			"{s:s, s:s, s:s, s:o}", "id", t->id, "title", t->title,
			"summary", t->summary, "requires",
			strings_json(t->requires, t->n_requires)));
	}
	tu_http_json(resp, 200, json_pack(
		"{s:s, s:s, s:s, s:s, s:o, s:o*}", "id", c->id, "title",
		c->title, "version", c->version, "description", c->description,
		"languages", langs_json(c->langs), "topics", topics));
}

static json_t *problem_brief(const struct tu_course_problem *p)
{
	return json_pack("{s:s, s:s, s:s, s:o, s:f}", "id", p->id, "title",
			 p->title, "difficulty",
			 tu_difficulty_name(p->difficulty), "topics",
			 strings_json(p->topics, p->n_topics),
			 "expected_minutes", p->expected_min);
}

static bool has_topic(const struct tu_course_problem *p, const char *topic)
{
	for (size_t i = 0; i < p->n_topics; i++)
		if (strcmp(p->topics[i], topic) == 0)
			return true;
	return false;
}

TU_API_HANDLER(tu_api_problems)
{
	const struct tu_course *c = &s->course;
	char topic[TU_ID_MAX];
	bool filter;
	json_t *a = json_array();

	(void)params;
	(void)who;
	(void)body;
	filter = tu_http_query_get(req->query, "topic", topic, sizeof(topic));
	if (filter && !tu_course_topic_find(c, topic)) {
		json_decref(a);
		tu_http_error(resp, 404, "not_found", "no topic '%s' in "
			      "course '%s'", topic, c->id);
		return;
	}
	for (size_t i = 0; a && i < c->n_problems; i++)
		if (!filter || has_topic(&c->problems[i], topic))
			json_array_append_new(a,
					      problem_brief(&c->problems[i]));
	tu_http_json(resp, 200, a);
}

/* ---- one problem ---------------------------------------------------------- */

/* One public case {name, input, expected} (stdio: input is the stdin
 * text, expected the expected stdout; an expected error is
 * {"error": "ValueError"}). */
static json_t *case_json(const json_t *k)
{
	const json_t *in = json_object_get(k, "input");
	const json_t *exp = json_object_get(k, "expected");
	json_t *e;

	if (!in)
		in = json_object_get(k, "stdin");
	if (!exp)
		exp = json_object_get(k, "expected_stdout");
	e = exp ? json_incref((json_t *)(uintptr_t)exp)
		: json_pack("{s:O*}", "error",
			    json_object_get(k, "expected_error"));
	return json_pack("{s:O*, s:O*, s:o}", "name", json_object_get(k, "name"),
			 "input", in, "expected", e);
}

/* The public cases of p's problem.json (validated by the judge when the
 * course loaded); NULL with err when it cannot be read again. */
static json_t *public_tests(const struct tu_course_problem *p,
			    struct tu_err *err)
{
	char path[TU_CONTENT_PATH_MAX + 32];
	const json_t *cases, *k;
	json_t *root, *a;
	size_t i;

	snprintf(path, sizeof(path), "%s/problem.json", p->dir);
	root = json_load_file(path, JSON_REJECT_DUPLICATES, NULL);
	cases = json_object_get(root, "cases");
	if (!json_is_array(cases)) {
		json_decref(root);
		tu_err_set(err, TU_EIO, "problem '%s': cannot read its "
			   "problem.json", p->id);
		return NULL;
	}
	a = json_array();
	json_array_foreach(cases, i, k)
		if (!json_is_true(json_object_get(k, "hidden")))
			json_array_append_new(a, case_json(k));
	json_decref(root);
	return a;
}

static json_t *starter_json(const struct tu_course_problem *p)
{
	json_t *o = json_object();

	for (int l = 0; o && l < TU_LANGS; l++)
		if (p->langs[l] && p->starter[l])
			json_object_set_new(o, tu_lang_name((enum tu_lang)l),
					    json_string(p->starter[l]));
	return o;
}

TU_API_HANDLER(tu_api_problem)
{
	const char *id = tu_api_param(params, "id");
	const struct tu_course_problem *p;
	struct tu_err err = TU_ERR_INIT;
	json_t *o, *tests;

	(void)req;
	(void)who;
	(void)body;
	if (!(p = tu_api_problem_find(s, id ? id : "", resp)))
		return;
	if (!(tests = public_tests(p, &err))) {
		tu_http_error(resp, 500, "internal", "%s", err.msg);
		return;
	}
	o = problem_brief(p);
	json_object_set_new(o, "languages", langs_json(p->langs));
	json_object_set_new(o, "statement",
			    json_string(p->statement ? p->statement : ""));
	json_object_set_new(o, "starter", starter_json(p));
	json_object_set_new(o, "public_tests", tests);
	json_object_set_new(o, "hidden_tests",
			    json_integer((json_int_t)p->n_hidden_tests));
	json_object_set_new(o, "hint_levels", json_integer(5));
	tu_http_json(resp, 200, o);
}
