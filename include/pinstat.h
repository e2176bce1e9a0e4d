/* SPDX-License-Identifier: ISC */
/*
 * pinstat.h - the numbers behind a pinned value (the viewer's :pin, issue
 * 15): its last value, minimum and maximum, changes per second, and a
 * sparkline of its recent history.
 *
 * Pure arithmetic on what the caller hands in: a value each time it
 * changed, with the time (milliseconds, any monotonic clock the caller
 * keeps: the session's).  Nothing here reads a file, keeps global state
 * or knows of a terminal, so the tests decide the clock.
 *
 * Cost: O(1) per value; the history is a ring of PINSTAT_HIST values;
 * a sparkline is O(width).
 */
#ifndef LIVEHEX_PINSTAT_H
#define LIVEHEX_PINSTAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* Values kept for the sparkline (the most recent ones). */
#define PINSTAT_HIST	64

/* One pinned value's numbers.  Zero it with pinstat_init. */
struct pinstat {
	double		 hist[PINSTAT_HIST];	/* ring: the last values */
	size_t		 n;		/* of them kept (<= PINSTAT_HIST) */
	size_t		 next;		/* where the next one goes */
	bool		 have;		/* a value was seen */
	double		 min, max;	/* over every value seen */
	uint64_t	 changes;	/* values after the first */
	/* Changes per second: counted in whole seconds from sec_start. */
	uint64_t	 sec_start;	/* the current second began (ms) */
	unsigned	 sec_count;	/* changes in it so far */
	unsigned	 sec_last;	/* changes in the one before it */
};

/* Start with nothing seen. */
void	pinstat_init(struct pinstat *s);
/*
 * The value is V at NOW_MS: the first one, or a change (the caller calls
 * only when the value changed; a NaN counts as a change and is kept
 * out of the minimum and maximum).
 */
void	pinstat_add(struct pinstat *s, double v, uint64_t now_ms);
/*
 * Changes per second at NOW_MS: those in the last whole second (0 once a
 * whole second passed without any).
 */
unsigned pinstat_rate(const struct pinstat *s, uint64_t now_ms);
/*
 * The last WIDTH values (fewer when fewer were seen) as a sparkline into
 * OUT (OUTLEN bytes, always terminated), scaled between their own
 * minimum and maximum: with UTF8 the eight blocks U+2581..U+2588, else
 * the ASCII ramp "_.-:=+*#".  A flat history draws the lowest level; a
 * NaN draws '?'.  The characters written (not bytes).
 */
size_t	pinstat_spark(const struct pinstat *s, bool utf8, size_t width,
	    char *out, size_t outlen);

#endif
