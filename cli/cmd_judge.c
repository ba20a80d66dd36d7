/*
 * cmd_judge.c - `tutor judge --problem DIR --lang python|c FILE`: judges
 * one submission in the sandbox and prints a report or results JSON.
 */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "commands.h"
#include "tutor/judge.h"

static void judge_usage(FILE *out)
{
	fputs("usage: tutor judge --problem DIR --lang python|c FILE "
	      "[options]\n\n"
	      "Judges FILE against the problem's test cases inside the "
	      "sandbox.\n\n"
	      "  --problem DIR      problem directory (DIR/problem.json)\n"
	      "  --lang LANG        python (or py) or c\n"
	      "  --format FMT       text (default) or json (results.json v3)\n"
	      "  --show-hidden      show hidden cases' inputs and values\n"
	      "  --tmp-root DIR     where work directories are made "
	      "(default /tmp)\n"
	      "  --no-cgroup        enforce limits without cgroups\n"
	      "  -h, --help         show this help\n\n"
	      "Exit status: 0 when a verdict was given (AC or not), 1 on bad "
	      "input or an\ninternal error (IE), 2 on usage errors.\n", out);
}

struct judge_opts {
	const char *problem, *lang, *file, *tmp_root;
	bool json, show_hidden, no_cgroup;
};

static int parse_opts(int argc, char **argv, struct judge_opts *o)
{
	static const struct option longs[] = {
		{ "problem", required_argument, NULL, 'p' },
		{ "lang", required_argument, NULL, 'l' },
		{ "format", required_argument, NULL, 'f' },
		{ "show-hidden", no_argument, NULL, 's' },
		{ "tmp-root", required_argument, NULL, 't' },
		{ "no-cgroup", no_argument, NULL, 'n' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longs, NULL)) != -1) {
		switch (c) {
		case 'p': o->problem = optarg; break;
		case 'l': o->lang = optarg; break;
		case 's': o->show_hidden = true; break;
		case 't': o->tmp_root = optarg; break;
		case 'n': o->no_cgroup = true; break;
		case 'h': judge_usage(stdout); return 0;
		case 'f':
			if (strcmp(optarg, "json") != 0 &&
			    strcmp(optarg, "text") != 0) {
				cli_error("judge: --format must be text or "
					  "json, got '%s'", optarg);
				return EXIT_USAGE;
			}
			o->json = strcmp(optarg, "json") == 0;
			break;
		default:
			cli_error("judge: unknown or incomplete option '%s'; "
				  "see 'tutor judge --help'",
				  argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind + 1 != argc || !o->problem || !o->lang) {
		cli_error("judge: need --problem DIR, --lang LANG and one "
			  "FILE; see 'tutor judge --help'");
		return EXIT_USAGE;
	}
	o->file = argv[optind];
	return -1;
}

/* Reads at most TU_JUDGE_MAX_SOURCE + 1 bytes (the judge rejects more). */
char *cli_read_source(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *buf;

	if (!f) {
		cli_error("%s: cannot open: %s", path, strerror(errno));
		return NULL;
	}
	buf = malloc(TU_JUDGE_MAX_SOURCE + 2);
	if (!buf) {
		fclose(f);
		cli_error("%s: out of memory", path);
		return NULL;
	}
	*len = fread(buf, 1, TU_JUDGE_MAX_SOURCE + 1, f);
	buf[*len] = '\0';
	if (ferror(f)) {
		cli_error("%s: read error", path);
		free(buf);
		buf = NULL;
	}
	fclose(f);
	return buf;
}

static void print_case(const struct tu_case_result *c, bool show_hidden)
{
	bool ok = c->verdict == TU_VERDICT_AC;
	bool full = show_hidden || !c->hidden;

	printf("  %s %s%s", ok ? "\u2713" : "\u2717",
	       c->hidden ? "[hidden] " : "", c->name);
	if (!ok)
		printf(" [%s]", tu_verdict_name(c->verdict));
	if (!ok && full && c->message[0])
		printf(": %s", c->message);
	putchar('\n');
	if (!ok && full && c->input_json)
		printf("      input: %.300s\n", c->input_json);
	if (!ok && full && c->output && c->output[0])
		printf("      output: %.200s%s\n", c->output,
		       strlen(c->output) > 200 ? "..." : "");
}

void cli_print_judge(const struct tu_judge_result *r, const char *id,
		     bool show_hidden)
{
	size_t passed = 0;

	for (size_t i = 0; i < r->n_cases; i++)
		passed += r->cases[i].verdict == TU_VERDICT_AC;
	printf("%s: %s (%zu/%zu cases passed, %.2f s)\n", id,
	       tu_verdict_name(r->verdict), passed, r->n_cases, r->wall_s);
	if (r->message[0])
		printf("%s\n", r->message);
	else if (r->diagnostics && r->verdict != TU_VERDICT_CE)
		printf("compiler warnings:\n%.1500s\n", r->diagnostics);
	for (size_t i = 0; i < r->n_cases; i++)
		print_case(&r->cases[i], show_hidden);
	for (size_t i = 0; i < r->n_tags; i++)
		printf("tag: %s%s%s: %s\n", r->tags[i].tag,
		       r->tags[i].topic[0] ? " @" : "", r->tags[i].topic,
		       r->tags[i].evidence);
	for (size_t i = 0; i < r->n_review; i++)
		printf("review: line %d: %s (%s)\n", r->review[i].line,
		       r->review[i].message, r->review[i].rule);
}

/* "line 3: why" from the judge becomes "FILE:3: why". */
void cli_source_error(const char *file, const char *msg)
{
	unsigned long line;
	int used = 0;

	if (sscanf(msg, "line %lu: %n", &line, &used) == 1 && used > 0)
		cli_error("%s:%lu: %s", file, line, msg + used);
	else
		cli_error("%s: %s", file, msg);
}

static int report(const struct tu_judge_result *r, const char *id,
		  const struct judge_opts *o)
{
	struct tu_err err = TU_ERR_INIT;
	char *json = NULL;

	if (o->json) {
		if (tu_judge_result_to_json(r, o->show_hidden, &json, &err)) {
			cli_error("judge: %s", err.msg);
			return 1;
		}
		printf("%s\n", json);
		free(json);
	} else {
		cli_print_judge(r, id, o->show_hidden);
	}
	return r->verdict == TU_VERDICT_IE ? 1 : 0;
}

static int judge_run(const struct judge_opts *o)
{
	struct tu_err err = TU_ERR_INIT;
	struct tu_judge_config cfg;
	struct tu_judge_result res;
	struct tu_problem *p = NULL;
	enum tu_lang lang;
	char *src;
	size_t len = 0;
	int rc;

	if (tu_lang_parse(o->lang, &lang, &err) != TU_OK) {
		cli_error("judge: %s", err.msg);
		return EXIT_USAGE;
	}
	if (tu_problem_load(o->problem, &p, &err) != TU_OK) {
		cli_error("%s", err.msg);
		return 1;
	}
	src = cli_read_source(o->file, &len);
	if (!src) {
		tu_problem_free(p);
		return 1;
	}
	if (len > TU_JUDGE_MAX_SOURCE) {
		cli_error("%s: larger than the limit of %u bytes", o->file,
			  TU_JUDGE_MAX_SOURCE);
		free(src);
		tu_problem_free(p);
		return 1;
	}
	tu_judge_config_default(&cfg);
	if (o->tmp_root)
		cfg.tmp_root = o->tmp_root;
	cfg.allow_cgroup = !o->no_cgroup;
	if (tu_judge_submit(p, lang, src, len, &cfg, &res, &err) != TU_OK) {
		cli_source_error(o->file, err.msg);
		rc = 1;
	} else {
		rc = report(&res, tu_problem_id(p), o);
		tu_judge_result_release(&res);
	}
	free(src);
	tu_problem_free(p);
	return rc;
}

int cmd_judge(int argc, char **argv)
{
	struct judge_opts o;
	int rc;

	memset(&o, 0, sizeof(o));
	rc = parse_opts(argc, argv, &o);
	if (rc >= 0)
		return rc;
	return judge_run(&o);
}
