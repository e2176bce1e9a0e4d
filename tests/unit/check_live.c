/* SPDX-License-Identifier: ISC */
/*
 * check_live.c - unit tests for the live session (live.c) and the store
 * path (store.c).
 *
 * The "other process" is a second MAP_SHARED mapping made by the test, or
 * pwrite(2), ftruncate(2), unlink, rename: the session sees them exactly
 * as it sees another process's.  Every test records the events it gets
 * and checks that the one it expects was absent before the action.  Where
 * inotify must deliver something, the test polls live_fd() with a deadline
 * (never a sleep) until the event is there.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "changemap.h"
#include "door.h"
#include "door_sys.h"
#include "journal.h"
#include "live.h"
#include "snap.h"
#include "store.h"
#include "testutil.h"
#include "xmalloc.h"
#include "timeout.h"

#define FILE_SIZE	8192
/* How long a test waits for inotify before it fails (ms). */
#define WAIT_MS		10000

/* One recorded event (bytes copied: the event's pointers do not last). */
struct rec {
	enum live_kind		 kind;
	enum live_source	 source;
	uint64_t		 off, len, old_size, new_size;
	bool			 have_old, have_new;
	uint8_t			 old[16], new[16];
};

static struct rec	 recs[64];
static size_t		 nrecs;
static struct live	*l;
static char		*path;
static int		 fd;

/* live_fn: record EV. */
static void
record(const struct live_event *ev, void *arg)
{
	struct rec	*r;

	(void)arg;
	if (nrecs == sizeof recs / sizeof recs[0])
		return;
	r = &recs[nrecs++];
	memset(r, 0, sizeof *r);
	r->kind = ev->kind;
	r->source = ev->source;
	r->off = ev->off;
	r->len = ev->len;
	r->old_size = ev->old_size;
	r->new_size = ev->new_size;
	if ((r->have_old = ev->old != NULL))
		memcpy(r->old, ev->old, ev->len < 16 ? ev->len : 16);
	if ((r->have_new = ev->new != NULL))
		memcpy(r->new, ev->new, ev->len < 16 ? ev->len : 16);
}

/* The first recorded event of KIND, or NULL. */
static const struct rec *
find(enum live_kind kind)
{
	for (size_t i = 0; i < nrecs; i++)
		if (recs[i].kind == kind)
			return &recs[i];
	return NULL;
}

/* How many recorded events are of KIND. */
static size_t
count(enum live_kind kind)
{
	size_t	n = 0;

	for (size_t i = 0; i < nrecs; i++)
		n += recs[i].kind == kind;
	return n;
}

/* Feed inotify news to the session until an event of KIND is recorded. */
static bool
wait_for(enum live_kind kind)
{
	uint64_t	end = tu_now_ms() + WAIT_MS;
	struct pollfd	p = { .fd = live_fd(l), .events = POLLIN };
	char		*cause = NULL;

	ck_assert_int_ne(p.fd, -1);
	while (find(kind) == NULL) {
		uint64_t	now = tu_now_ms();

		if (now >= end)
			return false;
		if (poll(&p, 1, (int)(end - now)) > 0)
			ck_assert_msg(live_on_fd(l, &cause) == 0, "%s", cause);
	}
	return true;
}

/* A fresh pattern file, a session on it recording into recs. */
static void
setup(void)
{
	char	*cause = NULL;

	path = tu_pattern_file("live", FILE_SIZE, 5);
	l = live_open(path, 0, NULL, NULL, &cause);
	ck_assert_msg(l != NULL, "%s", cause);
	live_subscribe(l, record, NULL);
	fd = open(path, O_RDWR);
	ck_assert_int_ne(fd, -1);
	nrecs = 0;
}

/* Undo setup(). */
static void
teardown(void)
{
	close(fd);
	live_close(l);
	free(path);
}

/* Tick once, asserting it worked. */
static void
tick(void)
{
	char	*cause = NULL;

	ck_assert_msg(live_tick(l, live_now(l), &cause) == 0, "%s", cause);
}

/* ---- other processes' changes ------------------------------------------ */

START_TEST(store_through_second_mapping)
{
	uint8_t		*other, was[2];
	const struct rec *r;

	live_window_new(l, 0, FILE_SIZE, 3, 0);
	other = mmap(NULL, FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    0);
	ck_assert(other != MAP_FAILED);
	tick();
	ck_assert_ptr_null(find(LIVE_BYTES));
	memcpy(was, other + 100, 2);
	other[100] = (uint8_t)~was[0];
	other[101] = (uint8_t)~was[1];
	tick();
	r = find(LIVE_BYTES);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->source, LIVE_FROM_WINDOW);
	ck_assert_uint_eq(r->off, 100);
	ck_assert_uint_eq(r->len, 2);
	ck_assert(r->have_old && r->have_new);
	ck_assert_mem_eq(r->old, was, 2);
	ck_assert_uint_eq(r->new[0], (uint8_t)~was[0]);
	ck_assert_uint_eq(r->new[1], (uint8_t)~was[1]);
	/* Seen once: the next tick compares with the new copy. */
	tick();
	ck_assert_uint_eq(count(LIVE_BYTES), 1);
	munmap(other, FILE_SIZE);
}
END_TEST

START_TEST(gap_joins_nearby_changes)
{
	uint8_t		 b = 0xaa, c = 0x55;

	live_window_new(l, 0, FILE_SIZE, 3, 0);
	ck_assert_int_eq(pwrite(fd, &b, 1, 10), 1);
	ck_assert_int_eq(pwrite(fd, &c, 1, 13), 1);
	tick();
	/* Two equal bytes apart, with GAP 3: one event of four bytes. */
	ck_assert_uint_eq(count(LIVE_BYTES), 1);
	ck_assert_uint_eq(find(LIVE_BYTES)->len, 4);
	ck_assert_uint_eq(find(LIVE_BYTES)->new[0], 0xaa);
	ck_assert_uint_eq(find(LIVE_BYTES)->new[3], 0x55);
}
END_TEST

START_TEST(pwrite_wakes_the_session)
{
	uint8_t		 b[4] = { 1, 2, 3, 4 };
	const struct rec *r;

	live_window_new(l, 4096, 64, 0, 0);
	ck_assert_ptr_null(find(LIVE_BYTES));
	ck_assert_int_eq(pwrite(fd, b, 4, 4100), 4);
	/* No tick: inotify (IN_MODIFY) makes the session look. */
	ck_assert(wait_for(LIVE_BYTES));
	r = find(LIVE_BYTES);
	ck_assert_uint_eq(r->off, 4100);
	ck_assert_uint_eq(r->len, 4);
	ck_assert_mem_eq(r->new, b, 4);
}
END_TEST

START_TEST(window_outside_the_change_is_quiet)
{
	uint8_t	b = 0x77 ^ 0xff;

	live_window_new(l, 0, 64, 0, 0);
	ck_assert_int_eq(pwrite(fd, &b, 1, 1000), 1);
	tick();
	ck_assert_ptr_null(find(LIVE_BYTES));
}
END_TEST

START_TEST(truncate_and_grow_are_size_events)
{
	const struct rec *r;

	live_window_new(l, 0, FILE_SIZE, 0, 0);
	tick();
	ck_assert_ptr_null(find(LIVE_SIZE));
	ck_assert_int_eq(ftruncate(fd, 100), 0);
	tick();
	r = find(LIVE_SIZE);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->old_size, FILE_SIZE);
	ck_assert_uint_eq(r->new_size, 100);
	ck_assert_uint_eq(live_size(l), 100);
	nrecs = 0;
	ck_assert_int_eq(ftruncate(fd, 3 * FILE_SIZE), 0);
	tick();
	r = find(LIVE_SIZE);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->old_size, 100);
	ck_assert_uint_eq(r->new_size, 3 * FILE_SIZE);
	/* Bytes that appeared are a baseline, not another's change. */
	ck_assert_ptr_null(find(LIVE_BYTES));
}
END_TEST

/* ---- identity ----------------------------------------------------------- */

START_TEST(unlink_is_deleted)
{
	ck_assert_ptr_null(find(LIVE_DELETED));
	ck_assert_int_eq(unlink(path), 0);
	ck_assert(wait_for(LIVE_DELETED));
	/* Said once, not on every look. */
	tick();
	tick();
	ck_assert_uint_eq(count(LIVE_DELETED), 1);
}
END_TEST

START_TEST(unlink_is_seen_by_a_tick_too)
{
	ck_assert_int_eq(unlink(path), 0);
	tick();
	ck_assert_uint_eq(count(LIVE_DELETED), 1);
}
END_TEST

START_TEST(rename_is_renamed)
{
	char	*to = tu_path("live-moved");

	ck_assert_int_eq(rename(path, to), 0);
	ck_assert(wait_for(LIVE_RENAMED));
	ck_assert_ptr_null(find(LIVE_DELETED));
	free(to);
}
END_TEST

START_TEST(new_file_at_the_path_is_replaced)
{
	char	*tmp = tu_file("live-new", "fresh", 5);

	ck_assert_ptr_null(find(LIVE_REPLACED));
	ck_assert_int_eq(rename(tmp, path), 0);
	ck_assert(wait_for(LIVE_REPLACED));
	/* The old file lost its last name too. */
	ck_assert(wait_for(LIVE_DELETED));
	free(tmp);
}
END_TEST

START_TEST(overflow_mask_looks_again)
{
	bool	look = false;

	/* Deleted with its news lost: only a fresh look can tell. */
	ck_assert_int_eq(unlink(path), 0);
	ck_assert_ptr_null(find(LIVE_DELETED));
	live_note(l, IN_Q_OVERFLOW, NULL, &look);
	ck_assert(look);
	ck_assert_ptr_nonnull(find(LIVE_OVERFLOW));
	ck_assert_ptr_nonnull(find(LIVE_DELETED));
	ck_assert_int_eq(find(LIVE_OVERFLOW)->source, LIVE_FROM_INOTIFY);
}
END_TEST

START_TEST(full_queue_is_an_overflow)
{
	FILE		*f = fopen("/proc/sys/fs/inotify/max_queued_events",
			    "r");
	unsigned long	 max = 0;
	uint8_t		 b = 0;

	if (f != NULL) {
		if (fscanf(f, "%lu", &max) != 1)
			max = 0;
		fclose(f);
	}
	if (max == 0 || max > 65536)
		return;	/* cannot fill it here in reasonable time */
	live_window_new(l, 0, 16, 0, 0);
	/*
	 * Alternate a write and a chmod: inotify merges an event equal to the
	 * last one queued, so only alternating masks fill the queue.
	 */
	for (unsigned long i = 0; i < max / 2 + 16; i++) {
		ck_assert_int_eq(pwrite(fd, &b, 1, 0), 1);
		ck_assert_int_eq(fchmod(fd, (i & 1) ? 0600 : 0640), 0);
	}
	ck_assert_ptr_null(find(LIVE_OVERFLOW));
	ck_assert(wait_for(LIVE_OVERFLOW));
}
END_TEST

START_TEST(reopen_follows_the_new_file)
{
	char		*tmp = tu_file("live-new2", "0123456789", 10);
	uint64_t	 dev0, ino0, dev1, ino1;
	const struct rec *r;

	live_window_new(l, 0, 64, 0, 0);
	live_identity(l, &dev0, &ino0);
	ck_assert_int_eq(rename(tmp, path), 0);
	ck_assert_ptr_null(find(LIVE_REOPENED));
	ck_assert_int_eq(live_reopen(l, 0, NULL), 0);
	r = find(LIVE_REOPENED);
	ck_assert_ptr_nonnull(r);
	ck_assert_uint_eq(r->old_size, FILE_SIZE);
	ck_assert_uint_eq(r->new_size, 10);
	live_identity(l, &dev1, &ino1);
	ck_assert(dev0 != dev1 || ino0 != ino1);
	/* The new file is the baseline: no bytes "changed" by the switch. */
	tick();
	ck_assert_ptr_null(find(LIVE_BYTES));
	ck_assert_ptr_null(find(LIVE_SIZE));
	free(tmp);
}
END_TEST

/* ---- the page map ------------------------------------------------------ */

START_TEST(pages_report_runs_of_pages)
{
	uint8_t		 b[3] = { 0, 0, 0 };
	const struct rec *r;

	ck_assert_ptr_nonnull(live_pages(l, 64));
	/* Touch the pages so they are resident, then a baseline lap. */
	{
		uint8_t	 buf[FILE_SIZE];

		ck_assert_int_eq(pread(fd, buf, FILE_SIZE, 0), FILE_SIZE);
	}
	live_sweep(l, SIZE_MAX, 1000);
	ck_assert_ptr_null(find(LIVE_BYTES));
	ck_assert_int_eq(pread(fd, b, 3, 200), 3);
	for (int i = 0; i < 3; i++)
		b[i] ^= 0xff;
	/* Bytes 200-202 and 1000: pages 3 and 15 of 64 bytes. */
	ck_assert_int_eq(pwrite(fd, b, 3, 200), 3);
	ck_assert_int_eq(pwrite(fd, b, 1, 1000), 1);
	live_sweep(l, SIZE_MAX, 2000);
	ck_assert_uint_eq(count(LIVE_BYTES), 2);
	r = find(LIVE_BYTES);
	ck_assert_int_eq(r->source, LIVE_FROM_PAGES);
	ck_assert_uint_eq(r->off, 192);
	ck_assert_uint_eq(r->len, 64);
	ck_assert(!r->have_old && !r->have_new);
	ck_assert_uint_eq(recs[1].off, 960);
}
END_TEST

/*
 * A store that fills a hole before the first lap reaches its page is a
 * change, not the page's first sight: the holes are preset as zeros when
 * the map is made (issue 12: the strip on a 2 GiB sparse file missed it).
 */
START_TEST(store_into_a_hole_before_the_first_lap)
{
	char		*hp = xasprintf("./live-holes-%d", (int)getpid());
	char		*cause = NULL;
	int		 hfd = open(hp, O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct live	*h;
	const struct rec *r;

	ck_assert_int_ne(hfd, -1);
	ck_assert_int_eq(ftruncate(hfd, 1 << 20), 0);
	h = live_open(hp, 0, NULL, NULL, &cause);
	ck_assert_msg(h != NULL, "%s", cause);
	live_subscribe(h, record, NULL);
	ck_assert_ptr_nonnull(live_pages(h, 4096));
	/* Page 200 is filled before any sweep has looked at it. */
	ck_assert_int_eq(pwrite(hfd, "\x5a", 1, 200 * 4096 + 7), 1);
	ck_assert_ptr_null(find(LIVE_BYTES));
	live_sweep(h, SIZE_MAX, 1000);
	r = find(LIVE_BYTES);
	ck_assert_ptr_nonnull(r);
	ck_assert_int_eq(r->source, LIVE_FROM_PAGES);
	ck_assert_uint_eq(r->off, 200 * 4096);
	ck_assert_uint_eq(count(LIVE_BYTES), 1);
	live_close(h);
	close(hfd);
	unlink(hp);
	free(hp);
}
END_TEST

/* ---- the store path ------------------------------------------------------ */

START_TEST(own_store_event_has_old_and_new)
{
	uint8_t			 was[4], now[4], v[4] = { 0xde, 0xad, 0xbe, 0xef };
	struct store_result	 r;
	const struct rec	*e;

	live_window_new(l, 0, FILE_SIZE, 0, 0);
	ck_assert_int_eq(pread(fd, was, 4, 64), 4);
	r = store_put(l, 64, v, 4, STORE_ATOMIC, NULL, NULL);
	ck_assert_int_eq(r.why, DOOR_PUT_DONE);
	ck_assert_uint_eq(r.stored, 4);
	ck_assert(r.atomic);
	ck_assert_uint_eq(r.old_valid, 4);
	ck_assert_mem_eq(r.old, was, 4);
	store_result_free(&r);
	ck_assert_int_eq(pread(fd, now, 4, 64), 4);
	ck_assert_mem_eq(now, v, 4);
	e = find(LIVE_STORE);
	ck_assert_ptr_nonnull(e);
	ck_assert_int_eq(e->source, LIVE_FROM_STORE);
	ck_assert_uint_eq(e->off, 64);
	ck_assert_uint_eq(e->len, 4);
	ck_assert_mem_eq(e->old, was, 4);
	ck_assert_mem_eq(e->new, v, 4);
	/* The window took it as ours: no other-process event follows. */
	tick();
	ck_assert_ptr_null(find(LIVE_BYTES));
}
END_TEST

START_TEST(own_store_is_not_a_change_for_a_snapper)
{
	uint8_t			 v = 0x42;
	struct live_window	*w = live_window_new(l, 0, 256,
				    0, LIVE_WINDOW_SNAPPER);
	struct store_result	 r;

	/* The first copy is published: a frame to draw. */
	ck_assert(live_window_bits(w) & SNAP_PUBLISHED);
	tick();
	r = store_put(l, 10, &v, 1, 0, NULL, NULL);
	ck_assert_int_eq(r.why, DOOR_PUT_DONE);
	store_result_free(&r);
	tick();
	ck_assert_ptr_null(find(LIVE_BYTES));
	ck_assert_uint_eq(snapper_changes(live_window_snapper(w)), 0);
	ck_assert_uint_eq(snapper_snap(live_window_snapper(w))->bytes[10],
	    0x42);
	/* Another's store after ours is theirs, old bytes being ours. */
	v = 0x43;
	ck_assert_int_eq(pwrite(fd, &v, 1, 10), 1);
	tick();
	ck_assert_uint_eq(count(LIVE_BYTES), 1);
	ck_assert(live_window_bits(w) & SNAP_CHANGED);
	ck_assert_uint_eq(find(LIVE_BYTES)->old[0], 0x42);
	ck_assert_uint_eq(find(LIVE_BYTES)->new[0], 0x43);
}
END_TEST

START_TEST(store_is_journalled_and_undone)
{
	struct journal			*j = journal_new();
	const struct journal_step	*s;
	uint8_t				 was[3], now[3], v[3] = { 7, 8, 9 };
	struct store_result		 r;
	struct store_conflict		 c[4];

	ck_assert_int_eq(pread(fd, was, 3, 30), 3);
	r = store_put(l, 30, v, 3, 0, j, NULL);
	store_result_free(&r);
	journal_commit(j);
	ck_assert_uint_eq(journal_undo_count(j), 1);
	ck_assert_uint_eq(store_conflicts(l, journal_undo_step(j), true, c,
	    4), 0);
	nrecs = 0;
	r = store_undo(l, j, true, &s, NULL);
	ck_assert_int_eq(r.why, DOOR_PUT_DONE);
	ck_assert_uint_eq(r.stored, 3);
	ck_assert_ptr_nonnull(s);
	ck_assert_int_eq(pread(fd, now, 3, 30), 3);
	ck_assert_mem_eq(now, was, 3);
	ck_assert_uint_eq(journal_redo_count(j), 1);
	/* Undo is an own store too, from our bytes back to theirs. */
	ck_assert_ptr_nonnull(find(LIVE_STORE));
	ck_assert_mem_eq(find(LIVE_STORE)->old, v, 3);
	ck_assert_mem_eq(find(LIVE_STORE)->new, was, 3);
	/* Someone changes a byte: redo sees the conflict. */
	now[1] ^= 0xff;
	ck_assert_int_eq(pwrite(fd, &now[1], 1, 31), 1);
	ck_assert_uint_eq(store_conflicts(l, journal_redo_step(j), false, c,
	    4), 1);
	ck_assert_uint_eq(c[0].off, 31);
	ck_assert_uint_eq(c[0].now, now[1]);
	ck_assert_uint_eq(c[0].ours, was[1]);
	r = store_undo(l, j, false, &s, NULL);
	ck_assert_int_eq(r.why, DOOR_PUT_DONE);
	ck_assert_int_eq(pread(fd, now, 3, 30), 3);
	ck_assert_mem_eq(now, v, 3);
	journal_free(j);
}
END_TEST

START_TEST(read_only_door_stores_nothing)
{
	struct live		*ro;
	struct store_result	 r;
	uint8_t			 was[2], now[2], v[2] = { 1, 2 };
	char			*cause = NULL;
	size_t			 before;

	ro = live_open(path, DOOR_RDONLY, NULL, NULL, &cause);
	ck_assert_msg(ro != NULL, "%s", cause);
	live_subscribe(ro, record, NULL);
	ck_assert_int_eq(pread(fd, was, 2, 0), 2);
	before = nrecs;
	r = store_put(ro, 0, v, 2, 0, NULL, &cause);
	ck_assert_int_eq(r.why, DOOR_PUT_READONLY);
	ck_assert_uint_eq(r.stored, 0);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	store_result_free(&r);
	ck_assert_uint_eq(nrecs, before);
	ck_assert_int_eq(pread(fd, now, 2, 0), 2);
	ck_assert_mem_eq(now, was, 2);
	live_close(ro);
}
END_TEST

/* How many more fstat calls report the stale size. */
static int	stale_left;
static off_t	stale_size;

/* fstat that reports the size from before a truncation STALE_LEFT times. */
static int
stale_fstat(int f, struct stat *st)
{
	int	rc = fstat(f, st);

	if (rc == 0 && S_ISREG(st->st_mode) && stale_left > 0) {
		stale_left--;
		st->st_size = stale_size;
	}
	return rc;
}

START_TEST(partial_store_is_reported_exactly)
{
	struct journal			*j = journal_new();
	const struct journal_step	*s;
	uint8_t				 v[8] = { 1, 2, 3, 4, 5, 6, 7, 8 };
	uint8_t				 now[8];
	struct store_result		 r;
	char				*cause = NULL;

	/* The file shrinks to one page under a store across its end. */
	ck_assert_int_eq(ftruncate(fd, 4096), 0);
	stale_size = FILE_SIZE;
	stale_left = 3;		/* the read before (two), the store (one) */
	door_sys.fstat = stale_fstat;
	r = store_put(l, 4092, v, 8, 0, j, &cause);
	door_sys_reset();
	ck_assert_int_eq(r.why, DOOR_PUT_SHRANK);
	ck_assert_uint_eq(r.stored, 4);
	ck_assert_uint_eq(r.old_valid, 4);
	ck_assert_ptr_nonnull(cause);
	free(cause);
	store_result_free(&r);
	ck_assert_int_eq(pread(fd, now, 8, 4092), 4);
	ck_assert_mem_eq(now, v, 4);
	/* Exactly the stored bytes were published and journalled. */
	ck_assert_uint_eq(count(LIVE_STORE), 1);
	ck_assert_uint_eq(find(LIVE_STORE)->len, 4);
	journal_commit(j);
	s = journal_undo_step(j);
	ck_assert_ptr_nonnull(s);
	ck_assert_uint_eq(s->n, 1);
	ck_assert_uint_eq(s->edits[0].len, 4);
	journal_free(j);
}
END_TEST

START_TEST(whole_store_refuses_past_the_end)
{
	uint8_t			 v[8] = { 0 };
	struct store_result	 r;

	ck_assert_int_eq(ftruncate(fd, 4096), 0);
	stale_size = FILE_SIZE;
	stale_left = 3;		/* as above: without STORE_WHOLE, 4 stored */
	door_sys.fstat = stale_fstat;
	r = store_put(l, 4092, v, 8, STORE_WHOLE, NULL, NULL);
	door_sys_reset();
	ck_assert_int_eq(r.why, DOOR_PUT_RANGE);
	ck_assert_uint_eq(r.stored, 0);
	ck_assert_uint_eq(r.old_valid, 4);
	store_result_free(&r);
	ck_assert_ptr_null(find(LIVE_STORE));
}
END_TEST

START_TEST(subscribers_all_hear_and_can_leave)
{
	size_t	before;
	int	id = live_subscribe(l, record, NULL);
	uint8_t	v = 1;
	struct store_result r;

	r = store_put(l, 0, &v, 1, 0, NULL, NULL);
	store_result_free(&r);
	ck_assert_uint_eq(count(LIVE_STORE), 2);
	live_unsubscribe(l, id);
	before = nrecs;
	r = store_put(l, 1, &v, 1, 0, NULL, NULL);
	store_result_free(&r);
	ck_assert_uint_eq(nrecs, before + 1);
}
END_TEST

/* A glance sees a store, a tick publishes it; ours is none (_i 1: snapper). */
START_TEST(glance_sees_a_store_then_a_tick_publishes_it)
{
	struct live_window	*w = live_window_new(l, 0, FILE_SIZE, 0,
				    _i == 0 ? 0 : LIVE_WINDOW_SNAPPER);
	uint8_t			*other, v = 0x42;
	struct store_result	 r;

	other = mmap(NULL, FILE_SIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
	    0);
	ck_assert(other != MAP_FAILED);
	tick();
	ck_assert_int_eq(live_glance(l), LIVE_GLANCE_SAME);
	other[300] = (uint8_t)~other[300];
	ck_assert_int_eq(live_glance(l), LIVE_GLANCE_LOOK);
	ck_assert_ptr_null(find(LIVE_BYTES));	/* the tick publishes */
	tick();
	ck_assert_uint_eq(find(LIVE_BYTES)->off, 300);
	ck_assert_int_eq(live_glance(l), LIVE_GLANCE_SAME);
	/* Our own store is in the last copy: nothing for a glance. */
	r = store_put(l, 10, &v, 1, 0, NULL, NULL);
	ck_assert_int_eq(r.why, DOOR_PUT_DONE);
	ck_assert_int_eq(live_glance(l), LIVE_GLANCE_SAME);
	store_result_free(&r);
	/* A window moved since its copy needs a look, not a glance. */
	live_window_move(w, 4096, 64);
	ck_assert_int_eq(live_glance(l), LIVE_GLANCE_LOOK);
	munmap(other, FILE_SIZE);
}
END_TEST

/* A shrink under a glance is a fault caught, then a look. */
START_TEST(glance_through_a_shrink_is_a_look)
{
	size_t		 n;
	const uint8_t	*last = live_window_bytes(live_window_new(l, 4096,
			    4096, 0, 0), &n);

	ck_assert_int_eq(live_glance(l), LIVE_GLANCE_SAME);
	/* Not yet re-stated: the glance touches the page past the end. */
	ck_assert_int_eq(ftruncate(fd, 4096), 0);
	ck_assert_int_eq(door_glance(live_door(l), 4096, last, n),
	    DOOR_GLANCE_UNSURE);
	ck_assert_int_eq(live_glance(l), LIVE_GLANCE_LOOK);
	tick();
	ck_assert_uint_eq(find(LIVE_SIZE)->new_size, 4096);
}
END_TEST

/* Glances fill no hole: on tmpfs (_i 1) a hole has no page to glance at. */
START_TEST(glance_never_fills_a_hole)
{
	char		*hp = xasprintf("%s/live-glance-%d",
			    _i == 0 ? "." : "/dev/shm", (int)getpid()), *c = NULL;
	int		 hfd = open(hp, O_RDWR | O_CREAT | O_TRUNC, 0600);
	struct live	*h;
	struct stat	 st;

	ck_assert_int_ne(hfd, -1);
	ck_assert_int_eq(ftruncate(hfd, 1 << 20), 0);
	h = live_open(hp, 0, NULL, NULL, &c);
	ck_assert_msg(h != NULL, "%s", c);
	live_window_new(h, 65536, 8192, 0, 0);
	/* On ext4 the first copy's pread left zero pages to glance at. */
	ck_assert_int_ne(live_glance(h), LIVE_GLANCE_LOOK);
	if (_i == 1)
		ck_assert_int_eq(live_glance(h), LIVE_GLANCE_CANNOT);
	ck_assert_int_eq(fstat(hfd, &st), 0);
	ck_assert_int_eq(st.st_blocks, 0);
	live_close(h);
	close(hfd);
	unlink(hp), free(hp);
}
END_TEST

START_TEST(deadline_moves_by_the_period)
{
	uint64_t	d0;

	live_set_period(l, 50);
	d0 = live_deadline(l);
	ck_assert_uint_gt(d0, live_now(l) - 1);
	ck_assert_int_eq(live_tick(l, d0, NULL), 0);
	ck_assert_uint_eq(live_deadline(l), d0 + 50);
	/* A look on inotify news leaves it. */
	ck_assert_int_eq(live_tick(l, 0, NULL), 0);
	ck_assert_uint_eq(live_deadline(l), d0 + 50);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("live");
	TCase	*tc;
	SRunner	*sr;
	int	 failed;

	tc = timeout_tcase("changes", TIMEOUT_UNIT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, store_through_second_mapping);
	tcase_add_test(tc, gap_joins_nearby_changes);
	tcase_add_test(tc, pwrite_wakes_the_session);
	tcase_add_test(tc, window_outside_the_change_is_quiet);
	tcase_add_test(tc, truncate_and_grow_are_size_events);
	tcase_add_test(tc, pages_report_runs_of_pages);
	tcase_add_test(tc, store_into_a_hole_before_the_first_lap);
	tcase_add_test(tc, deadline_moves_by_the_period);
	tcase_add_loop_test(tc,
	    glance_sees_a_store_then_a_tick_publishes_it, 0, 2);
	tcase_add_test(tc, glance_through_a_shrink_is_a_look);
	tcase_add_loop_test(tc, glance_never_fills_a_hole, 0, 2);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("identity", TIMEOUT_UNIT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, unlink_is_deleted);
	tcase_add_test(tc, unlink_is_seen_by_a_tick_too);
	tcase_add_test(tc, rename_is_renamed);
	tcase_add_test(tc, new_file_at_the_path_is_replaced);
	tcase_add_test(tc, overflow_mask_looks_again);
	tcase_add_test(tc, full_queue_is_an_overflow);
	tcase_add_test(tc, reopen_follows_the_new_file);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("store", TIMEOUT_UNIT);
	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, own_store_event_has_old_and_new);
	tcase_add_test(tc, own_store_is_not_a_change_for_a_snapper);
	tcase_add_test(tc, store_is_journalled_and_undone);
	tcase_add_test(tc, read_only_door_stores_nothing);
	tcase_add_test(tc, partial_store_is_reported_exactly);
	tcase_add_test(tc, whole_store_refuses_past_the_end);
	tcase_add_test(tc, subscribers_all_hear_and_can_leave);
	suite_add_tcase(s, tc);

	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
