/* fixture.c - see fixture.h. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fixture.h"

int afx_setup(struct afx *f)
{
	const char *src = getenv("TUTOR_SOURCE");
	const char *tmp = getenv("TMPDIR");
	char dir[PATH_MAX];
	struct tu_err e = TU_ERR_INIT;

	memset(f, 0, sizeof(*f));
	tu_course_init(&f->course);
	if (!src)
		src = ".";
	snprintf(dir, sizeof dir, "%s/courses/sample", src);
	snprintf(f->prompts, sizeof f->prompts, "%s/prompts", src);
	if (tu_course_load(dir, &f->course, &e) != TU_OK) {
		fprintf(stderr, "cannot load %s: %s\n", dir, e.msg);
		return -1;
	}
	snprintf(f->tmp, sizeof f->tmp, "%s/tu-assist-XXXXXX",
		 tmp && tmp[0] ? tmp : "/tmp");
	return mkdtemp(f->tmp) ? 0 : -1;
}

/* Removes dir and the files and directories one level below it. */
static void rm_tree(const char *dir, int depth)
{
	char p[PATH_MAX + 300];
	struct dirent *d;
	DIR *dh = opendir(dir);

	if (!dh)
		return;
	while ((d = readdir(dh)) != NULL) {
		if (strcmp(d->d_name, ".") == 0 || strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(p, sizeof p, "%s/%s", dir, d->d_name);
		if (unlink(p) != 0 && depth > 0)
			rm_tree(p, depth - 1);
	}
	closedir(dh);
	rmdir(dir);
}

void afx_teardown(struct afx *f)
{
	tu_course_release(&f->course);
	if (f->tmp[0])
		rm_tree(f->tmp, 2);
}

const struct tu_course_problem *afx_problem(const struct afx *f,
					    const char *id)
{
	const struct tu_course_problem *p =
		tu_course_problem_find(&f->course, id);

	assert_non_null(p);
	return p;
}

struct tu_assist_who afx_who(const char *learner, double proficiency)
{
	struct tu_assist_who w;

	memset(&w, 0, sizeof w);
	w.learner = learner;
	w.now = 1767225600;          /* 2026-01-01T00:00:00Z */
	w.proficiency = proficiency;
	w.persona = TU_PERSONA_NONE;
	return w;
}

void afx_write(const char *dir, const char *name, const char *text)
{
	char p[PATH_MAX + 64];
	FILE *fp;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	fp = fopen(p, "w");
	assert_non_null(fp);
	fputs(text, fp);
	fclose(fp);
}

void afx_copy_prompts(const struct afx *f, const char *dir)
{
	static const char *const names[] = {
		"hint.md", "review.md", "narrative.md", "goals.md", "ask.md",
		"plan_decompose.md", "plan_steps.md", "plan_step.md"
	};
	char src[PATH_MAX + 64], buf[65536];

	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
		FILE *fp;
		size_t n;

		snprintf(src, sizeof src, "%s/%s", f->prompts, names[i]);
		fp = fopen(src, "r");
		assert_non_null(fp);
		n = fread(buf, 1, sizeof buf - 1, fp);
		fclose(fp);
		buf[n] = '\0';
		afx_write(dir, names[i], buf);
	}
}
