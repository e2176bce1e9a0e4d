/* SPDX-License-Identifier: ISC */
/*
 * check_session.c - --session FILE through a pty (issue 15): the viewer
 * runs the session's lines as it starts, so the pin it names is on the
 * first screens, the bad line is said with its file and line, and the
 * storing line stores nothing (read back from the file).
 *
 * Waits are conditions with deadlines; the file's byte is checked before
 * the viewer starts, so the test cannot pass on a byte that was there.
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
static char *const no_env[] = { unset_no_color, NULL };

/* --session FILE: the pin row, the refusal named by line, no store. */
START_TEST(session_at_start)
{
	static const char text[] = "# made by hand\n"
	    ":pin u32le@0x40 count\n"
	    ":freeze u8@0x20 5\n";
	char		*path = e2e_zero_file("sess");
	char		*sess = tu_file("start.lhs", text, sizeof text - 1);
	char		 want[512];
	char		 opt[] = "--session";
	char		*args[] = { opt, sess, path, NULL };
	struct pty	*p;

	ck_assert_int_eq(tu_file_byte(path, 0x20), 0);
	/* Raw: the first frame's status line is the session's error. */
	p = e2e_spawn_raw(24, 100, no_env, args);
	PTY_ASSERT(p, pty_wait_text(p, "pin 1 count = 0  min 0  max 0",
	    E2E_WAIT), "no pin row from the session");
	snprintf(want, sizeof want, "start.lhs:3: :freeze stores bytes");
	PTY_ASSERT(p, pty_wait_text(p, want, E2E_WAIT), "no refusal");
	ck_assert_int_eq(tu_file_byte(path, 0x20), 0);
	e2e_quit(p);
	pty_free(p);
	ck_assert_int_eq(tu_file_byte(path, 0x20), 0);
	unlink(sess);
	unlink(path);
	free(sess);
	free(path);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("session");
	TCase	*tc = timeout_tcase("session", TIMEOUT_TOOL);

	tcase_add_test(tc, session_at_start);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
