/* SPDX-License-Identifier: ISC */
/*
 * exprwin.c - the live windows that watch what one condition reads.
 *
 * A break or a pin is evaluated on the session's events only (expr.h);
 * for the events to come wherever its values are, on screen or far from
 * it, each byte range the condition reads (expr_ranges) gets a window of
 * its own, exact (gap 0) and without a snapper: no other byte is copied
 * for it, and the view's window is left alone.  As watch --until does
 * (watch_cond.c), bytes an event does not carry (a page or size event, a
 * reopen) are read again through the door: exprwin_read.
 */
#include "config.h"

#include <inttypes.h>
#include <stdlib.h>

#include "door.h"
#include "expr.h"
#include "exprwin.h"
#include "live.h"
#include "xmalloc.h"

/* Watch every range E reads in L; see exprwin.h. */
bool
exprwin_open(struct exprwin *ew, struct live *l, const struct expr *e,
    char **cause)
{
	const struct expr_range	*r;
	size_t			 n;
	uint64_t		 at;
	int			 err;

	r = expr_ranges(e, &n);
	ew->w = xcalloc(n ? n : 1, sizeof *ew->w);
	ew->n = 0;
	for (size_t i = 0; i < n; i++) {
		ew->w[ew->n++] = live_window_new(l, r[i].off, (size_t)r[i].len,
		    0, 0);
		if ((err = live_window_error(ew->w[i], &at)) != 0) {
			*cause = xasprintf("cannot read 0x%" PRIx64 ": %s", at,
			    door_strerror(err));
			return false;
		}
	}
	return true;
}

/* Stop watching; see exprwin.h. */
void
exprwin_close(struct exprwin *ew)
{
	for (size_t i = 0; i < ew->n; i++)
		live_window_free(ew->w[i]);
	free(ew->w);
	ew->w = NULL;
	ew->n = 0;
}

/* expr_read_fn over a session's door; see exprwin.h. */
size_t
exprwin_read(void *arg, uint64_t off, uint8_t *buf, size_t len)
{
	struct live	*l = arg;

	return door_read(live_door(l), off, buf, len).valid;
}
