/* SPDX-License-Identifier: ISC */
/*
 * changemap_priv.h - the page map's insides, shared by changemap.c (the
 * sweep: hashing, stamping, following the size) and changemap_query.c
 * (the questions asked of it: latest, newest, next).  Nothing else
 * includes this; the contract is changemap.h.
 */
#ifndef CHANGEMAP_PRIV_H
#define CHANGEMAP_PRIV_H

#include <stdbool.h>
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
	double		 cpu;		/* CPU seconds in sweeps, all told */
	size_t		 acc_spent;	/* budget spent, not yet in rate */
	double		 acc_seconds;	/* CPU time for acc_spent */
	uint64_t	 win_lo, win_hi;	/* the caller's window */
	uint64_t	 outside;	/* stamps of pages clear of it */
	/*
	 * Kept pages (changemap_keep): the bytes of each page the last sweep
	 * found changed, as it hashed them, in the order it hashed them.
	 * kept_page[k] is the page whose bytes start at kept_at[k]; an entry
	 * is written only after its bytes are whole (a fault abandons it).
	 */
	size_t		 swept_from;	/* the last sweep's first page */
	size_t		 swept_n;	/* and how many it visited */
	bool		 in_place;	/* changemap_in_place */
	bool		 keep;
	unsigned char	*kept;		/* the bytes, keptlen used */
	size_t		 keptlen, keptcap;
	size_t		*kept_page, *kept_at;
	size_t		 nkept, kept_n;	/* entries used, allocated */
	size_t		 kept_wrap;	/* first entry after the sweep
					   wrapped to page 0; 0 = none */
};

#endif /* CHANGEMAP_PRIV_H */
