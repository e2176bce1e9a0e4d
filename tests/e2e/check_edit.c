/*
 * check_edit.c - editing live bytes through the viewer, end to end.
 *
 * Keys go to the real binary in a pty; the file is read back with pread
 * (never through a mapping, never after a sync unless the test syncs), so
 * what is checked is what every other process sees.
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
#include <sys/wait.h>
#include <unistd.h>

#include "timeout.h"
#include "e2e.h"
#include "testutil.h"
#include "xmalloc.h"

static char	 unset_no_color[] = "-NO_COLOR";
static char *const no_env[] = { unset_no_color, NULL };

/* A 4 KiB file of bytes 0x00, 0x01, ... (offset & 0xff). */
static char *
ramp_file(const char *name)
{
	unsigned char	b[4096];

	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (unsigned char)i;
	return tu_file(name, b, sizeof b);
}

/* The byte at OFF of PATH, read with pread. */
static unsigned
byte_at(const char *path, uint64_t off)
{
	unsigned char	b;

	e2e_pread(path, off, &b, 1);
	return b;
}

/* Condition: byte ARG->off of ARG->path equals ARG->want. */
struct file_want {
	const char	*path;
	uint64_t	 off;
	const char	*bytes;
	size_t		 len;
};

/* True when the file holds the wanted bytes. */
static bool
file_has(struct pty *p, void *arg)
{
	struct file_want	*w = arg;
	unsigned char		 b[64];

	(void)p;
	e2e_pread(w->path, w->off, b, w->len);
	return memcmp(b, w->bytes, w->len) == 0;
}

/* Wait until PATH holds LEN BYTES at OFF (keys are asynchronous). */
static bool
wait_file(struct pty *p, const char *path, uint64_t off, const char *bytes,
    size_t len)
{
	struct file_want	w = { path, off, bytes, len };

	return pty_wait(p, E2E_WAIT, file_has, &w);
}

START_TEST(hex_digits_overwrite_and_half_byte_stays_out)
{
	char		*path = ramp_file("hexedit");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	pty_type(p, ":0x10\r");
	ck_assert(e2e_wait_cursor(p, 0x10));
	pty_type(p, "a");
	/* Pending: shown on screen, not in the file. */
	PTY_ASSERT(p, e2e_wait_hex(p, 0x10, 0, "a_"), "pending not shown");
	ck_assert_uint_eq(byte_at(path, 0x10), 0x10);
	pty_type(p, "b");
	PTY_ASSERT(p, wait_file(p, path, 0x10, "\xab", 1), "ab not stored");
	ck_assert(e2e_wait_cursor(p, 0x11));
	/* Esc abandons a half-typed byte: the file keeps its value. */
	pty_type(p, "c");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x11, 0, "c_"), "pending c");
	pty_key(p, VTERM_KEY_ESCAPE, 0);
	PTY_ASSERT(p, e2e_wait_hex(p, 0x11, 0, "11"), "Esc kept pending");
	/* So does moving away. */
	pty_type(p, "d");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x11, 0, "d_"), "pending d");
	pty_key(p, VTERM_KEY_RIGHT, 0);
	ck_assert(e2e_wait_cursor(p, 0x12));
	PTY_ASSERT(p, e2e_wait_hex(p, 0x11, 0, "11"), "move kept pending");
	ck_assert_uint_eq(byte_at(path, 0x11), 0x11);
	PTY_ASSERT(p, pty_wait_text(p, "RW, 1 unsynced", E2E_WAIT),
	    "header lacks the unsynced count");
	pty_type(p, ":q!\r");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, NULL), "no exit");
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(ascii_pane_types_text)
{
	char		*path = ramp_file("ascii");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);

	pty_type(p, ":0x20\r\t");
	PTY_ASSERT(p, pty_wait_text(p, "ASCII pane", E2E_WAIT), "no pane msg");
	pty_type(p, "Hi q");
	PTY_ASSERT(p, wait_file(p, path, 0x20, "Hi q", 4), "text not stored");
	ck_assert(e2e_wait_cursor(p, 0x24));
	pty_type(p, "\t");
	PTY_ASSERT(p, pty_wait_text(p, "hex pane", E2E_WAIT), "no hex pane");
	pty_type(p, ":q!\r");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, NULL), "no exit");
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(undo_and_redo)
{
	char		*path = ramp_file("undo");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);

	pty_type(p, ":0x30\r");
	ck_assert(e2e_wait_cursor(p, 0x30));
	pty_type(p, "ffee");
	PTY_ASSERT(p, wait_file(p, path, 0x30, "\xff\xee", 2), "edits");
	pty_type(p, "u");
	PTY_ASSERT(p, wait_file(p, path, 0x30, "\xff\x31", 2), "undo 1");
	pty_type(p, "u");
	PTY_ASSERT(p, wait_file(p, path, 0x30, "\x30\x31", 2), "undo 2");
	pty_type(p, "u");
	PTY_ASSERT(p, pty_wait_text(p, "nothing to undo", E2E_WAIT), "end");
	pty_ctrl(p, 'r');
	PTY_ASSERT(p, wait_file(p, path, 0x30, "\xff\x31", 2), "redo 1");
	pty_ctrl(p, 'r');
	PTY_ASSERT(p, wait_file(p, path, 0x30, "\xff\xee", 2), "redo 2");
	pty_ctrl(p, 'r');
	PTY_ASSERT(p, pty_wait_text(p, "nothing to redo", E2E_WAIT), "end");
	pty_type(p, ":q!\r");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, NULL), "no exit");
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(undo_asks_after_an_external_change)
{
	char		*path = ramp_file("conflict");
	struct pty	*p = e2e_spawn(24, 80, no_env, path, NULL);

	/* 80 columns on purpose: the question must fit a common terminal. */

	pty_type(p, ":0x40\r");
	ck_assert(e2e_wait_cursor(p, 0x40));
	pty_type(p, "99");
	PTY_ASSERT(p, wait_file(p, path, 0x40, "\x99", 1), "edit");
	/* Someone else changes the byte we edited. */
	e2e_mmap_store(path, 0x40, "\x55", 1);
	PTY_ASSERT(p, e2e_wait_hex(p, 0x40, 0, "55"), "their store");
	pty_type(p, "u");
	PTY_ASSERT(p, pty_wait_text(p, "0x40 changed since our edit (now 55, "
	    "ours 99): overwrite it? y/n", E2E_WAIT), "no question");
	pty_type(p, "n");
	PTY_ASSERT(p, pty_wait_text(p, "left their value", E2E_WAIT), "n");
	ck_assert_uint_eq(byte_at(path, 0x40), 0x55);
	pty_type(p, "u");
	PTY_ASSERT(p, pty_wait_text(p, "overwrite it? y/n", E2E_WAIT), "ask");
	pty_type(p, "y");
	PTY_ASSERT(p, wait_file(p, path, 0x40, "\x40", 1), "y restores");
	pty_type(p, ":q!\r");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, NULL), "no exit");
	pty_free(p);
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
	};
	char		*path = ramp_file("settypes");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	pty_type(p, ":0x100\r");
	ck_assert(e2e_wait_cursor(p, 0x100));
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		pty_type(p, cases[i].cmd);
		ck_assert_msg(wait_file(p, path, cases[i].off, cases[i].bytes,
		    cases[i].len), "%s did not write", cases[i].cmd);
		if (cases[i].msg != NULL)
			PTY_ASSERT(p, pty_wait_text(p, cases[i].msg,
			    E2E_WAIT), "%s: no \"%s\"", cases[i].cmd,
			    cases[i].msg);
	}
	/* Misaligned: written, and said not to be atomic. */
	pty_type(p, ":0x101\r:set u32le 7\r");
	PTY_ASSERT(p, wait_file(p, path, 0x101, "\x07\0\0\0", 4), "misaligned");
	PTY_ASSERT(p, pty_wait_text(p, "misaligned: not atomic", E2E_WAIT),
	    "misaligned store not explained");
	/* Errors: nothing written. */
	pty_type(p, ":set u8 300\r");
	PTY_ASSERT(p, pty_wait_text(p, "does not fit in u8", E2E_WAIT), "u8");
	pty_type(p, ":set u24 1\r");
	PTY_ASSERT(p, pty_wait_text(p, "unknown type", E2E_WAIT), "type");
	pty_type(p, ":set hex abc\r");
	PTY_ASSERT(p, pty_wait_text(p, "odd number", E2E_WAIT), "hex");
	ck_assert_uint_eq(byte_at(path, 0x101), 7);
	pty_type(p, ":$\r:set u32le 1\r");
	PTY_ASSERT(p, pty_wait_text(p, "past the end", E2E_WAIT),
	    "a value past the end was not refused");
	ck_assert_uint_eq(byte_at(path, 4095), 0xff);
	pty_type(p, ":q!\r");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, NULL), "no exit");
	pty_free(p);
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
	pty_type(p, "12");
	PTY_ASSERT(p, pty_wait_text(p, "1 unsynced", E2E_WAIT), "count");
	pty_type(p, "s");
	PTY_ASSERT(p, pty_wait_text(p, "synced 1 page in", E2E_WAIT),
	    "no sync report");
	PTY_ASSERT(p, pty_wait_gone(p, "unsynced", E2E_WAIT), "count stays");
	pty_type(p, "34:sync async\r");
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
	pty_type(p, "77s");
	PTY_ASSERT(p, pty_wait_text(p, "nothing to make durable", E2E_WAIT),
	    "tmpfs not explained");
	ck_assert_uint_eq(byte_at(path, 0), 0x77);
	/* On tmpfs q does not ask: there is nothing to sync. */
	pty_type(p, "88");
	PTY_ASSERT(p, wait_file(p, path, 1, "\x88", 1), "edit");
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
	pty_type(p, "42q");
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
	ck_assert_uint_eq(byte_at(path, 0), 0x42);
	pty_free(p);
	/* And "quit anyway". */
	p = e2e_spawn(24, 80, no_env, path, NULL);
	pty_type(p, "43q");
	PTY_ASSERT(p, pty_wait_text(p, "q = quit anyway", E2E_WAIT), "ask");
	pty_type(p, "q");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status), "q did not quit");
	ck_assert_uint_eq(byte_at(path, 0), 0x43);
	pty_free(p);
	unlink(path);
	free(path);
}
END_TEST

START_TEST(read_only_refuses_edits)
{
	char		*path = ramp_file("ro");
	struct pty	*p = e2e_spawn(24, 100, no_env, "-r", path, NULL);

	PTY_ASSERT(p, pty_find(p, "RO (opened read-only (-r))", NULL, NULL),
	    "header lacks RO");
	PTY_ASSERT(p, !pty_find(p, "not changed", NULL, NULL), "early");
	pty_type(p, "ff");
	PTY_ASSERT(p, pty_wait_text(p, "the bytes were not changed",
	    E2E_WAIT), "no refusal");
	pty_key(p, VTERM_KEY_ESCAPE, 0);
	PTY_ASSERT(p, pty_wait_gone(p, "not changed", E2E_WAIT), "msg stays");
	pty_type(p, ":set u8 1\r");
	PTY_ASSERT(p, pty_wait_text(p, "the bytes were not changed",
	    E2E_WAIT), "no :set refusal");
	ck_assert_uint_eq(byte_at(path, 0), 0);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(edit_past_a_shrunk_end_is_refused)
{
	char		*path = ramp_file("shrunk");
	struct pty	*p = e2e_spawn(24, 100, no_env, path, NULL);

	/* Without the inspector, 22 rows of bytes. */
	pty_type(p, "i");
	PTY_ASSERT(p, pty_wait_gone(p, "inspector", E2E_WAIT), "i");

	pty_type(p, ":0x200\r");
	ck_assert(e2e_wait_cursor(p, 0x200));
	/* Shrink between the key press and the store: type half a byte. */
	pty_type(p, "a");
	/* Cursor at 0x200 on the last of 22 rows: the top row is 0xb0. */
	PTY_ASSERT(p, e2e_wait_hex(p, 0x200, 0xb0, "a_"), "pending a");
	ck_assert_int_eq(truncate(path, 0x200), 0);
	PTY_ASSERT(p, pty_wait_text(p, "shrank", E2E_WAIT), "no shrink msg");
	/*
	 * The cursor was pushed to the new last byte, 0x1ff: the half byte
	 * typed for 0x200 must not land there with the next digit.
	 */
	ck_assert(e2e_wait_cursor(p, 0x1ff));
	pty_type(p, "b");
	PTY_ASSERT(p, e2e_wait_hex(p, 0x1ff, 0xb0, "b_"), "b starts anew");
	ck_assert_uint_eq(byte_at(path, 0x1ff), 0xff);
	pty_key(p, VTERM_KEY_ESCAPE, 0);
	pty_type(p, ":set u8 1\r");
	/* The cursor was clamped to the new last byte, 0x1ff: in range. */
	PTY_ASSERT(p, wait_file(p, path, 0x1ff, "\x01", 1), "clamped edit");
	ck_assert_int_eq(truncate(path, 0x100), 0);
	PTY_ASSERT(p, pty_wait_text(p, "to 256 bytes", E2E_WAIT), "shrink 2");
	pty_type(p, ":set hex 01 02\r");
	PTY_ASSERT(p, pty_wait_text(p, "past the end", E2E_WAIT),
	    "no refusal past the end");
	pty_type(p, ":q!\r");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, NULL), "no exit");
	pty_free(p);
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
	/* 16 bytes typed, then the last two undone. */
	pty_type(p, "101112131415161718191a1b1c1d1e1f");
	PTY_ASSERT(p, wait_file(p, path, 31, "\x1f", 1), "typing");
	pty_type(p, "uu");
	PTY_ASSERT(p, wait_file(p, path, 30, "\x00\x00", 2), "undo");
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
	pty_type(p, "5a");
	PTY_ASSERT(p, wait_file(p, path, 0, "\x5a", 1), "edit");
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
	ck_assert(wait_file(p, path, 0xffa, "ABCDEF\0\0", 8));
	PTY_ASSERT(p, pty_wait_text(p, "6 unsynced", E2E_WAIT),
	    "the stored bytes are not counted as unsynced");
	/* Undo puts back exactly the six bytes that changed. */
	pty_type(p, "u");
	PTY_ASSERT(p, wait_file(p, path, 0xffa, "\0\0\0\0\0\0\0\0", 8),
	    "undo did not restore the stored bytes");
	/* A misaligned u32 across the page end: torn, bytes shown. */
	pty_type(p, ":0xffe\r");
	ck_assert(e2e_wait_cursor(p, 0xffe));
	pty_type(p, ":set u32le 0x12345678\r");
	PTY_ASSERT(p, pty_wait_text(p, "u32le at 0xffe is torn (now 78 56 00 "
	    "00, meant 78 56 34 12)", E2E_WAIT), "torn value not said");
	ck_assert(wait_file(p, path, 0xffe, "\x78\x56\0\0", 4));
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
	ck_assert(wait_file(p, path, 0xffa, "ABCDEF\0\0", 8));
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
