/*
 * assist.c - the assistant handle of tutor/assist.h: configuration,
 * creation (prompts loaded and checked, the LLM client made when one is
 * configured), the LLM status line, results, and the helpers the
 * uses share (assist_internal.h).
 *
 * An LLM client that cannot be created is not an error: the assistant
 * then serves every use deterministically and its status says why.  The
 * status never contains the API key (the client's messages name the URL
 * and the HTTP status only).
 *
 * What it is not: the uses themselves are in hint.c, review.c,
 * narrative.c, goals.c, ask.c, plan.c and plan_step.c; the LLM pipeline
 * in call.c.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "assist_internal.h"
#include "tutor/agents.h"
#include "tutor/leak.h"
#include "tutor/mastery.h"

#ifndef TU_PROMPTS_SOURCE_DIR
#define TU_PROMPTS_SOURCE_DIR "prompts"
#endif
#ifndef TU_PROMPTS_DATA_DIR
#define TU_PROMPTS_DATA_DIR "/usr/local/share/tutor/prompts"
#endif

const char *tu_assist_use_name(enum tu_assist_use u)
{
	static const char *const names[TU_USES] = {
		"hint", "review", "narrative", "goals", "ask", "plan",
		"plan_step"
	};

	return (unsigned)u < TU_USES ? names[u] : "?";
}

void tu_assist_config_default(struct tu_assist_config *c)
{
	memset(c, 0, sizeof(*c));
	c->prompts_dir = NULL;
	c->learner_requests_day = 200;
	c->learner_tokens_day = 200000;
	c->global_requests_day = 5000;
	c->global_tokens_day = 5000000;
	c->cache = true;
	c->plan_repairs = 1;
}

/* The source tree's prompts when present (running from a build), else
 * the installed ones. */
static const char *default_prompts_dir(void)
{
	struct stat sb;

	if (stat(TU_PROMPTS_SOURCE_DIR, &sb) == 0 && S_ISDIR(sb.st_mode))
		return TU_PROMPTS_SOURCE_DIR;
	return TU_PROMPTS_DATA_DIR;
}

static enum tu_status load_prompts(struct tu_assist *a, const char *dir,
				   struct tu_err *err)
{
	for (unsigned u = 0; u < TU__PROMPTS; u++) {
		enum tu_status st = tu__as_prompt_load(dir, u, &a->prompts[u],
						    err);

		if (st)
			return st;
	}
	return TU_OK;
}

/* Makes the client when llm names a server; the status says what came
 * of it.  Only TU_ENOMEM is an error. */
static enum tu_status make_client(struct tu_assist *a,
				  const struct tu_llm_config *llm,
				  struct tu_err *err)
{
	struct tu_err e = TU_ERR_INIT;
	enum tu_status st;

	if (!llm || !tu_llm_configured(llm)) {
		snprintf(a->status, sizeof a->status, "no LLM configured");
		return TU_OK;
	}
	st = tu_llm_client_new(llm, &a->client, &e);
	if (st == TU_ENOMEM)
		return tu_err_set(err, TU_ENOMEM, "assist: out of memory");
	if (st) {
		a->client = NULL;
		snprintf(a->status, sizeof a->status, "LLM unavailable: %s",
			 e.msg);
		return TU_OK;
	}
	a->llm = *llm;
	tu__as_copy(a->model, sizeof a->model, llm->model);
	snprintf(a->status, sizeof a->status, "LLM at %s (model %s)",
		 llm->base_url, llm->model[0] ? llm->model : "(default)");
	return TU_OK;
}

enum tu_status tu_assist_new(const struct tu_assist_config *cfg,
			     const struct tu_llm_config *llm,
			     struct tu_store *store,
			     const struct tu_course *course,
			     struct tu_assist **out, struct tu_err *err)
{
	struct tu_assist *a;
	enum tu_status st;

	if (!out || !course)
		return tu_err_set(err, TU_EINVAL, "assist: %s is NULL",
				  out ? "course" : "out");
	*out = NULL;
	a = calloc(1, sizeof(*a));
	if (!a)
		return tu_err_set(err, TU_ENOMEM, "assist: out of memory");
	if (cfg)
		a->cfg = *cfg;
	else
		tu_assist_config_default(&a->cfg);
	a->store = store;
	a->course = course;
	st = load_prompts(a, a->cfg.prompts_dir ? a->cfg.prompts_dir :
			  default_prompts_dir(), err);
	if (!st)
		st = make_client(a, llm, err);
	a->cfg.prompts_dir = NULL;   /* borrowed only for the call */
	if (st) {
		tu_assist_free(a);
		return st;
	}
	*out = a;
	return TU_OK;
}

void tu_assist_free(struct tu_assist *a)
{
	if (!a)
		return;
	for (unsigned u = 0; u < TU__PROMPTS; u++)
		tu__as_prompt_release(&a->prompts[u]);
	tu_llm_client_free(a->client);
	for (size_t i = 0; i < TU_ASSIST_PARALLEL_MAX - 1; i++)
		tu_llm_client_free(a->extra[i]);
	explicit_bzero(a->llm.api_key, sizeof a->llm.api_key);
	free(a);
}

bool tu_assist_has_llm(const struct tu_assist *a)
{
	return a && a->client;
}

size_t tu__as_clients(struct tu_assist *a, size_t want,
		   struct tu_llm_client **cl)
{
	size_t n = 0;

	if (!a->client || want == 0)
		return 0;
	cl[n++] = a->client;
	for (size_t i = 0; n < want && i < TU_ASSIST_PARALLEL_MAX - 1; i++) {
		if (!a->extra[i] &&
		    tu_llm_client_new(&a->llm, &a->extra[i], NULL) != TU_OK)
			break;
		if (a->sleep_ms)
			tu_llm_client_set_sleep(a->extra[i], a->sleep_ms,
						a->sleep_ud);
		cl[n++] = a->extra[i];
	}
	return n;
}

const char *tu_assist_llm_status(const struct tu_assist *a)
{
	return a ? a->status : "no assistant";
}

void tu_assist_set_sleep(struct tu_assist *a,
			 void (*sleep_ms)(void *ud, uint32_t ms), void *ud)
{
	if (!a || !a->client)
		return;
	a->sleep_ms = sleep_ms;
	a->sleep_ud = ud;
	tu_llm_client_set_sleep(a->client, sleep_ms, ud);
	for (size_t i = 0; i < TU_ASSIST_PARALLEL_MAX - 1; i++)
		if (a->extra[i])
			tu_llm_client_set_sleep(a->extra[i], sleep_ms, ud);
}

void tu_assist_result_init(struct tu_assist_result *r)
{
	memset(r, 0, sizeof(*r));
	r->path = TU_LLM_PATH_FALLBACK;
}

void tu_assist_result_release(struct tu_assist_result *r)
{
	if (!r)
		return;
	free(r->text);
	tu_assist_result_init(r);
}

/* ---- helpers shared by the uses ---------------------------------------- */

void tu__as_result_start(struct tu_assist_result *out)
{
	tu_assist_result_init(out);
}

enum tu_status tu__as_set_text(struct tu_assist_result *out, const char *s,
			    struct tu_err *err)
{
	char *t = malloc(TU_ASSIST_TEXT_MAX + 1);

	if (!t)
		return tu_err_set(err, TU_ENOMEM, "assist: out of memory");
	tu__as_copy(t, TU_ASSIST_TEXT_MAX + 1, s ? s : "");
	free(out->text);
	out->text = t;
	return TU_OK;
}

enum tu_status tu__as_serve_fallback(struct tu_assist_result *out,
				  const char *text, struct tu_err *err)
{
	out->path = TU_LLM_PATH_FALLBACK;
	out->prompt[0] = '\0';
	out->prompt_version = 0;
	out->model[0] = '\0';
	return tu__as_set_text(out, text, err);
}

const char *tu__as_solution_for(const struct tu_course_problem *p,
			     enum tu_lang lang)
{
	if ((unsigned)lang < TU_LANGS && p->solution[lang])
		return p->solution[lang];
	for (size_t i = 0; i < TU_LANGS; i++)
		if (p->solution[i])
			return p->solution[i];
	return NULL;
}

char *tu__as_authored_hint(const struct tu_course_problem *p, enum tu_lang lang,
			uint32_t level, double proficiency)
{
	char *text = tu_hint_authored_text(p, level,
					   tu_hint_band(proficiency));
	const char *sol = tu__as_solution_for(p, lang);

	if (text && sol && tu_hint_leaks(text, sol, TU_LEAK_RUN_DEFAULT,
					 NULL, 0)) {
		free(text);
		text = strdup(tu_hint_generic_text(level));
	}
	return text;
}

void tu__as_topic_titles(const struct tu_course *c,
		      const struct tu_course_problem *p, char *buf,
		      size_t cap)
{
	struct tu__as_buf b;
	char *s;

	tu__as_buf_init(&b, cap > 0 ? cap - 1 : 1);
	for (size_t i = 0; i < p->n_topics; i++) {
		const struct tu_course_topic *t =
			tu_course_topic_find(c, p->topics[i]);

		tu__as_buf_str(&b, i ? ", " : "");
		tu__as_buf_str(&b, t ? t->title : p->topics[i]);
	}
	s = tu__as_buf_take(&b);
	tu__as_copy(buf, cap, s ? s : "");
	free(s);
}

const char *tu__as_answer_str(const json_t *answer, const char *key)
{
	return json_string_value(json_object_get(answer, key));
}

static bool id_ok(const char *id)
{
	size_t n = strnlen(id, TU_ID_MAX);

	if (n == 0 || n >= TU_ID_MAX)
		return false;
	for (size_t i = 0; i < n; i++) {
		char c = id[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || c == '.' || c == '_' ||
		      c == '-'))
			return false;
	}
	return true;
}

enum tu_status tu__as_check_who(const struct tu_assist_who *who,
			     const char *use, struct tu_err *err)
{
	if (!who)
		return tu_err_set(err, TU_EINVAL, "assist %s: who is NULL",
				  use);
	if (who->learner && !id_ok(who->learner))
		return tu_err_set(err, TU_EINVAL, "assist %s: learner id must "
				  "be 1-63 bytes of [A-Za-z0-9._-]", use);
	if (!(who->proficiency >= 0.0 && who->proficiency <= 1.0))
		return tu_err_set(err, TU_EINVAL, "assist %s: proficiency "
				  "must be in [0,1]", use);
	if ((unsigned)who->persona > (unsigned)TU_PERSONA_STRUGGLER)
		return tu_err_set(err, TU_EINVAL, "assist %s: unknown "
				  "persona %d", use, (int)who->persona);
	return TU_OK;
}

bool tu__as_metric_ok(const struct tu_course *c, const char *metric)
{
	static const char *const plain[] = {
		"minutes_per_day", "problems_solved", "streak_days", NULL
	};

	if (strncmp(metric, "mastery:", 8) == 0)
		return tu_course_topic_find(c, metric + 8) != NULL;
	for (size_t i = 0; plain[i]; i++)
		if (strcmp(metric, plain[i]) == 0)
			return true;
	return metric[0] == '\0';
}
