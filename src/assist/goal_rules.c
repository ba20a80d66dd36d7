/*
 * goal_rules.c - the deterministic goal extraction of tutor/assist.h
 * (docs/llm.md, "Goals"): rules over the learner's words that yield typed
 * goal components (struct tu_goal) with a computable metric.
 *
 *   "get better at X", "learn X", "improve X", "master X", "practise X",
 *   "understand X", "work on X" (X split at "and", "&", ",", "/"; each
 *   part matched to a course topic by its id and title words)
 *       -> short_term_objective "Get better at <topic>",
 *          mastery:<topic> >= 0.8; confidence 0.9 when every word of the
 *          part names the topic, 0.7 when only some do
 *   "N minutes" / "N hours", "every day", "daily", "a day", ...
 *       -> short_term_objective "Practise N minutes a day",
 *          minutes_per_day >= N; 0.9 with both a number and "daily",
 *          0.7 with a number only, 0.6 with "daily" only (N = 15)
 *   "interview", "exam", "job", "deadline"
 *       -> explicit_motivation, no metric; 0.9 after "for"/"my", else 0.75
 *   "become a X", "career as X"
 *       -> long_term_objective "Become a X", no metric; 0.7
 *   "fun", "curious", "curiosity", "enjoy", "hobby", "interested"
 *       -> implicit_motivation, no metric; 0.6 for "for fun", else 0.5
 *
 * Evidence is the learner's phrase, quoted.  Matching is ASCII
 * case-insensitive on whole words.  Pure: no I/O.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "assist_internal.h"

#define PHRASE_MAX 200

/* Learn phrases; the weak ones ("practise", "work on", "learning") say
 * less about a topic, so their objects that name no topic are not
 * reported. */
struct learn {
	const char *phrase;
	bool weak;
};

static const struct learn LEARN[] = {
	{ "get better at ", false }, { "getting better at ", false },
	{ "become better at ", false }, { "be better at ", false },
	{ "better at ", false }, { "get good at ", false },
	{ "learn about ", false }, { "learn how to ", false },
	{ "learn more about ", false }, { "learn ", false },
	{ "learning ", true }, { "improve my ", false },
	{ "improve at ", false }, { "improve ", false }, { "master ", false },
	{ "understand ", false }, { "practice ", true }, { "practise ", true },
	{ "work on ", true },
};

/* Words that end the X of a learn phrase. */
static const char *const STOPPERS[] = {
	" because ", " so ", " for ", " before ", " by ", " since ",
	" in order ", " until ", " then ", " but ", " to be ", " to get ",
	NULL
};

static char lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

static bool alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

/* ---- the set ----------------------------------------------------------- */

bool tu__as_goal_same(const struct tu_goal *a, const struct tu_goal *b)
{
	if (a->dimension != b->dimension)
		return false;
	if (a->metric[0] || b->metric[0])
		return strcmp(a->metric, b->metric) == 0;
	return strcasecmp(a->description, b->description) == 0;
}

bool tu__as_goal_put(struct tu__as_goal_set *s, const struct tu_goal *g)
{
	for (size_t i = 0; i < s->n; i++) {
		if (!tu__as_goal_same(&s->g[i], g))
			continue;
		if (g->confidence > s->g[i].confidence)
			s->g[i] = *g;
		return true;
	}
	if (s->n >= TU_ASSIST_GOALS_MAX)
		return false;
	s->g[s->n++] = *g;
	return true;
}

/* A goal of dimension d with description, metric, threshold, confidence
 * and the learner's phrase text[0..n) as evidence. */
static void make_goal(struct tu_goal *g, enum tu_goal_dimension d,
		      const char *description, const char *metric,
		      double threshold, double confidence, const char *phrase,
		      size_t n)
{
	char ev[TU_SHORT_MAX];
	char quoted[PHRASE_MAX + 8];

	tu_learner_goal_init(g);
	g->dimension = d;
	tu__as_copy(g->description, sizeof g->description, description);
	tu__as_copy(g->metric, sizeof g->metric, metric);
	g->threshold_cmp = TU_CMP_GE;
	g->threshold = threshold;
	g->confidence = confidence;
	if (n > PHRASE_MAX)
		n = PHRASE_MAX;
	snprintf(quoted, sizeof quoted, "said \"%.*s\"", (int)n, phrase);
	tu__as_copy(ev, sizeof ev, quoted);
	tu__as_clean_text(ev);
	tu__as_copy(g->evidence[0], TU_SHORT_MAX, ev);
	g->n_evidence = 1;
}

/* ---- topics ------------------------------------------------------------ */

struct words {
	char w[24][48];
	size_t n;
};

static void add_word(void *ctx, const char *tok)
{
	struct words *ws = ctx;

	for (size_t i = 0; i < ws->n; i++)
		if (strcmp(ws->w[i], tok) == 0)
			return;
	if (ws->n < 24)
		tu__as_copy(ws->w[ws->n++], sizeof ws->w[0], tok);
}

static size_t overlap(const struct words *a, const struct words *b)
{
	size_t n = 0;

	for (size_t i = 0; i < a->n; i++)
		for (size_t j = 0; j < b->n; j++)
			if (strcmp(a->w[i], b->w[j]) == 0) {
				n++;
				break;
			}
	return n;
}

/* The topic that part[0..n) names best, with *all when every word of the
 * part is one of the topic's; NULL when none shares a word. */
static const struct tu_course_topic *match_topic(const struct tu_course *c,
						 const char *part, size_t n,
						 bool *all)
{
	const struct tu_course_topic *best = NULL;
	struct words pw, tw;
	size_t best_score = 0;
	char buf[PHRASE_MAX + 1];

	snprintf(buf, sizeof buf, "%.*s", (int)(n < PHRASE_MAX ? n :
						 PHRASE_MAX), part);
	memset(&pw, 0, sizeof pw);
	tu__as_tokens(buf, add_word, &pw);
	for (size_t i = 0; i < c->n_topics && pw.n > 0; i++) {
		size_t s;

		memset(&tw, 0, sizeof tw);
		tu__as_tokens(c->topics[i].id, add_word, &tw);
		tu__as_tokens(c->topics[i].title, add_word, &tw);
		s = overlap(&pw, &tw);
		if (s > best_score) {
			best_score = s;
			best = &c->topics[i];
			*all = s == pw.n;
		}
	}
	return best;
}

/* ---- learn phrases ----------------------------------------------------- */

/* Length of the X after a learn phrase at s (up to a stopper). */
static size_t object_len(const char *low)
{
	size_t n = strcspn(low, ".;!?\n");

	for (size_t i = 0; STOPPERS[i]; i++) {
		const char *p = strstr(low, STOPPERS[i]);

		if (p && (size_t)(p - low) < n)
			n = (size_t)(p - low);
	}
	return n;
}

/* Length of the next part of x[0..n) (to " and ", " & ", ",", "/"). */
static size_t part_len(const char *x, size_t n, size_t *skip)
{
	static const char *const SEP[] = { " and ", " & ", ",", "/", NULL };
	size_t best = n;

	*skip = 0;
	for (size_t i = 0; SEP[i]; i++) {
		const char *p = strstr(x, SEP[i]);

		if (p && (size_t)(p - x) < best) {
			best = (size_t)(p - x);
			*skip = strlen(SEP[i]);
		}
	}
	return best;
}

static void note_unmatched(struct tu__as_goal_set *s, const char *part,
			   size_t n)
{
	size_t used = strlen(s->note);

	while (n > 0 && part[0] == ' ') {
		part++;
		n--;
	}
	while (n > 0 && part[n - 1] == ' ')
		n--;
	if (n == 0 || used + n + 8 >= sizeof s->note)
		return;
	snprintf(s->note + used, sizeof s->note - used, "%s\"%.*s\"",
		 used ? ", " : "", (int)n, part);
}

/* One learn phrase l: orig at the phrase, x (in low) its object. */
static void learn_phrase(const struct tu_course *c, const char *orig,
			 const struct learn *l, const char *x, size_t xlen,
			 struct tu__as_goal_set *s)
{
	size_t off = 0, plen = strlen(l->phrase);

	if (xlen > 0 && x[0] >= '0' && x[0] <= '9')
		return;   /* "practise 30 minutes": the practice-time rule */
	while (off < xlen) {
		size_t skip, n = part_len(x + off, xlen - off, &skip);
		bool all = false;
		const struct tu_course_topic *t =
			match_topic(c, x + off, n, &all);
		char desc[TU_TEXT_MAX], metric[TU_SHORT_MAX];
		struct tu_goal g;

		if (!t && !l->weak) {
			note_unmatched(s, orig + plen + off, n);
		} else if (t) {
			tu__as_copy(desc, sizeof desc, "Get better at ");
			tu__as_cat(desc, sizeof desc, t->title);
			tu__as_copy(metric, sizeof metric, "mastery:");
			tu__as_cat(metric, sizeof metric, t->id);
			make_goal(&g, TU_GOAL_SHORT_TERM_OBJECTIVE, desc,
				  metric, 0.8, all ? 0.9 : 0.7, orig,
				  plen + xlen);
			tu__as_goal_put(s, &g);
		}
		off += n + skip;
	}
}

/* The learn phrase starting at low (at a word start), or NULL. */
static const struct learn *learn_at(const char *low)
{
	for (size_t k = 0; k < sizeof LEARN / sizeof LEARN[0]; k++)
		if (strncmp(low, LEARN[k].phrase, strlen(LEARN[k].phrase)) == 0)
			return &LEARN[k];
	return NULL;
}

static void learn_rules(const struct tu_course *c, const char *orig,
			const char *low, struct tu__as_goal_set *s)
{
	for (size_t i = 0; low[i];) {
		const struct learn *l = (i == 0 || !alnum(low[i - 1])) ?
					learn_at(low + i) : NULL;
		size_t plen, xlen;

		if (!l) {
			i++;
			continue;
		}
		plen = strlen(l->phrase);
		xlen = object_len(low + i + plen);
		learn_phrase(c, orig + i, l, low + i + plen, xlen, s);
		i += plen + xlen;
	}
}

/* ---- practice time ----------------------------------------------------- */

/* The first whole-word occurrence of w (a word or phrase) in low, or
 * NULL. */
static const char *word_at(const char *low, const char *w)
{
	size_t n = strlen(w);

	for (const char *p = strstr(low, w); p; p = strstr(p + 1, w))
		if ((p == low || !alnum(p[-1])) &&
		    (!alnum(w[n - 1]) || !alnum(p[n])))
			return p;
	return NULL;
}


static const char *const DAILY[] = {
	"every day", "each day", "daily", "a day", "per day", "every morning",
	"every evening", "every night", "each morning", "each evening", NULL
};

/* Finds "N minutes"/"N hours": minutes into *min, the match into *at. */
static bool find_minutes(const char *low, long *min, const char **at,
			 size_t *len)
{
	for (const char *p = low; *p; p++) {
		char *end;
		long v;

		if (*p < '0' || *p > '9' || (p > low && alnum(p[-1])))
			continue;
		v = strtol(p, &end, 10);
		while (*end == ' ')
			end++;
		if (strncmp(end, "min", 3) == 0)
			*min = v;
		else if (strncmp(end, "hour", 4) == 0 ||
			 strncmp(end, "hr", 2) == 0 ||
			 (end[0] == 'h' && !alnum(end[1])))
			*min = v > 1440 ? 1440 * 60 : v * 60;
		else
			continue;
		*at = p;
		*len = (size_t)(end - p) + strcspn(end, " .,;!?\n");
		return true;
	}
	return false;
}

static void practice_rule(const char *orig, const char *low,
			  struct tu__as_goal_set *s)
{
	const char *at = NULL, *daily = NULL;
	size_t len = 0, dlen = 0;
	long min = 15;
	bool num = find_minutes(low, &min, &at, &len);
	char desc[TU_TEXT_MAX];
	struct tu_goal g;

	for (size_t i = 0; DAILY[i] && !daily; i++) {
		daily = word_at(low, DAILY[i]);
		dlen = strlen(DAILY[i]);
	}
	if (!num && !daily)
		return;
	if (!num) {
		at = daily;
		len = dlen;
	}
	if (min < 1)
		min = 1;
	if (min > 1440)
		min = 1440;
	snprintf(desc, sizeof desc, "Practise %ld minutes a day", min);
	make_goal(&g, TU_GOAL_SHORT_TERM_OBJECTIVE, desc, "minutes_per_day",
		  (double)min, num && daily ? 0.9 : num ? 0.7 : 0.6,
		  orig + (at - low), len);
	tu__as_goal_put(s, &g);
}

/* ---- motivations and long-term objectives ------------------------------ */

struct motive {
	const char *word, *plural, *description;
	enum tu_goal_dimension dim;
};

static const struct motive MOTIVES[] = {
	{ "interview", "interviews", "Preparing for an interview",
	  TU_GOAL_EXPLICIT_MOTIVATION },
	{ "exam", "exams", "Preparing for an exam",
	  TU_GOAL_EXPLICIT_MOTIVATION },
	{ "job", "jobs", "Getting a job", TU_GOAL_EXPLICIT_MOTIVATION },
	{ "deadline", "deadlines", "Meeting a deadline",
	  TU_GOAL_EXPLICIT_MOTIVATION },
	{ "fun", "fun", "Learning for fun", TU_GOAL_IMPLICIT_MOTIVATION },
	{ "curious", "curiosity", "Learning out of curiosity",
	  TU_GOAL_IMPLICIT_MOTIVATION },
	{ "enjoy", "enjoying", "Learning for fun",
	  TU_GOAL_IMPLICIT_MOTIVATION },
	{ "hobby", "interested", "Learning out of interest",
	  TU_GOAL_IMPLICIT_MOTIVATION },
};

/* Start of the up to `words` words before offset at, within a clause. */
static size_t back_words(const char *low, size_t at, int words)
{
	size_t i = at;

	for (int w = 0; w < words && i > 0; w++) {
		while (i > 0 && low[i - 1] == ' ')
			i--;
		if (i == 0 || !alnum(low[i - 1]))
			break;
		while (i > 0 && alnum(low[i - 1]))
			i--;
	}
	while (i < at && low[i] == ' ')
		i++;
	return i;
}

/* Whether low[0..at) ends with "for " or "my " and the like. */
static bool lead_before(const char *low, size_t at)
{
	static const char *const LEAD[] = {
		"for a ", "for an ", "for the ", "for my ", "for ", "my ", NULL
	};

	for (size_t i = 0; LEAD[i]; i++) {
		size_t n = strlen(LEAD[i]);

		if (at >= n && strncmp(low + at - n, LEAD[i], n) == 0)
			return true;
	}
	return false;
}

/* Whether the word at p follows "for " or "my " (a stated purpose),
 * directly or with one word between ("for my job interview"). */
static bool stated(const char *low, const char *p)
{
	size_t at = (size_t)(p - low), prev = back_words(low, at, 1);

	return lead_before(low, at) || (prev < at && lead_before(low, prev));
}

static void motive_rules(const char *orig, const char *low,
			 struct tu__as_goal_set *s)
{
	for (size_t i = 0; i < sizeof MOTIVES / sizeof MOTIVES[0]; i++) {
		const struct motive *m = &MOTIVES[i];
		const char *q = word_at(low, m->word);
		bool explicit_ = m->dim == TU_GOAL_EXPLICIT_MOTIVATION;
		size_t start, end;
		struct tu_goal g;

		if (!q)
			q = word_at(low, m->plural);
		if (!q)
			continue;
		start = back_words(low, (size_t)(q - low), 2);
		end = (size_t)(q - low) + strcspn(q, " .,;!?\n");
		make_goal(&g, m->dim, m->description, "", 0.0,
			  explicit_ ? (stated(low, q) ? 0.9 : 0.75) :
			  (stated(low, q) ? 0.6 : 0.5), orig + start,
			  end - start);
		tu__as_goal_put(s, &g);
	}
}

struct lead {
	const char *lead;    /* lower case, ends with a space */
	const char *verb;    /* "Become" */
	size_t art;          /* offset of the article in lead */
};

static const struct lead LEADS[] = {
	{ "become a ", "Become", 7 }, { "become an ", "Become", 7 },
	{ "career as a ", "Work as", 10 }, { "career as an ", "Work as", 10 },
	{ "work as a ", "Work as", 8 }, { "work as an ", "Work as", 8 },
};

static void career_rule(const char *orig, const char *low,
			struct tu__as_goal_set *s)
{
	for (size_t i = 0; i < sizeof LEADS / sizeof LEADS[0]; i++) {
		const struct lead *l = &LEADS[i];
		const char *p = word_at(low, l->lead);
		size_t n, len = strlen(l->lead), off;
		char desc[TU_TEXT_MAX];
		struct tu_goal g;

		if (!p)
			continue;
		off = (size_t)(p - low);
		n = object_len(p + len);
		if (n == 0 || n > 80)
			continue;
		snprintf(desc, sizeof desc, "%s %.*s", l->verb,
			 (int)(len - l->art + n), orig + off + l->art);
		make_goal(&g, TU_GOAL_LONG_TERM_OBJECTIVE, desc, "", 0.0, 0.7,
			  orig + off, len + n);
		tu__as_goal_put(s, &g);
		return;
	}
}

void tu__as_goal_rules(const struct tu_course *c, const char *text,
		    struct tu__as_goal_set *s)
{
	char *low = strdup(text);

	memset(s, 0, sizeof(*s));
	if (!low)
		return;
	for (size_t i = 0; low[i]; i++)
		low[i] = lower(low[i]);
	learn_rules(c, text, low, s);
	practice_rule(text, low, s);
	motive_rules(text, low, s);
	career_rule(text, low, s);
	free(low);
}
