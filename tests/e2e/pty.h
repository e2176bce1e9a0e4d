/* SPDX-License-Identifier: ISC */
/*
 * pty.h - drive a real terminal program through a pty and an emulated screen.
 *
 * A test spawns the program under forkpty(3) at a fixed size; everything the
 * program writes is fed to libvterm, which keeps the screen a real xterm
 * would show.  Keys go through libvterm's keyboard layer, so the bytes sent
 * are the ones a real terminal sends in the mode the program asked for
 * (application cursor keys, mouse reporting ...), and libvterm's answers to
 * queries are written back into the pty.
 *
 * Rules for tests (docs/design.md, "Tests"):
 *  - never sleep: wait on a condition with a timeout (pty_wait and friends);
 *  - check the condition is false before the action that should make it true;
 *  - on failure, dump the screen (pty_dump, or the PTY_ASSERT macro below).
 *
 * Every timeout_ms is a budget in milliseconds from the call, measured on
 * CLOCK_MONOTONIC.  Rows and columns count from 0; columns are terminal
 * cells (a wide character takes two).  Nothing here returns an error for a
 * broken fixture: a failed spawn or a failed system call aborts the process
 * with a message, which Check's fork mode reports as a failed test.
 *
 * Include it as "pty.h" from files in tests/e2e and keep tests/e2e off the
 * include path: there it would hide the system's <pty.h> (pty.c checks).
 */
#ifndef LIVEHEX_PTY_H
#define LIVEHEX_PTY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include <vterm.h>

/*
 * The default budget for one wait.  A wait ends as soon as its condition
 * holds, so a wide budget costs nothing when the test passes; it is sized
 * for the sanitizer build on two cores under `make -j4 check` beside
 * another build, where a frame can take seconds.
 */
#define PTY_TIMEOUT_MS	30000

struct pty;

/* What a colour in a cell is: the terminal default, a palette entry or RGB. */
enum pty_color_kind {
	PTY_COLOR_DEFAULT,
	PTY_COLOR_INDEXED,
	PTY_COLOR_RGB
};

/* A cell's foreground or background colour. */
struct pty_color {
	enum pty_color_kind	kind;
	int			index;		/* PTY_COLOR_INDEXED: 0..255 */
	uint8_t			r, g, b;	/* PTY_COLOR_RGB */
};

/* One screen cell as a test sees it. */
struct pty_cell {
	char			text[4 * VTERM_MAX_CHARS_PER_CELL + 1];
					/* UTF-8 (a character and its
					   combining marks); " " if blank,
					   "" for a wide char's right half */
	int			width;		/* 1; 2 for a wide char;
						   0 for its right half */
	bool			bold;
	bool			underline;
	bool			italic;
	bool			blink;
	bool			reverse;
	bool			strike;
	struct pty_color	fg;
	struct pty_color	bg;
};

/* Condition polled by pty_wait; ARG is passed through. */
typedef bool pty_cond(struct pty *p, void *arg);

/*
 * Spawn ARGV (argv[0] searched in our PATH) on a new pty of ROWS x COLS,
 * with the kernel's default line discipline (cooked, echoing).  The
 * child's environment is ours with TERM=xterm-256color, LC_ALL=C.UTF-8 and
 * LINES/COLUMNS removed, then EXTRA_ENV (NULL-terminated, may be NULL)
 * applied in order: "NAME=value" sets (an empty value stays set and empty),
 * "-NAME" unsets.  The child starts with default signal dispositions and an
 * empty signal mask.  If exec fails the child prints why and exits 127.
 */
struct pty	*pty_spawn(char *const argv[], int rows, int cols,
		    char *const extra_env[]);
/* Kill the child's process group if still running, reap it, free P. */
void		 pty_free(struct pty *p);

/* Feed what the child wrote to the screen, waiting up to TIMEOUT_MS for it. */
void		 pty_pump(struct pty *p, int timeout_ms);
/*
 * Pump until COND(P, ARG) holds; false if TIMEOUT_MS passed first.  COND is
 * checked before blocking, after every burst of output, at least every
 * 100 ms (for conditions outside the screen) and at the timeout.  Once the
 * child has hung up (and its output is drained) nothing more can arrive, so
 * the result of one last check is returned at once.
 */
bool		 pty_wait(struct pty *p, int timeout_ms, pty_cond *cond,
		    void *arg);
/* Wait until NEEDLE appears anywhere on the screen. */
bool		 pty_wait_text(struct pty *p, const char *needle,
		    int timeout_ms);
/* Wait until NEEDLE appears in ROW. */
bool		 pty_wait_row(struct pty *p, int row, const char *needle,
		    int timeout_ms);
/* Wait until NEEDLE is nowhere on the screen. */
bool		 pty_wait_gone(struct pty *p, const char *needle,
		    int timeout_ms);
/*
 * Wait for the child to exit, reading the pty meanwhile (a drawing child
 * blocks on a full pty otherwise); *STATUS (may be NULL) gets the wait(2)
 * status.  False if TIMEOUT_MS passed first.  Once reaped, returns true
 * with the same status again.
 */
bool		 pty_wait_exit(struct pty *p, int timeout_ms, int *status);

/* ROW's text as malloc'd UTF-8, trailing blanks trimmed. */
char		*pty_row_text(const struct pty *p, int row);
/* The whole screen as malloc'd UTF-8: trimmed rows, each ending in '\n'. */
char		*pty_screen_text(const struct pty *p);
/* Whether NEEDLE is on one row of the screen; the first match's position. */
bool		 pty_find(const struct pty *p, const char *needle, int *row,
		    int *col);
/* Whether NEEDLE is in ROW; *COL (may be NULL) gets its cell column. */
bool		 pty_row_find(const struct pty *p, int row, const char *needle,
		    int *col);
/* The cell at ROW, COL (out of range: a blank default cell). */
void		 pty_cell(const struct pty *p, int row, int col,
		    struct pty_cell *out);
/* Cursor position into *ROW, *COL (either may be NULL); 1 if visible. */
int		 pty_cursor(const struct pty *p, int *row, int *col);
/* The emulated screen's size. */
void		 pty_size(const struct pty *p, int *rows, int *cols);
/* Whether the program has switched to the alternate screen (DECSET 1049). */
bool		 pty_altscreen(const struct pty *p);
/* Whether the screen is as the program found it: primary and cursor shown. */
bool		 pty_screen_is_normal(const struct pty *p);
/* The mouse reporting the program asked for (VTERM_PROP_MOUSE_*):
 * DECSET 1000 (CLICK), 1002 (DRAG), 1003 (MOVE), or NONE. */
int		 pty_mouse_mode(const struct pty *p);
/* How many times the program rang the bell. */
int		 pty_bells(const struct pty *p);
/*
 * The data of the last OSC 52 (ESC ] 52 ; SEL ; DATA BEL or ST) the
 * program wrote, as sent (base64), or NULL; *COUNT: how many so far.
 */
const char	*pty_clipboard(const struct pty *p, int *count);
/* Whether the program turned bracketed paste (mode 2004) on. */
bool		 pty_bracketed(const struct pty *p);
/* The window title the program last set ("" if none). */
const char	*pty_title(const struct pty *p);
/* The child's process id. */
int		 pty_pid(const struct pty *p);
/* Whether the child has hung up the pty (all its output has been read). */
bool		 pty_hung_up(const struct pty *p);
/*
 * Hang up from our side: close the master, as a terminal emulator that
 * goes away does; the child is still watched (pty_wait_exit, pty_free).
 */
void		 pty_close_master(struct pty *p);

/*
 * Type UTF8 as keypresses, one character at a time, as a terminal would.
 * The Enter key sends "\r" (type "\r" or use pty_key), not "\n".
 */
void		 pty_type(struct pty *p, const char *utf8);
/* Press KEY with modifiers MOD (arrows, PgUp, Home, F1, Esc, Enter ...). */
void		 pty_key(struct pty *p, VTermKey key, VTermModifier mod);
/* Press Ctrl-C (C a letter or one of @[\]^_?): the byte an xterm sends. */
void		 pty_ctrl(struct pty *p, char c);
/* Send LEN raw bytes to the child as if typed. */
void		 pty_send(struct pty *p, const char *raw, size_t len);
/*
 * Click BUTTON (1 left, 2 middle, 3 right) at ROW, COL: press and release,
 * encoded as the program asked (X10, SGR ...).  As with a real terminal,
 * nothing is sent unless the program enabled mouse reporting.
 */
void		 pty_mouse_click(struct pty *p, int row, int col, int button);
/*
 * Press (DOWN) or release button 1 at ROW, COL: a drag is a press, a
 * wait for the program to see it, then a release elsewhere.
 */
void		 pty_mouse_button(struct pty *p, int row, int col, bool down);
/* Turn the wheel once at ROW, COL, UP or down (same rules as a click). */
void		 pty_mouse_wheel(struct pty *p, int row, int col, bool up);
/* Resize terminal and pty to ROWS x COLS (the child gets SIGWINCH). */
void		 pty_resize(struct pty *p, int rows, int cols);

/* Print the screen with a frame, row numbers and state, for failures. */
void		 pty_dump(const struct pty *p, FILE *f);

/*
 * Fail the current Check test with the screen dumped to stderr unless COND
 * holds.  Needs <check.h> where it is used.
 */
#define PTY_ASSERT(p, cond, ...) do {					\
	if (!(cond)) {							\
		fprintf(stderr, "%s:%d: screen when \"%s\" failed:\n",	\
		    __FILE__, __LINE__, #cond);				\
		pty_dump((p), stderr);					\
		ck_abort_msg(__VA_ARGS__);				\
	}								\
} while (0)

#endif
