/* SPDX-License-Identifier: ISC */
/*
 * check_editcmd.c - the ':' commands that store (:r FILE, :fill BYTES),
 * end to end through a pty: edit mode only (issue 17).
 *
 * Pasting is a write, so outside edit mode :r and :fill refuse with a
 * message saying how (R, then :) and the file keeps its bytes; in edit
 * mode ':' opens the command line from the hex pane (it is never a hex
 * digit), ^O then ':' from the text pane (where ':' is typed), and after
 * the command the session is still in edit mode.  The file is read back
 * with pread.  Waits are conditions with deadlines; each checks that its
 * condition was false before the action.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "e2e.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

static char	 unset_no_color[] = "-NO_COLOR";
static char *const color_env[] = { unset_no_color, NULL };

/* The status line's row on a 24-row terminal. */
#define STATUS_ROW	23

/* Type LINE (":r ...\r" and the like) and wait until the screen says SAID. */
static void
command_says(struct pty *p, const char *line, const char *said)
{
	PTY_ASSERT(p, !pty_row_find(p, STATUS_ROW, said, NULL),
	    "\"%s\" already said", said);
	pty_type(p, line);
	PTY_ASSERT(p, pty_wait_text(p, said, E2E_WAIT), "%s did not say %s",
	    line, said);
}

/* In edit mode, ':' from the hex pane: wait for the empty prompt. */
static void
hex_colon(struct pty *p)
{
	pty_type(p, ":");
	PTY_ASSERT(p, e2e_wait_status(p, ":"), "':' opened no prompt");
}

/* Select with KEYS (the status line says SAID), R, then ':' (hex pane). */
static void
select_then_colon(struct pty *p, const char *keys, const char *said)
{
	pty_type(p, keys);
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, said, E2E_WAIT),
	    "%s selected no %s", keys, said);
	e2e_enter_edit(p, "-- EDIT hex --");
	hex_colon(p);
}

/* Wait until the status line says edit mode TAG again (after a command). */
static void
still_editing(struct pty *p, const char *tag)
{
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, tag, E2E_WAIT),
	    "not back in edit mode (%s)", tag);
}

/* A ramp file, a 4-byte file "ABCD" to :r, and a viewer on the ramp. */
struct editcmd {
	char		*path;		/* the ramp file viewed */
	char		*src;		/* the file :r reads */
	char		 cmd[512];	/* "r SRC\r", typed after ':' */
	struct pty	*p;
};

/* Start E: files named after NAME, a 24x132 viewer on the ramp. */
static void
editcmd_start(struct editcmd *e, const char *name)
{
	char	src[64];

	snprintf(src, sizeof src, "%s.src", name);
	e->path = e2e_ramp_file(name);
	e->src = tu_file(src, "ABCD", 4);
	snprintf(e->cmd, sizeof e->cmd, "r %s\r", e->src);
	e->p = e2e_spawn(24, 132, color_env, e->path, NULL);
}

/* Start E (NAME), go to OFF and enter edit mode in the hex or TEXT pane. */
static void
editcmd_edit_at(struct editcmd *e, const char *name, uint64_t off, bool text)
{
	editcmd_start(e, name);
	e2e_go(e->p, off);
	if (text)
		pty_type(e->p, "\t");
	e2e_enter_edit(e->p, text ? "-- EDIT text --" : "-- EDIT hex --");
}

/* Quit E's viewer without saving and free E. */
static void
editcmd_end(struct editcmd *e)
{
	e2e_quit_bang(e->p);
	free(e->src);
	free(e->path);
}

START_TEST(refused_outside_edit_mode)
{
	struct editcmd	e;

	editcmd_start(&e, "out");
	e2e_go(e.p, 0x20);
	pty_type(e.p, ":");
	command_says(e.p, e.cmd, ":r: edit mode only: R, then :");
	e2e_ramp_intact(e.path, 0x20, 4);
	e2e_go(e.p, 0x40);
	pty_type(e.p, "vllll");
	PTY_ASSERT(e.p, pty_wait_row(e.p, STATUS_ROW, "0x40-0x44 (5 bytes)",
	    E2E_WAIT), "no selection");
	command_says(e.p, ":fill de ad\r", ":fill: edit mode only: R, then :");
	e2e_ramp_intact(e.path, 0x40, 5);
	/* Every byte of the file is as it was. */
	e2e_ramp_intact(e.path, 0, 4096);
	editcmd_end(&e);
}
END_TEST

START_TEST(read_from_the_hex_pane_stays_in_edit_mode)
{
	struct editcmd	e;

	editcmd_edit_at(&e, "rdst", 0x20, false);
	hex_colon(e.p);
	e2e_ramp_intact(e.path, 0x20, 4);
	command_says(e.p, e.cmd, ":r: stored 4 bytes at 0x20-0x23");
	PTY_ASSERT(e.p, e2e_wait_file(e.p, e.path, 0x20, "ABCD", 4),
	    ":r stored nothing");
	e2e_ramp_intact(e.path, 0x24, 1);
	e2e_ramp_intact(e.path, 0x1f, 1);
	/* Still in edit mode: typing stores at the cursor. */
	still_editing(e.p, "-- EDIT hex --");
	pty_type(e.p, "ff");
	PTY_ASSERT(e.p, e2e_wait_file(e.p, e.path, 0x20, "\xff" "BCD", 4),
	    "typing after :r did not store");
	e2e_leave_edit(e.p);
	/* Two undo steps: the typing, then :r as one. */
	pty_type(e.p, "u");
	PTY_ASSERT(e.p, e2e_wait_file(e.p, e.path, 0x20, "ABCD", 4), "u: typing");
	pty_type(e.p, "u");
	PTY_ASSERT(e.p, e2e_wait_file(e.p, e.path, 0x20, "\x20\x21\x22\x23", 4),
	    "u did not undo :r as one step");
	/* Past the end: refused whole, saying by how much. */
	e2e_go(e.p, 0xffe);
	e2e_enter_edit(e.p, "-- EDIT hex --");
	hex_colon(e.p);
	command_says(e.p, e.cmd, ":r: nothing stored: 2 of the 4 bytes of");
	e2e_ramp_intact(e.path, 0xffe, 2);
	editcmd_end(&e);
}
END_TEST

START_TEST(fill_in_edit_mode_and_undo)
{
	char		*path = e2e_ramp_file("fill");
	struct pty	*p = e2e_spawn(24, 80, color_env, path, NULL);

	/* No selection: said, nothing stored. */
	e2e_enter_edit(p, "-- EDIT hex --");
	hex_colon(p);
	command_says(p, "fill de ad\r", ":fill fills the selection: select "
	    "bytes first (v, before R)");
	e2e_leave_edit(p);
	e2e_go(p, 0x40);
	select_then_colon(p, "vllll", "0x40-0x44 (5 bytes)");
	/* A bad pattern stores nothing (and the selection stays). */
	command_says(p, "fill zz\r", ":fill: ");
	e2e_ramp_intact(path, 0x40, 5);
	hex_colon(p);
	command_says(p, "fill de ad\r", ":fill: stored 5 bytes at 0x40-0x44");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x40, "\xde\xad\xde\xad\xde", 5),
	    ":fill did not fill");
	e2e_ramp_intact(path, 0x45, 1);
	e2e_ramp_intact(path, 0x3f, 1);
	still_editing(p, "-- EDIT hex --");
	e2e_leave_edit(p);
	pty_type(p, "u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x40, "\x40\x41\x42\x43\x44", 5),
	    "u did not undo the fill as one step");
	e2e_quit_bang(p);
	free(path);
}
END_TEST

START_TEST(text_pane_types_colon_and_ctrl_o_opens_the_line)
{
	struct editcmd	e;

	editcmd_edit_at(&e, "text", 0x60, true);
	/* ':' is text here: stored as the byte 0x3a. */
	pty_type(e.p, ":");
	PTY_ASSERT(e.p, e2e_wait_file(e.p, e.path, 0x60, ":", 1), "':' not typed");
	PTY_ASSERT(e.p, e2e_wait_cursor(e.p, 0x61), "cursor did not move on");
	/* ^O and anything but ':' is said, and nothing is typed. */
	pty_ctrl(e.p, 'o');
	command_says(e.p, "x", "^O : opens the command line");
	e2e_ramp_intact(e.path, 0x61, 1);
	/* ^O : opens the line; :r stores; back in text edit mode. */
	pty_ctrl(e.p, 'o');
	pty_type(e.p, ":");
	PTY_ASSERT(e.p, e2e_wait_status(e.p, ":"), "^O : opened no prompt");
	command_says(e.p, e.cmd, ":r: stored 4 bytes at 0x61-0x64");
	PTY_ASSERT(e.p, e2e_wait_file(e.p, e.path, 0x61, "ABCD", 4), ":r stored");
	still_editing(e.p, "-- EDIT text --");
	pty_type(e.p, "z");
	PTY_ASSERT(e.p, e2e_wait_file(e.p, e.path, 0x60, ":zBCD", 5),
	    "typing after :r did not store");
	e2e_leave_edit(e.p);
	editcmd_end(&e);
}
END_TEST

START_TEST(fill_asks_above_one_mib)
{
	char		*path = tu_pattern_file("bigfill", (1 << 20) + 16, 7);
	struct pty	*p = e2e_spawn(24, 80, color_env, path, NULL);
	unsigned char	 before[4], after[4];

	e2e_pread(path, 0x1000, before, 4);
	select_then_colon(p, "gvG", "(1048592 bytes)");
	command_says(p, "fill 00\r", "fill 1048592 bytes at 0x0? (y/n)");
	command_says(p, "n", "fill cancelled: nothing stored");
	e2e_pread(path, 0x1000, after, 4);
	ck_assert(memcmp(before, after, 4) == 0);
	/* Still in edit mode: ':' opens the line again. */
	hex_colon(p);
	command_says(p, "fill 00\r", "(y/n)");
	pty_type(p, "y");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x1000, "\0\0\0\0", 4), "y did not "
	    "fill");
	ck_assert(e2e_wait_file(p, path, (1 << 20) + 12, "\0\0\0\0", 4));
	e2e_quit_bang(p);
	free(path);
}
END_TEST

/* The suite: one case, each test a viewer of its own. */
static Suite *
editcmd_suite(void)
{
	Suite	*s = suite_create("editcmd");
	TCase	*tc = timeout_tcase("editcmd", TIMEOUT_LONG);

	tcase_add_test(tc, refused_outside_edit_mode);
	tcase_add_test(tc, read_from_the_hex_pane_stays_in_edit_mode);
	tcase_add_test(tc, fill_in_edit_mode_and_undo);
	tcase_add_test(tc, text_pane_types_colon_and_ctrl_o_opens_the_line);
	tcase_add_test(tc, fill_asks_above_one_mib);
	suite_add_tcase(s, tc);
	return s;
}

/* Run in fork mode (CK_ENV); the exit status is the verdict. */
int
main(void)
{
	return tu_run_suite(editcmd_suite());
}
