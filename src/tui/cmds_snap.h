/* SPDX-License-Identifier: ISC */
/*
 * cmds_snap.h - snapshots and diff (issue 14): the ':' commands' functions
 * for rows of cmds.c's one command table, and ]d / [d for keymap.c.
 */
#ifndef LIVEHEX_CMDS_SNAP_H
#define LIVEHEX_CMDS_SNAP_H

#include <stdbool.h>
#include <stddef.h>

struct app;

/* The most snapshot names Tab offers (cmds_snap_names). */
#define CMDS_SNAP_NAMES_MAX	64

/* :snap [NAME], :snap drop NAME */
int	cmds_snap_snap(struct app *a, const char *args);
/* :snaps */
int	cmds_snap_snaps(struct app *a, const char *args);
/* :diff NAME, :diff off */
int	cmds_snap_diff(struct app *a, const char *args);
/*
 * The snapshots' names (at most MAX, in the order taken) into NAMES, for
 * Tab after :diff and :snap drop; how many.  They live until the next
 * :snap drop.
 */
size_t	cmds_snap_names(const struct app *a, const char **names, size_t max);
/* ]d (BACKWARD: [d), COUNT times (0: once): jump to a difference; APP_*. */
int	cmds_snap_jump(struct app *a, bool backward, unsigned count);

#endif
