/* SPDX-License-Identifier: ISC */
/*
 * lessons.h - `livehex demo --lesson NAME`: scripted lessons on sharing a
 * mapped file, the viewer on one side and livehex itself on the other.
 *
 * Three files:
 *  - lesson_script.c: the lessons as data: for each, its steps (caption,
 *    C, Python: caption.h) and what the second process does at each;
 *  - lesson_child.c: the second process: every action a lesson can ask
 *    for, in one place, run step by step on the viewer's word;
 *  - lessons.c: the runner: the private file, the child and its socket,
 *    the caption's hooks, the clean-up.
 */
#ifndef LIVEHEX_LESSONS_H
#define LIVEHEX_LESSONS_H

#include <stddef.h>
#include <stdio.h>
#include <stdint.h>

#include "caption.h"

/* What the second process does when a step is reached. */
enum lesson_act {
	LESSON_NOTHING,
	LESSON_SEEK_WRITE,	/* create: lseek to the end - 1, write 1 byte */
	LESSON_FTRUNCATE,	/* create: ftruncate to twice the size */
	LESSON_FALLOCATE,	/* create: fallocate the last third */
	LESSON_MAP_STORE,	/* create: map the whole file, store a word */
	LESSON_HELLO,		/* share: store a greeting at 0x00 */
	LESSON_WATCH,		/* share: report every change of byte 0x40 */
	LESSON_WRITER,		/* ab-vs-wb: start process 1, a counter at 0 */
	LESSON_OPEN_AB,		/* ab-vs-wb: fopen "ab+" and close */
	LESSON_OPEN_WB,		/* ab-vs-wb: fopen "wb+" and close */
	LESSON_PRIVATE,		/* private: MAP_PRIVATE, store, read back */
	LESSON_SHARED,		/* private: MAP_SHARED, store */
	LESSON_STORE_TEXT,	/* msync: store a line (no msync yet) */
	LESSON_MSYNC,		/* msync: msync(MS_SYNC), timed */
	LESSON_FSTYPE,		/* msync: which file system holds the file */
	LESSON_TORN,		/* torn: 8 + 8 byte stores, a plain reader */
	LESSON_SEQLOCK,		/* torn: the same under a sequence counter */
	LESSON_PLUS,		/* atomic: two processes count with += */
	LESSON_FETCH_ADD,	/* atomic: two processes count with fetch-add */
};

/* One lesson. */
struct lesson {
	const char		*name;
	const char		*about;		/* one line for --lessons */
	unsigned		 size;		/* the file's size at the start */
	const char		*layout;	/* a layout for i, or NULL */
	const struct caption_step *steps;
	const enum lesson_act	*acts;		/* one per step */
	size_t			 n;
};

/* The lessons, and how many. */
extern const struct lesson lesson_list[];
extern const size_t lesson_count;

/* The lesson called NAME, or NULL. */
const struct lesson	*lesson_find(const char *name);
/* Print the lessons, one line each, to F. */
void			 lesson_print_list(FILE *f);
/*
 * Make a private directory and in it a SIZE-byte file (cmd_demo.c); the
 * file's path and *DIR, or NULL after saying why.
 */
char			*demo_make_file(uint64_t size, char **dir);
/* The viewer and the second process on lesson L; an exit status. */
int			 lesson_run(const struct lesson *l);
/*
 * The second process: do the steps read from FD (one byte each) on PATH,
 * report back on FD, until FD closes; never returns.
 */
void			 lesson_child(const struct lesson *l, const char *path,
			    int fd) __attribute__((noreturn));

#endif
