/*
 * progsnap2.c - the event log as a ProgSnap2 dataset (tutor/export.h).
 *
 * Each log event becomes one or more MainTable rows; rows of one event
 * share the event's seq in their EventID ("e<seq>-<k>", k = 0 for the
 * event's own row) and point at their parent row with ParentEventID:
 *
 *   learner_created   X-Learner.Create
 *   preferences       X-Learner.Preferences
 *   submission        Submit, Compile, then Compile.Error (verdict CE) or
 *                     Run.Program, then Intervention/Feedback when the
 *                     feedback agent said something
 *   hint_request      Intervention/Hint (level and text from the outputs)
 *   session_check     Session.Start (+ Intervention/X-Recommendation)
 *   daily_generation  X-DailyPlan (+ Intervention/X-Recommendation)
 *   review_due        X-ReviewDue (+ Intervention/X-Recommendation)
 *   assist            Intervention: category by use (hint Hint, review
 *                     Feedback, narrative X-Narrative, ask X-Answer,
 *                     goals X-Goals), type "X-Assist:<path>[:<prompt>@v<N>]",
 *                     message the text shown
 *   goals_stated      X-Goals.Stated
 *
 * The column set is fixed (one header for every dataset); docs/export.md
 * and the README.md written into the dataset explain every column and
 * extension type.  What it is not: a ProgSnap2 reader or validator.
 */
#include "tutor/export.h"

#include <inttypes.h>
#include <string.h>

#include "export_internal.h"
#include "tutor/content.h"

#define TRY(x)                            \
	do {                              \
		enum tu_status st_ = (x); \
		if (st_)                  \
			return st_;       \
	} while (0)

enum col {
	C_EVENT_ID, C_ORDER, C_SUBJECT, C_TOOLS, C_TIME, C_TZ, C_COURSE,
	C_PROBLEM, C_TYPE, C_INITIATOR, C_PARENT, C_SESSION, C_CODE_STATE,
	C_SECTION, C_EXEC_ID, C_SCORE, C_COMPILE_RESULT, C_COMPILE_TYPE,
	C_COMPILE_DATA, C_SOURCE_LOC, C_EXEC_RESULT, C_INT_CATEGORY,
	C_INT_TYPE, C_INT_MESSAGE, C_X_VERDICT, C_X_PASSED, C_X_TOTAL,
	C_X_MISCONCEPTIONS, N_COLS
};

static const char *const col_names[N_COLS] = {
	"EventID", "Order", "SubjectID", "ToolInstances", "ServerTimestamp",
	"ServerTimezone", "CourseID", "ProblemID", "EventType",
	"EventInitiator", "ParentEventID", "SessionID", "CodeStateID",
	"CodeStateSection", "ExecutionID", "Score", "CompileResult",
	"CompileMessageType", "CompileMessageData", "SourceLocation",
	"ExecutionResult", "InterventionCategory", "InterventionType",
	"InterventionMessage", "X-Verdict", "X-TestsPassed", "X-TestsTotal",
	"X-Misconceptions",
};

#define ID_MAX 48
#define JOIN_MAX (TU__PICKS_MAX * TU_ID_MAX + 1)

struct ps2 {
	struct tu__ps2_dir dir;
	FILE *main;
	uint64_t order;
	const char *course;
	struct tu_export_stats stats;
};

struct row {
	const char *v[N_COLS];
	char id[ID_MAX];
	char order[24];
};

/* The rows of one event and what they share. */
struct evrows {
	struct ps2 *p;
	const struct tu__xev *x;
	unsigned k;                 /* next row number within the event */
	char first[ID_MAX];         /* EventID of the event's own row */
	char tools[64];             /* ToolInstances */
	char code_state[TU__CODE_STATE_LEN + 1];
	char score[32], passed[16], total[16];
	char join[JOIN_MAX];        /* tags or picks, ';'-separated */
};

/* ---- rows ------------------------------------------------------------------ */

static void row_new(struct evrows *e, struct row *r, const char *type,
		    const char *initiator)
{
	memset(r, 0, sizeof(*r));
	snprintf(r->id, sizeof(r->id), "e%" PRIu64 "-%u", e->x->row->seq,
		 e->k);
	if (e->k++ == 0)
		memcpy(e->first, r->id, sizeof(e->first));
	r->v[C_EVENT_ID] = r->id;
	r->v[C_SUBJECT] = e->x->row->learner;
	r->v[C_TOOLS] = e->tools[0] ? e->tools : "tutor";
	r->v[C_TIME] = e->x->when;
	r->v[C_TZ] = "+0000";
	r->v[C_COURSE] = e->p->course;
	r->v[C_TYPE] = type;
	r->v[C_INITIATOR] = initiator;
}

static enum tu_status emit(struct ps2 *p, struct row *r, struct tu_err *err)
{
	bool ok = true;

	snprintf(r->order, sizeof(r->order), "%" PRIu64, ++p->order);
	r->v[C_ORDER] = r->order;
	for (size_t i = 0; ok && i < N_COLS; i++) {
		if (i > 0)
			ok = fputc(',', p->main) != EOF;
		ok = ok && tu__csv_field(p->main, r->v[i]);
	}
	if (!ok || fputs("\r\n", p->main) < 0)
		return tu_err_set(err, TU_EIO, "cannot write MainTable.csv "
				  "in '%s'", p->dir.tmp);
	p->stats.rows++;
	return TU_OK;
}

/* Appends s to e->join with a ';' separator (silently truncated). */
static void join_add(struct evrows *e, const char *s)
{
	size_t n = strlen(e->join);

	snprintf(e->join + n, sizeof(e->join) - n, "%s%s", n ? ";" : "", s);
}

/* ---- submissions -------------------------------------------------------------- */

static const char *exec_result(enum tu_verdict v)
{
	switch (v) {
	case TU_VERDICT_AC:
	case TU_VERDICT_WA:
		return "Success";      /* ran to completion */
	case TU_VERDICT_TLE:
		return "Timeout";
	default:
		return "Error";        /* RE, OLE, MLE, SV */
	}
}

static void sub_prepare(struct evrows *e)
{
	const struct tu_ev_submission *s = &e->x->in.u.sub;

	snprintf(e->tools, sizeof(e->tools), "tutor;%s",
		 tu_lang_name(s->lang));
	tu__code_state_id(s, e->code_state);
	if (s->total > 0)
		snprintf(e->score, sizeof(e->score), "%.10g",
			 (double)s->passed / (double)s->total);
	snprintf(e->passed, sizeof(e->passed), "%" PRIu32, s->passed);
	snprintf(e->total, sizeof(e->total), "%" PRIu32, s->total);
	for (size_t i = 0; i < s->n_tags; i++)
		join_add(e, s->tags[i].tag);
}

static void sub_row(struct evrows *e, struct row *r, const char *type,
		    const char *initiator)
{
	row_new(e, r, type, initiator);
	r->v[C_PROBLEM] = e->x->in.u.sub.item;
	r->v[C_CODE_STATE] = e->code_state;
}

static enum tu_status sub_submit(struct evrows *e, struct tu_err *err)
{
	const struct tu_ev_submission *s = &e->x->in.u.sub;
	struct row r;

	sub_row(e, &r, "Submit", "UserDirectAction");
	r.v[C_EXEC_ID] = r.id;
	r.v[C_SCORE] = e->score;
	r.v[C_X_VERDICT] = tu_verdict_name(s->verdict);
	r.v[C_X_PASSED] = e->passed;
	r.v[C_X_TOTAL] = e->total;
	r.v[C_X_MISCONCEPTIONS] = e->join;
	return emit(e->p, &r, err);
}

static enum tu_status sub_judged(struct evrows *e, struct tu_err *err)
{
	const struct tu_ev_submission *s = &e->x->in.u.sub;
	bool ce = s->verdict == TU_VERDICT_CE;
	char compile[ID_MAX];
	struct row r;

	sub_row(e, &r, "Compile", "ToolReaction");
	r.v[C_PARENT] = e->first;
	r.v[C_SECTION] = tu__code_file(s->lang);
	r.v[C_COMPILE_RESULT] = ce ? "Error" : "Success";
	TRY(emit(e->p, &r, err));
	memcpy(compile, r.id, sizeof(compile));
	if (ce) {
		sub_row(e, &r, "Compile.Error", "ToolReaction");
		r.v[C_PARENT] = compile;
		r.v[C_SECTION] = tu__code_file(s->lang);
		r.v[C_COMPILE_TYPE] = "CompileError";
		r.v[C_COMPILE_DATA] = s->n_failed ? s->failed[0].message : "";
		return emit(e->p, &r, err);
	}
	sub_row(e, &r, "Run.Program", "ToolReaction");
	r.v[C_PARENT] = e->first;
	r.v[C_EXEC_ID] = e->first;
	r.v[C_EXEC_RESULT] = exec_result(s->verdict);
	r.v[C_SCORE] = e->score;
	return emit(e->p, &r, err);
}

static enum tu_status sub_feedback(struct evrows *e, struct tu_err *err)
{
	const char *text = tu__out_feedback_text(e->x);
	struct row r;

	if (!text)
		return TU_OK;
	sub_row(e, &r, "Intervention", "ToolReaction");
	r.v[C_PARENT] = e->first;
	r.v[C_INT_CATEGORY] = "Feedback";
	r.v[C_INT_TYPE] = tu_verdict_name(e->x->in.u.sub.verdict);
	r.v[C_INT_MESSAGE] = text;
	return emit(e->p, &r, err);
}

static enum tu_status rows_submission(struct evrows *e, struct tu_err *err)
{
	const struct tu_ev_submission *s = &e->x->in.u.sub;
	bool created;

	sub_prepare(e);
	TRY(tu__ps2_code_state(&e->p->dir, e->code_state,
			       tu__code_file(s->lang), s->code, s->code_len,
			       &created, err));
	if (created)
		e->p->stats.code_states++;
	TRY(sub_submit(e, err));
	TRY(sub_judged(e, err));
	return sub_feedback(e, err);
}

/* ---- the other events ------------------------------------------------------------ */

static enum tu_status rows_hint(struct evrows *e, struct tu_err *err)
{
	int64_t level = tu__out_hint_level(e->x);
	const char *text = tu__out_feedback_text(e->x);
	char type[32] = "";
	struct row r;

	if (level > 0)
		snprintf(type, sizeof(type), "level-%" PRId64, level);
	row_new(e, &r, "Intervention", "ToolReaction");
	r.v[C_PROBLEM] = e->x->in.u.item;
	r.v[C_INT_CATEGORY] = "Hint";
	r.v[C_INT_TYPE] = type;
	r.v[C_INT_MESSAGE] = text ? text : "";
	return emit(e->p, &r, err);
}

static const char *assist_category(const char *use)
{
	static const char *const map[][2] = {
		{ "hint", "Hint" }, { "review", "Feedback" },
		{ "narrative", "X-Narrative" }, { "ask", "X-Answer" },
		{ "goals", "X-Goals" },
	};

	for (size_t i = 0; i < sizeof(map) / sizeof(map[0]); i++)
		if (strcmp(use, map[i][0]) == 0)
			return map[i][1];
	return "X-Assist";
}

/* What an LLM-backed use showed: one Intervention row; the type names
 * the path that served it and the prompt version. */
/* The ProgSnap2 EventType of a study plan's record (an X- extension). */
static const char *plan_event_type(const struct tu_ev_plan *p)
{
	switch (p->kind) {
	case TU_PLAN_EV_START: return "X-Plan.Start";
	case TU_PLAN_EV_STEP: return "X-Plan.Step";
	case TU_PLAN_EV_END: return "X-Plan.End";
	}
	return "X-Plan";
}

static enum tu_status rows_assist(struct evrows *e, struct tu_err *err)
{
	const struct tu_ev_assist *a = &e->x->in.u.assist;
	char type[sizeof(a->path) + sizeof(a->prompt) + 40];
	struct row r;

	if (a->prompt[0])
		snprintf(type, sizeof(type), "X-Assist:%s:%s@v%" PRIu32,
			 a->path, a->prompt, a->prompt_version);
	else
		snprintf(type, sizeof(type), "X-Assist:%s", a->path);
	row_new(e, &r, "Intervention", "ToolReaction");
	r.v[C_PROBLEM] = a->item;
	r.v[C_INT_CATEGORY] = assist_category(a->use);
	r.v[C_INT_TYPE] = type;
	r.v[C_INT_MESSAGE] = a->text;
	return emit(e->p, &r, err);
}

/* The event's own row, plus the curator's picks as a child row. */
static enum tu_status rows_plain(struct evrows *e, const char *type,
				 const char *initiator, struct tu_err *err)
{
	const char *picks[TU__PICKS_MAX];
	size_t n = tu__out_picks(e->x, picks, TU__PICKS_MAX);
	struct row r;

	row_new(e, &r, type, initiator);
	if (strcmp(type, "Session.Start") == 0)
		r.v[C_SESSION] = r.id;
	TRY(emit(e->p, &r, err));
	if (n == 0)
		return TU_OK;
	for (size_t i = 0; i < n; i++)
		join_add(e, picks[i]);
	row_new(e, &r, "Intervention",
		strcmp(initiator, "UserDirectAction") == 0 ? "ToolReaction" :
		initiator);
	r.v[C_PARENT] = e->first;
	r.v[C_INT_CATEGORY] = "X-Recommendation";
	r.v[C_INT_TYPE] = e->x->row->type;
	r.v[C_INT_MESSAGE] = e->join;
	return emit(e->p, &r, err);
}

static enum tu_status on_event(const struct tu__xev *x, void *ctx,
			       struct tu_err *err)
{
	struct evrows e;

	memset(&e, 0, sizeof(e));
	e.p = ctx;
	e.x = x;
	switch (x->in.type) {
	case TU_EV_LEARNER_CREATED:
		return rows_plain(&e, "X-Learner.Create", "UserDirectAction",
				  err);
	case TU_EV_PREFERENCES:
		return rows_plain(&e, "X-Learner.Preferences",
				  "UserDirectAction", err);
	case TU_EV_SUBMISSION:
		return rows_submission(&e, err);
	case TU_EV_HINT_REQUEST:
		return rows_hint(&e, err);
	case TU_EV_SESSION_CHECK:
		return rows_plain(&e, "Session.Start", "UserDirectAction", err);
	case TU_EV_DAILY_GENERATION:
		return rows_plain(&e, "X-DailyPlan", "ToolTimedEvent", err);
	case TU_EV_REVIEW_DUE:
		return rows_plain(&e, "X-ReviewDue", "ToolTimedEvent", err);
	case TU_EV_ASSIST:
		return rows_assist(&e, err);
	case TU_EV_GOALS_STATED:
		return rows_plain(&e, "X-Goals.Stated", "UserDirectAction",
				  err);
	case TU_EV_PLAN:
		return rows_plain(&e, plan_event_type(&x->in.u.plan),
				  x->in.u.plan.input[0] ? "UserDirectAction" :
				  "ToolTimedEvent", err);
	}
	return tu_err_set(err, TU_EINTERNAL, "event %" PRIu64 ": type %d",
			  x->row->seq, (int)x->in.type);
}

/* ---- the files ------------------------------------------------------------------- */

static const char metadata_csv[] =
	"Property,Value\r\n"
	"Version," TU_EXPORT_PS2_VERSION "\r\n"
	"IsEventOrderingConsistent,true\r\n"
	"EventOrderScope,Global\r\n"
	"EventOrderScopeColumns,\r\n"
	"CodeStateRepresentation,Directory\r\n";

static const char readme_md[] =
	"# tutor ProgSnap2 export\n\n"
	"Written by `tutor export progsnap2` from tutor's event log; the full\n"
	"mapping is in tutor's docs/export.md.\n\n"
	"- EventID `e<seq>-<k>`: `seq` is the log's event number, `k` the row\n"
	"  within the event (0 = the event itself; other rows name it in\n"
	"  ParentEventID).  Order is global and follows the log.\n"
	"- Times are UTC (ServerTimezone +0000).  CodeStateID is a hash of\n"
	"  (language, code); CodeStates/<id>/main.py or main.c holds the code.\n"
	"- Score = tests passed / tests run.\n\n"
	"Dataset-specific event types:\n\n"
	"- `X-Learner.Create`: the learner was registered (no personal data).\n"
	"- `X-Learner.Preferences`: the learner changed preferences.\n"
	"- `X-DailyPlan`: the tutor generated the day's practice set.\n"
	"- `X-ReviewDue`: the tutor checked for spaced-repetition reviews.\n"
	"- `X-Goals.Stated`: the learner stated goals in their own words.\n\n"
	"Dataset-specific values and columns:\n\n"
	"- InterventionCategory `X-Recommendation`: problems the tutor\n"
	"  recommended (InterventionMessage: problem ids, `;`-separated;\n"
	"  InterventionType: the tutor's event type).\n"
	"- Interventions from the tutor's text assistant (hints, reviews,\n"
	"  narratives, answers, goal summaries): InterventionType\n"
	"  `X-Assist:<path>` or `X-Assist:<path>:<prompt>@v<version>`, where\n"
	"  path is `fallback` (the deterministic text), `json_schema`,\n"
	"  `json_object`, `text` (a language model answered) or `cache`;\n"
	"  InterventionCategory `X-Narrative`, `X-Answer`, `X-Goals` for the\n"
	"  uses without a standard category.\n"
	"- `X-Verdict`: the judge's verdict (AC, WA, RE, OLE, MLE, TLE, SV,\n"
	"  CE); `X-TestsPassed` / `X-TestsTotal`: test counts;\n"
	"  `X-Misconceptions`: misconception tags, `;`-separated.\n";

static enum tu_status write_text(struct ps2 *p, const char *name,
				 const char *text, struct tu_err *err)
{
	FILE *f;

	TRY(tu__ps2_dir_open(&p->dir, name, &f, err));
	(void)fputs(text, f);
	return tu__ps2_dir_close(&p->dir, name, f, err);
}

static enum tu_status write_all(struct ps2 *p, struct tu_store *s,
				const char *learner, struct tu_err *err)
{
	enum tu_status st;

	TRY(tu__ps2_dir_open(&p->dir, "MainTable.csv", &p->main, err));
	for (size_t i = 0; i < N_COLS; i++)
		fprintf(p->main, "%s%s", i ? "," : "", col_names[i]);
	fputs("\r\n", p->main);
	TRY(tu__export_walk(s, learner, on_event, p, &p->stats.events, err));
	st = tu__ps2_dir_close(&p->dir, "MainTable.csv", p->main, err);
	p->main = NULL;
	TRY(st);
	TRY(write_text(p, "DatasetMetadata.csv", metadata_csv, err));
	return write_text(p, "README.md", readme_md, err);
}

enum tu_status tu_export_progsnap2(struct tu_store *s, const char *learner,
				   const char *course, const char *dir,
				   struct tu_export_stats *stats,
				   struct tu_err *err)
{
	struct ps2 p;
	enum tu_status st;

	TRY(tu__export_check(s, learner, course, err));
	memset(&p, 0, sizeof(p));
	p.course = course;
	TRY(tu__ps2_dir_begin(&p.dir, dir, err));
	st = write_all(&p, s, learner, err);
	if (!st)
		st = tu__ps2_dir_commit(&p.dir, err);
	if (st) {
		if (p.main)
			fclose(p.main);
		tu__ps2_dir_abort(&p.dir);
		return st;
	}
	if (stats)
		*stats = p.stats;
	return TU_OK;
}
