/* SPDX-License-Identifier: ISC */
/*
 * status.c - the status line's message and the one-line prompt.
 *
 * The message is what the last action said (an error, a warning or a
 * note), kept escaped: messages quote file names and causes, which must
 * never reach the terminal raw.  The prompt is the line typed after ':'
 * or '/'; this module only edits it and says when it was entered or
 * closed: what the line means (a command, a search) is decided above, by
 * the key table (keymap.c), so nothing here depends on a feature.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "keys.h"
#include "status.h"
#include "xmalloc.h"

struct status {
	bool			 utf8;	/* the locale's charset is UTF-8 */
	char			*msg;	/* escaped, or NULL */
	enum status_kind	 kind;
	enum status_prompt	 prompt;
	char			 line[STATUS_LINE_MAX];
	size_t			 len;
};

/* A status with no message and no prompt; UTF8: the locale's charset. */
struct status *
status_new(bool utf8)
{
	struct status	*s = xcalloc(1, sizeof *s);

	s->utf8 = utf8;
	return s;
}

/* Free S. */
void
status_free(struct status *s)
{
	if (s == NULL)
		return;
	free(s->msg);
	free(s);
}

/* Set the message (printf-style, escaped for the terminal). */
void
status_vmsg(struct status *s, enum status_kind kind, const char *fmt,
    va_list ap)
{
	char	*raw;

	if (vasprintf(&raw, fmt, ap) == -1)
		raw = NULL;
	free(s->msg);
	/* Messages quote file names and causes: never send them raw. */
	s->msg = raw != NULL ? esc_message(raw, s->utf8) : NULL;
	free(raw);
	s->kind = kind;
}

/* Clear the message. */
void
status_clear(struct status *s)
{
	free(s->msg);
	s->msg = NULL;
}

/* The message, or NULL. */
const char *
status_text(const struct status *s)
{
	return s->msg;
}

/* The message's severity. */
enum status_kind
status_kind(const struct status *s)
{
	return s->kind;
}

/* Open the prompt for KIND, empty. */
void
status_prompt_open(struct status *s, enum status_prompt kind)
{
	s->prompt = kind;
	s->len = 0;
	s->line[0] = '\0';
}

/* What the prompt collects (STATUS_PROMPT_NONE: closed). */
enum status_prompt
status_prompt(const struct status *s)
{
	return s->prompt;
}

/* The prompt's line so far. */
const char *
status_prompt_line(const struct status *s)
{
	return s->line;
}

/* Its length in bytes. */
size_t
status_prompt_len(const struct status *s)
{
	return s->len;
}

/* Replace the prompt's line with LINE (completion). */
void
status_prompt_set(struct status *s, const char *line)
{
	snprintf(s->line, sizeof s->line, "%s", line);
	s->len = strlen(s->line);
}

/*
 * Edit the open prompt with livehex KEY (keys.h).  On ENTERED the prompt
 * is closed and its line copied to LINE (STATUS_LINE_MAX bytes).
 */
enum status_edit
status_prompt_key(struct status *s, int key, char *line)
{
	if (key == KEYS_ENTER || key == '\r' || key == '\n') {
		memcpy(line, s->line, s->len + 1);
		s->prompt = STATUS_PROMPT_NONE;
		return STATUS_EDIT_ENTERED;
	}
	if (key == KEYS_ESC || key == KEYS_CTRL('c') || key == KEYS_CTRL('g')) {
		s->prompt = STATUS_PROMPT_NONE;
		return STATUS_EDIT_CLOSED;
	}
	if (key == KEYS_BACKSPACE || key == 127 || key == KEYS_CTRL('h')) {
		/* Erasing past the start closes the prompt, as in vi. */
		if (s->len == 0) {
			s->prompt = STATUS_PROMPT_NONE;
			return STATUS_EDIT_CLOSED;
		}
		s->line[--s->len] = '\0';
		return STATUS_EDIT_CHANGED;
	}
	if (key == '\t')
		return STATUS_EDIT_TAB;
	if (key >= 0x20 && key < 0x7f && s->len + 1 < sizeof s->line) {
		s->line[s->len++] = (char)key;
		s->line[s->len] = '\0';
		return STATUS_EDIT_CHANGED;
	}
	return STATUS_EDIT_IGNORED;
}
