/* SPDX-License-Identifier: ISC */
/*
 * check_faults.c - the door under failing system calls.
 *
 * Each test swaps one entry of the door's system-call table (door_sys.h)
 * for a stub that fails the way the kernel can - ENOMEM from mmap, EIO
 * from fstat and msync, EACCES and EROFS and EINTR from open, ENOSPC from
 * fallocate, a device whose size cannot be read - and checks three things:
 * the caller gets a cause a user can read, the door stays usable where it
 * can, and no byte is written that should not be.
 *
 * The "fulldisk" cases run on a real full file system instead: a small
 * tmpfs mounted in a private mount namespace (root only; elsewhere they
 * print "# SKIP" and the reason).  A store into a hole there faults part
 * way (SIGBUS at the first page that cannot be backed), and a read fault
 * on a hole would allocate: they check that a store reports exactly what
 * it stored and that no read ever allocates.  FAULTS counts the faults
 * the stubs injected; the last test prints the total for
 * docs/reliability.md.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "changemap.h"
#include "door.h"
#include "door_sys.h"
#include "search.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/* Faults injected by this process (each test runs in its own). */
static unsigned	faults;
/* How many calls a stub lets through before it fails (-1: never fails). */
static int	allow;

/* Fail with errno E once ALLOW calls have passed; true when failing. */
static bool
fault_now(int e)
{
	if (allow < 0 || allow-- > 0)
		return false;
	faults++;
	errno = e;
	return true;
}

/* mmap that runs out of address space. */
static void *
enomem_mmap(void *a, size_t l, int p, int f, int fd, off_t o)
{
	if (fault_now(ENOMEM))
		return MAP_FAILED;
	return mmap(a, l, p, f, fd, o);
}

/* fstat that fails like a dying disk. */
static int
eio_fstat(int fd, struct stat *st)
{
	if (fault_now(EIO))
		return -1;
	return fstat(fd, st);
}

/* open that refuses writing (EACCES) but allows reading. */
static int
eacces_open(const char *path, int flags, mode_t mode)
{
	if ((flags & O_ACCMODE) != O_RDONLY && fault_now(EACCES))
		return -1;
	return open(path, flags, mode);
}

/* open on a read-only filesystem. */
static int
erofs_open(const char *path, int flags, mode_t mode)
{
	if ((flags & O_ACCMODE) != O_RDONLY && fault_now(EROFS))
		return -1;
	return open(path, flags, mode);
}

/* open interrupted by a signal, the first two times. */
static int
eintr_open(const char *path, int flags, mode_t mode)
{
	if (fault_now(EINTR))
		return -1;
	return open(path, flags, mode);
}

/* fallocate on a full disk. */
static int
enospc_fallocate(int fd, int mode, off_t off, off_t len)
{
	(void)fd; (void)mode; (void)off; (void)len;
	faults++;
	errno = ENOSPC;
	return -1;
}

/* msync that loses the data. */
static int
eio_msync(void *a, size_t l, int f)
{
	(void)a; (void)l; (void)f;
	faults++;
	errno = EIO;
	return -1;
}

/* Assert CAUSE contains WANT, then free it. */
static void
assert_cause(char *cause, const char *want)
{
	ck_assert_ptr_nonnull(cause);
	ck_assert_msg(strstr(cause, want) != NULL, "cause \"%s\" lacks \"%s\"",
	    cause, want);
	free(cause);
}

START_TEST(mmap_enomem_at_open)
{
	char		*path = tu_pattern_file("f1", 8192, 1);
	char		*cause = NULL;

	allow = 0;
	door_sys.mmap = enomem_mmap;
	ck_assert_ptr_null(door_open(path, 0, &cause));
	door_sys_reset();
	assert_cause(cause, "not enough address space");
	ck_assert_uint_eq(faults, 1);
	free(path);
}
END_TEST

START_TEST(mmap_enomem_on_growth_keeps_the_old_view)
{
	char		*path = tu_pattern_file("f2", 4096, 2);
	char		*cause = NULL;
	struct door	*d = door_open(path, 0, &cause);
	unsigned char	 b[16], want[16];
	int		 fd = open(path, O_RDWR);

	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_int_eq(pread(fd, want, 16, 100), 16);
	/* Grow past the slack: the remap fails. */
	ck_assert_int_eq(ftruncate(fd, 8 << 20), 0);
	allow = 0;
	door_sys.mmap = enomem_mmap;
	ck_assert_int_eq(door_refresh(d, &cause), -1);
	door_sys_reset();
	assert_cause(cause, "not enough address space");
	/* The size is still the old one: nothing past it is trusted. */
	ck_assert_uint_eq(door_size(d), 4096);
	/* The next look, without the fault, follows the growth. */
	ck_assert_uint_eq(door_read(d, 100, b, 16).valid, 16);
	ck_assert_mem_eq(b, want, 16);
	ck_assert_uint_eq(door_size(d), 8 << 20);
	close(fd);
	door_close(d);
	free(path);
}
END_TEST

START_TEST(fstat_eio_at_open)
{
	char	*path = tu_pattern_file("f3", 4096, 3);
	char	*cause = NULL;

	allow = 0;
	door_sys.fstat = eio_fstat;
	ck_assert_ptr_null(door_open(path, 0, &cause));
	door_sys_reset();
	assert_cause(cause, "Input/output error");
	free(path);
}
END_TEST

START_TEST(fstat_eio_during_reads_and_stores)
{
	char		*path = tu_pattern_file("f4", 4096, 4);
	char		*cause = NULL;
	struct door	*d = door_open(path, 0, &cause);
	unsigned char	 b[8], *before, *after;
	size_t		 len;
	struct door_copy c;

	ck_assert_msg(d != NULL, "%s", cause);
	before = tu_slurp(path, &len);
	allow = 0;
	door_sys.fstat = eio_fstat;
	c = door_read(d, 0, b, 8);
	ck_assert(c.faulted);
	ck_assert_uint_eq(c.valid, 0);
	allow = 0;
	ck_assert_int_ne(door_store_bytes(d, 10, "zz", 2, &cause).why,
	    DOOR_PUT_DONE);
	door_sys_reset();
	assert_cause(cause, "Input/output error");
	/* Nothing was written. */
	after = tu_slurp(path, &len);
	ck_assert_mem_eq(before, after, 4096);
	/* And the door works again once the disk answers. */
	ck_assert_uint_eq(door_read(d, 0, b, 8).valid, 8);
	ck_assert_mem_eq(b, before, 8);
	free(before);
	free(after);
	door_close(d);
	free(path);
}
END_TEST

START_TEST(eacces_for_writing_falls_back_to_read_only)
{
	char		*path = tu_pattern_file("f5", 4096, 5);
	char		*cause = NULL;
	struct door	*d;

	allow = 0;
	door_sys.open = eacces_open;
	d = door_open(path, 0, &cause);
	door_sys_reset();
	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert(!door_writable(d));
	ck_assert_str_eq(door_readonly_reason(d), "no write permission");
	ck_assert_int_ne(door_store_bytes(d, 0, "x", 1, &cause).why,
	    DOOR_PUT_DONE);
	assert_cause(cause, "no write permission");
	door_close(d);
	free(path);
}
END_TEST

START_TEST(erofs_falls_back_to_read_only)
{
	char		*path = tu_pattern_file("f6", 4096, 6);
	char		*cause = NULL;
	struct door	*d;

	allow = 0;
	door_sys.open = erofs_open;
	d = door_open(path, 0, &cause);
	door_sys_reset();
	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_str_eq(door_readonly_reason(d), "read-only file system");
	door_close(d);
	free(path);
}
END_TEST

START_TEST(eintr_is_retried)
{
	char		*path = tu_pattern_file("f7", 4096, 7);
	char		*cause = NULL;
	struct door	*d;

	allow = 0;
	door_sys.open = eintr_open;
	/* Fails once, then the retry opens it (allow goes to -1). */
	d = door_open(path, 0, &cause);
	door_sys_reset();
	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert(door_writable(d));
	ck_assert_uint_ge(faults, 1);
	door_close(d);
	free(path);
}
END_TEST

START_TEST(enospc_when_growing_changes_nothing)
{
	char		*path = tu_pattern_file("f8", 1000, 8);
	char		*cause = NULL;
	unsigned char	*before, *after;
	size_t		 blen, alen;

	before = tu_slurp(path, &blen);
	door_sys.fallocate = enospc_fallocate;
	ck_assert_int_eq(door_create(path, 1 << 20, 0600, &cause), -1);
	door_sys_reset();
	assert_cause(cause, "No space left on device");
	after = tu_slurp(path, &alen);
	ck_assert_uint_eq(alen, blen);
	ck_assert_mem_eq(before, after, blen);
	free(before);
	free(after);
	free(path);
}
END_TEST

START_TEST(msync_eio_keeps_the_door)
{
	char		*path = tu_pattern_file("f9", 4096, 9);
	char		*cause = NULL;
	struct door	*d = door_open(path, 0, &cause);
	unsigned char	 b;

	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_int_eq(door_store_bytes(d, 5, "k", 1, &cause).why,
	    DOOR_PUT_DONE);
	door_sys.msync = eio_msync;
	ck_assert_int_eq(door_sync(d, 0, 4096, false, &cause),
	    DOOR_SYNC_ERROR);
	door_sys_reset();
	assert_cause(cause, "retry does not bring it back");
	/* The byte is in the page cache: others still see it. */
	ck_assert_uint_eq(door_read(d, 5, &b, 1).valid, 1);
	ck_assert_uint_eq(b, 'k');
	door_close(d);
	free(path);
}
END_TEST

/* fstat that reports 64 KiB whatever the file holds (a stale size). */
static int
big_fstat(int fd, struct stat *st)
{
	int	rc = fstat(fd, st);

	if (rc == 0 && S_ISREG(st->st_mode) && st->st_size != 65536) {
		faults++;
		st->st_size = 65536;
	}
	return rc;
}

START_TEST(size_change_between_fstat_and_mmap)
{
	/*
	 * The file is 4 KiB but fstat says 64 KiB, as when another process
	 * truncates between our fstat and our mmap: the mapping covers
	 * 64 KiB, and the read past the real end comes back short.
	 */
	char		*path = tu_pattern_file("f10", 4096, 10);
	char		*cause = NULL, *buf = xmalloc(65536);
	unsigned char	*want;
	size_t		 len;
	struct door	*d;
	struct door_copy c;

	door_sys.fstat = big_fstat;
	d = door_open(path, 0, &cause);
	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_uint_eq(door_size(d), 65536);
	c = door_read(d, 0, buf, 65536);
	door_sys_reset();
	/* pread: short at the real end, which is not an error. */
	ck_assert(c.shrank);
	ck_assert_int_eq(c.error, 0);
	ck_assert_uint_eq(c.valid, 4096);
	want = tu_slurp(path, &len);
	ck_assert_mem_eq(buf, want, 4096);
	ck_assert_uint_ge(faults, 1);
	free(want);
	door_close(d);
	free(buf);
	free(path);
}
END_TEST

/* pread that fails like a dying disk. */
static ssize_t
eio_pread(int fd, void *b, size_t n, off_t o)
{
	if (fault_now(EIO))
		return -1;
	return pread(fd, b, n, o);
}

START_TEST(pread_eio_is_an_error_not_the_end)
{
	char		*path = tu_pattern_file("f11", 8192, 11);
	char		*cause = NULL;
	struct door	*d = door_open(path, 0, &cause);
	unsigned char	 b[16];
	struct door_copy c;

	ck_assert_msg(d != NULL, "%s", cause);
	allow = 0;
	door_sys.pread = eio_pread;
	c = door_read(d, 4096, b, 16);
	door_sys_reset();
	/* Said as an I/O error, never as a shrink or the end of the file. */
	ck_assert(c.faulted);
	ck_assert(!c.shrank);
	ck_assert_int_eq(c.error, EIO);
	ck_assert_uint_eq(c.valid, 0);
	ck_assert_str_eq(door_strerror(c.error), strerror(EIO));
	ck_assert_uint_eq(door_size(d), 8192);
	ck_assert_uint_eq(door_read(d, 4096, b, 16).valid, 16);
	door_close(d);
	free(path);
}
END_TEST

START_TEST(unmappable_growth_is_said_as_such)
{
	char		*path = tu_pattern_file("f12", 4096, 12);
	char		*cause = NULL;
	struct door	*d = door_open(path, 0, &cause);
	unsigned char	 b[16];
	int		 fd = open(path, O_RDWR);
	struct door_copy c;
	struct door_put	 r;

	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_int_eq(ftruncate(fd, 8 << 20), 0);
	/* The remap the growth needs fails: out of address space. */
	allow = 0;
	door_sys.mmap = enomem_mmap;
	c = door_read(d, 100, b, 16);
	ck_assert(c.faulted);
	ck_assert(!c.shrank);
	ck_assert_int_eq(c.error, ENOMEM);
	ck_assert_ptr_nonnull(strstr(door_strerror(c.error), "address space"));
	allow = 0;
	r = door_store_bytes(d, 100, "x", 1, &cause);
	door_sys_reset();
	ck_assert_int_eq(r.why, DOOR_PUT_ERROR);
	ck_assert_uint_eq(r.stored, 0);
	assert_cause(cause, "not enough address space");
	close(fd);
	door_close(d);
	free(path);
}
END_TEST

/* A small full tmpfs holding FILE of SIZE bytes, all holes but page 0. */
static char *
full_fs_file(const char *dirname, size_t fs, uint64_t size)
{
	const char	*why = NULL;
	char		*dir = tu_small_tmpfs(dirname, fs, &why), *path;
	int		 fd;

	if (dir == NULL) {
		fprintf(stderr, "# SKIP %s: %s\n", dirname, why);
		return NULL;
	}
	path = xasprintf("%s/sparse", dir);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	/* Page 0 holds data (one block); every other page is a hole. */
	ck_assert_int_eq(pwrite(fd, "P", 1, 0), 1);
	close(fd);
	tu_fill_fs(dir);
	free(dir);
	return path;
}

START_TEST(part_store_on_a_full_disk_says_what_was_stored)
{
	char		*path = full_fs_file("full1", 64 << 10, 16384);
	char		*cause = NULL;
	unsigned char	 got[16], want[16];
	uint32_t	 v = 0x12345678;
	struct door	*d;
	struct door_put	 r;
	int		 fd;

	if (path == NULL)
		return;
	d = door_open(path, 0, &cause);
	ck_assert_msg(d != NULL, "%s", cause);
	/* 6 bytes fit in page 0; page 1 is a hole the full disk refuses. */
	r = door_store_bytes(d, 0xffa, "ABCDEFGH", 8, &cause);
	ck_assert_int_eq(r.why, DOOR_PUT_NOSPACE);
	ck_assert_uint_eq(r.stored, 6);
	ck_assert_uint_eq(r.len, 8);
	ck_assert_str_eq(cause, "stored 6 of 8 bytes at 0xffa, then the file "
	    "system refused the rest (no space)");
	free(cause);
	fd = open(path, O_RDONLY);
	ck_assert_int_eq(pread(fd, got, 8, 0xffa), 8);
	memcpy(want, "ABCDEF\0\0", 8);
	ck_assert_mem_eq(got, want, 8);
	/* An aligned typed value is one store: all or nothing. */
	r = door_store(d, 0x2000, &v, 4, &cause);
	ck_assert_int_eq(r.why, DOOR_PUT_NOSPACE);
	ck_assert(r.atomic);
	ck_assert_uint_eq(r.stored, 0);
	ck_assert_str_eq(cause, "nothing was stored at 0x2000: the file "
	    "system refused it (no space)");
	free(cause);
	ck_assert_int_eq(pread(fd, got, 4, 0x2000), 4);
	ck_assert_mem_eq(got, "\0\0\0\0", 4);
	/* A misaligned one across the page end is torn: 2 of 4 stored. */
	r = door_store(d, 0xffe, &v, 4, &cause);
	ck_assert_int_eq(r.why, DOOR_PUT_NOSPACE);
	ck_assert(!r.atomic);
	ck_assert_uint_eq(r.stored, 2);
	free(cause);
	ck_assert_int_eq(pread(fd, got, 4, 0xffe), 4);
	ck_assert_mem_eq(got, "\x78\x56\0\0", 4);
	close(fd);
	door_close(d);
	free(path);
}
END_TEST

START_TEST(a_hole_on_a_full_disk_reads_as_zeros)
{
	char		*path = full_fs_file("full2", 64 << 10, 16384);
	char		*cause = NULL;
	unsigned char	 got[16];
	struct door	*d;
	struct door_copy c;
	long long	 blocks;

	if (path == NULL)
		return;
	blocks = tu_blocks(path);
	d = door_open(path, 0, &cause);
	ck_assert_msg(d != NULL, "%s", cause);
	/* A read fault here would SIGBUS (no page to give): never "shrank". */
	memset(got, 0xee, sizeof got);
	c = door_read(d, 0x3000, got, 16);
	ck_assert_uint_eq(c.valid, 16);
	ck_assert(!c.faulted);
	ck_assert(!c.shrank);
	ck_assert_int_eq(c.error, 0);
	ck_assert_mem_eq(got, "\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0\0", 16);
	ck_assert_int_eq(tu_blocks(path), blocks);
	door_close(d);
	free(path);
}
END_TEST

/* door_scan_fn: count the bytes that are not zero. */
static void
count_nonzero(const unsigned char *p, size_t n, uint64_t off, void *arg)
{
	size_t	*nz = arg;

	(void)off;
	for (size_t i = 0; i < n; i++)
		*nz += p[i] != 0;
}

START_TEST(reading_a_sparse_file_never_allocates)
{
	const char		*why = NULL;
	char			*dir = tu_small_tmpfs("sparse", 1 << 20, &why);
	char			*path, *cause = NULL;
	size_t			 size = 4 << 20, nz = 0, col;
	unsigned char		*buf;
	struct door		*d;
	struct door_copy	 c;
	struct changemap	*m;
	struct search_pattern	*pat;
	struct search		*s;
	uint64_t		 match;
	bool			 wrapped;
	enum search_result	 res;
	int			 fd;

	if (dir == NULL) {
		fprintf(stderr, "# SKIP reading_a_sparse_file_never_allocates:"
		    " %s\n", why);
		return;
	}
	/* 4 MiB of holes on a 1 MiB tmpfs, with "here" in page 5. */
	path = xasprintf("%s/sparse", dir);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(ftruncate(fd, (off_t)size), 0);
	ck_assert_int_eq(pwrite(fd, "here", 4, 5 * 4096 + 7), 4);
	close(fd);
	ck_assert_int_eq(tu_blocks(path), 8);
	d = door_open(path, 0, &cause);
	ck_assert_msg(d != NULL, "%s", cause);

	/* door_read of the whole file: dump, peek, watch, the snapshot. */
	buf = xmalloc(size);
	c = door_read(d, 0, buf, size);
	ck_assert_uint_eq(c.valid, size);
	ck_assert_mem_eq(buf + 5 * 4096 + 7, "here", 4);
	ck_assert_int_eq(tu_blocks(path), 8);
	/* door_scan over holes and data, in pieces and whole. */
	c = door_scan(d, 0, size, 65536, count_nonzero, &nz);
	ck_assert_uint_eq(c.valid, size);
	ck_assert_uint_eq(nz, 4);
	ck_assert_int_eq(tu_blocks(path), 8);
	/* The change map's sweep. */
	m = changemap_new(4096);
	changemap_sweep(m, d, SIZE_MAX, 10);
	changemap_sweep(m, d, SIZE_MAX, 20);
	ck_assert_int_eq(tu_blocks(path), 8);
	changemap_free(m);
	/* A search that finds the data and one that reads every hole. */
	pat = search_parse("\"here\"", &col, &cause);
	ck_assert_msg(pat != NULL, "%s", cause);
	s = search_start(pat, 0, false);
	while ((res = search_step(s, d, 1 << 20, &match, &wrapped)) ==
	    SEARCH_MORE)
		;
	ck_assert_int_eq(res, SEARCH_FOUND);
	ck_assert_uint_eq(match, 5 * 4096 + 7);
	search_free(s);
	search_pattern_free(pat);
	pat = search_parse("\"absent\"", &col, &cause);
	ck_assert_msg(pat != NULL, "%s", cause);
	s = search_start(pat, 0, false);
	while ((res = search_step(s, d, 1 << 20, &match, &wrapped)) ==
	    SEARCH_MORE)
		;
	ck_assert_int_eq(res, SEARCH_NONE);
	search_free(s);
	search_pattern_free(pat);
	ck_assert_int_eq(tu_blocks(path), 8);
	free(buf);
	door_close(d);
	free(path);
	free(dir);
}
END_TEST

/* Build the suite. */
static Suite *
faults_suite(void)
{
	Suite	*s = suite_create("faults");
	TCase	*tc = timeout_tcase("faults", TIMEOUT_UNIT);

	tcase_add_test(tc, mmap_enomem_at_open);
	tcase_add_test(tc, mmap_enomem_on_growth_keeps_the_old_view);
	tcase_add_test(tc, fstat_eio_at_open);
	tcase_add_test(tc, fstat_eio_during_reads_and_stores);
	tcase_add_test(tc, eacces_for_writing_falls_back_to_read_only);
	tcase_add_test(tc, erofs_falls_back_to_read_only);
	tcase_add_test(tc, eintr_is_retried);
	tcase_add_test(tc, enospc_when_growing_changes_nothing);
	tcase_add_test(tc, msync_eio_keeps_the_door);
	tcase_add_test(tc, size_change_between_fstat_and_mmap);
	tcase_add_test(tc, pread_eio_is_an_error_not_the_end);
	tcase_add_test(tc, unmappable_growth_is_said_as_such);
	suite_add_tcase(s, tc);
	tc = timeout_tcase("fulldisk", TIMEOUT_UNIT);
	tcase_add_test(tc, part_store_on_a_full_disk_says_what_was_stored);
	tcase_add_test(tc, a_hole_on_a_full_disk_reads_as_zeros);
	tcase_add_test(tc, reading_a_sparse_file_never_allocates);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	SRunner	*sr = srunner_create(faults_suite());
	int	 failed;

	free(tu_path(""));
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
