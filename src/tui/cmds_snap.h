/* SPDX-License-Identifier: ISC */
/*
 * cmds_snap.h - snapshots and diff (issue 14): the ':' commands' functions
 * for rows of cmds.c's one command table, and ]d / [d for keymap.c.
 */
#ifndef LIVEHEX_CMDS_SNAP_H
#define LIVEHEX_CMDS_SNAP_H

#include <stdbool.h>

struct app;

/* :snap [NAME], :snap drop NAME */
int	cmds_snap_snap(struct app *a, const char *args);
/* :snaps */
int	cmds_snap_snaps(struct app *a, const char *args);
/* :diff NAME, :diff off */
int	cmds_snap_diff(struct app *a, const char *args);
/* ]d (BACKWARD: [d), COUNT times (0: once): jump to a difference; APP_*. */
int	cmds_snap_jump(struct app *a, bool backward, unsigned count);

#endif
