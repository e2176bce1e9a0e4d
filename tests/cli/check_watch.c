/* SPDX-License-Identifier: ISC */
/*
 * check_watch.c - `livehex watch`, run as the real binary through pipes.
 *
 * Each test starts `livehex watch` with its stdout and stderr on pipes (a
 * watcher, watcher.h), waits for the "livehex: watching" line on stderr (the
 * first copy has been taken), checks that no line has come out yet, makes
 * one change to the file (a store through the test's own MAP_SHARED
 * mapping, pwrite, ftruncate, unlink, rename) and reads the next line from
 * the pipe with a deadline.  Lines are compared exactly after the
 * timestamp, whose shape is checked separately.  Reading a line while the
 * process still runs is what proves stdout is line buffered through a pipe.
 *
 * Never sleep: every wait is poll(2) on the pipes (or a pidfd) with a
 * deadline.  A watcher that outlives a failed test is killed by
 * PR_SET_PDEATHSIG, so a failure never leaves a livehex running.
 *
 * Changes outside a window cannot be shown "not reported" by waiting (that
 * would be a sleep): they are made first, then a change inside, and the
 * first line must be the inside one.
 *
 * One test churns the file (truncate to 0, regrow, write, as fast as it
 * can) while watch copies a 1 MiB window every millisecond, so some copies
 * meet vanished pages (SIGBUS, turned into short copies by the door); it
 * checks that watch prints only well-formed lines and ends at --count.
 * Whether a SIGBUS happens in a given run is up to the scheduler: the test
 * can only make it likely (it was seen under strace).
 *
 * The test file's byte i is i & 0xff, so old bytes are easy to write down.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timeout.h"
#include "testutil.h"
#include "watcher.h"
#include "xmalloc.h"


/* ------------------------------------------------------------------------ */
/* Changes.                                                                 */

/* A store through the test's own MAP_SHARED mapping: no inotify, polled. */
START_TEST(store_through_a_mapping)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);
	unsigned char	*m;

	m = mmap(NULL, FSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ck_assert(m != MAP_FAILED);
	w_start(&w, "--count 2 @F", path);
	/* One aligned 4-byte store: watch cannot see half of it. */
	__atomic_store_n((uint32_t *)(void *)(m + 0x10),
	    0x04030201u, __ATOMIC_RELAXED);	/* little endian: 01 02 03 04 */
	w_expect(&w, "0x00000010 +4 10 11 12 13 -> 01 02 03 04");
	w_assert_quiet(&w);
	__atomic_store_n(m + 0xfff, 0xab, __ATOMIC_RELAXED);
	w_expect(&w, "0x00000fff +1 ff -> ab");
	w_assert_exit0(&w);
	w_free(&w);
	munmap(m, FSIZE);
	close(fd);
	free(path);
}
END_TEST

/* pwrite(2): inotify prompts a look. */
START_TEST(pwrite_is_reported)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);

	w_start(&w, "--count 1 @F", path);
	put(fd, 0x100, "\xde\xad\xbe\xef", 4);
	w_expect(&w, "0x00000100 +4 00 01 02 03 -> de ad be ef");
	w_assert_exit0(&w);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/*
 * Reading never allocates: watching a 4 MiB sparse file on a 1 MiB tmpfs
 * (each look copies the whole window, holes included) leaves it exactly as
 * sparse as it was, and a change in its one data page is still reported.
 */
START_TEST(sparse_file_stays_sparse)
{
	struct watcher	 w;
	const char	*why = NULL;
	char		*path = tu_sparse_on_tmpfs("wsparse", 1 << 20, 4 << 20,
			    0, &why);
	int		 fd;

	if (path == NULL) {
		fprintf(stderr, "# SKIP sparse_file_stays_sparse: %s\n", why);
		return;
	}
	ck_assert_int_eq(tu_blocks(path), 8);
	fd = open_rw(path);
	w_start(&w, "--count 1 --interval 5 @F", path);
	put(fd, 1, "Q", 1);
	w_expect(&w, "0x00000001 +1 00 -> 51");
	w_assert_exit0(&w);
	w_free(&w);
	ck_assert_int_eq(tu_blocks(path), 8);
	close(fd);
	free(path);
}
END_TEST

/* Changes up to 3 equal bytes apart share a line; 4 apart do not. */
START_TEST(small_gaps_merge)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);

	w_start(&w, "--count 4 @F", path);
	/* Bytes 0x20 and 0x23 change; 0x21, 0x22 are written unchanged. */
	put(fd, 0x20, "\xaa\x21\x22\xbb", 4);
	w_expect(&w, "0x00000020 +4 20 21 22 23 -> aa 21 22 bb");
	w_assert_quiet(&w);
	/* Exactly three equal bytes between: still one line. */
	put(fd, 0x60, "\xaa\x61\x62\x63\xbb", 5);
	w_expect(&w, "0x00000060 +5 60 61 62 63 64 -> aa 61 62 63 bb");
	w_assert_quiet(&w);
	/* 0x40 and 0x45: four equal bytes between, two lines. */
	put(fd, 0x40, "\xaa\x41\x42\x43\x44\xbb", 6);
	w_expect(&w, "0x00000040 +1 40 -> aa");
	w_expect(&w, "0x00000045 +1 45 -> bb");
	w_assert_exit0(&w);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* A long run shows 16 bytes of each side, then "...". */
START_TEST(long_run_is_capped)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	char		 ee[40];
	int		 fd = open_rw(path);

	memset(ee, 0xee, sizeof ee);
	w_start(&w, "--count 1 @F", path);
	put(fd, 0x200, ee, sizeof ee);
	w_expect(&w, "0x00000200 +40 00 01 02 03 04 05 06 07 08 09 0a 0b 0c"
	    " 0d 0e 0f ... -> ee ee ee ee ee ee ee ee ee ee ee ee ee ee ee ee"
	    " ...");
	w_assert_exit0(&w);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* Growth is a size line; the new bytes are the baseline for later. */
START_TEST(growth_then_change_in_new_bytes)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);

	w_start(&w, "--count 2 @F", path);
	put(fd, FSIZE, "WXYZ", 4);
	w_expect(&w, "size 4096 -> 4100 (grew)");
	w_assert_quiet(&w);
	put(fd, FSIZE + 2, "y", 1);
	w_expect(&w, "0x00001002 +1 59 -> 79");
	w_assert_exit0(&w);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* A shrink is a size line; watch goes on with the bytes that are left. */
START_TEST(shrink_then_change)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);

	w_start(&w, "--count 2 @F", path);
	ck_assert_int_eq(ftruncate(fd, 100), 0);
	w_expect(&w, "size 4096 -> 100 (shrank)");
	w_assert_quiet(&w);
	put(fd, 50, "\xff", 1);
	w_expect(&w, "0x00000032 +1 32 -> ff");
	w_assert_exit0(&w);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* Truncated to 0 and regrown under the mapping: watch survives (SIGBUS). */
START_TEST(truncate_to_zero_and_regrow)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);
	unsigned char	*m;

	m = mmap(NULL, FSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ck_assert(m != MAP_FAILED);
	w_start(&w, "--count 3 @F", path);
	ck_assert_int_eq(ftruncate(fd, 0), 0);
	w_expect(&w, "size 4096 -> 0 (shrank)");
	w_assert_quiet(&w);
	ck_assert_int_eq(ftruncate(fd, FSIZE), 0);
	w_expect(&w, "size 0 -> 4096 (grew)");
	w_assert_quiet(&w);
	/* The regrown bytes are zeros, and the new baseline. */
	__atomic_store_n(m + 0x10, 0x7f, __ATOMIC_RELAXED);
	w_expect(&w, "0x00000010 +1 00 -> 7f");
	w_assert_exit0(&w);
	w_free(&w);
	munmap(m, FSIZE);
	close(fd);
	free(path);
}
END_TEST

/*
 * Truncated and regrown as fast as possible while watch copies a 1 MiB
 * window every millisecond: some copies meet a page that has just gone
 * (SIGBUS, which the door turns into a short copy).  Watch must keep
 * printing well-formed lines and exit 0 at --count, never die.
 */
START_TEST(churn_does_not_kill_it)
{
	struct watcher	 w;
	char		*path = make_file("f", 1u << 20);
	int		 fd = open_rw(path), lines = 0;
	uint64_t	 deadline;

	w_start(&w, "--interval 1 --count 200 @F", path);
	deadline = tu_now_ms() + DEADLINE_MS;
	while (w.out != -1 && w_left(deadline) > 0) {
		ck_assert_int_eq(ftruncate(fd, 0), 0);
		ck_assert_int_eq(ftruncate(fd, 1u << 20), 0);
		put(fd, 12345, "\x01", 1);
		w_pump(&w, 0);
		while (w_has_line(&w)) {
			char	*l = w_line(&w);

			ck_assert_msg(strncmp(l, "size ", 5) == 0 ||
			    strncmp(l, "0x", 2) == 0, "odd line: %s", l);
			free(l);
			lines++;
		}
	}
	w_assert_exit0(&w);
	while (w_has_line(&w)) {
		free(w_line(&w));
		lines++;
	}
	ck_assert_int_eq(lines, 200);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* An empty file that grows: a size line. */
START_TEST(empty_file_grows)
{
	struct watcher	 w;
	char		*path = tu_file("empty", "", 0);
	int		 fd = open_rw(path);

	w_start(&w, "--count 1 @F", path);
	put(fd, 0, "abc", 3);
	w_expect(&w, "size 0 -> 3 (grew)");
	w_assert_exit0(&w);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* Unlinked: "deleted", and the open file is still watched. */
START_TEST(unlink_is_reported_and_watch_goes_on)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);
	unsigned char	*m;

	m = mmap(NULL, FSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ck_assert(m != MAP_FAILED);
	w_start(&w, "--count 2 @F", path);
	ck_assert_int_eq(unlink(path), 0);
	w_expect(&w, "deleted (still watching the open file)");
	w_assert_quiet(&w);
	__atomic_store_n(m + 0x30, 0x99, __ATOMIC_RELAXED);
	w_expect(&w, "0x00000030 +1 30 -> 99");
	w_assert_exit0(&w);
	w_free(&w);
	munmap(m, FSIZE);
	close(fd);
	free(path);
}
END_TEST

/* Renamed: "renamed", and changes under the new name are still seen. */
START_TEST(rename_is_reported_and_watch_goes_on)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	char		*moved = tu_path("f.moved");
	int		 fd;

	w_start(&w, "--count 2 @F", path);
	ck_assert_int_eq(rename(path, moved), 0);
	w_expect(&w, "renamed (still watching the same file)");
	w_assert_quiet(&w);
	fd = open_rw(moved);
	put(fd, 0x80, "\x01", 1);
	w_expect(&w, "0x00000080 +1 80 -> 01");
	w_assert_exit0(&w);
	w_free(&w);
	close(fd);
	free(moved);
	free(path);
}
END_TEST

/* A new file renamed onto the path: "deleted" and "replaced", any order. */
START_TEST(replace_is_reported)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	char		*fresh = make_file("f.new", 10);
	char		*a, *b;

	w_start(&w, "--count 2 @F", path);
	ck_assert_int_eq(rename(fresh, path), 0);
	a = w_line(&w);
	b = w_line(&w);
	if (strncmp(a, "deleted", 7) != 0) {
		char	*t = a;

		a = b;
		b = t;
	}
	ck_assert_str_eq(a, "deleted (still watching the open file)");
	ck_assert_str_eq(b, "replaced (a new file is at the path; still "
	    "watching the old one)");
	w_assert_exit0(&w);
	free(a);
	free(b);
	w_free(&w);
	free(fresh);
	free(path);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The window.                                                              */

/* -s/-l: changes outside are not reported, straddling ones are cut. */
START_TEST(window_restricts)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);

	w_start(&w, "-s 0x100 -l 16 --count 2 @F", path);
	/* Outside, on both sides: must not come out first. */
	put(fd, 0, "\xaa", 1);
	put(fd, 0x110, "\xaa", 1);
	put(fd, 0xff, "\xaa", 1);
	/* Straddling the end: only 0x10e and 0x10f are inside. */
	put(fd, 0x10e, "\xaa\xbb\xcc\xdd", 4);
	w_expect(&w, "0x0000010e +2 0e 0f -> aa bb");
	w_assert_quiet(&w);
	/* Straddling the start: 0xfe and 0xff are outside. */
	put(fd, 0xfe, "\x11\x22\x33\x44", 4);
	w_expect(&w, "0x00000100 +2 00 01 -> 33 44");
	w_assert_exit0(&w);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* Without -l a big file is watched over its first 1 MiB, with a note. */
START_TEST(default_window_is_capped)
{
	struct watcher	 w;
	char		*path = make_file("big", 2u << 20);
	int		 fd = open_rw(path);

	w_start(&w, "--count 1 @F", path);
	ck_assert_msg(strstr(w.ebuf, "note: watching only 1048576 bytes") !=
	    NULL, "no note on stderr: %s", w.ebuf);
	put(fd, (3 << 20) / 2, "\xaa", 1);	/* past the first 1 MiB */
	put(fd, 5, "\xaa", 1);
	w_expect(&w, "0x00000005 +1 05 -> aa");
	w_assert_exit0(&w);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Ending.                                                                  */

/* --count N: N lines, then exit 0 at once (running until the Nth). */
START_TEST(count_stops_after_n_lines)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);

	w_start(&w, "--count 2 @F", path);
	put(fd, 1, "\xaa", 1);
	w_expect(&w, "0x00000001 +1 01 -> aa");
	ck_assert_msg(w_running(&w), "watch exited after 1 of 2 lines");
	put(fd, 2, "\xaa", 1);
	w_expect(&w, "0x00000002 +1 02 -> aa");
	w_assert_exit0(&w);
	ck_assert_msg(w.olen == 0, "more output after --count: %.*s",
	    (int)w.olen, w.obuf);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* --count cuts in the middle of one look's lines. */
START_TEST(count_stops_inside_a_look)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);

	w_start(&w, "--count 1 @F", path);
	/* One pwrite, two runs (far apart): only the first is printed. */
	put(fd, 0x40, "\xaa\x41\x42\x43\x44\x45\x46\x47\xbb", 9);
	w_expect(&w, "0x00000040 +1 40 -> aa");
	w_assert_exit0(&w);
	ck_assert_msg(w.olen == 0, "more output after --count: %.*s",
	    (int)w.olen, w.obuf);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* A line reaches the pipe while watch runs; then SIGINT: exit 0. */
START_TEST(line_buffered_then_sigint)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	int		 fd = open_rw(path);

	w_start(&w, "@F", path);
	put(fd, 7, "\x00", 1);
	w_expect(&w, "0x00000007 +1 07 -> 00");
	ck_assert_msg(w_running(&w), "the line came only at exit");
	kill(w.pid, SIGINT);
	w_assert_exit0(&w);
	ck_assert_msg(w.olen == 0, "output after SIGINT: %.*s", (int)w.olen,
	    w.obuf);
	w_free(&w);
	close(fd);
	free(path);
}
END_TEST

/* SIGINT or SIGTERM with nothing changed: exit 0, no output. */
START_TEST(signal_exits_0)
{
	static const int	sigs[] = { SIGINT, SIGTERM };
	struct watcher		w;
	char			*path = make_file("f", FSIZE);

	w_start(&w, "@F", path);
	ck_assert(w_running(&w));
	kill(w.pid, sigs[_i]);
	w_assert_exit0(&w);
	ck_assert_uint_eq(w.olen, 0);
	w_free(&w);
	free(path);
}
END_TEST

/* The reader goes away while nothing changes: watch ends quietly. */
START_TEST(reader_gone_ends_quietly)
{
	struct watcher	 w;
	char		*path = make_file("f", FSIZE);
	char		*ready;

	w_start(&w, "@F", path);
	ready = xstrdup(w.ebuf);
	ck_assert(w_running(&w));
	close(w.out);
	w.out = -1;
	w_assert_exit0(&w);
	ck_assert_msg(strcmp(w.ebuf, ready) == 0, "stderr: %s", w.ebuf);
	free(ready);
	w_free(&w);
	free(path);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The command line.                                                        */

/* A bad command line or source: the status and words on stderr. */
struct err_case {
	const char	*name;	/* test case name in the TAP output */
	const char	*args;	/* @F a file, @M missing, @D a directory */
	int		 status;
	const char	*want;	/* on stderr */
};

static const struct err_case err_cases[] = {
	{ "error: unknown option", "-q @F", 2,
	    "livehex: watch: unknown option -q" },
	{ "error: unknown long option", "--bogus @F", 2,
	    "livehex: watch: unknown option --bogus" },
	{ "error: no source", "", 2, "livehex: watch: no SOURCE given" },
	{ "error: two sources", "@F @F", 2,
	    "livehex: watch: unexpected argument" },
	{ "error: - as source", "-", 2,
	    "livehex: watch: SOURCE cannot be -" },
	{ "error: -s without a value", "@F -s", 2,
	    "livehex: watch: option -s needs a value" },
	{ "error: --count without a value", "@F --count", 2,
	    "livehex: watch: option --count needs a value" },
	{ "error: --interval 0", "--interval 0 @F", 2,
	    "livehex: watch: --interval: \"0\": out of range (1 to 1000)" },
	{ "error: --interval 1001", "--interval 1001 @F", 2,
	    "out of range (1 to 1000)" },
	{ "error: --interval 5ms", "--interval 5ms @F", 2,
	    "--interval: \"5ms\": not a number" },
	{ "error: --count 0", "--count 0 @F", 2,
	    "--count: \"0\": must be greater than zero" },
	{ "error: --count -1", "--count -1 @F", 2, "--count: \"-1\"" },
	{ "error: -l 0", "-l 0 @F", 2,
	    "-l: \"0\": out of range (1 to 1073741824)" },
	{ "error: -l 2G", "-l 2G @F", 2, "-l: \"2G\": out of range" },
	{ "error: -s 12q", "-s 12q @F", 2, "-s: \"12q\": not a number" },
	{ "error: missing file", "@M", 1, "livehex: @M: no such file" },
	{ "error: directory", "@D", 1, "livehex: @D: is a directory" },
};

/* Replace @F, @M and @D in S (whole tokens or not); malloc'd. */
static char *
subst(const char *s, const char *f, const char *m, const char *d)
{
	char	*out = xmalloc(strlen(s) * 2 + 3 * 4096);
	size_t	 o = 0;

	for (; *s != '\0'; s++) {
		const char	*r = NULL;

		if (s[0] == '@' && s[1] == 'F')
			r = f;
		else if (s[0] == '@' && s[1] == 'M')
			r = m;
		else if (s[0] == '@' && s[1] == 'D')
			r = d;
		if (r != NULL) {
			memcpy(out + o, r, strlen(r));
			o += strlen(r);
			s++;
		} else
			out[o++] = *s;
	}
	out[o] = '\0';
	return out;
}

/* Each bad command line exits with its status and message, no output. */
START_TEST(bad_command_line)
{
	const struct err_case	*c = &err_cases[_i];
	struct watcher		 w;
	char			*f = make_file("f", 16);
	char			*m = tu_path("no-such-file");
	char			*d = tu_path("a-directory");
	char			*args, *want;
	int			 st;

	ck_assert(mkdir(d, 0700) == 0 || errno == EEXIST);
	args = subst(c->args, f, m, d);
	want = subst(c->want, f, m, d);
	w_spawn(&w, args, f);
	st = w_wait_exit(&w);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == c->status,
	    "%s: status %#x, want exit %d; stderr: %s", c->args, st,
	    c->status, w.ebuf);
	ck_assert_msg(w.olen == 0, "%s: stdout: %.*s", c->args, (int)w.olen,
	    w.obuf);
	ck_assert_msg(strstr(w.ebuf, want) != NULL, "%s: stderr lacks "
	    "\"%s\":\n%s", c->args, want, w.ebuf);
	ck_assert_msg(strncmp(w.ebuf, "livehex: ", 9) == 0, "%s: %s",
	    c->args, w.ebuf);
	w_free(&w);
	free(args);
	free(want);
	free(f);
	free(m);
	free(d);
}
END_TEST

/* --help: the usage and the line format on stdout, exit 0. */
START_TEST(help)
{
	struct watcher	w;
	int		st;

	w_spawn(&w, "--help", NULL);
	st = w_wait_exit(&w);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	ck_assert_ptr_nonnull(w.obuf);
	ck_assert_ptr_nonnull(strstr(w.obuf, "usage: livehex watch [-s OFFSET]"
	    " [-l LEN] [--interval MS] [--count N]\n                     "
	    "[--until COND [--timeout TIME]] [--pin EXPR]...\n"
	    "                     [--json] [--layout SPEC [--at OFFSET]]... "
	    "[--cflags FLAGS]\n                     SOURCE\n"));
	ck_assert_ptr_nonnull(strstr(w.obuf, "TIME 0xOFFSET +LEN OLD -> NEW"));
	ck_assert_ptr_nonnull(strstr(w.obuf, "TIME size OLD -> NEW"));
	ck_assert_ptr_nonnull(strstr(w.obuf, "replaced"));
	ck_assert_str_eq(w.ebuf, "");
	w_free(&w);
}
END_TEST

/* One test case per name, each with a generous timeout. */
static TCase *
tc_new(Suite *s, const char *name)
{
	TCase	*tc = timeout_tcase(name, TIMEOUT_TOOL);

	suite_add_tcase(s, tc);
	return tc;
}

/* The suite: one test case per behaviour, so TAP names each. */
static Suite *
watch_suite(void)
{
	Suite	*s = suite_create("watch");

	tcase_add_test(tc_new(s, "store through a mapping"),
	    store_through_a_mapping);
	tcase_add_test(tc_new(s, "pwrite"), pwrite_is_reported);
	tcase_add_test(tc_new(s, "a sparse file on a small tmpfs stays "
	    "sparse"), sparse_file_stays_sparse);
	tcase_add_test(tc_new(s, "small gaps merge"), small_gaps_merge);
	tcase_add_test(tc_new(s, "long run is capped"), long_run_is_capped);
	tcase_add_test(tc_new(s, "growth"), growth_then_change_in_new_bytes);
	tcase_add_test(tc_new(s, "shrink"), shrink_then_change);
	tcase_add_test(tc_new(s, "truncate to 0 and regrow"),
	    truncate_to_zero_and_regrow);
	tcase_add_test(tc_new(s, "truncate churn"), churn_does_not_kill_it);
	tcase_add_test(tc_new(s, "empty file grows"), empty_file_grows);
	tcase_add_test(tc_new(s, "unlink"),
	    unlink_is_reported_and_watch_goes_on);
	tcase_add_test(tc_new(s, "rename"),
	    rename_is_reported_and_watch_goes_on);
	tcase_add_test(tc_new(s, "replace"), replace_is_reported);
	tcase_add_test(tc_new(s, "-s/-l window"), window_restricts);
	tcase_add_test(tc_new(s, "default window cap"),
	    default_window_is_capped);
	tcase_add_test(tc_new(s, "--count"), count_stops_after_n_lines);
	tcase_add_test(tc_new(s, "--count inside a look"),
	    count_stops_inside_a_look);
	tcase_add_test(tc_new(s, "line buffered, SIGINT"),
	    line_buffered_then_sigint);
	tcase_add_loop_test(tc_new(s, "SIGINT, SIGTERM exit 0"),
	    signal_exits_0, 0, 2);
	tcase_add_test(tc_new(s, "reader gone"), reader_gone_ends_quietly);
	for (int i = 0; i < (int)(sizeof err_cases / sizeof err_cases[0]);
	    i++)
		tcase_add_loop_test(tc_new(s, err_cases[i].name),
		    bad_command_line, i, i + 1);
	tcase_add_test(tc_new(s, "help"), help);
	return s;
}

/* Run in fork mode (CK_ENV); the exit status is the verdict. */
int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(watch_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
