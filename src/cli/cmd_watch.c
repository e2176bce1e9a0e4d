/* SPDX-License-Identifier: ISC */
/*
 * cmd_watch.c - `livehex watch`: one line per change to a shared file.
 *
 *	livehex watch [-s OFFSET] [-l LEN] [--interval MS] [--count N] SOURCE
 *
 * For scripts, logs and classrooms: what the viewer highlights, as text.
 * Each line starts with the local time at which watch looked (microseconds,
 * not the time of the store: nobody can know that) and a keyword or offset
 * that says what kind of line it is:
 *
 *	12:34:56.789012 0x00000010 +4 de ad be ef -> 01 02 03 04
 *	12:34:56.789012 0x00000100 +40 00 01 .. 0f ... -> ee ee .. ee ...
 *	12:34:56.801233 size 4096 -> 100 (shrank)
 *	12:34:56.811999 size 100 -> 8192 (grew)
 *	12:34:57.000001 deleted (still watching the open file)
 *	12:34:57.000001 renamed (still watching the same file)
 *	12:34:57.000001 replaced (a new file is at the path; still watching
 *	    the old one)
 *
 * A change line is a run of bytes (runs.c) that differs from the last
 * look: its file offset (at least 8 hex digits), +length, the old bytes,
 * "->" and the new bytes, in lowercase hex.  At most WATCH_SHOW bytes of
 * each side are shown, then "..."; the length says how many there were.
 * (The second example is abbreviated here; the real line has all 16.)
 * Changed stretches separated by at most WATCH_GAP equal bytes are one line,
 * so a u32 whose bytes 0 and 2 changed is one line.  The arrow is plain
 * "->" in every locale: easy to type into grep and awk.
 *
 * How it looks: polling is the only way to see stores through a mapping
 * (design.md fact 1), so the live session (live.h) ticks every --interval
 * MS (default 10; its deadline is poll's timeout, so the period does not
 * drift) and each tick copies the window through the door and compares it
 * with the last copy; watch prints the session's events.  inotify on the
 * file (write(2), truncate, unlink, rename) makes the session look at once
 * instead of at the next tick; inotify on the directory notices a new file
 * appearing at the path.  A value that changes and
 * changes back between two looks is never seen: that is polling.  inotify
 * is best effort (no descriptor, a full watch table, an unreadable
 * directory): without it every change is still seen at the next tick, and
 * "deleted" still comes from st_nlink, but "renamed" and "replaced" are
 * not reported.
 *
 * The window: [-s, -s + -l), clamped to the file as it is at each look.
 * -s is an absolute offset: no xxd-style "-s -N" from the end, because the
 * end of a live file moves.
 * Without -l it is at most WATCH_DEFAULT_LEN (1 MiB) bytes, because
 * copying a huge file every 10 ms would be silly; a note on stderr says so
 * when the file is bigger.  -l accepts up to WATCH_MAX_LEN (1 GiB).  Bytes
 * that appear when the file grows are the new baseline: they are reported
 * by the size line, and their later changes by change lines.  Bytes lost
 * when it shrinks simply go.  A shrink and regrow between two looks shows
 * only as changed bytes.  Size lines are about the whole file, so they are
 * printed even when the window is elsewhere.
 *
 * Deleted, renamed, replaced: watch keeps watching the file it opened, and
 * says so.  A file moved onto the path (the usual "write a temporary file
 * and rename it" update) gives both "deleted" (the old file lost its last
 * name) and "replaced"; to follow the new file, start watch again.
 *
 * --count N: every line on stdout counts (change, size, deleted, renamed,
 * replaced); watch exits 0 right after the Nth, even in the middle of a
 * look.  Notes on stderr do not count.
 *
 * Output: stdout is line buffered (setvbuf) and flushed after every line,
 * so each line reaches a pipe when it happens.  Before the first look can
 * report anything, one line "livehex: watching ..." goes to stderr: it says
 * the first copy has been taken, so a script (or a test) can make changes
 * after it and know they will be seen (as inotifywait's "Watches
 * established.").  SOURCE is escaped (esc_text) in everything watch
 * writes to stderr: a file name can hold terminal escapes.
 *
 * Ending: SIGINT and SIGTERM arrive through a signalfd (no handler runs;
 * SIGBUS stays the door's and is never blocked) and end watch with status
 * 0.  A reader that goes away also ends it quietly with status 0: SIGPIPE
 * is ignored, EPIPE stops the loop, and stdout is in the poll set with no
 * events so that POLLERR (the pipe lost its reader) ends a watch that has
 * nothing to print.
 *
 * Exit status: 0 stopped by a signal, by --count or by the reader; 1 the
 * source cannot be opened or watched, or stdout failed; 2 usage.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <langinfo.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "door.h"
#include "esc.h"
#include "live.h"
#include "number.h"
#include "source.h"

/* Window length without -l (compile-time override for tests). */
#ifndef WATCH_DEFAULT_LEN
#define WATCH_DEFAULT_LEN	(1024 * 1024)
#endif
/* The largest -l: two copies of it are kept. */
#define WATCH_MAX_LEN		(1024 * 1024 * 1024)
/* Bytes of each side shown on a change line before "...". */
#define WATCH_SHOW		16
/* Changes at most this many equal bytes apart share a line. */
#define WATCH_GAP		3
/* Default and limits of --interval, in milliseconds. */
#define WATCH_INTERVAL		10
#define WATCH_INTERVAL_MAX	1000

/* How a step of the watch ended. */
enum watch_rc {
	WATCH_GO,	/* keep watching */
	WATCH_STOP,	/* done: --count reached, a signal, the reader left */
	WATCH_FAIL,	/* an error, already reported: exit 1 */
};

/* Long options. */
enum { WATCH_OPT_INTERVAL = 256, WATCH_OPT_COUNT };

/* A number macro as a string, for the help text. */
#define WATCH_STR_(x)	#x
#define WATCH_STR(x)	WATCH_STR_(x)

static const struct cli_opt watch_opts_table[] = {
	{ NULL, 's', "OFFSET", 's', "first byte to watch (default 0)" },
	{ NULL, 'l', "LEN", 'l', "bytes to watch (default: up to 1 MiB, with "
	  "a note on\nstderr when the file is bigger; at most 1 GiB)" },
	{ "interval", 0, "MS", WATCH_OPT_INTERVAL, "look every MS "
	  "milliseconds, 1-" WATCH_STR(WATCH_INTERVAL_MAX) " (default "
	  WATCH_STR(WATCH_INTERVAL) ")" },
	{ "count", 0, "N", WATCH_OPT_COUNT, "exit after N lines (every kind "
	  "of line counts)" },
	{ NULL, 0, NULL, 0, NULL },
};

/* Everything the command line decides. */
struct watch_opts {
	uint64_t	 off;		/* -s */
	size_t		 len;		/* -l, or WATCH_DEFAULT_LEN */
	bool		 have_len;	/* -l given */
	unsigned	 interval;	/* --interval, ms */
	uint64_t	 count;		/* --count, 0 for no limit */
	const char	*source;
};

/* The poll set. */
enum { WATCH_SIGNAL, WATCH_INOTIFY, WATCH_STDOUT, WATCH_NFDS };

/* A running watch. */
struct watch {
	const struct watch_opts	*o;
	struct live		*live;		/* door, identity, events */
	struct live_window	*win;		/* [-s, -s + -l) */
	char			*shown;		/* the path, escaped */
	bool			 usage_error;	/* pid:PID named no single mapping */
	enum watch_rc		 rc;		/* what the lines so far decided */
	uint64_t		 left;		/* lines before --count stops */
	bool			 noted_cap;	/* the 1 MiB note was given */
	char			 stamp[32];	/* time of this look */
	struct pollfd		 pfd[WATCH_NFDS];
};

/* Print what follows the options in --help to F. */
static void
watch_notes(FILE *f)
{
	fprintf(f, "  Numbers: decimal or 0x hex; -s and -l take K, M, G.\n"
	    "Lines (TIME: local time of the look; bytes in hex):\n"
	    "  TIME 0xOFFSET +LEN OLD -> NEW        changed bytes, at most "
	    "%d of each\n"
	    "        side shown, then ...; changes up to %d equal bytes "
	    "apart share a line\n"
	    "  TIME size OLD -> NEW (grew|shrank)   the file's size changed\n"
	    "  TIME deleted (still watching the open file)\n"
	    "  TIME renamed (still watching the same file)\n"
	    "  TIME replaced (a new file is at the path; still watching "
	    "the old one)\n"
	    "Stores through a mapping are found by comparing copies: a "
	    "change undone\nbefore the next look is not seen.  Bytes that "
	    "appear when the file grows\nbecome the baseline for later "
	    "changes.  Stdout is line buffered.\n"
	    "\"livehex: watching ...\" on stderr: the first copy is taken.\n"
	    "Exit: 0 on Ctrl-C, SIGTERM, --count or a closed pipe; 1 when "
	    "SOURCE\ncannot be watched; 2 for a bad command line.\n",
	    WATCH_SHOW, WATCH_GAP);
}

static const struct cli_arg watch_args[] = {
	{ "SOURCE", NULL },
};

/* `livehex watch`, as data: cli.c parses and explains it from here. */
const struct cli_cmd cmd_watch_cmd = {
	.name = "watch",
	.synopsis = "watch [-s OFFSET] [-l LEN] [--interval MS] [--count N] "
	    "SOURCE",
	.about = "Print one line per change to SOURCE, a file other processes "
	    "change.\n",
	.opts = watch_opts_table,
	.notes = watch_notes,
	.args = watch_args,
	.min_args = 1,
	.max_args = 1,
	.excess = " after SOURCE (only one SOURCE)",
	.run = cmd_watch,
};

/* Report a malformed command line (with the usage line); usage status. */
#define watch_usage_error(...) cli_cmd_error(&cmd_watch_cmd, __VA_ARGS__)

/* Report a bad value for option NAME (cause from number.c); usage status. */
static int
watch_bad_value(const char *name, char *cause)
{
	cli_error("watch: %s: %s", cli_name(name), cause);
	free(cause);
	return CLI_EXIT_USAGE;
}

/* Parse the command line into O; CLI_EXIT_OK, or the status to exit with. */
static int
watch_parse(int argc, char **argv, struct watch_opts *o, bool *help)
{
	uint64_t		 v;
	char			*cause = NULL;
	struct cli_parser	 p;
	int			 ch;

	memset(o, 0, sizeof *o);
	o->len = WATCH_DEFAULT_LEN;
	o->interval = WATCH_INTERVAL;
	*help = false;
	cli_start(&p, &cmd_watch_cmd, argc, argv);
	while ((ch = cli_next(&p)) > 0) {
		switch (ch) {
		case 's':
			if (number_parse_u64(p.arg, &o->off, NUMBER_SUFFIX,
			    &cause) != 0)
				return watch_bad_value("-s", cause);
			break;
		case 'l':
			if (number_parse_range(p.arg, 1, WATCH_MAX_LEN, &v,
			    NUMBER_SUFFIX, &cause) != 0)
				return watch_bad_value("-l", cause);
			o->len = (size_t)v;
			o->have_len = true;
			break;
		case WATCH_OPT_INTERVAL:
			if (number_parse_range(p.arg, 1, WATCH_INTERVAL_MAX,
			    &v, 0, &cause) != 0)
				return watch_bad_value("--interval", cause);
			o->interval = (unsigned)v;
			break;
		case WATCH_OPT_COUNT:
			if (number_parse_u64(p.arg, &o->count,
			    NUMBER_NONZERO, &cause) != 0)
				return watch_bad_value("--count", cause);
			break;
		}
	}
	if (ch == CLI_STOP) {
		/* Help or version printed, or the mistake reported. */
		*help = p.status == CLI_EXIT_OK;
		return p.status;
	}
	o->source = argv[optind];
	if (strcmp(o->source, "-") == 0)
		return watch_usage_error("SOURCE cannot be - (standard "
		    "input): a stream cannot be mapped");
	return CLI_EXIT_OK;
}

/* ------------------------------------------------------------------------ */
/* Lines.                                                                   */

/* Take the time of this look, for every line it prints. */
static void
watch_stamp(struct watch *w)
{
	struct timespec	ts;
	struct tm	tm;
	size_t		n;

	clock_gettime(CLOCK_REALTIME, &ts);
	localtime_r(&ts.tv_sec, &tm);
	n = strftime(w->stamp, sizeof w->stamp, "%H:%M:%S", &tm);
	snprintf(w->stamp + n, sizeof w->stamp - n, ".%06ld",
	    ts.tv_nsec / 1000);
}

/* Print one line (after the time) and count it; see enum watch_rc. */
static enum watch_rc
watch_line(struct watch *w, const char *text)
{
	fputs(w->stamp, stdout);
	putchar(' ');
	fputs(text, stdout);
	putchar('\n');
	/* Line buffered already; the flush is here to learn of errors now. */
	if (fflush(stdout) == EOF || ferror(stdout)) {
		if (errno == EPIPE)
			return WATCH_STOP;	/* the reader left: quietly */
		cli_error("standard output: %s", strerror(errno));
		return WATCH_FAIL;
	}
	if (w->o->count != 0 && --w->left == 0)
		return WATCH_STOP;
	return WATCH_GO;
}

/* Append up to WATCH_SHOW bytes of P (LEN in all) in hex to S at *at. */
static void
watch_hex(char *s, size_t *at, const uint8_t *p, size_t len)
{
	size_t	n = len < WATCH_SHOW ? len : WATCH_SHOW;

	for (size_t i = 0; i < n; i++)
		*at += (size_t)sprintf(s + *at, "%s%02x", i ? " " : "", p[i]);
	if (n < len)
		*at += (size_t)sprintf(s + *at, " ...");
}

/* Print the change line for a run of LEN bytes at OFF, OLD -> NEW. */
static enum watch_rc
watch_run_line(struct watch *w, uint64_t off, size_t len, const uint8_t *old,
    const uint8_t *new)
{
	/* Offset, length, two sides of 16 bytes and the dots: < 256. */
	char	s[256];
	size_t	at;

	at = (size_t)sprintf(s, "0x%08" PRIx64 " +%zu ", off, len);
	watch_hex(s, &at, old, len);
	at += (size_t)sprintf(s + at, " -> ");
	watch_hex(s, &at, new, len);
	return watch_line(w, s);
}

/* Print the size line for a change from OLD to SIZE bytes. */
static enum watch_rc
watch_size(struct watch *w, uint64_t old, uint64_t size)
{
	char	s[96];

	snprintf(s, sizeof s, "size %" PRIu64 " -> %" PRIu64 " (%s)", old,
	    size, size > old ? "grew" : "shrank");
	return watch_line(w, s);
}

/* Say once on stderr that the default window is smaller than the file. */
static void
watch_note_cap(struct watch *w, uint64_t size)
{
	if (w->o->have_len || w->noted_cap || size <= w->o->off ||
	    size - w->o->off <= w->o->len)
		return;
	w->noted_cap = true;
	cli_error("%s: note: watching only %zu bytes from offset 0x%" PRIx64
	    " of %" PRIu64 "; -l LEN watches more (up to 1 GiB)", w->shown,
	    w->o->len, w->o->off, size);
}

/*
 * live_fn: print the line an event stands for.  Once a line has ended
 * the watch (--count, the reader gone, an error) nothing more is printed,
 * even in the middle of a look.
 */
static void
watch_event(const struct live_event *ev, void *arg)
{
	struct watch	*w = arg;

	if (w->rc != WATCH_GO)
		return;
	switch (ev->kind) {
	case LIVE_BYTES:
		/* The page map is not asked for: only our window's runs. */
		if (ev->source == LIVE_FROM_WINDOW)
			w->rc = watch_run_line(w, ev->off, (size_t)ev->len,
			    ev->old, ev->new);
		break;
	case LIVE_SIZE:
		watch_note_cap(w, ev->new_size);
		w->rc = watch_size(w, ev->old_size, ev->new_size);
		break;
	case LIVE_DELETED:
		w->rc = watch_line(w, "deleted (still watching the open "
		    "file)");
		break;
	case LIVE_RENAMED:
		w->rc = watch_line(w, "renamed (still watching the same "
		    "file)");
		break;
	case LIVE_REPLACED:
		w->rc = watch_line(w, "replaced (a new file is at the path; "
		    "still watching the old one)");
		break;
	default:
		/* Our own stores (none: read-only), reopens (never), and
		   overflow, after which the session has looked again. */
		break;
	}
}

/* ------------------------------------------------------------------------ */
/* The loop.                                                                */

/* Block SIGINT and SIGTERM into a signalfd; false (reported). */
static bool
watch_open_fds(struct watch *w)
{
	sigset_t	mask;

	for (int i = 0; i < WATCH_NFDS; i++) {
		w->pfd[i].fd = -1;
		w->pfd[i].events = POLLIN;
	}
	sigemptyset(&mask);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGTERM);
	if (sigprocmask(SIG_BLOCK, &mask, NULL) == -1) {
		cli_error("watch: cannot block signals: %s", strerror(errno));
		return false;
	}
	w->pfd[WATCH_SIGNAL].fd = signalfd(-1, &mask, SFD_NONBLOCK |
	    SFD_CLOEXEC);
	if (w->pfd[WATCH_SIGNAL].fd == -1) {
		cli_error("watch: cannot create the timer or signal "
		    "descriptors: %s", strerror(errno));
		return false;
	}
	/* No events: poll still reports POLLERR when the reader has gone. */
	w->pfd[WATCH_STDOUT].fd = STDOUT_FILENO;
	w->pfd[WATCH_STDOUT].events = 0;
	return true;
}

/* Milliseconds until the session's next tick, for poll's timeout. */
static int
watch_timeout(const struct watch *w)
{
	uint64_t	now = live_now(w->live), due = live_deadline(w->live);

	return due > now ? (int)(due - now) : 0;
}

/* Poll until a signal, --count, the reader leaving or an error. */
static enum watch_rc
watch_loop(struct watch *w)
{
	char	*cause = NULL;
	int	 rc;

	while (w->rc == WATCH_GO) {
		if (poll(w->pfd, WATCH_NFDS, watch_timeout(w)) == -1) {
			if (errno == EINTR)
				continue;
			cli_error("watch: poll: %s", strerror(errno));
			return WATCH_FAIL;
		}
		if (w->pfd[WATCH_SIGNAL].revents & POLLIN)
			return WATCH_STOP;
		if (w->pfd[WATCH_STDOUT].revents & (POLLERR | POLLHUP))
			return WATCH_STOP;
		if (w->pfd[WATCH_STDOUT].revents & POLLNVAL)
			w->pfd[WATCH_STDOUT].fd = -1;	/* writes will say */
		rc = 0;
		if (w->pfd[WATCH_INOTIFY].revents & POLLIN) {
			watch_stamp(w);
			rc = live_on_fd(w->live, &cause);
		}
		if (rc == 0 && w->rc == WATCH_GO &&
		    live_now(w->live) >= live_deadline(w->live)) {
			watch_stamp(w);
			rc = live_tick(w->live, live_now(w->live), &cause);
		}
		if (rc == -1 && w->rc == WATCH_GO) {
			cli_error("%s: %s", w->shown, cause);
			free(cause);
			return WATCH_FAIL;
		}
		free(cause);
		cause = NULL;
	}
	return w->rc;
}

/*
 * Open the session (door, identity, inotify), then take the first copy
 * (the baseline); false (reported) on failure.  In that order so that
 * nothing that happens after the baseline can go unnoticed.
 */
static bool
watch_start(struct watch *w)
{
	struct source_candidate	*choices = NULL;
	size_t			 nchoices = 0;
	char			*cause = NULL;
	uint64_t		 at;
	int			 e;

	w->live = live_open(w->o->source, DOOR_RDONLY, &choices, &nchoices,
	    &cause);
	if (w->live == NULL) {
		/* pid:PID with several mappings: the user must name one. */
		w->usage_error = nchoices > 1;
		cli_error("%s: %s", w->shown, cause);
		free(cause);
		source_candidates_free(choices, nchoices);
		return false;
	}
	live_subscribe(w->live, watch_event, w);
	live_set_period(w->live, w->o->interval);
	w->win = live_window_new(w->live, w->o->off, w->o->len, WATCH_GAP, 0);
	if ((e = live_window_error(w->win, &at)) != 0) {
		/* Not the end of the file: a read that failed, said so. */
		cli_error("%s: read failed at offset %" PRIu64 " (0x%" PRIx64
		    "): %s", w->shown, at, at, door_strerror(e));
		return false;
	}
	watch_note_cap(w, door_size(live_door(w->live)));
	w->pfd[WATCH_INOTIFY].fd = live_fd(w->live);
	return true;
}

/* Close and free everything W holds. */
static void
watch_free(struct watch *w)
{
	if (w->pfd[WATCH_SIGNAL].fd != -1)
		close(w->pfd[WATCH_SIGNAL].fd);
	/* The session closes its own inotify descriptor and the window. */
	live_close(w->live);
	free(w->shown);
}

/* `livehex watch`: entry point from the subcommand table. */
int
cmd_watch(int argc, char **argv)
{
	struct watch_opts	 o;
	struct watch		 w;
	enum watch_rc		 rc = WATCH_FAIL;
	bool			 help;
	int			 status;

	status = watch_parse(argc, argv, &o, &help);
	if (status != CLI_EXIT_OK)
		return status;
	if (help)	/* or --version: printed by the parser */
		return CLI_EXIT_OK;
	memset(&w, 0, sizeof w);
	w.o = &o;
	w.rc = WATCH_GO;
	w.left = o.count;
	w.shown = esc_text(o.source, strcmp(nl_langinfo(CODESET),
	    "UTF-8") == 0);
	/* EPIPE instead of death: a reader leaving ends the watch quietly. */
	signal(SIGPIPE, SIG_IGN);
	setvbuf(stdout, NULL, _IOLBF, 0);

	if (watch_open_fds(&w) && watch_start(&w)) {
		fprintf(stderr, "livehex: watching %s: %" PRIu64 " bytes, "
		    "window 0x%" PRIx64 "+%zu, every %u ms\n", w.shown,
		    door_size(live_door(w.live)), o.off, o.len, o.interval);
		rc = watch_loop(&w);
	}
	fflush(stdout);
	watch_free(&w);
	/*
	 * SIGINT and SIGTERM stay blocked: unblocking would deliver the one
	 * that ended us and kill the process instead of exiting 0.
	 */
	if (w.usage_error)
		return CLI_EXIT_USAGE;
	return rc == WATCH_FAIL ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
