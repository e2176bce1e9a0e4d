/* SPDX-License-Identifier: ISC */
/*
 * check_xxdfmt.c - xxdfmt.c: xxd's -p -i -b -e -a formats as a stream.
 *
 * Literal outputs captured from xxd 2022-01-14 (the contract, quirks of -e
 * included), the row model held to row_format (an -e row with groups of 1
 * is laid out exactly like a hex row with groups of 1), autoskip over every
 * run length at the end and in the middle, streaming in pieces equal to one
 * call, the bounds (a canary past them) and the checks of xxdfmt_init.  The
 * cli suite check_dump compares the real binary with xxd on top of this.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeout.h"
#include "row.h"
#include "xxdfmt.h"
#include "xmalloc.h"

/* "Hello, world!\n\0\1\2\3\377a..z": 45 bytes, the xxd samples' input. */
static const unsigned char hello[] =
    "Hello, world!\n\000\001\002\003\377abcdefghijklmnopqrstuvwxyz";
#define HELLO_LEN	45

/* Options for one format, the rest zero. */
static struct xxdfmt_opts
opts(enum xxdfmt_mode mode, int cols, int group, int flags, const char *name)
{
	struct xxdfmt_opts	o;

	memset(&o, 0, sizeof o);
	o.mode = mode;
	if (cols >= 0) {
		o.cols = (uint64_t)cols;
		o.cols_given = true;
	}
	if (group >= 0) {
		o.group = (uint64_t)group;
		o.group_given = true;
	}
	o.flags = flags;
	o.name = name;
	return o;
}

/* Append N bytes at P to the string *S of *LEN bytes. */
static void
append(char **s, size_t *len, const char *p, size_t n)
{
	*s = xrealloc(*s, *len + n + 1);
	memcpy(*s + *len, p, n);
	*len += n;
	(*s)[*len] = '\0';
}

/*
 * The whole output for LEN bytes of BUF at OFF, fed in pieces of PIECE
 * units (0: one piece), each checked against its bound with a canary.
 */
static char *
run(const struct xxdfmt_opts *o, uint64_t off, const unsigned char *buf,
    size_t len, size_t piece)
{
	struct xxdfmt	 f;
	char		*s = NULL, *out;
	size_t		 slen = 0, n, bound, step;

	ck_assert_int_eq(xxdfmt_init(&f, o, NULL), 0);
	step = piece == 0 || len == 0 ? len : piece * xxdfmt_unit(&f);
	bound = xxdfmt_edge_bound(&f);
	if (xxdfmt_bound(&f, step) > bound)
		bound = xxdfmt_bound(&f, step);
	out = xmalloc(bound + 64);
	append(&s, &slen, out, xxdfmt_head(&f, out));
	for (size_t i = 0, k; i < len; i += k) {
		k = len - i < step ? len - i : step;
		memset(out, 0x5a, bound + 64);
		n = xxdfmt_format(&f, off + i, buf + i, k, out);
		ck_assert_msg(n <= xxdfmt_bound(&f, k), "wrote %zu > bound %zu",
		    n, xxdfmt_bound(&f, k));
		for (size_t j = n; j < bound + 64; j++)
			if (out[j] != 0x5a)
				ck_abort_msg("wrote past the end");
		append(&s, &slen, out, n);
	}
	memset(out, 0x5a, bound + 64);
	n = xxdfmt_tail(&f, out);
	ck_assert_msg(n <= xxdfmt_edge_bound(&f), "tail past its bound");
	append(&s, &slen, out, n);
	ck_assert_msg(strlen(s) == slen, "a NUL inside the output");
	free(out);
	xxdfmt_free(&f);
	return s;
}

/* One literal sample of xxd 2022-01-14 output for hello. */
struct sample {
	const char		*what;	/* xxd's options */
	enum xxdfmt_mode	 mode;
	int			 cols, group, flags;
	const char		*name;
	size_t			 len;
	const char		*want;
};

static const struct sample samples[] = {
	{ "-p", XXDFMT_PLAIN, -1, -1, 0, NULL, HELLO_LEN,
	  "48656c6c6f2c20776f726c64210a00010203ff6162636465666768696a6b\n"
	  "6c6d6e6f707172737475767778797a\n" },
	{ "-p -c 4 -u -l 10", XXDFMT_PLAIN, 4, -1, XXDFMT_UPPER, NULL, 10,
	  "48656C6C\n6F2C2077\n6F72\n" },
	{ "-p -c 0 -l 3", XXDFMT_PLAIN, 0, -1, 0, NULL, 3, "48656c\n" },
	{ "-p -c 0 -l 0", XXDFMT_PLAIN, 0, -1, 0, NULL, 0, "\n" },
	{ "-p -l 0", XXDFMT_PLAIN, -1, -1, 0, NULL, 0, "" },
	{ "-p -c 5 -l 10 (ends on a line)", XXDFMT_PLAIN, 5, -1, 0, NULL, 10,
	  "48656c6c6f\n2c20776f72\n" },
	{ "-i a.bin -l 14", XXDFMT_INCLUDE, -1, -1, 0, "a.bin", 14,
	  "unsigned char a_bin[] = {\n"
	  "  0x48, 0x65, 0x6c, 0x6c, 0x6f, 0x2c, 0x20, 0x77, 0x6f, 0x72, 0x6c,"
	  " 0x64,\n"
	  "  0x21, 0x0a\n"
	  "};\n"
	  "unsigned int a_bin_len = 14;\n" },
	{ "-i -u -C -c 5 -n 9x-y.z -l 10", XXDFMT_INCLUDE, 5, -1,
	  XXDFMT_UPPER | XXDFMT_CAPITAL, "9x-y.z", 10,
	  "unsigned char __9X_Y_Z[] = {\n"
	  "  0X48, 0X65, 0X6C, 0X6C, 0X6F,\n"
	  "  0X2C, 0X20, 0X77, 0X6F, 0X72\n"
	  "};\n"
	  "unsigned int __9X_Y_Z_LEN = 10;\n" },
	{ "-i -l 0 empty.bin", XXDFMT_INCLUDE, -1, -1, 0, "empty.bin", 0,
	  "unsigned char empty_bin[] = {\n};\nunsigned int empty_bin_len = 0;\n" },
	{ "-i < a.bin -l 3 (no name)", XXDFMT_INCLUDE, -1, -1, 0, NULL, 3,
	  "  0x48, 0x65, 0x6c\n" },
	{ "-i < /dev/null", XXDFMT_INCLUDE, -1, -1, 0, NULL, 0, "" },
	{ "-b -l 14", XXDFMT_BITS, -1, -1, 0, NULL, 14,
	  "00000000: 01001000 01100101 01101100 01101100 01101111 00101100"
	  "  Hello,\n"
	  "00000006: 00100000 01110111 01101111 01110010 01101100 01100100"
	  "   world\n"
	  "0000000c: 00100001 00001010                                    "
	  "  !.\n" },
	{ "-b -c 4 -g 3 -l 5", XXDFMT_BITS, 4, 3, 0, NULL, 5,
	  "00000000: 010010000110010101101100 01101100  Hell\n"
	  "00000004: 01101111                           o\n" },
	{ "-e", XXDFMT_LITTLE, -1, -1, 0, NULL, HELLO_LEN,
	  "00000000: 6c6c6548 77202c6f 646c726f 01000a21  Hello, world!...\n"
	  "00000010: 61ff0302 65646362 69686766 6d6c6b6a  ...abcdefghijklm\n"
	  "00000020: 71706f6e 75747372 79787776       7a  nopqrstuvwxyz\n" },
	{ "-e -g 2 -u -s 32", XXDFMT_LITTLE, -1, 2, XXDFMT_UPPER, NULL, 13,
	  "00000020: 6F6E 7170 7372 7574 7776 7978   7A       nopqrstuvwxyz\n" },
	{ "-e -c 6 (digits over the text)", XXDFMT_LITTLE, 6, -1, 0, NULL, 12,
	  "00000000: 6c6c6548     2c6fllo,\n"
	  "00000006: 726f7720     646corld\n" },
	{ "-e -c 3 (group 3 from -c)", XXDFMT_LITTLE, 3, -1, 0, NULL, 6,
	  "00000000: 6c  48 65el\n"
	  "00000003: 2c  6c 6fo,\n" },
	{ "-e -c 6 -g 8", XXDFMT_LITTLE, 6, 8, 0, NULL, 6,
	  "00000000: 2c6f    6548 6c6llo,\n" },
	{ "-e -g 8 -c 12 -s 36", XXDFMT_LITTLE, 12, 8, 0, NULL, 9,
	  "00000024: 7978777675747372           rstu7axyz\n" },
};

/* Each literal sample, in one piece and byte by byte (unit by unit). */
START_TEST(test_sample)
{
	const struct sample	*c = &samples[_i];
	struct xxdfmt_opts	 o = opts(c->mode, c->cols, c->group, c->flags,
				    c->name);
	size_t			 skip = 0;
	char			*got;

	/* The -s samples start further in, and say so in their offsets. */
	if (strstr(c->what, "-s 32") != NULL)
		skip = 32;
	if (strstr(c->what, "-s 36") != NULL)
		skip = 36;
	for (size_t piece = 0; piece <= 1; piece++) {
		got = run(&o, skip, hello + skip, c->len, piece);
		ck_assert_msg(strcmp(got, c->want) == 0,
		    "%s (pieces of %zu):\n got:\n%s\nwant:\n%s", c->what, piece,
		    got, c->want);
		free(got);
	}
}
END_TEST

/* Some bytes with runs of zeros, deterministic. */
static void
fill(unsigned char *b, size_t n, unsigned seed)
{
	uint32_t	x = seed * 2654435761u + 1;

	for (size_t i = 0; i < n; i++) {
		x = x * 1103515245u + 12345u;
		b[i] = (x >> 16) % 5 == 0 ? 0 : (unsigned char)(x >> 24);
	}
}

/*
 * An -e row with groups of 1 is a hex row with groups of 1: the row model
 * (xxdfmt_row) against row_format, every -c, short rows, past 4 GiB, -u.
 */
START_TEST(test_model_vs_row)
{
	unsigned char	buf[3 * 256 + 7];
	struct row_geom	g;
	char		*want, *got;
	uint64_t	offs[] = { 0, 0xfffffff0u, 0x123456789aULL };
	size_t		wn;

	fill(buf, sizeof buf, 1);
	for (unsigned cols = 1; cols <= 256; cols += cols < 40 ? 1 : 23) {
		for (int k = 0; k < 3; k++) {
			size_t	len = (size_t)cols * 2 + (size_t)k * 5 % cols;
			int	flags = k == 1 ? ROW_UPPER : 0;
			struct xxdfmt_opts o = opts(XXDFMT_LITTLE, (int)cols,
			    1, flags, NULL);

			ck_assert_int_eq(row_geom_init(&g, cols, 1, NULL), 0);
			want = xmalloc(row_format_bound(&g, len) + 1);
			wn = row_format(&g, flags, offs[k], buf, len, want);
			want[wn] = '\0';
			got = run(&o, offs[k], buf, len, 0);
			ck_assert_msg(strcmp(got, want) == 0,
			    "-c %u len %zu:\n got:\n%s\nwant:\n%s", cols, len,
			    got, want);
			free(got);
			free(want);
		}
	}
}
END_TEST

/* Rows of ROWS (a string of 'z' zero rows and 'x' other rows) then SHORT. */
static size_t
zero_rows(unsigned char *b, const char *rows, size_t cols, size_t shrt)
{
	size_t	n = 0;

	for (const char *r = rows; *r != '\0'; r++, n += cols)
		memset(b + n, *r == 'z' ? 0 : 'x', cols);
	memset(b + n, 0, shrt);
	return n + shrt;
}

/*
 * Autoskip, as xxd 2022-01-14 prints it (traced by hand through its
 * xxdline and checked against the binary): which rows show and where '*'
 * goes.  In the expected strings, a digit is the row printed at that row
 * index and '*' the star line; 's' is the short row.
 */
static const struct {
	const char	*rows;
	size_t		 shrt;
	const char	*want;
} skips[] = {
	{ "z", 0, "0" },
	{ "zz", 0, "01" },
	{ "zzz", 0, "012" },
	{ "zzzz", 0, "0*3" },
	{ "zzzzzz", 0, "0*5" },
	{ "xzx", 0, "012" },
	{ "xzzx", 0, "0123" },
	{ "xzzzx", 0, "01*4" },
	{ "xzzzzzx", 0, "01*6" },
	{ "zzzx", 0, "0*3" },
	{ "zzz", 3, "0*s" },
	{ "zz", 3, "01s" },
	{ "z", 3, "0s" },
	{ "", 3, "s" },
	{ "xzzzzxzzzz", 0, "01*56*9" },
};

/* Autoskip: the rows printed for each pattern, in every row mode. */
START_TEST(test_autoskip)
{
	static const enum xxdfmt_mode	modes[] = { XXDFMT_HEX, XXDFMT_BITS,
					    XXDFMT_LITTLE };
	unsigned char			buf[16 * 12];
	size_t				len;

	for (size_t m = 0; m < 3; m++) {
		struct xxdfmt_opts	o = opts(modes[m], 5, -1,
					    XXDFMT_AUTOSKIP, NULL);
		struct xxdfmt_opts	plain = opts(modes[m], 5, -1, 0, NULL);
		struct xxdfmt		f;
		char			*got, want[64 * 256] = "", *p;

		len = zero_rows(buf, skips[_i].rows, 5, skips[_i].shrt);
		/* The expected text, from whole rows formatted alone. */
		ck_assert_int_eq(xxdfmt_init(&f, &plain, NULL), 0);
		p = want;
		for (const char *w = skips[_i].want; *w != '\0'; w++) {
			size_t	row = *w == 's' ? len / 5 : (size_t)(*w - '0');
			size_t	n = *w == 's' ? skips[_i].shrt : 5;

			if (*w == '*') {
				p += sprintf(p, "*\n");
				continue;
			}
			p += xxdfmt_format(&f, row * 5, buf + row * 5, n, p);
		}
		xxdfmt_free(&f);
		for (size_t piece = 0; piece <= 1; piece++) {
			got = run(&o, 0, buf, len, piece);
			ck_assert_msg(strcmp(got, want) == 0,
			    "mode %zu rows %s+%zu:\n got:\n%s\nwant:\n%s", m,
			    skips[_i].rows, skips[_i].shrt, got, want);
			free(got);
		}
	}
}
END_TEST

/* Every mode: pieces of 1, 2, 7 units give what one call gives. */
START_TEST(test_pieces)
{
	unsigned char	buf[5000];
	static const struct { enum xxdfmt_mode m; int cols, group, flags; }
	    fs[] = {
		{ XXDFMT_HEX, 7, 3, XXDFMT_AUTOSKIP },
		{ XXDFMT_PLAIN, 7, -1, 0 },
		{ XXDFMT_PLAIN, 0, -1, XXDFMT_UPPER },
		{ XXDFMT_PLAIN, 3000, -1, 0 },
		{ XXDFMT_INCLUDE, 7, -1, XXDFMT_CAPITAL },
		{ XXDFMT_BITS, 3, 2, XXDFMT_AUTOSKIP },
		{ XXDFMT_LITTLE, 12, 8, XXDFMT_AUTOSKIP | XXDFMT_UPPER },
	};

	fill(buf, sizeof buf, 3);
	memset(buf + 1000, 0, 700);
	for (size_t k = 0; k < sizeof fs / sizeof fs[0]; k++) {
		struct xxdfmt_opts o = opts(fs[k].m, fs[k].cols, fs[k].group,
		    fs[k].flags, "some/name.bin");
		char	*one = run(&o, 77, buf, sizeof buf, 0);
		size_t	 pieces[] = { 1, 2, 7 };

		for (size_t j = 0; j < 3; j++) {
			char	*got = run(&o, 77, buf, sizeof buf, pieces[j]);

			ck_assert_msg(strcmp(got, one) == 0,
			    "format %zu, pieces of %zu units differ", k,
			    pieces[j]);
			free(got);
		}
		free(one);
	}
}
END_TEST

/* The C names xxd -i makes. */
START_TEST(test_c_name)
{
	static const struct { const char *in; bool cap; const char *want; }
	    c[] = {
		{ "a.bin", false, "a_bin" },
		{ "a.bin", true, "A_BIN" },
		{ "/tmp/x-y/9.z", false, "_tmp_x_y_9_z" },
		{ "9lives", false, "__9lives" },
		{ "9lives", true, "__9LIVES" },
		{ "shm:ring", false, "shm_ring" },
		{ "caf\xc3\xa9", false, "caf__" },
		{ "", false, "" },
		{ "AbZ_09", false, "AbZ_09" },
	};

	for (size_t i = 0; i < sizeof c / sizeof c[0]; i++) {
		char	*got = xxdfmt_c_name(c[i].in, c[i].cap);

		ck_assert_msg(strcmp(got, c[i].want) == 0, "\"%s\": got %s",
		    c[i].in, got);
		free(got);
	}
}
END_TEST

/* What xxdfmt_init refuses, and the defaults it picks. */
START_TEST(test_init)
{
	struct xxdfmt		 f;
	struct xxdfmt_opts	 o;
	char			*cause = NULL;

	o = opts(XXDFMT_LITTLE, -1, 3, 0, NULL);
	ck_assert_int_eq(xxdfmt_init(&f, &o, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "power of 2"));
	free(cause);
	cause = NULL;
	/* A group above -c is one group, power of 2 or not (as xxd). */
	o = opts(XXDFMT_LITTLE, 6, 8, 0, NULL);
	ck_assert_int_eq(xxdfmt_init(&f, &o, NULL), 0);
	ck_assert_uint_eq(f.group, 6);
	o = opts(XXDFMT_BITS, 257, -1, 0, NULL);
	ck_assert_int_eq(xxdfmt_init(&f, &o, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "out of range (1 to 256)"));
	free(cause);
	cause = NULL;
	o = opts(XXDFMT_INCLUDE, 0, -1, 0, NULL);
	ck_assert_int_eq(xxdfmt_init(&f, &o, &cause), -1);
	free(cause);
	o = opts(XXDFMT_PLAIN, 100000, -1, 0, NULL);
	ck_assert_int_eq(xxdfmt_init(&f, &o, NULL), 0);
	ck_assert_uint_eq(xxdfmt_unit(&f), 1);
	o = opts(XXDFMT_BITS, -1, -1, 0, NULL);
	ck_assert_int_eq(xxdfmt_init(&f, &o, NULL), 0);
	ck_assert_uint_eq(f.cols, 6);
	ck_assert_uint_eq(f.group, 1);
	o = opts(XXDFMT_PLAIN, -1, -1, 0, NULL);
	ck_assert_int_eq(xxdfmt_init(&f, &o, NULL), 0);
	ck_assert_uint_eq(f.cols, 30);
	o = opts(XXDFMT_INCLUDE, -1, -1, 0, NULL);
	ck_assert_int_eq(xxdfmt_init(&f, &o, NULL), 0);
	ck_assert_uint_eq(f.cols, 12);
	o = opts(XXDFMT_LITTLE, -1, -1, 0, NULL);
	ck_assert_int_eq(xxdfmt_init(&f, &o, NULL), 0);
	ck_assert_uint_eq(f.cols, 16);
	ck_assert_uint_eq(f.group, 4);
}
END_TEST

/* row_hex_run: every length against row_hex, both cases. */
START_TEST(test_hex_run)
{
	unsigned char	buf[100];
	char		got[200], want[200];

	fill(buf, sizeof buf, 9);
	for (size_t n = 0; n <= sizeof buf; n++)
		for (int flags = 0; flags <= ROW_UPPER; flags += ROW_UPPER) {
			memset(got, 'Z', sizeof got);
			row_hex_run(buf, n, flags, got);
			for (size_t i = 0; i < n; i++)
				row_hex(buf[i], flags, want + 2 * i);
			ck_assert_msg(memcmp(got, want, 2 * n) == 0,
			    "n %zu differs", n);
			if (2 * n < sizeof got)
				ck_assert_msg(got[2 * n] == 'Z',
				    "n %zu: wrote past the end", n);
		}
}
END_TEST

/* row_hex_lines: every width, against row_hex_run and a '\n' a line. */
START_TEST(test_hex_lines)
{
	unsigned char	buf[3 * 40];
	char		got[3 * 81 + 16], want[3 * 81 + 16];

	fill(buf, sizeof buf, 11);
	for (size_t cols = 1; cols <= 40; cols++)
		for (size_t n = 0; n <= 3; n++) {
			size_t	w = 0, k;

			memset(got, 'Z', sizeof got);
			for (size_t l = 0; l < n; l++) {
				row_hex_run(buf + l * cols, cols, ROW_UPPER,
				    want + w);
				w += 2 * cols;
				want[w++] = '\n';
			}
			k = row_hex_lines(buf, n, cols, ROW_UPPER, got);
			ck_assert_uint_eq(k, w);
			ck_assert_msg(memcmp(got, want, w) == 0,
			    "cols %zu lines %zu differ", cols, n);
			ck_assert_msg(got[w] == 'Z', "cols %zu lines %zu: "
			    "wrote past the end", cols, n);
		}
}
END_TEST

/* The suite. */
static Suite *
xxdfmt_suite(void)
{
	Suite	*s = suite_create("xxdfmt");
	TCase	*tc;

	tc = timeout_tcase("xxd samples", TIMEOUT_UNIT);
	tcase_add_loop_test(tc, test_sample, 0,
	    (int)(sizeof samples / sizeof samples[0]));
	suite_add_tcase(s, tc);
	tc = timeout_tcase("row model vs row_format", TIMEOUT_UNIT);
	tcase_add_test(tc, test_model_vs_row);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("autoskip", TIMEOUT_UNIT);
	tcase_add_loop_test(tc, test_autoskip, 0,
	    (int)(sizeof skips / sizeof skips[0]));
	suite_add_tcase(s, tc);
	tc = timeout_tcase("pieces", TIMEOUT_UNIT);
	tcase_add_test(tc, test_pieces);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("c names, init", TIMEOUT_UNIT);
	tcase_add_test(tc, test_c_name);
	tcase_add_test(tc, test_init);
	tcase_add_test(tc, test_hex_run);
	tcase_add_test(tc, test_hex_lines);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(xxdfmt_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
