/* SPDX-License-Identifier: ISC */
/*
 * cli.c - the one option parser, the help it generates, and the messages.
 *
 * Every command declares itself as data (struct cli_cmd in cli.h: name,
 * synopsis, options with their help lines, positional arguments, run).
 * From that one table come getopt_long's option string and long options
 * (cli_start), the --help text and `livehex help CMD` (cli_help), the
 * usage after a mistake (cli_usage) and the checks every command used to
 * write for itself (cli_next): -h/--help and --version, an unknown
 * option, an option without its value, too few or too many arguments.
 * So the commands cannot drift apart, and a new option shows up in
 * --help because it is in the table the parser reads.
 *
 * The messages are those of docs/errors.md: a subcommand says
 * "livehex: CMD: unknown option -x" and "livehex: CMD: option -s needs
 * a value", then its usage line; the viewer, which has no name, says
 * "livehex: -x: unknown option" and "livehex: -c: needs a value".
 *
 * getopt_long does the scanning (abbreviated long options, clusters,
 * "--", options after the arguments: it permutes unless POSIXLY_CORRECT
 * is set).  Why every long option's code is 0x100 + its index, whatever
 * its ID: a long option whose value is missing is then told from a short
 * one by optopt alone, and named as the table spells it.
 *
 * Errors leave through cli_error, which escapes control characters and
 * malformed text in the message: a file name or an argument full of
 * escape sequences reaches the terminal as \e[31m, never as a colour
 * change or a new window title (docs/errors.md).  getopt itself is kept
 * quiet (opterr = 0): it would print the raw option.
 */
#include "config.h"

#include <getopt.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "esc.h"

/* getopt_long's codes for the options every command has. */
#define CLI_CODE_LONG		0x100	/* + index into the command's opts */
#define CLI_CODE_HELP		0x80
#define CLI_CODE_VERSION	0x81

/* The help line every command ends its options with. */
static const struct cli_opt cli_help_opt = {
	"help", 'h', NULL, 'h', "this help; --version: the version",
};

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

/* Print the version and copyright lines to stdout; see cli.h. */
void
cli_version(void)
{
	printf("livehex %s\n"
	    "Copyright (c) 2026 the livehex authors\n"
	    "ISC licence: see the LICENSE file; there is NO WARRANTY.\n",
	    PACKAGE_VERSION);
}

/* Print CMD's usage line(s) to F; see cli.h. */
void
cli_usage(const struct cli_cmd *cmd, FILE *f)
{
	fprintf(f, "usage: livehex %s\n", cmd->synopsis);
}

/* Report a malformed command line of CMD, then its usage; see cli.h. */
int
cli_cmd_error(const struct cli_cmd *cmd, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg;

	va_start(ap, fmt);
	if (vasprintf(&msg, fmt, ap) < 0)
		msg = NULL;
	va_end(ap);
	if (cmd->name != NULL)
		cli_error("%s: %s", cmd->name, msg != NULL ? msg : fmt);
	else
		cli_error("%s", msg != NULL ? msg : fmt);
	free(msg);
	cli_usage(cmd, stderr);
	return CLI_EXIT_USAGE;
}

/* True when option O is the end of a table. */
static bool
cli_opt_end(const struct cli_opt *o)
{
	return o->lng == NULL && o->shrt == 0;
}

/* O's left column in --help ("-c, --cols N") into BUF of SIZE bytes. */
static void
cli_opt_spec(const struct cli_opt *o, char *buf, size_t size)
{
	size_t	n = 0;

	buf[0] = '\0';
	if (o->shrt != 0)
		n += (size_t)snprintf(buf + n, size - n, "-%c%s", o->shrt,
		    o->lng != NULL ? ", " : "");
	if (o->lng != NULL && n < size)
		n += (size_t)snprintf(buf + n, size - n, "--%s", o->lng);
	if (o->arg != NULL && n < size)
		snprintf(buf + n, size - n, " %s", o->arg);
}

/* One option line of --help: the spec padded to WIDTH, then its help. */
static void
cli_opt_line(const struct cli_opt *o, int width, FILE *f)
{
	char		 spec[96];
	const char	*h;

	cli_opt_spec(o, spec, sizeof spec);
	fprintf(f, "  %-*s  ", width, spec);
	/* A help line may go on: indent what follows a newline. */
	for (h = o->help; *h != '\0'; h++) {
		fputc(*h, f);
		if (*h == '\n')
			fprintf(f, "  %-*s  ", width, "");
	}
	fputc('\n', f);
}

/* Print CMD's full help to F, generated from its table; see cli.h. */
void
cli_help(const struct cli_cmd *cmd, FILE *f)
{
	char	spec[96];
	int	width;

	cli_usage(cmd, f);
	if (cmd->about != NULL)
		fputs(cmd->about, f);
	cli_opt_spec(&cli_help_opt, spec, sizeof spec);
	width = (int)strlen(spec);
	for (const struct cli_opt *o = cmd->opts; !cli_opt_end(o); o++) {
		cli_opt_spec(o, spec, sizeof spec);
		if ((int)strlen(spec) > width)
			width = (int)strlen(spec);
	}
	for (const struct cli_opt *o = cmd->opts; !cli_opt_end(o); o++)
		cli_opt_line(o, width, f);
	cli_opt_line(&cli_help_opt, width, f);
	if (cmd->notes != NULL)
		cmd->notes(f);
}

/* Start parsing ARGV for command CMD; see cli.h. */
void
cli_start(struct cli_parser *p, const struct cli_cmd *cmd, int argc,
    char **argv)
{
	struct option	*l;
	char		*s;
	int		 i;

	memset(p, 0, sizeof *p);
	p->cmd = cmd;
	p->argc = argc;
	p->argv = argv;
	p->status = CLI_EXIT_OK;
	l = p->longs;
	s = p->shorts;
	/* ':' first: a missing value is ':', not '?' (and getopt is quiet). */
	*s++ = ':';
	for (i = 0; !cli_opt_end(&cmd->opts[i]); i++) {
		const struct cli_opt	*o = &cmd->opts[i];

		if (i == CLI_MAX_OPTS)
			abort();	/* a table bigger than the parser */
		if (o->shrt != 0) {
			*s++ = (char)o->shrt;
			if (o->arg != NULL)
				*s++ = ':';
		}
		if (o->lng != NULL)
			*l++ = (struct option){ o->lng, o->arg != NULL ?
			    required_argument : no_argument, NULL,
			    CLI_CODE_LONG + i };
	}
	*s++ = 'h';
	*s = '\0';
	*l++ = (struct option){ "help", no_argument, NULL, CLI_CODE_HELP };
	*l++ = (struct option){ "version", no_argument, NULL,
	    CLI_CODE_VERSION };
	*l = (struct option){ NULL, 0, NULL, 0 };
	optind = 1;
	opterr = 0;
}

/* Stop with a malformed command line: report it, usage status. */
static int
cli_stop(struct cli_parser *p, const char *what, const char *option)
{
	/* The viewer has no name: its messages name the option first. */
	if (p->cmd->name == NULL) {
		cli_error("%s: %s", option, what);
		cli_usage(p->cmd, stderr);
	} else if (strcmp(what, "needs a value") == 0)
		cli_cmd_error(p->cmd, "option %s %s", option, what);
	else
		cli_cmd_error(p->cmd, "%s %s", what, option);
	p->status = CLI_EXIT_USAGE;
	return CLI_STOP;
}

/*
 * The option getopt just refused (CH '?' unknown, ':' without its value),
 * as the user should read it: "-x", or a long one as typed or as named.
 */
static const char *
cli_refused(struct cli_parser *p, int ch, char *buf, size_t size)
{
	const char	*typed = optind > 0 && optind <= p->argc ?
			    p->argv[optind - 1] : "?";

	if (ch == ':' && optopt >= CLI_CODE_LONG) {
		snprintf(buf, size, "--%s",
		    p->cmd->opts[optopt - CLI_CODE_LONG].lng);
		return buf;
	}
	/*
	 * A short option: by its letter, since ARGV[optind - 1] may be the
	 * word before a cluster still being read.  An unknown long option
	 * (optopt 0) or an unprintable letter: the word as typed.
	 */
	if (optopt >= 0x20 && optopt <= 0x7e) {
		snprintf(buf, size, "-%c", optopt);
		return buf;
	}
	return cli_name(typed);
}

/* The positional arguments are over: check them against the table. */
static int
cli_check_args(struct cli_parser *p)
{
	const struct cli_cmd	*c = p->cmd;
	int			 max = c->max_args;

	p->args = p->argv + optind;
	p->nargs = p->argc - optind;
	if (p->nargs < c->min_args) {
		const struct cli_arg	*a = &c->args[p->nargs];

		if (a->missing != NULL)
			cli_cmd_error(c, "%s", a->missing);
		else
			cli_cmd_error(c, "no %s given", a->name);
		p->status = CLI_EXIT_USAGE;
		return CLI_STOP;
	}
	if (max >= 0 && p->nargs > max) {
		if (c->excess_msg != NULL)
			cli_cmd_error(c, "%s", c->excess_msg);
		else if (c->excess != NULL)
			cli_cmd_error(c, "unexpected argument \"%s\"%s",
			    cli_name(p->args[max]), c->excess);
		else if (max > 0)
			cli_cmd_error(c, "unexpected argument \"%s\" after %s",
			    cli_name(p->args[max]), c->args[max - 1].name);
		else
			cli_cmd_error(c, "unexpected argument \"%s\"",
			    cli_name(p->args[max]));
		p->status = CLI_EXIT_USAGE;
		return CLI_STOP;
	}
	return CLI_END;
}

/* The next option's ID, CLI_END or CLI_STOP; see cli.h. */
int
cli_next(struct cli_parser *p)
{
	char	buf[80];
	int	ch;

	ch = getopt_long(p->argc, p->argv, p->shorts, p->longs, NULL);
	p->arg = optarg;
	switch (ch) {
	case -1:
		return cli_check_args(p);
	case 'h':
	case CLI_CODE_HELP:
		cli_help(p->cmd, stdout);
		return CLI_STOP;
	case CLI_CODE_VERSION:
		cli_version();
		return CLI_STOP;
	case ':':
		return cli_stop(p, "needs a value", cli_refused(p, ch, buf,
		    sizeof buf));
	case '?':
		return cli_stop(p, "unknown option", cli_refused(p, ch, buf,
		    sizeof buf));
	default:
		if (ch >= CLI_CODE_LONG)
			return p->cmd->opts[ch - CLI_CODE_LONG].id;
		for (const struct cli_opt *o = p->cmd->opts; !cli_opt_end(o);
		    o++)
			if (o->shrt == ch)
				return o->id;
		/* getopt returned a letter the option string does not have. */
		abort();
	}
}
