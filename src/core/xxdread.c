/* SPDX-License-Identifier: ISC */
/*
 * xxdread.c - read an xxd dump back into offsets and bytes (for `load`).
 *
 * Owns the grammar in xxdread.h.  One pass over the text, line by line; a
 * row is checked against the one before it (order, overlap, width) as soon
 * as it is read, so an error names the first line that is wrong.  Every
 * error is "LINE:COL: what", with the offending character shown safely
 * (printable as itself, anything else as its byte value): the caller puts
 * the dump's name in front and prints it.
 *
 * Invariants of a successful parse: records in increasing offset order,
 * none overlapping, none empty, every offset + length representable;
 * bytes holds exactly the sum of the lengths.  On failure R is empty.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>

#include "number.h"
#include "xxdread.h"
#include "xmalloc.h"

/* The parse in progress. */
struct xxdread_state {
	struct xxdread	*r;
	size_t		 cap;		/* records allocated */
	uint64_t	 base;
	size_t		 width;		/* rows: bytes in the first row */
	unsigned	 line;
};

/* C shown safely in a message: 'x', or byte 0x1b. */
static const char *
xxdread_show(char c, char buf[16])
{
	if (c > 0x20 && c < 0x7f)
		snprintf(buf, 16, "'%c'", c);
	else if (c == ' ')
		snprintf(buf, 16, "a space");
	else
		snprintf(buf, 16, "byte 0x%02x", (unsigned char)c);
	return buf;
}

/* Fail at COL of the current line: *cause is "LINE:COL: what"; -1. */
static int __attribute__((format(printf, 4, 5)))
xxdread_fail(struct xxdread_state *s, size_t col, char **cause,
    const char *fmt, ...)
{
	va_list	 ap;
	char	*what;

	va_start(ap, fmt);
	if (vasprintf(&what, fmt, ap) == -1)
		what = NULL;
	va_end(ap);
	cause_set(cause, "%u:%zu: %s", s->line, col,
	    what != NULL ? what : "(out of memory)");
	free(what);
	return -1;
}

/* Add a record of LEN bytes (already appended) at OFF. */
static void
xxdread_add(struct xxdread_state *s, uint64_t off, size_t len)
{
	struct xxdread	*r = s->r;

	if (r->nrecs == s->cap) {
		s->cap = s->cap == 0 ? 64 : s->cap * 2;
		r->recs = xrealloc(r->recs, s->cap * sizeof *r->recs);
	}
	r->recs[r->nrecs].off = off;
	r->recs[r->nrecs].len = len;
	r->recs[r->nrecs].at = r->nbytes - len;
	r->recs[r->nrecs].line = s->line;
	r->nrecs++;
}

/*
 * Read hex digit pairs from *Q up to the first character that is not a hex
 * digit (or LE), appending the bytes; their count, or -1 (odd count).
 */
static ssize_t
xxdread_digits(struct xxdread_state *s, const char *ls, const char **q,
    const char *le, char **cause)
{
	const char	*p = *q;
	size_t		 n = 0;

	while (p < le && number_xdigit(*p) != -1)
		p++;
	if ((p - *q) % 2 != 0)
		return xxdread_fail(s, (size_t)(p - ls), cause, "an odd number"
		    " of hex digits (%zu) together: a digit missing or one too"
		    " many?", (size_t)(p - *q));
	for (const char *d = *q; d < p; d += 2, n++)
		s->r->bytes[s->r->nbytes++] = (unsigned char)
		    (number_xdigit(d[0]) << 4 | number_xdigit(d[1]));
	*q = p;
	return (ssize_t)n;
}

/* Parse one xxd row [ls, le); 0 or -1. */
static int
xxdread_row(struct xxdread_state *s, const char *ls, const char *le,
    char **cause)
{
	struct xxdread		*r = s->r;
	const struct xxdread_rec *prev;
	const char		*q = ls;
	uint64_t		 off = 0;
	size_t			 len = 0, digits = 0;
	ssize_t			 n;
	char			 show[16];

	for (; q < le && number_xdigit(*q) != -1; q++, digits++) {
		if (digits == 16)
			return xxdread_fail(s, (size_t)(q - ls) + 1, cause,
			    "offset too long (more than 16 hex digits)");
		off = off << 4 | (uint64_t)number_xdigit(*q);
	}
	if (digits == 0 && q < le && *q == '*')
		return xxdread_fail(s, 1, cause, "'*' stands for rows of zeros"
		    " that xxd -a left out, and does not say how many: make the"
		    " dump without -a");
	if (digits == 0)
		return xxdread_fail(s, 1, cause, "%s where a row starts: expected"
		    " a hex offset and ':' (as in 00000010:)",
		    xxdread_show(*q, show));
	if (q == le || *q != ':')
		return xxdread_fail(s, (size_t)(q - ls) + 1, cause, "expected"
		    " ':' after the offset, found %s", q == le ? "the end of"
		    " the line" : xxdread_show(*q, show));
	q++;
	if (q < le && *q != ' ')
		return xxdread_fail(s, (size_t)(q - ls) + 1, cause, "expected"
		    " a space after ':', found %s", xxdread_show(*q, show));
	if (q == le || q + 1 == le || q[1] == ' ')
		return xxdread_fail(s, (size_t)(q - ls) + 1, cause, "no bytes"
		    " after the offset (a truncated line?)");
	q++;
	/* Groups of digit pairs, one space apart; two spaces end the hex. */
	for (;;) {
		if (number_xdigit(*q) == -1)
			return xxdread_fail(s, (size_t)(q - ls) + 1, cause,
			    "%s is not a hex digit", xxdread_show(*q, show));
		if ((n = xxdread_digits(s, ls, &q, le, cause)) < 0)
			return -1;
		len += (size_t)n;
		if (q == le)
			break;
		if (*q != ' ')
			return xxdread_fail(s, (size_t)(q - ls) + 1, cause,
			    "%s is not a hex digit", xxdread_show(*q, show));
		q++;
		if (q == le || *q == ' ')
			break;
	}
	if (UINT64_MAX - s->base < off ||
	    UINT64_MAX - (s->base + off) < len)
		return xxdread_fail(s, 1, cause, "offset 0x%" PRIx64 " is too"
		    " large", off);
	off += s->base;
	if (r->nrecs == 0)
		s->width = len;
	else {
		prev = &r->recs[r->nrecs - 1];
		if (off < prev->off)
			return xxdread_fail(s, 1, cause, "offset 0x%" PRIx64
			    " comes before the previous row's 0x%" PRIx64
			    " (line %u): rows must be in order", off,
			    prev->off, prev->line);
		if (off < prev->off + prev->len)
			return xxdread_fail(s, 1, cause, "the row at 0x%"
			    PRIx64 " overlaps the previous row (0x%" PRIx64
			    "-0x%" PRIx64 ", line %u)", off, prev->off,
			    prev->off + prev->len - 1, prev->line);
		if (prev->len != s->width) {
			s->line = prev->line;
			return xxdread_fail(s, 1, cause, "%zu bytes in a row"
			    " where the first row has %zu: only the last row"
			    " may be shorter (a byte deleted?)", prev->len,
			    s->width);
		}
		if (len > s->width)
			return xxdread_fail(s, 1, cause, "%zu bytes in a row"
			    " where the first row has %zu (a byte added?)", len,
			    s->width);
	}
	xxdread_add(s, off, len);
	return 0;
}

/* Parse one line of an xxd -p dump [ls, le); 0 or -1. */
static int
xxdread_plain(struct xxdread_state *s, const char *ls, const char *le,
    char **cause)
{
	const char	*q = ls;
	size_t		 len = 0;
	uint64_t	 off = s->base + (uint64_t)s->r->nbytes;
	ssize_t		 n;
	char		 show[16];

	while (q < le) {
		if (*q == ' ' || *q == '\t') {
			q++;
			continue;
		}
		if (number_xdigit(*q) == -1)
			return xxdread_fail(s, (size_t)(q - ls) + 1, cause,
			    "%s is not a hex digit%s", xxdread_show(*q, show),
			    *q == ':' ? " (this is a plain, -p dump: its first"
			    " line has no ':')" : "");
		if ((n = xxdread_digits(s, ls, &q, le, cause)) < 0)
			return -1;
		len += (size_t)n;
	}
	if (UINT64_MAX - off < len)
		return xxdread_fail(s, 1, cause, "the bytes run past offset"
		    " 2^64");
	xxdread_add(s, off, len);
	return 0;
}

/* True when [P, END) holds only spaces and tabs. */
static bool
xxdread_blank(const char *p, const char *end)
{
	for (; p < end; p++)
		if (*p != ' ' && *p != '\t')
			return false;
	return true;
}

/* Parse LEN bytes of TEXT into R; 0, or -1 with *cause. */
int
xxdread_parse(const char *text, size_t len, uint64_t base, struct xxdread *r,
    char **cause)
{
	struct xxdread_state	 s;
	const char		*p = text, *end = text + len, *le, *nul, *next;
	bool			 decided = false;

	memset(r, 0, sizeof *r);
	memset(&s, 0, sizeof s);
	s.r = r;
	s.base = base;
	/* Every byte takes two digits: half the text is always enough. */
	r->bytes = xmalloc(len / 2 + 1);
	for (; p < end; p = next) {
		const char	*ls = p, *q;
		int		 rc;

		s.line++;
		le = memchr(p, '\n', (size_t)(end - p));
		if (le == NULL)
			le = end;
		next = le < end ? le + 1 : end;
		if ((nul = memchr(ls, '\0', (size_t)(le - ls))) != NULL) {
			xxdread_fail(&s, (size_t)(nul - ls) + 1, cause, "a NUL"
			    " byte: not a text dump");
			goto fail;
		}
		/* A CRLF line is read like an LF one. */
		q = le;
		if (q > ls && q[-1] == '\r')
			q--;
		if (xxdread_blank(ls, q))
			continue;
		if (!decided) {
			r->plain = memchr(ls, ':', (size_t)(q - ls)) == NULL;
			decided = true;
		}
		rc = r->plain ? xxdread_plain(&s, ls, q, cause) :
		    xxdread_row(&s, ls, q, cause);
		if (rc != 0)
			goto fail;
	}
	return 0;
fail:
	xxdread_free(r);
	return -1;
}

/* Free what xxdread_parse filled in. */
void
xxdread_free(struct xxdread *r)
{
	free(r->recs);
	free(r->bytes);
	memset(r, 0, sizeof *r);
}
