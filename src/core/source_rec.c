/* SPDX-License-Identifier: ISC */
/*
 * source_rec.c - a recording as a SOURCE: FILE.lhrec@TIME.
 *
 * What it owns: the meaning of FILE.lhrec@TIME (record.h): the file as it
 * was TIME seconds after the recording started (@0, @2.5, @end; without
 * @TIME the last state).  The image at TIME is rebuilt in memory, written
 * into a memfd and opened through the door read-only, so that every
 * command that reads a SOURCE (dump, peek, watch, the viewer) works on it
 * unchanged.  Nothing is ever written to the recording.
 *
 * Which names are recordings: a SOURCE whose name ends in ".lhrec", or
 * ".lhrec@" and a time.  To look at a recording's own bytes, name it
 * without that ending (a link, or a copy).
 *
 * How it fails: a name that is not a recording, a time past its end ("the
 * recording is 12.5 s long"), and damage ("damaged at byte N (block K):
 * ...; readable up to 12.5 s") each come back as a cause.  A recording
 * damaged (or never finished) before the time asked for is an error, not
 * a silent partial image: the message says up to when it can be read.
 */
#include "config.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "door.h"
#include "record.h"
#include "source_priv.h"
#include "xmalloc.h"

/* The readable name of a memfd holding an image. */
#define SOURCE_REC_MEMFD	"livehex-recording"

/*
 * Split SPEC into the recording's path and its time (malloc'd; the time
 * NULL when there is none); false when SPEC does not name a recording.
 */
static bool
source_rec_split(const char *spec, char **path, char **time)
{
	size_t		 n = strlen(spec), sl = strlen(RECORD_SUFFIX);
	const char	*at;

	*path = *time = NULL;
	if (n >= sl && strcmp(spec + n - sl, RECORD_SUFFIX) == 0) {
		*path = xstrdup(spec);
		return true;
	}
	at = strrchr(spec, '@');
	if (at == NULL || (size_t)(at - spec) < sl ||
	    strncmp(at - sl, RECORD_SUFFIX, sl) != 0)
		return false;
	*path = xmalloc((size_t)(at - spec) + 1);
	memcpy(*path, spec, (size_t)(at - spec));
	(*path)[at - spec] = '\0';
	*time = xstrdup(at + 1);
	return true;
}

/* True when SPEC names a recording (FILE.lhrec or FILE.lhrec@TIME). */
bool
source_rec_match(const char *spec)
{
	char	*path, *time;
	bool	 yes = source_rec_split(spec, &path, &time);

	free(path);
	free(time);
	return yes;
}

/* Write LEN bytes of P into FD; 0, or -1 with errno. */
static int
source_rec_write(int fd, const uint8_t *p, uint64_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(fd, p, len > (1u << 30) ? (1u << 30) : (size_t)len);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return -1;
		p += n;
		len -= (uint64_t)n;
	}
	return 0;
}

/* Put SIZE bytes of IMG into a memfd and open it read-only as REC@TIME. */
static struct door *
source_rec_door(const uint8_t *img, uint64_t size, const char *spec,
    char **cause)
{
	struct door	*d;
	char		 proc[64];
	char		*why;
	int		 fd;

	fd = memfd_create(SOURCE_REC_MEMFD, MFD_CLOEXEC);
	if (fd == -1) {
		cause_set(cause, "cannot make room for the image: memfd_create: "
		    "%s", strerror(errno));
		return NULL;
	}
	if (source_rec_write(fd, img, size) == -1) {
		cause_set(cause, "cannot hold the image in memory: %s",
		    strerror(errno));
		close(fd);
		return NULL;
	}
	/* The door opens by path; the memfd lives as long as it is open. */
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", fd);
	d = door_open(proc, DOOR_RDONLY, cause);
	close(fd);
	if (d == NULL)
		return NULL;
	/* Messages name the recording as the user typed it, not the memfd. */
	door_set_name(d, spec);
	why = xasprintf("%s is a recording (the file as it was)", spec);
	door_set_readonly_reason(d, why);
	free(why);
	return d;
}

/* Open the recording SPEC names, at its time. */
struct door *
source_open_rec(const char *spec, int flags, char **cause)
{
	struct record_reader	*r;
	struct door		*d = NULL;
	char			*path, *time, *c = NULL;
	const uint8_t		*img;
	uint64_t		 t = UINT64_MAX, size;

	(void)flags;	/* always read-only */
	if (!source_rec_split(spec, &path, &time)) {
		cause_set(cause, "not a recording (FILE.lhrec[@TIME])");
		return NULL;
	}
	if (time != NULL && record_parse_time(time, &t, &c) == -1) {
		cause_set(cause, "%s (seconds from the start of the "
		    "recording: @0, @2.5, @end)", c);
		goto out;
	}
	r = record_open(path, &c);
	if (r == NULL) {
		cause_set(cause, "%s", c);
		goto out;
	}
	if (record_seek(r, t, &c) == -1)
		cause_set(cause, "%s", c);
	else if (t == UINT64_MAX && record_damage(r) != NULL)
		/* The last state asked for, and there is no last state. */
		cause_set(cause, "%s", record_damage(r));
	else {
		img = record_image(r, &size);
		d = source_rec_door(img, size, spec, cause);
	}
	record_close(r);
out:
	free(c);
	free(path);
	free(time);
	return d;
}
