/* SPDX-License-Identifier: ISC */
/*
 * check_prompt.c - the ':' and '/' prompt, driven end to end through a pty.
 *
 * The editing keys change what runs, the history outlives the process
 * (two runs with one XDG_STATE_HOME), Tab completes file names in a temp
 * directory, and an unknown command names the nearest known one.  Every
 * run gets its own XDG_STATE_HOME (and HOME) under TMPDIR, so the user's
 * history is never read or written.  Waits are conditions with deadlines;
 * each checks that its condition was false before the action.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "timeout.h"
#include "e2e.h"
#include "testutil.h"
#include "xmalloc.h"

/* The environment of one run: our state home and home, no NO_COLOR. */
struct run_env {
	char	*state, *home;
	char	*env[4];
	char	 no_color[10];
};

/* Make a fresh directory under TMPDIR for E (its state home and home). */
static void
run_env_init(struct run_env *e)
{
	const char	*tmp = getenv("TMPDIR");
	char		*dir = xasprintf("%s/lhp.XXXXXX",
			    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");

	ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
	e->state = xasprintf("XDG_STATE_HOME=%s", dir);
	e->home = xasprintf("HOME=%s", dir);
	strcpy(e->no_color, "-NO_COLOR");
	e->env[0] = e->state;
	e->env[1] = e->home;
	e->env[2] = e->no_color;
	e->env[3] = NULL;
	free(dir);
}

/* The directory of E. */
static const char *
run_env_dir(const struct run_env *e)
{
	return e->state + strlen("XDG_STATE_HOME=");
}

/* Free E's strings (the directory stays for the test's TMPDIR). */
static void
run_env_free(struct run_env *e)
{
	free(e->state);
	free(e->home);
}

/* A 4 KiB file of 0x00, 0x01 ... */
static char *
bytes_file(const char *name)
{
	unsigned char	b[4096];

	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (unsigned char)i;
	return tu_file(name, b, sizeof b);
}

/* Condition: the terminal's cursor is at row/column ARG[0], ARG[1]. */
static bool
cursor_at(struct pty *p, void *arg)
{
	const int	*want = arg;
	int		 row, col;

	pty_cursor(p, &row, &col);
	return row == want[0] && col == want[1];
}

START_TEST(editing_keys_change_what_runs)
{
	struct run_env	 e;
	char		*path = bytes_file("edit");
	struct pty	*p;
	int		 at[2] = { 23, 0 };

	run_env_init(&e);
	p = e2e_spawn(24, 80, e.env, path, NULL);
	/* Left twice, then Backspace: the 'z' typed by mistake goes. */
	pty_type(p, ":0x2z00");
	PTY_ASSERT(p, pty_wait_row(p, 23, ":0x2z00", E2E_WAIT), "no prompt");
	at[1] = 7;
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, cursor_at, at), "cursor not at end");
	pty_key(p, VTERM_KEY_LEFT, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_LEFT, VTERM_MOD_NONE);
	at[1] = 5;
	/* The terminal's cursor shows the prompt's. */
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, cursor_at, at), "cursor not moved");
	pty_key(p, VTERM_KEY_BACKSPACE, VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait_row(p, 23, ":0x200", E2E_WAIT), "z not erased");
	PTY_ASSERT(p, !pty_row_find(p, 23, "0x200 (512)", NULL), "at 0x200");
	pty_type(p, "\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x200), "0x200 did not run");

	/* Home, Delete: the first character goes. */
	pty_type(p, ":x0x300");
	PTY_ASSERT(p, pty_wait_row(p, 23, ":x0x300", E2E_WAIT), "no prompt");
	pty_key(p, VTERM_KEY_HOME, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_DEL, VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait_row(p, 23, ":0x300", E2E_WAIT), "x not deleted");
	pty_type(p, "\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x300), "0x300 did not run");

	/* ^U drops the line before the cursor, ^W a word, ^K the rest. */
	pty_type(p, ":junk");
	PTY_ASSERT(p, pty_wait_row(p, 23, ":junk", E2E_WAIT), "no prompt");
	pty_ctrl(p, 'u');
	pty_type(p, "0x10 0x20");
	PTY_ASSERT(p, pty_wait_row(p, 23, ":0x10 0x20", E2E_WAIT), "no ^U");
	pty_ctrl(p, 'w');
	PTY_ASSERT(p, pty_wait_gone(p, "0x20", E2E_WAIT), "no ^W");
	pty_ctrl(p, 'a');
	pty_ctrl(p, 'k');
	pty_type(p, "0x400");
	PTY_ASSERT(p, pty_wait_row(p, 23, ":0x400", E2E_WAIT), "no ^A ^K");
	PTY_ASSERT(p, !pty_row_find(p, 23, "0x10", NULL), "^K left text");
	pty_type(p, "\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x400), "0x400 did not run");
	e2e_quit(p);
	pty_free(p);
	run_env_free(&e);
	free(path);
}
END_TEST

START_TEST(history_across_runs)
{
	struct run_env	 e;
	char		*path = bytes_file("hist"), *file;
	struct pty	*p;
	struct stat	 st;

	run_env_init(&e);
	file = xasprintf("%s/livehex/history", run_env_dir(&e));
	p = e2e_spawn(24, 80, e.env, path, NULL);
	pty_type(p, ":0x123\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x123), "0x123 did not run");
	pty_type(p, "/41 42\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x141), "search did not run");
	e2e_quit(p);
	pty_free(p);
	ck_assert_int_eq(stat(file, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);

	/* The second run walks back to them with Up. */
	p = e2e_spawn(24, 80, e.env, path, NULL);
	pty_type(p, ":");
	PTY_ASSERT(p, pty_wait_row(p, 23, ":", E2E_WAIT), "no prompt");
	PTY_ASSERT(p, !pty_row_find(p, 23, "0x123", NULL), "line not empty");
	pty_key(p, VTERM_KEY_UP, VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait_row(p, 23, ":0x123", E2E_WAIT), "no history");
	pty_type(p, "\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x123), "the old line did not run");
	pty_type(p, "/");
	PTY_ASSERT(p, pty_wait_row(p, 23, "/", E2E_WAIT), "no search prompt");
	pty_key(p, VTERM_KEY_UP, VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait_row(p, 23, "/41 42", E2E_WAIT), "no / history");
	pty_key(p, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait_gone(p, "/41 42", E2E_WAIT), "prompt stays");
	e2e_quit(p);
	pty_free(p);
	run_env_free(&e);
	free(file);
	free(path);
}
END_TEST

START_TEST(tab_completes_paths)
{
	struct run_env	 e;
	char		*path = bytes_file("tab"), *f, *want;
	struct pty	*p;

	run_env_init(&e);
	f = xasprintf("%s/zeta.layout", run_env_dir(&e));
	fclose(fopen(f, "w"));
	free(f);
	f = xasprintf("%s/zdir", run_env_dir(&e));
	ck_assert_int_eq(mkdir(f, 0700), 0);
	free(f);
	p = e2e_spawn(24, 160, e.env, path, NULL);
	/* Two matches: the common part, and both listed. */
	pty_type(p, ":layout ~/z");
	PTY_ASSERT(p, pty_wait_row(p, 23, ":layout ~/z", E2E_WAIT), "no prompt");
	PTY_ASSERT(p, !pty_row_find(p, 23, "zeta.layout", NULL), "listed early");
	pty_type(p, "\t");
	PTY_ASSERT(p, pty_wait_row(p, 23, "zdir/ zeta.layout", E2E_WAIT),
	    "the matches are not listed");
	want = xasprintf(":layout %s/z", run_env_dir(&e));
	PTY_ASSERT(p, pty_row_find(p, 23, want, NULL), "~ not expanded");
	free(want);
	/* One match: the whole name; a directory gets its '/'. */
	pty_type(p, "d\t");
	want = xasprintf(":layout %s/zdir/", run_env_dir(&e));
	PTY_ASSERT(p, pty_wait_row(p, 23, want, E2E_WAIT), "zdir/ not completed");
	PTY_ASSERT(p, !pty_row_find(p, 23, "zeta.layout", NULL), "list stays");
	free(want);
	pty_key(p, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	e2e_quit(p);
	pty_free(p);
	run_env_free(&e);
	free(path);
}
END_TEST

START_TEST(unknown_command_suggests)
{
	struct run_env	 e;
	char		*path = bytes_file("near");
	struct pty	*p;

	run_env_init(&e);
	p = e2e_spawn(24, 80, e.env, path, NULL);
	PTY_ASSERT(p, !pty_find(p, "did you mean", NULL, NULL), "early");
	pty_type(p, ":layot x\r");
	PTY_ASSERT(p, pty_wait_text(p, "unknown command \"layot\" (did you "
	    "mean :layout?)", E2E_WAIT), "no suggestion");
	e2e_quit(p);
	pty_free(p);
	run_env_free(&e);
	free(path);
}
END_TEST

/* The suite. */
static Suite *
prompt_suite(void)
{
	Suite	*s = suite_create("prompt");
	TCase	*tc = timeout_tcase("prompt", TIMEOUT_TOOL);

	tcase_add_test(tc, editing_keys_change_what_runs);
	tcase_add_test(tc, history_across_runs);
	tcase_add_test(tc, tab_completes_paths);
	tcase_add_test(tc, unknown_command_suggests);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	SRunner	*sr = srunner_create(prompt_suite());
	int	 failed;

	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
