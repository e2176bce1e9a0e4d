/* SPDX-License-Identifier: ISC */
/*
 * yankfmt.c - a yanked selection as text: xxd's forms, base64, typed
 * values, and the CRC-32 the inspector shows.
 *
 * Everything formats a whole buffer at once: the viewer caps what it
 * yanks (yank.c), so the text is bounded and one malloc holds it.  The
 * xxd forms go through xxdfmt.c in one piece (head, the bytes, tail), so
 * they never drift from `livehex dump`.  CRC-32 uses a table made on
 * first use (256 words) rather than a literal table: the polynomial is
 * the whole definition.
 */
#include "config.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "value.h"
#include "xmalloc.h"
#include "xxdfmt.h"
#include "yankfmt.h"

/* The forms by name (the typed ones are value.h's names). */
static const struct {
	const char		*name;
	enum yankfmt_form	 form;
} yankfmt_names[] = {
	{ "hex", YANKFMT_HEX },
	{ "c", YANKFMT_C },
	{ "xxd", YANKFMT_XXD },
	{ "base64", YANKFMT_BASE64 },
	{ "text", YANKFMT_TEXT },
};

/* Parse a form's name into *S: 0, or -1 with *cause (malloc'd). */
int
yankfmt_parse(const char *word, struct yankfmt_spec *s, char **cause)
{
	char	*why = NULL;

	memset(s, 0, sizeof *s);
	for (size_t i = 0; i < sizeof yankfmt_names / sizeof yankfmt_names[0];
	    i++) {
		if (strcmp(word, yankfmt_names[i].name) == 0) {
			s->form = yankfmt_names[i].form;
			s->name = yankfmt_names[i].name;
			return 0;
		}
	}
	if (value_type_parse(word, &s->type, &why) == 0) {
		s->form = YANKFMT_TYPED;
		s->name = s->type.name;
		return 0;
	}
	free(why);
	why = esc_quote(word, strlen(word), 32, ESC_MARKS);
	cause_set(cause, "no yank form named %s (hex, c, xxd, base64, text, "
	    "or a type such as u8, u32le, f64be)", why);
	free(why);
	return -1;
}

/* Run xxdfmt in MODE (NAME for -i) over BUF; malloc'd text, *OUTLEN. */
static char *
yankfmt_xxd(enum xxdfmt_mode mode, const char *name, uint64_t off,
    const unsigned char *buf, size_t len, size_t *outlen)
{
	struct xxdfmt_opts	o;
	struct xxdfmt		f;
	char			*out, *cause = NULL;
	size_t			 n;

	memset(&o, 0, sizeof o);
	o.mode = mode;
	o.name = name;
	if (xxdfmt_init(&f, &o, &cause) != 0) {
		/* The defaults are always valid. */
		abort();
	}
	out = xmalloc(2 * xxdfmt_edge_bound(&f) + xxdfmt_bound(&f, len) + 1);
	n = xxdfmt_head(&f, out);
	n += xxdfmt_format(&f, off, buf, len, out + n);
	n += xxdfmt_tail(&f, out + n);
	out[n] = '\0';
	xxdfmt_free(&f);
	*outlen = n;
	return out;
}

/* Base64 of LEN bytes at BUF, one line (no newline); malloc'd, *OUTLEN. */
char *
yankfmt_base64(const unsigned char *buf, size_t len, size_t *outlen)
{
	static const char	 abc[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
	    "abcdefghijklmnopqrstuvwxyz0123456789+/";
	char			*out = xmalloc((len + 2) / 3 * 4 + 1), *p = out;
	size_t			 i;

	for (i = 0; i + 3 <= len; i += 3) {
		uint32_t	v = (uint32_t)buf[i] << 16 |
		    (uint32_t)buf[i + 1] << 8 | buf[i + 2];

		*p++ = abc[v >> 18];
		*p++ = abc[(v >> 12) & 63];
		*p++ = abc[(v >> 6) & 63];
		*p++ = abc[v & 63];
	}
	if (i < len) {
		uint32_t	v = (uint32_t)buf[i] << 16;

		if (i + 1 < len)
			v |= (uint32_t)buf[i + 1] << 8;
		*p++ = abc[v >> 18];
		*p++ = abc[(v >> 12) & 63];
		*p++ = i + 1 < len ? abc[(v >> 6) & 63] : '=';
		*p++ = '=';
	}
	*p = '\0';
	*outlen = (size_t)(p - out);
	return out;
}

/* Base64 of BUF broken into lines of 76 characters, each ending '\n'. */
static char *
yankfmt_base64_lines(const unsigned char *buf, size_t len, size_t *outlen)
{
	size_t	 n, o = 0;
	char	*one = yankfmt_base64(buf, len, &n);
	char	*out = xmalloc(n + n / 76 + 2);

	for (size_t i = 0; i < n; i += 76) {
		size_t	k = n - i < 76 ? n - i : 76;

		memcpy(out + o, one + i, k);
		o += k;
		out[o++] = '\n';
	}
	out[o] = '\0';
	free(one);
	*outlen = o;
	return out;
}

/* One value of type T a line over BUF; NULL with *cause on a bad length. */
static char *
yankfmt_typed(const struct value_type *t, const unsigned char *buf,
    size_t len, size_t *outlen, char **cause)
{
	char	*out, one[64];
	size_t	 o = 0, cap;

	if (len % t->width != 0) {
		cause_set(cause, "%zu bytes are not a whole number of %s "
		    "(%u bytes each)", len, t->name, t->width);
		return NULL;
	}
	cap = len / t->width * (sizeof one + 1) + 1;
	out = xmalloc(cap);
	for (size_t i = 0; i < len; i += t->width) {
		size_t	k;

		value_decode(t, buf + i, one, sizeof one);
		k = strlen(one);
		memcpy(out + o, one, k);
		o += k;
		out[o++] = '\n';
	}
	out[o] = '\0';
	*outlen = o;
	return out;
}

/*
 * Format LEN bytes of BUF (the first at file offset OFF) as S: a malloc'd
 * text (NUL-terminated, *OUTLEN its length), or NULL with *cause.
 */
char *
yankfmt_format(const struct yankfmt_spec *s, uint64_t off,
    const unsigned char *buf, size_t len, size_t *outlen, char **cause)
{
	char	*out;

	switch (s->form) {
	case YANKFMT_HEX:
		return yankfmt_xxd(XXDFMT_PLAIN, NULL, off, buf, len, outlen);
	case YANKFMT_C:
		return yankfmt_xxd(XXDFMT_INCLUDE, "data", off, buf, len,
		    outlen);
	case YANKFMT_XXD:
		return yankfmt_xxd(XXDFMT_HEX, NULL, off, buf, len, outlen);
	case YANKFMT_BASE64:
		return yankfmt_base64_lines(buf, len, outlen);
	case YANKFMT_TYPED:
		return yankfmt_typed(&s->type, buf, len, outlen, cause);
	case YANKFMT_TEXT:
	default:
		out = xmalloc(len + 1);
		if (len > 0)
			memcpy(out, buf, len);
		out[len] = '\0';
		*outlen = len;
		return out;
	}
}

/* CRC-32 (IEEE) continued from CRC over LEN bytes; start with 0. */
uint32_t
yankfmt_crc32(uint32_t crc, const unsigned char *buf, size_t len)
{
	static uint32_t	table[256];
	static bool	made;

	/* Racing threads would write the same words: harmless. */
	if (!made) {
		for (uint32_t n = 0; n < 256; n++) {
			uint32_t	c = n;

			for (int k = 0; k < 8; k++)
				c = c & 1 ? 0xedb88320u ^ (c >> 1) : c >> 1;
			table[n] = c;
		}
		made = true;
	}
	crc = ~crc;
	for (size_t i = 0; i < len; i++)
		crc = table[(crc ^ buf[i]) & 0xff] ^ (crc >> 8);
	return ~crc;
}
