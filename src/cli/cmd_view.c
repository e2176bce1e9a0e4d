/* SPDX-License-Identifier: ISC */
/*
 * cmd_view.c - `livehex [OPTIONS] SOURCE`: parse options, open, view.
 *
 * Everything about the command line is settled here, before the viewer
 * takes the terminal: a bad option or an unopenable source is a plain
 * message on stderr and an exit status, never a half-drawn screen.  The one
 * exception is pid:PID with several shared mappings: a small menu
 * (chooser.c) asks which one, and gives the terminal back before the
 * viewer starts; without a terminal the candidates are listed and the exit
 * status is 2, as for the other commands.
 *
 * The viewer is given the path the door was opened with (door_path): for
 * shm:NAME that is /dev/shm/NAME and for a chosen mapping its SOURCE, so
 * the viewer's inotify watch and its reopen (R) find the same object.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "chooser.h"
#include "cli.h"
#include "door.h"
#include "layout.h"
#include "number.h"
#include "source.h"
#include "xmalloc.h"

/* Long options of the viewer. */
enum { OPT_INTERVAL = 256, OPT_CREATE, OPT_MODE, OPT_SYNC, OPT_FORCE,
	OPT_LOG_SIZE, OPT_SESSION };

static const struct cli_opt view_opts[] = {
	{ "readonly", 'r', NULL, 'r', "never write to SOURCE" },
	CLI_VIEW_OPTS,
	{ "interval", 0, "MS", OPT_INTERVAL, "fixed tick period, 1-1000 ms "
	  "(default: adaptive, 1 ms busy / 10 ms idle)" },
	{ "sync-on-edit", 0, NULL, OPT_SYNC, "msync after every edit" },
	{ "log-size", 0, "N", OPT_LOG_SIZE, "bytes kept of the change log and "
	  "history, 4K-1G (default 16M; K, M, G suffixes)" },
	CLI_LAYOUT_OPTS,
	{ "session", 0, "FILE", OPT_SESSION, "run FILE's ':' commands at start "
	  "(a session :mksession wrote)" },
	{ "force-write", 0, NULL, OPT_FORCE, "write even to a block device "
	  "that is mounted" },
	{ "create", 0, "SIZE", OPT_CREATE, "create SOURCE, or grow it, to SIZE "
	  "bytes (K, M, G suffixes)" },
	{ "mode", 0, "MODE", OPT_MODE, "octal mode for a created file "
	  "(default 600)" },
	{ NULL, 0, NULL, 0, NULL },
};

static const struct cli_arg view_args[] = {
	{ "SOURCE", NULL },
};

/* Print what follows the options in --help to F: then the subcommands. */
static void
view_notes(FILE *f)
{
	fputs("SOURCE: a file or block device, shm:NAME (/dev/shm), "
	    "sysv:SHMID, or pid:PID\n"
	    "(a process's shared mappings); livehex list shows them.\n"
	    "Press ? in the viewer for the keys.\n", f);
	main_commands_help(f);
}

/* The viewer, as data: cli.c parses and explains it from here. */
const struct cli_cmd cmd_view_cmd = {
	.name = NULL,
	.synopsis = "[-r] [-c COLS] [--interval MS] [--no-color] "
	    "[--sync-on-edit]\n"
	    "               [--layout SPEC [--at OFFSET] [--cflags FLAGS]]"
	    " [--force-write]\n               "
	    "[--log-size N] [--session FILE] [--create SIZE [--mode MODE]]"
	    " SOURCE",
	.opts = view_opts,
	.notes = view_notes,
	.args = view_args,
	.min_args = 1,
	.max_args = 1,
	.excess_msg = "one SOURCE at a time",
	.run = cmd_view,
};

/* Parse an octal file mode ("600", "0644"); 0 or -1 with a message. */
static int
view_parse_mode(const char *s, mode_t *out)
{
	char		*end;
	unsigned long	 v;

	errno = 0;
	v = strtoul(s, &end, 8);
	if (*s == '\0' || *end != '\0' || errno != 0 || v > 07777 ||
	    strchr(s, '-') != NULL) {
		cli_error("--mode %s: not an octal file mode (such as 600 or "
		    "0644)", cli_name(s));
		return -1;
	}
	*out = (mode_t)v;
	return 0;
}

/*
 * Open SPEC; for a pid:PID with several shared mappings, ask which one.
 * The door, or NULL with *status set (the message is printed).
 */
static struct door *
view_open(const char *spec, int flags, int *status)
{
	struct source_candidate	*choices;
	struct chooser_item	*items;
	struct door		*d;
	size_t			 n;
	const char		*why = NULL;
	char			*cause = NULL, *title;
	int			 pick;

	*status = CLI_EXIT_FAIL;
	d = source_open_pick(spec, flags, &choices, &n, &cause);
	if (d != NULL || n < 2) {
		if (d == NULL)
			cli_error("%s: %s", cli_name(spec), cause);
		free(cause);
		return d;
	}
	items = xcalloc(n, sizeof *items);
	for (size_t i = 0; i < n; i++) {
		items[i].label = choices[i].source;
		items[i].detail = choices[i].what;
	}
	title = xasprintf("%s has %zu shared mappings: which one?", spec, n);
	pick = chooser_run(title, items, n, &why);
	free(title);
	free(items);
	if (pick == -2) {
		/* No terminal to ask on: list them, as dump and peek do. */
		cli_error("%s: %s", cli_name(spec), cause);
		*status = CLI_EXIT_USAGE;
	} else if (pick == -1)
		*status = CLI_EXIT_OK;
	else {
		free(cause);
		cause = NULL;
		d = source_open_candidate(&choices[pick], flags, &cause);
		if (d == NULL)
			cli_error("%s: %s", cli_name(choices[pick].source),
			    cause);
	}
	free(cause);
	source_candidates_free(choices, n);
	return d;
}

/* `livehex [OPTIONS] SOURCE`: the viewer. */
int
cmd_view(int argc, char **argv)
{
	struct app_opts	 o;
	struct door	*d;
	char		*cause = NULL;
	const char	*create = NULL, *ro;
	uint64_t	 v, create_size = 0;
	mode_t		 mode = 0600;
	bool		 mode_set = false;
	struct cli_parser p;
	struct cli_layout cl;
	char		*pid_exe = NULL;
	int		 ch, status;

	cli_view_start(&o, &cl);
	cli_start(&p, &cmd_view_cmd, argc, argv);
	while ((ch = cli_view_next(&p, &o, &cl)) > 0) {
		switch (ch) {
		case 'r':
			o.readonly = true;
			break;
		case OPT_INTERVAL:
			if (number_parse_range(p.arg, 1, 1000, &v, 0,
			    &cause) == -1)
				goto bad_number;
			o.interval_ms = (unsigned)v;
			break;
		case OPT_FORCE:
			o.force_write = true;
			break;
		case OPT_SYNC:
			o.sync_on_edit = true;
			break;
		case OPT_LOG_SIZE:
			/* history (issue 14): the change log's ring */
			if (number_parse_range(p.arg, 4096, 1u << 30, &v,
			    NUMBER_SUFFIX, &cause) == -1) {
				cli_error("--log-size: %s", cause);
				free(cause);
				return CLI_EXIT_USAGE;
			}
			o.log_size = (size_t)v;
			break;
		case OPT_SESSION:
			/* session (issue 15): a missing FILE is said now. */
			if (access(p.arg, R_OK) != 0) {
				cli_error("--session %s: %s", cli_name(p.arg),
				    strerror(errno));
				return CLI_EXIT_USAGE;
			}
			o.session_path = p.arg;
			break;
		case OPT_CREATE:
			create = p.arg;
			if (number_parse_u64(p.arg, &create_size,
			    NUMBER_SUFFIX | NUMBER_NONZERO, &cause) == -1)
				goto bad_number;
			break;
		case OPT_MODE:
			if (view_parse_mode(p.arg, &mode) == -1)
				return CLI_EXIT_USAGE;
			mode_set = true;
			break;
		}
	}
	if (ch == CLI_STOP)
		return p.status;
	o.path = argv[optind];
	if (mode_set && create == NULL) {
		cli_error("--mode only applies with --create");
		return CLI_EXIT_USAGE;
	}
	if (create != NULL && o.readonly) {
		cli_error("--create and -r contradict each other");
		return CLI_EXIT_USAGE;
	}
	if (cl.n >= 1 && cli_view_layout(&cl, o.path, &o, &pid_exe) == -1) {
		status = CLI_EXIT_USAGE;
		goto out;
	}
	/* Before anything is created or opened: the viewer needs a tty. */
	if (cli_view_terminal("the viewer", "for a plain dump use: livehex "
	    "dump FILE") == -1) {
		status = CLI_EXIT_FAIL;
		goto out;
	}
	if (create != NULL &&
	    source_create(o.path, create_size, mode, &cause) == -1) {
		cli_error("%s: %s", cli_name(o.path), cause);
		free(cause);
		status = CLI_EXIT_FAIL;
		goto out;
	}
	d = view_open(o.path, app_door_flags(&o), &status);
	if (d == NULL)
		goto out;
	/*
	 * A reopen goes by the door's path, not by pid:PID: a file its
	 * process maps read-only stays read-only when it is reopened.
	 */
	ro = door_readonly_reason(d);
	if (ro != NULL && strncmp(ro, SOURCE_MAPPED_RO,
	    strlen(SOURCE_MAPPED_RO)) == 0)
		o.readonly = true;
	status = cli_view_run(&o, d);
out:
	/* pid_exe is in the layout defaults until here. */
	layout_set_defaults(NULL);
	free(pid_exe);
	return status;

bad_number:
	cli_error("%s", cause);
	free(cause);
	return CLI_EXIT_USAGE;
}
