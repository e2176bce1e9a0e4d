/* SPDX-License-Identifier: ISC */
/*
 * layout.c - named fields of a shared structure: the layout file format.
 *
 * Owns the parser for the format in layout.h (docs/layouts.md is the
 * reference) and the lookups the view needs per byte; layout_file.c
 * reads the file, layout_fmt.c formats a value, layout_tree.c gives the
 * result its type tree and expands struct and array fields into rows.
 *
 * Blocks (struct NAME [SIZE] { ... }, enum NAME TYPE { ... }) are read
 * with the same line parser: a struct block swaps in a fresh layout for
 * its fields (so names, offsets and overlaps are checked exactly as at
 * the top level) and turns it into a record type at its "}"; the outer
 * state is kept in the parser meanwhile.  Types live in a tree the
 * layout owns.  A field of a record, array or enum type is one row here
 * (LAYOUT_TREE, checked for overlap whole) and expanded afterwards.
 *
 * The parser reads line by line and stops at the first error, which it
 * reports as "NAME:LINE:COL: what is wrong" (the form compilers use, so
 * editors can jump to it).  Each line is checked as text first (UTF-8,
 * no control bytes, not too long) so that everything a message quotes
 * afterwards is known to be text; quoted tokens are escaped and cut
 * anyway, since causes end up on the user's terminal.
 *
 * Invariants of a parsed layout: at least one field; names unique; every
 * field has size >= 1 and off + size <= 2^64-1; no two fields share a
 * byte.  Because fields are disjoint, by_off (indices sorted by offset)
 * answers "which field covers this byte" with one binary search, and the
 * parser keeps it sorted as it goes so that an overlap is found by
 * looking at the two neighbours of the new field.  Duplicate names are
 * found with a small open-addressing hash so a 4096-field layout does
 * not cost 8 million string comparisons.
 *
 * Nothing here prints or exits; allocation failure is fatal (xmalloc).
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "esc.h"
#include "layout.h"
#include "layout_parser.h"
#include "layout_tree.h"
#include "number.h"
#include "xmalloc.h"

/* Set *cause to "NAME:LINE:COL: message" and return -1. */
int
layout_fail(struct layout_parser *p, size_t col, const char *fmt, ...)
{
	va_list	 ap;
	char	*msg, *name;

	if (p->cause == NULL)
		return -1;
	/* One call: measuring with vsnprintf(NULL, 0) first upset gcc -O1. */
	va_start(ap, fmt);
	msg = xvasprintf(fmt, ap);
	va_end(ap);
	/* The name is a path: a newline in it must not forge a line. */
	name = esc_text(p->name, true);
	cause_set(p->cause, "%s:%u:%zu: %s", name, p->line, col, msg);
	free(name);
	free(msg);
	return -1;
}

/*
 * LEN bytes at S as a quoted, escaped, cut string for a message in OUT:
 * esc_quote's form, every byte >= 0x80 as \xNN (a line is checked to be
 * UTF-8 before anything on it is quoted, but a token cut is kept short).
 */
static const char *
layout_quote(const char *s, size_t len, char out[LAYOUT_QUOTE_LEN])
{
	char	*q = esc_quote(s, len, LAYOUT_QUOTE_MAX, ESC_MARKS);

	/* esc_quote writes at most ESC_PER_BYTE per byte, plus 6. */
	snprintf(out, LAYOUT_QUOTE_LEN, "%s", q);
	free(q);
	return out;
}

/* Token T as a quoted string for a message (in OUT). */
const char *
layout_quote_token(const struct layout_token *t, char out[LAYOUT_QUOTE_LEN])
{
	return layout_quote(t->s, t->len, out);
}

/* Check that line S (LEN bytes, no EOL) is text; 0 or -1 with a cause. */
static int
layout_check_text(struct layout_parser *p, const char *s, size_t len)
{
	const unsigned char	*u = (const unsigned char *)s;
	uint32_t		 cp;
	size_t			 i = 0, n;

	while (i < len) {
		if (i >= LAYOUT_MAX_LINE)
			return layout_fail(p, LAYOUT_MAX_LINE + 1,
			    "line too long (at most %d bytes)",
			    LAYOUT_MAX_LINE);
		if (u[i] == '\t' || (u[i] >= 0x20 && u[i] < 0x7f)) {
			i++;
			continue;
		}
		if (u[i] < 0x80)
			return layout_fail(p, i + 1, "control character "
			    "0x%02x (a layout is text)", u[i]);
		n = esc_utf8(u + i, len - i, &cp);
		if (n == 0)
			return layout_fail(p, i + 1, "invalid UTF-8 (byte "
			    "0x%02x; a layout is UTF-8 text)", u[i]);
		/* C1 controls are well formed, but CSI is one of them. */
		if (cp < 0xa0)
			return layout_fail(p, i + 1, "control character "
			    "U+%04" PRIX32 " (a layout is text)", cp);
		i += n;
	}
	return 0;
}

/* The next blank-separated token of S[*at, LEN) into T; false at end. */
bool
layout_next_token(const char *s, size_t len, size_t *at,
    struct layout_token *t)
{
	size_t	i = *at;

	while (i < len && (s[i] == ' ' || s[i] == '\t'))
		i++;
	if (i == len)
		return false;
	t->s = s + i;
	t->col = i + 1;
	while (i < len && s[i] != ' ' && s[i] != '\t')
		i++;
	t->len = i - (t->col - 1);
	*at = i;
	return true;
}

/* Token T as a C string in the parser's scratch buffer. */
const char *
layout_word(struct layout_parser *p, const struct layout_token *t)
{
	memcpy(p->word, t->s, t->len);
	p->word[t->len] = '\0';
	return p->word;
}

/* True for an ASCII letter. */
bool
layout_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

/* FNV-1a hash of LEN bytes at S. */
static uint32_t
layout_hash(const char *s, size_t len)
{
	uint32_t	h = 2166136261u;

	for (size_t i = 0; i < len; i++)
		h = (h ^ (unsigned char)s[i]) * 16777619u;
	return h;
}

/* The name hash slot holding name T, or the free slot where it would go. */
static uint32_t *
layout_name_slot(struct layout_parser *p, const struct layout_token *t)
{
	uint32_t	i = layout_hash(t->s, t->len) & (LAYOUT_HASH_SLOTS - 1);

	/* Never full: at most LAYOUT_MAX_FIELDS of twice as many slots. */
	for (;; i = (i + 1) & (LAYOUT_HASH_SLOTS - 1)) {
		const char	*name;

		if (p->names[i] == 0)
			return &p->names[i];
		name = p->l->fields[p->names[i] - 1].name;
		if (strlen(name) == t->len && memcmp(name, t->s, t->len) == 0)
			return &p->names[i];
	}
}

/* Check the name token T (unique, well formed); 0 or -1 with a cause. */
static int
layout_check_name(struct layout_parser *p, const struct layout_token *t)
{
	char		 q[LAYOUT_QUOTE_LEN];
	uint32_t	*slot;

	if (!layout_alpha(t->s[0]) && t->s[0] != '_') {
		if ((t->s[0] >= '0' && t->s[0] <= '9') || t->s[0] == '+' ||
		    t->s[0] == '-')
			return layout_fail(p, t->col, "a field starts with "
			    "its name, not %s (a field is NAME [OFFSET] TYPE)",
			    layout_quote_token(t, q));
		if ((unsigned char)t->s[0] >= 0x80)
			return layout_fail(p, t->col, "a name is ASCII: "
			    "letters, digits, _ . and -");
		return layout_fail(p, t->col, "a name starts with a letter "
		    "or _, not %s", layout_quote(t->s, 1, q));
	}
	for (size_t i = 1; i < t->len; i++) {
		char	c = t->s[i];

		if (i == LAYOUT_MAX_NAME)
			return layout_fail(p, t->col + i, "name too long (at "
			    "most %d bytes)", LAYOUT_MAX_NAME);
		if ((unsigned char)c >= 0x80)
			return layout_fail(p, t->col + i, "a name is ASCII: "
			    "letters, digits, _ . and -");
		if (!layout_alpha(c) && !(c >= '0' && c <= '9') && c != '_' &&
		    c != '.' && c != '-')
			return layout_fail(p, t->col + i, "%s cannot be in a "
			    "name (letters, digits, _ . and - can)",
			    layout_quote(t->s + i, 1, q));
	}
	slot = layout_name_slot(p, t);
	if (*slot != 0)
		return layout_fail(p, t->col, "duplicate name %s (first on "
		    "line %u)", layout_quote_token(t, q),
		    p->l->fields[*slot - 1].line);
	return 0;
}

/* Parse the offset token T into *off (*rel: +N); 0 or -1 with a cause. */
static int
layout_parse_offset(struct layout_parser *p, const struct layout_token *t,
    uint64_t *off, bool *rel)
{
	enum number_anchor	 anchor;
	char			 q[LAYOUT_QUOTE_LEN], *why = NULL;
	int			 rc;

	if (t->s[0] == '-')
		return layout_fail(p, t->col, "an offset is N (from the "
		    "start) or +N (after the previous field), not %s",
		    layout_quote_token(t, q));
	if (number_parse_offset(layout_word(p, t), off, &anchor, 0,
	    &why) != 0) {
		rc = layout_fail(p, t->col, "offset %s", why);
		free(why);
		return rc;
	}
	*rel = anchor == NUMBER_RELATIVE;
	return 0;
}

/* Case-insensitive: is LEN bytes at S the word W? */
bool
layout_is(const char *s, size_t len, const char *w)
{
	return strlen(w) == len && strncasecmp(s, w, len) == 0;
}

/* Parse the type token T into field F; 0 or -1 with a cause. */
static int
layout_parse_type(struct layout_parser *p, const struct layout_token *t,
    struct layout_field *f)
{
	const char		*open, *close;
	size_t			 base, at;
	struct value_type	 vt;
	struct ltype		*deft, *elem = NULL;
	uint64_t		 count;
	char			 q[LAYOUT_QUOTE_LEN], *why = NULL;
	int			 rc;

	if (!layout_alpha(t->s[0]))
		return layout_fail(p, t->col, "%s is neither an offset (N or "
		    "+N) nor a type", layout_quote_token(t, q));
	open = memchr(t->s, '[', t->len);
	base = open == NULL ? t->len : (size_t)(open - t->s);
	if (open == NULL && (deft = layout_block_deftype(p, t->s, base)) != NULL) {
		f->kind = LAYOUT_TREE;
		f->ref.type = deft;
		f->ref.size = f->size = deft->size;
		return 0;
	}
	if (open == NULL) {
		if (layout_is(t->s, base, "char") ||
		    layout_is(t->s, base, "bytes"))
			return layout_fail(p, t->col, "%s needs a count: "
			    "%s[N]", layout_quote_token(t, q),
			    layout_word(p, t));
		if (value_type_parse(layout_word(p, t), &vt, NULL) != 0)
			return layout_fail(p, t->col, "unknown type %s (%s)",
			    layout_quote_token(t, q), LAYOUT_TYPES);
		f->kind = LAYOUT_VALUE;
		f->type = vt;
		f->size = vt.width;
		return 0;
	}
	if (layout_is(t->s, base, "u8") || layout_is(t->s, base, "bytes"))
		f->kind = LAYOUT_BYTES;
	else if (layout_is(t->s, base, "char"))
		f->kind = LAYOUT_CHARS;
	else {
		/* An array of any other type: u32[4], slot[64]. */
		memcpy(p->word, t->s, base);
		p->word[base] = '\0';
		if (value_type_parse(p->word, &vt, NULL) == 0)
			elem = layout_block_scalar(p, &vt);
		else if ((elem = layout_block_deftype(p, t->s, base)) == NULL)
			return layout_fail(p, t->col, "unknown type %s (%s)",
			    layout_quote_token(t, q), LAYOUT_TYPES);
		f->kind = LAYOUT_TREE;
	}
	at = base + 1;
	close = memchr(open, ']', t->len - base);
	if (close == NULL)
		return layout_fail(p, t->col + t->len, "\"]\" is missing "
		    "after the count");
	if (close == open + 1)
		return layout_fail(p, t->col + at, "the count is missing: "
		    "%.*s[N]", (int)base, t->s);
	if ((size_t)(close - t->s) + 1 < t->len) {
		struct layout_token	rest;

		rest.s = close + 1;
		rest.len = t->len - (size_t)(rest.s - t->s);
		return layout_fail(p, t->col + (size_t)(rest.s - t->s),
		    "unexpected %s after \"]\"", layout_quote_token(&rest, q));
	}
	memcpy(p->word, open + 1, (size_t)(close - open - 1));
	p->word[close - open - 1] = '\0';
	if (number_parse_range(p->word, 1, LAYOUT_MAX_COUNT, &count, 0,
	    &why) != 0) {
		rc = layout_fail(p, t->col + at, "count %s", why);
		free(why);
		return rc;
	}
	f->size = count;
	if (elem != NULL) {
		f->ref.type = ltree_array(p->tree, elem, count);
		f->ref.size = f->size = f->ref.type->size;
		if (f->size == 0)
			return layout_fail(p, t->col, "%s has no bytes",
			    layout_quote_token(t, q));
	}
	return 0;
}

/* Place F at its offset and check it against the others; 0 or -1. */
static int
layout_place(struct layout_parser *p, struct layout_field *f, size_t col)
{
	const struct layout_field	*o = NULL;
	size_t				 lo = 0, hi = p->l->n;

	/* off + size must fit, so that every end is a plain uint64_t. */
	if (f->size > UINT64_MAX - f->off)
		return layout_fail(p, col, "the field ends past the last "
		    "offset (2^64-1)");
	/* The new field goes before the first field that starts after it. */
	while (lo < hi) {
		size_t	mid = lo + (hi - lo) / 2;

		if (p->l->fields[p->l->by_off[mid]].off <= f->off)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* The others are disjoint: only the two neighbours can overlap. */
	if (lo > 0) {
		o = &p->l->fields[p->l->by_off[lo - 1]];
		if (o->off + o->size <= f->off)
			o = NULL;
	}
	if (o == NULL && lo < p->l->n) {
		o = &p->l->fields[p->l->by_off[lo]];
		if (o->off >= f->off + f->size)
			o = NULL;
	}
	if (o != NULL)
		return layout_fail(p, col, "bytes 0x%" PRIx64 "-0x%" PRIx64
		    " overlap \"%s\" (0x%" PRIx64 "-0x%" PRIx64 ", line %u)",
		    f->off, f->off + f->size - 1, o->name, o->off,
		    o->off + o->size - 1, o->line);
	memmove(p->l->by_off + lo + 1, p->l->by_off + lo,
	    (p->l->n - lo) * sizeof *p->l->by_off);
	p->l->by_off[lo] = p->l->n;
	return 0;
}

/* Parse one line S (LEN bytes, no EOL); 0 or -1 with a cause. */
static int
layout_parse_line(struct layout_parser *p, const char *s, size_t len)
{
	struct layout_token	 name, tok, off, type;
	struct layout_field	 f;
	const char		*hash;
	size_t			 at = 0;
	bool			 has_off = false, rel = false;
	char			 q[LAYOUT_QUOTE_LEN];
	uint32_t		*slot;
	int			 rc;

	if (layout_check_text(p, s, len) != 0)
		return -1;
	if ((hash = memchr(s, '#', len)) != NULL)
		len = (size_t)(hash - s);
	if ((rc = layout_block_parse(p, s, len)) != 0)
		return rc < 0 ? -1 : 0;
	if (!layout_next_token(s, len, &at, &name))
		return 0;
	if (p->l->n == LAYOUT_MAX_FIELDS)
		return layout_fail(p, name.col, "too many fields (at most "
		    "%d)", LAYOUT_MAX_FIELDS);
	if (layout_check_name(p, &name) != 0)
		return -1;

	memset(&f, 0, sizeof f);
	if (!layout_next_token(s, len, &at, &tok))
		return layout_fail(p, name.col + name.len, "a type is missing "
		    "after %s (a field is NAME [OFFSET] TYPE)",
		    layout_quote_token(&name, q));
	if ((tok.s[0] >= '0' && tok.s[0] <= '9') || tok.s[0] == '+' ||
	    tok.s[0] == '-') {
		off = tok;
		has_off = true;
		if (layout_parse_offset(p, &off, &f.off, &rel) != 0)
			return -1;
		if (!layout_next_token(s, len, &at, &tok))
			return layout_fail(p, off.col + off.len, "a type is "
			    "missing after the offset (a field is NAME "
			    "[OFFSET] TYPE)");
	}
	type = tok;
	if (layout_parse_type(p, &type, &f) != 0)
		return -1;
	if (layout_next_token(s, len, &at, &tok))
		return layout_fail(p, tok.col, "unexpected %s after the type "
		    "(a comment starts with #)", layout_quote_token(&tok, q));

	if (!has_off)
		f.off = p->prev_end;
	else if (rel) {
		if (f.off > UINT64_MAX - p->prev_end)
			return layout_fail(p, off.col, "the field ends past "
			    "the last offset (2^64-1)");
		f.off += p->prev_end;
	}
	/* Room first: layout_place() inserts into by_off. */
	if (p->l->n == p->cap) {
		p->cap = p->cap == 0 ? 16 : p->cap * 2;
		p->l->fields = xrealloc(p->l->fields,
		    p->cap * sizeof *p->l->fields);
		p->l->by_off = xrealloc(p->l->by_off,
		    p->cap * sizeof *p->l->by_off);
	}
	if (layout_place(p, &f, has_off ? off.col : type.col) != 0)
		return -1;

	f.line = p->line;
	f.ref.off = f.off;
	f.name = xmalloc(name.len + 1);
	memcpy(f.name, name.s, name.len);
	f.name[name.len] = '\0';
	p->l->fields[p->l->n] = f;
	/* The slot is looked up again: the name was checked, not stored. */
	slot = layout_name_slot(p, &name);
	*slot = (uint32_t)p->l->n + 1;
	p->l->n++;
	p->prev_end = f.off + f.size;
	return 0;
}

/* Parse LEN bytes of TEXT named NAME; the layout or NULL with *cause. */
struct layout *
layout_parse_buf(const char *text, size_t len, const char *name,
    char **cause)
{
	struct layout_parser	 p;
	const char		*s = text, *end = text + len, *eol;
	size_t			 ll;
	int			 rc = 0;

	memset(&p, 0, sizeof p);
	p.name = name;
	p.cause = cause;
	p.l = xcalloc(1, sizeof *p.l);
	p.l->source = xstrdup(name);
	p.names = xcalloc(LAYOUT_HASH_SLOTS, sizeof *p.names);
	p.tree = ltree_new();

	/* Some editors start UTF-8 files with a byte order mark. */
	if (len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0)
		s += 3;
	for (p.line = 1; s < end && rc == 0; p.line++) {
		eol = memchr(s, '\n', (size_t)(end - s));
		if (eol == NULL)
			eol = end;
		ll = (size_t)(eol - s);
		if (ll > 0 && s[ll - 1] == '\r')	/* CRLF */
			ll--;
		rc = layout_parse_line(&p, s, ll);
		s = eol == end ? end : eol + 1;
	}
	if (rc == 0 && p.block != NULL) {
		p.line = p.block_line;
		rc = layout_fail(&p, 1, "%s \"%s\" is not closed (a } is "
		    "missing)", p.block->kind == LTYPE_ENUM ? "enum" :
		    "struct", p.block->name);
	}
	if (p.outer != NULL) {
		/* An error inside a struct block: drop its fields. */
		free(p.names);
		layout_free(p.l);
		p.l = p.outer;
		p.names = p.outer_names;
	}
	free(p.types);
	p.l->tree = p.tree;
	if (rc == 0 && p.l->n == 0) {
		p.line = 1;
		rc = layout_fail(&p, 1, "no fields (a layout needs at least "
		    "one)");
	}
	free(p.names);
	if (rc != 0) {
		layout_free(p.l);
		return NULL;
	}
	layout_tree_adopt(p.l);
	return p.l;
}

/* Parse TEXT named NAME; the layout, or NULL with *cause. */
struct layout *
layout_parse(const char *text, const char *name, char **cause)
{
	return layout_parse_buf(text, strlen(text), name, cause);
}

/* Free L; NULL is ignored. */
void
layout_free(struct layout *l)
{
	if (l == NULL)
		return;
	for (size_t i = 0; i < l->n; i++)
		free(l->fields[i].name);
	free(l->fields);
	free(l->by_off);
	free(l->source);
	for (size_t i = 0; i < l->nroots; i++)
		free(l->roots[i].name);
	free(l->roots);
	ltree_free(l->tree);
	free(l);
}

/* Index into by_off of the first field that ends after OFF (n if none). */
static size_t
layout_rank(const struct layout *l, uint64_t off)
{
	size_t	lo = 0, hi = l->n;

	/* Fields are disjoint, so ends are sorted in the same order. */
	while (lo < hi) {
		size_t				 mid = lo + (hi - lo) / 2;
		const struct layout_field	*f = &l->fields[l->by_off[mid]];

		if (f->off + f->size <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The field covering OFF, or NULL. */
const struct layout_field *
layout_field_at(const struct layout *l, uint64_t off)
{
	const struct layout_field	*f = layout_field_next(l, off);

	return f != NULL && f->off <= off ? f : NULL;
}

/* The field covering OFF or else the first one after it, or NULL. */
const struct layout_field *
layout_field_next(const struct layout *l, uint64_t off)
{
	size_t	r = layout_rank(l, off);

	return r < l->n ? &l->fields[l->by_off[r]] : NULL;
}

/* The largest off + size, 0 when empty. */
uint64_t
layout_extent(const struct layout *l)
{
	const struct layout_field	*f;

	if (l->n == 0)
		return 0;
	f = &l->fields[l->by_off[l->n - 1]];
	return f->off + f->size;
}
