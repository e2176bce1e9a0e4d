/* SPDX-License-Identifier: ISC */
/*
 * ltype_dwarf.c - a type tree from an ELF file's debug info (DWARF).
 *
 * Not written yet (issue 13, next round): this build says so, and how
 * to get the same layout today (the C header, or a .layout file).
 */
#include "config.h"

#include <stdlib.h>

#include "esc.h"
#include "ltype_read.h"
#include "xmalloc.h"

/* TYPE from the DWARF of PATH: not in this build yet. */
const struct ltype *
ltype_dwarf_read(struct ltree *t, const char *path, const char *type,
    char **cause)
{
	char	*q = esc_text(path, true);

	(void)t;
	(void)type;
	cause_set(cause, "%s is an ELF file: this livehex cannot read types "
	    "from debug info (DWARF) yet; give the C header instead "
	    "(--layout HEADER.h:TYPE) or a .layout file", q);
	free(q);
	return NULL;
}
