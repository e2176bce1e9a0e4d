/* SPDX-License-Identifier: ISC */
/*
 * check_past_app.c - time travel in the viewer's actions, without a
 * terminal (issue 14).
 *
 * An app is made on a temporary file as check_app.c does, another
 * process's stores are made with pwrite and seen by ticks; < and > move
 * through the frames app_view hands the view.  Then the rule that
 * matters most: while a past frame is shown, no key of the key table
 * and no ':' command that stores can reach the store path.  A
 * subscriber on the session counts the STORE events the store path
 * publishes (live_stored), and the file's bytes and the journal are
 * compared before and after every key and command is tried.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "app_hist.h"
#include "appdrv.h"
#include "cmds.h"
#include "door.h"
#include "edit.h"
#include "freeze.h"
#include "journal.h"
#include "keymap.h"
#include "keys.h"
#include "live.h"
#include "snap.h"
#include "status.h"
#include "testutil.h"
#include "timeout.h"
#include "view.h"

/* The app under test, its file, and the stores the session published. */
static struct app	*a;
static char		*path;
static int		 stores;

/* Count the store path's events. */
static void
count_stores(const struct live_event *ev, void *arg)
{
	(void)arg;
	if (ev->kind == LIVE_STORE)
		stores++;
}

/* Make an app on a fresh 4096-byte file of zeros, laid out 24x80. */
static void
setup(void)
{
	unsigned char	 b[4096] = { 0 };

	path = tu_file("past_app.bin", b, sizeof b);
	a = appdrv_open(path);
	stores = 0;
	live_subscribe(a->live, count_stores, NULL);
}

/* Free the app, remove the file. */
static void
teardown(void)
{
	appdrv_free(a, path);
}

/* Store byte B at OFF as another process would, then a tick 10 ms on. */
static void
other_store(uint64_t off, unsigned char b)
{
	tu_file_put(path, off, b);
	a->now += 10;
	app_tick(a);
}

/* The file's whole content. */
static unsigned char *
file_now(void)
{
	size_t		 len;
	unsigned char	*b = tu_slurp(path, &len);

	ck_assert_uint_eq(len, 4096);
	return b;
}

START_TEST(frames_back_and_forward)
{
	struct view	v;

	other_store(0x10, 0x11);
	other_store(0x10, 0x22);
	other_store(0x20, 0x33);
	ck_assert_int_eq(appdrv_shown(a, 0x10), 0x22);
	ck_assert(app_live_view(a));
	keymap_key(a, '<');
	ck_assert(!app_live_view(a));
	ck_assert_int_eq(appdrv_shown(a, 0x10), 0x22);
	ck_assert_int_eq(appdrv_shown(a, 0x20), 0x00);
	keymap_key(a, '<');
	ck_assert_int_eq(appdrv_shown(a, 0x10), 0x11);
	keymap_key(a, '<');
	ck_assert_int_eq(appdrv_shown(a, 0x10), 0x00);
	app_view(a, &v);
	ck_assert_ptr_nonnull(v.past_known);
	/* The frame before the change at 11, seen at 31. */
	ck_assert_uint_eq(v.past_ago, 20);
	/* The beginning: said, and the frame stays. */
	keymap_key(a, '<');
	ck_assert(strstr(status_text(a->status), "no earlier") != NULL);
	ck_assert_int_eq(appdrv_shown(a, 0x10), 0x00);
	/* Another store meanwhile: the past frame does not move. */
	other_store(0x10, 0x44);
	ck_assert_int_eq(appdrv_shown(a, 0x10), 0x00);
	/* Paused, neither < nor > moves (the frozen frame lacks news). */
	keymap_key(a, 'p');
	keymap_key(a, '>');
	ck_assert(strstr(status_text(a->status), "p resumes") != NULL);
	ck_assert_int_eq(appdrv_shown(a, 0x10), 0x00);
	keymap_key(a, 'p');
	keymap_key(a, '>');
	ck_assert_int_eq(appdrv_shown(a, 0x10), 0x11);
	keymap_key(a, '.');
	ck_assert(app_live_view(a));
	ck_assert_int_eq(appdrv_shown(a, 0x10), 0x44);
	app_view(a, &v);
	ck_assert_ptr_null(v.past_known);
}
END_TEST

START_TEST(nothing_stores_from_the_past)
{
	char		 never[4200], w[4300], wf[4300];
	const char	*lines[] = {
		"set u8 0x55", "set hex de ad", "set \"hi\"", "set u32le 7",
		"fill 00", "r /etc/hostname", w, wf,
	};
	unsigned char	*before, *after;
	size_t		 keys_tried = 0;

	/* Beside the test's file, in its own directory. */
	snprintf(never, sizeof never, "%s.never-written", path);
	snprintf(w, sizeof w, "w %s", never);
	snprintf(wf, sizeof wf, "w! %s", never);

	/* An edit when live, so that u has something to undo. */
	cmds_run(a, "set u8 0x01");
	ck_assert_int_eq(stores, 1);
	ck_assert_uint_eq(journal_undo_count(a->journal), 1);
	other_store(0x10, 0x11);
	keymap_key(a, '<');
	ck_assert(!app_live_view(a));
	before = file_now();
	stores = 0;
	/* Every ':' command that stores or writes out, with a selection. */
	keymap_key(a, 'v');
	keymap_key(a, 'l');
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++) {
		cmds_run(a, lines[i]);
		ck_assert_msg(status_kind(a->status) == STATUS_ERROR &&
		    strstr(status_text(a->status), "refused") != NULL,
		    ":%s said \"%s\"", lines[i], status_text(a->status));
		ck_assert(!app_live_view(a));
	}
	ck_assert_int_eq(access(never, F_OK), -1);
	/* Every key of the table but the ones that leave the past. */
	for (size_t r = 0; r < keymap_nrows; r++)
		for (int k = 0; k < 2; k++)
			for (int i = 0; i < 4; i++) {
				int	key = keymap_rows[r].bind[k].keys[i];

				if (key == 0 || key == '.' || key == '>' ||
				    key == KEYS_ESC || key == 'q' ||
				    key == KEYS_CTRL('c') ||
				    key == KEYS_CTRL('z'))
					continue;
				keymap_key(a, key);
				/* Then typing, as into edit mode. */
				keymap_key(a, 'f');
				keymap_key(a, 'f');
				keymap_key(a, KEYS_ESC);
				keys_tried++;
				/* Esc above left the past: go back to it. */
				if (a->paused)
					keymap_key(a, 'p');
				keymap_key(a, 'g');	/* the rows changed */
				for (int t = 0; t < 3 && app_live_view(a); t++)
					keymap_key(a, '<');
				ck_assert_msg(!app_live_view(a), "key %d", key);
			}
	ck_assert_uint_gt(keys_tried, 20);
	/* The terminal's paste is refused too (not in edit mode). */
	{
		static const int	 paste[] = { 'd', 'e', 'a', 'd' };

		keymap_paste(a, paste, 4);
	}
	after = file_now();
	ck_assert_int_eq(stores, 0);
	ck_assert(memcmp(before, after, 4096) == 0);
	ck_assert_uint_eq(journal_undo_count(a->journal), 1);
	free(before);
	free(after);
}
END_TEST

START_TEST(reopen_starts_the_history_again)
{
	other_store(0x10, 0x11);
	keymap_key(a, '<');
	ck_assert(!app_live_view(a));
	/* :e: the log's changes were the old file's; never undone here. */
	cmds_run(a, "e");
	ck_assert(app_live_view(a));
	a->now += 10;
	app_tick(a);
	keymap_key(a, '<');
	ck_assert(app_live_view(a));
	ck_assert(strstr(status_text(a->status), "no change") != NULL);
	/* A change since: the history has it. */
	other_store(0x10, 0x22);
	keymap_key(a, '<');
	ck_assert(!app_live_view(a));
	ck_assert_int_eq(appdrv_shown(a, 0x10), 0x11);
}
END_TEST

/*
 * :e on a file replaced by another releases the frozen values: storing
 * the old file's value into the new one was never asked for (issue 15).
 */
START_TEST(reopen_of_another_file_releases_freezes)
{
	unsigned char	 z[4096] = { 0 };
	char		*fresh;
	size_t		 len;
	unsigned char	*b;

	cmds_run(a, "freeze u8@0x20 0x55");
	ck_assert_uint_eq(freeze_count(a->freeze), 1);
	b = tu_slurp(path, &len);
	ck_assert_uint_eq(b[0x20], 0x55);
	free(b);
	/* Another file under the same name, then :e. */
	fresh = tu_file("past_app_new.bin", z, sizeof z);
	ck_assert_int_eq(rename(fresh, path), 0);
	free(fresh);
	cmds_run(a, "e");
	ck_assert_uint_eq(freeze_count(a->freeze), 0);
	ck_assert_msg(strstr(status_text(a->status), "frozen value released")
	    != NULL, "said \"%s\"", status_text(a->status));
	/* Another process changes the byte: nothing stores it back. */
	stores = 0;
	other_store(0x20, 0x11);
	other_store(0x21, 0x12);
	ck_assert_int_eq(stores, 0);
	b = tu_slurp(path, &len);
	ck_assert_uint_eq(b[0x20], 0x11);
	free(b);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("past_app");
	TCase	*tc = timeout_tcase("past_app", TIMEOUT_UNIT);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, frames_back_and_forward);
	tcase_add_test(tc, nothing_stores_from_the_past);
	tcase_add_test(tc, reopen_starts_the_history_again);
	tcase_add_test(tc, reopen_of_another_file_releases_freezes);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
