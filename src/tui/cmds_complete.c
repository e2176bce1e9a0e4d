/* SPDX-License-Identifier: ISC */
/*
 * cmds_complete.c - Tab in the ':' prompt: completion from the command
 * table (cmds.c's cmds_rows).
 *
 * The first word completes against every command name and alias; after
 * a known command, its argument completes by the row's kind: one of the
 * row's words, a file name (~ expanded, directories with a '/', a huge
 * directory cut at CMDS_FILES_MAX names), a type name :set takes, or a
 * snapshot's name after :diff and :snap drop (issue 14; the caller
 * hands the names over, so this file stays a function of its input).
 * Several choices are listed for the prompt to show beside the line.
 * Split from cmds.c (which keeps the table and the runner) by concern.
 * No curses.
 */
#include "config.h"

#include <dirent.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmds.h"
#include "layout.h"
#include "scanview.h"
#include "value.h"
#include "xmalloc.h"

/*
 * Room for the choices of one Tab: every name and alias of the table (4
 * per row at most), or a row's words and the 40 type names.
 */
#define CMDS_COMPLETE_MAX	256

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
 * catch (issue 15): :scan's word at AT in BUF (its arguments start at
 * ARGS) against what may come there: first a type (TYPES, N of them),
 * a predicate, list, pin or reset; after a type, a predicate or "in";
 * after a new scan's predicate (and its value), "in"; as
 * cmds_complete_word.
 */
static size_t
cmds_complete_scan(char *buf, size_t size, size_t args, size_t at,
    char types[][8], size_t n, char *list, size_t lsize)
{
	const char		*choices[64], *w;
	char			 first[16] = "", prev[16] = "";
	size_t			 nc = 0, k = 0;
	struct value_type	 t;
	char			*cause = NULL;
	bool			 typed, value, prev_value = false;

	/* The words before the one at AT: the first and the last. */
	for (size_t i = args; i < at; ) {
		size_t	len = strcspn(buf + i, " ");

		if (k++ == 0)
			snprintf(first, sizeof first, "%.*s", (int)len,
			    buf + i);
		snprintf(prev, sizeof prev, "%.*s", (int)len, buf + i);
		i += len;
		while (i < at && buf[i] == ' ')
			i++;
	}
	typed = k > 0 && value_type_parse(first, &t, &cause) == 0;
	free(cause);
	for (size_t i = 0; (w = scanview_pred_word(i, &value)) != NULL; i++)
		if (strcmp(prev, w) == 0)
			prev_value = value;
	if (k == 0) {
		for (size_t i = 0; i < n; i++)
			if (strcmp(types[i], "hex") != 0)
				choices[nc++] = types[i];
		choices[nc++] = "list";
		choices[nc++] = "pin";
		choices[nc++] = "reset";
	}
	if (k == 0 || (k == 1 && typed))
		for (size_t i = 0; (w = scanview_pred_word(i, NULL)) != NULL;
		    i++)
			choices[nc++] = w;
	/* "in" after the type, its predicate or the value that follows. */
	if (typed && !prev_value && strcmp(prev, "in") != 0)
		choices[nc++] = "in";
	return cmds_complete_word(buf, size, at, choices, nc, true, list,
	    lsize, NULL);
}

/*
 * issue 14: the word at AT in BUF against the row's N WORDS ("off") and
 * the NS snapshot names SNAPS (a snapshot named like a word is offered
 * once); as cmds_complete_word, no blank after a unique choice.
 */
static size_t
cmds_complete_snapname(char *buf, size_t size, size_t at,
    const char *const *words, size_t n, const char *const *snaps,
    size_t ns, char *list, size_t lsize)
{
	const char	*choices[CMDS_COMPLETE_MAX];
	size_t		 nc = 0;

	for (size_t i = 0; i < n && nc < CMDS_COMPLETE_MAX; i++)
		choices[nc++] = words[i];
	for (size_t i = 0; i < ns && nc < CMDS_COMPLETE_MAX; i++) {
		bool	dup = false;

		for (size_t k = 0; k < n; k++)
			dup = dup || strcmp(snaps[i], words[k]) == 0;
		if (!dup)
			choices[nc++] = snaps[i];
	}
	return cmds_complete_word(buf, size, at, choices, nc, false, list,
	    lsize, NULL);
}

/*
 * :snap's words: the first completes to "drop"; the one after "drop " to
 * a snapshot name (SNAPS, NS of them); a new snapshot's name is not
 * completed.  ARGS is where the arguments start; as cmds_complete_word.
 */
static size_t
cmds_complete_snap(char *buf, size_t size, size_t args,
    const char *const *words, size_t n, const char *const *snaps,
    size_t ns, char *list, size_t lsize)
{
	size_t	len = strcspn(buf + args, " "), at;

	if (buf[args + len] == '\0')
		return cmds_complete_word(buf, size, args, words, n, false,
		    list, lsize, NULL);
	if (len != 4 || strncmp(buf + args, "drop", 4) != 0)
		return strlen(buf);
	at = args + len + strspn(buf + args + len, " ");
	/* Only the word right after drop: one name is all it takes. */
	if (buf[at + strcspn(buf + at, " ")] != '\0')
		return strlen(buf);
	return cmds_complete_snapname(buf, size, at, NULL, 0, snaps, ns, list,
	    lsize);
}

/*
 * Tab in the prompt: complete the command name, a word argument, a file
 * name or a type name in BUF (SIZE bytes, NUL-terminated) as far as it
 * is unambiguous; several choices are listed in LIST (LSIZE bytes, ""
 * when none); with a layout L loaded, :set's first word completes its
 * field paths too; the NS snapshot names SNAPS complete after :diff and
 * :snap drop; the new length.
 */
size_t
cmds_complete_snaps(char *buf, size_t size, char *list, size_t lsize,
    const struct layout *l, const char *const *snaps, size_t ns)
{
	const char		*names[CMDS_COMPLETE_MAX];
	char			 types[40][8];
	const struct cmds_row	*r;
	size_t			 n = 0, sp = strcspn(buf, " "), at;

	if (lsize > 0)
		list[0] = '\0';
	if (buf[sp] == '\0') {
		/* The name: every name and alias is a choice. */
		for (size_t i = 0; i < cmds_nrows &&
		    n + 4 <= CMDS_COMPLETE_MAX; i++) {
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
		/* issue 14: snapshot names, where a command takes one. */
		if (strcmp(r->name, "diff") == 0)
			return cmds_complete_snapname(buf, size, at, names, n,
			    snaps, ns, list, lsize);
		if (strcmp(r->name, "snap") == 0)
			return cmds_complete_snap(buf, size, at, names, n,
			    snaps, ns, list, lsize);
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
	case CMDS_ARG_SCAN:
		/* catch (issue 15): the word being typed is the last one. */
		n = cmds_type_names(types);
		sp = (size_t)(strrchr(buf, ' ') - buf) + 1;
		return cmds_complete_scan(buf, size, at, sp > at ? sp : at,
		    types, n, list, lsize);
	default:
		return strlen(buf);
	}
}

/* Tab in the prompt without snapshots: see cmds_complete_snaps. */
size_t
cmds_complete(char *buf, size_t size, char *list, size_t lsize,
    const struct layout *l)
{
	return cmds_complete_snaps(buf, size, list, lsize, l, NULL, 0);
}
