/* SPDX-License-Identifier: ISC */
/*
 * cmds_complete.h - the pieces of Tab completion in the ':' prompt
 * (cmds.c's cmds_complete chooses among them by the command's row).
 */
#ifndef LIVEHEX_CMDS_COMPLETE_H
#define LIVEHEX_CMDS_COMPLETE_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Complete the word at AT in BUF (SIZE bytes) against the N CHOICES as
 * far as they agree; a unique choice gets a blank after it when TRAIL;
 * several are listed in LIST (LSIZE bytes, as SHOW[i] when SHOW is not
 * NULL); the new length of BUF.
 */
size_t	cmds_complete_word(char *buf, size_t size, size_t at,
	    const char *const *choices, size_t n, bool trail, char *list,
	    size_t lsize, const char *const *show);
/*
 * Complete the file name at AT in BUF (SIZE bytes), or one of the N
 * WORDS the command also takes; choices listed in LIST; the new length.
 */
size_t	cmds_complete_file(char *buf, size_t size, size_t at,
	    const char *const *words, size_t n, char *list, size_t lsize);
/* The type names :set takes into NAMES (room for 40); how many. */
size_t	cmds_complete_types(char names[][8]);

#endif
