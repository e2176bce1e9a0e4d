/* SPDX-License-Identifier: ISC */
/*
 * fuzz_esc.c - libFuzzer target for esc.h: untrusted text made safe.
 *
 * Input: the text (up to its first NUL), escaped by esc_text and by
 * esc_message, each for a UTF-8 terminal and for a plain one.
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour":
 *  - the output holds no C0 control, no DEL and no C1 control (neither as
 *    a raw byte 0x80-0x9f nor as a well-formed UTF-8 U+0080-U+009F), and
 *    is well-formed UTF-8; for a plain terminal it is printable ASCII;
 *    esc_message lets the message's own newlines through, and only them;
 *  - nothing is lost by esc_text: undoing the escapes (\\ \n \t \e \xNN)
 *    gives the input back byte for byte, so two texts never look alike;
 *  - both fit the 4 bytes per input byte that esc.c allocates.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "esc.h"

/* Value of hex digit C, or -1. */
static int
ref_xdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/*
 * Check that OUT is safe: no controls (but newlines when NEWLINES), and
 * well-formed (ASCII unless UTF8).
 */
static void
check_safe(const char *out, bool utf8, bool newlines)
{
	const unsigned char	*u = (const unsigned char *)out;
	uint32_t		 cp;
	size_t			 n;

	while (*u != '\0') {
		FUZZ_CHECK((*u >= 0x20 && *u != 0x7f) ||
		    (newlines && *u == '\n'));
		if (*u < 0x80) {
			u++;
			continue;
		}
		FUZZ_CHECK(utf8);
		FUZZ_CHECK(*u >= 0xc2 && *u <= 0xf4);
		n = *u < 0xe0 ? 2 : *u < 0xf0 ? 3 : 4;
		cp = *u & (0x7f >> n);
		for (size_t i = 1; i < n; i++) {
			FUZZ_CHECK((u[i] & 0xc0) == 0x80);
			cp = cp << 6 | (u[i] & 0x3f);
		}
		FUZZ_CHECK(!(n == 3 && cp < 0x800) && !(n == 4 &&
		    cp < 0x10000) && cp <= 0x10ffff &&
		    !(cp >= 0xd800 && cp <= 0xdfff));
		FUZZ_CHECK(cp >= 0xa0);		/* no C1 control */
		u += n;
	}
}

/* Undo esc_text's escapes in OUT; it must give back IN. */
static void
check_reversible(const char *in, const char *out)
{
	size_t	n = strlen(in), o = 0;
	char	*back = malloc(n + 1);

	while (*out != '\0') {
		FUZZ_CHECK(o < n);
		if (*out != '\\') {
			back[o++] = *out++;
			continue;
		}
		switch (out[1]) {
		case '\\': back[o++] = '\\'; out += 2; break;
		case 'n': back[o++] = '\n'; out += 2; break;
		case 't': back[o++] = '\t'; out += 2; break;
		case 'e': back[o++] = 0x1b; out += 2; break;
		case 'x':
			FUZZ_CHECK(ref_xdigit((unsigned char)out[2]) >= 0 &&
			    ref_xdigit((unsigned char)out[3]) >= 0);
			back[o++] = (char)(ref_xdigit((unsigned char)out[2]) <<
			    4 | ref_xdigit((unsigned char)out[3]));
			out += 4;
			break;
		default:
			FUZZ_CHECK(!"a backslash that starts no escape");
		}
	}
	FUZZ_CHECK(o == n && memcmp(back, in, n) == 0);
	free(back);
}

/* The number of newlines in S. */
static size_t
newlines(const char *s)
{
	size_t	n = 0;

	while ((s = strchr(s, '\n')) != NULL) {
		n++;
		s++;
	}
	return n;
}

/* Escape the input every way and check the results. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s = malloc(size + 1), *out;

	memcpy(s, data, size);
	s[size] = '\0';
	for (int utf8 = 0; utf8 <= 1; utf8++) {
		out = esc_text(s, utf8);
		FUZZ_CHECK(strlen(out) <= 4 * strlen(s));
		check_safe(out, utf8, false);
		check_reversible(s, out);
		free(out);

		out = esc_message(s, utf8);
		FUZZ_CHECK(strlen(out) <= 4 * strlen(s));
		check_safe(out, utf8, true);
		FUZZ_CHECK(newlines(out) == newlines(s));
		free(out);
	}
	free(s);
	return 0;
}
