/* SPDX-License-Identifier: ISC */
/*
 * check_visual.c - the selection, yank and export, end to end through a pty.
 *
 * Visual mode and its status line and colours, a mouse drag, the
 * inspector's selection lines, every yank form read back from the OSC 52
 * sequence the viewer writes (decoded here by a decoder of our own, so
 * the encoder is not checked against itself), the clipboard switch, and
 * the refusals.  :r and :fill, which store from edit mode, are tested in
 * check_editcmd.c.  Waits are conditions with deadlines; each checks that
 * its condition was false before the action.
 */
#include "config.h"

#include <check.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <xxhash.h>

#include "e2e.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

static char	 unset_no_color[] = "-NO_COLOR";
static char *const color_env[] = { unset_no_color, NULL };
static char	 set_no_color[] = "NO_COLOR=1";
static char *const mono_env[] = { set_no_color, NULL };

/* The status line's row on a 24-row terminal. */
#define STATUS_ROW	23

/* Decode base64 S into a malloc'd buffer, *LEN bytes (test's own). */
static unsigned char *
unbase64(const char *s, size_t *len)
{
	unsigned char	*out = xmalloc(strlen(s) / 4 * 3 + 3);
	uint32_t	 acc = 0;
	int		 bits = 0;
	size_t		 n = 0;

	for (; *s != '\0' && *s != '='; s++) {
		const char	*abc = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmn"
				    "opqrstuvwxyz0123456789+/";
		const char	*at = strchr(abc, *s);

		ck_assert_msg(at != NULL, "not base64: %c", *s);
		acc = acc << 6 | (uint32_t)(at - abc);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[n++] = (unsigned char)(acc >> bits);
		}
	}
	*len = n;
	return out;
}

/* What pty_wait waits for: the number of OSC 52 sequences reaching ARG. */
static bool
clips_reach(struct pty *p, void *arg)
{
	int	n;

	pty_clipboard(p, &n);
	return n >= *(int *)arg;
}

/* The number of OSC 52 sequences seen so far. */
static int
clips(struct pty *p)
{
	int	n;

	pty_clipboard(p, &n);
	return n;
}

/*
 * Wait for the clipboard sequence number WANT and check that it holds
 * exactly the LEN bytes at TEXT.
 */
static void
expect_clip(struct pty *p, int want, const void *text, size_t len)
{
	int		 n;
	size_t		 got;
	unsigned char	*b;

	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, clips_reach, &want),
	    "no OSC 52 number %d", want);
	b = unbase64(pty_clipboard(p, &n), &got);
	ck_assert_int_eq(n, want);
	ck_assert_uint_eq(got, len);
	ck_assert_msg(memcmp(b, text, len) == 0, "clipboard holds \"%.*s\"",
	    (int)got, b);
	free(b);
}

/* Byte OFF's hex cell (top row 0) has the selection's colour (blue). */
static bool
selected_color(struct pty *p, uint64_t off)
{
	struct pty_cell	c;
	int		row, col;

	e2e_hex_cell(off, 0, &row, &col);
	pty_cell(p, row, col, &c);
	return c.bg.kind == PTY_COLOR_INDEXED && c.bg.index == 4;
}

START_TEST(visual_mode_extends_and_esc_ends)
{
	char		*path = e2e_ramp_file("visual");
	struct pty	*p = e2e_spawn(24, 80, color_env, path, NULL);

	e2e_go(p, 0x10);
	ck_assert(!pty_row_find(p, STATUS_ROW, "-- VISUAL --", NULL));
	ck_assert(!selected_color(p, 0x10));
	pty_type(p, "v");
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, "-- VISUAL -- 0x10-0x10 "
	    "(1 byte)", E2E_WAIT), "v did not start visual mode");
	/* Every motion extends it: right, and a row down. */
	pty_type(p, "lllj");
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, "0x10-0x23 (20 bytes)",
	    E2E_WAIT), "motions did not extend the selection");
	PTY_ASSERT(p, selected_color(p, 0x12), "0x12 not drawn selected");
	ck_assert(selected_color(p, 0x22));
	ck_assert(!selected_color(p, 0x0f));
	ck_assert(!selected_color(p, 0x24));
	/* Back past the anchor: the range turns round it. */
	pty_type(p, "kkhhh");
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, "0x0-0x10 (17 bytes)",
	    E2E_WAIT), "the range did not turn round the anchor");
	/* Esc ends it: the tag and the colour go. */
	pty_key(p, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait_gone(p, "-- VISUAL --", E2E_WAIT),
	    "Esc did not end visual mode");
	ck_assert(e2e_wait_cursor(p, 0x0));
	ck_assert(!selected_color(p, 0x05));
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(no_color_selection_is_reverse)
{
	char		*path = e2e_ramp_file("mono");
	struct pty	*p = e2e_spawn(24, 80, mono_env, path, NULL);
	struct pty_cell	 c;
	int		 row, col;

	e2e_go(p, 0x10);
	e2e_hex_cell(0x12, 0, &row, &col);
	pty_cell(p, row, col, &c);
	ck_assert(!c.reverse);
	pty_type(p, "vll");
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, "0x10-0x12 (3 bytes)",
	    E2E_WAIT), "no selection");
	/* 0x11 is inside, not the cursor: reverse video, no colour. */
	e2e_hex_cell(0x11, 0, &row, &col);
	pty_cell(p, row, col, &c);
	ck_assert(c.reverse);
	ck_assert_int_eq(c.bg.kind, PTY_COLOR_DEFAULT);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(mouse_drag_selects)
{
	char		*path = e2e_ramp_file("drag");
	struct pty	*p = e2e_spawn(24, 80, color_env, path, NULL);
	int		 r0, c0, r1, c1;

	PTY_ASSERT(p, pty_mouse_mode(p) != 0, "mouse not enabled");
	e2e_hex_cell(0x21, 0, &r0, &c0);
	e2e_hex_cell(0x3a, 0, &r1, &c1);
	ck_assert(!pty_row_find(p, STATUS_ROW, "-- VISUAL --", NULL));
	/* Why a wait between: a person's drag takes time, and curses
	   reports a press and a release read at once as one event. */
	pty_mouse_button(p, r0, c0, true);
	ck_assert(e2e_wait_cursor(p, 0x21));
	pty_mouse_button(p, r1, c1, false);
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, "-- VISUAL -- 0x21-0x3a "
	    "(26 bytes)", E2E_WAIT), "a drag did not select");
	/* A click ends it and places the cursor. */
	pty_mouse_click(p, r0, c0, 1);
	PTY_ASSERT(p, pty_wait_gone(p, "-- VISUAL --", E2E_WAIT),
	    "a click did not end the selection");
	ck_assert(e2e_wait_cursor(p, 0x21));
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(inspector_shows_the_selection)
{
	char		*path = e2e_ramp_file("inspect");
	struct pty	*p = e2e_spawn(24, 120, color_env, path, NULL);
	static const unsigned char four[] = { 0, 1, 2, 3 };
	char		 want[64];

	PTY_ASSERT(p, pty_wait_text(p, "inspector", E2E_WAIT), "no inspector");
	ck_assert(!pty_find(p, "selection (y yanks)", NULL, NULL));
	pty_type(p, "vlll");
	PTY_ASSERT(p, pty_wait_text(p, "selection (y yanks)", E2E_WAIT),
	    "the inspector does not show the selection");
	ck_assert(pty_wait_text(p, "length 4", E2E_WAIT));
	/* CRC-32 from Python's zlib; XXH3 from the library itself. */
	ck_assert(pty_wait_text(p, "crc32  8bb98613", E2E_WAIT));
	snprintf(want, sizeof want, "xxh3   %016" PRIx64,
	    (uint64_t)XXH3_64bits(four, 4));
	PTY_ASSERT(p, pty_wait_text(p, want, E2E_WAIT), "no %s", want);
	ck_assert(pty_wait_text(p, "u32le  50462976", E2E_WAIT));
	ck_assert(pty_wait_text(p, "u32be  66051", E2E_WAIT));
	/* Five bytes: no typed value. */
	pty_type(p, "l");
	PTY_ASSERT(p, pty_wait_text(p, "length 5", E2E_WAIT), "not 5");
	PTY_ASSERT(p, pty_wait_gone(p, "u32le  ", E2E_WAIT),
	    "a typed value for 5 bytes");
	/* Esc: the inspector again. */
	pty_key(p, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait_gone(p, "selection (y yanks)", E2E_WAIT),
	    "the selection stayed in the inspector");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* Each form and what the bytes 00 01 02 03 at offset 0 become. */
static const struct {
	const char	*form;
	const char	*text;
	size_t		 len;
} forms[] = {
	{ "hex", "00010203\n", 9 },
	{ "c", "unsigned char data[] = {\n  0x00, 0x01, 0x02, 0x03\n};\n"
	  "unsigned int data_len = 4;\n", 80 },
	{ "xxd", "00000000: 0001 0203                                ....\n",
	  56 },
	{ "base64", "AAECAw==\n", 9 },
	{ "text", "\0\1\2\3", 4 },
	{ "u16le", "256\n770\n", 8 },
	{ "u16be", "1\n515\n", 6 },
};

START_TEST(yank_each_form)
{
	char		*path = e2e_ramp_file("yank");
	struct pty	*p = e2e_spawn(24, 80, color_env, path, NULL);
	char		 cmd[64], said[96];
	int		 n = 0;

	for (size_t i = 0; i < sizeof forms / sizeof forms[0]; i++) {
		snprintf(cmd, sizeof cmd, ":yank %s\r", forms[i].form);
		pty_type(p, cmd);
		snprintf(said, sizeof said, "y now yanks as %s", forms[i].form);
		PTY_ASSERT(p, pty_wait_text(p, said, E2E_WAIT), "no %s", said);
		pty_type(p, "gvlll");
		PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, "0x0-0x3 (4 bytes)",
		    E2E_WAIT), "no selection");
		ck_assert_int_eq(clips(p), n);
		pty_type(p, "y");
		expect_clip(p, ++n, forms[i].text, forms[i].len);
		snprintf(said, sizeof said, "yanked 4 bytes at 0x0 as %s (%zu "
		    "characters) to the register and the clipboard",
		    forms[i].form, forms[i].len);
		PTY_ASSERT(p, pty_wait_text(p, said, E2E_WAIT), "no %s", said);
		/* A yank ends the selection. */
		ck_assert(pty_wait_gone(p, "-- VISUAL --", E2E_WAIT));
	}
	/* :yank FORM with a selection yanks it at once. */
	pty_type(p, "gvl:yank hex\r");
	expect_clip(p, ++n, "0001\n", 5);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

START_TEST(yank_refusals_and_clipboard_off)
{
	char		*path = e2e_ramp_file("refuse");
	struct pty	*p = e2e_spawn(24, 80, color_env, path, NULL);

	pty_type(p, "y");
	PTY_ASSERT(p, pty_wait_text(p, "nothing selected: v starts a "
	    "selection, y then yanks it", E2E_WAIT), "y without a selection");
	pty_type(p, ":yank hexx\r");
	PTY_ASSERT(p, pty_wait_text(p, "no yank form named \"hexx\"",
	    E2E_WAIT), "a bad form was taken");
	/* Three bytes are no whole u32: nothing yanked. */
	pty_type(p, "vll:yank u32le\r");
	PTY_ASSERT(p, pty_wait_text(p, "3 bytes are not a whole number of "
	    "u32le (4 bytes each); nothing yanked", E2E_WAIT),
	    "a bad length was yanked");
	ck_assert_int_eq(clips(p), 0);
	/* Clipboard off: the register only. */
	pty_key(p, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	pty_type(p, ":clipboard off\r");
	PTY_ASSERT(p, pty_wait_text(p, "clipboard off", E2E_WAIT), "no off");
	pty_type(p, ":yank hex\rgvy");
	PTY_ASSERT(p, pty_wait_text(p, "to the register (clipboard off)",
	    E2E_WAIT), "clipboard off not said");
	/* On again: the next yank is the first sequence sent. */
	pty_type(p, ":clipboard on\r");
	PTY_ASSERT(p, pty_wait_text(p, "clipboard on", E2E_WAIT), "no on");
	pty_type(p, "gvly");
	expect_clip(p, 1, "0001\n", 5);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* True when DIR holds a file whose name starts with PREFIX. */
static bool
dir_has(const char *dir, const char *prefix)
{
	char	*cmd = xasprintf("ls -a '%s' | grep -q '^%s'", dir, prefix);
	int	 r = system(cmd);

	free(cmd);
	return r == 0;
}

START_TEST(write_selection_to_a_file)
{
	char		*path = e2e_ramp_file("wsrc");
	char		*out = tu_path("wout.bin"), *dir = tu_path("");
	char		 cmd[512];
	unsigned char	*got;
	size_t		 n;
	struct pty	*p = e2e_spawn(24, 132, color_env, path, NULL);
	static const unsigned char want[] = { 0x10, 0x11, 0x12, 0x13 };

	unlink(out);
	/* Without a selection :w FILE says what it needs. */
	snprintf(cmd, sizeof cmd, ":w %s\r", out);
	pty_type(p, cmd);
	PTY_ASSERT(p, pty_wait_text(p, ":w FILE writes the selection: "
	    "select bytes first (v)", E2E_WAIT), "no selection not said");
	ck_assert(access(out, F_OK) != 0);
	e2e_go(p, 0x10);
	pty_type(p, "vlll");
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, "0x10-0x13", E2E_WAIT),
	    "no selection");
	pty_type(p, cmd);
	PTY_ASSERT(p, pty_wait_text(p, "wrote 4 bytes (0x10-0x13) to",
	    E2E_WAIT), ":w did not say it wrote");
	got = tu_slurp(out, &n);
	ck_assert_uint_eq(n, 4);
	ck_assert(memcmp(got, want, 4) == 0);
	free(got);
	/* It exists now: :w refuses, :w! replaces. */
	pty_type(p, "gvl");
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, "0x0-0x1", E2E_WAIT),
	    "no selection");
	pty_type(p, cmd);
	PTY_ASSERT(p, pty_wait_text(p, ":w: not written: \"/", E2E_WAIT),
	    ":w overwrote");
	ck_assert(pty_wait_text(p, "wout.bin\" exists (:w! replaces it)",
	    E2E_WAIT));
	got = tu_slurp(out, &n);
	ck_assert_uint_eq(n, 4);
	free(got);
	snprintf(cmd, sizeof cmd, ":w! %s\r", out);
	pty_type(p, cmd);
	PTY_ASSERT(p, pty_wait_text(p, "wrote 2 bytes (0x0-0x1) to",
	    E2E_WAIT), ":w! did not write");
	got = tu_slurp(out, &n);
	ck_assert_uint_eq(n, 2);
	ck_assert(got[0] == 0 && got[1] == 1);
	free(got);
	/* Never the viewed file itself, even with !. */
	pty_type(p, "gvl");
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, "0x0-0x1", E2E_WAIT),
	    "no selection");
	snprintf(cmd, sizeof cmd, ":w! %s\r", path);
	pty_type(p, cmd);
	PTY_ASSERT(p, pty_wait_text(p, ":w: not written: \"/", E2E_WAIT),
	    "the viewed file was written");
	ck_assert(pty_wait_text(p, "wsrc\" is the file being viewed",
	    E2E_WAIT));
	got = tu_slurp(path, &n);
	ck_assert_uint_eq(n, 4096);
	free(got);
	/* No temporary file is left behind. */
	ck_assert(!dir_has(dir, ".livehex-w"));
	e2e_quit(p);
	pty_free(p);
	free(out);
	free(dir);
	free(path);
}
END_TEST

START_TEST(register_paste_in_edit_mode)
{
	char		*path = e2e_ramp_file("regpaste");
	struct pty	*p = e2e_spawn(24, 80, color_env, path, NULL);

	/* Yank 00 01 02 03 (as text: the register is the bytes anyway). */
	pty_type(p, ":yank text\rgvlll");
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, "0x0-0x3", E2E_WAIT),
	    "no selection");
	pty_type(p, "y");
	PTY_ASSERT(p, pty_wait_text(p, "yanked 4 bytes", E2E_WAIT), "no yank");
	e2e_go(p, 0x30);
	e2e_enter_edit(p, "-- EDIT hex --");
	pty_ctrl(p, 'r');
	pty_type(p, "\"");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x30, "\0\1\2\3", 4),
	    "^R \" did not store the register");
	PTY_ASSERT(p, pty_wait_text(p, "stored 4 bytes at 0x30-0x33",
	    E2E_WAIT), "the paste was not said");
	e2e_ramp_intact(path, 0x34, 1);
	/* Typing goes on after the pasted bytes, as a step of its own. */
	pty_type(p, "ff");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x34, "\xff", 1), "typing after");
	e2e_leave_edit(p);
	pty_type(p, "u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x34, "\x34", 1), "u: the typing");
	ck_assert(e2e_wait_file(p, path, 0x30, "\0\1\2\3", 4));
	pty_type(p, "u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x30, "\x30\x31\x32\x33", 4),
	    "u did not undo the paste as one step");
	e2e_quit_bang(p);
	free(path);
}
END_TEST

START_TEST(bracketed_paste_hex_and_text)
{
	char		*path = e2e_ramp_file("bpaste");
	struct pty	*p = e2e_spawn(24, 80, color_env, path, NULL);

	/* The viewer asked the terminal for bracketed paste. */
	ck_assert(pty_bracketed(p));
	/* Outside edit mode: refused, nothing stored. */
	e2e_go(p, 0x50);
	e2e_paste(p, "de ad");
	PTY_ASSERT(p, pty_wait_text(p, "paste refused: not in edit mode",
	    E2E_WAIT), "a paste outside edit mode was not refused");
	e2e_ramp_intact(path, 0x50, 2);
	/* Hex pane: blanks skipped, one step. */
	e2e_enter_edit(p, "-- EDIT hex --");
	e2e_paste(p, "de ad\r\nbe\tef");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x50, "\xde\xad\xbe\xef", 4),
	    "the hex paste was not stored");
	/* Refusals: an odd digit, a non-hex character; nothing stored. */
	e2e_paste(p, "abc");
	PTY_ASSERT(p, pty_wait_text(p, "paste refused: 3 hex digits, an odd "
	    "number", E2E_WAIT), "an odd paste was taken");
	e2e_paste(p, "12 zz");
	PTY_ASSERT(p, pty_wait_text(p, "paste refused: 'z' (character 4) is "
	    "no hex digit", E2E_WAIT), "a non-hex paste was taken");
	e2e_ramp_intact(path, 0x54, 2);
	/* Still in edit mode: Esc inside the markers was no key. */
	PTY_ASSERT(p, pty_row_find(p, STATUS_ROW, "-- EDIT hex --", NULL) ||
	    pty_wait_text(p, "paste refused", E2E_WAIT), "edit mode left");
	e2e_leave_edit(p);
	pty_type(p, "u");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x50, "\x50\x51\x52\x53", 4),
	    "u did not undo the paste as one step");
	/* Text pane: the characters' bytes. */
	e2e_go(p, 0x60);
	pty_type(p, "\t");
	e2e_enter_edit(p, "-- EDIT text --");
	e2e_paste(p, "Hi \xc3\xa9!");
	PTY_ASSERT(p, e2e_wait_file(p, path, 0x60, "Hi \xc3\xa9!", 6),
	    "the text paste was not stored");
	/* Past the end: refused whole. */
	e2e_leave_edit(p);
	e2e_go(p, 0xffe);
	e2e_enter_edit(p, "-- EDIT text --");
	e2e_paste(p, "abcd");
	PTY_ASSERT(p, pty_wait_text(p, "paste: 4 bytes at 0xffe would run 2 "
	    "past the end", E2E_WAIT), "a paste past the end was taken");
	e2e_ramp_intact(path, 0xffe, 2);
	e2e_leave_edit(p);
	/* Into the prompt: characters only, never Esc or Enter. */
	pty_type(p, ":");
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, ":", E2E_WAIT), "no prompt");
	e2e_paste(p, "0x1\033R\r0");
	PTY_ASSERT(p, pty_wait_row(p, STATUS_ROW, ":0x1R0", E2E_WAIT),
	    "the prompt did not take the paste as characters");
	pty_key(p, VTERM_KEY_ESCAPE, VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait_gone(p, ":0x1R0", E2E_WAIT), "prompt stays");
	e2e_ramp_intact(path, 0xffe, 2);
	pty_type(p, ":q!\r");
	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, NULL), "no exit");
	/* And turned it off on the way out. */
	ck_assert(!pty_bracketed(p));
	pty_free(p);
	free(path);
}
END_TEST

/* Condition: bracketed paste is on (ARG NULL) or off (ARG not NULL). */
static bool
bracketed_is(struct pty *p, void *arg)
{
	return pty_bracketed(p) == (arg == NULL);
}

START_TEST(suspend_turns_bracketed_paste_off_and_on)
{
	char		*path = e2e_ramp_file("bsuspend");
	char		*cmd;
	int		 off = 1;
	struct pty	*p = e2e_shell("suspend_turns_bracketed_paste_off_and_on");

	if (p == NULL) {
		free(path);
		return;
	}
	/* Why: bash turns 2004 on at its own prompt; it must be off here. */
	pty_type(p, "bind 'set enable-bracketed-paste off'\r");
	pty_type(p, "echo 'o''k'\r");
	/* "ok" shows only once the echo ran (the line says o''k). */
	PTY_ASSERT(p, pty_wait_text(p, "ok", E2E_WAIT), "no echo");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, bracketed_is, &off),
	    "the shell keeps bracketed paste on");
	cmd = xasprintf("%s %s\r", tu_livehex(), path);
	pty_type(p, cmd);
	PTY_ASSERT(p, pty_wait_text(p, "? for help", E2E_WAIT), "no viewer");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, bracketed_is, NULL),
	    "the viewer did not turn bracketed paste on");
	pty_ctrl(p, 'z');
	PTY_ASSERT(p, pty_wait_text(p, "Stopped", E2E_WAIT), "no stop");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, bracketed_is, &off),
	    "^Z left bracketed paste on for the shell");
	pty_type(p, "fg\r");
	PTY_ASSERT(p, pty_wait_text(p, "? for help", E2E_WAIT), "no fg");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, bracketed_is, NULL),
	    "fg did not turn bracketed paste on again");
	pty_type(p, "q");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, bracketed_is, &off),
	    "q left bracketed paste on");
	e2e_shell_exit(p);
	free(cmd);
	free(path);
}
END_TEST

/* The suite. */
static Suite *
visual_suite(void)
{
	Suite	*s = suite_create("visual");
	TCase	*tc = timeout_tcase("visual", TIMEOUT_LONG);

	tcase_add_test(tc, visual_mode_extends_and_esc_ends);
	tcase_add_test(tc, no_color_selection_is_reverse);
	tcase_add_test(tc, mouse_drag_selects);
	tcase_add_test(tc, inspector_shows_the_selection);
	tcase_add_test(tc, yank_each_form);
	tcase_add_test(tc, yank_refusals_and_clipboard_off);
	tcase_add_test(tc, write_selection_to_a_file);
	tcase_add_test(tc, register_paste_in_edit_mode);
	tcase_add_test(tc, bracketed_paste_hex_and_text);
	tcase_add_test(tc, suspend_turns_bracketed_paste_off_and_on);
	suite_add_tcase(s, tc);
	return s;
}

int
main(void)
{
	SRunner	*sr = srunner_create(visual_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
