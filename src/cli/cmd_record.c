/* SPDX-License-Identifier: ISC */
/*
 * cmd_record.c - `livehex record`: record a live file into FILE.lhrec.
 *
 *	livehex record SOURCE -o FILE.lhrec [--duration S] [--max-size N]
 *	    [--cpu PERCENT] [--force]
 *
 * What it does: opens SOURCE read-only as a live session (live.h) with
 * the page map over the whole file, takes the first lap of page hashes,
 * then the initial image, and writes both the image and every change the
 * session finds afterwards into the recording (record.h).  In that order
 * so that nothing stored after the image can go unnoticed: a page that
 * changed between its hash and the image is read again when the next
 * lap sees it differ, and the writer records only what differs from its
 * copy.
 *
 * How changes are found: the page map (changemap.h) hashes pages in
 * slices, in place (we hold a copy of the whole file anyway, so the
 * mapped pages cost no more memory), and keeps the bytes of each page it
 * finds changed; the bytes that differ from the recording's copy are
 * recorded, stamped with the time of the sweep, without reading the page
 * a second time.  --cpu (default 5) is the whole recorder's share of a
 * core: twice a second the sweep's budget becomes what recording (the
 * diff, zstd, writing, waking) left of it (rec_account).  A page that changes and changes back between
 * two visits is not seen, and two stores into one page between visits
 * are one change: the recording holds what polling saw.  When the file
 * grows the new bytes are read and recorded at once, and once more after
 * the page map has been round (its first hash of a new page compares
 * with nothing, so a store between our read and that hash would be lost
 * otherwise); when it shrinks the size change says so.
 *
 * Never writes to SOURCE: the door is opened with DOOR_RDONLY.  Refuses
 * to overwrite an existing FILE unless --force.
 *
 * Ending: SIGINT and SIGTERM only set a flag (blocked outside ppoll, so
 * none is lost between the check and the wait); the loop then writes the
 * pending block and the end block, so a stopped recording is whole.
 * --duration and --max-size end it the same way.  Progress goes to stderr
 * once a second when stderr is a terminal; one summary line always.
 *
 * Exit status: 0 recorded (whatever ended it); 1 SOURCE could not be
 * opened or read, or FILE could not be written; 2 usage.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "changemap.h"
#include "cli.h"
#include "door.h"
#include "esc.h"
#include "live.h"
#include "number.h"
#include "record.h"
#include "source.h"
#include "xmalloc.h"

/* The session's tick, ms: how often the size is looked at and pages swept. */
#define REC_PERIOD	25
/* Progress lines, ms apart. */
#define REC_PROGRESS	1000
/* The sweep's share of a core is decided again this often, ms. */
#define REC_ACCOUNT_MS	500

/* Long options. */
enum { REC_OPT_DURATION = 256, REC_OPT_MAX_SIZE, REC_OPT_FORCE,
	REC_OPT_CPU };

static const struct cli_opt rec_opts_table[] = {
	{ "output", 'o', "FILE", 'o', "the recording to write (FILE.lhrec); "
	  "must not exist\nunless --force" },
	{ "duration", 0, "S", REC_OPT_DURATION, "stop after S seconds "
	  "(e.g. 2.5; default: until Ctrl-C)" },
	{ "max-size", 0, "N", REC_OPT_MAX_SIZE, "stop before the recording "
	  "passes N bytes (K, M, G)" },
	{ "cpu", 0, "PERCENT", REC_OPT_CPU, "share of a core the recorder "
	  "uses, 1-100 (default 5)" },
	{ "force", 0, NULL, REC_OPT_FORCE, "replace FILE when it exists" },
	{ NULL, 0, NULL, 0, NULL },
};

/* Everything the command line decides. */
struct rec_opts {
	const char	*source;
	const char	*out;
	uint64_t	 duration;	/* ms; 0: until a signal */
	uint64_t	 max_size;	/* 0: no limit */
	unsigned	 cpu;		/* percent */
	bool		 force;
};

/* A running recording. */
struct rec {
	const struct rec_opts	*o;
	struct live		*live;
	struct record_writer	*w;
	char			*shown;		/* SOURCE, escaped */
	char			*shown_out;	/* FILE, escaped */
	uint64_t		 base;		/* live_now at time 0 */
	uint8_t			*buf;		/* page reads */
	size_t			 bufcap;
	bool			 failed;	/* reported: exit 1 */
	bool			 full;		/* --max-size reached */
	bool			 tty;		/* progress on stderr */
	uint64_t		 last_changes;	/* at the last progress line */
	/*
	 * Grown bytes to read again once the page map has been round
	 * (GROWN_LEFT more bytes of sweep budget): see rec_event.
	 */
	uint64_t		 grown_lo, grown_hi;
	uint64_t		 grown_left;
	uint64_t		 next_progress;
	/* The sweep's share (rec_account), and when it was last decided. */
	double			 share;
	uint64_t		 acct_at;
	double			 acct_cpu;	/* our CPU seconds then */
};

/* Set by SIGINT and SIGTERM; the loop writes the trailer. */
static volatile sig_atomic_t rec_stop;

/* Print what follows the options in --help to F. */
static void
rec_notes(FILE *f)
{
	fputs("Stores through a mapping are found by comparing page hashes: "
	    "a change undone\nbefore the next look is not recorded.  Ctrl-C "
	    "or SIGTERM ends the recording\nwith a valid file.  Read it back "
	    "with dump, peek or watch FILE.lhrec@TIME\n(seconds from the "
	    "start, or end).  Progress on stderr when it is a terminal.\n"
	    "Exit: 0 recorded; 1 SOURCE or FILE failed; 2 bad command line.\n",
	    f);
}

static const struct cli_arg rec_args[] = {
	{ "SOURCE", NULL },
};

/* `livehex record`, as data: cli.c parses and explains it from here. */
const struct cli_cmd cmd_record_cmd = {
	.name = "record",
	.synopsis = "record SOURCE -o FILE.lhrec [--duration S] "
	    "[--max-size N] [--cpu PERCENT] [--force]",
	.about = "Record SOURCE, a file other processes change, into a "
	    "recording: its first\nimage and every change seen, with their "
	    "times.\n",
	.opts = rec_opts_table,
	.notes = rec_notes,
	.args = rec_args,
	.min_args = 1,
	.max_args = 1,
	.excess = " after SOURCE (only one SOURCE)",
	.run = cmd_record,
};

/* Report a bad value for option NAME; usage status. */
static int
rec_bad_value(const char *name, char *cause)
{
	cli_error("record: %s: %s", cli_name(name), cause);
	free(cause);
	return CLI_EXIT_USAGE;
}

/* Parse the command line into O; CLI_EXIT_OK, or the status to exit with. */
static int
rec_parse(int argc, char **argv, struct rec_opts *o, bool *help)
{
	struct cli_parser	 p;
	char			*cause = NULL;
	uint64_t		 v;
	int			 ch;

	memset(o, 0, sizeof *o);
	o->cpu = 5;
	*help = false;
	cli_start(&p, &cmd_record_cmd, argc, argv);
	while ((ch = cli_next(&p)) > 0) {
		switch (ch) {
		case 'o':
			o->out = p.arg;
			break;
		case REC_OPT_DURATION:
			if (record_parse_time(p.arg, &v, &cause) != 0)
				return rec_bad_value("--duration", cause);
			if (v == 0 || v == UINT64_MAX)
				return rec_bad_value("--duration", xasprintf(
				    "give a time greater than 0 in seconds "
				    "(e.g. 2.5)"));
			o->duration = v;
			break;
		case REC_OPT_MAX_SIZE:
			if (number_parse_u64(p.arg, &o->max_size,
			    NUMBER_SUFFIX | NUMBER_NONZERO, &cause) != 0)
				return rec_bad_value("--max-size", cause);
			break;
		case REC_OPT_CPU:
			if (number_parse_range(p.arg, 1, 100, &v, 0,
			    &cause) != 0)
				return rec_bad_value("--cpu", cause);
			o->cpu = (unsigned)v;
			break;
		case REC_OPT_FORCE:
			o->force = true;
			break;
		}
	}
	if (ch == CLI_STOP) {
		*help = p.status == CLI_EXIT_OK;
		return p.status;
	}
	o->source = argv[optind];
	if (o->out == NULL)
		return cli_cmd_error(&cmd_record_cmd, "record: no -o FILE "
		    "given (where to write the recording)");
	if (strcmp(o->source, "-") == 0)
		return cli_cmd_error(&cmd_record_cmd, "record: SOURCE cannot "
		    "be - (standard input): a stream cannot be mapped");
	return CLI_EXIT_OK;
}

/* Room for LEN bytes in the read buffer. */
static uint8_t *
rec_buf(struct rec *r, size_t len)
{
	if (len > r->bufcap) {
		r->buf = xrealloc(r->buf, len);
		r->bufcap = len;
	}
	return r->buf;
}

/* Take what the writer said; a failure or a full recording stops us. */
static void
rec_rc(struct rec *r, enum record_rc rc, char *cause)
{
	if (rc == RECORD_FULL)
		r->full = true;
	else if (rc == RECORD_ERROR && !r->failed) {
		cli_error("%s: %s", r->shown_out, cause != NULL ? cause :
		    "cannot write it");
		r->failed = true;
	}
	free(cause);
}

/* Read [off, off+len) of SOURCE and record what differs, at T. */
static void
rec_read(struct rec *r, uint64_t t, uint64_t off, uint64_t len)
{
	struct door_copy	 c;
	uint8_t			*p;
	size_t			 n;
	char			*cause = NULL;

	while (len > 0 && !r->failed && !r->full) {
		n = len > 1024 * 1024 ? 1024 * 1024 : (size_t)len;
		p = rec_buf(r, n);
		c = door_read(live_door(r->live), off, p, n);
		if (c.error != 0) {
			cli_error("%s: read failed at offset %" PRIu64 ": %s",
			    r->shown, off + c.valid, door_strerror(c.error));
			r->failed = true;
			return;
		}
		if (c.valid > 0)
			rec_rc(r, record_change(r->w, t, off, p, c.valid,
			    &cause), cause);
		/* Shorter: the file shrank, and the size event will say. */
		if (c.valid < n)
			return;
		off += n;
		len -= n;
	}
}

/*
 * The file grew from OLD to NEW at T: record the new bytes now, and read
 * them again once the page map has been round.  Why twice: the map only
 * takes a first hash of new pages (and of the old last page, whose
 * length changed), so a store that lands between our read and that hash
 * would never be seen as a change; read again after it, it is.
 */
static void
rec_grown(struct rec *r, uint64_t t, uint64_t old, uint64_t new)
{
	size_t	page = changemap_page(live_changemap(r->live));

	rec_read(r, t, old, new - old);
	old -= old % page;
	if (r->grown_hi == 0 || old < r->grown_lo)
		r->grown_lo = old;
	if (new > r->grown_hi)
		r->grown_hi = new;
	r->grown_left = new;
}

/* A session event: pages that changed, a size that moved. */
static void
rec_event(const struct live_event *ev, void *arg)
{
	struct rec	*r = arg;
	char		*cause = NULL;
	uint64_t	 t;

	if (r->w == NULL || r->failed || r->full)
		return;
	t = ev->at_ms > r->base ? ev->at_ms - r->base : 0;
	switch (ev->kind) {
	case LIVE_BYTES:
		/* The bytes the sweep hashed, when it kept them: no read. */
		if (ev->new != NULL)
			rec_rc(r, record_change(r->w, t, ev->off, ev->new,
			    (size_t)ev->len, &cause), cause);
		else
			rec_read(r, t, ev->off, ev->len);
		break;
	case LIVE_SIZE:
		rec_rc(r, record_size(r->w, t, ev->new_size, &cause), cause);
		if (ev->new_size > ev->old_size)
			rec_grown(r, t, ev->old_size, ev->new_size);
		break;
	case LIVE_DELETED:
		cli_error("record: %s was deleted (still recording the open "
		    "file)", r->shown);
		break;
	case LIVE_REPLACED:
		cli_error("record: another file is at %s now (still "
		    "recording the old one)", r->shown);
		break;
	default:
		break;
	}
}

/* The signal handler: only a flag. */
static void
rec_signal(int sig)
{
	(void)sig;
	rec_stop = 1;
}

/* Open SOURCE, take the first lap and the image, create FILE. */
static bool
rec_start(struct rec *r)
{
	const struct rec_opts	*o = r->o;
	struct record_limits	 lim;
	struct door_copy	 c;
	struct timespec		 ts;
	uint64_t		 size;
	uint8_t			*img;
	char			*cause = NULL;

	r->live = live_open(o->source, DOOR_RDONLY, NULL, NULL, &cause);
	if (r->live == NULL) {
		cli_error("%s: %s", r->shown, cause);
		free(cause);
		return false;
	}
	live_set_period(r->live, REC_PERIOD);
	live_pages(r->live, 0);
	/*
	 * We hold the whole image anyway, so hashing in place costs no more
	 * memory and copies nothing; and the sweep hands us the bytes it
	 * hashed, so no changed page is read twice.
	 */
	live_pages_flags(r->live, LIVE_PAGES_KEEP | LIVE_PAGES_IN_PLACE);
	/* The first lap only takes hashes: the baseline. */
	live_sweep(r->live, SIZE_MAX, live_now(r->live));
	r->base = live_now(r->live);
	clock_gettime(CLOCK_REALTIME, &ts);
	size = door_size(live_door(r->live));
	if ((size_t)size != size || size > SIZE_MAX / 2) {
		cli_error("%s: %" PRIu64 " bytes do not fit in memory",
		    r->shown, size);
		return false;
	}
	img = xmalloc(size > 0 ? (size_t)size : 1);
	c = door_read(live_door(r->live), 0, img, (size_t)size);
	if (c.error != 0) {
		cli_error("%s: read failed at offset %zu: %s", r->shown,
		    c.valid, door_strerror(c.error));
		free(img);
		return false;
	}
	memset(&lim, 0, sizeof lim);
	lim.max_size = o->max_size;
	r->w = record_create(o->out, o->force ? RECORD_FORCE : 0, o->source,
	    (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec, img,
	    c.valid, &lim, &cause);
	free(img);
	if (r->w == NULL) {
		cli_error("%s: %s", r->shown_out, cause);
		free(cause);
		return false;
	}
	/*
	 * A shrink during the copy: the image is what was there, and the
	 * session's next look reports the size, which the writer then has.
	 */
	live_subscribe(r->live, rec_event, r);
	return true;
}

/* "1.5 MiB" for N bytes into BUF. */
static const char *
rec_bytes(uint64_t n, char *buf, size_t len)
{
	if (n < 1024)
		snprintf(buf, len, "%" PRIu64 " B", n);
	else if (n < 1024 * 1024)
		snprintf(buf, len, "%.1f KiB", (double)n / 1024);
	else
		snprintf(buf, len, "%.1f MiB", (double)n / (1024 * 1024));
	return buf;
}

/* One progress line on stderr (overwriting the last). */
static void
rec_progress(struct rec *r, uint64_t now)
{
	struct record_stats	st = record_writer_stats(r->w);
	char			t[32], a[32], b[32];

	fprintf(stderr, "\rlivehex: recording %s: %s, %s changed, %" PRIu64
	    " changes/s, %s written\033[K", r->shown,
	    record_fmt_time(now - r->base, t, sizeof t),
	    rec_bytes(st.changed_bytes, a, sizeof a),
	    st.changes - r->last_changes, rec_bytes(st.written, b,
	    sizeof b));
	r->last_changes = st.changes;
}

/* Milliseconds until the next thing due (tick, progress, duration). */
static int
rec_timeout(const struct rec *r)
{
	uint64_t	now = live_now(r->live), due = live_deadline(r->live);

	if (r->tty && r->next_progress < due)
		due = r->next_progress;
	if (r->o->duration != 0 && r->base + r->o->duration < due)
		due = r->base + r->o->duration;
	return due > now ? (int)(due - now) : 0;
}

/* After a sweep of BUDGET: read grown bytes again once it has been round. */
static void
rec_regrown(struct rec *r, uint64_t now, size_t budget)
{
	uint64_t	size = door_size(live_door(r->live));

	if (r->grown_hi == 0)
		return;
	/* A page costs at most its size: BUDGET bytes visit that much. */
	if (r->grown_left > budget) {
		r->grown_left -= budget;
		return;
	}
	if (r->grown_hi > size)
		r->grown_hi = size;
	if (r->grown_lo < r->grown_hi)
		rec_read(r, now - r->base, r->grown_lo, r->grown_hi -
		    r->grown_lo);
	r->grown_lo = r->grown_hi = 0;
}

/* This process's CPU time, seconds (0 if the clock is missing). */
static double
rec_cputime(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts) == -1)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

/*
 * Decide the sweep's share of a core twice a second.  --cpu is the whole
 * recorder's share: the sweep gets what diffing, compressing, writing and
 * waking up leave of it.  The share moves by half the gap between what
 * the recorder used in the last half second and its aim, a twentieth
 * under --cpu so that what it spends outside the loop (its last lap,
 * the end of the file, the exit) stays within --cpu (an integral
 * controller: it needs no model of what a byte of sweep costs, so its
 * errors cannot add up; a noisy moment moves it only halfway).  It starts
 * at half of --cpu, before the recording's own cost is known, and never
 * goes below a tenth of it: with a writer so busy that recording it costs
 * all of --cpu, changes must still be found; the recorder then uses more.
 */
static void
rec_account(struct rec *r, uint64_t now)
{
	double	cpu = rec_cputime(), target = r->o->cpu / 100.0 * 0.95, used;

	if (r->acct_at == 0 || now < r->acct_at) {
		r->share = target / 2;
		r->acct_at = now;
		r->acct_cpu = cpu;
		return;
	}
	if (now - r->acct_at < REC_ACCOUNT_MS)
		return;
	used = (cpu - r->acct_cpu) * 1000.0 / (double)(now - r->acct_at);
	r->share += (target - used) / 2;
	if (r->share > target)
		r->share = target;
	if (r->share < target / 10)
		r->share = target / 10;
	r->acct_at = now;
	r->acct_cpu = cpu;
}

/* Poll until a signal, the duration, the size limit or a failure. */
static void
rec_loop(struct rec *r, const sigset_t *waitmask)
{
	struct pollfd	 pfd = { .fd = live_fd(r->live), .events = POLLIN };
	struct timespec	 ts;
	size_t		 budget;
	uint64_t	 now;
	char		*cause = NULL;
	int		 ms, rc = 0;

	r->next_progress = r->base + REC_PROGRESS;
	while (!rec_stop && !r->failed && !r->full) {
		ms = rec_timeout(r);
		ts.tv_sec = ms / 1000;
		ts.tv_nsec = (long)(ms % 1000) * 1000000;
		if (ppoll(&pfd, pfd.fd == -1 ? 0 : 1, &ts, waitmask) == -1 &&
		    errno != EINTR) {
			cli_error("record: poll: %s", strerror(errno));
			r->failed = true;
			break;
		}
		if (rec_stop)
			break;
		now = live_now(r->live);
		if (pfd.fd != -1 && (pfd.revents & POLLIN))
			rc = live_on_fd(r->live, &cause);
		if (rc == 0 && now >= live_deadline(r->live)) {
			rc = live_tick(r->live, now, &cause);
			rec_account(r, now);
			budget = changemap_budget(live_changemap(r->live),
			    r->share, REC_PERIOD);
			/*
			 * One fstat a tick: the sweep refreshes the size and
			 * its reads, and ours (grown bytes, changed pages the
			 * sweep could not keep) clamp to that (door_hold);
			 * without the hold each read stats the file first,
			 * two system calls per read.  A shrink meanwhile still shows as a
			 * short pread, and the next tick reports the size.
			 */
			door_hold(live_door(r->live), true);
			live_sweep(r->live, budget, now);
			rec_regrown(r, now, budget);
			door_hold(live_door(r->live), false);
			rec_rc(r, record_tick(r->w, now - r->base, &cause),
			    cause);
			cause = NULL;
		}
		if (rc == -1) {
			cli_error("%s: %s", r->shown, cause);
			free(cause);
			r->failed = true;
			break;
		}
		if (r->tty && now >= r->next_progress) {
			rec_progress(r, now);
			r->next_progress += REC_PROGRESS;
		}
		if (r->o->duration != 0 && now >= r->base + r->o->duration)
			break;
	}
}

/* Finish the recording and print the summary; the exit status. */
static int
rec_end(struct rec *r)
{
	struct record_stats	 st;
	uint64_t		 end = live_now(r->live) - r->base;
	char			*cause = NULL, t[32], a[32];
	const char		*why;
	int			 rc;

	if (r->o->duration != 0 && end > r->o->duration)
		end = r->o->duration;
	/*
	 * One last whole lap, stamped at the end: the recording ends with
	 * what the file holds when it stops, not with what the last slice
	 * of a long lap happened to see (a store just before Ctrl-C).
	 */
	if (!r->failed && !r->full) {
		door_hold(live_door(r->live), true);
		live_sweep(r->live, SIZE_MAX, r->base + end);
		door_hold(live_door(r->live), false);
	}
	rc = record_finish(r->w, end, &st, &cause);
	r->w = NULL;
	if (r->tty)
		fputs("\r\033[K", stderr);
	if (rc == -1 && !r->failed) {
		cli_error("%s: %s", r->shown_out, cause);
		r->failed = true;
	}
	free(cause);
	why = r->failed ? "failed" : r->full ? "--max-size reached" :
	    rec_stop ? "stopped" : "--duration reached";
	fprintf(stderr, "livehex: recorded %s to %s: %s, %" PRIu64
	    " changes (%s), %" PRIu64 " size changes, %" PRIu64
	    " bytes written (%s)\n", r->shown, r->shown_out,
	    record_fmt_time(end, t, sizeof t), st.changes,
	    rec_bytes(st.changed_bytes, a, sizeof a), st.sizes,
	    st.written, why);
	return r->failed ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}

/* `livehex record`: entry point from the subcommand table. */
int
cmd_record(int argc, char **argv)
{
	struct rec_opts		 o;
	struct rec		 r;
	struct sigaction	 sa;
	sigset_t		 block, waitmask;
	bool			 help, utf8;
	int			 status;

	status = rec_parse(argc, argv, &o, &help);
	if (status != CLI_EXIT_OK || help)
		return status;
	memset(&r, 0, sizeof r);
	r.o = &o;
	utf8 = strcmp(nl_langinfo(CODESET), "UTF-8") == 0;
	r.shown = esc_text(o.source, utf8);
	r.shown_out = esc_text(o.out, utf8);
	r.tty = isatty(STDERR_FILENO);
	/* Blocked except inside ppoll: a signal is never missed. */
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = rec_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	status = CLI_EXIT_FAIL;
	if (rec_start(&r)) {
		fprintf(stderr, "livehex: recording %s to %s: %" PRIu64
		    " bytes\n", r.shown, r.shown_out,
		    door_size(live_door(r.live)));
		rec_loop(&r, &waitmask);
		status = rec_end(&r);
	}
	live_close(r.live);
	free(r.buf);
	free(r.shown);
	free(r.shown_out);
	return status;
}
