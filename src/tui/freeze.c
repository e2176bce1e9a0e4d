/* SPDX-License-Identifier: ISC */
/*
 * freeze.c - frozen values: :freeze EXPR VALUE, :unfreeze, re-stores.
 *
 * Each frozen value is a compiled expression (expr.h) that must be one
 * typed value (its only operand, as written), the bytes of VALUE for
 * that type, and windows over it (exprwin.h).  The set subscribes to the
 * session; an event that changes the value marks it due.  Why not store
 * from the event: the session forbids storing from inside its callbacks
 * (live.h), so the store waits for freeze_tick, right after the look.
 * There the bytes are read again through the door and, only when they
 * differ from VALUE's, stored through store_put (STORE_ATOMIC: one
 * store of the exact width, atomic when aligned; STORE_WHOLE: nothing
 * past the end).  Our own store comes back as a STORE event and finds
 * the bytes equal: no loop.  The re-stores are not edits: they are kept
 * out of the undo journal, counted on the value's row and each said on
 * the status line, as store_put reported it.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "door.h"
#include "esc.h"
#include "expr.h"
#include "exprwin.h"
#include "freeze.h"
#include "live.h"
#include "react.h"
#include "status.h"
#include "store.h"
#include "value.h"
#include "xmalloc.h"

/* Longest name a row or a message shows before "...". */
#define FREEZE_NAME	32

/* One frozen value. */
struct frz {
	unsigned		 num;		/* as its row shows it */
	char			*name;		/* the operand, escaped */
	struct expr		*e;
	struct exprwin		 ew;
	uint64_t		 off;
	struct value_type	 type;
	uint8_t			 bytes[8];	/* VALUE, type.width of them */
	char			 value[48];	/* VALUE as the type shows it */
	uint64_t		 restores;	/* stores after the first */
	bool			 due;		/* changed since the last tick */
};

struct freeze {
	struct live	*live;
	struct status	*st;
	bool		 utf8;
	int		 sub;
	struct frz	*v[FREEZE_MAX];
	size_t		 n;
	unsigned	 next_num;
};

/* The session's events: a frozen value that changed is due. */
static void
freeze_event(const struct live_event *ev, void *arg)
{
	struct freeze	*f = arg;

	for (size_t i = 0; i < f->n; i++)
		if (expr_event(f->v[i]->e, ev, exprwin_read, f->live))
			f->v[i]->due = true;
}

/* Make the (empty) set; see freeze.h. */
struct freeze *
freeze_new(struct live *l, struct status *st, bool utf8)
{
	struct freeze	*f = xcalloc(1, sizeof *f);

	f->live = l;
	f->st = st;
	f->utf8 = utf8;
	f->next_num = 1;
	f->sub = live_subscribe(l, freeze_event, f);
	return f;
}

/* Free one frozen value. */
static void
freeze_one_free(struct frz *z)
{
	exprwin_close(&z->ew);
	expr_free(z->e);
	free(z->name);
	free(z);
}

/* Stop re-storing and free F; see freeze.h. */
void
freeze_free(struct freeze *f)
{
	if (f == NULL)
		return;
	live_unsubscribe(f->live, f->sub);
	for (size_t i = 0; i < f->n; i++)
		freeze_one_free(f->v[i]);
	free(f);
}

/* TEXT (LEN bytes) made safe for a message (malloc'd), quoted. */
static char *
freeze_quote(const struct freeze *f, const char *text, size_t len)
{
	return esc_quote(text, len, FREEZE_NAME, (f->utf8 ? ESC_UTF8 : 0) |
	    ESC_MARKS);
}

/*
 * Store Z's bytes (WHY: "froze" or "re-stored"); true when all went in.
 * The outcome is said as store_put reported it.
 */
static bool
freeze_store(struct freeze *f, struct frz *z, const char *why)
{
	struct store_result	 r;
	char			*cause = NULL, was[48] = "";

	r = store_put(f->live, z->off, z->bytes, z->type.width,
	    STORE_ATOMIC | STORE_WHOLE, NULL, &cause);
	if (r.old_valid == z->type.width)
		value_decode(&z->type, r.old, was, sizeof was);
	if (r.why != DOOR_PUT_DONE) {
		status_msg(f->st, STATUS_ERROR, "freeze %u: %s not stored "
		    "(%zu of %u bytes): %s", z->num, z->name, r.stored,
		    z->type.width, cause != NULL ? cause : "failed");
		free(cause);
		store_result_free(&r);
		return false;
	}
	status_msg(f->st, STATUS_INFO, "freeze %u: %s %s %s (was %s)%s%s",
	    z->num, why, z->name, z->value, was[0] != '\0' ? was : "unknown",
	    r.atomic ? "" : ", not atomic (misaligned)",
	    z->restores > 0 ? "" : "; :unfreeze releases it");
	free(cause);
	store_result_free(&r);
	return true;
}

/* Split TEXT into EXPR (malloc'd, *expr) and its last word *VALUE. */
static bool
freeze_split(const char *text, char **expr, const char **value)
{
	size_t	len = strlen(text);

	while (len > 0 && text[len - 1] == ' ')
		len--;
	*value = text + len;
	while (*value > text && (*value)[-1] != ' ')
		(*value)--;
	if (*value == text)
		return false;
	*expr = xstrdup(text);
	for (len = (size_t)(*value - text); len > 0 && (*expr)[len - 1] == ' ';
	    len--)
		continue;
	(*expr)[len] = '\0';
	return true;
}

/* Say LEAD, ARG quoted, TAIL as an error; REACT_* bits. */
static int
freeze_bad(struct freeze *f, const char *lead, const char *arg,
    const char *tail)
{
	char	*q = freeze_quote(f, arg, strlen(arg));

	status_msg(f->st, STATUS_ERROR, "%s%s%s", lead, q, tail);
	free(q);
	return REACT_REDRAW;
}

/* :freeze EXPR VALUE; see freeze.h. */
int
freeze_add(struct freeze *f, const char *text, const struct expr_env *env)
{
	struct expr_operand_info	 info;
	struct frz			*z;
	const char			*value, *ro, *t;
	char				*expr = NULL, *cause = NULL, val[64];
	size_t				 vlen;

	if ((ro = door_readonly_reason(live_door(f->live))) != NULL) {
		status_msg(f->st, STATUS_ERROR, "freeze: the file is "
		    "read-only here (%s): nothing stored", ro);
		return REACT_REDRAW;
	}
	if (f->n == FREEZE_MAX) {
		status_msg(f->st, STATUS_ERROR, "freeze: %d values frozen "
		    "already (:unfreeze N releases one)", FREEZE_MAX);
		return REACT_REDRAW;
	}
	if (!freeze_split(text, &expr, &value))
		return freeze_bad(f, "freeze: ", text, " needs a value: "
		    ":freeze TYPE@OFFSET VALUE (or a field)");
	vlen = strcspn(value, " ");
	snprintf(val, sizeof val, "%.*s", (int)vlen, value);
	z = xcalloc(1, sizeof *z);
	if ((z->e = expr_parse(expr, env, &cause)) == NULL) {
		status_msg(f->st, STATUS_ERROR, "freeze: %s", cause);
		free(cause);
		free(expr);
		freeze_one_free(z);
		return REACT_REDRAW;
	}
	free(expr);
	/* One value as written: its only operand is the whole text. */
	t = expr_text(z->e);
	while (*t == ' ')
		t++;
	if (expr_noperands(z->e) == 1)
		expr_operand(z->e, 0, &info);
	if (expr_noperands(z->e) != 1 || strncmp(t, info.text,
	    strlen(info.text)) != 0 || strspn(t + strlen(info.text), " ") !=
	    strlen(t + strlen(info.text))) {
		freeze_bad(f, "freeze: ", t, " is no single value (give "
		    "TYPE@OFFSET or a field)");
		freeze_one_free(z);	/* after: T is its text */
		return REACT_REDRAW;
	}
	/* issue 15: a bitfield's bytes hold its neighbours: never stored. */
	if (info.bit_size != 0) {
		freeze_bad(f, "freeze: ", t, " is a bitfield: its bytes hold "
		    "other fields too");
		freeze_one_free(z);
		return REACT_REDRAW;
	}
	z->off = info.off;
	z->type = info.type;
	if (value_encode(&z->type, val, z->bytes, &cause) == -1) {
		status_msg(f->st, STATUS_ERROR, "freeze: %s", cause);
		free(cause);
		freeze_one_free(z);
		return REACT_REDRAW;
	}
	value_decode(&z->type, z->bytes, z->value, sizeof z->value);
	z->name = freeze_quote(f, info.text, strlen(info.text));
	if (!exprwin_open(&z->ew, f->live, z->e, &cause)) {
		status_msg(f->st, STATUS_ERROR, "freeze: %s", cause);
		free(cause);
		freeze_one_free(z);
		return REACT_REDRAW;
	}
	expr_load(z->e, exprwin_read, f->live, door_size(live_door(f->live)),
	    live_now(f->live));
	z->num = f->next_num++;
	f->v[f->n++] = z;
	freeze_store(f, z, "froze");
	return REACT_REDRAW | REACT_RESNAP | REACT_RELAYOUT | REACT_FRESH;
}

/* :unfreeze N, or all; see freeze.h. */
int
freeze_remove(struct freeze *f, const char *arg)
{
	char		*end;
	unsigned long	 num;
	size_t		 i;

	while (*arg == ' ')
		arg++;
	if (*arg == '\0' || strcmp(arg, "all") == 0) {
		for (i = 0; i < f->n; i++)
			freeze_one_free(f->v[i]);
		status_msg(f->st, STATUS_INFO, "released %zu frozen value%s",
		    f->n, f->n == 1 ? "" : "s");
		f->n = 0;
		return REACT_REDRAW | REACT_RELAYOUT | REACT_RESNAP;
	}
	num = strtoul(arg, &end, 10);
	for (i = 0; i < f->n && f->v[i]->num != num; i++)
		continue;
	if (*arg < '0' || *arg > '9' || *end != '\0' || i == f->n)
		return freeze_bad(f, "unfreeze: ", arg, " is no frozen "
		    "value's number (:unfreeze releases all)");
	status_msg(f->st, STATUS_INFO, "released freeze %lu (%" PRIu64
	    " re-stores)", num, f->v[i]->restores);
	freeze_one_free(f->v[i]);
	memmove(&f->v[i], &f->v[i + 1], (f->n - i - 1) * sizeof f->v[0]);
	f->n--;
	return REACT_REDRAW | REACT_RELAYOUT | REACT_RESNAP;
}

/* After a look: re-store what another process changed; see freeze.h. */
int
freeze_tick(struct freeze *f, bool held)
{
	uint8_t	now[8];
	int	r = 0;

	if (held)
		return 0;
	for (size_t i = 0; i < f->n; i++) {
		struct frz	*z = f->v[i];

		if (!z->due)
			continue;
		z->due = false;
		if (door_read(live_door(f->live), z->off, now,
		    z->type.width).valid == z->type.width &&
		    memcmp(now, z->bytes, z->type.width) == 0)
			continue;
		z->restores++;
		freeze_store(f, z, "re-stored");
		r |= REACT_REDRAW | REACT_RESNAP | REACT_FRESH;
	}
	return r;
}

/* How many values are frozen. */
size_t
freeze_count(const struct freeze *f)
{
	return f->n;
}

/* session: value I's expression and VALUE as its type shows it. */
void
freeze_get(const struct freeze *f, size_t i, const char **expr,
    const char **value)
{
	*expr = expr_text(f->v[i]->e);
	*value = f->v[i]->value;
}

/* Row I for the view; see freeze.h. */
void
freeze_row(const struct freeze *f, size_t i, char *out, size_t outlen)
{
	const struct frz	*z = f->v[i];

	snprintf(out, outlen, "%u %s := %s  %" PRIu64 " re-store%s", z->num,
	    z->name, z->value, z->restores, z->restores == 1 ? "" : "s");
}
