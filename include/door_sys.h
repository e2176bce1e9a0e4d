/* SPDX-License-Identifier: ISC */
/*
 * door_sys.h - the system calls the door makes, as a replaceable table.
 *
 * Production code never touches this.  Tests (and, later, fault-injection
 * suites) swap single entries to make a call fail or lie - EIO from msync,
 * ENOMEM from mmap, a stale size from fstat, EIDRM from shmctl, EIO from
 * pread - and
 * restore them afterwards with door_sys_reset().
 */
#ifndef LIVEHEX_DOOR_SYS_H
#define LIVEHEX_DOOR_SYS_H

#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/types.h>

struct door_sys {
	int	(*open)(const char *, int, mode_t);
	int	(*fstat)(int, struct stat *);
	int	(*fstatfs)(int, struct statfs *);
	void	*(*mmap)(void *, size_t, int, int, int, off_t);
	int	(*munmap)(void *, size_t);
	int	(*msync)(void *, size_t, int);
	int	(*ftruncate)(int, off_t);
	int	(*fallocate)(int, int, off_t, off_t);
	int	(*ioctl_blksize)(int, unsigned long long *);
	/* System V segments (door_open_sysv): no descriptor, only an id. */
	void	*(*shmat)(int, const void *, int);
	int	(*shmdt)(const void *);
	int	(*shmctl)(int, int, struct shmid_ds *);
	/* How the door reads a file's bytes (holes read as zeros, unfilled). */
	ssize_t	(*pread)(int, void *, size_t, off_t);
	/* Where mounts are listed (tests point it at a fixture). */
	const char	*mountinfo;
};

/* The table in use; tests may replace members. */
extern struct door_sys door_sys;

/* Put every entry back to the real system call. */
void	door_sys_reset(void);

#endif
