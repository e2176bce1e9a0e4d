/* SPDX-License-Identifier: ISC */
/*
 * select.h - the selection (visual mode): a range from an anchor to the
 * cursor, and what the inspector says of it as a whole.
 *
 * A feature below the app: its state (struct select) is opaque.  `v`
 * drops the anchor at the cursor; the range is always from the anchor to
 * the cursor, both included, so every motion extends it; Esc ends it.
 * The sums (length, XXH3-64, CRC-32, a typed value for 1/2/4/8 bytes) are
 * computed here from copies read with pread through the door (never the
 * mapping), in pieces, so a big selection faults nothing in.
 */
#ifndef LIVEHEX_SELECT_H
#define LIVEHEX_SELECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct door;
struct select;
struct status;

/* Selections longer than this get no sums (the inspector says so). */
#define SELECT_SUM_MAX		((uint64_t)16 << 20)
/* Selections up to this long are summed again as their bytes change. */
#define SELECT_LIVE_MAX		((uint64_t)1 << 20)

/* What the inspector shows of a selection. */
struct select_sum {
	uint64_t	 start, len;	/* the range summed */
	bool		 summed;	/* false: too long, or unreadable */
	bool		 short_read;	/* the file ended or failed inside */
	uint64_t	 xxh3;		/* XXH3-64, seed 0 */
	uint32_t	 crc32;		/* CRC-32 (IEEE), yankfmt.c's */
	unsigned char	 head[8];	/* the first bytes (typed value) */
};

/* A selection, not active. */
struct select	*select_new(void);
/* Free S. */
void		 select_free(struct select *s);
/* v: start selecting at AT (the cursor). */
void		 select_start(struct select *s, uint64_t at);
/* Esc, a yank, a write: no selection any more. */
void		 select_end(struct select *s);
/* True while a selection is active. */
bool		 select_active(const struct select *s);
/*
 * The range from the anchor to CURSOR, both ends included, clamped to
 * SIZE bytes: true with *START and *LEN, false when none is active (or
 * the file is now empty).
 */
bool		 select_range(const struct select *s, uint64_t cursor,
		    uint64_t size, uint64_t *start, uint64_t *len);
/* True when OFF is inside the active range ending at CURSOR. */
bool		 select_has(const struct select *s, uint64_t cursor,
		    uint64_t off);
/*
 * Copy [START, START+LEN) into OUT through the door, by pread in pieces;
 * the bytes copied (fewer when the file ended or a read failed).
 */
size_t		 select_read(struct select *s, struct door *d, uint64_t start,
		    size_t len, unsigned char *out);
/*
 * Recompute the sums for the range ending at CURSOR when it changed, or
 * when FORCE (the bytes may have changed); true when they changed.
 */
bool		 select_refresh(struct select *s, struct door *d,
		    uint64_t cursor, bool force);
/* The longest selection :fill fills (its undo keeps old and new bytes). */
#define SELECT_FILL_MAX		((uint64_t)64 << 20)
/* :fill asks first above this many bytes. */
#define SELECT_FILL_ASK		((uint64_t)1 << 20)

/*
 * :fill's bytes: SPEC (bytes.h's grammar, as :set and / read it)
 * repeated over LEN bytes, the last copy cut; malloc'd, or NULL with a
 * message on ST (a bad spelling, a pattern with wildcards, LEN over
 * SELECT_FILL_MAX).
 */
unsigned char	*select_pattern(const char *spec, uint64_t len,
		    struct status *st);
/* The last sums (select_refresh), or NULL when not active. */
const struct select_sum *select_sums(const struct select *s);

#endif
