/* SPDX-License-Identifier: ISC */
/*
 * fields_tree.h - the field panel's tree: folding and the visible rows.
 *
 * The layout's roots (layout.h) are type trees; the panel shows them as
 * rows indented by depth, records, unions and arrays folding open and
 * shut.  Only the rows asked for are made: a 100,000-element array costs
 * nothing until its elements scroll into view.  No curses here (the
 * unit tests drive it directly).
 */
#ifndef LIVEHEX_FIELDS_TREE_H
#define LIVEHEX_FIELDS_TREE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "ltype.h"

struct layout;
struct ftree;

/* One visible row of the panel. */
struct ftree_row {
	char			 path[LTYPE_MAX_PATH];	/* "ring.slots[3].state" */
	size_t			 label;		/* where its last part starts */
	unsigned		 depth;		/* 0 for a top row */
	bool			 foldable;	/* a record, union or array */
	bool			 open;		/* foldable and unfolded */
	struct ltype_ref	 ref;		/* ref.off from the file */
};

/* The fold state of L's tree, every node in its default state. */
struct ftree	*ftree_new(const struct layout *l);
/* Free FT; NULL is ignored. */
void		 ftree_free(struct ftree *ft);
/* Rows visible now (saturates at UINT64_MAX). */
uint64_t	 ftree_count(const struct ftree *ft);
/* Up to MAX visible rows from row FIRST into OUT; how many. */
size_t		 ftree_rows(const struct ftree *ft, uint64_t first,
		    struct ftree_row *out, size_t max);
/* Is the node at PATH (a row's path) open now? */
bool		 ftree_is_open(const struct ftree *ft, const char *path,
		    const struct ltype *type);
/* Open (OPEN) or fold the node at ROW; false: not foldable, or no change. */
bool		 ftree_set(struct ftree *ft, const struct ftree_row *row,
		    bool open);

#endif
