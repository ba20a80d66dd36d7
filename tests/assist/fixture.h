/*
 * fixture.h - what the assist tests share: the sample course
 * ($TUTOR_SOURCE/courses/sample), the source prompts directory, a
 * temporary directory and a learner context.
 */
#ifndef TESTS_ASSIST_FIXTURE_H
#define TESTS_ASSIST_FIXTURE_H

#include <limits.h>
#include <stdbool.h>

#include "tutor/assist.h"
#include "tutor/content.h"

struct afx {
	struct tu_course course;
	char prompts[PATH_MAX];
	char tmp[PATH_MAX];          /* a fresh temporary directory */
};

/* Loads the sample course and makes a temporary directory; 0 or -1. */
int afx_setup(struct afx *f);
void afx_teardown(struct afx *f);

/* The sample course's problem id (asserted to exist). */
const struct tu_course_problem *afx_problem(const struct afx *f,
					    const char *id);

/* A learner context: learner id, a fixed time, proficiency, persona. */
struct tu_assist_who afx_who(const char *learner, double proficiency);

/* Writes text to dir/name. */
void afx_write(const char *dir, const char *name, const char *text);

/* Copies the source prompts (every use's) into dir. */
void afx_copy_prompts(const struct afx *f, const char *dir);

#endif
