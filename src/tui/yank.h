/* SPDX-License-Identifier: ISC */
/*
 * yank.h - y and :yank: the register, the yank form, the clipboard.
 *
 * A feature below the app: its state (struct yank) is opaque.  A yank
 * copies the selection's bytes (read through the door by select.c, never
 * from the mapping) into the register, which always holds the raw bytes
 * (Ctrl-R " pastes them back in edit mode), and sends them formatted in
 * the chosen form (yankfmt.h: hex by default) to the terminal's clipboard
 * with OSC 52 when that is on.  The sequence waits here until the loop
 * takes it and writes it to the terminal after a frame.
 *
 * The clipboard rule: OSC 52 is sent unless turned off (`:clipboard off`,
 * or LIVEHEX_CLIPBOARD=off in the environment), TERM is "dumb" or
 * "linux" (the console has no clipboard), or the text is over
 * YANK_CLIP_MAX bytes.  Terminals that do not take OSC 52 ignore it;
 * inside tmux, tmux takes it when its set-clipboard option is on.
 */
#ifndef LIVEHEX_YANK_H
#define LIVEHEX_YANK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct door;
struct select;
struct status;
struct yank;

/* The longest selection y copies (more: :w FILE writes it out). */
#define YANK_MAX	((uint64_t)16 << 20)
/* The longest formatted text sent to the clipboard. */
#define YANK_CLIP_MAX	((size_t)1 << 20)

/* A yank state: empty register, form hex, clipboard as the rule says. */
struct yank	*yank_new(void);
/* Free Y. */
void		 yank_free(struct yank *y);
/* :yank FORM: choose the form (yankfmt.h); false with a message if bad. */
bool		 yank_set_form(struct yank *y, const char *word,
		    struct status *st);
/* :clipboard on|off: send OSC 52 or not. */
void		 yank_set_clipboard(struct yank *y, bool on);
/*
 * y: copy [START, START+LEN) of D into the register (and the clipboard),
 * reading through SEL's pieces; says on ST what was yanked.  REACT_* bits.
 */
int		 yank_do(struct yank *y, struct select *sel, struct door *d,
		    uint64_t start, uint64_t len, struct status *st);
/* The register's bytes (*LEN of them; NULL when nothing was yanked). */
const unsigned char *yank_register(const struct yank *y, size_t *len);
/* The OSC 52 sequence waiting for the terminal (taken: malloc'd), or NULL. */
char		*yank_take_osc(struct yank *y, size_t *len);

#endif
