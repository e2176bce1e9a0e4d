/* SPDX-License-Identifier: ISC */
/*
 * draw_log.h - the change log panel (issue 14), drawn with curses.
 */
#ifndef LIVEHEX_DRAW_LOG_H
#define LIVEHEX_DRAW_LOG_H

struct view;

/* Draw the log panel at the panel's place (V's log, newest first). */
void	draw_log(const struct view *v);

#endif
