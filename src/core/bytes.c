/* SPDX-License-Identifier: ISC */
/*
 * bytes.c - the byte grammar: how a user spells bytes, everywhere.
 *
 * What it owns: the one parser for hex bytes (with separators and, when
 * the caller allows, ?? wildcards), text with C escapes (quoted, i"..."
 * and text:...), and typed values (through value.h's table and encoder).
 * Search, `:set` and `poke` all call bytes_parse, so the same spelling
 * gives the same bytes, or the same error at the same column, in each.
 * bytes.h describes the grammar; docs/livehex.1 (BYTES) is its user
 * documentation.
 *
 * Representation: per position a value and a mask, as search matches
 * them: a byte B fits position K when (B & mask[K]) == val[K].  Exact
 * bytes have mask 0xff, wildcards 0x00, the ASCII letters of i"..." 0xdf
 * (the two cases of a letter differ only in bit 0x20, and no other byte
 * lands on the same value once that bit is cleared).  Callers that store
 * bytes never allow wildcards or folding, so for them val is the bytes.
 *
 * Columns: every error names the 1-based column of the character at
 * fault in the string given, or strlen + 1 when the trouble is that the
 * string ended; the message says the same column, so a caller may show
 * either.  Nothing here prints or keeps state; allocation failure is
 * fatal (xmalloc).
 */
#include "config.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "esc.h"
#include "number.h"
#include "value.h"
#include "xmalloc.h"

/* The parse under way. */
struct bytes_parser {
	const char	*s;		/* the whole string, for columns */
	unsigned	 flags;		/* BYTES_WILD, BYTES_FOLD */
	struct bytes	*out;		/* what has been parsed so far */
	size_t		*col;		/* where the error's column goes */
	char	       **cause;		/* where the error's message goes */
};

static int	bytes_fail(struct bytes_parser *, size_t, const char *, ...)
		    __attribute__((format(printf, 3, 4)));

/* Set the error: column COL (1-based) and a formatted cause; -1. */
static int
bytes_fail(struct bytes_parser *p, size_t col, const char *fmt, ...)
{
	va_list	ap;
	int	n;

	if (p->col != NULL)
		*p->col = col;
	if (p->cause == NULL)
		return -1;
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	*p->cause = xmalloc((size_t)n + 1);
	va_start(ap, fmt);
	vsnprintf(*p->cause, (size_t)n + 1, fmt, ap);
	va_end(ap);
	return -1;
}

/* Byte C as a message shows it between quotes, in OUT (esc_byte). */
static const char *
bytes_show(int c, char out[5])
{
	out[esc_byte((unsigned char)c, 0, out)] = '\0';
	return out;
}

/* True for the blanks allowed before a spelling and around its parts. */
static bool
bytes_blank(int c)
{
	return c == ' ' || c == '\t';
}

/* True for a separator between hex bytes. */
static bool
bytes_sep(int c)
{
	return bytes_blank(c) || c == ':' || c == '-' || c == ',';
}

/* Append byte B with MASK (room was allocated by bytes_parse). */
static void
bytes_put(struct bytes *b, uint8_t v, uint8_t mask)
{
	b->val[b->len] = v & mask;
	b->mask[b->len] = mask;
	b->len++;
}

/*
 * Hex bytes (and ?? when allowed) from column K + 1 to the end; FIRST is
 * where the spelling began (a letter there gets a hint to quote text).
 * 0, or -1 with the error.
 */
static int
bytes_hex(struct bytes_parser *p, size_t k, size_t first)
{
	const char	*s = p->s;
	size_t		 wild = 0, wildcol = 0;
	char		 c[5];
	int		 hi, lo;

	while (s[k] != '\0') {
		if (bytes_sep(s[k])) {
			k++;
			continue;
		}
		if (s[k] == '?' && (p->flags & BYTES_WILD)) {
			if (s[k + 1] != '?')
				return bytes_fail(p, k + 1, "lone '?' at column "
				    "%zu: a wildcard is a whole byte, ??",
				    k + 1);
			if (wild++ == 0)
				wildcol = k + 1;
			bytes_put(p->out, 0, 0);
			k += 2;
			continue;
		}
		hi = number_xdigit((unsigned char)s[k]);
		if (hi < 0) {
			if (k == first && isalpha((unsigned char)s[k]))
				return bytes_fail(p, k + 1, "'%c' at column "
				    "%zu is not a hex digit (quote text: "
				    "\"...\"%s)", s[k], k + 1,
				    (p->flags & BYTES_FOLD) ? ", or i\"...\" "
				    "for any case" : " or text:...");
			return bytes_fail(p, k + 1, "'%s' at column %zu is "
			    "not a hex digit%s", bytes_show(s[k], c), k + 1,
			    s[k] == '?' ? " (?? means any byte only in a "
			    "search)" : "");
		}
		lo = number_xdigit((unsigned char)s[k + 1]);
		if (lo < 0) {
			if (s[k + 1] == '\0' || bytes_sep(s[k + 1]))
				return bytes_fail(p, k + 1, "lone hex digit "
				    "'%c' at column %zu: a byte is two digits "
				    "(write 0%c)", s[k], k + 1, s[k]);
			if (s[k + 1] == '?' && (p->flags & BYTES_WILD))
				return bytes_fail(p, k + 2, "'?' at column "
				    "%zu: a wildcard is a whole byte, ??",
				    k + 2);
			return bytes_fail(p, k + 2, "'%s' at column %zu is "
			    "not a hex digit", bytes_show(s[k + 1], c), k + 2);
		}
		bytes_put(p->out, (uint8_t)(hi << 4 | lo), 0xff);
		k += 2;
	}
	if (p->out->len == 0)
		return bytes_fail(p, k + 1, "hex bytes: none given (at column "
		    "%zu; or \"text\", text:TEXT, TYPE:NUMBER)", k + 1);
	if (wild == p->out->len)
		return bytes_fail(p, wildcol, "only wildcards from column %zu: "
		    "?? matches everywhere, give at least one byte", wildcol);
	return 0;
}

/*
 * Text with C escapes from column K + 1: up to the closing quote when the
 * opening one is at column Q + 1 (QUOTED), else to the end.  FOLD makes
 * ASCII letters match either case.  0, or -1 with the error.
 */
static int
bytes_text(struct bytes_parser *p, size_t k, size_t q, bool quoted,
    bool fold)
{
	const char	*s = p->s;
	char		 c[5];
	int		 b, hi, lo;

	while (quoted ? s[k] != '"' : s[k] != '\0') {
		if (quoted && (s[k] == '\0' ||
		    (s[k] == '\\' && s[k + 1] == '\0')))
			return bytes_fail(p, q + 1, "unterminated quote: the "
			    "closing \" of the text opened at column %zu is "
			    "missing", q + 1);
		if (s[k] != '\\') {
			b = (unsigned char)s[k++];
			goto put;
		}
		switch (s[k + 1]) {
		case 'n': b = '\n'; break;
		case 't': b = '\t'; break;
		case 'r': b = '\r'; break;
		case '0': b = '\0'; break;
		case 'e': b = 0x1b; break;
		case '\\': b = '\\'; break;
		case '"': b = '"'; break;
		case '\'': b = '\''; break;
		case 'x':
			hi = number_xdigit((unsigned char)s[k + 2]);
			lo = hi < 0 ? -1 :
			    number_xdigit((unsigned char)s[k + 3]);
			if (lo < 0) {
				size_t	bad = k + (hi < 0 ? 2 : 3);

				if (s[bad] == '\0')
					return bytes_fail(p, bad + 1, "\\x needs "
					    "two hex digits: the text ends at "
					    "column %zu", bad + 1);
				return bytes_fail(p, bad + 1, "\\x needs two "
				    "hex digits: '%s' at column %zu is not "
				    "one", bytes_show(s[bad], c), bad + 1);
			}
			b = hi << 4 | lo;
			k += 2;
			break;
		case '\0':
			return bytes_fail(p, k + 1, "a lone \\ at column %zu, "
			    "the end (write \\\\ for a backslash)", k + 1);
		default:
			return bytes_fail(p, k + 2, "unknown escape \\%s at "
			    "column %zu (use \\n \\t \\r \\0 \\e \\\\ \\\" \\' "
			    "\\xNN)", bytes_show(s[k + 1], c), k + 2);
		}
		k += 2;
	put:
		/* Only ASCII letters fold: bytes >= 0x80 have no case here. */
		if (fold && b < 0x80 && isalpha(b))
			bytes_put(p->out, (uint8_t)b, 0xdf);
		else
			bytes_put(p->out, (uint8_t)b, 0xff);
	}
	if (p->out->len == 0)
		return bytes_fail(p, q + 1, "empty text at column %zu: give at "
		    "least one byte", q + 1);
	if (!quoted)
		return 0;
	for (k++; bytes_blank(s[k]); k++)
		;
	if (s[k] != '\0')
		return bytes_fail(p, k + 1, "unexpected '%s' at column %zu "
		    "after the closing quote", bytes_show(s[k], c), k + 1);
	return 0;
}

/*
 * The typed value of type T whose number starts at column K + 1 (trailing
 * blanks dropped).  0, or -1 with the error.
 */
static int
bytes_typed(struct bytes_parser *p, const struct value_type *t, size_t k)
{
	size_t	 end = strlen(p->s);
	uint8_t	 v[8];
	char	*num, *why = NULL;
	int	 rc;

	while (end > k && bytes_blank(p->s[end - 1]))
		end--;
	num = xmalloc(end - k + 1);
	memcpy(num, p->s + k, end - k);
	num[end - k] = '\0';
	rc = value_encode(t, num, v, &why);
	free(num);
	if (rc == -1) {
		rc = bytes_fail(p, k + 1, "%s, at column %zu", why, k + 1);
		free(why);
		return rc;
	}
	p->out->typed = true;
	p->out->type = *t;
	for (unsigned i = 0; i < t->width; i++)
		bytes_put(p->out, v[i], 0xff);
	return 0;
}

/*
 * When a word starts at column K + 1 and is followed by ':' or a blank
 * (see bytes.h), parse what it introduces: 1 when done (0 in *rc, or -1
 * with the error), 0 when the spelling is plain hex after all.
 */
static int
bytes_word(struct bytes_parser *p, size_t k, int *rc)
{
	const char		*s = p->s;
	struct value_type	 t;
	size_t			 e = k, at;
	bool			 allhex = true, digit = false;
	char			*word, *why = NULL;

	for (; isalnum((unsigned char)s[e]); e++) {
		allhex = allhex && number_xdigit((unsigned char)s[e]) >= 0;
		digit = digit || isdigit((unsigned char)s[e]);
	}
	if (e == k && s[k] == ':') {
		*rc = bytes_fail(p, k + 1, "a type is missing before ':' at "
		    "column %zu (u8 i8 u16 i16 u32 i32 u64 i64 f32 f64, with "
		    "le or be; or hex:, text:)", k + 1);
		return 1;
	}
	if (e == k || !isalpha((unsigned char)s[k]) ||
	    (s[e] != ':' && !bytes_blank(s[e])))
		return 0;
	/* The part after the word: from the colon, or after the blanks. */
	for (at = e + 1; s[e] != ':' && bytes_blank(s[at]); at++)
		;
	word = xmalloc(e - k + 1);
	memcpy(word, s + k, e - k);
	word[e - k] = '\0';
	if (strcmp(word, "hex") == 0)
		*rc = bytes_hex(p, at, at);
	else if (strcmp(word, "text") == 0 && s[e] == ':')
		*rc = bytes_text(p, at, k, false, false);
	else if (value_type_parse(word, &t, NULL) == 0)
		*rc = bytes_typed(p, &t, at);
	else if (allhex || (s[e] != ':' && !digit)) {
		/* "fe:ed", "de ad": hex; "hello world": hex says why not. */
		free(word);
		return 0;
	} else {
		value_type_parse(word, &t, &why);
		*rc = bytes_fail(p, k + 1, "%s, at column %zu", why, k + 1);
		free(why);
	}
	free(word);
	return 1;
}

/* Parse one spelling of bytes; see bytes.h. */
int
bytes_parse(const char *s, unsigned flags, struct bytes *out, size_t *col,
    char **cause)
{
	struct bytes_parser	 p = { s, flags, out, col, cause };
	size_t			 k = 0, n = strlen(s);
	int			 rc;

	memset(out, 0, sizeof *out);
	/* No spelling is longer in bytes than its text, a typed one 8. */
	out->val = xmalloc(n + 8);
	out->mask = xmalloc(n + 8);
	while (bytes_blank(s[k]))
		k++;
	if (s[k] == '"')
		rc = bytes_text(&p, k + 1, k, true, false);
	else if ((s[k] == 'i' || s[k] == 'I') && s[k + 1] == '"') {
		if (flags & BYTES_FOLD)
			rc = bytes_text(&p, k + 2, k + 1, true, true);
		else
			rc = bytes_fail(&p, k + 1, "i\"...\" (either case) "
			    "is for searching only, at column %zu; here "
			    "write \"...\"", k + 1);
	} else if (bytes_word(&p, k, &rc) == 0)
		rc = bytes_hex(&p, k, k);
	if (rc == -1)
		bytes_free(out);
	return rc;
}

/* Free what bytes_parse put in B; B becomes empty. */
void
bytes_free(struct bytes *b)
{
	free(b->val);
	free(b->mask);
	memset(b, 0, sizeof *b);
}
