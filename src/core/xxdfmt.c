/* SPDX-License-Identifier: ISC */
/*
 * xxdfmt.c - every output format of xxd (2022-01-14), as a stream.
 *
 * Owns the formats described in xxdfmt.h and the little state a stream
 * needs between pieces: how many bytes have gone by, where the current
 * plain or include line is, and a run of zero rows that autoskip holds
 * back.  The hex row itself is row.c's (row_format, fast); plain lines use
 * row_hex_run (SIMD on x86-64) because -p must stay ten times faster than
 * xxd; bits and little-endian rows go through xxdfmt_row, a direct model
 * of how xxd lays a row out (digits, then the character, byte after byte,
 * into a row of spaces), since their quirks (overlap with -e and an odd
 * -c) only come out right when the order of writes is the same.
 *
 * A held zero row is never copied: every byte of it is zero, so it is
 * formatted again from its offset when it has to be printed.
 *
 * Invariants: after xxdfmt_init, 1 <= group <= cols and cols is within
 * xxdfmt_cols_range for the mode; no function writes more than its bound.
 * Nothing fails after init.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "xxdfmt.h"
#include "xmalloc.h"

/* A full row of zeros, to re-format a held row of autoskip. */
static const unsigned char xxdfmt_zeros[ROW_COLS_MAX];

/* The -c values MODE accepts. */
void
xxdfmt_cols_range(enum xxdfmt_mode mode, uint64_t *min, uint64_t *max)
{
	switch (mode) {
	case XXDFMT_PLAIN:
		*min = 0;		/* one line */
		*max = XXDFMT_COLS_MAX;
		break;
	case XXDFMT_INCLUDE:
		*min = 1;
		*max = XXDFMT_COLS_MAX;
		break;
	default:
		*min = 1;
		*max = ROW_COLS_MAX;
		break;
	}
}

/* The C identifier xxd -i makes of NAME; malloc'd. */
char *
xxdfmt_c_name(const char *name, bool capital)
{
	size_t	 n = strlen(name), o = 0;
	char	*out = xmalloc(n + 3);

	/* ASCII only, whatever the locale: xxd runs in the C locale. */
	if (name[0] >= '0' && name[0] <= '9') {
		out[o++] = '_';
		out[o++] = '_';
	}
	for (size_t i = 0; i < n; i++) {
		char	c = name[i];

		if (c >= 'a' && c <= 'z')
			out[o++] = capital ? (char)(c - 'a' + 'A') : c;
		else if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			out[o++] = c;
		else
			out[o++] = '_';
	}
	out[o] = '\0';
	return out;
}

/* Set up F from O; 0, or -1 with *cause. */
int
xxdfmt_init(struct xxdfmt *f, const struct xxdfmt_opts *o, char **cause)
{
	static const uint64_t	cols_default[] = {
		[XXDFMT_HEX] = 16, [XXDFMT_PLAIN] = 30, [XXDFMT_INCLUDE] = 12,
		[XXDFMT_BITS] = 6, [XXDFMT_LITTLE] = 16,
	};
	static const uint64_t	group_default[] = {
		[XXDFMT_HEX] = 2, [XXDFMT_PLAIN] = 1, [XXDFMT_INCLUDE] = 1,
		[XXDFMT_BITS] = 1, [XXDFMT_LITTLE] = 4,
	};
	uint64_t		cols, group, min, max;

	memset(f, 0, sizeof *f);
	f->mode = o->mode;
	f->flags = o->flags;
	cols = o->cols_given ? o->cols : cols_default[o->mode];
	xxdfmt_cols_range(o->mode, &min, &max);
	if (cols < min || cols > max)
		return cause_set(cause, "%" PRIu64 " columns: out of range (%"
		    PRIu64 " to %" PRIu64 ")", cols, min, max);
	group = o->group_given ? o->group : group_default[o->mode];
	if (group == 0 || group > cols)
		group = cols;
	else if (o->mode == XXDFMT_LITTLE && (group & (group - 1)) != 0)
		return cause_set(cause, "%" PRIu64 " bytes per group with -e: "
		    "not a power of 2 (1, 2, 4, 8 ...)", group);
	f->cols = cols;
	/* Plain's cols 0 makes group 0: unused outside the row modes. */
	f->group = (unsigned)(group == 0 ? 1 : group);
	switch (o->mode) {
	case XXDFMT_HEX:
		if (row_geom_init(&f->geom, (unsigned)cols, f->group,
		    cause) != 0)
			return -1;
		break;
	case XXDFMT_BITS:
	case XXDFMT_LITTLE:
		f->digits = o->mode == XXDFMT_BITS ? 8 : 2;
		f->grplen = f->digits * f->group + 1;
		f->text_col = (f->grplen * (unsigned)cols - 1) / f->group + 2;
		/* Only -e's reversed groups can reach past a row's digits. */
		f->overlap = o->mode == XXDFMT_LITTLE &&
		    ((cols % f->group) != 0 || (f->group & (f->group - 1)) != 0);
		break;
	case XXDFMT_INCLUDE:
		if (o->name != NULL)
			f->name = xxdfmt_c_name(o->name,
			    (o->flags & XXDFMT_CAPITAL) != 0);
		break;
	default:
		break;
	}
	return 0;
}

/* Free what xxdfmt_init allocated. */
void
xxdfmt_free(struct xxdfmt *f)
{
	free(f->name);
	f->name = NULL;
}

/* True for the modes made of rows with an offset. */
static bool
xxdfmt_rows(const struct xxdfmt *f)
{
	return f->mode == XXDFMT_HEX || f->mode == XXDFMT_BITS ||
	    f->mode == XXDFMT_LITTLE;
}

/* Pieces given to xxdfmt_format must be multiples of this. */
size_t
xxdfmt_unit(const struct xxdfmt *f)
{
	return xxdfmt_rows(f) ? (size_t)f->cols : 1;
}

/* The longest row of a row mode, '\n' included. */
static size_t
xxdfmt_row_max(const struct xxdfmt *f)
{
	if (f->mode == XXDFMT_HEX)
		return ROW_OFFSET_MAX + f->geom.width + 1;
	return ROW_OFFSET_MAX + f->text_col + (size_t)f->cols + 1;
}

/* Bytes xxdfmt_format may write for LEN input bytes. */
size_t
xxdfmt_bound(const struct xxdfmt *f, size_t len)
{
	size_t	rows;

	switch (f->mode) {
	case XXDFMT_PLAIN:
		return 2 * len + (f->cols == 0 ? 0 : len / f->cols + 1);
	case XXDFMT_INCLUDE:
		return 8 * len;		/* ",\n  0x48" per byte at worst */
	default:
		/* A row may bring out a held zero row and a '*' line too. */
		rows = len / f->cols + 1;
		return rows * (2 * xxdfmt_row_max(f) + 2);
	}
}

/* Bytes xxdfmt_head or xxdfmt_tail may write. */
size_t
xxdfmt_edge_bound(const struct xxdfmt *f)
{
	size_t	name = f->name != NULL ? strlen(f->name) : 0;

	if (f->mode == XXDFMT_INCLUDE)
		return 2 * name + 96;
	if (f->mode == XXDFMT_PLAIN)
		return 1;
	return 2 * (xxdfmt_row_max(f) + 1) + 2;
}

/* The include header when there is a name. */
size_t
xxdfmt_head(struct xxdfmt *f, char *out)
{
	int	n;

	if (f->mode != XXDFMT_INCLUDE || f->name == NULL)
		return 0;
	n = sprintf(out, "unsigned char %s[] = {\n", f->name);
	return (size_t)n;
}

/* The binary digits of each nibble, for -b. */
static const char xxdfmt_bits[16][4] = {
	"0000", "0001", "0010", "0011", "0100", "0101", "0110", "0111",
	"1000", "1001", "1010", "1011", "1100", "1101", "1110", "1111",
};

/* Write the offset field ("%08x: ", more digits past 4 GiB) at P. */
static char *
xxdfmt_put_offset(char *p, uint64_t off)
{
	unsigned	digits = row_offset_width(off) - 2;
	char		pair[2];

	for (unsigned i = digits; i-- > 0; off >>= 4) {
		row_hex((unsigned char)(off & 0xf), 0, pair);
		p[i] = pair[1];
	}
	memcpy(p + digits, ": ", 2);
	return p + digits + 2;
}

/*
 * One row of N (1..cols) bytes at OFF, laid out as xxd does it (see the
 * top of xxdfmt.h): digits clipped at the row's end, then the character,
 * byte after byte, so overlaps come out as in xxd.  Returns the end.
 */
static char *
xxdfmt_row(const struct xxdfmt *f, uint64_t off, const unsigned char *b,
    size_t n, char *p)
{
	unsigned	end, pos, x;
	char		digits[8];

	if (f->mode == XXDFMT_HEX)
		return p + row_format(&f->geom, f->flags & ROW_UPPER, off, b,
		    n, p);
	p = xxdfmt_put_offset(p, off);
	end = f->text_col + (unsigned)n;
	memset(p, ' ', end);
	if (!f->overlap) {
		/* Digits never reach the text: no clipping, no order. */
		for (unsigned i = 0; i < n; i++) {
			x = f->mode == XXDFMT_LITTLE ? i ^ (f->group - 1) : i;
			pos = f->grplen * x / f->group;
			if (f->mode == XXDFMT_BITS) {
				memcpy(p + pos, xxdfmt_bits[b[i] >> 4], 4);
				memcpy(p + pos + 4, xxdfmt_bits[b[i] & 0xf], 4);
			} else
				row_hex(b[i], f->flags & ROW_UPPER, p + pos);
		}
		for (unsigned i = 0; i < n; i++)
			p[f->text_col + i] = row_ascii(b[i]);
		p[end] = '\n';
		return p + end + 1;
	}
	for (unsigned i = 0; i < n; i++) {
		x = f->mode == XXDFMT_LITTLE ? i ^ (f->group - 1) : i;
		pos = f->grplen * x / f->group;
		if (f->mode == XXDFMT_BITS) {
			for (unsigned k = 0; k < 8; k++)
				digits[k] = (b[i] & (0x80 >> k)) ? '1' : '0';
		} else
			row_hex(b[i], f->flags & ROW_UPPER, digits);
		for (unsigned k = 0; k < f->digits && pos + k < end; k++)
			p[pos + k] = digits[k];
		p[f->text_col + i] = row_ascii(b[i]);
	}
	p[end] = '\n';
	return p + end + 1;
}

/* Autoskip, mid-stream: let out a held run before a row that is printed. */
static char *
xxdfmt_flush_run(struct xxdfmt *f, char *p)
{
	if (f->zrun == 2)
		p = xxdfmt_row(f, f->zsecond, xxdfmt_zeros, f->cols, p);
	else if (f->zrun >= 3) {
		memcpy(p, "*\n", 2);
		p += 2;
	}
	f->zrun = 0;
	return p;
}

/* The row modes: rows of cols bytes, the last maybe short. */
static char *
xxdfmt_format_rows(struct xxdfmt *f, uint64_t off, const unsigned char *buf,
    size_t len, char *p)
{
	size_t	cols = (size_t)f->cols, n;

	if (!(f->flags & XXDFMT_AUTOSKIP) && f->mode == XXDFMT_HEX)
		return p + row_format(&f->geom, f->flags & ROW_UPPER, off,
		    buf, len, p);
	for (size_t i = 0; i < len; i += n) {
		n = len - i < cols ? len - i : cols;
		if ((f->flags & XXDFMT_AUTOSKIP) != 0) {
			/* Only a full row of zeros is skipped. */
			if (n == cols && memcmp(buf + i, xxdfmt_zeros, n) == 0) {
				if (++f->zrun == 1)
					p = xxdfmt_row(f, off + i, buf + i, n,
					    p);
				else if (f->zrun == 2)
					f->zsecond = off + i;
				f->zlast = off + i;
				continue;
			}
			p = xxdfmt_flush_run(f, p);
		}
		p = xxdfmt_row(f, off + i, buf + i, n, p);
	}
	return p;
}

/* -p: bare hex, a newline after every cols bytes (never with cols 0). */
static char *
xxdfmt_format_plain(struct xxdfmt *f, const unsigned char *buf, size_t len,
    char *p)
{
	size_t	take;

	if (f->cols == 0) {
		row_hex_run(buf, len, f->flags & ROW_UPPER, p);
		return p + 2 * len;
	}
	while (len > 0) {
		/* Whole lines at once (the common case, and the fast one). */
		if (f->col == 0 && len >= f->cols) {
			size_t	nlines = len / f->cols;

			p += row_hex_lines(buf, nlines, f->cols,
			    f->flags & ROW_UPPER, p);
			buf += nlines * f->cols;
			len -= nlines * f->cols;
			continue;
		}
		take = f->cols - f->col;
		if (take > len)
			take = len;
		row_hex_run(buf, take, f->flags & ROW_UPPER, p);
		p += 2 * take;
		buf += take;
		len -= take;
		f->col += take;
		if (f->col == f->cols) {
			*p++ = '\n';
			f->col = 0;
		}
	}
	return p;
}

/* -i: "  0x48, 0x65," lines of cols bytes. */
static char *
xxdfmt_format_include(struct xxdfmt *f, const unsigned char *buf,
    size_t len, char *p)
{
	const char	*x = (f->flags & ROW_UPPER) ? "0X" : "0x";

	for (size_t i = 0; i < len; i++) {
		if (f->count + i == 0) {
			memcpy(p, "  ", 2);
			p += 2;
		} else if (f->col == f->cols) {
			memcpy(p, ",\n  ", 4);
			p += 4;
			f->col = 0;
		} else {
			memcpy(p, ", ", 2);
			p += 2;
		}
		memcpy(p, x, 2);
		row_hex(buf[i], f->flags & ROW_UPPER, p + 2);
		p += 4;
		f->col++;
	}
	return p;
}

/* Format LEN bytes of BUF, the first at file offset OFF. */
size_t
xxdfmt_format(struct xxdfmt *f, uint64_t off, const unsigned char *buf,
    size_t len, char *out)
{
	char	*p;

	switch (f->mode) {
	case XXDFMT_PLAIN:
		p = xxdfmt_format_plain(f, buf, len, out);
		break;
	case XXDFMT_INCLUDE:
		p = xxdfmt_format_include(f, buf, len, out);
		break;
	default:
		p = xxdfmt_format_rows(f, off, buf, len, out);
		break;
	}
	f->count += len;
	return (size_t)(p - out);
}

/* Finish the stream. */
size_t
xxdfmt_tail(struct xxdfmt *f, char *out)
{
	char	*p = out;

	switch (f->mode) {
	case XXDFMT_PLAIN:
		if (f->cols == 0 || f->col > 0)
			*p++ = '\n';
		break;
	case XXDFMT_INCLUDE:
		if (f->count > 0)
			*p++ = '\n';
		if (f->name != NULL)
			p += sprintf(p, "};\nunsigned int %s_%s = %" PRIu64
			    ";\n", f->name,
			    (f->flags & XXDFMT_CAPITAL) ? "LEN" : "len",
			    f->count);
		break;
	default:
		/* The last row is always printed (xxd's rule). */
		if (f->zrun == 2)
			p = xxdfmt_row(f, f->zlast, xxdfmt_zeros, f->cols, p);
		else if (f->zrun == 3) {
			p = xxdfmt_row(f, f->zsecond, xxdfmt_zeros, f->cols,
			    p);
			p = xxdfmt_row(f, f->zlast, xxdfmt_zeros, f->cols, p);
		} else if (f->zrun >= 4) {
			memcpy(p, "*\n", 2);
			p = xxdfmt_row(f, f->zlast, xxdfmt_zeros, f->cols,
			    p + 2);
		}
		f->zrun = 0;
		break;
	}
	return (size_t)(p - out);
}
