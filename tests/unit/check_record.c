/* SPDX-License-Identifier: ISC */
/*
 * check_record.c - unit tests for recordings (record.h): write, read, seek.
 *
 * The model test writes random changes and size changes through the
 * writer, with tiny blocks and keyframes so that a short recording has
 * many of both, keeps its own log of what it handed over, and checks that
 * the image at random times (seeking forward and back) equals the log
 * replayed by hand up to that time.  Then damage: every truncation of a
 * recording opens or fails with a message and reads what is before the
 * cut; a flipped byte is found by its checksum; the max size is kept.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <zstd.h>

#include "record.h"
#include "record_read_priv.h"
#include "testutil.h"
#include "timeout.h"

/* A bytes record's head in a delta block (docs/record-format.md). */
#define RECORD_OP_BYTES_HEAD_TEST	21

/* One change the test handed to the writer. */
struct op {
	uint64_t	 t;
	int		 size_change;	/* else bytes */
	uint64_t	 off, len, size;
	uint8_t		*bytes;
};

/* A test's log of what it recorded. */
struct model {
	uint8_t		*init;
	uint64_t	 init_size;
	struct op	*ops;
	size_t		 n;
	uint64_t	 end;
};

/* The file as the log says it was at T (*size bytes; malloc'd). */
static uint8_t *
model_at(const struct model *m, uint64_t t, uint64_t *size)
{
	uint64_t	 sz = m->init_size, cap = sz + 1;
	uint8_t		*img = calloc(cap, 1);

	memcpy(img, m->init, sz);
	for (size_t i = 0; i < m->n && m->ops[i].t <= t; i++) {
		const struct op	*o = &m->ops[i];

		if (o->size_change) {
			if (o->size + 1 > cap) {
				img = realloc(img, o->size + 1);
				cap = o->size + 1;
			}
			if (o->size > sz)
				memset(img + sz, 0, o->size - sz);
			sz = o->size;
		} else
			memcpy(img + o->off, o->bytes, o->len);
	}
	*size = sz;
	return img;
}

/*
 * Write a random recording of about NOPS changes to PATH (seed SEED), with
 * small blocks and keyframes, keeping the log in *M.
 */
static void
write_random(const char *path, unsigned seed, size_t nops, struct model *m)
{
	struct record_limits	 lim = { .block_bytes = 300, .block_ms = 50,
	    .key_bytes = 2000 };
	struct record_writer	*w;
	char			*cause = NULL;
	uint64_t		 t = 1, size;

	srandom(seed);
	memset(m, 0, sizeof *m);
	m->init_size = size = 1000 + (uint64_t)(random() % 3000);
	m->init = malloc(size);
	for (uint64_t i = 0; i < size; i++)
		m->init[i] = (uint8_t)random();
	w = record_create(path, RECORD_FORCE, "test:src", 123, m->init, size,
	    &lim, &cause);
	ck_assert_msg(w != NULL, "create: %s", cause);
	m->ops = calloc(nops, sizeof *m->ops);
	for (size_t i = 0; i < nops; i++) {
		struct op	*o = &m->ops[m->n++];

		t += (uint64_t)(random() % 7);
		o->t = t;
		if (random() % 20 == 0) {
			o->size_change = 1;
			o->size = 500 + (uint64_t)(random() % 5000);
			ck_assert_int_eq(record_size(w, t, o->size, &cause),
			    RECORD_OK);
			size = o->size;
		} else {
			o->off = (uint64_t)random() % size;
			o->len = 1 + (uint64_t)random() % 64;
			if (o->len > size - o->off)
				o->len = size - o->off;
			o->bytes = malloc(o->len);
			for (uint64_t j = 0; j < o->len; j++)
				o->bytes[j] = random() % 3 == 0 ?
				    (uint8_t)random() : 0x5a;
			ck_assert_int_eq(record_change(w, t, o->off, o->bytes,
			    o->len, &cause), RECORD_OK);
		}
		ck_assert_int_eq(record_tick(w, t, &cause), RECORD_OK);
	}
	m->end = t + 5;
	ck_assert_msg(record_finish(w, m->end, NULL, &cause) == 0, "finish: %s",
	    cause);
}

/* Free the log. */
static void
model_free(struct model *m)
{
	for (size_t i = 0; i < m->n; i++)
		free(m->ops[i].bytes);
	free(m->ops);
	free(m->init);
}

/* Assert that R's image at T equals the log's. */
static void
assert_image_at(struct record_reader *r, const struct model *m, uint64_t t)
{
	uint64_t	 want_size, got_size;
	uint8_t		*want = model_at(m, t, &want_size);
	const uint8_t	*got;
	char		*cause = NULL;

	ck_assert_msg(record_seek(r, t, &cause) == 0, "seek %llu: %s",
	    (unsigned long long)t, cause);
	got = record_image(r, &got_size);
	ck_assert_uint_eq(got_size, want_size);
	for (uint64_t i = 0; i < want_size; i++)
		ck_assert_msg(got[i] == want[i], "at t %llu byte %llu: %02x, "
		    "want %02x", (unsigned long long)t, (unsigned long long)i,
		    got[i], want[i]);
	free(want);
}

/*
 * The reference diff, a byte at a time: the runs of NOW that differ from
 * WAS, runs up to 8 equal bytes apart being one (record.h); their count
 * and bytes added to *RUNS and *BYTES.
 */
static void
ref_runs(const uint8_t *now, const uint8_t *was, size_t len, uint64_t *runs,
    uint64_t *bytes)
{
	size_t	i = 0, start, end, same;

	while (i < len) {
		while (i < len && now[i] == was[i])
			i++;
		if (i == len)
			break;
		start = end = i;
		for (same = 0; i < len && same <= 8; i++) {
			if (now[i] != was[i]) {
				same = 0;
				end = i + 1;
			} else
				same++;
		}
		i = end;
		(*runs)++;
		*bytes += end - start;
	}
}

/* The next of a xorshift sequence at *X (random bytes for a test). */
static uint64_t
xs64(uint64_t *x)
{
	*x ^= *x << 13;
	*x ^= *x >> 7;
	*x ^= *x << 17;
	return *x;
}

/* Its low byte. */
static uint8_t
xs_byte(uint64_t *x)
{
	return (uint8_t)xs64(x);
}

/*
 * Fill IMG (SIZE bytes, a multiple of 16) half with xorshift bytes from
 * *X and half with zeros, 8 of each in turn: zstd stores it in about half
 * its size.
 */
static void
fill_half_random(uint8_t *img, uint64_t size, uint64_t *x)
{
	for (uint64_t i = 0; i < size; i += 16) {
		uint64_t	v = xs64(x);

		memcpy(img + i, &v, 8);
		memset(img + i + 8, 0, 8);
	}
}

/* Flip the bits MASK of byte AT of the file PATH. */
static void
flip_byte(const char *path, size_t at, uint8_t mask)
{
	size_t		 len;
	unsigned char	*all = tu_slurp(path, &len);
	FILE		*f;

	ck_assert_uint_lt(at, len);
	all[at] ^= mask;
	f = fopen(path, "w");
	ck_assert_ptr_nonnull(f);
	ck_assert_uint_eq(fwrite(all, 1, len, f), len);
	ck_assert_int_eq(fclose(f), 0);
	free(all);
}

START_TEST(page_diffs_find_every_run)
{
	enum { SIZE = 16384 };
	struct record_writer	*w;
	struct record_stats	 st;
	uint8_t			*img = malloc(SIZE), *b = malloc(SIZE);
	const uint8_t		*got;
	char			*cause = NULL, *path = tu_path("diffs.lhrec");
	uint64_t		 runs = 0, bytes = 0, size;

	srandom(7);
	for (size_t i = 0; i < SIZE; i++)
		img[i] = (uint8_t)random();
	w = record_create(path, RECORD_FORCE, "test:src", 1, img, SIZE, NULL,
	    &cause);
	ck_assert_msg(w != NULL, "create: %s", cause);
	for (uint64_t t = 1; t <= 400; t++) {
		size_t	off = (size_t)random() % SIZE;
		size_t	len = 1 + (size_t)random() % 5000, k;

		if (len > SIZE - off)
			len = SIZE - off;
		/* A page read back with a few changed bytes, some in
		   clusters, at every position within a word. */
		memcpy(b, img + off, len);
		for (k = (size_t)random() % 7; k > 0; k--) {
			size_t	at = (size_t)random() % len;
			size_t	n = 1 + (size_t)random() % 12;

			for (; n > 0 && at < len; n--, at += 1 +
			    (size_t)random() % 10)
				b[at] ^= (uint8_t)(1 + random() % 255);
		}
		ref_runs(b, img + off, len, &runs, &bytes);
		ck_assert_int_eq(record_change(w, t, off, b, len, &cause),
		    RECORD_OK);
		memcpy(img + off, b, len);
		st = record_writer_stats(w);
		ck_assert_uint_eq(st.changes, runs);
		ck_assert_uint_eq(st.changed_bytes, bytes);
	}
	got = record_writer_image(w, &size);
	ck_assert_uint_eq(size, SIZE);
	ck_assert_int_eq(memcmp(got, img, SIZE), 0);
	ck_assert_uint_gt(runs, 400);
	ck_assert_int_eq(record_finish(w, 500, NULL, &cause), 0);
	unlink(path);
	free(path);
	free(img);
	free(b);
}
END_TEST

START_TEST(seek_anywhere_equals_the_log)
{
	char			*path = tu_path("a.lhrec"), *cause = NULL;
	struct model		 m;
	struct record_reader	*r;
	uint64_t		 t;

	write_random(path, 1 + (unsigned)_i, 600, &m);
	r = record_open(path, &cause);
	ck_assert_msg(r != NULL, "open: %s", cause);
	ck_assert(record_complete(r));
	ck_assert_ptr_null(record_damage(r));
	ck_assert_uint_eq(record_end(r), m.end);
	ck_assert_str_eq(record_source(r), "test:src");
	ck_assert_uint_eq(record_wall_ns(r), 123);
	assert_image_at(r, &m, 0);
	/* Forward, back, and every time in order. */
	for (int i = 0; i < 60; i++)
		assert_image_at(r, &m, (uint64_t)random() % (m.end + 1));
	for (t = 0; t <= m.end; t += 13)
		assert_image_at(r, &m, t);
	assert_image_at(r, &m, m.end);
	ck_assert_int_eq(record_seek(r, m.end + 1, &cause), -1);
	ck_assert_msg(strstr(cause, "the recording is") != NULL, "%s", cause);
	free(cause);
	record_close(r);
	model_free(&m);
	free(path);
}
END_TEST

/* Assert that COPY (SIZE bytes) is the log at T. */
static void
assert_copy_is(const uint8_t *copy, uint64_t size, const struct model *m,
    uint64_t t)
{
	uint64_t	 want_size;
	uint8_t		*want = model_at(m, t, &want_size);

	ck_assert_uint_eq(size, want_size);
	ck_assert_msg(memcmp(copy, want, size) == 0, "image at t %llu",
	    (unsigned long long)t);
	free(want);
}

START_TEST(next_steps_through_every_change)
{
	char			*path = tu_path("n.lhrec"), *cause = NULL;
	struct model		 m;
	struct record_reader	*r;
	struct record_event	 ev;
	uint64_t		 last = 0, n = 0, copy_size = 0;
	uint8_t			*copy = NULL;
	const uint8_t		*img;

	write_random(path, 99, 300, &m);
	r = record_open(path, &cause);
	ck_assert_ptr_nonnull(r);
	/*
	 * Each time the clock moves on, the image must be the log at the
	 * time before: checked from a copy taken after that time's last
	 * change.
	 */
	while (record_next(r, &ev, &cause) == 1) {
		ck_assert_uint_ge(ev.t_ms, last);
		ck_assert_uint_eq(record_pos(r), ev.t_ms);
		if (ev.t_ms != last && n > 0)
			assert_copy_is(copy, copy_size, &m, last);
		last = ev.t_ms;
		n++;
		free(copy);
		img = record_image(r, &copy_size);
		copy = malloc(copy_size + 1);
		memcpy(copy, img, copy_size);
	}
	assert_copy_is(copy, copy_size, &m, last);
	free(copy);
	ck_assert_uint_gt(n, 0);
	assert_image_at(r, &m, m.end);
	record_close(r);
	model_free(&m);
	free(path);
}
END_TEST

START_TEST(every_truncation_reads_up_to_the_cut)
{
	char			*path = tu_path("t.lhrec"), *cut = tu_path("c"),
				*cause = NULL;
	struct model		 m;
	struct record_reader	*r;
	unsigned char		*all;
	size_t			 len, opened = 0;
	FILE			*f;

	write_random(path, 7, 150, &m);
	all = tu_slurp(path, &len);
	for (size_t l = 0; l < len; l += 1 + l / 64) {
		f = fopen(cut, "w");
		fwrite(all, 1, l, f);
		fclose(f);
		r = record_open(cut, &cause);
		if (r == NULL) {
			ck_assert_ptr_nonnull(cause);
			free(cause);
			cause = NULL;
			continue;
		}
		opened++;
		ck_assert(!record_complete(r));
		ck_assert_ptr_nonnull(record_damage(r));
		ck_assert_msg(strstr(record_damage(r), "readable up to") !=
		    NULL, "%s", record_damage(r));
		/* What is readable is what was recorded up to there. */
		ck_assert_int_eq(record_seek(r, UINT64_MAX, &cause), 0);
		assert_image_at(r, &m, record_end(r));
		record_close(r);
	}
	ck_assert_uint_gt(opened, 10);
	free(all);
	model_free(&m);
	free(path);
	free(cut);
}
END_TEST

START_TEST(a_flipped_byte_is_caught)
{
	char			*path = tu_path("f.lhrec"), *cause = NULL;
	struct model		 m;
	struct record_reader	*r;
	struct record_event	 ev;
	unsigned char		*all;
	size_t			 len;

	write_random(path, 11, 600, &m);
	all = tu_slurp(path, &len);
	flip_byte(path, len * (size_t)_i / 8, 0x10);
	r = record_open(path, &cause);
	if (r == NULL) {
		/* It hit the header of a block before the first keyframe's
		   end: then the open must say so. */
		ck_assert_msg(strstr(cause, "damaged") != NULL, "%s", cause);
		goto out;
	}
	/* Stepping through every block finds the damage and stops there. */
	while (record_next(r, &ev, &cause) == 1)
		continue;
	ck_assert_ptr_nonnull(record_damage(r));
	ck_assert_int_eq(record_seek(r, m.end, &cause), -1);
	ck_assert_msg(strstr(cause, "damaged at byte") != NULL &&
	    strstr(cause, "readable up to") != NULL, "%s", cause);
	ck_assert_uint_lt(record_end(r), m.end);
	assert_image_at(r, &m, record_end(r));
	record_close(r);
out:
	free(cause);
	free(all);
	model_free(&m);
	free(path);
}
END_TEST

/*
 * A block header whose last time (T1) is flipped high passes the index,
 * which stops at the next block (its T0 is then before T1) and notes
 * damage there; only the block's checksum shows that the block itself
 * is damaged, and that earlier damage must move the limit back.  Before,
 * damage noted once was never moved: a seek to the end said 0 with the
 * block's changes and all after it missing.
 */
START_TEST(a_flipped_last_time_is_caught_by_the_checksum)
{
	char			*path = tu_path("t1.lhrec"), *cause = NULL;
	struct model		 m;
	struct record_reader	*r;
	struct record_event	 ev;
	size_t			 k, at;
	uint64_t		 t0;

	write_random(path, 11, 600, &m);
	r = record_open(path, &cause);
	ck_assert_msg(r != NULL, "open: %s", cause);
	/* A delta block in the middle; byte 5 of its T1 (header + 29). */
	for (k = r->nblk / 2; r->blk[k].type != 2; k++)
		continue;
	t0 = r->blk[k].t0;
	at = r->blk[k].at + 29;
	record_close(r);
	flip_byte(path, at, 0x10);
	r = record_open(path, &cause);
	ck_assert_msg(r != NULL, "open: %s", cause);
	while (record_next(r, &ev, &cause) == 1)
		continue;
	ck_assert_int_eq(record_seek(r, m.end, &cause), -1);
	ck_assert_msg(strstr(cause, "its checksum does not match") != NULL,
	    "%s", cause);
	ck_assert_uint_le(record_end(r), t0);
	assert_image_at(r, &m, record_end(r));
	record_close(r);
	free(cause);
	model_free(&m);
	free(path);
}
END_TEST

START_TEST(not_a_recording)
{
	char			*path = tu_file("x.lhrec", "hello, world", 12),
				*cause = NULL;

	ck_assert_ptr_null(record_open(path, &cause));
	ck_assert_msg(strstr(cause, "not a livehex recording") != NULL, "%s",
	    cause);
	free(cause);
	free(path);
}
END_TEST

START_TEST(max_size_is_kept)
{
	struct record_limits	 lim = { .max_size = 4096, .block_bytes = 256,
	    .block_ms = 1000 };
	struct record_writer	*w;
	struct record_reader	*r;
	char			*path = tu_path("m.lhrec"), *cause = NULL;
	uint8_t			 img[512] = { 0 }, b[64];
	enum record_rc		 rc = RECORD_OK;
	uint64_t		 t;
	size_t			 len;

	w = record_create(path, 0, "s", 0, img, sizeof img, &lim, &cause);
	ck_assert_ptr_nonnull(w);
	for (t = 1; t < 10000 && rc == RECORD_OK; t++) {
		for (size_t i = 0; i < sizeof b; i++)
			b[i] = (uint8_t)random();
		rc = record_change(w, t, (t * 64) % 512, b, sizeof b, &cause);
	}
	ck_assert_int_eq(rc, RECORD_FULL);
	ck_assert_int_eq(record_finish(w, t, NULL, &cause), 0);
	free(tu_slurp(path, &len));
	ck_assert_uint_le(len, 4096);
	ck_assert_uint_gt(len, 3000);
	r = record_open(path, &cause);
	ck_assert_msg(r != NULL && record_complete(r), "%s", cause);
	/* It ends at its last block written, not when it was stopped. */
	ck_assert_uint_lt(record_end(r), t);
	ck_assert_int_eq(record_seek(r, UINT64_MAX, &cause), 0);
	ck_assert_ptr_null(record_damage(r));
	record_close(r);
	/* No --force: an existing file is refused. */
	ck_assert_ptr_null(record_create(path, 0, "s", 0, img, sizeof img,
	    NULL, &cause));
	ck_assert_msg(strstr(cause, "--force") != NULL, "%s", cause);
	free(cause);
	free(path);
}
END_TEST

/*
 * A slow writer (one 8-byte change every 100 ms for 100 s, default
 * limits): keyframes by time, each one 30 s (the default) after the last,
 * within a block's second; their count is the writer's.
 */
/* A slow writer for 100 s (a change of 8 bytes every 100 ms) into PATH. */
static void
slow_writer(const char *path, const struct record_limits *lim,
    struct record_stats *st)
{
	struct record_writer	*w;
	uint8_t			 img[4096] = { 0 };
	char			*cause = NULL;
	uint64_t		 t, v;

	w = record_create(path, RECORD_FORCE, "t", 0, img, sizeof img, lim,
	    &cause);
	ck_assert_msg(w != NULL, "create: %s", cause);
	for (t = 100; t <= 100000; t += 100) {
		v = t;
		ck_assert_int_eq(record_change(w, t, (t / 100) % 512 * 8,
		    (const uint8_t *)&v, 8, &cause), RECORD_OK);
		ck_assert_int_eq(record_tick(w, t, &cause), RECORD_OK);
	}
	ck_assert_int_eq(record_finish(w, t, st, &cause), 0);
}

START_TEST(keyframes_by_time)
{
	char			*path = tu_path("kt.lhrec"), *cause = NULL;
	struct record_limits	 lim = { .key_ms = 30000 };
	struct record_reader	*r;
	struct record_stats	 st;
	uint64_t		 gap;

	slow_writer(path, &lim, &st);
	r = record_open(path, &cause);
	ck_assert_msg(r != NULL, "open: %s", cause);
	/* 0, then about 30, 60 and 90 s. */
	ck_assert_uint_eq(record_keys(r), 4);
	ck_assert_uint_eq(st.keyframes, 4);
	ck_assert_uint_eq(record_key_time(r, 0), 0);
	for (size_t i = 1; i < record_keys(r); i++) {
		gap = record_key_time(r, i) - record_key_time(r, i - 1);
		ck_assert_msg(gap >= 30000 && gap <= 31100, "keyframe %zu is "
		    "%llu ms after the last", i, (unsigned long long)gap);
	}
	record_close(r);
	free(path);
}
END_TEST

/*
 * Record BYTES of random 64-byte runs at random 64-byte slots of an
 * image of IMG bytes into W, 16 runs a made-up millisecond from 1 on;
 * the time after the last.
 */
static uint64_t
random_runs(struct record_writer *w, uint64_t img, uint64_t bytes,
    uint64_t *x)
{
	uint8_t	 run[64];
	char	*cause = NULL;

	for (uint64_t k = 0; k < bytes / sizeof run; k++) {
		for (size_t i = 0; i < sizeof run; i++)
			run[i] = xs_byte(x);
		ck_assert_int_eq(record_change(w, 1 + k / 16, *x %
		    (img / sizeof run) * sizeof run, run, sizeof run, &cause),
		    RECORD_OK);
	}
	return 1 + bytes / sizeof run / 16;
}

/*
 * A file of zeros being filled (16 MiB): its first keyframe is tiny, but
 * the next waits for half the image's size of deltas, not 1.5 times that
 * tiny one (which gave a 20 s recording an extra image or two).
 */
START_TEST(a_small_keyframe_does_not_hurry_the_next)
{
	enum { IMG = 16 << 20 };
	char			*path = tu_path("kz.lhrec"), *cause = NULL;
	struct record_writer	*w;
	struct record_stats	 st;
	uint8_t			*img = calloc(IMG, 1);
	uint64_t		 x = 0x2545f4914f6cdd1du, end;

	ck_assert_ptr_nonnull(img);
	w = record_create(path, RECORD_FORCE, "t", 0, img, IMG, NULL,
	    &cause);
	ck_assert_msg(w != NULL, "create: %s", cause);
	/* 6 MiB of random runs: past 4 MiB, short of half the image. */
	end = random_runs(w, IMG, 6u << 20, &x);
	ck_assert_int_eq(record_finish(w, end, &st, &cause), 0);
	ck_assert_uint_eq(st.keyframes, 1);
	free(img);
	free(path);
}
END_TEST

START_TEST(a_slow_writer_gets_no_keyframe_by_default)
{
	char			*path = tu_path("ks.lhrec"), *cause = NULL;
	struct record_reader	*r;
	struct record_stats	 st;

	/* 8 KB of deltas in 100 s: an image again would only cost room. */
	slow_writer(path, NULL, &st);
	r = record_open(path, &cause);
	ck_assert_msg(r != NULL, "open: %s", cause);
	ck_assert_uint_eq(record_keys(r), 1);
	ck_assert_uint_eq(st.keyframes, 1);
	record_close(r);
	free(path);
}
END_TEST

/*
 * The default policy on random stores into a 4 MiB random image (nothing
 * compresses): the keyframes after the first take no more than two
 * thirds of the room the deltas take (plus the one that may have just
 * been written), and no more than 1.5 images and a block of deltas go
 * without one (a seek's deltas stay bounded).
 */
START_TEST(keyframes_cost_at_most_two_thirds_of_the_deltas)
{
	enum { IMG = 4 << 20 };
	char			*path = tu_path("kr.lhrec"), *cause = NULL;
	struct record_writer	*w;
	struct record_reader	*r;
	struct record_stats	 st;
	uint8_t			*img = malloc(IMG);
	uint64_t		 x = 0x9e3779b97f4a7c15u, keys, deltas, end;

	ck_assert_ptr_nonnull(img);
	for (size_t i = 0; i < IMG; i++)
		img[i] = xs_byte(&x);
	w = record_create(path, RECORD_FORCE, "t", 0, img, IMG, NULL,
	    &cause);
	ck_assert_msg(w != NULL, "create: %s", cause);
	/* 32 MiB of random runs. */
	end = random_runs(w, IMG, 32u << 20, &x);
	ck_assert_int_eq(record_finish(w, end, &st, &cause), 0);
	r = record_open(path, &cause);
	ck_assert_msg(r != NULL, "open: %s", cause);
	ck_assert_uint_eq(record_keys(r), st.keyframes);
	ck_assert_uint_ge(st.keyframes, 3);
	/* A random image is stored raw: a keyframe takes its size (4 MiB,
	   so the 4 MiB least of deltas never decides here). */
	keys = st.keyframes * (uint64_t)IMG;
	deltas = st.written - keys;
	/* Not too many: after the first, one per 1.5 images of deltas. */
	ck_assert_msg(3 * (keys - 2 * (uint64_t)IMG) <= 2 * deltas,
	    "%llu keyframes of 4 MiB for %llu bytes of deltas",
	    (unsigned long long)st.keyframes, (unsigned long long)deltas);
	/* Not too few: a keyframe is due at most one block past that. */
	ck_assert_msg((st.keyframes - 1 + 1) * (3 * (uint64_t)IMG / 2 +
	    (1u << 20) + 4096) >= deltas, "%llu keyframes of 4 MiB for %llu "
	    "bytes of deltas", (unsigned long long)st.keyframes,
	    (unsigned long long)deltas);
	record_close(r);
	free(img);
	free(path);
}
END_TEST

/*
 * A fast writer (4 KiB changes, a 1 MiB image, key_bytes 64 KiB): a
 * keyframe once 64 KiB of raw deltas were written since the last, and no
 * later than one block after; and the index answers, for every time, the
 * last keyframe at or before it (checked against a scan of the list),
 * and a seek from there gives the image the log says.
 */
START_TEST(keyframes_by_bytes_and_the_index)
{
	struct record_limits	 lim = { .block_bytes = 8192, .block_ms = 50,
	    .key_bytes = 65536 };
	char			*path = tu_path("kb.lhrec"), *cause = NULL;
	struct record_writer	*w;
	struct record_reader	*r;
	struct record_event	 ev;
	uint8_t			*img = calloc(1 << 20, 1), chunk[4096];
	uint8_t			*want = calloc(1 << 20, 1);
	const uint8_t		*got;
	uint64_t		 t, raw = 0, size, k;
	size_t			 key = 1;

	w = record_create(path, RECORD_FORCE, "t", 0, img, 1 << 20, &lim,
	    &cause);
	ck_assert_msg(w != NULL, "create: %s", cause);
	srandom(7);
	for (t = 1; t <= 400; t++) {
		for (size_t i = 0; i < sizeof chunk; i++)
			chunk[i] = (uint8_t)random();
		ck_assert_int_eq(record_change(w, t, (t % 256) * 4096, chunk,
		    sizeof chunk, &cause), RECORD_OK);
		ck_assert_int_eq(record_tick(w, t, &cause), RECORD_OK);
	}
	ck_assert_int_eq(record_finish(w, t, NULL, &cause), 0);
	r = record_open(path, &cause);
	ck_assert_msg(r != NULL, "open: %s", cause);
	ck_assert_uint_gt(record_keys(r), 10);
	/* The raw delta bytes between keyframes: 64 KiB up to a block more. */
	while (record_next(r, &ev, &cause) == 1) {
		if (key < record_keys(r) && ev.t_ms > record_key_time(r, key)) {
			ck_assert_msg(raw >= 65536 && raw < 65536 + 8192,
			    "%llu raw bytes before keyframe %zu",
			    (unsigned long long)raw, key);
			raw = 0;
			key++;
		}
		raw += RECORD_OP_BYTES_HEAD_TEST + ev.len;
	}
	/* The finish may close a block that makes a last keyframe due. */
	if (key + 1 == record_keys(r)) {
		ck_assert_msg(raw >= 65536 && raw < 65536 + 8192, "%llu raw "
		    "bytes before the last keyframe", (unsigned long long)raw);
		key++;
	}
	ck_assert_uint_eq(key, record_keys(r));
	for (t = 0; t <= 401; t++) {
		k = 0;
		for (size_t i = 0; i < record_keys(r); i++)
			if (record_key_time(r, i) <= t)
				k = record_key_time(r, i);
		ck_assert_uint_eq(record_seek_key(r, t), k);
	}
	/* Back and forth: each seek lands on the log's image. */
	for (int i = 0; i < 40; i++) {
		t = (uint64_t)random() % 401;
		memset(want, 0, 1 << 20);
		srandom(7);
		for (uint64_t u = 1; u <= t; u++)
			for (size_t j = 0; j < 4096; j++)
				want[(u % 256) * 4096 + j] = (uint8_t)random();
		srandom((unsigned)t * 31 + 1);
		ck_assert_int_eq(record_seek(r, t, &cause), 0);
		got = record_image(r, &size);
		ck_assert_uint_eq(size, 1 << 20);
		ck_assert_msg(memcmp(got, want, 1 << 20) == 0, "at %llu",
		    (unsigned long long)t);
	}
	record_close(r);
	free(img);
	free(want);
	free(path);
}
END_TEST

/* The byte at I of the test's big image, before any change. */
static uint8_t
big_byte(uint64_t i)
{
	return (uint8_t)(i * 7 ^ i >> 13);
}

/*
 * A 40 MiB image is a keyframe of three pieces (16 MiB each at most), and
 * the reader decodes the later ones straight into the image, over the 16
 * bytes before each for a moment: changes on both sides of the piece
 * boundaries, keyframes after them, and seeks back to every time must
 * give the log's image exactly, those 16 bytes included.
 */
START_TEST(keyframes_of_several_pieces)
{
	struct record_limits	 lim = { .block_bytes = 256, .block_ms = 1,
	    .key_bytes = 1 };
	const uint64_t		 size = 40u << 20, piece = 16u << 20;
	const uint64_t		 at[] = { 0, piece - 20, piece - 3, piece + 5,
				    2 * piece - 16, 2 * piece - 1, size - 8 };
	char			*path = tu_path("kp.lhrec"), *cause = NULL;
	uint8_t			*img = malloc(size), *want = malloc(size);
	uint8_t			 v[8];
	const uint8_t		*got;
	struct record_writer	*w;
	struct record_reader	*r;
	uint64_t		 n;

	for (uint64_t i = 0; i < size; i++)
		img[i] = big_byte(i);
	w = record_create(path, RECORD_FORCE, "t", 0, img, size, &lim,
	    &cause);
	ck_assert_msg(w != NULL, "create: %s", cause);
	/* Change K at time K + 1: 8 bytes of 0xK0 at at[K]. */
	for (size_t k = 0; k < sizeof at / sizeof at[0]; k++) {
		memset(v, (int)(0x10 * (k + 1)), sizeof v);
		ck_assert_int_eq(record_change(w, k + 1, at[k], v, 8, &cause),
		    RECORD_OK);
		ck_assert_int_eq(record_tick(w, k + 2, &cause), RECORD_OK);
	}
	ck_assert_int_eq(record_finish(w, 20, NULL, &cause), 0);
	r = record_open(path, &cause);
	ck_assert_msg(r != NULL, "open: %s", cause);
	/* A keyframe after every change: each seek below decodes one. */
	ck_assert_uint_eq(record_keys(r), 1 + sizeof at / sizeof at[0]);
	for (uint64_t t = 20; t != UINT64_MAX; t--) {
		memcpy(want, img, size);
		for (size_t k = 0; k < sizeof at / sizeof at[0] && k + 1 <= t;
		    k++)
			memset(want + at[k], (int)(0x10 * (k + 1)), 8);
		ck_assert_int_eq(record_seek(r, t, &cause), 0);
		got = record_image(r, &n);
		ck_assert_uint_eq(n, size);
		ck_assert_msg(memcmp(got, want, size) == 0, "the image at %llu",
		    (unsigned long long)t);
	}
	record_close(r);
	free(img);
	free(want);
	free(path);
}
END_TEST

/*
 * A keyframe's stored bytes never pass through the buffer kept for delta
 * blocks: a 16 MiB zstd piece read into it made the first seek after
 * open fault in 16 MiB (record_read.c, rd_stored_buf), and its first
 * piece is peeked and decoded straight into the image when the size
 * stays (rd_key_same_size).  The image must still be right at every
 * time, and a flipped byte in a later keyframe's first piece must still
 * be found by its checksum, not taken as the image.
 */
START_TEST(keyframes_skip_the_delta_buffer)
{
	struct record_limits	 lim = { .block_bytes = 256, .block_ms = 1,
	    .key_bytes = 1 };
	const uint64_t		 size = 20u << 20;
	char			*path = tu_path("kb.lhrec"), *cause = NULL;
	uint8_t			*img = malloc(size), *want = malloc(size);
	uint8_t			 v[8];
	const uint8_t		*got;
	struct record_writer	*w;
	struct record_reader	*r;
	uint64_t		 n, x = 0x9e3779b97f4a7c15ull, at, faults;

	/* zstd pieces of about 8 MiB stored. */
	fill_half_random(img, size, &x);
	w = record_create(path, RECORD_FORCE, "t", 0, img, size, &lim,
	    &cause);
	ck_assert_msg(w != NULL, "create: %s", cause);
	/* Change K at time K: 8 bytes of 0xK0 at K MiB - 4; a keyframe each. */
	for (uint64_t k = 1; k <= 4; k++) {
		memset(v, (int)(0x10 * k), sizeof v);
		ck_assert_int_eq(record_change(w, k, (k << 20) - 4, v, 8,
		    &cause), RECORD_OK);
		ck_assert_int_eq(record_tick(w, k + 1, &cause), RECORD_OK);
	}
	ck_assert_int_eq(record_finish(w, 10, NULL, &cause), 0);
	r = record_open(path, &cause);
	ck_assert_msg(r != NULL, "open: %s", cause);
	ck_assert_uint_eq(record_keys(r), 5);
	ck_assert_uint_eq(r->blk[r->keys[2]].codec, 1);	/* zstd */
	ck_assert_uint_gt(r->blk[r->keys[2]].stored, 1u << 20);
	/*
	 * The first seeks after open fault nothing in: each loads a 20 MiB
	 * keyframe through buffers the open made.  Through a buffer the
	 * size of the first piece, they faulted 2,100 pages in (7 without;
	 * ASan's shadow adds 200, TSan's 900).
	 */
	faults = tu_minflt();
	ck_assert_int_eq(record_seek(r, 4, &cause), 0);
	ck_assert_int_eq(record_seek(r, 2, &cause), 0);
	ck_assert_uint_lt(tu_minflt() - faults, 1024);
	for (uint64_t t = 10; t != UINT64_MAX; t--) {
		memcpy(want, img, size);
		for (uint64_t k = 1; k <= 4 && k <= t; k++)
			memset(want + (k << 20) - 4, (int)(0x10 * k), 8);
		ck_assert_int_eq(record_seek(r, t, &cause), 0);
		got = record_image(r, &n);
		ck_assert_uint_eq(n, size);
		ck_assert_msg(memcmp(got, want, size) == 0, "the image at %llu",
		    (unsigned long long)t);
		/* Delta blocks are 256 bytes: only a zstd peek is bigger. */
		ck_assert_uint_le(r->zcap, 256u << 10);
	}
	/* Flip a byte in the middle of keyframe 2's first piece. */
	at = r->blk[r->keys[2]].at + 40 + r->blk[r->keys[2]].stored / 2;
	record_close(r);
	flip_byte(path, at, 0x01);
	r = record_open(path, &cause);
	ck_assert_msg(r != NULL, "open: %s", cause);
	ck_assert_int_eq(record_seek(r, 1, &cause), 0);
	ck_assert_int_eq(record_seek(r, 2, &cause), -1);
	ck_assert_msg(strstr(cause, "its checksum does not match") != NULL,
	    "%s", cause);
	ck_assert_uint_eq(record_end(r), 1);
	record_close(r);
	free(cause);
	free(img);
	free(want);
	free(path);
}
END_TEST

/*
 * The zstd level follows the bytes: a delta block after one that did not
 * compress to half is written at level 1 (as small on such bytes, and
 * faster to decode), one after a block that did at level 3 (record.c,
 * RECORD_ZLEVEL_FAST).  Each stored payload is compared with the
 * payload compressed again at both levels.
 */
START_TEST(the_zstd_level_follows_the_bytes)
{
	struct record_limits	 lim = { .block_bytes = 4096, .block_ms = 1000,
	    .key_bytes = 1u << 30 };
	const uint64_t		 size = 1u << 16;
	char			*path = tu_path("lv.lhrec"), *cause = NULL;
	uint8_t			*img = calloc(size, 1), v[64], *z;
	unsigned char		*all;
	struct record_writer	*w;
	struct record_reader	*r;
	uint64_t		 x = 0x2545f4914f6cdd1dull, t = 1;
	size_t			 len, zcap, n3, n1, k, seen = 0;
	/* Per delta block: 0 random, 1 compressible; the level expected. */
	const int		 want[] = { 3, 1, 1, 1, 3, 3 };

	w = record_create(path, RECORD_FORCE, "t", 0, img, size, &lim,
	    &cause);
	ck_assert_msg(w != NULL, "create: %s", cause);
	/* Three blocks of random runs, then three of runs of one byte. */
	for (int b = 0; b < 6; b++) {
		for (int i = 0; i < 40; i++, t++) {
			for (size_t j = 0; j < sizeof v; j++)
				v[j] = b < 3 ? xs_byte(&x) : (uint8_t)(0x40 + b);
			ck_assert_int_eq(record_change(w, t, xs64(&x) % (size /
			    64) * 64, v, sizeof v, &cause), RECORD_OK);
		}
		/* Close the block: 40 records of 85 bytes are < 4096. */
		ck_assert_int_eq(record_tick(w, t + 2000, &cause), RECORD_OK);
		t += 2000;
	}
	ck_assert_int_eq(record_finish(w, t + 1, NULL, &cause), 0);
	r = record_open(path, &cause);
	ck_assert_msg(r != NULL, "open: %s", cause);
	all = tu_slurp(path, &len);
	zcap = ZSTD_compressBound(1u << 20);
	z = malloc(zcap);
	for (k = 0; k < r->nblk; k++) {
		const struct record_blk	*b = &r->blk[k];

		if (b->type != 2)	/* deltas */
			continue;
		ck_assert_uint_lt(seen, 6);
		ck_assert_uint_eq(b->codec, 1);		/* zstd */
		ck_assert(record_read_decode(r, k));
		n3 = ZSTD_compress(z, zcap, r->pay, r->paylen, 3);
		ck_assert(n3 == b->stored && memcmp(z, all + b->at + 40,
		    n3) == 0 ? want[seen] == 3 : want[seen] == 1);
		n1 = ZSTD_compress(z, zcap, r->pay, r->paylen, 1);
		ck_assert(n1 == b->stored && memcmp(z, all + b->at + 40,
		    n1) == 0 ? want[seen] == 1 : want[seen] == 3);
		seen++;
	}
	ck_assert_uint_eq(seen, 6);
	record_close(r);
	free(z);
	free(all);
	free(img);
	free(cause);
	free(path);
}
END_TEST

/*
 * A seek that loads a big keyframe loads it on a second thread while
 * this one decodes the delta blocks after it (record_bg.c).  With and
 * without the thread, every seek must give the image the writer had; the
 * thread must have loaded keyframes and its decoded blocks been applied;
 * and a damaged delta block among those decoded meanwhile must still be
 * said, with the end before it.
 */
START_TEST(a_keyframe_loads_beside_the_deltas)
{
	struct record_limits	 lim = { .block_bytes = 4096, .block_ms = 1000,
	    .key_bytes = 64u << 10 };
	enum { NT = 6 };
	const uint64_t		 size = 8u << 20, at[NT] = { 1, 700, 1300, 1900,
				    2600, 3000 };
	char			*path = tu_path("bg.lhrec"), *cause = NULL;
	uint8_t			*img = malloc(size), *want[NT], v[64];
	const uint8_t		*got;
	struct record_writer	*w;
	struct record_reader	*r;
	uint64_t		 n, x = 0x9e3779b97f4a7c15ull, t0 = 0;
	size_t			 k, nt = 0, blk = 0;

	fill_half_random(img, size, &x);
	w = record_create(path, RECORD_FORCE, "t", 0, img, size, &lim,
	    &cause);
	ck_assert_msg(w != NULL, "create: %s", cause);
	for (uint64_t t = 1; t <= 3000; t++) {
		uint64_t	off;

		for (size_t j = 0; j < sizeof v; j++)
			v[j] = xs_byte(&x);
		off = (x >> 11) % (size / 64) * 64;
		memcpy(img + off, v, sizeof v);
		ck_assert_int_eq(record_change(w, t, off, v, sizeof v,
		    &cause), RECORD_OK);
		ck_assert_int_eq(record_tick(w, t, &cause), RECORD_OK);
		if (nt < NT && t == at[nt]) {
			want[nt] = malloc(size);
			memcpy(want[nt++], img, size);
		}
	}
	ck_assert_int_eq(record_finish(w, 3001, NULL, &cause), 0);
	for (int bg = 0; bg < 2; bg++) {
		r = record_open(path, &cause);
		ck_assert_msg(r != NULL, "open: %s", cause);
		ck_assert_uint_ge(record_keys(r), 4);
		r->bg_off = bg == 0;
		/* Far back and forth: each seek loads a keyframe. */
		for (int i = 0; i < 3 * NT; i++) {
			size_t	j = (size_t)(i * 5 + 3) % NT;

			ck_assert_int_eq(record_seek(r, at[j], &cause), 0);
			got = record_image(r, &n);
			ck_assert_uint_eq(n, size);
			ck_assert_msg(memcmp(got, want[j], size) == 0, "the "
			    "image at %llu, thread %d", (unsigned long long)
			    at[j], bg);
		}
		if (bg == 1) {
			ck_assert_uint_gt(r->bg_keys, 0);
			ck_assert_uint_gt(r->bg_taken, 0);
		} else
			ck_assert_uint_eq(r->bg_keys, 0);
		if (bg == 1) {
			/* The third delta block after keyframe 2. */
			for (k = r->keys[2], blk = 0; blk < 3; k++)
				if (r->blk[k].type == 2)
					blk++;
			k--;
			t0 = r->blk[k].t0;
			n = r->blk[k].at + 40 + r->blk[k].stored / 2;
		}
		record_close(r);
	}
	flip_byte(path, n, 0x04);
	r = record_open(path, &cause);
	ck_assert_msg(r != NULL, "open: %s", cause);
	r->bg_off = false;
	ck_assert_int_eq(record_seek(r, 3000, &cause), 0);
	ck_assert_int_eq(record_seek(r, record_key_time(r, 3) - 1, &cause),
	    -1);
	ck_assert_msg(strstr(cause, "its checksum does not match") != NULL,
	    "%s", cause);
	ck_assert_uint_lt(record_end(r), t0);
	record_close(r);
	for (size_t i = 0; i < NT; i++)
		free(want[i]);
	free(img);
	free(cause);
	free(path);
}
END_TEST

START_TEST(times_parse_and_print)
{
	uint64_t	 t;
	char		*cause = NULL, buf[32];

	ck_assert_int_eq(record_parse_time("0", &t, &cause), 0);
	ck_assert_uint_eq(t, 0);
	ck_assert_int_eq(record_parse_time("2.5", &t, &cause), 0);
	ck_assert_uint_eq(t, 2500);
	ck_assert_int_eq(record_parse_time("12.345", &t, &cause), 0);
	ck_assert_uint_eq(t, 12345);
	ck_assert_int_eq(record_parse_time(".5", &t, &cause), 0);
	ck_assert_uint_eq(t, 500);
	ck_assert_int_eq(record_parse_time("end", &t, &cause), 0);
	ck_assert_uint_eq(t, UINT64_MAX);
	const char *bad[] = { "", ".", "1.2345", "-1", "1e3", "2s", "0x10",
	    "99999999999999999999" };
	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_msg(record_parse_time(bad[i], &t, &cause) == -1,
		    "%s", bad[i]);
		free(cause);
		cause = NULL;
	}
	ck_assert_str_eq(record_fmt_time(12500, buf, sizeof buf), "12.5 s");
	ck_assert_str_eq(record_fmt_time(3000, buf, sizeof buf), "3 s");
	ck_assert_str_eq(record_fmt_time(1, buf, sizeof buf), "0.001 s");
	ck_assert_str_eq(record_fmt_time(1230, buf, sizeof buf), "1.23 s");
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("record");
	TCase	*tc = timeout_tcase("record", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, page_diffs_find_every_run);
	tcase_add_loop_test(tc, seek_anywhere_equals_the_log, 0, 4);
	tcase_add_test(tc, next_steps_through_every_change);
	tcase_add_test(tc, every_truncation_reads_up_to_the_cut);
	tcase_add_loop_test(tc, a_flipped_byte_is_caught, 1, 8);
	tcase_add_test(tc, a_flipped_last_time_is_caught_by_the_checksum);
	tcase_add_test(tc, not_a_recording);
	tcase_add_test(tc, max_size_is_kept);
	tcase_add_test(tc, times_parse_and_print);
	tcase_add_test(tc, keyframes_by_time);
	tcase_add_test(tc, a_slow_writer_gets_no_keyframe_by_default);
	tcase_add_test(tc, a_small_keyframe_does_not_hurry_the_next);
	tcase_add_test(tc, keyframes_cost_at_most_two_thirds_of_the_deltas);
	tcase_add_test(tc, keyframes_by_bytes_and_the_index);
	tcase_add_test(tc, keyframes_of_several_pieces);
	tcase_add_test(tc, keyframes_skip_the_delta_buffer);
	tcase_add_test(tc, the_zstd_level_follows_the_bytes);
	tcase_add_test(tc, a_keyframe_loads_beside_the_deltas);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
