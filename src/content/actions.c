/*
 * actions.c - actions.ini (optional): [action ID] learning actions with
 * kind, Bloom level, topics, keywords, the problem an exercise practises,
 * expected minutes and a Markdown body file under the course dir.
 * Actions end up sorted by id.
 *
 * It checks references against the course's topics and problems (loaded
 * before); it does not decide which action a learner should see.
 */
#include <stdlib.h>
#include <string.h>
#include "content_internal.h"

#define PATH_CAP (2 * TU_CONTENT_PATH_MAX)

static const char *const action_keys[] = { "kind", "title", "summary",
	"keywords", "bloom", "topics", "problem", "minutes", "body", NULL };
static const char *const kind_names[] = { "explanation", "worked_example",
	"exercise", "quiz" };
static const char *const bloom_names[] = { "remember", "understand",
	"apply", "analyze", "evaluate", "create" };

static enum tu_status survey(const struct tu__ini *ini, const char *path,
			     struct tu_err *err)
{
	for (size_t i = 0; i < ini->n_sec; i++) {
		const struct tu__ini_section *s = &ini->sec[i];

		if (strcmp(s->kind, "action") != 0)
			return tu_err_set(err, TU_EDATA, "%s:%d: unknown section "
					  "[%s] (action)", path, s->line,
					  s->kind);
		if (!s->id[0])
			return tu_err_set(err, TU_EDATA, "%s:%d: section [action] "
					  "needs an id", path, s->line);
		if (i == TU_CONTENT_ACTIONS_MAX)
			return tu_err_set(err, TU_ERANGE, "%s:%d: more than %d "
					  "actions", path, s->line,
					  TU_CONTENT_ACTIONS_MAX);
	}
	return TU_OK;
}

static enum tu_status action_enums(struct tu_course_action *a,
				   const struct tu__ini_section *s,
				   const char *path, struct tu_err *err)
{
	const struct tu__ini_key *k;
	int v = 0;
	enum tu_status st = tu__sec_need(s, "kind", path, &k, err);

	if (st == TU_OK)
		st = tu__key_enum(k, kind_names, 4, &v, path, err);
	a->kind = (enum tu_action_kind)v;
	if (st == TU_OK)
		st = tu__sec_need(s, "bloom", path, &k, err);
	if (st == TU_OK)
		st = tu__key_enum(k, bloom_names, 6, &v, path, err);
	a->bloom = (enum tu_action_bloom)v;
	return st;
}

static enum tu_status action_lists(const struct tu_course *c,
				   struct tu_course_action *a,
				   const struct tu__ini_section *s,
				   const char *path, struct tu_err *err)
{
	const struct tu__ini_key *k = tu__sec_get(s, "keywords");
	enum tu_status st = TU_OK;

	if (k)
		st = tu__key_list(k, a->keywords[0], TU_CONTENT_KEYWORDS_MAX,
				  TU_SHORT_MAX, false, &a->n_keywords, path,
				  err);
	if (st == TU_OK)
		st = tu__sec_need(s, "topics", path, &k, err);
	if (st == TU_OK)
		st = tu__key_list(k, a->topics[0], TU_ITEM_TOPICS_MAX,
				  TU_ID_MAX, true, &a->n_topics, path, err);
	if (st == TU_OK && a->n_topics == 0)
		return tu_err_set(err, TU_EDATA, "%s:%d: topics: at least one "
				  "topic", path, k->line);
	for (size_t i = 0; st == TU_OK && i < a->n_topics; i++)
		if (!tu_course_topic_find(c, a->topics[i]))
			return tu_err_set(err, TU_EDATA, "%s:%d: topics: unknown "
					  "topic '%s'", path, k->line,
					  a->topics[i]);
	return st;
}

static enum tu_status action_problem(const struct tu_course *c,
				     struct tu_course_action *a,
				     const struct tu__ini_section *s,
				     const char *path, struct tu_err *err)
{
	const struct tu__ini_key *k = tu__sec_get(s, "problem");

	if (a->kind == TU_ACTION_EXERCISE && !k)
		return tu_err_set(err, TU_EDATA, "%s:%d: action '%s': an "
				  "exercise needs a problem", path, s->line,
				  a->id);
	if (!k)
		return TU_OK;
	if (a->kind != TU_ACTION_EXERCISE)
		return tu_err_set(err, TU_EDATA, "%s:%d: problem: only an "
				  "exercise names a problem", path, k->line);
	if (!tu_course_problem_find(c, k->value))
		return tu_err_set(err, TU_EDATA, "%s:%d: problem: unknown "
				  "problem '%s'", path, k->line, k->value);
	memcpy(a->problem, k->value, k->len + 1);
	return TU_OK;
}

static enum tu_status action_body(struct tu__loader *L,
				  struct tu_course_action *a,
				  const struct tu__ini_section *s,
				  const char *path, struct tu_err *err)
{
	const struct tu__ini_key *k;
	bool exists;
	enum tu_status st = tu__sec_need(s, "body", path, &k, err);

	if (st)
		return st;
	if (!tu__rel_ok(k->value))
		return tu_err_set(err, TU_EDATA, "%s:%d: body: '%s' is not a "
				  "relative path inside the course", path,
				  k->line, k->value);
	st = tu__read_text(L, k->value, &exists, &a->body, err);
	if (st == TU_OK && !exists)
		return tu_err_set(err, TU_EDATA, "%s:%d: body: file %s does not "
				  "exist", path, k->line, k->value);
	return st;
}

static enum tu_status fill_action(struct tu__loader *L,
				  struct tu_course_action *a,
				  const struct tu__ini_section *s,
				  const char *path, struct tu_err *err)
{
	const struct tu__ini_key *k = tu__sec_get(s, "minutes");
	enum tu_status st = tu__sec_only_keys(s, action_keys, path, err);

	memcpy(a->id, s->id, sizeof(a->id));
	a->minutes = 5;
	if (st == TU_OK)
		st = action_enums(a, s, path, err);
	if (st == TU_OK)
		st = tu__sec_text(s, "title", a->title, sizeof(a->title), path,
				  err);
	if (st == TU_OK)
		st = tu__sec_text(s, "summary", a->summary, sizeof(a->summary),
				  path, err);
	if (st == TU_OK)
		st = action_lists(L->c, a, s, path, err);
	if (st == TU_OK)
		st = action_problem(L->c, a, s, path, err);
	if (st == TU_OK && k)
		st = tu__key_number(k, 0, false, 10000, &a->minutes, path, err);
	if (st == TU_OK)
		st = action_body(L, a, s, path, err);
	return st;
}

enum tu_status tu__actions_ini(struct tu__loader *L, struct tu_err *err)
{
	struct tu_course *c = L->c;
	char path[PATH_CAP], *buf;
	struct tu__ini ini;
	bool exists;
	size_t len;
	enum tu_status st = tu__read(L, "actions.ini", &exists, &buf, &len,
				     err);

	if (st || !exists)
		return st;
	tu__display(L, "actions.ini", path, sizeof(path));
	st = tu__ini_parse(&ini, buf, len, path, err);
	free(buf);
	if (st)
		return st;
	st = survey(&ini, path, err);
	if (st == TU_OK) {
		c->actions = calloc(ini.n_sec + 1, sizeof(*c->actions));
		if (!c->actions)
			st = tu_err_set(err, TU_ENOMEM, "%s: out of memory",
					path);
	}
	for (size_t i = 0; st == TU_OK && i < ini.n_sec; i++) {
		c->n_actions = i + 1;
		st = fill_action(L, &c->actions[i], &ini.sec[i], path, err);
	}
	tu__ini_release(&ini);
	if (st == TU_OK)
		qsort(c->actions, c->n_actions, sizeof(*c->actions),
		      tu__cmp_id);
	return st;
}
