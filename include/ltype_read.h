/* SPDX-License-Identifier: ISC */
/*
 * ltype_read.h - the readers that build a type tree (ltype.h) from what
 * the user already has: a C header (libclang) or an ELF file's DWARF
 * (libdw).  Both are optional at configure time; without them the
 * reader says how livehex was built and what it would need.
 */
#ifndef LIVEHEX_LTYPE_READ_H
#define LIVEHEX_LTYPE_READ_H

#include "ltype.h"

/*
 * TYPE ("struct ring", "ring_t", "union u") as the C compiler lays it
 * out for HEADER with the extra flags CFLAGS (split at blanks; NULL:
 * none), built into T: the type, or NULL with *cause (clang's own
 * diagnostics "FILE:LINE:COL: error: ...", escaped, for a header that
 * does not parse).
 */
const struct ltype *ltype_clang_read(struct ltree *t, const char *header,
		    const char *type, const char *cflags, char **cause);
/* TYPE from the DWARF of the ELF file PATH, built into T; or NULL. */
const struct ltype *ltype_dwarf_read(struct ltree *t, const char *path,
		    const char *type, char **cause);
/* TYPE's name without "struct ", "union " or "enum " (a path prefix). */
const char	*ltype_bare_name(const char *type);

#endif
