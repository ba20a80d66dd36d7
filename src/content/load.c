/*
 * load.c - tu_course_load and the course's life cycle (tutor/content.h):
 * reads course.ini, then every problems/<id>/ in byte-wise id order, then
 * actions.ini; compiles the problems into the curriculum's item bank
 * against the topic graph; hashes every file read; id lookups by binary
 * search over the sorted arrays.  Any error releases everything, so a
 * failed load leaves the course empty.
 *
 * The reading and checking itself lives in course.c, problem_meta.c,
 * actions.c (files through files.c, syntax through ini.c).
 */
#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "content_internal.h"

_Static_assert(offsetof(struct tu_course_topic, id) == 0, "id first");
_Static_assert(offsetof(struct tu_course_misconception, id) == 0, "id first");
_Static_assert(offsetof(struct tu_course_problem, id) == 0, "id first");
_Static_assert(offsetof(struct tu_course_action, id) == 0, "id first");

int tu__cmp_id(const void *a, const void *b)
{
	return strcmp((const char *)a, (const char *)b);
}

const void *tu__find_id(const void *base, size_t n, size_t size,
			const char *id)
{
	size_t lo = 0, hi = n;

	if (!id)
		return NULL;
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		const char *e = (const char *)base + mid * size;
		int r = strcmp(id, e);

		if (r == 0)
			return e;
		if (r < 0)
			hi = mid;
		else
			lo = mid + 1;
	}
	return NULL;
}

void tu_course_init(struct tu_course *c)
{
	memset(c, 0, sizeof(*c));
	tu_topic_graph_init(&c->graph);
	tu_curriculum_init(&c->curriculum);
}

void tu_course_release(struct tu_course *c)
{
	tu_curriculum_release(&c->curriculum);
	tu_topic_graph_release(&c->graph);
	free(c->topics);
	free(c->misconceptions);
	for (size_t i = 0; i < c->n_problems; i++)
		tu__problem_release(&c->problems[i]);
	free(c->problems);
	for (size_t i = 0; i < c->n_actions; i++)
		free(c->actions[i].body);
	free(c->actions);
	tu_course_init(c);
}

const struct tu_course_problem *tu_course_problem_find(const struct tu_course *c,
						       const char *id)
{
	return tu__find_id(c->problems, c->n_problems, sizeof(*c->problems),
			   id);
}

const struct tu_course_action *tu_course_action_find(const struct tu_course *c,
						     const char *id)
{
	return tu__find_id(c->actions, c->n_actions, sizeof(*c->actions), id);
}

const struct tu_course_topic *tu_course_topic_find(const struct tu_course *c,
						   const char *id)
{
	return tu__find_id(c->topics, c->n_topics, sizeof(*c->topics), id);
}

const struct tu_course_misconception *
tu_course_misconception_find(const struct tu_course *c, const char *id)
{
	return tu__find_id(c->misconceptions, c->n_misconceptions,
			   sizeof(*c->misconceptions), id);
}

/* The course directory's realpath into L->root and c->root. */
static enum tu_status open_root(struct tu__loader *L, struct tu_err *err)
{
	char abs[PATH_MAX];
	struct stat sb;

	if (!realpath(L->dir, abs))
		return tu_err_set(err, TU_EIO, "%s: %s", L->dir,
				  strerror(errno));
	if (stat(abs, &sb) != 0 || !S_ISDIR(sb.st_mode))
		return tu_err_set(err, TU_EIO, "%s: not a directory", L->dir);
	if (strlen(abs) >= sizeof(L->root))
		return tu_err_set(err, TU_ERANGE, "%s: path too long", L->dir);
	memcpy(L->root, abs, strlen(abs) + 1);
	memcpy(L->c->root, abs, strlen(abs) + 1);
	return TU_OK;
}

static enum tu_status load_problems(struct tu__loader *L, struct tu_err *err)
{
	struct tu_course *c = L->c;
	char **names;
	size_t n;
	enum tu_status st = tu__list(L, "problems", TU_CONTENT_PROBLEMS_MAX,
				     &names, &n, err);

	if (st)
		return st;
	c->problems = calloc(n + 1, sizeof(*c->problems));
	if (!c->problems)
		st = tu_err_set(err, TU_ENOMEM, "%s: out of memory", L->dir);
	for (size_t i = 0; st == TU_OK && i < n; i++) {
		c->n_problems = i + 1;
		st = tu__problem(L, names[i], &c->problems[i], err);
	}
	tu__names_free(names, n);
	return st;
}

/* One curator item per problem, compiled against the topic graph
 * (content_internal.h). */
enum tu_status tu__course_curriculum(struct tu_course *c, const char *label,
				     struct tu_err *err)
{
	struct tu_item *items = calloc(c->n_problems + 1, sizeof(*items));
	struct tu_err e = TU_ERR_INIT;
	enum tu_status st;

	if (!items)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", label);
	for (size_t i = 0; i < c->n_problems; i++) {
		const struct tu_course_problem *p = &c->problems[i];

		memcpy(items[i].id, p->id, sizeof(items[i].id));
		memcpy(items[i].topics, p->topics, sizeof(items[i].topics));
		items[i].n_topics = p->n_topics;
		items[i].difficulty = p->difficulty;
		items[i].expected_min = p->expected_min;
	}
	tu_curriculum_release(&c->curriculum);
	st = tu_curriculum_build(&c->curriculum, &c->graph, items,
				 c->n_problems, &e);
	free(items);
	return st ? tu_err_set(err, st, "%s: curriculum: %s", label, e.msg)
		  : TU_OK;
}

/* Marks t and every topic it (transitively) requires in mark[]. */
static void mark_ancestors(const struct tu_topic_graph *g, size_t t,
			   unsigned char *mark)
{
	if (mark[t])
		return;
	mark[t] = 1;
	for (size_t e = g->pre_start[t]; e < g->pre_start[t + 1]; e++)
		mark_ancestors(g, g->pre[e], mark);
}

/* True when item it practises topic t with only t's prerequisites. */
static bool is_entry(const struct tu_cur_item *it, size_t t,
		     const unsigned char *mark)
{
	bool has_t = false;

	for (uint32_t j = 0; j < it->n_topics; j++) {
		if (!mark[it->topic[j]])
			return false;
		has_t |= it->topic[j] == t;
	}
	return has_t;
}

/* True when some problem practises topic t or some topic requires it
 * (a topic with neither is taught by actions only and blocks nothing). */
static bool has_problem_or_dependent(const struct tu_course *c, size_t t)
{
	const struct tu_topic_graph *g = &c->graph;

	for (size_t e = 0; e < g->n_edges; e++)
		if (g->pre[e] == t)
			return true;
	for (size_t i = 0; i < c->curriculum.n_items; i++)
		for (uint32_t j = 0; j < c->curriculum.items[i].n_topics; j++)
			if (c->curriculum.items[i].topic[j] == t)
				return true;
	return false;
}

/*
 * Every topic needs an entry problem: one tagged with it whose other
 * topics are all among its prerequisites.  Without one, a learner who has
 * mastered everything before it is never offered it (the curator opens an
 * item only when all its topics are open), and nothing after it opens.
 */
static enum tu_status check_entry_points(struct tu__loader *L,
					 struct tu_err *err)
{
	const struct tu_course *c = L->c;
	const struct tu_topic_graph *g = &c->graph;
	unsigned char *mark = malloc(g->n_topics + 1);
	char path[TU_CONTENT_PATH_MAX];
	enum tu_status st = TU_OK;

	if (!mark)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", L->dir);
	for (size_t t = 0; st == TU_OK && t < g->n_topics; t++) {
		bool found = !has_problem_or_dependent(c, t);

		memset(mark, 0, g->n_topics);
		mark_ancestors(g, t, mark);
		for (size_t i = 0; !found && i < c->curriculum.n_items; i++)
			found = is_entry(&c->curriculum.items[i], t, mark);
		if (found)
			continue;
		tu__display(L, "course.ini", path, sizeof(path));
		st = tu_err_set(err, TU_EDATA, "%s:%d: topic '%s': no problem "
				"practises it with only its prerequisites, so "
				"the curator could never offer it", path,
				c->topics[t].line, c->topics[t].id);
	}
	free(mark);
	return st;
}

enum tu_status tu_course_load(const char *dir, struct tu_course *c,
			      struct tu_err *err)
{
	struct tu__loader L = { .dir = dir, .c = c };
	enum tu_status st;

	if (!dir || !c)
		return tu_err_set(err, TU_EINVAL, "tu_course_load: NULL "
				  "argument");
	st = open_root(&L, err);
	if (st == TU_OK)
		st = tu__course_ini(&L, err);
	if (st == TU_OK)
		st = load_problems(&L, err);
	if (st == TU_OK)
		st = tu__actions_ini(&L, err);
	if (st == TU_OK)
		st = tu__course_curriculum(L.c, L.dir, err);
	if (st == TU_OK)
		st = check_entry_points(&L, err);
	if (st == TU_OK)
		tu__hash_files(&L, c->hash);
	tu__loader_release(&L);
	if (st)
		tu_course_release(c);
	return st;
}
