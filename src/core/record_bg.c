/* SPDX-License-Identifier: ISC */
/*
 * record_bg.c - a seek's keyframe loaded on a second thread while the
 * reader's thread decodes the delta blocks that follow it.
 *
 * Why this split: a seek just before a keyframe loads an image (19 ms of
 * a 95 ms worst seek on bench/record's 64 MiB recording) and then
 * decodes and applies about an image and a half of deltas, one after the
 * other.  The deltas cannot be applied before the image is whole, but
 * they can be decoded: while the thread fills the image, the reader's
 * thread decodes the next delta blocks into buffers of its own and
 * applies them once the image is whole (record_bg_take: r->pay points
 * into a slot, no copy).  A first try that decoded the deltas on the
 * second thread instead lost: the reader's thread then read every
 * decoded byte from the other core's cache, which on this VM cost as
 * much as decoding it (docs/performance.md).  Here the data that crosses
 * cores is the image, which is bigger than the caches anyway.
 *
 * Who owns what while the thread runs: the thread writes the image,
 * r->paymem (the pieces' stored bytes: that buffer is a piece's size
 * from the first image on, so a first seek faults nothing in for it) and
 * its own zstd context, through record_read_pieces, and reads the index
 * and the recording; the reader's thread decodes into the slots through
 * r->zin and r->zd, writes neither the image, r->paymem nor the index,
 * and notes no damage until the thread is joined (a block it cannot
 * decode is simply not kept; the serial path meets it again and says
 * so).  The thread lives for one keyframe load, with every signal
 * blocked.
 *
 * Only a keyframe that keeps the image's size goes here (record_read_key
 * would resize the image first), on two CPUs or more, for an image of
 * RECORD_BG_MIN bytes or more.
 */
#include "config.h"

#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zstd.h>

#include "record_priv.h"
#include "record_read_priv.h"
#include "xmalloc.h"

/*
 * The smallest image worth a thread; the most delta bytes decoded while
 * it loads, and in how many blocks.  Why 48 MiB: a 64 MiB keyframe takes
 * about 20 ms to load on this VM, in which this thread decodes about 40
 * delta blocks of 1 MiB; at 24 MiB it waited 8-15 ms for the thread
 * (bench/record: worst seeks' median 88 ms at 24 MiB, 84 at 48, 93
 * without the thread).  The slots keep their buffers for the reader's
 * life: up to this much memory besides the image.
 */
#ifndef RECORD_BG_MIN	/* the fuzzer sets 0: a thread for every keyframe */
#define RECORD_BG_MIN		(4u * 1024 * 1024)
#endif
#define RECORD_BG_KEEP		(48u * 1024 * 1024)
#define RECORD_BG_SLOTS		64

/* A delta block decoded while the keyframe loads. */
struct record_bg_slot {
	size_t		 k;		/* its block */
	uint8_t		*buf;		/* its payload */
	size_t		 cap, len;
};

/* The thread's side, and the decoded blocks waiting for the image. */
struct record_bg {
	/* The thread's: */
	pthread_t		 th;
	struct record_reader	*r;		/* its image and paymem only */
	size_t			 k;		/* the keyframe's first piece */
	const char		*why;		/* NULL, or its damage */
	size_t			 at;		/* the block after it, or the
						   damaged block */
	ZSTD_DCtx		*zd;
	atomic_bool		 done;
	/* The reader's: */
	struct record_bg_slot	 slot[RECORD_BG_SLOTS];
	size_t			 n, next;	/* kept, handed over */
};

/* The thread: the keyframe into the image. */
static void *
record_bg_main(void *arg)
{
	struct record_bg	*g = arg;

	/* Stored bytes in r->paymem: big enough from the first image on. */
	g->why = record_read_pieces(g->r, g->k, g->k, 0, g->r->size,
	    &g->r->paymem, &g->r->paycap, g->zd, &g->at);
	atomic_store(&g->done, true);
	return NULL;
}

/*
 * Decode delta blocks after keyframe K up to T_MS into G's slots until
 * the thread is done or RECORD_BG_KEEP bytes are kept; the first block
 * that cannot be decoded stops it (not noted: see above).
 */
static void
record_bg_decode(struct record_reader *r, struct record_bg *g, size_t k,
    uint64_t t_ms)
{
	const struct record_blk	*b;
	struct record_bg_slot	*s;
	size_t			 j = k, kept = 0;

	while (j < r->limit && r->blk[j].type == RECORD_BT_KEY &&
	    r->blk[j].t0 == r->blk[k].t0)
		j++;
	for (; j < r->limit && g->n < RECORD_BG_SLOTS; j++) {
		b = &r->blk[j];
		if (atomic_load(&g->done) || b->type != RECORD_BT_DELTA ||
		    b->t0 > t_ms || kept + b->raw > RECORD_BG_KEEP)
			break;
		s = &g->slot[g->n];
		record_read_grow(&s->buf, &s->cap, (size_t)b->raw + 1);
		if (record_read_payload(r, b, s->buf, &r->zin, &r->zcap,
		    r->zd) != NULL)
			break;
		s->k = j;
		s->len = b->raw;
		kept += b->raw;
		g->n++;
	}
}

/*
 * Load keyframe K for a seek to T_MS on a second thread, decoding the
 * deltas after it meanwhile: 1 loaded (the decoded blocks wait for
 * record_bg_take), 0 after noting damage, -1 not tried (the caller
 * loads it itself).
 */
int
record_bg_key(struct record_reader *r, size_t k, uint64_t t_ms)
{
	struct record_bg	*g = r->bg;
	sigset_t		 all, old;
	int			 rc;

	if (r->bg_off || r->size < RECORD_BG_MIN || k >= r->limit ||
	    !record_read_same_size(r, k))
		return -1;
	if (g == NULL) {
		g = r->bg = xcalloc(1, sizeof *g);
		g->r = r;
		if ((g->zd = ZSTD_createDCtx()) == NULL) {
			r->bg_off = true;
			return -1;
		}
	}
	g->k = k;
	g->why = NULL;
	g->n = g->next = 0;
	atomic_store(&g->done, false);
	/* Signals stay with the threads whose loops wait for them. */
	sigfillset(&all);
	pthread_sigmask(SIG_SETMASK, &all, &old);
	rc = pthread_create(&g->th, NULL, record_bg_main, g);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc != 0)
		return -1;
	r->decoded = SIZE_MAX;
	record_bg_decode(r, g, k, t_ms);
	pthread_join(g->th, NULL);
	if (g->why != NULL) {
		g->n = 0;
		record_read_damage(r, g->at, r->blk[g->at].at, g->why);
		return 0;
	}
	r->cur = g->at;
	r->payoff = 0;
	r->pos = r->blk[k].t0;
	r->bg_keys++;
	return 1;
}

/*
 * Make block K r->pay if it was decoded while the keyframe loaded: true.
 * r->pay then points into the slot, which stays as it is until the next
 * record_bg_key (which starts by forgetting the decoded block).
 */
bool
record_bg_take(struct record_reader *r, size_t k)
{
	struct record_bg	*g = r->bg;
	struct record_bg_slot	*s;

	if (g == NULL || g->next >= g->n || g->slot[g->next].k != k)
		return false;
	s = &g->slot[g->next++];
	r->bg_taken++;
	r->pay = s->buf;
	r->paylen = s->len;
	r->decoded = k;
	return true;
}

/*
 * Forget the decoded blocks not taken (the seek is over).  The block the
 * position is in may still be read from its slot (record_next goes on
 * from it): slots are written again only by record_bg_key.
 */
void
record_bg_drop(struct record_reader *r)
{
	if (r->bg != NULL)
		r->bg->n = r->bg->next = 0;
}

/* Free what the thread's side kept; NULL is ignored. */
void
record_bg_free(struct record_reader *r)
{
	struct record_bg	*g = r->bg;

	if (g == NULL)
		return;
	for (size_t i = 0; i < RECORD_BG_SLOTS; i++)
		free(g->slot[i].buf);
	ZSTD_freeDCtx(g->zd);
	free(g);
	r->bg = NULL;
}
