/* SPDX-License-Identifier: ISC */
/*
 * check_diff.c - snapshots and the diff view through the pty (issue 14):
 * :snap takes a snapshot and stores nothing; a test writer stores known
 * bytes; :diff 1 marks exactly them in the diff colour (after their fade)
 * and the header counts them; ]d / [d / 2]d jump between them; the diff
 * follows later stores; :diff off and the errors say what they should;
 * Tab completes the snapshots' names; past the snapshot's cap a page
 * whose old bytes are unknown has a colour (and a NO_COLOR look) of its
 * own, distinct from a real difference's.
 * Every wait is on a condition that was false before the action.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "timeout.h"
#include "e2e.h"
#include "pty.h"
#include "testutil.h"

static char	 unset_no_color[] = "-NO_COLOR";
static char *const colour_env[] = { unset_no_color, NULL };
static char	 set_no_color[] = "NO_COLOR=1";
static char *const mono_env[] = { set_no_color, NULL };

/* The diff colour: black on cyan (screen.c). */
#define DIFF_BG		6
/* A page that differs with its old bytes unknown: black on white. */
#define UNKNOWN_BG	7

/* True when byte OFF's hex cell (top row 0) is in the diff colour. */
static bool
diff_cell(struct pty *p, uint64_t off)
{
	struct pty_cell	c;
	int		row, col;

	e2e_hex_cell(off, 0, &row, &col);
	pty_cell(p, row, col, &c);
	return c.bg.kind == PTY_COLOR_INDEXED && c.bg.index == DIFF_BG;
}

/* The offsets a test stored into, for diff_all. */
struct offs {
	const uint64_t	*off;
	size_t		 n;
	bool		 mono;	/* NO_COLOR: underline and italic instead */
};

/* Condition: every offset in ARG (struct offs) is drawn as differing. */
static bool
diff_all(struct pty *p, void *arg)
{
	const struct offs	*o = arg;

	for (size_t k = 0; k < o->n; k++) {
		struct pty_cell	c;
		int		row, col;

		e2e_hex_cell(o->off[k], 0, &row, &col);
		pty_cell(p, row, col, &c);
		if (o->mono ? !(c.underline && c.italic && !c.bold) :
		    !diff_cell(p, o->off[k]))
			return false;
	}
	return true;
}

/* Store B at OFF from another process and wait until it is shown. */
static void
store_seen(struct pty *p, const char *path, uint64_t off, unsigned char b)
{
	char	hex[3];

	snprintf(hex, sizeof hex, "%02x", b);
	PTY_ASSERT(p, !e2e_hex_now(p, off, 0, hex), "%s already shown", hex);
	e2e_mmap_store(path, off, &b, 1);
	PTY_ASSERT(p, e2e_wait_hex(p, off, 0, hex), "%s never shown", hex);
}

START_TEST(diff_marks_exactly_the_stores)
{
	static const uint64_t	 at[] = { 0x25, 0x26, 0x80 };
	static const unsigned char val[] = { 0xaa, 0xbb, 0xcc };
	struct offs		 o = { at, 3, false };
	unsigned char		 z[4096] = { 0 }, now[4096];
	char			*path = e2e_zero_file("diff.bin");
	struct pty		*p = e2e_spawn(40, 120, colour_env, path, NULL);

	/* :snap stores nothing: the file is the same byte for byte. */
	PTY_ASSERT(p, !pty_find(p, "snapshot 1", NULL, NULL), "too early");
	pty_type(p, ":snap\r");
	PTY_ASSERT(p, pty_wait_text(p, "snapshot 1: 4096 bytes", E2E_WAIT),
	    "the snapshot was not taken");
	e2e_pread(path, 0, now, sizeof now);
	ck_assert(memcmp(now, z, sizeof z) == 0);
	for (size_t k = 0; k < 3; k++)
		store_seen(p, path, at[k], val[k]);
	PTY_ASSERT(p, !diff_all(p, &o), "marked before :diff");
	pty_type(p, ":diff 1\r");
	PTY_ASSERT(p, pty_wait_row(p, 0, "diff vs 1: 2 ranges, 3 bytes",
	    E2E_WAIT), "the header does not count the difference");
	/* Each stored byte in the diff colour once its fade is over ... */
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, diff_all, &o),
	    "the stored bytes are not marked");
	/* ... and no other byte. */
	for (uint64_t off = 1; off < 0x100; off++)
		if (off != at[0] && off != at[1] && off != at[2])
			PTY_ASSERT(p, !diff_cell(p, off), "0x%llx marked",
			    (unsigned long long)off);
	/* ]d, ]d, [d, then 2]d from the top. */
	e2e_keys_to(p, "]d", 0x25);
	e2e_keys_to(p, "]d", 0x80);
	e2e_keys_to(p, "[d", 0x25);
	e2e_keys_to(p, ":0\r", 0);
	e2e_keys_to(p, "2]d", 0x80);
	pty_type(p, "]d");
	PTY_ASSERT(p, pty_wait_text(p, "no difference after here", E2E_WAIT),
	    "the end of the differences is not said");
	/* The diff follows the file: a new store counts, one undone goes. */
	store_seen(p, path, 0x200, 0x01);
	PTY_ASSERT(p, pty_wait_row(p, 0, "diff vs 1: 3 ranges, 4 bytes",
	    E2E_WAIT), "a later store is not in the diff");
	store_seen(p, path, 0x80, 0x00);
	PTY_ASSERT(p, pty_wait_row(p, 0, "diff vs 1: 2 ranges, 3 bytes",
	    E2E_WAIT), "a byte stored back still counts");
	pty_type(p, ":diff off\r");
	PTY_ASSERT(p, pty_wait_gone(p, "diff vs 1", E2E_WAIT),
	    ":diff off left the header");
	/* Nothing the viewer did stored a byte: only the writer's bytes. */
	z[0x25] = 0xaa;
	z[0x26] = 0xbb;
	z[0x200] = 0x01;
	e2e_pread(path, 0, now, sizeof now);
	ck_assert(memcmp(now, z, sizeof z) == 0);
	e2e_finish(p, path);
}
END_TEST

/* NO_COLOR: the differing bytes are underlined in italics instead. */
START_TEST(diff_without_colour)
{
	static const uint64_t	 at[] = { 0x31 };
	struct offs		 o = { at, 1, true };
	char			*path = e2e_zero_file("diff-mono.bin");
	struct pty		*p = e2e_spawn(40, 120, mono_env, path, NULL);

	pty_type(p, ":snap before\r");
	PTY_ASSERT(p, pty_wait_text(p, "snapshot before: 4096 bytes", E2E_WAIT),
	    "the named snapshot was not taken");
	store_seen(p, path, 0x31, 0x7f);
	PTY_ASSERT(p, !diff_all(p, &o), "marked before :diff");
	pty_type(p, ":diff before\r");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, diff_all, &o),
	    "the stored byte is not marked without colour");
	PTY_ASSERT(p, pty_wait_row(p, 0, "diff vs before: 1 range, 1 byte",
	    E2E_WAIT), "the header does not count it");
	e2e_finish(p, path);
}
END_TEST

/* Wrong names and keys say what is wrong. */
START_TEST(diff_errors)
{
	unsigned char	 z[256] = { 0 };
	char		*path = tu_file("diff-err.bin", z, sizeof z);
	struct pty	*p = e2e_spawn(40, 120, colour_env, path, NULL);

	pty_type(p, "]d");
	PTY_ASSERT(p, pty_wait_text(p, "no diff is on (:diff NAME", E2E_WAIT),
	    "]d without a diff says nothing");
	pty_type(p, ":diff nope\r");
	PTY_ASSERT(p, pty_wait_text(p, "snapshot \"nope\": no such "
	    "snapshot (:snap takes one)", E2E_WAIT),
	    "an unknown name is not said");
	pty_type(p, ":snap a/b\r");
	PTY_ASSERT(p, pty_wait_text(p, "snapshot \"a/b\": a name is 1 to",
	    E2E_WAIT),
	    "a bad name is not refused");
	pty_type(p, ":snap off\r");
	PTY_ASSERT(p, pty_wait_text(p, "snapshot \"off\": is a word of :diff",
	    E2E_WAIT), "a snapshot :diff off could never show is taken");
	pty_type(p, ":snap drop\r");
	PTY_ASSERT(p, pty_wait_text(p, "usage: :snap drop NAME", E2E_WAIT),
	    ":snap drop without a name is not refused");
	pty_type(p, ":snap x\r");
	PTY_ASSERT(p, pty_wait_text(p, "snapshot x: 256 bytes", E2E_WAIT),
	    "no x");
	pty_type(p, ":snap x\r");
	PTY_ASSERT(p, pty_wait_text(p, "snapshot \"x\": exists already",
	    E2E_WAIT),
	    "a second x is not refused");
	pty_type(p, ":snaps\r");
	PTY_ASSERT(p, pty_wait_text(p, "snapshots: x (", E2E_WAIT), ":snaps");
	pty_type(p, ":snap drop x\r");
	PTY_ASSERT(p, pty_wait_text(p, "snapshot x dropped", E2E_WAIT), "drop");
	pty_type(p, ":snaps\r");
	PTY_ASSERT(p, pty_wait_text(p, "no snapshots", E2E_WAIT),
	    ":snaps empty");
	e2e_finish(p, path);
}
END_TEST

/* How a byte of the diff is drawn: the two kinds, or not marked. */
enum mark { MARK_NONE, MARK_DIFF, MARK_UNKNOWN };

/* The screen cell of byte OFF wherever its row is shown; false if not. */
static bool
find_cell(struct pty *p, uint64_t off, struct pty_cell *c)
{
	char	label[24];
	int	rows, cols, row = -1;

	pty_size(p, &rows, &cols);
	snprintf(label, sizeof label, "%08llx ", (unsigned long long)(off &
	    ~(uint64_t)15));
	for (int r = 1; r < rows - 1 && row == -1; r++) {
		char	*t = pty_row_text(p, r);

		if (strncmp(t, label, strlen(label)) == 0)
			row = r;
		free(t);
	}
	if (row == -1)
		return false;
	pty_cell(p, row, 11 + 3 * (int)(off % 16), c);
	return true;
}

/* The mark byte OFF is drawn with (colour or, MONO, NO_COLOR's). */
static enum mark
mark_of(struct pty *p, uint64_t off, bool mono)
{
	struct pty_cell	c;

	if (!find_cell(p, off, &c))
		return MARK_NONE;
	if (mono)
		return !c.underline || !c.italic ? MARK_NONE : c.bold ?
		    MARK_UNKNOWN : MARK_DIFF;
	if (c.bg.kind != PTY_COLOR_INDEXED)
		return MARK_NONE;
	return c.bg.index == DIFF_BG ? MARK_DIFF : c.bg.index == UNKNOWN_BG ?
	    MARK_UNKNOWN : MARK_NONE;
}

/* What unknown_wait waits for: bytes OFF[0..N) all drawn as WANT. */
struct marks {
	const uint64_t	*off;
	size_t		 n;
	enum mark	 want;
	bool		 mono;
};

/* Condition: every byte of ARG (struct marks) has the mark it wants. */
static bool
marks_are(struct pty *p, void *arg)
{
	const struct marks	*m = arg;

	for (size_t k = 0; k < m->n; k++)
		if (mark_of(p, m->off[k], m->mono) != m->want)
			return false;
	return true;
}

/*
 * issue 14: past the snapshot's cap (LIVEHEX_SNAP_KEEP: one chunk of 16
 * pages and a half, so the first chunk, incompressible, is kept and the
 * second is hashed only) a differing page is marked whole in a role of
 * its own, not as a real difference; the page whose old bytes are kept
 * marks exactly the stored byte in the diff's.  MONO: under NO_COLOR.
 */
static void
unknown_case(bool mono)
{
	size_t		 ps = (size_t)sysconf(_SC_PAGESIZE), chunk = 16 * ps;
	unsigned char	*z = calloc(2 * chunk, 1), b = 0x7f;
	uint32_t	 x = 12345;
	uint64_t	 unk[3], known[1] = { 0x25 }, plain[1] = { 0x26 };
	char		 keep[64], *path, go[32];
	struct pty	*p;
	struct marks	 m;

	for (size_t i = 0; i < chunk; i++) {
		x = x * 1103515245u + 12345u;
		z[i] = (unsigned char)(x >> 24);
	}
	path = tu_file(mono ? "unk-mono.bin" : "unk.bin", z, 2 * chunk);
	snprintf(keep, sizeof keep, "LIVEHEX_SNAP_KEEP=%zu", chunk + chunk / 2);
	{
		char *const	env[] = { mono ? set_no_color : unset_no_color,
				    keep, NULL };

		p = e2e_spawn(40, 120, env, path, NULL);
	}
	pty_type(p, ":snap\r");
	PTY_ASSERT(p, pty_wait_text(p, "some pages hashed only", E2E_WAIT),
	    "the cap was not reached");
	/* A byte in each chunk: 0x25 (kept) and one in the hashed page. */
	unk[0] = chunk + 0x31;
	unk[1] = chunk + 0x30;	/* not stored: its page is marked whole */
	unk[2] = chunk + 0x52;
	e2e_mmap_store(path, unk[0], &b, 1);
	b = (unsigned char)(z[0x25] ^ 0xff);
	store_seen(p, path, 0x25, b);
	/* Where the unknown page is shown: unmarked before :diff. */
	snprintf(go, sizeof go, ":0x%zx\r", chunk + 0x40);
	pty_type(p, go);
	m = (struct marks){ unk, 3, MARK_NONE, mono };
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, marks_are, &m), "no such rows");
	PTY_ASSERT(p, !pty_find(p, "old bytes unknown", NULL, NULL), "early");
	pty_type(p, ":diff 1\r");
	PTY_ASSERT(p, pty_wait_row(p, 0, "(some pages: old bytes unknown)",
	    E2E_WAIT), "the header does not say so");
	m.want = MARK_UNKNOWN;
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, marks_are, &m),
	    "the page with unknown old bytes is not in its own %s",
	    mono ? "attributes" : "colour");
	/* Back at the top: the known page marks its one byte as a diff. */
	pty_type(p, ":0\r");
	PTY_ASSERT(p, e2e_wait_cursor(p, 0), "no goto 0");
	m = (struct marks){ known, 1, MARK_DIFF, mono };
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, marks_are, &m),
	    "the byte with known old bytes is not marked as a difference");
	m = (struct marks){ plain, 1, MARK_NONE, mono };
	PTY_ASSERT(p, marks_are(p, &m), "its neighbour is marked");
	e2e_quit(p);
	pty_free(p);
	free(path);
	free(z);
}

START_TEST(unknown_old_bytes_have_their_own_colour)
{
	unknown_case(false);
}
END_TEST

START_TEST(unknown_old_bytes_have_their_own_look_in_mono)
{
	unknown_case(true);
}
END_TEST

/* Condition: the last row (the prompt) starts with ARG. */
static bool
prompt_is(struct pty *p, void *arg)
{
	int	 rows, cols;
	char	*t;
	bool	 yes;

	pty_size(p, &rows, &cols);
	t = pty_row_text(p, rows - 1);
	yes = strncmp(t, arg, strlen(arg)) == 0;
	free(t);
	return yes;
}

/*
 * Tab in the ':' prompt completes the snapshots' names after :diff and
 * :snap drop (the app hands its names to the completion).
 */
START_TEST(tab_completes_snapshot_names)
{
	unsigned char	 z[256] = { 0 };
	char		*path = tu_file("diff-tab.bin", z, sizeof z);
	struct pty	*p = e2e_spawn(40, 120, colour_env, path, NULL);
	char		 diff_be[] = ":diff be", diff_full[] = ":diff before",
			 drop_b[] = ":snap drop b",
			 drop_full[] = ":snap drop before";

	pty_type(p, ":snap before\r");
	PTY_ASSERT(p, pty_wait_text(p, "snapshot before: 256 bytes", E2E_WAIT),
	    "no snapshot");
	/* The prompt starts the last row (the message names :diff too). */
	pty_type(p, ":diff be");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, prompt_is, diff_be), "not typed");
	PTY_ASSERT(p, !prompt_is(p, diff_full), "early");
	pty_key(p, VTERM_KEY_TAB, VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, prompt_is, diff_full),
	    "Tab did not complete the snapshot's name");
	pty_type(p, "\r");
	PTY_ASSERT(p, pty_wait_row(p, 0, "diff vs before", E2E_WAIT),
	    "the completed name is not the snapshot's");
	pty_type(p, ":snap drop b");
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, prompt_is, drop_b),
	    "not typed");
	PTY_ASSERT(p, !prompt_is(p, drop_full),
	    "early");
	pty_key(p, VTERM_KEY_TAB, VTERM_MOD_NONE);
	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, prompt_is, drop_full),
	    "Tab did not complete after :snap drop");
	pty_type(p, "\r");
	PTY_ASSERT(p, pty_wait_text(p, "snapshot before dropped", E2E_WAIT),
	    "not dropped");
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* The suite. */
int
main(void)
{
	Suite	*s = suite_create("diff");
	TCase	*tc = timeout_tcase("diff", TIMEOUT_TOOL);

	tcase_add_test(tc, diff_marks_exactly_the_stores);
	tcase_add_test(tc, diff_without_colour);
	tcase_add_test(tc, diff_errors);
	tcase_add_test(tc, tab_completes_snapshot_names);
	tcase_add_test(tc, unknown_old_bytes_have_their_own_colour);
	tcase_add_test(tc, unknown_old_bytes_have_their_own_look_in_mono);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
