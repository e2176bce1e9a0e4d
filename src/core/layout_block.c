/* SPDX-License-Identifier: ISC */
/*
 * layout_block.c - the blocks of the layout format: records and enums.
 *
 *	struct NAME [SIZE] {		enum NAME TYPE {
 *		FIELD LINES			NAME = NUMBER
 *	}				}
 *
 * A struct block swaps a fresh layout into the parser for its fields, so
 * they are read by the same line parser (layout.c) with the same checks
 * (names, offsets, overlaps, every message), and at "}" the fields
 * become the members of a record type in the parser's tree; the outer
 * state waits in the parser meanwhile.  An enum block reads one value a
 * line.  Types are looked up by name when a field's TYPE is read.
 * "{" and "}" were errors before blocks, so no older file changes sense.
 */
#include "config.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layout.h"
#include "layout_parser.h"
#include "ltype.h"
#include "number.h"
#include "xmalloc.h"

/* The type defined as LEN bytes at S (struct or enum block), or NULL. */
struct ltype *
layout_block_deftype(struct layout_parser *p, const char *s, size_t len)
{
	for (size_t i = 0; i < p->ntypes; i++)
		if (strlen(p->types[i]->name) == len &&
		    memcmp(p->types[i]->name, s, len) == 0)
			return p->types[i];
	return NULL;
}

/* The scalar type VT as a tree node (for arrays and members). */
struct ltype *
layout_block_scalar(struct layout_parser *p, const struct value_type *vt)
{
	struct ltype	*t = ltree_add(p->tree, LTYPE_SCALAR, vt->name,
			    vt->width, vt->width);

	t->scalar = *vt;
	return t;
}


/* Is the token T a type's name (letters, digits, _; not a digit first)? */
static bool
layout_block_word(const struct layout_token *t)
{
	if (!layout_alpha(t->s[0]) && t->s[0] != '_')
		return false;
	for (size_t i = 1; i < t->len; i++)
		if (!layout_alpha(t->s[i]) && t->s[i] != '_' &&
		    !(t->s[i] >= '0' && t->s[i] <= '9'))
			return false;
	return t->len <= LAYOUT_MAX_NAME;
}

/* Open the block "struct NAME [SIZE] {" or "enum NAME TYPE {" in TOK. */
static int
layout_block_open(struct layout_parser *p, struct layout_token *tok,
    size_t n)
{
	struct value_type	 vt;
	char			 q[LAYOUT_QUOTE_LEN], *why = NULL;
	bool			 is_enum = layout_is(tok[0].s, tok[0].len, "enum");
	int			 rc;

	if (p->block != NULL)
		return layout_fail(p, tok[0].col, "blocks do not nest: close "
		    "\"%s\" (line %u) with } first", p->block->name,
		    p->block_line);
	if ((!is_enum && !layout_is(tok[0].s, tok[0].len, "struct")) ||
	    n < 3 || n > 4 || (is_enum && n != 4))
		return layout_fail(p, tok[0].col, "a block is \"struct NAME "
		    "[SIZE] {\" or \"enum NAME TYPE {\"");
	if (!layout_block_word(&tok[1]))
		return layout_fail(p, tok[1].col, "a type's name is letters, "
		    "digits and _, not %s", layout_quote_token(&tok[1], q));
	if (layout_block_deftype(p, tok[1].s, tok[1].len) != NULL ||
	    value_type_parse(layout_word(p, &tok[1]), &vt, NULL) == 0 ||
	    layout_is(tok[1].s, tok[1].len, "char") ||
	    layout_is(tok[1].s, tok[1].len, "bytes"))
		return layout_fail(p, tok[1].col, "type %s is already defined",
		    layout_quote_token(&tok[1], q));
	p->block_line = p->line;
	p->block_size = 0;
	if (is_enum) {
		if (value_type_parse(layout_word(p, &tok[2]), &vt, NULL) != 0 ||
		    vt.kind == VALUE_FLOAT)
			return layout_fail(p, tok[2].col, "an enum is an "
			    "integer type (u8 ... i64, le or be), not %s",
			    layout_quote_token(&tok[2], q));
		p->block = layout_block_scalar(p, &vt);
		p->block->kind = LTYPE_ENUM;
	} else {
		if (n == 4 && number_parse_range(layout_word(p, &tok[2]), 1,
		    UINT32_MAX, &p->block_size, 0, &why) != 0) {
			rc = layout_fail(p, tok[2].col, "size %s", why);
			free(why);
			return rc;
		}
		p->block = ltree_add(p->tree, LTYPE_RECORD, "", 0, 1);
		/* The fields that follow go into a layout of their own. */
		p->outer = p->l;
		p->outer_cap = p->cap;
		p->outer_prev_end = p->prev_end;
		p->outer_names = p->names;
		p->l = xcalloc(1, sizeof *p->l);
		p->l->source = xstrdup(p->name);
		p->cap = 0;
		p->prev_end = 0;
		p->names = xcalloc(LAYOUT_HASH_SLOTS, sizeof *p->names);
	}
	free(p->block->name);
	p->block->name = xasprintf("%.*s", (int)tok[1].len, tok[1].s);
	return 0;
}

/* Close the block open in P at column COL ("}"); 0 or -1. */
static int
layout_block_close(struct layout_parser *p, size_t col)
{
	struct ltype	*t = p->block;
	struct layout	*sub = p->l;
	uint64_t	 end = layout_extent(sub);

	if (t == NULL)
		return layout_fail(p, col, "\"}\" closes nothing (a block is "
		    "struct NAME [SIZE] { or enum NAME TYPE {)");
	if (t->kind == LTYPE_ENUM) {
		if (t->nvals == 0)
			return layout_fail(p, col, "enum \"%s\" has no values "
			    "(NAME = NUMBER, one per line)", t->name);
	} else {
		if (sub->n == 0)
			return layout_fail(p, col, "struct \"%s\" has no "
			    "fields", t->name);
		if (p->block_size != 0 && p->block_size < end)
			return layout_fail(p, col, "struct \"%s\" is %" PRIu64
			    " bytes, but its fields end at %" PRIu64, t->name,
			    p->block_size, end);
		t->size = p->block_size != 0 ? p->block_size : end;
		for (size_t i = 0; i < sub->n; i++) {
			const struct layout_field	*f = &sub->fields[i];
			struct ltype			*m;

			if (f->kind == LAYOUT_TREE)
				m = (struct ltype *)(uintptr_t)f->ref.type;
			else if (f->kind == LAYOUT_VALUE)
				m = layout_block_scalar(p, &f->type);
			else
				m = ltree_add(p->tree, f->kind == LAYOUT_CHARS ?
				    LTYPE_CHARS : LTYPE_BLOB, f->kind ==
				    LAYOUT_CHARS ? "char[]" : "u8[]", f->size,
				    1);
			ltype_add_member(t, f->name, f->off * 8, 0, m);
		}
		free(p->names);
		layout_free(sub);
		p->l = p->outer;
		p->cap = p->outer_cap;
		p->prev_end = p->outer_prev_end;
		p->names = p->outer_names;
		p->outer = NULL;
	}
	p->types = xrealloc(p->types, (p->ntypes + 1) * sizeof *p->types);
	p->types[p->ntypes++] = t;
	p->block = NULL;
	return 0;
}

/* An enum block's line "NAME = NUMBER" (or "NAME NUMBER") in TOK. */
static int
layout_block_value(struct layout_parser *p, struct layout_token *tok,
    size_t n)
{
	struct layout_token	*v = &tok[n - 1];
	const char		*w;
	uint64_t		 u;
	char			 q[LAYOUT_QUOTE_LEN], *why = NULL;
	bool			 neg;
	int			 rc;

	if (!layout_block_word(&tok[0]) || n < 2 || n > 3 ||
	    (n == 3 && !layout_is(tok[1].s, tok[1].len, "=")))
		return layout_fail(p, tok[0].col, "an enum's value is NAME = "
		    "NUMBER (or } to close enum \"%s\")", p->block->name);
	w = layout_word(p, v);
	neg = w[0] == '-';
	if (number_parse_u64(w + neg, &u, 0, &why) != 0 ||
	    (neg && u > (uint64_t)INT64_MAX + 1)) {
		rc = layout_fail(p, v->col, "value %s: %s",
		    layout_quote_token(v, q), why != NULL ? why : "too small");
		free(why);
		return rc;
	}
	for (size_t i = 0; i < p->block->nvals; i++)
		if (strlen(p->block->vals[i].name) == tok[0].len &&
		    memcmp(p->block->vals[i].name, tok[0].s, tok[0].len) == 0)
			return layout_fail(p, tok[0].col, "duplicate value %s",
			    layout_quote_token(&tok[0], q));
	memcpy(p->word, tok[0].s, tok[0].len);
	p->word[tok[0].len] = '\0';
	ltype_add_enumval(p->block, p->word, neg ? (int64_t)(0 - u) :
	    (int64_t)u);
	return 0;
}

/*
 * A block line in S (LEN bytes, no comment): 1 when it was one (opened,
 * closed, or an enum's value), 0 when it is a field line, -1 on error.
 * "{" and "}" were errors before blocks, so no older file changes sense.
 */
int
layout_block_parse(struct layout_parser *p, const char *s, size_t len)
{
	struct layout_token	tok[5];
	size_t			n = 0, at = 0;

	while (n < 5 && layout_next_token(s, len, &at, &tok[n]))
		n++;
	if (n == 0)
		return 0;
	if (layout_is(tok[0].s, tok[0].len, "}")) {
		if (n > 1)
			return layout_fail(p, tok[1].col, "nothing goes after "
			    "\"}\"");
		return layout_block_close(p, tok[0].col) == 0 ? 1 : -1;
	}
	if (layout_is(tok[n - 1].s, tok[n - 1].len, "{"))
		return layout_block_open(p, tok, n) == 0 ? 1 : -1;
	if (p->block != NULL && p->block->kind == LTYPE_ENUM)
		return layout_block_value(p, tok, n) == 0 ? 1 : -1;
	return 0;
}

