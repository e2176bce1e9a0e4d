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

#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "app_hist.h"
#include "bytes.h"
#include "cmds.h"
#include "cmds_catch.h"
#include "cmds_scan.h"
#include "cmds_snap.h"
#include "edit.h"
#include "esc.h"
#include "fields.h"
#include "layout.h"
#include "live.h"
#include "offexpr.h"
#include "player.h"
#include "select.h"
#include "value.h"
#include "xmalloc.h"
#include "yank.h"
#include "yank_file.h"

/* Say how the command in ROW is typed, as an error; APP_* bits. */
int
cmds_usage(struct app *a, const struct cmds_row *row)
{
	app_msg(a, APP_MSG_ERROR, "usage: %s", row->usage);
	return APP_REDRAW;
}

/* ARGS without its leading blanks. */
const char *
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

/* :log: the change log panel, as L (history, issue 14). */
static int
cmds_log(struct app *a, const char *args)
{
	(void)args;
	return app_log_toggle(a);
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

/* The offset of the layout's field PATH into *off; 0 or -1. */
static int
cmds_goto_field(void *arg, const char *path, uint64_t *off, char **cause)
{
	const struct app	*a = arg;

	return layout_field_off(fields_layout(a->fields), path, off, cause);
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
	if (fields_layout(a->fields) != NULL)
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

/*
 * :set PATH VALUE (issue 13): VALUE encoded for the layout's field at
 * PATH (an enum's name, a number), stored there by :set's own path (edit
 * mode rules, one store through the store path, its report) with the
 * cursor moved to the field when a byte went in (app_set_at); the report
 * is prefixed with the path.  A
 * field of 1, 2, 4 or 8 bytes goes as one typed store (atomic when
 * aligned, edit.c says otherwise); other widths as bytes, which another
 * process may see torn: the message says so.  -1: PATH is no field.
 */
static int
cmds_set_path(struct app *a, const char *args)
{
	const struct layout	*l = fields_layout(a->fields);
	struct ltype_ref	 ref;
	size_t			 pl = strcspn(args, " ");
	char			*path, *cause = NULL, *line, *shown, *said;
	uint8_t			*v;
	int			 r;
	enum status_kind	 kind;

	if (l == NULL || args[pl] == '\0')
		return -1;
	path = xasprintf("%.*s", (int)pl, args);
	if (layout_resolve(l, path, &ref, NULL) != 0) {
		free(path);
		return -1;
	}
	shown = esc_quote(path, pl, 64, ESC_UTF8);
	free(path);
	v = xcalloc(1, ref.size > 0 ? ref.size : 1);
	if (ltype_encode(&ref, cmds_skip(args + pl), v, &cause) != 0) {
		app_msg(a, APP_MSG_ERROR, "%s: %s", shown, cause);
		r = APP_REDRAW;
		goto out;
	}
	if (ref.off + ref.size > a->nav.size) {
		app_msg(a, APP_MSG_ERROR, "%s: 0x%llx-0x%llx is past the end "
		    "of the file (%llu bytes): nothing written", shown,
		    (unsigned long long)ref.off,
		    (unsigned long long)(ref.off + ref.size - 1),
		    (unsigned long long)a->nav.size);
		r = APP_REDRAW;
		goto out;
	}
	if (ref.size == 1 || ref.size == 2 || ref.size == 4 ||
	    ref.size == 8) {
		uint64_t	n = 0;

		/* The encoded bytes as a little-endian number: the same bytes. */
		for (size_t i = ref.size; i-- > 0;)
			n = n << 8 | v[i];
		line = xasprintf("u%ule 0x%llx", (unsigned)(ref.size * 8),
		    (unsigned long long)n);
	} else {
		line = xstrdup("hex");
		for (size_t i = 0; i < ref.size; i++) {
			char	*more = xasprintf("%s %02x", line, v[i]);

			free(line);
			line = more;
		}
	}
	r = app_set_at(a, ref.off, line);	/* refused: the cursor stays */
	free(line);
	/* Name the field in :set's report (errors say it all already). */
	kind = status_kind(a->status);
	if (status_text(a->status) != NULL && kind != STATUS_ERROR) {
		said = xstrdup(status_text(a->status));
		app_msg(a, ref.size > 8 ? APP_MSG_WARN : kind, "%s: %s%s",
		    shown, said, ref.size > 8 ? " (more than 8 bytes: another "
		    "process may see it torn)" : "");
		free(said);
	}
out:
	free(cause);
	free(shown);
	free(v);
	return r | APP_REDRAW;
}

/* :set TYPE VALUE, :set hex BYTES, :set "TEXT", :set PATH VALUE. */
static int
cmds_set(struct app *a, const char *args)
{
	struct bytes	b;
	int		r;

	if (app_past_refuses(a, ":set"))	/* history (issue 14) */
		return APP_REDRAW;
	args = cmds_skip(args);
	/* The value grammar wins: a field named u8 is set by its path. */
	if (bytes_parse(args, 0, &b, NULL, NULL) == 0) {
		bytes_free(&b);
		return edit_set(a->edit, args);
	}
	if ((r = cmds_set_path(a, args)) != -1)
		return r;
	return edit_set(a->edit, args);
}

/* :sync [async], :w. */
static int
cmds_sync(struct app *a, const char *args)
{
	args = cmds_skip(args);
	if (*args != '\0' && strcmp(args, "async") != 0)
		return cmds_usage(a, cmds_find("sync", 4));
	return edit_sync(a->edit, *args != '\0');
}

/* :w alone msyncs (as :sync); :w FILE (FORCE: :w!) writes the selection. */
static int
cmds_write_do(struct app *a, const char *args, bool force)
{
	uint64_t	start, len, dev, ino;

	args = cmds_skip(args);
	if (*args == '\0' && !force)
		return edit_sync(a->edit, false);
	if (*args == '\0')
		return cmds_usage(a, cmds_find("w!", 2));
	/* history (issue 14): it would write the file now, not the frame. */
	if (app_past_refuses(a, ":w FILE"))
		return APP_REDRAW;
	if (!select_range(a->select, a->nav.cursor, a->nav.size, &start,
	    &len)) {
		app_msg(a, APP_MSG_ERROR, ":w FILE writes the selection: "
		    "select bytes first (v); :w alone msyncs edits");
		return APP_REDRAW;
	}
	live_identity(a->live, &dev, &ino);
	if (yank_file_write(a->select, a->door, start, len, args, force, dev,
	    ino, a->status))
		select_end(a->select);
	return APP_REDRAW;
}

/* :w, :w FILE. */
static int
cmds_write(struct app *a, const char *args)
{
	return cmds_write_do(a, args, false);
}

/* :w! FILE: as :w FILE, replacing an existing FILE. */
static int
cmds_write_force(struct app *a, const char *args)
{
	return cmds_write_do(a, args, true);
}

/*
 * :layout SPEC loads a layout (FILE.layout, HEADER:TYPE, ELF:TYPE); the
 * TYPE may be quoted as on the command line (ring.h:'struct ring');
 * :layout off drops it.
 */
static int
cmds_layout(struct app *a, const char *args)
{
	char		*spec, *colon;
	size_t		 n;
	int		 r;

	args = cmds_skip(args);
	if (*args == '\0')
		return cmds_usage(a, cmds_find("layout", 6));
	if (strcmp(args, "off") == 0)
		return app_fields_unload(a);
	spec = xstrdup(args);
	/* Why only after the last ':': a quote in a file's name is its own. */
	if ((colon = strrchr(spec, ':')) != NULL &&
	    (colon[1] == '\'' || colon[1] == '"') &&
	    (n = strlen(colon + 1)) >= 2 && colon[n] == colon[1]) {
		memmove(colon + 1, colon + 2, n - 2);
		colon[n - 1] = '\0';
	}
	r = app_fields_load(a, spec);
	free(spec);
	return r;
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

/*
 * :yank FORM: the form y yanks in from now on; with a selection active,
 * yank it in that form at once (as y would).
 */
static int
cmds_yank(struct app *a, const char *args)
{
	uint64_t	start, len;
	int		r;

	args = cmds_skip(args);
	if (*args == '\0')
		return cmds_usage(a, cmds_find("yank", 4));
	if (!yank_set_form(a->yank, args, a->status))
		return APP_REDRAW;
	if (!select_range(a->select, a->nav.cursor, a->nav.size, &start,
	    &len)) {
		app_msg(a, APP_MSG_INFO, "y now yanks as %s", args);
		return APP_REDRAW;
	}
	r = yank_do(a->yank, a->select, a->door, start, len, a->status);
	select_end(a->select);
	return r | APP_REDRAW;
}

/* :clipboard on|off: whether a yank is sent to the terminal (OSC 52). */
static int
cmds_clipboard(struct app *a, const char *args)
{
	args = cmds_skip(args);
	if (strcmp(args, "on") != 0 && strcmp(args, "off") != 0)
		return cmds_usage(a, cmds_find("clipboard", 9));
	yank_set_clipboard(a->yank, strcmp(args, "on") == 0);
	app_msg(a, APP_MSG_INFO, "clipboard %s: yanks go to the register%s",
	    args, strcmp(args, "on") == 0 ? " and the terminal (OSC 52)" :
	    " only");
	return APP_REDRAW;
}

/* session (issue 15): :mksession FILE (session.c). */
static int
cmds_mksession(struct app *a, const char *args)
{
	return session_write(a, args, false);
}

/* session (issue 15): :mksession! FILE replaces FILE. */
static int
cmds_mksession_force(struct app *a, const char *args)
{
	return session_write(a, args, true);
}

const struct cmds_row cmds_rows[] = {
	{ "goto", { NULL }, ":goto EXPR  :EXPR",
	  "go to an offset (as : or ^G does)", CMDS_ARG_EXPR, { NULL },
	  cmds_goto },
	{ "set", { NULL }, ":set TYPE VALUE  :set PATH VALUE",
	  "write u8..f64 (le/be), hex BYTES or \"TEXT\" here, or a field",
	  CMDS_ARG_VALUE,
	  { NULL }, cmds_set },
	{ "sync", { NULL }, ":sync [async]  :w",
	  "msync the edited range (durability)", CMDS_ARG_WORDS,
	  { "async", NULL }, cmds_sync },
	{ "w", { NULL }, ":w FILE  :w! FILE",
	  "write the selection to FILE (:w! replaces it)", CMDS_ARG_FILE,
	  { NULL }, cmds_write },
	{ "w!", { NULL }, ":w! FILE", "as :w FILE, replacing FILE",
	  CMDS_ARG_FILE, { NULL }, cmds_write_force },
	{ "r", { NULL }, ":r FILE",
	  "in edit mode: store FILE's bytes here (one undo step)",
	  CMDS_ARG_FILE, { NULL }, cmds_edit_read },
	{ "fill", { NULL }, ":fill BYTES",
	  "in edit mode: fill the selection with BYTES repeated",
	  CMDS_ARG_VALUE, { NULL }, cmds_edit_fill },
	{ "layout", { NULL }, ":layout SPEC|off",
	  "name a structure's fields (man livehex)", CMDS_ARG_FILE,
	  { "off", NULL }, cmds_layout },
	{ "reopen", { "e", NULL }, ":e  :reopen",
	  "reopen the path (after it was replaced)", CMDS_ARG_NONE, { NULL },
	  cmds_reopen },
	{ "yank", { NULL }, ":yank hex|c|xxd|base64|text|TYPE",
	  "yank the selection as (and make y use) that form", CMDS_ARG_WORDS,
	  { "hex", "base64", NULL }, cmds_yank },
	{ "clipboard", { NULL }, ":clipboard on|off",
	  "send yanks to the terminal's clipboard (OSC 52) or not",
	  CMDS_ARG_WORDS, { "on", "off", NULL }, cmds_clipboard },
	/* history (issue 14) */
	{ "log", { NULL }, ":log", "show or hide the change log (as L)",
	  CMDS_ARG_NONE, { NULL }, cmds_log },
	/* snapshots and diff (issue 14): cmds_snap.c */
	{ "snap", { NULL }, ":snap [NAME]  :snap drop NAME",
	  "snapshot the whole file (named 1, 2 ... by default)",
	  CMDS_ARG_WORDS, { "drop", NULL }, cmds_snap_snap },
	{ "snaps", { NULL }, ":snaps", "list the snapshots: time and size",
	  CMDS_ARG_NONE, { NULL }, cmds_snap_snaps },
	{ "diff", { NULL }, ":diff NAME|off",
	  "mark every byte that differs from snapshot NAME (]d [d jump)",
	  CMDS_ARG_WORDS, { "off", NULL }, cmds_snap_diff },
	/* replay (issue 14): player.c */
	{ "seek", { NULL }, ":seek T|end",
	  "in a replay: the file at T s into the recording",
	  CMDS_ARG_WORDS, { "end", NULL }, player_seek },
	/* catch (issue 15): cmds_catch.c */
	{ "break", { NULL }, ":break COND",
	  "stop the view when COND becomes true (man livehex)",
	  CMDS_ARG_EXPR, { NULL }, cmds_catch_break },
	{ "breaks", { NULL }, ":breaks", "list the breaks and their hits",
	  CMDS_ARG_NONE, { NULL }, cmds_catch_breaks },
	{ "delete", { NULL }, ":delete N|all", "drop break N (or all)",
	  CMDS_ARG_WORDS, { "all", NULL }, cmds_catch_delete },
	{ "continue", { NULL }, ":continue  .  Esc",
	  "after a break: the view goes live again", CMDS_ARG_NONE, { NULL },
	  cmds_catch_continue },
	{ "bell", { NULL }, ":bell on|off", "ring when a break stops (on)",
	  CMDS_ARG_WORDS, { "on", "off", NULL }, cmds_catch_bell },
	{ "pin", { NULL }, ":pin EXPR [NAME]",
	  "a row under the bytes: value, min, max, changes/s, history",
	  CMDS_ARG_EXPR, { NULL }, cmds_catch_pin },
	{ "unpin", { NULL }, ":unpin N|all", "drop pin N (or all)",
	  CMDS_ARG_WORDS, { "all", NULL }, cmds_catch_unpin },
	{ "freeze", { NULL }, ":freeze EXPR VALUE",
	  "store VALUE again whenever another process changes it",
	  CMDS_ARG_EXPR, { NULL }, cmds_catch_freeze },
	{ "unfreeze", { NULL }, ":unfreeze [N]", "release value N (or all)",
	  CMDS_ARG_WORDS, { "all", NULL }, cmds_catch_unfreeze },
	{ "scan", { NULL }, ":scan TYPE [PRED] [in A..B]",
	  "find a value by rounds; :scan PRED|list|pin|reset",
	  CMDS_ARG_SCAN, { NULL }, cmds_scan },
	/* session (issue 15): session.c */
	{ "mksession", { NULL }, ":mksession FILE  :mksession! FILE",
	  "save layout, marks, pins, breaks to FILE (! replaces it)",
	  CMDS_ARG_FILE, { NULL }, cmds_mksession },
	{ "mksession!", { NULL }, ":mksession! FILE",
	  "as :mksession FILE, replacing FILE", CMDS_ARG_FILE, { NULL },
	  cmds_mksession_force },
	{ "source", { NULL }, ":source FILE",
	  "run FILE's ':' commands (a session; never one that stores)",
	  CMDS_ARG_FILE, { NULL }, session_source },
	{ "mark", { NULL }, ":mark LETTER [OFFSET]",
	  "set a mark at OFFSET or the cursor (as m LETTER)", CMDS_ARG_NONE,
	  { NULL }, session_mark },
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

/* The longest name compared by cmds_distance (longer: never near). */
#define CMDS_NAME_MAX	32

/* The edit distance (Levenshtein) from WORD (LEN bytes) to NAME. */
static size_t
cmds_distance(const char *word, size_t len, const char *name)
{
	size_t	row[CMDS_NAME_MAX + 1], nlen = strlen(name);

	if (len > CMDS_NAME_MAX || nlen > CMDS_NAME_MAX)
		return SIZE_MAX;
	for (size_t j = 0; j <= nlen; j++)
		row[j] = j;
	for (size_t i = 1; i <= len; i++) {
		size_t	diag = row[0];

		row[0] = i;
		for (size_t j = 1; j <= nlen; j++) {
			size_t	up = row[j], best;

			best = diag + (word[i - 1] != name[j - 1]);
			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			diag = up;
			row[j] = best;
		}
	}
	return row[nlen];
}

/*
 * The command name or alias nearest WORD (LEN bytes), or NULL when none
 * is near: at most 2 edits, and fewer than the word is long (so "x" does
 * not suggest ":q").  A tie goes to the first in the table.
 */
static const char *
cmds_nearest(const char *word, size_t len)
{
	const char	*best = NULL;
	size_t		 bestd = 3;

	for (size_t i = 0; i < cmds_nrows; i++) {
		const struct cmds_row	*r = &cmds_rows[i];
		size_t			 d = cmds_distance(word, len, r->name);

		if (d < bestd && d < len)
			best = r->name, bestd = d;
		for (int k = 0; k < 3 && r->aliases[k] != NULL; k++) {
			d = cmds_distance(word, len, r->aliases[k]);
			if (d < bestd && d < len)
				best = r->aliases[k], bestd = d;
		}
	}
	return best;
}

/* catch (issue 15): true when ROW's command may store into the file. */
bool
cmds_stores(const struct cmds_row *row)
{
	return row->fn == cmds_set || row->fn == cmds_edit_read ||
	    row->fn == cmds_edit_fill || row->fn == cmds_catch_freeze;
}

/* Run a ':' command line (a bare offset expression goes there); APP_* bits. */
int
cmds_run(struct app *a, const char *line)
{
	const struct cmds_row	*r;
	const char		*near;
	size_t			 n;

	line = cmds_skip(line);
	if (*line == '\0')
		return APP_REDRAW;
	n = strcspn(line, " ");
	if ((r = cmds_find(line, n)) != NULL) {
		/* catch (15), history (14): a hold or the past refuses stores. */
		if (!app_live_view(a) && cmds_stores(r)) {
			app_msg(a, APP_MSG_ERROR, ":%s refused: %s; nothing stored",
			    r->name, app_hold_why(a));
			return APP_REDRAW;
		}
		return r->fn(a, line + n);
	}
	/* Not a command: an offset expression. */
	if ((*line >= '0' && *line <= '9') || strchr("+-$.('", *line) != NULL)
		return cmds_goto(a, line);
	if ((near = cmds_nearest(line, n)) != NULL)
		app_msg(a, APP_MSG_ERROR, "unknown command \"%.*s\" (did you "
		    "mean :%s?)", (int)n, line, near);
	else
		app_msg(a, APP_MSG_ERROR, "unknown command \"%.*s\" (try an "
		    "offset such as 0x1000, or :help)", (int)n, line);
	return APP_REDRAW;
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
