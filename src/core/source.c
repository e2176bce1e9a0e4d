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
#include "xmalloc.h"

#ifndef F_SEAL_FUTURE_WRITE
#define F_SEAL_FUTURE_WRITE	0x0010	/* Linux 5.1; the value is ABI */
#endif

/* Where the kernel lists System V segments. */
#define SOURCE_SYSVIPC	"/proc/sysvipc/shm"

/* The capability map_files asks for, in our messages. */
#define SOURCE_MAP_FILES_CAP	"CAP_SYS_ADMIN"

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
/* /proc/PID/maps lines.                                                    */

/* True when S is "/SYSV" and exactly 8 hex digits. */
static bool
source_is_sysv_name(const char *s, uint32_t *key)
{
	if (strncmp(s, "/SYSV", 5) != 0 || strlen(s) != 13)
		return false;
	for (int i = 5; i < 13; i++)
		if (!isxdigit((unsigned char)s[i]))
			return false;
	*key = (uint32_t)strtoul(s + 5, NULL, 16);
	return true;
}

/* Decide M's kind (and name) from its pathname column. */
static void
source_map_classify(struct source_map *m)
{
	const char	*p = m->path;
	const char	*dir = source_shm_dir();
	size_t		 dl = strlen(dir);

	if (*p == '\0' || *p == '[') {
		/* "[anon_shmem:NAME]": named shared anonymous memory. */
		size_t	len = strlen(p);

		if (strncmp(p, "[anon_shmem:", 12) == 0 && p[len - 1] == ']') {
			m->kind = SOURCE_MAP_ANON;
			m->name = xasprintf("%.*s", (int)(len - 13), p + 12);
		} else
			m->kind = SOURCE_MAP_PSEUDO;
	} else if (m->deleted && strncmp(p, "/memfd:", 7) == 0) {
		m->kind = SOURCE_MAP_MEMFD;
		m->name = xstrdup(p + 7);
	} else if (m->deleted && source_is_sysv_name(p, &m->sysv_key))
		m->kind = SOURCE_MAP_SYSV;
	else if (m->deleted && strcmp(p, "/dev/zero") == 0)
		m->kind = SOURCE_MAP_ANON;
	else if (strncmp(p, dir, dl) == 0 && p[dl] == '/' &&
	    p[dl + 1] != '\0' && strchr(p + dl + 1, '/') == NULL) {
		m->kind = SOURCE_MAP_SHM;
		m->name = xstrdup(p + dl + 1);
	} else
		m->kind = SOURCE_MAP_FILE;
}

/* Parse one maps LINE (a trailing newline is fine); 0 or -1 with *cause. */
int
source_map_parse(const char *line, struct source_map *m, char **cause)
{
	unsigned long long	 start, end, off, ino;
	unsigned		 maj, min;
	char			 perms[8];
	const char		*p;
	size_t			 len;
	int			 n = 0;
	static const char	 del[] = " (deleted)";

	memset(m, 0, sizeof *m);
	if (sscanf(line, "%llx-%llx %7s %llx %x:%x %llu%n", &start, &end,
	    perms, &off, &maj, &min, &ino, &n) != 7 || n == 0 ||
	    start >= end || strlen(perms) != 4 ||
	    strchr("r-", perms[0]) == NULL || strchr("w-", perms[1]) == NULL ||
	    strchr("x-", perms[2]) == NULL || strchr("sp", perms[3]) == NULL)
		return cause_set(cause, "not a /proc/PID/maps line: \"%.40s\"",
		    line);
	p = line + n;
	if (*p != '\0' && *p != '\n' && *p != ' ')
		return cause_set(cause, "not a /proc/PID/maps line: \"%.40s\"",
		    line);
	/* The kernel pads the pathname to a column with spaces. */
	while (*p == ' ')
		p++;
	len = strcspn(p, "\n");
	m->start = start;
	m->end = end;
	memcpy(m->perms, perms, 5);
	m->shared = perms[3] == 's';
	m->offset = off;
	m->dev_major = maj;
	m->dev_minor = min;
	m->inode = ino;
	if (len >= sizeof del && memcmp(p + len - (sizeof del - 1), del,
	    sizeof del - 1) == 0) {
		m->deleted = true;
		len -= sizeof del - 1;
	}
	m->path = xasprintf("%.*s", (int)len, p);
	source_map_classify(m);
	return 0;
}

/* Free what source_map_parse allocated. */
void
source_map_free(struct source_map *m)
{
	free(m->path);
	free(m->name);
	m->path = m->name = NULL;
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
static const struct source_sysv *
source_sysv_find(const struct source_sysv *s, size_t n, int shmid)
{
	for (size_t i = 0; i < n; i++)
		if (s[i].shmid == shmid)
			return &s[i];
	return NULL;
}

/* "its mode is 0600 owned by alice" for segment S (malloc'd). */
static char *
source_sysv_owner(const struct source_sysv *s)
{
	char	*who = source_user_name(s->uid), *r;

	r = xasprintf("its mode is %04o owned by %s", (unsigned)s->mode, who);
	free(who);
	return r;
}

/* ------------------------------------------------------------------------ */
/* POSIX shared memory objects: /dev/shm.                                   */

/* Order objects by name (qsort). */
static int
source_shm_cmp(const void *a, const void *b)
{
	const struct source_shm	*x = a, *y = b;

	return strcmp(x->name, y->name);
}

/* The objects in /dev/shm, sorted by name; 0 or -1 with *cause. */
int
source_list_shm(struct source_shm **out, size_t *n, char **cause)
{
	struct source_shm	*v = NULL;
	struct dirent		*de;
	struct stat		 st;
	size_t			 nv = 0, cap = 0;
	DIR			*dp;
	int			 dfd;

	*out = NULL;
	*n = 0;
	dp = opendir(source_shm_dir());
	if (dp == NULL) {
		int	 e = errno;
		char	*dir = esc_text(source_shm_dir(), true);

		cause_set(cause, "cannot read %s: %s", dir, strerror(e));
		free(dir);
		return -1;
	}
	dfd = dirfd(dp);
	while ((de = readdir(dp)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		/* Only regular files are objects; never follow a link. */
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW) == -1 ||
		    !S_ISREG(st.st_mode))
			continue;
		if (nv == cap) {
			cap = cap ? cap * 2 : 16;
			v = xrealloc(v, cap * sizeof *v);
		}
		memset(&v[nv], 0, sizeof v[nv]);
		v[nv].name = xstrdup(de->d_name);
		v[nv].source = xasprintf("shm:%s", de->d_name);
		v[nv].size = st.st_size < 0 ? 0 : (uint64_t)st.st_size;
		v[nv].uid = st.st_uid;
		v[nv].gid = st.st_gid;
		v[nv].mode = st.st_mode & 07777;
		v[nv].can_read = faccessat(dfd, de->d_name, R_OK,
		    AT_EACCESS) == 0;
		v[nv].can_write = faccessat(dfd, de->d_name, W_OK,
		    AT_EACCESS) == 0;
		nv++;
	}
	closedir(dp);
	if (nv > 1)
		qsort(v, nv, sizeof *v, source_shm_cmp);
	*out = v;
	*n = nv;
	return 0;
}

/* Free N objects and the array. */
void
source_shm_free(struct source_shm *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(s[i].name);
		free(s[i].source);
	}
	free(s);
}

/* ------------------------------------------------------------------------ */
/* A process's shared mappings.                                             */

/* The write seals on the file at PATH (F_SEAL_*), 0 when none or unknown. */
static int
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
static const char *
source_seal_name(int seals)
{
	return (seals & F_SEAL_WRITE) ? "F_SEAL_WRITE" : "F_SEAL_FUTURE_WRITE";
}

/* True when PATH (following links) is M's file: same inode number. */
static bool
source_same_file(const char *path, const struct source_map *m)
{
	struct stat	st;

	/*
	 * Why the inode alone: on overlayfs maps shows the device of the
	 * layer below while stat shows the overlay's, so devices differ even
	 * for the same file.
	 */
	return stat(path, &st) == 0 && (uint64_t)st.st_ino == m->inode;
}

/* True when PATH is not a symbolic link (shm:NAME would refuse one). */
static bool
source_not_link(const char *path)
{
	struct stat	st;

	return lstat(path, &st) == 0 && !S_ISLNK(st.st_mode);
}

/* /proc/PID/fd/N holding M's file (link text and inode), or NULL. */
static char *
source_find_fd(pid_t pid, const struct source_map *m)
{
	char		*dir, *want, *link, *found = NULL;
	char		 buf[PATH_MAX + 32];
	struct dirent	*de;
	ssize_t		 len;
	DIR		*dp;

	dir = xasprintf("/proc/%d/fd", (int)pid);
	dp = opendir(dir);
	if (dp == NULL) {
		free(dir);
		return NULL;
	}
	want = xasprintf("%s%s", m->path, m->deleted ? " (deleted)" : "");
	while (found == NULL && (de = readdir(dp)) != NULL) {
		if (de->d_name[0] == '.')
			continue;
		link = xasprintf("%s/%s", dir, de->d_name);
		len = readlink(link, buf, sizeof buf - 1);
		if (len > 0) {
			buf[len] = '\0';
			/* Two memfds may share a name: the inode decides. */
			if (strcmp(buf, want) == 0 &&
			    source_same_file(link, m)) {
				found = link;
				continue;
			}
		}
		free(link);
	}
	closedir(dp);
	free(want);
	free(dir);
	return found;
}

/* /proc/PID/map_files/START-END when we may open it; else NULL and *err. */
static char *
source_map_files(pid_t pid, const struct source_map *m, int *err)
{
	char	*p;
	int	 fd;

	p = xasprintf("/proc/%d/map_files/%llx-%llx", (int)pid,
	    (unsigned long long)m->start, (unsigned long long)m->end);
	fd = open(p, O_RDONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	if (fd != -1) {
		close(fd);
		return p;
	}
	*err = errno;
	free(p);
	return NULL;
}

/* Say what C is, for people (C->what). */
static void
source_describe(struct source_candidate *c)
{
	const struct source_map	*m = &c->map;
	char			*base, *off;

	switch (m->kind) {
	case SOURCE_MAP_SHM:
		base = xasprintf("POSIX shm %s%s", m->name,
		    m->deleted ? " (unlinked)" : "");
		break;
	case SOURCE_MAP_MEMFD:
		base = xasprintf("memfd %s", m->name);
		break;
	case SOURCE_MAP_SYSV:
		base = m->sysv_key != 0 ? xasprintf("SysV segment, key "
		    "0x%08x", (unsigned)m->sysv_key) :
		    xstrdup("SysV segment, private key");
		break;
	case SOURCE_MAP_ANON:
		base = m->name != NULL ? xasprintf("shared anonymous memory "
		    "\"%s\"", m->name) : xstrdup("shared anonymous memory");
		break;
	case SOURCE_MAP_FILE:
		base = xasprintf("file %s%s", m->path,
		    m->deleted ? " (deleted)" : "");
		break;
	case SOURCE_MAP_PSEUDO:
	default:
		base = xstrdup(*m->path != '\0' ? m->path : "(no name)");
		break;
	}
	/* Only a window of the object may be mapped: say where it starts. */
	if (m->offset != 0 && m->kind != SOURCE_MAP_SYSV &&
	    m->kind != SOURCE_MAP_ANON) {
		off = xasprintf("%s, mapped from offset 0x%llx", base,
		    (unsigned long long)m->offset);
		free(base);
		base = off;
	}
	c->what = base;
}

/* Fill C's source and access for a SysV mapping, from SEGS. */
static void
source_resolve_sysv(struct source_candidate *c, const struct source_sysv *segs,
    size_t nsegs)
{
	const struct source_sysv	*s;
	char				*owner;

	c->size = c->map.end - c->map.start;
	s = c->map.inode <= INT_MAX ? source_sysv_find(segs, nsegs,
	    (int)c->map.inode) : NULL;
	if (s == NULL) {
		c->why = xasprintf("segment %llu is not in %s (another IPC "
		    "namespace?)", (unsigned long long)c->map.inode,
		    SOURCE_SYSVIPC);
		return;
	}
	c->source = xstrdup(s->source);
	c->size = s->size;
	c->can_read = s->can_read;
	c->can_write = s->can_write;
	if (c->can_read && c->can_write)
		return;
	owner = source_sysv_owner(s);
	c->why = xasprintf("no %s permission on the segment (%s)",
	    c->can_read ? "write" : "read", owner);
	free(owner);
}

/*
 * Fill C's source for anything reached by a path; the path to check access
 * on (malloc'd: shm:NAME is /dev/shm/NAME), or NULL with *err.
 */
static char *
source_resolve_path(pid_t pid, struct source_candidate *c, int *err)
{
	const struct source_map	*m = &c->map;
	char			*root;

	*err = 0;
	if (!m->deleted && (m->kind == SOURCE_MAP_FILE ||
	    m->kind == SOURCE_MAP_SHM)) {
		if (source_same_file(m->path, m) &&
		    (m->kind != SOURCE_MAP_SHM || source_not_link(m->path))) {
			c->source = m->kind == SOURCE_MAP_SHM ?
			    xasprintf("shm:%s", m->name) : xstrdup(m->path);
			return xstrdup(m->path);
		}
		/* Its path in its own mount namespace (a container). */
		root = xasprintf("/proc/%d/root%s", (int)pid, m->path);
		if (source_same_file(root, m)) {
			c->source = root;
			return xstrdup(root);
		}
		free(root);
	}
	if (m->kind != SOURCE_MAP_ANON)
		c->source = source_find_fd(pid, m);
	if (c->source == NULL)
		c->source = source_map_files(pid, m, err);
	return c->source != NULL ? xstrdup(c->source) : NULL;
}

/* Say why C cannot be reached (after source_map_files failed with ERR). */
static void
source_unreachable(pid_t pid, struct source_candidate *c, int err)
{
	const char	*what;

	if (c->map.kind == SOURCE_MAP_PSEUDO) {
		c->why = xstrdup("not a file or segment: nothing livehex can "
		    "open");
		return;
	}
	/* C->what already says what it is: say only why it is out of reach. */
	if (c->map.kind == SOURCE_MAP_ANON)
		what = "";
	else if (c->map.kind == SOURCE_MAP_MEMFD)
		what = "its descriptor is closed, so it is ";
	else if (c->map.deleted)
		what = "no descriptor holds it, so it is ";
	else
		what = "its path leads elsewhere now, so it is ";
	if (err == EPERM || err == EACCES)
		c->why = xasprintf("%sonly reachable through "
		    "/proc/%d/map_files, which needs %s", what, (int)pid,
		    SOURCE_MAP_FILES_CAP);
	else
		c->why = xasprintf("%sonly reachable through "
		    "/proc/%d/map_files: %s", what, (int)pid, strerror(err));
}

/* Fill C's access (and size, seals) from PATH, where its SOURCE leads. */
static void
source_check_access(struct source_candidate *c, const char *path)
{
	struct stat	st;
	int		seals;

	c->size = c->map.end - c->map.start;
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && st.st_size >= 0)
		c->size = (uint64_t)st.st_size;
	c->can_read = faccessat(AT_FDCWD, path, R_OK, AT_EACCESS) == 0;
	c->can_write = faccessat(AT_FDCWD, path, W_OK, AT_EACCESS) == 0;
	if (!c->can_read) {
		c->can_write = false;
		c->why = xstrdup("permission denied (no read permission)");
		return;
	}
	seals = source_write_seals(path);
	if (seals != 0) {
		c->can_write = false;
		c->why = xasprintf("sealed with %s: it can only be opened "
		    "read-only (-r)", source_seal_name(seals));
	} else if (!c->can_write)
		c->why = xstrdup("no write permission: read-only");
}

/* Resolve one shared mapping of PID into C (map already parsed). */
static void
source_resolve(pid_t pid, struct source_candidate *c,
    const struct source_sysv *segs, size_t nsegs)
{
	char	*path = NULL;
	int	 err = 0;

	source_describe(c);
	if (c->map.kind == SOURCE_MAP_SYSV) {
		source_resolve_sysv(c, segs, nsegs);
		return;
	}
	if (c->map.kind != SOURCE_MAP_PSEUDO)
		path = source_resolve_path(pid, c, &err);
	if (path == NULL) {
		c->size = c->map.end - c->map.start;
		source_unreachable(pid, c, err);
		return;
	}
	source_check_access(c, path);
	free(path);
}

/*
 * True when C's process maps it without write access (r--s): livehex
 * then opens it read-only too, whatever our own permissions would allow.
 */
static bool
source_map_readonly(const struct source_candidate *c)
{
	return c->map.perms[1] != 'w';
}

/* Why a read-only mapping is opened read-only (malloc'd). */
static char *
source_map_readonly_why(const struct source_candidate *c)
{
	return xasprintf(SOURCE_MAPPED_RO " (%s); livehex never writes what "
	    "the process only reads", c->map.perms);
}

/* Resolve C, then hold it to the access its process has (item: r--s). */
static void
source_resolve_as_mapped(pid_t pid, struct source_candidate *c,
    const struct source_sysv *segs, size_t nsegs)
{
	source_resolve(pid, c, segs, nsegs);
	if (c->can_write && source_map_readonly(c)) {
		c->can_write = false;
		free(c->why);
		c->why = source_map_readonly_why(c);
	}
}

/* Say why /proc/PID/maps could not be read (errno E); -1. */
static int
source_maps_error(pid_t pid, int e, char **cause)
{
	char	 dir[64];

	snprintf(dir, sizeof dir, "/proc/%d", (int)pid);
	if (e == ENOENT || e == ESRCH || access(dir, F_OK) == -1)
		return cause_set(cause, "no such process");
	if (e == EACCES || e == EPERM)
		return cause_set(cause, "cannot read /proc/%d/maps: permission "
		    "denied (ptrace access needed: the process belongs to "
		    "another user, is not dumpable, or "
		    "kernel.yama.ptrace_scope forbids it)", (int)pid);
	return cause_set(cause, "cannot read /proc/%d/maps: %s", (int)pid,
	    strerror(e));
}

/* The shared mappings of process PID, with SOURCEs; 0 or -1 with *cause. */
int
source_list_pid(pid_t pid, struct source_candidate **out, size_t *n,
    char **cause)
{
	struct source_candidate	*v = NULL;
	struct source_sysv	*segs = NULL;
	struct source_map	 m;
	size_t			 nv = 0, cap = 0, nsegs = 0, linecap = 0;
	bool			 segs_read = false;
	char			*line = NULL, *path;
	FILE			*f;
	int			 rc = 0;

	*out = NULL;
	*n = 0;
	if (pid <= 0)
		return cause_set(cause, "no such process");
	path = xasprintf("/proc/%d/maps", (int)pid);
	f = fopen(path, "re");
	free(path);
	if (f == NULL)
		return source_maps_error(pid, errno, cause);
	errno = 0;
	while (getline(&line, &linecap, f) != -1) {
		if (source_map_parse(line, &m, cause) == -1) {
			rc = -1;
			break;
		}
		if (!m.shared) {
			source_map_free(&m);
			continue;
		}
		if (m.kind == SOURCE_MAP_SYSV && !segs_read) {
			segs_read = true;
			source_list_sysv(&segs, &nsegs, NULL);
		}
		if (nv == cap) {
			cap = cap ? cap * 2 : 8;
			v = xrealloc(v, cap * sizeof *v);
		}
		memset(&v[nv], 0, sizeof v[nv]);
		v[nv].map = m;
		source_resolve_as_mapped(pid, &v[nv], segs, nsegs);
		nv++;
	}
	/* Older kernels check ptrace access at read(2), not at open(2). */
	if (rc == 0 && ferror(f))
		rc = source_maps_error(pid, errno, cause);
	free(line);
	fclose(f);
	source_sysv_free(segs, nsegs);
	if (rc == -1) {
		source_candidates_free(v, nv);
		return -1;
	}
	*out = v;
	*n = nv;
	return 0;
}

/* Free N candidates and the array. */
void
source_candidates_free(struct source_candidate *c, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		source_map_free(&c[i].map);
		free(c[i].source);
		free(c[i].what);
		free(c[i].why);
	}
	free(c);
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
static struct door *
source_open_path(const char *path, int flags, char **cause)
{
	struct door	*d;

	d = door_open(path, flags, cause);
	if (d == NULL && !(flags & DOOR_RDONLY))
		source_explain_seal(path, cause);
	return d;
}

/* Open the POSIX shm object S, naming a missing one plainly. */
static struct door *
source_open_shm(const struct source_spec *s, int flags, char **cause)
{
	struct door	*d;
	struct stat	 st;
	char		*name;

	/* As shm_open(3): a link planted in /dev/shm is never followed. */
	d = source_open_path(s->path, flags | DOOR_NOFOLLOW, cause);
	if (d == NULL && cause != NULL && lstat(s->path, &st) == -1 &&
	    errno == ENOENT) {
		free(*cause);
		name = esc_text(s->name, true);
		*cause = xasprintf("no POSIX shared memory object \"%s\" in "
		    "%s (livehex list shows them; --create SIZE makes one)",
		    name, source_shm_dir());
		free(name);
	}
	return d;
}

/* Attach segment SHMID, naming a missing one or a missing permission. */
static struct door *
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

/* Free what candidate C holds (not C itself). */
static void
source_candidate_clear(struct source_candidate *c)
{
	source_map_free(&c->map);
	free(c->source);
	free(c->what);
	free(c->why);
	memset(c, 0, sizeof *c);
}

/*
 * Move the distinct openable candidates of C[0..n) into a new array.  Of
 * two mappings of one object, the writable one stands for it: the process
 * may map the same file once read-only and once read-write.
 */
static struct source_candidate *
source_picks(struct source_candidate *c, size_t n, size_t *npicks)
{
	struct source_candidate	*p = xcalloc(n ? n : 1, sizeof *p);
	size_t			 np = 0, j;

	for (size_t i = 0; i < n; i++) {
		if (c[i].source == NULL || !c[i].can_read)
			continue;
		for (j = 0; j < np; j++)
			if (strcmp(p[j].source, c[i].source) == 0)
				break;
		if (j < np) {
			if (!source_map_readonly(&c[i]) &&
			    source_map_readonly(&p[j])) {
				source_candidate_clear(&p[j]);
				p[j] = c[i];
				memset(&c[i], 0, sizeof c[i]);
			}
			continue;
		}
		p[np++] = c[i];
		/* Taken over: the original must not free it too. */
		memset(&c[i], 0, sizeof c[i]);
	}
	*npicks = np;
	return p;
}

/* The "several to choose from" cause listing P[0..n) (malloc'd). */
static char *
source_choice_text(const struct source_candidate *p, size_t n)
{
	char	**src = xcalloc(n, sizeof *src);
	char	 *text, *line, *what;
	size_t	  w = 0;

	for (size_t i = 0; i < n; i++) {
		src[i] = esc_text(p[i].source, true);
		if (strlen(src[i]) > w)
			w = strlen(src[i]);
	}
	text = xasprintf("%zu shared mappings can be opened; name one as "
	    "SOURCE:", n);
	for (size_t i = 0; i < n; i++) {
		what = esc_text(p[i].what, true);
		line = xasprintf("%s\n  %-*s  %s (%llu bytes%s)", text, (int)w,
		    src[i], what, (unsigned long long)p[i].size,
		    p[i].can_write ? "" : ", read-only");
		free(what);
		free(text);
		free(src[i]);
		text = line;
	}
	free(src);
	return text;
}

/* Open candidate C, read-only when its process maps it so (source.h). */
struct door *
source_open_candidate(const struct source_candidate *c, int flags,
    char **cause)
{
	struct door	*d;
	char		*why;

	if (!source_map_readonly(c))
		return source_open_pick(c->source, flags, NULL, NULL, cause);
	d = source_open_pick(c->source, flags | DOOR_RDONLY, NULL, NULL,
	    cause);
	if (d != NULL && !(flags & DOOR_RDONLY)) {
		why = source_map_readonly_why(c);
		door_set_readonly_reason(d, why);
		free(why);
	}
	return d;
}

/* Open the one shared object of PID, or hand over the choice. */
static struct door *
source_open_pid(pid_t pid, int flags, struct source_candidate **choices,
    size_t *nchoices, char **cause)
{
	struct source_candidate	*c, *p;
	struct door		*d = NULL;
	size_t			 n, np;
	char			*what;

	if (source_list_pid(pid, &c, &n, cause) == -1)
		return NULL;
	p = source_picks(c, n, &np);
	/*
	 * Why prefer the one writable mapping: read-only shared mappings are
	 * how libraries share constant data (glibc maps gconv-modules.cache
	 * r--s in every process that converts charsets); the writable one is
	 * the memory the process shares on purpose.
	 */
	if (np > 1) {
		size_t	writable = 0, w = 0;

		for (size_t i = 0; i < np; i++)
			if (p[i].map.perms[1] == 'w') {
				writable++;
				w = i;
			}
		if (writable == 1) {
			d = source_open_candidate(&p[w], flags, cause);
			source_candidates_free(p, np);
			source_candidates_free(c, n);
			return d;
		}
	}
	if (np == 1)
		d = source_open_candidate(&p[0], flags, cause);
	else if (np > 1) {
		if (cause != NULL)
			*cause = source_choice_text(p, np);
		if (choices != NULL) {
			*choices = p;
			*nchoices = np;
			p = NULL;
			np = 0;
		}
	} else if (n == 0)
		cause_set(cause, "the process has no shared mappings "
		    "(livehex list --pid %d shows what it has)", (int)pid);
	else {
		/* Nothing openable: the first reason is usually the reason. */
		what = esc_text(c[0].what, true);
		cause_set(cause, "none of its %zu shared mapping%s can be "
		    "opened; %s: %s", n, n == 1 ? "" : "s", what,
		    c[0].why != NULL ? c[0].why : "unreachable");
		free(what);
	}
	source_candidates_free(p, np);
	source_candidates_free(c, n);
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
