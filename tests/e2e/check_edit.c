/* SPDX-License-Identifier: ISC */
/*
 * check_edit.c - editing live bytes through the viewer, end to end.
 *
 * Keys go to the real binary in a pty; the file is read back with pread
 * (never through a mapping, never after a sync unless the test syncs), so
 * what is checked is what every other process sees.
 *
 * Typing stores only in edit mode: tests press R, type, and press Esc
 * (edit_keys), waiting for the -- EDIT -- tag to come and go, so no key
 * meant as a byte is ever taken as a command or the other way round.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <stdint.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

static char	 unset_no_color[] = "-NO_COLOR";
static char *const no_env[] = { unset_no_color, NULL };

/* Type TEXT in hex edit mode: R, TEXT, Esc. */
static void
edit_keys(struct pty *p, const char *text)
{
	e2e_enter_edit(p, "-- EDIT hex --");
	pty_type(p, text);
	e2e_leave_edit(p);
}

START_TEST(hex_digits_overwrite_and_half_byte_stays_out)
{
	char		*path = e2e_ramp_file("hexedit");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	pty_type(p, ":0x10\r");
	ck_assert(e2e_wait_cursor(p, 0x10));
	e2e_enter_edit(p, "-- EDIT hex --");
	pty_type(p, "a");
	/* Pending: shown on screen, not in the file. */
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, 0, "a_"), "pending not shown");
	ck_assert_uint_eq(e2e_byte_at(path, 0x10), 0x10);
	pty_type(p, "b");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x10, "\xab", 1), "ab not stored");
	ck_assert(e2e_wait_cursor(p, 0x11));
	/* Esc leaves edit mode and drops a half-typed byte. */
	pty_type(p, "c");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x11, 0, "c_"), "pending c");
	e2e_leave_edit(p);
	PTY_ASSERT(p, e2e_wait_hex(p, 0x11, 0, "11"), "Esc kept pending");
	PTY_ASSERT(p, pty_wait_text(p, "1 byte written; the half-typed byte "
	    "was dropped", E2E_WAIT), "Esc did not say what it did");
	/* So does moving away (the arrows work in edit mode). */
	e2e_enter_edit(p, "-- EDIT hex --");
	pty_type(p, "d");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x11, 0, "d_"), "pending d");
	pty_key(p, VTERM_KEY_RIGHT, 0);
	PTY_ASSERT(p, pty_wait_text(p, "the half-typed d for 0x11 was dropped",
	    E2E_WAIT), "the dropped digit was not reported");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x11, 0, "11"), "move kept pending");
	/* The next digit starts a byte at the new cursor, 0x12. */
	pty_type(p, "e");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x12, 0, "e_"), "pending e");
	ck_assert_uint_eq(e2e_byte_at(path, 0x11), 0x11);
	ck_assert_uint_eq(e2e_byte_at(path, 0x12), 0x12);
	e2e_leave_edit(p);
	PTY_ASSERT(p, pty_wait_text(p, "RW, 1 unsynced", E2E_WAIT),
	    "header lacks the unsynced count");
	e2e_quit_bang(p);
	free(path);
}
END_TEST

START_TEST(ascii_pane_types_text)
{
	char		*path = e2e_ramp_file("ascii");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);

	pty_type(p, ":0x20\r\t");
	PTY_ASSERT(p, pty_wait_text(p, "ASCII pane", E2E_WAIT), "no pane msg");
	e2e_enter_edit(p, "-- EDIT text --");
	/* Every printable character is text here, commands included. */
	pty_type(p, "Hi q:R?u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x20, "Hi q:R?u", 8),
	    "text not stored");
	/* UTF-8: the character's bytes. */
	pty_type(p, "\xc3\xa9\xe2\x82\xac");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x28, "\xc3\xa9\xe2\x82\xac", 5),
	    "UTF-8 not stored as its bytes");
	ck_assert(e2e_wait_cursor(p, 0x2d));
	e2e_leave_edit(p);
	pty_type(p, "\t");
	PTY_ASSERT(p, pty_wait_text(p, "hex pane", E2E_WAIT), "no hex pane");
	e2e_quit_bang(p);
	free(path);
}
END_TEST

START_TEST(undo_and_redo)
{
	char		*path = e2e_ramp_file("undo");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);

	pty_type(p, ":0x30\r");
	ck_assert(e2e_wait_cursor(p, 0x30));
	/* One run: R, four bytes, Esc. */
	edit_keys(p, "ffee dd-cc");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x30, "\xff\xee\xdd\xcc", 4),
	    "edits");
	/* A second run, split in two by a cursor jump (Left). */
	e2e_enter_edit(p, "-- EDIT hex --");
	pty_type(p, "11");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x34, "\x11", 1), "run 2");
	pty_key(p, VTERM_KEY_LEFT, 0);
	ck_assert(e2e_wait_status(p, "-- EDIT hex -- 0x34 (52) "));
	pty_type(p, "22");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x34, "\x22", 1), "run 3");
	e2e_leave_edit(p);
	pty_type(p, "u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x34, "\x11", 1), "undo 3");
	pty_type(p, "u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x34, "\x34", 1), "undo 2");
	/* The whole first run at once. */
	pty_type(p, "u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x30, "\x30\x31\x32\x33", 4),
	    "the run was not undone as one");
	pty_type(p, "u");
	PTY_ASSERT(p, pty_wait_text(p, "nothing to undo", E2E_WAIT), "end");
	pty_ctrl(p, 'r');
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x30, "\xff\xee\xdd\xcc\x34", 5),
	    "redo 1");
	pty_ctrl(p, 'r');
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x34, "\x11", 1), "redo 2");
	pty_ctrl(p, 'r');
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x34, "\x22", 1), "redo 3");
	pty_ctrl(p, 'r');
	PTY_ASSERT(p, pty_wait_text(p, "nothing to redo", E2E_WAIT), "end");
	e2e_quit_bang(p);
	free(path);
}
END_TEST

START_TEST(undo_asks_after_an_external_change)
{
	char		*path = e2e_ramp_file("conflict");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);

	/* 80 columns on purpose: the question must fit a common terminal. */

	pty_type(p, ":0x40\r");
	ck_assert(e2e_wait_cursor(p, 0x40));
	edit_keys(p, "99");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x40, "\x99", 1), "edit");
	/* Someone else changes the byte we edited. */
	e2e_mmap_store(path, 0x40, "\x55", 1);
	PTY_ASSERT(p, e2e_wait_hex(p, 0x40, 0, "55"), "their store");
	pty_type(p, "u");
	PTY_ASSERT(p, pty_wait_text(p, "0x40 (now 55, ours 99) changed since "
	    "our edit: overwrite it? y/n", E2E_WAIT), "no question");
	pty_type(p, "n");
	PTY_ASSERT(p, pty_wait_text(p, "left their value", E2E_WAIT), "n");
	ck_assert_uint_eq(e2e_byte_at(path, 0x40), 0x55);
	pty_type(p, "u");
	PTY_ASSERT(p, pty_wait_text(p, "overwrite it? y/n", E2E_WAIT), "ask");
	pty_type(p, "y");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x40, "\x40", 1), "y restores");
	e2e_quit_bang(p);
	free(path);
}
END_TEST

/* One :set case: command, offset, expected bytes. */
struct set_case {
	const char	*cmd;
	uint64_t	 off;
	const char	*bytes;
	size_t		 len;
	const char	*msg;
};

START_TEST(set_every_type)
{
	static const struct set_case cases[] = {
		{ ":set u8 200\r", 0x100, "\xc8", 1, "wrote u8 200" },
		{ ":set i8 -2\r", 0x100, "\xfe", 1, "wrote i8 -2" },
		{ ":set u16le 0x1234\r", 0x100, "\x34\x12", 2, "atomic" },
		{ ":set u16be 0x1234\r", 0x100, "\x12\x34", 2, "atomic" },
		{ ":set i16le -2\r", 0x100, "\xfe\xff", 2, "atomic" },
		{ ":set i16be -2\r", 0x100, "\xff\xfe", 2, "atomic" },
		{ ":set u32le 3735928559\r", 0x100, "\xef\xbe\xad\xde", 4,
		    "atomic" },
		{ ":set u32be 1\r", 0x100, "\x00\x00\x00\x01", 4, "atomic" },
		{ ":set i32le -1\r", 0x100, "\xff\xff\xff\xff", 4, "atomic" },
		{ ":set i32be -256\r", 0x100, "\xff\xff\xff\x00", 4, "atomic" },
		{ ":set u64le 1\r", 0x100, "\x01\0\0\0\0\0\0\0", 8, "atomic" },
		{ ":set u64be 1\r", 0x100, "\0\0\0\0\0\0\0\x01", 8, "atomic" },
		{ ":set i64le -1\r", 0x100, "\xff\xff\xff\xff\xff\xff\xff\xff",
		    8, "atomic" },
		{ ":set i64be -2\r", 0x100, "\xff\xff\xff\xff\xff\xff\xff\xfe",
		    8, "atomic" },
		{ ":set f32le 1.5\r", 0x100, "\x00\x00\xc0\x3f", 4, "atomic" },
		{ ":set f32be 1.5\r", 0x100, "\x3f\xc0\x00\x00", 4, "atomic" },
		{ ":set f64le 2.5\r", 0x100, "\0\0\0\0\0\0\x04\x40", 8,
		    "atomic" },
		{ ":set f64be 2.5\r", 0x100, "\x40\x04\0\0\0\0\0\0", 8,
		    "atomic" },
		{ ":set hex de ad be ef\r", 0x100, "\xde\xad\xbe\xef", 4,
		    NULL },
		{ ":set \"ok\\n\"\r", 0x100, "ok\n", 3, NULL },
		/* The byte grammar's spellings, as poke and search read them. */
		{ ":set u16be:0x0102\r", 0x100, "\x01\x02", 2, "atomic" },
		{ ":set de:ad-be\r", 0x100, "\xde\xad\xbe", 3, NULL },
		{ ":set text:a b\r", 0x100, "a b", 3, NULL },
	};
	char		*path = e2e_ramp_file("settypes");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	pty_type(p, ":0x100\r");
	ck_assert(e2e_wait_cursor(p, 0x100));
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pty_type(p, cases[i].cmd);
		ck_assert_msg(e2e_wait_file(p, path, cases[i].off, cases[i].bytes,
		    cases[i].len), "%s did not write", cases[i].cmd);
		if (cases[i].msg != NULL)
			PTY_ASSERT(p, pty_wait_text(p, cases[i].msg,
			    E2E_WAIT), "%s: no \"%s\"", cases[i].cmd,
			    cases[i].msg);
	}
	/* Misaligned: written, and said not to be atomic. */
	pty_type(p, ":0x101\r:set u32le 7\r");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x101, "\x07\0\0\0", 4), "misaligned");
	PTY_ASSERT(p, pty_wait_text(p, "misaligned: not atomic", E2E_WAIT),
	    "misaligned store not explained");
	/* Errors: nothing written. */
	pty_type(p, ":set u8 300\r");
	PTY_ASSERT(p, pty_wait_text(p, "does not fit in u8", E2E_WAIT), "u8");
	pty_type(p, ":set u24 1\r");
	PTY_ASSERT(p, pty_wait_text(p, "unknown type", E2E_WAIT), "type");
	pty_type(p, ":set hex abc\r");
	PTY_ASSERT(p, pty_wait_text(p, "a byte is two digits", E2E_WAIT),
	    "hex");
	ck_assert_uint_eq(e2e_byte_at(path, 0x101), 7);
	pty_type(p, ":$\r:set u32le 1\r");
	PTY_ASSERT(p, pty_wait_text(p, "past the end", E2E_WAIT),
	    "a value past the end was not refused");
	ck_assert_uint_eq(e2e_byte_at(path, 4095), 0xff);
	e2e_quit_bang(p);
	free(path);
}
END_TEST

START_TEST(sync_on_a_regular_file)
{
	/* In the build tree: $TMPDIR may be tmpfs. */
	char		*path = xasprintf("./livehex-e2e-sync-%d", getpid());
	unsigned char	 b[4096] = { 0 };
	int		 fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct pty	*p;

	ck_assert_int_eq(write(fd, b, sizeof b), (ssize_t)sizeof b);
	close(fd);
	p = e2e_spawn(24, 80, no_env, path, NULL);
	pty_type(p, "s");
	PTY_ASSERT(p, pty_wait_text(p, "no unsynced edits", E2E_WAIT), "s");
	edit_keys(p, "12");
	PTY_ASSERT(p, pty_wait_text(p, "1 unsynced", E2E_WAIT), "count");
	pty_type(p, "s");
	PTY_ASSERT(p, pty_wait_text(p, "synced 1 page in", E2E_WAIT),
	    "no sync report");
	PTY_ASSERT(p, pty_wait_gone(p, "unsynced", E2E_WAIT), "count stays");
	edit_keys(p, "34");
	pty_type(p, ":sync async\r");
	PTY_ASSERT(p, pty_wait_text(p, "scheduled (MS_ASYNC)", E2E_WAIT),
	    "no async report");
	e2e_quit(p);	/* synced: q quits without asking */
	pty_free(p);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(sync_on_dev_shm)
{
	char		*path = xasprintf("/dev/shm/livehex-e2e-%d", getpid());
	int		 fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct pty	*p;

	ck_assert_int_eq(ftruncate(fd, 4096), 0);
	close(fd);
	p = e2e_spawn(24, 100, no_env, path, NULL);
	edit_keys(p, "77");
	pty_type(p, "s");
	PTY_ASSERT(p, pty_wait_text(p, "nothing to make durable", E2E_WAIT),
	    "tmpfs not explained");
	ck_assert_uint_eq(e2e_byte_at(path, 0), 0x77);
	/* On tmpfs q does not ask: there is nothing to sync. */
	edit_keys(p, "88");
	PTY_ASSERT(p, e2e_wait_file(p, path, 1, "\x88", 1), "edit");
	e2e_quit(p);
	pty_free(p);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(quit_with_unsynced_edits_asks)
{
	char		*path = xasprintf("./livehex-e2e-quit-%d", getpid());
	unsigned char	 b[4096] = { 0 };
	int		 fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct pty	*p;
	int		 status;

	ck_assert_int_eq(write(fd, b, sizeof b), (ssize_t)sizeof b);
	close(fd);
	p = e2e_spawn(24, 80, no_env, path, NULL);
	edit_keys(p, "42");
	pty_type(p, "q");
	PTY_ASSERT(p, pty_wait_text(p, "1 unsynced byte (others see them): "
	    "s = sync and quit, q = quit anyway", E2E_WAIT),
	    "no question on quit");
	pty_type(p, "x");
	PTY_ASSERT(p, pty_wait_text(p, "still here", E2E_WAIT), "stay");
	pty_type(p, "q");
	PTY_ASSERT(p, pty_wait_text(p, "s = sync and quit", E2E_WAIT), "ask");
	pty_type(p, "s");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status), "s did not quit");
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_uint_eq(e2e_byte_at(path, 0), 0x42);
	pty_free(p);
	/* And "quit anyway". */
	p = e2e_spawn(24, 80, no_env, path, NULL);
	edit_keys(p, "43");
	pty_type(p, "q");
	PTY_ASSERT(p, pty_wait_text(p, "q = quit anyway", E2E_WAIT), "ask");
	pty_type(p, "q");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status), "q did not quit");
	ck_assert_uint_eq(e2e_byte_at(path, 0), 0x43);
	pty_free(p);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(read_only_refuses_edits)
{
	char		*path = e2e_ramp_file("ro");
	struct pty	*p = e2e_spawn(24, 100, no_env, "-r", path, NULL);

	PTY_ASSERT(p, pty_find(p, "RO (opened read-only (-r))", NULL, NULL),
	    "header lacks RO");
	PTY_ASSERT(p, !pty_find(p, "not available", NULL, NULL), "early");
	/* A read-only view never enters edit mode, and says why. */
	pty_type(p, "R");
	PTY_ASSERT(p, pty_wait_text(p, "read-only (opened read-only (-r)): "
	    "edit mode is not available", E2E_WAIT), "no refusal");
	PTY_ASSERT(p, !pty_find(p, "-- EDIT", NULL, NULL), "edit mode on");
	pty_type(p, "ff");
	PTY_ASSERT(p, pty_wait_text(p, "not in edit mode: R to edit",
	    E2E_WAIT), "digits not refused");
	pty_key(p, VTERM_KEY_ESCAPE, 0);
	PTY_ASSERT(p, pty_wait_gone(p, "not in edit", E2E_WAIT), "msg stays");
	pty_type(p, ":set u8 1\r");
	PTY_ASSERT(p, pty_wait_text(p, "the bytes were not changed",
	    E2E_WAIT), "no :set refusal");
	ck_assert_uint_eq(e2e_byte_at(path, 0), 0);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(edit_past_a_shrunk_end_is_refused)
{
	char		*path = e2e_ramp_file("shrunk");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	/* Without the inspector, 22 rows of bytes. */
	pty_type(p, "i");
	PTY_ASSERT(p, pty_wait_gone(p, "inspector", E2E_WAIT), "i");

	pty_type(p, ":0x200\r");
	ck_assert(e2e_wait_cursor(p, 0x200));
	/* Shrink between the key press and the store: type half a byte. */
	e2e_enter_edit(p, "-- EDIT hex --");
	pty_type(p, "a");
	/*
	 * A jump puts 0x200 mid-screen, 10 of 22 rows below the top: the top
	 * row is 0x160.
	 */
	PTY_ASSERT(p, e2e_wait_hex(p, 0x200, 0x160, "a_"), "pending a");
	ck_assert_int_eq(truncate(path, 0x200), 0);
	PTY_ASSERT(p, pty_wait_text(p, "shrank", E2E_WAIT), "no shrink msg");
	/*
	 * The cursor was pushed to the new last byte, 0x1ff: the half byte
	 * typed for 0x200 must not land there with the next digit.
	 */
	ck_assert(e2e_wait_cursor(p, 0x1ff));
	pty_type(p, "b");
	/* The view re-clamped to the last 22 rows of 0x200 bytes: top 0xa0. */
	PTY_ASSERT(p, e2e_wait_hex(p, 0x1ff, 0xa0, "b_"), "b starts anew");
	ck_assert_uint_eq(e2e_byte_at(path, 0x1ff), 0xff);
	e2e_leave_edit(p);
	pty_type(p, ":set u8 1\r");
	/* The cursor was clamped to the new last byte, 0x1ff: in range. */
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x1ff, "\x01", 1), "clamped edit");
	ck_assert_int_eq(truncate(path, 0x100), 0);
	PTY_ASSERT(p, pty_wait_text(p, "to 256 bytes", E2E_WAIT), "shrink 2");
	pty_type(p, ":set hex 01 02\r");
	PTY_ASSERT(p, pty_wait_text(p, "past the end", E2E_WAIT),
	    "no refusal past the end");
	e2e_quit_bang(p);
	free(path);
}
END_TEST

/*
 * A child increments a 64-bit counter at offset 0 as fast as it can, until
 * told to stop, while we type edits into bytes 16-31 and undo some.  The
 * counter must end at exactly the child's own count (sent through a pipe),
 * and the edited bytes exactly as typed.
 */
START_TEST(edits_beside_a_busy_counter_lose_nothing)
{
	char		*path = tu_file("counter", (char[4096]){ 0 }, 4096);
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);
	int		 fd = open(path, O_RDWR), status, pfd[2];
	pid_t		 pid;
	uint64_t	 counter, count = 0;
	unsigned char	 got[16], *m;
	const char	*want = "\x10\x11\x12\x13\x14\x15\x16\x17"
			    "\x18\x19\x1a\x1b\x1c\x1d\x00\x00";

	ck_assert_int_eq(pipe(pfd), 0);
	m = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ck_assert(m != MAP_FAILED);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		uint64_t	n = 0;

		/* Byte 8 is the stop flag; the counter is bytes 0-7. */
		while (__atomic_load_n(&m[8], __ATOMIC_RELAXED) == 0) {
			__atomic_fetch_add((uint64_t *)(void *)m, 1,
			    __ATOMIC_RELAXED);
			n++;
		}
		_exit(write(pfd[1], &n, sizeof n) == sizeof n ? 0 : 1);
	}
	pty_type(p, ":16\r");
	ck_assert(e2e_wait_cursor(p, 16));
	/* 16 bytes typed in two runs, then the second run (2 bytes) undone. */
	edit_keys(p, "101112131415161718191a1b1c1d");
	edit_keys(p, "1e1f");
	PTY_ASSERT(p, e2e_wait_file(p, path, 31, "\x1f", 1), "typing");
	pty_type(p, "u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 30, "\x00\x00", 2), "undo");
	__atomic_store_n(&m[8], 1, __ATOMIC_RELAXED);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_int_eq(read(pfd[0], &count, sizeof count), sizeof count);
	ck_assert_uint_gt(count, 1000);	/* it really ran alongside */
	e2e_pread(path, 0, &counter, 8);
	ck_assert_uint_eq(counter, count);
	e2e_pread(path, 16, got, 16);
	ck_assert_mem_eq(got, want, 16);
	pty_type(p, ":q!\r");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, NULL), "no exit");
	munmap(m, 4096);
	close(fd);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(own_edits_have_their_colour_until_synced)
{
	char		*path = xasprintf("./livehex-e2e-colour-%d", getpid());
	unsigned char	 b[4096] = { 0 };
	int		 fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct pty	*p;
	struct pty_cell	 c;
	int		 row, col;

	ck_assert_int_eq(write(fd, b, sizeof b), (ssize_t)sizeof b);
	close(fd);
	p = e2e_spawn(24, 100, no_env, path, NULL);
	edit_keys(p, "5a");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0, "\x5a", 1), "edit");
	e2e_hex_cell(0, 0, &row, &col);
	/* The cursor moved on to byte 1: byte 0 shows the edit colour. */
	ck_assert(e2e_wait_cursor(p, 1));
	pty_cell(p, row, col, &c);
	PTY_ASSERT(p, c.fg.kind == PTY_COLOR_INDEXED && c.fg.index == 2,
	    "edited byte not green");
	pty_type(p, "s");
	PTY_ASSERT(p, pty_wait_text(p, "synced 1 page", E2E_WAIT), "sync");
	PTY_ASSERT(p, e2e_cell_plain(p, row, col), "colour after sync");
	e2e_quit(p);
	pty_free(p);
	unlink(path);
	free(path);
}
END_TEST

/* The whole of PATH (LEN bytes) still equals the ramp 0x00, 0x01 ... */
static void
assert_ramp(struct pty *p, const char *path, size_t len)
{
	unsigned char	*b = xmalloc(len);

	e2e_pread(path, 0, b, len);
	for (size_t i = 0; i < len; i++)
		PTY_ASSERT(p, b[i] == (unsigned char)i, "byte 0x%zx became "
		    "%02x: a key wrote it", i, b[i]);
	free(b);
}

START_TEST(normal_mode_never_writes)
{
	char		*path = e2e_ramp_file("normal");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	pty_type(p, ":8\r");
	ck_assert(e2e_wait_cursor(p, 8));
	PTY_ASSERT(p, !pty_find(p, "not in edit mode", NULL, NULL), "early");
	/* vim keys, hex pairs with Space (page down) between them ... */
	pty_type(p, "bedac");
	PTY_ASSERT(p, pty_wait_text(p, "not in edit mode: R to edit",
	    E2E_WAIT), "no hint for a hex digit in normal mode");
	pty_type(p, "de ad be ef 0123456789ABCDEF");
	/* ... and text in the ASCII pane: commands, never bytes. */
	pty_type(p, "\t");
	PTY_ASSERT(p, pty_wait_text(p, "ASCII pane", E2E_WAIT), "Tab");
	pty_type(p, "Hello 42");
	/* Every key above was handled once the prompt shows. */
	pty_type(p, ":");
	PTY_ASSERT(p, e2e_wait_status(p, ":"), "no prompt");
	pty_key(p, VTERM_KEY_ESCAPE, 0);
	assert_ramp(p, path, 4096);
	PTY_ASSERT(p, pty_wait_gone(p, "unsynced", E2E_WAIT), "a count");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* docs/tutorial.md, "4. Writing back", on the tutorial's own file. */
START_TEST(tutorial_type_de_ad_be_ef)
{
	char		*path = tu_path("shared.bin");
	char		 peek[] = "peek", off[] = "8", ty[] = "u32be";
	char		*argv[] = { (char *)(uintptr_t)tu_livehex(), peek, path,
			    off, ty, NULL };
	unsigned char	*out = NULL, z[4096];
	size_t		 outlen;
	char		*err = NULL;
	struct pty	*p;
	int		 status;

	unlink(path);
	p = e2e_spawn(24, 100, no_env, "--create", "4K", path, NULL);
	/* "move to byte 8, press R ... type de ad be ef ... Esc" */
	pty_type(p, ":8\r");
	ck_assert(e2e_wait_cursor(p, 8));
	e2e_enter_edit(p, "-- EDIT hex --");
	pty_type(p, "de ad be ef");
	PTY_ASSERT(p, e2e_wait_file(p, path, 8, "\xde\xad\xbe\xef", 4),
	    "de ad be ef did not land at 8-11");
	e2e_leave_edit(p);
	PTY_ASSERT(p, pty_wait_text(p, "4 bytes written", E2E_WAIT), "msg");
	/* Nothing anywhere else (Space did not page down). */
	e2e_pread(path, 0, z, sizeof z);
	memset(z + 8, 0, 4);
	for (size_t i = 0; i < sizeof z; i++)
		ck_assert_msg(z[i] == 0, "byte 0x%zx was written", i);
	/* "livehex peek /tmp/shared.bin 8 u32be  # prints 3735928559" */
	status = tu_run(argv, NULL, &out, &outlen, &err);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s",
	    err);
	ck_assert_msg(outlen >= 10 && memcmp(out, "3735928559\n", 11) == 0,
	    "peek printed %.*s", (int)outlen, out);
	/* "u undoes your edit": all four bytes at once. */
	pty_type(p, "u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 8, "\0\0\0\0", 4), "u");
	e2e_quit_bang(p);
	free(out);
	free(err);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(hex_edit_takes_pasted_dumps)
{
	char		*path = e2e_ramp_file("paste");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	pty_type(p, ":0x100\r");
	ck_assert(e2e_wait_cursor(p, 0x100));
	/* A dump with ':' comes as a (bracketed) paste: typed, ':' is a command. */
	e2e_enter_edit(p, "-- EDIT hex --");
	e2e_paste(p, "de:ad:be:ef");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x100, "\xde\xad\xbe\xef", 4), ":");
	e2e_leave_edit(p);
	pty_type(p, ":0x110\r");
	ck_assert(e2e_wait_cursor(p, 0x110));
	edit_keys(p, "DEADBEEF");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x110, "\xde\xad\xbe\xef", 4), "AF");
	pty_type(p, ":0x120\r");
	ck_assert(e2e_wait_cursor(p, 0x120));
	edit_keys(p, "De-aD  bE-eF");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x120, "\xde\xad\xbe\xef\x24", 5),
	    "-");
	pty_type(p, ":0x138\r");
	ck_assert(e2e_wait_cursor(p, 0x138));
	edit_keys(p, "deadbeef");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x138, "\xde\xad\xbe\xef\x3c", 5),
	    "deadbeef");
	/* A separator inside a byte, or a letter that is no digit: dropped. */
	pty_type(p, ":0x130\r");
	ck_assert(e2e_wait_cursor(p, 0x130));
	e2e_enter_edit(p, "-- EDIT hex --");
	pty_type(p, "d ");
	PTY_ASSERT(p, pty_wait_text(p, "' ' after one digit: the half-typed d "
	    "at 0x130 was dropped", E2E_WAIT), "no drop message");
	pty_type(p, "e");
	PTY_ASSERT(p, pty_wait_text(p, "e_", E2E_WAIT), "e");
	pty_type(p, "x");
	PTY_ASSERT(p, pty_wait_text(p, "not a hex digit: 'x'", E2E_WAIT), "x");
	e2e_leave_edit(p);
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x130, "\x30\x31", 2), "stored");
	e2e_quit_bang(p);
	free(path);
}
END_TEST

/* Check the mode tag's cell and the cursor cell at ROW, COL. */
static void
assert_marked(struct pty *p, int row, int col, bool color)
{
	struct pty_cell	c;
	int		rows, cols;

	pty_size(p, &rows, &cols);
	pty_cell(p, rows - 1, 3, &c);	/* the E of EDIT */
	if (color)
		PTY_ASSERT(p, c.bg.kind == PTY_COLOR_INDEXED &&
		    c.bg.index == 2, "the mode tag is not green");
	else
		PTY_ASSERT(p, c.reverse, "the mode tag is not reverse");
	pty_cell(p, row, col, &c);
	if (color)
		PTY_ASSERT(p, c.bg.kind == PTY_COLOR_INDEXED &&
		    c.bg.index == 2, "the cursor cell is not marked");
	else
		PTY_ASSERT(p, c.reverse && c.bold, "the cursor cell is not "
		    "marked");
}

/* The mode on the status line, coloured or reversed, and the pane. */
static void
mode_is_shown(char *const env[], bool color)
{
	char		*path = e2e_ramp_file("shown");
	struct pty	*p = e2e_spawn(24, 100, env, path, NULL);
	struct pty_cell	 c;
	int		 row, col;

	pty_type(p, ":0x21\r");
	ck_assert(e2e_wait_cursor(p, 0x21));
	e2e_hex_cell(0x21, 0, &row, &col);
	pty_cell(p, row, col, &c);
	PTY_ASSERT(p, !c.bold, "the normal cursor is already bold");
	e2e_enter_edit(p, "-- EDIT hex --");
	assert_marked(p, row, col, color);
	/* The other pane's cursor cell is not the marked one. */
	pty_cell(p, row, e2e_ascii_col(0x21), &c);
	PTY_ASSERT(p, !c.bold, "both panes marked");
	pty_type(p, "\t");
	PTY_ASSERT(p, e2e_wait_status(p, "-- EDIT text --"), "Tab: no text mode");
	assert_marked(p, row, e2e_ascii_col(0x21), color);
	/* It lasts: a message does not hide it. */
	pty_type(p, "\r");
	PTY_ASSERT(p, pty_wait_text(p, "in edit mode keys are text", E2E_WAIT),
	    "Enter in text mode not explained");
	PTY_ASSERT(p, e2e_wait_status(p, "-- EDIT text --"), "tag gone");
	e2e_leave_edit(p);
	PTY_ASSERT(p, pty_wait_text(p, "left edit mode", E2E_WAIT), "Esc");
	assert_ramp(p, path, 4096);
	e2e_quit(p);
	pty_free(p);
	free(path);
}

START_TEST(edit_mode_is_shown_in_colour)
{
	mode_is_shown(no_env, true);
}
END_TEST

START_TEST(edit_mode_is_shown_without_colour)
{
	static char	nc[] = "NO_COLOR=1";
	static char *const env[] = { nc, NULL };

	mode_is_shown(env, false);
}
END_TEST

START_TEST(run_undo_asks_once_and_is_atomic)
{
	char		*path = e2e_ramp_file("runconflict");
	struct pty	*p = e2e_spawn(24, 120, no_env, path, NULL);

	pty_type(p, ":0x40\r");
	ck_assert(e2e_wait_cursor(p, 0x40));
	edit_keys(p, "de ad be ef");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x40, "\xde\xad\xbe\xef", 4), "run");
	e2e_mmap_store(path, 0x41, "\x00", 1);
	e2e_mmap_store(path, 0x43, "\x11", 1);
	PTY_ASSERT(p, e2e_wait_hex(p, 0x43, 0, "11"), "their store");
	pty_type(p, "u");
	PTY_ASSERT(p, pty_wait_text(p, "2 bytes changed since our edit: 0x41 "
	    "(now 00, ours ad), 0x43 (now 11, ours ef): overwrite them? y/n",
	    E2E_WAIT), "no single question listing both bytes");
	pty_type(p, "n");
	PTY_ASSERT(p, pty_wait_text(p, "left their value", E2E_WAIT), "n");
	/* Nothing of the run was undone: not even the unchanged bytes. */
	ck_assert(e2e_wait_file(p, path, 0x40, "\xde\x00\xbe\x11", 4));
	pty_type(p, "u");
	PTY_ASSERT(p, pty_wait_text(p, "overwrite them? y/n", E2E_WAIT), "ask");
	pty_type(p, "y");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x40, "\x40\x41\x42\x43", 4),
	    "y did not undo the whole run");
	e2e_quit_bang(p);
	free(path);
}
END_TEST

START_TEST(edit_mode_stops_at_the_end)
{
	char		*path = e2e_ramp_file("theend");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	pty_type(p, ":$\r");
	ck_assert(e2e_wait_cursor(p, 4095));
	e2e_enter_edit(p, "-- EDIT hex --");
	pty_type(p, "aa");
	PTY_ASSERT(p, e2e_wait_file(p, path, 4095, "\xaa", 1), "last byte");
	pty_type(p, "b");
	PTY_ASSERT(p, pty_wait_text(p, "the end of the file (0xfff): edit "
	    "mode does not grow it", E2E_WAIT), "no end message");
	pty_type(p, "bcc");
	/* Moving back to it on purpose: the last byte can be typed again. */
	pty_key(p, VTERM_KEY_LEFT, 0);
	ck_assert(e2e_wait_cursor(p, 4094));
	/* Keys are handled in order: "bcc" before the move, none stored. */
	ck_assert_uint_eq(e2e_byte_at(path, 4095), 0xaa);
	ck_assert_uint_eq(e2e_byte_at(path, 4094), 0xfe);
	pty_key(p, VTERM_KEY_RIGHT, 0);
	ck_assert(e2e_wait_cursor(p, 4095));
	pty_type(p, "bb");
	PTY_ASSERT(p, e2e_wait_file(p, path, 4095, "\xbb", 1), "a new run");
	e2e_leave_edit(p);
	e2e_quit_bang(p);
	free(path);
}
END_TEST

/* ---- item 1: a half-typed byte belongs to its offset ----------------------- */

START_TEST(half_byte_is_dropped_when_follow_moves)
{
	char		*path = e2e_ramp_file("follow");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);
	unsigned char	 more[100];
	int		 fd;

	memset(more, 0x77, sizeof more);
	pty_type(p, "F");
	ck_assert(e2e_wait_cursor(p, 4095));
	e2e_enter_edit(p, "-- EDIT hex --");
	pty_type(p, "4");
	PTY_ASSERT(p, pty_wait_text(p, "4_", E2E_WAIT), "pending 4");
	/* Another process appends: follow moves the cursor to the new end. */
	fd = open(path, O_WRONLY | O_APPEND);
	ck_assert_int_eq(write(fd, more, sizeof more), (ssize_t)sizeof more);
	close(fd);
	PTY_ASSERT(p, pty_wait_text(p, "the cursor moved to 0x1063: the "
	    "half-typed 4 for 0xfff was dropped", E2E_WAIT),
	    "the move did not drop the digit");
	pty_type(p, "1");
	PTY_ASSERT(p, pty_wait_text(p, "1_", E2E_WAIT), "1 starts a byte");
	e2e_leave_edit(p);
	ck_assert(e2e_wait_cursor(p, 4095 + 100));
	ck_assert_uint_eq(e2e_byte_at(path, 4095), 0xff);
	ck_assert_uint_eq(e2e_byte_at(path, 4095 + 100), 0x77);
	e2e_quit_bang(p);
	free(path);
}
END_TEST

START_TEST(half_byte_is_dropped_by_the_mouse)
{
	char		*path = e2e_ramp_file("mouse");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);
	int		 row, col;

	e2e_enter_edit(p, "-- EDIT hex --");
	pty_type(p, "4");
	PTY_ASSERT(p, e2e_wait_hex(p, 0, 0, "4_"), "pending 4");
	e2e_hex_cell(0x35, 0, &row, &col);
	pty_mouse_click(p, row, col, 1);
	PTY_ASSERT(p, pty_wait_text(p, "the cursor moved to 0x35: the "
	    "half-typed 4 for 0x0 was dropped", E2E_WAIT),
	    "a click did not drop the digit");
	pty_type(p, "1");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x35, 0, "1_"), "1 starts a byte");
	/* The wheel scrolls; once the cursor must move along: dropped. */
	pty_mouse_wheel(p, 5, 20, false);
	PTY_ASSERT(p, pty_wait_row(p, 1, "00000030", E2E_WAIT), "wheel 1");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x35, 0x30, "1_"), "still at 0x35");
	pty_mouse_wheel(p, 5, 20, false);
	PTY_ASSERT(p, pty_wait_text(p, "the half-typed 1 for 0x35 was dropped",
	    E2E_WAIT), "the wheel did not drop the digit");
	pty_type(p, "2");
	e2e_leave_edit(p);
	assert_ramp(p, path, 4096);
	e2e_quit_bang(p);
	free(path);
}
END_TEST

START_TEST(half_byte_is_dropped_when_a_search_lands)
{
	/* On disk, sparse: holes read as zeros without being filled. */
	char		*path = xasprintf("./livehex-e2e-search-%d", getpid());
	uint64_t	 size = 256ULL << 20, at = size - 4096;
	int		 fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct pty	*p;

	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	ck_assert_int_eq(pwrite(fd, "\x5a\xa5\xc3\x3c", 4, (off_t)at), 4);
	close(fd);
	/*
	 * The search, R and the half byte go in one write: the loop reads
	 * every waiting key before the search takes its next slice (one per
	 * tick, 4 MiB each; the match is 64 slices away), so the 4 is typed
	 * while the search runs by construction, however slow the machine.
	 */
	p = e2e_spawn(24, 100, no_env, "--interval", "50", path, NULL);
	PTY_ASSERT(p, !pty_find(p, "4_", NULL, NULL), "early");
	pty_type(p, "/5a a5 c3 3c\rR4");
	PTY_ASSERT(p, pty_wait_text(p, "-- EDIT hex --", E2E_WAIT), "no R");
	PTY_ASSERT(p, pty_wait_text(p, "4_", E2E_WAIT), "pending 4");
	PTY_ASSERT(p, pty_wait_text(p, "the half-typed 4 for 0x0 was dropped",
	    60000), "the search's jump did not drop the digit");
	pty_type(p, "1");
	PTY_ASSERT(p, pty_wait_text(p, "1_", E2E_WAIT), "1 starts a byte");
	e2e_leave_edit(p);
	ck_assert(e2e_wait_cursor(p, at));
	ck_assert_uint_eq(e2e_byte_at(path, at), 0x5a);
	ck_assert_uint_eq(e2e_byte_at(path, 0), 0);
	e2e_quit_bang(p);
	unlink(path);
	free(path);
}
END_TEST

/* ---- item 5: the journal belongs to one file ------------------------------- */

START_TEST(edits_to_a_replaced_file_are_not_undone)
{
	char		*dir = tu_path("replaced");
	char		*path, *fresh;
	struct pty	*p;
	unsigned char	 z[64] = { 0 };
	int		 fd;

	mkdir(dir, 0700);
	path = xasprintf("%s/data", dir);
	fresh = xasprintf("%s/data.new", dir);
	/* Not tmpfs: the unsynced count is shown and asked about. */
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_eq(write(fd, z, sizeof z), (ssize_t)sizeof z);
	close(fd);
	p = e2e_spawn(24, 100, no_env, path, NULL);
	edit_keys(p, "11");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0, "\x11", 1), "edit 1");
	pty_type(p, ":1\r");
	ck_assert(e2e_wait_cursor(p, 1));
	edit_keys(p, "22");
	pty_type(p, "u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 1, "\x00", 1), "undo 2");
	PTY_ASSERT(p, pty_wait_text(p, "2 unsynced", E2E_WAIT), "count");
	/* Another file takes the path; :e opens it. */
	fd = open(fresh, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_eq(write(fd, z, sizeof z), (ssize_t)sizeof z);
	close(fd);
	ck_assert_int_eq(rename(fresh, path), 0);
	PTY_ASSERT(p, pty_wait_text(p, "(deleted)", E2E_WAIT),
	    "the replacement went unnoticed");
	pty_type(p, ":e data.new\r");
	PTY_ASSERT(p, pty_wait_text(p, ":e reopens the file at the path it was "
	    "opened by; it takes no name", E2E_WAIT), ":e NAME not refused");
	pty_type(p, ":reopen\r");
	PTY_ASSERT(p, pty_wait_text(p, "reopened data (64 bytes): another "
	    "file; 2 unsynced bytes left in the old", E2E_WAIT),
	    "no reopen message");
	ck_assert(e2e_wait_cursor(p, 1));
	PTY_ASSERT(p, pty_wait_row(p, 0, "| RW |", E2E_WAIT),
	    "the old file's unsynced count stayed");
	pty_type(p, "u");
	PTY_ASSERT(p, pty_wait_text(p, "those edits were made to the file that "
	    "was replaced", E2E_WAIT), "undo not refused");
	pty_ctrl(p, 'r');
	PTY_ASSERT(p, pty_wait_text(p, "those edits were made to the file that "
	    "was replaced: not redone", E2E_WAIT), "redo not refused");
	/* The new file: untouched; q has nothing to ask. */
	e2e_pread(path, 0, z, 2);
	ck_assert_uint_eq(z[0], 0);
	ck_assert_uint_eq(z[1], 0);
	/* An edit to the new file is its own and undoes. */
	pty_type(p, ":0\r");
	ck_assert(e2e_wait_cursor(p, 0));
	edit_keys(p, "33");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0, "\x33", 1), "new edit");
	PTY_ASSERT(p, pty_wait_text(p, "1 unsynced", E2E_WAIT), "new count");
	pty_type(p, "u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0, "\x00", 1), "new undo");
	pty_type(p, "s");
	PTY_ASSERT(p, pty_wait_text(p, "synced", E2E_WAIT), "sync");
	e2e_quit(p);
	pty_free(p);
	unlink(path);
	rmdir(dir);
	free(path);
	free(fresh);
	free(dir);
}
END_TEST

/* ---- ^C and ^Z -------------------------------------------------------------- */

START_TEST(ctrl_c_cancels_then_quits)
{
	char		*path = e2e_ramp_file("ctrlc");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);
	int		 status;

	/* A prompt. */
	pty_type(p, ":12");
	PTY_ASSERT(p, e2e_wait_status(p, ":12"), "prompt");
	pty_ctrl(p, 'c');
	PTY_ASSERT(p, e2e_wait_status(p, "0x0 (0) "),
	    "^C did not cancel the prompt");
	/* Edit mode: left, the half byte dropped. */
	e2e_enter_edit(p, "-- EDIT hex --");
	pty_type(p, "7");
	PTY_ASSERT(p, e2e_wait_hex(p, 0, 0, "7_"), "pending");
	pty_ctrl(p, 'c');
	PTY_ASSERT(p, pty_wait_gone(p, "-- EDIT", E2E_WAIT),
	    "^C did not leave edit mode");
	PTY_ASSERT(p, pty_wait_text(p, "half-typed byte was dropped",
	    E2E_WAIT), "^C: no message");
	PTY_ASSERT(p, !pty_hung_up(p), "^C quit from edit mode");
	ck_assert_uint_eq(e2e_byte_at(path, 0), 0);
	/* Nothing running: ^C quits as q does. */
	pty_ctrl(p, 'c');
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status), "^C did not quit");
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	PTY_ASSERT(p, pty_screen_is_normal(p), "terminal not restored");
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(ctrl_c_cancels_a_search_and_asks_before_quitting)
{
	char		*path = xasprintf("./livehex-e2e-ctrlc-%d", getpid());
	uint64_t	 size = 256ULL << 20;
	int		 fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct pty	*p;
	int		 status;

	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	close(fd);
	p = e2e_spawn(24, 100, no_env, "--interval", "50", path, NULL);
	edit_keys(p, "42");
	PTY_ASSERT(p, pty_wait_text(p, "1 unsynced", E2E_WAIT), "count");
	/*
	 * Never found.  The search and ^C go in one write: the loop reads
	 * every waiting key before the search's next slice, so ^C comes
	 * while it runs by construction (it takes 64 slices of 50 ms).
	 */
	PTY_ASSERT(p, !pty_find(p, "search cancelled", NULL, NULL), "early");
	pty_send(p, "/ff ee dd cc bb aa\r\003", 20);
	PTY_ASSERT(p, pty_wait_text(p, "search cancelled at", E2E_WAIT),
	    "^C did not cancel the search");
	PTY_ASSERT(p, !pty_hung_up(p), "^C quit during a search");
	/* With unsynced edits ^C asks, as q does. */
	pty_ctrl(p, 'c');
	PTY_ASSERT(p, pty_wait_text(p, "s = sync and quit, q = quit anyway",
	    E2E_WAIT), "^C did not ask");
	pty_type(p, "q");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status), "no exit");
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	pty_free(p);
	unlink(path);
	free(path);
}
END_TEST

/* Condition: the screen is the shell's again (primary, cursor shown). */
static bool
screen_normal(struct pty *p, void *arg)
{
	(void)arg;
	return pty_screen_is_normal(p);
}

/* Condition: the viewer's alternate screen is back. */
static bool
screen_alt(struct pty *p, void *arg)
{
	(void)arg;
	return pty_altscreen(p);
}

START_TEST(ctrl_z_suspends_and_fg_redraws)
{
	char		*path = e2e_ramp_file("suspend");
	char		*cmd;
	/* An interactive shell: ^Z is job control, fg continues. */
	struct pty	*p = e2e_shell("ctrl_z_suspends_and_fg_redraws");

	if (p == NULL) {
		free(path);
		return;
	}
	cmd = xasprintf("%s %s\r", tu_livehex(), path);
	pty_type(p, cmd);
	PTY_ASSERT(p, pty_wait_text(p, "? for help", E2E_WAIT), "no viewer");
	PTY_ASSERT(p, pty_altscreen(p), "not on the alternate screen");
	pty_ctrl(p, 'z');
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, screen_normal, NULL),
	    "^Z did not restore the terminal");
	PTY_ASSERT(p, pty_wait_text(p, "Stopped", E2E_WAIT),
	    "the shell did not see the viewer stop");
	/* Draw over the shell's screen, then fg: everything comes back. */
	pty_type(p, "clear\r");
	PTY_ASSERT(p, pty_wait_gone(p, "Stopped", E2E_WAIT), "clear");
	pty_type(p, "fg\r");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, screen_alt, NULL),
	    "fg did not take the screen back");
	PTY_ASSERT(p, pty_wait_text(p, "? for help", E2E_WAIT),
	    "fg did not redraw the status line");
	PTY_ASSERT(p, pty_wait_text(p, "00000000", E2E_WAIT),
	    "fg did not redraw the rows");
	/* And it still works. */
	pty_type(p, ":0x10\r");
	ck_assert(e2e_wait_cursor(p, 0x10));
	pty_type(p, "q");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, screen_normal, NULL),
	    "q did not restore the terminal");
	e2e_shell_exit(p);
	free(cmd);
	free(path);
}
END_TEST

/*
 * A :set into a hole on a full file system stops part-way: the status
 * line says exactly what was stored, the bytes that did change are
 * journalled (counted unsynced, undone by u), and a typed value stored in
 * part is called torn with its bytes.  The full disk is a small tmpfs in
 * a private mount namespace (root; skipped with the reason elsewhere).
 */
START_TEST(part_store_on_a_full_disk_is_said_and_undoable)
{
	const char	*why = NULL;
	char		*path = tu_sparse_on_tmpfs("efull", 64 << 10, 16384, 1,
			    &why);
	struct pty	*p;

	if (path == NULL) {
		fprintf(stderr, "# SKIP part_store_on_a_full_disk: %s\n", why);
		return;
	}
	p = e2e_spawn(24, 160, no_env, path, NULL);
	pty_type(p, ":0xffa\r");
	ck_assert(e2e_wait_cursor(p, 0xffa));
	PTY_ASSERT(p, !pty_find(p, "unsynced", NULL, NULL),
	    "unsynced before any edit");
	pty_type(p, ":set hex 41 42 43 44 45 46 47 48\r");
	PTY_ASSERT(p, pty_wait_text(p, "stored 6 of 8 bytes at 0xffa, then "
	    "the file system refused the rest (no space)", E2E_WAIT),
	    "the part store is not said as it happened");
	ck_assert(e2e_wait_file(p, path, 0xffa, "ABCDEF\0\0", 8));
	PTY_ASSERT(p, pty_wait_text(p, "6 unsynced", E2E_WAIT),
	    "the stored bytes are not counted as unsynced");
	/* Undo puts back exactly the six bytes that changed. */
	pty_type(p, "u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0xffa, "\0\0\0\0\0\0\0\0", 8),
	    "undo did not restore the stored bytes");
	/* A misaligned u32 across the page end: torn, bytes shown. */
	pty_type(p, ":0xffe\r");
	ck_assert(e2e_wait_cursor(p, 0xffe));
	pty_type(p, ":set u32le 0x12345678\r");
	PTY_ASSERT(p, pty_wait_text(p, "u32le at 0xffe is torn (now 78 56 00 "
	    "00, meant 78 56 34 12)", E2E_WAIT), "torn value not said");
	ck_assert(e2e_wait_file(p, path, 0xffe, "\x78\x56\0\0", 4));
	/* An aligned one into the hole: nothing stored, nothing journalled. */
	pty_type(p, ":0x2000\r");
	ck_assert(e2e_wait_cursor(p, 0x2000));
	pty_type(p, ":set u32le 7\r");
	PTY_ASSERT(p, pty_wait_text(p, "not written: nothing was stored at "
	    "0x2000: the file system refused it (no space)", E2E_WAIT),
	    "refused aligned store not said");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/*
 * On a disk (not tmpfs, where there is nothing to sync), the bytes a part
 * store did write are unsynced edits: q asks about them.  The disk is a
 * small full ext4 on a loop device (root; skipped with the reason
 * elsewhere).
 */
START_TEST(part_store_on_a_full_disk_makes_quit_ask)
{
	const char	*why = NULL;
	char		*path = tu_full_ext4("equit", 16384, &why);
	struct pty	*p;
	int		 status;

	if (path == NULL) {
		fprintf(stderr, "# SKIP part_store_on_a_full_disk_makes_quit_"
		    "ask: %s\n", why);
		return;
	}
	p = e2e_spawn(24, 160, no_env, path, NULL);
	pty_type(p, ":0xffa\r");
	ck_assert(e2e_wait_cursor(p, 0xffa));
	pty_type(p, ":set hex 41 42 43 44 45 46 47 48\r");
	PTY_ASSERT(p, pty_wait_text(p, "stored 6 of 8 bytes at 0xffa, then "
	    "the file system refused the rest (no space)", E2E_WAIT),
	    "the part store is not said as it happened");
	ck_assert(e2e_wait_file(p, path, 0xffa, "ABCDEF\0\0", 8));
	PTY_ASSERT(p, !pty_find(p, "quit anyway", NULL, NULL),
	    "the quit question before q");
	pty_type(p, "q");
	PTY_ASSERT(p, pty_wait_text(p, "6 unsynced bytes (others see them): "
	    "s = sync and quit, q = quit anyway", E2E_WAIT),
	    "q did not ask about the stored bytes");
	pty_type(p, "q");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status),
	    "livehex did not quit on the second q");
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	pty_free(p);
	free(path);
}
END_TEST

/*
 * Reading never allocates: opening, scrolling, jumping and searching a
 * 4 MiB sparse file on a 1 MiB tmpfs (the window snapshot and the change
 * map sweep run all along) leaves it as sparse as it was.
 */
START_TEST(viewing_a_sparse_file_never_allocates)
{
	const char	*why = NULL;
	char		*path = tu_sparse_on_tmpfs("esparse", 1 << 20, 4 << 20,
			    0, &why);
	struct pty	*p;

	if (path == NULL) {
		fprintf(stderr, "# SKIP viewing_a_sparse_file: %s\n", why);
		return;
	}
	ck_assert_int_eq(tu_blocks(path), 8);
	p = e2e_spawn(24, 100, no_env, path, NULL);
	for (int i = 0; i < 8; i++)
		pty_type(p, " ");
	pty_type(p, ":0x300000\r");
	ck_assert(e2e_wait_cursor(p, 0x300000));
	pty_type(p, "G");
	ck_assert(e2e_wait_cursor(p, (4 << 20) - 1));
	pty_type(p, "/\"absent\"\r");
	PTY_ASSERT(p, pty_wait_text(p, "not found", E2E_WAIT),
	    "the search did not finish");
	ck_assert_int_eq(tu_blocks(path), 8);
	e2e_quit(p);
	ck_assert_int_eq(tu_blocks(path), 8);
	free(path);
	pty_free(p);
}
END_TEST

/* Build the suite. */
static Suite *
edit_suite(void)
{
	Suite	*s = suite_create("edit");
	TCase	*tc = timeout_tcase("edit", TIMEOUT_TOOL);

	tcase_add_test(tc, hex_digits_overwrite_and_half_byte_stays_out);
	tcase_add_test(tc, ascii_pane_types_text);
	tcase_add_test(tc, undo_and_redo);
	tcase_add_test(tc, undo_asks_after_an_external_change);
	tcase_add_test(tc, set_every_type);
	tcase_add_test(tc, sync_on_a_regular_file);
	tcase_add_test(tc, sync_on_dev_shm);
	tcase_add_test(tc, quit_with_unsynced_edits_asks);
	tcase_add_test(tc, read_only_refuses_edits);
	tcase_add_test(tc, edit_past_a_shrunk_end_is_refused);
	tcase_add_test(tc, edits_beside_a_busy_counter_lose_nothing);
	tcase_add_test(tc, own_edits_have_their_colour_until_synced);
	tcase_add_test(tc, normal_mode_never_writes);
	tcase_add_test(tc, tutorial_type_de_ad_be_ef);
	tcase_add_test(tc, hex_edit_takes_pasted_dumps);
	tcase_add_test(tc, edit_mode_is_shown_in_colour);
	tcase_add_test(tc, edit_mode_is_shown_without_colour);
	tcase_add_test(tc, run_undo_asks_once_and_is_atomic);
	tcase_add_test(tc, edit_mode_stops_at_the_end);
	tcase_add_test(tc, half_byte_is_dropped_when_follow_moves);
	tcase_add_test(tc, half_byte_is_dropped_by_the_mouse);
	tcase_add_test(tc, half_byte_is_dropped_when_a_search_lands);
	tcase_add_test(tc, edits_to_a_replaced_file_are_not_undone);
	tcase_add_test(tc, ctrl_c_cancels_then_quits);
	tcase_add_test(tc, ctrl_c_cancels_a_search_and_asks_before_quitting);
	tcase_add_test(tc, ctrl_z_suspends_and_fg_redraws);
	tcase_add_test(tc, part_store_on_a_full_disk_is_said_and_undoable);
	tcase_add_test(tc, viewing_a_sparse_file_never_allocates);
	tcase_add_test(tc, part_store_on_a_full_disk_makes_quit_ask);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	SRunner	*sr = srunner_create(edit_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
