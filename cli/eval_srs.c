/* eval_srs.c - placeholder until its module lands; replace wholesale. */
#include "commands.h"

int eval_srs_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("not built yet");
	return 1;
}
