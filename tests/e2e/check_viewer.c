/* SPDX-License-Identifier: ISC */
/*
 * check_viewer.c - the live viewer, driven end to end through a pty.
 *
 * Every test runs the real livehex binary at a fixed terminal size and
 * reads the screen libvterm emulates.  Changes are made the way another
 * process makes them: stores through our own MAP_SHARED mapping, pwrite,
 * truncate, unlink, rename.  Waits are conditions with deadlines; each
 * checks that its condition was false before the action.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timeout.h"
#include "e2e.h"
#include "testutil.h"
#include "xmalloc.h"

static char	 unset_no_color[] = "-NO_COLOR", set_no_color[] = "NO_COLOR=1";
static char *const no_env[] = { unset_no_color, NULL };

/* A 4 KiB file: "Hello, livehex!\n" then bytes 0x10, 0x11, ... */
static char *
hello_file(const char *name)
{
	unsigned char	b[4096];

	memcpy(b, "Hello, livehex!\n", 16);
	for (size_t i = 16; i < sizeof b; i++)
		b[i] = (unsigned char)i;
	return tu_file(name, b, sizeof b);
}

START_TEST(opening_shows_rows)
{
	char		*path = hello_file("hello");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);
	char		*row;

	row = pty_row_text(p, 1);
	ck_assert_str_eq(row, "00000000   48 65 6c 6c 6f 2c 20 6c 69 76 65 68 "
	    "65 78 21 0a  Hello, livehex!.");
	free(row);
	row = pty_row_text(p, 2);
	ck_assert_str_eq(row, "00000010   10 11 12 13 14 15 16 17 18 19 1a 1b "
	    "1c 1d 1e 1f  ................");
	free(row);
	PTY_ASSERT(p, pty_find(p, "4096 bytes | RW", NULL, NULL),
	    "header lacks size and RW");
	/* A long path keeps its end, the file name. */
	PTY_ASSERT(p, pty_row_find(p, 0, "/hello  ", NULL), "header lacks path");
	PTY_ASSERT(p, pty_row_find(p, 23, "0x0 (0)", NULL), "status line");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* Attributes seen on one cell while it fades. */
struct fade_watch {
	int	row, col;
	int	states;		/* distinct highlighted looks seen */
	char	seen[8][64];
};

/* Condition: record the cell's look; true once it is plain again. */
static bool
fade_done(struct pty *p, void *arg)
{
	struct fade_watch	*w = arg;
	struct pty_cell		 c;
	char			 look[64];
	int			 i;

	pty_cell(p, w->row, w->col, &c);
	if (e2e_cell_plain(p, w->row, w->col))
		return w->states > 0;
	snprintf(look, sizeof look, "b%d r%d u%d fg%d:%d bg%d:%d", c.bold,
	    c.reverse, c.underline, c.fg.kind, c.fg.index, c.bg.kind,
	    c.bg.index);
	for (i = 0; i < w->states; i++)
		if (strcmp(w->seen[i], look) == 0)
			break;
	if (i == w->states && w->states < 8)
		strcpy(w->seen[w->states++], look);
	return false;
}

/* A store shows highlighted, then fades in at least three steps. */
static void
store_fades(char *const env[])
{
	char			*path = hello_file("fade");
	struct pty		*p = e2e_spawn(24, 80, env, path, NULL);
	struct fade_watch	 w;

	memset(&w, 0, sizeof w);
	e2e_hex_cell(0x25, 0, &w.row, &w.col);
	PTY_ASSERT(p, e2e_cell_plain(p, w.row, w.col), "highlit before");
	PTY_ASSERT(p, e2e_hex_now(p, 0x25, 0, "25"), "not 25 before");
	e2e_mmap_store(path, 0x25, "\xee", 1);
	PTY_ASSERT(p, e2e_wait_hex(p, 0x25, 0, "ee"), "store not shown");
	PTY_ASSERT(p, !e2e_cell_plain(p, w.row, w.col),
	    "changed byte not highlighted");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, fade_done, &w),
	    "highlight never faded");
	ck_assert_msg(w.states >= 3, "only %d fade steps seen", w.states);
	/* The ASCII pane and the neighbours were never touched. */
	PTY_ASSERT(p, e2e_cell_plain(p, w.row, w.col + 3), "neighbour lit");
	e2e_quit(p);
	pty_free(p);
	free(path);
}

START_TEST(mmap_store_lights_up_and_fades)
{
	store_fades(no_env);
}
END_TEST

START_TEST(no_color_fades_by_attributes)
{
	char *const	env[] = { set_no_color, NULL };

	store_fades(env);
}
END_TEST

/*
 * Bytes changed together are one highlighted run: the gap between them
 * is lit too, the gap after the run is not (issue 12: one attribute run,
 * not an attribute switch per byte).
 */
START_TEST(changed_run_is_one_highlight)
{
	char		*path = hello_file("run");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);
	int		 row, col, row2, col2;

	e2e_hex_cell(0x25, 0, &row, &col);
	e2e_hex_cell(0x26, 0, &row2, &col2);
	ck_assert_int_eq(row, row2);
	PTY_ASSERT(p, e2e_cell_plain(p, row, col + 2), "gap lit before");
	e2e_mmap_store(path, 0x25, "\xee\xef", 2);
	PTY_ASSERT(p, e2e_wait_hex(p, 0x26, 0, "ef"), "store not shown");
	PTY_ASSERT(p, !e2e_cell_plain(p, row, col), "byte not lit");
	PTY_ASSERT(p, !e2e_cell_plain(p, row, col + 2), "gap inside not lit");
	PTY_ASSERT(p, e2e_cell_plain(p, row, col2 + 2), "gap after lit");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(pwrite_change_appears)
{
	char		*path = hello_file("pwrite");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);
	int		 fd = open(path, O_WRONLY);
	int		 row, col;

	e2e_hex_cell(0x41, 0, &row, &col);
	PTY_ASSERT(p, !pty_row_find(p, row, "ab cd", NULL), "early");
	ck_assert_int_eq(pwrite(fd, "\xab\xcd", 2, 0x41), 2);
	PTY_ASSERT(p, e2e_wait_hex(p, 0x42, 0, "cd"), "pwrite not shown");
	close(fd);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* One navigation step: keys to send and where the cursor must land. */
struct nav_case {
	const char	*keys;		/* typed, or NULL for KEY */
	VTermKey	 key;
	VTermModifier	 mod;
	uint64_t	 want;
};

START_TEST(navigation_keys)
{
	static const struct nav_case cases[] = {
		{ "l", 0, 0, 1 }, { NULL, VTERM_KEY_RIGHT, 0, 2 },
		{ "h", 0, 0, 1 }, { NULL, VTERM_KEY_LEFT, 0, 0 },
		{ "j", 0, 0, 16 }, { NULL, VTERM_KEY_DOWN, 0, 32 },
		{ "k", 0, 0, 16 }, { NULL, VTERM_KEY_UP, 0, 0 },
		{ "$", 0, 0, 15 }, { "^", 0, 0, 0 },
		{ NULL, VTERM_KEY_END, 0, 15 }, { NULL, VTERM_KEY_HOME, 0, 0 },
		/* 20 rows of bytes on a 22-row terminal: a page is 320. */
		{ NULL, VTERM_KEY_PAGEDOWN, 0, 320 },
		{ NULL, VTERM_KEY_PAGEUP, 0, 0 },
		{ "\006", 0, 0, 320 }, { "\002", 0, 0, 0 },
		{ "G", 0, 0, 4095 }, { "g", 0, 0, 0 },
		{ ":0x100\r", 0, 0, 0x100 }, { ":+16\r", 0, 0, 0x110 },
		{ ":-32\r", 0, 0, 0xf0 }, { ":4000\r", 0, 0, 4000 },
		{ ":50%\r", 0, 0, 2048 }, { ":$\r", 0, 0, 4095 },
		{ "\007" "0x20\r", 0, 0, 0x20 },
		{ ":goto 0x30\r", 0, 0, 0x30 },
	};
	char		*path = hello_file("nav");
	struct pty	*p = e2e_spawn(22, 80, no_env, path, NULL);

	/* Hide the inspector: a page is then 20 rows of 16 bytes. */
	PTY_ASSERT(p, pty_find(p, "inspector (i hides)", NULL, NULL), "panel");
	pty_type(p, "i");
	PTY_ASSERT(p, pty_wait_gone(p, "inspector", E2E_WAIT), "i");

	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		if (cases[i].keys != NULL)
			pty_type(p, cases[i].keys);
		else
			pty_key(p, cases[i].key, cases[i].mod);
		ck_assert_msg(e2e_wait_cursor(p, cases[i].want),
		    "step %zu (%s) did not land on %llu", i,
		    cases[i].keys ? cases[i].keys : "key",
		    (unsigned long long)cases[i].want);
	}
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(goto_errors_are_explained)
{
	char		*path = hello_file("gotoerr");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);

	pty_type(p, ":12q\r");
	PTY_ASSERT(p, pty_wait_text(p, "bad character 'q'", E2E_WAIT),
	    "no message for a bad offset");
	pty_type(p, ":0x99999\r");
	PTY_ASSERT(p, pty_wait_text(p, "past the end", E2E_WAIT),
	    "no message for an offset past the end");
	PTY_ASSERT(p, e2e_wait_cursor(p, 4095), "not clamped to the end");
	pty_type(p, ":frobnicate\r");
	PTY_ASSERT(p, pty_wait_text(p, "unknown command", E2E_WAIT),
	    "no message for an unknown command");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* Goto expressions: arithmetic, a mark, a layout's field, their errors. */
START_TEST(goto_expressions)
{
	char		*path = hello_file("gotoexpr");
	const char	*lay = "magic 0 u32le\ncount 0x30 u16le\n";
	char		*l = tu_file("gotoexpr.layout", lay, strlen(lay));
	char		*cmd = xasprintf(":layout %s\r", l);
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);

	PTY_ASSERT(p, e2e_wait_cursor(p, 0), "not at 0 first");
	pty_type(p, ":0x10+0x20*2\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x50), "0x10+0x20*2 is not 0x50");
	/* Mark a here, go elsewhere, come back past it. */
	pty_type(p, "ma:0\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0), ":0");
	pty_type(p, ":'a+4\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x54), "'a+4 is not 0x54");
	PTY_ASSERT(p, !pty_find(p, "mark 'b is not set", NULL, NULL), "early");
	pty_type(p, ":'b*2\r");
	PTY_ASSERT(p, pty_wait_text(p, "column 1: mark 'b is not set",
	    E2E_WAIT), "no message for an unset mark");
	PTY_ASSERT(p, !pty_find(p, "no layout loaded", NULL, NULL), "early");
	pty_type(p, ":goto count\r");
	PTY_ASSERT(p, pty_wait_text(p, "no layout loaded: count is not an "
	    "offset", E2E_WAIT), "a name without a layout");
	pty_type(p, cmd);
	PTY_ASSERT(p, pty_wait_text(p, "2 fields", E2E_WAIT), "no layout");
	PTY_ASSERT(p, !pty_find(p, "column 8:", NULL, NULL), "early");
	pty_type(p, ":goto  count+2/0\r");
	PTY_ASSERT(p, pty_wait_text(p, "column 8: division by zero",
	    E2E_WAIT), "columns do not count from the expression");
	pty_type(p, ":goto count+2\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x32), "count+2 is not 0x32");
	PTY_ASSERT(p, !pty_find(p, "column 7:", NULL, NULL), "early");
	pty_type(p, ":(.-'a)/0\r");
	PTY_ASSERT(p, pty_wait_text(p, "column 7: division by zero",
	    E2E_WAIT), "no message for a division by zero");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x32), "an error moved the cursor");
	e2e_quit(p);
	pty_free(p);
	free(cmd);
	free(l);
	free(path);
}
END_TEST

START_TEST(resize_reflows)
{
	char		*path = hello_file("resize");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);

	PTY_ASSERT(p, pty_row_find(p, 2, "00000010", NULL), "16 a row");
	pty_resize(p, 30, 120);
	/* 120 columns: 16 bytes beside the inspector. */
	PTY_ASSERT(p, pty_wait_text(p, "inspector", E2E_WAIT), "inspector");
	pty_type(p, "i");
	PTY_ASSERT(p, pty_wait_gone(p, "inspector", E2E_WAIT), "i");
	/* Without it: (120 - 12) / 4 = 27 bytes, rounded down to 24. */
	PTY_ASSERT(p, pty_wait_row(p, 2, "00000018", E2E_WAIT),
	    "did not reflow to 24 bytes a row");
	pty_resize(p, 10, 40);
	PTY_ASSERT(p, pty_wait_row(p, 2, "00000004", E2E_WAIT),
	    "did not reflow to 4 bytes a row");
	pty_resize(p, 3, 12);
	PTY_ASSERT(p, pty_wait_text(p, "too small", E2E_WAIT),
	    "no too-small message");
	pty_resize(p, 24, 80);
	PTY_ASSERT(p, pty_wait_row(p, 2, "00000010", E2E_WAIT),
	    "did not come back");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(tiny_terminal_at_start)
{
	char		*path = hello_file("tiny");
	char		*args[] = { path, NULL };
	struct pty	*p = e2e_spawn_raw(3, 10, no_env, args);

	PTY_ASSERT(p, pty_wait_text(p, "too small", E2E_WAIT),
	    "no too-small message at 10x3");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(truncate_to_zero_and_regrow)
{
	char		*path = hello_file("trunc");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);
	int		 fd;

	pty_type(p, "G");
	ck_assert(e2e_wait_cursor(p, 4095));
	PTY_ASSERT(p, !pty_find(p, "shrank", NULL, NULL), "early");
	ck_assert_int_eq(truncate(path, 100), 0);
	PTY_ASSERT(p, pty_wait_text(p, "file shrank from 4096 to 100 bytes",
	    E2E_WAIT), "no shrink message");
	ck_assert(e2e_wait_cursor(p, 99));
	ck_assert_int_eq(truncate(path, 0), 0);
	PTY_ASSERT(p, pty_wait_text(p, "empty file", E2E_WAIT),
	    "no empty-file screen");
	fd = open(path, O_WRONLY | O_APPEND);
	ck_assert_int_eq(write(fd, "back again", 10), 10);
	close(fd);
	PTY_ASSERT(p, pty_wait_text(p, "back again", E2E_WAIT),
	    "regrown bytes not shown");
	PTY_ASSERT(p, pty_wait_text(p, "10 bytes", E2E_WAIT), "size");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(unlink_and_replace)
{
	char		*path = hello_file("victim");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);
	char		*fresh;

	PTY_ASSERT(p, !pty_find(p, "deleted", NULL, NULL), "early");
	ck_assert_int_eq(unlink(path), 0);
	PTY_ASSERT(p, pty_wait_text(p, "was deleted; still showing the open "
	    "copy", E2E_WAIT), "no deletion message");
	fresh = tu_file("victim", "brand new file", 14);
	PTY_ASSERT(p, pty_wait_text(p, "a new victim is there: :e reopens it",
	    E2E_WAIT), "no replacement message");
	/* The old copy is still what is shown until :e. */
	PTY_ASSERT(p, pty_find(p, "Hello, livehex!", NULL, NULL), "old copy");
	pty_type(p, ":e\r");
	PTY_ASSERT(p, pty_wait_text(p, "brand new file", E2E_WAIT),
	    ":e did not reopen");
	e2e_quit(p);
	pty_free(p);
	free(fresh);
	free(path);
}
END_TEST

START_TEST(rename_is_reported)
{
	char		*path = hello_file("moving");
	char		*to = tu_path("moved");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);

	ck_assert_int_eq(rename(path, to), 0);
	PTY_ASSERT(p, pty_wait_text(p, "was renamed", E2E_WAIT),
	    "no rename message");
	/* Still live: a store into the renamed file shows. */
	e2e_mmap_store(to, 0x30, "\x99", 1);
	PTY_ASSERT(p, e2e_wait_hex(p, 0x30, 0, "99"), "store after rename");
	e2e_quit(p);
	pty_free(p);
	free(to);
	free(path);
}
END_TEST

START_TEST(help_overlay)
{
	char		*path = hello_file("help");
	struct pty	*p = e2e_spawn(30, 80, no_env, path, NULL);

	PTY_ASSERT(p, !pty_find(p, "livehex keys", NULL, NULL), "early");
	pty_type(p, "?");
	PTY_ASSERT(p, pty_wait_text(p, "livehex keys", E2E_WAIT), "no help");
	PTY_ASSERT(p, pty_wait_text(p, "previous / next byte", E2E_WAIT),
	    "help lacks the moves");
	pty_type(p, "x");
	PTY_ASSERT(p, pty_wait_gone(p, "livehex keys", E2E_WAIT),
	    "help did not close");
	pty_key(p, VTERM_KEY_FUNCTION(1), 0);
	PTY_ASSERT(p, pty_wait_text(p, "livehex keys", E2E_WAIT), "no F1");
	pty_key(p, VTERM_KEY_ESCAPE, 0);
	PTY_ASSERT(p, pty_wait_gone(p, "livehex keys", E2E_WAIT),
	    "Esc did not close the help");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(mouse_click_and_wheel)
{
	char		*path = hello_file("mouse");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);
	int		 row, col;

	ck_assert_int_ne(pty_mouse_mode(p), 0);
	e2e_hex_cell(0x23, 0, &row, &col);
	pty_mouse_click(p, row, col + 1, 1);
	ck_assert(e2e_wait_cursor(p, 0x23));
	pty_mouse_click(p, 4, e2e_ascii_col(0x3a), 1);
	ck_assert(e2e_wait_cursor(p, 0x3a));
	PTY_ASSERT(p, pty_row_find(p, 1, "00000000", NULL), "top");
	pty_mouse_wheel(p, 5, 20, false);
	PTY_ASSERT(p, pty_wait_row(p, 1, "00000030", E2E_WAIT),
	    "wheel did not scroll 3 rows");
	pty_mouse_wheel(p, 5, 20, true);
	PTY_ASSERT(p, pty_wait_row(p, 1, "00000000", E2E_WAIT),
	    "wheel did not scroll back");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(pause_freezes_and_counts)
{
	char		*path = hello_file("pause");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);

	pty_type(p, "p");
	PTY_ASSERT(p, pty_wait_text(p, "PAUSED - 0 changes since", E2E_WAIT),
	    "not paused");
	e2e_mmap_store(path, 0x12, "\x77", 1);
	PTY_ASSERT(p, pty_wait_text(p, "PAUSED - 1 changes since", E2E_WAIT),
	    "change not counted while paused");
	/* The count moved, so a frame was drawn: it must still be frozen. */
	PTY_ASSERT(p, e2e_hex_now(p, 0x12, 0, "12"), "frame not frozen");
	pty_type(p, "p");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x12, 0, "77"), "resume did not show");
	/* A frame arrives in pieces: wait for its status line too. */
	PTY_ASSERT(p, pty_wait_text(p, "1 changes while paused", E2E_WAIT),
	    "resume message");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(follow_the_end)
{
	char		*path = hello_file("follow");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);
	int		 fd = open(path, O_WRONLY | O_APPEND);

	pty_type(p, "F");
	ck_assert(e2e_wait_cursor(p, 4095));
	ck_assert_int_eq(write(fd, "0123456789", 10), 10);
	ck_assert(e2e_wait_cursor(p, 4105));
	PTY_ASSERT(p, pty_wait_text(p, "0123456789", E2E_WAIT), "tail");
	close(fd);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(escape_sequences_in_name_are_shown_escaped)
{
	char		*path = tu_file("evil\033]0;pwned\007\033[31mname",
			    "x", 1);
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	PTY_ASSERT(p, pty_find(p, "evil\\e]0;pwned\\x07\\e[31mname", NULL,
	    NULL), "name not escaped");
	ck_assert_str_eq(pty_title(p), "");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* Signals that end the viewer: it restores the terminal and dies by them. */
static void
dies_by(int sig)
{
	char		*path = hello_file("sig");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);
	int		 status;

	ck_assert(pty_altscreen(p));
	kill(pty_pid(p), sig);
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status), "did not exit");
	ck_assert_msg(WIFSIGNALED(status) && WTERMSIG(status) == sig,
	    "status %d", status);
	PTY_ASSERT(p, pty_screen_is_normal(p), "terminal not restored");
	pty_free(p);
	free(path);
}

START_TEST(sigterm_restores_terminal)
{
	dies_by(SIGTERM);
}
END_TEST

START_TEST(sighup_restores_terminal)
{
	dies_by(SIGHUP);
}
END_TEST

START_TEST(empty_file_at_start)
{
	char		*path = tu_file("empty", "", 0);
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);

	PTY_ASSERT(p, pty_find(p, "empty file", NULL, NULL), "empty screen");
	ck_assert_int_eq(truncate(path, 32), 0);
	PTY_ASSERT(p, pty_wait_text(p, "00000010", E2E_WAIT), "grew");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(inspector_reads_and_follows_live_bytes)
{
	char		*path = hello_file("inspect");
	struct pty	*p = e2e_spawn(26, 120, no_env, path, NULL);

	/* Side panel at 120 columns. Bytes at 0x10: 10 11 12 13 ... */
	pty_type(p, ":0x10\r");
	ck_assert(e2e_wait_cursor(p, 0x10));
	PTY_ASSERT(p, pty_wait_text(p, "u32le  319951120", E2E_WAIT),
	    "u32le of 10 11 12 13");
	PTY_ASSERT(p, pty_wait_text(p, "u16be  4113", E2E_WAIT), "u16be");
	PTY_ASSERT(p, pty_wait_text(p, "bin    00010000", E2E_WAIT), "bin");
	/* Another process changes the value: the inspector follows. */
	e2e_mmap_store(path, 0x10, "\xff\xff\x00\x00", 4);
	PTY_ASSERT(p, pty_wait_text(p, "u32le  65535", E2E_WAIT),
	    "inspector did not follow the store");
	/* At the last byte, wider values run past the end. */
	pty_type(p, "G");
	ck_assert(e2e_wait_cursor(p, 4095));
	PTY_ASSERT(p, pty_wait_text(p, "u16le  unavailable", E2E_WAIT),
	    "u16 past the end not unavailable");
	PTY_ASSERT(p, pty_wait_text(p, "u8     255", E2E_WAIT), "u8 at end");
	pty_type(p, "i");
	PTY_ASSERT(p, pty_wait_gone(p, "inspector", E2E_WAIT), "i hides");
	pty_type(p, "i");
	PTY_ASSERT(p, pty_wait_text(p, "inspector", E2E_WAIT), "i shows");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(inspector_below_when_narrow)
{
	char		*path = hello_file("inspect2");
	struct pty	*p = e2e_spawn(30, 80, no_env, path, NULL);
	int		 row, col;

	PTY_ASSERT(p, pty_find(p, "inspector (i hides)", &row, &col),
	    "no inspector at 80 columns");
	ck_assert_int_eq(col, 0);
	ck_assert_int_gt(row, 4);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(marks_and_jumps)
{
	char		*path = hello_file("marks");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);

	pty_type(p, ":0x25\r");
	ck_assert(e2e_wait_cursor(p, 0x25));
	pty_type(p, "mq");
	PTY_ASSERT(p, pty_wait_text(p, "mark q at 0x25", E2E_WAIT), "set");
	/* The letter stands in the offset column of its row. */
	PTY_ASSERT(p, pty_wait_row(p, 3, "00000020 q 20 21", E2E_WAIT),
	    "mark not shown");
	pty_type(p, "G");
	ck_assert(e2e_wait_cursor(p, 4095));
	pty_type(p, "'q");
	ck_assert(e2e_wait_cursor(p, 0x25));
	pty_type(p, "''");
	ck_assert(e2e_wait_cursor(p, 4095));
	pty_type(p, "''");
	ck_assert(e2e_wait_cursor(p, 0x25));
	pty_type(p, "'z");
	PTY_ASSERT(p, pty_wait_text(p, "mark z is not set", E2E_WAIT), "z");
	pty_type(p, "m1");
	PTY_ASSERT(p, pty_wait_text(p, "marks are letters a-z", E2E_WAIT),
	    "bad letter");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(search_next_previous_and_wrap)
{
	/* "Hello" at 0x0, then the ramp 0x10.. : "ABC" sits at 0x41. */
	char		*path = hello_file("search");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);
	int		 row, col;
	struct pty_cell	 c;

	pty_type(p, "/\"ABC\"\r");
	ck_assert(e2e_wait_cursor(p, 0x41));
	PTY_ASSERT(p, pty_wait_text(p, "match at 0x41", E2E_WAIT), "msg");
	/* 0x141 has "ABC" too (the ramp repeats every 256 bytes). */
	pty_type(p, "n");
	ck_assert(e2e_wait_cursor(p, 0x141));
	pty_type(p, "N");
	ck_assert(e2e_wait_cursor(p, 0x41));
	pty_type(p, "N");
	PTY_ASSERT(p, pty_wait_text(p, "search wrapped around the start",
	    E2E_WAIT), "no wrap message");
	ck_assert(e2e_wait_cursor(p, 0xf41));
	pty_type(p, "g");
	ck_assert(e2e_wait_cursor(p, 0));
	/* Matches on screen are highlighted (not the cursor byte). */
	e2e_hex_cell(0x42, 0, &row, &col);
	pty_cell(p, row, col, &c);
	PTY_ASSERT(p, c.bg.kind == PTY_COLOR_INDEXED && c.bg.index == 5,
	    "match not highlighted");
	pty_type(p, "/i\"hello\"\r");
	PTY_ASSERT(p, pty_wait_text(p, "search wrapped", E2E_WAIT),
	    "case-insensitive match at 0 (wrapped to itself)");
	ck_assert(e2e_wait_cursor(p, 0));
	pty_type(p, "/10 11 ?? 13\r");
	ck_assert(e2e_wait_cursor(p, 0x10));
	pty_type(p, "/u16be:0x4142\r");
	ck_assert(e2e_wait_cursor(p, 0x41));
	pty_type(p, "/\"no such text\"\r");
	PTY_ASSERT(p, pty_wait_text(p, "not found", E2E_WAIT), "not found");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(search_pattern_errors)
{
	char		*path = hello_file("searcherr");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	pty_type(p, "/de zz\r");
	PTY_ASSERT(p, pty_wait_text(p, "column 4", E2E_WAIT),
	    "bad hex not pointed at");
	pty_type(p, "/\"open\r");
	PTY_ASSERT(p, pty_wait_text(p, "/\"open:", E2E_WAIT), "open quote");
	pty_type(p, "n");
	PTY_ASSERT(p, pty_wait_text(p, "no pattern yet", E2E_WAIT),
	    "n without a pattern");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(long_search_shows_progress_and_cancels)
{
	/* 8 GiB of holes: the search takes many slices. */
	char		*path = tu_path("huge");
	int		 fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct pty	*p;

	ck_assert_int_eq(ftruncate(fd, 8LL << 30), 0);
	close(fd);
	p = e2e_spawn(24, 100, no_env, path, NULL);
	pty_type(p, "/\"needle\"\r");
	PTY_ASSERT(p, pty_wait_text(p, "(Esc cancels)", E2E_WAIT),
	    "no progress shown");
	/* The view stays live meanwhile: keys still move the cursor. */
	pty_type(p, "l");
	ck_assert(e2e_wait_cursor(p, 1));
	pty_key(p, VTERM_KEY_ESCAPE, 0);
	PTY_ASSERT(p, pty_wait_text(p, "search cancelled at", E2E_WAIT),
	    "Esc did not cancel");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(layout_panel_follows_fields)
{
	char		*path = hello_file("withlayout");
	const char	*text = "# two fields\nfirst 0x10 u32le\n"
			    "second 0x20 char[8]\n";
	char		*lay = tu_file("two.layout", text, strlen(text));
	char		*cmd = xasprintf(":layout %s\r", lay);
	struct pty	*p = e2e_spawn(26, 120, no_env, path, NULL);

	pty_type(p, cmd);
	PTY_ASSERT(p, pty_wait_text(p, "2 fields", E2E_WAIT), "not loaded");
	PTY_ASSERT(p, pty_wait_text(p, "first        319951120", E2E_WAIT),
	    "panel lacks the u32 field");
	PTY_ASSERT(p, pty_wait_text(p, "second       \" !\\\"#$%&'\"",
	    E2E_WAIT), "panel lacks the char field");
	/* Another process changes a field: the panel follows. */
	e2e_mmap_store(path, 0x10, "\x01\x00\x00\x00", 4);
	PTY_ASSERT(p, pty_wait_text(p, "first        1 ", E2E_WAIT),
	    "field value did not follow the store");
	/* The field under the cursor is named on the status line. */
	pty_type(p, ":0x12\r");
	PTY_ASSERT(p, pty_wait_text(p, "in first", E2E_WAIT), "not named");
	/* Tab, Tab: the list; j, Enter: the cursor goes to "second". */
	pty_type(p, "\t\t");
	PTY_ASSERT(p, pty_wait_text(p, "field list", E2E_WAIT), "no focus");
	pty_type(p, "j\r");
	ck_assert(e2e_wait_cursor(p, 0x20));
	PTY_ASSERT(p, pty_wait_text(p, "in second", E2E_WAIT), "second");
	pty_type(p, ":layout off\r");
	PTY_ASSERT(p, pty_wait_text(p, "layout dropped", E2E_WAIT), "off");
	e2e_quit(p);
	pty_free(p);
	free(cmd);
	free(lay);
	free(path);
}
END_TEST

START_TEST(broken_layout_keeps_running)
{
	char		*path = hello_file("badlayout");
	const char	*text = "ok 0 u8\nbroken 0x4 u24\n";
	char		*lay = tu_file("bad.layout", text, strlen(text));
	char		*cmd = xasprintf(":layout %s\r", lay);
	struct pty	*p = e2e_spawn(24, 120, no_env, path, NULL);

	pty_type(p, cmd);
	PTY_ASSERT(p, pty_wait_text(p, "bad.layout:2:", E2E_WAIT),
	    "no FILE:LINE:COL message");
	pty_type(p, "l");
	ck_assert(e2e_wait_cursor(p, 1));
	e2e_quit(p);
	pty_free(p);
	free(cmd);
	free(lay);
	free(path);
}
END_TEST

START_TEST(layout_from_the_command_line)
{
	char		*path = hello_file("cliayout");
	const char	*text = "head 0 char[5]\n";
	const char	*bad = "x 0 u24\n";
	char		*lay = tu_file("cli.layout", text, strlen(text));
	char		*badlay = tu_file("clibad.layout", bad, strlen(bad));
	char		 opt[] = "--layout";
	char		*argv[] = { (char *)(uintptr_t)tu_livehex(), opt,
			    badlay, path, NULL };
	char		*err;
	int		 status;
	struct pty	*p;

	/* A broken layout on the command line: a message and exit 2. */
	status = tu_run(argv, NULL, NULL, NULL, &err);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 2);
	ck_assert_ptr_nonnull(strstr(err, "clibad.layout:1:5: unknown type"));
	free(err);
	p = e2e_spawn(24, 120, no_env, "--layout", lay, path, NULL);
	PTY_ASSERT(p, pty_wait_text(p, "head         \"Hello\"", E2E_WAIT),
	    "--layout did not show the field");
	e2e_quit(p);
	pty_free(p);
	free(badlay);
	free(lay);
	free(path);
}
END_TEST

/* Condition: some cell of column ARG->col in rows lo..hi reads '#'. */
struct strip_want {
	int	col, lo, hi;
	int	row;	/* where it was found */
};

/* True when the strip shows a recent change in the wanted rows. */
static bool
strip_hot(struct pty *p, void *arg)
{
	struct strip_want	*w = arg;
	struct pty_cell		 c;

	for (int r = w->lo; r <= w->hi; r++) {
		pty_cell(p, r, w->col, &c);
		if (c.text[0] == '#') {
			w->row = r;
			return true;
		}
	}
	return false;
}

START_TEST(change_strip_and_jump_to_changes)
{
	/* 64 KiB: 22 rows of 16 bytes show 352 of it. */
	char		*path = tu_pattern_file("strip", 65536, 5);
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);
	struct strip_want w = { 11 + 16 * 4 + 2, 1, 22, 0 };

	pty_type(p, "i");	/* no panel: 22 rows of bytes */
	PTY_ASSERT(p, pty_wait_gone(p, "inspector", E2E_WAIT), "i");
	PTY_ASSERT(p, !strip_hot(p, &w), "strip lit before any change");
	/* Far below the screen, another process stores a byte. */
	e2e_mmap_store(path, 60000, "\x5a\xa5", 2);
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, strip_hot, &w),
	    "the strip did not show the change off screen");
	/* Row r of 22 stands for [65536 r / 22, 65536 (r + 1) / 22). */
	ck_assert_int_eq(w.row - 1, 60000 * 22 / 65536);
	pty_type(p, "]c");
	/* The map's pages are 64 bytes for a 64 KiB file. */
	ck_assert(e2e_wait_cursor(p, 60000 - 60000 % 64));
	PTY_ASSERT(p, pty_wait_text(p, "changed region at 0xea40", E2E_WAIT),
	    "no message");
	pty_type(p, "gx");
	ck_assert(e2e_wait_cursor(p, 0));
	pty_type(p, "[c");
	ck_assert(e2e_wait_cursor(p, 0xea40));
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/*
 * Issue 12: the strip works on files over 1 GiB (it used to be off
 * there).  A 2 GiB sparse file, a store by another process near its end:
 * the strip lights the row that stands for it, and the file's holes stay
 * holes (the sweep never reads one in).
 */
START_TEST(change_strip_on_a_2_gib_sparse_file)
{
	char		*path = xasprintf("./livehex-e2e-strip2g-%d", getpid());
	uint64_t	 size = 2ULL << 30, at = size - (64ULL << 20);
	int		 fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct pty	*p;
	struct stat	 st;
	struct strip_want w = { 11 + 16 * 4 + 2, 1, 22, 0 };
	blkcnt_t	 blocks;

	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	ck_assert_int_eq(pwrite(fd, "x", 1, 0), 1);
	ck_assert_int_eq(fstat(fd, &st), 0);
	blocks = st.st_blocks;
	p = e2e_spawn(24, 80, no_env, path, NULL);
	pty_type(p, "i");	/* no panel: 22 rows of bytes */
	PTY_ASSERT(p, pty_wait_gone(p, "inspector", E2E_WAIT), "i");
	PTY_ASSERT(p, !strip_hot(p, &w), "strip lit before any change");
	e2e_mmap_store(path, at, "\x5a\xa5", 2);
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, strip_hot, &w),
	    "the strip did not show the change on a 2 GiB file");
	/* Row r of 22 stands for [size r / 22, size (r + 1) / 22). */
	ck_assert_int_eq(w.row - 1, (int)(at * 22 / size));
	/* Only the page stored into was allocated; no hole was read in. */
	ck_assert_int_eq(fstat(fd, &st), 0);
	ck_assert_int_le(st.st_blocks - blocks, 8 * 64);
	e2e_quit(p);
	pty_free(p);
	close(fd);
	unlink(path);
	free(path);
}
END_TEST

/*
 * A child that maps two files shared and writable, marks them, says so on
 * a pipe, then waits for *HOLD to close; its pid.
 */
static pid_t
two_mapping_child(const char *a, const char *b, int *hold)
{
	int		hp[2], rp[2];
	pid_t		pid;
	char		c;
	struct pollfd	pfd;

	ck_assert_int_eq(pipe(hp), 0);
	ck_assert_int_eq(pipe(rp), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		int	 fa = open(a, O_RDWR), fb = open(b, O_RDWR);
		char	*ma, *mb;

		close(hp[1]);
		close(rp[0]);
		ma = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fa,
		    0);
		mb = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fb,
		    0);
		if (ma == MAP_FAILED || mb == MAP_FAILED)
			_exit(2);
		memcpy(ma, "AAAA", 4);
		memcpy(mb, "BBBB", 4);
		if (write(rp[1], "r", 1) != 1 || read(hp[0], &c, 1) < 0)
			_exit(3);
		_exit(0);
	}
	close(hp[0]);
	close(rp[1]);
	/* Wait, with a deadline, for the child to have mapped both. */
	pfd.fd = rp[0];
	pfd.events = POLLIN;
	ck_assert_int_eq(poll(&pfd, 1, E2E_WAIT), 1);
	ck_assert_int_eq(read(rp[0], &c, 1), 1);
	close(rp[0]);
	*hold = hp[1];
	return pid;
}

START_TEST(pid_source_offers_a_chooser)
{
	char		*a = tu_file("two-a", (char[4096]){ 0 }, 4096);
	char		*b = tu_file("two-b", (char[4096]){ 0 }, 4096);
	int		 hold, status;
	pid_t		 child = two_mapping_child(a, b, &hold);
	char		 src[32];
	char		*args[] = { src, NULL };
	struct pty	*p;

	snprintf(src, sizeof src, "pid:%d", (int)child);
	p = e2e_spawn_raw(24, 100, no_env, args);
	PTY_ASSERT(p, pty_wait_text(p, "has 2 shared mappings: which one?",
	    E2E_WAIT), "no chooser");
	/* The list is drawn after the title: wait for both entries. */
	PTY_ASSERT(p, pty_wait_text(p, a, E2E_WAIT) &&
	    pty_wait_text(p, b, E2E_WAIT),
	    "the chooser does not list both files");
	/* Whichever row b is on (maps order), choose it and open it. */
	{
		int	ra, rb;

		ck_assert(pty_find(p, a, &ra, NULL) && pty_find(p, b, &rb,
		    NULL));
		pty_type(p, rb > ra ? "j\r" : "\r");
	}
	PTY_ASSERT(p, pty_wait_text(p, "BBBB", E2E_WAIT), "b not opened");
	e2e_quit(p);
	pty_free(p);

	/* SIGTERM while the chooser is up: terminal restored, death by it. */
	p = e2e_spawn_raw(24, 100, no_env, args);
	PTY_ASSERT(p, pty_wait_text(p, "which one?", E2E_WAIT), "no chooser");
	ck_assert(pty_altscreen(p));
	kill(pty_pid(p), SIGTERM);
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status), "no exit");
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM);
	PTY_ASSERT(p, pty_screen_is_normal(p), "terminal not restored");
	pty_free(p);
	close(hold);
	waitpid(child, NULL, 0);
	free(a);
	free(b);
}
END_TEST

/* Store the complement of the byte at OFF of PATH (a sure change). */
static void
flip_byte(const char *path, uint64_t off)
{
	unsigned char	b;

	e2e_pread(path, off, &b, 1);
	b = (unsigned char)~b;
	e2e_mmap_store(path, off, &b, 1);
}

/* Condition: the header's rate is not "0.0 changes/s". */
static bool
rate_nonzero(struct pty *p, void *arg)
{
	char	*row = pty_row_text(p, 0);
	bool	 yes = strstr(row, " changes/s") != NULL &&
		    strstr(row, " 0.0 changes/s") == NULL;

	(void)arg;
	free(row);
	return yes;
}

/*
 * The header tells the whole file: a store far off screen shows as
 * "changed N s ago (off screen, 0x80000)" and moves the rate (issue 12).
 */
START_TEST(header_reports_off_screen_change)
{
	char		*path = tu_pattern_file("offscr", 1 << 20, 21);
	struct pty	*p = e2e_spawn(24, 120, no_env, path, NULL);

	PTY_ASSERT(p, pty_wait_row(p, 0, "no change seen", E2E_WAIT),
	    "a change before any store");
	ck_assert(!pty_find(p, "off screen", NULL, NULL));
	ck_assert(pty_row_find(p, 0, " 0.0 changes/s", NULL));
	flip_byte(path, 0x80000);
	PTY_ASSERT(p, pty_wait_row(p, 0, "(off screen, 0x80000)", E2E_WAIT),
	    "the header did not report the change off screen");
	PTY_ASSERT(p, pty_wait_row(p, 0, "changed ", E2E_WAIT), "changed");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, rate_nonzero, NULL),
	    "the rate did not count the change off screen");
	/* Seen from there, it is not off screen any more. */
	pty_type(p, ":0x80000\r");
	ck_assert(e2e_wait_cursor(p, 0x80000));
	PTY_ASSERT(p, pty_wait_gone(p, "off screen", E2E_WAIT),
	    "still off screen once on screen");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/*
 * ]c goes to the next change region after the screen, never one already
 * on it: here 0x100, on screen after the cursor, is skipped for 0x80000;
 * [c then comes back to 0x100 once it is off screen (issue 12).
 */
START_TEST(jump_to_change_skips_the_screen)
{
	char		*path = tu_pattern_file("skipscr", 1 << 20, 22);
	struct pty	*p = e2e_spawn(24, 120, no_env, path, NULL);
	/* The strip's column beside 16 bytes a row; 0x100 is in its row 1. */
	struct strip_want w = { 11 + 16 * 4 + 2, 1, 1, 0 };
	unsigned char	b;

	e2e_pread(path, 0x100, &b, 1);
	PTY_ASSERT(p, !strip_hot(p, &w), "strip lit before any change");
	flip_byte(path, 0x100);
	/* On screen, and in the map (the strip shows it). */
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, strip_hot, &w),
	    "the strip did not show the change on screen");
	flip_byte(path, 0x80000);
	pty_type(p, "]c");
	PTY_ASSERT(p, pty_wait_text(p, "changed region at 0x80000", E2E_WAIT),
	    "]c did not go to the change off screen");
	ck_assert(e2e_wait_cursor(p, 0x80000));
	pty_type(p, "[c");
	PTY_ASSERT(p, pty_wait_text(p, "changed region at 0x100", E2E_WAIT),
	    "[c did not come back");
	ck_assert(e2e_wait_cursor(p, 0x100));
	/* Both regions on screen now or not: never the one in view. */
	pty_type(p, "g");
	ck_assert(e2e_wait_cursor(p, 0));
	pty_type(p, "[c");
	PTY_ASSERT(p, pty_wait_text(p, "changed region at 0x80000", E2E_WAIT),
	    "[c from the top did not wrap to 0x80000");
	e2e_quit(p);
	pty_free(p);
	free(path);
	(void)b;
}
END_TEST

/*
 * A store made right after opening, before a slow sweep could reach its
 * page, is still found by ]c (48 MiB: many sweeps a lap at 5 % of a core).
 */
START_TEST(jump_to_change_made_right_after_open)
{
	uint64_t	 at = (uint64_t)40 << 20;
	char		*path = tu_pattern_file("early", (uint64_t)48 << 20, 23);
	struct pty	*p = e2e_spawn(24, 120, no_env, path, NULL);

	flip_byte(path, at);
	pty_type(p, "]c");
	PTY_ASSERT(p, pty_wait_text(p, "changed region at 0x2800000",
	    E2E_WAIT), "]c did not find the store made right after open");
	ck_assert(e2e_wait_cursor(p, at));
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/*
 * A jump puts its target mid-screen with rows of context above it (like
 * vim's search), where it used to land on the bottom row; and back up the
 * file, the same from the other side (issue 12).
 */
START_TEST(jump_shows_context_around_the_target)
{
	char		*path = tu_pattern_file("context", 1 << 20, 24);
	struct pty	*p = e2e_spawn(24, 120, no_env, path, NULL);

	/* 22 rows of bytes: the target row is row 10 of them (screen 11). */
	PTY_ASSERT(p, !pty_find(p, "00080000", NULL, NULL), "early");
	pty_type(p, ":0x80000\r");
	ck_assert(e2e_wait_cursor(p, 0x80000));
	PTY_ASSERT(p, pty_wait_row(p, 11, "00080000", E2E_WAIT),
	    "the target is not mid-screen");
	ck_assert(pty_row_find(p, 1, "0007ff60", NULL));
	ck_assert(pty_row_find(p, 22, "000800b0", NULL));
	/* A mark far above: the same placement coming from below. */
	pty_type(p, "ma");
	pty_type(p, ":0x1000\r");
	ck_assert(e2e_wait_cursor(p, 0x1000));
	PTY_ASSERT(p, pty_wait_row(p, 11, "00001000", E2E_WAIT),
	    "goto up is not mid-screen");
	pty_type(p, "'a");
	ck_assert(e2e_wait_cursor(p, 0x80000));
	PTY_ASSERT(p, pty_wait_row(p, 11, "00080000", E2E_WAIT),
	    "the mark is not mid-screen");
	/* G: the end at the bottom, a full screen of context above. */
	pty_type(p, "G");
	ck_assert(e2e_wait_cursor(p, (1 << 20) - 1));
	PTY_ASSERT(p, pty_wait_row(p, 22, "000ffff0", E2E_WAIT),
	    "the end is not on the bottom row");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/*
 * After the file shrinks under a view of its end, the view re-clamps: a
 * full screen of the new end shows, not its last row alone (issue 12).
 */
START_TEST(shrink_reclamps_the_view)
{
	char		*path = tu_pattern_file("reclamp", 65536, 25);
	struct pty	*p = e2e_spawn(24, 120, no_env, path, NULL);

	pty_type(p, "G");
	ck_assert(e2e_wait_cursor(p, 65535));
	PTY_ASSERT(p, pty_wait_row(p, 22, "0000fff0", E2E_WAIT), "G");
	ck_assert(!pty_find(p, "00000290", NULL, NULL));
	ck_assert_int_eq(truncate(path, 1000), 0);
	PTY_ASSERT(p, pty_wait_text(p, "file shrank from 65536 to 1000 bytes",
	    E2E_WAIT), "no shrink message");
	ck_assert(e2e_wait_cursor(p, 999));
	/* Rows 0x290 .. 0x3e0: 22 rows, the last one at the bottom. */
	PTY_ASSERT(p, pty_wait_row(p, 1, "00000290", E2E_WAIT),
	    "the view did not re-clamp");
	ck_assert(pty_row_find(p, 22, "000003e0", NULL));
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* Build the suite. */
static Suite *
viewer_suite(void)
{
	Suite	*s = suite_create("viewer");
	TCase	*tc = timeout_tcase("viewer", TIMEOUT_TOOL);

	tcase_add_test(tc, opening_shows_rows);
	tcase_add_test(tc, mmap_store_lights_up_and_fades);
	tcase_add_test(tc, no_color_fades_by_attributes);
	tcase_add_test(tc, changed_run_is_one_highlight);
	tcase_add_test(tc, pwrite_change_appears);
	tcase_add_test(tc, navigation_keys);
	tcase_add_test(tc, goto_errors_are_explained);
	tcase_add_test(tc, goto_expressions);
	tcase_add_test(tc, resize_reflows);
	tcase_add_test(tc, tiny_terminal_at_start);
	tcase_add_test(tc, truncate_to_zero_and_regrow);
	tcase_add_test(tc, unlink_and_replace);
	tcase_add_test(tc, rename_is_reported);
	tcase_add_test(tc, help_overlay);
	tcase_add_test(tc, mouse_click_and_wheel);
	tcase_add_test(tc, pause_freezes_and_counts);
	tcase_add_test(tc, follow_the_end);
	tcase_add_test(tc, escape_sequences_in_name_are_shown_escaped);
	tcase_add_test(tc, sigterm_restores_terminal);
	tcase_add_test(tc, sighup_restores_terminal);
	tcase_add_test(tc, empty_file_at_start);
	tcase_add_test(tc, inspector_reads_and_follows_live_bytes);
	tcase_add_test(tc, inspector_below_when_narrow);
	tcase_add_test(tc, marks_and_jumps);
	tcase_add_test(tc, search_next_previous_and_wrap);
	tcase_add_test(tc, search_pattern_errors);
	tcase_add_test(tc, long_search_shows_progress_and_cancels);
	tcase_add_test(tc, layout_panel_follows_fields);
	tcase_add_test(tc, broken_layout_keeps_running);
	tcase_add_test(tc, layout_from_the_command_line);
	tcase_add_test(tc, change_strip_and_jump_to_changes);
	tcase_add_test(tc, change_strip_on_a_2_gib_sparse_file);
	tcase_add_test(tc, pid_source_offers_a_chooser);
	suite_add_tcase(s, tc);
	/* Issue 12: the whole file told truly. */
	tc = timeout_tcase("whole_file", TIMEOUT_TOOL);
	tcase_add_test(tc, header_reports_off_screen_change);
	tcase_add_test(tc, jump_to_change_skips_the_screen);
	tcase_add_test(tc, jump_to_change_made_right_after_open);
	tcase_add_test(tc, jump_shows_context_around_the_target);
	tcase_add_test(tc, shrink_reclamps_the_view);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	SRunner	*sr = srunner_create(viewer_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
