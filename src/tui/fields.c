/* SPDX-License-Identifier: ISC */
/*
 * fields.c - a layout in the viewer: the field panel, shading, names.
 *
 * A layout (layout.c) names the fields of a shared structure.  The panel
 * lists them with their live values; a field whose bytes another process
 * changes lights up and fades like changed bytes do; Enter on a field
 * (after Tab gives the list the focus) moves the cursor there.
 *
 * Live values need the fields' bytes even when they are off screen, so
 * the fields get a snapper of their own over [first field, extent), at
 * most FIELDS_MAX_SPAN bytes: one more copy and compare per tick.  Fields
 * beyond the span show as "(beyond the copied span)".
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "door.h"
#include "esc.h"
#include "fields.h"
#include "keys.h"
#include "layout.h"
#include "snap.h"

/* The most bytes of fields copied every tick. */
#define FIELDS_MAX_SPAN	(64u << 10)

/* Take over L as the layout; APP_* bits. */
static int
fields_take(struct app *a, struct layout *l)
{
	fields_free(a);
	a->layout = l;
	a->fields_snap = snapper_new();
	a->field_sel = 0;
	a->fields_lo = l->fields[l->by_off[0]].off;
	a->fields_hi = layout_extent(l);
	if (a->fields_hi - a->fields_lo > FIELDS_MAX_SPAN)
		a->fields_hi = a->fields_lo + FIELDS_MAX_SPAN;
	/* The panel shows the fields from now on (i cycles). */
	a->panel_what = APP_SHOW_FIELDS;
	a->inspector = true;
	return APP_RELAYOUT | APP_REDRAW | APP_RESNAP;
}

/* Load the layout at PATH (replacing any); APP_* bits, a message on error. */
int
fields_load(struct app *a, const char *path)
{
	struct layout	*l;
	char		*cause = NULL, *shown;

	if ((l = layout_load(path, &cause)) == NULL) {
		/* Keep running without it: the message says what is wrong. */
		app_msg(a, APP_MSG_ERROR, "%s", cause);
		free(cause);
		return APP_REDRAW;
	}
	/* PATH is the user's: a newline in it must not forge a line. */
	shown = esc_text(path, a->utf8);
	app_msg(a, APP_MSG_INFO, "layout %s: %zu fields (Tab to the list, "
	    "Enter jumps)", shown, l->n);
	free(shown);
	return fields_take(a, l);
}

/* Use the layout parsed from TEXT named NAME (the demo's); 0 or -1. */
int
fields_use_text(struct app *a, const char *text, const char *name)
{
	struct layout	*l;
	char		*cause = NULL;

	if ((l = layout_parse(text, name, &cause)) == NULL) {
		app_msg(a, APP_MSG_ERROR, "%s", cause);
		free(cause);
		return -1;
	}
	fields_take(a, l);
	return 0;
}

/* Drop the layout. */
int
fields_unload(struct app *a)
{
	if (a->layout == NULL) {
		app_msg(a, APP_MSG_INFO, "no layout loaded");
		return APP_REDRAW;
	}
	fields_free(a);
	app_msg(a, APP_MSG_INFO, "layout dropped");
	return APP_RELAYOUT | APP_REDRAW | APP_RESNAP;
}

/* Copy the fields' bytes and stamp changes (every tick); APP_* bits. */
int
fields_tick(struct app *a)
{
	int	bits;

	if (a->layout == NULL)
		return 0;
	bits = snapper_tick(a->fields_snap, a->door, a->fields_lo,
	    (size_t)(a->fields_hi - a->fields_lo), a->now, a->paused);
	if (bits & SNAP_CHANGED)
		return APP_REDRAW | APP_ACTIVE;
	return (bits & SNAP_PUBLISHED) ? APP_REDRAW : 0;
}

/* The field covering OFF, or NULL. */
const struct layout_field *
fields_at(const struct app *a, uint64_t off)
{
	return a->layout == NULL ? NULL : layout_field_at(a->layout, off);
}

/* True when OFF is in a field that is shaded (every other field). */
bool
fields_shaded(const struct app *a, uint64_t off)
{
	const struct layout_field	*f = fields_at(a, off);

	/* Alternate by position in the file so neighbours differ. */
	return f != NULL && (f - a->layout->fields) % 2 == 0;
}

/* A key while the field list has the focus; APP_* bits. */
int
fields_key(struct app *a, int key)
{
	size_t	n = a->layout == NULL ? 0 : a->layout->n;

	if (n == 0) {
		a->fields_focus = false;
		return APP_REDRAW;
	}
	if (key == 'j' || key == KEYS_DOWN) {
		if (a->field_sel + 1 < n)
			a->field_sel++;
		return APP_REDRAW;
	}
	if (key == 'k' || key == KEYS_UP) {
		if (a->field_sel > 0)
			a->field_sel--;
		return APP_REDRAW;
	}
	if (key == '\r' || key == '\n' || key == KEYS_ENTER) {
		const struct layout_field	*f = &a->layout->fields[a->field_sel];

		a->fields_focus = false;
		app_msg(a, APP_MSG_INFO, "%s at 0x%llx", f->name,
		    (unsigned long long)f->off);
		return app_jump(a, f->off) | APP_REDRAW;
	}
	/* Tab or Esc hands the focus back to the hex pane. */
	a->fields_focus = false;
	return APP_REDRAW;
}

/* Free the layout state. */
void
fields_free(struct app *a)
{
	layout_free(a->layout);
	snapper_free(a->fields_snap);
	a->layout = NULL;
	a->fields_snap = NULL;
	a->fields_focus = false;
	if (a->panel_what == APP_SHOW_FIELDS)
		a->panel_what = APP_SHOW_INSPECTOR;
}
