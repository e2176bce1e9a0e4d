/* SPDX-License-Identifier: ISC */
/*
 * check_hangup.c - the viewer leaves when its terminal goes away, even
 * when no SIGHUP tells it so.
 *
 * The viewer runs in a session of its own (setsid -w, whose process
 * stands in for it and ignores SIGHUP), so the terminal is not its
 * controlling terminal and the kernel sends it no SIGHUP when the master
 * closes: the only news of the hang-up is the terminal itself, poll(2)
 * saying POLLIN|POLLHUP and reads returning end of file.  The loop used to
 * look at POLLHUP only without POLLIN, and spun at full speed forever.
 *
 * Waits are conditions with deadlines; the exit is checked not to have
 * happened before the master is closed.
 */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "e2e.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/* The first child of process PID (setsid's: the viewer), or -1. */
static pid_t
first_child(pid_t pid)
{
	char	path[64];
	FILE	*f;
	int	child = -1;

	snprintf(path, sizeof path, "/proc/%d/task/%d/children", (int)pid,
	    (int)pid);
	if ((f = fopen(path, "r")) != NULL) {
		if (fscanf(f, "%d", &child) != 1)
			child = -1;
		fclose(f);
	}
	return (pid_t)child;
}

/* Closing the master ends a viewer that ignores SIGHUP, within a deadline. */
START_TEST(hangup_without_sighup_exits)
{
	static const unsigned char	 b[256] = { 0x41 };
	char				*path = tu_file("hangup.bin", b, sizeof b);
	const char			*livehex = getenv("LIVEHEX");
	char				*argv[8];
	struct pty			*p;
	int				 status;
	pid_t				 viewer;

	ck_assert_msg(livehex != NULL, "LIVEHEX is not set");
	/*
	 * The shell ignores SIGHUP and becomes setsid -w, which outlives the
	 * hang-up and exits when the viewer (in a new session) does.
	 */
	argv[0] = xstrdup("/bin/sh");
	argv[1] = xstrdup("-c");
	argv[2] = xstrdup("trap '' HUP; exec setsid -w \"$0\" \"$@\"");
	argv[3] = xstrdup(livehex);
	argv[4] = path;
	argv[5] = NULL;
	p = pty_spawn(argv, 24, 80, NULL);
	PTY_ASSERT(p, pty_wait_text(p, "? for help", E2E_WAIT), "no viewer");
	PTY_ASSERT(p, !pty_wait_exit(p, 0, &status), "exited early");
	viewer = first_child((pid_t)pty_pid(p));
	ck_assert_msg(viewer > 0, "no viewer under setsid");
	pty_close_master(p);
	if (!pty_wait_exit(p, E2E_WAIT / 3, &status)) {
		/* Not in our process group: pty_free would not end it. */
		kill(viewer, SIGKILL);
		pty_free(p);
		ck_abort_msg("the viewer did not leave its hung-up terminal");
	}
	ck_assert_msg(!WIFSIGNALED(status) || WTERMSIG(status) == SIGHUP,
	    "died by signal %d", WTERMSIG(status));
	pty_free(p);
	for (int i = 0; i < 4; i++)
		free(argv[i]);
	free(path);
}
END_TEST

/* The suite. */
static Suite *
hangup_suite(void)
{
	Suite	*s = suite_create("hangup");
	TCase	*tc = timeout_tcase("terminal hang-up", TIMEOUT_TOOL);

	tcase_add_test(tc, hangup_without_sighup_exits);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite. */
int
main(void)
{
	SRunner	*sr = srunner_create(hangup_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
