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
 * The door is four files around one private header (door_priv.h: struct
 * door and the glue between them): door.c opens, maps, sizes and closes
 * (and holds the system-call table); door_guard.c is the SIGBUS guard and
 * the guarded copy and scan loops; door_io.c reads and scans (pread,
 * mincore, holes); door_store.c stores and syncs.
 *
 * livehex is single-threaded; the guard state is process-global.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
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
#include "door_priv.h"
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
/* Opening.                                                                 */

/* The system page size, cached. */
size_t
door_pagesize(void)
{
	static size_t	ps;

	if (ps == 0)
		ps = (size_t)sysconf(_SC_PAGESIZE);
	return ps;
}

/* Round N up to a page multiple; 0 on overflow of size_t. */
size_t
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
	d->nlink = (uint64_t)st.st_nlink;
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
	door_guard_install();

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
	door_guard_install();
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
	free(d->name);
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

/* The name to show in messages: door_set_name's, else the path. */
const char *
door_name(const struct door *d)
{
	return d->name != NULL ? d->name : d->path;
}

/* Show NAME instead of the path in messages (a copy is kept). */
void
door_set_name(struct door *d, const char *name)
{
	free(d->name);
	d->name = xstrdup(name);
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

/* The link count the last refresh saw; see door.h. */
uint64_t
door_nlink(const struct door *d)
{
	return d->nlink;
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
	d->held_bits = bits;
	return bits;
}

/*
 * Hold (ON) the size the last refresh read, or let it go.  Why it is
 * safe: a held read clamps to a size a few microseconds old, which is
 * what any read does (the file can change size right after its stat);
 * pread then comes back short, and a guarded copy of the mapping still
 * catches the SIGBUS of a truncation (door_guard.c).
 */
void
door_hold(struct door *d, bool on)
{
	d->held = on;
}
