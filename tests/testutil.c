/* SPDX-License-Identifier: ISC */
/*
 * testutil.c - small helpers shared by the Check suites.
 *
 * Everything here aborts the test (ck_abort) rather than returning errors:
 * a broken fixture is a failed test, not something to handle.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <langinfo.h>
#include <locale.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "door.h"
#include "door_sys.h"
#include "testutil.h"
#include "xmalloc.h"

static char	*tu_dir;
static pid_t	 tu_dir_owner;
/* The tmpfs tu_small_tmpfs() mounted in this process, if any. */
static char	*tu_mounted;

/* Remove the test directory (only in the process that made it). */
static void
tu_cleanup(void)
{
	char	*cmd;

	/* A test that made the directory may have mounted inside it. */
	if (tu_mounted != NULL)
		umount2(tu_mounted, MNT_DETACH);
	if (tu_dir == NULL || getpid() != tu_dir_owner)
		return;
	/* Why a shell: nftw for a flat temp dir is more code than it is worth. */
	cmd = xasprintf("rm -rf '%s'", tu_dir);
	if (system(cmd) != 0)
		fprintf(stderr, "testutil: could not remove %s\n", tu_dir);
	free(cmd);
}

/* The per-process test directory, made on first use. */
static const char *
tu_base(void)
{
	const char	*tmp;
	char		*tmpl;

	/* Made before Check forks: every test process shares it. */
	if (tu_dir != NULL)
		return tu_dir;
	tmp = getenv("TMPDIR");
	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	tmpl = xasprintf("%s/livehex-test.XXXXXX", tmp);
	if (mkdtemp(tmpl) == NULL)
		ck_abort_msg("mkdtemp %s: %s", tmpl, strerror(errno));
	tu_dir = tmpl;
	tu_dir_owner = getpid();
	atexit(tu_cleanup);
	return tu_dir;
}

/* A new path inside the per-process test directory (malloc'd). */
char *
tu_path(const char *name)
{
	return xasprintf("%s/%s", tu_base(), name);
}

/* Create NAME in the test directory holding LEN bytes of DATA; its path. */
char *
tu_file(const char *name, const void *data, size_t len)
{
	char	*path = tu_path(name);
	int	 fd;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd == -1)
		ck_abort_msg("open %s: %s", path, strerror(errno));
	if (len > 0 && write(fd, data, len) != (ssize_t)len)
		ck_abort_msg("write %s: %s", path, strerror(errno));
	close(fd);
	return path;
}

/* Create NAME of SIZE bytes with a deterministic pattern (seeded); its path. */
char *
tu_pattern_file(const char *name, uint64_t size, unsigned seed)
{
	char		*path = tu_path(name);
	unsigned char	 buf[65536];
	uint64_t	 done = 0, x = seed * 2654435761u + 1;
	int		 fd;

	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd == -1)
		ck_abort_msg("open %s: %s", path, strerror(errno));
	while (done < size) {
		size_t	n = size - done < sizeof buf ? size - done : sizeof buf;

		for (size_t i = 0; i < n; i++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			buf[i] = (unsigned char)x;
		}
		if (write(fd, buf, n) != (ssize_t)n)
			ck_abort_msg("write %s: %s", path, strerror(errno));
		done += n;
	}
	close(fd);
	return path;
}

/* Make NAME of SIZE bytes (pattern SEED), its door and mapping, into *S. */
void
tu_shared_open(struct tu_shared *s, const char *name, size_t size,
    unsigned seed)
{
	char	*cause = NULL;

	s->size = size;
	s->path = tu_pattern_file(name, size, seed);
	s->d = door_open(s->path, 0, &cause);
	ck_assert_msg(s->d != NULL, "%s", cause);
	s->fd = open(s->path, O_RDWR);
	ck_assert_int_ne(s->fd, -1);
	s->other = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED,
	    s->fd, 0);
	ck_assert(s->other != MAP_FAILED);
}

/* Undo tu_shared_open: unmap, close, free. */
void
tu_shared_close(struct tu_shared *s)
{
	munmap(s->other, s->size);
	close(s->fd);
	door_close(s->d);
	free(s->path);
}

/* Read a whole file into a malloc'd buffer; *len gets its size. */
unsigned char *
tu_slurp(const char *path, size_t *len)
{
	struct stat	 st;
	unsigned char	*buf;
	int		 fd;
	ssize_t		 n;

	fd = open(path, O_RDONLY);
	if (fd == -1 || fstat(fd, &st) == -1)
		ck_abort_msg("open %s: %s", path, strerror(errno));
	buf = xmalloc((size_t)st.st_size + 1);
	n = pread(fd, buf, (size_t)st.st_size, 0);
	if (n != st.st_size)
		ck_abort_msg("read %s: short", path);
	close(fd);
	*len = (size_t)n;
	return buf;
}

/* The byte at OFF of the file PATH, read back (Check fails past EOF). */
int
tu_file_byte(const char *path, uint64_t off)
{
	size_t		 len;
	unsigned char	*b = tu_slurp(path, &len);
	int		 v;

	ck_assert_uint_gt(len, off);
	v = b[off];
	free(b);
	return v;
}

/* Store byte V at OFF of the file PATH with pwrite, as another process would. */
void
tu_file_put(const char *path, uint64_t off, unsigned char v)
{
	int	fd = open(path, O_WRONLY);

	ck_assert_msg(fd >= 0, "open %s: %s", path, strerror(errno));
	ck_assert_int_eq(pwrite(fd, &v, 1, (off_t)off), 1);
	close(fd);
}

/* An event of KIND from SRC (W) at AT: LEN bytes at OFF, OLD to NEW. */
struct live_event
tu_live_event(enum live_kind kind, enum live_source src,
    const struct live_window *w, uint64_t at, uint64_t off,
    const void *old, const void *new, size_t len)
{
	struct live_event	ev = { 0 };

	ev.kind = kind;
	ev.source = src;
	ev.window = w;
	ev.at_ms = at;
	ev.off = off;
	ev.len = len;
	ev.old = old;
	ev.new = new;
	return ev;
}

/* Monotonic clock in milliseconds. */
uint64_t
tu_now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + (uint64_t)ts.tv_nsec / 1000000;
}

/* Append everything readable from FD to *buf / *len; false at EOF. */
static int
tu_drain(int fd, unsigned char **buf, size_t *len, size_t *cap)
{
	ssize_t	n;

	if (*cap - *len < 65536) {
		*cap = *cap * 2 + 65536;
		*buf = xrealloc(*buf, *cap);
	}
	n = read(fd, *buf + *len, *cap - *len - 1);
	if (n > 0) {
		*len += (size_t)n;
		return 1;
	}
	if (n == -1 && errno == EINTR)
		return 1;
	return 0;
}

/*
 * Run ARGV with stdin from IN_PATH (or /dev/null); capture stdout and
 * stderr.  Returns the wait(2) status.
 */
int
tu_run(char *const argv[], const char *in_path, unsigned char **out,
    size_t *outlen, char **err)
{
	int		 op[2], ep[2], status;
	pid_t		 pid;
	unsigned char	*ob = NULL, *eb = NULL;
	size_t		 ol = 0, oc = 0, el = 0, ec = 0;
	struct pollfd	 pfd[2];
	int		 open_fds = 2;

	if (pipe(op) == -1 || pipe(ep) == -1)
		ck_abort_msg("pipe: %s", strerror(errno));
	pid = fork();
	if (pid == -1)
		ck_abort_msg("fork: %s", strerror(errno));
	if (pid == 0) {
		int in = open(in_path ? in_path : "/dev/null", O_RDONLY);

		if (in == -1)
			_exit(126);
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
		if (poll(pfd, 2, -1) == -1) {
			if (errno == EINTR)
				continue;
			ck_abort_msg("poll: %s", strerror(errno));
		}
		if (pfd[0].revents && !tu_drain(op[0], &ob, &ol, &oc)) {
			pfd[0].fd = -1;
			open_fds--;
		}
		if (pfd[1].revents && !tu_drain(ep[0], &eb, &el, &ec)) {
			pfd[1].fd = -1;
			open_fds--;
		}
	}
	close(op[0]);
	close(ep[0]);
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			ck_abort_msg("waitpid: %s", strerror(errno));
	if (ob == NULL)
		ob = xmalloc(1);
	if (eb == NULL)
		eb = xmalloc(1);
	eb[el] = '\0';
	if (out != NULL) {
		*out = ob;
		*outlen = ol;
	} else
		free(ob);
	if (err != NULL)
		*err = (char *)eb;
	else
		free(eb);
	return status;
}

/* The livehex binary under test ($LIVEHEX, else ./livehex). */
const char *
tu_livehex(void)
{
	const char	*p = getenv("LIVEHEX");

	return p != NULL && *p != '\0' ? p : "./livehex";
}

/*
 * True when Check runs each test in a child of its own.  The mounting
 * helpers need that: their private mount namespace and the mount itself
 * must die with the test; under CK_FORK=no (valgrind's run) they would
 * pile up in the one process and outlive the test directory.
 */
static bool
tu_forked(const char **why)
{
	const char	*f = getenv("CK_FORK");

	if (f != NULL && strcmp(f, "no") == 0) {
		*why = "runs only with CK_FORK=yes (its mount must die with "
		    "the test; valgrind's run uses CK_FORK=no)";
		return false;
	}
	return true;
}

/* Mount a small private tmpfs on NAME in the test directory; testutil.h. */
char *
tu_small_tmpfs(const char *name, size_t size, const char **why)
{
	char	*dir, *opts;

	if (geteuid() != 0) {
		*why = "needs root (mounts a small tmpfs)";
		return NULL;
	}
	if (!tu_forked(why))
		return NULL;
	if (unshare(CLONE_NEWNS) == -1) {
		*why = "unshare(CLONE_NEWNS) failed";
		return NULL;
	}
	/*
	 * Keep our mounts out of the parent namespace.  A propagation change
	 * ignores source and type; they are named, not NULL, so valgrind
	 * does not take NULL for a string it must read.
	 */
	if (mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) == -1) {
		*why = "cannot make / private in the new namespace";
		return NULL;
	}
	dir = tu_path(name);
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		ck_abort_msg("mkdir %s: %s", dir, strerror(errno));
	opts = xasprintf("size=%zu,mode=0700", size);
	if (mount("livehex-test", dir, "tmpfs", 0, opts) == -1) {
		free(opts);
		free(dir);
		*why = "mounting a tmpfs failed";
		return NULL;
	}
	free(opts);
	tu_mounted = xstrdup(dir);
	return dir;
}

/* Fill the file system holding DIR until no block is left; testutil.h. */
void
tu_fill_fs(const char *dir)
{
	char		*path = xasprintf("%s/filler", dir);
	static char	 block[4096];
	int		 fd = open(path, O_WRONLY | O_CREAT | O_APPEND, 0600);

	if (fd == -1)
		ck_abort_msg("open %s: %s", path, strerror(errno));
	/* Whole pages, then single bytes: nothing left for a new page. */
	while (write(fd, block, sizeof block) > 0)
		;
	while (write(fd, block, 1) > 0)
		;
	close(fd);
	free(path);
}

/* st_blocks of PATH; testutil.h. */
long long
tu_blocks(const char *path)
{
	struct stat	st;

	if (stat(path, &st) == -1)
		ck_abort_msg("stat %s: %s", path, strerror(errno));
	return (long long)st.st_blocks;
}

/* A sparse file on a small (full) tmpfs; testutil.h. */
char *
tu_sparse_on_tmpfs(const char *name, size_t fs, uint64_t size, int full,
    const char **why)
{
	char	*dir = tu_small_tmpfs(name, fs, why), *path;
	int	 fd;

	if (dir == NULL)
		return NULL;
	path = xasprintf("%s/sparse", dir);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd == -1 || ftruncate(fd, (off_t)size) == -1 ||
	    pwrite(fd, "P", 1, 0) != 1)
		ck_abort_msg("%s: %s", path, strerror(errno));
	close(fd);
	if (full)
		tu_fill_fs(dir);
	free(dir);
	return path;
}

/* A sparse file on a small full ext4 (loop mount); testutil.h. */
char *
tu_full_ext4(const char *name, uint64_t size, const char **why)
{
	char		*dir, *img, *cmd, *path;
	static char	 page[4096];
	int		 fd, rc;

	if (geteuid() != 0) {
		*why = "needs root (mounts a small ext4)";
		return NULL;
	}
	if (!tu_forked(why))
		return NULL;
	if (access("/sbin/mkfs.ext4", X_OK) != 0 &&
	    access("/usr/sbin/mkfs.ext4", X_OK) != 0) {
		*why = "no mkfs.ext4";
		return NULL;
	}
	if (unshare(CLONE_NEWNS) == -1 ||
	    mount("none", "/", "none", MS_REC | MS_PRIVATE, NULL) == -1) {
		*why = "no private mount namespace (unshare)";
		return NULL;
	}
	dir = tu_path(name);
	img = xasprintf("%s.img", dir);
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		ck_abort_msg("mkdir %s: %s", dir, strerror(errno));
	fd = open(img, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd == -1 || ftruncate(fd, 4 << 20) == -1)
		ck_abort_msg("%s: %s", img, strerror(errno));
	close(fd);
	cmd = xasprintf("PATH=/usr/sbin:/sbin:$PATH; mkfs.ext4 -q -F -m 0 "
	    "'%s' >/dev/null 2>&1 && mount -o loop '%s' '%s' >/dev/null 2>&1",
	    img, img, dir);
	rc = system(cmd);
	free(cmd);
	free(img);
	if (rc != 0) {
		free(dir);
		*why = "mkfs.ext4 or the loop mount failed";
		return NULL;
	}
	tu_mounted = xstrdup(dir);
	path = xasprintf("%s/sparse", dir);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd == -1 || ftruncate(fd, (off_t)size) == -1 ||
	    pwrite(fd, page, sizeof page, 0) != (ssize_t)sizeof page ||
	    fsync(fd) == -1)
		ck_abort_msg("%s: %s", path, strerror(errno));
	close(fd);
	tu_fill_fs(dir);
	sync();
	free(dir);
	return path;
}

/*
 * True when locale NAME, looked up in LOCPATH (NULL: the system's), loads
 * and has ',' for a decimal point.  Asked in a child that leaves by _exit:
 * with LOCPATH set, glibc's setlocale and newlocale leak the path list,
 * and that must not show up as a leak of this process under LSan.
 */
static int
tu_locale_has_comma(const char *name, const char *locpath)
{
	pid_t	pid;
	int	status;

	fflush(NULL);
	pid = fork();
	if (pid == -1)
		return 0;
	if (pid == 0) {
		locale_t	l;

		if (locpath != NULL)
			setenv("LOCPATH", locpath, 1);
		int		yes;

		l = newlocale(LC_ALL_MASK, name, (locale_t)0);
		yes = l != (locale_t)0 &&
		    strcmp(nl_langinfo_l(RADIXCHAR, l), ",") == 0;
		if (l != (locale_t)0)
			freelocale(l);
		_exit(yes ? 0 : 1);
	}
	while (waitpid(pid, &status, 0) == -1)
		if (errno != EINTR)
			return 0;
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* A locale with a comma decimal point, generated if need be; see .h. */
const char *
tu_comma_locale(const char **locpath, const char **why)
{
	static const char *const installed[] = { "de_DE.UTF-8", "de_DE.utf8",
	    "fr_FR.UTF-8", "fr_FR.utf8", "nl_NL.UTF-8", "it_IT.UTF-8" };
	static char		*dir;
	char			*target, *err = NULL;
	unsigned char		*out = NULL;
	size_t			 outlen;

	*locpath = NULL;
	for (size_t i = 0; i < sizeof installed / sizeof installed[0]; i++)
		if (tu_locale_has_comma(installed[i], NULL))
			return installed[i];
	if (access("/usr/bin/localedef", X_OK) != 0) {
		*why = "no comma-decimal locale installed and no localedef "
		    "to make one (apt-get install locales)";
		return NULL;
	}
	if (dir == NULL)
		dir = tu_path("locale");
	if (mkdir(dir, 0700) == -1 && errno != EEXIST)
		ck_abort_msg("mkdir %s: %s", dir, strerror(errno));
	target = xasprintf("%s/de_DE.UTF-8", dir);
	{
		char	a0[] = "/usr/bin/localedef", a1[] = "-i",
			a2[] = "de_DE", a3[] = "-f", a4[] = "UTF-8";
		char	*const argv[] = { a0, a1, a2, a3, a4, target, NULL };

		/* Its exit status counts warnings: the result is the test. */
		(void)tu_run(argv, NULL, &out, &outlen, &err);
	}
	free(out);
	free(err);
	free(target);
	if (tu_locale_has_comma("de_DE.UTF-8", dir)) {
		*locpath = dir;
		return "de_DE.UTF-8";
	}
	*why = "localedef could not make de_DE.UTF-8 (no locale sources in "
	    "/usr/share/i18n: apt-get install locales)";
	return NULL;
}

/* REL in the source tree ($srcdir, else this file's own); malloc'd. */
char *
tu_src_path(const char *rel)
{
	const char	*dir = getenv("srcdir");
	const char	*me = __FILE__, *tail = "tests/testutil.c";
	size_t		 n = strlen(me), t = strlen(tail);

	if (dir != NULL && *dir != '\0')
		return xasprintf("%s/%s", dir, rel);
	/* __FILE__ is the path the compiler was given, from the build dir. */
	if (n >= t && strcmp(me + n - t, tail) == 0)
		return xasprintf("%.*s%s", (int)(n - t), me, rel);
	return xstrdup(rel);
}

/* tests/data/NAME in the source tree; malloc'd. */
char *
tu_data_path(const char *name)
{
	char	*rel = xasprintf("tests/data/%s", name), *path;

	path = tu_src_path(rel);
	free(rel);
	return path;
}

/* Compile the C text PROGRAM (-I tests/data, FLAGS) into NAME; its path. */
char *
tu_cc(const char *program, const char *flags, const char *name)
{
	char		*src_name = xasprintf("%s.c", name);
	char		*src = tu_file(src_name, program, strlen(program));
	char		*bin = tu_path(name), *inc = tu_data_path("");
	char		*iflag = xasprintf("-I%s", inc), *err = NULL;
	char		*argv[8];
	unsigned char	*out = NULL;
	size_t		 len = 0;
	int		 st, i = 0;

	argv[i++] = (char *)(uintptr_t)getenv("TEST_CC");
	argv[i++] = iflag;
	if (flags != NULL && flags[0] != '\0')
		argv[i++] = (char *)(uintptr_t)flags;
	argv[i++] = src;
	argv[i++] = (char *)(uintptr_t)"-o";
	argv[i++] = bin;
	argv[i] = NULL;
	ck_assert_msg(argv[0] != NULL, "TEST_CC is not set");
	st = tu_run(argv, NULL, &out, &len, &err);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "cc: %s", err);
	free(out);
	free(err);
	free(src);
	free(src_name);
	free(inc);
	free(iflag);
	return bin;
}

/* Run the Check suite S in fork mode (CK_ENV), free it; main's status. */
int
tu_run_suite(Suite *s)
{
	SRunner	*sr = srunner_create(s);
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}

/* tu_run_suite with XDG_STATE_HOME where no history can be made. */
int
tu_run_app_suite(Suite *s)
{
	/* No parent directory: the prompt never makes its history file. */
	setenv("XDG_STATE_HOME", "/nonexistent/livehex-tests/state", 1);
	return tu_run_suite(s);
}

/* tu_shrink_on_fstat's plan: which call, to what size, what to say. */
static int	 tu_shrink_call, tu_shrink_n;
static off_t	 tu_shrink_to, tu_shrink_said;

/* door_sys.fstat: on the planned call truncate the file and lie. */
static int
tu_shrinking_fstat(int fd, struct stat *st)
{
	int	rc;

	if (++tu_shrink_n == tu_shrink_call && ftruncate(fd, tu_shrink_to) ==
	    -1)
		return -1;
	rc = fstat(fd, st);
	if (tu_shrink_n == tu_shrink_call)
		st->st_size = tu_shrink_said;
	return rc;
}

/* Shrink the file on the door's CALL-th fstat from now; see testutil.h. */
void
tu_shrink_on_fstat(int call, off_t to, off_t said)
{
	tu_shrink_n = 0;
	tu_shrink_call = call;
	tu_shrink_to = to;
	tu_shrink_said = said;
	door_sys.fstat = tu_shrinking_fstat;
}

/* The door's fstat calls since tu_shrink_on_fstat. */
int
tu_shrink_calls(void)
{
	return tu_shrink_n;
}

/* Minor page faults so far. */
uint64_t
tu_minflt(void)
{
	struct rusage	ru;

	ck_assert_int_eq(getrusage(RUSAGE_SELF, &ru), 0);
	return (uint64_t)ru.ru_minflt;
}
