/* SPDX-License-Identifier: ISC */
/*
 * door_priv.h - what the door's own files share (door.c, door_guard.c,
 * door_io.c, door_store.c); nothing else includes it.
 *
 * The public interface stays door.h; this is the struct behind the opaque
 * handle and the glue between the files: the SIGBUS guard's state, the
 * guarded loops, page arithmetic and the fault explainer.
 */
#ifndef LIVEHEX_DOOR_PRIV_H
#define LIVEHEX_DOOR_PRIV_H

#include <setjmp.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "door.h"

struct door {
	char		*path;		/* as given, for messages */
	char		*name;		/* door_set_name's, or NULL: path */
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
	uint64_t	 nlink;		/* link count at the last stat */
	int		 err;		/* errno of the last failed refresh */
	bool		 held;		/* door_hold: reads trust the last stat */
	int		 held_bits;	/* ... and report its DOOR_* bits */
	bool		 mincore_ok;	/* mincore tells the truth about the
					   page cache (see door_scan) */
	unsigned char	*bounce;	/* door_scan's copy of a range with
					   holes, grown as needed */
	size_t		 bouncecap;
	unsigned char	*vec;		/* door_scan's mincore vector */
	size_t		 veccap;
};

/* Where the SIGBUS handler jumps back to; set by the guarded access. */
extern sigjmp_buf		door_guard_jmp;
/* The address range being guarded right now; lo == hi means none. */
extern volatile uintptr_t	door_guard_lo, door_guard_hi;

/* Install the SIGBUS handler once per process (door_guard.c). */
void	door_guard_install(void);
/*
 * Copy LEN mapped bytes from SRC to DST under the guard, page by page;
 * returns the bytes copied before a fault (LEN when none), *faulted set.
 */
size_t	door_copy_guarded(unsigned char *dst, const unsigned char *src,
	    size_t len, bool *faulted);
/* Run FN over [p, p+len) in CHUNK pieces under the guard; bytes done. */
size_t	door_scan_guarded(const unsigned char *p, uint64_t off, size_t len,
	    size_t chunk, door_scan_fn *fn, void *arg, bool *faulted);

/* The system page size, cached (door.c). */
size_t	door_pagesize(void);
/* Round N up to a page multiple; 0 on overflow of size_t (door.c). */
size_t	door_page_round(uint64_t n);

/*
 * After a fault at file offset AT: the errno value that explains it, or 0
 * when the file now ends at or before AT (a shrink, not an error;
 * door_io.c).
 */
int	door_fault_error(struct door *d, uint64_t at);

#endif
