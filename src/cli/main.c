/*
 * main.c - the livehex command line: dispatch to a subcommand.
 *
 * `livehex SUBCOMMAND ...` runs a subcommand from the table below; anything
 * else is the viewer.  Subcommands are a const table so that --help, the
 * man page and the dispatcher cannot drift apart.
 *
 * Errors leave through cli_error, which escapes control characters and
 * malformed text in the message: a file name or an argument full of
 * escape sequences reaches the terminal as \e[31m, never as a colour
 * change or a new window title (docs/errors.md; the one way around it
 * left is getopt's own message for the viewer's and demo's options, row
 * 62 there).
 */
#include "config.h"

#include <langinfo.h>
#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "esc.h"
#include "xmalloc.h"

/* One subcommand: its name, its function, and a one-line summary. */
struct main_cmd {
	const char	*name;
	int		(*fn)(int, char **);
	const char	*usage;
};

static const struct main_cmd main_cmds[] = {
	{ "dump", cmd_dump,
	  "dump [-s OFFSET] [-l LEN] [-c COLS] [-g BYTES] [-u] SOURCE" },
	{ "poke", cmd_poke, "poke [--sync] [--force-write] SOURCE OFFSET "
	  "VALUE..." },
	{ "peek", cmd_peek, "peek SOURCE OFFSET TYPE" },
	{ "watch", cmd_watch, "watch [-s OFFSET] [-l LEN] [--interval MS] "
	  "[--count N] SOURCE" },
	{ "list", cmd_list, "list [--pid PID]" },
	{ "demo", cmd_demo, "demo [--writer FILE]" },
};

/* Print "livehex: " and a formatted message to stderr, made safe to show. */
void
cli_error(const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *safe;
	bool	 utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) == -1) {
		va_end(ap);
		fputs("livehex: out of memory\n", stderr);
		exit(CLI_EXIT_FAIL);
	}
	va_end(ap);
	safe = esc_message(msg, utf8);
	fprintf(stderr, "livehex: %s\n", safe);
	free(safe);
	free(msg);
}

/* Report a malformed command line of CMD, then USAGE; CLI_EXIT_USAGE. */
int
cli_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	cli_error("%s: %s", cmd, msg != NULL ? msg : fmt);
	free(msg);
	fprintf(stderr, "%s\n", usage);
	return CLI_EXIT_USAGE;
}

/* The message for the option getopt just refused; see cli.h. */
void
cli_bad_option(int ch, int optopt_char, const char *arg)
{
	const char	*what = ch == ':' ? "needs a value" : "unknown option";

	/* A long option is named as typed; getopt's optopt is its code. */
	if (arg != NULL && strncmp(arg, "--", 2) == 0)
		cli_error("%s: %s", arg, what);
	else if (optopt_char >= 0x20 && optopt_char < 0x7f)
		cli_error("-%c: %s", optopt_char, what);
	else
		cli_error("%s: %s", arg != NULL ? arg : "?", what);
}

/* Print the version and copyright lines to stdout; see cli.h. */
void
cli_version(void)
{
	printf("livehex %s\n"
	    "Copyright (c) 2026 the livehex authors\n"
	    "ISC licence: see the LICENSE file; there is NO WARRANTY.\n",
	    PACKAGE_VERSION);
}

/* Print the usage summary to F. */
static void
main_usage(FILE *f)
{
	cmd_view_synopsis(f);
	for (size_t i = 0; i < sizeof main_cmds / sizeof main_cmds[0]; i++)
		fprintf(f, "       livehex %s\n", main_cmds[i].usage);
}

/* Entry point: pick a subcommand. */
int
main(int argc, char **argv)
{
	setlocale(LC_ALL, "");
	/*
	 * Numbers in the C locale whatever the user's (value.c reads and
	 * writes its floats so anyway): "2.5", never "2,5", in every message
	 * too.  LC_CTYPE stays the user's, for text.
	 */
	setlocale(LC_NUMERIC, "C");
	if (argc < 2) {
		main_usage(stderr);
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 ||
	    strcmp(argv[1], "help") == 0) {
		main_usage(stdout);
		return CLI_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		cli_version();
		return CLI_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof main_cmds / sizeof main_cmds[0]; i++)
		if (strcmp(argv[1], main_cmds[i].name) == 0)
			return main_cmds[i].fn(argc - 1, argv + 1);
	/* Not a subcommand: the viewer, with argv[1] an option or SOURCE. */
	return cmd_view(argc, argv);
}
