/* SPDX-License-Identifier: ISC */
/*
 * check_runs.c - unit tests for runs_diff (the changed runs of a window).
 *
 * The edges by hand (empty, all equal, all different, runs touching either
 * end, the gap limit on both sides, the MAX cap and resuming after it, FROM),
 * then a model test: thousands of random pairs of buffers compared with a
 * plain byte-by-byte reference, at every alignment and across the fast
 * paths' block boundaries, fetched in random batch sizes.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "timeout.h"
#include "runs.h"

/* Room for the runs of any test buffer here. */
#define MAXRUNS	4096

/* Assert that the N runs in GOT are exactly the pairs in WANT (off, len). */
static void
assert_runs(const struct runs_run *got, size_t n, const size_t *want,
    size_t nwant)
{
	ck_assert_uint_eq(n, nwant);
	for (size_t i = 0; i < n; i++) {
		ck_assert_msg(got[i].off == want[2 * i] &&
		    got[i].len == want[2 * i + 1],
		    "run %zu: got off %zu len %zu, want off %zu len %zu", i,
		    got[i].off, got[i].len, want[2 * i], want[2 * i + 1]);
	}
}

/* A buffer of LEN zero bytes with 0xff at each offset in AT (N of them). */
static uint8_t *
with_diffs(size_t len, const size_t *at, size_t n)
{
	uint8_t	*b = calloc(len + 1, 1);

	ck_assert_ptr_nonnull(b);
	for (size_t i = 0; i < n; i++)
		b[at[i]] = 0xff;
	return b;
}

START_TEST(empty_has_no_runs)
{
	struct runs_run	r[4];
	uint8_t		a = 1, b = 2;

	/* The bytes differ, but there are zero of them to compare. */
	ck_assert_uint_eq(runs_diff(&a, &b, 0, 0, 3, r, 4), 0);
}
END_TEST

START_TEST(all_equal_has_no_runs)
{
	static uint8_t	a[1000], b[1000];
	struct runs_run	r[4];

	memset(a, 0x5a, sizeof a);
	memset(b, 0x5a, sizeof b);
	ck_assert_uint_eq(runs_diff(a, b, sizeof a, 0, 3, r, 4), 0);
	ck_assert_uint_eq(runs_diff(a, b, sizeof a, 0, 0, r, 4), 0);
}
END_TEST

START_TEST(all_different_is_one_run)
{
	static uint8_t	a[1000], b[1000];
	struct runs_run	r[4];
	const size_t	want[] = { 0, 1000 };

	memset(b, 1, sizeof b);
	assert_runs(r, runs_diff(a, b, sizeof a, 0, 0, r, 4), want, 1);
}
END_TEST

START_TEST(one_byte_in_the_middle)
{
	const size_t	at[] = { 500 }, want[] = { 500, 1 };
	uint8_t		*a = with_diffs(1000, NULL, 0);
	uint8_t		*b = with_diffs(1000, at, 1);
	struct runs_run	r[4];

	assert_runs(r, runs_diff(a, b, 1000, 0, 3, r, 4), want, 1);
	free(a);
	free(b);
}
END_TEST

START_TEST(runs_at_both_ends)
{
	const size_t	at[] = { 0, 1, 998, 999 };
	const size_t	want[] = { 0, 2, 998, 2 };
	uint8_t		*a = with_diffs(1000, NULL, 0);
	uint8_t		*b = with_diffs(1000, at, 4);
	struct runs_run	r[4];

	assert_runs(r, runs_diff(a, b, 1000, 0, 3, r, 4), want, 2);
	free(a);
	free(b);
}
END_TEST

START_TEST(single_byte_buffers)
{
	uint8_t		a = 1, b = 2, c = 1;
	struct runs_run	r[2];
	const size_t	want[] = { 0, 1 };

	assert_runs(r, runs_diff(&a, &b, 1, 0, 3, r, 2), want, 1);
	ck_assert_uint_eq(runs_diff(&a, &c, 1, 0, 3, r, 2), 0);
}
END_TEST

START_TEST(gap_of_exactly_gap_merges)
{
	/* 10 and 14: three equal bytes (11, 12, 13) between. */
	const size_t	at[] = { 10, 14 };
	const size_t	merged[] = { 10, 5 }, split[] = { 10, 1, 14, 1 };
	uint8_t		*a = with_diffs(64, NULL, 0);
	uint8_t		*b = with_diffs(64, at, 2);
	struct runs_run	r[4];

	assert_runs(r, runs_diff(a, b, 64, 0, 3, r, 4), merged, 1);
	assert_runs(r, runs_diff(a, b, 64, 0, 2, r, 4), split, 2);
	assert_runs(r, runs_diff(a, b, 64, 0, 0, r, 4), split, 2);
	free(a);
	free(b);
}
END_TEST

START_TEST(gap_zero_keeps_adjacent_bytes_together)
{
	const size_t	at[] = { 3, 4, 5, 7 };
	const size_t	want0[] = { 3, 3, 7, 1 }, want1[] = { 3, 5 };
	uint8_t		*a = with_diffs(16, NULL, 0);
	uint8_t		*b = with_diffs(16, at, 4);
	struct runs_run	r[4];

	assert_runs(r, runs_diff(a, b, 16, 0, 0, r, 4), want0, 2);
	assert_runs(r, runs_diff(a, b, 16, 0, 1, r, 4), want1, 1);
	free(a);
	free(b);
}
END_TEST

START_TEST(gap_merges_a_chain)
{
	/* Each pair is 2 apart: one run from 0 to 20 with gap 3. */
	const size_t	at[] = { 0, 3, 6, 9, 12, 15, 18, 20 };
	const size_t	want[] = { 0, 21 };
	uint8_t		*a = with_diffs(40, NULL, 0);
	uint8_t		*b = with_diffs(40, at, 8);
	struct runs_run	r[4];

	assert_runs(r, runs_diff(a, b, 40, 0, 3, r, 4), want, 1);
	free(a);
	free(b);
}
END_TEST

START_TEST(gap_never_reaches_past_the_end)
{
	/* A difference 2 bytes before the end: no equal tail is swallowed. */
	const size_t	at[] = { 5, 8 }, want[] = { 5, 4 };
	uint8_t		*a = with_diffs(10, NULL, 0);
	uint8_t		*b = with_diffs(10, at, 2);
	struct runs_run	r[4];

	assert_runs(r, runs_diff(a, b, 10, 0, 3, r, 4), want, 1);
	free(a);
	free(b);
}
END_TEST

START_TEST(max_caps_and_resume_continues)
{
	const size_t	at[] = { 0, 10, 20, 30, 40 };
	const size_t	first[] = { 0, 1, 10, 1 }, next[] = { 20, 1, 30, 1 };
	const size_t	last[] = { 40, 1 };
	uint8_t		*a = with_diffs(50, NULL, 0);
	uint8_t		*b = with_diffs(50, at, 5);
	struct runs_run	r[4];
	size_t		n;

	ck_assert_uint_eq(runs_diff(a, b, 50, 0, 3, r, 0), 0);
	n = runs_diff(a, b, 50, 0, 3, r, 2);
	assert_runs(r, n, first, 2);
	n = runs_diff(a, b, 50, r[1].off + r[1].len, 3, r, 2);
	assert_runs(r, n, next, 2);
	n = runs_diff(a, b, 50, r[1].off + r[1].len, 3, r, 2);
	assert_runs(r, n, last, 1);
	ck_assert_uint_eq(runs_diff(a, b, 50, 41, 3, r, 2), 0);
	free(a);
	free(b);
}
END_TEST

START_TEST(max_one_keeps_a_merged_run_whole)
{
	/* The cap falls on a run that merges: it is returned complete. */
	const size_t	at[] = { 4, 6, 8, 30 };
	const size_t	want[] = { 4, 5 }, rest[] = { 30, 1 };
	uint8_t		*a = with_diffs(40, NULL, 0);
	uint8_t		*b = with_diffs(40, at, 4);
	struct runs_run	r[2];

	assert_runs(r, runs_diff(a, b, 40, 0, 3, r, 1), want, 1);
	assert_runs(r, runs_diff(a, b, 40, 9, 3, r, 1), rest, 1);
	free(a);
	free(b);
}
END_TEST

START_TEST(from_skips_and_may_start_inside_a_run)
{
	const size_t	at[] = { 2, 3, 4, 5, 20 };
	const size_t	inside[] = { 4, 2, 20, 1 }, late[] = { 20, 1 };
	uint8_t		*a = with_diffs(32, NULL, 0);
	uint8_t		*b = with_diffs(32, at, 5);
	struct runs_run	r[4];

	assert_runs(r, runs_diff(a, b, 32, 4, 3, r, 4), inside, 2);
	assert_runs(r, runs_diff(a, b, 32, 6, 3, r, 4), late, 1);
	ck_assert_uint_eq(runs_diff(a, b, 32, 32, 3, r, 4), 0);
	ck_assert_uint_eq(runs_diff(a, b, 32, 1000, 3, r, 4), 0);
	free(a);
	free(b);
}
END_TEST

START_TEST(differences_near_block_edges)
{
	/* Around the 8-byte and 256-byte fast paths, and unaligned. */
	const size_t	edges[] = { 7, 8, 9, 63, 255, 256, 257, 511, 512,
			    1023, 4095, 4096 };
	static uint8_t	a[4100], b[4100];
	struct runs_run	r[4];

	for (size_t skew = 0; skew < 8; skew++) {
		for (size_t i = 0; i < sizeof edges / sizeof edges[0]; i++) {
			size_t	want[2] = { edges[i] - skew, 1 };
			size_t	len = sizeof a - skew;

			memset(a, 0x33, sizeof a);
			memset(b, 0x33, sizeof b);
			b[edges[i]] = 0x34;
			assert_runs(r, runs_diff(a + skew, b + skew, len, 0,
			    3, r, 4), want, 1);
		}
	}
}
END_TEST

/* The reference: maximal differing runs, merged over gaps <= GAP. */
static size_t
naive(const uint8_t *a, const uint8_t *b, size_t len, size_t gap,
    struct runs_run *out)
{
	size_t	n = 0;

	for (size_t i = 0; i < len; i++) {
		if (a[i] == b[i])
			continue;
		if (n > 0 && i - (out[n - 1].off + out[n - 1].len) <= gap) {
			out[n - 1].len = i + 1 - out[n - 1].off;
			continue;
		}
		out[n].off = i;
		out[n].len = 1;
		n++;
	}
	return n;
}

START_TEST(random_buffers_match_the_reference)
{
	static uint8_t		a[2100], b[2100];
	static struct runs_run	want[MAXRUNS], got[MAXRUNS];

	srand(12345);
	for (int iter = 0; iter < 3000; iter++) {
		size_t	len = (size_t)rand() % 2048;
		size_t	skew = (size_t)rand() % 8;
		size_t	gap = (size_t)rand() % 6;
		size_t	batch = 1 + (size_t)rand() % 5;
		int	density = 1 + rand() % 200;
		size_t	nwant, ngot = 0, from = 0, n;

		for (size_t i = 0; i < len + skew; i++) {
			a[i] = (uint8_t)rand();
			/* Mostly equal, with clusters of differences. */
			b[i] = rand() % density == 0 ? (uint8_t)(a[i] ^
			    (1 + rand() % 255)) : a[i];
		}
		nwant = naive(a + skew, b + skew, len, gap, want);
		/* Fetched a few at a time, resuming after each batch. */
		do {
			n = runs_diff(a + skew, b + skew, len, from, gap,
			    got + ngot, batch);
			ngot += n;
			if (n > 0)
				from = got[ngot - 1].off + got[ngot - 1].len;
		} while (n == batch);
		ck_assert_msg(ngot == nwant, "iter %d: %zu runs, want %zu",
		    iter, ngot, nwant);
		for (size_t i = 0; i < ngot; i++)
			ck_assert_msg(got[i].off == want[i].off &&
			    got[i].len == want[i].len, "iter %d run %zu: "
			    "%zu+%zu, want %zu+%zu", iter, i, got[i].off,
			    got[i].len, want[i].off, want[i].len);
	}
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("runs");
	TCase	*tc = timeout_tcase("edges", TIMEOUT_UNIT);
	TCase	*model = timeout_tcase("model", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, empty_has_no_runs);
	tcase_add_test(tc, all_equal_has_no_runs);
	tcase_add_test(tc, all_different_is_one_run);
	tcase_add_test(tc, one_byte_in_the_middle);
	tcase_add_test(tc, runs_at_both_ends);
	tcase_add_test(tc, single_byte_buffers);
	tcase_add_test(tc, gap_of_exactly_gap_merges);
	tcase_add_test(tc, gap_zero_keeps_adjacent_bytes_together);
	tcase_add_test(tc, gap_merges_a_chain);
	tcase_add_test(tc, gap_never_reaches_past_the_end);
	tcase_add_test(tc, max_caps_and_resume_continues);
	tcase_add_test(tc, max_one_keeps_a_merged_run_whole);
	tcase_add_test(tc, from_skips_and_may_start_inside_a_run);
	tcase_add_test(tc, differences_near_block_edges);
	suite_add_tcase(s, tc);
	tcase_add_test(model, random_buffers_match_the_reference);
	suite_add_tcase(s, model);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
