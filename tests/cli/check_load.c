/* SPDX-License-Identifier: ISC */
/*
 * check_load.c - `livehex load`, run as the real binary.
 *
 * Round trips: `livehex dump` (several formats) -> the dump's text edited
 * at known bytes -> `livehex load`; the file read back with pread must be
 * the original with exactly those bytes changed, and the report must name
 * exactly the bytes that differed (an edit to the same value is no
 * change).  Malformed dumps (bad hex, rows out of order or overlapping, a
 * row past the end of the file, truncated lines ...) must exit with the
 * right status and "DUMP:LINE:COL" message and leave the file byte for byte
 * as it was, although their first row always differs from the file.
 * --dry-run reports and stores nothing; a read-only file is refused with
 * the door's reason (as root the binary runs as nobody: this binary
 * re-executes itself as `check_load --as-nobody PROGRAM ARGS...`).
 *
 * Live behaviour: a child increments a u32 counter at offset 0 through its
 * own shared mapping while load stores dumps of bytes 4..19 (edits at 4..7)
 * over and over; the child and the loads wait on each other through the
 * file (see check_poke.c), so the overlap is certain, and no increment may
 * be lost.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timeout.h"
#include "testutil.h"
#include "xmalloc.h"

/* The uid and gid of nobody, for the read-only test. */
#define NOBODY_ID	65534

/* This test binary, for re-executing itself as nobody. */
static char	self_exe[PATH_MAX];

/* One finished run of the binary. */
struct run {
	int	 status;	/* wait(2) status */
	char	*out;		/* stdout, NUL-terminated */
	size_t	 outlen;
	char	*err;		/* stderr, NUL-terminated */
};

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

/*
 * Run livehex (as nobody when AS_NOBODY) with the arguments in ARGS split
 * on '|', standard input from IN (or /dev/null).
 */
static struct run
run_lh(bool as_nobody, const char *in, const char *args)
{
	char		**argv = xcalloc(64, sizeof *argv);
	char		 *copy = xstrdup(args), *p;
	unsigned char	 *out;
	int		  n = 0;
	struct run	  r;

	if (as_nobody) {
		argv[n++] = xstrdup(self_exe);
		argv[n++] = xstrdup("--as-nobody");
	}
	argv[n++] = xstrdup(tu_livehex());
	for (p = copy; p != NULL; ) {
		ck_assert_msg(n < 62, "too many arguments");
		argv[n++] = xstrdup(strsep(&p, "|"));
	}
	argv[n] = NULL;
	r.status = tu_run(argv, in, &out, &r.outlen, &r.err);
	r.out = xmalloc(r.outlen + 1);
	memcpy(r.out, out, r.outlen);
	r.out[r.outlen] = '\0';
	free(out);
	while (n > 0)
		free(argv[--n]);
	free(argv);
	free(copy);
	return r;
}

/* Free a run's buffers. */
static void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Fail unless R exited with CODE; WHAT names the run in the message. */
static void
expect_exit(const struct run *r, int code, const char *what)
{
	ck_assert_msg(WIFEXITED(r->status) && WEXITSTATUS(r->status) == code,
	    "%s: %s, want exit %d\nstdout: %s\nstderr: %s", what,
	    status_str(r->status), code, r->out, r->err);
}

/* Fail unless PATH holds exactly WANT (LEN bytes). */
static void
expect_file(const char *what, const char *path, const unsigned char *want,
    size_t len)
{
	unsigned char	*got;
	size_t		 gotlen;

	got = tu_slurp(path, &gotlen);
	ck_assert_msg(gotlen == len, "%s: size %zu, want %zu", what, gotlen,
	    len);
	for (size_t i = 0; i < len; i++)
		if (got[i] != want[i])
			ck_abort_msg("%s: byte 0x%zx is 0x%02x, want 0x%02x",
			    what, i, got[i], want[i]);
	free(got);
}

/* Write LEN bytes of TEXT to a new test file NAME; its path. */
static char *
write_text(const char *name, const char *text, size_t len)
{
	return tu_file(name, text, len);
}

/* One edit of a round trip: the byte at OFF becomes VALUE. */
struct edit {
	uint64_t	off;
	int		value;		/* -1: the same value as before */
};

/* A round trip: dump with DUMP_ARGS, edit, load with LOAD_ARGS. */
struct trip {
	const char	*name;
	size_t		 size;
	const char	*dump_args;	/* '|'-separated, before the file */
	unsigned	 cols, group;	/* the dump's -c, -g (group 0: one) */
	bool		 plain;
	uint64_t	 start;		/* the dump's first offset */
	const char	*load_args;	/* '|'-separated, before SOURCE */
	bool		 stdin_dump;	/* DUMP on standard input */
	struct edit	 edits[6];	/* ends at off 0 value 0 (unused) */
	const char	*report;
};

static const struct trip trips[] = {
	{ "default rows", 1000, "dump", 16, 2, false, 0, "load", false,
	  { { 0x10, 0xaa }, { 0x11, 0xbb }, { 0x12, 0xcc }, { 0x40, 0x00 },
	    { 999, 0x5a }, { 0, 0 } },
	  "stored 5 bytes in 3 runs: 0x10-0x12, 0x40, 0x3e7\n" },
	{ "same value is no change", 1000, "dump", 16, 2, false, 0, "load",
	  false, { { 0x20, -1 }, { 0x21, 0x01 }, { 0x22, -1 }, { 0, 0 } },
	  "stored 1 byte in 1 run: 0x21\n" },
	{ "-c 7 -g 3 -u", 500, "dump|-c|7|-g|3|-u", 7, 3, false, 0, "load",
	  false, { { 6, 0x10 }, { 7, 0x11 }, { 499, 0xfe }, { 0, 0 } },
	  "stored 3 bytes in 2 runs: 0x6-0x7, 0x1f3\n" },
	{ "-c 32 -g 0, on stdin", 700, "dump|-c|32|-g|0", 32, 0, false, 0,
	  "load", true, { { 31, 0x31 }, { 32, 0x32 }, { 0, 0 } },
	  "stored 2 bytes in 1 run: 0x1f-0x20\n" },
	{ "-s 100 -l 300 (a part)", 1000, "dump|-s|100|-l|300", 16, 2, false,
	  100, "load", false, { { 100, 1 }, { 399, 2 }, { 0, 0 } },
	  "stored 2 bytes in 2 runs: 0x64, 0x18f\n" },
	{ "-p", 1000, "dump|-p", 30, 0, true, 0, "load", false,
	  { { 0, 0x77 }, { 29, 0x78 }, { 30, 0x79 }, { 999, 0x7a }, { 0, 0 } },
	  "stored 4 bytes in 3 runs: 0x0, 0x1d-0x1e, 0x3e7\n" },
	{ "-p -c 0 (one line), on stdin", 300, "dump|-p|-c|0", 0, 0, true, 0,
	  "load", true, { { 5, 0x01 }, { 0, 0 } },
	  "stored 1 byte in 1 run: 0x5\n" },
	{ "-p -s 200, load -s 200", 1000, "dump|-p|-s|200|-l|100", 30, 0,
	  true, 200, "load|-s|200", false, { { 200, 0xee }, { 299, 0xef },
	  { 0, 0 } }, "stored 2 bytes in 2 runs: 0xc8, 0x12b\n" },
};

/* Where the two hex digits of byte OFF sit in trip T's dump text. */
static size_t
trip_pos(const struct trip *t, const char *text, uint64_t off)
{
	uint64_t	 rel = off - t->start;
	size_t		 line, i, lineno = 0;
	const char	*p = text;

	if (t->plain && t->cols == 0)
		return (size_t)(2 * rel);
	line = (size_t)(rel / t->cols);
	i = (size_t)(rel % t->cols);
	for (; lineno < line; lineno++) {
		p = strchr(p, '\n');
		ck_assert_msg(p != NULL, "the dump has no line %zu", line);
		p++;
	}
	if (t->plain)
		return (size_t)(p - text) + 2 * i;
	/* "%08x: " then 2 digits a byte and a space after each group. */
	return (size_t)(p - text) + 10 + 2 * i +
	    (t->group == 0 ? 0 : i / t->group);
}

/* A round trip: dump, edit the text, load; the file and the report. */
START_TEST(test_round_trip)
{
	const struct trip	*t = &trips[_i];
	char			*f = tu_pattern_file("src", t->size, 40 + _i);
	char			*args, *dpath, *text;
	unsigned char		*want;
	size_t			 wantlen;
	struct run		 r;

	want = tu_slurp(f, &wantlen);
	args = xasprintf("%s|%s", t->dump_args, f);
	r = run_lh(false, NULL, args);
	expect_exit(&r, 0, "dump");
	free(args);
	text = xstrdup(r.out);
	run_free(&r);
	for (const struct edit *e = t->edits; e->off != 0 || e->value != 0;
	    e++) {
		size_t	pos = trip_pos(t, text, e->off);
		int	v = e->value == -1 ? want[e->off] : e->value;
		char	hex[3];

		/* The text must show the file's byte there. */
		snprintf(hex, sizeof hex, "%02x", want[e->off]);
		ck_assert_msg(strncasecmp(text + pos, hex, 2) == 0,
		    "%s: the dump shows %.2s at 0x%jx, want %s", t->name,
		    text + pos, (uintmax_t)e->off, hex);
		snprintf(hex, sizeof hex, "%02x", v);
		memcpy(text + pos, hex, 2);
		want[e->off] = (unsigned char)v;
	}
	dpath = write_text("dump.txt", text, strlen(text));
	if (t->stdin_dump) {
		args = xasprintf("%s|%s", t->load_args, f);
		r = run_lh(false, dpath, args);
	} else {
		args = xasprintf("%s|%s|%s", t->load_args, f, dpath);
		r = run_lh(false, NULL, args);
	}
	expect_exit(&r, 0, t->name);
	ck_assert_msg(strcmp(r.out, t->report) == 0, "%s: report\n%s\nwant\n%s",
	    t->name, r.out, t->report);
	ck_assert_msg(r.err[0] == '\0', "%s: stderr: %s", t->name, r.err);
	expect_file(t->name, f, want, wantlen);
	run_free(&r);

	/* Loaded again: nothing differs any more. */
	r = run_lh(false, NULL, args);
	if (t->stdin_dump) {
		run_free(&r);
		r = run_lh(false, dpath, args);
	}
	expect_exit(&r, 0, "again");
	ck_assert_str_eq(r.out, "no byte differs\n");
	expect_file("again", f, want, wantlen);
	run_free(&r);
	free(args);
	free(text);
	free(dpath);
	free(want);
	free(f);
}
END_TEST

/* --dry-run: the report with "would", and the file untouched. */
START_TEST(test_dry_run)
{
	char		*f = tu_pattern_file("src", 100, 7), *d, *args;
	unsigned char	*orig;
	size_t		 len;
	struct run	 r;
	char		 text[64];

	orig = tu_slurp(f, &len);
	snprintf(text, sizeof text, "00000008: %02x%02x %02x\n",
	    orig[8] ^ 0xff, orig[9], orig[10] ^ 1);
	d = write_text("dump.txt", text, strlen(text));
	args = xasprintf("load|--dry-run|%s|%s", f, d);
	r = run_lh(false, NULL, args);
	expect_exit(&r, 0, "dry run");
	ck_assert_str_eq(r.out, "would store 2 bytes in 2 runs: 0x8, 0xa\n");
	ck_assert_str_eq(r.err, "");
	expect_file("dry run", f, orig, len);
	run_free(&r);
	free(args);
	free(d);
	free(orig);
	free(f);
}
END_TEST

/*
 * A malformed or impossible dump: the status, the message, and the file
 * untouched.  In TEXT, @0 stands for the first row: bytes 0..3 of the file
 * all changed, so that a load that stored anything would show.
 */
struct bad_case {
	const char	*name;
	const char	*text;
	int		 status;
	const char	*want;		/* in stderr, after "livehex: DUMP" */
};

static const struct bad_case bad_cases[] = {
	{ "bad hex", "@0\n00000004: 48g5\n", 2,
	  ":2:13: 'g' is not a hex digit; nothing was stored" },
	{ "rows out of order", "00000010: 4142\n@0\n", 2,
	  ":2:1: offset 0x0 comes before the previous row's 0x10 (line 1)" },
	{ "rows overlapping", "@0\n00000003: 4142\n", 2,
	  ":2:1: the row at 0x3 overlaps the previous row (0x0-0x3, line 1)" },
	{ "a row past the end", "@0\n00000062: 4142 43\n", 1,
	  ":2:1: bytes 0x62-0x64 are past the end of" },
	{ "a row far past the end", "@0\nffffffff0: 41\n", 1,
	  ":2:1: bytes 0xffffffff0-0xffffffff0 are past the end" },
	{ "a truncated row (odd digits)", "@0\n00000004: 4142 4\n", 2,
	  ":2:16: an odd number of hex digits (1)" },
	{ "a truncated row (no bytes)", "@0\n00000004:\n", 2,
	  ":2:10: no bytes after the offset" },
	{ "a truncated offset", "@0\n000000\n", 2,
	  ":2:7: expected ':' after the offset, found the end of the line" },
	{ "a short row before the last", "@0\n00000004: 41\n00000005: 42\n",
	  2, ":2:1: 1 bytes in a row where the first row has 4" },
	{ "a long row", "@0\n00000004: 4142 4344 45\n", 2,
	  ":2:1: 5 bytes in a row where the first row has 4 (a byte added?)" },
	{ "xxd -a's '*'", "@0\n*\n00000010: 41424344\n", 2,
	  ":2:1: '*' stands for rows of zeros" },
	{ "not a row", "@0\nhello\n", 2, ":2:1: 'h' where a row starts" },
	{ "no space after ':'", "@0\n00000004:4142\n", 2,
	  ":2:10: expected a space after ':', found '4'" },
	{ "plain: a ':'", "0102\n00000010: 41\n", 2,
	  ":2:9: ':' is not a hex digit (this is a plain, -p dump" },
	{ "plain: odd digits", "0102\n414\n", 2,
	  ":2:3: an odd number of hex digits (3)" },
	{ "plain: past the end", "@P\n", 1, ":1:1: bytes 0x0-0x64 are past" },
	{ "a NUL byte", "@0\n0000@N0004: 41\n", 2, ":2:5: a NUL byte" },
};

/* Build the dump text of case C for file bytes ORIG (100 bytes). */
static char *
bad_text(const struct bad_case *c, const unsigned char *orig, size_t *len)
{
	char	*out = xmalloc(4096), row[64];
	size_t	 o = 0;

	for (const char *s = c->text; *s != '\0'; s++) {
		if (s[0] == '@' && s[1] == '0') {
			snprintf(row, sizeof row, "00000000: %02x%02x %02x%02x",
			    orig[0] ^ 0xff, orig[1] ^ 0xff, orig[2] ^ 0xff,
			    orig[3] ^ 0xff);
			memcpy(out + o, row, strlen(row));
			o += strlen(row);
			s++;
		} else if (s[0] == '@' && s[1] == 'P') {
			/* 101 bytes of plain dump for a 100-byte file. */
			for (int i = 0; i < 101; i++)
				o += (size_t)sprintf(out + o, "%02x",
				    i < 100 ? orig[i] ^ 0xff : 0);
			s++;
		} else if (s[0] == '@' && s[1] == 'N') {
			out[o++] = '\0';
			s++;
		} else
			out[o++] = *s;
	}
	*len = o;
	return out;
}

/* A bad dump: the status and message; the file is untouched. */
START_TEST(test_bad)
{
	const struct bad_case	*c = &bad_cases[_i];
	char			*f = tu_pattern_file("src", 100, 9), *d, *text;
	char			*args, *want;
	unsigned char		*orig;
	size_t			 len, tlen;
	struct run		 r;

	orig = tu_slurp(f, &len);
	text = bad_text(c, orig, &tlen);
	d = write_text("dump.txt", text, tlen);
	args = xasprintf("load|%s|%s", f, d);
	r = run_lh(false, NULL, args);
	expect_exit(&r, c->status, c->name);
	want = xasprintf("livehex: %s%s", d, c->want);
	ck_assert_msg(strstr(r.err, want) != NULL, "%s: stderr lacks\n%s\n:%s",
	    c->name, want, r.err);
	ck_assert_msg(strstr(r.err, "nothing was stored") != NULL,
	    "%s: %s", c->name, r.err);
	ck_assert_msg(r.outlen == 0, "%s: stdout: %s", c->name, r.out);
	expect_file(c->name, f, orig, len);
	run_free(&r);
	free(want);
	free(args);
	free(text);
	free(d);
	free(orig);
	free(f);
}
END_TEST

/* The command line: status and message, nothing stored. */
static const struct {
	const char	*name;
	const char	*args;		/* @F the file, @D a good dump */
	int		 status;
	const char	*want;
} cmd_cases[] = {
	{ "no SOURCE", "load", 2, "livehex: load: no SOURCE given" },
	{ "SOURCE -", "load|-|@D", 2, "SOURCE cannot be -" },
	{ "three arguments", "load|@F|@D|x", 2, "unexpected argument \"x\"" },
	{ "unknown option", "load|-q|@F|@D", 2, "unknown option -q" },
	{ "bad -s", "load|-s|x|@F|@D", 2, "load: -s: \"x\": not a number" },
	{ "missing DUMP", "load|@F|@D.missing", 1,
	  ".missing: No such file or directory; nothing was stored" },
	{ "missing SOURCE", "load|@F.missing|@D", 1, ".missing: " },
};

/* A bad command line: its status and message, the file untouched. */
START_TEST(test_cmd)
{
	char		*f = tu_pattern_file("src", 100, 11), *d, *args, *p;
	unsigned char	*orig;
	size_t		 len;
	struct run	 r;
	char		 text[64];

	orig = tu_slurp(f, &len);
	snprintf(text, sizeof text, "00000000: %02x\n", orig[0] ^ 0xff);
	d = write_text("dump.txt", text, strlen(text));
	args = xstrdup(cmd_cases[_i].args);
	while ((p = strstr(args, "@F")) != NULL || (p = strstr(args, "@D")) !=
	    NULL) {
		char	*n;

		*p = '\0';
		n = xasprintf("%s%s%s", args, p[1] == 'F' ? f : d, p + 2);
		free(args);
		args = n;
	}
	r = run_lh(false, NULL, args);
	expect_exit(&r, cmd_cases[_i].status, cmd_cases[_i].name);
	ck_assert_msg(strstr(r.err, cmd_cases[_i].want) != NULL,
	    "%s: stderr: %s", cmd_cases[_i].name, r.err);
	expect_file(cmd_cases[_i].name, f, orig, len);
	run_free(&r);
	free(args);
	free(d);
	free(orig);
	free(f);
}
END_TEST

/*
 * A file load may not write: as root, the binary runs as nobody on a
 * root-owned 0644 file; otherwise the file is 0444.  Exit 1, "read-only"
 * with the door's reason, nothing stored; --dry-run and a dump with no
 * difference still work.
 */
START_TEST(test_readonly)
{
	char		*f = tu_pattern_file("ro", 64, 22), *dir, *d, *same;
	char		*args, text[64];
	unsigned char	*orig;
	size_t		 len;
	bool		 root = geteuid() == 0;
	struct run	 r;

	orig = tu_slurp(f, &len);
	dir = xstrdup(f);
	*strrchr(dir, '/') = '\0';
	if (root) {
		/* nobody must reach the files: open up the test directory. */
		ck_assert_int_eq(chmod(dir, 0755), 0);
		ck_assert_int_eq(chmod(f, 0644), 0);
	} else
		ck_assert_int_eq(chmod(f, 0444), 0);
	snprintf(text, sizeof text, "00000004: %02x%02x\n", orig[4] ^ 0xff,
	    orig[5]);
	d = write_text("dump.txt", text, strlen(text));
	snprintf(text, sizeof text, "00000004: %02x%02x\n", orig[4], orig[5]);
	same = write_text("same.txt", text, strlen(text));
	ck_assert_int_eq(chmod(d, 0644), 0);
	ck_assert_int_eq(chmod(same, 0644), 0);

	args = xasprintf("load|%s|%s", f, d);
	r = run_lh(root, NULL, args);
	expect_exit(&r, 1, "read-only");
	ck_assert_msg(strstr(r.err, "read-only") != NULL &&
	    strstr(r.err, "no write permission") != NULL &&
	    strstr(r.err, "nothing was stored") != NULL,
	    "want read-only, the reason and nothing stored: %s", r.err);
	expect_file("read-only", f, orig, len);
	run_free(&r);
	free(args);

	args = xasprintf("load|--dry-run|%s|%s", f, d);
	r = run_lh(root, NULL, args);
	expect_exit(&r, 0, "read-only --dry-run");
	ck_assert_str_eq(r.out, "would store 1 byte in 1 run: 0x4\n");
	run_free(&r);
	free(args);

	args = xasprintf("load|%s|%s", f, same);
	r = run_lh(root, NULL, args);
	expect_exit(&r, 0, "read-only, nothing differs");
	ck_assert_str_eq(r.out, "no byte differs\n");
	run_free(&r);
	free(args);
	expect_file("read-only", f, orig, len);
	free(same);
	free(d);
	free(dir);
	free(orig);
	free(f);
}
END_TEST

/* The counter test's layout: see check_poke.c. */
#define COUNTER_GO	64
#define COUNTER_STOP	68
#define COUNTER_DONE	72
#define COUNT_PACE	60
#define COUNTER_WAIT_MS	60000

/* Child: increment the u32 at P from GO to STOP; its count at DONE. */
static void __attribute__((noreturn))
counter_child(unsigned char *p)
{
	uint32_t	*counter = (uint32_t *)(void *)p;
	uint32_t	*go = (uint32_t *)(void *)(p + COUNTER_GO);
	uint32_t	*stop = (uint32_t *)(void *)(p + COUNTER_STOP);
	uint32_t	 n = 0;

	while (__atomic_load_n(go, __ATOMIC_ACQUIRE) == 0)
		;
	while (__atomic_load_n(stop, __ATOMIC_ACQUIRE) == 0) {
		/* The only writer of the counter: load + store is exact. */
		uint32_t	v = __atomic_load_n(counter, __ATOMIC_RELAXED);

		__atomic_store_n(counter, v + 1, __ATOMIC_RELAXED);
		n++;
		for (volatile int k = 0; k < COUNT_PACE; k++)
			;
	}
	__atomic_store_n((uint32_t *)(void *)(p + COUNTER_DONE), n,
	    __ATOMIC_RELEASE);
	_exit(0);
}

/* Wait (with a deadline, yielding) until the counter at P differs from WAS. */
static void
counter_wait_moved(const unsigned char *p, uint32_t was, pid_t child)
{
	uint64_t	deadline = tu_now_ms() + COUNTER_WAIT_MS;

	while (__atomic_load_n((const uint32_t *)(const void *)p,
	    __ATOMIC_RELAXED) == was) {
		ck_assert_msg(waitpid(child, NULL, WNOHANG) == 0,
		    "the counter child died");
		ck_assert_msg(tu_now_ms() < deadline, "the counter did not "
		    "move from %u in %d ms", was, COUNTER_WAIT_MS);
		sched_yield();
	}
}

/*
 * While a child increments the u32 counter at 0, load stores dumps of the
 * row 4..19 with bytes 4..7 changed, the rest as in the file: the counter
 * shares an 8-byte word with the stored bytes, and no increment is lost.
 */
START_TEST(test_concurrent_counter)
{
	const unsigned	 nloads = 24;
	char		*path = tu_pattern_file("counter", 4096, 31);
	char		*d = tu_path("dump.txt"), *args;
	unsigned char	*p, row[16];
	uint32_t	 counter, counted;
	int		 fd, status = 0;
	pid_t		 pid;
	struct run	 r;

	fd = open(path, O_RDWR);
	ck_assert(fd != -1);
	p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ck_assert(p != MAP_FAILED);
	close(fd);
	memset(p, 0, 128);
	pid = fork();
	ck_assert(pid != -1);
	if (pid == 0)
		counter_child(p);
	__atomic_store_n((uint32_t *)(void *)(p + COUNTER_GO), 1,
	    __ATOMIC_RELEASE);
	counter_wait_moved(p, 0, pid);
	args = xasprintf("load|%s|%s", path, d);
	for (unsigned i = 0; i < nloads; i++) {
		char		 text[128];
		uint32_t	 before;
		FILE		*f;

		/* Bytes 8..19 as they are (nobody else writes them). */
		memcpy(row, p + 4, sizeof row);
		for (int k = 0; k < 4; k++)
			row[k] = (unsigned char)(i * 4 + (unsigned)k + 1);
		snprintf(text, sizeof text, "00000004: %02x%02x %02x%02x "
		    "%02x%02x %02x%02x %02x%02x %02x%02x %02x%02x %02x%02x\n",
		    row[0], row[1], row[2], row[3], row[4], row[5], row[6],
		    row[7], row[8], row[9], row[10], row[11], row[12], row[13],
		    row[14], row[15]);
		f = fopen(d, "w");
		ck_assert(f != NULL);
		fputs(text, f);
		fclose(f);
		before = __atomic_load_n((uint32_t *)(void *)p,
		    __ATOMIC_RELAXED);
		r = run_lh(false, NULL, args);
		expect_exit(&r, 0, "load");
		ck_assert_msg(strcmp(r.out, "stored 4 bytes in 1 run: 0x4-0x7\n")
		    == 0, "load %u: %s", i, r.out);
		run_free(&r);
		counter_wait_moved(p, before, pid);
	}
	__atomic_store_n((uint32_t *)(void *)(p + COUNTER_STOP), 1,
	    __ATOMIC_RELEASE);
	ck_assert(waitpid(pid, &status, 0) == pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "counter child: %s", status_str(status));
	counted = __atomic_load_n((uint32_t *)(void *)(p + COUNTER_DONE),
	    __ATOMIC_ACQUIRE);
	memcpy(&counter, p, 4);
	ck_assert_msg(counted > 0, "the child counted nothing");
	ck_assert_msg(counter == counted, "counter is %u, want %u: %u "
	    "updates lost during %u loads", counter, counted,
	    counted - counter, nloads);
	ck_assert(p[4] == nloads * 4 - 3 && p[7] == nloads * 4);
	munmap(p, 4096);
	free(args);
	free(d);
	free(path);
}
END_TEST

/* True when /proc/PID/maps shows PATH mapped. */
static bool
trace_mapped(pid_t pid, const char *path)
{
	char	 name[64], line[PATH_MAX + 256];
	FILE	*f;
	bool	 found = false;

	snprintf(name, sizeof name, "/proc/%ld/maps", (long)pid);
	f = fopen(name, "r");
	if (f == NULL)
		return false;
	while (!found && fgets(line, sizeof line, f) != NULL)
		found = strstr(line, path) != NULL;
	fclose(f);
	return found;
}

/*
 * A store that fails part way, made certain with ptrace(2), never timing:
 * load runs from syscall to syscall until the file is mapped, then one
 * instruction at a time until its second run of differing bytes (0xff0 to
 * 0x10ff) has begun to land in our own mapping; then the file is cut to
 * 0x1000 bytes and load goes on alone.  Its store at 0x1000 faults: exit
 * 1, and the report says exactly what was stored: the byte at 0x10 and
 * 0xff0-0xfff, 17 of 273 bytes.
 */
START_TEST(test_store_fails)
{
	const char	*asan = getenv("ASAN_OPTIONS");
	char		*path = tu_pattern_file("shrink", 16384, 33);
	char		*dpath, *opath = tu_path("out"), *epath = tu_path("err");
	char		*text = xmalloc(65536), *env, *err, *out;
	char		*argv[5];
	unsigned char	*p, *orig;
	size_t		 o = 0, len;
	unsigned	 steps = 0;
	bool		 mapped = false;
	int		 fd, st, sig = 0;
	pid_t		 pid;

	fd = open(path, O_RDWR);
	ck_assert(fd != -1);
	p = mmap(NULL, 16384, PROT_READ, MAP_SHARED, fd, 0);
	ck_assert(p != MAP_FAILED);
	orig = xmalloc(16384);
	memcpy(orig, p, 16384);
	/* Row 0x10: its first byte differs; rows 0xff0..0x10ff: all differ. */
	o += (size_t)sprintf(text + o, "00000010:");
	for (int i = 0; i < 16; i++)
		o += (size_t)sprintf(text + o, " %02x",
		    i == 0 ? orig[0x10] ^ 0xff : orig[0x10 + i]);
	text[o++] = '\n';
	for (unsigned row = 0xff0; row < 0x1100; row += 16) {
		o += (size_t)sprintf(text + o, "%08x:", row);
		for (unsigned i = 0; i < 16; i++)
			o += (size_t)sprintf(text + o, " %02x",
			    orig[row + i] ^ 0xff);
		text[o++] = '\n';
	}
	dpath = write_text("dump.txt", text, o);

	env = xasprintf("%s%sdetect_leaks=0", asan != NULL ? asan : "",
	    asan != NULL && *asan != '\0' ? ":" : "");
	argv[0] = xstrdup(tu_livehex());
	argv[1] = xstrdup("load");
	argv[2] = path;
	argv[3] = dpath;
	argv[4] = NULL;
	pid = fork();
	ck_assert(pid != -1);
	if (pid == 0) {
		int	null = open("/dev/null", O_RDONLY);
		int	ofd = open(opath, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		int	efd = open(epath, O_WRONLY | O_CREAT | O_TRUNC, 0600);

		dup2(null, 0);
		dup2(ofd, 1);
		dup2(efd, 2);
		/* LeakSanitizer cannot run under ptrace. */
		setenv("ASAN_OPTIONS", env, 1);
		if (ptrace(PTRACE_TRACEME, 0, NULL, NULL) == -1)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert_msg(WIFSTOPPED(st), "tracee: %s", status_str(st));
	ck_assert(ptrace(PTRACE_SETOPTIONS, pid, NULL,
	    (void *)(uintptr_t)(PTRACE_O_TRACESYSGOOD | PTRACE_O_EXITKILL)) !=
	    -1);
	for (;;) {
		int	req = mapped ? PTRACE_SINGLESTEP : PTRACE_SYSCALL;

		ck_assert_msg(ptrace(req, pid, NULL, (void *)(uintptr_t)sig) !=
		    -1, "ptrace: %s", strerror(errno));
		sig = 0;
		ck_assert_int_eq(waitpid(pid, &st, 0), pid);
		ck_assert_msg(WIFSTOPPED(st), "load ended before its stores:"
		    " %s", status_str(st));
		if (WSTOPSIG(st) != SIGTRAP && WSTOPSIG(st) != (SIGTRAP | 0x80)) {
			sig = WSTOPSIG(st);	/* not ours: deliver it */
			continue;
		}
		if (!mapped) {
			mapped = trace_mapped(pid, path);
			continue;
		}
		/* The second run has begun, the first is done. */
		if (p[0xff0] != orig[0xff0]) {
			ck_assert(p[0x10] != orig[0x10]);
			break;
		}
		ck_assert_msg(++steps < 5000000, "no store after %u steps",
		    steps);
	}
	ck_assert_int_eq(ftruncate(fd, 0x1000), 0);
	ck_assert(ptrace(PTRACE_DETACH, pid, NULL, NULL) != -1);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	out = (char *)tu_slurp(opath, &len);
	out = xrealloc(out, len + 1);
	out[len] = '\0';
	err = (char *)tu_slurp(epath, &len);
	err = xrealloc(err, len + 1);
	err[len] = '\0';
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 1, "load: %s\n%s%s",
	    status_str(st), out, err);
	ck_assert_msg(strstr(err, "could not store the byte at 0x1000: ") !=
	    NULL && strstr(err, "; 17 of 273 bytes were stored before it") !=
	    NULL,
	    "stderr: %s", err);
	ck_assert_str_eq(out, "stored 17 bytes in 2 runs: 0x10, 0xff0-0xfff\n");
	/* And the file says the same. */
	orig[0x10] ^= 0xff;
	for (unsigned i = 0xff0; i < 0x1000; i++)
		orig[i] ^= 0xff;
	expect_file("after the failed store", path, orig, 0x1000);
	munmap(p, 16384);
	close(fd);
	free(out);
	free(err);
	free(env);
	free(argv[0]);
	free(argv[1]);
	free(dpath);
	free(text);
	free(orig);
	free(opath);
	free(epath);
	free(path);
}
END_TEST

/* The suite. */
static Suite *
load_suite(void)
{
	Suite	*s = suite_create("load");
	TCase	*tc;

	for (int i = 0; i < (int)(sizeof trips / sizeof trips[0]); i++) {
		tc = timeout_tcase(trips[i].name, TIMEOUT_TOOL);
		tcase_add_loop_test(tc, test_round_trip, i, i + 1);
		suite_add_tcase(s, tc);
	}
	for (int i = 0; i < (int)(sizeof bad_cases / sizeof bad_cases[0]);
	    i++) {
		tc = timeout_tcase(bad_cases[i].name, TIMEOUT_TOOL);
		tcase_add_loop_test(tc, test_bad, i, i + 1);
		suite_add_tcase(s, tc);
	}
	for (int i = 0; i < (int)(sizeof cmd_cases / sizeof cmd_cases[0]);
	    i++) {
		tc = timeout_tcase(cmd_cases[i].name, TIMEOUT_TOOL);
		tcase_add_loop_test(tc, test_cmd, i, i + 1);
		suite_add_tcase(s, tc);
	}
	tc = timeout_tcase("--dry-run stores nothing", TIMEOUT_TOOL);
	tcase_add_test(tc, test_dry_run);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("read-only file", TIMEOUT_TOOL);
	tcase_add_test(tc, test_readonly);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("a store that fails part way is reported exactly",
	    TIMEOUT_LONG);
	tcase_add_test(tc, test_store_fails);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("load next to a live counter loses no update",
	    TIMEOUT_TOOL);
	tcase_add_test(tc, test_concurrent_counter);
	suite_add_tcase(s, tc);
	return s;
}

/*
 * Run in fork mode.  `check_load --as-nobody PROGRAM ARGS...` is the
 * helper for the read-only test: drop to nobody and exec PROGRAM.
 */
int
main(int argc, char **argv)
{
	SRunner	*sr;
	ssize_t	 n;
	int	 failed;

	if (argc > 2 && strcmp(argv[1], "--as-nobody") == 0) {
		if (setgroups(0, NULL) == -1 || setgid(NOBODY_ID) == -1 ||
		    setuid(NOBODY_ID) == -1) {
			fprintf(stderr, "check_load: cannot become nobody: %s\n",
			    strerror(errno));
			return 126;
		}
		execv(argv[2], argv + 2);
		fprintf(stderr, "check_load: %s: %s\n", argv[2],
		    strerror(errno));
		return 127;
	}
	n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
	if (n <= 0) {
		fprintf(stderr, "check_load: /proc/self/exe: %s\n",
		    strerror(errno));
		return EXIT_FAILURE;
	}
	self_exe[n] = '\0';
	sr = srunner_create(load_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
