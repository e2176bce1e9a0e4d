/* SPDX-License-Identifier: ISC */
/*
 * caption.h - a lesson's caption panel: its state, without curses.
 *
 * A lesson (src/cli/lesson*.c) is a list of steps, each a caption, the
 * few lines of C and of Python the second process runs, and an action.
 * The caption keeps which step is shown, the lines it wraps to for a
 * width, how far they are scrolled, and for each step the last results
 * the second process reported while it was the newest step.  Two hooks reach the lesson: on_step when a step is
 * reached the first time (the second process acts then), and on_fd when
 * the lesson's descriptor is readable (the loop polls it with the rest).
 * draw_caption.c draws it; keymap.c steps it with n / N.
 */
#ifndef LIVEHEX_CAPTION_H
#define LIVEHEX_CAPTION_H

#include <stdbool.h>
#include <stddef.h>

struct caption;

/* One step of a lesson, as data. */
struct caption_step {
	const char	*text;		/* what to watch for (wrapped) */
	const char	*c;		/* the C the second process runs ('\n') */
	const char	*py;		/* the same with Python's mmap ('\n') */
};

/* What a line of the wrapped caption is, for its look. */
enum caption_kind {
	CAPTION_TITLE,		/* lesson, step k/n, the keys */
	CAPTION_TEXT,		/* the caption's words */
	CAPTION_RESULT,		/* what the second process reported */
	CAPTION_CODE,		/* a line of C or Python */
	CAPTION_MORE,		/* "-- n: more --" when it does not fit */
};

/* The lesson's side of the panel. */
struct caption_hook {
	int	  fd;		/* readable: on_fd reads it (-1: none) */
	/* The descriptor is readable; false when it is closed (fd -1 then). */
	bool	(*on_fd)(void *arg, struct caption *c);
	/* Step K is reached for the first time: act for it. */
	void	(*on_step)(void *arg, struct caption *c, size_t k);
	void	 *arg;
};

/* The most results shown at once (the newest). */
#define CAPTION_RESULTS	3
/* Lines the panel wants on a terminal of ROWS rows (0: it does not fit). */
int		 caption_rows_for(int rows);

/* A caption for lesson NAME with N STEPS (kept, not copied); step 0 runs. */
struct caption	*caption_new(const char *name, const struct caption_step *steps,
		    size_t n, const struct caption_hook *hook);
/* Free it (the hook's descriptor is the lesson's to close). */
void		 caption_free(struct caption *c);
/* Run step 0's action (once, when the viewer is up). */
void		 caption_start(struct caption *c);
/* The step shown (0-based) and the number of steps. */
size_t		 caption_step(const struct caption *c);
size_t		 caption_nsteps(const struct caption *c);
/*
 * n (FORWARD) or N: scroll a step that does not fit, else move to the
 * next / previous step (a step's action runs when first reached).  False
 * when there is nowhere to go.
 */
bool		 caption_go(struct caption *c, bool forward);
/* Add a result line to the last step reached, printf-style. */
void		 caption_result(struct caption *c, const char *fmt, ...)
		    __attribute__((format(printf, 2, 3)));
/* The descriptor to poll, or -1. */
int		 caption_fd(const struct caption *c);
/* The descriptor is readable: let the lesson read it. */
void		 caption_on_fd(struct caption *c);
/* Wrap the caption for WIDTH columns and ROOM lines; lines to show. */
size_t		 caption_layout(struct caption *c, int width, int room);
/* Line I (0 <= I < caption_layout()) of the panel and its kind. */
const char	*caption_line(const struct caption *c, size_t i,
		    enum caption_kind *kind);

#endif
