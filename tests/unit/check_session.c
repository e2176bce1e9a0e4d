/* SPDX-License-Identifier: ISC */
/*
 * check_session.c - sessions (:mksession, :source, --session, :mark;
 * issue 15) on the app without a terminal.
 *
 * The app is driven with ':' lines as the prompt would run them
 * (cmds_run).  A session is written, loaded into a second app on the
 * same file and written again: the two files must be equal, byte for
 * byte, with a layout and a session file whose names have spaces.  A
 * session never stores: a frozen value is written commented out, and
 * storing lines in a session file are refused, checked on the file's own
 * bytes.  Errors name the session file and the line, and the lines
 * after a bad one still load.  --session at start: tests/e2e/check_session.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "appdrv.h"
#include "brk.h"
#include "cmds.h"
#include "fields.h"
#include "freeze.h"
#include "pins.h"
#include "status.h"
#include "testutil.h"
#include "timeout.h"

static char	*path;		/* the ramp file the apps look at */

/* A fresh ramp file. */
static void
setup(void)
{
	unsigned char	b[4096];

	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (unsigned char)i;
	path = tu_file("session.bin", b, sizeof b);
}

/* Remove it. */
static void
teardown(void)
{
	unlink(path);
	free(path);
}

/* Run ":FMT" in A (printf-style); the APP_* bits. */
static int __attribute__((format(printf, 2, 3)))
run(struct app *a, const char *fmt, ...)
{
	char	line[1024];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	return cmds_run(a, line);
}

/* The whole file at P as a string (malloc'd). */
static char *
slurp(const char *p)
{
	size_t		 len;
	unsigned char	*b = tu_slurp(p, &len);
	char		*s = malloc(len + 1);

	memcpy(s, b, len);
	s[len] = '\0';
	free(b);
	return s;
}

/* The status line of A, or "" (for messages). */
static const char *
said(const struct app *a)
{
	return status_text(a->status) != NULL ? status_text(a->status) : "";
}

/* Save, load into a new app, save again: the same file; a freeze is a comment. */
START_TEST(round_trip)
{
	static const char	 text[] = "count 16 u8\nhead 0x40 u32le\n";
	char			*lay = tu_file("my layout.layout", text,
				    sizeof text - 1);
	char			*s1 = tu_path("first session.lhs");
	char			*s2 = tu_path("second.lhs");
	char			*one, *two;
	struct app		*a = appdrv_open(path), *b;

	run(a, "layout %s", lay);
	ck_assert_ptr_nonnull(fields_layout(a->fields));
	run(a, "mark c 0x123");
	run(a, "goto 0x20");
	appdrv_keys(a, "ma");
	run(a, "pin count");
	run(a, "pin u32le@0x40 + 1 head1");
	run(a, "break count == 3 && changed(head)");
	run(a, "freeze u8@0x300 7");
	ck_assert_int_eq(tu_file_byte(path, 0x300), 7);
	ck_assert_uint_eq(freeze_count(a->freeze), 1);
	run(a, "goto 0x77");
	run(a, "mksession %s", s1);
	ck_assert_msg(strstr(said(a), "session written") != NULL, "%s",
	    said(a));
	one = slurp(s1);
	/* The freeze is there for the reader, commented out. */
	ck_assert_msg(strstr(one, "\n#   :freeze u8@0x300 7\n") != NULL, "%s",
	    one);
	ck_assert_msg(strstr(one, "\n:freeze") == NULL, "%s", one);
	free(one);
	/* Without it (a comment does not load), the round trip is exact. */
	run(a, "unfreeze");
	run(a, "mksession! %s", s1);
	one = slurp(s1);
	ck_assert_msg(strstr(one, ":layout ") != NULL &&
	    strstr(one, "my layout.layout\n") != NULL, "%s", one);
	ck_assert_msg(strstr(one, "\n:mark a 0x20\n:mark c 0x123\n") != NULL,
	    "%s", one);
	ck_assert_msg(strstr(one, "\n:pin count\n:pin u32le@0x40 + 1 head1\n"
	    ":break count == 3 && changed(head)\n") != NULL, "%s", one);
	ck_assert_msg(strstr(one, "\n:goto 0x77\n") != NULL, "%s", one);
	/* The file changes: loading must not store anything back. */
	app_free(a);
	tu_file_put(path, 0x300, 9);

	b = appdrv_open(path);
	run(b, "source %s", s1);
	ck_assert_msg(strstr(said(b), "loaded") != NULL, "%s", said(b));
	ck_assert_ptr_nonnull(fields_layout(b->fields));
	ck_assert_uint_eq(pins_count(b->pins), 2);
	ck_assert_uint_eq(brk_count(b->brk), 1);
	ck_assert_uint_eq(freeze_count(b->freeze), 0);
	ck_assert(b->mark_set[0] && b->marks[0] == 0x20);
	ck_assert(b->mark_set[2] && b->marks[2] == 0x123);
	ck_assert(!b->mark_set[1]);
	ck_assert_uint_eq(b->nav.cursor, 0x77);
	ck_assert_int_eq(tu_file_byte(path, 0x300), 9);
	run(b, "mksession %s", s2);
	two = slurp(s2);
	ck_assert_str_eq(one, two);
	app_free(b);
	free(one);
	free(two);
	unlink(s1);
	unlink(s2);
	unlink(lay);
	free(s1);
	free(s2);
	free(lay);
}
END_TEST

/* :mksession never replaces a file; :mksession! does. */
START_TEST(no_overwrite)
{
	char		*s = tu_file("old.lhs", "keep\n", 5), *got;
	struct app	*a = appdrv_open(path);

	run(a, "pin u8@1");
	run(a, "mksession %s", s);
	ck_assert_msg(strstr(said(a), "exists: :mksession! ") != NULL, "%s",
	    said(a));
	ck_assert_int_eq(status_kind(a->status), STATUS_ERROR);
	got = slurp(s);
	ck_assert_str_eq(got, "keep\n");
	free(got);
	run(a, "mksession! %s", s);
	ck_assert_msg(strstr(said(a), "session written") != NULL, "%s",
	    said(a));
	got = slurp(s);
	ck_assert_msg(strstr(got, "\n:pin u8@1\n") != NULL, "%s", got);
	free(got);
	run(a, "mksession");
	ck_assert_msg(strstr(said(a), "usage: :mksession FILE") != NULL, "%s",
	    said(a));
	app_free(a);
	unlink(s);
	free(s);
}
END_TEST

/* Bad lines say FILE:LINE and the rest loads; storing lines never run. */
START_TEST(errors_and_refusals)
{
	static const char	 text[] =
	    "# a hand-written session\n"
	    ":pin u8@0x10 first\n"
	    ":pin nosuchfield\n"
	    "\n"
	    "pin u8@0x11 second\n"
	    ":freeze u8@0x20 99\n"
	    ":set u8 0x55\n"
	    ":fill ff\n"
	    ":source other.lhs\n"
	    ":break u8@0x12 == 1\n";
	char		*s = tu_file("bad.lhs", text, sizeof text - 1);
	struct app	*a = appdrv_open(path);
	char		 want[256];

	run(a, "source %s", s);
	/* The first bad line, named by file and line, and the count. */
	snprintf(want, sizeof want, "%s:3: pin: ", s);
	ck_assert_msg(strncmp(said(a), want, strlen(want)) == 0, "%s", said(a));
	ck_assert_msg(strstr(said(a), "(and 4 more bad lines; the others "
	    "loaded)") != NULL, "%s", said(a));
	ck_assert_int_eq(status_kind(a->status), STATUS_ERROR);
	/* Lines after the bad ones ran. */
	ck_assert_uint_eq(pins_count(a->pins), 2);
	ck_assert_uint_eq(brk_count(a->brk), 1);
	/* Nothing stored: not the freeze, not the :set, not the :fill. */
	ck_assert_uint_eq(freeze_count(a->freeze), 0);
	ck_assert_int_eq(tu_file_byte(path, 0x20), 0x20);
	ck_assert_int_eq(tu_file_byte(path, 0), 0);
	app_free(a);
	unlink(s);
	free(s);
}
END_TEST

/* One refused line alone: its message names it and says why. */
START_TEST(refusal_message)
{
	static const char text[] = "\n:freeze u8@0x20 99\n";
	char		*s = tu_file("frz.lhs", text, sizeof text - 1);
	struct app	*a = appdrv_open(path);
	char		 want[256];

	run(a, "source %s", s);
	snprintf(want, sizeof want, "%s:2: :freeze stores bytes, and loading "
	    "a session never does (type it at the prompt); not run", s);
	ck_assert_str_eq(said(a), want);
	ck_assert_int_eq(tu_file_byte(path, 0x20), 0x20);
	run(a, "source %s.missing", s);
	ck_assert_msg(strstr(said(a), "No such file or directory; no session "
	    "loaded") != NULL, "%s", said(a));
	app_free(a);
	unlink(s);
	free(s);
}
END_TEST

/* :mark LETTER [OFFSET] sets what m LETTER sets; bad ones are said. */
START_TEST(mark)
{
	struct app	*a = appdrv_open(path);

	run(a, "goto 0x99");
	run(a, "mark q");
	ck_assert(a->mark_set['q' - 'a'] && a->marks['q' - 'a'] == 0x99);
	run(a, "mark r 4096");
	ck_assert(a->mark_set['r' - 'a'] && a->marks['r' - 'a'] == 4096);
	run(a, "mark R 1");
	ck_assert_msg(strstr(said(a), "usage: :mark LETTER [OFFSET]") != NULL,
	    "%s", said(a));
	run(a, "mark s zz");
	ck_assert_msg(strncmp(said(a), ":mark s: ", 9) == 0, "%s", said(a));
	ck_assert(!a->mark_set['s' - 'a']);
	app_free(a);
}
END_TEST

/*
 * bitfields (issue 15) in the viewer's commands: :pin and :break read
 * one, :freeze refuses it (storing its bytes would store its neighbours),
 * checked on the file's bytes.  struct slot of tests/data/ring.h.
 */
START_TEST(bitfields_pin_not_freeze)
{
	char		*h;
	struct app	*a;

#ifndef HAVE_LIBCLANG
	fprintf(stderr, "# SKIP bitfields_pin_not_freeze: no libclang\n");
	return;
#endif
	h = tu_data_path("ring.h");
	tu_file_put(path, 10, 0xe2);	/* kind 2, urgent 0, prio -2 */
	a = appdrv_open(path);
	run(a, "layout %s:slot_t", h);
	ck_assert_ptr_nonnull(fields_layout(a->fields));
	run(a, "pin slot_t.prio");
	ck_assert_msg(strstr(said(a), "pin 1: slot_t.prio = -2") != NULL,
	    "%s", said(a));
	run(a, "break slot_t.kind == 3");
	ck_assert_uint_eq(brk_count(a->brk), 1);
	run(a, "freeze slot_t.prio 1");
	ck_assert_msg(strstr(said(a), "is a bitfield") != NULL, "%s",
	    said(a));
	ck_assert_uint_eq(freeze_count(a->freeze), 0);
	ck_assert_int_eq(tu_file_byte(path, 10), 0xe2);
	app_free(a);
	free(h);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("session");
	TCase	*tc = timeout_tcase("session", TIMEOUT_UNIT);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, round_trip);
	tcase_add_test(tc, no_overwrite);
	tcase_add_test(tc, errors_and_refusals);
	tcase_add_test(tc, refusal_message);
	tcase_add_test(tc, mark);
	tcase_add_test(tc, bitfields_pin_not_freeze);
	suite_add_tcase(s, tc);
	return tu_run_app_suite(s);
}
