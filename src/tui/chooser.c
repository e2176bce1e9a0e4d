/* SPDX-License-Identifier: ISC */
/*
 * chooser.c - a small menu on the terminal, run before the viewer starts.
 *
 * What it owns: its own curses SCREEN, from screen_open() to
 * screen_close() (screen.c: the same terminal checks and raw keys as the
 * viewer's, and the same blocked signals read from a signalfd), and
 * nothing after it returns.  Why newterm and not initscr: initscr may be
 * called only once per process, and the viewer calls newterm itself when
 * it starts right after us (screen.c).
 *
 * Invariants: the terminal is restored (endwin) on every way out - a pick,
 * q, Esc, ^C (raw mode makes it a key rather than a signal that would kill
 * us with the terminal still in curses mode), and SIGTERM, SIGHUP, SIGINT
 * and SIGQUIT, which are blocked while the menu is up and read from a
 * signalfd beside the keys, as in the viewer's loop: the menu restores the
 * terminal, then the process dies by the signal.  Everything shown comes from
 * the system (file names, memfd names) and passes through esc_text first.
 * The list scrolls so the selection is always on screen; a resize redraws.
 */
#include "config.h"

#include <curses.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/signalfd.h>
#include <unistd.h>

#include "chooser.h"
#include "screen.h"
#include "esc.h"
#include "tui.h"
#include "xmalloc.h"

/* Rows above the list: title, help, blank. */
#define CHOOSER_HEAD	3

/* ^C as a key in raw mode. */
#define CHOOSER_CTRL_C	0x03
/* Esc. */
#define CHOOSER_ESC	0x1b

/* The escaped strings of one item. */
struct chooser_line {
	char	*label;
	char	*detail;
};

/* Draw the menu with SEL selected, scrolling *TOP so SEL is visible. */
static void
chooser_draw(const char *title, const struct chooser_line *lines, size_t n,
    size_t sel, size_t *top, int labelw)
{
	int	rows = LINES - CHOOSER_HEAD;
	size_t	vis = rows > 0 ? (size_t)rows : 1;

	if (sel < *top)
		*top = sel;
	else if (sel >= *top + vis)
		*top = sel - vis + 1;
	erase();
	attron(A_BOLD);
	mvaddnstr(0, 0, title, COLS);
	attroff(A_BOLD);
	mvaddnstr(1, 0, "Up/Down or j/k: move   Enter: open   q or Esc: "
	    "cancel", COLS);
	for (size_t i = *top; i < n && i < *top + vis; i++) {
		int	y = CHOOSER_HEAD + (int)(i - *top);

		if (i == sel)
			attron(A_REVERSE);
		mvhline(y, 0, ' ', COLS);
		mvaddnstr(y, 1, lines[i].label, COLS > 1 ? COLS - 1 : 0);
		if (labelw + 3 < COLS)
			mvaddnstr(y, labelw + 3, lines[i].detail,
			    COLS - labelw - 3);
		if (i == sel)
			attroff(A_REVERSE);
	}
	refresh();
}

/* Run the menu; the index picked, -1 cancelled, -2 with *why (chooser.h). */
int
chooser_run(const char *title, const struct chooser_item *items, size_t n,
    const char **why)
{
	struct chooser_line	*lines;
	SCREEN			*scr;
	size_t			 sel = 0, top = 0;
	char			*etitle;
	int			 labelw = 0, ch, result = -2, sfd, fatal = 0;
	sigset_t		 old;
	struct pollfd		 pfd[2];

	if (n == 0) {
		*why = "nothing to choose from";
		return -2;
	}
	sfd = screen_signals(false, &old);
	scr = screen_open("choosing needs a terminal on standard input and "
	    "output", why);
	if (scr == NULL) {
		if (sfd != -1)
			close(sfd);
		sigprocmask(SIG_SETMASK, &old, NULL);
		return -2;
	}
	curs_set(0);

	etitle = esc_text(title, true);
	lines = xcalloc(n, sizeof *lines);
	for (size_t i = 0; i < n; i++) {
		lines[i].label = esc_text(items[i].label, true);
		lines[i].detail = esc_text(items[i].detail != NULL ?
		    items[i].detail : "", true);
		if ((int)strlen(lines[i].label) > labelw)
			labelw = (int)strlen(lines[i].label);
	}

	pfd[0].fd = STDIN_FILENO;
	pfd[1].fd = sfd;
	pfd[0].events = pfd[1].events = POLLIN;
	while (result == -2) {
		struct signalfd_siginfo	si;

		chooser_draw(etitle, lines, n, sel, &top, labelw);
		/* Wait for a key or a signal, whichever comes first. */
		if (poll(pfd, 2, -1) > 0 && (pfd[1].revents & POLLIN) &&
		    read(sfd, &si, sizeof si) == (ssize_t)sizeof si) {
			fatal = (int)si.ssi_signo;
			result = -1;
			break;
		}
		ch = getch();
		switch (ch) {
		case KEY_UP:
		case 'k':
			if (sel > 0)
				sel--;
			break;
		case KEY_DOWN:
		case 'j':
			if (sel + 1 < n)
				sel++;
			break;
		case KEY_HOME:
		case 'g':
			sel = 0;
			break;
		case KEY_END:
		case 'G':
			sel = n - 1;
			break;
		case '\r':
		case '\n':
		case KEY_ENTER:
			result = (int)sel;
			break;
		case 'q':
		case CHOOSER_ESC:
		case CHOOSER_CTRL_C:
			result = -1;
			break;
		case ERR:
			/* The terminal went away: nobody is there to choose. */
			result = -1;
			break;
		default:
			/* KEY_RESIZE and anything else: just redraw. */
			break;
		}
	}

	screen_close(scr);
	if (sfd != -1)
		close(sfd);
	sigprocmask(SIG_SETMASK, &old, NULL);
	tui_die_by(fatal);
	for (size_t i = 0; i < n; i++) {
		free(lines[i].label);
		free(lines[i].detail);
	}
	free(lines);
	free(etitle);
	return result;
}
