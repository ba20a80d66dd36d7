/*
 * cmd_account.c - `tutor account add|list|passwd`: the accounts of
 * `tutor serve` (tutor/auth.h).  Instructor accounts are made only here;
 * learners usually register in the browser, but `add` without
 * --instructor makes a learner account (and its learner) too.
 *
 * Passwords are read from stdin, one line (the newline is dropped); on a
 * terminal the echo is turned off.  Nothing is ever printed back.
 */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "commands.h"
#include "platform.h"
#include "tutor/auth.h"

static void account_usage(FILE *out)
{
	fputs("usage: tutor account add [--instructor] NAME\n"
	      "       tutor account list\n"
	      "       tutor account passwd NAME\n\n"
	      "Accounts sign in to 'tutor serve'.  add creates a learner "
	      "account (and its\nlearner) or, with --instructor, an "
	      "instructor account; passwd sets a new\npassword and ends the "
	      "account's sessions.  The password is read from stdin,\none "
	      "line, 8 to 128 bytes.  NAME: 3 to 32 of a-z 0-9 _ . -\n\n"
	      "  --instructor       an instructor account (add only)\n"
	      "  --db PATH          the store (default $TUTOR_DB, else\n"
	      "                     $XDG_DATA_HOME/tutor/tutor.db or\n"
	      "                     ~/.local/share/tutor/tutor.db)\n"
	      "  --now TIME         the clock (Unix seconds or "
	      "YYYY-MM-DD[THH:MM[:SS]] UTC)\n"
	      "  -h, --help         show this help\n", out);
}

#define OPT_INSTRUCTOR 2001

struct account_opts {
	struct cli_common common;
	bool instructor;
};

/* Parses options; -1 to go on, else the exit status. */
static int parse(int argc, char **argv, struct account_opts *o)
{
	static const struct option longs[] = {
		{ "instructor", no_argument, NULL, OPT_INSTRUCTOR },
		{ "help", no_argument, NULL, 'h' },
		CLI_COMMON_OPTIONS,
		{ NULL, 0, NULL, 0 }
	};
	int c;

	optind = 1;
	opterr = 0;
	while ((c = getopt_long(argc, argv, "h", longs, NULL)) != -1) {
		if (c == 'h') {
			account_usage(stdout);
			return 0;
		}
		if (c == OPT_INSTRUCTOR) {
			o->instructor = true;
			continue;
		}
		if (cli_common_opt(&o->common, c, optarg))
			continue;
		cli_error("account: unknown or incomplete option '%s'; see "
			  "'tutor account --help'", argv[optind - 1]);
		return EXIT_USAGE;
	}
	return -1;
}

/* Reads one line of at most cap - 1 bytes; -1 when longer or none. */
static long read_line(char *buf, size_t cap)
{
	size_t n = 0;
	int ch;

	while ((ch = getchar()) != EOF && ch != '\n') {
		if (n + 1 >= cap)
			return -1;
		buf[n++] = (char)ch;
	}
	if (n == 0 && ch == EOF)
		return -1;
	if (n > 0 && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	return (long)n;
}

/* The password from stdin (prompting without echo on a terminal). */
static long read_password(char *buf, size_t cap)
{
	struct termios old, quiet;
	bool tty = isatty(STDIN_FILENO) && tcgetattr(STDIN_FILENO, &old) == 0;
	long n;

	if (tty) {
		fputs("password: ", stderr);
		quiet = old;
		quiet.c_lflag &= ~(tcflag_t)ECHO;
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet);
	}
	n = read_line(buf, cap);
	if (tty) {
		tcsetattr(STDIN_FILENO, TCSAFLUSH, &old);
		fputc('\n', stderr);
	}
	return n;
}

/* Reads and checks the password; 0 on success. */
static int get_password(char *buf, size_t cap, size_t *len)
{
	struct tu_err err = TU_ERR_INIT;
	long n = read_password(buf, cap);

	if (n < 0) {
		cli_error("account: no password on stdin, or longer than %d "
			  "bytes", TU_AUTH_PASSWORD_MAX);
		return 1;
	}
	*len = (size_t)n;
	if (tu_auth_check_password(buf, *len, &err)) {
		cli_error("account: %s", err.msg);
		return 1;
	}
	return 0;
}

static int account_add(struct account_opts *o, const char *name)
{
	char pw[TU_AUTH_PASSWORD_MAX + 2];
	struct tu_err err = TU_ERR_INIT;
	struct tu_account_row a;
	struct cli_env e;
	size_t len = 0;
	int rc = 1;

	if (tu_auth_check_username(name, &err)) {
		cli_error("account: %s", err.msg);
		return EXIT_USAGE;
	}
	if (get_password(pw, sizeof pw, &len))
		goto out;
	if (cli_env_open(&e, &o->common, o->instructor ? 0 : CLI_NEED_COURSE))
		goto close;
	if (tu_auth_account_create(e.store, o->instructor ? NULL : &e.orch,
				   name, pw, len, o->instructor ?
				   TU_ACCOUNT_INSTRUCTOR : TU_ACCOUNT_LEARNER,
				   e.now, &a, &err)) {
		cli_error("account: %s", err.msg);
		goto close;
	}
	if (o->instructor)
		printf("account '%s' added (instructor)\n", a.username);
	else
		printf("account '%s' added (learner '%s')\n", a.username,
		       a.learner);
	rc = 0;
close:
	cli_env_close(&e);
out:
	memset(pw, 0, sizeof pw);
	return rc;
}

static int print_account(const struct tu_account_row *a, void *ctx)
{
	char when[64];

	(void)ctx;
	cli_fmt_time(a->created_at, when, sizeof when);
	printf("%-32s %-10s %-20s %s\n", a->username,
	       tu_account_role_name(a->role), a->learner[0] ? a->learner : "-",
	       when);
	return 0;
}

static int account_list(struct account_opts *o)
{
	struct tu_err err = TU_ERR_INIT;
	struct cli_env e;
	int rc = 1;

	if (cli_env_open(&e, &o->common, 0) == 0) {
		if (tu_store_account_each(e.store, print_account, NULL, &err))
			cli_error("account: %s", err.msg);
		else
			rc = 0;
	}
	cli_env_close(&e);
	return rc;
}

static int account_passwd(struct account_opts *o, const char *name)
{
	char pw[TU_AUTH_PASSWORD_MAX + 2];
	struct tu_err err = TU_ERR_INIT;
	struct cli_env e;
	size_t len = 0;
	int rc = 1;

	if (get_password(pw, sizeof pw, &len))
		goto out;
	if (cli_env_open(&e, &o->common, 0) == 0) {
		if (tu_auth_set_password(e.store, name, pw, len, &err))
			cli_error("account: %s", err.msg);
		else {
			printf("password of '%s' changed; its sessions "
			       "ended\n", name);
			rc = 0;
		}
	}
	cli_env_close(&e);
out:
	memset(pw, 0, sizeof pw);
	return rc;
}

int cmd_account(int argc, char **argv)
{
	struct account_opts o;
	const char *verb;
	int rc;

	memset(&o, 0, sizeof o);
	rc = parse(argc, argv, &o);
	if (rc >= 0)
		return rc;
	verb = optind < argc ? argv[optind] : NULL;
	if (verb && strcmp(verb, "add") == 0 && optind + 2 == argc)
		return account_add(&o, argv[optind + 1]);
	if (verb && strcmp(verb, "passwd") == 0 && optind + 2 == argc &&
	    !o.instructor)
		return account_passwd(&o, argv[optind + 1]);
	if (verb && strcmp(verb, "list") == 0 && optind + 1 == argc &&
	    !o.instructor)
		return account_list(&o);
	account_usage(stderr);
	return EXIT_USAGE;
}
