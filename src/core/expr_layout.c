/* SPDX-License-Identifier: ISC */
/*
 * expr_layout.c - the field and enum providers of expr.h over a layout.
 *
 * Two kinds of provider: expr_layout_field looks a name up among the
 * flat rows of a .layout (what conditions had first); expr_layout_path
 * resolves a full path ("ring.slots[3].state") through layout_resolve,
 * so arrays are never expanded and C headers and DWARF types work the
 * same.  expr_layout_enum gives enum names as literals for the field
 * they are compared with.  A field must be one number: a scalar, an
 * enum or a pointer (read as its unsigned integer); a record, an array
 * or a bitfield is refused with the reason, never read as something
 * else.  Nothing here prints or keeps state.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "expr.h"
#include "layout.h"
#include "ltype.h"
#include "xmalloc.h"

/* PATH escaped and quoted for a message (malloc'd). */
static char *
expr_layout_quote(const char *path)
{
	return esc_quote(path, strlen(path), 64, ESC_MARKS);
}

/* expr_field_fn over a flat layout; see expr.h. */
int
expr_layout_field(void *arg, const char *path, uint64_t *off,
    struct value_type *type, char **cause)
{
	const struct layout	*l = arg;
	char			*q;
	int			 rc;

	for (size_t i = 0; i < l->n; i++) {
		const struct layout_field	*f = &l->fields[i];

		if (strcmp(f->name, path) != 0)
			continue;
		if (f->kind != LAYOUT_VALUE) {
			q = expr_layout_quote(path);
			rc = cause_set(cause, "field %s holds bytes or text, "
			    "not a number", q);
			free(q);
			return rc;
		}
		*off = f->off;
		*type = f->type;
		return 0;
	}
	q = expr_layout_quote(path);
	rc = cause_set(cause, "no field %s in the layout", q);
	free(q);
	return rc;
}

/* expr_field_fn over a layout's type tree by full path; see expr.h. */
int
expr_layout_path(void *arg, const char *path, uint64_t *off,
    struct value_type *type, char **cause)
{
	struct expr_bits	 bits;
	char			*q;
	int			 rc;

	if (expr_layout_path_bits(arg, path, off, type, &bits, cause) == -1)
		return -1;
	if (bits.size == 0)
		return 0;
	/* Only whole values here (an offset, a value to store). */
	q = expr_layout_quote(path);
	rc = cause_set(cause, "field %s is a bitfield (%u bits): it has no "
	    "bytes of its own; name the whole value", q, bits.size);
	free(q);
	return rc;
}

/* expr_field_bits_fn over a layout's type tree (issue 15); see expr.h. */
int
expr_layout_path_bits(void *arg, const char *path, uint64_t *off,
    struct value_type *type, struct expr_bits *bits, char **cause)
{
	const struct layout	*l = arg;
	struct ltype_ref	 ref;
	char			*q, *why = NULL;
	int			 rc;

	memset(bits, 0, sizeof *bits);
	if (layout_resolve(l, path, &ref, &why) != 0) {
		rc = cause_set(cause, "%s", why != NULL ? why : "no such field");
		free(why);
		return rc;
	}
	q = expr_layout_quote(path);
	if (ref.bit_size != 0 && ref.type->kind != LTYPE_SCALAR &&
	    ref.type->kind != LTYPE_ENUM)
		rc = cause_set(cause, "field %s is a bitfield of %s, not of "
		    "an integer", q, ref.type->name);
	else if (ref.bit_size != 0 && (ref.size > 8 ||
	    ref.type->scalar.kind == VALUE_FLOAT))
		rc = cause_set(cause, "field %s is a bitfield over %llu "
		    "bytes: conditions read at most 8", q,
		    (unsigned long long)ref.size);
	else if (ref.bit_size != 0) {
		*off = ref.off;
		*type = ref.type->scalar;
		/* The bytes that hold the bits, in the type's byte order. */
		type->width = (unsigned)ref.size;
		bits->bytes = (unsigned)ref.size;
		bits->shift = ref.bit_shift;
		bits->size = ref.bit_size;
		rc = 0;
	} else if (ref.type->kind != LTYPE_SCALAR &&
	    ref.type->kind != LTYPE_ENUM && ref.type->kind != LTYPE_POINTER)
		rc = cause_set(cause, "field %s is %s, not a number: name "
		    "one of its members or elements", q, ref.type->name);
	else {
		*off = ref.off;
		*type = ref.type->scalar;
		rc = 0;
	}
	free(q);
	return rc;
}

/* expr_enum_fn over a layout's type tree; see expr.h. */
int
expr_layout_enum(void *arg, const char *path, const char *name,
    int64_t *value, char **cause)
{
	const struct layout	*l = arg;
	const struct ltype	*t;
	struct ltype_ref	 ref;
	char			*why = NULL, *q, *list = NULL;
	size_t			 len = 0;
	FILE			*f;
	int			 rc;

	if (layout_resolve(l, path, &ref, &why) != 0) {
		free(why);
		return 0;	/* not a field: NAME is not an enum's */
	}
	t = ref.type;
	if (t->kind != LTYPE_ENUM)
		return 0;
	for (size_t i = 0; i < t->nvals; i++)
		if (strcmp(t->vals[i].name, name) == 0) {
			*value = t->vals[i].value;
			return 1;
		}
	/* Comparing two fields of one record is fine: NAME may be one. */
	if (layout_resolve(l, name, &ref, &why) == 0)
		return 0;
	free(why);
	if ((f = open_memstream(&list, &len)) == NULL)
		return cause_set(cause, "out of memory");
	for (size_t i = 0; i < t->nvals; i++)
		fprintf(f, "%s%s", i ? ", " : "", t->vals[i].name);
	fclose(f);
	q = expr_layout_quote(name);
	why = expr_layout_quote(path);
	rc = cause_set(cause, "%s is not a value of %s (field %s): %s%s", q,
	    t->name, why, t->nvals ? "one of " : "it has no named values",
	    list);
	free(why);
	free(q);
	free(list);
	return rc;
}
