/* SPDX-License-Identifier: ISC */
/*
 * check_demo.c - `livehex demo` end to end: the writer's stores show, and
 * every way out leaves no process and no file behind.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timeout.h"
#include "e2e.h"
#include "testutil.h"
#include "xmalloc.h"

/* The pid of a child of PARENT, from /proc/PID/stat; 0 if none. */
static pid_t
child_of(pid_t parent)
{
	DIR		*d = opendir("/proc");
	struct dirent	*e;
	pid_t		 found = 0;

	while (d != NULL && found == 0 && (e = readdir(d)) != NULL) {
		char	 path[300], buf[512], *p;
		FILE	*f;
		int	 ppid;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "/proc/%s/stat", e->d_name);
		if ((f = fopen(path, "r")) == NULL)
			continue;
		if (fgets(buf, sizeof buf, f) != NULL &&
		    (p = strrchr(buf, ')')) != NULL &&
		    sscanf(p + 2, "%*c %d", &ppid) == 1 && ppid == parent)
			found = atoi(e->d_name);
		fclose(f);
	}
	if (d != NULL)
		closedir(d);
	return found;
}

/* Entries of DIR whose name starts with "livehex-demo". */
static int
demo_dirs(const char *dir)
{
	DIR		*d = opendir(dir);
	struct dirent	*e;
	int		 n = 0;

	while (d != NULL && (e = readdir(d)) != NULL)
		if (strncmp(e->d_name, "livehex-demo", 12) == 0)
			n++;
	if (d != NULL)
		closedir(d);
	return n;
}

/* The counter's first hex byte as shown (row of offset 0). */
static bool
counter_text(struct pty *p, char out[3])
{
	int	row, col;
	char	*t;

	if (!pty_find(p, "00000000 ", &row, &col))
		return false;
	t = pty_row_text(p, row);
	memcpy(out, t + col + 11, 2);
	out[2] = '\0';
	free(t);
	return true;
}

/* Condition: the counter no longer reads ARG. */
static bool
counter_moved(struct pty *p, void *arg)
{
	char	now[3];

	return counter_text(p, now) && strcmp(now, arg) != 0;
}

/* Start the demo in its own temp dir; the pty. */
static struct pty *
start_demo(char **tmp)
{
	static char	 unset_color[] = "-NO_COLOR", unset_xdg[] =
			    "-XDG_RUNTIME_DIR";
	static char	 tmpenv[512];
	char		*env[] = { unset_color, unset_xdg, tmpenv, NULL };
	char		 demo[] = "demo";
	char		*args[] = { demo, NULL };
	struct pty	*p;
	char		 before[3];

	*tmp = tu_path("demo-tmp");
	ck_assert_int_eq(mkdir(*tmp, 0700), 0);
	snprintf(tmpenv, sizeof tmpenv, "TMPDIR=%s", *tmp);
	p = e2e_spawn_raw(30, 100, env, args);
	PTY_ASSERT(p, pty_wait_text(p, "demo: another process writes",
	    E2E_WAIT), "no demo banner");
	/* The status line comes last in a frame: the rows are there. */
	PTY_ASSERT(p, pty_wait_text(p, "? for help", E2E_WAIT), "no frame");
	ck_assert_int_eq(demo_dirs(*tmp), 1);
	PTY_ASSERT(p, counter_text(p, before), "no counter row");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, counter_moved, before),
	    "the counter did not change");
	return p;
}

START_TEST(demo_counter_moves_and_quit_cleans_up)
{
	char		*tmp;
	struct pty	*p = start_demo(&tmp);
	pid_t		 writer = child_of(pty_pid(p));
	int		 status;

	ck_assert_int_gt(writer, 0);
	pty_type(p, "q");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status), "no exit on q");
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	PTY_ASSERT(p, pty_screen_is_normal(p), "terminal not restored");
	ck_assert_int_eq(kill(writer, 0), -1);
	ck_assert_int_eq(errno, ESRCH);
	ck_assert_int_eq(demo_dirs(tmp), 0);
	pty_free(p);
	free(tmp);
}
END_TEST

/* A signal to the demo: writer gone, file gone, death by the signal. */
static void
demo_killed_by(int sig)
{
	char		*tmp;
	struct pty	*p = start_demo(&tmp);
	pid_t		 writer = child_of(pty_pid(p));
	int		 status;

	ck_assert_int_gt(writer, 0);
	kill(pty_pid(p), sig);
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status), "no exit");
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == sig);
	PTY_ASSERT(p, pty_screen_is_normal(p), "terminal not restored");
	ck_assert_int_eq(kill(writer, 0), -1);
	ck_assert_int_eq(demo_dirs(tmp), 0);
	pty_free(p);
	free(tmp);
}

START_TEST(demo_sigterm_cleans_up)
{
	demo_killed_by(SIGTERM);
}
END_TEST

START_TEST(demo_sigint_cleans_up)
{
	demo_killed_by(SIGINT);
}
END_TEST

START_TEST(demo_hangup_cleans_up)
{
	demo_killed_by(SIGHUP);
}
END_TEST

START_TEST(writer_alone_updates_a_file)
{
	char		*path = tu_path("writer.bin");
	char		 demo[] = "demo", wflag[] = "--writer";
	char		*args[] = { demo, wflag, path, NULL };
	struct pty	*p = e2e_spawn_raw(24, 100, NULL, args);
	unsigned char	 a[4], b[4];
	int		 status;

	PTY_ASSERT(p, pty_wait_text(p, "livehex demo writer: updating",
	    E2E_WAIT), "writer did not start");
	e2e_pread(path, 0, a, 4);
	/* Wait for the counter to move, reading the file each time. */
	for (uint64_t end = tu_now_ms() + E2E_WAIT; tu_now_ms() < end;) {
		pty_pump(p, 50);
		e2e_pread(path, 0, b, 4);
		if (memcmp(a, b, 4) != 0)
			break;
	}
	ck_assert_msg(memcmp(a, b, 4) != 0, "counter did not move");
	pty_ctrl(p, 'c');
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status), "Ctrl-C");
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	/* --writer leaves the file: it was given, not made. */
	ck_assert_int_eq(access(path, F_OK), 0);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(demo_without_a_terminal_says_so)
{
	char		 demo[] = "demo";
	char		*argv[] = { (char *)(uintptr_t)tu_livehex(), demo, NULL };
	char		*err;
	char		*tmp = tu_path("notty");
	int		 status;

	ck_assert_int_eq(mkdir(tmp, 0700), 0);
	setenv("TMPDIR", tmp, 1);
	unsetenv("XDG_RUNTIME_DIR");
	status = tu_run(argv, NULL, NULL, NULL, &err);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 1);
	ck_assert_ptr_nonnull(strstr(err, "needs a terminal"));
	ck_assert_int_eq(demo_dirs(tmp), 0);
	free(err);
	free(tmp);
}
END_TEST

/* Build the suite. */
static Suite *
demo_suite(void)
{
	Suite	*s = suite_create("demo");
	TCase	*tc = timeout_tcase("demo", TIMEOUT_TOOL);

	tcase_add_test(tc, demo_counter_moves_and_quit_cleans_up);
	tcase_add_test(tc, demo_sigterm_cleans_up);
	tcase_add_test(tc, demo_sigint_cleans_up);
	tcase_add_test(tc, demo_hangup_cleans_up);
	tcase_add_test(tc, writer_alone_updates_a_file);
	tcase_add_test(tc, demo_without_a_terminal_says_so);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	SRunner	*sr = srunner_create(demo_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
