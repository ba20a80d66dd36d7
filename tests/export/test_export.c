/* test_export.c - ProgSnap2 and xAPI exports of a small hand-made log:
 * golden files, CSV quoting, xAPI fields, determinism, refusal to
 * overwrite, filters and corrupt rows.
 *
 * Golden files live in $TUTOR_SOURCE/tests/export/data; run with
 * TUTOR_GOLDEN_UPDATE=1 to rewrite them from the current output. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>
#include <dirent.h>
#include <errno.h>
#include <ftw.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <jansson.h>

#include "tutor/content.h"
#include "tutor/export.h"
#include "tutor/orch.h"
#include "export_internal.h"

#define T0 1700000000
#define EXT "https://tutor.invalid/xapi/extensions/"

/* ---- fixture: a store with two learners and a dozen events --------------- */

struct fx {
	char dir[64];
	char db[128];
	struct tu_store *s;
	uint64_t ver[2];            /* ada, bob */
	uint64_t last_seq;
	FILE *null;                 /* /dev/null, for exports that fail */
};

/* The code of ada's first and third submission: commas, quotes,
 * newlines and a tab, so the CodeState file must keep them byte-exact. */
static const char CODE1[] =
	"def mean(xs):\n\t# say \"hi\", then divide\n"
	"    return sum(xs) / len(xs)\n";
static const char CODE2[] =
	"def mean(xs):\n    return sum(xs) / len(xs) if xs else 0\n";
static const char CODE3[] = "int main( {\n";
static const char HINT[] =
	"Think about \"empty\" lists, e.g. [], too.\nWhat is len([])?";
static const char FEEDBACK[] =
	"2 of 3 tests passed; first failure 'empty': expected 0, got \"None\"";

/* What the text assistant showed: an LLM hint, then a refused answer to a
 * question served by the fallback; and goals in the learner's words. */
#define ASSIST_TEXT "Check len(xs) first, then \\\"divide\\\", carefully."
static const char ASSIST_HINT[] =
	"{\"completion_tokens\":12,\"item\":\"mean\",\"model\":\"m\","
	"\"path\":\"json_schema\",\"prompt\":\"hint\",\"prompt_tokens\":90,"
	"\"prompt_version\":3,\"reason\":\"\",\"refused\":false,"
	"\"text\":\"" ASSIST_TEXT "\",\"use\":\"hint\"}";
static const char ASSIST_ASK[] =
	"{\"completion_tokens\":0,\"item\":\"\",\"model\":\"\","
	"\"path\":\"fallback\",\"prompt\":\"\",\"prompt_tokens\":0,"
	"\"prompt_version\":0,\"reason\":\"refused: the answer leaks the "
	"solution\",\"refused\":true,\"text\":\"See 'Loops'.\",\"use\":\"ask\"}";
static const char GOALS[] =
	"{\"goals\":[{\"confidence\":0.9,\"description\":\"loops\","
	"\"dimension\":\"short_term_objective\",\"evidence\":[],\"id\":\"g-1\","
	"\"metric\":\"mastery:loops\",\"threshold\":{\"cmp\":\">=\","
	"\"value\":0.8},\"weight\":1.0}]}";

static void commit(struct fx *f, const char *learner, const char *type,
		   int64_t at, const char *payload, const char *outputs)
{
	uint64_t *v = &f->ver[strcmp(learner, "ada") == 0 ? 0 : 1];
	struct tu_err err = TU_ERR_INIT;
	struct tu_commit c;

	memset(&c, 0, sizeof(c));
	c.learner = learner;
	c.expected_version = *v;
	c.type = type;
	c.at = at;
	c.payload = payload;
	c.payload_len = strlen(payload);
	c.outputs = outputs;
	c.outputs_len = outputs ? strlen(outputs) : 0;
	c.state_json = "{}";
	c.state_len = 2;
	c.updated = at;
	if (tu_store_commit(f->s, &c, &f->last_seq, &err) != TU_OK)
		fail_msg("commit %s: %s", type, err.msg);
	(*v)++;
}

/* A submission payload built with jansson (sorted keys, like the codec). */
static char *submission(const char *item, const char *lang, const char *code,
			const char *verdict, int passed, int total,
			const char *tag, const char *failed_msg)
{
	json_t *tags = json_array(), *failed = json_array(), *o;
	char *s;

	if (tag)
		json_array_append_new(tags, json_pack("{s:s, s:s, s:s}", "tag",
			tag, "topic", "loops", "evidence", "case 'empty'"));
	if (failed_msg)
		json_array_append_new(failed, json_pack("{s:s, s:s, s:b}",
			"name", "empty", "message", failed_msg, "hidden", 0));
	o = json_pack("{s:s, s:s, s:s, s:s, s:i, s:i, s:o, s:o, s:[]}",
		      "item", item, "lang", lang, "code", code, "verdict",
		      verdict, "passed", passed, "total", total, "tags", tags,
		      "failed", failed, "findings");
	assert_non_null(o);
	s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);
	json_decref(o);
	assert_non_null(s);
	return s;
}

static char *hint_outputs(void)
{
	json_t *o = json_pack("{s:{s:i, s:s, s:s}, s:s}",
			      "pedagogical_feedback", "level", 2, "level_name",
			      "conceptual", "text", HINT, "trigger",
			      "on_hint_request");
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);

	json_decref(o);
	return s;
}

static char *sub_outputs(double before, double after, const char *text)
{
	json_t *o = json_pack("{s:{s:[{s:s, s:f, s:f, s:s}]}, "
			      "s:{s:s}, s:s}", "learner_profiler", "mastery",
			      "topic", "loops", "before", before, "after",
			      after, "level", "novice", "pedagogical_feedback",
			      "message", text, "trigger", "on_submission");
	char *s = json_dumps(o, JSON_COMPACT | JSON_SORT_KEYS);

	json_decref(o);
	return s;
}

static void add_events(struct fx *f)
{
	char *p, *o;

	commit(f, "ada", "learner_created", T0,
	       "{\"language\":\"python\",\"skill_level\":\"beginner\"}", NULL);
	commit(f, "ada", "session_check", T0 + 60, "{\"k\":2}",
	       "{\"content_curator\":{\"picks\":[{\"item\":\"mean\","
	       "\"title\":\"Mean\"},{\"item\":\"two-fer\"}]},"
	       "\"engagement_orchestrator\":{},\"trigger\":\"on_session_check\"}");
	p = submission("mean", "python", CODE1, "WA", 2, 3, "off-by-one",
		       "expected 0, got None");
	o = sub_outputs(0.3, 0.25, FEEDBACK);
	commit(f, "ada", "submission", T0 + 120, p, o);
	free(p);
	free(o);
	o = hint_outputs();
	commit(f, "ada", "hint_request", T0 + 180, "{\"item\":\"mean\"}", o);
	free(o);
	commit(f, "bob", "learner_created", T0 + 200, "{}", NULL);
	p = submission("mean", "python", CODE2, "AC", 3, 3, NULL, NULL);
	o = sub_outputs(0.25, 0.5, "All tests pass, well done.");
	commit(f, "ada", "submission", T0 + 240, p, o);
	free(p);
	free(o);
	p = submission("two fer/x", "c", CODE3, "CE", 0, 3, NULL,
		       "main.c:1:10: error: expected ')', found '{'");
	commit(f, "bob", "submission", T0 + 300, p, "{\"trigger\":\"x\"}");
	free(p);
	commit(f, "ada", "daily_generation", T0 + 86400, "{\"k\":1}",
	       "{\"content_curator\":{\"day\":19677,\"plan\":[{\"item\":"
	       "\"two-fer\",\"bucket\":\"review\"}]}}");
	commit(f, "ada", "review_due", T0 + 86460, "{}", "");
	commit(f, "ada", "preferences", T0 + 86500, "{\"time_budget_min\":20}",
	       NULL);
	p = submission("mean", "python", CODE1, "RE", 0, 3, NULL, NULL);
	commit(f, "ada", "submission", T0 + 86520, p, NULL);
	free(p);
	commit(f, "ada", "assist", T0 + 86600, ASSIST_HINT, "{\"trigger\":\"\"}");
	commit(f, "ada", "assist", T0 + 86610, ASSIST_ASK, "{\"trigger\":\"\"}");
	commit(f, "ada", "goals_stated", T0 + 86620, GOALS,
	       "{\"learner_profiler\":{},\"trigger\":\"on_goals_stated\"}");
}

static void fx_open(struct fx *f)
{
	struct tu_store_options opt;
	struct tu_err err = TU_ERR_INIT;

	memset(f, 0, sizeof(*f));
	snprintf(f->dir, sizeof(f->dir), "/tmp/tu-export-XXXXXX");
	assert_non_null(mkdtemp(f->dir));
	snprintf(f->db, sizeof(f->db), "%s/t.db", f->dir);
	f->null = fopen("/dev/null", "w");
	assert_non_null(f->null);
	tu_store_options_default(&opt);
	opt.sync_full = false;
	if (tu_store_open(f->db, &opt, &f->s, &err) != TU_OK)
		fail_msg("open: %s", err.msg);
}

static int setup(void **state)
{
	struct fx *f = malloc(sizeof(*f));
	struct tu_err err = TU_ERR_INIT;

	assert_non_null(f);
	fx_open(f);
	assert_int_equal(tu_store_learner_add(f->s, "ada", "Ada Lovelace", T0,
					      &err), TU_OK);
	assert_int_equal(tu_store_learner_add(f->s, "bob", "Bob Byron", T0,
					      &err), TU_OK);
	add_events(f);
	*state = f;
	return 0;
}

static int rm_entry(const char *path, const struct stat *sb, int flag,
		    struct FTW *ftw)
{
	(void)sb;
	(void)flag;
	(void)ftw;
	return remove(path);
}

static int teardown(void **state)
{
	struct fx *f = *state;

	tu_store_close(f->s);
	fclose(f->null);
	nftw(f->dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	free(f);
	return 0;
}

/* ---- file helpers ---------------------------------------------------------- */

static char *slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	char *buf;
	long n;

	if (!fp)
		return NULL;
	fseek(fp, 0, SEEK_END);
	n = ftell(fp);
	fseek(fp, 0, SEEK_SET);
	buf = malloc((size_t)n + 1);
	assert_non_null(buf);
	assert_int_equal(fread(buf, 1, (size_t)n, fp), (size_t)n);
	buf[n] = '\0';
	fclose(fp);
	if (len)
		*len = (size_t)n;
	return buf;
}

static void spit(const char *path, const char *data, size_t len)
{
	FILE *fp = fopen(path, "wb");

	assert_non_null(fp);
	assert_int_equal(fwrite(data, 1, len, fp), len);
	assert_int_equal(fclose(fp), 0);
}

/* Compares got with the golden file name, or rewrites it when
 * TUTOR_GOLDEN_UPDATE is set. */
static void golden(const char *name, const char *got, size_t len)
{
	const char *src = getenv("TUTOR_SOURCE");
	char path[1024];
	char *want;
	size_t wlen;

	assert_non_null(src);
	snprintf(path, sizeof(path), "%s/tests/export/data/%s", src, name);
	if (getenv("TUTOR_GOLDEN_UPDATE")) {
		spit(path, got, len);
		return;
	}
	want = slurp(path, &wlen);
	if (!want)
		fail_msg("missing golden file %s (TUTOR_GOLDEN_UPDATE=1)", path);
	if (wlen != len || memcmp(want, got, len) != 0) {
		fprintf(stderr, "--- want %s\n%s\n--- got\n%.*s\n", path, want,
			(int)len, got);
		fail_msg("%s differs from the golden file", name);
	}
	free(want);
}

static char *xapi_string(struct fx *f, const char *learner, size_t *len,
			 struct tu_export_stats *stats)
{
	struct tu_err err = TU_ERR_INIT;
	char *buf = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&buf, &n);

	assert_non_null(mem);
	if (tu_export_xapi(f->s, learner, "sample", mem, stats, &err))
		fail_msg("xapi: %s", err.msg);
	assert_int_equal(fclose(mem), 0);
	if (len)
		*len = n;
	return buf;
}

static void export_ps2(struct fx *f, const char *name,
		       struct tu_export_stats *stats)
{
	struct tu_err err = TU_ERR_INIT;
	char out[256];

	snprintf(out, sizeof(out), "%s/%s", f->dir, name);
	if (tu_export_progsnap2(f->s, NULL, "sample", out, stats, &err))
		fail_msg("progsnap2: %s", err.msg);
}

static char *ps2_file(struct fx *f, const char *name, const char *file,
		      size_t *len)
{
	char path[512];
	char *s;

	snprintf(path, sizeof(path), "%s/%s/%s", f->dir, name, file);
	s = slurp(path, len);
	if (!s)
		fail_msg("cannot read %s", path);
	return s;
}

/* ---- a small RFC 4180 reader for checking the CSV ------------------------- */

#define MAX_ROWS 64
#define MAX_FIELDS 32

struct csv {
	char *cell[MAX_ROWS][MAX_FIELDS];
	size_t n_rows, n_fields[MAX_ROWS];
};

/* Parses one field at *p into a new string; *p moves past it. */
static char *csv_field(const char **p)
{
	const char *s = *p;
	char *out = malloc(strlen(s) + 1);
	size_t n = 0;

	assert_non_null(out);
	if (*s == '"') {
		for (s++; !(*s == '"' && s[1] != '"'); s++) {
			assert_true(*s != '\0');   /* unterminated quote */
			if (*s == '"')
				s++;
			out[n++] = *s;
		}
		s++;
	} else {
		while (*s && *s != ',' && *s != '\r' && *s != '\n') {
			assert_true(*s != '"');    /* bare quote */
			out[n++] = *s++;
		}
	}
	out[n] = '\0';
	*p = s;
	return out;
}

static void csv_parse(const char *text, struct csv *c)
{
	const char *p = text;

	memset(c, 0, sizeof(*c));
	while (*p) {
		size_t r = c->n_rows++;

		assert_true(r < MAX_ROWS);
		for (;;) {
			assert_true(c->n_fields[r] < MAX_FIELDS);
			c->cell[r][c->n_fields[r]++] = csv_field(&p);
			if (*p != ',')
				break;
			p++;
		}
		assert_memory_equal(p, "\r\n", 2);  /* RFC 4180 line end */
		p += 2;
	}
}

static void csv_free(struct csv *c)
{
	for (size_t r = 0; r < c->n_rows; r++)
		for (size_t i = 0; i < c->n_fields[r]; i++)
			free(c->cell[r][i]);
}

static size_t csv_col(const struct csv *c, const char *name)
{
	for (size_t i = 0; i < c->n_fields[0]; i++)
		if (strcmp(c->cell[0][i], name) == 0)
			return i;
	fail_msg("no column %s", name);
	return 0;
}

/* The row whose EventID is id. */
static size_t csv_row(const struct csv *c, const char *id)
{
	for (size_t r = 1; r < c->n_rows; r++)
		if (strcmp(c->cell[r][0], id) == 0)
			return r;
	fail_msg("no row %s", id);
	return 0;
}

static const char *cell(const struct csv *c, const char *id, const char *col)
{
	return c->cell[csv_row(c, id)][csv_col(c, col)];
}

/* ---- helper units ------------------------------------------------------------ */

static char *field(const char *s)
{
	char *buf = NULL;
	size_t n = 0;
	FILE *mem = open_memstream(&buf, &n);

	assert_non_null(mem);
	assert_true(tu__csv_field(mem, s));
	fclose(mem);
	return buf;
}

static void test_csv_field(void **state)
{
	static const char *const cases[][2] = {
		{ "plain", "plain" },
		{ "", "" },
		{ "a,b", "\"a,b\"" },
		{ "say \"hi\"", "\"say \"\"hi\"\"\"" },
		{ "l1\nl2", "\"l1\nl2\"" },
		{ "cr\r", "\"cr\r\"" },
		{ "\"", "\"\"\"\"" },
		{ " spaced ", " spaced " },
	};
	char *s;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		s = field(cases[i][0]);
		assert_string_equal(s, cases[i][1]);
		free(s);
	}
	s = field(NULL);
	assert_string_equal(s, "");
	free(s);
}

static void test_uuid_and_iri(void **state)
{
	struct tu_hash h;
	char a[TU__UUID_LEN + 1], b[TU__UUID_LEN + 1], iri[64];

	(void)state;
	tu_hash_init(&h);
	tu_hash_str(&h, "x", 1);
	tu__uuid_final(&h, a);
	tu_hash_init(&h);
	tu_hash_str(&h, "x", 1);
	tu__uuid_final(&h, b);
	assert_string_equal(a, b);
	assert_int_equal(strlen(a), 36);
	assert_true(a[8] == '-' && a[13] == '-' && a[18] == '-' &&
		    a[23] == '-');
	assert_int_equal(a[14], '5');
	assert_non_null(strchr("89ab", a[19]));
	tu_hash_init(&h);
	tu_hash_str(&h, "y", 1);
	tu__uuid_final(&h, b);
	assert_string_not_equal(a, b);

	tu__iri_escape("two fer/\xc3\xa9~x.y_z-1", iri, sizeof(iri));
	assert_string_equal(iri, "two%20fer%2F%C3%A9~x.y_z-1");
	tu__iri_escape("abc%", iri, 6);        /* no room for "%25" */
	assert_string_equal(iri, "abc");
}

static void test_iso_time(void **state)
{
	struct tu_err err = TU_ERR_INIT;
	char t[TU__ISO_MAX];

	(void)state;
	assert_int_equal(tu__iso_time(T0, t, &err), TU_OK);
	assert_string_equal(t, "2023-11-14T22:13:20Z");
	assert_int_equal(tu__iso_time(0, t, &err), TU_OK);
	assert_string_equal(t, "1970-01-01T00:00:00Z");
	assert_int_equal(tu__iso_time(253402300799, t, &err), TU_OK);
	assert_string_equal(t, "9999-12-31T23:59:59Z");
	assert_int_equal(tu__iso_time(-1, t, &err), TU_ERANGE);
	assert_int_equal(tu__iso_time(253402300800, t, &err), TU_ERANGE);
	assert_non_null(strstr(err.msg, "253402300800"));
}

/* The outputs readers take the agents' shapes and tolerate variants. */
static void test_outputs_readers(void **state)
{
	struct tu__xev x;
	const char *items[4], *topic;
	double before, after;

	(void)state;
	memset(&x, 0, sizeof(x));
	x.outputs = json_loads("{\"content_curator\":{\"picks\":[\"a\",7,"
			       "{\"item\":\"b\"},{\"item\":\"\"},\"c\"]},"
			       "\"learner_profiler\":{\"topics\":[{\"topic\":"
			       "\"t\",\"before\":0,\"after\":1},{\"topic\":"
			       "\"u\",\"before\":\"x\",\"after\":1}]},"
			       "\"pedagogical_feedback\":{\"text\":\"\","
			       "\"message\":\"m\",\"level\":1.5}}", 0, NULL);
	assert_non_null(x.outputs);
	assert_int_equal(tu__out_picks(&x, items, 4), 3);
	assert_string_equal(items[0], "a");
	assert_string_equal(items[1], "b");
	assert_string_equal(items[2], "c");
	assert_int_equal(tu__out_picks(&x, items, 2), 2);
	assert_true(tu__out_topic_at(tu__out_topics(&x), 0, &topic, &before,
				     &after));
	assert_string_equal(topic, "t");
	assert_true(before == 0 && after == 1);
	assert_false(tu__out_topic_at(tu__out_topics(&x), 1, &topic, &before,
				      &after));
	assert_false(tu__out_topic_at(tu__out_topics(&x), 2, &topic, &before,
				      &after));
	assert_string_equal(tu__out_feedback_text(&x), "m");
	assert_int_equal(tu__out_hint_level(&x), 0);   /* 1.5: not a level */
	json_decref(x.outputs);
	x.outputs = NULL;                              /* no outputs at all */
	assert_int_equal(tu__out_picks(&x, items, 4), 0);
	assert_null(tu__out_topics(&x));
	assert_null(tu__out_feedback_text(&x));
}

/* ---- ProgSnap2 ------------------------------------------------------------------ */

static void test_progsnap2_golden(void **state)
{
	struct fx *f = *state;
	struct tu_export_stats st;
	char *main_csv, *meta, *readme;
	size_t n;

	export_ps2(f, "ps2", &st);
	assert_int_equal(st.events, 14);
	assert_int_equal(st.code_states, 3);   /* CODE1 twice: one state */
	main_csv = ps2_file(f, "ps2", "MainTable.csv", &n);
	golden("MainTable.csv", main_csv, n);
	meta = ps2_file(f, "ps2", "DatasetMetadata.csv", &n);
	golden("DatasetMetadata.csv", meta, n);
	readme = ps2_file(f, "ps2", "README.md", &n);
	assert_non_null(strstr(readme, "X-Learner.Create"));
	assert_null(strstr(main_csv, "Lovelace"));   /* no display names */
	free(main_csv);
	free(meta);
	free(readme);
}

/* Exports the fixture as name and parses its MainTable. */
static char *load_rows(struct fx *f, const char *name, struct csv *c)
{
	struct tu_export_stats st;
	char *text;

	export_ps2(f, name, &st);
	text = ps2_file(f, name, "MainTable.csv", NULL);
	csv_parse(text, c);
	assert_int_equal(c->n_rows - 1, st.rows);
	assert_int_equal(st.rows, 26);
	for (size_t r = 0; r < c->n_rows; r++)
		assert_int_equal(c->n_fields[r], c->n_fields[0]);
	return text;
}

static void test_progsnap2_rows(void **state)
{
	struct fx *f = *state;
	struct csv c;
	char *text = load_rows(f, "rows", &c);

	/* The session check and the curator's picks as its child. */
	assert_string_equal(cell(&c, "e2-0", "EventType"), "Session.Start");
	assert_string_equal(cell(&c, "e2-0", "SessionID"), "e2-0");
	assert_string_equal(cell(&c, "e2-1", "InterventionCategory"),
			    "X-Recommendation");
	assert_string_equal(cell(&c, "e2-1", "InterventionMessage"),
			    "mean;two-fer");
	assert_string_equal(cell(&c, "e2-1", "ParentEventID"), "e2-0");
	/* A wrong answer: Submit, Compile, Run.Program, Feedback. */
	assert_string_equal(cell(&c, "e3-0", "EventType"), "Submit");
	assert_string_equal(cell(&c, "e3-0", "Score"), "0.6666666667");
	assert_string_equal(cell(&c, "e3-0", "X-Verdict"), "WA");
	assert_string_equal(cell(&c, "e3-0", "X-Misconceptions"), "off-by-one");
	assert_string_equal(cell(&c, "e3-0", "ServerTimestamp"),
			    "2023-11-14T22:15:20Z");
	assert_string_equal(cell(&c, "e3-0", "ToolInstances"), "tutor;python");
	assert_string_equal(cell(&c, "e3-1", "EventType"), "Compile");
	assert_string_equal(cell(&c, "e3-1", "CompileResult"), "Success");
	assert_string_equal(cell(&c, "e3-2", "EventType"), "Run.Program");
	assert_string_equal(cell(&c, "e3-2", "ExecutionResult"), "Success");
	assert_string_equal(cell(&c, "e3-2", "ExecutionID"), "e3-0");
	assert_string_equal(cell(&c, "e3-3", "InterventionCategory"),
			    "Feedback");
	assert_string_equal(cell(&c, "e3-3", "InterventionMessage"), FEEDBACK);
	/* The hint's text survives quoting: quotes, commas, a newline. */
	assert_string_equal(cell(&c, "e4-0", "InterventionCategory"), "Hint");
	assert_string_equal(cell(&c, "e4-0", "InterventionType"), "level-2");
	assert_string_equal(cell(&c, "e4-0", "InterventionMessage"), HINT);
	assert_string_equal(cell(&c, "e8-1", "InterventionMessage"), "two-fer");
	assert_string_equal(cell(&c, "e8-1", "EventInitiator"),
			    "ToolTimedEvent");
	/* The assistant's texts: what was shown, how it was served. */
	assert_string_equal(cell(&c, "e12-0", "EventType"), "Intervention");
	assert_string_equal(cell(&c, "e12-0", "EventInitiator"), "ToolReaction");
	assert_string_equal(cell(&c, "e12-0", "ProblemID"), "mean");
	assert_string_equal(cell(&c, "e12-0", "InterventionCategory"), "Hint");
	assert_string_equal(cell(&c, "e12-0", "InterventionType"),
			    "X-Assist:json_schema:hint@v3");
	assert_string_equal(cell(&c, "e12-0", "InterventionMessage"),
			    "Check len(xs) first, then \"divide\", carefully.");
	assert_string_equal(cell(&c, "e13-0", "InterventionCategory"),
			    "X-Answer");
	assert_string_equal(cell(&c, "e13-0", "InterventionType"),
			    "X-Assist:fallback");
	assert_string_equal(cell(&c, "e13-0", "ProblemID"), "");
	assert_string_equal(cell(&c, "e14-0", "EventType"), "X-Goals.Stated");
	assert_string_equal(cell(&c, "e14-0", "EventInitiator"),
			    "UserDirectAction");
	csv_free(&c);
	free(text);
}

static void test_progsnap2_code_states(void **state)
{
	struct fx *f = *state;
	struct csv c;
	char *text = load_rows(f, "cs", &c), *code, path[256];
	const char *cs;

	/* A compile error: Compile.Error under Compile, with the message. */
	assert_string_equal(cell(&c, "e7-0", "ProblemID"), "two fer/x");
	assert_string_equal(cell(&c, "e7-1", "CompileResult"), "Error");
	assert_string_equal(cell(&c, "e7-2", "EventType"), "Compile.Error");
	assert_string_equal(cell(&c, "e7-2", "ParentEventID"), "e7-1");
	assert_string_equal(cell(&c, "e7-2", "CompileMessageData"),
			    "main.c:1:10: error: expected ')', found '{'");
	assert_string_equal(cell(&c, "e7-2", "CodeStateSection"), "main.c");
	/* A runtime error; the same code as e3 reuses its CodeState. */
	assert_string_equal(cell(&c, "e11-2", "ExecutionResult"), "Error");
	assert_string_equal(cell(&c, "e11-0", "Score"), "0");
	cs = cell(&c, "e3-0", "CodeStateID");
	assert_int_equal(strlen(cs), 32);
	assert_string_equal(cell(&c, "e11-0", "CodeStateID"), cs);
	assert_string_not_equal(cell(&c, "e6-0", "CodeStateID"), cs);
	assert_string_equal(cell(&c, "e4-0", "CodeStateID"), "");
	snprintf(path, sizeof(path), "%s/cs/CodeStates/%s/main.py", f->dir, cs);
	code = slurp(path, NULL);
	assert_non_null(code);
	assert_string_equal(code, CODE1);           /* byte-exact */
	free(code);
	/* Order counts the rows; no feedback row without outputs. */
	assert_string_equal(cell(&c, "e11-2", "Order"), "23");
	assert_int_equal(csv_row(&c, "e11-2"), c.n_rows - 4);
	assert_string_equal(cell(&c, "e14-0", "Order"), "26");
	assert_int_equal(csv_row(&c, "e14-0"), c.n_rows - 1);
	csv_free(&c);
	free(text);
}

static size_t count_entries(const char *dir, const char *prefix)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t n = 0;

	assert_non_null(d);
	while ((e = readdir(d)) != NULL)
		if (strncmp(e->d_name, prefix, strlen(prefix)) == 0)
			n++;
	closedir(d);
	return n;
}

static void test_progsnap2_refuses_nonempty(void **state)
{
	struct fx *f = *state;
	struct tu_err err = TU_ERR_INIT;
	char out[256], keep[300], *s;

	snprintf(out, sizeof(out), "%s/full", f->dir);
	assert_int_equal(mkdir(out, 0700), 0);
	snprintf(keep, sizeof(keep), "%s/keep.txt", out);
	spit(keep, "mine", 4);
	assert_int_equal(tu_export_progsnap2(f->s, NULL, "sample", out, NULL,
					     &err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "not an empty directory"));
	s = slurp(keep, NULL);
	assert_string_equal(s, "mine");
	free(s);
	assert_int_equal(count_entries(out, ""), 3);       /* ., .., keep */
	/* A regular file in the way, and trailing slashes. */
	assert_int_equal(tu_export_progsnap2(f->s, NULL, "sample", keep, NULL,
					     &err), TU_EINVAL);
	strcat(out, "//");
	assert_int_equal(tu_export_progsnap2(f->s, NULL, "sample", out, NULL,
					     &err), TU_EINVAL);
	/* An empty directory is fine, a missing parent is not. */
	snprintf(out, sizeof(out), "%s/empty", f->dir);
	assert_int_equal(mkdir(out, 0700), 0);
	assert_int_equal(tu_export_progsnap2(f->s, NULL, "sample", out, NULL,
					     &err), TU_OK);
	snprintf(out, sizeof(out), "%s/no/such/dir", f->dir);
	assert_int_equal(tu_export_progsnap2(f->s, NULL, "sample", out, NULL,
					     &err), TU_EIO);
	assert_int_equal(tu_export_progsnap2(f->s, NULL, "sample", ".", NULL,
					     &err), TU_EINVAL);
	assert_int_equal(count_entries(f->dir, ".full.tmp-"), 0);
	assert_int_equal(count_entries(f->dir, ".dir.tmp-"), 0);
}

static void test_determinism(void **state)
{
	struct fx *f = *state;
	char *a, *b, *x1, *x2;
	size_t na, nb, n1, n2;

	export_ps2(f, "d1", NULL);
	export_ps2(f, "d2", NULL);
	a = ps2_file(f, "d1", "MainTable.csv", &na);
	b = ps2_file(f, "d2", "MainTable.csv", &nb);
	assert_int_equal(na, nb);
	assert_memory_equal(a, b, na);
	x1 = xapi_string(f, NULL, &n1, NULL);
	x2 = xapi_string(f, NULL, &n2, NULL);
	assert_int_equal(n1, n2);
	assert_memory_equal(x1, x2, n1);
	free(a);
	free(b);
	free(x1);
	free(x2);
}

/* ---- xAPI ------------------------------------------------------------------------ */

static void test_xapi_golden(void **state)
{
	struct fx *f = *state;
	struct tu_export_stats st;
	size_t n;
	char *x = xapi_string(f, NULL, &n, &st);

	assert_int_equal(st.events, 14);
	assert_int_equal(st.rows, 10);
	golden("xapi.json", x, n);
	assert_null(strstr(x, "Lovelace"));
	free(x);
}

static bool is_uuid5(const char *s)
{
	if (!s || strlen(s) != 36 || s[14] != '5' || !strchr("89ab", s[19]))
		return false;
	for (size_t i = 0; i < 36; i++) {
		bool dash = i == 8 || i == 13 || i == 18 || i == 23;

		if (dash ? s[i] != '-' : !strchr("0123456789abcdef", s[i]))
			return false;
	}
	return true;
}

static const json_t *path(const json_t *o, const char *a, const char *b,
			  const char *c)
{
	o = json_object_get(o, a);
	if (b)
		o = json_object_get(o, b);
	if (c)
		o = json_object_get(o, c);
	return o;
}

static const char *str(const json_t *o, const char *a, const char *b,
		       const char *c)
{
	const char *s = json_string_value(path(o, a, b, c));

	if (!s)
		fail_msg("no string at %s.%s.%s", a, b ? b : "", c ? c : "");
	return s;
}

/* Every statement has the required fields; ids are unique. */
static void check_statements(const json_t *all)
{
	for (size_t i = 0; i < json_array_size(all); i++) {
		const json_t *s = json_array_get(all, i);

		assert_true(is_uuid5(str(s, "id", NULL, NULL)));
		assert_true(is_uuid5(str(s, "context", "registration", NULL)));
		assert_string_equal(str(s, "actor", "objectType", NULL),
				    "Agent");
		assert_string_equal(str(s, "actor", "account", "homePage"),
				    "https://tutor.invalid");
		assert_null(path(s, "actor", "name", NULL));
		assert_null(path(s, "actor", "mbox", NULL));
		assert_non_null(strstr(str(s, "verb", "id", NULL), "://"));
		assert_string_equal(str(s, "object", "objectType", NULL),
				    "Activity");
		assert_int_equal(strncmp(str(s, "object", "id", NULL),
			"https://tutor.invalid/course/sample", 35), 0);
		assert_int_equal(strlen(str(s, "timestamp", NULL, NULL)), 20);
		for (size_t j = 0; j < i; j++)
			assert_string_not_equal(
				str(s, "id", NULL, NULL),
				str(json_array_get(all, j), "id", NULL, NULL));
	}
}

static json_t *xapi_json(struct fx *f)
{
	json_error_t jerr;
	char *x = xapi_string(f, NULL, NULL, NULL);
	json_t *all = json_loads(x, 0, &jerr);

	if (!all)
		fail_msg("not JSON: %s at line %d", jerr.text, jerr.line);
	free(x);
	assert_true(json_is_array(all));
	assert_int_equal(json_array_size(all), 10);
	return all;
}

static void test_xapi_fields(void **state)
{
	json_t *all = xapi_json(*state);
	const json_t *s;

	check_statements(all);
	s = json_array_get(all, 0);                 /* ada registered */
	assert_string_equal(str(s, "verb", "id", NULL),
			    "http://adlnet.gov/expapi/verbs/registered");
	assert_string_equal(str(s, "actor", "account", "name"), "ada");
	s = json_array_get(all, 3);                 /* the hint */
	assert_string_equal(str(s, "verb", "id", NULL),
			    "http://id.tincanapi.com/verb/requested-attention");
	s = path(s, "result", "extensions", EXT "hint");
	assert_int_equal(json_integer_value(json_object_get(s, "level")), 2);
	assert_string_equal(json_string_value(json_object_get(s, "text")),
			    HINT);
	s = json_array_get(all, 5);                 /* the AC submission */
	assert_string_equal(str(s, "verb", "id", NULL),
			    "http://adlnet.gov/expapi/verbs/passed");
	assert_true(json_is_true(path(s, "result", "success", NULL)));
	s = json_array_get(all, 6);                 /* bob's compile error */
	assert_string_equal(str(s, "verb", "id", NULL),
			    "http://adlnet.gov/expapi/verbs/attempted");
	assert_string_equal(str(s, "object", "id", NULL),
		"https://tutor.invalid/course/sample/problem/two%20fer%2Fx");
	s = json_array_get(all, 8);                 /* the LLM hint shown */
	assert_string_equal(str(s, "verb", "id", NULL),
			    "http://adlnet.gov/expapi/verbs/experienced");
	assert_string_equal(str(s, "object", "id", NULL),
			    "https://tutor.invalid/course/sample/problem/mean");
	s = path(s, "result", "extensions", EXT "assist");
	assert_string_equal(str(s, "path", NULL, NULL), "json_schema");
	assert_string_equal(str(s, "prompt", NULL, NULL), "hint");
	assert_int_equal(json_integer_value(json_object_get(s,
		"prompt_version")), 3);
	assert_string_equal(str(s, "text", NULL, NULL),
			    "Check len(xs) first, then \"divide\", carefully.");
	s = json_array_get(all, 9);                 /* the refused answer */
	assert_string_equal(str(s, "object", "id", NULL),
			    "https://tutor.invalid/course/sample");
	assert_null(path(s, "context", "contextActivities", NULL));
	s = path(s, "result", "extensions", EXT "assist");
	assert_true(json_is_true(json_object_get(s, "refused")));
	assert_string_equal(str(s, "reason", NULL, NULL),
			    "refused: the answer leaks the solution");
	json_decref(all);
}

static void test_xapi_result(void **state)
{
	json_t *all = xapi_json(*state);
	const json_t *s = json_array_get(all, 2);  /* the WA submission */
	const json_t *ext, *first;

	assert_string_equal(str(s, "verb", "id", NULL),
			    "http://adlnet.gov/expapi/verbs/failed");
	assert_string_equal(str(s, "object", "id", NULL),
			    "https://tutor.invalid/course/sample/problem/mean");
	assert_string_equal(str(s, "object", "definition", "type"),
		"http://adlnet.gov/expapi/activities/cmi.interaction");
	assert_string_equal(str(s, "result", "response", NULL), "WA");
	assert_true(json_is_false(path(s, "result", "success", NULL)));
	assert_true(fabs(json_real_value(path(s, "result", "score", "scaled"))
			 - 2.0 / 3.0) < 1e-9);
	assert_int_equal(json_integer_value(path(s, "result", "score", "raw")),
			 2);
	assert_int_equal(json_integer_value(path(s, "result", "score", "max")),
			 3);
	ext = path(s, "result", "extensions", NULL);
	first = json_array_get(json_object_get(ext, EXT "misconceptions"), 0);
	assert_string_equal(str(first, "tag", NULL, NULL), "off-by-one");
	assert_string_equal(str(first, "topic", NULL, NULL), "loops");
	first = json_array_get(json_object_get(ext, EXT "mastery"), 0);
	assert_string_equal(str(first, "topic", NULL, NULL), "loops");
	assert_true(json_real_value(json_object_get(first, "before")) == 0.3);
	assert_true(json_real_value(json_object_get(first, "after")) == 0.25);
	assert_string_equal(str(s, "context", "extensions",
				EXT "programming-language"), "python");
	assert_int_equal(json_integer_value(path(s, "context", "extensions",
						 EXT "event-seq")), 3);
	json_decref(all);
}

static void test_xapi_parent_and_registration(void **state)
{
	struct fx *f = *state;
	json_t *all;
	const json_t *a, *b, *parent;
	char *x = xapi_string(f, NULL, NULL, NULL);

	all = json_loads(x, 0, NULL);
	assert_non_null(all);
	a = json_array_get(all, 0);                 /* ada */
	b = json_array_get(all, 4);                 /* bob */
	assert_string_equal(str(b, "actor", "account", "name"), "bob");
	assert_string_not_equal(str(a, "context", "registration", NULL),
				str(b, "context", "registration", NULL));
	assert_string_equal(str(a, "context", "registration", NULL),
		str(json_array_get(all, 2), "context", "registration", NULL));
	/* The course is the parent, except where it is the object. */
	assert_null(path(a, "context", "contextActivities", NULL));
	parent = json_array_get(path(json_array_get(all, 2), "context",
				     "contextActivities", "parent"), 0);
	assert_string_equal(str(parent, "id", NULL, NULL),
			    "https://tutor.invalid/course/sample");
	assert_string_equal(str(parent, "definition", "type", NULL),
			    "http://adlnet.gov/expapi/activities/course");
	json_decref(all);
	free(x);
}

/* ---- filters and errors ---------------------------------------------------------- */

static void test_learner_filter(void **state)
{
	struct fx *f = *state;
	struct tu_export_stats st;
	struct tu_err err = TU_ERR_INIT;
	json_t *all;
	char *x = xapi_string(f, "bob", NULL, &st);

	assert_int_equal(st.events, 2);
	all = json_loads(x, 0, NULL);
	assert_int_equal(json_array_size(all), 2);
	for (size_t i = 0; i < 2; i++)
		assert_string_equal(str(json_array_get(all, i), "actor",
					"account", "name"), "bob");
	json_decref(all);
	free(x);
	assert_int_equal(tu_export_xapi(f->s, "carol", "sample", f->null, NULL,
					&err), TU_ENOTFOUND);
	assert_int_equal(tu_export_xapi(f->s, NULL, "a b", f->null, NULL,
					&err), TU_EINVAL);
	assert_non_null(strstr(err.msg, "course id 'a b'"));
	assert_int_equal(tu_export_progsnap2(f->s, NULL, "", "/nonexistent",
					     NULL, &err), TU_EINVAL);
}

static void test_empty_log(void **state)
{
	struct fx f;
	struct tu_export_stats st;
	char *x, *m;

	(void)state;
	fx_open(&f);
	x = xapi_string(&f, NULL, NULL, &st);
	assert_string_equal(x, "[]\n");
	assert_int_equal(st.rows, 0);
	export_ps2(&f, "e", &st);
	m = ps2_file(&f, "e", "MainTable.csv", NULL);
	assert_int_equal(strchr(m, '\n') - m + 1, (long)strlen(m));
	assert_int_equal(strncmp(m, "EventID,Order,SubjectID,", 24), 0);
	free(x);
	free(m);
	tu_store_close(f.s);
	fclose(f.null);
	nftw(f.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static void test_corrupt_event(void **state)
{
	struct fx f;
	struct tu_err err = TU_ERR_INIT;
	char out[256];

	(void)state;
	fx_open(&f);
	assert_int_equal(tu_store_learner_add(f.s, "ada", "", T0, &err), TU_OK);
	commit(&f, "ada", "learner_created", T0, "{}", NULL);
	commit(&f, "ada", "submission", T0 + 1, "{\"item\":\"mean\"}", NULL);
	snprintf(out, sizeof(out), "%s/bad", f.dir);
	assert_int_equal(tu_export_progsnap2(f.s, NULL, "sample", out, NULL,
					     &err), TU_ECORRUPT);
	assert_non_null(strstr(err.msg, "event 2 (submission): "));
	assert_int_equal(access(out, F_OK), -1);        /* nothing written */
	assert_int_equal(count_entries(f.dir, ".bad.tmp-"), 0);
	assert_int_equal(tu_export_xapi(f.s, NULL, "sample", f.null, NULL,
					&err), TU_ECORRUPT);
	tu_store_close(f.s);
	fclose(f.null);
	nftw(f.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

/* Outputs that are not JSON, or not an object, are a corrupt row. */
static void test_corrupt_outputs(void **state)
{
	static const char *const bad[][2] = {
		{ "{\"pedagogical_feedback\":", "outputs: " },
		{ "[1]", "outputs: $: expected an object, got an array" },
	};
	struct tu_err err = TU_ERR_INIT;
	char out[256];
	struct fx f;

	(void)state;
	for (size_t i = 0; i < 2; i++) {
		fx_open(&f);
		assert_int_equal(tu_store_learner_add(f.s, "ada", "", T0, &err),
				 TU_OK);
		commit(&f, "ada", "learner_created", T0, "{}", NULL);
		commit(&f, "ada", "hint_request", T0 + 1, "{\"item\":\"m\"}",
		       bad[i][0]);
		snprintf(out, sizeof(out), "%s/bad", f.dir);
		assert_int_equal(tu_export_progsnap2(f.s, NULL, "sample", out,
						     NULL, &err), TU_ECORRUPT);
		assert_non_null(strstr(err.msg, "event 2 (hint_request): "));
		assert_non_null(strstr(err.msg, bad[i][1]));
		assert_int_equal(access(out, F_OK), -1);
		tu_store_close(f.s);
		fclose(f.null);
		nftw(f.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
	}
}

/* ---- with the real agents ------------------------------------------------------- */

static void handle(struct tu_orch *o, struct tu_event_in *ev)
{
	struct tu_orch_result res;
	struct tu_err err = TU_ERR_INIT;

	tu_orch_result_init(&res);
	if (tu_orch_handle(o, "ada", ev, &res, &err))
		fail_msg("%s: %s", tu_event_type_name(ev->type), err.msg);
	tu_orch_result_release(&res);
	tu_event_in_release(ev);
}

static void real_events(struct tu_orch *o)
{
	static const char code[] = "def mean(xs):\n    return 0\n";
	struct tu_event_in ev;

	tu_event_in_init(&ev);
	ev.type = TU_EV_LEARNER_CREATED;
	ev.at = T0;
	ev.u.prefs.skill_level = TU_SKILL_BEGINNER;
	snprintf(ev.u.prefs.language, sizeof(ev.u.prefs.language), "python");
	ev.u.prefs.set = TU_PREF_SKILL | TU_PREF_LANGUAGE;
	handle(o, &ev);
	ev.type = TU_EV_SESSION_CHECK;
	ev.at = T0 + 60;
	ev.u.k = 2;
	handle(o, &ev);
	ev.type = TU_EV_SUBMISSION;
	ev.at = T0 + 300;
	snprintf(ev.u.sub.item, sizeof(ev.u.sub.item), "mean");
	ev.u.sub.lang = TU_LANG_PYTHON;
	ev.u.sub.code = strdup(code);
	ev.u.sub.code_len = strlen(code);
	ev.u.sub.verdict = TU_VERDICT_WA;
	ev.u.sub.passed = 1;
	ev.u.sub.total = 3;
	handle(o, &ev);
	ev.type = TU_EV_HINT_REQUEST;
	ev.at = T0 + 400;
	snprintf(ev.u.item, sizeof(ev.u.item), "mean");
	handle(o, &ev);
	ev.type = TU_EV_DAILY_GENERATION;
	ev.at = T0 + 86400;
	ev.u.k = 1;
	handle(o, &ev);
}

/* The agents' real outputs reach the export: recommendations, feedback,
 * the hint, mastery changes. */
static void check_real(struct fx *f)
{
	struct csv c;
	json_t *all;
	const json_t *m;
	char *text = ps2_file(f, "real", "MainTable.csv", NULL);
	char *x = xapi_string(f, NULL, NULL, NULL);

	csv_parse(text, &c);
	assert_string_equal(cell(&c, "e2-1", "InterventionCategory"),
			    "X-Recommendation");
	assert_true(strlen(cell(&c, "e2-1", "InterventionMessage")) > 0);
	assert_string_equal(cell(&c, "e3-3", "InterventionCategory"),
			    "Feedback");
	assert_true(strlen(cell(&c, "e3-3", "InterventionMessage")) > 0);
	assert_string_equal(cell(&c, "e4-0", "InterventionCategory"), "Hint");
	assert_int_equal(strncmp(cell(&c, "e4-0", "InterventionType"),
				 "level-", 6), 0);
	assert_true(strlen(cell(&c, "e4-0", "InterventionMessage")) > 0);
	assert_string_equal(cell(&c, "e5-1", "InterventionType"),
			    "daily_generation");
	all = json_loads(x, 0, NULL);
	assert_non_null(all);
	m = path(json_array_get(all, 2), "result", "extensions",
		 EXT "mastery");
	assert_true(json_array_size(m) >= 1);
	assert_true(json_is_number(json_object_get(json_array_get(m, 0),
						   "before")));
	assert_true(json_is_number(json_object_get(json_array_get(m, 0),
						   "after")));
	json_decref(all);
	csv_free(&c);
	free(text);
	free(x);
}

static void test_real_agents(void **state)
{
	const char *src = getenv("TUTOR_SOURCE");
	struct tu_err err = TU_ERR_INIT;
	struct tu_course course;
	struct tu_orch o;
	char dir[1024];
	struct fx f;

	(void)state;
	assert_non_null(src);
	snprintf(dir, sizeof(dir), "%s/courses/sample", src);
	tu_course_init(&course);
	if (tu_course_load(dir, &course, &err))
		fail_msg("course: %s", err.msg);
	fx_open(&f);
	assert_int_equal(tu_store_learner_add(f.s, "ada", "", T0, &err), TU_OK);
	if (tu_orch_init(&o, f.s, &course, NULL, &err))
		fail_msg("orch: %s", err.msg);
	real_events(&o);
	export_ps2(&f, "real", NULL);
	check_real(&f);
	tu_orch_release(&o);
	tu_course_release(&course);
	tu_store_close(f.s);
	fclose(f.null);
	nftw(f.dir, rm_entry, 16, FTW_DEPTH | FTW_PHYS);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csv_field),
		cmocka_unit_test(test_uuid_and_iri),
		cmocka_unit_test(test_iso_time),
		cmocka_unit_test(test_outputs_readers),
		cmocka_unit_test_setup_teardown(test_progsnap2_golden, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_progsnap2_rows, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_progsnap2_code_states,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_progsnap2_refuses_nonempty,
						setup, teardown),
		cmocka_unit_test_setup_teardown(test_determinism, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_xapi_golden, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_xapi_fields, setup,
						teardown),
		cmocka_unit_test_setup_teardown(test_xapi_result, setup,
						teardown),
		cmocka_unit_test_setup_teardown(
			test_xapi_parent_and_registration, setup, teardown),
		cmocka_unit_test_setup_teardown(test_learner_filter, setup,
						teardown),
		cmocka_unit_test(test_empty_log),
		cmocka_unit_test(test_corrupt_event),
		cmocka_unit_test(test_corrupt_outputs),
		cmocka_unit_test(test_real_agents),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
