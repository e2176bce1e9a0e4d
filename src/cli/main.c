/* SPDX-License-Identifier: ISC */
/*
 * main.c - the livehex command line: dispatch to a subcommand.
 *
 * `livehex SUBCOMMAND ...` runs a subcommand from the table below; anything
 * else is the viewer.  Each entry is the command's own table (struct
 * cli_cmd, declared in its cmd_*.c: name, synopsis, options, positional
 * arguments, run), so `livehex --help`, `livehex help CMD`, `livehex CMD
 * --help` and the parser (cli.c) read one description and cannot drift
 * apart.
 */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct cli_cmd *const main_cmds[] = {
	&cmd_dump_cmd, &cmd_poke_cmd, &cmd_peek_cmd, &cmd_load_cmd,
	&cmd_watch_cmd, &cmd_list_cmd, &cmd_demo_cmd, &cmd_record_cmd,
	&cmd_replay_cmd,
};

#define MAIN_NCMDS	(sizeof main_cmds / sizeof main_cmds[0])

/* The subcommand called NAME, or NULL. */
static const struct cli_cmd *
main_find(const char *name)
{
	for (size_t i = 0; i < MAIN_NCMDS; i++)
		if (strcmp(name, main_cmds[i]->name) == 0)
			return main_cmds[i];
	return NULL;
}

/* Print the usage summary to F: the viewer's, then each subcommand's. */
static void
main_usage(FILE *f)
{
	cli_usage(&cmd_view_cmd, f);
	for (size_t i = 0; i < MAIN_NCMDS; i++)
		fprintf(f, "       livehex %s\n", main_cmds[i]->synopsis);
}

/* The end of `livehex --help`: the subcommands; see cli.h. */
void
main_commands_help(FILE *f)
{
	fputs("\nSubcommands:\n", f);
	for (size_t i = 0; i < MAIN_NCMDS; i++)
		fprintf(f, "  livehex %s\n", main_cmds[i]->synopsis);
	fputs("\n`livehex help CMD` or `livehex CMD --help` shows a "
	    "subcommand's options;\n`livehex --version` the version.  "
	    "man livehex has it all.\n", f);
}

/* `livehex help [CMD]`: the full help of CMD, or of livehex. */
static int
main_help_cmd(int argc, char **argv)
{
	const struct cli_cmd	*c;

	if (argc < 3) {
		cli_help(&cmd_view_cmd, stdout);
		return CLI_EXIT_OK;
	}
	if (argc > 3) {
		cli_error("help: one command at a time");
		return CLI_EXIT_USAGE;
	}
	if (strcmp(argv[2], "view") == 0) {
		cli_help(&cmd_view_cmd, stdout);
		return CLI_EXIT_OK;
	}
	if ((c = main_find(argv[2])) == NULL) {
		cli_error("help: %s: no such command (dump, poke, peek, load, "
		    "watch, list, demo; or none for the viewer)", argv[2]);
		return CLI_EXIT_USAGE;
	}
	cli_help(c, stdout);
	return CLI_EXIT_OK;
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
		if (strcmp(argv[1], main_cmds[i]->name) == 0)
			return main_cmds[i]->run(argc - 1, argv + 1);
	/*
	 * Not a subcommand: the viewer, with argv[1] an option or SOURCE
	 * (its parser answers --help and --version like every other).
	 */
	return cmd_view(argc, argv);
}
