/* SPDX-License-Identifier: ISC */
/*
 * esc.c - make untrusted text safe to show on a terminal.
 *
 * A small UTF-8 decoder decides what passes: a well-formed sequence for a
 * code point that is not a control character (C0, DEL, C1) is copied as
 * is; anything else is written as a visible escape.  The decoder rejects
 * overlong forms and surrogates so nothing can smuggle a control through.
 * It is the core's only one (esc_utf8): the inspector's character line
 * and the layout parser's text check use it too.
 *
 * esc_quote is the core's one way to put user text into a message: every
 * other escaper (esc_text, esc_message, the layout parser's quoted
 * tokens, value.c's quoted numbers, the CLI's cli_name) is a call to it,
 * so a file name or an argument looks the same in every message.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "xmalloc.h"

/* Decode the UTF-8 sequence at S (LEN bytes); see esc.h. */
size_t
esc_utf8(const unsigned char *s, size_t len, uint32_t *cp)
{
	size_t	n;

	if (s[0] < 0x80) {
		*cp = s[0];
		return 1;
	}
	/*
	 * 0xc0, 0xc1 only lead overlong forms and 0xf5-0xff lead nothing:
	 * tested first, or 0xf5-0xff would pass as 4-byte leads (found by
	 * fuzz_inspect when the inspector had its own decoder).
	 */
	if (s[0] < 0xc2 || s[0] > 0xf4)
		return 0;
	n = s[0] < 0xe0 ? 2 : s[0] < 0xf0 ? 3 : 4;
	if (n > len)
		return 0;
	*cp = s[0] & (0x7f >> n);
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		*cp = (*cp << 6) | (s[i] & 0x3f);
	}
	if ((n == 3 && *cp < 0x800) || (n == 4 && *cp < 0x10000) ||
	    *cp > 0x10ffff || (*cp >= 0xd800 && *cp <= 0xdfff))
		return 0;
	return n;
}

/* Length of a well-formed UTF-8 sequence at S for a printable code point. */
static size_t
esc_utf8_printable(const unsigned char *s, size_t len)
{
	uint32_t	cp;
	size_t		n = esc_utf8(s, len, &cp);

	/* ASCII is esc_byte's; C1 controls are escaped: CSI is 0x9b. */
	if (n < 2 || cp < 0xa0)
		return 0;
	return n;
}

/* Escape one byte as esc_text does; see esc.h. */
size_t
esc_byte(unsigned char c, unsigned how, char out[4])
{
	static const char	hex[] = "0123456789abcdef";

	if (c == '\\' || (c == '"' && (how & ESC_MARKS))) {
		out[0] = '\\';
		out[1] = (char)c;
		return 2;
	}
	if (c >= 0x20 && c < 0x7f) {
		out[0] = (char)c;
		return 1;
	}
	if (c == '\n' || c == '\t' || c == 0x1b) {
		out[0] = '\\';
		out[1] = c == '\n' ? 'n' : c == '\t' ? 't' : 'e';
		return 2;
	}
	out[0] = '\\';
	out[1] = 'x';
	out[2] = hex[c >> 4];
	out[3] = hex[c & 0xf];
	return 4;
}

/* LEN bytes at S made safe and quoted (malloc'd); see esc.h. */
char *
esc_quote(const char *s, size_t len, size_t max, unsigned how)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 shown = len < max ? len : max;
	size_t			 o = 0, i = 0, n;
	char			*out = xmalloc(shown * ESC_PER_BYTE + 6);

	if (how & ESC_MARKS)
		out[o++] = '"';
	while (i < shown) {
		n = (how & ESC_UTF8) ? esc_utf8_printable(p + i, len - i) : 0;
		if (n > 0) {
			/* A sequence is shown whole or not at all. */
			if (i + n > shown)
				break;
			memcpy(out + o, p + i, n);
			o += n;
			i += n;
		} else
			o += esc_byte(p[i++], how, out + o);
	}
	if (len > max) {
		memcpy(out + o, "...", 3);
		o += 3;
	}
	if (how & ESC_MARKS)
		out[o++] = '"';
	out[o] = '\0';
	return out;
}

/* A printable copy of S (malloc'd); see esc.h. */
char *
esc_text(const char *s, bool utf8)
{
	return esc_quote(s, strlen(s), SIZE_MAX, utf8 ? ESC_UTF8 : 0);
}

/*
 * MSG made safe for the terminal (malloc'd): every run of bytes between
 * backslashes and newlines goes through esc_text, so a file name, an
 * argument or a cause quoting file content can never send an escape
 * sequence, a C1 control or (outside a UTF-8 locale) a raw high byte.
 * Why not esc_text on the whole message: backslashes and newlines are
 * the message's own - causes already show escapes such as "\x1b" or
 * "unknown escape \q", and a choice of mappings is listed one per line -
 * and esc_text would double the one and flatten the other.
 */
char *
esc_message(const char *msg, bool utf8)
{
	size_t	 cap = strlen(msg) * 4 + 1, o = 0, n;
	char	*out = xmalloc(cap), *run, *e;

	while (*msg != '\0') {
		n = strcspn(msg, "\\\n");
		if (n == 0) {
			out[o++] = *msg++;
			continue;
		}
		run = xmalloc(n + 1);
		memcpy(run, msg, n);
		run[n] = '\0';
		e = esc_text(run, utf8);
		/* esc_text writes at most 4 bytes for each byte of RUN. */
		memcpy(out + o, e, strlen(e));
		o += strlen(e);
		free(e);
		free(run);
		msg += n;
	}
	out[o] = '\0';
	return out;
}
