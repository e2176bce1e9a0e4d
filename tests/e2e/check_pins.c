/* SPDX-License-Identifier: ISC */
/*
 * check_pins.c - :pin in the real viewer, end to end (issue 15).
 *
 * A test writer stores values one at a time through a mapping of its own
 * and waits until the pin's row shows each; the row must follow with its
 * minimum, maximum and a sparkline: block characters in a UTF-8 locale,
 * the ASCII ramp in the C locale.  Waits are conditions with deadlines,
 * each false before the action that makes it true.
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
static char	 c_locale[] = "LC_ALL=C";
static char *const no_env[] = { unset_no_color, NULL };
static char *const c_env[] = { unset_no_color, c_locale, NULL };

/* The writer stores u32le V at 0x40 of PATH. */
static void
store(const char *path, uint32_t v)
{
	unsigned char	b[4] = { v & 0xff, (v >> 8) & 0xff, (v >> 16) & 0xff,
			    v >> 24 };

	e2e_mmap_store(path, 0x40, b, sizeof b);
}

/* Pin count, store 5, 9, 3; the row follows; SPARK is the history. */
static void
pin_follows(char *const env[], const char *spark)
{
	char		*path = e2e_zero_file("pin");
	struct pty	*p = e2e_spawn(24, 100, env, path, NULL);
	char		 want[64];
	const uint32_t	 vals[] = { 5, 9, 3 };

	PTY_ASSERT(p, !pty_find(p, "count =", NULL, NULL), "a pin already");
	pty_type(p, ":pin u32le@0x40 count\r");
	PTY_ASSERT(p, pty_wait_text(p, "pin 1 count = 0  min 0  max 0",
	    E2E_WAIT), "no pin row");
	for (size_t i = 0; i < 3; i++) {
		store(path, vals[i]);
		snprintf(want, sizeof want, "pin 1 count = %u  min 0", vals[i]);
		PTY_ASSERT(p, pty_wait_text(p, want, E2E_WAIT), "row stale");
	}
	PTY_ASSERT(p, pty_wait_text(p, "count = 3  min 0  max 9", E2E_WAIT),
	    "min, max");
	PTY_ASSERT(p, pty_wait_text(p, spark, E2E_WAIT), "sparkline");
	pty_type(p, ":unpin 1\r");
	PTY_ASSERT(p, pty_wait_gone(p, "count =", E2E_WAIT), "row stays");
	e2e_quit(p);
	pty_free(p);
	free(path);
}

/* UTF-8: block characters. */
START_TEST(pin_row_utf8)
{
	pin_follows(no_env, "\xe2\x96\x81\xe2\x96\x85\xe2\x96\x88\xe2\x96\x83");
}
END_TEST

/* The C locale: the ASCII ramp. */
START_TEST(pin_row_ascii)
{
	pin_follows(c_env, "_=#-");
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("pins");
	TCase	*tc = timeout_tcase("pins", TIMEOUT_TOOL);

	tcase_add_test(tc, pin_row_utf8);
	tcase_add_test(tc, pin_row_ascii);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
