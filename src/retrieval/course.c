/*
 * course.c - tu_retr_course_docs: a loaded course's learning actions and
 * problems as retrieval documents.  Reads struct tu_course's fields only
 * (no call into src/content, so this module still links with util and m
 * alone).
 *
 * title  = the title
 * topics = topic ids and titles; for actions also keywords and summary
 * body   = (TU_RETR_COURSE_BODIES) the action's Markdown body or the
 *          problem's statement
 */
#include <stdlib.h>
#include <string.h>

#include "retrieval_internal.h"
#include "tutor/content.h"

void tu_retr_docs_init(struct tu_retr_docs *d)
{
	memset(d, 0, sizeof(*d));
}

void tu_retr_docs_release(struct tu_retr_docs *d)
{
	for (size_t i = 0; d->owned && i < d->n; i++)
		free(d->owned[i]);
	free(d->owned);
	free(d->docs);
	free(d->is_problem);
	free(d->index);
	tu_retr_docs_init(d);
}

/* A growing string; failed once out of memory. */
struct str {
	char *p;
	size_t len, cap;
	bool failed;
};

static void put(struct str *s, const char *t)
{
	size_t n = t ? strlen(t) : 0;

	if (n == 0 || s->failed)
		return;
	if (!tu__rt_reserve((void **)&s->p, &s->cap, s->len + n + 2, 1)) {
		s->failed = true;
		return;
	}
	if (s->len > 0)
		s->p[s->len++] = '\n';
	memcpy(s->p + s->len, t, n + 1);
	s->len += n;
}

static const char *topic_title(const struct tu_course *c, const char *id)
{
	for (size_t i = 0; i < c->n_topics; i++)
		if (strcmp(c->topics[i].id, id) == 0)
			return c->topics[i].title;
	return NULL;
}

static void put_topics(struct str *s, const struct tu_course *c,
		       const char (*topics)[TU_ID_MAX], size_t n)
{
	for (size_t i = 0; i < n; i++) {
		put(s, topics[i]);
		put(s, topic_title(c, topics[i]));
	}
}

static char *action_topics(const struct tu_course *c,
			   const struct tu_course_action *x)
{
	struct str s = { NULL, 0, 0, false };

	put_topics(&s, c, x->topics, x->n_topics);
	for (size_t k = 0; k < x->n_keywords; k++)
		put(&s, x->keywords[k]);
	put(&s, x->summary);
	if (!s.failed && !s.p)
		s.p = calloc(1, 1);
	if (s.failed)
		free(s.p);
	return s.failed ? NULL : s.p;
}

static char *problem_topics(const struct tu_course *c,
			    const struct tu_course_problem *p)
{
	struct str s = { NULL, 0, 0, false };

	put_topics(&s, c, p->topics, p->n_topics);
	if (!s.failed && !s.p)
		s.p = calloc(1, 1);
	if (s.failed)
		free(s.p);
	return s.failed ? NULL : s.p;
}

static bool alloc_docs(struct tu_retr_docs *d, size_t n)
{
	d->docs = calloc(n + 1, sizeof(*d->docs));
	d->is_problem = calloc(n + 1, sizeof(*d->is_problem));
	d->index = calloc(n + 1, sizeof(*d->index));
	d->owned = calloc(n + 1, sizeof(*d->owned));
	return d->docs && d->is_problem && d->index && d->owned;
}

/* Adds document number d->n; false when out of memory. */
static bool add(struct tu_retr_docs *d, const char *id, const char *title,
		char *topics, const char *body, bool problem, size_t index)
{
	struct tu_retr_doc *x = &d->docs[d->n];

	if (!topics)
		return false;
	x->id = id;
	x->field[TU_RETR_TITLE] = title;
	x->field[TU_RETR_TOPICS] = topics;
	x->field[TU_RETR_BODY] = body;
	d->owned[d->n] = topics;
	d->is_problem[d->n] = problem;
	d->index[d->n++] = index;
	return true;
}

enum tu_status tu_retr_course_docs(const struct tu_course *c, unsigned what,
				   struct tu_retr_docs *d, struct tu_err *err)
{
	bool bodies = what & TU_RETR_COURSE_BODIES, ok;
	size_t na, np;

	if (!c || !d || !(what & (TU_RETR_COURSE_ACTIONS |
				  TU_RETR_COURSE_PROBLEMS)))
		return tu_err_set(err, TU_EINVAL, "retrieval: no course, "
				  "output or kind of document");
	na = what & TU_RETR_COURSE_ACTIONS ? c->n_actions : 0;
	np = what & TU_RETR_COURSE_PROBLEMS ? c->n_problems : 0;
	tu_retr_docs_init(d);
	ok = alloc_docs(d, na + np);
	for (size_t i = 0; ok && i < na; i++) {
		const struct tu_course_action *x = &c->actions[i];

		ok = add(d, x->id, x->title, action_topics(c, x),
			 bodies ? x->body : NULL, false, i);
	}
	for (size_t i = 0; ok && i < np; i++) {
		const struct tu_course_problem *p = &c->problems[i];

		ok = add(d, p->id, p->title, problem_topics(c, p),
			 bodies ? p->statement : NULL, true, i);
	}
	if (ok)
		return TU_OK;
	tu_retr_docs_release(d);
	return tu_err_set(err, TU_ENOMEM, "retrieval: out of memory");
}
