/* SPDX-License-Identifier: ISC */
/*
 * row.h - the hex row: xxd's layout, its geometry, and a fast formatter.
 *
 * A row is exactly what xxd (2022-01-14) prints for -c COLS -g GROUP [-u]:
 *
 *	00000010: 4865 6c6c 6f2c 2077 6f72 6c64 210a 0001  Hello, world!...
 *	|offset | |<----------- hex area ------------->|  |<-- ASCII -->|
 *
 *  - the offset is "%08" PRIx64 ": " - at least 8 lower-case hex digits,
 *    more past 4 GiB, so the rest of such a row moves right (as in xxd);
 *    -u upper-cases the hex area but never the offset (as in xxd);
 *  - byte I's two hex digits sit at body column 2*I + I/GROUP: one space
 *    between groups, none after the last one;
 *  - the ASCII column starts two columns after a full row's hex area and
 *    shows bytes 0x20..0x7e as themselves, every other byte as '.';
 *  - a short last row is padded with spaces up to the ASCII column and has
 *    no trailing spaces; every row ends in '\n'.
 *
 * "Body" columns are counted from the first hex digit, i.e. after the
 * offset field, because the offset field's width depends on the offset.
 *
 * This module is part of the core: it never prints, allocates only in
 * row_geom_init's cause, and has no state beyond constant tables.
 */
#ifndef LIVEHEX_ROW_H
#define LIVEHEX_ROW_H

#include <stddef.h>
#include <stdint.h>

#define ROW_COLS_MAX	256	/* the widest row xxd accepts (-c 256) */
#define ROW_OFFSET_MAX	18	/* widest offset field: 16 digits + ": " */

/* Flags for row_format() and row_hex(). */
#define ROW_UPPER	0x1	/* upper-case hex digits (xxd -u) */

/* Where everything sits in a row body; filled in by row_geom_init(). */
struct row_geom {
	unsigned	cols;		/* bytes per row, 1..ROW_COLS_MAX */
	unsigned	group;		/* bytes per group, 1..cols */
	unsigned	hex_width;	/* columns of a full row's hex area */
	unsigned	ascii_col;	/* body column of the first ASCII char */
	unsigned	width;		/* body columns of a full row (no '\n') */
};

/*
 * Set up G for COLS bytes per row in groups of GROUP bytes; GROUP 0 or
 * more than COLS means one group per row (as xxd -g 0).  0, or -1 with
 * *cause when COLS is outside 1..ROW_COLS_MAX.
 */
int	 row_geom_init(struct row_geom *g, unsigned cols, unsigned group,
	    char **cause);
/* Body column of the first hex digit of byte I (0 <= I < cols). */
unsigned row_hex_col(const struct row_geom *g, unsigned i);
/* Body column of the ASCII character of byte I (0 <= I < cols). */
unsigned row_ascii_col(const struct row_geom *g, unsigned i);
/*
 * Which byte is shown at body column COL: its index, with *nibble set to 0
 * (high digit) or 1 (low digit) in the hex area and 2 in the ASCII column;
 * -1 for a gap or a column past the row.
 */
int	 row_byte_at(const struct row_geom *g, unsigned col, unsigned *nibble);

/* Columns of the offset field ("%08x: ") for a row starting at OFF. */
unsigned row_offset_width(uint64_t off);
/* Write the two hex digits of B to OUT (no terminator). */
void	 row_hex(unsigned char b, int flags, char out[2]);
/*
 * Write N bytes of B as "de ad be ef" (lower case, one space between),
 * "??" for each byte from VALID on (bytes that could not be read), then a
 * NUL: OUT holds at least 3 * N + 1 bytes (1 when N is 0).  For messages
 * that show bytes, such as a torn value's.
 */
void	 row_hex_list(const unsigned char *b, size_t n, size_t valid,
	    char *out);
/* The character the ASCII column shows for B. */
char	 row_ascii(unsigned char b);

/*
 * Write the hex digits of N bytes of B to OUT (2 * N characters, nothing
 * between them, no terminator): xxd -p's lines.  Reads and writes exactly
 * that much.
 */
void	 row_hex_run(const unsigned char *b, size_t n, int flags, char *out);
/*
 * NLINES lines of COLS (>= 1) bytes of B as bare hex, each followed by
 * '\n' (xxd -p's full lines): writes and returns NLINES * (2 * COLS + 1).
 */
size_t	 row_hex_lines(const unsigned char *b, size_t nlines, size_t cols,
	    int flags, char *out);

/* Bytes row_format() may write for LEN input bytes at any offset. */
size_t	 row_format_bound(const struct row_geom *g, size_t len);
/*
 * Format LEN bytes of BUF as rows, the first at file offset OFF, into OUT
 * (at least row_format_bound(g, len) bytes); returns the bytes written.
 * Every row is complete and ends in '\n'; only the last may be short.
 * Nothing is NUL-terminated.
 */
size_t	 row_format(const struct row_geom *g, int flags, uint64_t off,
	    const unsigned char *buf, size_t len, char *out);

#endif
