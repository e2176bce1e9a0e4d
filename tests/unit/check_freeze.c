/* SPDX-License-Identifier: ISC */
/*
 * check_freeze.c - frozen values (:freeze, issue 15) without a terminal.
 *
 * The frozen values alone (freeze.h) on a live session of a temporary
 * file, with the clock in the test's hands: another process's stores are
 * pwrite(2)s, a look is live_tick, and freeze_tick comes after it as it
 * does in the viewer.  What is checked is the file's own bytes (pread),
 * the row and the status line.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "door.h"
#include "expr.h"
#include "freeze.h"
#include "live.h"
#include "react.h"
#include "status.h"
#include "testutil.h"
#include "timeout.h"

static char		*path;
static struct live	*l;
static struct status	*st;
static struct freeze	*f;

/* A session (door FLAGS) on a 4096-byte ramp file. */
static void
open_with(int flags)
{
	unsigned char	 b[4096];
	char		*cause = NULL;

	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (unsigned char)i;
	path = tu_file("freeze.bin", b, sizeof b);
	l = live_open(path, flags, NULL, NULL, &cause);
	ck_assert_msg(l != NULL, "live_open: %s", cause);
	st = status_new(false);
	f = freeze_new(l, st, false);
}

/* Read-write. */
static void
setup(void)
{
	open_with(0);
}

/* Free them, remove the file. */
static void
teardown(void)
{
	freeze_free(f);
	live_close(l);
	status_free(st);
	unlink(path);
	free(path);
}

/* :freeze TEXT with no layout. */
static int
frz(const char *text)
{
	struct expr_env	env;

	memset(&env, 0, sizeof env);
	env.size = 4096;
	return freeze_add(f, text, &env);
}

/* One look at NOW, then the freeze's tick (HELD: a break holds). */
static int
look(uint64_t now, bool held)
{
	char	*cause = NULL;

	ck_assert_msg(live_tick(l, now, &cause) == 0, "live_tick: %s", cause);
	return freeze_tick(f, held);
}

/* Row I. */
static const char *
row(size_t i)
{
	static char	out[256];

	freeze_row(f, i, out, sizeof out);
	return out;
}

/* Frozen: stored at once, stored again after each change, then released. */
START_TEST(restores_until_released)
{
	ck_assert_int_eq(frz("u32le@0x40 7") & REACT_RELAYOUT, REACT_RELAYOUT);
	ck_assert_uint_eq(freeze_count(f), 1);
	ck_assert_str_eq(status_text(st), "freeze 1: froze \"u32le@0x40\" 7 "
	    "(was 1128415552); :unfreeze releases it");
	ck_assert_uint_eq(tu_file_byte(path, 0x40), 7);
	ck_assert_uint_eq(tu_file_byte(path, 0x41), 0);
	ck_assert_uint_eq(tu_file_byte(path, 0x44), 0x44);
	ck_assert_str_eq(row(0), "1 \"u32le@0x40\" := 7  0 re-stores");
	/* Our own store is no change to undo: a look stores nothing. */
	ck_assert_int_eq(look(1000, false), 0);
	tu_file_put(path, 0x41, 0x99);
	ck_assert_int_eq(look(1001, false) & REACT_REDRAW, REACT_REDRAW);
	ck_assert_uint_eq(tu_file_byte(path, 0x41), 0);
	ck_assert_uint_eq(tu_file_byte(path, 0x40), 7);
	ck_assert_str_eq(status_text(st), "freeze 1: re-stored "
	    "\"u32le@0x40\" 7 (was 39175)");
	ck_assert_str_eq(row(0), "1 \"u32le@0x40\" := 7  1 re-store");
	ck_assert_int_eq(look(1002, false), 0);
	/* A change beside it is not its business. */
	tu_file_put(path, 0x44, 1);
	ck_assert_int_eq(look(1003, false), 0);
	ck_assert_uint_eq(tu_file_byte(path, 0x44), 1);
	/* Held by a break: nothing stored until it lets go. */
	tu_file_put(path, 0x40, 8);
	ck_assert_int_eq(look(1004, true), 0);
	ck_assert_uint_eq(tu_file_byte(path, 0x40), 8);
	ck_assert_int_eq(freeze_tick(f, false) & REACT_REDRAW, REACT_REDRAW);
	ck_assert_uint_eq(tu_file_byte(path, 0x40), 7);
	ck_assert_str_eq(row(0), "1 \"u32le@0x40\" := 7  2 re-stores");
	/* Released: a change stays. */
	freeze_remove(f, "1");
	ck_assert_str_eq(status_text(st), "released freeze 1 (2 re-stores)");
	ck_assert_uint_eq(freeze_count(f), 0);
	tu_file_put(path, 0x40, 9);
	ck_assert_int_eq(look(1005, false), 0);
	ck_assert_uint_eq(tu_file_byte(path, 0x40), 9);
}
END_TEST

/* What :freeze refuses, each said; nothing stored. */
START_TEST(refusals)
{
	frz("u32le@0x40");
	ck_assert_str_eq(status_text(st), "freeze: \"u32le@0x40\" needs a "
	    "value: :freeze TYPE@OFFSET VALUE (or a field)");
	frz("u32le@0x40 + 1 5");
	ck_assert_str_eq(status_text(st), "freeze: \"u32le@0x40 + 1\" is no "
	    "single value (give TYPE@OFFSET or a field)");
	frz("u8@0x40 300");
	ck_assert_ptr_nonnull(strstr(status_text(st), "freeze: "));
	frz("u8@0x40 == 5");
	ck_assert_ptr_nonnull(strstr(status_text(st), "column"));
	ck_assert_uint_eq(freeze_count(f), 0);
	ck_assert_uint_eq(tu_file_byte(path, 0x40), 0x40);
	freeze_remove(f, "4");
	ck_assert_ptr_nonnull(strstr(status_text(st), "\"4\" is no frozen"));
}
END_TEST

/* :unfreeze with no number releases every one. */
START_TEST(unfreeze_all)
{
	frz("u8@1 5");
	frz("u16be@2 0x1234");
	ck_assert_uint_eq(tu_file_byte(path, 2), 0x12);
	ck_assert_uint_eq(tu_file_byte(path, 3), 0x34);
	ck_assert_str_eq(row(1), "2 \"u16be@2\" := 4660  0 re-stores");
	freeze_remove(f, "");
	ck_assert_str_eq(status_text(st), "released 2 frozen values");
	ck_assert_uint_eq(freeze_count(f), 0);
}
END_TEST

/* A read-only view freezes nothing. */
START_TEST(read_only_refused)
{
	teardown();
	open_with(DOOR_RDONLY);
	frz("u8@0x40 1");
	ck_assert_ptr_nonnull(strstr(status_text(st), "freeze: the file is "
	    "read-only here"));
	ck_assert_uint_eq(freeze_count(f), 0);
	ck_assert_uint_eq(tu_file_byte(path, 0x40), 0x40);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("freeze");
	TCase	*tc = timeout_tcase("freeze", TIMEOUT_UNIT);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, restores_until_released);
	tcase_add_test(tc, refusals);
	tcase_add_test(tc, unfreeze_all);
	tcase_add_test(tc, read_only_refused);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
