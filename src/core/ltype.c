/* SPDX-License-Identifier: ISC */
/*
 * ltype.c - the structure model: building trees, paths, values.
 *
 * The tree is an arena: ltree_add allocates a type and remembers it, and
 * ltree_free frees them all, so readers can share one type between many
 * members without counting references.
 *
 * Paths are walked, never expanded: "slots[12].state" finds the member
 * "slots" (a linear scan of the record: records are small, and a name
 * may contain dots in a .layout file, so the longest member name that
 * matches wins), checks 12 against the array's count and adds
 * 12 * elem->size, then looks for "state" in the element's record.  The
 * reverse walk (offset -> path) picks, at each level, the member whose
 * bytes cover the offset (a binary search on offsets: members are laid
 * out in order) or the element offset / elem->size.
 *
 * Values: a scalar is value_decode's text, an enum its name, a pointer
 * hex, a bitfield the bits shifted out of the little- or big-endian
 * integer formed by its bytes.  Only whole scalars, enums and pointers
 * can be encoded: a bitfield store would be a read-modify-write of
 * bytes the user did not type, which livehex never does.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "ltype.h"
#include "number.h"
#include "xmalloc.h"

/* Bytes of a name quoted in a message before it is cut. */
#define LTYPE_QUOTE_MAX	40

/* A new empty tree. */
struct ltree *
ltree_new(void)
{
	return xcalloc(1, sizeof(struct ltree));
}

/* Free T and its types. */
void
ltree_free(struct ltree *t)
{
	if (t == NULL)
		return;
	for (size_t i = 0; i < t->n; i++) {
		struct ltype	*ty = t->types[i];

		for (size_t m = 0; m < ty->n; m++)
			free(ty->members[m].name);
		for (size_t v = 0; v < ty->nvals; v++)
			free(ty->vals[v].name);
		free(ty->members);
		free(ty->vals);
		free(ty->name);
		free(ty);
	}
	free(t->types);
	free(t);
}

/* A new type of KIND in T. */
struct ltype *
ltree_add(struct ltree *t, enum ltype_kind kind, const char *name,
    uint64_t size, uint64_t align)
{
	struct ltype	*ty = xcalloc(1, sizeof *ty);

	ty->kind = kind;
	ty->name = xstrdup(name);
	ty->size = size;
	ty->align = align == 0 ? 1 : align;
	if (kind == LTYPE_CHARS || kind == LTYPE_BLOB)
		ty->count = size;
	if (t->n == t->cap) {
		t->cap = t->cap == 0 ? 64 : t->cap * 2;
		t->types = xrealloc(t->types, t->cap * sizeof *t->types);
	}
	t->types[t->n++] = ty;
	return ty;
}

/* The scalar KIND x WIDTH named NAME in T (a blob for odd widths). */
struct ltype *
ltree_scalar(struct ltree *t, enum value_kind kind, unsigned width,
    const char *name)
{
	struct ltype	*ty;
	char		 vname[16];

	if (width != 1 && width != 2 && width != 4 && width != 8)
		return ltree_add(t, LTYPE_BLOB, name, width, width > 16 ?
		    16 : width);
	if (kind == VALUE_FLOAT && width < 4)
		return ltree_add(t, LTYPE_BLOB, name, width, width);
	ty = ltree_add(t, LTYPE_SCALAR, name, width, width);
	snprintf(vname, sizeof vname, "%c%u%s", kind == VALUE_UINT ? 'u' :
	    kind == VALUE_INT ? 'i' : 'f', width * 8, width == 1 ? "" :
	    t->big ? "be" : "le");
	/* Every name built here is one value_type_parse knows. */
	if (value_type_parse(vname, &ty->scalar, NULL) != 0)
		ty->kind = LTYPE_BLOB;
	return ty;
}

/* An array of COUNT x ELEM in T. */
struct ltype *
ltree_array(struct ltree *t, const struct ltype *elem, uint64_t count)
{
	struct ltype	*ty;
	const struct ltype *base = elem;
	size_t		 at;
	char		*name;
	uint64_t	 size = elem->size != 0 && count > UINT64_MAX /
			    elem->size ? UINT64_MAX : elem->size * count;

	/*
	 * C writes the outer count first: an array of 3 "short[4]" is
	 * "short[3][4]", so COUNT goes right after the innermost element's
	 * name, before the inner counts.
	 */
	while (base->kind == LTYPE_ARRAY && base->elem != NULL)
		base = base->elem;
	at = strlen(base->name);
	if (base == elem || strncmp(elem->name, base->name, at) != 0)
		at = strlen(elem->name);
	name = xasprintf("%.*s[%" PRIu64 "]%s", (int)at, elem->name, count,
	    elem->name + at);
	ty = ltree_add(t, LTYPE_ARRAY, name, size, elem->align);
	free(name);
	ty->elem = elem;
	ty->count = count;
	return ty;
}

/* Append a member to REC. */
void
ltype_add_member(struct ltype *rec, const char *name, uint64_t bit_off,
    uint32_t bit_size, const struct ltype *type)
{
	struct ltype_member	*m;

	if (rec->n == rec->cap) {
		rec->cap = rec->cap == 0 ? 8 : rec->cap * 2;
		rec->members = xrealloc(rec->members,
		    rec->cap * sizeof *rec->members);
	}
	m = &rec->members[rec->n++];
	m->name = xstrdup(name == NULL ? "" : name);
	m->bit_off = bit_off;
	m->bit_size = bit_size;
	m->type = type;
}

/* Append NAME = VALUE to the enum E. */
void
ltype_add_enumval(struct ltype *e, const char *name, int64_t value)
{
	e->vals = xrealloc(e->vals, (e->nvals + 1) * sizeof *e->vals);
	e->vals[e->nvals].name = xstrdup(name);
	e->vals[e->nvals].value = value;
	e->nvals++;
}

/* Leaves of T (memoised in the type: the tree owns it, so cast). */
uint64_t
ltype_leaves(const struct ltype *t)
{
	uint64_t	n = 0;

	if (t->leaves != 0)
		return t->leaves;
	switch (t->kind) {
	case LTYPE_RECORD:
	case LTYPE_UNION:
		for (size_t i = 0; i < t->n; i++) {
			uint64_t	m = ltype_leaves(t->members[i].type);

			n = m > UINT64_MAX - n ? UINT64_MAX : n + m;
		}
		break;
	case LTYPE_ARRAY:
		n = ltype_leaves(t->elem);
		n = t->count != 0 && n > UINT64_MAX / t->count ? UINT64_MAX :
		    n * t->count;
		break;
	default:
		n = 1;
	}
	/* A record with no members still takes a row. */
	if (n == 0)
		n = 1;
	/* The memo is not part of the type's value: the tree owns it. */
	((struct ltype *)(uintptr_t)t)->leaves = n;
	return n;
}

/* LEN bytes at S quoted and escaped for a message (malloc'd). */
static char *
ltype_quote(const char *s, size_t len)
{
	return esc_quote(s, len, LTYPE_QUOTE_MAX, ESC_MARKS);
}

/*
 * The member of REC named by the start of P (longest match, ending at
 * '.', '[' or the end) into *m and its length into *len; anonymous
 * members are searched too, adding their offset to *bits.  True if found.
 */
static bool
ltype_find_member(const struct ltype *rec, const char *p,
    const struct ltype_member **m, size_t *len, uint64_t *bits)
{
	size_t	best = 0;

	*m = NULL;
	for (size_t i = 0; i < rec->n; i++) {
		const struct ltype_member	*c = &rec->members[i];
		size_t				 l = strlen(c->name);

		if (l == 0 || l <= best || strncmp(p, c->name, l) != 0)
			continue;
		if (p[l] != '\0' && p[l] != '.' && p[l] != '[')
			continue;
		*m = c;
		best = l;
	}
	if (*m != NULL) {
		*len = best;
		*bits += (*m)->bit_off;
		return true;
	}
	/* C finds an anonymous struct's or union's members by name. */
	for (size_t i = 0; i < rec->n; i++) {
		const struct ltype_member	*c = &rec->members[i];
		uint64_t			 b = *bits + c->bit_off;

		if (c->name[0] != '\0' || (c->type->kind != LTYPE_RECORD &&
		    c->type->kind != LTYPE_UNION))
			continue;
		if (ltype_find_member(c->type, p, m, len, &b)) {
			*bits = b;
			return true;
		}
	}
	return false;
}

/* The names of REC's members, for "no member": at most a few (malloc'd). */
static char *
ltype_member_list(const struct ltype *rec)
{
	char	*s = xstrdup(""), *n;

	for (size_t i = 0; i < rec->n && i < 8; i++) {
		n = xasprintf("%s%s%s", s, i == 0 ? "" : ", ",
		    rec->members[i].name[0] == '\0' ? "(anonymous)" :
		    rec->members[i].name);
		free(s);
		s = n;
	}
	if (rec->n > 8) {
		n = xasprintf("%s ... (%zu members)", s, rec->n);
		free(s);
		s = n;
	}
	return s;
}

/* Resolve PATH below ROOT; see ltype.h. */
int
ltype_resolve(const struct ltype *root, const char *path,
    struct ltype_ref *ref, char **cause)
{
	const struct ltype	*t = root;
	const char		*p = path;
	uint64_t		 bits = 0;
	uint32_t		 bit_size = 0;
	bool			 in_union = false;
	char			*q, *list;

	while (*p != '\0') {
		if (bit_size != 0)
			return cause_set(cause, "%s is a bitfield: it has no "
			    "members or elements", q = ltype_quote(path,
			    (size_t)(p - path))), free(q), -1;
		if (*p == '[') {
			const char	*close = strchr(p, ']');
			char		 digits[32];
			uint64_t	 i;
			size_t		 dl;

			if (t->kind != LTYPE_ARRAY && t->kind != LTYPE_CHARS &&
			    t->kind != LTYPE_BLOB) {
				q = ltype_quote(path, (size_t)(p - path));
				cause_set(cause, "%s is a %s, not an array",
				    p == path ? "the layout" : q, t->name);
				free(q);
				return -1;
			}
			dl = close == NULL ? 0 : (size_t)(close - p - 1);
			if (close == NULL || dl == 0 || dl >= sizeof digits)
				return cause_set(cause, "an index is [N], a "
				    "number");
			memcpy(digits, p + 1, dl);
			digits[dl] = '\0';
			if (number_parse_u64(digits, &i, 0, NULL) != 0)
				return cause_set(cause, "index [%s]: not a "
				    "number", q = ltype_quote(digits, dl)),
				    free(q), -1;
			if (i >= t->count) {
				q = ltype_quote(path, (size_t)(p - path));
				cause_set(cause, "index %" PRIu64 " is past "
				    "the end of %s (%" PRIu64 " elements, 0 "
				    "to %" PRIu64 ")", i, q, t->count,
				    t->count - 1);
				free(q);
				return -1;
			}
			if (t->kind == LTYPE_ARRAY) {
				bits += i * t->elem->size * 8;
				t = t->elem;
			} else {
				/* An element of a char[N] or a blob: a byte. */
				static char			u8[] = "u8";
				static const struct ltype	byte = {
					.kind = LTYPE_BLOB, .name = u8,
					.size = 1, .align = 1, .count = 1,
				};

				bits += i * 8;
				t = &byte;
			}
			p = close + 1;
			continue;
		}
		if (p != path) {
			if (*p != '.')
				return cause_set(cause, "unexpected %s in a "
				    "path (a path is name, .name or [N])",
				    q = ltype_quote(p, 1)), free(q), -1;
			p++;
		}
		if (t->kind != LTYPE_RECORD && t->kind != LTYPE_UNION) {
			q = ltype_quote(path, (size_t)(p - path - 1));
			cause_set(cause, "%s is a %s: it has no members",
			    p == path ? "the layout" : q, t->name);
			free(q);
			return -1;
		}
		{
			const struct ltype_member	*m;
			size_t				 len = 0;
			const char			*end = p;

			if (t->kind == LTYPE_UNION)
				in_union = true;
			if (!ltype_find_member(t, p, &m, &len, &bits)) {
				while (*end != '\0' && *end != '.' &&
				    *end != '[')
					end++;
				q = ltype_quote(p, (size_t)(end - p));
				list = ltype_member_list(t);
				cause_set(cause, "%s has no member %s (it has "
				    "%s)", t->name, q, list);
				free(list);
				free(q);
				return -1;
			}
			bit_size = m->bit_size;
			t = m->type;
			p += len;
		}
	}
	memset(ref, 0, sizeof *ref);
	ref->type = t;
	ref->in_union = in_union;
	if (bit_size != 0) {
		uint64_t	first = bits / 8, end = (bits + bit_size + 7) / 8;

		ref->off = first;
		ref->size = end - first;
		ref->bit_size = bit_size;
		ref->bit_shift = (uint32_t)(bits % 8);
		return 0;
	}
	ref->off = bits / 8;
	ref->size = t->size;
	return 0;
}

/* Append "FMT" to OUT at *o (cut at OUTLEN). */
static void
ltype_append(char *out, size_t outlen, size_t *o, const char *s)
{
	int	n = snprintf(out + *o, outlen - *o, "%s", s);

	if (n > 0)
		*o = *o + (size_t)n >= outlen ? outlen - 1 : *o + (size_t)n;
}

/* The deepest path at OFF below ROOT; see ltype.h. */
int
ltype_path_at(const struct ltype *root, const char *prefix, uint64_t off,
    char *out, size_t outlen, struct ltype_ref *ref)
{
	const struct ltype	*t = root;
	uint64_t		 base = 0;	/* bytes, from the root */
	size_t			 o = 0;
	char			 num[32];
	struct ltype_ref	 r;

	if (outlen == 0)
		return -1;
	out[0] = '\0';
	if (prefix != NULL)
		ltype_append(out, outlen, &o, prefix);
	memset(&r, 0, sizeof r);
	if (off >= root->size)
		return -1;
	for (;;) {
		r.off = base;
		r.size = t->size;
		r.type = t;
		if (t->kind == LTYPE_ARRAY && t->elem->size != 0) {
			uint64_t	i = (off - base) / t->elem->size;

			snprintf(num, sizeof num, "[%" PRIu64 "]", i);
			ltype_append(out, outlen, &o, num);
			base += i * t->elem->size;
			t = t->elem;
			continue;
		}
		if (t->kind == LTYPE_RECORD || t->kind == LTYPE_UNION) {
			const struct ltype_member	*m = NULL;

			for (size_t i = 0; i < t->n; i++) {
				const struct ltype_member	*c = &t->members[i];
				uint64_t	lo = base + c->bit_off / 8;
				uint64_t	hi = c->bit_size != 0 ? base +
				    (c->bit_off + c->bit_size + 7) / 8 :
				    lo + c->type->size;

				if (off >= lo && off < hi) {
					m = c;
					break;
				}
			}
			if (m == NULL) {
				if (ref != NULL)
					*ref = r;
				return -1;
			}
			if (m->name[0] != '\0') {
				if (o > 0)
					ltype_append(out, outlen, &o, ".");
				ltype_append(out, outlen, &o, m->name);
			}
			if (m->bit_size != 0) {
				r.off = base + m->bit_off / 8;
				r.size = (m->bit_off % 8 + m->bit_size + 7) / 8;
				r.bit_shift = (uint32_t)(m->bit_off % 8);
				r.bit_size = m->bit_size;
				r.type = m->type;
				break;
			}
			if (t->kind == LTYPE_UNION)
				r.in_union = true;
			base += m->bit_off / 8;
			t = m->type;
			continue;
		}
		break;
	}
	if (ref != NULL)
		*ref = r;
	return 0;
}

/* The N (<= 8) bytes at B as an unsigned integer in BIG or little order. */
static uint64_t
ltype_uint(const uint8_t *b, size_t n, bool big)
{
	uint64_t	v = 0;

	for (size_t i = 0; i < n; i++)
		v |= (uint64_t)b[big ? i : n - 1 - i] << (8 * (n - 1 - i));
	return v;
}

/* Sign-extend the low BITS bits of V. */
static int64_t
ltype_sext(uint64_t v, unsigned bits)
{
	if (bits >= 64)
		return (int64_t)v;
	if (v & (UINT64_C(1) << (bits - 1)))
		v |= ~UINT64_C(0) << bits;
	return (int64_t)v;
}

/* The integer value at REF (signed if its type is): an enum's or a bitfield's. */
static int64_t
ltype_int(const struct ltype_ref *ref, const uint8_t *bytes)
{
	const struct ltype	*t = ref->type;
	bool			 big = t->scalar.big;
	uint64_t		 v;
	unsigned		 bits;

	if (ref->bit_size != 0) {
		/* Bitfields: up to 64 bits spread over at most 9 bytes. */
		size_t		n = ref->size > 8 ? 8 : (size_t)ref->size;

		v = ltype_uint(bytes, n, big);
		if (big)
			v >>= n * 8 - ref->bit_shift - ref->bit_size;
		else
			v >>= ref->bit_shift;
		bits = ref->bit_size;
		if (bits < 64)
			v &= (UINT64_C(1) << bits) - 1;
	} else {
		v = ltype_uint(bytes, (size_t)t->size, big);
		bits = (unsigned)t->size * 8;
	}
	if (t->scalar.kind == VALUE_INT)
		return ltype_sext(v, bits);
	return (int64_t)v;
}

/* The bits of an integer of WIDTH bytes. */
static uint64_t
ltype_mask(uint64_t width)
{
	return width >= 8 ? ~UINT64_C(0) : (UINT64_C(1) << (width * 8)) - 1;
}

/*
 * The name of value V in the enum E, or NULL.  Compared in E's width:
 * DEAD = -1 in an unsigned 32-bit enum is 0xffffffff.
 */
static const char *
ltype_enum_name(const struct ltype *e, int64_t v)
{
	uint64_t	m = ltype_mask(e->size);

	for (size_t i = 0; i < e->nvals; i++)
		if (((uint64_t)e->vals[i].value & m) == ((uint64_t)v & m))
			return e->vals[i].name;
	return NULL;
}

/* The value at REF as text; see ltype.h. */
void
ltype_format(const struct ltype_ref *ref, const uint8_t *bytes,
    size_t avail, char *out, size_t outlen)
{
	const struct ltype	*t = ref->type;
	size_t			 o = 0;
	char			*e;

	if (outlen == 0)
		return;
	out[0] = '\0';
	if (avail < ref->size) {
		snprintf(out, outlen, "unavailable");
		return;
	}
	if (ref->bit_size != 0 || t->kind == LTYPE_ENUM) {
		int64_t		 v = ltype_int(ref, bytes);
		const char	*name = t->kind == LTYPE_ENUM ?
				    ltype_enum_name(t, v) : NULL;

		if (name != NULL) {
			e = esc_text(name, false);
			snprintf(out, outlen, "%s", e);
			free(e);
		} else if (t->scalar.kind == VALUE_INT)
			snprintf(out, outlen, "%" PRId64, v);
		else
			snprintf(out, outlen, "%" PRIu64, (uint64_t)v);
		return;
	}
	switch (t->kind) {
	case LTYPE_SCALAR:
		value_decode(&t->scalar, bytes, out, outlen);
		return;
	case LTYPE_POINTER:
		snprintf(out, outlen, "0x%" PRIx64, ltype_uint(bytes,
		    (size_t)t->size, t->scalar.big));
		return;
	case LTYPE_CHARS: {
		size_t	n = 0;

		while (n < ref->size && bytes[n] != 0)
			n++;
		e = esc_quote((const char *)bytes, n, outlen > 8 ?
		    outlen / 4 : 1, ESC_MARKS);
		snprintf(out, outlen, "%s", e);
		free(e);
		return;
	}
	default:
		break;
	}
	/* Hex, cut with "..." when it does not fit. */
	for (uint64_t i = 0; i < ref->size; i++) {
		char	h[4];

		if (o + 3 + 4 > outlen) {
			ltype_append(out, outlen, &o, "...");
			return;
		}
		snprintf(h, sizeof h, i == 0 ? "%02x" : " %02x", bytes[i]);
		ltype_append(out, outlen, &o, h);
	}
}

/* Encode TEXT for REF into OUT; see ltype.h. */
int
ltype_encode(const struct ltype_ref *ref, const char *text, uint8_t *out,
    char **cause)
{
	const struct ltype	*t = ref->type;
	struct value_type	 vt;
	char			*q, *names, *n;

	if (ref->bit_size != 0)
		return cause_set(cause, "a bitfield shares its bytes with "
		    "others: livehex stores whole bytes the user typed, so "
		    "store the bytes around it with poke OFFSET TYPE");
	if (t->kind == LTYPE_ENUM) {
		for (size_t i = 0; i < t->nvals; i++) {
			if (strcmp(t->vals[i].name, text) != 0)
				continue;
			vt = t->scalar;
			q = xasprintf("%" PRId64, t->vals[i].value);
			/* An unsigned enum holds its values as unsigned. */
			if (vt.kind == VALUE_UINT && t->vals[i].value < 0) {
				free(q);
				q = xasprintf("%" PRIu64,
				    (uint64_t)t->vals[i].value &
				    ltype_mask(t->size));
			}
			if (value_encode(&vt, q, out, cause) != 0) {
				free(q);
				return -1;
			}
			free(q);
			return 0;
		}
		/* Not a name: a number, if it is one. */
		if ((text[0] >= '0' && text[0] <= '9') || text[0] == '-')
			return value_encode(&t->scalar, text, out, cause);
		names = xstrdup("");
		for (size_t i = 0; i < t->nvals && i < 16; i++) {
			n = xasprintf("%s%s%s", names, i == 0 ? "" : " ",
			    t->vals[i].name);
			free(names);
			names = n;
		}
		q = ltype_quote(text, strlen(text));
		cause_set(cause, "%s is not a value of %s (%s%s, or a number)",
		    q, t->name, names, t->nvals > 16 ? " ..." : "");
		free(q);
		free(names);
		return -1;
	}
	if (t->kind == LTYPE_SCALAR || t->kind == LTYPE_POINTER)
		return value_encode(&t->scalar, text, out, cause);
	return cause_set(cause, "%s is a %s: poke stores one value (a "
	    "number or an enum name) at a time; name a member or an element",
	    t->kind == LTYPE_CHARS || t->kind == LTYPE_BLOB ? "this field" :
	    "this field", t->name);
}
