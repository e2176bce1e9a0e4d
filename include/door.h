/* SPDX-License-Identifier: ISC */
/*
 * door.h - the one guarded door into a shared mapping.
 *
 * Every read and every store of mapped bytes in livehex goes through this
 * module; nothing else ever dereferences the mapping.  The door re-stats the
 * source, clamps every access to the current size, and guards every access
 * with a SIGBUS handler, because another process may truncate the file at any
 * moment and touching a page past the new end raises SIGBUS (design.md fact 3).
 *
 * Hazards for callers:
 *  - A copy can come back short: the file shrank between the stat and the
 *    copy.  Always use the returned count, never the requested length.
 *  - Bytes that were copied are a snapshot; the live mapping can change the
 *    next instant.  Decide everything from the copy (design.md fact 2).
 *  - Errors come back as a human-readable cause string allocated with
 *    malloc(3); the caller frees it.  The door never prints and never exits.
 *    What happened is in the result structs (door_copy, door_put): decide
 *    from their fields, never from the text.
 *  - Reading never allocates: bytes in a hole of a sparse file are read
 *    as zeros without instantiating a page (on tmpfs a read fault through
 *    the mapping would allocate one and fill a small file system).
 */
#ifndef LIVEHEX_DOOR_H
#define LIVEHEX_DOOR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct door;

/* What kind of thing the door has open. */
enum door_kind {
	DOOR_REGULAR,	/* a regular file (including tmpfs / POSIX shm) */
	DOOR_BLOCK,	/* a block device; size from BLKGETSIZE64 */
	DOOR_SYSV,	/* a System V segment (shmat); no descriptor */
};

/* door_open() flags. */
#define DOOR_RDONLY	0x1	/* never open for writing */
#define DOOR_FORCE	0x2	/* write even to a mounted block device */
#define DOOR_NOFOLLOW	0x4	/* refuse a symbolic link (O_NOFOLLOW), as
				   shm_open(3) does for shm:NAME */

/* Bits returned by door_refresh(). */
#define DOOR_GREW	0x1	/* the size went up since the last look */
#define DOOR_SHRANK	0x2	/* the size went down since the last look */
#define DOOR_DESTROYED	0x4	/* a SysV segment was marked for removal
				   (IPC_RMID) since the last look */

/*
 * Result of a copy: how much was valid, and why it stopped short.  A copy
 * is short either because the source ended (shrank: `error` is 0) or
 * because something failed (`error` holds an errno value: ENOMEM when the
 * source could not be mapped, EIO when it could not be read, ENOSPC when a
 * page could not be backed on a full file system ...).  door_strerror()
 * turns it into words; never report a short copy with error != 0 as the
 * end of the file.
 */
struct door_copy {
	size_t	 valid;		/* bytes copied, from the start of the buffer */
	bool	 shrank;	/* the source is now shorter than it was */
	bool	 faulted;	/* something failed (a fault, an error) */
	int	 error;		/* 0, or why the copy failed (errno value) */
};

/* Why a store stopped (struct door_put.why). */
enum door_put_why {
	DOOR_PUT_DONE,		/* every byte was stored */
	DOOR_PUT_READONLY,	/* the door is read-only: nothing stored */
	DOOR_PUT_RANGE,		/* past the end or not mapped: nothing stored */
	DOOR_PUT_WIDTH,		/* door_store: width not 1, 2, 4 or 8 */
	DOOR_PUT_ERROR,		/* the size could not be learnt: nothing stored */
	DOOR_PUT_SHRANK,	/* faulted: the file ended before the byte */
	DOOR_PUT_NOSPACE,	/* faulted: the file system had no space */
	DOOR_PUT_FAULT,		/* faulted otherwise (memory, I/O) */
};

/*
 * Result of a store: how many bytes were stored and why it stopped.  The
 * first `stored` bytes of SRC are in the file (others see them); the rest
 * are not.  A store that faults part-way (a page past the first could not
 * be backed) has 0 < stored < len: record those bytes as written.  Decide
 * from these fields, never from the cause text.
 */
struct door_put {
	size_t			 stored;	/* bytes stored, from SRC's start */
	size_t			 len;		/* bytes asked for */
	enum door_put_why	 why;		/* DOOR_PUT_DONE when all stored */
	bool			 atomic;	/* one store of the whole width */
};

/* Result of door_sync(). */
enum door_sync_result {
	DOOR_SYNC_OK,		/* written back (MS_SYNC) or scheduled */
	DOOR_SYNC_VOLATILE,	/* tmpfs: msync succeeded but nothing is durable */
	DOOR_SYNC_ERROR,	/* failed; *cause says why */
};

/* Open PATH and map it shared; NULL with *cause on failure. */
struct door	*door_open(const char *path, int flags, char **cause);
/*
 * Attach System V segment SHMID (shmat) with its size from shmctl
 * (IPC_STAT): read-write unless DOOR_RDONLY or only read permission is
 * granted, then SHM_RDONLY.  door_path() is "sysv:SHMID"; door_fd() is -1;
 * door_sync() says DOOR_SYNC_VOLATILE (a segment is memory, never a disk).
 * NULL with *cause on failure.
 */
struct door	*door_open_sysv(int shmid, int flags, char **cause);
/* Create PATH (never following a symlink) or grow it to SIZE; never shrink. */
int		 door_create(const char *path, uint64_t size, mode_t mode,
		     char **cause);
/* Unmap and close (shmdt for a segment); NULL is ignored. */
void		 door_close(struct door *d);

/* The path the door was opened with ("sysv:SHMID" for a segment). */
const char	*door_path(const struct door *d);
/*
 * The name to show for the source in messages: the one door_set_name gave
 * (the user's own spelling, e.g. FILE.lhrec@T for a recording held in a
 * memfd), else door_path.  Raw: callers escape it (esc_quote, cli_name).
 */
const char	*door_name(const struct door *d);
/* Show NAME instead of the path in messages (a copy is kept). */
void		 door_set_name(struct door *d, const char *name);
/* Regular file, block device or SysV segment. */
enum door_kind	 door_kind(const struct door *d);
/* True when stores are allowed. */
bool		 door_writable(const struct door *d);
/* Why the door is read-only, or NULL when it is writable. */
const char	*door_readonly_reason(const struct door *d);
/* Say WHY a read-only door is read-only (a writable door is left alone). */
void		 door_set_readonly_reason(struct door *d, const char *why);
/* The size seen at the last open, refresh, copy or store. */
uint64_t	 door_size(const struct door *d);
/*
 * The link count the last door_refresh's fstat saw (0: unlinked), or 0
 * before any refresh and for a SysV segment.
 */
uint64_t	 door_nlink(const struct door *d);
/* True when the source lives on tmpfs (no durability for msync to give). */
bool		 door_volatile(const struct door *d);
/*
 * The open descriptor (for fstat / inotify identity checks); never map it.
 * -1 for a SysV segment, which has none.
 */
int		 door_fd(const struct door *d);

/* True once a SysV segment has been marked for removal (IPC_RMID). */
bool		 door_destroyed(const struct door *d);

/* Re-stat and follow a size change (remap on growth); DOOR_* bits or -1. */
int		 door_refresh(struct door *d, char **cause);
/*
 * Hold (ON) the size door_refresh just read: until the hold is let go,
 * reads and scans clamp to it without a stat of their own (they report
 * its SHRANK).  For a caller that refreshes and then copies at once
 * (live_tick: one fstat a look, not one per copy); never across a store.
 */
void		 door_hold(struct door *d, bool on);
/* Copy [off, off+len) into BUF, clamped and guarded; see struct door_copy. */
struct door_copy door_read(struct door *d, uint64_t off, void *buf,
		     size_t len);
/*
 * Store WIDTH (1, 2, 4 or 8) bytes from SRC at OFF: one atomic store when
 * OFF is aligned to WIDTH (all or nothing, .atomic set), else byte by byte
 * (it can stop part-way).  On anything but DOOR_PUT_DONE *cause (when not
 * NULL) gets a sentence saying what was stored and why the rest was not.
 */
struct door_put	 door_store(struct door *d, uint64_t off, const void *src,
		     size_t width, char **cause);
/* Store LEN bytes one byte at a time (never a wider write); see above. */
struct door_put	 door_store_bytes(struct door *d, uint64_t off,
		     const void *src, size_t len, char **cause);
/* Words for a door_copy error (an errno value), e.g. "no space left". */
const char	*door_strerror(int error);
/*
 * Read-only work done in place on mapped bytes, for scans too big to copy
 * (search, page hashes).  FN gets a pointer into the mapping that is valid
 * only during the call.  It runs under the SIGBUS guard and may be
 * abandoned midway when the source shrinks, so it must not allocate, lock,
 * call stdio or keep the pointer: pure computation over the bytes only,
 * with its results written to ARG.
 */
typedef void	door_scan_fn(const unsigned char *p, size_t n, uint64_t off,
		    void *arg);
/*
 * Run FN over [off, off+len), clamped to the size, in pieces of at most
 * CHUNK bytes (0: one piece); like door_read, says how much was valid.
 * Pieces that completed before a fault have been seen by FN in full.
 * FN runs in place only when every page of the range is resident; else
 * the range is first read with pread into a buffer of LEN bytes the door
 * keeps (a hole must never be touched through the mapping), so keep LEN
 * bounded (search: 4 MiB pieces; the change map: resident runs only).
 */
struct door_copy door_scan(struct door *d, uint64_t off, size_t len,
		    size_t chunk, door_scan_fn *fn, void *arg);
/*
 * Like door_scan, but FN runs on copies: [off, off+len) is read with pread
 * into BUF, CAP bytes at a time, so no page is mapped into our page tables
 * (and no hole filled).  Read only what is resident (door_resident), or
 * the pread reads from disk.  Without a descriptor (a segment): door_scan.
 */
struct door_copy door_scan_copy(struct door *d, uint64_t off, size_t len,
		    unsigned char *buf, size_t cap, door_scan_fn *fn,
		    void *arg);
/* Bits in door_resident()'s vector, one byte per system page. */
#define DOOR_RESIDENT	0x1	/* in memory: reading it costs no I/O */
#define DOOR_HOLE	0x2	/* wholly in a hole: it reads as zeros */
/*
 * Which system pages over [off, off+len) are in memory (mincore(2)) and,
 * when some are not, which lie in a hole of a sparse file (lseek
 * SEEK_DATA), so a scan can skip what it would have to read from disk and
 * still know what a hole holds.  VEC gets one byte of DOOR_* bits per
 * system page from the one holding OFF: (off % pagesize + len + pagesize
 * - 1) / pagesize bytes; pages past the size get 0.  Touches no mapped
 * byte.  0, or -1 (errno).
 */
int		 door_resident(struct door *d, uint64_t off, size_t len,
		    unsigned char *vec);
/*
 * True when every system page of [off, off+len) is in memory now (one
 * mincore(2)), so door_glance may look at those bytes in place without
 * reading from disk or filling a hole; always true for a SysV segment.
 * Residency is of this moment: the caller keeps it only until the size
 * moves or inotify reports a write (a hole may be punched or the file cut
 * and grown again; live.c).
 */
bool		 door_in_memory(struct door *d, uint64_t off, size_t len);
/* What door_glance saw. */
enum door_glance {
	DOOR_GLANCE_SAME,	/* every byte equals LAST */
	DOOR_GLANCE_DIFFERS,	/* some byte differs: look properly */
	DOOR_GLANCE_UNSURE,	/* past the size last read, or a fault (the
				   file shrank): look properly */
};
/*
 * Compare [off, off+len) of the mapping in place with LAST, without a
 * system call: no re-stat (the size is the one last read) and no copy,
 * under the SIGBUS guard.  Only for a range door_in_memory said yes to.
 */
enum door_glance door_glance(struct door *d, uint64_t off, const void *last,
		    size_t len);
/*
 * Call FN(ARG, lo, hi) for each hole [lo, hi) of the file in [off, end)
 * (lseek SEEK_DATA / SEEK_HOLE: one pair per extent, no byte read), at
 * most MAX holes.  Nothing for a segment or a file system without holes.
 */
void		 door_holes(struct door *d, uint64_t off, uint64_t end,
		    size_t max, void (*fn)(void *, uint64_t, uint64_t),
		    void *arg);
/*
 * Drop our own page-table entries for the system pages under
 * [off, off+len) of a file's shared mapping (madvise MADV_DONTNEED), so a
 * scan in place does not leave what it read in our resident set.  The
 * page cache keeps the bytes (and a page dirtied through the mapping
 * stays dirty); the next touch maps the page again.  Does nothing for a
 * SysV segment, or where mincore would then stop seeing the pages (a
 * file we neither own nor may write).  True when the entries were dropped.
 */
bool		 door_drop(struct door *d, uint64_t off, size_t len);
/* msync [off, off+len) with MS_SYNC, or MS_ASYNC when ASYNC is set. */
enum door_sync_result door_sync(struct door *d, uint64_t off, uint64_t len,
		     bool async, char **cause);

#endif
