/* SPDX-License-Identifier: ISC */
/*
 * fields.h - a layout in the viewer: the field panel, shading, names.
 *
 * A feature below the app: the layout state is opaque (fields_new /
 * fields_free), made with the live session it takes a window in and the
 * status line it talks to; calls return REACT_* bits (react.h), and a
 * field chosen in the list goes back as an offset for the app to jump
 * to.  It never sees struct app; draw.c reads it through the const
 * accessors.
 */
#ifndef LIVEHEX_FIELDS_H
#define LIVEHEX_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct fields;
struct ftree_row;
struct layout;
struct layout_field;
struct layout_spec;
struct live;
struct ltype_ref;
struct snap;
struct status;

/*
 * No layout yet; windows go into LIVE, messages to ST (UTF8: the
 * locale's charset, for names in them).
 */
struct fields *fields_new(struct live *live, struct status *st, bool utf8);
/* Free the layout state FS (before the session its window is in). */
void	fields_free(struct fields *fs);

/* Load the layout at PATH (replacing any); REACT_* bits (RELAYOUT: loaded). */
int	fields_load(struct fields *fs, const char *path);
/*
 * Open the N specs as one layout (--layout given several times; the
 * options layout_set_defaults last set); REACT_* bits (RELAYOUT: open).
 */
int	fields_open(struct fields *fs, const struct layout_spec *specs,
	    size_t n);
/* Use the layout parsed from TEXT named NAME (the demo's); 0 or -1. */
int	fields_use_text(struct fields *fs, const char *text, const char *name);
/*
 * session: the spec the layout was loaded from (:layout SPEC, one
 * --layout), or NULL; *NSPECS: how many specs made it (0: none or the
 * demo's built-in layout, more than 1: several --layout).
 */
const char *fields_spec(const struct fields *fs, size_t *nspecs);
/* Drop the layout; REACT_* bits (RELAYOUT: there was one). */
int	fields_unload(struct fields *fs);
/* Freeze the fields' window while PAUSED (before every look). */
void	fields_window(struct fields *fs, bool paused);
/*
 * What the session's last look found in the fields' bytes (NOW: the
 * app's clock); checks the changed rows for torn values; REACT_* bits.
 */
int	fields_tick(struct fields *fs, uint32_t now);
/* When the row at REF was last caught torn (fields_torn.h; 0: never). */
uint32_t fields_torn(const struct fields *fs, const struct ltype_ref *ref);
/*
 * A livehex KEY (keys.h) while the field list has the focus; REACT_*
 * bits.  Enter on a field sets *JUMP and *TO: the app goes there.
 */
int	fields_key(struct fields *fs, int key, bool *jump, uint64_t *to);
/* The field covering OFF, or NULL. */
const struct layout_field *fields_at(const struct fields *fs, uint64_t off);
/* The shade of the record holding OFF: 1 or 2, alternating; 0: none. */
int	fields_shade(const struct fields *fs, uint64_t off);
/* The layout, or NULL. */
const struct layout *fields_layout(const struct fields *fs);
/* True when the field list has the keys (Tab gave them). */
bool	fields_focused(const struct fields *fs);
/* Give the field list the keys (ON) or take them back. */
void	fields_set_focus(struct fields *fs, bool on);
/* The row selected in the list. */
uint64_t fields_selected(const struct fields *fs);
/* Visible rows of the list (0: no layout). */
uint64_t fields_nrows(const struct fields *fs);
/* Up to MAX rows of the list from row FIRST into OUT; how many. */
size_t	fields_rows(const struct fields *fs, uint64_t first,
	    struct ftree_row *out, size_t max);
/* The fields' published copy, and the span copied [*LO, *HI); NULL: none. */
const struct snap *fields_snap(const struct fields *fs, uint64_t *lo,
	    uint64_t *hi);

#endif
