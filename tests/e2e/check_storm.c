/* SPDX-License-Identifier: ISC */
/*
 * check_storm.c - the storm: another process shrinks, grows, writes,
 * stores into, unlinks and recreates the file while livehex shows it, keys
 * are typed, and a `livehex watch` runs beside it.
 *
 * A child process (the storm) takes a few hundred steps drawn from a seeded
 * generator, at random moments 5-55 ms apart (clock_nanosleep: the child
 * paces itself; the test never sleeps): ftruncate down (sometimes to 0),
 * ftruncate up, pwrite (which may also grow the file), byte stores through
 * its own MAP_SHARED mapping (only below the size it set itself, so it
 * never faults), and unlink + create of a new file at the same path.  The
 * steps depend on the seed alone, never on timing, so the test replays them
 * into the same model the child keeps (storm_draw, storm_apply) and checks
 * the replay against the hash the child reports.
 *
 * Every `every` steps the child stops and reports (a checkpoint); it goes on
 * when the test says so.  Meanwhile the test types keys into the viewer.
 *
 * What "never show bytes beyond the current end" means here, three ways.
 * The screen lags the file by a tick and a frame, so comparing it with the
 * size the child set "just now" would be flaky; and a burst of output can
 * stop mid-frame, when a row may already have its new offset and still its
 * old cells (curses rewrites only the cells that differ).  So I1 and I2 are
 * judged on complete frames only: a frame is complete when the terminal
 * cursor is on the status line, because curses updates rows top to bottom
 * and livehex draws the status line last.  Every burst is still read for a
 * sanitizer report and for a viewer that hung up.
 *  I1 (complete frames): no offset is drawn, and no header size shown, at
 *     or past the largest size the file (any of its incarnations) has ever
 *     had.  The child raises that high-water mark in shared memory *before*
 *     each call that can lengthen the file, and the test reads it *after*
 *     the screen, so lag can never make this check fail wrongly.
 *  I2 (complete frames): no byte is drawn at an offset at or past the size
 *     in the same frame's header, and an empty file shows no rows.  The
 *     screen may lag the file, but a frame must agree with itself.
 *  I3 (at each checkpoint, the file still): the screen must come to show
 *     exactly the file within the usual deadline - header size = file
 *     size, every row of the window with the file's bytes (pread), rows end
 *     at the end of the file and nothing is drawn below, the cursor inside
 *     the file - or "empty" for a file of 0 bytes.  When the child has
 *     replaced the file since the last checkpoint, the viewer must first
 *     say that its file was deleted; then R reopens the path (and the
 *     watch, which by design keeps the file it opened, is stopped - it must
 *     be alive and end 0 on SIGINT - and started again on the new file).
 *
 * Two tests:
 *  - survival: the whole storm (all six kinds of step) while the test moves
 *    the cursor (hjkl, g, G, PgDn, PgUp, goto), types edits (hex digits,
 *    half bytes, :set, undo/redo), searches, follows, syncs.  The viewer
 *    must pass I1-I3, still answer a key at the end and exit 0 on q with
 *    the terminal restored; the watch must be alive and exit 0 on SIGINT.
 *  - exact: one inode; the child writes only at [EXACT_LO, ...) and never
 *    shrinks below EXACT_FLOOR, while the test types edits into
 *    [0, EXACT_LO) through the viewer (hex digits, :set, the ASCII pane,
 *    undo/redo), waiting for each to reach the file.  At each checkpoint
 *    and at the end the whole file must be, byte for byte, the child's
 *    model with the test's edits over it.
 *
 * A sanitizer report fails the test three ways: on the screen (read after
 * every burst), in the exit status (ASan and UBSan exit non-zero) and in
 * the watch's log.
 *
 * Typing into a viewer whose cursor the storm moves: before typing bytes
 * the exact test goes to the offset through the prompt and waits for
 * ":0x..." on the status line (so every earlier key has been handled), then
 * for the cursor there; each value typed differs from the byte it replaces,
 * so waiting for it in the file (pread) means something.  Messages are not
 * waited for while the storm runs (a "file shrank" replaces them); the
 * pane the cursor is in is read from the cells' attributes instead.
 *
 * Knobs (environment): LIVEHEX_STORM_SEED=N replaces both seeds;
 * LIVEHEX_STORM_STEPS=N sets both step counts (a longer soak).  Each test
 * prints its figures as a TAP comment on stderr.
 */
#include "config.h"

#include <check.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "timeout.h"
#include "e2e.h"
#include "testutil.h"
#include "xmalloc.h"

/* The terminal: 22 rows of 16 bytes once the inspector is hidden. */
#define S_ROWS		24
#define S_COLS		100
#define S_BODY		22
#define S_WINDOW	((uint64_t)S_BODY * 16)

/* The exact test: the test's bytes, and the child's lowest size. */
#define EXACT_LO	256
#define EXACT_FLOOR	1024

static char	 unset_no_color[] = "-NO_COLOR";
static char *const no_env[] = { unset_no_color, NULL };

/* ---- a seeded generator (splitmix64) ---------------------------------------- */

struct prng {
	uint64_t	s;
};

/* The next 64 random bits. */
static uint64_t
prng_next(struct prng *r)
{
	uint64_t	z = (r->s += 0x9e3779b97f4a7c15ULL);

	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
	z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
	return z ^ (z >> 31);
}

/* A number in [0, N) (0 when N is 0). */
static uint64_t
prng_below(struct prng *r, uint64_t n)
{
	return n == 0 ? 0 : prng_next(r) % n;
}

/* ---- the storm's steps: pure, shared by the child and the replay ---------- */

enum storm_kind {
	SK_SHRINK, SK_ZERO, SK_GROW, SK_PWRITE, SK_STORE, SK_RECREATE,
	SK_KINDS
};

static const char *const storm_kind_name[SK_KINDS] = {
	"shrink", "shrink to 0", "grow", "pwrite", "mmap store",
	"unlink+recreate"
};

/* One storm. */
struct storm_cfg {
	const char	*name;
	unsigned	 steps;		/* random steps */
	unsigned	 every;		/* a checkpoint every so many */
	uint64_t	 init;		/* size of the file at the start */
	uint64_t	 floor;		/* never shrink below */
	uint64_t	 max;		/* never longer than */
	uint64_t	 lo;		/* the child writes only at lo and up */
	unsigned	 weight[SK_KINDS];
	unsigned	 min_ms, max_ms;	/* pause before each step */
};

/* One step. */
struct storm_op {
	enum storm_kind	 kind;
	uint64_t	 off, len;	/* SK_PWRITE, SK_STORE */
	uint64_t	 size;		/* the new size (sizes, SK_RECREATE) */
	uint64_t	 seed;		/* the bytes written */
};

/* What the file holds after the steps so far (bytes past size are 0). */
struct storm_model {
	const struct storm_cfg *cfg;
	unsigned char	*bytes;		/* cfg->max of them */
	uint64_t	 size;
	unsigned	 gen;		/* files made at the path (0: the first) */
	unsigned	 step;
	unsigned	 count[SK_KINDS];
	struct prng	 ops;		/* draws the steps */
};

/* LEN bytes derived from SEED into B. */
static void
storm_fill(uint64_t seed, unsigned char *b, uint64_t len)
{
	struct prng	r = { seed };

	for (uint64_t i = 0; i < len; i++)
		b[i] = (unsigned char)(prng_next(&r) >> 24);
}

/* The model at step 0 for CFG and SEED: the file the test creates. */
static void
storm_model_init(struct storm_model *m, const struct storm_cfg *cfg,
    uint64_t seed)
{
	memset(m, 0, sizeof *m);
	m->cfg = cfg;
	m->bytes = xcalloc(cfg->max, 1);
	m->size = cfg->init;
	m->ops.s = seed;
	storm_fill(seed ^ 0x1417, m->bytes, cfg->init);
}

/* Draw the next step for the model as it is now. */
static void
storm_draw(struct storm_model *m, struct storm_op *op)
{
	const struct storm_cfg	*c = m->cfg;
	unsigned		 total = 0, k;
	uint64_t		 x, size = m->size, room;

	for (k = 0; k < SK_KINDS; k++)
		total += c->weight[k];
	x = prng_below(&m->ops, total);
	for (k = 0; x >= c->weight[k]; k++)
		x -= c->weight[k];
	/* A kind that cannot apply to this size falls back to one that can. */
	if ((k == SK_SHRINK && size <= c->floor) ||
	    (k == SK_ZERO && (c->floor > 0 || size == 0)))
		k = SK_GROW;
	if (k == SK_GROW && size >= c->max)
		k = SK_SHRINK;
	if (k == SK_STORE && size <= c->lo)
		k = SK_PWRITE;
	memset(op, 0, sizeof *op);
	op->kind = (enum storm_kind)k;
	op->seed = prng_next(&m->ops);
	switch (op->kind) {
	case SK_SHRINK:
		op->size = c->floor + prng_below(&m->ops, size - c->floor);
		break;
	case SK_ZERO:
		op->size = 0;
		break;
	case SK_GROW:
		op->size = size + 1 + prng_below(&m->ops, c->max - size);
		break;
	case SK_PWRITE:
		op->off = c->lo + prng_below(&m->ops, c->max - c->lo);
		room = c->max - op->off;
		op->len = 1 + prng_below(&m->ops, room < 64 ? room : 64);
		break;
	case SK_STORE:
		op->off = c->lo + prng_below(&m->ops, size - c->lo);
		room = size - op->off;
		op->len = 1 + prng_below(&m->ops, room < 32 ? room : 32);
		break;
	case SK_RECREATE:
		op->size = prng_below(&m->ops, c->max + 1);
		break;
	case SK_KINDS:
		break;
	}
}

/* Apply OP to the model. */
static void
storm_apply(struct storm_model *m, const struct storm_op *op)
{
	switch (op->kind) {
	case SK_SHRINK:
	case SK_ZERO:
		memset(m->bytes + op->size, 0, m->size - op->size);
		m->size = op->size;
		break;
	case SK_GROW:
		m->size = op->size;
		break;
	case SK_PWRITE:
	case SK_STORE:
		storm_fill(op->seed, m->bytes + op->off, op->len);
		if (op->off + op->len > m->size)
			m->size = op->off + op->len;
		break;
	case SK_RECREATE:
		memset(m->bytes, 0, m->cfg->max);
		storm_fill(op->seed, m->bytes, op->size);
		m->size = op->size;
		m->gen++;
		break;
	case SK_KINDS:
		break;
	}
	m->count[op->kind]++;
	m->step++;
}

/* FNV-1a over the model's size, generation and bytes. */
static uint64_t
storm_hash(const struct storm_model *m)
{
	uint64_t	h = 0xcbf29ce484222325ULL;

	h = (h ^ m->size) * 0x100000001b3ULL;
	h = (h ^ m->gen) * 0x100000001b3ULL;
	for (uint64_t i = 0; i < m->size; i++)
		h = (h ^ m->bytes[i]) * 0x100000001b3ULL;
	return h;
}

/* ---- the child ---------------------------------------------------------------- */

/* Shared with the child (an anonymous MAP_SHARED page). */
struct storm_shm {
	uint64_t	hw;		/* the largest size ever set (I1) */
	uint32_t	step;		/* steps done */
};

/* What the child sends at a checkpoint (one write, < PIPE_BUF). */
struct storm_report {
	unsigned	step;
	unsigned	gen;
	uint64_t	size;
	uint64_t	hash;
	int		err;		/* errno of a failed call, or 0 */
	char		call[24];	/* which call */
};

/* The child's side of a storm. */
struct storm_child {
	struct storm_model	 m;
	const char		*path;
	struct storm_shm	*shm;
	int			 fd;
	unsigned char		*map;	/* cfg->max bytes of the file */
	struct storm_report	 r;
};

/* Raise the high-water mark before the file can reach SIZE. */
static void
child_raise(struct storm_child *c, uint64_t size)
{
	if (size > __atomic_load_n(&c->shm->hw, __ATOMIC_SEQ_CST))
		__atomic_store_n(&c->shm->hw, size, __ATOMIC_SEQ_CST);
}

/* Map the file (past its end is legal; we only touch below our size). */
static int
child_map(struct storm_child *c)
{
	c->map = mmap(NULL, c->m.cfg->max, PROT_READ | PROT_WRITE, MAP_SHARED,
	    c->fd, 0);
	if (c->map == MAP_FAILED) {
		snprintf(c->r.call, sizeof c->r.call, "mmap");
		return -1;
	}
	return 0;
}

/* Do OP to the file; -1 with r.call set (errno kept). */
static int
child_exec(struct storm_child *c, const struct storm_op *op)
{
	unsigned char	buf[16384];
	const char	*call = NULL;

	switch (op->kind) {
	case SK_SHRINK:
	case SK_ZERO:
	case SK_GROW:
		child_raise(c, op->size);
		if (ftruncate(c->fd, (off_t)op->size) == -1)
			call = "ftruncate";
		break;
	case SK_PWRITE:
		storm_fill(op->seed, buf, op->len);
		child_raise(c, op->off + op->len);
		if (pwrite(c->fd, buf, op->len, (off_t)op->off) !=
		    (ssize_t)op->len)
			call = "pwrite";
		break;
	case SK_STORE:
		/* Below the size we set ourselves: this cannot fault. */
		storm_fill(op->seed, buf, op->len);
		for (uint64_t i = 0; i < op->len; i++)
			((volatile unsigned char *)c->map)[op->off + i] =
			    buf[i];
		break;
	case SK_RECREATE:
		child_raise(c, op->size);
		munmap(c->map, c->m.cfg->max);
		close(c->fd);
		if (unlink(c->path) == -1) {
			call = "unlink";
			break;
		}
		c->fd = open(c->path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC,
		    0600);
		if (c->fd == -1) {
			call = "open";
			break;
		}
		storm_fill(op->seed, buf, op->size);
		if (op->size > 0 && pwrite(c->fd, buf, op->size, 0) !=
		    (ssize_t)op->size) {
			call = "pwrite (new file)";
			break;
		}
		return child_map(c);
	case SK_KINDS:
		break;
	}
	if (call != NULL) {
		snprintf(c->r.call, sizeof c->r.call, "%s", call);
		return -1;
	}
	return 0;
}

/* Sleep MS milliseconds: the child paces itself (it is not a test wait). */
static void
child_nap(unsigned ms)
{
	struct timespec	ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) == EINTR)
		continue;
}

/* Send the report; a test that went away ends us. */
static void
child_report(struct storm_child *c, int rep)
{
	struct storm_report	r;

	c->r.step = c->m.step;
	c->r.gen = c->m.gen;
	c->r.size = c->m.size;
	c->r.hash = storm_hash(&c->m);
	r = c->r;
	if (write(rep, &r, sizeof r) != (ssize_t)sizeof r)
		_exit(3);
}

/* The storm process: steps, checkpoints, then exit 0 (never returns). */
static void __attribute__((noreturn))
child_run(const struct storm_cfg *cfg, uint64_t seed, const char *path,
    struct storm_shm *shm, int rep, int go)
{
	struct storm_child	c;
	struct storm_op		op;
	struct prng		pace = { seed ^ 0x70616365ULL };
	char			b;

	/* If the test dies, so do we. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	memset(&c, 0, sizeof c);
	storm_model_init(&c.m, cfg, seed);
	c.path = path;
	c.shm = shm;
	c.fd = open(path, O_RDWR | O_CLOEXEC);
	if (c.fd == -1 || child_map(&c) == -1) {
		c.r.err = errno;
		snprintf(c.r.call, sizeof c.r.call, "open");
		child_report(&c, rep);
		_exit(1);
	}
	while (c.m.step < cfg->steps) {
		child_nap(cfg->min_ms +
		    (unsigned)prng_below(&pace, cfg->max_ms - cfg->min_ms + 1));
		storm_draw(&c.m, &op);
		if (child_exec(&c, &op) == -1) {
			c.r.err = errno != 0 ? errno : EIO;
			child_report(&c, rep);
			_exit(1);
		}
		storm_apply(&c.m, &op);
		__atomic_store_n(&shm->step, c.m.step, __ATOMIC_SEQ_CST);
		if (c.m.step % cfg->every == 0 || c.m.step == cfg->steps) {
			child_report(&c, rep);
			if (c.m.step < cfg->steps && read(go, &b, 1) != 1)
				_exit(0);
		}
	}
	_exit(0);
}

/* ---- reading the screen --------------------------------------------------- */

/* What the status line shows. */
enum frame_status { FS_OTHER, FS_CURSOR, FS_EMPTY, FS_PROMPT };

/* One reading of the emulated screen. */
struct frame {
	bool		 have_size;	/* the header shows "N bytes" */
	uint64_t	 size;
	bool		 deleted;	/* the header says "(deleted)" */
	int		 nrows;		/* rows of bytes, from the top */
	uint64_t	 off[S_BODY];	/* each row's offset */
	int		 len[S_BODY];	/* bytes drawn in it */
	int		 val[S_BODY][16];	/* their values, -1 half-typed */
	bool		 junk_below;	/* something drawn below the rows */
	uint64_t	 end;		/* one past the last byte drawn */
	enum frame_status status;
	uint64_t	 cursor;	/* FS_CURSOR */
	bool		 complete;	/* terminal cursor on the status line */
	bool		 sanitizer;	/* a sanitizer report is on screen */
};

/* The value of hex digit C, or -1. */
static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parse ROW's text T as a row of bytes into F (row index R); false if not. */
static bool
frame_row(struct frame *f, int r, const char *t)
{
	size_t	n = strlen(t);

	if (n < 13 || t[8] != ' ')
		return false;
	for (int i = 0; i < 8; i++)
		if (hexval(t[i]) < 0)
			return false;
	/* The hex pane is ASCII; a multibyte character would shift columns. */
	for (size_t i = 0; i < n && i < 11 + 3 * 16; i++)
		if ((unsigned char)t[i] >= 0x80)
			return false;
	f->off[r] = strtoull(t, NULL, 16);
	f->len[r] = 0;
	for (int i = 0; i < 16; i++) {
		size_t	c = 11 + 3 * (size_t)i;
		int	hi, lo;

		if (c + 1 >= n || (hi = hexval(t[c])) < 0)
			break;
		if (t[c + 1] == '_')
			f->val[r][i] = -1;
		else if ((lo = hexval(t[c + 1])) >= 0)
			f->val[r][i] = hi * 16 + lo;
		else
			break;
		f->len[r]++;
	}
	return true;
}

/* Read the whole screen into F. */
static void
frame_read(struct pty *p, struct frame *f)
{
	char		*t, *b;
	int		 row;

	memset(f, 0, sizeof *f);
	t = pty_row_text(p, 0);
	for (b = strstr(t, " bytes"); b != NULL; b = strstr(b + 1, " bytes")) {
		char	*d = b;

		while (d > t && isdigit((unsigned char)d[-1]))
			d--;
		if (d < b && (d == t || d[-1] == ' ')) {
			f->have_size = true;
			f->size = strtoull(d, NULL, 10);
			break;
		}
	}
	f->deleted = strstr(t, "(deleted)") != NULL;
	free(t);
	for (int y = 1; y <= S_BODY; y++) {
		/* Parsed into slot nrows; kept only while rows are contiguous. */
		int	r = f->nrows < S_BODY ? f->nrows : S_BODY - 1;

		t = pty_row_text(p, y);
		if (frame_row(f, r, t)) {
			uint64_t	e = f->off[r] + (uint64_t)f->len[r];

			/* Every row counts for I1/I2, wherever it is. */
			if (e > f->end)
				f->end = e;
			if (f->nrows == y - 1)
				f->nrows++;
			else
				f->junk_below = true;
		} else {
			/* Below the rows: blank up to the strip's column. */
			for (size_t i = 0; t[i] != '\0' && i < 11 + 3 * 16 +
			    2 + 16; i++)
				if (t[i] != ' ')
					f->junk_below = true;
		}
		free(t);
	}
	t = pty_row_text(p, S_ROWS - 1);
	if (t[0] == ':' || t[0] == '/')
		f->status = FS_PROMPT;
	else if (strncmp(t, "empty", 5) == 0)
		f->status = FS_EMPTY;
	else {
		unsigned long long	hx, dec;

		if (sscanf(t, "0x%llx (%llu)", &hx, &dec) == 2 && hx == dec) {
			f->status = FS_CURSOR;
			f->cursor = hx;
		}
	}
	free(t);
	pty_cursor(p, &row, NULL);
	f->complete = row == S_ROWS - 1;
	f->sanitizer = pty_find(p, "Sanitizer", NULL, NULL) ||
	    pty_find(p, "runtime error", NULL, NULL);
}

/* ---- one storm run, the test's side ---------------------------------------------- */

struct storm {
	const struct storm_cfg	*cfg;
	uint64_t		 seed;
	char			*dir, *path, *log, *base;
	struct pty		*p;
	pid_t			 child, watch;
	int			 rep, go;	/* pipes from and to the child */
	struct storm_shm	*shm;
	struct storm_model	 model;		/* the child's, replayed */
	struct prng		 keys;		/* what the test types */
	unsigned		 viewer_gen;	/* the file the viewer shows */
	char			 why[640];	/* the last thing found wrong */
	unsigned char		*file;		/* pread scratch, cfg->max */
	unsigned char		 edits[EXACT_LO];	/* exact: our bytes */
	bool			 exact;
	uint64_t		 t0;
	/* Figures. */
	uint64_t		 checks, frames, frames_end, actions, tasks;
	unsigned		 checkpoints, reopens, converge_max;
	unsigned		 bytes_typed;
	unsigned		 watch_runs, watch_lines;
};

/* Fail the test with the storm's state and the screen. */
static void __attribute__((format(printf, 2, 3)))
storm_fail(struct storm *s, const char *fmt, ...)
{
	char	msg[1024];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "storm %s (seed %#" PRIx64 ") at step %u: %s\n",
	    s->cfg->name, s->seed, __atomic_load_n(&s->shm->step,
	    __ATOMIC_SEQ_CST), msg);
	pty_dump(s->p, stderr);
	ck_abort_msg("storm %s (seed %#" PRIx64 ") at step %u: %s",
	    s->cfg->name, s->seed, __atomic_load_n(&s->shm->step,
	    __ATOMIC_SEQ_CST), msg);
	abort();
}

/* Record what is wrong in S->why; true (for conditions that find faults). */
static bool __attribute__((format(printf, 2, 3)))
storm_why(struct storm *s, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(s->why, sizeof s->why, fmt, ap);
	va_end(ap);
	return true;
}

/* Condition: I1 or I2 is broken, or the viewer is gone (S->why says). */
static bool
storm_broken(struct pty *p, void *arg)
{
	struct storm	*s = arg;
	struct frame	 f;
	uint64_t	 hw;

	frame_read(p, &f);
	/* Read after the screen: the mark only grows (I1). */
	hw = __atomic_load_n(&s->shm->hw, __ATOMIC_SEQ_CST);
	s->checks++;
	if (f.sanitizer)
		return storm_why(s, "a sanitizer report is on the screen");
	if (pty_hung_up(p))
		return storm_why(s, "livehex hung up the terminal (it exited "
		    "or died)");
	/*
	 * Only a complete frame can be judged: mid-frame, a row may already
	 * have its new offset and still its old cells (curses rewrites only
	 * the cells that differ, left to right).
	 */
	if (!f.complete || !f.have_size)
		return false;
	s->frames++;
	if (f.size > hw)
		return storm_why(s, "I1: the header says %" PRIu64 " bytes; "
		    "the file was never longer than %" PRIu64, f.size, hw);
	if (f.end > hw)
		return storm_why(s, "I1: byte 0x%" PRIx64 " is drawn; the "
		    "file was never longer than %" PRIu64, f.end - 1, hw);
	if (f.end > f.size)
		return storm_why(s, "I2: a complete frame draws byte 0x%"
		    PRIx64 " past its own header's end (%" PRIu64 " bytes)",
		    f.end - 1, f.size);
	if (f.size == 0 && f.nrows > 0)
		return storm_why(s, "I2: rows of bytes drawn for an empty "
		    "file");
	/* Frames where I2 bites: the end of the file is on screen. */
	if (f.size == 0 || (f.nrows > 0 && f.end == f.size))
		s->frames_end++;
	return false;
}

/* A condition run together with the invariants. */
struct storm_both {
	struct storm	*s;
	pty_cond	*cond;
	void		*arg;
	bool		 broken;
};

/* Condition: the invariants are broken, or COND holds. */
static bool
storm_both_cond(struct pty *p, void *arg)
{
	struct storm_both	*b = arg;

	if (storm_broken(p, b->s)) {
		b->broken = true;
		return true;
	}
	return b->cond != NULL && b->cond(p, b->arg);
}

/* Wait up to MS for COND (NULL: just watch), checking I1/I2 throughout. */
static bool
storm_wait(struct storm *s, int ms, pty_cond *cond, void *arg)
{
	struct storm_both	b = { s, cond, arg, false };
	bool			ok = pty_wait(s->p, ms, storm_both_cond, &b);

	if (b.broken)
		storm_fail(s, "%s", s->why);
	return ok;
}

/* storm_wait for COND over a copy of STR (conditions take a void *). */
static bool
storm_wait_str(struct storm *s, pty_cond *cond, const char *str)
{
	char	buf[256];

	snprintf(buf, sizeof buf, "%s", str);
	return storm_wait(s, E2E_WAIT, cond, buf);
}

/* Condition: the text ARG is on the screen. */
static bool
cond_text(struct pty *p, void *arg)
{
	return pty_find(p, arg, NULL, NULL);
}

/* Condition: the text ARG is not on the screen. */
static bool
cond_no_text(struct pty *p, void *arg)
{
	return !pty_find(p, arg, NULL, NULL);
}

/* Condition: the header row holds ARG. */
static bool
cond_header(struct pty *p, void *arg)
{
	return pty_row_find(p, 0, arg, NULL);
}

/* Condition: the status line reads exactly ARG. */
static bool
cond_status_eq(struct pty *p, void *arg)
{
	char	*t = pty_row_text(p, S_ROWS - 1);
	bool	 ok = strcmp(t, arg) == 0;

	free(t);
	return ok;
}

/* Condition: the status line starts with ARG. */
static bool
cond_status_starts(struct pty *p, void *arg)
{
	char	*t = pty_row_text(p, S_ROWS - 1);
	bool	 ok = strncmp(t, arg, strlen(arg)) == 0;

	free(t);
	return ok;
}

/* Condition: the cursor (status line) is drawn in the pane ARG points to
 * (true: the ASCII pane), reverse there: the other pane underlines it. */
static bool
cond_pane(struct pty *p, void *arg)
{
	bool		ascii = *(bool *)arg;
	struct frame	f;
	struct pty_cell	c;

	frame_read(p, &f);
	if (f.status != FS_CURSOR)
		return false;
	for (int r = 0; r < f.nrows; r++) {
		uint64_t	i = f.cursor - f.off[r];

		if (f.cursor < f.off[r] || i >= 16)
			continue;
		if (ascii)
			pty_cell(p, 1 + r, e2e_ascii_col(f.cursor), &c);
		else
			pty_cell(p, 1 + r, 11 + 3 * (int)i, &c);
		return c.reverse;
	}
	return false;
}

/* Condition: no prompt is open on the status line. */
static bool
cond_no_prompt(struct pty *p, void *arg)
{
	char	*t = pty_row_text(p, S_ROWS - 1);
	bool	 ok = t[0] != ':' && t[0] != '/';

	(void)arg;
	free(t);
	return ok;
}

/* What cond_file looks for. */
struct file_want {
	const char		*path;
	uint64_t		 off;
	const unsigned char	*bytes;
	size_t			 len;
};

/* Condition: the file holds the bytes (read with pread). */
static bool
cond_file(struct pty *p, void *arg)
{
	struct file_want	*w = arg;
	unsigned char		 b[64];
	int			 fd = open(w->path, O_RDONLY);
	ssize_t			 n;

	(void)p;
	if (fd == -1)
		return false;
	n = pread(fd, b, w->len, (off_t)w->off);
	close(fd);
	return n == (ssize_t)w->len && memcmp(b, w->bytes, w->len) == 0;
}

/* What cond_reaped waits for. */
struct reap {
	pid_t	pid;
	int	status;
	bool	done;
};

/* Condition: the process has exited (reaped, status kept). */
static bool
cond_reaped(struct pty *p, void *arg)
{
	struct reap	*r = arg;

	(void)p;
	if (!r->done && waitpid(r->pid, &r->status, WNOHANG) == r->pid)
		r->done = true;
	return r->done;
}

/* What cond_log waits for. */
struct log_want {
	const char	*path;
	const char	*needle;
};

/* Condition: the log file holds the needle. */
static bool
cond_log(struct pty *p, void *arg)
{
	struct log_want	*w = arg;
	size_t		 len;
	unsigned char	*b = tu_slurp(w->path, &len);
	bool		 ok;

	(void)p;
	b = xrealloc(b, len + 1);
	b[len] = '\0';
	ok = strstr((char *)b, w->needle) != NULL;
	free(b);
	return ok;
}

/* Read the whole file at the path into S->file; its size. */
static uint64_t
storm_read_file(struct storm *s)
{
	int		fd = open(s->path, O_RDONLY);
	struct stat	st;
	ssize_t		n;

	if (fd == -1 || fstat(fd, &st) == -1)
		storm_fail(s, "open %s: %s", s->path, strerror(errno));
	if ((uint64_t)st.st_size > s->cfg->max)
		storm_fail(s, "the file is %jd bytes, longer than the storm "
		    "ever made it", (intmax_t)st.st_size);
	n = pread(fd, s->file, (size_t)st.st_size, 0);
	close(fd);
	if (n != (ssize_t)st.st_size)
		storm_fail(s, "pread %s: %s", s->path, strerror(errno));
	return (uint64_t)st.st_size;
}

/* Condition (I3): the screen shows exactly the file, which is still. */
static bool
cond_converged(struct pty *p, void *arg)
{
	struct storm	*s = arg;
	struct frame	 f;
	uint64_t	 size = s->model.size, top, rows;
	int		 fd;

	frame_read(p, &f);
	if (!f.complete)
		return !storm_why(s, "I3: the frame is not complete");
	if (!f.have_size || f.size != size)
		return !storm_why(s, "I3: the header does not say %" PRIu64
		    " bytes", size);
	if (f.deleted)
		return !storm_why(s, "I3: the header still says deleted");
	if (size == 0)
		return f.status == FS_EMPTY && f.nrows == 0 &&
		    pty_row_find(p, 2, "(empty file", NULL) ? true :
		    !storm_why(s, "I3: an empty file shows rows, or not "
		    "\"empty\"");
	if (f.junk_below)
		return !storm_why(s, "I3: something is drawn below the rows");
	if (f.status != FS_CURSOR || f.cursor >= size)
		return !storm_why(s, "I3: the status line shows no cursor "
		    "inside the file");
	if (f.nrows == 0)
		return !storm_why(s, "I3: no rows of bytes");
	top = f.off[0];
	if (top % 16 != 0 || top > f.cursor || f.cursor >= top + S_WINDOW)
		return !storm_why(s, "I3: the cursor 0x%" PRIx64 " is not in "
		    "the window at 0x%" PRIx64, f.cursor, top);
	rows = (size - top + 15) / 16;
	if (rows > S_BODY)
		rows = S_BODY;
	if ((uint64_t)f.nrows != rows)
		return !storm_why(s, "I3: %d rows from 0x%" PRIx64 ", want %"
		    PRIu64, f.nrows, top, rows);
	fd = open(s->path, O_RDONLY);
	if (fd == -1)
		storm_fail(s, "open %s: %s", s->path, strerror(errno));
	if (pread(fd, s->file, (size_t)(size - top), (off_t)top) !=
	    (ssize_t)(size - top))
		storm_fail(s, "pread %s: %s", s->path, strerror(errno));
	close(fd);
	for (int r = 0; r < f.nrows; r++) {
		uint64_t	off = top + 16 * (uint64_t)r;
		uint64_t	want = size - off < 16 ? size - off : 16;

		if (f.off[r] != off || (uint64_t)f.len[r] != want)
			return !storm_why(s, "I3: row %d is 0x%" PRIx64 " with "
			    "%d bytes, want 0x%" PRIx64 " with %" PRIu64,
			    r, f.off[r], f.len[r], off, want);
		for (int i = 0; i < f.len[r]; i++)
			if (f.val[r][i] != s->file[off - top + (uint64_t)i])
				return !storm_why(s, "I3: byte 0x%" PRIx64
				    " shows %d, the file has %u",
				    off + (uint64_t)i, f.val[r][i],
				    s->file[off - top + (uint64_t)i]);
	}
	return true;
}

/* Spawn `livehex watch --interval 1 PATH`, stdout and stderr to LOG. */
static pid_t
watch_start(const char *path, const char *log)
{
	int	fd = open(log, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0600);
	pid_t	pid;

	ck_assert_msg(fd != -1, "open %s: %s", log, strerror(errno));
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		int	nul = open("/dev/null", O_RDONLY);

		/* SIGTERM ends watch cleanly if the test dies first. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		dup2(nul, 0);
		dup2(fd, 1);
		dup2(fd, 2);
		execl(tu_livehex(), "livehex", "watch", "--interval", "1",
		    path, (char *)NULL);
		_exit(127);
	}
	close(fd);
	return pid;
}

/* Start a watch on the path; wait until it has taken its first copy. */
static void
storm_watch_begin(struct storm *s)
{
	struct log_want	w = { s->log, "livehex: watching" };

	s->watch = watch_start(s->path, s->log);
	if (!storm_wait(s, E2E_WAIT, cond_log, &w))
		storm_fail(s, "watch never said it was watching");
	s->watch_runs++;
}

/* The watch must have survived; SIGINT must end it with status 0. */
static void
storm_watch_end(struct storm *s)
{
	struct reap	 reap = { s->watch, 0, false };
	size_t		 len;
	unsigned char	*b;

	if (cond_reaped(s->p, &reap))
		storm_fail(s, "watch died during the storm: status %d",
		    reap.status);
	kill(s->watch, SIGINT);
	if (!storm_wait(s, E2E_WAIT, cond_reaped, &reap))
		storm_fail(s, "watch did not end on SIGINT");
	if (!WIFEXITED(reap.status) || WEXITSTATUS(reap.status) != 0)
		storm_fail(s, "watch ended with status %d", reap.status);
	b = tu_slurp(s->log, &len);
	b = xrealloc(b, len + 1);
	b[len] = '\0';
	if (strstr((char *)b, "Sanitizer") != NULL ||
	    strstr((char *)b, "runtime error") != NULL)
		storm_fail(s, "watch's log holds a sanitizer report:\n%s", b);
	for (size_t i = 0; i < len; i++)
		s->watch_lines += b[i] == '\n';
	free(b);
}

/* Steps from LIVEHEX_STORM_STEPS, else DEF. */
static unsigned
storm_env_steps(unsigned def)
{
	const char	*e = getenv("LIVEHEX_STORM_STEPS");

	return e != NULL && *e != '\0' ? (unsigned)strtoul(e, NULL, 0) : def;
}

/* Set up the file, the viewer and the watch (the storm starts later). */
static void
storm_setup(struct storm *s, const struct storm_cfg *cfg, uint64_t seed)
{
	const char	*e = getenv("LIVEHEX_STORM_SEED");
	char		*name;
	int		 fd;

	memset(s, 0, sizeof *s);
	s->cfg = cfg;
	s->seed = e != NULL && *e != '\0' ? strtoull(e, NULL, 0) : seed;
	s->keys.s = s->seed ^ 0x6b657973ULL;
	s->t0 = tu_now_ms();
	storm_model_init(&s->model, cfg, s->seed);
	s->file = xmalloc(cfg->max);
	memcpy(s->edits, s->model.bytes, EXACT_LO);
	s->shm = mmap(NULL, sizeof *s->shm, PROT_READ | PROT_WRITE,
	    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	ck_assert(s->shm != MAP_FAILED);
	s->shm->hw = cfg->init;

	/* A directory of its own: inotify on it sees only our file. */
	name = xasprintf("storm-%s", cfg->name);
	s->dir = tu_path(name);
	free(name);
	ck_assert_msg(mkdir(s->dir, 0700) == 0, "mkdir %s: %s", s->dir,
	    strerror(errno));
	s->path = xasprintf("%s/shared.bin", s->dir);
	s->base = xstrdup("shared.bin");
	name = xasprintf("storm-%s-watch.log", cfg->name);
	s->log = tu_path(name);
	free(name);
	fd = open(s->path, O_RDWR | O_CREAT | O_EXCL, 0600);
	ck_assert_int_ne(fd, -1);
	ck_assert_int_eq(write(fd, s->model.bytes, cfg->init),
	    (ssize_t)cfg->init);
	close(fd);

	s->p = e2e_spawn(S_ROWS, S_COLS, no_env, s->path, NULL);
	/* Hide the inspector: 22 rows of bytes, a simpler screen to read. */
	PTY_ASSERT(s->p, pty_find(s->p, "inspector", NULL, NULL), "panel");
	pty_type(s->p, "i");
	PTY_ASSERT(s->p, pty_wait_gone(s->p, "inspector", E2E_WAIT), "i");

	storm_watch_begin(s);
}

/* Start the storm child. */
static void
storm_start(struct storm *s)
{
	int	rep[2], go[2];

	ck_assert_int_eq(pipe2(rep, O_CLOEXEC), 0);
	ck_assert_int_eq(pipe2(go, O_CLOEXEC), 0);
	s->child = fork();
	ck_assert_int_ne(s->child, -1);
	if (s->child == 0) {
		close(rep[0]);
		close(go[1]);
		child_run(s->cfg, s->seed, s->path, s->shm, rep[1], go[0]);
	}
	close(rep[1]);
	close(go[0]);
	s->rep = rep[0];
	s->go = go[1];
	ck_assert_int_eq(fcntl(s->rep, F_SETFL, O_NONBLOCK), 0);
}

/* The child stopped at a checkpoint: check the replay, the file, I3. */
static void
storm_checkpoint(struct storm *s, const struct storm_report *r)
{
	struct storm_op	op;
	uint64_t	size, t;
	char		msg[160];

	if (r->err != 0)
		storm_fail(s, "the storm child's %s failed: %s", r->call,
		    strerror(r->err));
	while (s->model.step < r->step) {
		storm_draw(&s->model, &op);
		storm_apply(&s->model, &op);
	}
	if (s->model.gen != r->gen || s->model.size != r->size ||
	    storm_hash(&s->model) != r->hash)
		storm_fail(s, "the replay of %u steps differs from the child's "
		    "model", r->step);
	/* livehex never truncates: the size is the child's. */
	size = storm_read_file(s);
	if (size != r->size)
		storm_fail(s, "the file is %" PRIu64 " bytes; the storm left "
		    "it at %" PRIu64, size, r->size);
	if (s->exact) {
		/* The child's model with our edits over it, byte for byte. */
		for (uint64_t i = 0; i < size; i++) {
			unsigned	want = i < EXACT_LO ? s->edits[i] :
					    s->model.bytes[i];

			if (s->file[i] != want)
				storm_fail(s, "byte 0x%" PRIx64 " is %u, want "
				    "%u (%s)", i, s->file[i], want,
				    i < EXACT_LO ? "our edit" : "the storm's");
		}
	}

	/* Whatever the keys left open (prompt, question, half byte): Esc. */
	pty_key(s->p, VTERM_KEY_ESCAPE, 0);
	if (!storm_wait(s, E2E_WAIT, cond_no_prompt, NULL))
		storm_fail(s, "Esc did not close the prompt");
	if (r->gen != s->viewer_gen) {
		/* The viewer's file lost its name: it must say so. */
		if (!storm_wait_str(s, cond_header, "(deleted)"))
			storm_fail(s, "the header never said the file was "
			    "deleted (generation %u, now %u)", s->viewer_gen,
			    r->gen);
		pty_key(s->p, VTERM_KEY_ESCAPE, 0);
		if (!storm_wait_str(s, cond_no_text, "reopened"))
			storm_fail(s, "an old \"reopened\" message stays");
		pty_type(s->p, ":e\r");
		snprintf(msg, sizeof msg, "reopened %s (%" PRIu64 " bytes)",
		    s->base, r->size);
		if (!storm_wait(s, E2E_WAIT, cond_text, msg))
			storm_fail(s, "no \"%s\" after :e", msg);
		s->viewer_gen = r->gen;
		s->reopens++;
		/*
		 * The watch keeps the old file (by design): it survived that
		 * file's storm; a new one takes the new file's.
		 */
		storm_watch_end(s);
		storm_watch_begin(s);
	}
	t = tu_now_ms();
	if (!storm_wait(s, E2E_WAIT, cond_converged, s))
		storm_fail(s, "the screen never came to show the file: %s",
		    s->why);
	t = tu_now_ms() - t;
	if (t > s->converge_max)
		s->converge_max = (unsigned)t;
	s->checkpoints++;
}

/* Run the storm to its end; ACT types something between looks. */
static void
storm_run(struct storm *s, void (*act)(struct storm *))
{
	struct storm_report	r;
	struct reap		reap;

	storm_start(s);
	for (;;) {
		ssize_t	n = read(s->rep, &r, sizeof r);

		if (n == (ssize_t)sizeof r) {
			storm_checkpoint(s, &r);
			if (r.step >= s->cfg->steps)
				break;
			if (write(s->go, "g", 1) != 1)
				storm_fail(s, "cannot restart the storm");
			continue;
		}
		if (n == 0)
			storm_fail(s, "the storm child died before its last "
			    "step");
		if (n != -1 || errno != EAGAIN)
			storm_fail(s, "reading the storm child: %zd, %s", n,
			    strerror(errno));
		act(s);
	}
	reap.pid = s->child;
	reap.done = false;
	if (!storm_wait(s, E2E_WAIT, cond_reaped, &reap))
		storm_fail(s, "the storm child did not exit");
	if (!WIFEXITED(reap.status) || WEXITSTATUS(reap.status) != 0)
		storm_fail(s, "the storm child ended with status %d",
		    reap.status);
	close(s->rep);
	close(s->go);
}

/* The viewer answers a key, then q ends it with 0 and a normal terminal. */
static void
storm_quit(struct storm *s)
{
	int	 status;
	char	*text, quit_anyway[] = "q = quit anyway";

	/* Still alive and listening: a prompt opens and closes. */
	if (!storm_wait(s, E2E_WAIT, cond_no_prompt, NULL))
		storm_fail(s, "a prompt is open");
	pty_type(s->p, ":");
	if (!storm_wait_str(s, cond_status_eq, ":"))
		storm_fail(s, "no prompt on ':' after the storm");
	pty_key(s->p, VTERM_KEY_ESCAPE, 0);
	if (!storm_wait(s, E2E_WAIT, cond_no_prompt, NULL))
		storm_fail(s, "Esc did not close the prompt");
	pty_type(s->p, "q");
	/* Unsynced edits on a disk file: q asks first; q again quits. */
	if (!pty_wait(s->p, E2E_WAIT, cond_text, quit_anyway) &&
	    !pty_hung_up(s->p))
		storm_fail(s, "q neither quit nor asked");
	if (!pty_hung_up(s->p))
		pty_type(s->p, "q");
	PTY_ASSERT(s->p, pty_wait_exit(s->p, E2E_WAIT, &status),
	    "livehex did not exit on q");
	text = pty_screen_text(s->p);
	ck_assert_msg(strstr(text, "Sanitizer") == NULL &&
	    strstr(text, "runtime error") == NULL,
	    "sanitizer report after exit:\n%s", text);
	free(text);
	ck_assert_msg(WIFEXITED(status) && WEXITSTATUS(status) == 0,
	    "livehex exit status %d", status);
	PTY_ASSERT(s->p, pty_screen_is_normal(s->p), "terminal not restored");
}

/* Print the figures as a TAP comment, then free S. */
static void
storm_finish(struct storm *s)
{
	char	kinds[256];
	int	n = 0;

	for (int k = 0; k < SK_KINDS; k++)
		n += snprintf(kinds + n, sizeof kinds - (size_t)n, "%s%s %u",
		    k ? ", " : "", storm_kind_name[k], s->model.count[k]);
	fprintf(stderr, "# storm %s: seed %#" PRIx64 ", %u steps (%s), "
	    "%u checkpoints (I3 within %u ms), %u reopens, %" PRIu64
	    " key actions, %" PRIu64 " edit tasks (%u bytes typed), %" PRIu64
	    " screen checks (%" PRIu64 " complete frames, %" PRIu64 " with the "
	    "end of the file on screen), %u watch runs (%u "
	    "lines), "
	    "%.1f s\n", s->cfg->name, s->seed, s->model.step, kinds,
	    s->checkpoints, s->converge_max, s->reopens, s->actions, s->tasks,
	    s->bytes_typed, s->checks, s->frames, s->frames_end, s->watch_runs,
	    s->watch_lines,
	    (double)(tu_now_ms() - s->t0) / 1000.0);
	pty_free(s->p);
	munmap(s->shm, sizeof *s->shm);
	free(s->model.bytes);
	free(s->file);
	free(s->dir);
	free(s->path);
	free(s->log);
	free(s->base);
}

/* ---- survival: everything at once ------------------------------------------ */

/* Type one random thing into the viewer, then watch for a moment. */
static void
survival_act(struct storm *s)
{
	struct prng	*r = &s->keys;
	char		 buf[64];
	/*
	 * No 'i', 'p', 'q', 'm' or '?' anywhere, even in a prompt's text:
	 * after an undo question eats the ':', the rest are keys.  'R' only
	 * before hex digits and an Esc (edit mode).
	 */
	static const char *const sets[] = {
		":set u32le 3735928559\r", ":set hex de ad\r", ":set u8 7\r",
		":set u64be 1\r", ":set u16be 65534\r",
	};

	switch (prng_below(r, 22)) {
	case 0: case 1: case 2: case 3: case 4: {
		size_t	n = 1 + (size_t)prng_below(r, 4);

		memset(buf, "hjkl"[prng_below(r, 4)], n);
		buf[n] = '\0';
		pty_type(s->p, buf);
		break;
	}
	case 5:
		pty_type(s->p, "G");
		break;
	case 6:
		pty_type(s->p, "g");
		break;
	case 7: case 8:
		pty_key(s->p, VTERM_KEY_PAGEDOWN, 0);
		break;
	case 9:
		pty_key(s->p, VTERM_KEY_PAGEUP, 0);
		break;
	case 10: case 11:
		snprintf(buf, sizeof buf, ":0x%" PRIx64 "\r",
		    prng_below(r, s->cfg->max + 512));
		pty_type(s->p, buf);
		break;
	case 12:
		pty_type(s->p, prng_below(r, 2) ? ":$\r" : ":50%\r");
		break;
	case 13: case 14: case 15:
		/* Edit mode (R), a byte, Esc. */
		snprintf(buf, sizeof buf, "R%02x", (unsigned)prng_below(r, 256));
		pty_type(s->p, buf);
		pty_key(s->p, VTERM_KEY_ESCAPE, 0);
		break;
	case 16:
		/* Half a byte, then a move abandons it. */
		snprintf(buf, sizeof buf, "R%x", (unsigned)prng_below(r, 16));
		pty_type(s->p, buf);
		pty_key(s->p, VTERM_KEY_RIGHT, 0);
		pty_key(s->p, VTERM_KEY_ESCAPE, 0);
		break;
	case 17:
		pty_type(s->p, sets[prng_below(r, 5)]);
		break;
	case 18:
		if (prng_below(r, 2))
			pty_type(s->p, "u");
		else
			pty_ctrl(s->p, 'r');
		break;
	case 19:
		pty_type(s->p, "F");
		break;
	case 20:
		pty_type(s->p, prng_below(r, 2) ? "/de ad\r" : "n");
		break;
	default:
		if (prng_below(r, 2))
			pty_type(s->p, "s");
		else
			pty_ctrl(s->p, 'l');
		break;
	}
	s->actions++;
	storm_wait(s, 2 + (int)prng_below(r, 24), NULL, NULL);
}

START_TEST(storm_survival)
{
	static const struct storm_cfg cfg = {
		.name = "survival",
		.steps = 300,
		.every = 10,
		.init = 4096,
		.floor = 0,
		.max = 16384,
		.lo = 0,
		/* shrink, to 0, grow, pwrite, store, unlink+recreate */
		.weight = { 18, 5, 22, 25, 25, 5 },
		.min_ms = 5,
		.max_ms = 55,
	};
	struct storm_cfg	c = cfg;
	struct storm		s;

	c.steps = storm_env_steps(cfg.steps);
	storm_setup(&s, &c, 0x5701a);
	storm_run(&s, survival_act);
	storm_watch_end(&s);
	storm_quit(&s);
	storm_finish(&s);
}
END_TEST

/* ---- exact: our edits and the storm's, byte for byte --------------------------- */

/* Go to OFF through the prompt: no key typed before it can move us after. */
static void
exact_goto(struct storm *s, uint64_t off)
{
	char	buf[64], want[64];

	snprintf(buf, sizeof buf, ":0x%" PRIx64, off);
	pty_type(s->p, buf);
	/* The prompt shows once every earlier key has been handled. */
	if (!storm_wait(s, E2E_WAIT, cond_status_eq, buf))
		storm_fail(s, "no prompt \"%s\"", buf);
	pty_type(s->p, "\r");
	snprintf(want, sizeof want, "0x%" PRIx64 " (%" PRIu64 ") ", off, off);
	if (!storm_wait(s, E2E_WAIT, cond_status_starts, want))
		storm_fail(s, "the cursor never reached 0x%" PRIx64, off);
}

/* Wait until the file holds our model of [OFF, OFF+LEN). */
static void
exact_wait_file(struct storm *s, uint64_t off, size_t len, const char *what)
{
	struct file_want	w = { s->path, off, s->edits + off, len };

	if (!storm_wait(s, E2E_WAIT, cond_file, &w))
		storm_fail(s, "%s at 0x%" PRIx64 " never reached the file",
		    what, off);
}

/* Wait for the cursor at OFF (it was elsewhere: the key moves it). */
static void
exact_wait_cursor(struct storm *s, uint64_t off)
{
	char	want[64];

	snprintf(want, sizeof want, "0x%" PRIx64 " (%" PRIu64 ") ", off, off);
	if (!storm_wait(s, E2E_WAIT, cond_status_starts, want))
		storm_fail(s, "the cursor never reached 0x%" PRIx64, off);
}

/* A byte that differs from B (so the wait that follows means something). */
static unsigned char
exact_other(struct prng *r, unsigned char b)
{
	return (unsigned char)(b ^ (1 + prng_below(r, 255)));
}

/* Hex digits over 1-6 bytes in one edit run, sometimes undone and redone. */
static void
exact_hex(struct storm *s)
{
	struct prng	*r = &s->keys;
	size_t		 n = 1 + (size_t)prng_below(r, 6);
	uint64_t	 off = prng_below(r, EXACT_LO - n + 1);
	unsigned char	 old[8], mine[8];
	char		 buf[16];

	exact_goto(s, off);
	memcpy(old, s->edits + off, n);
	pty_type(s->p, "R");
	for (size_t i = 0; i < n; i++) {
		s->edits[off + i] = exact_other(r, s->edits[off + i]);
		/* Pasted dumps have separators: skipped between bytes. */
		snprintf(buf, sizeof buf, i % 2 ? "%02X " : "%02x",
		    s->edits[off + i]);
		pty_type(s->p, buf);
	}
	pty_key(s->p, VTERM_KEY_ESCAPE, 0);
	memcpy(mine, s->edits + off, n);
	s->bytes_typed += (unsigned)n;
	exact_wait_file(s, off, n, "typed bytes");
	exact_wait_cursor(s, off + n);
	if (prng_below(r, 3) == 0) {
		/* Undo the run: all of it comes back; redo: ours again. */
		pty_type(s->p, "u");
		memcpy(s->edits + off, old, n);
		exact_wait_file(s, off, n, "undo");
		if (prng_below(r, 2)) {
			pty_ctrl(s->p, 'r');
			memcpy(s->edits + off, mine, n);
			exact_wait_file(s, off, n, "redo");
		}
	}
}

/* :set of a typed value (one store), its first byte changed. */
static void
exact_set(struct storm *s)
{
	static const struct {
		const char	*type;
		size_t		 len;
		bool		 be;
	} types[] = {
		{ "u8", 1, false }, { "u16le", 2, false }, { "u16be", 2, true },
		{ "u32le", 4, false }, { "u32be", 4, true },
		{ "u64le", 8, false }, { "u64be", 8, true },
	};
	struct prng	*r = &s->keys;
	size_t		 t = (size_t)prng_below(r, 7), len = types[t].len;
	uint64_t	 off = prng_below(r, EXACT_LO - len + 1), v;
	unsigned char	 b[8];
	char		 buf[80];

	do {
		v = prng_next(r);
		if (len < 8)
			v &= (1ULL << (8 * len)) - 1;
		for (size_t i = 0; i < len; i++)
			b[types[t].be ? len - 1 - i : i] =
			    (unsigned char)(v >> (8 * i));
	} while (memcmp(b, s->edits + off, len) == 0);
	exact_goto(s, off);
	memcpy(s->edits + off, b, len);
	snprintf(buf, sizeof buf, ":set %s %" PRIu64 "\r", types[t].type, v);
	pty_type(s->p, buf);
	s->bytes_typed += (unsigned)len;
	exact_wait_file(s, off, len, ":set");
}

/* Text in the ASCII pane, then back to the hex pane. */
static void
exact_text(struct storm *s)
{
	struct prng	*r = &s->keys;
	size_t		 n = 1 + (size_t)prng_below(r, 5);
	uint64_t	 off = prng_below(r, EXACT_LO - n + 1);
	char		 buf[8];
	bool		 hex = false, ascii = true;

	exact_goto(s, off);
	/* Not the pane messages: a shrink message can replace them. */
	if (!storm_wait(s, E2E_WAIT, cond_pane, &hex))
		storm_fail(s, "the cursor is not in the hex pane");
	pty_type(s->p, "\t");
	if (!storm_wait(s, E2E_WAIT, cond_pane, &ascii))
		storm_fail(s, "Tab: the cursor is not in the ASCII pane");
	for (size_t i = 0; i < n; i++) {
		unsigned char	c;

		do
			c = (unsigned char)('A' + prng_below(r, 26));
		while (c == s->edits[off + i]);
		s->edits[off + i] = c;
		buf[i] = (char)c;
	}
	buf[n] = '\0';
	pty_type(s->p, "R");
	pty_type(s->p, buf);
	pty_key(s->p, VTERM_KEY_ESCAPE, 0);
	s->bytes_typed += (unsigned)n;
	exact_wait_file(s, off, n, "text");
	exact_wait_cursor(s, off + n);
	pty_type(s->p, "\t");
	if (!storm_wait(s, E2E_WAIT, cond_pane, &hex))
		storm_fail(s, "Tab: the cursor is not back in the hex pane");
}

/* Moves anywhere (the storm's part too): nothing is typed after them
 * until exact_goto has seen its prompt. */
static void
exact_moves(struct storm *s)
{
	struct prng	*r = &s->keys;
	int		 n = 1 + (int)prng_below(r, 4);

	for (int i = 0; i < n; i++) {
		switch (prng_below(r, 7)) {
		case 0:
			pty_type(s->p, "G");
			break;
		case 1:
			pty_type(s->p, "g");
			break;
		case 2:
			pty_key(s->p, VTERM_KEY_PAGEDOWN, 0);
			break;
		case 3:
			pty_type(s->p, "jjj");
			break;
		case 4:
			pty_type(s->p, "kk");
			break;
		case 5:
			pty_type(s->p, "lll");
			break;
		default:
			pty_type(s->p, "h");
			break;
		}
	}
	s->actions += (uint64_t)n;
}

/* One task of the exact test, then a short look at the screen. */
static void
exact_act(struct storm *s)
{
	switch (prng_below(&s->keys, 5)) {
	case 0:
	case 1:
		exact_hex(s);
		break;
	case 2:
		exact_set(s);
		break;
	case 3:
		exact_text(s);
		break;
	default:
		exact_moves(s);
		break;
	}
	s->tasks++;
	storm_wait(s, 2 + (int)prng_below(&s->keys, 10), NULL, NULL);
}

START_TEST(storm_exact)
{
	static const struct storm_cfg cfg = {
		.name = "exact",
		.steps = 200,
		.every = 20,
		.init = 4096,
		.floor = EXACT_FLOOR,
		.max = 8192,
		.lo = EXACT_LO,
		/* shrink, to 0, grow, pwrite, store, unlink+recreate */
		.weight = { 20, 0, 20, 30, 30, 0 },
		.min_ms = 5,
		.max_ms = 45,
	};
	struct storm_cfg	c = cfg;
	struct storm		s;
	uint64_t		size;

	c.steps = storm_env_steps(cfg.steps);
	storm_setup(&s, &c, 0xe8ac7);
	s.exact = true;
	storm_run(&s, exact_act);
	/* The last checkpoint compared every byte; once more, for the end. */
	size = storm_read_file(&s);
	ck_assert_uint_eq(size, s.model.size);
	for (uint64_t i = 0; i < size; i++)
		if (s.file[i] != (i < EXACT_LO ? s.edits[i] : s.model.bytes[i]))
			storm_fail(&s, "byte 0x%" PRIx64 " differs at the end",
			    i);
	storm_watch_end(&s);
	storm_quit(&s);
	storm_finish(&s);
}
END_TEST

/* Build the suite. */
static Suite *
storm_suite(void)
{
	Suite	*s = suite_create("storm");
	TCase	*tc = timeout_tcase("storm", TIMEOUT_LONG);

	/* Each storm runs 10-20 s on a quiet machine; the sanitizer build
	 * on two loaded cores takes several times that. */
	tcase_add_test(tc, storm_survival);
	tcase_add_test(tc, storm_exact);
	suite_add_tcase(s, tc);
	return s;
}

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	SRunner	*sr = srunner_create(storm_suite());
	int	 failed;

	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
