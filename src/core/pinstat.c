/* SPDX-License-Identifier: ISC */
/*
 * pinstat.c - the numbers behind a pinned value: min, max, rate, history.
 *
 * The history is a ring of the last PINSTAT_HIST values, one per change
 * (not per tick: a value that sits still adds nothing, so the sparkline
 * shows the shape of the changes, and an idle viewer does no work).
 * The rate counts changes in whole seconds from the first value's time:
 * "changes per second" is the count of the last complete second, which
 * is exact and steady to read, rather than a moving average that
 * flickers in its last digit.  No allocation, no global state.
 */
#include "config.h"

#include <math.h>
#include <string.h>

#include "pinstat.h"

/* The eight block characters, lowest first (UTF-8, 3 bytes each). */
static const char *const pinstat_blocks[8] = {
	"\xe2\x96\x81", "\xe2\x96\x82", "\xe2\x96\x83", "\xe2\x96\x84",
	"\xe2\x96\x85", "\xe2\x96\x86", "\xe2\x96\x87", "\xe2\x96\x88",
};
/* The ASCII ramp, lowest first, for the C locale and non-UTF-8 terminals. */
static const char pinstat_ascii[8] = { '_', '.', '-', ':', '=', '+', '*', '#' };

/* Start with nothing seen. */
void
pinstat_init(struct pinstat *s)
{
	memset(s, 0, sizeof *s);
}

/* Move the seconds on to NOW_MS: the whole seconds since sec_start. */
static void
pinstat_roll(uint64_t start, unsigned count, unsigned last, uint64_t now_ms,
    uint64_t *nstart, unsigned *ncount, unsigned *nlast)
{
	uint64_t	secs = now_ms >= start ? (now_ms - start) / 1000 : 0;

	*nstart = start + secs * 1000;
	if (secs == 0) {
		*ncount = count;
		*nlast = last;
	} else {
		/* One second on: the current becomes the last; more: none. */
		*nlast = secs == 1 ? count : 0;
		*ncount = 0;
	}
}

/* The value is V at NOW_MS; see pinstat.h. */
void
pinstat_add(struct pinstat *s, double v, uint64_t now_ms)
{
	if (!s->have) {
		s->have = true;
		s->sec_start = now_ms;
		s->min = s->max = v;
	} else {
		s->changes++;
		pinstat_roll(s->sec_start, s->sec_count, s->sec_last, now_ms,
		    &s->sec_start, &s->sec_count, &s->sec_last);
		s->sec_count++;
	}
	if (!isnan(v)) {
		/* A NaN first value leaves min and max to the first number. */
		if (isnan(s->min) || v < s->min)
			s->min = v;
		if (isnan(s->max) || v > s->max)
			s->max = v;
	}
	s->hist[s->next] = v;
	s->next = (s->next + 1) % PINSTAT_HIST;
	if (s->n < PINSTAT_HIST)
		s->n++;
}

/* Changes per second at NOW_MS; see pinstat.h. */
unsigned
pinstat_rate(const struct pinstat *s, uint64_t now_ms)
{
	uint64_t	start;
	unsigned	count, last;

	if (!s->have)
		return 0;
	pinstat_roll(s->sec_start, s->sec_count, s->sec_last, now_ms, &start,
	    &count, &last);
	return last;
}

/* The last WIDTH values as a sparkline; see pinstat.h. */
size_t
pinstat_spark(const struct pinstat *s, bool utf8, size_t width, char *out,
    size_t outlen)
{
	size_t	n = s->n < width ? s->n : width, first, w = 0, chars = 0;
	double	lo = NAN, hi = NAN;

	if (outlen == 0)
		return 0;
	first = (s->next + PINSTAT_HIST - n) % PINSTAT_HIST;
	for (size_t i = 0; i < n; i++) {
		double	v = s->hist[(first + i) % PINSTAT_HIST];

		if (isnan(v))
			continue;
		if (isnan(lo) || v < lo)
			lo = v;
		if (isnan(hi) || v > hi)
			hi = v;
	}
	for (size_t i = 0; i < n; i++) {
		double		 v = s->hist[(first + i) % PINSTAT_HIST];
		int		 level = 0;
		const char	*c;
		size_t		 len;
		char		 one[2] = { 0, 0 };

		if (!isnan(v) && hi > lo) {
			level = (int)((v - lo) / (hi - lo) * 7.0 + 0.5);
			if (level > 7)
				level = 7;
		}
		if (isnan(v))
			one[0] = '?';
		else if (!utf8)
			one[0] = pinstat_ascii[level];
		c = one[0] != 0 ? one : pinstat_blocks[level];
		len = strlen(c);
		if (w + len + 1 > outlen)
			break;
		memcpy(out + w, c, len);
		w += len;
		chars++;
	}
	out[w] = '\0';
	return chars;
}
