/* SPDX-License-Identifier: ISC */
/*
 * appdrv.c - an app on a temporary file, driven with keys.
 *
 * The suites that test the viewer's actions without a terminal start the
 * same way (a ramp file, a door on it, an app laid out for 24x80) and type
 * keys the way the loop does (keymap_key, one byte a key); this is that
 * one copy.  Failures are Check assertions, so a broken start-up fails the
 * test that asked for it.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "appdrv.h"
#include "door.h"
#include "keymap.h"
#include "snap.h"
#include "status.h"
#include "testutil.h"
#include "view.h"

/* Make an app on a fresh 4096-byte ramp file NAME, laid out 24x80. */
struct app *
appdrv_new(const char *name, char **path)
{
	unsigned char	 b[4096];

	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (unsigned char)i;
	*path = tu_file(name, b, sizeof b);
	return appdrv_open(*path);
}

/* Make an app on the existing file PATH, laid out 24x80, ticked once. */
struct app *
appdrv_open(const char *path)
{
	struct app_opts	 o;
	struct app	*a;
	struct door	*d;
	char		*cause = NULL;

	memset(&o, 0, sizeof o);
	o.path = path;
	o.no_color = true;
	d = door_open(path, app_door_flags(&o), &cause);
	ck_assert_msg(d != NULL, "door_open: %s", cause);
	a = app_new(&o, d);
	app_layout(a, 24, 80);
	app_tick(a);
	return a;
}

/* Free the app A, remove the file PATH and free PATH. */
void
appdrv_free(struct app *a, char *path)
{
	app_free(a);
	unlink(path);
	free(path);
}

/* Type the characters of S as keys into A; the OR of the APP_* bits. */
int
appdrv_keys(struct app *a, const char *s)
{
	int	r = 0;

	for (; *s != '\0'; s++)
		r |= keymap_key(a, (unsigned char)*s);
	return r;
}

/* The byte at OFF in the frame A's view would draw now. */
int
appdrv_shown(struct app *a, uint64_t off)
{
	struct view	v;

	app_view(a, &v);
	ck_assert_uint_ge(off, v.snap->off);
	ck_assert_uint_lt(off - v.snap->off, v.snap->len);
	return v.snap->bytes[off - v.snap->off];
}

/* True when A's status line says NEEDLE. */
bool
appdrv_msg_has(struct app *a, const char *needle)
{
	const char	*m = status_text(a->status);

	return m != NULL && strstr(m, needle) != NULL;
}
