/* SPDX-License-Identifier: ISC */
/*
 * check_bitfields.c - `livehex watch --layout` and bitfields that share
 * bytes (issue 13): a store that changes several of them gives a line
 * for each one that changed, and none for those that did not.  The
 * layout is struct slot of tests/data/ring.h (libclang): kind:3,
 * urgent:1 and prio:4 share byte 10.  Run as the real binary through
 * pipes (watcher.h); the test is the writer and reads each line with a
 * deadline, having checked that nothing came out before its store.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "testutil.h"
#include "timeout.h"
#include "watcher.h"
#include "xmalloc.h"

START_TEST(each_changed_bitfield_has_a_line)
{
	struct watcher	 w;
	char		*path, *h, *args;
	char		 zero[FSIZE];
	int		 fd;

#ifndef HAVE_LIBCLANG
	fprintf(stderr, "# SKIP each_changed_bitfield_has_a_line: no "
	    "libclang\n");
	return;
#endif
	path = make_file("bits", FSIZE);
	fd = open_rw(path);
	memset(zero, 0, sizeof zero);
	put(fd, 0, zero, sizeof zero);
	h = tu_data_path("ring.h");
	args = xasprintf("--layout %s:slot_t @F", h);
	w_start(&w, args, path);
	/* 0x0a: kind 2 and urgent 1 in one store; prio stays 0. */
	put(fd, 10, "\x0a", 1);
	w_expect(&w, "0x0000000a slot_t.kind: 0 -> 2");
	w_expect(&w, "0x0000000a slot_t.urgent: 0 -> 1");
	/* 0x2a: prio alone changes (kind and urgent are the same). */
	put(fd, 10, "\x2a", 1);
	w_expect(&w, "0x0000000a slot_t.prio: 0 -> 2");
	/* The next line is seq's: no line came for kind or urgent. */
	put(fd, 0, "\x01", 1);
	w_expect(&w, "0x00000000 slot_t.seq: 0 -> 1");
	w_free(&w);
	close(fd);
	free(args);
	free(h);
	free(path);
}
END_TEST

/*
 * watch --until on bitfields (issue 15): changed() of prio ignores a
 * store to kind in the same byte, and prio is signed (0xe in 4 bits is
 * -2).
 */
START_TEST(until_reads_a_bitfield)
{
	struct watcher	 w;
	char		*path, *h, *args, *line;
	char		 zero[FSIZE];
	int		 fd;

#ifndef HAVE_LIBCLANG
	fprintf(stderr, "# SKIP until_reads_a_bitfield: no libclang\n");
	return;
#endif
	path = make_file("until", FSIZE);
	fd = open_rw(path);
	memset(zero, 0, sizeof zero);
	put(fd, 0, zero, sizeof zero);
	h = tu_data_path("ring.h");
	/* The pins say when watch has seen each step (looks merge). */
	args = xasprintf("--layout %s:slot_t --pin slot_t.kind --pin "
	    "slot_t.prio --until changed(slot_t.prio)&&slot_t.prio<0 @F", h);
	w_spawn(&w, args, path);
	w_wait_ready(&w);
	w_expect(&w, "pin slot_t.kind = 0; slot_t.prio = 0");
	w_assert_quiet(&w);
	/* kind 2: the byte changes, prio does not. */
	put(fd, 10, "\x02", 1);
	w_expect(&w, "pin slot_t.kind = 2; slot_t.prio = 0");
	/* prio 1: a change, but not below 0. */
	put(fd, 10, "\x12", 1);
	w_expect(&w, "pin slot_t.kind = 2; slot_t.prio = 1");
	ck_assert(w_running(&w));
	/* prio 0xe: -2, signed. */
	put(fd, 10, "\xe2", 1);
	w_expect(&w, "pin slot_t.kind = 2; slot_t.prio = -2");
	line = w_line(&w);
	ck_assert_str_eq(line, "until change 0x0000000a +1 12 -> e2; "
	    "slot_t.prio = -2 (was 1)");
	free(line);
	w_assert_exit(&w, 0);
	w_free(&w);
	close(fd);
	free(args);
	free(h);
	free(path);
}
END_TEST

/* Build the suite. */
static Suite *
bitfields_suite(void)
{
	Suite	*s = suite_create("bitfields");
	TCase	*tc = timeout_tcase("bitfields", TIMEOUT_TOOL);

	tcase_add_test(tc, each_changed_bitfield_has_a_line);
	tcase_add_test(tc, until_reads_a_bitfield);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	return tu_run_suite(bitfields_suite());
}
