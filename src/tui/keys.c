/* SPDX-License-Identifier: ISC */
/*
 * keys.c - curses key codes to livehex keys (keys.h), the one place.
 *
 * The loop reads keys with wget_wch(), which says whether it read a
 * character or a key code; characters pass as they are, key codes map to
 * KEYS_* values.  Nothing else in the viewer's actions sees a curses code.
 */
#include "config.h"

#include <curses.h>

#include "keys.h"

/* The livehex key for a curses key CODE (IS_CHAR: a character, wget_wch). */
int
keys_from_curses(int code, bool is_char)
{
	if (is_char)
		return code >= 0 && code < KEYS_SPECIAL ? code : KEYS_OTHER;
	switch (code) {
	case KEY_UP:		return KEYS_UP;
	case KEY_DOWN:		return KEYS_DOWN;
	case KEY_LEFT:		return KEYS_LEFT;
	case KEY_RIGHT:		return KEYS_RIGHT;
	case KEY_PPAGE:		return KEYS_PGUP;
	case KEY_NPAGE:		return KEYS_PGDN;
	case KEY_HOME:		return KEYS_HOME;
	case KEY_END:		return KEYS_END;
	case KEY_ENTER:		return KEYS_ENTER;
	case KEY_BACKSPACE:	return KEYS_BACKSPACE;
	case KEY_DC:		return KEYS_DELETE;
	case KEY_F(1):		return KEYS_F1;
	case KEY_RESIZE:	return KEYS_RESIZE;
	default:		return KEYS_OTHER;
	}
}
