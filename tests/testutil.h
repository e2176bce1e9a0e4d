/* SPDX-License-Identifier: ISC */
/*
 * testutil.h - small helpers shared by the Check suites.
 *
 * Temporary files live in a per-process directory under $TMPDIR that is
 * removed at exit, so a failing test leaves nothing behind.
 */
#ifndef LIVEHEX_TESTUTIL_H
#define LIVEHEX_TESTUTIL_H

#include <check.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "live.h"

/* A new path inside the per-process test directory (malloc'd). */
char	*tu_path(const char *name);
/* Create NAME in the test directory holding LEN bytes of DATA; its path. */
char	*tu_file(const char *name, const void *data, size_t len);
/* Create NAME of SIZE bytes with a deterministic pattern (seeded); its path. */
char	*tu_pattern_file(const char *name, uint64_t size, unsigned seed);
/*
 * The fixture of the suites that watch another process change a file
 * (check_snap, check_changemap, check_baseline): a pattern file, the
 * door on it, and a second MAP_SHARED mapping of it made by the test,
 * which the door sees exactly as it sees a separate process's stores.
 */
struct door;
struct tu_shared {
	char		*path;	/* in the test directory */
	struct door	*d;	/* the door on it */
	int		 fd;	/* open read-write: pwrite, ftruncate */
	unsigned char	*other;	/* the other process's mapping */
	size_t		 size;	/* its length */
};
/* Make NAME of SIZE bytes (pattern SEED), its door and mapping, into *S. */
void	 tu_shared_open(struct tu_shared *s, const char *name, size_t size,
	    unsigned seed);
/* Undo tu_shared_open: unmap, close, free. */
void	 tu_shared_close(struct tu_shared *s);
/*
 * A shrink in the middle of a scan, made deterministic: the door's
 * CALL-th fstat from now truncates the file to TO and still reports SAID
 * as its size, so the scan runs into pages that are gone.  Undo with
 * door_sys_reset().
 */
void	 tu_shrink_on_fstat(int call, off_t to, off_t said);
/* The door's fstat calls since tu_shrink_on_fstat. */
int	 tu_shrink_calls(void);
/* The page faults this process has taken without I/O so far (minor:
   memory touched for the first time), for tests of what code allocates. */
uint64_t tu_minflt(void);
/* Read a whole file into a malloc'd buffer; *len gets its size. */
unsigned char *tu_slurp(const char *path, size_t *len);
/* The byte at OFF of the file PATH, read back (Check fails past EOF). */
int	 tu_file_byte(const char *path, uint64_t off);
/* Store byte V at OFF of the file PATH with pwrite, as another process would. */
void	 tu_file_put(const char *path, uint64_t off, unsigned char v);
/* Monotonic clock in milliseconds. */
uint64_t tu_now_ms(void);
/*
 * An event of KIND from SRC (window W, or NULL) at AT: LEN bytes at OFF
 * from OLD to NEW, as the session hands them over; the rest zero.
 */
struct live_event tu_live_event(enum live_kind kind, enum live_source src,
	    const struct live_window *w, uint64_t at, uint64_t off,
	    const void *old, const void *new, size_t len);
/*
 * Run ARGV (argv[0] is a path) with stdin from IN_PATH (or /dev/null when
 * NULL); capture stdout and stderr into malloc'd buffers.  Returns the
 * wait(2) status.
 */
int	 tu_run(char *const argv[], const char *in_path, unsigned char **out,
	    size_t *outlen, char **err);
/*
 * Mount a tmpfs of SIZE bytes on a new directory NAME in the test
 * directory, in a mount namespace private to this process and its
 * children (so a Check test's mount dies with it); the directory's path,
 * or NULL with *why set when that cannot be done here (not root, no
 * unshare).  For the full-disk and never-allocate tests.
 */
char	*tu_small_tmpfs(const char *name, size_t size, const char **why);
/* Fill the file system holding DIR until no block is left (a filler file). */
void	 tu_fill_fs(const char *dir);
/*
 * On a new small tmpfs of FS bytes (tu_small_tmpfs), a sparse file of SIZE
 * bytes whose first byte is 'P' (page 0 allocated, every other page a
 * hole); FULL: then fill the file system.  Its path, or NULL with *why.
 */
char	*tu_sparse_on_tmpfs(const char *name, size_t fs, uint64_t size,
	    int full, const char **why);
/*
 * The same on a small ext4 (a loop mount of an image made with
 * mkfs.ext4 -m 0), a disk where msync has something to do: a file of SIZE
 * bytes whose first page holds data, every other page a hole, and the
 * file system then filled.  Its path, or NULL with *why.
 */
char	*tu_full_ext4(const char *name, uint64_t size, const char **why);
/* st_blocks of PATH (512-byte units it has allocated). */
long long tu_blocks(const char *path);
/*
 * A locale whose decimal point is ',' (de_DE.UTF-8 if installed, else one
 * made with localedef into the test directory): its name for LC_ALL, and
 * in *locpath the LOCPATH it needs (NULL when installed), or NULL with
 * *why saying what was missing.  Sets nothing in this process's locale or
 * environment; call it before Check forks.
 */
const char *tu_comma_locale(const char **locpath, const char **why);
/* REL in the source tree ($srcdir, else this file's own); malloc'd. */
char	*tu_src_path(const char *rel);
/* tests/data/NAME in the source tree; malloc'd. */
char	*tu_data_path(const char *name);
/*
 * Compile the C text PROGRAM with $TEST_CC, -I tests/data and FLAGS (one
 * argument, or NULL) into NAME in the test directory; its path.  Check
 * fails, with the compiler's messages, when it does not build.
 */
char	*tu_cc(const char *program, const char *flags, const char *name);
/* Run the Check suite S in fork mode (CK_ENV), free it; main's status. */
int	 tu_run_suite(Suite *s);
/*
 * The same for a suite that drives an app: the prompt's history goes to
 * an XDG_STATE_HOME that does not exist (never made), never the user's.
 */
int	 tu_run_app_suite(Suite *s);
/* The livehex binary under test ($LIVEHEX, else ./livehex). */
const char *tu_livehex(void);

#endif
