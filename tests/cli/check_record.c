/* SPDX-License-Identifier: ISC */
/*
 * check_record.c - `livehex record` and FILE.lhrec@TIME, run as the real
 * binary.
 *
 * The main test is a writer and a recorder: the test starts `livehex
 * record` on a file, waits for its "recording" line on stderr (the image
 * is taken), then changes the file in steps (pwrite, a store through its
 * own mapping, growth, a shrink), keeping a copy of the file after each.
 * After each step it waits, reading the unfinished recording with the
 * library, until the recording holds the step (so no two steps are seen
 * as one).  SIGINT (or SIGTERM) then ends the recorder, which must exit
 * 0 with a complete recording and its summary line.  The time of each
 * state is found by stepping through the recording; `livehex dump
 * FILE.lhrec@T` at that time must print exactly what `livehex dump` of
 * the kept copy prints, and @0 the first copy.
 *
 * Then damage: every cut of a recording, and a flipped byte, make dump
 * exit 1 with the message (never a crash); a time past the end, a bad
 * time, an existing -o without --force and a missing -o are refused.
 *
 * Never sleep: every wait is poll(2) on the recorder's stderr, or a
 * re-read of the recording, with a deadline.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "record.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/* How long any one wait may take (a slow, busy machine). */
#define DEADLINE_MS	60000
/* The test file's first size. */
#define FSIZE		(64 * 1024)
/* Steps of the writer. */
#define STEPS		5

/* A running recorder. */
struct recorder {
	pid_t	 pid;
	int	 err;		/* its stderr, -1 after EOF */
	char	 ebuf[8192];	/* what it said, NUL-terminated */
	size_t	 elen;
};

/* Read what the recorder says until NEEDLE appears or EOF; false on
   the deadline. */
static bool
rec_wait_text(struct recorder *r, const char *needle)
{
	uint64_t	end = tu_now_ms() + DEADLINE_MS;
	struct pollfd	pfd;
	ssize_t		n;

	while (strstr(r->ebuf, needle) == NULL) {
		if (r->err == -1 || tu_now_ms() > end)
			return false;
		pfd.fd = r->err;
		pfd.events = POLLIN;
		if (poll(&pfd, 1, 100) <= 0)
			continue;
		n = read(r->err, r->ebuf + r->elen, sizeof r->ebuf - 1 -
		    r->elen);
		if (n <= 0) {
			close(r->err);
			r->err = -1;
			continue;
		}
		r->elen += (size_t)n;
		r->ebuf[r->elen] = '\0';
	}
	return true;
}

/* Start `livehex record SRC -o OUT EXTRA...` with stderr on a pipe. */
static void
rec_spawn(struct recorder *r, const char *src, const char *out,
    const char *extra)
{
	int	ep[2];
	pid_t	parent = getpid();

	memset(r, 0, sizeof *r);
	ck_assert_int_eq(pipe2(ep, O_CLOEXEC), 0);
	r->pid = fork();
	ck_assert_int_ne(r->pid, -1);
	if (r->pid == 0) {
		sigset_t	none;

		signal(SIGINT, SIG_DFL);
		signal(SIGTERM, SIG_DFL);
		sigemptyset(&none);
		sigprocmask(SIG_SETMASK, &none, NULL);
		prctl(PR_SET_PDEATHSIG, SIGKILL);
		if (getppid() != parent || dup2(ep[1], 2) == -1)
			_exit(126);
		execl(tu_livehex(), "livehex", "record", src, "-o", out,
		    extra, (char *)NULL);
		_exit(127);
	}
	close(ep[1]);
	r->err = ep[0];
}

/* Wait for the recorder to exit (reading its stderr); its status. */
static int
rec_reap(struct recorder *r)
{
	int	status;

	ck_assert_msg(!rec_wait_text(r, "\x01never"), "no EOF");
	ck_assert_int_eq(waitpid(r->pid, &status, 0), r->pid);
	return status;
}

/* The recording at OUT, stepped to its last readable change: a copy of
   its image (*size bytes), or NULL when it cannot be read yet. */
static uint8_t *
last_state(const char *out, uint64_t *size)
{
	struct record_reader	*rd = record_open(out, NULL);
	struct record_event	 ev;
	const uint8_t		*img;
	uint8_t			*copy;

	if (rd == NULL)
		return NULL;
	while (record_next(rd, &ev, NULL) == 1)
		continue;
	img = record_image(rd, size);
	copy = xmalloc(*size + 1);
	memcpy(copy, img, *size);
	record_close(rd);
	return copy;
}

/*
 * Wait until the recording's last state is WANT (LEN bytes): look, then
 * wait for the recorder to write to it (inotify) and look again.
 */
static void
wait_recorded(const char *out, const uint8_t *want, size_t len)
{
	uint64_t	 end = tu_now_ms() + DEADLINE_MS, size = 0, now;
	uint8_t		*got;
	char		 drain[4096];
	struct pollfd	 pfd;
	bool		 same = false;

	pfd.fd = inotify_init1(IN_CLOEXEC | IN_NONBLOCK);
	pfd.events = POLLIN;
	ck_assert_int_ne(pfd.fd, -1);
	ck_assert_int_ne(inotify_add_watch(pfd.fd, out, IN_MODIFY), -1);
	for (;;) {
		/* Drain first: a write after this is a wake-up. */
		while (read(pfd.fd, drain, sizeof drain) > 0)
			continue;
		got = last_state(out, &size);
		same = got != NULL && size == len && memcmp(got, want,
		    len) == 0;
		free(got);
		if (same)
			break;
		now = tu_now_ms();
		ck_assert_msg(now < end, "the recording never held the step "
		    "(size %llu, want %zu)", (unsigned long long)size, len);
		poll(&pfd, 1, (int)(end - now));
	}
	close(pfd.fd);
}

/*
 * Run livehex with the NULL-terminated ARGS: its stdout (malloc'd) and
 * stderr in *err; *status the wait status.
 */
static unsigned char *
run(const char *const *args, size_t *len, char **err, int *status)
{
	char		*argv[16];
	unsigned char	*out = NULL;
	int		 n = 0;

	argv[n++] = xstrdup(tu_livehex());
	for (; *args != NULL && n < 15; args++)
		argv[n++] = xstrdup(*args);
	argv[n] = NULL;
	*status = tu_run(argv, NULL, &out, len, err);
	while (n > 0)
		free(argv[--n]);
	return out;
}

/* `livehex dump SPEC`: its stdout (malloc'd), *status the wait status. */
static unsigned char *
dump(const char *spec, size_t *len, char **err, int *status)
{
	const char	*args[] = { "dump", spec, NULL };

	return run(args, len, err, status);
}

/* Assert that `dump SPEC` prints what `dump` of a file holding WANT does. */
static void
assert_dump_is(const char *spec, const uint8_t *want, size_t wlen)
{
	char		*copy = tu_file("copy", want, wlen), *err = NULL;
	unsigned char	*a, *b;
	size_t		 alen, blen;
	int		 st;

	a = dump(spec, &alen, &err, &st);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s: %s", spec,
	    err);
	free(err);
	b = dump(copy, &blen, &err, &st);
	free(err);
	ck_assert_uint_eq(alen, blen);
	ck_assert_msg(memcmp(a, b, alen) == 0, "%s differs", spec);
	free(a);
	free(b);
	unlink(copy);
	free(copy);
}

START_TEST(record_then_dump_at_each_time)
{
	char			*src = tu_pattern_file("src", FSIZE, 5),
				*out = tu_path("r.lhrec"), spec[4096];
	uint8_t			*kept[STEPS + 1], *p;
	size_t			 klen[STEPS + 1];
	uint64_t		 at[STEPS + 1], size;
	struct recorder		 r;
	struct record_reader	*rd;
	struct record_event	 ev;
	const uint8_t		*img;
	size_t			 len, k;
	int			 fd, st;

	kept[0] = tu_slurp(src, &klen[0]);
	rec_spawn(&r, src, out, _i ? "--force" : NULL);
	ck_assert_msg(rec_wait_text(&r, "livehex: recording"), "%s", r.ebuf);
	fd = open(src, O_RDWR);
	ck_assert_int_ne(fd, -1);
	for (int s = 1; s <= STEPS; s++) {
		switch (s) {
		case 1:		/* pwrite */
			ck_assert_int_eq(pwrite(fd, "HELLO", 5, 1000), 5);
			break;
		case 2:		/* a store through a mapping, two pages */
			p = mmap(NULL, FSIZE, PROT_READ | PROT_WRITE,
			    MAP_SHARED, fd, 0);
			ck_assert(p != MAP_FAILED);
			memset(p + 4090, 0xee, 20);
			p[FSIZE - 1] = 0x42;
			munmap(p, FSIZE);
			break;
		case 3:		/* growth with bytes in it */
			ck_assert_int_eq(ftruncate(fd, FSIZE + 10000), 0);
			ck_assert_int_eq(pwrite(fd, "TAIL", 4, FSIZE + 9000),
			    4);
			break;
		case 4:		/* a shrink */
			ck_assert_int_eq(ftruncate(fd, FSIZE / 2), 0);
			break;
		default:	/* one byte back as it was */
			ck_assert_int_eq(pwrite(fd, kept[0] + 1000, 1, 1000),
			    1);
			break;
		}
		kept[s] = tu_slurp(src, &klen[s]);
		wait_recorded(out, kept[s], klen[s]);
	}
	close(fd);
	ck_assert_int_eq(kill(r.pid, _i ? SIGTERM : SIGINT), 0);
	st = rec_reap(&r);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %d: %s",
	    st, r.ebuf);
	ck_assert_msg(strstr(r.ebuf, "livehex: recorded") != NULL &&
	    strstr(r.ebuf, "(stopped)") != NULL, "%s", r.ebuf);

	/* The time of each kept state, from the recording itself. */
	rd = record_open(out, NULL);
	ck_assert_ptr_nonnull(rd);
	ck_assert(record_complete(rd));
	at[0] = 0;
	k = 1;
	while (record_next(rd, &ev, NULL) == 1 && k <= STEPS) {
		img = record_image(rd, &size);
		if (size == klen[k] && memcmp(img, kept[k], size) == 0)
			at[k++] = ev.t_ms;
	}
	ck_assert_uint_eq(k, STEPS + 1);
	record_close(rd);
	for (k = 0; k <= STEPS; k++) {
		snprintf(spec, sizeof spec, "%s@%llu.%03llu", out,
		    (unsigned long long)(at[k] / 1000),
		    (unsigned long long)(at[k] % 1000));
		assert_dump_is(spec, kept[k], klen[k]);
	}
	/* Without @: the last state; @end too. */
	assert_dump_is(out, kept[STEPS], klen[STEPS]);
	snprintf(spec, sizeof spec, "%s@end", out);
	assert_dump_is(spec, kept[STEPS], klen[STEPS]);
	for (k = 0; k <= STEPS; k++)
		free(kept[k]);
	(void)len;
	free(src);
	free(out);
}
END_TEST

/*
 * Issue 14's "misses no change": a writer that stores through its own
 * mapping and waits until the recording holds each store before the next
 * (so none can hide another) finds every one of them in the recording,
 * in order: stores into pages all over the file, twice into one page,
 * and one that puts a byte back.
 */
START_TEST(every_store_waited_for_is_recorded)
{
	static const size_t	 offs[] = { 7, 40000, 4095, 4096, 65535,
				    20480, 20481, 7 };
	const size_t		 n = sizeof offs / sizeof offs[0];
	char			*src = tu_pattern_file("src", FSIZE, 9),
				*out = tu_path("m.lhrec");
	uint8_t			*kept[sizeof offs / sizeof offs[0] + 1], *p;
	size_t			 klen, k;
	uint64_t		 size;
	struct recorder		 r;
	struct record_reader	*rd;
	struct record_event	 ev;
	const uint8_t		*img;
	int			 fd, st;

	kept[0] = tu_slurp(src, &klen);
	rec_spawn(&r, src, out, NULL);
	ck_assert_msg(rec_wait_text(&r, "livehex: recording"), "%s", r.ebuf);
	fd = open(src, O_RDWR);
	ck_assert_int_ne(fd, -1);
	p = mmap(NULL, FSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ck_assert(p != MAP_FAILED);
	for (k = 1; k <= n; k++) {
		/* The last store puts the first one's byte back. */
		p[offs[k - 1]] = k < n ? (uint8_t)(p[offs[k - 1]] ^ (0x11 *
		    k)) : kept[0][offs[k - 1]];
		kept[k] = xmalloc(FSIZE);
		memcpy(kept[k], p, FSIZE);
		wait_recorded(out, kept[k], FSIZE);
	}
	munmap(p, FSIZE);
	close(fd);
	ck_assert_int_eq(kill(r.pid, SIGINT), 0);
	st = rec_reap(&r);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %d: %s",
	    st, r.ebuf);
	/* Stepping through the recording meets every state, in order. */
	rd = record_open(out, NULL);
	ck_assert_ptr_nonnull(rd);
	k = 1;
	while (k <= n && record_next(rd, &ev, NULL) == 1) {
		img = record_image(rd, &size);
		if (size == FSIZE && memcmp(img, kept[k], FSIZE) == 0)
			k++;
	}
	ck_assert_msg(k == n + 1, "state %zu of %zu never in the recording",
	    k, n);
	record_close(rd);
	for (k = 0; k <= n; k++)
		free(kept[k]);
	free(src);
	free(out);
}
END_TEST

/*
 * A store made just before Ctrl-C is in the recording: the recorder takes
 * one whole lap as it stops.  Without that lap the store is seen only if
 * a tick falls between the store and the signal (microseconds apart).
 */
START_TEST(a_store_just_before_ctrl_c_is_recorded)
{
	char			*src = tu_pattern_file("src", FSIZE, 3),
				*out = tu_path("stop.lhrec");
	uint8_t			*want, *got, *p;
	uint64_t		 size = 0;
	size_t			 len;
	struct recorder		 r;
	int			 fd, st;

	want = tu_slurp(src, &len);
	rec_spawn(&r, src, out, NULL);
	ck_assert_msg(rec_wait_text(&r, "livehex: recording"), "%s", r.ebuf);
	fd = open(src, O_RDWR);
	ck_assert_int_ne(fd, -1);
	p = mmap(NULL, FSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ck_assert(p != MAP_FAILED);
	/* Far from the first page, which a first slice would reach first. */
	p[FSIZE - 5] ^= 0x5a;
	want[FSIZE - 5] ^= 0x5a;
	ck_assert_int_eq(kill(r.pid, SIGINT), 0);
	st = rec_reap(&r);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status %d: %s",
	    st, r.ebuf);
	got = last_state(out, &size);
	ck_assert_ptr_nonnull(got);
	ck_assert_uint_eq(size, FSIZE);
	ck_assert_msg(got[FSIZE - 5] == want[FSIZE - 5], "the last store is "
	    "not in the recording");
	ck_assert(memcmp(got, want, FSIZE) == 0);
	munmap(p, FSIZE);
	close(fd);
	free(got);
	free(want);
	free(src);
	free(out);
}
END_TEST

/* Make a short finished recording of a changing file at OUT. */
static void
small_recording(const char *out)
{
	char		*src = tu_pattern_file("s", 8192, 9);
	struct recorder	 r;
	unsigned char	*kept;
	size_t		 len;
	int		 st, fd;

	rec_spawn(&r, src, out, "--duration=60");
	ck_assert_msg(rec_wait_text(&r, "livehex: recording"), "%s", r.ebuf);
	fd = open(src, O_WRONLY);
	ck_assert_int_eq(pwrite(fd, "abc", 3, 100), 3);
	close(fd);
	kept = tu_slurp(src, &len);
	wait_recorded(out, kept, len);
	free(kept);
	kill(r.pid, SIGINT);
	st = rec_reap(&r);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	free(src);
}

START_TEST(damage_is_a_message_never_a_crash)
{
	char		*out = tu_path("d.lhrec"), *cut = tu_path("cut.lhrec"),
			*err = NULL, *spec;
	unsigned char	*all, *o;
	size_t		 len, olen;
	FILE		*f;
	int		 st;

	small_recording(out);
	all = tu_slurp(out, &len);
	for (size_t l = 0; l < len; l += 1 + l / 16) {
		f = fopen(cut, "w");
		fwrite(all, 1, l, f);
		fclose(f);
		o = dump(cut, &olen, &err, &st);
		ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 1,
		    "cut at %zu: status %d", l, st);
		ck_assert_msg(strstr(err, "not a livehex recording") != NULL ||
		    strstr(err, "damaged") != NULL, "cut at %zu: %s", l, err);
		free(o);
		free(err);
	}
	/*
	 * A flipped byte in the last change (its block is the one before the
	 * 64-byte end block, its payload the 24 bytes of the "abc" record):
	 * the message, status 1.
	 */
	all[len - 64 - 10] ^= 0x01;
	f = fopen(cut, "w");
	fwrite(all, 1, len, f);
	fclose(f);
	o = dump(cut, &olen, &err, &st);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 1, "status %d", st);
	ck_assert_msg(strstr(err, "damaged at byte") != NULL &&
	    strstr(err, "readable up to") != NULL, "%s", err);
	free(o);
	free(err);
	/* Before the damage it reads. */
	spec = xasprintf("%s@0", cut);
	o = dump(spec, &olen, &err, &st);
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s", err);
	free(o);
	free(err);
	free(spec);
	free(all);
	free(out);
	free(cut);
}
END_TEST

START_TEST(bad_times_and_names)
{
	char		*out = tu_path("b.lhrec"), *err = NULL, *spec;
	unsigned char	*o;
	size_t		 olen;
	int		 st;

	small_recording(out);
	spec = xasprintf("%s@9999", out);
	o = dump(spec, &olen, &err, &st);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	ck_assert_msg(strstr(err, "the recording is ") != NULL &&
	    strstr(err, " s long") != NULL, "%s", err);
	free(o);
	free(err);
	free(spec);
	spec = xasprintf("%s@soon", out);
	o = dump(spec, &olen, &err, &st);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	ck_assert_msg(strstr(err, "soon is not a time") != NULL, "%s", err);
	free(o);
	free(err);
	free(spec);
	spec = tu_file("plain.lhrec", "not one", 7);
	o = dump(spec, &olen, &err, &st);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	ck_assert_msg(strstr(err, "not a livehex recording") != NULL, "%s",
	    err);
	free(o);
	free(err);
	free(spec);
	free(out);
}
END_TEST

START_TEST(refuses_what_it_should)
{
	char		*src = tu_pattern_file("q", 100, 1);
	char		*out = tu_file("exists.lhrec", "x", 1), *err = NULL;
	const char	*a1[] = { "record", src, "-o", out, NULL };
	const char	*a2[] = { "record", src, NULL };
	unsigned char	*o;
	size_t		 olen;
	int		 st;

	o = run(a1, &olen, &err, &st);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 1);
	ck_assert_msg(strstr(err, "--force") != NULL, "%s", err);
	free(o);
	free(err);
	/* Untouched. */
	o = tu_slurp(out, &olen);
	ck_assert_uint_eq(olen, 1);
	free(o);
	o = run(a2, &olen, &err, &st);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 2);
	ck_assert_msg(strstr(err, "no -o FILE") != NULL, "%s", err);
	free(o);
	free(err);
	free(src);
	free(out);
}
END_TEST

/*
 * A recording is held in a memfd: poke's refusal and peek's message name
 * it as typed (FILE.lhrec@T, escaped), never /proc/self/fd/N.
 */
START_TEST(messages_name_the_recording)
{
	char		*out = tu_path("m\x01.lhrec"), *err = NULL, *spec, *want;
	char		*shown = tu_path("m\\x01.lhrec");
	unsigned char	*o;
	size_t		 olen;
	int		 st;

	small_recording(out);
	spec = xasprintf("%s@0", out);
	{
		const char	*poke[] = { "poke", spec, "0", "05", NULL };

		o = run(poke, &olen, &err, &st);
	}
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 1, "status %d", st);
	want = xasprintf("livehex: %s@0: read-only: ", shown);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "%s", err);
	ck_assert_msg(strstr(err, "/proc/") == NULL, "%s", err);
	free(want);
	free(o);
	free(err);
	{
		const char	*peek[] = { "peek", spec, "8192", "u8", NULL };

		o = run(peek, &olen, &err, &st);
	}
	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == 1, "status %d", st);
	want = xasprintf("livehex: %s@0: 1 byte at offset 8192 ", shown);
	ck_assert_msg(strncmp(err, want, strlen(want)) == 0, "%s", err);
	free(want);
	free(o);
	free(err);
	free(spec);
	free(shown);
	free(out);
}
END_TEST

int
main(void)
{
	Suite	*s = suite_create("record");
	TCase	*tc = timeout_tcase("record", TIMEOUT_TOOL);
	SRunner	*sr;
	int	 failed;

	tcase_add_loop_test(tc, record_then_dump_at_each_time, 0, 2);
	tcase_add_test(tc, every_store_waited_for_is_recorded);
	tcase_add_test(tc, a_store_just_before_ctrl_c_is_recorded);
	tcase_add_test(tc, damage_is_a_message_never_a_crash);
	tcase_add_test(tc, bad_times_and_names);
	tcase_add_test(tc, refuses_what_it_should);
	tcase_add_test(tc, messages_name_the_recording);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
