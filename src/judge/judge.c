/*
 * judge.c - tu_judge_submit: validates the submission, makes the work
 * directory, hands over to the language (lang_python.c, lang_c.c),
 * turns harness records and sandbox outcomes into case verdicts, adds
 * signals and review, and always removes the work directory.
 * Not pure: it writes files, runs the sandbox and reads the clock.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "tutor/utf8.h"
#include "judge_internal.h"
#if defined(TU_HAVE_SIGNALS) && TU_HAVE_SIGNALS
#include "tutor/judge_signals.h"
#endif

void tu_judge_config_default(struct tu_judge_config *cfg)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->python = "/usr/bin/python3";
	cfg->cc = "/usr/bin/gcc";
	cfg->tmp_root = "/tmp";
	tu_sandbox_limits_default(&cfg->limits);
	cfg->allow_cgroup = true;
}

enum tu_status tu_lang_parse(const char *s, enum tu_lang *out,
			     struct tu_err *err)
{
	if (s && (strcmp(s, "python") == 0 || strcmp(s, "py") == 0)) {
		*out = TU_LANG_PYTHON;
		return TU_OK;
	}
	if (s && strcmp(s, "c") == 0) {
		*out = TU_LANG_C;
		return TU_OK;
	}
	return tu_err_set(err, TU_EINVAL, "unknown language '%s' (python, c)",
			  s ? s : "(null)");
}

static enum tu_status check_source(const char *src, size_t len,
				   struct tu_err *err)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, step;

	if (!src || len == 0 || strspn(src, " \t\r\n") >= len)
		return tu_err_set(err, TU_EINVAL, "the source is empty");
	if (len > TU_JUDGE_MAX_SOURCE)
		return tu_err_set(err, TU_EINVAL, "the source is %zu bytes; "
				  "the limit is %u", len, TU_JUDGE_MAX_SOURCE);
	for (size_t line = 1; i < len; i += step) {
		if (s[i] == 0)
			return tu_err_set(err, TU_EINVAL, "line %zu: the source "
					  "contains a NUL byte", line);
		step = tu_utf8_seq(s + i, len - i);
		if (step == 0)
			return tu_err_set(err, TU_EINVAL, "line %zu: the source "
					  "is not valid UTF-8 (byte %zu)",
					  line, i + 1);
		line += s[i] == '\n';
	}
	return TU_OK;
}

/* ---- sandbox glue ---- */

enum tu_status tu__sandbox(const struct tu__run *run, const char *const *argv,
			   enum tu_sandbox_profile profile,
			   const struct tu_sandbox_limits *lim,
			   const char *stdin_data, size_t stdin_len,
			   struct tu_sandbox_result *sr, struct tu_err *err)
{
	static const char *const envp[] = { "PATH=/usr/bin:/bin",
		"LANG=C.UTF-8", "LC_ALL=C.UTF-8", "HOME=/work", "TMPDIR=/work",
		NULL };
	static const char *const all_ro[] = { "/usr", "/lib", "/lib64",
		"/bin", NULL };
	const char *ro[8];
	size_t n = 0;
	struct stat st;
	struct tu_sandbox_spec spec;

	for (size_t i = 0; all_ro[i]; i++)
		if (lstat(all_ro[i], &st) == 0)
			ro[n++] = all_ro[i];
	ro[n] = NULL;
	memset(&spec, 0, sizeof(spec));
	spec.argv = argv;
	spec.envp = envp;
	spec.workdir = run->work;
	spec.ro_paths = ro;
	spec.stdin_data = stdin_data;
	spec.stdin_len = stdin_len;
	spec.limits = *lim;
	spec.profile = profile;
	spec.allow_cgroup = run->cfg->allow_cgroup;
	spec.uid_slot = run->cfg->uid_slot;
	/* Learner code never writes to the host disk: its runs get a private
	 * size-limited /work.  The compiler's run keeps the bind so its
	 * output (the program) persists; RLIMIT_FSIZE bounds that file. */
	if (profile != TU_PROFILE_COMPILER)
		spec.work_tmpfs_bytes = TU_JUDGE_WORK_BYTES;
	return tu_sandbox_run(&spec, sr, err);
}

static const char *sig_name(int sig, char *buf, size_t cap)
{
	const char *abbr = sigabbrev_np(sig);

	if (abbr)
		snprintf(buf, cap, "SIG%s", abbr);
	else
		snprintf(buf, cap, "signal %d", sig);
	return buf;
}

static enum tu_verdict signal_verdict(const struct tu_sandbox_result *sr,
				      char *why, size_t cap)
{
	char name[32];

	sig_name(sr->signal, name, sizeof(name));
	if (sr->signal == SIGXCPU) {
		snprintf(why, cap, "CPU time limit reached (%s)", name);
		return TU_VERDICT_TLE;
	}
	if (sr->signal == SIGXFSZ) {
		snprintf(why, cap, "file size limit reached (%s)", name);
		return TU_VERDICT_OLE;
	}
	snprintf(why, cap, "killed by %s", name);
	return TU_VERDICT_RE;
}

enum tu_verdict tu__run_verdict(const struct tu_sandbox_result *sr,
				char *why, size_t cap)
{
	switch (sr->status) {
	case TU_RUN_CPU_LIMIT:
		snprintf(why, cap, "CPU time limit reached (%.2f s used)",
			 sr->cpu_s);
		return TU_VERDICT_TLE;
	case TU_RUN_WALL_LIMIT:
		snprintf(why, cap, "wall-clock limit reached (%.2f s): "
			 "waiting or sleeping?", sr->wall_s);
		return TU_VERDICT_TLE;
	case TU_RUN_MEMORY_LIMIT:
		snprintf(why, cap, "memory limit reached");
		return TU_VERDICT_MLE;
	case TU_RUN_OUTPUT_LIMIT:
		snprintf(why, cap, "output limit reached");
		return TU_VERDICT_OLE;
	case TU_RUN_SECCOMP:
		snprintf(why, cap, "forbidden system call: %s", sr->detail);
		return TU_VERDICT_SV;
	case TU_RUN_SIGNALED:
		return signal_verdict(sr, why, cap);
	case TU_RUN_INTERNAL:
		snprintf(why, cap, "sandbox: %s", sr->detail);
		return TU_VERDICT_IE;
	case TU_RUN_EXITED:
		break;
	}
	if (sr->err && strstr(sr->err, "MemoryError")) {
		snprintf(why, cap, "out of memory (MemoryError)");
		return TU_VERDICT_MLE;
	}
	if (sr->exit_code != 0)
		snprintf(why, cap, "the program exited with status %d",
			 sr->exit_code);
	else
		snprintf(why, cap, "the program ended before this case "
			 "finished");
	return TU_VERDICT_RE;
}

/* ---- case verdicts ---- */

static char *dump(const json_t *v)
{
	return v ? json_dumps(v, JSON_COMPACT | JSON_ENCODE_ANY |
			      JSON_REAL_PRECISION(17)) : NULL;
}

static void case_error(const struct tu__case *tc, struct tu_case_result *c,
		       const json_t *rec)
{
	const char *type = json_string_value(json_object_get(rec, "err"));
	const char *msg = json_string_value(json_object_get(rec, "msg"));
	json_int_t line = json_integer_value(json_object_get(rec, "line"));
	char where[48] = "";

	msg = msg ? msg : "";
	snprintf(c->error_type, sizeof(c->error_type), "%s", type);
	if (line > 0)
		snprintf(where, sizeof(where), " (line %" JSON_INTEGER_FORMAT
			 ")", line);
	if (tc->expected_error[0] && strcmp(type, tc->expected_error) == 0) {
		c->verdict = TU_VERDICT_AC;
		snprintf(c->message, sizeof(c->message), "raised %s as "
			 "expected", type);
	} else if (tc->expected_error[0]) {
		c->verdict = TU_VERDICT_WA;
		snprintf(c->message, sizeof(c->message), "expected %s to be "
			 "raised, got %s: %.300s%s", tc->expected_error, type,
			 msg, where);
	} else {
		c->verdict = strcmp(type, "MemoryError") == 0 ? TU_VERDICT_MLE
			     : strcmp(type, "Unsupported") == 0 ? TU_VERDICT_WA
			     : TU_VERDICT_RE;
		snprintf(c->message, sizeof(c->message), "%s: %.300s%s", type,
			 msg, where);
	}
}

static void case_value(const struct tu__run *run, size_t k,
		       struct tu_case_result *c, const json_t *v)
{
	const struct tu__case *tc = &run->p->cases[run->which[k]];
	char shown[TU__WA_VALUE_MAX + 8];

	c->actual_json = dump(v);
	if (tc->expected_error[0]) {
		tu__value_str(v, shown, sizeof(shown), TU__WA_VALUE_MAX);
		c->verdict = TU_VERDICT_WA;
		snprintf(c->message, sizeof(c->message), "expected %s to be "
			 "raised, but the function returned %s",
			 tc->expected_error, shown);
		return;
	}
	c->verdict = tu__compare_value(&run->p->returns, &tc->cmp,
				       run->ex[k], v, c->message,
				       sizeof(c->message)) ? TU_VERDICT_AC
		     : TU_VERDICT_WA;
}

bool tu__case_from_record(const struct tu__run *run, struct tu_judge_result *res,
			  size_t k, const json_t *rec)
{
	const struct tu__case *tc = &run->p->cases[run->which[k]];
	struct tu_case_result *c = &res->cases[k];
	const json_t *out = json_object_get(rec, "out");

	if (!json_is_true(json_object_get(rec, "tle")) &&
	    !json_is_true(json_object_get(rec, "ole")) &&
	    !json_is_string(json_object_get(rec, "err")) &&
	    !json_object_get(rec, "v"))
		return false;  /* not a harness record: ignored */
	c->time_s = json_number_value(json_object_get(rec, "t"));
	if (json_is_string(out))
		tu__case_set_output(c, json_string_value(out),
				    json_string_length(out));
	if (json_is_true(json_object_get(rec, "tle"))) {
		c->verdict = TU_VERDICT_TLE;
		snprintf(c->message, sizeof(c->message), "took more than "
			 "%.3g s of CPU time", run->case_cpu_s);
	} else if (json_is_true(json_object_get(rec, "ole"))) {
		c->verdict = TU_VERDICT_OLE;
		snprintf(c->message, sizeof(c->message), "printed more than "
			 "%zu bytes", run->lim.output_bytes);
	} else if (json_is_string(json_object_get(rec, "err"))) {
		case_error(tc, c, rec);
	} else {
		case_value(run, k, c, json_object_get(rec, "v"));
	}
	return true;
}

/* The C harness exits after a case's time limit: the rest did not run. */
static bool stopped_by_tle(const struct tu_judge_result *res,
			   const struct tu_sandbox_result *sr, const bool *seen,
			   char *first, size_t cap)
{
	if (sr->status != TU_RUN_EXITED)
		return false;
	for (size_t k = 0; k < res->n_cases; k++) {
		if (seen[k] && res->cases[k].verdict == TU_VERDICT_TLE) {
			snprintf(first, cap, "%s", res->cases[k].name);
			return true;
		}
	}
	return false;
}

void tu__fill_missing(const struct tu__run *run, struct tu_judge_result *res,
		      const struct tu_sandbox_result *sr, const bool *seen)
{
	char why[300], first[TU__NAME_MAX] = "";
	enum tu_verdict v = tu__run_verdict(sr, why, sizeof(why));

	(void)run;
	if (stopped_by_tle(res, sr, seen, first, sizeof(first))) {
		v = TU_VERDICT_TLE;
		snprintf(why, sizeof(why), "time limit");
	}
	for (size_t k = 0; k < res->n_cases; k++) {
		struct tu_case_result *c = &res->cases[k];

		if (seen[k])
			continue;
		c->verdict = v;
		if (!first[0]) {
			snprintf(first, sizeof(first), "%s", c->name);
			snprintf(c->message, sizeof(c->message), "%s", why);
			if (sr->signal)
				sig_name(sr->signal, c->error_type,
					 sizeof(c->error_type));
		} else {
			snprintf(c->message, sizeof(c->message), "not run: the "
				 "run stopped at case '%.127s' (%.300s)", first,
				 why);
		}
	}
}

void tu__all_cases(struct tu_judge_result *res, enum tu_verdict v,
		   const char *msg)
{
	for (size_t k = 0; k < res->n_cases; k++) {
		res->cases[k].verdict = v;
		snprintf(res->cases[k].message, sizeof(res->cases[k].message),
			 "%s", msg);
	}
}

void tu__set_message(struct tu_judge_result *res, const char *text)
{
	size_t o = 0;

	for (size_t i = 0; text[i] && o + 1 < sizeof(res->message); i++) {
		if (strncmp(text + i, "/work/", 6) == 0) {
			i += 5;
			continue;
		}
		res->message[o++] = text[i];
	}
	res->message[o] = '\0';
}

/* ---- the submission ---- */

static void make_nonce(char *buf, size_t cap)
{
	unsigned char r[12];
	struct timespec ts;

	if (getrandom(r, sizeof(r), 0) != (ssize_t)sizeof(r)) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		for (size_t i = 0; i < sizeof(r); i++)
			r[i] = (unsigned char)((uint64_t)ts.tv_nsec >> (i % 4 * 8)
					       ^ (uint64_t)getpid() >> i);
	}
	for (size_t i = 0; i < sizeof(r) && 2 * i + 2 < cap; i++)
		snprintf(buf + 2 * i, 3, "%02x", r[i]);
}

/* Parses one case value kept as text; NULL text gives NULL. */
static enum tu_status parse_value(const struct tu_problem *p,
				  const char *text, json_t **out,
				  struct tu_err *err)
{
	json_error_t je;

	*out = NULL;
	if (!text)
		return TU_OK;
	*out = json_loads(text, JSON_DECODE_ANY, &je);
	if (!*out)
		return tu_err_set(err, TU_ENOMEM, "%s: a case value does not "
				  "parse back: %s", p->file, je.text);
	return TU_OK;
}

/* The judged cases' inputs and expected values, as trees for this run. */
static enum tu_status parse_cases(struct tu__run *run, struct tu_err *err)
{
	const struct tu_problem *p = run->p;
	enum tu_status st = TU_OK;

	run->in = calloc(run->n, sizeof(*run->in));
	run->ex = calloc(run->n, sizeof(*run->ex));
	if (!run->in || !run->ex)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	for (size_t k = 0; st == TU_OK && k < run->n; k++) {
		const struct tu__case *c = &p->cases[run->which[k]];

		st = parse_value(p, c->input, &run->in[k], err);
		if (st == TU_OK)
			st = parse_value(p, c->expected, &run->ex[k], err);
	}
	return st;
}

static void run_release(struct tu__run *run)
{
	for (size_t k = 0; k < run->n; k++) {
		json_decref(run->in ? run->in[k] : NULL);
		json_decref(run->ex ? run->ex[k] : NULL);
	}
	free(run->in);
	free(run->ex);
	free(run->which);
	free(run->runtime_stderr);
}

/* The cases judged: all, except expected_error cases for C. */
static enum tu_status pick_cases(struct tu__run *run, struct tu_err *err)
{
	const struct tu_problem *p = run->p;

	run->which = malloc(p->n_cases * sizeof(*run->which));
	if (!run->which)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	for (size_t i = 0; i < p->n_cases; i++)
		if (run->lang == TU_LANG_PYTHON || !p->cases[i].expected_error[0])
			run->which[run->n++] = i;
	if (run->n == 0)
		return tu_err_set(err, TU_EINVAL, "%s: no case applies to C "
				  "(all expect a Python exception)", p->file);
	return parse_cases(run, err);
}

static void set_limits(struct tu__run *run)
{
	const struct tu_problem *p = run->p;
	struct tu_sandbox_limits *lim = &run->lim;
	double n = (double)(run->n < 3 ? run->n : 3);

	*lim = run->cfg->limits;
	if (p->wall_s > 0)
		lim->wall_s = p->wall_s;
	if (p->memory_mb > 0)
		lim->memory_bytes = (uint64_t)(p->memory_mb * 1048576.0);
	if (p->output_kb > 0)
		lim->output_bytes = (size_t)(p->output_kb * 1024.0);
	run->case_cpu_s = p->cpu_s > 0 ? p->cpu_s : lim->cpu_s;
	if (p->kind == TU__KIND_STDIO) {
		lim->cpu_s = run->case_cpu_s;
		return;
	}
	/* One process runs every case: a budget for three slow cases
	 * plus start-up; the channel carries the harness's records too. */
	lim->cpu_s = run->case_cpu_s * n + 1.0;
	if (lim->wall_s < 2.0 * lim->cpu_s)
		lim->wall_s = 2.0 * lim->cpu_s;
	lim->output_bytes += run->n * 4096;
	if (lim->output_bytes > 64u * 1024u * 1024u)
		lim->output_bytes = 64u * 1024u * 1024u;
}

static enum tu_status init_result(struct tu__run *run,
				  struct tu_judge_result *res,
				  struct tu_err *err)
{
	enum tu_status st = tu__result_alloc_cases(res, run->n, err);

	for (size_t k = 0; st == TU_OK && k < run->n; k++) {
		const struct tu__case *tc = &run->p->cases[run->which[k]];
		struct tu_case_result *c = &res->cases[k];

		snprintf(c->name, sizeof(c->name), "%s", tc->name);
		c->hidden = tc->hidden;
		c->verdict = TU_VERDICT_IE;
		if (run->p->kind == TU__KIND_STDIO) {
			json_t *in = json_string(tc->stdin_data);
			json_t *ex = json_string(tc->expected_stdout);

			c->input_json = dump(in);
			c->expected_json = dump(ex);
			json_decref(in);
			json_decref(ex);
		} else {
			c->input_json = strdup(tc->input);
			c->expected_json = tc->expected ? strdup(tc->expected)
							: NULL;
		}
	}
	return st;
}

#if defined(TU_HAVE_SIGNALS) && TU_HAVE_SIGNALS
static void add_signals(const struct tu__run *run, struct tu_judge_result *res)
{
	struct tu_signal_case *sc = calloc(res->n_cases + 1, sizeof(*sc));
	struct tu_signal_input in;
	size_t cap = res->verdict == TU_VERDICT_AC ? TU_REVIEW_MAX :
		     TU_SIGNALS_MAX;

	if (!sc)
		return;
	for (size_t k = 0; k < res->n_cases; k++) {
		const struct tu_case_result *c = &res->cases[k];

		sc[k] = (struct tu_signal_case){ c->name, c->verdict,
			c->error_type, c->message, c->input_json,
			c->expected_json, c->actual_json };
	}
	in = (struct tu_signal_input){ run->lang, run->src, run->len,
		res->diagnostics, run->runtime_stderr, sc, res->n_cases };
	if (res->verdict == TU_VERDICT_AC) {
		res->review = calloc(cap, sizeof(*res->review));
		if (res->review)
			tu_judge_review(&in, res->review, &res->n_review, cap);
	} else if (res->verdict != TU_VERDICT_IE) {
		res->tags = calloc(cap, sizeof(*res->tags));
		if (res->tags)
			tu_judge_signals(&in, res->tags, &res->n_tags, cap);
	}
	free(sc);
}
#else
static void add_signals(const struct tu__run *run, struct tu_judge_result *res)
{
	(void)run;
	(void)res;
}
#endif

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Runs the language's judge in a fresh work directory, then removes it. */
static enum tu_status run_in_workdir(struct tu__run *run,
				     struct tu_judge_result *res,
				     struct tu_err *err)
{
	struct tu_err werr = TU_ERR_INIT;
	enum tu_status st;

	if (tu__workdir_make(run->cfg->tmp_root, run->dir, sizeof(run->dir),
			     run->work, sizeof(run->work), &werr) != TU_OK) {
		res->verdict = TU_VERDICT_IE;
		tu__set_message(res, werr.msg);
		tu__all_cases(res, TU_VERDICT_IE, "not run: internal error");
		return TU_OK;
	}
	make_nonce(run->nonce, sizeof(run->nonce));
	st = run->lang == TU_LANG_C ? tu__judge_c(run, res, &werr)
				    : tu__judge_python(run, res, &werr);
	tu__workdir_remove(run->dir);
	if (st == TU_EIO || st == TU_EINVAL) {
		/* The work directory or the sandbox refused: nothing of the
		 * submission ran (or not all of it); an internal error. */
		res->verdict = TU_VERDICT_IE;
		tu__set_message(res, werr.msg);
		tu__all_cases(res, TU_VERDICT_IE, "not run: internal error");
		return TU_OK;
	}
	if (st != TU_OK)
		return tu_err_set(err, st, "%s", werr.msg);
	return TU_OK;
}

enum tu_status tu_judge_submit(const struct tu_problem *p, enum tu_lang lang,
			       const char *src, size_t len,
			       const struct tu_judge_config *cfg,
			       struct tu_judge_result *res,
			       struct tu_err *err)
{
	struct tu_judge_config defaults;
	struct tu__run run;
	double t0 = now_s();
	enum tu_status st;

	memset(res, 0, sizeof(*res));
	if (!p)
		return tu_err_set(err, TU_EINVAL, "no problem given");
	if (lang != TU_LANG_PYTHON && lang != TU_LANG_C)
		return tu_err_set(err, TU_EINVAL, "unknown language %d",
				  (int)lang);
	st = check_source(src, len, err);
	if (st != TU_OK)
		return st;
	if (!cfg) {
		tu_judge_config_default(&defaults);
		cfg = &defaults;
	}
	memset(&run, 0, sizeof(run));
	run = (struct tu__run){ .p = p, .cfg = cfg, .lang = lang, .src = src,
		.len = len };
	st = pick_cases(&run, err);
	if (st == TU_OK && lang == TU_LANG_C && p->kind == TU__KIND_FUNCTION) {
		char *h = NULL;

		st = tu__harness_c(p, NULL, 0, "", &h, err);
		free(h);
	}
	if (st == TU_OK)
		st = init_result(&run, res, err);
	if (st == TU_OK) {
		set_limits(&run);
		st = run_in_workdir(&run, res, err);
	}
	for (size_t k = 0; st == TU_OK && k < res->n_cases; k++)
		res->verdict = tu__verdict_max(res->verdict,
					       res->cases[k].verdict);
	if (st == TU_OK)
		add_signals(&run, res);
	run_release(&run);
	res->wall_s = now_s() - t0;
	if (st != TU_OK)
		tu_judge_result_release(res);
	return st;
}
