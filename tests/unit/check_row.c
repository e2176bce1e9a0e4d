/* SPDX-License-Identifier: ISC */
/*
 * check_row.c - row.c: xxd's layout, its geometry and the fast formatter.
 *
 * Three kinds of test: literal rows captured from xxd 2022-01-14 (the
 * contract), geometry invariants over every width and many group sizes,
 * and a comparison of the fast formatter with a slow, obviously correct
 * model written here with snprintf - over every -c, the common -g, short
 * last rows and offsets on both sides of 4 GiB, so the SIMD paths and the
 * generic path are all held to the same model.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeout.h"
#include "row.h"
#include "xmalloc.h"

/* "Hello, world!\n\0\1\377 abcdefghijklmnop": 34 bytes, the xxd samples. */
static const unsigned char hello[] =
    "Hello, world!\n\000\001\377 abcdefghijklmnop";
#define HELLO_LEN	34

/* Format LEN bytes of BUF with COLS/GROUP/FLAGS at OFF; malloc'd string. */
static char *
fmt(unsigned cols, unsigned group, int flags, uint64_t off,
    const unsigned char *buf, size_t len)
{
	struct row_geom	 g;
	char		*out;
	size_t		 n, bound;

	ck_assert_int_eq(row_geom_init(&g, cols, group, NULL), 0);
	bound = row_format_bound(&g, len);
	/* A canary past the bound: nothing may be written there. */
	out = xmalloc(bound + 65);
	memset(out, 0x5a, bound + 65);
	n = row_format(&g, flags, off, buf, len, out);
	ck_assert_msg(n <= bound, "wrote %zu > bound %zu", n, bound);
	/* One assertion, not one per byte: each costs Check a syscall. */
	for (size_t i = n; i < bound + 65; i++)
		if (out[i] != 0x5a)
			ck_abort_msg("wrote past the end (at +%zu)", i - n);
	out[n] = '\0';
	if (strlen(out) != n)
		ck_abort_msg("a NUL inside the output");
	return out;
}

/* One literal sample of xxd output. */
struct sample {
	unsigned	 cols, group;
	int		 flags;
	uint64_t	 off;
	size_t		 len;
	const char	*want;
};

/* Captured from `xxd [-c C] [-g G] [-u] [-l N]` on the hello bytes. */
static const struct sample samples[] = {
	{ 16, 2, 0, 0, HELLO_LEN,
	  "00000000: 4865 6c6c 6f2c 2077 6f72 6c64 210a 0001  Hello, world!...\n"
	  "00000010: ff20 6162 6364 6566 6768 696a 6b6c 6d6e  . abcdefghijklmn\n"
	  "00000020: 6f70                                     op\n" },
	{ 7, 3, 0, 0, HELLO_LEN,
	  "00000000: 48656c 6c6f2c 20  Hello, \n"
	  "00000007: 776f72 6c6421 0a  world!.\n"
	  "0000000e: 0001ff 206162 63  ... abc\n"
	  "00000015: 646566 676869 6a  defghij\n"
	  "0000001c: 6b6c6d 6e6f70     klmnop\n" },
	{ 16, 0, 0, 0, HELLO_LEN,
	  "00000000: 48656c6c6f2c20776f726c64210a0001  Hello, world!...\n"
	  "00000010: ff206162636465666768696a6b6c6d6e  . abcdefghijklmn\n"
	  "00000020: 6f70                              op\n" },
	{ 16, 4, ROW_UPPER, 0, HELLO_LEN,
	  "00000000: 48656C6C 6F2C2077 6F726C64 210A0001  Hello, world!...\n"
	  "00000010: FF206162 63646566 6768696A 6B6C6D6E  . abcdefghijklmn\n"
	  "00000020: 6F70                                 op\n" },
	{ 16, 20, 0, 0, HELLO_LEN,
	  "00000000: 48656c6c6f2c20776f726c64210a0001  Hello, world!...\n"
	  "00000010: ff206162636465666768696a6b6c6d6e  . abcdefghijklmn\n"
	  "00000020: 6f70                              op\n" },
	{ 5, 20, 0, 0, HELLO_LEN,
	  "00000000: 48656c6c6f  Hello\n"
	  "00000005: 2c20776f72  , wor\n"
	  "0000000a: 6c64210a00  ld!..\n"
	  "0000000f: 01ff206162  .. ab\n"
	  "00000014: 6364656667  cdefg\n"
	  "00000019: 68696a6b6c  hijkl\n"
	  "0000001e: 6d6e6f70    mnop\n" },
	{ 1, 1, 0, 0, 3,
	  "00000000: 48  H\n"
	  "00000001: 65  e\n"
	  "00000002: 6c  l\n" },
	{ 16, 2, 0, 3, 5,		/* -s 3 -l 5: the offset is absolute */
	  "00000003: 4865 6c6c 6f                             Hello\n" },
	{ 16, 2, ROW_UPPER, 0xabc, 16,	/* -u leaves the offset lower case */
	  "00000abc: 4865 6C6C 6F2C 2077 6F72 6C64 210A 0001  Hello, world!...\n" },
	{ 16, 2, 0, 0x100000000ULL, 20,	/* past 4 GiB the row moves right */
	  "100000000: 4865 6c6c 6f2c 2077 6f72 6c64 210a 0001  Hello, world!...\n"
	  "100000010: ff20 6162                                . ab\n" },
	{ 16, 2, 0, 0xfffffff8ULL, 16,	/* one row each side of 2^32 */
	  "fffffff8: 4865 6c6c 6f2c 2077 6f72 6c64 210a 0001  Hello, world!...\n" },
	{ 4, 2, 0, 0xfffffffcULL, 8,
	  "fffffffc: 4865 6c6c  Hell\n"
	  "100000000: 6f2c 2077  o, w\n" },
	{ 8, 1, 0, UINT64_MAX - 7, 8,
	  "fffffffffffffff8: 48 65 6c 6c 6f 2c 20 77  Hello, w\n" },
	{ 32, 8, 0, 0, HELLO_LEN,
	  "00000000: 48656c6c6f2c2077 6f726c64210a0001 ff20616263646566"
	  " 6768696a6b6c6d6e  Hello, world!.... abcdefghijklmn\n"
	  "00000020: 6f70                                 "
	  "                                op\n" },
};

/* Known inputs produce exactly what xxd printed for them. */
START_TEST(test_sample)
{
	const struct sample	*s = &samples[_i];
	char			*got;

	got = fmt(s->cols, s->group, s->flags, s->off, hello, s->len);
	ck_assert_msg(strcmp(got, s->want) == 0,
	    "-c %u -g %u flags %d off %ju:\n got:\n%s want:\n%s", s->cols,
	    s->group, s->flags, (uintmax_t)s->off, got, s->want);
	free(got);
}
END_TEST

/* No input, no output. */
START_TEST(test_empty)
{
	char	*got = fmt(16, 2, 0, 0, hello, 0);

	ck_assert_str_eq(got, "");
	free(got);
}
END_TEST

/* Geometry of the common layouts, number by number. */
START_TEST(test_geom_values)
{
	struct row_geom	 g;
	char		*cause = NULL;

	ck_assert_int_eq(row_geom_init(&g, 16, 2, &cause), 0);
	ck_assert_uint_eq(g.cols, 16);
	ck_assert_uint_eq(g.group, 2);
	ck_assert_uint_eq(g.hex_width, 39);
	ck_assert_uint_eq(g.ascii_col, 41);
	ck_assert_uint_eq(g.width, 57);
	ck_assert_uint_eq(row_hex_col(&g, 0), 0);
	ck_assert_uint_eq(row_hex_col(&g, 1), 2);
	ck_assert_uint_eq(row_hex_col(&g, 2), 5);
	ck_assert_uint_eq(row_hex_col(&g, 15), 37);
	ck_assert_uint_eq(row_ascii_col(&g, 0), 41);
	ck_assert_uint_eq(row_ascii_col(&g, 15), 56);

	ck_assert_int_eq(row_geom_init(&g, 7, 3, &cause), 0);
	ck_assert_uint_eq(g.hex_width, 16);
	ck_assert_uint_eq(g.ascii_col, 18);
	ck_assert_uint_eq(g.width, 25);
	ck_assert_uint_eq(row_hex_col(&g, 6), 14);

	/* 0 and more than cols both mean one group. */
	ck_assert_int_eq(row_geom_init(&g, 16, 0, &cause), 0);
	ck_assert_uint_eq(g.group, 16);
	ck_assert_uint_eq(g.hex_width, 32);
	ck_assert_int_eq(row_geom_init(&g, 16, 17, &cause), 0);
	ck_assert_uint_eq(g.group, 16);
	ck_assert_int_eq(row_geom_init(&g, 256, 1, &cause), 0);
	ck_assert_uint_eq(g.hex_width, 767);
	ck_assert_uint_eq(g.width, 1025);
	ck_assert_int_eq(row_geom_init(&g, 1, 0, &cause), 0);
	ck_assert_uint_eq(g.width, 5);
	ck_assert_ptr_null(cause);
}
END_TEST

/* Widths outside 1..256 are refused with a cause. */
START_TEST(test_geom_errors)
{
	struct row_geom	 g;
	char		*cause = NULL;

	ck_assert_int_eq(row_geom_init(&g, 0, 2, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "out of range (1 to 256)"));
	free(cause);
	cause = NULL;
	ck_assert_int_eq(row_geom_init(&g, 257, 2, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "257"));
	free(cause);
	ck_assert_int_eq(row_geom_init(&g, 1000, 2, NULL), -1);
}
END_TEST

/*
 * For -c _i+1 and many groups: row_byte_at inverts row_hex_col and
 * row_ascii_col, every other column is a gap, and a formatted row has its
 * digits and characters exactly where the geometry says.
 */
START_TEST(test_geom_inverse)
{
	static const unsigned	 groups[] = { 0, 1, 2, 3, 4, 5, 7, 8, 16, 32,
	    64, 255, 256, 1000 };
	unsigned		 cols = (unsigned)_i + 1;
	unsigned char		 bytes[ROW_COLS_MAX];

	for (unsigned i = 0; i < cols; i++)
		bytes[i] = (unsigned char)(i * 37 + 11);
	for (size_t k = 0; k < sizeof groups / sizeof groups[0]; k++) {
		struct row_geom	 g;
		unsigned	 nib, seen = 0;
		char		*row, *body, pair[2];

		ck_assert_int_eq(row_geom_init(&g, cols, groups[k], NULL), 0);
		/* Plain ifs: a ck_assert per column would cost a syscall. */
		for (unsigned i = 0; i < cols; i++) {
			unsigned	hc = row_hex_col(&g, i);
			unsigned	ac = row_ascii_col(&g, i);

			if (row_byte_at(&g, hc, &nib) != (int)i || nib != 0 ||
			    row_byte_at(&g, hc + 1, &nib) != (int)i ||
			    nib != 1 ||
			    row_byte_at(&g, ac, &nib) != (int)i || nib != 2)
				ck_abort_msg("-g %u: byte %u not found at its"
				    " columns %u/%u", groups[k], i, hc, ac);
		}
		for (unsigned col = 0; col < g.width + 5; col++)
			if (row_byte_at(&g, col, &nib) != -1)
				seen++;
		ck_assert_uint_eq(seen, 3 * cols);

		row = fmt(cols, groups[k], 0, 0, bytes, cols);
		body = row + row_offset_width(0);
		ck_assert_uint_eq(strlen(body), g.width + 1);
		for (unsigned i = 0; i < cols; i++) {
			row_hex(bytes[i], 0, pair);
			if (memcmp(body + row_hex_col(&g, i), pair, 2) != 0 ||
			    body[row_ascii_col(&g, i)] != row_ascii(bytes[i]))
				ck_abort_msg("-g %u: byte %u misplaced in"
				    " \"%s\"", groups[k], i, row);
		}
		for (unsigned col = 0; col < g.width; col++)
			if (row_byte_at(&g, col, &nib) == -1 &&
			    body[col] != ' ')
				ck_abort_msg("-g %u: gap column %u is '%c'",
				    groups[k], col, body[col]);
		free(row);
	}
}
END_TEST

/* The offset field is at least 8 digits and grows past 4 GiB. */
START_TEST(test_offset_width)
{
	ck_assert_uint_eq(row_offset_width(0), 10);
	ck_assert_uint_eq(row_offset_width(0xffffffffULL), 10);
	ck_assert_uint_eq(row_offset_width(0x100000000ULL), 11);
	ck_assert_uint_eq(row_offset_width(0xfffffffffULL), 11);
	ck_assert_uint_eq(row_offset_width(0x1000000000ULL), 12);
	ck_assert_uint_eq(row_offset_width(UINT64_MAX), 18);
	ck_assert_uint_eq(ROW_OFFSET_MAX, 18);
}
END_TEST

/* Every byte's hex pair (both cases) and ASCII character. */
START_TEST(test_tables)
{
	char	pair[2], want[3];

	for (unsigned b = 0; b < 256; b++) {
		snprintf(want, sizeof want, "%02x", b);
		row_hex((unsigned char)b, 0, pair);
		if (memcmp(pair, want, 2) != 0)
			ck_abort_msg("hex of %u is %.2s", b, pair);
		snprintf(want, sizeof want, "%02X", b);
		row_hex((unsigned char)b, ROW_UPPER, pair);
		if (memcmp(pair, want, 2) != 0)
			ck_abort_msg("upper hex of %u is %.2s", b, pair);
		if (row_ascii((unsigned char)b) !=
		    (b >= 0x20 && b <= 0x7e ? (char)b : '.'))
			ck_abort_msg("ascii of %u is '%c'", b,
			    row_ascii((unsigned char)b));
	}
}
END_TEST

/* The slow model: what xxd prints, one snprintf at a time. */
static char *
model(unsigned cols, unsigned group, int upper, uint64_t off,
    const unsigned char *buf, size_t len)
{
	size_t	 cap = (len / cols + 2) * (20 + 4 * cols + 4), o = 0;
	char	*out = xmalloc(cap);

	if (group == 0 || group > cols)
		group = cols;
	for (size_t r = 0; r < len; r += cols) {
		size_t	n = len - r < cols ? len - r : cols, start;

		o += (size_t)snprintf(out + o, cap - o, "%08jx: ",
		    (uintmax_t)(off + r));
		start = o;
		for (size_t i = 0; i < n; i++) {
			if (i > 0 && i % group == 0)
				out[o++] = ' ';
			o += (size_t)snprintf(out + o, cap - o,
			    upper ? "%02X" : "%02x", buf[r + i]);
		}
		while (o < start + 2 * cols + (cols - 1) / group + 2)
			out[o++] = ' ';
		for (size_t i = 0; i < n; i++) {
			unsigned char	c = buf[r + i];

			out[o++] = c >= 0x20 && c <= 0x7e ? (char)c : '.';
		}
		out[o++] = '\n';
	}
	out[o] = '\0';
	return out;
}

/* Show where two outputs first differ. */
static void
diff_msg(const char *what, const char *got, const char *want)
{
	size_t	i = 0, line = 1, bol = 0;

	while (got[i] != '\0' && got[i] == want[i]) {
		if (got[i] == '\n') {
			line++;
			bol = i + 1;
		}
		i++;
	}
	ck_abort_msg("%s: first difference at line %zu:\n got: %.80s\nwant:"
	    " %.80s", what, line, got + bol, want + bol);
}

/* Bytes for messages: lower case, one space between, ?? where unread. */
START_TEST(test_hex_list)
{
	static const unsigned char	b[] = { 0x78, 0x56, 0xab, 0x0f };
	char				out[3 * 4 + 1];

	memset(out, 'x', sizeof out);
	row_hex_list(b, 4, 4, out);
	ck_assert_str_eq(out, "78 56 ab 0f");
	row_hex_list(b, 4, 2, out);
	ck_assert_str_eq(out, "78 56 ?? ??");
	row_hex_list(b, 1, 0, out);
	ck_assert_str_eq(out, "??");
	row_hex_list(b, 0, 0, out);
	ck_assert_str_eq(out, "");
}
END_TEST

/*
 * -c _i+1 against the model: several groups, both cases, lengths that end
 * on and off a row boundary, offsets below and across 4 GiB.
 */
START_TEST(test_model)
{
	static const unsigned	 groups[] = { 0, 1, 2, 3, 4, 8, 16, 32 };
	static const uint64_t	 offs[] = { 0, 5, 0xffffff00ULL,
	    0x123456789aULL };
	unsigned		 cols = (unsigned)_i + 1;
	size_t			 lens[] = { 1, cols - 1, cols, cols + 1,
	    3 * cols, 5 * cols + 3, 1000 };
	unsigned char		 buf[2048];
	uint32_t		 x = 2463534242u + cols;

	for (size_t i = 0; i < sizeof buf; i++) {
		x ^= x << 13; x ^= x >> 17; x ^= x << 5;
		buf[i] = (unsigned char)x;
	}
	for (size_t gi = 0; gi < sizeof groups / sizeof groups[0]; gi++)
	for (size_t li = 0; li < sizeof lens / sizeof lens[0]; li++)
	for (size_t oi = 0; oi < sizeof offs / sizeof offs[0]; oi++)
	for (int upper = 0; upper < 2; upper++) {
		size_t	 len = lens[li];
		char	*got, *want, what[128];

		if (len == 0)
			continue;
		got = fmt(cols, groups[gi], upper ? ROW_UPPER : 0, offs[oi],
		    buf + oi, len);
		want = model(cols, groups[gi], upper, offs[oi], buf + oi,
		    len);
		if (strcmp(got, want) != 0) {
			snprintf(what, sizeof what, "-c %u -g %u%s len %zu"
			    " off %#jx", cols, groups[gi], upper ? " -u" : "",
			    len, (uintmax_t)offs[oi]);
			diff_msg(what, got, want);
		}
		free(got);
		free(want);
	}
}
END_TEST

/* Formatting in pieces of whole rows equals formatting all at once. */
START_TEST(test_pieces)
{
	unsigned char	 buf[4096];
	struct row_geom	 g;
	char		*all, *parts, *p;
	size_t		 cut;

	for (size_t i = 0; i < sizeof buf; i++)
		buf[i] = (unsigned char)(i * 7 + i / 256);
	all = fmt(16, 2, 0, 100, buf, sizeof buf);
	ck_assert_int_eq(row_geom_init(&g, 16, 2, NULL), 0);
	parts = xmalloc(row_format_bound(&g, sizeof buf) + 1);
	cut = 16 * 37;
	p = parts + row_format(&g, 0, 100, buf, cut, parts);
	p += row_format(&g, 0, 100 + cut, buf + cut, sizeof buf - cut, p);
	*p = '\0';
	ck_assert_str_eq(parts, all);
	free(all);
	free(parts);
}
END_TEST

/* The suite. */
static Suite *
row_suite(void)
{
	Suite	*s = suite_create("row");
	TCase	*tc;

	tc = timeout_tcase("xxd samples", TIMEOUT_UNIT);
	tcase_add_loop_test(tc, test_sample, 0,
	    (int)(sizeof samples / sizeof samples[0]));
	tcase_add_test(tc, test_empty);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("geometry", TIMEOUT_UNIT);
	tcase_add_test(tc, test_geom_values);
	tcase_add_test(tc, test_geom_errors);
	tcase_add_test(tc, test_hex_list);
	tcase_add_test(tc, test_offset_width);
	tcase_add_test(tc, test_tables);
	tcase_add_loop_test(tc, test_geom_inverse, 0, ROW_COLS_MAX);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("model", TIMEOUT_UNIT);
	tcase_add_loop_test(tc, test_model, 0, ROW_COLS_MAX);
	tcase_add_test(tc, test_pieces);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite in fork mode (Check's default; CK_FORK=no for valgrind). */
int
main(void)
{
	SRunner	*sr = srunner_create(row_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
