/* SPDX-License-Identifier: ISC */
/*
 * search.h - byte patterns and incremental search through the door.
 *
 * Patterns (search_parse) are the byte grammar of bytes.h, with ?? and
 * i"..." allowed:
 *
 *	de ad ?? ef	hex bytes, separators optional between bytes, ?? = any
 *	"GET /\x00"	text with C escapes: \n \t \r \0 \e \\ \" \' \xNN
 *	i"hello"	ASCII case-insensitive text (same escapes)
 *	u32le:1234	a typed value (value.h: u8 .. f64be; no suffix = le)
 *
 * A search never freezes the caller: search_step() scans at most a budget
 * of bytes and returns, so the loop can draw, read keys (Esc cancels by
 * simply freeing the search) and show search_progress() between slices.
 *
 * Hazards for callers:
 *  - A search borrows its pattern: free the search before the pattern.
 *  - The file is sized at the first search_step().  Bytes appended after
 *    that are not searched; a shrink ends the scan early at the new size.
 *  - The bytes are live: a match reported by search_step() was a match
 *    when it was scanned; check it again with search_match_at() on the
 *    snapshot before highlighting it.
 */
#ifndef LIVEHEX_SEARCH_H
#define LIVEHEX_SEARCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct door;

/*
 * Most bytes handed to one door_scan() call inside a step.  A step larger
 * than this is done in several pieces that overlap by len - 1 bytes; a
 * piece is also what a SIGBUS (truncation) can cost.  Overridable at
 * compile time so tests can cross piece boundaries with small files.
 */
#ifndef SEARCH_PIECE
#define SEARCH_PIECE	((size_t)4 << 20)
#endif

/* A parsed pattern: opaque, immutable once parsed. */
struct search_pattern;

/*
 * Parse TEXT; NULL with *cause (malloc'd) and *col (1-based column of the
 * bad character in TEXT, or strlen(TEXT) + 1 for "at the end") on error.
 */
struct search_pattern	*search_parse(const char *text, size_t *col,
			    char **cause);
/* Free a pattern; NULL is ignored. */
void			 search_pattern_free(struct search_pattern *p);
/* How many bytes a match spans (at least 1). */
size_t			 search_pattern_len(const struct search_pattern *p);
/* The pattern as typed, for messages. */
const char		*search_pattern_text(const struct search_pattern *p);
/* Does P match at BUF, LEN bytes being available there?  (Highlighting.) */
bool			 search_match_at(const struct search_pattern *p,
			    const uint8_t *buf, size_t len);

/* One running search. */
struct search;

/* What search_step() found. */
enum search_result {
	SEARCH_MORE,	/* budget used up: call again */
	SEARCH_FOUND,	/* *match (and *wrapped) set */
	SEARCH_NONE,	/* no (further) match anywhere in the file */
};

/*
 * Start searching forward (or BACKWARD) from FROM, exclusive: the first
 * match considered starts after FROM going forward, before FROM going
 * backward.  The scan wraps around the end (the start) once and comes back
 * to FROM itself last, so a lone match is found again, flagged wrapped.
 */
struct search		*search_start(const struct search_pattern *p,
			    uint64_t from, bool backward);
/*
 * Scan at most BUDGET candidate positions (0 counts as 1) of D.
 * SEARCH_FOUND sets *match to the match's offset and *wrapped when the
 * match lies past the wrap point; calling again goes on with the next match
 * in search order, each match being found once.  SEARCH_MORE: call again.
 * SEARCH_NONE: the scan went all the way round (and stays finished).
 */
enum search_result	 search_step(struct search *s, struct door *d,
			    size_t budget, uint64_t *match, bool *wrapped);
/* Fraction of the file scanned so far (0..1); SIZE is used until sized. */
double			 search_progress(const struct search *s,
			    uint64_t size);
/* Free a search (this is how a search is cancelled); NULL is ignored. */
void			 search_free(struct search *s);

#endif
