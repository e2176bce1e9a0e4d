/* SPDX-License-Identifier: ISC */
/*
 * layout_tree.c - layouts from type trees: specs, flat rows, paths.
 *
 * A layout is one or more roots (a type placed at an offset of the
 * file) plus the flat rows the viewer's panel and shading use
 * (layout.h's fields, disjoint and indexed by offset).  A .layout file
 * keeps its rows as written, and gets a root too (a record of its
 * fields), so paths work the same whatever the source.  A type tree is
 * flattened here: records member by member, unions by their first member
 * (the others are reached by path), bitfields that share bytes as one
 * row, and arrays element by element only while the whole layout stays
 * within LAYOUT_MAX_FIELDS rows; past that an array is one row of hex.
 * So a 100,000-element array costs one row, and memory follows the rows.
 *
 * Several specs (--layout given again) are opened one by one and merged;
 * rows of different specs must not overlap.  Every row of the result is
 * sorted into by_off as layout.c's parser would have done.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "esc.h"
#include "layout.h"
#include "layout_tree.h"
#include "ltype_read.h"
#include "xmalloc.h"

/* What layout_load uses for HEADER:TYPE (the viewer passes a string). */
static struct layout_opts	layout_defaults = { NULL, NULL, UINT64_MAX, 0 };

/* The flattening of one root: rows go into l->fields. */
struct layout_flat {
	struct layout	*l;
	size_t		 cap;
};

/* Set layout_load's options for HEADER:TYPE specs. */
void
layout_set_defaults(const struct layout_opts *o)
{
	static const struct layout_opts	none = { NULL, NULL, UINT64_MAX, 0 };

	layout_defaults = o != NULL ? *o : none;
}

/* The options layout_set_defaults last set. */
const struct layout_opts *
layout_tree_defaults(void)
{
	return &layout_defaults;
}

/* TYPE without its "struct ", "union " or "enum " keyword. */
const char *
ltype_bare_name(const char *type)
{
	static const char *const	kw[] = { "struct ", "union ", "enum " };

	for (size_t i = 0; i < sizeof kw / sizeof kw[0]; i++)
		if (strncmp(type, kw[i], strlen(kw[i])) == 0)
			return type + strlen(kw[i]);
	return type;
}

/* Room for one more row in FL. */
static struct layout_field *
layout_flat_row(struct layout_flat *fl)
{
	struct layout_field	*f;

	if (fl->l->n == fl->cap) {
		fl->cap = fl->cap == 0 ? 64 : fl->cap * 2;
		fl->l->fields = xrealloc(fl->l->fields,
		    fl->cap * sizeof *fl->l->fields);
	}
	f = &fl->l->fields[fl->l->n++];
	memset(f, 0, sizeof *f);
	return f;
}

/* One row NAME for REF (off from the file); none past the row limit. */
static void
layout_flat_emit(struct layout_flat *fl, const char *name,
    const struct ltype_ref *ref)
{
	struct layout_field	*f;

	if (ref->size == 0 || fl->l->n >= LAYOUT_MAX_FIELDS)
		return;
	f = layout_flat_row(fl);
	f->name = xstrdup(name);
	f->off = ref->off;
	f->size = ref->size;
	f->kind = LAYOUT_TREE;
	f->ref = *ref;
}

/* PATH + "." + NAME (or "[I]"), malloc'd; an anonymous member adds nothing. */
static char *
layout_flat_join(const char *path, const char *name)
{
	if (name[0] == '\0')
		return xstrdup(path);
	if (path[0] == '\0')
		return xstrdup(name);
	return xasprintf("%s.%s", path, name);
}

/* True when the array T is shown as one row of hex (bytes, or too big). */
static bool
layout_flat_whole(const struct layout_flat *fl, const struct ltype *t)
{
	const struct ltype	*e = t->elem;
	uint64_t		 room = LAYOUT_MAX_FIELDS - fl->l->n;

	if (e->size == 0 || (e->kind == LTYPE_SCALAR && e->size == 1 &&
	    e->scalar.kind == VALUE_UINT) || e->kind == LTYPE_BLOB)
		return true;
	return ltype_leaves(t) > room;
}

static void	layout_flat_walk(struct layout_flat *, const struct ltype *,
		    uint64_t, const char *);

/*
 * The bitfields of REC from member I on that share bytes, as one row at
 * BASE (the record's first byte) under PATH; the index after them.
 */
static size_t
layout_flat_bits(struct layout_flat *fl, const struct ltype *rec, size_t i,
    uint64_t base, const char *path)
{
	const struct ltype_member	*m = &rec->members[i];
	uint64_t			 lo = m->bit_off / 8;
	uint64_t			 hi = (m->bit_off + m->bit_size + 7) / 8;
	size_t				 j = i + 1;
	struct ltype_ref		 ref;
	char				*name, *more, *tmp;

	while (j < rec->n && rec->members[j].bit_size != 0 &&
	    rec->members[j].bit_off / 8 < hi) {
		const struct ltype_member	*n = &rec->members[j];

		if ((n->bit_off + n->bit_size + 7) / 8 > hi)
			hi = (n->bit_off + n->bit_size + 7) / 8;
		j++;
	}
	memset(&ref, 0, sizeof ref);
	ref.off = base + lo;
	ref.size = hi - lo;
	ref.type = m->type;
	ref.bit_shift = (uint32_t)(m->bit_off % 8);
	ref.bit_size = m->bit_size;
	if (j == i + 1) {
		name = layout_flat_join(path, m->name);
		layout_flat_emit(fl, name, &ref);
		free(name);
		return j;
	}
	/* Several: "hdr.{kind,len}", values "kind=1 len=7". */
	more = xstrdup("");
	for (size_t k = i; k < j; k++) {
		tmp = xasprintf("%s%s%s", more, k == i ? "" : ",",
		    rec->members[k].name[0] == '\0' ? "_" :
		    rec->members[k].name);
		free(more);
		more = tmp;
	}
	tmp = xasprintf("{%s}", more);
	name = layout_flat_join(path, tmp);
	free(tmp);
	free(more);
	layout_flat_emit(fl, name, &ref);
	free(name);
	if (fl->l->n > 0 && fl->l->fields[fl->l->n - 1].off == base + lo) {
		struct layout_field	*f = &fl->l->fields[fl->l->n - 1];

		f->bits = m;
		f->nbits = j - i;
		f->bits_base = base;
	}
	return j;
}

/* Rows for T at byte OFF of the file, named below PATH. */
static void
layout_flat_walk(struct layout_flat *fl, const struct ltype *t, uint64_t off,
    const char *path)
{
	struct ltype_ref	 ref;
	char			*name;

	memset(&ref, 0, sizeof ref);
	ref.off = off;
	ref.size = t->size;
	ref.type = t;
	switch (t->kind) {
	case LTYPE_RECORD:
	case LTYPE_UNION:
		if (t->n == 0) {
			layout_flat_emit(fl, path, &ref);
			return;
		}
		for (size_t i = 0; i < t->n && fl->l->n < LAYOUT_MAX_FIELDS;) {
			const struct ltype_member	*m = &t->members[i];

			if (m->bit_size != 0) {
				i = layout_flat_bits(fl, t, i, off, path);
				continue;
			}
			name = layout_flat_join(path, m->name);
			layout_flat_walk(fl, m->type, off + m->bit_off / 8,
			    name);
			free(name);
			/* A union's row is its first member's. */
			if (t->kind == LTYPE_UNION)
				break;
			i++;
		}
		return;
	case LTYPE_ARRAY:
		if (layout_flat_whole(fl, t)) {
			layout_flat_emit(fl, path, &ref);
			return;
		}
		for (uint64_t i = 0; i < t->count; i++) {
			name = xasprintf("%s[%" PRIu64 "]", path, i);
			layout_flat_walk(fl, t->elem, off + i * t->elem->size,
			    name);
			free(name);
		}
		return;
	default:
		layout_flat_emit(fl, path, &ref);
	}
}

/* The rows qsort compares (qsort has no argument for them). */
static const struct layout_field	*layout_sort_rows;

/* qsort: compare the rows at indices A and B by offset. */
static int
layout_by_off_cmp(const void *a, const void *b)
{
	const struct layout_field	*x = &layout_sort_rows[*(const size_t *)a];
	const struct layout_field	*y = &layout_sort_rows[*(const size_t *)b];

	return x->off < y->off ? -1 : x->off > y->off;
}

/*
 * Sort L's rows into by_off; rows that overlap a row of another root are
 * an error when STRICT, within one root the later is dropped (a packed
 * bitfield the grouping missed).  0 or -1.
 */
static int
layout_index(struct layout *l, bool strict, char **cause)
{
	size_t	n = 0;

	free(l->by_off);
	l->by_off = xcalloc(l->n == 0 ? 1 : l->n, sizeof *l->by_off);
	for (size_t i = 0; i < l->n; i++)
		l->by_off[i] = i;
	layout_sort_rows = l->fields;
	qsort(l->by_off, l->n, sizeof *l->by_off, layout_by_off_cmp);
	layout_sort_rows = NULL;
	for (size_t i = 0; i < l->n; i++) {
		const struct layout_field	*f = &l->fields[l->by_off[i]];
		const struct layout_field	*p;

		if (n > 0) {
			p = &l->fields[l->by_off[n - 1]];
			if (p->off + p->size > f->off) {
				if (strict && f->root != p->root)
					return cause_set(cause, "the layouts "
					    "overlap: %s (0x%" PRIx64 "-0x%"
					    PRIx64 ") and %s (0x%" PRIx64
					    "-0x%" PRIx64 ")", p->name, p->off,
					    p->off + p->size - 1, f->name,
					    f->off, f->off + f->size - 1);
				continue;
			}
		}
		l->by_off[n++] = l->by_off[i];
	}
	/* Dropped rows stay in fields but no lookup finds them. */
	return 0;
}

/* A layout of the one root TYPE named NAME at AT, owning TREE. */
struct layout *
layout_from_type(struct ltree *tree, const struct ltype *type,
    const char *name, uint64_t at, const char *source)
{
	struct layout		*l = xcalloc(1, sizeof *l);
	struct layout_flat	 fl = { l, 0 };

	l->tree = tree;
	l->source = xstrdup(source);
	l->roots = xcalloc(1, sizeof *l->roots);
	l->roots[0].name = xstrdup(name);
	l->roots[0].at = at;
	l->roots[0].type = type;
	l->nroots = 1;
	layout_flat_walk(&fl, type, at, name);
	layout_index(l, false, NULL);
	return l;
}

/*
 * Give the .layout L a root: a record of its fields (layout.c calls it,
 * with the tree of its struct and enum blocks in l->tree, or none).  Rows
 * of a record or array type are then expanded as a C type's would be.
 */
void
layout_tree_adopt(struct layout *l)
{
	struct ltype		*rec;
	struct layout_field	*rows = l->fields;
	size_t			 n = l->n;
	struct layout_flat	 fl = { l, 0 };
	bool			 nested = false;

	if (l->tree == NULL)
		l->tree = ltree_new();
	rec = ltree_add(l->tree, LTYPE_RECORD, l->source, layout_extent(l), 1);
	for (size_t i = 0; i < n; i++) {
		const struct layout_field	*f = &rows[i];
		struct ltype			*t;

		if (f->kind == LAYOUT_TREE) {
			t = (struct ltype *)(uintptr_t)f->ref.type;
			nested |= t->kind == LTYPE_RECORD ||
			    t->kind == LTYPE_UNION || t->kind == LTYPE_ARRAY;
		} else if (f->kind == LAYOUT_VALUE) {
			t = ltree_add(l->tree, LTYPE_SCALAR, f->type.name,
			    f->size, f->size);
			t->scalar = f->type;
		} else
			t = ltree_add(l->tree, f->kind == LAYOUT_CHARS ?
			    LTYPE_CHARS : LTYPE_BLOB, f->kind == LAYOUT_CHARS ?
			    "char[]" : "u8[]", f->size, 1);
		ltype_add_member(rec, f->name, f->off * 8, 0, t);
	}
	l->roots = xcalloc(1, sizeof *l->roots);
	l->roots[0].name = xstrdup("");
	l->roots[0].type = rec;
	l->nroots = 1;
	if (!nested)
		return;
	/* Expand: the rows are rebuilt in file order, then indexed again. */
	l->fields = NULL;
	l->n = 0;
	for (size_t i = 0; i < n; i++) {
		struct layout_field	*f = &rows[i];

		if (f->kind == LAYOUT_TREE) {
			size_t	first = l->n;

			layout_flat_walk(&fl, f->ref.type, f->off, f->name);
			/* Its rows say where it was defined. */
			for (size_t k = first; k < l->n; k++)
				l->fields[k].line = f->line;
			free(f->name);
			continue;
		}
		*layout_flat_row(&fl) = *f;
	}
	free(rows);
	layout_index(l, false, NULL);
}

/* Shift L's rows and root by AT bytes; 0 or -1 past 2^64-1. */
static int
layout_shift(struct layout *l, uint64_t at, const char *spec, char **cause)
{
	if (at == 0)
		return 0;
	if (layout_extent(l) > UINT64_MAX - at)
		return cause_set(cause, "%s at 0x%" PRIx64 " ends past the "
		    "last offset (2^64-1)", spec, at);
	for (size_t i = 0; i < l->n; i++) {
		l->fields[i].off += at;
		l->fields[i].ref.off += at;
	}
	for (size_t i = 0; i < l->nroots; i++)
		l->roots[i].at += at;
	return 0;
}

/* Is PATH an ELF file? (Its first four bytes.) */
static bool
layout_is_elf(const char *path)
{
	char	m[4];
	int	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
	bool	elf;

	if (fd == -1)
		return false;
	elf = read(fd, m, 4) == 4 && memcmp(m, "\177ELF", 4) == 0;
	close(fd);
	return elf;
}

/* Open one SPEC; the layout or NULL with *cause. */
static struct layout *
layout_open_one(const struct layout_spec *s, const struct layout_opts *o,
    char **cause)
{
	const char		*colon = strrchr(s->spec, ':'), *type;
	const struct ltype	*ty;
	struct ltree		*tree;
	struct layout		*l;
	char			*file, *q;

	if (colon == NULL || access(s->spec, F_OK) == 0) {
		/* A .layout file. */
		if ((l = layout_load(s->spec, cause)) == NULL)
			return NULL;
		if (layout_shift(l, s->at, s->spec, cause) != 0) {
			layout_free(l);
			return NULL;
		}
		return l;
	}
	type = colon + 1;
	while (*type == ' ')
		type++;
	if (*type == '\0') {
		q = esc_text(s->spec, true);
		cause_set(cause, "%s: the type is missing after \":\" (FILE:"
		    "TYPE, e.g. ring.h:'struct ring')", q);
		free(q);
		return NULL;
	}
	file = xasprintf("%.*s", (int)(colon - s->spec), s->spec);
	if (strcmp(file, "pid") == 0) {
		free(file);
		if (o->pid_exe == NULL)
			return cause_set(cause, "--layout pid:TYPE reads the "
			    "debug info of the process the source is: it needs "
			    "a pid:PID source"), NULL;
		file = xstrdup(o->pid_exe);
	}
	tree = ltree_new();
	if (access(file, R_OK) != 0) {
		q = esc_text(file, true);
		cause_set(cause, "%s: %s", q, strerror(errno));
		free(q);
		ty = NULL;
	} else if (layout_is_elf(file))
		ty = ltype_dwarf_read(tree, file, type, cause);
	else
		ty = ltype_clang_read(tree, file, type, o->cflags, cause);
	if (ty == NULL) {
		ltree_free(tree);
		free(file);
		return NULL;
	}
	if (ty->size > o->file_size || s->at > o->file_size - ty->size) {
		q = esc_text(type, true);
		cause_set(cause, "%s is %" PRIu64 " bytes: at 0x%" PRIx64 " it "
		    "runs past the end of the file (%" PRIu64 " bytes)", q,
		    ty->size, s->at, o->file_size);
		free(q);
		ltree_free(tree);
		free(file);
		return NULL;
	}
	free(file);
	return layout_from_type(tree, ty, ltype_bare_name(type), s->at,
	    s->spec);
}

/* Move every row, root and type of B into A (B is freed). */
static void
layout_merge(struct layout *a, struct layout *b)
{
	a->fields = xrealloc(a->fields, (a->n + b->n + 1) * sizeof *a->fields);
	memcpy(a->fields + a->n, b->fields, b->n * sizeof *b->fields);
	for (size_t i = 0; i < b->n; i++)
		a->fields[a->n + i].root += a->nroots;
	a->n += b->n;
	b->n = 0;
	a->roots = xrealloc(a->roots, (a->nroots + b->nroots) *
	    sizeof *a->roots);
	memcpy(a->roots + a->nroots, b->roots, b->nroots * sizeof *b->roots);
	a->nroots += b->nroots;
	b->nroots = 0;
	for (size_t i = 0; i < b->tree->n; i++) {
		if (a->tree->n == a->tree->cap) {
			a->tree->cap = a->tree->cap == 0 ? 64 :
			    a->tree->cap * 2;
			a->tree->types = xrealloc(a->tree->types,
			    a->tree->cap * sizeof *a->tree->types);
		}
		a->tree->types[a->tree->n++] = b->tree->types[i];
	}
	b->tree->n = 0;
	layout_free(b);
}

/* Open SPECS as one layout; see layout.h. */
struct layout *
layout_open(const struct layout_spec *specs, size_t n,
    const struct layout_opts *o, char **cause)
{
	static const struct layout_opts	 none = { NULL, NULL, UINT64_MAX, 0 };
	struct layout			*l = NULL, *one;

	if (o == NULL)
		o = &none;
	for (size_t i = 0; i < n; i++) {
		if ((one = layout_open_one(&specs[i], o, cause)) == NULL) {
			layout_free(l);
			return NULL;
		}
		if (l == NULL)
			l = one;
		else
			layout_merge(l, one);
	}
	if (l == NULL || n == 1)
		return l;
	if (layout_index(l, true, cause) != 0) {
		layout_free(l);
		return NULL;
	}
	return l;
}

/*
 * PATH below root R into *ref (from the file's start): 0 or -1.  A path
 * may start with the root's name ("ring.head") or leave it out ("head").
 */
static int
layout_resolve_root(const struct layout_root *r, const char *path,
    struct ltype_ref *ref, char **cause)
{
	size_t	nl = strlen(r->name);
	char	*first = NULL;
	int	 rc;

	if (nl > 0 && strncmp(path, r->name, nl) == 0 && (path[nl] == '\0' ||
	    path[nl] == '.' || path[nl] == '[')) {
		/* "ring.head": the rest, unless a member is named "ring". */
		rc = ltype_resolve(r->type, path + nl + (path[nl] == '.'), ref,
		    &first);
		if (rc != 0 && ltype_resolve(r->type, path, ref, NULL) == 0)
			rc = 0;
	} else
		rc = ltype_resolve(r->type, path, ref, &first);
	if (rc == 0) {
		free(first);
		ref->off += r->at;
		return 0;
	}
	if (cause != NULL && *cause == NULL)
		*cause = first;
	else
		free(first);
	return -1;
}

/* Resolve PATH in L; see layout.h. */
int
layout_resolve(const struct layout *l, const char *path,
    struct ltype_ref *ref, char **cause)
{
	char	*first = NULL;

	for (size_t i = 0; i < l->nroots; i++) {
		if (layout_resolve_root(&l->roots[i], path, ref, &first) == 0) {
			free(first);
			return 0;
		}
	}
	if (first == NULL)
		return cause_set(cause, "the layout has no field paths");
	if (cause != NULL)
		*cause = first;
	else
		free(first);
	return -1;
}

/* PATH's first byte in L into *off. */
int
layout_field_off(const struct layout *l, const char *path, uint64_t *off,
    char **cause)
{
	struct ltype_ref	ref;

	if (layout_resolve(l, path, &ref, cause) != 0)
		return -1;
	*off = ref.off;
	return 0;
}

/* The deepest path at OFF; see layout.h. */
int
layout_path_at(const struct layout *l, uint64_t off, char *out,
    size_t outlen, struct ltype_ref *ref)
{
	for (size_t i = 0; i < l->nroots; i++) {
		const struct layout_root	*r = &l->roots[i];

		if (off < r->at || off - r->at >= r->type->size)
			continue;
		if (ltype_path_at(r->type, r->name, off - r->at, out, outlen,
		    ref) != 0)
			return -1;
		if (ref != NULL)
			ref->off += r->at;
		return 0;
	}
	if (outlen > 0)
		out[0] = '\0';
	return -1;
}

/* The row F (LAYOUT_TREE) as text; layout_format's part for trees. */
void
layout_tree_format(const struct layout_field *f, const uint8_t *bytes,
    size_t avail, char *out, size_t outlen)
{
	size_t	o = 0;
	char	v[64];

	if (f->nbits < 2) {
		ltype_format(&f->ref, bytes, avail, out, outlen);
		return;
	}
	out[0] = '\0';
	for (size_t i = 0; i < f->nbits; i++) {
		const struct ltype_member	*m = &f->bits[i];
		struct ltype_ref		 r;
		uint64_t			 first;
		int				 n;

		memset(&r, 0, sizeof r);
		first = f->bits_base + m->bit_off / 8;
		r.off = first;
		r.size = (m->bit_off % 8 + m->bit_size + 7) / 8;
		r.bit_shift = (uint32_t)(m->bit_off % 8);
		r.bit_size = m->bit_size;
		r.type = m->type;
		if (first - f->off > avail) {
			snprintf(out, outlen, "unavailable");
			return;
		}
		ltype_format(&r, bytes + (first - f->off), avail -
		    (size_t)(first - f->off), v, sizeof v);
		n = snprintf(out + o, outlen - o, "%s%s=%s", i == 0 ? "" : " ",
		    m->name[0] == '\0' ? "_" : m->name, v);
		if (n < 0 || (size_t)n >= outlen - o)
			return;
		o += (size_t)n;
	}
}
