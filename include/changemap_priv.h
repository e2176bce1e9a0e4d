/* SPDX-License-Identifier: ISC */
/*
 * changemap_priv.h - the page map's insides, shared by changemap.c (the
 * sweep: hashing, stamping, following the size) and changemap_query.c
 * (the questions asked of it: latest, newest, next).  Nothing else
 * includes this; the contract is changemap.h.
 */
#ifndef CHANGEMAP_PRIV_H
#define CHANGEMAP_PRIV_H

#include <stddef.h>
#include <stdint.h>

/* Pages summarised by one entry of block[] (the strip's shortcut). */
#ifndef CHANGEMAP_BLOCK
#define CHANGEMAP_BLOCK		64
#endif

struct changemap {
	size_t		 page;		/* bytes per page */
	size_t		 sys_page;	/* system page size (mincore's unit) */
	uint64_t	 size;		/* file size the arrays describe */
	size_t		 npages;	/* ceil(size / page) */
	size_t		 cap;		/* entries allocated */
	uint64_t	*hash;		/* per page: XXH3, 0 = none yet */
	uint32_t	*stamp;		/* per page: when it changed, 0 = never */
	uint32_t	*block;		/* per CHANGEMAP_BLOCK pages: max stamp */
	size_t		 cursor;	/* the page the next sweep starts at */
	unsigned char	*vec;		/* mincore scratch, one byte/sys page */
	unsigned char	*buf;		/* pread buffer, NULL until needed */
	size_t		 bufcap;	/* bytes in buf: whole pages */
	size_t		 veccap;	/* bytes allocated in vec */
	uint64_t	 zero_page;	/* hash of PAGE zero bytes */
	uint64_t	 zero_last;	/* hash of the last page's length of
					   zero bytes */
	uint64_t	 hashed;	/* bytes hashed since changemap_new */
	double		 rate;		/* budget bytes per CPU second, 0 =
					   not measured yet */
	size_t		 acc_spent;	/* budget spent, not yet in rate */
	double		 acc_seconds;	/* CPU time for acc_spent */
	uint64_t	 win_lo, win_hi;	/* the caller's window */
	uint64_t	 outside;	/* stamps of pages clear of it */
};

#endif /* CHANGEMAP_PRIV_H */
