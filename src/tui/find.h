/* SPDX-License-Identifier: ISC */
/*
 * find.h - searching from the viewer: the / prompt, n and N, progress.
 *
 * A feature below the app: it knows the door it searches, the offset it
 * starts from and the status line it talks to, never struct app; each
 * call says what it came to (enum find_news) and the app turns a match
 * into a jump.  A search runs in slices, one per tick of the loop, so a
 * big file never freezes the view; Esc cancels it.
 */
#ifndef LIVEHEX_FIND_H
#define LIVEHEX_FIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct door;
struct find;
struct status;

/* What a search call came to: the app turns it into a jump and a redraw. */
enum find_news {
	FIND_SAID,	/* only a message (an error, not found, cancelled) */
	FIND_BUSY,	/* running: more slices to come */
	FIND_MATCH,	/* found: jump to *MATCH */
	FIND_QUIET,	/* nothing happened (nothing was running) */
};

/* A search state with no pattern and nothing running (app_new). */
struct find *find_new(void);

/*
 * The / prompt was entered with TEXT: parse it and search D forward from
 * FROM; messages go to ST; *MATCH is set on FIND_MATCH.
 */
enum find_news	find_start(struct find *f, const char *text, struct door *d,
		    uint64_t from, struct status *st, uint64_t *match);
/* n (forward) or N (BACKWARD): the next match of the last pattern. */
enum find_news	find_again(struct find *f, bool backward, struct door *d,
		    uint64_t from, struct status *st, uint64_t *match);
/* One slice of a running search (called every tick). */
enum find_news	find_step(struct find *f, struct door *d, struct status *st,
		    uint64_t *match);
/* True while a search is running. */
bool		find_running(const struct find *f);
/* Esc: stop a running search (FIND_QUIET when none was running). */
enum find_news	find_cancel(struct find *f, struct door *d,
		    struct status *st);
/*
 * Mark in HIT (LEN flags) the bytes of BUF (LEN bytes) covered by a match
 * of the last pattern; false when there is no pattern.
 */
bool		find_mark(const struct find *f, const uint8_t *buf, size_t len,
		    bool *hit);
/* Free the search state F. */
void		find_free(struct find *f);

#endif
