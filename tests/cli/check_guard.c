/* SPDX-License-Identifier: ISC */
/*
 * check_guard.c - what livehex refuses to open, write or print, run as the
 * real binary (issue 10, items 4, 6, 7, 8 and 9).
 *
 *  - shm:NAME never follows a symbolic link (glibc's shm_open opens with
 *    O_NOFOLLOW), and `livehex list` never lists one.  A private directory
 *    stands for /dev/shm through LIVEHEX_SHM_DIR.
 *  - pid:PID opens a mapping with the access its process has: a child
 *    that maps a file r--s (read-only, shared) gets it opened read-only,
 *    `list --pid` says read-only, and poke writes nothing.
 *  - --layout reads only a regular file: a FIFO or a terminal is "not a
 *    regular file" at once.  These runs have a deadline: the bug was a
 *    hang, and a hang must fail the test, not the suite's timeout.
 *  - demo --writer refuses a file that already holds bytes unless
 *    --force.
 *  - a name or a value holding a newline and a backslash is shown as \n
 *    and \\ in every message: no second line can be forged.
 *
 * The viewer's side of these (its status line, :layout) is checked in
 * tests/e2e/check_guard_tty.c.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/* Generous deadline for one run: sanitizer builds on 2 busy cores. */
#define GUARD_DEADLINE_MS	20000

/* A name that would forge a second message line if printed raw. */
#define NL_NAME		"a\nlivehex: forged\\x"
/* The same name as every message must show it. */
#define NL_SHOWN	"a\\nlivehex: forged\\\\x"

/* One finished (or killed) run of the binary. */
struct run {
	int	 status;	/* wait(2) status */
	bool	 hung;		/* killed at the deadline */
	char	*out;		/* stdout, NUL-terminated */
	char	*err;		/* stderr, NUL-terminated */
};

/* Append what FD has to *BUF; false at EOF or error. */
static bool
drain(int fd, char **buf, size_t *len)
{
	char	chunk[4096];
	ssize_t	n = read(fd, chunk, sizeof chunk);

	if (n == -1 && errno == EINTR)
		return true;
	if (n <= 0)
		return false;
	*buf = xrealloc(*buf, *len + (size_t)n + 1);
	memcpy(*buf + *len, chunk, (size_t)n);
	*len += (size_t)n;
	(*buf)[*len] = '\0';
	return true;
}

/*
 * Run livehex with ARGS (NULL-terminated), stdin from /dev/null, and kill
 * it if it has not finished within GUARD_DEADLINE_MS (r.hung).
 */
static struct run
run_v(const char *const *args)
{
	char		*argv[16];
	int		 op[2], ep[2], n = 0, open_fds = 2;
	size_t		 ol = 0, el = 0;
	struct pollfd	 pfd[2];
	uint64_t	 end = tu_now_ms() + GUARD_DEADLINE_MS;
	struct run	 r;
	pid_t		 pid;

	memset(&r, 0, sizeof r);
	argv[n++] = xstrdup(tu_livehex());
	for (; *args != NULL && n < 15; args++)
		argv[n++] = xstrdup(*args);
	argv[n] = NULL;
	ck_assert(pipe(op) == 0 && pipe(ep) == 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		int	in = open("/dev/null", O_RDONLY);

		dup2(in, 0);
		dup2(op[1], 1);
		dup2(ep[1], 2);
		close(op[0]); close(ep[0]); close(op[1]); close(ep[1]);
		execv(argv[0], argv);
		_exit(127);
	}
	close(op[1]);
	close(ep[1]);
	pfd[0].fd = op[0];
	pfd[1].fd = ep[0];
	pfd[0].events = pfd[1].events = POLLIN;
	while (open_fds > 0) {
		uint64_t	now = tu_now_ms();

		if (now >= end) {
			r.hung = true;
			kill(pid, SIGKILL);
			break;
		}
		if (poll(pfd, 2, (int)(end - now)) == -1) {
			ck_assert_int_eq(errno, EINTR);
			continue;
		}
		if (pfd[0].revents && !drain(op[0], &r.out, &ol)) {
			pfd[0].fd = -1;
			open_fds--;
		}
		if (pfd[1].revents && !drain(ep[0], &r.err, &el)) {
			pfd[1].fd = -1;
			open_fds--;
		}
	}
	close(op[0]);
	close(ep[0]);
	while (n > 0)
		free(argv[--n]);
	while (waitpid(pid, &r.status, 0) == -1)
		ck_assert_int_eq(errno, EINTR);
	if (r.out == NULL)
		r.out = xstrdup("");
	if (r.err == NULL)
		r.err = xstrdup("");
	return r;
}

/* run_v with the arguments inline. */
#define RUN(...)	run_v((const char *const []){ __VA_ARGS__, NULL })

/* Free a run's buffers. */
static void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Fail unless R finished in time with exit status CODE. */
static void
expect_exit(const struct run *r, int code, const char *what)
{
	ck_assert_msg(!r->hung, "%s: still running after %d ms (hung)\n"
	    "stderr: %s", what, GUARD_DEADLINE_MS, r->err);
	ck_assert_msg(WIFEXITED(r->status) && WEXITSTATUS(r->status) == code,
	    "%s: status %#x, want exit %d\nstdout: %s\nstderr: %s", what,
	    r->status, code, r->out, r->err);
}

/* Fail unless NEEDLE is in HAY. */
static void
expect_has(const char *hay, const char *needle, const char *what)
{
	ck_assert_msg(strstr(hay, needle) != NULL, "%s: no '%s' in:\n%s",
	    what, needle, hay);
}

/* Fail unless PATH holds exactly LEN bytes equal to WANT. */
static void
expect_file(const char *path, const void *want, size_t len)
{
	unsigned char	*got;
	size_t		 glen;

	got = tu_slurp(path, &glen);
	ck_assert_msg(glen == len && memcmp(got, want, len) == 0,
	    "%s changed (%zu bytes, want %zu)", path, glen, len);
	free(got);
}

/* ------------------------------------------------------------------------ */
/* 4: shm:NAME never follows a symbolic link.                               */

START_TEST(shm_link_is_never_followed)
{
	static const char	 secret[] = "TARGET-BYTES";
	char			*dir = tu_path("shmdir"), *obj, *link, *target;
	struct run		 r;

	ck_assert(mkdir(dir, 0700) == 0 || errno == EEXIST);
	target = tu_file("outside", secret, sizeof secret - 1);
	obj = xasprintf("%s/obj", dir);
	link = xasprintf("%s/link", dir);
	free(tu_file("shmdir/obj", "abcd", 4));
	ck_assert_int_eq(symlink(target, link), 0);
	ck_assert_int_eq(setenv("LIVEHEX_SHM_DIR", dir, 1), 0);

	/* What list shows: the object, never the link. */
	r = RUN("list");
	expect_exit(&r, 0, "list");
	expect_has(r.out, "shm:obj", "list");
	ck_assert_msg(strstr(r.out, "shm:link") == NULL, "list shows the "
	    "link:\n%s", r.out);
	run_free(&r);

	/* What opens agrees: the object opens ... */
	r = RUN("peek", "shm:obj", "0", "text:4");
	expect_exit(&r, 0, "peek shm:obj");
	ck_assert_str_eq(r.out, "abcd\n");
	run_free(&r);

	/* ... the link does not, for reading or writing. */
	r = RUN("dump", "shm:link");
	expect_exit(&r, 1, "dump shm:link");
	ck_assert_str_eq(r.err, "livehex: shm:link: is a symbolic link; "
	    "shm:NAME never follows one (as shm_open(3))\n");
	ck_assert_str_eq(r.out, "");
	run_free(&r);
	r = RUN("peek", "shm:link", "0", "u8");
	expect_exit(&r, 1, "peek shm:link");
	expect_has(r.err, "is a symbolic link", "peek shm:link");
	ck_assert_str_eq(r.out, "");
	run_free(&r);
	r = RUN("poke", "shm:link", "0", "41");
	expect_exit(&r, 1, "poke shm:link");
	expect_has(r.err, "is a symbolic link", "poke shm:link");
	run_free(&r);
	r = RUN("watch", "--count", "1", "shm:link");
	expect_exit(&r, 1, "watch shm:link");
	expect_has(r.err, "is a symbolic link", "watch shm:link");
	run_free(&r);
	expect_file(target, secret, sizeof secret - 1);
	expect_file(obj, "abcd", 4);

	unsetenv("LIVEHEX_SHM_DIR");
	unlink(link);
	free(link);
	free(obj);
	free(target);
	free(dir);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 6: pid:PID opens a mapping with the access the process has.              */

/* A child that maps PATH read-only shared (and also RW when BOTH). */
struct mapper {
	pid_t	pid;
	int	hold;		/* closing it ends the child */
};

/* Start a child mapping PATH r--s (plus rw-s when BOTH); it dies with us. */
static struct mapper
mapper_start(const char *path, bool both)
{
	struct mapper	m;
	int		ready[2], hold[2];
	char		c;
	pid_t		parent = getpid();

	ck_assert(pipe(ready) == 0 && pipe(hold) == 0);
	m.pid = fork();
	ck_assert_int_ne(m.pid, -1);
	if (m.pid == 0) {
		int	fd;

		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		close(ready[0]);
		close(hold[1]);
		fd = open(path, O_RDONLY);
		if (fd == -1 || mmap(NULL, 4096, PROT_READ, MAP_SHARED, fd,
		    0) == MAP_FAILED)
			_exit(2);
		close(fd);
		if (both && ((fd = open(path, O_RDWR)) == -1 ||
		    mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd,
		    0) == MAP_FAILED))
			_exit(3);
		if (write(ready[1], "r", 1) != 1)
			_exit(4);
		/* Hold the mappings until the test closes its end. */
		while (read(hold[0], &c, 1) == -1 && errno == EINTR)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	ck_assert_msg(read(ready[0], &c, 1) == 1, "the mapper failed");
	close(ready[0]);
	m.hold = hold[1];
	return m;
}

/* Stop the mapper and reap it. */
static void
mapper_stop(struct mapper *m)
{
	close(m->hold);
	waitpid(m->pid, NULL, 0);
}

/* The line of TEXT that holds NEEDLE (malloc'd); fails if none. */
static char *
line_with(const char *text, const char *needle)
{
	const char	*at = strstr(text, needle), *b, *e;

	ck_assert_msg(at != NULL, "no line with '%s' in:\n%s", needle, text);
	for (b = at; b > text && b[-1] != '\n'; b--)
		;
	e = strchr(at, '\n');
	return xasprintf("%.*s", (int)(e != NULL ? e - b : (long)strlen(b)),
	    b);
}

START_TEST(pid_readonly_mapping_opens_readonly)
{
	static const char	 data[] = "ABCDEFGH";
	char			*path = tu_file("mapped-ro", data, 8);
	char			*src, *line;
	struct mapper		 m = mapper_start(path, false);
	struct run		 r;
	char			 pid[32];

	snprintf(pid, sizeof pid, "%d", (int)m.pid);
	src = xasprintf("pid:%d", (int)m.pid);

	/* list --pid says read-only, and why. */
	r = RUN("list", "--pid", pid);
	expect_exit(&r, 0, "list --pid");
	line = line_with(r.out, "r--s");
	expect_has(line, path, "list --pid");
	expect_has(line, " read-only ", "list --pid");
	expect_has(line, "the process maps it read-only (r--s)",
	    "list --pid");
	free(line);
	run_free(&r);

	/* poke through pid:PID writes nothing, and says why. */
	r = RUN("poke", src, "0", "41");
	expect_exit(&r, 1, "poke pid:PID");
	expect_has(r.err, ": read-only: the process maps it read-only "
	    "(r--s); livehex never writes what the process only reads; "
	    "nothing was written\n", "poke pid:PID");
	run_free(&r);
	expect_file(path, data, 8);

	/* Reading it works as before. */
	r = RUN("peek", src, "0", "text:8");
	expect_exit(&r, 0, "peek pid:PID");
	ck_assert_str_eq(r.out, "ABCDEFGH\n");
	run_free(&r);

	mapper_stop(&m);
	free(src);
	free(path);
}
END_TEST

START_TEST(pid_readwrite_mapping_still_writes)
{
	char		*path = tu_file("mapped-rw", "xBCDEFGH", 8);
	char		*src;
	struct mapper	 m = mapper_start(path, true);
	struct run	 r;

	/*
	 * The same file mapped r--s and rw-s: the process may write it, so
	 * livehex may too (the read-only rule must not over-reach).
	 */
	src = xasprintf("pid:%d", (int)m.pid);
	r = RUN("poke", src, "0", "41");
	expect_exit(&r, 0, "poke pid:PID (rw-s too)");
	run_free(&r);
	mapper_stop(&m);
	expect_file(path, "ABCDEFGH", 8);
	free(src);
	free(path);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 7: --layout reads only a regular file.                                   */

START_TEST(layout_fifo_is_refused_at_once)
{
	char		*fifo = tu_path("layout-fifo");
	char		*f = tu_file("f", "0123456789abcdef", 16);
	struct run	 r;

	ck_assert(mkfifo(fifo, 0600) == 0 || errno == EEXIST);
	r = RUN("--layout", fifo, f);
	expect_exit(&r, 2, "--layout FIFO");
	expect_has(r.err, ": not a regular file (a FIFO); a layout is read "
	    "from a regular file\n", "--layout FIFO");
	run_free(&r);
	free(fifo);
	free(f);
}
END_TEST

START_TEST(layout_terminal_is_refused_at_once)
{
	char		*f = tu_file("f", "0123456789abcdef", 16);
	const char	*slave;
	struct run	 r;
	int		 master;

	/* A terminal nobody types on: reading it would wait for ever. */
	master = posix_openpt(O_RDWR | O_NOCTTY);
	ck_assert_int_ne(master, -1);
	ck_assert(grantpt(master) == 0 && unlockpt(master) == 0);
	slave = ptsname(master);
	ck_assert_ptr_nonnull(slave);
	r = RUN("--layout", slave, f);
	expect_exit(&r, 2, "--layout TTY");
	expect_has(r.err, ": not a regular file (a character device (a "
	    "terminal?)); a layout is read from a regular file\n",
	    "--layout TTY");
	run_free(&r);
	close(master);
	free(f);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 8: demo --writer refuses a file that holds bytes, unless --force.        */

/* Wait (with a deadline) until PATH is SIZE bytes and byte 0 is not 0. */
static bool
wait_writer(const char *path, off_t size)
{
	uint64_t	end = tu_now_ms() + GUARD_DEADLINE_MS, clock;
	struct stat	st;
	unsigned char	b[8];
	int		fd;
	struct timespec	rt;

	while (tu_now_ms() < end) {
		/*
		 * The writer's clock field (u64 LE ms since the epoch at
		 * 0x08) within a day of now: only a store of the writer's
		 * own puts it there.  Why not "byte 0 is not 0": a forced
		 * file has its owner's bytes there before the writer runs.
		 */
		clock_gettime(CLOCK_REALTIME, &rt);
		fd = open(path, O_RDONLY);
		if (fd != -1 && fstat(fd, &st) == 0 && st.st_size == size &&
		    pread(fd, b, sizeof b, 8) == (ssize_t)sizeof b) {
			clock = 0;
			for (int i = 7; i >= 0; i--)
				clock = clock << 8 | b[i];
			if (clock + 86400000ULL > (uint64_t)rt.tv_sec * 1000 &&
			    clock < (uint64_t)rt.tv_sec * 1000 + 86400000ULL) {
				close(fd);
				return true;
			}
		}
		if (fd != -1)
			close(fd);
		/* Nothing to block on: the writer stores through a mapping. */
		poll(NULL, 0, 10);
	}
	return false;
}

/* Start `livehex demo --writer PATH [--force]`; its pid. */
static pid_t
writer_start(const char *path, bool force)
{
	pid_t	pid = fork();

	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		int	null = open("/dev/null", O_RDWR);

		dup2(null, 0);
		dup2(null, 1);
		execl(tu_livehex(), tu_livehex(), "demo", "--writer", path,
		    force ? "--force" : (char *)NULL, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Stop the writer PID; it must exit 0 on SIGTERM. */
static void
writer_stop(pid_t pid)
{
	int	status;

	kill(pid, SIGTERM);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "writer: status %#x", status);
}

START_TEST(demo_writer_refuses_a_file_with_bytes)
{
	unsigned char	 data[100], *got;
	char		*path, *empty = tu_file("empty-w", "", 0);
	size_t		 len;
	struct run	 r;
	pid_t		 pid;

	for (size_t i = 0; i < sizeof data; i++)
		data[i] = (unsigned char)(0x80 + i);
	path = tu_file("somebodys-data", data, sizeof data);

	r = RUN("demo", "--writer", path);
	expect_exit(&r, 1, "demo --writer FILE");
	expect_has(r.err, ": is not empty (100 bytes): the writer would "
	    "overwrite its first 64 bytes; --force to use it anyway\n",
	    "demo --writer FILE");
	run_free(&r);
	expect_file(path, data, sizeof data);

	/* --force alone, without --writer, is a usage error. */
	r = RUN("demo", "--force");
	expect_exit(&r, 2, "demo --force");
	expect_has(r.err, "--force only applies with --writer", "demo --force");
	run_free(&r);

	/* An empty file is the writer's to fill. */
	pid = writer_start(empty, false);
	ck_assert_msg(wait_writer(empty, 4096), "the writer never wrote");
	writer_stop(pid);

	/* With --force the file is used: grown, first 64 bytes written. */
	pid = writer_start(path, true);
	ck_assert_msg(wait_writer(path, 4096), "the forced writer never "
	    "wrote");
	writer_stop(pid);
	got = tu_slurp(path, &len);
	ck_assert_uint_eq(len, 4096);
	/* Bytes 64..99 are nobody's business but the file's owner's. */
	ck_assert(memcmp(got + 64, data + 64, sizeof data - 64) == 0);
	free(got);
	free(empty);
	free(path);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* 9: no message can forge a second line.                                   */

/* Fail unless stderr is exactly WANT (one line), placeholders: @ = dir. */
static void
expect_one_line(const struct run *r, const char *want, const char *what)
{
	ck_assert_msg(strcmp(r->err, want) == 0, "%s: stderr\n%s\nwant\n%s",
	    what, r->err, want);
	ck_assert_msg(strstr(r->err, "\nlivehex: forged") == NULL,
	    "%s: forged line", what);
}

START_TEST(names_with_newlines_are_escaped)
{
	char		*missing = tu_path(NL_NAME), *small, *shown_missing;
	char		*f = tu_file("plain", "0123456789abcdef", 16);
	char		*want, *shown_small, *layout, *shown_layout;
	const char	*verbs[] = { "dump", "peek", "poke", "watch" };
	struct run	 r;

	shown_missing = tu_path(NL_SHOWN);
	/* Every command, a missing SOURCE. */
	want = xasprintf("livehex: %s: no such file\n", shown_missing);
	for (size_t i = 0; i < 4; i++) {
		if (strcmp(verbs[i], "peek") == 0)
			r = RUN("peek", missing, "0", "u8");
		else if (strcmp(verbs[i], "poke") == 0)
			r = RUN("poke", missing, "0", "00");
		else
			r = RUN(verbs[i], missing);
		expect_exit(&r, 1, verbs[i]);
		expect_one_line(&r, want, verbs[i]);
		run_free(&r);
	}
	free(want);

	/* An existing file of that name: messages about its bytes. */
	small = tu_file(NL_NAME, "abc", 3);
	shown_small = shown_missing;
	r = RUN("peek", small, "9", "u8");
	expect_exit(&r, 1, "peek past the end");
	want = xasprintf("livehex: %s: 1 byte at offset 9 (0x9) would run "
	    "past the end of the file (size 3 bytes)\n", shown_small);
	expect_one_line(&r, want, "peek past the end");
	free(want);
	run_free(&r);
	r = RUN("poke", small, "9", "00");
	expect_exit(&r, 1, "poke past the end");
	want = xasprintf("livehex: %s: 1 byte at offset 9 (0x9) would run "
	    "past the end of the file (size 3 bytes); nothing was written\n",
	    shown_small);
	expect_one_line(&r, want, "poke past the end");
	free(want);
	run_free(&r);
	r = RUN("demo", "--writer", small);
	expect_exit(&r, 1, "demo --writer");
	want = xasprintf("livehex: %s: is not empty (3 bytes): the writer "
	    "would overwrite its first 64 bytes; --force to use it anyway\n",
	    shown_small);
	expect_one_line(&r, want, "demo --writer");
	free(want);
	run_free(&r);
	expect_file(small, "abc", 3);

	/* A layout file of that name (the message names it). */
	layout = tu_file(NL_NAME ".layout", "abc\n", 4);
	shown_layout = tu_path(NL_SHOWN ".layout");
	r = RUN("--layout", layout, f);
	expect_exit(&r, 2, "--layout");
	want = xasprintf("livehex: %s:1:4: a type is missing after \"abc\" "
	    "(a field is NAME [OFFSET] TYPE)\n", shown_layout);
	expect_one_line(&r, want, "--layout");
	free(want);
	run_free(&r);

	/* Values and names that are not paths. */
	r = RUN("poke", f, "0", "u8:1\nlivehex: forged\\");
	expect_exit(&r, 2, "poke VALUE");
	expect_one_line(&r, "livehex: poke: value 1 \"u8:1\\nlivehex: "
	    "forged\\\\\": \"1\\nlivehex: forged\\\\\": not a number for u8, "
	    "at column 4; nothing was written\n", "poke VALUE");
	run_free(&r);
	r = RUN("peek", f, "0", "u9\nlivehex: forged\\");
	expect_exit(&r, 2, "peek TYPE");
	expect_one_line(&r, "livehex: peek: TYPE \"u9\\nlivehex: forged\\\\\": "
	    "unknown type (u8 i8 u16 i16 u32 i32 u64 i64 f32 f64, with le or "
	    "be); or bytes:N, text:N\n", "peek TYPE");
	run_free(&r);
	r = RUN("dump", "shm:" NL_NAME);
	expect_exit(&r, 1, "dump shm:NAME");
	expect_has(r.err, "livehex: shm:" NL_SHOWN ": no POSIX shared memory "
	    "object \"" NL_SHOWN "\" in ", "dump shm:NAME");
	ck_assert_msg(strchr(r.err, '\n') == r.err + strlen(r.err) - 1,
	    "dump shm:NAME: more than one line:\n%s", r.err);
	run_free(&r);
	r = RUN("watch", f, NL_NAME);
	expect_exit(&r, 2, "watch extra");
	expect_has(r.err, "livehex: watch: unexpected argument \"" NL_SHOWN
	    "\" after SOURCE", "watch extra");
	ck_assert(strstr(r.err, "\nlivehex: forged") == NULL);
	run_free(&r);

	free(layout);
	free(shown_layout);
	free(small);
	free(shown_missing);
	free(missing);
	free(f);
}
END_TEST

/* ---- the suite ---------------------------------------------------------- */

/* Add TEST as its own test case NAME. */
static void
add(Suite *s, const char *name, const TTest *test)
{
	TCase	*tc = timeout_tcase(name, TIMEOUT_TOOL);

	tcase_add_test(tc, test);
	suite_add_tcase(s, tc);
}

/* The suite. */
static Suite *
guard_suite(void)
{
	Suite	*s = suite_create("guard");

	add(s, "4 shm:NAME never follows a link", shm_link_is_never_followed);
	add(s, "6 pid:PID r--s opens read-only",
	    pid_readonly_mapping_opens_readonly);
	add(s, "6 pid:PID rw-s still writes",
	    pid_readwrite_mapping_still_writes);
	add(s, "7 --layout FIFO", layout_fifo_is_refused_at_once);
	add(s, "7 --layout terminal", layout_terminal_is_refused_at_once);
	add(s, "8 demo --writer refuses a file with bytes",
	    demo_writer_refuses_a_file_with_bytes);
	add(s, "9 names with newlines are escaped",
	    names_with_newlines_are_escaped);
	return s;
}

/* Run in fork mode. */
int
main(void)
{
	SRunner	*sr;
	int	 failed;

	sr = srunner_create(guard_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
