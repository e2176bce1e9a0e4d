/* SPDX-License-Identifier: ISC */
/*
 * record.c - writing a recording (record.h, docs/record-format.md).
 *
 * What it owns: the recording file being written, the writer's copy of
 * the image (the file as the recording says it is now), the open delta
 * block (raw records, not yet compressed) and the policy that closes
 * blocks and writes keyframes.
 *
 * Invariants:
 *  - The copy is exactly what a reader reconstructs from the blocks
 *    written so far plus the open block: a change is diffed against the
 *    copy and the copy updated in the same step.
 *  - Times in the file never go backwards: a change stamped earlier than
 *    the last one is recorded at the last one's time.
 *  - With a max size, the file never passes it: a block that would (with
 *    room kept for the end block) is not written and RECORD_FULL says to
 *    finish; its changes are then not in the recording.
 *
 * How it fails: a write error is returned as a cause and the writer
 * writes nothing more (record_finish then only closes).  A recording
 * left without its end block (a crash, a kill -9) is still readable up
 * to its last whole block.
 *
 * Keyframes by what they cost in the file: one is written once the
 * delta blocks written since the last keyframe take one and a half times
 * the room that keyframe took, and half the image's size, and at least
 * 4 MiB.  So keyframes never take more than two thirds of what the
 * deltas take, whatever the file's size, the writer's speed or how well
 * either compresses, and a seek decodes one image and at most one and a
 * half of its stored size of deltas (or half the image's size).
 * Earlier policies (by raw bytes, capped at 32 MiB, and every 30 s) made
 * a 10-minute recording of random stores 3.5x its compressed changes,
 * and a slow writer on a big file one whole image per 30 s.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define XXH_INLINE_ALL	/* the fuzzer links no libxxhash */
#include <xxhash.h>
#include <zstd.h>

#include "record.h"
#include "record_priv.h"
#include "xmalloc.h"

/* Defaults of struct record_limits. */
#define RECORD_BLOCK_BYTES	(1024 * 1024)
#define RECORD_BLOCK_MS		1000
#define RECORD_KEY_MIN		(4u * 1024 * 1024)
/* Equal bytes that may separate two changed runs and keep them one. */
#define RECORD_GAP		8
/*
 * The zstd levels: 3 while a block type's last block compressed to half
 * or less, else 1.  Why two: on bytes that barely compress (random
 * stores) level 1 writes the same size as level 3 and decodes 30 %
 * faster, and a seek decodes up to an image and a half of deltas
 * (bench/record: 39 -> 27 ms of zstd in a 96 ms worst seek); on bytes
 * that compress well level 3 is 12 % smaller (counters) and decodes as
 * fast.  Readers need no level.
 */
#define RECORD_ZLEVEL		3
#define RECORD_ZLEVEL_FAST	1

/* The writer. */
struct record_writer {
	int			 fd;
	char			*path;
	bool			 failed;	/* a write failed: stop */
	bool			 full;		/* max_size reached */
	struct record_limits	 lim;
	uint8_t			*img;		/* the copy */
	uint64_t		 size;
	uint64_t		 cap;		/* allocated bytes of img */
	uint8_t			*raw;		/* the open delta block */
	size_t			 rawlen, rawcap;
	uint64_t		 t0, t1;	/* its first and last times */
	uint64_t		 last_t;	/* the latest time recorded */
	uint64_t		 done_t;	/* the last time in a block
						   written */
	uint64_t		 since_key;	/* raw delta bytes since the
						   last keyframe */
	uint64_t		 since_key_stored; /* the same, as written */
	uint64_t		 key_stored;	/* bytes the last keyframe
						   took in the file */
	uint64_t		 key_t;		/* the last keyframe's time */
	void			*zbuf;		/* compression output */
	size_t			 zcap;
	ZSTD_CCtx		*zc;
	int			 zlevel[4];	/* by block type: the next
						   block's level */
	struct record_stats	 st;
};

/* XXH3 of the block header's first 32 bytes, then of the payload. */
uint64_t
record_block_sum(const uint8_t *head, const uint8_t *payload, size_t len)
{
	return XXH3_64bits_withSeed(payload, len,
	    XXH3_64bits(head, RECORD_B_SUM));
}

/* XXH3 of the file header's first 40 bytes, then of the name. */
uint64_t
record_head_sum(const uint8_t *head, const uint8_t *name, size_t len)
{
	return XXH3_64bits_withSeed(name, len,
	    XXH3_64bits(head, RECORD_H_SUM));
}

/* Write all LEN bytes of BUF; 0, or -1 with *cause (the writer stops). */
static int
record_write(struct record_writer *w, const void *buf, size_t len,
    char **cause)
{
	const uint8_t	*p = buf;
	ssize_t		 n;

	while (len > 0) {
		n = write(w->fd, p, len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			w->failed = true;
			return cause_set(cause, "cannot write the recording: "
			    "%s", n == 0 ? "nothing written" :
			    strerror(errno));
		}
		p += n;
		len -= (size_t)n;
		w->st.written += (uint64_t)n;
	}
	return 0;
}

/*
 * Compress and write one block of TYPE holding RAW[0, LEN) with times T0
 * and T1.  RECORD_FULL (nothing written) when it would take the file past
 * the max size, leaving room for the end block unless it is the end.
 */
static enum record_rc
record_block(struct record_writer *w, int type, const uint8_t *raw,
    size_t len, uint64_t t0, uint64_t t1, char **cause)
{
	uint8_t		 head[RECORD_BLOCK_LEN];
	const uint8_t	*stored = raw;
	size_t		 slen = len, bound, z;
	uint64_t	 room;
	int		 codec = RECORD_CODEC_RAW;

	if (w->failed)
		return cause_set(cause, "the recording could not be written");
	bound = ZSTD_compressBound(len);
	if (bound > w->zcap) {
		w->zbuf = xrealloc(w->zbuf, bound);
		w->zcap = bound;
	}
	if (len > 64) {
		z = ZSTD_compressCCtx(w->zc, w->zbuf, w->zcap, raw, len,
		    w->zlevel[type]);
		/* Stored raw when zstd does not help (random bytes). */
		if (!ZSTD_isError(z) && z < len) {
			stored = w->zbuf;
			slen = z;
			codec = RECORD_CODEC_ZSTD;
		}
		w->zlevel[type] = slen <= len / 2 ? RECORD_ZLEVEL :
		    RECORD_ZLEVEL_FAST;
	}
	if (w->lim.max_size != 0) {
		room = RECORD_BLOCK_LEN + slen;
		if (type != RECORD_BT_END)
			room += RECORD_BLOCK_LEN + RECORD_END_LEN;
		if (w->st.written + room > w->lim.max_size) {
			w->full = true;
			return RECORD_FULL;
		}
	}
	memset(head, 0, sizeof head);
	record_put32(head + RECORD_B_MAGIC, RECORD_BLOCK_MAGIC);
	head[RECORD_B_TYPE] = (uint8_t)type;
	head[RECORD_B_CODEC] = (uint8_t)codec;
	record_put32(head + RECORD_B_RAW, (uint32_t)len);
	record_put32(head + RECORD_B_STORED, (uint32_t)slen);
	record_put64(head + RECORD_B_T0, t0);
	record_put64(head + RECORD_B_T1, t1);
	record_put64(head + RECORD_B_SUM, record_block_sum(head, stored,
	    slen));
	if (record_write(w, head, sizeof head, cause) == -1 ||
	    record_write(w, stored, slen, cause) == -1)
		return RECORD_ERROR;
	w->st.blocks++;
	w->done_t = t1;
	return RECORD_OK;
}

/* Write the whole image as a keyframe at T, in pieces. */
static enum record_rc
record_keyframe(struct record_writer *w, uint64_t t, char **cause)
{
	struct record_stats	 before = w->st;
	uint8_t			*buf;
	uint64_t		 off = 0;
	size_t			 n;
	enum record_rc		 rc = RECORD_OK;

	buf = xmalloc(RECORD_KEY_HEAD + RECORD_KEY_PIECE);
	/* A file of size 0 is still one piece: it says the size. */
	do {
		n = w->size - off > RECORD_KEY_PIECE ? RECORD_KEY_PIECE :
		    (size_t)(w->size - off);
		record_put64(buf, w->size);
		record_put64(buf + 8, off);
		if (n > 0)
			memcpy(buf + RECORD_KEY_HEAD, w->img + off, n);
		rc = record_block(w, RECORD_BT_KEY, buf, RECORD_KEY_HEAD + n,
		    t, t, cause);
		off += n;
	} while (rc == RECORD_OK && off < w->size);
	free(buf);
	/*
	 * Pieces of a keyframe that did not fit would read as damage: cut
	 * them off, so the recording ends whole before it.
	 */
	if (rc == RECORD_FULL && w->st.written > before.written) {
		if (ftruncate(w->fd, (off_t)before.written) == -1 ||
		    lseek(w->fd, (off_t)before.written, SEEK_SET) == -1) {
			w->failed = true;
			return cause_set(cause, "cannot cut the recording "
			    "back: %s", strerror(errno));
		}
		w->st = before;
	}
	if (rc == RECORD_OK) {
		w->st.keyframes++;
		w->since_key = 0;
		w->since_key_stored = 0;
		w->key_stored = w->st.written - before.written;
		w->key_t = t;
	}
	return rc;
}

/* Close the open delta block (and write a keyframe when one is due). */
static enum record_rc
record_flush(struct record_writer *w, char **cause)
{
	enum record_rc	rc;
	uint64_t	written = w->st.written;
	bool		due;

	if (w->rawlen == 0)
		return RECORD_OK;
	rc = record_block(w, RECORD_BT_DELTA, w->raw, w->rawlen, w->t0,
	    w->t1, cause);
	if (rc != RECORD_OK)
		return rc;
	w->since_key += w->rawlen;
	w->since_key_stored += w->st.written - written;
	w->rawlen = 0;
	/* Asked for: by raw bytes, by time (tests, other policies). */
	if (w->lim.key_bytes != 0)
		due = w->since_key >= w->lim.key_bytes;
	else
		/*
		 * One and a half times the last keyframe (the top), and
		 * half the image's size: a keyframe of a file that still
		 * compresses well (zeros being filled) is small, and spacing
		 * the next by it alone made a 20 s recording twice its
		 * changes, and its keyframes cost the recorder CPU.
		 */
		due = w->since_key_stored >= RECORD_KEY_MIN &&
		    2 * w->since_key_stored >= 3 * w->key_stored &&
		    2 * w->since_key_stored >= w->size;
	if (w->lim.key_ms != 0 && w->t1 - w->key_t >= w->lim.key_ms)
		due = true;
	if (due)
		return record_keyframe(w, w->t1, cause);
	return RECORD_OK;
}

/* Room for N more raw bytes in the open block, closing it first when
   it is full. */
static enum record_rc
record_room(struct record_writer *w, uint64_t t, size_t n, char **cause)
{
	enum record_rc	rc;

	if (w->rawlen > 0 && w->rawlen + n > w->lim.block_bytes &&
	    (rc = record_flush(w, cause)) != RECORD_OK)
		return rc;
	if (w->rawlen + n > w->rawcap) {
		w->rawcap = w->rawlen + n > 2 * w->rawcap ? w->rawlen + n :
		    2 * w->rawcap;
		w->raw = xrealloc(w->raw, w->rawcap);
	}
	if (w->rawlen == 0)
		w->t0 = t;
	w->t1 = t;
	return RECORD_OK;
}

/* Stamps never go backwards: T, or the last time recorded; never 0. */
static uint64_t
record_time(struct record_writer *w, uint64_t t)
{
	/* Time 0 is the initial image's alone: it is whole when read. */
	if (t < 1)
		t = 1;
	if (t < w->last_t)
		t = w->last_t;
	w->last_t = t;
	return t;
}

/*
 * Append BYTES records for SRC[0, len) at OFF and take them into the copy,
 * piece by piece, each after the room for it: a keyframe written on the
 * way must not hold bytes stamped later than it.
 */
static enum record_rc
record_run(struct record_writer *w, uint64_t t, uint64_t off,
    const uint8_t *src, size_t len, char **cause)
{
	enum record_rc	 rc;
	uint8_t		*p;
	size_t		 n;

	/* Pieces that fit a block: a huge change is several records. */
	while (len > 0) {
		n = len;
		if (n > w->lim.block_bytes)
			n = w->lim.block_bytes;
		rc = record_room(w, t, RECORD_OP_BYTES_HEAD + n, cause);
		if (rc != RECORD_OK)
			return rc;
		p = w->raw + w->rawlen;
		p[0] = RECORD_OP_BYTES;
		record_put64(p + 1, t);
		record_put64(p + 9, off);
		record_put32(p + 17, (uint32_t)n);
		memcpy(p + RECORD_OP_BYTES_HEAD, src, n);
		memcpy(w->img + off, src, n);
		w->rawlen += RECORD_OP_BYTES_HEAD + n;
		w->st.changes++;
		w->st.changed_bytes += n;
		off += n;
		src += n;
		len -= n;
	}
	return RECORD_OK;
}

/*
 * How many bytes A and B of N bytes have equal from the start.  Why not a
 * byte loop: a recorder reads whole pages for one changed run of a few
 * bytes, so most of what it diffs is equal; a byte at a time this was a
 * quarter of the recorder's CPU (perf, bench/record).  Blocks by memcmp,
 * then 8 bytes at a time, the first difference found from the XOR.
 */
static size_t
record_same(const uint8_t *a, const uint8_t *b, size_t n)
{
	size_t		i = 0;
	uint64_t	x, y;

	while (n - i >= 256 && memcmp(a + i, b + i, 256) == 0)
		i += 256;
	for (; n - i >= 8; i += 8) {
		memcpy(&x, a + i, 8);
		memcpy(&y, b + i, 8);
		if (x != y) {
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			return i + (size_t)__builtin_ctzll(x ^ y) / 8;
#else
			return i + (size_t)__builtin_clzll(x ^ y) / 8;
#endif
		}
	}
	while (i < n && a[i] == b[i])
		i++;
	return i;
}

/* Record the runs of BYTES that differ from the copy at OFF. */
enum record_rc
record_change(struct record_writer *w, uint64_t t_ms, uint64_t off,
    const uint8_t *bytes, size_t len, char **cause)
{
	size_t		 i = 0, start, end, same;
	enum record_rc	 rc;

	if (w->full)
		return RECORD_FULL;
	if (off >= w->size)
		return RECORD_OK;
	if (len > w->size - off)
		len = (size_t)(w->size - off);
	t_ms = record_time(w, t_ms);
	while (i < len) {
		i += record_same(bytes + i, w->img + off + i, len - i);
		if (i == len)
			break;
		start = end = i;
		/* Extend over differences up to RECORD_GAP equal bytes apart. */
		for (same = 0; i < len && same <= RECORD_GAP; i++) {
			if (bytes[i] != w->img[off + i]) {
				same = 0;
				end = i + 1;
			} else
				same++;
		}
		i = end;
		rc = record_run(w, t_ms, off + start, bytes + start,
		    end - start, cause);
		if (rc != RECORD_OK)
			return rc;
	}
	return RECORD_OK;
}

/* The file's size became SIZE at T_MS. */
enum record_rc
record_size(struct record_writer *w, uint64_t t_ms, uint64_t size,
    char **cause)
{
	enum record_rc	 rc;
	uint8_t		*p;

	if (w->full)
		return RECORD_FULL;
	if (size == w->size)
		return RECORD_OK;
	if ((size_t)size != size)
		return cause_set(cause, "a size of %llu bytes does not fit in "
		    "memory", (unsigned long long)size);
	t_ms = record_time(w, t_ms);
	rc = record_room(w, t_ms, RECORD_OP_SIZE_LEN, cause);
	if (rc != RECORD_OK)
		return rc;
	p = w->raw + w->rawlen;
	p[0] = RECORD_OP_SIZE;
	record_put64(p + 1, t_ms);
	record_put64(p + 9, size);
	w->rawlen += RECORD_OP_SIZE_LEN;
	if (size > w->cap) {
		w->img = xrealloc(w->img, (size_t)size);
		w->cap = size;
	}
	if (size > w->size)
		memset(w->img + w->size, 0, (size_t)(size - w->size));
	w->size = size;
	w->st.sizes++;
	return RECORD_OK;
}

/* Close the open block when it is older than the block time. */
enum record_rc
record_tick(struct record_writer *w, uint64_t now_ms, char **cause)
{
	if (w->full)
		return RECORD_FULL;
	if (w->rawlen > 0 && now_ms >= w->t0 + w->lim.block_ms)
		return record_flush(w, cause);
	return RECORD_OK;
}

/* Free W and everything it holds. */
static void
record_free(struct record_writer *w)
{
	ZSTD_freeCCtx(w->zc);
	free(w->zbuf);
	free(w->raw);
	free(w->img);
	free(w->path);
	free(w);
}

/* Write the header; 0 or -1 with *cause. */
static int
record_header(struct record_writer *w, const char *source, uint64_t wall,
    char **cause)
{
	uint8_t		head[RECORD_HEAD_LEN];
	size_t		nlen = strlen(source);

	if (nlen > RECORD_NAME_MAX)
		nlen = RECORD_NAME_MAX;
	memset(head, 0, sizeof head);
	memcpy(head, RECORD_MAGIC, RECORD_MAGIC_LEN);
	record_put32(head + RECORD_H_VERSION, RECORD_VERSION);
	record_put32(head + RECORD_H_NAMELEN, (uint32_t)nlen);
	record_put64(head + RECORD_H_WALL, wall);
	record_put64(head + RECORD_H_SUM, record_head_sum(head,
	    (const uint8_t *)source, nlen));
	if (record_write(w, head, sizeof head, cause) == -1)
		return -1;
	return record_write(w, source, nlen, cause);
}

/* Create PATH and write its header and initial image. */
struct record_writer *
record_create(const char *path, int flags, const char *source,
    uint64_t wall_ns, const uint8_t *image, uint64_t size,
    const struct record_limits *lim, char **cause)
{
	struct record_writer	*w;
	int			 oflags = O_WRONLY | O_CREAT | O_CLOEXEC;

	if ((size_t)size != size) {
		cause_set(cause, "a file of %llu bytes does not fit in "
		    "memory", (unsigned long long)size);
		return NULL;
	}
	w = xcalloc(1, sizeof *w);
	if (lim != NULL)
		w->lim = *lim;
	/* Big blocks would pass the reader's payload limit. */
	if (w->lim.block_bytes == 0 ||
	    w->lim.block_bytes > RECORD_PAYLOAD_MAX / 2)
		w->lim.block_bytes = RECORD_BLOCK_BYTES;
	if (w->lim.block_ms == 0)
		w->lim.block_ms = RECORD_BLOCK_MS;
	oflags |= (flags & RECORD_FORCE) ? O_TRUNC : O_EXCL;
	w->fd = open(path, oflags, 0666);
	if (w->fd == -1) {
		if (errno == EEXIST)
			cause_set(cause, "it exists already (--force replaces "
			    "it)");
		else
			cause_set(cause, "cannot create it: %s",
			    strerror(errno));
		free(w);
		return NULL;
	}
	w->path = xstrdup(path);
	for (size_t i = 0; i < sizeof w->zlevel / sizeof w->zlevel[0]; i++)
		w->zlevel[i] = RECORD_ZLEVEL;
	w->zc = ZSTD_createCCtx();
	if (w->zc == NULL) {
		cause_set(cause, "zstd could not start (out of memory)");
		close(w->fd);
		record_free(w);
		return NULL;
	}
	w->img = xmalloc(size > 0 ? (size_t)size : 1);
	if (size > 0)
		memcpy(w->img, image, (size_t)size);
	w->size = w->cap = size;
	if (record_header(w, source, wall_ns, cause) == -1 ||
	    record_keyframe(w, 0, cause) != RECORD_OK) {
		if (w->full)
			cause_set(cause, "the initial image does not fit in "
			    "--max-size %llu bytes",
			    (unsigned long long)w->lim.max_size);
		close(w->fd);
		record_free(w);
		return NULL;
	}
	return w;
}

/* Write what is pending and the end block, then close. */
int
record_finish(struct record_writer *w, uint64_t end_ms,
    struct record_stats *st, char **cause)
{
	uint8_t		end[RECORD_END_LEN];
	int		rc = 0;
	enum record_rc	r;

	if (end_ms < w->last_t)
		end_ms = w->last_t;
	/* Full: what came after the last block written is not in it. */
	if (w->full)
		end_ms = w->done_t;
	if (!w->failed) {
		r = w->full ? RECORD_OK : record_flush(w, cause);
		/* A keyframe that did not fit is fine: the deltas did. */
		if (r == RECORD_ERROR)
			rc = -1;
		else {
			w->full = false;
			record_put64(end, w->st.changes);
			record_put64(end + 8, w->st.changed_bytes);
			record_put64(end + 16, w->st.blocks);
			if (record_block(w, RECORD_BT_END, end, sizeof end,
			    end_ms, end_ms, cause) != RECORD_OK)
				rc = -1;
		}
	} else
		rc = cause_set(cause, "the recording could not be written");
	if (close(w->fd) == -1 && rc == 0)
		rc = cause_set(cause, "cannot close the recording: %s",
		    strerror(errno));
	if (st != NULL)
		*st = w->st;
	record_free(w);
	return rc;
}

/* Close without the end block. */
void
record_abandon(struct record_writer *w)
{
	close(w->fd);
	record_free(w);
}

/* What the writer has done so far. */
struct record_stats
record_writer_stats(const struct record_writer *w)
{
	return w->st;
}

/* The writer's copy of the image. */
const uint8_t *
record_writer_image(const struct record_writer *w, uint64_t *size)
{
	*size = w->size;
	return w->img;
}
