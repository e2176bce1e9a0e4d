/* SPDX-License-Identifier: ISC */
/*
 * source_sysv.c - System V segments: listing them, and attaching one.
 *
 * /proc/sysvipc/shm lists every segment with its key, owner, mode and
 * size; we parse it (source_sysv_parse, source_list_sysv) and say for
 * each whether we could attach it, deciding as the kernel's ipcperms()
 * does: owner, group (effective or supplementary) or other bits, or
 * CAP_IPC_OWNER (so our credentials live here too).  Attaching goes to
 * the door (door_open_sysv) after naming a missing segment or a missing
 * permission plainly, with whose segment it is.
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

/* ------------------------------------------------------------------------ */
/* Our credentials.                                                         */

/* True when capability CAP is in our effective set (/proc/self/status). */
static bool
source_has_cap(int cap)
{
	unsigned long long	 v;
	char			 line[256];
	bool			 r = false;
	FILE			*f;

	f = fopen("/proc/self/status", "re");
	/* No /proc: guess from the uid rather than claim too little. */
	if (f == NULL)
		return geteuid() == 0;
	while (fgets(line, sizeof line, f) != NULL) {
		if (sscanf(line, "CapEff: %llx", &v) == 1) {
			r = ((v >> cap) & 1) != 0;
			break;
		}
	}
	fclose(f);
	return r;
}

/* True when G is our effective or a supplementary group. */
static bool
source_in_group(gid_t g)
{
	gid_t	*list;
	int	 n;
	bool	 r = false;

	if (g == getegid())
		return true;
	n = getgroups(0, NULL);
	if (n <= 0)
		return false;
	list = xcalloc((size_t)n, sizeof *list);
	n = getgroups(n, list);
	for (int i = 0; i < n; i++)
		if (list[i] == g)
			r = true;
	free(list);
	return r;
}

/* Whether segment S grants WANT (4 read, 2 write), as ipcperms() decides. */
static bool
source_ipc_allows(const struct source_sysv *s, int want, bool ipc_owner)
{
	uid_t	euid = geteuid();
	int	granted = (int)(s->mode & 0777);

	if (euid == s->uid || euid == s->cuid)
		granted >>= 6;
	else if (source_in_group(s->gid) || source_in_group(s->cgid))
		granted >>= 3;
	return (want & ~granted & 7) == 0 || ipc_owner;
}

/* UID's user name, or its number when it has none (malloc'd). */
char *
source_user_name(uid_t uid)
{
	struct passwd	*pw = getpwuid(uid);

	if (pw != NULL && pw->pw_name != NULL && *pw->pw_name != '\0')
		return xstrdup(pw->pw_name);
	return xasprintf("%u", (unsigned)uid);
}

/* ------------------------------------------------------------------------ */
/* System V segments: /proc/sysvipc/shm.                                    */

/* Parse one data line of /proc/sysvipc/shm; 0 or -1 with *cause. */
int
source_sysv_parse(const char *line, struct source_sysv *s, char **cause)
{
	int			key, shmid, cpid, lpid;
	unsigned		perms, uid, gid, cuid, cgid;
	unsigned long long	size;
	unsigned long		nattch;

	memset(s, 0, sizeof *s);
	/* key shmid perms size cpid lpid nattch uid gid cuid cgid ... */
	if (sscanf(line, "%d %d %o %llu %d %d %lu %u %u %u %u", &key, &shmid,
	    &perms, &size, &cpid, &lpid, &nattch, &uid, &gid, &cuid,
	    &cgid) != 11 || shmid < 0)
		return cause_set(cause, "not a %s line: \"%.40s\"",
		    SOURCE_SYSVIPC, line);
	s->key = key;
	s->shmid = shmid;
	s->mode = perms & 0777;
	s->destroyed = (perms & SHM_DEST) != 0;
	s->size = size;
	s->cpid = cpid;
	s->lpid = lpid;
	s->nattch = nattch;
	s->uid = uid;
	s->gid = gid;
	s->cuid = cuid;
	s->cgid = cgid;
	s->source = xasprintf("sysv:%d", shmid);
	return 0;
}

/* Order segments by shmid (qsort). */
static int
source_sysv_cmp(const void *a, const void *b)
{
	const struct source_sysv	*x = a, *y = b;

	return (x->shmid > y->shmid) - (x->shmid < y->shmid);
}

/* The segments, sorted by shmid; 0 or -1 with *cause. */
int
source_list_sysv(struct source_sysv **out, size_t *n, char **cause)
{
	struct source_sysv	*v = NULL, s;
	size_t			 nv = 0, cap = 0, linecap = 0;
	char			*line = NULL;
	bool			 ipc_owner;
	FILE			*f;

	*out = NULL;
	*n = 0;
	f = fopen(SOURCE_SYSVIPC, "re");
	if (f == NULL)
		return cause_set(cause, "cannot read %s: %s", SOURCE_SYSVIPC,
		    strerror(errno));
	ipc_owner = source_has_cap(CAP_IPC_OWNER);
	/* The first line is the column header. */
	if (getline(&line, &linecap, f) != -1) {
		while (getline(&line, &linecap, f) != -1) {
			if (source_sysv_parse(line, &s, NULL) == -1)
				continue;
			s.can_read = source_ipc_allows(&s, 4, ipc_owner);
			s.can_write = source_ipc_allows(&s, 2, ipc_owner);
			if (nv == cap) {
				cap = cap ? cap * 2 : 16;
				v = xrealloc(v, cap * sizeof *v);
			}
			v[nv++] = s;
		}
	}
	free(line);
	fclose(f);
	if (nv > 1)
		qsort(v, nv, sizeof *v, source_sysv_cmp);
	*out = v;
	*n = nv;
	return 0;
}

/* Free N segments and the array. */
void
source_sysv_free(struct source_sysv *s, size_t n)
{
	for (size_t i = 0; i < n; i++)
		free(s[i].source);
	free(s);
}

/* The segment SHMID in S[0..n), or NULL. */
const struct source_sysv *
source_sysv_find(const struct source_sysv *s, size_t n, int shmid)
{
	for (size_t i = 0; i < n; i++)
		if (s[i].shmid == shmid)
			return &s[i];
	return NULL;
}

/* "its mode is 0600 owned by alice" for segment S (malloc'd). */
char *
source_sysv_owner(const struct source_sysv *s)
{
	char	*who = source_user_name(s->uid), *r;

	r = xasprintf("its mode is %04o owned by %s", (unsigned)s->mode, who);
	free(who);
	return r;
}

/* Attach segment SHMID, naming a missing one or a missing permission. */
struct door *
source_open_sysv(int shmid, int flags, char **cause)
{
	const struct source_sysv	*s;
	struct source_sysv		*segs;
	size_t				 nsegs;
	char				*owner;
	int				 rc = 0;

	/*
	 * Why look in /proc/sysvipc/shm first: without read permission
	 * shmctl(IPC_STAT) says only EACCES, while this list shows every
	 * segment's mode and owner to everyone.
	 */
	if (source_list_sysv(&segs, &nsegs, NULL) == 0) {
		s = source_sysv_find(segs, nsegs, shmid);
		if (s == NULL)
			rc = cause_set(cause, "no such segment (livehex list "
			    "shows the segments)");
		else if (!s->can_read) {
			owner = source_sysv_owner(s);
			rc = cause_set(cause, "permission denied (need read "
			    "permission on the segment; %s)", owner);
			free(owner);
		}
		source_sysv_free(segs, nsegs);
		if (rc == -1)
			return NULL;
	}
	return door_open_sysv(shmid, flags, cause);
}
