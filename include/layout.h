/* SPDX-License-Identifier: ISC */
/*
 * layout.h - named fields of a shared structure: the layout file format.
 *
 * A layout names the fields of the structure other processes keep in the
 * file, so livehex can list them with live values, say which field the
 * cursor is on and shade them in the hex view.  One field per line:
 *
 *	# a comment; '#' starts one anywhere on a line
 *	NAME  [OFFSET]  TYPE
 *
 *	counter     0x00   u32le     # OFFSET: bytes from the start of the file
 *	stamp       +4     u64be     # +N: N bytes after the previous field
 *	message            char[32]  # no OFFSET: right after the previous field
 *	ramp               u8[16]    # bytes, shown as hex (also bytes[16])
 *
 * TYPE is any inspector type (value.h: u8 ... f64be, bare u16 = u16le) or
 * an array u8[N] / bytes[N] (shown as hex) or char[N] (shown as escaped
 * text), an array of any type (u32[4], slot[64]), or a record or enum
 * defined above in a block:
 *
 *	enum state u32 {		struct slot 8 {
 *		READY = 2			seq	u32
 *	}					state	state
 *					}
 *
 * Numbers are decimal or 0x hex; leading zeros are decimal.  Names are
 * unique; fields never overlap.  docs/layouts.md is the full reference,
 * with every error message.  A layout may also come from a C header or
 * DWARF (layout_open); behind every layout is a type tree (ltype.h), and
 * the fields below are its rows for the panel: arrays are expanded only
 * while the layout stays within LAYOUT_MAX_FIELDS rows.
 *
 * Errors come back as a malloc'd cause "NAME:LINE:COL: what is wrong"
 * (columns count bytes from 1); nothing here prints, exits or keeps
 * state between calls.
 */
#ifndef LIVEHEX_LAYOUT_H
#define LIVEHEX_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

#include "ltype.h"
#include "value.h"

#define LAYOUT_MAX_FIELDS	4096		/* fields in one layout */
#define LAYOUT_MAX_COUNT	65536		/* N in u8[N], char[N] */
#define LAYOUT_MAX_NAME		64		/* bytes in a field name */
#define LAYOUT_MAX_LINE		1024		/* bytes in a line, sans EOL */
#define LAYOUT_MAX_FILE		(1024 * 1024)	/* bytes in a layout file */

/* How a field's bytes are shown. */
enum layout_kind {
	LAYOUT_VALUE,		/* one inspector value: field.type */
	LAYOUT_BYTES,		/* u8[N], bytes[N]: hex "de ad be ef" */
	LAYOUT_CHARS,		/* char[N]: "text" up to the first NUL */
	LAYOUT_TREE,		/* a node of a type tree: field.ref */
};

/* One named field. */
struct layout_field {
	char			*name;
	uint64_t		 off;	/* from the start of the file */
	uint64_t		 size;	/* bytes, >= 1; off + size fits */
	enum layout_kind	 kind;
	struct value_type	 type;	/* LAYOUT_VALUE only */
	unsigned		 line;	/* where it was defined (from 1) */
	struct ltype_ref	 ref;	/* LAYOUT_TREE: off from the file */
	/* LAYOUT_TREE, bitfields sharing bytes: one row for NBITS members. */
	const struct ltype_member *bits;	/* the first, or NULL */
	size_t			 nbits;
	uint64_t		 bits_base;	/* their record's first byte */
	size_t			 root;	/* index into layout.roots */
};

/* A type placed in the file: --layout SPEC [--at OFFSET]. */
struct layout_root {
	char			*name;	/* "ring" for struct ring: a path prefix */
	uint64_t		 at;	/* its first byte in the file */
	const struct ltype	*type;
};

/* A parsed layout: at least one field, no two overlapping. */
struct layout {
	struct layout_field	*fields;	/* in the order of the file */
	size_t			 n;
	char			*source;	/* file name, for messages */
	size_t			*by_off;	/* private: indices by offset */
	struct ltree		*tree;		/* owns the roots' types */
	struct layout_root	*roots;		/* one per SPEC (a .layout: */
	size_t			 nroots;	/*  a record of its fields) */
};

/*
 * Parse TEXT (a C string, named NAME in messages): the layout, or NULL
 * with *cause "NAME:LINE:COL: what is wrong" for the first error.
 */
struct layout	*layout_parse(const char *text, const char *name,
		    char **cause);
/* Read and parse the file PATH; I/O errors come back as "PATH: why". */
struct layout	*layout_load(const char *path, char **cause);
/* Free L; NULL is ignored. */
void		 layout_free(struct layout *l);
/* The field covering offset OFF, or NULL in a gap (a binary search). */
const struct layout_field *layout_field_at(const struct layout *l,
		    uint64_t off);
/*
 * The field covering OFF or else the first one after it, or NULL: walk a
 * window with f = layout_field_next(l, f->off + f->size).
 */
const struct layout_field *layout_field_next(const struct layout *l,
		    uint64_t off);
/* The end of the layout: the largest off + size (0 when empty). */
uint64_t	 layout_extent(const struct layout *l);
/* F's type as written canonically ("u32le", "u8[16]", "char[32]"). */
void		 layout_type_name(const struct layout_field *f, char *out,
		    size_t outlen);
/*
 * F's value as text into OUT (always terminated; a cut ends in "...").
 * BYTES holds AVAIL bytes from the field's start; fewer than f->size
 * (the field runs past the end of the file) gives "unavailable".  Never
 * writes a control byte: text escapes as esc_text does, plus \".
 */
void		 layout_format(const struct layout_field *f,
		    const uint8_t *bytes, size_t avail, char *out,
		    size_t outlen);


/* Where a layout comes from (one --layout SPEC [--at OFFSET]). */
struct layout_spec {
	const char	*spec;	/* FILE.layout, HEADER:TYPE, ELF:TYPE, pid:TYPE */
	uint64_t	 at;	/* where the type starts in the file */
};

/* What the specs of one command line share. */
struct layout_opts {
	const char	*cflags;	/* --cflags for C headers, or NULL */
	const char	*pid_exe;	/* /proc/PID/exe for pid:TYPE, or NULL */
	uint64_t	 file_size;	/* a type must fit; UINT64_MAX: unknown */
	uint64_t	 at;		/* layout_load only: where a type starts */
};

/*
 * Open the N specs in SPECS as one layout (docs/layouts.md: "Layouts
 * from C headers and debug info"): a SPEC without ':' is a .layout file
 * (shifted by at); FILE:TYPE reads TYPE from a C header with libclang,
 * or from an ELF file's DWARF with libdw; pid:TYPE from o->pid_exe.  The
 * layout, or NULL with *cause.  The flat fields (layout_field_at ...)
 * expand arrays only while the whole layout stays within
 * LAYOUT_MAX_FIELDS rows; a larger array is one row, and paths reach
 * every element.
 */
struct layout	*layout_open(const struct layout_spec *specs, size_t n,
		    const struct layout_opts *o, char **cause);
/*
 * A layout of the one type TYPE of TREE placed at AT, its paths prefixed
 * by NAME ("ring"; "" for none); it owns TREE from now on.  SOURCE names
 * it in messages.
 */
struct layout	*layout_from_type(struct ltree *tree, const struct ltype *type,
		    const char *name, uint64_t at, const char *source);
/*
 * Set the options layout_load uses for a HEADER:TYPE spec (the viewer's
 * --layout and :layout, which pass only a string); O is copied, not its
 * strings.  NULL: none.
 */
void		 layout_set_defaults(const struct layout_opts *o);
/*
 * Resolve the field path PATH ("slots[3].seq", or with the root's name:
 * "ring.slots[3].seq") into *ref, ref->off counted from the start of
 * the file: 0, or -1 with *cause.
 */
int		 layout_resolve(const struct layout *l, const char *path,
		    struct ltype_ref *ref, char **cause);
/* PATH's first byte in L into *off (offexpr_env.field's contract). */
int		 layout_field_off(const struct layout *l, const char *path,
		    uint64_t *off, char **cause);
/*
 * The deepest path covering byte OFF of the file into OUT ("ring.
 * slots[12].state") and its ref (NULL: not wanted): 0, or -1 in no field.
 */
int		 layout_path_at(const struct layout *l, uint64_t off,
		    char *out, size_t outlen, struct ltype_ref *ref);

#endif
