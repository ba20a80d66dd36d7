/*
 * exercism_internal.h - private interfaces of the Exercism importer
 * (tutor/exercism.h, docs/import-exercism.md), split by concern:
 *
 *   exercism_buf.c     a growable text buffer with a sticky failure flag
 *   exercism_text.c    names (snake_case, kebab-case, slugs), one-line
 *                      text cleaning, exception classes, Markdown bits
 *   exercism_types.c   type inference over JSON values, Python literals
 *   exercism_io.c      confined, capped input reads; output files; trees
 *   exercism_track.c   the track's config.json and concept metadata
 *   exercism_cases.c   canonical-data.json: leaf cases, support, problems
 *   exercism_topics.c  topics: contraction, the 8-requires cap, cycles
 *   exercism_write.c   course.ini, actions, problem directories
 *   exercism_hints.c   meta.ini with the generated hint ladder
 *   exercism_report.c  IMPORT-REPORT.md and the counts text
 *   exercism.c         tu_exercism_import: the phases, temp dir, rename
 *
 * Nothing here is public API; the unit tests include it.  Ownership: each
 * struct owns what its release function frees; "borrowed" pointers point
 * into a JSON tree the owner keeps alive.
 */
#ifndef TUTOR_EXERCISM_INTERNAL_H
#define TUTOR_EXERCISM_INTERNAL_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <jansson.h>

#include "tutor/content.h"
#include "tutor/exercism.h"

#define TU__EX_LIST_MAX 64        /* slugs per practices/prerequisites list */
#define TU__EX_CONCEPTS_MAX (TU_CONTENT_TOPICS_MAX - 1)  /* + "general" */
#define TU__EX_EXERCISES_MAX TU_CONTENT_PROBLEMS_MAX     /* per list */
#define TU__EX_LEAVES_MAX 20000   /* leaf cases per canonical-data.json */
#define TU__EX_GROUP_DEPTH 16     /* nesting of case groups */
#define TU__EX_PARAMS_MAX 16      /* the judge's limit */
#define TU__EX_CASES_MAX 1000     /* cases per problem (the judge's) */
#define TU__EX_NAME_MAX 128       /* case name bytes incl. NUL (judge) */
#define TU__EX_TITLE_MAX 256      /* problem.json title incl. NUL (judge) */
#define TU__EX_HINT_MAX 479       /* bytes of a hint */
#define TU__EX_TYPE_DEPTH 8       /* list nesting the judge accepts */
#define TU__EX_GENERAL UINT32_MAX /* the topic "general" (no concept) */
#define TU__EX_BIGINT "\001int64" /* stands in for an integer beyond int64 */

/* ------------------------------------------------------------------ */
/* Text buffer (exercism_buf.c)                                        */

/* A NUL-terminated growable string.  An allocation failure or growth
 * beyond max sets failed and ignores further appends, so call sites
 * append freely and check failed once. */
struct tu__ex_buf {
	char *s;          /* NULL until the first append */
	size_t len, cap;
	size_t max;       /* longest allowed text, bytes */
	bool failed;
};

/* Empty buffer of at most max bytes; allocates nothing. */
void tu__ex_buf_init(struct tu__ex_buf *b, size_t max);
void tu__ex_buf_release(struct tu__ex_buf *b);
void tu__ex_buf_add(struct tu__ex_buf *b, const char *s, size_t n);
void tu__ex_buf_puts(struct tu__ex_buf *b, const char *s);
void tu__ex_buf_printf(struct tu__ex_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
/* The text ("" when empty); borrowed from b. */
const char *tu__ex_buf_str(const struct tu__ex_buf *b);

/* ------------------------------------------------------------------ */
/* Names and text (exercism_text.c)                                    */

/*
 * snake_case of an Exercism name ("startBucket" -> "start_bucket"): an
 * upper-case ASCII letter becomes '_' + its lower case (no '_' at the
 * start or after '_'), other characters outside [A-Za-z0-9_] become '_',
 * a leading digit gets a '_' before it, a Python keyword (or True,
 * False, None) a trailing '_'.  False when the result is empty or does
 * not fit cap bytes (out is then "").
 */
bool tu__ex_snake(const char *in, char *out, size_t cap);

/* kebab-case: the snake_case without a keyword's trailing '_', with '-'
 * for '_' and no leading '-' ("sameResult" -> "same-result"). */
bool tu__ex_kebab(const char *in, char *out, size_t cap);

/* True for an Exercism slug: [a-z0-9]+(-[a-z0-9]+)*, at most
 * TU_ID_MAX - 1 bytes. */
bool tu__ex_is_slug(const char *s);

/* The largest n <= max such that s[0..n) ends on a UTF-8 boundary
 * (len is strlen(s) or less). */
size_t tu__ex_utf8_cut(const char *s, size_t len, size_t max);

/*
 * Appends len bytes of in to out as one clean line: control characters
 * and runs of blanks become one space, leading and trailing blanks go;
 * when the result is longer than max bytes it is cut on a UTF-8 boundary
 * and ends in "...".
 */
void tu__ex_one_line(struct tu__ex_buf *out, const char *in, size_t len,
		     size_t max);

/*
 * The exception classes named in text: words matching
 * \b[A-Z][A-Za-z]*Error\b (ASCII word boundaries).  Returns how many
 * distinct ones there are (counting stops at 2); the first is copied
 * into first (TU_ID_MAX bytes, "" when none).
 */
size_t tu__ex_error_classes(const char *text, char first[TU_ID_MAX]);

/*
 * The first list item of a Markdown hints file ("- text" or "* text",
 * with its continuation lines), with links reduced to their text, into
 * out as one line of at most max bytes.  False when there is none.
 */
bool tu__ex_first_item(const char *md, struct tu__ex_buf *out, size_t max);

/* ------------------------------------------------------------------ */
/* Types (exercism_types.c)                                            */

enum tu__ex_base {
	TU__EX_NONE = 0,   /* nothing seen yet (empty lists) */
	TU__EX_INT,
	TU__EX_FLOAT,
	TU__EX_BOOL,
	TU__EX_STR,
	TU__EX_ANY
};

/* depth lists around base: list[list[int]] is { 2, TU__EX_INT }. */
struct tu__ex_type {
	int depth;
	enum tu__ex_base base;
};

#define TU__EX_NOTHING ((struct tu__ex_type){ 0, TU__EX_NONE })

/* The type of one JSON value: int, float, bool, str, list[T] (elements
 * unified, an empty list is list of nothing), any (objects, null,
 * nesting deeper than TU__EX_TYPE_DEPTH). */
struct tu__ex_type tu__ex_type_of(const json_t *v);

/* The least type both fit: nothing joins anything, int and float give
 * float, lists join element-wise, anything else mixed is any (at the
 * level where they differ). */
struct tu__ex_type tu__ex_type_join(struct tu__ex_type a,
				   struct tu__ex_type b);

/* The judge's name of t ("list[int]"); nothing becomes "any". */
void tu__ex_type_name(struct tu__ex_type t, char *buf, size_t cap);

/* True when v holds the TU__EX_BIGINT marker anywhere. */
bool tu__ex_has_bigint(const json_t *v);

/*
 * Rewrites every JSON integer outside the int64 range in buf[0..len)
 * (NUL-terminated at len; outside strings) as the string TU__EX_BIGINT,
 * so jansson can parse the rest.  *out is new (caller frees) or NULL
 * when nothing changed; false when out of memory.
 */
bool tu__ex_mark_bigints(const char *buf, size_t len, char **out,
			 size_t *out_len);

/* Appends v as a Python literal (None, True, 1.5, "s", [..], {..}) to
 * b, stopping with "..." once it passes max bytes. */
void tu__ex_pyrepr(struct tu__ex_buf *b, const json_t *v, size_t max);

/* ------------------------------------------------------------------ */
/* Files (exercism_io.c)                                               */

/* An input directory: its realpath and the path as given (messages). */
struct tu__ex_root {
	char real[PATH_MAX];
	char disp[TU_CONTENT_PATH_MAX];
};

/* Opens dir as a root; TU_EIO when it is not a readable directory.
 * what names it in messages ("--track"). */
enum tu_status tu__ex_root_open(struct tu__ex_root *r, const char *dir,
				const char *what, struct tu_err *err);

/* Display path of rel under r ("<dir as given>/<rel>"). */
void tu__ex_disp(const struct tu__ex_root *r, const char *rel, char *out,
		 size_t cap);

/*
 * Reads r/rel (rel: '/'-separated names of [A-Za-z0-9._-], no "." or
 * ".." component) into *buf (new, NUL-terminated; caller frees) and
 * *len.  With exists non-NULL a missing file gives TU_OK, *exists false,
 * *buf NULL.  TU_EIO a path that resolves outside r (symbolic links
 * included), not a regular file, a read error; TU_ERANGE more than
 * TU_EXERCISM_FILE_MAX bytes; TU_EPARSE (text) invalid UTF-8 or a NUL
 * byte; TU_ENOMEM.
 */
enum tu_status tu__ex_read(const struct tu__ex_root *r, const char *rel,
			   bool *exists, char **buf, size_t *len,
			   struct tu_err *err);
enum tu_status tu__ex_read_text(const struct tu__ex_root *r, const char *rel,
				bool *exists, char **buf,
				struct tu_err *err);

/* tu__ex_read, big integers marked (tu__ex_mark_bigints), then parsed
 * with duplicate keys refused: *out is a new tree (json_decref). */
enum tu_status tu__ex_read_json(const struct tu__ex_root *r, const char *rel,
				bool *exists, json_t **out,
				struct tu_err *err);

/* Creates dir/rel (a directory, 0755) or writes dir/rel (a new file,
 * 0644, never through a symbolic link).  TU_EIO naming the file. */
enum tu_status tu__ex_mkdir(const char *dir, const char *rel,
			    struct tu_err *err);
enum tu_status tu__ex_write(const char *dir, const char *rel,
			    const char *data, size_t len, struct tu_err *err);

/* Removes path and everything below it, never following symbolic links;
 * best effort. */
void tu__ex_rmtree(const char *path);

/* ------------------------------------------------------------------ */
/* The track (exercism_track.c)                                        */

/* Concept indices (into the slug-sorted concepts), sorted, unique. */
struct tu__ex_ids {
	uint32_t *v;
	size_t n;
};

struct tu__ex_concept {
	char slug[TU_ID_MAX];
	char name[TU_TEXT_MAX];
	char blurb[TU_TEXT_MAX];     /* one line, "" when none */
	struct tu__ex_ids prereq;    /* from the concept exercises */
};

struct tu__ex_practice {
	char slug[TU_ID_MAX];
	char name[TU_TEXT_MAX];
	int difficulty;              /* 1..10 */
	bool deprecated;
	uint32_t practices[TU__EX_LIST_MAX];   /* known concepts, in order */
	size_t n_practices;
	uint32_t prereqs[TU__EX_LIST_MAX];
	size_t n_prereqs;
};

/* One line of the report: what and why. */
struct tu__ex_note {
	char what[256];
	char why[128];
};

struct tu__ex_notes {
	struct tu__ex_note *v;
	size_t n, cap;
};

void tu__ex_notes_release(struct tu__ex_notes *ns);
/* Appends (what, why) (each cut to fit); with unique, an equal note
 * already there is not added again.  TU_ENOMEM. */
enum tu_status tu__ex_note(struct tu__ex_notes *ns, bool unique,
			   const char *what, const char *why,
			   struct tu_err *err);

struct tu__ex_track {
	char version[TU_SHORT_MAX];
	struct tu__ex_concept *concepts;   /* sorted by slug */
	size_t n_concepts;
	struct tu__ex_practice *practice;  /* in config order */
	size_t n_practice;
	struct tu__ex_notes edges;         /* prerequisites to unknown
					      concepts */
};

/* Makes t empty; allocates nothing. */
void tu__ex_track_init(struct tu__ex_track *t);
void tu__ex_track_release(struct tu__ex_track *t);

/*
 * Reads r/config.json (language Python, concepts, practice and concept
 * exercises) and each concept's .meta/config.json blurb into t (empty).
 * TU_EINVAL a track that is not Python; TU_EPARSE / TU_ERANGE a
 * malformed or oversized file ("<file>: $.concepts[2].slug: ...");
 * TU_EIO; TU_ENOMEM.
 */
enum tu_status tu__ex_track_load(struct tu__ex_track *t,
				 const struct tu__ex_root *r,
				 struct tu_err *err);

/* Index of the concept slug in t, or -1. */
long tu__ex_concept_find(const struct tu__ex_track *t, const char *slug);

/* ------------------------------------------------------------------ */
/* Cases and problems (exercism_cases.c)                               */

struct tu__ex_case {
	const json_t *leaf;        /* borrowed from the exercise's tree */
	const char *uuid, *desc, *property;   /* borrowed */
	const char *group;         /* innermost group description, or NULL */
	const char *why;           /* NULL: supported; else the reason
				      (static, or why_buf) */
	char why_buf[80];
	bool error;                /* expected is {"error": "..."} */
	char name[TU__EX_NAME_MAX];   /* unique in its problem (supported) */
};

struct tu__ex_problem {
	char id[TU_ID_MAX];
	char func[TU_ID_MAX];
	const char *property;                 /* borrowed */
	size_t n_params;
	const char *keys[TU__EX_PARAMS_MAX];  /* input keys as in the data */
	char params[TU__EX_PARAMS_MAX][TU_ID_MAX];
	struct tu__ex_type ptype[TU__EX_PARAMS_MAX], ret;
	size_t *cases;                        /* supported, into ex->cases */
	size_t n_cases, n_public;
	bool has_error;                       /* some case expects an error */
};

struct tu__ex_exercise {
	char slug[TU_ID_MAX];
	json_t *root;                 /* canonical-data.json (owned) */
	struct tu__ex_case *cases;    /* every leaf, in file order */
	size_t n_cases;
	struct tu__ex_problem *problems;
	size_t n_problems;
	size_t n_properties;
	char error_class[TU_ID_MAX];  /* "" when not stated */
};

/* Cases public of n supported ones: max(1, min(3, n / 3)). */
size_t tu__ex_n_public(size_t n);

/*
 * Validates root (canonical-data.json, taken in every case) and fills e
 * (zeroed): the leaf cases with their support decision and the problems
 * (docs/import-exercism.md).  error_class is the exception class the
 * track states for the exercise ("" none).  path names the file in
 * messages.  TU_EPARSE "<path>: $.cases[2].input: expected an object,
 * got ..."; TU_ERANGE too many or too deep cases; TU_ENOMEM.
 */
enum tu_status tu__ex_exercise_analyse(struct tu__ex_exercise *e,
				       const char *slug, json_t *root,
				       const char *error_class,
				       const char *path, struct tu_err *err);
void tu__ex_exercise_release(struct tu__ex_exercise *e);

/* ------------------------------------------------------------------ */
/* Topics (exercism_topics.c)                                          */

struct tu__ex_topic {
	char id[TU_ID_MAX];
	uint32_t concept;                        /* or TU__EX_GENERAL */
	uint32_t req[TU_ITEM_TOPICS_MAX];        /* indices of topics */
	size_t n_req;
};

struct tu__ex_graph {
	struct tu__ex_topic *t;   /* kept topics, sorted by id */
	size_t n;
};

void tu__ex_graph_release(struct tu__ex_graph *g);

/*
 * Builds the kept topics: the main topic of each practice exercise with
 * used[i] true; their requires are the concepts' prerequisites with
 * dropped topics replaced by their own (transitive) prerequisites,
 * capped at 8 (the first in slug order), cycles broken by a DFS in slug
 * order that drops each closing edge.  Every dropped edge is noted in
 * notes.  TU_ENOMEM.
 */
enum tu_status tu__ex_topics_build(const struct tu__ex_track *t,
				   const bool *used, struct tu__ex_graph *g,
				   struct tu__ex_notes *notes,
				   struct tu_err *err);

/* Index in g of exercise p's main topic: its first practised concept,
 * else its first prerequisite, else general. */
size_t tu__ex_main_topic(const struct tu__ex_track *t,
			 const struct tu__ex_graph *g, size_t p);

/* The topics of exercise p (indices into g, main first, then practised
 * concepts that are ancestors of the main one; at most 8) into out;
 * returns how many. */
size_t tu__ex_problem_topics(const struct tu__ex_track *t,
			     const struct tu__ex_graph *g, size_t p,
			     size_t out[TU_ITEM_TOPICS_MAX]);

/* ------------------------------------------------------------------ */
/* Writing the course                                                  */

/* Everything an import has read and decided. */
struct tu__ex_import {
	const struct tu_exercism_opts *o;
	struct tu__ex_root track, specs;
	struct tu__ex_track tr;
	struct tu__ex_exercise *ex;    /* per practice exercise (zeroed when
					  deprecated or without data) */
	bool *used;                    /* per practice: has a problem */
	struct tu__ex_graph g;
	struct tu__ex_notes bad_ex;    /* unsupported exercises */
	struct tu__ex_notes bad_cases; /* unsupported cases */
	struct tu__ex_notes bad_edges; /* dropped prerequisite edges */
	struct tu_exercism_counts counts;
	char dir[TU_CONTENT_PATH_MAX]; /* the temporary course directory */
};

/* course.ini, LICENSE files, actions.ini and actions/<slug>.md. */
enum tu_status tu__ex_write_course(struct tu__ex_import *im,
				   struct tu_err *err);

/* problems/<id>/{problem.json,README.md,starter.py} for exercise i. */
enum tu_status tu__ex_write_problems(struct tu__ex_import *im, size_t i,
				     struct tu_err *err);

/* problems/<id>/meta.ini of problem k of exercise i (hints included). */
enum tu_status tu__ex_write_meta(struct tu__ex_import *im, size_t i,
				 size_t k, struct tu_err *err);

/* IMPORT-REPORT.md. */
enum tu_status tu__ex_write_report(struct tu__ex_import *im,
				   struct tu_err *err);

#endif
