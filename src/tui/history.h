/* SPDX-License-Identifier: ISC */
/*
 * history.h - the prompt's history: one list of lines, each tagged with
 * the prompt it was typed at (':' or '/'), and the file that keeps it
 * between runs ($XDG_STATE_HOME/livehex/history).  No curses.
 */
#ifndef LIVEHEX_HISTORY_H
#define LIVEHEX_HISTORY_H

#include <stdbool.h>
#include <stddef.h>

/* The most lines kept, in memory and in the file (every kind together). */
#define HISTORY_MAX	600

struct history;

/* An empty history. */
struct history	*history_new(void);
/* Free H. */
void		 history_free(struct history *h);
/* Add LINE typed at prompt KIND (':' or '/'); false if not stored. */
bool		 history_add(struct history *h, char kind, const char *line);
/* The number of lines, oldest first. */
size_t		 history_count(const struct history *h);
/* Line I (0 is the oldest) and its *KIND; NULL past the end. */
const char	*history_get(const struct history *h, size_t i, char *kind);
/*
 * The index of the nearest line of KIND before (BACK) or after FROM
 * (history_count: the line being typed); history_count if none.
 */
size_t		 history_walk(const struct history *h, char kind, size_t from,
		    bool back);
/* The history file's path ($XDG_STATE_HOME or ~/.local/state), or NULL. */
char		*history_path(void);
/* Replace H's lines with PATH's; -1 (H untouched) if it cannot be read. */
int		 history_load(struct history *h, const char *path);
/* Write H to PATH atomically (temp file, rename; mode 0600); -1 on error. */
int		 history_save(const struct history *h, const char *path);

#endif
