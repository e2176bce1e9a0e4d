/* SPDX-License-Identifier: ISC */
/*
 * check_freeze.c - :freeze in the real viewer, end to end (issue 15).
 *
 * A test writer changes a frozen value through a mapping of its own; the
 * viewer must store the frozen value again (read back with pread: what
 * every other process sees), count it on the value's row and say it,
 * and stop after :unfreeze.  Waits are conditions with deadlines, each
 * false before the action that should make it true.
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

static char	 unset_no_color[] = "-NO_COLOR";
static char *const no_env[] = { unset_no_color, NULL };

/* Wait until PATH holds V at OFF. */
static bool
wait_byte(struct pty *p, const char *path, uint64_t off, unsigned char v)
{
	return e2e_wait_file(p, path, off, &v, 1);
}

/* Frozen: the writer's changes are undone, counted; :unfreeze stops it. */
START_TEST(freeze_restores_then_releases)
{
	unsigned char	 b[4096] = { 0 };
	char		*path = tu_file("frz", b, sizeof b);
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	pty_type(p, ":freeze u16le@0x40 0x0707\r");
	PTY_ASSERT(p, pty_wait_text(p, "frz 1 \"u16le@0x40\" := 1799  0 "
	    "re-stores", E2E_WAIT), "no frz row");
	PTY_ASSERT(p, wait_byte(p, path, 0x41, 7), "not stored");
	/* The writer changes it: stored again, said and counted. */
	e2e_mmap_store(path, 0x41, "\x09", 1);
	PTY_ASSERT(p, pty_wait_text(p, "1 re-store", E2E_WAIT),
	    "no re-store counted");
	PTY_ASSERT(p, wait_byte(p, path, 0x41, 7), "not restored");
	PTY_ASSERT(p, pty_wait_text(p, "re-stored \"u16le@0x40\" 1799 (was "
	    "2311)", E2E_WAIT), "re-store not said");
	e2e_mmap_store(path, 0x40, "\x01", 1);
	PTY_ASSERT(p, pty_wait_text(p, "2 re-stores", E2E_WAIT), "2nd");
	PTY_ASSERT(p, wait_byte(p, path, 0x40, 7), "not restored");
	pty_type(p, ":unfreeze\r");
	PTY_ASSERT(p, pty_wait_text(p, "released 1 frozen value", E2E_WAIT),
	    "not released");
	PTY_ASSERT(p, pty_wait_gone(p, "frz 1", E2E_WAIT), "row stays");
	/* Released: the viewer shows the writer's byte, and it stays. */
	e2e_mmap_store(path, 0x41, "\x09", 1);
	PTY_ASSERT(p, e2e_wait_hex(p, 0x41, 0, "09"), "change not shown");
	ck_assert_uint_eq(e2e_byte_at(path, 0x41), 9);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* A read-only view (-r) freezes nothing. */
START_TEST(freeze_refused_read_only)
{
	unsigned char	 b[4096] = { 0 };
	char		*path = tu_file("frz-ro", b, sizeof b);
	struct pty	*p = e2e_spawn(24, 100, no_env, "-r", path, NULL);

	pty_type(p, ":freeze u8@0x40 7\r");
	PTY_ASSERT(p, pty_wait_text(p, "freeze: the file is read-only here",
	    E2E_WAIT), "not refused");
	ck_assert_uint_eq(e2e_byte_at(path, 0x40), 0);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("freeze");
	TCase	*tc = timeout_tcase("freeze", TIMEOUT_TOOL);

	tcase_add_test(tc, freeze_restores_then_releases);
	tcase_add_test(tc, freeze_refused_read_only);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
