/* SPDX-License-Identifier: ISC */
/*
 * source_shm.c - POSIX shared memory objects: /dev/shm (shm:NAME).
 *
 * Lists the objects in the directory shm:NAME means (source_shm_dir),
 * sorted by name, each with its size, owner and whether we could open
 * it; and opens shm:NAME through the door, naming a missing object
 * plainly rather than as a missing path.
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

/* Open the POSIX shm object S, naming a missing one plainly. */
struct door *
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
