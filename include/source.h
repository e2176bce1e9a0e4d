/* SPDX-License-Identifier: ISC */
/*
 * source.h - what a SOURCE on the command line names, and how to open it.
 *
 * Every command that takes a SOURCE (the viewer, dump, poke, peek, watch)
 * takes one of:
 *
 *	PATH		a regular file or block device (door_open)
 *	shm:NAME	a POSIX shared memory object: /dev/shm/NAME, the file
 *			shm_open(3) opens (shm_overview(7)); NAME has no '/'
 *	sysv:SHMID	a System V segment, attached with shmat (door_open_sysv)
 *	pid:PID		the shared mappings of a running process; opens the
 *			one there is, or lists them when there are several
 *
 * A file whose name starts with one of those prefixes is written with a
 * directory: ./shm:x.  `pid:PID` resolves to one of the other kinds, or to
 * /proc/PID/fd/N (a memfd, a deleted file) or /proc/PID/map_files/A-B
 * (shared anonymous memory, privileged users only): the candidate's
 * `source` field is the SOURCE to type.
 *
 * This module only looks (/proc, /dev/shm, shmctl, access(2)); mapping and
 * touching bytes is the door's job.  Errors come back as malloc'd cause
 * strings that name what the user can do about them; a cause never repeats
 * the SOURCE itself (the caller prints "livehex: SOURCE: cause").
 */
#ifndef LIVEHEX_SOURCE_H
#define LIVEHEX_SOURCE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct door;

/* Where POSIX shared memory objects live (shm_overview(7)). */
#define SOURCE_SHM_DIR	"/dev/shm"
/* The environment variable that puts them elsewhere (tests: a private dir). */
#define SOURCE_SHM_DIR_ENV	"LIVEHEX_SHM_DIR"

/*
 * The directory shm:NAME means: $LIVEHEX_SHM_DIR when set and not empty,
 * else /dev/shm.  shm:NAME never follows a symbolic link there (as
 * shm_open(3), which opens with O_NOFOLLOW), and `livehex list` skips
 * links, so what is listed and what opens agree.
 */
const char	*source_shm_dir(void);

/*
 * How the read-only reason of a door opened for an r--s mapping starts
 * (source_open_candidate): the process only reads it, so livehex does too.
 */
#define SOURCE_MAPPED_RO	"the process maps it read-only"

/* ---- SOURCE specs ------------------------------------------------------- */

/* What kind of SOURCE a spec names. */
enum source_kind {
	SOURCE_PATH,	/* a path, opened as it is */
	SOURCE_SHM,	/* shm:NAME */
	SOURCE_SYSV,	/* sysv:SHMID */
	SOURCE_PID,	/* pid:PID */
};

/* A parsed SOURCE. */
struct source_spec {
	enum source_kind	 kind;
	char			*path;	/* PATH, or /dev/shm/NAME; else NULL */
	char			*name;	/* shm: NAME; else NULL */
	int			 shmid;	/* sysv: */
	pid_t			 pid;	/* pid: */
};

/* Parse SPEC into *S; 0, or -1 with *cause.  Free with source_spec_free. */
int	source_parse(const char *spec, struct source_spec *s, char **cause);
/* Free what source_parse allocated (S itself is the caller's). */
void	source_spec_free(struct source_spec *s);

/* ---- one line of /proc/PID/maps ----------------------------------------- */

/* What a mapping's pathname column says it is. */
enum source_map_kind {
	SOURCE_MAP_FILE,	/* a file, by path */
	SOURCE_MAP_SHM,		/* a POSIX shm object: /dev/shm/NAME */
	SOURCE_MAP_MEMFD,	/* "/memfd:NAME (deleted)" */
	SOURCE_MAP_SYSV,	/* "/SYSV<key> (deleted)"; inode = shmid */
	SOURCE_MAP_ANON,	/* shared anonymous: "/dev/zero (deleted)" */
	SOURCE_MAP_PSEUDO,	/* no name, or [vvar]-like: nothing to open */
};

/* One parsed line of /proc/PID/maps. */
struct source_map {
	uint64_t		 start, end;	/* addresses in the process */
	char			 perms[5];	/* "rw-s" */
	bool			 shared;	/* perms[3] == 's' */
	uint64_t		 offset;	/* file offset mapped at start */
	unsigned		 dev_major, dev_minor;
	uint64_t		 inode;		/* SysV: the shmid */
	char			*path;		/* pathname column without
						   " (deleted)"; "" if none */
	bool			 deleted;	/* it ended in " (deleted)" */
	enum source_map_kind	 kind;
	char			*name;		/* memfd/shm NAME, else NULL */
	uint32_t		 sysv_key;	/* SysV: the key */
};

/* Parse one maps LINE (a trailing newline is fine); 0 or -1 with *cause. */
int	source_map_parse(const char *line, struct source_map *m,
	    char **cause);
/* Free what source_map_parse allocated. */
void	source_map_free(struct source_map *m);

/* ---- a process's shared mappings ---------------------------------------- */

/* One shared mapping of a process, and how to open it. */
struct source_candidate {
	struct source_map	 map;		/* the maps line */
	char			*source;	/* SOURCE to open it, or NULL
						   when it cannot be reached */
	char			*what;		/* what it is, for people */
	uint64_t		 size;		/* of the object when known,
						   else of the mapping */
	bool			 can_read;	/* our permissions allow it */
	bool			 can_write;	/* ... for writing too, and the
						   process maps it writable */
	char			*why;		/* why not (or why read-only);
						   NULL when both are allowed */
};

/*
 * The shared mappings (maps lines with `s`) of process PID, in address
 * order, each with the SOURCE to open it; 0, or -1 with *cause ("no such
 * process", "cannot read /proc/PID/maps: permission denied ...").
 */
int	source_list_pid(pid_t pid, struct source_candidate **out, size_t *n,
	    char **cause);
/* Free N candidates and the array. */
void	source_candidates_free(struct source_candidate *c, size_t n);

/* ---- opening ------------------------------------------------------------- */

/*
 * Open SPEC for the door (DOOR_RDONLY in FLAGS: never for writing).  For
 * pid:PID, the process's one openable shared object; with several, NULL
 * and a *cause that lists them.
 */
struct door *source_open(const char *spec, int flags, char **cause);
/*
 * Like source_open; when pid:PID has several openable shared objects,
 * also hands them (one per distinct SOURCE) to the caller in *choices and
 * *nchoices (free with source_candidates_free) so that it can offer a
 * choice.  *nchoices is 0 whenever there was nothing to choose from.
 */
struct door *source_open_pick(const char *spec, int flags,
	    struct source_candidate **choices, size_t *nchoices,
	    char **cause);
/*
 * Open candidate C (one of source_open_pick's *choices): read-only when
 * its process maps it read-only (r--s), with that as the door's
 * readonly reason, for livehex never writes what the process only reads.
 * NULL with *cause.
 */
struct door *source_open_candidate(const struct source_candidate *c,
	    int flags, char **cause);
/*
 * Create SPEC (a path or shm:NAME) or grow it to SIZE, never shrinking and
 * never following a symlink (door_create); 0 or -1 with *cause.  System V
 * segments and processes cannot be created this way: -1 and why.
 */
int	source_create(const char *spec, uint64_t size, mode_t mode,
	    char **cause);

/* ---- what can be opened (livehex list) ---------------------------------- */

/* A POSIX shared memory object in /dev/shm. */
struct source_shm {
	char		*name;		/* NAME */
	char		*source;	/* "shm:NAME" */
	uint64_t	 size;
	uid_t		 uid;
	gid_t		 gid;
	mode_t		 mode;		/* permission bits */
	bool		 can_read, can_write;
};

/* The objects in /dev/shm, sorted by name; 0 or -1 with *cause. */
int	source_list_shm(struct source_shm **out, size_t *n, char **cause);
/* Free N objects and the array. */
void	source_shm_free(struct source_shm *s, size_t n);

/* A System V segment, as /proc/sysvipc/shm shows it. */
struct source_sysv {
	int32_t		 key;		/* 0 (IPC_PRIVATE) after IPC_RMID */
	int		 shmid;
	uint64_t	 size;
	mode_t		 mode;		/* permission bits (0777) */
	bool		 destroyed;	/* marked by IPC_RMID (SHM_DEST) */
	pid_t		 cpid, lpid;	/* creator, last shmat/shmdt */
	unsigned long	 nattch;	/* attached processes */
	uid_t		 uid, cuid;
	gid_t		 gid, cgid;
	char		*source;	/* "sysv:SHMID" */
	bool		 can_read, can_write;
};

/* Parse one data line of /proc/sysvipc/shm; 0 or -1 with *cause. */
int	source_sysv_parse(const char *line, struct source_sysv *s,
	    char **cause);
/* The segments, sorted by shmid; 0 or -1 with *cause. */
int	source_list_sysv(struct source_sysv **out, size_t *n, char **cause);
/* Free N segments and the array. */
void	source_sysv_free(struct source_sysv *s, size_t n);

/* UID's user name, or its number when it has none (malloc'd). */
char	*source_user_name(uid_t uid);

#endif
