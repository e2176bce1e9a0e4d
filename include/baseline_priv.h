/* SPDX-License-Identifier: ISC */
/*
 * baseline_priv.h - what baseline.c (taking) and baseline_diff.c (the
 * diff) share: the baseline's layout.  Nothing else includes it.
 */
#ifndef LIVEHEX_BASELINE_PRIV_H
#define LIVEHEX_BASELINE_PRIV_H

#include <stddef.h>
#include <stdint.h>

#include "baseline.h"

/* What a baseline knows of one page (struct baseline.kind). */
enum baseline_page {
	BASELINE_PENDING,	/* not taken yet */
	BASELINE_HOLE,		/* wholly in a hole: zeros, never read */
	BASELINE_KEPT,		/* read: hash and compressed bytes kept */
	BASELINE_HASH,		/* read: hash only (the KEEP cap) */
	BASELINE_LOST,		/* could not be read (the file shrank) */
};

/* The compressed old contents of one chunk's KEPT pages, in page order. */
struct baseline_chunk {
	unsigned char	*z;		/* zstd frame, NULL when none kept */
	size_t		 zlen;
	size_t		 rawlen;	/* bytes it decodes to */
};

struct baseline {
	size_t			 page;		/* bytes per page */
	uint64_t		 size;		/* file size at the start */
	size_t			 npages;	/* ceil(size / page) */
	uint64_t		*hash;		/* per page: XXH3 when read */
	uint8_t			*kind;		/* per page: baseline_page */
	struct baseline_chunk	*chunk;		/* per BASELINE_CHUNK pages */
	size_t			 nchunks;
	size_t			 cursor;	/* next page to take */
	size_t			 keep;		/* cap on compressed bytes */
	size_t			 kept;		/* compressed bytes held */
	uint64_t		 holes, hash_only, read;	/* stats */
	unsigned char		*raw;		/* one chunk of scratch */
	unsigned char		*zbuf;		/* compression output */
	size_t			 zcap;
	void			*zc;		/* ZSTD_CCtx */
	void			*zd;		/* ZSTD_DCtx */
	size_t			 cached;	/* chunk decoded in cache, or
						   SIZE_MAX */
	unsigned char		*cache;		/* its raw bytes */
	unsigned char		*zeros;		/* one page of zeros */
	uint64_t		 zero_hash;	/* the hash of a page of zeros */
};

/* Bytes of page I in a file of SIZE bytes with pages of PAGE bytes. */
static inline size_t
baseline_page_len(size_t page, uint64_t size, size_t i)
{
	uint64_t	off = (uint64_t)i * page;

	if (off >= size)
		return 0;
	return size - off < page ? (size_t)(size - off) : page;
}

/* XXH3 of LEN bytes at P, as a baseline keeps it. */
uint64_t	 baseline_hash(const void *p, size_t len);
/*
 * The old bytes of page I (baseline_page_len long): zeros for a hole, the
 * decoded bytes for a kept page; NULL when they are not known.  Valid
 * until the next call.
 */
const unsigned char *baseline_old(struct baseline *b, size_t i);

#endif
