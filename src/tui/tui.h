/* SPDX-License-Identifier: ISC */
/*
 * tui.h - the terminal viewer's entry point, for the command line.
 */
#ifndef LIVEHEX_TUI_H
#define LIVEHEX_TUI_H

struct app_opts;
struct door;

/*
 * Run the viewer on DOOR (taken over) until the user quits; exit status.
 * A signal that ends it goes to *FATAL_SIG when given (the caller cleans
 * up, then calls tui_die_by), else the process dies by it at once.
 */
int	tui_run(const struct app_opts *opts, struct door *door,
	    int *fatal_sig);
/* Die by signal SIG as the parent shell expects (no-op for 0). */
void	tui_die_by(int sig);

#endif
