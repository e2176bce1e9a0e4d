/* SPDX-License-Identifier: ISC */
/*
 * check_scanview.c - :scan in the real viewer, end to end (issue 15).
 *
 * A test writer keeps 1024 u32 values in a file: one counter it
 * increments, some that go up once and then down, some that go down,
 * the rest still.  :scan u32 records them all; after each step of the
 * writer :scan increased narrows, until the counter's offset is the
 * one candidate; :scan list shows it with its live value, Enter puts
 * the cursor there, :scan pin adds its pin row.  A round over a 1 GiB
 * sparse file, run with a tiny budget per tick (LIVEHEX_SCAN_BUDGET)
 * so that it spans thousands of ticks, is cancelled with Esc once its
 * progress shows.  A scan never stores: the file's bytes are compared
 * after every round.  Waits are conditions with deadlines, each false
 * before the action that makes it true; no timing decides a test.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "e2e.h"
#include "testutil.h"
#include "timeout.h"

static char	 unset_no_color[] = "-NO_COLOR";
static char	 small_budget[] = "LIVEHEX_SCAN_BUDGET=65536";
static char *const no_env[] = { unset_no_color, NULL };
static char *const slow_env[] = { unset_no_color, small_budget, NULL };

/* The writer's slots: 1024 u32le values in a 4 KiB file. */
#define SLOTS		1024
#define COUNTER		105		/* at 0x1a4: the one we look for */
#define UP_ONCE		200		/* 200..203 go up once, then down */
#define DOWN		300		/* 300..309 go down at every step */

/* The writer's values, as the file should hold them. */
static uint32_t	vals[SLOTS];

/* Store slot I's value through the writer's own mapping. */
static void
put(const char *path, size_t i)
{
	uint8_t	b[4] = { vals[i] & 0xff, (vals[i] >> 8) & 0xff,
		    (vals[i] >> 16) & 0xff, vals[i] >> 24 };

	e2e_mmap_store(path, (uint64_t)i * 4, b, sizeof b);
}

/* One step of the writer: the counter up, UP_ONCE up (FIRST) or down. */
static void
writer_step(const char *path, bool first)
{
	vals[COUNTER]++;
	put(path, COUNTER);
	for (size_t i = UP_ONCE; i < UP_ONCE + 4; i++) {
		vals[i] += first ? 1 : -2;
		put(path, i);
	}
	for (size_t i = DOWN; i < DOWN + 10; i++) {
		vals[i]--;
		put(path, i);
	}
}

/* The file holds exactly the writer's values (the scan stored nothing). */
static void
file_is_writers(const char *path)
{
	uint32_t	got[SLOTS];

	e2e_pread(path, 0, got, sizeof got);
	ck_assert_msg(memcmp(got, vals, sizeof got) == 0, "the file changed");
}

/* Type :scan ARGS and wait for its outcome WANT on the status line. */
static void
scan(struct pty *p, const char *args, const char *want)
{
	char	line[128];

	PTY_ASSERT(p, !pty_find(p, want, NULL, NULL), "already: %s", want);
	snprintf(line, sizeof line, ":scan %s\r", args);
	pty_type(p, line);
	PTY_ASSERT(p, pty_wait_text(p, want, E2E_WAIT), "no \"%s\"", want);
}

/* Rounds narrow to the counter; list, Enter and pin find it. */
START_TEST(scan_narrows_to_the_counter)
{
	char		*path;
	struct pty	*p;

	for (size_t i = 0; i < SLOTS; i++)
		vals[i] = (uint32_t)(i * 7 % 50) + 200;
	vals[COUNTER] = 100;
	path = tu_file("scan", vals, sizeof vals);
	p = e2e_spawn(30, 120, no_env, path, NULL);
	scan(p, "u32", "scan: 1024 candidates (from 1024)");
	file_is_writers(path);
	writer_step(path, true);
	/* The counter and the four that went up once. */
	scan(p, "increased", "scan: 5 candidates (from 1024)");
	file_is_writers(path);
	writer_step(path, false);
	scan(p, "increased", "scan: 1 candidate (from 5) at 0x1a4");
	file_is_writers(path);
	/* The list: the candidate and its value, live. */
	scan(p, "list", "0x1a4 = 102");
	writer_step(path, false);
	PTY_ASSERT(p, pty_wait_text(p, "0x1a4 = 103  (was 102)", E2E_WAIT),
	    "the list's value is not live");
	/* Enter jumps there. */
	PTY_ASSERT(p, !pty_find(p, "0x1a4 (420) ", NULL, NULL), "there");
	pty_type(p, "\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0x1a4), "Enter did not jump");
	/* A pin row for it. */
	PTY_ASSERT(p, !pty_find(p, "pin 1", NULL, NULL), "a pin already");
	scan(p, "pin", "scan pin: 1 pin added");
	PTY_ASSERT(p, pty_wait_text(p, "pin 1", E2E_WAIT), "no pin row");
	PTY_ASSERT(p, pty_wait_text(p, "u32le@0x1a4", E2E_WAIT), "pin's name");
	file_is_writers(path);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* A first round asks a predicate at once; wrong words are said. */
START_TEST(scan_filters_and_refuses)
{
	char		*path;
	struct pty	*p;

	for (size_t i = 0; i < SLOTS; i++)
		vals[i] = (uint32_t)(i % 10);
	path = tu_file("scanf", vals, sizeof vals);
	p = e2e_spawn(30, 120, no_env, path, NULL);
	scan(p, "increased", "no scan yet for increased");
	scan(p, "u32 == 3", "scan: 103 candidates (from 1024)");
	scan(p, "< 3", "scan: 0 candidates (from 103)");
	scan(p, "u32 > 7 in 0x100..0x200", "scan: 12 candidates (from 64)");
	scan(p, "u32 changed", "changed compares with the last round");
	scan(p, "bogus", "unknown word \"bogus\"");
	scan(p, "u32 in 0x200..0x100", "is empty");
	scan(p, "reset", "scan reset: no candidates");
	scan(p, "list", "no scan yet");
	file_is_writers(path);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* Esc while a round over a big sparse file runs cancels it. */
START_TEST(scan_esc_cancels)
{
	char		*path = tu_path("scanbig");
	int		 fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	long long	 blocks;
	struct stat	 st;
	struct pty	*p;

	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(ftruncate(fd, (off_t)1 << 30), 0);
	close(fd);
	blocks = tu_blocks(path);
	p = e2e_spawn(30, 120, slow_env, path, NULL);
	PTY_ASSERT(p, !pty_find(p, "Esc cancels", NULL, NULL), "running");
	pty_type(p, ":scan u32 == 1\r");
	/* Running, and past its first budget: progress is shown. */
	PTY_ASSERT(p, pty_wait_text(p, "%: u32le == 1; Esc cancels",
	    E2E_WAIT), "no progress");
	PTY_ASSERT(p, !pty_find(p, "scan cancelled", NULL, NULL), "early");
	pty_key(p, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait_text(p, "scan cancelled at ", E2E_WAIT),
	    "Esc did not cancel");
	PTY_ASSERT(p, pty_wait_text(p, "no scan kept", E2E_WAIT),
	    "a cancelled first round kept candidates");
	scan(p, "list", "no scan yet");
	/* Nothing was stored: still 1 GiB, still a hole. */
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, (off_t)1 << 30);
	ck_assert_int_eq(tu_blocks(path), blocks);
	e2e_quit(p);
	pty_free(p);
	unlink(path);
	free(path);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("scanview");
	TCase	*tc = timeout_tcase("scanview", TIMEOUT_TOOL);

	tcase_add_test(tc, scan_narrows_to_the_counter);
	tcase_add_test(tc, scan_filters_and_refuses);
	tcase_add_test(tc, scan_esc_cancels);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
