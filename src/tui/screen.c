/* SPDX-License-Identifier: ISC */
/*
 * screen.c - the terminal: curses set-up, restore, and the attributes.
 *
 * Colours are used only when the terminal has them and neither NO_COLOR
 * nor --no-color says otherwise; without colour, the fade steps are shown
 * by reverse and bold so a monochrome terminal still sees them.  Escape is
 * given a short delay (25 ms) because Esc abandons prompts and edits.
 *
 * Before curses starts, screen_term_check asks terminfo whether TERM can
 * move the cursor at all: curses on TERM=dumb "works" and draws every
 * frame as a stream of garbage, and on an unknown TERM newterm fails
 * without saying which TERM it looked for.  Both are refused with a
 * message naming TERM (escaped: it comes from the environment).
 */
#include "config.h"

#include <curses.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <term.h>
#include <unistd.h>
#include <sys/signalfd.h>

#include "esc.h"
#include "screen.h"

static bool	screen_active;
static bool	screen_color;
static attr_t	screen_attrs[SCREEN_ROLES];

/*
 * Give ROLE its own colour pair, FG on BG, and return its attribute.  Why
 * the pair is the role's number: two roles once shared a hand-numbered
 * pair (the shaded records and the past's header), and the second
 * init_pair silently recoloured the first.
 */
static attr_t
screen_pair(enum screen_role role, short fg, short bg)
{
	short	n = (short)(role + 1);

	init_pair(n, fg, bg);
	return (attr_t)COLOR_PAIR(n);
}

/* Fill screen_attrs for colour or monochrome. */
static void
screen_roles(void)
{
	screen_attrs[SCREEN_NORMAL] = A_NORMAL;
	screen_attrs[SCREEN_CURSOR] = A_REVERSE;
	screen_attrs[SCREEN_CURSOR_OTHER] = A_UNDERLINE;
	screen_attrs[SCREEN_PENDING] = A_REVERSE | A_BLINK | A_BOLD;
	if (!screen_color) {
		screen_attrs[SCREEN_HEADER] = A_REVERSE;
		screen_attrs[SCREEN_OFFSET] = A_NORMAL;
		screen_attrs[SCREEN_FADE3] = A_REVERSE | A_BOLD;
		screen_attrs[SCREEN_FADE2] = A_BOLD | A_UNDERLINE;
		screen_attrs[SCREEN_FADE1] = A_UNDERLINE;
		screen_attrs[SCREEN_STATUS] = A_NORMAL;
		screen_attrs[SCREEN_WARN] = A_BOLD;
		screen_attrs[SCREEN_ERROR] = A_BOLD | A_REVERSE;
		screen_attrs[SCREEN_DIM] = A_NORMAL;
		screen_attrs[SCREEN_EDIT] = A_BOLD;
		screen_attrs[SCREEN_MATCH] = A_UNDERLINE | A_DIM;
		/* issue 13: fields are not shaded at all under NO_COLOR. */
		screen_attrs[SCREEN_FIELD] = A_NORMAL;
		screen_attrs[SCREEN_FIELD2] = A_NORMAL;
		screen_attrs[SCREEN_MODE] = A_REVERSE | A_BOLD;
		/* Not the cursor's plain reverse: it shows inside. */
		screen_attrs[SCREEN_SELECT] = A_REVERSE | A_DIM;
		/* history (issue 14); the header says "<<" in words too */
		screen_attrs[SCREEN_PAST] = A_REVERSE | A_BOLD | A_UNDERLINE;
		/* snapshots (issue 14): steady, unlike the fade's underline */
		screen_attrs[SCREEN_DIFF] = A_UNDERLINE | A_ITALIC;
		/* ... and, old bytes unknown, in bold too (dim and italic
		   alone are lost on many terminals; bold is not) */
		screen_attrs[SCREEN_DIFF_UNKNOWN] = A_UNDERLINE | A_ITALIC |
		    A_BOLD;
		return;
	}
	use_default_colors();
	screen_attrs[SCREEN_HEADER] = screen_pair(SCREEN_HEADER, COLOR_BLACK,
	    COLOR_CYAN);
	screen_attrs[SCREEN_OFFSET] = screen_pair(SCREEN_OFFSET, COLOR_CYAN,
	    -1);
	screen_attrs[SCREEN_FADE3] = screen_pair(SCREEN_FADE3, COLOR_BLACK,
	    COLOR_RED) | A_BOLD;
	screen_attrs[SCREEN_FADE2] = screen_pair(SCREEN_FADE2, COLOR_BLACK,
	    COLOR_YELLOW);
	screen_attrs[SCREEN_FADE1] = screen_pair(SCREEN_FADE1, COLOR_YELLOW,
	    -1);
	screen_attrs[SCREEN_STATUS] = A_NORMAL;
	screen_attrs[SCREEN_WARN] = screen_pair(SCREEN_WARN, COLOR_YELLOW,
	    -1) | A_BOLD;
	screen_attrs[SCREEN_ERROR] = screen_pair(SCREEN_ERROR, COLOR_WHITE,
	    COLOR_RED) | A_BOLD;
	screen_attrs[SCREEN_DIM] = screen_pair(SCREEN_DIM, COLOR_BLUE, -1) |
	    A_BOLD;
	screen_attrs[SCREEN_EDIT] = screen_pair(SCREEN_EDIT, COLOR_GREEN, -1) |
	    A_BOLD;
	screen_attrs[SCREEN_MATCH] = screen_pair(SCREEN_MATCH, COLOR_BLACK,
	    COLOR_MAGENTA);
	screen_attrs[SCREEN_FIELD] = screen_pair(SCREEN_FIELD, COLOR_CYAN, -1);
	screen_attrs[SCREEN_FIELD2] = screen_pair(SCREEN_FIELD2, COLOR_MAGENTA,
	    -1);
	screen_attrs[SCREEN_MODE] = screen_pair(SCREEN_MODE, COLOR_BLACK,
	    COLOR_GREEN) | A_BOLD;
	screen_attrs[SCREEN_SELECT] = screen_pair(SCREEN_SELECT, COLOR_WHITE,
	    COLOR_BLUE);
	/* history (issue 14): viewing the past */
	screen_attrs[SCREEN_PAST] = screen_pair(SCREEN_PAST, COLOR_WHITE,
	    COLOR_MAGENTA) | A_BOLD;
	/* snapshots (issue 14): a steady colour of its own */
	screen_attrs[SCREEN_DIFF] = screen_pair(SCREEN_DIFF, COLOR_BLACK,
	    COLOR_CYAN);
	/* ... a page that differs with its old bytes unknown (past the cap) */
	screen_attrs[SCREEN_DIFF_UNKNOWN] = screen_pair(SCREEN_DIFF_UNKNOWN,
	    COLOR_BLACK, COLOR_WHITE);
}

/*
 * Bracketed paste (mode 2004) on or off: the terminal then wraps what is
 * pasted in ESC [ 200 ~ ... ESC [ 201 ~ (yank_paste.c finds it).  Written
 * straight after curses' own output; terminals without it ignore it.
 */
static void
screen_paste_mode(bool on)
{
	fflush(stdout);
	fputs(on ? "\033[?2004h" : "\033[?2004l", stdout);
	fflush(stdout);
}

/*
 * ^Z: give the terminal back and stop, as a shell's job control expects;
 * on return (fg) take it again.  The caller redraws everything.
 */
void
screen_suspend(void)
{
	void	(*old)(int);

	if (!screen_active)
		return;
	mousemask(0, NULL);
	screen_paste_mode(false);
	curs_set(1);
	endwin();
	fflush(stdout);
	/*
	 * The whole process group stops, as a terminal's ^Z would stop it
	 * (raw mode turned that off).  SIGTSTP is not blocked or caught.
	 */
	old = signal(SIGTSTP, SIG_DFL);	/* not curses's handler: ours */
	kill(0, SIGTSTP);
	signal(SIGTSTP, old);
	/*
	 * Continued (fg): curses mode and the alternate screen first, then
	 * hide the cursor there (hidden before, a terminal that saves the
	 * cursor with the screen would restore it hidden at exit).
	 */
	refresh();
	curs_set(0);
	screen_paste_mode(true);
	mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED |
	    BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	clearok(curscr, TRUE);
}

/* Can TERM move the cursor?  True, or false with *why; see screen.h. */
bool
screen_term_check(const char **why)
{
	static char	 msg[512], cup_name[] = "cup";
	const char	*term = getenv("TERM");
	char		*shown, *cup;
	int		 err = 0;
	bool		 ok;

	if (term == NULL || *term == '\0') {
		*why = "TERM is not set: livehex needs the terminal's type "
		    "(such as TERM=xterm-256color)";
		return false;
	}
	shown = esc_text(term, strcmp(nl_langinfo(CODESET), "UTF-8") == 0);
	/* setupterm, not newterm: it says why, and draws nothing. */
	if (setupterm(term, STDOUT_FILENO, &err) != OK) {
		if (err == 1)	/* a hardcopy terminal */
			snprintf(msg, sizeof msg, "the viewer needs a terminal "
			    "that can move the cursor; TERM=%s cannot", shown);
		else if (err == 0)
			snprintf(msg, sizeof msg, "TERM=%s: no such terminal "
			    "in the terminfo database (is ncurses-term "
			    "installed? or try TERM=xterm-256color)", shown);
		else
			snprintf(msg, sizeof msg, "TERM=%s: no terminfo "
			    "database found", shown);
		free(shown);
		*why = msg;
		return false;
	}
	/* Why an array: ncurses's tigetstr takes a char *, not const. */
	cup = tigetstr(cup_name);
	ok = cup != NULL && cup != (char *)-1;
	del_curterm(cur_term);
	if (!ok) {
		snprintf(msg, sizeof msg, "the viewer needs a terminal that can "
		    "move the cursor; TERM=%s cannot", shown);
		*why = msg;
	}
	free(shown);
	return ok;
}

/*
 * Open curses on the terminal, keys raw; NULL with *why on failure.  The
 * steps every full-screen part of livehex takes (the viewer, the chooser)
 * in one place: both standard streams a terminal (NOTTY says so
 * otherwise), TERM usable, a short Escape, newterm, raw keys.
 */
SCREEN *
screen_open(const char *notty, const char **why)
{
	SCREEN	*scr;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		*why = notty;
		return NULL;
	}
	if (!screen_term_check(why))
		return NULL;
	/* Why setenv: ncurses reads ESCDELAY only at initialisation. */
	if (getenv("ESCDELAY") == NULL)
		setenv("ESCDELAY", "25", 1);
	if ((scr = newterm(NULL, stdout, stdin)) == NULL) {
		*why = "cannot initialise the terminal (is TERM set?)";
		return NULL;
	}
	/*
	 * Why endwin and refresh before anything is drawn (issue 12): until
	 * curses has been left and resumed once, ncurses (6.4, lib_mvcur.c:
	 * the screen is still "ewInitial", as for a low-level terminfo
	 * program) flushes its output after every cursor movement, so a
	 * frame under a storm of changes went out in about 37 write(2)
	 * calls.  Resumed, it keeps a frame in its own buffer ((LINES + 2)
	 * * (COLS + 6) bytes) and sends it with one write at doupdate.  The
	 * cost: the terminal leaves the alternate screen and enters it
	 * again once, before the first frame.
	 */
	endwin();
	refresh();
	raw();
	noecho();
	nonl();
	keypad(stdscr, TRUE);
	return scr;
}

/* Give back a terminal screen_open opened (the cursor shown again). */
void
screen_close(SCREEN *scr)
{
	curs_set(1);
	endwin();
	delscreen(scr);
}

/* Block the signals that end or resize us; a signalfd for them, or -1. */
int
screen_signals(bool winch, sigset_t *old)
{
	sigset_t	mask;

	sigemptyset(&mask);
	if (winch)
		sigaddset(&mask, SIGWINCH);
	sigaddset(&mask, SIGTERM);
	sigaddset(&mask, SIGHUP);
	sigaddset(&mask, SIGINT);
	sigaddset(&mask, SIGQUIT);
	if (sigprocmask(SIG_BLOCK, &mask, old) == -1)
		return -1;
	return signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);
}

/* Start curses on the terminal; false with *why on failure. */
bool
screen_start(bool no_color, const char **why)
{
	const char	*nc = getenv("NO_COLOR");

	if (screen_open("the viewer needs a terminal on standard input and "
	    "output (for a plain dump use: livehex dump FILE)", why) == NULL)
		return false;
	screen_active = true;
	nodelay(stdscr, TRUE);
	/*
	 * Releases too, though only presses act: without them in the mask,
	 * a quick second click after the first was seen to get lost under
	 * load (curses's idea of the button state went stale).
	 */
	mousemask(BUTTON1_PRESSED | BUTTON1_RELEASED | BUTTON1_CLICKED |
	    BUTTON4_PRESSED | BUTTON5_PRESSED, NULL);
	mouseinterval(0);
	screen_color = !no_color && (nc == NULL || *nc == '\0') &&
	    has_colors() && start_color() == OK;
	screen_roles();
	curs_set(0);
	screen_paste_mode(true);
	return true;
}

/* Restore the terminal; safe to call twice and after a failed start. */
void
screen_stop(void)
{
	if (!screen_active)
		return;
	screen_active = false;
	mousemask(0, NULL);
	screen_paste_mode(false);
	curs_set(1);
	endwin();
}

/* The terminal hung up: screen_stop will not write to it. */
void
screen_lost(void)
{
	screen_active = false;
}

/* The curses attribute for ROLE. */
attr_t
screen_attr(enum screen_role role)
{
	return screen_attrs[role];
}

/* True when the screen has colours in use. */
bool
screen_has_color(void)
{
	return screen_color;
}
