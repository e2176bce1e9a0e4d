/* SPDX-License-Identifier: ISC */
/*
 * e2e.c - helpers shared by the end-to-end suites that drive livehex.
 *
 * The layout knowledge here (offset column of 8 digits, a blank, a column
 * for a mark, a blank, 3 columns a byte, ASCII pane 2 columns after the
 * hex pane) is what a user
 * sees; if livehex's layout changes on purpose, this file changes with it.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "e2e.h"
#include "testutil.h"
#include "xmalloc.h"

/* Spawn without waiting for a frame (for error screens and odd sizes). */
struct pty *
e2e_spawn_raw(int rows, int cols, char *const env[], char *const args[])
{
	static char	 bin[4096];
	char		*argv[16];
	size_t		 n = 0;

	snprintf(bin, sizeof bin, "%s", tu_livehex());
	argv[n++] = bin;
	for (; args[n - 1] != NULL && n < 15; n++)
		argv[n] = args[n - 1];
	argv[n] = NULL;
	return pty_spawn(argv, rows, cols, env);
}

/* Condition: the status line, drawn last in a frame, is there. */
static bool
e2e_frame_up(struct pty *p, void *arg)
{
	int	 rows, cols;
	char	*t;
	bool	 up;

	(void)arg;
	pty_size(p, &rows, &cols);
	t = pty_row_text(p, rows - 1);
	up = strncmp(t, "0x", 2) == 0 || strncmp(t, "empty", 5) == 0;
	free(t);
	return up;
}

/* Spawn livehex ARGS... (NULL-terminated) at ROWS x COLS; first frame up. */
struct pty *
e2e_spawn(int rows, int cols, char *const env[], ...)
{
	char		*args[15];
	size_t		 n = 0;
	va_list		 ap;
	struct pty	*p;

	va_start(ap, env);
	while (n < 14 && (args[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	args[n] = NULL;
	p = e2e_spawn_raw(rows, cols, env, args);
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, e2e_frame_up, NULL),
	    "livehex did not draw its first frame");
	return p;
}

/* Screen row and column of byte OFF's hex digits (16 bytes a row). */
void
e2e_hex_cell(uint64_t off, uint64_t top, int *row, int *col)
{
	*row = 1 + (int)((off - top) / 16);
	*col = 11 + 3 * (int)(off % 16);
}

/* Screen column of byte OFF's ASCII character (16 bytes a row). */
int
e2e_ascii_col(uint64_t off)
{
	return 11 + 16 * 3 - 1 + 2 + (int)(off % 16);
}

/* Condition: the status line starts with the cursor text in ARG. */
static bool
e2e_status_is(struct pty *p, void *arg)
{
	int	 rows, cols;
	char	*t, *s, *e;
	bool	 ok;

	pty_size(p, &rows, &cols);
	t = pty_row_text(p, rows - 1);
	/* In edit mode the line starts with "-- EDIT hex -- ": skip it. */
	s = t;
	if (strncmp(s, "-- EDIT ", 8) == 0 && (e = strstr(s + 8, " -- ")) !=
	    NULL)
		s = e + 4;
	ok = strncmp(s, arg, strlen(arg)) == 0;
	free(t);
	return ok;
}

/* Wait until the status line shows the cursor at OFF. */
bool
e2e_wait_cursor(struct pty *p, uint64_t off)
{
	char	want[64];
	bool	ok;

	snprintf(want, sizeof want, "0x%llx (%llu) ", (unsigned long long)off,
	    (unsigned long long)off);
	ok = pty_wait(p, E2E_WAIT, e2e_status_is, want);
	if (!ok) {
		fprintf(stderr, "cursor never reached \"%s\":\n", want);
		pty_dump(p, stderr);
	}
	return ok;
}

/*
 * Type KEYS, which must take the cursor to OFF from elsewhere: checked
 * not there before, then waited for there.
 */
void
e2e_keys_to(struct pty *p, const char *keys, uint64_t off)
{
	char	want[64];
	int	shown = (int)strcspn(keys, "\r");	/* no CR in a message */

	snprintf(want, sizeof want, "0x%llx (%llu) ", (unsigned long long)off,
	    (unsigned long long)off);
	PTY_ASSERT(p, !e2e_status_is(p, want), "the cursor is at 0x%llx "
	    "before %.*s", (unsigned long long)off, shown, keys);
	pty_type(p, keys);
	PTY_ASSERT(p, e2e_wait_cursor(p, off), "%.*s did not go to 0x%llx",
	    shown, keys, (unsigned long long)off);
}

/* What e2e_hex_is looks for. */
struct e2e_hex_want {
	int		 row, col;
	const char	*text;
};

/* Condition: the two cells at ROW, COL read TEXT. */
static bool
e2e_hex_is(struct pty *p, void *arg)
{
	struct e2e_hex_want	*w = arg;
	struct pty_cell		 c0, c1;

	pty_cell(p, w->row, w->col, &c0);
	pty_cell(p, w->row, w->col + 1, &c1);
	return c0.text[0] == w->text[0] && c1.text[0] == w->text[1];
}

/* True when the hex cell of OFF (top row at TOP) reads TEXT right now. */
bool
e2e_hex_now(struct pty *p, uint64_t off, uint64_t top, const char *text)
{
	struct e2e_hex_want	w;

	e2e_hex_cell(off, top, &w.row, &w.col);
	w.text = text;
	return e2e_hex_is(p, &w);
}

/* Wait until the hex cell of OFF (top row at TOP) reads TEXT. */
bool
e2e_wait_hex(struct pty *p, uint64_t off, uint64_t top, const char *text)
{
	struct e2e_hex_want	w;

	e2e_hex_cell(off, top, &w.row, &w.col);
	w.text = text;
	return pty_wait(p, E2E_WAIT, e2e_hex_is, &w);
}

/* True when the cell at ROW, COL is drawn plainly (no highlight). */
bool
e2e_cell_plain(struct pty *p, int row, int col)
{
	struct pty_cell	c;

	pty_cell(p, row, col, &c);
	return !c.reverse && !c.bold && !c.underline &&
	    c.bg.kind == PTY_COLOR_DEFAULT && c.fg.kind == PTY_COLOR_DEFAULT;
}

/* Quit with q and check a clean exit 0 with the terminal restored. */
void
e2e_quit(struct pty *p)
{
	int	status;

	pty_type(p, "q");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status),
	    "livehex did not exit on q");
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "exit status %d", status);
	PTY_ASSERT(p, pty_screen_is_normal(p), "terminal not restored");
}

/* A test's end: quit with q as e2e_quit checks it, free P and PATH. */
void
e2e_finish(struct pty *p, char *path)
{
	e2e_quit(p);
	pty_free(p);
	free(path);
}

/* An interactive bash in a 24x100 pty, its prompt up; NULL: no bash. */
struct pty *
e2e_shell(const char *test)
{
	static char	 bash[] = "/bin/bash", norc[] = "--norc",
			 noprof[] = "--noprofile", inter[] = "-i";
	static char	 ps1[] = "PS1=$ ", unset_no_color[] = "-NO_COLOR";
	char		*argv[] = { bash, norc, noprof, inter, NULL };
	char *const	 env[] = { unset_no_color, ps1, NULL };
	struct pty	*p;

	if (access(bash, X_OK) != 0) {
		printf("%s: skipped: no %s (job control needs an interactive "
		    "shell)\n", test, bash);
		return NULL;
	}
	p = pty_spawn(argv, 24, 100, env);
	PTY_ASSERT(p, pty_wait_text(p, "$", E2E_WAIT), "no shell prompt");
	return p;
}

/* Type exit in the shell P, wait for it to end, free P. */
void
e2e_shell_exit(struct pty *p)
{
	pty_type(p, "exit\r");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, NULL), "the shell stayed");
	pty_free(p);
}

/* Quit with :q! (edits unsynced: no question), wait for the exit, free P. */
void
e2e_quit_bang(struct pty *p)
{
	pty_type(p, ":q!\r");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, NULL), "no exit");
	pty_free(p);
}

/* Store LEN bytes at OFF of PATH through a MAP_SHARED mapping of our own. */
void
e2e_mmap_store(const char *path, uint64_t off, const void *b, size_t len)
{
	int		 fd = open(path, O_RDWR);
	size_t		 maplen = (size_t)off + len;
	unsigned char	*m;

	ck_assert_msg(fd != -1, "open %s: %s", path, strerror(errno));
	m = mmap(NULL, maplen, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ck_assert(m != MAP_FAILED);
	/* Byte stores through volatile: exactly what another process does. */
	for (size_t i = 0; i < len; i++)
		((volatile unsigned char *)m)[off + i] =
		    ((const unsigned char *)b)[i];
	munmap(m, maplen);
	close(fd);
}

/* Read LEN bytes at OFF of PATH with pread (no mapping, no sync). */
void
e2e_pread(const char *path, uint64_t off, void *b, size_t len)
{
	int	fd = open(path, O_RDONLY);

	ck_assert_msg(fd != -1, "open %s: %s", path, strerror(errno));
	ck_assert_int_eq(pread(fd, b, len, (off_t)off), (ssize_t)len);
	close(fd);
}

/* The byte at OFF of PATH, read with pread. */
unsigned
e2e_byte_at(const char *path, uint64_t off)
{
	unsigned char	b;

	e2e_pread(path, off, &b, 1);
	return b;
}

/* A 4 KiB file NAME of bytes 0x00, 0x01, ... (offset & 0xff); its path. */
char *
e2e_ramp_file(const char *name)
{
	unsigned char	b[4096];

	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (unsigned char)i;
	return tu_file(name, b, sizeof b);
}

/* A 4 KiB file NAME of zeros; its path. */
char *
e2e_zero_file(const char *name)
{
	unsigned char	b[4096] = { 0 };

	return tu_file(name, b, sizeof b);
}

/* What e2e_file_has waits for: LEN bytes at OFF of PATH. */
struct e2e_file_want {
	const char	*path;
	uint64_t	 off;
	const void	*bytes;
	size_t		 len;
};

/* Condition: the file holds the wanted bytes (read with pread). */
static bool
e2e_file_has(struct pty *p, void *arg)
{
	struct e2e_file_want	*w = arg;
	unsigned char		 b[64];

	(void)p;
	e2e_pread(w->path, w->off, b, w->len);
	return memcmp(b, w->bytes, w->len) == 0;
}

/* Wait until PATH holds LEN (at most 64) BYTES at OFF (read with pread). */
bool
e2e_wait_file(struct pty *p, const char *path, uint64_t off,
    const void *bytes, size_t len)
{
	struct e2e_file_want	w = { path, off, bytes, len };

	ck_assert_uint_le(len, 64);
	return pty_wait(p, E2E_WAIT, e2e_file_has, &w);
}

/* The status line's text (malloc'd). */
char *
e2e_status_text(struct pty *p)
{
	int	rows, cols;

	pty_size(p, &rows, &cols);
	return pty_row_text(p, rows - 1);
}

/* Condition: the status line starts with ARG. */
static bool
e2e_status_starts(struct pty *p, void *arg)
{
	char	*t = e2e_status_text(p);
	bool	 ok = strncmp(t, arg, strlen(arg)) == 0;

	free(t);
	return ok;
}

/* Wait until the status line starts with WANT. */
bool
e2e_wait_status(struct pty *p, const char *want)
{
	/* The condition takes a void *; WANT is only read. */
	return pty_wait(p, E2E_WAIT, e2e_status_starts,
	    (void *)(uintptr_t)want);
}

/* Press R (not yet in edit mode) and wait for the mode tag TAG. */
void
e2e_enter_edit(struct pty *p, const char *tag)
{
	char	*t = e2e_status_text(p);

	PTY_ASSERT(p, strncmp(t, "-- EDIT", 7) != 0, "already in edit mode");
	free(t);
	pty_type(p, "R");
	PTY_ASSERT(p, e2e_wait_status(p, tag), "R did not show %s", tag);
}

/* Press Esc and wait for edit mode to end. */
void
e2e_leave_edit(struct pty *p)
{
	pty_key(p, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait_gone(p, "-- EDIT", E2E_WAIT),
	    "Esc did not leave edit mode");
}

/* Go to OFF with :0xOFF and wait for the status line to show it. */
void
e2e_go(struct pty *p, uint64_t off)
{
	char	cmd[32];

	snprintf(cmd, sizeof cmd, ":0x%" PRIx64 "\r", off);
	pty_type(p, cmd);
	PTY_ASSERT(p, e2e_wait_cursor(p, off), "not at 0x%" PRIx64, off);
}

/* Assert that the ramp's bytes (OFF & 0xff) at OFF, LEN of them, are intact. */
void
e2e_ramp_intact(const char *path, uint64_t off, size_t len)
{
	for (size_t i = 0; i < len; i++)
		ck_assert_uint_eq(e2e_byte_at(path, off + i), (off + i) & 0xff);
}

/* Paste TEXT as a terminal does with bracketed paste (mode 2004) on. */
void
e2e_paste(struct pty *p, const char *text)
{
	pty_send(p, "\033[200~", 6);
	pty_send(p, text, strlen(text));
	pty_send(p, "\033[201~", 6);
}
