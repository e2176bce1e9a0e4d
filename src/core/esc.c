/*
 * esc.c - make untrusted text safe to show on a terminal.
 *
 * A small UTF-8 decoder decides what passes: a well-formed sequence for a
 * code point that is not a control character (C0, DEL, C1) is copied as
 * is; anything else is written as a visible escape.  The decoder rejects
 * overlong forms and surrogates so nothing can smuggle a control through.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "esc.h"
#include "xmalloc.h"

/* Length of a well-formed UTF-8 sequence at S for a printable code point. */
static size_t
esc_utf8_len(const unsigned char *s)
{
	uint32_t	cp;
	size_t		n;

	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	cp = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = (cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
	    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp >= 0x80 && cp < 0xa0)	/* C1 controls: CSI is 0x9b */
		return 0;
	return n;
}

/* A printable copy of S (malloc'd); see esc.h. */
char *
esc_text(const char *s, bool utf8)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 cap = strlen(s) * 4 + 1, o = 0, n;
	char			*out = xmalloc(cap);

	while (*p != '\0') {
		if (*p == '\\') {
			out[o++] = '\\';
			out[o++] = '\\';
			p++;
		} else if (*p >= 0x20 && *p < 0x7f)
			out[o++] = (char)*p++;
		else if (*p == '\n' || *p == '\t' || *p == 0x1b) {
			out[o++] = '\\';
			out[o++] = *p == '\n' ? 'n' : *p == '\t' ? 't' : 'e';
			p++;
		} else if (utf8 && (n = esc_utf8_len(p)) > 0) {
			memcpy(out + o, p, n);
			o += n;
			p += n;
		} else {
			snprintf(out + o, 5, "\\x%02x", *p++);
			o += 4;
		}
	}
	out[o] = '\0';
	return out;
}
