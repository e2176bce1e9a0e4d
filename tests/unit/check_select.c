/* SPDX-License-Identifier: ISC */
/*
 * check_select.c - the selection, the register and the paste finder,
 * without a terminal.
 *
 * The modules alone through their interfaces (select.h: the range, its
 * sums against XXH3 and CRC-32 computed here from the same bytes; the
 * pattern of :fill; yank_paste.h: the marker matcher fed key by key and
 * the bytes of a paste), then an app on a temporary file driven with
 * livehex keys as the loop drives it (check_app.c's way): v, motions,
 * Esc, y into the register, the OSC 52 sequence it leaves for the loop,
 * :fill, ^R " and a paste in edit mode, and app_view's selection.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "app.h"
#include "appdrv.h"
#include "door.h"
#include "edit.h"
#include "keymap.h"
#include "keys.h"
#include "select.h"
#include "status.h"
#include "testutil.h"
#include "timeout.h"
#include "view.h"
#include "yank.h"
#include "yank_file.h"
#include "yank_paste.h"

/* The app under test and its file. */
static struct app	*a;
static char		*path;

/* Make the app on a fresh ramp file (appdrv.c). */
static void
setup(void)
{
	a = appdrv_new("select.bin", &path);
}

/* Free the app, remove the file. */
static void
teardown(void)
{
	appdrv_free(a, path);
}

START_TEST(range_follows_the_cursor)
{
	struct select	*s = select_new();
	uint64_t	 start, len;

	ck_assert(!select_range(s, 5, 100, &start, &len));
	ck_assert(!select_has(s, 5, 5));
	select_start(s, 10);
	ck_assert(select_range(s, 10, 100, &start, &len));
	ck_assert_uint_eq(start, 10);
	ck_assert_uint_eq(len, 1);
	/* Before the anchor: the range turns round it. */
	ck_assert(select_range(s, 4, 100, &start, &len));
	ck_assert_uint_eq(start, 4);
	ck_assert_uint_eq(len, 7);
	ck_assert(select_has(s, 4, 10));
	ck_assert(!select_has(s, 4, 11));
	/* A file that shrank clamps it; an empty one has none. */
	ck_assert(select_range(s, 50, 20, &start, &len));
	ck_assert_uint_eq(start, 10);
	ck_assert_uint_eq(len, 10);
	ck_assert(!select_range(s, 50, 0, &start, &len));
	select_end(s);
	ck_assert(!select_active(s));
	select_free(s);
}
END_TEST

START_TEST(sums_are_the_bytes)
{
	struct select		*s = select_new();
	const struct select_sum	*sum;
	unsigned char		 b[300];
	uint32_t		 crc = 0xffffffffu;

	for (size_t i = 0; i < sizeof b; i++)
		b[i] = (unsigned char)(i + 0x10);
	/* The CRC-32 of the bytes, bit by bit (not yankfmt's table). */
	for (size_t i = 0; i < sizeof b; i++) {
		crc ^= b[i];
		for (int k = 0; k < 8; k++)
			crc = crc & 1 ? (crc >> 1) ^ 0xedb88320u : crc >> 1;
	}
	crc = ~crc;
	select_start(s, 0x10);
	ck_assert_ptr_null(select_sums(s));
	ck_assert(select_refresh(s, a->door, 0x10 + 299, false));
	sum = select_sums(s);
	ck_assert_ptr_nonnull(sum);
	ck_assert(sum->summed && !sum->short_read);
	ck_assert_uint_eq(sum->len, 300);
	ck_assert_uint_eq(sum->xxh3, XXH3_64bits(b, sizeof b));
	ck_assert_uint_eq(sum->crc32, crc);
	ck_assert(memcmp(sum->head, b, 8) == 0);
	/* The same range again: nothing new. */
	ck_assert(!select_refresh(s, a->door, 0x10 + 299, false));
	select_free(s);
}
END_TEST

START_TEST(read_copies_in_pieces)
{
	struct select	*s = select_new();
	unsigned char	 out[4096];

	/* Across many 64 KiB pieces would need a bigger file: the whole. */
	ck_assert_uint_eq(select_read(s, a->door, 0, sizeof out, out), 4096);
	for (size_t i = 0; i < sizeof out; i++)
		ck_assert_uint_eq(out[i], i & 0xff);
	/* Past the end: what there is. */
	ck_assert_uint_eq(select_read(s, a->door, 4090, 100, out), 6);
	select_free(s);
}
END_TEST

START_TEST(pattern_repeats_and_cuts)
{
	struct status	*st = status_new(false);
	unsigned char	*p = select_pattern("de ad be", 7, st);

	ck_assert(memcmp(p, "\xde\xad\xbe\xde\xad\xbe\xde", 7) == 0);
	free(p);
	ck_assert_ptr_null(select_pattern("de ?? be", 4, st));
	ck_assert_ptr_nonnull(strstr(status_text(st), ":fill: "));
	ck_assert_ptr_null(select_pattern("00", SELECT_FILL_MAX + 1, st));
	ck_assert_ptr_nonnull(strstr(status_text(st), "at most 64 MiB"));
	status_free(st);
}
END_TEST

/* Feed the characters of S to P; the keys given back, as a string. */
static void
feed(struct yank_paste *p, const char *s, char *given, int *done)
{
	const int	*k;
	size_t		 n, g = strlen(given);

	for (; *s != '\0'; s++) {
		switch (yank_paste_feed(p, (unsigned char)*s, &k, &n)) {
		case YANK_PASTE_KEYS:
			for (size_t i = 0; i < n; i++)
				given[g++] = (char)k[i];
			break;
		case YANK_PASTE_DONE:
			(*done)++;
			break;
		default:
			break;
		}
	}
	given[g] = '\0';
}

START_TEST(paste_finder)
{
	struct yank_paste	*p = yank_paste_new();
	char			 given[64] = "", body[64];
	const int		*k;
	size_t			 n;
	int			 done = 0;

	/* Keys that only look like the start pass on, in order. */
	feed(p, "a\033[2x\033", given, &done);
	ck_assert_str_eq(given, "a\033[2x");
	ck_assert_uint_eq(yank_paste_flush(p, &k), 1);
	ck_assert_int_eq(k[0], KEYS_ESC);
	/* A paste: the body whole, a broken end marker inside it. */
	given[0] = '\0';
	feed(p, "\033[200~de\033[20ad\033[201~q", given, &done);
	ck_assert_int_eq(done, 1);
	ck_assert_str_eq(given, "q");
	k = yank_paste_body(p, &n);
	for (size_t i = 0; i < n; i++)
		body[i] = (char)k[i];
	body[n] = '\0';
	ck_assert_str_eq(body, "de\033[20ad");
	/* An open paste is not flushed as keys. */
	feed(p, "\033[200~ab", given, &done);
	ck_assert_uint_eq(yank_paste_flush(p, &k), 0);
	yank_paste_free(p);
}
END_TEST

START_TEST(paste_bytes)
{
	struct status	*st = status_new(false);
	static const int hex[] = { 'd', 'E', ' ', '\r', 'a', 'd' };
	static const int odd[] = { 'a', 'b', 'c' };
	static const int bad[] = { '1', '2', 'g', 'h' };
	static const int dump[] = { 'd', 'e', ':', 'a', 'd', '-', 'b', 'e' };
	static const int split[] = { 'd', ':', 'e' };
	unsigned char	*b;
	size_t		 len;

	b = yank_paste_bytes(hex, 6, true, &len, st);
	ck_assert_uint_eq(len, 2);
	ck_assert(b[0] == 0xde && b[1] == 0xad);
	free(b);
	ck_assert_ptr_null(yank_paste_bytes(odd, 3, true, &len, st));
	ck_assert_ptr_nonnull(strstr(status_text(st), "3 hex digits, an odd"));
	ck_assert_ptr_null(yank_paste_bytes(bad, 4, true, &len, st));
	ck_assert_ptr_nonnull(strstr(status_text(st), "'g' (character 3)"));
	/* A dump's separators between whole bytes; never inside one. */
	b = yank_paste_bytes(dump, 8, true, &len, st);
	ck_assert_uint_eq(len, 3);
	ck_assert(memcmp(b, "\xde\xad\xbe", 3) == 0);
	free(b);
	ck_assert_ptr_null(yank_paste_bytes(split, 3, true, &len, st));
	ck_assert_ptr_nonnull(strstr(status_text(st), "':' (character 2) "
	    "inside a byte"));
	b = yank_paste_bytes(odd, 3, false, &len, st);
	ck_assert_uint_eq(len, 3);
	ck_assert(memcmp(b, "abc", 3) == 0);
	free(b);
	status_free(st);
}
END_TEST

START_TEST(visual_and_yank_through_the_app)
{
	struct view	 v;
	uint64_t	 start, len;
	size_t		 n;
	char		*osc;

	appdrv_keys(a, "llv");
	ck_assert(select_active(a->select));
	appdrv_keys(a, "ll");
	ck_assert(select_range(a->select, a->nav.cursor, a->nav.size, &start,
	    &len));
	ck_assert_uint_eq(start, 2);
	ck_assert_uint_eq(len, 3);
	app_view(a, &v);
	ck_assert_ptr_eq(v.select, a->select);
	ck_assert(select_has(v.select, v.nav->cursor, 3));
	/* The sums follow the keys. */
	ck_assert_uint_eq(select_sums(a->select)->len, 3);
	/* Esc ends it; v again starts anew at the cursor. */
	keymap_key(a, KEYS_ESC);
	ck_assert(!select_active(a->select));
	appdrv_keys(a, "hvly");
	ck_assert(!select_active(a->select));
	ck_assert(appdrv_msg_has(a, "yanked 2 bytes at 0x3 as hex"));
	ck_assert(yank_register(a->yank, &n) != NULL);
	ck_assert_uint_eq(n, 2);
	ck_assert(memcmp(yank_register(a->yank, &n), "\3\4", 2) == 0);
	/* The OSC 52 sequence waits for the loop, once: "0304\n". */
	osc = yank_take_osc(a->yank, &n);
	ck_assert_ptr_nonnull(osc);
	ck_assert_str_eq(osc, "\033]52;c;MDMwNAo=\a");
	free(osc);
	ck_assert_ptr_null(yank_take_osc(a->yank, &n));
}
END_TEST

START_TEST(fill_and_paste_through_the_app)
{
	static const int	 body[] = { 'a', 'b', 'c', 'd' };

	/* :fill outside edit mode: refused, nothing stored. */
	appdrv_keys(a, ":0x10\r");
	appdrv_keys(a, "vlll:fill 7f\r");
	ck_assert(appdrv_msg_has(a, ":fill: edit mode only: R, then :"));
	ck_assert_int_eq(tu_file_byte(path, 0x10), 0x10);
	ck_assert_int_eq(tu_file_byte(path, 0x13), 0x13);
	/* In edit mode, ':' from the hex pane: over 0x10..0x13, then u. */
	appdrv_keys(a, "R:fill 7f\r");
	ck_assert_int_eq(edit_mode(a->edit), EDIT_MODE_EDIT);
	keymap_key(a, KEYS_ESC);
	ck_assert_int_eq(tu_file_byte(path, 0x10), 0x7f);
	ck_assert_int_eq(tu_file_byte(path, 0x13), 0x7f);
	ck_assert_int_eq(tu_file_byte(path, 0x14), 0x14);
	appdrv_keys(a, "u");
	ck_assert_int_eq(tu_file_byte(path, 0x10), 0x10);
	ck_assert_int_eq(tu_file_byte(path, 0x13), 0x13);
	/* A paste outside edit mode is refused and stores nothing. */
	keymap_paste(a, body, 4);
	ck_assert(appdrv_msg_has(a, "paste refused: not in edit mode"));
	ck_assert_int_eq(tu_file_byte(path, 0x10), 0x10);
	/* In edit mode (hex pane): "abcd" is the bytes ab cd. */
	appdrv_keys(a, "R");
	keymap_paste(a, body, 4);
	ck_assert_int_eq(tu_file_byte(path, 0x10), 0xab);
	ck_assert_int_eq(tu_file_byte(path, 0x11), 0xcd);
	ck_assert_uint_eq(a->nav.cursor, 0x12);
	/* ^R ": the register (empty yet). */
	keymap_key(a, KEYS_CTRL('r'));
	keymap_key(a, '"');
	ck_assert(appdrv_msg_has(a, "the register is empty"));
	keymap_key(a, KEYS_ESC);
	appdrv_keys(a, "u");
	ck_assert_int_eq(tu_file_byte(path, 0x10), 0x10);
	ck_assert_int_eq(tu_file_byte(path, 0x11), 0x11);
}
END_TEST

START_TEST(file_read_limits)
{
	struct status	*st = status_new(false);
	char		*small = tu_file("rsmall", "abcdef", 6);
	char		*big = tu_path("rbig");
	unsigned char	*b;
	size_t		 len;
	int		 fd;

	b = yank_file_read(small, 6, &len, st);
	ck_assert_ptr_nonnull(b);
	ck_assert_uint_eq(len, 6);
	ck_assert(memcmp(b, "abcdef", 6) == 0);
	free(b);
	/* Two bytes too many for the room before the end. */
	ck_assert_ptr_null(yank_file_read(small, 4, &len, st));
	ck_assert_ptr_nonnull(strstr(status_text(st), ":r: nothing stored: "
	    "2 of the 6 bytes of"));
	/* Over 64 MiB (sparse: no disk used), whatever the room. */
	fd = open(big, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(ftruncate(fd, ((off_t)64 << 20) + 1), 0);
	close(fd);
	ck_assert_ptr_null(yank_file_read(big, UINT64_MAX, &len, st));
	ck_assert_ptr_nonnull(strstr(status_text(st), ":r stores at most "
	    "64 MiB"));
	ck_assert_ptr_null(yank_file_read("/nonexistent/x", 10, &len, st));
	ck_assert_ptr_nonnull(strstr(status_text(st), ":r: cannot open"));
	unlink(big);
	unlink(small);
	free(big);
	free(small);
	status_free(st);
}
END_TEST

START_TEST(yank_caps)
{
	char		*big = tu_pattern_file("ybig", 600 << 10, 3);
	char		*cause = NULL, *osc;
	struct door	*d = door_open(big, DOOR_RDONLY, &cause);
	struct yank	*y = yank_new();
	struct select	*s = select_new();
	struct status	*st = status_new(false);
	size_t		 n;

	ck_assert_msg(d != NULL, "door_open: %s", cause);
	/* Over 16 MiB: refused before anything is read. */
	yank_do(y, s, d, 0, YANK_MAX + 1, st);
	ck_assert_ptr_nonnull(strstr(status_text(st), "y copies at most 16 "
	    "MiB (:w FILE writes any length)"));
	ck_assert_ptr_null(yank_register(y, &n));
	/* 600 KiB as hex is over 1 MiB of text: the register only. */
	yank_set_clipboard(y, true);
	yank_do(y, s, d, 0, 600 << 10, st);
	ck_assert_ptr_nonnull(strstr(status_text(st), "to the register only "
	    "(too long for the clipboard)"));
	ck_assert_ptr_nonnull(yank_register(y, &n));
	ck_assert_uint_eq(n, 600 << 10);
	ck_assert_ptr_null(yank_take_osc(y, &n));
	/* As base64 text (4/3 and newlines) it is under: sent. */
	ck_assert(yank_set_form(y, "base64", st));
	yank_do(y, s, d, 0, 600 << 10, st);
	osc = yank_take_osc(y, &n);
	ck_assert_ptr_nonnull(osc);
	free(osc);
	status_free(st);
	select_free(s);
	yank_free(y);
	door_close(d);
	unlink(big);
	free(big);
}
END_TEST

/* The suite. */
static Suite *
select_suite(void)
{
	Suite	*s = suite_create("select");
	TCase	*tc = timeout_tcase("select", TIMEOUT_UNIT);

	tcase_add_checked_fixture(tc, setup, teardown);
	tcase_add_test(tc, range_follows_the_cursor);
	tcase_add_test(tc, sums_are_the_bytes);
	tcase_add_test(tc, read_copies_in_pieces);
	tcase_add_test(tc, pattern_repeats_and_cuts);
	tcase_add_test(tc, paste_finder);
	tcase_add_test(tc, paste_bytes);
	tcase_add_test(tc, visual_and_yank_through_the_app);
	tcase_add_test(tc, fill_and_paste_through_the_app);
	tcase_add_test(tc, file_read_limits);
	tcase_add_test(tc, yank_caps);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(select_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
