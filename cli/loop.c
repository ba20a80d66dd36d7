/*
 * loop.c - shared steps of the learning loop (cli/loop.h): the current
 * item, and a submission from file to judged event.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

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

static int record(struct cli_env *e, const char *item, enum tu_lang lang,
		  const char *src, size_t len,
		  const struct tu_judge_result *res)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_event_in ev;
	int rc;

	tu_event_in_init(&ev);
	ev.type = TU_EV_SUBMISSION;
	if (tu_ev_submission_from_judge(&ev.u.sub, item, lang, src, len, res,
					&err)) {
		cli_error("submit: %s", err.msg);
		return 1;
	}
	rc = loop_run_event(e, &ev);
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
