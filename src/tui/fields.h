/* SPDX-License-Identifier: ISC */
/*
 * fields.h - a layout in the viewer: the field panel, shading, names.
 *
 * Actions over struct app (see app.h): each returns APP_* bits.  The
 * layout state is opaque (fields_new / fields_free); the rest reads it
 * through the accessors.
 */
#ifndef LIVEHEX_FIELDS_H
#define LIVEHEX_FIELDS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct app;
struct fields;
struct layout;
struct layout_field;
struct snap;

/* No layout yet (app_new). */
struct fields *fields_new(void);
/* Free the layout state FS. */
void	fields_free(struct fields *fs);

/* Load the layout at PATH (replacing any); APP_* bits, a message on error. */
int	fields_load(struct app *a, const char *path);
/* Use the layout parsed from TEXT named NAME (the demo's); 0 or -1. */
int	fields_use_text(struct app *a, const char *text, const char *name);
/* Drop the layout. */
int	fields_unload(struct app *a);
/* Freeze the fields' window while paused (before every look). */
void	fields_window(struct app *a);
/* What the session's last look found in the fields' bytes; APP_* bits. */
int	fields_tick(struct app *a);
/* A livehex key (keys.h) while the field list has the focus; APP_* bits. */
int	fields_key(struct app *a, int key);
/* The field covering OFF, or NULL. */
const struct layout_field *fields_at(const struct app *a, uint64_t off);
/* True when OFF is in a field that is shaded (every other field). */
bool	fields_shaded(const struct app *a, uint64_t off);
/* The layout, or NULL. */
const struct layout *fields_layout(const struct app *a);
/* True when the field list has the keys (Tab gave them). */
bool	fields_focused(const struct app *a);
/* Give the field list the keys (ON) or take them back. */
void	fields_set_focus(struct app *a, bool on);
/* The field selected in the list. */
size_t	fields_selected(const struct app *a);
/* The fields' published copy, and the span copied [*LO, *HI); NULL: none. */
const struct snap *fields_snap(const struct app *a, uint64_t *lo,
	    uint64_t *hi);

#endif
