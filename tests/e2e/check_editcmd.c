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

/* Wait until the status line says edit mode TAG again (after a command). */
static void
still_editing(struct pty *p, const char *tag)
{
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, tag, E2E_WAIT),
	    "not back in edit mode (%s)", tag);
}

/* Quit without saving and free. */
static void
quit_bang(struct pty *p)
{
	pty_type(p, ":q!\r");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, NULL), "no exit");
	pty_free(p);
}

START_TEST(refused_outside_edit_mode)
{
	char		*path = e2e_ramp_file("out");
	char		*src = tu_file("osrc", "ABCD", 4), cmd[512];
	struct pty	*p = e2e_spawn(24, 132, color_env, path, NULL);

	snprintf(cmd, sizeof cmd, ":r %s\r", src);
	e2e_go(p, 0x20);
	command_says(p, cmd, ":r: edit mode only: R, then :");
	e2e_ramp_intact(path, 0x20, 4);
	e2e_go(p, 0x40);
	pty_type(p, "vllll");
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, "0x40-0x44 (5 bytes)",
	    E2E_WAIT), "no selection");
	command_says(p, ":fill de ad\r", ":fill: edit mode only: R, then :");
	e2e_ramp_intact(path, 0x40, 5);
	/* Every byte of the file is as it was. */
	e2e_ramp_intact(path, 0, 4096);
	quit_bang(p);
	free(src);
	free(path);
}
END_TEST

START_TEST(read_from_the_hex_pane_stays_in_edit_mode)
{
	char		*path = e2e_ramp_file("rdst");
	char		*src = tu_file("rsrc", "ABCD", 4), cmd[512];
	struct pty	*p = e2e_spawn(24, 132, color_env, path, NULL);

	snprintf(cmd, sizeof cmd, "r %s\r", src);
	e2e_go(p, 0x20);
	e2e_enter_edit(p, "-- EDIT hex --");
	hex_colon(p);
	e2e_ramp_intact(path, 0x20, 4);
	command_says(p, cmd, ":r: stored 4 bytes at 0x20-0x23");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x20, "ABCD", 4),
	    ":r stored nothing");
	e2e_ramp_intact(path, 0x24, 1);
	e2e_ramp_intact(path, 0x1f, 1);
	/* Still in edit mode: typing stores at the cursor. */
	still_editing(p, "-- EDIT hex --");
	pty_type(p, "ff");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x20, "\xff" "BCD", 4),
	    "typing after :r did not store");
	e2e_leave_edit(p);
	/* Two undo steps: the typing, then :r as one. */
	pty_type(p, "u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x20, "ABCD", 4), "u: typing");
	pty_type(p, "u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x20, "\x20\x21\x22\x23", 4),
	    "u did not undo :r as one step");
	/* Past the end: refused whole, saying by how much. */
	e2e_go(p, 0xffe);
	e2e_enter_edit(p, "-- EDIT hex --");
	hex_colon(p);
	command_says(p, cmd, ":r: nothing stored: 2 of the 4 bytes of");
	e2e_ramp_intact(path, 0xffe, 2);
	quit_bang(p);
	free(src);
	free(path);
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
	pty_type(p, "vllll");
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, "0x40-0x44 (5 bytes)",
	    E2E_WAIT), "no selection");
	e2e_enter_edit(p, "-- EDIT hex --");
	/* A bad pattern stores nothing (and the selection stays). */
	hex_colon(p);
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
	quit_bang(p);
	free(path);
}
END_TEST

START_TEST(text_pane_types_colon_and_ctrl_o_opens_the_line)
{
	char		*path = e2e_ramp_file("text");
	char		*src = tu_file("tsrc", "ABCD", 4), cmd[512];
	struct pty	*p = e2e_spawn(24, 132, color_env, path, NULL);

	snprintf(cmd, sizeof cmd, "r %s\r", src);
	e2e_go(p, 0x60);
	pty_type(p, "\t");
	e2e_enter_edit(p, "-- EDIT text --");
	/* ':' is text here: stored as the byte 0x3a. */
	pty_type(p, ":");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x60, ":", 1), "':' not typed");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x61), "cursor did not move on");
	/* ^O and anything but ':' is said, and nothing is typed. */
	pty_ctrl(p, 'o');
	command_says(p, "x", "^O : opens the command line");
	e2e_ramp_intact(path, 0x61, 1);
	/* ^O : opens the line; :r stores; back in text edit mode. */
	pty_ctrl(p, 'o');
	pty_type(p, ":");
	PTY_ASSERT(p, e2e_wait_status(p, ":"), "^O : opened no prompt");
	command_says(p, cmd, ":r: stored 4 bytes at 0x61-0x64");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x61, "ABCD", 4), ":r stored");
	still_editing(p, "-- EDIT text --");
	pty_type(p, "z");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x60, ":zBCD", 5),
	    "typing after :r did not store");
	e2e_leave_edit(p);
	quit_bang(p);
	free(src);
	free(path);
}
END_TEST

START_TEST(fill_asks_above_one_mib)
{
	char		*path = tu_pattern_file("bigfill", (1 << 20) + 16, 7);
	struct pty	*p = e2e_spawn(24, 80, color_env, path, NULL);
	unsigned char	 before[4], after[4];

	e2e_pread(path, 0x1000, before, 4);
	pty_type(p, "gvG");
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, "(1048592 bytes)",
	    E2E_WAIT), "no selection");
	e2e_enter_edit(p, "-- EDIT hex --");
	hex_colon(p);
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
	quit_bang(p);
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
	SRunner	*sr = srunner_create(editcmd_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
