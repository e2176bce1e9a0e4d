/* SPDX-License-Identifier: ISC */
/*
 * check_snap.c - unit tests for window snapshots and change detection.
 *
 * The "other process" here is a second MAP_SHARED mapping of the same file
 * made by the test itself, or pwrite(2): the door sees both exactly as it
 * sees a separate process's stores (one shared page-cache page).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "timeout.h"
#include "door.h"
#include "door_sys.h"
#include "snap.h"
#include "testutil.h"

/* The file, its door and the other process's mapping (testutil.h). */
static struct tu_shared	 fx;

#define FILE_SIZE	8192

/* A fresh 8 KiB file, the door on it and a second mapping. */
static void
setup(void)
{
	tu_shared_open(&fx, "snap", FILE_SIZE, 7);
}

/* Undo setup(). */
static void
teardown(void)
{
	tu_shared_close(&fx);
}

/* pread that fails like a dying disk. */
static ssize_t
eio_pread(int f, void *b, size_t n, off_t o)
{
	(void)f; (void)b; (void)n; (void)o;
	errno = EIO;
	return -1;
}

START_TEST(a_failed_copy_is_an_error_not_the_end)
{
	struct snapper	*s = snapper_new();
	uint64_t	 at;

	snapper_tick(s, fx.d, 0, 256, 10, false);
	ck_assert_int_eq(snapper_error(s, NULL), 0);
	door_sys.pread = eio_pread;
	snapper_tick(s, fx.d, 256, 256, 20, false);
	door_sys_reset();
	ck_assert_int_eq(snapper_error(s, &at), EIO);
	ck_assert_uint_eq(at, 256);
	/* The size is what it was: the view must not think it shrank. */
	ck_assert_uint_eq(snapper_snap(s)->size, FILE_SIZE);
	snapper_tick(s, fx.d, 256, 256, 30, false);
	ck_assert_int_eq(snapper_error(s, NULL), 0);
	/* A window past the end is short, and that is no error. */
	snapper_tick(s, fx.d, FILE_SIZE - 10, 256, 40, false);
	ck_assert_uint_eq(snapper_snap(s)->len, 10);
	ck_assert_int_eq(snapper_error(s, NULL), 0);
	snapper_free(s);
}
END_TEST

START_TEST(first_tick_publishes_without_changes)
{
	struct snapper		*s = snapper_new();
	const struct snap	*sn;
	int			 bits;

	bits = snapper_tick(s, fx.d, 0, 256, 10, false);
	ck_assert_int_eq(bits, SNAP_PUBLISHED);
	sn = snapper_snap(s);
	ck_assert_uint_eq(sn->gen, 1);
	ck_assert_uint_eq(sn->len, 256);
	ck_assert_mem_eq(sn->bytes, fx.other, 256);
	for (size_t i = 0; i < 256; i++)
		ck_assert_uint_eq(sn->changed_ms[i], 0);
	/* Nothing changed: no new publication. */
	ck_assert_int_eq(snapper_tick(s, fx.d, 0, 256, 20, false), 0);
	ck_assert_uint_eq(snapper_snap(s)->gen, 1);
	snapper_free(s);
}
END_TEST

START_TEST(stores_are_stamped_exactly)
{
	struct snapper		*s = snapper_new();
	const struct snap	*sn;

	snapper_tick(s, fx.d, 0, 256, 10, false);
	fx.other[5] ^= 0xff;
	fx.other[6] ^= 0xff;
	fx.other[100] ^= 0x01;
	ck_assert_int_eq(snapper_tick(s, fx.d, 0, 256, 20, false),
	    SNAP_CHANGED | SNAP_PUBLISHED);
	sn = snapper_snap(s);
	ck_assert_uint_eq(sn->gen, 2);
	for (size_t i = 0; i < 256; i++)
		ck_assert_uint_eq(sn->changed_ms[i],
		    (i == 5 || i == 6 || i == 100) ? 20 : 0);
	ck_assert_uint_eq(sn->bytes[100], fx.other[100]);
	ck_assert_uint_eq(snapper_changes(s), 2);	/* two runs */
	ck_assert_uint_eq(snapper_last_change(s), 20);
	/* A later tick keeps the stamps. */
	snapper_tick(s, fx.d, 0, 256, 30, false);
	ck_assert_uint_eq(snapper_snap(s)->changed_ms[5], 20);
	snapper_free(s);
}
END_TEST

START_TEST(pwrite_is_seen_too)
{
	struct snapper	*s = snapper_new();

	snapper_tick(s, fx.d, 0, 256, 10, false);
	ck_assert_int_eq(pwrite(fx.fd, "ZZ", 2, 200), 2);
	ck_assert(snapper_tick(s, fx.d, 0, 256, 20, false) & SNAP_CHANGED);
	ck_assert_uint_eq(snapper_snap(s)->bytes[200], 'Z');
	ck_assert_uint_eq(snapper_snap(s)->changed_ms[201], 20);
	snapper_free(s);
}
END_TEST

/*
 * The publish after a change only ages "changed on the last tick": it is
 * marked AGED so the viewer draws it as housekeeping (issue 12), and a
 * real change is never marked so.
 */
START_TEST(aging_publish_is_marked_aged)
{
	struct snapper		*s = snapper_new();

	snapper_tick(s, fx.d, 0, 256, 10, false);
	fx.other[9] ^= 0xff;
	ck_assert_int_eq(snapper_tick(s, fx.d, 0, 256, 20, false),
	    SNAP_CHANGED | SNAP_PUBLISHED);
	ck_assert_uint_eq(snapper_snap(s)->at, 20);
	ck_assert_int_eq(snapper_tick(s, fx.d, 0, 256, 30, false),
	    SNAP_PUBLISHED | SNAP_AGED);
	ck_assert_uint_eq(snapper_snap(s)->at, 30);
	ck_assert_uint_eq(snapper_snap(s)->changed_ms[9], 20);
	ck_assert_int_eq(snapper_tick(s, fx.d, 0, 256, 40, false), 0);
	fx.other[9] ^= 0x0f;
	ck_assert_int_eq(snapper_tick(s, fx.d, 0, 256, 50, false),
	    SNAP_CHANGED | SNAP_PUBLISHED);
	snapper_free(s);
}
END_TEST

START_TEST(frozen_counts_but_does_not_publish)
{
	struct snapper		*s = snapper_new();
	unsigned char		 before;

	snapper_tick(s, fx.d, 0, 256, 10, false);
	before = snapper_snap(s)->bytes[7];
	fx.other[7] ^= 0x55;
	ck_assert_int_eq(snapper_tick(s, fx.d, 0, 256, 20, true), SNAP_CHANGED);
	ck_assert_uint_eq(snapper_snap(s)->gen, 1);
	ck_assert_uint_eq(snapper_snap(s)->bytes[7], before);
	ck_assert_uint_eq(snapper_changes(s), 1);
	ck_assert_int_eq(snapper_publish(s), SNAP_PUBLISHED);
	ck_assert_uint_eq(snapper_snap(s)->bytes[7], fx.other[7]);
	ck_assert_uint_eq(snapper_snap(s)->changed_ms[7], 20);
	snapper_free(s);
}
END_TEST

START_TEST(moving_window_carries_stamps)
{
	struct snapper		*s = snapper_new();
	const struct snap	*sn;

	snapper_tick(s, fx.d, 0, 256, 10, false);
	fx.other[200] ^= 0xff;
	snapper_tick(s, fx.d, 0, 256, 20, false);
	/* Scroll by 128: byte 200 is now index 72; new bytes have no stamp. */
	/* Outside the old window: not a "change". */
	fx.other[300] ^= 0xff;
	ck_assert_int_eq(snapper_tick(s, fx.d, 128, 256, 30, false),
	    SNAP_PUBLISHED);
	sn = snapper_snap(s);
	ck_assert_uint_eq(sn->off, 128);
	ck_assert_uint_eq(sn->changed_ms[72], 20);
	ck_assert_uint_eq(sn->changed_ms[300 - 128], 0);
	snapper_free(s);
}
END_TEST

START_TEST(shrink_and_growth)
{
	struct snapper		*s = snapper_new();
	const struct snap	*sn;
	unsigned char		 b = 0x77;

	snapper_tick(s, fx.d, FILE_SIZE - 256, 512, 10, false);
	ck_assert_uint_eq(snapper_snap(s)->len, 256);
	ck_assert_int_eq(ftruncate(fx.fd, FILE_SIZE - 100), 0);
	ck_assert(snapper_tick(s, fx.d, FILE_SIZE - 256, 512, 20, false) &
	    SNAP_SHRANK);
	ck_assert_uint_eq(snapper_snap(s)->len, 156);
	/* Someone appends 150 bytes: they appear, stamped as changes. */
	ck_assert_int_eq(pwrite(fx.fd, &b, 1, FILE_SIZE + 49), 1);
	ck_assert(snapper_tick(s, fx.d, FILE_SIZE - 256, 512, 30, false) &
	    SNAP_GREW);
	sn = snapper_snap(s);
	ck_assert_uint_eq(sn->len, 306);
	ck_assert_uint_eq(sn->bytes[305], 0x77);
	ck_assert_uint_eq(sn->changed_ms[200], 30);
	ck_assert_uint_eq(sn->changed_ms[100], 0);
	snapper_free(s);
}
END_TEST

START_TEST(touch_forces_a_new_generation)
{
	struct snapper	*s = snapper_new();

	snapper_tick(s, fx.d, 0, 64, 10, false);
	snapper_touch(s);
	ck_assert_int_eq(snapper_tick(s, fx.d, 0, 64, 20, false),
	    SNAP_PUBLISHED);
	ck_assert_uint_eq(snapper_snap(s)->gen, 2);
	snapper_free(s);
}
END_TEST

START_TEST(empty_source)
{
	char		*epath = tu_file("empty", "", 0);
	char		*cause = NULL;
	struct door	*ed = door_open(epath, 0, &cause);
	struct snapper	*s = snapper_new();

	ck_assert_msg(ed != NULL, "%s", cause);
	ck_assert_int_eq(snapper_tick(s, ed, 0, 256, 10, false),
	    SNAP_PUBLISHED);
	ck_assert_uint_eq(snapper_snap(s)->len, 0);
	ck_assert_int_eq(snapper_tick(s, ed, 0, 256, 20, false), 0);
	snapper_free(s);
	door_close(ed);
	free(epath);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("snap");
	TCase	*tc = timeout_tcase("snap", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, first_tick_publishes_without_changes);
	tcase_add_test(tc, a_failed_copy_is_an_error_not_the_end);
	tcase_add_test(tc, stores_are_stamped_exactly);
	tcase_add_test(tc, pwrite_is_seen_too);
	tcase_add_test(tc, aging_publish_is_marked_aged);
	tcase_add_test(tc, frozen_counts_but_does_not_publish);
	tcase_add_test(tc, moving_window_carries_stamps);
	tcase_add_test(tc, shrink_and_growth);
	tcase_add_test(tc, touch_forces_a_new_generation);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("empty", TIMEOUT_UNIT);
	tcase_add_test(tc, empty_source);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
