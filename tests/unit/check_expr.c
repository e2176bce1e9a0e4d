/* SPDX-License-Identifier: ISC */
/*
 * check_expr.c - the condition language (expr.h): parsing and its
 * errors with columns, the semantics of every operator, values past the
 * end of the file, old/changed/stuck on events, the stuck deadline, the
 * layout field provider and the values shown for pins.
 *
 * The "file" is an array the test owns and the events are built here, as
 * the live session would publish them: the clock is the test's (at_ms and
 * NOW are plain numbers), so stuck() is decided without any waiting.
 */
#include "config.h"

#include <check.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "layout.h"
#include "ltype.h"
#include "live.h"
#include "testutil.h"
#include "timeout.h"

/* The test's file: FILE_CAP bytes of room, `fsize` of them in the file. */
#define FILE_CAP	64
static uint8_t	fbytes[FILE_CAP];
static size_t	fsize = FILE_CAP;
static int	reads;		/* calls of t_read, to see it not called */

/* expr_read_fn over the test's file. */
static size_t
t_read(void *arg, uint64_t off, uint8_t *buf, size_t len)
{
	(void)arg;
	reads++;
	if (off >= fsize)
		return 0;
	if (len > fsize - off)
		len = fsize - (size_t)off;
	memcpy(buf, fbytes + off, len);
	return len;
}

/* Reset the file to zeros, SIZE bytes long. */
static void
t_file(size_t size)
{
	memset(fbytes, 0, sizeof fbytes);
	fsize = size;
	reads = 0;
}

/* Parse TEXT with no fields (file size 16 for "$"); fail the test if bad. */
static struct expr *
t_parse(const char *text)
{
	struct expr_env	 env = { NULL, NULL, 16, NULL, NULL };
	char		*cause = NULL;
	struct expr	*e = expr_parse(text, &env, &cause);

	ck_assert_msg(e != NULL, "%s: %s", text, cause);
	return e;
}

/* Store LEN bytes NEW at OFF in the file at AT_MS and feed the event. */
static bool
t_store(struct expr *e, size_t off, const void *new, size_t len,
    uint64_t at_ms)
{
	struct live_event	ev;
	uint8_t			old[FILE_CAP];

	memcpy(old, fbytes + off, len);
	memcpy(fbytes + off, new, len);
	memset(&ev, 0, sizeof ev);
	ev.kind = LIVE_BYTES;
	ev.source = LIVE_FROM_WINDOW;
	ev.off = off;
	ev.len = len;
	ev.old = old;
	ev.new = fbytes + off;
	ev.at_ms = at_ms;
	return expr_event(e, &ev, t_read, NULL);
}

/* Evaluate TEXT over the file as it is: 1, 0 or -1; *reason (or NULL). */
static int
t_eval(const char *text, char **reason)
{
	struct expr	*e = t_parse(text);
	int		 rc;

	expr_load(e, t_read, NULL, fsize, 1);
	*reason = NULL;
	rc = expr_eval(e, 1, reason);
	ck_assert_msg((rc == -1) == (*reason != NULL), "%s: rc %d, reason %s",
	    text, rc, *reason != NULL ? *reason : "none");
	expr_free(e);
	return rc;
}

/* Assert TEXT is true over the file as it is. */
static void
t_true(const char *text)
{
	char	*reason;
	int	 rc = t_eval(text, &reason);

	ck_assert_msg(rc == 1, "%s: %d (%s)", text, rc,
	    reason != NULL ? reason : "false");
	free(reason);
}

/* Assert TEXT is false (and computed: no reason). */
static void
t_false(const char *text)
{
	char	*reason;
	int	 rc = t_eval(text, &reason);

	ck_assert_msg(rc == 0, "%s: %d (%s)", text, rc,
	    reason != NULL ? reason : "true");
}

/* Assert TEXT is false because it cannot be computed: WANT in the reason. */
static void
t_fails(const char *text, const char *want)
{
	char	*reason;
	int	 rc = t_eval(text, &reason);

	ck_assert_msg(rc == -1, "%s: %d, want -1 (%s)", text, rc, want);
	ck_assert_msg(strstr(reason, want) != NULL, "%s: \"%s\" lacks \"%s\"",
	    text, reason, want);
	free(reason);
}

/* Assert TEXT does not parse, with WANT in the cause. */
static void
t_bad(const char *text, const char *want)
{
	struct expr_env	 env = { NULL, NULL, 16, NULL, NULL };
	char		*cause = NULL;
	struct expr	*e = expr_parse(text, &env, &cause);

	ck_assert_msg(e == NULL, "\"%s\" parsed", text);
	ck_assert_msg(cause != NULL && strstr(cause, want) != NULL,
	    "\"%s\": \"%s\" lacks \"%s\"", text, cause, want);
	free(cause);
}

START_TEST(parse_errors_name_the_column)
{
	char	deep[300], *big;

	t_bad("(u32@0 == 1", "expected ')', the condition ends at column 12");
	t_bad("u33@0 == 1", "unknown type");
	t_bad("u33@0 == 1", "at column 1");
	t_bad("f32@0 % 2", "'%' needs integers, not floats at column 7");
	t_bad("1.5 << 2", "'<<' needs integers");
	t_bad("u8@0 & 2.0", "'&' needs integers");
	t_bad("odd(f64@0)", "odd() needs an integer, not a float at column 1");
	t_bad("stuck(u8@0, 2)", "expected a unit after the duration (ms, s "
	    "or m), not \")\" at column 14");
	t_bad("stuck(u8@0, 2h)", "at column 14");
	t_bad("stuck(u8@0)", "expected ',', not \")\" at column 11");
	t_bad("stuck(u8@0, x)", "expected a duration");
	t_bad("count == 1", "no layout loaded: count is not a value (write "
	    "TYPE@OFFSET) at column 1");
	t_bad("u8@0 ==", "expected a value");
	t_bad("u8@0 ==", "the condition ends at column 8");
	t_bad("u8@0 1", "expected an operator or the end, not \"1\" at "
	    "column 6");
	t_bad("u8@ == 1", "expected an offset after '@'");
	t_bad("u8@ == 1", "at column 5");
	t_bad("u8@(3 + ) == 1", "bad offset");
	t_bad("u8@(3 + 1 == 1", "expected ')' to end the offset at column 4");
	t_bad("1 == 99999999999999999999", "at column 6");
	t_bad("1.5.5 == 1", "\"1.5.5\" is not a number at column 1");
	t_bad("", "expected a value");
	t_bad("u8@0 = 1", "at column 6");
	t_bad("u8@0xffffffffffffffff == 1", "too large for a u8");
	/* Nesting and length are bounded: no recursion without end. */
	memset(deep, '(', sizeof deep - 1);
	deep[sizeof deep - 1] = '\0';
	t_bad(deep, "nested more than 64 deep");
	memset(deep, '!', sizeof deep - 2);
	deep[sizeof deep - 2] = '1';
	t_bad(deep, "nested more than 64 deep");
	big = calloc(1, EXPR_MAX_LEN + 2);
	memset(big, '1', EXPR_MAX_LEN + 1);
	t_bad(big, "too long");
	free(big);
}
END_TEST

/* expr_parse_at gives the column as a number too, for a caret. */
START_TEST(parse_at_gives_the_column)
{
	struct expr_env	 env = { NULL, NULL, 16, NULL, NULL };
	struct expr	*e;
	unsigned	 col = 99;
	char		*cause = NULL;

	ck_assert(expr_parse_at("1 + (2 *", &env, &col, &cause) == NULL);
	ck_assert_uint_eq(col, 9);
	ck_assert_str_eq(cause, "expected a value (a number, TYPE@OFFSET, a "
	    "field, old(), changed(), stuck(), odd() or '('), the condition "
	    "ends at column 9");
	free(cause);
	e = expr_parse_at("1 + 2", &env, &col, &cause);
	ck_assert_ptr_nonnull(e);
	ck_assert_uint_eq(col, 0);
	expr_free(e);
}
END_TEST

START_TEST(ranges_list_each_value_once)
{
	struct expr			*e;
	const struct expr_range		*r;
	struct expr_operand_info	 info;
	size_t				 n;

	e = t_parse("u32le@0x40 > 3 && u8@0x10 != u32le@0x40 || "
	    "i16be@(0x20 + 2) == 0");
	r = expr_ranges(e, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(r[0].off, 0x10);
	ck_assert_uint_eq(r[0].len, 1);
	ck_assert_uint_eq(r[1].off, 0x22);
	ck_assert_uint_eq(r[1].len, 2);
	ck_assert_uint_eq(r[2].off, 0x40);
	ck_assert_uint_eq(r[2].len, 4);
	ck_assert(expr_touches(e, 0x43, 1));
	ck_assert(expr_touches(e, 0x3f, 2));
	ck_assert(!expr_touches(e, 0x44, 100));
	ck_assert(!expr_touches(e, 0x11, 0x11));
	ck_assert_uint_eq(expr_noperands(e), 3);
	expr_operand(e, 0, &info);
	ck_assert_str_eq(info.text, "u32le@0x40");
	ck_assert_str_eq(info.type.name, "u32le");
	ck_assert_str_eq(expr_text(e), "u32le@0x40 > 3 && u8@0x10 != "
	    "u32le@0x40 || i16be@(0x20 + 2) == 0");
	expr_free(e);
	/* "$" and N% in an offset are the size's (16 here). */
	e = t_parse("u8@($) == u8@(50%)");
	r = expr_ranges(e, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert_uint_eq(r[0].off, 8);
	ck_assert_uint_eq(r[1].off, 15);
	expr_free(e);
}
END_TEST

START_TEST(integers_are_exact_with_both_signs)
{
	t_file(16);
	fbytes[0] = 0xff;	/* i8 -1, u8 255 */
	fbytes[2] = 0x01;
	fbytes[3] = 0x02;
	t_true("i8@0 < u8@1");
	t_true("i8@0 == -1");
	t_true("u8@0 == 255");
	t_true("u16be@2 == 0x0102 && u16@2 == 0x0201 && u16le@2 == 513");
	t_true("i64@8 - 1 < 0");
	t_true("u64@8 - 1 == -1");	/* exact, not wrapped to 2^64-1 */
	t_true("18446744073709551615 + 1 == 1 << 64");
	t_true("7 / -2 == -3 && -7 / 2 == -3");
	t_true("-7 % 2 == -1 && 7 % -2 == 1");
	t_true("-7 >> 1 == -4 && 7 >> 1 == 3");
	t_true("2 + 3 << 1 == 10");
	t_true("1 + 2 * 3 == 7 && (1 + 2) * 3 == 9");
	t_true("6 & 3 == 2 || 1");	/* == binds tighter than & */
	t_true("(6 & 3) == 2 && (6 | 3) == 7 && (6 ^ 3) == 5");
	t_true("1 << 126 > 0");
	t_true("!0 && !!5 && !(1 > 2)");
	t_true("1 <= 1 && 1 >= 1 && 0 < 1 && 1 > 0 && 1 != 2");
	t_false("1 == 2");
	t_false("u8@0 != 255");
}
END_TEST

START_TEST(arithmetic_failures_are_false_with_a_reason)
{
	t_file(16);
	t_fails("1 / u8@0 == 1", "division by zero at column 3");
	t_fails("1 % u8@0 == 1", "division by zero at column 3");
	t_fails("1 << 127 > 0", "does not fit in 128 bits");
	t_fails("1 << 128 > 0", "shift by 128 at column 3");
	t_fails("1 >> -1 > 0", "shift by -1");
	t_fails("18446744073709551615 * 18446744073709551615 * 18446744073709"
	    "551615 > 0", "does not fit in 128 bits");
	/* && and || leave the right side alone when the left decides. */
	t_true("1 || 1 / u8@0");
	t_false("0 && 1 / u8@0");
}
END_TEST

START_TEST(floats_are_ieee_doubles)
{
	float	f = 1.5f;
	double	nan = NAN;

	t_file(16);
	memcpy(fbytes, &f, 4);
	memcpy(fbytes + 8, &nan, 8);
	t_true("f32@0 == 1.5 && f32@0 > 1 && f32@0 < 2");
	t_true("f32@0 * 2 == 3");		/* int meets float: double */
	t_true("f32@0 / 0 > 1e308");		/* IEEE: inf, no failure */
	t_true("1e-3 < 0.01 && 2.5e+1 == 25");
	t_false("f64@8 == f64@8");		/* NaN equals nothing */
	t_true("f64@8 != f64@8");
	t_false("f64@8 < 1 || f64@8 >= 1");
	t_true("-f32@0 == -1.5");
}
END_TEST

START_TEST(values_past_the_end_are_false_with_a_reason)
{
	struct expr		*e;
	struct live_event	 ev;
	char			*reason = NULL;

	t_file(6);
	t_fails("u32@4 == 0", "u32@4 (bytes 0x4+4) is past the end of the "
	    "file (6 bytes)");
	t_true("u16@4 == 0");
	/* The file grows: the value comes into it. */
	e = t_parse("u32@4 == 0");
	expr_load(e, t_read, NULL, fsize, 1);
	ck_assert_int_eq(expr_eval(e, 1, &reason), -1);
	free(reason);
	fsize = 8;
	memset(&ev, 0, sizeof ev);
	ev.kind = LIVE_SIZE;
	ev.old_size = 6;
	ev.new_size = 8;
	ev.at_ms = 2;
	ck_assert(expr_event(e, &ev, t_read, NULL));
	ck_assert_int_eq(expr_eval(e, 2, NULL), 1);
	expr_free(e);
}
END_TEST

START_TEST(old_and_changed_follow_events)
{
	struct expr	*e;
	uint32_t	 v = 1;

	t_file(16);
	memcpy(fbytes, &v, 4);
	e = t_parse("changed(u32@0) && old(u32@0) == 1 && u32@0 == 2");
	expr_load(e, t_read, NULL, fsize, 1);
	ck_assert_int_eq(expr_eval(e, 1, NULL), 0);
	v = 2;
	reads = 0;
	ck_assert(t_store(e, 0, &v, 4, 5));
	ck_assert_int_eq(reads, 0);	/* the event's bytes, no read */
	ck_assert_int_eq(expr_eval(e, 5, NULL), 1);
	/* An event elsewhere is not a change of it. */
	ck_assert(!t_store(e, 8, "x", 1, 6));
	expr_free(e);
	/* old() sees the value before the latest event that touched E. */
	e = t_parse("changed(u32@0) || old(u8@4) != u8@4");
	expr_load(e, t_read, NULL, fsize, 1);
	ck_assert(t_store(e, 4, "\x07", 1, 7));
	ck_assert_int_eq(expr_eval(e, 7, NULL), 1);
	ck_assert(!t_store(e, 4, "\x07", 1, 8));	/* same value */
	ck_assert_int_eq(expr_eval(e, 8, NULL), 0);
	/* A partial overlap patches the right bytes (byte 1 of u32@0). */
	v = 0x0302;
	ck_assert(t_store(e, 1, "\x03\x00", 2, 9));
	ck_assert_int_eq(expr_eval(e, 9, NULL), 1);
	expr_free(e);
	e = t_parse("u32@0 == 0x0302");
	expr_load(e, t_read, NULL, fsize, 1);
	ck_assert_int_eq(expr_eval(e, 9, NULL), 1);
	expr_free(e);
}
END_TEST

START_TEST(page_events_are_read_again)
{
	struct expr		*e;
	struct live_event	 ev;

	t_file(16);
	e = t_parse("u8@3 == 9");
	expr_load(e, t_read, NULL, fsize, 1);
	fbytes[3] = 9;
	memset(&ev, 0, sizeof ev);
	ev.kind = LIVE_BYTES;
	ev.source = LIVE_FROM_PAGES;
	ev.off = 0;
	ev.len = 16;
	ev.at_ms = 3;
	reads = 0;
	ck_assert(expr_event(e, &ev, t_read, NULL));
	ck_assert_int_eq(reads, 1);
	ck_assert_int_eq(expr_eval(e, 3, NULL), 1);
	expr_free(e);
}
END_TEST

START_TEST(stuck_waits_for_its_duration)
{
	struct expr	*e;

	t_file(16);
	e = t_parse("stuck(u32@0, 2s) && u32@0 != 0");
	fbytes[0] = 1;
	expr_load(e, t_read, NULL, fsize, 1000);
	ck_assert_uint_eq(expr_deadline(e, 1000), 3000);
	ck_assert_int_eq(expr_eval(e, 2999, NULL), 0);
	ck_assert_int_eq(expr_eval(e, 3000, NULL), 1);
	/* A change moves the deadline on. */
	ck_assert(t_store(e, 0, "\x02", 1, 2500));
	ck_assert_uint_eq(expr_deadline(e, 2500), 4500);
	ck_assert_int_eq(expr_eval(e, 3000, NULL), 0);
	ck_assert_int_eq(expr_eval(e, 4499, NULL), 0);
	ck_assert_int_eq(expr_eval(e, 4500, NULL), 1);
	/* Nothing left to wait for once it holds. */
	ck_assert_uint_eq(expr_deadline(e, 4500), UINT64_MAX);
	/* A store of the same value is no change. */
	ck_assert(!t_store(e, 0, "\x02", 1, 4600));
	ck_assert_int_eq(expr_eval(e, 4600, NULL), 1);
	expr_free(e);
	e = t_parse("stuck(u8@0, 250ms) || stuck(u8@1, 1m)");
	expr_load(e, t_read, NULL, fsize, 0);
	ck_assert_uint_eq(expr_deadline(e, 0), 250);
	ck_assert_uint_eq(expr_deadline(e, 250), 60000);
	expr_free(e);
	e = t_parse("u8@0 == 1");
	ck_assert_uint_eq(expr_deadline(e, 0), UINT64_MAX);
	expr_free(e);
}
END_TEST

START_TEST(odd_is_the_low_bit)
{
	t_file(16);
	fbytes[0] = 3;
	fbytes[4] = 0xfd;	/* i8 -3 */
	t_true("odd(u32@0)");
	t_true("odd(i8@4)");
	t_true("!odd(u32@0 + 1)");
	t_false("odd(8)");
}
END_TEST

START_TEST(layout_fields_are_operands)
{
	struct layout	*l;
	struct expr_env	 env;
	struct expr	*e;
	char		*cause = NULL;
	const struct expr_range	*r;
	size_t		 n;

	l = layout_parse("count 0 u32le\nname char[4]\nseq 8 u16be\n", "t",
	    &cause);
	ck_assert_msg(l != NULL, "%s", cause);
	memset(&env, 0, sizeof env);	/* no enum or bits provider */
	env.field = expr_layout_field;
	env.arg = l;
	env.size = 16;
	e = expr_parse("count == 5 && odd(seq) && u8@(count + 1) == 0", &env,
	    &cause);
	ck_assert_msg(e != NULL, "%s", cause);
	r = expr_ranges(e, &n);
	ck_assert_uint_eq(n, 3);
	ck_assert_uint_eq(r[0].off, 0);
	ck_assert_uint_eq(r[0].len, 4);
	ck_assert_uint_eq(r[1].off, 1);
	ck_assert_uint_eq(r[2].off, 8);
	ck_assert_uint_eq(r[2].len, 2);
	t_file(16);
	fbytes[0] = 5;
	fbytes[9] = 7;
	expr_load(e, t_read, NULL, fsize, 1);
	ck_assert_int_eq(expr_eval(e, 1, NULL), 1);
	expr_free(e);
	ck_assert(expr_parse("name == 1", &env, &cause) == NULL);
	ck_assert_str_eq(cause, "field \"name\" holds bytes or text, not a "
	    "number at column 1");
	free(cause);
	ck_assert(expr_parse("1 + nope == 1", &env, &cause) == NULL);
	ck_assert_str_eq(cause, "no field \"nope\" in the layout at column 5");
	free(cause);
	layout_free(l);
}
END_TEST

START_TEST(format_shows_values_for_pins)
{
	struct expr			*e;
	struct expr_operand_info	 info;
	char				 out[128];
	float				 f = 1.5f;

	t_file(16);
	fbytes[0] = 3;
	memcpy(fbytes + 4, &f, 4);
	e = t_parse("u32@0 * 2");
	expr_load(e, t_read, NULL, fsize, 1);
	expr_format(e, 1, out, sizeof out);
	ck_assert_str_eq(out, "6");
	ck_assert(t_store(e, 0, "\x04", 1, 2));
	expr_operand(e, 0, &info);
	ck_assert_str_eq(info.value, "4");
	ck_assert_str_eq(info.old, "3");
	ck_assert_uint_eq(info.changed_ms, 2);
	expr_free(e);
	e = t_parse("-(u8@0) - 18446744073709551615 * 2");	/* u8@0 is 4 */
	expr_load(e, t_read, NULL, fsize, 1);
	expr_format(e, 1, out, sizeof out);
	ck_assert_str_eq(out, "-36893488147419103234");
	expr_free(e);
	e = t_parse("f32@4");
	expr_load(e, t_read, NULL, fsize, 1);
	expr_format(e, 1, out, sizeof out);
	ck_assert_str_eq(out, "1.5");
	expr_free(e);
	e = t_parse("u8@20");
	expr_load(e, t_read, NULL, fsize, 1);
	expr_format(e, 1, out, sizeof out);
	ck_assert_str_eq(out, "unavailable (u8@20 (bytes 0x14+1) is past the "
	    "end of the file (16 bytes))");
	expr_free(e);
}
END_TEST

/*
 * bitfields (issue 15): a record "r" at 0 of three bitfields sharing the
 * 2 bytes at 4 (lo: 3 bits unsigned, sgn: 4 bits signed, hi: 9 bits over
 * both bytes), in BIG or little endian order; the layout.
 */
static struct layout *
t_bits_layout(bool big)
{
	struct ltree	*tree = ltree_new();
	struct ltype	*u32, *u16, *i16, *rec;
	struct layout	*l;

	tree->big = big;
	u32 = ltree_scalar(tree, VALUE_UINT, 4, "uint32_t");
	u16 = ltree_scalar(tree, VALUE_UINT, 2, "uint16_t");
	i16 = ltree_scalar(tree, VALUE_INT, 2, "int16_t");
	rec = ltree_add(tree, LTYPE_RECORD, "struct r", 8, 4);
	ltype_add_member(rec, "whole", 0, 0, u32);
	ltype_add_member(rec, "lo", 32, 3, u16);
	ltype_add_member(rec, "sgn", 35, 4, i16);
	ltype_add_member(rec, "hi", 39, 9, u16);
	l = layout_from_type(tree, rec, "r", 0, "test");
	ck_assert_ptr_nonnull(l);
	return l;
}

/* Parse TEXT over L with bitfields allowed; fail the test if bad. */
static struct expr *
t_parse_bits(const struct layout *l, const char *text)
{
	struct expr_env	 env;
	struct expr	*e;
	char		*cause = NULL;

	memset(&env, 0, sizeof env);
	env.field = expr_layout_path;
	env.field_bits = expr_layout_path_bits;
	env.arg = (void *)(uintptr_t)l;
	env.size = 16;
	e = expr_parse(text, &env, &cause);
	ck_assert_msg(e != NULL, "%s: %s", text, cause);
	return e;
}

/* Bitfields are their bits, sign-extended when signed, in both orders. */
START_TEST(bitfields_are_values)
{
	struct layout			*le = t_bits_layout(false);
	struct layout			*be = t_bits_layout(true);
	struct expr			*e;
	struct expr_operand_info	 info;

	/* lo 5, sgn -3 (0b1101), hi 0x155: 0xaaed little endian ... */
	t_file(16);
	fbytes[4] = 0xed;
	fbytes[5] = 0xaa;
	e = t_parse_bits(le, "r.lo == 5 && r.sgn == -3 && r.hi == 0x155");
	expr_load(e, t_read, NULL, fsize, 1);
	ck_assert_int_eq(expr_eval(e, 1, NULL), 1);
	ck_assert_uint_eq(expr_noperands(e), 3);
	expr_operand(e, 1, &info);
	ck_assert_str_eq(info.value, "-3");
	ck_assert_uint_eq(info.bit_size, 4);
	expr_free(e);
	/* ... and 0xbb55 big endian, the first member in the high bits. */
	fbytes[4] = 0xbb;
	fbytes[5] = 0x55;
	e = t_parse_bits(be, "r.lo == 5 && r.sgn == -3 && r.hi == 0x155");
	expr_load(e, t_read, NULL, fsize, 1);
	ck_assert_int_eq(expr_eval(e, 1, NULL), 1);
	expr_free(e);
	/* A whole value next to them reads as before. */
	fbytes[0] = 7;
	e = t_parse_bits(be, "r.whole == 0x07000000");
	expr_load(e, t_read, NULL, fsize, 1);
	ck_assert_int_eq(expr_eval(e, 1, NULL), 1);
	expr_free(e);
	layout_free(le);
	layout_free(be);
}
END_TEST

/* old() and changed() of a bitfield see its bits, not its neighbours'. */
START_TEST(bitfield_changes_are_its_bits)
{
	struct layout	*l = t_bits_layout(false);
	struct expr	*e;
	uint8_t		 b;

	t_file(16);
	fbytes[4] = 0xed;	/* lo 5, sgn -3 */
	fbytes[5] = 0xaa;
	e = t_parse_bits(l, "changed(r.lo) && old(r.lo) == 5");
	expr_load(e, t_read, NULL, fsize, 1);
	ck_assert_int_eq(expr_eval(e, 1, NULL), 0);
	/* sgn -3 to 2 (bits 3..6), lo untouched: no change of r.lo. */
	b = 0x95;
	ck_assert(!t_store(e, 4, &b, 1, 2));
	ck_assert_int_eq(expr_eval(e, 2, NULL), 0);
	/* lo 5 to 6: a change, and old() is 5. */
	b = 0x96;
	ck_assert(t_store(e, 4, &b, 1, 3));
	ck_assert_int_eq(expr_eval(e, 3, NULL), 1);
	expr_free(e);
	/* stuck() does not restart on a neighbour's store either. */
	e = t_parse_bits(l, "stuck(r.sgn, 100ms)");
	expr_load(e, t_read, NULL, fsize, 10);
	b = 0x97;	/* lo 7, sgn still 2 */
	ck_assert(!t_store(e, 4, &b, 1, 50));
	ck_assert_int_eq(expr_eval(e, 110, NULL), 1);
	expr_free(e);
	layout_free(l);
}
END_TEST

/* Without the bits provider (offsets, :freeze) a bitfield is refused. */
START_TEST(bitfield_refused_as_bytes)
{
	struct layout	*l = t_bits_layout(false);
	struct expr_env	 env;
	char		*cause = NULL;

	memset(&env, 0, sizeof env);
	env.field = expr_layout_path;
	env.arg = l;
	env.size = 16;
	ck_assert(expr_parse("r.lo == 1", &env, &cause) == NULL);
	ck_assert_str_eq(cause, "field \"r.lo\" is a bitfield (3 bits): it "
	    "has no bytes of its own; name the whole value at column 1");
	free(cause);
	env.field_bits = expr_layout_path_bits;
	ck_assert(expr_parse("u8@r.lo == 1", &env, &cause) == NULL);
	ck_assert_msg(strstr(cause, "is a bitfield (3 bits)") != NULL, "%s",
	    cause);
	free(cause);
	layout_free(l);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("expr");
	TCase	*tc = timeout_tcase("expr", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, parse_errors_name_the_column);
	tcase_add_test(tc, parse_at_gives_the_column);
	tcase_add_test(tc, ranges_list_each_value_once);
	tcase_add_test(tc, integers_are_exact_with_both_signs);
	tcase_add_test(tc, arithmetic_failures_are_false_with_a_reason);
	tcase_add_test(tc, floats_are_ieee_doubles);
	tcase_add_test(tc, values_past_the_end_are_false_with_a_reason);
	tcase_add_test(tc, old_and_changed_follow_events);
	tcase_add_test(tc, page_events_are_read_again);
	tcase_add_test(tc, stuck_waits_for_its_duration);
	tcase_add_test(tc, odd_is_the_low_bit);
	tcase_add_test(tc, layout_fields_are_operands);
	tcase_add_test(tc, format_shows_values_for_pins);
	tcase_add_test(tc, bitfields_are_values);
	tcase_add_test(tc, bitfield_changes_are_its_bits);
	tcase_add_test(tc, bitfield_refused_as_bytes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
