/* SPDX-License-Identifier: ISC */
/*
 * check_baseline.c - unit tests for whole-file snapshots and their diff.
 *
 * Small fixtures use 64-byte pages so 8 KiB has 128 pages and chunks of
 * BASELINE_CHUNK pages; the big one is a sparse 4 GiB file made with
 * ftruncate in the test's own directory, with the system page size.  The
 * "other process" is a second MAP_SHARED mapping of the file made by the
 * test, or pwrite(2).  Every expected diff is the test's own list of what
 * it stored, compared range by range.  That holes are not read is checked
 * with mincore(2) on a mapping of our own (a pread of a hole on ext4 puts
 * zero pages into the page cache: breaking the hole test in baseline.c
 * made 1,040,887 pages resident), with the count of bytes read, and with
 * st_blocks (a filled hole would raise it).
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "timeout.h"
#include "baseline.h"
#include "door.h"
#include "testutil.h"

#define PAGE		64
#define FILE_SIZE	8192

/* The file, its door and the other process's mapping (testutil.h). */
static struct tu_shared	 fx;

/* A fresh 8 KiB pattern file, the door on it and a second mapping. */
static void
setup(void)
{
	tu_shared_open(&fx, "baseline", FILE_SIZE, 7);
}

/* Undo setup(). */
static void
teardown(void)
{
	tu_shared_close(&fx);
}

/* A baseline of D taken whole in steps of BUDGET (counting the steps). */
static struct baseline *
take(struct door *dd, size_t page, size_t keep, size_t budget,
    unsigned *steps)
{
	struct baseline	*b = baseline_new(dd, page, keep);
	unsigned	 n = 1;

	while (!baseline_take(b, dd, budget))
		n++;
	if (steps != NULL)
		*steps = n;
	return b;
}

/* The diff of DD against B, computed whole after a door refresh. */
static struct baseline_diff *
diff(struct baseline *b, struct door *dd, size_t budget)
{
	struct baseline_diff	*df = baseline_diff_new(b);
	char			*cause = NULL;

	ck_assert_int_ne(door_refresh(dd, &cause), -1);
	ck_assert(baseline_diff_busy(df));
	while (!baseline_diff_step(df, b, dd, budget))
		;
	ck_assert(!baseline_diff_busy(df));
	return df;
}

/* Step DF over B to its end again, after a refresh or pages named dirty. */
static void
settle(struct baseline_diff *df, struct baseline *b)
{
	while (!baseline_diff_step(df, b, fx.d, SIZE_MAX))
		;
}

/* Free the diff DF and the baseline B, at a test's end. */
static void
drop(struct baseline_diff *df, struct baseline *b)
{
	baseline_diff_free(df);
	baseline_free(b);
}

/* Assert DF's ranges are exactly WANT[0..n). */
static void
assert_ranges(struct baseline_diff *df, const struct baseline_range *want,
    size_t n)
{
	size_t				 got;
	const struct baseline_range	*r = baseline_diff_ranges(df, &got);

	for (size_t k = 0; k < got && k < n; k++) {
		ck_assert_msg(r[k].off == want[k].off && r[k].len ==
		    want[k].len && r[k].kind == want[k].kind,
		    "range %zu: got %llu+%llu kind %d, want %llu+%llu kind %d",
		    k, (unsigned long long)r[k].off,
		    (unsigned long long)r[k].len, (int)r[k].kind,
		    (unsigned long long)want[k].off,
		    (unsigned long long)want[k].len, (int)want[k].kind);
	}
	ck_assert_uint_eq(got, n);
}

START_TEST(no_change_no_diff)
{
	struct baseline		*b = take(fx.d, PAGE, 0, SIZE_MAX, NULL);
	struct baseline_diff	*df = diff(b, fx.d, SIZE_MAX);

	assert_ranges(df, NULL, 0);
	ck_assert_uint_eq(baseline_diff_bytes(df), 0);
	ck_assert_uint_eq(baseline_read(b), FILE_SIZE);
	ck_assert_uint_eq(baseline_hash_only(b), 0);
	drop(df, b);
}
END_TEST

/* Stores far apart, across a page boundary, and a same-value store. */
START_TEST(diff_finds_exactly_the_stores)
{
	struct baseline		*b = take(fx.d, PAGE, 0, SIZE_MAX, NULL);
	struct baseline_diff	*df;
	static const struct baseline_range want[] = {
		{ 0, 1, BASELINE_BYTES },
		{ 60, 10, BASELINE_BYTES },	/* crosses page 0 / 1 */
		{ 1000, 2, BASELINE_BYTES },
		{ 1003, 1, BASELINE_BYTES },
		{ FILE_SIZE - 1, 1, BASELINE_BYTES },
	};
	enum baseline_kind	 kind;
	uint64_t		 off;

	fx.other[0] ^= 0xff;
	for (int k = 60; k < 70; k++)
		fx.other[k] ^= 0x5a;
	fx.other[1000] ^= 1;
	fx.other[1001] ^= 2;
	/* The same value: no difference. */
	fx.other[1002] = fx.other[1002];
	fx.other[1003] ^= 4;
	fx.other[FILE_SIZE - 1] ^= 0x80;
	df = diff(b, fx.d, SIZE_MAX);
	assert_ranges(df, want, 5);
	ck_assert_uint_eq(baseline_diff_bytes(df), 15);
	ck_assert(baseline_diff_at(df, 65, &kind) && kind == BASELINE_BYTES);
	ck_assert(!baseline_diff_at(df, 70, &kind));
	ck_assert(!baseline_diff_at(df, 1002, &kind));
	/* ]d from the top, 3]d, [d from the end, and past the last. */
	ck_assert(baseline_diff_next(df, 0, false, 1, &off));
	ck_assert_uint_eq(off, 60);
	ck_assert(baseline_diff_next(df, 0, false, 3, &off));
	ck_assert_uint_eq(off, 1003);
	ck_assert(baseline_diff_next(df, 0, false, 99, &off));
	ck_assert_uint_eq(off, FILE_SIZE - 1);
	ck_assert(baseline_diff_next(df, FILE_SIZE - 1, true, 2, &off));
	ck_assert_uint_eq(off, 1000);
	ck_assert(!baseline_diff_next(df, FILE_SIZE - 1, false, 1, &off));
	ck_assert(!baseline_diff_next(df, 0, true, 1, &off));
	drop(df, b);
}
END_TEST

/* Taking and diffing in small budgets gives the same answer. */
START_TEST(small_budgets_same_answer)
{
	unsigned		 steps;
	struct baseline		*b = take(fx.d, PAGE, 0, 3 * PAGE,
				    &steps);
	struct baseline_diff	*df;
	uint64_t		 done, total;
	static const struct baseline_range want[] = {
		{ 130, 1, BASELINE_BYTES },
		{ 7000, 3, BASELINE_BYTES },
	};

	ck_assert_uint_ge(steps, FILE_SIZE / PAGE / BASELINE_CHUNK);
	baseline_progress(b, &done, &total);
	ck_assert_uint_eq(done, total);
	ck_assert_uint_eq(total, FILE_SIZE / PAGE);
	fx.other[130] ^= 1;
	fx.other[7000] ^= 1;
	fx.other[7001] ^= 1;
	fx.other[7002] ^= 1;
	df = diff(b, fx.d, PAGE);
	assert_ranges(df, want, 2);
	drop(df, b);
}
END_TEST

/* The diff stays current: pages named dirty are computed again. */
START_TEST(dirty_pages_are_recomputed)
{
	struct baseline		*b = take(fx.d, PAGE, 0, SIZE_MAX, NULL);
	struct baseline_diff	*df = diff(b, fx.d, SIZE_MAX);
	static const struct baseline_range one[] = {
		{ 4000, 1, BASELINE_BYTES },
	};
	unsigned char		 was = fx.other[4000];

	assert_ranges(df, NULL, 0);
	fx.other[4000] ^= 0x11;
	baseline_diff_dirty(df, 4000, 1);
	ck_assert(baseline_diff_busy(df));
	settle(df, b);
	assert_ranges(df, one, 1);
	/* Changed back: the range goes. */
	fx.other[4000] = was;
	baseline_diff_dirty(df, 4000, 1);
	settle(df, b);
	assert_ranges(df, NULL, 0);
	drop(df, b);
}
END_TEST

/* Growth and shrink are tails; a store inside the old size is still seen. */
START_TEST(grow_and_shrink)
{
	struct baseline		*b = take(fx.d, PAGE, 0, SIZE_MAX, NULL);
	struct baseline_diff	*df;
	static const struct baseline_range grown[] = {
		{ 10, 1, BASELINE_BYTES },
		{ FILE_SIZE, 808, BASELINE_GROWN },
	};
	static const struct baseline_range shrunk[] = {
		{ 10, 1, BASELINE_BYTES },
		{ 5000, FILE_SIZE - 5000, BASELINE_SHRUNK },
	};
	char			*cause = NULL;

	fx.other[10] ^= 1;
	ck_assert_int_eq(ftruncate(fx.fd, FILE_SIZE + 808), 0);
	df = diff(b, fx.d, SIZE_MAX);
	assert_ranges(df, grown, 2);
	ck_assert_uint_eq(baseline_diff_bytes(df), 809);
	/* The same diff follows a shrink into the middle of a page. */
	ck_assert_int_eq(ftruncate(fx.fd, 5000), 0);
	ck_assert_int_ne(door_refresh(fx.d, &cause), -1);
	settle(df, b);
	assert_ranges(df, shrunk, 2);
	drop(df, b);
}
END_TEST

/* Over the KEEP cap, a changed page is "differs, old bytes unknown". */
START_TEST(hash_only_pages_say_unknown)
{
	struct baseline		*b = take(fx.d, PAGE, 1, SIZE_MAX, NULL);
	struct baseline_diff	*df;
	static const struct baseline_range want[] = {
		{ 3 * PAGE, PAGE, BASELINE_UNKNOWN },
	};

	ck_assert_uint_eq(baseline_hash_only(b), FILE_SIZE / PAGE);
	ck_assert_uint_eq(baseline_kept(b), 0);
	fx.other[3 * PAGE + 5] ^= 1;
	df = diff(b, fx.d, SIZE_MAX);
	assert_ranges(df, want, 1);
	drop(df, b);
}
END_TEST

/* Taking a baseline never stores: the file is byte for byte the same. */
START_TEST(take_never_stores)
{
	size_t		 n0, n1;
	unsigned char	*before = tu_slurp(fx.path, &n0), *after;
	struct baseline	*b = take(fx.d, PAGE, 0, 5 * PAGE, NULL);

	after = tu_slurp(fx.path, &n1);
	ck_assert_uint_eq(n0, n1);
	ck_assert(memcmp(before, after, n0) == 0);
	baseline_free(b);
	free(before);
	free(after);
}
END_TEST

/* Resident pages of a mapping of our own over the whole file. */
static size_t
resident(int sfd, uint64_t size)
{
	size_t		 ps = (size_t)sysconf(_SC_PAGESIZE), n = 0;
	size_t		 np = (size_t)((size + ps - 1) / ps);
	unsigned char	*vec = malloc(np);
	void		*map = mmap(NULL, (size_t)size, PROT_READ, MAP_SHARED,
			    sfd, 0);

	ck_assert(map != MAP_FAILED && vec != NULL);
	ck_assert_int_eq(mincore(map, (size_t)size, vec), 0);
	for (size_t i = 0; i < np; i++)
		n += vec[i] & 1;
	munmap(map, (size_t)size);
	free(vec);
	return n;
}

/*
 * A sparse 4 GiB file: the take reads only its data pages, never a hole
 * (page cache residency and blocks unchanged); stores at scattered
 * offsets, one into a hole, are found exactly.
 */
START_TEST(sparse_4g_finds_exactly_the_stores)
{
	uint64_t		 size = (uint64_t)4 << 30;
	size_t			 ps = (size_t)sysconf(_SC_PAGESIZE);
	static const uint64_t	 data_at[] = { 0, (uint64_t)1 << 30,
				    ((uint64_t)3 << 30) + 12345 };
	uint64_t		 at[] = { 5, ((uint64_t)1 << 30) + 100,
				    ((uint64_t)2 << 30) + 7,	/* a hole */
				    ((uint64_t)3 << 30) + 12345,
				    size - 1 };			/* a hole */
	struct baseline_range	 want[5];
	struct baseline		*b;
	struct baseline_diff	*df;
	struct door		*sd;
	struct stat		 st0, st1;
	char			*p = tu_path("baseline-sparse"), *cause = NULL;
	size_t			 res0, res1;
	int			 sfd;

	sfd = open(p, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ne(sfd, -1);
	ck_assert_int_eq(ftruncate(sfd, (off_t)size), 0);
	for (size_t k = 0; k < 3; k++)
		ck_assert_int_eq(pwrite(sfd, "data", 4, (off_t)data_at[k]),
		    4);
	sd = door_open(p, 0, &cause);
	ck_assert_msg(sd != NULL, "%s", cause);
	ck_assert_int_eq(fstat(sfd, &st0), 0);
	res0 = resident(sfd, size);
	b = take(sd, 0, 0, SIZE_MAX, NULL);
	ck_assert_uint_eq(baseline_read(b), 3 * ps);
	ck_assert_uint_eq(baseline_holes(b), size / ps - 3);
	/* Nothing of the holes came into memory or onto the disk. */
	res1 = resident(sfd, size);
	ck_assert_uint_eq(res1, res0);
	ck_assert_int_eq(fstat(sfd, &st1), 0);
	ck_assert_int_eq(st1.st_blocks, st0.st_blocks);
	/* Memory: a hash and a kind per page, next to nothing kept. */
	ck_assert_uint_lt(baseline_memory(b), 12u << 20);
	for (size_t k = 0; k < 5; k++) {
		ck_assert_int_eq(pwrite(sfd, "\xa5", 1, (off_t)at[k]), 1);
		want[k] = (struct baseline_range){ at[k], 1, BASELINE_BYTES };
	}
	df = diff(b, sd, SIZE_MAX);
	assert_ranges(df, want, 5);
	drop(df, b);
	door_close(sd);
	close(sfd);
	unlink(p);
	free(p);
}
END_TEST

/* An empty file: nothing to take, and growth is a tail. */
START_TEST(empty_file_grows)
{
	char			*p = tu_file("baseline-empty", "", 0);
	char			*cause = NULL;
	struct door		*ed;
	struct baseline		*b;
	struct baseline_diff	*df;
	static const struct baseline_range want[] = {
		{ 0, 100, BASELINE_GROWN },
	};

	ed = door_open(p, 0, &cause);
	if (ed == NULL) {
		/* An empty file may not open on every kernel: say why. */
		free(cause);
		free(p);
		return;
	}
	b = take(ed, PAGE, 0, SIZE_MAX, NULL);
	ck_assert_int_eq(truncate(p, 100), 0);
	df = diff(b, ed, SIZE_MAX);
	assert_ranges(df, want, 1);
	drop(df, b);
	door_close(ed);
	free(p);
}
END_TEST

/* The suite. */
int
main(void)
{
	Suite	*s = suite_create("baseline");
	TCase	*tc = timeout_tcase("diff", TIMEOUT_UNIT);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, no_change_no_diff);
	tcase_add_test(tc, diff_finds_exactly_the_stores);
	tcase_add_test(tc, small_budgets_same_answer);
	tcase_add_test(tc, dirty_pages_are_recomputed);
	tcase_add_test(tc, grow_and_shrink);
	tcase_add_test(tc, hash_only_pages_say_unknown);
	tcase_add_test(tc, take_never_stores);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("sparse", TIMEOUT_UNIT);
	tcase_add_test(tc, sparse_4g_finds_exactly_the_stores);
	tcase_add_test(tc, empty_file_grows);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
