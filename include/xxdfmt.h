/* SPDX-License-Identifier: ISC */
/*
 * xxdfmt.h - every output format of xxd (2022-01-14), as a stream.
 *
 * `livehex dump` prints what xxd prints with the same options; this module
 * holds the formats (row.h keeps the plain hex row and its geometry):
 *
 *	hex	 the default row: "00000010: 4865 6c6c ...  Hello..."
 *		 (row_format does the work)
 *	plain	 -p: COLS bytes of bare hex per line (default 30); COLS 0 puts
 *		 everything on one line, which always ends in '\n'
 *	include	 -i: a C array, "  0x48, 0x65," COLS bytes a line (default
 *		 12); with a name, the header "unsigned char NAME[] = {" and
 *		 the footer "};" / "unsigned int NAME_len = N;" (-C: NAME and
 *		 _LEN in capitals); -u writes 0X48
 *	bits	 -b: each byte as 8 binary digits, default 6 a row, groups of 1
 *	little	 -e: each group of GROUP bytes (default 4, a power of 2)
 *		 shown as one little-endian number; a short last group is
 *		 right-aligned in its place
 *
 * The row modes (hex, bits, little) follow xxd's own rule for where things
 * go, which this module reproduces exactly, quirks included: byte P's
 * digits start at body column (grplen * X) / GROUP where grplen is GROUP
 * bytes' digits plus one space and X is P (P ^ (GROUP - 1) with -e), the
 * text column starts at (grplen * COLS - 1) / GROUP + 2, each byte's digits
 * then its character are written in order into a row of spaces, and the
 * row ends after the last character.  With -e and a COLS that is not a
 * multiple of GROUP (or a GROUP taken from COLS that is no power of 2)
 * digits and text overlap, and xxd prints the overlap: so do we.
 *
 * Autoskip (-a, the row modes only): a run of all-zero full rows prints its
 * first row, then "*" for the rest; a run of exactly two prints both; the
 * file's last row is always printed (a run of three at the very end prints
 * all three); a short last row is never skipped.
 *
 * Use: xxdfmt_init, then xxdfmt_head once, xxdfmt_format over the bytes in
 * order (in pieces that are whole multiples of xxdfmt_unit, except the
 * last), then xxdfmt_tail once; each writes into a caller's buffer of at
 * least the matching bound and returns the bytes written.  Part of the
 * core: never prints, allocates only the name and causes.
 */
#ifndef LIVEHEX_XXDFMT_H
#define LIVEHEX_XXDFMT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "row.h"

/* The output format (xxd's -p, -i, -b, -e; hex is none of them). */
enum xxdfmt_mode {
	XXDFMT_HEX,
	XXDFMT_PLAIN,
	XXDFMT_INCLUDE,
	XXDFMT_BITS,
	XXDFMT_LITTLE,
};

/* Flags (ROW_UPPER is -u). */
#define XXDFMT_UPPER	ROW_UPPER	/* -u: upper-case hex digits */
#define XXDFMT_AUTOSKIP	0x100		/* -a: '*' for runs of zero rows */
#define XXDFMT_CAPITAL	0x200		/* -C: include names in capitals */

/* The widest -c of plain and include (xxd keeps it in an int). */
#define XXDFMT_COLS_MAX	2147483647u

/* What the command line asked for. */
struct xxdfmt_opts {
	enum xxdfmt_mode	 mode;
	uint64_t		 cols;		/* -c; 0 with cols_given: -p one line */
	bool			 cols_given;
	uint64_t		 group;		/* -g; 0 or > cols: one group */
	bool			 group_given;
	int			 flags;		/* XXDFMT_* */
	const char		*name;		/* include: the raw name, or NULL */
};

/* A format and its position in the stream; see the top of this file. */
struct xxdfmt {
	enum xxdfmt_mode	 mode;
	int			 flags;
	uint64_t		 cols;		/* bytes per row or line */
	unsigned		 group;		/* row modes */
	struct row_geom		 geom;		/* XXDFMT_HEX */
	unsigned		 digits;	/* bits, little: per byte */
	unsigned		 grplen;	/* digits of a group plus a space */
	unsigned		 text_col;	/* body column of the text */
	bool			 overlap;	/* digits may reach the text */
	char			*name;		/* include: C name, or NULL */
	uint64_t		 count;		/* bytes formatted so far */
	uint64_t		 col;		/* bytes on the current line */
	uint64_t		 zrun;		/* autoskip: zero rows in a run */
	uint64_t		 zsecond;	/* offset of the run's 2nd row */
	uint64_t		 zlast;		/* offset of the run's last row */
};

/*
 * Set up F from O: defaults per mode (cols: 16, 30 plain, 12 include, 6
 * bits; group: 2, 4 little, 1 bits), then the checks xxd makes.  0, or -1
 * with *cause for a COLS out of range (1 to 256 in the row modes, 0 to
 * XXDFMT_COLS_MAX plain, 1 to XXDFMT_COLS_MAX include) or a -e GROUP that
 * is no power of 2.
 */
int	 xxdfmt_init(struct xxdfmt *f, const struct xxdfmt_opts *o,
	    char **cause);
/* The -c values MODE accepts, MIN to MAX (for the command line's check). */
void	 xxdfmt_cols_range(enum xxdfmt_mode mode, uint64_t *min,
	    uint64_t *max);
/* Free what xxdfmt_init allocated. */
void	 xxdfmt_free(struct xxdfmt *f);
/*
 * The C identifier xxd -i makes of NAME: every byte that is not an ASCII
 * letter or digit becomes '_', "__" goes in front of a leading digit, and
 * CAPITAL upper-cases the letters.  Malloc'd.
 */
char	*xxdfmt_c_name(const char *name, bool capital);

/* Pieces given to xxdfmt_format must be multiples of this (but the last). */
size_t	 xxdfmt_unit(const struct xxdfmt *f);
/* Bytes xxdfmt_format may write for LEN input bytes. */
size_t	 xxdfmt_bound(const struct xxdfmt *f, size_t len);
/* Bytes xxdfmt_head or xxdfmt_tail may write. */
size_t	 xxdfmt_edge_bound(const struct xxdfmt *f);

/* The include header when there is a name; bytes written to OUT. */
size_t	 xxdfmt_head(struct xxdfmt *f, char *out);
/* Format LEN bytes of BUF, the first at file offset OFF; bytes written. */
size_t	 xxdfmt_format(struct xxdfmt *f, uint64_t off,
	    const unsigned char *buf, size_t len, char *out);
/* Finish: a held zero run, plain's last newline, include's footer. */
size_t	 xxdfmt_tail(struct xxdfmt *f, char *out);

#endif
