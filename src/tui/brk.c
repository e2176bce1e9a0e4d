/* SPDX-License-Identifier: ISC */
/*
 * brk.c - breakpoints on data: :break COND, :breaks, :delete N, the hold.
 *
 * Owns the viewer's breakpoints: each is a compiled condition (expr.h)
 * with one live window per byte range it reads (exprwin.h), so its
 * changes arrive as the session's events however far from the screen the
 * values are.  The set subscribes to the session: every event goes to
 * every condition (expr_event), and a condition is
 * evaluated only when a value it reads changed, or when the clock reaches
 * the deadline of a stuck() it holds (brk_tick, after each look).
 *
 * The frame it fires on.  The view's window and a breakpoint's own
 * window are two copies, made one after the other in the same look: a
 * store landing between them would show in one and not in the other, and
 * a break could fire on a value the held frame does not show.  So a
 * change another window reports inside the range the view's window
 * compared in that look (snapper_compared: its last copy and the one
 * before) is left to the view's own event of the same look, which
 * reports what the frame shows; outside the screen the break's own window
 * is the only witness, copied in the same look.  The page map's events
 * are not taken at all (brk_views_it says why).
 *
 * Firing: a breakpoint fires when its condition goes from not true to
 * true (true when it was set does not count: it must become false first).
 * The first firing holds the set (paused) until brk_continue; later
 * firings while held are counted, not shown.  Why the frame is the one
 * that fired: the session copies every window before it publishes any
 * event (live_tick), so when a condition fires inside a look, the view's
 * snapshot already holds the bytes of that same look; the app then
 * freezes the view's window (app_window) before the next look, and the
 * snapshot stays as it was.
 *
 * Invariants: brk->paused implies fired_num names the breakpoint that
 * fired (it may since have been deleted); every breakpoint's windows are
 * freed with it.  Failures (a bad condition, too many, a window whose
 * first copy failed) are said on the status line and change nothing.
 */
#include "config.h"

#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "brk.h"
#include "door.h"
#include "esc.h"
#include "expr.h"
#include "exprwin.h"
#include "live.h"
#include "react.h"
#include "snap.h"
#include "status.h"
#include "xmalloc.h"

/* Longest condition text a message quotes before it is cut. */
#define BRK_QUOTE	60

/* One breakpoint. */
struct brk_one {
	unsigned		 num;		/* as :breaks shows it, from 1 */
	struct expr		*e;
	struct exprwin		 ew;		/* what E reads, watched */
	bool			 truth;		/* E held at the last evaluation */
	uint64_t		 hits;		/* times it became true */
	uint64_t		 evaluated_ms;	/* the last evaluation */
};

struct brk {
	struct live	*live;
	struct status	*st;
	bool		 utf8;		/* names in messages may stay UTF-8 */
	int		 sub;		/* our subscription to the session */
	const struct live_window *view;	/* the view's window (brk_view) */
	struct brk_one	*v[BRK_MAX];
	size_t		 n;
	unsigned	 next_num;	/* the number the next one gets */
	bool		 paused;	/* a firing holds the view */
	unsigned	 fired_num;	/* which one, while paused */
	uint64_t	 held_hits;	/* firings since the hold began */
	bool		 news;		/* fired since the last brk_tick */
	bool		 bell;		/* ring on a firing (:bell) */
	unsigned	 bells;		/* rings asked for so far */
	char		 banner[32];	/* "BREAK N" while paused */
};

/* Append printf-style text to *S (malloc'd, *S may be NULL). */
static void __attribute__((format(printf, 2, 3)))
brk_cat(char **s, const char *fmt, ...)
{
	va_list	 ap;
	char	*add, *t;

	va_start(ap, fmt);
	add = xvasprintf(fmt, ap);
	va_end(ap);
	t = xasprintf("%s%s", *s != NULL ? *s : "", add);
	free(add);
	free(*s);
	*s = t;
}

/*
 * TEXT made safe for a message (malloc'd): in double quotes with MARKS
 * (a whole condition, a typed argument), else bare (an operand inside
 * the quoted condition's report).
 */
static char *
brk_quote(const struct brk *b, const char *text, bool marks)
{
	return esc_quote(text, strlen(text), BRK_QUOTE, (b->utf8 ? ESC_UTF8 :
	    0) | (marks ? ESC_MARKS : 0));
}

/*
 * O fired at NOW_MS (after event EV, or on the clock when EV is NULL):
 * count it and, unless the set is held already, hold it and say why:
 * the condition and the values that made it true.
 */
static void
brk_fire(struct brk *b, struct brk_one *o, const struct live_event *ev,
    uint64_t now_ms)
{
	struct expr_operand_info	 info;
	char				*cond, *name, *buf = NULL;
	size_t				 n = expr_noperands(o->e);

	o->hits++;
	if (b->paused) {
		b->held_hits++;
		return;
	}
	b->paused = true;
	b->fired_num = o->num;
	b->held_hits = 0;
	b->news = true;
	if (b->bell)
		b->bells++;
	snprintf(b->banner, sizeof b->banner, "BREAK %u", o->num);
	cond = brk_quote(b, expr_text(o->e), true);
	brk_cat(&buf, "break %u: %s", o->num, cond);
	free(cond);
	for (size_t i = 0; i < n; i++) {
		expr_operand(o->e, i, &info);
		name = brk_quote(b, info.text, false);
		brk_cat(&buf, "%s%s", i ? ", " : "; ", name);
		free(name);
		if (!info.avail)
			brk_cat(&buf, " unavailable");
		else
			brk_cat(&buf, " = %s", info.value);
		if (ev == NULL)
			brk_cat(&buf, " (unchanged %" PRIu64 " ms)", now_ms -
			    info.changed_ms);
		else if (strcmp(info.value, info.old) != 0 ||
		    info.avail != info.old_avail)
			brk_cat(&buf, " (was %s)", info.old_avail ? info.old :
			    "unavailable");
	}
	brk_cat(&buf, "; Esc continues");
	status_msg(b->st, STATUS_WARN, "%s", buf);
	free(buf);
}

/* Evaluate O at NOW_MS (after EV, or on the clock); fire on a rise. */
static void
brk_eval(struct brk *b, struct brk_one *o, const struct live_event *ev,
    uint64_t now_ms)
{
	bool	was = o->truth;

	o->evaluated_ms = now_ms;
	o->truth = expr_eval(o->e, now_ms, NULL) == 1;
	if (o->truth && !was)
		brk_fire(b, o, ev, now_ms);
}

/*
 * True when EV is left to another witness (see the top): another
 * window's report of bytes the view's window compared in this same look
 * (it reports them too), or the page map's (swept between looks, a
 * whole page at a time: it could only bring a value newer than the frame
 * on screen, and the breaks' own windows see every change of what they
 * read at each look anyway).
 */
static bool
brk_views_it(const struct brk *b, const struct live_event *ev)
{
	const struct snapper	*s;
	struct snap		 was, now;
	uint64_t		 lo, hi;

	if (ev->kind == LIVE_BYTES && ev->source == LIVE_FROM_PAGES)
		return true;
	if (b->view == NULL || ev->kind != LIVE_BYTES ||
	    ev->source != LIVE_FROM_WINDOW || ev->window == b->view ||
	    (s = live_window_snapper(b->view)) == NULL ||
	    !snapper_compared(s, &was, &now))
		return false;
	/* Only bytes in both copies are compared (live_window_compare). */
	lo = was.off > now.off ? was.off : now.off;
	hi = was.off + was.len < now.off + now.len ? was.off + was.len :
	    now.off + now.len;
	return ev->off >= lo && ev->off + ev->len <= hi;
}

/* The session's events: each goes to every condition (live_fn). */
static void
brk_event(const struct live_event *ev, void *arg)
{
	struct brk	*b = arg;

	if (brk_views_it(b, ev))
		return;
	for (size_t i = 0; i < b->n; i++)
		if (expr_event(b->v[i]->e, ev, exprwin_read, b->live))
			brk_eval(b, b->v[i], ev, ev->at_ms);
}

/* Make the (empty) set of session L's breakpoints; see brk.h. */
struct brk *
brk_new(struct live *l, struct status *st, bool utf8)
{
	struct brk	*b = xcalloc(1, sizeof *b);

	b->live = l;
	b->st = st;
	b->utf8 = utf8;
	b->next_num = 1;
	b->bell = true;
	b->sub = live_subscribe(l, brk_event, b);
	return b;
}

/* The view's window; see brk.h. */
void
brk_view(struct brk *b, const struct live_window *w)
{
	b->view = w;
}

/* Free one breakpoint: its windows, then its condition. */
static void
brk_one_free(struct brk_one *o)
{
	exprwin_close(&o->ew);
	expr_free(o->e);
	free(o);
}

/* Stop watching and free B; see brk.h. */
void
brk_free(struct brk *b)
{
	if (b == NULL)
		return;
	live_unsubscribe(b->live, b->sub);
	for (size_t i = 0; i < b->n; i++)
		brk_one_free(b->v[i]);
	free(b);
}

/*
 * Say why a condition did not parse: the column first, where a narrow
 * status line still shows it, then what was wrong (CAUSE, freed) without
 * its own " at column N" tail.
 */
static void
brk_bad_cond(struct brk *b, unsigned col, char *cause)
{
	char	tail[40];
	size_t	n = strlen(cause), t;

	snprintf(tail, sizeof tail, " at column %u", col);
	t = strlen(tail);
	if (col > 0 && n > t && strcmp(cause + n - t, tail) == 0)
		cause[n - t] = '\0';
	if (col > 0)
		status_msg(b->st, STATUS_ERROR, "break: column %u: %s", col,
		    cause);
	else
		status_msg(b->st, STATUS_ERROR, "break: %s", cause);
	free(cause);
}

/* :break TEXT; see brk.h. */
int
brk_add(struct brk *b, const char *text, const struct expr_env *env,
    uint64_t now_ms)
{
	struct brk_one	*o;
	char		*cause = NULL, *q;
	unsigned	 col = 0;

	if (b->n == BRK_MAX) {
		status_msg(b->st, STATUS_ERROR, "break: %d breakpoints "
		    "already (:delete N drops one)", BRK_MAX);
		return REACT_REDRAW;
	}
	o = xcalloc(1, sizeof *o);
	if ((o->e = expr_parse_at(text, env, &col, &cause)) == NULL) {
		brk_bad_cond(b, col, cause);
		brk_one_free(o);
		return REACT_REDRAW;
	}
	if (!exprwin_open(&o->ew, b->live, o->e, &cause)) {
		status_msg(b->st, STATUS_ERROR, "break: %s", cause);
		free(cause);
		brk_one_free(o);
		return REACT_REDRAW;
	}
	expr_load(o->e, exprwin_read, b->live, door_size(live_door(b->live)),
	    now_ms);
	o->evaluated_ms = now_ms;
	o->truth = expr_eval(o->e, now_ms, NULL) == 1;
	o->num = b->next_num++;
	b->v[b->n++] = o;
	q = brk_quote(b, text, true);
	if (o->truth)
		status_msg(b->st, STATUS_INFO, "break %u: %s holds now: it "
		    "stops the view when it next becomes true", o->num, q);
	else
		status_msg(b->st, STATUS_INFO, "break %u: %s (the view stops "
		    "when it becomes true)", o->num, q);
	free(q);
	return REACT_REDRAW;
}

/* Say that ARG names no breakpoint; REACT_* bits. */
static int
brk_bad_num(struct brk *b, const char *arg)
{
	char	*q = brk_quote(b, arg, true);

	status_msg(b->st, STATUS_ERROR, "delete: %s is no breakpoint number "
	    "(:breaks lists them; :delete all)", q);
	free(q);
	return REACT_REDRAW;
}

/* :delete N or :delete all; see brk.h. */
int
brk_delete(struct brk *b, const char *arg)
{
	char		*end;
	unsigned long	 num;
	size_t		 i;

	while (*arg == ' ')
		arg++;
	if (strcmp(arg, "all") == 0) {
		for (i = 0; i < b->n; i++)
			brk_one_free(b->v[i]);
		status_msg(b->st, STATUS_INFO, "deleted %zu breakpoint%s",
		    b->n, b->n == 1 ? "" : "s");
		b->n = 0;
		return REACT_REDRAW;
	}
	num = strtoul(arg, &end, 10);
	if (*arg < '0' || *arg > '9' || *end != '\0')
		return brk_bad_num(b, arg);
	for (i = 0; i < b->n && b->v[i]->num != num; i++)
		continue;
	if (i == b->n)
		return brk_bad_num(b, arg);
	brk_one_free(b->v[i]);
	memmove(&b->v[i], &b->v[i + 1], (b->n - i - 1) * sizeof b->v[0]);
	b->n--;
	status_msg(b->st, STATUS_INFO, "deleted break %lu", num);
	return REACT_REDRAW;
}

/* :breaks; see brk.h. */
int
brk_list(struct brk *b)
{
	char	*buf = NULL, *q;

	if (b->n == 0) {
		status_msg(b->st, STATUS_INFO, "no breakpoints (:break COND "
		    "sets one)");
		return REACT_REDRAW;
	}
	brk_cat(&buf, "breaks:");
	for (size_t i = 0; i < b->n; i++) {
		q = brk_quote(b, expr_text(b->v[i]->e), true);
		brk_cat(&buf, "%s %u %s (%" PRIu64 " hit%s)", i ? ";" : "",
		    b->v[i]->num, q, b->v[i]->hits,
		    b->v[i]->hits == 1 ? "" : "s");
		free(q);
	}
	status_msg(b->st, STATUS_INFO, "%s", buf);
	free(buf);
	return REACT_REDRAW;
}

/* The clock reached NOW_MS; see brk.h. */
int
brk_tick(struct brk *b, uint64_t now_ms)
{
	for (size_t i = 0; i < b->n; i++)
		if (expr_deadline(b->v[i]->e, b->v[i]->evaluated_ms) <= now_ms)
			brk_eval(b, b->v[i], NULL, now_ms);
	if (!b->news)
		return 0;
	b->news = false;
	return REACT_REDRAW | REACT_FRESH;
}

/* Esc, '.', :continue; see brk.h. */
int
brk_continue(struct brk *b)
{
	if (!b->paused) {
		status_msg(b->st, STATUS_INFO, "no break holds the view");
		return REACT_REDRAW;
	}
	b->paused = false;
	b->news = false;
	status_msg(b->st, STATUS_INFO, "continued after break %u (%" PRIu64
	    " more hit%s while stopped)", b->fired_num, b->held_hits,
	    b->held_hits == 1 ? "" : "s");
	return REACT_REDRAW | REACT_RESNAP | REACT_ACTIVE;
}

/* :bell on|off; see brk.h. */
void
brk_set_bell(struct brk *b, bool on)
{
	b->bell = on;
}

/* True while a fired break holds the view. */
bool
brk_paused(const struct brk *b)
{
	return b->paused;
}

/* The header's word for the hold, or NULL. */
const char *
brk_banner(const struct brk *b)
{
	return b->paused ? b->banner : NULL;
}

/* How many rings were asked for so far. */
unsigned
brk_bells(const struct brk *b)
{
	return b->bells;
}

/* How many breakpoints there are. */
size_t
brk_count(const struct brk *b)
{
	return b->n;
}

/* Breakpoint I's number, text and hits; see brk.h. */
void
brk_get(const struct brk *b, size_t i, unsigned *num, const char **text,
    uint64_t *hits)
{
	*num = b->v[i]->num;
	*text = expr_text(b->v[i]->e);
	*hits = b->v[i]->hits;
}
