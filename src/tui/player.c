/* SPDX-License-Identifier: ISC */
/*
 * player.c - `livehex replay` in the viewer (issue 14): the glue between
 * the core's player (replay.h) and the app.
 *
 * The viewer shows the replay's memfd through a read-only door, like any
 * other file: the player stores the recorded changes into the memfd on
 * the session's clock (live_now), and the live machinery sees them as a
 * writer's stores.  This file adds what only a replay has: the loop's
 * hook (player_poll stores what is due; player_timeout bounds the
 * sleep), the keys (Space, + and -, o, O: keymap.c's KEYMAP_REPLAY rows,
 * which win over the normal rows only in a replay), :seek, the line
 * under the header, and the messages at the end and at damage.
 *
 * Keys and commands that store need nothing here: the door is read-only,
 * so they refuse with the door's reason as for any read-only file.
 *
 * A break (:break, brk.c) that fires holds the player too (player_brk):
 * the view's hold alone left the player storing, so the moment the
 * break caught was run over in the memfd, the fields and the log.  The
 * player is held where it stands owing nothing (replay_hold), its line
 * says so, and when the break is let go (Esc) it plays on only if it was
 * playing when the break fired.  Space, o and O during the hold take
 * the player over: the break no longer decides whether it plays.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "brk.h"
#include "live.h"
#include "player.h"
#include "record.h"
#include "replay.h"
#include "xmalloc.h"

/* The line under the header changes at most this often (ms) by itself. */
#define PLAYER_LINE_MS	100

struct player {
	struct replay	*rp;
	char		 line[128];	/* the line last made (player_line) */
	char		 shown[128];	/* the line the last frame showed */
	bool		 start;		/* play at the first player_poll */
	bool		 brk_seen;	/* a break held the view last poll */
	bool		 brk_held;	/* the player is paused by that break */
	bool		 brk_resume;	/* ... and was playing when it fired */
	char		 brk_why[32];	/* its banner ("BREAK 2") */
};

/* A player for the viewer over REPLAY, to PLAY at once or not. */
struct player *
player_new(struct replay *rp, bool play)
{
	struct player	*pl = xcalloc(1, sizeof *pl);

	pl->rp = rp;
	pl->start = play;
	return pl;
}

/* Free the player (not its replay). */
void
player_free(struct player *pl)
{
	free(pl);
}

/* The clock the player runs on: the session's (ms). */
static uint64_t
player_now(const struct app *a)
{
	return live_now(a->live);
}

/* The line under the header for NOW. */
const char *
player_line(struct player *pl, uint64_t now)
{
	size_t	n;

	replay_describe(pl->rp, now, pl->line, sizeof pl->line);
	n = strlen(pl->line);
	if (pl->brk_held)
		snprintf(pl->line + n, sizeof pl->line - n, ": %s fired (Esc "
		    "%s)", pl->brk_why, pl->brk_resume ? "plays on" :
		    "continues");
	return pl->line;
}

/* The user took the player over (Space, o, O): the break's hold ends. */
static void
player_take_over(struct player *pl)
{
	pl->brk_held = false;
}

/*
 * Follow the view's break (brk.h): hold the player when one fires, let
 * it play on when the break is let go, if it played when it fired.
 */
static void
player_brk(struct app *a, struct player *pl)
{
	bool	held = a->brk != NULL && brk_paused(a->brk);

	if (held && !pl->brk_seen) {
		const char	*why = brk_banner(a->brk);

		pl->brk_resume = replay_playing(pl->rp);
		pl->brk_held = true;
		snprintf(pl->brk_why, sizeof pl->brk_why, "%s",
		    why != NULL ? why : "a break");
		replay_hold(pl->rp, player_now(a));
	} else if (!held && pl->brk_seen) {
		if (pl->brk_held && pl->brk_resume)
			replay_play(pl->rp, player_now(a));
		pl->brk_held = false;
	}
	pl->brk_seen = held;
}

/* Turn what the core did (REPLAY_* bits, or -1 with CAUSE) into APP_*. */
static int
player_news(struct app *a, int r, char *cause)
{
	struct replay	*rp = a->opts.player->rp;

	if (r == -1) {
		app_msg(a, APP_MSG_ERROR, "replay stopped: %s", cause);
		free(cause);
		replay_pause(rp, player_now(a));
		return APP_REDRAW;
	}
	if (r & REPLAY_DAMAGED)
		app_msg(a, APP_MSG_WARN, "replay stopped at the damage: %s",
		    replay_damage(rp));
	else if (r & REPLAY_END)
		app_msg(a, APP_MSG_INFO, "end of recording (Space plays it "
		    "again, :seek T goes to T)");
	return (r & REPLAY_APPLIED ? APP_RESNAP | APP_ACTIVE : 0) |
	    (r & REPLAY_END ? APP_REDRAW : 0);
}

/* The loop's hook: store what is due now. */
int
player_poll(struct app *a)
{
	struct player	*pl = a->opts.player;
	char		*cause = NULL;
	int		 r;

	if (pl == NULL)
		return 0;
	/* Why here: the session's clock (live_now) starts with the app. */
	if (pl->start) {
		pl->start = false;
		replay_play(pl->rp, player_now(a));
	}
	/* Before storing: a break that fired on the last look holds us. */
	player_brk(a, pl);
	r = player_news(a, replay_tick(pl->rp, player_now(a), &cause), cause);
	/* The position on the line moved: a housekeeping frame. */
	player_line(pl, player_now(a));
	if (strcmp(pl->line, pl->shown) != 0) {
		memcpy(pl->shown, pl->line, sizeof pl->shown);
		r |= APP_REDRAW;
	}
	return r;
}

/* Milliseconds until player_poll has work, or -1. */
int
player_timeout(struct app *a)
{
	struct player	*pl = a->opts.player;
	int64_t		 due;

	if (pl == NULL || (due = replay_due_in(pl->rp, player_now(a))) < 0)
		return -1;
	return due < PLAYER_LINE_MS ? (int)due : PLAYER_LINE_MS;
}

/* Say that there is no replay (a key reached us outside one). */
static int
player_none(struct app *a)
{
	app_msg(a, APP_MSG_INFO, "not a replay: livehex replay FILE.lhrec "
	    "plays a recording");
	return APP_REDRAW;
}

/* Space: play or pause; at the end, again from the start. */
int
player_toggle(struct app *a)
{
	struct player	*pl = a->opts.player;
	uint64_t	 now = player_now(a);
	char		*cause = NULL;
	int		 r = APP_REDRAW;

	if (pl == NULL)
		return player_none(a);
	player_take_over(pl);
	if (replay_playing(pl->rp)) {
		replay_pause(pl->rp, now);
		return APP_REDRAW;
	}
	if (replay_pos(pl->rp, now) >= replay_end(pl->rp)) {
		if (replay_damage(pl->rp) != NULL) {
			app_msg(a, APP_MSG_WARN, "the recording plays no "
			    "further: %s", replay_damage(pl->rp));
			return APP_REDRAW;
		}
		r |= player_news(a, replay_seek(pl->rp, 0, now, &cause),
		    cause);
	}
	replay_play(pl->rp, now);
	return r | APP_ACTIVE;
}

/* Multiply the speed by F and say the new one. */
static int
player_speed(struct app *a, double f)
{
	struct player	*pl = a->opts.player;

	if (pl == NULL)
		return player_none(a);
	replay_set_speed(pl->rp, replay_speed(pl->rp) * f, player_now(a));
	app_msg(a, APP_MSG_INFO, "replay speed x%g", replay_speed(pl->rp));
	return APP_REDRAW;
}

/* +: twice as fast. */
int
player_faster(struct app *a)
{
	return player_speed(a, 2.0);
}

/* -: half as fast. */
int
player_slower(struct app *a)
{
	return player_speed(a, 0.5);
}

/* o: exactly the next change, paused. */
int
player_step(struct app *a)
{
	struct player	*pl = a->opts.player;
	uint64_t	 now = player_now(a);
	char		*cause = NULL;

	if (pl == NULL)
		return player_none(a);
	player_take_over(pl);
	replay_pause(pl->rp, now);
	return player_news(a, replay_step(pl->rp, now, &cause), cause) |
	    APP_REDRAW;
}

/* O: back to the start, playing. */
int
player_restart(struct app *a)
{
	struct player	*pl = a->opts.player;
	uint64_t	 now = player_now(a);
	char		*cause = NULL;
	int		 r;

	if (pl == NULL)
		return player_none(a);
	player_take_over(pl);
	r = player_news(a, replay_seek(pl->rp, 0, now, &cause), cause);
	replay_play(pl->rp, now);
	app_msg(a, APP_MSG_INFO, "replay from the start");
	return r | APP_REDRAW | APP_ACTIVE;
}

/* :seek T|end. */
int
player_seek(struct app *a, const char *args)
{
	struct player	*pl = a->opts.player;
	uint64_t	 t, now = player_now(a);
	char		*cause = NULL, b[32], e[32];
	int		 r;

	if (pl == NULL)
		return player_none(a);
	while (*args == ' ')
		args++;
	if (record_parse_time(args, &t, &cause) == -1) {
		app_msg(a, APP_MSG_ERROR, ":seek %s (seconds from the start of "
		    "the recording: :seek 2.5, :seek end)", cause);
		free(cause);
		return APP_REDRAW;
	}
	if (t != UINT64_MAX && t > replay_end(pl->rp)) {
		app_msg(a, APP_MSG_ERROR, ":seek %s: the recording is %s long "
		    "(:seek end goes there)", record_fmt_time(t, b, sizeof b),
		    record_fmt_time(replay_end(pl->rp), e, sizeof e));
		return APP_REDRAW;
	}
	r = replay_seek(pl->rp, t, now, &cause);
	if (r == -1) {
		app_msg(a, APP_MSG_WARN, ":seek: %s", cause);
		free(cause);
		return APP_REDRAW | APP_RESNAP | APP_ACTIVE;
	}
	app_msg(a, APP_MSG_INFO, "replay at %s", record_fmt_time(
	    replay_pos(pl->rp, now), b, sizeof b));
	return player_news(a, r, NULL) | APP_REDRAW;
}
