/* SPDX-License-Identifier: ISC */
/*
 * check_changemap_keep.c - unit tests for the page map's kept pages, the
 * pages a sweep visited, hashing in place, and the session events that
 * carry kept bytes (what `livehex record` diffs instead of reading each
 * changed page a second time; issue 14).
 *
 * Pages are 64 bytes, so an 8 KiB file has 128 of them; the "other
 * process" is a second MAP_SHARED mapping made by the test.  A shrink in
 * the middle of an in-place sweep is made deterministic through door_sys,
 * as in check_changemap.c: the scan's own fstat truncates the file and
 * still reports the old size, so the scan faults on pages that are gone.
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
#include "changemap.h"
#include "door.h"
#include "door_sys.h"
#include "live.h"
#include "testutil.h"

#define PAGE		64
#define FILE_SIZE	8192

/* The file, its door and the other process's mapping (testutil.h). */
static struct tu_shared	 fx;

/* A fresh 8 KiB file, the door on it and a second mapping. */
static void
setup(void)
{
	tu_shared_open(&fx, "keep", FILE_SIZE, 13);
}

/* Undo setup(). */
static void
teardown(void)
{
	tu_shared_close(&fx);
}

/* A keeping map (in place when IN_PLACE) with every page hashed once. */
static struct changemap *
keeping_map(bool in_place)
{
	struct changemap	*m = changemap_new(PAGE);

	changemap_keep(m, true);
	changemap_in_place(m, in_place);
	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 10), FILE_SIZE);
	return m;
}

/* Assert the map kept exactly LEN bytes at OFF, equal to the file's. */
static void
assert_kept(const struct changemap *m, uint64_t off, size_t len)
{
	const unsigned char	*p;
	size_t			 n;

	p = changemap_kept(m, off, SIZE_MAX, &n);
	ck_assert_msg(p != NULL, "nothing kept at %llu",
	    (unsigned long long)off);
	ck_assert_uint_eq(n, len);
	ck_assert_msg(memcmp(p, fx.other + off, len) == 0, "kept bytes at %llu "
	    "are not the file's", (unsigned long long)off);
}

/* Assert the map kept nothing at OFF. */
static void
assert_not_kept(const struct changemap *m, uint64_t off)
{
	size_t	n = 99;

	ck_assert_msg(changemap_kept(m, off, SIZE_MAX, &n) == NULL,
	    "bytes kept at %llu", (unsigned long long)off);
	ck_assert_uint_eq(n, 0);
}

/* Kept bytes are the changed pages' new bytes, pages in a row in one. */
static void
kept_pages_case(bool in_place)
{
	struct changemap	*m = keeping_map(in_place);
	const unsigned char	*p;
	size_t			 n;

	/* The first lap changes nothing, so it keeps nothing. */
	assert_not_kept(m, 0);
	fx.other[3 * PAGE + 1] ^= 0x11;
	fx.other[4 * PAGE + 63] ^= 0x22;
	fx.other[5 * PAGE] ^= 0x33;
	fx.other[100 * PAGE + 7] ^= 0x44;
	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 20), FILE_SIZE);
	assert_kept(m, 3 * PAGE, 3 * PAGE);
	assert_kept(m, 4 * PAGE, 2 * PAGE);
	assert_kept(m, 100 * PAGE, PAGE);
	assert_not_kept(m, 6 * PAGE);
	assert_not_kept(m, 0);
	/* Only from a page's start, and never more than asked. */
	assert_not_kept(m, 3 * PAGE + 1);
	p = changemap_kept(m, 3 * PAGE, 10, &n);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(n, 10);
	/* The next sweep, with nothing new, forgets them. */
	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 30), FILE_SIZE);
	assert_not_kept(m, 3 * PAGE);
	changemap_free(m);
}

START_TEST(kept_bytes_are_the_new_bytes)
{
	kept_pages_case(false);
}
END_TEST

START_TEST(kept_bytes_are_the_new_bytes_in_place)
{
	kept_pages_case(true);
}
END_TEST

START_TEST(nothing_kept_unless_asked)
{
	struct changemap	*m = changemap_new(PAGE);

	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 10), FILE_SIZE);
	fx.other[3 * PAGE] ^= 0x11;
	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 20), FILE_SIZE);
	ck_assert_uint_eq(changemap_latest(m, 3 * PAGE, PAGE), 20);
	assert_not_kept(m, 3 * PAGE);
	/* Turned off again: what the last sweep kept is gone too. */
	changemap_keep(m, true);
	fx.other[3 * PAGE] ^= 0x11;
	ck_assert_uint_eq(changemap_sweep(m, fx.d, SIZE_MAX, 30), FILE_SIZE);
	assert_kept(m, 3 * PAGE, PAGE);
	changemap_keep(m, false);
	assert_not_kept(m, 3 * PAGE);
	changemap_free(m);
}
END_TEST

START_TEST(swept_and_kept_across_the_wrap)
{
	struct changemap	*m = keeping_map(false);
	size_t			 from, n;

	changemap_swept(m, &from, &n);
	ck_assert_uint_eq(from, 0);
	ck_assert_uint_eq(n, FILE_SIZE / PAGE);
	/* Twelve slices of ten pages: the cursor is at page 120. */
	for (int i = 0; i < 12; i++)
		ck_assert_uint_eq(changemap_sweep(m, fx.d, 10 * PAGE - 1, 20),
		    10 * PAGE);
	changemap_swept(m, &from, &n);
	ck_assert_uint_eq(from, 110);
	ck_assert_uint_eq(n, 10);
	fx.other[126 * PAGE] ^= 1;
	fx.other[127 * PAGE] ^= 1;
	fx.other[0] ^= 1;
	fx.other[PAGE] ^= 1;
	/* Pages 120-127, then 0 and 1: two runs, apart in the file. */
	ck_assert_uint_eq(changemap_sweep(m, fx.d, 10 * PAGE - 1, 30),
	    10 * PAGE);
	changemap_swept(m, &from, &n);
	ck_assert_uint_eq(from, 120);
	ck_assert_uint_eq(n, 10);
	assert_kept(m, 126 * PAGE, 2 * PAGE);
	assert_kept(m, 0, 2 * PAGE);
	assert_not_kept(m, 125 * PAGE);
	assert_not_kept(m, 2 * PAGE);
	changemap_free(m);
}
END_TEST

START_TEST(a_short_last_page_keeps_its_length)
{
	char			*cause = NULL;
	char			*sp = tu_pattern_file("keep-short", FILE_SIZE +
				    10, 7);
	struct door		*sd = door_open(sp, 0, &cause);
	struct changemap	*m = changemap_new(PAGE);
	const unsigned char	*p;
	unsigned char		 b = 0;
	size_t			 n;
	int			 sfd = open(sp, O_RDWR);

	ck_assert_msg(sd != NULL, "%s", cause);
	ck_assert_int_ne(sfd, -1);
	changemap_keep(m, true);
	ck_assert_uint_eq(changemap_sweep(m, sd, SIZE_MAX, 10),
	    FILE_SIZE + 10);
	ck_assert_int_eq(pread(sfd, &b, 1, FILE_SIZE + 9), 1);
	b ^= 0xff;
	ck_assert_int_eq(pwrite(sfd, &b, 1, FILE_SIZE + 9), 1);
	ck_assert_uint_eq(changemap_sweep(m, sd, SIZE_MAX, 20),
	    FILE_SIZE + 10);
	p = changemap_kept(m, FILE_SIZE, SIZE_MAX, &n);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(n, 10);
	ck_assert_uint_eq(p[9], b);
	changemap_free(m);
	door_close(sd);
	close(sfd);
	free(sp);
}
END_TEST

START_TEST(a_fault_in_place_keeps_only_whole_pages)
{
	struct changemap	*m = changemap_new(PAGE);
	char			*big = tu_pattern_file("keep-big", 65536, 3);
	char			*cause = NULL;
	struct door		*bd = door_open(big, 0, &cause);
	const unsigned char	*p;
	unsigned char		*w;
	size_t			 n;
	int			 bfd = open(big, O_RDWR);

	ck_assert_msg(bd != NULL, "%s", cause);
	ck_assert_int_ne(bfd, -1);
	changemap_keep(m, true);
	changemap_in_place(m, true);
	ck_assert_uint_eq(changemap_sweep(m, bd, SIZE_MAX, 10), 65536);
	w = mmap(NULL, 65536, PROT_READ | PROT_WRITE, MAP_SHARED, bfd, 0);
	ck_assert(w != MAP_FAILED);
	/* One change before the cut, one past it. */
	w[PAGE] ^= 1;
	w[9000] ^= 1;
	munmap(w, 65536);
	/* The scan's refresh shrinks the file to 8 KiB, as in check_changemap. */
	tu_shrink_on_fstat(2, 8192, 65536);
	n = changemap_sweep(m, bd, SIZE_MAX, 20);
	door_sys_reset();
	ck_assert_uint_eq(n, 8192);
	p = changemap_kept(m, PAGE, SIZE_MAX, &n);
	ck_assert_ptr_nonnull(p);
	ck_assert_uint_eq(n, PAGE);
	/* Past the end nothing is kept, and nothing half-made. */
	ck_assert_ptr_null(changemap_kept(m, 9000 / PAGE * PAGE, SIZE_MAX,
	    &n));
	changemap_free(m);
	door_close(bd);
	close(bfd);
	free(big);
}
END_TEST

/* ---- the session's events ---------------------------------------------- */

/* What the session published: BYTES events, with a copy of their bytes. */
struct seen {
	uint64_t	off[16], len[16];
	bool		have_new[16];
	unsigned char	new[16][4 * PAGE];
	size_t		n;
};

/* live_fn: note a BYTES event. */
static void
seen_event(const struct live_event *ev, void *arg)
{
	struct seen	*s = arg;

	if (ev->kind != LIVE_BYTES || s->n == 16)
		return;
	s->off[s->n] = ev->off;
	s->len[s->n] = ev->len;
	s->have_new[s->n] = ev->new != NULL;
	ck_assert_ptr_null(ev->old);
	if (ev->new != NULL && ev->len <= sizeof s->new[0])
		memcpy(s->new[s->n], ev->new, (size_t)ev->len);
	s->n++;
}

/*
 * Sweep a session over the fixture with FLAGS after stores; into *S.
 * REOPEN: reopen the session (a new door and page map) before the
 * stores.
 */
static void
session_case(unsigned flags, bool reopen, struct seen *s)
{
	char		*cause = NULL;
	struct live	*l = live_open(fx.path, 0, NULL, NULL, &cause);

	ck_assert_msg(l != NULL, "%s", cause);
	memset(s, 0, sizeof *s);
	live_subscribe(l, seen_event, s);
	ck_assert_ptr_nonnull(live_pages(l, PAGE));
	live_pages_flags(l, flags);
	live_sweep(l, SIZE_MAX, 1000);
	ck_assert_uint_eq(s->n, 0);
	if (reopen) {
		ck_assert_msg(live_reopen(l, 0, &cause) == 0, "%s", cause);
		live_sweep(l, SIZE_MAX, 1500);
		ck_assert_uint_eq(s->n, 0);
	}
	fx.other[2 * PAGE + 5] ^= 0x5a;
	fx.other[3 * PAGE + 6] ^= 0x5a;
	fx.other[50 * PAGE] ^= 0x5a;
	live_sweep(l, SIZE_MAX, 2000);
	live_close(l);
}

START_TEST(session_events_carry_kept_bytes)
{
	struct seen	s;

	session_case(LIVE_PAGES_KEEP | LIVE_PAGES_IN_PLACE, _i == 1, &s);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_uint_eq(s.off[0], 2 * PAGE);
	ck_assert_uint_eq(s.len[0], 2 * PAGE);
	ck_assert(s.have_new[0]);
	ck_assert(memcmp(s.new[0], fx.other + 2 * PAGE, 2 * PAGE) == 0);
	ck_assert_uint_eq(s.off[1], 50 * PAGE);
	ck_assert_uint_eq(s.len[1], PAGE);
	ck_assert(s.have_new[1]);
	ck_assert(memcmp(s.new[1], fx.other + 50 * PAGE, PAGE) == 0);
}
END_TEST

START_TEST(session_events_without_keep_have_no_bytes)
{
	struct seen	s;

	session_case(0, false, &s);
	ck_assert_uint_eq(s.n, 2);
	ck_assert_uint_eq(s.off[0], 2 * PAGE);
	ck_assert_uint_eq(s.len[0], 2 * PAGE);
	ck_assert(!s.have_new[0] && !s.have_new[1]);
	ck_assert_uint_eq(s.off[1], 50 * PAGE);
}
END_TEST

/* Run every case in fork mode (CK_ENV); failure exits non-zero. */
int
main(void)
{
	Suite	*s = suite_create("changemap_keep");
	TCase	*tc = timeout_tcase("keep", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, kept_bytes_are_the_new_bytes);
	tcase_add_test(tc, kept_bytes_are_the_new_bytes_in_place);
	tcase_add_test(tc, nothing_kept_unless_asked);
	tcase_add_test(tc, swept_and_kept_across_the_wrap);
	tcase_add_test(tc, a_short_last_page_keeps_its_length);
	tcase_add_test(tc, a_fault_in_place_keeps_only_whole_pages);
	/* 1: across a reopen, which makes a new page map (live_pages). */
	tcase_add_loop_test(tc, session_events_carry_kept_bytes, 0, 2);
	tcase_add_test(tc, session_events_without_keep_have_no_bytes);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
