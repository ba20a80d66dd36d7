/*
 * kt_run.h - running the built `tutor` binary from a test: the command's
 * stdout and stderr land in files of a fresh temporary directory.
 */
#ifndef TUTOR_TESTS_KT_RUN_H
#define TUTOR_TESTS_KT_RUN_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

struct run {
	char dir[64];
	char out[4096 * 4];
	char err[4096];
	int status;
};

static inline void run_slurp(const char *path, char *buf, size_t cap)
{
	FILE *f = fopen(path, "r");
	size_t n = 0;

	if (f) {
		n = fread(buf, 1, cap - 1, f);
		fclose(f);
	}
	buf[n] = '\0';
}

/* Makes r->dir; returns 0 on success. */
static inline int run_init(struct run *r)
{
	snprintf(r->dir, sizeof(r->dir), "/tmp/tutor-kt-XXXXXX");
	return mkdtemp(r->dir) ? 0 : -1;
}

/* Writes text to r->dir/name and returns the path (static buffer). */
static inline const char *run_file(struct run *r, const char *name,
				   const char *text)
{
	static char path[128];
	FILE *f;

	snprintf(path, sizeof(path), "%s/%s", r->dir, name);
	f = fopen(path, "w");
	if (f) {
		fputs(text, f);
		fclose(f);
	}
	return path;
}

/* Runs "$TUTOR_BIN args" (args already shell-quoted); fills out/err. */
static inline int run_cmd(struct run *r, const char *bin, const char *args)
{
	char cmd[2048], o[128], e[128];
	int st;

	snprintf(o, sizeof(o), "%s/stdout", r->dir);
	snprintf(e, sizeof(e), "%s/stderr", r->dir);
	snprintf(cmd, sizeof(cmd), "'%s' %s >'%s' 2>'%s'", bin, args, o, e);
	st = system(cmd);
	r->status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	run_slurp(o, r->out, sizeof(r->out));
	run_slurp(e, r->err, sizeof(r->err));
	return r->status;
}

static inline void run_cleanup(struct run *r)
{
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", r->dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", r->dir);
}

#endif
