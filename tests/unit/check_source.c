/* SPDX-License-Identifier: ISC */
/*
 * check_source.c - unit tests for SOURCE specs, /proc parsing and opening
 * each kind of shared memory (source.c), and for the door's System V path.
 *
 * The parsers are tested on literal lines as the kernel writes them.  The
 * rest is real: a "holder" child process creates or attaches a memfd, a
 * SysV segment, a POSIX shm object, shared anonymous memory and a file,
 * and stores or loads bytes on request, so that what source.c finds in
 * /proc/HOLDER/maps, and what the door opens, is checked against a process
 * that really has them.
 *
 * Fork mode: every test is its own process, and a failing test does not
 * get to clean up.  So every SysV segment and /dev/shm object a test makes
 * is recorded (segment: shmid and key; object: a name prefix with the
 * runner's pid) and the runner sweeps them all after the suite.  Holders
 * die with the test that started them (PR_SET_PDEATHSIG).
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timeout.h"
#include "door.h"
#include "door_sys.h"
#include "source.h"
#include "testutil.h"
#include "xmalloc.h"

#define NOBODY		65534

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
		key = (key_t)(0x4c000000u | (((unsigned)getpid() & 0xffff) <<
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

/* Create /dev/shm/NAME of SIZE bytes with MODE. */
static void
mk_shm(const char *name, size_t size, mode_t mode)
{
	char	*path = xasprintf("%s/%s", SOURCE_SHM_DIR, name);
	int	 fd = open(path, O_RDWR | O_CREAT | O_EXCL, mode);

	ck_assert_msg(fd != -1, "create %s: %s", path, strerror(errno));
	ck_assert_int_eq(fchmod(fd, mode), 0);
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	close(fd);
	free(path);
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
	dp = opendir(SOURCE_SHM_DIR);
	while (dp != NULL && (de = readdir(dp)) != NULL) {
		if (strncmp(de->d_name, prefix, strlen(prefix)) != 0)
			continue;
		path = xasprintf("%s/%s", SOURCE_SHM_DIR, de->d_name);
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
	HOLD_SHM,	/* /dev/shm/name */
	HOLD_ANON,	/* MAP_SHARED | MAP_ANONYMOUS */
	HOLD_FILE,	/* a file by path */
};

/* One mapping for the holder to make. */
struct hold_spec {
	enum hold_kind	 kind;
	const char	*name;		/* memfd name, shm name or path */
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

/* The holder's side: make the mappings, then serve requests until EOF. */
static void __attribute__((noreturn))
holder_main(const struct hold_spec *s, size_t n, int cmd, int reply)
{
	volatile unsigned char	*map[HOLD_MAX];
	struct hold_msg		 m;
	int			 fd[HOLD_MAX];
	unsigned long		 addr[HOLD_MAX];

	for (size_t i = 0; i < n; i++) {
		void	*p = MAP_FAILED;
		char	*path;

		fd[i] = -1;
		switch (s[i].kind) {
		case HOLD_MEMFD:
		case HOLD_SEALED:
			fd[i] = memfd_create(s[i].name, MFD_ALLOW_SEALING);
			if (fd[i] == -1 || ftruncate(fd[i], (off_t)s[i].size))
				_exit(3);
			p = mmap(NULL, s[i].size, PROT_READ | PROT_WRITE,
			    MAP_SHARED, fd[i], 0);
			/* Our own writable mapping survives the seal. */
			if (s[i].kind == HOLD_SEALED && fcntl(fd[i],
			    F_ADD_SEALS, F_SEAL_FUTURE_WRITE) == -1)
				_exit(4);
			break;
		case HOLD_SYSV:
			p = shmat(s[i].shmid, NULL, 0);
			if (p == (void *)-1)
				p = MAP_FAILED;
			break;
		case HOLD_SHM:
		case HOLD_FILE:
			path = s[i].kind == HOLD_SHM ? xasprintf("%s/%s",
			    SOURCE_SHM_DIR, s[i].name) : xstrdup(s[i].name);
			fd[i] = open(path, O_RDWR);
			free(path);
			if (fd[i] == -1)
				_exit(5);
			p = mmap(NULL, s[i].size, PROT_READ | PROT_WRITE,
			    MAP_SHARED, fd[i], 0);
			close(fd[i]);
			fd[i] = -1;
			break;
		case HOLD_ANON:
			p = mmap(NULL, s[i].size, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
			break;
		}
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

/* Start a holder for S[0..n) (as UID when not -1); it dies with us. */
static void
holder_start_as(struct holder *h, const struct hold_spec *s, size_t n,
    int uid)
{
	int	cp[2], rp[2];
	pid_t	parent = getpid();

	ck_assert(n <= HOLD_MAX);
	ck_assert_int_eq(pipe(cp), 0);
	ck_assert_int_eq(pipe(rp), 0);
	h->pid = fork();
	ck_assert_int_ne(h->pid, -1);
	if (h->pid == 0) {
		close(cp[1]);
		close(rp[0]);
		if (uid != -1) {
			if (setgroups(0, NULL) == -1 ||
			    setgid((gid_t)uid) == -1 ||
			    setuid((uid_t)uid) == -1)
				_exit(2);
			/* setuid made us undumpable: /proc/PID is root's. */
			prctl(PR_SET_DUMPABLE, 1);
		}
		/* After setuid, which clears the parent-death signal. */
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(1);
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

/* Start a holder for S[0..n) as ourselves. */
static void
holder_start(struct holder *h, const struct hold_spec *s, size_t n)
{
	holder_start_as(h, s, n, -1);
}

/* Ask the holder to store or load; the byte it answers. */
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

/* Drop to user nobody for the rest of this (forked) test. */
static void
become_nobody(void)
{
	ck_assert_int_eq(setgroups(0, NULL), 0);
	ck_assert_int_eq(setgid(NOBODY), 0);
	ck_assert_int_eq(setuid(NOBODY), 0);
}

/* Assert that CAUSE contains WANT. */
#define ck_cause(cause, want) \
	ck_assert_msg((cause) != NULL && strstr((cause), (want)) != NULL, \
	    "cause \"%s\" lacks \"%s\"", (cause) ? (cause) : "(null)", (want))

/* ---- SOURCE specs ------------------------------------------------------- */

/* A spec that parses, and what it must parse to. */
struct spec_ok {
	const char		*spec;
	enum source_kind	 kind;
	const char		*path;
	const char		*name;
	int			 num;	/* shmid or pid */
};

static const struct spec_ok spec_oks[] = {
	{ "data.bin", SOURCE_PATH, "data.bin", NULL, 0 },
	{ "/dev/sda", SOURCE_PATH, "/dev/sda", NULL, 0 },
	{ "./shm:ring", SOURCE_PATH, "./shm:ring", NULL, 0 },
	{ "SHM:ring", SOURCE_PATH, "SHM:ring", NULL, 0 },
	{ "shm:ring", SOURCE_SHM, "/dev/shm/ring", "ring", 0 },
	{ "shm:sem.lock", SOURCE_SHM, "/dev/shm/sem.lock", "sem.lock", 0 },
	{ "shm:...", SOURCE_SHM, "/dev/shm/...", "...", 0 },
	{ "sysv:0", SOURCE_SYSV, NULL, NULL, 0 },
	{ "sysv:32769", SOURCE_SYSV, NULL, NULL, 32769 },
	{ "sysv:2147483647", SOURCE_SYSV, NULL, NULL, 2147483647 },
	{ "pid:1", SOURCE_PID, NULL, NULL, 1 },
	{ "pid:4194304", SOURCE_PID, NULL, NULL, 4194304 },
};

START_TEST(spec_parses)
{
	const struct spec_ok	*t = &spec_oks[_i];
	struct source_spec	 s;
	char			*cause = NULL;

	ck_assert_msg(source_parse(t->spec, &s, &cause) == 0, "%s: %s",
	    t->spec, cause);
	ck_assert_int_eq(s.kind, t->kind);
	if (t->path != NULL)
		ck_assert_str_eq(s.path, t->path);
	else
		ck_assert_ptr_null(s.path);
	if (t->name != NULL)
		ck_assert_str_eq(s.name, t->name);
	else
		ck_assert_ptr_null(s.name);
	if (t->kind == SOURCE_SYSV)
		ck_assert_int_eq(s.shmid, t->num);
	if (t->kind == SOURCE_PID)
		ck_assert_int_eq(s.pid, t->num);
	source_spec_free(&s);
}
END_TEST

/* A spec that is refused, and a word of the reason. */
struct spec_bad {
	const char	*spec;
	const char	*want;
};

static const struct spec_bad spec_bads[] = {
	{ "", "empty" },
	{ "shm:", "needs a NAME" },
	{ "shm:a/b", "cannot contain '/'" },
	{ "shm:/ring", "cannot contain '/'" },
	{ "shm:.", "not a shared memory object name" },
	{ "shm:..", "not a shared memory object name" },
	{ "sysv:", "segment id" },
	{ "sysv:-1", "segment id" },
	{ "sysv:+1", "segment id" },
	{ "sysv:0x10", "segment id" },
	{ "sysv:12 ", "segment id" },
	{ "sysv:2147483648", "segment id" },
	{ "pid:", "process id" },
	{ "pid:0", "process id" },
	{ "pid:-5", "process id" },
	{ "pid:12a", "process id" },
	{ "pid:99999999999999999999", "process id" },
};

START_TEST(spec_refused)
{
	const struct spec_bad	*t = &spec_bads[_i];
	struct source_spec	 s;
	char			*cause = NULL;

	ck_assert_msg(source_parse(t->spec, &s, &cause) == -1,
	    "\"%s\" parsed", t->spec);
	ck_cause(cause, t->want);
	free(cause);
}
END_TEST

START_TEST(spec_long_shm_name)
{
	struct source_spec	 s;
	char			 spec[NAME_MAX + 8], *cause = NULL;

	strcpy(spec, "shm:");
	memset(spec + 4, 'x', NAME_MAX);
	spec[4 + NAME_MAX] = '\0';
	ck_assert_int_eq(source_parse(spec, &s, &cause), 0);
	source_spec_free(&s);
	strcat(spec, "x");
	ck_assert_int_eq(source_parse(spec, &s, &cause), -1);
	ck_cause(cause, "longer than");
	free(cause);
}
END_TEST

/* ---- /proc/PID/maps lines ----------------------------------------------- */

/* Parse LINE, which must succeed. */
static void
map_ok(const char *line, struct source_map *m)
{
	char	*cause = NULL;

	ck_assert_msg(source_map_parse(line, m, &cause) == 0, "%s: %s", line,
	    cause);
}

START_TEST(map_memfd)
{
	struct source_map	m;

	map_ok("7f1c2a400000-7f1c2a402000 rw-s 00000000 00:01 1058         "
	    "               /memfd:ring buffer (deleted)\n", &m);
	ck_assert_uint_eq(m.start, 0x7f1c2a400000ULL);
	ck_assert_uint_eq(m.end, 0x7f1c2a402000ULL);
	ck_assert_str_eq(m.perms, "rw-s");
	ck_assert(m.shared);
	ck_assert_uint_eq(m.offset, 0);
	ck_assert_uint_eq(m.dev_major, 0);
	ck_assert_uint_eq(m.dev_minor, 1);
	ck_assert_uint_eq(m.inode, 1058);
	ck_assert(m.deleted);
	ck_assert_int_eq(m.kind, SOURCE_MAP_MEMFD);
	ck_assert_str_eq(m.name, "ring buffer");
	ck_assert_str_eq(m.path, "/memfd:ring buffer");
	source_map_free(&m);
}
END_TEST

START_TEST(map_sysv)
{
	struct source_map	m;

	map_ok("7f0e6c5fe000-7f0e6c5ff000 rw-s 00000000 00:01 32769      "
	    "                /SYSV1234abcd (deleted)", &m);
	ck_assert_int_eq(m.kind, SOURCE_MAP_SYSV);
	ck_assert_uint_eq(m.sysv_key, 0x1234abcdU);
	ck_assert_uint_eq(m.inode, 32769);
	ck_assert(m.shared);
	source_map_free(&m);
	/* IPC_PRIVATE: key 0. */
	map_ok("7f0e6c5fe000-7f0e6c5ff000 r--s 00000000 00:01 5 "
	    "/SYSV00000000 (deleted)\n", &m);
	ck_assert_int_eq(m.kind, SOURCE_MAP_SYSV);
	ck_assert_uint_eq(m.sysv_key, 0);
	source_map_free(&m);
	/* Not eight hex digits: just a deleted file of that name. */
	map_ok("7f0e6c5fe000-7f0e6c5ff000 rw-s 00000000 08:01 7 "
	    "/SYSV12 (deleted)\n", &m);
	ck_assert_int_eq(m.kind, SOURCE_MAP_FILE);
	source_map_free(&m);
}
END_TEST

START_TEST(map_dev_zero)
{
	struct source_map	m;

	map_ok("7f6e1c3f5000-7f6e1c3f6000 rw-s 00000000 00:01 2053       "
	    "                /dev/zero (deleted)\n", &m);
	ck_assert_int_eq(m.kind, SOURCE_MAP_ANON);
	ck_assert_ptr_null(m.name);
	source_map_free(&m);
	/* Named with PR_SET_VMA_ANON_NAME. */
	map_ok("7f6e1c3f5000-7f6e1c3f6000 rw-s 00000000 00:01 2053 "
	    "[anon_shmem:frames]\n", &m);
	ck_assert_int_eq(m.kind, SOURCE_MAP_ANON);
	ck_assert_str_eq(m.name, "frames");
	source_map_free(&m);
	/* The device itself, not deleted: a file (that maps privately). */
	map_ok("7f6e1c3f5000-7f6e1c3f6000 rw-s 00000000 00:05 4 "
	    "/dev/zero\n", &m);
	ck_assert_int_eq(m.kind, SOURCE_MAP_FILE);
	source_map_free(&m);
}
END_TEST

START_TEST(map_file_backed)
{
	struct source_map	m;

	map_ok("7fa3b2c00000-7fa3b2e00000 rw-s 00100000 fd:00 1311234      "
	    "             /var/lib/app/data file.bin\n", &m);
	ck_assert_int_eq(m.kind, SOURCE_MAP_FILE);
	ck_assert_str_eq(m.path, "/var/lib/app/data file.bin");
	ck_assert(!m.deleted);
	ck_assert_uint_eq(m.offset, 0x100000);
	ck_assert_uint_eq(m.dev_major, 0xfd);
	ck_assert_uint_eq(m.dev_minor, 0);
	ck_assert_uint_eq(m.inode, 1311234);
	source_map_free(&m);
	map_ok("7fa3b2c00000-7fa3b2e00000 rw-s 00000000 08:01 99 "
	    "/tmp/old.bin (deleted)\n", &m);
	ck_assert_int_eq(m.kind, SOURCE_MAP_FILE);
	ck_assert_str_eq(m.path, "/tmp/old.bin");
	ck_assert(m.deleted);
	source_map_free(&m);
	/* A POSIX shm object, and a file in a directory under /dev/shm. */
	map_ok("7fa3b2c00000-7fa3b2c01000 rw-s 00000000 00:1a 12 "
	    "/dev/shm/ring\n", &m);
	ck_assert_int_eq(m.kind, SOURCE_MAP_SHM);
	ck_assert_str_eq(m.name, "ring");
	source_map_free(&m);
	map_ok("7fa3b2c00000-7fa3b2c01000 rw-s 00000000 00:1a 12 "
	    "/dev/shm/dir/ring\n", &m);
	ck_assert_int_eq(m.kind, SOURCE_MAP_FILE);
	source_map_free(&m);
}
END_TEST

START_TEST(map_not_shared)
{
	struct source_map	m;

	map_ok("55d0c7a00000-55d0c7a02000 r-xp 00002000 08:01 1234 "
	    "/usr/bin/cat\n", &m);
	ck_assert(!m.shared);
	ck_assert_int_eq(m.kind, SOURCE_MAP_FILE);
	source_map_free(&m);
	map_ok("55d0c8a00000-55d0c8a21000 rw-p 00000000 00:00 0          "
	    "                [heap]\n", &m);
	ck_assert(!m.shared);
	ck_assert_int_eq(m.kind, SOURCE_MAP_PSEUDO);
	source_map_free(&m);
	/* Private anonymous memory has no pathname at all. */
	map_ok("7f0000000000-7f0000001000 rw-p 00000000 00:00 0 \n", &m);
	ck_assert(!m.shared);
	ck_assert_int_eq(m.kind, SOURCE_MAP_PSEUDO);
	ck_assert_str_eq(m.path, "");
	source_map_free(&m);
	map_ok("7f0000000000-7f0000001000 rw-p 00000000 00:00 0", &m);
	ck_assert_str_eq(m.path, "");
	source_map_free(&m);
}
END_TEST

static const char *const map_bads[] = {
	"",
	"garbage\n",
	"7f0000001000-7f0000000000 rw-s 00000000 00:01 1 /x\n",
	"7f0000000000-7f0000001000 rwxq 00000000 00:01 1 /x\n",
	"7f0000000000-7f0000001000 rw-s- 00000000 00:01 1 /x\n",
	"7f0000000000-7f0000001000 rw-s 00000000 00:01\n",
	"7f0000000000-7f0000001000 rw-s 00000000 0001 1 /x\n",
	"7f0000000000-7f0000001000 rw-s 00000000 00:01 1x /x\n",
};

START_TEST(map_refused)
{
	struct source_map	 m;
	char			*cause = NULL;

	ck_assert_msg(source_map_parse(map_bads[_i], &m, &cause) == -1,
	    "\"%s\" parsed", map_bads[_i]);
	ck_cause(cause, "not a /proc/PID/maps line");
	free(cause);
}
END_TEST

/* ---- /proc/sysvipc/shm lines -------------------------------------------- */

START_TEST(sysvipc_line)
{
	struct source_sysv	 s;
	char			*cause = NULL;

	ck_assert_int_eq(source_sysv_parse("  305419896      32769  1640     "
	    "             4096  1200  1201      2     0    27     1     0 "
	    "1700000000          0 1700000000                  4096        "
	    "             0\n", &s, &cause), 0);
	ck_assert_int_eq(s.key, 0x12345678);
	ck_assert_int_eq(s.shmid, 32769);
	ck_assert_uint_eq(s.mode, 0640);
	ck_assert(s.destroyed);
	ck_assert_uint_eq(s.size, 4096);
	ck_assert_int_eq(s.cpid, 1200);
	ck_assert_int_eq(s.lpid, 1201);
	ck_assert_uint_eq(s.nattch, 2);
	ck_assert_uint_eq(s.uid, 0);
	ck_assert_uint_eq(s.gid, 27);
	ck_assert_uint_eq(s.cuid, 1);
	ck_assert_uint_eq(s.cgid, 0);
	ck_assert_str_eq(s.source, "sysv:32769");
	free(s.source);
	/* A key above 0x7fffffff is printed negative. */
	ck_assert_int_eq(source_sysv_parse("        -1          7   600 1 1 1 "
	    "0 1000 1000 1000 1000 0 0 0 4096 0", &s, &cause), 0);
	ck_assert_uint_eq((uint32_t)s.key, 0xffffffffU);
	ck_assert(!s.destroyed);
	free(s.source);
	ck_assert_int_eq(source_sysv_parse("       key      shmid perms size",
	    &s, &cause), -1);
	ck_cause(cause, "not a /proc/sysvipc/shm line");
	free(cause);
}
END_TEST

/* ---- a process's shared mappings ---------------------------------------- */

/* The candidate of C[0..n) at address ADDR. */
static const struct source_candidate *
cand_at(const struct source_candidate *c, size_t n, unsigned long addr)
{
	for (size_t i = 0; i < n; i++)
		if (c[i].map.start == addr)
			return &c[i];
	ck_abort_msg("no mapping at %lx", addr);
	return NULL;
}

START_TEST(list_pid_each_kind)
{
	struct source_candidate		*c;
	const struct source_candidate	*k;
	struct holder			 h;
	struct hold_spec		 s[6];
	size_t				 n;
	char				*cause = NULL, *name, *path, *want;
	int				 id = mk_sysv(4096, 0600);

	name = shm_name("each");
	mk_shm(name, 8192, 0640);
	path = tu_file("mapped.bin", "0123456789", 10);
	s[0] = (struct hold_spec){ HOLD_MEMFD, "ring", 0, 12288 };
	s[1] = (struct hold_spec){ HOLD_SYSV, NULL, id, 4096 };
	s[2] = (struct hold_spec){ HOLD_SHM, name, 0, 8192 };
	s[3] = (struct hold_spec){ HOLD_ANON, NULL, 0, 4096 };
	s[4] = (struct hold_spec){ HOLD_FILE, path, 0, 10 };
	s[5] = (struct hold_spec){ HOLD_SEALED, "locked", 0, 4096 };
	holder_start(&h, s, 6);

	ck_assert_msg(source_list_pid(h.pid, &c, &n, &cause) == 0, "%s",
	    cause);
	ck_assert_uint_ge(n, 6);

	k = cand_at(c, n, h.addr[0]);
	ck_assert_int_eq(k->map.kind, SOURCE_MAP_MEMFD);
	want = xasprintf("/proc/%d/fd/%d", (int)h.pid, h.fd[0]);
	ck_assert_str_eq(k->source, want);
	free(want);
	ck_assert_str_eq(k->what, "memfd ring");
	ck_assert_uint_eq(k->size, 12288);
	ck_assert(k->can_read && k->can_write);
	ck_assert_ptr_null(k->why);

	k = cand_at(c, n, h.addr[1]);
	ck_assert_int_eq(k->map.kind, SOURCE_MAP_SYSV);
	want = xasprintf("sysv:%d", id);
	ck_assert_str_eq(k->source, want);
	free(want);
	want = xasprintf("SysV segment, key 0x%08x", (unsigned)sysv_key(id));
	ck_assert_str_eq(k->what, want);
	free(want);
	ck_assert(k->can_read && k->can_write);

	k = cand_at(c, n, h.addr[2]);
	ck_assert_int_eq(k->map.kind, SOURCE_MAP_SHM);
	want = xasprintf("shm:%s", name);
	ck_assert_str_eq(k->source, want);
	free(want);
	ck_assert_uint_eq(k->size, 8192);
	ck_assert(k->can_read && k->can_write);

	/* We are root: map_files is open to us. */
	k = cand_at(c, n, h.addr[3]);
	ck_assert_int_eq(k->map.kind, SOURCE_MAP_ANON);
	ck_assert_str_eq(k->what, "shared anonymous memory");
	want = xasprintf("/proc/%d/map_files/%lx-%lx", (int)h.pid, h.addr[3],
	    h.addr[3] + 4096);
	ck_assert_str_eq(k->source, want);
	free(want);

	k = cand_at(c, n, h.addr[4]);
	ck_assert_int_eq(k->map.kind, SOURCE_MAP_FILE);
	ck_assert_str_eq(k->source, path);
	ck_assert_uint_eq(k->size, 10);

	k = cand_at(c, n, h.addr[5]);
	ck_assert_int_eq(k->map.kind, SOURCE_MAP_MEMFD);
	ck_assert(k->can_read && !k->can_write);
	ck_cause(k->why, "F_SEAL_FUTURE_WRITE");

	source_candidates_free(c, n);
	holder_stop(&h);
	shmctl(id, IPC_RMID, NULL);
	want = xasprintf("%s/%s", SOURCE_SHM_DIR, name);
	unlink(want);
	free(want);
	free(name);
	free(path);
}
END_TEST

START_TEST(list_pid_deleted_file_by_fd)
{
	struct source_candidate		*c;
	const struct source_candidate	*k;
	struct holder			 h;
	struct hold_spec		 s[1];
	size_t				 n;
	char				*cause = NULL, *path;
	unsigned char			 b;

	/* A memfd is the deleted file that is easiest to hold open. */
	s[0] = (struct hold_spec){ HOLD_MEMFD, "x (deleted)", 0, 4096 };
	holder_start(&h, s, 1);
	holder_ask(&h, 'W', 0, 7, 0x5a);
	ck_assert_int_eq(source_list_pid(h.pid, &c, &n, &cause), 0);
	k = cand_at(c, n, h.addr[0]);
	ck_assert_int_eq(k->map.kind, SOURCE_MAP_MEMFD);
	ck_assert_str_eq(k->map.name, "x (deleted)");
	path = xasprintf("/proc/%d/fd/%d", (int)h.pid, h.fd[0]);
	ck_assert_str_eq(k->source, path);
	{
		struct door	*d = source_open(k->source, DOOR_RDONLY,
				    &cause);

		ck_assert_msg(d != NULL, "%s", cause);
		ck_assert_uint_eq(door_read(d, 7, &b, 1).valid, 1);
		ck_assert_uint_eq(b, 0x5a);
		door_close(d);
	}
	free(path);
	source_candidates_free(c, n);
	holder_stop(&h);
}
END_TEST

START_TEST(list_pid_no_process)
{
	struct source_candidate	*c;
	size_t			 n;
	char			*cause = NULL;
	pid_t			 pid;

	/* A child that has been reaped: its pid names no process now. */
	pid = fork();
	if (pid == 0)
		_exit(0);
	waitpid(pid, NULL, 0);
	ck_assert_int_eq(source_list_pid(pid, &c, &n, &cause), -1);
	ck_assert_str_eq(cause, "no such process");
	free(cause);
	ck_assert_ptr_null(source_open("pid:2147483647", 0, &cause));
	ck_assert_str_eq(cause, "no such process");
	free(cause);
}
END_TEST

START_TEST(list_pid_needs_ptrace)
{
	struct source_candidate	*c;
	size_t			 n;
	char			*cause = NULL;

	if (geteuid() != 0)
		return;
	become_nobody();
	ck_assert_int_eq(source_list_pid(1, &c, &n, &cause), -1);
	ck_cause(cause, "cannot read /proc/1/maps: permission denied "
	    "(ptrace access needed");
	free(cause);
}
END_TEST

START_TEST(list_pid_anon_needs_cap)
{
	struct source_candidate		*c;
	const struct source_candidate	*k;
	struct hold_spec		 s[1];
	struct holder			 h;
	size_t				 n;
	char				*cause = NULL, *want;

	if (geteuid() != 0)
		return;
	s[0] = (struct hold_spec){ HOLD_ANON, NULL, 0, 4096 };
	holder_start_as(&h, s, 1, NOBODY);
	become_nobody();
	/* Same user, dumpable: ptrace-read is allowed, map_files is not. */
	prctl(PR_SET_DUMPABLE, 1);
	ck_assert_msg(source_list_pid(h.pid, &c, &n, &cause) == 0, "%s",
	    cause);
	k = cand_at(c, n, h.addr[0]);
	ck_assert_int_eq(k->map.kind, SOURCE_MAP_ANON);
	ck_assert_ptr_null(k->source);
	ck_assert(!k->can_read && !k->can_write);
	want = xasprintf("only reachable through /proc/%d/map_files, which "
	    "needs CAP_SYS_ADMIN", (int)h.pid);
	ck_assert_str_eq(k->why, want);
	source_candidates_free(c, n);

	/* pid:PID has nothing it could open, and says why. */
	free(want);
	want = xasprintf("pid:%d", (int)h.pid);
	ck_assert_ptr_null(source_open(want, DOOR_RDONLY, &cause));
	free(want);
	want = xasprintf("none of its 1 shared mapping can be opened; shared "
	    "anonymous memory: only reachable through /proc/%d/map_files, "
	    "which needs CAP_SYS_ADMIN", (int)h.pid);
	ck_assert_str_eq(cause, want);
	free(cause);
	free(want);
	holder_stop(&h);
}
END_TEST

/* ---- opening each kind -------------------------------------------------- */

START_TEST(open_shm)
{
	struct door	*d;
	char		*name = shm_name("open"), *spec, *cause = NULL;
	unsigned char	 b = 0xa5;
	struct holder	 h;
	struct hold_spec s[1];

	mk_shm(name, 100, 0600);
	s[0] = (struct hold_spec){ HOLD_SHM, name, 0, 100 };
	holder_start(&h, s, 1);
	spec = xasprintf("shm:%s", name);
	d = source_open(spec, 0, &cause);
	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_uint_eq(door_size(d), 100);
	ck_assert(door_volatile(d));
	ck_assert_int_eq(door_kind(d), DOOR_REGULAR);
	/* The other process's store is seen, and ours reaches it. */
	holder_ask(&h, 'W', 0, 3, 0x42);
	ck_assert_uint_eq(door_read(d, 3, &b, 1).valid, 1);
	ck_assert_uint_eq(b, 0x42);
	b = 0x99;
	ck_assert_int_eq(door_store(d, 50, &b, 1, &cause).why, DOOR_PUT_DONE);
	ck_assert_uint_eq(holder_ask(&h, 'R', 0, 50, 0), 0x99);
	door_close(d);
	holder_stop(&h);
	free(spec);
	spec = xasprintf("%s/%s", SOURCE_SHM_DIR, name);
	unlink(spec);
	free(spec);
	free(name);
}
END_TEST

START_TEST(open_shm_missing)
{
	char	*cause = NULL;

	ck_assert_ptr_null(source_open("shm:lhx-surely-not-there", 0,
	    &cause));
	ck_assert_str_eq(cause, "no POSIX shared memory object "
	    "\"lhx-surely-not-there\" in /dev/shm (livehex list shows them; "
	    "--create SIZE makes one)");
	free(cause);
}
END_TEST

START_TEST(create_shm)
{
	struct stat	 st;
	char		*name = shm_name("made"), *spec, *path;
	char		*cause = NULL;
	char		*link;

	spec = xasprintf("shm:%s", name);
	path = xasprintf("%s/%s", SOURCE_SHM_DIR, name);
	ck_assert_msg(source_create(spec, 5000, 0640, &cause) == 0, "%s",
	    cause);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_size, 5000);
	ck_assert_uint_eq(st.st_mode & 07777, 0640);
	/* Never shrinks. */
	ck_assert_int_eq(source_create(spec, 100, 0600, &cause), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_uint_eq(st.st_size, 5000);
	unlink(path);
	free(spec);
	/* Never follows a link planted in the world-writable /dev/shm. */
	link = shm_name("link");
	free(path);
	path = xasprintf("%s/%s", SOURCE_SHM_DIR, link);
	ck_assert_int_eq(symlink("/tmp/lhx-target-never", path), 0);
	spec = xasprintf("shm:%s", link);
	ck_assert_int_eq(source_create(spec, 10, 0600, &cause), -1);
	ck_cause(cause, "symbolic link");
	free(cause);
	unlink(path);
	ck_assert_int_eq(access("/tmp/lhx-target-never", F_OK), -1);
	free(spec);
	free(path);
	free(link);
	free(name);
}
END_TEST

START_TEST(create_refuses_sysv_and_pid)
{
	char	*cause = NULL;

	ck_assert_int_eq(source_create("sysv:1", 10, 0600, &cause), -1);
	ck_cause(cause, "ipcmk -M SIZE");
	free(cause);
	ck_assert_int_eq(source_create("pid:1", 10, 0600, &cause), -1);
	ck_cause(cause, "not a process");
	free(cause);
	ck_assert_int_eq(source_create("shm:a/b", 10, 0600, &cause), -1);
	ck_cause(cause, "cannot contain '/'");
	free(cause);
}
END_TEST

START_TEST(open_sysv)
{
	struct door	*d;
	struct holder	 h;
	struct hold_spec s[1];
	char		*spec, *cause = NULL;
	unsigned char	 b;
	int		 id = mk_sysv(5000, 0600);

	s[0] = (struct hold_spec){ HOLD_SYSV, NULL, id, 5000 };
	holder_start(&h, s, 1);
	spec = xasprintf("sysv:%d", id);
	d = source_open(spec, 0, &cause);
	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_int_eq(door_kind(d), DOOR_SYSV);
	ck_assert_str_eq(door_path(d), spec);
	ck_assert_int_eq(door_fd(d), -1);
	ck_assert_uint_eq(door_size(d), 5000);
	ck_assert(door_writable(d));
	ck_assert(door_volatile(d));
	ck_assert(!door_destroyed(d));
	holder_ask(&h, 'W', 0, 4999, 0x77);
	ck_assert_uint_eq(door_read(d, 4999, &b, 1).valid, 1);
	ck_assert_uint_eq(b, 0x77);
	/* Clamped to the segment's size, not to the page. */
	{
		unsigned char	buf[64];

		ck_assert_uint_eq(door_read(d, 4990, buf, 64).valid, 10);
	}
	b = 0x12;
	ck_assert_int_eq(door_store(d, 0, &b, 1, &cause).why, DOOR_PUT_DONE);
	ck_assert_uint_eq(holder_ask(&h, 'R', 0, 0, 0), 0x12);
	ck_assert_int_eq(door_sync(d, 0, 5000, false, &cause),
	    DOOR_SYNC_VOLATILE);
	ck_assert_int_eq(door_refresh(d, &cause), 0);
	door_close(d);
	/* Read-only by request. */
	d = source_open(spec, DOOR_RDONLY, &cause);
	ck_assert_ptr_nonnull(d);
	ck_assert(!door_writable(d));
	ck_assert_int_ne(door_store(d, 0, &b, 1, &cause).why, DOOR_PUT_DONE);
	ck_cause(cause, "read-only");
	free(cause);
	door_close(d);
	holder_stop(&h);
	shmctl(id, IPC_RMID, NULL);
	free(spec);
}
END_TEST

START_TEST(open_sysv_destroyed)
{
	struct door	*d;
	char		*cause = NULL;
	unsigned char	 b = 0;
	int		 id = mk_sysv(4096, 0600);

	d = door_open_sysv(id, 0, &cause);
	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_int_eq(door_refresh(d, &cause), 0);
	ck_assert_int_eq(shmctl(id, IPC_RMID, NULL), 0);
	/* Reported once, and the bytes stay readable while attached. */
	ck_assert_int_eq(door_refresh(d, &cause), DOOR_DESTROYED);
	ck_assert_int_eq(door_refresh(d, &cause), 0);
	ck_assert(door_destroyed(d));
	ck_assert_uint_eq(door_read(d, 10, &b, 1).valid, 1);
	door_close(d);
	/* Detached by the last process: gone. */
	ck_assert_ptr_null(door_open_sysv(id, 0, &cause));
	ck_assert_str_eq(cause, "no such segment");
	free(cause);
}
END_TEST

START_TEST(open_sysv_missing)
{
	char	*cause = NULL, *spec;
	int	 id = mk_sysv(4096, 0600);

	ck_assert_int_eq(shmctl(id, IPC_RMID, NULL), 0);
	spec = xasprintf("sysv:%d", id);
	ck_assert_ptr_null(source_open(spec, 0, &cause));
	ck_assert_str_eq(cause, "no such segment (livehex list shows the "
	    "segments)");
	free(cause);
	free(spec);
}
END_TEST

START_TEST(open_sysv_no_read_permission)
{
	char	*cause = NULL, *spec;
	int	 id = mk_sysv(4096, 0400);

	if (geteuid() != 0)
		return;
	spec = xasprintf("sysv:%d", id);
	become_nobody();
	ck_assert_ptr_null(source_open(spec, DOOR_RDONLY, &cause));
	ck_assert_str_eq(cause, "permission denied (need read permission on "
	    "the segment; its mode is 0400 owned by root)");
	free(cause);
	/* The door alone says as much as shmctl lets it know. */
	ck_assert_ptr_null(door_open_sysv(id, 0, &cause));
	ck_assert_str_eq(cause, "permission denied (need read permission on "
	    "the segment)");
	free(cause);
	free(spec);
}
END_TEST

START_TEST(open_sysv_read_only_permission)
{
	struct door	*d;
	char		*cause = NULL, *spec;
	int		 id = mk_sysv(4096, 0444);

	if (geteuid() != 0)
		return;
	spec = xasprintf("sysv:%d", id);
	become_nobody();
	d = source_open(spec, 0, &cause);
	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert(!door_writable(d));
	ck_assert_str_eq(door_readonly_reason(d), "no write permission on "
	    "the segment (its mode is 0444)");
	door_close(d);
	free(spec);
}
END_TEST

/* shmctl as if the segment were gone (fault injection). */
static int
gone_shmctl(int id, int cmd, struct shmid_ds *ds)
{
	(void)id;
	(void)cmd;
	(void)ds;
	errno = EIDRM;
	return -1;
}

/* shmat that refuses to attach for writing, as without write permission. */
static void *
ro_shmat(int id, const void *addr, int flags)
{
	if (!(flags & SHM_RDONLY)) {
		errno = EACCES;
		return (void *)-1;
	}
	return shmat(id, addr, flags);
}

START_TEST(door_sysv_injected)
{
	struct door	*d;
	char		*cause = NULL;
	unsigned char	 b;
	int		 id = mk_sysv(4096, 0600);

	door_sys.shmat = ro_shmat;
	d = door_open_sysv(id, 0, &cause);
	door_sys_reset();
	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert(!door_writable(d));
	ck_assert_str_eq(door_readonly_reason(d), "no write permission on "
	    "the segment (its mode is 0600)");
	door_sys.shmctl = gone_shmctl;
	ck_assert_int_eq(door_refresh(d, &cause), DOOR_DESTROYED);
	ck_assert_uint_eq(door_read(d, 0, &b, 1).valid, 1);
	ck_assert_uint_eq(door_size(d), 4096);
	door_sys_reset();
	door_close(d);
	shmctl(id, IPC_RMID, NULL);
}
END_TEST

START_TEST(open_pid_one_candidate)
{
	struct door	*d;
	struct holder	 h;
	struct hold_spec s[1];
	char		*spec, *cause = NULL, *want;
	unsigned char	 b;

	s[0] = (struct hold_spec){ HOLD_MEMFD, "only", 0, 4096 };
	holder_start(&h, s, 1);
	holder_ask(&h, 'W', 0, 1, 0xee);
	spec = xasprintf("pid:%d", (int)h.pid);
	d = source_open(spec, 0, &cause);
	ck_assert_msg(d != NULL, "%s", cause);
	want = xasprintf("/proc/%d/fd/%d", (int)h.pid, h.fd[0]);
	ck_assert_str_eq(door_path(d), want);
	ck_assert_uint_eq(door_read(d, 1, &b, 1).valid, 1);
	ck_assert_uint_eq(b, 0xee);
	door_close(d);
	holder_stop(&h);
	free(want);
	free(spec);
}
END_TEST

START_TEST(open_pid_several)
{
	struct source_candidate	*ch;
	struct holder		 h;
	struct hold_spec	 s[3];
	size_t			 n;
	char			*spec, *cause = NULL;
	int			 id = mk_sysv(4096, 0600);

	s[0] = (struct hold_spec){ HOLD_MEMFD, "one", 0, 4096 };
	s[1] = (struct hold_spec){ HOLD_SYSV, NULL, id, 4096 };
	/* The same segment twice is one choice. */
	s[2] = (struct hold_spec){ HOLD_SYSV, NULL, id, 4096 };
	holder_start(&h, s, 3);
	spec = xasprintf("pid:%d", (int)h.pid);
	ck_assert_ptr_null(source_open_pick(spec, 0, &ch, &n, &cause));
	ck_assert_uint_eq(n, 2);
	ck_cause(cause, "2 shared mappings can be opened; name one as "
	    "SOURCE:");
	ck_cause(cause, "memfd one");
	ck_assert_ptr_nonnull(strstr(cause, ch[0].source));
	ck_assert_ptr_nonnull(strstr(cause, ch[1].source));
	free(cause);
	source_candidates_free(ch, n);
	/* Without room for the choices, just the cause. */
	ck_assert_ptr_null(source_open(spec, 0, &cause));
	ck_cause(cause, "2 shared mappings");
	free(cause);
	holder_stop(&h);
	shmctl(id, IPC_RMID, NULL);
	free(spec);
}
END_TEST

START_TEST(open_sealed_memfd)
{
	struct door	*d;
	struct holder	 h;
	struct hold_spec s[1];
	char		*path, *cause = NULL;
	unsigned char	 b;

#ifdef F_SEAL_FUTURE_WRITE
	s[0] = (struct hold_spec){ HOLD_SEALED, "sealed", 0, 4096 };
	holder_start(&h, s, 1);
	path = xasprintf("/proc/%d/fd/%d", (int)h.pid, h.fd[0]);
	ck_assert_ptr_null(source_open(path, 0, &cause));
	ck_assert_str_eq(cause, "sealed memfd: F_SEAL_FUTURE_WRITE makes a "
	    "writable mapping impossible; use -r (read-only)");
	free(cause);
	/* Read-only works, and sees the holder's stores. */
	holder_ask(&h, 'W', 0, 9, 0x3c);
	d = source_open(path, DOOR_RDONLY, &cause);
	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_uint_eq(door_read(d, 9, &b, 1).valid, 1);
	ck_assert_uint_eq(b, 0x3c);
	door_close(d);
	holder_stop(&h);
	free(path);
#else
	(void)d; (void)h; (void)s; (void)path; (void)cause; (void)b;
#endif
}
END_TEST

/* ---- lists for `livehex list` ------------------------------------------- */

START_TEST(list_shm_and_sysv)
{
	struct source_shm	*o;
	struct source_sysv	*g;
	size_t			 n, i;
	char			*name = shm_name("listed"), *cause = NULL;
	char			*path;
	int			 id = mk_sysv(3000, 0640);

	mk_shm(name, 777, 0604);
	ck_assert_int_eq(source_list_shm(&o, &n, &cause), 0);
	for (i = 0; i < n && strcmp(o[i].name, name) != 0; i++)
		;
	ck_assert_msg(i < n, "%s not listed", name);
	ck_assert_uint_eq(o[i].size, 777);
	ck_assert_uint_eq(o[i].mode, 0604);
	ck_assert_uint_eq(o[i].uid, geteuid());
	ck_assert(o[i].can_read && o[i].can_write);
	path = xasprintf("shm:%s", name);
	ck_assert_str_eq(o[i].source, path);
	free(path);
	source_shm_free(o, n);

	ck_assert_int_eq(source_list_sysv(&g, &n, &cause), 0);
	for (i = 0; i < n && g[i].shmid != id; i++)
		;
	ck_assert_msg(i < n, "segment %d not listed", id);
	ck_assert_int_eq(g[i].key, sysv_key(id));
	ck_assert_uint_eq(g[i].size, 3000);
	ck_assert_uint_eq(g[i].mode, 0640);
	ck_assert_uint_eq(g[i].nattch, 0);
	ck_assert_int_eq(g[i].cpid, getpid());
	ck_assert(!g[i].destroyed);
	ck_assert(g[i].can_read && g[i].can_write);
	source_sysv_free(g, n);

	path = xasprintf("%s/%s", SOURCE_SHM_DIR, name);
	unlink(path);
	free(path);
	free(name);
	shmctl(id, IPC_RMID, NULL);
}
END_TEST

START_TEST(user_names)
{
	char	*s = source_user_name(0);

	ck_assert_str_eq(s, "root");
	free(s);
	s = source_user_name(54321);
	ck_assert_str_eq(s, "54321");
	free(s);
}
END_TEST

/* ---- the suite ---------------------------------------------------------- */

/* Add TEST as its own test case NAME, looping over [0, N) when N > 0. */
static void
add(Suite *s, const char *name, const TTest *test, int n)
{
	TCase	*tc = timeout_tcase(name, TIMEOUT_UNIT);

	if (n > 0)
		tcase_add_loop_test(tc, test, 0, n);
	else
		tcase_add_test(tc, test);
	suite_add_tcase(s, tc);
}

#define NELEM(a)	((int)(sizeof (a) / sizeof (a)[0]))

/* The suite. */
static Suite *
source_suite(void)
{
	Suite	*s = suite_create("source");

	add(s, "spec parses", spec_parses, NELEM(spec_oks));
	add(s, "spec refused", spec_refused, NELEM(spec_bads));
	add(s, "spec long shm name", spec_long_shm_name, 0);
	add(s, "maps memfd", map_memfd, 0);
	add(s, "maps SysV", map_sysv, 0);
	add(s, "maps /dev/zero", map_dev_zero, 0);
	add(s, "maps file-backed", map_file_backed, 0);
	add(s, "maps not shared", map_not_shared, 0);
	add(s, "maps refused", map_refused, NELEM(map_bads));
	add(s, "sysvipc line", sysvipc_line, 0);
	add(s, "list pid: each kind", list_pid_each_kind, 0);
	add(s, "list pid: memfd by fd", list_pid_deleted_file_by_fd, 0);
	add(s, "list pid: no such process", list_pid_no_process, 0);
	add(s, "list pid: needs ptrace", list_pid_needs_ptrace, 0);
	add(s, "list pid: anonymous needs CAP_SYS_ADMIN",
	    list_pid_anon_needs_cap, 0);
	add(s, "open shm", open_shm, 0);
	add(s, "open shm missing", open_shm_missing, 0);
	add(s, "create shm", create_shm, 0);
	add(s, "create refuses sysv and pid", create_refuses_sysv_and_pid, 0);
	add(s, "open sysv", open_sysv, 0);
	add(s, "open sysv destroyed", open_sysv_destroyed, 0);
	add(s, "open sysv missing", open_sysv_missing, 0);
	add(s, "open sysv no read permission", open_sysv_no_read_permission,
	    0);
	add(s, "open sysv read-only permission",
	    open_sysv_read_only_permission, 0);
	add(s, "door sysv fault injection", door_sysv_injected, 0);
	add(s, "open pid one candidate", open_pid_one_candidate, 0);
	add(s, "open pid several", open_pid_several, 0);
	add(s, "open sealed memfd", open_sealed_memfd, 0);
	add(s, "list shm and sysv", list_shm_and_sysv, 0);
	add(s, "user names", user_names, 0);
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
	sr = srunner_create(source_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	sweep();
	free(sweep_file);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
