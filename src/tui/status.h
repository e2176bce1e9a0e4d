/* SPDX-License-Identifier: ISC */
/*
 * status.h - the status line's message and the one-line prompt.
 *
 * The lowest of the viewer's modules: the features (edit, find, fields,
 * strip), the key and command tables and the app all depend down on it;
 * it depends on nothing of theirs.  The state is opaque; draw.c reads it
 * through the accessors.
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
/* Replace the prompt's line with LINE (completion). */
void		 status_prompt_set(struct status *s, const char *line);
/*
 * Edit the open prompt with livehex KEY (keys.h).  On ENTERED the prompt
 * is closed and its line copied to LINE (STATUS_LINE_MAX bytes).
 */
enum status_edit status_prompt_key(struct status *s, int key, char *line);

#endif
