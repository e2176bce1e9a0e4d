/* SPDX-License-Identifier: ISC */
/*
 * check_replay.c - unit tests for the replay player (replay.h).
 *
 * A small recording with known changes at known times is written with
 * the record writer; the player is driven with made-up clock values (no
 * time passes in these tests), and the memfd is read back through the
 * read-only door it hands out, as the viewer would read it.
 */
#include "config.h"

#include <check.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "door.h"
#include "record.h"
#include "replay.h"
#include "testutil.h"
#include "timeout.h"

/* Record that byte OFF became B at T_MS. */
static void
change(struct record_writer *w, uint64_t t_ms, uint64_t off, uint8_t b)
{
	char	*cause = NULL;

	ck_assert_int_eq(record_change(w, t_ms, off, &b, 1, &cause),
	    RECORD_OK);
}

/*
 * The recording: 16 zero bytes at 0; byte 0 = 1 at 100 ms, byte 1 = 2 at
 * 200, "abcd" at 4 at 300, the size 32 at 400, byte 20 = 9 at 500; the
 * end at 1000.  Small blocks, so that the changes span several.
 */
static char *
write_rec(const char *name, bool finish)
{
	struct record_limits	 lim = { .block_bytes = 16, .block_ms = 1,
	    .key_bytes = 64 };
	struct record_writer	*w;
	uint8_t			 img[32] = { 0 };
	char			*path = tu_path(name), *cause = NULL;

	w = record_create(path, RECORD_FORCE, "test", 0, img, 16, &lim,
	    &cause);
	ck_assert_msg(w != NULL, "%s", cause);
	change(w, 100, 0, 1);
	change(w, 200, 1, 2);
	ck_assert_int_eq(record_change(w, 300, 4, (const uint8_t *)"abcd", 4,
	    &cause), RECORD_OK);
	ck_assert_int_eq(record_size(w, 400, 32, &cause), RECORD_OK);
	change(w, 500, 20, 9);
	if (finish)
		ck_assert_int_eq(record_finish(w, 1000, NULL, &cause), 0);
	else
		record_abandon(w);
	return path;
}

/* The memfd's byte at OFF, through the door; -1 past its end. */
static int
byte_at(struct door *d, uint64_t off)
{
	uint8_t	b;

	if (pread(door_fd(d), &b, 1, (off_t)off) != 1)
		return -1;
	return b;
}

/* The memfd's size. */
static uint64_t
size_of(struct door *d)
{
	struct stat	st;

	ck_assert_int_eq(fstat(door_fd(d), &st), 0);
	return (uint64_t)st.st_size;
}

/*
 * A player at AT on a new test recording NAME (FINISH: with its end, else
 * cut short), and in *D its door.
 */
static struct replay *
open_at(const char *name, bool finish, uint64_t at, struct door **d)
{
	char		*path = write_rec(name, finish), *cause = NULL;
	struct replay	*p = replay_open(path, at, &cause);

	ck_assert_msg(p != NULL, "%s", cause);
	/* The player reads the file it opened, not the name. */
	free(path);
	*d = replay_door(p, "t.lhrec", &cause);
	ck_assert_msg(*d != NULL, "%s", cause);
	return p;
}

/* Undo open_at: close the door D and free the player P. */
static void
close_player(struct replay *p, struct door *d)
{
	door_close(d);
	replay_free(p);
}

START_TEST(opens_paused_on_the_image_at_the_time)
{
	char		*cause = NULL;
	struct door	*d;
	struct replay	*p = open_at("a.lhrec", true, 250, &d);

	ck_assert(!replay_playing(p));
	ck_assert_uint_eq(replay_pos(p, 5000), 250);
	ck_assert_uint_eq(replay_end(p), 1000);
	ck_assert_int_eq(byte_at(d, 0), 1);
	ck_assert_int_eq(byte_at(d, 1), 2);
	ck_assert_int_eq(byte_at(d, 4), 0);
	ck_assert_uint_eq(size_of(d), 16);
	ck_assert_str_eq(door_name(d), "t.lhrec");
	ck_assert_ptr_nonnull(door_readonly_reason(d));
	/* Paused: nothing is due, whatever the time. */
	ck_assert_int_eq(replay_due_in(p, 99999), -1);
	ck_assert_int_eq(replay_tick(p, 99999, &cause), 0);
	ck_assert_int_eq(byte_at(d, 4), 0);
	close_player(p, d);
}
END_TEST

START_TEST(play_applies_what_is_due_on_the_clock)
{
	char		*cause = NULL;
	struct door	*d;
	struct replay	*p = open_at("b.lhrec", true, 0, &d);

	replay_play(p, 10000);
	/* The first change is 100 recording ms away: 100 wall ms at x1. */
	ck_assert_int_eq(replay_due_in(p, 10000), 100);
	ck_assert_int_eq(replay_tick(p, 10099, &cause), 0);
	ck_assert_int_eq(byte_at(d, 0), 0);
	ck_assert_int_eq(replay_tick(p, 10100, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 0), 1);
	ck_assert_int_eq(byte_at(d, 1), 0);
	/* x2 from 10100 (position 100): 200 and 300 come 100 wall ms on. */
	replay_set_speed(p, 2, 10100);
	ck_assert_int_eq(replay_due_in(p, 10100), 50);
	ck_assert_int_eq(replay_tick(p, 10200, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 1), 2);
	ck_assert_int_eq(byte_at(d, 4), 'a');
	ck_assert_int_eq(byte_at(d, 7), 'd');
	ck_assert_uint_eq(size_of(d), 16);
	ck_assert_uint_eq(replay_pos(p, 10200), 300);
	/* Pause holds the position; play goes on from it. */
	replay_pause(p, 10210);
	ck_assert_uint_eq(replay_pos(p, 20000), 320);
	ck_assert_int_eq(replay_tick(p, 20000, &cause), 0);
	ck_assert_uint_eq(size_of(d), 16);
	replay_play(p, 20000);
	ck_assert_int_eq(replay_due_in(p, 20000), 40);
	ck_assert_int_eq(replay_tick(p, 20040, &cause), REPLAY_APPLIED);
	ck_assert_uint_eq(size_of(d), 32);
	ck_assert_int_eq(byte_at(d, 20), 0);
	/* To the end: the last change, then the end pauses the player. */
	ck_assert_int_eq(replay_due_in(p, 20040), 50);
	ck_assert_int_eq(replay_tick(p, 20090, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 20), 9);
	ck_assert(replay_playing(p));
	ck_assert_int_eq(replay_due_in(p, 20090), 250);
	ck_assert_int_eq(replay_tick(p, 20339, &cause), 0);
	ck_assert_int_eq(replay_tick(p, 20340, &cause), REPLAY_END);
	ck_assert(!replay_playing(p));
	ck_assert_uint_eq(replay_pos(p, 30000), 1000);
	ck_assert_ptr_null(replay_damage(p));
	close_player(p, d);
}
END_TEST

/* A pause between two ticks: the changes up to its position are owed. */
START_TEST(a_pause_between_ticks_still_stores_what_was_due)
{
	char		*cause = NULL;
	struct door	*d;
	struct replay	*p = open_at("g.lhrec", true, 0, &d);

	replay_play(p, 1000);
	replay_pause(p, 1250);		/* no tick since 1000 */
	ck_assert_uint_eq(replay_pos(p, 1250), 250);
	ck_assert_int_eq(byte_at(d, 0), 0);
	ck_assert_int_eq(replay_due_in(p, 1250), 0);
	ck_assert_int_eq(replay_tick(p, 1260, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 0), 1);
	ck_assert_int_eq(byte_at(d, 1), 2);
	ck_assert_int_eq(byte_at(d, 4), 0);	/* 300: after the pause */
	ck_assert_int_eq(replay_due_in(p, 1260), -1);
	ck_assert_int_eq(replay_tick(p, 9999, &cause), 0);
	close_player(p, d);
}
END_TEST

/*
 * A hold (a break fired, issue 14) owes nothing: the change due between
 * the last tick and the hold stays unstored until play, which stores it.
 */
START_TEST(a_hold_stores_nothing_until_play)
{
	char		*cause = NULL;
	struct door	*d;
	struct replay	*p = open_at("h.lhrec", true, 0, &d);

	replay_play(p, 1000);
	ck_assert_int_eq(replay_tick(p, 1150, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 0), 1);
	replay_hold(p, 1250);		/* 200 is due, not stored */
	ck_assert(replay_held(p));
	ck_assert(!replay_playing(p));
	ck_assert_uint_eq(replay_pos(p, 9999), 250);
	ck_assert_int_eq(replay_due_in(p, 1250), -1);
	ck_assert_int_eq(replay_tick(p, 9999, &cause), 0);
	ck_assert_int_eq(byte_at(d, 1), 0);
	/* Play lets it go: what was due at the hold is stored at once. */
	replay_play(p, 10000);
	ck_assert(!replay_held(p));
	ck_assert_int_eq(replay_due_in(p, 10000), 0);
	ck_assert_int_eq(replay_tick(p, 10000, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 1), 2);
	ck_assert_int_eq(byte_at(d, 4), 0);	/* 300: 50 ms on */
	ck_assert_uint_eq(replay_pos(p, 10050), 300);
	/* A seek lets a hold go too. */
	replay_hold(p, 10010);
	ck_assert_int_eq(replay_seek(p, 100, 10020, &cause), REPLAY_APPLIED);
	ck_assert(!replay_held(p));
	close_player(p, d);
}
END_TEST

START_TEST(step_applies_exactly_one_change)
{
	char		*cause = NULL;
	struct door	*d;
	struct replay	*p = open_at("c.lhrec", true, 0, &d);
	char		 buf[80];

	ck_assert_int_eq(replay_step(p, 1, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 0), 1);
	ck_assert_int_eq(byte_at(d, 1), 0);
	ck_assert_uint_eq(replay_pos(p, 1), 100);
	ck_assert_int_eq(replay_step(p, 2, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 1), 2);
	ck_assert_int_eq(byte_at(d, 4), 0);
	ck_assert_uint_eq(replay_pos(p, 2), 200);
	ck_assert_str_eq(replay_describe(p, 2, buf, sizeof buf),
	    "replay 0.2 s / 1.0 s  x1  paused");
	ck_assert_int_eq(replay_step(p, 3, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 7), 'd');
	ck_assert_int_eq(replay_step(p, 4, &cause), REPLAY_APPLIED);
	ck_assert_uint_eq(size_of(d), 32);
	ck_assert_int_eq(replay_step(p, 5, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 20), 9);
	/* No sixth change: the end. */
	ck_assert_int_eq(replay_step(p, 6, &cause), REPLAY_END);
	ck_assert_uint_eq(replay_pos(p, 6), 1000);
	close_player(p, d);
}
END_TEST

/*
 * Two changes recorded in the same millisecond are two steps: the first
 * step stands the player at their time, and what a paused player owes
 * (changes up to its position) must not take the second with it.
 */
START_TEST(a_step_stores_one_of_two_changes_of_a_millisecond)
{
	struct record_limits	 lim = { .block_bytes = 16, .block_ms = 1,
	    .key_bytes = 64 };
	struct record_writer	*w;
	uint8_t			 img[8] = { 0 };
	char			*path = tu_path("ms.lhrec"), *cause = NULL;
	struct replay		*p;
	struct door		*d;

	w = record_create(path, RECORD_FORCE, "test", 0, img, 8, &lim,
	    &cause);
	ck_assert_msg(w != NULL, "%s", cause);
	change(w, 100, 0, 1);
	change(w, 100, 5, 2);
	change(w, 200, 2, 3);
	ck_assert_int_eq(record_finish(w, 300, NULL, &cause), 0);
	p = replay_open(path, 0, &cause);
	ck_assert_msg(p != NULL, "%s", cause);
	d = replay_door(p, "ms.lhrec", &cause);
	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_int_eq(replay_step(p, 1, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 0), 1);
	ck_assert_int_eq(byte_at(d, 5), 0);
	ck_assert_uint_eq(replay_pos(p, 1), 100);
	/* Paused at 100: nothing is owed, though a change of 100 waits. */
	ck_assert_int_eq(replay_due_in(p, 2), -1);
	ck_assert_int_eq(replay_tick(p, 2, &cause), 0);
	ck_assert_int_eq(byte_at(d, 5), 0);
	ck_assert_int_eq(replay_step(p, 3, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 5), 2);
	ck_assert_int_eq(byte_at(d, 2), 0);
	ck_assert_int_eq(replay_step(p, 4, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 2), 3);
	ck_assert_uint_eq(replay_pos(p, 4), 200);
	/* Play clears it: the clock runs from 200 and the end comes. */
	replay_play(p, 5);
	ck_assert_int_eq(replay_tick(p, 105, &cause), REPLAY_END);
	close_player(p, d);
	free(path);
}
END_TEST

START_TEST(seek_stores_only_what_differs)
{
	char		*cause = NULL;
	struct door	*d;
	struct replay	*p = open_at("d.lhrec", true, 0, &d);

	ck_assert_int_eq(replay_seek(p, 450, 7, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 0), 1);
	ck_assert_int_eq(byte_at(d, 5), 'b');
	ck_assert_uint_eq(size_of(d), 32);
	ck_assert_int_eq(byte_at(d, 20), 0);
	ck_assert_uint_eq(replay_pos(p, 7), 450);
	/* The same time again: nothing differs, nothing is stored. */
	ck_assert_int_eq(replay_seek(p, 450, 8, &cause), 0);
	/* The next step is the change after the time sought. */
	ck_assert_int_eq(replay_step(p, 9, &cause), REPLAY_APPLIED);
	ck_assert_int_eq(byte_at(d, 20), 9);
	/* Back: the size and the bytes as they were. */
	ck_assert_int_eq(replay_seek(p, 150, 10, &cause), REPLAY_APPLIED);
	ck_assert_uint_eq(size_of(d), 16);
	ck_assert_int_eq(byte_at(d, 0), 1);
	ck_assert_int_eq(byte_at(d, 1), 0);
	ck_assert_int_eq(byte_at(d, 4), 0);
	/* The end. */
	ck_assert_int_eq(replay_seek(p, UINT64_MAX, 11, &cause),
	    REPLAY_APPLIED);
	ck_assert_uint_eq(replay_pos(p, 11), 1000);
	ck_assert_int_eq(byte_at(d, 20), 9);
	close_player(p, d);
}
END_TEST

START_TEST(a_damaged_recording_plays_up_to_the_damage)
{
	char		*cause = NULL;
	struct door	*d;
	struct replay	*p = open_at("e.lhrec", false, 0, &d);
	int		 r = 0;
	char		 buf[120];

	replay_set_speed(p, REPLAY_SPEED_MAX, 0);
	replay_play(p, 0);
	for (uint64_t now = 0; now < 100 && !(r & REPLAY_END); now++)
		r = replay_tick(p, now, &cause);
	ck_assert_int_eq(r & (REPLAY_END | REPLAY_DAMAGED),
	    REPLAY_END | REPLAY_DAMAGED);
	ck_assert(!replay_playing(p));
	ck_assert_ptr_nonnull(replay_damage(p));
	/* What was written before the cut plays. */
	ck_assert_int_eq(byte_at(d, 0), 1);
	ck_assert_msg(strstr(replay_describe(p, 100, buf, sizeof buf),
	    "damage") != NULL, "%s", buf);
	close_player(p, d);
}
END_TEST

START_TEST(speeds_parse)
{
	double	s;
	char	*cause = NULL;

	ck_assert_int_eq(replay_parse_speed("2", &s, &cause), 0);
	ck_assert(s == 2.0);
	ck_assert_int_eq(replay_parse_speed("x0.5", &s, &cause), 0);
	ck_assert(s == 0.5);
	ck_assert_int_eq(replay_parse_speed("0", &s, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "1/64"));
	free(cause);
	cause = NULL;
	ck_assert_int_eq(replay_parse_speed("fast", &s, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "not a speed"));
	free(cause);
	cause = NULL;
	ck_assert_int_eq(replay_parse_speed("2.", &s, &cause), 0);
	ck_assert_int_eq(replay_parse_speed("", &s, &cause), -1);
	free(cause);
	cause = NULL;
	/* The bounds are in, exactly (fuzz_speed found 1/64 refused). */
	ck_assert_int_eq(replay_parse_speed("0.015625", &s, &cause), 0);
	ck_assert(s == 1.0 / 64);
	ck_assert_int_eq(replay_parse_speed("1024.000", &s, &cause), 0);
	ck_assert(s == 1024.0);
	ck_assert_int_eq(replay_parse_speed("0.015624", &s, &cause), -1);
	free(cause);
	cause = NULL;
	ck_assert_int_eq(replay_parse_speed("1024.001", &s, &cause), -1);
	free(cause);
}
END_TEST

START_TEST(not_a_recording_is_a_cause)
{
	char		*path = tu_file("plain", "hello", 5), *cause = NULL;

	ck_assert_ptr_null(replay_open(path, 0, &cause));
	ck_assert_ptr_nonnull(cause);
	free(cause);
	free(path);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("replay");
	TCase	*tc = timeout_tcase("replay", TIMEOUT_UNIT);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, opens_paused_on_the_image_at_the_time);
	tcase_add_test(tc, play_applies_what_is_due_on_the_clock);
	tcase_add_test(tc, a_pause_between_ticks_still_stores_what_was_due);
	tcase_add_test(tc, a_hold_stores_nothing_until_play);
	tcase_add_test(tc, step_applies_exactly_one_change);
	tcase_add_test(tc, a_step_stores_one_of_two_changes_of_a_millisecond);
	tcase_add_test(tc, seek_stores_only_what_differs);
	tcase_add_test(tc, a_damaged_recording_plays_up_to_the_damage);
	tcase_add_test(tc, speeds_parse);
	tcase_add_test(tc, not_a_recording_is_a_cause);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
