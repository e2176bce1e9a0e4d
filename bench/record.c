/* SPDX-License-Identifier: ISC */
/*
 * bench/record.c - what `livehex record` costs, what it misses, and how
 * fast a recording seeks (issue 14's numbers).
 *
 *	bench/record LIVEHEX [SECONDS]
 *	bench/record --seek-only [counters] [--keep FILE.lhrec]
 *	bench/record --seek-in FILE.lhrec
 *
 * Part 1, live: a 64 MiB file on $TMPDIR (a tmpfs is best) starting as
 * zeros, and a writer (this process) that every millisecond stores 16
 * runs of 64 bytes at random 64-byte slots through its own MAP_SHARED
 * mapping: 1 MiB/s spread over the file.  Each run is its sequence number
 * (8 bytes) and 56 random bytes, and the writer logs it.  `livehex record`
 * records for SECONDS (default 20).  Then:
 *  - recorder CPU: its user + system time (getrusage of the child) over
 *    the wall time, and the same without what it spent before it said
 *    "recording" (the first lap of hashes and the initial image, a cost
 *    paid once: /proc/PID/stat at that moment);
 *  - missed: runs whose bytes never appear whole in the recording
 *    (stepping through every change, each slot it touches is compared
 *    with the log); runs overwritten by a later run before the recorder
 *    looked are counted apart (nobody could have seen them at 1 kHz
 *    either unless they lived a millisecond);
 *  - size: the recording against the changed bytes compressed with zstd
 *    (level 3) in the order they were written.
 *
 * Part 2, seek: a 10-minute recording of the same kind of writer (1 MiB/s
 * over 64 MiB) synthesised with the writer API in a few seconds, then
 * open (index) and 30 seeks to random times, alternately far back and
 * forward, then a seek to the last millisecond before each keyframe (the
 * costliest times: a seek there applies every delta since the keyframe
 * before); the worst and the median are printed, in wall time and in
 * this process's CPU time (which a loaded machine inflates less).
 * --keep leaves the recording there; --seek-in seeks in one already made
 * (any recording: part 2 without the minutes of making one).  The
 * environment's LIVEHEX_BENCH_CPU is the recorder's --cpu (default 5).
 *
 * Timings here never decide a test: figures go to docs/performance.md.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <zstd.h>

#include "record.h"

#define FSIZE	(64u * 1024 * 1024)
#define RUN	64
#define PER_MS	16

/* One run the writer stored. */
struct run {
	uint64_t	slot;
	uint8_t		bytes[RUN];
};

/* Monotonic milliseconds, as a double. */
static double
now_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/*
 * This process's CPU time, ms: on a machine shared with other work a
 * seek's wall time says more about the load than about the seek.
 */
static double
cpu_ms(void)
{
	struct timespec	ts;

	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/*
 * The CPU time PID has used so far, ms (user + system, /proc/PID/stat:
 * clock ticks): what the recorder spent before it said "recording".
 */
static double
proc_cpu_ms(pid_t pid)
{
	char		 path[64], buf[1024], *p;
	unsigned long	 ut = 0, st = 0;
	FILE		*f;

	snprintf(path, sizeof path, "/proc/%d/stat", (int)pid);
	f = fopen(path, "r");
	if (f == NULL)
		return 0;
	if (fgets(buf, sizeof buf, f) == NULL)
		buf[0] = '\0';
	fclose(f);
	/* Fields after the command's closing parenthesis: 14 and 15. */
	p = strrchr(buf, ')');
	if (p == NULL || sscanf(p + 2, "%*c %*d %*d %*d %*d %*d %*u %*u %*u "
	    "%*u %*u %lu %lu", &ut, &st) != 2)
		return 0;
	return (double)(ut + st) * 1e3 / (double)sysconf(_SC_CLK_TCK);
}

/* A 64-bit xorshift. */
static uint64_t
rnd(void)
{
	static uint64_t	x = 0x9e3779b97f4a7c15ull;

	x ^= x << 13;
	x ^= x >> 7;
	x ^= x << 17;
	return x;
}

/* Fill run R number SEQ: its number, then random bytes. */
static void
make_run(struct run *r, uint64_t seq, bool random_bytes)
{
	r->slot = rnd() % (FSIZE / RUN);
	memcpy(r->bytes, &seq, 8);
	for (int i = 8; i < RUN; i += 8) {
		uint64_t	v = random_bytes ? rnd() : seq * 0x0101;

		memcpy(r->bytes + i, &v, 8);
	}
}

/* Part 1: record a live writer; print the figures. */
static int
live(const char *livehex, int seconds)
{
	const char	*tmp = getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp";
	char		 path[4096], out[4200], *cause = NULL;
	struct run	*log;
	size_t		 nlog = 0, cap = (size_t)seconds * 1000 * PER_MS + 4096;
	uint8_t		*map, *seen, *cat;
	uint64_t	*last, missed = 0, overwritten = 0, zlen;
	struct rusage	 ru;
	struct stat	 st;
	struct record_reader *r;
	struct record_event ev;
	const uint8_t	*img;
	uint64_t	 isize;
	double		 t0, t_rec, cpu, start_cpu;
	struct timespec	 tick;
	char		 said[4096] = "";
	size_t		 nsaid = 0;
	ssize_t		 n;
	pid_t		 pid;
	int		 fd, status, ep[2];

	snprintf(path, sizeof path, "%s/livehex-bench-record.%d", tmp,
	    (int)getpid());
	snprintf(out, sizeof out, "%s.lhrec", path);
	fd = open(path, O_RDWR | O_CREAT | O_EXCL, 0600);
	if (fd == -1 || ftruncate(fd, FSIZE) == -1) {
		perror(path);
		return 1;
	}
	map = mmap(NULL, FSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	if (map == MAP_FAILED) {
		perror("mmap");
		return 1;
	}
	/* Touch every page: the recorder hashes resident pages. */
	for (size_t i = 0; i < FSIZE; i += 4096)
		map[i] = 0;
	log = calloc(cap, sizeof *log);
	if (pipe(ep) == -1)
		return 1;
	pid = fork();
	if (pid == 0) {
		char	d[32];

		snprintf(d, sizeof d, "%d", seconds);
		dup2(ep[1], 2);
		close(ep[0]);
		/* LIVEHEX_BENCH_CPU: the recorder's --cpu (its default: 5). */
		execl(livehex, "livehex", "record", path, "-o", out,
		    "--duration", d, "--cpu", getenv("LIVEHEX_BENCH_CPU") ?
		    getenv("LIVEHEX_BENCH_CPU") : "5", (char *)NULL);
		_exit(127);
	}
	close(ep[1]);
	/* Start once the recorder has its image ("livehex: recording"). */
	while (strstr(said, "livehex: recording") == NULL &&
	    (n = read(ep[0], said + nsaid, sizeof said - 1 - nsaid)) > 0) {
		nsaid += (size_t)n;
		said[nsaid] = '\0';
	}
	t0 = now_ms();
	start_cpu = proc_cpu_ms(pid);
	clock_gettime(CLOCK_MONOTONIC, &tick);
	for (int ms = 0; now_ms() - t0 < (seconds - 2) * 1000.0; ms++) {
		/* A benchmark may sleep: one batch per millisecond. */
		tick.tv_nsec += 1000000;
		if (tick.tv_nsec >= 1000000000) {
			tick.tv_sec++;
			tick.tv_nsec -= 1000000000;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &tick, NULL);
		for (int k = 0; k < PER_MS && nlog < cap; k++, nlog++) {
			make_run(&log[nlog], nlog, true);
			memcpy(map + log[nlog].slot * RUN, log[nlog].bytes,
			    RUN);
		}
	}
	/* Let it finish (stderr to EOF: its summary). */
	while ((n = read(ep[0], said + nsaid, sizeof said - 1 - nsaid)) > 0)
		nsaid += (size_t)n;
	said[nsaid] = '\0';
	close(ep[0]);
	waitpid(pid, &status, 0);
	t_rec = now_ms() - t0;
	getrusage(RUSAGE_CHILDREN, &ru);
	cpu = (double)ru.ru_utime.tv_sec * 1e3 + ru.ru_utime.tv_usec / 1e3 +
	    (double)ru.ru_stime.tv_sec * 1e3 + ru.ru_stime.tv_usec / 1e3;

	/* Which runs were ever whole in the recording. */
	seen = calloc(nlog, 1);
	last = calloc(FSIZE / RUN, sizeof *last);
	for (size_t i = 0; i < nlog; i++)
		last[log[i].slot] = i + 1;
	r = record_open(out, &cause);
	if (r == NULL) {
		fprintf(stderr, "%s: %s\n", out, cause);
		return 1;
	}
	while (record_next(r, &ev, NULL) == 1) {
		if (ev.kind != RECORD_EV_BYTES)
			continue;
		img = record_image(r, &isize);
		for (uint64_t s = ev.off / RUN; s * RUN < ev.off + ev.len;
		    s++) {
			uint64_t	seq;

			memcpy(&seq, img + s * RUN, 8);
			if (seq < nlog && log[seq].slot == s &&
			    memcmp(img + s * RUN, log[seq].bytes, RUN) == 0)
				seen[seq] = 1;
		}
	}
	record_close(r);
	for (size_t i = 0; i < nlog; i++) {
		if (seen[i])
			continue;
		if (last[log[i].slot] != i + 1)
			overwritten++;
		else
			missed++;
	}
	/* The changed bytes, compressed in the order they came. */
	cat = malloc(nlog * RUN);
	for (size_t i = 0; i < nlog; i++)
		memcpy(cat + i * RUN, log[i].bytes, RUN);
	{
		size_t	 bound = ZSTD_compressBound(nlog * RUN);
		void	*z = malloc(bound);

		zlen = ZSTD_compress(z, bound, cat, nlog * RUN, 3);
		free(z);
	}
	stat(out, &st);
	printf("writer: %zu runs of %d B in %d s (%.2f MiB/s) over %u MiB\n",
	    nlog, RUN, seconds - 2, (double)nlog * RUN / (seconds - 2) /
	    1048576, FSIZE >> 20);
	printf("recorder CPU: %.1f %% of a core (%.0f ms over %d s); "
	    "recording alone (after the %.0f ms of the first lap and "
	    "image, over the %.1f s from then to its exit): %.1f %%\n",
	    cpu / (seconds * 1e3) * 100, cpu, seconds, start_cpu,
	    t_rec / 1e3, (cpu - start_cpu) / t_rec * 100);
	printf("missed: %" PRIu64 " runs never seen whole (%.3f %%); %"
	    PRIu64 " overwritten by a later run before a look\n", missed,
	    100.0 * (double)missed / (double)nlog, overwritten);
	printf("size: recording %.1f MiB, changed bytes %.1f MiB raw, %.1f "
	    "MiB zstd-3: %.2fx the compressed changes\n",
	    st.st_size / 1048576.0, nlog * RUN / 1048576.0, zlen / 1048576.0,
	    (double)st.st_size / (double)zlen);
	fputs(said, stdout);
	munmap(map, FSIZE);
	close(fd);
	unlink(path);
	unlink(out);
	free(log);
	free(seen);
	free(last);
	free(cat);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? 0 : 1;
}

/* Compare doubles for qsort. */
static int
cmp_double(const void *a, const void *b)
{
	double	x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Feed LEN bytes at P to the stream ZC (END: finish it); the compressed
 * bytes it gave out, which are counted and thrown away.
 */
static uint64_t
zcount(ZSTD_CCtx *zc, const void *p, size_t len, bool end)
{
	static uint8_t	 buf[1 << 16];
	ZSTD_inBuffer	 in = { p, len, 0 };
	uint64_t	 n = 0;
	size_t		 left;

	do {
		ZSTD_outBuffer	o = { buf, sizeof buf, 0 };

		left = ZSTD_compressStream2(zc, &o, &in, end ? ZSTD_e_end :
		    ZSTD_e_continue);
		if (ZSTD_isError(left))
			return n;
		n += o.pos;
	} while (end ? left != 0 : in.pos < in.size);
	return n;
}

/*
 * Time N seeks of R to TARGETS[i], each from where the last left it; put
 * the median and the worst wall and CPU times in MED, WORST (ms).  -1 on
 * a failed seek.
 */
static int
time_seeks(struct record_reader *r, const uint64_t *targets, size_t n,
    double med[2], double worst[2])
{
	double	*dt = calloc(n, sizeof *dt), *ct = calloc(n, sizeof *ct);
	double	 t, c;
	char	*cause = NULL;

	for (size_t i = 0; i < n; i++) {
		t = now_ms();
		c = cpu_ms();
		if (record_seek(r, targets[i], &cause) == -1) {
			fprintf(stderr, "seek: %s\n", cause);
			return -1;
		}
		dt[i] = now_ms() - t;
		ct[i] = cpu_ms() - c;
	}
	qsort(dt, n, sizeof dt[0], cmp_double);
	qsort(ct, n, sizeof ct[0], cmp_double);
	med[0] = dt[n / 2];
	med[1] = ct[n / 2];
	worst[0] = dt[n - 1];
	worst[1] = ct[n - 1];
	free(dt);
	free(ct);
	return 0;
}

/*
 * Open the recording PATH and seek in it: 30 seeks to random times,
 * alternately far back and forward, then a seek to the last millisecond
 * before each keyframe from the start of the recording (the costliest
 * times: the whole run of deltas since the keyframe before).  Print both.
 */
static int
seeks(const char *path)
{
	struct record_reader	*r;
	char			*cause = NULL;
	uint64_t		 targets[30], *before, end;
	double			 t, open_ms, med[2], worst[2];
	size_t			 nk, n = 0;

	t = now_ms();
	r = record_open(path, &cause);
	open_ms = now_ms() - t;
	if (r == NULL) {
		fprintf(stderr, "%s: %s\n", path, cause);
		return 1;
	}
	end = record_end(r);
	for (int i = 0; i < 30; i++)
		/* Far back, then forward: never the cheap direction only. */
		targets[i] = i % 2 ? rnd() % (end / 2 + 1) :
		    end / 2 + rnd() % (end / 2 + 1);
	if (time_seeks(r, targets, 30, med, worst) == -1)
		return 1;
	printf("seek: open %.1f ms; 30 seeks to random times: median %.1f "
	    "ms, worst %.1f ms (CPU time: median %.1f ms, worst %.1f ms)\n",
	    open_ms, med[0], worst[0], med[1], worst[1]);
	nk = record_keys(r);
	before = calloc(2 * nk + 1, sizeof *before);
	/* 0 first each time, so that every seek starts from a keyframe. */
	for (size_t k = 1; k < nk; k++) {
		before[n++] = 0;
		before[n++] = record_key_time(r, k) - 1;
	}
	if (n > 0) {
		double	*ws = calloc(nk, sizeof *ws), *wc = calloc(nk,
			    sizeof *wc);
		size_t	 m = 0;

		/* Time the seeks before keyframes alone, not those to 0. */
		for (size_t i = 0; i < n; i += 2) {
			if (record_seek(r, 0, &cause) == -1 ||
			    time_seeks(r, before + i + 1, 1, med, worst) == -1)
				return 1;
			ws[m] = worst[0];
			wc[m++] = worst[1];
		}
		qsort(ws, m, sizeof ws[0], cmp_double);
		qsort(wc, m, sizeof wc[0], cmp_double);
		printf("seek: to 1 ms before each of the %zu keyframes after "
		    "the first (the costliest times): median %.1f ms, worst "
		    "%.1f ms (CPU time: median %.1f ms, worst %.1f ms)\n", m,
		    ws[m / 2], ws[m - 1], wc[m / 2], wc[m - 1]);
		free(ws);
		free(wc);
	}
	free(before);
	record_close(r);
	return 0;
}

/*
 * Part 2: a synthetic 10-minute recording, then seeks.  RANDOM_RUNS: the
 * runs hold random bytes, as the live writer's do (the workload;
 * they do not compress); else counters (they compress about 9x).  KEEP:
 * where to leave the recording (for --seek-in), or NULL to remove it.
 */
static int
seek(bool random_runs, const char *keep)
{
	const char		*tmp = getenv("TMPDIR") ? getenv("TMPDIR") :
				    "/tmp";
	char			 out[4096], *cause = NULL;
	struct record_writer	*w;
	struct run		 run;
	struct stat		 st;
	uint8_t			*img = calloc(FSIZE, 1);
	double			 t;
	uint64_t		 seq = 0, zlen = 0;
	ZSTD_CCtx		*zc = ZSTD_createCCtx();
	int			 rc;

	ZSTD_CCtx_setParameter(zc, ZSTD_c_compressionLevel, 3);
	if (keep != NULL)
		snprintf(out, sizeof out, "%s", keep);
	else
		snprintf(out, sizeof out, "%s/livehex-bench-seek.%d.lhrec",
		    tmp, (int)getpid());
	t = now_ms();
	w = record_create(out, RECORD_FORCE, "bench", 0, img, FSIZE, NULL,
	    &cause);
	if (w == NULL) {
		fprintf(stderr, "%s: %s\n", out, cause);
		return 1;
	}
	for (uint64_t ms = 1; ms <= 600000; ms++) {
		for (int k = 0; k < PER_MS; k++) {
			make_run(&run, seq++, random_runs);
			record_change(w, ms, run.slot * RUN, run.bytes, RUN,
			    NULL);
			zlen += zcount(zc, run.bytes, RUN, false);
		}
		record_tick(w, ms, NULL);
	}
	zlen += zcount(zc, NULL, 0, true);
	ZSTD_freeCCtx(zc);
	record_finish(w, 600000, NULL, NULL);
	stat(out, &st);
	printf("synthetic: 10 min, %.0f MiB of changes (%s) over "
	    "%u MiB, recording %.1f MiB, made in %.1f s; the changed bytes "
	    "with zstd -3: %.1f MiB, the recording %.2fx that\n",
	    (double)seq * RUN / 1048576, random_runs ? "random" : "counters",
	    FSIZE >> 20, st.st_size / 1048576.0,
	    (now_ms() - t) / 1e3, zlen / 1048576.0,
	    (double)st.st_size / (double)zlen);
	rc = seeks(out);
	if (keep == NULL)
		unlink(out);
	free(img);
	return rc;
}

int
main(int argc, char **argv)
{
	int		 seconds = argc > 2 ? atoi(argv[2]) : 20;
	bool		 counters = false;
	const char	*keep = NULL;

	if (argc == 3 && strcmp(argv[1], "--seek-in") == 0)
		return seeks(argv[2]);
	if (argc > 1 && strcmp(argv[1], "--seek-only") == 0) {
		seconds = 20;
		for (int i = 2; i < argc; i++) {
			if (strcmp(argv[i], "counters") == 0)
				counters = true;
			else if (strcmp(argv[i], "--keep") == 0 &&
			    i + 1 < argc)
				keep = argv[++i];
			else
				seconds = 0;
		}
		if (seconds != 0)
			/* Part 2 alone: for profiling the reader. */
			return seek(!counters, keep);
	}
	if (argc < 2 || seconds < 5) {
		fprintf(stderr, "usage: bench/record LIVEHEX [SECONDS >= 5] | "
		    "--seek-only [counters] [--keep FILE.lhrec] | "
		    "--seek-in FILE.lhrec\n");
		return 2;
	}
	if (live(argv[1], seconds) != 0)
		return 1;
	return seek(true, NULL);
}
