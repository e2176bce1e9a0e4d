/* SPDX-License-Identifier: ISC */
/*
 * check_list.c - every kind of SOURCE end to end, and `livehex list`.
 *
 * Runs the real binary ($LIVEHEX, see tu_livehex) against shared memory
 * that another process is using right now: a "holder" child maps a POSIX
 * shm object, a System V segment, a memfd (optionally sealed) and shared
 * anonymous memory, and stores or loads bytes on request.  Each kind is
 * checked both ways: the holder's store is what `livehex peek` / `dump`
 * print, and what `livehex poke` stores is what the holder then loads.
 * `livehex list` must show each object with the SOURCE to type, and
 * `list --pid HOLDER` the holder's mappings.  The error messages a user
 * acts on are checked word for word: a sealed memfd opened for writing, a
 * root-only segment opened as user nobody (the binary is run with
 * setuid(65534) between fork and exec), a pid:PID with several mappings.
 *
 * Fork mode: a failing test does not clean up, so every SysV segment and
 * /dev/shm object is recorded (segment: shmid and key; object: a name
 * prefix with the runner's pid) and the runner sweeps them after the
 * suite.  Holders die with their test (PR_SET_PDEATHSIG).
 */
#include "config.h"

#include <check.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timeout.h"
#include "testutil.h"
#include "xmalloc.h"

#define NOBODY		65534
#define SHM_DIR		"/dev/shm"

/* The process running the suite: it sweeps what the tests made. */
static pid_t	 runner;
/* Where test processes record the segments they made ("shmid key"). */
static char	*sweep_file;

/* ---- segments and objects that are always cleaned up -------------------- */

/* Make a SysV segment of SIZE bytes with MODE; its shmid (recorded). */
static int
mk_sysv(size_t size, int mode)
{
	static unsigned	n;
	key_t		key;
	FILE		*f;
	int		id;

	for (;;) {
		key = (key_t)(0x4d000000u | (((unsigned)getpid() & 0xffff) <<
		    8) | (n++ & 0xff));
		id = shmget(key, size, IPC_CREAT | IPC_EXCL | mode);
		if (id != -1 || errno != EEXIST)
			break;
	}
	ck_assert_msg(id != -1, "shmget: %s", strerror(errno));
	f = fopen(sweep_file, "a");
	ck_assert_ptr_nonnull(f);
	fprintf(f, "%d %d\n", id, (int)key);
	fclose(f);
	return id;
}

/* The key segment ID was made with. */
static key_t
sysv_key(int id)
{
	struct shmid_ds	ds;

	ck_assert_int_eq(shmctl(id, IPC_STAT, &ds), 0);
	return ds.shm_perm.__key;
}

/* A /dev/shm object name for TAG, unique to this test process (malloc'd). */
static char *
shm_name(const char *tag)
{
	return xasprintf("lhx-%d-%d-%s", (int)runner, (int)getpid(), tag);
}

/* Create the POSIX shm object NAME of SIZE bytes with MODE (shm_open). */
static void
mk_shm(const char *name, size_t size, mode_t mode)
{
	char	*slash = xasprintf("/%s", name);
	int	 fd = shm_open(slash, O_RDWR | O_CREAT | O_EXCL, mode);

	ck_assert_msg(fd != -1, "shm_open %s: %s", slash, strerror(errno));
	ck_assert_int_eq(fchmod(fd, mode), 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	close(fd);
	free(slash);
}

/* Remove the POSIX shm object NAME. */
static void
rm_shm(const char *name)
{
	char	*slash = xasprintf("/%s", name);

	shm_unlink(slash);
	free(slash);
}

/* Remove every segment and object the tests made (in the runner). */
static void
sweep(void)
{
	struct shmid_ds	 ds;
	struct dirent	*de;
	char		*prefix, *path;
	int		 id, key;
	FILE		*f;
	DIR		*dp;

	f = fopen(sweep_file, "r");
	while (f != NULL && fscanf(f, "%d %d", &id, &key) == 2)
		/* The id may have been reused since: check the key. */
		if (shmctl(id, IPC_STAT, &ds) == 0 &&
		    ds.shm_perm.__key == key)
			shmctl(id, IPC_RMID, NULL);
	if (f != NULL)
		fclose(f);
	unlink(sweep_file);
	prefix = xasprintf("lhx-%d-", (int)runner);
	dp = opendir(SHM_DIR);
	while (dp != NULL && (de = readdir(dp)) != NULL) {
		if (strncmp(de->d_name, prefix, strlen(prefix)) != 0)
			continue;
		path = xasprintf("%s/%s", SHM_DIR, de->d_name);
		unlink(path);
		free(path);
	}
	if (dp != NULL)
		closedir(dp);
	free(prefix);
}

/* ---- the holder: another process with shared mappings ------------------- */

/* What the holder maps. */
enum hold_kind {
	HOLD_MEMFD,	/* memfd_create(name), fd kept open */
	HOLD_SEALED,	/* the same, then F_SEAL_FUTURE_WRITE */
	HOLD_SYSV,	/* shmat(shmid) */
	HOLD_SHM,	/* shm_open(name) */
	HOLD_ANON,	/* MAP_SHARED | MAP_ANONYMOUS */
};

/* One mapping for the holder to make. */
struct hold_spec {
	enum hold_kind	 kind;
	const char	*name;		/* memfd or shm name */
	int		 shmid;
	size_t		 size;
};

#define HOLD_MAX	8

/* A running holder. */
struct holder {
	pid_t		pid;
	int		cmd, reply;	/* pipes to and from it */
	int		fd[HOLD_MAX];	/* its memfd descriptors, else -1 */
	unsigned long	addr[HOLD_MAX];	/* where it mapped each */
};

/* One request: store VAL at OFF of mapping IDX ('W'), or load it ('R'). */
struct hold_msg {
	int		op;
	int		idx;
	size_t		off;
	unsigned char	val;
};

/* Map S in the holder; the address, or MAP_FAILED; *fd a kept memfd. */
static void *
holder_map(const struct hold_spec *s, int *fd)
{
	char	*slash;
	void	*p = MAP_FAILED;
	int	 f;

	*fd = -1;
	switch (s->kind) {
	case HOLD_MEMFD:
	case HOLD_SEALED:
		*fd = memfd_create(s->name, MFD_ALLOW_SEALING);
		if (*fd == -1 || ftruncate(*fd, (off_t)s->size) == -1)
			return MAP_FAILED;
		p = mmap(NULL, s->size, PROT_READ | PROT_WRITE, MAP_SHARED,
		    *fd, 0);
		/* Our own writable mapping survives the seal. */
		if (s->kind == HOLD_SEALED &&
		    fcntl(*fd, F_ADD_SEALS, F_SEAL_FUTURE_WRITE) == -1)
			return MAP_FAILED;
		break;
	case HOLD_SYSV:
		p = shmat(s->shmid, NULL, 0);
		if (p == (void *)-1)
			p = MAP_FAILED;
		break;
	case HOLD_SHM:
		slash = xasprintf("/%s", s->name);
		f = shm_open(slash, O_RDWR, 0);
		free(slash);
		if (f == -1)
			return MAP_FAILED;
		p = mmap(NULL, s->size, PROT_READ | PROT_WRITE, MAP_SHARED,
		    f, 0);
		close(f);
		break;
	case HOLD_ANON:
		p = mmap(NULL, s->size, PROT_READ | PROT_WRITE,
		    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
		break;
	}
	return p;
}

/* The holder's side: make the mappings, then serve requests until EOF. */
static void __attribute__((noreturn))
holder_main(const struct hold_spec *s, size_t n, int cmd, int reply)
{
	volatile unsigned char	*map[HOLD_MAX];
	struct hold_msg		 m;
	int			 fd[HOLD_MAX];
	unsigned long		 addr[HOLD_MAX];

	memset(fd, -1, sizeof fd);
	memset(addr, 0, sizeof addr);
	for (size_t i = 0; i < n; i++) {
		void	*p = holder_map(&s[i], &fd[i]);

		if (p == MAP_FAILED)
			_exit(6);
		map[i] = p;
		addr[i] = (unsigned long)p;
	}
	if (write(reply, fd, sizeof fd) != (ssize_t)sizeof fd ||
	    write(reply, addr, sizeof addr) != (ssize_t)sizeof addr)
		_exit(7);
	while (read(cmd, &m, sizeof m) == (ssize_t)sizeof m) {
		if (m.op == 'W')
			map[m.idx][m.off] = m.val;
		else
			m.val = map[m.idx][m.off];
		if (write(reply, &m.val, 1) != 1)
			_exit(8);
	}
	_exit(0);
}

/* Start a holder for S[0..n); it dies with the test. */
static void
holder_start(struct holder *h, const struct hold_spec *s, size_t n)
{
	int	cp[2], rp[2];
	pid_t	parent = getpid();

	ck_assert(n <= HOLD_MAX);
	ck_assert_int_eq(pipe(cp), 0);
	ck_assert_int_eq(pipe(rp), 0);
	h->pid = fork();
	ck_assert_int_ne(h->pid, -1);
	if (h->pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
		close(cp[1]);
		close(rp[0]);
		holder_main(s, n, cp[0], rp[1]);
	}
	close(cp[0]);
	close(rp[1]);
	h->cmd = cp[1];
	h->reply = rp[0];
	ck_assert_msg(read(h->reply, h->fd, sizeof h->fd) ==
	    (ssize_t)sizeof h->fd, "the holder could not make its mappings");
	ck_assert(read(h->reply, h->addr, sizeof h->addr) ==
	    (ssize_t)sizeof h->addr);
}

/* Ask the holder to store ('W') or load ('R'); the byte it answers. */
static unsigned char
holder_ask(struct holder *h, int op, int idx, size_t off, unsigned char v)
{
	struct hold_msg	m;
	unsigned char	r;

	memset(&m, 0, sizeof m);
	m.op = op;
	m.idx = idx;
	m.off = off;
	m.val = v;
	ck_assert(write(h->cmd, &m, sizeof m) == (ssize_t)sizeof m);
	ck_assert(read(h->reply, &r, 1) == 1);
	return r;
}

/* Stop the holder and reap it. */
static void
holder_stop(struct holder *h)
{
	close(h->cmd);
	close(h->reply);
	waitpid(h->pid, NULL, 0);
}

/* ---- running livehex ---------------------------------------------------- */

/* Read the whole file at FD (from the start) into a string. */
static char *
slurp_fd(int fd)
{
	struct stat	 st;
	char		*s;

	ck_assert_int_eq(fstat(fd, &st), 0);
	s = xmalloc((size_t)st.st_size + 1);
	ck_assert(pread(fd, s, (size_t)st.st_size, 0) == st.st_size);
	s[st.st_size] = '\0';
	return s;
}

/*
 * Run livehex with the NULL-terminated arguments after ERR, as user UID
 * (-1: as ourselves); its stdout and stderr in *out and *err (malloc'd).
 * The exit status, or -1 when it did not exit.
 */
static int
run_as(int uid, char **out, char **err, ...)
{
	char		*argv[16], *opath, *epath;
	const char	*a;
	va_list		 ap;
	int		 n = 0, ofd, efd, status;
	pid_t		 pid;

	/* Copies: execv wants char *, the callers have string constants. */
	argv[n++] = xstrdup(tu_livehex());
	va_start(ap, err);
	while (n < 15 && (a = va_arg(ap, const char *)) != NULL)
		argv[n++] = xstrdup(a);
	va_end(ap);
	argv[n] = NULL;
	opath = tu_path("run.out");
	epath = tu_path("run.err");
	ofd = open(opath, O_RDWR | O_CREAT | O_TRUNC, 0600);
	efd = open(epath, O_RDWR | O_CREAT | O_TRUNC, 0600);
	ck_assert(ofd != -1 && efd != -1);
	unlink(opath);
	unlink(epath);
	free(opath);
	free(epath);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		int	in = open("/dev/null", O_RDONLY);

		dup2(in, 0);
		dup2(ofd, 1);
		dup2(efd, 2);
		if (uid != -1 && (setgroups(0, NULL) == -1 ||
		    setgid((gid_t)uid) == -1 || setuid((uid_t)uid) == -1))
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	while (waitpid(pid, &status, 0) == -1)
		ck_assert_int_eq(errno, EINTR);
	for (int i = 0; i < n; i++)
		free(argv[i]);
	*out = slurp_fd(ofd);
	*err = slurp_fd(efd);
	close(ofd);
	close(efd);
	return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

/* Run livehex as ourselves; see run_as. */
#define run(out, err, ...)	run_as(-1, out, err, __VA_ARGS__, \
				    (const char *)NULL)

/* Run livehex as ourselves and expect exit 0 and nothing on stderr. */
static char *
run_ok(const char *what, ...)
{
	const char	*argv[12];
	char		*out, *err;
	va_list		 ap;
	int		 n = 0, rc;

	va_start(ap, what);
	while (n < 11 && (argv[n] = va_arg(ap, const char *)) != NULL)
		n++;
	va_end(ap);
	for (int i = n; i < 12; i++)
		argv[i] = NULL;
	rc = run_as(-1, &out, &err, argv[0], argv[1], argv[2], argv[3],
	    argv[4], argv[5], argv[6], argv[7], argv[8], argv[9], argv[10],
	    (const char *)NULL);
	ck_assert_msg(rc == 0 && *err == '\0', "%s: exit %d, stderr: %s",
	    what, rc, err);
	free(err);
	return out;
}

/* The line of TEXT that starts (after blanks) with WORD and a blank. */
static char *
line_of(const char *text, const char *word)
{
	const char	*p = text, *s;
	size_t		 wl = strlen(word);

	while (*p != '\0') {
		s = p;
		while (*s == ' ')
			s++;
		if (strncmp(s, word, wl) == 0 && (s[wl] == ' ' ||
		    s[wl] == '\n' || s[wl] == '\0'))
			return xasprintf("%.*s", (int)strcspn(p, "\n"), p);
		p += strcspn(p, "\n");
		if (*p == '\n')
			p++;
	}
	ck_abort_msg("no line starting with \"%s\" in:\n%s", word, text);
	return NULL;
}

/* Assert that S contains WANT. */
#define ck_has(s, want) \
	ck_assert_msg(strstr((s), (want)) != NULL, "\"%s\" lacks \"%s\"", \
	    (s), (want))

/*
 * The blank-separated fields of LINE, compared with WANT[0..n) except
 * field SKIP (-1: none), which the caller checks itself.
 */
static void
fields_are_but(const char *line, const char *const *want, size_t n,
    int skip)
{
	char	*copy = xstrdup(line), *save = NULL, *f;
	size_t	 i = 0;

	for (f = strtok_r(copy, " ", &save); f != NULL && i < n;
	    f = strtok_r(NULL, " ", &save), i++)
		ck_assert_msg((int)i == skip || strcmp(f, want[i]) == 0,
		    "field %zu of \"%s\" is \"%s\", not \"%s\"", i, line, f,
		    want[i]);
	ck_assert_msg(i == n, "\"%s\" has too few fields", line);
	free(copy);
}

/* The blank-separated fields of LINE are WANT[0..n), then anything. */
static void
fields_are(const char *line, const char *const *want, size_t n)
{
	fields_are_but(line, want, n, -1);
}

/* LINE shows the address range of the holder's mapping IDX of LEN bytes. */
static void
want_addr(const char *line, const struct holder *h, int idx, size_t len)
{
	char	*addr = xasprintf(" %lx-%lx ", h->addr[idx],
		    h->addr[idx] + len);

	ck_has(line, addr);
	free(addr);
}

/*
 * The round trip for SOURCE, which the holder maps as mapping IDX: its
 * store is seen by peek and dump, and poke's store reaches it.
 */
static void
round_trip(struct holder *h, int idx, const char *source)
{
	char	*out;

	holder_ask(h, 'W', idx, 5, 0x42);
	out = run_ok("peek", "peek", source, "5", "u8", (const char *)NULL);
	ck_assert_str_eq(out, "66\n");
	free(out);
	/* The change is seen live: a second store, a second look. */
	holder_ask(h, 'W', idx, 5, 0x43);
	out = run_ok("peek", "peek", source, "5", "u8", (const char *)NULL);
	ck_assert_str_eq(out, "67\n");
	free(out);
	out = run_ok("poke", "poke", source, "6", "u8:200", (const char *)NULL);
	ck_assert_str_eq(out, "");
	free(out);
	ck_assert_uint_eq(holder_ask(h, 'R', idx, 6, 0), 200);
	out = run_ok("dump", "dump", "-c", "4", "-s", "4", "-l", "4", source,
	    (const char *)NULL);
	ck_assert_str_eq(out, "00000004: 0043 c800  .C..\n");
	free(out);
}

/* ---- each kind end to end ----------------------------------------------- */

START_TEST(kind_shm)
{
	struct hold_spec	 s[1];
	struct holder		 h;
	char			*name = shm_name("rt"), *source;

	mk_shm(name, 4096, 0600);
	s[0] = (struct hold_spec){ HOLD_SHM, name, 0, 4096 };
	holder_start(&h, s, 1);
	source = xasprintf("shm:%s", name);
	round_trip(&h, 0, source);
	holder_stop(&h);
	rm_shm(name);
	free(source);
	free(name);
}
END_TEST

START_TEST(kind_sysv)
{
	struct hold_spec	 s[1];
	struct holder		 h;
	char			*source;
	int			 id = mk_sysv(4096, 0600);

	s[0] = (struct hold_spec){ HOLD_SYSV, NULL, id, 4096 };
	holder_start(&h, s, 1);
	source = xasprintf("sysv:%d", id);
	round_trip(&h, 0, source);
	holder_stop(&h);
	shmctl(id, IPC_RMID, NULL);
	free(source);
}
END_TEST

START_TEST(kind_memfd)
{
	struct hold_spec	 s[1];
	struct holder		 h;
	char			*source;

	s[0] = (struct hold_spec){ HOLD_MEMFD, "ring", 0, 4096 };
	holder_start(&h, s, 1);
	source = xasprintf("/proc/%d/fd/%d", (int)h.pid, h.fd[0]);
	round_trip(&h, 0, source);
	free(source);
	/* Its only shared mapping: pid:PID opens it directly. */
	source = xasprintf("pid:%d", (int)h.pid);
	round_trip(&h, 0, source);
	free(source);
	holder_stop(&h);
}
END_TEST

START_TEST(kind_sysv_removed_while_attached)
{
	struct hold_spec	 s[1];
	struct holder		 h;
	char			*source, *out, *line;
	int			 id = mk_sysv(4096, 0600);

	s[0] = (struct hold_spec){ HOLD_SYSV, NULL, id, 4096 };
	holder_start(&h, s, 1);
	ck_assert_int_eq(shmctl(id, IPC_RMID, NULL), 0);
	source = xasprintf("sysv:%d", id);
	/* Linux lets a marked segment be attached until the last detach. */
	round_trip(&h, 0, source);
	out = run_ok("list", "list", (const char *)NULL);
	line = line_of(out, source);
	ck_has(line, " private ");
	ck_has(line, "read-write (marked for removal)");
	free(line);
	free(out);
	holder_stop(&h);
	free(source);
}
END_TEST

/* ---- errors a user acts on ---------------------------------------------- */

START_TEST(sealed_memfd)
{
#ifdef F_SEAL_FUTURE_WRITE
	struct hold_spec	 s[1];
	struct holder		 h;
	char			*source, *out, *err, *want;

	s[0] = (struct hold_spec){ HOLD_SEALED, "sealed", 0, 4096 };
	holder_start(&h, s, 1);
	source = xasprintf("/proc/%d/fd/%d", (int)h.pid, h.fd[0]);
	ck_assert_int_eq(run(&out, &err, "poke", source, "0", "u8:1"), 1);
	want = xasprintf("livehex: %s: sealed memfd: F_SEAL_FUTURE_WRITE "
	    "makes a writable mapping impossible; use -r (read-only)\n",
	    source);
	ck_assert_str_eq(err, want);
	free(want);
	free(out);
	free(err);
	/* Reading still works, and sees the holder's stores. */
	holder_ask(&h, 'W', 0, 0, 9);
	out = run_ok("peek", "peek", source, "0", "u8", (const char *)NULL);
	ck_assert_str_eq(out, "9\n");
	free(out);
	ck_assert_uint_eq(holder_ask(&h, 'R', 0, 0, 0), 9);
	holder_stop(&h);
	free(source);
#endif
}
END_TEST

START_TEST(sysv_root_only_as_nobody)
{
	char	*source, *out, *err, *want, *line;
	int	 id = mk_sysv(4096, 0400);

	if (geteuid() != 0)
		return;
	source = xasprintf("sysv:%d", id);
	ck_assert_int_eq(run_as(NOBODY, &out, &err, "peek", source, "0", "u8",
	    (const char *)NULL), 1);
	want = xasprintf("livehex: %s: permission denied (need read "
	    "permission on the segment; its mode is 0400 owned by root)\n",
	    source);
	ck_assert_str_eq(err, want);
	ck_assert_str_eq(out, "");
	free(want);
	free(out);
	free(err);
	/* And list, as nobody, says it cannot be opened. */
	ck_assert_int_eq(run_as(NOBODY, &out, &err, "list",
	    (const char *)NULL), 0);
	line = line_of(out, source);
	ck_assert_str_eq(line + strlen(line) - 4, "  no");
	free(line);
	free(out);
	free(err);
	/* Root may (CAP_IPC_OWNER). */
	out = run_ok("peek", "peek", source, "0", "u8", (const char *)NULL);
	ck_assert_str_eq(out, "0\n");
	free(out);
	shmctl(id, IPC_RMID, NULL);
	free(source);
}
END_TEST

START_TEST(missing_sources)
{
	char	*out, *err;

	ck_assert_int_eq(run(&out, &err, "peek", "sysv:2147483647", "0",
	    "u8"), 1);
	ck_assert_str_eq(err, "livehex: sysv:2147483647: no such segment "
	    "(livehex list shows the segments)\n");
	free(out);
	free(err);
	ck_assert_int_eq(run(&out, &err, "dump", "shm:lhx-not-there"), 1);
	ck_assert_str_eq(err, "livehex: shm:lhx-not-there: no POSIX shared "
	    "memory object \"lhx-not-there\" in /dev/shm (livehex list shows "
	    "them; --create SIZE makes one)\n");
	free(out);
	free(err);
	ck_assert_int_eq(run(&out, &err, "poke", "pid:2147483647", "0",
	    "00"), 1);
	ck_assert_str_eq(err, "livehex: pid:2147483647: no such process\n");
	free(out);
	free(err);
}
END_TEST

START_TEST(pid_several)
{
	static const char *const cmds[][5] = {
		{ "peek", "SRC", "0", "u8", NULL },
		{ "dump", "SRC", NULL, NULL, NULL },
		{ "poke", "SRC", "0", "u8:1", NULL },
	};
	struct hold_spec	 s[2];
	struct holder		 h;
	char			*pid, *out, *err, *mem, *seg;
	int			 id = mk_sysv(4096, 0600);

	s[0] = (struct hold_spec){ HOLD_MEMFD, "one", 0, 4096 };
	s[1] = (struct hold_spec){ HOLD_SYSV, NULL, id, 4096 };
	holder_start(&h, s, 2);
	pid = xasprintf("pid:%d", (int)h.pid);
	mem = xasprintf("\n  /proc/%d/fd/%d ", (int)h.pid, h.fd[0]);
	seg = xasprintf("\n  sysv:%d ", id);
	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		ck_assert_int_eq(run(&out, &err, cmds[i][0], pid, cmds[i][2],
		    cmds[i][3]), 2);
		ck_has(err, "2 shared mappings can be opened; name one as "
		    "SOURCE:");
		ck_has(err, mem);
		ck_has(err, seg);
		ck_assert_str_eq(out, "");
		free(out);
		free(err);
	}
	/* Nothing was written. */
	ck_assert_uint_eq(holder_ask(&h, 'R', 0, 0, 0), 0);
	holder_stop(&h);
	shmctl(id, IPC_RMID, NULL);
	free(pid);
	free(mem);
	free(seg);
}
END_TEST

/* ---- livehex list ------------------------------------------------------- */

START_TEST(list_objects)
{
	struct hold_spec	 s[1];
	struct holder		 h;
	char			*name = shm_name("listed"), *out, *line;
	char			*src_shm, *src_sysv, *key;
	int			 id = mk_sysv(3000, 0640);

	mk_shm(name, 777, 0604);
	s[0] = (struct hold_spec){ HOLD_SYSV, NULL, id, 3000 };
	holder_start(&h, s, 1);
	src_shm = xasprintf("shm:%s", name);
	src_sysv = xasprintf("sysv:%d", id);
	key = xasprintf("0x%08x", (unsigned)sysv_key(id));
	out = run_ok("list", "list", (const char *)NULL);
	ck_has(out, "POSIX shared memory objects (/dev/shm):\n"
	    "  SOURCE");
	ck_has(out, "System V shared memory segments (/proc/sysvipc/shm):\n"
	    "  SOURCE");
	line = line_of(out, "SOURCE");
	{
		const char *const want[] = { "SOURCE", "SIZE", "OWNER", "MODE",
		    "ACCESS" };

		fields_are(line, want, 5);
	}
	free(line);
	line = line_of(out, src_shm);
	{
		const char *const want[] = { src_shm, "777", "root", "0604",
		    "read-write" };

		fields_are(line, want, 5);
	}
	free(line);
	line = line_of(out, src_sysv);
	{
		const char *const want[] = { src_sysv, key, "3000", "root",
		    "0640", "1", "read-write" };

		fields_are(line, want, 7);
	}
	free(line);
	free(out);
	holder_stop(&h);
	rm_shm(name);
	shmctl(id, IPC_RMID, NULL);
	free(src_shm);
	free(src_sysv);
	free(key);
	free(name);
}
END_TEST

START_TEST(list_columns_align)
{
	char	*out, *p, *a = shm_name("a"), *b = shm_name("bbbbbbbbbbbbbbbb");
	char	*la, *lb;

	mk_shm(a, 1, 0600);
	mk_shm(b, 123456789, 0600);
	out = run_ok("list", "list", (const char *)NULL);
	la = xasprintf("shm:%s", a);
	lb = xasprintf("shm:%s", b);
	p = line_of(out, la);
	free(la);
	la = p;
	p = line_of(out, lb);
	free(lb);
	lb = p;
	/* Same length, sizes right-aligned, ACCESS in the same column. */
	ck_assert_uint_eq(strlen(la), strlen(lb));
	ck_assert_str_eq(la + strlen(la) - 10, "read-write");
	ck_assert_ptr_nonnull(strstr(la, "          1  root"));
	free(la);
	free(lb);
	free(out);
	rm_shm(a);
	rm_shm(b);
	free(a);
	free(b);
}
END_TEST

START_TEST(list_pid)
{
	struct hold_spec	 s[4];
	struct holder		 h;
	char			*name = shm_name("mapped"), *out, *line, *src;
	char			*head;
	int			 id = mk_sysv(8192, 0600);

	mk_shm(name, 4096, 0600);
	s[0] = (struct hold_spec){ HOLD_MEMFD, "ring", 0, 12288 };
	s[1] = (struct hold_spec){ HOLD_SYSV, NULL, id, 8192 };
	s[2] = (struct hold_spec){ HOLD_SHM, name, 0, 4096 };
	s[3] = (struct hold_spec){ HOLD_ANON, NULL, 0, 4096 };
	holder_start(&h, s, 4);
	src = xasprintf("%d", (int)h.pid);
	out = run_ok("list --pid", "list", "--pid", src, (const char *)NULL);
	free(src);
	head = xasprintf("Shared mappings of process %d (", (int)h.pid);
	ck_assert_msg(strncmp(out, head, strlen(head)) == 0, "%s", out);
	free(head);
	line = line_of(out, "SOURCE");
	{
		const char *const want[] = { "SOURCE", "ACCESS", "SIZE",
		    "PERMS", "ADDRESS", "WHAT" };

		fields_are(line, want, 6);
	}
	free(line);

	src = xasprintf("/proc/%d/fd/%d", (int)h.pid, h.fd[0]);
	line = line_of(out, src);
	{
		char		*addr = xasprintf("%lx-%lx", h.addr[0],
				    h.addr[0] + 12288);
		const char *const want[] = { src, "read-write", "12288",
		    "rw-s", addr, "memfd", "ring" };

		fields_are(line, want, 7);
		free(addr);
	}
	free(line);
	free(src);

	src = xasprintf("sysv:%d", id);
	line = line_of(out, src);
	{
		char		*k = xasprintf("0x%08x",
				    (unsigned)sysv_key(id));
		const char *const want[] = { src, "read-write", "8192", "rw-s",
		    "-", "SysV", "segment,", "key", k };

		want_addr(line, &h, 1, 8192);
		fields_are_but(line, want, 9, 4);
		free(k);
	}
	free(line);
	free(src);

	src = xasprintf("shm:%s", name);
	line = line_of(out, src);
	{
		const char *const want[] = { src, "read-write", "4096", "rw-s",
		    "-", "POSIX", "shm", name };

		want_addr(line, &h, 2, 4096);
		fields_are_but(line, want, 8, 4);
	}
	free(line);
	free(src);

	/* Root reaches shared anonymous memory through map_files. */
	src = xasprintf("/proc/%d/map_files/%lx-%lx", (int)h.pid, h.addr[3],
	    h.addr[3] + 4096);
	line = line_of(out, src);
	ck_has(line, "shared anonymous memory");
	free(line);
	/* ... and that SOURCE opens it, live. */
	holder_ask(&h, 'W', 3, 100, 0x7e);
	line = run_ok("peek", "peek", src, "100", "u8", (const char *)NULL);
	ck_assert_str_eq(line, "126\n");
	free(line);
	free(src);
	free(out);
	holder_stop(&h);
	rm_shm(name);
	shmctl(id, IPC_RMID, NULL);
	free(name);
}
END_TEST

START_TEST(list_usage)
{
	static const char *const bad[][3] = {
		{ "--bogus", NULL, NULL },
		{ "--pid", NULL, NULL },
		{ "--pid", "abc", NULL },
		{ "--pid", "0", NULL },
		{ "extra", NULL, NULL },
		{ "--pid", "1", "extra" },
	};
	char	*out, *err;

	for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
		ck_assert_int_eq(run(&out, &err, "list", bad[i][0], bad[i][1],
		    bad[i][2]), 2);
		ck_has(err, "usage: livehex list [--pid PID]");
		ck_assert_str_eq(out, "");
		free(out);
		free(err);
	}
	ck_assert_int_eq(run(&out, &err, "list", "--pid", "2147483647"), 1);
	ck_assert_str_eq(err, "livehex: pid:2147483647: no such process\n");
	free(out);
	free(err);
	ck_assert_int_eq(run(&out, &err, "list", "--help"), 0);
	ck_has(out, "usage: livehex list [--pid PID]");
	free(out);
	free(err);
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
list_suite(void)
{
	Suite	*s = suite_create("list");

	add(s, "shm:NAME end to end", kind_shm);
	add(s, "sysv:SHMID end to end", kind_sysv);
	add(s, "memfd and pid:PID end to end", kind_memfd);
	add(s, "sysv removed while attached", kind_sysv_removed_while_attached);
	add(s, "sealed memfd", sealed_memfd);
	add(s, "root-only segment as nobody", sysv_root_only_as_nobody);
	add(s, "missing sources", missing_sources);
	add(s, "pid:PID with several mappings", pid_several);
	add(s, "list objects and segments", list_objects);
	add(s, "list columns align", list_columns_align);
	add(s, "list --pid", list_pid);
	add(s, "list usage", list_usage);
	return s;
}

/* Run in fork mode; sweep every segment and object afterwards. */
int
main(void)
{
	SRunner	*sr;
	int	 failed;

	runner = getpid();
	sweep_file = tu_path("sysv-made");
	sr = srunner_create(list_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	sweep();
	free(sweep_file);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
