/*
 * holdout.c - removing problems from a loaded course (tu_course_hold_out,
 * tutor/content.h), so an evaluation can keep some problems out of the
 * tutor's reach and test on them.  Not a loader: it only shrinks a course
 * the loader built.
 */
#include <stdlib.h>
#include <string.h>

#include "content_internal.h"

/* Keeps the actions that do not practise a dropped problem. */
static void drop_actions(struct tu_course *c, char (*ids)[TU_ID_MAX],
			 const bool *drop)
{
	size_t k = 0;

	for (size_t i = 0; i < c->n_actions; i++) {
		struct tu_course_action *a = &c->actions[i];
		bool gone = false;

		for (size_t j = 0; a->problem[0] && j < c->n_problems; j++)
			if (drop[j] && !strcmp(ids[j], a->problem))
				gone = true;
		if (gone) {
			free(a->body);
			continue;
		}
		c->actions[k++] = *a;
	}
	c->n_actions = k;
}

enum tu_status tu_course_hold_out(struct tu_course *c, const bool *drop,
				  struct tu_err *err)
{
	char (*ids)[TU_ID_MAX];   /* the old problem ids, for drop_actions */
	size_t keep = 0, k = 0;

	for (size_t i = 0; i < c->n_problems; i++)
		keep += !drop[i];
	if (keep == 0)
		return tu_err_set(err, TU_EINVAL, "%s: holding out every "
				  "problem leaves nothing to practise", c->id);
	ids = calloc(c->n_problems, sizeof(*ids));
	if (!ids)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", c->id);
	for (size_t i = 0; i < c->n_problems; i++)
		memcpy(ids[i], c->problems[i].id, TU_ID_MAX);
	drop_actions(c, ids, drop);
	free(ids);
	for (size_t i = 0; i < c->n_problems; i++) {
		if (drop[i]) {
			tu__problem_release(&c->problems[i]);
			continue;
		}
		c->problems[k++] = c->problems[i];
	}
	c->n_problems = k;
	return tu__course_curriculum(c, c->id, err);
}
