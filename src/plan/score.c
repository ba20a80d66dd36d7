/*
 * score.c - deterministic plan scorers (tutor/plan.h; formulas in
 * docs/plans.md): R_struct and its parts, text similarity and the
 * personalisation scores, R_ped lite, and the Tier-1 rule metrics.
 * No LLM, no I/O; text is compared as sets of tokens of
 * tu_retr_tokenize, hashed (64-bit FNV-1a).
 */
#include <ctype.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan_internal.h"
#include "tutor/retrieval.h"

#define NONE ((size_t)-1)

/* ---- hashed token sets ------------------------------------------------------ */

struct hset {
	uint64_t *h;
	size_t n, cap;
	bool nomem;
};

static uint64_t fnv(const char *s, size_t n, uint64_t h)
{
	for (size_t i = 0; i < n; i++) {
		h ^= (unsigned char)s[i];
		h *= 1099511628211ull;
	}
	return h;
}

#define FNV0 14695981039346656037ull

static void hs_push(struct hset *s, uint64_t h)
{
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		uint64_t *x = realloc(s->h, cap * sizeof(*x));

		if (!x) {
			s->nomem = true;
			return;
		}
		s->h = x;
		s->cap = cap;
	}
	s->h[s->n++] = h;
}

static void hs_tok(void *ctx, const char *tok, size_t len)
{
	hs_push(ctx, fnv(tok, len, FNV0));
}

static void hs_text(struct hset *s, const char *t)
{
	if (t)
		tu_retr_tokenize(t, strlen(t), hs_tok, s);
}

/* A lower-cased whole string as one member. */
static void hs_str(struct hset *s, const char *t)
{
	uint64_t h = FNV0;

	for (; t && *t; t++) {
		char ch = (char)tolower((unsigned char)*t);

		h = fnv(&ch, 1, h);
	}
	hs_push(s, h);
}

static int u64_cmp(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return (x > y) - (x < y);
}

static void hs_finish(struct hset *s)
{
	size_t k = 0;

	if (s->n > 1)
		qsort(s->h, s->n, sizeof(*s->h), u64_cmp);
	for (size_t i = 0; i < s->n; i++)
		if (k == 0 || s->h[i] != s->h[k - 1])
			s->h[k++] = s->h[i];
	s->n = k;
}

static size_t hs_common(const struct hset *a, const struct hset *b)
{
	size_t i = 0, j = 0, c = 0;

	while (i < a->n && j < b->n) {
		if (a->h[i] == b->h[j]) {
			c++;
			i++;
			j++;
		} else if (a->h[i] < b->h[j]) {
			i++;
		} else {
			j++;
		}
	}
	return c;
}

/* Jaccard of two finished sets; 1 when both are empty. */
static double hs_jaccard(const struct hset *a, const struct hset *b)
{
	size_t c = hs_common(a, b), u = a->n + b->n - c;

	return u ? (double)c / (double)u : 1.0;
}

static bool hs_has(const struct hset *s, uint64_t h)
{
	return s->n && bsearch(&h, s->h, s->n, sizeof(h), u64_cmp) != NULL;
}

static void hs_free(struct hset *s)
{
	free(s->h);
	memset(s, 0, sizeof(*s));
}

/* ---- structure -------------------------------------------------------------- */

/* Flattened execution-order position of each step (NONE when absent). */
static void positions(const struct tu_plan *p, const struct plan_idx *ix,
		      size_t *pos)
{
	size_t at = 0;

	for (size_t k = 0; k < p->n_steps; k++)
		pos[k] = NONE;
	for (size_t e = 0; e < p->n_order; e++) {
		const struct tu_plan_entry *en = &p->order[e];
		size_t n = en->kind == TU_PLAN_ENTRY_STEP ? 1 : en->loop.n_steps;

		for (size_t j = 0; j < n; j++, at++) {
			const char *id = en->kind == TU_PLAN_ENTRY_STEP ?
					 en->step : en->loop.steps[j];
			size_t k = plan_idx_find(ix, p->n_steps, id);

			if (k != NONE && pos[k] == NONE)
				pos[k] = at;
		}
	}
}

/* Steps by id (caller frees); NULL on ENOMEM. */
static struct plan_idx *step_index(const struct tu_plan *p)
{
	struct plan_idx *ix = calloc(p->n_steps ? p->n_steps : 1, sizeof(*ix));

	if (!ix)
		return NULL;
	for (size_t k = 0; k < p->n_steps; k++) {
		ix[k].id = p->steps[k].id;
		ix[k].i = k;
	}
	plan_idx_sort(ix, p->n_steps);
	return ix;
}

/* 1 = visiting, 2 = done; true when a cycle is reachable from u. */
static bool cyclic_from(const struct tu_plan *p, const struct plan_idx *ix,
			unsigned char *color, size_t u)
{
	const struct tu_plan_step *s = &p->steps[u];

	color[u] = 1;
	for (size_t j = 0; j < s->n_deps; j++) {
		size_t v = plan_idx_find(ix, p->n_steps, s->depends_on[j]);

		if (v == NONE)
			continue;
		if (color[v] == 1 || (color[v] == 0 &&
				      cyclic_from(p, ix, color, v)))
			return true;
	}
	color[u] = 2;
	return false;
}

static double dag_score(const struct tu_plan *p, const struct plan_idx *ix)
{
	unsigned char *color = calloc(p->n_steps ? p->n_steps : 1, 1);
	bool cyc = false;

	if (!color)
		return (double)NAN;
	for (size_t k = 0; k < p->n_steps && !cyc; k++)
		if (color[k] == 0)
			cyc = cyclic_from(p, ix, color, k);
	free(color);
	return cyc ? 0.0 : 1.0;
}

static double dep_complete(const struct tu_plan *p, const struct plan_idx *ix)
{
	size_t decl = 0, ok = 0;

	for (size_t k = 0; k < p->n_steps; k++)
		for (size_t j = 0; j < p->steps[k].n_deps; j++) {
			decl++;
			ok += plan_idx_find(ix, p->n_steps,
					    p->steps[k].depends_on[j]) != NONE;
		}
	return decl ? (double)ok / (double)decl : 1.0;
}

static const struct tu_plan_agent *agent_named(const struct tu_plan *p,
					       const char *role)
{
	for (size_t i = 0; i < p->n_agents; i++)
		if (strcmp(p->agents[i].role, role) == 0)
			return &p->agents[i];
	return NULL;
}

/* Whether text holds kw at the start of a word (ASCII, case-blind). */
static bool has_word(const char *text, const char *kw)
{
	for (const char *t = text; (t = strcasestr(t, kw)); t++)
		if (t == text || !isalnum((unsigned char)t[-1]))
			return true;
	return false;
}

static bool any_word(const char *text, const char *const *kws)
{
	for (size_t i = 0; kws[i]; i++)
		if (has_word(text, kws[i]))
			return true;
	return false;
}

static const char *const code_kw[] = {
	"implement", "code", "run", "test", "debug", "fix", "write", "execut",
	"compil", "practi", "exercise", "build", "verif", "validat", "program",
	NULL
};
static const char *const docs_kw[] = {
	"doc", "api", "reference", "concept", "explain", "understand",
	"learn", "research", "search", "background", "spec", "standard",
	NULL
};
static const char *const file_kw[] = { "file", "director", "project",
				       NULL };

/* I_T->S: tool t fits the subtask's category (keyword proxy). */
static bool tool_fits(enum tu_plan_tool t, const char *topic)
{
	bool code = any_word(topic, code_kw), docs = any_word(topic, docs_kw);
	bool file = any_word(topic, file_kw);

	if (!code && !docs && !file)
		return t == TU_PLAN_TOOL_CODE_INTERPRETER ||
		       t == TU_PLAN_TOOL_CODE_DOCS_SEARCH;
	if (t == TU_PLAN_TOOL_CODE_INTERPRETER)
		return code;
	if (t == TU_PLAN_TOOL_CODE_DOCS_SEARCH || t == TU_PLAN_TOOL_RAG ||
	    t == TU_PLAN_TOOL_FIRECRAWL_SEARCH ||
	    t == TU_PLAN_TOOL_ARXIV_PAPER)
		return docs;
	return file;
}

/* I_A->S: a token of the agent role in the subtask's and step's topic. */
static bool role_fits(const char *role, const struct hset *topic)
{
	struct hset r = { 0 };
	bool fit = false;

	hs_text(&r, role);
	for (size_t i = 0; i < r.n && !fit; i++)
		fit = hs_has(topic, r.h[i]);
	hs_free(&r);
	return fit;
}

static double atr_step(const struct tu_plan *p, const struct tu_plan_step *s)
{
	const struct tu_plan_subtask *st = &p->subtasks[s->subtask];
	const struct tu_plan_agent *a = agent_named(p, s->agent);
	struct hset topic = { 0 };
	char text[TU_PLAN_NAME_MAX + TU_PLAN_TEXT_MAX + 2];
	enum tu_plan_tool t;
	double sum = 0.0;

	hs_text(&topic, st->name);
	hs_text(&topic, st->objective);
	hs_text(&topic, s->objective);
	hs_finish(&topic);
	sum += role_fits(s->agent, &topic);
	hs_free(&topic);
	if (s->tool && a) {
		size_t k = 0;

		while (k < a->n_tools && strcmp(a->tools[k], s->tool) != 0)
			k++;
		sum += k < a->n_tools;
	}
	if (s->tool && tu_plan_tool_lookup(s->tool, &t)) {
		snprintf(text, sizeof(text), "%s %s", st->name, st->objective);
		sum += tool_fits(t, text);
	}
	return sum / 3.0;
}

static double atr_score(const struct tu_plan *p)
{
	double sum = 0.0;

	if (p->n_steps == 0 || p->n_subtasks == 0)
		return (double)NAN;
	for (size_t k = 0; k < p->n_steps; k++)
		sum += atr_step(p, &p->steps[k]);
	return sum / (double)p->n_steps;
}

/* The five sets of the structural similarity, finished. */
static void struct_sets(const struct tu_plan *p, struct hset s[5])
{
	for (size_t i = 0; i < p->n_agents; i++) {
		hs_str(&s[0], p->agents[i].role);
		for (size_t k = 0; k < p->agents[i].n_tools; k++)
			hs_str(&s[4], p->agents[i].tools[k]);
	}
	for (size_t i = 0; i < p->n_subtasks; i++)
		hs_str(&s[1], p->subtasks[i].name);
	for (size_t k = 0; k < p->n_steps; k++) {
		const struct tu_plan_step *st = &p->steps[k];

		hs_str(&s[2], st->id);
		for (size_t j = 0; j < st->n_deps; j++) {
			uint64_t h = fnv(st->depends_on[j],
					 strlen(st->depends_on[j]), FNV0);

			h = fnv("\x01", 1, h);
			hs_push(&s[3], fnv(st->id, strlen(st->id), h));
		}
		if (st->tool)
			hs_str(&s[4], st->tool);
	}
	for (int i = 0; i < 5; i++)
		hs_finish(&s[i]);
}

static void struct_sim(const struct tu_plan *p, const struct tu_plan *g,
		       struct tu_plan_struct_score *out)
{
	struct hset a[5], b[5];
	bool nomem = false;

	memset(a, 0, sizeof(a));
	memset(b, 0, sizeof(b));
	struct_sets(p, a);
	struct_sets(g, b);
	out->sim = 0.0;
	for (int i = 0; i < 5; i++) {
		nomem |= a[i].nomem || b[i].nomem;
		out->sim_parts[i] = hs_jaccard(&a[i], &b[i]);
		out->sim += out->sim_parts[i] / 5.0;
		hs_free(&a[i]);
		hs_free(&b[i]);
	}
	if (nomem)
		out->sim = (double)NAN;
}

void tu_plan_struct_score(const struct tu_plan *p, const struct tu_plan *gold,
			  struct tu_plan_struct_score *out)
{
	struct plan_idx *ix = step_index(p);
	double atr, sim;

	memset(out, 0, sizeof(*out));
	out->sim = (double)NAN;
	for (int i = 0; i < 5; i++)
		out->sim_parts[i] = (double)NAN;
	out->dag = ix ? dag_score(p, ix) : (double)NAN;
	out->dep_complete = ix ? dep_complete(p, ix) : (double)NAN;
	free(ix);
	out->atr = atr_score(p);
	if (gold)
		struct_sim(p, gold, out);
	atr = isnan(out->atr) ? 0.0 : out->atr;
	sim = isnan(out->sim) ? 0.0 : out->sim;
	out->r_struct = 0.25 * out->dag + 0.25 * out->dep_complete +
			0.20 * atr + 0.30 * sim;
}

/* ---- personalisation ---------------------------------------------------------- */

static void plan_text(const struct tu_plan *p, struct hset *s)
{
	for (size_t i = 0; i < p->n_agents; i++) {
		hs_text(s, p->agents[i].role);
		hs_text(s, p->agents[i].goal);
		hs_text(s, p->agents[i].backstory);
	}
	for (size_t i = 0; i < p->n_subtasks; i++) {
		hs_text(s, p->subtasks[i].name);
		hs_text(s, p->subtasks[i].objective);
	}
	for (size_t k = 0; k < p->n_steps; k++) {
		hs_text(s, p->steps[k].objective);
		hs_text(s, p->steps[k].instruction);
		hs_text(s, p->steps[k].expected_output);
	}
	hs_finish(s);
}

double tu_plan_text_sim(const struct tu_plan *a, const struct tu_plan *b)
{
	struct hset x = { 0 }, y = { 0 };
	double j;

	plan_text(a, &x);
	plan_text(b, &y);
	j = x.nomem || y.nomem ? (double)NAN : hs_jaccard(&x, &y);
	hs_free(&x);
	hs_free(&y);
	return j;
}

double tu_plan_pers_counterfactual(const struct tu_plan *p,
				   const struct tu_plan *gold,
				   const struct tu_plan *swapped)
{
	return tu_plan_text_sim(p, gold) - tu_plan_text_sim(p, swapped);
}

/* tag occurs in text with no letter or digit on either side. */
static bool mentions_tag(const char *text, const char *tag)
{
	size_t n = strlen(tag);

	if (n == 0)
		return false;
	for (const char *t = text; (t = strcasestr(t, tag)); t++) {
		bool l = t == text || !isalnum((unsigned char)t[-1]);
		bool r = !isalnum((unsigned char)t[n]);

		if (l && r)
			return true;
	}
	return false;
}

/* Bio words: about_me tokens of >= 4 bytes that are not query tokens. */
struct bio {
	struct hset words, query;
};

static void bio_tok(void *ctx, const char *tok, size_t len)
{
	struct bio *b = ctx;
	uint64_t h = fnv(tok, len, FNV0);

	if (len >= 4 && !hs_has(&b->query, h))
		hs_push(&b->words, h);
}

static bool step_grounded(const char *instr, const struct tu_plan_input *pr,
			  const struct hset *bio)
{
	struct hset t = { 0 };
	bool hit = false;

	for (size_t i = 0; i < pr->n_tags && !hit; i++)
		hit = mentions_tag(instr, pr->tags[i]);
	if (hit)
		return true;
	hs_text(&t, instr);
	for (size_t i = 0; i < t.n && !hit; i++)
		hit = hs_has(bio, t.h[i]);
	hs_free(&t);
	return hit;
}

double tu_plan_pers_grounding(const struct tu_plan *p,
			      const struct tu_plan_input *profile)
{
	struct bio b;
	size_t n = 0, hit = 0;

	memset(&b, 0, sizeof(b));
	hs_text(&b.query, p->input.query);
	hs_finish(&b.query);
	if (profile->about_me)
		tu_retr_tokenize(profile->about_me, strlen(profile->about_me),
				 bio_tok, &b);
	hs_finish(&b.words);
	for (size_t k = 0; k < p->n_steps; k++) {
		if (!p->steps[k].requires_human_input)
			continue;
		n++;
		hit += step_grounded(p->steps[k].instruction, profile,
				     &b.words);
	}
	hs_free(&b.words);
	hs_free(&b.query);
	return n ? (double)hit / (double)n : (double)NAN;
}

/* ---- pedagogy ---------------------------------------------------------------- */

static const char *const phase_names[TU_PLAN_PH_N + 1] = {
	"probe", "demonstrate", "apply", "validate", "feedback",
	"consolidate", "none"
};

static const char *const phase_kw[TU_PLAN_PH_N][16] = {
	{ "predict", "guess", "prior", "probe", "diagnos", "assess",
	  "expect", "elicit", "activat", "recall", "baseline", "hypothes",
	  "what do you think", NULL },
	{ "explain", "demonstrat", "show", "example", "retriev", "document",
	  "illustrat", "walk through", "present", "introduc", "search",
	  "look up", NULL },
	{ "implement", "write", "modify", "apply", "practice", "practise",
	  "exercise", "build", "refactor", "rewrite", "solve",
	  "fix", NULL },
	{ "run", "test", "validat", "verif", "execut", "compil", "check",
	  NULL },
	{ "feedback", "review", "hint", "critique", "misconception",
	  "mistake", "correct", "evaluat", NULL },
	{ "summar", "recap", "consolidat", "reflect", "takeaway", "wrap",
	  "key point", "generaliz", "generalis", "transfer", "lesson", NULL },
};

const char *tu_plan_phase_name(enum tu_plan_phase ph)
{
	return (unsigned)ph <= TU_PLAN_PH_N ? phase_names[ph] : "none";
}

/* Occurrences of kw at a word start in text[0..n). */
static size_t kw_hits(const char *text, size_t n, const char *kw)
{
	size_t m = strlen(kw), c = 0;

	for (size_t i = 0; i + m <= n; i++)
		if ((i == 0 || !isalnum((unsigned char)text[i - 1])) &&
		    strncasecmp(text + i, kw, m) == 0)
			c++;
	return c;
}

enum tu_plan_phase tu_plan_phase_of(const char *text, size_t n)
{
	enum tu_plan_phase best = TU_PLAN_PH_NONE;
	size_t best_hits = 0;

	for (int ph = 0; ph < TU_PLAN_PH_N; ph++) {
		size_t h = 0;

		for (size_t i = 0; phase_kw[ph][i]; i++)
			h += kw_hits(text, n, phase_kw[ph][i]);
		if (h > best_hits) {
			best_hits = h;
			best = (enum tu_plan_phase)ph;
		}
	}
	return best;
}

static enum tu_plan_phase str_phase(const char *s)
{
	return s ? tu_plan_phase_of(s, strlen(s)) : TU_PLAN_PH_NONE;
}

static enum tu_plan_phase step_phase(const struct tu_plan_step *s)
{
	enum tu_plan_phase ph = str_phase(s->objective);

	return ph != TU_PLAN_PH_NONE ? ph : str_phase(s->instruction);
}

static enum tu_plan_phase subtask_phase(const struct tu_plan_subtask *st)
{
	enum tu_plan_phase ph = str_phase(st->name);

	return ph != TU_PLAN_PH_NONE ? ph : str_phase(st->objective);
}

void tu_plan_prec_init(struct tu_plan_prec *pr)
{
	memset(pr, 0, sizeof(*pr));
}

void tu_plan_prec_add(struct tu_plan_prec *pr, const struct tu_plan *gold)
{
	for (size_t i = 0; i < gold->n_subtasks; i++) {
		enum tu_plan_phase a = subtask_phase(&gold->subtasks[i]);

		for (size_t j = i + 1; j < gold->n_subtasks; j++) {
			enum tu_plan_phase b = subtask_phase(&gold->subtasks[j]);

			if (a != TU_PLAN_PH_NONE && b != TU_PLAN_PH_NONE &&
			    a != b)
				pr->before[a][b]++;
		}
	}
	pr->plans++;
}

static double prec_compat(const struct tu_plan *p,
			  const struct tu_plan_prec *pr)
{
	size_t n = 0, agree = 0;

	for (size_t i = 0; i < p->n_subtasks; i++) {
		enum tu_plan_phase a = subtask_phase(&p->subtasks[i]);

		for (size_t j = i + 1; j < p->n_subtasks; j++) {
			enum tu_plan_phase b = subtask_phase(&p->subtasks[j]);

			if (a == TU_PLAN_PH_NONE || b == TU_PLAN_PH_NONE ||
			    a == b || pr->before[a][b] + pr->before[b][a] == 0)
				continue;
			n++;
			agree += pr->before[a][b] >= pr->before[b][a];
		}
	}
	return n ? (double)agree / (double)n : 1.0;
}

/* Phases of the steps in execution order: first/any positions. */
struct phases {
	double first[TU_PLAN_PH_N];     /* relative position, or -1 */
	bool early_probe, late_consolidate;
	uint32_t count[TU_PLAN_PH_N];
};

static void note_phase(struct phases *ph, enum tu_plan_phase k, double rel)
{
	if (k == TU_PLAN_PH_NONE)
		return;
	ph->count[k]++;
	if (ph->first[k] < 0)
		ph->first[k] = rel;
	if (k == TU_PLAN_PH_PROBE && rel <= 0.5)
		ph->early_probe = true;
	if (k == TU_PLAN_PH_CONSOLIDATE && rel >= 0.6)
		ph->late_consolidate = true;
}

static void collect_phases(const struct tu_plan *p, struct phases *ph)
{
	struct plan_idx *ix = step_index(p);
	size_t *pos = calloc(p->n_steps ? p->n_steps : 1, sizeof(*pos));
	size_t last = 0;

	memset(ph, 0, sizeof(*ph));
	for (int k = 0; k < TU_PLAN_PH_N; k++)
		ph->first[k] = -1.0;
	if (ix && pos) {
		positions(p, ix, pos);
		for (size_t k = 0; k < p->n_steps; k++)
			if (pos[k] != NONE && pos[k] > last)
				last = pos[k];
		for (size_t k = 0; k < p->n_steps; k++) {
			double rel = pos[k] == NONE ? 1.0 :
				     last ? (double)pos[k] / (double)last : 0.0;

			note_phase(ph, step_phase(&p->steps[k]), rel);
		}
	}
	free(ix);
	free(pos);
}

/* At least 2/3 of the pairs of present phases in canonical order. */
static bool canonical(const struct phases *ph)
{
	size_t n = 0, ok = 0;

	for (int a = 0; a < TU_PLAN_PH_N; a++)
		for (int b = a + 1; b < TU_PLAN_PH_N; b++) {
			if (ph->first[a] < 0 || ph->first[b] < 0)
				continue;
			n++;
			ok += ph->first[a] <= ph->first[b];
		}
	return n > 0 && 3 * ok >= 2 * n;
}

void tu_plan_ped_score(const struct tu_plan *p, const struct tu_plan_prec *pr,
		       struct tu_plan_ped_score *out)
{
	struct phases ph;
	int pass = 0;

	memset(out, 0, sizeof(*out));
	collect_phases(p, &ph);
	out->checks[0] = ph.early_probe;
	out->checks[1] = ph.count[TU_PLAN_PH_VALIDATE] > 0;
	out->checks[2] = ph.count[TU_PLAN_PH_FEEDBACK] > 0;
	out->checks[3] = ph.late_consolidate;
	out->checks[4] = canonical(&ph);
	for (int i = 0; i < 5; i++)
		pass += out->checks[i];
	out->phase = pass / 5.0;
	memcpy(out->phase_steps, ph.count, sizeof(ph.count));
	out->prec = pr ? prec_compat(p, pr) : (double)NAN;
	out->r_ped = pr ? 0.5 * out->prec + 0.5 * out->phase : out->phase;
}

/* ---- Tier-1 rule metrics ---------------------------------------------------------- */

static bool schema_rule(enum tu_plan_rule r)
{
	return r == TU_PLAN_R_JSON || r == TU_PLAN_R_LIMIT ||
	       r == TU_PLAN_R_SCHEMA || r == TU_PLAN_R_TOOL_UNKNOWN ||
	       r == TU_PLAN_R_AGENT_UNKNOWN || r == TU_PLAN_R_TOOL_NOT_ALLOWED ||
	       r == TU_PLAN_R_ORDER_MISSING || r == TU_PLAN_R_ORDER_UNKNOWN;
}

static double topo_consist(const struct tu_plan *p)
{
	struct plan_idx *ix = step_index(p);
	size_t *pos = calloc(p->n_steps ? p->n_steps : 1, sizeof(*pos));
	size_t n = 0, ok = 0;

	if (!ix || !pos) {
		free(ix);
		free(pos);
		return (double)NAN;
	}
	positions(p, ix, pos);
	for (size_t k = 0; k < p->n_steps; k++)
		for (size_t j = 0; j < p->steps[k].n_deps; j++) {
			size_t d = plan_idx_find(ix, p->n_steps,
						 p->steps[k].depends_on[j]);

			n++;
			ok += d != NONE && pos[d] != NONE && pos[k] != NONE &&
			      pos[d] < pos[k];
		}
	free(ix);
	free(pos);
	return n ? (double)ok / (double)n : 1.0;
}

void tu_plan_tier1(const struct tu_plan *p, const struct tu_plan_report *rep,
		   struct tu_plan_tier1 *out)
{
	size_t with_tool = 0, ok = 0;

	out->schema_valid = p->has_input && p->n_agents > 0;
	for (size_t i = 0; rep && i < rep->n; i++)
		if (rep->v[i].severity == TU_PLAN_ERROR &&
		    schema_rule(rep->v[i].rule))
			out->schema_valid = false;
	for (size_t k = 0; k < p->n_steps; k++) {
		const struct tu_plan_step *s = &p->steps[k];
		const struct tu_plan_agent *a;

		if (!s->tool)
			continue;
		with_tool++;
		a = agent_named(p, s->agent);
		for (size_t t = 0; a && t < a->n_tools; t++)
			if (strcmp(a->tools[t], s->tool) == 0) {
				ok++;
				break;
			}
	}
	out->tool_agent_perm = with_tool ? (double)ok / (double)with_tool : (double)NAN;
	out->topo_consist = topo_consist(p);
}
