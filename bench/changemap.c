/* SPDX-License-Identifier: ISC */
/*
 * bench/changemap.c - how fast the change map sweeps a file in the page cache.
 *
 * Usage: bench/changemap [MiB]   (default 1024: a 1 GiB file)
 *
 * Creates a file of MiB mebibytes in $TMPDIR (unlinked as soon as the door
 * holds it), writes it, syncs it (so writeback does not run during the
 * timings) and reads it back so every page is in the page cache.  Then:
 *  - full sweeps (changemap_sweep with an unlimited budget): the first one
 *    separately (first sight, and it faults the page tables in), then the
 *    median of 5 in GB/s;
 *  - bounded slices the way the viewer runs them (each tick asks
 *    changemap_budget for CHANGEMAP_CPU_SHARE of a core, at the viewer's
 *    1 ms and 10 ms ticks): median CPU time per slice, the share of a core
 *    that is, and how long a full lap takes at that pace; and the fixed
 *    cost of a slice (system calls) with a budget of one page;
 *  - raw XXH3 per 4 KiB page on an in-memory buffer, hot (1 MiB, in cache)
 *    and as large as the file (memory-bound), for libxxhash's exported
 *    function and the inline AVX2 build, next to a plain read of the
 *    buffer: the ceilings the sweep is measured against;
 *  - the strip's query (changemap_latest, 60 rows over the whole file).
 *
 * Not a test: timings never decide pass/fail (docs/design.md, "Tests").
 * Prints a Markdown table for docs/performance.md.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "changemap.h"
#include "door.h"

/* Plain include: the library's XXH3_64bits; then the inline AVX2 build. */
#include <xxhash.h>

/* XXH3 from libxxhash.so. */
static XXH64_hash_t
bench_xxh3_lib(const void *p, size_t n)
{
	return XXH3_64bits(p, n);
}

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define BENCH_AVX2 1
#pragma GCC push_options
#pragma GCC target("avx2")
#define XXH_VECTOR	XXH_AVX2
#else
#define BENCH_AVX2 0
#endif
#define XXH_INLINE_ALL
#include <xxhash.h>
#if BENCH_AVX2
#pragma GCC pop_options
#endif

#define BENCH_PAGE	4096
#define BENCH_RUNS	5

int	main(int argc, char **argv);

/* Monotonic time in seconds. */
static double
bench_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/* Compare two doubles for qsort. */
static int
bench_cmp(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

/* The median of N samples (sorts them). */
static double
bench_median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, bench_cmp);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/* Exit with a message. */
static void
bench_die(const char *what)
{
	fprintf(stderr, "bench/changemap: %s: %s\n", what, strerror(errno));
	exit(1);
}

/* Create PATH holding SIZE bytes of a pattern, synced and in the page cache. */
static void
bench_make_file(const char *path, size_t size)
{
	unsigned char	*buf = malloc(1 << 20);
	int		 fd;

	if (buf == NULL)
		bench_die("malloc");
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd == -1)
		bench_die(path);
	for (size_t off = 0; off < size; off += 1 << 20) {
		size_t	n = size - off < (1 << 20) ? size - off : 1 << 20;

		for (size_t i = 0; i < n; i++)
			buf[i] = (unsigned char)((off + i) * 2654435761u >> 13);
		if (write(fd, buf, n) != (ssize_t)n)
			bench_die("write");
	}
	/* Sync so writeback does not run during the timings. */
	if (fdatasync(fd) == -1)
		bench_die("fdatasync");
	/* Read it back: every page is in the page cache before we start. */
	for (size_t off = 0; off < size; off += 1 << 20)
		if (pread(fd, buf, 1 << 20, (off_t)off) == -1)
			bench_die("pread");
	close(fd);
	free(buf);
}

#if BENCH_AVX2
/* XXH3 every page of [p, p+len): inline AVX2 build; a checksum. */
__attribute__((target("avx2"))) static uint64_t
bench_pages_avx2(const unsigned char *p, size_t len)
{
	uint64_t	acc = 0;

	for (size_t o = 0; o < len; o += BENCH_PAGE)
		acc += XXH3_64bits(p + o, BENCH_PAGE);
	return acc;
}
#endif

/* XXH3 every page of [p, p+len): libxxhash; a checksum. */
static uint64_t
bench_pages_lib(const unsigned char *p, size_t len)
{
	uint64_t	acc = 0;

	for (size_t o = 0; o < len; o += BENCH_PAGE)
		acc += bench_xxh3_lib(p + o, BENCH_PAGE);
	return acc;
}

/* Read every 8 bytes of [p, p+len); a checksum. */
static uint64_t
bench_read(const unsigned char *p, size_t len)
{
	uint64_t	acc = 0, v;

	for (size_t o = 0; o < len; o += 8) {
		memcpy(&v, p + o, 8);
		acc += v;
	}
	return acc;
}

/* Median GB/s of FN over [p, p+len), repeated to at least 256 MiB a run. */
static double
bench_raw(uint64_t (*fn)(const unsigned char *, size_t),
    const unsigned char *p, size_t len)
{
	double			 gbs[BENCH_RUNS];
	size_t			 reps = len >= (256u << 20) ? 1 : (256u << 20) / len;
	static volatile uint64_t sink;

	for (int r = 0; r < BENCH_RUNS; r++) {
		double	t = bench_now();

		for (size_t k = 0; k < reps; k++)
			sink += fn(p, len);
		gbs[r] = (double)len * (double)reps / (bench_now() - t) / 1e9;
	}
	/* Read once: clang -Werror calls a sink only written "unused". */
	(void)sink;
	return bench_median(gbs, BENCH_RUNS);
}

/* Thread CPU time in seconds. */
static double
bench_cpu(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
 * Run 200 ticks of PERIOD_MS the way the viewer does (ask the budget, then
 * sweep; BUDGET 0: ask changemap_budget each tick) and print a row: median
 * CPU and wall time per slice, the share of a core, the lap time.
 */
static void
bench_slice(struct changemap *m, struct door *d, uint32_t period_ms,
    size_t fixed, size_t size)
{
	enum { N = 200 };
	double	cpu[N], wall[N], budgets[N], hashed = 0;

	for (int i = 0; i < N; i++) {
		size_t	b = fixed != 0 ? fixed :
			    changemap_budget(m, CHANGEMAP_CPU_SHARE, period_ms);
		double	t = bench_now(), c = bench_cpu();

		hashed += (double)changemap_sweep(m, d, b, 2000 + (uint32_t)i);
		cpu[i] = (bench_cpu() - c) * 1e6;
		wall[i] = (bench_now() - t) * 1e6;
		budgets[i] = (double)b;
	}
	if (fixed != 0)
		printf("| fixed cost of a slice (budget: one page) | %.1f us "
		    "CPU, %.1f us wall |\n", bench_median(cpu, N),
		    bench_median(wall, N));
	else
		printf("| one slice per %u ms tick at %.0f %% of a core: "
		    "budget %.0f KiB | %.1f us CPU (%.1f %% of a core), "
		    "%.1f us wall; a lap of the file takes %.1f s |\n",
		    period_ms, CHANGEMAP_CPU_SHARE * 100,
		    bench_median(budgets, N) / 1024, bench_median(cpu, N),
		    bench_median(cpu, N) / (period_ms * 10.0),
		    bench_median(wall, N),
		    (double)size / (hashed / N) * period_ms / 1000.0);
}

/* Run the benchmark on a file of argv[1] MiB (default 1024). */
int
main(int argc, char **argv)
{
	const char		*tmp = getenv("TMPDIR");
	size_t			 mib = argc > 1 ? strtoul(argv[1], NULL, 10) : 1024;
	size_t			 size = mib << 20;
	double			 gbs[BENCH_RUNS], t, first;
	char			 path[4096], *cause = NULL;
	struct door		*d;
	struct changemap	*m;
	unsigned char		*buf;
	volatile uint32_t	 latest = 0;

	if (mib == 0) {
		fprintf(stderr, "usage: bench/changemap [MiB]\n");
		return 1;
	}
	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	snprintf(path, sizeof path, "%s/livehex-bench-changemap.%ld", tmp,
	    (long)getpid());
	bench_make_file(path, size);
	d = door_open(path, DOOR_RDONLY, &cause);
	unlink(path);
	if (d == NULL) {
		fprintf(stderr, "bench/changemap: %s: %s\n", path, cause);
		return 1;
	}

	m = changemap_new(BENCH_PAGE);
	t = bench_now();
	changemap_sweep(m, d, SIZE_MAX, 1);
	first = (double)size / (bench_now() - t) / 1e9;
	for (int r = 0; r < BENCH_RUNS; r++) {
		size_t	n;

		t = bench_now();
		n = changemap_sweep(m, d, SIZE_MAX, 10 + (uint32_t)r);
		gbs[r] = (double)n / (bench_now() - t) / 1e9;
		if (n != size)
			fprintf(stderr, "bench/changemap: a sweep hashed %zu "
			    "of %zu bytes (not all resident?)\n", n, size);
	}

	printf("Change map sweep, %zu MiB file in the page cache, %d-byte "
	    "pages\n\n", mib, BENCH_PAGE);
	printf("| what | result |\n| --- | --- |\n");
	printf("| full sweep, first (records hashes, faults page tables in) "
	    "| %.2f GB/s |\n", first);
	printf("| full sweep, median of %d | **%.2f GB/s** (%.1f ms per lap; "
	    "rate measured by the map: %.2f GB/s of CPU) |\n", BENCH_RUNS,
	    bench_median(gbs, BENCH_RUNS), (double)size /
	    bench_median(gbs, BENCH_RUNS) / 1e6, changemap_rate(m) / 1e9);
	bench_slice(m, d, 1, BENCH_PAGE, size);
	bench_slice(m, d, 1, 0, size);
	bench_slice(m, d, 10, 0, size);

	t = bench_now();
	for (int i = 0; i < 100; i++)
		for (int row = 0; row < 60; row++)
			latest |= changemap_latest(m, (uint64_t)row * size / 60,
			    size / 60 + 1);
	printf("| strip query: changemap_latest, 60 rows over the file | "
	    "%.1f us per frame |\n", (bench_now() - t) / 100 * 1e6);
	(void)latest;	/* see bench_raw's sink */
	changemap_free(m);
	door_close(d);

	buf = malloc(size);
	if (buf == NULL)
		bench_die("malloc");
	for (size_t i = 0; i < size; i++)
		buf[i] = (unsigned char)(i * 2654435761u >> 13);
	printf("| raw XXH3 per 4 KiB page, libxxhash.so, hot 1 MiB | "
	    "%.2f GB/s |\n", bench_raw(bench_pages_lib, buf, 1 << 20));
	printf("| raw XXH3 per 4 KiB page, libxxhash.so, %zu MiB | "
	    "%.2f GB/s |\n", mib, bench_raw(bench_pages_lib, buf, size));
#if BENCH_AVX2
	if (__builtin_cpu_supports("avx2")) {
		printf("| raw XXH3 per 4 KiB page, inline AVX2, hot 1 MiB | "
		    "%.2f GB/s |\n", bench_raw(bench_pages_avx2, buf, 1 << 20));
		printf("| raw XXH3 per 4 KiB page, inline AVX2, %zu MiB | "
		    "%.2f GB/s |\n", mib, bench_raw(bench_pages_avx2, buf,
		    size));
	}
#endif
	printf("| plain read of the %zu MiB buffer (8-byte loads) | "
	    "%.2f GB/s |\n", mib, bench_raw(bench_read, buf, size));
	free(buf);
	return 0;
}
