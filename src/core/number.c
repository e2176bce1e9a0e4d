/* SPDX-License-Identifier: ISC */
/*
 * number.c - parsing numbers typed on the command line.
 *
 * Owns the one grammar described in number.h.  The parser is a hand-written
 * scanner rather than strtoull(3) because strtoull accepts what we must
 * reject: leading whitespace, a sign on an unsigned number (it negates
 * "-1" into 2^64-1), octal for a leading zero, and trailing garbage unless
 * the caller checks endptr by hand everywhere.
 *
 * Every failure returns -1 with a cause that quotes the whole text the user
 * typed (escaped when it holds unprintable bytes), so the message can be
 * printed as is.  Nothing here prints, exits or keeps state.
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "number.h"
#include "xmalloc.h"

/* One accepted suffix and the power of 1024 it stands for. */
struct number_suffix {
	const char	*name;
	unsigned	 shift;
};

static const struct number_suffix number_suffixes[] = {
	{ "k", 10 }, { "kib", 10 },
	{ "m", 20 }, { "mib", 20 },
	{ "g", 30 }, { "gib", 30 },
};

/* True for a byte worth showing as itself inside a quoted message. */
static bool
number_printable(unsigned char c)
{
	return c >= 0x20 && c <= 0x7e;
}

/*
 * S quoted for a message (malloc'd): esc_quote's form, the core's one,
 * every byte >= 0x80 escaped too.
 */
static char *
number_quote(const char *s)
{
	return esc_quote(s, strlen(s), SIZE_MAX, ESC_MARKS);
}

/* Set *cause to `"TEXT": WHY` and return -1. */
static int
number_fail(char **cause, const char *text, const char *why)
{
	char	*q = number_quote(text);

	cause_set(cause, "%s: %s", q, why);
	free(q);
	return -1;
}

/* Fail for the bad byte at S[POS] (position counted from 1 in messages). */
static int
number_fail_char(char **cause, const char *s, size_t pos)
{
	unsigned char	 c = (unsigned char)s[pos];
	char		*why;
	int		 rc;

	if (number_printable(c))
		why = xasprintf("not a number (bad character '%c' at position"
		    " %zu)", c, pos + 1);
	else
		why = xasprintf("not a number (bad byte 0x%02x at position"
		    " %zu)", c, pos + 1);
	rc = number_fail(cause, s, why);
	free(why);
	return rc;
}

/* Case-insensitive ASCII comparison of two whole strings. */
static bool
number_eq_nocase(const char *a, const char *b)
{
	for (; *a && *b; a++, b++) {
		unsigned char	x = (unsigned char)*a, y = (unsigned char)*b;

		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return false;
	}
	return *a == *b;
}

/*
 * Parse TEXT starting at index START (before it: an already accepted sign);
 * messages quote the whole TEXT and count positions in it.
 */
static int
number_scan(const char *text, size_t start, uint64_t *out, int flags,
    char **cause)
{
	const char	*s = text + start;
	uint64_t	 v = 0;
	unsigned	 base = 10;
	size_t		 i = 0, first;
	int		 d;

	if (*s == '\0')
		return number_fail(cause, text, start == 0 ?
		    "not a number (empty)" : "not a number (no digits)");
	if (*s == '+' || *s == '-')
		return number_fail(cause, text,
		    "not a number (a sign is not allowed here)");
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X')) {
		base = 16;
		i = 2;
	}
	first = i;
	for (; s[i] != '\0'; i++) {
		d = number_xdigit((unsigned char)s[i]);
		if (d < 0 || (unsigned)d >= base)
			break;
		if (v > (UINT64_MAX - (unsigned)d) / base)
			return number_fail(cause, text,
			    "too large (more than 2^64-1)");
		v = v * base + (unsigned)d;
	}
	if (i == first) {
		if (base == 16)
			return number_fail(cause, text,
			    "not a number (no digits after \"0x\")");
		return number_fail_char(cause, text, start + i);
	}
	if (s[i] != '\0') {
		const struct number_suffix	*sfx = NULL;
		unsigned char			 c = (unsigned char)s[i];

		if (!(flags & NUMBER_SUFFIX))
			return number_fail_char(cause, text, start + i);
		for (size_t k = 0; k < sizeof number_suffixes /
		    sizeof number_suffixes[0]; k++) {
			if (number_eq_nocase(s + i, number_suffixes[k].name))
				sfx = &number_suffixes[k];
		}
		if (sfx == NULL) {
			char	*why, *q;
			int	 rc;

			if (strchr("kKmMgG", c) == NULL)
				return number_fail_char(cause, text,
				    start + i);
			q = number_quote(s + i);
			why = xasprintf("bad suffix %s (use K, M, G, KiB, MiB"
			    " or GiB)", q);
			rc = number_fail(cause, text, why);
			free(why);
			free(q);
			return rc;
		}
		if (v > (UINT64_MAX >> sfx->shift))
			return number_fail(cause, text,
			    "too large (more than 2^64-1)");
		v <<= sfx->shift;
	}
	if (v == 0 && (flags & NUMBER_NONZERO))
		return number_fail(cause, text, "must be greater than zero");
	*out = v;
	return 0;
}

/* Parse S as an unsigned 64-bit number; 0, or -1 with *cause. */
int
number_parse_u64(const char *s, uint64_t *out, int flags, char **cause)
{
	return number_scan(s, 0, out, flags, cause);
}

/* Parse S and require MIN <= value <= MAX; 0, or -1 with *cause. */
int
number_parse_range(const char *s, uint64_t min, uint64_t max, uint64_t *out,
    int flags, char **cause)
{
	uint64_t	 v;
	char		*why;
	int		 rc;

	if (number_scan(s, 0, &v, flags, cause) != 0)
		return -1;
	if (v < min || v > max) {
		why = xasprintf("out of range (%" PRIu64 " to %" PRIu64 ")",
		    min, max);
		rc = number_fail(cause, s, why);
		free(why);
		return rc;
	}
	*out = v;
	return 0;
}

/* Parse an offset "[+|-]N"; the sign comes back in *anchor; 0 or -1. */
int
number_parse_offset(const char *s, uint64_t *out, enum number_anchor *anchor,
    int flags, char **cause)
{
	enum number_anchor	a = NUMBER_ABSOLUTE;
	size_t			start = 0;

	if (s[0] == '+') {
		a = NUMBER_RELATIVE;
		start = 1;
	} else if (s[0] == '-') {
		a = NUMBER_FROM_END;
		start = 1;
	}
	if (number_scan(s, start, out, flags, cause) != 0)
		return -1;
	*anchor = a;
	return 0;
}

/* Turn a parsed offset into an absolute one; -1 when before the start. */
int
number_resolve_offset(uint64_t value, enum number_anchor anchor,
    uint64_t here, uint64_t size, uint64_t *out, char **cause)
{
	switch (anchor) {
	case NUMBER_ABSOLUTE:
		*out = value;
		return 0;
	case NUMBER_RELATIVE:
		/* Past 2^64-1 is past any end: clamp rather than wrap. */
		*out = value > UINT64_MAX - here ? UINT64_MAX : here + value;
		return 0;
	case NUMBER_FROM_END:
		if (value > size)
			return cause_set(cause, "offset -%" PRIu64 " is before the"
			    " start (the source has %" PRIu64 " bytes)", value,
			    size);
		*out = size - value;
		return 0;
	}
	return cause_set(cause, "bad offset anchor %d", (int)anchor);
}

/* The value of hex digit C (either case), or -1. */
int
number_xdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
