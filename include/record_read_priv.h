/* SPDX-License-Identifier: ISC */
/*
 * record_read_priv.h - the recording reader's insides, shared by
 * record_read.c (opening, the index, reading and checking blocks, loading
 * keyframes) and record_step.c (the changes: stepping, seeking).  Nothing
 * else includes this; the contract is record.h.
 */
#ifndef RECORD_READ_PRIV_H
#define RECORD_READ_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include <zstd.h>

/* The largest image the reader will allocate (the fuzzer sets less). */
#ifndef RECORD_IMAGE_MAX
#define RECORD_IMAGE_MAX	((uint64_t)SIZE_MAX / 2)
#endif

/* One block, from its header. */
struct record_blk {
	uint64_t	at;		/* file offset of its header */
	uint64_t	t0, t1;
	uint64_t	sum;
	uint32_t	raw, stored;
	uint8_t		type, codec;
};

/* The reader. */
struct record_reader {
	int			 fd;		/* or -1: MEM */
	const uint8_t		*mem;
	uint64_t		 flen;		/* the recording's length */
	char			*source;
	uint64_t		 wall;
	struct record_blk	*blk;
	size_t			 nblk, limit;
	size_t			*keys;		/* first pieces of keyframes */
	size_t			 nkeys;
	bool			 complete;
	char			*damage;
	uint64_t		 end;
	uint8_t			*img;		/* the image */
	uint64_t		 size, cap;
	uint64_t		 pos;		/* its time */
	size_t			 cur;		/* block of the position */
	const uint8_t		*pay;		/* cur's payload, decoded: in
						   paymem or a record_bg.c
						   slot */
	uint8_t			*paymem;	/* paycap bytes */
	size_t			 paylen, payoff;
	size_t			 paycap;
	size_t			 decoded;	/* which block is in pay, or
						   SIZE_MAX */
	uint8_t			*zin;		/* stored bytes */
	size_t			 zcap;
	ZSTD_DCtx		*zd;
	struct record_bg	*bg;		/* record_bg.c, or NULL */
	bool			 bg_off;	/* no second thread */
	size_t			 bg_keys;	/* keyframes it loaded, and */
	size_t			 bg_taken;	/* delta blocks decoded
						   meanwhile and applied */
};

/* Make *BUF (*CAP bytes) hold at least LEN bytes. */
void	record_read_grow(uint8_t **buf, size_t *cap, size_t len);
/*
 * Decode block B's payload into DST (b->raw bytes; NULL: only check its
 * checksum): NULL, or why it is damage.  Stored bytes go to *BUF (*CAP bytes, grown), ZD decompresses;
 * it reads only the recording.
 */
const char *record_read_payload(const struct record_reader *r,
	    const struct record_blk *b, uint8_t *dst, uint8_t **buf,
	    size_t *cap, ZSTD_DCtx *zd);
/*
 * Decode keyframe K's pieces from block I on (the first at OFF of an
 * image of SIZE bytes, the image's size now) straight into the image:
 * NULL and *AT the block after them, or why and *AT the damaged block.
 * Writes only the image and the buffer.
 */
const char *record_read_pieces(const struct record_reader *r, size_t k,
	    size_t i, uint64_t off, uint64_t size, uint8_t **buf, size_t *cap,
	    ZSTD_DCtx *zd, size_t *at);
/* Decode block K's payload into r->pay; false after noting damage. */
bool	record_read_decode(struct record_reader *r, size_t k);
/* Check block K's checksum without decoding it; false after damage. */
bool	record_read_check(struct record_reader *r, size_t k);
/* Make the image SIZE bytes (new bytes zero); false when it cannot. */
bool	record_read_resize(struct record_reader *r, uint64_t size);
/* Say where damage is (WHY, at file offset AT) and stop reading at block K. */
void	record_read_damage(struct record_reader *r, size_t k, uint64_t at,
	    const char *why);
/* Load the keyframe whose first piece is block K; false after damage. */
bool	record_read_key(struct record_reader *r, size_t k);

/*
 * True when keyframe K's first piece says (unchecked) that the image
 * keeps its size: its pieces can then be decoded straight into it.
 */
bool	record_read_same_size(struct record_reader *r, size_t k);

/* ---- record_bg.c: a seek's keyframe loaded on a second thread --------- */

/*
 * Load keyframe K for a seek to T_MS on a second thread while this one
 * decodes the delta blocks after it: 1 loaded, 0 after noting damage,
 * -1 not tried (load it with record_read_key).
 */
int	record_bg_key(struct record_reader *r, size_t k, uint64_t t_ms);
/* Block K, decoded while the keyframe loaded, into r->pay: true. */
bool	record_bg_take(struct record_reader *r, size_t k);
/* Forget what record_bg_key decoded and was not taken. */
void	record_bg_drop(struct record_reader *r);
/* Free it all (record_close). */
void	record_bg_free(struct record_reader *r);

#endif /* RECORD_READ_PRIV_H */
