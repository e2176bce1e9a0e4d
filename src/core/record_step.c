/* SPDX-License-Identifier: ISC */
/*
 * record_step.c - the changes of a recording: stepping one at a time
 * (record_next), seeking (record_seek) and the keyframe index's answers.
 *
 * A change record is read and checked in one place (record_step_op):
 * its time within its block's and never before the position, its bytes
 * inside the image as it is at that point.  A seek applies changes in
 * batches (record_step_apply) so that the cache misses of a million
 * changes at random places in a big image overlap; stepping applies one
 * and fills an event.  Blocks come from record_read.c, which checks them
 * (record_read_priv.h); damage found here is noted the same way.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "record.h"
#include "record_priv.h"
#include "record_read_priv.h"
#include "xmalloc.h"

/* One change record, as record_step_op reads it. */
struct record_op {
	uint8_t		 kind;		/* RECORD_OP_BYTES or _SIZE */
	uint64_t	 t;
	uint64_t	 off;		/* BYTES: where */
	uint32_t	 len;		/* BYTES: how many */
	const uint8_t	*bytes;		/* BYTES: them */
	uint64_t	 size;		/* SIZE: the new size */
	size_t		 n;		/* the record's own length */
};

/*
 * Read the record at the position in the decoded block B into *OP,
 * checking it against the block's times, the position and the image's
 * size now; false when it makes no sense (the caller notes damage).
 */
static bool
record_step_op(const struct record_reader *r, const struct record_blk *b,
    struct record_op *op)
{
	const uint8_t	*p = r->pay + r->payoff;
	size_t		 left = r->paylen - r->payoff;

	if (left < RECORD_OP_SIZE_LEN)
		return false;
	op->kind = p[0];
	op->t = record_get64(p + 1);
	if (op->t < b->t0 || op->t > b->t1 || op->t < r->pos)
		return false;
	if (op->kind == RECORD_OP_SIZE) {
		op->size = record_get64(p + 9);
		op->n = RECORD_OP_SIZE_LEN;
		return true;
	}
	if (op->kind != RECORD_OP_BYTES || left < RECORD_OP_BYTES_HEAD)
		return false;
	op->off = record_get64(p + 9);
	op->len = record_get32(p + 17);
	op->bytes = p + RECORD_OP_BYTES_HEAD;
	op->n = RECORD_OP_BYTES_HEAD + (size_t)op->len;
	return op->len <= left - RECORD_OP_BYTES_HEAD && op->off <= r->size &&
	    op->len <= r->size - op->off;
}

/*
 * Make block R->cur the one to read from, up to T_MS: 1 when it is a
 * delta block decoded with records left, 0 when there is nothing more
 * up to T_MS (or the end or damage); a keyframe on the way only has its
 * checksum checked, a finished block is passed.
 */
static int
record_step_block(struct record_reader *r, uint64_t t_ms)
{
	const struct record_blk	*b;

	for (;;) {
		if (r->cur >= r->limit)
			return 0;
		b = &r->blk[r->cur];
		if (b->type == RECORD_BT_END || b->t0 > t_ms)
			return 0;
		if (b->type == RECORD_BT_KEY) {
			/* Its bytes are the image's: only its checksum. */
			if (!record_read_check(r, r->cur))
				return 0;
		} else {
			if (!record_read_decode(r, r->cur))
				return 0;
			if (r->payoff < r->paylen)
				return 1;
		}
		r->cur++;
		r->payoff = 0;
	}
}

/* Note that the record at the position makes no sense. */
static void
record_step_bad(struct record_reader *r)
{
	record_read_damage(r, r->cur, r->blk[r->cur].at, "a change in it makes no "
	    "sense (past the end of the file, or out of order)");
}

/*
 * Read the next change after the position without passing T_MS: 1 and
 * *EV (applied to the image), 0 when there is none up to T_MS (or the
 * end or damage is reached).
 */
static int
record_step_one(struct record_reader *r, uint64_t t_ms, struct record_event *ev)
{
	struct record_op	op;

	if (record_step_block(r, t_ms) != 1)
		return 0;
	if (!record_step_op(r, &r->blk[r->cur], &op)) {
		record_step_bad(r);
		return 0;
	}
	if (op.t > t_ms)
		return 0;
	memset(ev, 0, sizeof *ev);
	ev->t_ms = op.t;
	if (op.kind == RECORD_OP_SIZE) {
		if (!record_read_resize(r, op.size)) {
			record_step_bad(r);
			return 0;
		}
		ev->kind = RECORD_EV_SIZE;
	} else {
		if (op.len > 0)
			memcpy(r->img + op.off, op.bytes, op.len);
		ev->kind = RECORD_EV_BYTES;
		ev->off = op.off;
		ev->len = op.len;
		ev->bytes = r->img + op.off;
	}
	ev->size = r->size;
	r->payoff += op.n;
	r->pos = op.t;
	return 1;
}

/* Changes applied at once by rd_apply, and how far ahead it fetches. */
#define RECORD_STEP_BATCH	64
#define RECORD_STEP_AHEAD	8

/* Store the N changes in OPS into the image, fetching ahead. */
static void
record_step_store(struct record_reader *r, const struct record_op *ops,
    size_t n)
{
	for (size_t i = 0, j = RECORD_STEP_AHEAD; i < n; i++, j++) {
		if (j < n && ops[j].len > 0)
			__builtin_prefetch(r->img + ops[j].off, 1, 3);
		if (ops[i].len > 0)
			memcpy(r->img + ops[i].off, ops[i].bytes, ops[i].len);
	}
}

/*
 * Apply every change after the position up to T_MS, for a seek: what
 * record_step_one does, without events, in batches.  Why batches: a seek
 * applies up to a million changes at random places in an image bigger
 * than the caches, and each was a cache miss in turn; read a batch
 * first, and the misses of the next changes overlap the copy of this one.
 */
static void
record_step_apply(struct record_reader *r, uint64_t t_ms)
{
	struct record_op	ops[RECORD_STEP_BATCH];
	size_t		n = 0;

	while (record_step_block(r, t_ms) == 1) {
		while (r->payoff < r->paylen) {
			struct record_op	*op = &ops[n];

			if (!record_step_op(r, &r->blk[r->cur], op)) {
				record_step_store(r, ops, n);
				record_step_bad(r);
				return;
			}
			if (op->t > t_ms) {
				record_step_store(r, ops, n);
				return;
			}
			/* A size applies after what came before it. */
			if (op->kind == RECORD_OP_SIZE) {
				record_step_store(r, ops, n);
				n = 0;
				if (!record_read_resize(r, op->size)) {
					record_step_bad(r);
					return;
				}
			} else if (++n == RECORD_STEP_BATCH) {
				record_step_store(r, ops, n);
				n = 0;
			}
			r->payoff += op->n;
			r->pos = op->t;
		}
		/* The batch points into this block's payload: store it now. */
		record_step_store(r, ops, n);
		n = 0;
	}
}

/*
 * The last keyframe at or before T_MS (its first piece), below the limit:
 * a binary search of the index of keyframes built at open.
 */
static size_t
record_step_key(const struct record_reader *r, uint64_t t_ms)
{
	size_t	lo = 0, hi = r->nkeys, mid;

	/* keys[0] is block 0, the initial image at time 0. */
	while (hi - lo > 1) {
		mid = lo + (hi - lo) / 2;
		if (r->keys[mid] < r->limit && r->blk[r->keys[mid]].t0 <= t_ms)
			lo = mid;
		else
			hi = mid;
	}
	return r->nkeys > 0 ? r->keys[lo] : 0;
}

/* Make the image the file as it was at T_MS. */
int
record_seek(struct record_reader *r, uint64_t t_ms, char **cause)
{
	uint64_t		target, end;
	size_t			k;
	char			t[32];
	int			bg;

	/* Twice at most: damage found on the way moves the end back. */
	for (int pass = 0; pass < 2; pass++) {
		end = r->end;
		target = t_ms < end ? t_ms : end;
		k = record_step_key(r, target);
		if (target < r->pos || r->cur < k) {
			bg = record_bg_key(r, k, target);
			if (bg == 0 || (bg == -1 && !record_read_key(r, k))) {
				record_bg_drop(r);
				return cause_set(cause, "%s", r->damage);
			}
		}
		record_step_apply(r, target);
		record_bg_drop(r);
		if (r->end == end)
			break;
	}
	r->pos = target;
	if (t_ms <= r->end || t_ms == UINT64_MAX)
		return 0;
	if (r->damage != NULL)
		return cause_set(cause, "%s", r->damage);
	return cause_set(cause, "the recording is %s long",
	    record_fmt_time(r->end, t, sizeof t));
}

/* The keyframes below the limit. */
size_t
record_keys(const struct record_reader *r)
{
	size_t	n = 0;

	while (n < r->nkeys && r->keys[n] < r->limit)
		n++;
	return n;
}

/* The time of keyframe I. */
uint64_t
record_key_time(const struct record_reader *r, size_t i)
{
	return i < r->nkeys ? r->blk[r->keys[i]].t0 : 0;
}

/* The keyframe a seek to T_MS starts from. */
uint64_t
record_seek_key(const struct record_reader *r, uint64_t t_ms)
{
	return r->nblk > 0 ? r->blk[record_step_key(r, t_ms)].t0 : 0;
}

/* The time the image stands at. */
uint64_t
record_pos(const struct record_reader *r)
{
	return r->pos;
}

/* Apply the next change. */
int
record_next(struct record_reader *r, struct record_event *ev, char **cause)
{
	(void)cause;
	return record_step_one(r, UINT64_MAX, ev);
}

/* The image at the position. */
const uint8_t *
record_image(const struct record_reader *r, uint64_t *size)
{
	*size = r->size;
	return r->img;
}
