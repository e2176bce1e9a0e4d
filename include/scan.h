/* SPDX-License-Identifier: ISC */
/*
 * scan.h - find an unknown value by successive scans (the viewer's :scan,
 * next round), as scanmem does for a process, here for a shared file.
 *
 * A scan holds a candidate set: every offset aligned to TYPE's width in a
 * range at first, then fewer after each step.  A step reads each
 * candidate's value now and keeps it when a predicate holds:
 *
 *	SCAN_ANY		record only (the first step, usually)
 *	SCAN_EQ, _NE, _LT, _GT	compared with a value V (value.h text)
 *	SCAN_CHANGED, _UNCHANGED, _INCREASED, _DECREASED
 *				compared with its value at the previous step
 *
 * Integers compare as their type says (signed or not); floats as
 * doubles (NaN equals nothing; CHANGED compares bits).  A candidate whose
 * bytes are no longer in the file (it shrank) is dropped.
 *
 * Memory is proportional to the candidates: a bitmap (one bit per aligned
 * offset) and a dense array of their values while most offsets are still
 * candidates (no array after an integer == first step: every survivor
 * holds V), then a list of (offset, value) once the list is smaller.
 * Reads go through the door only, with pread (door_scan_copy, door_read:
 * a hole reads as zeros and is never filled): a record step reads
 * straight into the value array, a comparing step SCAN_PIECE bytes at a
 * time, the list form nearby candidates together.  Each type and
 * predicate has its own loop (scan.c); 0.2 to 0.8 s per GiB of u32 for
 * a step on the project's loaded 2-core machine (docs/performance.md).
 *
 * Steps are resumable in budgets, so a UI can show progress and cancel:
 *	scan_begin(s, op, v)		 then, until it returns 1,
 *	scan_run(s, door, budget)	 with scan_progress for a bar.
 * scan_cancel() ends a step early: the candidates it had reached were
 * judged (and their values taken), the others stay as they were, so each
 * candidate's value is always the one it had when it was last examined.
 * A cancelled first step keeps only what it reached: the other offsets
 * were never read, so they have no value to compare with.
 *
 * Nothing here prints or keeps global state; errors come back as causes.
 */
#ifndef LIVEHEX_SCAN_H
#define LIVEHEX_SCAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "value.h"

struct door;
struct scan;

/* Bytes read per piece of a bitmap step (compile-time override for tests). */
#ifndef SCAN_PIECE
#define SCAN_PIECE	((size_t)1 << 20)
#endif

/* What a step keeps. */
enum scan_op {
	SCAN_ANY,	/* every candidate: record the values */
	SCAN_EQ,	/* == V */
	SCAN_NE,	/* != V */
	SCAN_LT,	/* < V */
	SCAN_GT,	/* > V */
	SCAN_CHANGED,	/* differs from the previous step */
	SCAN_UNCHANGED,	/* the same as at the previous step */
	SCAN_INCREASED,	/* greater than at the previous step */
	SCAN_DECREASED,	/* less than at the previous step */
};

/*
 * A scan of TYPE over the aligned offsets in [off, off+len); no step yet.
 * NULL with *cause when the range holds no aligned offset of TYPE.  The
 * first step allocates the bitmap (and the values): scan_begin says when
 * there is no memory for them.
 */
struct scan	*scan_new(const struct value_type *type, uint64_t off,
		    uint64_t len, char **cause);
/* Free S; NULL is ignored. */
void		 scan_free(struct scan *s);
/*
 * Start a step OP (VALUE: the text of V for EQ NE LT GT, else NULL);
 * 0, or -1 with *cause (a bad V, a comparison with the previous step
 * before any step, a step already running, no memory for the values).
 */
int		 scan_begin(struct scan *s, enum scan_op op, const char *value,
		    char **cause);
/*
 * Go on with the step for about BUDGET bytes of reading: 1 when the step
 * is done, 0 when there is more, -1 with *cause when a read failed (the
 * step stays resumable).
 */
int		 scan_run(struct scan *s, struct door *d, uint64_t budget,
		    char **cause);
/* End the running step where it is; see above. */
void		 scan_cancel(struct scan *s);
/* How far the running step is: *done of *total units. */
void		 scan_progress(const struct scan *s, uint64_t *done,
		    uint64_t *total);
/* The number of candidates. */
uint64_t	 scan_count(const struct scan *s);
/* How many steps have completed (or been cancelled). */
unsigned	 scan_steps(const struct scan *s);
/*
 * Up to MAX candidates at or after FROM, in order, into OFFS (and their
 * values, as the last step read them, into VALS when not NULL: WIDTH
 * bytes each, 8 apart); how many.
 */
size_t		 scan_list(const struct scan *s, uint64_t from, uint64_t *offs,
		    uint8_t (*vals)[8], size_t max);
/* True while the candidates are a bitmap (the first rounds). */
bool		 scan_is_bitmap(const struct scan *s);

#endif
