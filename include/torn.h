/* SPDX-License-Identifier: ISC */
/*
 * torn.h - catching a value read while another process was writing it.
 *
 * A value the machine loads in one instruction (1, 2, 4 or 8 bytes,
 * naturally aligned: design.md fact 5) is never seen half written.  A
 * wider one (a 16-byte record, a char[32]) or a misaligned one is copied
 * piece by piece, and a writer storing into it meanwhile leaves the copy
 * half old, half new: torn.  Nothing marks such a copy, so the check is
 * empirical: read the value again, twice, right after the look that
 * copied it; when the reads disagree with each other or with the look,
 * it was being written while it was read.  A quiet value is never called
 * torn; a torn copy can be missed (the writer may fall between reads),
 * never invented.
 *
 * Used by watch --layout (a field line says "torn") and by the viewer's
 * fields panel (the row is marked torn for a while).  Pure over the door:
 * no state, nothing printed.
 */
#ifndef LIVEHEX_TORN_H
#define LIVEHEX_TORN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct door;

/* The largest value torn_read checks (and watch shows as a value). */
#define TORN_MAX	4096

/* Whether SIZE bytes at OFF are loaded in one instruction (never torn). */
bool	torn_atomic(uint64_t off, uint64_t size);

/* What torn_read found. */
enum torn_read {
	TORN_UNREAD = -1,	/* the value could not be read (past the end) */
	TORN_WHOLE = 0,		/* read; atomic, or every read agreed */
	TORN_TORN = 1,		/* the reads disagreed: being written */
};

/*
 * Read the N bytes at OFF (N <= TORN_MAX) through D into OUT and say
 * whether they are torn.  SEEN holds SEEN_LEN bytes from file offset
 * SEEN_OFF as the look copied them (NULL: none); where SEEN overlaps the
 * value it is compared too.  An atomic value is read once; any other is
 * read twice.  OUT holds the first read.
 */
enum torn_read	torn_read(struct door *d, uint64_t off, size_t n, uint8_t *out,
		    const uint8_t *seen, uint64_t seen_off, size_t seen_len);

#endif
