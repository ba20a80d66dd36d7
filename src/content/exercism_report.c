/*
 * exercism_report.c - IMPORT-REPORT.md: the counts (the same text the
 * command prints, tu_exercism_counts_text), then every unsupported
 * exercise, every unsupported case (with a summary per reason) and
 * every dropped prerequisite edge, each with its reason.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include "exercism_internal.h"

static const struct {
	const char *label;
	size_t offset;
} count_fields[] = {
	{ "exercises in track",
	  offsetof(struct tu_exercism_counts, exercises) },
	{ "skipped deprecated",
	  offsetof(struct tu_exercism_counts, deprecated) },
	{ "with canonical data",
	  offsetof(struct tu_exercism_counts, with_canonical) },
	{ "imported exercises",
	  offsetof(struct tu_exercism_counts, imported_exercises) },
	{ "problems", offsetof(struct tu_exercism_counts, problems) },
	{ "source cases", offsetof(struct tu_exercism_counts, source_cases) },
	{ "imported cases",
	  offsetof(struct tu_exercism_counts, imported_cases) },
	{ "unsupported cases",
	  offsetof(struct tu_exercism_counts, unsupported_cases) },
	{ "unsupported exercises",
	  offsetof(struct tu_exercism_counts, unsupported_exercises) },
	{ "topics", offsetof(struct tu_exercism_counts, topics) },
	{ "dropped edges", offsetof(struct tu_exercism_counts, dropped_edges) },
};

size_t tu_exercism_counts_text(const struct tu_exercism_counts *c, char *buf,
			       size_t cap)
{
	size_t used = 0;

	if (cap > 0)
		buf[0] = '\0';
	for (size_t i = 0; i < sizeof(count_fields) / sizeof(count_fields[0]);
	     i++) {
		size_t v;
		int n;

		memcpy(&v, (const char *)c + count_fields[i].offset, sizeof(v));
		n = snprintf(used < cap ? buf + used : NULL,
			     used < cap ? cap - used : 0, "%s: %zu\n",
			     count_fields[i].label, v);
		if (n > 0)
			used += (size_t)n;
	}
	return used;
}

/* The reason of a case note with any uuid replaced by "<uuid>". */
static const char *reason_kind(const char *why)
{
	return strncmp(why, "superseded by ", 14) == 0 ?
	       "superseded by <uuid>" : why;
}

/* "- reason: n" per distinct reason, in order of first appearance. */
static void by_reason(const struct tu__ex_notes *ns, struct tu__ex_buf *b)
{
	for (size_t i = 0; i < ns->n; i++) {
		const char *r = reason_kind(ns->v[i].why);
		size_t n = 0;
		bool seen = false;

		for (size_t j = 0; j < i && !seen; j++)
			seen = strcmp(reason_kind(ns->v[j].why), r) == 0;
		if (seen)
			continue;
		for (size_t j = i; j < ns->n; j++)
			n += strcmp(reason_kind(ns->v[j].why), r) == 0;
		tu__ex_buf_printf(b, "- %s: %zu\n", r, n);
	}
}

static void section(struct tu__ex_buf *b, const char *title,
		    const struct tu__ex_notes *ns, bool summary)
{
	tu__ex_buf_printf(b, "\n## %s (%zu)\n\n", title, ns->n);
	if (ns->n == 0) {
		tu__ex_buf_puts(b, "None.\n");
		return;
	}
	if (summary) {
		by_reason(ns, b);
		tu__ex_buf_puts(b, "\n");
	}
	for (size_t i = 0; i < ns->n; i++)
		tu__ex_buf_printf(b, "- %s: %s\n", ns->v[i].what, ns->v[i].why);
}

enum tu_status tu__ex_write_report(struct tu__ex_import *im,
				   struct tu_err *err)
{
	char counts[1024];
	struct tu__ex_buf b;
	enum tu_status st;

	tu__ex_buf_init(&b, 64u << 20);
	tu_exercism_counts_text(&im->counts, counts, sizeof(counts));
	tu__ex_buf_printf(&b, "# Import report\n\nMade by `tutor content import"
			  " exercism` (docs/import-exercism.md) from the "
			  "track `%s` and the problem specifications `%s`.\n\n"
			  "## Counts\n\n```\n%s```\n", im->track.disp,
			  im->specs.disp, counts);
	section(&b, "Unsupported exercises", &im->bad_ex, false);
	section(&b, "Unsupported cases", &im->bad_cases, true);
	section(&b, "Dropped prerequisite edges", &im->bad_edges, true);
	st = b.failed ? tu_err_set(err, TU_ENOMEM, "IMPORT-REPORT.md: out of "
				   "memory")
		      : tu__ex_write(im->dir, "IMPORT-REPORT.md", b.s, b.len,
				     err);
	tu__ex_buf_release(&b);
	return st;
}
