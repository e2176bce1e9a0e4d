/* SPDX-License-Identifier: ISC */
/*
 * source.c - what a SOURCE names, where shared memory lives, how to open it.
 *
 * What it owns: the meaning of SOURCE strings (path, shm:NAME, sysv:SHMID,
 * pid:PID), the reading of /proc/PID/maps, /proc/PID/fd, /proc/sysvipc/shm
 * and /dev/shm, and the permission checks that say whether we could open
 * each thing we list (design.md fact 6).  It never maps anything and never
 * touches shared bytes: opening is handed to the door (door_open for
 * anything with a path, door_open_sysv for a segment).
 *
 * Where each kind of shared memory is reachable:
 *  - a file or POSIX shm object: by its path (shm:NAME for /dev/shm/NAME);
 *  - a System V segment: by its shmid (the inode column in maps);
 *  - a memfd or a deleted file: through a descriptor the process still
 *    holds, /proc/PID/fd/N, found by matching the link text and inode;
 *  - shared anonymous memory, or a memfd whose descriptor was closed: only
 *    through /proc/PID/map_files/START-END, which needs CAP_SYS_ADMIN.
 * A path from maps is the process's view of the file system; when it is
 * not the same file for us (another mount namespace, or replaced since),
 * /proc/PID/root/PATH is tried before a descriptor.
 *
 * How it fails: every error is a cause string that names what the user can
 * act on - no such process/segment/object, which permission is missing and
 * whose it is, a seal, a capability.  Reading /proc/PID/maps needs ptrace
 * access to the process; without it we say so rather than list nothing.
 * Names from the system can hold any byte: they are stored raw here and
 * escaped (esc.h) only where this module writes them into a cause.
 *
 * The module is four files around one private header (source_priv.h):
 * source.c parses SOURCE strings and opens or creates what they name,
 * dispatching on the kind; source_sysv.c lists and attaches System V
 * segments (and holds our credentials, which decide what we may attach);
 * source_shm.c lists and opens POSIX objects in /dev/shm; source_pid.c
 * reads a process's maps and finds a way to each shared mapping.
 */
#include "config.h"

#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/capability.h>

#include "door.h"
#include "esc.h"
#include "source.h"
#include "source_priv.h"
#include "xmalloc.h"

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE	0x0010	/* Linux 5.1; the value is ABI */
#endif

/* ------------------------------------------------------------------------ */
/* SOURCE specs.                                                            */

/* Parse S, all decimal digits, as a number in [MIN, MAX]; 0 or -1. */
static int
source_parse_id(const char *s, long long min, long long max, long long *out)
{
	long long	v = 0;

	if (*s == '\0')
		return -1;
	for (; *s != '\0'; s++) {
		if (!isdigit((unsigned char)*s))
			return -1;
		if (v > (max - (*s - '0')) / 10)
			return -1;
		v = v * 10 + (*s - '0');
	}
	if (v < min)
		return -1;
	*out = v;
	return 0;
}

/* The directory shm:NAME means (source.h). */
const char *
source_shm_dir(void)
{
	const char	*d = getenv(SOURCE_SHM_DIR_ENV);

	return d != NULL && *d != '\0' ? d : SOURCE_SHM_DIR;
}

/* Check that NAME can name an object in /dev/shm; 0 or -1 with *cause. */
static int
source_check_shm_name(const char *name, char **cause)
{
	if (*name == '\0')
		return cause_set(cause, "shm: needs a NAME (shm:NAME opens "
		    "%s/NAME; livehex list shows them)", source_shm_dir());
	if (strchr(name, '/') != NULL)
		return cause_set(cause, "the NAME in shm:NAME cannot contain "
		    "'/' (POSIX shared memory objects are files directly in "
		    "%s)", source_shm_dir());
	if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
		return cause_set(cause, "\"%s\" is not a shared memory object "
		    "name", name);
	if (strlen(name) > NAME_MAX)
		return cause_set(cause, "the NAME in shm:NAME is longer than "
		    "%d bytes", NAME_MAX);
	return 0;
}

/* Parse SPEC into *S; 0, or -1 with *cause.  Free with source_spec_free. */
int
source_parse(const char *spec, struct source_spec *s, char **cause)
{
	long long	v;

	memset(s, 0, sizeof *s);
	if (spec == NULL || *spec == '\0')
		return cause_set(cause, "SOURCE is empty");
	if (strncmp(spec, "shm:", 4) == 0) {
		if (source_check_shm_name(spec + 4, cause) == -1)
			return -1;
		s->kind = SOURCE_SHM;
		s->name = xstrdup(spec + 4);
		s->path = xasprintf("%s/%s", source_shm_dir(), spec + 4);
		return 0;
	}
	if (strncmp(spec, "sysv:", 5) == 0) {
		if (source_parse_id(spec + 5, 0, INT_MAX, &v) == -1)
			return cause_set(cause, "sysv:SHMID takes a segment id "
			    "(a number, as livehex list shows)");
		s->kind = SOURCE_SYSV;
		s->shmid = (int)v;
		return 0;
	}
	if (strncmp(spec, "pid:", 4) == 0) {
		if (source_parse_id(spec + 4, 1, INT_MAX, &v) == -1)
			return cause_set(cause, "pid:PID takes a process id (a "
			    "positive number)");
		s->kind = SOURCE_PID;
		s->pid = (pid_t)v;
		return 0;
	}
	s->kind = SOURCE_PATH;
	s->path = xstrdup(spec);
	return 0;
}

/* Free what source_parse allocated (S itself is the caller's). */
void
source_spec_free(struct source_spec *s)
{
	free(s->path);
	free(s->name);
	s->path = s->name = NULL;
}

/* ------------------------------------------------------------------------ */
/* Seals.                                                                   */

/* The write seals on the file at PATH (F_SEAL_*), 0 when none or unknown. */
int
source_write_seals(const char *path)
{
	int	fd, seals;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd == -1)
		return 0;
	seals = fcntl(fd, F_GET_SEALS);
	close(fd);
	if (seals == -1)
		return 0;
	return seals & (F_SEAL_WRITE | F_SEAL_FUTURE_WRITE);
}

/* The name of the strongest write seal in SEALS. */
const char *
source_seal_name(int seals)
{
	return (seals & F_SEAL_WRITE) ? "F_SEAL_WRITE" : "F_SEAL_FUTURE_WRITE";
}

/* ------------------------------------------------------------------------ */
/* Opening.                                                                 */

/* Replace *cause with the seal that made a writable open of PATH fail. */
static void
source_explain_seal(const char *path, char **cause)
{
	int	seals;

	if (cause == NULL || (seals = source_write_seals(path)) == 0)
		return;
	free(*cause);
	*cause = xasprintf("sealed memfd: %s makes a writable mapping "
	    "impossible; use -r (read-only)", source_seal_name(seals));
}

/* Open a path through the door, explaining a seal. */
struct door *
source_open_path(const char *path, int flags, char **cause)
{
	struct door	*d;

	d = door_open(path, flags, cause);
	if (d == NULL && !(flags & DOOR_RDONLY))
		source_explain_seal(path, cause);
	return d;
}

/* Open SPEC, handing over the candidates of an ambiguous pid:PID. */
struct door *
source_open_pick(const char *spec, int flags,
    struct source_candidate **choices, size_t *nchoices, char **cause)
{
	struct source_spec	 s;
	struct door		*d = NULL;

	if (choices != NULL)
		*choices = NULL;
	if (nchoices != NULL)
		*nchoices = 0;
	/* FILE.lhrec[@TIME]: the file as a recording says it was. */
	if (source_rec_match(spec))
		return source_open_rec(spec, flags, cause);
	if (source_parse(spec, &s, cause) == -1)
		return NULL;
	switch (s.kind) {
	case SOURCE_PATH:
		d = source_open_path(s.path, flags, cause);
		break;
	case SOURCE_SHM:
		d = source_open_shm(&s, flags, cause);
		break;
	case SOURCE_SYSV:
		d = source_open_sysv(s.shmid, flags, cause);
		break;
	case SOURCE_PID:
		d = source_open_pid(s.pid, flags, choices, nchoices, cause);
		break;
	}
	source_spec_free(&s);
	return d;
}

/* Open SPEC for the door; NULL with *cause (see source.h). */
struct door *
source_open(const char *spec, int flags, char **cause)
{
	return source_open_pick(spec, flags, NULL, NULL, cause);
}

/* Create SPEC (a path or shm:NAME) or grow it to SIZE; 0 or -1. */
int
source_create(const char *spec, uint64_t size, mode_t mode, char **cause)
{
	struct source_spec	s;
	int			rc;

	if (source_parse(spec, &s, cause) == -1)
		return -1;
	switch (s.kind) {
	case SOURCE_PATH:
	case SOURCE_SHM:
		/* /dev/shm is sticky and world-writable: never follow links. */
		rc = door_create(s.path, size, mode, cause);
		break;
	case SOURCE_SYSV:
		rc = cause_set(cause, "--create cannot make a System V "
		    "segment (make one with ipcmk -M SIZE, then open "
		    "sysv:SHMID)");
		break;
	case SOURCE_PID:
	default:
		rc = cause_set(cause, "--create makes a file or a POSIX shm "
		    "object (shm:NAME), not a process");
		break;
	}
	source_spec_free(&s);
	return rc;
}
