/* SPDX-License-Identifier: ISC */
/*
 * history.c - the prompt's history and the file that keeps it.
 *
 * One list, oldest first, of at most HISTORY_MAX lines; each remembers
 * the prompt it was typed at (':' commands, '/' searches), so a walk
 * (history_walk) skips the other kind's lines, and both kinds share one
 * file and one limit.  A line equal to the last line of its kind is not
 * stored again.
 *
 * The file is text, one line a line: the kind's character, then the line
 * as typed (":layout x.layout", "/de ad").  Anything else (a blank, a
 * comment, a control character, a line too long for the prompt) is
 * skipped on load, so a damaged file costs lines, never a crash.  It is
 * written whole, to a temporary file in the same directory renamed over
 * the old one, mode 0600: a reader sees the old file or the new one.
 * Every failure is quiet (-1): history is a convenience, and a missing
 * or read-only state directory must not become an error on the screen.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "history.h"
#include "xmalloc.h"

/* The longest line kept, with its NUL (the prompt's, STATUS_LINE_MAX). */
#define HISTORY_LINE_MAX	256

/* One remembered line. */
struct history_line {
	char	 kind;		/* ':' or '/' */
	char	*text;
};

struct history {
	struct history_line	 lines[HISTORY_MAX];
	size_t			 n;
};

/* An empty history. */
struct history *
history_new(void)
{
	return xcalloc(1, sizeof(struct history));
}

/* Drop every line of H. */
static void
history_clear(struct history *h)
{
	for (size_t i = 0; i < h->n; i++)
		free(h->lines[i].text);
	h->n = 0;
}

/* Free H. */
void
history_free(struct history *h)
{
	if (h == NULL)
		return;
	history_clear(h);
	free(h);
}

/*
 * True when LINE (LEN bytes) can be kept: not empty, short, and only what
 * the prompt lets one type: printable ASCII and well-formed UTF-8 of code
 * points from U+00A0 (a file's C1 control or stray byte never reaches the
 * terminal through the prompt).
 */
static bool
history_fits(const char *line, size_t len)
{
	const unsigned char	*u = (const unsigned char *)line;

	if (len == 0 || len >= HISTORY_LINE_MAX)
		return false;
	for (size_t i = 0; i < len;) {
		unsigned	cp;
		size_t		n;

		if (u[i] >= 0x20 && u[i] < 0x7f) {
			i++;
			continue;
		}
		if (u[i] >= 0xc2 && u[i] < 0xe0)
			n = 2, cp = u[i] & 0x1fu;
		else if (u[i] >= 0xe0 && u[i] < 0xf0)
			n = 3, cp = u[i] & 0x0fu;
		else if (u[i] >= 0xf0 && u[i] < 0xf5)
			n = 4, cp = u[i] & 0x07u;
		else
			return false;
		if (i + n > len)
			return false;
		for (size_t k = 1; k < n; k++) {
			if ((u[i + k] & 0xc0) != 0x80)
				return false;
			cp = cp << 6 | (u[i + k] & 0x3fu);
		}
		/* Overlong forms, C1 controls, surrogates, past Unicode. */
		if (cp < 0xa0 || (n == 3 && cp < 0x800) ||
		    (n == 4 && cp < 0x10000) || (cp >= 0xd800 && cp < 0xe000) ||
		    cp > 0x10ffff)
			return false;
		i += n;
	}
	return true;
}

/* Append LINE (LEN bytes) of KIND, dropping the oldest when full. */
static void
history_push(struct history *h, char kind, const char *line, size_t len)
{
	char	*text = xmalloc(len + 1);

	memcpy(text, line, len);
	text[len] = '\0';
	if (h->n == HISTORY_MAX) {
		free(h->lines[0].text);
		memmove(h->lines, h->lines + 1,
		    (HISTORY_MAX - 1) * sizeof h->lines[0]);
		h->n--;
	}
	h->lines[h->n].kind = kind;
	h->lines[h->n].text = text;
	h->n++;
}

/* Add LINE typed at prompt KIND (':' or '/'); false if not stored. */
bool
history_add(struct history *h, char kind, const char *line)
{
	size_t	len = strlen(line), last;

	if ((kind != ':' && kind != '/') || !history_fits(line, len))
		return false;
	last = history_walk(h, kind, h->n, true);
	if (last < h->n && strcmp(h->lines[last].text, line) == 0)
		return false;
	history_push(h, kind, line, len);
	return true;
}

/* The number of lines, oldest first. */
size_t
history_count(const struct history *h)
{
	return h->n;
}

/* Line I (0 is the oldest) and its *KIND; NULL past the end. */
const char *
history_get(const struct history *h, size_t i, char *kind)
{
	if (i >= h->n)
		return NULL;
	if (kind != NULL)
		*kind = h->lines[i].kind;
	return h->lines[i].text;
}

/*
 * The index of the nearest line of KIND before (BACK) or after FROM
 * (history_count: the line being typed); history_count if none.
 */
size_t
history_walk(const struct history *h, char kind, size_t from, bool back)
{
	if (from > h->n)
		from = h->n;
	if (back) {
		while (from-- > 0)
			if (h->lines[from].kind == kind)
				return from;
		return h->n;
	}
	for (size_t i = from + 1; i < h->n; i++)
		if (h->lines[i].kind == kind)
			return i;
	return h->n;
}

/* The history file's path ($XDG_STATE_HOME or ~/.local/state), or NULL. */
char *
history_path(void)
{
	const char	*base = getenv("XDG_STATE_HOME"), *home;
	char		*path;

	/* The XDG rule: a relative (or empty) XDG_STATE_HOME is ignored. */
	if (base != NULL && base[0] == '/') {
		if (asprintf(&path, "%s/livehex/history", base) == -1)
			return NULL;
		return path;
	}
	if ((home = getenv("HOME")) == NULL || home[0] != '/')
		return NULL;
	if (asprintf(&path, "%s/.local/state/livehex/history", home) == -1)
		return NULL;
	return path;
}

/* Replace H's lines with PATH's; -1 (H untouched) if it cannot be read. */
int
history_load(struct history *h, const char *path)
{
	FILE	*f;
	char	*buf = NULL;
	size_t	 size = 0;
	ssize_t	 len;

	if (path == NULL || (f = fopen(path, "re")) == NULL)
		return -1;
	history_clear(h);
	while ((len = getline(&buf, &size, f)) != -1) {
		if (len > 0 && buf[len - 1] == '\n')
			len--;
		if (len < 2 || (buf[0] != ':' && buf[0] != '/') ||
		    !history_fits(buf + 1, (size_t)len - 1))
			continue;
		history_push(h, buf[0], buf + 1, (size_t)len - 1);
	}
	free(buf);
	fclose(f);
	return 0;
}

/* Make directory DIR (mode 0700) unless it is there; -1 on failure. */
static int
history_mkdir(const char *dir)
{
	return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/*
 * Make the directories of PATH's last two components (the state home and
 * its livehex/) when missing; -1 when they cannot be.  Nothing above
 * them is made: a home without ~/.local is left alone.
 */
static int
history_dirs(const char *path)
{
	char	*dir = xstrdup(path), *slash;
	int	 rc = -1;

	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		goto out;
	*slash = '\0';			/* .../livehex */
	if ((slash = strrchr(dir, '/')) == NULL || slash == dir)
		goto out;
	*slash = '\0';			/* the state home */
	if (history_mkdir(dir) == -1)
		goto out;
	*slash = '/';
	rc = history_mkdir(dir);
out:
	free(dir);
	return rc;
}

/* Write H to PATH atomically (temp file, rename; mode 0600); -1 on error. */
int
history_save(const struct history *h, const char *path)
{
	char	*tmp;
	FILE	*f;
	int	 fd, bad;

	if (path == NULL || history_dirs(path) == -1)
		return -1;
	if (asprintf(&tmp, "%s.XXXXXX", path) == -1)
		return -1;
	/* mkstemp makes the file 0600: the history may name private files. */
	if ((fd = mkstemp(tmp)) == -1) {
		free(tmp);
		return -1;
	}
	if ((f = fdopen(fd, "w")) == NULL) {
		close(fd);
		unlink(tmp);
		free(tmp);
		return -1;
	}
	for (size_t i = 0; i < h->n; i++)
		fprintf(f, "%c%s\n", h->lines[i].kind, h->lines[i].text);
	bad = fflush(f) != 0 || ferror(f) || fsync(fd) != 0;
	if (fclose(f) != 0 || bad || rename(tmp, path) == -1) {
		unlink(tmp);
		free(tmp);
		return -1;
	}
	free(tmp);
	return 0;
}
