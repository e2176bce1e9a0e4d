/* SPDX-License-Identifier: ISC */
/*
 * player.h - `livehex replay` in the viewer (issue 14): the player's keys,
 * its :seek command, its line under the header, and its hook in the
 * loop.  Plain functions over struct app returning APP_* bits, like
 * app_hist.h's; no curses.  The player itself is the core's (replay.h).
 */
#ifndef LIVEHEX_PLAYER_H
#define LIVEHEX_PLAYER_H

#include <stdbool.h>
#include <stdint.h>

struct app;
struct player;
struct replay;

/*
 * A player for the viewer over REPLAY (kept; the caller frees both),
 * playing from the first player_poll when PLAY, else paused.
 */
struct player	*player_new(struct replay *rp, bool play);
/* Free the player (not its replay); NULL is ignored. */
void		 player_free(struct player *pl);
/*
 * The loop's hook: store the changes due now, say when the end came;
 * APP_* bits (a re-copy and a frame when bytes changed).
 */
int		 player_poll(struct app *a);
/* Milliseconds the loop may sleep before player_poll has work, or -1. */
int		 player_timeout(struct app *a);
/* The line under the header: "replay 1.2 s / 6.0 s  x2  playing". */
const char	*player_line(struct player *pl, uint64_t now);

/* Space in a replay: play or pause (at the end: again from the start). */
int		 player_toggle(struct app *a);
/* +: twice as fast. */
int		 player_faster(struct app *a);
/* -: half as fast. */
int		 player_slower(struct app *a);
/* o: store exactly the next change (the player pauses). */
int		 player_step(struct app *a);
/* O: back to the start of the recording, playing. */
int		 player_restart(struct app *a);
/* :seek T|end: the image at recording time T; APP_* bits. */
int		 player_seek(struct app *a, const char *args);

#endif
