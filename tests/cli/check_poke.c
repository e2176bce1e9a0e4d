/* SPDX-License-Identifier: ISC */
/*
 * check_poke.c - `livehex poke` and `livehex peek`, run as the real binary.
 *
 * Every poke is checked by reading the file back with pread(2) (never
 * through livehex itself): the bytes at the offset must be the expected
 * ones and every other byte of the file unchanged.  Every error path checks
 * the exit status, the key words of the message, that stdout is empty, and
 * that the whole file is byte for byte what it was before ("nothing
 * written on error").
 *
 * Live behaviour: a child process increments a u32 counter through its own
 * MAP_SHARED mapping while poke stores into the neighbouring bytes; no
 * increment may be lost (design.md fact 5).
 *
 * Store width: a reader racing poke cannot tell one 8-byte store from
 * eight byte stores (on x86 the byte stores leave the store buffer too
 * close together to be seen), so that is checked deterministically with
 * ptrace(2): poke runs from syscall to syscall until the file is mapped,
 * then one instruction at a time, and after every instruction the test
 * looks at the target bytes through its own mapping.  One aligned store
 * goes from old to new in one step; a misaligned value (the control) shows
 * halfway values.
 *
 * The read-only case runs the binary as user nobody when the suite runs as
 * root (root ignores file modes): this test binary re-executes itself as
 * `check_poke --as-nobody PROGRAM ARGS...`, which drops to uid/gid 65534 and
 * execs PROGRAM, so tu_run can capture it like any other run.
 *
 * Table args are separated by '|' so that one argument can hold spaces; @F
 * stands for the test file, @M for a missing file and @D for a directory.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/ptrace.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/magic.h>

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

/* ------------------------------------------------------------------------ */
/* Helpers.                                                                 */

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

/* Run ARGV (NULL-terminated, argv[0] a path) and capture everything. */
static struct run
run_argv(char **argv)
{
	struct run	 r;
	unsigned char	*out;

	r.status = tu_run(argv, NULL, &out, &r.outlen, &r.err);
	r.out = xmalloc(r.outlen + 1);
	memcpy(r.out, out, r.outlen);
	r.out[r.outlen] = '\0';
	free(out);
	return r;
}

/*
 * Run livehex with the arguments in ARGS split on '|', each @F @M @D
 * replaced by F, M, D; as nobody when AS_NOBODY.
 */
static struct run
run_args(bool as_nobody, const char *args, const char *f, const char *m,
    const char *d)
{
	char		**argv = xcalloc(64, sizeof *argv);
	char		 *copy = xstrdup(args), *p;
	const char	 *tok;
	int		  n = 0;
	struct run	  r;

	if (as_nobody) {
		argv[n++] = xstrdup(self_exe);
		argv[n++] = xstrdup("--as-nobody");
	}
	argv[n++] = xstrdup(tu_livehex());
	for (p = copy; p != NULL && *args != '\0'; ) {
		tok = strsep(&p, "|");
		if (strcmp(tok, "@F") == 0)
			tok = f;
		else if (strcmp(tok, "@M") == 0)
			tok = m;
		else if (strcmp(tok, "@D") == 0)
			tok = d;
		ck_assert_msg(n < 62, "too many arguments");
		argv[n++] = xstrdup(tok);
	}
	argv[n] = NULL;
	r = run_argv(argv);
	while (n > 0)
		free(argv[--n]);
	free(argv);
	free(copy);
	return r;
}

/* Run livehex with a NULL-terminated list of arguments. */
static struct run
run_lh(const char *first, ...)
{
	char		*argv[64];
	const char	*a;
	va_list		 ap;
	int		 n = 0;
	struct run	 r;

	argv[n++] = xstrdup(tu_livehex());
	va_start(ap, first);
	for (a = first; a != NULL; a = va_arg(ap, const char *)) {
		ck_assert_msg(n < 63, "too many arguments");
		argv[n++] = xstrdup(a);
	}
	va_end(ap);
	argv[n] = NULL;
	r = run_argv(argv);
	while (n > 0)
		free(argv[--n]);
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

/* Fail unless R succeeded silently (nothing on stdout or stderr). */
static void
expect_quiet_ok(const struct run *r, const char *what)
{
	expect_exit(r, 0, what);
	ck_assert_msg(r->outlen == 0, "%s: stdout: %s", what, r->out);
	ck_assert_msg(r->err[0] == '\0', "%s: stderr: %s", what, r->err);
}

/* Decode a compact hex string ("deadbeef") into OUT; the byte count. */
static size_t
unhex(const char *s, unsigned char *out, size_t cap)
{
	size_t	n = 0;

	for (; s[0] != '\0' && s[1] != '\0'; s += 2) {
		unsigned	v;

		ck_assert_msg(sscanf(s, "%2x", &v) == 1, "bad hex in test");
		ck_assert_msg(n < cap, "hex too long in test");
		out[n++] = (unsigned char)v;
	}
	return n;
}

/*
 * Fail unless file PATH equals ORIG (ORIGLEN bytes) except for WANT
 * (WANTLEN bytes) at OFF.
 */
static void
expect_file(const char *what, const char *path, const unsigned char *orig,
    size_t origlen, uint64_t off, const unsigned char *want, size_t wantlen)
{
	unsigned char	*got;
	size_t		 len;

	got = tu_slurp(path, &len);
	ck_assert_msg(len == origlen, "%s: size %zu, want %zu", what, len,
	    origlen);
	for (size_t i = 0; i < len; i++) {
		unsigned char	e = orig[i];

		if (i >= off && i - off < wantlen)
			e = want[i - off];
		ck_assert_msg(got[i] == e, "%s: byte %zu is 0x%02x, want 0x%02x",
		    what, i, got[i], e);
	}
	free(got);
}

/* pread exactly N bytes at OFF of PATH into BUF. */
static void
read_at(const char *path, uint64_t off, void *buf, size_t n)
{
	int	fd = open(path, O_RDONLY);

	ck_assert_msg(fd != -1, "open %s: %s", path, strerror(errno));
	ck_assert_int_eq(pread(fd, buf, n, (off_t)off), (ssize_t)n);
	close(fd);
}

/* Map PATH (LEN bytes) shared, read-write. */
static unsigned char *
map_file(const char *path, size_t len)
{
	int		 fd = open(path, O_RDWR);
	unsigned char	*p;

	ck_assert_msg(fd != -1, "open %s: %s", path, strerror(errno));
	p = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ck_assert_msg(p != MAP_FAILED, "mmap: %s", strerror(errno));
	close(fd);
	return p;
}

/* True when PATH's file system is tmpfs or ramfs. */
static bool
on_tmpfs(const char *path)
{
	struct statfs	sf;

	return statfs(path, &sf) == 0 && (sf.f_type == TMPFS_MAGIC ||
	    sf.f_type == RAMFS_MAGIC);
}

/* ------------------------------------------------------------------------ */
/* poke: every value form.                                                  */

/* One typed value and the bytes it must become. */
struct typed_case {
	const char	*value;
	const char	*bytes;		/* compact hex */
};

static const struct typed_case typed_cases[] = {
	{ "u8:0", "00" },
	{ "u8:255", "ff" },
	{ "u8:0xab", "ab" },
	{ "i8:-1", "ff" },
	{ "i8:-128", "80" },
	{ "i8:127", "7f" },
	{ "u16:0x10", "1000" },			/* bare = little endian */
	{ "u16le:0x1234", "3412" },
	{ "u16be:0x1234", "1234" },
	{ "u16le:65535", "ffff" },
	{ "u16be:0", "0000" },
	{ "U16BE:0X10", "0010" },		/* any case */
	{ "i16le:-2", "feff" },
	{ "i16be:-2", "fffe" },
	{ "i16le:-32768", "0080" },
	{ "i16be:32767", "7fff" },
	{ "u32:1234", "d2040000" },
	{ "u32le:4294967295", "ffffffff" },
	{ "u32le:0xdeadbeef", "efbeadde" },
	{ "u32be:0xdeadbeef", "deadbeef" },
	{ "i32le:-1", "ffffffff" },
	{ "i32le:-2147483648", "00000080" },
	{ "i32be:-2147483648", "80000000" },
	{ "i32be:2147483647", "7fffffff" },
	{ "u64le:18446744073709551615", "ffffffffffffffff" },
	{ "u64le:0x0102030405060708", "0807060504030201" },
	{ "u64be:0x0102030405060708", "0102030405060708" },
	{ "i64le:-2", "feffffffffffffff" },
	{ "i64le:-9223372036854775808", "0000000000000080" },
	{ "i64be:-9223372036854775808", "8000000000000000" },
	{ "i64be:9223372036854775807", "7fffffffffffffff" },
	{ "f32le:2.5", "00002040" },
	{ "f32be:2.5", "40200000" },
	{ "f32be:-1.5", "bfc00000" },
	{ "f32le:3.4028234663852886e38", "ffff7f7f" },	/* FLT_MAX */
	{ "f32:1e-45", "01000000" },		/* smallest denormal */
	{ "f64le:2.5", "0000000000000440" },
	{ "f64be:2.5", "4004000000000000" },
	{ "f64be:-0.1", "bfb999999999999a" },
	{ "f64le:1.7976931348623157e308", "ffffffffffffef7f" },
	{ "f64be:0x1p-1074", "0000000000000001" },
};

/* A typed value at an aligned offset: its bytes, nothing else, no note. */
START_TEST(test_typed)
{
	const struct typed_case	*c = &typed_cases[_i];
	unsigned char		 want[8], *orig;
	size_t			 wantlen, origlen;
	char			*path = tu_pattern_file("typed", 64, 11);
	struct run		 r;

	wantlen = unhex(c->bytes, want, sizeof want);
	orig = tu_slurp(path, &origlen);
	r = run_lh("poke", path, "16", c->value, NULL);
	expect_quiet_ok(&r, c->value);
	expect_file(c->value, path, orig, origlen, 16, want, wantlen);
	run_free(&r);
	free(orig);
	free(path);
}
END_TEST

/* One hex or text form and the bytes it must become. */
struct bytes_case {
	const char	*name;
	const char	*args;		/* after "poke @F 8", '|'-separated */
	const char	*bytes;		/* compact hex */
};

static const struct bytes_case bytes_cases[] = {
	{ "hex spaced as separate args", "de|ad|be|ef", "deadbeef" },
	{ "hex joined", "deadbeef", "deadbeef" },
	{ "hex upper case", "DEADBEEF", "deadbeef" },
	{ "hex spaced in one arg", "de ad be ef", "deadbeef" },
	{ "hex colons", "de:ad:be:ef", "deadbeef" },
	{ "hex: prefix", "hex:deadbeef", "deadbeef" },
	{ "hex: prefix spaced", "hex:de ad,be:ef", "deadbeef" },
	{ "text plain", "text:hello", "68656c6c6f" },
	{ "text escapes", "text:A\\n\\t\\r\\0\\e\\\\\\\"\\'\\x7f\\xFFz",
	    "410a090d001b5c2227" "7fff7a" },
	{ "text with colon and spaces", "text:a: b", "613a2062" },
	/* The byte grammar's other spellings, as search and :set read them. */
	{ "hex dashes and commas", "de-ad,be ef", "deadbeef" },
	{ "hex said with a blank", "hex de ad", "dead" },
	{ "quoted text", "\"a b\\n\"", "6120620a" },
	{ "typed with a blank", "u16be 0x0102", "0102" },
	{ "multiple values concatenated",
	    "u8:1|de ad|text:xy|u16be:0x0102|hex:ff|i32le:-2|00",
	    "01dead78790102fffeffffff00" },
};

/* A hex or text value at offset 8: its bytes, nothing else. */
START_TEST(test_bytes)
{
	const struct bytes_case	*c = &bytes_cases[_i];
	unsigned char		 want[64], *orig;
	size_t			 wantlen, origlen;
	char			*path = tu_pattern_file("bytes", 64, 12);
	char			*args = xasprintf("poke|@F|8|%s", c->args);
	struct run		 r;

	wantlen = unhex(c->bytes, want, sizeof want);
	orig = tu_slurp(path, &origlen);
	r = run_args(false, args, path, NULL, NULL);
	expect_exit(&r, 0, c->name);
	ck_assert_msg(r.outlen == 0, "%s: stdout: %s", c->name, r.out);
	expect_file(c->name, path, orig, origlen, 8, want, wantlen);
	run_free(&r);
	free(args);
	free(orig);
	free(path);
}
END_TEST

/* A misaligned typed value is stored right, with a "not atomic" note. */
START_TEST(test_misaligned_note)
{
	static const unsigned char	 want[] = { 0x04, 0x03, 0x02, 0x01 };
	char				*path = tu_pattern_file("mis", 64, 13);
	unsigned char			*orig;
	size_t				 origlen;
	struct run			 r;

	orig = tu_slurp(path, &origlen);
	r = run_lh("poke", path, "5", "u32le:0x01020304", NULL);
	expect_exit(&r, 0, "misaligned");
	ck_assert_msg(strstr(r.err, "not atomic") != NULL &&
	    strstr(r.err, "offset 5") != NULL && strstr(r.err, "u32le"),
	    "want a note naming u32le, offset 5 and \"not atomic\": %s",
	    r.err);
	ck_assert_msg(strncmp(r.err, "livehex: ", 9) == 0, "%s", r.err);
	expect_file("misaligned", path, orig, origlen, 5, want, sizeof want);
	run_free(&r);
	free(orig);
	free(path);
}
END_TEST

/* A u8 at an odd offset is always atomic: no note. */
START_TEST(test_u8_odd_no_note)
{
	static const unsigned char	 want[] = { 0x7f };
	char				*path = tu_pattern_file("odd", 64, 14);
	unsigned char			*orig;
	size_t				 origlen;
	struct run			 r;

	orig = tu_slurp(path, &origlen);
	r = run_lh("poke", path, "7", "i8:127", NULL);
	expect_quiet_ok(&r, "u8 at 7");
	expect_file("u8 at 7", path, orig, origlen, 7, want, sizeof want);
	run_free(&r);
	free(orig);
	free(path);
}
END_TEST

/* The last byte of the file can be written; OFFSET takes 0x and suffixes. */
START_TEST(test_offset_forms)
{
	static const unsigned char	 a[] = { 0xaa }, b[] = { 0xbb, 0xcc };
	char				*path = tu_pattern_file("offs", 2048, 15);
	unsigned char			*orig;
	size_t				 origlen;
	struct run			 r;

	orig = tu_slurp(path, &origlen);
	r = run_lh("poke", path, "2047", "aa", NULL);
	expect_quiet_ok(&r, "last byte");
	expect_file("last byte", path, orig, origlen, 2047, a, 1);
	free(orig);
	run_free(&r);
	orig = tu_slurp(path, &origlen);
	r = run_lh("poke", path, "1K", "bbcc", NULL);
	expect_quiet_ok(&r, "1K");
	expect_file("1K", path, orig, origlen, 1024, b, 2);
	free(orig);
	run_free(&r);
	orig = tu_slurp(path, &origlen);
	r = run_lh("poke", path, "0x10", "aa", NULL);
	expect_quiet_ok(&r, "0x10");
	expect_file("0x10", path, orig, origlen, 16, a, 1);
	free(orig);
	run_free(&r);
	orig = tu_slurp(path, &origlen);
	r = run_lh("poke", path, "010", "aa", NULL);	/* decimal ten */
	expect_quiet_ok(&r, "010");
	expect_file("010", path, orig, origlen, 10, a, 1);
	free(orig);
	run_free(&r);
	free(path);
}
END_TEST

/* --sync on a regular file in the build directory: quiet success. */
START_TEST(test_sync_regular)
{
	static const unsigned char	 data[64];
	static const unsigned char	 want[] = { 0x12, 0x34, 0x56, 0x78 };
	char				 name[64];
	unsigned char			*got;
	size_t				 len;
	bool				 tmpfs;
	struct run			 r, r2;

	/* Not $TMPDIR, which may be tmpfs: the build directory. */
	snprintf(name, sizeof name, "check_poke-sync.%ld.tmp", (long)getpid());
	unlink(name);
	{
		int	fd = open(name, O_RDWR | O_CREAT | O_EXCL, 0600);

		ck_assert_msg(fd != -1, "create %s: %s", name, strerror(errno));
		ck_assert_int_eq(write(fd, data, sizeof data), sizeof data);
		close(fd);
	}
	r = run_lh("poke", "--sync", name, "32", "u32be:0x12345678", NULL);
	r2 = run_lh("poke", name, "0", "ff", "--sync", NULL);
	got = tu_slurp(name, &len);
	tmpfs = on_tmpfs(name);
	unlink(name);
	if (tmpfs) {
		/* The build directory itself is on tmpfs: the note is right. */
		expect_exit(&r, 0, "--sync");
		ck_assert_ptr_nonnull(strstr(r.err, "tmpfs"));
	} else
		expect_quiet_ok(&r, "--sync");
	/* --sync after the values works too (options anywhere). */
	expect_exit(&r2, 0, "--sync last");
	ck_assert_int_eq(len, sizeof data);
	ck_assert_msg(got[0] == 0xff && memcmp(got + 1, data, 31) == 0 &&
	    memcmp(got + 32, want, 4) == 0 &&
	    memcmp(got + 36, data, sizeof data - 36) == 0,
	    "--sync: file contents wrong");
	free(got);
	run_free(&r);
	run_free(&r2);
}
END_TEST

/* --sync on /dev/shm: stored, a note that nothing is durable, exit 0. */
START_TEST(test_sync_shm)
{
	static const unsigned char	 data[64];
	static const unsigned char	 want[] = { 0xca, 0xfe };
	char				 name[96];
	unsigned char			*got;
	size_t				 len;
	struct run			 r;
	int				 fd;

	if (!on_tmpfs("/dev/shm")) {
		fprintf(stderr, "# check_poke: /dev/shm is not tmpfs; "
		    "nothing to test\n");
		return;
	}
	snprintf(name, sizeof name, "/dev/shm/check_poke.%ld", (long)getpid());
	fd = open(name, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert_msg(fd != -1, "create %s: %s", name, strerror(errno));
	ck_assert_int_eq(write(fd, data, sizeof data), sizeof data);
	close(fd);
	r = run_lh("poke", "--sync", name, "2", "ca", "fe", NULL);
	got = tu_slurp(name, &len);
	unlink(name);
	expect_exit(&r, 0, "--sync on /dev/shm");
	ck_assert_msg(strstr(r.err, "note") != NULL &&
	    strstr(r.err, "tmpfs") != NULL && strstr(r.err, "durable") != NULL,
	    "want a note about tmpfs and durability: %s", r.err);
	ck_assert_msg(r.outlen == 0, "stdout: %s", r.out);
	ck_assert_msg(strchr(r.err, '\n') == r.err + strlen(r.err) - 1,
	    "want one line: %s", r.err);
	/* The bytes were stored all the same. */
	ck_assert_int_eq(len, sizeof data);
	ck_assert_msg(memcmp(got, data, 2) == 0 && memcmp(got + 2, want, 2) ==
	    0 && memcmp(got + 4, data, sizeof data - 4) == 0,
	    "/dev/shm: file contents wrong");
	free(got);
	run_free(&r);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* poke: errors, and nothing written.                                       */

/* A bad command line or file: the status, key words, nothing written. */
struct err_case {
	const char	*name;
	const char	*args;		/* '|'-separated, after "livehex" */
	int		 status;
	const char	*want[3];	/* each must appear on stderr */
	bool		 usage;		/* the usage line follows */
};

static const struct err_case err_cases[] = {
	{ "no arguments", "poke", 2, { "poke: no SOURCE" }, true },
	{ "no OFFSET", "poke|@F", 2, { "poke: no OFFSET" }, true },
	{ "no VALUE", "poke|@F|0", 2, { "poke: no VALUE" }, true },
	{ "unknown option", "poke|-x|@F|0|00", 2,
	    { "poke: unknown option -x" }, true },
	{ "unknown long option", "poke|--bogus|@F|0|00", 2,
	    { "unknown option --bogus" }, true },
	{ "SOURCE -", "poke|-|0|00", 2, { "standard input", "mapped" },
	    false },
	{ "bad OFFSET", "poke|@F|12q|00", 2, { "OFFSET", "\"12q\"",
	    "not a number" }, false },
	{ "signed OFFSET", "poke|@F|+4|00", 2, { "OFFSET", "\"+4\"" },
	    false },
	{ "unknown type", "poke|@F|0|u33:5", 2, { "value 1", "\"u33\"",
	    "unknown type" }, false },
	{ "type missing before colon", "poke|@F|0|:5", 2,
	    { "type is missing" }, false },
	{ "odd hex digits", "poke|@F|0|abc", 2, { "lone hex digit 'c' at "
	    "column 3", "a byte is two digits" }, false },
	{ "lone hex digit", "poke|@F|0|a bc", 2, { "lone hex digit 'a'" },
	    false },
	{ "not a hex digit", "poke|@F|0|zz", 2, { "'z'",
	    "not a hex digit" }, false },
	{ "empty hex:", "poke|@F|0|hex:", 2, { "hex bytes: none" }, false },
	{ "bad escape", "poke|@F|0|text:a\\qb", 2, { "unknown escape \\q" },
	    false },
	{ "short \\x escape", "poke|@F|0|text:\\x4", 2,
	    { "two hex digits" }, false },
	{ "lone backslash", "poke|@F|0|text:ab\\", 2, { "lone \\" }, false },
	{ "empty text:", "poke|@F|0|text:", 2, { "empty" }, false },
	{ "u8 too large", "poke|@F|0|u8:256", 2, { "\"256\"",
	    "does not fit in u8" }, false },
	{ "i8 too small", "poke|@F|0|i8:-129", 2, { "does not fit in i8" },
	    false },
	{ "i16 too large", "poke|@F|0|i16be:32768", 2,
	    { "does not fit in i16be" }, false },
	{ "u16 negative", "poke|@F|0|u16:-1", 2, { "cannot be negative" },
	    false },
	{ "u32 too large", "poke|@F|0|u32:4294967296", 2,
	    { "does not fit in u32le" }, false },
	{ "u64 too large", "poke|@F|0|u64:18446744073709551616", 2,
	    { "does not fit in u64le" }, false },
	{ "i64 too large", "poke|@F|0|i64:9223372036854775808", 2,
	    { "does not fit in i64le" }, false },
	{ "not a number", "poke|@F|0|u32:abc", 2, { "\"abc\"",
	    "not a number" }, false },
	{ "number missing", "poke|@F|0|u32:", 2, { "missing" }, false },
	{ "f32 too large", "poke|@F|0|f32:1e39", 2, { "too large" }, false },
	{ "f64 not a number", "poke|@F|0|f64be:2.5x", 2, { "not a number" },
	    false },
	{ "valid value then invalid one", "poke|@F|0|deadbeef|u8:300", 2,
	    { "value 2", "\"u8:300\"", "nothing was written" }, false },
	{ "invalid value after many valid", "poke|@F|8|u64:1|text:abc|ff|zz",
	    2, { "value 4", "not a hex digit" }, false },
	{ "offset at the end", "poke|@F|64|00", 1, { "offset 64",
	    "past the end", "size 64" }, false },
	{ "sequence runs past the end", "poke|@F|60|u32:1|00", 1,
	    { "5 bytes at offset 60", "past the end", "nothing was written" },
	    false },
	{ "value runs past the end", "poke|@F|57|u64be:1", 1,
	    { "offset 57", "past the end" }, false },
	{ "huge offset", "poke|@F|0xffffffffffffffff|00", 1,
	    { "past the end" }, false },
	{ "offset with suffix past the end", "poke|@F|1K|00", 1,
	    { "offset 1024", "past the end" }, false },
	{ "missing file", "poke|@M|0|00", 1, { "livehex: @M: ",
	    "no such file" }, false },
	{ "directory", "poke|@D|0|00", 1, { "livehex: @D: ", "directory" },
	    false },
	{ "bad value before a missing file", "poke|@M|0|zz", 2,
	    { "not a hex digit" }, false },
};

/* Replace @F / @M / @D in S by their paths; malloc'd. */
static char *
subst(const char *s, const char *f, const char *m, const char *d)
{
	char	*out = xmalloc(strlen(s) + 3 * (strlen(f) + strlen(m) +
		    strlen(d)) + 1);
	size_t	 o = 0;

	for (; *s != '\0'; s++) {
		const char	*r = NULL;

		if (s[0] == '@' && s[1] == 'F')
			r = f;
		else if (s[0] == '@' && s[1] == 'M')
			r = m;
		else if (s[0] == '@' && s[1] == 'D')
			r = d;
		if (r == NULL) {
			out[o++] = *s;
			continue;
		}
		memcpy(out + o, r, strlen(r));
		o += strlen(r);
		s++;
	}
	out[o] = '\0';
	return out;
}

/* Run one error case: its status, message, and the file untouched. */
static void
check_error(const struct err_case *c)
{
	char		*f = tu_pattern_file("victim", 64, 21);
	char		*m = tu_path("no-such-file"), *d = tu_path("a-dir");
	unsigned char	*orig;
	size_t		 origlen;
	struct run	 r;

	ck_assert(mkdir(d, 0700) == 0 || errno == EEXIST);
	orig = tu_slurp(f, &origlen);
	r = run_args(false, c->args, f, m, d);
	expect_exit(&r, c->status, c->name);
	ck_assert_msg(r.outlen == 0, "%s: stdout: %s", c->name, r.out);
	ck_assert_msg(strncmp(r.err, "livehex: ", 9) == 0,
	    "%s: stderr does not start with \"livehex: \": %s", c->name,
	    r.err);
	for (int k = 0; k < 3 && c->want[k] != NULL; k++) {
		char	*w = subst(c->want[k], f, m, d);

		ck_assert_msg(strstr(r.err, w) != NULL,
		    "%s: stderr lacks '%s':\n%s", c->name, w, r.err);
		free(w);
	}
	if (c->usage)
		ck_assert_msg(strstr(r.err, "\nusage: livehex ") != NULL,
		    "%s: no usage line:\n%s", c->name, r.err);
	else
		ck_assert_msg(strchr(r.err, '\n') == r.err + strlen(r.err) - 1,
		    "%s: want one line on stderr:\n%s", c->name, r.err);
	/* Nothing written: the whole file is what it was. */
	expect_file(c->name, f, orig, origlen, 0, NULL, 0);
	ck_assert_msg(access(m, F_OK) != 0, "%s: created %s", c->name, m);
	run_free(&r);
	free(orig);
	free(f);
	free(m);
	free(d);
}

/* One error case from the table. */
START_TEST(test_error)
{
	check_error(&err_cases[_i]);
}
END_TEST

/*
 * A file poke may not write: as root, the binary runs as nobody on a
 * root-owned 0644 file (root ignores modes); otherwise the file is 0444.
 * Exit 1, "read-only" with the door's reason, nothing written; peek still
 * reads it.
 */
START_TEST(test_readonly)
{
	char		*f = tu_pattern_file("ro", 64, 22), *dir;
	unsigned char	*orig, b[4];
	size_t		 origlen;
	bool		 root = geteuid() == 0;
	struct run	 r;
	char		 want[32];

	orig = tu_slurp(f, &origlen);
	if (root) {
		/* nobody must reach the file: open up the test directory. */
		dir = xstrdup(f);
		*strrchr(dir, '/') = '\0';
		ck_assert_int_eq(chmod(dir, 0755), 0);
		ck_assert_int_eq(chmod(f, 0644), 0);
		free(dir);
	} else
		ck_assert_int_eq(chmod(f, 0444), 0);
	r = run_args(root, "poke|@F|0|u32:1|deadbeef", f, "", "");
	expect_exit(&r, 1, "read-only");
	ck_assert_msg(strstr(r.err, "read-only") != NULL &&
	    strstr(r.err, "no write permission") != NULL &&
	    strstr(r.err, "nothing was written") != NULL,
	    "want read-only, the reason and nothing written: %s", r.err);
	expect_file("read-only", f, orig, origlen, 0, NULL, 0);
	run_free(&r);

	/* peek needs no write permission. */
	read_at(f, 4, b, 4);
	snprintf(want, sizeof want, "%02x %02x %02x %02x\n", b[0], b[1], b[2],
	    b[3]);
	r = run_args(root, "peek|@F|4|bytes:4", f, "", "");
	expect_exit(&r, 0, "peek read-only");
	ck_assert_str_eq(r.out, want);
	run_free(&r);
	free(orig);
	free(f);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* poke: live behaviour.                                                    */

/*
 * The counter child and the pokes wait on each other through the shared
 * file, so the overlap is certain by construction, never left to the
 * scheduler: the child starts counting before the first poke (the parent
 * waits to see the counter move), the parent waits for the counter to move
 * again after every poke, and tells the child to stop only after the last
 * one.  Layout of the first 128 bytes of the file: the counter at 0, the
 * poked bytes at 4..7, GO at 64, STOP at 68, the child's own count at 72.
 */
#define COUNTER_GO	64
#define COUNTER_STOP	68
#define COUNTER_DONE	72
/* Busy work between increments, so pokes land between the load and store. */
#define COUNT_PACE	60
/* How long the parent waits for the counter to move (a deadline, not a pace). */
#define COUNTER_WAIT_MS	60000

/*
 * Child: once GO is set, increment the u32 at P until STOP is set, then
 * store how many increments it made at COUNTER_DONE and exit 0.
 */
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
	uint64_t	 deadline = tu_now_ms() + COUNTER_WAIT_MS;

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
 * While a child increments a u32 counter at offset 0 through its own
 * mapping, poke stores into bytes 4..7 over and over (typed u32, u16 and u8
 * values and byte strings); not one increment may be lost.
 */
START_TEST(test_concurrent_counter)
{
	/* OFFSET, VALUE, and whether the poke count is appended to it. */
	static const struct {
		const char	*off, *value;
		bool		 num;
	}				 cmds[] = {
		{ "4", "u32le:", true }, { "4", "de ad be ef", false },
		{ "5", "u8:", true }, { "6", "text:ab", false },
		{ "7", "ff", false }, { "4", "u16:", true },
		{ "6", "u16be:", true }, { "4", "hex:01020304", false },
	};
	const unsigned	 npokes = 24;
	char		*path = tu_pattern_file("counter", 4096, 31);
	unsigned char	*p = map_file(path, 4096), last[4];
	uint32_t	 counter, counted;
	pid_t		 pid;
	int		 status = 0;
	struct run	 r;

	memset(p, 0, 128);
	pid = fork();
	ck_assert(pid != -1);
	if (pid == 0)
		counter_child(p);
	__atomic_store_n((uint32_t *)(void *)(p + COUNTER_GO), 1,
	    __ATOMIC_RELEASE);
	/* The child counts before the first poke starts ... */
	counter_wait_moved(p, 0, pid);
	for (unsigned i = 0; i < npokes; i++) {
		unsigned	 k = i % (sizeof cmds / sizeof cmds[0]);
		char		*v = cmds[k].num ? xasprintf("%s%u",
				    cmds[k].value, i & 0xff) :
				    xstrdup(cmds[k].value);
		uint32_t	 before;

		before = __atomic_load_n((uint32_t *)(void *)p,
		    __ATOMIC_RELAXED);
		r = run_lh("poke", path, cmds[k].off, v, NULL);
		expect_quiet_ok(&r, v);
		run_free(&r);
		free(v);
		/* ... and keeps counting between pokes ... */
		counter_wait_moved(p, before, pid);
	}
	/* ... until told to stop, after the last one. */
	__atomic_store_n((uint32_t *)(void *)(p + COUNTER_STOP), 1,
	    __ATOMIC_RELEASE);
	ck_assert(waitpid(pid, &status, 0) == pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "counter child: %s", status_str(status));
	counted = __atomic_load_n((uint32_t *)(void *)(p + COUNTER_DONE),
	    __ATOMIC_ACQUIRE);
	read_at(path, 0, &counter, 4);
	ck_assert_msg(counted > 0, "the child counted nothing");
	ck_assert_msg(counter == counted, "counter is %u, want %u: %u "
	    "updates lost during %u pokes", counter, counted,
	    counted - counter, npokes);
	/* And the last poke's bytes are there. */
	r = run_lh("poke", path, "4", "u32be:0xa1b2c3d4", NULL);
	expect_quiet_ok(&r, "final");
	run_free(&r);
	read_at(path, 4, last, 4);
	ck_assert(last[0] == 0xa1 && last[1] == 0xb2 && last[2] == 0xc3 &&
	    last[3] == 0xd4);
	munmap(p, 4096);
	free(path);
}
END_TEST

/* What single-stepping one poke saw at the target bytes. */
struct trace_seen {
	unsigned	steps;		/* instructions stepped after the mmap */
	unsigned	torn;		/* steps that showed a halfway value */
	bool		reached;	/* the new value appeared */
};

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

/* True when all WIDTH bytes at P equal B. */
static bool
trace_all(const unsigned char *p, unsigned width, unsigned char b)
{
	for (unsigned i = 0; i < width; i++)
		if (p[i] != b)
			return false;
	return true;
}

/*
 * Run `livehex poke PATH OFF VALUE` under ptrace: from syscall to syscall
 * until PATH is mapped, then one instruction at a time until the WIDTH
 * bytes at P (our own shared mapping of OFF) are all 0xff, starting from
 * all zero.  One store of that width goes from zero to 0xff.. in a single
 * step; byte stores show the halfway values in between.
 */
static struct trace_seen
trace_poke(const char *path, const char *off, const char *value,
    const unsigned char *p, unsigned width)
{
	struct trace_seen	 seen = { 0, 0, false };
	const char		*asan = getenv("ASAN_OPTIONS");
	char			*argv[] = { xstrdup(tu_livehex()),
				    xstrdup("poke"), xstrdup(path),
				    xstrdup(off), xstrdup(value), NULL };
	char			*env;
	bool			 mapped = false;
	int			 st, sig = 0;
	pid_t			 pid;

	/* LeakSanitizer cannot run under ptrace: off for the traced run. */
	env = xasprintf("%s%sdetect_leaks=0", asan != NULL ? asan : "",
	    asan != NULL && *asan != '\0' ? ":" : "");
	pid = fork();
	ck_assert(pid != -1);
	if (pid == 0) {
		int	null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		dup2(null, 2);
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
		if (!WIFSTOPPED(st))
			break;
		if (WSTOPSIG(st) != SIGTRAP && WSTOPSIG(st) != (SIGTRAP | 0x80)) {
			sig = WSTOPSIG(st);	/* not ours: deliver it */
			continue;
		}
		if (!mapped) {
			mapped = trace_mapped(pid, path);
			continue;
		}
		seen.steps++;
		if (trace_all(p, width, 0xff)) {
			seen.reached = true;
			break;
		}
		if (!trace_all(p, width, 0x00))
			seen.torn++;
		/* A few thousand instructions are expected; this is stuck. */
		ck_assert_msg(seen.steps < 2000000, "no store after %u steps",
		    seen.steps);
	}
	if (WIFSTOPPED(st)) {
		ck_assert(ptrace(PTRACE_DETACH, pid, NULL, NULL) != -1);
		ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	}
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "traced poke: %s",
	    status_str(st));
	for (int i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(env);
	return seen;
}

/* The store-width cases: VALUE at OFF, and whether it must be one store. */
struct tear_case {
	const char	*name;
	const char	*off;
	const char	*value;
	unsigned	 width;
	bool		 atomic;
};

static const struct tear_case tear_cases[] = {
	{ "aligned u16 is one store", "8", "u16:0xffff", 2, true },
	{ "aligned u32 is one store", "8", "u32be:0xffffffff", 4, true },
	{ "aligned i64 is one store", "8", "i64:-1", 8, true },
	/* The control: the same detector does see a byte-by-byte store. */
	{ "misaligned u32 shows halfway values (control)", "9",
	    "u32:0xffffffff", 4, false },
};

/*
 * An aligned typed value is stored with one instruction of its width (no
 * reader can see half of it); the misaligned control proves the detector
 * sees byte stores.
 */
START_TEST(test_store_width)
{
	const struct tear_case	*c = &tear_cases[_i];
	char			*path = tu_pattern_file("width", 4096, 32);
	unsigned char		*p = map_file(path, 4096);
	size_t			 at = strtoul(c->off, NULL, 10);
	struct trace_seen	 seen;

	memset(p, 0, 64);
	seen = trace_poke(path, c->off, c->value, p + at, c->width);
	fprintf(stderr, "# check_poke: %s: %u instructions stepped, %u showed "
	    "a halfway value\n", c->name, seen.steps, seen.torn);
	ck_assert_msg(seen.reached, "%s: the value never appeared (%u steps)",
	    c->name, seen.steps);
	if (c->atomic)
		ck_assert_msg(seen.torn == 0, "%s: %u steps showed a halfway "
		    "value: not one store", c->name, seen.torn);
	else
		ck_assert_msg(seen.torn > 0, "%s: no halfway value seen: the "
		    "detector is blind", c->name);
	munmap(p, 4096);
	free(path);
}
END_TEST

/* Drain inotify FD; OR of the masks seen. */
static uint32_t
inotify_masks(int fd)
{
	char		 buf[4096] __attribute__((aligned(8)));
	uint32_t	 mask = 0;
	ssize_t		 n;

	while ((n = read(fd, buf, sizeof buf)) > 0)
		for (char *q = buf; q < buf + n; ) {
			const struct inotify_event	*ev = (void *)q;

			mask |= ev->mask;
			q += sizeof *ev + ev->len;
		}
	return mask;
}

/*
 * peek opens read-only (no IN_CLOSE_WRITE, as a writer's close would
 * give); poke opens for writing (IN_CLOSE_WRITE): the watch can tell.
 */
START_TEST(test_open_modes)
{
	char		*path = tu_pattern_file("modes", 64, 33);
	int		 fd = inotify_init1(IN_NONBLOCK);
	uint32_t	 mask;
	struct run	 r;

	ck_assert(fd != -1);
	ck_assert(inotify_add_watch(fd, path, IN_CLOSE_WRITE |
	    IN_CLOSE_NOWRITE | IN_MODIFY) != -1);
	r = run_lh("peek", path, "0", "u32", NULL);
	expect_exit(&r, 0, "peek");
	run_free(&r);
	mask = inotify_masks(fd);
	ck_assert_msg(mask & IN_CLOSE_NOWRITE, "peek: no close seen (%#x)",
	    mask);
	ck_assert_msg(!(mask & IN_CLOSE_WRITE), "peek opened the file for "
	    "writing (%#x)", mask);
	r = run_lh("poke", path, "0", "00", NULL);
	expect_exit(&r, 0, "poke");
	run_free(&r);
	mask = inotify_masks(fd);
	ck_assert_msg(mask & IN_CLOSE_WRITE, "poke: no IN_CLOSE_WRITE (%#x)",
	    mask);
	close(fd);
	free(path);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* peek.                                                                    */

/* The peek fixture: 48 bytes with known contents. */
static const char peek_fixture[] =
    "ffffffffffffffff"		/*  0: all ones */
    "0102030405060708"		/*  8: counting */
    "8000000000000080"		/* 16: sign bits at both ends */
    "00002040"			/* 24: f32le 2.5 */
    "bfc00000"			/* 28: f32be -1.5 */
    "4004000000000000"		/* 32: f64be 2.5 */
    "9a9999999999b93f";		/* 40: f64le 0.1 */

/* One peek and what it prints (without the newline). */
struct peek_case {
	const char	*off;
	const char	*type;
	const char	*want;
};

static const struct peek_case peek_cases[] = {
	{ "0", "u8", "255" },
	{ "0", "i8", "-1" },
	{ "8", "u8", "1" },
	{ "16", "i8", "-128" },
	{ "0", "u16", "65535" },
	{ "0", "i16", "-1" },
	{ "8", "u16le", "513" },
	{ "8", "u16be", "258" },
	{ "16", "i16le", "128" },
	{ "16", "i16be", "-32768" },
	{ "0", "u32", "4294967295" },
	{ "0", "i32le", "-1" },
	{ "8", "u32le", "67305985" },
	{ "8", "u32be", "16909060" },
	{ "9", "u32be", "33752069" },		/* misaligned */
	{ "16", "i32be", "-2147483648" },
	{ "16", "i32le", "128" },
	{ "0", "u64", "18446744073709551615" },
	{ "0", "i64be", "-1" },
	{ "8", "u64le", "578437695752307201" },
	{ "8", "u64be", "72623859790382856" },
	{ "16", "i64le", "-9223372036854775680" },
	{ "24", "f32le", "2.5" },
	{ "24", "f32", "2.5" },
	{ "28", "f32be", "-1.5" },
	{ "32", "f64be", "2.5" },
	{ "40", "f64le", "0.10000000000000001" },
	{ "0x28", "F64LE", "0.10000000000000001" },
	{ "44", "u32be", "2576988479" },	/* the last 4 bytes */
	{ "47", "u8", "63" },			/* the last byte */
	{ "8", "bytes:8", "01 02 03 04 05 06 07 08" },
	{ "8", "bytes:1", "01" },
	{ "0", "bytes:0x30",
	    "ff ff ff ff ff ff ff ff 01 02 03 04 05 06 07 08 "
	    "80 00 00 00 00 00 00 80 00 00 20 40 bf c0 00 00 "
	    "40 04 00 00 00 00 00 00 9a 99 99 99 99 99 b9 3f" },
};

/* Make the peek fixture file; its path. */
static char *
peek_file(void)
{
	unsigned char	b[64];
	size_t		n = unhex(peek_fixture, b, sizeof b);

	ck_assert_int_eq(n, 48);
	return tu_file("peek", b, n);
}

/* One peek: exactly the value and a newline on stdout, nothing else. */
START_TEST(test_peek)
{
	const struct peek_case	*c = &peek_cases[_i];
	char			*path = peek_file(), *want;
	struct run		 r;

	r = run_lh("peek", path, c->off, c->type, NULL);
	expect_exit(&r, 0, c->type);
	want = xasprintf("%s\n", c->want);
	ck_assert_msg(strcmp(r.out, want) == 0, "peek %s %s: got \"%s\", "
	    "want \"%s\"", c->off, c->type, r.out, c->want);
	ck_assert_msg(r.err[0] == '\0', "stderr: %s", r.err);
	free(want);
	run_free(&r);
	free(path);
}
END_TEST

/* Every byte value through text:N: escaped, never a raw control byte. */
START_TEST(test_peek_text)
{
	static const unsigned char	 data[] = "Hi\n\t\r\\ \"'~\x01\x1b\x7f"
	    "\x80\xff" "ok\0!";
	static const char		 want[] = "Hi\\n\\t\\r\\\\ \"'~\\x01\\e"
	    "\\x7f\\x80\\xffok\\0!\n";
	char				*path, *num;
	struct run			 r;

	path = tu_file("text", data, sizeof data - 1);
	num = xasprintf("text:%zu", sizeof data - 1);
	r = run_lh("peek", path, "0", num, NULL);
	expect_exit(&r, 0, "text");
	ck_assert_str_eq(r.out, want);
	run_free(&r);
	free(num);
	free(path);
}
END_TEST

/* All 256 byte values: text:N output is printable ASCII and round-trips. */
START_TEST(test_peek_text_roundtrip)
{
	unsigned char	 all[256], zeros[512] = { 0 }, *back;
	char		*src, *dst, *arg;
	size_t		 len;
	struct run	 r;

	for (int i = 0; i < 256; i++)
		all[i] = (unsigned char)i;
	src = tu_file("all", all, sizeof all);
	dst = tu_file("back", zeros, sizeof zeros);
	r = run_lh("peek", src, "0", "text:256", NULL);
	expect_exit(&r, 0, "text:256");
	ck_assert(r.outlen > 0 && r.out[r.outlen - 1] == '\n');
	for (size_t i = 0; i + 1 < r.outlen; i++)
		ck_assert_msg(r.out[i] >= 0x20 && r.out[i] < 0x7f,
		    "raw byte 0x%02x at %zu", (unsigned char)r.out[i], i);
	r.out[r.outlen - 1] = '\0';
	arg = xasprintf("text:%s", r.out);
	run_free(&r);
	r = run_lh("poke", dst, "100", arg, NULL);
	expect_quiet_ok(&r, "poke the peeked text back");
	back = tu_slurp(dst, &len);
	ck_assert_int_eq(len, sizeof zeros);
	ck_assert_msg(memcmp(back + 100, all, sizeof all) == 0,
	    "round trip differs");
	run_free(&r);
	free(back);
	free(arg);
	free(src);
	free(dst);
}
END_TEST

static const struct err_case peek_err_cases[] = {
	{ "peek u32 past the end", "peek|@F|45|u32", 1, { "offset 45",
	    "past the end", "size 48" }, false },
	{ "peek u8 at the end", "peek|@F|48|u8", 1, { "past the end" },
	    false },
	{ "peek bytes past the end", "peek|@F|40|bytes:9", 1,
	    { "9 bytes at offset 40", "past the end" }, false },
	{ "peek text past the end", "peek|@F|0|text:49", 1,
	    { "past the end" }, false },
	{ "peek huge offset", "peek|@F|0xffffffffffffffff|u64", 1,
	    { "past the end" }, false },
	{ "peek unknown type", "peek|@F|0|x32", 2, { "\"x32\"",
	    "unknown type" }, false },
	{ "peek u24", "peek|@F|0|u24", 2, { "unknown type" }, false },
	{ "peek empty type", "peek|@F|0|", 2, { "TYPE is empty" }, false },
	{ "peek bytes:0", "peek|@F|0|bytes:0", 2, { "bytes:0",
	    "greater than zero" }, false },
	{ "peek bytes:x", "peek|@F|0|bytes:x", 2, { "not a number" },
	    false },
	{ "peek text:-1", "peek|@F|0|text:-1", 2, { "text:-1" }, false },
	{ "peek bad OFFSET", "peek|@F|4x|u8", 2, { "OFFSET", "\"4x\"" },
	    false },
	{ "peek SOURCE -", "peek|-|0|u8", 2, { "standard input" }, false },
	{ "peek no SOURCE", "peek", 2, { "peek: no SOURCE" }, true },
	{ "peek no OFFSET", "peek|@F", 2, { "peek: no OFFSET" }, true },
	{ "peek no TYPE", "peek|@F|0", 2, { "peek: no TYPE" }, true },
	{ "peek extra argument", "peek|@F|0|u8|u16", 2,
	    { "unexpected argument \"u16\"" }, true },
	{ "peek unknown option", "peek|-q|@F|0|u8", 2,
	    { "peek: unknown option -q" }, true },
	{ "peek missing file", "peek|@M|0|u8", 1, { "livehex: @M: ",
	    "no such file" }, false },
	{ "peek directory", "peek|@D|0|u8", 1, { "directory" }, false },
};

/* One peek error: status, message, nothing on stdout. */
START_TEST(test_peek_error)
{
	const struct err_case	*c = &peek_err_cases[_i];
	char			*f = peek_file(), *m = tu_path("no-such-file");
	char			*d = tu_path("a-dir");
	struct run		 r;

	ck_assert(mkdir(d, 0700) == 0 || errno == EEXIST);
	r = run_args(false, c->args, f, m, d);
	expect_exit(&r, c->status, c->name);
	ck_assert_msg(r.outlen == 0, "%s: stdout: %s", c->name, r.out);
	ck_assert_msg(strncmp(r.err, "livehex: ", 9) == 0, "%s: %s", c->name,
	    r.err);
	for (int k = 0; k < 3 && c->want[k] != NULL; k++) {
		char	*w = subst(c->want[k], f, m, d);

		ck_assert_msg(strstr(r.err, w) != NULL,
		    "%s: stderr lacks '%s':\n%s", c->name, w, r.err);
		free(w);
	}
	if (c->usage)
		ck_assert_msg(strstr(r.err, "\nusage: livehex peek") != NULL,
		    "%s: no usage line:\n%s", c->name, r.err);
	else
		ck_assert_msg(strchr(r.err, '\n') == r.err + strlen(r.err) - 1,
		    "%s: want one line on stderr:\n%s", c->name, r.err);
	run_free(&r);
	free(f);
	free(m);
	free(d);
}
END_TEST

/* Print why a full-disk test cannot run here; true when it can. */
static bool
full_disk_ok(const char *path, const char *why, const char *test)
{
	if (path == NULL)
		fprintf(stderr, "# SKIP %s: %s\n", test, why);
	return path != NULL;
}

/*
 * A store that runs into a hole on a full file system stops part-way:
 * poke says how many bytes went in (the door's count, not a guess) and
 * exits 1; the file holds exactly those bytes.
 */
START_TEST(test_full_disk_part_store)
{
	const char	*why = NULL;
	char		*path = tu_sparse_on_tmpfs("pfull", 64 << 10, 16384, 1,
			    &why);
	unsigned char	 got[8];
	struct run	 r;
	char		*want;
	int		 fd;

	if (!full_disk_ok(path, why, "test_full_disk_part_store"))
		return;
	r = run_lh("poke", path, "0xffa", "41", "4243444546474849", NULL);
	expect_exit(&r, 1, "poke into a hole on a full disk");
	want = xasprintf("livehex: %s: value 2 \"4243444546474849\": stored "
	    "5 of 8 bytes at 0xffb, then the file system refused the rest (no "
	    "space); 6 of 9 bytes were written in all\n", path);
	ck_assert_str_eq(r.err, want);
	free(want);
	run_free(&r);
	fd = open(path, O_RDONLY);
	ck_assert_int_eq(pread(fd, got, 8, 0xffa), 8);
	close(fd);
	ck_assert_mem_eq(got, "ABCDEF\0\0", 8);
	free(path);
}
END_TEST

/* A typed value: aligned is all or nothing; misaligned is called torn. */
START_TEST(test_full_disk_typed)
{
	const char	*why = NULL;
	char		*path = tu_sparse_on_tmpfs("pfullt", 64 << 10, 16384, 1,
			    &why);
	unsigned char	 got[4];
	struct run	 r;
	int		 fd;

	if (!full_disk_ok(path, why, "test_full_disk_typed"))
		return;
	r = run_lh("poke", path, "0x2000", "u32le:0x12345678", NULL);
	expect_exit(&r, 1, "aligned u32 into a hole on a full disk");
	ck_assert_msg(strstr(r.err, "nothing was stored at 0x2000: the file "
	    "system refused it (no space); 0 of 4 bytes were written in all")
	    != NULL, "%s", r.err);
	ck_assert_msg(strstr(r.err, "torn") == NULL, "%s", r.err);
	run_free(&r);
	r = run_lh("poke", path, "0xffe", "u32le:0x12345678", NULL);
	expect_exit(&r, 1, "misaligned u32 across into a hole");
	ck_assert_msg(strstr(r.err, "stored 2 of 4 bytes at 0xffe, then the "
	    "file system refused the rest (no space); 2 of 4 bytes were "
	    "written in all") != NULL, "%s", r.err);
	ck_assert_msg(strstr(r.err, "the u32le value at offset 4094 (0xffe) "
	    "is torn: its bytes are now 78 56 00 00 (meant 78 56 34 12)") !=
	    NULL, "%s", r.err);
	run_free(&r);
	fd = open(path, O_RDONLY);
	ck_assert_int_eq(pread(fd, got, 4, 0xffe), 4);
	close(fd);
	ck_assert_mem_eq(got, "\x78\x56\0\0", 4);
	free(path);
}
END_TEST

/* peek of a hole on a full disk: zeros, and nothing allocated. */
START_TEST(test_full_disk_peek_hole)
{
	const char	*why = NULL;
	char		*path = tu_sparse_on_tmpfs("pfullp", 64 << 10, 16384, 1,
			    &why);
	long long	 blocks;
	struct run	 r;

	if (!full_disk_ok(path, why, "test_full_disk_peek_hole"))
		return;
	blocks = tu_blocks(path);
	r = run_lh("peek", path, "0x3000", "u32", NULL);
	expect_exit(&r, 0, "peek a hole on a full disk");
	ck_assert_str_eq(r.out, "0\n");
	ck_assert_str_eq(r.err, "");
	run_free(&r);
	r = run_lh("peek", path, "0x1ff0", "bytes:32", NULL);
	expect_exit(&r, 0, "peek across holes on a full disk");
	run_free(&r);
	ck_assert_int_eq(tu_blocks(path), blocks);
	free(path);
}
END_TEST

/* peek never allocates: a sparse file on a roomy tmpfs stays sparse. */
START_TEST(test_peek_never_allocates)
{
	const char	*why = NULL;
	char		*path = tu_sparse_on_tmpfs("ppeek", 1 << 20, 4 << 20, 0,
			    &why);
	struct run	 r;

	if (!full_disk_ok(path, why, "test_peek_never_allocates"))
		return;
	ck_assert_int_eq(tu_blocks(path), 8);
	r = run_lh("peek", path, "0x300000", "u64", NULL);
	expect_exit(&r, 0, "peek a hole");
	ck_assert_str_eq(r.out, "0\n");
	run_free(&r);
	r = run_lh("peek", path, "0", "bytes:65536", NULL);
	expect_exit(&r, 0, "peek 64 KiB of holes");
	run_free(&r);
	ck_assert_int_eq(tu_blocks(path), 8);
	free(path);
}
END_TEST

/* -h and --help print the usage on stdout and succeed; so does main's. */
START_TEST(test_help)
{
	static const char *const	 cmds[] = { "poke", "peek" };
	static const char *const	 opts[] = { "-h", "--help" };
	struct run			 r;

	for (int i = 0; i < 2; i++)
		for (int j = 0; j < 2; j++) {
			char	*want = xasprintf("usage: livehex %s ",
				    cmds[i]);

			r = run_lh(cmds[i], opts[j], NULL);
			expect_exit(&r, 0, opts[j]);
			ck_assert_msg(strncmp(r.out, want, strlen(want)) == 0,
			    "%s %s: %s", cmds[i], opts[j], r.out);
			ck_assert_str_eq(r.err, "");
			free(want);
			run_free(&r);
		}
	r = run_lh("--help", NULL);
	expect_exit(&r, 0, "--help");
	ck_assert_msg(strstr(r.out, "livehex poke [--sync] [--force-write] "
	    "SOURCE OFFSET VALUE...") != NULL && strstr(r.out, "livehex peek SOURCE OFFSET "
	    "TYPE") != NULL, "main usage lacks poke/peek:\n%s", r.out);
	run_free(&r);
}
END_TEST

/* The comma-decimal locale, its LOCPATH, or NULL and why not. */
static const char	*comma_locale, *comma_locpath, *comma_why;

/*
 * Under LC_ALL=de_DE.UTF-8 (a ',' decimal point) poke still takes
 * f64:2.5, refuses f64:2,5 with nothing written, and peek prints 2.5.
 */
START_TEST(test_comma_locale)
{
	static const unsigned char	 want[8] = { 0, 0, 0, 0, 0, 0, 0x04,
					    0x40 };	/* 2.5, little endian */
	unsigned char			 zero[16] = { 0 }, got[16];
	struct run			 r;
	char				*f;

	if (comma_locale == NULL) {
		fprintf(stderr, "# SKIP comma locale: %s\n", comma_why);
		return;
	}
	setenv("LC_ALL", comma_locale, 1);
	if (comma_locpath != NULL) {
		const char	*asan = getenv("ASAN_OPTIONS");
		char		*opts = xasprintf("%s%sdetect_leaks=0",
				    asan != NULL ? asan : "",
				    asan != NULL && *asan != '\0' ? ":" : "");

		/*
		 * A generated locale needs LOCPATH, and with it glibc's
		 * setlocale leaks its path list: not livehex's leak, so
		 * LSan is told to look away for these runs only.
		 */
		setenv("LOCPATH", comma_locpath, 1);
		setenv("ASAN_OPTIONS", opts, 1);
		free(opts);
	}
	f = tu_file("comma.bin", zero, sizeof zero);
	r = run_lh("poke", f, "0", "f64:2,5", NULL);
	expect_exit(&r, 2, "poke f64:2,5");
	ck_assert_ptr_nonnull(strstr(r.err, "not a number"));
	run_free(&r);
	expect_file("poke f64:2,5", f, zero, sizeof zero, 0, NULL, 0);

	r = run_lh("poke", f, "8", "f64:2.5", NULL);
	expect_quiet_ok(&r, "poke f64:2.5");
	run_free(&r);
	read_at(f, 8, got, 8);
	ck_assert_mem_eq(got, want, 8);

	r = run_lh("peek", f, "8", "f64", NULL);
	expect_exit(&r, 0, "peek f64");
	ck_assert_str_eq(r.out, "2.5\n");
	run_free(&r);
	r = run_lh("poke", f, "0", "f32be:-0.75", NULL);
	expect_quiet_ok(&r, "poke f32be:-0.75");
	run_free(&r);
	r = run_lh("peek", f, "0", "f32be", NULL);
	expect_exit(&r, 0, "peek f32be");
	ck_assert_str_eq(r.out, "-0.75\n");
	run_free(&r);
	free(f);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The suite.                                                               */

/* Test case names built at run time, freed after the run. */
static char	*tc_names[256];
static int	 tc_nnames;

/* A test case named PREFIX + ARG; the name is kept for freeing. */
static TCase *
tc_named(const char *prefix, const char *arg)
{
	char	*name = xasprintf("%s%s", prefix, arg);

	/* Not inside a test: no ck_assert here. */
	if (tc_nnames == (int)(sizeof tc_names / sizeof tc_names[0])) {
		fprintf(stderr, "check_poke: too many test cases\n");
		exit(EXIT_FAILURE);
	}
	tc_names[tc_nnames++] = name;
	return timeout_tcase(name, TIMEOUT_TOOL);
}

/* Add test case TC running FN for loop index I; TIMEOUT > 0 replaces its budget. */
static void
add_case(Suite *s, TCase *tc, const TTest *fn, int i, int timeout)
{
	if (timeout > 0)
		tcase_set_timeout(tc, timeout);
	tcase_add_loop_test(tc, fn, i, i + 1);
	suite_add_tcase(s, tc);
}

#define NELEM(a)	((int)(sizeof (a) / sizeof (a)[0]))

/* The suite: one test case per behaviour (and per table row). */
static Suite *
poke_suite(void)
{
	Suite	*s = suite_create("poke");

	for (int i = 0; i < NELEM(typed_cases); i++)
		add_case(s, tc_named("poke ", typed_cases[i].value),
		    test_typed, i, 0);
	for (int i = 0; i < NELEM(bytes_cases); i++)
		add_case(s, tc_named("poke ", bytes_cases[i].name),
		    test_bytes, i, 0);
	add_case(s, timeout_tcase("poke misaligned typed value: note", TIMEOUT_TOOL),
	    test_misaligned_note, 0, 0);
	add_case(s, timeout_tcase("poke u8 at an odd offset: no note", TIMEOUT_TOOL),
	    test_u8_odd_no_note, 0, 0);
	add_case(s, timeout_tcase("poke OFFSET forms and the last byte", TIMEOUT_TOOL),
	    test_offset_forms, 0, 0);
	add_case(s, timeout_tcase("poke --sync on a regular file", TIMEOUT_TOOL),
	    test_sync_regular, 0, 0);
	add_case(s, timeout_tcase("poke --sync on /dev/shm: note, exit 0", TIMEOUT_TOOL),
	    test_sync_shm, 0, 0);
	for (int i = 0; i < NELEM(err_cases); i++)
		add_case(s, tc_named("poke error: ", err_cases[i].name),
		    test_error, i, 0);
	add_case(s, timeout_tcase("poke read-only file: nothing written", TIMEOUT_TOOL),
	    test_readonly, 0, 0);
	add_case(s, timeout_tcase("poke next to a live counter loses no "
	    "update", TIMEOUT_TOOL), test_concurrent_counter, 0, 0);
	for (int i = 0; i < NELEM(tear_cases); i++)
		add_case(s, tc_named("poke store width: ", tear_cases[i].name),
		    test_store_width, i, TIMEOUT_LONG);
	add_case(s, timeout_tcase("peek opens read-only, poke read-write", TIMEOUT_TOOL),
	    test_open_modes, 0, 0);
	for (int i = 0; i < NELEM(peek_cases); i++) {
		char	*arg = xasprintf("%s %s", peek_cases[i].off,
			    peek_cases[i].type);

		add_case(s, tc_named("peek ", arg), test_peek, i, 0);
		free(arg);
	}
	add_case(s, timeout_tcase("peek text:N escapes", TIMEOUT_TOOL), test_peek_text, 0,
	    0);
	add_case(s, timeout_tcase("peek text:N of all bytes is printable and "
	    "round-trips through poke", TIMEOUT_TOOL), test_peek_text_roundtrip, 0, 0);
	for (int i = 0; i < NELEM(peek_err_cases); i++)
		add_case(s, tc_named("", peek_err_cases[i].name),
		    test_peek_error, i, 0);
	add_case(s, timeout_tcase("help", TIMEOUT_TOOL), test_help, 0, 0);
	add_case(s, timeout_tcase("poke into a hole on a full disk: says "
	    "what was stored", TIMEOUT_TOOL), test_full_disk_part_store, 0, 0);
	add_case(s, timeout_tcase("poke a typed value on a full disk: all or "
	    "nothing, or torn", TIMEOUT_TOOL), test_full_disk_typed, 0, 0);
	add_case(s, timeout_tcase("peek a hole on a full disk: zeros",
	    TIMEOUT_TOOL), test_full_disk_peek_hole, 0, 0);
	add_case(s, timeout_tcase("peek never allocates", TIMEOUT_TOOL),
	    test_peek_never_allocates, 0, 0);
	add_case(s, timeout_tcase("poke and peek floats under a comma-decimal "
	    "locale", TIMEOUT_TOOL), test_comma_locale, 0, 0);
	return s;
}

/*
 * Run in fork mode.  `check_poke --as-nobody PROGRAM ARGS...` is the
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
			fprintf(stderr, "check_poke: cannot become nobody: %s\n",
			    strerror(errno));
			return 126;
		}
		execv(argv[2], argv + 2);
		fprintf(stderr, "check_poke: %s: %s\n", argv[2],
		    strerror(errno));
		return 127;
	}
	n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
	if (n <= 0) {
		fprintf(stderr, "check_poke: /proc/self/exe: %s\n",
		    strerror(errno));
		return EXIT_FAILURE;
	}
	self_exe[n] = '\0';
	comma_locale = tu_comma_locale(&comma_locpath, &comma_why);
	sr = srunner_create(poke_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	while (tc_nnames > 0)
		free(tc_names[--tc_nnames]);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
