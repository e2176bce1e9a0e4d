/* SPDX-License-Identifier: ISC */
/*
 * fields_torn.h - the fields panel's torn marks: which rows were caught
 * being written while livehex read them, and when.
 *
 * After each look, the fields that bytes changed in (every row that
 * covers them: the leaf, its record, the array it is in) are checked with
 * torn.h's rule, the one watch uses: wider than a load or misaligned, and
 * read differently twice more right after the look.  A row caught torn is
 * remembered with the look's time; the panel shows "torn" beside it for
 * as long as a changed byte stays lit (view.c's fade).  No curses here
 * (the unit tests drive it directly).
 */
#ifndef LIVEHEX_FIELDS_TORN_H
#define LIVEHEX_FIELDS_TORN_H

#include <stddef.h>
#include <stdint.h>

struct door;
struct ftorn;
struct layout;
struct snap;

/* No marks yet. */
struct ftorn	*ftorn_new(void);
/* Free T; NULL is ignored. */
void		 ftorn_free(struct ftorn *t);
/*
 * Check the fields of L that the look S changed (bytes whose changed_ms
 * is S->at), reading them again through D; mark the torn ones with
 * S->at.  Each look is checked once.  How many rows were caught torn.
 */
size_t		 ftorn_look(struct ftorn *t, const struct layout *l,
		    struct door *d, const struct snap *s);
/* When the row of SIZE bytes at OFF was last caught torn (0: never). */
uint32_t	 ftorn_when(const struct ftorn *t, uint64_t off, uint64_t size);
/* The latest mark's time (0: none): the app redraws when it fades. */
uint32_t	 ftorn_latest(const struct ftorn *t);

#endif
