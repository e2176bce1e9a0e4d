/* SPDX-License-Identifier: ISC */
/*
 * check_prompt.c - the one-line prompt without a terminal: its editing
 * keys (status.c), its history and the history's file (history.c), and
 * Tab completion of file and type names (cmds.c).
 *
 * The history file goes to a fresh XDG_STATE_HOME under TMPDIR, never
 * the user's home; Check forks each test, so setenv stays in the test.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmds.h"
#include "history.h"
#include "keys.h"
#include "layout.h"
#include "status.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/* A fresh directory under TMPDIR; its path. */
static char *
fresh_dir(void)
{
	const char	*tmp = getenv("TMPDIR");
	char		*dir = xasprintf("%s/livehex-prompt.XXXXXX",
			    tmp != NULL && *tmp != '\0' ? tmp : "/tmp");

	ck_assert_msg(mkdtemp(dir) != NULL, "mkdtemp: %s", strerror(errno));
	return dir;
}

/* A fresh XDG_STATE_HOME (set in the environment); its path. */
static char *
fresh_state(void)
{
	char	*dir = fresh_dir();

	ck_assert_int_eq(setenv("XDG_STATE_HOME", dir, 1), 0);
	return dir;
}

/* Feed the characters of T to the prompt of S. */
static void
type(struct status *s, const char *t)
{
	char	line[STATUS_LINE_MAX];

	for (; *t != '\0'; t++)
		ck_assert_int_eq(status_prompt_key(s, (unsigned char)*t, line),
		    STATUS_EDIT_CHANGED);
}

/* Feed KEY to the prompt of S; what it did. */
static enum status_edit
key(struct status *s, int k)
{
	char	line[STATUS_LINE_MAX];

	return status_prompt_key(s, k, line);
}

/* Open a KIND prompt on S, type T and Enter; the line entered. */
static void
enter(struct status *s, enum status_prompt kind, const char *t)
{
	char	line[STATUS_LINE_MAX];

	status_prompt_open(s, kind);
	type(s, t);
	ck_assert_int_eq(status_prompt_key(s, '\r', line),
	    STATUS_EDIT_ENTERED);
	ck_assert_str_eq(line, t);
}

/* Assert the prompt of S reads LINE with the cursor at byte CUR. */
#define LINE_IS(s, line, cur) do {					\
	ck_assert_str_eq(status_prompt_line(s), (line));		\
	ck_assert_uint_eq(status_prompt_cursor(s), (cur));		\
	ck_assert_uint_eq(status_prompt_len(s), strlen(line));		\
} while (0)

START_TEST(edit_keys)
{
	struct status	*s;

	free(fresh_state());
	s = status_new(false);
	status_prompt_open(s, STATUS_PROMPT_COMMAND);
	type(s, "abc");
	LINE_IS(s, "abc", 3);
	key(s, KEYS_LEFT);
	key(s, KEYS_LEFT);
	LINE_IS(s, "abc", 1);
	type(s, "X");
	LINE_IS(s, "aXbc", 2);
	key(s, KEYS_HOME);
	LINE_IS(s, "aXbc", 0);
	/* Backspace at the start of a line with text: nothing, still open. */
	ck_assert_int_eq(key(s, KEYS_BACKSPACE), STATUS_EDIT_IGNORED);
	ck_assert_int_eq(status_prompt(s), STATUS_PROMPT_COMMAND);
	ck_assert_int_eq(key(s, KEYS_DELETE), STATUS_EDIT_CHANGED);
	LINE_IS(s, "Xbc", 0);
	key(s, KEYS_RIGHT);
	ck_assert_int_eq(key(s, KEYS_BACKSPACE), STATUS_EDIT_CHANGED);
	LINE_IS(s, "bc", 0);
	key(s, KEYS_END);
	LINE_IS(s, "bc", 2);
	ck_assert_int_eq(key(s, KEYS_DELETE), STATUS_EDIT_IGNORED);
	key(s, KEYS_RIGHT);
	LINE_IS(s, "bc", 2);
	key(s, KEYS_CTRL('a'));
	LINE_IS(s, "bc", 0);
	key(s, KEYS_CTRL('e'));
	LINE_IS(s, "bc", 2);
	key(s, KEYS_LEFT);
	key(s, KEYS_CTRL('k'));
	LINE_IS(s, "b", 1);
	key(s, KEYS_CTRL('u'));
	LINE_IS(s, "", 0);
	type(s, "one two  three");
	key(s, KEYS_CTRL('w'));
	LINE_IS(s, "one two  ", 9);
	key(s, KEYS_CTRL('w'));
	LINE_IS(s, "one ", 4);
	type(s, "x y");
	key(s, KEYS_LEFT);
	key(s, KEYS_LEFT);
	/* ^U cuts before the cursor only; ^W the word before it. */
	key(s, KEYS_CTRL('u'));
	LINE_IS(s, " y", 0);
	/* Backspace on the empty line closes, as before. */
	key(s, KEYS_CTRL('k'));
	ck_assert_int_eq(key(s, KEYS_BACKSPACE), STATUS_EDIT_CLOSED);
	ck_assert_int_eq(status_prompt(s), STATUS_PROMPT_NONE);
	status_free(s);
}
END_TEST

START_TEST(edit_utf8)
{
	struct status	*s;

	free(fresh_state());
	s = status_new(true);
	status_prompt_open(s, STATUS_PROMPT_SEARCH);
	type(s, "\"a");
	ck_assert_int_eq(key(s, 0xe9), STATUS_EDIT_CHANGED);	/* é */
	ck_assert_int_eq(key(s, 0x4e2d), STATUS_EDIT_CHANGED);	/* 中 */
	LINE_IS(s, "\"a\xc3\xa9\xe4\xb8\xad", 7);
	/* One column each but the wide one, two (a UTF-8 locale knows). */
	if (setlocale(LC_CTYPE, "C.UTF-8") != NULL ||
	    setlocale(LC_CTYPE, "en_US.UTF-8") != NULL)
		ck_assert_uint_eq(status_prompt_column(s), 2 + 1 + 2);
	else
		ck_assert_uint_eq(status_prompt_column(s), 2 + 1 + 1);
	key(s, KEYS_LEFT);
	LINE_IS(s, "\"a\xc3\xa9\xe4\xb8\xad", 4);
	key(s, KEYS_LEFT);
	LINE_IS(s, "\"a\xc3\xa9\xe4\xb8\xad", 2);
	key(s, KEYS_DELETE);
	LINE_IS(s, "\"a\xe4\xb8\xad", 2);
	key(s, KEYS_RIGHT);
	LINE_IS(s, "\"a\xe4\xb8\xad", 5);
	key(s, KEYS_BACKSPACE);
	LINE_IS(s, "\"a", 2);
	/* A C1 control is no text. */
	ck_assert_int_eq(key(s, 0x9b), STATUS_EDIT_IGNORED);
	/* A set line cut inside a character loses the whole character. */
	{
		char	long_line[STATUS_LINE_MAX + 8];

		memset(long_line, 'x', STATUS_LINE_MAX - 2);
		strcpy(long_line + STATUS_LINE_MAX - 2, "\xc3\xa9");
		status_prompt_set(s, long_line);
		ck_assert_uint_eq(status_prompt_len(s), STATUS_LINE_MAX - 2);
	}
	status_free(s);
	/* Outside a UTF-8 locale only ASCII is typed. */
	s = status_new(false);
	status_prompt_open(s, STATUS_PROMPT_SEARCH);
	ck_assert_int_eq(key(s, 0xe9), STATUS_EDIT_IGNORED);
	LINE_IS(s, "", 0);
	status_free(s);
}
END_TEST

START_TEST(history_walks_and_saves)
{
	char		*dir = fresh_state(), *file, *text;
	struct status	*s;
	struct stat	 st;
	size_t		 len;

	s = status_new(false);
	enter(s, STATUS_PROMPT_COMMAND, "goto 10");
	enter(s, STATUS_PROMPT_SEARCH, "de ad");
	enter(s, STATUS_PROMPT_COMMAND, "goto 20");
	enter(s, STATUS_PROMPT_COMMAND, "goto 20");	/* not stored twice */
	status_free(s);
	file = xasprintf("%s/livehex/history", dir);
	ck_assert_int_eq(stat(file, &st), 0);
	ck_assert_uint_eq(st.st_mode & 0777, 0600);
	text = (char *)tu_slurp(file, &len);
	ck_assert_uint_eq(len, strlen(":goto 10\n/de ad\n:goto 20\n"));
	ck_assert(memcmp(text, ":goto 10\n/de ad\n:goto 20\n", len) == 0);
	free(text);

	/* A second run reads it; Up and Down walk one kind only. */
	s = status_new(false);
	status_prompt_open(s, STATUS_PROMPT_COMMAND);
	type(s, "par");
	ck_assert_int_eq(key(s, KEYS_DOWN), STATUS_EDIT_IGNORED);
	ck_assert_int_eq(key(s, KEYS_UP), STATUS_EDIT_CHANGED);
	LINE_IS(s, "goto 20", 7);
	key(s, KEYS_UP);
	LINE_IS(s, "goto 10", 7);
	ck_assert_int_eq(key(s, KEYS_UP), STATUS_EDIT_IGNORED);
	LINE_IS(s, "goto 10", 7);
	key(s, KEYS_DOWN);
	LINE_IS(s, "goto 20", 7);
	key(s, KEYS_DOWN);
	LINE_IS(s, "par", 3);	/* the line being typed, kept */
	key(s, KEYS_ESC);
	status_prompt_open(s, STATUS_PROMPT_SEARCH);
	key(s, KEYS_UP);
	LINE_IS(s, "de ad", 5);
	ck_assert_int_eq(key(s, KEYS_UP), STATUS_EDIT_IGNORED);
	status_free(s);
	free(file);
	free(dir);
}
END_TEST

START_TEST(history_limit_and_junk)
{
	char		*dir = fresh_state(), *file, line[32];
	struct history	*h = history_new(), *g = history_new();
	char		 kind;
	FILE		*f;

	for (int i = 0; i < HISTORY_MAX + 100; i++) {
		snprintf(line, sizeof line, "goto %d", i);
		ck_assert(history_add(h, i % 2 ? '/' : ':', line));
	}
	ck_assert_uint_eq(history_count(h), HISTORY_MAX);
	ck_assert_str_eq(history_get(h, 0, &kind), "goto 100");
	ck_assert_int_eq(kind, ':');
	ck_assert(!history_add(h, ':', ""));
	ck_assert(!history_add(h, ':', "a\tb"));
	file = history_path();
	ck_assert_ptr_nonnull(file);
	ck_assert_int_eq(history_save(h, file), 0);
	ck_assert_int_eq(history_load(g, file), 0);
	ck_assert_uint_eq(history_count(g), HISTORY_MAX);
	for (size_t i = 0; i < HISTORY_MAX; i++)
		ck_assert_str_eq(history_get(g, i, NULL),
		    history_get(h, i, NULL));
	/* A damaged file: only the good lines come back. */
	f = fopen(file, "w");
	ck_assert_ptr_nonnull(f);
	fputs("junk\n:good\n\n:\x01" "bad\n/\xc2\x9b" "c1\n/\xff\n:\n/\xc3\xa9t\xc3\xa9", f);
	fclose(f);
	ck_assert_int_eq(history_load(g, file), 0);
	ck_assert_uint_eq(history_count(g), 2);
	ck_assert_str_eq(history_get(g, 0, NULL), "good");
	ck_assert_str_eq(history_get(g, 1, &kind), "\xc3\xa9t\xc3\xa9");
	ck_assert_int_eq(kind, '/');
	history_free(h);
	history_free(g);
	free(file);
	free(dir);
}
END_TEST

START_TEST(history_path_rules)
{
	char	*p;

	setenv("XDG_STATE_HOME", "/st", 1);
	p = history_path();
	ck_assert_str_eq(p, "/st/livehex/history");
	free(p);
	/* Relative or empty: ignored (the XDG rule); then $HOME's. */
	setenv("XDG_STATE_HOME", "rel", 1);
	setenv("HOME", "/h", 1);
	p = history_path();
	ck_assert_str_eq(p, "/h/.local/state/livehex/history");
	free(p);
	unsetenv("XDG_STATE_HOME");
	unsetenv("HOME");
	ck_assert_ptr_null(history_path());
}
END_TEST

START_TEST(history_unwritable_is_quiet)
{
	char		*dir = fresh_dir(), *state, *file;
	struct status	*s;
	struct stat	 st;
	char		 line[STATUS_LINE_MAX];

	/* A state home whose parent is missing: nothing made, no error. */
	state = xasprintf("%s/missing/state", dir);
	setenv("XDG_STATE_HOME", state, 1);
	s = status_new(false);
	enter(s, STATUS_PROMPT_COMMAND, "goto 1");
	ck_assert_ptr_null(status_text(s));
	ck_assert_int_eq(stat(state, &st), -1);
	/* It is still remembered for this run. */
	status_prompt_open(s, STATUS_PROMPT_COMMAND);
	key(s, KEYS_UP);
	LINE_IS(s, "goto 1", 6);
	status_free(s);
	free(state);
	/* A state home that is a file. */
	file = tu_file("state-file", "x", 1);
	setenv("XDG_STATE_HOME", file, 1);
	s = status_new(false);
	enter(s, STATUS_PROMPT_SEARCH, "de");
	ck_assert_ptr_null(status_text(s));
	status_free(s);
	/* A read-only one (root writes anyway: then only no crash). */
	state = xasprintf("%s/ro", dir);
	ck_assert_int_eq(mkdir(state, 0500), 0);
	setenv("XDG_STATE_HOME", state, 1);
	s = status_new(false);
	status_prompt_open(s, STATUS_PROMPT_SEARCH);
	type(s, "ef");
	ck_assert_int_eq(status_prompt_key(s, '\r', line), STATUS_EDIT_ENTERED);
	if (geteuid() != 0) {
		char	*hf = xasprintf("%s/livehex", state);

		ck_assert_int_eq(stat(hf, &st), -1);
		free(hf);
	}
	status_free(s);
	free(state);
	free(file);
	free(dir);
}
END_TEST

/* Create an empty file NAME in DIR. */
static void
touch(const char *dir, const char *name)
{
	char	*p = xasprintf("%s/%s", dir, name);
	FILE	*f = fopen(p, "w");

	ck_assert_ptr_nonnull(f);
	fclose(f);
	free(p);
}

/* Complete IN as Tab does (layout LAY); assert the line OUT and the LIST. */
#define COMPLETES_IN(lay, in, out, lst) do {				\
	char	b_[STATUS_LINE_MAX], l_[STATUS_LINE_MAX];		\
	size_t	n_;							\
									\
	snprintf(b_, sizeof b_, "%s", (in));				\
	n_ = cmds_complete(b_, sizeof b_, l_, sizeof l_, (lay));	\
	ck_assert_str_eq(b_, (out));					\
	ck_assert_uint_eq(n_, strlen(out));				\
	ck_assert_str_eq(l_, (lst));					\
} while (0)
/* Complete IN as Tab does with no layout loaded. */
#define COMPLETES(in, out, lst)	COMPLETES_IN(NULL, in, out, lst)

START_TEST(complete_files)
{
	char	*dir = fresh_dir(), *sub, *want;

	touch(dir, "alpha.layout");
	touch(dir, "beta");
	touch(dir, ".hidden");
	sub = xasprintf("%s/alps", dir);
	ck_assert_int_eq(mkdir(sub, 0700), 0);
	touch(sub, "x.layout");
	ck_assert_int_eq(chdir(dir), 0);
	COMPLETES("layout al", "layout alp", "alpha.layout alps/");
	COMPLETES("layout alps", "layout alps/", "");
	COMPLETES("layout alps/", "layout alps/x.layout", "");
	COMPLETES("layout b", "layout beta", "");
	COMPLETES("layout o", "layout off", "");
	COMPLETES("layout .h", "layout .hidden", "");
	COMPLETES("layout z", "layout z", "");
	/* Absolute, and ~ for $HOME. */
	want = xasprintf("layout %s/beta", dir);
	{
		char	*in = xasprintf("layout %s/be", dir);

		COMPLETES(in, want, "");
		free(in);
	}
	setenv("HOME", dir, 1);
	COMPLETES("layout ~/be", want, "");
	free(want);
	want = xasprintf("layout %s/alps/x.layout", dir);
	COMPLETES("layout ~/alps/", want, "");
	free(want);
	free(sub);
	free(dir);
}
END_TEST

START_TEST(complete_types)
{
	COMPLETES("set u3", "set u32", "u32le u32be");
	COMPLETES("set f64b", "set f64be ", "");
	COMPLETES("set u8", "set u8 ", "");
	COMPLETES("set h", "set hex ", "");
	COMPLETES("set i", "set i", "i8 i16le i16be i32le i32be i64le i64be");
	/* The value after the type is not completed. */
	COMPLETES("set u8 1", "set u8 1", "");
	/* Names list their choices too. */
	COMPLETES("s", "s", "set sync snap snaps seek scan source");
	/* session (issue 15): :mksession and :mksession! share the name. */
	COMPLETES("mks", "mksession", "mksession mksession!");
}
END_TEST

/* Complete IN as Tab does with the snapshots NAMES (NULL-terminated). */
#define COMPLETES_SNAPS(names, in, out, lst) do {			\
	char	b_[STATUS_LINE_MAX], l_[STATUS_LINE_MAX];		\
	size_t	n_, k_ = 0;						\
									\
	while ((names)[k_] != NULL)					\
		k_++;							\
	snprintf(b_, sizeof b_, "%s", (in));				\
	n_ = cmds_complete_snaps(b_, sizeof b_, l_, sizeof l_, NULL,	\
	    (names), k_);						\
	ck_assert_str_eq(b_, (out));					\
	ck_assert_uint_eq(n_, strlen(out));				\
	ck_assert_str_eq(l_, (lst));					\
} while (0)

/*
 * issue 14: the snapshots' names complete after :diff (with off) and
 * after :snap drop; :snap's own first word is still drop, a new name is
 * not completed, and without snapshots :diff offers off alone.
 */
START_TEST(complete_snapshot_names)
{
	const char	*snaps[] = { "before", "boot", "1", "off", NULL };
	const char	*none[] = { NULL };

	COMPLETES_SNAPS(snaps, "diff be", "diff before", "");
	COMPLETES_SNAPS(snaps, "diff b", "diff b", "before boot");
	COMPLETES_SNAPS(snaps, "diff bo", "diff boot", "");
	COMPLETES_SNAPS(snaps, "diff ", "diff ", "off before boot 1");
	COMPLETES_SNAPS(snaps, "diff o", "diff off", "");
	COMPLETES_SNAPS(snaps, "diff 1", "diff 1", "");
	COMPLETES_SNAPS(snaps, "diff x", "diff x", "");
	COMPLETES_SNAPS(snaps, "snap drop b", "snap drop b", "before boot");
	COMPLETES_SNAPS(snaps, "snap drop  bef", "snap drop  before", "");
	COMPLETES_SNAPS(snaps, "snap drop ", "snap drop ",
	    "before boot 1 off");
	COMPLETES_SNAPS(snaps, "snap d", "snap drop", "");
	COMPLETES_SNAPS(snaps, "snap be", "snap be", "");
	COMPLETES_SNAPS(snaps, "snap drop before b", "snap drop before b",
	    "");
	COMPLETES_SNAPS(none, "diff ", "diff off", "");
	COMPLETES_SNAPS(none, "snap drop ", "snap drop ", "");
	/* Without the names (cmds_complete) :diff still offers off. */
	COMPLETES("diff o", "diff off", "");
}
END_TEST

/* With a layout loaded, :set's first word completes field paths too. */
START_TEST(complete_field_paths)
{
	char		*cause = NULL;
	struct layout	*l = layout_parse("struct slot 8 {\n\tseq\tu32\n"
			    "\tstate\tu32\n}\nhead\t0\tu32le\n"
			    "hits\t4\tu32le\nslots\t8\tslot[2]\n",
			    "t.layout", &cause);

	ck_assert_msg(l != NULL, "%s", cause);
	COMPLETES_IN(l, "set he", "set he", "hex head");
	COMPLETES_IN(l, "set hea", "set head ", "");
	COMPLETES_IN(l, "set h", "set h", "hex head hits");
	COMPLETES_IN(l, "set slots[1].s", "set slots[1].s",
	    "slots[1].seq slots[1].state");
	COMPLETES_IN(l, "set slots[1].st", "set slots[1].state ", "");
	/* Only :set's first word; :fill takes bytes, not fields. */
	COMPLETES_IN(l, "fill he", "fill hex ", "");
	COMPLETES_IN(l, "set head 1", "set head 1", "");
	/* No layout: types only. */
	COMPLETES("set he", "set hex ", "");
	layout_free(l);
}
END_TEST

/* The suite. */
static Suite *
prompt_suite(void)
{
	Suite	*s = suite_create("prompt");
	TCase	*tc = timeout_tcase("prompt", TIMEOUT_UNIT);

	tcase_add_test(tc, edit_keys);
	tcase_add_test(tc, edit_utf8);
	tcase_add_test(tc, history_walks_and_saves);
	tcase_add_test(tc, history_limit_and_junk);
	tcase_add_test(tc, history_path_rules);
	tcase_add_test(tc, history_unwritable_is_quiet);
	tcase_add_test(tc, complete_files);
	tcase_add_test(tc, complete_field_paths);
	tcase_add_test(tc, complete_types);
	tcase_add_test(tc, complete_snapshot_names);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	SRunner	*sr = srunner_create(prompt_suite());
	int	 failed;

	/* Every test changes its environment: each in its own child. */
	srunner_set_fork_status(sr, CK_FORK);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
