/* SPDX-License-Identifier: ISC */
/*
 * check_dump.c - `livehex dump` against xxd itself, byte for byte.
 *
 * Runs the real binary ($LIVEHEX, see tu_livehex) and xxd ($XXD, else
 * /usr/bin/xxd) on generated files with the same options and compares
 * stdout exactly; livehex must also exit 0 with nothing on stderr.  Each
 * case of the tables is its own test case (named after it) so the TAP
 * output lists them one by one.  Then the error paths: exit status 2 and a
 * message for a bad command line, 1 for a source that cannot be dumped, a
 * failed write or a file that shrinks under the dump; a closed pipe ends the
 * dump quietly.
 *
 * Every format is in the table: -p, -i (named after the path both
 * programs are given; on a pipe after -n), -b, -e (mid-group ends, -c
 * not a multiple of -g), -a over files with runs of zeros (zero_runs), and
 * the formats together (the last one wins).
 *
 * Numbers here never have a leading zero: xxd reads "010" as octal and
 * livehex (deliberately) as decimal.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timeout.h"
#include "testutil.h"
#include "xmalloc.h"

/* How the source reaches the program. */
enum how {
	HOW_FILE,	/* as a path */
	HOW_STDIN,	/* `-`, stdin redirected from the file */
	HOW_PIPE,	/* `-`, stdin a real pipe (cat FILE |) */
};

/* One comparison: a generated file of SIZE bytes, options, and a source. */
struct cmp_case {
	const char	*name;		/* test case name in the TAP output */
	uint64_t	 size;
	const char	*args;		/* options, separated by single spaces */
	enum how	 how;
	bool		 zeros;		/* runs of zero bytes (for -a) */
};

/* Cases with runs of zeros: see zero_runs(). */
#define Z	true

static const struct cmp_case cmp_cases[] = {
	/* Sizes around row and page boundaries, default options. */
	{ "size 0", 0, "", HOW_FILE, false },
	{ "size 1", 1, "", HOW_FILE, false },
	{ "size 15", 15, "", HOW_FILE, false },
	{ "size 16", 16, "", HOW_FILE, false },
	{ "size 17", 17, "", HOW_FILE, false },
	{ "size 31", 31, "", HOW_FILE, false },
	{ "size 32", 32, "", HOW_FILE, false },
	{ "size 33", 33, "", HOW_FILE, false },
	{ "size 4095", 4095, "", HOW_FILE, false },
	{ "size 4096", 4096, "", HOW_FILE, false },
	{ "size 4097", 4097, "", HOW_FILE, false },
	{ "size 8191", 8191, "", HOW_FILE, false },
	{ "size 8192", 8192, "", HOW_FILE, false },
	{ "size 8193", 8193, "", HOW_FILE, false },
	/* Many chunks: crosses the dump's buffer boundaries. */
	{ "size 1000003", 1000003, "", HOW_FILE, false },
	{ "size 1000003 -c 7 -g 3", 1000003, "-c 7 -g 3", HOW_FILE, false },
	{ "size 1000003 -c 256 -s 3", 1000003, "-c 256 -s 3", HOW_FILE, false },
	{ "size 1000003 -s 12345 -l 700001", 1000003, "-s 12345 -l 700001",
	    HOW_FILE, false },
	/* Each option alone. */
	{ "-s 5", 1000, "-s 5", HOW_FILE, false },
	{ "-s 16", 1000, "-s 16", HOW_FILE, false },
	{ "-s 0x20", 1000, "-s 0x20", HOW_FILE, false },
	{ "-s +7", 1000, "-s +7", HOW_FILE, false },
	{ "-s -5", 1000, "-s -5", HOW_FILE, false },
	{ "-s -16", 1000, "-s -16", HOW_FILE, false },
	{ "-s -1000", 1000, "-s -1000", HOW_FILE, false },
	{ "-s -0", 1000, "-s -0", HOW_FILE, false },
	{ "-s 999", 1000, "-s 999", HOW_FILE, false },
	{ "-s 1000 (at EOF)", 1000, "-s 1000", HOW_FILE, false },
	{ "-s 2000 (beyond EOF)", 1000, "-s 2000", HOW_FILE, false },
	{ "-l 0", 1000, "-l 0", HOW_FILE, false },
	{ "-l 1", 1000, "-l 1", HOW_FILE, false },
	{ "-l 17", 1000, "-l 17", HOW_FILE, false },
	{ "-l 999", 1000, "-l 999", HOW_FILE, false },
	{ "-l 5000 (beyond EOF)", 1000, "-l 5000", HOW_FILE, false },
	{ "-c 1", 1000, "-c 1", HOW_FILE, false },
	{ "-c 7", 1000, "-c 7", HOW_FILE, false },
	{ "-c 16", 1000, "-c 16", HOW_FILE, false },
	{ "-c 32", 1000, "-c 32", HOW_FILE, false },
	{ "-c 256", 1000, "-c 256", HOW_FILE, false },
	{ "-g 0", 1000, "-g 0", HOW_FILE, false },
	{ "-g 1", 1000, "-g 1", HOW_FILE, false },
	{ "-g 3", 1000, "-g 3", HOW_FILE, false },
	{ "-g 4", 1000, "-g 4", HOW_FILE, false },
	{ "-g 8", 1000, "-g 8", HOW_FILE, false },
	{ "-g 16", 1000, "-g 16", HOW_FILE, false },
	{ "-g 300 (more than -c)", 1000, "-g 300", HOW_FILE, false },
	{ "-u", 1000, "-u", HOW_FILE, false },
	/* Combinations. */
	{ "-c 7 -g 3 -u -s 5 -l 100", 1000, "-c 7 -g 3 -u -s 5 -l 100",
	    HOW_FILE, false },
	{ "-c 32 -g 4 -s 100 -l 600", 1000, "-c 32 -g 4 -s 100 -l 600",
	    HOW_FILE, false },
	{ "-c 256 -g 8 -u", 4097, "-c 256 -g 8 -u", HOW_FILE, false },
	{ "-c 24 -g 0 -s -50", 1000, "-c 24 -g 0 -s -50", HOW_FILE, false },
	{ "-c 9 -g 2 -l 37", 1000, "-c 9 -g 2 -l 37", HOW_FILE, false },
	{ "-c 13 -g 5 -s +3", 1000, "-c 13 -g 5 -s +3", HOW_FILE, false },
	{ "-c 64 -g 32", 1000, "-c 64 -g 32", HOW_FILE, false },
	{ "-c 48 -g 16 -u", 1000, "-c 48 -g 16 -u", HOW_FILE, false },
	{ "-c 16 -g 1 -s 1 -l 31", 1000, "-c 16 -g 1 -s 1 -l 31", HOW_FILE, false },
	{ "-s 999 -l 5", 1000, "-s 999 -l 5", HOW_FILE, false },
	/* Standard input. */
	{ "stdin", 1000, "", HOW_STDIN, false },
	{ "stdin size 0", 0, "", HOW_STDIN, false },
	{ "stdin -s 5 -l 100", 1000, "-s 5 -l 100", HOW_STDIN, false },
	{ "stdin -s +33 -c 7", 1000, "-s +33 -c 7", HOW_STDIN, false },
	{ "stdin -s 2000 (beyond EOF)", 1000, "-s 2000", HOW_STDIN, false },
	{ "stdin -l 0", 1000, "-l 0", HOW_STDIN, false },
	{ "pipe size 1000003", 1000003, "", HOW_PIPE, false },
	{ "pipe -c 7 -g 3 -s 9 -l 500000", 1000003, "-c 7 -g 3 -s 9 -l 500000",
	    HOW_PIPE, false },
	{ "pipe -c 256 -u", 70001, "-c 256 -u", HOW_PIPE, false },

	/*
	 * xxd's other formats.  Sizes end mid-line, mid-row and mid-group;
	 * 1000003 bytes cross the dump's chunks.
	 */
	/* -p, plain */
	{ "-p size 0", 0, "-p", HOW_FILE, false },
	{ "-p size 1", 1, "-p", HOW_FILE, false },
	{ "-p size 29", 29, "-p", HOW_FILE, false },
	{ "-p size 30", 30, "-p", HOW_FILE, false },
	{ "-p size 31", 31, "-p", HOW_FILE, false },
	{ "-p size 1000003", 1000003, "-p", HOW_FILE, false },
	{ "-p -c 0", 1000, "-p -c 0", HOW_FILE, false },
	{ "-p -c 0 size 0", 0, "-p -c 0", HOW_FILE, false },
	{ "-p -c 0 -l 0", 1000, "-p -c 0 -l 0", HOW_FILE, false },
	{ "-p -c 1", 100, "-p -c 1", HOW_FILE, false },
	{ "-p -c 7 -s 3 -l 100", 1000, "-p -c 7 -s 3 -l 100", HOW_FILE, false },
	{ "-p -u -c 256", 1000, "-p -u -c 256", HOW_FILE, false },
	{ "-p -c 1000 (wider than -c 256)", 70001, "-p -c 1000", HOW_FILE, false },
	{ "-p -c 300001 (lines across chunks)", 1000003, "-p -c 300001",
	    HOW_FILE, false },
	{ "-p -g 3 (ignored)", 1000, "-p -g 3", HOW_FILE, false },
	{ "-p -s -45", 1000, "-p -s -45", HOW_FILE, false },
	{ "stdin -p", 1000, "-p", HOW_STDIN, false },
	{ "stdin -p -c 0 size 0", 0, "-p -c 0", HOW_STDIN, false },
	{ "pipe -p -c 7 -s 9 -l 500000", 1000003, "-p -c 7 -s 9 -l 500000",
	    HOW_PIPE, false },
	/* -i, C include */
	{ "-i size 0", 0, "-i", HOW_FILE, false },
	{ "-i size 1", 1, "-i", HOW_FILE, false },
	{ "-i size 11", 11, "-i", HOW_FILE, false },
	{ "-i size 12", 12, "-i", HOW_FILE, false },
	{ "-i size 13", 13, "-i", HOW_FILE, false },
	{ "-i size 1000003", 1000003, "-i", HOW_FILE, false },
	{ "-i -u", 1000, "-i -u", HOW_FILE, false },
	{ "-i -C", 1000, "-i -C", HOW_FILE, false },
	{ "-i -C -u -c 5 -s 3 -l 37", 1000, "-i -C -u -c 5 -s 3 -l 37",
	    HOW_FILE, false },
	{ "-i -c 1", 100, "-i -c 1", HOW_FILE, false },
	{ "-i -c 1000", 5000, "-i -c 1000", HOW_FILE, false },
	{ "-i -n 9x-y.z", 100, "-i -n 9x-y.z", HOW_FILE, false },
	{ "-i -C -n a.b", 100, "-i -C -n a.b", HOW_FILE, false },
	{ "-i -n '' (empty name)", 100, "-i -n ''", HOW_FILE, false },
	{ "-i -l 0", 1000, "-i -l 0", HOW_FILE, false },
	{ "-i -s 2000 (beyond EOF)", 1000, "-i -s 2000", HOW_FILE, false },
	{ "stdin -i (no name)", 1000, "-i", HOW_STDIN, false },
	{ "stdin -i size 0", 0, "-i", HOW_STDIN, false },
	{ "stdin -i -n foo", 1000, "-i -n foo", HOW_STDIN, false },
	{ "stdin -i -C -n foo size 0", 0, "-i -C -n foo", HOW_STDIN, false },
	{ "pipe -i -c 7 -u -n src", 70001, "-i -c 7 -u -n src", HOW_PIPE,
	    false },
	/* -b, bits */
	{ "-b size 0", 0, "-b", HOW_FILE, false },
	{ "-b size 1", 1, "-b", HOW_FILE, false },
	{ "-b size 5", 5, "-b", HOW_FILE, false },
	{ "-b size 6", 6, "-b", HOW_FILE, false },
	{ "-b size 7", 7, "-b", HOW_FILE, false },
	{ "-b size 1000003", 1000003, "-b", HOW_FILE, false },
	{ "-b -g 2", 1000, "-b -g 2", HOW_FILE, false },
	{ "-b -g 0", 1000, "-b -g 0", HOW_FILE, false },
	{ "-b -c 4 -g 3", 1000, "-b -c 4 -g 3", HOW_FILE, false },
	{ "-b -c 256 -g 8", 1000, "-b -c 256 -g 8", HOW_FILE, false },
	{ "-b -u -s 5 -l 100", 1000, "-b -u -s 5 -l 100", HOW_FILE, false },
	{ "stdin -b -c 7", 1000, "-b -c 7", HOW_STDIN, false },
	{ "pipe -b -c 13 -g 4", 70001, "-b -c 13 -g 4", HOW_PIPE, false },
	/* -e, little-endian groups */
	{ "-e size 0", 0, "-e", HOW_FILE, false },
	{ "-e size 1", 1, "-e", HOW_FILE, false },
	{ "-e size 3", 3, "-e", HOW_FILE, false },
	{ "-e size 5 (mid-group)", 5, "-e", HOW_FILE, false },
	{ "-e size 15", 15, "-e", HOW_FILE, false },
	{ "-e size 17", 17, "-e", HOW_FILE, false },
	{ "-e size 1000003", 1000003, "-e", HOW_FILE, false },
	{ "-e -g 1", 1000, "-e -g 1", HOW_FILE, false },
	{ "-e -g 2 size 999", 999, "-e -g 2", HOW_FILE, false },
	{ "-e -g 8 size 1001", 1001, "-e -g 8", HOW_FILE, false },
	{ "-e -g 16", 1000, "-e -g 16", HOW_FILE, false },
	{ "-e -g 0", 1000, "-e -g 0", HOW_FILE, false },
	{ "-e -c 12 -g 8 (overlap)", 1001, "-e -c 12 -g 8", HOW_FILE, false },
	{ "-e -c 6 (overlap)", 1000, "-e -c 6", HOW_FILE, false },
	{ "-e -c 3 (group 3 from -c)", 1000, "-e -c 3", HOW_FILE, false },
	{ "-e -c 6 -g 8 (group 6)", 1000, "-e -c 6 -g 8", HOW_FILE, false },
	{ "-e -c 256 -g 256", 1000, "-e -c 256 -g 256", HOW_FILE, false },
	{ "-e -c 32 -g 16 size 1000003", 1000003, "-e -c 32 -g 16",
	    HOW_FILE, false },
	{ "-e -u -s 5 -l 37", 1000, "-e -u -s 5 -l 37", HOW_FILE, false },
	{ "stdin -e -g 2", 1001, "-e -g 2", HOW_STDIN, false },
	{ "pipe -e -c 20", 70001, "-e -c 20", HOW_PIPE, false },
	/* -a, autoskip, over runs of zeros */
	{ "-a", 1000, "-a", HOW_FILE, Z },
	{ "-a size 1000003", 1000003, "-a", HOW_FILE, Z },
	{ "-a size 4096 (zeros at the end)", 4096, "-a", HOW_FILE, Z },
	{ "-a size 4097", 4097, "-a", HOW_FILE, Z },
	{ "-a -c 5", 1000, "-a -c 5", HOW_FILE, Z },
	{ "-a -c 1", 1000, "-a -c 1", HOW_FILE, Z },
	{ "-a -c 20 (three zero rows at the end)", 1000, "-a -c 20", HOW_FILE,
	    Z },
	{ "-a -c 35 (two zero rows at the end)", 1050, "-a -c 35", HOW_FILE,
	    Z },
	{ "-a -a (off again)", 1000, "-a -a", HOW_FILE, Z },
	{ "-a -s 3 -l 900", 1000, "-a -s 3 -l 900", HOW_FILE, Z },
	{ "-a -u -g 4", 1000, "-a -u -g 4", HOW_FILE, Z },
	{ "-a -c 256", 70001, "-a -c 256", HOW_FILE, Z },
	{ "-a -b", 1000, "-a -b", HOW_FILE, Z },
	{ "-a -e -c 12 -g 8", 1000, "-a -e -c 12 -g 8", HOW_FILE, Z },
	{ "-a -e -u", 1000, "-a -e -u", HOW_FILE, Z },
	{ "stdin -a", 1000, "-a", HOW_STDIN, Z },
	{ "pipe -a -c 7", 1000003, "-a -c 7", HOW_PIPE, Z },
	/* Formats together: the last one wins, as in xxd. */
	{ "-i -p", 100, "-i -p", HOW_FILE, false },
	{ "-p -i", 100, "-p -i", HOW_FILE, false },
	{ "-b -e", 100, "-b -e", HOW_FILE, false },
	{ "-e -b", 100, "-e -b", HOW_FILE, false },
	{ "-p -b -e -g 2", 100, "-p -b -e -g 2", HOW_FILE, false },
	{ "-i -b", 100, "-i -b", HOW_FILE, false },
	{ "-b -i -u", 100, "-b -i -u", HOW_FILE, false },
	{ "-p -a (-a ignored)", 1000, "-p -a", HOW_FILE, Z },
	{ "-i -a (-a ignored)", 1000, "-i -a", HOW_FILE, Z },
	{ "-C (ignored)", 100, "-C", HOW_FILE, false },
	{ "-n foo (ignored)", 100, "-n foo", HOW_FILE, false },
	{ "-b -u (ignored)", 100, "-b -u", HOW_FILE, false },
};

/* The xxd to compare with: $XXD, else /usr/bin/xxd. */
static const char *
xxd_path(void)
{
	const char	*p = getenv("XXD");

	return p != NULL && *p != '\0' ? p : "/usr/bin/xxd";
}

/*
 * An argv: FIRST, SECOND (unless NULL), ARGS split on spaces (the token ''
 * stands for an empty argument), then LAST (unless NULL).
 */
static char **
make_argv(const char *first, const char *second, const char *args,
    const char *last)
{
	char	**argv = xcalloc(64, sizeof *argv);
	char	 *copy = xstrdup(args), *tok, *save = NULL;
	int	  n = 0;

	argv[n++] = xstrdup(first);
	if (second != NULL)
		argv[n++] = xstrdup(second);
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save))
		argv[n++] = xstrdup(strcmp(tok, "''") == 0 ? "" : tok);
	if (last != NULL)
		argv[n++] = xstrdup(last);
	argv[n] = NULL;
	free(copy);
	return argv;
}

/* Free an argv from make_argv(). */
static void
free_argv(char **argv)
{
	for (int i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

/* Describe a wait(2) status. */
static const char *
status_str(int status)
{
	static char	buf[64];

	if (WIFEXITED(status))
		snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof buf, "signal %d", WTERMSIG(status));
	else
		snprintf(buf, sizeof buf, "status %#x", status);
	return buf;
}

/* Fail with the first line where GOT and WANT differ. */
static void
compare_output(const char *what, const unsigned char *got, size_t gotlen,
    const unsigned char *want, size_t wantlen)
{
	size_t	i = 0, line = 1, bol = 0, gl, wl;

	if (gotlen == wantlen && memcmp(got, want, gotlen) == 0)
		return;
	while (i < gotlen && i < wantlen && got[i] == want[i]) {
		if (got[i] == '\n') {
			line++;
			bol = i + 1;
		}
		i++;
	}
	for (gl = bol; gl < gotlen && got[gl] != '\n'; gl++)
		;
	for (wl = bol; wl < wantlen && want[wl] != '\n'; wl++)
		;
	ck_abort_msg("%s: output differs from xxd at line %zu (byte %zu;"
	    " sizes %zu vs %zu):\n livehex: %.*s\n     xxd: %.*s", what, line,
	    i, gotlen, wantlen, (int)(gl - bol), (const char *)got + bol,
	    (int)(wl - bol), (const char *)want + bol);
}

/* Run a shell script with $1 = livehex, $2 = A2, $3 = A3; its status. */
static int
run_sh(const char *script, const char *a2, const char *a3,
    unsigned char **out, size_t *outlen, char **err)
{
	char	*argv[8];
	int	 n = 0, status;

	argv[n++] = xstrdup("/bin/sh");
	argv[n++] = xstrdup("-c");
	argv[n++] = xstrdup(script);
	argv[n++] = xstrdup("sh");
	argv[n++] = xstrdup(tu_livehex());
	argv[n++] = xstrdup(a2);
	if (a3 != NULL)
		argv[n++] = xstrdup(a3);
	argv[n] = NULL;
	status = tu_run(argv, NULL, out, outlen, err);
	while (n > 0)
		free(argv[--n]);
	return status;
}

/*
 * Zero runs over PATH (SIZE bytes) for -a: runs of 40 to 100 bytes starting
 * anywhere in a row, so runs of 1 to 6 rows, and the last 70 bytes zero.
 */
static void
zero_runs(const char *path, uint64_t size)
{
	static const unsigned char	zeros[128];
	int				fd = open(path, O_WRONLY);

	ck_assert_msg(fd != -1, "open %s: %s", path, strerror(errno));
	for (uint64_t off = 10, k = 0; off < size; off += 257, k++) {
		size_t	n = 40 + (size_t)(k * 37 % 61);

		if (n > size - off)
			n = (size_t)(size - off);
		ck_assert(pwrite(fd, zeros, n, (off_t)off) == (ssize_t)n);
	}
	if (size > 70)
		ck_assert(pwrite(fd, zeros, 70, (off_t)(size - 70)) == 70);
	close(fd);
}

/* Run xxd and livehex on case _i and compare. */
START_TEST(test_compare)
{
	const struct cmp_case	*c = &cmp_cases[_i];
	char			*path, **xargv, **largv, *xerr, *lerr;
	unsigned char		*xout, *lout;
	size_t			 xlen, llen;
	int			 xs, ls;

	path = tu_pattern_file("src", c->size, (unsigned)_i + 1);
	if (c->zeros)
		zero_runs(path, c->size);
	switch (c->how) {
	case HOW_FILE:
		xargv = make_argv(xxd_path(), NULL, c->args, path);
		largv = make_argv(tu_livehex(), "dump", c->args, path);
		xs = tu_run(xargv, NULL, &xout, &xlen, &xerr);
		ls = tu_run(largv, NULL, &lout, &llen, &lerr);
		break;
	case HOW_STDIN:
		xargv = make_argv(xxd_path(), NULL, c->args, NULL);
		largv = make_argv(tu_livehex(), "dump", c->args, "-");
		xs = tu_run(xargv, path, &xout, &xlen, &xerr);
		ls = tu_run(largv, path, &lout, &llen, &lerr);
		break;
	default: {
		char	*cmd;

		xargv = make_argv(xxd_path(), NULL, c->args, path);
		xs = tu_run(xargv, NULL, &xout, &xlen, &xerr);
		/* $1 is livehex, $2 the file: no quoting of paths needed. */
		cmd = xasprintf("cat \"$2\" | \"$1\" dump %s -", c->args);
		ls = run_sh(cmd, path, NULL, &lout, &llen, &lerr);
		largv = make_argv(cmd, NULL, "", NULL);
		free(cmd);
		break;
	}
	}
	ck_assert_msg(WIFEXITED(xs) && WEXITSTATUS(xs) == 0,
	    "%s: xxd failed (%s): %s", c->name, status_str(xs), xerr);
	ck_assert_msg(WIFEXITED(ls) && WEXITSTATUS(ls) == 0,
	    "%s: livehex failed (%s): %s", c->name, status_str(ls), lerr);
	ck_assert_msg(lerr[0] == '\0', "%s: livehex wrote to stderr: %s",
	    c->name, lerr);
	compare_output(c->name, lout, llen, xout, xlen);
	free_argv(xargv);
	free_argv(largv);
	free(xout);
	free(lout);
	free(xerr);
	free(lerr);
	free(path);
}
END_TEST

/*
 * A sparse file of 4 GiB + 100 bytes with data on both sides of 2^32:
 * offsets past 4 GiB take more than 8 digits and shift the row.
 */
static char *
sparse_file(void)
{
	static const char	 tail[] = "ABCDEFG tail past 4 GiB";
	static const char	 edge[] = "straddling 2^32 ->|<- here";
	static const char	 zeros[230];
	char			*path = tu_path("sparse");
	uint64_t		 four = 4ULL << 30;
	int			 fd;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_msg(fd != -1, "open %s: %s", path, strerror(errno));
	ck_assert_int_eq(ftruncate(fd, (off_t)(four + 100)), 0);
	ck_assert_int_eq(pwrite(fd, tail, sizeof tail - 1,
	    (off_t)(four + 70)), (ssize_t)(sizeof tail - 1));
	ck_assert_int_eq(pwrite(fd, edge, sizeof edge - 1,
	    (off_t)(four - 18)), (ssize_t)(sizeof edge - 1));
	/* Zeros written as data, not a hole: -a's runs near 2^32. */
	ck_assert_int_eq(pwrite(fd, zeros, sizeof zeros,
	    (off_t)(four - 18 - sizeof zeros)), (ssize_t)sizeof zeros);
	close(fd);
	return path;
}

/* Options for the sparse file, each compared with xxd. */
static const char *const sparse_args[] = {
	"-s 0xffffffd0",
	"-s 4294967200 -c 7 -g 3",
	"-s -64",
	"-s -100 -u -g 4",
	"-s 0x100000000 -l 50 -c 32 -g 0",
	"-s 4G",			/* livehex only: see below */
	/* The formats read only written bytes (no holes) across 2^32. */
	"-p -s 0xffffffd0 -l 56",
	"-i -s -30 -l 23 -c 7",
	"-b -s 4294967200 -c 5 -g 2 -l 104",
	"-e -s 0xffffffd0 -g 8 -l 56",
	"-e -s -30 -l 23 -c 12 -g 8 -u",
	"-a -s 0xffffff08 -l 256",
	"-a -s 0xffffff08 -l 224",
	"-a -e -s 0xffffff08 -c 8 -l 256",
};

/* Dump the sparse file around 4 GiB like xxd does. */
START_TEST(test_sparse)
{
	const char	*args = sparse_args[_i];
	const char	*xargs = args;
	char		*path = sparse_file(), **xargv, **largv, *xerr, *lerr;
	unsigned char	*xout, *lout;
	size_t		 xlen, llen;
	int		 xs, ls;

	/* xxd has no suffixes: give it the same offset in hex. */
	if (strcmp(args, "-s 4G") == 0)
		xargs = "-s 0x100000000";
	xargv = make_argv(xxd_path(), NULL, xargs, path);
	largv = make_argv(tu_livehex(), "dump", args, path);
	xs = tu_run(xargv, NULL, &xout, &xlen, &xerr);
	ls = tu_run(largv, NULL, &lout, &llen, &lerr);
	ck_assert_msg(WIFEXITED(xs) && WEXITSTATUS(xs) == 0, "xxd: %s",
	    xerr);
	ck_assert_msg(WIFEXITED(ls) && WEXITSTATUS(ls) == 0,
	    "livehex %s (%s): %s", args, status_str(ls), lerr);
	ck_assert_msg(xlen > 0, "xxd printed nothing for %s", xargs);
	compare_output(args, lout, llen, xout, xlen);
	free_argv(xargv);
	free_argv(largv);
	free(xout);
	free(lout);
	free(xerr);
	free(lerr);
	unlink(path);
	free(path);
}
END_TEST

/* A bad command line or source: the status and words on stderr. */
struct err_case {
	const char	*name;
	const char	*args;	/* @F a 1000-byte file, @M missing, @D a dir */
	int		 status;
	const char	*want[3];
	bool		 usage;	/* the usage line follows the message */
};

static const struct err_case err_cases[] = {
	{ "unknown option", "-q @F", 2, { "livehex: dump: unknown option -q",
	    NULL, NULL }, true },
	{ "no source", "-c 8", 2, { "livehex: dump: no SOURCE", NULL, NULL },
	    true },
	{ "two sources", "@F @F", 2, { "livehex: dump: unexpected argument",
	    NULL, NULL }, true },
	{ "-s without a value", "@F -s", 2, { "option -s needs a value",
	    NULL, NULL }, true },
	{ "-c 0", "-c 0 @F", 2, { "livehex: dump: -c: \"0\": out of range"
	    " (1 to 256)", NULL, NULL }, false },
	{ "-c 257", "-c 257 @F", 2, { "\"257\"", "out of range (1 to 256)",
	    NULL }, false },
	{ "-c abc", "-c abc @F", 2, { "-c: \"abc\": not a number", NULL,
	    NULL }, false },
	{ "-c 8K (no suffix)", "-c 8K @F", 2, { "\"8K\"", "'K'", NULL },
	    false },
	{ "-s 12q", "-s 12q @F", 2, { "-s: \"12q\": not a number (bad"
	    " character 'q' at position 3)", NULL, NULL }, false },
	{ "-s +-5", "-s +-5 @F", 2, { "\"+-5\"", "sign", NULL }, false },
	{ "-s 99999999999999999999", "-s 99999999999999999999 @F", 2,
	    { "\"99999999999999999999\": too large (more than 2^64-1)", NULL,
	    NULL }, false },
	{ "-l -5", "-l -5 @F", 2, { "-l: \"-5\"", "sign", NULL }, false },
	{ "-l empty", "-l '' @F", 2, { "-l: \"\": not a number (empty)",
	    NULL, NULL }, false },
	{ "-g x", "-g x @F", 2, { "-g: \"x\": not a number", NULL, NULL },
	    false },
	{ "-s before the start", "-s -1001 @F", 2, { "offset -1001 is before"
	    " the start (the source has 1000 bytes)", NULL, NULL }, false },
	{ "stdin -s -5", "-s -5 -", 2, { "-s -5", "standard input", NULL },
	    false },
	{ "missing file", "@M", 1, { "livehex: @M: ", NULL, NULL }, false },
	{ "directory", "@D", 1, { "livehex: @D: ", "directory", NULL },
	    false },
	{ "a FIFO", "@P", 1, { "livehex: @P: ", NULL, NULL }, false },
	{ "-e -g 3", "-e -g 3 @F", 2, { "livehex: dump: -g: 3 bytes per group"
	    " with -e: not a power of 2", NULL, NULL }, false },
	{ "-g 3 -e (either order)", "-g 3 -e @F", 2, { "not a power of 2",
	    NULL, NULL }, false },
	{ "-b -c 257", "-b -c 257 @F", 2, { "-c: \"257\": out of range (1 to"
	    " 256)", NULL, NULL }, false },
	{ "-e -c 0", "-e -c 0 @F", 2, { "-c: \"0\": out of range (1 to 256)",
	    NULL, NULL }, false },
	{ "-i -c 0", "-i -c 0 @F", 2, { "-c: \"0\": out of range (1 to"
	    " 2147483647)", NULL, NULL }, false },
	{ "-p -c 2147483648", "-p -c 2147483648 @F", 2, { "out of range (0 to"
	    " 2147483647)", NULL, NULL }, false },
	{ "-n without a value", "@F -i -n", 2, { "option -n needs a value",
	    NULL, NULL }, true },
};

/* Replace each @X token in S by its path; malloc'd. */
static char *
subst(const char *s, const char *f, const char *m, const char *d,
    const char *p)
{
	char	*out = xmalloc(strlen(s) * 4 + strlen(f) * 4 + 4096);
	size_t	 o = 0;

	for (; *s != '\0'; s++) {
		const char	*r = NULL;

		if (s[0] == '@' && s[1] == 'F')
			r = f;
		else if (s[0] == '@' && s[1] == 'M')
			r = m;
		else if (s[0] == '@' && s[1] == 'D')
			r = d;
		else if (s[0] == '@' && s[1] == 'P')
			r = p;
		if (r != NULL) {
			memcpy(out + o, r, strlen(r));
			o += strlen(r);
			s++;
		} else
			out[o++] = *s;
	}
	out[o] = '\0';
	return out;
}

/* A bad command line or source gives the right status and message. */
START_TEST(test_error)
{
	const struct err_case	*c = &err_cases[_i];
	char			*f, *m, *d, *p, *args, **argv, *err;
	unsigned char		*out;
	size_t			 outlen;
	int			 status;

	f = tu_pattern_file("src", 1000, 7);
	m = tu_path("no-such-file");
	d = tu_path("a-directory");
	p = tu_path("a-fifo");
	/* EEXIST: with CK_FORK=no every test shares one directory. */
	ck_assert(mkdir(d, 0700) == 0 || errno == EEXIST);
	ck_assert(mkfifo(p, 0600) == 0 || errno == EEXIST);
	args = subst(c->args, f, m, d, p);
	argv = make_argv(tu_livehex(), "dump", args, NULL);
	status = tu_run(argv, NULL, &out, &outlen, &err);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == c->status,
	    "%s: %s, want exit %d; stderr: %s", c->name, status_str(status),
	    c->status, err);
	ck_assert_msg(outlen == 0, "%s: wrote %zu bytes to stdout", c->name,
	    outlen);
	ck_assert_msg(strncmp(err, "livehex: ", 9) == 0,
	    "%s: stderr does not start with \"livehex: \": %s", c->name, err);
	for (int k = 0; k < 3 && c->want[k] != NULL; k++) {
		char	*w = subst(c->want[k], f, m, d, p);

		ck_assert_msg(strstr(err, w) != NULL,
		    "%s: stderr lacks '%s':\n%s", c->name, w, err);
		free(w);
	}
	if (c->usage)
		ck_assert_msg(strstr(err, "\nusage: livehex dump") != NULL,
		    "%s: no usage line:\n%s", c->name, err);
	else
		ck_assert_msg(strchr(err, '\n') == err + strlen(err) - 1,
		    "%s: want one line on stderr:\n%s", c->name, err);
	free(out);
	free(err);
	free_argv(argv);
	free(args);
	free(f);
	free(m);
	free(d);
	free(p);
}
END_TEST

/* -h prints the usage on stdout and succeeds. */
START_TEST(test_help)
{
	char		**argv = make_argv(tu_livehex(), "dump", "-h", NULL);
	unsigned char	*out;
	size_t		 outlen;
	char		*err;
	int		 status;

	status = tu_run(argv, NULL, &out, &outlen, &err);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s",
	    status_str(status));
	ck_assert(outlen > 0);
	out[outlen - 1] = '\0';
	ck_assert_ptr_nonnull(strstr((char *)out, "usage: livehex dump"));
	ck_assert_str_eq(err, "");
	free(out);
	free(err);
	free_argv(argv);
}
END_TEST

/* A reader that goes away (SIGPIPE ignored): quiet, status 1. */
START_TEST(test_epipe)
{
	char	*path = tu_pattern_file("big", 8u << 20, 3), *err;
	int	 status;

	status = run_sh("trap '' PIPE; { \"$1\" dump \"$2\";"
	    " echo \"status=$?\" >&2; } | head -c 100 >/dev/null", path, NULL,
	    NULL, NULL, &err);
	ck_assert_msg(WIFEXITED(status), "%s", status_str(status));
	ck_assert_str_eq(err, "status=1\n");
	free(err);
	free(path);
}
END_TEST

/* A write error other than EPIPE is reported, status 1. */
START_TEST(test_write_error)
{
	char	*path = tu_pattern_file("src", 100000, 4), *err;
	int	 status;

	status = run_sh("\"$1\" dump \"$2\" >/dev/full", path, NULL, NULL,
	    NULL, &err);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 1,
	    "%s: %s", status_str(status), err);
	ck_assert_str_eq(err,
	    "livehex: standard output: No space left on device\n");
	free(err);
	free(path);
}
END_TEST

/*
 * The file shrinks while the dump is blocked writing its first chunk (its
 * output is far bigger than a pipe): what was still there is printed, then
 * an error, and the status is 1.  The output must equal xxd's for the
 * shrunken length.  Needs the dump's chunk to be below 2 MiB.
 */
START_TEST(test_shrink)
{
	const uint64_t	 size = 8u << 20, left = (2u << 20) + 7;
	char		*orig = tu_pattern_file("orig", size, 5);
	char		*victim = tu_pattern_file("victim", size, 5);
	char		*outp = tu_path("out"), *script, *err, *want_err, *num;
	char		**xargv;
	unsigned char	*got, *want;
	size_t		 gotlen, wantlen;
	int		 status;

	script = xasprintf("{ \"$1\" dump \"$2\"; echo \"status=$?\" >&2; } |"
	    " { head -c 1000; truncate -s %ju \"$2\"; cat; } >\"$3\"",
	    (uintmax_t)left);
	status = run_sh(script, victim, outp, NULL, NULL, &err);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0, "%s",
	    status_str(status));
	want_err = xasprintf("livehex: %s: file shrank to %ju bytes during the"
	    " dump\nstatus=1\n", victim, (uintmax_t)left);
	ck_assert_str_eq(err, want_err);

	num = xasprintf("%ju", (uintmax_t)left);
	xargv = make_argv(xxd_path(), "-l", num, orig);
	status = tu_run(xargv, NULL, &want, &wantlen, NULL);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	got = tu_slurp(outp, &gotlen);
	compare_output("shrunk", got, gotlen, want, wantlen);
	free_argv(xargv);
	free(num);
	free(got);
	free(want);
	free(want_err);
	free(err);
	free(script);
	free(outp);
	free(orig);
	free(victim);
}
END_TEST

/* Test case names built at run time, freed after the run. */
static char	*tc_names[64];
static int	 tc_nnames;

/* A test case named PREFIX + ARG; the name is kept for freeing. */
static TCase *
tc_named(const char *prefix, const char *arg)
{
	char	*name = xasprintf("%s%s", prefix, arg);

	/* Not inside a test: no ck_assert here. */
	if (tc_nnames == (int)(sizeof tc_names / sizeof tc_names[0])) {
		fprintf(stderr, "check_dump: too many test cases\n");
		exit(EXIT_FAILURE);
	}
	tc_names[tc_nnames++] = name;
	return timeout_tcase(name, TIMEOUT_TOOL);
}

/*
 * Reading never allocates: a dump of a 4 MiB sparse file on a 1 MiB
 * tmpfs prints its holes as zeros (exactly as xxd does) and leaves the
 * file exactly as sparse as it was.  Before, the read faults filled the
 * tmpfs and the dump stopped at 1 MiB.
 */
START_TEST(test_never_allocates)
{
	const char	*why = NULL;
	char		*path = tu_sparse_on_tmpfs("dsparse", 1 << 20, 4 << 20,
			    0, &why);
	unsigned char	*got, *want;
	size_t		 gotlen, wantlen;
	char		*err, *argv[4];
	int		 status;

	if (path == NULL) {
		fprintf(stderr, "# SKIP dump never allocates: %s\n", why);
		return;
	}
	ck_assert_int_eq(tu_blocks(path), 8);
	argv[0] = xstrdup(tu_livehex());
	argv[1] = xstrdup("dump");
	argv[2] = path;
	argv[3] = NULL;
	status = tu_run(argv, NULL, &got, &gotlen, &err);
	free(argv[0]);
	free(argv[1]);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "dump: %s: %s", status_str(status), err);
	free(err);
	ck_assert_int_eq(tu_blocks(path), 8);
	argv[0] = xstrdup(xxd_path());
	argv[1] = path;
	argv[2] = NULL;
	status = tu_run(argv, NULL, &want, &wantlen, &err);
	free(argv[0]);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "xxd: %s", err);
	free(err);
	compare_output("dump of a sparse file", got, gotlen, want, wantlen);
	ck_assert_int_eq(tu_blocks(path), 8);
	free(got);
	free(want);
	free(path);
}
END_TEST

/* The suite: one test case per table row, so TAP names each. */
static Suite *
dump_suite(void)
{
	Suite	*s = suite_create("dump");
	TCase	*tc;

	for (int i = 0; i < (int)(sizeof cmp_cases / sizeof cmp_cases[0]);
	    i++) {
		tc = timeout_tcase(cmp_cases[i].name, TIMEOUT_TOOL);
		tcase_add_loop_test(tc, test_compare, i, i + 1);
		suite_add_tcase(s, tc);
	}
	for (int i = 0; i < (int)(sizeof sparse_args / sizeof sparse_args[0]);
	    i++) {
		tc = tc_named("sparse ", sparse_args[i]);
		tcase_add_loop_test(tc, test_sparse, i, i + 1);
		suite_add_tcase(s, tc);
	}
	for (int i = 0; i < (int)(sizeof err_cases / sizeof err_cases[0]);
	    i++) {
		tc = tc_named("error: ", err_cases[i].name);
		tcase_add_loop_test(tc, test_error, i, i + 1);
		suite_add_tcase(s, tc);
	}
	tc = timeout_tcase("help", TIMEOUT_TOOL);
	tcase_add_test(tc, test_help);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("closed pipe", TIMEOUT_TOOL);
	tcase_add_test(tc, test_epipe);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("write error", TIMEOUT_TOOL);
	tcase_add_test(tc, test_write_error);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("file shrinks during the dump", TIMEOUT_TOOL);
	tcase_add_test(tc, test_shrink);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("a sparse file on a small tmpfs stays sparse",
	    TIMEOUT_TOOL);
	tcase_add_test(tc, test_never_allocates);
	suite_add_tcase(s, tc);
	return s;
}

/* Run in fork mode; without xxd there is nothing to compare with: skip. */
int
main(void)
{
	SRunner	*sr;
	int	 failed;

	if (access(xxd_path(), X_OK) != 0) {
		printf("1..0 # SKIP %s not found (set XXD)\n", xxd_path());
		return EXIT_SUCCESS;
	}
	sr = srunner_create(dump_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	while (tc_nnames > 0)
		free(tc_names[--tc_nnames]);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
