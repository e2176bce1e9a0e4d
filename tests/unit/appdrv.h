/* SPDX-License-Identifier: ISC */
/*
 * appdrv.h - an app on a temporary file, driven with keys as the loop
 * drives it: the start-up and the drivers shared by the suites that test
 * the viewer's actions without a terminal (check_app, check_select,
 * check_brk, check_pins, check_past_app).
 */
#ifndef LIVEHEX_APPDRV_H
#define LIVEHEX_APPDRV_H

#include <stdbool.h>
#include <stdint.h>

struct app;

/*
 * Make an app on a fresh 4096-byte file NAME of 0x00..0xff (no colour),
 * laid out 24x80 and ticked once; *PATH gets the file's path (malloc'd).
 */
struct app	*appdrv_new(const char *name, char **path);
/* Make an app on the existing file PATH (no colour), 24x80, ticked once. */
struct app	*appdrv_open(const char *path);
/* Free the app A, remove the file PATH and free PATH. */
void		 appdrv_free(struct app *a, char *path);
/* Type the characters of S as keys into A; the OR of the APP_* bits. */
int		 appdrv_keys(struct app *a, const char *s);
/* The byte at OFF in the frame A's view would draw now (Check fails off it). */
int		 appdrv_shown(struct app *a, uint64_t off);
/* True when A's status line says NEEDLE. */
bool		 appdrv_msg_has(struct app *a, const char *needle);

#endif
