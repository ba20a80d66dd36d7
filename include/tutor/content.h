/*
 * tutor/content.h - courses as files: the loader and the in-memory course.
 *
 * A course is a folder (docs/content-format.md): course.ini (the manifest,
 * topics with prerequisites, misconception tags), problems/<id>/ (a judge
 * problem directory plus meta.ini: difficulty, topics, expected time,
 * misconception tags, the five-level hint ladder, the misconception each
 * known-wrong solution embodies) and actions.ini (learning actions:
 * explanations, worked examples, exercises, quizzes).
 *
 * tu_course_load reads and validates all of it; every error names the
 * file and line ("courses/x/course.ini:14: topic 'recursion': prerequisite
 * cycle: recursion -> trees -> recursion").  A course that loads is
 * consistent: topics form a DAG, every referenced topic, misconception,
 * problem and file exists, every problem has public and hidden tests, a
 * reference solution per language and five hint levels.
 *
 * What it is not: it does not run solutions (the content checker does,
 * through the judge) and decides nothing about learners.
 *
 * Ownership: struct tu_course owns everything in it, including the
 * compiled topic graph and curriculum and each problem's judge problem;
 * all pointers into it stay valid until tu_course_release.  The loader
 * reads only below the course directory.
 */
#ifndef TUTOR_CONTENT_H
#define TUTOR_CONTENT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "tutor/curriculum.h"
#include "tutor/err.h"
#include "tutor/hash.h"
#include "tutor/judge.h"
#include "tutor/learner.h"
#include "tutor/mastery.h"

#define TU_CONTENT_FILE_MAX (1u << 20)   /* bytes per course file */
#define TU_CONTENT_LINE_MAX 4096         /* bytes per line of an .ini file */
#define TU_CONTENT_TOPICS_MAX 1000
#define TU_CONTENT_PROBLEMS_MAX 5000
#define TU_CONTENT_ACTIONS_MAX 5000
#define TU_CONTENT_MISC_MAX 1000         /* misconception tags per course */
#define TU_CONTENT_KEYWORDS_MAX 16
#define TU_CONTENT_PROBLEM_MISC_MAX 16   /* tags per problem */
#define TU_CONTENT_WRONG_MAX 32          /* known-wrong solutions per problem */
#define TU_CONTENT_PATH_MAX 4096
#define TU_LANGS 2                       /* enum tu_lang: python, c */

struct tu_course_topic {
	char id[TU_ID_MAX];
	char title[TU_TEXT_MAX];
	char summary[TU_TEXT_MAX];
	char requires[TU_ITEM_TOPICS_MAX][TU_ID_MAX];
	size_t n_requires;
	int line;                    /* line of its section in course.ini */
};

struct tu_course_misconception {
	char id[TU_ID_MAX];          /* the judge's tag, e.g. "off-by-one" */
	char title[TU_TEXT_MAX];
	char topic[TU_ID_MAX];       /* topic it bears on ("" general) */
	char description[TU_TEXT_MAX];
	char remedy[TU_TEXT_MAX];    /* what to revisit, shown by the feedback */
};

/* Proficiency bands of the hint wording (tutor/mastery.h enum
 * tu_hint_band): index 0 beginner, 1 intermediate, 2 advanced. */
struct tu_hint_level_text {
	char *text;                  /* the authored hint, never NULL */
	char *band[3];               /* optional per-band variants, NULL = use
					text with the band's framing */
};

struct tu_wrong_solution {
	char file[TU_ID_MAX * 2];    /* path relative to the problem dir */
	enum tu_lang lang;
	char misconception[TU_ID_MAX];
};

struct tu_course_problem {
	char id[TU_ID_MAX];
	char title[TU_TEXT_MAX];
	char dir[TU_CONTENT_PATH_MAX];   /* absolute path of the problem dir */
	enum tu_difficulty difficulty;
	char topics[TU_ITEM_TOPICS_MAX][TU_ID_MAX];
	size_t n_topics;
	bool langs[TU_LANGS];            /* languages offered */
	double expected_min;             /* expected minutes to solve */
	char *statement;                 /* README.md (Markdown) */
	char *starter[TU_LANGS];         /* NULL when none for that language */
	char *solution[TU_LANGS];        /* reference solution text, NULL when
					    the language is not offered (or,
					    with solutions_optional, absent) */
	char misconceptions[TU_CONTENT_PROBLEM_MISC_MAX][TU_ID_MAX];
	size_t n_misconceptions;
	struct tu_wrong_solution *wrong;
	size_t n_wrong;
	struct tu_hint_level_text hints[5];  /* levels 1..5 at [0..4] */
	size_t n_public_tests, n_hidden_tests;
	struct tu_problem *judge;        /* the loaded problem.json */
};

enum tu_action_kind {
	TU_ACTION_EXPLANATION = 0,
	TU_ACTION_WORKED_EXAMPLE,
	TU_ACTION_EXERCISE,
	TU_ACTION_QUIZ
};

/* Bloom's revised taxonomy, lowest first.  (Not tutor/persona.h's
 * enum tu_bloom, which has no "remember" level and other values.) */
enum tu_action_bloom {
	TU_ABLOOM_REMEMBER = 0,
	TU_ABLOOM_UNDERSTAND,
	TU_ABLOOM_APPLY,
	TU_ABLOOM_ANALYZE,
	TU_ABLOOM_EVALUATE,
	TU_ABLOOM_CREATE
};

struct tu_course_action {
	char id[TU_ID_MAX];
	enum tu_action_kind kind;
	char title[TU_TEXT_MAX];
	char summary[TU_TEXT_MAX];
	char keywords[TU_CONTENT_KEYWORDS_MAX][TU_SHORT_MAX];
	size_t n_keywords;
	enum tu_action_bloom bloom;
	char topics[TU_ITEM_TOPICS_MAX][TU_ID_MAX];
	size_t n_topics;
	char problem[TU_ID_MAX];     /* exercise: the problem it practises, or "" */
	double minutes;              /* expected minutes, >= 0 */
	char *body;                  /* Markdown text of the body file */
};

struct tu_course {
	char id[TU_ID_MAX];
	char title[TU_TEXT_MAX];
	char version[TU_SHORT_MAX];
	char description[TU_TEXT_MAX];
	bool langs[TU_LANGS];
	bool solutions_optional;         /* [course] solutions = optional: a
					    problem may lack solution.<ext>
					    (imported courses); the checker
					    reports each one as a gap */
	char root[TU_CONTENT_PATH_MAX];  /* absolute course directory */
	char hash[TU_HASH_HEX_LEN + 1];  /* BLAKE2b-256 over every file read
					    (path and bytes, in sorted order) */
	struct tu_course_topic *topics;
	size_t n_topics;
	struct tu_course_misconception *misconceptions;
	size_t n_misconceptions;
	struct tu_course_problem *problems;  /* sorted by id */
	size_t n_problems;
	struct tu_course_action *actions;    /* sorted by id */
	size_t n_actions;
	struct tu_topic_graph graph;         /* topics and prerequisites */
	struct tu_curriculum curriculum;     /* the problems as curator items */
};

/* Makes c empty; allocates nothing. */
void tu_course_init(struct tu_course *c);

/* Frees everything c owns and leaves it empty. */
void tu_course_release(struct tu_course *c);

/*
 * Loads and validates the course in dir into c (initialised, empty).
 * Errors (c left empty): TU_EIO a file cannot be read (named);
 * TU_EPARSE a syntax error ("FILE:LINE: ..."); TU_EDATA a consistency
 * error ("FILE:LINE: ..."): unknown topic/misconception/problem/key,
 * prerequisite cycle, missing tests, solution or hint level, duplicate
 * ids; TU_ERANGE a size limit; TU_ENOMEM.
 */
enum tu_status tu_course_load(const char *dir, struct tu_course *c,
			      struct tu_err *err);

/* Lookups by id; NULL when absent.  Borrowed from c. */
/*
 * Removes the problems with drop[i] true (i indexes c->problems) from the
 * loaded course c, with the exercise actions that practise them, and
 * rebuilds the curator items: what remains is a course without them (for
 * held-out evaluation, tutor/sim.h).  The course hash is kept (it names
 * the files read).  TU_EINVAL when every problem would go; TU_ENOMEM.  On
 * error c may have lost the dropped problems but stays consistent.
 */
enum tu_status tu_course_hold_out(struct tu_course *c, const bool *drop,
				  struct tu_err *err);

const struct tu_course_problem *tu_course_problem_find(const struct tu_course *c,
						       const char *id);
const struct tu_course_action *tu_course_action_find(const struct tu_course *c,
						     const char *id);
const struct tu_course_topic *tu_course_topic_find(const struct tu_course *c,
						   const char *id);
const struct tu_course_misconception *
tu_course_misconception_find(const struct tu_course *c, const char *id);

/* Static names: "easy"/"medium"/"hard"; "explanation", "worked_example",
 * "exercise", "quiz"; "remember" .. "create".  "?" when invalid. */
const char *tu_difficulty_name(enum tu_difficulty d);
const char *tu_action_kind_name(enum tu_action_kind k);
const char *tu_action_bloom_name(enum tu_action_bloom b);
/* "python" / "c". */
const char *tu_lang_name(enum tu_lang l);

#endif
