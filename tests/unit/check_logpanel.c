/* SPDX-License-Identifier: ISC */
/*
 * check_logpanel.c - the change log panel's state and lines (issue 14),
 * without a terminal.
 *
 * The panel is made on a real session (a temporary file) and fed events
 * through the session's own publisher, as the store path and the looks
 * do.  Checked: one line per kind of change (bytes, ours, a page, a
 * size, a whole field with typed values, part of a field, a cut change);
 * the selection stays on its change while newer ones arrive and the ring
 * drops older ones; reports the view's window makes itself are not
 * repeated from the page map or the fields' window; Enter hands back the
 * change's offset.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "changelog.h"
#include "door.h"
#include "keys.h"
#include "layout.h"
#include "live.h"
#include "logpanel.h"
#include "react.h"
#include "status.h"
#include "testutil.h"
#include "timeout.h"

/* The session, the view's window, a status line and the panel. */
static struct live		*l;
static struct live_window	*win, *other;
static struct status		*st;
static struct logpanel		*lp;
static char			*path;

/* A session on a 4096-byte file, the view's window over its first 512. */
static void
setup(void)
{
	unsigned char	 z[4096] = { 0 };
	char		*cause = NULL;
	struct door	*d;

	path = tu_file("logpanel.bin", z, sizeof z);
	d = door_open(path, 0, &cause);
	ck_assert_msg(d != NULL, "door_open: %s", cause);
	l = live_adopt(d, path);
	win = live_window_new(l, 0, 512, 0, 0);
	other = live_window_new(l, 0, 64, 0, 0);
	st = status_new(true);
	lp = logpanel_new(l, win, CHANGELOG_MIN, st);
	logpanel_window(lp, 0, 512);
}

/* Free all of it. */
static void
teardown(void)
{
	logpanel_free(lp);
	live_close(l);
	status_free(st);
	unlink(path);
	free(path);
}

/* Publish a change of LEN bytes at OFF from OLD to NEW at AT by SRC. */
static void
publish(enum live_kind kind, enum live_source src,
    const struct live_window *w, uint64_t at, uint64_t off,
    const void *old, const void *new, size_t len)
{
	struct live_event	ev = tu_live_event(kind, src, w, at, off, old,
				    new, len);

	live_publish(l, &ev);
}

/* Entry I as its line at NOW with layout LAY into BUF. */
static const char *
line(size_t i, uint64_t now, const struct layout *lay, char *buf,
    size_t len)
{
	struct changelog_entry	e;

	ck_assert(changelog_get(logpanel_log(lp), i, &e));
	logpanel_line(&e, now, lay, buf, len);
	return buf;
}

START_TEST(lines_say_what_changed)
{
	static uint8_t	 zeros[2000], ones[2000];
	struct layout	*lay;
	char		 buf[256], *cause = NULL;
	struct live_event ev = { 0 };

	memset(ones, 0xff, sizeof ones);
	lay = layout_parse("head 0 u32\ncount 4 u16\n", "t", &cause);
	ck_assert_msg(lay != NULL, "%s", cause);
	publish(LIVE_BYTES, LIVE_FROM_WINDOW, win, 1000, 0x123, "\0\0",
	    "\xde\xad", 2);
	ck_assert_str_eq(line(0, 2250, NULL, buf, sizeof buf),
	    "-1.25s 0x123 00 00 -> de ad");
	publish(LIVE_STORE, LIVE_FROM_STORE, NULL, 1000, 0x20, "\x01",
	    "\x41", 1);
	ck_assert_str_eq(line(0, 1000, NULL, buf, sizeof buf),
	    "-0.00s 0x20 ours 01 -> 41");
	publish(LIVE_BYTES, LIVE_FROM_PAGES, NULL, 1000, 0x1000, NULL, NULL,
	    4096);
	ck_assert_str_eq(line(0, 3000, NULL, buf, sizeof buf),
	    "-2.00s 0x1000 page changed (4096 bytes)");
	ev.kind = LIVE_SIZE;
	ev.source = LIVE_FROM_LOOK;
	ev.at_ms = 1000;
	ev.old_size = 4096;
	ev.new_size = 8192;
	live_publish(l, &ev);
	ck_assert_str_eq(line(0, 1000, NULL, buf, sizeof buf),
	    "-0.00s size 4096 -> 8192");
	/* A field whole: its path and values; part of one: path, bytes. */
	publish(LIVE_BYTES, LIVE_FROM_WINDOW, win, 1000, 4, "\0\0", "\x02\x01",
	    2);
	ck_assert_str_eq(line(0, 1000, lay, buf, sizeof buf),
	    "-0.00s 0x4 count 0 -> 258");
	publish(LIVE_BYTES, LIVE_FROM_WINDOW, win, 1000, 1, "\0", "\x07", 1);
	ck_assert_str_eq(line(0, 1000, lay, buf, sizeof buf),
	    "-0.00s 0x1 head 00 -> 07");
	/* Long: four bytes, then "..."; cut by the ring: "..." too. */
	publish(LIVE_BYTES, LIVE_FROM_WINDOW, win, 1000, 0x100, zeros, ones,
	    6);
	ck_assert_str_eq(line(0, 1000, NULL, buf, sizeof buf),
	    "-0.00s 0x100 00 00 00 00... -> ff ff ff ff...");
	publish(LIVE_BYTES, LIVE_FROM_WINDOW, win, 1000, 0x100, zeros, ones,
	    sizeof ones);
	ck_assert_str_eq(line(0, 1000, NULL, buf, sizeof buf),
	    "-0.00s 0x100 00 00 00 00... -> ff ff ff ff...");
	layout_free(lay);
}
END_TEST

START_TEST(the_window_is_not_repeated)
{
	const struct changelog	*log = logpanel_log(lp);

	/* The page map and the other window inside the view's: skipped. */
	publish(LIVE_BYTES, LIVE_FROM_PAGES, NULL, 10, 0, NULL, NULL, 64);
	publish(LIVE_BYTES, LIVE_FROM_WINDOW, other, 10, 8, "\0", "\1", 1);
	ck_assert_uint_eq(changelog_count(log), 0);
	/* Reaching outside it, or from the view's own window: kept. */
	publish(LIVE_BYTES, LIVE_FROM_PAGES, NULL, 10, 448, NULL, NULL, 128);
	publish(LIVE_BYTES, LIVE_FROM_WINDOW, win, 10, 8, "\0", "\1", 1);
	ck_assert_uint_eq(changelog_count(log), 2);
	/* The window moved: the page at 0 is outside it now. */
	logpanel_window(lp, 1024, 512);
	publish(LIVE_BYTES, LIVE_FROM_PAGES, NULL, 10, 0, NULL, NULL, 64);
	ck_assert_uint_eq(changelog_count(log), 3);
}
END_TEST

START_TEST(selection_stays_on_its_change)
{
	bool		jump;
	uint64_t	to;
	size_t		dropped_before;

	ck_assert_uint_eq(logpanel_selected(lp), SIZE_MAX);
	/* Empty: the focus is given back with a message. */
	logpanel_set_focus(lp, true);
	logpanel_key(lp, 'j', &jump, &to);
	ck_assert(!logpanel_focused(lp));
	for (uint64_t i = 0; i < 10; i++)
		publish(LIVE_BYTES, LIVE_FROM_WINDOW, win, i, i, "\0", "\1",
		    1);
	logpanel_set_focus(lp, true);
	ck_assert_uint_eq(logpanel_selected(lp), 0);
	logpanel_key(lp, 'j', &jump, &to);
	logpanel_key(lp, KEYS_DOWN, &jump, &to);
	logpanel_key(lp, 'k', &jump, &to);
	ck_assert_uint_eq(logpanel_selected(lp), 1);	/* offset 8 */
	/* Two newer changes: the same change, two further down. */
	publish(LIVE_BYTES, LIVE_FROM_WINDOW, win, 20, 100, "\0", "\1", 1);
	publish(LIVE_BYTES, LIVE_FROM_WINDOW, win, 21, 101, "\0", "\1", 1);
	ck_assert_uint_eq(logpanel_selected(lp), 3);
	/* Many more: the ring drops it; the oldest left is selected. */
	dropped_before = changelog_dropped(logpanel_log(lp));
	for (uint64_t i = 0; i < 200; i++)
		publish(LIVE_BYTES, LIVE_FROM_WINDOW, win, 30 + i, 200 + i,
		    "\0", "\1", 1);
	ck_assert_uint_gt(changelog_dropped(logpanel_log(lp)),
	    dropped_before + 8);
	ck_assert_uint_eq(logpanel_selected(lp),
	    changelog_count(logpanel_log(lp)) - 1);
	/* Enter: the change's offset, and the focus goes back. */
	logpanel_key(lp, 'k', &jump, &to);
	logpanel_key(lp, '\r', &jump, &to);
	ck_assert(jump);
	ck_assert(!logpanel_focused(lp));
	{
		struct changelog_entry	e;

		ck_assert(changelog_get(logpanel_log(lp),
		    changelog_count(logpanel_log(lp)) - 2, &e));
		ck_assert_uint_eq(to, e.off);
	}
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("logpanel");
	TCase	*tc = timeout_tcase("logpanel", TIMEOUT_UNIT);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, lines_say_what_changed);
	tcase_add_test(tc, the_window_is_not_repeated);
	tcase_add_test(tc, selection_stays_on_its_change);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
