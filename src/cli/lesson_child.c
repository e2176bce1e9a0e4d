/* SPDX-License-Identifier: ISC */
/*
 * lesson_child.c - the second process of a lesson: every action, in one
 * place, run step by step on the viewer's word.
 *
 * The viewer (lessons.c) forks this process before it starts and talks
 * to it over a socketpair: one byte, the number of the step reached, goes
 * down; lines of text (a result each) come back and show in the caption.
 * Between words the child ticks every 20 ms for what runs in the
 * background: a byte it watches (share), process 1's end (ab-vs-wb).
 *
 * Why raw mmap here and not the door: this process plays the user's
 * program, and the lessons are about what happens to such a program: its
 * stores past the end die of SIGBUS, its MAP_PRIVATE copy stays its own.
 * It only ever touches the lesson's own file in its private directory.
 *
 * Helpers (process 1 of ab-vs-wb, the torn writer, the two counters) are
 * its children; they die with it (PR_SET_PDEATHSIG), and it kills them
 * when the viewer closes the socket.  It dies with the viewer the same
 * way.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "lessons.h"
#include "xmalloc.h"

/* How many adds each counting process makes (atomic). */
#define CHILD_ADDS	20000
/* How many copies the torn lesson's reader makes. */
#define CHILD_READS	400
/* Where the watched byte is (share). */
#define CHILD_WATCH	0x40

/* The child's state. */
struct child {
	const char	*path;
	int		 fd;		/* the file */
	int		 sock;		/* the viewer */
	pid_t		 helper;	/* process 1, or the torn writer */
	bool		 watching;	/* share: byte 0x40 */
	unsigned char	 watched;	/* its last value */
};

/* Report one result line to the viewer, printf-style. */
static void __attribute__((format(printf, 2, 3)))
child_say(struct child *c, const char *fmt, ...)
{
	va_list	 ap;
	char	*s, *line;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	line = xasprintf("%s\n", s);
	/* A lost viewer ends the child at the next read; nothing to do. */
	if (send(c->sock, line, strlen(line), MSG_NOSIGNAL) == -1)
		(void)0;
	free(line);
	free(s);
}

/* Map LEN bytes of the file with FLAGS (MAP_SHARED, MAP_PRIVATE), or NULL. */
static unsigned char *
child_map(struct child *c, size_t len, int flags)
{
	void	*p = mmap(NULL, len, PROT_READ | PROT_WRITE, flags, c->fd, 0);

	if (p == MAP_FAILED) {
		child_say(c, "mmap failed: %s", strerror(errno));
		return NULL;
	}
	return p;
}

/* Report the file's size and what is allocated to it. */
static void
child_say_size(struct child *c, const char *what)
{
	struct stat	st;

	if (fstat(c->fd, &st) == -1) {
		child_say(c, "%s; fstat failed: %s", what, strerror(errno));
		return;
	}
	child_say(c, "%s: size %lld, st_blocks %lld (%lld bytes allocated)%s",
	    what, (long long)st.st_size, (long long)st.st_blocks,
	    (long long)st.st_blocks * 512, (long long)st.st_blocks * 512 <
	    (long long)st.st_size ? ": the rest is a hole" : "");
}

/* Fork a helper that dies with us; 0 in the helper, its pid, or -1. */
static pid_t
child_fork(struct child *c)
{
	pid_t	parent = getpid(), pid = fork();

	if (pid == -1)
		child_say(c, "fork failed: %s", strerror(errno));
	if (pid == 0) {
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent)
			_exit(0);
		/* The door's SIGBUS handler is the viewer's: die plainly. */
		signal(SIGBUS, SIG_DFL);
		close(c->sock);
	}
	return pid;
}

/* Sleep MS milliseconds. */
static void
child_nap(long ms)
{
	struct timespec	t = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&t, &t) == -1 && errno == EINTR)
		;
}

/* Stop the helper, if any. */
static void
child_stop_helper(struct child *c)
{
	if (c->helper <= 0)
		return;
	kill(c->helper, SIGKILL);
	while (waitpid(c->helper, NULL, 0) == -1 && errno == EINTR)
		;
	c->helper = 0;
}

/* ab-vs-wb: process 1, counting at 0x00 every 100 ms through its map. */
static void
child_writer(struct child *c)
{
	unsigned char	*p = child_map(c, 4096, MAP_SHARED);
	pid_t		 pid;

	if (p == NULL)
		return;
	memcpy(p + 0x10, "precious data!!", 16);
	if ((pid = child_fork(c)) == 0) {
		volatile uint32_t	*n = (volatile uint32_t *)p;

		/* A store past the end of the file raises SIGBUS here. */
		for (;;) {
			*n = *n + 1;
			child_nap(100);
		}
	}
	munmap(p, 4096);
	if (pid > 0) {
		c->helper = pid;
		child_say(c, "process 1 (pid %ld) counts at 0x00; the data at "
		    "0x10", (long)pid);
	}
}

/* Open the file with fopen MODE and close it again; say the size after. */
static void
child_fopen(struct child *c, const char *mode)
{
	FILE		*f = fopen(c->path, mode);
	struct stat	 st;

	if (f == NULL) {
		child_say(c, "fopen \"%s\" failed: %s", mode, strerror(errno));
		return;
	}
	fclose(f);
	if (fstat(c->fd, &st) == 0)
		child_say(c, "fopen(\"%s\") and fclose: the size is now %lld",
		    mode, (long long)st.st_size);
}

/* Store TEXT at OFF through a fresh MAP_SHARED or MAP_PRIVATE map. */
static void
child_store(struct child *c, int flags, size_t off, const char *text)
{
	unsigned char	*p = child_map(c, 4096, flags);

	if (p == NULL)
		return;
	memcpy(p + off, text, strlen(text));
	if (flags == MAP_PRIVATE)
		child_say(c, "process 2 reads its private copy at 0x00: %.*s",
		    (int)strlen(text), (const char *)p + off);
	else
		child_say(c, "process 2 stored %zu bytes at 0x%zx (MAP_SHARED)",
		    strlen(text), off);
	munmap(p, 4096);
}

/* msync: store a line, then time msync(MS_SYNC) over the page. */
static void
child_msync(struct child *c)
{
	unsigned char	*p = child_map(c, 4096, MAP_SHARED);
	struct timespec	 t0, t1;
	int		 rc, err;

	if (p == NULL)
		return;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	rc = msync(p, 4096, MS_SYNC);
	err = errno;
	clock_gettime(CLOCK_MONOTONIC, &t1);
	child_say(c, "msync(MS_SYNC) returned %d%s%s after %.3f ms", rc,
	    rc == 0 ? "" : ": ", rc == 0 ? "" : strerror(err),
	    (double)(t1.tv_sec - t0.tv_sec) * 1e3 +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e6);
	munmap(p, 4096);
}

/* msync: which file system holds the file. */
static void
child_fstype(struct child *c)
{
	static const struct { unsigned long magic; const char *name; } fs[] = {
		{ 0x01021994, "tmpfs: memory only, no disk ever" },
		{ 0xef53, "ext2/3/4: on a disk" },
		{ 0x58465342, "xfs: on a disk" },
		{ 0x9123683e, "btrfs: on a disk" },
		{ 0x794c7630, "overlayfs: on the disk below" },
	};
	struct statfs	sf;

	if (fstatfs(c->fd, &sf) == -1) {
		child_say(c, "fstatfs failed: %s", strerror(errno));
		return;
	}
	for (size_t i = 0; i < sizeof fs / sizeof fs[0]; i++)
		if ((unsigned long)sf.f_type == fs[i].magic) {
			child_say(c, "the file is on %s (f_type 0x%lx)",
			    fs[i].name, fs[i].magic);
			return;
		}
	child_say(c, "the file is on a file system of f_type 0x%lx",
	    (unsigned long)sf.f_type);
}

/*
 * torn: a writer storing lo then hi (with SEQ, under a sequence counter),
 * and a reader here copying the record; report the torn copies.  The
 * plain writer runs on (the viewer keeps catching it); the seqlock one
 * is told to stop after the reads and ends between two updates, so the
 * record is left whole: the viewer shows it consistent, unmarked.
 */
static void
child_torn(struct child *c, bool seq)
{
	uint64_t	*p = (uint64_t *)(void *)child_map(c, 4096, MAP_SHARED);
	int		*flag = mmap(NULL, sizeof *flag, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	volatile int	*stop = flag;	/* the seqlock writer's end */
	unsigned	 torn = 0, retries = 0;
	pid_t		 pid;

	if (p == NULL || flag == MAP_FAILED) {
		child_say(c, "cannot map the record");
		if (p != NULL)
			munmap(p, 4096);
		return;
	}
	*stop = 0;
	child_stop_helper(c);
	/*
	 * A writer killed between its two stores leaves a torn record: start
	 * from a whole one, or the reader's first copy is torn by the past.
	 */
	for (int i = 0; i < 3; i++)
		__atomic_store_n(&p[i], 0, __ATOMIC_SEQ_CST);
	if ((pid = child_fork(c)) == 0) {
		for (uint64_t v = 1; *stop == 0; v++) {
			if (seq)
				__atomic_fetch_add(&p[2], 1, __ATOMIC_SEQ_CST);
			__atomic_store_n(&p[0], v, __ATOMIC_RELAXED);
			/* The gap a reader falls into, made wide to show. */
			child_nap(1);
			__atomic_store_n(&p[1], v, __ATOMIC_RELAXED);
			if (seq)
				__atomic_fetch_add(&p[2], 1, __ATOMIC_SEQ_CST);
			child_nap(1);
		}
		_exit(0);
	}
	if (pid == -1) {
		munmap(flag, sizeof *flag);
		munmap(p, 4096);
		return;
	}
	c->helper = pid;
	/* Count from the writer's first store: a late start is no proof. */
	while (__atomic_load_n(&p[0], __ATOMIC_SEQ_CST) == 0) {
		if (waitpid(pid, NULL, WNOHANG) == pid) {
			child_say(c, "the writer ended before its first store");
			c->helper = 0;
			munmap(flag, sizeof *flag);
			munmap(p, 4096);
			return;
		}
		child_nap(1);
	}
	for (unsigned i = 0; i < CHILD_READS; i++) {
		uint64_t	lo, hi, s1, s2;

		for (;;) {
			s1 = __atomic_load_n(&p[2], __ATOMIC_SEQ_CST);
			lo = __atomic_load_n(&p[0], __ATOMIC_RELAXED);
			hi = __atomic_load_n(&p[1], __ATOMIC_RELAXED);
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			s2 = __atomic_load_n(&p[2], __ATOMIC_SEQ_CST);
			if (!seq || ((s1 & 1) == 0 && s1 == s2))
				break;
			retries++;
			sched_yield();
		}
		torn += lo != hi;
		child_nap(1);
	}
	if (seq) {
		child_say(c, "seqlock reader: %u of %u copies torn, %u retries",
		    torn, CHILD_READS, retries);
		/* The writer finishes the update it is in, then ends. */
		*stop = 1;
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
		c->helper = 0;
		child_say(c, "the writer stopped: lo %" PRIu64 ", hi %" PRIu64
		    ", seq %" PRIu64 " (even: no update under way)",
		    __atomic_load_n(&p[0], __ATOMIC_SEQ_CST),
		    __atomic_load_n(&p[1], __ATOMIC_SEQ_CST),
		    __atomic_load_n(&p[2], __ATOMIC_SEQ_CST));
	} else
		child_say(c, "plain reader: %u of %u copies torn (lo != hi)",
		    torn, CHILD_READS);
	munmap(flag, sizeof *flag);
	munmap(p, 4096);
}

/* atomic: two processes add CHILD_ADDS each at OFF, by += or fetch-add. */
static void
child_count(struct child *c, size_t off, bool atomic)
{
	unsigned char	*p = child_map(c, 4096, MAP_SHARED);
	int		*flag = mmap(NULL, sizeof *flag, PROT_READ | PROT_WRITE,
			    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	volatile int	*go = flag;	/* both counters wait on it */
	uint32_t	*n, got;
	pid_t		 pid[2] = { 0, 0 };

	if (p == NULL || flag == MAP_FAILED) {
		child_say(c, "cannot map the counter");
		return;
	}
	n = (uint32_t *)(void *)(p + off);
	__atomic_store_n(n, 0, __ATOMIC_SEQ_CST);
	*go = 0;
	for (int k = 0; k < 2; k++)
		if ((pid[k] = child_fork(c)) == 0) {
			/* Both start together, so the two runs overlap. */
			while (*go == 0)
				sched_yield();
			for (int i = 0; i < CHILD_ADDS; i++) {
				uint32_t	v;

				if (atomic) {
					__atomic_fetch_add(n, 1,
					    __ATOMIC_SEQ_CST);
					sched_yield();
					continue;
				}
				/* Load, (let the other run), store. */
				v = __atomic_load_n(n, __ATOMIC_RELAXED);
				sched_yield();
				__atomic_store_n(n, v + 1, __ATOMIC_RELAXED);
			}
			_exit(0);
		}
	*go = 1;
	for (int k = 0; k < 2; k++)
		while (pid[k] > 0 && waitpid(pid[k], NULL, 0) == -1 &&
		    errno == EINTR)
			;
	got = __atomic_load_n(n, __ATOMIC_SEQ_CST);
	/* One counter only (fork said why): no count to compare. */
	if (pid[0] == -1 || pid[1] == -1)
		child_say(c, "%s: not compared, a counter did not start",
		    atomic ? "fetch-add" : "+=");
	else if (got == 2 * CHILD_ADDS)
		child_say(c, "%s: 2 x %d adds, the counter reads %u: none lost",
		    atomic ? "fetch-add" : "+=", CHILD_ADDS, got);
	else
		child_say(c, "%s: 2 x %d adds, the counter reads %u: %u "
		    "updates lost", atomic ? "fetch-add" : "+=", CHILD_ADDS,
		    got, 2 * CHILD_ADDS - got);
	munmap(flag, sizeof *flag);
	munmap(p, 4096);
}

/* Act for step K of lesson L. */
static void
child_act(struct child *c, const struct lesson *l, size_t k)
{
	unsigned char	*p;

	switch (k < l->n ? l->acts[k] : LESSON_NOTHING) {
	case LESSON_NOTHING:
		break;
	case LESSON_SEEK_WRITE:
		if (lseek(c->fd, 4095, SEEK_SET) == -1 ||
		    write(c->fd, "", 1) != 1)
			child_say(c, "seek + write failed: %s",
			    strerror(errno));
		child_say_size(c, "seek + write");
		break;
	case LESSON_FTRUNCATE:
		if (ftruncate(c->fd, 8192) == -1)
			child_say(c, "ftruncate failed: %s", strerror(errno));
		child_say_size(c, "ftruncate");
		break;
	case LESSON_FALLOCATE:
		if ((errno = posix_fallocate(c->fd, 8192, 4096)) != 0)
			child_say(c, "fallocate failed: %s", strerror(errno));
		child_say_size(c, "fallocate");
		break;
	case LESSON_MAP_STORE:
		if ((p = child_map(c, 12288, MAP_SHARED)) != NULL) {
			memcpy(p + 0x1000, "mapped!", 7);
			munmap(p, 12288);
			child_say_size(c, "mmap + store");
		}
		break;
	case LESSON_HELLO:
		child_store(c, MAP_SHARED, 0, "hello from process 2");
		break;
	case LESSON_WATCH:
		if ((p = child_map(c, 4096, MAP_SHARED)) != NULL) {
			c->watched = p[CHILD_WATCH];
			munmap(p, 4096);
			c->watching = true;
			child_say(c, "process 2 watches 0x40: it reads %02x",
			    c->watched);
		}
		break;
	case LESSON_WRITER:
		child_writer(c);
		break;
	case LESSON_OPEN_AB:
		child_fopen(c, "ab+");
		break;
	case LESSON_OPEN_WB:
		child_fopen(c, "wb+");
		break;
	case LESSON_PRIVATE:
		child_store(c, MAP_PRIVATE, 0, "PRIVATE-TOKEN");
		break;
	case LESSON_SHARED:
		child_store(c, MAP_SHARED, 0x40, "SHARED-TOKEN");
		break;
	case LESSON_STORE_TEXT:
		child_store(c, MAP_SHARED, 0, "visible, not yet on disk");
		break;
	case LESSON_MSYNC:
		child_msync(c);
		break;
	case LESSON_FSTYPE:
		child_fstype(c);
		break;
	case LESSON_TORN:
		child_torn(c, false);
		break;
	case LESSON_SEQLOCK:
		child_torn(c, true);
		break;
	case LESSON_PLUS:
		child_count(c, 0, false);
		break;
	case LESSON_FETCH_ADD:
		child_count(c, 8, true);
		break;
	}
}

/* The background: the watched byte, process 1's end. */
static void
child_tick(struct child *c)
{
	int	status;

	if (c->watching) {
		unsigned char	*p = child_map(c, 4096, MAP_SHARED);

		/* Why map each time: a map held across ticks is one more
		 * thing to undo; 50 maps a second cost nothing here. */
		if (p != NULL && p[CHILD_WATCH] != c->watched) {
			c->watched = p[CHILD_WATCH];
			child_say(c, "process 2 read %02x at 0x40", c->watched);
		}
		if (p != NULL)
			munmap(p, 4096);
	}
	if (c->helper > 0 &&
	    waitpid(c->helper, &status, WNOHANG) == c->helper) {
		c->helper = 0;
		if (WIFSIGNALED(status))
			child_say(c, "process 1 was killed by %s (signal %d)",
			    WTERMSIG(status) == SIGBUS ? "SIGBUS" :
			    strsignal(WTERMSIG(status)), WTERMSIG(status));
		else
			child_say(c, "process 1 exited with status %d",
			    WEXITSTATUS(status));
	}
}

/* The second process: steps from FD on PATH until FD closes. */
void
lesson_child(const struct lesson *l, const char *path, int fd)
{
	struct child	c = { .path = path, .sock = fd, .fd = -1 };
	struct pollfd	pfd = { .fd = fd, .events = POLLIN };

	if ((c.fd = open(path, O_RDWR | O_CLOEXEC)) == -1) {
		child_say(&c, "cannot open the lesson's file: %s",
		    strerror(errno));
		_exit(1);
	}
	for (;;) {
		unsigned char	k;
		int		n = poll(&pfd, 1, 20);

		if (n == -1 && errno != EINTR)
			break;
		if (n > 0) {
			ssize_t	r = read(fd, &k, 1);

			if (r == 0 || (r == -1 && errno != EINTR &&
			    errno != EAGAIN))
				break;
			if (r == 1)
				child_act(&c, l, k);
		}
		child_tick(&c);
	}
	child_stop_helper(&c);
	_exit(0);
}
