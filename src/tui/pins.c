/* SPDX-License-Identifier: ISC */
/*
 * pins.c - pinned values: :pin EXPR [NAME], :unpin N, the panel's rows.
 *
 * Owns the viewer's pins: each is a compiled expression (expr.h) with one
 * live window per range it reads (exprwin.h), its last value as text
 * (expr_format) and its numbers (pinstat.h).  The set subscribes to the
 * session; an event that changes a value a pin reads (expr_event) takes
 * a new sample: the text, and the number into the pin's statistics (NaN
 * while it cannot be computed, drawn as '?').  So a pin costs nothing
 * while its values sit still, and a value is never read per tick.
 *
 * The name: "EXPR NAME" is told from "EXPR" by parsing, not by a
 * keyword: the whole text first; only when it does not parse and the
 * text before its last word does, is that word a name.  So ":pin head"
 * pins the field head and ":pin u32le@0x40 count" names the value.
 *
 * Rows are made on demand for the view (pins_row, const): numbers in the
 * C locale (expr_format's rule), the name or the expression escaped.
 */
#include "config.h"

#include <ctype.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "door.h"
#include "esc.h"
#include "expr.h"
#include "exprwin.h"
#include "live.h"
#include "pins.h"
#include "pinstat.h"
#include "react.h"
#include "status.h"
#include "xmalloc.h"

/* Longest name or expression a row or a message shows before "...". */
#define PINS_NAME	32

/* One pin. */
struct pin {
	unsigned	 num;		/* as the panel shows it, from 1 */
	char		*name;		/* escaped: the name, or the expression */
	char		*typed;		/* session: ":pin TEXT" as typed */
	struct expr	*e;
	struct exprwin	 ew;		/* what E reads, watched */
	char		 text[64];	/* its value now (expr_format) */
	struct pinstat	 st;
	unsigned	 rate_shown;	/* the rate pins_tick last saw */
};

struct pins {
	struct live	*live;
	struct status	*st;
	bool		 utf8;
	int		 sub;		/* our subscription to the session */
	struct pin	*v[PINS_MAX];
	size_t		 n;
	unsigned	 next_num;
	bool		 news;		/* a value moved since pins_tick */
};

/* Take pin P's value now (at NOW_MS): its text and a sample. */
static void
pins_sample(struct pin *p, uint64_t now_ms)
{
	double	v;

	expr_format(p->e, now_ms, p->text, sizeof p->text);
	if (expr_value(p->e, now_ms, &v) == -1)
		v = NAN;
	pinstat_add(&p->st, v, now_ms);
}

/* The session's events: a pin whose value moved takes a sample. */
static void
pins_event(const struct live_event *ev, void *arg)
{
	struct pins	*ps = arg;

	for (size_t i = 0; i < ps->n; i++)
		if (expr_event(ps->v[i]->e, ev, exprwin_read, ps->live)) {
			pins_sample(ps->v[i], ev->at_ms);
			ps->news = true;
		}
}

/* Make the (empty) pins of session L; see pins.h. */
struct pins *
pins_new(struct live *l, struct status *st, bool utf8)
{
	struct pins	*ps = xcalloc(1, sizeof *ps);

	ps->live = l;
	ps->st = st;
	ps->utf8 = utf8;
	ps->next_num = 1;
	ps->sub = live_subscribe(l, pins_event, ps);
	return ps;
}

/* Free one pin: its windows, its expression, its name. */
static void
pins_one_free(struct pin *p)
{
	exprwin_close(&p->ew);
	expr_free(p->e);
	free(p->name);
	free(p->typed);
	free(p);
}

/* Stop watching and free PS; see pins.h. */
void
pins_free(struct pins *ps)
{
	if (ps == NULL)
		return;
	live_unsubscribe(ps->live, ps->sub);
	for (size_t i = 0; i < ps->n; i++)
		pins_one_free(ps->v[i]);
	free(ps);
}

/* TEXT (LEN bytes) made safe for a row or a message (malloc'd). */
static char *
pins_quote(const struct pins *ps, const char *text, size_t len, bool marks)
{
	return esc_quote(text, len, PINS_NAME, (ps->utf8 ? ESC_UTF8 : 0) |
	    (marks ? ESC_MARKS : 0));
}

/*
 * Compile TEXT as "EXPR" or "EXPR NAME" (see the top) into *e and *name
 * (the name's start in TEXT, or NULL); false with *cause for the whole.
 */
static bool
pins_parse(const char *text, const struct expr_env *env, struct expr **e,
    const char **name, char **cause)
{
	const char	*last;
	char		*head, *ignored = NULL;
	size_t		 len = strlen(text);

	*name = NULL;
	if ((*e = expr_parse(text, env, cause)) != NULL)
		return true;
	while (len > 0 && text[len - 1] == ' ')
		len--;
	for (last = text + len; last > text && last[-1] != ' '; last--)
		continue;
	if (last == text)
		return false;
	head = xstrdup(text);
	head[last - text] = '\0';
	*e = expr_parse(head, env, &ignored);
	free(head);
	free(ignored);
	if (*e == NULL)
		return false;
	free(*cause);
	*cause = NULL;
	*name = last;
	return true;
}

/* :pin TEXT; see pins.h. */
int
pins_add(struct pins *ps, const char *text, const struct expr_env *env,
    uint64_t now_ms)
{
	struct pin	*p;
	const char	*name;
	char		*cause = NULL;
	size_t		 nlen;

	if (ps->n == PINS_MAX) {
		status_msg(ps->st, STATUS_ERROR, "pin: %d pins already "
		    "(:unpin N drops one)", PINS_MAX);
		return REACT_REDRAW;
	}
	p = xcalloc(1, sizeof *p);
	if (!pins_parse(text, env, &p->e, &name, &cause) ||
	    !exprwin_open(&p->ew, ps->live, p->e, &cause)) {
		status_msg(ps->st, STATUS_ERROR, "pin: %s", cause);
		free(cause);
		pins_one_free(p);
		return REACT_REDRAW;
	}
	if (name != NULL) {
		nlen = strlen(name);
		while (nlen > 0 && name[nlen - 1] == ' ')
			nlen--;
		p->name = pins_quote(ps, name, nlen, false);
	} else
		p->name = pins_quote(ps, expr_text(p->e),
		    strlen(expr_text(p->e)), false);
	/* session (:mksession): the text as typed, for the same :pin again */
	p->typed = xstrdup(text + strspn(text, " "));
	pinstat_init(&p->st);
	expr_load(p->e, exprwin_read, ps->live,
	    door_size(live_door(ps->live)), now_ms);
	pins_sample(p, now_ms);
	p->num = ps->next_num++;
	ps->v[ps->n++] = p;
	status_msg(ps->st, STATUS_INFO, "pin %u: %s = %s", p->num, p->name,
	    p->text);
	return REACT_REDRAW | REACT_RELAYOUT | REACT_RESNAP;
}

/* :unpin N or :unpin all; see pins.h. */
int
pins_remove(struct pins *ps, const char *arg)
{
	char		*end, *q;
	unsigned long	 num;
	size_t		 i;

	while (*arg == ' ')
		arg++;
	if (strcmp(arg, "all") == 0) {
		for (i = 0; i < ps->n; i++)
			pins_one_free(ps->v[i]);
		status_msg(ps->st, STATUS_INFO, "unpinned %zu value%s", ps->n,
		    ps->n == 1 ? "" : "s");
		ps->n = 0;
		return REACT_REDRAW | REACT_RELAYOUT | REACT_RESNAP;
	}
	num = strtoul(arg, &end, 10);
	for (i = 0; i < ps->n && ps->v[i]->num != num; i++)
		continue;
	if (*arg < '0' || *arg > '9' || *end != '\0' || i == ps->n) {
		q = pins_quote(ps, arg, strlen(arg), true);
		status_msg(ps->st, STATUS_ERROR, "unpin: %s is no pin number "
		    "(the panel numbers them; :unpin all)", q);
		free(q);
		return REACT_REDRAW;
	}
	pins_one_free(ps->v[i]);
	memmove(&ps->v[i], &ps->v[i + 1], (ps->n - i - 1) * sizeof ps->v[0]);
	ps->n--;
	status_msg(ps->st, STATUS_INFO, "unpinned %lu", num);
	return REACT_REDRAW | REACT_RELAYOUT | REACT_RESNAP;
}

/* The clock reached NOW_MS; see pins.h. */
int
pins_tick(struct pins *ps, uint64_t now_ms)
{
	int	r = ps->news ? REACT_REDRAW : 0;

	ps->news = false;
	for (size_t i = 0; i < ps->n; i++) {
		unsigned	rate = pinstat_rate(&ps->v[i]->st, now_ms);

		if (rate != ps->v[i]->rate_shown) {
			ps->v[i]->rate_shown = rate;
			r |= REACT_REDRAW;
		}
	}
	return r;
}

/* How many pins there are. */
size_t
pins_count(const struct pins *ps)
{
	return ps->n;
}

/* session: pin I's text as it was typed after :pin ("EXPR [NAME]"). */
const char *
pins_text(const struct pins *ps, size_t i)
{
	return ps->v[i]->typed;
}

/* V as text into OUT: an integer as such, else %.6g in the C locale. */
static void
pins_num(double v, char *out, size_t outlen)
{
	locale_t	cl, was;

	if (isnan(v)) {
		snprintf(out, outlen, "?");
		return;
	}
	if (v == floor(v) && fabs(v) < 9007199254740992.0) {
		snprintf(out, outlen, "%" PRId64, (int64_t)v);
		return;
	}
	/* The C locale's '.', whatever the program's locale says. */
	cl = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	was = cl != (locale_t)0 ? uselocale(cl) : (locale_t)0;
	snprintf(out, outlen, "%.6g", v);
	if (cl != (locale_t)0) {
		uselocale(was);
		freelocale(cl);
	}
}

/* Pin I's row at NOW_MS; see pins.h. */
void
pins_row(const struct pins *ps, size_t i, uint64_t now_ms, size_t width,
    char *out, size_t outlen)
{
	const struct pin	*p = ps->v[i];
	char			 lo[32], hi[32], spark[4 * PINSTAT_HIST + 1];
	int			 used;

	pins_num(p->st.min, lo, sizeof lo);
	pins_num(p->st.max, hi, sizeof hi);
	used = snprintf(out, outlen, "%u %s = %s  min %s  max %s  %u/s  ",
	    p->num, p->name, p->text, lo, hi, pinstat_rate(&p->st, now_ms));
	if (used < 0)
		used = 0;
	if ((size_t)used >= outlen)
		used = (int)outlen - 1;
	if ((size_t)used + 4 > width) {
		/* No room for a sparkline: cut (a byte is at most a column,
		   and never inside a UTF-8 sequence). */
		size_t	w = (size_t)used < width ? (size_t)used : width;

		while (w > 0 && ((unsigned char)out[w] & 0xc0) == 0x80)
			w--;
		out[w] = '\0';
		return;
	}
	/* The sparkline takes what is left of the row (one column each). */
	pinstat_spark(&p->st, ps->utf8, width - (size_t)used, spark,
	    sizeof spark);
	snprintf(out + used, outlen - (size_t)used, "%s", spark);
}
