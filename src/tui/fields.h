/* SPDX-License-Identifier: ISC */
/*
 * fields.h - a layout in the viewer: the field panel, shading, names.
 *
 * Actions over struct app (see app.h): each returns APP_* bits.
 */
#ifndef LIVEHEX_FIELDS_H
#define LIVEHEX_FIELDS_H

#include <stdbool.h>
#include <stdint.h>

struct app;
struct layout_field;

/* Load the layout at PATH (replacing any); APP_* bits, a message on error. */
int	fields_load(struct app *a, const char *path);
/* Use the layout parsed from TEXT named NAME (the demo's); 0 or -1. */
int	fields_use_text(struct app *a, const char *text, const char *name);
/* Drop the layout. */
int	fields_unload(struct app *a);
/* Copy the fields' bytes and stamp changes (every tick); APP_* bits. */
int	fields_tick(struct app *a);
/* A livehex key (keys.h) while the field list has the focus; APP_* bits. */
int	fields_key(struct app *a, int key);
/* The field covering OFF, or NULL. */
const struct layout_field *fields_at(const struct app *a, uint64_t off);
/* True when OFF is in a field that is shaded (every other field). */
bool	fields_shaded(const struct app *a, uint64_t off);
/* Free the layout state. */
void	fields_free(struct app *a);

#endif
