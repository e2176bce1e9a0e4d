/* SPDX-License-Identifier: ISC */
/*
 * inspect.h - the data inspector: the bytes at the cursor read every way.
 *
 * Pure formatting over a copy of the bytes: binary, u8/i8, u16 ... i64 and
 * f32/f64 in both byte orders, the character (ASCII or UTF-8) and the
 * offset.  A value that runs past the end of the file is "unavailable"; a
 * value whose bytes changed between the last two ticks is marked unstable
 * (it may be torn: half old, half new, design.md fact 5).
 */
#ifndef LIVEHEX_INSPECT_H
#define LIVEHEX_INSPECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One line of the inspector. */
struct inspect_line {
	char	label[8];	/* "u32le", "bin", "char", "offset" ... */
	char	value[48];	/* the value, or "unavailable" */
	bool	unstable;	/* a byte of it changed on the last tick */
	bool	available;	/* all its bytes exist */
};

/* Lines inspect_lines() fills at most. */
#define INSPECT_LINES	24

/*
 * Read the bytes at file offset OFF: BYTES holds AVAIL bytes from there
 * (fewer than 8 near the end), UNSTABLE[i] says byte i changed on the last
 * tick (NULL for none).  Fills OUT (INSPECT_LINES entries); returns how many.
 */
size_t	inspect_lines(uint64_t off, const uint8_t *bytes, size_t avail,
	    const bool *unstable, struct inspect_line *out);

#endif
