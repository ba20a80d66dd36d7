/*
 * cmd_content_import.c - `tutor content import exercism --track DIR
 * --specs DIR --out DIR [--force]`: converts an Exercism track plus
 * problem-specifications into a course (tutor/exercism.h,
 * docs/import-exercism.md).  Progress goes to stderr, the counts to
 * stdout; the full list of what was not imported is the course's
 * IMPORT-REPORT.md.
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "tutor/exercism.h"

static void exercism_usage(FILE *out)
{
	fputs("usage: tutor content import exercism --track DIR --specs DIR "
	      "--out DIR [--force]\n\n"
	      "Converts an Exercism language track (only Python) and "
	      "Exercism's\nproblem-specifications into a course directory: "
	      "one function problem per\ntested property of each practice "
	      "exercise, topics from the track's\nconcepts, an explanation per "
	      "topic.  What cannot be imported is listed\nwith its reason in "
	      "OUT/IMPORT-REPORT.md (docs/import-exercism.md).\n\n"
	      "  --track DIR        the track (config.json, concepts/, "
	      "exercises/)\n"
	      "  --specs DIR        problem-specifications "
	      "(exercises/<slug>/)\n"
	      "  --out DIR          the course to create: absent or empty\n"
	      "  --force            replace OUT when it is a previous import\n"
	      "  -h, --help         show this help\n\n"
	      "Progress goes to stderr, the counts to stdout.  The course is "
	      "written next\nto OUT and renamed into place once it loads, so "
	      "a failure leaves nothing.\n\n"
	      "Exit status: 0 ok, 1 failure (the message names the file and "
	      "JSON path),\n2 usage error.\n", out);
}

struct import_opts {
	const char *track, *specs, *out;
	bool force;
};

static int parse_opts(int argc, char **argv, struct import_opts *o)
{
	static const struct option longs[] = {
		{ "track", required_argument, NULL, 't' },
		{ "specs", required_argument, NULL, 's' },
		{ "out", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ NULL, 0, NULL, 0 },
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "+h", longs, NULL)) != -1) {
		switch (c) {
		case 't': o->track = optarg; break;
		case 's': o->specs = optarg; break;
		case 'o': o->out = optarg; break;
		case 'f': o->force = true; break;
		case 'h': exercism_usage(stdout); return 0;
		default:
			cli_error("content import exercism: unknown or "
				  "incomplete option '%s'; see 'tutor content "
				  "import exercism --help'", argv[optind - 1]);
			return EXIT_USAGE;
		}
	}
	if (optind != argc || !o->track || !o->specs || !o->out) {
		cli_error("content import exercism: need --track DIR, --specs "
			  "DIR and --out DIR (and no other arguments); see "
			  "'tutor content import exercism --help'");
		return EXIT_USAGE;
	}
	return -1;
}

static void on_progress(void *ctx, const char *line)
{
	(void)ctx;
	fprintf(stderr, "exercism: %s\n", line);
}

int cli_content_import_exercism(int argc, char **argv)
{
	struct import_opts o = { 0 };
	struct tu_exercism_opts io = { 0 };
	struct tu_exercism_counts counts;
	struct tu_err err = TU_ERR_INIT;
	char text[1024];
	int rc = parse_opts(argc, argv, &o);

	if (rc >= 0)
		return rc;
	io.track = o.track;
	io.specs = o.specs;
	io.out = o.out;
	io.force = o.force;
	io.progress = on_progress;
	if (tu_exercism_import(&io, &counts, &err) != TU_OK) {
		cli_error("content import exercism: %s", err.msg);
		return 1;
	}
	tu_exercism_counts_text(&counts, text, sizeof(text));
	fputs(text, stdout);
	printf("report: %s/IMPORT-REPORT.md\n", o.out);
	return 0;
}
