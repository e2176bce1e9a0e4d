/* SPDX-License-Identifier: ISC */
/*
 * check_door.c - unit tests for the guarded door into the mapping.
 *
 * Runs in Check's fork mode: a SIGBUS that escapes the guard is a failed
 * test, not a dead suite.  Races with "another process" are real child
 * processes storing through their own mappings; where a race must be hit
 * deterministically (truncation between the stat and the copy) the door's
 * system-call table is made to report the stale size the race would see.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/sysmacros.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/magic.h>

#include "timeout.h"
#include "door.h"
#include "door_sys.h"
#include "testutil.h"
#include "xmalloc.h"

/* Open PATH expecting failure; return the cause (caller frees). */
static char *
open_fails(const char *path, int flags)
{
	char		*cause = NULL;
	struct door	*d = door_open(path, flags, &cause);

	ck_assert_msg(d == NULL, "%s opened but should not have", path);
	ck_assert_ptr_nonnull(cause);
	return cause;
}

/* Assert that the cause for PATH contains WANT. */
static void
assert_open_cause(const char *path, const char *want)
{
	char	*cause = open_fails(path, 0);

	ck_assert_msg(strstr(cause, want) != NULL,
	    "%s: cause \"%s\" lacks \"%s\"", path, cause, want);
	free(cause);
}

/*
 * Drop root (Check forks each test, so this is local to one test), keeping
 * the test directory reachable for the unprivileged user.
 */
static void
become_nobody(void)
{
	char	*dir = tu_path("");

	chmod(dir, 0755);
	free(dir);
	if (geteuid() == 0 && setuid(65534) == -1)
		ck_abort_msg("setuid: %s", strerror(errno));
}

/* ---- the odd-file matrix (design.md fact 7) ---------------------------- */

START_TEST(open_regular_rw)
{
	char		 data[] = "hello, door";
	char		*path = tu_file("plain", data, sizeof data);
	char		*cause = NULL;
	char		 buf[64];
	struct door	*d = door_open(path, 0, &cause);
	struct door_copy c;

	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert(door_writable(d));
	ck_assert_ptr_null(door_readonly_reason(d));
	ck_assert_int_eq(door_kind(d), DOOR_REGULAR);
	ck_assert_uint_eq(door_size(d), sizeof data);
	ck_assert_str_eq(door_path(d), path);
	c = door_read(d, 0, buf, sizeof buf);
	ck_assert_uint_eq(c.valid, sizeof data);
	ck_assert(!c.shrank && !c.faulted);
	ck_assert_mem_eq(buf, data, sizeof data);
	door_close(d);
	free(path);
}
END_TEST

START_TEST(open_flag_rdonly)
{
	char		*path = tu_file("ro", "abc", 3);
	char		*cause = NULL;
	struct door	*d = door_open(path, DOOR_RDONLY, &cause);

	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert(!door_writable(d));
	ck_assert_ptr_nonnull(strstr(door_readonly_reason(d), "-r"));
	ck_assert_int_ne(door_store_bytes(d, 0, "x", 1, &cause).why,
	    DOOR_PUT_DONE);
	ck_assert_ptr_nonnull(strstr(cause, "read-only"));
	free(cause);
	door_close(d);
	free(path);
}
END_TEST

START_TEST(open_no_write_permission_falls_back)
{
	char		*path = tu_file("nowrite", "abc", 3);
	char		*cause = NULL;
	struct door	*d;
	unsigned char	 buf[3];

	ck_assert_int_eq(chmod(path, 0444), 0);
	if (geteuid() == 0)
		ck_assert_int_eq(chown(path, 65534, 65534), 0);
	become_nobody();
	d = door_open(path, 0, &cause);
	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert(!door_writable(d));
	ck_assert_str_eq(door_readonly_reason(d), "no write permission");
	ck_assert_uint_eq(door_read(d, 0, buf, 3).valid, 3);
	ck_assert_int_ne(door_store_bytes(d, 0, "x", 1, &cause).why,
	    DOOR_PUT_DONE);
	ck_assert_ptr_nonnull(strstr(cause, "no write permission"));
	free(cause);
	door_close(d);
	free(path);
}
END_TEST

START_TEST(open_permission_denied)
{
	char	*path = tu_file("secret", "abc", 3);

	ck_assert_int_eq(chmod(path, 0000), 0);
	become_nobody();
	assert_open_cause(path, "permission denied");
	free(path);
}
END_TEST

START_TEST(open_missing)
{
	assert_open_cause("/nonexistent/livehex/file", "no such file");
}
END_TEST

START_TEST(open_directory)
{
	assert_open_cause("/tmp", "is a directory");
}
END_TEST

START_TEST(open_fifo)
{
	char	*path = tu_path("fifo");

	ck_assert_int_eq(mkfifo(path, 0600), 0);
	/* Would block forever if the door forgot O_NONBLOCK. */
	assert_open_cause(path, "pipe");
	free(path);
}
END_TEST

START_TEST(open_socket)
{
	char			*path = tu_path("sock");
	struct sockaddr_un	 sa;
	int			 s = socket(AF_UNIX, SOCK_STREAM, 0);

	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	ck_assert_uint_lt(strlen(path), sizeof sa.sun_path);
	strcpy(sa.sun_path, path);
	ck_assert_int_eq(bind(s, (struct sockaddr *)&sa, sizeof sa), 0);
	assert_open_cause(path, "socket");
	close(s);
	free(path);
}
END_TEST

START_TEST(open_proc_file)
{
	assert_open_cause("/proc/self/status", "/proc pseudo-file");
}
END_TEST

START_TEST(open_sys_file)
{
	assert_open_cause("/sys/kernel/uevent_seqnum", "/sys pseudo-file");
}
END_TEST

START_TEST(open_dev_null)
{
	assert_open_cause("/dev/null", "character device");
}
END_TEST

START_TEST(open_dev_zero)
{
	assert_open_cause("/dev/zero", "nothing to watch");
}
END_TEST

/*
 * A block device: a loop device over a test file when we may make one (root
 * with losetup, as in CI); its size comes from BLKGETSIZE64, not st_size.
 */
START_TEST(open_block_device)
{
	char		*img = tu_pattern_file("loopimg", 1 << 20, 9);
	char		 losetup[] = "/sbin/losetup", f[] = "-f";
	char		 show[] = "--show", dflag[] = "-d";
	char		*argv[] = { losetup, f, show, img, NULL };
	char		*detach[] = { losetup, dflag, NULL, NULL };
	unsigned char	*out = NULL, *want, got[64];
	size_t		 outlen, wantlen;
	char		*cause = NULL;
	struct door	*d;
	int		 status;

	if (geteuid() != 0 || access(argv[0], X_OK) != 0) {
		fprintf(stderr, "# SKIP open_block_device: needs root and "
		    "losetup\n");
		return;
	}
	status = tu_run(argv, NULL, &out, &outlen, NULL);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || outlen < 2) {
		fprintf(stderr, "# SKIP open_block_device: losetup failed\n");
		return;
	}
	out[outlen - 1] = '\0';	/* the device path, newline dropped */
	detach[2] = (char *)out;
	d = door_open((char *)out, DOOR_RDONLY, &cause);
	tu_run(detach, NULL, NULL, NULL, NULL);
	ck_assert_msg(d != NULL, "%s: %s", out, cause);
	ck_assert_int_eq(door_kind(d), DOOR_BLOCK);
	ck_assert_uint_eq(door_size(d), 1 << 20);
	want = tu_slurp(img, &wantlen);
	ck_assert_uint_eq(door_read(d, 4096, got, sizeof got).valid,
	    sizeof got);
	ck_assert_mem_eq(got, want + 4096, sizeof got);
	door_close(d);
	free(want);
	free(out);
	free(img);
}
END_TEST

/*
 * A block device that is mounted opens read-only unless forced: the door
 * reads the mount table from door_sys.mountinfo, pointed here at a fixture
 * that says the loop device is mounted.
 */
START_TEST(mounted_block_device_is_not_written)
{
	char		*img = tu_pattern_file("mountimg", 1 << 20, 10);
	char		 losetup[] = "/sbin/losetup", f[] = "-f";
	char		 show[] = "--show", dflag[] = "-d";
	char		*argv[] = { losetup, f, show, img, NULL };
	char		*detach[] = { losetup, dflag, NULL, NULL };
	unsigned char	*out = NULL;
	size_t		 outlen;
	char		*cause = NULL, *mi, *line;
	struct door	*d, *forced;
	struct stat	 st;
	int		 status;

	if (geteuid() != 0 || access(argv[0], X_OK) != 0) {
		fprintf(stderr, "# SKIP mounted_block_device: needs root and "
		    "losetup\n");
		return;
	}
	status = tu_run(argv, NULL, &out, &outlen, NULL);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0 || outlen < 2) {
		fprintf(stderr, "# SKIP mounted_block_device: losetup failed\n");
		return;
	}
	out[outlen - 1] = '\0';
	detach[2] = (char *)out;
	ck_assert_int_eq(stat((char *)out, &st), 0);
	line = xasprintf("21 1 254:0 / / rw - ext4 /dev/vda rw\n"
	    "36 21 %u:%u / /mnt/data rw,noatime - ext4 %s rw\n",
	    major(st.st_rdev), minor(st.st_rdev), (char *)out);
	mi = tu_file("mountinfo", line, strlen(line));
	door_sys.mountinfo = mi;
	d = door_open((char *)out, 0, &cause);
	forced = door_open((char *)out, DOOR_FORCE, &cause);
	door_sys_reset();
	tu_run(detach, NULL, NULL, NULL, NULL);
	ck_assert_msg(d != NULL && forced != NULL, "%s", cause);
	ck_assert(!door_writable(d));
	ck_assert_ptr_nonnull(strstr(door_readonly_reason(d),
	    "mounted on /mnt/data"));
	ck_assert_ptr_nonnull(strstr(door_readonly_reason(d),
	    "--force-write"));
	ck_assert(door_writable(forced));
	door_close(d);
	door_close(forced);
	free(mi);
	free(line);
	free(out);
	free(img);
}
END_TEST

/* ---- sizes: empty, growth, shrink ---------------------------------------- */

START_TEST(empty_file_then_grows)
{
	char		*path = tu_file("empty", "", 0);
	char		*cause = NULL;
	unsigned char	 buf[8192];
	struct door	*d = door_open(path, 0, &cause);
	int		 fd;

	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_uint_eq(door_size(d), 0);
	ck_assert_uint_eq(door_read(d, 0, buf, sizeof buf).valid, 0);

	/* Another writer fills it: 5000 bytes, more than a page. */
	fd = open(path, O_WRONLY);
	memset(buf, 0xab, 5000);
	ck_assert_int_eq(pwrite(fd, buf, 5000, 0), 5000);
	close(fd);
	ck_assert_int_eq(door_refresh(d, &cause), DOOR_GREW);
	memset(buf, 0, sizeof buf);
	ck_assert_uint_eq(door_read(d, 0, buf, sizeof buf).valid, 5000);
	ck_assert_uint_eq(buf[4999], 0xab);
	door_close(d);
	free(path);
}
END_TEST

START_TEST(growth_beyond_slack_remaps)
{
	char		*path = tu_pattern_file("grow", 4096, 1);
	char		*cause = NULL;
	struct door	*d = door_open(path, 0, &cause);
	uint64_t	 big = 3 << 20;	/* past the 1 MiB of slack */
	unsigned char	 b = 0x5a, got = 0;
	int		 fd = open(path, O_RDWR);

	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_int_eq(pwrite(fd, &b, 1, (off_t)big - 1), 1);
	close(fd);
	/* door_read re-stats by itself: no refresh needed first. */
	ck_assert_uint_eq(door_read(d, big - 1, &got, 1).valid, 1);
	ck_assert_uint_eq(got, 0x5a);
	ck_assert_uint_eq(door_size(d), big);
	door_close(d);
	free(path);
}
END_TEST

/*
 * door_hold: reads trust the size the last refresh read (no stat of
 * their own) until the hold is let go; then they re-stat again.
 */
START_TEST(hold_trusts_the_last_refresh)
{
	char		*path = tu_pattern_file("hold", 4096, 1);
	char		*cause = NULL;
	struct door	*d = door_open(path, 0, &cause);
	unsigned char	 b = 0x5a, got = 0;
	int		 fd = open(path, O_RDWR);

	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_int_eq(door_refresh(d, &cause), 0);
	/* Grown by another writer after the refresh: unseen while held. */
	ck_assert_int_eq(pwrite(fd, &b, 1, 8191), 1);
	door_hold(d, true);
	ck_assert_uint_eq(door_read(d, 8191, &got, 1).valid, 0);
	ck_assert_uint_eq(door_size(d), 4096);
	door_hold(d, false);
	/* A held read reports the refresh's news: here, that it shrank. */
	ck_assert_int_eq(ftruncate(fd, 2048), 0);
	ck_assert_int_eq(door_refresh(d, &cause), DOOR_SHRANK);
	ck_assert_int_eq(ftruncate(fd, 8192), 0);
	ck_assert_int_eq(pwrite(fd, &b, 1, 8191), 1);
	door_hold(d, true);
	ck_assert(door_read(d, 0, &got, 1).shrank);
	ck_assert_uint_eq(door_size(d), 2048);
	/* Let go: the next read stats again and sees the growth. */
	door_hold(d, false);
	ck_assert_uint_eq(door_read(d, 8191, &got, 1).valid, 1);
	ck_assert_uint_eq(got, 0x5a);
	ck_assert_uint_eq(door_size(d), 8192);
	close(fd);
	door_close(d);
	free(path);
}
END_TEST

START_TEST(shrink_is_reported_and_clamped)
{
	char		*path = tu_pattern_file("shrink", 10000, 2);
	char		*cause = NULL;
	unsigned char	 buf[10000];
	struct door	*d = door_open(path, 0, &cause);
	struct door_copy c;

	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_int_eq(truncate(path, 100), 0);
	c = door_read(d, 50, buf, 1000);
	ck_assert(c.shrank);
	ck_assert_uint_eq(c.valid, 50);
	ck_assert_uint_eq(door_size(d), 100);
	c = door_read(d, 200, buf, 10);
	ck_assert_uint_eq(c.valid, 0);
	ck_assert(!c.shrank);	/* already known */
	ck_assert_int_eq(truncate(path, 0), 0);
	ck_assert_int_eq(door_refresh(d, NULL), DOOR_SHRANK);
	ck_assert_uint_eq(door_read(d, 0, buf, 10).valid, 0);
	door_close(d);
	free(path);
}
END_TEST

/* ---- truncation between stat and copy: the SIGBUS guard ------------------ */

static off_t	stale_size;

/*
 * An fstat that reports the size from before the truncation once - the
 * race the guard exists for - then tells the truth again.
 */
static int
stale_fstat(int fd, struct stat *st)
{
	int	rc = fstat(fd, st);

	if (rc == 0 && S_ISREG(st->st_mode) && stale_size != 0) {
		st->st_size = stale_size;
		stale_size = 0;
	}
	return rc;
}

/* Have a child process truncate PATH to LEN and wait for it. */
static void
child_truncate(const char *path, off_t len)
{
	pid_t	pid = fork();
	int	status;

	ck_assert_int_ne(pid, -1);
	if (pid == 0)
		_exit(truncate(path, len) == 0 ? 0 : 1);
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

START_TEST(copy_across_truncation_is_short)
{
	size_t		 size = 16 * 4096;
	char		*path = tu_pattern_file("trunc", size, 3);
	char		*cause = NULL;
	unsigned char	*buf = xmalloc(size);
	struct door	*d = door_open(path, 0, &cause);
	struct door_copy c;

	ck_assert_msg(d != NULL, "%s", cause);
	child_truncate(path, 3 * 4096 + 10);
	/* The door's stat still sees the old size, as in the real race. */
	stale_size = (off_t)size;
	door_sys.fstat = stale_fstat;
	c = door_read(d, 0, buf, size);
	door_sys_reset();
	/* pread: a short read, not a fault, and no error. */
	ck_assert_int_eq(c.error, 0);
	ck_assert(c.shrank);
	/* Whole pages before the fault, clamped to the real new size. */
	ck_assert_uint_eq(c.valid, 3 * 4096 + 10);
	ck_assert_uint_eq(door_size(d), 3 * 4096 + 10);
	/* The door is still usable afterwards, and faults again safely. */
	child_truncate(path, 4096);
	stale_size = 3 * 4096 + 10;
	door_sys.fstat = stale_fstat;
	c = door_read(d, 0, buf, size);
	door_sys_reset();
	/* pread: a short read, not a fault, and no error. */
	ck_assert_int_eq(c.error, 0);
	ck_assert_uint_eq(c.valid, 4096);
	free(buf);
	door_close(d);
	free(path);
}
END_TEST

/* Companion: the same read without the door dies with SIGBUS. */
START_TEST(unguarded_read_raises_sigbus)
{
	size_t		 size = 16 * 4096;
	char		*path = tu_pattern_file("trunc2", size, 3);
	int		 fd = open(path, O_RDONLY);
	volatile unsigned char *p;

	p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	ck_assert(p != MAP_FAILED);
	child_truncate(path, 3 * 4096 + 10);
	(void)p[8 * 4096];	/* a page wholly past the new end */
	ck_abort_msg("reading past the truncated end did not raise SIGBUS");
}
END_TEST

START_TEST(store_across_truncation_fails_cleanly)
{
	size_t		 size = 16 * 4096;
	char		*path = tu_pattern_file("trunc3", size, 3);
	char		*cause = NULL;
	struct door	*d = door_open(path, 0, &cause);
	uint32_t	 v = 0xdeadbeef;
	struct door_put	 r;

	ck_assert_msg(d != NULL, "%s", cause);
	child_truncate(path, 4096);
	stale_size = (off_t)size;
	door_sys.fstat = stale_fstat;
	r = door_store(d, 8 * 4096, &v, 4, &cause);
	door_sys_reset();
	/* Faulted (the stale size hides the shrink): nothing stored. */
	ck_assert_int_ne(r.why, DOOR_PUT_DONE);
	ck_assert_uint_eq(r.stored, 0);
	ck_assert_ptr_nonnull(strstr(cause, "nothing was stored at 0x8000"));
	free(cause);
	/* And a store inside the file still works afterwards. */
	ck_assert_int_eq(door_store(d, 16, &v, 4, &cause).why, DOOR_PUT_DONE);
	door_close(d);
	free(path);
}
END_TEST

/* A scan that sums bytes and counts pieces. */
struct scan_sum {
	uint64_t	sum;
	size_t		pieces, bytes;
	uint64_t	first_off;
};

/* door_scan_fn: add up the bytes. */
static void
scan_sum(const unsigned char *p, size_t n, uint64_t off, void *arg)
{
	struct scan_sum	*s = arg;

	if (s->pieces++ == 0)
		s->first_off = off;
	for (size_t i = 0; i < n; i++)
		s->sum += p[i];
	s->bytes += n;
}

START_TEST(scan_in_place)
{
	unsigned char	 data[10000];
	char		*path, *cause = NULL;
	struct door	*d;
	struct scan_sum	 s;
	struct door_copy c;
	uint64_t	 want = 0;

	for (size_t i = 0; i < sizeof data; i++) {
		data[i] = (unsigned char)(i * 7);
		if (i >= 100)
			want += data[i];
	}
	path = tu_file("scan", data, sizeof data);
	d = door_open(path, DOOR_RDONLY, &cause);
	ck_assert_msg(d != NULL, "%s", cause);
	memset(&s, 0, sizeof s);
	c = door_scan(d, 100, 1 << 20, 4096, scan_sum, &s);
	ck_assert_uint_eq(c.valid, sizeof data - 100);
	ck_assert_uint_eq(s.bytes, sizeof data - 100);
	ck_assert_uint_eq(s.sum, want);
	ck_assert_uint_eq(s.pieces, 3);
	ck_assert_uint_eq(s.first_off, 100);
	door_close(d);
	free(path);
}
END_TEST

START_TEST(scan_across_truncation_stops)
{
	size_t		 size = 16 * 4096;
	char		*path = tu_pattern_file("scantrunc", size, 3);
	char		*cause = NULL;
	struct door	*d = door_open(path, 0, &cause);
	struct scan_sum	 s;
	struct door_copy c;

	ck_assert_msg(d != NULL, "%s", cause);
	child_truncate(path, 4 * 4096);
	stale_size = (off_t)size;
	door_sys.fstat = stale_fstat;
	memset(&s, 0, sizeof s);
	c = door_scan(d, 0, size, 4096, scan_sum, &s);
	door_sys_reset();
	ck_assert(c.faulted && c.shrank);
	ck_assert_uint_eq(c.valid, 4 * 4096);
	ck_assert_uint_eq(s.bytes, 4 * 4096);
	door_close(d);
	free(path);
}
END_TEST

/* ---- stores -------------------------------------------------------------- */

START_TEST(store_widths_and_bounds)
{
	unsigned char	 zero[64] = { 0 };
	char		*path = tu_file("store", zero, sizeof zero);
	char		*cause = NULL;
	struct door	*d = door_open(path, 0, &cause);
	unsigned char	*back;
	size_t		 len;
	struct door_put	 r;
	uint64_t	 v8 = 0x0807060504030201ULL;
	uint16_t	 v2 = 0xbbaa;

	ck_assert_msg(d != NULL, "%s", cause);
	r = door_store(d, 8, &v8, 8, &cause);
	ck_assert_int_eq(r.why, DOOR_PUT_DONE);
	ck_assert(r.atomic);
	ck_assert_uint_eq(r.stored, 8);
	r = door_store(d, 33, &v2, 2, &cause);
	ck_assert_int_eq(r.why, DOOR_PUT_DONE);
	ck_assert(!r.atomic);	/* misaligned: said so */
	ck_assert_int_eq(door_store(d, 63, "z", 1, &cause).why, DOOR_PUT_DONE);
	/* Past the end, straddling the end, bad width: refused. */
	ck_assert_int_eq(door_store(d, 62, &v2, 2, &cause).why, DOOR_PUT_DONE);
	ck_assert_int_ne(door_store(d, 63, &v2, 2, &cause).why, DOOR_PUT_DONE);
	ck_assert_ptr_nonnull(strstr(cause, "past the end"));
	free(cause);
	ck_assert_int_ne(door_store(d, 64, "z", 1, &cause).why, DOOR_PUT_DONE);
	free(cause);
	ck_assert_int_ne(door_store(d, UINT64_MAX, "z", 1, &cause).why,
	    DOOR_PUT_DONE);
	free(cause);
	ck_assert_int_ne(door_store(d, 0, &v8, 3, &cause).why, DOOR_PUT_DONE);
	ck_assert_ptr_nonnull(strstr(cause, "1, 2, 4 or 8"));
	free(cause);
	ck_assert_int_eq(door_store_bytes(d, 40, "abc", 3, &cause).why,
	    DOOR_PUT_DONE);
	ck_assert_int_ne(door_store_bytes(d, 62, "abc", 3, &cause).why,
	    DOOR_PUT_DONE);
	free(cause);

	back = tu_slurp(path, &len);
	ck_assert_uint_eq(len, 64);
	ck_assert_mem_eq(back + 8, "\x01\x02\x03\x04\x05\x06\x07\x08", 8);
	ck_assert_mem_eq(back + 33, "\xaa\xbb", 2);
	ck_assert_mem_eq(back + 40, "abc", 3);
	ck_assert_mem_eq(back + 62, "\xaa\xbb", 2);
	ck_assert_uint_eq(back[0], 0);
	ck_assert_uint_eq(back[32], 0);
	ck_assert_uint_eq(back[35], 0);
	free(back);
	door_close(d);
}
END_TEST

#define COUNTER_STEPS	2000000u

/*
 * A child increments a 32-bit counter at offset 0 through its own mapping
 * while we store into bytes 4..7 with every width.  A read-modify-write of
 * a wider word would lose some of its increments.
 */
START_TEST(stores_never_clobber_a_neighbour)
{
	unsigned char	 zero[4096] = { 0 };
	char		*path = tu_file("counter", zero, sizeof zero);
	char		*cause = NULL;
	struct door	*d = door_open(path, 0, &cause);
	int		 fd = open(path, O_RDWR), status;
	pid_t		 pid;
	unsigned char	 buf[8];
	uint32_t	 counter, v4 = 0x44434241;
	uint16_t	 v2 = 0x3231;
	unsigned long	 stores = 0;

	ck_assert_msg(d != NULL, "%s", cause);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		uint32_t *m = mmap(NULL, 4096, PROT_READ | PROT_WRITE,
		    MAP_SHARED, fd, 0);

		if (m == MAP_FAILED)
			_exit(2);
		for (unsigned i = 0; i < COUNTER_STEPS; i++)
			__atomic_fetch_add(m, 1, __ATOMIC_RELAXED);
		_exit(0);
	}
	while (waitpid(pid, &status, WNOHANG) == 0) {
		unsigned char	b = (unsigned char)stores;

		ck_assert_int_eq(door_store(d, 4 + (stores & 3), &b, 1, &cause).why,
		    DOOR_PUT_DONE);
		ck_assert_int_eq(door_store(d, 6, &v2, 2, &cause).why,
		    DOOR_PUT_DONE);
		ck_assert_int_eq(door_store(d, 4, &v4, 4, &cause).why,
		    DOOR_PUT_DONE);
		ck_assert_int_eq(door_store_bytes(d, 5, "xyz", 3, &cause).why,
		    DOOR_PUT_DONE);
		stores++;
	}
	ck_assert(WIFEXITED(status) && WEXITSTATUS(status) == 0);
	ck_assert_uint_gt(stores, 0);
	ck_assert_uint_eq(door_read(d, 0, buf, 8).valid, 8);
	memcpy(&counter, buf, 4);
	ck_assert_uint_eq(counter, COUNTER_STEPS);
	ck_assert_mem_eq(buf + 4, "Axyz", 4);
	close(fd);
	door_close(d);
	free(path);
}
END_TEST

/* ---- sync ---------------------------------------------------------------- */

START_TEST(sync_on_tmpfs_is_volatile)
{
	char		*path = xasprintf("/dev/shm/livehex-test-%d", getpid());
	char		*cause = NULL;
	struct door	*d;

	ck_assert_int_eq(door_create(path, 4096, 0600, &cause), 0);
	d = door_open(path, 0, &cause);
	unlink(path);
	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert(door_volatile(d));
	ck_assert_int_eq(door_store_bytes(d, 10, "q", 1, &cause).why,
	    DOOR_PUT_DONE);
	ck_assert_int_eq(door_sync(d, 10, 1, false, &cause),
	    DOOR_SYNC_VOLATILE);
	door_close(d);
	free(path);
}
END_TEST

START_TEST(sync_on_regular_file)
{
	/* The build tree, not $TMPDIR, which may itself be tmpfs. */
	char		*path = xasprintf("./livehex-sync-test-%d", getpid());
	char		*cause = NULL;
	struct door	*d;
	struct statfs	 sf;

	ck_assert_int_eq(door_create(path, 3 * 4096, 0600, &cause), 0);
	d = door_open(path, 0, &cause);
	unlink(path);
	ck_assert_msg(d != NULL, "%s", cause);
	ck_assert_int_eq(fstatfs(door_fd(d), &sf), 0);
	ck_assert_int_eq(door_store_bytes(d, 5000, "q", 1, &cause).why,
	    DOOR_PUT_DONE);
	/* An unaligned range is fine: the door aligns it for msync. */
	ck_assert_int_eq(door_sync(d, 5000, 1, false, &cause),
	    sf.f_type == TMPFS_MAGIC ? DOOR_SYNC_VOLATILE : DOOR_SYNC_OK);
	ck_assert_int_eq(door_sync(d, 0, 3 * 4096, true, &cause),
	    sf.f_type == TMPFS_MAGIC ? DOOR_SYNC_VOLATILE : DOOR_SYNC_OK);
	door_close(d);
	free(path);
}
END_TEST

/* An msync that fails the way a dying disk does. */
static int
eio_msync(void *addr, size_t len, int flags)
{
	(void)addr; (void)len; (void)flags;
	errno = EIO;
	return -1;
}

START_TEST(sync_error_is_reported)
{
	char		*path = tu_pattern_file("eio", 4096, 4);
	char		*cause = NULL;
	struct door	*d = door_open(path, 0, &cause);

	ck_assert_msg(d != NULL, "%s", cause);
	door_sys.msync = eio_msync;
	ck_assert_int_eq(door_sync(d, 0, 4096, false, &cause),
	    DOOR_SYNC_ERROR);
	door_sys_reset();
	ck_assert_ptr_nonnull(strstr(cause, "Input/output error"));
	free(cause);
	door_close(d);
	free(path);
}
END_TEST

/* ---- create -------------------------------------------------------------- */

START_TEST(create_new_with_mode)
{
	char		*path = tu_path("new");
	char		*path2 = tu_path("new2");
	char		*cause = NULL;
	struct stat	 st;

	umask(077);	/* --mode must not be narrowed by the umask */
	ck_assert_int_eq(door_create(path, 12345, 0600, &cause), 0);
	ck_assert_int_eq(stat(path, &st), 0);
	ck_assert_int_eq(st.st_size, 12345);
	ck_assert_int_eq(st.st_mode & 07777, 0600);
	ck_assert_int_eq(door_create(path2, 1, 0644, &cause), 0);
	ck_assert_int_eq(stat(path2, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0644);
	ck_assert_int_eq(st.st_size, 1);
	free(path);
	free(path2);
}
END_TEST

START_TEST(create_grows_never_shrinks)
{
	char		*path = tu_pattern_file("existing", 5000, 5);
	char		*cause = NULL;
	unsigned char	*before, *after;
	size_t		 blen, alen;

	before = tu_slurp(path, &blen);
	/* Smaller than the file: nothing changes at all. */
	ck_assert_int_eq(door_create(path, 100, 0600, &cause), 0);
	after = tu_slurp(path, &alen);
	ck_assert_uint_eq(alen, 5000);
	ck_assert_mem_eq(before, after, 5000);
	free(after);
	/* Larger: grows, with the old bytes intact and zeros after. */
	ck_assert_int_eq(door_create(path, 9000, 0600, &cause), 0);
	after = tu_slurp(path, &alen);
	ck_assert_uint_eq(alen, 9000);
	ck_assert_mem_eq(before, after, 5000);
	for (size_t i = 5000; i < 9000; i++)
		ck_assert_uint_eq(after[i], 0);
	free(after);
	free(before);
	free(path);
}
END_TEST

START_TEST(create_refuses_symlink)
{
	char		*target = tu_file("target", "keep", 4);
	char		*link = tu_path("link");
	char		*dangling = tu_path("dangling");
	char		*nowhere = tu_path("nowhere");
	char		*cause = NULL;
	struct stat	 st;

	ck_assert_int_eq(symlink(target, link), 0);
	ck_assert_int_eq(door_create(link, 100, 0600, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "symbolic link"));
	free(cause);
	ck_assert_int_eq(stat(target, &st), 0);
	ck_assert_int_eq(st.st_size, 4);
	/* A dangling link must not create its target either. */
	ck_assert_int_eq(symlink(nowhere, dangling), 0);
	ck_assert_int_eq(door_create(dangling, 100, 0600, &cause), -1);
	free(cause);
	ck_assert_int_eq(stat(nowhere, &st), -1);
	free(nowhere);
	free(dangling);
	free(link);
	free(target);
}
END_TEST

START_TEST(create_refuses_zero_and_directories)
{
	char	*cause = NULL, *z = tu_path("z");

	ck_assert_int_eq(door_create(z, 0, 0600, &cause), -1);
	ck_assert_ptr_nonnull(strstr(cause, "greater than zero"));
	free(cause);
	free(z);
	ck_assert_int_eq(door_create("/tmp", 10, 0600, &cause), -1);
	free(cause);
}
END_TEST

/* Build the suite. */
static Suite *
door_suite(void)
{
	Suite	*s = suite_create("door");
	TCase	*tc;

	tc = timeout_tcase("open", TIMEOUT_UNIT);
	tcase_add_test(tc, open_regular_rw);
	tcase_add_test(tc, open_flag_rdonly);
	tcase_add_test(tc, open_no_write_permission_falls_back);
	tcase_add_test(tc, open_permission_denied);
	tcase_add_test(tc, open_missing);
	tcase_add_test(tc, open_directory);
	tcase_add_test(tc, open_fifo);
	tcase_add_test(tc, open_socket);
	tcase_add_test(tc, open_proc_file);
	tcase_add_test(tc, open_sys_file);
	tcase_add_test(tc, open_dev_null);
	tcase_add_test(tc, open_dev_zero);
	tcase_add_test(tc, open_block_device);
	tcase_add_test(tc, mounted_block_device_is_not_written);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("size", TIMEOUT_UNIT);
	tcase_add_test(tc, empty_file_then_grows);
	tcase_add_test(tc, growth_beyond_slack_remaps);
	tcase_add_test(tc, hold_trusts_the_last_refresh);
	tcase_add_test(tc, shrink_is_reported_and_clamped);
	tcase_add_test(tc, copy_across_truncation_is_short);
	tcase_add_test_raise_signal(tc, unguarded_read_raises_sigbus, SIGBUS);
	tcase_add_test(tc, store_across_truncation_fails_cleanly);
	tcase_add_test(tc, scan_in_place);
	tcase_add_test(tc, scan_across_truncation_stops);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("store", TIMEOUT_UNIT);
	tcase_add_test(tc, store_widths_and_bounds);
	tcase_add_test(tc, stores_never_clobber_a_neighbour);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("sync", TIMEOUT_UNIT);
	tcase_add_test(tc, sync_on_tmpfs_is_volatile);
	tcase_add_test(tc, sync_on_regular_file);
	tcase_add_test(tc, sync_error_is_reported);
	suite_add_tcase(s, tc);

	tc = timeout_tcase("create", TIMEOUT_UNIT);
	tcase_add_test(tc, create_new_with_mode);
	tcase_add_test(tc, create_grows_never_shrinks);
	tcase_add_test(tc, create_refuses_symlink);
	tcase_add_test(tc, create_refuses_zero_and_directories);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	SRunner	*sr = srunner_create(door_suite());
	int	 failed;

	free(tu_path(""));	/* one test directory, removed by this process */

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
