/*
 * tui.h - the terminal viewer's entry point, for the command line.
 */
#ifndef LIVEHEX_TUI_H
#define LIVEHEX_TUI_H

struct app_opts;
struct door;

/* Run the viewer on DOOR (taken over) until the user quits; exit status. */
int	tui_run(const struct app_opts *opts, struct door *door);

#endif
