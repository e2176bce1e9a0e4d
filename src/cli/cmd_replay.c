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

#include "app.h"
#include "cli.h"
#include "layout.h"
#include "player.h"
#include "record.h"
#include "replay.h"

/* Long options of replay. */
enum { OPT_START = 256, OPT_SPEED, OPT_PAUSED };

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
	CLI_VIEW_OPTS,
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
	char		*cause = NULL;
	uint64_t	 at = 0;
	double		 speed = 1.0;
	bool		 paused = false;
	int		 ch, status;

	cli_view_start(&o, &cl);
	/* Replay's --at is its start time: the layout's is --layout-at. */
	cl.at_name = "--layout-at";
	cli_start(&p, &cmd_replay_cmd, argc, argv);
	while ((ch = cli_view_next(&p, &o, &cl)) > 0) {
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
		}
	}
	if (ch == CLI_STOP)
		return p.status;
	/* No pid:TYPE here: a recording names no process. */
	if (cl.n >= 1 && cli_view_layout(&cl, NULL, &o, NULL) == -1)
		return CLI_EXIT_USAGE;
	if (cli_view_terminal("replay", "for the bytes at a time: livehex "
	    "dump FILE.lhrec@T") == -1)
		return CLI_EXIT_FAIL;
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
	status = cli_view_run(&o, d);
	player_free(pl);
	replay_free(rp);
	layout_set_defaults(NULL);
	return status;
usage:
	free(cause);
	return CLI_EXIT_USAGE;
}
