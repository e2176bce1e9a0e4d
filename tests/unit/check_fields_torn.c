/* SPDX-License-Identifier: ISC */
/*
 * check_fields_torn.c - catching a value read while it was written: the
 * core rule (torn.h, shared with watch) and the fields panel's marks
 * (src/tui/fields_torn.c), without curses and without timing.  The
 * "writer" is the door's pread hook (door_sys.h): it stores into the
 * file just before the Nth read, so a read can be made to land in the
 * middle of an update deterministically.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "door.h"
#include "door_sys.h"
#include "fields_torn.h"
#include "layout.h"
#include "snap.h"
#include "testutil.h"
#include "timeout.h"
#include "torn.h"

/* The hook's plan: before read number AT (from 1), store BYTE at OFF. */
static int		 hook_reads, hook_at;
static uint64_t		 hook_off;
static uint8_t		 hook_byte;

/* door_sys.pread: a writer that strikes before the hook_at-th read. */
static ssize_t
hook_pread(int fd, void *buf, size_t n, off_t off)
{
	if (++hook_reads == hook_at)
		ck_assert_int_eq(pwrite(fd, &hook_byte, 1, (off_t)hook_off), 1);
	return pread(fd, buf, n, off);
}

/* A 64-byte file of zeros, its door, the hook armed for no read. */
static struct door *
open_zeros(void)
{
	uint8_t		 zeros[64] = { 0 };
	char		*path = tu_file("torn", zeros, sizeof zeros), *cause = NULL;
	struct door	*d = door_open(path, 0, &cause);

	ck_assert_msg(d != NULL, "%s", cause);
	free(path);
	hook_reads = 0;
	hook_at = 0;
	door_sys.pread = hook_pread;
	return d;
}

/* Close D and put the system calls back. */
static void
close_door(struct door *d)
{
	door_sys_reset();
	door_close(d);
}

START_TEST(atomic_is_aligned_and_small)
{
	ck_assert(torn_atomic(0, 8));
	ck_assert(torn_atomic(8, 8));
	ck_assert(torn_atomic(6, 2));
	ck_assert(torn_atomic(3, 1));
	ck_assert(!torn_atomic(4, 8));		/* misaligned */
	ck_assert(!torn_atomic(1, 2));
	ck_assert(!torn_atomic(0, 16));		/* wider than a load */
	ck_assert(!torn_atomic(0, 3));		/* no such load */
	ck_assert(!torn_atomic(0, 0));
}
END_TEST

START_TEST(read_quiet_is_whole)
{
	struct door	*d = open_zeros();
	uint8_t		 out[16], seen[16] = { 0 };

	ck_assert_int_eq(torn_read(d, 0, 16, out, seen, 0, 16), TORN_WHOLE);
	/* Read twice: a field wider than a load gets a second look. */
	ck_assert_int_eq(hook_reads, 2);
	close_door(d);
}
END_TEST

START_TEST(read_changed_between_reads_is_torn)
{
	struct door	*d = open_zeros();
	uint8_t		 out[16];

	/* The writer stores hi (byte 8) between the two reads. */
	hook_at = 2;
	hook_off = 8;
	hook_byte = 0x55;
	ck_assert_int_eq(torn_read(d, 0, 16, out, NULL, 0, 0), TORN_TORN);
	ck_assert_uint_eq(out[8], 0);		/* the first read */
	close_door(d);
}
END_TEST

START_TEST(read_differs_from_the_look_is_torn)
{
	struct door	*d = open_zeros();
	uint8_t		 out[16], seen[4] = { 0, 0, 0, 0 };

	/* The look saw bytes 6..9 as zeros; lo changed before both reads. */
	hook_at = 1;
	hook_off = 7;
	hook_byte = 1;
	ck_assert_int_eq(torn_read(d, 0, 16, out, seen, 6, 4), TORN_TORN);
	close_door(d);
	/* Outside what the look saw, a change before both reads is no tear. */
	d = open_zeros();
	hook_at = 1;
	hook_off = 12;
	hook_byte = 1;
	ck_assert_int_eq(torn_read(d, 0, 16, out, seen, 6, 4), TORN_WHOLE);
	ck_assert_uint_eq(out[12], 1);
	close_door(d);
}
END_TEST

START_TEST(read_atomic_is_never_torn)
{
	struct door	*d = open_zeros();
	uint8_t		 out[8], seen[8] = { 0 };

	/* One load: the writer's store lands before it or after it. */
	hook_at = 1;
	hook_off = 3;
	hook_byte = 9;
	ck_assert_int_eq(torn_read(d, 0, 8, out, seen, 0, 8), TORN_WHOLE);
	ck_assert_int_eq(hook_reads, 1);
	close_door(d);
	/* The same 8 bytes misaligned are two loads: torn. */
	d = open_zeros();
	hook_at = 2;
	hook_off = 5;
	hook_byte = 9;
	ck_assert_int_eq(torn_read(d, 4, 8, out, NULL, 0, 0), TORN_TORN);
	close_door(d);
}
END_TEST

START_TEST(read_past_the_end_is_unread)
{
	struct door	*d = open_zeros();
	uint8_t		 out[16];

	ck_assert_int_eq(torn_read(d, 56, 16, out, NULL, 0, 0), TORN_UNREAD);
	close_door(d);
}
END_TEST

/* The torn lesson's layout: a 16-byte record, then a counter. */
static const char	lesson_layout[] =
	"struct rec 16 {\n lo 0 u64le\n hi 8 u64le\n}\n"
	"rec 0x00 rec\nseq 0x10 u64le\n";

/* A look over the file's first 32 bytes at AT, bytes [C0, C1) changed. */
struct look {
	uint8_t		bytes[32];
	uint32_t	changed[32];
	struct snap	s;
};
static void
look_make(struct look *k, uint32_t at, size_t c0, size_t c1)
{
	memset(k, 0, sizeof *k);
	for (size_t i = c0; i < c1; i++)
		k->changed[i] = at;
	k->s.off = 0;
	k->s.len = k->s.want = 32;
	k->s.size = 64;
	k->s.at = at;
	k->s.bytes = k->bytes;
	k->s.changed_ms = k->changed;
	k->s.gen = at;
}

/* The panel tests' layout (the lesson's), door on zeros and tracker. */
static struct layout	*pl;
static struct door	*pd;
static struct ftorn	*pt;

/* Parse the lesson's layout, open a file of zeros, make a tracker. */
static void
panel_setup(void)
{
	char	*cause = NULL;

	pl = layout_parse(lesson_layout, "t", &cause);
	ck_assert_msg(pl != NULL, "%s", cause);
	pd = open_zeros();
	pt = ftorn_new();
}

/* Free what panel_setup made. */
static void
panel_teardown(void)
{
	ftorn_free(pt);
	layout_free(pl);
	close_door(pd);
}

START_TEST(panel_marks_the_record_caught_torn)
{
	struct look	 k;

	/* A look that saw lo change, and the writer quiet: no mark. */
	look_make(&k, 100, 0, 8);
	ck_assert_uint_eq(ftorn_look(pt, pl, pd, &k.s), 0);
	ck_assert_uint_eq(ftorn_when(pt, 0, 16), 0);
	ck_assert_int_eq(hook_reads, 2);	/* rec only: lo is atomic */
	/* The writer stores hi between the two reads: rec is torn. */
	look_make(&k, 200, 0, 8);
	hook_reads = 0;
	hook_at = 2;
	hook_off = 8;
	hook_byte = 1;
	ck_assert_uint_eq(ftorn_look(pt, pl, pd, &k.s), 1);
	ck_assert_uint_eq(ftorn_when(pt, 0, 16), 200);
	/* Its members are single loads: never marked. */
	ck_assert_uint_eq(ftorn_when(pt, 0, 8), 0);
	ck_assert_uint_eq(ftorn_when(pt, 8, 8), 0);
	ck_assert_uint_eq(ftorn_latest(pt), 200);
	/* The same look again is not read again. */
	hook_reads = 0;
	ck_assert_uint_eq(ftorn_look(pt, pl, pd, &k.s), 0);
	ck_assert_int_eq(hook_reads, 0);
}
END_TEST

START_TEST(panel_reads_only_what_the_look_changed)
{
	struct look	 k;

	/* Only seq changed (atomic, in no wider row): nothing is read, so
	   a writer in rec at that moment is not seen. */
	look_make(&k, 300, 16, 24);
	hook_at = 1;
	hook_off = 8;
	hook_byte = 7;
	ck_assert_uint_eq(ftorn_look(pt, pl, pd, &k.s), 0);
	ck_assert_int_eq(hook_reads, 0);
	ck_assert_uint_eq(ftorn_when(pt, 0, 16), 0);
	/* Changes in padding or past the layout lead to no row either. */
	look_make(&k, 301, 24, 32);
	ck_assert_uint_eq(ftorn_look(pt, pl, pd, &k.s), 0);
	ck_assert_int_eq(hook_reads, 0);
}
END_TEST

/* Build the suite. */
static Suite *
fields_torn_suite(void)
{
	Suite	*s = suite_create("fields_torn");
	TCase	*tc = timeout_tcase("torn", TIMEOUT_UNIT);
	TCase	*tp = timeout_tcase("panel", TIMEOUT_UNIT);

	tcase_add_test(tc, atomic_is_aligned_and_small);
	tcase_add_test(tc, read_quiet_is_whole);
	tcase_add_test(tc, read_changed_between_reads_is_torn);
	tcase_add_test(tc, read_differs_from_the_look_is_torn);
	tcase_add_test(tc, read_atomic_is_never_torn);
	tcase_add_test(tc, read_past_the_end_is_unread);
	suite_add_tcase(s, tc);
	tcase_add_checked_fixture(tp, panel_setup, panel_teardown);
	tcase_add_test(tp, panel_marks_the_record_caught_torn);
	tcase_add_test(tp, panel_reads_only_what_the_look_changed);
	suite_add_tcase(s, tp);
	return s;
}

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	return tu_run_suite(fields_torn_suite());
}
