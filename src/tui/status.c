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
 *
 * The line has a cursor (a byte offset, always at the start of a UTF-8
 * character: the moves and erasures step over whole characters, so a
 * character is never split).  Entered lines go to the history
 * (history.c), loaded from its file when the first prompt opens and
 * written back after every Enter; Up and Down walk the lines of the
 * open prompt's kind, and the line being typed is kept aside to come
 * back to, as vim does.  A history file that cannot be read or written
 * is skipped without a word.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "esc.h"
#include "history.h"
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
	size_t			 cur;	/* the cursor, a byte in LINE */
	char			*hint;	/* completion choices, or NULL */
	struct history		*hist;	/* NULL until the first prompt */
	char			*hist_path;	/* its file, or NULL */
	size_t			 walk;	/* the line shown; count: typing */
	char			 typed[STATUS_LINE_MAX];	/* set aside */
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
	free(s->hint);
	history_free(s->hist);
	free(s->hist_path);
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

/* Set the message (printf-style, escaped for the terminal). */
void
status_msg(struct status *s, enum status_kind kind, const char *fmt, ...)
{
	va_list	ap;

	va_start(ap, fmt);
	status_vmsg(s, kind, fmt, ap);
	va_end(ap);
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

/* The history's character for prompt KIND. */
static char
status_hist_kind(enum status_prompt kind)
{
	return kind == STATUS_PROMPT_SEARCH ? '/' : ':';
}

/* Drop the completion hint. */
static void
status_hint_clear(struct status *s)
{
	free(s->hint);
	s->hint = NULL;
}

/* Open the prompt for KIND, empty. */
void
status_prompt_open(struct status *s, enum status_prompt kind)
{
	if (s->hist == NULL) {
		/* First use: the file, if there is one (quietly, if not). */
		s->hist = history_new();
		s->hist_path = history_path();
		(void)history_load(s->hist, s->hist_path);
	}
	s->prompt = kind;
	s->len = s->cur = 0;
	s->line[0] = '\0';
	s->walk = history_count(s->hist);
	status_hint_clear(s);
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

/* The cursor's place in the line, in bytes (at a character's start). */
size_t
status_prompt_cursor(const struct status *s)
{
	return s->cur;
}

/* True when byte C continues a UTF-8 character (10xxxxxx). */
static bool
status_cont(char c)
{
	return ((unsigned char)c & 0xc0) == 0x80;
}

/* The cursor's screen column within the line (wide characters count 2). */
size_t
status_prompt_column(const struct status *s)
{
	size_t	col = 0, i = 0;

	while (i < s->cur) {
		unsigned char	lead = (unsigned char)s->line[i];
		wchar_t		wc = lead;
		size_t		n = 1;
		int		w;

		/* The line is ASCII or UTF-8 (status_insert made it so). */
		if (s->utf8 && lead >= 0xc0) {
			n = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
			wc = lead & (0x3f >> (n - 1));
			for (size_t k = 1; k < n && i + k < s->cur; k++)
				wc = wc << 6 | (s->line[i + k] & 0x3f);
		}
		/* wcwidth knows the locale's widths; unknown: one column. */
		if ((w = wcwidth(wc)) < 0)
			w = 1;
		col += (size_t)w;
		i += n;
	}
	return col;
}

/* Replace the prompt's line with LINE, the cursor at byte CUR. */
void
status_prompt_set_at(struct status *s, const char *line, size_t cur)
{
	snprintf(s->line, sizeof s->line, "%s", line);
	s->len = strlen(s->line);
	/* snprintf may have cut a character: drop its head. */
	while (s->len > 0 && (status_cont(s->line[s->len - 1]) ||
	    (unsigned char)s->line[s->len - 1] >= 0xc0)) {
		size_t	start = s->len - 1, need;
		unsigned char	lead;

		while (start > 0 && status_cont(s->line[start]))
			start--;
		lead = (unsigned char)s->line[start];
		need = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
		if (s->len - start >= need)
			break;
		s->len = start;
		s->line[s->len] = '\0';
	}
	s->cur = cur > s->len ? s->len : cur;
	while (s->cur > 0 && status_cont(s->line[s->cur]))
		s->cur--;
}

/* Replace the prompt's line with LINE, the cursor at its end. */
void
status_prompt_set(struct status *s, const char *line)
{
	status_prompt_set_at(s, line, STATUS_LINE_MAX);
}

/* Show HINT (completion choices) beside the prompt until the next key. */
void
status_prompt_hint(struct status *s, const char *hint)
{
	status_hint_clear(s);
	if (hint != NULL && *hint != '\0')
		s->hint = esc_message(hint, s->utf8);
}

/* The hint, or NULL. */
const char *
status_prompt_hint_text(const struct status *s)
{
	return s->hint;
}

/* The start of the character before byte AT of the line. */
static size_t
status_prev(const struct status *s, size_t at)
{
	if (at == 0)
		return 0;
	at--;
	while (at > 0 && status_cont(s->line[at]))
		at--;
	return at;
}

/* The start of the character after the one at byte AT. */
static size_t
status_next(const struct status *s, size_t at)
{
	if (at >= s->len)
		return s->len;
	at++;
	while (at < s->len && status_cont(s->line[at]))
		at++;
	return at;
}

/* Cut bytes FROM..TO of the line; the cursor goes to FROM. */
static void
status_cut(struct status *s, size_t from, size_t to)
{
	memmove(s->line + from, s->line + to, s->len - to + 1);
	s->len -= to - from;
	s->cur = from;
}

/* Insert code point KEY at the cursor; false if it cannot be typed. */
static bool
status_insert(struct status *s, int key)
{
	char	u[4];
	size_t	n;

	if (key >= 0x20 && key < 0x7f) {
		u[0] = (char)key;
		n = 1;
	} else if (!s->utf8 || key < 0xa0 || key >= KEYS_SPECIAL ||
	    (key >= 0xd800 && key < 0xe000))
		/* Controls, and non-ASCII outside a UTF-8 locale: not text. */
		return false;
	else if (key < 0x800) {
		u[0] = (char)(0xc0 | key >> 6);
		u[1] = (char)(0x80 | (key & 0x3f));
		n = 2;
	} else if (key < 0x10000) {
		u[0] = (char)(0xe0 | key >> 12);
		u[1] = (char)(0x80 | (key >> 6 & 0x3f));
		u[2] = (char)(0x80 | (key & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | key >> 18);
		u[1] = (char)(0x80 | (key >> 12 & 0x3f));
		u[2] = (char)(0x80 | (key >> 6 & 0x3f));
		u[3] = (char)(0x80 | (key & 0x3f));
		n = 4;
	}
	if (s->len + n >= sizeof s->line)
		return false;
	memmove(s->line + s->cur + n, s->line + s->cur, s->len - s->cur + 1);
	memcpy(s->line + s->cur, u, n);
	s->len += n;
	s->cur += n;
	return true;
}

/* Up (BACK) or Down: show the next line of this prompt's history. */
static bool
status_walk(struct status *s, bool back)
{
	size_t		 count = history_count(s->hist), to;
	const char	*text;

	to = history_walk(s->hist, status_hist_kind(s->prompt), s->walk, back);
	if (to == count && (back || s->walk == count))
		return false;	/* the oldest, or already the typed line */
	if (s->walk == count)
		memcpy(s->typed, s->line, s->len + 1);
	s->walk = to;
	text = to == count ? s->typed : history_get(s->hist, to, NULL);
	status_prompt_set(s, text);
	return true;
}

/* Keep the entered LINE in the history and its file. */
static void
status_remember(struct status *s, const char *line)
{
	/* The file first: lines entered by another livehex since are kept. */
	(void)history_load(s->hist, s->hist_path);
	if (history_add(s->hist, status_hist_kind(s->prompt), line))
		(void)history_save(s->hist, s->hist_path);
}

/*
 * Edit the open prompt with livehex KEY (keys.h): Left/Right, Home/End,
 * ^A ^E ^U ^K ^W, Backspace, Delete; Up/Down walk the history.  On
 * ENTERED the prompt is closed, its line copied to LINE (STATUS_LINE_MAX
 * bytes) and kept in the history (and its file).
 */
enum status_edit
status_prompt_key(struct status *s, int key, char *line)
{
	size_t	at;

	status_hint_clear(s);
	switch (key) {
	case KEYS_ENTER:
	case '\r':
	case '\n':
		memcpy(line, s->line, s->len + 1);
		status_remember(s, line);
		s->prompt = STATUS_PROMPT_NONE;
		return STATUS_EDIT_ENTERED;
	case KEYS_ESC:
	case KEYS_CTRL('c'):
	case KEYS_CTRL('g'):
		s->prompt = STATUS_PROMPT_NONE;
		return STATUS_EDIT_CLOSED;
	case KEYS_BACKSPACE:
	case 127:
	case KEYS_CTRL('h'):
		/* Erasing past the start of an empty line closes, as in vi. */
		if (s->len == 0) {
			s->prompt = STATUS_PROMPT_NONE;
			return STATUS_EDIT_CLOSED;
		}
		if (s->cur == 0)
			return STATUS_EDIT_IGNORED;
		status_cut(s, status_prev(s, s->cur), s->cur);
		return STATUS_EDIT_CHANGED;
	case KEYS_DELETE:
		if (s->cur == s->len)
			return STATUS_EDIT_IGNORED;
		status_cut(s, s->cur, status_next(s, s->cur));
		return STATUS_EDIT_CHANGED;
	case KEYS_LEFT:
		s->cur = status_prev(s, s->cur);
		return STATUS_EDIT_CHANGED;
	case KEYS_RIGHT:
		s->cur = status_next(s, s->cur);
		return STATUS_EDIT_CHANGED;
	case KEYS_HOME:
	case KEYS_CTRL('a'):
		s->cur = 0;
		return STATUS_EDIT_CHANGED;
	case KEYS_END:
	case KEYS_CTRL('e'):
		s->cur = s->len;
		return STATUS_EDIT_CHANGED;
	case KEYS_CTRL('u'):
		status_cut(s, 0, s->cur);
		return STATUS_EDIT_CHANGED;
	case KEYS_CTRL('k'):
		s->line[s->len = s->cur] = '\0';
		return STATUS_EDIT_CHANGED;
	case KEYS_CTRL('w'):
		/* The word before the cursor and the blanks after it. */
		at = s->cur;
		while (at > 0 && s->line[at - 1] == ' ')
			at--;
		while (at > 0 && s->line[at - 1] != ' ')
			at--;
		status_cut(s, at, s->cur);
		return STATUS_EDIT_CHANGED;
	case KEYS_UP:
	case KEYS_DOWN:
		return status_walk(s, key == KEYS_UP) ? STATUS_EDIT_CHANGED :
		    STATUS_EDIT_IGNORED;
	case '\t':
		return STATUS_EDIT_TAB;
	default:
		return status_insert(s, key) ? STATUS_EDIT_CHANGED :
		    STATUS_EDIT_IGNORED;
	}
}
