/* SPDX-License-Identifier: ISC */
/*
 * scanview.c - :scan in the viewer (issue 15): find an unknown value by
 * successive rounds, as scanmem does, over the shared file.
 *
 * The engine (scan.h) holds the candidates and reads the file; this
 * module turns the typed words into its calls and drives a round in
 * budgets: scanview_command parses and calls scan_begin, the loop calls
 * scanview_tick once per tick and each tick reads about one budget
 * (SCANVIEW_BUDGET, 16 MiB), so keys and the live view go on while a
 * round over a big file runs; the status line shows its progress.
 *
 *	:scan TYPE [PRED] [in A..B]	a new scan (the first round)
 *	:scan PRED			the next round narrows
 *	:scan reset			forget the scan
 *
 * PRED is == V, != V, < V, > V, changed, unchanged, increased or
 * decreased; A..B is the range [A, B) as offset expressions (either may
 * be left out: the start, the end of the file).
 *
 * Esc cancels a round (scan_cancel): a cancelled first round is
 * dropped whole (the offsets it never reached have no value to compare
 * with, so its candidates would mean nothing) and the scan before it,
 * kept until a new scan's first round ends, comes back; a cancelled
 * later round keeps what the engine keeps: the candidates it reached
 * were judged, the others stay.
 *
 * The list panel holds the first SCANVIEW_SHOWN candidates with their
 * value at the last round and their value now, read with door_read at
 * most every SCANVIEW_REFRESH_MS (never while a round runs: the engine's
 * candidates are half-judged then).  Nothing here stores.  No curses.
 */
#include "config.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "door.h"
#include "esc.h"
#include "keys.h"
#include "offexpr.h"
#include "react.h"
#include "scan.h"
#include "scanview.h"
#include "status.h"
#include "value.h"
#include "xmalloc.h"

/* How often the list's values are read again while it is shown. */
#define SCANVIEW_REFRESH_MS	100

/* The most words a :scan line has ("u32 == 5 in 0x10..0x20": 5). */
#define SCANVIEW_WORDS	8

/* One row of the list: a candidate, its value then and now. */
struct scanview_row {
	uint64_t	 off;
	char		 was[32];	/* at the last round */
	char		 now[32];	/* read at the last refresh */
};

struct scanview {
	struct status		*status;
	struct scan		*scan;		/* NULL: no scan */
	struct value_type	 type;		/* the scan's */
	/* The scan a new one's first round replaces once it ends. */
	struct scan		*prev;
	struct value_type	 prev_type;
	uint64_t		 budget;	/* bytes per tick */
	/* The round running or last run. */
	bool			 running;
	bool			 first;		/* it is the first round */
	uint64_t		 from;		/* candidates before it */
	char			 what[64];	/* "u32le == 5" for messages */
	/* The list panel. */
	struct scanview_row	 rows[SCANVIEW_SHOWN];
	size_t			 nrows;
	bool			 stale;		/* the candidates changed */
	uint64_t		 read_at;	/* when the values were read */
	bool			 focus;
	size_t			 sel;
};

/* The predicate words and what they ask of the engine. */
static const struct {
	const char	*word;
	enum scan_op	 op;
	bool		 value;		/* a value follows */
} scanview_preds[] = {
	{ "==", SCAN_EQ, true },
	{ "!=", SCAN_NE, true },
	{ "<", SCAN_LT, true },
	{ ">", SCAN_GT, true },
	{ "changed", SCAN_CHANGED, false },
	{ "unchanged", SCAN_UNCHANGED, false },
	{ "increased", SCAN_INCREASED, false },
	{ "decreased", SCAN_DECREASED, false },
};
#define SCANVIEW_NPREDS	(sizeof scanview_preds / sizeof scanview_preds[0])

/* Predicate word I, NULL past the last; *VALUE: a value follows it. */
const char *
scanview_pred_word(size_t i, bool *value)
{
	if (i >= SCANVIEW_NPREDS)
		return NULL;
	if (value != NULL)
		*value = scanview_preds[i].value;
	return scanview_preds[i].word;
}

/* A scan's state, saying things on ST; no scan yet. */
struct scanview *
scanview_new(struct status *st)
{
	struct scanview	*sv = xcalloc(1, sizeof *sv);
	const char	*env = getenv("LIVEHEX_SCAN_BUDGET");
	char		*end;
	unsigned long long b;

	sv->status = st;
	sv->budget = SCANVIEW_BUDGET;
	/* A test makes rounds long (many ticks) without a big file. */
	if (env != NULL && *env != '\0') {
		b = strtoull(env, &end, 0);
		if (*end == '\0' && b >= 64)
			sv->budget = b;
	}
	return sv;
}

/* Free SV and its scan; NULL is ignored. */
void
scanview_free(struct scanview *sv)
{
	if (sv == NULL)
		return;
	scan_free(sv->scan);
	scan_free(sv->prev);
	free(sv);
}

/* Drop the scan and its list. */
static void
scanview_drop(struct scanview *sv)
{
	scan_free(sv->scan);
	scan_free(sv->prev);
	sv->scan = sv->prev = NULL;
	sv->running = false;
	sv->nrows = 0;
	sv->sel = 0;
	sv->stale = false;
}

/* An error on the status line (printf-style); REACT_* bits. */
static int __attribute__((format(printf, 2, 3)))
scanview_error(struct scanview *sv, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	status_vmsg(sv->status, STATUS_ERROR, fmt, ap);
	va_end(ap);
	return REACT_REDRAW;
}

/* WORD quoted for a message (malloc'd). */
static char *
scanview_quote(const char *word)
{
	return esc_quote(word, strlen(word), 40, ESC_MARKS);
}

/* The predicate WORD, or -1 (as an index into scanview_preds). */
static int
scanview_pred(const char *word)
{
	for (size_t i = 0; i < SCANVIEW_NPREDS; i++)
		if (strcmp(word, scanview_preds[i].word) == 0)
			return (int)i;
	return -1;
}

/*
 * The range RANGE ("A..B", either side may be empty) in a file of SIZE
 * bytes, with "." at CURSOR, into *OFF and *LEN; 0, or -1 having said
 * what is wrong.
 */
static int
scanview_range(struct scanview *sv, const char *range, uint64_t cursor,
    uint64_t size, uint64_t *off, uint64_t *len)
{
	const char	*dots = strstr(range, "..");
	char		*a, *cause = NULL, *q;
	uint64_t	 start = 0, end = size;
	int		 r = 0;

	if (dots == NULL) {
		q = scanview_quote(range);
		status_msg(sv->status, STATUS_ERROR, "scan range %s: expected "
		    "A..B (such as in 0x1000..0x2000, or in 0x1000..)", q);
		free(q);
		return -1;
	}
	a = xstrdup(range);
	a[dots - range] = '\0';
	if (*a != '\0' && offexpr_eval(a, cursor, size, &start, &cause) == -1)
		r = -1;
	else if (dots[2] != '\0' && offexpr_eval(dots + 2, cursor, size,
	    &end, &cause) == -1)
		r = -1;
	free(a);
	if (r == -1) {
		status_msg(sv->status, STATUS_ERROR, "scan range: %s", cause);
		free(cause);
		return -1;
	}
	if (end > size)
		end = size;
	if (start >= end) {
		status_msg(sv->status, STATUS_ERROR, "scan range 0x%llx..0x%llx "
		    "is empty (the end must come after the start, within the "
		    "0x%llx bytes of the file)", (unsigned long long)start,
		    (unsigned long long)end, (unsigned long long)size);
		return -1;
	}
	*off = start;
	*len = end - start;
	return 0;
}

/*
 * Start a round of pred P (an index, or -1: record) with VALUE on S,
 * which is new (of type T) when FIRST; REACT_* bits.  S is taken (freed
 * on error when FIRST).
 */
static int
scanview_start(struct scanview *sv, struct scan *s, bool first, int p,
    const char *value, const struct value_type *t)
{
	char	*cause = NULL;

	if (scan_begin(s, p == -1 ? SCAN_ANY : scanview_preds[p].op, value,
	    &cause) == -1) {
		status_msg(sv->status, STATUS_ERROR, "scan: %s", cause);
		free(cause);
		if (first)
			scan_free(s);
		return REACT_REDRAW;
	}
	if (first) {
		/* The last scan waits: a cancel brings it back. */
		sv->prev = sv->scan;
		sv->prev_type = sv->type;
		sv->scan = s;
		sv->type = *t;
		sv->nrows = 0;
		sv->sel = 0;
	}
	sv->running = true;
	sv->first = first;
	sv->from = scan_count(s);
	snprintf(sv->what, sizeof sv->what, "%s%s%s%s", sv->type.name,
	    p == -1 ? "" : " ", p == -1 ? "" : scanview_preds[p].word,
	    value != NULL ? " " : "");
	if (value != NULL)
		snprintf(sv->what + strlen(sv->what), sizeof sv->what -
		    strlen(sv->what), "%s", value);
	status_msg(sv->status, STATUS_INFO, "scan 0%%: %s; Esc cancels",
	    sv->what);
	return REACT_REDRAW | REACT_ACTIVE;
}

/*
 * The words W[0..N) of a :scan line after a new scan's type (FIRST) or
 * for the next round: [PRED [V]] [in A..B]; REACT_* bits.
 */
static int
scanview_round(struct scanview *sv, char **w, size_t n, bool first,
    const struct value_type *t, struct door *d, uint64_t cursor)
{
	size_t		 i = 0;
	int		 p = -1;
	const char	*value = NULL;
	uint64_t	 off = 0, len = door_size(d);
	struct scan	*s;
	char		*cause = NULL, *q;

	if (i < n && strcmp(w[i], "in") != 0) {
		if ((p = scanview_pred(w[i])) == -1) {
			q = scanview_quote(w[i]);
			status_msg(sv->status, STATUS_ERROR, "scan: unknown word "
			    "%s (expected a type such as u32, ==, !=, <, >, "
			    "changed, unchanged, increased, decreased, in, "
			    "list, pin or reset)", q);
			free(q);
			return REACT_REDRAW;
		}
		i++;
		if (scanview_preds[p].value) {
			if (i >= n || strcmp(w[i], "in") == 0)
				return scanview_error(sv, "scan: %s needs a value "
				    "(such as :scan u32 == 5)",
				    scanview_preds[p].word);
			value = w[i++];
		}
	}
	if (i < n && strcmp(w[i], "in") == 0) {
		if (!first)
			return scanview_error(sv, "scan: %s", "a range belongs "
			    "to a new scan (:scan TYPE [PRED] in A..B); the "
			    "next rounds look at its candidates");
		if (i + 1 >= n)
			return scanview_error(sv, "scan: %s", "in needs a range "
			    "(such as in 0x1000..0x2000)");
		if (scanview_range(sv, w[i + 1], cursor, len, &off, &len) ==
		    -1)
			return REACT_REDRAW;
		i += 2;
	}
	if (i < n) {
		q = scanview_quote(w[i]);
		status_msg(sv->status, STATUS_ERROR, "scan: %s after the "
		    "predicate is not understood (:scan TYPE [PRED] [in A..B], "
		    "then :scan PRED)", q);
		free(q);
		return REACT_REDRAW;
	}
	if (!first)
		return scanview_start(sv, sv->scan, false, p, value, NULL);
	if (t == NULL)
		return scanview_error(sv, "scan: %s", "no scan yet: :scan TYPE "
		    "[PRED] [in A..B] starts one (such as :scan u32)");
	if (p != -1 && !scanview_preds[p].value)
		return scanview_error(sv, "scan: %s compares with the last "
		    "round; a new scan records (:scan u32) or filters with "
		    "==, !=, < or >", scanview_preds[p].word);
	if ((s = scan_new(t, off, len, &cause)) == NULL) {
		status_msg(sv->status, STATUS_ERROR, "scan: %s", cause);
		free(cause);
		return REACT_REDRAW;
	}
	return scanview_start(sv, s, true, p, value, t);
}

/* :scan ARGS over D; see scanview.h. */
int
scanview_command(struct scanview *sv, const char *args, struct door *d,
    uint64_t cursor)
{
	char			*copy = xstrdup(args), *w[SCANVIEW_WORDS], *save;
	size_t			 n = 0;
	struct value_type	 t;
	char			*cause = NULL;
	int			 r;

	for (char *tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save)) {
		if (n == SCANVIEW_WORDS) {
			free(copy);
			return scanview_error(sv, "scan: %s", "too many words "
			    "(:scan TYPE [PRED] [in A..B], then :scan PRED)");
		}
		w[n++] = tok;
	}
	if (n == 0)
		r = scanview_error(sv, "usage: %s", ":scan TYPE [PRED] [in "
		    "A..B], :scan PRED, :scan list|pin|reset");
	else if (strcmp(w[0], "reset") == 0) {
		scanview_drop(sv);
		status_msg(sv->status, STATUS_INFO, "scan reset: no "
		    "candidates (:scan TYPE starts again)");
		r = REACT_REDRAW;
	} else if (sv->running)
		r = scanview_error(sv, "scan: %s", "a round is running (Esc "
		    "cancels it, :scan reset drops the scan)");
	else if (value_type_parse(w[0], &t, &cause) == 0)
		r = scanview_round(sv, w + 1, n - 1, true, &t, d, cursor);
	else if (sv->scan == NULL && scanview_pred(w[0]) != -1)
		r = scanview_error(sv, "scan: no scan yet for %s: :scan TYPE "
		    "[PRED] starts one (such as :scan u32, :scan u32 == 5)",
		    w[0]);
	else
		r = scanview_round(sv, w, n, sv->scan == NULL, NULL, d,
		    cursor);
	free(cause);
	free(copy);
	return r;
}

/* True while a round is running. */
bool
scanview_running(const struct scanview *sv)
{
	return sv->running;
}

/* The running round's progress in whole per cent (never 100 before the end). */
static unsigned
scanview_percent(const struct scanview *sv)
{
	uint64_t	done, total;

	scan_progress(sv->scan, &done, &total);
	if (total == 0)
		return 0;
	return (unsigned)((double)done * 100.0 / (double)total);
}

/* The round ended: say how many candidates it kept. */
static void
scanview_done(struct scanview *sv)
{
	uint64_t	n = scan_count(sv->scan), off;

	sv->running = false;
	sv->stale = true;
	scan_free(sv->prev);	/* the new scan stands: the last one goes */
	sv->prev = NULL;
	if (n == 1 && scan_list(sv->scan, 0, &off, NULL, 1) == 1)
		status_msg(sv->status, STATUS_INFO, "scan: 1 candidate (from "
		    "%llu) at 0x%llx; :scan list shows it",
		    (unsigned long long)sv->from, (unsigned long long)off);
	else
		status_msg(sv->status, n == 0 ? STATUS_WARN : STATUS_INFO,
		    "scan: %llu candidates (from %llu)%s",
		    (unsigned long long)n, (unsigned long long)sv->from,
		    n == 0 ? "; :scan reset or a new :scan TYPE" : "");
}

/* One tick: a budget of the running round, the list's values; REACT_*. */
int
scanview_tick(struct scanview *sv, struct door *d, uint64_t now_ms,
    bool shown)
{
	struct scanview_row	 before[SCANVIEW_SHOWN];
	size_t			 nrows;
	char			*cause = NULL;
	int			 r;

	if (sv->running) {
		r = scan_run(sv->scan, d, sv->budget, &cause);
		if (r == 1)
			scanview_done(sv);
		else if (r == 0) {
			status_msg(sv->status, STATUS_INFO, "scan %u%%: %s; Esc "
			    "cancels", scanview_percent(sv), sv->what);
			return REACT_REDRAW | REACT_ACTIVE;
		} else {
			/* A read keeps failing: stop rather than say it forever. */
			scan_cancel(sv->scan);
			sv->running = false;
			sv->stale = true;
			status_msg(sv->status, STATUS_ERROR, "scan stopped: %s "
			    "(%llu candidates kept)", cause,
			    (unsigned long long)scan_count(sv->scan));
			free(cause);
		}
		if (shown)
			scanview_refresh(sv, d);
		sv->read_at = now_ms;
		return REACT_REDRAW | REACT_ACTIVE;
	}
	if (!shown || sv->scan == NULL || (!sv->stale &&
	    now_ms - sv->read_at < SCANVIEW_REFRESH_MS))
		return 0;
	/* Redraw only when a row reads differently: the list is idle else. */
	nrows = sv->nrows;
	memcpy(before, sv->rows, sizeof before);
	scanview_refresh(sv, d);
	sv->read_at = now_ms;
	return nrows != sv->nrows || memcmp(before, sv->rows,
	    sizeof before) != 0 ? REACT_REDRAW : 0;
}

/* Esc during a round: stop it and say what was kept; REACT_* bits. */
int
scanview_cancel(struct scanview *sv)
{
	unsigned	pc;

	if (!sv->running)
		return 0;
	pc = scanview_percent(sv);
	if (sv->first) {
		scan_free(sv->scan);
		sv->scan = sv->prev;
		sv->type = sv->prev_type;
		sv->prev = NULL;
		sv->running = false;
		sv->stale = true;
		if (sv->scan == NULL)
			status_msg(sv->status, STATUS_INFO, "scan cancelled at "
			    "%u%%: no scan kept (its first round did not "
			    "finish; :scan TYPE starts again)", pc);
		else
			status_msg(sv->status, STATUS_INFO, "scan cancelled at "
			    "%u%%: the last scan's %llu candidates kept", pc,
			    (unsigned long long)scan_count(sv->scan));
		return REACT_REDRAW;
	}
	scan_cancel(sv->scan);
	sv->running = false;
	sv->stale = true;
	status_msg(sv->status, STATUS_INFO, "scan cancelled at %u%%: %llu "
	    "candidates (those it reached were judged, the others kept)", pc,
	    (unsigned long long)scan_count(sv->scan));
	return REACT_REDRAW;
}

/* Forget the scan (another file is open now): no word said. */
void
scanview_forget(struct scanview *sv)
{
	scanview_drop(sv);
}

/* True when there is a scan. */
bool
scanview_active(const struct scanview *sv)
{
	return sv->scan != NULL;
}

/* The scan's type, or NULL without a scan. */
const struct value_type *
scanview_type(const struct scanview *sv)
{
	return sv->scan != NULL ? &sv->type : NULL;
}

/* The number of candidates (0 without a scan). */
uint64_t
scanview_count(const struct scanview *sv)
{
	return sv->scan != NULL ? scan_count(sv->scan) : 0;
}

/* Up to MAX candidates from the first into OFFS; how many. */
size_t
scanview_offsets(const struct scanview *sv, uint64_t *offs, size_t max)
{
	if (sv->scan == NULL || sv->running)
		return 0;
	return scan_list(sv->scan, 0, offs, NULL, max);
}

/* True when the list has the keys. */
bool
scanview_focused(const struct scanview *sv)
{
	return sv->focus;
}

/* Give the list the keys (the first candidate selected) or take them. */
void
scanview_set_focus(struct scanview *sv, bool on)
{
	sv->focus = on;
	sv->sel = 0;
}

/* A key while the list has the keys; see scanview.h. */
int
scanview_key(struct scanview *sv, int key, bool *jump, uint64_t *to,
    bool *close)
{
	*jump = *close = false;
	if (key == 'j' || key == KEYS_DOWN) {
		if (sv->sel + 1 < sv->nrows)
			sv->sel++;
		return REACT_REDRAW;
	}
	if (key == 'k' || key == KEYS_UP) {
		if (sv->sel > 0)
			sv->sel--;
		return REACT_REDRAW;
	}
	if (key == '\r' || key == '\n' || key == KEYS_ENTER) {
		sv->focus = false;
		if (sv->sel >= sv->nrows) {
			status_msg(sv->status, STATUS_INFO, "no candidate to "
			    "jump to");
			return REACT_REDRAW;
		}
		*jump = true;
		*to = sv->rows[sv->sel].off;
		status_msg(sv->status, STATUS_INFO, "candidate %zu at 0x%llx",
		    sv->sel + 1, (unsigned long long)*to);
		return REACT_REDRAW;
	}
	/* Esc and q close the panel; anything else (Tab) gives keys back. */
	sv->focus = false;
	*close = key == KEYS_ESC || key == 'q';
	return REACT_REDRAW;
}

/* Read the listed candidates' values again now, from D. */
void
scanview_refresh(struct scanview *sv, struct door *d)
{
	uint64_t	offs[SCANVIEW_SHOWN];
	uint8_t		vals[SCANVIEW_SHOWN][8], now[8];

	sv->stale = false;
	if (sv->scan == NULL || sv->running) {
		if (sv->scan == NULL)
			sv->nrows = 0;
		return;
	}
	sv->nrows = scan_list(sv->scan, 0, offs, vals, SCANVIEW_SHOWN);
	for (size_t i = 0; i < sv->nrows; i++) {
		struct scanview_row	*r = &sv->rows[i];
		struct door_copy	 c;

		r->off = offs[i];
		value_decode(&sv->type, vals[i], r->was, sizeof r->was);
		/* door_read preads a hole: it reads zeros, nothing is filled. */
		c = door_read(d, offs[i], now, sv->type.width);
		if (c.valid == sv->type.width)
			value_decode(&sv->type, now, r->now, sizeof r->now);
		else
			snprintf(r->now, sizeof r->now, "(gone)");
	}
	if (sv->sel >= sv->nrows)
		sv->sel = sv->nrows > 0 ? sv->nrows - 1 : 0;
}

/* How many candidates the list holds. */
size_t
scanview_rows(const struct scanview *sv)
{
	return sv->nrows;
}

/* The selected row, or SIZE_MAX when the list has no keys. */
size_t
scanview_selected(const struct scanview *sv)
{
	return sv->focus && sv->nrows > 0 ? sv->sel : SIZE_MAX;
}

/* Row I of the list into OUT: offset, value now, value at the round. */
void
scanview_row(const struct scanview *sv, size_t i, char *out, size_t outlen)
{
	const struct scanview_row	*r = &sv->rows[i];

	if (i >= sv->nrows) {
		snprintf(out, outlen, "%s", "");
		return;
	}
	if (strcmp(r->now, r->was) == 0)
		snprintf(out, outlen, "0x%llx = %s", (unsigned long long)r->off,
		    r->now);
	else
		snprintf(out, outlen, "0x%llx = %s  (was %s)",
		    (unsigned long long)r->off, r->now, r->was);
}

/* The list panel's title into OUT: count, how many shown, the keys. */
void
scanview_title(const struct scanview *sv, char *out, size_t outlen)
{
	uint64_t	n = scanview_count(sv);

	if (sv->scan == NULL)
		snprintf(out, outlen, "scan: none (:scan TYPE)");
	else if (sv->running)
		snprintf(out, outlen, "scan: a round is running");
	else
		snprintf(out, outlen, "scan %s: %llu (%zu shown); %s",
		    sv->type.name, (unsigned long long)n, sv->nrows,
		    sv->focus ? "Enter jumps, Esc closes" : "Tab: list");
}
