/* SPDX-License-Identifier: ISC */
/*
 * ltype_dwarf.c - a type tree from an ELF file's debug info (DWARF),
 * read with libdw.
 *
 * The debug info of the programs that share the memory says exactly how
 * their compiler laid the structure out, for the architecture they were
 * built for; no header or compiler flags are needed.  The type is looked
 * up by name in every compilation unit's top level: "struct ring" (or
 * "union u", "enum e") by its tag, a bare name as a typedef first and
 * then as a tag.  Declarations without a body are skipped (another unit
 * may define it).
 *
 * The conversion follows DW_AT_type references, peeling qualifiers and
 * typedefs but keeping the typedef's name for display.  Members give
 * their offset with DW_AT_data_member_location (a constant; location
 * expressions are C++ virtual bases, refused) and bitfields with
 * DW_AT_data_bit_offset (DWARF 4) or the older DW_AT_bit_offset counted
 * from the storage unit's most significant bit.  A multi-dimensional
 * array is one DW_TAG_array_type with several subranges: it becomes
 * arrays of arrays, innermost last.  Records are remembered by DIE
 * offset, so a type used many times is one node.
 */
#include "config.h"

#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "esc.h"
#include "ltype_read.h"
#include "xmalloc.h"

#if defined(HAVE_LIBDW) && !defined(LIVEHEX_FUZZ)
#include <elfutils/libdw.h>
#include <dwarf.h>
#include <libelf.h>

/* Subranges of one array (dimensions). */
#define DWARF_MAX_DIMS	16
/* Depth of nested types followed (a cycle guard: only pointers cycle). */
#define DWARF_MAX_DEPTH	64

/* A record already converted: its DIE offset and its node. */
struct dwarf_seen {
	Dwarf_Off	 off;
	struct ltype	*type;
};

/* The conversion's state. */
struct dwarf_conv {
	struct ltree		*tree;
	struct dwarf_seen	*seen;
	size_t			 nseen;
	char			**cause;
	bool			 failed;
	unsigned		 addr_size;
	unsigned		 depth;
};

static const struct ltype *dwarf_type(struct dwarf_conv *, Dwarf_Die *,
		    const char *);

/* Fail CV with "NAME: WHAT" (once: the first cause is kept); NULL. */
static const struct ltype *
dwarf_fail(struct dwarf_conv *cv, const char *what, const char *name)
{
	char	*q = esc_text(name == NULL ? "(anonymous)" : name, true);

	if (!cv->failed)
		cause_set(cv->cause, "%s: %s", q, what);
	free(q);
	cv->failed = true;
	return NULL;
}

/* The unsigned attribute AT of DIE into *v; true if it is there. */
static bool
dwarf_udata(Dwarf_Die *die, unsigned at, Dwarf_Word *v)
{
	Dwarf_Attribute	a;

	return dwarf_attr_integrate(die, at, &a) != NULL &&
	    dwarf_formudata(&a, v) == 0;
}

/* The DIE DW_AT_type of DIE points to, into *out; false for void. */
static bool
dwarf_type_of(Dwarf_Die *die, Dwarf_Die *out)
{
	Dwarf_Attribute	a;

	return dwarf_attr_integrate(die, DW_AT_type, &a) != NULL &&
	    dwarf_formref_die(&a, out) != NULL;
}

/* Name for display: "struct ring", "uint32_t", or KIND alone. */
static char *
dwarf_display(Dwarf_Die *die, const char *kw)
{
	const char	*n = dwarf_diename(die);

	if (kw == NULL)
		return xstrdup(n != NULL ? n : "?");
	return n != NULL ? xasprintf("%s %s", kw, n) :
	    xasprintf("%s (anonymous)", kw);
}

/* The base type DIE (spelled NAME) as a node. */
static const struct ltype *
dwarf_base(struct dwarf_conv *cv, Dwarf_Die *die, const char *name)
{
	Dwarf_Word	enc = 0, size = 0;
	enum value_kind	k = VALUE_UINT;

	dwarf_udata(die, DW_AT_encoding, &enc);
	dwarf_udata(die, DW_AT_byte_size, &size);
	if (size == 0)
		return dwarf_fail(cv, "a base type without a size", name);
	switch (enc) {
	case DW_ATE_signed:
	case DW_ATE_signed_char:
		k = VALUE_INT;
		break;
	case DW_ATE_float:
		k = VALUE_FLOAT;
		break;
	default:
		k = VALUE_UINT;
	}
	return ltree_scalar(cv->tree, k, (unsigned)size, name);
}

/* Enumerators of DIE into the enum E. */
static void
dwarf_enumerators(Dwarf_Die *die, struct ltype *e)
{
	Dwarf_Die	c;

	if (dwarf_child(die, &c) != 0)
		return;
	do {
		Dwarf_Attribute	a;
		Dwarf_Sword	s;
		Dwarf_Word	u;
		const char	*n = dwarf_diename(&c);

		if (dwarf_tag(&c) != DW_TAG_enumerator || n == NULL ||
		    dwarf_attr(&c, DW_AT_const_value, &a) == NULL)
			continue;
		if (e->scalar.kind == VALUE_UINT && dwarf_formudata(&a, &u) == 0)
			ltype_add_enumval(e, n, (int64_t)u);
		else if (dwarf_formsdata(&a, &s) == 0)
			ltype_add_enumval(e, n, s);
	} while (dwarf_siblingof(&c, &c) == 0);
}

/* The enum DIE (spelled NAME) as a node. */
static const struct ltype *
dwarf_enum(struct dwarf_conv *cv, Dwarf_Die *die, const char *name)
{
	Dwarf_Word	 size = 0, enc = DW_ATE_unsigned;
	Dwarf_Die	 under, peeled;
	struct ltype	*e;

	dwarf_udata(die, DW_AT_byte_size, &size);
	if (dwarf_type_of(die, &under) && dwarf_peel_type(&under, &peeled) ==
	    0)
		dwarf_udata(&peeled, DW_AT_encoding, &enc);
	e = ltree_scalar(cv->tree, enc == DW_ATE_signed ||
	    enc == DW_ATE_signed_char ? VALUE_INT : VALUE_UINT,
	    (unsigned)size, name);
	if (e->kind != LTYPE_SCALAR)
		return e;
	e->kind = LTYPE_ENUM;
	dwarf_enumerators(die, e);
	return e;
}

/* Add member M (a DW_TAG_member DIE) to REC; false on failure. */
static bool
dwarf_member(struct dwarf_conv *cv, struct ltype *rec, Dwarf_Die *m)
{
	Dwarf_Die		 td;
	Dwarf_Word		 loc = 0, bits = 0, dbo, bo, bsz = 0;
	Dwarf_Attribute		 a;
	const struct ltype	*t;
	const char		*n = dwarf_diename(m);
	uint64_t		 bit_off;

	if (!dwarf_type_of(m, &td)) {
		dwarf_fail(cv, "a member without a type", n);
		return false;
	}
	if (dwarf_attr(m, DW_AT_data_member_location, &a) != NULL &&
	    dwarf_formudata(&a, &loc) != 0) {
		dwarf_fail(cv, "a member whose offset is computed at run time "
		    "(a C++ virtual base): no fixed layout", n);
		return false;
	}
	if ((t = dwarf_type(cv, &td, NULL)) == NULL)
		return false;
	if (t->kind == LTYPE_ARRAY && t->count == 0 && t->size == 0 &&
	    rec->kind == LTYPE_RECORD) {
		char	*msg = xasprintf("ends in a flexible array member "
			    "%s[]: its length is not in the type, so livehex "
			    "cannot lay it out", n != NULL ? n : "?");

		dwarf_fail(cv, msg, rec->name);
		free(msg);
		return false;
	}
	bit_off = loc * 8;
	dwarf_udata(m, DW_AT_bit_size, &bits);
	if (bits != 0) {
		if (dwarf_udata(m, DW_AT_data_bit_offset, &dbo))
			bit_off = dbo;
		else if (dwarf_udata(m, DW_AT_bit_offset, &bo)) {
			/* DWARF 2/3: from the storage unit's top bit. */
			if (!dwarf_udata(m, DW_AT_byte_size, &bsz))
				bsz = t->size;
			bit_off = loc * 8 + (cv->tree->big ? bo :
			    bsz * 8 - bo - bits);
		}
	}
	ltype_add_member(rec, n != NULL ? n : "", bit_off, (uint32_t)bits, t);
	return true;
}

/* The struct or union DIE as a node, converted once. */
static const struct ltype *
dwarf_record(struct dwarf_conv *cv, Dwarf_Die *die, const char *name)
{
	Dwarf_Word	 size = 0;
	Dwarf_Off	 off = dwarf_dieoffset(die);
	Dwarf_Die	 c;
	Dwarf_Attribute	 a;
	struct ltype	*rec;
	bool		 is_union = dwarf_tag(die) == DW_TAG_union_type;

	for (size_t i = 0; i < cv->nseen; i++)
		if (cv->seen[i].off == off)
			return cv->seen[i].type;
	if (dwarf_attr(die, DW_AT_declaration, &a) != NULL)
		return dwarf_fail(cv, "only declared in the debug info (no "
		    "members: the unit that defines it was built without "
		    "-g?)", name);
	dwarf_udata(die, DW_AT_byte_size, &size);
	rec = ltree_add(cv->tree, is_union ? LTYPE_UNION : LTYPE_RECORD, name,
	    size, 1);
	cv->seen = xrealloc(cv->seen, (cv->nseen + 1) * sizeof *cv->seen);
	cv->seen[cv->nseen].off = off;
	cv->seen[cv->nseen].type = rec;
	cv->nseen++;
	if (dwarf_child(die, &c) != 0)
		return rec;
	do {
		if (dwarf_tag(&c) != DW_TAG_member)
			continue;
		if (!dwarf_member(cv, rec, &c))
			return NULL;
		if (rec->members[rec->n - 1].type->align > rec->align)
			rec->align = rec->members[rec->n - 1].type->align;
	} while (dwarf_siblingof(&c, &c) == 0);
	return rec;
}

/* The array DIE as nested arrays (char[N] as text). */
static const struct ltype *
dwarf_array(struct dwarf_conv *cv, Dwarf_Die *die)
{
	Dwarf_Die		 et, c;
	Dwarf_Word		 dims[DWARF_MAX_DIMS], v;
	Dwarf_Sword		 lo = 0;
	Dwarf_Attribute		 a;
	size_t			 nd = 0;
	const struct ltype	*t, *peeled;

	if (!dwarf_type_of(die, &et) || (t = dwarf_type(cv, &et, NULL)) ==
	    NULL)
		return NULL;
	if (dwarf_child(die, &c) == 0) {
		do {
			if (dwarf_tag(&c) != DW_TAG_subrange_type)
				continue;
			if (nd == DWARF_MAX_DIMS)
				return dwarf_fail(cv, "an array of too many "
				    "dimensions", t->name);
			if (dwarf_udata(&c, DW_AT_count, &v))
				dims[nd++] = v;
			else if (dwarf_attr(&c, DW_AT_upper_bound, &a) !=
			    NULL && dwarf_formudata(&a, &v) == 0) {
				if (dwarf_attr(&c, DW_AT_lower_bound, &a) !=
				    NULL)
					dwarf_formsdata(&a, &lo);
				dims[nd++] = v + 1 - (Dwarf_Word)lo;
			} else
				dims[nd++] = 0;	/* flexible: [] */
		} while (dwarf_siblingof(&c, &c) == 0);
	}
	if (nd == 0)
		dims[nd++] = 0;
	/* char[N]: text, as in a C header. */
	peeled = t;
	if (nd == 1 && peeled->kind == LTYPE_SCALAR && peeled->size == 1 &&
	    strcmp(peeled->name, "char") == 0 && dims[0] > 0)
		return ltree_add(cv->tree, LTYPE_CHARS, "char[]", dims[0], 1);
	for (size_t i = nd; i > 0; i--) {
		struct ltype	*arr = ltree_array(cv->tree, t, dims[i - 1]);

		if (dims[i - 1] == 0)
			arr->size = 0;
		t = arr;
	}
	return t;
}

/* The type DIE as a node; NAME: the display name to use, or NULL. */
static const struct ltype *
dwarf_type(struct dwarf_conv *cv, Dwarf_Die *die, const char *name)
{
	Dwarf_Die		 next;
	const struct ltype	*r = NULL;
	char			*shown = NULL;
	struct ltype		*p;
	Dwarf_Word		 size;

	if (cv->depth++ > DWARF_MAX_DEPTH)
		return dwarf_fail(cv, "types nested too deep", name);
	switch (dwarf_tag(die)) {
	case DW_TAG_typedef:
	case DW_TAG_const_type:
	case DW_TAG_volatile_type:
	case DW_TAG_restrict_type:
	case DW_TAG_atomic_type:
		if (!dwarf_type_of(die, &next)) {
			r = dwarf_fail(cv, "void has no layout", name);
			break;
		}
		/* A typedef names what it stands for ("uint32_t"). */
		r = dwarf_type(cv, &next, name != NULL ? name :
		    dwarf_tag(die) == DW_TAG_typedef ? dwarf_diename(die) :
		    NULL);
		break;
	case DW_TAG_base_type:
		shown = name != NULL ? xstrdup(name) : dwarf_display(die, NULL);
		r = dwarf_base(cv, die, shown);
		break;
	case DW_TAG_enumeration_type:
		shown = name != NULL ? xstrdup(name) : dwarf_display(die, "enum");
		r = dwarf_enum(cv, die, shown);
		break;
	case DW_TAG_structure_type:
	case DW_TAG_class_type:
	case DW_TAG_union_type:
		shown = name != NULL ? xstrdup(name) : dwarf_display(die,
		    dwarf_tag(die) == DW_TAG_union_type ? "union" : "struct");
		r = dwarf_record(cv, die, shown);
		break;
	case DW_TAG_array_type:
		r = dwarf_array(cv, die);
		break;
	case DW_TAG_pointer_type:
	case DW_TAG_reference_type:
	case DW_TAG_rvalue_reference_type:
	case DW_TAG_ptr_to_member_type:
		size = cv->addr_size;
		dwarf_udata(die, DW_AT_byte_size, &size);
		p = ltree_scalar(cv->tree, VALUE_UINT, (unsigned)size,
		    name != NULL ? name : "pointer");
		if (p->kind == LTYPE_SCALAR)
			p->kind = LTYPE_POINTER;
		r = p;
		break;
	default:
		r = dwarf_fail(cv, "a kind of type livehex cannot lay out",
		    dwarf_diename(die));
	}
	free(shown);
	cv->depth--;
	return r;
}

/* Does the top-level DIE match TYPE ("struct x", "x")? */
static bool
dwarf_matches(Dwarf_Die *die, const char *type, bool typedefs)
{
	const char	*n = dwarf_diename(die);
	const char	*bare = ltype_bare_name(type);
	int		 tag = dwarf_tag(die);
	Dwarf_Attribute	 a;

	if (n == NULL || strcmp(n, bare) != 0)
		return false;
	if (dwarf_attr(die, DW_AT_declaration, &a) != NULL)
		return false;
	if (bare == type)
		return typedefs ? tag == DW_TAG_typedef :
		    tag == DW_TAG_structure_type || tag == DW_TAG_union_type ||
		    tag == DW_TAG_enumeration_type;
	if (strncmp(type, "struct ", 7) == 0)
		return tag == DW_TAG_structure_type || tag == DW_TAG_class_type;
	if (strncmp(type, "union ", 6) == 0)
		return tag == DW_TAG_union_type;
	return tag == DW_TAG_enumeration_type;
}

/* Find TYPE in DW's units into *out (typedefs first when TYPEDEFS). */
static bool
dwarf_find(Dwarf *dw, const char *type, bool typedefs, Dwarf_Die *out,
    unsigned *addr_size)
{
	Dwarf_Off	off = 0, next;
	size_t		hsize;
	uint8_t		asz, osz;

	while (dwarf_nextcu(dw, off, &next, &hsize, NULL, &asz, &osz) == 0) {
		Dwarf_Die	cu, c;

		if (dwarf_offdie(dw, off + hsize, &cu) != NULL &&
		    dwarf_child(&cu, &c) == 0) {
			do {
				if (dwarf_matches(&c, type, typedefs)) {
					*out = c;
					*addr_size = asz;
					return true;
				}
			} while (dwarf_siblingof(&c, &c) == 0);
		}
		off = next;
	}
	return false;
}

/* TYPE from the DWARF of PATH; see ltype_read.h. */
const struct ltype *
ltype_dwarf_read(struct ltree *t, const char *path, const char *type,
    char **cause)
{
	struct dwarf_conv	 cv;
	Dwarf			*dw;
	Dwarf_Die		 die;
	const struct ltype	*r = NULL;
	char			*q = esc_text(path, true);
	char			*tq = esc_text(type, true);
	const char		*ident;
	Elf			*elf;
	unsigned		 asz = 8;
	int			 fd;
	bool			 found;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd == -1) {
		cause_set(cause, "%s: cannot open", q);
		goto out;
	}
	elf_version(EV_CURRENT);
	dw = dwarf_begin(fd, DWARF_C_READ);
	if (dw == NULL) {
		cause_set(cause, "%s has no debug info (DWARF): build it with "
		    "-g, or install its debug symbols (on Debian the "
		    "-dbgsym package, or debuginfod), or give the C header "
		    "instead (--layout HEADER.h:TYPE)", q);
		close(fd);
		goto out;
	}
	elf = dwarf_getelf(dw);
	ident = elf == NULL ? NULL : elf_getident(elf, NULL);
	t->big = ident != NULL && ident[EI_DATA] == ELFDATA2MSB;

	found = (ltype_bare_name(type) == type && dwarf_find(dw, type, true,
	    &die, &asz)) || dwarf_find(dw, type, false, &die, &asz);
	if (!found)
		cause_set(cause, "%s: no type %s in its debug info (a type is "
		    "struct NAME, union NAME, enum NAME or a typedef's name)",
		    q, tq);
	else {
		memset(&cv, 0, sizeof cv);
		cv.tree = t;
		cv.cause = cause;
		cv.addr_size = asz;
		r = dwarf_type(&cv, &die, NULL);
		free(cv.seen);
	}
	dwarf_end(dw);
	close(fd);
out:
	free(q);
	free(tq);
	return r;
}

#else

/* TYPE from the DWARF of PATH: not in this build. */
const struct ltype *
ltype_dwarf_read(struct ltree *t, const char *path, const char *type,
    char **cause)
{
	char	*q = esc_text(path, true);

	(void)t;
	(void)type;
	cause_set(cause, "%s is an ELF file: this livehex was built without "
	    "debug info support (libdw): install libdw-dev and run configure "
	    "again, or give the C header (--layout HEADER.h:TYPE)", q);
	free(q);
	return NULL;
}

#endif
