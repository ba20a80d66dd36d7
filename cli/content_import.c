/*
 * content_import.c - `tutor content import KIND ...`: dispatches to the
 * importers (today: exercism, cli/cmd_content_import.c).
 */
#include <stdio.h>
#include <string.h>
#include "commands.h"
#include "content_report.h"

static void import_usage(FILE *out)
{
	fputs("usage: tutor content import <source> [options]\n\n"
	      "sources:\n"
	      "  exercism   an Exercism track plus problem-specifications\n\n"
	      "Run 'tutor content import <source> --help' for its options.\n",
	      out);
}

int cli_content_import(int argc, char **argv)
{
	const char *kind = argc >= 2 ? argv[1] : NULL;

	if (!kind) {
		import_usage(stderr);
		return EXIT_USAGE;
	}
	if (strcmp(kind, "-h") == 0 || strcmp(kind, "--help") == 0) {
		import_usage(stdout);
		return 0;
	}
	if (strcmp(kind, "exercism") == 0)
		return cli_content_import_exercism(argc - 1, argv + 1);
	cli_error("content import: unknown source '%s'; see 'tutor content "
		  "import --help'", kind);
	return EXIT_USAGE;
}
