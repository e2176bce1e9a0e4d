/* SPDX-License-Identifier: ISC */
/*
 * check_past.c - unit tests for the view's past frames (past.h).
 *
 * Changes go into a change log (changelog.h) as a session would hand
 * them over; the frames rebuilt from it are compared with what the
 * bytes were.  A model test keeps a copy of the window after every one
 * of hundreds of random changes and checks that the frame at every
 * moment equals that copy, and that stepping back and forward visits
 * exactly the moments before each change.  Then the edges: bytes no
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
#include "timeout.h"

/* Add a window change at AT: LEN bytes at OFF from OLD to NEW. */
static void
add(struct changelog *log, uint64_t at, uint64_t off, const uint8_t *old,
    const uint8_t *new, size_t len)
{
	struct live_event	ev = { 0 };

	ev.kind = LIVE_BYTES;
	ev.source = LIVE_FROM_WINDOW;
	ev.at_ms = at;
	ev.off = off;
	ev.len = len;
	ev.old = old;
	ev.new = new;
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
	enum { N = 64, CHANGES = 400 };
	static uint8_t	 model[CHANGES + 1][N];
	uint64_t	 at[CHANGES + 1];
	struct changelog *log = changelog_new(1u << 20);
	struct past	*p = past_new();
	uint64_t	 t = 1, to;

	srandom(14);
	memset(model[0], 0, N);
	at[0] = t;
	past_watch(p, 0, N, t);
	for (int c = 1; c <= CHANGES; c++) {
		uint64_t	off = (uint64_t)random() % N;
		size_t		len = 1 + (size_t)random() % (N - off);
		uint8_t		newb[N];

		/*
		 * Some changes share a moment: they are one frame.  (The
		 * first comes after the first look, as in a session.)
		 */
		t += c > 1 && random() % 3 == 0 ? 0 :
		    1 + (uint64_t)random() % 5;
		memcpy(model[c], model[c - 1], N);
		for (size_t i = 0; i < len; i++)
			newb[i] = (uint8_t)random();
		memcpy(model[c] + off, newb, len);
		add(log, t, off, model[c - 1] + off, newb, len);
		at[c] = t;
	}
	{
		struct snap	 live = live_snap(0, model[CHANGES], N);

		/* The frame at every change's moment is the bytes after it. */
		for (int c = 0; c <= CHANGES; c++) {
			const bool		*known;
			const struct snap	*f;
			int			 last = c;

			/* The last change made at that same moment. */
			while (last < CHANGES && at[last + 1] == at[c])
				last++;
			f = past_frame(p, log, at[c], &live, &known);
			ck_assert_uint_eq(f->len, N);
			ck_assert_msg(memcmp(f->bytes, model[last], N) == 0,
			    "frame at %llu differs", (unsigned long long)at[c]);
			for (int i = 0; i < N; i++)
				ck_assert(known[i]);
		}
		/* Back from live visits each change's moment minus one. */
		to = UINT64_MAX;
		for (int c = CHANGES; c >= 1; c--) {
			uint64_t	prev = to;

			if (c < CHANGES && at[c] == at[c + 1])
				continue;
			ck_assert(past_back(p, log, 0, N, prev, &to));
			ck_assert_uint_eq(to, at[c] - 1);
		}
		ck_assert(!past_back(p, log, 0, N, to, &to));
		/* Forward again, to live. */
		for (int c = 1; c <= CHANGES; c++) {
			uint64_t	prev = to;
			int		next = c;

			while (next <= CHANGES && at[next] == at[c])
				next++;
			if (next > CHANGES) {
				ck_assert(!past_forward(p, log, 0, N, prev, &to));
				break;
			}
			ck_assert(past_forward(p, log, 0, N, prev, &to));
			ck_assert_uint_eq(to, at[next] - 1);
			c = next - 1;
		}
	}
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

	ck_assert_uint_eq(past_begin(p, log), UINT64_MAX);
	past_watch(p, 0, 16, 1);
	past_watch(p, 0, 16, 5);	/* the same range: one span */
	past_watch(p, 8, 16, 30);
	ck_assert_uint_eq(past_begin(p, log), 1);
	/* At 20: [0,16) then [8,24) watched since: only [8,16) known. */
	past_frame(p, log, 20, &live, &known);
	for (int i = 0; i < 32; i++)
		ck_assert_msg(known[i] == (i >= 8 && i < 16), "byte %d", i);
	/* At 35: [8,24). */
	past_frame(p, log, 35, &live, &known);
	for (int i = 0; i < 32; i++)
		ck_assert_msg(known[i] == (i >= 8 && i < 24), "byte %d", i);
	/* Before anything was watched: nothing. */
	past_frame(p, log, 0, &live, &known);
	for (int i = 0; i < 32; i++)
		ck_assert(!known[i]);
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
	uint64_t		 to = UINT64_MAX, steps = 0;

	past_watch(p, 0, 16, 1);
	for (uint64_t t = 10; t < 10 + 1000; t++)
		add(log, t, t % 16, &o, &n, 1);
	ck_assert_uint_gt(changelog_dropped(log), 0);
	ck_assert(changelog_get(log, changelog_count(log) - 1, &e));
	ck_assert_uint_eq(past_begin(p, log), e.at_ms);
	/* Back as far as it goes: never before the oldest held change. */
	while (past_back(p, log, 0, 16, to, &to))
		steps++;
	ck_assert_uint_ge(to, e.at_ms);
	ck_assert_uint_eq(steps, changelog_count(log) - 1);
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

	memset(new, 0xaa, sizeof new);
	memcpy(now, new, sizeof now);
	past_watch(p, 0, sizeof now, 1);
	/* Bigger than a quarter of the ring: cut to its first bytes. */
	add(log, 10, 0, old, new, sizeof new);
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
	f = past_frame(p, log, 5, &live, &known);
	for (size_t i = 0; i < sizeof now; i++) {
		ck_assert_msg(known[i] == (i < e.kept), "byte %zu", i);
		if (i < e.kept)
			ck_assert_uint_eq(f->bytes[i], 0);
	}
	/* Between the two: the page report changed nothing. */
	f = past_frame(p, log, 15, &live, &known);
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
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, frames_match_a_model);
	tcase_add_test(tc, bytes_not_watched_are_unknown);
	tcase_add_test(tc, drops_move_the_beginning);
	tcase_add_test(tc, cut_changes_and_pages);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
