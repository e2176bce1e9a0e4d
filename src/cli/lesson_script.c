/* SPDX-License-Identifier: ISC */
/*
 * lesson_script.c - the lessons of `livehex demo --lesson NAME`, as data.
 *
 * Each lesson is a list of steps: the caption (what to watch for, at most
 * three lines at 80 columns so a step fits the panel of a 24-row terminal),
 * the C and the Python (mmap module) the second process runs, and the
 * action (lessons.h) that makes it happen when the step is reached.  The
 * C and Python lines are what lesson_child.c really does, minus error
 * checks.  Texts are ASCII: the lessons run in the C locale.
 */
#include "config.h"

#include <string.h>

#include "lessons.h"

#define NSTEPS(a)	(sizeof (a) / sizeof (a)[0])

/* ---- create ----------------------------------------------------------- */

static const struct caption_step create_steps[] = {
	{ "The file is empty: mmap of 0 bytes gives nothing to share, and a "
	  "mapping past the end of a file faults (SIGBUS). Give the file its "
	  "size first. n: three ways.",
	  "int fd = open(path, O_RDWR | O_CREAT, 0600);",
	  "f = open(path, 'a+b')" },
	{ "1. Seek to the last byte and write one: the size is right, but "
	  "only the written block takes disk space; the rest is a hole that "
	  "reads as zeros.",
	  "lseek(fd, 4095, SEEK_SET); write(fd, \"\", 1);",
	  "f.seek(4095); f.write(b'\\0'); f.flush()" },
	{ "2. ftruncate grows the file to 8192 in one call and allocates "
	  "nothing: the new part is all hole (st_blocks does not move).",
	  "ftruncate(fd, 8192);",
	  "os.ftruncate(f.fileno(), 8192)" },
	{ "3. fallocate reserves the blocks now (12288 bytes), so a store "
	  "through the mapping cannot fail later for want of disk space.",
	  "fallocate(fd, 0, 8192, 4096);",
	  "os.posix_fallocate(f.fileno(), 8192, 4096)" },
	{ "4. Now the size is known: map all of it and store. The page "
	  "stored into gets its block; livehex shows the word at 0x1000.",
	  "char *p = mmap(0, 12288, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0);\n"
	  "memcpy(p + 0x1000, \"mapped!\", 7);",
	  "m = mmap.mmap(f.fileno(), 12288)\nm[0x1000:0x1007] = b'mapped!'" },
};
static const enum lesson_act create_acts[] = {
	LESSON_NOTHING, LESSON_SEEK_WRITE, LESSON_FTRUNCATE, LESSON_FALLOCATE,
	LESSON_MAP_STORE,
};

/* ---- share ------------------------------------------------------------ */

static const struct caption_step share_steps[] = {
	{ "Two processes, one file: this viewer maps it, and a second process "
	  "(livehex, in the background) maps the same file MAP_SHARED. Both "
	  "see the same page cache pages. n: process 2 stores.",
	  "int fd = open(path, O_RDWR);\n"
	  "char *p = mmap(0, 4096, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0);",
	  "f = open(path, 'r+b')\nm = mmap.mmap(f.fileno(), 4096)" },
	{ "Process 2 stored a greeting at 0x00: it appears here at once, "
	  "highlighted, then fades. No write(2), no message: only the shared "
	  "page. n: now you store, process 2 reads.",
	  "memcpy(p, \"hello from process 2\", 20);",
	  "m[0:20] = b'hello from process 2'" },
	{ "Process 2 reads byte 0x40 in a loop and reports each new value "
	  "below. Type :0x40 Enter, then R, two hex digits, Esc: your store "
	  "is read back by process 2.",
	  "unsigned char last = p[0x40];\n"
	  "for (;;) if (p[0x40] != last) printf(\"%02x\\n\", last = p[0x40]);",
	  "last = m[0x40]\nwhile True:\n    if m[0x40] != last: last = m[0x40]; "
	  "print(hex(last))" },
};
static const enum lesson_act share_acts[] = {
	LESSON_NOTHING, LESSON_HELLO, LESSON_WATCH,
};

/* ---- ab-vs-wb --------------------------------------------------------- */

static const struct caption_step abwb_steps[] = {
	{ "Process 1 maps the file and counts at 0x00 every 100 ms; the data "
	  "at 0x10 is precious. Now process 2 opens the same file to add to "
	  "it. n: with \"ab+\".",
	  "/* process 1 */\nfor (;;) { (*(uint32_t *)p)++; usleep(100000); }",
	  "while True: m[0:4] = (int.from_bytes(m[0:4], 'little') + 1)"
	  ".to_bytes(4, 'little')" },
	{ "\"ab+\" opens for reading and appending: nothing happens to the "
	  "data, the counter goes on. n: the classic mistake, \"wb+\".",
	  "FILE *f = fopen(path, \"ab+\"); fclose(f);",
	  "open(path, 'ab+').close()" },
	{ "\"wb+\" truncates the file to 0 bytes under everyone: livehex says "
	  "it shrank, the data is gone, and process 1's next store is past "
	  "the end of the file: SIGBUS kills it.",
	  "FILE *f = fopen(path, \"wb+\"); fclose(f);   /* O_TRUNC */",
	  "open(path, 'wb+').close()   # truncates!" },
	{ "Open a file that others map with \"ab+\" or \"r+b\" (O_RDWR), "
	  "never \"w\": and a writer that must survive a shrinking file "
	  "checks the size or catches SIGBUS, as livehex does.",
	  "int fd = open(path, O_RDWR);   /* no O_TRUNC */",
	  "f = open(path, 'r+b')" },
};
static const enum lesson_act abwb_acts[] = {
	LESSON_WRITER, LESSON_OPEN_AB, LESSON_OPEN_WB, LESSON_NOTHING,
};

/* ---- private ---------------------------------------------------------- */

static const struct caption_step private_steps[] = {
	{ "MAP_SHARED or MAP_PRIVATE: both read the file, but a store to a "
	  "private mapping copies the page first (copy-on-write) and goes to "
	  "that copy only. n: a private store.",
	  "/* flags: MAP_SHARED or MAP_PRIVATE */",
	  "# access=mmap.ACCESS_WRITE or ACCESS_COPY" },
	{ "Process 2 stored a token at 0x00 through MAP_PRIVATE: it reads it "
	  "back (below), but the file and this view never see it. n: the "
	  "same through MAP_SHARED.",
	  "char *p = mmap(0, 4096, PROT_READ|PROT_WRITE, MAP_PRIVATE, fd, 0);\n"
	  "memcpy(p, \"PRIVATE-TOKEN\", 13);",
	  "m = mmap.mmap(f.fileno(), 4096, access=mmap.ACCESS_COPY)\n"
	  "m[0:13] = b'PRIVATE-TOKEN'" },
	{ "Through MAP_SHARED the token at 0x40 is in the file at once, and "
	  "here; 0x00 is still zeros. Private mappings are for a process's "
	  "own scratch copy.",
	  "char *q = mmap(0, 4096, PROT_READ|PROT_WRITE, MAP_SHARED, fd, 0);\n"
	  "memcpy(q + 0x40, \"SHARED-TOKEN\", 12);",
	  "m = mmap.mmap(f.fileno(), 4096)\nm[0x40:0x4c] = b'SHARED-TOKEN'" },
};
static const enum lesson_act private_acts[] = {
	LESSON_NOTHING, LESSON_PRIVATE, LESSON_SHARED,
};

/* ---- msync ------------------------------------------------------------ */

static const struct caption_step msync_steps[] = {
	{ "Visible is not durable: a store through a mapping is in the page "
	  "cache, seen by every process at once, and reaches the disk only at "
	  "writeback or msync. n: a store.",
	  "/* p = mmap(..., MAP_SHARED, fd, 0) */",
	  "# m = mmap.mmap(f.fileno(), 4096)" },
	{ "Process 2 stored a line at 0x00: you see it now, but a power cut "
	  "now could lose it (the page is dirty). n: msync.",
	  "memcpy(p, \"visible, not yet on disk\", 24);",
	  "m[0:24] = b'visible, not yet on disk'" },
	{ "msync(MS_SYNC) returns when the dirty pages are written (timed "
	  "below). Your turn: R, two hex digits, Esc, then s: livehex msyncs "
	  "your edit and times it. n: where the file lives.",
	  "msync(p, 4096, MS_SYNC);",
	  "m.flush()" },
	{ "The file system below decides what \"disk\" means: tmpfs (and "
	  "/dev/shm) keeps pages in memory only, so msync there is cheap and "
	  "nothing survives a reboot.",
	  "struct statfs sf; fstatfs(fd, &sf);   /* sf.f_type */",
	  "subprocess.run(['stat', '-f', '-c', '%T', path])  # no f_type in os" },
};
static const enum lesson_act msync_acts[] = {
	LESSON_NOTHING, LESSON_STORE_TEXT, LESSON_MSYNC, LESSON_FSTYPE,
};

/* ---- torn ------------------------------------------------------------- */

static const struct caption_step torn_steps[] = {
	{ "A 16-byte record, lo at 0x00 and hi at 0x08, always written equal. "
	  "No CPU stores 16 bytes at once: it takes two 8-byte stores. The "
	  "panel shows rec (i hides it). n: a plain writer and reader.",
	  "struct rec { uint64_t lo, hi; } *r = (void *)p;",
	  "# lo = m[0:8], hi = m[8:16]" },
	{ "The writer stores lo, then hi; the reader (process 2) copies the "
	  "record and finds lo != hi: torn copies, counted below. livehex "
	  "reads rec the same way and marks it torn when it catches one.",
	  "r->lo = v; r->hi = v;   /* a reader in between sees half */",
	  "b = v.to_bytes(8, 'little'); m[0:8] = b; m[8:16] = b  # two "
	  "stores" },
	{ "With a sequence counter at 0x10 (a seqlock), odd while writing, "
	  "process 2 retries a copy when seq was odd or moved: never torn. "
	  "livehex reads plainly (rec torn) until the writer stops: lo == hi.",
	  "w: seq++; lo = v; hi = v; seq++;\n"
	  "r: do { s = seq; copy; } while (s & 1 || seq != s);",
	  "# same in Python: read seq, copy m[0:16], read seq again" },
};
static const enum lesson_act torn_acts[] = {
	LESSON_NOTHING, LESSON_TORN, LESSON_SEQLOCK,
};

/* ---- atomic ----------------------------------------------------------- */

static const struct caption_step atomic_steps[] = {
	{ "Two processes each add 1 to a shared counter 20000 times. i shows "
	  "the counters: plus at 0x00, fetchadd at 0x08. n: with +=.",
	  "/* each of two processes */\nfor (int i = 0; i < 20000; i++) ...",
	  "for i in range(20000): ..." },
	{ "+= is load, add, store: when the other process stores in between, "
	  "one update is lost (the gap is widened with sched_yield so it "
	  "shows). The count is below.",
	  "uint32_t v = *p; sched_yield(); *p = v + 1;",
	  "v = int.from_bytes(m[0:4], 'little'); m[0:4] = (v + 1).to_bytes(4, "
	  "'little')" },
	{ "An atomic fetch-add does load, add and store as one: no update is "
	  "lost, whatever runs in between. Python's mmap has no atomics: use "
	  "a lock (fcntl.lockf).",
	  "__atomic_fetch_add((uint32_t *)(p + 8), 1, __ATOMIC_SEQ_CST);",
	  "fcntl.lockf(f, fcntl.LOCK_EX); ...; fcntl.lockf(f, fcntl.LOCK_UN)" },
};
static const enum lesson_act atomic_acts[] = {
	LESSON_NOTHING, LESSON_PLUS, LESSON_FETCH_ADD,
};

#define LESSON(name, about, size, layout, s) \
	{ name, about, size, layout, s##_steps, s##_acts, NSTEPS(s##_steps) }

const struct lesson lesson_list[] = {
	LESSON("create", "give a file its size before mmap: seek + write, "
	    "ftruncate, fallocate", 0, NULL, create),
	LESSON("share", "two processes map one file: each sees the other's "
	    "stores", 4096, NULL, share),
	LESSON("ab-vs-wb", "fopen \"wb+\" truncates under the other process: "
	    "shrink, SIGBUS", 4096, "counter 0x00 u32le\ndata 0x10 char[16]\n",
	    abwb),
	LESSON("private", "MAP_PRIVATE stores stay private; MAP_SHARED ones "
	    "reach the file", 4096, NULL, private),
	LESSON("msync", "visible is not durable: the page cache, msync, "
	    "tmpfs", 4096, NULL, msync),
	LESSON("torn", "a 16-byte record read half-written; a seqlock fixes "
	    "it", 4096, "struct rec 16 {\n lo 0 u64le\n hi 8 u64le\n}\n"
	    "rec 0x00 rec\nseq 0x10 u64le\n", torn),
	LESSON("atomic", "+= loses counts between two processes; fetch-add "
	    "does not", 4096, "plus 0x00 u32le\nfetchadd 0x08 u32le\n", atomic),
};
const size_t lesson_count = NSTEPS(lesson_list);

/* The lesson called NAME, or NULL. */
const struct lesson *
lesson_find(const char *name)
{
	for (size_t i = 0; i < lesson_count; i++)
		if (strcmp(lesson_list[i].name, name) == 0)
			return &lesson_list[i];
	return NULL;
}
