/* SPDX-License-Identifier: ISC */
/*
 * esc.h - make untrusted text safe to show on a terminal.
 *
 * File names and file contents can hold escape sequences; sent raw they
 * could recolour, retitle or reprogram the user's terminal.  Everything
 * livehex shows that it did not write itself passes through here first.
 */
#ifndef LIVEHEX_ESC_H
#define LIVEHEX_ESC_H

#include <stdbool.h>
#include <stddef.h>

/*
 * A printable copy of S (malloc'd): control characters become \n, \t,
 * \e or \xNN; invalid UTF-8 (or any byte >= 0x80 when UTF8 is false) and
 * the C1 controls become \xNN; a backslash is doubled.
 */
char	*esc_text(const char *s, bool utf8);
/*
 * A message made safe the same way (malloc'd), except that its own
 * backslashes and newlines pass: a cause that already shows "\x1b" or
 * lists choices one per line keeps its form (cli_error, the status line).
 */
char	*esc_message(const char *msg, bool utf8);
#endif
