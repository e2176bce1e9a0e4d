/* SPDX-License-Identifier: ISC */
/*
 * check_break.c - :break in the real viewer, end to end (issue 15).
 *
 * A test writer (this process, through a MAP_SHARED mapping of its own)
 * stores values one at a time and waits until the viewer shows each, so
 * every value is a frame of its own; the break must stop the view on the
 * first frame where its condition holds, show those bytes while the
 * writer goes on, refuse to store, ring the bell (or not, :bell off),
 * and let go on Esc.  Waits are conditions with deadlines, each checked
 * false before the action that should make it true; no timing decides a
 * test (stuck()'s duration is checked on the viewer's own clock, as the
 * status line reports it).
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

/* The writer stores byte V at OFF. */
static void
store(const char *path, uint64_t off, unsigned char v)
{
	e2e_mmap_store(path, off, &v, 1);
}

/* Condition: the header says "BREAK N - C changes since" with C > 0. */
static bool
counted_since(struct pty *p, void *arg)
{
	char		*t = pty_row_text(p, 0), *at;
	bool		 ok = false;

	(void)arg;
	if ((at = strstr(t, "BREAK 1 - ")) != NULL)
		ok = strtoul(at + strlen("BREAK 1 - "), NULL, 10) > 0;
	free(t);
	return ok;
}

/* The break stops on the first frame where it holds; the writer goes on. */
START_TEST(holds_the_first_frame)
{
	char		*path = e2e_zero_file("first");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);
	char		 want[3];

	pty_type(p, ":break u8@0 == 5\r");
	PTY_ASSERT(p, pty_wait_text(p, "the view stops when it becomes true",
	    E2E_WAIT), "break not set");
	/* 1 to 4: each a frame of its own, none stops the view. */
	for (unsigned char k = 1; k <= 4; k++) {
		store(path, 16, k);
		store(path, 0, k);
		snprintf(want, sizeof want, "%02x", k);
		PTY_ASSERT(p, e2e_wait_hex(p, 0, 0, want), "value not shown");
		PTY_ASSERT(p, e2e_wait_hex(p, 16, 0, want), "value not shown");
		PTY_ASSERT(p, !pty_find(p, "BREAK", NULL, NULL), "early break");
	}
	ck_assert_int_eq(pty_bells(p), 0);
	/* 16 before 0: a copy that sees 0 at 5 sees 16 at 5 too. */
	store(path, 16, 5);
	store(path, 0, 5);
	PTY_ASSERT(p, pty_wait_text(p, "BREAK 1 - ", E2E_WAIT), "no break");
	PTY_ASSERT(p, pty_wait_text(p, "u8@0 = 5 (was 4)", E2E_WAIT),
	    "the values that made it true");
	PTY_ASSERT(p, e2e_hex_now(p, 0, 0, "05"), "not the frame it fired on");
	PTY_ASSERT(p, e2e_hex_now(p, 16, 0, "05"), "not the frame it fired on");
	ck_assert_int_eq(pty_bells(p), 1);
	/* The writer goes on: counted in the header, not shown. */
	store(path, 16, 9);
	store(path, 0, 9);
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, counted_since, NULL),
	    "changes not counted while held");
	PTY_ASSERT(p, e2e_hex_now(p, 0, 0, "05"), "the held frame moved");
	PTY_ASSERT(p, e2e_hex_now(p, 16, 0, "05"), "the held frame moved");
	/* Nothing stores while held. */
	pty_type(p, "R");
	PTY_ASSERT(p, pty_wait_text(p, "refused: a break holds the view",
	    E2E_WAIT), "R not refused");
	pty_type(p, ":set u8 0xff\r");
	PTY_ASSERT(p, pty_wait_text(p, ":set refused", E2E_WAIT),
	    ":set not refused");
	ck_assert_uint_eq(e2e_byte_at(path, 0), 9);
	/* Esc: live again, showing the writer's bytes. */
	pty_key(p, VTERM_KEY_ESCAPE, 0);
	PTY_ASSERT(p, e2e_wait_hex(p, 0, 0, "09"), "not live after Esc");
	PTY_ASSERT(p, pty_wait_gone(p, "BREAK 1", E2E_WAIT), "still held");
	PTY_ASSERT(p, pty_wait_text(p, "continued after break 1", E2E_WAIT),
	    "continue message");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* A value far off screen stops the view too (its own window). */
START_TEST(off_screen_value)
{
	char		*path = e2e_zero_file("off");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	pty_type(p, ":break u32le@0xf00 > 2\r");
	PTY_ASSERT(p, pty_wait_text(p, "the view stops", E2E_WAIT), "not set");
	e2e_mmap_store(path, 0xf00, "\x02\x00\x00\x00", 4);
	e2e_mmap_store(path, 0x0, "\x01", 1);
	/* The store at 0 came after: once it shows, 0xf00 was seen at 2. */
	PTY_ASSERT(p, e2e_wait_hex(p, 0, 0, "01"), "writer not seen");
	PTY_ASSERT(p, !pty_find(p, "BREAK", NULL, NULL), "2 > 2 fired");
	e2e_mmap_store(path, 0xf00, "\x03\x00\x00\x00", 4);
	PTY_ASSERT(p, pty_wait_text(p, "BREAK 1 - ", E2E_WAIT), "no break");
	PTY_ASSERT(p, pty_wait_text(p, "u32le@0xf00 = 3 (was 2)", E2E_WAIT),
	    "the values");
	pty_type(p, ":breaks\r");
	PTY_ASSERT(p, pty_wait_text(p, "breaks: 1 \"u32le@0xf00 > 2\" (1 hit)",
	    E2E_WAIT), ":breaks");
	pty_type(p, ".");
	PTY_ASSERT(p, pty_wait_gone(p, "BREAK 1", E2E_WAIT), "still held");
	pty_type(p, ":delete 1\r");
	PTY_ASSERT(p, pty_wait_text(p, "deleted break 1", E2E_WAIT), "delete");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* The N of "(unchanged N ms)" on the status line, or -1. */
static long
unchanged_ms(struct pty *p)
{
	int	 rows, cols;
	char	*t, *at;
	long	 n = -1;

	pty_size(p, &rows, &cols);
	t = pty_row_text(p, rows - 1);
	if ((at = strstr(t, "(unchanged ")) != NULL)
		n = strtol(at + strlen("(unchanged "), NULL, 10);
	free(t);
	return n;
}

/* stuck() fires once the value has been still for its duration. */
START_TEST(stuck_fires_when_still)
{
	char		*path = e2e_zero_file("stuck");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	store(path, 0x20, 1);
	PTY_ASSERT(p, e2e_wait_hex(p, 0x20, 0, "01"), "writer not seen");
	/* "== 2": it cannot hold before the writer's change, however slow
	   the machine (stuck() alone could come due on 1 first). */
	pty_type(p, ":break u8@0x20 == 2 && stuck(u8@0x20, 300ms)\r");
	PTY_ASSERT(p, pty_wait_text(p, "the view stops", E2E_WAIT), "not set");
	store(path, 0x20, 2);
	PTY_ASSERT(p, pty_wait_text(p, "BREAK 1 - ", E2E_WAIT), "no break");
	PTY_ASSERT(p, pty_wait_text(p, "u8@0x20 = 2 (unchanged", E2E_WAIT),
	    "the value that held still");
	/* Not before its time, by the viewer's own clock (no timing here). */
	PTY_ASSERT(p, unchanged_ms(p) >= 300, "fired before 300 ms");
	PTY_ASSERT(p, e2e_hex_now(p, 0x20, 0, "02"), "frame");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* :bell off: the view stops without ringing. */
START_TEST(bell_off_stops_quietly)
{
	char		*path = e2e_zero_file("bell");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	pty_type(p, ":bell off\r");
	PTY_ASSERT(p, pty_wait_text(p, "bell off", E2E_WAIT), ":bell");
	pty_type(p, ":break u8@0 != 0\r");
	PTY_ASSERT(p, pty_wait_text(p, "the view stops", E2E_WAIT), "not set");
	store(path, 0, 0x42);
	PTY_ASSERT(p, pty_wait_text(p, "BREAK 1 - ", E2E_WAIT), "no break");
	PTY_ASSERT(p, e2e_hex_now(p, 0, 0, "42"), "frame");
	ck_assert_int_eq(pty_bells(p), 0);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* A condition with an error says where; nothing is set. */
START_TEST(bad_condition_is_explained)
{
	char		*path = e2e_zero_file("bad");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	pty_type(p, ":break u8@0 ==\r");
	PTY_ASSERT(p, pty_wait_text(p, "break: ", E2E_WAIT), "no error");
	PTY_ASSERT(p, pty_wait_text(p, "column", E2E_WAIT), "no column");
	pty_type(p, ":breaks\r");
	PTY_ASSERT(p, pty_wait_text(p, "no breakpoints", E2E_WAIT), "set");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("break");
	TCase	*tc = timeout_tcase("break", TIMEOUT_TOOL);

	tcase_add_test(tc, holds_the_first_frame);
	tcase_add_test(tc, off_screen_value);
	tcase_add_test(tc, stuck_fires_when_still);
	tcase_add_test(tc, bell_off_stops_quietly);
	tcase_add_test(tc, bad_condition_is_explained);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
