/* SPDX-License-Identifier: ISC */
/*
 * bench/layout.c - how long a big layout takes to open, and its memory.
 *
 * Two cases from issue 13: a C header with 10,000 structs (the one asked
 * for is built, not the 10,000), and a struct of about 1 MiB holding
 * 100,000 array elements (the array is one node and one panel row, never
 * 100,000).  Each is opened through layout_open as the command line does,
 * a path near the end is resolved, and the wall time and the growth of
 * the resident set are printed.  The goal is well under a second each.
 * Needs libclang (HEADER:TYPE); without it, says so and exits 0.  Not a
 * test: timings never decide make check.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "layout.h"
#include "xmalloc.h"

/* Milliseconds on the monotonic clock. */
static double
bench_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* The peak resident set so far, in KiB. */
static long
bench_rss_kib(void)
{
	struct rusage	ru;

	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

/* Write TEXT to a temporary header; its path (malloc'd). */
static char *
bench_header(const char *text)
{
	char	 path[] = "/tmp/livehex-bench-XXXXXX.h";
	int	 fd = mkstemps(path, 2);
	size_t	 len = strlen(text);

	if (fd == -1 || write(fd, text, len) != (ssize_t)len) {
		perror("bench header");
		exit(1);
	}
	close(fd);
	return xstrdup(path);
}

/* Open TYPE of HEADER, resolve PATH, print the figures under NAME. */
static void
bench_open(const char *name, const char *header, const char *type,
    const char *path)
{
	char			*spec = xasprintf("%s:%s", header, type);
	char			*cause = NULL;
	struct layout_spec	 s = { spec, 0 };
	struct ltype_ref	 r;
	struct layout		*l;
	long			 rss0 = bench_rss_kib();
	double			 t0 = bench_ms(), t1;

	l = layout_open(&s, 1, NULL, &cause);
	if (l == NULL) {
		fprintf(stderr, "%s: %s\n", name, cause);
		exit(1);
	}
	if (layout_resolve(l, path, &r, &cause) != 0) {
		fprintf(stderr, "%s: %s\n", name, cause);
		exit(1);
	}
	t1 = bench_ms();
	printf("%-34s %8.1f ms  %6zu rows  %6zu types  +%ld KiB peak RSS  "
	    "(%s at 0x%" PRIx64 ")\n", name, t1 - t0, l->n, l->tree->n,
	    bench_rss_kib() - rss0, path, r.off);
	layout_free(l);
	free(spec);
}

/* Both cases. */
int
main(void)
{
	char	*text = xstrdup("#include <stdint.h>\n"), *tmp, *h;
	size_t	 len = strlen(text), cap = 1 << 20;

#ifndef HAVE_LIBCLANG
	puts("layout: built without libclang, nothing to measure");
	return 0;
#endif
	text = xrealloc(text, cap);
	for (int i = 0; i < 10000; i++) {
		char	line[128];
		int	n = snprintf(line, sizeof line, "struct s%d { uint32_t a; "
			    "uint16_t b[%d]; double c; };\n", i, i % 7 + 1);

		if (len + (size_t)n + 1 > cap)
			text = xrealloc(text, cap *= 2);
		memcpy(text + len, line, (size_t)n + 1);
		len += (size_t)n;
	}
	tmp = xasprintf("%sstruct big { struct s9999 hdr; struct s6 "
	    "items[100000]; };\nstruct mib { uint64_t n; struct { uint32_t "
	    "seq; uint32_t len; uint16_t v[1]; } e[100000]; };\n", text);
	free(text);
	h = bench_header(tmp);
	free(tmp);
	bench_open("10,000 structs: struct s5000", h, "struct s5000", "b[0]");
	bench_open("10,000 structs + 100,000 elements", h, "struct big",
	    "items[99999].c");
	bench_open("1.2 MiB struct, 100,000 elements", h, "struct mib",
	    "e[99999].v[0]");
	unlink(h);
	free(h);
	return 0;
}
