/* SPDX-License-Identifier: ISC */
/*
 * layout_tree.h - what layout.c needs from layout_tree.c (private to
 * the two): a .layout file's root, and the text of a tree row.
 */
#ifndef LIVEHEX_LAYOUT_TREE_H
#define LIVEHEX_LAYOUT_TREE_H

#include "layout.h"

/* Give the .layout L a root: a record of its fields. */
void	layout_tree_adopt(struct layout *l);
/* The LAYOUT_TREE row F as text (layout_format's contract). */
void	layout_tree_format(const struct layout_field *f,
	    const uint8_t *bytes, size_t avail, char *out, size_t outlen);
/* Parse LEN bytes of TEXT named NAME (layout.c); NULL with *cause. */
struct layout *layout_parse_buf(const char *text, size_t len,
	    const char *name, char **cause);
/* The options layout_set_defaults last set (layout_load's for specs). */
const struct layout_opts *layout_tree_defaults(void);

#endif
