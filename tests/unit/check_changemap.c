/* SPDX-License-Identifier: ISC */
/*
 * check_changemap.c - unit tests for the whole-file change map.
 *
 * Pages are tiny (64 bytes) so an 8 KiB fixture has 128 of them and every
 * boundary is crossed.  The "other process" is a second MAP_SHARED mapping
 * of the same file made by the test itself, or pwrite(2): the door sees
 * both exactly as it sees a separate process's stores.  Residency is tested
 * with sparse files, whose holes are not in memory on ext4 and tmpfs alike
 * (posix_fadvise(DONTNEED) does nothing on tmpfs).  A shrink in the middle
 * of a sweep is made deterministic through door_sys: the fstat that
 * door_scan makes after the map asked mincore truncates the file and still
 * reports the old size, so the scan runs into pages that are gone.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "timeout.h"
#include "changemap.h"
#include "door.h"
#include "door_sys.h"
#include "testutil.h"

#define PAGE		64
#define FILE_SIZE	8192
#define NPAGES		(FILE_SIZE / PAGE)

/* The file, its door and the other process's mapping (testutil.h). */
static struct tu_shared	 fx;

/* A fresh 8 KiB file, the door on it and a second mapping. */
static void
setup(void)
{
	tu_shared_open(&fx, "changemap", FILE_SIZE, 11);
}

/* Undo setup(). */
static void
teardown(void)
{
	tu_shared_close(&fx);
}

/* The stamp of page I alone. */
static uint32_t
stamp_of(const struct changemap *m, size_t i)
{
	return changemap_latest(m, (uint64_t)i * PAGE, PAGE);
}

/* Assert that exactly the pages in WANT[0..n) carry stamp AT, others 0. */
static void
assert_stamps(const struct changemap *m, const size_t *want, size_t n,
    uint32_t at)
{
	for (size_t i = 0; i < changemap_pages(m); i++) {
		uint32_t	expect = 0;

		for (size_t k = 0; k < n; k++)
			if (want[k] == i)
				expect = at;
		ck_assert_msg(stamp_of(m, i) == expect, "page %zu: stamp %u, "
		    "want %u", i, stamp_of(m, i), expect);
	}
}

/* Flip one byte of page I through the other mapping. */
static void
poke_page(size_t i, size_t within)
{
	fx.other[i * PAGE + within] ^= 0xa5;
}

/* A map with every page of the fixture hashed once, at 10 ms. */
static struct changemap *
swept_map(void)
{
	struct changemap	*m = changemap_new(PAGE);

	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 10), FILE_SIZE);
	return m;
}

/* ------------------------------------------------------------------------ */

START_TEST(first_sweep_stamps_nothing)
{
	struct changemap	*m = changemap_new(PAGE);
	uint64_t		 off;

	ck_assert_uint_eq(changemap_pages(m), 0);
	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 10), FILE_SIZE);
	ck_assert_uint_eq(changemap_pages(m), NPAGES);
	ck_assert_uint_eq(changemap_hashed(m), FILE_SIZE);
	ck_assert_uint_eq(changemap_latest(m, 0, FILE_SIZE), 0);
	ck_assert(!changemap_next(m, 0, false, 0, &off));
	/* Nothing changed: a second lap stamps nothing either. */
	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 20), FILE_SIZE);
	ck_assert_uint_eq(changemap_latest(m, 0, FILE_SIZE), 0);
	ck_assert_uint_eq(changemap_hashed(m), 2 * FILE_SIZE);
	changemap_free(m);
}
END_TEST

START_TEST(store_stamps_exactly_its_page)
{
	struct changemap	*m = swept_map();
	size_t			 want[] = { 37 };

	poke_page(37, 5);
	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 20), FILE_SIZE);
	assert_stamps(m, want, 1, 20);
	/* A later lap without changes keeps the stamp. */
	changemap_sweep(m, fx.d, SIZE_MAX, 30);
	assert_stamps(m, want, 1, 20);
	/* A second change to the same page moves it. */
	poke_page(37, 63);
	changemap_sweep(m, fx.d, SIZE_MAX, 40);
	assert_stamps(m, want, 1, 40);
	changemap_free(m);
}
END_TEST

START_TEST(store_on_a_page_boundary)
{
	struct changemap	*m = swept_map();
	size_t			 want[] = { 0, NPAGES - 1 };

	poke_page(0, 0);
	poke_page(NPAGES - 1, PAGE - 1);
	changemap_sweep(m, fx.d, SIZE_MAX, 20);
	assert_stamps(m, want, 2, 20);
	changemap_free(m);
}
END_TEST

START_TEST(pwrite_is_seen_too)
{
	struct changemap	*m = swept_map();
	size_t			 want[] = { 3, 4 };

	/* Two bytes straddling the boundary of pages 3 and 4. */
	ck_assert_int_eq(pwrite(fx.fd, "\x01\x02", 2, 4 * PAGE - 1), 2);
	changemap_sweep(m, fx.d, SIZE_MAX, 20);
	assert_stamps(m, want, 2, 20);
	changemap_free(m);
}
END_TEST

START_TEST(now_zero_still_stamps)
{
	struct changemap	*m = swept_map();

	poke_page(9, 1);
	changemap_sweep(m, fx.d, SIZE_MAX, 0);
	ck_assert_uint_eq(stamp_of(m, 9), 1);
	changemap_free(m);
}
END_TEST

START_TEST(latest_over_buckets)
{
	struct changemap	*m = swept_map();

	poke_page(3, 0);
	changemap_sweep(m, fx.d, SIZE_MAX, 20);
	poke_page(11, 0);
	changemap_sweep(m, fx.d, SIZE_MAX, 30);
	poke_page(10, 0);
	/* Clocks need not rise. */
	changemap_sweep(m, fx.d, SIZE_MAX, 25);
	/* Ten pages per bucket, as a strip of 13 rows would ask. */
	ck_assert_uint_eq(changemap_latest(m, 0, 10 * PAGE), 20);
	ck_assert_uint_eq(changemap_latest(m, 10 * PAGE, 10 * PAGE), 30);
	ck_assert_uint_eq(changemap_latest(m, 20 * PAGE, 10 * PAGE), 0);
	/* A bucket is every page it touches, aligned or not. */
	ck_assert_uint_eq(changemap_latest(m, 4 * PAGE - 1, 1), 20);
	ck_assert_uint_eq(changemap_latest(m, 4 * PAGE, 6 * PAGE), 0);
	ck_assert_uint_eq(changemap_latest(m, 4 * PAGE, 6 * PAGE + 1), 25);
	ck_assert_uint_eq(changemap_latest(m, 10 * PAGE + 63, 1), 25);
	/* Empty, past the end, and longer than the file. */
	ck_assert_uint_eq(changemap_latest(m, 3 * PAGE, 0), 0);
	ck_assert_uint_eq(changemap_latest(m, FILE_SIZE, 100), 0);
	ck_assert_uint_eq(changemap_latest(m, UINT64_MAX, UINT64_MAX), 0);
	ck_assert_uint_eq(changemap_latest(m, 0, UINT64_MAX), 30);
	ck_assert_uint_eq(changemap_latest(m, 2 * PAGE, UINT64_MAX), 30);
	/* Pages 0-63 share a summary: one page short of it is not all. */
	poke_page(63, 0);
	changemap_sweep(m, fx.d, SIZE_MAX, 35);
	ck_assert_uint_eq(changemap_latest(m, 0, 63 * PAGE), 30);
	ck_assert_uint_eq(changemap_latest(m, 0, 64 * PAGE), 35);
	ck_assert_uint_eq(changemap_latest(m, 0, UINT64_MAX), 35);
	/* The clock going back re-stamps the summary's largest page. */
	poke_page(63, 0);
	changemap_sweep(m, fx.d, SIZE_MAX, 12);
	ck_assert_uint_eq(changemap_latest(m, 0, 64 * PAGE), 30);
	ck_assert_uint_eq(changemap_latest(m, 0, UINT64_MAX), 30);
	changemap_free(m);
}
END_TEST

/* A small deterministic generator for the model test. */
static uint32_t
lcg(uint32_t *x)
{
	*x = *x * 1103515245u + 12345u;
	return *x >> 8;
}

START_TEST(latest_matches_a_page_by_page_model)
{
	enum { BIG = 64 * 1024, BIGPAGES = BIG / PAGE };
	static const uint32_t	 at[] = { 20, 40, 30, 50, 45, 60, 70, 65 };
	struct changemap	*m = changemap_new(PAGE);
	char			*bp = tu_pattern_file("changemap-model", BIG, 9);
	char			*cause = NULL;
	struct door		*bd = door_open(bp, 0, &cause);
	int			 bfd = open(bp, O_RDWR);
	unsigned char		*bm;
	uint32_t		 x = 1, want[BIGPAGES];
	size_t			 size = BIG;

	ck_assert_msg(bd != NULL, "%s", cause);
	bm = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_SHARED, bfd, 0);
	ck_assert(bm != MAP_FAILED);
	changemap_sweep(m, bd, SIZE_MAX, 10);
	/* Rounds of stores, clocks that sometimes go back, a shrink. */
	for (size_t r = 0; r < sizeof at / sizeof at[0]; r++) {
		if (r == 4) {
			size = 300 * PAGE + 17;		/* mid-block */
			ck_assert_int_eq(ftruncate(bfd, (off_t)size), 0);
		} else if (r == 6) {
			size = BIG;
			ck_assert_int_eq(ftruncate(bfd, BIG), 0);
		}
		for (int k = 0; k < 30; k++)
			bm[lcg(&x) % size] ^= 0x3c;
		changemap_sweep(m, bd, SIZE_MAX, at[r]);
		ck_assert_uint_eq(changemap_pages(m), (size + PAGE - 1) / PAGE);
		for (size_t i = 0; i < changemap_pages(m); i++)
			want[i] = stamp_of(m, i);
		for (int q = 0; q < 300; q++) {
			uint64_t	off = lcg(&x) % (size + 200);
			uint64_t	len = q % 7 == 0 ? UINT64_MAX :
					    lcg(&x) % (size / 2);
			uint32_t	best = 0;

			for (size_t i = off / PAGE; len != 0 &&
			    i < changemap_pages(m) &&
			    (len == UINT64_MAX || i * PAGE < off + len); i++)
				if (want[i] > best)
					best = want[i];
			ck_assert_msg(changemap_latest(m, off, len) == best,
			    "round %zu: [%llu, +%llu): %u, model %u", r,
			    (unsigned long long)off, (unsigned long long)len,
			    changemap_latest(m, off, len), best);
		}
	}
	munmap(bm, BIG);
	close(bfd);
	door_close(bd);
	changemap_free(m);
	free(bp);
}
END_TEST

/* Stamp pages 5-7 and 20 at 20 ms, pages 40-41 at 30 ms. */
static struct changemap *
three_regions(void)
{
	struct changemap	*m = swept_map();

	poke_page(5, 0);
	poke_page(6, 0);
	poke_page(7, 0);
	poke_page(20, 0);
	changemap_sweep(m, fx.d, SIZE_MAX, 20);
	poke_page(40, 0);
	poke_page(41, 0);
	changemap_sweep(m, fx.d, SIZE_MAX, 30);
	return m;
}

/* changemap_next() must find OFF (in pages) from FROM (in bytes). */
static void
assert_next(const struct changemap *m, uint64_t from, bool backward,
    uint32_t since, uint64_t page)
{
	uint64_t	off = UINT64_MAX;

	ck_assert_msg(changemap_next(m, from, backward, since, &off),
	    "nothing found from %llu", (unsigned long long)from);
	ck_assert_msg(off == page * PAGE, "from %llu %s: got %llu, want %llu",
	    (unsigned long long)from, backward ? "back" : "forward",
	    (unsigned long long)off, (unsigned long long)(page * PAGE));
}

START_TEST(next_across_regions_and_wrap)
{
	struct changemap	*m = three_regions();

	assert_next(m, 0, false, 0, 5);
	assert_next(m, 5 * PAGE, false, 0, 20);		/* from a start */
	assert_next(m, 6 * PAGE + 3, false, 0, 20);	/* from inside */
	assert_next(m, 5 * PAGE - 1, false, 0, 5);
	assert_next(m, 20 * PAGE, false, 0, 40);
	assert_next(m, 40 * PAGE, false, 0, 5);		/* wraps */
	assert_next(m, FILE_SIZE + 1000, false, 0, 5);	/* past the end */
	changemap_free(m);
}
END_TEST

START_TEST(previous_across_regions_and_wrap)
{
	struct changemap	*m = three_regions();

	assert_next(m, 40 * PAGE, true, 0, 20);		/* from a start */
	assert_next(m, 41 * PAGE, true, 0, 40);		/* from inside */
	assert_next(m, 40 * PAGE + 1, true, 0, 40);
	assert_next(m, 7 * PAGE, true, 0, 5);
	assert_next(m, 5 * PAGE, true, 0, 40);		/* wraps */
	assert_next(m, 0, true, 0, 40);			/* wraps */
	assert_next(m, UINT64_MAX, true, 0, 40);
	changemap_free(m);
}
END_TEST

START_TEST(next_respects_since)
{
	struct changemap	*m = three_regions();
	uint64_t		 off;

	assert_next(m, 0, false, 25, 40);
	assert_next(m, 40 * PAGE, false, 25, 40);	/* the only one */
	assert_next(m, 40 * PAGE, true, 25, 40);
	assert_next(m, 0, false, 30, 40);		/* "at or after" */
	ck_assert(!changemap_next(m, 0, false, 31, &off));
	ck_assert(!changemap_next(m, 0, true, 31, &off));
	/* Neighbours changed at different times split a region by SINCE. */
	poke_page(8, 0);
	changemap_sweep(m, fx.d, SIZE_MAX, 50);
	assert_next(m, 0, false, 0, 5);
	assert_next(m, 5 * PAGE, false, 0, 20);		/* 5-8 is one */
	assert_next(m, 0, false, 40, 8);
	changemap_free(m);
}
END_TEST

START_TEST(next_at_the_edges)
{
	struct changemap	*m = swept_map();

	poke_page(0, 0);
	poke_page(1, 0);
	poke_page(NPAGES - 1, 0);
	changemap_sweep(m, fx.d, SIZE_MAX, 20);
	assert_next(m, 0, false, 0, NPAGES - 1);
	assert_next(m, (NPAGES - 1) * PAGE, false, 0, 0);
	assert_next(m, 0, true, 0, NPAGES - 1);
	assert_next(m, PAGE, true, 0, 0);
	assert_next(m, 2 * PAGE, true, 0, 0);
	assert_next(m, FILE_SIZE, true, 0, NPAGES - 1);
	changemap_free(m);
}
END_TEST

START_TEST(budget_slices_equal_one_big_sweep)
{
	struct changemap	*big = changemap_new(PAGE);
	struct changemap	*sliced = changemap_new(PAGE);
	size_t			 total, calls;

	changemap_sweep(big, fx.d, SIZE_MAX, 10);
	/* A budget that is not a page multiple: whole pages, one over. */
	for (total = 0, calls = 0; total < FILE_SIZE; calls++) {
		size_t	n = changemap_sweep(sliced, fx.d, 100, 10);

		ck_assert_uint_gt(n, 0);
		ck_assert_uint_le(n, 100 + PAGE);
		total += n;
	}
	ck_assert_uint_eq(total, FILE_SIZE);	/* no page twice */
	ck_assert_uint_eq(changemap_latest(sliced, 0, FILE_SIZE), 0);

	poke_page(2, 0);
	poke_page(63, 7);
	poke_page(64, 0);
	poke_page(NPAGES - 1, 0);
	changemap_sweep(big, fx.d, SIZE_MAX, 20);
	for (total = 0; total < FILE_SIZE;)
		total += changemap_sweep(sliced, fx.d, 100, 20);
	ck_assert_uint_eq(total, FILE_SIZE);
	for (size_t i = 0; i < NPAGES; i++)
		ck_assert_msg(stamp_of(big, i) == stamp_of(sliced, i),
		    "page %zu: %u vs %u", i, stamp_of(big, i),
		    stamp_of(sliced, i));
	ck_assert_uint_eq(stamp_of(sliced, 63), 20);
	/* A zero budget does nothing; SIZE_MAX is exactly one lap. */
	ck_assert_uint_eq(changemap_sweep(sliced, fx.d, 0, 30), 0);
	ck_assert_uint_eq(changemap_sweep(sliced, fx.d, SIZE_MAX, 30),
	    FILE_SIZE);
	changemap_free(big);
	changemap_free(sliced);
}
END_TEST

START_TEST(slices_continue_and_wrap)
{
	struct changemap	*m = swept_map();

	/* Ten pages at a time from the cursor: 12 slices reach page 127. */
	for (int i = 0; i < 12; i++)
		ck_assert_uint_eq(changemap_sweep(m, fx.d, 10 * PAGE - 1, 20),
		    10 * PAGE);
	/* Pages 120-127 are next, then the sweep wraps to page 0. */
	poke_page(0, 0);
	poke_page(125, 0);
	ck_assert_uint_eq(changemap_sweep(m, fx.d, 10 * PAGE - 1, 30),
	    10 * PAGE);
	ck_assert_uint_eq(stamp_of(m, 125), 30);
	ck_assert_uint_eq(stamp_of(m, 0), 30);
	changemap_free(m);
}
END_TEST

START_TEST(growth_adds_pages_unstamped)
{
	struct changemap	*m = swept_map();
	unsigned char		 junk[300];
	size_t			 want[] = { NPAGES + 1 };

	memset(junk, 0x5a, sizeof junk);
	/* Grow by 300 bytes: four full pages and a partial one. */
	ck_assert_int_eq(pwrite(fx.fd, junk, 300, FILE_SIZE), 300);
	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 20),
	    FILE_SIZE + 300);
	ck_assert_uint_eq(changemap_pages(m), NPAGES + 5);
	ck_assert_uint_eq(changemap_latest(m, 0, UINT64_MAX), 0);
	/* A change in a new page is a change like any other. */
	ck_assert_int_eq(pwrite(fx.fd, "x", 1, FILE_SIZE + PAGE + 3), 1);
	changemap_sweep(m, fx.d, SIZE_MAX, 30);
	assert_stamps(m, want, 1, 30);
	/* The partial last page grows: seen afresh, not a change. */
	ck_assert_int_eq(pwrite(fx.fd, junk, 10, FILE_SIZE + 300), 10);
	changemap_sweep(m, fx.d, SIZE_MAX, 40);
	ck_assert_uint_eq(changemap_pages(m), NPAGES + 5);
	assert_stamps(m, want, 1, 30);
	/* ... and compared again from then on. */
	ck_assert_int_eq(pwrite(fx.fd, "y", 1, FILE_SIZE + 4 * PAGE), 1);
	changemap_sweep(m, fx.d, SIZE_MAX, 50);
	ck_assert_uint_eq(stamp_of(m, NPAGES + 4), 50);
	changemap_free(m);
}
END_TEST

START_TEST(shrink_drops_pages)
{
	struct changemap	*m = swept_map();
	uint64_t		 off;

	poke_page(100, 0);
	changemap_sweep(m, fx.d, SIZE_MAX, 20);
	ck_assert_uint_eq(stamp_of(m, 100), 20);
	/* Truncate to 50 pages and 10 bytes: page 100 is gone. */
	ck_assert_int_eq(ftruncate(fx.fd, 50 * PAGE + 10), 0);
	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 30),
	    50 * PAGE + 10);
	ck_assert_uint_eq(changemap_pages(m), 51);
	ck_assert_uint_eq(changemap_latest(m, 0, UINT64_MAX), 0);
	ck_assert(!changemap_next(m, 0, false, 0, &off));
	/* Regrown pages come back without a past. */
	ck_assert_int_eq(ftruncate(fx.fd, FILE_SIZE), 0);
	changemap_sweep(m, fx.d, SIZE_MAX, 40);
	ck_assert_uint_eq(changemap_pages(m), NPAGES);
	ck_assert_uint_eq(changemap_latest(m, 0, UINT64_MAX), 0);
	poke_page(100, 1);
	changemap_sweep(m, fx.d, SIZE_MAX, 50);
	ck_assert_uint_eq(stamp_of(m, 100), 50);
	changemap_free(m);
}
END_TEST

START_TEST(shrink_inside_a_summary_block)
{
	struct changemap	*m = swept_map();

	/* Pages 64-127 share one summary: drop page 100 but keep 64-79. */
	poke_page(100, 0);
	changemap_sweep(m, fx.d, SIZE_MAX, 20);
	ck_assert_int_eq(ftruncate(fx.fd, 80 * PAGE), 0);
	changemap_sweep(m, fx.d, SIZE_MAX, 30);
	ck_assert_uint_eq(changemap_latest(m, 0, UINT64_MAX), 0);
	ck_assert_int_eq(ftruncate(fx.fd, FILE_SIZE), 0);
	changemap_sweep(m, fx.d, SIZE_MAX, 40);
	ck_assert_uint_eq(changemap_latest(m, 64 * PAGE, 64 * PAGE), 0);
	ck_assert_uint_eq(changemap_latest(m, 0, UINT64_MAX), 0);
	changemap_free(m);
}
END_TEST

START_TEST(shrink_mid_sweep_does_not_crash)
{
	struct changemap	*m = changemap_new(PAGE);
	char			*big = tu_pattern_file("changemap-big", 65536, 3);
	char			*cause = NULL;
	struct door		*bd = door_open(big, 0, &cause);
	size_t			 n;

	ck_assert_msg(bd != NULL, "%s", cause);
	ck_assert_uint_eq(changemap_sweep(m, bd, SIZE_MAX, 10), 65536);
	/*
	 * Call 1 is the sweep's own refresh, then mincore says every page is
	 * resident; call 2 is door_scan's refresh: the file shrinks to 8 KiB
	 * there but the scan still believes 64 KiB, so it faults at 8 KiB.
	 */
	tu_shrink_on_fstat(2, 8192, 65536);
	n = changemap_sweep(m, bd, SIZE_MAX, 20);
	door_sys_reset();
	ck_assert_int_ge(tu_shrink_calls(), 3);		/* the fault refreshed */
	ck_assert_uint_eq(n, 8192);
	ck_assert_uint_eq(changemap_pages(m), 8192 / PAGE);
	ck_assert_uint_eq(changemap_latest(m, 0, UINT64_MAX), 0);
	/* The map goes on working on what is left. */
	ck_assert_uint_eq(changemap_sweep(m, bd, SIZE_MAX, 30), 8192);
	changemap_free(m);
	door_close(bd);
	free(big);
}
END_TEST

/* A door on a sparse file of SIZE bytes (holes only); its path in *P. */
static struct door *
sparse_door(uint64_t size, char **p, int *sfd)
{
	char		*cause = NULL;
	struct door	*sd;

	*p = tu_path("changemap-sparse");
	*sfd = open(*p, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ne(*sfd, -1);
	ck_assert_int_eq(ftruncate(*sfd, (off_t)size), 0);
	sd = door_open(*p, 0, &cause);
	ck_assert_msg(sd != NULL, "%s", cause);
	return sd;
}

START_TEST(holes_are_not_read_but_known)
{
	struct changemap	*m = changemap_new(0);
	size_t			 ps = (size_t)sysconf(_SC_PAGESIZE);
	uint64_t		 size = (64u << 20) + 100;
	struct door		*sd;
	char			*p;
	int			 sfd;

	sd = sparse_door(size, &p, &sfd);
	ck_assert_uint_eq(changemap_page(m), ps);
	/* 64 MiB of holes: nothing is in memory, nothing is read. */
	ck_assert_uint_eq(changemap_sweep(m, sd, SIZE_MAX, 10), 0);
	ck_assert_uint_eq(changemap_pages(m), size / ps + 1);
	/* Filling a hole (and the short last page) is a change... */
	ck_assert_int_eq(pwrite(sfd, "a", 1, 5 * ps + 7), 1);
	ck_assert_int_eq(pwrite(sfd, "z", 1, size - 1), 1);
	ck_assert_uint_eq(changemap_sweep(m, sd, SIZE_MAX, 20), ps + 100);
	ck_assert_uint_eq(changemap_latest(m, 5 * ps, ps), 20);
	ck_assert_uint_eq(changemap_latest(m, size - 1, 1), 20);
	ck_assert_uint_eq(changemap_latest(m, 0, 5 * ps), 0);
	ck_assert_uint_eq(changemap_latest(m, 6 * ps, size - 100 - 6 * ps),
	    0);
	/* ... and so is writing it again; storing zeros into it is not. */
	ck_assert_int_eq(pwrite(sfd, "b", 1, 5 * ps + 7), 1);
	ck_assert_int_eq(pwrite(sfd, "\0", 1, 9 * ps), 1);
	ck_assert_uint_eq(changemap_sweep(m, sd, SIZE_MAX, 30), 2 * ps + 100);
	ck_assert_uint_eq(changemap_latest(m, 5 * ps, ps), 30);
	ck_assert_uint_eq(changemap_latest(m, 9 * ps, ps), 0);
	changemap_free(m);
	door_close(sd);
	close(sfd);
	free(p);
}
END_TEST

START_TEST(skipped_pages_cost_less_budget)
{
	struct changemap	*m = changemap_new(0);
	size_t			 ps = (size_t)sysconf(_SC_PAGESIZE);
	struct door		*sd;
	char			*p;
	int			 sfd;

	/* 64 holes then one resident page: 64 skips cost 4 pages' worth. */
	sd = sparse_door(65 * (uint64_t)ps, &p, &sfd);
	ck_assert_int_eq(pwrite(sfd, "a", 1, 64 * ps), 1);
	ck_assert_uint_eq(changemap_sweep(m, sd, 5 * ps, 10), ps);
	/* A budget of 3 pages stops in the holes. */
	ck_assert_uint_eq(changemap_sweep(m, sd, 3 * ps, 10), 0);
	changemap_free(m);
	door_close(sd);
	close(sfd);
	free(p);
}
END_TEST

START_TEST(cold_pages_are_not_read)
{
	struct changemap	*m = changemap_new(0);
	size_t			 ps = (size_t)sysconf(_SC_PAGESIZE);
	size_t			 npg = 64, resident = 0;
	unsigned char		 vec[64], after[64];
	char			*cp = tu_pattern_file("changemap-cold", 64 * ps, 5);
	char			*cause = NULL;
	struct door		*cd;
	int			 cfd = open(cp, O_RDONLY);

	/*
	 * Drop the file from the page cache where the file system lets us
	 * (not tmpfs, whose pages are the file): the sweep must hash
	 * exactly the pages still resident and bring none of the others
	 * back.  On tmpfs every page stays resident and is hashed.
	 */
	ck_assert_int_eq(fdatasync(cfd), 0);
	posix_fadvise(cfd, 0, 0, POSIX_FADV_DONTNEED);
	cd = door_open(cp, DOOR_RDONLY, &cause);
	ck_assert_msg(cd != NULL, "%s", cause);
	ck_assert_int_eq(door_resident(cd, 0, npg * ps, vec), 0);
	for (size_t i = 0; i < npg; i++)
		resident += vec[i] & DOOR_RESIDENT;
	ck_assert_uint_eq(changemap_sweep(m, cd, SIZE_MAX, 10),
	    resident * ps);
	ck_assert_int_eq(door_resident(cd, 0, npg * ps, after), 0);
	for (size_t i = 0; i < npg; i++)
		ck_assert_msg((after[i] & DOOR_RESIDENT) <=
		    (vec[i] & DOOR_RESIDENT), "page %zu was read in", i);
	changemap_free(m);
	door_close(cd);
	close(cfd);
	free(cp);
}
END_TEST

START_TEST(resident_vector)
{
	size_t			 ps = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char		 vec[8];
	struct door		*sd;
	char			*p;
	int			 sfd;

	sd = sparse_door(4 * (uint64_t)ps + 10, &p, &sfd);
	ck_assert_int_eq(pwrite(sfd, "a", 1, 2 * ps), 1);
	memset(vec, 0xee, sizeof vec);
	ck_assert_int_eq(door_resident(sd, 0, 4 * ps + 10, vec), 0);
	for (int i = 0; i < 5; i++)
		ck_assert_msg(vec[i] == (i == 2 ? DOOR_RESIDENT : DOOR_HOLE),
		    "page %d: %#x", i, vec[i]);
	ck_assert_uint_eq(vec[5], 0xee);	/* exactly 5 entries */
	/* Unaligned start: vec[0] is the page holding OFF. */
	memset(vec, 0xee, sizeof vec);
	ck_assert_int_eq(door_resident(sd, 2 * ps + 100, ps, vec), 0);
	ck_assert_uint_eq(vec[0], DOOR_RESIDENT);
	ck_assert_uint_eq(vec[1], DOOR_HOLE);
	ck_assert_uint_eq(vec[2], 0xee);
	/* Past the size: not resident, and no error. */
	memset(vec, 0xee, sizeof vec);
	ck_assert_int_eq(door_resident(sd, 8 * ps, 2 * ps, vec), 0);
	ck_assert_uint_eq(vec[0], 0);
	ck_assert_uint_eq(vec[1], 0);
	ck_assert_uint_eq(vec[2], 0xee);
	door_close(sd);
	close(sfd);
	free(p);
}
END_TEST

START_TEST(forget_hides_our_own_store)
{
	struct changemap	*m = swept_map();
	char			*cause = NULL;
	size_t			 want[] = { 50 };

	/* Our store into page 30 (forgotten) and theirs into page 50. */
	ck_assert_msg(door_store_bytes(fx.d, 30 * PAGE + 1, "ours", 4,
	    &cause).why == DOOR_PUT_DONE, "%s", cause);
	changemap_forget(m, 30 * PAGE + 1, 4);
	poke_page(50, 0);
	changemap_sweep(m, fx.d, SIZE_MAX, 20);
	assert_stamps(m, want, 1, 20);
	/* Forgotten pages are compared again after the next visit. */
	poke_page(30, 9);
	changemap_sweep(m, fx.d, SIZE_MAX, 30);
	ck_assert_uint_eq(stamp_of(m, 30), 30);
	/* Out of range or empty: nothing happens. */
	changemap_forget(m, FILE_SIZE, 10);
	changemap_forget(m, 0, 0);
	changemap_forget(m, 10, UINT64_MAX);
	changemap_free(m);
}
END_TEST

START_TEST(budget_from_cpu_share)
{
	struct changemap	*m = changemap_new(PAGE);
	size_t			 b = changemap_budget(m, 0.05, 10);

	/* Before any sweep: the conservative guess of 1 GB/s. */
	ck_assert_uint_eq(b, 500000);
	ck_assert_uint_eq(changemap_budget(m, 0.10, 10), 2 * b);
	ck_assert_uint_eq(changemap_budget(m, 0.05, 20), 2 * b);
	ck_assert_uint_eq(changemap_budget(m, 0, 10), 0);
	ck_assert_uint_eq(changemap_budget(m, 0.05, 0), PAGE);
	ck_assert(changemap_rate(m) == 0);
	changemap_free(m);
}
END_TEST

START_TEST(empty_file)
{
	struct changemap	*m = changemap_new(PAGE);
	char			*p = tu_file("changemap-empty", "", 0);
	char			*cause = NULL;
	struct door		*ed = door_open(p, 0, &cause);
	uint64_t		 off;
	int			 efd;

	ck_assert_msg(ed != NULL, "%s", cause);
	ck_assert_uint_eq(changemap_sweep(m, ed, SIZE_MAX, 10), 0);
	ck_assert_uint_eq(changemap_pages(m), 0);
	ck_assert_uint_eq(changemap_latest(m, 0, UINT64_MAX), 0);
	ck_assert(!changemap_next(m, 0, false, 0, &off));
	ck_assert(!changemap_next(m, 0, true, 0, &off));
	efd = open(p, O_RDWR);
	ck_assert_int_eq(pwrite(efd, "hello", 5, 0), 5);
	ck_assert_uint_eq(changemap_sweep(m, ed, SIZE_MAX, 20), 5);
	ck_assert_uint_eq(changemap_pages(m), 1);
	close(efd);
	door_close(ed);
	changemap_free(m);
	free(p);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Memory: what a sweep leaves in our resident set and in the file.         */

/* Our file-backed resident set, kB: RssFile + RssShmem (tmpfs counts there). */
static long
rss_file_kb(void)
{
	FILE	*f = fopen("/proc/self/status", "r");
	char	 line[256];
	long	 kb = 0;

	ck_assert(f != NULL);
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, "RssFile:", 8) == 0 ||
		    strncmp(line, "RssShmem:", 9) == 0)
			kb += strtol(strchr(line, ':') + 1, NULL, 10);
	fclose(f);
	return kb;
}

/*
 * Sweep a 64 MiB file in the page cache whole with pages of PAGE bytes;
 * the growth of our file-backed resident set, kB.
 */
static long
rss_growth_of_a_sweep(size_t page)
{
	uint64_t		 size = (uint64_t)64 << 20;
	char			*rp = tu_pattern_file("changemap-rss", size, 9);
	char			*cause = NULL;
	struct door		*rd = door_open(rp, DOOR_RDONLY, &cause);
	struct changemap	*m = changemap_new(page);
	long			 before, grown;

	ck_assert_msg(rd != NULL, "%s", cause);
	/* Just written: every page is in the page cache, so all are hashed. */
	before = rss_file_kb();
	ck_assert_uint_eq(changemap_sweep(m, rd, SIZE_MAX, 10), size);
	ck_assert_uint_eq(changemap_sweep(m, rd, SIZE_MAX, 20), size);
	/* Measured with the door open: closing it unmaps everything. */
	grown = rss_file_kb() - before;
	changemap_free(m);
	door_close(rd);
	unlink(rp);
	free(rp);
	return grown;
}

START_TEST(dense_sweep_maps_nothing)
{
	/* 4 KiB pages: hashed from a pread copy, nothing mapped. */
	long	grown = rss_growth_of_a_sweep(0);

	ck_assert_msg(grown < 8 * 1024, "RssFile grew %ld kB sweeping 64 MiB",
	    grown);
}
END_TEST

START_TEST(big_pages_are_dropped_after_hashing)
{
	/* 2 MiB pages: hashed in place, then door_drop gives them back. */
	long	grown = rss_growth_of_a_sweep((size_t)2 << 20);

	ck_assert_msg(grown < 8 * 1024, "RssFile grew %ld kB sweeping 64 MiB",
	    grown);
}
END_TEST

START_TEST(sparse_sweep_leaves_holes_holes)
{
	struct changemap	*m = changemap_new(0);
	size_t			 ps = (size_t)sysconf(_SC_PAGESIZE);
	uint64_t		 size = (uint64_t)64 << 20;
	struct door		*sd;
	struct stat		 st0, st1;
	char			*p;
	int			 sfd;

	/* Data at 1 MiB and 40 MiB, holes everywhere else. */
	sd = sparse_door(size, &p, &sfd);
	ck_assert_int_eq(pwrite(sfd, "data", 4, 1 << 20), 4);
	ck_assert_int_eq(pwrite(sfd, "more", 4, 40 << 20), 4);
	ck_assert_int_eq(fstat(sfd, &st0), 0);
	ck_assert_uint_eq(changemap_sweep(m, sd, SIZE_MAX, 10), 2 * ps);
	/* Twice, and with big pages (in place, then dropped) too. */
	ck_assert_uint_eq(changemap_sweep(m, sd, SIZE_MAX, 20), 2 * ps);
	changemap_free(m);
	m = changemap_new((size_t)2 << 20);
	changemap_sweep(m, sd, SIZE_MAX, 30);
	ck_assert_int_eq(fstat(sfd, &st1), 0);
	ck_assert_int_eq(st1.st_blocks, st0.st_blocks);
	changemap_free(m);
	door_close(sd);
	close(sfd);
	free(p);
}
END_TEST

/*
 * The drop loses nothing: our own store through the door (a dirty entry
 * in our page tables) and another mapping's stores before and after it
 * are all seen by everyone, and the map sees the change made after.
 */
static void
drop_keeps_stores(size_t page)
{
	struct changemap	*m = changemap_new(page);
	unsigned char		 b[4];
	struct door_copy	 r;

	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 10), FILE_SIZE);
	fx.other[100] = 0x11;
	ck_assert_uint_eq(door_store(fx.d, 200, "\x22", 1, NULL).why,
	    DOOR_PUT_DONE);
	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 20), FILE_SIZE);
	ck_assert(door_drop(fx.d, 0, FILE_SIZE));
	/* After the drop: the file, the other mapping and the door agree. */
	ck_assert_int_eq(pread(fx.fd, b, 1, 100), 1);
	ck_assert_uint_eq(b[0], 0x11);
	ck_assert_int_eq(pread(fx.fd, b, 1, 200), 1);
	ck_assert_uint_eq(b[0], 0x22);
	ck_assert_uint_eq(fx.other[200], 0x22);
	r = door_read(fx.d, 100, b, 1);
	ck_assert_uint_eq(r.valid, 1);
	ck_assert_uint_eq(b[0], 0x11);
	/* A store by the other mapping after the drop is seen and mapped. */
	fx.other[300] = (unsigned char)(fx.other[300] ^ 0x5a);
	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 30), FILE_SIZE);
	ck_assert_uint_eq(changemap_latest(m, 300, 1), 30);
	ck_assert_uint_eq(door_store(fx.d, 301, "\x33", 1, NULL).why,
	    DOOR_PUT_DONE);
	ck_assert_uint_eq(fx.other[301], 0x33);
	/* Written back after the drop too: msync finds the dirty page. */
	ck_assert_int_ne(door_sync(fx.d, 0, FILE_SIZE, false, NULL),
	    DOOR_SYNC_ERROR);
	changemap_free(m);
}

START_TEST(drop_loses_no_store)
{
	drop_keeps_stores(PAGE);
}
END_TEST

START_TEST(drop_loses_no_store_in_place)
{
	/* A page over the copy limit: hashed in place and dropped. */
	drop_keeps_stores((size_t)2 << 20);
}
END_TEST

/* Run every case in fork mode (CK_ENV); failure exits non-zero. */
int
main(void)
{
	Suite	*s = suite_create("changemap");
	TCase	*tc = timeout_tcase("detect", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, first_sweep_stamps_nothing);
	tcase_add_test(tc, store_stamps_exactly_its_page);
	tcase_add_test(tc, store_on_a_page_boundary);
	tcase_add_test(tc, pwrite_is_seen_too);
	tcase_add_test(tc, now_zero_still_stamps);
	tcase_add_test(tc, forget_hides_our_own_store);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("query", TIMEOUT_UNIT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, latest_over_buckets);
	tcase_add_test(tc, latest_matches_a_page_by_page_model);
	tcase_add_test(tc, next_across_regions_and_wrap);
	tcase_add_test(tc, previous_across_regions_and_wrap);
	tcase_add_test(tc, next_respects_since);
	tcase_add_test(tc, next_at_the_edges);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("sweep", TIMEOUT_UNIT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, budget_slices_equal_one_big_sweep);
	tcase_add_test(tc, slices_continue_and_wrap);
	tcase_add_test(tc, growth_adds_pages_unstamped);
	tcase_add_test(tc, shrink_drops_pages);
	tcase_add_test(tc, shrink_inside_a_summary_block);
	tcase_add_test(tc, shrink_mid_sweep_does_not_crash);
	tcase_add_test(tc, budget_from_cpu_share);
	tcase_add_test(tc, empty_file);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("memory", TIMEOUT_UNIT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, dense_sweep_maps_nothing);
	tcase_add_test(tc, big_pages_are_dropped_after_hashing);
	tcase_add_test(tc, sparse_sweep_leaves_holes_holes);
	tcase_add_test(tc, drop_loses_no_store);
	tcase_add_test(tc, drop_loses_no_store_in_place);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("residency", TIMEOUT_UNIT);
	tcase_add_test(tc, holes_are_not_read_but_known);
	tcase_add_test(tc, cold_pages_are_not_read);
	tcase_add_test(tc, skipped_pages_cost_less_budget);
	tcase_add_test(tc, resident_vector);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
