/* SPDX-License-Identifier: ISC */
/*
 * bench/search.c - search throughput: livehex's search_step vs grep -c -F.
 *
 * usage: bench/search [FILE-SIZE-MIB [absent]]
 *
 * Creates a file of FILE-SIZE-MIB (default 1024) of random printable text
 * in lines (so grep is on its home ground) in $TMPDIR, with a literal
 * needle planted 4 KiB before the end (or nowhere with "absent"), reads it
 * once so it sits in the page cache, then times, median of 5 runs each:
 *
 *  - search_step loops over the whole file through door_open/door_scan,
 *    the way the viewer runs them (slices of BENCH_BUDGET bytes);
 *  - `grep -c -F NEEDLE FILE` with LC_ALL=C, by fork/exec, in the same run;
 *  - for information, the slower pattern kinds (backward, i"...", ??) over
 *    a needle that is absent, so they scan everything.
 *
 * Prints a Markdown table.  The first livehex run also pays for filling
 * the door's page tables (minor faults); the viewer pays that once per
 * file, so the median is the figure that matters.  This is a benchmark,
 * not a test: nothing here decides pass or fail (docs/design.md,
 * "Tests").
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"
#include "door.h"
#include "search.h"
#include "xmalloc.h"

#define BENCH_RUNS	5
#define BENCH_BUDGET	((size_t)16 << 20)	/* bytes per search_step */
#define BENCH_NEEDLE	"LiveHexNeedle42"

/* Print a message and exit non-zero (the file is removed at exit). */
static void __attribute__((noreturn, format(printf, 1, 2)))
bench_fatal(const char *fmt, ...);

static void
bench_fatal(const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	fputs("bench/search: ", stderr);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	va_end(ap);
	exit(1);
}

/*
 * Write SIZE bytes of random printable lines to a new file in $TMPDIR,
 * with NEEDLE at *planted (or nowhere when *planted is UINT64_MAX).
 */
static void
bench_make_file(uint64_t size, uint64_t planted)
{
	unsigned char	*buf = xmalloc(1 << 20);
	uint64_t	 x = 0x2545f4914f6cdd1dULL, done = 0;
	unsigned	 col = 0;
	int		 fd = bench_temp_fd("search");

	while (done < size) {
		size_t	n = size - done < (1 << 20) ? size - done : 1 << 20;

		for (size_t i = 0; i < n; i++) {
			x ^= x << 13;
			x ^= x >> 7;
			x ^= x << 17;
			/* Lines of 40 to 103 characters, 95 printable ones. */
			if (col > 40 + (x >> 58)) {
				buf[i] = '\n';
				col = 0;
			} else {
				buf[i] = (unsigned char)(' ' + (x >> 20) % 95);
				col++;
			}
		}
		if (planted != UINT64_MAX && planted >= done &&
		    planted < done + n)
			memcpy(buf + (planted - done), BENCH_NEEDLE,
			    strlen(BENCH_NEEDLE));
		bench_write(fd, buf, n);
		done += n;
	}
	close(fd);
	free(buf);
}

/* Read the whole file once so that every run finds it in the page cache. */
static void
bench_warm(void)
{
	char	*buf = xmalloc(1 << 20);
	int	 fd = open(bench_path, O_RDONLY);

	if (fd == -1)
		bench_fatal("open %s: %s", bench_path, strerror(errno));
	while (read(fd, buf, 1 << 20) > 0)
		;
	close(fd);
	free(buf);
}

/*
 * Time one search for TEXT from FROM over D; *bytes gets how far it
 * scanned (to the match, or the whole file), *result what it found.
 */
static double
bench_search_once(struct door *d, const struct search_pattern *p,
    uint64_t from, bool backward, uint64_t *bytes, enum search_result *result,
    uint64_t *match)
{
	struct search		*s = search_start(p, from, backward);
	enum search_result	 r;
	bool			 wrapped;
	double			 t0 = bench_now(), t;

	do
		r = search_step(s, d, BENCH_BUDGET, match, &wrapped);
	while (r == SEARCH_MORE);
	t = bench_now() - t0;
	*result = r;
	if (r == SEARCH_FOUND)
		*bytes = backward ? door_size(d) - *match : *match + 1;
	else
		*bytes = door_size(d);
	search_free(s);
	return t;
}

/* One row of the table: median time and throughput of a search. */
static double
bench_search_row(struct door *d, const char *what, const char *text,
    uint64_t from, bool backward, uint64_t want)
{
	struct search_pattern	*p;
	char			*cause;
	size_t			 col;
	double			 times[BENCH_RUNS], med, first;
	uint64_t		 bytes = 0, match = 0;
	enum search_result	 r = SEARCH_NONE;

	p = search_parse(text, &col, &cause);
	if (p == NULL)
		bench_fatal("%s: column %zu: %s", text, col, cause);
	for (int i = 0; i < BENCH_RUNS; i++) {
		times[i] = bench_search_once(d, p, from, backward, &bytes, &r,
		    &match);
		if (want == UINT64_MAX ? r != SEARCH_NONE :
		    r != SEARCH_FOUND || match != want)
			bench_fatal("%s: wrong result %d at %llu", text, (int)r,
			    (unsigned long long)match);
	}
	first = times[0];
	med = bench_median(times, BENCH_RUNS);
	printf("| %s | `%s` | %.0f | %.3f | %.3f | %.2f |\n", what, text,
	    (double)bytes / (1 << 20), first, med, (double)bytes / med / 1e9);
	search_pattern_free(p);
	return (double)bytes / med / 1e9;
}

/* Run `grep -c -F [-i] NEEDLE FILE` with LC_ALL=C; seconds, *count. */
static double
bench_grep_once(const char *needle, bool icase, long *count)
{
	char	 out[64];
	int	 pfd[2], status;
	ssize_t	 n;
	pid_t	 pid;
	double	 t0 = bench_now(), t;

	if (pipe(pfd) == -1)
		bench_fatal("pipe: %s", strerror(errno));
	pid = fork();
	if (pid == -1)
		bench_fatal("fork: %s", strerror(errno));
	if (pid == 0) {
		char	*argv[7];
		int	 a = 0;

		/* The child only execs: copies cost nothing that matters. */
		argv[a++] = xstrdup("grep");
		argv[a++] = xstrdup("-c");
		argv[a++] = xstrdup("-F");
		if (icase)
			argv[a++] = xstrdup("-i");
		argv[a++] = xstrdup(needle);
		argv[a++] = bench_path;
		argv[a] = NULL;
		dup2(pfd[1], 1);
		close(pfd[0]);
		close(pfd[1]);
		setenv("LC_ALL", "C", 1);
		execvp("grep", argv);
		_exit(127);
	}
	close(pfd[1]);
	n = read(pfd[0], out, sizeof out - 1);
	close(pfd[0]);
	if (waitpid(pid, &status, 0) == -1)
		bench_fatal("waitpid: %s", strerror(errno));
	t = bench_now() - t0;
	if (!WIFEXITED(status) || WEXITSTATUS(status) > 1 || n <= 0)
		bench_fatal("grep failed (status %d)", status);
	out[n] = '\0';
	*count = strtol(out, NULL, 10);
	return t;
}

/* One grep row; its throughput over the whole file. */
static double
bench_grep_row(const char *what, const char *needle, bool icase,
    uint64_t size)
{
	double	times[BENCH_RUNS], med, first;
	long	count = 0;

	for (int i = 0; i < BENCH_RUNS; i++)
		times[i] = bench_grep_once(needle, icase, &count);
	first = times[0];
	med = bench_median(times, BENCH_RUNS);
	printf("| %s (%ld line%s) | `%s` | %.0f | %.3f | %.3f | %.2f |\n",
	    what, count, count == 1 ? "" : "s", needle,
	    (double)size / (1 << 20), first, med, (double)size / med / 1e9);
	return (double)size / med / 1e9;
}

/* Build the file, time both tools, print the table. */
int
main(int argc, char **argv)
{
	uint64_t	 mib = 1024, size, planted;
	bool		 absent = argc > 2 && strcmp(argv[2], "absent") == 0;
	struct door	*d;
	char		*cause = NULL;
	double		 ours, grep;

	if (argc > 1) {
		char	*end;

		mib = strtoull(argv[1], &end, 10);
		if (*end != '\0' || mib == 0 || (argc > 2 && !absent))
			bench_fatal("usage: bench/search [FILE-SIZE-MIB "
			    "[absent]]");
	}
	size = mib << 20;
	planted = absent ? UINT64_MAX : size - 4096;
	bench_make_file(size, planted);
	bench_warm();
	d = door_open(bench_path, DOOR_RDONLY, &cause);
	if (d == NULL)
		bench_fatal("%s: %s", bench_path, cause);

	printf("search, %llu MiB of random printable lines in the page cache "
	    "(%s), needle %s; median of %d runs, %zu MiB per search_step\n\n",
	    (unsigned long long)mib, bench_path, absent ? "absent" :
	    "4 KiB before the end", BENCH_RUNS, BENCH_BUDGET >> 20);
	printf("| what | pattern | MiB scanned | first run s | median s | "
	    "GB/s (median) |\n");
	printf("| --- | --- | ---: | ---: | ---: | ---: |\n");
	ours = bench_search_row(d, "livehex search_step, forward",
	    "\"" BENCH_NEEDLE "\"", 0, false, planted);
	grep = bench_grep_row("grep -c -F, LC_ALL=C", BENCH_NEEDLE, false,
	    size);
	bench_search_row(d, "livehex, backward, absent", "\"NotHere42\"",
	    size, true, UINT64_MAX);
	bench_search_row(d, "livehex, any case, absent", "i\"NotHere42\"", 0,
	    false, UINT64_MAX);
	bench_grep_row("grep -c -i -F, LC_ALL=C", "NotHere42", true, size);
	bench_search_row(d, "livehex, wildcards, absent",
	    "4e 6f ?? 48 65 72 65 34 32", 0, false, UINT64_MAX);
	printf("\nlivehex / grep (literal): %.2fx\n", ours / grep);
	door_close(d);
	return 0;
}
