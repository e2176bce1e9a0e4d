/* SPDX-License-Identifier: ISC */
/*
 * check_past.c - unit tests for the view's past frames (past.h).
 *
 * Changes go into a change log (changelog.h) as a session would hand
 * them over; the frames rebuilt from it are compared with what the
 * bytes were.  A model test keeps a copy of the window after every one
 * of hundreds of looks with random runs and checks that the frame at
 * every look's mark equals that copy, and that stepping back and
 * forward visits exactly those marks, even for looks that share a
 * millisecond.  Then the edges: bytes no
 * window watched are unknown, the history begins at the oldest change
 * the ring still holds after drops, a change the ring cut is unknown
 * past its kept bytes, and reports without bytes are never undone.
 */
#include "config.h"

#include <check.h>
#include <stdlib.h>
#include <string.h>

#include "changelog.h"
#include "past.h"
#include "snap.h"
#include "testutil.h"
#include "timeout.h"

/* Add a window change at AT: LEN bytes at OFF from OLD to NEW. */
static void
add(struct changelog *log, uint64_t at, uint64_t off, const uint8_t *old,
    const uint8_t *new, size_t len)
{
	struct live_event	ev = tu_live_event(LIVE_BYTES, LIVE_FROM_WINDOW,
				    NULL, at, off, old, new, len);

	changelog_add(log, &ev);
}

/* A live snapshot of LEN bytes B at OFF. */
static struct snap
live_snap(uint64_t off, const uint8_t *b, size_t len)
{
	static uint32_t	 stamps[4096];
	struct snap	 s = { 0 };

	s.off = off;
	s.len = len;
	s.want = len;
	s.size = 1u << 20;
	s.bytes = b;
	s.changed_ms = stamps;
	return s;
}

START_TEST(frames_match_a_model)
{
	enum { N = 64, LOOKS = 300 };
	static uint8_t	 model[LOOKS + 1][N];
	uint64_t	 mark[LOOKS + 1], t = 1, to, at;
	struct changelog *log = changelog_new(1u << 20);
	struct past	*p = past_new();
	struct snap	 live;

	srandom(14);
	memset(model[0], 0, N);
	/* The first look copies the window; changes come after it. */
	past_watch(p, log, 0, N, t++);
	for (int g = 1; g <= LOOKS; g++) {
		int	runs = 1 + (int)(random() % 3);

		/*
		 * A look: its mark first, then the runs it found, all at
		 * one time.  Looks may share a millisecond (a stale clock):
		 * they are still frames of their own.
		 */
		t += (uint64_t)(random() % 3);
		past_watch(p, log, 0, N, t);
		mark[g] = past_live(log);
		memcpy(model[g], model[g - 1], N);
		for (int r = 0; r < runs; r++) {
			uint64_t	off = (uint64_t)random() % N;
			size_t		len = 1 + (size_t)random() % (N - off);
			uint8_t		old[N], newb[N];

			memcpy(old, model[g] + off, len);
			for (size_t i = 0; i < len; i++)
				newb[i] = (uint8_t)random();
			memcpy(model[g] + off, newb, len);
			add(log, t, off, old, newb, len);
		}
	}
	/* The next look finds nothing: a mark at the live position. */
	past_watch(p, log, 0, N, t + 1);
	live = live_snap(0, model[LOOKS], N);
	/* The frame at each mark is the bytes before that look's runs. */
	for (int g = 1; g <= LOOKS; g++) {
		const bool		*known;
		const struct snap	*f = past_frame(p, log, mark[g], &live,
					    &known);

		ck_assert_uint_eq(f->len, N);
		ck_assert_msg(memcmp(f->bytes, model[g - 1], N) == 0,
		    "frame %d differs", g);
		for (int i = 0; i < N; i++)
			ck_assert(known[i]);
	}
	/* Back from live visits every look's mark, newest first. */
	at = past_live(log);
	for (int g = LOOKS; g >= 1; g--) {
		ck_assert(past_back(p, log, 0, N, at, &to));
		ck_assert_uint_eq(to, mark[g]);
		at = to;
	}
	ck_assert(!past_back(p, log, 0, N, at, &to));
	/* Forward again, to live. */
	for (int g = 2; g <= LOOKS; g++) {
		ck_assert(past_forward(p, log, 0, N, at, &to));
		ck_assert_uint_eq(to, mark[g]);
		at = to;
	}
	ck_assert(!past_forward(p, log, 0, N, at, &to));
	/* A window the changes never touched has no frames. */
	ck_assert(!past_back(p, log, N, 16, past_live(log), &to));
	past_free(p);
	changelog_free(log);
}
END_TEST

START_TEST(bytes_not_watched_are_unknown)
{
	struct changelog	*log = changelog_new(0);
	struct past		*p = past_new();
	uint8_t			 b[32] = { 0 };
	struct snap		 live = live_snap(0, b, 32);
	const bool		*known;

	uint8_t			 o = 0, n = 1;
	uint64_t		 m20, m35;

	ck_assert_uint_eq(past_begin(p, log), UINT64_MAX);
	past_watch(p, log, 0, 16, 1);
	past_watch(p, log, 0, 16, 5);	/* the same range: one span */
	/* A change at 21 (the frame before it: at 20), one at 36. */
	m20 = past_live(log);
	add(log, 21, 40, &o, &n, 1);
	past_watch(p, log, 8, 16, 30);
	m35 = past_live(log);
	add(log, 36, 40, &o, &n, 1);
	past_watch(p, log, 8, 16, 40);
	ck_assert_uint_eq(past_begin(p, log), 21);
	/* At 20: [0,16) then [8,24) watched since: only [8,16) known. */
	past_frame(p, log, m20, &live, &known);
	for (int i = 0; i < 32; i++)
		ck_assert_msg(known[i] == (i >= 8 && i < 16), "byte %d", i);
	/* At 35: [8,24). */
	past_frame(p, log, m35, &live, &known);
	for (int i = 0; i < 32; i++)
		ck_assert_msg(known[i] == (i >= 8 && i < 24), "byte %d", i);
	/* Live: the window's range. */
	past_frame(p, log, past_live(log), &live, &known);
	for (int i = 0; i < 32; i++)
		ck_assert_msg(known[i] == (i >= 8 && i < 24), "byte %d", i);
	past_free(p);
	changelog_free(log);
}
END_TEST

START_TEST(drops_move_the_beginning)
{
	struct changelog	*log = changelog_new(CHANGELOG_MIN);
	struct past		*p = past_new();
	uint8_t			 o = 0, n = 1;
	struct changelog_entry	 e;
	uint64_t		 to, steps = 0;

	for (uint64_t t = 10; t < 10 + 1000; t++) {
		past_watch(p, log, 0, 16, t);
		add(log, t, t % 16, &o, &n, 1);
	}
	past_watch(p, log, 0, 16, 2000);
	ck_assert_uint_gt(changelog_dropped(log), 0);
	ck_assert(changelog_get(log, changelog_count(log) - 1, &e));
	ck_assert_uint_eq(past_begin(p, log), e.at_ms);
	/* Back as far as it goes: never before the oldest held change. */
	to = past_live(log);
	while (past_back(p, log, 0, 16, to, &to))
		steps++;
	ck_assert_uint_ge(to, changelog_dropped(log));
	ck_assert_uint_eq(steps, changelog_count(log));
	ck_assert_uint_eq(past_when(log, to), e.at_ms);
	past_free(p);
	changelog_free(log);
}
END_TEST

START_TEST(cut_changes_and_pages)
{
	struct changelog	*log = changelog_new(CHANGELOG_MIN);
	struct past		*p = past_new();
	static uint8_t		 old[2000], new[2000], now[2000];
	struct live_event	 ev = { 0 };
	struct snap		 live;
	const struct snap	*f;
	const bool		*known;
	struct changelog_entry	 e;

	uint64_t		 m10, m20;

	memset(new, 0xaa, sizeof new);
	memcpy(now, new, sizeof now);
	past_watch(p, log, 0, sizeof now, 1);
	/* Bigger than a quarter of the ring: cut to its first bytes. */
	m10 = past_live(log);
	add(log, 10, 0, old, new, sizeof new);
	past_watch(p, log, 0, sizeof now, 15);
	m20 = past_live(log);
	ck_assert(changelog_get(log, 0, &e));
	ck_assert_uint_lt(e.kept, sizeof new);
	/* A page report: a range, no bytes; never undone. */
	ev.kind = LIVE_BYTES;
	ev.source = LIVE_FROM_PAGES;
	ev.at_ms = 20;
	ev.off = 0;
	ev.len = 64;
	changelog_add(log, &ev);
	live = live_snap(0, now, sizeof now);
	past_watch(p, log, 0, sizeof now, 25);
	f = past_frame(p, log, m10, &live, &known);
	for (size_t i = 0; i < sizeof now; i++) {
		ck_assert_msg(known[i] == (i < e.kept), "byte %zu", i);
		if (i < e.kept)
			ck_assert_uint_eq(f->bytes[i], 0);
	}
	/* Between the two: the page report changed nothing. */
	f = past_frame(p, log, m20, &live, &known);
	ck_assert(memcmp(f->bytes, now, sizeof now) == 0);
	ck_assert(known[0] && known[sizeof now - 1]);
	/* The live snapshot is never written. */
	ck_assert_uint_eq(now[0], 0xaa);
	past_free(p);
	changelog_free(log);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("past");
	TCase	*tc = timeout_tcase("past", TIMEOUT_UNIT);

	tcase_add_test(tc, frames_match_a_model);
	tcase_add_test(tc, bytes_not_watched_are_unknown);
	tcase_add_test(tc, drops_move_the_beginning);
	tcase_add_test(tc, cut_changes_and_pages);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
