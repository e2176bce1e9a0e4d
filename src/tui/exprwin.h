/* SPDX-License-Identifier: ISC */
/*
 * exprwin.h - the live windows that watch what one condition reads, for
 * the viewer's breaks and pins (issue 15).
 */
#ifndef LIVEHEX_EXPRWIN_H
#define LIVEHEX_EXPRWIN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct expr;
struct live;
struct live_window;

/* One exact window (gap 0, no snapper) per byte range a condition reads. */
struct exprwin {
	struct live_window	**w;
	size_t			  n;
};

/*
 * Watch every range E reads in session L; false with *cause (the windows
 * made so far are kept: exprwin_close frees them).
 */
bool	exprwin_open(struct exprwin *ew, struct live *l, const struct expr *e,
	    char **cause);
/* Stop watching; EW is empty again. */
void	exprwin_close(struct exprwin *ew);
/* expr_read_fn over session ARG's door: bytes an event did not carry. */
size_t	exprwin_read(void *arg, uint64_t off, uint8_t *buf, size_t len);

#endif
