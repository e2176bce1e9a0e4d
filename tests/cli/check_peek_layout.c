/* SPDX-License-Identifier: ISC */
/*
 * check_peek_layout.c - `livehex peek --layout` and `poke --layout`
 * with field paths, run as a user would.
 *
 * This test includes tests/data/ring.h itself: it fills a struct ring
 * the way a C program would, writes it to a file and checks that peek
 * prints those values; and after poke it reads the file back as a
 * struct ring and checks the members poke named, and that every other
 * byte is as it was.  The compiler that built the test is the oracle.
 * The header cases skip without libclang; the .layout cases always run.
 */
#include "config.h"

#include <check.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <fcntl.h>
#include <unistd.h>

#include "ring.h"
#include "testutil.h"
#include "timeout.h"
#include "xmalloc.h"

/* One finished run: status, stdout and stderr as C strings. */
struct run {
	int	 status;
	char	*out;
	char	*err;
};

/* Run livehex with the NULL-terminated arguments after it. */
static struct run
run_lh(const char *first, ...)
{
	char		*argv[32];
	struct run	 r;
	unsigned char	*out = NULL;
	size_t		 len = 0;
	va_list		 ap;
	int		 n = 0;

	argv[n++] = (char *)(uintptr_t)tu_livehex();
	argv[n++] = (char *)(uintptr_t)first;
	va_start(ap, first);
	while (n < 31 && (argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	r.err = NULL;
	r.status = tu_run(argv, NULL, &out, &len, &r.err);
	r.out = xasprintf("%.*s", (int)len, (const char *)out);
	free(out);
	return r;
}

/* Free R's strings. */
static void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Insist R exited with CODE. */
static void
expect_exit(const struct run *r, int code)
{
	ck_assert_msg(WIFEXITED(r->status) && WEXITSTATUS(r->status) == code,
	    "status 0x%x, want exit %d; stderr: %s", r->status, code, r->err);
}

/* A file holding a struct ring as a C program fills it (path, malloc'd). */
static char *
ring_file(struct ring *rg)
{
	memset(rg, 0, sizeof *rg);
	memcpy(rg->hdr.magic, "RING\0\0\0\0", 8);
	rg->hdr.version = 3;
	rg->hdr.owner_pid = -42;
	rg->head = 17;
	rg->tail = 0xdeadbeef;
	rg->last.d = 2.5;
	rg->hi = 999;
	rg->matrix[2][3] = -7;
	rg->slots[3].seq = 1234567;
	rg->slots[3].state = SLOT_BUSY;
	rg->slots[3].kind = 5;
	rg->slots[3].prio = -3;
	rg->slots[63].stamp = 0.125;
	rg->aligned = UINT64_C(0x0123456789abcdef);
	return tu_file("ring.bin", rg, sizeof *rg);
}

/* The spec for TYPE of ring.h (malloc'd). */
static char *
ring_spec(const char *type)
{
	char	*h = tu_data_path("ring.h"), *s = xasprintf("%s:%s", h, type);

	free(h);
	return s;
}

START_TEST(peek_prints_what_c_wrote)
{
	struct ring	 rg;
	char		*f = ring_file(&rg), *spec = ring_spec("struct ring");
	struct run	 r;

#ifndef HAVE_LIBCLANG
	return;
#endif
	r = run_lh("peek", "--layout", spec, f, "head", "tail", "hdr.magic",
	    "hdr.version", "hdr.owner_pid", "last.d", "ring.hi",
	    "matrix[2][3]", "slots[3].seq", "slots[3].state", "slots[3].kind",
	    "slots[3].prio", "slots[63].stamp", "aligned", "slots[2].state",
	    NULL);
	expect_exit(&r, 0);
	ck_assert_str_eq(r.out, "17\n3735928559\n\"RING\"\n3\n-42\n2.5\n999\n"
	    "-7\n1234567\nSLOT_BUSY\n5\n-3\n0.125\n81985529216486895\n"
	    "SLOT_EMPTY\n");
	run_free(&r);
	free(spec);
	free(f);
}
END_TEST

START_TEST(poke_stores_fields_and_nothing_else)
{
	struct ring	 rg, back;
	char		*f = ring_file(&rg), *spec = ring_spec("ring_t");
	unsigned char	*now;
	size_t		 len;
	struct run	 r;

#ifndef HAVE_LIBCLANG
	return;
#endif
	r = run_lh("poke", "--layout", spec, f, "head=0",
	    "slots[0].state=SLOT_READY", "slots[5].seq=0x10", "last.d=-1.5",
	    "hdr.owner_pid=77", NULL);
	expect_exit(&r, 0);
	/* One line per field: where, old -> new, how it was stored. */
	ck_assert_msg(strstr(r.out, "head at 0x") != NULL &&
	    strstr(r.out, ": 17 -> 0 (4 bytes, atomic)\n") != NULL, "%s",
	    r.out);
	ck_assert_ptr_nonnull(strstr(r.out, "slots[0].state at 0x"));
	ck_assert_ptr_nonnull(strstr(r.out, ": SLOT_EMPTY -> SLOT_READY (4 "
	    "bytes, atomic)\n"));
	ck_assert_ptr_nonnull(strstr(r.out, ": 2.5 -> -1.5 (8 bytes, "
	    "atomic)\n"));
	run_free(&r);
	now = tu_slurp(f, &len);
	ck_assert_uint_eq(len, sizeof back);
	memcpy(&back, now, sizeof back);
	free(now);
	ck_assert_uint_eq(back.head, 0);
	ck_assert_int_eq(back.slots[0].state, SLOT_READY);
	ck_assert_uint_eq(back.slots[5].seq, 0x10);
	ck_assert(back.last.d == -1.5);
	ck_assert_int_eq(back.hdr.owner_pid, 77);
	/* Everything else is exactly what it was. */
	back.head = rg.head;
	back.slots[0].state = rg.slots[0].state;
	back.slots[5].seq = rg.slots[5].seq;
	back.last.d = rg.last.d;
	back.hdr.owner_pid = rg.hdr.owner_pid;
	ck_assert_mem_eq(&back, &rg, sizeof rg);
	free(spec);
	free(f);
}
END_TEST

/* Run ARGS... and insist on exit CODE, stderr containing WANT, f same. */
static void
expect_refused(const char *f, const struct ring *rg, int code,
    const char *want, const char *first, ...)
{
	char		*argv[16];
	unsigned char	*out = NULL, *now;
	size_t		 len = 0;
	struct run	 r;
	va_list		 ap;
	int		 n = 0;

	argv[n++] = (char *)(uintptr_t)tu_livehex();
	argv[n++] = (char *)(uintptr_t)first;
	va_start(ap, first);
	while (n < 15 && (argv[n] = va_arg(ap, char *)) != NULL)
		n++;
	va_end(ap);
	argv[n] = NULL;
	r.status = tu_run(argv, NULL, &out, &len, &r.err);
	r.out = xasprintf("%.*s", (int)len, (const char *)out);
	free(out);
	expect_exit(&r, code);
	ck_assert_msg(strstr(r.err, want) != NULL, "stderr: %s\nwant: %s",
	    r.err, want);
	ck_assert_str_eq(r.out, "");
	run_free(&r);
	now = tu_slurp(f, &len);
	ck_assert_uint_eq(len, sizeof *rg);
	ck_assert_mem_eq(now, rg, sizeof *rg);
	free(now);
}

START_TEST(bad_input_changes_nothing)
{
	struct ring	 rg;
	char		*f = ring_file(&rg), *spec = ring_spec("struct ring");
	char		*flex = tu_data_path("flex.h"), *broken = tu_data_path("broken.h");
	char		*fs = xasprintf("%s:struct msg", flex);
	char		*bs = xasprintf("%s:struct broken", broken);
	char		*big = ring_spec("struct big");
	char		*none = ring_spec("struct nothere");

#ifndef HAVE_LIBCLANG
	return;
#endif
	expect_refused(f, &rg, 2, "\"SLOT_GONE\" is not a value of enum "
	    "slot_state (SLOT_EMPTY SLOT_READY SLOT_BUSY SLOT_DEAD, or a "
	    "number); nothing was written", "poke", "--layout", spec, f,
	    "head=1", "slots[0].state=SLOT_GONE", NULL);
	expect_refused(f, &rg, 2, "a bitfield shares its bytes", "poke",
	    "--layout", spec, f, "slots[0].kind=1", NULL);
	expect_refused(f, &rg, 2, "index 64 is past the end of \"slots\"",
	    "poke", "--layout", spec, f, "slots[64].seq=1", NULL);
	expect_refused(f, &rg, 2, "struct slot has no member \"sq\"", "peek",
	    "--layout", spec, f, "slots[1].sq", NULL);
	expect_refused(f, &rg, 2, "does not fit in u32le", "poke",
	    "--layout", spec, f, "head=4294967296", NULL);
	expect_refused(f, &rg, 2, "a value is PATH=VALUE", "poke", "--layout",
	    spec, f, "head", NULL);
	expect_refused(f, &rg, 2, "struct nothere is not defined", "peek",
	    "--layout", none, f, "x", NULL);
	expect_refused(f, &rg, 2, "flexible array member data[]", "peek",
	    "--layout", fs, f, "len", NULL);
	expect_refused(f, &rg, 2, "broken.h:4:2: error: unknown type name "
	    "'uint32_t'", "peek", "--layout", bs, f, "x", NULL);
	expect_refused(f, &rg, 2, "struct big is 3200008 bytes: at 0x0 it "
	    "runs past the end of the file", "peek", "--layout", big, f,
	    "count", NULL);
	expect_refused(f, &rg, 2, "--at places the --layout given before it",
	    "peek", "--at", "4", "--layout", spec, f, "head", NULL);
	expect_refused(f, &rg, 2, "runs past the end of the file", "peek",
	    "--layout", spec, "--at", "1", f, "head", NULL);
	free(spec);
	free(flex);
	free(broken);
	free(fs);
	free(bs);
	free(big);
	free(none);
	free(f);
}
END_TEST

START_TEST(layout_files_at_offsets)
{
	static const char	 text[] = "count 0 u32\nname 4 char[8]\n";
	static const uint8_t	 bytes[32] = {
		9, 0, 0, 0, 'a', 'b', 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
		0, 0, 0, 0, 5, 0, 0, 0, 'x', 'y', 'z', 0, 0, 0, 0, 0,
	};
	char		*lay = tu_file("two.layout", text, strlen(text));
	char		*f = tu_file("two.bin", bytes, sizeof bytes);
	struct run	 r;

	r = run_lh("peek", "--layout", lay, f, "count", "name", "name[1]",
	    NULL);
	expect_exit(&r, 0);
	ck_assert_str_eq(r.out, "9\n\"ab\"\n62\n");
	run_free(&r);
	/* The same layout again at 20: the second copy's fields by path. */
	r = run_lh("peek", "--layout", lay, "--at", "20", f, "count", "name",
	    NULL);
	expect_exit(&r, 0);
	ck_assert_str_eq(r.out, "5\n\"xyz\"\n");
	run_free(&r);
	r = run_lh("poke", "--layout", lay, "--at", "20", f, "count=6", NULL);
	expect_exit(&r, 0);
	ck_assert_str_eq(r.out, "count at 0x14: 5 -> 6 (4 bytes, atomic)\n");
	run_free(&r);
	r = run_lh("peek", f, "20", "u32", NULL);
	expect_exit(&r, 0);
	ck_assert_str_eq(r.out, "6\n");
	run_free(&r);
	free(lay);
	free(f);
}
END_TEST

/*
 * A child that maps F shared and waits until GO closes: pid:PID names it,
 * and its /proc/PID/exe is this test, whose debug info has struct ring.
 */
static pid_t
mapping_child(const char *f, int *go)
{
	int	ready[2], hold[2];
	pid_t	pid;
	char	c;

	ck_assert_int_eq(pipe(ready), 0);
	ck_assert_int_eq(pipe(hold), 0);
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		int	 fd = open(f, O_RDWR);
		void	*p = fd == -1 ? MAP_FAILED : mmap(NULL,
			    sizeof(struct ring), PROT_READ | PROT_WRITE,
			    MAP_SHARED, fd, 0);

		close(ready[0]);
		close(hold[1]);
		if (p == MAP_FAILED)
			_exit(1);
		if (write(ready[1], "r", 1) != 1)
			_exit(1);
		while (read(hold[0], &c, 1) > 0)
			;
		_exit(0);
	}
	close(ready[1]);
	close(hold[0]);
	/* Wait for the mapping to exist (no sleep: the child says so). */
	ck_assert_int_eq(read(ready[0], &c, 1), 1);
	close(ready[0]);
	*go = hold[1];
	return pid;
}

START_TEST(pid_sources_read_the_process_debug_info)
{
	struct ring	 rg;
	char		*f = ring_file(&rg), *src;
	struct run	 r;
	pid_t		 pid;
	int		 go, st;

#if !defined(HAVE_LIBDW)
	return;
#endif
	pid = mapping_child(f, &go);
	src = xasprintf("pid:%d", (int)pid);
	r = run_lh("peek", "--layout", "pid:struct ring", src, "head",
	    "slots[3].state", "hdr.owner_pid", NULL);
	if (WIFEXITED(r.status) && WEXITSTATUS(r.status) == 2 &&
	    strstr(r.err, "has no debug info") != NULL) {
		/* Built without -g: the message is the test. */
		ck_assert_ptr_nonnull(strstr(r.err, "build it with -g"));
	} else {
		expect_exit(&r, 0);
		ck_assert_str_eq(r.out, "17\nSLOT_BUSY\n-42\n");
	}
	run_free(&r);
	/* pid:TYPE needs a pid:PID source. */
	r = run_lh("peek", "--layout", "pid:struct ring", f, "head", NULL);
	expect_exit(&r, 2);
	ck_assert_ptr_nonnull(strstr(r.err, "needs a pid:PID source"));
	run_free(&r);
	close(go);
	ck_assert_int_eq(waitpid(pid, &st, 0), pid);
	ck_assert(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	free(src);
	free(f);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("peek_layout");
	TCase	*tc = timeout_tcase("peek_layout", TIMEOUT_TOOL);
	SRunner	*sr;
	int	 failed;

	tcase_add_test(tc, peek_prints_what_c_wrote);
	tcase_add_test(tc, poke_stores_fields_and_nothing_else);
	tcase_add_test(tc, bad_input_changes_nothing);
	tcase_add_test(tc, layout_files_at_offsets);
	tcase_add_test(tc, pid_sources_read_the_process_debug_info);
	suite_add_tcase(s, tc);
	sr = srunner_create(s);
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
