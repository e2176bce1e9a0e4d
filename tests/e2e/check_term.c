/* SPDX-License-Identifier: ISC */
/*
 * check_term.c - the terminals the viewer refuses, driven through a pty.
 *
 * TERM=dumb (a terminal that cannot move the cursor) would get every frame
 * as a stream of escapes: the viewer refuses it with a message naming TERM,
 * exit 1, before it creates or opens anything.  An unknown TERM says which
 * TERM was not found; an unset TERM says so; a TERM full of escapes is
 * shown escaped.  The control: TERM=xterm-256color draws a frame.
 *
 * Waits are conditions with deadlines; the exit is checked only after the
 * message is on the screen.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/* Run livehex ARGS (NULL-terminated) with ENV; wait for WANT, exit 1. */
static void
refused(char *const env[], char *const args[], const char *want)
{
	struct pty	*p = e2e_spawn_raw(24, 200, env, args);
	int		 status;

	PTY_ASSERT(p, pty_wait_text(p, want, E2E_WAIT), "no \"%s\"", want);
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status), "still running");
	PTY_ASSERT(p, WIFEXITED(status) && WEXITSTATUS(status) == 1,
	    "status %#x, want exit 1", status);
	PTY_ASSERT(p, !pty_altscreen(p), "curses started");
	pty_free(p);
}

/* TERM=dumb: refused, the file untouched. */
START_TEST(test_dumb)
{
	static const unsigned char	 zero[64];
	char				*f = tu_file("dumb.bin", zero, 64);
	char				*env[] = { xstrdup("TERM=dumb"), NULL };
	char				*args[] = { f, NULL };
	unsigned char			*after;
	size_t				 len;

	refused(env, args, "livehex: the viewer needs a terminal that can "
	    "move the cursor; TERM=dumb cannot");
	after = tu_slurp(f, &len);
	ck_assert_uint_eq(len, 64);
	ck_assert_mem_eq(after, zero, 64);
	free(after);
	free(env[0]);
	free(f);
}
END_TEST

/* TERM=dumb with --create: refused before anything is created. */
START_TEST(test_dumb_create)
{
	char		*f = tu_path("never.bin");
	char		*env[] = { xstrdup("TERM=dumb"), NULL };
	char		 create[] = "--create", size[] = "4K";
	char		*args[] = { create, size, f, NULL };
	struct stat	 st;

	refused(env, args, "TERM=dumb cannot");
	ck_assert_msg(stat(f, &st) == -1 && errno == ENOENT,
	    "%s was created", f);
	free(env[0]);
	free(f);
}
END_TEST

/* The demo (the viewer again) refuses TERM=dumb too. */
START_TEST(test_dumb_demo)
{
	char	*env[] = { xstrdup("TERM=dumb"), NULL };
	char	 demo[] = "demo";
	char	*args[] = { demo, NULL };

	refused(env, args, "TERM=dumb cannot");
	free(env[0]);
}
END_TEST

/* An unknown TERM is named; an unset one is said to be unset. */
START_TEST(test_unknown_and_unset)
{
	static const unsigned char	 zero[64];
	char				*f = tu_file("unknown.bin", zero, 64);
	char				*unknown[] = {
					    xstrdup("TERM=livehex-no-such-term"),
					    NULL };
	char				*unset[] = { xstrdup("-TERM"), NULL };
	char				*esc[] = {
					    xstrdup("TERM=\033]0;pwned\007x"),
					    NULL };
	char				*args[] = { f, NULL };

	refused(unknown, args, "livehex: TERM=livehex-no-such-term: no such "
	    "terminal in the terminfo database");
	refused(unset, args, "livehex: TERM is not set");
	/* Escapes in TERM reach the screen as text, never as a title. */
	refused(esc, args, "TERM=\\e]0;pwned\\x07x: no such terminal");
	free(unknown[0]);
	free(unset[0]);
	free(esc[0]);
	free(f);
}
END_TEST

/* The control: a real terminal type gets the viewer. */
START_TEST(test_xterm_draws)
{
	static const unsigned char	 zero[64];
	char				*f = tu_file("xterm.bin", zero, 64);
	struct pty			*p = e2e_spawn(24, 100, NULL, f, NULL);

	PTY_ASSERT(p, pty_wait_row(p, 1, "00000000", E2E_WAIT), "no rows");
	e2e_quit(p);
	pty_free(p);
	free(f);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("term");
	TCase	*tc = timeout_tcase("terminals the viewer refuses", TIMEOUT_TOOL);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, test_dumb);
	tcase_add_test(tc, test_dumb_create);
	tcase_add_test(tc, test_dumb_demo);
	tcase_add_test(tc, test_unknown_and_unset);
	tcase_add_test(tc, test_xterm_draws);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
