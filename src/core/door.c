/* SPDX-License-Identifier: ISC */
/*
 * door.c - the one guarded door into a shared mapping.
 *
 * What it owns: the file descriptor, the MAP_SHARED mapping and its length,
 * and the size last seen.  Nothing outside this file ever holds a pointer
 * into the mapping, so the mapping may move (remap on growth) at any time.
 *
 * Invariants:
 *  - base == NULL exactly when maplen == 0 (a zero-size file maps nothing).
 *  - maplen is a multiple of the page size and >= the size last seen, except
 *    when the file grew and door_refresh() has not run yet; every access is
 *    clamped to min(size, maplen).
 *  - Every dereference of the mapping happens between door_guard_enter()
 *    and door_guard_leave(), and inside that window only memcpy and plain
 *    (atomic) stores run (signal-safety(7)).
 *
 * How it fails: another process can truncate the file at any moment, after
 * which touching a whole page past the new end raises SIGBUS (design.md
 * fact 3).  We re-stat before each access and clamp, which narrows the race, and
 * a process-wide SIGBUS handler closes it: when the faulting address lies in
 * the range being guarded it siglongjmps back to the access, which reports a
 * short copy or a failed store.  Any other SIGBUS is not ours: the handler
 * restores the default action and lets the fault kill the process as it
 * would have without us.  SIGBUS is never blocked (a blocked synchronous
 * SIGBUS kills the process outright on Linux).
 *
 * System V segments have no descriptor: door_open_sysv() attaches one with
 * shmat and keeps its shmid instead (fd is -1).  Everything else is the
 * same: the attachment is the mapping (base, maplen), and every access to it
 * is clamped and guarded like a file's.  A segment never changes size, so
 * refreshing it only re-reads shmctl(IPC_STAT) to learn whether someone
 * marked it for removal (IPC_RMID): it stays readable until the last process
 * detaches, and we say so rather than pretend it is gone.
 *
 * Reading never allocates.  On tmpfs a read fault through any mapping
 * (shared, private or read-only) instantiates a page for a hole, so
 * reading a sparse file through the mapping fills it: a 4 MiB sparse file
 * dumped on a 1 MiB tmpfs took it to 100 %.  So bytes are read with
 * pread(2) wherever there is a descriptor (door_read): the kernel hands a
 * hole back as zeros and allocates nothing (on ext4 it fills the page
 * cache, never blocks).  Scans too big to copy (door_scan) run in place
 * only when every page of the range is resident (mincore), because a
 * resident page is never a hole; otherwise the range is read with pread
 * into a bounce buffer.  docs/design.md has the measurements.  A SysV
 * segment has no descriptor: it is read through the mapping as before.
 *
 * Stores report exactly what happened (struct door_put): a store into a
 * hole on a full file system faults (SIGBUS) at the first byte of the page
 * that cannot be backed, and the bytes stored before it are in the file.
 * The door counts them, and tells a shrink (the size now ends before the
 * byte) from a full file system (statfs says no blocks are free) from
 * anything else.
 *
 * livehex is single-threaded; the guard state is process-global.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <linux/fs.h>
#include <linux/magic.h>

#include "door.h"
#include "door_sys.h"
#include "xmalloc.h"

/*
 * Address space reserved beyond the current size, so that a growing file
 * (a log, a ring being filled) does not need a remap every tick.  Mapping
 * past EOF is legal; touching it is guarded like everything else.
 */
#ifndef DOOR_SLACK
#define DOOR_SLACK	(1ULL << 20)
#endif

struct door {
	char		*path;		/* as given, for messages */
	int		 fd;		/* open on the source; -1 for SysV */
	int		 shmid;		/* DOOR_SYSV: the segment */
	bool		 destroyed;	/* DOOR_SYSV: marked by IPC_RMID */
	enum door_kind	 kind;		/* file, block device or segment */
	bool		 writable;	/* opened O_RDWR and mapped PROT_WRITE */
	char		*ro_reason;	/* why read-only, NULL when writable */
	bool		 is_tmpfs;	/* msync has nothing durable to give */
	unsigned char	*base;		/* the mapping, NULL when maplen == 0 */
	size_t		 maplen;	/* bytes mapped (page multiple) */
	uint64_t	 size;		/* size at the last stat */
	int		 err;		/* errno of the last failed refresh */
	bool		 mincore_ok;	/* mincore tells the truth about the
					   page cache (see door_scan) */
	unsigned char	*bounce;	/* door_scan's copy of a range with
					   holes, grown as needed */
	size_t		 bouncecap;
	unsigned char	*vec;		/* door_scan's mincore vector */
	size_t		 veccap;
};

/* ------------------------------------------------------------------------ */
/* The system-call table (door_sys.h): real calls unless a test swaps one.  */

/* open(2) with an explicit mode, so every call has the same shape. */
static int
door_sys_open(const char *path, int flags, mode_t mode)
{
	return open(path, flags, mode);
}

/* ioctl(BLKGETSIZE64): a block device's size in bytes. */
static int
door_sys_blksize(int fd, unsigned long long *bytes)
{
	uint64_t	v;

	if (ioctl(fd, BLKGETSIZE64, &v) == -1)
		return -1;
	*bytes = v;
	return 0;
}

static const struct door_sys door_sys_real = {
	door_sys_open, fstat, fstatfs, mmap, munmap, msync, ftruncate,
	fallocate, door_sys_blksize, shmat, shmdt, shmctl, pread,
	"/proc/self/mountinfo",
};

struct door_sys door_sys = {
	door_sys_open, fstat, fstatfs, mmap, munmap, msync, ftruncate,
	fallocate, door_sys_blksize, shmat, shmdt, shmctl, pread,
	"/proc/self/mountinfo",
};

/* Put every entry back to the real system call. */
void
door_sys_reset(void)
{
	door_sys = door_sys_real;
}

/* ------------------------------------------------------------------------ */
/* The SIGBUS guard.                                                        */

static sigjmp_buf		 door_jmp;
/* The address range being guarded right now; lo == hi means none. */
static volatile uintptr_t	 door_guard_lo, door_guard_hi;
static bool			 door_handler_installed;

/* SIGBUS handler: jump back if the fault is inside the guarded range. */
static void
door_sigbus(int sig, siginfo_t *si, void *uctx)
{
	uintptr_t	addr = (uintptr_t)si->si_addr;

	(void)uctx;
	if (si->si_code > 0 && door_guard_lo != door_guard_hi &&
	    addr >= door_guard_lo && addr < door_guard_hi) {
		door_guard_lo = door_guard_hi = 0;
		siglongjmp(door_jmp, 1);
	}
	/*
	 * Not ours.  Restore the default action: returning re-executes the
	 * faulting access, which now kills the process with SIGBUS as if we
	 * had never installed a handler.  A SIGBUS sent by kill(2) is not
	 * re-raised by returning, so raise it again.
	 */
	signal(sig, SIG_DFL);
	if (si->si_code <= 0)
		raise(sig);
}

/* Install the SIGBUS handler once per process. */
static void
door_install_handler(void)
{
	struct sigaction	sa;

	if (door_handler_installed)
		return;
	memset(&sa, 0, sizeof sa);
	sa.sa_sigaction = door_sigbus;
	/*
	 * SA_NODEFER with an empty sa_mask: the handler leaves by siglongjmp,
	 * and sigsetjmp(env, 0) restores no mask, so SIGBUS must not be added
	 * to the mask on entry or the second fault would find it blocked and
	 * kill us (design.md fact 3).  This also saves a sigprocmask per
	 * access.
	 */
	sa.sa_flags = SA_SIGINFO | SA_NODEFER;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGBUS, &sa, NULL);
	door_handler_installed = true;
}

/* Copy N bytes from mapped SRC to DST; a compiler barrier on each side. */
static void
door_copy_page(void *dst, const unsigned char *src, size_t n)
{
	/*
	 * Why the barriers: the mapping changes behind the compiler's back;
	 * without them gcc may merge or hoist the copy (design.md fact 2).
	 */
	__asm__ __volatile__("" ::: "memory");
	memcpy(dst, src, n);
	__asm__ __volatile__("" ::: "memory");
}

/* ------------------------------------------------------------------------ */
/* Opening.                                                                 */

/* The system page size, cached. */
static size_t
door_pagesize(void)
{
	static size_t	ps;

	if (ps == 0)
		ps = (size_t)sysconf(_SC_PAGESIZE);
	return ps;
}

/* Round N up to a page multiple; 0 on overflow of size_t. */
static size_t
door_page_round(uint64_t n)
{
	uint64_t	ps = door_pagesize();

	if (n > SIZE_MAX - ps)
		return 0;
	return (size_t)((n + ps - 1) & ~(ps - 1));
}

/* Say why PATH (stat'ed as ST) cannot be mapped, or NULL when it can. */
static char *
door_unmappable(const struct stat *st, const struct statfs *sf)
{
	if (S_ISDIR(st->st_mode))
		return xstrdup("is a directory");
	if (S_ISFIFO(st->st_mode))
		return xstrdup("is a pipe (FIFO); a pipe cannot be mapped");
	if (S_ISSOCK(st->st_mode))
		return xstrdup("is a socket; a socket cannot be mapped");
	if (S_ISCHR(st->st_mode)) {
		if (major(st->st_rdev) == 1 && minor(st->st_rdev) == 5)
			return xstrdup("is /dev/zero: mapping it gives private "
			    "anonymous memory, there is nothing to watch");
		return xasprintf("is a character device (%u:%u); the device "
		    "does not support shared mapping (livehex maps regular "
		    "files and block devices)", major(st->st_rdev),
		    minor(st->st_rdev));
	}
	if (sf != NULL && (sf->f_type == PROC_SUPER_MAGIC ||
	    sf->f_type == SYSFS_MAGIC))
		return xasprintf("is a %s pseudo-file; it cannot be mapped "
		    "(read it with cat instead)",
		    sf->f_type == PROC_SUPER_MAGIC ? "/proc" : "/sys");
	if (!S_ISREG(st->st_mode) && !S_ISBLK(st->st_mode))
		return xstrdup("is not a regular file or block device");
	return NULL;
}

/* Read a SysV segment's size into *size and note IPC_RMID; never fails. */
static void
door_sysv_stat(struct door *d, uint64_t *size)
{
	struct shmid_ds	ds;

	/*
	 * Why a failure is not an error: our attachment keeps the segment
	 * alive and a segment never shrinks, so the size we have stays true.
	 * EIDRM or EINVAL: the id is gone; EACCES: its owner took our read
	 * permission away (IPC_SET), which does not detach us.
	 */
	if (door_sys.shmctl(d->shmid, IPC_STAT, &ds) == -1) {
		if (errno == EIDRM || errno == EINVAL)
			d->destroyed = true;
		*size = d->size;
		return;
	}
	if (ds.shm_perm.mode & SHM_DEST)
		d->destroyed = true;
	*size = ds.shm_segsz;
}

/* Read the current size of D's source into *size; 0 or -1 with *cause. */
static int
door_stat_size(struct door *d, uint64_t *size, char **cause)
{
	struct stat	st;

	if (d->kind == DOOR_SYSV) {
		door_sysv_stat(d, size);
		return 0;
	}
	if (door_sys.fstat(d->fd, &st) == -1) {
		d->err = errno;
		return cause_set(cause, "fstat: %s", strerror(errno));
	}
	if (d->kind == DOOR_BLOCK) {
		unsigned long long	bytes;

		if (door_sys.ioctl_blksize(d->fd, &bytes) == -1) {
			d->err = errno;
			return cause_set(cause, "BLKGETSIZE64: %s",
			    strerror(errno));
		}
		*size = bytes;
	} else
		*size = st.st_size < 0 ? 0 : (uint64_t)st.st_size;
	return 0;
}

/* Map (or remap) D to cover at least SIZE bytes; 0 or -1 with *cause. */
static int
door_map(struct door *d, uint64_t size, char **cause)
{
	size_t		 want;
	unsigned char	*p;
	int		 prot = PROT_READ | (d->writable ? PROT_WRITE : 0);

	if (size == 0) {
		/* mmap of length 0 is EINVAL: an empty file maps nothing. */
		if (d->base != NULL)
			door_sys.munmap(d->base, d->maplen);
		d->base = NULL;
		d->maplen = 0;
		return 0;
	}
	want = door_page_round(size);
	if (want == 0 || want > SIZE_MAX - DOOR_SLACK) {
		d->err = ENOMEM;
		return cause_set(cause, "%llu bytes cannot be mapped in this "
		    "address space", (unsigned long long)size);
	}
	/* Block devices cannot grow: map exactly; files get slack. */
	if (d->kind == DOOR_REGULAR)
		want += DOOR_SLACK;
	p = door_sys.mmap(NULL, want, prot, MAP_SHARED, d->fd, 0);
	if (p == MAP_FAILED) {
		int	e = errno;

		d->err = e;
		if (e == ENODEV)
			return cause_set(cause, "this file system or device "
			    "does not support shared mapping");
		if (e == ENOMEM)
			return cause_set(cause, "not enough address space to "
			    "map %llu bytes", (unsigned long long)size);
		if (e == EPERM)
			return cause_set(cause, "mapping refused (EPERM: the "
			    "file may be sealed against writing)");
		return cause_set(cause, "mmap: %s", strerror(e));
	}
	if (d->base != NULL)
		door_sys.munmap(d->base, d->maplen);
	d->base = p;
	d->maplen = want;
	return 0;
}

/* open(2) through the table, again when a signal interrupted it. */
static int
door_open_retry(const char *path, int flags, mode_t mode)
{
	int	fd;

	/* EINTR: a signal (SIGWINCH, a timer) arrived while it blocked. */
	while ((fd = door_sys.open(path, flags, mode)) == -1 &&
	    errno == EINTR)
		;
	return fd;
}

/* Open PATH read-only and classify it; the fd, or -1 with *cause. */
static int
door_open_classify(const char *path, int oflags, struct stat *st,
    struct statfs *sf, char **cause)
{
	char	*why;
	int	 fd;

	/* O_NONBLOCK: opening a FIFO would otherwise wait for a writer. */
	fd = door_open_retry(path, O_RDONLY | O_NONBLOCK | O_NOCTTY |
	    O_CLOEXEC | oflags, 0);
	if (fd == -1) {
		int		e = errno;
		struct stat	lst;

		if (e == ELOOP && (oflags & O_NOFOLLOW))
			return cause_set(cause, "is a symbolic link; shm:NAME "
			    "never follows one (as shm_open(3))");

		if (e == ENXIO && stat(path, &lst) == 0 && S_ISSOCK(lst.st_mode))
			return cause_set(cause, "is a socket; a socket cannot "
			    "be mapped");
		if (e == ENOENT)
			return cause_set(cause, "no such file");
		if (e == EACCES)
			return cause_set(cause, "permission denied (cannot "
			    "read it)");
		return cause_set(cause, "%s", strerror(e));
	}
	if (door_sys.fstat(fd, st) == -1 || door_sys.fstatfs(fd, sf) == -1) {
		int	e = errno;

		close(fd);
		return cause_set(cause, "fstat: %s", strerror(e));
	}
	why = door_unmappable(st, sf);
	if (why != NULL) {
		close(fd);
		if (cause != NULL)
			*cause = why;
		else
			free(why);
		return -1;
	}
	return fd;
}

/* Try to reopen PATH read-write as the same inode; fd, or -1 and *why. */
static int
door_open_rw(const char *path, int oflags, const struct stat *st, char **why)
{
	struct stat	st2;
	int		fd, e;

	fd = door_open_retry(path, O_RDWR | O_NOCTTY | O_CLOEXEC | oflags, 0);
	if (fd == -1) {
		e = errno;
		if (e == EACCES || e == EPERM)
			*why = xstrdup("no write permission");
		else if (e == EROFS)
			*why = xstrdup("read-only file system");
		else if (e == ETXTBSY)
			*why = xstrdup("the file is a running program");
		else
			*why = xasprintf("cannot open for writing: %s",
			    strerror(e));
		return -1;
	}
	/* Someone may have replaced the path between the two opens. */
	if (door_sys.fstat(fd, &st2) == -1 || st2.st_dev != st->st_dev ||
	    st2.st_ino != st->st_ino) {
		close(fd);
		*why = xstrdup("the file was replaced while opening it");
		return -1;
	}
	return fd;
}

/*
 * Where block device RDEV is mounted (malloc'd), or NULL when it is not.
 * Why refuse to write there: the filesystem caches its own view of those
 * blocks, so bytes stored under it corrupt it (and are overwritten).
 */
static char *
door_mounted_at(dev_t rdev)
{
	FILE		*f = fopen(door_sys.mountinfo, "re");
	char		 line[4096], where[4096];
	unsigned	 maj, min;
	char		*at = NULL;

	if (f == NULL)
		return NULL;
	/* "36 35 98:0 /mnt1 /mnt2 rw,noatime ..." : fields 3 and 5. */
	while (at == NULL && fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "%*u %*u %u:%u %*s %4095s", &maj, &min,
		    where) == 3 && maj == major(rdev) && min == minor(rdev))
			at = xstrdup(where);
	}
	fclose(f);
	return at;
}

/* Open PATH and map it shared; NULL with *cause on failure. */
struct door *
door_open(const char *path, int flags, char **cause)
{
	struct door	*d;
	struct stat	 st;
	struct statfs	 sf;
	int		 fd, rw, oflags;
	char		*why = NULL, *mounted;

	oflags = (flags & DOOR_NOFOLLOW) ? O_NOFOLLOW : 0;
	fd = door_open_classify(path, oflags, &st, &sf, cause);
	if (fd == -1)
		return NULL;

	d = xcalloc(1, sizeof *d);
	d->path = xstrdup(path);
	d->kind = S_ISBLK(st.st_mode) ? DOOR_BLOCK : DOOR_REGULAR;
	d->is_tmpfs = sf.f_type == TMPFS_MAGIC || sf.f_type == RAMFS_MAGIC;

	if (flags & DOOR_RDONLY)
		why = xstrdup("opened read-only (-r)");
	else if (d->kind == DOOR_BLOCK && !(flags & DOOR_FORCE) &&
	    (mounted = door_mounted_at(st.st_rdev)) != NULL) {
		why = xasprintf("the device is mounted on %s; writing under a "
		    "filesystem corrupts it (--force-write to write anyway)",
		    mounted);
		free(mounted);
	} else if ((rw = door_open_rw(path, oflags, &st, &why)) != -1) {
		close(fd);
		fd = rw;
	}
	d->fd = fd;
	d->writable = why == NULL;
	d->ro_reason = why;
	/*
	 * Why: for a file the caller neither owns nor may write, Linux's
	 * mincore reports every page resident (a side channel fix), so a
	 * "resident" page might be a hole; door_scan then never trusts it.
	 */
	d->mincore_ok = d->writable || st.st_uid == geteuid() ||
	    geteuid() == 0;
	door_install_handler();

	if (door_stat_size(d, &d->size, cause) == -1 ||
	    door_map(d, d->size, cause) == -1) {
		door_close(d);
		return NULL;
	}
	return d;
}

/* Say why WHAT (shmctl or shmat) failed with errno E; -1. */
static int
door_sysv_error(int e, const char *what, char **cause)
{
	if (e == EINVAL || e == EIDRM)
		return cause_set(cause, "no such segment");
	if (e == EACCES || e == EPERM)
		return cause_set(cause, "permission denied (need read "
		    "permission on the segment)");
	if (e == ENOMEM)
		return cause_set(cause, "not enough address space to attach "
		    "the segment");
	return cause_set(cause, "%s: %s", what, strerror(e));
}

/* Attach SysV segment SHMID; NULL with *cause on failure (door.h). */
struct door *
door_open_sysv(int shmid, int flags, char **cause)
{
	struct shmid_ds	 ds;
	struct door	*d;
	void		*p = (void *)-1;
	char		*why = NULL;
	size_t		 len;

	if (shmid < 0) {
		cause_set(cause, "no such segment");
		return NULL;
	}
	/* IPC_STAT needs read permission: without it there is nothing to do. */
	if (door_sys.shmctl(shmid, IPC_STAT, &ds) == -1) {
		door_sysv_error(errno, "shmctl", cause);
		return NULL;
	}
	len = door_page_round(ds.shm_segsz);
	if (len == 0) {
		cause_set(cause, "a segment of %llu bytes cannot be attached "
		    "in this address space",
		    (unsigned long long)ds.shm_segsz);
		return NULL;
	}
	if (flags & DOOR_RDONLY)
		why = xstrdup("opened read-only (-r)");
	else {
		p = door_sys.shmat(shmid, NULL, 0);
		/* Only read permission: fall back to SHM_RDONLY, and say so. */
		if (p == (void *)-1 && errno == EACCES)
			why = xasprintf("no write permission on the segment "
			    "(its mode is %04o)", ds.shm_perm.mode & 0777);
		else if (p == (void *)-1) {
			door_sysv_error(errno, "shmat", cause);
			return NULL;
		}
	}
	if (why != NULL) {
		p = door_sys.shmat(shmid, NULL, SHM_RDONLY);
		if (p == (void *)-1) {
			door_sysv_error(errno, "shmat", cause);
			free(why);
			return NULL;
		}
	}

	d = xcalloc(1, sizeof *d);
	d->path = xasprintf("sysv:%d", shmid);
	d->fd = -1;
	d->shmid = shmid;
	d->kind = DOOR_SYSV;
	d->writable = why == NULL;
	d->ro_reason = why;
	/* Segments are shmem: msync has nothing durable to give. */
	d->is_tmpfs = true;
	d->base = p;
	d->maplen = len;
	d->size = ds.shm_segsz;
	d->destroyed = (ds.shm_perm.mode & SHM_DEST) != 0;
	door_install_handler();
	return d;
}

/* Grow FD to SIZE without ever shrinking it; 0 or -1 with *cause. */
static int
door_grow(int fd, uint64_t size, char **cause)
{
	struct stat	st;

	if (door_sys.fstat(fd, &st) == -1)
		return cause_set(cause, "fstat: %s", strerror(errno));
	if ((uint64_t)st.st_size >= size)
		return 0;
	if (size > (uint64_t)LLONG_MAX)
		return cause_set(cause, "size too large");
	/*
	 * Why fallocate of the last byte rather than ftruncate: fallocate only
	 * ever extends, so a concurrent writer who grew the file further
	 * between our fstat and this call cannot be cut short.  It allocates
	 * one block; the rest stays sparse.
	 */
	if (door_sys.fallocate(fd, 0, (off_t)size - 1, 1) == 0)
		return 0;
	if (errno != EOPNOTSUPP && errno != ENOSYS)
		return cause_set(cause, "cannot grow to %llu bytes: %s",
		    (unsigned long long)size, strerror(errno));
	/* No fallocate here: ftruncate after a fresh look, never smaller. */
	if (door_sys.fstat(fd, &st) == -1)
		return cause_set(cause, "fstat: %s", strerror(errno));
	if ((uint64_t)st.st_size < size &&
	    door_sys.ftruncate(fd, (off_t)size) == -1)
		return cause_set(cause, "cannot grow to %llu bytes: %s",
		    (unsigned long long)size, strerror(errno));
	return 0;
}

/* Create PATH (never following a symlink) or grow it to SIZE; never shrink. */
int
door_create(const char *path, uint64_t size, mode_t mode, char **cause)
{
	struct stat	st;
	int		fd, rc, created = 1;

	if (size == 0)
		return cause_set(cause, "size must be greater than zero");
	fd = door_open_retry(path, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW |
	    O_CLOEXEC, mode & 07777);
	if (fd == -1 && errno == EEXIST) {
		created = 0;
		fd = door_open_retry(path, O_RDWR | O_NOFOLLOW | O_NONBLOCK |
		    O_NOCTTY | O_CLOEXEC, 0);
	}
	if (fd == -1) {
		int	e = errno;

		if (e == ELOOP)
			return cause_set(cause, "is a symbolic link; --create "
			    "never follows links");
		if (e == EACCES)
			return cause_set(cause, "permission denied");
		return cause_set(cause, "cannot create: %s", strerror(e));
	}
	if (door_sys.fstat(fd, &st) == -1) {
		rc = cause_set(cause, "fstat: %s", strerror(errno));
		goto out;
	}
	if (!created && !S_ISREG(st.st_mode)) {
		/* Only regular files can grow; let the open path explain. */
		rc = cause_set(cause, "exists and is not a regular file; "
		    "--create only creates or grows regular files");
		goto out;
	}
	/* The umask must not weaken or widen what --mode asked for. */
	if (created && fchmod(fd, mode & 07777) == -1) {
		rc = cause_set(cause, "chmod: %s", strerror(errno));
		goto out;
	}
	rc = door_grow(fd, size, cause);
out:
	close(fd);
	return rc;
}

/* Unmap and close (shmdt for a segment); NULL is ignored. */
void
door_close(struct door *d)
{
	if (d == NULL)
		return;
	if (d->base != NULL && d->kind == DOOR_SYSV)
		door_sys.shmdt(d->base);
	else if (d->base != NULL)
		door_sys.munmap(d->base, d->maplen);
	if (d->fd != -1)
		close(d->fd);
	free(d->ro_reason);
	free(d->bounce);
	free(d->vec);
	free(d->path);
	free(d);
}

/* ------------------------------------------------------------------------ */
/* Accessors.                                                               */

/* The path the door was opened with ("sysv:SHMID" for a segment). */
const char *
door_path(const struct door *d)
{
	return d->path;
}

/* Regular file, block device or SysV segment. */
enum door_kind
door_kind(const struct door *d)
{
	return d->kind;
}

/* True when stores are allowed. */
bool
door_writable(const struct door *d)
{
	return d->writable;
}

/* Why the door is read-only, or NULL when it is writable. */
const char *
door_readonly_reason(const struct door *d)
{
	return d->ro_reason;
}

/* Say WHY a read-only door is read-only (a writable door is left alone). */
void
door_set_readonly_reason(struct door *d, const char *why)
{
	if (d->writable)
		return;
	free(d->ro_reason);
	d->ro_reason = xstrdup(why);
}

/* The size seen at the last open, refresh, copy or store. */
uint64_t
door_size(const struct door *d)
{
	return d->size;
}

/* True when the source lives on tmpfs (no durability for msync to give). */
bool
door_volatile(const struct door *d)
{
	return d->is_tmpfs;
}

/* The open descriptor (never map it); -1 for a SysV segment. */
int
door_fd(const struct door *d)
{
	return d->fd;
}

/* True once a SysV segment has been marked for removal (IPC_RMID). */
bool
door_destroyed(const struct door *d)
{
	return d->destroyed;
}

/* ------------------------------------------------------------------------ */
/* Access.                                                                  */

/* Re-stat and follow a size change (remap on growth); DOOR_* bits or -1. */
int
door_refresh(struct door *d, char **cause)
{
	uint64_t	size;
	bool		was_destroyed = d->destroyed;
	int		bits = 0;

	if (door_stat_size(d, &size, cause) == -1)
		return -1;
	if (d->destroyed && !was_destroyed)
		bits |= DOOR_DESTROYED;
	if (size > d->size)
		bits |= DOOR_GREW;
	else if (size < d->size)
		bits |= DOOR_SHRANK;
	/* A segment is attached once, whole: it is never remapped. */
	if (d->kind != DOOR_SYSV && (size > d->maplen ||
	    (size == 0) != (d->maplen == 0))) {
		if (door_map(d, size, cause) == -1)
			return -1;
	}
	d->size = size;
	return bits;
}

/*
 * Copy LEN mapped bytes from SRC to DST under the guard, page by page;
 * returns the bytes copied before a fault (LEN when none), *faulted set.
 */
static size_t
door_copy_guarded(unsigned char *dst, const unsigned char *src, size_t len,
    bool *faulted)
{
	/* volatile: these must survive the siglongjmp back here. */
	volatile size_t		done = 0;
	const volatile size_t	ps = door_pagesize();

	door_guard_lo = (uintptr_t)src;
	door_guard_hi = (uintptr_t)(src + len);
	if (sigsetjmp(door_jmp, 0) != 0) {
		*faulted = true;
		return done;
	}
	while (done < len) {
		size_t	n = ps - (size_t)((uintptr_t)(src + done) % ps);

		if (n > len - done)
			n = len - done;
		door_copy_page(dst + done, src + done, n);
		done += n;
	}
	door_guard_lo = door_guard_hi = 0;
	*faulted = false;
	return done;
}

/* Words for a door_copy error (an errno value); see door.h. */
const char *
door_strerror(int error)
{
	switch (error) {
	case 0:
		return "the file ended";
	case ENOMEM:
		return "out of memory or address space: the page could not "
		    "be mapped";
	case ENOSPC:
		return "no space left on the file system for the page";
	case EDQUOT:
		return "disk quota exceeded";
	case EFAULT:
		return "the page could not be mapped (out of memory, or an "
		    "I/O error)";
	default:
		return strerror(error);
	}
}

/* True when D's file system has no free block left (a full disk). */
static bool
door_nospace(struct door *d)
{
	struct statfs	sf;

	if (d->fd == -1 || door_sys.fstatfs(d->fd, &sf) == -1)
		return false;
	return sf.f_bfree == 0 || sf.f_bavail == 0;
}

/*
 * After a fault at file offset AT: the errno value that explains it, or 0
 * when the file now ends at or before AT (a shrink, not an error).
 */
static int
door_fault_error(struct door *d, uint64_t at)
{
	if (door_refresh(d, NULL) == -1)
		return d->err != 0 ? d->err : EFAULT;
	if (at >= d->size)
		return 0;
	return door_nospace(d) ? ENOSPC : EFAULT;
}

/*
 * pread LEN bytes at OFF into BUF, again after EINTR and short reads;
 * the bytes read (short at the end of the file), *err set on an error.
 */
static size_t
door_pread_all(struct door *d, unsigned char *buf, size_t len, uint64_t off,
    int *err)
{
	size_t	done = 0;

	*err = 0;
	while (done < len) {
		ssize_t	n = door_sys.pread(d->fd, buf + done, len - done,
			    (off_t)(off + done));

		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			*err = errno;
			break;
		}
		if (n == 0)
			break;		/* the end of the file */
		done += (size_t)n;
	}
	return done;
}

/*
 * Fill R after a short pread of [off, off+want) that gave R->valid bytes
 * with error ERR: an error is reported as itself, a short read as a
 * shrink (the door learns the new size).
 */
static void
door_pread_short(struct door *d, struct door_copy *r, uint64_t off,
    int err)
{
	if (err != 0) {
		r->faulted = true;
		r->error = err;
		return;
	}
	r->shrank = true;
	door_refresh(d, NULL);
	if (off + r->valid > d->size)
		r->valid = off < d->size ? (size_t)(d->size - off) : 0;
}

/* Copy [off, off+len) into BUF, clamped and guarded; see struct door_copy. */
struct door_copy
door_read(struct door *d, uint64_t off, void *buf, size_t len)
{
	struct door_copy	r = { 0, false, false, 0 };
	uint64_t		end;
	int			bits, err;

	bits = door_refresh(d, NULL);
	if (bits == -1) {
		r.faulted = true;
		r.error = d->err != 0 ? d->err : EIO;
		return r;
	}
	r.shrank = (bits & DOOR_SHRANK) != 0;
	end = d->size < d->maplen ? d->size : d->maplen;
	if (off >= end || len == 0)
		return r;
	if (len > end - off)
		len = (size_t)(end - off);
	if (d->fd != -1) {
		/* pread: a hole reads as zeros and stays a hole. */
		r.valid = door_pread_all(d, buf, len, off, &err);
		if (r.valid < len)
			door_pread_short(d, &r, off, err);
		return r;
	}
	r.valid = door_copy_guarded(buf, d->base + off, len, &r.faulted);
	if (r.faulted) {
		r.error = door_fault_error(d, off + r.valid);
		if (r.error == 0)
			r.shrank = true;
		/* Bytes copied past the new end are not file data. */
		if (off + r.valid > d->size)
			r.valid = off < d->size ? (size_t)(d->size - off) : 0;
	}
	return r;
}

/* Run FN over [p, p+len) in CHUNK pieces under the guard; bytes done. */
static size_t
door_scan_guarded(const unsigned char *p, uint64_t off, size_t len,
    size_t chunk, door_scan_fn *fn, void *arg, bool *faulted)
{
	/* volatile: it must survive the siglongjmp back here. */
	volatile size_t	done = 0;

	door_guard_lo = (uintptr_t)p;
	door_guard_hi = (uintptr_t)(p + len);
	if (sigsetjmp(door_jmp, 0) != 0) {
		*faulted = true;
		return done;
	}
	while (done < len) {
		size_t	n = chunk == 0 || chunk > len - done ? len - done :
			    chunk;

		/* Barriers: the bytes change behind the compiler's back. */
		__asm__ __volatile__("" ::: "memory");
		fn(p + done, n, off + done, arg);
		__asm__ __volatile__("" ::: "memory");
		done += n;
	}
	door_guard_lo = door_guard_hi = 0;
	*faulted = false;
	return done;
}

/*
 * True when every page of [off, off+len) is resident, so scanning it in
 * place cannot instantiate one (a resident page is never a hole).
 */
static bool
door_all_resident(struct door *d, uint64_t off, size_t len)
{
	uint64_t	ps = door_pagesize(), first = off & ~(ps - 1);
	size_t		n = (size_t)((off - first + len + ps - 1) / ps);

	if (!d->mincore_ok)
		return false;
	if (n > d->veccap) {
		d->vec = xrealloc(d->vec, n);
		d->veccap = n;
	}
	if (mincore(d->base + first, (size_t)(off - first + len), d->vec) ==
	    -1)
		return false;
	for (size_t i = 0; i < n; i++)
		if ((d->vec[i] & 1) == 0)
			return false;
	return true;
}

/* Run FN over [off, off+len) in pieces of CHUNK bytes; see door.h. */
struct door_copy
door_scan(struct door *d, uint64_t off, size_t len, size_t chunk,
    door_scan_fn *fn, void *arg)
{
	struct door_copy	r = { 0, false, false, 0 };
	uint64_t		end;
	int			bits, err;

	bits = door_refresh(d, NULL);
	if (bits == -1) {
		r.faulted = true;
		r.error = d->err != 0 ? d->err : EIO;
		return r;
	}
	r.shrank = (bits & DOOR_SHRANK) != 0;
	end = d->size < d->maplen ? d->size : d->maplen;
	if (off >= end || len == 0)
		return r;
	if (len > end - off)
		len = (size_t)(end - off);
	if (d->fd != -1 && !door_all_resident(d, off, len)) {
		/*
		 * Some page is not resident: it may be a hole, and touching
		 * it through the mapping would fill it.  Read the range with
		 * pread (holes come back as zeros) and scan the copy.
		 */
		if (len > d->bouncecap) {
			free(d->bounce);
			d->bounce = xmalloc(len);
			d->bouncecap = len;
		}
		r.valid = door_pread_all(d, d->bounce, len, off, &err);
		if (r.valid < len)
			door_pread_short(d, &r, off, err);
		for (size_t done = 0; done < r.valid;) {
			size_t	n = chunk == 0 || chunk > r.valid - done ?
				    r.valid - done : chunk;

			fn(d->bounce + done, n, off + done, arg);
			done += n;
		}
		return r;
	}
	r.valid = door_scan_guarded(d->base + off, off, len, chunk, fn, arg,
	    &r.faulted);
	if (r.faulted) {
		r.error = door_fault_error(d, off + r.valid);
		if (r.error == 0)
			r.shrank = true;
	}
	return r;
}

/* Check that [off, off+len) can be stored to; DOOR_PUT_DONE or why not. */
static enum door_put_why
door_store_check(struct door *d, uint64_t off, size_t len, char **cause)
{
	if (!d->writable) {
		cause_set(cause, "read-only: %s", d->ro_reason);
		return DOOR_PUT_READONLY;
	}
	if (door_refresh(d, cause) == -1)
		return DOOR_PUT_ERROR;
	if (off > d->size || len > d->size - off) {
		cause_set(cause, "offset 0x%llx is past the end of the file "
		    "(%llu bytes)", (unsigned long long)(off + len - 1),
		    (unsigned long long)d->size);
		return DOOR_PUT_RANGE;
	}
	if (off + len > d->maplen) {
		cause_set(cause, "offset 0x%llx is not mapped",
		    (unsigned long long)off);
		return DOOR_PUT_RANGE;
	}
	return DOOR_PUT_DONE;
}

/*
 * A store of R->len bytes at OFF faulted after R->stored bytes: learn why,
 * set R->why and *cause (what was stored, then why the rest was not).
 */
static void
door_store_fault(struct door *d, uint64_t off, struct door_put *r,
    char **cause)
{
	int		 e = door_fault_error(d, off + r->stored);
	char		*why;

	if (e == 0) {
		r->why = DOOR_PUT_SHRANK;
		why = xasprintf("the file shrank to %llu bytes",
		    (unsigned long long)d->size);
	} else if (e == ENOSPC) {
		r->why = DOOR_PUT_NOSPACE;
		why = xstrdup(r->stored > 0 ? "the file system refused the "
		    "rest (no space)" : "the file system refused it (no "
		    "space)");
	} else {
		r->why = DOOR_PUT_FAULT;
		why = xasprintf("the page could not be backed (%s)",
		    e == EFAULT ? "out of memory, or an I/O error" :
		    door_strerror(e));
	}
	if (r->stored > 0)
		cause_set(cause, "stored %zu of %zu bytes at 0x%llx, then %s",
		    r->stored, r->len, (unsigned long long)off, why);
	else
		cause_set(cause, "nothing was stored at 0x%llx: %s",
		    (unsigned long long)off, why);
	free(why);
}

/* Store WIDTH (1, 2, 4 or 8) bytes from SRC at OFF; see door.h. */
struct door_put
door_store(struct door *d, uint64_t off, const void *src, size_t width,
    char **cause)
{
	struct door_put			 r = { 0, width, DOOR_PUT_DONE, false };
	unsigned char			*p;
	volatile unsigned char		*vp;
	volatile size_t			 i = 0;
	const unsigned char		*s = src;

	if (width != 1 && width != 2 && width != 4 && width != 8) {
		cause_set(cause, "a store is 1, 2, 4 or 8 bytes, not %zu",
		    width);
		r.why = DOOR_PUT_WIDTH;
		return r;
	}
	if ((r.why = door_store_check(d, off, width, cause)) != DOOR_PUT_DONE)
		return r;
	p = d->base + off;
	vp = p;
	r.atomic = (off % width) == 0;
	door_guard_lo = (uintptr_t)p;
	door_guard_hi = (uintptr_t)(p + width);
	if (sigsetjmp(door_jmp, 0) != 0) {
		/* An atomic store either happened or did not: 0 here. */
		r.stored = i;
		door_store_fault(d, off, &r, cause);
		return r;
	}
	if (!r.atomic) {
		/* Cannot be atomic: store exactly these bytes, one by one. */
		for (; i < width; i++)
			vp[i] = s[i];
	} else if (width == 1)
		__atomic_store_n(p, s[0], __ATOMIC_RELAXED);
	else if (width == 2) {
		uint16_t	v;

		memcpy(&v, src, 2);
		__atomic_store_n((uint16_t *)(void *)p, v, __ATOMIC_RELAXED);
	} else if (width == 4) {
		uint32_t	v;

		memcpy(&v, src, 4);
		__atomic_store_n((uint32_t *)(void *)p, v, __ATOMIC_RELAXED);
	} else {
		uint64_t	v;

		memcpy(&v, src, 8);
		__atomic_store_n((uint64_t *)(void *)p, v, __ATOMIC_RELAXED);
	}
	door_guard_lo = door_guard_hi = 0;
	r.stored = width;
	return r;
}

/* Store LEN bytes one byte at a time (never a wider write); see door.h. */
struct door_put
door_store_bytes(struct door *d, uint64_t off, const void *src, size_t len,
    char **cause)
{
	struct door_put		 r = { 0, len, DOOR_PUT_DONE, len == 1 };
	volatile unsigned char	*p;
	volatile size_t		 i = 0;

	if (len == 0)
		return r;
	if ((r.why = door_store_check(d, off, len, cause)) != DOOR_PUT_DONE)
		return r;
	p = d->base + off;
	door_guard_lo = (uintptr_t)p;
	door_guard_hi = (uintptr_t)(p + len);
	if (sigsetjmp(door_jmp, 0) != 0) {
		/* i counts the bytes whose store completed. */
		r.stored = i;
		door_store_fault(d, off, &r, cause);
		return r;
	}
	/* Byte stores only: a wider write could undo a neighbour's store. */
	for (; i < len; i++)
		p[i] = ((const unsigned char *)src)[i];
	door_guard_lo = door_guard_hi = 0;
	r.stored = len;
	return r;
}

/* Which system pages over [off, off+len) are in memory or holes; door.h. */
int
door_resident(struct door *d, uint64_t off, size_t len, unsigned char *vec)
{
	uint64_t	ps = door_pagesize(), first, end, pos;
	size_t		n, i;
	bool		cold = false;

	if (len == 0)
		return 0;
	first = off & ~(ps - 1);
	memset(vec, 0, (size_t)((off - first + len + ps - 1) / ps));
	end = d->size < d->maplen ? d->size : d->maplen;
	if (d->base == NULL || off >= end)
		return 0;
	if (len < end - off)
		end = off + len;
	n = (size_t)((end - first + ps - 1) / ps);
	/* mincore reads page tables and the page cache, never the bytes. */
	if (mincore(d->base + first, (size_t)(end - first), vec) == -1)
		return -1;
	for (i = 0; i < n; i++) {
		/* The other bits are reserved: keep only residency. */
		vec[i] &= DOOR_RESIDENT;
		cold |= vec[i] == 0;
	}
	/*
	 * Holes, only where something is not resident and only for files
	 * (a segment has no descriptor; a block device has no holes).  Why:
	 * a page that is a hole now reads as zeros, so a scan can know its
	 * bytes without reading it and see the store that fills it later.
	 * lseek moves the file offset, which the door never uses.
	 */
	for (pos = first; cold && d->fd != -1 && pos < end;) {
		off_t		data = lseek(d->fd, (off_t)pos, SEEK_DATA);
		uint64_t	hole_end, p;

		if (data == -1 && errno != ENXIO)
			break;		/* no hole support: say nothing */
		/* ENXIO: no data after POS, a hole to the end of the file. */
		hole_end = data == -1 ? d->size : (uint64_t)data;
		for (p = (pos + ps - 1) & ~(ps - 1); p < end; p += ps) {
			uint64_t	pend = p + ps < d->size ? p + ps :
					    d->size;

			if (pend > hole_end)
				break;
			vec[(p - first) / ps] |= DOOR_HOLE;
		}
		if (data == -1 || (uint64_t)data >= end)
			break;
		data = lseek(d->fd, data, SEEK_HOLE);
		if (data == -1 || (uint64_t)data <= pos)
			break;
		pos = (uint64_t)data;
	}
	return 0;
}

/* msync [off, off+len) with MS_SYNC, or MS_ASYNC when ASYNC is set. */
enum door_sync_result
door_sync(struct door *d, uint64_t off, uint64_t len, bool async,
    char **cause)
{
	uint64_t	ps = door_pagesize(), start, end;

	if (door_refresh(d, cause) == -1)
		return DOOR_SYNC_ERROR;
	if (d->base == NULL || len == 0)
		return d->is_tmpfs ? DOOR_SYNC_VOLATILE : DOOR_SYNC_OK;
	end = off + len;
	if (end < off || end > door_page_round(d->size))
		end = door_page_round(d->size);
	if (end > d->maplen)
		end = d->maplen;
	if (off >= end)
		return d->is_tmpfs ? DOOR_SYNC_VOLATILE : DOOR_SYNC_OK;
	/* msync wants a page-aligned address. */
	start = off & ~(ps - 1);
	if (door_sys.msync(d->base + start, (size_t)(end - start),
	    async ? MS_ASYNC : MS_SYNC) == -1) {
		int	e = errno;

		cause_set(cause, "msync: %s%s", strerror(e),
		    e == EIO ? " (data may not have reached the disk; a "
		    "retry does not bring it back)" : "");
		return DOOR_SYNC_ERROR;
	}
	return d->is_tmpfs ? DOOR_SYNC_VOLATILE : DOOR_SYNC_OK;
}
