/* SPDX-License-Identifier: ISC */
/*
 * bench.h - what the benchmarks share: the clock, the median, and the
 * temporary file each one fills with its own data and removes at exit.
 */
#ifndef LIVEHEX_BENCH_H
#define LIVEHEX_BENCH_H

#include <stddef.h>

/* The temporary file made by bench_temp_fd (NULL before), removed at exit. */
extern char	*bench_path;

/* Seconds on the monotonic clock. */
double	bench_now(void);
/* The median of the N doubles at V (sorts V). */
double	bench_median(double *v, int n);
/*
 * Make $TMPDIR/livehex-bench-TAG.XXXXXX (bench_path), to be removed at
 * exit; its descriptor, open for writing.  Exits 1 with a message when
 * it cannot.
 */
int	bench_temp_fd(const char *tag);
/* Write all of the N bytes at BUF to FD (bench_path); exit 1 when not. */
void	bench_write(int fd, const void *buf, size_t n);

#endif
