/* SPDX-License-Identifier: ISC */
/*
 * door_guard.c - the SIGBUS guard around every touch of a mapping.
 *
 * Another process may truncate the file under us at any moment; touching
 * a page past the new end raises SIGBUS (design.md fact 3).  A
 * process-wide handler, installed once by door_open, siglongjmps back to
 * the access when the faulting address lies in the range being guarded
 * now (door_guard_lo .. door_guard_hi); any other SIGBUS is not ours and
 * kills the process as it would have without us.  SIGBUS is never
 * blocked (a blocked synchronous SIGBUS kills the process outright).
 *
 * The guarded loops live here: a page-by-page copy (door_copy_guarded)
 * and a chunked scan in place (door_scan_guarded).  The stores in
 * door_store.c set the range and call sigsetjmp themselves, because the
 * jump must land in the frame that does the store (and counts its bytes).
 * Inside a guarded window only memcpy and plain or atomic stores run
 * (signal-safety(7)).
 */
#include "config.h"

#include <setjmp.h>
#include <signal.h>
#include <stdint.h>
#include <string.h>

#include "door.h"
#include "door_priv.h"

/* ------------------------------------------------------------------------ */
/* The SIGBUS guard.                                                        */

sigjmp_buf		 door_guard_jmp;
/* The address range being guarded right now; lo == hi means none. */
volatile uintptr_t	 door_guard_lo, door_guard_hi;
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
		siglongjmp(door_guard_jmp, 1);
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
void
door_guard_install(void)
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

/*
 * Copy LEN mapped bytes from SRC to DST under the guard, page by page;
 * returns the bytes copied before a fault (LEN when none), *faulted set.
 */
size_t
door_copy_guarded(unsigned char *dst, const unsigned char *src, size_t len,
    bool *faulted)
{
	/* volatile: these must survive the siglongjmp back here. */
	volatile size_t		done = 0;
	const volatile size_t	ps = door_pagesize();

	door_guard_lo = (uintptr_t)src;
	door_guard_hi = (uintptr_t)(src + len);
	if (sigsetjmp(door_guard_jmp, 0) != 0) {
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

/* Run FN over [p, p+len) in CHUNK pieces under the guard; bytes done. */
size_t
door_scan_guarded(const unsigned char *p, uint64_t off, size_t len,
    size_t chunk, door_scan_fn *fn, void *arg, bool *faulted)
{
	/* volatile: it must survive the siglongjmp back here. */
	volatile size_t	done = 0;

	door_guard_lo = (uintptr_t)p;
	door_guard_hi = (uintptr_t)(p + len);
	if (sigsetjmp(door_guard_jmp, 0) != 0) {
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
