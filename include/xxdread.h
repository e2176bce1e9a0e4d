/* SPDX-License-Identifier: ISC */
/*
 * xxdread.h - read an xxd dump back into offsets and bytes (for `load`).
 *
 * Two kinds of dump are understood, told apart by the first line that is
 * not blank: a ':' in it means xxd's normal rows, none means -p plain.
 *
 *   rows	"00000010: 4865 6c6c 6f2c  Hello," - a hex offset, ':', one
 *		space, then groups of hex digits (any -c, any -g, either
 *		case) separated by single spaces; the hex ends at two spaces
 *		or the end of the line, and the text column after it is
 *		ignored.  Every row but the last must hold as many bytes as
 *		the first (a row with a byte too few or too many is an edit
 *		gone wrong, and would shift every byte after it); rows must
 *		come in order and must not overlap; gaps are fine (rows left
 *		out are left alone).  BASE is added to every offset.
 *   plain	lines of hex digit pairs (xxd -p), spaces between pairs
 *		allowed; the bytes follow one another from BASE.
 *
 * Blank lines are skipped, a '\r' before '\n' is allowed.  Anything else
 * is an error with its place: a cause "LINE:COL: what" (both from 1, COL
 * in bytes).  Refused with a reason, not guessed at: xxd -a's '*' lines
 * (the skipped rows' count is not in the dump), a NUL byte.  Not detected,
 * so documented: a -b or -e dump is not xxd -r input either; -b rows fail
 * the width or overlap checks, -e rows read as big-endian groups.
 *
 * Part of the core: never prints; allocates the result and causes.
 */
#ifndef LIVEHEX_XXDREAD_H
#define LIVEHEX_XXDREAD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* One row (or plain line): LEN bytes for OFF, from bytes + at. */
struct xxdread_rec {
	uint64_t	 off;
	size_t		 len;
	size_t		 at;		/* index into xxdread.bytes */
	unsigned	 line;		/* where it was, for messages */
};

/* A parsed dump; the records are in order and never overlap. */
struct xxdread {
	bool			 plain;		/* an xxd -p dump */
	struct xxdread_rec	*recs;
	size_t			 nrecs;
	unsigned char		*bytes;
	size_t			 nbytes;
};

/*
 * Parse LEN bytes of TEXT (not NUL-terminated) into R.  0, or -1 with
 * *cause ("LINE:COL: what") and R empty.
 */
int	 xxdread_parse(const char *text, size_t len, uint64_t base,
	    struct xxdread *r, char **cause);
/* Free what xxdread_parse filled in. */
void	 xxdread_free(struct xxdread *r);

#endif
