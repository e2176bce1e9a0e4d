/* SPDX-License-Identifier: ISC */
/*
 * check_fields_tree.c - the field panel's tree (src/tui/fields_tree.c)
 * without curses: rows by depth, folding, a 100,000-element array
 * counted and scrolled by arithmetic, touched elements inside it,
 * bitfields and enums as rows, a .layout file's fields as the top rows.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields_tree.h"
#include "layout.h"
#include "ltype.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/*
 * struct ring {				offset
 *	u32 head;				0
 *	enum state st;				4
 *	struct flags { u8 a:3, b:5; } f;	8
 *	struct slot slots[5];			12	slot = { u32 seq; u16 len; } 8
 *	struct slot many[100000];		52
 * }
 */
static struct layout	*lay;

/* Build the layout above, its root named "ring". */
static void
build(void)
{
	struct ltree	*tree = ltree_new();
	struct ltype	*u32, *u16, *u8, *state, *slot, *bits, *ring;

	u32 = ltree_scalar(tree, VALUE_UINT, 4, "uint32_t");
	u16 = ltree_scalar(tree, VALUE_UINT, 2, "uint16_t");
	u8 = ltree_scalar(tree, VALUE_UINT, 1, "uint8_t");
	state = ltree_scalar(tree, VALUE_UINT, 4, "enum state");
	state->kind = LTYPE_ENUM;
	ltype_add_enumval(state, "READY", 2);
	slot = ltree_add(tree, LTYPE_RECORD, "struct slot", 8, 4);
	ltype_add_member(slot, "seq", 0, 0, u32);
	ltype_add_member(slot, "len", 32, 0, u16);
	bits = ltree_add(tree, LTYPE_RECORD, "struct flags", 1, 1);
	ltype_add_member(bits, "a", 0, 3, u8);
	ltype_add_member(bits, "b", 3, 5, u8);
	ring = ltree_add(tree, LTYPE_RECORD, "struct ring", 52 + 800000, 4);
	ltype_add_member(ring, "head", 0, 0, u32);
	ltype_add_member(ring, "st", 32, 0, state);
	ltype_add_member(ring, "f", 64, 0, bits);
	ltype_add_member(ring, "slots", 96, 0, ltree_array(tree, slot, 5));
	ltype_add_member(ring, "many", 416, 0, ltree_array(tree, slot,
	    100000));
	lay = layout_from_type(tree, ring, "ring", 0x100, "test");
	ck_assert_ptr_nonnull(lay);
}

/* Free it. */
static void
unbuild(void)
{
	layout_free(lay);
	lay = NULL;
}

/* Row I of FT into *R, insisting it exists. */
static void
row_at(const struct ftree *ft, uint64_t i, struct ftree_row *r)
{
	ck_assert_uint_eq(ftree_rows(ft, i, r, 1), 1);
}

/* The index of the visible row named PATH (it must be among the first N). */
static uint64_t
row_named(const struct ftree *ft, const char *path)
{
	struct ftree_row	r;

	for (uint64_t i = 0; i < 64 && i < ftree_count(ft); i++) {
		row_at(ft, i, &r);
		if (strcmp(r.path, path) == 0)
			return i;
	}
	ck_abort_msg("no row %s", path);
	return 0;
}

START_TEST(rows_by_depth)
{
	struct ftree		*ft = ftree_new(lay);
	struct ftree_row	 r[8];

	/* ring, head, st, f, f.a, f.b, slots, slots[0] ... */
	ck_assert_uint_eq(ftree_rows(ft, 0, r, 8), 8);
	ck_assert_str_eq(r[0].path, "ring");
	ck_assert(r[0].foldable && r[0].open);
	ck_assert_uint_eq(r[0].depth, 0);
	ck_assert_str_eq(r[1].path, "ring.head");
	ck_assert_str_eq(r[1].path + r[1].label, "head");
	ck_assert_uint_eq(r[1].depth, 1);
	ck_assert_uint_eq(r[1].ref.off, 0x100);
	ck_assert_int_eq(r[2].ref.type->kind, LTYPE_ENUM);
	ck_assert_str_eq(r[5].path, "ring.f.b");
	ck_assert_uint_eq(r[5].depth, 2);
	ck_assert_uint_eq(r[5].ref.bit_size, 5);
	ck_assert_uint_eq(r[5].ref.bit_shift, 3);
	ck_assert_str_eq(r[7].path, "ring.slots[0]");
	ck_assert_str_eq(r[7].path + r[7].label, "[0]");
	/* 1 + head st + f(3) + slots(1 + 5 * 3) + many (folded: 1). */
	ck_assert_uint_eq(ftree_count(ft), 1 + 2 + 3 + 16 + 1);
	ftree_free(ft);
}
END_TEST

START_TEST(fold_and_unfold)
{
	struct ftree		*ft = ftree_new(lay);
	struct ftree_row	 r;
	uint64_t		 n0 = ftree_count(ft), i;

	i = row_named(ft, "ring.slots");
	row_at(ft, i, &r);
	ck_assert(ftree_set(ft, &r, false));
	ck_assert(!ftree_set(ft, &r, false));	/* no change */
	ck_assert_uint_eq(ftree_count(ft), n0 - 15);
	row_at(ft, i, &r);
	ck_assert(!r.open);
	row_at(ft, i + 1, &r);
	ck_assert_str_eq(r.path, "ring.many");
	/* A field does not fold. */
	row_at(ft, 1, &r);
	ck_assert(!ftree_set(ft, &r, true));
	/* Back open, then the root folded: one row. */
	row_at(ft, i, &r);
	ck_assert(ftree_set(ft, &r, true));
	ck_assert_uint_eq(ftree_count(ft), n0);
	row_at(ft, 0, &r);
	ck_assert(ftree_set(ft, &r, false));
	ck_assert_uint_eq(ftree_count(ft), 1);
	ck_assert_uint_eq(ftree_rows(ft, 1, &r, 1), 0);
	ftree_free(ft);
}
END_TEST

START_TEST(big_array_by_arithmetic)
{
	struct ftree		*ft = ftree_new(lay);
	struct ftree_row	 r;
	uint64_t		 n0 = ftree_count(ft), m;

	m = row_named(ft, "ring.many");
	row_at(ft, m, &r);
	ck_assert(!r.open);		/* too big to start open */
	ck_assert(ftree_set(ft, &r, true));
	ck_assert_uint_eq(ftree_count(ft), n0 + 300000);
	/* Deep inside, without walking there. */
	row_at(ft, m + 1 + 54321 * 3 + 2, &r);
	ck_assert_str_eq(r.path, "ring.many[54321].len");
	ck_assert_uint_eq(r.depth, 3);
	ck_assert_uint_eq(r.ref.off, 0x100 + 52 + 54321 * 8 + 4);
	ck_assert_uint_eq(r.ref.size, 2);
	/* Fold one element: the rows after it move up by two. */
	row_at(ft, m + 1 + 10 * 3, &r);
	ck_assert_str_eq(r.path, "ring.many[10]");
	ck_assert(ftree_set(ft, &r, false));
	ck_assert_uint_eq(ftree_count(ft), n0 + 300000 - 2);
	row_at(ft, m + 1 + 10 * 3 + 1, &r);
	ck_assert_str_eq(r.path, "ring.many[11]");
	row_at(ft, m + 1 + 9 * 3 + 2, &r);
	ck_assert_str_eq(r.path, "ring.many[9].len");
	row_at(ft, m + 1 + 54321 * 3 + 2 - 2, &r);
	ck_assert_str_eq(r.path, "ring.many[54321].len");
	row_at(ft, ftree_count(ft) - 1, &r);
	ck_assert_str_eq(r.path, "ring.many[99999].len");
	ck_assert_uint_eq(ftree_rows(ft, ftree_count(ft), &r, 1), 0);
	ftree_free(ft);
}
END_TEST

START_TEST(layout_file_fields_are_the_top)
{
	const char		*text = "a 0 u32le\nb u16le\n";
	char			*cause = NULL;
	struct layout		*l = layout_parse(text, "t.layout", &cause);
	struct ftree		*ft;
	struct ftree_row	 r[3];

	ck_assert_msg(l != NULL, "%s", cause);
	ft = ftree_new(l);
	ck_assert_uint_eq(ftree_count(ft), 2);
	ck_assert_uint_eq(ftree_rows(ft, 0, r, 3), 2);
	ck_assert_str_eq(r[0].path, "a");
	ck_assert_uint_eq(r[0].depth, 0);
	ck_assert_str_eq(r[1].path, "b");
	ck_assert_uint_eq(r[1].ref.off, 4);
	ftree_free(ft);
	layout_free(l);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("fields_tree");
	TCase	*tc = timeout_tcase("fields_tree", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_checked_fixture(tc, build, unbuild);
	tcase_add_test(tc, rows_by_depth);
	tcase_add_test(tc, fold_and_unfold);
	tcase_add_test(tc, big_array_by_arithmetic);
	tcase_add_test(tc, layout_file_fields_are_the_top);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
