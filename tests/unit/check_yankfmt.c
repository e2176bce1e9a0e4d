/* SPDX-License-Identifier: ISC */
/*
 * check_yankfmt.c - yankfmt.c: each yank form, base64 and CRC-32.
 *
 * The expected texts were taken from xxd 2022-01-14 (-p, -i, -o), from
 * Python's base64 module and from the CRC-32 check value of "123456789"
 * (0xcbf43926), so they hold the formatter to outside references, not to
 * itself.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "timeout.h"
#include "yankfmt.h"

/* Format LEN bytes of BUF at OFF as the form named FORM; must succeed. */
static char *
fmt(const char *form, uint64_t off, const void *buf, size_t len,
    size_t *outlen)
{
	struct yankfmt_spec	 s;
	char			*cause = NULL, *out;

	ck_assert_int_eq(yankfmt_parse(form, &s, &cause), 0);
	out = yankfmt_format(&s, off, buf, len, outlen, &cause);
	ck_assert_msg(out != NULL, "%s: %s", form, cause);
	return out;
}

/* FORM over BUF must be exactly WANT. */
static void
expect(const char *form, uint64_t off, const void *buf, size_t len,
    const char *want)
{
	size_t	 n;
	char	*got = fmt(form, off, buf, len, &n);

	ck_assert_uint_eq(n, strlen(want));
	ck_assert_str_eq(got, want);
	free(got);
}

START_TEST(test_hex)
{
	unsigned char	b[35];

	for (int i = 0; i < 35; i++)
		b[i] = (unsigned char)i;
	/* xxd -p: 30 bytes a line. */
	expect("hex", 0, b, 35,
	    "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d\n"
	    "1e1f202122\n");
	expect("hex", 0, "", 0, "");
}
END_TEST

START_TEST(test_c)
{
	expect("c", 0, "Hello", 5,
	    "unsigned char data[] = {\n"
	    "  0x48, 0x65, 0x6c, 0x6c, 0x6f\n"
	    "};\n"
	    "unsigned int data_len = 5;\n");
}
END_TEST

START_TEST(test_xxd)
{
	/* xxd -o 16: the offsets are the file's. */
	expect("xxd", 16, "Hello, world!\n", 14,
	    "00000010: 4865 6c6c 6f2c 2077 6f72 6c64 210a       "
	    "Hello, world!.\n");
}
END_TEST

START_TEST(test_base64)
{
	unsigned char	b[60];
	size_t		n;
	char		*one;

	for (int i = 0; i < 60; i++)
		b[i] = (unsigned char)i;
	expect("base64", 0, b, 60,
	    "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v"
	    "MDEyMzQ1Njc4\nOTo7\n");
	expect("base64", 0, "f", 1, "Zg==\n");
	expect("base64", 0, "fo", 2, "Zm8=\n");
	expect("base64", 0, "foo", 3, "Zm9v\n");
	one = yankfmt_base64((const unsigned char *)"foob", 4, &n);
	ck_assert_str_eq(one, "Zm9vYg==");
	ck_assert_uint_eq(n, 8);
	free(one);
	one = yankfmt_base64(NULL, 0, &n);
	ck_assert_str_eq(one, "");
	free(one);
}
END_TEST

START_TEST(test_text)
{
	size_t	 n;
	char	*got = fmt("text", 0, "a\0b", 3, &n);

	ck_assert_uint_eq(n, 3);
	ck_assert(memcmp(got, "a\0b", 4) == 0);
	free(got);
}
END_TEST

START_TEST(test_typed)
{
	static const unsigned char	b[] = { 0x01, 0x02, 0xff, 0xff };
	struct yankfmt_spec		s;
	char				*cause = NULL;
	size_t				n;

	expect("u16le", 0, b, 4, "513\n65535\n");
	expect("u16be", 0, b, 4, "258\n65535\n");
	expect("i8", 0, b, 4, "1\n2\n-1\n-1\n");
	expect("u32le", 0, b, 4, "4294902273\n");
	ck_assert_int_eq(yankfmt_parse("u32le", &s, &cause), 0);
	ck_assert_ptr_null(yankfmt_format(&s, 0, b, 3, &n, &cause));
	ck_assert_str_eq(cause, "3 bytes are not a whole number of u32le "
	    "(4 bytes each)");
	free(cause);
}
END_TEST

START_TEST(test_parse)
{
	struct yankfmt_spec	s;
	char			*cause = NULL;

	ck_assert_int_eq(yankfmt_parse("base64", &s, &cause), 0);
	ck_assert_int_eq(s.form, YANKFMT_BASE64);
	ck_assert_int_eq(yankfmt_parse("f64be", &s, &cause), 0);
	ck_assert_int_eq(s.form, YANKFMT_TYPED);
	ck_assert_str_eq(s.name, "f64be");
	ck_assert_int_eq(yankfmt_parse("hexx", &s, &cause), -1);
	ck_assert_str_eq(cause, "no yank form named \"hexx\" (hex, c, xxd, "
	    "base64, text, or a type such as u8, u32le, f64be)");
	free(cause);
}
END_TEST

START_TEST(test_crc32)
{
	const unsigned char	*s = (const unsigned char *)"123456789";

	ck_assert_uint_eq(yankfmt_crc32(0, s, 9), 0xcbf43926u);
	ck_assert_uint_eq(yankfmt_crc32(0, s, 0), 0);
	/* In pieces: the same as at once. */
	ck_assert_uint_eq(yankfmt_crc32(yankfmt_crc32(0, s, 4), s + 4, 5),
	    0xcbf43926u);
}
END_TEST

/* The suite. */
static Suite *
yankfmt_suite(void)
{
	Suite	*s = suite_create("yankfmt");
	TCase	*tc = timeout_tcase("forms", TIMEOUT_UNIT);

	tcase_add_test(tc, test_hex);
	tcase_add_test(tc, test_c);
	tcase_add_test(tc, test_xxd);
	tcase_add_test(tc, test_base64);
	tcase_add_test(tc, test_text);
	tcase_add_test(tc, test_typed);
	tcase_add_test(tc, test_parse);
	tcase_add_test(tc, test_crc32);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(yankfmt_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
