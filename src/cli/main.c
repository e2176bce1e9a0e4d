/* SPDX-License-Identifier: ISC */
/*
 * main.c - the livehex command line: dispatch to a subcommand.
 *
 * `livehex SUBCOMMAND ...` runs a subcommand from the table below; anything
 * else is the viewer.  Subcommands are a const table {name, synopsis,
 * help, run} so that --help, `livehex help CMD` and the dispatcher cannot
 * drift apart.  Every parser (cmd_*.c) takes -h/--help and --version
 * through CLI_STD_LONG and hands them to cli_std_option here, which prints
 * from the table; each keeps its own messages for bad options (docs/
 * errors.md pins them).  Every parser lets options follow SOURCE, as GNU
 * tools do (getopt_long permutes unless POSIXLY_CORRECT is set).
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

/*
 * One subcommand: its name, its synopsis (for `livehex --help`), the full
 * help (`livehex CMD --help`, `livehex help CMD`) and its function.
 */
struct main_cmd {
	const char	*name;
	const char	*synopsis;
	void		(*help)(FILE *);
	int		(*run)(int, char **);
};

static const struct main_cmd main_cmds[] = {
	{ "dump", "dump [-p | -i [-C] [-n NAME] | -b | -e] [-a] "
	  "[-s [+|-]OFFSET] [-l LEN] [-c COLS] [-g BYTES] [-u] SOURCE",
	  cmd_dump_help, cmd_dump },
	{ "poke", "poke [--sync] [--force-write] SOURCE OFFSET VALUE...",
	  cmd_poke_help, cmd_poke },
	{ "peek", "peek SOURCE OFFSET TYPE", cmd_peek_help, cmd_peek },
	{ "load", "load [--dry-run] [--force-write] [-s OFFSET] SOURCE [DUMP]",
	  cmd_load_help, cmd_load },
	{ "watch", "watch [-s OFFSET] [-l LEN] [--interval MS] [--count N] "
	  "SOURCE", cmd_watch_help, cmd_watch },
	{ "list", "list [--pid PID]", cmd_list_help, cmd_list },
	{ "demo", "demo [--writer FILE [--force]]", cmd_demo_help, cmd_demo },
};

#define MAIN_NCMDS	(sizeof main_cmds / sizeof main_cmds[0])

/* The subcommand called NAME, or NULL. */
static const struct main_cmd *
main_find(const char *name)
{
	for (size_t i = 0; i < MAIN_NCMDS; i++)
		if (strcmp(name, main_cmds[i].name) == 0)
			return &main_cmds[i];
	return NULL;
}

/* S escaped for a message; see cli.h. */
const char *
cli_name(const char *s)
{
	static char	*ring[8];
	static unsigned	 next;
	char		**slot = &ring[next++ % 8];

	free(*slot);
	*slot = esc_text(s, strcmp(nl_langinfo(CODESET), "UTF-8") == 0);
	return *slot;
}

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
		cli_error("%s: %s", cli_name(arg), what);
	else if (optopt_char >= 0x20 && optopt_char < 0x7f)
		cli_error("-%c: %s", optopt_char, what);
	else
		cli_error("%s: %s", arg != NULL ? cli_name(arg) : "?", what);
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

/* Print the usage summary to F: the viewer's, then each subcommand's. */
static void
main_usage(FILE *f)
{
	cmd_view_synopsis(f);
	for (size_t i = 0; i < MAIN_NCMDS; i++)
		fprintf(f, "       livehex %s\n", main_cmds[i].synopsis);
}

/* `livehex --help`: the viewer's options, then the subcommands. */
static void
main_help(FILE *f)
{
	cmd_view_help(f);
	fputs("\nSubcommands:\n", f);
	for (size_t i = 0; i < MAIN_NCMDS; i++)
		fprintf(f, "  livehex %s\n", main_cmds[i].synopsis);
	fputs("\n`livehex help CMD` or `livehex CMD --help` shows a "
	    "subcommand's options;\n`livehex --version` the version.  "
	    "man livehex has it all.\n", f);
}

/* -h/--help or --version in any parser; see cli.h. */
int
cli_std_option(const char *cmd, int ch)
{
	const struct main_cmd	*c = cmd == NULL ? NULL : main_find(cmd);

	if (ch == CLI_OPT_VERSION) {
		cli_version();
		return CLI_EXIT_OK;
	}
	if (c == NULL) {
		main_help(stdout);
		return CLI_EXIT_OK;
	}
	c->help(stdout);
	fputs("  -h, --help     this help; --version: the version\n", stdout);
	return CLI_EXIT_OK;
}

/* `livehex help [CMD]`: the full help of CMD, or of livehex. */
static int
main_help_cmd(int argc, char **argv)
{
	const struct main_cmd	*c;

	if (argc < 3) {
		main_help(stdout);
		return CLI_EXIT_OK;
	}
	if (argc > 3) {
		cli_error("help: one command at a time");
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[2], "view") == 0) {
		main_help(stdout);
		return CLI_EXIT_OK;
	}
	if ((c = main_find(argv[2])) == NULL) {
		cli_error("help: %s: no such command (dump, poke, peek, watch, "
		    "list, demo; or none for the viewer)", argv[2]);
		return CLI_EXIT_USAGE;
	}
	return cli_std_option(c->name, 'h');
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
	if (strcmp(argv[1], "help") == 0)
		return main_help_cmd(argc, argv);
	for (size_t i = 0; i < MAIN_NCMDS; i++)
		if (strcmp(argv[1], main_cmds[i].name) == 0)
			return main_cmds[i].run(argc - 1, argv + 1);
	/*
	 * Not a subcommand: the viewer, with argv[1] an option or SOURCE
	 * (its parser answers --help and --version like every other).
	 */
	return cmd_view(argc, argv);
}
