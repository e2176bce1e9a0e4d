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

/* The sweep rate measured so far, in budget bytes per CPU second. */
double
changemap_rate(const struct changemap *m)
{
	return m->rate;
}
