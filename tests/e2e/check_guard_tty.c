/* SPDX-License-Identifier: ISC */
/*
 * check_guard_tty.c - the viewer's side of issue 10, items 6, 7 and 9,
 * through a pty and an emulated screen (the command line's side is
 * tests/cli/check_guard.c).
 *
 *  - :layout reads only a regular file: a FIFO or a terminal gives "not a
 *    regular file" on the status line at once, and the viewer goes on.
 *    (Before, the viewer hung in open(2) or read(2) for ever.)
 *  - pid:PID whose process maps the file r--s opens read-only, and the
 *    header says why; reopened (:e) after a replacement, it stays so.
 *  - a file name holding a newline and a backslash shows as \n and \\ on
 *    the status line ("... was deleted", "layout ...: N fields"): a raw
 *    newline there would end the status line early and put the rest of
 *    the name on a line of its own.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/* Wide enough that no message or header field is cut. */
#define WIDE	240

/* A name that would forge a second line if shown raw. */
#define NL_NAME		"a\nlivehex: forged\\x"
/* The same name as the status line must show it. */
#define NL_SHOWN	"a\\nlivehex: forged\\\\x"

static char	 unset_no_color[] = "-NO_COLOR";
static char *const no_env[] = { unset_no_color, NULL };

/* Condition: the status line holds ARG. */
static bool
status_has(struct pty *p, void *arg)
{
	char	*t = e2e_status_text(p);
	bool	 r = strstr(t, arg) != NULL;

	free(t);
	return r;
}

/* The viewer still takes keys: l moves the cursor from 0 to 1. */
static void
expect_alive(struct pty *p)
{
	pty_type(p, "g");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0), "g did not go to 0");
	pty_type(p, "l");
	PTY_ASSERT(p, e2e_wait_cursor(p, 1), "l did not move the cursor");
}

/* :layout PATH in a running viewer must say WANT on the status line. */
static void
layout_refused(const char *path, const char *want)
{
	char		*f = tu_file("f", "0123456789abcdef0123456789abcdef",
			    32);
	char		*cmd = xasprintf(":layout %s\r", path);
	char		*w = xstrdup(want);
	struct pty	*p = e2e_spawn(24, WIDE, no_env, f, NULL);

	PTY_ASSERT(p, !status_has(p, w), "early");
	pty_type(p, cmd);
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, status_has, w),
	    "no \"%s\" on the status line (hung reading the layout?)", want);
	free(w);
	expect_alive(p);
	e2e_quit(p);
	pty_free(p);
	free(cmd);
	free(f);
}

START_TEST(layout_fifo_in_viewer)
{
	char	*fifo = tu_path("layout-fifo");

	ck_assert(mkfifo(fifo, 0600) == 0 || errno == EEXIST);
	layout_refused(fifo, "layout-fifo: not a regular file (a FIFO); a "
	    "layout is read from a regular file");
	free(fifo);
}
END_TEST

START_TEST(layout_terminal_in_viewer)
{
	const char	*slave;
	char		*want;
	int		 master;

	/* A terminal nobody types on: reading it would wait for ever. */
	master = posix_openpt(O_RDWR | O_NOCTTY);
	ck_assert_int_ne(master, -1);
	ck_assert(grantpt(master) == 0 && unlockpt(master) == 0);
	slave = ptsname(master);
	ck_assert_ptr_nonnull(slave);
	want = xasprintf("%s: not a regular file (a character device (a "
	    "terminal?))", slave);
	layout_refused(slave, want);
	free(want);
	close(master);
}
END_TEST

START_TEST(pid_readonly_mapping_in_viewer)
{
	char		*path = tu_file("mapped-ro", "ABCDEFGH", 8), *src, c;
	char		*fresh;
	int		 ready[2], hold[2];
	pid_t		 pid, parent = getpid();
	struct pty	*p;

	ck_assert(pipe(ready) == 0 && pipe(hold) == 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		int	fd;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		close(ready[0]);
		close(hold[1]);
		fd = open(path, O_RDONLY);
		if (fd == -1 || mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd,
		    0) == MAP_FAILED || write(ready[1], "r", 1) != 1)
			_exit(2);
		while (read(hold[0], &c, 1) == -1 && errno == EINTR)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	ck_assert_msg(read(ready[0], &c, 1) == 1, "the mapper failed");
	src = xasprintf("pid:%d", (int)pid);
	p = e2e_spawn(24, WIDE, no_env, src, NULL);
	PTY_ASSERT(p, pty_wait_text(p, "RO (the process maps it read-only "
	    "(r--s)", E2E_WAIT), "the header does not say read-only");
	/*
	 * A reopen goes by path: replaced, the file must open read-only
	 * again (the process's mapping still only reads the old one, but
	 * the path is the one it reads).
	 */
	ck_assert_int_eq(unlink(path), 0);
	PTY_ASSERT(p, pty_wait_text(p, "was deleted", E2E_WAIT),
	    "no deletion message");
	fresh = tu_file("mapped-ro", "abcdefgh", 8);
	PTY_ASSERT(p, pty_wait_text(p, ":e reopens it", E2E_WAIT),
	    "the replacement was not noticed");
	pty_type(p, ":e\r");
	PTY_ASSERT(p, pty_wait_text(p, "abcdefgh", E2E_WAIT), "no reopen");
	PTY_ASSERT(p, pty_find(p, "RO (", NULL, NULL), "reopened "
	    "read-write");
	e2e_quit(p);
	free(fresh);
	pty_free(p);
	close(hold[1]);
	waitpid(pid, NULL, 0);
	close(ready[0]);
	free(src);
	free(path);
}
END_TEST

START_TEST(status_line_escapes_a_deleted_name)
{
	char		*f = tu_file(NL_NAME, "0123456789abcdef", 16);
	struct pty	*p = e2e_spawn(24, WIDE, no_env, f, NULL);
	char		 want[] = NL_SHOWN " was deleted; still showing "
			    "the open copy";

	PTY_ASSERT(p, !status_has(p, want), "early");
	ck_assert_int_eq(unlink(f), 0);
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, status_has, want),
	    "the status line does not show the escaped name");
	/* Nowhere does the name's tail start a line of its own. */
	{
		char	*screen = pty_screen_text(p);

		ck_assert_msg(strstr(screen, "\nlivehex: forged") == NULL,
		    "a forged line:\n%s", screen);
		free(screen);
	}
	expect_alive(p);
	e2e_quit(p);
	pty_free(p);
	free(f);
}
END_TEST

START_TEST(status_line_escapes_a_layout_name)
{
	char		*f = tu_file("f", "0123456789abcdef", 16);
	char		*l = tu_file(NL_NAME ".layout", "x 0 u8\n", 7);
	char		*shown = tu_path(NL_SHOWN ".layout");
	char		*want = xasprintf("layout %s: 1 fields", shown);
	struct pty	*p = e2e_spawn(24, WIDE, no_env, "--layout", l, f,
			    NULL);

	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, status_has, want),
	    "the status line does not show the escaped layout name");
	e2e_quit(p);
	pty_free(p);
	free(want);
	free(shown);
	free(l);
	free(f);
}
END_TEST

/* Add TEST as its own test case NAME. */
static void
add(Suite *s, const char *name, const TTest *test)
{
	TCase	*tc = timeout_tcase(name, TIMEOUT_TOOL);

	tcase_add_test(tc, test);
	suite_add_tcase(s, tc);
}

/* The suite. */
static Suite *
guard_tty_suite(void)
{
	Suite	*s = suite_create("guard_tty");

	add(s, "7 :layout FIFO", layout_fifo_in_viewer);
	add(s, "7 :layout terminal", layout_terminal_in_viewer);
	add(s, "6 pid:PID r--s is read-only in the viewer",
	    pid_readonly_mapping_in_viewer);
	add(s, "9 status line: a deleted name",
	    status_line_escapes_a_deleted_name);
	add(s, "9 status line: a layout name",
	    status_line_escapes_a_layout_name);
	return s;
}

/* Run in fork mode. */
int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(guard_tty_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
