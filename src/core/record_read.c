/* SPDX-License-Identifier: ISC */
/*
 * record_read.c - reading a recording: the index, blocks, keyframes
 * (record_step.c applies the changes: stepping, seeking).
 *
 * What it owns: the recording (a descriptor read with pread, or a buffer
 * in memory), an index of its blocks built at open from the block
 * headers alone, one image (the file as it was at the position), and the
 * decoded payload of the block the position is in.
 *
 * Invariants:
 *  - The position is a block (cur), an offset in its decoded payload and
 *    a time (pos): the image holds every change up to there.
 *  - Blocks at or past LIMIT are never decoded: LIMIT is where damage was
 *    found (at open from a header, later from a payload), and END is the
 *    last time before it.
 *  - Everything read from the file is checked before it is used: header
 *    fields against the file's length, checksums, decoded lengths,
 *    ranges against the image, times that never go backwards.  Damage is
 *    a message and a limit, never a crash or an allocation of whatever
 *    size a damaged field says.
 *
 * Seeking (record_step.c): to T, the image is rebuilt from the last
 * keyframe at or before T (a binary search in the list of keyframes
 * indexed at open), unless the position is already at or before T and at
 * or after that keyframe; then the deltas in between are applied.
 * Keyframe pieces met while stepping forward are skipped: they hold what
 * the image holds.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <zstd.h>

#include "record.h"
#include "record_priv.h"
#include "record_read_priv.h"
#include "xmalloc.h"

/* Read LEN bytes at OFF; false when the recording has fewer. */
static bool
rd_read(const struct record_reader *r, uint64_t off, void *buf, size_t len)
{
	ssize_t	n;
	size_t	done = 0;

	if (off > r->flen || len > r->flen - off)
		return false;
	/* Nothing to read (an empty payload: BUF may be NULL then). */
	if (len == 0)
		return true;
	if (r->fd == -1) {
		memcpy(buf, r->mem + off, len);
		return true;
	}
	while (done < len) {
		n = pread(r->fd, (uint8_t *)buf + done, len - done,
		    (off_t)(off + done));
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return false;
		done += (size_t)n;
	}
	return true;
}

/* Say where damage is and stop reading at block K. */
void
record_read_damage(struct record_reader *r, size_t k, uint64_t at,
    const char *why)
{
	char	t[32];

	/*
	 * Damage before the known limit moves it back, even after other
	 * damage was noted: a header whose T1 was flipped high passes the
	 * index and stops it at the next block, and only its checksum, when
	 * its payload is read, shows that the block itself is damaged.
	 */
	if (k >= r->limit)
		return;
	free(r->damage);
	r->limit = k;
	/*
	 * The changes of the last time before the damage may go on in the
	 * damaged block (or one never written): only a block known to
	 * start later proves that time whole.
	 */
	r->end = 0;
	if (k > 0) {
		r->end = r->blk[k - 1].t1;
		if (k >= r->nblk || r->blk[k].t0 <= r->end)
			r->end = r->end > 0 ? r->end - 1 : 0;
	}
	r->complete = false;
	r->damage = xasprintf("damaged at byte %" PRIu64 " (block %zu): %s; "
	    "readable up to %s", at, k, why, record_fmt_time(r->end, t,
	    sizeof t));
}

/* Index the blocks from their headers, stopping at damage. */
static void
rd_index(struct record_reader *r, uint64_t at)
{
	uint8_t		h[RECORD_BLOCK_LEN];
	struct record_blk b;
	size_t		cap = 0, kcap = 0;
	uint64_t	last = 0;
	char		why[160];

	r->limit = SIZE_MAX;
	while (at < r->flen && !r->complete) {
		if (!rd_read(r, at, h, sizeof h)) {
			record_read_damage(r, r->nblk, at, "the file ends inside a "
			    "block header (truncated)");
			break;
		}
		memset(&b, 0, sizeof b);
		b.at = at;
		b.type = h[RECORD_B_TYPE];
		b.codec = h[RECORD_B_CODEC];
		b.raw = record_get32(h + RECORD_B_RAW);
		b.stored = record_get32(h + RECORD_B_STORED);
		b.t0 = record_get64(h + RECORD_B_T0);
		b.t1 = record_get64(h + RECORD_B_T1);
		b.sum = record_get64(h + RECORD_B_SUM);
		why[0] = '\0';
		if (record_get32(h + RECORD_B_MAGIC) != RECORD_BLOCK_MAGIC)
			snprintf(why, sizeof why, "no block starts there");
		else if (b.type < RECORD_BT_KEY || b.type > RECORD_BT_END)
			snprintf(why, sizeof why, "unknown block type %u",
			    b.type);
		else if (b.codec > RECORD_CODEC_ZSTD)
			snprintf(why, sizeof why, "unknown compression %u",
			    b.codec);
		else if (b.raw > RECORD_PAYLOAD_MAX ||
		    b.stored > RECORD_PAYLOAD_MAX ||
		    (b.codec == RECORD_CODEC_RAW && b.raw != b.stored))
			snprintf(why, sizeof why, "impossible lengths (%" PRIu32
			    " bytes stored for %" PRIu32 ")", b.stored, b.raw);
		else if (b.t1 < b.t0 || b.t0 < last)
			snprintf(why, sizeof why, "its times go backwards");
		else if (at + RECORD_BLOCK_LEN + b.stored > r->flen)
			snprintf(why, sizeof why, "the file ends inside the "
			    "block (truncated: %" PRIu64 " of %" PRIu32
			    " bytes)", r->flen - at - RECORD_BLOCK_LEN,
			    b.stored);
		if (why[0] != '\0') {
			record_read_damage(r, r->nblk, at, why);
			break;
		}
		if (r->nblk == cap) {
			cap = cap == 0 ? 64 : 2 * cap;
			r->blk = xrealloc(r->blk, cap * sizeof *r->blk);
		}
		/* A keyframe starts where a KEY block follows another type. */
		if (b.type == RECORD_BT_KEY && (r->nblk == 0 ||
		    r->blk[r->nblk - 1].type != RECORD_BT_KEY)) {
			if (r->nkeys == kcap) {
				kcap = kcap == 0 ? 16 : 2 * kcap;
				r->keys = xrealloc(r->keys, kcap *
				    sizeof *r->keys);
			}
			r->keys[r->nkeys++] = r->nblk;
		}
		r->blk[r->nblk++] = b;
		last = b.t1;
		if (b.type == RECORD_BT_END)
			r->complete = true;
		at += RECORD_BLOCK_LEN + b.stored;
	}
	if (r->limit == SIZE_MAX) {
		r->limit = r->nblk;
		r->end = r->nblk > 0 ? r->blk[r->nblk - 1].t1 : 0;
		if (!r->complete && r->nblk > 0)
			r->damage = xasprintf("the recording has no end block "
			    "(it was not finished: the recorder was killed?); "
			    "readable up to %s", record_fmt_time(r->end, why,
			    sizeof why));
	}
}

/* Make *BUF (*CAP bytes) hold at least LEN bytes. */
void
record_read_grow(uint8_t **buf, size_t *cap, size_t len)
{
	if (len > *cap) {
		*buf = xrealloc(*buf, len);
		*cap = len;
	}
}

/*
 * Decode block B's payload (b->raw bytes) into DST: NULL, or why it is
 * damage; with DST NULL, only check its checksum.  The stored bytes go
 * to *BUF (grown to *CAP as needed) unless the payload is raw (straight
 * into DST: a random image's keyframe is stored raw, and needs no copy
 * of 64 MiB through a buffer); ZD decompresses.  It reads the recording (fd, mem, flen: fixed at open)
 * and writes only DST and the buffer: record_bg.c's thread calls it with
 * its own.
 */
const char *
record_read_payload(const struct record_reader *r, const struct record_blk *b,
    uint8_t *dst, uint8_t **buf, size_t *cap, ZSTD_DCtx *zd)
{
	uint8_t	h[RECORD_BLOCK_LEN], *in = dst;
	size_t	n;
	bool	raw = dst != NULL && b->codec == RECORD_CODEC_RAW &&
		    b->stored == b->raw;

	if (!raw) {
		record_read_grow(buf, cap, (size_t)b->stored + 1);
		in = *buf;
	}
	if (!rd_read(r, b->at, h, sizeof h) ||
	    !rd_read(r, b->at + RECORD_BLOCK_LEN, in, b->stored))
		return "it cannot be read any more";
#ifndef RECORD_NO_SUM	/* the fuzzer reaches past the checksums */
	if (record_block_sum(h, in, b->stored) != b->sum)
		return "its checksum does not match (the bytes were changed)";
#endif
	if (dst == NULL)
		return NULL;
	if (b->codec == RECORD_CODEC_RAW) {
		/* A raw block whose lengths differ is damage (rd_index). */
		if (!raw && b->raw > 0)
			memcpy(dst, in, b->raw);
		return NULL;
	}
	n = ZSTD_decompressDCtx(zd, dst, b->raw, in, b->stored);
	if (ZSTD_isError(n) || n != b->raw)
		return "it does not decompress";
	return NULL;
}

/*
 * Decode block K's payload (b->raw bytes) into DST, which has room for
 * exactly that (NULL: only check it); false after noting damage.  Why two
 * buffers for the stored bytes: a payload decoded into r->paymem is read
 * from r->zin; anything else (a keyframe piece decoded straight into the
 * image, a checksum alone) is read into r->paymem, which then holds no
 * decoded block.  So r->zin stays the size of a delta block: a 16 MiB
 * keyframe piece read into it grew it to that, and the first seek after
 * open paid 3,800 page faults for it (45 ms of 140 on the VM of
 * docs/performance.md), while r->paymem is that size from the initial
 * image on.
 */
static bool
rd_decode_to(struct record_reader *r, size_t k, uint8_t *dst)
{
	const char	*why;

	if (dst != NULL && dst == r->paymem)
		why = record_read_payload(r, &r->blk[k], dst, &r->zin,
		    &r->zcap, r->zd);
	else {
		r->decoded = SIZE_MAX;
		why = record_read_payload(r, &r->blk[k], dst, &r->paymem,
		    &r->paycap, r->zd);
	}
	if (why != NULL)
		record_read_damage(r, k, r->blk[k].at, why);
	return why == NULL;
}

/* Decode block K's payload into r->pay; false after noting damage. */
bool
record_read_decode(struct record_reader *r, size_t k)
{
	const struct record_blk	*b = &r->blk[k];

	if (r->decoded == k)
		return true;
	if (k >= r->limit)
		return false;
	if (record_bg_take(r, k))
		return true;
	record_read_grow(&r->paymem, &r->paycap, (size_t)b->raw + 1);
	r->decoded = SIZE_MAX;
	if (!rd_decode_to(r, k, r->paymem))
		return false;
	r->pay = r->paymem;
	r->paylen = b->raw;
	r->decoded = k;
	return true;
}

/*
 * Check block K's checksum without decoding it; false after damage.
 * r->pay no longer holds a decoded block after it.
 */
bool
record_read_check(struct record_reader *r, size_t k)
{
	return rd_decode_to(r, k, NULL);
}

/* Make the image SIZE bytes (new bytes zero); false when it cannot. */
bool
record_read_resize(struct record_reader *r, uint64_t size)
{
	uint8_t	*p;

	if (size > RECORD_IMAGE_MAX)
		return false;
	if (size > r->cap) {
		/* RECORD_KEY_HEAD bytes before the image: see rd_key. */
		p = realloc(r->img != NULL ? r->img - RECORD_KEY_HEAD : NULL,
		    (size_t)size + RECORD_KEY_HEAD);
		if (p == NULL)
			return false;
		r->img = p + RECORD_KEY_HEAD;
		r->cap = size;
	}
	if (size > r->size)
		memset(r->img + r->size, 0, (size_t)(size - r->size));
	r->size = size;
	return true;
}

/*
 * Decode keyframe K's pieces from block I on, the first at OFF of an
 * image of SIZE bytes (the image's size now), straight into the image
 * until it is whole: NULL and *AT the block after the last piece, or why
 * and *AT the damaged block.  Why in place: a seek decodes a whole
 * image, and a copy of each piece through r->pay was a quarter of that.
 * A piece's 16-byte head lands in the 16 bytes before its offset (the
 * last piece's end, or the room record_read_resize keeps before the
 * image), which are put back after.  Stored bytes go to *BUF, zstd is
 * ZD (record_read_payload); it writes only the image and the buffer, so
 * record_bg.c's thread runs it while the reader's thread does not touch
 * the image.
 */
const char *
record_read_pieces(const struct record_reader *r, size_t k, size_t i,
    uint64_t off, uint64_t size, uint8_t **buf, size_t *cap, ZSTD_DCtx *zd,
    size_t *at)
{
	const struct record_blk	*b;
	uint8_t			 keep[RECORD_KEY_HEAD], head[RECORD_KEY_HEAD];
	uint8_t			*dst;
	const char		*why;

	do {
		if (i >= r->limit || r->blk[i].type != RECORD_BT_KEY ||
		    r->blk[i].t0 != r->blk[k].t0) {
			*at = i < r->limit ? i : k;
			return "a keyframe stops short";
		}
		b = &r->blk[i];
		*at = i;
		if (b->raw < RECORD_KEY_HEAD || b->raw - RECORD_KEY_HEAD >
		    size - off)
			return "a keyframe piece does not fit the image";
		dst = r->img + off - RECORD_KEY_HEAD;
		memcpy(keep, dst, sizeof keep);
		why = record_read_payload(r, b, dst, buf, cap, zd);
		memcpy(head, dst, sizeof head);
		memcpy(dst, keep, sizeof keep);
		if (why != NULL)
			return why;
		if (record_get64(head) != size || record_get64(head + 8) != off)
			return "a keyframe piece does not fit the image";
		off += b->raw - RECORD_KEY_HEAD;
		i++;
	} while (off < size);
	*at = i;
	return NULL;
}

/* The most r->zin keeps after a keyframe: a writer's delta block. */
#define RD_ZIN_KEEP	(2u * 1024 * 1024)
/* Stored bytes enough to decode a zstd frame's first block (128 KiB
   and its head, the frame's head): record_read_same_size. */
#define RD_PEEK		(128 * 1024 + 64)

/*
 * True when keyframe K's first piece says (unchecked) that the image
 * keeps the size it has: then that piece too is decoded straight into
 * the image, and rd_key_piece checks it (checksum, size, offset) like
 * the others.  Why: the first piece says the image's size, so it was
 * decoded through r->pay from r->zin, and on the first seek after open
 * r->zin grew to a 16 MiB piece (the page faults of rd_decode_to).  A
 * zstd piece is peeked by decoding its first 16 bytes from its first
 * block; anything odd says false, and the piece takes the long way.
 */
bool
record_read_same_size(struct record_reader *r, size_t k)
{
	const struct record_blk	*b = &r->blk[k];
	uint8_t			 head[RECORD_KEY_HEAD], *in;
	size_t			 n, rc;
	ZSTD_inBuffer		 zi;
	ZSTD_outBuffer		 zo = { head, sizeof head, 0 };

	if (k >= r->limit || b->type != RECORD_BT_KEY || r->img == NULL ||
	    b->raw < RECORD_KEY_HEAD)
		return false;
	if (b->codec == RECORD_CODEC_RAW) {
		if (b->stored != b->raw || !rd_read(r, b->at +
		    RECORD_BLOCK_LEN, head, sizeof head))
			return false;
	} else {
		n = b->stored < RD_PEEK ? b->stored : RD_PEEK;
		record_read_grow(&r->zin, &r->zcap, n);
		in = r->zin;
		if (!rd_read(r, b->at + RECORD_BLOCK_LEN, in, n))
			return false;
		zi = (ZSTD_inBuffer){ in, n, 0 };
		ZSTD_DCtx_reset(r->zd, ZSTD_reset_session_only);
		rc = ZSTD_decompressStream(r->zd, &zo, &zi);
		ZSTD_DCtx_reset(r->zd, ZSTD_reset_session_only);
		if (ZSTD_isError(rc) || zo.pos != sizeof head)
			return false;
	}
	return record_get64(head) == r->size && record_get64(head + 8) == 0;
}

/*
 * Load the keyframe whose first piece is block K: the image becomes it,
 * the position the block after its last piece.  False after damage.
 */
bool
record_read_key(struct record_reader *r, size_t k)
{
	uint64_t	 size, n;
	size_t		 i = k;
	const char	*why = NULL;

	if (k >= r->limit)
		return false;
	if (record_read_same_size(r, k)) {
		r->decoded = SIZE_MAX;
		why = record_read_pieces(r, k, k, 0, r->size, &r->paymem,
		    &r->paycap, r->zd, &i);
		goto done;
	}
	/* The first piece says the size: through r->pay. */
	if (r->blk[k].type != RECORD_BT_KEY)
		why = "a keyframe stops short";
	else if (!record_read_decode(r, k))
		return false;
	else if (r->paylen < RECORD_KEY_HEAD ||
	    record_get64(r->pay + 8) != 0)
		why = "a keyframe piece does not fit the image";
	if (why != NULL)
		goto done;
	size = record_get64(r->pay);
	n = r->paylen - RECORD_KEY_HEAD;
	if (!record_read_resize(r, size))
		why = "the image is too big for memory";
	else if (n > size)
		why = "a keyframe piece does not fit the image";
	else {
		if (n > 0)	/* an empty image may have no buffer */
			memcpy(r->img, r->pay + RECORD_KEY_HEAD, (size_t)n);
		i = k + 1;
		if (n < size) {
			r->decoded = SIZE_MAX;
			why = record_read_pieces(r, k, i, n, size,
			    &r->paymem, &r->paycap, r->zd, &i);
		}
	}
	/*
	 * A first piece that took the long way (at open, or when the size
	 * changes) was read into r->zin: give that back rather than keep a
	 * delta block's buffer the size of a piece.
	 */
	if (r->zcap > RD_ZIN_KEEP) {
		free(r->zin);
		r->zin = NULL;
		r->zcap = 0;
	}
done:
	if (why != NULL) {
		record_read_damage(r, i, r->blk[i].at, why);
		return false;
	}
	r->cur = i;
	r->payoff = 0;
	r->pos = r->blk[k].t0;
	return true;
}

/* Read and check the file header; then index and load the first image. */
static struct record_reader *
rd_start(struct record_reader *r, char **cause)
{
	uint8_t		h[RECORD_HEAD_LEN];
	uint32_t	nlen, v;
	uint8_t		*name;

	r->decoded = SIZE_MAX;
	/* One CPU: a second thread would only take turns with this one. */
	r->bg_off = sysconf(_SC_NPROCESSORS_ONLN) < 2;
	if (!rd_read(r, 0, h, sizeof h) ||
	    memcmp(h, RECORD_MAGIC, RECORD_MAGIC_LEN) != 0) {
		cause_set(cause, "not a livehex recording (it does not start "
		    "as one: make one with livehex record)");
		goto fail;
	}
	v = record_get32(h + RECORD_H_VERSION);
	if (v != RECORD_VERSION) {
		cause_set(cause, "a recording of format version %" PRIu32
		    ", this livehex reads version %d", v, RECORD_VERSION);
		goto fail;
	}
	nlen = record_get32(h + RECORD_H_NAMELEN);
	name = xmalloc(nlen <= RECORD_NAME_MAX ? nlen + 1 : 1);
	if (nlen > RECORD_NAME_MAX || !rd_read(r, RECORD_HEAD_LEN, name,
	    nlen) || record_head_sum(h, name, nlen) !=
	    record_get64(h + RECORD_H_SUM)) {
		free(name);
		cause_set(cause, "damaged at byte 0 (the header): its checksum "
		    "does not match or it is cut short");
		goto fail;
	}
	name[nlen] = '\0';
	r->source = (char *)name;
	r->wall = record_get64(h + RECORD_H_WALL);
	r->zd = ZSTD_createDCtx();
	if (r->zd == NULL) {
		cause_set(cause, "zstd could not start (out of memory)");
		goto fail;
	}
	rd_index(r, RECORD_HEAD_LEN + nlen);
	if (r->nblk == 0 || r->blk[0].type != RECORD_BT_KEY ||
	    r->blk[0].t0 != 0 || !record_read_key(r, 0)) {
		cause_set(cause, "%s", r->damage != NULL ? r->damage :
		    "damaged: the initial image is missing");
		goto fail;
	}
	return r;
fail:
	record_close(r);
	return NULL;
}

/* Open the recording PATH. */
struct record_reader *
record_open(const char *path, char **cause)
{
	struct record_reader	*r;
	struct stat		 st;
	int			 fd;

	fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
	if (fd == -1) {
		cause_set(cause, "cannot open it: %s", strerror(errno));
		return NULL;
	}
	if (fstat(fd, &st) == -1 || !S_ISREG(st.st_mode)) {
		cause_set(cause, "a recording is a regular file");
		close(fd);
		return NULL;
	}
	r = xcalloc(1, sizeof *r);
	r->fd = fd;
	r->flen = (uint64_t)st.st_size;
	return rd_start(r, cause);
}

/* Open a recording held in memory. */
struct record_reader *
record_open_mem(const uint8_t *buf, size_t len, char **cause)
{
	struct record_reader	*r;

	r = xcalloc(1, sizeof *r);
	r->fd = -1;
	r->mem = buf;
	r->flen = len;
	return rd_start(r, cause);
}

/* Close. */
void
record_close(struct record_reader *r)
{
	if (r == NULL)
		return;
	if (r->fd != -1)
		close(r->fd);
	ZSTD_freeDCtx(r->zd);
	free(r->source);
	free(r->blk);
	free(r->keys);
	free(r->damage);
	free(r->img != NULL ? r->img - RECORD_KEY_HEAD : NULL);
	record_bg_free(r);
	free(r->paymem);
	free(r->zin);
	free(r);
}

/* The SOURCE recorded. */
const char *
record_source(const struct record_reader *r)
{
	return r->source;
}

/* The wall clock at time 0. */
uint64_t
record_wall_ns(const struct record_reader *r)
{
	return r->wall;
}

/* The last readable time. */
uint64_t
record_end(const struct record_reader *r)
{
	return r->end;
}

/* True when the end block was read. */
bool
record_complete(const struct record_reader *r)
{
	return r->complete;
}

/* The damage found so far, or NULL. */
const char *
record_damage(const struct record_reader *r)
{
	return r->damage;
}
