/* SPDX-License-Identifier: ISC */
/*
 * fuzz_journal.c - model-based libFuzzer target for journal.h.
 *
 * The input is a program of operations on a 64-byte file, applied both to
 * a byte array through the journal (as the viewer does: store, record,
 * undo by checking and restoring the bytes) and to a model that is what
 * an editor promises: a history of whole-file versions, one per committed
 * step, and a position in it (tests/unit/check_journal.c does the same
 * with random programs; here libFuzzer writes them).
 *
 *	op & 7	0-3	edit: then off (% 64), len (% 9, cut at the end of
 *			the file; 0 is a no-op), then len new bytes
 *		4	commit the open step
 *		5	undo (closes the open step first)
 *		6	redo (nothing to redo while a step is open)
 *		7	sync: every byte stored so far is now synced
 *
 * After every operation: the array equals the model's current version
 * (once no step is open), the undo/redo counts equal the model's, each
 * undo/redo step holds the bytes the array has (what we wrote is still
 * there), and the journal's unsynced bytes equal a bitmap of every byte
 * stored (by an edit, an undo or a redo) since the last sync.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "journal.h"

#define FSIZE	64
/* Versions the model can hold: more than one input can commit. */
#define MAXHIST	8192

static uint8_t	file[FSIZE];		/* the "mapping" */
static uint8_t	hist[MAXHIST][FSIZE];	/* the model: whole-file versions */
static size_t	hpos, hlen;		/* current version, versions */
static bool	open_step;		/* edits since the last version */
static bool	dirty[FSIZE];		/* stored since the last sync */

/* Store STEP's edits backward (undo) or forward, checking the bytes. */
static void
apply(const struct journal_step *s, bool undo)
{
	FUZZ_CHECK(s->n >= 1);
	for (size_t k = 0; k < s->n; k++) {
		size_t				 i = undo ? s->n - 1 - k : k;
		const struct journal_edit	*e = &s->edits[i];

		FUZZ_CHECK(e->len >= 1 && e->off + e->len <= FSIZE);
		FUZZ_CHECK(memcmp(file + e->off, undo ? e->new : e->old,
		    e->len) == 0);
		memcpy(file + e->off, undo ? e->old : e->new, e->len);
		for (size_t b = 0; b < e->len; b++)
			dirty[e->off + b] = true;
	}
}

/* Close the model's open step: the array is a new version. */
static void
model_commit(void)
{
	if (!open_step)
		return;
	hlen = ++hpos + 1;
	memcpy(hist[hpos], file, FSIZE);
	open_step = false;
}

/* The journal agrees with the model and the dirty bitmap. */
static void
check_state(const struct journal *j)
{
	uint64_t	count = 0, lo = 0, hi = 0;

	if (open_step) {
		FUZZ_CHECK(journal_undo_count(j) == hpos + 1);
		FUZZ_CHECK(journal_redo_count(j) == 0);
		FUZZ_CHECK(journal_redo_step(j) == NULL);
	} else {
		FUZZ_CHECK(memcmp(file, hist[hpos], FSIZE) == 0);
		FUZZ_CHECK(journal_undo_count(j) == hpos);
		FUZZ_CHECK(journal_redo_count(j) == hlen - 1 - hpos);
		FUZZ_CHECK((journal_redo_step(j) != NULL) == (hpos + 1 < hlen));
	}
	for (size_t i = 0; i < FSIZE; i++) {
		FUZZ_CHECK(journal_is_unsynced(j, i) == dirty[i]);
		count += dirty[i];
	}
	FUZZ_CHECK(!journal_is_unsynced(j, FSIZE));
	FUZZ_CHECK(!journal_is_unsynced(j, UINT64_MAX));
	FUZZ_CHECK(journal_unsynced(j, &lo, &hi) == count);
	FUZZ_CHECK(journal_unsynced(j, NULL, NULL) == count);
	if (count > 0) {
		/* The range is tight: its ends are unsynced bytes. */
		FUZZ_CHECK(lo < hi && hi <= FSIZE);
		FUZZ_CHECK(dirty[lo] && dirty[hi - 1]);
		for (size_t i = 0; i < FSIZE; i++)
			FUZZ_CHECK(!dirty[i] || (i >= lo && i < hi));
	} else
		FUZZ_CHECK(lo == 0 && hi == 0);
}

/* Run the program in DATA against the journal and the model. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct journal			*j = journal_new();
	const struct journal_step	*s;
	size_t				 i = 0;

	/* A known starting file, different for each input. */
	for (size_t k = 0; k < FSIZE; k++)
		file[k] = (uint8_t)(k * 37 + size);
	memset(dirty, 0, sizeof dirty);
	memcpy(hist[0], file, FSIZE);
	hpos = 0;
	hlen = 1;
	open_step = false;
	check_state(j);

	while (i < size && hlen < MAXHIST - 1) {
		uint8_t	op = data[i++] & 7;

		if (op < 4) {
			size_t	off, len;

			if (size - i < 2)
				break;
			off = data[i++] % FSIZE;
			len = data[i++] % 9;
			if (len > FSIZE - off)
				len = FSIZE - off;
			if (len > size - i)
				len = size - i;
			journal_record(j, off, file + off, data + i, len);
			memcpy(file + off, data + i, len);
			i += len;
			for (size_t b = 0; b < len; b++)
				dirty[off + b] = true;
			if (len > 0)
				open_step = true;
		} else if (op == 4) {
			journal_commit(j);
			model_commit();
		} else if (op == 5) {
			model_commit();		/* undo closes the open step */
			s = journal_undo_step(j);
			FUZZ_CHECK((s != NULL) == (hpos > 0));
			if (s != NULL) {
				apply(s, true);
				journal_undone(j);
				hpos--;
			}
		} else if (op == 6) {
			s = journal_redo_step(j);
			FUZZ_CHECK((s != NULL) == (!open_step &&
			    hpos + 1 < hlen));
			if (s != NULL) {
				apply(s, false);
				journal_redone(j);
				hpos++;
			}
		} else {
			journal_synced(j);
			memset(dirty, 0, sizeof dirty);
		}
		check_state(j);
	}
	journal_free(j);
	return 0;
}
