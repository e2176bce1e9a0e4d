/* SPDX-License-Identifier: ISC */
/*
 * door_io.c - reading a door: copies, scans and page residency.
 *
 * Reading never allocates.  On tmpfs a read fault through any mapping
 * instantiates a page for a hole, so bytes are read with pread(2)
 * wherever there is a descriptor (door_read): a hole comes back as zeros
 * and stays a hole.  Scans too big to copy (door_scan) run in place, under
 * the guard (door_guard.c), only when every page of the range is resident
 * (mincore), because a resident page is never a hole; otherwise the range
 * is read with pread into a bounce buffer.  A SysV segment has no
 * descriptor: it is read through the mapping, guarded.  A short read or a
 * fault is explained (door_fault_error: a shrink, a full file system, or
 * an error) and reported in struct door_copy, never hidden.
 *
 * A glance (door_glance, issue 12) compares bytes in place with a copy
 * without any system call: no re-stat, no mincore.  The caller asks
 * door_in_memory (mincore) once for the range and keeps the answer only
 * until the size moves or inotify says something (live.c); a fault (the
 * file shrank) makes the glance unsure, never a crash.
 *
 * Scanning in place maps each page it reads into our page tables, and
 * that stays in our resident set (RssFile) until unmapped: 30 s of the
 * change map's sweep over a 4 GiB file in the page cache grew the process
 * to 4.1 GiB.  door_drop lets a scanner give those entries back
 * (MADV_DONTNEED).  On a shared file mapping that only zaps our
 * page-table entries: the page cache keeps the pages (a dirty entry marks
 * its page dirty as it goes), other processes are untouched, the next
 * touch faults the page back in.  It is never used on a SysV segment, and
 * the door maps nothing MAP_PRIVATE.
 */
#include "config.h"

#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/statfs.h>
#include <sys/types.h>
#include <unistd.h>

#include "door.h"
#include "door_priv.h"
#include "door_sys.h"
#include "xmalloc.h"

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
int
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

/*
 * The start of every read: learn the size (R says a shrink or a failure)
 * and clamp [OFF, OFF+*LEN) to the mapped file; false when nothing is
 * left to read (R is then the whole answer).
 */
static bool
door_io_begin(struct door *d, uint64_t off, size_t *len, struct door_copy *r)
{
	uint64_t	end;
	int		bits;

	/* Held: the caller's door_refresh just read the size (door_hold). */
	bits = d->held ? d->held_bits : door_refresh(d, NULL);
	if (bits == -1) {
		r->faulted = true;
		r->error = d->err != 0 ? d->err : EIO;
		return false;
	}
	r->shrank = (bits & DOOR_SHRANK) != 0;
	end = d->size < d->maplen ? d->size : d->maplen;
	if (off >= end || *len == 0)
		return false;
	if (*len > end - off)
		*len = (size_t)(end - off);
	return true;
}

/* Copy [off, off+len) into BUF, clamped and guarded; see struct door_copy. */
struct door_copy
door_read(struct door *d, uint64_t off, void *buf, size_t len)
{
	struct door_copy	r = { 0, false, false, 0 };
	int			err;

	if (!door_io_begin(d, off, &len, &r))
		return r;
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
	int			err;

	if (!door_io_begin(d, off, &len, &r))
		return r;
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

/* Run FN over [off, off+len) read with pread into BUF; see door.h. */
struct door_copy
door_scan_copy(struct door *d, uint64_t off, size_t len, unsigned char *buf,
    size_t cap, door_scan_fn *fn, void *arg)
{
	struct door_copy	r = { 0, false, false, 0 };

	if (d->fd == -1)
		return door_scan(d, off, len, 0, fn, arg);
	while (r.valid < len) {
		size_t			n = len - r.valid < cap ? len - r.valid :
					    cap;
		struct door_copy	s = door_read(d, off + r.valid, buf, n);

		/* FN sees what was read, also a short piece at a shrink. */
		if (s.valid > 0)
			fn(buf, s.valid, off + r.valid, arg);
		r.valid += s.valid;
		if (s.valid < n) {
			r.shrank = s.shrank;
			r.faulted = s.faulted;
			r.error = s.error;
			break;
		}
	}
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

/* Each hole of the file in [off, end), at most MAX; see door.h. */
void
door_holes(struct door *d, uint64_t off, uint64_t end, size_t max,
    void (*fn)(void *, uint64_t, uint64_t), void *arg)
{
	off_t	data, hole;

	if (end > d->size)
		end = d->size;
	while (d->fd != -1 && off < end && max-- > 0) {
		/* ENXIO: no data after OFF, a hole to the end of the file. */
		data = lseek(d->fd, (off_t)off, SEEK_DATA);
		if (data == -1 && errno != ENXIO)
			return;		/* no hole support: say nothing */
		if (data == -1 || (uint64_t)data > off)
			fn(arg, off, data == -1 || (uint64_t)data > end ? end :
			    (uint64_t)data);
		if (data == -1 || (hole = lseek(d->fd, data, SEEK_HOLE)) ==
		    -1 || hole <= data)
			return;
		off = (uint64_t)hole;
	}
}

/* Drop our page-table entries under [off, off+len); see door.h. */
bool
door_drop(struct door *d, uint64_t off, size_t len)
{
	uint64_t	ps = door_pagesize(), first, end;

	/*
	 * A segment is left alone: nothing needs it there, and the door
	 * does not zap what is not a file.  Where mincore reports only our
	 * own entries (mincore_ok false), dropping them could hide the
	 * pages from every later sweep.
	 */
	if (d->kind == DOOR_SYSV || d->fd == -1 || !d->mincore_ok ||
	    d->base == NULL || len == 0 || off >= d->maplen)
		return false;
	/* Every page the range touches (harmless on a shared mapping). */
	first = off & ~(ps - 1);
	end = len > d->maplen - off ? d->maplen :
	    (off + len + ps - 1) & ~(ps - 1);
	if (end > d->maplen)
		end = d->maplen;
	return madvise(d->base + first, (size_t)(end - first),
	    MADV_DONTNEED) == 0;
}

/* Whether [off, off+len) may be looked at in place; see door.h. */
bool
door_in_memory(struct door *d, uint64_t off, size_t len)
{
	if (d->base == NULL || off > d->maplen || len > d->maplen - off)
		return false;
	/* A segment has no holes and no disk behind it. */
	if (d->fd == -1 || len == 0)
		return true;
	return door_all_resident(d, off, len);
}

/* What door_glance_cmp compares against, and what it found. */
struct door_glance_arg {
	const unsigned char	*last;		/* LAST, for the range's start */
	uint64_t		 off;		/* the range's start */
	bool			 differs;
};

/* door_scan_fn: compare a piece with the same bytes of LAST. */
static void
door_glance_cmp(const unsigned char *p, size_t n, uint64_t off, void *arg)
{
	struct door_glance_arg	*g = arg;

	/* Only memcmp here: this runs under the SIGBUS guard. */
	if (!g->differs && memcmp(p, g->last + (off - g->off), n) != 0)
		g->differs = true;
}

/* Compare the mapping in place with LAST, no system call; see door.h. */
enum door_glance
door_glance(struct door *d, uint64_t off, const void *last, size_t len)
{
	struct door_glance_arg	 g = { last, off, false };
	uint64_t		 end = d->size < d->maplen ? d->size : d->maplen;
	bool			 faulted;

	if (d->base == NULL || off > end || len > end - off)
		return DOOR_GLANCE_UNSURE;
	if (len == 0)
		return DOOR_GLANCE_SAME;
	(void)door_scan_guarded(d->base + off, off, len, 0, door_glance_cmp,
	    &g, &faulted);
	if (faulted)
		return DOOR_GLANCE_UNSURE;
	return g.differs ? DOOR_GLANCE_DIFFERS : DOOR_GLANCE_SAME;
}
