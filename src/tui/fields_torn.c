/* SPDX-License-Identifier: ISC */
/*
 * fields_torn.c - the fields panel's torn marks (fields_torn.h).
 *
 * Which rows to check: only those a look saw change.  A row that did
 * not change between two looks was not being written at the first, and
 * checking every row of a big layout each tick would cost a read per
 * row.  For each changed byte the deepest field covering it is found
 * (layout_path_at), then every row above it by cutting its path at each
 * '.' and '[' ("ring.slots[3].seq", "ring.slots[3]", "ring.slots",
 * "ring") and resolving that (layout_resolve): a 16-byte record of two
 * 8-byte members is torn as a record though neither member is.  Rows
 * that are atomic or larger than TORN_MAX are skipped, and at most
 * FTORN_CHECKS rows are read per look, so a writer touching thousands
 * of fields costs a bounded number of reads.
 *
 * The marks are a small table (FTORN_MARKS): a new mark replaces the
 * oldest.  The panel asks by a row's offset and size.
 */
#include "config.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "fields_torn.h"
#include "layout.h"
#include "snap.h"
#include "torn.h"
#include "xmalloc.h"

/* Rows remembered as torn. */
#define FTORN_MARKS	64
/* Rows read again per look, at most. */
#define FTORN_CHECKS	32

/* One row caught torn. */
struct ftorn_mark {
	uint64_t	off, size;
	uint32_t	when;		/* the look's time; 0: free */
};

/* The marks, and the look checked last. */
struct ftorn {
	struct ftorn_mark	marks[FTORN_MARKS];
	uint32_t		checked;	/* the last look's S->at */
	uint32_t		latest;		/* the newest mark's time */
};

/* No marks yet. */
struct ftorn *
ftorn_new(void)
{
	return xcalloc(1, sizeof(struct ftorn));
}

/* Free T; NULL is ignored. */
void
ftorn_free(struct ftorn *t)
{
	free(t);
}

/* Mark the row of SIZE bytes at OFF torn at WHEN. */
static void
ftorn_mark(struct ftorn *t, uint64_t off, uint64_t size, uint32_t when)
{
	struct ftorn_mark	*m = &t->marks[0];

	for (size_t i = 0; i < FTORN_MARKS; i++) {
		if (t->marks[i].when != 0 && t->marks[i].off == off &&
		    t->marks[i].size == size) {
			m = &t->marks[i];
			break;
		}
		if (t->marks[i].when < m->when)
			m = &t->marks[i];
	}
	m->off = off;
	m->size = size;
	m->when = when;
	t->latest = when;
}

/* The rows checked in this look so far (no row is read twice). */
struct ftorn_seen {
	uint64_t	off[FTORN_CHECKS], size[FTORN_CHECKS];
	size_t		n;
};

/*
 * Check the row REF (the path's node) against the look S; false when
 * this look may read no more rows.
 */
static bool
ftorn_row(struct ftorn *t, struct ftorn_seen *seen, struct door *d,
    const struct snap *s, const struct ltype_ref *ref, size_t *torn)
{
	uint8_t	buf[TORN_MAX];

	if (torn_atomic(ref->off, ref->size) || ref->size > TORN_MAX)
		return true;
	for (size_t i = 0; i < seen->n; i++)
		if (seen->off[i] == ref->off && seen->size[i] == ref->size)
			return true;
	if (seen->n == FTORN_CHECKS)
		return false;
	seen->off[seen->n] = ref->off;
	seen->size[seen->n++] = ref->size;
	if (torn_read(d, ref->off, (size_t)ref->size, buf, s->bytes, s->off,
	    s->len) == TORN_TORN) {
		ftorn_mark(t, ref->off, ref->size, s->at);
		(*torn)++;
	}
	return true;
}

/* Check the fields the look S changed; see fields_torn.h. */
size_t
ftorn_look(struct ftorn *t, const struct layout *l, struct door *d,
    const struct snap *s)
{
	struct ftorn_seen	seen = { .n = 0 };
	char			path[LTYPE_MAX_PATH];
	struct ltype_ref	leaf, ref;
	size_t			torn = 0;
	bool			more = true;

	if (l == NULL || s->at == 0 || s->at == t->checked)
		return 0;
	t->checked = s->at;
	for (size_t i = 0; i < s->len && more; i++) {
		size_t	cut;

		if (s->changed_ms[i] != s->at ||
		    layout_path_at(l, s->off + i, path, sizeof path, &leaf) != 0)
			continue;
		more = ftorn_row(t, &seen, d, s, &leaf, &torn);
		/* The rows above: the path cut before each '.' and '['. */
		for (cut = strlen(path); more && cut-- > 0; ) {
			char	*cause = NULL;

			if (path[cut] != '.' && path[cut] != '[')
				continue;
			path[cut] = '\0';
			if (layout_resolve(l, path, &ref, &cause) == 0)
				more = ftorn_row(t, &seen, d, s, &ref, &torn);
			free(cause);
		}
		/* The rest of this leaf's bytes lead to the same rows. */
		if (leaf.off + leaf.size > s->off + i + 1)
			i = (size_t)(leaf.off + leaf.size - s->off) - 1;
	}
	return torn;
}

/* When the row of SIZE bytes at OFF was last caught torn (0: never). */
uint32_t
ftorn_when(const struct ftorn *t, uint64_t off, uint64_t size)
{
	for (size_t i = 0; i < FTORN_MARKS; i++)
		if (t->marks[i].when != 0 && t->marks[i].off == off &&
		    t->marks[i].size == size)
			return t->marks[i].when;
	return 0;
}

/* The latest mark's time (0: none): the app redraws when it fades. */
uint32_t
ftorn_latest(const struct ftorn *t)
{
	return t->latest;
}
