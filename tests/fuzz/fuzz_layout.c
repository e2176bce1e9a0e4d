/* SPDX-License-Identifier: ISC */
/*
 * fuzz_layout.c - libFuzzer target for layout.h: layout files.
 *
 * Input: the layout text (up to its first NUL), named "fuzz"; its raw
 * bytes double as the file whose fields are formatted.
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour":
 *  - an error is "fuzz:LINE:COL: ..." and holds no control character
 *    (C0, DEL or C1) and only well-formed UTF-8: causes reach the terminal;
 *  - a layout keeps layout.h's invariants: 1 to LAYOUT_MAX_FIELDS fields,
 *    unique well-formed names, size >= 1, off + size without overflow, no
 *    two fields sharing a byte, the extent is the largest end;
 *  - layout_field_at and layout_field_next agree with a plain scan of the
 *    fields at each field's edges (capped for big layouts);
 *  - written back canonically ("NAME OFFSET TYPE" with layout_type_name),
 *    the layout parses to the same fields (a layout without struct or
 *    array rows: those are named by path, "slots[3].seq", and their types
 *    by the file's blocks);
 *  - every row of a struct, an array or an enum (LAYOUT_TREE) is found
 *    again by its name as a path, at its offset;
 *  - layout_format, into buffers of several sizes, always terminates,
 *    never writes a control byte (nor any byte >= 0x80: values are ASCII)
 *    and says "unavailable" (or cuts it) when the bytes run short.
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "layout.h"

/* Fields whose edges are probed against the plain scan, at most. */
#define FUZZ_PROBED	64

/* True when S is well-formed UTF-8 with no C0, DEL or C1 control. */
static bool
clean_text(const char *s)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 cp;
	size_t			 n;

	while (*u != '\0') {
		if (*u < 0x80) {
			if (*u < 0x20 || *u == 0x7f)
				return false;
			u++;
			continue;
		}
		if (*u < 0xc2 || *u > 0xf4)
			return false;
		n = *u < 0xe0 ? 2 : *u < 0xf0 ? 3 : 4;
		cp = *u & (0x7f >> n);
		for (size_t i = 1; i < n; i++) {
			if ((u[i] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (u[i] & 0x3f);
		}
		if ((n == 3 && cp < 0x800) || (n == 4 && cp < 0x10000) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ||
		    cp < 0xa0)
			return false;
		u += n;
	}
	return true;
}

/* The field covering OFF, or else the first after it, by a plain scan. */
static const struct layout_field *
scan_next(const struct layout *l, uint64_t off)
{
	const struct layout_field	*best = NULL;

	for (size_t i = 0; i < l->n; i++) {
		const struct layout_field	*f = &l->fields[i];

		if (f->off + f->size > off && (best == NULL ||
		    f->off < best->off))
			best = f;
	}
	return best;
}

/* Check both lookups at OFF against the plain scan. */
static void
check_lookup(const struct layout *l, uint64_t off)
{
	const struct layout_field	*f = scan_next(l, off);

	FUZZ_CHECK(layout_field_next(l, off) == f);
	FUZZ_CHECK(layout_field_at(l, off) ==
	    (f != NULL && f->off <= off ? f : NULL));
}

/* Order fields by offset, for qsort. */
static int
by_off(const void *a, const void *b)
{
	const struct layout_field	*x = *(const struct layout_field *const *)a;
	const struct layout_field	*y = *(const struct layout_field *const *)b;

	return x->off < y->off ? -1 : x->off > y->off;
}

/* Order fields by name, for qsort. */
static int
by_name(const void *a, const void *b)
{
	const struct layout_field	*x = *(const struct layout_field *const *)a;
	const struct layout_field	*y = *(const struct layout_field *const *)b;

	return strcmp(x->name, y->name);
}

/* Check the invariants layout.h promises for a parsed layout L. */
static void
check_invariants(const struct layout *l)
{
	const struct layout_field	**v;
	uint64_t			  extent = 0;

	FUZZ_CHECK(l->n >= 1 && l->n <= LAYOUT_MAX_FIELDS);
	FUZZ_CHECK(strcmp(l->source, "fuzz") == 0);
	v = malloc(l->n * sizeof *v);
	for (size_t i = 0; i < l->n; i++) {
		const struct layout_field	*f = &l->fields[i];
		size_t				 len = strlen(f->name);
		bool				 tree = f->kind == LAYOUT_TREE;

		/* A row of a struct or array is named by its path. */
		FUZZ_CHECK(len >= 1 && (tree || len <= LAYOUT_MAX_NAME));
		for (size_t k = 0; k < len; k++)
			FUZZ_CHECK(f->name[k] > 0x20 && f->name[k] < 0x7f &&
			    f->name[k] != '#');
		FUZZ_CHECK(f->size >= 1 && f->size <= UINT64_MAX - f->off);
		if (f->kind == LAYOUT_VALUE)
			FUZZ_CHECK(f->size == f->type.width);
		else if (!tree)
			FUZZ_CHECK(f->size <= LAYOUT_MAX_COUNT);
		else
			FUZZ_CHECK(f->ref.off == f->off &&
			    f->ref.size == f->size);
		FUZZ_CHECK(f->line >= 1);
		/* The rows of one struct field share its line. */
		if (i > 0)
			FUZZ_CHECK(f->line > l->fields[i - 1].line ||
			    (tree && f->line == l->fields[i - 1].line));
		if (f->off + f->size > extent)
			extent = f->off + f->size;
		v[i] = f;
	}
	FUZZ_CHECK(layout_extent(l) == extent);
	qsort(v, l->n, sizeof *v, by_off);
	for (size_t i = 1; i < l->n; i++)
		FUZZ_CHECK(v[i - 1]->off + v[i - 1]->size <= v[i]->off);
	/*
	 * Names are unique among the file's own fields; a struct's rows
	 * ("a.x") may repeat a field literally named "a.x".
	 */
	qsort(v, l->n, sizeof *v, by_name);
	for (size_t i = 1; i < l->n; i++)
		FUZZ_CHECK(strcmp(v[i - 1]->name, v[i]->name) != 0 ||
		    v[i - 1]->kind == LAYOUT_TREE || v[i]->kind == LAYOUT_TREE);
	free(v);
}

/* Probe the lookups at the edges of (some of) the fields of L. */
static void
check_lookups(const struct layout *l)
{
	size_t	step = l->n > FUZZ_PROBED ? l->n / FUZZ_PROBED : 1;

	check_lookup(l, 0);
	check_lookup(l, UINT64_MAX);
	for (size_t i = 0; i < l->n; i += step) {
		const struct layout_field	*f = &l->fields[i];

		if (f->off > 0)
			check_lookup(l, f->off - 1);
		check_lookup(l, f->off);
		check_lookup(l, f->off + f->size / 2);
		check_lookup(l, f->off + f->size - 1);
		check_lookup(l, f->off + f->size);
	}
}

/* Each tree row of L, by its name as a path, is where it is. */
static bool
check_paths(const struct layout *l)
{
	bool	tree = false;

	for (size_t i = 0; i < l->n; i++) {
		const struct layout_field	*f = &l->fields[i];
		struct ltype_ref		 r;

		if (f->kind != LAYOUT_TREE)
			continue;
		tree = true;
		/* A field literally named "a.x" may shadow a row "a.x". */
		if (layout_resolve(l, f->name, &r, NULL) == 0 &&
		    r.off != f->off)
			continue;
		FUZZ_CHECK(layout_resolve(l, f->name, &r, NULL) == 0);
		FUZZ_CHECK(r.off == f->off);
	}
	return tree;
}

/* Write L back canonically; it must parse to the same fields. */
static void
check_canonical(const struct layout *l)
{
	struct layout	*again;
	char		*text, type[64], *cause = NULL;
	size_t		 cap = l->n * (LAYOUT_MAX_NAME + 64) + 1, o = 0;

	if (check_paths(l))
		return;
	text = malloc(cap);
	for (size_t i = 0; i < l->n; i++) {
		const struct layout_field	*f = &l->fields[i];

		layout_type_name(f, type, sizeof type);
		o += (size_t)snprintf(text + o, cap - o, "%s 0x%" PRIx64
		    " %s\n", f->name, f->off, type);
	}
	again = layout_parse(text, "fuzz", &cause);
	if (again == NULL)
		fprintf(stderr, "canonical text does not parse: %s\n%s",
		    cause, text);
	FUZZ_CHECK(again != NULL);
	FUZZ_CHECK(again->n == l->n);
	for (size_t i = 0; i < l->n; i++) {
		const struct layout_field	*f = &l->fields[i];
		const struct layout_field	*g = &again->fields[i];

		FUZZ_CHECK(strcmp(f->name, g->name) == 0);
		FUZZ_CHECK(f->off == g->off && f->size == g->size);
		FUZZ_CHECK(f->kind == g->kind);
		if (f->kind == LAYOUT_VALUE)
			FUZZ_CHECK(strcmp(f->type.name, g->type.name) == 0);
	}
	layout_free(again);
	free(text);
}

/* Format (some of) the fields of L over the bytes DATA (SIZE of them). */
static void
check_format(const struct layout *l, const uint8_t *data, size_t size)
{
	static const size_t	outlens[] = { 1, 2, 4, 12, 64, 300 };
	size_t			step = l->n > FUZZ_PROBED ? l->n / FUZZ_PROBED :
				    1;

	for (size_t i = 0; i < l->n; i += step) {
		const struct layout_field	*f = &l->fields[i];
		size_t				 avail;

		avail = f->off >= size ? 0 : size - f->off;
		if (avail > f->size)
			avail = f->size;
		for (size_t k = 0; k < sizeof outlens / sizeof outlens[0];
		    k++) {
			char	*out = malloc(outlens[k]);
			size_t	 len;

			layout_format(f, data + (avail ? f->off : 0), avail,
			    out, outlens[k]);
			len = strlen(out);	/* ASan: terminated inside */
			FUZZ_CHECK(len < outlens[k]);
			for (size_t c = 0; c < len; c++)
				FUZZ_CHECK(out[c] >= 0x20 && out[c] < 0x7f);
			/* Cut short, it ends in "..." (or what fits of it). */
			if (avail < f->size)
				FUZZ_CHECK(strncmp(out, "unavailable",
				    len) == 0 || strncmp(out, "...", len) == 0 ||
				    (len >= 3 && strcmp(out + len - 3,
				    "...") == 0));
			free(out);
		}
	}
}

/* Parse the input as a layout and check what came out. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct layout	*l;
	char		*s = malloc(size + 1), *cause = NULL;
	unsigned	 line, col;
	int		 used = 0;

	memcpy(s, data, size);
	s[size] = '\0';
	l = layout_parse(s, "fuzz", &cause);
	if (l == NULL) {
		FUZZ_CHECK(cause != NULL);
		FUZZ_CHECK(sscanf(cause, "fuzz:%u:%u: %n", &line, &col,
		    &used) == 2 && used > 0 && line >= 1 && col >= 1);
		FUZZ_CHECK(cause[used] != '\0');
		FUZZ_CHECK(clean_text(cause));
		free(cause);
		free(s);
		return 0;
	}
	FUZZ_CHECK(cause == NULL);
	check_invariants(l);
	check_lookups(l);
	check_canonical(l);
	check_format(l, data, size);
	layout_free(l);
	free(s);
	return 0;
}
