/* SPDX-License-Identifier: ISC */
/*
 * yank_file.h - :w FILE (the selection out to a file) and :r FILE's read.
 *
 * Part of the yank feature, below the app: plain functions that take what
 * they work on and say on the status line what they did.
 */
#ifndef LIVEHEX_YANK_FILE_H
#define LIVEHEX_YANK_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct door;
struct select;
struct status;

/*
 * :w FILE / :w! FILE (FORCE): write [START, START+LEN) of D to PATH, read
 * by pread in pieces (SEL's), through a temporary file in PATH's
 * directory renamed into place, so a failure leaves nothing half
 * written.  Refused: PATH existing without FORCE, PATH being the viewed
 * file (DEV, INO).  True when written; ST says what happened either way.
 */
bool	 yank_file_write(struct select *sel, struct door *d, uint64_t start,
	    uint64_t len, const char *path, bool force, uint64_t dev,
	    uint64_t ino, struct status *st);
/*
 * :r FILE: read PATH whole into a malloc'd buffer of *LEN bytes, at most
 * MAX (more: refused, as the viewed file never grows) and at most 64 MiB
 * (its undo keeps every byte); NULL with a message on ST.
 */
unsigned char *yank_file_read(const char *path, uint64_t max, size_t *len,
	    struct status *st);

#endif
