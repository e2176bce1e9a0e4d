/*
 * check_faults.c - the door under failing system calls.
 *
 * Each test swaps one entry of the door's system-call table (door_sys.h)
 * for a stub that fails the way the kernel can - ENOMEM from mmap, EIO
 * from fstat and msync, EACCES and EROFS and EINTR from open, ENOSPC from
 * fallocate, a device whose size cannot be read - and checks three things:
 * the caller gets a cause a user can read, the door stays usable where it
 * can, and no byte is written that should not be.  FAULTS counts the faults
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

#include "door.h"
#include "door_sys.h"
#include "testutil.h"
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

/* Build the suite. */
static Suite *
faults_suite(void)
{
	Suite	*s = suite_create("faults");
	TCase	*tc = tcase_create("faults");

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
