/* SPDX-License-Identifier: ISC */
/*
 * source_priv.h - what the source module's files share (source.c,
 * source_sysv.c, source_shm.c, source_pid.c); nothing else includes it.
 *
 * The public interface stays source.h; these are the helpers one kind of
 * source borrows from another (a process maps segments and sealed files)
 * and the openers source_open_pick dispatches to.
 */
#ifndef LIVEHEX_SOURCE_PRIV_H
#define LIVEHEX_SOURCE_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "door.h"
#include "source.h"

/* Where the kernel lists System V segments. */
#define SOURCE_SYSVIPC	"/proc/sysvipc/shm"

/* The segment SHMID in S[0..n), or NULL (source_sysv.c). */
const struct source_sysv *source_sysv_find(const struct source_sysv *s,
	    size_t n, int shmid);
/* "its mode is 0600 owned by alice" for segment S (malloc'd). */
char	*source_sysv_owner(const struct source_sysv *s);
/* Attach segment SHMID, naming a missing one or a missing permission. */
struct door *source_open_sysv(int shmid, int flags, char **cause);

/* Open the POSIX shm object S, naming a missing one plainly. */
struct door *source_open_shm(const struct source_spec *s, int flags,
	    char **cause);

/* The write seals on the file at PATH (F_SEAL_*), 0 when none or unknown. */
int	source_write_seals(const char *path);
/* The name of the strongest write seal in SEALS. */
const char *source_seal_name(int seals);
/* Open a path through the door, explaining a seal (source.c). */
struct door *source_open_path(const char *path, int flags, char **cause);

/* True when SPEC names a recording, FILE.lhrec[@TIME] (source_rec.c). */
bool	source_rec_match(const char *spec);
/* Open the image of the recording SPEC names, read-only (source_rec.c). */
struct door *source_open_rec(const char *spec, int flags, char **cause);

/* Open the one shared object of PID, or hand over the choice. */
struct door *source_open_pid(pid_t pid, int flags,
	    struct source_candidate **choices, size_t *nchoices, char **cause);

#endif
