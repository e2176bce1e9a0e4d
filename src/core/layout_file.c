/* SPDX-License-Identifier: ISC */
/*
 * layout_file.c - reading a layout file (or a HEADER:TYPE spec the
 * viewer passes as one string) for layout_load.
 *
 * Only a regular file is read, and at most LAYOUT_MAX_FILE bytes of it:
 * O_NONBLOCK and fstat come first, so a FIFO or a terminal named by
 * mistake is a message, never a read that waits.  The text goes to the
 * parser in layout.c.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "esc.h"
#include "layout.h"
#include "layout_tree.h"
#include "xmalloc.h"

/* What kind of file MODE is, for "not a regular file (...)". */
static const char *
layout_file_kind(mode_t mode)
{
	if (S_ISFIFO(mode))
		return "a FIFO";
	if (S_ISCHR(mode))
		return "a character device (a terminal?)";
	if (S_ISBLK(mode))
		return "a block device";
	if (S_ISSOCK(mode))
		return "a socket";
	return "not a file";
}

/*
 * Read and parse the file PATH; the layout, or NULL with *cause.  Only a
 * regular file is read: O_NONBLOCK and fstat come first, so a FIFO or a
 * terminal named by mistake is a message, never a read that waits.
 */
struct layout *
layout_load(const char *path, char **cause)
{
	struct layout	*l;
	struct stat	 st;
	char		*buf, *shown = esc_text(path, true);
	size_t		 len = 0, cap = LAYOUT_MAX_FILE + 1;
	ssize_t		 n;
	int		 fd, saved;

	/* HEADER:TYPE from the viewer, which passes one string. */
	if (strchr(path, ':') != NULL && access(path, F_OK) != 0) {
		struct layout_spec	spec = { path, layout_tree_defaults()->at };

		free(shown);
		return layout_open(&spec, 1, layout_tree_defaults(), cause);
	}
	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1 || fstat(fd, &st) == -1) {
		saved = errno;
		if (fd != -1)
			close(fd);
		cause_set(cause, "%s: %s", shown, strerror(saved));
		free(shown);
		return NULL;
	}
	if (!S_ISREG(st.st_mode)) {
		close(fd);
		if (S_ISDIR(st.st_mode))
			cause_set(cause, "%s: %s", shown, strerror(EISDIR));
		else
			cause_set(cause, "%s: not a regular file (%s); a layout "
			    "is read from a regular file", shown,
			    layout_file_kind(st.st_mode));
		free(shown);
		return NULL;
	}
	/* One byte more than allowed, to tell "too large" from "just fits". */
	buf = xmalloc(cap);
	while (len < cap) {
		n = read(fd, buf + len, cap - len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1) {
			saved = errno;
			close(fd);
			free(buf);
			cause_set(cause, "%s: %s", shown, strerror(saved));
			free(shown);
			return NULL;
		}
		if (n == 0)
			break;
		len += (size_t)n;
	}
	close(fd);
	if (len > LAYOUT_MAX_FILE) {
		free(buf);
		cause_set(cause, "%s: too large for a layout (more than %d "
		    "bytes)", shown, LAYOUT_MAX_FILE);
		free(shown);
		return NULL;
	}
	free(shown);
	l = layout_parse_buf(buf, len, path, cause);
	free(buf);
	return l;
}

