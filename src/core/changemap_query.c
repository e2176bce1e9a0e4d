/* SPDX-License-Identifier: ISC */
/*
 * changemap_query.c - what the page map answers (changemap.h): the latest
 * change over a range, the newest change, the next changed region, the
 * window that splits counts, and its plain figures.
 *
 * Reads only: everything here reads the arrays changemap.c's sweep keeps
 * (changemap_priv.h holds their invariants); nothing here hashes or
 * touches the file.  block[] answers for 64 pages at once, so a question
 * over a big range costs one look per block.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>

#include "changemap.h"
#include "changemap_priv.h"

/* Latest change time (ms) among the pages in [off, off+len), 0 = none. */
uint32_t
changemap_latest(const struct changemap *m, uint64_t off, uint64_t len)
{
	uint64_t	first, last;
	uint32_t	best = 0;

	if (len == 0 || m->npages == 0)
		return 0;
	first = off / m->page;
	if (first >= m->npages)
		return 0;
	last = (len - 1 > UINT64_MAX - off ? UINT64_MAX : off + len - 1) /
	    m->page;
	if (last >= m->npages)
		last = m->npages - 1;
	for (size_t i = (size_t)first; i <= (size_t)last;) {
		/* A whole block inside the range answers for its pages. */
		if (i % CHANGEMAP_BLOCK == 0 &&
		    last - i >= CHANGEMAP_BLOCK - 1) {
			if (m->block[i / CHANGEMAP_BLOCK] > best)
				best = m->block[i / CHANGEMAP_BLOCK];
			i += CHANGEMAP_BLOCK;
			continue;
		}
		if (m->stamp[i] > best)
			best = m->stamp[i];
		i++;
	}
	return best;
}

/* The latest change time (0 = none), with its page's start in *OFF. */
uint32_t
changemap_newest(const struct changemap *m, uint64_t *off)
{
	size_t		nb = (m->npages + CHANGEMAP_BLOCK - 1) / CHANGEMAP_BLOCK;
	size_t		b = 0, i, end;
	uint32_t	best = 0;

	/* The block with the largest stamp, then its page with it. */
	for (size_t k = 0; k < nb; k++)
		if (m->block[k] > best) {
			best = m->block[k];
			b = k;
		}
	if (best == 0)
		return 0;
	end = (b + 1) * CHANGEMAP_BLOCK;
	if (end > m->npages)
		end = m->npages;
	for (i = b * CHANGEMAP_BLOCK; i < end; i++)
		if (m->stamp[i] == best)
			break;
	if (i == end)
		return 0;	/* cannot be: block[] is exact */
	*off = (uint64_t)i * m->page;
	return best;
}

/* Count later changes to pages clear of [lo, hi) as off-window. */
void
changemap_set_window(struct changemap *m, uint64_t lo, uint64_t hi)
{
	m->win_lo = lo;
	m->win_hi = hi;
}

/* Changes stamped on pages clear of the window at the time, in total. */
uint64_t
changemap_outside(const struct changemap *m)
{
	return m->outside;
}

/* True when page I changed at or after SINCE. */
static bool
changemap_hot(const struct changemap *m, size_t i, uint32_t since)
{
	return m->stamp[i] != 0 && m->stamp[i] >= since;
}

/* True when page I is the first page of a changed region. */
static bool
changemap_starts(const struct changemap *m, size_t i, uint32_t since)
{
	return changemap_hot(m, i, since) &&
	    (i == 0 || !changemap_hot(m, i - 1, since));
}

/* The next (previous) changed region's start after (before) FROM, wrapping. */
bool
changemap_next(const struct changemap *m, uint64_t from, bool backward,
    uint32_t since_ms, uint64_t *off)
{
	size_t	n = m->npages, k, i;

	if (n == 0)
		return false;
	if (!backward) {
		/* Pages starting after FROM: k = floor(from / page) + 1 on. */
		k = from / m->page >= n ? n : (size_t)(from / m->page) + 1;
		for (i = k; i < n; i++)
			if (changemap_starts(m, i, since_ms))
				goto found;
		for (i = 0; i < k && i < n; i++)
			if (changemap_starts(m, i, since_ms))
				goto found;
	} else {
		/* Pages starting before FROM: those below ceil(from / page). */
		uint64_t	c = from / m->page + (from % m->page != 0);

		k = c > n ? n : (size_t)c;
		for (i = k; i-- > 0;)
			if (changemap_starts(m, i, since_ms))
				goto found;
		for (i = n; i-- > k;)
			if (changemap_starts(m, i, since_ms))
				goto found;
	}
	return false;
found:
	*off = (uint64_t)i * m->page;
	return true;
}

/* The kept entry for page I, or SIZE_MAX: entries ascend but for one wrap. */
static size_t
changemap_kept_find(const struct changemap *m, size_t i)
{
	size_t	lo, hi, mid;

	/* The part before the wrap holds pages from the cursor on. */
	if (m->kept_wrap == 0 || i >= m->kept_page[0]) {
		lo = 0;
		hi = m->kept_wrap != 0 ? m->kept_wrap : m->nkept;
	} else {
		lo = m->kept_wrap;
		hi = m->nkept;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (m->kept_page[mid] < i)
			lo = mid + 1;
		else
			hi = mid;
	}
	/* A page is kept at most once: a match is the entry. */
	return lo < m->nkept && m->kept_page[lo] == i ? lo : SIZE_MAX;
}

/* The last sweep's kept bytes from OFF on, at most LEN, in *N; or NULL. */
const unsigned char *
changemap_kept(const struct changemap *m, uint64_t off, uint64_t len,
    size_t *n)
{
	size_t	k, j, got = 0;

	*n = 0;
	if (!m->keep || m->nkept == 0 || len == 0 || off % m->page != 0 ||
	    off / m->page >= m->npages)
		return NULL;
	k = changemap_kept_find(m, (size_t)(off / m->page));
	if (k == SIZE_MAX)
		return NULL;
	/* Pages kept one after another are one after another in kept[]. */
	for (j = k; j < m->nkept && got < len &&
	    m->kept_page[j] == m->kept_page[k] + (j - k); j++)
		got += (j + 1 < m->nkept ? m->kept_at[j + 1] : m->keptlen) -
		    m->kept_at[j];
	*n = got < len ? got : (size_t)len;
	return m->kept + m->kept_at[k];
}

/* The pages the last sweep visited: *N from *FROM on, wrapping at the end. */
void
changemap_swept(const struct changemap *m, size_t *from, size_t *n)
{
	*from = m->swept_from < m->npages ? m->swept_from : 0;
	/* A shrink mid-sweep drops pages: never more than there are. */
	*n = m->swept_n < m->npages ? m->swept_n : m->npages;
}

/* Bytes per page. */
size_t
changemap_page(const struct changemap *m)
{
	return m->page;
}

/* Pages the map tracks (the size at the last sweep, in pages). */
size_t
changemap_pages(const struct changemap *m)
{
	return m->npages;
}

/* Bytes hashed in total (for stats). */
uint64_t
changemap_hashed(const struct changemap *m)
{
	return m->hashed;
}

/* CPU seconds spent in sweeps since changemap_new (this thread's clock). */
double
changemap_cpu(const struct changemap *m)
{
	return m->cpu;
}

/* The sweep rate measured so far, in budget bytes per CPU second. */
double
changemap_rate(const struct changemap *m)
{
	return m->rate;
}
