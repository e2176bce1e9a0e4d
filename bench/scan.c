/* SPDX-License-Identifier: ISC */
/*
 * bench/scan.c - the scan engine (scan.h) over a big file of u32.
 *
 * usage: bench/scan [FILE-SIZE-MIB]
 *
 * Creates a file of FILE-SIZE-MIB (default 1024) in $TMPDIR whose u32 at
 * offset 4i is i, reads it once so it sits in the page cache, and times,
 * median of 3 runs each, the steps of a :scan over all of it through a
 * door, in budgets of BENCH_BUDGET bytes as a viewer would run them:
 *
 *  - the first step (SCAN_ANY: every aligned offset recorded, a bitmap
 *    and a copy of every value);
 *  - a second step over every candidate (SCAN_UNCHANGED: all stay, the
 *    worst case of the bitmap form);
 *  - == V on a fresh scan (one candidate stays: the list form after);
 *  - < 2^24 on a fresh scan (16 Mi candidates stay, 1/16: the list
 *    form), then unchanged over that list (a narrowing round in the
 *    list form, all stay: its worst case).
 *
 * Prints a Markdown table: the median, and the fastest and slowest run
 * (a loaded machine makes single runs wander).  A benchmark, not a test: nothing here decides
 * pass or fail (docs/design.md, "Tests").
 */
#include "config.h"

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "door.h"
#include "scan.h"
#include "value.h"
#include "xmalloc.h"

#define BENCH_RUNS	3
#define BENCH_BUDGET	((uint64_t)64 << 20)	/* bytes per scan_run */

/* Print a table row: WHAT, then the median, fastest and slowest of V. */
static void
bench_row(const char *what, double *v)
{
	double	med = bench_median(v, BENCH_RUNS);

	printf("| %s | %.3f s | %.3f s | %.3f s |\n", what, med, v[0],
	    v[BENCH_RUNS - 1]);
}

/* Write SIZE bytes, u32 i at offset 4i, to a new file; exit on failure. */
static void
bench_make_file(uint64_t size)
{
	uint32_t	*buf = xmalloc(1 << 20);
	uint32_t	 next = 0;
	int		 fd = bench_temp_fd("scan");

	for (uint64_t done = 0; done < size; done += 1 << 20) {
		for (size_t i = 0; i < (1 << 20) / 4; i++)
			buf[i] = next++;
		bench_write(fd, buf, 1 << 20);
	}
	close(fd);
	free(buf);
}

/* Run one whole step OP V of S; its seconds. */
static double
bench_step(struct scan *s, struct door *d, enum scan_op op, const char *v)
{
	char	*cause = NULL;
	double	 t0 = bench_now();
	int	 rc;

	if (scan_begin(s, op, v, &cause) == -1) {
		fprintf(stderr, "bench/scan: %s\n", cause);
		exit(1);
	}
	while ((rc = scan_run(s, d, BENCH_BUDGET, &cause)) == 0)
		;
	if (rc == -1) {
		fprintf(stderr, "bench/scan: %s\n", cause);
		exit(1);
	}
	return bench_now() - t0;
}

int
main(int argc, char **argv)
{
	uint64_t		 mib = argc > 1 ? strtoull(argv[1], NULL, 10) :
				    1024, size = mib << 20;
	double			 first[BENCH_RUNS], second[BENCH_RUNS];
	double			 eq[BENCH_RUNS], lt[BENCH_RUNS];
	double			 list[BENCH_RUNS];
	struct value_type	 t;
	struct door		*d;
	struct scan		*s;
	char			*cause = NULL, *buf, what[80];
	uint64_t		 count = 0, nlist = 0;

	if (mib == 0) {
		fprintf(stderr, "usage: bench/scan [FILE-SIZE-MIB]\n");
		return 2;
	}
	bench_make_file(size);
	if ((d = door_open(bench_path, DOOR_RDONLY, &cause)) == NULL) {
		fprintf(stderr, "bench/scan: %s\n", cause);
		return 1;
	}
	/* Into the page cache once: the scans read memory, not the disk. */
	buf = xmalloc(1 << 20);
	for (uint64_t off = 0; off < size; off += 1 << 20)
		(void)door_read(d, off, buf, 1 << 20);
	free(buf);
	value_type_parse("u32", &t, NULL);
	for (int r = 0; r < BENCH_RUNS; r++) {
		s = scan_new(&t, 0, size, &cause);
		first[r] = bench_step(s, d, SCAN_ANY, NULL);
		second[r] = bench_step(s, d, SCAN_UNCHANGED, NULL);
		scan_free(s);
		s = scan_new(&t, 0, size, &cause);
		eq[r] = bench_step(s, d, SCAN_EQ, "12345678");
		count = scan_count(s);
		scan_free(s);
		s = scan_new(&t, 0, size, &cause);
		lt[r] = bench_step(s, d, SCAN_LT, "16777216");
		nlist = scan_count(s);
		list[r] = bench_step(s, d, SCAN_UNCHANGED, NULL);
		scan_free(s);
	}
	printf("| step over %llu MiB of u32 (%llu candidates) | median of %d "
	    "| fastest | slowest |\n|---|---|---|---|\n",
	    (unsigned long long)mib, (unsigned long long)(size / 4),
	    BENCH_RUNS);
	bench_row("first scan (record every value)", first);
	bench_row("second scan, unchanged (all stay)", second);
	snprintf(what, sizeof what, "first scan == 12345678 (%llu stays)",
	    (unsigned long long)count);
	bench_row(what, eq);
	snprintf(what, sizeof what, "first scan < 16777216 (%llu stay)",
	    (unsigned long long)nlist);
	bench_row(what, lt);
	bench_row("then unchanged over that list (all stay)", list);
	door_close(d);
	return 0;
}
