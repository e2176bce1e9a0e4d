/* SPDX-License-Identifier: ISC */
/*
 * check_log.c - the change log panel through the pty (issue 14): L shows
 * it; another process's stores appear newest first with their offset and
 * old -> new bytes; Tab gives the list the keys and Enter jumps the
 * cursor to a change; our own stores are marked "ours"; a layout's field
 * is named with its typed values.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "timeout.h"
#include "e2e.h"
#include "testutil.h"
#include "xmalloc.h"

static char	 unset_no_color[] = "-NO_COLOR";
static char *const no_env[] = { unset_no_color, NULL };

/* The screen row where NEEDLE is, or -1. */
static int
row_of(struct pty *p, const char *needle)
{
	int	row, col;

	return pty_find(p, needle, &row, &col) ? row : -1;
}

START_TEST(stores_are_listed_and_enter_jumps)
{
	unsigned char	 z[4096] = { 0 }, b;
	char		*path = tu_file("log.bin", z, sizeof z);
	struct pty	*p = e2e_spawn(40, 120, no_env, path, NULL);

	pty_type(p, "L");
	PTY_ASSERT(p, pty_wait_text(p, "log: 0, 0 dropped", E2E_WAIT),
	    "no log panel");
	PTY_ASSERT(p, !pty_find(p, "0x123 00 00 -> de ad", NULL, NULL),
	    "the change is listed before it was made");
	/* Another process stores: the log shows where, from what, to what. */
	e2e_mmap_store(path, 0x123, "\xde\xad", 2);
	PTY_ASSERT(p, pty_wait_text(p, "0x123 00 00 -> de ad", E2E_WAIT),
	    "the store is not in the log");
	e2e_mmap_store(path, 0x200, "\x01", 1);
	PTY_ASSERT(p, pty_wait_text(p, "0x200 00 -> 01", E2E_WAIT),
	    "the second store is not in the log");
	/* Off screen only the page map sees it: no bytes, once. */
	e2e_mmap_store(path, 0x800, "\x02", 1);
	PTY_ASSERT(p, pty_wait_text(p, "0x800 page changed", E2E_WAIT),
	    "the store off screen is not in the log");
	PTY_ASSERT(p, pty_wait_text(p, "log: 3, 0 dropped", E2E_WAIT),
	    "the count is not 3 (a store listed twice?)");
	/* Newest first. */
	ck_assert_int_lt(row_of(p, "0x800 page changed"),
	    row_of(p, "0x200 00 -> 01"));
	ck_assert_int_lt(row_of(p, "0x200 00 -> 01"),
	    row_of(p, "0x123 00 00 -> de ad"));
	/* Tab, Tab: the list has the keys; j: the older one; Enter jumps. */
	pty_type(p, "\t\t");
	PTY_ASSERT(p, pty_wait_text(p, "dropped; Enter jumps", E2E_WAIT),
	    "the list has no focus");
	pty_type(p, "jj\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x123), "Enter did not jump");
	/* Our own store is logged as ours, with the bytes it replaced. */
	pty_type(p, "R41");
	PTY_ASSERT(p, pty_wait_text(p, "0x123 ours de -> 41", E2E_WAIT),
	    "our store is not marked as ours");
	pty_key(p, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	e2e_pread(path, 0x123, &b, 1);
	ck_assert_int_eq(b, 0x41);
	/* L again: the inspector is back. */
	pty_type(p, "L");
	PTY_ASSERT(p, pty_wait_gone(p, "log: 4", E2E_WAIT), "L does not hide");
	pty_type(p, ":q!\r");		/* the store is not synced */
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, NULL), "no exit");
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(a_field_is_named_with_its_values)
{
	static const char	 lay_text[] = "head 0 u32\ncount 4 u16\n";
	unsigned char		 z[4096] = { 0 };
	char			*path = tu_file("logf.bin", z, sizeof z);
	char			*lay = tu_file("logf.layout", lay_text,
				    strlen(lay_text));
	struct pty		*p = e2e_spawn(40, 120, no_env, "--layout",
				    lay, path, NULL);

	pty_type(p, ":log\r");
	PTY_ASSERT(p, pty_wait_text(p, "log: 0, 0 dropped", E2E_WAIT),
	    "no log panel");
	/* Both bytes of count change: the field whole, as numbers. */
	e2e_mmap_store(path, 4, "\x02\x01", 2);
	PTY_ASSERT(p, pty_wait_text(p, "0x4 count 0 -> 258", E2E_WAIT),
	    "the field is not named with its values");
	/* One byte of head: its path, then the bytes. */
	e2e_mmap_store(path, 1, "\x07", 1);
	PTY_ASSERT(p, pty_wait_text(p, "0x1 head 00 -> 07", E2E_WAIT),
	    "part of a field is not named");
	e2e_quit(p);
	pty_free(p);
	free(lay);
	free(path);
}
END_TEST

START_TEST(log_size_bounds_the_ring)
{
	unsigned char	 z[4096] = { 0 };
	char		*path = tu_file("logs.bin", z, sizeof z);
	struct pty	*p = e2e_spawn(40, 120, no_env, "--log-size", "4K",
			    path, NULL);

	pty_type(p, "L");
	PTY_ASSERT(p, pty_wait_text(p, "log: 0, 0 dropped", E2E_WAIT),
	    "no log panel");
	/*
	 * 150 one-byte changes apart from each other (150 entries of 64
	 * bytes) cannot all fit in 4 KiB: the oldest are dropped, counted.
	 */
	for (unsigned i = 0; i < 150; i++)
		e2e_mmap_store(path, 4 * i, "\x01", 1);
	PTY_ASSERT(p, pty_wait_gone(p, ", 0 dropped", E2E_WAIT),
	    "nothing dropped from a 4 KiB ring");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(log_size_out_of_range_is_refused)
{
	static char	 opt[] = "--log-size", val[] = "1k", src[] = "x";
	char		*args[] = { opt, val, src, NULL };
	struct pty	*p = e2e_spawn_raw(24, 80, no_env, args);
	int		 status;

	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status), "no exit");
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 2);
	PTY_ASSERT(p, pty_find(p, "--log-size: \"1k\": out of range", NULL,
	    NULL), "no message naming the option");
	pty_free(p);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("log");
	TCase	*tc = timeout_tcase("log", TIMEOUT_TOOL);

	tcase_add_test(tc, stores_are_listed_and_enter_jumps);
	tcase_add_test(tc, a_field_is_named_with_its_values);
	tcase_add_test(tc, log_size_bounds_the_ring);
	tcase_add_test(tc, log_size_out_of_range_is_refused);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
