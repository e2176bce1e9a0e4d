/* SPDX-License-Identifier: ISC */
/*
 * view.c - benchmarks of the live viewer, beside the tools people use today.
 *
 * Each measurement runs the real program in a pseudo-terminal behind
 * libvterm (tests/e2e/pty.c), exactly as the end-to-end tests do, and
 * times what a user would see:
 *
 *   latency   a byte stored at a random on-screen position (through our own
 *             MAP_SHARED mapping, or with pwrite) until the emulated screen
 *             shows its new hex digits; livehex beside `watch -n 0.1 xxd`;
 *   steady    a steady writer (issue 12): a token of 4-8 bytes stored every
 *             20-50 ms (store to store) at a random visible place while
 *             the earlier tokens are still fading, until the screen shows
 *             every byte of it; through a mapping and through pwrite;
 *   idle      CPU used over 10 s with nothing changing (utime + stime of
 *             the process and the children it reaped, from /proc);
 *   output    bytes written to the terminal for one changed byte (until
 *             its highlight has faded), and per second under a writer
 *             storing as fast as it can;
 *   open      time to the first frame and peak RSS (VmHWM) opening an
 *             8 GiB sparse file, beside hexedit.
 *
 * Usage: view LIVEHEX [samples [latency|quiet|output]]    (a Markdown-
 * ready report; "latency" runs only the latency tables, peer included;
 * "quiet" only the first store after a quiet spell, samples/10 + 1
 * stores; "output" only livehex's terminal output at 40x120, issue 12's
 * size, with write(2) calls a second beside the bytes)
 *
 * Benchmarks are never tests: nothing here passes or fails on a timing.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "../tests/e2e/pty.h"

#define ROWS	24
#define COLS	120	/* livehex puts its inspector beside 16 bytes a row */
#define FSIZE	4096

/* The terminal's rows: ROWS, or 40 for "output". */
static int	rows = ROWS;

static const char	*livehex;
static char		 dir[] = "/tmp/livehex-bench.XXXXXX";

/* Monotonic time in milliseconds, as a double. */
static double
now_ms(void)
{
	struct timespec	t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec / 1e6;
}

/* A small deterministic PRNG so runs are comparable. */
static unsigned
rnd(void)
{
	static unsigned long long	x = 88172645463325252ULL;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return (unsigned)x;
}

/* Compare doubles for qsort. */
static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/* The Q-quantile (0..1) of N sorted values. */
static double
quantile(const double *v, size_t n, double q)
{
	size_t	i = (size_t)(q * (double)(n - 1) + 0.5);

	return n == 0 ? 0 : v[i < n ? i : n - 1];
}

/* Make a FSIZE-byte file of zeros; its path (static). */
static const char *
make_file(const char *name)
{
	static char	path[256];
	unsigned char	zero[FSIZE] = { 0 };
	int		fd;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd == -1 || write(fd, zero, sizeof zero) != (ssize_t)sizeof zero) {
		perror(path);
		exit(1);
	}
	close(fd);
	return path;
}

/* How a program under test lays out byte OFF on the screen. */
struct tool {
	const char	*name;
	char		*argv[8];
	const char	*ready;		/* text on screen once it is up */
	/* Screen row and column of byte OFF's first hex digit. */
	void		(*cell)(unsigned off, int *row, int *col);
	unsigned	 visible;	/* bytes visible on the benchmark's screen */
};

/*
 * livehex: header row, then 16 bytes a row (at 120 columns, beside the
 * inspector) after the offset, a blank, a mark column and a blank.
 */
static void
livehex_cell(unsigned off, int *row, int *col)
{
	*row = 1 + (int)(off / 16);
	*col = 11 + 3 * (int)(off % 16);
}

/* xxd under watch -t: 16 bytes a row, "00000000: 0000 0000 ..." */
static void
xxd_cell(unsigned off, int *row, int *col)
{
	unsigned	i = off % 16;

	*row = (int)(off / 16);
	*col = 10 + 2 * (int)i + (int)(i / 2);
}

/* What wait_hex looks for. */
struct want {
	int	row, col;
	char	text[3];
};

/* Condition: the two cells read the wanted hex digits. */
static bool
hex_shown(struct pty *p, void *arg)
{
	struct want	*w = arg;
	struct pty_cell	 a, b;

	pty_cell(p, w->row, w->col, &a);
	pty_cell(p, w->row, w->col + 1, &b);
	return a.text[0] == w->text[0] && b.text[0] == w->text[1];
}

/* What wait_token looks for: every byte of a token. */
struct token {
	struct want	b[8];
	int		n;
};

/* Condition: every byte of the token reads its wanted hex digits. */
static bool
token_shown(struct pty *p, void *arg)
{
	struct token	*k = arg;

	for (int i = 0; i < k->n; i++)
		if (!hex_shown(p, &k->b[i]))
			return false;
	return true;
}

/* Condition: never true (pump for a fixed budget, counting output). */
static bool
never(struct pty *p, void *arg)
{
	(void)p;
	(void)arg;
	return false;
}

/* Spawn TOOL on PATH and wait until it has drawn; NULL on failure. */
static struct pty *
start(struct tool *t, const char *path)
{
	static char	 unset[] = "-NO_COLOR";
	char *const	 env[] = { unset, NULL };
	struct pty	*p;
	int		 i;

	for (i = 0; t->argv[i] != NULL; i++)
		;
	t->argv[i] = (char *)(uintptr_t)path;
	p = pty_spawn(t->argv, rows, COLS, env);
	t->argv[i] = NULL;
	if (!pty_wait_text(p, t->ready, 10000)) {
		fprintf(stderr, "%s did not start:\n", t->name);
		pty_dump(p, stderr);
		pty_free(p);
		return NULL;
	}
	return p;
}

/*
 * Store N random bytes at random visible offsets of PATH (mapping when
 * VIA_MAP, else pwrite), GAP_LO..GAP_HI ms apart; latencies into OUT.
 */
static size_t
latency(struct tool *t, const char *path, bool via_map, size_t n,
    unsigned gap_lo, unsigned gap_hi, double *out)
{
	struct pty	*p = start(t, path);
	int		 fd = open(path, O_RDWR);
	unsigned char	*m;
	size_t		 got = 0;

	if (p == NULL || fd == -1)
		return 0;
	m = mmap(NULL, FSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	for (size_t i = 0; i < n && m != MAP_FAILED; i++) {
		unsigned	off = rnd() % t->visible;
		unsigned char	b;
		struct want	w;
		double		t0;

		/* A value that differs from what is there. */
		b = (unsigned char)(m[off] + 1 + rnd() % 254);
		t->cell(off, &w.row, &w.col);
		snprintf(w.text, sizeof w.text, "%02x", b);
		/* Let the gap pass while still reading the pty. */
		pty_wait(p, (int)(gap_lo + rnd() % (gap_hi - gap_lo + 1)),
		    never, NULL);
		t0 = now_ms();
		if (via_map)
			((volatile unsigned char *)m)[off] = b;
		else if (pwrite(fd, &b, 1, off) != 1)
			break;
		if (!pty_wait(p, 5000, hex_shown, &w)) {
			fprintf(stderr, "%s: store %zu not seen\n", t->name, i);
			continue;
		}
		out[got++] = now_ms() - t0;
	}
	if (m != MAP_FAILED)
		munmap(m, FSIZE);
	close(fd);
	pty_free(p);
	qsort(out, got, sizeof *out, cmp_double);
	return got;
}

/*
 * The steady writer: N tokens of 4-8 bytes at random visible offsets of
 * PATH (mapping when VIA_MAP, else one pwrite a token), one every 20-50 ms
 * from store to store (later when the screen has not caught up yet), so
 * the earlier tokens are still fading when the next lands.  The latency of
 * a token runs from its store to the frame that shows all of its bytes.
 */
static size_t
steady(struct tool *t, const char *path, bool via_map, size_t n, double *out)
{
	struct pty	*p = start(t, path);
	int		 fd = open(path, O_RDWR);
	unsigned char	*m;
	size_t		 got = 0;

	if (p == NULL || fd == -1)
		return 0;
	m = mmap(NULL, FSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	for (size_t i = 0; i < n && m != MAP_FAILED; i++) {
		unsigned	len = 4 + rnd() % 5;
		unsigned	off = rnd() % (t->visible - len + 1);
		unsigned	gap = 20 + rnd() % 31;
		unsigned char	tok[8];
		struct token	k;
		double		t0, left;

		k.n = (int)len;
		for (unsigned j = 0; j < len; j++) {
			tok[j] = (unsigned char)(m[off + j] + 1 + rnd() % 254);
			t->cell(off + j, &k.b[j].row, &k.b[j].col);
			snprintf(k.b[j].text, sizeof k.b[j].text, "%02x",
			    tok[j]);
		}
		t0 = now_ms();
		if (via_map)
			for (unsigned j = 0; j < len; j++)
				((volatile unsigned char *)m)[off + j] = tok[j];
		else if (pwrite(fd, tok, len, off) != (ssize_t)len)
			break;
		if (!pty_wait(p, 5000, token_shown, &k)) {
			fprintf(stderr, "%s: token %zu not seen\n", t->name, i);
			continue;
		}
		out[got++] = now_ms() - t0;
		/* The rest of the gap, still reading the pty. */
		left = (double)gap - (now_ms() - t0);
		if (left >= 1)
			pty_wait(p, (int)left, never, NULL);
	}
	if (m != MAP_FAILED)
		munmap(m, FSIZE);
	close(fd);
	pty_free(p);
	qsort(out, got, sizeof *out, cmp_double);
	return got;
}

static long long	cpu_ticks(int);

/*
 * CPU time of PID in ms: its own run time from /proc/PID/schedstat
 * (nanoseconds, so 10 s of a quiet process is measurable), plus the
 * children it reaped (cutime + cstime, in clock ticks: watch's xxd runs).
 */
static double
cpu_ms(int pid)
{
	char			path[64];
	unsigned long long	ns;
	long long		children;
	FILE			*f;

	snprintf(path, sizeof path, "/proc/%d/schedstat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fscanf(f, "%llu", &ns) != 1) {
		fclose(f);
		return -1;
	}
	fclose(f);
	if ((children = cpu_ticks(pid)) < 0)
		return -1;
	return (double)ns / 1e6 +
	    (double)children * 1e3 / (double)sysconf(_SC_CLK_TCK);
}

/* cutime + cstime (children reaped) of PID in clock ticks; -1 if gone. */
static long long
cpu_ticks(int pid)
{
	char		path[64], buf[2048], *p;
	long long	ut, st, cut, cst;
	FILE		*f;

	snprintf(path, sizeof path, "/proc/%d/stat", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	if (fgets(buf, sizeof buf, f) == NULL) {
		fclose(f);
		return -1;
	}
	fclose(f);
	/* Fields after the ")" of comm: state is field 3, utime 14. */
	p = strrchr(buf, ')');
	if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u "
	    "%*u %*u %lld %lld %lld %lld", &ut, &st, &cut, &cst) != 4)
		return -1;
	(void)ut;
	(void)st;
	return cut + cst;
}

/* A line "Key: N kB" from /proc/PID/status, in KiB; -1 if missing. */
static long
status_kib(int pid, const char *key)
{
	char	path[64], line[256];
	long	v = -1;
	FILE	*f;

	snprintf(path, sizeof path, "/proc/%d/status", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, key, strlen(key)) == 0)
			v = strtol(line + strlen(key) + 1, NULL, 10);
	fclose(f);
	return v;
}

/* CPU share of one core used by TOOL over SECONDS with nothing changing. */
static double
idle_cpu(struct tool *t, const char *path, int seconds)
{
	struct pty	*p = start(t, path);
	double		 c0, c1, t0, t1;

	if (p == NULL)
		return -1;
	/* Let the start-up and the 2 s of fast ticking pass. */
	pty_wait(p, 3000, never, NULL);
	c0 = cpu_ms(pty_pid(p));
	t0 = now_ms();
	pty_wait(p, seconds * 1000, never, NULL);
	c1 = cpu_ms(pty_pid(p));
	t1 = now_ms();
	pty_free(p);
	if (c0 < 0 || c1 < 0)
		return -1;
	return 100.0 * (c1 - c0) / (t1 - t0);
}

/* The number after KEY (e.g. "wchar:") in /proc/PID/io, or -1. */
static long long
proc_io(int pid, const char *key)
{
	char		path[64], line[128];
	long long	v = -1;
	size_t		n = strlen(key);
	FILE		*f;

	snprintf(path, sizeof path, "/proc/%d/io", pid);
	if ((f = fopen(path, "r")) == NULL)
		return -1;
	while (fgets(line, sizeof line, f) != NULL)
		if (strncmp(line, key, n) == 0) {
			v = atoll(line + n);
			break;
		}
	fclose(f);
	return v;
}

/*
 * Bytes the program wrote during MS ms of pumping its pty (what the
 * process wrote, wchar: for these programs, the screen); its write(2)
 * calls into *WRITES when not NULL.
 */
static size_t
pty_bytes(struct pty *p, int ms, size_t *writes)
{
	long long	w0 = proc_io(pty_pid(p), "wchar:");
	long long	s0 = proc_io(pty_pid(p), "syscw:"), w1, s1;

	pty_wait(p, ms, never, NULL);
	w1 = proc_io(pty_pid(p), "wchar:");
	s1 = proc_io(pty_pid(p), "syscw:");
	if (writes != NULL)
		*writes = s0 < 0 || s1 < s0 ? 0 : (size_t)(s1 - s0);
	return w0 < 0 || w1 < w0 ? 0 : (size_t)(w1 - w0);
}

/* Terminal output for one changed byte, and per second under a storm. */
static void
output_bytes(struct tool *t, const char *path, size_t *one, double *storm,
    size_t *idle3, double *writes)
{
	size_t		 nw = 0;
	struct pty	*p = start(t, path);
	int		 fd = open(path, O_RDWR);
	unsigned char	*m;
	pid_t		 pid;

	*one = 0;
	*storm = 0;
	*idle3 = 0;
	if (p == NULL || fd == -1)
		return;
	m = mmap(NULL, FSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	pty_wait(p, 3000, never, NULL);
	/* Baseline: 3 s with nothing changing (clock text, if any). */
	*idle3 = pty_bytes(p, 3000, NULL);
	m[100] ^= 0x5a;
	*one = pty_bytes(p, 3000, NULL);
	/* A writer storing as fast as it can for 3 s. */
	pid = fork();
	if (pid == 0) {
		double	end = now_ms() + 3000;
		unsigned i = 0;

		while (now_ms() < end)
			((volatile unsigned char *)m)[i++ % t->visible] ^= 1;
		_exit(0);
	}
	*storm = (double)pty_bytes(p, 3000, &nw) / 3.0;
	*writes = (double)nw / 3.0;
	waitpid(pid, NULL, 0);
	munmap(m, FSIZE);
	close(fd);
	pty_free(p);
}

/* Time to first frame (ms) and peak RSS (KiB) opening PATH. */
static void
open_big(struct tool *t, const char *path, double *first_ms, long *hwm)
{
	double		 t0 = now_ms();
	struct pty	*p = start(t, path);

	*first_ms = -1;
	*hwm = -1;
	if (p == NULL)
		return;
	*first_ms = now_ms() - t0;
	pty_wait(p, 300, never, NULL);
	*hwm = status_kib(pty_pid(p), "VmHWM:");
	pty_free(p);
}

/* Print one latency line. */
static void
report_latency(const char *what, const double *v, size_t n)
{
	if (n == 0) {
		printf("| %s | no samples | | | | |\n", what);
		return;
	}
	printf("| %s | %zu | %.2f | %.2f | %.2f | %.2f |\n", what, n,
	    quantile(v, n, 0.5), quantile(v, n, 0.9), quantile(v, n, 0.99),
	    v[n - 1]);
}

/* Run everything; print a Markdown report. */
int
main(int argc, char **argv)
{
	struct tool	 lh = { "livehex", { NULL }, "? for help", livehex_cell,
			    22 * 16 };
	struct tool	 watch = { "watch -n 0.1 xxd", { NULL }, "00000000:",
			    xxd_cell, 24 * 16 };
	struct tool	 hexedit = { "hexedit", { NULL }, "00000000", NULL, 0 };
	size_t		 n = argc > 2 ? (size_t)atoi(argv[2]) : 200, got;
	double		*v, first, storm, writes;
	long		 hwm;
	size_t		 one, idle3;
	char		 big[256];
	int		 fd;

	if (argc < 2) {
		fprintf(stderr, "usage: view LIVEHEX [samples]\n");
		return 2;
	}
	livehex = argv[1];
	lh.argv[0] = (char *)(uintptr_t)livehex;
	watch.argv[0] = (char *)(uintptr_t)"watch";
	watch.argv[1] = (char *)(uintptr_t)"-t";
	watch.argv[2] = (char *)(uintptr_t)"-n";
	watch.argv[3] = (char *)(uintptr_t)"0.1";
	watch.argv[4] = (char *)(uintptr_t)"xxd";
	hexedit.argv[0] = (char *)(uintptr_t)"hexedit";
	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		return 1;
	}
	v = calloc(n, sizeof *v);
	if (argc > 3 && strcmp(argv[3], "quiet") == 0) {
		printf("| what | writes | median | p90 | p99 | max |\n");
		printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
		got = latency(&lh, make_file("lat"), true, n / 10 + 1, 2500,
		    3500, v);
		report_latency("livehex, mmap store, idle 2.5-3.5 s before "
		    "each", v, got);
		unlink(make_file("lat"));
		rmdir(dir);
		free(v);
		return 0;
	}

	if (argc > 3 && strcmp(argv[3], "output") == 0) {
		/* The screen issue 12 names; the writer covers all of it. */
		rows = 40;
		lh.visible = 36 * 16;
		output_bytes(&lh, make_file("out"), &one, &storm, &idle3,
		    &writes);
		printf("| what | 3 s idle | 3 s after one changed byte | per "
		    "second, writer flat out | write(2) a second |\n"
		    "| --- | ---: | ---: | ---: | ---: |\n");
		printf("| livehex, 40x120 | %zu | %zu | %.0f | %.0f |\n", idle3,
		    one, storm, writes);
		unlink(make_file("out"));
		rmdir(dir);
		free(v);
		return 0;
	}

	printf("### Write-to-screen latency (ms), %zu writes, 24x120\n\n", n);
	printf("| what | writes | median | p90 | p99 | max |\n");
	printf("| --- | ---: | ---: | ---: | ---: | ---: |\n");
	got = steady(&lh, make_file("lat"), true, n, v);
	report_latency("livehex, steady writer, 4-8 byte tokens every "
	    "20-50 ms, mmap", v, got);
	got = steady(&lh, make_file("lat"), false, n, v);
	report_latency("livehex, steady writer, 4-8 byte tokens every "
	    "20-50 ms, pwrite", v, got);
	got = steady(&watch, make_file("lat"), true, n / 4 + 1, v);
	report_latency("watch -n 0.1 xxd, steady writer, mmap", v, got);
	got = latency(&lh, make_file("lat"), true, n, 20, 200, v);
	report_latency("livehex, mmap store, 20-200 ms apart", v, got);
	got = latency(&lh, make_file("lat"), false, n, 20, 200, v);
	report_latency("livehex, pwrite, 20-200 ms apart", v, got);
	got = latency(&lh, make_file("lat"), true, n / 10 + 1, 2500, 3500, v);
	report_latency("livehex, mmap store, idle 2.5-3.5 s before each",
	    v, got);
	got = latency(&watch, make_file("lat"), true, n / 2, 20, 200, v);
	report_latency("watch -n 0.1 xxd, mmap store", v, got);
	fflush(stdout);
	if (argc > 3 && strcmp(argv[3], "latency") == 0) {
		unlink(make_file("lat"));
		rmdir(dir);
		free(v);
		return 0;
	}

	printf("\n### Idle CPU over 10 s (%% of one core)\n\n");
	printf("| what | CPU |\n| --- | ---: |\n");
	printf("| livehex | %.2f %% |\n", idle_cpu(&lh, make_file("idle"), 10));
	printf("| watch -n 0.1 xxd | %.2f %% |\n",
	    idle_cpu(&watch, make_file("idle"), 10));
	fflush(stdout);

	printf("\n### Terminal output (bytes written to the pty)\n\n");
	printf("| what | 3 s idle | 3 s after one changed byte | per second, "
	    "writer flat out |\n| --- | ---: | ---: | ---: |\n");
	output_bytes(&lh, make_file("out"), &one, &storm, &idle3, &writes);
	printf("| livehex | %zu | %zu | %.0f |\n", idle3, one, storm);
	output_bytes(&watch, make_file("out"), &one, &storm, &idle3, &writes);
	printf("| watch -n 0.1 xxd | %zu | %zu | %.0f |\n", idle3, one, storm);
	fflush(stdout);

	snprintf(big, sizeof big, "%s/big", dir);
	fd = open(big, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd == -1 || ftruncate(fd, 8LL << 30) == -1 ||
	    pwrite(fd, "end", 3, (8LL << 30) - 3) != 3) {
		perror(big);
		return 1;
	}
	close(fd);
	printf("\n### Opening an 8 GiB sparse file\n\n");
	printf("| what | first frame | peak RSS |\n| --- | ---: | ---: |\n");
	open_big(&lh, big, &first, &hwm);
	printf("| livehex | %.1f ms | %.1f MiB |\n", first, hwm / 1024.0);
	if (access("/usr/bin/hexedit", X_OK) == 0) {
		open_big(&hexedit, big, &first, &hwm);
		printf("| hexedit | %.1f ms | %.1f MiB |\n", first,
		    hwm / 1024.0);
	}
	unlink(big);
	unlink(make_file("lat"));
	unlink(make_file("idle"));
	unlink(make_file("out"));
	rmdir(dir);
	free(v);
	return 0;
}
