/* SPDX-License-Identifier: ISC */
/*
 * check_lessons.c - `livehex demo --lesson NAME` end to end, at 80x24,
 * with NO_COLOR and in the C locale: each lesson is stepped with n until
 * the screen shows what its step promises (the second process's result in
 * the caption, the bytes in the rows), and q, SIGTERM and SIGHUP leave no
 * file and no process behind.
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

/* Entries of DIR whose name starts with "livehex-demo". */
static int
lesson_dirs(const char *dir)
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

/* Processes whose parent is PARENT (from /proc/PID/stat); one in *ONE. */
static int
children_of(pid_t parent, pid_t *one)
{
	DIR		*d = opendir("/proc");
	struct dirent	*e;
	int		 n = 0;

	while (d != NULL && (e = readdir(d)) != NULL) {
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
		    sscanf(p + 2, "%*c %d", &ppid) == 1 && ppid == parent) {
			n++;
			*one = atoi(e->d_name);
		}
		fclose(f);
	}
	if (d != NULL)
		closedir(d);
	return n;
}

/* A running lesson: the pty and its own TMPDIR. */
struct lesson {
	struct pty	*p;
	char		*tmp;
	int		 nsteps;
	const char	*name;
};

/* Start lesson NAME of NSTEPS steps at ROWS x COLS, NO_COLOR, C locale. */
static void
lesson_start_at(struct lesson *l, const char *name, int nsteps, int rows,
    int cols)
{
	static char	 tmpenv[512], nocolor[] = "NO_COLOR=1",
			    lcall[] = "LC_ALL=C", unset_xdg[] =
			    "-XDG_RUNTIME_DIR";
	char		*env[] = { nocolor, lcall, unset_xdg, tmpenv, NULL };
	char		 demo[] = "demo", flag[] = "--lesson", title[64];
	char		*args[] = { demo, flag, (char *)(uintptr_t)name, NULL };

	l->name = name;
	l->nsteps = nsteps;
	l->tmp = tu_path(name);
	ck_assert_int_eq(mkdir(l->tmp, 0700), 0);
	snprintf(tmpenv, sizeof tmpenv, "TMPDIR=%s", l->tmp);
	l->p = e2e_spawn_raw(rows, cols, env, args);
	snprintf(title, sizeof title, "lesson %s  step 1/%d", name, nsteps);
	PTY_ASSERT(l->p, pty_wait_text(l->p, title, E2E_WAIT), "no caption");
	PTY_ASSERT(l->p, pty_wait_text(l->p, "? for help", E2E_WAIT),
	    "no frame");
	ck_assert_int_eq(lesson_dirs(l->tmp), 1);
}

/* Start lesson NAME of NSTEPS steps at 80x24, NO_COLOR, C locale. */
static void
lesson_start(struct lesson *l, const char *name, int nsteps)
{
	lesson_start_at(l, name, nsteps, 24, 80);
}

/* n: wait for step K's title. */
static void
lesson_step(struct lesson *l, int k)
{
	char	title[64];

	snprintf(title, sizeof title, "lesson %s  step %d/%d", l->name, k,
	    l->nsteps);
	PTY_ASSERT(l->p, !pty_find(l->p, title, NULL, NULL), "already there");
	pty_type(l->p, "n");
	PTY_ASSERT(l->p, pty_wait_text(l->p, title, E2E_WAIT), "no step %d",
	    k);
}

/* Wait for TEXT anywhere on the screen. */
static void
lesson_wait(struct lesson *l, const char *text)
{
	PTY_ASSERT(l->p, pty_wait_text(l->p, text, E2E_WAIT), "no \"%s\"",
	    text);
}

/* The screen row of bytes at OFF (8 hex digits), or -1. */
static int
lesson_row(struct lesson *l, const char *off)
{
	int	row, col;

	if (!pty_find(l->p, off, &row, &col) || col != 0)
		return -1;
	return row;
}

/* Condition: the row of bytes at ARG's offset shows ARG's text. */
struct row_text {
	const char	*off, *text;
};
static bool
row_shows(struct pty *p, void *arg)
{
	struct row_text	*rt = arg;
	int		 row, col;

	return pty_find(p, rt->off, &row, &col) && col == 0 &&
	    pty_row_find(p, row, rt->text, NULL);
}

/* Wait until the row at OFF shows TEXT (in the ASCII pane). */
static void
lesson_wait_row(struct lesson *l, const char *off, const char *text)
{
	struct row_text	rt = { off, text };

	PTY_ASSERT(l->p, pty_wait(l->p, E2E_WAIT, row_shows, &rt),
	    "row %s never showed \"%s\"", off, text);
}

/* The number after PREFIX on the screen's row holding PREFIX, or -1. */
static long
lesson_number(struct lesson *l, const char *prefix)
{
	int	 row, col;
	char	*t;
	long	 n = -1;

	if (!pty_find(l->p, prefix, &row, &col))
		return -1;
	t = pty_row_text(l->p, row);
	if (strlen(t) >= (size_t)col + strlen(prefix))
		n = strtol(t + col + strlen(prefix), NULL, 10);
	free(t);
	return n;
}

/* q: a clean exit, no file, no process left. */
static void
lesson_quit(struct lesson *l)
{
	pid_t	pid = pty_pid(l->p), child = 0;
	int	status;

	ck_assert_int_eq(children_of(pid, &child), 1);
	pty_type(l->p, "q");
	PTY_ASSERT(l->p, pty_wait_exit(l->p, E2E_WAIT, &status), "no exit");
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	PTY_ASSERT(l->p, pty_screen_is_normal(l->p), "terminal not restored");
	ck_assert_int_eq(lesson_dirs(l->tmp), 0);
	/* The second process was stopped and waited for. */
	ck_assert_int_eq(kill(child, 0), -1);
	ck_assert_int_eq(errno, ESRCH);
	pty_free(l->p);
	free(l->tmp);
}

START_TEST(lesson_create)
{
	struct lesson	l;

	lesson_start(&l, "create", 5);
	lesson_wait(&l, "(empty file");
	lesson_step(&l, 2);
	lesson_wait(&l, "> seek + write: size 4096,");
	lesson_step(&l, 3);
	lesson_wait(&l, "> ftruncate: size 8192,");
	/* The grown part is a hole: allocated less than the size. */
	lesson_wait(&l, "the rest is a hole");
	lesson_step(&l, 4);
	lesson_wait(&l, "> fallocate: size 12288,");
	lesson_step(&l, 5);
	lesson_wait(&l, "> mmap + store: size 12288,");
	pty_type(l.p, ":0x1000\r");
	lesson_wait_row(&l, "00001000 ", "mapped!");
	lesson_quit(&l);
}
END_TEST

START_TEST(lesson_share)
{
	struct lesson	l;

	lesson_start(&l, "share", 3);
	lesson_step(&l, 2);
	lesson_wait_row(&l, "00000000 ", "hello from proc");
	lesson_wait(&l, "> process 2 stored 20 bytes at 0x0");
	lesson_step(&l, 3);
	lesson_wait(&l, "> process 2 watches 0x40: it reads 00");
	/* Our edit, read back by the second process. */
	pty_type(l.p, ":0x40\r");
	ck_assert(e2e_wait_cursor(l.p, 0x40));
	pty_type(l.p, "R5a");
	pty_key(l.p, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	lesson_wait(&l, "> process 2 read 5a at 0x40");
	/* N goes back to read step 2 again; its store is not repeated. */
	pty_type(l.p, "N");
	lesson_wait(&l, "lesson share  step 2/3");
	lesson_wait_row(&l, "00000040 ", "Z");
	pty_type(l.p, ":q!\r");
	{
		int	status;

		PTY_ASSERT(l.p, pty_wait_exit(l.p, E2E_WAIT, &status),
		    "no exit");
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		ck_assert_int_eq(lesson_dirs(l.tmp), 0);
		pty_free(l.p);
		free(l.tmp);
	}
}
END_TEST

START_TEST(lesson_ab_vs_wb)
{
	struct lesson	l;

	lesson_start(&l, "ab-vs-wb", 4);
	lesson_wait(&l, "> process 1 (pid");
	lesson_wait_row(&l, "00000010 ", "precious data");
	lesson_step(&l, 2);
	lesson_wait(&l, "> fopen(\"ab+\") and fclose: the size is now 4096");
	lesson_wait_row(&l, "00000010 ", "precious data");
	lesson_step(&l, 3);
	lesson_wait(&l, "> fopen(\"wb+\") and fclose: the size is now 0");
	lesson_wait(&l, "file shrank from 4096 to 0 bytes");
	lesson_wait(&l, "> process 1 was killed by SIGBUS (signal 7)");
	/* The data is gone. */
	ck_assert(!pty_find(l.p, "precious", NULL, NULL));
	lesson_step(&l, 4);
	lesson_quit(&l);
}
END_TEST

START_TEST(lesson_private)
{
	struct lesson	l;
	int		row;

	lesson_start(&l, "private", 3);
	lesson_step(&l, 2);
	lesson_wait(&l, "> process 2 reads its private copy at 0x00: "
	    "PRIVATE-TOKEN");
	lesson_step(&l, 3);
	lesson_wait(&l, "> process 2 stored 12 bytes at 0x40 (MAP_SHARED)");
	lesson_wait_row(&l, "00000040 ", "SHARED-TOKEN");
	/* The private store never reached the file: row 0 is zeros. */
	row = lesson_row(&l, "00000000 ");
	ck_assert_int_ge(row, 0);
	ck_assert(!pty_row_find(l.p, row, "PRIVATE", NULL));
	ck_assert(pty_row_find(l.p, row, "00 00 00 00 00 00 00 00", NULL));
	lesson_quit(&l);
}
END_TEST

/* Condition: s reported its msync, timed, or that tmpfs holds nothing. */
static bool
synced_or_tmpfs(struct pty *p, void *arg)
{
	(void)arg;
	return pty_find(p, "synced 1 page in ", NULL, NULL) ||
	    pty_find(p, "nothing to make durable: this file is on tmpfs",
	    NULL, NULL);
}

START_TEST(lesson_msync)
{
	struct lesson	l;

	lesson_start(&l, "msync", 4);
	lesson_step(&l, 2);
	lesson_wait_row(&l, "00000000 ", "visible, not yet");
	lesson_step(&l, 3);
	lesson_wait(&l, "> msync(MS_SYNC) returned 0 after ");
	/* The caption's "your turn": an edit, then s, timed (or tmpfs). */
	lesson_wait(&l, "Esc, then s: livehex msyncs");
	pty_type(l.p, ":0x30\r");
	ck_assert(e2e_wait_cursor(l.p, 0x30));
	pty_type(l.p, "R41");
	pty_key(l.p, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	lesson_wait_row(&l, "00000030 ", "A");
	PTY_ASSERT(l.p, !pty_find(l.p, "synced 1 page in ", NULL, NULL),
	    "synced before s");
	pty_type(l.p, "s");
	PTY_ASSERT(l.p, pty_wait(l.p, E2E_WAIT, synced_or_tmpfs, NULL),
	    "s said nothing of the sync");
	lesson_step(&l, 4);
	lesson_wait(&l, "> the file is on ");
	lesson_quit(&l);
}
END_TEST

/* The fields panel's rec row marked torn (the lesson's 16-byte record). */
#define TORN_MARK	"- rec        rec torn"

START_TEST(lesson_torn)
{
	struct lesson	l;
	long		torn, lo, hi, seq;
	char		want[64];

	lesson_start(&l, "torn", 3);
	/* The panel shows the record, unmarked while nobody writes. */
	lesson_wait(&l, "- rec        rec ");
	ck_assert(!pty_find(l.p, TORN_MARK, NULL, NULL));
	lesson_step(&l, 2);
	lesson_wait(&l, "> plain reader: ");
	torn = lesson_number(&l, "> plain reader: ");
	ck_assert_msg(torn > 0, "no torn copy seen (%ld)", torn);
	/* livehex's panel catches the half-written record too. */
	lesson_wait(&l, TORN_MARK);
	lesson_step(&l, 3);
	lesson_wait(&l, "> seqlock reader: ");
	ck_assert_int_eq(lesson_number(&l, "> seqlock reader: "), 0);
	/* The writer stops between updates: a whole record, unmarked. */
	lesson_wait(&l, "> the writer stopped: lo ");
	lo = lesson_number(&l, "> the writer stopped: lo ");
	hi = lesson_number(&l, ", hi ");
	seq = lesson_number(&l, ", seq ");
	ck_assert_int_gt(lo, 0);
	ck_assert_int_eq(lo, hi);
	ck_assert_int_eq(seq % 2, 0);
	PTY_ASSERT(l.p, pty_wait_gone(l.p, TORN_MARK, E2E_WAIT),
	    "a consistent record still marked torn");
	snprintf(want, sizeof want, "  lo         %ld ", lo);
	lesson_wait(&l, want);
	snprintf(want, sizeof want, "hi         %ld", hi);
	lesson_wait(&l, want);
	lesson_quit(&l);
}
END_TEST

START_TEST(lesson_atomic)
{
	struct lesson	l;
	int		row, col;
	char		*t, *at;

	lesson_start(&l, "atomic", 3);
	lesson_step(&l, 2);
	lesson_wait(&l, "updates lost");
	ck_assert(pty_find(l.p, "> +=: 2 x 20000 adds, the counter reads ",
	    &row, &col));
	t = pty_row_text(l.p, row);
	at = strstr(t, "reads ");
	ck_assert_ptr_nonnull(at);
	ck_assert_int_lt(strtol(at + 6, NULL, 10), 40000);
	free(t);
	lesson_step(&l, 3);
	lesson_wait(&l, "> fetch-add: 2 x 20000 adds, the counter reads 40000: "
	    "none lost");
	lesson_quit(&l);
}
END_TEST

/* The help overlay lists the lesson's n / N only while one runs. */
START_TEST(lesson_help_lists_n_and_N)
{
	struct lesson	 l;
	char		 nocolor[] = "NO_COLOR=1";
	char		*env[] = { nocolor, NULL };
	struct pty	*p;
	unsigned char	 zeros[64] = { 0 };
	char		*path;

	/* Tall enough for the whole help on one page. */
	lesson_start_at(&l, "share", 3, 100, 120);
	pty_type(l.p, "?");
	lesson_wait(&l, "next / previous match");
	lesson_wait(&l, "in a lesson: next / previous step");
	pty_type(l.p, " ");
	PTY_ASSERT(l.p, pty_wait_gone(l.p, "livehex keys", E2E_WAIT),
	    "the help stayed");
	lesson_quit(&l);
	/* The viewer without a lesson: the search's n / N alone. */
	path = tu_file("nolesson", zeros, sizeof zeros);
	p = e2e_spawn(100, 120, env, path, NULL);
	pty_type(p, "?");
	PTY_ASSERT(p, pty_wait_text(p, "next / previous match", E2E_WAIT),
	    "no help");
	PTY_ASSERT(p, !pty_find(p, "in a lesson", NULL, NULL),
	    "a lesson's keys listed without a lesson");
	pty_type(p, " ");
	PTY_ASSERT(p, pty_wait_gone(p, "livehex keys", E2E_WAIT),
	    "the help stayed");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* A signal to a lesson: no file left, no process, death by the signal. */
static void
lesson_killed_by(int sig)
{
	struct lesson	l;
	pid_t		pid, child = 0;
	int		status;

	lesson_start(&l, "ab-vs-wb", 4);
	lesson_wait(&l, "> process 1 (pid");
	pid = pty_pid(l.p);
	ck_assert_int_eq(children_of(pid, &child), 1);
	kill(pid, sig);
	PTY_ASSERT(l.p, pty_wait_exit(l.p, E2E_WAIT, &status), "no exit");
	ck_assert(WIFSIGNALED(status) && WTERMSIG(status) == sig);
	PTY_ASSERT(l.p, pty_screen_is_normal(l.p), "terminal not restored");
	ck_assert_int_eq(lesson_dirs(l.tmp), 0);
	ck_assert_int_eq(kill(child, 0), -1);
	ck_assert_int_eq(errno, ESRCH);
	pty_free(l.p);
	free(l.tmp);
}

START_TEST(lesson_sigterm_cleans_up)
{
	lesson_killed_by(SIGTERM);
}
END_TEST

START_TEST(lesson_sighup_cleans_up)
{
	lesson_killed_by(SIGHUP);
}
END_TEST

/* The second process dies: the viewer says so, steps on, and quits clean. */
START_TEST(lesson_child_killed)
{
	struct lesson	l;
	pid_t		child = 0;

	lesson_start(&l, "share", 3);
	ck_assert_int_eq(children_of(pty_pid(l.p), &child), 1);
	kill(child, SIGKILL);
	lesson_wait(&l, "> the second process has ended");
	/* A step the child cannot run: said, and no SIGPIPE for the viewer. */
	lesson_step(&l, 2);
	lesson_wait(&l, "> the second process is gone: step 2 not run");
	pty_type(l.p, "q");
	{
		int	status;

		PTY_ASSERT(l.p, pty_wait_exit(l.p, E2E_WAIT, &status),
		    "no exit");
		ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
		ck_assert_int_eq(lesson_dirs(l.tmp), 0);
		pty_free(l.p);
		free(l.tmp);
	}
}
END_TEST

START_TEST(lessons_list_and_unknown)
{
	char	 demo[] = "demo", list[] = "--lessons", flag[] = "--lesson",
		    bad[] = "nope\n";
	char	*argv1[] = { (char *)(uintptr_t)tu_livehex(), demo, list, NULL };
	char	*argv2[] = { (char *)(uintptr_t)tu_livehex(), demo, flag, bad,
		    NULL };
	unsigned char	*out;
	size_t		 outlen;
	char		*err;
	int		 status;

	status = tu_run(argv1, NULL, &out, &outlen, &err);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_ptr_nonnull(strstr((char *)out, "  ab-vs-wb  "));
	ck_assert_ptr_nonnull(strstr((char *)out, "  atomic    "));
	free(out);
	free(err);
	status = tu_run(argv2, NULL, &out, &outlen, &err);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 2);
	/* The name escaped: no forged line. */
	ck_assert_ptr_nonnull(strstr(err, "there is no lesson nope\\n;"));
	ck_assert_ptr_nonnull(strstr(err, "  torn      "));
	free(out);
	free(err);
}
END_TEST

/* Build the suite. */
static Suite *
lessons_suite(void)
{
	Suite	*s = suite_create("lessons");
	TCase	*tc = timeout_tcase("lessons", TIMEOUT_TOOL);

	tcase_add_test(tc, lesson_create);
	tcase_add_test(tc, lesson_share);
	tcase_add_test(tc, lesson_ab_vs_wb);
	tcase_add_test(tc, lesson_private);
	tcase_add_test(tc, lesson_msync);
	tcase_add_test(tc, lesson_torn);
	tcase_add_test(tc, lesson_atomic);
	tcase_add_test(tc, lesson_help_lists_n_and_N);
	tcase_add_test(tc, lesson_sigterm_cleans_up);
	tcase_add_test(tc, lesson_sighup_cleans_up);
	tcase_add_test(tc, lesson_child_killed);
	tcase_add_test(tc, lessons_list_and_unknown);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	SRunner	*sr = srunner_create(lessons_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
