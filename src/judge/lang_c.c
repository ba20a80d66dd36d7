/*
 * lang_c.c - judging C submissions: compile inside the sandbox (compiler
 * profile), keep gcc's diagnostics, then run the program once (function
 * problems: the generated harness calls every case) or once per case
 * (stdio problems) under the native profile.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "judge_internal.h"

#define COMPILE_CPU_S 10.0
#define COMPILE_WALL_S 30.0
#define COMPILE_MEMORY (768u * 1024u * 1024u)

static void compile_limits(const struct tu__run *run,
			   struct tu_sandbox_limits *lim)
{
	*lim = run->cfg->limits;
	lim->cpu_s = COMPILE_CPU_S;
	lim->wall_s = COMPILE_WALL_S;
	if (lim->memory_bytes < COMPILE_MEMORY)
		lim->memory_bytes = COMPILE_MEMORY;
	if (lim->processes < 16)
		lim->processes = 16;
	if (lim->open_files < 64)
		lim->open_files = 64;
	if (lim->file_bytes < 64u * 1024u * 1024u)
		lim->file_bytes = 64u * 1024u * 1024u;
	lim->output_bytes = 64u * 1024u;
}

/* Copies gcc's stderr without the "/work/" prefix of paths. */
static char *strip_work(const char *s)
{
	char *out = malloc(strlen(s) + 1), *o = out;

	if (!out)
		return NULL;
	while (*s) {
		if (strncmp(s, "/work/", 6) == 0)
			s += 6;
		else
			*o++ = *s++;
	}
	*o = '\0';
	return out;
}

/* Compiles file into /work/prog; false (with res filled) when it failed. */
static bool compile(struct tu__run *run, struct tu_judge_result *res,
		    const char *file, const char *file2, enum tu_status *st,
		    struct tu_err *err)
{
	const char *argv[] = { run->cfg->cc, "-std=c17", "-O2", "-Wall",
		"-Wextra", "-Wuninitialized", "-Wmaybe-uninitialized",
		"-fno-common", "-fdiagnostics-color=never", "-fmax-errors=20",
		"-o", "/work/prog", file, file2 ? file2 : "-lm",
		file2 ? "-lm" : NULL, NULL };
	struct tu_sandbox_limits lim;
	struct tu_sandbox_result sr;
	char why[300];
	bool ok;

	compile_limits(run, &lim);
	*st = tu__sandbox(run, argv, TU_PROFILE_COMPILER, &lim, NULL, 0, &sr,
			  err);
	if (*st != TU_OK)
		return false;
	ok = sr.status == TU_RUN_EXITED && sr.exit_code == 0;
	if (sr.err && sr.err[0])
		res->diagnostics = strip_work(sr.err);
	if (!ok) {
		enum tu_verdict v = tu__run_verdict(&sr, why, sizeof(why));

		if (v == TU_VERDICT_IE || v == TU_VERDICT_SV) {
			tu__set_message(res, why);
			tu__all_cases(res, TU_VERDICT_IE, "not run: the "
				      "compiler could not run");
		} else {
			if (sr.status == TU_RUN_EXITED)
				tu__set_message(res, sr.err ? sr.err : "");
			else
				snprintf(res->message, sizeof(res->message),
					 "the compiler failed: %s", why);
			tu__all_cases(res, TU_VERDICT_CE, "not run: the "
				      "program does not compile");
		}
	}
	tu_sandbox_result_release(&sr);
	return ok;
}

/* Reads the harness's result lines and the output between them. */
static void read_records(const struct tu__run *run,
			 struct tu_judge_result *res,
			 const struct tu_sandbox_result *sr, bool *seen)
{
	char marker[64];
	const char *pos = sr->out ? sr->out : "", *end = pos + sr->out_len;
	const char *m;
	size_t mlen = (size_t)snprintf(marker, sizeof(marker), "\n@@%s ",
				       run->nonce);

	while ((m = memmem(pos, (size_t)(end - pos), marker, mlen)) != NULL) {
		const char *line = m + mlen;
		const char *nl = memchr(line, '\n', (size_t)(end - line));
		json_t *rec = json_loadb(line, (size_t)((nl ? nl : end) - line),
					 JSON_ALLOW_NUL, NULL);
		const json_t *i = json_object_get(rec, "i");

		if (json_is_integer(i) && json_integer_value(i) >= 0 &&
		    (size_t)json_integer_value(i) < res->n_cases &&
		    !seen[json_integer_value(i)]) {
			size_t k = (size_t)json_integer_value(i);

			seen[k] = tu__case_from_record(run, res, k, rec);
			if (seen[k])
				tu__case_set_output(&res->cases[k], pos,
						    (size_t)(m - pos));
		}
		json_decref(rec);
		pos = nl ? nl + 1 : end;
	}
	/* What the crashing case printed before it stopped. */
	for (size_t k = 0; k < res->n_cases; k++) {
		if (!seen[k]) {
			tu__case_set_output(&res->cases[k], pos,
					    (size_t)(end - pos));
			break;
		}
	}
}

static enum tu_status run_function(struct tu__run *run,
				   struct tu_judge_result *res,
				   struct tu_err *err)
{
	const char *argv[] = { "/work/prog", NULL };
	struct tu_sandbox_result sr;
	char *harness = NULL;
	bool *seen;
	enum tu_status st;

	st = tu__harness_c(run->p, run->in, run->n, run->nonce, &harness,
			   err);
	if (st == TU_OK)
		st = tu__write_file(run->work, "harness.c", harness,
				    strlen(harness), err);
	free(harness);
	harness = NULL;
	if (st == TU_OK)
		st = tu__harness_c_timer(run->nonce, run->case_cpu_s, &harness,
					 err);
	if (st == TU_OK)
		st = tu__write_file(run->work, "timer.c", harness,
				    strlen(harness), err);
	free(harness);
	if (st != TU_OK || !compile(run, res, "/work/harness.c",
				    "/work/timer.c", &st, err))
		return st;
	seen = calloc(res->n_cases, sizeof(*seen));
	if (!seen)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	st = tu__sandbox(run, argv, TU_PROFILE_NATIVE, &run->lim, NULL, 0,
			 &sr, err);
	if (st == TU_OK) {
		read_records(run, res, &sr, seen);
		tu__fill_missing(run, res, &sr, seen);
		if (sr.status == TU_RUN_INTERNAL)
			tu__set_message(res, sr.detail);
		run->runtime_stderr = sr.err ? strdup(sr.err) : NULL;
		tu_sandbox_result_release(&sr);
	}
	free(seen);
	return st;
}

static enum tu_status run_stdio(struct tu__run *run,
				struct tu_judge_result *res,
				struct tu_err *err)
{
	const char *argv[] = { "/work/prog", NULL };
	enum tu_status st = TU_OK;

	if (!compile(run, res, "/work/solution.c", NULL, &st, err))
		return st;
	for (size_t k = 0; st == TU_OK && k < run->n; k++)
		st = tu__stdio_case(run, res, k, argv, TU_PROFILE_NATIVE, err);
	return st;
}

enum tu_status tu__judge_c(struct tu__run *run, struct tu_judge_result *res,
			   struct tu_err *err)
{
	enum tu_status st = tu__write_file(run->work, "solution.c", run->src,
					   run->len, err);

	if (st != TU_OK)
		return st;
	if (run->p->kind == TU__KIND_STDIO)
		return run_stdio(run, res, err);
	return run_function(run, res, err);
}
