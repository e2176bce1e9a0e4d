/* SPDX-License-Identifier: ISC */
/*
 * check_changelog.c - unit tests for the change log ring (changelog.h).
 *
 * A model test adds thousands of random changes (sizes from none to
 * bigger than the ring) to small rings and checks after every one that
 * the log holds exactly the newest ones, newest first, with their bytes
 * (cut where an entry is too big), that held + dropped = added, and that
 * the ring never holds more than its size.  Then the log on a real
 * session: a pwrite into the file shows up as an entry with the old and
 * the new bytes, and a size change as one.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "changelog.h"
#include "door.h"
#include "live.h"
#include "testutil.h"
#include "timeout.h"

/* What the test added, to compare with. */
struct added {
	struct live_event	 ev;
	uint8_t			*old, *new;
};

/* A random event numbered I. */
static void
random_event(struct added *a, uint64_t i, size_t ring)
{
	size_t	len;

	memset(a, 0, sizeof *a);
	a->ev.at_ms = i + 1;
	a->ev.off = (uint64_t)random() % 100000;
	switch (random() % 10) {
	case 0:
		a->ev.kind = LIVE_SIZE;
		a->ev.old_size = i;
		a->ev.new_size = i + 7;
		return;
	case 1:
		/* From the page map: a range, no bytes. */
		a->ev.kind = LIVE_BYTES;
		a->ev.source = LIVE_FROM_PAGES;
		a->ev.len = 4096;
		return;
	case 2:
		len = ring / 2 + (size_t)random() % ring;	/* cut */
		break;
	default:
		len = 1 + (size_t)random() % 40;
		break;
	}
	a->ev.kind = random() % 2 ? LIVE_BYTES : LIVE_STORE;
	a->ev.source = LIVE_FROM_WINDOW;
	a->ev.len = len;
	a->old = malloc(len);
	a->new = malloc(len);
	for (size_t j = 0; j < len; j++) {
		a->old[j] = (uint8_t)random();
		a->new[j] = (uint8_t)(a->old[j] + 1 + i);
	}
	a->ev.old = a->old;
	a->ev.new = a->new;
}

/* Assert that entry E is what A added. */
static void
assert_entry(const struct changelog_entry *e, const struct added *a)
{
	ck_assert_int_eq(e->kind, a->ev.kind);
	ck_assert_int_eq(e->source, a->ev.source);
	ck_assert_uint_eq(e->at_ms, a->ev.at_ms);
	if (a->ev.kind == LIVE_SIZE) {
		ck_assert_uint_eq(e->old_size, a->ev.old_size);
		ck_assert_uint_eq(e->new_size, a->ev.new_size);
		return;
	}
	ck_assert_uint_eq(e->off, a->ev.off);
	ck_assert_uint_eq(e->len, a->ev.len);
	if (a->old == NULL) {
		ck_assert_ptr_null(e->old);
		ck_assert_ptr_null(e->new);
		return;
	}
	ck_assert_uint_le(e->kept, a->ev.len);
	ck_assert_uint_gt(e->kept, 0);
	ck_assert(memcmp(e->old, a->old, e->kept) == 0);
	ck_assert(memcmp(e->new, a->new, e->kept) == 0);
}

START_TEST(the_ring_holds_the_newest)
{
	size_t			 ring = (size_t)4096 << _i, n = 3000;
	struct changelog	*c = changelog_new(ring);
	struct added		*a = calloc(n, sizeof *a);
	struct changelog_entry	 e;
	uint64_t		 cut = 0;

	srandom(77 + (unsigned)_i);
	ck_assert_uint_eq(changelog_capacity(c), ring);
	for (size_t i = 0; i < n; i++) {
		random_event(&a[i], i, ring);
		changelog_add(c, &a[i].ev);
		ck_assert_uint_eq(changelog_count(c) + changelog_dropped(c),
		    i + 1);
		ck_assert_uint_le(changelog_used(c), ring);
		ck_assert_uint_ge(changelog_count(c), 1);
		/* Newest first, every one held, with no gap. */
		for (size_t k = 0; k < changelog_count(c); k++) {
			ck_assert(changelog_get(c, k, &e));
			assert_entry(&e, &a[i - k]);
			if (k == 0 && e.kept < e.len)
				cut++;
		}
		ck_assert(!changelog_get(c, changelog_count(c), &e));
	}
	ck_assert_uint_gt(changelog_dropped(c), 0);
	ck_assert_uint_gt(cut, 0);
	/* The ring is used well: more than half of it holds entries. */
	ck_assert_uint_gt(changelog_used(c), ring / 2);
	changelog_clear(c);
	ck_assert_uint_eq(changelog_count(c), 0);
	ck_assert(!changelog_get(c, 0, &e));
	for (size_t i = 0; i < n; i++) {
		free(a[i].old);
		free(a[i].new);
	}
	free(a);
	changelog_free(c);
}
END_TEST

START_TEST(default_and_minimum_sizes)
{
	struct changelog	*c = changelog_new(0);

	ck_assert_uint_eq(changelog_capacity(c), CHANGELOG_DEFAULT);
	changelog_free(c);
	c = changelog_new(10);
	ck_assert_uint_eq(changelog_capacity(c), CHANGELOG_MIN);
	changelog_free(c);
}
END_TEST

START_TEST(a_session_fills_the_log)
{
	unsigned char		 zero[4096] = { 0 }, b[4] = { 1, 2, 3, 4 };
	char			*path = tu_file("f", zero, sizeof zero),
				*cause = NULL;
	struct live		*l;
	struct changelog	*c = changelog_new(0);
	struct changelog_entry	 e;
	int			 fd;

	l = live_open(path, DOOR_RDONLY, NULL, NULL, &cause);
	ck_assert_msg(l != NULL, "%s", cause);
	live_window_new(l, 0, sizeof zero, 0, 0);
	changelog_attach(c, l);
	ck_assert_uint_eq(changelog_count(c), 0);
	fd = open(path, O_WRONLY);
	ck_assert_int_eq(pwrite(fd, b, 4, 100), 4);
	ck_assert_int_eq(live_tick(l, live_now(l), &cause), 0);
	ck_assert_uint_eq(changelog_count(c), 1);
	ck_assert(changelog_get(c, 0, &e));
	ck_assert_int_eq(e.kind, LIVE_BYTES);
	ck_assert_uint_eq(e.off, 100);
	ck_assert_uint_eq(e.len, 4);
	ck_assert(memcmp(e.old, zero, 4) == 0);
	ck_assert(memcmp(e.new, b, 4) == 0);
	ck_assert_int_eq(ftruncate(fd, 8192), 0);
	ck_assert_int_eq(live_tick(l, live_now(l), &cause), 0);
	ck_assert(changelog_get(c, 0, &e));
	ck_assert_int_eq(e.kind, LIVE_SIZE);
	ck_assert_uint_eq(e.old_size, 4096);
	ck_assert_uint_eq(e.new_size, 8192);
	/* Detached: nothing more. */
	changelog_detach(c);
	ck_assert_int_eq(pwrite(fd, b, 4, 200), 4);
	ck_assert_int_eq(live_tick(l, live_now(l), &cause), 0);
	ck_assert_uint_eq(changelog_count(c), 2);
	close(fd);
	changelog_free(c);
	live_close(l);
	free(path);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("changelog");
	TCase	*tc = timeout_tcase("changelog", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_loop_test(tc, the_ring_holds_the_newest, 0, 3);
	tcase_add_test(tc, default_and_minimum_sizes);
	tcase_add_test(tc, a_session_fills_the_log);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
