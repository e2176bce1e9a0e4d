/* SPDX-License-Identifier: ISC */
/*
 * check_replay.c - `livehex replay` through the pty (issue 14).
 *
 * A recording with known changes at known times is written with the
 * record writer (record.h); the real binary replays it, started paused
 * so that no timing decides anything: the screen shows the first image;
 * o stores exactly one change; :seek shows the value `livehex dump
 * FILE.lhrec@T` prints; Space plays to the end and says so; the keys
 * that store refuse, and the recording is the same file afterwards.
 * A break that fires while it plays holds the player (the memfd is read
 * through /proc, as the viewer's frame cannot show what it holds back).
 * Waits are conditions with deadlines, each false before its action.
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"
#include "record.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/*
 * The player's line sits under the header, so the rows are one lower
 * than e2e_hex_cell's: a top one row before 0 says so to its arithmetic.
 */
#define ROWS_TOP	((uint64_t)0 - 16)

/*
 * 4 KiB of zeros at 0; at 100 ms 0x10 = 0x11, at 200 0x10 = 0x22, at 300
 * 0x20 = 0x33, at 400 0x30 = 0x44; the end at 500 when FINISH, else no
 * end block (damaged: unfinished).
 */
static void
write_rec_at(const char *path, bool finish)
{
	static const struct { uint64_t t, off; uint8_t b; } ch[] = {
		{ 100, 0x10, 0x11 }, { 200, 0x10, 0x22 }, { 300, 0x20, 0x33 },
		{ 400, 0x30, 0x44 },
	};
	/* A block a change: an unfinished one loses only its end block. */
	struct record_limits	 lim = { .block_bytes = 1, .block_ms = 1 };
	uint8_t			*img = calloc(4096, 1);
	char			*cause = NULL;
	struct record_writer	*w;

	w = record_create(path, RECORD_FORCE, "test", 0, img, 4096, &lim,
	    &cause);
	ck_assert_msg(w != NULL, "%s", cause);
	for (size_t i = 0; i < sizeof ch / sizeof ch[0]; i++)
		ck_assert_int_eq(record_change(w, ch[i].t, ch[i].off,
		    &ch[i].b, 1, &cause), RECORD_OK);
	if (finish)
		ck_assert_int_eq(record_finish(w, 500, NULL, &cause), 0);
	else
		record_abandon(w);	/* as a killed recorder leaves it */
	free(img);
}

/* The recording above as NAME in the test directory; its path. */
static char *
write_rec_ended(const char *name, bool finish)
{
	char	*path = tu_path(name);

	write_rec_at(path, finish);
	return path;
}

/* The recording above, finished. */
static char *
write_rec(const char *name)
{
	return write_rec_ended(name, true);
}

/*
 * Run livehex with the NULL-terminated ARGS: its stdout (malloc'd) and
 * stderr in *err; the wait status.
 */
static int
run(const char *const *args, unsigned char **out, size_t *len, char **err)
{
	char	*argv[16];
	int	 n = 0, st;

	argv[n++] = xstrdup(tu_livehex());
	for (; *args != NULL && n < 15; args++)
		argv[n++] = xstrdup(*args);
	argv[n] = NULL;
	st = tu_run(argv, NULL, out, len, err);
	while (n > 0)
		free(argv[--n]);
	return st;
}

/* The byte at OFF that `livehex dump SPEC` prints (its first rows). */
static unsigned
dump_byte(const char *spec, uint64_t off)
{
	const char	*args[] = { "dump", "-p", "-l", "64", spec, NULL };
	unsigned char	*out;
	size_t		 len, at = 2 * (size_t)off;
	char		*err, hex[3];
	int		 st = run(args, &out, &len, &err);

	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "dump: %s", err);
	/* -p: 30 bytes (60 digits) a line. */
	at += at / 60;
	ck_assert_uint_gt(len, at + 2);
	memcpy(hex, out + at, 2);
	hex[2] = '\0';
	free(out);
	free(err);
	return (unsigned)strtoul(hex, NULL, 16);
}

/* The hex text of B ("2a"). */
static const char *
hex_of(unsigned b, char buf[3])
{
	snprintf(buf, 3, "%02x", b);
	return buf;
}

START_TEST(first_image_step_seek_play_and_refusals)
{
	char		*path = write_rec("r.lhrec"), *spec, h[3];
	unsigned char	*before, *after;
	size_t		 blen, alen;
	struct pty	*p;
	unsigned	 want;

	before = tu_slurp(path, &blen);
	p = e2e_spawn(30, 120, NULL, "replay", "--paused", "-c", "16", path,
	    NULL);
	/* The first image, paused at 0. */
	PTY_ASSERT(p, pty_wait_text(p, "replay 0.0 s / 0.5 s  x1  paused",
	    E2E_WAIT), "no player line");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, ROWS_TOP, "00"), "not the image");
	/* o: exactly one change. */
	pty_type(p, "o");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, ROWS_TOP, "11"), "o stored nothing");
	PTY_ASSERT(p, pty_wait_text(p, "replay 0.1 s", E2E_WAIT),
	    "the position did not move to the change");
	PTY_ASSERT(p, e2e_hex_now(p, 0x20, ROWS_TOP, "00"),
	    "o stored more than one change");
	pty_type(p, "o");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, ROWS_TOP, "22"), "2nd o");
	PTY_ASSERT(p, e2e_hex_now(p, 0x20, ROWS_TOP, "00"), "2nd o: two");
	/* :seek 0.35 shows what dump FILE.lhrec@0.35 prints. */
	spec = xasprintf("%s@0.35", path);
	want = dump_byte(spec, 0x20);
	ck_assert_uint_eq(want, 0x33);
	PTY_ASSERT(p, !e2e_hex_now(p, 0x20, ROWS_TOP, hex_of(want, h)),
	    "already shown");
	pty_type(p, ":seek 0.35\r");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x20, ROWS_TOP, hex_of(want, h)),
	    ":seek did not show the value at 0.35 s");
	PTY_ASSERT(p, e2e_hex_now(p, 0x30, ROWS_TOP, hex_of(dump_byte(spec,
	    0x30), h)), ":seek went too far");
	PTY_ASSERT(p, pty_wait_text(p, "replay 0.3 s", E2E_WAIT),
	    "the line does not say 0.3 s");
	/* A time past the end is refused with the length. */
	pty_type(p, ":seek 9\r");
	PTY_ASSERT(p, pty_wait_text(p, "the recording is 0.5 s long",
	    E2E_WAIT), ":seek 9 not refused");
	/* Keys and commands that store refuse: the door is read-only. */
	pty_type(p, "R");
	PTY_ASSERT(p, pty_wait_text(p, "read-only", E2E_WAIT), "R not refused");
	PTY_ASSERT(p, !pty_find(p, "EDIT", NULL, NULL), "edit mode entered");
	pty_type(p, ":set u8 0x55\r");
	PTY_ASSERT(p, pty_wait_text(p, "replayed", E2E_WAIT),
	    ":set not refused");
	PTY_ASSERT(p, e2e_hex_now(p, 0x0, ROWS_TOP, "00"), ":set stored");
	/* Space plays the rest, to the end, and says so. */
	PTY_ASSERT(p, !pty_find(p, "end of recording", NULL, NULL), "early");
	pty_type(p, " ");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x30, ROWS_TOP, "44"), "play stored "
	    "nothing");
	PTY_ASSERT(p, pty_wait_text(p, "end of recording", E2E_WAIT),
	    "the end is not said");
	PTY_ASSERT(p, pty_wait_text(p, "replay 0.5 s / 0.5 s  x1  paused",
	    E2E_WAIT), "not paused at the end");
	e2e_quit(p);
	pty_free(p);
	after = tu_slurp(path, &alen);
	ck_assert_uint_eq(alen, blen);
	ck_assert_msg(memcmp(before, after, blen) == 0,
	    "the recording changed");
	free(before);
	free(after);
	free(spec);
	free(path);
}
END_TEST

START_TEST(speed_and_restart)
{
	char		*path = write_rec("s.lhrec");
	struct pty	*p;

	p = e2e_spawn(30, 120, NULL, "replay", "--paused", "--speed", "0.5",
	    "-c", "16", path, NULL);
	PTY_ASSERT(p, pty_wait_text(p, "x0.5  paused", E2E_WAIT), "--speed");
	pty_type(p, "++");
	PTY_ASSERT(p, pty_wait_text(p, "x2  paused", E2E_WAIT), "+ +");
	pty_type(p, "-");
	PTY_ASSERT(p, pty_wait_text(p, "x1  paused", E2E_WAIT), "-");
	/* O plays from the start: it gets to the end. */
	pty_type(p, "O");
	PTY_ASSERT(p, pty_wait_text(p, "end of recording", E2E_WAIT),
	    "O did not play to the end");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x30, ROWS_TOP, "44"), "not the end");
	/* :seek 0 goes back: the bytes as they were. */
	pty_type(p, ":seek 0\r");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x30, ROWS_TOP, "00"), ":seek 0");
	PTY_ASSERT(p, e2e_hex_now(p, 0x10, ROWS_TOP, "00"), ":seek 0: 0x10");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/*
 * Part 2 (issue 14): while < shows a past frame, the fields panel shows
 * that frame's values: the counter as it was, a field outside the
 * window said to be so, never the live value.
 */
START_TEST(the_fields_panel_shows_the_past)
{
	static const char	 lay[] = "counter 0x10 u8\nfar 0xf00 u8\n";
	char			*path = write_rec("f.lhrec"), *lp;
	struct pty		*p;

	lp = tu_file("f.layout", lay, strlen(lay));
	p = e2e_spawn(30, 120, NULL, "replay", "--paused", "-c", "16",
	    "--layout", lp, path, NULL);
	PTY_ASSERT(p, pty_wait_text(p, "counter", E2E_WAIT), "no fields");
	pty_type(p, "o");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, ROWS_TOP, "11"), "1st o");
	pty_type(p, "o");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, ROWS_TOP, "22"), "2nd o");
	PTY_ASSERT(p, pty_wait_text(p, "counter      34", E2E_WAIT),
	    "the live value is not in the panel");
	PTY_ASSERT(p, !pty_find(p, "(not in the window)", NULL, NULL),
	    "said before the past");
	pty_type(p, "<");
	PTY_ASSERT(p, pty_wait_row(p, 0, "<< viewing", E2E_WAIT), "no past");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, ROWS_TOP, "11"), "not the past");
	PTY_ASSERT(p, pty_wait_text(p, "counter      17", E2E_WAIT),
	    "the panel does not show the past value");
	PTY_ASSERT(p, !pty_find(p, "counter      34", NULL, NULL),
	    "the live value shown as the past");
	PTY_ASSERT(p, pty_wait_text(p, "far          (not in the window)",
	    E2E_WAIT), "a field outside the window is not said to be");
	pty_type(p, ".");
	PTY_ASSERT(p, pty_wait_text(p, "counter      34", E2E_WAIT),
	    "not back to the live value");
	e2e_quit(p);
	pty_free(p);
	free(lp);
	free(path);
}
END_TEST

/*
 * Part 3 (issue 14): the "<< viewing" label does not cover the header's
 * path: a short one (shorter than the label) is drawn after it.
 */
START_TEST(the_past_label_leaves_the_path_readable)
{
	/* In the build tree: a name shorter than the label. */
	char		*path = xasprintf("rh%d.lhrec", (int)getpid());
	struct pty	*p;
	char		*row, *want;

	write_rec_at(path, true);
	p = e2e_spawn(30, 120, NULL, "replay", "--paused", "-c", "16", path,
	    NULL);
	PTY_ASSERT(p, pty_wait_row(p, 0, path, E2E_WAIT), "no path");
	pty_type(p, "oo");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, ROWS_TOP, "22"), "o o");
	pty_type(p, "<");
	PTY_ASSERT(p, pty_wait_row(p, 0, "<< viewing", E2E_WAIT), "no past");
	/* Right after the label (the read-only reason names it too). */
	want = xasprintf("(. live)  %s", path);
	row = pty_row_text(p, 0);
	PTY_ASSERT(p, strstr(row, want) != NULL, "the label covers the path");
	free(row);
	free(want);
	e2e_quit(p);
	pty_free(p);
	unlink(path);
	free(path);
}
END_TEST

/* True when a row of P from column COL on holds TEXT. */
static bool
right_of(struct pty *p, int col, const char *text)
{
	int	rows, cols;
	bool	yes = false;

	pty_size(p, &rows, &cols);
	for (int r = 0; r < rows && !yes; r++) {
		char	*row = pty_row_text(p, r);

		yes = (int)strlen(row) > col && strstr(row + col, text) != NULL;
		free(row);
	}
	return yes;
}

/* Condition: the panel's columns (from 86 at 120) hold ARG. */
static bool
panel_has(struct pty *p, void *arg)
{
	return right_of(p, 120 - 34, arg);
}

/*
 * Part 3 (issue 14): a change log line longer than the side panel's 33
 * columns wraps: the new value at its end is seen, not cut off.
 */
START_TEST(a_long_log_line_wraps_in_the_side_panel)
{
	static const char	 lay[] = "a_long_field_name 0x40 char[16]\n";
	char			*path = tu_path("w.lhrec"), *cause = NULL, *lp;
	uint8_t			*img = calloc(4096, 1);
	struct record_writer	*w;
	struct pty		*p;
	char			 name[] = "a_long_field_name",
				 value[] = "-> \"ABCDEFGHIJKLM";

	w = record_create(path, RECORD_FORCE, "test", 0, img, 4096, NULL,
	    &cause);
	ck_assert_msg(w != NULL, "%s", cause);
	ck_assert_int_eq(record_change(w, 100, 0x40, (const uint8_t *)
	    "ABCDEFGHIJKLMNOP", 16, &cause), RECORD_OK);
	ck_assert_int_eq(record_finish(w, 200, NULL, &cause), 0);
	lp = tu_file("w.layout", lay, strlen(lay));
	p = e2e_spawn(30, 120, NULL, "replay", "--paused", "-c", "16",
	    "--layout", lp, path, NULL);
	pty_type(p, "L");
	PTY_ASSERT(p, pty_wait_text(p, "log: 0,", E2E_WAIT), "no log panel");
	pty_type(p, "o");
	PTY_ASSERT(p, pty_wait_text(p, "log: 1,", E2E_WAIT), "not logged");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, panel_has, name),
	    "the entry is not in the panel");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, panel_has, value),
	    "the log line is cut before its new value");
	e2e_quit(p);
	pty_free(p);
	free(img);
	free(lp);
	free(path);
}
END_TEST

/* An unfinished recording plays up to where it stops, and says why. */
START_TEST(a_damaged_recording_plays_up_to_the_damage)
{
	char		*path = write_rec_ended("d.lhrec", false);
	struct pty	*p;

	p = e2e_spawn(30, 120, NULL, "replay", "--paused", "--speed", "64",
	    "-c", "16", path, NULL);
	PTY_ASSERT(p, pty_wait_text(p, "paused", E2E_WAIT), "no player line");
	PTY_ASSERT(p, !pty_find(p, "stopped at the damage", NULL, NULL),
	    "damage said before playing");
	pty_type(p, " ");
	PTY_ASSERT(p, pty_wait_text(p, "stopped at the damage", E2E_WAIT),
	    "the damage is not said");
	PTY_ASSERT(p, pty_wait_text(p, "paused at the damage", E2E_WAIT),
	    "the line does not say it stopped at the damage");
	/* What was written before the damage played (the last change's
	   block was still open when the writer stopped). */
	PTY_ASSERT(p, e2e_wait_hex(p, 0x20, ROWS_TOP, "33"), "not played");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/*
 * A counter at 0x10: 1, 2, ... 200 at 10, 20, ... 2000 ms (a change every
 * 10 ms, so a player that ran past a break would soon show it); the end
 * at 2100.
 */
static char *
write_counter_rec(const char *name)
{
	char			*path = tu_path(name), *cause = NULL;
	uint8_t			*img = calloc(4096, 1);
	struct record_writer	*w;

	w = record_create(path, RECORD_FORCE, "test", 0, img, 4096, NULL,
	    &cause);
	ck_assert_msg(w != NULL, "%s", cause);
	for (unsigned k = 1; k <= 200; k++) {
		uint8_t	b = (uint8_t)k;

		ck_assert_int_eq(record_change(w, 10 * k, 0x10, &b, 1,
		    &cause), RECORD_OK);
	}
	ck_assert_int_eq(record_finish(w, 2100, NULL, &cause), 0);
	free(img);
	return path;
}

/* The byte at OFF of the replay's memfd in process PID, read by /proc. */
static unsigned
memfd_byte(int pid, uint64_t off)
{
	char		 dir[64], link[400], got[300];
	struct dirent	*de;
	DIR		*d;
	int		 fd = -1;
	uint8_t		 b;
	ssize_t		 n;

	snprintf(dir, sizeof dir, "/proc/%d/fd", pid);
	d = opendir(dir);
	ck_assert_ptr_nonnull(d);
	while (fd == -1 && (de = readdir(d)) != NULL) {
		snprintf(link, sizeof link, "%s/%s", dir, de->d_name);
		n = readlink(link, got, sizeof got - 1);
		if (n <= 0)
			continue;
		got[n] = '\0';
		if (strncmp(got, "/memfd:livehex-replay", 21) == 0)
			fd = open(link, O_RDONLY);
	}
	closedir(d);
	ck_assert_msg(fd != -1, "no replay memfd in %s", dir);
	ck_assert_int_eq(pread(fd, &b, 1, (off_t)off), 1);
	close(fd);
	return b;
}

/* The hex text shown for OFF (rows under the player's line), as a number. */
static unsigned
shown_byte(struct pty *p, uint64_t off)
{
	int	 row, col;
	char	*t;
	unsigned v;

	e2e_hex_cell(off, ROWS_TOP, &row, &col);
	t = pty_row_text(p, row);
	ck_assert_int_gt((int)strlen(t), col + 1);
	t[col + 2] = '\0';
	v = (unsigned)strtoul(t + col, NULL, 16);
	free(t);
	return v;
}

/*
 * Part 4 (issue 14): a break that fires during a replay pauses the
 * player where the break caught it: its line says so and stands still,
 * the memfd keeps the held frame's byte (nothing run over), and Esc lets
 * the break go and plays on, to the end.
 */
START_TEST(a_break_pauses_the_player_and_esc_plays_on)
{
	char		*path = write_counter_rec("k.lhrec"), *row, *line;
	struct pty	*p;
	unsigned	 v;
	int		 r;

	p = e2e_spawn(30, 120, NULL, "replay", "--paused", "-c", "16", path,
	    NULL);
	PTY_ASSERT(p, pty_wait_text(p, "x1  paused", E2E_WAIT), "no player");
	/* >= : a loop late by a change or two still fires, on what it saw. */
	pty_type(p, ":break u8@0x10 >= 30\r");
	PTY_ASSERT(p, pty_wait_text(p, "the view stops when it becomes true",
	    E2E_WAIT), "break not set");
	PTY_ASSERT(p, !pty_find(p, "fired", NULL, NULL), "fired early");
	pty_type(p, " ");
	PTY_ASSERT(p, pty_wait_text(p, "x1  paused: BREAK 1 fired (Esc plays "
	    "on)", E2E_WAIT), "the break did not pause the player");
	PTY_ASSERT(p, pty_find(p, "x1  paused: BREAK 1", &r, NULL), "line");
	line = pty_row_text(p, r);
	v = shown_byte(p, 0x10);
	ck_assert_uint_ge(v, 30);
	ck_assert_uint_lt(v, 200);
	/* The moment is kept: the memfd holds what the held frame shows. */
	ck_assert_uint_eq(memfd_byte(pty_pid(p), 0x10), v);
	/* A round trip through the viewer's loop (many 10 ms changes at
	   x1 would be due by now): still held, line and memfd alike. */
	pty_type(p, ":breaks\r");
	PTY_ASSERT(p, pty_wait_text(p, "(1 hit)", E2E_WAIT),
	    ":breaks not listed");
	row = pty_row_text(p, r);
	ck_assert_str_eq(row, line);
	free(row);
	ck_assert_uint_eq(memfd_byte(pty_pid(p), 0x10), v);
	PTY_ASSERT(p, !pty_find(p, "end of recording", NULL, NULL), "ended");
	/* Esc lets the break go: the player plays on, to the end. */
	pty_key(p, VTERM_KEY_ESCAPE, 0);
	PTY_ASSERT(p, pty_wait_gone(p, "fired", E2E_WAIT), "still held");
	PTY_ASSERT(p, pty_wait_text(p, "end of recording", E2E_WAIT),
	    "Esc did not play on");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, ROWS_TOP, "c8"), "not the end");
	ck_assert_uint_eq(memfd_byte(pty_pid(p), 0x10), 200);
	free(line);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/*
 * A break that fires on a step (o: the player was paused) says so, and
 * Esc lets it go without playing; Space still plays.
 */
START_TEST(a_break_on_a_step_stays_paused_after_esc)
{
	char		*path = write_counter_rec("s2.lhrec");
	struct pty	*p;

	p = e2e_spawn(30, 120, NULL, "replay", "--paused", "-c", "16", path,
	    NULL);
	PTY_ASSERT(p, pty_wait_text(p, "x1  paused", E2E_WAIT), "no player");
	pty_type(p, ":break u8@0x10 == 2\r");
	PTY_ASSERT(p, pty_wait_text(p, "the view stops when it becomes true",
	    E2E_WAIT), "break not set");
	pty_type(p, "o");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, ROWS_TOP, "01"), "1st o");
	PTY_ASSERT(p, !pty_find(p, "fired", NULL, NULL), "fired early");
	pty_type(p, "o");
	PTY_ASSERT(p, pty_wait_text(p, "x1  paused: BREAK 1 fired (Esc "
	    "continues)", E2E_WAIT), "the line does not say the break");
	PTY_ASSERT(p, e2e_hex_now(p, 0x10, ROWS_TOP, "02"), "not its frame");
	pty_key(p, VTERM_KEY_ESCAPE, 0);
	PTY_ASSERT(p, pty_wait_gone(p, "fired", E2E_WAIT), "still held");
	PTY_ASSERT(p, pty_wait_text(p, "replay 0.0 s / 2.1 s  x1  paused",
	    E2E_WAIT), "Esc played a player that was paused");
	ck_assert_uint_eq(memfd_byte(pty_pid(p), 0x10), 2);
	/* Space still plays (the break is let go: it fires no more). */
	pty_type(p, " ");
	PTY_ASSERT(p, pty_wait_text(p, "end of recording", E2E_WAIT),
	    "Space did not play");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/*
 * Space during a break's hold still toggles: the player plays on while
 * the view stays held, and Esc then lets the break go without touching
 * the player (Space took it over).
 */
START_TEST(space_during_a_break_plays)
{
	char		*path = write_counter_rec("sp.lhrec");
	struct pty	*p;

	p = e2e_spawn(30, 120, NULL, "replay", "--paused", "-c", "16", path,
	    NULL);
	PTY_ASSERT(p, pty_wait_text(p, "x1  paused", E2E_WAIT), "no player");
	pty_type(p, ":break u8@0x10 == 1\r");
	PTY_ASSERT(p, pty_wait_text(p, "the view stops when it becomes true",
	    E2E_WAIT), "break not set");
	pty_type(p, "o");
	PTY_ASSERT(p, pty_wait_text(p, "paused: BREAK 1 fired (Esc "
	    "continues)", E2E_WAIT), "the break did not hold the player");
	PTY_ASSERT(p, !pty_find(p, "end of recording", NULL, NULL), "ended");
	pty_type(p, " ");
	PTY_ASSERT(p, pty_wait_text(p, "end of recording", E2E_WAIT),
	    "Space did not play during the hold");
	PTY_ASSERT(p, !pty_find(p, "fired", NULL, NULL),
	    "the line still says the break holds the player");
	/* The view is still held on the break's frame. */
	PTY_ASSERT(p, e2e_hex_now(p, 0x10, ROWS_TOP, "01"), "not held");
	ck_assert_uint_eq(memfd_byte(pty_pid(p), 0x10), 200);
	pty_key(p, VTERM_KEY_ESCAPE, 0);
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, ROWS_TOP, "c8"), "not live");
	PTY_ASSERT(p, pty_wait_text(p, "replay 2.1 s / 2.1 s  x1  paused",
	    E2E_WAIT), "Esc restarted a player Space had taken over");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(bad_input_is_said)
{
	char		*path = write_rec("b.lhrec"), *err;
	const char	*speed[] = { "replay", "--speed", "fast", path, NULL };
	const char	*at[] = { "replay", "--at", "soon", path, NULL };
	unsigned char	*out;
	size_t		 len;
	int		 st;

	st = run(speed, &out, &len, &err);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 2);
	ck_assert_msg(strstr(err, "--speed fast: not a speed") != NULL, "%s",
	    err);
	free(out);
	free(err);
	st = run(at, &out, &len, &err);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 2);
	ck_assert_msg(strstr(err, "--at ") != NULL, "%s", err);
	free(out);
	free(err);
	free(path);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("replay");
	TCase	*tc = timeout_tcase("replay", TIMEOUT_TOOL);

	tcase_add_test(tc, first_image_step_seek_play_and_refusals);
	tcase_add_test(tc, speed_and_restart);
	tcase_add_test(tc, the_fields_panel_shows_the_past);
	tcase_add_test(tc, a_damaged_recording_plays_up_to_the_damage);
	tcase_add_test(tc, the_past_label_leaves_the_path_readable);
	tcase_add_test(tc, a_long_log_line_wraps_in_the_side_panel);
	tcase_add_test(tc, a_break_pauses_the_player_and_esc_plays_on);
	tcase_add_test(tc, a_break_on_a_step_stays_paused_after_esc);
	tcase_add_test(tc, space_during_a_break_plays);
	tcase_add_test(tc, bad_input_is_said);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
