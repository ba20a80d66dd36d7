/*
 * plan.c - the plan's arena and lifetime, the violation report, the tool
 * whitelist and the rule names (tutor/plan.h).  No I/O.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plan_internal.h"

#define ARENA_BLOCK 16384

/* ---- arena ------------------------------------------------------------- */

static struct tu_plan_arena *arena_block(size_t need)
{
	size_t cap = need > ARENA_BLOCK ? need : ARENA_BLOCK;
	struct tu_plan_arena *a = malloc(sizeof(*a) + cap);

	if (!a)
		return NULL;
	a->next = NULL;
	a->used = 0;
	a->cap = cap;
	return a;
}

void *plan_alloc(struct tu_plan *p, size_t n)
{
	size_t al = sizeof(max_align_t);
	struct tu_plan_arena *a = p->arena;
	unsigned char *mem;

	n = (n + al - 1) / al * al;
	if (n == 0)
		n = al;
	if (!a || a->cap - a->used < n) {
		struct tu_plan_arena *b = arena_block(n);

		if (!b)
			return NULL;
		b->next = a;
		p->arena = b;
		a = b;
	}
	mem = (unsigned char *)a->data + a->used;
	a->used += n;
	memset(mem, 0, n);
	return mem;
}

const char *plan_strndup(struct tu_plan *p, const char *s, size_t n)
{
	char *d = plan_alloc(p, n + 1);

	if (!d)
		return NULL;
	memcpy(d, s, n);
	d[n] = '\0';
	return d;
}

void tu_plan_init(struct tu_plan *p)
{
	memset(p, 0, sizeof(*p));
	p->form = TU_PLAN_FORM_OUTPUT;
	p->profile_index = -1;
	p->input.query = "";
	p->input.about_me = "";
}

void tu_plan_release(struct tu_plan *p)
{
	struct tu_plan_arena *a, *next;

	if (!p)
		return;
	for (a = p->arena; a; a = next) {
		next = a->next;
		free(a);
	}
	tu_plan_init(p);
}

/* ---- ids, paths, text --------------------------------------------------- */

static int idx_cmp(const void *a, const void *b)
{
	const struct plan_idx *x = a, *y = b;
	int c = strcmp(x->id, y->id);

	if (c)
		return c;
	return (x->i > y->i) - (x->i < y->i);
}

void plan_idx_sort(struct plan_idx *ix, size_t n)
{
	if (n > 1)
		qsort(ix, n, sizeof(*ix), idx_cmp);
}

size_t plan_idx_find(const struct plan_idx *ix, size_t n, const char *id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		int c = strcmp(ix[mid].id, id);

		if (c == 0) {
			while (mid > 0 && strcmp(ix[mid - 1].id, id) == 0)
				mid--;
			return ix[mid].i;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return (size_t)-1;
}

void plan_step_path(const struct tu_plan *p, const char *prefix, size_t k,
		    char *buf, size_t cap)
{
	const struct tu_plan_step *s = &p->steps[k];
	size_t first = s->subtask < p->n_subtasks ?
		p->subtasks[s->subtask].first_step : 0;

	plan_pathf(buf, cap, "%s.subtasks[%zu].steps[%zu]", prefix, s->subtask,
		 k - first);
}

void plan_pathf(char *buf, size_t cap, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, cap, fmt, ap);
	va_end(ap);
}

size_t plan_utf8_len(const char *s)
{
	size_t n = 0;

	for (; *s; s++)
		n += ((unsigned char)*s & 0xC0) != 0x80;
	return n;
}

const char *tu_plan_output_path(const struct tu_plan *p)
{
	switch (p->form) {
	case TU_PLAN_FORM_ROW: return "$.plan.output";
	case TU_PLAN_FORM_IO: return "$.output";
	case TU_PLAN_FORM_OUTPUT: break;
	}
	return "$";
}

/* ---- tools --------------------------------------------------------------- */

static const char *const tool_names[TU_PLAN_TOOL_N] = {
	"CodeInterpreterTool", "CodeDocsSearchTool", "FirecrawlSearchTool",
	"FileWriterTool", "ArxivPaperTool", "RagTool", "DirectoryReadTool",
	"FileReadTool"
};
static const char *const tool_backends[TU_PLAN_TOOL_N] = {
	"judge", "course_search", "unavailable", "work_file",
	"unavailable", "course_search", "unavailable", "work_file"
};

const char *tu_plan_tool_name(enum tu_plan_tool t)
{
	return (unsigned)t < TU_PLAN_TOOL_N ? tool_names[t] : NULL;
}

const char *tu_plan_tool_backend(enum tu_plan_tool t)
{
	return (unsigned)t < TU_PLAN_TOOL_N ? tool_backends[t] : "unavailable";
}

bool tu_plan_tool_lookup(const char *name, enum tu_plan_tool *out)
{
	for (int t = 0; t < TU_PLAN_TOOL_N; t++)
		if (strcmp(name, tool_names[t]) == 0) {
			*out = (enum tu_plan_tool)t;
			return true;
		}
	if (strcmp(name, "judge") == 0) {
		*out = TU_PLAN_TOOL_CODE_INTERPRETER;
		return true;
	}
	if (strcmp(name, "course_search") == 0) {
		*out = TU_PLAN_TOOL_CODE_DOCS_SEARCH;
		return true;
	}
	return false;
}

/* ---- rules and the report -------------------------------------------------- */

static const char *const rule_codes[TU_PLAN_R_N] = {
	"P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09", "P10",
	"P11", "P12", "P13", "P14", "P15", "P16", "P17", "P18", "P19",
	"W01", "W02", "W03", "W04"
};
static const char *const rule_names[TU_PLAN_R_N] = {
	"json", "limit", "schema", "unknown-key", "duplicate-id",
	"agent-unknown", "agent-unused", "tool-unknown", "tool-not-allowed",
	"dep-unresolved", "cycle", "order-missing", "order-duplicate",
	"order-unknown", "order-dependency", "loop-condition", "loop-bounds",
	"loop-resolution", "no-learner-step", "backstory-you-are",
	"instruction-imperative", "length-budget", "resolution-indirect"
};

const char *tu_plan_rule_code(enum tu_plan_rule r)
{
	return (unsigned)r < TU_PLAN_R_N ? rule_codes[r] : "?";
}

const char *tu_plan_rule_name(enum tu_plan_rule r)
{
	return (unsigned)r < TU_PLAN_R_N ? rule_names[r] : "?";
}

void tu_plan_report_init(struct tu_plan_report *r)
{
	memset(r, 0, sizeof(*r));
}

void tu_plan_report_release(struct tu_plan_report *r)
{
	free(r->v);
	tu_plan_report_init(r);
}

void tu_plan_report_clear(struct tu_plan_report *r)
{
	r->n = 0;
	r->errors = 0;
	r->warnings = 0;
	r->truncated = false;
}

static bool report_grow(struct tu_plan_report *r)
{
	size_t cap = r->cap ? r->cap * 2 : 16;
	struct tu_plan_violation *v;

	if (cap > TU_PLAN_VIOLATIONS_MAX)
		cap = TU_PLAN_VIOLATIONS_MAX;
	if (cap <= r->cap)
		return false;
	v = realloc(r->v, cap * sizeof(*v));
	if (!v)
		return false;
	r->v = v;
	r->cap = cap;
	return true;
}

void tu_plan_report_add(struct tu_plan_report *r, enum tu_plan_severity s,
			enum tu_plan_rule rule, const char *path,
			const char *fmt, ...)
{
	struct tu_plan_violation *v;
	va_list ap;

	if (!r)
		return;
	if (s == TU_PLAN_ERROR)
		r->errors++;
	else
		r->warnings++;
	if (r->n == r->cap && !report_grow(r)) {
		r->truncated = true;
		return;
	}
	v = &r->v[r->n++];
	v->severity = s;
	v->rule = rule;
	snprintf(v->path, sizeof(v->path), "%s", path);
	va_start(ap, fmt);
	vsnprintf(v->reason, sizeof(v->reason), fmt, ap);
	va_end(ap);
}

size_t tu_plan_report_count(const struct tu_plan_report *r,
			    enum tu_plan_rule rule)
{
	size_t c = 0;

	for (size_t i = 0; i < r->n; i++)
		c += r->v[i].rule == rule;
	return c;
}
