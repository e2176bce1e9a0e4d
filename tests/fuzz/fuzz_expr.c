/* SPDX-License-Identifier: ISC */
/*
 * fuzz_expr.c - libFuzzer target for expr.h: the condition language.
 *
 * Input: the condition text up to the first NUL; the bytes after it (up
 * to FUZZ_FILE) are the file the condition reads.  Fields come from the
 * provider below: a name starting with 'x' is unknown, others sit at 3 x
 * their length, u16le when the length is even and f32 when it is odd.
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour":
 *  - exactly one of a compiled form and a cause; a cause has no control
 *    byte, names "at column N" with N in [1, length + 1] and the same N
 *    as expr_parse_at's *col, unless it is about the whole text;
 *  - the ranges are sorted, at most EXPR_MAX_OPERANDS, 1 to 8 bytes each,
 *    and expr_touches agrees with them;
 *  - evaluation gives 1, 0 or -1, a reason exactly with -1, the same
 *    verdict twice at the same time; after events (bytes in the range,
 *    a page event without bytes, the file shrinking and growing) still
 *    so; expr_deadline is after the time it was given; expr_format and
 *    expr_operand always terminate their text.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "fuzz.h"
#include "live.h"
#include "value.h"
#include "xmalloc.h"

#define FUZZ_FILE	64	/* bytes of file after the NUL, at most */

/* The file the condition reads. */
static uint8_t	fuzz_file[FUZZ_FILE];
static size_t	fuzz_size;

/* expr_field_fn: 'x...' unknown, others at 3 x length. */
static int
fuzz_field(void *arg, const char *path, uint64_t *off,
    struct value_type *type, char **cause)
{
	(void)arg;
	FUZZ_CHECK(path[0] != '\0');
	if (path[0] == 'x')
		return cause_set(cause, "no field %s", path);
	*off = 3 * (uint64_t)strlen(path);
	return value_type_parse(strlen(path) % 2 ? "f32" : "u16le", type,
	    cause);
}

/* expr_read_fn over the fuzzed file. */
static size_t
fuzz_read(void *arg, uint64_t off, uint8_t *buf, size_t len)
{
	(void)arg;
	if (off >= fuzz_size)
		return 0;
	if (len > fuzz_size - off)
		len = fuzz_size - (size_t)off;
	memcpy(buf, fuzz_file + off, len);
	return len;
}

/* Check what a failed parse said. */
static void
check_cause(const char *text, const char *cause, unsigned col)
{
	const char	*at;
	unsigned	 n;

	FUZZ_CHECK(cause != NULL);
	for (const char *p = cause; *p != '\0'; p++)
		FUZZ_CHECK((unsigned char)*p >= 0x20 && *p != 0x7f);
	at = strstr(cause, " at column ");
	if (at == NULL) {
		FUZZ_CHECK(strstr(cause, "too long") != NULL);
		FUZZ_CHECK(col == 0);
		return;
	}
	/* The last " at column " is the parser's (an offset cause nests). */
	while (strstr(at + 1, " at column ") != NULL)
		at = strstr(at + 1, " at column ");
	n = (unsigned)strtoul(at + 11, NULL, 10);
	FUZZ_CHECK(n >= 1 && n <= strlen(text) + 1);
	FUZZ_CHECK(n == col);
}

/* Evaluate E at NOW twice; the verdict. */
static int
check_eval(struct expr *e, uint64_t now)
{
	char	*r1 = NULL, *r2 = NULL, out[128];
	int	 v1 = expr_eval(e, now, &r1), v2 = expr_eval(e, now, &r2);

	FUZZ_CHECK(v1 == -1 || v1 == 0 || v1 == 1);
	FUZZ_CHECK(v1 == v2);
	FUZZ_CHECK((v1 == -1) == (r1 != NULL));
	FUZZ_CHECK((r1 == NULL) == (r2 == NULL));
	if (r1 != NULL)
		FUZZ_CHECK(strcmp(r1, r2) == 0);
	free(r1);
	free(r2);
	memset(out, 'z', sizeof out);
	expr_format(e, now, out, sizeof out);
	FUZZ_CHECK(memchr(out, '\0', sizeof out) != NULL);
	FUZZ_CHECK(expr_deadline(e, now) > now);
	return v1;
}

/* Feed E an event of KIND over [off, off+len) at AT, the file as is. */
static void
feed(struct expr *e, enum live_kind kind, uint64_t off, uint64_t len,
    bool bytes, uint64_t old_size, uint64_t at)
{
	struct live_event	ev;

	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.source = bytes ? LIVE_FROM_WINDOW : LIVE_FROM_PAGES;
	ev.off = off;
	ev.len = len;
	ev.old = bytes ? fuzz_file + off : NULL;	/* not read by expr */
	ev.new = bytes ? fuzz_file + off : NULL;
	ev.old_size = old_size;
	ev.new_size = fuzz_size;
	ev.at_ms = at;
	(void)expr_event(e, &ev, fuzz_read, NULL);
}

/* Check the ranges and operands of E. */
static void
check_ranges(const struct expr *e)
{
	const struct expr_range		*r;
	struct expr_operand_info	 info;
	size_t				 n;

	r = expr_ranges(e, &n);
	FUZZ_CHECK(n <= EXPR_MAX_OPERANDS && n == expr_noperands(e));
	for (size_t i = 0; i < n; i++) {
		FUZZ_CHECK(r[i].len >= 1 && r[i].len <= 8);
		FUZZ_CHECK(i == 0 || r[i - 1].off <= r[i].off);
		FUZZ_CHECK(expr_touches(e, r[i].off, 1));
		if (r[i].off > 0)
			FUZZ_CHECK(expr_touches(e, r[i].off - 1, 2));
		expr_operand(e, i, &info);
		FUZZ_CHECK(info.text != NULL && info.text[0] != '\0');
		FUZZ_CHECK(memchr(info.value, '\0', sizeof info.value));
	}
	FUZZ_CHECK(!expr_touches(e, 0, 0));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t	*nul = memchr(data, '\0', size);
	size_t		 tlen = nul != NULL ? (size_t)(nul - data) : size;
	char		*text = xmalloc(tlen + 1), *cause = NULL;
	struct expr_env	 env = { fuzz_field, NULL, 100, NULL, NULL };
	struct expr	*e;
	unsigned	 col = 99;

	memcpy(text, data, tlen);
	text[tlen] = '\0';
	fuzz_size = nul != NULL ? size - tlen - 1 : 0;
	if (fuzz_size > FUZZ_FILE)
		fuzz_size = FUZZ_FILE;
	memset(fuzz_file, 0, sizeof fuzz_file);
	if (fuzz_size > 0)
		memcpy(fuzz_file, nul + 1, fuzz_size);
	e = expr_parse_at(text, &env, &col, &cause);
	if (e == NULL) {
		check_cause(text, cause, col);
		free(cause);
		free(text);
		return 0;
	}
	FUZZ_CHECK(cause == NULL && col == 0);
	FUZZ_CHECK(strcmp(expr_text(e), text) == 0);
	check_ranges(e);
	expr_load(e, fuzz_read, NULL, fuzz_size, 10);
	check_eval(e, 10);
	check_eval(e, 10 + 1000);
	/* A change inside the file, a page event, a shrink, a regrowth. */
	if (fuzz_size > 0) {
		fuzz_file[0] ^= 0x81;
		feed(e, LIVE_BYTES, 0, fuzz_size, true, 0, 20);
		check_eval(e, 20);
		fuzz_file[fuzz_size - 1] ^= 0x7e;
		feed(e, LIVE_BYTES, 0, fuzz_size, false, 0, 30);
		check_eval(e, 30);
		fuzz_size /= 2;
		feed(e, LIVE_SIZE, 0, 0, false, fuzz_size * 2, 40);
		check_eval(e, 40);
		fuzz_size *= 2;
		feed(e, LIVE_SIZE, 0, 0, false, fuzz_size / 2, 50);
		check_eval(e, UINT64_MAX - 1);
	}
	expr_free(e);
	free(text);
	return 0;
}
