/* fit_fsrs.c - placeholder until its module lands; replace wholesale. */
#include "commands.h"

int fit_fsrs_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("not built yet");
	return 1;
}
