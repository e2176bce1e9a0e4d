/* SPDX-License-Identifier: ISC */
/*
 * find.h - searching from the viewer: the / prompt, n and N, progress.
 *
 * Actions over struct app (see app.h): each returns APP_* bits.  A search
 * runs in slices, one per tick of the loop, so a big file never freezes
 * the view; Esc cancels it.
 */
#ifndef LIVEHEX_FIND_H
#define LIVEHEX_FIND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app;
struct find;

/* A search state with no pattern and nothing running (app_new). */
struct find *find_new(void);

/* The / prompt was entered with TEXT: parse it and search forward. */
int	find_start(struct app *a, const char *text);
/* n (forward) or N (BACKWARD): the next match of the last pattern. */
int	find_again(struct app *a, bool backward);
/* One slice of a running search (called every tick); APP_* bits. */
int	find_step(struct app *a);
/* True while a search is running. */
bool	find_running(const struct app *a);
/* Esc: stop a running search. */
int	find_cancel(struct app *a);
/*
 * Mark in HIT (LEN flags) the bytes of BUF (LEN bytes) covered by a match
 * of the last pattern; false when there is no pattern.
 */
bool	find_mark(const struct app *a, const uint8_t *buf, size_t len,
	    bool *hit);
/* Free the search state F. */
void	find_free(struct find *f);

#endif
