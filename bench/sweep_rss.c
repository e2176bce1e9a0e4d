/* SPDX-License-Identifier: ISC */
/*
 * bench/sweep_rss.c - what the change map's sweep costs in memory on big
 * files, and how fast it goes beside a memcpy of the same size.
 *
 * Usage: bench/sweep_rss [SECONDS [RUNS]]   (default 30 s, 1 run)
 *
 * Two files in $TMPDIR (default /var/tmp: on disk, not tmpfs), unlinked as
 * soon as they are open:
 *  - sparse: 8 GiB made with ftruncate, 1 MiB of data every 64 MiB (128
 *    MiB of data, in the page cache because just written), the rest holes;
 *  - dense: 4 GiB written, synced and read back, so all in the page cache.
 * For each, RUNS times: a fresh door and map with the viewer's page size
 * (src/tui/strip.c's strip_page, copied) swept in slices of the viewer's
 * budget (changemap_budget at CHANGEMAP_CPU_SHARE, 50 ms ticks), back to
 * back for SECONDS (so many more laps than the viewer makes in that time:
 * a harsher test of memory, the same one of holes).  Printed per run: peak
 * RSS (VmHWM, reset through /proc/self/clear_refs before each run),
 * RssAnon / RssFile / VmPTE at the end, pages in holes made resident
 * (mincore through a second mapping, and st_blocks before and after: both
 * must not grow), laps, and the sweep rate in GB/s of CPU (bytes hashed
 * per second of the thread's CPU time).  Then, in the same run, a memcpy
 * of the dense file's size (512 MiB buffers, repeated): the ceiling.
 *
 * Not a test: timings never decide pass/fail (docs/design.md, "Tests").
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "changemap.h"
#include "door.h"

#define BENCH_SPARSE	((uint64_t)8 << 30)
#define BENCH_DENSE	((uint64_t)4 << 30)
#define BENCH_STRIDE	((uint64_t)64 << 20)	/* sparse: data every */
#define BENCH_DATA	((size_t)1 << 20)	/* ... this much of it */
#define BENCH_PERIOD	50			/* the viewer's tick, ms */
#define BENCH_CHUNK	((size_t)512 << 20)	/* memcpy buffers */

int	main(int argc, char **argv);

/* Exit with a message about errno. */
static void
bench_die(const char *what)
{
	fprintf(stderr, "bench/sweep_rss: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Monotonic time in seconds. */
static double
bench_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Thread CPU time in seconds. */
static double
bench_cpu(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* The value (kB) of FIELD in /proc/self/status, -1 if missing. */
static long
bench_status(const char *field)
{
	FILE	*f = fopen("/proc/self/status", "r");
	char	 line[256];
	size_t	 n = strlen(field);
	long	 v = -1;

	if (f == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, field, n) == 0 && line[n] == ':') {
			v = strtol(line + n + 1, NULL, 10);
			break;
		}
	fclose(f);
	return v;
}

/* Reset VmHWM to the current RSS (Linux 4.0+); false if it cannot. */
static int
bench_reset_peak(void)
{
	int	fd = open("/proc/self/clear_refs", O_WRONLY);
	int	ok;

	if (fd == -1)
		return 0;
	ok = write(fd, "5", 1) == 1;
	close(fd);
	return ok;
}

/* The viewer's page for a file of SIZE bytes (src/tui/strip.c, copied). */
static size_t
bench_strip_page(uint64_t size)
{
	size_t	page = 64, sys = (size_t)sysconf(_SC_PAGESIZE);

	while (page < sys && (uint64_t)page * 4096 < size)
		page *= 2;
	while ((uint64_t)page * 65536 < size && page < ((size_t)1 << 30))
		page *= 2;
	return page;
}

/* Fill BUF with N bytes of a pattern that depends on OFF. */
static void
bench_fill(unsigned char *buf, size_t n, uint64_t off)
{
	for (size_t i = 0; i < n; i++)
		buf[i] = (unsigned char)((off + i) * 2654435761u >> 13);
}

/*
 * Create PATH: SIZE bytes, all data (DENSE) or holes with BENCH_DATA of
 * data every BENCH_STRIDE; synced and read back into the page cache.
 */
static int
bench_make(const char *path, uint64_t size, int dense)
{
	unsigned char	*buf = malloc(BENCH_DATA);
	int		 fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	uint64_t	 step = dense ? BENCH_DATA : BENCH_STRIDE;

	if (buf == NULL || fd == -1)
		bench_die(path);
	if (ftruncate(fd, (off_t)size) == -1)
		bench_die("ftruncate");
	for (uint64_t off = 0; off < size; off += step) {
		bench_fill(buf, BENCH_DATA, off);
		if (pwrite(fd, buf, BENCH_DATA, (off_t)off) != (ssize_t)BENCH_DATA)
			bench_die("pwrite");
	}
	/* Sync so writeback does not run during the timings. */
	if (fdatasync(fd) == -1)
		bench_die("fdatasync");
	for (uint64_t off = 0; off < size; off += step)
		if (pread(fd, buf, BENCH_DATA, (off_t)off) == -1)
			bench_die("pread");
	free(buf);
	return fd;
}

/*
 * System pages of FD's file that lie in holes (SEEK_DATA / SEEK_HOLE at
 * the start) yet are resident now: mincore through a mapping of our own
 * that nothing touches.  HOLES marks the hole pages, one byte each.
 */
static size_t
bench_hole_resident(int fd, uint64_t size, const unsigned char *holes)
{
	size_t		 ps = (size_t)sysconf(_SC_PAGESIZE), n = size / ps;
	size_t		 count = 0;
	unsigned char	*vec = malloc(n);
	void		*p = mmap(NULL, size, PROT_READ, MAP_SHARED, fd, 0);

	if (vec == NULL || p == MAP_FAILED)
		bench_die("mmap");
	if (mincore(p, size, vec) == -1)
		bench_die("mincore");
	for (size_t i = 0; i < n; i++)
		count += holes[i] && (vec[i] & 1);
	munmap(p, size);
	free(vec);
	return count;
}

/* One byte per system page of FD's file: 1 where it lies in a hole. */
static unsigned char *
bench_holes(int fd, uint64_t size)
{
	size_t		 ps = (size_t)sysconf(_SC_PAGESIZE);
	unsigned char	*h = calloc(size / ps, 1);
	off_t		 pos = 0;

	if (h == NULL)
		bench_die("calloc");
	while ((uint64_t)pos < size) {
		off_t	hole = lseek(fd, pos, SEEK_HOLE), data;

		if (hole == -1 || (uint64_t)hole >= size)
			break;
		data = lseek(fd, hole, SEEK_DATA);
		if (data == -1)
			data = (off_t)size;
		for (off_t p = hole; p < data; p += (off_t)ps)
			h[(size_t)p / ps] = 1;
		pos = data;
	}
	return h;
}

/* Sweep PATH's file (open as FD) for SECONDS at the viewer's budget; a row. */
static double
bench_run(const char *name, const char *path, int fd, uint64_t size,
    double seconds)
{
	struct stat		 st0, st1;
	unsigned char		*holes = bench_holes(fd, size);
	size_t			 h0 = bench_hole_resident(fd, size, holes), h1;
	char			*cause = NULL;
	struct door		*d;
	struct changemap	*m;
	double			 t0, c0, cpu;
	uint64_t		 hashed = 0, slices = 0;
	uint32_t		 now = 1;
	long			 rss0;

	if (fstat(fd, &st0) == -1)
		bench_die("fstat");
	d = door_open(path, DOOR_RDONLY, &cause);
	if (d == NULL) {
		fprintf(stderr, "bench/sweep_rss: %s: %s\n", path, cause);
		exit(1);
	}
	m = changemap_new(bench_strip_page(size));
	rss0 = bench_status("VmRSS");
	if (!bench_reset_peak())
		fprintf(stderr, "bench/sweep_rss: cannot reset VmHWM\n");
	t0 = bench_now();
	c0 = bench_cpu();
	while (bench_now() - t0 < seconds) {
		size_t	b = changemap_budget(m, CHANGEMAP_CPU_SHARE,
			    BENCH_PERIOD);

		hashed += changemap_sweep(m, d, b, now);
		now += BENCH_PERIOD;
		slices++;
	}
	cpu = bench_cpu() - c0;
	if (fstat(fd, &st1) == -1)
		bench_die("fstat");
	h1 = bench_hole_resident(fd, size, holes);
	printf("| %s | %.1f MiB (%.1f MiB at start) | %ld / %ld / %ld kB | "
	    "%zu -> %zu, st_blocks %lld -> %lld | %.1f laps of the data "
	    "in %.0f s, %llu slices | %.2f GB/s |\n", name,
	    bench_status("VmHWM") / 1024.0, rss0 / 1024.0,
	    bench_status("RssAnon"), bench_status("RssFile"),
	    bench_status("VmPTE"), h0, h1, (long long)st0.st_blocks,
	    (long long)st1.st_blocks,
	    (double)hashed / ((double)st0.st_blocks * 512), seconds,
	    (unsigned long long)slices, (double)hashed / cpu / 1e9);
	fflush(stdout);
	changemap_free(m);
	door_close(d);
	free(holes);
	return (double)hashed / cpu / 1e9;
}

/*
 * GB/s of memcpy over SIZE bytes (BENCH_CHUNK buffers, repeated), by the
 * wall clock, and by CPU time in *CPU_GBS (comparable with the sweep's).
 */
static double
bench_memcpy(uint64_t size, double *cpu_gbs)
{
	unsigned char	*a = malloc(BENCH_CHUNK), *b = malloc(BENCH_CHUNK);
	double		 t, c;

	if (a == NULL || b == NULL)
		bench_die("malloc");
	/* Touch both first: page faults are not memcpy's cost. */
	memset(a, 1, BENCH_CHUNK);
	memset(b, 2, BENCH_CHUNK);
	t = bench_now();
	c = bench_cpu();
	for (uint64_t done = 0; done < size; done += BENCH_CHUNK) {
		memcpy(done / BENCH_CHUNK % 2 ? a : b,
		    done / BENCH_CHUNK % 2 ? b : a, BENCH_CHUNK);
		__asm__ __volatile__("" ::: "memory");
	}
	t = bench_now() - t;
	*cpu_gbs = (double)size / (bench_cpu() - c) / 1e9;
	free(a);
	free(b);
	return (double)size / t / 1e9;
}

/* Run both files for argv[1] seconds (default 30), argv[2] runs (1). */
int
main(int argc, char **argv)
{
	const char	*tmp = getenv("TMPDIR");
	double		 seconds = argc > 1 ? strtod(argv[1], NULL) : 30;
	int		 runs = argc > 2 ? atoi(argv[2]) : 1;
	const char	*only = getenv("BENCH_ONLY");
	char		 sparse[4096], dense[4096];
	int		 fds, fdd;
	double		 wall, cpu;

	if (!(seconds > 0) || runs < 1) {
		fprintf(stderr, "usage: bench/sweep_rss [SECONDS [RUNS]]\n");
		return 1;
	}
	if (tmp == NULL || *tmp == '\0')
		tmp = "/var/tmp";
	snprintf(sparse, sizeof sparse, "%s/livehex-bench-sparse.%ld", tmp,
	    (long)getpid());
	snprintf(dense, sizeof dense, "%s/livehex-bench-dense.%ld", tmp,
	    (long)getpid());
	printf("Change map sweep at the viewer's budget (%.0f %% of a core, "
	    "%d ms ticks, back to back), %.0f s a run\n\n",
	    CHANGEMAP_CPU_SHARE * 100, BENCH_PERIOD, seconds);
	printf("| file | peak RSS (VmHWM) | RssAnon / RssFile / VmPTE at "
	    "the end | hole pages resident before -> after | work | sweep "
	    "rate (CPU) |\n| --- | ---: | ---: | ---: | ---: | ---: |\n");
	if (only == NULL || strcmp(only, "dense") != 0) {
		fds = bench_make(sparse, BENCH_SPARSE, 0);
		for (int r = 0; r < runs; r++)
			bench_run("8 GiB sparse", sparse, fds, BENCH_SPARSE,
			    seconds);
		unlink(sparse);
		close(fds);
	}
	if (only == NULL || strcmp(only, "sparse") != 0) {
		fdd = bench_make(dense, BENCH_DENSE, 1);
		for (int r = 0; r < runs; r++)
			bench_run("4 GiB dense", dense, fdd, BENCH_DENSE,
			    seconds);
		unlink(dense);
		close(fdd);
	}
	wall = bench_memcpy(BENCH_DENSE, &cpu);
	printf("\nmemcpy of 4 GiB (512 MiB buffers), the ceiling: %.2f GB/s "
	    "(%.2f GB/s of CPU)\n", wall, cpu);
	return 0;
}
