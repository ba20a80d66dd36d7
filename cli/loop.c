/*
 * loop.c - shared steps of the learning loop (cli/loop.h): the current
 * item, the session check with its narrative, a hint with its text, and a
 * submission from file to judged event with the review after AC.
 *
 * An event goes through the orchestrator first (it decides: the picks,
 * the hint level, the verdict's consequences); the text assistant then
 * words what was decided, and what it showed is recorded as an "assist"
 * event.  With --json the result is one object: the event's seq, version
 * and outputs, plus "assist" when a text was shown.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "assist_cli.h"
#include "commands.h"
#include "loop.h"
#include "render.h"

void loop_remember_pick(struct cli_env *e, const char *outputs)
{
	json_t *root = json_loads(outputs, 0, NULL);
	const json_t *picks = json_object_get(
		json_object_get(root, "content_curator"), "picks");
	const char *item = json_string_value(
		json_object_get(json_array_get(picks, 0), "item"));

	if (item)
		cli_setting_set(e, "current_item", item);
	json_decref(root);
}

int loop_current_item(struct cli_env *e, const char *opt, char *out)
{
	char cur[TU_STORE_SETTING_MAX];

	if (!opt) {
		if (cli_setting_get(e, "current_item", cur, sizeof(cur))) {
			cli_error("no current item: run 'tutor next' or pass "
				  "--item ID");
			return 1;
		}
		opt = cur;
	}
	if (strlen(opt) >= TU_ID_MAX ||
	    !tu_course_problem_find(&e->course, opt)) {
		cli_error("no problem '%s' in course '%s'", opt, e->course.id);
		return 1;
	}
	memcpy(out, opt, strlen(opt) + 1);
	return 0;
}

static int run_quiet(struct cli_env *e, struct tu_event_in *ev,
		     struct tu_orch_result *res)
{
	ev->at = e->now;
	return cli_handle(e, ev, res);
}

int loop_run_event(struct cli_env *e, struct tu_event_in *ev)
{
	struct tu_orch_result res;

	if (run_quiet(e, ev, &res))
		return 1;
	cli_print_result(&res, e->json, NULL);
	loop_remember_pick(e, res.outputs);
	tu_orch_result_release(&res);
	return 0;
}

/* ---- one assistant text --------------------------------------------------*/

/* What one use showed, for printing and recording. */
struct shown {
	enum tu_assist_use use;
	char item[TU_ID_MAX];
	struct tu_assist_result r;
	uint64_t seq, version;
	bool have;                     /* r holds a text */
};

static void shown_init(struct shown *s, enum tu_assist_use use,
		       const char *item)
{
	memset(s, 0, sizeof(*s));
	s->use = use;
	snprintf(s->item, sizeof(s->item), "%s", item ? item : "");
	tu_assist_result_init(&s->r);
}

/* Redacts and records s->r (called after a use returned TU_OK). */
static int shown_record(struct cli_env *e, struct shown *s)
{
	cli_assist_redact(e, &s->r);
	s->have = true;
	return cli_assist_record(e, s->use, s->item, &s->r, &s->seq,
				 &s->version);
}

/* Prints the event's result and, when s has a text, the text: in the
 * text form under label, in the JSON form as "assist". */
static void shown_print(const struct cli_env *e,
			const struct tu_orch_result *res,
			const struct shown *s, const char *label,
			bool render)
{
	char *js = NULL;

	if (e->json) {
		if (s && s->have)
			js = cli_assist_json(s->use, s->item, &s->r, s->seq,
					     s->version);
		cli_print_result(res, true, js);
		free(js);
		return;
	}
	if (render)
		cli_render_outputs(res->outputs);
	if (s && s->have)
		cli_assist_print(label, &s->r);
}

static int load_state(struct cli_env *e, struct tu_learner_state *st)
{
	struct tu_err err = TU_ERR_INIT;

	tu_learner_state_init(st);
	if (tu_orch_load(&e->orch, e->learner, st, &err)) {
		cli_error("%s", err.msg);
		return 1;
	}
	return 0;
}

/* The language to talk about p in: the submitted code's, else the
 * learner's preference, else whatever p offers. */
static enum tu_lang talk_lang(const struct tu_learner_state *st,
			      const struct tu_last_code *code,
			      const struct tu_course_problem *p)
{
	enum tu_lang l = code->code ? code->lang :
			 strcmp(st->preferences.language, "c") == 0 ?
			 TU_LANG_C : TU_LANG_PYTHON;

	if (!p->langs[l])
		l = l == TU_LANG_C ? TU_LANG_PYTHON : TU_LANG_C;
	return l;
}

/* ---- next: the picks and the narrative -----------------------------------*/

struct pick {
	const char *item, *bucket, *why;
};

static bool first_pick(const json_t *root, struct pick *p)
{
	const json_t *v = json_array_get(json_object_get(
		json_object_get(root, "content_curator"), "picks"), 0);

	p->item = json_string_value(json_object_get(v, "item"));
	p->bucket = json_string_value(json_object_get(v, "bucket"));
	p->why = json_string_value(json_object_get(v, "text"));
	return p->item != NULL;
}

static int narrate(struct cli_env *e, const struct pick *pk,
		   const char *prev, struct shown *s)
{
	const struct tu_course_problem *p =
		tu_course_problem_find(&e->course, pk->item);
	struct tu_assist *a = cli_assist(e);
	struct tu_assist_narrative_in in;
	struct tu_learner_state st;
	struct tu_assist_who who;
	struct tu_err err = TU_ERR_INIT;
	const struct tu_item_progress *ip;
	int rc = 1;

	if (!p || !a || load_state(e, &st))
		return 1;
	memset(&in, 0, sizeof(in));
	in.next = p;
	in.bucket = pk->bucket ? pk->bucket : "growth";
	in.why = pk->why ? pk->why : "";
	/* the last item, when it is another one (picked again: no word on
	 * "the last one") */
	if (prev && *prev && strcmp(prev, pk->item) != 0 &&
	    tu_course_problem_find(&e->course, prev)) {
		ip = tu_learner_item_find(&st, prev);
		in.last_item = prev;
		in.last_passed = ip && ip->solved;
	}
	cli_assist_who(e, &st, p, &who);
	if (tu_assist_narrative(a, &who, &in, &s->r, &err))
		cli_error("next: %s", err.msg);
	else
		rc = shown_record(e, s);
	tu_learner_state_release(&st);
	return rc;
}

int loop_next(struct cli_env *e, unsigned k)
{
	char prev[TU_STORE_SETTING_MAX] = "";
	struct tu_orch_result res;
	struct tu_event_in ev;
	struct shown s;
	struct pick pk;
	json_t *root;
	int rc = 0;

	if (cli_setting_get(e, "current_item", prev, sizeof(prev)))
		prev[0] = '\0';
	tu_event_in_init(&ev);
	ev.type = TU_EV_SESSION_CHECK;
	ev.u.k = k;
	if (run_quiet(e, &ev, &res))
		return 1;
	loop_remember_pick(e, res.outputs);
	root = json_loads(res.outputs, 0, NULL);
	shown_init(&s, TU_USE_NARRATIVE, NULL);
	if (first_pick(root, &pk)) {
		snprintf(s.item, sizeof(s.item), "%s", pk.item);
		rc = narrate(e, &pk, prev, &s);
	}
	shown_print(e, &res, &s, "\n", true);
	json_decref(root);
	tu_assist_result_release(&s.r);
	tu_orch_result_release(&res);
	return rc;
}

/* ---- hint: the level from the orchestrator, the text from the assistant ---*/

struct hint_out {
	uint32_t level;
	const char *level_name;
	double proficiency;
	bool have_prof;
};

static void read_hint(const json_t *root, struct hint_out *h)
{
	const json_t *o = json_object_get(root, "pedagogical_feedback");
	const json_t *p = json_object_get(o, "proficiency");
	json_int_t level = json_integer_value(json_object_get(o, "level"));

	h->level = level >= 1 && level <= 5 ? (uint32_t)level : 0;
	h->level_name = json_string_value(json_object_get(o, "level_name"));
	h->have_prof = json_is_number(p);
	h->proficiency = json_number_value(p);
}

static int hint_text(struct cli_env *e, const char *item,
		     const struct hint_out *h, struct shown *s)
{
	const struct tu_course_problem *p =
		tu_course_problem_find(&e->course, item);
	struct tu_assist *a = cli_assist(e);
	struct tu_assist_hint_in in;
	struct tu_learner_state st;
	struct tu_assist_who who;
	struct tu_err err = TU_ERR_INIT;
	struct tu_last_code code;
	int rc = 1;

	if (!p || !a || load_state(e, &st))
		return 1;
	if (cli_last_code(e, item, &code) == 0) {
		memset(&in, 0, sizeof(in));
		in.problem = p;
		in.lang = talk_lang(&st, &code, p);
		in.level = h->level;
		in.code = code.code;
		in.failing_test = code.failing;
		cli_assist_who(e, &st, p, &who);
		if (h->have_prof)
			who.proficiency = h->proficiency;
		if (tu_assist_hint(a, &who, &in, &s->r, &err))
			cli_error("hint: %s", err.msg);
		else
			rc = shown_record(e, s);
		tu_last_code_release(&code);
	}
	tu_learner_state_release(&st);
	return rc;
}

int loop_hint(struct cli_env *e, const char *item)
{
	struct tu_orch_result res;
	struct tu_event_in ev;
	struct hint_out h;
	struct shown s;
	char label[96];
	json_t *root;
	int rc = 0;

	tu_event_in_init(&ev);
	ev.type = TU_EV_HINT_REQUEST;
	snprintf(ev.u.item, sizeof(ev.u.item), "%s", item);
	if (run_quiet(e, &ev, &res))
		return 1;
	root = json_loads(res.outputs, 0, NULL);
	read_hint(root, &h);
	shown_init(&s, TU_USE_HINT, item);
	if (h.level)
		rc = hint_text(e, item, &h, &s);
	snprintf(label, sizeof(label), "hint (level %u, %s): ", h.level,
		 h.level_name ? h.level_name : "?");
	/* without an assistant text the agent's own text is shown */
	shown_print(e, &res, &s, label, !s.have);
	json_decref(root);
	tu_assist_result_release(&s.r);
	tu_orch_result_release(&res);
	return rc;
}

/* ---- submit --------------------------------------------------------------*/

static int pick_lang(struct cli_env *e, const char *file, const char *opt,
		     enum tu_lang *lang)
{
	struct tu_err err = TU_ERR_INIT;
	const char *dot = strrchr(file, '.');
	struct tu_learner_state st;

	if (opt || (dot && (strcmp(dot, ".py") == 0 || strcmp(dot, ".c") == 0))) {
		if (tu_lang_parse(opt ? opt : dot + 1, lang, &err) == TU_OK)
			return 0;
		cli_error("submit: %s", err.msg);
		return 1;
	}
	tu_learner_state_init(&st);
	if (tu_orch_load(&e->orch, e->learner, &st, &err) ||
	    tu_lang_parse(st.preferences.language[0] ? st.preferences.language
						     : "python",
			  lang, &err)) {
		cli_error("submit: %s", err.msg);
		tu_learner_state_release(&st);
		return 1;
	}
	tu_learner_state_release(&st);
	return 0;
}

/* The review of accepted code: the judge's findings, worded. */
static int review(struct cli_env *e, const struct tu_ev_submission *sub,
		  struct shown *s)
{
	const struct tu_course_problem *p =
		tu_course_problem_find(&e->course, sub->item);
	char lines[TU_EVENT_FINDINGS_MAX][TU_EVENT_MSG_MAX + 32];
	const char *findings[TU_EVENT_FINDINGS_MAX];
	struct tu_assist *a = cli_assist(e);
	struct tu_assist_review_in in;
	struct tu_learner_state st;
	struct tu_assist_who who;
	struct tu_err err = TU_ERR_INIT;
	int rc = 1;

	if (!p || !a || load_state(e, &st))
		return 1;
	for (size_t i = 0; i < sub->n_findings; i++) {
		snprintf(lines[i], sizeof(lines[i]), "line %d: %s",
			 sub->findings[i].line, sub->findings[i].message);
		findings[i] = lines[i];
	}
	memset(&in, 0, sizeof(in));
	in.problem = p;
	in.lang = sub->lang;
	in.code = sub->code;
	in.findings = findings;
	in.n_findings = sub->n_findings;
	cli_assist_who(e, &st, p, &who);
	if (tu_assist_review(a, &who, &in, &s->r, &err))
		cli_error("submit: %s", err.msg);
	else
		rc = shown_record(e, s);
	tu_learner_state_release(&st);
	return rc;
}

static int record(struct cli_env *e, const char *item, enum tu_lang lang,
		  const char *src, size_t len,
		  const struct tu_judge_result *judged)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_orch_result res;
	struct tu_event_in ev;
	struct shown s;
	int rc;

	tu_event_in_init(&ev);
	ev.type = TU_EV_SUBMISSION;
	if (tu_ev_submission_from_judge(&ev.u.sub, item, lang, src, len,
					judged, &err)) {
		cli_error("submit: %s", err.msg);
		return 1;
	}
	rc = run_quiet(e, &ev, &res);
	if (rc == 0) {
		shown_init(&s, TU_USE_REVIEW, item);
		if (ev.u.sub.verdict == TU_VERDICT_AC)
			rc = review(e, &ev.u.sub, &s);
		shown_print(e, &res, &s, "review: ", true);
		tu_assist_result_release(&s.r);
		tu_orch_result_release(&res);
	}
	tu_event_in_release(&ev);
	return rc;
}

int loop_submit(struct cli_env *e, const char *item, const char *file,
		const char *lang_opt)
{
	const struct tu_course_problem *p = tu_course_problem_find(&e->course, item);
	struct tu_err err = TU_ERR_INIT;
	struct tu_judge_config cfg;
	struct tu_judge_result res;
	enum tu_lang lang;
	size_t len = 0;
	char *src;
	int rc = 1;

	if (!p || pick_lang(e, file, lang_opt, &lang))
		return 1;
	if (!p->langs[lang]) {
		cli_error("submit: problem '%s' is not offered in %s", item,
			  tu_lang_name(lang));
		return 1;
	}
	src = cli_read_source(file, &len);
	if (!src)
		return 1;
	tu_judge_config_default(&cfg);
	if (tu_judge_submit(p->judge, lang, src, len, &cfg, &res, &err)) {
		cli_source_error(file, err.msg);
	} else {
		if (!e->json)
			cli_print_judge(&res, item, false);
		if (res.verdict == TU_VERDICT_IE)
			cli_error("submit: the judge failed; nothing was "
				  "recorded");
		else
			rc = record(e, item, lang, src, len, &res);
		tu_judge_result_release(&res);
	}
	free(src);
	return rc;
}
