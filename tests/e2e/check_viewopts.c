/* SPDX-License-Identifier: ISC */
/*
 * check_viewopts.c - the viewer's shared options reach both commands that
 * start it: `livehex FILE` and `livehex replay FILE.lhrec` (one table
 * fragment and one handler, src/cli/cli_viewopts.c).
 *
 * Each test is a loop over the two commands, on the same 4 KiB ramp (for
 * replay, the image of a recording made with the record writer):
 * -c 8 makes rows of 8 bytes where the 120-column terminal fits more;
 * --no-color leaves every cell in the terminal's colours where the same
 * screen without it has colour; a bad -c value or a layout that does not
 * load is refused with exit status 2 before any terminal is needed.  Each
 * condition is seen false without the option first.
 */
#include "config.h"

#include <check.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "e2e.h"
#include "record.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/* The two commands: the viewer, then replay. */
#define NCMDS	2

static char	 unset_no_color[] = "-NO_COLOR";
static char	*const no_env[] = { unset_no_color, NULL };

/* What command I views: a ramp file, or a recording whose image it is. */
static char *
source_for(int i)
{
	char			*ramp = e2e_ramp_file("ramp.bin"), *path;
	uint8_t			 img[4096];
	struct record_writer	*w;
	char			*cause = NULL;

	if (i == 0)
		return ramp;
	e2e_pread(ramp, 0, img, sizeof img);
	free(ramp);
	path = tu_path("ramp.lhrec");
	w = record_create(path, RECORD_FORCE, "test", 0, img, sizeof img,
	    NULL, &cause);
	ck_assert_msg(w != NULL, "%s", cause);
	ck_assert_int_eq(record_finish(w, 100, NULL, &cause), 0);
	return path;
}

/* Command I on PATH with OPT and VAL (either may be NULL: none) at 24x120. */
static struct pty *
spawn_cmd(int i, const char *path, const char *opt, const char *val)
{
	char	*p = xstrdup(path);
	char	*o = opt != NULL ? xstrdup(opt) : NULL;
	char	*v = val != NULL ? xstrdup(val) : NULL;
	struct pty *t;

	/* Options after the source, as GNU tools take them; NULL ends. */
	if (i == 0)
		t = e2e_spawn(24, 120, no_env, p, o, v, NULL);
	else
		t = e2e_spawn(24, 120, no_env, "replay", p, o, v, NULL);
	free(p);
	free(o);
	free(v);
	return t;
}

/* True when some cell of the screen has a colour of its own. */
static bool
coloured(struct pty *p, void *arg)
{
	struct pty_cell	 c;
	int		 rows, cols;

	(void)arg;
	pty_size(p, &rows, &cols);
	for (int r = 0; r < rows; r++)
		for (int k = 0; k < cols; k++) {
			pty_cell(p, r, k, &c);
			if (c.fg.kind != PTY_COLOR_DEFAULT ||
			    c.bg.kind != PTY_COLOR_DEFAULT)
				return true;
		}
	return false;
}

/* -c 8: rows of 8 bytes, for the viewer and for replay alike. */
START_TEST(cols_reach_both)
{
	char		*path = source_for(_i);
	struct pty	*p = spawn_cmd(_i, path, NULL, NULL);
	int		 row, col;

	/* At 120 columns a row holds more than 8: no row starts at 8. */
	PTY_ASSERT(p, pty_wait_text(p, "00000000", E2E_WAIT), "no first row");
	PTY_ASSERT(p, !pty_find(p, "00000008", &row, &col),
	    "rows of 8 bytes without -c (command %d)", _i);
	e2e_quit(p);
	pty_free(p);
	p = spawn_cmd(_i, path, "-c", "8");
	PTY_ASSERT(p, pty_wait_text(p, "00000008", E2E_WAIT),
	    "-c 8 did not make rows of 8 bytes (command %d)", _i);
	PTY_ASSERT(p, pty_wait_text(p, "00000010", E2E_WAIT),
	    "no third row of 8 bytes (command %d)", _i);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/* --no-color: no cell in a colour, for the viewer and for replay alike. */
START_TEST(no_color_reaches_both)
{
	char		*path = source_for(_i);
	struct pty	*p = spawn_cmd(_i, path, NULL, NULL);

	PTY_ASSERT(p, pty_wait(p, E2E_WAIT, coloured, NULL),
	    "nothing in colour without --no-color (command %d)", _i);
	e2e_quit(p);
	pty_free(p);
	p = spawn_cmd(_i, path, "--no-color", NULL);
	/* The whole frame is up: its first row and the status line. */
	PTY_ASSERT(p, pty_wait_text(p, "00000000", E2E_WAIT), "no first row");
	PTY_ASSERT(p, !coloured(p, NULL),
	    "a cell in colour with --no-color (command %d)", _i);
	e2e_quit(p);
	pty_free(p);
	free(path);
}
END_TEST

/*
 * Run command I on PATH with OPT VAL and no terminal: it must refuse with
 * exit status 2 and say WANT on stderr.
 */
static void
refused(int i, const char *path, const char *opt, const char *val,
    const char *want)
{
	char		*argv[6];
	unsigned char	*out;
	size_t		 len, n = 0;
	char		*err;
	int		 st;

	argv[n++] = xstrdup(tu_livehex());
	if (i == 1)
		argv[n++] = xstrdup("replay");
	argv[n++] = xstrdup(opt);
	argv[n++] = xstrdup(val);
	argv[n++] = xstrdup(path);
	argv[n] = NULL;
	st = tu_run(argv, NULL, &out, &len, &err);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 2,
	    "command %d %s %s: status %#x, stderr: %s", i, opt, val, st, err);
	ck_assert_msg(strstr(err, want) != NULL,
	    "command %d %s %s: stderr lacks \"%s\": %s", i, opt, val, want,
	    err);
	free(out);
	free(err);
	while (n > 0)
		free(argv[--n]);
}

/* A bad value of a shared option: the same refusal from both commands. */
START_TEST(bad_values_refused_by_both)
{
	char	*path = source_for(_i), *lay = tu_path("none.layout");

	refused(_i, path, "-c", "0", "\"0\": out of range (1 to 256)");
	refused(_i, path, "--cols", "257", "out of range (1 to 256)");
	refused(_i, path, "--layout", lay, "none.layout");
	/* The layout's offset is --at in the viewer, --layout-at in replay
	   (whose --at is its start time): each refusal names its own. */
	refused(_i, path, _i == 1 ? "--layout-at" : "--at", "4", _i == 1 ?
	    "--layout-at 4: --layout-at places the --layout given before it" :
	    "--at 4: --at places the --layout given before it");
	free(lay);
	free(path);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("viewopts");
	TCase	*tc = timeout_tcase("viewopts", TIMEOUT_TOOL);

	tcase_add_loop_test(tc, cols_reach_both, 0, NCMDS);
	tcase_add_loop_test(tc, no_color_reaches_both, 0, NCMDS);
	tcase_add_loop_test(tc, bad_values_refused_by_both, 0, NCMDS);
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
