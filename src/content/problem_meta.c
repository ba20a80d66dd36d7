/*
 * problem_meta.c - one problem directory of a course: meta.ini
 * ([problem], [hints], [wrong FILE]), problem.json through the judge's
 * loader (tutor/judge.h) with its public and hidden case counts,
 * README.md, starters, reference solutions, and the known-wrong
 * solutions under wrong/ (every file there must be described).
 *
 * It checks references against the course's topics and misconceptions,
 * which course.c has loaded.  It does not run any solution.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "content_internal.h"

#define PATH_CAP (2 * TU_CONTENT_PATH_MAX)
#define REL_CAP (TU_ID_MAX * 4)

struct pctx {
	struct tu__loader *L;
	struct tu_course_problem *p;
	char rel[TU_ID_MAX + 16];  /* "problems/<id>" */
	char meta[PATH_CAP];       /* display path of meta.ini */
	int line;                  /* line of [problem], 1 when absent */
	const struct tu__ini_section *problem, *hints;
	struct tu__ini ini;
};

static const char *const problem_keys[] = { "difficulty", "topics",
	"expected_minutes", "title", "languages", "misconceptions", NULL };
static const char *const hint_keys[] = {
	"1", "2", "3", "4", "5",
	"1.beginner", "1.intermediate", "1.advanced",
	"2.beginner", "2.intermediate", "2.advanced",
	"3.beginner", "3.intermediate", "3.advanced",
	"4.beginner", "4.intermediate", "4.advanced",
	"5.beginner", "5.intermediate", "5.advanced", NULL };
static const char *const wrong_keys[] = { "misconception", NULL };
static const char *const band_names[] = { "beginner", "intermediate",
	"advanced" };
static const char *const difficulty_names[] = { "easy", "medium", "hard" };

/* "problems/<id>/<name>" into out (REL_CAP bytes). */
static void rel_of(const struct pctx *P, const char *name, char *out)
{
	snprintf(out, REL_CAP, "%s/%s", P->rel, name);
}

void tu__problem_release(struct tu_course_problem *p)
{
	free(p->statement);
	for (size_t l = 0; l < TU_LANGS; l++) {
		free(p->starter[l]);
		free(p->solution[l]);
	}
	free(p->wrong);
	for (size_t i = 0; i < 5; i++) {
		free(p->hints[i].text);
		for (size_t b = 0; b < 3; b++)
			free(p->hints[i].band[b]);
	}
	tu_problem_free(p->judge);
	memset(p, 0, sizeof(*p));
}

/* Checks the section kinds and finds [problem] and [hints]. */
static enum tu_status survey(struct pctx *P, struct tu_err *err)
{
	size_t n_wrong = 0;

	for (size_t i = 0; i < P->ini.n_sec; i++) {
		const struct tu__ini_section *s = &P->ini.sec[i];
		bool wrong = strcmp(s->kind, "wrong") == 0;

		if (!wrong && strcmp(s->kind, "problem") &&
		    strcmp(s->kind, "hints"))
			return tu_err_set(err, TU_EDATA, "%s:%d: unknown section "
					  "[%s] (problem, hints, wrong)",
					  P->meta, s->line, s->kind);
		if (wrong == !s->id[0])
			return tu_err_set(err, TU_EDATA, "%s:%d: section [%s] %s",
					  P->meta, s->line, s->kind, wrong ?
					  "needs a file name" : "takes no id");
		if (wrong && ++n_wrong > TU_CONTENT_WRONG_MAX)
			return tu_err_set(err, TU_ERANGE, "%s:%d: more than %d "
					  "[wrong] sections", P->meta, s->line,
					  TU_CONTENT_WRONG_MAX);
		if (!wrong && s->kind[0] == 'p')
			P->problem = s;
		else if (!wrong)
			P->hints = s;
	}
	if (!P->problem)
		return tu_err_set(err, TU_EDATA, "%s:1: missing section "
				  "[problem]", P->meta);
	P->line = P->problem->line;
	P->p->wrong = calloc(n_wrong + 1, sizeof(*P->p->wrong));
	if (!P->p->wrong)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", P->meta);
	return TU_OK;
}

/* problem.json: read (bounded, hashed), loaded by the judge, checked. */
static enum tu_status load_json(struct pctx *P, struct tu_err *err)
{
	char rel[REL_CAP], dir[PATH_CAP], *buf;
	size_t len;
	enum tu_status st;

	rel_of(P, "problem.json", rel);
	st = tu__read(P->L, rel, NULL, &buf, &len, err);
	free(buf);
	if (st)
		return st;
	tu__display(P->L, P->rel, dir, sizeof(dir));
	st = tu_problem_load(dir, &P->p->judge, err);
	if (st)
		return st;
	if (strcmp(tu_problem_id(P->p->judge), P->p->id) != 0)
		return tu_err_set(err, TU_EDATA, "%s/problem.json: id '%s' does "
				  "not match the directory name '%s'", dir,
				  tu_problem_id(P->p->judge), P->p->id);
	P->p->n_hidden_tests = tu_problem_n_hidden(P->p->judge);
	P->p->n_public_tests = tu_problem_n_cases(P->p->judge) -
			       P->p->n_hidden_tests;
	return TU_OK;
}

/* Each item of the list key k must name a topic (misc false) or a
 * misconception (misc true) of the course. */
static enum tu_status check_refs(const struct pctx *P,
				 const struct tu__ini_key *k,
				 const char (*items)[TU_ID_MAX], size_t n,
				 bool misc, struct tu_err *err)
{
	const struct tu_course *c = P->L->c;

	for (size_t i = 0; i < n; i++)
		if (misc ? !tu_course_misconception_find(c, items[i])
			 : !tu_course_topic_find(c, items[i]))
			return tu_err_set(err, TU_EDATA, "%s:%d: %s: unknown %s "
					  "'%s'", P->meta, k->line, k->key,
					  misc ? "misconception" : "topic",
					  items[i]);
	return TU_OK;
}

static enum tu_status problem_topics(struct pctx *P, struct tu_err *err)
{
	struct tu_course_problem *p = P->p;
	const struct tu__ini_key *k;
	enum tu_status st = tu__sec_need(P->problem, "topics", P->meta, &k,
					 err);

	if (st == TU_OK)
		st = tu__key_list(k, p->topics[0], TU_ITEM_TOPICS_MAX,
				  TU_ID_MAX, true, &p->n_topics, P->meta, err);
	if (st == TU_OK && p->n_topics == 0)
		return tu_err_set(err, TU_EDATA, "%s:%d: topics: at least one "
				  "topic", P->meta, k->line);
	if (st == TU_OK)
		st = check_refs(P, k, (const char (*)[TU_ID_MAX])p->topics,
				p->n_topics, false, err);
	k = tu__sec_get(P->problem, "misconceptions");
	if (st == TU_OK && k)
		st = tu__key_list(k, p->misconceptions[0],
				  TU_CONTENT_PROBLEM_MISC_MAX, TU_ID_MAX, true,
				  &p->n_misconceptions, P->meta, err);
	if (st == TU_OK && k)
		st = check_refs(P, k,
				(const char (*)[TU_ID_MAX])p->misconceptions,
				p->n_misconceptions, true, err);
	return st;
}

static enum tu_status problem_langs(struct pctx *P, struct tu_err *err)
{
	const struct tu__ini_key *k = tu__sec_get(P->problem, "languages");
	const bool *course = P->L->c->langs;
	enum tu_status st;

	if (!k) {
		memcpy(P->p->langs, course, sizeof(P->p->langs));
		return TU_OK;
	}
	st = tu__key_langs(k, P->p->langs, P->meta, err);
	for (size_t l = 0; st == TU_OK && l < TU_LANGS; l++)
		if (P->p->langs[l] && !course[l])
			return tu_err_set(err, TU_EDATA, "%s:%d: languages: '%s' "
					  "is not a language of the course",
					  P->meta, k->line,
					  tu_lang_name((enum tu_lang)l));
	return st;
}

static enum tu_status problem_section(struct pctx *P, struct tu_err *err)
{
	const struct tu__ini_section *s = P->problem;
	const struct tu__ini_key *k;
	int d = 0;
	enum tu_status st = tu__sec_only_keys(s, problem_keys, P->meta, err);

	if (st == TU_OK)
		st = tu__sec_need(s, "difficulty", P->meta, &k, err);
	if (st == TU_OK)
		st = tu__key_enum(k, difficulty_names, 3, &d, P->meta, err);
	P->p->difficulty = (enum tu_difficulty)d;
	if (st == TU_OK)
		st = problem_topics(P, err);
	if (st == TU_OK)
		st = tu__sec_need(s, "expected_minutes", P->meta, &k, err);
	if (st == TU_OK)
		st = tu__key_number(k, 0, true, 10000, &P->p->expected_min,
				    P->meta, err);
	if (st == TU_OK)
		st = problem_langs(P, err);
	snprintf(P->p->title, sizeof(P->p->title), "%s",
		 tu_problem_title(P->p->judge)[0] ? tu_problem_title(P->p->judge)
						  : P->p->id);
	if (st == TU_OK)
		st = tu__sec_opt_text(s, "title", P->p->title,
				      sizeof(P->p->title), P->meta, err);
	return st;
}

static enum tu_status check_tests(const struct pctx *P, struct tu_err *err)
{
	const char *what = P->p->n_public_tests == 0 ? "public" :
			   P->p->n_hidden_tests == 0 ? "hidden" : NULL;

	if (!what)
		return TU_OK;
	return tu_err_set(err, TU_EDATA, "%s:%d: problem '%s': problem.json "
			  "has no %s tests", P->meta, P->line, P->p->id, what);
}

/* Reads problems/<id>/<name>; a missing required file is named on the
 * [problem] line of meta.ini. */
static enum tu_status read_named(struct pctx *P, const char *name,
				 bool required, char **out, struct tu_err *err)
{
	char rel[REL_CAP];
	bool exists;
	enum tu_status st;

	rel_of(P, name, rel);
	st = tu__read_text(P->L, rel, &exists, out, err);
	if (st == TU_OK && !exists && required)
		return tu_err_set(err, TU_EDATA, "%s:%d: problem '%s': file %s "
				  "does not exist", P->meta, P->line, P->p->id,
				  rel);
	return st;
}

static enum tu_status problem_files(struct pctx *P, struct tu_err *err)
{
	enum tu_status st = read_named(P, "README.md", true, &P->p->statement,
				       err);
	char name[32];

	for (size_t l = 0; st == TU_OK && l < TU_LANGS; l++) {
		if (!P->p->langs[l])
			continue;
		snprintf(name, sizeof(name), "solution.%s",
			 tu__lang_ext((enum tu_lang)l));
		st = read_named(P, name, !P->L->c->solutions_optional,
				&P->p->solution[l], err);
		snprintf(name, sizeof(name), "starter.%s",
			 tu__lang_ext((enum tu_lang)l));
		if (st == TU_OK)
			st = read_named(P, name, false, &P->p->starter[l], err);
	}
	return st;
}

static enum tu_status dup_value(const struct pctx *P,
				const struct tu__ini_key *k, char **out,
				struct tu_err *err)
{
	if (k->len == 0)
		return tu_err_set(err, TU_EDATA, "%s:%d: %s: empty hint",
				  P->meta, k->line, k->key);
	*out = strdup(k->value);
	if (!*out)
		return tu_err_set(err, TU_ENOMEM, "%s: out of memory", P->meta);
	return TU_OK;
}

static enum tu_status hint_level(struct pctx *P, int level,
				 struct tu_err *err)
{
	struct tu_hint_level_text *h = &P->p->hints[level - 1];
	const struct tu__ini_key *k;
	char key[32];
	enum tu_status st = TU_OK;

	snprintf(key, sizeof(key), "%d", level);
	k = tu__sec_get(P->hints, key);
	if (!k)
		return tu_err_set(err, TU_EDATA, "%s:%d: [hints]: missing hint "
				  "level %d", P->meta, P->hints->line, level);
	st = dup_value(P, k, &h->text, err);
	for (size_t b = 0; st == TU_OK && b < 3; b++) {
		snprintf(key, sizeof(key), "%d.%s", level, band_names[b]);
		k = tu__sec_get(P->hints, key);
		if (k)
			st = dup_value(P, k, &h->band[b], err);
	}
	return st;
}

static enum tu_status hints_section(struct pctx *P, struct tu_err *err)
{
	enum tu_status st;

	if (!P->hints)
		return tu_err_set(err, TU_EDATA, "%s:1: missing section [hints]",
				  P->meta);
	st = tu__sec_only_keys(P->hints, hint_keys, P->meta, err);
	for (int level = 1; st == TU_OK && level <= 5; level++)
		st = hint_level(P, level, err);
	return st;
}

/* The file and language of a [wrong FILE] section into *w; no file
 * described twice. */
static enum tu_status wrong_name(const struct pctx *P,
				 const struct tu__ini_section *s,
				 struct tu_wrong_solution *w,
				 struct tu_err *err)
{
	const char *ext = strrchr(s->id, '.');

	snprintf(w->file, sizeof(w->file), "%s%s",
		 strncmp(s->id, "wrong/", 6) == 0 ? "" : "wrong/", s->id);
	if (!ext || (strcmp(ext, ".py") != 0 && strcmp(ext, ".c") != 0))
		return tu_err_set(err, TU_EDATA, "%s:%d: [wrong %s]: file name "
				  "must end in .py or .c", P->meta, s->line,
				  s->id);
	w->lang = strcmp(ext, ".py") == 0 ? TU_LANG_PYTHON : TU_LANG_C;
	for (size_t i = 0; i < P->p->n_wrong; i++)
		if (strcmp(P->p->wrong[i].file, w->file) == 0)
			return tu_err_set(err, TU_EDATA, "%s:%d: [wrong %s]: "
					  "file %s described twice", P->meta,
					  s->line, s->id, w->file);
	return TU_OK;
}

/* One [wrong FILE] section into p->wrong[p->n_wrong]; the file is read
 * (bounded, hashed) but not kept. */
static enum tu_status wrong_section(struct pctx *P,
				    const struct tu__ini_section *s,
				    struct tu_err *err)
{
	struct tu_wrong_solution *w = &P->p->wrong[P->p->n_wrong];
	const struct tu__ini_key *k = NULL;
	char rel[REL_CAP], *buf;
	size_t len;
	bool exists;
	enum tu_status st = wrong_name(P, s, w, err);

	if (st == TU_OK)
		st = tu__sec_only_keys(s, wrong_keys, P->meta, err);
	if (st == TU_OK)
		st = tu__sec_need(s, "misconception", P->meta, &k, err);
	if (st == TU_OK && !tu_course_misconception_find(P->L->c, k->value))
		return tu_err_set(err, TU_EDATA, "%s:%d: misconception: unknown "
				  "misconception '%s'", P->meta, k->line,
				  k->value);
	if (st)
		return st;
	memcpy(w->misconception, k->value, k->len + 1);
	rel_of(P, w->file, rel);
	st = tu__read(P->L, rel, &exists, &buf, &len, err);
	free(buf);
	if (st == TU_OK && !exists)
		return tu_err_set(err, TU_EDATA, "%s:%d: [wrong %s]: file %s "
				  "does not exist", P->meta, s->line, s->id,
				  rel);
	P->p->n_wrong += st == TU_OK;
	return st;
}

/* Every file under wrong/ must have a [wrong] section. */
static enum tu_status wrong_listing(struct pctx *P, struct tu_err *err)
{
	char rel[REL_CAP], file[REL_CAP], **names;
	size_t n;
	enum tu_status st;

	rel_of(P, "wrong", rel);
	st = tu__list(P->L, rel, 4 * TU_CONTENT_WRONG_MAX, &names, &n, err);
	for (size_t i = 0; st == TU_OK && i < n; i++) {
		size_t j = 0;

		snprintf(file, sizeof(file), "wrong/%s", names[i]);
		while (j < P->p->n_wrong && strcmp(P->p->wrong[j].file, file))
			j++;
		if (j == P->p->n_wrong)
			st = tu_err_set(err, TU_EDATA, "%s:%d: problem '%s': "
					"file %s/%s has no [wrong] section",
					P->meta, P->line, P->p->id, P->rel,
					file);
	}
	tu__names_free(names, n);
	return st;
}

static enum tu_status wrong_all(struct pctx *P, struct tu_err *err)
{
	enum tu_status st = TU_OK;

	for (size_t i = 0; st == TU_OK && i < P->ini.n_sec; i++)
		if (strcmp(P->ini.sec[i].kind, "wrong") == 0)
			st = wrong_section(P, &P->ini.sec[i], err);
	if (st == TU_OK)
		st = wrong_listing(P, err);
	return st;
}

static enum tu_status read_meta(struct pctx *P, struct tu_err *err)
{
	char rel[REL_CAP], *buf, abs[TU_CONTENT_PATH_MAX];
	bool exists;
	size_t len;
	enum tu_status st = tu__dir(P->L, P->rel, abs, &exists, err);

	if (st)
		return st;
	memcpy(P->p->dir, abs, strlen(abs) + 1);
	rel_of(P, "meta.ini", rel);
	tu__display(P->L, rel, P->meta, sizeof(P->meta));
	st = tu__read(P->L, rel, NULL, &buf, &len, err);
	if (st)
		return st;
	st = tu__ini_parse(&P->ini, buf, len, P->meta, err);
	free(buf);
	return st;
}

enum tu_status tu__problem(struct tu__loader *L, const char *id,
			   struct tu_course_problem *p, struct tu_err *err)
{
	struct pctx P = { .L = L, .p = p, .line = 1 };
	enum tu_status st;

	memset(p, 0, sizeof(*p));
	tu__ini_init(&P.ini);
	snprintf(P.rel, sizeof(P.rel), "problems/%.*s", TU_ID_MAX, id);
	if (!tu__ini_is_id(id, strlen(id))) {
		tu__display(L, "problems/", P.meta, sizeof(P.meta));
		return tu_err_set(err, TU_EDATA, "%s%s: directory name is not "
				  "a problem id ([a-z0-9][a-z0-9._-]*)",
				  P.meta, id);
	}
	memcpy(p->id, id, strlen(id) + 1);
	st = read_meta(&P, err);
	if (st == TU_OK)
		st = survey(&P, err);
	if (st == TU_OK)
		st = load_json(&P, err);
	if (st == TU_OK)
		st = problem_section(&P, err);
	if (st == TU_OK)
		st = check_tests(&P, err);
	if (st == TU_OK)
		st = problem_files(&P, err);
	if (st == TU_OK)
		st = hints_section(&P, err);
	if (st == TU_OK)
		st = wrong_all(&P, err);
	tu__ini_release(&P.ini);
	return st;
}
