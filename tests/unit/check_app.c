/* SPDX-License-Identifier: ISC */
/*
 * check_app.c - the viewer's actions without a terminal.
 *
 * An app is made on a temporary file, sized for a 24x80 terminal, and
 * driven with livehex keys (keys.h) and ':' lines exactly as the loop
 * drives it; the tests assert on its state (cursor, mode, marks, the
 * status-line message) and on the bytes in the file.  No curses is
 * linked: the actions library (app, keymap, cmds, edit, find, fields,
 * strip) must build and run without it.  The feature modules are also
 * driven alone, below the app, through their own interfaces (made with
 * a session, a journal, a nav and a status line: no struct app), and the
 * frame's read-only view (app_view) against the state.  The tables are
 * checked too:
 * every row has help, no key is bound twice in one mode; and the pure
 * geometry (geom.c) for a few terminal sizes.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "appdrv.h"
#include "cmds.h"
#include "door.h"
#include "edit.h"
#include "fields.h"
#include "find.h"
#include "geom.h"
#include "journal.h"
#include "keymap.h"
#include "keys.h"
#include "live.h"
#include "nav.h"
#include "react.h"
#include "snap.h"
#include "status.h"
#include "strip.h"
#include "testutil.h"
#include "timeout.h"
#include "view.h"

/* The app under test and its file. */
static struct app	*a;
static char		*path;

/* Make the app on a fresh ramp file (appdrv.c). */
static void
setup(void)
{
	a = appdrv_new("app.bin", &path);
}

/* Free the app, remove the file. */
static void
teardown(void)
{
	appdrv_free(a, path);
}

/*
 * Feed the session's inotify news to the app as the loop does (poll on
 * live_fd, then app_file_news) until *FLAG is set or 5 s pass; *FLAG.
 */
static bool
news_until(const bool *flag)
{
	uint64_t	end = tu_now_ms() + 5000;
	struct pollfd	pfd;

	pfd.fd = live_fd(a->live);
	pfd.events = POLLIN;
	ck_assert_msg(pfd.fd != -1, "no inotify descriptor");
	while (!*flag && tu_now_ms() < end) {
		if (poll(&pfd, 1, (int)(end - tu_now_ms())) > 0)
			app_file_news(a);
	}
	return *flag;
}

START_TEST(motions)
{
	ck_assert_uint_eq(a->nav.cols, 16);
	ck_assert_uint_eq(a->nav.cursor, 0);
	appdrv_keys(a, "l");
	ck_assert_uint_eq(a->nav.cursor, 1);
	appdrv_keys(a, "j");
	ck_assert_uint_eq(a->nav.cursor, 17);
	keymap_key(a, KEYS_LEFT);
	ck_assert_uint_eq(a->nav.cursor, 16);
	keymap_key(a, KEYS_DOWN);
	ck_assert_uint_eq(a->nav.cursor, 32);
	appdrv_keys(a, "$");
	ck_assert_uint_eq(a->nav.cursor, 47);
	appdrv_keys(a, "^");
	ck_assert_uint_eq(a->nav.cursor, 32);
	appdrv_keys(a, "G");
	ck_assert_uint_eq(a->nav.cursor, 4095);
	appdrv_keys(a, "g");
	ck_assert_uint_eq(a->nav.cursor, 0);
	/* A jump is remembered: '' returns. */
	appdrv_keys(a, "''");
	ck_assert_uint_eq(a->nav.cursor, 4095);
}
END_TEST

START_TEST(marks)
{
	appdrv_keys(a, "jjl");
	ck_assert_uint_eq(a->nav.cursor, 33);
	ck_assert(!a->mark_set['a' - 'a']);
	appdrv_keys(a, "ma");
	ck_assert(a->mark_set['a' - 'a']);
	ck_assert_uint_eq(a->marks['a' - 'a'], 33);
	ck_assert_msg(appdrv_msg_has(a, "mark a at 0x21"), "msg %s", status_text(a->status));
	appdrv_keys(a, "G");
	ck_assert_uint_eq(a->nav.cursor, 4095);
	appdrv_keys(a, "'a");
	ck_assert_uint_eq(a->nav.cursor, 33);
	appdrv_keys(a, "'b");
	ck_assert_msg(appdrv_msg_has(a, "mark b is not set"), "msg %s", status_text(a->status));
	appdrv_keys(a, "m1");
	ck_assert_msg(appdrv_msg_has(a, "marks are letters a-z"), "msg %s", status_text(a->status));
	ck_assert_int_eq(status_kind(a->status), STATUS_ERROR);
}
END_TEST

START_TEST(typing_in_edit_mode)
{
	/* Normal mode never stores. */
	appdrv_keys(a, "4");
	ck_assert_msg(appdrv_msg_has(a, "not in edit mode"), "msg %s", status_text(a->status));
	ck_assert_int_eq(tu_file_byte(path, 0), 0x00);
	appdrv_keys(a, "R");
	ck_assert_int_eq(edit_mode(a->edit), EDIT_MODE_EDIT);
	appdrv_keys(a, "4");
	/* One digit: pending, not stored. */
	ck_assert_int_eq(edit_pending(a->edit, NULL), 4);
	ck_assert_int_eq(tu_file_byte(path, 0), 0x00);
	appdrv_keys(a, "1");
	ck_assert_int_eq(tu_file_byte(path, 0), 0x41);
	ck_assert_uint_eq(a->nav.cursor, 1);
	/* A half-typed byte is dropped by Esc, never stored. */
	appdrv_keys(a, "e");
	ck_assert_int_eq(edit_pending(a->edit, NULL), 0xe);
	keymap_key(a, KEYS_ESC);
	ck_assert_int_eq(edit_mode(a->edit), EDIT_MODE_NORMAL);
	ck_assert_int_eq(edit_pending(a->edit, NULL), -1);
	ck_assert_msg(appdrv_msg_has(a, "the half-typed byte was dropped"), "msg %s",
	    status_text(a->status));
	ck_assert_int_eq(tu_file_byte(path, 1), 0x01);
	/* Backspace in edit mode drops the digit too. */
	appdrv_keys(a, "R7");
	keymap_key(a, KEYS_BACKSPACE);
	ck_assert_int_eq(edit_pending(a->edit, NULL), -1);
	ck_assert_int_eq(edit_mode(a->edit), EDIT_MODE_EDIT);
	keymap_key(a, KEYS_CTRL('c'));
	ck_assert_int_eq(edit_mode(a->edit), EDIT_MODE_NORMAL);
	ck_assert_int_eq(tu_file_byte(path, 1), 0x01);
	/* u undoes the run. */
	appdrv_keys(a, "u");
	ck_assert_int_eq(tu_file_byte(path, 0), 0x00);
}
END_TEST

START_TEST(goto_command)
{
	cmds_run(a, "goto 0x100");
	ck_assert_uint_eq(a->nav.cursor, 0x100);
	cmds_run(a, "+16");
	ck_assert_uint_eq(a->nav.cursor, 0x110);
	/* Through the prompt, as typed. */
	appdrv_keys(a, ":");
	ck_assert_int_eq(status_prompt(a->status), STATUS_PROMPT_COMMAND);
	appdrv_keys(a, "0x20\r");
	ck_assert_int_eq(status_prompt(a->status), STATUS_PROMPT_NONE);
	ck_assert_uint_eq(a->nav.cursor, 0x20);
	cmds_run(a, "goto");
	ck_assert_msg(appdrv_msg_has(a, "usage: :goto"), "msg %s", status_text(a->status));
}
END_TEST

START_TEST(search_keys)
{
	appdrv_keys(a, "n");
	ck_assert_msg(appdrv_msg_has(a, "no pattern yet"), "msg %s",
	    status_text(a->status));
	appdrv_keys(a, "/10 11\r");
	ck_assert_uint_eq(a->nav.cursor, 0x10);
	ck_assert_msg(appdrv_msg_has(a, "match at 0x10"), "msg %s",
	    status_text(a->status));
	appdrv_keys(a, "n");
	ck_assert_uint_eq(a->nav.cursor, 0x110);
	appdrv_keys(a, "N");
	ck_assert_uint_eq(a->nav.cursor, 0x10);
	ck_assert(!find_running(a->find));
}
END_TEST

START_TEST(layout_fields)
{
	static const char	 text[] = "magic 0 u32le\nhead 16 u64le\n";
	char			*lay = tu_file("app.layout", text,
				    sizeof text - 1);
	char			 line[512];

	ck_assert(!fields_focused(a->fields));
	snprintf(line, sizeof line, "layout %s", lay);
	cmds_run(a, line);
	ck_assert_msg(appdrv_msg_has(a, "2 fields"), "msg %s", status_text(a->status));
	ck_assert_ptr_nonnull(fields_layout(a->fields));
	ck_assert_int_eq(a->panel_what, APP_SHOW_FIELDS);
	app_layout(a, 24, 80);
	/* Tab: ASCII pane, then the field list; j, Enter jumps to head. */
	appdrv_keys(a, "\t\t");
	ck_assert(fields_focused(a->fields));
	appdrv_keys(a, "j");
	ck_assert_uint_eq(fields_selected(a->fields), 1);
	appdrv_keys(a, "\r");
	ck_assert(!fields_focused(a->fields));
	ck_assert_uint_eq(a->nav.cursor, 16);
	cmds_run(a, "layout off");
	ck_assert_ptr_null(fields_layout(a->fields));
	ck_assert_int_eq(a->panel_what, APP_SHOW_INSPECTOR);
	unlink(lay);
	free(lay);
}
END_TEST

START_TEST(help_toggles)
{
	ck_assert(!a->help);
	appdrv_keys(a, "?");
	ck_assert(a->help);
	/* Any key closes it and is not acted on. */
	appdrv_keys(a, "G");
	ck_assert(!a->help);
	ck_assert_uint_eq(a->nav.cursor, 0);
	keymap_key(a, KEYS_F1);
	ck_assert(a->help);
	keymap_key(a, KEYS_ESC);
	ck_assert(!a->help);
	cmds_run(a, "help");
	ck_assert(a->help);
}
END_TEST

START_TEST(unknown_command)
{
	cmds_run(a, "frobnicate now");
	ck_assert_msg(appdrv_msg_has(a, "unknown command \"frobnicate\""), "msg %s",
	    status_text(a->status));
	ck_assert_int_eq(status_kind(a->status), STATUS_ERROR);
	/* Near a known name: that name is suggested. */
	cmds_run(a, "layot x");
	ck_assert_msg(appdrv_msg_has(a, "unknown command \"layot\" (did you mean "
	    ":layout?)"), "msg %s", status_text(a->status));
	cmds_run(a, "qq");
	ck_assert_msg(appdrv_msg_has(a, "(did you mean :q?)"), "msg %s",
	    status_text(a->status));
	/* One letter is near nothing. */
	cmds_run(a, "x");
	ck_assert_msg(appdrv_msg_has(a, "(try an offset"), "msg %s",
	    status_text(a->status));
	cmds_run(a, "sync later");
	ck_assert_msg(appdrv_msg_has(a, "usage: :sync [async]"), "msg %s", status_text(a->status));
}
END_TEST

START_TEST(tab_completes)
{
	appdrv_keys(a, ":la\t");
	ck_assert_str_eq(status_prompt_line(a->status), "layout ");
	ck_assert_uint_eq(status_prompt_len(a->status), 7);
	appdrv_keys(a, "o\t");
	ck_assert_str_eq(status_prompt_line(a->status), "layout off");
	keymap_key(a, KEYS_ESC);
	/* Ambiguous: "set" and "sync" share only "s"; nothing is added. */
	appdrv_keys(a, ":s\t");
	ck_assert_str_eq(status_prompt_line(a->status), "s");
	keymap_key(a, KEYS_ESC);
	ck_assert_int_eq(status_prompt(a->status), STATUS_PROMPT_NONE);
}
END_TEST

/* The geometry of a few terminals: pure, from size and options alone. */
START_TEST(geometry)
{
	struct geom_in	in = { .rows = 24, .cols = 80, .size = 4096,
			    .panel = true, .panel_lines = 10 };
	struct geom	g;

	geom_compute(&in, &g);
	ck_assert(!g.too_small);
	ck_assert_uint_eq(g.off_width, 8);
	ck_assert_uint_eq(g.body_x, 11);
	ck_assert_int_eq(g.body_y, 1);
	ck_assert_uint_eq(g.row.cols, 16);
	/* 80 columns: no room beside 16 bytes, so the panel goes below. */
	ck_assert_int_eq(g.panel, GEOM_PANEL_BELOW);
	ck_assert_int_eq(g.panel_cols, 2);
	ck_assert_int_eq(g.panel_y, 24 - 1 - 6);
	ck_assert_uint_eq(g.body_rows, 24 - 2 - 6);
	ck_assert_int_eq(g.strip_x, 11 + (int)g.row.ascii_col + 16 + 1);
	ck_assert_int_eq(g.help_room, 19);
	/* 140 columns: beside the rows. */
	in.cols = 140;
	geom_compute(&in, &g);
	ck_assert_int_eq(g.panel, GEOM_PANEL_SIDE);
	ck_assert_int_eq(g.panel_x, 140 - GEOM_INSPECT_W);
	ck_assert_uint_eq(g.row.cols, 16);
	ck_assert_uint_eq(g.body_rows, 22);
	/* No panel: the rows take the width; a big file widens offsets. */
	in.panel = false;
	in.size = (uint64_t)1 << 36;
	geom_compute(&in, &g);
	ck_assert_int_eq(g.panel, GEOM_PANEL_HIDDEN);
	ck_assert_uint_eq(g.off_width, 9);
	ck_assert_uint_eq(g.row.cols, 24);
	/* A banner takes a line; -c fixes the bytes per row. */
	in.banner = true;
	in.opt_cols = 8;
	geom_compute(&in, &g);
	ck_assert_int_eq(g.body_y, 2);
	ck_assert_uint_eq(g.row.cols, 8);
	/* Too small for anything. */
	in = (struct geom_in){ .rows = 2, .cols = 10, .size = 16 };
	geom_compute(&in, &g);
	ck_assert(g.too_small);
}
END_TEST

/* Every help line has both halves; the rows and commands are all there. */
START_TEST(help_from_tables)
{
	const char	*k, *w;
	size_t		 n = 0;

	while (keymap_help_line(n, &k, &w)) {
		ck_assert(k != NULL && *k != '\0');
		ck_assert(w != NULL && *w != '\0');
		n++;
	}
	ck_assert_uint_eq(n, keymap_help_count());
	ck_assert_uint_eq(n, keymap_nrows + cmds_nrows + 1);
}
END_TEST

/* No key is bound twice in one mode: the table alone decides. */
START_TEST(no_key_bound_twice)
{
	for (unsigned mode = KEYMAP_NORMAL; mode <= KEYMAP_REPLAY; mode <<= 1)
	for (size_t i = 0; i < keymap_nrows; i++)
	for (int b = 0; b < 2; b++)
	for (int k = 0; k < 4; k++) {
		int	key = keymap_rows[i].bind[b].keys[k];

		if (!(keymap_rows[i].mode & mode) || key == 0 ||
		    keymap_rows[i].bind[b].fn == NULL)
			continue;
		for (size_t j = i; j < keymap_nrows; j++)
		for (int c = 0; c < 2; c++)
		for (int l = 0; l < 4; l++) {
			if (j == i && (c < b || (c == b && l <= k)))
				continue;
			if (!(keymap_rows[j].mode & mode) ||
			    keymap_rows[j].bind[c].fn == NULL)
				continue;
			ck_assert_msg(keymap_rows[j].bind[c].keys[l] != key,
			    "key %d bound twice (%s, %s)", key,
			    keymap_rows[i].keys, keymap_rows[j].keys);
		}
	}
	/*
	 * replay (issue 14): the player's keys are looked up before the
	 * normal ones, so one bound in both would hide a normal key in a
	 * replay without a word.  The one such key by design is Space
	 * (play/pause, as in players; the man page says PgDn still pages).
	 */
	for (size_t i = 0; i < keymap_nrows; i++)
	for (int b = 0; b < 2; b++)
	for (int k = 0; k < 4; k++) {
		int	key = keymap_rows[i].bind[b].keys[k];

		if (!(keymap_rows[i].mode & KEYMAP_REPLAY) || key == 0 ||
		    key == ' ' || keymap_rows[i].bind[b].fn == NULL)
			continue;
		for (size_t j = 0; j < keymap_nrows; j++)
		for (int c = 0; c < 2; c++)
		for (int l = 0; l < 4; l++)
			ck_assert_msg(!(keymap_rows[j].mode & KEYMAP_NORMAL) ||
			    keymap_rows[j].bind[c].fn == NULL ||
			    keymap_rows[j].bind[c].keys[l] != key,
			    "replay key %d also a normal key (%s, %s)", key,
			    keymap_rows[i].keys, keymap_rows[j].keys);
	}
}
END_TEST

/*
 * The session's identity events reach the app as today's messages: the
 * file deleted while open, then a new file at its path.
 */
START_TEST(file_deleted_then_replaced)
{
	int	fd;

	ck_assert(!a->deleted && !a->replaced);
	ck_assert(!appdrv_msg_has(a, "was deleted"));
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_msg(news_until(&a->deleted), "deletion not seen");
	ck_assert_msg(appdrv_msg_has(a, "app.bin was deleted; still showing the open "
	    "copy"), "msg %s", status_text(a->status));
	ck_assert(!a->replaced);
	fd = open(path, O_CREAT | O_WRONLY | O_EXCL, 0600);
	ck_assert_int_ne(fd, -1);
	close(fd);
	ck_assert_msg(news_until(&a->replaced), "replacement not seen");
	ck_assert_msg(appdrv_msg_has(a, "a new app.bin is there: :e reopens it"),
	    "msg %s", status_text(a->status));
	/* :e opens the new (empty) file: the flags start again. */
	cmds_run(a, "e");
	ck_assert(!a->deleted && !a->replaced);
	ck_assert_uint_eq(a->nav.size, 0);
	ck_assert_ptr_eq(a->door, live_door(a->live));
}
END_TEST

/*
 * A store the viewer makes goes through the store path: the window takes
 * it as ours (not counted as a change), the journal can undo it; a store
 * by another process is counted.
 */
START_TEST(own_store_is_not_a_change)
{
	int	fd;

	ck_assert_uint_eq(snapper_changes(a->snapper), 0);
	appdrv_keys(a, "l");
	cmds_run(a, "set u8 0x55");
	ck_assert_msg(appdrv_msg_has(a, "wrote u8 85 at 0x1"), "msg %s",
	    status_text(a->status));
	ck_assert_int_eq(tu_file_byte(path, 1), 0x55);
	app_tick(a);
	app_tick(a);
	ck_assert_uint_eq(snapper_changes(a->snapper), 0);
	ck_assert_uint_eq(snapper_snap(a->snapper)->bytes[1], 0x55);
	/* Another process's store is a change. */
	fd = open(path, O_WRONLY);
	ck_assert_int_eq(pwrite(fd, "\x66", 1, 2), 1);
	close(fd);
	app_tick(a);
	ck_assert_uint_eq(snapper_changes(a->snapper), 1);
	appdrv_keys(a, "u");
	ck_assert_msg(appdrv_msg_has(a, "undone at 0x1"), "msg %s",
	    status_text(a->status));
	ck_assert_int_eq(tu_file_byte(path, 1), 0x01);
	app_tick(a);
	ck_assert_uint_eq(snapper_changes(a->snapper), 1);
}
END_TEST

/* Store byte B at OFF as another process would (not through the app). */
static void
other_store(uint64_t off, unsigned char b)
{
	int	fd = open(path, O_WRONLY);

	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(pwrite(fd, &b, 1, (off_t)off), 1);
	close(fd);
}

/* Tick as the loop does, STEP ms apart, N times (the strip's cadence). */
static void
ticks(int n, uint32_t step)
{
	for (int i = 0; i < n; i++) {
		a->now += step;
		app_tick(a);
	}
}

/*
 * Another process's store is news (APP_FRESH: drawn with any frame
 * token); the next tick, which only ages "changed on the last tick", is
 * housekeeping (a redraw without APP_FRESH), so it never holds the token
 * the next store needs (issue 12).
 */
START_TEST(aging_tick_is_not_news)
{
	int	r;

	ticks(3, 1);
	other_store(0x20, 0x99);
	a->now += 1;
	r = app_tick(a);
	ck_assert_int_eq(r & (APP_REDRAW | APP_FRESH), APP_REDRAW | APP_FRESH);
	a->now += 1;
	r = app_tick(a);
	ck_assert_msg(r & APP_REDRAW, "the aging tick redraws");
	ck_assert_msg(!(r & APP_FRESH), "the aging tick is not news");
	a->now += 1;
	r = app_tick(a);
	ck_assert_msg(!(r & APP_FRESH), "a quiet tick is not news");
	/*
	 * A write(2) is looked at on inotify news, between ticks; the tick
	 * after it may only age, but it carries that look's news.
	 */
	other_store(0x21, 0x98);
	ck_assert_int_ne(app_file_news(a) & APP_RESNAP, 0);
	a->now += 1;
	r = app_tick(a);
	ck_assert_msg(r & APP_FRESH, "a write(2) looked at on inotify news "
	    "is news");
}
END_TEST

/*
 * The fields' window and the strip's page map are the session's: a store
 * the viewer makes in a field is not stamped as a change in the fields'
 * copy nor on the strip; another process's store is, in both.
 */
START_TEST(own_store_not_a_change_in_fields_or_strip)
{
	static const char	 text[] = "head 0x800 u64le\n"
				    "tail 0x900 u64le\n";
	char			*lay = tu_file("own.layout", text,
				    sizeof text - 1);
	char			 line[512];
	const struct snap	*fsn;
	uint64_t		 lo, hi;

	snprintf(line, sizeof line, "layout %s", lay);
	cmds_run(a, line);
	ck_assert_ptr_nonnull(fields_layout(a->fields));
	ticks(2, 300);
	cmds_run(a, "0x800");
	ck_assert_uint_eq(a->nav.cursor, 0x800);
	ticks(2, 300);
	ck_assert_int_eq(strip_heat(a->strip, a->now, 0x800, 0x840), 0);
	cmds_run(a, "set u8 0x5a");
	ck_assert_int_eq(tu_file_byte(path, 0x800), 0x5a);
	ticks(3, 300);
	fsn = fields_snap(a->fields, &lo, &hi);
	ck_assert_ptr_nonnull(fsn);
	ck_assert_uint_eq(lo, 0x800);
	ck_assert_uint_eq(fsn->bytes[0], 0x5a);
	ck_assert_uint_eq(fsn->changed_ms[0], 0);
	ck_assert_int_eq(strip_heat(a->strip, a->now, 0x800, 0x840), 0);
	/* Another process's store at 0x900: the fields and the strip see it. */
	ck_assert_uint_eq(fsn->changed_ms[0x100], 0);
	other_store(0x900, 0x11);
	ticks(3, 300);
	fsn = fields_snap(a->fields, &lo, &hi);
	ck_assert_uint_ne(fsn->changed_ms[0x100], 0);
	ck_assert_int_gt(strip_heat(a->strip, a->now, 0x900, 0x940), 0);
	unlink(lay);
	free(lay);
}
END_TEST

/*
 * The feature modules alone, below the app: each is made with what it
 * works on (the session, the journal, a nav, a status line) and driven
 * through its own interface, with no struct app anywhere.
 */
struct parts {
	struct live	*live;
	struct journal	*journal;
	struct nav	 nav;
	struct status	*status;
};

/* A session on the fixture's file, a journal, a 16-column nav, a status. */
static void
parts_open(struct parts *p)
{
	struct door	*d;
	char		*cause = NULL;

	d = door_open(path, 0, &cause);
	ck_assert_msg(d != NULL, "door_open: %s", cause);
	p->live = live_adopt(d, path);
	p->journal = journal_new();
	nav_init(&p->nav, door_size(d), 16, 8);
	p->status = status_new(false);
}

/* Free what parts_open made. */
static void
parts_close(struct parts *p)
{
	status_free(p->status);
	journal_free(p->journal);
	live_close(p->live);
}

/* True when P's status line says NEEDLE. */
static bool
parts_said(const struct parts *p, const char *needle)
{
	const char	*m = status_text(p->status);

	return m != NULL && strstr(m, needle) != NULL;
}

/*
 * The edit module: a half-typed digit belongs to the byte it was typed
 * at; when the cursor moves away it is dropped, said, and never stored.
 */
START_TEST(edit_module_drops_pending_on_move)
{
	struct parts	 p;
	struct edit	*e;
	uint64_t	 at = 99;

	parts_open(&p);
	e = edit_new(p.live, p.journal, &p.nav, p.status, false);
	ck_assert_int_eq(edit_enter(e) & REACT_REDRAW, REACT_REDRAW);
	ck_assert_int_eq(edit_mode(e), EDIT_MODE_EDIT);
	nav_goto(&p.nav, 3);
	edit_mode_key(e, 'c');
	ck_assert_int_eq(edit_pending(e, &at), 0xc);
	ck_assert_uint_eq(at, 3);
	/* Not moved: nothing to drop. */
	ck_assert_int_eq(edit_check_pending(e), 0);
	ck_assert_int_eq(edit_pending(e, NULL), 0xc);
	nav_goto(&p.nav, 0x25);
	ck_assert_int_eq(edit_check_pending(e), REACT_REDRAW);
	ck_assert_int_eq(edit_pending(e, NULL), -1);
	ck_assert_msg(parts_said(&p, "the cursor moved to 0x25: the "
	    "half-typed c for 0x3 was dropped, not written"), "msg %s",
	    status_text(p.status));
	/* The next digit starts a byte here; neither byte was written. */
	edit_mode_key(e, '7');
	ck_assert_int_eq(edit_pending(e, &at), 7);
	ck_assert_uint_eq(at, 0x25);
	ck_assert_int_eq(tu_file_byte(path, 3), 0x03);
	ck_assert_int_eq(tu_file_byte(path, 0x25), 0x25);
	ck_assert_uint_eq(journal_undo_count(p.journal), 0);
	edit_free(e);
	parts_close(&p);
}
END_TEST

/*
 * The edit module reports a store exactly as it happened: an aligned
 * value is one atomic store, a misaligned one byte by byte (said), one
 * that would pass the end is refused whole, before any byte.
 */
START_TEST(edit_module_reports_stores_exactly)
{
	struct parts	 p;
	struct edit	*e;
	uint64_t	 lo, hi;

	parts_open(&p);
	e = edit_new(p.live, p.journal, &p.nav, p.status, false);
	nav_goto(&p.nav, 8);
	edit_set(e, "u32le 0x11223344");
	ck_assert_msg(parts_said(&p, "wrote u32le 287454020 at 0x8 (one "
	    "atomic store)"), "msg %s", status_text(p.status));
	ck_assert_int_eq(tu_file_byte(path, 8), 0x44);
	ck_assert_int_eq(tu_file_byte(path, 11), 0x11);
	nav_goto(&p.nav, 0x21);
	edit_set(e, "u32le 0x55667788");
	ck_assert_msg(parts_said(&p, "at 0x21 byte by byte (misaligned: "
	    "not atomic)"), "msg %s", status_text(p.status));
	ck_assert_int_eq(status_kind(p.status), STATUS_WARN);
	ck_assert_int_eq(tu_file_byte(path, 0x21), 0x88);
	ck_assert_int_eq(tu_file_byte(path, 0x24), 0x55);
	ck_assert_uint_eq(journal_undo_count(p.journal), 2);
	ck_assert_uint_eq(journal_unsynced(p.journal, &lo, &hi), 8);
	/* Two bytes from the end: refused whole, nothing stored. */
	nav_goto(&p.nav, 4094);
	edit_set(e, "u32le 0");
	ck_assert_msg(parts_said(&p, "0x1001 is past the end of the file "
	    "(4096 bytes): not written"), "msg %s", status_text(p.status));
	ck_assert_int_eq(tu_file_byte(path, 4094), 0xfe);
	ck_assert_int_eq(tu_file_byte(path, 4095), 0xff);
	ck_assert_uint_eq(journal_undo_count(p.journal), 2);
	/* Undo puts the misaligned value's old bytes back, and says where. */
	edit_undo(e, true, false);
	ck_assert_msg(parts_said(&p, "undone at 0x21"), "msg %s",
	    status_text(p.status));
	ck_assert_int_eq(tu_file_byte(path, 0x21), 0x21);
	ck_assert_uint_eq(p.nav.cursor, 0x21);
	edit_free(e);
	parts_close(&p);
}
END_TEST

/*
 * The fields module: Enter on a field hands its offset back (the app
 * jumps); the module moves no cursor of its own.
 */
START_TEST(fields_module_hands_back_a_jump)
{
	struct parts	 p;
	struct fields	*fs;
	bool		 jump = true;
	uint64_t	 to = 0;

	parts_open(&p);
	fs = fields_new(p.live, p.status, false);
	ck_assert_int_eq(fields_unload(fs) & REACT_RELAYOUT, 0);
	ck_assert_int_eq(fields_use_text(fs, "magic 0 u32le\nhead 0x30 "
	    "u64le\n", "t.layout"), 0);
	fields_set_focus(fs, true);
	fields_key(fs, 'j', &jump, &to);
	ck_assert(!jump);
	ck_assert_uint_eq(fields_selected(fs), 1);
	fields_key(fs, '\r', &jump, &to);
	ck_assert(jump);
	ck_assert_uint_eq(to, 0x30);
	ck_assert(!fields_focused(fs));
	ck_assert_uint_eq(p.nav.cursor, 0);
	ck_assert_msg(parts_said(&p, "head at 0x30"), "msg %s",
	    status_text(p.status));
	ck_assert_int_eq(fields_unload(fs) & REACT_RELAYOUT, REACT_RELAYOUT);
	ck_assert_ptr_null(fields_layout(fs));
	fields_free(fs);
	parts_close(&p);
}
END_TEST

/*
 * The frame's view (app_view): what draw.c gets is the app's state as
 * it is now, copied or by const pointer, read through the getters.
 */
START_TEST(view_shows_the_state)
{
	struct view	v;

	app_view(a, &v);
	ck_assert_uint_eq(v.nav->cursor, 0);
	ck_assert_uint_eq(v.unsynced, 0);
	ck_assert_int_eq(edit_pending(v.edit, NULL), -1);
	ck_assert(!v.panel_fields);
	ck_assert_uint_eq(v.snap->size, 4096);
	ck_assert_uint_eq(v.geom.cols, a->nav.cols);
	ck_assert(!v.mark_set['q' - 'a']);
	appdrv_keys(a, "jmqR4");
	app_view(a, &v);
	ck_assert_uint_eq(v.nav->cursor, 16);
	ck_assert(v.mark_set['q' - 'a']);
	ck_assert_uint_eq(v.marks['q' - 'a'], 16);
	ck_assert_int_eq(edit_mode(v.edit), EDIT_MODE_EDIT);
	ck_assert_int_eq(edit_pending(v.edit, NULL), 4);
	appdrv_keys(a, "2");
	app_view(a, &v);
	ck_assert_uint_eq(v.unsynced, 1);
	ck_assert(journal_is_unsynced(v.journal, 16));
	ck_assert_ptr_eq(v.status, a->status);
	ck_assert_str_eq(v.path, path);
}
END_TEST

/* The suite. */
static Suite *
app_suite(void)
{
	Suite	*s = suite_create("app");
	TCase	*tc = timeout_tcase("actions", TIMEOUT_UNIT);
	TCase	*tt = timeout_tcase("tables", TIMEOUT_UNIT);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, motions);
	tcase_add_test(tc, marks);
	tcase_add_test(tc, typing_in_edit_mode);
	tcase_add_test(tc, goto_command);
	tcase_add_test(tc, search_keys);
	tcase_add_test(tc, layout_fields);
	tcase_add_test(tc, help_toggles);
	tcase_add_test(tc, unknown_command);
	tcase_add_test(tc, tab_completes);
	tcase_add_test(tc, file_deleted_then_replaced);
	tcase_add_test(tc, own_store_is_not_a_change);
	tcase_add_test(tc, aging_tick_is_not_news);
	tcase_add_test(tc, own_store_not_a_change_in_fields_or_strip);
	tcase_add_test(tc, edit_module_drops_pending_on_move);
	tcase_add_test(tc, edit_module_reports_stores_exactly);
	tcase_add_test(tc, fields_module_hands_back_a_jump);
	tcase_add_test(tc, view_shows_the_state);
	suite_add_tcase(s, tc);
	tcase_add_test(tt, geometry);
	tcase_add_test(tt, help_from_tables);
	tcase_add_test(tt, no_key_bound_twice);
	suite_add_tcase(s, tt);
	return s;
}

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	return tu_run_app_suite(app_suite());
}
