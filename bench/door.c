/* SPDX-License-Identifier: ISC */
/*
 * door.c - what reading through the door costs per tick, and what the
 * hole handling adds (docs/design.md, "Reading never allocates").
 *
 *   read      door_read of the viewer's window (W bytes) on a hot tmpfs
 *             file: fstat + pread, beside fstat + memcpy from a mapping of
 *             our own (what the door did before it used pread);
 *   scan      door_scan of 16 MiB of resident pages: the mincore check
 *             that decides "in place" beside the scan itself, and the same
 *             range holding one hole (read with pread into the bounce
 *             buffer instead).
 *
 * Usage: bench/door [DIR]   (default /dev/shm)
 * Benchmarks are never tests: nothing here passes or fails on a timing.
 */
#include "config.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "door.h"
#include "xmalloc.h"

/* Monotonic time in nanoseconds. */
static double
bench_ns(void)
{
	struct timespec	t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

/* door_scan_fn: add up the bytes (so the scan cannot be skipped). */
static void
bench_sum(const unsigned char *p, size_t n, uint64_t off, void *arg)
{
	uint64_t	*s = arg;

	(void)off;
	for (size_t i = 0; i < n; i += 64)
		*s += p[i];
}

/* Run the measurements in DIR. */
int
main(int argc, char **argv)
{
	const char	*dir = argc > 1 ? argv[1] : "/dev/shm";
	char		*path = xasprintf("%s/livehex-bench-door.%d", dir,
			    (int)getpid());
	size_t		 size = 16 << 20, windows[] = { 391, 4096, 65536 };
	unsigned char	*buf = xmalloc(size), *m;
	char		*cause = NULL;
	struct door	*d;
	struct stat	 st;
	uint64_t	 sum = 0;
	double		 t0;
	int		 fd, n = 20000;

	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd == -1 || ftruncate(fd, (off_t)size) == -1) {
		perror(path);
		return 1;
	}
	memset(buf, 0x5a, size);
	if (pwrite(fd, buf, size, 0) != (ssize_t)size) {
		perror("pwrite");
		return 1;
	}
	d = door_open(path, DOOR_RDONLY, &cause);
	m = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);
	if (d == NULL || m == MAP_FAILED) {
		fprintf(stderr, "%s: %s\n", path, cause ? cause : "mmap");
		return 1;
	}
	printf("| window | door_read (fstat + pread) | fstat + memcpy |\n");
	printf("| --- | --- | --- |\n");
	for (size_t w = 0; w < sizeof windows / sizeof windows[0]; w++) {
		double	a, b;

		t0 = bench_ns();
		for (int i = 0; i < n; i++)
			door_read(d, 4096, buf, windows[w]);
		a = (bench_ns() - t0) / n;
		t0 = bench_ns();
		for (int i = 0; i < n; i++) {
			fstat(fd, &st);
			__asm__ __volatile__("" ::: "memory");
			memcpy(buf, m + 4096, windows[w]);
			__asm__ __volatile__("" ::: "memory");
		}
		b = (bench_ns() - t0) / n;
		printf("| %zu B | %.2f us | %.2f us |\n", windows[w], a / 1e3,
		    b / 1e3);
	}
	/* 16 MiB resident: mincore + in place. */
	n = 50;
	t0 = bench_ns();
	for (int i = 0; i < n; i++)
		door_scan(d, 0, size, 0, bench_sum, &sum);
	printf("\ndoor_scan 16 MiB resident (mincore, then in place): "
	    "%.2f ms\n", (bench_ns() - t0) / n / 1e6);
	t0 = bench_ns();
	for (int i = 0; i < n; i++) {
		unsigned char	vec[4096];

		mincore(m, size, vec);
	}
	printf("  of which mincore over 4096 pages: %.3f ms\n",
	    (bench_ns() - t0) / n / 1e6);
	t0 = bench_ns();
	for (int i = 0; i < n; i++)
		bench_sum(m, size, 0, &sum);
	printf("  the same scan on our own mapping: %.2f ms\n",
	    (bench_ns() - t0) / n / 1e6);
	/* Punch one hole: the range now goes through pread. */
	if (fallocate(fd, FALLOC_FL_PUNCH_HOLE | FALLOC_FL_KEEP_SIZE,
	    8 << 20, 4096) == 0) {
		t0 = bench_ns();
		for (int i = 0; i < n; i++)
			door_scan(d, 0, size, 0, bench_sum, &sum);
		printf("door_scan 16 MiB with one hole (pread into the bounce "
		    "buffer): %.2f ms\n", (bench_ns() - t0) / n / 1e6);
	}
	door_close(d);
	munmap(m, size);
	close(fd);
	unlink(path);
	free(path);
	free(buf);
	return sum == 42 ? 2 : 0;
}
