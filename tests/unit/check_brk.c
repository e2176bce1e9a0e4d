/* SPDX-License-Identifier: ISC */
/*
 * check_brk.c - breakpoints on data (:break, issue 15) without a terminal.
 *
 * Two levels.  The breakpoints alone (brk.h) on a live session of a
 * temporary file, with the clock in the test's hands: live_tick and
 * brk_tick take the time as an argument, so "stuck for 100 ms" is decided
 * by the numbers the test passes, never by how fast the machine is.  And
 * the app (app.h) driven with livehex keys and ':' lines as the loop
 * drives it: the frame it holds when a break fires, and every edit key
 * and storing command refused while it holds, checked on the file's own
 * bytes and on the journal (nothing reached the store path).  Another
 * process's stores are pwrite(2)s into the file.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <fcntl.h>

#include "app.h"
#include "appdrv.h"
#include "app_hist.h"
#include "brk.h"
#include "cmds.h"
#include "door.h"
#include "edit.h"
#include "expr.h"
#include "journal.h"
#include "keymap.h"
#include "keys.h"
#include "live.h"
#include "snap.h"
#include "status.h"
#include "testutil.h"
#include "timeout.h"
#include "view.h"

/* A 4096-byte file of 0x00..0xff repeated; its path. */
static char *
ramp(const char *name)
{
	unsigned char	b[4096];

	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (unsigned char)i;
	return tu_file(name, b, sizeof b);
}

/* ---- the breakpoints alone, on the test's clock ---------------------------- */

static char		*bpath;
static struct live	*bl;
static struct status	*bst;
static struct brk	*bb;

/* A session on a fresh ramp file, a status line, no breakpoints. */
static void
brk_setup(void)
{
	char	*cause = NULL;

	bpath = ramp("brk.bin");
	bl = live_open(bpath, 0, NULL, NULL, &cause);
	ck_assert_msg(bl != NULL, "live_open: %s", cause);
	bst = status_new(true);
	bb = brk_new(bl, bst, true);
}

/* Free them, remove the file. */
static void
brk_teardown(void)
{
	brk_free(bb);
	live_close(bl);
	status_free(bst);
	unlink(bpath);
	free(bpath);
}

/* :break TEXT with no layout, at NOW. */
static void
add(const char *text, uint64_t now)
{
	struct expr_env	env;

	memset(&env, 0, sizeof env);
	env.size = 4096;
	brk_add(bb, text, &env, now);
}

/* One look at NOW (the session's events reach the breakpoints), a tick. */
static int
look(uint64_t now)
{
	char	*cause = NULL;

	ck_assert_msg(live_tick(bl, now, &cause) == 0, "live_tick: %s", cause);
	return brk_tick(bb, now);
}

/* It fires when the condition becomes true, not while it stays true. */
START_TEST(fires_on_the_rise)
{
	add("u8@0x10 >= 0xa0", 1000);
	ck_assert_uint_eq(brk_count(bb), 1);
	ck_assert_int_eq(look(1001), 0);
	ck_assert(!brk_paused(bb));
	tu_file_put(bpath, 0x10, 0xaa);
	ck_assert_int_eq(look(1002), REACT_REDRAW | REACT_FRESH);
	ck_assert(brk_paused(bb));
	ck_assert_str_eq(brk_banner(bb), "BREAK 1");
	ck_assert_uint_eq(brk_bells(bb), 1);
	/* The values that made it true, on the status line. */
	ck_assert_ptr_nonnull(strstr(status_text(bst),
	    "u8@0x10 = 170 (was 16)"));
	/* Held: another look is no news. */
	ck_assert_int_eq(look(1003), 0);
	ck_assert_int_eq(brk_continue(bb) & REACT_RESNAP, REACT_RESNAP);
	ck_assert(!brk_paused(bb));
	ck_assert_ptr_null(brk_banner(bb));
	/* A new value, still true: no rise, no firing. */
	tu_file_put(bpath, 0x10, 0xbb);
	ck_assert_int_eq(look(1004), 0);
	ck_assert(!brk_paused(bb));
	tu_file_put(bpath, 0x10, 0x00);
	ck_assert_int_eq(look(1005), 0);
	tu_file_put(bpath, 0x10, 0xaa);
	ck_assert_int_eq(look(1006), REACT_REDRAW | REACT_FRESH);
	ck_assert_uint_eq(brk_bells(bb), 2);
	{
		unsigned	 num;
		const char	*text;
		uint64_t	 hits;

		brk_get(bb, 0, &num, &text, &hits);
		ck_assert_uint_eq(num, 1);
		ck_assert_str_eq(text, "u8@0x10 >= 0xa0");
		ck_assert_uint_eq(hits, 2);
	}
}
END_TEST

/* True when set: it waits for the next rise; the message says so. */
START_TEST(true_when_set_waits)
{
	add("u8@0x10 >= 0x10", 1000);
	ck_assert_ptr_nonnull(strstr(status_text(bst), "holds now"));
	tu_file_put(bpath, 0x10, 0x11);
	ck_assert_int_eq(look(1001), 0);
	ck_assert(!brk_paused(bb));
}
END_TEST

/* stuck(x, 100ms) fires at 100 ms without a change, not a ms before. */
START_TEST(stuck_fires_after_its_duration)
{
	add("stuck(u8@0x20, 100ms)", 1000);
	ck_assert_int_eq(look(1099), 0);
	ck_assert(!brk_paused(bb));
	/* A change at 1050 starts the 100 ms again. */
	tu_file_put(bpath, 0x20, 0x77);
	ck_assert_int_eq(look(1050), 0);
	ck_assert_int_eq(look(1149), 0);
	ck_assert(!brk_paused(bb));
	ck_assert_int_eq(look(1150), REACT_REDRAW | REACT_FRESH);
	ck_assert(brk_paused(bb));
	ck_assert_ptr_nonnull(strstr(status_text(bst),
	    "u8@0x20 = 119 (unchanged 100 ms)"));
}
END_TEST

/* Bad conditions, numbers and the list are said, and change nothing. */
START_TEST(commands_say_what_is_wrong)
{
	add("u8@0x10 ==", 1000);
	ck_assert_uint_eq(brk_count(bb), 0);
	ck_assert_ptr_nonnull(strstr(status_text(bst), "break: "));
	ck_assert_ptr_nonnull(strstr(status_text(bst), "column"));
	brk_list(bb);
	ck_assert_ptr_nonnull(strstr(status_text(bst), "no breakpoints"));
	add("u8@1 == 5", 1000);
	add("u16le@2 > 7", 1000);
	brk_list(bb);
	ck_assert_str_eq(status_text(bst), "breaks: 1 \"u8@1 == 5\" (0 hits); "
	    "2 \"u16le@2 > 7\" (0 hits)");
	brk_delete(bb, "7");
	ck_assert_ptr_nonnull(strstr(status_text(bst), "\"7\" is no "
	    "breakpoint number"));
	brk_delete(bb, "x1");
	ck_assert_uint_eq(brk_count(bb), 2);
	brk_delete(bb, "1");
	ck_assert_uint_eq(brk_count(bb), 1);
	brk_list(bb);
	ck_assert_str_eq(status_text(bst),
	    "breaks: 2 \"u16le@2 > 7\" (0 hits)");
	brk_delete(bb, "all");
	ck_assert_uint_eq(brk_count(bb), 0);
	brk_continue(bb);
	ck_assert_str_eq(status_text(bst), "no break holds the view");
}
END_TEST

/* :bell off: a firing asks for no ring. */
START_TEST(bell_off_is_quiet)
{
	brk_set_bell(bb, false);
	add("u8@0x10 != 0x10", 1000);
	tu_file_put(bpath, 0x10, 0);
	ck_assert_int_eq(look(1001), REACT_REDRAW | REACT_FRESH);
	ck_assert(brk_paused(bb));
	ck_assert_uint_eq(brk_bells(bb), 0);
}
END_TEST

/* Counts LIVE_FROM_PAGES events (a subscriber beside the breaks). */
static void
count_pages(const struct live_event *ev, void *arg)
{
	if (ev->kind == LIVE_BYTES && ev->source == LIVE_FROM_PAGES)
		(*(int *)arg)++;
}

/* The page map's events are not taken: the look's own windows fire. */
START_TEST(page_map_events_are_not_taken)
{
	int	pages = 0;

	live_subscribe(bl, count_pages, &pages);
	ck_assert_ptr_nonnull(live_pages(bl, 0));
	live_sweep(bl, SIZE_MAX, 1000);	/* the map's first hashes */
	add("u8@0x10 == 0xaa", 1000);
	tu_file_put(bpath, 0x10, 0xaa);
	live_sweep(bl, SIZE_MAX, 1001);
	ck_assert_int_eq(pages, 1);
	ck_assert_int_eq(brk_tick(bb, 1001), 0);
	ck_assert(!brk_paused(bb));
	ck_assert_int_eq(look(1002), REACT_REDRAW | REACT_FRESH);
	ck_assert(brk_paused(bb));
}
END_TEST

/* ---- the app: the frame it holds, and nothing stored while held ------------ */

static struct app	*a;
static char		*apath;

/* An app on a fresh ramp file, laid out 24x80. */
static void
app_setup(void)
{
	a = appdrv_new("app.bin", &apath);
}

/* Free the app, remove the file. */
static void
app_teardown(void)
{
	appdrv_free(a, apath);
}

/* The frame that fired is held while the writer goes on; Esc lets go. */
START_TEST(holds_the_frame_it_fired_on)
{
	struct view	v;

	cmds_run(a, "break u8@0x10 == 0xaa");
	tu_file_put(apath, 0x11, 0x55);
	tu_file_put(apath, 0x10, 0xaa);
	ck_assert(app_live_view(a));
	app_tick(a);
	ck_assert(!app_live_view(a));
	ck_assert_uint_eq(appdrv_shown(a, 0x10), 0xaa);
	ck_assert_uint_eq(appdrv_shown(a, 0x11), 0x55);
	app_view(a, &v);
	ck_assert_str_eq(v.brk_banner, "BREAK 1");
	ck_assert_uint_eq(v.bells, 1);
	/* The writer goes on: counted, not shown. */
	tu_file_put(apath, 0x10, 0xbb);
	tu_file_put(apath, 0x11, 0x66);
	app_tick(a);
	ck_assert_uint_eq(appdrv_shown(a, 0x10), 0xaa);
	ck_assert_uint_eq(appdrv_shown(a, 0x11), 0x55);
	app_view(a, &v);
	ck_assert_uint_gt(v.changes, v.changes_at_pause);
	keymap_key(a, KEYS_ESC);
	ck_assert(app_live_view(a));
	app_tick(a);
	ck_assert_uint_eq(appdrv_shown(a, 0x10), 0xbb);
	ck_assert_uint_eq(appdrv_shown(a, 0x11), 0x66);
	app_view(a, &v);
	ck_assert_ptr_null(v.brk_banner);
}
END_TEST

/* Fire break "u8@0x10 == 0xaa" on the app; the cursor at byte 0. */
static void
fire(void)
{
	cmds_run(a, "break u8@0x10 == 0xaa");
	tu_file_put(apath, 0x10, 0xaa);
	app_tick(a);
	ck_assert(!app_live_view(a));
}

/* Nothing was stored by us: byte 0 as it was, an empty journal. */
static void
nothing_stored(void)
{
	ck_assert_uint_eq(tu_file_byte(apath, 0), 0x00);
	ck_assert_uint_eq(tu_file_byte(apath, 1), 0x01);
	ck_assert_uint_eq(journal_undo_count(a->journal), 0);
	ck_assert_uint_eq(journal_unsynced(a->journal, NULL, NULL), 0);
}

/* Store byte B at OFF as another process would; a tick 10 ms on. */
static void
other(uint64_t off, unsigned char b)
{
	tu_file_put(apath, off, b);
	a->now += 10;
	app_tick(a);
}

/* While held, R, u, ^R and the storing commands are refused. */
START_TEST(held_refuses_keys_and_commands)
{
	fire();
	appdrv_keys(a, "R");
	ck_assert_int_eq(edit_mode(a->edit), EDIT_MODE_NORMAL);
	ck_assert_ptr_nonnull(strstr(status_text(a->status), "refused: a "
	    "break holds the view"));
	appdrv_keys(a, "ff");
	keymap_key(a, 'u');
	keymap_key(a, KEYS_CTRL('r'));
	nothing_stored();
	cmds_run(a, "set u8 0xff");
	ck_assert_ptr_nonnull(strstr(status_text(a->status), ":set refused"));
	cmds_run(a, "set u16le 0xffff");
	cmds_run(a, "freeze u8@0 0xff");
	ck_assert_ptr_nonnull(strstr(status_text(a->status),
	    ":freeze refused"));
	appdrv_keys(a, "vl");
	cmds_run(a, "fill ee");
	ck_assert_ptr_nonnull(strstr(status_text(a->status), ":fill refused"));
	keymap_key(a, 'y');
	nothing_stored();
	/* Reading commands still work while held. */
	cmds_run(a, "goto 0x20");
	ck_assert_uint_eq(a->nav.cursor, 0x20);
	cmds_run(a, "goto 0");
	/* Continued: the same keys store again. */
	keymap_key(a, KEYS_ESC);	/* ends the selection */
	keymap_key(a, '.');
	ck_assert(app_live_view(a));
	appdrv_keys(a, "Rff");
	keymap_key(a, KEYS_ESC);
	ck_assert_uint_eq(tu_file_byte(apath, 0), 0xff);
}
END_TEST

/* In edit mode when it fires: typed bytes and pastes are refused. */
START_TEST(held_refuses_edit_mode_typing)
{
	const int	paste[] = { 'a', 'b' };

	appdrv_keys(a, "R");
	ck_assert_int_eq(edit_mode(a->edit), EDIT_MODE_EDIT);
	fire();
	appdrv_keys(a, "ee");
	keymap_key(a, KEYS_CTRL('r'));
	keymap_key(a, '"');
	keymap_paste(a, paste, 2);
	ck_assert_ptr_nonnull(strstr(status_text(a->status), "paste refused: "
	    "a break holds the view"));
	nothing_stored();
	/* Esc still leaves edit mode; then Esc continues. */
	keymap_key(a, KEYS_ESC);
	ck_assert_int_eq(edit_mode(a->edit), EDIT_MODE_NORMAL);
	ck_assert(!app_live_view(a));
	keymap_key(a, KEYS_ESC);
	ck_assert(app_live_view(a));
}
END_TEST

/*
 * < while a break holds (issue 15: "the history holds the frames before
 * it"): back to the frame before the trigger, with the earlier value;
 * storing keys and commands still refused there; . goes live again and
 * the writer's later store is shown.
 */
START_TEST(back_in_time_while_held)
{
	other(0x10, 0x11);
	other(0x10, 0x22);
	cmds_run(a, "break u8@0x10 == 0xaa");
	other(0x10, 0xaa);
	ck_assert(brk_paused(a->brk));
	ck_assert_uint_eq(appdrv_shown(a, 0x10), 0xaa);
	/* The writer goes on while held. */
	other(0x10, 0xbb);
	ck_assert_uint_eq(appdrv_shown(a, 0x10), 0xaa);
	keymap_key(a, '<');
	ck_assert_msg(appdrv_shown(a, 0x10) == 0x22, "shown 0x%02x: %s",
	    appdrv_shown(a, 0x10), status_text(a->status));
	keymap_key(a, '<');
	ck_assert_uint_eq(appdrv_shown(a, 0x10), 0x11);
	/* Storing keys and commands are still refused in the past. */
	appdrv_keys(a, "R");
	ck_assert_int_eq(edit_mode(a->edit), EDIT_MODE_NORMAL);
	appdrv_keys(a, "ff");
	cmds_run(a, "set u8 0xff");
	ck_assert_ptr_nonnull(strstr(status_text(a->status), "refused"));
	nothing_stored();
	/* > comes forward again, up to the frame the break holds. */
	keymap_key(a, '>');
	ck_assert_uint_eq(appdrv_shown(a, 0x10), 0x22);
	keymap_key(a, '>');
	ck_assert_uint_eq(appdrv_shown(a, 0x10), 0xaa);
	ck_assert(brk_paused(a->brk));
	keymap_key(a, '<');
	ck_assert_uint_eq(appdrv_shown(a, 0x10), 0x22);
	/* . goes live: the store made while held is shown. */
	keymap_key(a, '.');
	app_tick(a);
	ck_assert(!brk_paused(a->brk));
	ck_assert(app_live_view(a));
	ck_assert_uint_eq(appdrv_shown(a, 0x10), 0xbb);
}
END_TEST

/* The suite. */
static Suite *
brk_suite(void)
{
	Suite	*s = suite_create("brk");
	TCase	*tb = timeout_tcase("breakpoints", TIMEOUT_UNIT);
	TCase	*ta = timeout_tcase("app", TIMEOUT_UNIT);

	tcase_add_checked_fixture(tb, brk_setup, brk_teardown);
	tcase_add_test(tb, fires_on_the_rise);
	tcase_add_test(tb, true_when_set_waits);
	tcase_add_test(tb, stuck_fires_after_its_duration);
	tcase_add_test(tb, commands_say_what_is_wrong);
	tcase_add_test(tb, bell_off_is_quiet);
	tcase_add_test(tb, page_map_events_are_not_taken);
	suite_add_tcase(s, tb);
	tcase_add_checked_fixture(ta, app_setup, app_teardown);
	tcase_add_test(ta, holds_the_frame_it_fired_on);
	tcase_add_test(ta, held_refuses_keys_and_commands);
	tcase_add_test(ta, held_refuses_edit_mode_typing);
	tcase_add_test(ta, back_in_time_while_held);
	suite_add_tcase(s, ta);
	return s;
}

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	return tu_run_app_suite(brk_suite());
}
