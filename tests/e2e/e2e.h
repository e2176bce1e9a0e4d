/* SPDX-License-Identifier: ISC */
/*
 * e2e.h - helpers shared by the end-to-end suites that drive livehex.
 *
 * Each test spawns the real binary ($LIVEHEX) in a pty at a fixed size
 * through pty.c, and reads the emulated screen.  The screen geometry of
 * livehex's rows is mirrored here (offset column, 3 columns a byte, the
 * ASCII pane) so tests can find the cell of any byte.
 */
#ifndef LIVEHEX_E2E_H
#define LIVEHEX_E2E_H

#include <stdbool.h>
#include <stdint.h>

#include "pty.h"

/*
 * Budget for one wait: it ends as soon as the condition holds, so it is
 * sized for the slowest machine that runs the suite (sanitizers, two
 * loaded cores, make -j4), not for a quiet one.
 */
#define E2E_WAIT	30000

/* Spawn livehex ARGS... (NULL-terminated) at ROWS x COLS; first frame up. */
struct pty	*e2e_spawn(int rows, int cols, char *const env[], ...);
/* Spawn without waiting for a frame (for error screens and odd sizes). */
struct pty	*e2e_spawn_raw(int rows, int cols, char *const env[],
		    char *const args[]);
/* Screen row and column of byte OFF's hex digits (16 bytes a row, top 0). */
void		 e2e_hex_cell(uint64_t off, uint64_t top, int *row, int *col);
/* Screen column of byte OFF's ASCII character (16 bytes a row). */
int		 e2e_ascii_col(uint64_t off);
/* Wait until the status line shows the cursor at OFF. */
bool		 e2e_wait_cursor(struct pty *p, uint64_t off);
/* Type KEYS; the cursor, elsewhere before, must then reach OFF. */
void		 e2e_keys_to(struct pty *p, const char *keys, uint64_t off);
/* True when the hex cell of OFF (top row at TOP) reads TEXT right now. */
bool		 e2e_hex_now(struct pty *p, uint64_t off, uint64_t top,
		    const char *text);
/* Wait until the hex cell of OFF (top row at TOP) reads TEXT. */
bool		 e2e_wait_hex(struct pty *p, uint64_t off, uint64_t top,
		    const char *text);
/* True when the cell at ROW, COL is drawn plainly (no highlight). */
bool		 e2e_cell_plain(struct pty *p, int row, int col);
/* Quit with q and check a clean exit 0 with the terminal restored. */
void		 e2e_quit(struct pty *p);
/* A test's end: e2e_quit, then free P and PATH (malloc'd, or NULL). */
void		 e2e_finish(struct pty *p, char *path);
/*
 * An interactive bash (no rc files, PS1 "$ ", NO_COLOR unset) in a 24x100
 * pty, its prompt up, for job control (^Z, fg); NULL, saying TEST is
 * skipped and why, when there is no /bin/bash.
 */
struct pty	*e2e_shell(const char *test);
/* Type exit in the shell P, wait for it to end, free P. */
void		 e2e_shell_exit(struct pty *p);
/* Quit with :q! (edits unsynced: no question), wait for the exit, free P. */
void		 e2e_quit_bang(struct pty *p);
/* Store LEN bytes at OFF of PATH through a MAP_SHARED mapping of our own. */
void		 e2e_mmap_store(const char *path, uint64_t off, const void *b,
		    size_t len);
/* Read LEN bytes at OFF of PATH with pread (no mapping, no sync). */
void		 e2e_pread(const char *path, uint64_t off, void *b, size_t len);
/* The byte at OFF of PATH, read with pread. */
unsigned	 e2e_byte_at(const char *path, uint64_t off);
/* A 4 KiB file NAME of bytes 0x00, 0x01, ... (offset & 0xff); its path. */
char		*e2e_ramp_file(const char *name);
/* A 4 KiB file NAME of zeros; its path. */
char		*e2e_zero_file(const char *name);
/* Wait until PATH holds LEN (at most 64) BYTES at OFF (read with pread). */
bool		 e2e_wait_file(struct pty *p, const char *path, uint64_t off,
		    const void *bytes, size_t len);
/* The status line's text (malloc'd). */
char		*e2e_status_text(struct pty *p);
/* Wait until the status line starts with WANT. */
bool		 e2e_wait_status(struct pty *p, const char *want);
/* Press R (not yet in edit mode) and wait for the mode tag TAG. */
void		 e2e_enter_edit(struct pty *p, const char *tag);
/* Press Esc and wait for edit mode to end. */
void		 e2e_leave_edit(struct pty *p);
/* Go to OFF with :0xOFF and wait for the status line to show it. */
void		 e2e_go(struct pty *p, uint64_t off);
/* Assert that the ramp's bytes (OFF & 0xff) at OFF, LEN of them, are intact. */
void		 e2e_ramp_intact(const char *path, uint64_t off, size_t len);
/* Paste TEXT as a terminal does with bracketed paste (mode 2004) on. */
void		 e2e_paste(struct pty *p, const char *text);

#endif
