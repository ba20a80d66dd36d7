/*
 * cmd_serve.c - `tutor serve`: the HTTP API and web UI (tutor/server.h,
 * docs/server.md).  Parses the options, resolves the store, course and
 * web directory, starts the server, prints where it listens, and waits
 * for SIGINT or SIGTERM to stop it cleanly (requests in flight and queued
 * judge jobs are finished first).
 */
#include <errno.h>
#include <getopt.h>
#include <malloc.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "assist_cli.h"
#include "commands.h"
#include "platform.h"
#include "tutor/server.h"
#include "tutor/store.h"

#ifndef TUTOR_DATA_DIR
#define TUTOR_DATA_DIR "/usr/local/share/tutor"
#endif
#ifndef TUTOR_SOURCE_DIR
#define TUTOR_SOURCE_DIR "."
#endif

enum {
	OPT_BIND = 2001, OPT_PORT, OPT_COURSE, OPT_WEB, OPT_THREADS,
	OPT_WORKERS, OPT_ACCESS_LOG, OPT_RATE, OPT_ANON_RATE, OPT_NO_WEB,
	OPT_POLICY, OPT_POLICY_MODEL, OPT_STATE_CACHE
};

static void serve_usage(FILE *out)
{
	fputs("usage: tutor serve [--bind ADDR] [--port N] [--db PATH] "
	      "[--course DIR]\n"
	      "                   [--web DIR | --no-web] [--threads N] "
	      "[--judge-workers N]\n"
	      "                   [--state-cache MB] [--access-log FILE|-] "
	      "[--rate N] [--anon-rate N]\n\n"
	      "Serves the JSON API (docs/api.md) and the web UI over HTTP "
	      "until SIGINT or\nSIGTERM; then finishes the requests in flight "
	      "and the queued submissions\nand exits 0.  The store is created "
	      "and migrated when needed and the course\nis registered in it "
	      "(as 'tutor init' does).  Details: docs/server.md.\n\n"
	      "  --bind ADDR        the address to listen on (default "
	      "127.0.0.1; IPv4 or IPv6)\n"
	      "  --port N           the port (default 8080; 0 = any free "
	      "port)\n"
	      "  --course DIR       the course (default: the store's course, "
	      "else the\n                     built-in python course)\n"
	      "  --web DIR          the web UI's files (default web/dist of "
	      "the source tree,\n                     else the installed "
	      "one, when present)\n"
	      "  --no-web           serve no static files\n"
	      "  --threads N        HTTP threads (default 2)\n"
	      "  --judge-workers N  submissions judged at once (default 2)\n"
	      "  --state-cache MB   learner states kept in memory, shared "
	      "by all threads\n                     (default 64)\n"
	      "  --access-log FILE  one JSON line per request to FILE "
	      "(appended; - for\n                     stdout; default none)\n"
	      "  --rate N           requests per minute per account "
	      "(default 600; 0 = no\n                     limit)\n"
	      "  --anon-rate N      requests per minute per address without "
	      "an account\n                     (default 60; 0 = no limit)\n"
	      "  --policy P         next-item policy: curator (default), "
	      "random, linear,\n                     retrieval, model "
	      "(default $TUTOR_POLICY)\n"
	      "  --policy-model F   the trained policy for 'model' (default\n"
	      "                     $TUTOR_POLICY_MODEL)\n"
	      CLI_COMMON_HELP
	      "  -h, --help         show this help\n", out);
}

struct serve_opts {
	struct cli_common common;
	struct tu_server_config cfg;
	const char *course, *web, *access_log;
	bool no_web;
};

static bool parse_uint(const char *s, unsigned long max, unsigned long *out)
{
	char *end;
	unsigned long v;

	if (!s || !*s || *s == '-')
		return false;
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno || *end || v > max)
		return false;
	*out = v;
	return true;
}

/* A numeric option into *dst; false (error printed) when malformed. */
static bool num_opt(const char *name, const char *arg, unsigned long min,
		    unsigned long max, unsigned long *dst)
{
	if (parse_uint(arg, max, dst) && *dst >= min)
		return true;
	cli_error("serve: --%s: '%s' is not a number in %lu..%lu", name, arg,
		  min, max);
	return false;
}

static bool serve_opt(struct serve_opts *o, int c, const char *arg)
{
	unsigned long v = 0;

	switch (c) {
	case OPT_BIND: o->cfg.bind = arg; return true;
	case OPT_PORT:
		if (!num_opt("port", arg, 0, 65535, &v))
			return false;
		o->cfg.port = (uint16_t)v;
		return true;
	case OPT_COURSE: o->course = arg; return true;
	case OPT_WEB: o->web = arg; return true;
	case OPT_NO_WEB: o->no_web = true; return true;
	case OPT_POLICY: o->cfg.policy = arg; return true;
	case OPT_POLICY_MODEL: o->cfg.policy_model = arg; return true;
	case OPT_THREADS:
		if (!num_opt("threads", arg, 1, 256, &v))
			return false;
		o->cfg.http_threads = (unsigned)v;
		return true;
	case OPT_WORKERS:
		if (!num_opt("judge-workers", arg, 1, 64, &v))
			return false;
		o->cfg.judge_workers = (unsigned)v;
		return true;
	case OPT_STATE_CACHE:
		if (!num_opt("state-cache", arg, 1, 65536, &v))
			return false;
		o->cfg.state_cache_mb = (unsigned)v;
		return true;
	case OPT_ACCESS_LOG: o->access_log = arg; return true;
	case OPT_RATE:
		if (!num_opt("rate", arg, 0, 10000000, &v))
			return false;
		o->cfg.rate_per_min = (unsigned)v;
		return true;
	case OPT_ANON_RATE:
		if (!num_opt("anon-rate", arg, 0, 10000000, &v))
			return false;
		o->cfg.anon_rate_per_min = (unsigned)v;
		return true;
	default:
		return cli_common_opt(&o->common, c, arg);
	}
}

/* 0 ok, 1 bad value (printed), 2 usage, 3 help shown. */
static int parse_args(int argc, char **argv, struct serve_opts *o)
{
	static const struct option longs[] = {
		{ "bind", required_argument, NULL, OPT_BIND },
		{ "port", required_argument, NULL, OPT_PORT },
		{ "course", required_argument, NULL, OPT_COURSE },
		{ "web", required_argument, NULL, OPT_WEB },
		{ "no-web", no_argument, NULL, OPT_NO_WEB },
		{ "threads", required_argument, NULL, OPT_THREADS },
		{ "judge-workers", required_argument, NULL, OPT_WORKERS },
		{ "state-cache", required_argument, NULL, OPT_STATE_CACHE },
		{ "access-log", required_argument, NULL, OPT_ACCESS_LOG },
		{ "rate", required_argument, NULL, OPT_RATE },
		{ "anon-rate", required_argument, NULL, OPT_ANON_RATE },
		{ "policy", required_argument, NULL, OPT_POLICY },
		{ "policy-model", required_argument, NULL, OPT_POLICY_MODEL },
		{ "help", no_argument, NULL, 'h' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		if (c == 'h') {
			serve_usage(stdout);
			return 3;
		}
		if (c == '?' || c == ':') {
			cli_error("serve: unknown or incomplete option '%s'; "
				  "see 'tutor serve --help'", argv[optind - 1]);
			return EXIT_USAGE;
		}
		if (!serve_opt(o, c, optarg))
			return 1;
	}
	if (optind != argc) {
		cli_error("serve: unexpected argument '%s'", argv[optind]);
		return EXIT_USAGE;
	}
	return 0;
}

/* ---- resolving the course, the web directory and the LLM ---------------- */

static bool is_dir(const char *p)
{
	struct stat sb;

	return stat(p, &sb) == 0 && S_ISDIR(sb.st_mode);
}

/* The course registered in the store at db, into buf; false when none. */
static bool store_course(const char *db, char *buf, size_t cap)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_content_row row;
	struct tu_store *s = NULL;
	char id[TU_STORE_SETTING_MAX];
	struct stat sb;
	bool ok = false;

	if (stat(db, &sb) != 0 || tu_store_open(db, NULL, &s, &err))
		return false;
	if (!tu_store_setting_get(s, "course", id, sizeof(id), &err) &&
	    !tu_store_content_get(s, id, &row, &err) && is_dir(row.path)) {
		snprintf(buf, cap, "%s", row.path);
		ok = true;
	}
	tu_store_close(s);
	return ok;
}

static const char *default_web(void)
{
	static const char source[] = TUTOR_SOURCE_DIR "/web/dist";
	static const char installed[] = TUTOR_DATA_DIR "/web";

	if (is_dir(source))
		return source;
	return is_dir(installed) ? installed : NULL;
}

static int resolve_llm(const struct serve_opts *o, struct tu_llm_config *llm)
{
	struct cli_env e;

	memset(&e, 0, sizeof(e));
	e.llm_url = o->common.llm_url;
	e.llm_model = o->common.llm_model;
	if (cli_llm_config(&e, llm)) {
		fprintf(stderr, "tutor: note: serving without an LLM (the "
			"deterministic texts serve)\n");
		tu_llm_config_default(llm);
	}
	return 0;
}

/* Creates the directories above path (mode 0700), as `tutor init` does;
 * the error shows up when the store is opened. */
static void make_parent(const char *path)
{
	char buf[4096];

	snprintf(buf, sizeof(buf), "%s", path);
	for (char *p = buf + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(buf, 0700) != 0 && errno != EEXIST)
			return;
		*p = '/';
	}
}

static FILE *open_log(const char *path)
{
	FILE *f;

	if (!path)
		return NULL;
	if (strcmp(path, "-") == 0)
		return stdout;
	f = fopen(path, "a");
	if (!f)
		cli_error("serve: --access-log: cannot open %s: %s", path,
			  strerror(errno));
	return f;
}

/* ---- running ------------------------------------------------------------ */

static void print_banner(const struct tu_server_config *c, uint16_t port,
			 const char *course_id)
{
	bool v6 = strchr(c->bind, ':') != NULL;

	printf("tutor: serving http://%s%s%s:%u/ (course %s, store %s)\n",
	       v6 ? "[" : "", c->bind, v6 ? "]" : "", (unsigned)port,
	       course_id, c->db_path);
}

/* Tells how to make the first instructor when there is none. */
static void instructor_hint(const char *db)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_store *s = NULL;
	uint64_t n = 1;

	if (tu_store_open(db, NULL, &s, &err) == TU_OK)
		tu_store_account_count(s, TU_ACCOUNT_INSTRUCTOR, &n, &err);
	tu_store_close(s);
	if (n == 0)
		printf("tutor: no instructor account yet; create one with\n"
		       "  tutor account add --instructor NAME --db %s\n"
		       "(the password is read from stdin)\n", db);
}

static const char *course_id_of(const char *dir)
{
	const char *slash = strrchr(dir, '/');

	return slash && slash[1] ? slash + 1 : dir;
}

/*
 * The allocator for a long-running server: at most SERVE_ARENAS malloc
 * arenas (glibc's default, 8 per core, lets each thread's arena keep its
 * own free memory); blocks of SERVE_MMAP_MIN bytes and more always from
 * mmap, returned to the kernel on free (glibc's default threshold rises
 * with every large block freed, and large transient buffers then
 * fragment the heap); and every TRIM_EVERY_S seconds free memory is
 * handed back to the kernel (malloc_trim), so the resident size follows
 * live data (docs/server.md, "MEMORY").  MALLOC_ARENA_MAX and
 * MALLOC_MMAP_THRESHOLD_ in the environment still win.
 */
#define SERVE_ARENAS 2
#define SERVE_MMAP_MIN (64 * 1024)
#define TRIM_EVERY_S 30

static void tune_malloc(void)
{
#if defined(M_ARENA_MAX) && defined(M_MMAP_THRESHOLD)
	if (!getenv("MALLOC_ARENA_MAX"))
		mallopt(M_ARENA_MAX, SERVE_ARENAS);
	if (!getenv("MALLOC_MMAP_THRESHOLD_"))
		mallopt(M_MMAP_THRESHOLD, SERVE_MMAP_MIN);
#endif
}

/* Waits for a signal in set, trimming the heap every TRIM_EVERY_S. */
static int wait_signal(const sigset_t *set)
{
	struct timespec every = { .tv_sec = TRIM_EVERY_S, .tv_nsec = 0 };
	int sig;

	for (;;) {
		sig = sigtimedwait(set, NULL, &every);
		if (sig > 0)
			return sig;
		if (errno == EAGAIN)
			malloc_trim(0);
	}
}

/* Blocks SIGINT and SIGTERM (every thread started later inherits the
 * mask) and waits for one of them after the server started. */
static int run(struct serve_opts *o)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_server *srv;
	sigset_t set;
	int sig;

	tune_malloc();
	sigemptyset(&set);
	sigaddset(&set, SIGINT);
	sigaddset(&set, SIGTERM);
	pthread_sigmask(SIG_BLOCK, &set, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (tu_server_start(&o->cfg, &srv, &err)) {
		cli_error("serve: %s", err.msg);
		return 1;
	}
	print_banner(&o->cfg, tu_server_port(srv), course_id_of(o->course));
	instructor_hint(o->cfg.db_path);
	fflush(stdout);
	sig = wait_signal(&set);
	fprintf(stderr, "tutor: %s: stopping (finishing requests and "
		"queued submissions)\n", sig == SIGINT ? "SIGINT" : "SIGTERM");
	tu_server_stop(srv);
	fprintf(stderr, "tutor: stopped\n");
	return 0;
}

int cmd_serve(int argc, char **argv)
{
	static char db[4096], course[4096];
	struct serve_opts o;
	FILE *log;
	int rc;

	memset(&o, 0, sizeof(o));
	tu_server_config_default(&o.cfg);
	rc = parse_args(argc, argv, &o);
	if (rc)
		return rc == 3 ? 0 : rc;
	cli_db_path(o.common.db, db, sizeof(db));
	o.cfg.db_path = db;
	if (!strstr(db, "://"))           /* not a PostgreSQL location */
		make_parent(db);
	if (!o.course)
		o.course = store_course(db, course, sizeof(course)) ? course :
			   cli_builtin_course();
	o.cfg.course_dir = o.course;
	if (!o.cfg.policy)
		o.cfg.policy = getenv("TUTOR_POLICY");
	if (!o.cfg.policy_model)
		o.cfg.policy_model = getenv("TUTOR_POLICY_MODEL");
	o.cfg.web_dir = o.no_web ? NULL : o.web ? o.web : default_web();
	if (o.cfg.web_dir && !is_dir(o.cfg.web_dir)) {
		cli_error("serve: --web: %s is not a directory", o.cfg.web_dir);
		return 1;
	}
	resolve_llm(&o, &o.cfg.llm);
	log = open_log(o.access_log);
	if (o.access_log && !log)
		return 1;
	o.cfg.access_log = log;
	rc = run(&o);
	if (log && log != stdout)
		fclose(log);
	memset(o.cfg.llm.api_key, 0, sizeof(o.cfg.llm.api_key));
	return rc;
}
