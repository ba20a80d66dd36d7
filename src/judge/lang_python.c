/*
 * lang_python.c - judging Python submissions.  Function problems: one
 * sandboxed interpreter runs the embedded harness (harness_python.py),
 * which imports solution.py and calls the function once per case,
 * printing one record per case tagged with the run's nonce.  stdio
 * problems: one interpreter run per case with the case's stdin.
 */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tutor/json.h"
#include "judge_internal.h"
#include "harness_python.h"

/* cases.json: the inputs only, positional, plus the harness's limits. */
static enum tu_status write_cases(const struct tu__run *run,
				  struct tu_err *err)
{
	const struct tu_problem *p = run->p;
	json_t *root = json_object(), *types = json_array(),
	       *cases = json_array();
	char tname[96], *text = NULL;
	size_t len = 0;
	enum tu_status st;

	for (size_t i = 0; types && i < p->n_params; i++) {
		tu__type_name(&p->params[i].type, tname, sizeof(tname));
		json_array_append_new(types, json_string(tname));
	}
	for (size_t k = 0; cases && k < run->n; k++) {
		const json_t *in = run->in[k];
		json_t *args = json_array();

		for (size_t i = 0; args && i < p->n_params; i++)
			json_array_append(args, json_object_get(in,
						p->params[i].name));
		json_array_append_new(cases, args);
	}
	json_object_set_new(root, "func", json_string(p->func));
	json_object_set_new(root, "types", types);
	json_object_set_new(root, "case_cpu_s", json_real(run->case_cpu_s));
	json_object_set_new(root, "output_keep",
			    json_integer(TU_JUDGE_CASE_OUTPUT_MAX));
	json_object_set_new(root, "output_max", json_integer(
		(json_int_t)(p->output_kb > 0 ? p->output_kb * 1024.0 :
			     (double)run->cfg->limits.output_bytes)));
	json_object_set_new(root, "cases", cases);
	st = tu_json_dump_take(root, JSON_COMPACT, "cases.json", &text, &len,
			       err);
	if (st == TU_OK)
		st = tu__write_file(run->work, "cases.json", text, len, err);
	free(text);
	return st;
}

/* A record line's JSON when line starts with "@@<nonce> "; else NULL. */
static json_t *record(const struct tu__run *run, const char *line,
		      size_t len)
{
	size_t nl = strlen(run->nonce);

	if (len < nl + 3 || line[0] != '@' || line[1] != '@' ||
	    memcmp(line + 2, run->nonce, nl) != 0 || line[nl + 2] != ' ')
		return NULL;
	/* The learner's strings may hold NUL: allowed, compared by length. */
	return json_loadb(line + nl + 3, len - nl - 3, JSON_REJECT_DUPLICATES |
			  JSON_ALLOW_NUL, NULL);
}

static void import_failed(struct tu_judge_result *res, const json_t *e)
{
	const char *type = json_string_value(json_object_get(e, "err"));
	const char *msg = json_string_value(json_object_get(e, "msg"));
	json_int_t line = json_integer_value(json_object_get(e, "line"));
	enum tu_verdict v = TU_VERDICT_RE;
	char text[700];

	type = type ? type : "Error";
	if (strcmp(type, "TimeLimit") == 0)
		v = TU_VERDICT_TLE;
	else if (strcmp(type, "OutputLimit") == 0)
		v = TU_VERDICT_OLE;
	else if (strcmp(type, "MemoryError") == 0)
		v = TU_VERDICT_MLE;
	if (line > 0)
		snprintf(text, sizeof(text), "while importing solution.py "
			 "(line %" JSON_INTEGER_FORMAT "): %s: %.400s", line,
			 type, msg ? msg : "");
	else
		snprintf(text, sizeof(text), "while importing solution.py: "
			 "%s: %.400s", type, msg ? msg : "");
	tu__set_message(res, text);
	tu__all_cases(res, v, text);
	for (size_t k = 0; k < res->n_cases; k++)
		snprintf(res->cases[k].error_type,
			 sizeof(res->cases[k].error_type), "%s", type);
}

/* Handles a header record; returns false when no case will follow. */
static bool header(const struct tu__run *run, struct tu_judge_result *res,
		   const json_t *rec)
{
	const json_t *ce = json_object_get(rec, "ce");
	const json_t *missing = json_object_get(rec, "missing");
	char text[700];

	if (ce) {
		snprintf(text, sizeof(text), "solution.py:%" JSON_INTEGER_FORMAT
			 ":%" JSON_INTEGER_FORMAT ": %s: %.400s",
			 json_integer_value(json_object_get(ce, "line")),
			 json_integer_value(json_object_get(ce, "col")),
			 json_string_value(json_object_get(ce, "err")),
			 json_string_value(json_object_get(ce, "msg")));
		tu__set_message(res, text);
		tu__all_cases(res, TU_VERDICT_CE, "not run: the program does "
			      "not compile");
		return false;
	}
	if (json_is_string(missing)) {
		snprintf(text, sizeof(text), "solution.py does not define a "
			 "function '%s'", run->p->func);
		tu__set_message(res, text);
		tu__all_cases(res, TU_VERDICT_CE, text);
		return false;
	}
	if (json_object_get(rec, "import_err")) {
		import_failed(res, json_object_get(rec, "import_err"));
		return false;
	}
	return true;
}

/* Reads the harness's records from the run's stdout. */
static void read_records(const struct tu__run *run,
			 struct tu_judge_result *res,
			 const struct tu_sandbox_result *sr, bool *seen)
{
	const char *s = sr->out ? sr->out : "", *end = s + sr->out_len;
	bool more = true;

	while (s < end && more) {
		const char *nl = memchr(s, '\n', (size_t)(end - s));
		size_t len = nl ? (size_t)(nl - s) : (size_t)(end - s);
		json_t *rec = record(run, s, len);
		const json_t *i = json_object_get(rec, "i");

		s += len + 1;
		if (!rec)
			continue;
		if (json_is_integer(i) && json_integer_value(i) >= 0 &&
		    (size_t)json_integer_value(i) < res->n_cases &&
		    !seen[json_integer_value(i)]) {
			size_t k = (size_t)json_integer_value(i);

			seen[k] = tu__case_from_record(run, res, k, rec);
		} else if (!i) {
			more = header(run, res, rec);
			if (!more)
				memset(seen, 1, res->n_cases * sizeof(*seen));
		}
		json_decref(rec);
	}
}

static enum tu_status run_function(struct tu__run *run,
				   struct tu_judge_result *res,
				   struct tu_err *err)
{
	const char *argv[] = { run->cfg->python, "-I", "-S", "-B",
		"/work/harness.py", run->nonce, NULL };
	struct tu_sandbox_result sr;
	bool *seen;
	enum tu_status st;

	st = tu__write_file(run->work, "harness.py", tu__harness_python,
			    sizeof(tu__harness_python) - 1, err);
	if (st == TU_OK)
		st = write_cases(run, err);
	if (st != TU_OK)
		return st;
	seen = calloc(res->n_cases, sizeof(*seen));
	if (!seen)
		return tu_err_set(err, TU_ENOMEM, "out of memory");
	st = tu__sandbox(run, argv, TU_PROFILE_PYTHON, &run->lim, NULL, 0,
			 &sr, err);
	if (st == TU_OK) {
		read_records(run, res, &sr, seen);
		tu__fill_missing(run, res, &sr, seen);
		if (sr.status == TU_RUN_INTERNAL)
			tu__set_message(res, sr.detail);
		free(run->runtime_stderr);
		run->runtime_stderr = sr.err ? strdup(sr.err) : NULL;
		tu_sandbox_result_release(&sr);
	}
	free(seen);
	return st;
}

/* ---- stdio ---- */

/* Python's traceback: exception class (last line) and learner line. */
static void traceback_info(const char *err, char *type, size_t cap,
			   char *msg, size_t mcap, int *line)
{
	const char *last = NULL, *p = err, *at;
	size_t n;

	*line = 0;
	type[0] = msg[0] = '\0';
	for (at = strstr(err, "\"/work/solution.py\", line "); at;
	     at = strstr(at + 1, "\"/work/solution.py\", line "))
		*line = atoi(at + 26);
	while (*p) {
		const char *nl = strchr(p, '\n');
		if (!isspace((unsigned char)*p) && *p)
			last = p;
		p = nl ? nl + 1 : p + strlen(p);
	}
	if (!last)
		return;
	n = strcspn(last, ":\n");
	if (n == 0 || n >= cap || !(isalpha((unsigned char)last[0]) ||
				    last[0] == '_'))
		return;
	for (size_t i = 0; i < n; i++)
		if (!(isalnum((unsigned char)last[i]) || last[i] == '_' ||
		      last[i] == '.'))
			return;
	snprintf(type, cap, "%.*s", (int)n, last);
	if (strrchr(type, '.'))
		memmove(type, strrchr(type, '.') + 1,
			strlen(strrchr(type, '.') + 1) + 1);
	if (last[n] == ':')
		snprintf(msg, mcap, "%.*s", (int)strcspn(last + n + 1, "\n"),
			 last + n + 1);
}

static void python_error(struct tu_case_result *c, const char *err)
{
	char type[64], msg[320];
	int line;

	traceback_info(err, type, sizeof(type), msg, sizeof(msg), &line);
	if (!type[0])
		return;
	snprintf(c->error_type, sizeof(c->error_type), "%s", type);
	if (line > 0)
		snprintf(c->message, sizeof(c->message), "%s:%s (line %d)",
			 type, msg, line);
	else
		snprintf(c->message, sizeof(c->message), "%s:%s", type, msg);
	if (strcmp(type, "MemoryError") == 0)
		c->verdict = TU_VERDICT_MLE;
}

static bool is_syntax_error(const char *type)
{
	return strcmp(type, "SyntaxError") == 0 ||
	       strcmp(type, "IndentationError") == 0 ||
	       strcmp(type, "TabError") == 0;
}

static json_t *text_json(const char *s, size_t n)
{
	json_t *v = json_stringn(s, n);

	return v ? v : json_string("(output is not valid UTF-8)");
}

static void stdio_result(const struct tu__run *run, struct tu_judge_result *res,
		    size_t k, const struct tu_sandbox_result *sr)
{
	const struct tu__case *tc = &run->p->cases[run->which[k]];
	struct tu_case_result *c = &res->cases[k];
	const char *out = sr->out ? sr->out : "";
	json_t *actual = text_json(out, sr->out_len);

	c->time_s = sr->cpu_s;
	tu__case_set_output(c, out, sr->out_len);
	c->actual_json = actual ? json_dumps(actual, JSON_ENCODE_ANY) : NULL;
	json_decref(actual);
	if (sr->status == TU_RUN_EXITED && sr->exit_code == 0) {
		c->verdict = tu__compare_stdout(&tc->cmp, tc->expected_stdout,
						out, c->message,
						sizeof(c->message))
			     ? TU_VERDICT_AC : TU_VERDICT_WA;
		return;
	}
	c->verdict = tu__run_verdict(sr, c->message, sizeof(c->message));
	if (run->lang == TU_LANG_PYTHON && sr->status == TU_RUN_EXITED &&
	    sr->err)
		python_error(c, sr->err);
}

enum tu_status tu__stdio_case(struct tu__run *run, struct tu_judge_result *res,
			      size_t k, const char *const *argv,
			      enum tu_sandbox_profile profile,
			      struct tu_err *err)
{
	const struct tu__case *tc = &run->p->cases[run->which[k]];
	struct tu_sandbox_result sr;
	enum tu_status st;

	st = tu__sandbox(run, argv, profile, &run->lim, tc->stdin_data,
			 strlen(tc->stdin_data), &sr, err);
	if (st != TU_OK)
		return st;
	stdio_result(run, res, k, &sr);
	if (sr.status == TU_RUN_INTERNAL)
		tu__set_message(res, sr.detail);
	free(run->runtime_stderr);
	run->runtime_stderr = sr.err ? strdup(sr.err) : NULL;
	tu_sandbox_result_release(&sr);
	return TU_OK;
}

static enum tu_status run_stdio(struct tu__run *run,
				struct tu_judge_result *res,
				struct tu_err *err)
{
	const char *argv[] = { run->cfg->python, "-I", "-S", "-B",
		"/work/solution.py", NULL };
	enum tu_status st = TU_OK;

	for (size_t k = 0; st == TU_OK && k < run->n; k++) {
		st = tu__stdio_case(run, res, k, argv, TU_PROFILE_PYTHON, err);
		if (st == TU_OK && is_syntax_error(res->cases[k].error_type)) {
			tu__set_message(res, res->cases[k].message);
			tu__all_cases(res, TU_VERDICT_CE, "not run: the "
				      "program does not compile");
			break;
		}
	}
	return st;
}

enum tu_status tu__judge_python(struct tu__run *run,
				struct tu_judge_result *res,
				struct tu_err *err)
{
	enum tu_status st = tu__write_file(run->work, "solution.py", run->src,
					   run->len, err);

	if (st != TU_OK) {
		res->verdict = TU_VERDICT_IE;
		tu__set_message(res, err ? err->msg : "cannot write files");
		tu__all_cases(res, TU_VERDICT_IE, "not run: internal error");
		return TU_OK;
	}
	if (run->p->kind == TU__KIND_STDIO)
		return run_stdio(run, res, err);
	return run_function(run, res, err);
}
