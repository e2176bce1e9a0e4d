/* SPDX-License-Identifier: ISC */
/*
 * check_past.c - time travel through the pty (issue 14): < shows the
 * rows as they were before their last change, again before the one
 * before; the header says so in its own colour; R and :set refuse and
 * the file keeps its bytes; > steps forward to live, . and Esc return
 * at once.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "timeout.h"
#include "e2e.h"
#include "testutil.h"
#include "xmalloc.h"

static char	 unset_no_color[] = "-NO_COLOR";
static char *const no_env[] = { unset_no_color, NULL };

/* Store B at OFF from another process and wait until it is shown. */
static void
store_seen(struct pty *p, const char *path, uint64_t off, const char *b,
    const char *hex)
{
	PTY_ASSERT(p, !e2e_hex_now(p, off, 0, hex), "%s already shown", hex);
	e2e_mmap_store(path, off, b, 1);
	PTY_ASSERT(p, e2e_wait_hex(p, off, 0, hex), "%s never shown", hex);
}

START_TEST(back_forward_and_edits_refused)
{
	unsigned char	 z[4096] = { 0 };
	char		*path = tu_file("past.bin", z, sizeof z);
	struct pty	*p = e2e_spawn(40, 120, no_env, path, NULL);

	store_seen(p, path, 0x10, "\x11", "11");
	store_seen(p, path, 0x10, "\x22", "22");
	PTY_ASSERT(p, !pty_find(p, "viewing", NULL, NULL), "past too early");
	/* <: the rows before their last change. */
	pty_type(p, "<");
	PTY_ASSERT(p, pty_wait_row(p, 0, "<< viewing", E2E_WAIT),
	    "the header does not say it is the past");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, 0, "11"), "not the earlier value");
	pty_type(p, "<");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, 0, "00"), "not the first value");
	pty_type(p, "<");
	PTY_ASSERT(p, pty_wait_text(p, "no earlier change", E2E_WAIT),
	    "the beginning is not said");
	/* Edits refuse while in the past; nothing reaches the file. */
	pty_type(p, "R");
	PTY_ASSERT(p, pty_wait_text(p, "R (edit mode) refused", E2E_WAIT),
	    "R did not refuse");
	PTY_ASSERT(p, !pty_find(p, "EDIT", NULL, NULL), "edit mode entered");
	pty_type(p, "ff");
	pty_type(p, ":0x10\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x10), "no goto in the past");
	pty_type(p, ":set u8 0x55\r");
	PTY_ASSERT(p, pty_wait_text(p, ":set refused", E2E_WAIT),
	    ":set did not refuse");
	ck_assert_uint_eq(e2e_byte_at(path, 0), 0);
	ck_assert_uint_eq(e2e_byte_at(path, 0x10), 0x22);
	/* > steps forward, then to live. */
	pty_type(p, ">");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, 0, "11"), "> did not step");
	pty_type(p, ">");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, 0, "22"), "> did not reach live");
	PTY_ASSERT(p, pty_wait_gone(p, "<< viewing", E2E_WAIT),
	    "still in the past");
	/* . returns at once from two frames back; so does Esc. */
	pty_type(p, "<<");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, 0, "00"), "<< did not go back");
	pty_type(p, ".");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, 0, "22"), ". did not return");
	PTY_ASSERT(p, pty_wait_gone(p, "<< viewing", E2E_WAIT), "not live");
	pty_type(p, "<");
	PTY_ASSERT(p, pty_wait_row(p, 0, "<< viewing", E2E_WAIT), "< again");
	pty_key(p, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait_gone(p, "<< viewing", E2E_WAIT),
	    "Esc did not return to live");
	/* Live again: edits work. */
	pty_type(p, "R55");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, 0, "55"), "no edit when live");
	pty_key(p, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	ck_assert_uint_eq(e2e_byte_at(path, 0x10), 0x55);
	pty_type(p, ":q!\r");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, NULL), "no exit");
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(unwatched_bytes_are_unknown)
{
	unsigned char	 z[65536] = { 0 };
	char		*path = tu_file("pastu.bin", z, sizeof z);
	struct pty	*p = e2e_spawn(40, 120, no_env, path, NULL);

	/*
	 * A change on screen, then a look elsewhere and back: while the
	 * rows were off screen nobody watched them, so their bytes before
	 * the change cannot be told (shown as ??, never guessed).
	 */
	store_seen(p, path, 0x10, "\x11", "11");
	pty_type(p, ":0x8000\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x8000), "no goto");
	pty_type(p, ":0\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0), "no goto back");
	PTY_ASSERT(p, !pty_find(p, "?? ?? ??", NULL, NULL), "?? too early");
	PTY_ASSERT(p, pty_find(p, "0x00   0 '.'", NULL, NULL), "no value");
	pty_type(p, "<");
	PTY_ASSERT(p, pty_wait_text(p, "?? ?? ??", E2E_WAIT),
	    "unknown bytes are not shown as unknown");
	/* Nor read as values by the inspector or the status line. */
	PTY_ASSERT(p, pty_wait_text(p, "unavailable", E2E_WAIT),
	    "the inspector reads an unknown byte");
	PTY_ASSERT(p, pty_wait_gone(p, "0x00   0 '.'", E2E_WAIT),
	    "the status line reads an unknown byte");
	pty_type(p, ".");
	PTY_ASSERT(p, pty_wait_gone(p, "?? ?? ??", E2E_WAIT), "not live");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, 0, "11"), "not the live value");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("past");
	TCase	*tc = timeout_tcase("past", TIMEOUT_TOOL);

	tcase_add_test(tc, back_forward_and_edits_refused);
	tcase_add_test(tc, unwatched_bytes_are_unknown);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
