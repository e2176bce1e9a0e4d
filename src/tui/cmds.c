/* SPDX-License-Identifier: ISC */
/*
 * cmds.c - the viewer's ':' commands: one table, the runner, completion.
 *
 * cmds_rows[] is the only list of commands.  The runner matches the first
 * word of a line against the names and aliases; a line that is no command
 * but starts like an offset (0x1000, +16, $) is a goto.  Errors quote the
 * row's usage, :help and the overlay show the rows (keymap.c asks for
 * them), and Tab in the prompt completes names and word arguments from
 * the same rows.
 *
 * Like every action, these return APP_* bits and never draw; no curses.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "cmds.h"
#include "edit.h"
#include "fields.h"
#include "layout.h"
#include "offexpr.h"
#include "xmalloc.h"

/* Say how the command in ROW is typed, as an error; APP_* bits. */
static int
cmds_usage(struct app *a, const struct cmds_row *row)
{
	app_msg(a, APP_MSG_ERROR, "usage: %s", row->usage);
	return APP_REDRAW;
}

/* ARGS without its leading blanks. */
static const char *
cmds_skip(const char *args)
{
	while (*args == ' ')
		args++;
	return args;
}

/* :q, :quit: quit, asking about unsynced edits. */
static int
cmds_quit(struct app *a, const char *args)
{
	(void)args;
	return app_quit(a);
}

/* :q! quits without asking. */
static int
cmds_quit_now(struct app *a, const char *args)
{
	(void)a;
	(void)args;
	return APP_QUIT;
}

/* :help: the overlay. */
static int
cmds_help(struct app *a, const char *args)
{
	(void)args;
	return app_help(a, true);
}

/* Mark LETTER of the app ARG into *off: 0, or -1 when it is unset. */
static int
cmds_goto_mark(void *arg, int letter, uint64_t *off)
{
	struct app	*a = arg;

	if (!a->mark_set[letter - 'a'])
		return -1;
	*off = a->marks[letter - 'a'];
	return 0;
}

/* The offset of the layout's top-level field PATH into *off; 0 or -1. */
static int
cmds_goto_field(void *arg, const char *path, uint64_t *off, char **cause)
{
	const struct layout	*l = fields_layout(arg);

	for (size_t i = 0; i < l->n; i++) {
		if (strcmp(l->fields[i].name, path) == 0) {
			*off = l->fields[i].off;
			return 0;
		}
	}
	return cause_set(cause, "the layout has no field %s", path);
}

/* :goto EXPR (also a bare EXPR). */
static int
cmds_goto(struct app *a, const char *args)
{
	struct offexpr_env	 env = { a->nav.cursor, a->nav.size,
				    cmds_goto_mark, NULL, a };
	uint64_t		 off;
	char			*cause = NULL;
	int			 bits;

	if (*cmds_skip(args) == '\0')
		return cmds_usage(a, cmds_find("goto", 4));
	if (fields_layout(a) != NULL)
		env.field = cmds_goto_field;
	if (offexpr_eval_env(cmds_skip(args), &env, &off, &cause) == -1) {
		app_msg(a, APP_MSG_ERROR, "%s", cause);
		free(cause);
		return APP_REDRAW;
	}
	if (a->nav.size == 0) {
		app_msg(a, APP_MSG_WARN, "the file is empty");
		return APP_REDRAW;
	}
	bits = app_jump(a, off);
	if (off >= a->nav.size)
		app_msg(a, APP_MSG_WARN, "0x%llx is past the end; at the last "
		    "byte (0x%llx)", (unsigned long long)off,
		    (unsigned long long)a->nav.cursor);
	return bits | APP_REDRAW;
}

/* :set TYPE VALUE, :set hex BYTES, :set "TEXT". */
static int
cmds_set(struct app *a, const char *args)
{
	return edit_set(a, args);
}

/* :sync [async], :w. */
static int
cmds_sync(struct app *a, const char *args)
{
	args = cmds_skip(args);
	if (*args != '\0' && strcmp(args, "async") != 0)
		return cmds_usage(a, cmds_find("sync", 4));
	return edit_sync(a, *args != '\0');
}

/* :layout FILE loads a layout; :layout off drops it. */
static int
cmds_layout(struct app *a, const char *args)
{
	args = cmds_skip(args);
	if (*args == '\0')
		return cmds_usage(a, cmds_find("layout", 6));
	if (strcmp(args, "off") == 0)
		return fields_unload(a);
	return fields_load(a, args);
}

/* :e, :reopen: reopen the path (a replaced file: the new one). */
static int
cmds_reopen(struct app *a, const char *args)
{
	if (*cmds_skip(args) != '\0') {
		app_msg(a, APP_MSG_ERROR, ":e reopens the file at the path it "
		    "was opened by; it takes no name (usage: %s)",
		    cmds_find("e", 1)->usage);
		return APP_REDRAW;
	}
	return app_reopen(a);
}

const struct cmds_row cmds_rows[] = {
	{ "goto", { NULL }, ":goto EXPR  :EXPR",
	  "go to an offset (as : or ^G does)", CMDS_ARG_EXPR, { NULL },
	  cmds_goto },
	{ "set", { NULL }, ":set TYPE VALUE",
	  "write u8..f64 (le/be), hex BYTES or \"TEXT\" here", CMDS_ARG_VALUE,
	  { NULL }, cmds_set },
	{ "sync", { "w", NULL }, ":sync [async]  :w",
	  "msync the edited range (durability)", CMDS_ARG_WORDS,
	  { "async", NULL }, cmds_sync },
	{ "layout", { NULL }, ":layout FILE|off",
	  "name a structure's fields (man livehex)", CMDS_ARG_FILE,
	  { "off", NULL }, cmds_layout },
	{ "reopen", { "e", NULL }, ":e  :reopen",
	  "reopen the path (after it was replaced)", CMDS_ARG_NONE, { NULL },
	  cmds_reopen },
	{ "help", { NULL }, ":help", "this help", CMDS_ARG_NONE, { NULL },
	  cmds_help },
	{ "quit", { "q", NULL }, ":q  :quit",
	  "quit (asks first about unsynced edits)", CMDS_ARG_NONE, { NULL },
	  cmds_quit },
	{ "q!", { NULL }, ":q!", "quit without asking", CMDS_ARG_NONE,
	  { NULL }, cmds_quit_now },
};
const size_t cmds_nrows = sizeof cmds_rows / sizeof cmds_rows[0];

/* The row named NAME (LEN bytes) or one of its aliases, or NULL. */
const struct cmds_row *
cmds_find(const char *name, size_t len)
{
	for (size_t i = 0; i < cmds_nrows; i++) {
		const struct cmds_row	*r = &cmds_rows[i];

		if (strlen(r->name) == len && strncmp(r->name, name, len) == 0)
			return r;
		for (int k = 0; k < 3 && r->aliases[k] != NULL; k++)
			if (strlen(r->aliases[k]) == len &&
			    strncmp(r->aliases[k], name, len) == 0)
				return r;
	}
	return NULL;
}

/* Run a ':' command line (a bare offset expression goes there); APP_* bits. */
int
cmds_run(struct app *a, const char *line)
{
	const struct cmds_row	*r;
	size_t			 n;

	line = cmds_skip(line);
	if (*line == '\0')
		return APP_REDRAW;
	n = strcspn(line, " ");
	if ((r = cmds_find(line, n)) != NULL)
		return r->fn(a, line + n);
	/* Not a command: an offset expression. */
	if ((*line >= '0' && *line <= '9') || strchr("+-$.('", *line) != NULL)
		return cmds_goto(a, line);
	app_msg(a, APP_MSG_ERROR, "unknown command \"%.*s\" (try an offset "
	    "such as 0x1000, or :help)", (int)n, line);
	return APP_REDRAW;
}

/*
 * Complete the word at AT in BUF (SIZE bytes) against the N CHOICES as
 * far as they agree; a unique choice gets a blank after it when TRAIL;
 * the new length of BUF.
 */
static size_t
cmds_complete_word(char *buf, size_t size, size_t at,
    const char *const *choices, size_t n, bool trail)
{
	const char	*word = buf + at, *first = NULL;
	size_t		 len = strlen(word), common = 0, found = 0;

	for (size_t i = 0; i < n; i++) {
		const char	*c = choices[i];

		if (strncmp(c, word, len) != 0)
			continue;
		if (found++ == 0) {
			first = c;
			common = strlen(c);
		} else {
			size_t	k = 0;

			while (k < common && first[k] == c[k])
				k++;
			common = k;
		}
	}
	/* Room for the choice, a blank and the NUL. */
	if (found == 0 || at + common + 2 > size)
		return at + len;
	memcpy(buf + at, first, common);
	at += common;
	if (found == 1 && trail)
		buf[at++] = ' ';
	buf[at] = '\0';
	return at;
}

/*
 * Tab in the prompt: complete the command name (or a word argument) in
 * BUF (SIZE bytes, NUL-terminated) as far as it is unambiguous; the new
 * length.
 */
size_t
cmds_complete(char *buf, size_t size)
{
	const char		*names[sizeof cmds_rows / sizeof cmds_rows[0] * 4];
	const struct cmds_row	*r;
	size_t			 n = 0, sp = strcspn(buf, " "), at;

	if (buf[sp] == '\0') {
		/* The name: every name and alias is a choice. */
		for (size_t i = 0; i < cmds_nrows; i++) {
			names[n++] = cmds_rows[i].name;
			for (int k = 0; k < 3 && cmds_rows[i].aliases[k]; k++)
				names[n++] = cmds_rows[i].aliases[k];
		}
		return cmds_complete_word(buf, size, 0, names, n, true);
	}
	if ((r = cmds_find(buf, sp)) == NULL ||
	    (r->arg != CMDS_ARG_WORDS && r->arg != CMDS_ARG_FILE))
		return strlen(buf);
	at = sp;
	while (buf[at] == ' ')
		at++;
	for (int k = 0; k < 3 && r->words[k] != NULL; k++)
		names[n++] = r->words[k];
	return cmds_complete_word(buf, size, at, names, n, false);
}

/* The number of help lines the commands add to the overlay. */
size_t
cmds_help_count(void)
{
	return cmds_nrows;
}

/* Command help line I: *KEYS (its usage) and *WHAT; false past the last. */
bool
cmds_help_line(size_t i, const char **keys, const char **what)
{
	if (i >= cmds_nrows)
		return false;
	*keys = cmds_rows[i].usage;
	*what = cmds_rows[i].help;
	return true;
}
