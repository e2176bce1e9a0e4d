/* SPDX-License-Identifier: ISC */
/*
 * fields_tree.c - the field panel's tree: folding and the visible rows.
 *
 * The panel shows the layout's type trees (ltype.h) row by row: a root
 * (unless it is the unnamed record of a .layout file, whose fields are
 * the top rows), then the members of open records and unions, then the
 * elements of open arrays, indented by depth.  Anonymous members are
 * transparent: their members show at their place, as C names them.
 *
 * The fold state is a list of the paths whose state differs from the
 * default (records and unions open, arrays open up to FTREE_OPEN_MAX
 * elements), so a layout costs nothing until the user folds something.
 * Counting rows is arithmetic: a subtree nobody touched has a size
 * fixed by its type (ftree_full), and an array is COUNT such subtrees
 * plus the difference its touched elements make.  So rows [first,
 * first + max) are found by skipping whole subtrees and blocks of
 * untouched elements, and only those rows are ever made: a
 * 100,000-element array scrolls without being expanded.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fields_tree.h"
#include "layout.h"
#include "ltype.h"
#include "xmalloc.h"

/* Arrays with more elements than this start folded. */
#define FTREE_OPEN_MAX	16

/* The fold state behind ftree_new / ftree_free. */
struct ftree {
	const struct layout	 *l;
	char			**flip;		/* paths not in their default */
	size_t			  nflip;
};

/* Where a walk puts its rows and how many it still skips. */
struct ftree_walk {
	const struct ftree	*ft;
	const struct layout_root *root;
	size_t			 rel;		/* the root's name's length */
	uint64_t		 skip;
	struct ftree_row	*out;
	size_t			 n, max;
};

/* A + B, saturating. */
static uint64_t
ftree_add(uint64_t a, uint64_t b)
{
	return a > UINT64_MAX - b ? UINT64_MAX : a + b;
}

/* A * B, saturating. */
static uint64_t
ftree_mul(uint64_t a, uint64_t b)
{
	return b != 0 && a > UINT64_MAX / b ? UINT64_MAX : a * b;
}

/* True for types with rows below them. */
static bool
ftree_foldable(const struct ltype *t)
{
	return t != NULL && (t->kind == LTYPE_RECORD || t->kind ==
	    LTYPE_UNION || (t->kind == LTYPE_ARRAY && t->count > 0));
}

/* Is PATH a root's name (roots start open)? */
static bool
ftree_is_root(const struct ftree *ft, const char *path)
{
	for (size_t i = 0; i < ft->l->nroots; i++)
		if (strcmp(ft->l->roots[i].name, path) == 0)
			return true;
	return false;
}

/* The default state of T at PATH. */
static bool
ftree_default_open(const struct ftree *ft, const char *path,
    const struct ltype *t)
{
	if (t->kind == LTYPE_ARRAY)
		return t->count <= FTREE_OPEN_MAX || ftree_is_root(ft, path);
	return true;
}

/* Index of PATH in the flipped list, or -1. */
static long
ftree_find(const struct ftree *ft, const char *path)
{
	for (size_t i = 0; i < ft->nflip; i++)
		if (strcmp(ft->flip[i], path) == 0)
			return (long)i;
	return -1;
}

/* Is any flipped path strictly below PATH? */
static bool
ftree_touched(const struct ftree *ft, const char *path)
{
	size_t	pl = strlen(path);

	for (size_t i = 0; i < ft->nflip; i++)
		if (strncmp(ft->flip[i], path, pl) == 0 &&
		    (ft->flip[i][pl] == '.' || ft->flip[i][pl] == '[' ||
		    (pl == 0 && ft->flip[i][0] != '\0')))
			return true;
	return false;
}

/* Is the node at PATH (a row's path) open now? */
bool
ftree_is_open(const struct ftree *ft, const char *path,
    const struct ltype *type)
{
	if (!ftree_foldable(type))
		return false;
	return ftree_default_open(ft, path, type) != (ftree_find(ft, path) >= 0);
}

/* PATH joined with member NAME into OUT (LTYPE_MAX_PATH bytes). */
static void
ftree_join(char *out, const char *path, const char *name)
{
	snprintf(out, LTYPE_MAX_PATH, "%s%s%s", path, path[0] != '\0' ?
	    "." : "", name);
}

/* Rows below T when it is open and untouched (the default states). */
static uint64_t ftree_kids_full(const struct ltype *t);

/* Rows of T itself and below, untouched, not a root. */
static uint64_t
ftree_full(const struct ltype *t)
{
	if (!ftree_foldable(t) || (t->kind == LTYPE_ARRAY &&
	    t->count > FTREE_OPEN_MAX))
		return 1;
	return ftree_add(1, ftree_kids_full(t));
}

/* Rows below T when it is open and untouched (the default states). */
static uint64_t
ftree_kids_full(const struct ltype *t)
{
	uint64_t	sum = 0;

	if (t->kind == LTYPE_ARRAY)
		return ftree_mul(t->count, ftree_full(t->elem));
	for (size_t i = 0; i < t->n; i++)
		sum = ftree_add(sum, t->members[i].name[0] == '\0' &&
		    ftree_foldable(t->members[i].type) ?
		    ftree_kids_full(t->members[i].type) :
		    ftree_full(t->members[i].type));
	return sum;
}

/* qsort's order for uint64_t. */
static int
ftree_cmp_u64(const void *a, const void *b)
{
	uint64_t	x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/*
 * The sorted distinct element indices I of the array at PATH with a
 * flipped path at or below "PATH[I]"; *N of them (free the result).
 */
static uint64_t *
ftree_indices(const struct ftree *ft, const char *path, size_t *n)
{
	uint64_t	*idx = xcalloc(ft->nflip + 1, sizeof *idx);
	size_t		 pl = strlen(path), k = 0;

	for (size_t i = 0; i < ft->nflip; i++) {
		const char	*p = ft->flip[i];
		char		*end;

		if (strncmp(p, path, pl) != 0 || p[pl] != '[')
			continue;
		idx[k] = strtoull(p + pl + 1, &end, 10);
		if (*end == ']')
			k++;
	}
	qsort(idx, k, sizeof *idx, ftree_cmp_u64);
	*n = 0;
	for (size_t i = 0; i < k; i++)
		if (*n == 0 || idx[*n - 1] != idx[i])
			idx[(*n)++] = idx[i];
	return idx;
}

static uint64_t ftree_kids(const struct ftree *ft, const struct ltype *t,
    const char *path);

/* Visible rows of T at PATH, its own row included. */
static uint64_t
ftree_vis(const struct ftree *ft, const struct ltype *t, const char *path)
{
	if (!ftree_is_open(ft, path, t))
		return 1;
	return ftree_add(1, ftree_kids(ft, t, path));
}

/* Visible rows below the open T at PATH. */
static uint64_t
ftree_kids(const struct ftree *ft, const struct ltype *t, const char *path)
{
	char		 sub[LTYPE_MAX_PATH];
	uint64_t	 sum = 0, *idx, fe;
	size_t		 n;

	if (!ftree_touched(ft, path))
		return ftree_kids_full(t);
	if (t->kind != LTYPE_ARRAY) {
		for (size_t i = 0; i < t->n; i++) {
			const struct ltype_member	*m = &t->members[i];

			if (m->name[0] == '\0' && ftree_foldable(m->type)) {
				sum = ftree_add(sum, ftree_kids(ft, m->type,
				    path));
				continue;
			}
			ftree_join(sub, path, m->name);
			sum = ftree_add(sum, ftree_vis(ft, m->type, sub));
		}
		return sum;
	}
	/* COUNT untouched elements, corrected by the touched ones. */
	fe = ftree_full(t->elem);
	sum = ftree_mul(t->count, fe);
	idx = ftree_indices(ft, path, &n);
	for (size_t i = 0; i < n && idx[i] < t->count; i++) {
		snprintf(sub, sizeof sub, "%s[%" PRIu64 "]", path, idx[i]);
		sum = ftree_add(sum - fe, ftree_vis(ft, t->elem, sub));
	}
	free(idx);
	return sum;
}

/* Make the row for T at PATH (DEPTH) in W's output. */
static void
ftree_emit(struct ftree_walk *w, const struct ltype *t, const char *path,
    unsigned depth)
{
	struct ftree_row	*r = &w->out[w->n++];
	const char		*dot = strrchr(path, '.');
	const char		*brk = strrchr(path, '[');
	const char		*last = dot > brk ? dot + 1 : brk;
	const char		*rel = path + w->rel;

	snprintf(r->path, sizeof r->path, "%s", path);
	r->label = last == NULL ? 0 : (size_t)(last - path);
	r->depth = depth;
	r->foldable = ftree_foldable(t);
	r->open = ftree_is_open(w->ft, path, t);
	memset(&r->ref, 0, sizeof r->ref);
	/* "ring.head" resolves as "head" below the root "ring". */
	if (*rel == '.')
		rel++;
	if (ltype_resolve(w->root->type, rel, &r->ref, NULL) != 0) {
		/* A path cut at LTYPE_MAX_PATH: show the type, no bytes. */
		memset(&r->ref, 0, sizeof r->ref);
		r->ref.type = t;
		r->ref.off = w->root->at;
	} else
		r->ref.off += w->root->at;
}

static void ftree_walk_kids(struct ftree_walk *w, const struct ltype *t,
    const char *path, unsigned depth);

/* Walk T at PATH (DEPTH): skip it whole, or make its rows in range. */
static void
ftree_walk_node(struct ftree_walk *w, const struct ltype *t,
    const char *path, unsigned depth)
{
	uint64_t	v;

	if (w->n >= w->max)
		return;
	v = ftree_vis(w->ft, t, path);
	if (w->skip >= v) {
		w->skip -= v;
		return;
	}
	if (w->skip == 0)
		ftree_emit(w, t, path, depth);
	else
		w->skip--;
	if (ftree_is_open(w->ft, path, t))
		ftree_walk_kids(w, t, path, depth + 1);
}

/* Walk the elements of the array T at PATH (DEPTH for them). */
static void
ftree_walk_elems(struct ftree_walk *w, const struct ltype *t,
    const char *path, unsigned depth)
{
	char		 sub[LTYPE_MAX_PATH];
	uint64_t	 fe = ftree_full(t->elem), i = 0, *idx;
	size_t		 n, k = 0;

	idx = ftree_indices(w->ft, path, &n);
	while (i < t->count && w->n < w->max) {
		uint64_t	next = k < n && idx[k] < t->count ? idx[k] :
				    t->count;

		/* Untouched elements [i, next): fe rows each. */
		if (i < next) {
			uint64_t	jump = w->skip / fe;

			if (jump >= next - i) {
				w->skip -= (next - i) * fe;
				i = next;
				continue;
			}
			w->skip -= jump * fe;
			i += jump;
		}
		for (; i <= next && i < t->count && w->n < w->max; i++) {
			snprintf(sub, sizeof sub, "%s[%" PRIu64 "]", path, i);
			ftree_walk_node(w, t->elem, sub, depth);
		}
		if (i > next)
			k++;
	}
	free(idx);
}

/* Walk the rows below the open T at PATH (DEPTH for them). */
static void
ftree_walk_kids(struct ftree_walk *w, const struct ltype *t,
    const char *path, unsigned depth)
{
	char	sub[LTYPE_MAX_PATH];

	if (t->kind == LTYPE_ARRAY) {
		ftree_walk_elems(w, t, path, depth);
		return;
	}
	for (size_t i = 0; i < t->n && w->n < w->max; i++) {
		const struct ltype_member	*m = &t->members[i];

		if (m->name[0] == '\0' && ftree_foldable(m->type)) {
			/* Anonymous: its members show in its place. */
			ftree_walk_kids(w, m->type, path, depth);
			continue;
		}
		ftree_join(sub, path, m->name);
		ftree_walk_node(w, m->type, sub, depth);
	}
}

/* The fold state of L's tree, every node in its default state. */
struct ftree *
ftree_new(const struct layout *l)
{
	struct ftree	*ft = xcalloc(1, sizeof *ft);

	ft->l = l;
	return ft;
}

/* Free FT; NULL is ignored. */
void
ftree_free(struct ftree *ft)
{
	if (ft == NULL)
		return;
	for (size_t i = 0; i < ft->nflip; i++)
		free(ft->flip[i]);
	free(ft->flip);
	free(ft);
}

/* Rows visible now (saturates at UINT64_MAX). */
uint64_t
ftree_count(const struct ftree *ft)
{
	uint64_t	sum = 0;

	for (size_t i = 0; i < ft->l->nroots; i++) {
		const struct layout_root	*r = &ft->l->roots[i];

		/* A .layout file's unnamed record: its fields are the top. */
		sum = ftree_add(sum, r->name[0] == '\0' ?
		    ftree_kids(ft, r->type, "") :
		    ftree_vis(ft, r->type, r->name));
	}
	return sum;
}

/* Up to MAX visible rows from row FIRST into OUT; how many. */
size_t
ftree_rows(const struct ftree *ft, uint64_t first, struct ftree_row *out,
    size_t max)
{
	struct ftree_walk	w = { .ft = ft, .skip = first, .out = out,
				    .max = max };

	for (size_t i = 0; i < ft->l->nroots && w.n < max; i++) {
		w.root = &ft->l->roots[i];
		w.rel = 0;
		if (w.root->name[0] == '\0') {
			if (ftree_foldable(w.root->type))
				ftree_walk_kids(&w, w.root->type, "", 0);
			continue;
		}
		w.rel = strlen(w.root->name);
		ftree_walk_node(&w, w.root->type, w.root->name, 0);
	}
	return w.n;
}

/* Open (OPEN) or fold the node at ROW; false: not foldable, or no change. */
bool
ftree_set(struct ftree *ft, const struct ftree_row *row, bool open)
{
	long	at;

	if (!row->foldable || ftree_is_open(ft, row->path, row->ref.type) ==
	    open)
		return false;
	if ((at = ftree_find(ft, row->path)) >= 0) {
		free(ft->flip[at]);
		ft->flip[at] = ft->flip[--ft->nflip];
		return true;
	}
	ft->flip = xrealloc(ft->flip, (ft->nflip + 1) * sizeof *ft->flip);
	ft->flip[ft->nflip++] = xstrdup(row->path);
	return true;
}
