/* SPDX-License-Identifier: ISC */
/*
 * check_pins.c - pinned values (:pin, issue 15) without a terminal.
 *
 * The pins alone (pins.h) on a live session of a temporary file, with
 * the clock in the test's hands (live_tick and pins_row take the time),
 * and the app driven with ':' lines: the rows the pins take from the
 * bytes, and pins that stay as they were across :layout and :layout off.
 * Another process's stores are pwrite(2)s into the file.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "appdrv.h"
#include "cmds.h"
#include "door.h"
#include "expr.h"
#include "live.h"
#include "pins.h"
#include "react.h"
#include "status.h"
#include "testutil.h"
#include "timeout.h"

static char		*path;
static struct live	*l;
static struct status	*st;
static struct pins	*ps;

/* A session on a 4096-byte ramp file; ASCII pins (no UTF-8). */
static void
setup(void)
{
	unsigned char	 b[4096];
	char		*cause = NULL;

	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (unsigned char)i;
	path = tu_file("pins.bin", b, sizeof b);
	l = live_open(path, 0, NULL, NULL, &cause);
	ck_assert_msg(l != NULL, "live_open: %s", cause);
	st = status_new(false);
	ps = pins_new(l, st, false);
}

/* Free them, remove the file. */
static void
teardown(void)
{
	pins_free(ps);
	live_close(l);
	status_free(st);
	unlink(path);
	free(path);
}

/* :pin TEXT with no layout at NOW; its bits. */
static int
pin(const char *text, uint64_t now)
{
	struct expr_env	env;

	memset(&env, 0, sizeof env);
	env.size = 4096;
	return pins_add(ps, text, &env, now);
}

/* One look at NOW, then the tick's bits. */
static int
look(uint64_t now)
{
	char	*cause = NULL;

	ck_assert_msg(live_tick(l, now, &cause) == 0, "live_tick: %s", cause);
	return pins_tick(ps, now);
}

/* Pin I's row at NOW, WIDTH columns wide. */
static const char *
row(size_t i, uint64_t now, size_t width)
{
	static char	out[512];

	pins_row(ps, i, now, width, out, sizeof out);
	return out;
}

/* A pin follows its value: min, max, changes per second, the history. */
START_TEST(follows_the_value)
{
	ck_assert_int_eq(pin("u8@0x10 count", 1000) & REACT_RELAYOUT,
	    REACT_RELAYOUT);
	ck_assert_uint_eq(pins_count(ps), 1);
	ck_assert_str_eq(status_text(st), "pin 1: count = 16");
	ck_assert_str_eq(row(0, 1000, 80),
	    "1 count = 16  min 16  max 16  0/s  _");
	ck_assert_int_eq(look(1100), 0);
	tu_file_put(path, 0x10, 40);
	ck_assert_int_eq(look(1200), REACT_REDRAW);
	tu_file_put(path, 0x10, 2);
	ck_assert_int_eq(look(1300), REACT_REDRAW);
	ck_assert_str_eq(row(0, 1300, 80),
	    "1 count = 2  min 2  max 40  0/s  :#_");
	/* The second 1000..2000 had two changes: shown from 2000 on. */
	ck_assert_int_eq(look(2000), REACT_REDRAW);
	ck_assert_str_eq(row(0, 2000, 80),
	    "1 count = 2  min 2  max 40  2/s  :#_");
	ck_assert_int_eq(look(3000), REACT_REDRAW);	/* back to 0/s */
	ck_assert_int_eq(look(3100), 0);
	/* Narrow: no sparkline, cut to the width. */
	ck_assert_str_eq(row(0, 3100, 12), "1 count = 2 ");
}
END_TEST

/* Without a name the expression names the row; names are escaped. */
START_TEST(names)
{
	pin("u16le@0x20 + 1", 1000);
	ck_assert_str_eq(row(0, 1000, 80),
	    "1 u16le@0x20 + 1 = 8481  min 8481  max 8481  0/s  _");
	pin("odd(u8@0x21)  \x1b[31m", 1000);
	ck_assert_str_eq(row(1, 1000, 80),
	    "2 \\e[31m = 1  min 1  max 1  0/s  _");
	/* Not a name: a word that does not parse either way. */
	pin("u8@0x10 + + x", 1000);
	ck_assert_uint_eq(pins_count(ps), 2);
	ck_assert_ptr_nonnull(strstr(status_text(st), "pin: "));
	ck_assert_ptr_nonnull(strstr(status_text(st), "column"));
}
END_TEST

/* A value that cannot be computed shows why, and '?' in the history. */
START_TEST(unavailable_value)
{
	pin("u8@0x10 / (u8@0x11 - 17)", 1000);
	ck_assert_str_eq(row(0, 1000, 200), "1 u8@0x10 / (u8@0x11 - 17) = "
	    "unavailable (division by zero at column 9)  min ?  max ?  0/s  ?");
	tu_file_put(path, 0x11, 18);
	look(1100);
	ck_assert_str_eq(row(0, 1100, 80),
	    "1 u8@0x10 / (u8@0x11 - 17) = 16  min 16  max 16  0/s  ?_");
}
END_TEST

/* :unpin N and :unpin all; a bad number is said. */
START_TEST(unpin)
{
	pin("u8@1", 1000);
	pin("u8@2", 1000);
	pins_remove(ps, "3");
	ck_assert_ptr_nonnull(strstr(status_text(st),
	    "\"3\" is no pin number"));
	pins_remove(ps, "1");
	ck_assert_uint_eq(pins_count(ps), 1);
	ck_assert_str_eq(row(0, 1000, 80), "2 u8@2 = 2  min 2  max 2  0/s  _");
	ck_assert_int_eq(pins_remove(ps, "all") & REACT_RELAYOUT,
	    REACT_RELAYOUT);
	ck_assert_uint_eq(pins_count(ps), 0);
}
END_TEST

/* The app: pins take rows from the bytes and survive :layout. */
START_TEST(app_rows_and_layout)
{
	static const char	 text[] = "count 16 u8\nother 32 u32le\n";
	char			*lay = tu_file("pins.layout", text,
				    sizeof text - 1);
	char			 line[512];
	struct app		*a = appdrv_open(path);
	unsigned		 rows;

	snprintf(line, sizeof line, "layout %s", lay);
	cmds_run(a, line);
	app_layout(a, 24, 80);
	rows = a->nav.rows;
	cmds_run(a, "pin count");
	ck_assert_msg(strstr(status_text(a->status), "pin 1: count = 16"),
	    "%s", status_text(a->status));
	app_layout(a, 24, 80);
	ck_assert_int_eq(a->pins_rows, 1);
	ck_assert_uint_eq(a->nav.rows, rows - 1);
	ck_assert_int_eq(a->pins_y, a->body_y + (int)rows - 1);
	cmds_run(a, "layout off");
	app_layout(a, 24, 80);
	rows = a->nav.rows;
	ck_assert_uint_eq(pins_count(a->pins), 1);
	tu_file_put(path, 0x10, 99);
	app_tick(a);
	pins_row(a->pins, 0, a->now, 80, line, sizeof line);
	ck_assert_ptr_nonnull(strstr(line, "count = 99  min 16  max 99"));
	cmds_run(a, "unpin 1");
	app_layout(a, 24, 80);
	ck_assert_int_eq(a->pins_rows, 0);
	ck_assert_uint_eq(a->nav.rows, rows + 1);
	app_free(a);
	unlink(lay);
	free(lay);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("pins");
	TCase	*tc = timeout_tcase("pins", TIMEOUT_UNIT);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, follows_the_value);
	tcase_add_test(tc, names);
	tcase_add_test(tc, unavailable_value);
	tcase_add_test(tc, unpin);
	tcase_add_test(tc, app_rows_and_layout);
	suite_add_tcase(s, tc);
	return tu_run_app_suite(s);
}
