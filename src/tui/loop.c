/* SPDX-License-Identifier: ISC */
/*
 * loop.c - the viewer's one loop: poll(2) over everything that can happen.
 *
 * Sources, all file descriptors:
 *  - the terminal (keys, mouse);
 *  - a tick, as poll(2)'s timeout up to the next deadline: each tick
 *    copies the visible window and compares it (polling is the only way
 *    to see stores through a mapping, design.md fact 1).  Deadlines are
 *    kept on the live session's clock (live_now: the monotonic clock,
 *    vDSO, no system call), so the period does not drift.  The period
 *    adapts: 1 ms while changes flow or keys are pressed; after two
 *    quiet seconds a glance every 10 ms and a full look every 100 ms
 *    (below); --interval fixes it;
 *  - the live session's descriptor (live_fd: inotify on the open file,
 *    by descriptor, and on its directory): live_on_fd reads it, looks at
 *    once after a write(2) or lost events, and publishes deletion,
 *    rename and replacement to the app (app_file_news);
 *  - a signalfd for SIGWINCH, SIGTERM, SIGHUP, SIGINT and SIGQUIT: those
 *    signals are blocked and arrive as reads, so no handler ever runs.
 *    (SIGBUS is the door's and is never blocked.)
 *  - in a lesson (issue 18), the socket to its second process: what it
 *    reports goes to the caption (caption_on_fd).
 *
 * Actions return APP_* bits; this loop alone decides when to copy again and
 * when to draw, at most 60 frames a second however fast the other process
 * writes.
 *
 * Frame scheduling.  A frame is owed for one of two kinds of reason:
 *  - news (APP_FRESH): a tick published bytes that differ from the last
 *    frame, the file changed size, or a key, a resize, a file event asked
 *    for a redraw.  The user is waiting for exactly this frame;
 *  - housekeeping: a highlight steps down a fade level, the header's
 *    "changed N s ago" clock, the strip's marks.  Nobody waits for it.
 * Frames come out of a token bucket of LOOP_BURST (2) tokens refilled at
 * LOOP_FPS (60) a second.  News may take any token.  Housekeeping may only
 * take a token from a full bucket, so it always leaves one behind: a store
 * that arrives right after a fade frame finds a token and is drawn at
 * once, never queued behind the fade (issue 12: under a writer storing a
 * token every 20-50 ms, the fades of earlier tokens used to take the
 * tokens and the fresh store waited up to a frame).  The cap still holds:
 * every frame of either kind takes a token.  Fade steps are also put on a
 * coarse 50 ms clock (app.c, APP_FADE_CLOCK), so the steps of tokens
 * stored a few ms apart share one frame; and any news frame draws the
 * fade levels of the moment, so fades mostly ride along for free.  The
 * tick after a change publishes the same bytes again only to age
 * "changed on the last tick" (SNAP_AGED): housekeeping as well.  As news
 * it took the token left behind, and a store 1-16 ms later waited for
 * the next one (the steady writer's p99 through a mapping, 12 ms).
 *
 * What an idle tick costs, and glances (issue 12).  After two quiet
 * seconds, with inotify there and no --interval, the loop wakes every
 * LOOP_GLANCE_MS (10) for a glance: live_glance compares the window's
 * last copy with the mapping in place (door_glance, under the SIGBUS
 * guard), no system call besides the poll(2) wake-up itself.  The full
 * look (app_tick: fstat, pread, events, the strip, the header's clock)
 * comes only every LOOP_LOOK_MS (100), or at once when a glance saw a
 * difference or a fault (the file shrank), or on inotify news (a
 * write(2), a truncate: also what a glance cannot see).  A window that
 * is not wholly in memory (a hole on tmpfs, pages on disk) cannot be
 * glanced at: the ticks go back to app_interval() until it can.  Before,
 * each idle tick was a wake-up, an fstat, a pread and a memcmp.  strace
 * -c over 3 s of an idle viewer (64 KiB file, 120x40): 945 system calls
 * before (292 poll, 314 fstat, 302 pread), 444 after (323 poll, 50
 * fstat, 40 pread; the rest, 10 mincore and 20 clock_gettime, is the
 * strip's sweep in both).
 *
 * Why the glance period stays 10 ms: the wake-up, not the look, is what an
 * idle tick costs.  A bare poll(2) wake-up measured 40 to 65 us on the
 * 2-core VM (most of it the hypervisor's interrupt path), the same as a
 * glance's, and epoll, clock_nanosleep or a timerfd cost the same 33 to
 * 46 us (bench/wakeup), so a 4 ms glance (250 wake-ups a second) meets the 3 ms
 * median for the first store after a quiet spell but costs about 1.6
 * times the idle CPU of the old 10 ms tick; a 10 ms glance costs less
 * than the old tick.  Measured in docs/performance.md ("The idle tick").
 *
 * Each frame is composed whole and sent by curses' doupdate(), which
 * compares it with what the terminal shows and sends only the cells whose
 * character or attributes differ (draw.c): a fade step sends the cells
 * that faded and nothing else.  The blank between two hex bytes drawn in
 * the same highlight takes that highlight (draw_hex_gap), so a run of
 * changed bytes is one attribute run: a plain blank between each two
 * made curses switch attributes off and on for every byte, about 30
 * bytes of escapes per byte.  And a frame goes out in one write(2):
 * screen_open leaves and resumes curses once before the first frame,
 * because until then ncurses flushes after every cursor movement (about
 * 37 writes a frame under a storm; screen.c says why).
 */
#include "config.h"

#include <curses.h>
#include <errno.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/signalfd.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "caption.h"
#include "cmds.h"
#include "cmds_scan.h"
#include "door.h"
#include "draw.h"
#include "edit.h"
#include "find.h"
#include "keymap.h"
#include "keys.h"
#include "live.h"
#include "player.h"
#include "screen.h"
#include "tui.h"
#include "xmalloc.h"
#include "yank.h"
#include "yank_paste.h"

/*
 * Frames: at most 60 a second, as a token bucket that holds two frames.
 * Why not a fixed 16 ms gap: a frame drawn just before a store would then
 * hold the store back by up to 16 ms; the bucket lets that one frame
 * through at once and still allows no more than 60 a second (plus the one
 * in hand) however fast the other process writes.  Housekeeping frames
 * never take the last token (see the top of the file).
 */
#define LOOP_FPS	60
#define LOOP_BURST	2
/* How long a key or a change keeps the tick fast. */
#define LOOP_ACTIVE_MS	2000
/*
 * Idle, with inotify: a glance (live_glance, no system call) every
 * LOOP_GLANCE_MS, and a full look (app_tick: fstat, pread, the strip, the
 * header's clock) only every LOOP_LOOK_MS, or at once when a glance saw a
 * difference.  Why 10 and not 4 (which meets issue 12's 3 ms median for
 * the first store after a quiet spell): the wake-up, not the look, is
 * what an idle tick costs, so 4 ms costs about 1.6 times the CPU (top of
 * the file).  -DLOOP_GLANCE_MS=4 builds the other trade for measuring.
 */
#ifndef LOOP_GLANCE_MS
#define LOOP_GLANCE_MS	10
#endif
#define LOOP_LOOK_MS	100

/* LOOP_LESSON: a lesson's second process (caption.h), -1 outside one. */
enum { LOOP_TTY, LOOP_SIGNAL, LOOP_INOTIFY, LOOP_LESSON, LOOP_NFDS };

/* Everything the loop owns besides the app. */
struct loop {
	struct app	*app;
	struct pollfd	 pfd[LOOP_NFDS];
	uint32_t	 next_tick;	/* when the next tick is due (ms) */
	uint32_t	 next_glance;	/* when the next glance is (glancing) */
	bool		 cannot;	/* the last glance could not look */
	bool		 dirty;		/* a frame is owed */
	bool		 fresh;		/* ... and it carries news (APP_FRESH) */
	double		 tokens;	/* frames we may draw now (bucket) */
	uint32_t	 refilled;	/* when the bucket was last topped up */
	struct yank_paste *paste;	/* finds bracketed pastes in the keys */
};

/*
 * The session's clock (live_now) in the app's 32 bits, never 0: the
 * window snapper stamps changes on the same clock, so fades line up.
 */
static uint32_t
loop_now(const struct loop *l)
{
	uint32_t	t = (uint32_t)live_now(l->app->live);

	return t == 0 ? 1 : t;
}

/*
 * True while glances stand in for most ticks: idle (no change or key for
 * LOOP_ACTIVE_MS), no --interval, no search running, and inotify there to
 * say what a glance cannot see (a write(2), a truncate, a new size).
 */
static bool
loop_glancing(const struct loop *l)
{
	const struct app	*a = l->app;

	return a->opts.interval_ms == 0 && a->now >= a->active_until &&
	    !find_running(a->find) && live_fd(a->live) != -1;
}

/*
 * Milliseconds poll(2) may sleep before the next tick is due (0: due now),
 * starting a new period when the last one has passed.  Why not a timerfd:
 * its expiry count must be read after every wake-up, one system call more
 * on every idle tick for nothing; the next deadline is plain arithmetic.
 */
static int
loop_timeout(struct loop *l)
{
	uint32_t	now = loop_now(l), due = l->next_tick;
	int		play = player_timeout(l->app);	/* replay (issue 14) */

	if (loop_glancing(l) && !l->cannot &&
	    (int32_t)(l->next_glance - due) < 0)
		due = l->next_glance;
	if (play >= 0 && (int32_t)(now + (uint32_t)play - due) < 0)
		due = now + (uint32_t)play;
	if ((int32_t)(due - now) > 0)
		return (int)(due - now);
	return 0;
}

/* The tick period now: slow while glances watch, else app_interval(). */
static unsigned
loop_period(const struct loop *l)
{
	return loop_glancing(l) && !l->cannot ? LOOP_LOOK_MS :
	    app_interval(l->app);
}

/* Start the next tick's period (loop_period) from NOW. */
static void
loop_next_tick(struct loop *l, uint32_t now)
{
	l->next_tick = now + loop_period(l);
}

/*
 * Glance if one is due: APP_RESNAP when it saw a difference (a full look
 * now).  When the window cannot be glanced at (not in memory) the ticks
 * go back to app_interval() and the glances ride on them (TICK: this
 * wake-up is a tick's), so there is no second wake-up to ask again.
 */
static int
loop_glance(struct loop *l, bool tick)
{
	uint32_t	now = l->app->now;
	bool		was = l->cannot;

	if (!loop_glancing(l) || (tick ? !l->cannot :
	    l->cannot || (int32_t)(l->next_glance - now) > 0))
		return 0;
	l->next_glance = now + LOOP_GLANCE_MS;
	switch (live_glance(l->app->live)) {
	case LIVE_GLANCE_LOOK:
		return APP_RESNAP;
	case LIVE_GLANCE_CANNOT:
		l->cannot = true;
		break;
	default:
		l->cannot = false;
		break;
	}
	if (l->cannot != was)
		loop_next_tick(l, now);
	return 0;
}

/*
 * One livehex KEY, through the bracketed paste finder (yank_paste.h):
 * keys act as they come, a whole paste acts as one; APP_* bits.
 */
static int
loop_key(struct loop *l, int key)
{
	const int	*keys;
	size_t		 n;
	int		 r = 0;

	switch (yank_paste_feed(l->paste, key, &keys, &n)) {
	case YANK_PASTE_KEYS:
		for (size_t i = 0; i < n && !(r & APP_QUIT); i++)
			r |= keymap_key(l->app, keys[i]);
		return r;
	case YANK_PASTE_DONE:
		keys = yank_paste_body(l->paste, &n);
		return keymap_paste(l->app, keys, n);
	default:
		return 0;
	}
}

/* Read keys and mouse events until none is left; APP_* bits. */
static int
loop_keys(struct loop *l)
{
	wint_t	ch;
	int	kind, r = 0;

	while ((kind = wget_wch(stdscr, &ch)) != ERR) {
		if (kind == KEY_CODE_YES && ch == KEY_MOUSE) {
			MEVENT	me;

			if (getmouse(&me) != OK)
				continue;
			if (me.bstate & (BUTTON1_PRESSED | BUTTON1_CLICKED))
				r |= keymap_mouse(l->app, me.y, me.x, 1);
			else if (me.bstate & BUTTON1_RELEASED)
				r |= keymap_mouse(l->app, me.y, me.x,
				    KEYMAP_MOUSE_UP);
			else if (me.bstate & BUTTON4_PRESSED)
				r |= keymap_mouse(l->app, me.y, me.x, 4);
			else if (me.bstate & BUTTON5_PRESSED)
				r |= keymap_mouse(l->app, me.y, me.x, 5);
		} else
			r |= loop_key(l, keys_from_curses((int)ch,
			    kind != KEY_CODE_YES));
		if (r & APP_QUIT)
			break;
	}
	/* Out of keys: a held Esc was a key of its own, not a paste. */
	if (!(r & APP_QUIT)) {
		const int	*keys;
		size_t		 n = yank_paste_flush(l->paste, &keys);

		for (size_t i = 0; i < n && !(r & APP_QUIT); i++)
			r |= keymap_key(l->app, keys[i]);
	}
	return r;
}

/* Follow the terminal's new size. */
static int
loop_resize(struct loop *l)
{
	struct winsize	ws;

	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_row > 0 &&
	    ws.ws_col > 0)
		resize_term(ws.ws_row, ws.ws_col);
	/*
	 * The terminal reflowed or cleared what it showed; curses' idea of
	 * the physical screen is stale, so repaint every cell.
	 */
	clearok(curscr, TRUE);
	(void)l;
	return APP_RELAYOUT | APP_REDRAW | APP_RESNAP;
}

/* Read the signalfd: a resize, or a signal that ends us (returned). */
static int
loop_signals(struct loop *l, int *fatal)
{
	struct signalfd_siginfo	si;
	int			r = 0;

	while (read(l->pfd[LOOP_SIGNAL].fd, &si, sizeof si) ==
	    (ssize_t)sizeof si) {
		if (si.ssi_signo == SIGWINCH)
			r |= loop_resize(l);
		else
			*fatal = (int)si.ssi_signo;
	}
	return r;
}

/* Apply reaction bits R: relayout, re-copy, activity. */
static void
loop_react(struct loop *l, int r)
{
	struct app	*a = l->app;

	if (r & APP_RELAYOUT)
		r |= app_layout(a, LINES, COLS);
	if (r & APP_RESNAP) {
		int	again = app_tick(a);

		/* A running search takes one slice per tick. */
		if (find_running(a->find)) {
			uint64_t	match = 0;
			enum find_news	news;

			/* Two statements: MATCH is set by find_step. */
			news = find_step(a->find, a->door, a->status, &match);
			again |= app_found(a, news, match);
		}
		again |= app_scan_tick(a);	/* catch (issue 15): :scan */
		/*
		 * Copy again only when this tick or the search moved the
		 * view (a jump, a size change).  Why not test R: it still
		 * holds the RESNAP that brought us here, and every tick
		 * used to copy the window twice (two fstat, two pread).
		 */
		if (again & APP_RESNAP)
			again |= app_tick(a);
		r |= again;
	}
	/* Whatever moved the cursor: a half-typed byte never follows it. */
	r |= edit_check_pending(a->edit);
	if (r & APP_ACTIVE)
		a->active_until = a->now + LOOP_ACTIVE_MS;
	if (r & APP_REDRAW)
		l->dirty = true;
	if ((r & (APP_REDRAW | APP_FRESH)) == (APP_REDRAW | APP_FRESH))
		l->fresh = true;
}

/*
 * Draw if a frame is owed and the frame budget allows: news takes any
 * token, housekeeping only from a full bucket (one is left for news).
 */
static void
loop_maybe_draw(struct loop *l)
{
	struct app	*a = l->app;
	struct view	 v;

	l->tokens += (double)(a->now - l->refilled) * LOOP_FPS / 1000.0;
	if (l->tokens > LOOP_BURST)
		l->tokens = LOOP_BURST;
	l->refilled = a->now;
	if (!l->dirty || l->tokens < (l->fresh ? 1.0 : LOOP_BURST))
		return;
	l->tokens -= 1.0;
	app_view(a, &v);
	draw_frame(&v);
	l->dirty = l->fresh = false;
}

/*
 * Write a yank's OSC 52 sequence (yank.h) to the terminal, whole, after
 * whatever curses has buffered: the loop is the one writer of the
 * terminal, and the sequence draws nothing, so no frame is disturbed.
 */
static void
loop_clipboard(struct loop *l)
{
	size_t	 len, off = 0;
	char	*osc = yank_take_osc(l->app->yank, &len);
	ssize_t	 n;

	if (osc == NULL)
		return;
	fflush(stdout);
	while (off < len) {
		n = write(STDOUT_FILENO, osc + off, len - off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			break;	/* a gone terminal: the clipboard is lost */
		off += (size_t)n;
	}
	free(osc);
}

/* Set up the loop's descriptors; false with *why. */
static bool
loop_open(struct loop *l, const char **why)
{
	l->pfd[LOOP_TTY].fd = STDIN_FILENO;
	/* SIGWINCH too: a resize is read like the others (screen.c). */
	l->pfd[LOOP_SIGNAL].fd = screen_signals(true, NULL);
	/* The session's (tui_run): -1 until then, and without inotify. */
	l->pfd[LOOP_INOTIFY].fd = -1;
	l->pfd[LOOP_LESSON].fd = -1;
	if (l->pfd[LOOP_SIGNAL].fd == -1) {
		*why = "cannot block signals into a signal descriptor";
		return false;
	}
	for (int i = 0; i < LOOP_NFDS; i++)
		l->pfd[i].events = POLLIN;
	return true;
}

/* Close the loop's descriptors. */
static void
loop_close(struct loop *l)
{
	/* Not the session's descriptor: live_close closes it. */
	for (int i = 1; i < LOOP_NFDS; i++)
		if (i != LOOP_INOTIFY && i != LOOP_LESSON && l->pfd[i].fd != -1)
			close(l->pfd[i].fd);
	yank_paste_free(l->paste);
	l->paste = NULL;
}

/*
 * Run the viewer on DOOR (taken over) until the user quits; exit status.
 * A signal that ends it (SIGTERM, SIGHUP ...) goes to *FATAL_SIG when
 * given, else the process dies by it once the terminal is restored.
 */
int
tui_run(const struct app_opts *opts, struct door *door, int *fatal_sig)
{
	struct loop	 l;
	const char	*why = NULL;
	int		 fatal = 0, r;
	bool		 tick;

	memset(&l, 0, sizeof l);
	l.paste = yank_paste_new();
	l.tokens = LOOP_BURST;	/* the first frame goes out at once */
	if (!loop_open(&l, &why) ||
	    !screen_start(opts->no_color, &why)) {
		fprintf(stderr, "livehex: %s\n", why);
		door_close(door);
		loop_close(&l);
		return 1;
	}
	/* Every exit path restores the terminal, even exit() from xmalloc. */
	atexit(screen_stop);
	l.app = app_new(opts, door);
	l.app->now = loop_now(&l);
	if (opts->session_path != NULL)	/* session (issue 15) */
		session_source(l.app, opts->session_path);
	/* Without inotify we still tick; only write(2) news comes later. */
	l.pfd[LOOP_INOTIFY].fd = live_fd(l.app->live);
	/* lessons (issue 18): the lesson's descriptor, and its first step. */
	if (opts->caption != NULL) {
		l.pfd[LOOP_LESSON].fd = caption_fd(opts->caption);
		caption_start(opts->caption);
	}
	loop_react(&l, APP_RELAYOUT | APP_RESNAP | APP_REDRAW);
	loop_next_tick(&l, l.app->now);

	for (;;) {
		loop_maybe_draw(&l);
		loop_clipboard(&l);
		if (poll(l.pfd, LOOP_NFDS, loop_timeout(&l)) == -1 &&
		    errno != EINTR)
			break;
		l.app->now = loop_now(&l);
		r = 0;
		tick = (int32_t)(l.next_tick - l.app->now) <= 0;
		if (tick) {
			r |= APP_RESNAP;
			loop_next_tick(&l, l.app->now);
		}
		/* replay (issue 14): the recorded changes now due. */
		r |= player_poll(l.app);
		if (l.pfd[LOOP_INOTIFY].revents & POLLIN)
			r |= app_file_news(l.app);
		if (l.pfd[LOOP_SIGNAL].revents & POLLIN)
			r |= loop_signals(&l, &fatal);
		if (l.pfd[LOOP_TTY].revents & POLLIN)
			r |= loop_keys(&l);
		/* After inotify news, which disarms what a glance trusts. */
		if (!(r & APP_RESNAP) || tick) {
			int	g = loop_glance(&l, tick);

			if (g & APP_RESNAP)
				loop_next_tick(&l, l.app->now);
			r |= g;
		}
		/* lessons (issue 18): what the second process reported. */
		if (l.pfd[LOOP_LESSON].revents & (POLLIN | POLLHUP | POLLERR)) {
			caption_on_fd(opts->caption);
			l.pfd[LOOP_LESSON].fd = caption_fd(opts->caption);
			r |= APP_REDRAW;
		}
		/*
		 * The terminal went away.  Why also with POLLIN: a hung-up
		 * terminal polls POLLIN|POLLHUP and every read gives end of
		 * file, so no key ever comes; when no SIGHUP arrives either
		 * (the terminal is not our controlling one) nothing else
		 * would end the loop, and it spun.  Nothing is restored on
		 * a dead terminal.
		 */
		if (l.pfd[LOOP_TTY].revents & (POLLHUP | POLLERR)) {
			fatal = SIGHUP;
			screen_lost();
		}
		if (fatal != 0 || (r & APP_QUIT))
			break;
		if (r & APP_SUSPEND) {
			screen_suspend();
			/* The terminal may have changed size while we slept. */
			r |= loop_resize(&l);
			l.app->now = loop_now(&l);
		}
		/* What keys, signals and file events redraw is news. */
		if (r & APP_REDRAW)
			r |= APP_FRESH;
		loop_react(&l, r);
		/* A faster period (keys, changes) starts at once. */
		if ((int32_t)(l.next_tick - l.app->now) >
		    (int32_t)loop_period(&l))
			loop_next_tick(&l, l.app->now);
	}

	screen_stop();
	app_free(l.app);
	loop_close(&l);
	/* The caller cleans up, then dies by the signal (tui_die_by). */
	if (fatal_sig != NULL)
		*fatal_sig = fatal;
	else
		tui_die_by(fatal);
	return 0;
}

/* Die by signal SIG as the parent shell expects (no-op for 0). */
void
tui_die_by(int sig)
{
	sigset_t	set;

	if (sig == 0)
		return;
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
}
