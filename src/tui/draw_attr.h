/* SPDX-License-Identifier: ISC */
/*
 * draw_attr.h - the attribute a byte of the view is drawn in (curses).
 */
#ifndef LIVEHEX_DRAW_ATTR_H
#define LIVEHEX_DRAW_ATTR_H

#include <curses.h>
#include <stdbool.h>
#include <stddef.h>

#include "edit.h"

struct snap;
struct view;

/*
 * The attribute of byte I of snapshot S in PANE of view V (MATCH: a
 * search match covers it): one precedence for both panes and for the
 * hex gaps that join equal neighbours.
 */
attr_t	draw_attr_byte(const struct view *v, const struct snap *s, size_t i,
	    enum edit_pane pane, bool match);

#endif
