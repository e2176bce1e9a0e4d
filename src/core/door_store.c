/* SPDX-License-Identifier: ISC */
/*
 * door_store.c - storing through a door, and syncing what was stored.
 *
 * Stores report exactly what happened (struct door_put).  An aligned
 * store of 1, 2, 4 or 8 bytes is one atomic store (door_store); anything
 * else is stored a byte at a time, never wider, so a neighbour's store is
 * never undone (door_store_bytes).  Each store runs under the SIGBUS guard
 * (door_guard.c) with its own sigsetjmp, so that a fault lands back here
 * knowing how many bytes were stored: a store into a hole on a full file
 * system faults at the first byte of the page that cannot be backed, and
 * the bytes stored before it are in the file.  door_fault_error tells a
 * shrink from a full file system from anything else.  door_sync is
 * msync(2) over the pages of a range, clamped to the mapping.
 */
#include "config.h"

#include <errno.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

#include "door.h"
#include "door_priv.h"
#include "door_sys.h"
#include "xmalloc.h"

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
	if (sigsetjmp(door_guard_jmp, 0) != 0) {
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
	if (sigsetjmp(door_guard_jmp, 0) != 0) {
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
