/* SPDX-License-Identifier: ISC */
/*
 * cmd_replay.c - `livehex replay FILE.lhrec`: the viewer on a recording,
 * played back as if its writer were running (issue 14).
 *
 *	livehex replay [--at T] [--speed X] [--paused] [--layout SPEC
 *	    [--layout-at OFFSET]] [--cflags FLAGS] [-c COLS] [--no-color]
 *	    FILE.lhrec
 *
 * The recording is opened for reading only; its image at T (default 0)
 * goes into a memfd that the viewer maps read-only, and the player
 * (replay.h, player.c) stores the recorded changes into the memfd at
 * their times, scaled by the speed.  So the viewer's live machinery
 * works unchanged, and every key or command that would store refuses as
 * on any read-only file.  --at is the start time, so a layout's offset is
 * --layout-at here.
 *
 * Exit status: 0 after the viewer; 1 the recording cannot be read (not a
 * recording, damaged before T) or no terminal; 2 usage.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "cli.h"
#include "door.h"
#include "layout.h"
#include "number.h"
#include "player.h"
#include "record.h"
#include "replay.h"
#include "row.h"
#include "screen.h"
#include "tui.h"
#include "xmalloc.h"

/* Long options of replay. */
enum { OPT_START = 256, OPT_SPEED, OPT_PAUSED, OPT_NO_COLOR };

static const struct cli_opt replay_opts[] = {
	{ "at", 0, "T", OPT_START, "start at T seconds into the recording "
	  "(2.5, end; default 0)" },
	{ "speed", 0, "X", OPT_SPEED, "play X times as fast (0.5, 2, x4; "
	  "default 1)" },
	{ "paused", 0, NULL, OPT_PAUSED, "start paused (Space plays, o steps "
	  "one change)" },
	{ "layout", 0, "SPEC", CLI_OPT_LAYOUT, "a layout: FILE.layout, "
	  "HEADER.h:'struct T' or ELF:'struct T' (repeatable)" },
	{ "layout-at", 0, "OFFSET", CLI_OPT_AT, "where the last --layout's "
	  "type starts (default 0)" },
	{ "cflags", 0, "FLAGS", CLI_OPT_CFLAGS, "compiler flags for C "
	  "headers (-I, -D, -m32 ...)" },
	{ "cols", 'c', "N", 'c', "bytes per row (default: fit the terminal)" },
	{ "no-color", 0, NULL, OPT_NO_COLOR, "no colours (NO_COLOR is "
	  "honoured too)" },
	{ NULL, 0, NULL, 0, NULL },
};

static const struct cli_arg replay_args[] = {
	{ "FILE.lhrec", NULL },
};

/* Print what follows the options in --help to F. */
static void
replay_notes(FILE *f)
{
	fputs("The viewer on a recording (livehex record), read-only, as if "
	    "the recorded\nwriter were running.  Keys: Space play/pause, o "
	    "one change, + - speed,\nO from the start, :seek T; < > . as "
	    "in the viewer.\n", f);
}

/* replay, as data: cli.c parses and explains it from here. */
const struct cli_cmd cmd_replay_cmd = {
	.name = "replay",
	.synopsis = "replay [--at T] [--speed X] [--paused] "
	    "[--layout SPEC [--layout-at OFFSET]]\n"
	    "               [--cflags FLAGS] [-c COLS] [--no-color] "
	    "FILE.lhrec",
	.opts = replay_opts,
	.notes = replay_notes,
	.args = replay_args,
	.min_args = 1,
	.max_args = 1,
	.excess_msg = "one recording at a time",
	.run = cmd_replay,
};

/* Check CL's layouts load (a broken one is a message, not a screen). */
static int
replay_check_layout(const struct cli_layout *cl, struct app_opts *o)
{
	struct layout_opts	 lo = { cl->cflags, NULL, UINT64_MAX,
				    cl->specs[0].at };
	struct layout		*l;
	char			*cause = NULL;

	layout_set_defaults(&lo);
	o->layout_path = cl->specs[0].spec;
	o->layout_specs = cl->specs;
	o->layout_nspecs = cl->n;
	l = cl->n == 1 ? layout_load(o->layout_path, &cause) :
	    layout_open(cl->specs, cl->n, &lo, &cause);
	if (l == NULL) {
		cli_error("%s", cause);
		free(cause);
		return -1;
	}
	layout_free(l);
	return 0;
}

/* `livehex replay FILE.lhrec`. */
int
cmd_replay(int argc, char **argv)
{
	struct app_opts	 o;
	struct cli_parser p;
	struct cli_layout cl;
	struct replay	*rp;
	struct player	*pl;
	struct door	*d;
	char		*cause = NULL, *path;
	const char	*why;
	uint64_t	 at = 0, v;
	double		 speed = 1.0;
	bool		 paused = false;
	int		 ch, status;

	memset(&o, 0, sizeof o);
	memset(&cl, 0, sizeof cl);
	o.no_color = getenv("NO_COLOR") != NULL && *getenv("NO_COLOR") != 0;
	cli_start(&p, &cmd_replay_cmd, argc, argv);
	while ((ch = cli_next(&p)) > 0) {
		switch (ch) {
		case OPT_START:
			if (record_parse_time(p.arg, &at, &cause) == -1) {
				cli_error("--at %s (seconds from the start of "
				    "the recording: 0, 2.5, end)", cause);
				goto usage;
			}
			break;
		case OPT_SPEED:
			if (replay_parse_speed(p.arg, &speed, &cause) == -1) {
				cli_error("--speed %s: %s", cli_name(p.arg),
				    cause);
				goto usage;
			}
			break;
		case OPT_PAUSED:
			paused = true;
			break;
		case OPT_NO_COLOR:
			o.no_color = true;
			break;
		case 'c':
			if (number_parse_range(p.arg, 1, ROW_COLS_MAX, &v, 0,
			    &cause) == -1) {
				cli_error("%s", cause);
				goto usage;
			}
			o.cols = (unsigned)v;
			break;
		case CLI_OPT_LAYOUT:
		case CLI_OPT_AT:
		case CLI_OPT_CFLAGS:
			if (cli_layout_opt(&cl, ch, p.arg) != 0)
				return CLI_EXIT_USAGE;
			break;
		}
	}
	if (ch == CLI_STOP)
		return p.status;
	if (cl.n >= 1 && replay_check_layout(&cl, &o) == -1)
		return CLI_EXIT_USAGE;
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error("replay needs a terminal on standard input and output "
		    "(for the bytes at a time: livehex dump FILE.lhrec@T)");
		return CLI_EXIT_FAIL;
	}
	if (!screen_term_check(&why)) {
		cli_error("%s", why);
		return CLI_EXIT_FAIL;
	}
	rp = replay_open(argv[optind], at, &cause);
	if (rp == NULL) {
		cli_error("%s: %s", cli_name(argv[optind]), cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	d = replay_door(rp, argv[optind], &cause);
	if (d == NULL) {
		cli_error("%s: %s", cli_name(argv[optind]), cause);
		free(cause);
		replay_free(rp);
		return CLI_EXIT_FAIL;
	}
	replay_set_speed(rp, speed, 0);
	pl = player_new(rp, !paused);
	o.player = pl;
	o.readonly = true;
	/* Not shown: it makes the viewer keep the row the player's line
	   takes under the header (app_view puts the line there). */
	o.banner = "replay";
	path = xstrdup(door_path(d));
	o.path = path;
	status = tui_run(&o, d, NULL);
	free(path);
	player_free(pl);
	replay_free(rp);
	layout_set_defaults(NULL);
	return status;
usage:
	free(cause);
	return CLI_EXIT_USAGE;
}
