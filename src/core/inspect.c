/* SPDX-License-Identifier: ISC */
/*
 * inspect.c - the data inspector: the bytes at the cursor read every way.
 *
 * The numeric lines reuse value.c's table and decoder, so the inspector,
 * :set, poke and peek can never disagree about what "i32be" means.  The
 * character line decodes one UTF-8 sequence with esc_utf8, the core's one
 * decoder (strict: no overlong forms, no surrogates) and never emits a
 * control character: those are shown by name or code point.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "esc.h"
#include "inspect.h"
#include "value.h"

/* The numeric types, in the order they are shown. */
static const char *const inspect_types[] = {
	"u8", "i8",
	"u16le", "u16be", "i16le", "i16be",
	"u32le", "u32be", "i32le", "i32be",
	"u64le", "u64be", "i64le", "i64be",
	"f32le", "f32be", "f64le", "f64be",
};

/* True when any of the first N bytes is marked unstable. */
static bool
inspect_torn(const bool *unstable, size_t n)
{
	if (unstable == NULL)
		return false;
	for (size_t i = 0; i < n; i++)
		if (unstable[i])
			return true;
	return false;
}

/* Describe the character at B (AVAIL bytes) into OUT; bytes it spans. */
static size_t
inspect_char(const uint8_t *b, size_t avail, char *out, size_t outlen)
{
	uint32_t	cp;
	size_t		n;

	if (avail == 0) {
		snprintf(out, outlen, "unavailable");
		return 0;
	}
	if (b[0] < 0x80) {
		if (b[0] >= 0x20 && b[0] < 0x7f)
			snprintf(out, outlen, "'%c' (ASCII)", b[0]);
		else
			snprintf(out, outlen, "control 0x%02x", b[0]);
		return 1;
	}
	n = esc_utf8(b, avail, &cp);
	if (n == 0) {
		snprintf(out, outlen, "not UTF-8 (0x%02x)", b[0]);
		return 1;
	}
	if (cp < 0xa0)	/* C1 controls: never sent to the terminal */
		snprintf(out, outlen, "U+%04" PRIX32 " (control)", cp);
	else
		snprintf(out, outlen, "'%.*s' U+%04" PRIX32 " (UTF-8)", (int)n,
		    (const char *)b, cp);
	return n;
}

/* Read the bytes at OFF every way; see inspect.h. */
size_t
inspect_lines(uint64_t off, const uint8_t *bytes, size_t avail,
    const bool *unstable, struct inspect_line *out)
{
	size_t			n = 0;
	struct value_type	t;

	memset(out, 0, INSPECT_LINES * sizeof *out);
	snprintf(out[n].label, sizeof out[n].label, "offset");
	snprintf(out[n].value, sizeof out[n].value, "0x%" PRIx64 " %" PRIu64,
	    off, off);
	out[n++].available = true;

	snprintf(out[n].label, sizeof out[n].label, "bin");
	if (avail >= 1) {
		for (int i = 0; i < 8; i++)
			out[n].value[i] = (bytes[0] >> (7 - i)) & 1 ? '1' : '0';
		out[n].available = true;
		out[n].unstable = inspect_torn(unstable, 1);
	} else
		snprintf(out[n].value, sizeof out[n].value, "unavailable");
	n++;

	for (size_t i = 0; i < sizeof inspect_types / sizeof inspect_types[0];
	    i++) {
		value_type_parse(inspect_types[i], &t, NULL);
		snprintf(out[n].label, sizeof out[n].label, "%s", t.name);
		if (avail >= t.width) {
			value_decode(&t, bytes, out[n].value,
			    sizeof out[n].value);
			out[n].available = true;
			out[n].unstable = inspect_torn(unstable, t.width);
		} else
			snprintf(out[n].value, sizeof out[n].value,
			    "unavailable");
		n++;
	}

	snprintf(out[n].label, sizeof out[n].label, "char");
	out[n].unstable = inspect_torn(unstable, inspect_char(bytes, avail,
	    out[n].value, sizeof out[n].value));
	out[n].available = avail > 0;
	n++;
	return n;
}
