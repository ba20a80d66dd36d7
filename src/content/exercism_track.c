/*
 * exercism_track.c - the track: config.json (language, version,
 * concepts, practice exercises with practices, prerequisites and
 * difficulty, concept exercises with the concepts they teach and their
 * prerequisites) and each concept's one-line blurb from
 * concepts/<slug>/.meta/config.json.  Everything is validated; errors
 * name the file and the JSON path.  A concept's prerequisites are the
 * union of the prerequisites of the (non-deprecated) concept exercises
 * that teach it; a prerequisite that is not a concept of the track is
 * noted as a dropped edge.
 *
 * Not here: canonical data (exercism_cases.c), topics (exercism_topics.c).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "exercism_internal.h"
#include "tutor/json.h"

#define PATH_CAP 128
#define FILE_CAP (TU_CONTENT_PATH_MAX + 256)

/* A config being read: the tree, its display path, the track. */
struct cfg {
	const json_t *root;
	char file[FILE_CAP];
	struct tu__ex_track *t;
};

/* Re-labels a tu_json message with the file name. */
static enum tu_status in_file(const struct cfg *C, enum tu_status st,
			      const struct tu_err *e, struct tu_err *err)
{
	return st ? tu_err_set(err, st, "%s: %s", C->file, e->msg) : TU_OK;
}

void tu__ex_notes_release(struct tu__ex_notes *ns)
{
	free(ns->v);
	memset(ns, 0, sizeof(*ns));
}

enum tu_status tu__ex_note(struct tu__ex_notes *ns, bool unique,
			   const char *what, const char *why,
			   struct tu_err *err)
{
	struct tu__ex_note n;

	snprintf(n.what, sizeof(n.what), "%s", what);
	snprintf(n.why, sizeof(n.why), "%s", why);
	for (size_t i = 0; unique && i < ns->n; i++)
		if (!strcmp(ns->v[i].what, n.what) &&
		    !strcmp(ns->v[i].why, n.why))
			return TU_OK;
	if (ns->n == ns->cap) {
		size_t cap = ns->cap ? 2 * ns->cap : 64;
		void *p = realloc(ns->v, cap * sizeof(*ns->v));

		if (!p)
			return tu_err_set(err, TU_ENOMEM, "out of memory");
		ns->v = p;
		ns->cap = cap;
	}
	ns->v[ns->n++] = n;
	return TU_OK;
}

void tu__ex_track_init(struct tu__ex_track *t)
{
	memset(t, 0, sizeof(*t));
}

void tu__ex_track_release(struct tu__ex_track *t)
{
	for (size_t i = 0; i < t->n_concepts; i++)
		free(t->concepts[i].prereq.v);
	free(t->concepts);
	free(t->practice);
	tu__ex_notes_release(&t->edges);
	tu__ex_track_init(t);
}

static int cmp_concept(const void *a, const void *b)
{
	return strcmp(((const struct tu__ex_concept *)a)->slug,
		      ((const struct tu__ex_concept *)b)->slug);
}

long tu__ex_concept_find(const struct tu__ex_track *t, const char *slug)
{
	size_t lo = 0, hi = t->n_concepts;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int r = strcmp(slug, t->concepts[mid].slug);

		if (r == 0)
			return (long)mid;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return -1;
}

/* o.key: an Exercism slug into dst (TU_ID_MAX bytes). */
static enum tu_status get_slug(const struct cfg *C, const json_t *o,
			       const char *path, const char *key, char *dst,
			       struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;
	enum tu_status st = tu_json_get_str(o, path, key, dst, TU_ID_MAX, &e);

	if (st)
		return in_file(C, st, &e, err);
	if (!tu__ex_is_slug(dst))
		return tu_err_set(err, TU_EPARSE, "%s: %s.%s: '%s' is not a "
				  "slug ([a-z0-9]+(-[a-z0-9]+)*)", C->file,
				  path, key, dst);
	return TU_OK;
}

/* o.key: a string of fewer than cap bytes, cleaned to one line. */
static enum tu_status get_line(const struct cfg *C, const json_t *o,
			       const char *path, const char *key, char *dst,
			       size_t cap, struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;
	struct tu__ex_buf b;
	enum tu_status st = tu_json_get_str(o, path, key, dst, cap, &e);

	if (st)
		return in_file(C, st, &e, err);
	tu__ex_buf_init(&b, cap - 1);
	tu__ex_one_line(&b, dst, strlen(dst), cap - 1);
	snprintf(dst, cap, "%s", tu__ex_buf_str(&b));
	tu__ex_buf_release(&b);
	return TU_OK;
}

/* Optional o.status: true when it is "deprecated". */
static enum tu_status get_deprecated(const struct cfg *C, const json_t *o,
				     const char *path, bool *dep,
				     struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;
	char status[TU_SHORT_MAX];
	enum tu_status st = TU_OK;

	*dep = false;
	if (json_object_get(o, "status"))
		st = tu_json_get_str(o, path, "status", status, sizeof(status),
				     &e);
	if (st == TU_OK && json_object_get(o, "status"))
		*dep = strcmp(status, "deprecated") == 0;
	return in_file(C, st, &e, err);
}

/*
 * o.key: an array of at most TU__EX_LIST_MAX strings (each shorter than
 * TU_ID_MAX); known concepts go to ids[] (indices, in order), unknown
 * slugs are skipped.  With names, the strings themselves are copied too.
 */
static enum tu_status get_concepts(const struct cfg *C, const json_t *o,
				   const char *path, const char *key,
				   uint32_t *ids, size_t *n,
				   char (*names)[TU_ID_MAX], size_t *n_names,
				   struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;
	const json_t *arr;
	char sub[PATH_CAP], s[TU_ID_MAX];
	enum tu_status st = tu_json_get_array(o, path, key, TU__EX_LIST_MAX,
					      &arr, &e);

	*n = 0;
	if (n_names)
		*n_names = 0;
	if (st)
		return in_file(C, st, &e, err);
	for (size_t i = 0; i < json_array_size(arr); i++) {
		long c;

		snprintf(sub, sizeof(sub), "%s.%s[%zu]", path, key, i);
		st = tu_json_get_str(json_array_get(arr, i), sub, NULL, s,
				     sizeof(s), &e);
		if (st)
			return in_file(C, st, &e, err);
		if (names)
			memcpy(names[(*n_names)++], s, sizeof(s));
		c = tu__ex_concept_find(C->t, s);
		if (c >= 0)
			ids[(*n)++] = (uint32_t)c;
	}
	return TU_OK;
}

static enum tu_status load_concept(const struct cfg *C, const json_t *o,
				   size_t i, struct tu__ex_concept *c,
				   struct tu_err *err)
{
	char path[PATH_CAP];
	enum tu_status st;

	snprintf(path, sizeof(path), "$.concepts[%zu]", i);
	if (!json_is_object(o))
		return tu_err_set(err, TU_EPARSE, "%s: %s: expected an "
				  "object, got %s", C->file, path,
				  tu_json_type_name(o));
	st = get_slug(C, o, path, "slug", c->slug, err);
	if (st == TU_OK)
		st = get_line(C, o, path, "name", c->name, sizeof(c->name),
			      err);
	return st;
}

static enum tu_status load_concepts(const struct cfg *C, struct tu_err *err)
{
	struct tu__ex_track *t = C->t;
	struct tu_err e = TU_ERR_INIT;
	const json_t *arr;
	enum tu_status st = tu_json_get_array(C->root, "$", "concepts",
					      TU__EX_CONCEPTS_MAX, &arr, &e);

	if (st)
		return in_file(C, st, &e, err);
	t->concepts = calloc(json_array_size(arr) + 1, sizeof(*t->concepts));
	if (!t->concepts)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", C->file);
	for (size_t i = 0; st == TU_OK && i < json_array_size(arr); i++) {
		t->n_concepts = i + 1;
		st = load_concept(C, json_array_get(arr, i), i,
				  &t->concepts[i], err);
	}
	if (st)
		return st;
	qsort(t->concepts, t->n_concepts, sizeof(*t->concepts), cmp_concept);
	for (size_t i = 1; i < t->n_concepts; i++)
		if (!strcmp(t->concepts[i].slug, t->concepts[i - 1].slug))
			return tu_err_set(err, TU_EPARSE, "%s: $.concepts: "
					  "duplicate slug '%s'", C->file,
					  t->concepts[i].slug);
	return TU_OK;
}

static enum tu_status load_practice(const struct cfg *C, const json_t *o,
				    size_t i, struct tu__ex_practice *p,
				    struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;
	char path[PATH_CAP];
	int64_t d = 0;
	enum tu_status st;

	snprintf(path, sizeof(path), "$.exercises.practice[%zu]", i);
	if (!json_is_object(o))
		return tu_err_set(err, TU_EPARSE, "%s: %s: expected an "
				  "object, got %s", C->file, path,
				  tu_json_type_name(o));
	st = get_slug(C, o, path, "slug", p->slug, err);
	if (st == TU_OK)
		st = get_line(C, o, path, "name", p->name, sizeof(p->name),
			      err);
	if (st == TU_OK)
		st = get_deprecated(C, o, path, &p->deprecated, err);
	if (st == TU_OK)
		st = in_file(C, tu_json_get_int(o, path, "difficulty", 1, 10,
						&d, &e), &e, err);
	p->difficulty = (int)d;
	if (st == TU_OK)
		st = get_concepts(C, o, path, "practices", p->practices,
				  &p->n_practices, NULL, NULL, err);
	if (st == TU_OK)
		st = get_concepts(C, o, path, "prerequisites", p->prereqs,
				  &p->n_prereqs, NULL, NULL, err);
	return st;
}

/* True when practice exercise i's slug is used by an earlier one. */
static bool seen_before(const struct tu__ex_track *t, size_t i)
{
	for (size_t j = 0; j < i; j++)
		if (!strcmp(t->practice[j].slug, t->practice[i].slug))
			return true;
	return false;
}

static enum tu_status load_practices(const struct cfg *C, const json_t *ex,
				     struct tu_err *err)
{
	struct tu__ex_track *t = C->t;
	struct tu_err e = TU_ERR_INIT;
	const json_t *arr;
	enum tu_status st = tu_json_get_array(ex, "$.exercises", "practice",
					      TU__EX_EXERCISES_MAX, &arr, &e);

	if (st)
		return in_file(C, st, &e, err);
	t->practice = calloc(json_array_size(arr) + 1, sizeof(*t->practice));
	if (!t->practice)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", C->file);
	for (size_t i = 0; st == TU_OK && i < json_array_size(arr); i++) {
		t->n_practice = i + 1;
		st = load_practice(C, json_array_get(arr, i), i,
				   &t->practice[i], err);
		if (st == TU_OK && seen_before(t, i))
			return tu_err_set(err, TU_EPARSE, "%s: $.exercises."
					  "practice[%zu].slug: duplicate slug "
					  "'%s'", C->file, i,
					  t->practice[i].slug);
	}
	return st;
}

/* Adds prerequisite p to concept c's list (kept unsorted here). */
static enum tu_status add_prereq(struct tu__ex_concept *c, uint32_t p,
				 struct tu_err *err)
{
	uint32_t *v;

	for (size_t i = 0; i < c->prereq.n; i++)
		if (c->prereq.v[i] == p)
			return TU_OK;
	v = realloc(c->prereq.v, (c->prereq.n + 1) * sizeof(*v));
	if (!v)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	v[c->prereq.n++] = p;
	c->prereq.v = v;
	return TU_OK;
}

/* The prerequisites of concept exercise o go to each concept it
 * teaches. */
static enum tu_status teach(const struct cfg *C, const json_t *o,
			    const char *path, struct tu_err *err)
{
	uint32_t taught[TU__EX_LIST_MAX], pre[TU__EX_LIST_MAX];
	char names[TU__EX_LIST_MAX][TU_ID_MAX], what[256];
	size_t nt, np, nn;
	enum tu_status st = get_concepts(C, o, path, "concepts", taught, &nt,
					 NULL, NULL, err);

	if (st == TU_OK)
		st = get_concepts(C, o, path, "prerequisites", pre, &np, names,
				  &nn, err);
	for (size_t i = 0; st == TU_OK && i < nt; i++) {
		struct tu__ex_concept *c = &C->t->concepts[taught[i]];

		for (size_t j = 0; st == TU_OK && j < nn; j++) {
			if (!strcmp(names[j], c->slug) ||
			    tu__ex_concept_find(C->t, names[j]) >= 0)
				continue;
			snprintf(what, sizeof(what), "`%s` requires `%s`",
				 c->slug, names[j]);
			st = tu__ex_note(&C->t->edges, true, what,
					 "unknown concept", err);
		}
		for (size_t j = 0; st == TU_OK && j < np; j++)
			if (pre[j] != taught[i])
				st = add_prereq(c, pre[j], err);
	}
	return st;
}

static enum tu_status load_concept_exercises(const struct cfg *C,
					     const json_t *ex,
					     struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;
	const json_t *arr;
	char path[PATH_CAP];
	enum tu_status st = TU_OK;

	if (!json_object_get(ex, "concept"))
		return TU_OK;
	st = tu_json_get_array(ex, "$.exercises", "concept",
			       TU__EX_EXERCISES_MAX, &arr, &e);
	if (st)
		return in_file(C, st, &e, err);
	for (size_t i = 0; st == TU_OK && i < json_array_size(arr); i++) {
		const json_t *o = json_array_get(arr, i);
		bool dep = false;

		snprintf(path, sizeof(path), "$.exercises.concept[%zu]", i);
		if (!json_is_object(o))
			return tu_err_set(err, TU_EPARSE, "%s: %s: expected an "
					  "object, got %s", C->file, path,
					  tu_json_type_name(o));
		st = get_deprecated(C, o, path, &dep, err);
		if (st == TU_OK && !dep)
			st = teach(C, o, path, err);
	}
	return st;
}

static int cmp_u32(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* language, version; then concepts, exercises. */
static enum tu_status load_config(const struct cfg *C, struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;
	const json_t *v = json_object_get(C->root, "version");
	const json_t *ex = json_object_get(C->root, "exercises");
	char lang[TU_SHORT_MAX];
	enum tu_status st = tu_json_get_str(C->root, "$", "language", lang,
					    sizeof(lang), &e);

	if (st)
		return in_file(C, st, &e, err);
	if (strcmp(lang, "Python") != 0)
		return tu_err_set(err, TU_EINVAL, "%s: $.language: only the "
				  "Python track is supported, got \"%s\"",
				  C->file, lang);
	if (!v || (json_is_integer(v) && json_integer_value(v) >= 0))
		snprintf(C->t->version, sizeof(C->t->version), "%lld",
			 v ? (long long)json_integer_value(v) : 1LL);
	else if (get_line(C, C->root, "$", "version", C->t->version,
			  sizeof(C->t->version), err) || !C->t->version[0])
		return tu_err_set(err, TU_EPARSE, "%s: $.version: expected a "
				  "non-negative integer or a non-empty string",
				  C->file);
	if (!json_is_object(ex))
		return tu_err_set(err, TU_EPARSE, "%s: $.exercises: expected "
				  "an object, got %s", C->file,
				  tu_json_type_name(ex));
	st = load_concepts(C, err);
	if (st == TU_OK)
		st = load_practices(C, ex, err);
	if (st == TU_OK)
		st = load_concept_exercises(C, ex, err);
	for (size_t i = 0; st == TU_OK && i < C->t->n_concepts; i++)
		if (C->t->concepts[i].prereq.n > 1)
			qsort(C->t->concepts[i].prereq.v,
			      C->t->concepts[i].prereq.n, sizeof(uint32_t),
			      cmp_u32);
	return st;
}

/* concepts/<slug>/.meta/config.json's "blurb" (optional file, key; a
 * "TODO ..." placeholder counts as none). */
static enum tu_status load_blurb(const struct tu__ex_root *r,
				 struct tu__ex_concept *c, struct tu_err *err)
{
	struct cfg C = { 0 };
	char rel[TU_ID_MAX + 32];
	bool exists;
	json_t *root;
	enum tu_status st;

	snprintf(rel, sizeof(rel), "concepts/%s/.meta/config.json", c->slug);
	st = tu__ex_read_json(r, rel, &exists, &root, err);
	if (st || !exists)
		return st;
	C.root = root;
	tu__ex_disp(r, rel, C.file, sizeof(C.file));
	if (!json_is_object(root))
		st = tu_err_set(err, TU_EPARSE, "%s: $: expected an object, "
				"got %s", C.file, tu_json_type_name(root));
	else if (json_object_get(root, "blurb"))
		st = get_line(&C, root, "$", "blurb", c->blurb,
			      sizeof(c->blurb), err);
	if (st == TU_OK && strncasecmp(c->blurb, "TODO", 4) == 0)
		c->blurb[0] = '\0';  /* a placeholder, not a blurb */
	json_decref(root);
	return st;
}

enum tu_status tu__ex_track_load(struct tu__ex_track *t,
				 const struct tu__ex_root *r,
				 struct tu_err *err)
{
	struct cfg C = { .t = t };
	json_t *root;
	enum tu_status st = tu__ex_read_json(r, "config.json", NULL, &root,
					     err);

	if (st)
		return st;
	C.root = root;
	tu__ex_disp(r, "config.json", C.file, sizeof(C.file));
	if (!json_is_object(root))
		st = tu_err_set(err, TU_EPARSE, "%s: $: expected an object, "
				"got %s", C.file, tu_json_type_name(root));
	else
		st = load_config(&C, err);
	json_decref(root);
	for (size_t i = 0; st == TU_OK && i < t->n_concepts; i++)
		st = load_blurb(r, &t->concepts[i], err);
	if (st)
		tu__ex_track_release(t);
	return st;
}
