/* SPDX-License-Identifier: ISC */
/*
 * check_layout_c.c - layouts from C headers (libclang), with the C
 * compiler as the oracle.
 *
 * For each type of tests/data/ring.h, the test opens the layout, then
 * writes a C program that prints offsetof() and sizeof() of every row the
 * layout has (and of paths into arrays, unions and anonymous members),
 * compiles it with the system compiler (TEST_CC, found by configure) and
 * compares line by line.  Bitfields cannot be offsetof'd: the program
 * sets each to all ones in a zeroed struct and prints the bytes, and the
 * test checks that livehex reads all ones there and zero elsewhere.
 * Without libclang or a compiler the tests skip, saying why.
 */
#include "config.h"

#include <check.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "layout.h"
#include "ltype.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/* The compiler for the oracle, or NULL (and the test skips). */
static const char *
oracle_cc(void)
{
	const char	*cc = getenv("TEST_CC");

#ifndef HAVE_LIBCLANG
	return NULL;
#endif
	return cc != NULL && *cc != '\0' ? cc : NULL;
}

/* Open TYPE of ring.h (with CFLAGS) for a file of SIZE bytes; or fail. */
static struct layout *
open_type(const char *type, const char *cflags, uint64_t size)
{
	char			*h = tu_data_path("ring.h");
	char			*spec = xasprintf("%s:%s", h, type), *cause = NULL;
	struct layout_spec	 s = { spec, 0 };
	struct layout_opts	 o = { cflags, NULL, size, 0 };
	struct layout		*l = layout_open(&s, 1, &o, &cause);

	ck_assert_msg(l != NULL, "%s: %s", spec, cause);
	free(spec);
	free(h);
	return l;
}

/*
 * Compile and run PROGRAM (C text) with -I tests/data and CFLAGS; its
 * standard output (malloc'd).
 */
static char *
oracle_run(const char *program, const char *cflags)
{
	char		*bin = tu_cc(program, cflags, "oracle"), *err = NULL;
	char		*argv[2] = { bin, NULL }, *text;
	unsigned char	*out = NULL;
	size_t		 len = 0;
	int		 st;

	st = tu_run(argv, NULL, &out, &len, &err);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "oracle: %s", err);
	free(err);
	free(bin);
	/* tu_run's buffer is LEN bytes, not a C string. */
	text = xasprintf("%.*s", (int)len, (const char *)out);
	free(out);
	return text;
}

/* True if the row name N is a C expression below the type (no {a,b}). */
static bool
c_path(const char *n)
{
	return strchr(n, '{') == NULL;
}

/*
 * Compare every row of L (paths below ROOT, prefixed PREFIX) and EXTRA
 * paths with offsetof/sizeof of TYPE; returns the rows compared.
 */
static size_t
compare_rows(const struct layout *l, const char *type, const char *prefix,
    const char *const *extra, const char *cflags)
{
	char		*prog, *out, *line, *save = NULL, *tmp;
	size_t		 np = strlen(prefix), compared = 0;
	struct ltype_ref r;

	prog = xasprintf("#include <stdio.h>\n#include <stddef.h>\n"
	    "#include \"ring.h\"\n#define P(x) printf(\"%%s %%zu %%zu\\n\", "
	    "#x, offsetof(%s, x), sizeof(((%s *)0)->x))\n"
	    "int main(void) {\nprintf(\". 0 %%zu\\n\", sizeof(%s));\n",
	    type, type, type);
	for (size_t i = 0; i < l->n; i++) {
		const char	*n = l->fields[i].name;

		if (!c_path(n) || l->fields[i].ref.bit_size != 0)
			continue;
		ck_assert_msg(strncmp(n, prefix, np) == 0, "row %s", n);
		tmp = xasprintf("%sP(%s);\n", prog, n + np);
		free(prog);
		prog = tmp;
	}
	for (size_t i = 0; extra != NULL && extra[i] != NULL; i++) {
		tmp = xasprintf("%sP(%s);\n", prog, extra[i]);
		free(prog);
		prog = tmp;
	}
	tmp = xasprintf("%sreturn 0; }\n", prog);
	free(prog);
	prog = tmp;
	out = oracle_run(prog, cflags);
	for (line = strtok_r(out, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		char		 path[256];
		uint64_t	 off, size;
		char		*cause = NULL;

		ck_assert_msg(sscanf(line, "%255s %" SCNu64 " %" SCNu64,
		    path, &off, &size) == 3, "oracle said: %s", line);
		if (strcmp(path, ".") == 0) {
			ck_assert_uint_eq(l->roots[0].type->size, size);
			continue;
		}
		ck_assert_msg(layout_resolve(l, path, &r, &cause) == 0,
		    "%s: %s", path, cause);
		ck_assert_msg(r.off == off && r.size == size, "%s: livehex "
		    "says %" PRIu64 "+%" PRIu64 ", the compiler %" PRIu64 "+%"
		    PRIu64, path, r.off, r.size, off, size);
		compared++;
	}
	free(out);
	free(prog);
	return compared;
}

START_TEST(offsets_match_the_compiler)
{
	static const char *const	ring_extra[] = {
		"slots[63].stamp", "last.d", "last.b[7]", "lo", "hi",
		"matrix[1]", "hdr.base", "aligned", NULL,
	};
	static const char *const	packed_extra[] = { "len", "crc", NULL };
	struct layout			*l;

	if (oracle_cc() == NULL) {
		fprintf(stderr, "# SKIP: needs libclang and a C compiler\n");
		return;
	}
	l = open_type("struct ring", NULL, UINT64_MAX);
	/* Every row (5 per slot, the bitfields apart) and more paths. */
	ck_assert_uint_gt(compare_rows(l, "struct ring", "ring.", ring_extra,
	    NULL), 64 * 5);
	layout_free(l);
	l = open_type("ring_t", NULL, UINT64_MAX);
	ck_assert_uint_gt(compare_rows(l, "ring_t", "ring_t.", NULL, NULL), 64);
	layout_free(l);
	/* #pragma pack(1): len at 1, not 4. */
	l = open_type("struct packed_msg", NULL, UINT64_MAX);
	ck_assert_uint_eq(compare_rows(l, "struct packed_msg", "packed_msg.",
	    packed_extra, NULL), 5);
	layout_free(l);
	/* --cflags reach the compiler: -DRING_SLOTS=3 changes the size. */
	l = open_type("struct ring", "-DRING_SLOTS=3", UINT64_MAX);
	ck_assert_uint_gt(compare_rows(l, "struct ring", "ring.", NULL,
	    "-DRING_SLOTS=3"), 18);
	ck_assert_uint_eq(l->roots[0].type->members[6].type->size / 32, 3);
	layout_free(l);
	/* -m32 would need a 32-bit libc here; -m32 on the layout alone: */
}
END_TEST

/* Check that bitfield PATH of TYPE is exactly the bits C sets. */
static void
compare_bitfield(const struct layout *l, const char *type, const char *path)
{
	char			*prog, *out, text[32];
	struct ltype_ref	 r, o;
	uint8_t			 bytes[64];
	size_t			 size = l->roots[0].type->size, n = 0;
	unsigned		 v;

	prog = xasprintf("#include <stdio.h>\n#include <string.h>\n"
	    "#include \"ring.h\"\nint main(void) {\n%s x;\n"
	    "memset(&x, 0, sizeof x);\nx.%s = -1;\n"
	    "for (size_t i = 0; i < sizeof x && i < 64; i++)\n"
	    "printf(\"%%02x\\n\", ((unsigned char *)&x)[i]);\nreturn 0; }\n",
	    type, path);
	out = oracle_run(prog, NULL);
	for (char *s = out; n < sizeof bytes && sscanf(s, "%x", &v) == 1;
	    s = strchr(s, '\n') + 1)
		bytes[n++] = (uint8_t)v;
	ck_assert_uint_eq(n, size < 64 ? size : 64);
	ck_assert_int_eq(layout_resolve(l, path, &r, NULL), 0);
	/* All ones where the field is: -1 signed, 2^bits - 1 unsigned. */
	ltype_format(&r, bytes + r.off, n - r.off, text, sizeof text);
	if (r.type->scalar.kind == VALUE_INT)
		ck_assert_str_eq(text, "-1");
	else
		ck_assert_uint_eq(strtoull(text, NULL, 10),
		    (1ull << r.bit_size) - 1);
	/* And every other bitfield of the record reads zero. */
	for (size_t i = 0; i < l->n; i++) {
		const struct layout_field	*f = &l->fields[i];

		if (f->ref.bit_size == 0 || f->nbits > 1)
			continue;
		o = f->ref;
		if (o.off == r.off && o.bit_shift == r.bit_shift)
			continue;
		ltype_format(&o, bytes + o.off, n - o.off, text, sizeof text);
		ck_assert_str_eq(text, "0");
	}
	free(out);
	free(prog);
}

START_TEST(bitfields_match_the_compiler)
{
	struct layout	*l;

	if (oracle_cc() == NULL) {
		fprintf(stderr, "# SKIP: needs libclang and a C compiler\n");
		return;
	}
	l = open_type("struct slot", NULL, UINT64_MAX);
	compare_bitfield(l, "struct slot", "kind");
	compare_bitfield(l, "struct slot", "urgent");
	compare_bitfield(l, "struct slot", "prio");
	layout_free(l);
	l = open_type("struct packed_msg", NULL, UINT64_MAX);
	compare_bitfield(l, "struct packed_msg", "bits");
	compare_bitfield(l, "struct packed_msg", "more");
	layout_free(l);
}
END_TEST

START_TEST(enums_from_the_header)
{
	struct layout		*l;
	struct ltype_ref	 r;
	uint8_t			 b[4] = { 0xff, 0xff, 0xff, 0xff }, out[8];
	char			 text[32], *cause = NULL;

	if (oracle_cc() == NULL)
		return;
	l = open_type("struct slot", NULL, UINT64_MAX);
	ck_assert_int_eq(layout_resolve(l, "state", &r, NULL), 0);
	ck_assert_int_eq(r.type->kind, LTYPE_ENUM);
	ltype_format(&r, b, 4, text, sizeof text);
	ck_assert_str_eq(text, "SLOT_DEAD");
	ck_assert_int_eq(ltype_encode(&r, "SLOT_READY", out, NULL), 0);
	ck_assert_mem_eq(out, "\2\0\0\0", 4);
	ck_assert_int_eq(ltype_encode(&r, "SLOT_GONE", out, &cause), -1);
	ck_assert_str_eq(cause, "\"SLOT_GONE\" is not a value of enum "
	    "slot_state (SLOT_EMPTY SLOT_READY SLOT_BUSY SLOT_DEAD, or a "
	    "number)");
	free(cause);
	layout_free(l);
}
END_TEST

/* WANT with every "%H" replaced by H (malloc'd). */
static char *
subst(const char *want, const char *h)
{
	char	*out = xstrdup(""), *tmp;
	const char *p;

	while ((p = strstr(want, "%H")) != NULL) {
		tmp = xasprintf("%s%.*s%s", out, (int)(p - want), want, h);
		free(out);
		out = tmp;
		want = p + 2;
	}
	tmp = xasprintf("%s%s", out, want);
	free(out);
	return tmp;
}

/* Open SPEC (a file of tests/data, then ":TYPE"): the cause has WANT. */
static void
assert_spec_error(const char *file, const char *type, uint64_t size,
    const char *want)
{
	char			*h = tu_data_path(file);
	char			*spec = xasprintf("%s:%s", h, type);
	struct layout_spec	 s = { spec, 0 };
	struct layout_opts	 o = { NULL, NULL, size, 0 };
	char			*cause = NULL, *full;

	ck_assert_ptr_null(layout_open(&s, 1, &o, &cause));
	full = subst(want, h);
	ck_assert_msg(strstr(cause, full) != NULL, "cause %s\nwant %s", cause,
	    full);
	free(full);
	free(cause);
	free(spec);
	free(h);
}

START_TEST(bad_headers_and_types)
{
	if (oracle_cc() == NULL)
		return;
	assert_spec_error("ring.h", "struct nope", UINT64_MAX, "struct nope "
	    "is not defined in the header");
	assert_spec_error("ring.h", "nope_t", UINT64_MAX, "%H has no type "
	    "nope_t");
	assert_spec_error("ring.h", "struct ring; int x", UINT64_MAX,
	    "a type is a C name");
	assert_spec_error("flex.h", "struct msg", UINT64_MAX, "struct msg "
	    "ends in a flexible array member data[]");
	/* clang names the header by its absolute path (the probe's). */
	assert_spec_error("broken.h", "struct broken", UINT64_MAX,
	    "%H does not compile:\n/");
	assert_spec_error("broken.h", "struct broken", UINT64_MAX,
	    "/broken.h:4:2: error: unknown type name 'uint32_t'");
	assert_spec_error("ring.h", "struct ring", 100, "struct ring is 2240 "
	    "bytes: at 0x0 it runs past the end of the file (100 bytes)");
}
END_TEST

START_TEST(many_structs_and_a_big_array)
{
	char		*text = xstrdup("#include <stdint.h>\n"), *tmp, *h;
	struct layout	*l;
	struct ltype_ref r;
	char		*spec, *cause = NULL;
	struct layout_spec s;

	if (oracle_cc() == NULL)
		return;
	/* 10,000 structs: only the one asked for (and its members) is built. */
	for (int i = 0; i < 10000; i++) {
		tmp = xasprintf("%sstruct s%d { uint32_t a; uint16_t b[%d]; };\n",
		    text, i, i % 7 + 1);
		free(text);
		text = tmp;
	}
	tmp = xasprintf("%sstruct big { struct s9999 hdr; struct s6 "
	    "items[100000]; };\n", text);
	free(text);
	h = tu_file("many.h", tmp, strlen(tmp));
	free(tmp);
	spec = xasprintf("%s:struct big", h);
	s.spec = spec;
	s.at = 0;
	l = layout_open(&s, 1, NULL, &cause);
	ck_assert_msg(l != NULL, "%s", cause);
	ck_assert_uint_lt(l->n, LAYOUT_MAX_FIELDS);
	ck_assert_uint_lt(l->tree->n, 16);
	ck_assert_int_eq(layout_resolve(l, "items[99999].b[6]", &r, NULL), 0);
	ck_assert_uint_eq(r.off, 12 + 99999 * 20 + 4 + 12);
	layout_free(l);
	free(spec);
	free(h);
}
END_TEST

/* Compile ring.h's types into a program with FLAGS ("-g"); its path. */
static char *
ring_program(const char *flags)
{
	static const char	 prog[] = "#include \"ring.h\"\n"
	    "struct ring g_ring; struct packed_msg g_pm; ring_t *g_rt;\n"
	    "struct big *g_big;\nint main(void) { return 0; }\n";

	return tu_cc(prog, flags, flags[0] == '\0' ? "prog-nog" : "prog-g");
}

/* Open TYPE from the program BIN's debug info; or fail. */
static struct layout *
open_dwarf(const char *bin, const char *type)
{
	char			*spec = xasprintf("%s:%s", bin, type), *cause = NULL;
	struct layout_spec	 s = { spec, 0 };
	struct layout		*l = layout_open(&s, 1, NULL, &cause);

	ck_assert_msg(l != NULL, "%s: %s", spec, cause);
	free(spec);
	return l;
}

START_TEST(dwarf_matches_the_compiler)
{
	static const char *const	ring_extra[] = {
		"slots[63].stamp", "last.d", "last.b[7]", "lo", "hi",
		"matrix[1]", "hdr.base", "aligned", NULL,
	};
	struct layout			*l;
	struct ltype_ref		 r;
	char				*bin, *nog, *spec, *cause = NULL;
	struct layout_spec		 s;
	uint8_t				 b[4] = { 3, 0, 0, 0 };
	char				 text[32];
	const char			*cc = getenv("TEST_CC");

#ifndef HAVE_LIBDW
	return;
#endif
	if (cc == NULL || *cc == '\0') {
		fprintf(stderr, "# SKIP: needs a C compiler\n");
		return;
	}
	bin = ring_program("-g");
	l = open_dwarf(bin, "struct ring");
	ck_assert_uint_gt(compare_rows(l, "struct ring", "ring.", ring_extra,
	    NULL), 64 * 5);
	ck_assert_int_eq(layout_resolve(l, "slots[3].state", &r, NULL), 0);
	ltype_format(&r, b, 4, text, sizeof text);
	ck_assert_str_eq(text, "SLOT_BUSY");
	layout_free(l);
	l = open_dwarf(bin, "ring_t");
	ck_assert_uint_gt(compare_rows(l, "ring_t", "ring_t.", NULL, NULL),
	    64);
	layout_free(l);
	l = open_dwarf(bin, "struct packed_msg");
	ck_assert_uint_eq(compare_rows(l, "struct packed_msg", "packed_msg.",
	    NULL, NULL), 3);
	compare_bitfield(l, "struct packed_msg", "bits");
	compare_bitfield(l, "struct packed_msg", "more");
	layout_free(l);
	l = open_dwarf(bin, "struct slot");
	compare_bitfield(l, "struct slot", "kind");
	compare_bitfield(l, "struct slot", "urgent");
	compare_bitfield(l, "struct slot", "prio");
	layout_free(l);
	/* Without -g: say so, and how to get it. */
	nog = ring_program("");
	spec = xasprintf("%s:struct ring", nog);
	s.spec = spec;
	s.at = 0;
	ck_assert_ptr_null(layout_open(&s, 1, NULL, &cause));
	ck_assert_msg(strstr(cause, "has no debug info (DWARF): build it with "
	    "-g") != NULL, "%s", cause);
	free(cause);
	free(spec);
	spec = xasprintf("%s:struct nope", bin);
	s.spec = spec;
	ck_assert_ptr_null(layout_open(&s, 1, NULL, &cause));
	ck_assert_msg(strstr(cause, "no type struct nope in its debug info") !=
	    NULL, "%s", cause);
	free(cause);
	free(spec);
	free(nog);
	free(bin);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("layout_c");
	TCase	*tc = timeout_tcase("layout_c", TIMEOUT_TOOL);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, offsets_match_the_compiler);
	tcase_add_test(tc, bitfields_match_the_compiler);
	tcase_add_test(tc, enums_from_the_header);
	tcase_add_test(tc, bad_headers_and_types);
	tcase_add_test(tc, many_structs_and_a_big_array);
	tcase_add_test(tc, dwarf_matches_the_compiler);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
