/* SPDX-License-Identifier: ISC */
/*
 * row.c - the hex row: xxd's layout, its geometry, and a fast formatter.
 *
 * Owns the layout rules stated in row.h and the one function that turns
 * bytes into rows.  The geometry functions are the single source of truth
 * for where a byte appears; the formatter produces the same columns.
 *
 * Speed: `livehex dump` must run at ten times xxd's throughput, so the
 * formatter never calls printf and formats many rows into one
 * caller-supplied buffer.  The portable path looks up each byte's two hex
 * digits in a 512-byte table (one 2-byte copy) and its ASCII character in a
 * 256-byte table, with the group loop inlined for a constant group size.
 * With SSE2 (every x86-64), rows whose width is a multiple of 16 and whose
 * groups are 2, 4, 8, 16 bytes or the whole row take row_fast_rows(): 16
 * bytes become 32 hex digits in a few vector instructions and the ASCII
 * column is made 16 bytes at a time.  Every path is held to the same slow
 * model by check_row.c (build with -U__SSE2__ to test the portable path).
 *
 * Invariants: a geometry from row_geom_init() always has
 * 1 <= group <= cols <= ROW_COLS_MAX; row_format() writes at most
 * row_format_bound() bytes.  Nothing here allocates (except a cause) or
 * fails after the geometry is set up.
 */
#include "config.h"

#include <string.h>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

#include "row.h"
#include "xmalloc.h"

/* The 256 two-digit hex pairs, "00" .. "ff", lower and upper case. */
#define ROW_PAIRS16(h, d) \
	h d"0" h d"1" h d"2" h d"3" h d"4" h d"5" h d"6" h d"7" \
	h d"8" h d"9" h d"a" h d"b" h d"c" h d"d" h d"e" h d"f"
#define ROW_PAIRS16U(h, d) \
	h d"0" h d"1" h d"2" h d"3" h d"4" h d"5" h d"6" h d"7" \
	h d"8" h d"9" h d"A" h d"B" h d"C" h d"D" h d"E" h d"F"
#define ROW_PAIRS(P) \
	P("0", "") P("1", "") P("2", "") P("3", "") \
	P("4", "") P("5", "") P("6", "") P("7", "") \
	P("8", "") P("9", "") P("a", "") P("b", "") \
	P("c", "") P("d", "") P("e", "") P("f", "")
#define ROW_PAIRSU(P) \
	P("0", "") P("1", "") P("2", "") P("3", "") \
	P("4", "") P("5", "") P("6", "") P("7", "") \
	P("8", "") P("9", "") P("A", "") P("B", "") \
	P("C", "") P("D", "") P("E", "") P("F", "")

static const char row_hex_lower[513] = ROW_PAIRS(ROW_PAIRS16);
static const char row_hex_upper[513] = ROW_PAIRSU(ROW_PAIRS16U);

/* What the ASCII column shows for each byte: itself for 0x20..0x7e. */
#define ROW_DOTS16 "................"
static const char row_ascii_table[257] =
	ROW_DOTS16 ROW_DOTS16
	" !\"#$%&'()*+,-./0123456789:;<=>?"
	"@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_"
	"`abcdefghijklmnopqrstuvwxyz{|}~."
	ROW_DOTS16 ROW_DOTS16 ROW_DOTS16 ROW_DOTS16
	ROW_DOTS16 ROW_DOTS16 ROW_DOTS16 ROW_DOTS16;

/* Set up G for COLS bytes per row in groups of GROUP bytes; 0 or -1. */
int
row_geom_init(struct row_geom *g, unsigned cols, unsigned group,
    char **cause)
{
	if (cols < 1 || cols > ROW_COLS_MAX)
		return cause_set(cause, "%u columns: out of range (1 to %u)",
		    cols, ROW_COLS_MAX);
	if (group == 0 || group > cols)
		group = cols;
	g->cols = cols;
	g->group = group;
	g->hex_width = 2 * cols + (cols - 1) / group;
	g->ascii_col = g->hex_width + 2;
	g->width = g->ascii_col + cols;
	return 0;
}

/* Body column of the first hex digit of byte I. */
unsigned
row_hex_col(const struct row_geom *g, unsigned i)
{
	return 2 * i + i / g->group;
}

/* Body column of the ASCII character of byte I. */
unsigned
row_ascii_col(const struct row_geom *g, unsigned i)
{
	return g->ascii_col + i;
}

/* Which byte is shown at body column COL, and which part of it; or -1. */
int
row_byte_at(const struct row_geom *g, unsigned col, unsigned *nibble)
{
	unsigned	span = 2 * g->group + 1, i, in;

	if (col >= g->width)
		return -1;
	if (col >= g->ascii_col) {
		*nibble = 2;
		return (int)(col - g->ascii_col);
	}
	if (col >= g->hex_width)
		return -1;
	/* A group is 2*group digits then one space. */
	in = col % span;
	if (in == 2 * g->group)
		return -1;
	i = (col / span) * g->group + in / 2;
	*nibble = in % 2;
	return (int)i;
}

/* Columns of the offset field ("%08x: ") for a row starting at OFF. */
unsigned
row_offset_width(uint64_t off)
{
	unsigned	digits = 8;

	while (digits < 16 && (off >> (4 * digits)) != 0)
		digits++;
	return digits + 2;
}

/* Write the two hex digits of B to OUT. */
void
row_hex(unsigned char b, int flags, char out[2])
{
	const char	*hex = (flags & ROW_UPPER) ? row_hex_upper : row_hex_lower;

	memcpy(out, hex + 2 * b, 2);
}

/* Write "de ad ??": N bytes of B, "??" from VALID on; NUL-terminated. */
void
row_hex_list(const unsigned char *b, size_t n, size_t valid, char *out)
{
	for (size_t i = 0; i < n; i++) {
		if (i > 0)
			*out++ = ' ';
		if (i < valid)
			row_hex(b[i], 0, out);
		else
			memcpy(out, "??", 2);
		out += 2;
	}
	*out = '\0';
}

/* The character the ASCII column shows for B. */
char
row_ascii(unsigned char b)
{
	return row_ascii_table[b];
}

/* Bytes row_format() may write for LEN input bytes at any offset. */
size_t
row_format_bound(const struct row_geom *g, size_t len)
{
	size_t	rows = len / g->cols + (len % g->cols != 0);

	return rows * (ROW_OFFSET_MAX + g->width + 1);
}

/* Write the offset field for OFF at P; returns the end. */
static inline char *
row_put_offset(char *p, uint64_t off)
{
	unsigned	digits;

	if (off <= 0xffffffffu) {
		uint32_t	o = (uint32_t)off;

		memcpy(p, row_hex_lower + 2 * (o >> 24), 2);
		memcpy(p + 2, row_hex_lower + 2 * ((o >> 16) & 0xff), 2);
		memcpy(p + 4, row_hex_lower + 2 * ((o >> 8) & 0xff), 2);
		memcpy(p + 6, row_hex_lower + 2 * (o & 0xff), 2);
		memcpy(p + 8, ": ", 2);
		return p + 10;
	}
	digits = row_offset_width(off) - 2;
	for (unsigned i = digits; i-- > 0; off >>= 4)
		p[i] = row_hex_lower[2 * (off & 0xf) + 1];
	memcpy(p + digits, ": ", 2);
	return p + digits + 2;
}

/*
 * Write NGROUPS complete groups of G bytes from B, each followed by one
 * space; returns the end.  Inlined with a constant G for the common sizes.
 */
static inline __attribute__((always_inline)) char *
row_put_groups(char *p, const unsigned char *b, size_t ngroups, unsigned g,
    const char *hex)
{
	for (size_t k = 0; k < ngroups; k++) {
		for (unsigned j = 0; j < g; j++) {
			memcpy(p, hex + 2 * b[j], 2);
			p += 2;
		}
		*p++ = ' ';
		b += g;
	}
	return p;
}

/* Write the ASCII column for N bytes of B at P; returns the end. */
static inline char *
row_put_ascii(char *p, const unsigned char *b, size_t n)
{
	size_t	i = 0;

#if defined(__SSE2__)
	/* Printable is 0x20..0x7e: (int8)(b ^ 0x80) in [-96, -2]. */
	const __m128i	flip = _mm_set1_epi8((char)0x80);
	const __m128i	lo = _mm_set1_epi8((char)(0x1f ^ 0x80));
	const __m128i	hi = _mm_set1_epi8((char)(0x7f ^ 0x80));
	const __m128i	dot = _mm_set1_epi8('.');

	for (; i + 16 <= n; i += 16) {
		__m128i	v = _mm_loadu_si128((const __m128i *)(b + i));
		__m128i	s = _mm_xor_si128(v, flip);
		__m128i	ok = _mm_and_si128(_mm_cmpgt_epi8(s, lo),
		    _mm_cmplt_epi8(s, hi));

		v = _mm_or_si128(_mm_and_si128(ok, v),
		    _mm_andnot_si128(ok, dot));
		_mm_storeu_si128((__m128i *)(p + i), v);
	}
#endif
	for (; i < n; i++)
		p[i] = row_ascii_table[b[i]];
	return p + n;
}

#if defined(__SSE2__)
/*
 * The hex digits of 16 bytes as 32 characters in two registers: *lo holds
 * bytes 0..7, *hi bytes 8..15.  Lower case adds 39 to nibbles above 9
 * ('a' - '0' - 10), upper case adds 7.
 */
static inline void
row_hex16(const unsigned char *b, int upper, __m128i *lo, __m128i *hi)
{
	const __m128i	mask = _mm_set1_epi8(0x0f);
	const __m128i	nine = _mm_set1_epi8(9);
	const __m128i	zero = _mm_set1_epi8('0');
	const __m128i	alpha = _mm_set1_epi8(upper ? 7 : 39);
	__m128i		v = _mm_loadu_si128((const __m128i *)b);
	__m128i		h = _mm_and_si128(_mm_srli_epi16(v, 4), mask);
	__m128i		l = _mm_and_si128(v, mask);
	__m128i		a = _mm_unpacklo_epi8(h, l);
	__m128i		c = _mm_unpackhi_epi8(h, l);

	a = _mm_add_epi8(_mm_add_epi8(a, zero),
	    _mm_and_si128(_mm_cmpgt_epi8(a, nine), alpha));
	c = _mm_add_epi8(_mm_add_epi8(c, zero),
	    _mm_and_si128(_mm_cmpgt_epi8(c, nine), alpha));
	*lo = a;
	*hi = c;
}

/*
 * Write 16 bytes of B as hex in groups of G (2, 4, 8 or 16), each group
 * followed by one space; returns the end.  Stores may overlap: every byte
 * written past a group is rewritten before the function returns.
 */
static inline __attribute__((always_inline)) char *
row_put_block16(char *p, const unsigned char *b, unsigned g, int upper)
{
	__m128i		lo, hi;
	uint64_t	q[4];

	row_hex16(b, upper, &lo, &hi);
	switch (g) {
	case 16:
		_mm_storeu_si128((__m128i *)p, lo);
		_mm_storeu_si128((__m128i *)(p + 16), hi);
		p[32] = ' ';
		return p + 33;
	case 8:
		_mm_storeu_si128((__m128i *)p, lo);
		p[16] = ' ';
		_mm_storeu_si128((__m128i *)(p + 17), hi);
		p[33] = ' ';
		return p + 34;
	default:
		break;
	}
	_mm_storeu_si128((__m128i *)q, lo);
	_mm_storeu_si128((__m128i *)(q + 2), hi);
	for (unsigned k = 0; k < 4; k++) {
		if (g == 4) {
			memcpy(p, &q[k], 8);
			p[8] = ' ';
			p += 9;
		} else {
			memcpy(p, &q[k], 8);
			memcpy(p + 5, (const char *)&q[k] + 4, 4);
			p[4] = ' ';
			p[9] = ' ';
			p += 10;
		}
	}
	return p;
}
#endif

/* The hex digits of N bytes of B, 2 * N characters at OUT. */
void
row_hex_run(const unsigned char *b, size_t n, int flags, char *out)
{
	const char	*hex = (flags & ROW_UPPER) ? row_hex_upper : row_hex_lower;
	size_t		 i = 0;

#if defined(__SSE2__)
	__m128i		 lo, hi;

	for (; i + 16 <= n; i += 16) {
		row_hex16(b + i, (flags & ROW_UPPER) != 0, &lo, &hi);
		_mm_storeu_si128((__m128i *)(out + 2 * i), lo);
		_mm_storeu_si128((__m128i *)(out + 2 * i + 16), hi);
	}
	/*
	 * A tail of 1..15 bytes after at least one block: one more block
	 * that ends at N, overlapping digits already written with the same
	 * ones (xxd -p's 30-byte lines are 16 + 14).
	 */
	if (i < n && n >= 16) {
		i = n - 16;
		row_hex16(b + i, (flags & ROW_UPPER) != 0, &lo, &hi);
		_mm_storeu_si128((__m128i *)(out + 2 * i), lo);
		_mm_storeu_si128((__m128i *)(out + 2 * i + 16), hi);
		return;
	}
#endif
	for (; i < n; i++)
		memcpy(out + 2 * i, hex + 2 * b[i], 2);
}

/* NLINES lines of COLS bytes of B as bare hex, each ending in '\n'. */
size_t
row_hex_lines(const unsigned char *b, size_t nlines, size_t cols, int flags,
    char *out)
{
	char	*p = out;

#if defined(__SSE2__)
	/* Inlined here: a call per 30-byte line costs as much as its digits. */
	if (cols >= 16) {
		int	upper = (flags & ROW_UPPER) != 0;

		for (size_t l = 0; l < nlines; l++, b += cols) {
			__m128i	lo, hi;
			size_t	i;

			for (i = 0; i + 16 <= cols; i += 16) {
				row_hex16(b + i, upper, &lo, &hi);
				_mm_storeu_si128((__m128i *)(p + 2 * i), lo);
				_mm_storeu_si128((__m128i *)(p + 2 * i + 16),
				    hi);
			}
			if (i < cols) {
				/* Overlaps digits written already, alike. */
				i = cols - 16;
				row_hex16(b + i, upper, &lo, &hi);
				_mm_storeu_si128((__m128i *)(p + 2 * i), lo);
				_mm_storeu_si128((__m128i *)(p + 2 * i + 16),
				    hi);
			}
			p += 2 * cols;
			*p++ = '\n';
		}
		return (size_t)(p - out);
	}
#endif
	for (size_t l = 0; l < nlines; l++, b += cols) {
		row_hex_run(b, cols, flags, p);
		p += 2 * cols;
		*p++ = '\n';
	}
	return (size_t)(p - out);
}

/*
 * Format one row of N (1..cols) bytes at OFF into P, generic geometry;
 * FULL and REST are N / group and N % group.  Returns the end.
 */
static inline __attribute__((always_inline)) char *
row_put_row(const struct row_geom *g, const char *hex, uint64_t off,
    const unsigned char *b, size_t n, size_t full, size_t rest, char *p)
{
	char	*body, *ascii;

	p = row_put_offset(p, off);
	body = p;
	switch (g->group) {
	case 1:
		p = row_put_groups(p, b, full, 1, hex);
		break;
	case 2:
		p = row_put_groups(p, b, full, 2, hex);
		break;
	case 4:
		p = row_put_groups(p, b, full, 4, hex);
		break;
	case 8:
		p = row_put_groups(p, b, full, 8, hex);
		break;
	default:
		p = row_put_groups(p, b, full, g->group, hex);
		break;
	}
	for (size_t j = 0, k = full * g->group; j < rest; j++) {
		memcpy(p, hex + 2 * b[k + j], 2);
		p += 2;
	}
	/* The loops above may have written one of the gap's spaces already. */
	ascii = body + g->ascii_col;
	if (ascii - p <= 2)
		memcpy(p, "  ", 2);	/* a space past the gap is overwritten */
	else
		memset(p, ' ', (size_t)(ascii - p));
	p = row_put_ascii(ascii, b, n);
	*p++ = '\n';
	return p;
}

#if defined(__SSE2__)
/*
 * Format NROWS full rows when cols is a multiple of 16 and every 16-byte
 * block starts on a group boundary: G is the group size (2, 4, 8 or 16),
 * or 0 for one group per row.  Returns the end.
 */
static inline __attribute__((always_inline)) char *
row_fast_rows(const struct row_geom *g, int upper, uint64_t off,
    const unsigned char *b, size_t nrows, unsigned G, char *p)
{
	size_t	 cols = g->cols, blocks = cols / 16;

	for (size_t r = 0; r < nrows; r++, b += cols, off += cols) {
		p = row_put_offset(p, off);
		for (size_t k = 0; k < blocks; k++) {
			if (G == 0) {
				__m128i	lo, hi;

				row_hex16(b + 16 * k, upper, &lo, &hi);
				_mm_storeu_si128((__m128i *)p, lo);
				_mm_storeu_si128((__m128i *)(p + 16), hi);
				p += 32;
			} else
				p = row_put_block16(p, b + 16 * k, G, upper);
		}
		/* The last group's space is written; the gap needs two. */
		if (G == 0) {
			memcpy(p, "  ", 2);
			p += 2;
		} else
			*p++ = ' ';
		p = row_put_ascii(p, b, cols);
		*p++ = '\n';
	}
	return p;
}

/* Format NROWS full rows through row_fast_rows() if the geometry allows. */
static char *
row_fast(const struct row_geom *g, int upper, uint64_t off,
    const unsigned char *b, size_t nrows, char *p)
{
	if (g->cols % 16 != 0)
		return NULL;
	if (g->group == g->cols)
		return row_fast_rows(g, upper, off, b, nrows, 0, p);
	switch (g->group) {
	case 2:
		return row_fast_rows(g, upper, off, b, nrows, 2, p);
	case 4:
		return row_fast_rows(g, upper, off, b, nrows, 4, p);
	case 8:
		return row_fast_rows(g, upper, off, b, nrows, 8, p);
	case 16:
		return row_fast_rows(g, upper, off, b, nrows, 16, p);
	}
	return NULL;
}
#endif

/* Format LEN bytes of BUF as rows starting at offset OFF into OUT. */
size_t
row_format(const struct row_geom *g, int flags, uint64_t off,
    const unsigned char *buf, size_t len, char *out)
{
	const char	*hex = (flags & ROW_UPPER) ? row_hex_upper : row_hex_lower;
	char		*p = out;
	size_t		 cols = g->cols, nrows = len / cols;
	size_t		 full = cols / g->group, rest = cols % g->group;

#if defined(__SSE2__)
	char		*end;

	end = row_fast(g, (flags & ROW_UPPER) != 0, off, buf, nrows, p);
	if (end != NULL) {
		p = end;
		buf += nrows * cols;
		off += nrows * cols;
		len -= nrows * cols;
	}
#endif
	for (; len >= cols; len -= cols, buf += cols, off += cols)
		p = row_put_row(g, hex, off, buf, cols, full, rest, p);
	if (len > 0)
		p = row_put_row(g, hex, off, buf, len, len / g->group,
		    len % g->group, p);
	return (size_t)(p - out);
}
