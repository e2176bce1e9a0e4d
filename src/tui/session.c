/* SPDX-License-Identifier: ISC */
/*
 * session.c - :mksession, :source / --session and :mark (issue 15).
 *
 * A session file is plain text: comment lines ('#') and ':' commands,
 * one a line, exactly as they would be typed at the ':' prompt (like
 * vim's Session.vim).  :mksession writes, in this order so that each
 * line finds what it needs: the layout (paths in the pins and breaks
 * are resolved through it), the marks, the pins, the breaks, then the
 * cursor.  Reading is no second parser: each line goes to cmds_run, the
 * runner of typed commands, so a session means what typing it means.
 *
 * What is never saved, and why (the man page says it too):
 *  - :freeze: it STORES bytes into the file whenever another process
 *    changes them.  Replaying a session must never store a byte the user
 *    did not ask for at that moment, so freezes are written commented
 *    out, with a note; and :source refuses every storing command (:set,
 *    :r, :fill, :freeze) wherever it comes from, saying file and line;
 *  - edits, the undo history, the selection, the register, a break that
 *    holds and the past frames: they are moments, not set-up;
 *  - several --layout specs (with --at): no one :layout loads them, so
 *    they are named in a comment and must be given on the command line;
 *    --cflags and --at are command-line options too.
 * A name with a line break cannot be one line: it is left out with a
 * comment.  Everything else is written as typed, so names with spaces
 * round-trip: the commands take the rest of their line.
 *
 * The entry points are declared in cmds.h (as cmds_edit.c's are): this
 * file calls the runner, so the runner's table must not include a header
 * of ours (no include circle).
 *
 * Errors while sourcing: each bad line is "FILE:LINE: what the command
 * said"; the first is shown with the count of the others, and the lines
 * after a bad one still run.  A session never sources another (no
 * loops) nor writes one.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "brk.h"
#include "cmds.h"
#include "door.h"
#include "esc.h"
#include "fields.h"
#include "freeze.h"
#include "layout.h"
#include "number.h"
#include "pins.h"
#include "status.h"
#include "xmalloc.h"

/* Longest line :source reads (longer: an error for that line). */
#define SESSION_LINE_MAX	8192

/* PATH with a leading "~/" made $HOME's (malloc'd). */
static char *
session_expand(const char *path)
{
	const char	*home = getenv("HOME");

	if (strncmp(path, "~/", 2) == 0 && home != NULL && *home != '\0')
		return xasprintf("%s/%s", home, path + 2);
	return xstrdup(path);
}

/* PATH escaped for a message (malloc'd). */
static char *
session_name(const struct app *a, const char *path)
{
	return esc_quote(path, strlen(path), 200, a->utf8 ? ESC_UTF8 : 0);
}

/* Write ":WHAT TEXT" to F, or a comment when TEXT has a line break. */
static void
session_line(FILE *f, const char *what, const char *text)
{
	if (strpbrk(text, "\n\r") != NULL)
		fprintf(f, "# not saved: a :%s whose text has a line break\n",
		    what);
	else
		fprintf(f, ":%s %s\n", what, text);
}

/* The layout's line(s) of A's session into F. */
static void
session_put_layout(const struct app *a, FILE *f)
{
	const char	*spec;
	size_t		 n;

	if (fields_layout(a->fields) == NULL)
		return;
	spec = fields_spec(a->fields, &n);
	if (spec != NULL) {
		session_line(f, "layout", spec);
		return;
	}
	if (n == 0) {
		fputs("# the layout (a built-in one) is not saved\n", f);
		return;
	}
	/* Several --layout: named for the command line, not run. */
	fputs("# the layout was made of several --layout options; give them "
	    "again:\n#  ", f);
	for (size_t i = 0; i < a->opts.layout_nspecs; i++) {
		const struct layout_spec *s = &a->opts.layout_specs[i];

		if (strpbrk(s->spec, "\n\r") != NULL)
			fputs(" --layout (a name with a line break)", f);
		else
			fprintf(f, " --layout '%s'", s->spec);
		if (s->at != 0)
			fprintf(f, " --at 0x%llx", (unsigned long long)s->at);
	}
	fputc('\n', f);
}

/* A's session as text into F. */
static void
session_put(const struct app *a, FILE *f)
{
	char		*name;
	const char	*text, *expr, *value;
	unsigned	 num;
	uint64_t	 hits;

	name = esc_quote(door_path(a->door), strlen(door_path(a->door)), 400,
	    ESC_MARKS | ESC_UTF8);
	fprintf(f, "# livehex session made on %s (%llu bytes)\n", name,
	    (unsigned long long)a->nav.size);
	free(name);
	fputs("# Load it with :source FILE in the viewer, or livehex "
	    "--session FILE SOURCE.\n"
	    "# Each line is a ':' command as typed at the prompt; '#' starts "
	    "a comment.\n", f);
	session_put_layout(a, f);
	for (int i = 0; i < APP_MARKS; i++)
		if (a->mark_set[i])
			fprintf(f, ":mark %c 0x%llx\n", 'a' + i,
			    (unsigned long long)a->marks[i]);
	for (size_t i = 0; i < pins_count(a->pins); i++)
		session_line(f, "pin", pins_text(a->pins, i));
	for (size_t i = 0; i < brk_count(a->brk); i++) {
		brk_get(a->brk, i, &num, &text, &hits);
		session_line(f, "break", text);
	}
	if (freeze_count(a->freeze) > 0)
		fputs("# Frozen values are not loaded: :freeze stores bytes, and "
		    "loading a session\n# never stores.  Type one at the "
		    "prompt to freeze it again:\n", f);
	for (size_t i = 0; i < freeze_count(a->freeze); i++) {
		freeze_get(a->freeze, i, &expr, &value);
		if (strpbrk(expr, "\n\r") == NULL)
			fprintf(f, "#   :freeze %s %s\n", expr, value);
	}
	fprintf(f, ":goto 0x%llx\n", (unsigned long long)a->nav.cursor);
}

/* :mksession FILE, :mksession! FILE; see session.h. */
int
session_write(struct app *a, const char *args, bool force)
{
	char	*path, *shown;
	FILE	*f = NULL;
	int	 fd, err;

	args = cmds_skip(args);
	if (*args == '\0')
		return cmds_usage(a, cmds_find("mksession", 9));
	path = session_expand(args);
	shown = session_name(a, args);
	/* O_EXCL: without the '!', an existing FILE is never replaced. */
	fd = open(path, O_WRONLY | O_CREAT | O_CLOEXEC |
	    (force ? O_TRUNC : O_EXCL), 0666);
	if (fd == -1 || (f = fdopen(fd, "w")) == NULL) {
		err = errno;
		if (fd != -1)
			close(fd);
		if (err == EEXIST)
			app_msg(a, APP_MSG_ERROR, "%s exists: :mksession! %s "
			    "replaces it", shown, shown);
		else
			app_msg(a, APP_MSG_ERROR, "%s: %s; no session written",
			    shown, strerror(err));
		goto out;
	}
	session_put(a, f);
	if (ferror(f) | (fclose(f) == EOF))
		app_msg(a, APP_MSG_ERROR, "%s: %s; the session is incomplete",
		    shown, strerror(errno));
	else
		app_msg(a, APP_MSG_INFO, "session written to %s (%zu pins, "
		    "%zu breaks)", shown, pins_count(a->pins),
		    brk_count(a->brk));
out:
	free(path);
	free(shown);
	return APP_REDRAW;
}

/*
 * Why LINE (a command line) is not run from a session, or NULL: what
 * stores bytes, and what would read or write another session.
 */
static const char *
session_refused(const char *line)
{
	const struct cmds_row	*r = cmds_find(line, strcspn(line, " "));

	if (r == NULL)
		return NULL;
	if (cmds_stores(r))
		return "stores bytes, and loading a session never does "
		    "(type it at the prompt)";
	if (strcmp(r->name, "source") == 0 ||
	    strncmp(r->name, "mksession", 9) == 0)
		return "is not run from a session";
	return NULL;
}

/* Run line NO of session SHOWN (LINE, ':' optional); false: it failed. */
static bool
session_run_line(struct app *a, const char *shown, unsigned no, char *line,
    int *bits, char **first)
{
	const char	*why;
	bool		 ok = true;

	line += strspn(line, " \t");
	if (*line == ':')
		line++;
	if (*line == '\0' || *line == '#')
		return true;
	if ((why = session_refused(line)) != NULL) {
		/* The row's own name: nothing read from the file is echoed. */
		app_msg(a, APP_MSG_ERROR, "%s:%u: :%s %s; not run", shown, no,
		    cmds_find(line, strcspn(line, " "))->name, why);
		ok = false;
	} else {
		status_clear(a->status);
		*bits |= cmds_run(a, line);
		if (status_kind(a->status) == STATUS_ERROR &&
		    status_text(a->status) != NULL) {
			char	*said = xstrdup(status_text(a->status));

			app_msg(a, APP_MSG_ERROR, "%s:%u: %s", shown, no, said);
			free(said);
			ok = false;
		}
	}
	if (!ok && *first == NULL)
		*first = xstrdup(status_text(a->status));
	return ok;
}

/* :source FILE, --session FILE; see session.h. */
int
session_source(struct app *a, const char *args)
{
	char		*path, *shown, *line = NULL, *first = NULL;
	size_t		 cap = 0;
	ssize_t		 len;
	unsigned	 no = 0, bad = 0;
	int		 bits = APP_REDRAW;
	FILE		*f;

	args = cmds_skip(args);
	if (*args == '\0')
		return cmds_usage(a, cmds_find("source", 6));
	path = session_expand(args);
	shown = session_name(a, args);
	if ((f = fopen(path, "re")) == NULL) {
		app_msg(a, APP_MSG_ERROR, "%s: %s; no session loaded", shown,
		    strerror(errno));
		goto out;
	}
	while ((len = getline(&line, &cap, f)) != -1) {
		no++;
		while (len > 0 && (line[len - 1] == '\n' ||
		    line[len - 1] == '\r'))
			line[--len] = '\0';
		if ((size_t)len != strlen(line) || len > SESSION_LINE_MAX) {
			app_msg(a, APP_MSG_ERROR, "%s:%u: %s; not run", shown,
			    no, (size_t)len != strlen(line) ? "a NUL byte in "
			    "the line" : "the line is too long");
			if (first == NULL)
				first = xstrdup(status_text(a->status));
			bad++;
			continue;
		}
		if (!session_run_line(a, shown, no, line, &bits, &first))
			bad++;
	}
	fclose(f);
	if (bad == 1)
		app_msg(a, APP_MSG_ERROR, "%s", first);
	else if (bad > 1)
		app_msg(a, APP_MSG_ERROR, "%s (and %u more bad lines; the "
		    "others loaded)", first, bad - 1);
	else if (status_kind(a->status) != STATUS_ERROR)
		app_msg(a, APP_MSG_INFO, "session %s loaded (%u lines)", shown,
		    no);
out:
	free(line);
	free(first);
	free(path);
	free(shown);
	return bits;
}

/* :mark LETTER [OFFSET]; see session.h. */
int
session_mark(struct app *a, const char *args)
{
	uint64_t	 off = a->nav.cursor;
	char		*cause = NULL;
	int		 letter;

	args = cmds_skip(args);
	letter = (unsigned char)*args;
	if (letter < 'a' || letter > 'z' || (args[1] != ' ' &&
	    args[1] != '\0'))
		return cmds_usage(a, cmds_find("mark", 4));
	args = cmds_skip(args + 1);
	if (*args != '\0' && number_parse_u64(args, &off, 0, &cause) == -1) {
		app_msg(a, APP_MSG_ERROR, ":mark %c: %s", letter, cause);
		free(cause);
		return APP_REDRAW;
	}
	a->marks[letter - 'a'] = off;
	a->mark_set[letter - 'a'] = true;
	app_msg(a, APP_MSG_INFO, "mark %c at 0x%llx", letter,
	    (unsigned long long)off);
	return APP_REDRAW;
}
