/* SPDX-License-Identifier: ISC */
/*
 * cli.h - the command line: subcommands and their shared helpers.
 *
 * Each command is a table (struct cli_cmd: name, synopsis, options,
 * positional arguments, run) and a function taking the arguments after
 * its name (argv[0] is the subcommand) and returning the process exit
 * status.  The function reads its options through cli_next (cli.c), the
 * one parser, which also answers --help and --version and reports every
 * malformed command line the same way.  Errors are printed as "livehex:
 * WHAT: why" on stderr.
 */
#ifndef LIVEHEX_CLI_H
#define LIVEHEX_CLI_H

#include <getopt.h>
#include <stdio.h>

#include "layout.h"

/* Exit statuses shared by every subcommand. */
#define CLI_EXIT_OK	0	/* success */
#define CLI_EXIT_FAIL	1	/* the operation failed (I/O, file shrank, ...) */
#define CLI_EXIT_USAGE	2	/* bad command line */

/*
 * One option of a command, as the table declares it: getopt_long's view
 * (LNG without the dashes, SHRT a letter, ARG the value's name or NULL
 * for a flag) and its line in --help.  ID is what cli_next hands back:
 * SHRT when there is one, else a code of the command's own >= 0x100.
 * A table ends with an entry whose LNG and SHRT are both unset.
 */
struct cli_opt {
	const char	*lng;
	int		 shrt;
	const char	*arg;
	int		 id;
	const char	*help;		/* may hold "\n" for more lines */
};

/* One positional argument: its name, and the message when it is missing. */
struct cli_arg {
	const char	*name;		/* "SOURCE" */
	const char	*missing;	/* NULL: "no NAME given" */
};

/*
 * A command as data: what `livehex help CMD`, `livehex CMD --help`, the
 * usage after a mistake and the parser (cli_next) all read.  NAME is NULL
 * for the viewer (`livehex [OPTIONS] SOURCE`).
 */
struct cli_cmd {
	const char		*name;
	const char		*synopsis;	/* after "livehex ", for usage
						   lines; may continue on a
						   second line */
	const char		*about;		/* before the options, or NULL */
	const struct cli_opt	*opts;
	void			(*notes)(FILE *); /* after them, or NULL */
	const struct cli_arg	*args;		/* positional, in order */
	int			 min_args;	/* how many must be given */
	int			 max_args;	/* at most; -1: the last repeats */
	/*
	 * After 'unexpected argument "X"' when there are too many; NULL
	 * says " after LAST" (nothing when the command takes none).
	 */
	const char		*excess;
	/* The whole message for too many instead, or NULL (the viewer's). */
	const char		*excess_msg;
	int			(*run)(int, char **);
};

/* How many options a command may declare (cli_parser's room). */
#define CLI_MAX_OPTS	32

/*
 * One parse of one command line; see cli_next.  After cli_next returned
 * an option, ARG is its value (NULL for a flag); after CLI_END, ARGS and
 * NARGS are the positional arguments; after CLI_STOP, STATUS is the exit
 * status (help or version printed, or the mistake reported).
 */
struct cli_parser {
	const struct cli_cmd	*cmd;
	int			 argc;
	char			**argv;
	const char		*arg;
	char			**args;
	int			 nargs;
	int			 status;
	struct option		 longs[CLI_MAX_OPTS + 3];
	char			 shorts[3 * CLI_MAX_OPTS + 4];
};

/* What cli_next returns besides an option's ID. */
#define CLI_END		0	/* no more options; positionals checked */
#define CLI_STOP	(-1)	/* stop: exit with the parser's status */

/* Start parsing ARGV (ARGV[0] the command's name) for command CMD. */
void	cli_start(struct cli_parser *p, const struct cli_cmd *cmd, int argc,
	    char **argv);
/*
 * The next option's ID (its value in P->arg), CLI_END when the options
 * are over and the positional arguments are as CMD declares them, or
 * CLI_STOP: -h/--help and --version are printed here, and an unknown
 * option, a missing value or a wrong number of arguments reported here,
 * the same way for every command (docs/errors.md).  Options may follow
 * the arguments, as with GNU tools.
 */
int	cli_next(struct cli_parser *p);
/* Print CMD's full help to F, generated from its table. */
void	cli_help(const struct cli_cmd *cmd, FILE *f);
/* Print CMD's usage line(s) ("usage: livehex ...") to F. */
void	cli_usage(const struct cli_cmd *cmd, FILE *f);
/*
 * Report a malformed command line of CMD: "livehex: CMD: ..." (or
 * "livehex: ..." for the viewer) and then its usage, on stderr; returns
 * CLI_EXIT_USAGE.
 */
int	cli_cmd_error(const struct cli_cmd *cmd, const char *fmt, ...)
	    __attribute__((format(printf, 2, 3)));

/* --layout SPEC [--at OFFSET] ... --cflags FLAGS, as given (cli_layout.c). */
#define CLI_MAX_LAYOUTS	16
struct cli_layout {
	struct layout_spec	 specs[CLI_MAX_LAYOUTS];
	size_t			 n;
	const char		*cflags;
	const char		*at_name;	/* CLI_OPT_AT's name in messages:
						   "--at" when NULL */
};
/* The option IDs cli_layout_opt takes (a command's table uses them). */
enum { CLI_OPT_LAYOUT = 0x200, CLI_OPT_AT, CLI_OPT_CFLAGS };
/* The three options' table rows, for a command's cli_opt table. */
#define CLI_LAYOUT_OPTS \
	{ "layout", 0, "SPEC", CLI_OPT_LAYOUT, "a layout: FILE.layout, " \
	  "HEADER.h:'struct T', ELF:'struct T' or pid:'struct T'\n" \
	  "(repeatable; man livehex: LAYOUTS)" }, \
	{ "at", 0, "OFFSET", CLI_OPT_AT, "where the last --layout's type " \
	  "starts (default 0)" }, \
	{ "cflags", 0, "FLAGS", CLI_OPT_CFLAGS, "compiler flags for C " \
	  "headers (-I, -D, -m32 ...)" }
/* Take option ID (CLI_OPT_*) with value ARG into CL; 0, or -1 reported. */
int	cli_layout_opt(struct cli_layout *cl, int id, const char *arg);
/*
 * Open CL's layouts for the file of D (its size bounds them; SOURCE is
 * the name given, for pid:TYPE): the layout, or NULL reported.
 */
struct layout *cli_layout_open(const struct cli_layout *cl,
	    const char *source, uint64_t size);

/*
 * What the commands that start the viewer share (cli_viewopts.c): the
 * viewer and replay.  CLI_VIEW_OPTS are the display options' rows of
 * their tables (cli_view_next takes them, and the layout options); a
 * row added here and a case in cli_viewopts.c reach both.
 */
enum { CLI_OPT_NO_COLOR = 0x210 };
#define CLI_VIEW_OPTS \
	{ "cols", 'c', "N", 'c', "bytes per row (default: fit the " \
	  "terminal)" }, \
	{ "no-color", 0, NULL, CLI_OPT_NO_COLOR, "no colours (NO_COLOR is " \
	  "honoured too)" }
struct app_opts;
struct door;
/* Zero O and CL, then take what the environment sets (NO_COLOR). */
void	cli_view_start(struct app_opts *o, struct cli_layout *cl);
/*
 * cli_next for a command that starts the viewer: the shared options
 * (CLI_VIEW_OPTS and the CLI_OPT_* layout options) are taken into O and
 * CL here, and the next other option's ID is returned; CLI_END as
 * cli_next; CLI_STOP as cli_next, or after a bad value of a shared
 * option, reported, with P's status CLI_EXIT_USAGE.
 */
int	cli_view_next(struct cli_parser *p, struct app_opts *o,
	    struct cli_layout *cl);
/*
 * Check CL's layouts (at least one) load before the viewer starts, and
 * give them to O; SOURCE is the name given, for pid:TYPE (NULL: none,
 * and then PID_EXE may be NULL).  *PID_EXE is set to what the viewer's
 * layouts read for pid:TYPE, or NULL: free it after the viewer.  0, or
 * -1 reported (usage).
 */
int	cli_view_layout(const struct cli_layout *cl, const char *source,
	    struct app_opts *o, char **pid_exe);
/*
 * The viewer's terminal: stdin and stdout a tty, and a TERM curses can
 * drive.  0, or -1 reported ("WHO needs a terminal ... (INSTEAD)").
 */
int	cli_view_terminal(const char *who, const char *instead);
/* Run the viewer with O on door D (O's path: the door's); exit status. */
int	cli_view_run(struct app_opts *o, struct door *d);

/* Every command's table (cmd_*.c). */
extern const struct cli_cmd	cmd_view_cmd, cmd_dump_cmd, cmd_poke_cmd,
				cmd_peek_cmd, cmd_load_cmd, cmd_watch_cmd,
				cmd_list_cmd, cmd_demo_cmd, cmd_record_cmd,
				cmd_replay_cmd;
/* `livehex --help`'s list of subcommands and its last lines (main.c). */
void	main_commands_help(FILE *f);

/* `livehex [OPTIONS] SOURCE`: the live viewer. */
int	cmd_view(int argc, char **argv);
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
/* `livehex record`: record a live file into FILE.lhrec. */
int	cmd_record(int argc, char **argv);
/* `livehex replay`: play a recording in the viewer (issue 14). */
int	cmd_replay(int argc, char **argv);

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
