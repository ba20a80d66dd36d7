/*
 * platform.c - shared plumbing of the learning-loop commands: common
 * options, the store path, the clock, opening store + course +
 * orchestrator, and running one event (cli/platform.h).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "platform.h"
#include "tutor/assist.h"

#ifndef TUTOR_DATA_DIR
#define TUTOR_DATA_DIR "/usr/local/share/tutor"
#endif
#ifndef TUTOR_SOURCE_DIR
#define TUTOR_SOURCE_DIR "."
#endif

bool cli_common_opt(struct cli_common *o, int c, const char *arg)
{
	switch (c) {
	case OPT_DB: o->db = arg; return true;
	case OPT_LEARNER: o->learner = arg; return true;
	case OPT_NOW: o->now = arg; return true;
	case OPT_JSON: o->json = true; return true;
	case OPT_LLM_URL: o->llm_url = arg; return true;
	case OPT_LLM_MODEL: o->llm_model = arg; return true;
	default: return false;
	}
}

void cli_db_path(const char *opt, char *buf, size_t cap)
{
	const char *env = getenv("TUTOR_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");

	if (opt && *opt)
		snprintf(buf, cap, "%s", opt);
	else if (env && *env)
		snprintf(buf, cap, "%s", env);
	else if (xdg && *xdg)
		snprintf(buf, cap, "%s/tutor/tutor.db", xdg);
	else
		snprintf(buf, cap, "%s/.local/share/tutor/tutor.db",
			 home && *home ? home : ".");
}

const char *cli_builtin_course(void)
{
	static const char installed[] = TUTOR_DATA_DIR "/courses/python";
	static const char source[] = TUTOR_SOURCE_DIR "/courses/python";
	const char *env = getenv("TUTOR_COURSE");
	struct stat sb;

	if (env && *env)
		return env;
	if (stat(source, &sb) == 0 && S_ISDIR(sb.st_mode))
		return source;
	return installed;
}

bool cli_parse_time(const char *s, int64_t *out)
{
	struct tm tm;
	const char *end;
	char *e;
	long long v;

	errno = 0;
	v = strtoll(s, &e, 10);
	if (*s && !*e && !errno) {
		*out = v;
		return true;
	}
	memset(&tm, 0, sizeof(tm));
	end = strptime(s, "%Y-%m-%dT%H:%M:%S", &tm);
	if (!end) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, "%Y-%m-%dT%H:%M", &tm);
	}
	if (!end) {
		memset(&tm, 0, sizeof(tm));
		end = strptime(s, "%Y-%m-%d", &tm);
	}
	if (!end || (*end && strcmp(end, "Z") != 0))
		return false;
	*out = (int64_t)timegm(&tm);
	return true;
}

void cli_fmt_time(int64_t t, char *buf, size_t cap)
{
	struct tm tm;
	time_t tt = (time_t)t;

	if (t == TU_TIME_NONE || !gmtime_r(&tt, &tm)) {
		snprintf(buf, cap, "never");
		return;
	}
	strftime(buf, cap, "%Y-%m-%d %H:%M UTC", &tm);
}

/* ---- opening ----------------------------------------------------------- */

static int open_clock(struct cli_env *e, const struct cli_common *o)
{
	const char *s = o->now ? o->now : getenv("TUTOR_NOW");

	if (s && *s) {
		if (!cli_parse_time(s, &e->now)) {
			cli_error("--now: '%s' is not Unix seconds or "
				  "YYYY-MM-DD[THH:MM[:SS]]", s);
			return 1;
		}
		return 0;
	}
	e->now = (int64_t)time(NULL);
	return 0;
}

static int open_store(struct cli_env *e, const struct cli_common *o)
{
	struct tu_err err = TU_ERR_INIT;
	struct stat sb;

	cli_db_path(o->db, e->db, sizeof(e->db));
	/* a PostgreSQL location ("postgresql://...") is no file */
	if (!strstr(e->db, "://") && stat(e->db, &sb) != 0) {
		cli_error("no store at %s; run 'tutor init' first", e->db);
		return 1;
	}
	if (tu_store_open(e->db, NULL, &e->store, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}

static int open_course(struct cli_env *e)
{
	struct tu_agent_config agents;
	struct tu_content_row row;
	struct tu_err err = TU_ERR_INIT;
	char id[TU_STORE_SETTING_MAX];

	if (tu_store_setting_get(e->store, "course", id, sizeof(id), &err) ||
	    tu_store_content_get(e->store, id, &row, &err)) {
		cli_error("no course registered in %s: %s; run 'tutor init'",
			  e->db, err.msg);
		return 1;
	}
	tu_course_init(&e->course);
	if (tu_course_load(row.path, &e->course, &err)) {
		cli_error("course '%s': %s", id, err.msg);
		return 1;
	}
	e->have_course = true;
	if (strcmp(row.hash, e->course.hash) != 0)
		fprintf(stderr, "tutor: note: the files of course '%s' in %s "
			"changed since it was registered; 'tutor init' "
			"re-registers them\n", id, row.path);
	tu_agent_config_default(&agents);
	if (tu_path_runtime_open(&e->path, &e->course, getenv("TUTOR_POLICY"),
				 getenv("TUTOR_POLICY_MODEL"), &agents,
				 &err) ||
	    tu_orch_init(&e->orch, e->store, &e->course, &agents, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	e->have_orch = true;
	return 0;
}

static int open_learner(struct cli_env *e, const struct cli_common *o)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_learner_row row;
	const char *id = o->learner ? o->learner : getenv("TUTOR_LEARNER");
	char cur[TU_STORE_SETTING_MAX];

	if (!id || !*id) {
		if (tu_store_setting_get(e->store, "current_learner", cur,
					 sizeof(cur), &err)) {
			cli_error("no learner chosen: pass --learner ID, or "
				  "add one with 'tutor learner add ID'");
			return 1;
		}
		id = cur;
	}
	if (tu_store_learner_get(e->store, id, &row, &err)) {
		cli_error("%s (see 'tutor learner list')", err.msg);
		return 1;
	}
	snprintf(e->learner, sizeof(e->learner), "%s", row.id);
	return 0;
}

int cli_env_open(struct cli_env *e, const struct cli_common *o,
		 unsigned need)
{
	memset(e, 0, sizeof(*e));
	tu_path_runtime_init(&e->path);
	e->json = o->json;
	e->llm_url = o->llm_url;
	e->llm_model = o->llm_model;
	if (open_clock(e, o) || open_store(e, o))
		return 1;
	if ((need & CLI_NEED_LEARNER) && open_learner(e, o))
		return 1;
	if ((need & CLI_NEED_COURSE) && open_course(e))
		return 1;
	return 0;
}

void cli_env_close(struct cli_env *e)
{
	tu_assist_free(e->assist);
	if (e->have_orch)
		tu_orch_release(&e->orch);
	tu_path_runtime_close(&e->path);
	if (e->have_course)
		tu_course_release(&e->course);
	tu_store_close(e->store);
	memset(e, 0, sizeof(*e));
}

int cli_handle(struct cli_env *e, const struct tu_event_in *ev,
	       struct tu_orch_result *res)
{
	struct tu_err err = TU_ERR_INIT;

	if (tu_orch_handle(&e->orch, e->learner, ev, res, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}

int cli_setting_get(struct cli_env *e, const char *key, char *buf,
		    size_t cap)
{
	char k[TU_ID_MAX + 64];

	snprintf(k, sizeof(k), "%s.%s", key, e->learner);
	return tu_store_setting_get(e->store, k, buf, cap, NULL) ? 1 : 0;
}

int cli_setting_set(struct cli_env *e, const char *key, const char *val)
{
	struct tu_err err = TU_ERR_INIT;
	char k[TU_ID_MAX + 64];

	snprintf(k, sizeof(k), "%s.%s", key, e->learner);
	if (tu_store_setting_set(e->store, k, val, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}
