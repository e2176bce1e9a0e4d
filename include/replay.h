/* SPDX-License-Identifier: ISC */
/*
 * replay.h - play a recording (record.h) back into a memfd, on a clock.
 *
 * `livehex replay FILE.lhrec` shows a recording as if its writer were
 * running: the image at the start time sits in a memfd that the viewer
 * maps read-only through its door, and this player stores the recorded
 * changes into the memfd at their recorded times (scaled by the speed),
 * with pwrite(2) on its own descriptor, so the viewer's live machinery
 * (highlights, the change log, time travel, fields, breaks) sees them as
 * it would see another process's stores.
 *
 * The player has no clock and no thread of its own: every call that
 * depends on time takes NOW (ms, any monotonic clock), so the viewer's
 * poll loop drives it (replay_due_in says how long it may sleep) and the
 * unit tests drive it with made-up times.
 *
 * Positions are recording times in ms (record.h).  While paused the
 * position stands still; while playing it is the position at the last
 * play, seek or speed change plus the wall time since, times the speed.
 *
 * Hazards:
 *  - The memfd is the only thing written; the recording never is (it is
 *    opened for reading only).
 *  - The image is held twice (the reader's and the memfd's).
 *  - Errors come back as malloc'd causes; nothing here prints.
 */
#ifndef LIVEHEX_REPLAY_H
#define LIVEHEX_REPLAY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct door;
struct replay;

/* What replay_tick, replay_step and replay_seek did (bits). */
#define REPLAY_APPLIED	0x1	/* bytes or the size of the memfd changed */
#define REPLAY_END	0x2	/* the end was reached: the player paused */
#define REPLAY_DAMAGED	0x4	/* ... and it is damage (replay_damage) */

/* Speeds the player takes (--speed, + and -). */
#define REPLAY_SPEED_MIN	(1.0 / 64)
#define REPLAY_SPEED_MAX	1024.0

/*
 * Open the recording PATH and put its image at AT_MS (UINT64_MAX: the
 * end) into a new memfd; the player is paused there at speed 1.  NULL
 * with *cause (not a recording, damaged before AT_MS: the cause says up
 * to when it can be read).
 */
struct replay	*replay_open(const char *path, uint64_t at_ms, char **cause);
/* Close the recording and the player's memfd descriptor; NULL ignored. */
void		 replay_free(struct replay *p);
/*
 * A read-only door on the memfd, named NAME in messages: what the viewer
 * shows.  NULL with *cause.
 */
struct door	*replay_door(struct replay *p, const char *name, char **cause);

/* Play from NOW on (at the end: replay_tick ends it again at once). */
void		 replay_play(struct replay *p, uint64_t now);
/* Pause at the position of NOW. */
void		 replay_pause(struct replay *p, uint64_t now);
/*
 * Pause at the position of NOW owing nothing: the changes due up to it
 * stay unstored (replay_tick stores none) until replay_play or
 * replay_seek, so the memfd stays the image a break fired on.
 */
void		 replay_hold(struct replay *p, uint64_t now);
/* True while held (replay_hold), until replay_play or replay_seek. */
bool		 replay_held(const struct replay *p);
/* True while playing. */
bool		 replay_playing(const struct replay *p);
/* Set the speed (clamped to REPLAY_SPEED_MIN..MAX) from NOW on. */
void		 replay_set_speed(struct replay *p, double speed,
		    uint64_t now);
/* The speed. */
double		 replay_speed(const struct replay *p);
/* The recording time the player stands at, at NOW (ms). */
uint64_t	 replay_pos(const struct replay *p, uint64_t now);
/* The recording's end (what can be read of it), ms. */
uint64_t	 replay_end(const struct replay *p);
/* Why the recording cannot be read further, or NULL (record_damage). */
const char	*replay_damage(const struct replay *p);

/*
 * Store every change due at NOW into the memfd (paused: those up to the
 * position, owed from before the pause; held: none): REPLAY_* bits (END
 * when the end came, and the player paused there), or -1 with *cause.
 */
int		 replay_tick(struct replay *p, uint64_t now, char **cause);
/*
 * Wall ms from NOW until replay_tick has something to do (0: now), or
 * -1 while paused with nothing owed (always while held).
 */
int64_t		 replay_due_in(struct replay *p, uint64_t now);
/*
 * Store exactly the next change (paused: the position becomes its time,
 * and a paused player owes nothing until play or a seek, so another
 * change of that millisecond waits for the next step): REPLAY_* bits
 * (END, without APPLIED, when there is none), or -1 with *cause.
 */
int		 replay_step(struct replay *p, uint64_t now, char **cause);
/*
 * Make the memfd the image at T_MS (UINT64_MAX: the end), storing only
 * the bytes that differ; playing goes on from there.  REPLAY_* bits, or
 * -1 with *cause (damage before T_MS: the image is the last readable
 * state, the position its time).
 */
int		 replay_seek(struct replay *p, uint64_t t_ms, uint64_t now,
		    char **cause);
/*
 * "replay 12.3 s / 60.0 s  x2  playing" for NOW into BUF of LEN (C
 * locale); BUF.
 */
const char	*replay_describe(struct replay *p, uint64_t now, char *buf,
		    size_t len);
/* Parse a speed ("2", "0.5", "x4"); 0, or -1 with *cause. */
int		 replay_parse_speed(const char *s, double *speed,
		    char **cause);

#endif
