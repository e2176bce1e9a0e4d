/* SPDX-License-Identifier: ISC */
/*
 * torn.c - catching a value read while another process was writing it.
 *
 * One rule for watch and the viewer (torn.h): a value wider than a load
 * or misaligned is read twice more through the door right after the
 * look, and is torn when the reads disagree with each other or with the
 * look's own copy.  Reads go through door_read (pread), so a value past
 * the end is "unread", never a fault.
 */
#include "config.h"

#include <string.h>

#include "door.h"
#include "torn.h"

/* Whether SIZE bytes at OFF are loaded in one instruction (never torn). */
bool
torn_atomic(uint64_t off, uint64_t size)
{
	return size > 0 && size <= 8 && (size & (size - 1)) == 0 &&
	    off % size == 0;
}

/* Read the N bytes at OFF through D into OUT; torn or not (torn.h). */
enum torn_read
torn_read(struct door *d, uint64_t off, size_t n, uint8_t *out,
    const uint8_t *seen, uint64_t seen_off, size_t seen_len)
{
	uint8_t		again[TORN_MAX];
	uint64_t	lo, hi;

	if (n > TORN_MAX || door_read(d, off, out, n).valid != n)
		return TORN_UNREAD;
	if (torn_atomic(off, n))
		return TORN_WHOLE;
	/* Why a second read: the look's copy may cover only part of it. */
	if (door_read(d, off, again, n).valid != n ||
	    memcmp(again, out, n) != 0)
		return TORN_TORN;
	if (seen == NULL)
		return TORN_WHOLE;
	lo = off > seen_off ? off : seen_off;
	hi = off + n < seen_off + seen_len ? off + n : seen_off + seen_len;
	if (lo < hi && memcmp(out + (lo - off), seen + (lo - seen_off),
	    (size_t)(hi - lo)) != 0)
		return TORN_TORN;
	return TORN_WHOLE;
}
