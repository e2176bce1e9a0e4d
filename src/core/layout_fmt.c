/* SPDX-License-Identifier: ISC */
/*
 * layout_fmt.c - a layout row as text: its type's name and its value.
 *
 * Split from layout.c (the parser) so each stays a readable size.  A
 * value's text is bounded: pieces go in whole or not at all, so a cut
 * never splits an escape or a hex byte, and nothing unsafe reaches the
 * terminal (text is escaped as esc_quote does).  Rows of a type tree
 * (LAYOUT_TREE) are ltype_format's, through layout_tree_format.
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "esc.h"
#include "layout.h"
#include "layout_tree.h"

/* F's type as written canonically into OUT. */
void
layout_type_name(const struct layout_field *f, char *out, size_t outlen)
{
	switch (f->kind) {
	case LAYOUT_VALUE:
		snprintf(out, outlen, "%s", f->type.name);
		break;
	case LAYOUT_BYTES:
		snprintf(out, outlen, "u8[%" PRIu64 "]", f->size);
		break;
	case LAYOUT_CHARS:
		snprintf(out, outlen, "char[%" PRIu64 "]", f->size);
		break;
	case LAYOUT_TREE:
		if (f->ref.bit_size != 0)	/* C's "int x : 3" */
			snprintf(out, outlen, "%s:%" PRIu32,
			    f->ref.type->name, f->ref.bit_size);
		else
			snprintf(out, outlen, "%s", f->ref.type->name);
		break;
	}
}

/*
 * A bounded output: pieces go in whole or not at all, and the first that
 * does not fit cuts the text back to the last piece that leaves room
 * for "...", so a cut never splits an escape or a hex byte.
 */
struct layout_out {
	char	*buf;
	size_t	 room;		/* bytes usable before the terminator */
	size_t	 o;		/* bytes written */
	size_t	 mark;		/* where "..." goes if the next piece is cut */
	bool	 cut;
};

/* Append the piece S (N bytes) to W, or cut W if it does not fit. */
static void
layout_put(struct layout_out *w, const char *s, size_t n)
{
	size_t	dots;

	if (w->cut)
		return;
	if (w->o + n <= w->room) {
		memcpy(w->buf + w->o, s, n);
		w->o += n;
		if (w->o + 3 <= w->room)
			w->mark = w->o;
		return;
	}
	w->cut = true;
	w->o = w->mark;
	dots = w->room - w->o < 3 ? w->room - w->o : 3;
	memcpy(w->buf + w->o, "...", dots);
	w->o += dots;
}

/* Append byte C of a char[N] field to W, escaped as esc_quote does. */
static void
layout_put_char(struct layout_out *w, unsigned char c)
{
	char	e[4];

	layout_put(w, e, esc_byte(c, ESC_MARKS, e));
}

/* F's value as text into OUT; see layout.h. */
void
layout_format(const struct layout_field *f, const uint8_t *bytes,
    size_t avail, char *out, size_t outlen)
{
	struct layout_out	w = { out, outlen - 1, 0, 0, false };
	char			v[64];

	if (outlen == 0)
		return;
	if (f->kind == LAYOUT_TREE) {
		layout_tree_format(f, bytes, avail, out, outlen);
		return;
	}
	if (avail < f->size)
		layout_put(&w, "unavailable", 11);
	else if (f->kind == LAYOUT_VALUE) {
		value_decode(&f->type, bytes, v, sizeof v);
		layout_put(&w, v, strlen(v));
	} else if (f->kind == LAYOUT_BYTES) {
		for (uint64_t i = 0; i < f->size && !w.cut; i++) {
			snprintf(v, sizeof v, " %02x", bytes[i]);
			/* The first byte has no space before it. */
			layout_put(&w, i == 0 ? v + 1 : v, i == 0 ? 2 : 3);
		}
	} else {
		layout_put(&w, "\"", 1);
		/* A C string: it ends at the first NUL, if there is one. */
		for (uint64_t i = 0; i < f->size && bytes[i] != 0 && !w.cut;
		    i++)
			layout_put_char(&w, bytes[i]);
		layout_put(&w, "\"", 1);
	}
	out[w.o] = '\0';
}
