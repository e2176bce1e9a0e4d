/* SPDX-License-Identifier: ISC */
/*
 * bench.c - the pieces every benchmark repeats: the clock, the median of
 * a few runs, and the temporary file it fills with its own data.
 *
 * A benchmark is a program, not a library: a failure to make or write the
 * file prints why and exits 1 (the file is removed at exit all the same).
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "xmalloc.h"

char	*bench_path;

/* Remove the temporary file. */
static void
bench_cleanup(void)
{
	if (bench_path != NULL)
		unlink(bench_path);
}

/* Seconds on the monotonic clock. */
double
bench_now(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The median of the N doubles at V (sorts V). */
double
bench_median(double *v, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && v[j - 1] > v[j]; j--) {
			double	t = v[j];

			v[j] = v[j - 1];
			v[j - 1] = t;
		}
	return v[n / 2];
}

/* Make $TMPDIR/livehex-bench-TAG.XXXXXX, removed at exit; its descriptor. */
int
bench_temp_fd(const char *tag)
{
	const char	*tmp = getenv("TMPDIR");
	int		 fd;

	bench_path = xasprintf("%s/livehex-bench-%s.XXXXXX",
	    tmp != NULL && *tmp != '\0' ? tmp : "/tmp", tag);
	if ((fd = mkstemp(bench_path)) == -1) {
		fprintf(stderr, "bench: mkstemp %s: %s\n", bench_path,
		    strerror(errno));
		exit(1);
	}
	atexit(bench_cleanup);
	return fd;
}

/* Write all of the N bytes at BUF to FD (bench_path); exit 1 when not. */
void
bench_write(int fd, const void *buf, size_t n)
{
	if (write(fd, buf, n) != (ssize_t)n) {
		fprintf(stderr, "bench: write %s: %s\n", bench_path,
		    strerror(errno));
		exit(1);
	}
}
