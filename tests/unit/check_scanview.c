/* SPDX-License-Identifier: ISC */
/*
 * check_scanview.c - :scan's state (scanview.h, issue 15) without a
 * terminal, and Tab on :scan's words (cmds_complete).
 *
 * A door on a temporary file of 256 u32le values; a round is driven by
 * scanview_tick as the loop does, with a budget set small through
 * LIVEHEX_SCAN_BUDGET so that a round takes several ticks and can be
 * cancelled half-way.  What is checked is the status line, the count,
 * the list's rows, and that the file's bytes never change.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cmds.h"
#include "door.h"
#include "react.h"
#include "scanview.h"
#include "status.h"
#include "testutil.h"
#include "timeout.h"
#include "value.h"

#define SLOTS	256

static char		*path;
static struct door	*d;
static struct status	*st;
static struct scanview	*sv;
static uint32_t		 vals[SLOTS];

/* Slot I of the file is I % 10, little endian; a budget of 64 bytes. */
static void
setup(void)
{
	char	*cause = NULL;

	for (size_t i = 0; i < SLOTS; i++)
		vals[i] = (uint32_t)(i % 10);
	path = tu_file("scanview.bin", vals, sizeof vals);
	d = door_open(path, 0, &cause);
	ck_assert_msg(d != NULL, "door_open: %s", cause);
	st = status_new(false);
	setenv("LIVEHEX_SCAN_BUDGET", "64", 1);
	sv = scanview_new(st);
}

/* Free them; the file must hold what it held. */
static void
teardown(void)
{
	uint32_t	got[SLOTS];

	scanview_free(sv);
	door_close(d);
	status_free(st);
	{
		FILE	*f = fopen(path, "rb");

		ck_assert_ptr_nonnull(f);
		ck_assert_uint_eq(fread(got, 1, sizeof got, f), sizeof got);
		fclose(f);
	}
	ck_assert_msg(memcmp(got, vals, sizeof got) == 0, "a scan stored");
	unlink(path);
	free(path);
	unsetenv("LIVEHEX_SCAN_BUDGET");
}

/* :scan ARGS; its REACT_* bits. */
static int
cmd(const char *args)
{
	return scanview_command(sv, args, d, 0);
}

/* Tick until the round ends (a bound far above what it needs); ticks. */
static unsigned
finish(void)
{
	unsigned	n = 0;

	while (scanview_running(sv)) {
		ck_assert_uint_lt(n, 100000);
		scanview_tick(sv, d, n, false);
		n++;
	}
	return n;
}

/* The status line says WANT (a part of it). */
#define SAYS(want) ck_assert_msg(strstr(status_text(st), (want)) != NULL, \
	"status \"%s\", not \"%s\"", status_text(st), (want))

/* A first round takes budgets; then rounds narrow as scanmem's do. */
START_TEST(rounds_narrow)
{
	unsigned	ticks;

	cmd("u32");
	ck_assert(scanview_running(sv));
	SAYS("scan 0%: u32le; Esc cancels");
	ticks = finish();
	/* 1 KiB at 64 bytes a tick. */
	ck_assert_uint_ge(ticks, 8);
	SAYS("scan: 256 candidates (from 256)");
	cmd("< 2");
	finish();
	SAYS("scan: 52 candidates (from 256)");
	cmd("== 1");
	finish();
	SAYS("scan: 26 candidates (from 52)");
	ck_assert_uint_eq(scanview_count(sv), 26);
	cmd("unchanged");
	finish();
	SAYS("scan: 26 candidates (from 26)");
	cmd("changed");
	finish();
	SAYS("scan: 0 candidates (from 26); :scan reset");
}
END_TEST

/* Progress is said between budgets. */
START_TEST(progress_said)
{
	cmd("u32 == 3");
	scanview_tick(sv, d, 0, false);
	scanview_tick(sv, d, 1, false);
	ck_assert(scanview_running(sv));
	SAYS("%: u32le == 3; Esc cancels");
	ck_assert(strstr(status_text(st), "scan 0%") == NULL);
	finish();
	SAYS("scan: 26 candidates (from 256)");
}
END_TEST

/* A range: [A, B) as offset expressions, either side left out. */
START_TEST(ranges)
{
	cmd("u32 in 0x100..0x200");
	finish();
	SAYS("scan: 64 candidates (from 64)");
	cmd("u32 == 0 in 0x3c0..");
	finish();
	/* Slots 240..255: 240 and 250. */
	SAYS("scan: 2 candidates (from 16)");
	cmd("u32 in ..0x10");
	finish();
	SAYS("scan: 4 candidates (from 4)");
	cmd("u32 in 0x200..0x100");
	SAYS("is empty");
	cmd("u32 in 0x100");
	SAYS("expected A..B");
	cmd("u32 in zz..");
	SAYS("scan range: ");
	cmd("changed in 0..4");
	SAYS("a range belongs to a new scan");
	ck_assert(!scanview_running(sv));
}
END_TEST

/* Bad words are said with what would be right; nothing starts. */
START_TEST(errors_said)
{
	cmd("");
	SAYS("usage: :scan TYPE");
	cmd("changed");
	SAYS("no scan yet for changed");
	cmd("u32 increased");
	SAYS("increased compares with the last round");
	cmd("u32 ==");
	SAYS("== needs a value");
	cmd("u32 == pear");
	SAYS("scan: ");
	cmd("u32 == 5 extra");
	SAYS("\"extra\" after the predicate");
	cmd("u32 sometimes");
	SAYS("unknown word \"sometimes\"");
	ck_assert(!scanview_running(sv));
	ck_assert(!scanview_active(sv));
	cmd("u32");
	cmd("u8");
	SAYS("a round is running");
	finish();
	cmd("reset");
	SAYS("scan reset");
	ck_assert(!scanview_active(sv));
}
END_TEST

/* Esc in a first round drops the scan; in a later one, keeps it. */
START_TEST(cancel_rounds)
{
	cmd("u32");
	scanview_tick(sv, d, 0, false);
	ck_assert_int_eq(scanview_cancel(sv), REACT_REDRAW);
	SAYS("scan cancelled at ");
	SAYS("no scan kept");
	ck_assert(!scanview_active(sv));
	ck_assert_int_eq(scanview_cancel(sv), 0);
	cmd("u32");
	finish();
	cmd("== 1");
	scanview_tick(sv, d, 0, false);
	ck_assert(scanview_running(sv));
	scanview_cancel(sv);
	ck_assert(!scanview_running(sv));
	SAYS("candidates (those it reached were judged, the others kept)");
	/* The first 16 slots were judged (1 and 11 kept), 240 untouched. */
	ck_assert_uint_eq(scanview_count(sv), 2 + (SLOTS - 16));
	/* A new scan cancelled in its first round: the last one stays. */
	cmd("u8 == 1");
	scanview_tick(sv, d, 0, false);
	ck_assert(scanview_running(sv));
	scanview_cancel(sv);
	SAYS("the last scan's 242 candidates kept");
	ck_assert_uint_eq(scanview_count(sv), 242);
	ck_assert_str_eq(scanview_type(sv)->name, "u32le");
	/* Finished, it replaces the last one. */
	cmd("u8 == 1");
	finish();
	SAYS("scan: 26 candidates (from 1024)");
	ck_assert_str_eq(scanview_type(sv)->name, "u8");
	scanview_forget(sv);
	ck_assert(!scanview_active(sv));
}
END_TEST

/* The list: rows with the value now and at the round; keys; Enter. */
START_TEST(list_rows_keys)
{
	char		row[128];
	bool		jump, close;
	uint64_t	to = 0;
	uint32_t	v = 77;

	cmd("u32 == 7");
	finish();
	scanview_refresh(sv, d);
	ck_assert_uint_eq(scanview_rows(sv), 25);
	scanview_row(sv, 0, row, sizeof row);
	ck_assert_str_eq(row, "0x1c = 7");
	/* Another process changes it: the row shows both. */
	ck_assert_int_eq(pwrite(door_fd(d), &v, 4, 0x1c), 4);
	vals[7] = 77;
	scanview_refresh(sv, d);
	scanview_row(sv, 0, row, sizeof row);
	ck_assert_str_eq(row, "0x1c = 77  (was 7)");
	scanview_title(sv, row, sizeof row);
	ck_assert_str_eq(row, "scan u32le: 25 (25 shown); Tab: list");
	ck_assert_uint_eq(scanview_selected(sv), SIZE_MAX);
	scanview_set_focus(sv, true);
	ck_assert_uint_eq(scanview_selected(sv), 0);
	scanview_key(sv, 'k', &jump, &to, &close);
	ck_assert_uint_eq(scanview_selected(sv), 0);
	scanview_key(sv, 'j', &jump, &to, &close);
	scanview_key(sv, 'j', &jump, &to, &close);
	ck_assert_uint_eq(scanview_selected(sv), 2);
	scanview_key(sv, '\r', &jump, &to, &close);
	ck_assert(jump && !close);
	ck_assert_uint_eq(to, 0x1c + 2 * 40);
	ck_assert(!scanview_focused(sv));
	scanview_set_focus(sv, true);
	scanview_key(sv, 'q', &jump, &to, &close);
	ck_assert(close && !jump);
}
END_TEST

/* Complete IN as Tab does; assert the line OUT and the LIST. */
#define COMPLETES(in, out, lst) do {					\
	char	b_[256], l_[256];					\
									\
	snprintf(b_, sizeof b_, "%s", (in));				\
	cmds_complete(b_, sizeof b_, l_, sizeof l_, NULL);		\
	ck_assert_str_eq(b_, (out));					\
	ck_assert_str_eq(l_, (lst));					\
} while (0)

/* Tab: a type or a word first, then a predicate or in. */
START_TEST(complete_scan)
{
	COMPLETES("scan li", "scan list ", "");
	COMPLETES("scan re", "scan reset ", "");
	COMPLETES("scan u3", "scan u32", "u32le u32be");
	COMPLETES("scan inc", "scan increased ", "");
	COMPLETES("scan u32 inc", "scan u32 increased ", "");
	COMPLETES("scan u32 ch", "scan u32 changed ", "");
	COMPLETES("scan u32 i", "scan u32 in", "increased in");
	COMPLETES("scan u32 == 5 ", "scan u32 == 5 in ", "");
	COMPLETES("scan u32 == ", "scan u32 == ", "");
	COMPLETES("scan changed ", "scan changed ", "");
	COMPLETES("sc", "scan ", "");
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("scanview");
	TCase	*tc = timeout_tcase("scanview", TIMEOUT_UNIT);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, rounds_narrow);
	tcase_add_test(tc, progress_said);
	tcase_add_test(tc, ranges);
	tcase_add_test(tc, errors_said);
	tcase_add_test(tc, cancel_rounds);
	tcase_add_test(tc, list_rows_keys);
	tcase_add_test(tc, complete_scan);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
