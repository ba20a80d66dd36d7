/*
 * platform.h - what the learning-loop commands share (cli/platform.c):
 * the common options (--db, --learner, --now, --json, --llm-url,
 * --llm-model), opening the store, the registered course and the
 * orchestrator, and small printers.
 *
 * Ownership: struct cli_env owns the store, course, orchestrator and text
 * assistant it opened; cli_env_close frees them.
 */
#ifndef TUTOR_CLI_PLATFORM_H
#define TUTOR_CLI_PLATFORM_H

#include <stdbool.h>
#include <stdint.h>

#include "tutor/content.h"
#include "tutor/orch.h"
#include "tutor/store.h"

/* getopt_long codes of the common options (above any short option). */
#define OPT_DB 1001
#define OPT_LEARNER 1002
#define OPT_NOW 1003
#define OPT_JSON 1004
#define OPT_LLM_URL 1005
#define OPT_LLM_MODEL 1006

#define CLI_COMMON_OPTIONS                                         \
	{ "db", required_argument, NULL, OPT_DB },                 \
	{ "learner", required_argument, NULL, OPT_LEARNER },       \
	{ "now", required_argument, NULL, OPT_NOW },               \
	{ "json", no_argument, NULL, OPT_JSON },                   \
	{ "llm-url", required_argument, NULL, OPT_LLM_URL },       \
	{ "llm-model", required_argument, NULL, OPT_LLM_MODEL }

#define CLI_COMMON_HELP                                                     \
	"  --db PATH          the store (default $TUTOR_DB, else\n"           \
	"                     $XDG_DATA_HOME/tutor/tutor.db or\n"             \
	"                     ~/.local/share/tutor/tutor.db)\n"               \
	"  --learner ID       act as this learner (default $TUTOR_LEARNER,\n" \
	"                     else the current learner: tutor learner use)\n" \
	"  --now TIME         the clock: Unix seconds or YYYY-MM-DD[THH:MM[:SS]]\n" \
	"                     UTC (default $TUTOR_NOW, else the system clock)\n" \
	"  --json             print the result as JSON\n"                   \
	"  --llm-url URL      an OpenAI-compatible server for hint texts,\n" \
	"                     reviews, narratives and answers (default\n"    \
	"                     $TUTOR_LLM_BASE_URL, else the config file;\n"  \
	"                     none: the deterministic texts)\n"               \
	"  --llm-model NAME   the model to ask (default $TUTOR_LLM_MODEL)\n"

struct cli_common {
	const char *db;
	const char *learner;
	const char *now;
	bool json;
	const char *llm_url;
	const char *llm_model;
};

/* Handles one common option code; returns true when c was one. */
bool cli_common_opt(struct cli_common *o, int c, const char *arg);

struct tu_assist;

struct cli_env {
	struct tu_store *store;
	struct tu_course course;
	struct tu_orch orch;
	bool have_course, have_orch;
	char learner[TU_ID_MAX];
	char db[4096];
	int64_t now;
	bool json;
	const char *llm_url, *llm_model;   /* the options, borrowed */
	struct tu_assist *assist;          /* cli/assist_cli.c, lazily */
	struct tu_path_runtime path;       /* TUTOR_POLICY's index/model */
	char api_key[512];                 /* to redact; never printed */
};

#define CLI_NEED_COURSE 1u
#define CLI_NEED_LEARNER 2u

/*
 * Opens the store (it must exist: "run 'tutor init' first"), the clock,
 * and with CLI_NEED_COURSE the registered course and an orchestrator,
 * with CLI_NEED_LEARNER the learner (which must exist).  Prints the error
 * and returns 1 on failure (0 on success).
 */
int cli_env_open(struct cli_env *e, const struct cli_common *o,
		 unsigned need);
void cli_env_close(struct cli_env *e);

/* The store path from --db / $TUTOR_DB / the XDG default into buf. */
void cli_db_path(const char *opt, char *buf, size_t cap);

/* The built-in course directory (installed data dir, else the source
 * tree's courses/python). */
const char *cli_builtin_course(void);

/* Parses a --now value; false on a malformed time. */
bool cli_parse_time(const char *s, int64_t *out);

/* Formats t as "2026-11-22 14:05 UTC" (or "never"). */
void cli_fmt_time(int64_t t, char *buf, size_t cap);

/* Runs one event through the orchestrator, printing errors; on success
 * res holds the outputs (release with tu_orch_result_release). */
int cli_handle(struct cli_env *e, const struct tu_event_in *ev,
	       struct tu_orch_result *res);

/* Per-learner settings in the store ("current_item.<learner>"). */
int cli_setting_get(struct cli_env *e, const char *key, char *buf,
		    size_t cap);
int cli_setting_set(struct cli_env *e, const char *key, const char *val);

#endif
