/* SPDX-License-Identifier: ISC */
/*
 * esc.h - make untrusted text safe to show on a terminal.
 *
 * File names and file contents can hold escape sequences; sent raw they
 * could recolour, retitle or reprogram the user's terminal.  Everything
 * livehex shows that it did not write itself passes through here first.
 *
 * Also home of the core's one UTF-8 decoder (esc_utf8: the escaper, the
 * inspector and the layout parser all decide "is this text" with it) and
 * of its one quoting function (esc_quote: how user text is put into a
 * message).
 */
#ifndef LIVEHEX_ESC_H
#define LIVEHEX_ESC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* How esc_quote shows text (bits). */
#define ESC_UTF8	0x1	/* well-formed printable UTF-8 passes as is */
#define ESC_MARKS	0x2	/* inside "...": a '"' in the text is \" */

/* Bytes esc_quote may write for each byte of its input, at most. */
#define ESC_PER_BYTE	4

/*
 * Decode the UTF-8 sequence at S (LEN bytes available, LEN >= 1): its
 * length with the code point in *CP, or 0 when it is not well formed
 * (overlong, surrogate, past U+10FFFF, a bad or missing continuation
 * byte).  ASCII is a sequence of one.  Control characters (C0, DEL, C1)
 * are well formed: callers that show text decide about them.
 */
size_t	esc_utf8(const unsigned char *s, size_t len, uint32_t *cp);
/*
 * Escape one byte C that is not shown as is, as esc_text does: \\, \n,
 * \t, \e or \xNN (and \" with ESC_MARKS in HOW); printable ASCII is
 * itself.  Writes at most 4 bytes to OUT (not terminated); returns how
 * many.
 */
size_t	esc_byte(unsigned char c, unsigned how, char out[4]);
/*
 * LEN bytes at S made safe and quoted for a message (malloc'd): bytes
 * escaped as esc_byte does, well-formed printable UTF-8 kept when HOW has
 * ESC_UTF8, the whole in double quotes with ESC_MARKS; and, when LEN is
 * over MAX, cut after at most MAX bytes of S (never inside a UTF-8
 * sequence) and "..." added.  SIZE_MAX as MAX: never cut.
 */
char	*esc_quote(const char *s, size_t len, size_t max, unsigned how);
/*
 * A printable copy of S (malloc'd): control characters become \n, \t,
 * \e or \xNN; invalid UTF-8 (or any byte >= 0x80 when UTF8 is false) and
 * the C1 controls become \xNN; a backslash is doubled.  (esc_quote with
 * no marks and no cut.)
 */
char	*esc_text(const char *s, bool utf8);
/*
 * A message made safe the same way (malloc'd), except that its own
 * backslashes and newlines pass: a cause that already shows "\x1b" or
 * lists choices one per line keeps its form (cli_error, the status line).
 */
char	*esc_message(const char *msg, bool utf8);
#endif
