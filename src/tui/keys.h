/* SPDX-License-Identifier: ISC */
/*
 * keys.h - livehex key values: what the actions see instead of curses codes.
 *
 * A key is one int: a Unicode code point (a character typed, control
 * characters included: Esc is 27, ^C is 3) below KEYS_SPECIAL, or one of
 * the KEYS_* values at or above it for the keys that are not characters.
 * keys.c turns curses' codes into these in one place, so everything that
 * acts on keys (keymap.c, edit.c, fields.c ...) compiles without curses
 * and can be driven by a unit test.
 */
#ifndef LIVEHEX_KEYS_H
#define LIVEHEX_KEYS_H

#include <stdbool.h>

/* The first value that is not a character (one past Unicode). */
#define KEYS_SPECIAL	0x110000

/* The keys that are not characters. */
enum keys_special {
	KEYS_UP = KEYS_SPECIAL,
	KEYS_DOWN,
	KEYS_LEFT,
	KEYS_RIGHT,
	KEYS_PGUP,
	KEYS_PGDN,
	KEYS_HOME,
	KEYS_END,
	KEYS_ENTER,		/* the keypad's Enter (Return is '\r') */
	KEYS_BACKSPACE,		/* a Backspace that is not a character */
	KEYS_DELETE,		/* Delete (the character under the cursor) */
	KEYS_F1,
	KEYS_RESIZE,		/* the terminal changed size */
	KEYS_OTHER,		/* any other key: never bound */
};

/* The control character typed with C (^C is KEYS_CTRL('c')). */
#define KEYS_CTRL(c)	((c) & 0x1f)
/* Esc. */
#define KEYS_ESC	27

/* True when KEY is a character, false for the KEYS_* keys. */
static inline bool
keys_is_char(int key)
{
	return key >= 0 && key < KEYS_SPECIAL;
}

/* The livehex key for a curses key CODE (IS_CHAR: a character, wget_wch). */
int	keys_from_curses(int code, bool is_char);

#endif
