/* SPDX-License-Identifier: ISC */
/*
 * check_watch_layout.c - `livehex watch --layout SPEC`: change lines by
 * field path with old -> new values, full paths and enum names in
 * --until, --json field lines, and torn fields, run as the real binary
 * through pipes (watcher.h).
 *
 * The test is the writer: it waits for watch's ready line, checks that
 * nothing has come out, stores with pwrite (or, for torn, a child storing
 * through a shared mapping in a loop) and reads the next line with a
 * deadline.  Nothing is decided by timing beyond that deadline.
 */
#include "config.h"

#include <check.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "timeout.h"
#include "watcher.h"
#include "xmalloc.h"

/* A .layout with an enum, an array of records and a 16-byte field. */
static const char layout_text[] =
    "enum state u32 {\n\tEMPTY = 0\n\tREADY = 2\n}\n"
    "struct slot 8 {\n\tseq\tu32\n\tstate\tstate\n}\n"
    "head\t0\tu32le\n"
    "slots\t8\tslot[4]\n"
    "wide\t0x40\tu8[16]\n";

/* A zeroed test file (so enum fields start EMPTY) and its layout. */
static char *
setup(char **layout)
{
	char	*path = make_file("f", FSIZE);
	char	 zero[FSIZE];
	int	 fd = open_rw(path);
	FILE	*f;

	memset(zero, 0, sizeof zero);
	put(fd, 0, zero, sizeof zero);
	close(fd);
	*layout = xasprintf("%s.layout", path);
	f = fopen(*layout, "w");
	ck_assert(f != NULL);
	fputs(layout_text, f);
	ck_assert(fclose(f) == 0);
	return path;
}

/* A .layout file: paths and enum names, old -> new. */
START_TEST(paths_from_a_layout_file)
{
	struct watcher	 w;
	char		*layout, *path = setup(&layout), *args;
	int		 fd = open_rw(path);

	args = xasprintf("--layout %s @F", layout);
	w_start(&w, args, path);
	put(fd, 0x14, "\x02", 1);
	w_expect(&w, "0x00000014 slots[1].state: EMPTY -> READY");
	put(fd, 0x00, "\x05", 1);
	w_expect(&w, "0x00000000 head: 0 -> 5");
	/* One run over many fields: each is a line, then the cap. */
	put(fd, 0x08, "\x01\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00"
	    "\x03\x00\x00\x00\x01\x00\x00\x00\x02\x00\x00\x00\x01\x00\x00\x00"
	    "\x02\x00\x00\x00\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
	    "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01"
	    "\x01\x01\x01\x01", 60);
	w_expect(&w, "0x00000008 slots[0].seq: 0 -> 1");
	w_expect(&w, "0x0000000c slots[0].state: EMPTY -> READY");
	w_expect(&w, "0x00000010 slots[1].seq: 0 -> 1");
	w_expect(&w, "0x00000014 slots[1].state: READY -> 3");
	w_expect(&w, "0x00000018 slots[2].seq: 0 -> 1");
	w_expect(&w, "0x0000001c slots[2].state: EMPTY -> READY");
	w_expect(&w, "0x00000020 slots[3].seq: 0 -> 1");
	w_expect(&w, "0x00000024 slots[3].state: EMPTY -> READY");
	/* Padding in no field keeps its byte line; wide is the 9th field. */
	w_expect(&w, "0x00000028 +24 00 00 00 00 00 00 00 00 00 00 00 00 00 "
	    "00 00 00 ... -> 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 01 "
	    "...");
	w_expect(&w, "... and 1 more field");
	w_free(&w);
	free(args);
	close(fd);
	free(layout);
	free(path);
}
END_TEST

/*
 * Past 8 field lines in one run the rest is counted (plural), in the
 * text and in --json ("more" with "fields"): 12 one-byte fields, one
 * store over all of them.
 */
START_TEST(more_fields_are_counted)
{
	static const char text[] = "f0 0 u8\nf1 u8\nf2 u8\nf3 u8\nf4 u8\n"
	    "f5 u8\nf6 u8\nf7 u8\nf8 u8\nf9 u8\nf10 u8\nf11 u8\n";
	struct watcher	 w;
	char		*layout, *path = setup(&layout), *args, *line, want[64];
	int		 fd = open_rw(path);
	FILE		*f = fopen(layout, "w");

	ck_assert(f != NULL);
	fputs(text, f);
	ck_assert(fclose(f) == 0);
	args = xasprintf("--layout %s @F", layout);
	w_start(&w, args, path);
	put(fd, 0, "\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01\x01", 12);
	for (int i = 0; i < 8; i++) {
		snprintf(want, sizeof want, "0x%08x f%d: 0 -> 1", i, i);
		w_expect(&w, want);
	}
	w_expect(&w, "... and 4 more fields");
	w_free(&w);
	free(args);
	args = xasprintf("--json --layout %s @F", layout);
	w_start(&w, args, path);
	put(fd, 0, "\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02\x02", 12);
	for (int i = 0; i < 8; i++) {
		line = w_raw_line(&w);
		ck_assert_msg(strstr(line, "\"kind\":\"field\"") != NULL, "%s",
		    line);
		free(line);
	}
	line = w_raw_line(&w);
	ck_assert_msg(strstr(line, "\"kind\":\"more\"") != NULL &&
	    strstr(line, "\"fields\":4}") != NULL, "%s", line);
	free(line);
	w_free(&w);
	free(args);
	close(fd);
	free(layout);
	free(path);
}
END_TEST

/* A C header: the compiler's offsets, the enum's own names. */
START_TEST(paths_from_a_header)
{
	struct watcher	 w;
	char		*layout, *path, *args, *h;
	int		 fd;

#ifndef HAVE_LIBCLANG
	return;
#endif
	path = setup(&layout);
	h = tu_data_path("ring.h");
	fd = open_rw(path);
	args = xasprintf("--layout %s:ring_t @F", h);
	w_start(&w, args, path);
	put(fd, 0x6c, "\x02", 1);
	w_expect(&w, "0x0000006c ring_t.slots[1].state: SLOT_EMPTY -> "
	    "SLOT_READY");
	w_free(&w);
	free(args);
	free(h);
	close(fd);
	free(layout);
	free(path);
}
END_TEST

/* --until with a full path and an enum name: exit 0 on the store. */
START_TEST(until_path_and_enum_name)
{
	struct watcher	 w;
	char		*layout, *path = setup(&layout), *args;
	int		 fd = open_rw(path);

	args = xasprintf("--layout %s --pin slots[2].state "
	    "--until slots[2].state==READY @F", layout);
	w_spawn(&w, args, path);
	w_wait_ready(&w);
	w_expect(&w, "pin slots[2].state = 0");
	w_assert_quiet(&w);
	ck_assert(w_running(&w));
	put(fd, 0x1c, "\x02", 1);
	w_expect(&w, "pin slots[2].state = 2");
	w_assert_exit(&w, 0);
	w_free(&w);
	free(args);
	close(fd);
	free(layout);
	free(path);
}
END_TEST

/* An unknown enum name: exit 2, the message lists the names. */
START_TEST(unknown_enum_name_exits_2)
{
	struct watcher	 w;
	char		*layout, *path = setup(&layout), *args;

	args = xasprintf("--layout %s --until slots[2].state==READDY @F",
	    layout);
	w_spawn(&w, args, path);
	w_assert_exit(&w, 2);
	ck_assert_msg(strstr(w.ebuf, "\"READDY\" is not a value of state") !=
	    NULL && strstr(w.ebuf, "one of EMPTY, READY") != NULL,
	    "stderr: %s", w.ebuf);
	w_free(&w);
	free(args);
	free(layout);
	free(path);
}
END_TEST

/* Each --json line is an object that python's json module reads. */
START_TEST(json_field_lines)
{
	struct watcher	 w;
	char		*layout, *path = setup(&layout), *args;
	char		*line, *cmd;
	int		 fd = open_rw(path);
	FILE		*p;

	args = xasprintf("--json --layout %s @F", layout);
	w_start(&w, args, path);
	put(fd, 0x14, "\x02", 1);
	line = w_raw_line(&w);
	ck_assert_msg(strstr(line, "\"kind\":\"field\",\"offset\":20,"
	    "\"length\":4,\"path\":\"slots[1].state\",\"old\":\"EMPTY\","
	    "\"new\":\"READY\",\"torn\":false}") != NULL, "%s", line);
	/* The line as python3 reads it: json.loads must accept it. */
	cmd = xasprintf("python3 -c 'import json,sys; "
	    "d=json.loads(sys.stdin.read()); sys.exit(d[\"path\"] != "
	    "\"slots[1].state\")'");
	if (access("/usr/bin/python3", X_OK) == 0) {
		p = popen(cmd, "w");
		ck_assert(p != NULL);
		fputs(line, p);
		ck_assert_msg(pclose(p) == 0, "json.loads refused %s", line);
	}
	free(cmd);
	free(line);
	w_free(&w);
	free(args);
	close(fd);
	free(layout);
	free(path);
}
END_TEST

/* A writer storing 8 + 8 bytes into a 16-byte field: torn, at last. */
START_TEST(torn_wide_field)
{
	struct watcher	 w;
	char		*layout, *path = setup(&layout), *args;
	char		*line = NULL;
	int		 fd = open_rw(path);
	volatile uint64_t *p;
	void		*map;
	pid_t		 writer;
	uint64_t	 deadline;
	bool		 torn = false;

	args = xasprintf("--layout %s -s 0x40 -l 16 @F", layout);
	w_start(&w, args, path);
	map = mmap(NULL, FSIZE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	ck_assert(map != MAP_FAILED);
	p = map;
	writer = fork();
	ck_assert(writer != -1);
	if (writer == 0) {
		child_setup(getppid());
		for (uint64_t i = 1;; i++) {
			p[8] = i;	/* wide's first half, then ... */
			p[9] = i;	/* ... its second */
		}
	}
	deadline = tu_now_ms() + DEADLINE_MS;
	while (!torn && w_left(deadline) > 0) {
		free(line);
		line = w_line(&w);
		torn = strstr(line, "wide: ") != NULL &&
		    strstr(line, "(torn: read while being written)") != NULL;
	}
	kill(writer, SIGKILL);
	waitpid(writer, NULL, 0);
	ck_assert_msg(torn, "no torn line; last: %s", line);
	free(line);
	munmap(map, FSIZE);
	w_free(&w);
	free(args);
	close(fd);
	free(layout);
	free(path);
}
END_TEST

/* Run in fork mode (CK_ENV); the exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("watch --layout");

	tcase_add_test(w_tcase(s, "paths from a .layout"),
	    paths_from_a_layout_file);
	tcase_add_test(w_tcase(s, "paths from a header"), paths_from_a_header);
	tcase_add_test(w_tcase(s, "... and N more fields"),
	    more_fields_are_counted);
	tcase_add_test(w_tcase(s, "--until path == ENUM"),
	    until_path_and_enum_name);
	tcase_add_test(w_tcase(s, "unknown enum name exits 2"),
	    unknown_enum_name_exits_2);
	tcase_add_test(w_tcase(s, "--json field lines"), json_field_lines);
	tcase_add_test(w_tcase(s, "torn"), torn_wide_field);
	return tu_run_suite(s);
}
