/* SPDX-License-Identifier: ISC */
/*
 * check_frames.c - how a frame reaches the terminal (issue 12).
 *
 * A frame is composed whole and sent by curses in one write(2)
 * (screen.c: ncurses otherwise flushed after every cursor movement, about
 * 37 writes a frame under a storm).  The test counts the viewer's write
 * calls (/proc/PID/io, syscw) from just before a store that changes 16
 * rows until the screen shows the last changed byte: one frame, so one
 * write, or a few when another frame (the header's clock, a fade step)
 * falls in the same moment; never one per row.  No timing decides it.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "e2e.h"
#include "testutil.h"
#include "timeout.h"

static char *const	no_env[] = { NULL };

/* The write(2) calls process PID has made (syscw), or -1. */
static long long
syscw(int pid)
{
	char		 path[64], line[128];
	long long	 n = -1;
	FILE		*f;

	snprintf(path, sizeof path, "/proc/%d/io", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "syscw: %lld", &n) == 1)
			break;
	fclose(f);
	return n;
}

START_TEST(a_frame_is_one_write)
{
	unsigned char	 b[4096], news[256];
	char		*path;
	struct pty	*p;
	long long	 before, after;

	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (unsigned char)i;
	for (size_t i = 0; i < sizeof news; i++)
		news[i] = (unsigned char)(i ^ 0xa5);	/* every byte differs */
	path = tu_file("frames", b, sizeof b);
	p = e2e_spawn(40, 120, no_env, path, NULL);
	PTY_ASSERT(p, !e2e_hex_now(p, 0x1ff, 0, "5a"), "5a before the store");
	/* Idle: no frame is being drawn now (nothing changes). */
	pty_pump(p, 0);
	before = syscw(pty_pid(p));
	ck_assert_int_ge(before, 0);
	e2e_mmap_store(path, 0x100, news, sizeof news);
	PTY_ASSERT(p, e2e_wait_hex(p, 0x1ff, 0, "5a"), "store not shown");
	after = syscw(pty_pid(p));
	/* At least the frame itself; 16 changed rows never 16 writes. */
	ck_assert_int_ge(after - before, 1);
	ck_assert_msg(after - before <= 4, "%lld write(2) calls for one "
	    "frame of 16 changed rows", after - before);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("frames");
	TCase	*tc = timeout_tcase("frames", TIMEOUT_TOOL);

	tcase_add_test(tc, a_frame_is_one_write);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
