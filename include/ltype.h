/* SPDX-License-Identifier: ISC */
/*
 * ltype.h - the structure model: one tree of types behind every layout.
 *
 * A type is a scalar (an inspector value), an enum (a scalar with named
 * values), a pointer (shown as hex), a char array (text), a byte blob
 * (shown as hex: u8[N] and what livehex cannot interpret, such as long
 * double), a record (struct), a union or a fixed array of any type.  A
 * record's members carry their offset in bits from the record's start,
 * and a bitfield its width in bits, so bitfields are members like any
 * other.  Every node has a name ("struct ring", "uint32_t", "u32le"),
 * a size and an alignment in bytes.
 *
 * Types live in a tree (struct ltree), which owns them all; one type may
 * be the member type of many records (struct slot in slots[64]).  Arrays
 * are never expanded: a path such as "slots[12].state" is resolved by
 * arithmetic (12 * sizeof(struct slot)), and so is the reverse, the
 * deepest path covering an offset.  A 100,000-element array costs one
 * node.
 *
 * The readers (ltype_clang.c for C headers, ltype_dwarf.c for debug
 * info, layout.c for .layout files) build trees with ltree_add and
 * ltype_add_member; layout_tree.c turns a tree into the flat field list
 * of layout.h for the viewer's panel.  Nothing here prints or exits.
 */
#ifndef LIVEHEX_LTYPE_H
#define LIVEHEX_LTYPE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "value.h"

/* Bytes in a path printed by ltype_path_at (longer paths are cut). */
#define LTYPE_MAX_PATH	512

/* What a type is. */
enum ltype_kind {
	LTYPE_SCALAR,		/* an integer or a float: .scalar */
	LTYPE_ENUM,		/* an integer with named values: .vals */
	LTYPE_POINTER,		/* an address: .scalar (unsigned), as hex */
	LTYPE_CHARS,		/* char[N]: text up to the first NUL */
	LTYPE_BLOB,		/* bytes shown as hex (u8[N], long double) */
	LTYPE_RECORD,		/* struct: .members by offset */
	LTYPE_UNION,		/* union: .members, all at bit 0 */
	LTYPE_ARRAY,		/* .count elements of .elem */
};

struct ltype;

/* One member of a record or union. */
struct ltype_member {
	char			*name;		/* "" for an anonymous member */
	uint64_t		 bit_off;	/* from the record's start */
	uint32_t		 bit_size;	/* a bitfield's width, else 0 */
	const struct ltype	*type;
};

/* One named value of an enum. */
struct ltype_enumval {
	char		*name;
	int64_t		 value;
};

/* A type; see the top of this file. */
struct ltype {
	enum ltype_kind		 kind;
	char			*name;		/* as the source spells it */
	uint64_t		 size;		/* bytes */
	uint64_t		 align;		/* bytes, >= 1 */
	struct value_type	 scalar;	/* SCALAR, ENUM, POINTER */
	struct ltype_member	*members;	/* RECORD, UNION */
	size_t			 n;
	size_t			 cap;
	const struct ltype	*elem;		/* ARRAY */
	uint64_t		 count;		/* ARRAY, CHARS, BLOB */
	struct ltype_enumval	*vals;		/* ENUM */
	size_t			 nvals;
	uint64_t		 leaves;	/* private: ltype_leaves' memo */
};

/* A tree: owns every type added to it. */
struct ltree {
	struct ltype	**types;
	size_t		  n;
	size_t		  cap;
	bool		  big;		/* scalars are big endian */
};

/* Where a path leads: the bytes and the type found there. */
struct ltype_ref {
	uint64_t		 off;		/* first byte, from the root */
	uint64_t		 size;		/* bytes covering the value */
	uint32_t		 bit_shift;	/* bitfield: its low bit in */
	uint32_t		 bit_size;	/*  the bytes as an integer */
	const struct ltype	*type;
	bool			 in_union;	/* bytes shared with others */
};

/* A new empty tree (little endian). */
struct ltree	*ltree_new(void);
/* Free T and every type in it; NULL is ignored. */
void		 ltree_free(struct ltree *t);
/* A new type of KIND named NAME in T (SIZE and ALIGN bytes). */
struct ltype	*ltree_add(struct ltree *t, enum ltype_kind kind,
		    const char *name, uint64_t size, uint64_t align);
/*
 * The scalar type of KIND and WIDTH (1, 2, 4, 8) named NAME in T, in the
 * tree's byte order; a width that is not an inspector width is a blob.
 */
struct ltype	*ltree_scalar(struct ltree *t, enum value_kind kind,
		    unsigned width, const char *name);
/* An array of COUNT elements of ELEM in T, named "ELEM[COUNT]". */
struct ltype	*ltree_array(struct ltree *t, const struct ltype *elem,
		    uint64_t count);
/* Append member NAME of TYPE at BIT_OFF (BIT_SIZE: bitfield) to REC. */
void		 ltype_add_member(struct ltype *rec, const char *name,
		    uint64_t bit_off, uint32_t bit_size,
		    const struct ltype *type);
/* Append the named value NAME = VALUE to the enum E. */
void		 ltype_add_enumval(struct ltype *e, const char *name,
		    int64_t value);
/* Leaves of T once arrays are expanded (saturates at UINT64_MAX). */
uint64_t	 ltype_leaves(const struct ltype *t);

/*
 * Resolve PATH ("head", "slots[12].state", "hdr.len") below ROOT into
 * *ref (offsets from ROOT's start): 0, or -1 with *cause naming the
 * component that is wrong.  "" is ROOT itself.  Anonymous members'
 * members are found by their own names, as C does.
 */
int		 ltype_resolve(const struct ltype *root, const char *path,
		    struct ltype_ref *ref, char **cause);
/*
 * The deepest path below ROOT covering byte OFF (from ROOT's start) into
 * OUT, prefixed with PREFIX (NULL: none), and its ref into *ref (NULL:
 * not wanted): 0, or -1 when OFF is in no member (padding, past the end:
 * OUT then holds the enclosing path).  Unions follow their first member.
 */
int		 ltype_path_at(const struct ltype *root, const char *prefix,
		    uint64_t off, char *out, size_t outlen,
		    struct ltype_ref *ref);
/*
 * The value at REF as text into OUT (always terminated).  BYTES holds
 * AVAIL bytes starting at ref->off; fewer than ref->size gives
 * "unavailable".  Records, unions and arrays show as hex.  Enums show
 * the name of their value when it has one ("READY"), else the number.
 */
void		 ltype_format(const struct ltype_ref *ref,
		    const uint8_t *bytes, size_t avail, char *out,
		    size_t outlen);
/*
 * Encode TEXT for REF into OUT (ref->size bytes): a number for scalars
 * (value_encode's grammar), an enum's name or number, a pointer's
 * number; 0, or -1 with *cause (an unknown enum name lists the names).
 * Bitfields, records, unions and arrays are refused: livehex stores
 * whole values the user typed, never bits merged into bytes it read.
 */
int		 ltype_encode(const struct ltype_ref *ref, const char *text,
		    uint8_t *out, char **cause);

#endif
