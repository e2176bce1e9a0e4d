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

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "app.h"
#include "bytes.h"
#include "cmds.h"
#include "edit.h"
#include "esc.h"
#include "fields.h"
#include "layout.h"
#include "live.h"
#include "offexpr.h"
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
 * cursor moved to the field; the report is prefixed with the path.  A
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
	r = app_jump(a, ref.off);
	r |= edit_set(a->edit, line);
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

/* :layout FILE loads a layout; :layout off drops it. */
static int
cmds_layout(struct app *a, const char *args)
{
	args = cmds_skip(args);
	if (*args == '\0')
		return cmds_usage(a, cmds_find("layout", 6));
	if (strcmp(args, "off") == 0)
		return app_fields_unload(a);
	return app_fields_load(a, args);
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
	{ "layout", { NULL }, ":layout FILE|off",
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
	if ((r = cmds_find(line, n)) != NULL)
		return r->fn(a, line + n);
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

/* Append NAME (and a blank) to the choice list LIST (SIZE bytes). */
static void
cmds_list_add(char *list, size_t size, const char *name)
{
	size_t	have = strlen(list);

	if (have + strlen(name) + 2 > size) {
		/* No room: a visible mark that the list goes on. */
		if (have + 4 < size && (have < 3 ||
		    strcmp(list + have - 3, "...") != 0))
			strcat(list, "...");
		return;
	}
	if (have > 0)
		list[have++] = ' ';
	strcpy(list + have, name);
}

/*
 * Complete the word at AT in BUF (SIZE bytes) against the N CHOICES as
 * far as they agree; a unique choice gets a blank after it when TRAIL
 * (a choice ending in '/', a directory, never does); several choices are
 * listed in LIST (LSIZE bytes, shown as given when SHOW is NULL, else as
 * SHOW[i]); the new length of BUF.
 */
static size_t
cmds_complete_word(char *buf, size_t size, size_t at,
    const char *const *choices, size_t n, bool trail, char *list,
    size_t lsize, const char *const *show)
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
	if (found > 1)
		for (size_t i = 0; i < n; i++)
			if (strncmp(choices[i], word, len) == 0)
				cmds_list_add(list, lsize, show != NULL ?
				    show[i] : choices[i]);
	/* Room for the choice, a blank and the NUL. */
	if (found == 0 || at + common + 2 > size)
		return at + len;
	memcpy(buf + at, first, common);
	at += common;
	if (found == 1 && trail && (common == 0 || first[common - 1] != '/'))
		buf[at++] = ' ';
	buf[at] = '\0';
	return at;
}

/* The most files one Tab looks at (a huge directory is cut short). */
#define CMDS_FILES_MAX	512

/* qsort: two strings. */
static int
cmds_strcmp(const void *x, const void *y)
{
	return strcmp(*(const char *const *)x, *(const char *const *)y);
}

/*
 * Complete the file name at AT in BUF (SIZE bytes), with the N WORDS the
 * command also takes ("off"): a leading ~/ is expanded to $HOME, a
 * directory gets a trailing '/', several matches are listed in LIST by
 * their last component; the new length of BUF.
 */
static size_t
cmds_complete_file(char *buf, size_t size, size_t at, const char *const *words,
    size_t n, char *list, size_t lsize)
{
	char		 word[PATH_MAX], *slash;
	const char	*home = getenv("HOME"), *base;
	char		*names[CMDS_FILES_MAX + 3], *shows[CMDS_FILES_MAX + 3];
	size_t		 nn = 0, dirlen, r;
	DIR		*dir;
	struct dirent	*e;

	if (buf[at] == '~' && (buf[at + 1] == '/' || buf[at + 1] == '\0') &&
	    home != NULL && *home != '\0') {
		/* ~ is the home: the line gets the expanded name. */
		snprintf(word, sizeof word, "%s%s", home, buf + at + 1);
		if (at + strlen(word) + 2 > size)
			return strlen(buf);
		strcpy(buf + at, word);
	}
	snprintf(word, sizeof word, "%s", buf + at);
	/* WORD becomes the directory to read; BASE, the name's start. */
	if ((slash = strrchr(word, '/')) != NULL) {
		dirlen = (size_t)(slash + 1 - word);
		slash[slash == word ? 1 : 0] = '\0';	/* "/" stays "/" */
	} else
		dirlen = 0;			/* no directory: "." */
	base = buf + at + dirlen;
	for (size_t i = 0; i < n && dirlen == 0; i++)
		names[nn++] = xstrdup(words[i]);
	if ((dir = opendir(dirlen > 0 ? word : ".")) != NULL) {
		while (nn < CMDS_FILES_MAX && (e = readdir(dir)) != NULL) {
			struct stat	 st;
			char		*full, *name;
			bool		 isdir;

			if (strcmp(e->d_name, ".") == 0 ||
			    strcmp(e->d_name, "..") == 0 ||
			    strncmp(e->d_name, base, strlen(base)) != 0 ||
			    (e->d_name[0] == '.' && base[0] != '.'))
				continue;
			if (asprintf(&full, "%s/%s", dirlen > 0 ? word : ".",
			    e->d_name) == -1)
				continue;
			/* stat follows a link to a directory, as a shell does. */
			isdir = stat(full, &st) == 0 && S_ISDIR(st.st_mode);
			free(full);
			if (asprintf(&name, "%.*s%s%s", (int)dirlen, buf + at,
			    e->d_name, isdir ? "/" : "") == -1)
				continue;
			names[nn] = name;
			shows[nn] = name + dirlen;
			nn++;
		}
		closedir(dir);
	}
	/* Sorted, as ls shows them; listed by the name past the directory. */
	qsort(names, nn, sizeof names[0], cmds_strcmp);
	for (size_t i = 0; i < nn; i++)
		shows[i] = names[i] + dirlen;
	/* No blank after a unique name: "off" never had one either. */
	r = cmds_complete_word(buf, size, at, (const char *const *)names, nn,
	    false, list, lsize, (const char *const *)shows);
	for (size_t i = 0; i < nn; i++)
		free(names[i]);
	return r;
}

/*
 * The type names :set takes (u8 ... f64be, and hex) into NAMES (room for
 * 40); value_type_parse decides which spellings exist; how many.
 */
static size_t
cmds_type_names(char names[][8])
{
	static const char	 kinds[] = "uif";
	static const int	 bits[] = { 8, 16, 32, 64 };
	size_t			 n = 0;

	for (size_t k = 0; k < 3; k++)
		for (size_t b = 0; b < 4; b++) {
			struct value_type	 t;
			char			*cause = NULL;

			snprintf(names[n], 8, "%c%d", kinds[k], bits[b]);
			if (value_type_parse(names[n], &t, &cause) == -1) {
				free(cause);
				continue;
			}
			if (bits[b] == 8) {
				n++;
				continue;
			}
			/* The wide ones by their explicit order only. */
			snprintf(names[n], 8, "%c%dle", kinds[k], bits[b]);
			snprintf(names[n + 1], 8, "%c%dbe", kinds[k], bits[b]);
			n += 2;
		}
	snprintf(names[n++], 8, "hex");
	return n;
}

/*
 * :set's first word with a layout L loaded: the N type names TYPES and
 * L's field paths (as the field list names them) are the choices; as
 * cmds_complete_word.
 */
static size_t
cmds_complete_fields(char *buf, size_t size, size_t at, char types[][8],
    size_t n, const struct layout *l, char *list, size_t lsize)
{
	const char	**choices = xcalloc(n + l->n, sizeof *choices);
	size_t		  r;

	for (size_t i = 0; i < n; i++)
		choices[i] = types[i];
	for (size_t i = 0; i < l->n; i++)
		choices[n + i] = l->fields[i].name;
	r = cmds_complete_word(buf, size, at, choices, n + l->n, true, list,
	    lsize, NULL);
	free(choices);
	return r;
}

/*
 * Tab in the prompt: complete the command name, a word argument, a file
 * name or a type name in BUF (SIZE bytes, NUL-terminated) as far as it
 * is unambiguous; several choices are listed in LIST (LSIZE bytes, ""
 * when none); the new length.
 */
size_t
cmds_complete(char *buf, size_t size, char *list, size_t lsize,
    const struct layout *l)
{
	const char		*names[sizeof cmds_rows / sizeof cmds_rows[0] * 4 + 40];
	char			 types[40][8];
	const struct cmds_row	*r;
	size_t			 n = 0, sp = strcspn(buf, " "), at;

	if (lsize > 0)
		list[0] = '\0';
	if (buf[sp] == '\0') {
		/* The name: every name and alias is a choice. */
		for (size_t i = 0; i < cmds_nrows; i++) {
			names[n++] = cmds_rows[i].name;
			for (int k = 0; k < 3 && cmds_rows[i].aliases[k]; k++)
				names[n++] = cmds_rows[i].aliases[k];
		}
		return cmds_complete_word(buf, size, 0, names, n, true, list,
		    lsize, NULL);
	}
	if ((r = cmds_find(buf, sp)) == NULL)
		return strlen(buf);
	at = sp;
	while (buf[at] == ' ')
		at++;
	for (int k = 0; k < 3 && r->words[k] != NULL; k++)
		names[n++] = r->words[k];
	switch (r->arg) {
	case CMDS_ARG_WORDS:
		return cmds_complete_word(buf, size, at, names, n, false, list,
		    lsize, NULL);
	case CMDS_ARG_FILE:
		return cmds_complete_file(buf, size, at, names, n, list, lsize);
	case CMDS_ARG_VALUE:
		/* Only the first word is a type; the value after it is not. */
		if (buf[at + strcspn(buf + at, " ")] != '\0')
			return strlen(buf);
		n = cmds_type_names(types);
		if (strcmp(r->name, "set") == 0 && l != NULL && l->n > 0)
			return cmds_complete_fields(buf, size, at, types, n, l,
			    list, lsize);
		for (size_t i = 0; i < n; i++)
			names[i] = types[i];
		return cmds_complete_word(buf, size, at, names, n, true, list,
		    lsize, NULL);
	default:
		return strlen(buf);
	}
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
