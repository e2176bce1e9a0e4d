/* SPDX-License-Identifier: ISC */
/*
 * check_watch_until.c - `livehex watch --until`, `--timeout`, `--pin` and
 * `--json`, run as the real binary through pipes (watcher.h).
 *
 * The test is the writer: it waits for watch's "livehex: watching" line,
 * checks that nothing has come out, changes the file with pwrite and
 * reads the next line with a deadline.  Exit statuses are the documented
 * ones: 0 when COND held, 1 on --timeout, 2 for a bad COND.
 *
 * stuck() is decided by watch's own session clock, never by the test
 * sleeping: the condition also needs the value the test writes, so it
 * cannot hold before the test's change; the JSON until line then says
 * when it fired ("ms") and when its value last changed ("changed_ms"),
 * and the pin line says when the change was seen: fired - changed must be
 * at least the duration, and changed must be the test's change.
 *
 * The test file's byte i is i & 0xff (watcher.h's make_file).
 */
#include "config.h"

#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "timeout.h"
#include "watcher.h"
#include "xmalloc.h"

/* The number after "NAME": in the JSON LINE (it must be there). */
static uint64_t
json_num(const char *line, const char *name)
{
	char		 key[64];
	const char	*p;

	snprintf(key, sizeof key, "\"%s\":", name);
	p = strstr(line, key);
	ck_assert_msg(p != NULL, "no %s in %s", key, line);
	return strtoull(p + strlen(key), NULL, 10);
}

/* The change that makes COND true is printed, with its operand; exit 0. */
START_TEST(until_fires_on_the_change)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);

	/* The pin says when watch has seen each step: polling merges
	   changes made between two looks. */
	w_spawn(&w, "--pin u32@0x10 --until u32@0x10==7 @F", path);
	w_wait_ready(&w);
	w_expect(&w, "pin u32@0x10 = 319951120");
	w_assert_quiet(&w);
	put(fd, 0x10, "\x06", 1);
	w_expect(&w, "pin u32@0x10 = 319951110");
	ck_assert(w_running(&w));
	put(fd, 0x10, "\x07\x00\x00\x00", 4);
	w_expect(&w, "pin u32@0x10 = 7");
	w_expect(&w, "until change 0x00000010 +4 06 11 12 13 -> 07 00 00 00; "
	    "u32@0x10 = 7 (was 319951110)");
	w_assert_exit(&w, 0);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* old() and odd(): only the step that goes up to an odd value. */
START_TEST(until_first_change)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);

	w_spawn(&w, "--pin u8@0x20 --until odd(u8@0x20)&&u8@0x20>old(u8@0x20) "
	    "@F", path);
	w_wait_ready(&w);
	w_expect(&w, "pin u8@0x20 = 32");
	put(fd, 0x20, "\x10", 1);	/* even: no */
	w_expect(&w, "pin u8@0x20 = 16");
	put(fd, 0x20, "\x0f", 1);	/* odd but smaller: no */
	w_expect(&w, "pin u8@0x20 = 15");
	ck_assert(w_running(&w));
	put(fd, 0x20, "\x11", 1);	/* odd and larger */
	w_expect(&w, "pin u8@0x20 = 17");
	w_expect(&w, "until change 0x00000020 +1 0f -> 11; u8@0x20 = 17 "
	    "(was 15)");
	w_assert_exit(&w, 0);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* A condition that already holds: exit 0 at once, trigger "start". */
START_TEST(until_holds_at_start)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	char		*line;

	w_spawn(&w, "--until u8@1==1 @F", path);
	line = w_line(&w);
	ck_assert_str_eq(line, "until start; u8@1 = 1");
	free(line);
	w_assert_exit(&w, 0);
	w_free(&w);
	free(path);
}
END_TEST

/* --timeout: exit 1 and say so; the reason when COND cannot be computed. */
START_TEST(timeout_exits_1)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);

	w_start(&w, "--until u8@0==99 --timeout 200ms @F", path);
	w_assert_exit(&w, 1);
	ck_assert_msg(w.olen == 0, "stdout: %.*s", (int)w.olen, w.obuf);
	ck_assert_msg(strstr(w.ebuf, "livehex: watch: --timeout: u8@0==99 "
	    "did not hold within 200 ms\n") != NULL, "%s", w.ebuf);
	w_free(&w);
	w_start(&w, "--until u32@4094==0 --timeout 1 @F", path);
	w_assert_exit(&w, 1);
	ck_assert_msg(strstr(w.ebuf, "within 1000 ms; u32@4094 (bytes 0xffe+4) "
	    "is past the end of the file (4096 bytes)") != NULL, "%s", w.ebuf);
	w_free(&w);
	free(path);
}
END_TEST

/* A bad command line: exit 2, the column and a caret; no output. */
static const struct {
	const char	*args;
	const char	*want;
} bad_cases[] = {
	{ "--until (u8@0==1 @F", "livehex: watch: --until: expected ')', the "
	  "condition ends at column 9\n  (u8@0==1\n          ^\n" },
	{ "--until (u8@0==1 /no/such/file", "at column 9" },
	{ "--until u8@0==1 --pin f32@0%2 @F", "livehex: watch: --pin: '%' "
	  "needs integers, not floats at column 6\n  f32@0%2\n       ^\n" },
	{ "--until count==1 @F", "no layout loaded: count is not a value" },
	{ "--timeout 5 @F", "--timeout needs --until" },
	{ "--until u8@0==1 --timeout 5h @F", "--timeout" },
	{ "--until u8@0==1 --layout /no/such/layout @F",
	  "/no/such/layout: No such file" },
};

/* Each bad case exits 2 with its message and prints nothing. */
START_TEST(bad_input_exits_2)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);

	w_spawn(&w, bad_cases[_i].args, path);
	w_assert_exit(&w, 2);
	ck_assert_msg(w.olen == 0, "stdout: %.*s", (int)w.olen, w.obuf);
	ck_assert_msg(strstr(w.ebuf, bad_cases[_i].want) != NULL,
	    "%s: stderr lacks \"%s\":\n%s", bad_cases[_i].args,
	    bad_cases[_i].want, w.ebuf);
	w_free(&w);
	free(path);
}
END_TEST

/* --pin: a line at the start, then one per change of a pinned value. */
START_TEST(pins_print_on_change)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);

	w_spawn(&w, "--count 3 --pin u8@0x20 --pin u16@0x20*2 @F", path);
	w_wait_ready(&w);
	w_expect(&w, "pin u8@0x20 = 32; u16@0x20*2 = 16960");
	w_assert_quiet(&w);
	/* Not pinned: no line; then a pinned one. */
	put(fd, 0x30, "\xff", 1);
	put(fd, 0x20, "\x05", 1);
	w_expect(&w, "pin u8@0x20 = 5; u16@0x20*2 = 16906");
	put(fd, 0x21, "\x00", 1);
	w_expect(&w, "pin u8@0x20 = 5; u16@0x20*2 = 10");
	w_assert_exit(&w, 0);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* --json: one object per line, strings escaped (a tab in the EXPR). */
START_TEST(json_lines)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);
	char		*line;

	w_spawn(&w, "--json --count 3 -l 16 --pin u8@1\t+1 @F", path);
	w_wait_ready(&w);
	/* JSON lines have no time prefix: read them raw. */
	line = w_raw_line(&w);
	ck_assert_msg(strstr(line, "\"value\":\"2\"") != NULL, "%s", line);
	free(line);
	put(fd, 1, "\x09", 1);
	line = w_raw_line(&w);
	ck_assert_msg(strncmp(line, "{\"time\":\"", 9) == 0, "%s", line);
	ck_assert_msg(strstr(line, "\"kind\":\"change\",\"offset\":1,"
	    "\"length\":1,\"old\":\"01\",\"old_cut\":false,\"new\":\"09\","
	    "\"new_cut\":false}") != NULL, "%s", line);
	free(line);
	line = w_raw_line(&w);
	ck_assert_msg(strstr(line, "\"kind\":\"pin\",\"pins\":[{\"expr\":"
	    "\"u8@1\\t+1\",\"value\":\"10\"}]}") != NULL, "%s", line);
	free(line);
	w_assert_exit(&w, 0);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/*
 * stuck(): fires by the clock, at least its duration after the last
 * change (watch's clock), and not on the value before the test's change.
 */
START_TEST(stuck_fires_after_its_duration)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);
	char		*pin, *until;
	uint64_t	 seen, fired, changed;

	w_spawn(&w, "--json --pin u8@0x40 --until "
	    "stuck(u8@0x40,1s)&&u8@0x40==7 @F", path);
	w_wait_ready(&w);
	free(w_raw_line(&w));	/* the pin line at the start */
	w_assert_quiet(&w);
	put(fd, 0x40, "\x07", 1);
	pin = w_raw_line(&w);
	ck_assert_msg(strstr(pin, "\"value\":\"7\"") != NULL, "%s", pin);
	seen = json_num(pin, "ms");
	until = w_raw_line(&w);
	ck_assert_msg(strstr(until, "\"kind\":\"until\"") != NULL &&
	    strstr(until, "\"trigger\":\"clock\"") != NULL, "%s", until);
	fired = json_num(until, "ms");
	changed = json_num(until, "changed_ms");
	ck_assert_uint_eq(changed, seen);
	ck_assert_msg(fired >= changed + 1000, "fired at %" PRIu64 ", changed "
	    "at %" PRIu64, fired, changed);
	w_assert_exit(&w, 0);
	free(pin);
	free(until);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* Run in fork mode (CK_ENV); the exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("watch --until");

	tcase_add_test(w_tcase(s, "--until fires on the change"),
	    until_fires_on_the_change);
	tcase_add_test(w_tcase(s, "--until with old() and odd()"),
	    until_first_change);
	tcase_add_test(w_tcase(s, "--until holds at the start"),
	    until_holds_at_start);
	tcase_add_test(w_tcase(s, "--timeout exits 1"), timeout_exits_1);
	tcase_add_loop_test(w_tcase(s, "bad input exits 2"), bad_input_exits_2,
	    0, (int)(sizeof bad_cases / sizeof bad_cases[0]));
	tcase_add_test(w_tcase(s, "--pin"), pins_print_on_change);
	tcase_add_test(w_tcase(s, "--json"), json_lines);
	tcase_add_test(w_tcase(s, "stuck() after its duration"),
	    stuck_fires_after_its_duration);
	return tu_run_suite(s);
}
