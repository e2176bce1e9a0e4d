/* SPDX-License-Identifier: ISC */
/*
 * yank_file.c - the selection written to a file (:w FILE), a file read
 * for storing (:r FILE).
 *
 * :w streams: the selection is read through the door by pread in pieces
 * of YANK_FILE_PIECE (select_read; the mapping is never touched, so a
 * huge selection faults nothing in) and written to a temporary file made
 * next to the target, which is synced and renamed over it only when
 * every byte is in: a full disk, a read that fails or a file that shrank
 * leaves the target as it was and no temporary file behind.  The target
 * keeps the mode of the file it replaces (a new one: 0666 less the
 * umask).  Names in messages are quoted with esc_quote.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "door.h"
#include "esc.h"
#include "select.h"
#include "status.h"
#include "xmalloc.h"
#include "yank_file.h"

/* The biggest file :r stores (its undo keeps every old and new byte). */
#define YANK_FILE_READ_MAX	((uint64_t)64 << 20)

/* Bytes read and written at a time by :w. */
#define YANK_FILE_PIECE	((size_t)1 << 20)

/* PATH quoted for a message (malloc'd). */
static char *
yank_file_name(const char *path)
{
	return esc_quote(path, strlen(path), 200, ESC_MARKS | ESC_UTF8);
}

/* PATH with a leading "~/" made $HOME's (malloc'd). */
static char *
yank_file_expand(const char *path)
{
	const char	*home = getenv("HOME");

	if (strncmp(path, "~/", 2) == 0 && home != NULL && *home != '\0')
		return xasprintf("%s/%s", home, path + 2);
	return xstrdup(path);
}

/* Write all LEN bytes of B to FD: 0, or -1 with errno. */
static int
yank_file_put(int fd, const unsigned char *b, size_t len)
{
	while (len > 0) {
		ssize_t	n = write(fd, b, len);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		b += n;
		len -= (size_t)n;
	}
	return 0;
}

/*
 * Copy [START, START+LEN) of D into FD; 0, or -1 with a message on ST
 * (NAME: the target, quoted).
 */
static int
yank_file_copy(struct select *sel, struct door *d, uint64_t start,
    uint64_t len, int fd, const char *name, struct status *st)
{
	unsigned char	*buf = xmalloc(YANK_FILE_PIECE);
	uint64_t	 done = 0;
	int		 r = 0;

	while (done < len) {
		size_t	want = len - done < YANK_FILE_PIECE ?
			    (size_t)(len - done) : YANK_FILE_PIECE;
		size_t	got = select_read(sel, d, start + done, want, buf);

		if (got < want) {
			status_msg(st, STATUS_ERROR, "could read only %llu of "
			    "%llu bytes (the file shrank or a read failed): "
			    "%s not written", (unsigned long long)(done + got),
			    (unsigned long long)len, name);
			r = -1;
			break;
		}
		if (yank_file_put(fd, buf, got) == -1) {
			status_msg(st, STATUS_ERROR, "cannot write %s: %s; "
			    "it was not changed", name, strerror(errno));
			r = -1;
			break;
		}
		done += got;
	}
	free(buf);
	return r;
}

/* :w FILE / :w! FILE: see yank_file.h. */
bool
yank_file_write(struct select *sel, struct door *d, uint64_t start,
    uint64_t len, const char *path, bool force, uint64_t dev, uint64_t ino,
    struct status *st)
{
	char		*full = yank_file_expand(path), *name, *tmp, *slash;
	struct stat	 sb;
	bool		 exists, ok = false;
	mode_t		 mode, mask;
	int		 fd;

	name = yank_file_name(path);
	exists = stat(full, &sb) == 0;
	if (exists && (uint64_t)sb.st_dev == dev && (uint64_t)sb.st_ino == ino) {
		status_msg(st, STATUS_ERROR, ":w: not written: %s is the "
		    "file being viewed", name);
		goto out;
	}
	if (exists && !force) {
		status_msg(st, STATUS_ERROR, ":w: not written: %s exists "
		    "(:w! replaces it)", name);
		goto out;
	}
	if (exists && !S_ISREG(sb.st_mode)) {
		status_msg(st, STATUS_ERROR, ":w: not written: %s is not a "
		    "regular file", name);
		goto out;
	}
	/* The temporary file sits next to the target: rename stays atomic. */
	slash = strrchr(full, '/');
	tmp = slash == NULL ? xstrdup(".livehex-w.XXXXXX") :
	    xasprintf("%.*s/.livehex-w.XXXXXX", (int)(slash - full), full);
	if ((fd = mkstemp(tmp)) == -1) {
		status_msg(st, STATUS_ERROR, "cannot write %s: %s", name,
		    strerror(errno));
		free(tmp);
		goto out;
	}
	mask = umask(0);
	umask(mask);
	mode = exists ? sb.st_mode & 07777 : 0666 & ~mask;
	if (yank_file_copy(sel, d, start, len, fd, name, st) == 0) {
		if (fchmod(fd, mode) == -1 || fsync(fd) == -1)
			status_msg(st, STATUS_ERROR, "cannot write %s: %s; it "
			    "was not changed", name, strerror(errno));
		else
			ok = true;
	}
	if (close(fd) == -1 && ok) {
		status_msg(st, STATUS_ERROR, "cannot write %s: %s; it was not "
		    "changed", name, strerror(errno));
		ok = false;
	}
	if (ok && rename(tmp, full) == -1) {
		status_msg(st, STATUS_ERROR, "cannot write %s: %s; it was not "
		    "changed", name, strerror(errno));
		ok = false;
	}
	if (!ok)
		unlink(tmp);
	else
		status_msg(st, STATUS_INFO, "wrote %llu bytes (0x%llx-0x%llx) "
		    "to %s", (unsigned long long)len,
		    (unsigned long long)start,
		    (unsigned long long)(start + len - 1), name);
	free(tmp);
out:
	free(name);
	free(full);
	return ok;
}

/* :r FILE: PATH whole, at most MAX bytes; NULL with a message on ST. */
unsigned char *
yank_file_read(const char *path, uint64_t max, size_t *len,
    struct status *st)
{
	char		*full = yank_file_expand(path), *name;
	unsigned char	*buf = NULL;
	struct stat	 sb;
	size_t		 got = 0;
	int		 fd;

	name = yank_file_name(path);
	if ((fd = open(full, O_RDONLY | O_CLOEXEC)) == -1) {
		status_msg(st, STATUS_ERROR, ":r: cannot open %s: %s", name,
		    strerror(errno));
		goto out;
	}
	if (fstat(fd, &sb) == -1 || !S_ISREG(sb.st_mode)) {
		status_msg(st, STATUS_ERROR, ":r: nothing stored: %s is not "
		    "a regular file", name);
		goto out;
	}
	if ((uint64_t)sb.st_size > YANK_FILE_READ_MAX) {
		status_msg(st, STATUS_ERROR, ":r: nothing stored: %s is %llu "
		    "bytes; :r stores at most %llu MiB (its undo keeps every "
		    "byte)", name, (unsigned long long)sb.st_size,
		    (unsigned long long)(YANK_FILE_READ_MAX >> 20));
		goto out;
	}
	if ((uint64_t)sb.st_size > max) {
		status_msg(st, STATUS_ERROR, ":r: nothing stored: %llu of "
		    "the %llu bytes of %s would run past the end of the "
		    "file", (unsigned long long)((uint64_t)sb.st_size - max),
		    (unsigned long long)sb.st_size, name);
		goto out;
	}
	buf = xmalloc(sb.st_size > 0 ? (size_t)sb.st_size : 1);
	while (got < (size_t)sb.st_size) {
		ssize_t	n = read(fd, buf + got, (size_t)sb.st_size - got);

		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0) {
			status_msg(st, STATUS_ERROR, "cannot read %s: %s: "
			    "nothing stored", name, n == 0 ? "it shrank" :
			    strerror(errno));
			free(buf);
			buf = NULL;
			goto out;
		}
		got += (size_t)n;
	}
	*len = got;
out:
	if (fd != -1)
		close(fd);
	free(name);
	free(full);
	return buf;
}
