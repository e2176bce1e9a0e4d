/* SPDX-License-Identifier: ISC */
/*
 * view.c - the fade, the one rule the view and the app share: how long a
 * changed byte stays highlighted, level by level.  The app uses it to
 * know when the next highlight steps down (a redraw is due then), the
 * view to pick a byte's colour; both read view_fade_ms, so the two can
 * never disagree.  Pure: no state, no curses.
 */
#include "config.h"

#include "view.h"

/* Highlight steps: level 3 until 400 ms, 2 until 1 s, 1 until 2 s. */
const uint32_t view_fade_ms[VIEW_FADE_LEVELS] = { 400, 1000, 2000 };

/* The fade level (0..3) of a byte stamped at CHANGED, at time NOW. */
int
view_fade_level(uint32_t changed, uint32_t now)
{
	uint32_t	age;

	if (changed == 0 || now < changed)
		return changed == 0 ? 0 : VIEW_FADE_LEVELS;
	age = now - changed;
	for (int i = 0; i < VIEW_FADE_LEVELS; i++)
		if (age < view_fade_ms[i])
			return VIEW_FADE_LEVELS - i;
	return 0;
}
