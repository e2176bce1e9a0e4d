/* SPDX-License-Identifier: ISC */
/*
 * chooser.h - a small menu on the terminal, run before the viewer starts.
 *
 * `livehex pid:PID` on a process with several shared mappings asks which
 * one to open.  The chooser owns the terminal only while it runs: it
 * starts curses, lets the user move and pick, and restores the terminal
 * before it returns, so the viewer (or an error message) starts clean.
 */
#ifndef LIVEHEX_CHOOSER_H
#define LIVEHEX_CHOOSER_H

#include <stddef.h>

/* One line of the menu; both strings are shown escaped (esc.h). */
struct chooser_item {
	const char	*label;		/* what is chosen: a SOURCE */
	const char	*detail;	/* what it is, for people */
};

/*
 * Show TITLE and the N ITEMS; arrows or j/k move, Enter picks, q, Esc or
 * ^C cancel.  The index picked, -1 when cancelled, or -2 with *why when
 * there is no terminal to ask on.
 */
int	chooser_run(const char *title, const struct chooser_item *items,
	    size_t n, const char **why);

#endif
