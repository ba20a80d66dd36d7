/*
 * jobs_proc.c - the judge processes behind jobs.c, and the codec that
 * carries a judge result between them.
 *
 * A judge process is forked while the server has one thread (the sandbox
 * must not be entered from a threaded process: docs/judge.md).  It owns a
 * copy of the course (copy-on-write), reads requests from a Unix socket,
 * judges each with tu_judge_submit (its own sandbox uid slot) and writes
 * back the status and, on TU_OK, the whole result as JSON.  It has its
 * own process group (a terminal's Ctrl-C reaches only the server, which
 * then drains), dies with the server (PR_SET_PDEATHSIG) and exits on end
 * of file.
 *
 * Frames, in host byte order (both ends are this program):
 *   request  u32 lang, u32 item_len, u32 code_len, item, code
 *   response u32 status, u32 len, payload (result JSON or error text)
 *
 * What it is not: no queueing and no events (jobs.c).
 */
#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "jobs.h"
#include "jobs_proc.h"

#define RESULT_MAX (16u << 20)     /* bytes of an encoded result */

/* ---- the result codec ---------------------------------------------------- */

static json_t *str_or_null(const char *s)
{
	return s ? json_string(s) : json_null();
}

static json_t *case_encode(const struct tu_case_result *c)
{
	return json_pack("{s:s,s:b,s:i,s:s,s:o,s:o,s:o,s:o,s:s,s:f}",
			 "name", c->name, "hidden", c->hidden,
			 "verdict", (int)c->verdict, "message", c->message,
			 "output", str_or_null(c->output),
			 "input", str_or_null(c->input_json),
			 "expected", str_or_null(c->expected_json),
			 "actual", str_or_null(c->actual_json),
			 "error_type", c->error_type, "time", c->time_s);
}

static json_t *result_json(const struct tu_judge_result *r)
{
	json_t *cases = json_array(), *tags = json_array(),
	       *review = json_array();

	for (size_t i = 0; i < r->n_cases; i++)
		json_array_append_new(cases, case_encode(&r->cases[i]));
	for (size_t i = 0; i < r->n_tags; i++)
		json_array_append_new(tags, json_pack("{s:s,s:s,s:s}",
			"tag", r->tags[i].tag, "topic", r->tags[i].topic,
			"evidence", r->tags[i].evidence));
	for (size_t i = 0; i < r->n_review; i++)
		json_array_append_new(review, json_pack("{s:s,s:i,s:s}",
			"rule", r->review[i].rule, "line", r->review[i].line,
			"message", r->review[i].message));
	return json_pack("{s:i,s:s,s:o,s:o,s:o,s:f,s:o}",
			 "verdict", (int)r->verdict, "message", r->message,
			 "cases", cases, "tags", tags, "review", review,
			 "wall", r->wall_s,
			 "diagnostics", str_or_null(r->diagnostics));
}

char *tu_jobs_result_encode(const struct tu_judge_result *r, size_t *len)
{
	json_t *v = result_json(r);
	char *s = v ? json_dumps(v, JSON_COMPACT) : NULL;

	json_decref(v);
	if (s && len)
		*len = strlen(s);
	return s;
}

/* Copies string member key of o into dst[cap] ("" when absent). */
static void get_str(const json_t *o, const char *key, char *dst, size_t cap)
{
	const char *s = json_string_value(json_object_get(o, key));

	snprintf(dst, cap, "%s", s ? s : "");
}

/* A new copy of string member key, NULL when null/absent; *bad on OOM. */
static char *get_dup(const json_t *o, const char *key, bool *bad)
{
	const char *s = json_string_value(json_object_get(o, key));
	char *d = s ? strdup(s) : NULL;

	if (s && !d)
		*bad = true;
	return d;
}

static enum tu_verdict get_verdict(const json_t *o)
{
	json_int_t v = json_integer_value(json_object_get(o, "verdict"));

	return v >= TU_VERDICT_AC && v <= TU_VERDICT_IE ?
	       (enum tu_verdict)v : TU_VERDICT_IE;
}

static bool case_decode(const json_t *o, struct tu_case_result *c)
{
	bool bad = !json_is_object(o);

	get_str(o, "name", c->name, sizeof(c->name));
	c->hidden = json_is_true(json_object_get(o, "hidden"));
	c->verdict = get_verdict(o);
	get_str(o, "message", c->message, sizeof(c->message));
	c->output = get_dup(o, "output", &bad);
	c->input_json = get_dup(o, "input", &bad);
	c->expected_json = get_dup(o, "expected", &bad);
	c->actual_json = get_dup(o, "actual", &bad);
	get_str(o, "error_type", c->error_type, sizeof(c->error_type));
	c->time_s = json_number_value(json_object_get(o, "time"));
	return !bad;
}

/* calloc of n elements of size (NULL for n == 0 is fine); *bad on OOM. */
static void *alloc_n(size_t n, size_t size, bool *bad)
{
	void *p = n ? calloc(n, size) : NULL;

	if (n && !p)
		*bad = true;
	return p;
}

static bool lists_decode(const json_t *v, struct tu_judge_result *r)
{
	const json_t *cases = json_object_get(v, "cases"),
		     *tags = json_object_get(v, "tags"),
		     *review = json_object_get(v, "review");
	bool bad = false;

	r->cases = alloc_n(json_array_size(cases), sizeof(*r->cases), &bad);
	r->tags = alloc_n(json_array_size(tags), sizeof(*r->tags), &bad);
	r->review = alloc_n(json_array_size(review), sizeof(*r->review), &bad);
	if (bad)
		return false;
	for (size_t i = 0; i < json_array_size(cases); i++, r->n_cases++)
		if (!case_decode(json_array_get(cases, i), &r->cases[i]))
			bad = true;
	for (size_t i = 0; i < json_array_size(tags); i++, r->n_tags++) {
		const json_t *t = json_array_get(tags, i);

		get_str(t, "tag", r->tags[i].tag, sizeof(r->tags[i].tag));
		get_str(t, "topic", r->tags[i].topic, sizeof(r->tags[i].topic));
		get_str(t, "evidence", r->tags[i].evidence,
			sizeof(r->tags[i].evidence));
	}
	for (size_t i = 0; i < json_array_size(review); i++, r->n_review++) {
		const json_t *f = json_array_get(review, i);

		get_str(f, "rule", r->review[i].rule, sizeof(r->review[i].rule));
		r->review[i].line = (int)json_integer_value(
			json_object_get(f, "line"));
		get_str(f, "message", r->review[i].message,
			sizeof(r->review[i].message));
	}
	return !bad;
}

enum tu_status tu_jobs_result_decode(const char *s, size_t len,
				     struct tu_judge_result *r,
				     struct tu_err *err)
{
	json_error_t je;
	json_t *v = json_loadb(s, len, 0, &je);
	bool bad = false;

	memset(r, 0, sizeof(*r));
	if (!json_is_object(v)) {
		json_decref(v);
		return tu_err_set(err, TU_EPARSE, "judge process: result does "
				  "not parse: %s", je.text);
	}
	r->verdict = get_verdict(v);
	get_str(v, "message", r->message, sizeof(r->message));
	r->wall_s = json_number_value(json_object_get(v, "wall"));
	r->diagnostics = get_dup(v, "diagnostics", &bad);
	if (!lists_decode(v, r))
		bad = true;
	json_decref(v);
	if (bad) {
		tu_judge_result_release(r);
		return tu_err_set(err, TU_ENOMEM, "judge process: out of "
				  "memory decoding a result");
	}
	return TU_OK;
}

/* ---- reliable reads and writes ------------------------------------------ */

static bool write_all(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t w = send(fd, c, n, MSG_NOSIGNAL);

		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return false;
		c += w;
		n -= (size_t)w;
	}
	return true;
}

/* Reads n bytes; timeout_ms < 0 waits forever. */
static bool read_all(int fd, void *p, size_t n, int timeout_ms)
{
	char *c = p;
	struct pollfd pf = { .fd = fd, .events = POLLIN };

	while (n) {
		ssize_t r;
		int pr = poll(&pf, 1, timeout_ms);

		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			return false;
		r = read(fd, c, n);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return false;
		c += r;
		n -= (size_t)r;
	}
	return true;
}

/* ---- the child ---------------------------------------------------------- */

static bool child_reply(int fd, uint32_t status, const char *p, size_t n)
{
	uint32_t hdr[2] = { status, (uint32_t)n };

	return write_all(fd, hdr, sizeof(hdr)) && write_all(fd, p, n);
}

static bool child_judge(int fd, const struct tu_course *course,
			unsigned slot, const char *item, uint32_t lang,
			const char *code, size_t len)
{
	const struct tu_course_problem *p = tu_course_problem_find(course, item);
	struct tu_err err = TU_ERR_INIT;
	struct tu_judge_config cfg;
	struct tu_judge_result res;
	char *enc;
	size_t n = 0;
	bool ok;

	if (!p || lang > TU_LANG_C)
		return child_reply(fd, TU_EINVAL, "no such problem", 15);
	tu_judge_config_default(&cfg);
	cfg.uid_slot = slot;
	if (tu_judge_submit(p->judge, (enum tu_lang)lang, code, len, &cfg,
			    &res, &err))
		return child_reply(fd, err.code, err.msg, strlen(err.msg));
	enc = tu_jobs_result_encode(&res, &n);
	tu_judge_result_release(&res);
	if (!enc || n > RESULT_MAX)
		ok = child_reply(fd, TU_ENOMEM, "result too large", 16);
	else
		ok = child_reply(fd, TU_OK, enc, n);
	free(enc);
	return ok;
}

/* One request; false at end of file or on a broken frame. */
static bool child_serve_one(int fd, const struct tu_course *course,
			    unsigned slot)
{
	uint32_t hdr[3];
	char item[TU_ID_MAX];
	char *code;
	bool ok;

	if (!read_all(fd, hdr, sizeof(hdr), -1) || hdr[1] >= TU_ID_MAX ||
	    hdr[2] > TU_JUDGE_MAX_SOURCE ||
	    !read_all(fd, item, hdr[1], -1))
		return false;
	item[hdr[1]] = '\0';
	code = malloc((size_t)hdr[2] + 1);
	if (!code || !read_all(fd, code, hdr[2], -1)) {
		free(code);
		return false;
	}
	code[hdr[2]] = '\0';
	ok = child_judge(fd, course, slot, item, hdr[0], code, hdr[2]);
	free(code);
	return ok;
}

static void child_main(int fd, const struct tu_course *course, unsigned slot,
		       pid_t parent)
{
	sigset_t none;

	setpgid(0, 0);
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(0);
	/* the server blocks SIGINT/SIGTERM and ignores SIGPIPE; the judged
	 * programs must not inherit that */
	signal(SIGPIPE, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	while (child_serve_one(fd, course, slot))
		;
	_exit(0);
}

/* ---- the parent's side ----------------------------------------------- */

enum tu_status tu_judge_proc_start(struct tu_judge_proc *p,
				   const struct tu_course *course,
				   unsigned slot, const int *close_fds,
				   size_t n_close, struct tu_err *err)
{
	int sv[2];
	pid_t parent = getpid();

	memset(p, 0, sizeof(*p));
	p->fd = -1;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
		return tu_err_set(err, TU_EIO, "judge process: socketpair: %s",
				  strerror(errno));
	fflush(NULL);
	p->pid = fork();
	if (p->pid < 0) {
		close(sv[0]);
		close(sv[1]);
		return tu_err_set(err, TU_EIO, "judge process: fork: %s",
				  strerror(errno));
	}
	if (p->pid == 0) {
		close(sv[0]);
		for (size_t i = 0; i < n_close; i++)
			close(close_fds[i]);
		child_main(sv[1], course, slot, parent);
	}
	close(sv[1]);
	p->fd = sv[0];
	p->slot = slot;
	p->alive = true;
	return TU_OK;
}

/* Marks p dead: its socket closed, the child killed and reaped. */
static void proc_kill(struct tu_judge_proc *p)
{
	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	if (p->pid > 0) {
		kill(p->pid, SIGKILL);
		waitpid(p->pid, NULL, 0);
	}
	p->pid = 0;
	p->alive = false;
}

static bool send_request(struct tu_judge_proc *p, const char *item,
			 enum tu_lang lang, const char *code, size_t len)
{
	uint32_t hdr[3] = { (uint32_t)lang, (uint32_t)strlen(item),
			    (uint32_t)len };

	return write_all(p->fd, hdr, sizeof(hdr)) &&
	       write_all(p->fd, item, hdr[1]) && write_all(p->fd, code, len);
}

/* Reads the answer into a new buffer *out of *n bytes. */
static bool read_answer(struct tu_judge_proc *p, uint32_t *status,
			char **out, size_t *n, int timeout_ms)
{
	uint32_t hdr[2];

	*out = NULL;
	if (!read_all(p->fd, hdr, sizeof(hdr), timeout_ms) ||
	    hdr[1] > RESULT_MAX)
		return false;
	*out = malloc((size_t)hdr[1] + 1);
	if (!*out || !read_all(p->fd, *out, hdr[1], timeout_ms)) {
		free(*out);
		*out = NULL;
		return false;
	}
	(*out)[hdr[1]] = '\0';
	*status = hdr[0];
	*n = hdr[1];
	return true;
}

enum tu_status tu_judge_proc_run(struct tu_judge_proc *p, const char *item,
				 enum tu_lang lang, const char *code,
				 size_t len, int timeout_ms,
				 struct tu_judge_result *res,
				 struct tu_err *err)
{
	uint32_t status = 0;
	char *ans;
	size_t n;
	enum tu_status st;

	memset(res, 0, sizeof(*res));
	if (!p->alive)
		return tu_err_set(err, TU_EUNAVAIL, "judge process %u is gone",
				  p->slot);
	if (!send_request(p, item, lang, code, len) ||
	    !read_answer(p, &status, &ans, &n, timeout_ms)) {
		proc_kill(p);
		return tu_err_set(err, TU_EUNAVAIL, "judge process %u stopped "
				  "or did not answer in time", p->slot);
	}
	if (status != TU_OK)
		st = tu_err_set(err, status <= TU_EBUDGET ?
				(enum tu_status)status : TU_EINTERNAL,
				"%.*s", (int)(n < 400 ? n : 400), ans);
	else
		st = tu_jobs_result_decode(ans, n, res, err);
	free(ans);
	return st;
}

void tu_judge_proc_stop(struct tu_judge_proc *p)
{
	int status;

	if (p->fd >= 0)
		close(p->fd);
	p->fd = -1;
	if (p->pid > 0) {
		/* end of file makes it exit; give it a moment, then kill */
		for (int i = 0; i < 200; i++) {
			if (waitpid(p->pid, &status, WNOHANG) == p->pid) {
				p->pid = 0;
				break;
			}
			usleep(10000);
		}
	}
	proc_kill(p);
}
