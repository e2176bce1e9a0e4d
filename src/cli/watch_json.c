/* SPDX-License-Identifier: ISC */
/*
 * watch_json.c - the pieces of `livehex watch --json` lines.
 *
 * Every line is one JSON object (RFC 8259) on one line, so `jq -c` and a
 * line reader both take it: it starts {"time":...,"ms":...,"kind":...}
 * and the fields of its kind follow (docs/expressions.md lists them).
 * Strings are escaped here and only here: '"' and '\' get a backslash,
 * control characters become \n, \t ... or \u00XX, DEL too; well-formed
 * UTF-8 (esc_utf8 decides) passes as is, and a byte that is not part of
 * one becomes U+FFFD, so the output is always valid UTF-8 JSON whatever
 * bytes a file name or an expression held.  Bytes of the file are hex
 * strings, never text.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "esc.h"
#include "watch.h"

/* Write S as a JSON string; see watch.h. */
void
watch_json_str(FILE *f, const char *s)
{
	const unsigned char	*p = (const unsigned char *)s;
	size_t			 left = strlen(s), n;
	uint32_t		 cp;

	fputc('"', f);
	while (left > 0) {
		if (*p == '"' || *p == '\\') {
			fputc('\\', f);
			fputc(*p, f);
			n = 1;
		} else if (*p == '\n') {
			fputs("\\n", f);
			n = 1;
		} else if (*p == '\t') {
			fputs("\\t", f);
			n = 1;
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(f, "\\u%04x", *p);
			n = 1;
		} else if ((n = esc_utf8(p, left, &cp)) == 0) {
			fputs("\\ufffd", f);	/* not UTF-8: replaced */
			n = 1;
		} else if (cp >= 0x80 && cp < 0xa0) {
			fprintf(f, "\\u%04x", cp);	/* C1 controls */
		} else
			fwrite(p, 1, n, f);
		p += n;
		left -= n;
	}
	fputc('"', f);
}

/* Write the common head of a line; see watch.h. */
void
watch_json_start(FILE *f, const struct watch *w, const char *kind)
{
	fprintf(f, "{\"time\":\"%s\",\"ms\":%" PRIu64 ",\"kind\":", w->stamp,
	    w->now_ms);
	watch_json_str(f, kind);
}

/* Write ,"NAME":"hex" (WATCH_SHOW bytes at most) and ,"NAME_cut":bool. */
void
watch_json_bytes(FILE *f, const char *name, const uint8_t *p, size_t len)
{
	size_t	n = len < WATCH_SHOW ? len : WATCH_SHOW;

	fprintf(f, ",\"%s\":\"", name);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
	fprintf(f, "\",\"%s_cut\":%s", name, n < len ? "true" : "false");
}
