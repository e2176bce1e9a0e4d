/* SPDX-License-Identifier: ISC */
/*
 * check_scan_app.c - :scan's app-level glue (cmds_scan.c, issue 15)
 * without a terminal: the list in the panel and its keys, Esc on a
 * running round, :scan pin's limit, :e onto another file.
 *
 * An app on a 4096-byte ramp (byte i is i & 0xff), driven as the loop
 * drives it: commands through cmds_run, keys through appdrv_keys, the
 * round's budgets through app_scan_tick; a budget of 64 bytes
 * (LIVEHEX_SCAN_BUDGET) makes a round take many ticks.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "appdrv.h"
#include "cmds.h"
#include "cmds_scan.h"
#include "pins.h"
#include "scanview.h"
#include "status.h"
#include "testutil.h"
#include "timeout.h"
#include "view.h"

static struct app	*a;
static char		*path;
static unsigned char	 ramp[4096];

/* An app on a fresh ramp, rounds of 64 bytes a tick. */
static void
setup(void)
{
	setenv("LIVEHEX_SCAN_BUDGET", "64", 1);
	a = appdrv_new("scan_app.bin", &path);
	for (size_t i = 0; i < sizeof ramp; i++)
		ramp[i] = (unsigned char)i;
}

/* The file is the ramp still (nothing stored); free the app. */
static void
teardown(void)
{
	size_t		 len;
	unsigned char	*b = tu_slurp(path, &len);

	ck_assert_uint_eq(len, sizeof ramp);
	ck_assert_msg(memcmp(b, ramp, len) == 0, "a scan stored");
	free(b);
	appdrv_free(a, path);
	unsetenv("LIVEHEX_SCAN_BUDGET");
}

/* Tick until the round ends; the ticks it took. */
static unsigned
finish(void)
{
	unsigned	n = 0;

	while (scanview_running(a->scan)) {
		ck_assert_uint_lt(n, 100000);
		app_scan_tick(a);
		n++;
	}
	return n;
}

/* The status line says WANT (a part of it). */
#define SAYS(want) ck_assert_msg(appdrv_msg_has(a, (want)),		\
	"status \"%s\", not \"%s\"", status_text(a->status), (want))

/* :scan list: the panel shows the list with the keys; Enter; Tab; q. */
START_TEST(list_panel_keys)
{
	struct view	v;

	cmds_run(a, "scan list");
	SAYS("no scan yet");
	cmds_run(a, "scan u8 == 0x10");
	ck_assert_uint_gt(finish(), 1);
	SAYS("scan: 16 candidates (from 4096)");
	ck_assert(a->panel_what != APP_SHOW_SCAN);
	cmds_run(a, "scan list");
	ck_assert(a->inspector);
	ck_assert_int_eq(a->panel_what, APP_SHOW_SCAN);
	ck_assert(scanview_focused(a->scan));
	app_view(a, &v);
	ck_assert(v.panel_scan);
	ck_assert_ptr_eq(v.scan, a->scan);
	ck_assert_uint_eq(scanview_rows(a->scan), 16);
	/* j j Enter: the third candidate, 0x210; the keys go back. */
	appdrv_keys(a, "jj\r");
	ck_assert_uint_eq(a->nav.cursor, 0x210);
	ck_assert(!scanview_focused(a->scan));
	ck_assert_int_eq(a->panel_what, APP_SHOW_SCAN);
	/* j moves the cursor now, not the list. */
	appdrv_keys(a, "j");
	ck_assert_uint_eq(a->nav.cursor, 0x210 + 16);
	/* Tab, Tab: the ASCII pane, then the list. */
	appdrv_keys(a, "\t");
	ck_assert(!scanview_focused(a->scan));
	appdrv_keys(a, "\t");
	ck_assert(scanview_focused(a->scan));
	/* q closes the panel: the inspector is back. */
	appdrv_keys(a, "q");
	ck_assert(!scanview_focused(a->scan));
	ck_assert_int_eq(a->panel_what, APP_SHOW_INSPECTOR);
}
END_TEST

/* Esc while a round runs cancels it; Esc with none does what it did. */
START_TEST(esc_cancels_a_round)
{
	cmds_run(a, "scan u8");
	app_scan_tick(a);
	ck_assert(scanview_running(a->scan));
	SAYS("Esc cancels");
	appdrv_keys(a, "\x1b");
	ck_assert(!scanview_running(a->scan));
	SAYS("scan cancelled at ");
	ck_assert(!scanview_active(a->scan));
}
END_TEST

/* :scan pin fills the free pins and says how many were left out. */
START_TEST(pin_limit)
{
	cmds_run(a, "scan pin");
	SAYS("no scan to pin");
	cmds_run(a, "scan u8 == 0x10");
	finish();
	cmds_run(a, "pin u8@0 first");
	ck_assert_uint_eq(pins_count(a->pins), 1);
	cmds_run(a, "scan pin");
	ck_assert_uint_eq(pins_count(a->pins), PINS_MAX);
	SAYS("scan pin: 15 of 16 candidates pinned (pins hold 16");
	cmds_run(a, "scan pin");
	SAYS("every pin is taken");
	cmds_run(a, "unpin all");
	cmds_run(a, "scan u8 == 0x10 in 0..0x200");
	finish();
	cmds_run(a, "scan pin");
	SAYS("scan pin: 2 pins added");
}
END_TEST

/* :e onto another file forgets the scan. */
START_TEST(reopen_forgets)
{
	char	*fresh;

	cmds_run(a, "scan u8 == 0x10");
	finish();
	ck_assert(scanview_active(a->scan));
	fresh = tu_file("scan_app_new.bin", ramp, sizeof ramp);
	ck_assert_int_eq(rename(fresh, path), 0);
	free(fresh);
	cmds_run(a, "e");
	ck_assert(!scanview_active(a->scan));
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("scan_app");
	TCase	*tc = timeout_tcase("scan_app", TIMEOUT_UNIT);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, list_panel_keys);
	tcase_add_test(tc, esc_cancels_a_round);
	tcase_add_test(tc, pin_limit);
	tcase_add_test(tc, reopen_forgets);
	suite_add_tcase(s, tc);
	return tu_run_app_suite(s);
}
