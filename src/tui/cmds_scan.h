/* SPDX-License-Identifier: ISC */
/*
 * cmds_scan.h - :scan in the viewer (issue 15): the command for cmds.c's
 * table and the app-level glue the keys and the loop call.
 */
#ifndef LIVEHEX_CMDS_SCAN_H
#define LIVEHEX_CMDS_SCAN_H

#include <stdbool.h>

struct app;

/* The most candidates :scan pin pins at once (PINS_MAX bounds it too). */
#define CMDS_SCAN_PIN_MAX	16

/* :scan TYPE [PRED] [in A..B] | PRED | list | pin | reset */
int	cmds_scan(struct app *a, const char *args);
/* The loop's tick: a running round's budget, the list's values; APP_*. */
int	app_scan_tick(struct app *a);
/*
 * KEY before the normal keys: Esc cancels a running round, and the list
 * takes every key while it has the focus; true with *R (APP_* bits).
 */
bool	app_scan_key(struct app *a, int key, int *r);
/* Tab from the ASCII pane: give the shown list the keys; true if so. */
bool	app_scan_tab(struct app *a);

#endif
