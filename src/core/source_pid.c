/* SPDX-License-Identifier: ISC */
/*
 * source_pid.c - pid:PID: a process's shared mappings, and a way to each.
 *
 * Reads /proc/PID/maps (source_map_parse classifies each line: file,
 * POSIX object, SysV segment, memfd, deleted file, shared anonymous) and
 * resolves every shared mapping to a SOURCE we could open: its path
 * (through /proc/PID/root when the process's view differs from ours), a
 * descriptor the process holds (/proc/PID/fd/N, matched by link text and
 * inode), its shmid, or /proc/PID/map_files/START-END (CAP_SYS_ADMIN).
 * A mapping the process holds read-only is opened read-only.  pid:PID
 * opens the one shared object of the process, or hands the choice back
 * when there are several.  Reading maps needs ptrace access; without it
 * we say so rather than list nothing.
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

/* The capability map_files asks for, in our messages. */
#define SOURCE_MAP_FILES_CAP	"CAP_SYS_ADMIN"

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
/* A process's shared mappings.                                             */

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
/* Opening pid:PID.                                                         */

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
struct door *
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
