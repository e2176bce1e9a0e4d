/* SPDX-License-Identifier: ISC */
/*
 * watch.h - the parts of `livehex watch` (cmd_watch.c: options, the loop,
 * change lines; watch_cond.c: --until and --pin; watch_json.c: --json
 * lines; watch_fields.c: change lines by field with --layout) and the state they share.  Only these files include it.
 */
#ifndef LIVEHEX_WATCH_H
#define LIVEHEX_WATCH_H

#include <poll.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cli.h"

struct expr;
struct expr_range;
struct layout;
struct live;
struct live_event;
struct live_window;

/* The most --pin options. */
#define WATCH_MAX_PINS		16
/* Bytes of each side shown on a change line before "...". */
#define WATCH_SHOW		16

/* How a step of the watch ended. */
enum watch_rc {
	WATCH_GO,	/* keep watching */
	WATCH_STOP,	/* done: --count reached, a signal, the reader left,
			   --until held */
	WATCH_FAIL,	/* an error, already reported: exit 1 */
};

/* Everything the command line decides. */
struct watch_opts {
	uint64_t	 off;		/* -s */
	size_t		 len;		/* -l, or WATCH_DEFAULT_LEN */
	bool		 have_len;	/* -l given */
	bool		 have_off;	/* -s given */
	unsigned	 interval;	/* --interval, ms */
	uint64_t	 count;		/* --count, 0 for no limit */
	const char	*until;		/* --until COND, or NULL */
	uint64_t	 timeout_ms;	/* --timeout, 0 for none */
	const char	*pins[WATCH_MAX_PINS];	/* --pin EXPR */
	size_t		 npins;
	bool		 json;		/* --json */
	struct cli_layout cl;		/* --layout SPEC, --at, --cflags */
	const char	*source;
};

/* The poll set. */
enum { WATCH_SIGNAL, WATCH_INOTIFY, WATCH_STDOUT, WATCH_NFDS };

/* A running watch. */
struct watch {
	const struct watch_opts	*o;
	struct live		*live;		/* door, identity, events */
	struct live_window	*win;		/* [-s, -s + -l), or NULL with
						   --until/--pin alone */
	char			*shown;		/* the path, escaped */
	bool			 usage_error;	/* pid:PID named no single mapping */
	enum watch_rc		 rc;		/* what the lines so far decided */
	uint64_t		 left;		/* lines before --count stops */
	bool			 noted_cap;	/* the 1 MiB note was given */
	char			 stamp[32];	/* time of this look */
	uint64_t		 now_ms;	/* the same, on the session clock */
	struct pollfd		 pfd[WATCH_NFDS];

	struct layout		*layout;	/* --layout, or NULL */
	struct expr		*until;		/* --until, or NULL */
	struct expr		*pins[WATCH_MAX_PINS];
	size_t			 npins;
	char			 pin_last[WATCH_MAX_PINS][96];	/* shown last */
	struct live_window	**ewins;	/* the bytes they read */
	struct expr_range	*eranges;	/* each one's range */
	size_t			 newins;
	bool			 met;		/* --until held: exit 0 */
	uint64_t		 evaluated_ms;	/* --until's last expr_eval */
	uint64_t		 end_ms;	/* --timeout, or UINT64_MAX */
};

/* Print one line (after the time) and count it. */
enum watch_rc	 watch_line(struct watch *w, const char *text);
/* Print the change line for a run of LEN bytes at OFF, OLD -> NEW. */
enum watch_rc	 watch_run_line(struct watch *w, uint64_t off, size_t len,
		    const uint8_t *old, const uint8_t *new);
/*
 * Print the lines for a window's BYTES event EV by the fields of
 * w->layout it touches (watch_fields.c).
 */
enum watch_rc	 watch_fields_event(struct watch *w,
		    const struct live_event *ev);

/* Append up to WATCH_SHOW bytes of P (LEN in all) in hex to F. */
void		 watch_hex(FILE *f, const uint8_t *p, size_t len);

/*
 * Parse --until and --pin (the file SIZE bytes, for "$" in offsets) into
 * W; CLI_EXIT_OK, or CLI_EXIT_USAGE with the message (and a caret under
 * the column) printed.
 */
int		 watch_cond_parse(struct watch *w, uint64_t size);
/* Watch what the conditions read and take their first values; false
 * (reported) on failure.  Prints the until line when COND holds now. */
bool		 watch_cond_start(struct watch *w);
/* Take EV into the conditions: pin lines, the until line. */
void		 watch_cond_event(struct watch *w, const struct live_event *ev);
/* The next time the clock alone can decide (stuck, --timeout). */
uint64_t	 watch_cond_deadline(const struct watch *w);
/* The clock reached NOW: stuck() may hold, --timeout may end the watch. */
void		 watch_cond_clock(struct watch *w, uint64_t now);
/* Free what watch_cond_parse and watch_cond_start made. */
void		 watch_cond_free(struct watch *w);

/* Write S as a JSON string (quoted, escaped; UTF-8 kept when valid). */
void		 watch_json_str(FILE *f, const char *s);
/* Write "{"time":...,"ms":...,"kind":KIND" (no closing brace). */
void		 watch_json_start(FILE *f, const struct watch *w,
		    const char *kind);
/* Write ,"name":"hex" for up to WATCH_SHOW bytes and ,"cut":true/false. */
void		 watch_json_bytes(FILE *f, const char *name, const uint8_t *p,
		    size_t len);

#endif
