/* SPDX-License-Identifier: ISC */
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
#include <stdlib.h>
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
