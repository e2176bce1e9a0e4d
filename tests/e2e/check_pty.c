/* SPDX-License-Identifier: ISC */
/*
 * check_pty.c - the end-to-end harness tested against small real programs.
 *
 * Before livehex is driven through pty.c, the harness itself must be shown
 * to see what a terminal would see: text (wide and combining characters
 * included), attributes and colours, the cursor, the alternate screen; to
 * send what a terminal would send (keys in normal and application cursor
 * mode, mouse reports in the encoding the program asked for, answers to
 * queries); to resize with SIGWINCH; to report exit statuses; and to give
 * up at its timeouts.  Two libvterm 0.1.4 gaps that pty.c covers are pinned
 * here too: DECSET lists as curses sends them, and no mouse reports while
 * the program has them off.  The programs are /bin/sh scripts and
 * coreutils (GNU od for -w); the scripts may sleep, the tests never do.
 *
 * Every wait is on a condition with a timeout, and where it matters the
 * condition is asserted false before the action that should make it true.
 * Checks that read the screen dump it on failure (PTY_ASSERT).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../timeout.h"
#include "pty.h"

/* Budget for a wait that should succeed. */
#define T	PTY_TIMEOUT_MS
/* Longer than any scheduling delay; shorter than the test case's budget / 2. */
#define HANG_MS	60000

/* Milliseconds on CLOCK_MONOTONIC. */
static long long
mono_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Spawn "/bin/sh -c SCRIPT" at ROWS x COLS with EXTRA_ENV. */
static struct pty *
spawn_sh(const char *script, int rows, int cols, char *const extra_env[])
{
	char		 sh[] = "/bin/sh", dash_c[] = "-c";
	char		*copy = strdup(script);
	char		*argv[] = { sh, dash_c, copy, NULL };
	struct pty	*p;

	ck_assert_ptr_nonnull(copy);
	p = pty_spawn(argv, rows, cols, extra_env);
	free(copy);
	return p;
}

/* Assert that ROW of P reads exactly WANT (trailing blanks trimmed). */
static void
assert_row(struct pty *p, int row, const char *want)
{
	char	*got = pty_row_text(p, row);

	PTY_ASSERT(p, strcmp(got, want) == 0,
	    "row %d is \"%s\", want \"%s\"", row, got, want);
	free(got);
}

/* Wait for the child to exit with status CODE. */
static void
assert_exits(struct pty *p, int code)
{
	int	status = -1;

	PTY_ASSERT(p, pty_wait_exit(p, T, &status), "child did not exit");
	PTY_ASSERT(p, WIFEXITED(status) && WEXITSTATUS(status) == code,
	    "wait status %#x, want exit %d", (unsigned)status, code);
}

/* Condition: the program is on the alternate screen. */
static bool
cond_alt(struct pty *p, void *arg)
{
	(void)arg;
	return pty_altscreen(p);
}

/* Condition: primary screen and cursor visible. */
static bool
cond_normal(struct pty *p, void *arg)
{
	(void)arg;
	return pty_screen_is_normal(p);
}

/* Condition: the program asked for mouse clicks. */
static bool
cond_mouse(struct pty *p, void *arg)
{
	(void)arg;
	return pty_mouse_mode(p) != VTERM_PROP_MOUSE_NONE;
}

/* Condition: the program turned mouse reporting off. */
static bool
cond_no_mouse(struct pty *p, void *arg)
{
	(void)arg;
	return pty_mouse_mode(p) == VTERM_PROP_MOUSE_NONE;
}

/* Condition: the program set the window title. */
static bool
cond_title(struct pty *p, void *arg)
{
	(void)arg;
	return strcmp(pty_title(p), "hexed") == 0;
}

/* ---- reading the screen ---------------------------------------------------- */

START_TEST(text_and_attributes)
{
	struct pty	*p = spawn_sh(
	    "printf 'hello\\033[1mBOLD\\033[0m\\033[7mREV\\033[0m"
	    "\\033[31mred\\033[0m\\033[4;48;5;200mU\\033[0m"
	    "\\033[38;2;1;2;3mT\\033[0m'; read x; echo got:$x", 24, 80, NULL);
	struct pty_cell	 c;
	int		 row, col;

	PTY_ASSERT(p, pty_wait_text(p, "helloBOLDREVredUT", T), "no text");
	assert_row(p, 0, "helloBOLDREVredUT");

	pty_cell(p, 0, 0, &c);
	ck_assert_str_eq(c.text, "h");
	ck_assert_int_eq(c.width, 1);
	ck_assert(!c.bold && !c.reverse && !c.underline);
	ck_assert_int_eq(c.fg.kind, PTY_COLOR_DEFAULT);
	ck_assert_int_eq(c.bg.kind, PTY_COLOR_DEFAULT);

	pty_cell(p, 0, 5, &c);
	ck_assert_str_eq(c.text, "B");
	ck_assert(c.bold && !c.reverse);
	ck_assert_int_eq(c.fg.kind, PTY_COLOR_DEFAULT);

	pty_cell(p, 0, 9, &c);
	ck_assert_str_eq(c.text, "R");
	ck_assert(c.reverse && !c.bold);

	pty_cell(p, 0, 12, &c);
	ck_assert_str_eq(c.text, "r");
	ck_assert(!c.bold && !c.reverse);
	ck_assert_int_eq(c.fg.kind, PTY_COLOR_INDEXED);
	ck_assert_int_eq(c.fg.index, 1);
	ck_assert_int_eq(c.bg.kind, PTY_COLOR_DEFAULT);

	pty_cell(p, 0, 15, &c);
	ck_assert_str_eq(c.text, "U");
	ck_assert(c.underline);
	ck_assert_int_eq(c.fg.kind, PTY_COLOR_DEFAULT);
	ck_assert_int_eq(c.bg.kind, PTY_COLOR_INDEXED);
	ck_assert_int_eq(c.bg.index, 200);

	pty_cell(p, 0, 16, &c);
	ck_assert_int_eq(c.fg.kind, PTY_COLOR_RGB);
	ck_assert(c.fg.r == 1 && c.fg.g == 2 && c.fg.b == 3);

	/* A blank cell past the text. */
	pty_cell(p, 0, 40, &c);
	ck_assert_str_eq(c.text, " ");
	ck_assert_int_eq(c.bg.kind, PTY_COLOR_DEFAULT);

	ck_assert_int_eq(pty_cursor(p, &row, &col), 1);
	ck_assert_int_eq(row, 0);
	ck_assert_int_eq(col, 17);

	/* Input reaches the program, cooked by the line discipline. */
	PTY_ASSERT(p, !pty_find(p, "got:", NULL, NULL), "answer too early");
	pty_type(p, "abc\r");
	PTY_ASSERT(p, pty_wait_row(p, 1, "got:abc", T), "no answer");
	assert_row(p, 0, "helloBOLDREVredUTabc");	/* the echo */
	ck_assert(pty_find(p, "got:abc", &row, &col));
	ck_assert_int_eq(row, 1);
	ck_assert_int_eq(col, 0);
	assert_exits(p, 0);
	pty_free(p);
}
END_TEST

START_TEST(wide_and_combining)
{
	/* a, U+4E2D (wide), space, b, U+00E9; then e + U+0301 (combining) */
	struct pty	*p = spawn_sh(
	    "printf 'a\\344\\270\\255 b\\303\\251|\\r\\nxe\\314\\201y|\\r\\n'",
	    24, 80, NULL);
	struct pty_cell	 c;
	int		 row, col;

	PTY_ASSERT(p, pty_wait_text(p, "y|", T), "no text");
	assert_row(p, 0, "a\344\270\255 b\303\251|");
	assert_row(p, 1, "xe\314\201y|");

	ck_assert(pty_find(p, "b", &row, &col));
	ck_assert_int_eq(row, 0);
	ck_assert_int_eq(col, 4);	/* the wide char took cells 1 and 2 */
	ck_assert(pty_find(p, "\344\270\255 b", &row, &col));
	ck_assert_int_eq(col, 1);
	ck_assert(pty_row_find(p, 0, "|", &col));
	ck_assert_int_eq(col, 6);
	ck_assert(!pty_row_find(p, 1, "b", NULL));

	pty_cell(p, 0, 1, &c);
	ck_assert_str_eq(c.text, "\344\270\255");
	ck_assert_int_eq(c.width, 2);
	pty_cell(p, 0, 2, &c);
	ck_assert_str_eq(c.text, "");
	ck_assert_int_eq(c.width, 0);
	pty_cell(p, 1, 1, &c);
	ck_assert_str_eq(c.text, "e\314\201");
	ck_assert_int_eq(c.width, 1);
	pty_cell(p, 1, 2, &c);
	ck_assert_str_eq(c.text, "y");
	assert_exits(p, 0);
	pty_free(p);
}
END_TEST

START_TEST(dump_shows_screen)
{
	struct pty	*p = spawn_sh("printf 'hello\\033[7mREV\\033[0m'",
			    4, 20, NULL);
	char		*buf = NULL;
	size_t		 len = 0;
	FILE		*f;

	PTY_ASSERT(p, pty_wait_text(p, "helloREV", T), "no text");
	assert_exits(p, 0);
	f = open_memstream(&buf, &len);
	ck_assert_ptr_nonnull(f);
	pty_dump(p, f);
	fclose(f);
	ck_assert_msg(strstr(buf, "exited 0, 4x20, cursor 0,8,") != NULL,
	    "%s", buf);
	ck_assert_msg(strstr(buf, "    +--------------------+\n") != NULL,
	    "%s", buf);
	ck_assert_msg(strstr(buf, "  0 |helloREV            |\n") != NULL,
	    "%s", buf);
	ck_assert_msg(strstr(buf, "  3 |                    |\n") != NULL,
	    "%s", buf);
	ck_assert_msg(strstr(buf, "   0: [5-7] reverse\n") != NULL, "%s", buf);
	free(buf);

	buf = pty_screen_text(p);
	ck_assert_str_eq(buf, "helloREV\n\n\n\n");
	free(buf);
	pty_free(p);
}
END_TEST

/* ---- the child's world ----------------------------------------------------- */

START_TEST(environment)
{
	char		 set[] = "PTYTEST_SET=bar", empty[] = "PTYTEST_EMPTY=";
	char		 gone[] = "-PTYTEST_GONE";
	char		*extra[] = { set, empty, gone, NULL };
	char		 term[] = "TERM=vt100", lc[] = "LC_ALL=C";
	char		*over[] = { term, lc, NULL };
	const char	*script = "echo \"T=$TERM L=$LC_ALL S=$PTYTEST_SET"
	    " E=${PTYTEST_EMPTY-unset}. G=${PTYTEST_GONE-unset}"
	    " LINES=${LINES-unset} COLUMNS=${COLUMNS-unset}\"";
	struct pty	*p;

	/* Check forks each test: this environment is ours alone. */
	ck_assert_int_eq(setenv("PTYTEST_GONE", "here", 1), 0);
	ck_assert_int_eq(setenv("LINES", "5", 1), 0);
	ck_assert_int_eq(setenv("COLUMNS", "7", 1), 0);
	ck_assert_int_eq(setenv("TERM", "dumb", 1), 0);

	p = spawn_sh(script, 24, 100, extra);
	PTY_ASSERT(p, pty_wait_text(p, "COLUMNS=", T), "no output");
	assert_row(p, 0, "T=xterm-256color L=C.UTF-8 S=bar E=. G=unset "
	    "LINES=unset COLUMNS=unset");
	assert_exits(p, 0);
	pty_free(p);

	p = spawn_sh(script, 24, 100, over);
	PTY_ASSERT(p, pty_wait_text(p, "COLUMNS=", T), "no output");
	assert_row(p, 0, "T=vt100 L=C S= E=unset. G=here "
	    "LINES=unset COLUMNS=unset");
	assert_exits(p, 0);
	pty_free(p);
}
END_TEST

START_TEST(bad_extra_env_aborts)
{
	char	 bad[] = "NO_EQUALS_SIGN";
	char	*extra[] = { bad, NULL };

	pty_free(spawn_sh("true", 24, 80, extra));
}
END_TEST

START_TEST(child_signals_default)
{
	sigset_t	 block;
	struct pty	*p;
	int		 status = 0;

	/* Leftovers the child must not inherit. */
	ck_assert(signal(SIGTERM, SIG_IGN) != SIG_ERR);
	ck_assert(signal(SIGINT, SIG_IGN) != SIG_ERR);
	sigemptyset(&block);
	sigaddset(&block, SIGUSR1);
	sigaddset(&block, SIGWINCH);
	ck_assert_int_eq(sigprocmask(SIG_BLOCK, &block, NULL), 0);

	p = spawn_sh("exec grep '^Sig[BI]' /proc/self/status", 24, 80, NULL);
	PTY_ASSERT(p, pty_wait_text(p, "SigIgn:", T), "no output");
	assert_exits(p, 0);
	PTY_ASSERT(p, pty_find(p, "SigBlk: 0000000000000000", NULL, NULL),
	    "child started with signals blocked");
	PTY_ASSERT(p, pty_find(p, "SigIgn: 0000000000000000", NULL, NULL),
	    "child started with signals ignored");
	pty_free(p);

	/* Had SIGTERM stayed ignored, a non-interactive shell could not
	 * even reset it, and would say "survived". */
	p = spawn_sh("kill -TERM $$; echo survived", 24, 80, NULL);
	PTY_ASSERT(p, pty_wait_exit(p, T, &status), "child did not exit");
	PTY_ASSERT(p, WIFSIGNALED(status) && WTERMSIG(status) == SIGTERM,
	    "wait status %#x, want SIGTERM", (unsigned)status);
	pty_free(p);
}
END_TEST

START_TEST(resize_sends_sigwinch)
{
	/* The program may sleep; the test never does. */
	struct pty	*p = spawn_sh("trap 'stty size' WINCH; stty size;"
			    " echo ready; while :; do sleep 1 & wait $!; done",
			    24, 80, NULL);
	int		 rows, cols;

	PTY_ASSERT(p, pty_wait_text(p, "ready", T), "not ready");
	assert_row(p, 0, "24 80");

	PTY_ASSERT(p, !pty_find(p, "30 100", NULL, NULL), "resized early");
	pty_resize(p, 30, 100);
	pty_size(p, &rows, &cols);
	ck_assert_int_eq(rows, 30);
	ck_assert_int_eq(cols, 100);
	PTY_ASSERT(p, pty_wait_row(p, 2, "30 100", T), "no SIGWINCH seen");

	PTY_ASSERT(p, !pty_find(p, "10 40", NULL, NULL), "resized early");
	pty_resize(p, 10, 40);
	PTY_ASSERT(p, pty_wait_row(p, 3, "10 40", T), "no second SIGWINCH");
	/* The screen shrank too: nothing beyond column 40 or row 10. */
	pty_size(p, &rows, &cols);
	ck_assert_int_eq(rows, 10);
	ck_assert_int_eq(cols, 40);
	pty_free(p);
}
END_TEST

/* ---- what the terminal sends ------------------------------------------------- */

START_TEST(keys_as_a_terminal_sends_them)
{
	/* od shows the bytes that arrive; raw mode passes them untouched. */
	struct pty	*p = spawn_sh("stty raw -echo; printf 'normal>';"
			    " od -An -tx1 -w32 -N13;"
			    " printf '\\r\\033[?1happ>'; od -An -tx1 -w32 -N9;"
			    " printf '\\r\\033[?1l'; stty sane",
			    24, 80, NULL);

	PTY_ASSERT(p, pty_wait_text(p, "normal>", T), "not ready");
	PTY_ASSERT(p, !pty_find(p, "1b", NULL, NULL), "bytes too early");
	pty_key(p, VTERM_KEY_UP, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_PAGEDOWN, VTERM_MOD_NONE);
	pty_ctrl(p, 'a');
	pty_type(p, "\303\251");			/* U+00E9 */
	pty_key(p, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_ENTER, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_TAB, VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait_row(p, 0,
	    "normal> 1b 5b 41 1b 5b 36 7e 01 c3 a9 1b 0d 09", T),
	    "wrong bytes in normal cursor mode");

	/* After DECCKM (as curses sets it) the same keys send SS3 forms. */
	PTY_ASSERT(p, pty_wait_text(p, "app>", T), "not ready for app mode");
	pty_key(p, VTERM_KEY_UP, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_HOME, VTERM_MOD_NONE);
	pty_key(p, VTERM_KEY_FUNCTION(1), VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait_row(p, 1,
	    "app> 1b 4f 41 1b 4f 48 1b 4f 50", T),
	    "wrong bytes in application cursor mode");
	assert_exits(p, 0);
	pty_free(p);
}
END_TEST

START_TEST(queries_are_answered)
{
	/* DSR 6: the terminal answers with the cursor position, ESC[1;3R. */
	struct pty	*p = spawn_sh("stty raw -echo; printf 'ab\\033[6n';"
			    " od -An -tx1 -N6; stty sane", 24, 80, NULL);

	PTY_ASSERT(p, pty_wait_row(p, 0, "ab 1b 5b 31 3b 33 52", T),
	    "cursor position report not answered");
	assert_exits(p, 0);
	pty_free(p);
}
END_TEST

START_TEST(mouse_in_requested_encoding)
{
	/* As curses does it: one DECSET with a list (which libvterm 0.1.4
	 * alone would take for 1006 only), here even cut in two writes. */
	struct pty	*p = spawn_sh("stty raw -echo; printf 'wait>\\033[?10';"
			    " dd bs=1 count=1 of=/dev/null 2>/dev/null;"
			    " printf '06;1000hmouse>'; od -An -tx1 -w32 -N28;"
			    " printf '\\r\\n\\033[?1006;1000loff>';"
			    " od -An -tx1 -N1; stty sane", 24, 120, NULL);

	PTY_ASSERT(p, pty_wait_text(p, "wait>", T), "not ready");
	ck_assert_int_eq(pty_mouse_mode(p), VTERM_PROP_MOUSE_NONE);
	pty_type(p, "g");
	PTY_ASSERT(p, pty_wait_text(p, "mouse>", T), "no mouse prompt");
	PTY_ASSERT(p, pty_wait(p, T, cond_mouse, NULL), "mouse not enabled");
	ck_assert_int_eq(pty_mouse_mode(p), VTERM_PROP_MOUSE_CLICK);
	PTY_ASSERT(p, !pty_find(p, "10", NULL, NULL), "sequence shown");

	/* SGR (1006): press and release at row 2, col 4 (1-based 3;5). */
	pty_mouse_click(p, 2, 4, 1);
	pty_mouse_wheel(p, 2, 4, true);
	PTY_ASSERT(p, pty_wait_row(p, 0, "wait>mouse>"
	    " 1b 5b 3c 30 3b 35 3b 33 4d"	/* ESC[<0;5;3M */
	    " 1b 5b 3c 30 3b 35 3b 33 6d"	/* ESC[<0;5;3m */
	    " 1b 5b 3c 36 34 3b 35 3b 33 4d",	/* ESC[<64;5;3M */
	    T), "wrong mouse reports");

	/* Reporting off again: a click sends nothing, so "z" comes first.
	 * (od ended its line with a bare LF in raw mode: row 2.) */
	PTY_ASSERT(p, pty_wait_text(p, "off>", T), "no off prompt");
	PTY_ASSERT(p, pty_wait(p, T, cond_no_mouse, NULL), "mouse still on");
	pty_mouse_click(p, 2, 4, 1);
	pty_mouse_wheel(p, 2, 4, false);
	pty_type(p, "z");
	PTY_ASSERT(p, pty_wait_row(p, 2, "off> 7a", T),
	    "click sent while reporting was off");
	assert_exits(p, 0);
	pty_free(p);
}
END_TEST

START_TEST(input_queued_while_child_not_reading)
{
	/* The child reads one byte, then nothing until it prints "go>";
	 * far more than the pty holds is queued meanwhile. */
	struct pty	*p = spawn_sh("stty raw -echo; printf 'ready>';"
			    " dd bs=1 count=1 of=/dev/null 2>/dev/null;"
			    " printf 'go>'; head -c 200000 | wc -c; stty sane",
			    24, 80, NULL);
	static char	 lots[200001];

	memset(lots, 'x', sizeof lots);
	PTY_ASSERT(p, pty_wait_text(p, "ready>", T), "not ready");
	pty_send(p, lots, sizeof lots);
	PTY_ASSERT(p, pty_wait_text(p, "go>200000", T), "input lost");
	assert_exits(p, 0);
	pty_free(p);
}
END_TEST

/* ---- screen modes ------------------------------------------------------------ */

START_TEST(alternate_screen_tracked)
{
	struct pty	*p = spawn_sh("printf primary; read x;"
			    " printf '\\033[?1049h\\033[?25lalt'; read x;"
			    " printf '\\033[?1049l\\033[?25hback'; read x",
			    24, 80, NULL);

	PTY_ASSERT(p, pty_wait_text(p, "primary", T), "no text");
	ck_assert(!pty_altscreen(p));
	ck_assert(pty_screen_is_normal(p));
	ck_assert_int_eq(pty_cursor(p, NULL, NULL), 1);

	pty_type(p, "\r");
	PTY_ASSERT(p, pty_wait(p, T, cond_alt, NULL), "no alternate screen");
	PTY_ASSERT(p, pty_wait_text(p, "alt", T), "no text on alt screen");
	PTY_ASSERT(p, !pty_find(p, "primary", NULL, NULL),
	    "alternate screen not cleared");
	ck_assert(!pty_screen_is_normal(p));
	ck_assert_int_eq(pty_cursor(p, NULL, NULL), 0);

	pty_type(p, "\r");
	PTY_ASSERT(p, pty_wait(p, T, cond_normal, NULL), "not restored");
	PTY_ASSERT(p, pty_wait_text(p, "back", T), "no text after restore");
	PTY_ASSERT(p, pty_wait_gone(p, "alt", T), "alt text still shown");
	PTY_ASSERT(p, pty_find(p, "primary", NULL, NULL),
	    "primary screen not restored");
	ck_assert(!pty_altscreen(p));

	pty_type(p, "\r");
	assert_exits(p, 0);
	pty_free(p);
}
END_TEST

START_TEST(title_and_bell)
{
	struct pty	*p = spawn_sh("printf '\\033]2;hexed\\007'; read x;"
			    " printf '\\007done'", 24, 80, NULL);

	PTY_ASSERT(p, pty_wait(p, T, cond_title, NULL), "no title");
	ck_assert_int_eq(pty_bells(p), 0);
	pty_type(p, "\r");
	PTY_ASSERT(p, pty_wait_text(p, "done", T), "no text");
	ck_assert_str_eq(pty_title(p), "hexed");
	ck_assert_int_eq(pty_bells(p), 1);
	assert_exits(p, 0);
	pty_free(p);
}
END_TEST

/* ---- exits and timeouts ------------------------------------------------------ */

START_TEST(exit_status_reported)
{
	char		 bad[] = "/nonexistent/livehex-pty-test";
	char		*argv[] = { bad, NULL };
	struct pty	*p = spawn_sh("exit 3", 24, 80, NULL);
	int		 status = -1;

	assert_exits(p, 3);
	/* Asking again gives the same answer. */
	ck_assert(pty_wait_exit(p, 0, &status));
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 3);
	pty_free(p);

	p = pty_spawn(argv, 24, 80, NULL);
	assert_exits(p, 127);
	PTY_ASSERT(p, pty_find(p,
	    "pty: exec /nonexistent/livehex-pty-test: No such file", NULL,
	    NULL), "exec failure not explained");
	pty_free(p);
}
END_TEST

START_TEST(wait_exit_keeps_reading)
{
	/* Far more than a pty buffers: seq only exits if we keep reading. */
	struct pty	*p = spawn_sh("seq 1 50000", 24, 80, NULL);

	assert_exits(p, 0);
	assert_row(p, 22, "50000");
	assert_row(p, 0, "49978");
	pty_free(p);
}
END_TEST

START_TEST(timeouts_expire)
{
	char		 cat[] = "cat";
	char		*argv[] = { cat, NULL };
	struct pty	*p = pty_spawn(argv, 24, 80, NULL);
	long long	 t0, took;
	int		 pid = pty_pid(p);

	/*
	 * A wait never gives up early.  That it gives up at all is what the
	 * upper bound checks: it is far above any scheduling delay (a busy
	 * machine must not fail this), far below a wait that never ends.
	 */
	t0 = mono_ms();
	ck_assert(!pty_wait_text(p, "never", 300));
	took = mono_ms() - t0;
	ck_assert_msg(took >= 300 && took < 300 + HANG_MS, "took %lld ms",
	    took);

	t0 = mono_ms();
	ck_assert(!pty_wait_exit(p, 200, NULL));
	took = mono_ms() - t0;
	ck_assert_msg(took >= 200 && took < 200 + HANG_MS, "took %lld ms",
	    took);

	/* pty_free kills and reaps it: the pid is gone afterwards. */
	pty_free(p);
	ck_assert_int_eq(kill(pid, 0), -1);
	ck_assert_int_eq(errno, ESRCH);
}
END_TEST

START_TEST(hung_up_wait_returns_at_once)
{
	struct pty	*p = spawn_sh("echo bye", 24, 80, NULL);
	long long	 t0, took;

	PTY_ASSERT(p, pty_wait_text(p, "bye", T), "no text");
	/*
	 * The budget is twice HANG_MS: a wait that ignored the hang-up would
	 * use all of it, one that returns at once is far below HANG_MS
	 * however busy the machine is.
	 */
	t0 = mono_ms();
	ck_assert(!pty_wait_text(p, "never", 2 * HANG_MS));
	took = mono_ms() - t0;
	ck_assert(pty_hung_up(p));
	ck_assert_msg(took < HANG_MS, "took %lld ms after hang-up", took);
	assert_exits(p, 0);
	pty_free(p);
}
END_TEST

/* The suite, one test case per area. */
static Suite *
pty_suite(void)
{
	Suite	*s = suite_create("pty");
	TCase	*tc;

	tc = timeout_tcase("screen", TIMEOUT_TOOL);
	tcase_add_test(tc, text_and_attributes);
	tcase_add_test(tc, wide_and_combining);
	tcase_add_test(tc, dump_shows_screen);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("child", TIMEOUT_TOOL);
	tcase_add_test(tc, environment);
	tcase_add_test_raise_signal(tc, bad_extra_env_aborts, SIGABRT);
	tcase_add_test(tc, child_signals_default);
	tcase_add_test(tc, resize_sends_sigwinch);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("input", TIMEOUT_TOOL);
	tcase_add_test(tc, keys_as_a_terminal_sends_them);
	tcase_add_test(tc, queries_are_answered);
	tcase_add_test(tc, mouse_in_requested_encoding);
	tcase_add_test(tc, input_queued_while_child_not_reading);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("modes", TIMEOUT_TOOL);
	tcase_add_test(tc, alternate_screen_tracked);
	tcase_add_test(tc, title_and_bell);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("exit", TIMEOUT_TOOL);
	tcase_add_test(tc, exit_status_reported);
	tcase_add_test(tc, wait_exit_keeps_reading);
	tcase_add_test(tc, timeouts_expire);
	tcase_add_test(tc, hung_up_wait_returns_at_once);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(pty_suite());
	int	 failed;

	/* Always fork: tests change their environment and signal state,
	 * and one expects an abort. */
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
