/* SPDX-License-Identifier: ISC */
/*
 * check_journal.c - the edit journal, checked against a plain model.
 *
 * The model is what an editor promises: a history of whole-file versions,
 * one per committed step, and a position in it.  Random sequences of
 * edits (grouped into steps at random), undos and redos are applied both
 * to a byte array through the journal and to the model; after every
 * operation the array must equal the model's current version, and the
 * journal's unsynced bytes must equal a bitmap of everything stored.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "timeout.h"
#include "journal.h"

#define FSIZE	64
#define MAXHIST	4096

static uint8_t	file[FSIZE];
static uint8_t	hist[MAXHIST][FSIZE];
static size_t	hpos, hlen;	/* current version, versions that exist */
static bool	dirty[FSIZE];	/* bytes stored since the last sync */

/* Store LEN bytes at OFF into the array and record them. */
static void
edit(struct journal *j, size_t off, const uint8_t *nb, size_t len)
{
	journal_record(j, off, file + off, nb, len);
	memcpy(file + off, nb, len);
	for (size_t i = 0; i < len; i++)
		dirty[off + i] = true;
}

/* Apply the undo step, checking we still hold what we wrote. */
static bool
undo(struct journal *j)
{
	const struct journal_step	*s = journal_undo_step(j);

	if (s == NULL)
		return false;
	for (size_t i = s->n; i-- > 0;) {
		const struct journal_edit	*e = &s->edits[i];

		ck_assert_mem_eq(file + e->off, e->new, e->len);
		memcpy(file + e->off, e->old, e->len);
		for (size_t k = 0; k < e->len; k++)
			dirty[e->off + k] = true;
	}
	journal_undone(j);
	return true;
}

/* Apply the redo step. */
static bool
redo(struct journal *j)
{
	const struct journal_step	*s = journal_redo_step(j);

	if (s == NULL)
		return false;
	for (size_t i = 0; i < s->n; i++) {
		const struct journal_edit	*e = &s->edits[i];

		ck_assert_mem_eq(file + e->off, e->old, e->len);
		memcpy(file + e->off, e->new, e->len);
		for (size_t k = 0; k < e->len; k++)
			dirty[e->off + k] = true;
	}
	journal_redone(j);
	return true;
}

/* The journal's unsynced view equals the dirty bitmap. */
static void
check_unsynced(const struct journal *j)
{
	uint64_t	count = 0, lo, hi, n;

	for (size_t i = 0; i < FSIZE; i++) {
		ck_assert_int_eq(journal_is_unsynced(j, i), dirty[i]);
		count += dirty[i];
	}
	n = journal_unsynced(j, &lo, &hi);
	ck_assert_uint_eq(n, count);
	if (count > 0) {
		ck_assert(dirty[lo]);
		ck_assert(dirty[hi - 1]);
	}
}

START_TEST(model_random_sequences)
{
	/* Under valgrind (./dev ci sets this) a tenth of the rounds. */
	int	rounds = getenv("LIVEHEX_TEST_QUICK") != NULL ? 5 : 50;

	srand(1234 + (unsigned)_i);
	for (int round = 0; round < rounds; round++) {
		struct journal	*j = journal_new();
		bool		 open = false;

		for (size_t i = 0; i < FSIZE; i++)
			file[i] = (uint8_t)rand();
		memset(dirty, 0, sizeof dirty);
		memcpy(hist[0], file, FSIZE);
		hpos = 0;
		hlen = 1;
		for (int op = 0; op < 300 && hlen < MAXHIST - 1; op++) {
			int	r = rand() % 10;

			if (r < 5) {
				uint8_t	nb[8];
				size_t	len = 1 + (size_t)(rand() % 8);
				size_t	off = (size_t)rand() % (FSIZE - len);

				for (size_t k = 0; k < len; k++)
					nb[k] = (uint8_t)rand();
				edit(j, off, nb, len);
				open = true;
				if (rand() % 3 == 0) {
					journal_commit(j);
					open = false;
					/* A new version; redo history is gone. */
					hlen = ++hpos + 1;
					memcpy(hist[hpos], file, FSIZE);
				}
			} else if (r < 8) {
				if (open) {
					/* Undo closes the open step first. */
					hlen = ++hpos + 1;
					memcpy(hist[hpos], file, FSIZE);
					open = false;
				}
				ck_assert_int_eq(undo(j), hpos > 0);
				if (hpos > 0)
					hpos--;
			} else if (!open) {
				ck_assert_int_eq(redo(j), hpos + 1 < hlen);
				if (hpos + 1 < hlen)
					hpos++;
			}
			if (!open) {
				ck_assert_mem_eq(file, hist[hpos], FSIZE);
				ck_assert_uint_eq(journal_undo_count(j), hpos);
				ck_assert_uint_eq(journal_redo_count(j),
				    hlen - 1 - hpos);
			}
			check_unsynced(j);
			if (rand() % 25 == 0) {
				journal_synced(j);
				memset(dirty, 0, sizeof dirty);
				check_unsynced(j);
			}
		}
		journal_free(j);
	}
}
END_TEST

START_TEST(grouped_value_undoes_as_one)
{
	struct journal			*j = journal_new();
	const struct journal_step	*s;
	uint8_t				 a = 1, b = 2;

	journal_record(j, 10, &a, &b, 1);
	journal_record(j, 11, &a, &b, 1);
	journal_commit(j);
	journal_record(j, 20, &a, &b, 1);
	s = journal_undo_step(j);	/* closes the second step */
	ck_assert_uint_eq(s->n, 1);
	ck_assert_uint_eq(s->edits[0].off, 20);
	journal_undone(j);
	s = journal_undo_step(j);
	/* 10 then 11: one run, one edit of two bytes. */
	ck_assert_uint_eq(s->n, 1);
	ck_assert_uint_eq(s->edits[0].off, 10);
	ck_assert_uint_eq(s->edits[0].len, 2);
	journal_undone(j);
	ck_assert_ptr_null(journal_undo_step(j));
	ck_assert_uint_eq(journal_redo_count(j), 2);
	/* A new edit drops everything redoable. */
	journal_record(j, 30, &a, &b, 1);
	ck_assert_uint_eq(journal_redo_count(j), 0);
	ck_assert_ptr_null(journal_redo_step(j));
	journal_free(j);
}
END_TEST

START_TEST(unsynced_ranges_merge)
{
	struct journal	*j = journal_new();
	uint8_t		 z[8] = { 0 };
	uint64_t	 lo, hi;

	journal_record(j, 100, z, z, 4);
	journal_record(j, 104, z, z, 2);	/* adjacent: merges */
	journal_record(j, 50, z, z, 1);
	journal_record(j, 99, z, z, 8);		/* overlaps */
	ck_assert_uint_eq(journal_unsynced(j, &lo, &hi), 1 + 8);
	ck_assert_uint_eq(lo, 50);
	ck_assert_uint_eq(hi, 107);
	ck_assert(!journal_is_unsynced(j, 51));
	ck_assert(journal_is_unsynced(j, 106));
	journal_synced(j);
	ck_assert_uint_eq(journal_unsynced(j, NULL, NULL), 0);
	journal_free(j);
}
END_TEST

START_TEST(typing_run_is_one_edit)
{
	struct journal			*j = journal_new();
	const struct journal_step	*s;
	uint8_t				 o[4] = { 1, 2, 3, 4 };
	uint8_t				 n[4] = { 0xde, 0xad, 0xbe, 0xef };

	ck_assert(!journal_is_open(j));
	for (size_t i = 0; i < 4; i++)
		journal_record(j, 0x40 + i, o + i, n + i, 1);
	ck_assert(journal_is_open(j));
	/* A store elsewhere in the same step is a second edit. */
	journal_record(j, 0x10, o, n, 1);
	/* Overwriting the run's own bytes does not merge into it. */
	journal_record(j, 0x11, o, n, 1);
	journal_record(j, 0x10, n, o, 1);
	ck_assert_uint_eq(journal_undo_count(j), 1);
	journal_commit(j);
	ck_assert(!journal_is_open(j));
	s = journal_undo_step(j);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->n, 3);
	ck_assert_uint_eq(s->edits[0].off, 0x40);
	ck_assert_uint_eq(s->edits[0].len, 4);
	ck_assert_mem_eq(s->edits[0].old, o, 4);
	ck_assert_mem_eq(s->edits[0].new, n, 4);
	ck_assert_uint_eq(s->edits[1].off, 0x10);
	ck_assert_uint_eq(s->edits[1].len, 2);
	ck_assert_uint_eq(s->edits[2].off, 0x10);
	ck_assert_uint_eq(s->edits[2].len, 1);
	ck_assert_uint_eq(journal_unsynced(j, NULL, NULL), 6);
	journal_free(j);
}
END_TEST

START_TEST(edits_belong_to_one_file)
{
	struct journal			*j = journal_new();
	const struct journal_step	*s;
	uint8_t				 a = 1, b = 2;

	/* The first call names the file; the same file again changes nothing. */
	ck_assert(!journal_set_file(j, 8, 100));
	journal_record(j, 0, &a, &b, 1);
	journal_commit(j);
	journal_record(j, 5, &a, &b, 1);
	journal_commit(j);
	s = journal_undo_step(j);
	journal_undone(j);			/* one step on the redo side */
	ck_assert(!journal_set_file(j, 8, 100));
	ck_assert(!s->foreign);
	ck_assert_uint_eq(journal_unsynced(j, NULL, NULL), 2);
	/* Another inode (same device): a different file. */
	journal_record(j, 7, &a, &b, 1);	/* open, then replaced */
	ck_assert(journal_set_file(j, 8, 101));
	ck_assert(!journal_is_open(j));
	ck_assert_uint_eq(journal_unsynced(j, NULL, NULL), 0);
	ck_assert(!journal_is_unsynced(j, 0));
	s = journal_undo_step(j);
	ck_assert_ptr_nonnull(s);
	ck_assert(s->foreign);
	ck_assert_uint_eq(s->edits[0].off, 7);
	/* Refused: journal_undone() does not move a foreign step. */
	journal_undone(j);
	ck_assert_uint_eq(journal_undo_count(j), 2);
	ck_assert_ptr_eq(journal_undo_step(j), s);
	/* An edit to the new file is its own, undoable step. */
	journal_record(j, 3, &a, &b, 1);
	ck_assert_uint_eq(journal_unsynced(j, NULL, NULL), 1);
	s = journal_undo_step(j);
	ck_assert(!s->foreign);
	journal_undone(j);
	s = journal_redo_step(j);
	ck_assert(!s->foreign);
	journal_redone(j);
	/* Another device, same inode number: different too. */
	ck_assert(journal_set_file(j, 9, 101));
	s = journal_undo_step(j);
	ck_assert(s->foreign);
	journal_free(j);
}
END_TEST

START_TEST(foreign_redo_is_refused)
{
	struct journal			*j = journal_new();
	const struct journal_step	*s;
	uint8_t				 a = 1, b = 2;

	journal_set_file(j, 1, 1);
	journal_record(j, 0, &a, &b, 1);
	journal_commit(j);
	journal_undo_step(j);
	journal_undone(j);
	ck_assert(journal_set_file(j, 1, 2));
	s = journal_redo_step(j);
	ck_assert_ptr_nonnull(s);
	ck_assert(s->foreign);
	journal_redone(j);
	ck_assert_uint_eq(journal_redo_count(j), 1);
	ck_assert_uint_eq(journal_undo_count(j), 0);
	journal_free(j);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("journal");
	TCase	*tc = timeout_tcase("journal", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_loop_test(tc, model_random_sequences, 0, 8);
	tcase_add_test(tc, grouped_value_undoes_as_one);
	tcase_add_test(tc, unsynced_ranges_merge);
	tcase_add_test(tc, typing_run_is_one_edit);
	tcase_add_test(tc, edits_belong_to_one_file);
	tcase_add_test(tc, foreign_redo_is_refused);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
