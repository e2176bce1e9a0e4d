/* SPDX-License-Identifier: ISC */
/*
 * fuzz_scan.c - libFuzzer target for search.h: the incremental scan.
 *
 * Input: 4 header bytes, then the pattern up to the first '\n', then the
 * haystack (the rest):
 *
 *	byte 0		budget per search_step (0 counts as 1)
 *	bytes 1-2	FROM, little endian (may lie past the end)
 *	byte 3		unused (room for later)
 *
 * The haystack is written to a temporary file and opened through the door,
 * as the viewer does; `make fuzz` builds search.c with a 64-byte
 * SEARCH_PIECE so a short haystack crosses many pieces, and builds this
 * target twice: with the SSE2 scan (fuzz_scan) and with the memchr one
 * (fuzz_scan_nosimd).
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour":
 *  - forward and backward searches from FROM report exactly the matches a
 *    naive loop of search_match_at finds, each once, in search order
 *    (forward: after FROM to the end, then the start up to FROM itself,
 *    flagged wrapped; backward the mirror image), then SEARCH_NONE;
 *  - every step returns, and the whole search takes a bounded number of
 *    steps for its budget;
 *  - search_progress stays in [0, 1] and is 1 once the search is done.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "fuzz.h"
#include "door.h"
#include "search.h"

int	LLVMFuzzerInitialize(int *argc, char ***argv);

/* The file the haystack goes into, made once per run, and its path. */
static char	 fuzz_path[64];
static int	 fuzz_fd = -1;

/*
 * Make the haystack file (libFuzzer calls this once, before any input).
 * Why it is unlinked at once and opened as /proc/self/fd/N: a run that
 * crashes or is killed leaves no file behind.
 */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	const char	*dir = getenv("TMPDIR");
	char		 tmpl[64];

	(void)argc;
	(void)argv;
	snprintf(tmpl, sizeof tmpl, "%s/livehex-fuzz-XXXXXX",
	    dir != NULL && strlen(dir) < 32 ? dir : "/tmp");
	fuzz_fd = mkstemp(tmpl);
	if (fuzz_fd == -1) {
		perror(tmpl);
		abort();
	}
	unlink(tmpl);
	snprintf(fuzz_path, sizeof fuzz_path, "/proc/self/fd/%d", fuzz_fd);
	return 0;
}

/*
 * The next match in search order after the one at *AT (UINT64_MAX: none
 * yet in phase *PHASE), found by trying every start; false when none is
 * left in either phase.  This is search.h's order written out plainly.
 */
static bool
want_next(const uint8_t *hay, size_t size, const struct search_pattern *p,
    uint64_t from, bool backward, int *phase, uint64_t *at)
{
	size_t		len = search_pattern_len(p);
	uint64_t	starts = size >= len ? size - len + 1 : 0;
	uint64_t	after = from == UINT64_MAX ? from : from + 1;
	uint64_t	lo, hi, i;

	for (; *phase < 2; (*phase)++, *at = UINT64_MAX) {
		/* Forward: (from, starts) then [0, from]; backward mirrored. */
		if (!backward && *phase == 0) {
			lo = after;
			hi = starts;
		} else if (!backward) {
			lo = 0;
			hi = after < starts ? after : starts;
		} else if (*phase == 0) {
			lo = 0;
			hi = from < starts ? from : starts;
		} else {
			lo = from;
			hi = starts;
		}
		if (!backward) {
			for (i = *at == UINT64_MAX ? lo : *at + 1; i < hi; i++)
				if (search_match_at(p, hay + i, size - i)) {
					*at = i;
					return true;
				}
		} else {
			/* I is one past the start being tried. */
			for (i = *at == UINT64_MAX ? hi : *at; i > lo; i--)
				if (search_match_at(p, hay + i - 1,
				    size - i + 1)) {
					*at = i - 1;
					return true;
				}
		}
	}
	return false;
}

/* Run one whole search and compare it with the naive one. */
static void
check_search(struct door *d, const uint8_t *hay, size_t size,
    const struct search_pattern *p, uint64_t from, bool backward,
    size_t budget)
{
	struct search	*s = search_start(p, from, backward);
	uint64_t	 match, at = UINT64_MAX, steps = 0, limit;
	bool		 wrapped;
	int		 phase = 0;
	double		 done;

	limit = 2 * (size / (budget == 0 ? 1 : budget)) + 2 * size + 16;
	for (;;) {
		enum search_result	r;

		r = search_step(s, d, budget, &match, &wrapped);
		FUZZ_CHECK(++steps <= limit);
		done = search_progress(s, size);
		FUZZ_CHECK(done >= 0.0 && done <= 1.0);
		if (r == SEARCH_MORE)
			continue;
		if (r == SEARCH_NONE) {
			FUZZ_CHECK(!want_next(hay, size, p, from, backward,
			    &phase, &at));
			FUZZ_CHECK(done == 1.0);
			/* Done stays done. */
			FUZZ_CHECK(search_step(s, d, budget, &match,
			    &wrapped) == SEARCH_NONE);
			break;
		}
		FUZZ_CHECK(r == SEARCH_FOUND);
		FUZZ_CHECK(want_next(hay, size, p, from, backward, &phase,
		    &at));
		FUZZ_CHECK(match == at);
		FUZZ_CHECK(wrapped == (phase == 1));
	}
	search_free(s);
}

/* Search the haystack both ways for the pattern. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct search_pattern	*p;
	struct door		*d;
	const uint8_t		*nl, *hay;
	char			*pat, *cause = NULL;
	size_t			 budget, hsize;
	uint64_t		 from;

	if (size < 4)
		return 0;
	budget = data[0];
	from = (uint64_t)data[1] | (uint64_t)data[2] << 8;
	data += 4;
	size -= 4;
	nl = memchr(data, '\n', size);
	if (nl == NULL)
		return 0;
	pat = strndup((const char *)data, (size_t)(nl - data));
	p = search_parse(pat, NULL, NULL);
	free(pat);
	if (p == NULL)
		return 0;
	hay = nl + 1;
	hsize = size - (size_t)(hay - data);

	FUZZ_CHECK(ftruncate(fuzz_fd, 0) == 0);
	FUZZ_CHECK(pwrite(fuzz_fd, hay, hsize, 0) == (ssize_t)hsize);
	d = door_open(fuzz_path, DOOR_RDONLY, &cause);
	if (d == NULL) {
		fprintf(stderr, "%s: %s\n", fuzz_path, cause);
		abort();
	}
	FUZZ_CHECK(door_size(d) == hsize);
	check_search(d, hay, hsize, p, from, false, budget);
	check_search(d, hay, hsize, p, from, true, budget);
	/* FROM at the very end of the offsets: nothing may wrap around. */
	check_search(d, hay, hsize, p, UINT64_MAX, false, budget);
	check_search(d, hay, hsize, p, UINT64_MAX, true, budget);
	door_close(d);
	search_pattern_free(p);
	return 0;
}
