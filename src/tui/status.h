/* SPDX-License-Identifier: ISC */
/*
 * status.h - the status line's message and the one-line prompt.
 *
 * The lowest of the viewer's modules: the features (edit, find, fields,
 * strip), the key and command tables and the app all depend down on it;
 * it depends on nothing of theirs (only on history.h, the prompt's
 * history).  The state is opaque; draw.c reads it through the accessors.
 */
#ifndef LIVEHEX_STATUS_H
#define LIVEHEX_STATUS_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

struct status;

/* Severity of the status-line message. */
enum status_kind { STATUS_INFO, STATUS_WARN, STATUS_ERROR };

/* What the one-line prompt at the bottom is collecting. */
enum status_prompt {
	STATUS_PROMPT_NONE,
	STATUS_PROMPT_COMMAND,		/* after ':' */
	STATUS_PROMPT_SEARCH,		/* after '/' */
};

/* What status_prompt_key did with a key. */
enum status_edit {
	STATUS_EDIT_IGNORED,		/* not the prompt's key */
	STATUS_EDIT_CHANGED,		/* the line changed */
	STATUS_EDIT_CLOSED,		/* Esc, ^C, ^G, or erased: gone */
	STATUS_EDIT_ENTERED,		/* Enter: the line is to be run */
	STATUS_EDIT_TAB,		/* Tab: the caller may complete */
};

/* The longest prompt line, with its NUL. */
#define STATUS_LINE_MAX	256

/* A status with no message and no prompt; UTF8: the locale's charset. */
struct status	*status_new(bool utf8);
/* Free S. */
void		 status_free(struct status *s);
/* Set the message (printf-style, escaped for the terminal). */
void		 status_vmsg(struct status *s, enum status_kind kind,
		    const char *fmt, va_list ap)
		    __attribute__((format(printf, 3, 0)));
/* Set the message (printf-style, escaped for the terminal). */
void		 status_msg(struct status *s, enum status_kind kind,
		    const char *fmt, ...)
		    __attribute__((format(printf, 3, 4)));
/* Clear the message. */
void		 status_clear(struct status *s);
/* The message, or NULL. */
const char	*status_text(const struct status *s);
/* The message's severity. */
enum status_kind status_kind(const struct status *s);
/* Open the prompt for KIND, empty. */
void		 status_prompt_open(struct status *s, enum status_prompt kind);
/* What the prompt collects (STATUS_PROMPT_NONE: closed). */
enum status_prompt status_prompt(const struct status *s);
/* The prompt's line so far. */
const char	*status_prompt_line(const struct status *s);
/* Its length in bytes. */
size_t		 status_prompt_len(const struct status *s);
/* The cursor's place in the line, in bytes (at a character's start). */
size_t		 status_prompt_cursor(const struct status *s);
/* The cursor's screen column within the line (wide characters count 2). */
size_t		 status_prompt_column(const struct status *s);
/* Replace the prompt's line with LINE, the cursor at its end. */
void		 status_prompt_set(struct status *s, const char *line);
/* Replace the prompt's line with LINE, the cursor at byte CUR. */
void		 status_prompt_set_at(struct status *s, const char *line,
		    size_t cur);
/* Show HINT (completion choices) beside the prompt until the next key. */
void		 status_prompt_hint(struct status *s, const char *hint);
/* The hint, or NULL. */
const char	*status_prompt_hint_text(const struct status *s);
/*
 * Edit the open prompt with livehex KEY (keys.h): Left/Right, Home/End,
 * ^A ^E ^U ^K ^W, Backspace, Delete; Up/Down walk the history.  On
 * ENTERED the prompt is closed, its line copied to LINE (STATUS_LINE_MAX
 * bytes) and kept in the history (and its file).
 */
enum status_edit status_prompt_key(struct status *s, int key, char *line);

#endif
