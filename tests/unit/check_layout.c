/* SPDX-License-Identifier: ISC */
/*
 * check_layout.c - layout files: every valid form, every error with its
 * exact LINE:COL, the lookups at their edges and the value text.
 *
 * Error tests compare the whole cause string, so a message that changes
 * must change here and in docs/layouts.md together.  The examples under
 * docs/ are parsed too, so the documentation cannot rot.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "timeout.h"
#include "layout.h"
#include "testutil.h"
#include "xmalloc.h"

/* Parse TEXT (named "t") and insist it is accepted. */
static struct layout *
parse_ok(const char *text)
{
	struct layout	*l;
	char		*cause = NULL;

	l = layout_parse(text, "t", &cause);
	ck_assert_msg(l != NULL, "refused: %s", cause);
	ck_assert_ptr_null(cause);
	return l;
}

/* Parse LEN bytes of TEXT from a file and compare the cause with WANT. */
static void
assert_load_error(const char *text, size_t len, const char *want)
{
	char		*path = tu_file("bad.layout", text, len), *cause = NULL;
	char		*full = xasprintf("%s:%s", path, want);

	ck_assert_ptr_null(layout_load(path, &cause));
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, full);
	free(cause);
	free(full);
	free(path);
}

/* Parse TEXT (named "t") and compare the cause with WANT exactly. */
static void
assert_error(const char *text, const char *want)
{
	char	*cause = NULL;

	ck_assert_msg(layout_parse(text, "t", &cause) == NULL,
	    "accepted: %s", text);
	ck_assert_ptr_nonnull(cause);
	ck_assert_str_eq(cause, want);
	free(cause);
	/* A NULL cause is allowed and must not crash. */
	ck_assert_ptr_null(layout_parse(text, "t", NULL));
}

/* Check field I of L: name, offset, size, kind, type name, line. */
static void
assert_field(const struct layout *l, size_t i, const char *name,
    uint64_t off, uint64_t size, enum layout_kind kind, const char *type,
    unsigned line)
{
	const struct layout_field	*f;
	char				 t[32];

	ck_assert_uint_lt(i, l->n);
	f = &l->fields[i];
	ck_assert_str_eq(f->name, name);
	ck_assert_uint_eq(f->off, off);
	ck_assert_uint_eq(f->size, size);
	ck_assert_int_eq(f->kind, kind);
	layout_type_name(f, t, sizeof t);
	ck_assert_str_eq(t, type);
	ck_assert_uint_eq(f->line, line);
}

/*
 * What every parsed layout promises (disjoint, sorted, findable, unique
 * names): NULL, or what is broken.  Plain checks, not ck_assert: each
 * ck_assert costs a message to the parent in fork mode, and the mutation
 * test calls this thousands of times.
 */
static const char *
layout_broken(const struct layout *l)
{
	uint64_t	extent = 0;

	if (l->n == 0)
		return "no fields";
	for (size_t i = 0; i < l->n; i++) {
		const struct layout_field	*f = &l->fields[i];

		if (f->size == 0 || f->size > UINT64_MAX - f->off)
			return "bad size";
		if (layout_field_at(l, f->off) != f ||
		    layout_field_at(l, f->off + f->size - 1) != f)
			return "field_at misses a field";
		if (f->off + f->size > extent)
			extent = f->off + f->size;
		for (size_t j = i + 1; j < l->n; j++)
			if (strcmp(f->name, l->fields[j].name) == 0)
				return "duplicate name";
	}
	for (size_t i = 1; i < l->n; i++) {
		const struct layout_field	*a, *b;

		a = &l->fields[l->by_off[i - 1]];
		b = &l->fields[l->by_off[i]];

		if (a->off + a->size > b->off)
			return "overlap or unsorted index";
	}
	if (layout_extent(l) != extent)
		return "wrong extent";
	return NULL;
}

/* Assert what every parsed layout promises. */
static void
assert_invariants(const struct layout *l)
{
	const char	*why = layout_broken(l);

	ck_assert_msg(why == NULL, "layout %s: %s", l->source, why);
}

START_TEST(every_valid_form)
{
	struct layout	*l = parse_ok(
	    "# a comment line\n"
	    "\n"
	    "   \t  # an indented comment\n"
	    "first        u8\n"				/* 0, no offset */
	    "hex          0x10   u32le   # hex offset\n"
	    "dec          20     u16\n"			/* bare = le */
	    "zeros        030    U32BE\n"		/* decimal 30; case */
	    "gap          +2     i16be\n"		/* 34 + 2 = 36 */
	    "follow              f64le\n"		/* 38 */
	    "raw                 u8[4]\n"		/* 46 */
	    "raw2                bytes[0x10]\n"		/* 50 */
	    "text                char[3]\n"		/* 66 */
	    "\tTabs_and.dots-1\t0x100\tf32be#tight comment\n"
	    "back         4      i16\n"			/* below earlier ones */
	    "next                i8\n"			/* follows "back" */
	    "u32          +0     u8\n");	/* a type is a fine name */

	ck_assert_str_eq(l->source, "t");
	ck_assert_uint_eq(l->n, 13);
	assert_field(l, 0, "first", 0, 1, LAYOUT_VALUE, "u8", 4);
	assert_field(l, 1, "hex", 16, 4, LAYOUT_VALUE, "u32le", 5);
	assert_field(l, 2, "dec", 20, 2, LAYOUT_VALUE, "u16le", 6);
	assert_field(l, 3, "zeros", 30, 4, LAYOUT_VALUE, "u32be", 7);
	assert_field(l, 4, "gap", 36, 2, LAYOUT_VALUE, "i16be", 8);
	assert_field(l, 5, "follow", 38, 8, LAYOUT_VALUE, "f64le", 9);
	assert_field(l, 6, "raw", 46, 4, LAYOUT_BYTES, "u8[4]", 10);
	assert_field(l, 7, "raw2", 50, 16, LAYOUT_BYTES, "u8[16]", 11);
	assert_field(l, 8, "text", 66, 3, LAYOUT_CHARS, "char[3]", 12);
	assert_field(l, 9, "Tabs_and.dots-1", 256, 4, LAYOUT_VALUE, "f32be",
	    13);
	assert_field(l, 10, "back", 4, 2, LAYOUT_VALUE, "i16le", 14);
	assert_field(l, 11, "next", 6, 1, LAYOUT_VALUE, "i8", 15);
	assert_field(l, 12, "u32", 7, 1, LAYOUT_VALUE, "u8", 16);
	assert_invariants(l);
	layout_free(l);
}
END_TEST

START_TEST(first_field_placement)
{
	struct layout	*l;

	/* With no offset the first field is at 0; +N counts from 0. */
	l = parse_ok("a +4 u16\nb u8");
	assert_field(l, 0, "a", 4, 2, LAYOUT_VALUE, "u16le", 1);
	assert_field(l, 1, "b", 6, 1, LAYOUT_VALUE, "u8", 2);
	ck_assert_uint_eq(layout_extent(l), 7);
	layout_free(l);

	/* Names are case-sensitive; the last line needs no newline. */
	l = parse_ok("a u8\nA u8");
	ck_assert_uint_eq(l->n, 2);
	layout_free(l);
}
END_TEST

START_TEST(limits_that_fit)
{
	char		 name[LAYOUT_MAX_NAME + 1], *text;
	struct layout	*l;

	memset(name, 'n', LAYOUT_MAX_NAME);
	name[LAYOUT_MAX_NAME] = '\0';
	text = xasprintf("%s u8[65536]\nlast 0xfffffffffffffffe u8\n", name);
	l = parse_ok(text);
	assert_field(l, 0, name, 0, 65536, LAYOUT_BYTES, "u8[65536]", 1);
	/* The last byte a field can hold is 2^64-2: off + size must fit. */
	assert_field(l, 1, "last", UINT64_MAX - 1, 1, LAYOUT_VALUE, "u8", 2);
	ck_assert_uint_eq(layout_extent(l), UINT64_MAX);
	ck_assert_ptr_eq(layout_field_at(l, UINT64_MAX - 1), &l->fields[1]);
	ck_assert_ptr_null(layout_field_at(l, UINT64_MAX));
	layout_free(l);
	free(text);
}
END_TEST

START_TEST(line_endings_and_encoding)
{
	struct layout	*l;
	char		*cause = NULL, line[LAYOUT_MAX_LINE + 2];

	/* CRLF, a final CR with no LF, and a byte order mark. */
	l = parse_ok("\xef\xbb\xbf" "a u8\r\nb 4 u16be # x\r\nc u8\r");
	assert_field(l, 0, "a", 0, 1, LAYOUT_VALUE, "u8", 1);
	assert_field(l, 1, "b", 4, 2, LAYOUT_VALUE, "u16be", 2);
	assert_field(l, 2, "c", 6, 1, LAYOUT_VALUE, "u8", 3);
	layout_free(l);
	/* Errors after CRLF lines still count lines and columns right. */
	ck_assert_ptr_null(layout_parse("a u8\r\nb u9\r\n", "t", &cause));
	ck_assert_str_eq(cause, "t:2:3: unknown type \"u9\" (u8 i8 u16 i16 "
	    "u32 i32 u64 i64 f32 f64 with le or be, bytes[N], char[N], "
	    "TYPE[N], or a struct or enum defined above)");
	free(cause);
	/* The BOM does not count as a column. */
	ck_assert_ptr_null(layout_parse("\xef\xbb\xbf" "a u9", "t", &cause));
	ck_assert_ptr_nonnull(strstr(cause, "t:1:3: unknown type"));
	free(cause);

	/* UTF-8 is fine in comments. */
	l = parse_ok("a u8 # caf\xc3\xa9 \xe2\x9c\x93 \xf0\x9f\x98\x80\n");
	layout_free(l);

	/* A line of exactly LAYOUT_MAX_LINE bytes is fine. */
	memset(line, '#', LAYOUT_MAX_LINE);
	line[LAYOUT_MAX_LINE] = '\0';
	memcpy(line, "a u8 ", 5);
	l = parse_ok(line);
	layout_free(l);
}
END_TEST

START_TEST(errors_of_text)
{
	char	line[LAYOUT_MAX_LINE + 2];

	assert_error("a u8\x01", "t:1:5: control character 0x01 (a layout "
	    "is text)");
	assert_error("a u8\nb\r u8\n", "t:2:2: control character 0x0d (a "
	    "layout is text)");
	assert_error("a u8 # \x1b[31m", "t:1:8: control character 0x1b (a "
	    "layout is text)");
	assert_error("a\x7fu8", "t:1:2: control character 0x7f (a layout "
	    "is text)");
	assert_error("a u8\x0b", "t:1:5: control character 0x0b (a layout "
	    "is text)");
	assert_error("a u8 # caf\xe9\n", "t:1:11: invalid UTF-8 (byte 0xe9; "
	    "a layout is UTF-8 text)");
	assert_error("a u8 # \xc0\xaf", "t:1:8: invalid UTF-8 (byte 0xc0; "
	    "a layout is UTF-8 text)");	/* overlong "/" */
	assert_error("# \xed\xa0\x80", "t:1:3: invalid UTF-8 (byte 0xed; "
	    "a layout is UTF-8 text)");	/* a surrogate */
	assert_error("# ok \xe2\x82", "t:1:6: invalid UTF-8 (byte 0xe2; "
	    "a layout is UTF-8 text)");	/* cut short at the end */
	assert_error("# \xe2\x82\nx u8", "t:1:3: invalid UTF-8 (byte 0xe2; "
	    "a layout is UTF-8 text)");	/* cut short by the line end */
	assert_error("# \xf4\x90\x80\x80", "t:1:3: invalid UTF-8 (byte 0xf4; "
	    "a layout is UTF-8 text)");	/* past U+10FFFF */
	assert_error("# \xc2\x9b", "t:1:3: control character U+009B (a "
	    "layout is text)");		/* C1 CSI */
	assert_error("a u8 # \xc2\x85", "t:1:8: control character U+0085 "
	    "(a layout is text)");

	memset(line, '#', LAYOUT_MAX_LINE + 1);
	line[LAYOUT_MAX_LINE + 1] = '\0';
	memcpy(line, "a u8 ", 5);
	assert_error(line, "t:1:1025: line too long (at most 1024 bytes)");
	/* An earlier bad byte is reported first. */
	line[10] = '\x01';
	assert_error(line, "t:1:11: control character 0x01 (a layout is "
	    "text)");
}
END_TEST

START_TEST(errors_of_names)
{
	char	name[LAYOUT_MAX_NAME + 2], *text;

	assert_error("counter\n", "t:1:8: a type is missing after "
	    "\"counter\" (a field is NAME [OFFSET] TYPE)");
	assert_error("  counter   # no type\n", "t:1:10: a type is missing "
	    "after \"counter\" (a field is NAME [OFFSET] TYPE)");
	assert_error("0x10 u32\n", "t:1:1: a field starts with its name, "
	    "not \"0x10\" (a field is NAME [OFFSET] TYPE)");
	assert_error("a u8\n  +4 u8\n", "t:2:3: a field starts with its "
	    "name, not \"+4\" (a field is NAME [OFFSET] TYPE)");
	assert_error("-1 u8", "t:1:1: a field starts with its name, not "
	    "\"-1\" (a field is NAME [OFFSET] TYPE)");
	assert_error("$x u8", "t:1:1: a name starts with a letter or _, "
	    "not \"$\"");
	assert_error("\"x u8", "t:1:1: a name starts with a letter or _, "
	    "not \"\\\"\"");
	assert_error("a$b u8", "t:1:2: \"$\" cannot be in a name (letters, "
	    "digits, _ . and - can)");
	assert_error("a[2] u8", "t:1:2: \"[\" cannot be in a name (letters, "
	    "digits, _ . and - can)");
	assert_error("gr\xc3\xb6\xc3\x9f" "e u8", "t:1:3: a name is ASCII: "
	    "letters, digits, _ . and -");
	assert_error("\xc3\xa4 u8", "t:1:1: a name is ASCII: letters, "
	    "digits, _ . and -");
	memset(name, 'n', LAYOUT_MAX_NAME + 1);
	name[LAYOUT_MAX_NAME + 1] = '\0';
	text = xasprintf("a u8\n  %s u8\n", name);
	assert_error(text, "t:2:67: name too long (at most 64 bytes)");
	free(text);
	assert_error("a u8\nb u8\n# c\na u16\n", "t:4:1: duplicate name "
	    "\"a\" (first on line 1)");
	assert_error("x.y u8\n\tx.y +1 u8\n", "t:2:2: duplicate name "
	    "\"x.y\" (first on line 1)");
}
END_TEST

START_TEST(errors_of_offsets)
{
	assert_error("a 0x1g u8", "t:1:3: offset \"0x1g\": not a number "
	    "(bad character 'g' at position 4)");
	assert_error("a 12q u8", "t:1:3: offset \"12q\": not a number "
	    "(bad character 'q' at position 3)");
	assert_error("a 4K u8", "t:1:3: offset \"4K\": not a number "
	    "(bad character 'K' at position 2)");
	assert_error("a 0x u8", "t:1:3: offset \"0x\": not a number (no "
	    "digits after \"0x\")");
	assert_error("a + u8", "t:1:3: offset \"+\": not a number (no "
	    "digits)");
	assert_error("a ++4 u8", "t:1:3: offset \"++4\": not a number (a "
	    "sign is not allowed here)");
	assert_error("a 18446744073709551616 u8", "t:1:3: offset "
	    "\"18446744073709551616\": too large (more than 2^64-1)");
	assert_error("a -4 u8", "t:1:3: an offset is N (from the start) or "
	    "+N (after the previous field), not \"-4\"");
	assert_error("a @8 u8", "t:1:3: \"@8\" is neither an offset (N or "
	    "+N) nor a type");
	assert_error("a 0x10\n", "t:1:7: a type is missing after the "
	    "offset (a field is NAME [OFFSET] TYPE)");
	assert_error("a\t+4\t# c", "t:1:5: a type is missing after the "
	    "offset (a field is NAME [OFFSET] TYPE)");
	/* A long token is cut in the message. */
	assert_error("a 1234567890123456789012345678901234567890123 u8",
	    "t:1:3: offset \"1234567890123456789012345678901234567890123\": "
	    "too large (more than 2^64-1)");
	assert_error("0123456789012345678901234567890123456789012 u8",
	    "t:1:1: a field starts with its name, not "
	    "\"0123456789012345678901234567890123456789...\" (a field is "
	    "NAME [OFFSET] TYPE)");
}
END_TEST

START_TEST(errors_of_types)
{
	assert_error("a u24", "t:1:3: unknown type \"u24\" (u8 i8 u16 i16 "
	    "u32 i32 u64 i64 f32 f64 with le or be, bytes[N], char[N], "
	    "TYPE[N], or a struct or enum defined above)");
	assert_error("a 0 u8le", "t:1:5: unknown type \"u8le\" (u8 i8 u16 "
	    "i16 u32 i32 u64 i64 f32 f64 with le or be, bytes[N], char[N], "
	    "TYPE[N], or a struct or enum defined above)");
	assert_error("a foo[4]", "t:1:3: unknown type \"foo[4]\" (u8 i8 u16 "
	    "i16 u32 i32 u64 i64 f32 f64 with le or be, bytes[N], char[N], "
	    "TYPE[N], or a struct or enum defined above)");
	assert_error("a gr\xc3\xb6\xc3\x9f" "e", "t:1:3: unknown type "
	    "\"gr\\xc3\\xb6\\xc3\\x9fe\" (u8 i8 u16 i16 u32 i32 u64 i64 f32 "
	    "f64 with le or be, bytes[N], char[N], TYPE[N], or a struct or "
	    "enum defined above)");
	assert_error("a char", "t:1:3: \"char\" needs a count: char[N]");
	assert_error("a 0 Bytes", "t:1:5: \"Bytes\" needs a count: "
	    "Bytes[N]");
	assert_error("a char [4]", "t:1:3: \"char\" needs a count: "
	    "char[N]");
	/* Arrays of any type are fine now (blocks_arrays_and_enums). */
	assert_error("a char[32", "t:1:10: \"]\" is missing after the count");
	assert_error("a char[]", "t:1:8: the count is missing: char[N]");
	assert_error("a char[0]", "t:1:8: count \"0\": out of range (1 to "
	    "65536)");
	assert_error("a u8[65537]", "t:1:6: count \"65537\": out of range "
	    "(1 to 65536)");
	assert_error("a u8[x]", "t:1:6: count \"x\": not a number (bad "
	    "character 'x' at position 1)");
	assert_error("a u8[-1]", "t:1:6: count \"-1\": not a number (a sign "
	    "is not allowed here)");
	assert_error("a u8[ 4]", "t:1:6: \"]\" is missing after the count");
	assert_error("a char[4]x", "t:1:10: unexpected \"x\" after \"]\"");
	assert_error("a char[4]]", "t:1:10: unexpected \"]\" after \"]\"");
	assert_error("a u8 b", "t:1:6: unexpected \"b\" after the type (a "
	    "comment starts with #)");
	assert_error("a 0 u8 // c", "t:1:8: unexpected \"//\" after the "
	    "type (a comment starts with #)");
}
END_TEST

START_TEST(errors_of_placement)
{
	assert_error("a 0xffffffffffffffff u8", "t:1:3: the field ends past "
	    "the last offset (2^64-1)");
	assert_error("a 0xfffffffffffffff0 char[16]", "t:1:3: the field "
	    "ends past the last offset (2^64-1)");
	assert_error("a 0xfffffffffffffffe u8\nb u8", "t:2:3: the field ends "
	    "past the last offset (2^64-1)");
	assert_error("a 0xfffffffffffffff0 u8\nb +0xfffffffffffffff0 u8",
	    "t:2:3: the field ends past the last offset (2^64-1)");
	assert_error("a 0 u32\nb 2 u16", "t:2:3: bytes 0x2-0x3 overlap \"a\" "
	    "(0x0-0x3, line 1)");
	assert_error("a 8 u32\nb 4 u64", "t:2:3: bytes 0x4-0xb overlap \"a\" "
	    "(0x8-0xb, line 1)");
	assert_error("a 0 u8\nb 0 u8", "t:2:3: bytes 0x0-0x0 overlap \"a\" "
	    "(0x0-0x0, line 1)");
	assert_error("a 4 u32\nb 0 u8\nc u32", "t:3:3: bytes 0x1-0x4 overlap "
	    "\"a\" (0x4-0x7, line 1)");
	/* Overlapping both neighbours: the one below is named. */
	assert_error("a 0 u32\nb 8 u32\nc 2 u64", "t:3:3: bytes 0x2-0x9 "
	    "overlap \"a\" (0x0-0x3, line 1)");
	/* Containing a field entirely. */
	assert_error("a 4 u8\nb 0 u8[16]", "t:2:3: bytes 0x0-0xf overlap "
	    "\"a\" (0x4-0x4, line 1)");
}
END_TEST

START_TEST(errors_of_the_whole)
{
	char	*text, *p;
	size_t	 len = (LAYOUT_MAX_FIELDS + 1) * 16 + 1;

	assert_error("", "t:1:1: no fields (a layout needs at least one)");
	assert_error("# nothing\n\n   \n", "t:1:1: no fields (a layout needs "
	    "at least one)");
	assert_error("\xef\xbb\xbf", "t:1:1: no fields (a layout needs at "
	    "least one)");

	text = xmalloc(len);
	p = text;
	for (int i = 0; i < LAYOUT_MAX_FIELDS; i++)
		p += sprintf(p, "f%d u8\n", i);
	/* Exactly the limit is fine; one more is not. */
	layout_free(parse_ok(text));
	sprintf(p, "  extra u8\n");
	assert_error(text, "t:4097:3: too many fields (at most 4096)");
	free(text);
}
END_TEST

START_TEST(load_files)
{
	const char	 ok[] = "a u8\r\nb u32be\r\n";
	char		*path = tu_file("ok.layout", ok, sizeof ok - 1);
	char		*cause = NULL, *missing, *want, *big;
	struct layout	*l;
	size_t		 n;

	l = layout_load(path, &cause);
	ck_assert_msg(l != NULL, "%s", cause);
	ck_assert_str_eq(l->source, path);
	ck_assert_uint_eq(l->n, 2);
	layout_free(l);
	free(path);

	/* A NUL byte only a file can hold. */
	assert_load_error("a u8\nb\0u8\n", 10, "2:2: control character 0x00 "
	    "(a layout is text)");
	assert_load_error("", 0, "1:1: no fields (a layout needs at least "
	    "one)");

	missing = tu_path("missing.layout");
	ck_assert_ptr_null(layout_load(missing, &cause));
	want = xasprintf("%s: No such file or directory", missing);
	ck_assert_str_eq(cause, want);
	free(cause);
	free(want);
	ck_assert_ptr_null(layout_load(missing, NULL));
	free(missing);

	path = tu_path("dir.layout");
	ck_assert_int_eq(mkdir(path, 0700), 0);
	ck_assert_ptr_null(layout_load(path, &cause));
	want = xasprintf("%s: Is a directory", path);
	ck_assert_str_eq(cause, want);
	free(cause);
	free(want);
	free(path);

	/* LAYOUT_MAX_FILE bytes are fine; one more is too large. */
	n = LAYOUT_MAX_FILE + 1;
	big = xmalloc(n);
	memset(big, '\n', n);
	memcpy(big, "a u8", 4);
	path = tu_file("max.layout", big, n - 1);
	l = layout_load(path, &cause);
	ck_assert_msg(l != NULL, "%s", cause);
	layout_free(l);
	free(path);
	path = tu_file("big.layout", big, n);
	ck_assert_ptr_null(layout_load(path, &cause));
	want = xasprintf("%s: too large for a layout (more than 1048576 "
	    "bytes)", path);
	ck_assert_str_eq(cause, want);
	free(cause);
	free(want);
	free(path);
	free(big);
}
END_TEST

START_TEST(field_at_edges)
{
	struct layout			*l;
	const struct layout_field	*f;

	/* Declared out of order, with gaps: [4,8) [8,9) [16,48) [100,101) */
	l = parse_ok("c 16 char[32]\na 4 u32\nb u8\nd 100 u8\n");
	assert_invariants(l);
	ck_assert_ptr_null(layout_field_at(l, 0));
	ck_assert_ptr_null(layout_field_at(l, 3));
	ck_assert_str_eq(layout_field_at(l, 4)->name, "a");
	ck_assert_str_eq(layout_field_at(l, 7)->name, "a");
	ck_assert_str_eq(layout_field_at(l, 8)->name, "b");
	ck_assert_ptr_null(layout_field_at(l, 9));
	ck_assert_ptr_null(layout_field_at(l, 15));
	ck_assert_str_eq(layout_field_at(l, 16)->name, "c");
	ck_assert_str_eq(layout_field_at(l, 47)->name, "c");
	ck_assert_ptr_null(layout_field_at(l, 48));
	ck_assert_ptr_null(layout_field_at(l, 99));
	ck_assert_str_eq(layout_field_at(l, 100)->name, "d");
	ck_assert_ptr_null(layout_field_at(l, 101));
	ck_assert_ptr_null(layout_field_at(l, UINT64_MAX));
	ck_assert_uint_eq(layout_extent(l), 101);

	/* layout_field_next: the covering field, else the next one. */
	ck_assert_str_eq(layout_field_next(l, 0)->name, "a");
	ck_assert_str_eq(layout_field_next(l, 5)->name, "a");
	ck_assert_str_eq(layout_field_next(l, 9)->name, "c");
	ck_assert_str_eq(layout_field_next(l, 48)->name, "d");
	ck_assert_ptr_null(layout_field_next(l, 101));
	/* Walking a window visits the fields in offset order. */
	{
		const char	*want[] = { "b", "c" };
		size_t		 k = 0;

		for (f = layout_field_next(l, 8); f != NULL && f->off < 40;
		    f = layout_field_next(l, f->off + f->size))
			ck_assert_str_eq(f->name, want[k++]);
		ck_assert_uint_eq(k, 2);
	}
	layout_free(l);

	/* One field at 0 of one byte. */
	l = parse_ok("x u8");
	ck_assert_str_eq(layout_field_at(l, 0)->name, "x");
	ck_assert_ptr_null(layout_field_at(l, 1));
	layout_free(l);
	layout_free(NULL);
}
END_TEST

/* Format field NAME of the layout TEXT from LEN bytes of IN into OUTLEN. */
static void
assert_format(const char *text, const void *in, size_t len, size_t outlen,
    const char *want)
{
	struct layout	*l = parse_ok(text);
	char		 out[256];

	ck_assert_uint_le(outlen, sizeof out);
	memset(out, 'Z', sizeof out);
	layout_format(&l->fields[0], in, len, out, outlen);
	ck_assert_str_eq(out, want);
	ck_assert_uint_lt(strlen(out), outlen);
	layout_free(l);
}

START_TEST(format_values)
{
	const uint8_t	b[] = { 0xfe, 0xff, 0x00, 0x80, 0x00, 0x00, 0xc0,
	    0x3f };

	assert_format("x u8", b, 1, 64, "254");
	assert_format("x i8", b, 1, 64, "-2");
	assert_format("x u16le", b, 2, 64, "65534");
	assert_format("x i16le", b, 2, 64, "-2");
	assert_format("x u16be", b, 2, 64, "65279");
	assert_format("x u32be", b, 4, 64, "4278124672");
	assert_format("x f32le", b + 4, 4, 64, "1.5");
	assert_format("x u64le", b, 8, 64, "4593671622065455102");
	/* More bytes than the field is fine; fewer is "unavailable". */
	assert_format("x u16le", b, 8, 64, "65534");
	assert_format("x u32le", b, 3, 64, "unavailable");
	assert_format("x u8", b, 0, 64, "unavailable");
	/* A number that does not fit is not cut into another number. */
	assert_format("x u32be", b, 4, 8, "...");
	assert_format("x u32be", b, 4, 11, "4278124672");
}
END_TEST

START_TEST(format_bytes)
{
	const uint8_t	b[] = { 0xde, 0xad, 0xbe, 0xef, 0x00, 0x0a };

	assert_format("x u8[6]", b, 6, 64, "de ad be ef 00 0a");
	assert_format("x bytes[1]", b, 1, 64, "de");
	assert_format("x u8[6]", b, 5, 64, "unavailable");
	/* Exactly fits, one short (cut at a byte, never inside one). */
	assert_format("x u8[6]", b, 6, 18, "de ad be ef 00 0a");
	assert_format("x u8[6]", b, 6, 17, "de ad be ef...");
	assert_format("x u8[6]", b, 6, 9, "de ad...");
	assert_format("x u8[6]", b, 6, 8, "de...");
	assert_format("x u8[6]", b, 6, 7, "de...");
	assert_format("x u8[6]", b, 6, 5, "...");
	assert_format("x u8[6]", b, 6, 3, "..");
	assert_format("x u8[6]", b, 6, 1, "");
}
END_TEST

START_TEST(format_text)
{
	const char	s[] = "a\\b\"c\n\t\x1b\x7f\x80\x01\r";
	const char	hi[] = "hi\0junk";
	char		out[4] = "xyz";
	struct layout	*l;

	assert_format("x char[13]", s, 13, 128,
	    "\"a\\\\b\\\"c\\n\\t\\e\\x7f\\x80\\x01\\x0d\"");
	/* A C string ends at the first NUL; without one, all N bytes. */
	assert_format("x char[7]", hi, 7, 64, "\"hi\"");
	assert_format("x char[2]", hi, 2, 64, "\"hi\"");
	assert_format("x char[1]", "", 1, 64, "\"\"");
	/* UTF-8 is shown as bytes: the core does not know the locale. */
	assert_format("x char[5]", "caf\xc3\xa9", 5, 64, "\"caf\\xc3\\xa9\"");
	assert_format("x char[7]", hi, 6, 64, "unavailable");
	/* Cuts never split an escape and leave no closing quote. */
	assert_format("x char[13]", s, 13, 14, "\"a\\\\b\\\"c\\n...");
	assert_format("x char[13]", s, 13, 13, "\"a\\\\b\\\"c...");
	assert_format("x char[2]", hi, 2, 5, "\"hi\"");
	assert_format("x char[2]", hi, 2, 4, "...");
	assert_format("x char[7]", hi, 7, 12, "\"hi\"");
	/* OUTLEN 0 writes nothing at all. */
	l = parse_ok("x char[2]");
	layout_format(&l->fields[0], (const uint8_t *)hi, 2, out, 0);
	ck_assert_str_eq(out, "xyz");
	layout_free(l);
}
END_TEST

START_TEST(type_names_are_canonical)
{
	struct layout	*l = parse_ok("a U16\nb bytes[3]\nc CHAR[0x20]\n"
	    "d F64BE\n");
	char		 t[8];

	assert_field(l, 0, "a", 0, 2, LAYOUT_VALUE, "u16le", 1);
	assert_field(l, 1, "b", 2, 3, LAYOUT_BYTES, "u8[3]", 2);
	assert_field(l, 2, "c", 5, 32, LAYOUT_CHARS, "char[32]", 3);
	assert_field(l, 3, "d", 37, 8, LAYOUT_VALUE, "f64be", 4);
	/* A short buffer is cut and terminated. */
	layout_type_name(&l->fields[2], t, 6);
	ck_assert_str_eq(t, "char[");
	layout_free(l);
}
END_TEST

START_TEST(docs_examples_parse)
{
	char		*dir = tu_src_path("docs/examples"), *path, *cause;
	DIR		*d = opendir(dir);
	struct dirent	*e;
	struct layout	*l;
	size_t		 seen = 0;

	ck_assert_msg(d != NULL, "cannot open %s", dir);
	while ((e = readdir(d)) != NULL) {
		size_t	n = strlen(e->d_name);

		if (n < 8 || strcmp(e->d_name + n - 7, ".layout") != 0)
			continue;
		path = xasprintf("%s/%s", dir, e->d_name);
		cause = NULL;
		l = layout_load(path, &cause);
		ck_assert_msg(l != NULL, "%s", cause);
		assert_invariants(l);
		layout_free(l);
		free(path);
		seen++;
	}
	closedir(d);
	ck_assert_uint_ge(seen, 2);
	free(dir);

	/* The demo layout, field by field, as docs/layouts.md shows it. */
	path = tu_src_path("docs/examples/demo.layout");
	l = layout_load(path, &cause);
	ck_assert_msg(l != NULL, "%s", cause);
	/* Its offsets are cmd_demo.c's DEMO_* fields. */
	ck_assert_uint_eq(l->n, 4);
	assert_field(l, 0, "counter", 0, 4, LAYOUT_VALUE, "u32le", 8);
	assert_field(l, 1, "clock", 8, 8, LAYOUT_VALUE, "u64le", 9);
	assert_field(l, 2, "message", 16, 32, LAYOUT_CHARS, "char[32]", 10);
	assert_field(l, 3, "ramp", 48, 16, LAYOUT_BYTES, "u8[16]", 11);
	layout_free(l);
	free(path);
}
END_TEST

START_TEST(docs_code_blocks_parse)
{
	char		*path = tu_src_path("docs/layouts.md"), *md, *cause;
	size_t		 len, blocks = 0;
	struct layout	*l;
	const char	*p, *end;

	md = (char *)tu_slurp(path, &len);
	md[len] = '\0';	/* tu_slurp leaves room for it but does not add it */
	/* Every ```layout block in the reference is a valid layout. */
	for (p = md; (p = strstr(p, "\n```layout\n")) != NULL; p = end) {
		char	*text;

		p += strlen("\n```layout\n");
		end = strstr(p, "\n```\n");
		ck_assert_ptr_nonnull(end);
		text = xasprintf("%.*s", (int)(end - p), p);
		cause = NULL;
		l = layout_parse(text, "docs", &cause);
		ck_assert_msg(l != NULL, "layouts.md block %zu: %s", blocks,
		    cause);
		assert_invariants(l);
		layout_free(l);
		free(text);
		blocks++;
	}
	ck_assert_uint_ge(blocks, 3);
	free(md);
	free(path);
}
END_TEST

START_TEST(mutated_text_never_crashes)
{
	static const char	seed[] =
	    "# header\r\n"
	    "magic 0 u32be\n"
	    "len +2 u16\n"
	    "name char[8] # x\n"
	    "raw 0x40 bytes[0x10]\n"
	    "f f64le\n";
	static const char	cs[] =
	    " \t\n#+-0x19[]u8charbytesf64le\r\x80\xc3\xa9";
	char			text[sizeof seed + 16], *cause;
	unsigned		rnd = 12345, line;
	size_t			col;
	struct layout		*l;

	/* A small fuzzer in the unit tests: under ASan it finds real bugs. */
	for (int iter = 0; iter < 20000; iter++) {
		size_t	len = sizeof seed - 1;

		memcpy(text, seed, len + 1);
		for (int k = 0, n = 1 + rand_r(&rnd) % 4; k < n; k++) {
			size_t	at = (size_t)rand_r(&rnd) % len;

			switch (rand_r(&rnd) % 3) {
			case 0:
				text[at] = cs[rand_r(&rnd) % (sizeof cs - 1)];
				break;
			case 1:
				memmove(text + at, text + at + 1, len - at);
				len--;
				break;
			default:
				if (len + 1 >= sizeof text)
					break;
				memmove(text + at + 1, text + at, len - at + 1);
				text[at] = (char)rand_r(&rnd);
				len++;
				break;
			}
		}
		cause = NULL;
		l = layout_parse(text, "fuzz", &cause);
		if (l != NULL) {
			const char	*why = layout_broken(l);

			if (cause != NULL || why != NULL)
				ck_abort_msg("%s: %s", why != NULL ? why :
				    "a cause with a layout", text);
			layout_free(l);
			continue;
		}
		if (cause == NULL || sscanf(cause, "fuzz:%u:%zu: ", &line,
		    &col) != 2 || line == 0 || col == 0)
			ck_abort_msg("bad cause: %s", cause != NULL ? cause :
			    "(none)");
		for (const char *c = cause; *c != '\0'; c++)
			if ((unsigned char)*c < 0x20 ||
			    (unsigned char)*c >= 0x7f)
				ck_abort_msg("unprintable cause: %s", cause);
		free(cause);
	}
}
END_TEST

START_TEST(blocks_arrays_and_enums)
{
	static const char	 text[] =
	    "enum state u16be {\n  EMPTY = 0\n  READY = 2\n  DEAD -1\n}\n"
	    "struct slot 8 {\n  seq u32\n  state +2 state\n}\n"
	    "head 0 u32\nvals u16[3]\nslots 12 slot[4]\nst state\n";
	struct layout		*l = parse_ok(text);
	const struct layout_field *f;
	struct ltype_ref	 r;
	uint8_t			 b[2] = { 0xff, 0xff };
	char			 v[32];

	/* head, vals[0..2], slots[0..3].{seq,state}, st */
	ck_assert_uint_eq(l->n, 1 + 3 + 8 + 1);
	f = layout_field_at(l, 12 + 3 * 8 + 6);
	ck_assert_str_eq(f->name, "slots[3].state");
	layout_format(f, b, 2, v, sizeof v);
	ck_assert_str_eq(v, "DEAD");
	layout_type_name(f, v, sizeof v);
	ck_assert_str_eq(v, "state");
	f = layout_field_at(l, 8);
	ck_assert_str_eq(f->name, "vals[2]");
	layout_type_name(f, v, sizeof v);
	ck_assert_str_eq(v, "u16le");
	ck_assert_int_eq(layout_resolve(l, "slots[2].seq", &r, NULL), 0);
	ck_assert_uint_eq(r.off, 12 + 16);
	ck_assert_int_eq(layout_resolve(l, "st", &r, NULL), 0);
	ck_assert_uint_eq(r.off, 44);
	ck_assert_uint_eq(layout_extent(l), 46);
	layout_free(l);

	assert_error("struct a {\nx u8\n", "t:1:1: struct \"a\" is not "
	    "closed (a } is missing)");
	assert_error("x u8\n}\n", "t:2:1: \"}\" closes nothing (a block is "
	    "struct NAME [SIZE] { or enum NAME TYPE {)");
	assert_error("struct a {\nstruct b {\n", "t:2:1: blocks do not nest: "
	    "close \"a\" (line 1) with } first");
	assert_error("enum e f32 {\n", "t:1:8: an enum is an integer type "
	    "(u8 ... i64, le or be), not \"f32\"");
	assert_error("enum e u8 {\n}\nx e\n", "t:2:1: enum \"e\" has no "
	    "values (NAME = NUMBER, one per line)");
	assert_error("enum e u8 {\nA = 1\nA = 2\n}\n", "t:3:1: duplicate "
	    "value \"A\"");
	assert_error("enum e u8 {\nA : 1\n}\n", "t:2:1: an enum's value is "
	    "NAME = NUMBER (or } to close enum \"e\")");
	assert_error("struct a {\n}\n", "t:2:1: struct \"a\" has no fields");
	assert_error("struct a 2 {\nx u32\n}\n", "t:3:1: struct \"a\" is 2 "
	    "bytes, but its fields end at 4");
	assert_error("struct u32 {\n", "t:1:8: type \"u32\" is already "
	    "defined");
	assert_error("struct a-b {\n", "t:1:8: a type's name is letters, "
	    "digits and _, not \"a-b\"");
	assert_error("struct {\n", "t:1:1: a block is \"struct NAME [SIZE] "
	    "{\" or \"enum NAME TYPE {\"");
	assert_error("struct a {\nx u8\n} x\n", "t:3:3: nothing goes after "
	    "\"}\"");
	assert_error("enum e u8 {\nA = 1\n}\n", "t:1:1: no fields (a layout "
	    "needs at least one)");
	assert_error("struct s {\nx u8\n}\na s\nb 0 u8\n", "t:5:3: bytes "
	    "0x0-0x0 overlap \"a\" (0x0-0x0, line 4)");
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("layout");
	TCase	*tc = timeout_tcase("layout", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, every_valid_form);
	tcase_add_test(tc, first_field_placement);
	tcase_add_test(tc, limits_that_fit);
	tcase_add_test(tc, line_endings_and_encoding);
	tcase_add_test(tc, errors_of_text);
	tcase_add_test(tc, errors_of_names);
	tcase_add_test(tc, errors_of_offsets);
	tcase_add_test(tc, errors_of_types);
	tcase_add_test(tc, errors_of_placement);
	tcase_add_test(tc, errors_of_the_whole);
	tcase_add_test(tc, load_files);
	tcase_add_test(tc, field_at_edges);
	tcase_add_test(tc, format_values);
	tcase_add_test(tc, format_bytes);
	tcase_add_test(tc, format_text);
	tcase_add_test(tc, type_names_are_canonical);
	tcase_add_test(tc, docs_examples_parse);
	tcase_add_test(tc, docs_code_blocks_parse);
	tcase_add_test(tc, mutated_text_never_crashes);
	tcase_add_test(tc, blocks_arrays_and_enums);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
