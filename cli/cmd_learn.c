/*
 * cmd_learn.c - `tutor learn`: the interactive terminal session.
 *
 * Shows the current problem (statement, starter code in a work file),
 * then reads one-letter commands: edit with $EDITOR, submit (per-test
 * results, mastery change, next review, a review of accepted code), hint,
 * next problem (with a narrative that introduces it), reviews, quit.
 * Every step is an event through the orchestrator, and every text of the
 * assistant an "assist" event, exactly as the one-shot commands do
 * (cli/loop.c).  Works with a pipe on stdin (scripted sessions).
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "commands.h"
#include "loop.h"
#include "platform.h"

static void learn_usage(FILE *out)
{
	fputs("usage: tutor learn [--item ID] [--file PATH]\n\n"
	      "An interactive session on the course: the problem, your code "
	      "in a work file\n(edited with $EDITOR or any editor you like), "
	      "the judge's per-test results,\nhints on request, the mastery "
	      "change and the next review date.\n\n"
	      "Commands at the prompt: e edit, s submit, h hint, n next "
	      "problem,\nr reviews, p show the problem again, q quit.\n\n"
	      "  --item ID          start on this problem (default: the "
	      "curator's pick)\n"
	      "  --file PATH        work file (default: "
	      "./tutor-work/ITEM.py or .c)\n"
	      CLI_COMMON_HELP
	      "  -h, --help         show this help\n", out);
}

struct learn {
	struct cli_env e;
	const char *file_opt;
	char item[TU_ID_MAX];
	char file[4096];
	bool fixed_clock;
	enum tu_lang lang;
};

static void tick(struct learn *l)
{
	if (!l->fixed_clock)
		l->e.now = (int64_t)time(NULL);
}

static int write_starter(struct learn *l, const struct tu_course_problem *p)
{
	const char *starter = p->starter[l->lang];
	struct stat sb;
	FILE *f;

	if (stat(l->file, &sb) == 0)
		return 0;
	if (strchr(l->file, '/')) {
		char dir[4096];

		snprintf(dir, sizeof(dir), "%s", l->file);
		*strrchr(dir, '/') = '\0';
		if (mkdir(dir, 0755) != 0 && errno != EEXIST) {
			cli_error("cannot create %s: %s", dir, strerror(errno));
			return 1;
		}
	}
	f = fopen(l->file, "w");
	if (!f) {
		cli_error("cannot write %s: %s", l->file, strerror(errno));
		return 1;
	}
	fputs(starter ? starter : (l->lang == TU_LANG_C ? "/* your code */\n"
							 : "# your code\n"), f);
	return fclose(f) == 0 ? 0 : 1;
}

static int show_problem(struct learn *l)
{
	const struct tu_course_problem *p =
		tu_course_problem_find(&l->e.course, l->item);

	if (!p)
		return 1;
	if (!p->langs[l->lang])
		l->lang = p->langs[TU_LANG_PYTHON] ? TU_LANG_PYTHON : TU_LANG_C;
	if (l->file_opt)
		snprintf(l->file, sizeof(l->file), "%s", l->file_opt);
	else
		snprintf(l->file, sizeof(l->file), "tutor-work/%s.%s", l->item,
			 l->lang == TU_LANG_C ? "c" : "py");
	printf("\n== %s (%s; %s) ==\n\n%s\n", p->title,
	       tu_difficulty_name(p->difficulty), p->topics[0], p->statement);
	if (write_starter(l, p))
		return 1;
	printf("your code: %s  (%zu public tests, %zu hidden)\n", l->file,
	       p->n_public_tests, p->n_hidden_tests);
	return 0;
}

static int do_next(struct learn *l)
{
	char item[TU_ID_MAX];

	tick(l);
	if (loop_next(&l->e, 3) || loop_current_item(&l->e, NULL, item))
		return 1;
	snprintf(l->item, sizeof(l->item), "%s", item);
	return show_problem(l);
}

static void do_edit(struct learn *l)
{
	const char *ed = getenv("VISUAL");
	pid_t pid;
	int status;

	if (!ed || !*ed)
		ed = getenv("EDITOR");
	if (!ed || !*ed || !isatty(STDIN_FILENO)) {
		printf("edit %s in your editor (set $EDITOR to open it from "
		       "here), then type s\n", l->file);
		return;
	}
	pid = fork();
	if (pid == 0) {
		execlp("sh", "sh", "-c", "$0 \"$1\"", ed, l->file, (char *)NULL);
		_exit(127);
	}
	if (pid > 0)
		waitpid(pid, &status, 0);
}

static void do_hint(struct learn *l)
{
	tick(l);
	loop_hint(&l->e, l->item);
}

static void do_reviews(struct learn *l)
{
	struct tu_learner_state st;
	char when[64];

	tu_learner_state_init(&st);
	if (tu_orch_load(&l->e.orch, l->e.learner, &st, NULL) == TU_OK) {
		if (!st.n_reviews)
			printf("no reviews scheduled yet\n");
		for (size_t i = 0; i < st.n_reviews; i++) {
			cli_fmt_time(st.reviews[i].due, when, sizeof(when));
			printf("  %-20s due %s\n", st.reviews[i].item, when);
		}
	}
	tu_learner_state_release(&st);
}

/* One command; returns false to end the session. */
static bool dispatch(struct learn *l, char c)
{
	switch (c) {
	case 'e': do_edit(l); break;
	case 's':
		tick(l);
		loop_submit(&l->e, l->item, l->file,
			    l->lang == TU_LANG_C ? "c" : "python");
		break;
	case 'h': do_hint(l); break;
	case 'n': do_next(l); break;
	case 'r': do_reviews(l); break;
	case 'p': show_problem(l); break;
	case 'q': return false;
	default:
		printf("e edit, s submit, h hint, n next, r reviews, "
		       "p problem, q quit\n");
	}
	return true;
}

static void session(struct learn *l)
{
	char line[256];

	for (;;) {
		printf("\n[e]dit [s]ubmit [h]int [n]ext [r]eviews [p]roblem "
		       "[q]uit > ");
		fflush(stdout);
		if (!fgets(line, sizeof(line), stdin)) {
			putchar('\n');
			return;
		}
		line[strcspn(line, " \r\n")] = '\0';
		if (line[0] && !dispatch(l, line[0]))
			return;
	}
}

static int start(struct learn *l, const char *item)
{
	struct tu_learner_state st;

	tu_learner_state_init(&st);
	if (tu_orch_load(&l->e.orch, l->e.learner, &st, NULL) == TU_OK &&
	    strcmp(st.preferences.language, "c") == 0)
		l->lang = TU_LANG_C;
	tu_learner_state_release(&st);
	printf("tutor: learning as '%s' on course '%s'\n", l->e.learner,
	       l->e.course.title);
	if (!item)
		return do_next(l);
	if (loop_current_item(&l->e, item, l->item))
		return 1;
	cli_setting_set(&l->e, "current_item", l->item);
	return show_problem(l);
}

int cmd_learn(int argc, char **argv)
{
	static const struct option longs[] = {
		{ "item", required_argument, NULL, 'i' },
		{ "file", required_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 },
	};
	struct cli_common common;
	const char *item = NULL;
	struct learn l;
	int c, rc;

	memset(&common, 0, sizeof(common));
	memset(&l, 0, sizeof(l));
	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		if (cli_common_opt(&common, c, optarg))
			continue;
		switch (c) {
		case 'i': item = optarg; break;
		case 'f': l.file_opt = optarg; break;
		case 'h': learn_usage(stdout); return 0;
		default:
			cli_error("learn: unknown or incomplete option '%s'; "
				  "see 'tutor learn --help'", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	l.fixed_clock = common.now || getenv("TUTOR_NOW");
	rc = cli_env_open(&l.e, &common, CLI_NEED_COURSE | CLI_NEED_LEARNER);
	if (rc == 0)
		rc = start(&l, item);
	if (rc == 0)
		session(&l);
	cli_env_close(&l.e);
	return rc;
}
