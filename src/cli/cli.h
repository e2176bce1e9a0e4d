/* SPDX-License-Identifier: ISC */
/*
 * cli.h - the command line: subcommands and their shared helpers.
 *
 * Each subcommand is a function taking the arguments after its name
 * (argv[0] is the subcommand) and returning the process exit status.
 * Errors are printed as "livehex: WHAT: why" on stderr.
 */
#ifndef LIVEHEX_CLI_H
#define LIVEHEX_CLI_H

#include <stdio.h>

/* Exit statuses shared by every subcommand. */
#define CLI_EXIT_OK	0	/* success */
#define CLI_EXIT_FAIL	1	/* the operation failed (I/O, file shrank, ...) */
#define CLI_EXIT_USAGE	2	/* bad command line */

/* getopt_long's code for --version, the same in every parser. */
#define CLI_OPT_VERSION	0x1000
/* --help and --version: the last entries of every parser's long options. */
#define CLI_STD_LONG \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, CLI_OPT_VERSION }

/*
 * -h/--help (CH is 'h') or --version (CLI_OPT_VERSION) given to subcommand
 * CMD (NULL for the viewer): print its full help, or the version, to
 * stdout from main.c's table; returns CLI_EXIT_OK.
 */
int	cli_std_option(const char *cmd, int ch);

/* The full help of each command, on F (options and what they do). */
void	cmd_view_help(FILE *f);
void	cmd_dump_help(FILE *f);
void	cmd_poke_help(FILE *f);
void	cmd_peek_help(FILE *f);
void	cmd_watch_help(FILE *f);
void	cmd_list_help(FILE *f);
void	cmd_demo_help(FILE *f);
void	cmd_load_help(FILE *f);

/* `livehex [OPTIONS] SOURCE`: the live viewer. */
int	cmd_view(int argc, char **argv);
/* The viewer's synopsis (two lines), shared with `livehex --help`. */
void	cmd_view_synopsis(FILE *f);
/* `livehex watch`: one line per changed run of bytes. */
int	cmd_watch(int argc, char **argv);
/* `livehex list`: what can be opened. */
int	cmd_list(int argc, char **argv);
/* `livehex demo`: the live two-process demonstration. */
int	cmd_demo(int argc, char **argv);
/* `livehex dump`: xxd-compatible dump through the door. */
int	cmd_dump(int argc, char **argv);
/* `livehex poke`: store values through the door, all or nothing. */
int	cmd_poke(int argc, char **argv);
/* `livehex peek`: print one typed value, bytes or text from the door. */
int	cmd_peek(int argc, char **argv);
/* `livehex load`: store the bytes of an xxd dump that differ. */
int	cmd_load(int argc, char **argv);

/*
 * The message for the option getopt just refused (opterr = 0, and ':'
 * first in the option string so CH is ':' for a missing value), made safe
 * by cli_error: an option can hold escape sequences too.
 */
void	cli_bad_option(int ch, int optopt_char, const char *arg);
/*
 * Report a malformed command line of subcommand CMD: "livehex: CMD: ..."
 * and then its USAGE line, on stderr; returns CLI_EXIT_USAGE.
 */
int	cli_usage_error(const char *cmd, const char *usage, const char *fmt,
	    ...) __attribute__((format(printf, 3, 4)));
/*
 * S (a name or value the user gave) escaped for a message: newlines as
 * \n, backslashes as \\, control characters as esc_text shows them, so
 * it can never start a forged second line.  The string lives until the
 * eighth call after this one (enough for one message's arguments).
 */
const char *cli_name(const char *s);
/* Print the version and copyright lines (--version) to stdout. */
void	cli_version(void);
/* Print "livehex: " and a formatted message to stderr. */
void	cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

#endif
