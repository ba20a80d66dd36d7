/*
 * content_report.c - findings from judge outcomes and the printed report
 * of `tutor content check` (cli/content_report.h).
 */
#include <jansson.h>
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "content_report.h"

static const char *const kind_names[4] = { "explanation", "worked_example",
					   "exercise", "quiz" };
static const char *const bloom_names[6] = { "remember", "understand",
					    "apply", "analyze", "evaluate",
					    "create" };
static const char *const diff_names[3] = { "easy", "medium", "hard" };

void cli_content_verdict_detail(const struct tu_judge_result *res,
				char *buf, size_t cap)
{
	for (size_t i = 0; i < res->n_cases; i++) {
		const struct tu_case_result *k = &res->cases[i];

		if (k->verdict == TU_VERDICT_AC)
			continue;
		snprintf(buf, cap, "case '%s' %s: %s", k->name,
			 tu_verdict_name(k->verdict), k->message);
		return;
	}
	snprintf(buf, cap, "%.*s", (int)strcspn(res->message, "\n"),
		 res->message);
}

static const char *ext_of(enum tu_lang l)
{
	return l == TU_LANG_C ? "c" : "py";
}

static enum tu_status record_reference(const char *id, enum tu_lang lang,
				       enum tu_verdict v, const char *detail,
				       struct tu_check_report *r,
				       struct cli_judge_tally *t)
{
	char where[TU_CHECK_WHERE_MAX];

	t->ref_total++;
	if (v == TU_VERDICT_AC) {
		t->ref_ac++;
		return TU_OK;
	}
	snprintf(where, sizeof(where), "problems/%s/solution.%s", id,
		 ext_of(lang));
	return tu_check_add(r, TU_CHECK_ERROR, where, "reference-fails",
			    "the reference solution is %s, not AC: %s",
			    tu_verdict_name(v), detail);
}

static enum tu_status record_wrong(const char *id, const char *file,
				   enum tu_verdict v, const char *detail,
				   struct tu_check_report *r,
				   struct cli_judge_tally *t)
{
	char where[TU_CHECK_WHERE_MAX];

	t->wrong_total++;
	snprintf(where, sizeof(where), "problems/%s/%s", id, file);
	if (v == TU_VERDICT_AC)
		return tu_check_add(r, TU_CHECK_ERROR, where, "wrong-passes",
				    "the known-wrong solution passes every "
				    "test; it must fail at least one");
	if (v == TU_VERDICT_CE || v == TU_VERDICT_IE)
		return tu_check_add(r, TU_CHECK_ERROR, where,
				    v == TU_VERDICT_CE ? "wrong-does-not-"
				    "compile" : "judge-error", "the known-wrong "
				    "solution is %s (a real misconception "
				    "runs and fails a test): %s",
				    tu_verdict_name(v), detail);
	t->wrong_rejected++;
	return TU_OK;
}

enum tu_status cli_content_record(const char *id, enum tu_lang lang,
				  const char *wrong, bool failed,
				  enum tu_verdict v, const char *detail,
				  struct tu_check_report *r,
				  struct cli_judge_tally *tally)
{
	char where[TU_CHECK_WHERE_MAX];

	if (failed) {
		if (wrong)
			tally->wrong_total++;
		else
			tally->ref_total++;
		snprintf(where, sizeof(where), "problems/%s/%s", id,
			 wrong ? wrong : (lang == TU_LANG_C ? "solution.c" :
					  "solution.py"));
		return tu_check_add(r, TU_CHECK_ERROR, where, "judge-error",
				    "could not be judged: %s", detail);
	}
	if (!wrong)
		return record_reference(id, lang, v, detail, r, tally);
	return record_wrong(id, wrong, v, detail, r, tally);
}

/* ---------------------------------------------------------------- text */

static void print_row(const char *name, const struct tu_check_row *w)
{
	printf("%-22.22s %4u %3u %3u %3u %6u %4u %4u %5u %5u %4u %4u %4u %4u"
	       " %4u %4u %4u %4u %4u %4u\n", name, w->problems,
	       w->by_difficulty[0], w->by_difficulty[1], w->by_difficulty[2],
	       w->tests, w->public_tests, w->hidden_tests, w->wrong,
	       w->actions, w->by_kind[0], w->by_kind[1], w->by_kind[2],
	       w->by_kind[3], w->by_bloom[0], w->by_bloom[1], w->by_bloom[2],
	       w->by_bloom[3], w->by_bloom[4], w->by_bloom[5]);
}

static void print_table(const struct tu_course *c,
			const struct tu_check_report *r)
{
	printf("\ncourse %s \"%s\" version %s\n\n", c->id, c->title,
	       c->version);
	printf("%-22s %4s %3s %3s %3s %6s %4s %4s %5s %5s %4s %4s %4s %4s"
	       " %4s %4s %4s %4s %4s %4s\n", "topic", "prob", "E", "M", "H",
	       "tests", "pub", "hid", "wrong", "acts", "expl", "work",
	       "exer", "quiz", "rem", "und", "app", "ana", "eva", "cre");
	for (size_t t = 0; t < r->n_rows; t++)
		print_row(r->rows[t].topic, &r->rows[t]);
	print_row("total (each once)", &r->total);
}

static void print_summary(const struct tu_course *c,
			  const struct tu_check_report *r,
			  const struct cli_judge_tally *t, bool judged)
{
	const struct tu_check_row *w = &r->total;

	printf("\n%zu topics, %u problems (%u easy, %u medium, %u hard), "
	       "%u tests (%u public, %u hidden), %u known-wrong solutions, "
	       "%u actions\n", c->n_topics, w->problems, w->by_difficulty[0],
	       w->by_difficulty[1], w->by_difficulty[2], w->tests,
	       w->public_tests, w->hidden_tests, w->wrong, w->actions);
	printf("actions per kind: %u explanation, %u worked_example, "
	       "%u exercise, %u quiz\n", w->by_kind[0], w->by_kind[1],
	       w->by_kind[2], w->by_kind[3]);
	printf("actions per Bloom level:");
	for (size_t b = 0; b < 6; b++)
		printf("%s %s %u", b ? "," : "", bloom_names[b], w->by_bloom[b]);
	printf("\n");
	if (judged)
		printf("judged: %zu/%zu reference solutions AC, %zu/%zu "
		       "known-wrong solutions rejected\n", t->ref_ac,
		       t->ref_total, t->wrong_rejected, t->wrong_total);
	else
		printf("judged: nothing (--no-judge)\n");
	printf("%zu errors, %zu gaps\n", r->n_errors, r->n_gaps);
}

static void print_text(const struct tu_course *c,
		       const struct tu_check_report *r,
		       const struct cli_judge_tally *t, bool judged)
{
	for (size_t i = 0; i < r->n_findings; i++) {
		const struct tu_check_finding *f = &r->findings[i];

		printf("%-5s %s: %s: %s\n", f->severity == TU_CHECK_ERROR ?
		       "ERROR" : "GAP", f->where, f->code, f->message);
	}
	if (r->dropped)
		printf("(%zu more findings not shown)\n", r->dropped);
	print_table(c, r);
	print_summary(c, r, t, judged);
}

/* ---------------------------------------------------------------- JSON */

static json_t *counts(const uint32_t *v, const char *const *names, size_t n)
{
	json_t *o = json_object();

	for (size_t i = 0; o && i < n; i++)
		json_object_set_new(o, names[i], json_integer(v[i]));
	return o;
}

static json_t *row_json(const struct tu_check_row *w)
{
	return json_pack("{s:s, s:i, s:o, s:i, s:i, s:i, s:i, s:i, s:o, s:o}",
			 "topic", w->topic, "problems", (json_int_t)w->problems,
			 "difficulty", counts(w->by_difficulty, diff_names, 3),
			 "tests", (json_int_t)w->tests,
			 "public_tests", (json_int_t)w->public_tests,
			 "hidden_tests", (json_int_t)w->hidden_tests,
			 "wrong", (json_int_t)w->wrong,
			 "actions", (json_int_t)w->actions,
			 "kinds", counts(w->by_kind, kind_names, 4),
			 "bloom", counts(w->by_bloom, bloom_names, 6));
}

static json_t *findings_json(const struct tu_check_report *r)
{
	json_t *a = json_array();

	for (size_t i = 0; a && i < r->n_findings; i++) {
		const struct tu_check_finding *f = &r->findings[i];

		json_array_append_new(a, json_pack("{s:s, s:s, s:s, s:s}",
			"severity", f->severity == TU_CHECK_ERROR ? "error" :
			"gap", "where", f->where, "code", f->code,
			"message", f->message));
	}
	return a;
}

static void print_json(const struct tu_course *c,
		       const struct tu_check_report *r,
		       const struct cli_judge_tally *t, bool judged)
{
	json_t *rows = json_array(), *o;
	char *s;

	for (size_t i = 0; rows && i < r->n_rows; i++)
		json_array_append_new(rows, row_json(&r->rows[i]));
	o = json_pack("{s:s, s:s, s:s, s:i, s:o, s:o, s:o, s:i, s:i}",
		      "course", c->id, "title", c->title, "version", c->version,
		      "topics", (json_int_t)c->n_topics, "rows", rows,
		      "total", row_json(&r->total),
		      "findings", findings_json(r),
		      "errors", (json_int_t)r->n_errors,
		      "gaps", (json_int_t)r->n_gaps);
	if (o && judged)
		json_object_set_new(o, "judged", json_pack("{s:i, s:i, s:i, s:i}",
			"reference", (json_int_t)t->ref_total,
			"reference_ac", (json_int_t)t->ref_ac,
			"wrong", (json_int_t)t->wrong_total,
			"wrong_rejected", (json_int_t)t->wrong_rejected));
	s = o ? json_dumps(o, JSON_INDENT(2) | JSON_PRESERVE_ORDER) : NULL;
	if (s)
		puts(s);
	else
		cli_error("content check: out of memory");
	free(s);
	json_decref(o);
}

void cli_content_print(const struct tu_course *c,
		       const struct tu_check_report *r,
		       const struct cli_judge_tally *tally, bool judged,
		       bool json)
{
	if (json)
		print_json(c, r, tally, judged);
	else
		print_text(c, r, tally, judged);
}
