/* fit_kt.c - placeholder until its module lands; replace wholesale. */
#include "commands.h"

int fit_kt_main(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	cli_error("not built yet");
	return 1;
}
