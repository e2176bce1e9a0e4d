/* SPDX-License-Identifier: ISC */
/*
 * yank_paste.h - the terminal's bracketed paste: found among the keys,
 * and turned into the bytes it stores.
 *
 * With mode 2004 on (screen.c), a terminal wraps pasted text in
 * ESC [ 200 ~ ... ESC [ 201 ~.  Curses knows neither sequence, so they
 * arrive as keys (Esc, '[', '2' ...); the loop feeds every key through
 * yank_paste_feed, which holds what may start a paste, gives back keys
 * that turned out not to, and collects the pasted keys whole.  No
 * curses here: keys are livehex keys (keys.h).
 */
#ifndef LIVEHEX_YANK_PASTE_H
#define LIVEHEX_YANK_PASTE_H

#include <stdbool.h>
#include <stddef.h>

struct status;
struct yank_paste;

/* What yank_paste_feed says to do with a key. */
enum yank_paste_news {
	YANK_PASTE_HELD,	/* nothing yet: the key may start or end one */
	YANK_PASTE_KEYS,	/* act on *KEYS (N of them), in order */
	YANK_PASTE_DONE,	/* a paste ended: yank_paste_body holds it */
};

/* A paste finder with nothing held. */
struct yank_paste *yank_paste_new(void);
/* Free P. */
void		 yank_paste_free(struct yank_paste *p);
/* Feed one livehex KEY; see enum yank_paste_news (*KEYS valid till next). */
enum yank_paste_news yank_paste_feed(struct yank_paste *p, int key,
		    const int **keys, size_t *n);
/*
 * No more keys for now: what is held outside a paste (a lone Esc) is no
 * paste after all; *KEYS, the count (a paste still open stays held).
 */
size_t		 yank_paste_flush(struct yank_paste *p, const int **keys);
/* The keys of the paste that just ended (*N of them). */
const int	*yank_paste_body(const struct yank_paste *p, size_t *n);
/*
 * The bytes N pasted KEYS store: in the hex pane (HEX) their hex digits,
 * blanks (space, tab, CR, LF) skipped; in the text pane their characters
 * in the locale's encoding.  Malloc'd with *LEN, or NULL with a message
 * on ST when the paste is refused whole (an odd digit, a character that
 * is no hex digit, one the locale cannot encode).
 */
unsigned char	*yank_paste_bytes(const int *keys, size_t n, bool hex,
		    size_t *len, struct status *st);

#endif
