/* SPDX-License-Identifier: ISC */
/*
 * check_layout_tree.c - the structure model (ltype.h) built by hand:
 * field paths and their errors, offset -> path, enums, bitfields,
 * unions, nested arrays, the flat rows the panel gets (arrays expanded
 * only within the row limit), .layout files as trees, and several specs
 * merged with --at.  The C header reader is check_layout_c.c's.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "ltype.h"
#include "offexpr.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/*
 * struct ring {			offset
 *	u32 head;			0
 *	enum state st;	(u32)		4
 *	struct { u8 a:3, b:5; } f;	8	(bits 64..71)
 *	union { u32 w; u8 b[4]; } u;	12
 *	struct slot slots[5];		16	slot = { u32 seq; u16 len; } 8
 *	i16 m[3][4];			56	24 bytes
 *	struct slot many[100000];	80
 * }					size 800080
 */
static struct ltree	*tree;
static struct ltype	*ring, *slot, *state;

/* Build the tree above. */
static void
build(void)
{
	struct ltype	*u32, *u16, *u8, *i16, *bits, *un;

	tree = ltree_new();
	u32 = ltree_scalar(tree, VALUE_UINT, 4, "uint32_t");
	u16 = ltree_scalar(tree, VALUE_UINT, 2, "uint16_t");
	u8 = ltree_scalar(tree, VALUE_UINT, 1, "uint8_t");
	i16 = ltree_scalar(tree, VALUE_INT, 2, "int16_t");
	state = ltree_scalar(tree, VALUE_UINT, 4, "enum state");
	state->kind = LTYPE_ENUM;
	ltype_add_enumval(state, "EMPTY", 0);
	ltype_add_enumval(state, "READY", 2);
	slot = ltree_add(tree, LTYPE_RECORD, "struct slot", 8, 4);
	ltype_add_member(slot, "seq", 0, 0, u32);
	ltype_add_member(slot, "len", 32, 0, u16);
	bits = ltree_add(tree, LTYPE_RECORD, "struct flags", 1, 1);
	ltype_add_member(bits, "a", 0, 3, u8);
	ltype_add_member(bits, "b", 3, 5, u8);
	un = ltree_add(tree, LTYPE_UNION, "union word", 4, 4);
	ltype_add_member(un, "w", 0, 0, u32);
	ltype_add_member(un, "b", 0, 0, ltree_array(tree, u8, 4));
	ring = ltree_add(tree, LTYPE_RECORD, "struct ring", 800080, 4);
	ltype_add_member(ring, "head", 0, 0, u32);
	ltype_add_member(ring, "st", 32, 0, state);
	ltype_add_member(ring, "f", 64, 0, bits);
	ltype_add_member(ring, "u", 96, 0, un);
	ltype_add_member(ring, "slots", 128, 0, ltree_array(tree, slot, 5));
	ltype_add_member(ring, "m", 448, 0, ltree_array(tree,
	    ltree_array(tree, i16, 4), 3));
	ltype_add_member(ring, "many", 640, 0, ltree_array(tree, slot,
	    100000));
}

/* Free the tree. */
static void
unbuild(void)
{
	ltree_free(tree);
	tree = NULL;
}

/* Resolve PATH in ring and insist on OFF and SIZE. */
static void
assert_path(const char *path, uint64_t off, uint64_t size)
{
	struct ltype_ref	 r;
	char			*cause = NULL;

	ck_assert_msg(ltype_resolve(ring, path, &r, &cause) == 0,
	    "%s: %s", path, cause);
	ck_assert_msg(r.off == off && r.size == size, "%s: off %llu size "
	    "%llu, want %llu %llu", path, (unsigned long long)r.off,
	    (unsigned long long)r.size, (unsigned long long)off,
	    (unsigned long long)size);
}

/* Resolve PATH in ring and insist on the cause WANT. */
static void
assert_path_error(const char *path, const char *want)
{
	struct ltype_ref	 r;
	char			*cause = NULL;

	ck_assert_msg(ltype_resolve(ring, path, &r, &cause) == -1,
	    "%s resolved", path);
	ck_assert_str_eq(cause, want);
	free(cause);
}

START_TEST(paths_resolve_by_arithmetic)
{
	build();
	assert_path("", 0, 800080);
	assert_path("head", 0, 4);
	assert_path("st", 4, 4);
	assert_path("slots", 16, 40);
	assert_path("slots[0]", 16, 8);
	assert_path("slots[4].len", 16 + 32 + 4, 2);
	assert_path("m[2][3]", 56 + 2 * 8 + 3 * 2, 2);
	assert_path("m[1]", 56 + 8, 8);
	assert_path("u.w", 12, 4);
	assert_path("u.b[3]", 15, 1);
	/* The last element of a 100,000-element array, not expanded. */
	assert_path("many[99999].len", 80 + 99999 * 8 + 4, 2);
	/* Bitfields: the bytes that hold them. */
	assert_path("f.a", 8, 1);
	assert_path("f.b", 8, 1);
	unbuild();
}
END_TEST

/* Arrays of arrays are named as C writes them: the outer count first. */
START_TEST(array_names_read_as_declared)
{
	struct ltype_ref	 r;
	char			*cause = NULL;

	build();
	ck_assert_msg(ltype_resolve(ring, "m", &r, &cause) == 0, "%s", cause);
	ck_assert_str_eq(r.type->name, "int16_t[3][4]");
	ck_assert_msg(ltype_resolve(ring, "m[1]", &r, &cause) == 0, "%s",
	    cause);
	ck_assert_str_eq(r.type->name, "int16_t[4]");
	ck_assert_msg(ltype_resolve(ring, "slots", &r, &cause) == 0, "%s",
	    cause);
	ck_assert_str_eq(r.type->name, "struct slot[5]");
	/* Three deep: [2][3][4]. */
	ck_assert_str_eq(ltree_array(tree, ltree_array(tree, ltree_array(tree,
	    slot, 4), 3), 2)->name, "struct slot[2][3][4]");
	unbuild();
}
END_TEST

START_TEST(path_errors_say_what_is_wrong)
{
	build();
	assert_path_error("tail", "struct ring has no member \"tail\" (it "
	    "has head, st, f, u, slots, m, many)");
	assert_path_error("slots[5]", "index 5 is past the end of \"slots\" "
	    "(5 elements, 0 to 4)");
	assert_path_error("slots[1].bogus", "struct slot has no member "
	    "\"bogus\" (it has seq, len)");
	assert_path_error("head[0]", "\"head\" is a uint32_t, not an array");
	assert_path_error("head.x", "\"head\" is a uint32_t: it has no "
	    "members");
	assert_path_error("slots[x]", "index [\"x\"]: not a number");
	assert_path_error("slots[", "an index is [N], a number");
	assert_path_error("f.a.b", "\"f.a\" is a bitfield: it has no members "
	    "or elements");
	unbuild();
}
END_TEST

/* The path at OFF in ring (with prefix "ring"), and the return code. */
static int
path_at(uint64_t off, char *out, size_t len)
{
	return ltype_path_at(ring, "ring", off, out, len, NULL);
}

START_TEST(offsets_give_the_deepest_path)
{
	char	p[LTYPE_MAX_PATH];

	build();
	ck_assert_int_eq(path_at(0, p, sizeof p), 0);
	ck_assert_str_eq(p, "ring.head");
	ck_assert_int_eq(path_at(7, p, sizeof p), 0);
	ck_assert_str_eq(p, "ring.st");
	ck_assert_int_eq(path_at(8, p, sizeof p), 0);
	ck_assert_str_eq(p, "ring.f.a");
	ck_assert_int_eq(path_at(14, p, sizeof p), 0);
	ck_assert_str_eq(p, "ring.u.w");
	ck_assert_int_eq(path_at(16 + 3 * 8 + 5, p, sizeof p), 0);
	ck_assert_str_eq(p, "ring.slots[3].len");
	ck_assert_int_eq(path_at(56 + 2 * 8 + 3 * 2 + 1, p, sizeof p), 0);
	ck_assert_str_eq(p, "ring.m[2][3]");
	ck_assert_int_eq(path_at(80 + 12345 * 8, p, sizeof p), 0);
	ck_assert_str_eq(p, "ring.many[12345].seq");
	/* Padding after slot.len: the enclosing path, and -1. */
	ck_assert_int_eq(path_at(16 + 7, p, sizeof p), -1);
	ck_assert_str_eq(p, "ring.slots[0]");
	ck_assert_int_eq(path_at(800080, p, sizeof p), -1);
	/* A short buffer cuts, never overflows. */
	ck_assert_int_eq(path_at(80 + 12345 * 8, p, 8), 0);
	ck_assert_str_eq(p, "ring.ma");
	unbuild();
}
END_TEST

START_TEST(enums_by_name)
{
	struct ltype_ref	 r;
	uint8_t			 b[4] = { 2, 0, 0, 0 }, out[8];
	char			 text[64], *cause = NULL;

	build();
	ck_assert_int_eq(ltype_resolve(ring, "st", &r, NULL), 0);
	ltype_format(&r, b, 4, text, sizeof text);
	ck_assert_str_eq(text, "READY");
	b[0] = 7;
	ltype_format(&r, b, 4, text, sizeof text);
	ck_assert_str_eq(text, "7");
	ltype_format(&r, b, 3, text, sizeof text);
	ck_assert_str_eq(text, "unavailable");
	ck_assert_int_eq(ltype_encode(&r, "READY", out, NULL), 0);
	ck_assert_mem_eq(out, "\2\0\0\0", 4);
	ck_assert_int_eq(ltype_encode(&r, "9", out, NULL), 0);
	ck_assert_mem_eq(out, "\11\0\0\0", 4);
	ck_assert_int_eq(ltype_encode(&r, "BUSY", out, &cause), -1);
	ck_assert_str_eq(cause, "\"BUSY\" is not a value of enum state "
	    "(EMPTY READY, or a number)");
	free(cause);
	unbuild();
}
END_TEST

START_TEST(bitfields_by_value)
{
	struct ltype_ref	 r;
	uint8_t			 b[1] = { 0xb5 }, out[8];	/* 10110 101 */
	char			 text[64], *cause = NULL;

	build();
	ck_assert_int_eq(ltype_resolve(ring, "f.a", &r, NULL), 0);
	ck_assert_uint_eq(r.bit_shift, 0);
	ck_assert_uint_eq(r.bit_size, 3);
	ltype_format(&r, b, 1, text, sizeof text);
	ck_assert_str_eq(text, "5");
	ck_assert_int_eq(ltype_resolve(ring, "f.b", &r, NULL), 0);
	ltype_format(&r, b, 1, text, sizeof text);
	ck_assert_str_eq(text, "22");
	/* Never a read-modify-write of bytes the user did not type. */
	ck_assert_int_eq(ltype_encode(&r, "1", out, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "bitfield"));
	free(cause);
	unbuild();
}
END_TEST

/* The row named NAME in L, or NULL. */
static const struct layout_field *
row(const struct layout *l, const char *name)
{
	for (size_t i = 0; i < l->n; i++)
		if (strcmp(l->fields[i].name, name) == 0)
			return &l->fields[i];
	return NULL;
}

START_TEST(flat_rows_expand_only_what_fits)
{
	struct layout			*l;
	const struct layout_field	*f;
	uint8_t				 b[8] = { 0xb5, 0, 0, 0, 0, 0, 0, 0 };
	char				 text[64], p[LTYPE_MAX_PATH];
	struct ltype_ref		 r;
	char				*cause = NULL;

	build();
	l = layout_from_type(tree, ring, "ring", 0x1000, "test");
	tree = NULL;
	/* head, st, f (one row), u.w, slots 5x2, m 3x4, many: 1+1+1+1+10+12+1 */
	ck_assert_uint_eq(l->n, 27);
	ck_assert_ptr_nonnull(row(l, "ring.slots[4].len"));
	ck_assert_ptr_nonnull(row(l, "ring.m[2][3]"));
	/* The big array is one row of hex, not 200,000 rows. */
	f = row(l, "ring.many");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(f->off, 0x1000 + 80);
	ck_assert_uint_eq(f->size, 800000);
	ck_assert_ptr_null(row(l, "ring.many[0].seq"));
	/* A union shows its first member; the others are there by path. */
	ck_assert_ptr_nonnull(row(l, "ring.u.w"));
	ck_assert_ptr_null(row(l, "ring.u.b"));
	/* Bitfields sharing a byte: one row, each value by name. */
	f = row(l, "ring.f.{a,b}");
	ck_assert_ptr_nonnull(f);
	layout_format(f, b, 1, text, sizeof text);
	ck_assert_str_eq(text, "a=5 b=22");
	/* Lookups by byte, paths with and without the root's name. */
	f = layout_field_at(l, 0x1000 + 16 + 8 + 4);
	ck_assert_str_eq(f->name, "ring.slots[1].len");
	layout_type_name(f, text, sizeof text);
	ck_assert_str_eq(text, "uint16_t");
	ck_assert_int_eq(layout_resolve(l, "slots[1].len", &r, NULL), 0);
	ck_assert_uint_eq(r.off, 0x1000 + 16 + 8 + 4);
	ck_assert_int_eq(layout_resolve(l, "ring.slots[1].len", &r, NULL), 0);
	ck_assert_uint_eq(r.off, 0x1000 + 16 + 8 + 4);
	ck_assert_int_eq(layout_resolve(l, "ring.nope", &r, &cause), -1);
	ck_assert_str_eq(cause, "struct ring has no member \"nope\" (it has "
	    "head, st, f, u, slots, m, many)");
	free(cause);
	ck_assert_int_eq(layout_path_at(l, 0x1000 + 80 + 8 * 777, p, sizeof p,
	    &r), 0);
	ck_assert_str_eq(p, "ring.many[777].seq");
	ck_assert_uint_eq(r.off, 0x1000 + 80 + 8 * 777);
	ck_assert_int_eq(layout_path_at(l, 0xfff, p, sizeof p, NULL), -1);
	layout_free(l);
}
END_TEST

START_TEST(layout_files_are_trees_too)
{
	const char		*text = "hdr.len 0 u16\nhdr.kind u8\n"
				    "name 4 char[8]\n";
	char			*a = tu_file("a.layout", text, strlen(text));
	char			*b = tu_file("b.layout", "x 0 u32\n", 8);
	struct layout_spec	 s[2] = { { a, 0 }, { b, 0x10 } };
	struct layout		*l;
	struct ltype_ref	 r;
	char			*cause = NULL;

	l = layout_open(s, 2, NULL, &cause);
	ck_assert_msg(l != NULL, "%s", cause);
	ck_assert_uint_eq(l->n, 4);
	ck_assert_uint_eq(l->nroots, 2);
	/* A name with dots is one member; the longest name wins. */
	ck_assert_int_eq(layout_resolve(l, "hdr.kind", &r, NULL), 0);
	ck_assert_uint_eq(r.off, 2);
	ck_assert_int_eq(layout_resolve(l, "name[3]", &r, NULL), 0);
	ck_assert_uint_eq(r.off, 7);
	ck_assert_int_eq(layout_resolve(l, "x", &r, NULL), 0);
	ck_assert_uint_eq(r.off, 0x10);
	ck_assert_ptr_nonnull(layout_field_at(l, 0x13));
	ck_assert_str_eq(layout_field_at(l, 0x13)->name, "x");
	layout_free(l);
	/* The same two overlapping: an error naming both. */
	s[1].at = 6;
	ck_assert_ptr_null(layout_open(s, 2, NULL, &cause));
	ck_assert_str_eq(cause, "the layouts overlap: name (0x4-0xb) and x "
	    "(0x6-0x9)");
	free(cause);
	free(a);
	free(b);
}
END_TEST

START_TEST(bad_specs)
{
	struct layout_spec	 s = { "nowhere.h:struct x", 0 };
	struct layout_opts	 o = { NULL, NULL, UINT64_MAX, 0 };
	char			*cause = NULL;

	ck_assert_ptr_null(layout_open(&s, 1, &o, &cause));
	ck_assert_str_eq(cause, "nowhere.h: No such file or directory");
	free(cause);
	s.spec = "pid:struct x";
	ck_assert_ptr_null(layout_open(&s, 1, &o, &cause));
	ck_assert_ptr_nonnull(strstr(cause, "needs a pid:PID source"));
	free(cause);
	s.spec = "x.h:";
	ck_assert_ptr_null(layout_open(&s, 1, &o, &cause));
	ck_assert_str_eq(cause, "x.h:: the type is missing after \":\" "
	    "(FILE:TYPE, e.g. ring.h:'struct ring')");
	free(cause);
}
END_TEST

/* offexpr_env.field over the layout ARG, as the viewer's :goto passes it. */
static int
goto_field(void *arg, const char *path, uint64_t *off, char **cause)
{
	return layout_field_off(arg, path, off, cause);
}

START_TEST(goto_takes_field_paths)
{
	struct layout		*l;
	struct offexpr_env	 env = { 0, 1 << 20, NULL, goto_field, NULL };
	uint64_t		 off;
	char			*cause = NULL;

	build();
	l = layout_from_type(tree, ring, "ring", 0x100, "test");
	tree = NULL;
	env.arg = l;
	ck_assert_int_eq(offexpr_eval_env("ring.slots[3]", &env, &off,
	    &cause), 0);
	ck_assert_uint_eq(off, 0x100 + 16 + 3 * 8);
	ck_assert_int_eq(offexpr_eval_env("slots[3].len + 1", &env, &off,
	    &cause), 0);
	ck_assert_uint_eq(off, 0x100 + 16 + 3 * 8 + 4 + 1);
	ck_assert_int_eq(offexpr_eval_env("many[99999]", &env, &off, &cause),
	    0);
	ck_assert_uint_eq(off, 0x100 + 80 + 99999 * 8);
	ck_assert_int_eq(offexpr_eval_env("2*ring.nope", &env, &off, &cause),
	    -1);
	ck_assert_str_eq(cause, "column 3: struct ring has no member "
	    "\"nope\" (it has head, st, f, u, slots, m, many)");
	free(cause);
	layout_free(l);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("layout_tree");
	TCase	*tc = timeout_tcase("layout_tree", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, paths_resolve_by_arithmetic);
	tcase_add_test(tc, array_names_read_as_declared);
	tcase_add_test(tc, path_errors_say_what_is_wrong);
	tcase_add_test(tc, offsets_give_the_deepest_path);
	tcase_add_test(tc, enums_by_name);
	tcase_add_test(tc, bitfields_by_value);
	tcase_add_test(tc, flat_rows_expand_only_what_fits);
	tcase_add_test(tc, layout_files_are_trees_too);
	tcase_add_test(tc, bad_specs);
	tcase_add_test(tc, goto_takes_field_paths);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
