/* SPDX-License-Identifier: ISC */
/*
 * changemap.c - per-page XXH3 hashes of the whole file, swept in slices.
 *
 * What it owns: for each page of the file (PAGE bytes, the last one
 * possibly short) an 8-byte XXH3 hash and a 4-byte stamp, the size those
 * arrays describe, a cursor where the next sweep starts, a copy buffer.
 * It never touches the mapping itself: residency comes from
 * door_resident() (mincore), bytes through the door (see Memory), so a
 * shrink mid-sweep is a short read, not a crash.  Only runs of resident
 * pages are read: the sweep must not read cold pages from disk.
 *
 * Invariants:
 *  - npages == ceil(size / page) for the size last followed; entries up to
 *    cap are allocated, entries past npages mean nothing.
 *  - hash[i] == 0 means "no hash yet" (never seen, or its length changed,
 *    or forgotten).  A real XXH3 of 0 is stored as 1: that page then
 *    misses one change with probability 2^-64.
 *  - stamp[i] == 0 means "never changed"; otherwise the caller's clock (ms)
 *    at the sweep that found the page different.
 *  - block[b] is the largest stamp among pages b*BLOCK .. b*BLOCK+BLOCK-1
 *    that exist: the strip asks one bucket per screen row, and a bucket of
 *    a big file spans thousands of pages, so whole blocks answer for them.
 *  - The scan callback writes a page's hash and stamp only after hashing
 *    all of it, so a fault (SIGBUS after a shrink) that abandons it midway
 *    leaves every entry either old or new, never half-made.
 *
 * Holes: a page that is not resident is not read, but when it lies wholly
 * in a hole of a sparse file (door_resident says DOOR_HOLE) its bytes are
 * known to be zeros, so a page never seen gets the hash of zeros.  Why: a
 * file grown with ftruncate and then filled (the usual way shared memory
 * is made) is all holes until written, and the store that fills a page is
 * exactly the change to show; without this it would be that page's first
 * sight, recorded unstamped.  Holes are also preset when the map is made
 * (changemap_zeros), for a store landing before the first lap.
 *
 * Memory: hashing in place maps each page read into our resident set
 * (a 4 GiB file swept 30 s: 4.1 GiB of RssFile; bench/sweep_rss.c).  So
 * with a descriptor a resident run is read with pread into a buffer of
 * CHANGEMAP_COPY bytes and hashed there (door_scan_copy): nothing mapped,
 * no hole filled, faster than faulting pages in each lap (12.7 against
 * 2.3 GB/s of CPU).
 * Pages over CHANGEMAP_COPY_MAX (files over 64 GiB) and SysV segments are
 * hashed in place, then a file's entries are dropped (door_drop).
 *
 * Budget: a sweep stops once it has spent BUDGET bytes, where a hashed page
 * costs its length and a page skipped as not resident costs 1/16 of it
 * (mincore takes 10-25 ns per page whose table entry we lack, which is
 * what hashing 1/16 of a 4 KiB page costs).  Every sweep's CPU time is
 * measured (CLOCK_THREAD_CPUTIME_ID, so faults and system calls count) and
 * folded into a rate; changemap_budget() turns "this share of a core every
 * PERIOD_MS" into rate x share x period bytes: on a slower machine, or
 * with pages that fault in, the budget shrinks to keep the same share.
 *
 * Speed (AVX2 XXH3 at run time, prefetch): docs/design.md, "Change detection".
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "changemap.h"
#include "changemap_priv.h"
#include "door.h"
#include "xmalloc.h"

/*
 * xxhash.h is included twice where we build an AVX2 path: first plainly,
 * for the library's XXH3_64bits (the fallback), then inline with AVX2
 * code.  The header supports exactly this (see its XXH_INLINE_ALL notes).
 * Under clang, or when the whole build already targets AVX2, the plain
 * inline build is the only path.
 */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__AVX2__)
#define CHANGEMAP_DISPATCH 1
#include <xxhash.h>

/* XXH3 from libxxhash (SSE2): the path for CPUs without AVX2. */
static XXH64_hash_t
changemap_xxh3_lib(const void *p, size_t n)
{
	return XXH3_64bits(p, n);
}

#pragma GCC push_options
#pragma GCC target("avx2")
#define XXH_VECTOR	XXH_AVX2
#else
#define CHANGEMAP_DISPATCH 0
#endif
#define XXH_INLINE_ALL
#include <xxhash.h>
#if CHANGEMAP_DISPATCH
#pragma GCC pop_options
#else
/* XXH3, inline build for this target. */
static XXH64_hash_t
changemap_xxh3(const void *p, size_t n)
{
	return XXH3_64bits(p, n);
}
#endif

/* Largest stretch handed to one door_scan (bounds the mincore vector). */
#define CHANGEMAP_WINDOW	(16u << 20)
/* Rate assumed before the first measured sweep (bytes per CPU second). */
#define CHANGEMAP_RATE_GUESS	1e9
/* Sweeps are timed in groups that spend at least this much. */
#define CHANGEMAP_RATE_MIN_SPENT (256u << 10)
/* Bytes read with pread and hashed at a time (see Memory, at the top). */
#ifndef CHANGEMAP_COPY
#define CHANGEMAP_COPY		(256u << 10)
#endif
/* Most bytes of changed pages one sweep keeps (changemap_keep). */
#ifndef CHANGEMAP_KEEP_MAX
#define CHANGEMAP_KEEP_MAX	(16u << 20)
#endif
/* Pages larger than this are hashed in place, not copied. */
#define CHANGEMAP_COPY_MAX	(1u << 20)
/* Prefetch this many pages ahead of the one being hashed. */
#ifndef CHANGEMAP_PREFETCH
#define CHANGEMAP_PREFETCH	2
#endif


/* One door_scan's worth of work: what the callback reads and writes. */
struct changemap_pass {
	struct changemap	*m;
	uint64_t		 vec_page;	/* system page number of vec[0] */
	uint32_t		 stamp;		/* now, never 0 */
	/* volatile: a fault abandons the callback; counts must be in memory. */
	volatile size_t		 hashed;	/* bytes hashed */
	volatile size_t		 skipped;	/* pages not resident, not read */
};

#if CHANGEMAP_DISPATCH
/* XXH3 outside the scan (any CPU). */
#define changemap_xxh3_any	changemap_xxh3_lib
#else
#define changemap_xxh3_any	changemap_xxh3
#endif

/* A hash as stored: 0 is taken to mean "none yet", so it becomes 1. */
static inline uint64_t
changemap_stored(uint64_t h)
{
	return h != 0 ? h : 1;
}

/* The stored hash of LEN zero bytes. */
static uint64_t
changemap_zero_hash(size_t len)
{
	void		*z = xcalloc(1, len != 0 ? len : 1);
	uint64_t	 h = changemap_stored(changemap_xxh3_any(z, len));

	free(z);
	return h;
}

/* A map for pages of PAGE bytes (0 = the system page size; tests use tiny pages). */
struct changemap *
changemap_new(size_t page)
{
	struct changemap	*m = xcalloc(1, sizeof *m);

	m->sys_page = (size_t)sysconf(_SC_PAGESIZE);
	m->page = page != 0 ? page : m->sys_page;
	m->zero_page = changemap_zero_hash(m->page);
	return m;
}

/* Free a map; NULL is ignored. */
void
changemap_free(struct changemap *m)
{
	if (m == NULL)
		return;
	free(m->hash);
	free(m->stamp);
	free(m->block);
	free(m->vec);
	free(m->buf);
	free(m->kept);
	free(m->kept_page);
	free(m->kept_at);
	free(m);
}

/* Thread CPU time in seconds (0 if the clock is missing). */
static double
changemap_cputime(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts) == -1)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Recompute block B's largest stamp from its pages. */
static void
changemap_block_redo(struct changemap *m, size_t b)
{
	size_t		i = b * CHANGEMAP_BLOCK, end = i + CHANGEMAP_BLOCK;
	uint32_t	best = 0;

	if (end > m->npages)
		end = m->npages;
	for (; i < end; i++)
		if (m->stamp[i] > best)
			best = m->stamp[i];
	m->block[b] = best;
}

/* Stamp page I with AT, keeping its block's largest stamp exact. */
static inline void
changemap_stamp(struct changemap *m, size_t i, uint32_t at)
{
	size_t		b = i / CHANGEMAP_BLOCK;
	uint32_t	was = m->stamp[i];

	m->stamp[i] = at;
	/* The window's changes the caller counts itself (the snapper). */
	if ((uint64_t)i * m->page >= m->win_hi ||
	    ((uint64_t)i + 1) * m->page <= m->win_lo)
		m->outside++;
	if (at >= m->block[b])
		m->block[b] = at;
	else if (was == m->block[b])
		changemap_block_redo(m, b);	/* the clock went back */
}

/* Make the arrays describe a file of SIZE bytes (growth adds, shrink drops). */
static void
changemap_follow(struct changemap *m, uint64_t size)
{
	uint64_t	n64 = size / m->page + (size % m->page != 0);
	size_t		n, old = m->npages;

	if (size == m->size)
		return;
	if (n64 > SIZE_MAX / sizeof *m->hash)
		n64 = SIZE_MAX / sizeof *m->hash;	/* xrealloc will fail */
	n = (size_t)n64;
	if (n > m->cap) {
		size_t	cap = m->cap < 64 ? 64 : m->cap;

		while (cap < n)
			cap = cap > SIZE_MAX / 2 ? n : cap * 2;
		m->hash = xrealloc(m->hash, cap * sizeof *m->hash);
		m->stamp = xrealloc(m->stamp, cap * sizeof *m->stamp);
		m->block = xrealloc(m->block, (cap / CHANGEMAP_BLOCK + 1) *
		    sizeof *m->block);
		m->cap = cap;
	}
	/* Pages that were dropped by a shrink come back without a past. */
	if (n > old) {
		size_t	ob = (old + CHANGEMAP_BLOCK - 1) / CHANGEMAP_BLOCK;
		size_t	nb = (n + CHANGEMAP_BLOCK - 1) / CHANGEMAP_BLOCK;

		memset(m->hash + old, 0, (n - old) * sizeof *m->hash);
		memset(m->stamp + old, 0, (n - old) * sizeof *m->stamp);
		memset(m->block + ob, 0, (nb - ob) * sizeof *m->block);
	}
	/*
	 * A page whose length changed is seen afresh: its old hash covered
	 * other bytes, and an append is not a change to what was there.
	 */
	if (old > 0 && m->size % m->page != 0 && old - 1 < n)
		m->hash[old - 1] = 0;
	if (n > 0 && size % m->page != 0)
		m->hash[n - 1] = 0;
	m->npages = n;
	m->size = size;
	/* The last block may have lost pages, and with them its largest. */
	if (n < old && n > 0)
		changemap_block_redo(m, (n - 1) / CHANGEMAP_BLOCK);
	if (size % m->page != 0)
		m->zero_last = changemap_zero_hash((size_t)(size % m->page));
	if (m->cursor >= n)
		m->cursor = 0;
}

/* [LO, HI) is a hole: never-hashed whole pages in it hold zeros. */
void
changemap_zeros(struct changemap *m, uint64_t size, uint64_t lo, uint64_t hi)
{
	changemap_follow(m, size);
	for (uint64_t i = (lo + m->page - 1) / m->page; i < m->npages &&
	    (i + 1) * m->page <= hi; i++)
		m->hash[i] = m->hash[i] == 0 ? m->zero_page : m->hash[i];
}

/* True when every system page under [off, off+len) has BIT in C's vector. */
static inline bool
changemap_all(const struct changemap_pass *c, uint64_t off, size_t len,
    unsigned char bit)
{
	const struct changemap	*m = c->m;
	uint64_t		 sp = off / m->sys_page;
	uint64_t		 last = (off + len - 1) / m->sys_page;

	for (; sp <= last; sp++)
		if ((m->vec[sp - c->vec_page] & bit) == 0)
			return false;
	return true;
}

/*
 * Page I (at PO, LEN bytes) is not resident: it is not read, but a hole
 * never seen is known to hold zeros.
 */
static inline void
changemap_pass_skip(struct changemap_pass *c, size_t i, uint64_t po,
    size_t len)
{
	struct changemap	*m = c->m;

	if (m->hash[i] == 0 && changemap_all(c, po, len, DOOR_HOLE))
		m->hash[i] = len == m->page ? m->zero_page : m->zero_last;
	c->skipped++;
}

/*
 * Keep page I's LEN bytes at P, as just hashed, when the map keeps pages
 * and the room made at the sweep's start holds them (else the caller
 * reads the page itself).  The entry counts only once the copy is whole:
 * a fault in the copy (a shrink under an in-place scan) abandons it.
 */
static inline void
changemap_keep_page(struct changemap *m, size_t i, const unsigned char *p,
    size_t len)
{
	if (!m->keep || m->nkept == m->kept_n ||
	    len > m->keptcap - m->keptlen)
		return;
	memcpy(m->kept + m->keptlen, p, len);
	if (m->nkept > 0 && i < m->kept_page[m->nkept - 1])
		m->kept_wrap = m->nkept;
	m->kept_page[m->nkept] = i;
	m->kept_at[m->nkept] = m->keptlen;
	m->keptlen += len;
	m->nkept++;
}

/*
 * The door_scan callback body: hash each whole resident page in [p, p+n)
 * (file offset OFF, page-aligned) with HASH and compare.  Pure computation
 * on mapped bytes and stores into the map; no allocation, no calls out.
 */
static inline __attribute__((always_inline)) void
changemap_pass_body(const unsigned char *p, size_t n, uint64_t off,
    struct changemap_pass *c, XXH64_hash_t (*hash)(const void *, size_t))
{
	struct changemap	*m = c->m;
	size_t			 i = (size_t)(off / m->page), at = 0;

	while (at < n && i < m->npages) {
		uint64_t	po = (uint64_t)i * m->page, h, old;
		size_t		len = m->page;

		if (len > m->size - po)
			len = (size_t)(m->size - po);
		/* The scan was cut short by a shrink: leave the page alone. */
		if (len > n - at)
			break;
		if (!changemap_all(c, po, len, DOOR_RESIDENT)) {
			changemap_pass_skip(c, i, po, len);
			at += len;
			i++;
			continue;
		}
		/*
		 * Prefetching is a hint that never faults, so reaching past a
		 * short scan or into a page that is not resident is harmless.
		 * Measured on 1 GiB (GB/s): none 9.3, into L2 (locality 2)
		 * 12.1, into L1 (3) 10.5-11, non-temporal (0) 7.1: the
		 * lines were gone before use.
		 */
		if (at + (CHANGEMAP_PREFETCH + 1) * len <= n) {
			const unsigned char	*q = p + at +
			    CHANGEMAP_PREFETCH * len;

			for (size_t l = 0; l < len; l += 64)
				__builtin_prefetch(q + l, 0, 2);
		}
		h = changemap_stored(hash(p + at, len));
		old = m->hash[i];
		m->hash[i] = h;
		if (old != 0 && old != h) {
			changemap_stamp(m, i, c->stamp);
			changemap_keep_page(m, i, p + at, len);
		}
		c->hashed += len;
		at += len;
		i++;
	}
}

#if CHANGEMAP_DISPATCH
/* XXH3, inline AVX2 build. */
__attribute__((target("avx2"))) static XXH64_hash_t
changemap_xxh3_avx2(const void *p, size_t n)
{
	return XXH3_64bits(p, n);
}

/* door_scan callback for CPUs with AVX2. */
__attribute__((target("avx2"))) static void
changemap_pass_avx2(const unsigned char *p, size_t n, uint64_t off,
    void *arg)
{
	changemap_pass_body(p, n, off, arg, changemap_xxh3_avx2);
}

/* door_scan callback for other x86-64 CPUs. */
static void
changemap_pass_lib(const unsigned char *p, size_t n, uint64_t off, void *arg)
{
	changemap_pass_body(p, n, off, arg, changemap_xxh3_lib);
}

/* The callback this CPU can run, decided once. */
static door_scan_fn *
changemap_pass_fn(void)
{
	static door_scan_fn	*fn;

	if (fn == NULL)
		fn = __builtin_cpu_supports("avx2") ? changemap_pass_avx2 :
		    changemap_pass_lib;
	return fn;
}
#else
/* door_scan callback. */
static void
changemap_pass_inline(const unsigned char *p, size_t n, uint64_t off, void *arg)
{
	changemap_pass_body(p, n, off, arg, changemap_xxh3);
}

/* The callback (only one on this target). */
static door_scan_fn *
changemap_pass_fn(void)
{
	return changemap_pass_inline;
}
#endif

/* Fold one sweep (SPENT budget bytes in SECONDS of CPU) into the rate. */
static void
changemap_measure(struct changemap *m, size_t spent, double seconds)
{
	double	sample;

	/* Nothing done (an empty file) says nothing about the rate. */
	if (spent == 0)
		return;
	/* Small slices add up first: one alone is too short to time. */
	m->acc_spent += spent;
	m->acc_seconds += seconds > 0 ? seconds : 0;
	if (m->acc_spent < CHANGEMAP_RATE_MIN_SPENT || m->acc_seconds <= 0)
		return;
	sample = (double)m->acc_spent / m->acc_seconds;
	m->acc_spent = 0;
	m->acc_seconds = 0;
	/* A preempted or absurdly fast sample must not swing the budget. */
	if (sample < 1e8)
		sample = 1e8;
	if (sample > 1e11)
		sample = 1e11;
	m->rate = m->rate == 0 ? sample : 0.75 * m->rate + 0.25 * sample;
}

/* Run FN over [off, off+len), resident whole pages (see Memory, at the top). */
static struct door_copy
changemap_hash_run(struct changemap_pass *c, struct door *d, uint64_t off,
    size_t len, door_scan_fn *fn)
{
	struct changemap	*m = c->m;

	if (door_fd(d) == -1 || m->page > CHANGEMAP_COPY_MAX || m->in_place) {
		struct door_copy	r = door_scan(d, off, len, 0, fn, c);

		if (!m->in_place)
			door_drop(d, off, len);
		return r;
	}
	if (m->buf == NULL) {
		/* Whole pages, so a page never straddles two reads. */
		m->bufcap = CHANGEMAP_COPY < m->page ? m->page :
		    CHANGEMAP_COPY / m->page * m->page;
		m->buf = xmalloc(m->bufcap);
	}
	return door_scan_copy(d, off, len, m->buf, m->bufcap, fn, c);
}

/*
 * Run FN over the runs of resident pages in [off, off+len) (page-aligned)
 * and account for the others without reading them; like door_scan.  Why
 * runs: door_scan reads a range holding a page that is not resident with
 * pread, so that a hole is never filled, and that would read cold pages
 * from disk, which the sweep must never do.
 */
static struct door_copy
changemap_scan(struct changemap_pass *c, struct door *d, uint64_t off,
    size_t len, door_scan_fn *fn)
{
	struct changemap	*m = c->m;
	struct door_copy	 r = { len, false, false, 0 };
	uint64_t		 at = off, end = off + len;

	while (at < end) {
		uint64_t	run = at;
		bool		res = changemap_all(c, at, end - at < m->page ?
				    (size_t)(end - at) : m->page,
				    DOOR_RESIDENT);

		while (run < end) {
			size_t	plen = end - run < m->page ?
				    (size_t)(end - run) : m->page;

			if (changemap_all(c, run, plen, DOOR_RESIDENT) != res)
				break;
			if (!res)
				changemap_pass_skip(c, (size_t)(run / m->page),
				    run, plen);
			run += plen;
		}
		if (res) {
			struct door_copy	s = changemap_hash_run(c, d, at,
						    (size_t)(run - at), fn);

			if (s.faulted || s.valid < run - at) {
				s.valid += (size_t)(at - off);
				return s;
			}
		}
		at = run;
	}
	return r;
}

/*
 * Empty the kept pages and make room for what a sweep of BUDGET can find
 * changed (it hashes at most one page over BUDGET), up to
 * CHANGEMAP_KEEP_MAX bytes: allocation happens here, never in the scan.
 */
static void
changemap_keep_room(struct changemap *m, size_t budget)
{
	uint64_t	want = budget;
	size_t		n;

	m->nkept = 0;
	m->keptlen = 0;
	m->kept_wrap = 0;
	if (want > m->size)
		want = m->size;
	if (want > CHANGEMAP_KEEP_MAX)
		want = CHANGEMAP_KEEP_MAX;
	n = (size_t)want / m->page + 2;
	if (n > m->kept_n) {
		m->kept_page = xrealloc(m->kept_page, n * sizeof *m->kept_page);
		m->kept_at = xrealloc(m->kept_at, n * sizeof *m->kept_at);
		m->kept_n = n;
	}
	if (n * m->page > m->keptcap) {
		m->keptcap = n * m->page;
		m->kept = xrealloc(m->kept, m->keptcap);
	}
}

/* Hash in place and leave the pages mapped (ON), or copy them (the default). */
void
changemap_in_place(struct changemap *m, bool on)
{
	m->in_place = on;
}

/* Keep (or stop keeping) the bytes of the pages each sweep finds changed. */
void
changemap_keep(struct changemap *m, bool on)
{
	m->keep = on;
	m->nkept = 0;
	m->keptlen = 0;
	m->kept_wrap = 0;
}

/* Hash up to BUDGET bytes of resident pages from the cursor on; see changemap.h. */
size_t
changemap_sweep(struct changemap *m, struct door *d, size_t budget,
    uint32_t now_ms)
{
	struct changemap_pass	 c;
	door_scan_fn		*fn = changemap_pass_fn();
	size_t			 left, spent = 0, hashed = 0;
	size_t			 skip_cost = m->page / 16 ? m->page / 16 : 1;
	size_t			 window = CHANGEMAP_WINDOW / m->page;
	double			 t0;

	m->swept_n = 0;
	if (budget == 0)
		return 0;
	t0 = changemap_cputime();
	if (door_refresh(d, NULL) == -1)
		return 0;
	changemap_follow(m, door_size(d));
	if (m->keep)
		changemap_keep_room(m, budget);
	if (window == 0)
		window = 1;
	left = m->npages;
	m->swept_from = m->cursor;
	while (left > 0 && spent < budget) {
		struct door_copy	r;
		size_t			n, len, need;
		uint64_t		off;

		/* Whole pages up to the budget (at most one page over it). */
		n = (budget - spent) / m->page + 1;
		if (n > left)
			n = left;
		if (n > m->npages - m->cursor)
			n = m->npages - m->cursor;
		if (n > window)
			n = window;
		off = (uint64_t)m->cursor * m->page;
		len = m->size - off < (uint64_t)n * m->page ?
		    (size_t)(m->size - off) : n * m->page;

		need = (size_t)((off % m->sys_page + len + m->sys_page - 1) /
		    m->sys_page);
		if (need > m->veccap) {
			m->vec = xrealloc(m->vec, need);
			m->veccap = need;
		}
		memset(&c, 0, sizeof c);
		c.m = m;
		c.vec_page = off / m->sys_page;
		c.stamp = now_ms != 0 ? now_ms : 1;
		if (door_resident(d, off, len, m->vec) == -1) {
			/* Cannot tell what is resident: read nothing. */
			c.skipped = n;
			r = (struct door_copy){ len, false, false, 0 };
		} else
			r = changemap_scan(&c, d, off, len, fn);
		hashed += c.hashed;
		spent += c.hashed + c.skipped * skip_cost;
		if (r.faulted || r.valid < len) {
			/* The file shrank under us: drop what is gone. */
			changemap_follow(m, door_size(d));
			break;
		}
		m->cursor += n;
		if (m->cursor >= m->npages)
			m->cursor = 0;
		left -= n;
		m->swept_n += n;
	}
	m->hashed += hashed;
	t0 = changemap_cputime() - t0;
	m->cpu += t0 > 0 ? t0 : 0;
	changemap_measure(m, spent, t0);
	return hashed;
}

/* Budget for one tick: rate x CPU_SHARE x PERIOD_MS, at least one page. */
size_t
changemap_budget(const struct changemap *m, double cpu_share,
    uint32_t period_ms)
{
	double	rate = m->rate != 0 ? m->rate : CHANGEMAP_RATE_GUESS;
	double	b = rate * cpu_share * (double)period_ms / 1000.0;

	if (!(cpu_share > 0))
		return 0;
	if (b < (double)m->page)
		return m->page;
	if (b > (double)(SIZE_MAX / 2))
		return SIZE_MAX / 2;
	return (size_t)b;
}

/* Forget the hashes of the pages under [off, off+len): our own store. */
void
changemap_forget(struct changemap *m, uint64_t off, uint64_t len)
{
	uint64_t	first = off / m->page, last;

	if (len == 0 || first >= m->npages)
		return;
	last = (len - 1 > UINT64_MAX - off ? UINT64_MAX : off + len - 1) /
	    m->page;
	if (last >= m->npages)
		last = m->npages - 1;
	memset(m->hash + first, 0, (size_t)(last - first + 1) *
	    sizeof *m->hash);
}
