/*
 * assist_cli.c - the text assistant in the commands (cli/assist_cli.h):
 * config and options, the learner's context, the latest submitted code,
 * printing and recording what was shown.
 *
 * Not here: what the texts say (src/assist/) or how a model is asked
 * (src/llm/).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <jansson.h>

#include "assist_cli.h"
#include "commands.h"
#include "tutor/agents.h"

#ifndef TUTOR_DATA_DIR
#define TUTOR_DATA_DIR "/usr/local/share/tutor"
#endif
#ifndef TUTOR_SOURCE_DIR
#define TUTOR_SOURCE_DIR "."
#endif

/* ---- config and the assistant ------------------------------------------- */

static int set_field(char *dst, size_t cap, const char *val,
		     const char *what)
{
	if (strlen(val) >= cap) {
		cli_error("%s: '%.40s...' is longer than %zu bytes", what, val,
			  cap - 1);
		return 1;
	}
	memcpy(dst, val, strlen(val) + 1);
	return 0;
}

int cli_llm_config(const struct cli_env *e, struct tu_llm_config *c)
{
	struct tu_err err = TU_ERR_INIT;

	if (tu_llm_config_load(c, NULL, &err)) {
		cli_error("LLM config: %s", err.msg);
		return 1;
	}
	if (e->llm_url) {
		if (*e->llm_url && strncmp(e->llm_url, "http://", 7) != 0 &&
		    strncmp(e->llm_url, "https://", 8) != 0) {
			cli_error("--llm-url: '%s' is not an http:// or "
				  "https:// URL", e->llm_url);
			return 1;
		}
		if (set_field(c->base_url, sizeof(c->base_url), e->llm_url,
			      "--llm-url"))
			return 1;
	}
	if (e->llm_model && set_field(c->model, sizeof(c->model),
				      e->llm_model, "--llm-model"))
		return 1;
	return 0;
}

const char *cli_prompts_dir(void)
{
	static const char installed[] = TUTOR_DATA_DIR "/prompts";
	static const char source[] = TUTOR_SOURCE_DIR "/prompts";
	const char *env = getenv("TUTOR_PROMPTS");
	struct stat sb;

	if (env && *env)
		return env;
	if (stat(source, &sb) == 0 && S_ISDIR(sb.st_mode))
		return source;
	return installed;
}

struct tu_assist *cli_assist(struct cli_env *e)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_assist_config cfg;
	struct tu_llm_config llm;

	if (e->assist)
		return e->assist;
	if (cli_llm_config(e, &llm)) {
		fprintf(stderr, "tutor: note: continuing without an LLM (the "
			"deterministic texts serve)\n");
		tu_llm_config_default(&llm);
	}
	snprintf(e->api_key, sizeof(e->api_key), "%s", llm.api_key);
	tu_assist_config_default(&cfg);
	cfg.prompts_dir = cli_prompts_dir();
	if (tu_assist_new(&cfg, &llm, e->store, &e->course, &e->assist,
			  &err)) {
		cli_error("%s", err.msg);
		e->assist = NULL;
	}
	memset(llm.api_key, 0, sizeof(llm.api_key));
	return e->assist;
}

void cli_assist_who(const struct cli_env *e,
		    const struct tu_learner_state *st,
		    const struct tu_course_problem *p,
		    struct tu_assist_who *who)
{
	double sum = 0.0;

	memset(who, 0, sizeof(*who));
	who->learner = e->learner;
	who->now = e->now;
	who->persona = st->persona;
	if (p) {
		who->proficiency = tu_item_proficiency(st, p);
		return;
	}
	for (size_t i = 0; i < st->n_topics; i++)
		sum += st->topics[i].mastery;
	who->proficiency = st->n_topics ? sum / (double)st->n_topics : 0.0;
}

/* ---- the latest submitted code -------------------------------------------*/

int cli_last_code(struct cli_env *e, const char *item,
		  struct tu_last_code *c)
{
	struct tu_err err = TU_ERR_INIT;

	if (tu_orch_last_code(e->store, e->learner, item, c, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}

/* ---- showing and recording -----------------------------------------------*/

void cli_assist_redact(const struct cli_env *e, struct tu_assist_result *r)
{
	static const char mark[] = "[redacted]";
	size_t klen = strlen(e->api_key);
	char *p;

	if (klen < 4 || !r->text || strstr(mark, e->api_key))
		return;
	while ((p = strstr(r->text, e->api_key)) != NULL) {
		/* the mark is not longer than any key worth the name (>= 10
		 * bytes); a shorter key is blanked with '*' instead */
		if (klen >= sizeof(mark) - 1) {
			memcpy(p, mark, sizeof(mark) - 1);
			memmove(p + sizeof(mark) - 1, p + klen,
				strlen(p + klen) + 1);
		} else {
			memset(p, '*', klen);
		}
	}
}

void cli_served_by(const struct tu_assist_result *r, char *buf, size_t cap)
{
	if (r->path == TU_LLM_PATH_FALLBACK)
		snprintf(buf, cap, "fallback: %s",
			 r->reason[0] ? r->reason : "no reason given");
	else
		snprintf(buf, cap, "%s", tu_llm_path_name(r->path));
}

/* Copies src into dst[cap] cut at a UTF-8 character boundary. */
static void copy_utf8(char *dst, size_t cap, const char *src)
{
	size_t n = src ? strlen(src) : 0;

	if (n >= cap) {
		n = cap - 1;
		while (n > 0 && ((unsigned char)src[n] & 0xC0) == 0x80)
			n--;
	}
	if (n)
		memcpy(dst, src, n);
	dst[n] = '\0';
}

int cli_assist_record(struct cli_env *e, enum tu_assist_use use,
		      const char *item, const struct tu_assist_result *r,
		      uint64_t *seq, uint64_t *version)
{
	struct tu_orch_result res;
	struct tu_event_in ev;
	struct tu_ev_assist *a = &ev.u.assist;

	tu_event_in_init(&ev);
	ev.type = TU_EV_ASSIST;
	ev.at = e->now;
	copy_utf8(a->use, sizeof(a->use), tu_assist_use_name(use));
	copy_utf8(a->item, sizeof(a->item), item);
	copy_utf8(a->path, sizeof(a->path), tu_llm_path_name(r->path));
	copy_utf8(a->prompt, sizeof(a->prompt), r->prompt);
	a->prompt_version = r->prompt_version;
	copy_utf8(a->model, sizeof(a->model), r->model);
	copy_utf8(a->text, sizeof(a->text), r->text);
	copy_utf8(a->reason, sizeof(a->reason), r->reason);
	a->refused = r->refused;
	a->prompt_tokens = r->usage.prompt_tokens;
	a->completion_tokens = r->usage.completion_tokens;
	if (cli_handle(e, &ev, &res))
		return 1;
	if (seq)
		*seq = res.seq;
	if (version)
		*version = res.version;
	tu_orch_result_release(&res);
	return 0;
}

void cli_assist_print(const char *label, const struct tu_assist_result *r)
{
	char by[320];

	cli_served_by(r, by, sizeof(by));
	printf("%s%s\n(served by: %s)\n", label, r->text ? r->text : "", by);
}

char *cli_assist_json(enum tu_assist_use use, const char *item,
		      const struct tu_assist_result *r, uint64_t seq,
		      uint64_t version)
{
	json_t *o = json_pack("{s:s, s:s, s:s, s:s, s:s, s:s, s:I, s:s, s:b, "
			      "s:I, s:I}", "use", tu_assist_use_name(use),
			      "item", item ? item : "", "text",
			      r->text ? r->text : "", "path",
			      tu_llm_path_name(r->path), "reason", r->reason,
			      "prompt", r->prompt, "prompt_version",
			      (json_int_t)r->prompt_version, "model", r->model,
			      "refused", r->refused, "seq", (json_int_t)seq,
			      "version", (json_int_t)version);
	char *s = o ? json_dumps(o, JSON_COMPACT) : NULL;

	json_decref(o);
	return s;
}
