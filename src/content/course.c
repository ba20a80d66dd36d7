/*
 * course.c - course.ini: the [course] manifest, [topic ID] sections with
 * their prerequisites (every one must exist, no cycles; a cycle is named
 * by the line of a topic on it and its path) and [misconception ID] tags.
 * Topics and misconceptions end up sorted by id, and the topic graph
 * (tutor/curriculum.h) is built from the sorted topics.
 *
 * Not here: problems and actions, which refer to these ids (problem_meta.c,
 * actions.c).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "content_internal.h"

#define PATH_CAP (2 * TU_CONTENT_PATH_MAX)

enum { WHITE = 0, GREY, BLACK };

static const char *const course_keys[] = { "id", "title", "version",
	"description", "languages", "solutions", NULL };
static const char *const topic_keys[] = { "title", "summary", "requires",
	NULL };
static const char *const misc_keys[] = { "title", "topic", "description",
	"remedy", NULL };

/* Checks the section kinds and ids; counts topics and misconceptions. */
static enum tu_status survey(const struct tu__ini *ini, const char *path,
			     size_t *n_topics, size_t *n_misc,
			     const struct tu__ini_section **course,
			     struct tu_err *err)
{
	for (size_t i = 0; i < ini->n_sec; i++) {
		const struct tu__ini_section *s = &ini->sec[i];
		bool is_course = strcmp(s->kind, "course") == 0;
		bool is_topic = strcmp(s->kind, "topic") == 0;

		if (!is_course && !is_topic && strcmp(s->kind, "misconception"))
			return tu_err_set(err, TU_EDATA, "%s:%d: unknown section "
					  "[%s] (course, topic, misconception)",
					  path, s->line, s->kind);
		if (is_course != !s->id[0])
			return tu_err_set(err, TU_EDATA, "%s:%d: section [%s] %s",
					  path, s->line, s->kind, is_course ?
					  "takes no id" : "needs an id");
		if (is_course)
			*course = s;
		else if (is_topic && ++*n_topics > TU_CONTENT_TOPICS_MAX)
			return tu_err_set(err, TU_ERANGE, "%s:%d: more than %d "
					  "topics", path, s->line,
					  TU_CONTENT_TOPICS_MAX);
		else if (!is_topic && ++*n_misc > TU_CONTENT_MISC_MAX)
			return tu_err_set(err, TU_ERANGE, "%s:%d: more than %d "
					  "misconceptions", path, s->line,
					  TU_CONTENT_MISC_MAX);
	}
	if (!*course)
		return tu_err_set(err, TU_EDATA, "%s:1: missing section [course]",
				  path);
	return TU_OK;
}

/* [course] solutions = required (default) | optional. */
static enum tu_status solutions_policy(struct tu_course *c,
				       const struct tu__ini_section *s,
				       const char *path, struct tu_err *err)
{
	const struct tu__ini_key *k = tu__sec_get(s, "solutions");

	c->solutions_optional = false;
	if (!k || strcmp(k->value, "required") == 0)
		return TU_OK;
	if (strcmp(k->value, "optional") == 0) {
		c->solutions_optional = true;
		return TU_OK;
	}
	return tu_err_set(err, TU_EDATA, "%s:%d: solutions: '%s' is not "
			  "'required' or 'optional'", path, k->line, k->value);
}

static enum tu_status fill_course(struct tu_course *c,
				  const struct tu__ini_section *s,
				  const char *path, struct tu_err *err)
{
	const struct tu__ini_key *k;
	enum tu_status st = tu__sec_only_keys(s, course_keys, path, err);

	if (st == TU_OK)
		st = tu__sec_text(s, "id", c->id, sizeof(c->id), path, err);
	if (st == TU_OK && !tu__ini_is_id(c->id, strlen(c->id)))
		return tu_err_set(err, TU_EDATA, "%s:%d: id: '%s' is not an id "
				  "([a-z0-9][a-z0-9._-]*)", path,
				  tu__sec_get(s, "id")->line, c->id);
	if (st == TU_OK)
		st = tu__sec_text(s, "title", c->title, sizeof(c->title), path,
				  err);
	if (st == TU_OK)
		st = tu__sec_text(s, "version", c->version, sizeof(c->version),
				  path, err);
	if (st == TU_OK)
		st = tu__sec_opt_text(s, "description", c->description,
				      sizeof(c->description), path, err);
	if (st == TU_OK)
		st = tu__sec_need(s, "languages", path, &k, err);
	if (st == TU_OK)
		st = tu__key_langs(k, c->langs, path, err);
	if (st == TU_OK)
		st = solutions_policy(c, s, path, err);
	return st;
}

static enum tu_status fill_topic(struct tu_course_topic *t,
				 const struct tu__ini_section *s,
				 const char *path, struct tu_err *err)
{
	const struct tu__ini_key *k = tu__sec_get(s, "requires");
	enum tu_status st = tu__sec_only_keys(s, topic_keys, path, err);

	memcpy(t->id, s->id, sizeof(t->id));
	t->line = s->line;
	if (st == TU_OK)
		st = tu__sec_text(s, "title", t->title, sizeof(t->title), path,
				  err);
	if (st == TU_OK)
		st = tu__sec_opt_text(s, "summary", t->summary,
				      sizeof(t->summary), path, err);
	if (st == TU_OK && k)
		st = tu__key_list(k, t->requires[0], TU_ITEM_TOPICS_MAX,
				  TU_ID_MAX, true, &t->n_requires, path, err);
	return st;
}

static enum tu_status fill_misc(struct tu_course_misconception *m,
				const struct tu__ini_section *s,
				const char *path, struct tu_err *err)
{
	enum tu_status st = tu__sec_only_keys(s, misc_keys, path, err);

	memcpy(m->id, s->id, sizeof(m->id));
	if (st == TU_OK)
		st = tu__sec_text(s, "title", m->title, sizeof(m->title), path,
				  err);
	if (st == TU_OK)
		st = tu__sec_text(s, "description", m->description,
				  sizeof(m->description), path, err);
	if (st == TU_OK)
		st = tu__sec_opt_text(s, "topic", m->topic, sizeof(m->topic),
				      path, err);
	if (st == TU_OK)
		st = tu__sec_opt_text(s, "remedy", m->remedy,
				      sizeof(m->remedy), path, err);
	return st;
}

static enum tu_status fill_all(struct tu_course *c, const struct tu__ini *ini,
			       const char *path, struct tu_err *err)
{
	enum tu_status st = TU_OK;

	c->n_topics = c->n_misconceptions = 0;
	for (size_t i = 0; st == TU_OK && i < ini->n_sec; i++) {
		const struct tu__ini_section *s = &ini->sec[i];

		if (strcmp(s->kind, "course") == 0)
			st = fill_course(c, s, path, err);
		else if (strcmp(s->kind, "topic") == 0)
			st = fill_topic(&c->topics[c->n_topics++], s, path, err);
		else
			st = fill_misc(&c->misconceptions[c->n_misconceptions++],
				       s, path, err);
	}
	return st;
}

/* The section of ini that starts at line (sections are in file order). */
static const struct tu__ini_section *section_at(const struct tu__ini *ini,
						int line)
{
	size_t lo = 0, hi = ini->n_sec;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (ini->sec[mid].line < line)
			lo = mid + 1;
		else
			hi = mid;
	}
	return &ini->sec[lo];
}

static int requires_line(const struct tu__ini *ini,
			 const struct tu_course_topic *t)
{
	const struct tu__ini_key *k = tu__sec_get(section_at(ini, t->line),
						  "requires");

	return k ? k->line : t->line;
}

/* Resolves every topic's prerequisites into req[t][j] (topic indices). */
static enum tu_status resolve_requires(const struct tu_course *c,
				       const struct tu__ini *ini,
				       uint32_t (*req)[TU_ITEM_TOPICS_MAX],
				       const char *path, struct tu_err *err)
{
	for (size_t i = 0; i < c->n_topics; i++) {
		const struct tu_course_topic *t = &c->topics[i];

		for (size_t j = 0; j < t->n_requires; j++) {
			const struct tu_course_topic *r = tu_course_topic_find(
				c, t->requires[j]);

			if (!r)
				return tu_err_set(err, TU_EDATA, "%s:%d: requires: "
						  "unknown topic '%s'", path,
						  requires_line(ini, t),
						  t->requires[j]);
			req[i][j] = (uint32_t)(r - c->topics);
		}
	}
	return TU_OK;
}

/*
 * Reports the cycle stack[from..top] (each requires the next, the last
 * requires stack[from]) in prerequisite order, starting at the member
 * whose section comes first in the file, on that member's requires line.
 */
static enum tu_status report_cycle(const struct tu_course *c,
				   const struct tu__ini *ini,
				   const uint32_t *stack, size_t from,
				   size_t top, const char *path,
				   struct tu_err *err)
{
	size_t n = top - from + 1, start = 0, len;
	uint32_t chain[TU_CONTENT_TOPICS_MAX];
	char buf[TU_ERR_MSG_MAX];
	const struct tu_course_topic *t;

	chain[0] = stack[from];
	for (size_t i = 1; i < n; i++)
		chain[i] = stack[top + 1 - i];
	for (size_t i = 1; i < n; i++)
		if (c->topics[chain[i]].line < c->topics[chain[start]].line)
			start = i;
	t = &c->topics[chain[start]];
	len = 0;
	buf[0] = '\0';
	for (size_t i = 0; i <= n && len < sizeof(buf); i++)
		len += (size_t)snprintf(buf + len, sizeof(buf) - len, "%s%s",
					i ? " -> " : "",
					c->topics[chain[(start + i) % n]].id);
	return tu_err_set(err, TU_EDATA, "%s:%d: topic '%s': prerequisite "
			  "cycle: %s", path, requires_line(ini, t), t->id, buf);
}

struct dfs {
	uint8_t color[TU_CONTENT_TOPICS_MAX];
	uint32_t stack[TU_CONTENT_TOPICS_MAX];
	size_t pos[TU_CONTENT_TOPICS_MAX];  /* next edge of stack[i] */
};

/* Iterative DFS from root along requires edges; a grey target closes a
 * cycle, reported with its stack slice. */
static enum tu_status dfs_from(const struct tu_course *c,
			       const struct tu__ini *ini,
			       uint32_t (*req)[TU_ITEM_TOPICS_MAX],
			       struct dfs *d, uint32_t root, const char *path,
			       struct tu_err *err)
{
	size_t depth = 1;

	d->stack[0] = root;
	d->pos[0] = 0;
	d->color[root] = GREY;
	while (depth > 0) {
		uint32_t t = d->stack[depth - 1], u;
		size_t from = 0;

		if (d->pos[depth - 1] == c->topics[t].n_requires) {
			d->color[t] = BLACK;
			depth--;
			continue;
		}
		u = req[t][d->pos[depth - 1]++];
		if (d->color[u] == WHITE) {
			d->color[u] = GREY;
			d->stack[depth] = u;
			d->pos[depth++] = 0;
		} else if (d->color[u] == GREY) {
			while (d->stack[from] != u)
				from++;
			return report_cycle(c, ini, d->stack, from, depth - 1,
					    path, err);
		}
	}
	return TU_OK;
}

static enum tu_status check_cycles(const struct tu_course *c,
				   const struct tu__ini *ini,
				   uint32_t (*req)[TU_ITEM_TOPICS_MAX],
				   const char *path, struct tu_err *err)
{
	struct dfs *d = calloc(1, sizeof(*d));
	enum tu_status st = TU_OK;

	if (!d)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", path);
	for (size_t root = 0; st == TU_OK && root < c->n_topics; root++)
		if (d->color[root] == WHITE)
			st = dfs_from(c, ini, req, d, (uint32_t)root, path, err);
	free(d);
	return st;
}

static enum tu_status check_misc_topics(const struct tu_course *c,
					const struct tu__ini *ini,
					const char *path, struct tu_err *err)
{
	for (size_t i = 0; i < ini->n_sec; i++) {
		const struct tu__ini_section *s = &ini->sec[i];
		const struct tu__ini_key *k = tu__sec_get(s, "topic");

		if (strcmp(s->kind, "misconception") == 0 && k &&
		    k->len > 0 && !tu_course_topic_find(c, k->value))
			return tu_err_set(err, TU_EDATA, "%s:%d: topic: unknown "
					  "topic '%s'", path, k->line,
					  k->value);
	}
	return TU_OK;
}

/* Builds c->graph from the sorted, checked topics. */
static enum tu_status build_graph(struct tu_course *c, const char *path,
				  struct tu_err *err)
{
	const char **ids = calloc(c->n_topics + 1, sizeof(*ids));
	struct tu_prereq *edges = calloc(c->n_topics * TU_ITEM_TOPICS_MAX + 1,
					 sizeof(*edges));
	struct tu_err e = TU_ERR_INIT;
	size_t n_edges = 0;
	enum tu_status st = TU_ENOMEM;

	if (ids && edges) {
		for (size_t i = 0; i < c->n_topics; i++) {
			ids[i] = c->topics[i].id;
			for (size_t j = 0; j < c->topics[i].n_requires; j++) {
				edges[n_edges].topic = c->topics[i].id;
				edges[n_edges++].requires =
					c->topics[i].requires[j];
			}
		}
		st = tu_topic_graph_build(&c->graph, ids, c->n_topics, edges,
					  n_edges, &e);
	}
	free(ids);
	free(edges);
	if (st == TU_ENOMEM && !e.msg[0])
		return tu_err_set(err, st, "%s: out of memory", path);
	return st ? tu_err_set(err, st, "%s: %s", path, e.msg) : TU_OK;
}

static enum tu_status check_topics(struct tu_course *c,
				   const struct tu__ini *ini, const char *path,
				   struct tu_err *err)
{
	uint32_t (*req)[TU_ITEM_TOPICS_MAX] = calloc(c->n_topics + 1,
						     sizeof(*req));
	enum tu_status st;

	if (!req)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", path);
	qsort(c->topics, c->n_topics, sizeof(*c->topics), tu__cmp_id);
	qsort(c->misconceptions, c->n_misconceptions,
	      sizeof(*c->misconceptions), tu__cmp_id);
	st = resolve_requires(c, ini, req, path, err);
	if (st == TU_OK)
		st = check_cycles(c, ini, req, path, err);
	free(req);
	if (st == TU_OK)
		st = check_misc_topics(c, ini, path, err);
	if (st == TU_OK)
		st = build_graph(c, path, err);
	return st;
}

static enum tu_status interpret(struct tu_course *c, const struct tu__ini *ini,
				const char *path, struct tu_err *err)
{
	const struct tu__ini_section *course = NULL;
	size_t nt = 0, nm = 0;
	enum tu_status st = survey(ini, path, &nt, &nm, &course, err);

	if (st)
		return st;
	c->topics = calloc(nt + 1, sizeof(*c->topics));
	c->misconceptions = calloc(nm + 1, sizeof(*c->misconceptions));
	if (!c->topics || !c->misconceptions)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", path);
	st = fill_all(c, ini, path, err);
	if (st == TU_OK)
		st = check_topics(c, ini, path, err);
	return st;
}

enum tu_status tu__course_ini(struct tu__loader *L, struct tu_err *err)
{
	char path[PATH_CAP];
	struct tu__ini ini;
	char *buf;
	size_t len;
	enum tu_status st = tu__read(L, "course.ini", NULL, &buf, &len, err);

	if (st)
		return st;
	tu__display(L, "course.ini", path, sizeof(path));
	st = tu__ini_parse(&ini, buf, len, path, err);
	free(buf);
	if (st)
		return st;
	st = interpret(L->c, &ini, path, err);
	tu__ini_release(&ini);
	return st;
}
