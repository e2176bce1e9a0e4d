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
 * Conditions (watch_cond.c, expr.h): --until COND ends the watch with
 * status 0 when COND holds, printing the change that made it true;
 * --timeout ends it with 1; --pin EXPR prints values when they change;
 * --json (watch_json.c) makes every line a JSON object; --layout SPEC
 * (cli_layout.c) names fields for conditions, and prints each change as
 * the fields it touches, torn ones marked (watch_fields.c).  With --until or
 * --pin alone there is no window of change lines: each value they read
 * has a window of its own, so no other byte is copied.
 *
 * Exit status: 0 stopped by a signal, by --count or by the reader; 1 the
 * source cannot be opened or watched, or stdout failed; 2 usage.  With
 * --until, 0 only when COND held, 1 for any other end.
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
#include "watch.h"
#include "xmalloc.h"

/* Window length without -l (compile-time override for tests). */
#ifndef WATCH_DEFAULT_LEN
#define WATCH_DEFAULT_LEN	(1024 * 1024)
#endif
/* The largest -l: two copies of it are kept. */
#define WATCH_MAX_LEN		(1024 * 1024 * 1024)
/* Changes at most this many equal bytes apart share a line. */
#define WATCH_GAP		3
/* Default and limits of --interval, in milliseconds. */
#define WATCH_INTERVAL		10
#define WATCH_INTERVAL_MAX	1000

/* Long options. */
enum { WATCH_OPT_INTERVAL = 256, WATCH_OPT_COUNT, WATCH_OPT_UNTIL,
	WATCH_OPT_TIMEOUT, WATCH_OPT_PIN, WATCH_OPT_JSON };
/* The longest --timeout: a day. */
#define WATCH_TIMEOUT_MAX	(24ULL * 3600 * 1000)

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
	{ "until", 0, "COND", WATCH_OPT_UNTIL, "exit 0 as soon as COND holds "
	  "(docs/expressions.md),\nprinting the change that made it true" },
	{ "timeout", 0, "TIME", WATCH_OPT_TIMEOUT, "with --until: exit 1 when "
	  "COND has not held\nafter TIME (10, 10s, 500ms, 2m; plain: "
	  "seconds)" },
	{ "pin", 0, "EXPR", WATCH_OPT_PIN, "print EXPR's value whenever it "
	  "changes (repeatable,\nat most " WATCH_STR(WATCH_MAX_PINS) ")" },
	{ "json", 0, NULL, WATCH_OPT_JSON, "every line one JSON object "
	  "(docs/expressions.md)" },
	CLI_LAYOUT_OPTS,
	{ NULL, 0, NULL, 0, NULL },
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
	    "With --until or --pin, changed bytes are printed only with -s "
	    "or -l:\n"
	    "  TIME 0xOFFSET PATH: OLD -> NEW [(torn: ...)]   with --layout, "
	    "per field\n"
	    "  TIME pin EXPR = VALUE; ...          a pinned value changed\n"
	    "  TIME until change 0xOFFSET +LEN OLD -> NEW; OPERAND = VALUE "
	    "(was OLD), ...\n"
	    "  TIME until start|clock; OPERAND = VALUE, ...   held at the "
	    "start, or by\n        the clock alone (stuck)\n"
	    "Exit: 0 on Ctrl-C, SIGTERM, --count or a closed pipe; 1 when "
	    "SOURCE\ncannot be watched; 2 for a bad command line.  With "
	    "--until: 0 only when\nCOND held; 1 on --timeout or any other "
	    "end; 2 for a bad COND.\n",
	    WATCH_SHOW, WATCH_GAP);
}

static const struct cli_arg watch_args[] = {
	{ "SOURCE", NULL },
};

/* `livehex watch`, as data: cli.c parses and explains it from here. */
const struct cli_cmd cmd_watch_cmd = {
	.name = "watch",
	.synopsis = "watch [-s OFFSET] [-l LEN] [--interval MS] [--count N]\n"
	    "                     [--until COND [--timeout TIME]] "
	    "[--pin EXPR]...\n                     [--json] [--layout SPEC "
	    "[--at OFFSET]]... [--cflags FLAGS]\n                     SOURCE",
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

/*
 * Parse a --timeout TIME ("10" seconds, "10s", "500ms", "2m"), 1 ms to a
 * day, into *ms; 0, or -1 with *cause.
 */
static int
watch_parse_time(const char *s, uint64_t *ms, char **cause)
{
	uint64_t	 n, unit = 1000;
	size_t		 len = strlen(s);
	char		*digits;
	int		 rc;

	if (len > 2 && strcmp(s + len - 2, "ms") == 0) {
		unit = 1;
		len -= 2;
	} else if (len > 1 && s[len - 1] == 's') {
		len--;
	} else if (len > 1 && s[len - 1] == 'm') {
		unit = 60000;
		len--;
	}
	digits = xasprintf("%.*s", (int)len, s);
	rc = number_parse_u64(digits, &n, NUMBER_NONZERO, cause);
	free(digits);
	if (rc != 0)
		return -1;
	if (n > WATCH_TIMEOUT_MAX / unit)
		return cause_set(cause, "%s: at most a day (86400s)",
		    cli_name(s));
	*ms = n * unit;
	return 0;
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
			o->have_off = true;
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
		case WATCH_OPT_UNTIL:
			o->until = p.arg;
			break;
		case WATCH_OPT_TIMEOUT:
			if (watch_parse_time(p.arg, &o->timeout_ms,
			    &cause) != 0)
				return watch_bad_value("--timeout", cause);
			break;
		case WATCH_OPT_PIN:
			if (o->npins == WATCH_MAX_PINS)
				return watch_usage_error("more than %d --pin "
				    "options", WATCH_MAX_PINS);
			o->pins[o->npins++] = p.arg;
			break;
		case WATCH_OPT_JSON:
			o->json = true;
			break;
		case CLI_OPT_LAYOUT:
		case CLI_OPT_AT:
		case CLI_OPT_CFLAGS:
			if (cli_layout_opt(&o->cl, ch, p.arg) != 0)
				return CLI_EXIT_USAGE;
			break;
		}
	}
	if (ch == CLI_STOP) {
		/* Help or version printed, or the mistake reported. */
		*help = p.status == CLI_EXIT_OK;
		return p.status;
	}
	if (o->timeout_ms != 0 && o->until == NULL)
		return watch_usage_error("--timeout needs --until (it says how "
		    "long COND may take)");
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
	w->now_ms = w->live != NULL ? live_now(w->live) : 0;
}

/*
 * Print one line and count it; see enum watch_rc.  A text line gets the
 * time first; a JSON line (--json) carries its own.
 */
enum watch_rc
watch_line(struct watch *w, const char *text)
{
	if (!w->o->json) {
		fputs(w->stamp, stdout);
		putchar(' ');
	}
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

/* Append up to WATCH_SHOW bytes of P (LEN in all) in hex to F. */
void
watch_hex(FILE *f, const uint8_t *p, size_t len)
{
	size_t	n = len < WATCH_SHOW ? len : WATCH_SHOW;

	for (size_t i = 0; i < n; i++)
		fprintf(f, "%s%02x", i ? " " : "", p[i]);
	if (n < len)
		fputs(" ...", f);
}

/* Print a line built in a memory stream F over *BUF; see watch_line. */
static enum watch_rc
watch_flush_line(struct watch *w, FILE *f, char **buf)
{
	enum watch_rc	rc;

	if (fclose(f) == EOF) {
		cli_error("watch: out of memory");
		return WATCH_FAIL;
	}
	rc = watch_line(w, *buf);
	free(*buf);
	return rc;
}

/* Print the change line for a run of LEN bytes at OFF, OLD -> NEW. */
enum watch_rc
watch_run_line(struct watch *w, uint64_t off, size_t len, const uint8_t *old,
    const uint8_t *new)
{
	char	*buf = NULL;
	size_t	 size;
	FILE	*f = open_memstream(&buf, &size);

	if (f == NULL) {
		cli_error("watch: out of memory");
		return WATCH_FAIL;
	}
	if (w->o->json) {
		watch_json_start(f, w, "change");
		fprintf(f, ",\"offset\":%" PRIu64 ",\"length\":%zu", off, len);
		watch_json_bytes(f, "old", old, len);
		watch_json_bytes(f, "new", new, len);
		fputc('}', f);
	} else {
		fprintf(f, "0x%08" PRIx64 " +%zu ", off, len);
		watch_hex(f, old, len);
		fputs(" -> ", f);
		watch_hex(f, new, len);
	}
	return watch_flush_line(w, f, &buf);
}

/* Print the size line for a change from OLD to SIZE bytes. */
static enum watch_rc
watch_size(struct watch *w, uint64_t old, uint64_t size)
{
	char	s[160];

	if (w->o->json) {
		char	*buf = NULL;
		size_t	 n;
		FILE	*f = open_memstream(&buf, &n);

		if (f == NULL) {
			cli_error("watch: out of memory");
			return WATCH_FAIL;
		}
		watch_json_start(f, w, "size");
		fprintf(f, ",\"old\":%" PRIu64 ",\"new\":%" PRIu64 "}", old,
		    size);
		return watch_flush_line(w, f, &buf);
	}
	snprintf(s, sizeof s, "size %" PRIu64 " -> %" PRIu64 " (%s)", old,
	    size, size > old ? "grew" : "shrank");
	return watch_line(w, s);
}

/* Print a line of KIND (deleted, renamed, replaced) with its TEXT. */
static enum watch_rc
watch_kind_line(struct watch *w, const char *kind, const char *text)
{
	char		*buf = NULL, *line;
	size_t		 n;
	FILE		*f;
	enum watch_rc	 rc;

	if (!w->o->json) {
		line = xasprintf("%s %s", kind, text);
		rc = watch_line(w, line);
		free(line);
		return rc;
	}
	if ((f = open_memstream(&buf, &n)) == NULL) {
		cli_error("watch: out of memory");
		return WATCH_FAIL;
	}
	watch_json_start(f, w, kind);
	fputs(",\"note\":", f);
	watch_json_str(f, text);
	fputc('}', f);
	return watch_flush_line(w, f, &buf);
}

/* Say once on stderr that the default window is smaller than the file. */
static void
watch_note_cap(struct watch *w, uint64_t size)
{
	if (w->win == NULL || w->o->have_len || w->noted_cap ||
	    size <= w->o->off || size - w->o->off <= w->o->len)
		return;
	w->noted_cap = true;
	cli_error("%s: note: watching only %zu bytes from offset 0x%" PRIx64
	    " of %" PRIu64 "; -l LEN watches more (up to 1 GiB)", w->shown,
	    w->o->len, w->o->off, size);
}

/*
 * live_fn: print the line an event stands for, then let the conditions
 * see it (pin lines, the until line).  Once a line has ended the watch
 * (--count, the reader gone, an error, --until) nothing more is printed,
 * even in the middle of a look.
 */
static void
watch_event(const struct live_event *ev, void *arg)
{
	struct watch	*w = arg;

	if (w->rc != WATCH_GO)
		return;
	/* A line's "ms" is the event's own time, as expr's change times. */
	if (ev->at_ms != 0)
		w->now_ms = ev->at_ms;
	switch (ev->kind) {
	case LIVE_BYTES:
		/* Only our own window's runs: the conditions have theirs. */
		if (ev->source != LIVE_FROM_WINDOW || ev->window != w->win ||
		    w->win == NULL)
			break;
		if (w->layout != NULL)
			w->rc = watch_fields_event(w, ev);
		else
			w->rc = watch_run_line(w, ev->off, (size_t)ev->len,
			    ev->old, ev->new);
		break;
	case LIVE_SIZE:
		watch_note_cap(w, ev->new_size);
		w->rc = watch_size(w, ev->old_size, ev->new_size);
		break;
	case LIVE_DELETED:
		w->rc = watch_kind_line(w, "deleted", "(still watching the "
		    "open file)");
		break;
	case LIVE_RENAMED:
		w->rc = watch_kind_line(w, "renamed", "(still watching the "
		    "same file)");
		break;
	case LIVE_REPLACED:
		w->rc = watch_kind_line(w, "replaced", "(a new file is at the "
		    "path; still watching the old one)");
		break;
	default:
		/* Our own stores (none: read-only), reopens (never), and
		   overflow, after which the session has looked again. */
		break;
	}
	if (w->rc == WATCH_GO)
		watch_cond_event(w, ev);
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

/*
 * Milliseconds until the session's next tick or the conditions' next
 * deadline (stuck, --timeout), for poll's timeout.
 */
static int
watch_timeout(const struct watch *w)
{
	uint64_t	now = live_now(w->live), due = live_deadline(w->live);
	uint64_t	cond = watch_cond_deadline(w);

	if (cond < due)
		due = cond;
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
		/* After the look: a change seen now comes before the clock. */
		if (rc == 0 && w->rc == WATCH_GO &&
		    live_now(w->live) >= watch_cond_deadline(w)) {
			watch_stamp(w);
			watch_cond_clock(w, w->now_ms);
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
	if (watch_cond_parse(w, door_size(live_door(w->live))) != CLI_EXIT_OK) {
		w->usage_error = true;
		return false;
	}
	/* With conditions alone, no change lines unless -s or -l asks. */
	if ((w->o->until == NULL && w->o->npins == 0) || w->o->have_off ||
	    w->o->have_len)
		w->win = live_window_new(w->live, w->o->off, w->o->len,
		    WATCH_GAP, 0);
	if (w->win != NULL && (e = live_window_error(w->win, &at)) != 0) {
		/* Not the end of the file: a read that failed, said so. */
		cli_error("%s: read failed at offset %" PRIu64 " (0x%" PRIx64
		    "): %s", w->shown, at, at, door_strerror(e));
		return false;
	}
	watch_note_cap(w, door_size(live_door(w->live)));
	w->pfd[WATCH_INOTIFY].fd = live_fd(w->live);
	watch_stamp(w);
	return watch_cond_start(w);
}

/* Close and free everything W holds. */
static void
watch_free(struct watch *w)
{
	if (w->pfd[WATCH_SIGNAL].fd != -1)
		close(w->pfd[WATCH_SIGNAL].fd);
	/* The session closes its own inotify descriptor and the windows. */
	watch_cond_free(w);
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
	/* A bad COND is a bad command line (2) even when SOURCE is missing. */
	if (watch_cond_parse(&w, 0) != CLI_EXIT_OK) {
		watch_cond_free(&w);
		free(w.shown);
		return CLI_EXIT_USAGE;
	}

	if (watch_open_fds(&w) && watch_start(&w)) {
		if (w.win != NULL)
			fprintf(stderr, "livehex: watching %s: %" PRIu64
			    " bytes, window 0x%" PRIx64 "+%zu, every %u ms\n",
			    w.shown, door_size(live_door(w.live)), o.off,
			    o.len, o.interval);
		else
			fprintf(stderr, "livehex: watching %s: %" PRIu64
			    " bytes, %zu ranges for the conditions, every %u "
			    "ms\n", w.shown, door_size(live_door(w.live)),
			    w.newins, o.interval);
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
	if (rc == WATCH_FAIL)
		return CLI_EXIT_FAIL;
	/* --until: success is COND holding, nothing else. */
	return o.until != NULL && !w.met ? CLI_EXIT_FAIL : CLI_EXIT_OK;
}
