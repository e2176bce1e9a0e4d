/* SPDX-License-Identifier: ISC */
/*
 * bench/baseline.c - what a whole-file snapshot (:snap) and its diff cost.
 *
 * Usage: bench/baseline [DENSE-MiB]   (default 1024)
 *
 * Two files in $TMPDIR, one after the other in the same temporary file:
 *  - a sparse 4 GiB file (ftruncate) with 16 data pages scattered in it;
 *  - a dense file of DENSE-MiB, each 4 KiB page half pseudo-random bytes
 *    and half zeros (so zstd halves it), written and synced so that its
 *    pages are in the page cache.
 * For each: the time (wall and CPU) to take the snapshot whole (baseline_take with an
 * unlimited budget, and in the viewer's 4 MiB slices), the memory the
 * baseline holds (baseline_memory) and how much our resident set grew
 * (VmRSS before and after), then a full diff of the unchanged file.
 *
 * Not a test: timings never decide pass/fail (docs/design.md, "Tests").
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "baseline.h"
#include "bench.h"
#include "door.h"

/* Our resident set now, in KiB (VmRSS), or 0. */
static long
bench_rss_kib(void)
{
	FILE	*f = fopen("/proc/self/status", "r");
	char	 line[256];
	long	 kib = 0;

	if (f == NULL)
		return 0;
	while (fgets(line, sizeof line, f) != NULL)
		if (sscanf(line, "VmRSS: %ld kB", &kib) == 1)
			break;
	fclose(f);
	return kib;
}

/* CPU seconds of this process so far (the machine may be loaded). */
static double
bench_cpu(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Snapshot and diff the file at bench_path; print one table row. */
static void
bench_one(const char *what, size_t budget)
{
	char			*cause = NULL;
	struct door		*d = door_open(bench_path, DOOR_RDONLY, &cause);
	struct baseline		*b;
	struct baseline_diff	*df;
	long			 rss0, rss1;
	double			 t0, t1, t2, c0, c1;
	unsigned		 steps = 1;
	size_t			 n;

	if (d == NULL) {
		fprintf(stderr, "bench: %s\n", cause);
		exit(1);
	}
	rss0 = bench_rss_kib();
	t0 = bench_now();
	c0 = bench_cpu();
	b = baseline_new(d, 0, 0);
	while (!baseline_take(b, d, budget))
		steps++;
	t1 = bench_now();
	c1 = bench_cpu();
	rss1 = bench_rss_kib();
	df = baseline_diff_new(b);
	while (!baseline_diff_step(df, b, d, budget))
		;
	t2 = bench_now();
	baseline_diff_ranges(df, &n);
	printf("| %s | %s | %.3f s, CPU %.3f s (%u slices) | %.1f MiB | "
	    "%.1f MiB | %.1f MiB | %" PRIu64 " MiB | %.3f s, %zu ranges |\n",
	    what, budget == SIZE_MAX ? "whole" : "4 MiB", t1 - t0, c1 - c0,
	    steps,
	    (double)baseline_memory(b) / 1048576.0,
	    (double)baseline_kept(b) / 1048576.0,
	    (double)(rss1 - rss0) / 1024.0, baseline_read(b) >> 20, t2 - t1,
	    n);
	baseline_diff_free(df);
	baseline_free(b);
	door_close(d);
}

/* The benchmark. */
int
main(int argc, char **argv)
{
	uint64_t	 dense = argc > 1 ? strtoull(argv[1], NULL, 10) : 1024;
	uint64_t	 sparse = (uint64_t)4 << 30, x = 88172645463325252ull;
	int		 fd = bench_temp_fd("baseline");
	static unsigned char buf[1 << 20];
	char		 what[48];

	printf("| file | take | time | memory | kept (zstd) | RSS growth | "
	    "read | diff (unchanged) |\n|---|---|---|---|---|---|---|---|\n");
	/* Sparse: 16 data pages spread over 4 GiB. */
	if (ftruncate(fd, (off_t)sparse) == -1) {
		fprintf(stderr, "bench: ftruncate: %s\n", strerror(errno));
		return 1;
	}
	for (int k = 0; k < 16; k++)
		if (pwrite(fd, "data", 4, (off_t)(sparse / 16 * (uint64_t)k))
		    != 4)
			return 1;
	bench_one("4 GiB sparse", SIZE_MAX);
	bench_one("4 GiB sparse", 4u << 20);
	/* Dense: half random, half zeros per page. */
	if (ftruncate(fd, 0) == -1)
		return 1;
	for (uint64_t done = 0; done < dense << 20; done += sizeof buf) {
		for (size_t i = 0; i < sizeof buf; i++) {
			x ^= x << 13; x ^= x >> 7; x ^= x << 17;
			buf[i] = i % 4096 < 2048 ? (unsigned char)x : 0;
		}
		bench_write(fd, buf, sizeof buf);
	}
	fsync(fd);
	snprintf(what, sizeof what, "%" PRIu64 " MiB dense", dense);
	bench_one(what, SIZE_MAX);
	bench_one(what, 4u << 20);
	close(fd);
	return 0;
}
