/* SPDX-License-Identifier: ISC */
/*
 * diffview.c - named snapshots of the whole file and the diff view.
 *
 * What it owns: the list of taken snapshots (name, wall-clock time, size,
 * struct baseline), at most one snapshot being taken, and at most one
 * diff (the snapshot it is against and its struct baseline_diff), with a
 * cached pointer to the diff's merged ranges for the view's const
 * getters and the header's caption.  It subscribes to the session: every
 * LIVE_BYTES and LIVE_STORE event names pages the diff computes again, so
 * the diff stays as current as the session's windows and page map see.
 *
 * Budgets: each tick spends DIFFVIEW_BUDGET bytes of work on the take or
 * the diff, so a snapshot of a large dense file runs alongside the view
 * (progress on the status line, Esc cancels); the command itself spends
 * one budget at once, so a small file is taken before the next frame.
 *
 * LIVEHEX_SNAP_KEEP (bytes) sets the cap on each snapshot's compressed
 * old contents (baseline.h; default 256 MiB), so a test can reach "old
 * bytes unknown" with a small file.
 *
 * Invariants: a snapshot is in the list only once wholly taken; the diff
 * refers to a listed snapshot (dropping it turns the diff off); nothing
 * here stores into the file.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "baseline.h"
#include "diffview.h"
#include "esc.h"
#include "live.h"
#include "react.h"
#include "status.h"
#include "xmalloc.h"

/* Work per tick (and per command) on a take or a diff, in bytes. */
#define DIFFVIEW_BUDGET		(4u * 1024 * 1024)
/* The longest snapshot name. */
#define DIFFVIEW_NAME_MAX	32

/* One taken snapshot. */
struct diffview_snap {
	char		*name;
	time_t		 when;		/* wall clock, when started */
	struct baseline	*b;
};

struct diffview {
	struct live		*live;
	struct status		*status;
	int			 sub;		/* our subscription */
	struct diffview_snap	*snaps;
	size_t			 n;
	unsigned		 next;		/* the next default name */
	size_t			 keep;		/* compressed bytes a snapshot
						   keeps (0: the default) */
	struct diffview_snap	 taking;	/* b != NULL while taking */
	int			 said_pct;	/* progress last said */
	size_t			 on;		/* the diff's snapshot, or
						   SIZE_MAX */
	struct baseline_diff	*df;
	bool			 resized;	/* a size event since the last
						   step */
	const struct baseline_range *r;		/* its merged ranges */
	size_t			 nr;
	char			 caption[128];
};

/* The session's event: pages another process or we changed. */
static void
diffview_event(const struct live_event *ev, void *arg)
{
	struct diffview	*dv = arg;

	/* A take half done would mix two files: stop it (ours to free). */
	if (ev->kind == LIVE_REOPENED && dv->taking.b != NULL) {
		status_msg(dv->status, STATUS_WARN, "snapshot %s cancelled: "
		    "the file was reopened", dv->taking.name);
		free(dv->taking.name);
		baseline_free(dv->taking.b);
		memset(&dv->taking, 0, sizeof dv->taking);
	}
	if (dv->df == NULL)
		return;
	if (ev->kind == LIVE_BYTES || ev->kind == LIVE_STORE)
		baseline_diff_dirty(dv->df, ev->off, ev->len);
	else if (ev->kind == LIVE_REOPENED)
		baseline_diff_dirty(dv->df, 0, UINT64_MAX);	/* all of it */
	if (ev->kind == LIVE_SIZE || ev->kind == LIVE_REOPENED)
		dv->resized = true;	/* the tail moved: step once */
}

/* The snapshots of the session L; messages go to S. */
struct diffview *
diffview_new(struct live *l, struct status *s)
{
	struct diffview		*dv = xcalloc(1, sizeof *dv);
	const char		*env = getenv("LIVEHEX_SNAP_KEEP");
	char			*end;
	unsigned long long	 b;

	dv->live = l;
	dv->status = s;
	dv->next = 1;
	/* A test reaches the cap (old bytes unknown) with a small file. */
	if (env != NULL && *env != '\0') {
		b = strtoull(env, &end, 0);
		if (*end == '\0' && b > 0 && b <= SIZE_MAX)
			dv->keep = (size_t)b;
	}
	dv->on = SIZE_MAX;
	dv->sub = live_subscribe(l, diffview_event, dv);
	return dv;
}

/* Free them all; NULL is ignored. */
void
diffview_free(struct diffview *dv)
{
	if (dv == NULL)
		return;
	live_unsubscribe(dv->live, dv->sub);
	baseline_diff_free(dv->df);
	for (size_t i = 0; i < dv->n; i++) {
		free(dv->snaps[i].name);
		baseline_free(dv->snaps[i].b);
	}
	free(dv->snaps);
	free(dv->taking.name);
	baseline_free(dv->taking.b);
	free(dv);
}

/* The snapshot named NAME (LEN bytes), or SIZE_MAX. */
static size_t
diffview_find(const struct diffview *dv, const char *name, size_t len)
{
	for (size_t i = 0; i < dv->n; i++)
		if (strlen(dv->snaps[i].name) == len &&
		    memcmp(dv->snaps[i].name, name, len) == 0)
			return i;
	return SIZE_MAX;
}

/* An error about NAME (LEN bytes), quoted, then WHAT; REACT_REDRAW. */
static int
diffview_name_error(struct diffview *dv, const char *name, size_t len,
    const char *what)
{
	char	*q = esc_quote(name, len, DIFFVIEW_NAME_MAX, ESC_MARKS);

	status_msg(dv->status, STATUS_ERROR, "snapshot %s: %s", q, what);
	free(q);
	return REACT_REDRAW;
}

/* True when NAME (LEN bytes) is a good snapshot name. */
static bool
diffview_good_name(const char *name, size_t len)
{
	if (len == 0 || len > DIFFVIEW_NAME_MAX)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!isalnum((unsigned char)name[i]) && strchr("_.-",
		    name[i]) == NULL)
			return false;
	return true;
}

/* Turn the diff off (quietly). */
static void
diffview_off(struct diffview *dv)
{
	baseline_diff_free(dv->df);
	dv->df = NULL;
	dv->on = SIZE_MAX;
	dv->r = NULL;
	dv->nr = 0;
	dv->caption[0] = '\0';
}

/* Refresh the cached ranges and the caption from the diff. */
static void
diffview_cache(struct diffview *dv)
{
	uint64_t	unknown = 0;

	dv->r = baseline_diff_ranges(dv->df, &dv->nr);
	for (size_t k = 0; k < dv->nr; k++)
		if (dv->r[k].kind == BASELINE_UNKNOWN)
			unknown++;
	snprintf(dv->caption, sizeof dv->caption, "diff vs %s: %zu range%s, "
	    "%" PRIu64 " byte%s%s%s", dv->snaps[dv->on].name, dv->nr,
	    dv->nr == 1 ? "" : "s", baseline_diff_bytes(dv->df),
	    baseline_diff_bytes(dv->df) == 1 ? "" : "s",
	    unknown > 0 ? " (some pages: old bytes unknown)" : "",
	    baseline_diff_busy(dv->df) ? " ..." : "");
}

/* Say the take is done and list the snapshot. */
static void
diffview_taken(struct diffview *dv)
{
	struct baseline	*b = dv->taking.b;

	dv->snaps = xrealloc(dv->snaps, (dv->n + 1) * sizeof *dv->snaps);
	dv->snaps[dv->n++] = dv->taking;
	memset(&dv->taking, 0, sizeof dv->taking);
	status_msg(dv->status, STATUS_INFO, "snapshot %s: %" PRIu64 " bytes"
	    " (%" PRIu64 " read, %zu kept compressed%s); :diff %s compares",
	    dv->snaps[dv->n - 1].name, baseline_size(b), baseline_read(b),
	    baseline_kept(b), baseline_hash_only(b) > 0 ?
	    ", some pages hashed only" : "", dv->snaps[dv->n - 1].name);
}

/* Spend one budget on the take; REACT_* bits. */
static int
diffview_take_step(struct diffview *dv)
{
	uint64_t	done, total;
	int		pct;

	if (baseline_take(dv->taking.b, live_door(dv->live),
	    DIFFVIEW_BUDGET)) {
		diffview_taken(dv);
		return REACT_REDRAW;
	}
	baseline_progress(dv->taking.b, &done, &total);
	pct = total == 0 ? 100 : (int)(done * 100 / total);
	if (pct != dv->said_pct) {
		dv->said_pct = pct;
		status_msg(dv->status, STATUS_INFO, "snapshot %s: %d%% taken "
		    "(Esc cancels)", dv->taking.name, pct);
		return REACT_REDRAW | REACT_ACTIVE;
	}
	return REACT_ACTIVE;
}

/* :snap drop NAME. */
static int
diffview_drop(struct diffview *dv, const char *name)
{
	size_t	len = strcspn(name, " "), i = diffview_find(dv, name, len);

	if (len == 0) {
		status_msg(dv->status, STATUS_ERROR, "usage: :snap drop NAME "
		    "(:snaps lists them)");
		return REACT_REDRAW;
	}
	if (i == SIZE_MAX)
		return diffview_name_error(dv, name, len, "no such snapshot "
		    "(:snaps lists them)");
	if (dv->on == i)
		diffview_off(dv);
	else if (dv->on != SIZE_MAX && dv->on > i)
		dv->on--;
	status_msg(dv->status, STATUS_INFO, "snapshot %s dropped",
	    dv->snaps[i].name);
	free(dv->snaps[i].name);
	baseline_free(dv->snaps[i].b);
	memmove(dv->snaps + i, dv->snaps + i + 1, (dv->n - i - 1) *
	    sizeof *dv->snaps);
	dv->n--;
	return REACT_REDRAW;
}

/* :snap [NAME], :snap drop NAME; REACT_* bits. */
int
diffview_snap(struct diffview *dv, const char *args)
{
	size_t	len = strcspn(args, " ");
	char	buf[24];

	if (len == 4 && strncmp(args, "drop", 4) == 0)
		return diffview_drop(dv, args + 4 + strspn(args + 4, " "));
	if (dv->taking.b != NULL) {
		status_msg(dv->status, STATUS_ERROR, "snapshot %s is still "
		    "being taken (Esc cancels it)", dv->taking.name);
		return REACT_REDRAW;
	}
	if (args[len + strspn(args + len, " ")] != '\0') {
		status_msg(dv->status, STATUS_ERROR, "usage: :snap [NAME]  "
		    ":snap drop NAME (one name)");
		return REACT_REDRAW;
	}
	if (len == 0) {
		/* The next number not taken yet. */
		do
			snprintf(buf, sizeof buf, "%u", dv->next++);
		while (diffview_find(dv, buf, strlen(buf)) != SIZE_MAX);
		args = buf;
		len = strlen(buf);
	} else if (!diffview_good_name(args, len))
		return diffview_name_error(dv, args, len, "a name is 1 to 32 "
		    "letters, digits, '_', '.' or '-'");
	else if (len == 3 && strncmp(args, "off", 3) == 0)
		/* ("drop" never gets here: :snap drop NAME drops NAME.) */
		return diffview_name_error(dv, args, len, "is a word of :diff "
		    "(:diff off turns the diff off): pick another name");
	else if (diffview_find(dv, args, len) != SIZE_MAX)
		return diffview_name_error(dv, args, len, "exists already "
		    "(:snap drop it first)");
	dv->taking.name = xasprintf("%.*s", (int)len, args);
	dv->taking.when = time(NULL);
	dv->taking.b = baseline_new(live_door(dv->live), 0, dv->keep);
	dv->said_pct = -1;
	return diffview_take_step(dv) | REACT_REDRAW;
}

/* Snapshot I's name, or NULL past the last. */
const char *
diffview_name(const struct diffview *dv, size_t i)
{
	return i < dv->n ? dv->snaps[i].name : NULL;
}

/* :snaps: list them with time and size; REACT_* bits. */
int
diffview_list(struct diffview *dv)
{
	char		 line[1024] = "", t[16];
	size_t		 at = 0;
	struct tm	 tm;

	if (dv->n == 0) {
		status_msg(dv->status, STATUS_INFO, "no snapshots (:snap "
		    "takes one)");
		return REACT_REDRAW;
	}
	for (size_t i = 0; i < dv->n && at < sizeof line; i++) {
		if (localtime_r(&dv->snaps[i].when, &tm) == NULL ||
		    strftime(t, sizeof t, "%H:%M:%S", &tm) == 0)
			snprintf(t, sizeof t, "?");
		at += (size_t)snprintf(line + at, sizeof line - at, "%s%s "
		    "(%s, %" PRIu64 " bytes)", i > 0 ? ", " : "",
		    dv->snaps[i].name, t, baseline_size(dv->snaps[i].b));
	}
	status_msg(dv->status, STATUS_INFO, "snapshots: %s", line);
	return REACT_REDRAW;
}

/* :diff NAME, :diff off; REACT_* bits. */
int
diffview_diff(struct diffview *dv, const char *args)
{
	size_t	len = strcspn(args, " "), i;

	if (len == 0 || args[len + strspn(args + len, " ")] != '\0') {
		status_msg(dv->status, STATUS_ERROR, "usage: :diff NAME  "
		    ":diff off (:snaps lists the names)");
		return REACT_REDRAW;
	}
	if (len == 3 && strncmp(args, "off", 3) == 0) {
		if (dv->df == NULL) {
			status_msg(dv->status, STATUS_INFO, "no diff is on");
			return REACT_REDRAW;
		}
		diffview_off(dv);
		status_msg(dv->status, STATUS_INFO, "diff off");
		return REACT_REDRAW;
	}
	if ((i = diffview_find(dv, args, len)) == SIZE_MAX)
		return diffview_name_error(dv, args, len, dv->n == 0 ?
		    "no such snapshot (:snap takes one)" :
		    "no such snapshot (:snaps lists them)");
	diffview_off(dv);
	dv->on = i;
	dv->df = baseline_diff_new(dv->snaps[i].b);
	baseline_diff_step(dv->df, dv->snaps[i].b, live_door(dv->live),
	    DIFFVIEW_BUDGET);
	diffview_cache(dv);
	return REACT_REDRAW | REACT_ACTIVE;
}

/* Work on a take or a diff within this tick's budget; REACT_* bits. */
int
diffview_tick(struct diffview *dv)
{
	if (dv->taking.b != NULL)
		return diffview_take_step(dv);
	if (dv->df == NULL || (!baseline_diff_busy(dv->df) && !dv->resized))
		return 0;
	dv->resized = false;
	baseline_diff_step(dv->df, dv->snaps[dv->on].b, live_door(dv->live),
	    DIFFVIEW_BUDGET);
	diffview_cache(dv);
	return REACT_REDRAW;
}

/* True while a snapshot is being taken. */
bool
diffview_taking(const struct diffview *dv)
{
	return dv->taking.b != NULL;
}

/* Esc while taking: stop and forget that snapshot; REACT_* bits. */
int
diffview_cancel(struct diffview *dv)
{
	if (dv->taking.b == NULL)
		return 0;
	status_msg(dv->status, STATUS_INFO, "snapshot %s cancelled",
	    dv->taking.name);
	free(dv->taking.name);
	baseline_free(dv->taking.b);
	memset(&dv->taking, 0, sizeof dv->taking);
	return REACT_REDRAW;
}

/* The index of the first cached range starting after OFF. */
static size_t
diffview_upper(const struct diffview *dv, uint64_t off)
{
	size_t	lo = 0, hi = dv->nr;

	while (lo < hi) {
		size_t	mid = lo + (hi - lo) / 2;

		if (dv->r[mid].off <= off)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* The diff is on and byte OFF differs; see diffview.h. */
bool
diffview_at(const struct diffview *dv, uint64_t off, bool *unknown)
{
	size_t				 k;
	const struct baseline_range	*r;

	if (dv == NULL || dv->df == NULL || dv->nr == 0)
		return false;
	k = diffview_upper(dv, off);
	if (k == 0)
		return false;
	r = &dv->r[k - 1];
	if (off - r->off >= r->len || r->kind == BASELINE_SHRUNK)
		return false;
	if (unknown != NULL)
		*unknown = r->kind == BASELINE_UNKNOWN;
	return true;
}

/* ]d / [d: the COUNT-th difference after (before) FROM; see diffview.h. */
bool
diffview_next(struct diffview *dv, uint64_t from, bool backward,
    unsigned count, uint64_t *off)
{
	if (dv->df == NULL) {
		status_msg(dv->status, STATUS_ERROR, "no diff is on (:diff "
		    "NAME turns it on)");
		return false;
	}
	if (!baseline_diff_next(dv->df, from, backward, count, off)) {
		status_msg(dv->status, STATUS_INFO, "no difference %s here%s",
		    backward ? "before" : "after",
		    baseline_diff_busy(dv->df) ? " yet (still comparing)" :
		    "");
		diffview_cache(dv);
		return false;
	}
	diffview_cache(dv);
	return true;
}

/* The header's caption, or NULL when the diff is off. */
const char *
diffview_caption(const struct diffview *dv)
{
	return dv == NULL || dv->df == NULL ? NULL : dv->caption;
}
