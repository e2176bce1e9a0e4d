/* SPDX-License-Identifier: ISC */
/*
 * cmds_snap.c - the glue between the app and its snapshots (diffview.h):
 * :snap, :snaps, :diff, ]d / [d, and the snapshot names Tab completes
 * after :diff and :snap drop.  The work and the messages are
 * diffview's; this file only hands it the app's parts and turns a found
 * difference into a jump (app_jump: the target lands in the middle third,
 * as other jumps do).  Never draws; no curses.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "app.h"
#include "cmds_snap.h"
#include "diffview.h"

/* ARGS without its leading blanks (not cmds_skip: cmds.c includes us). */
static const char *
cmds_snap_skip(const char *args)
{
	return args + strspn(args, " ");
}

/* :snap [NAME], :snap drop NAME: take (or drop) a snapshot; APP_* bits. */
int
cmds_snap_snap(struct app *a, const char *args)
{
	return diffview_snap(a->diff, cmds_snap_skip(args));
}

/* :snaps: list the snapshots; APP_* bits. */
int
cmds_snap_snaps(struct app *a, const char *args)
{
	(void)args;
	return diffview_list(a->diff);
}

/* :diff NAME, :diff off: the diff view on or off; APP_* bits. */
int
cmds_snap_diff(struct app *a, const char *args)
{
	return diffview_diff(a->diff, cmds_snap_skip(args));
}

/* The snapshots' names, at most MAX, into NAMES; how many. */
size_t
cmds_snap_names(const struct app *a, const char **names, size_t max)
{
	size_t		 n = 0;
	const char	*name;

	while (n < max && (name = diffview_name(a->diff, n)) != NULL)
		names[n++] = name;
	return n;
}

/* ]d / [d, COUNT times: jump to the next (previous) difference; APP_*. */
int
cmds_snap_jump(struct app *a, bool backward, unsigned count)
{
	uint64_t	to;

	if (!diffview_next(a->diff, a->nav.cursor, backward, count, &to))
		return APP_REDRAW;
	return app_jump(a, to) | APP_REDRAW;
}
