/* SPDX-License-Identifier: ISC */
/*
 * watcher.h - a `livehex watch` run as the real binary through pipes, for
 * the watch suites (check_watch.c, check_watch_until.c): spawn it, read
 * its lines with deadlines (never a sleep), wait for its exit status.
 */
#ifndef LIVEHEX_TESTS_WATCHER_H
#define LIVEHEX_TESTS_WATCHER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include <check.h>

/* How long any one wait may take before a test fails (a busy machine). */
#define DEADLINE_MS	30000
/* Size of the usual test file. */
#define FSIZE		4096

/* A running `livehex watch` and what it has written so far. */
struct watcher {
	pid_t		 pid;
	int		 out;		/* its stdout, -1 after EOF */
	int		 err;		/* its stderr, -1 after EOF */
	int		 pidfd;		/* pollable exit, or -1 */
	char		*obuf;		/* stdout not yet taken as lines */
	size_t		 olen, ocap;
	char		*ebuf;		/* all of stderr, NUL-terminated */
	size_t		 elen, ecap;
	bool		 reaped;
	int		 status;	/* wait status once reaped */
};

/* Split ARGS on spaces into an argv after "livehex watch"; @F is PATH. */
char	**watch_argv(const char *args, const char *path);
/* Free an argv from watch_argv(). */
void	free_argv(char **argv);
/* In the child: default signals, nothing blocked, die with the parent. */
void	child_setup(pid_t parent);
/* Start `livehex watch ARGS` (@F = PATH) with stdout and stderr on pipes. */
void	w_spawn(struct watcher *w, const char *args, const char *path);
/* Append what FD has to *buf; false at EOF or error (FD is then closed). */
bool	w_read(int *fd, char **buf, size_t *len, size_t *cap);
/* Wait up to MS for output (0: just look); read whatever came. */
void	w_pump(struct watcher *w, int ms);
/* Milliseconds left before DEADLINE (at least 0). */
int	w_left(uint64_t deadline);
/* True when a whole line is waiting on stdout. */
bool	w_has_line(const struct watcher *w);
/* Wait for the ready line on stderr: the first copy is taken. */
void	w_wait_ready(struct watcher *w);
/* Start watch and wait until it is ready; no line may have come yet. */
void	w_start(struct watcher *w, const char *args, const char *path);
/* Assert that no line has come out (the condition before an action). */
void	w_assert_quiet(struct watcher *w);
/* Check the "HH:MM:SS.uuuuuu " prefix of LINE; the rest of it. */
const char *w_unstamp(const char *line);
/* The next line from stdout as it is (malloc'd): --json lines. */
char	*w_raw_line(struct watcher *w);
/* The next line from stdout without its timestamp (malloc'd). */
char	*w_line(struct watcher *w);
/* Assert that the next line is WANT (after the timestamp). */
void	w_expect(struct watcher *w, const char *want);
/* Collect the child if it has exited (FLAGS 0 or WNOHANG); whether it has. */
bool	w_reap(struct watcher *w, int flags);
/* Wait for the child to exit (reading its output); its wait status. */
int	w_wait_exit(struct watcher *w);
/* True while the child has not exited. */
bool	w_running(struct watcher *w);
/* Assert exit STATUS (or a description of what happened instead). */
void	w_assert_exit(struct watcher *w, int status);
/* Assert exit status 0 (or a description of what happened instead). */
void	w_assert_exit0(struct watcher *w);
/* A test case named NAME in S, with the tools' timeout. */
TCase	*w_tcase(Suite *s, const char *name);
/* Kill the child if it still runs; free everything. */
void	w_free(struct watcher *w);
/* A file of SIZE bytes where byte i is i & 0xff; its path. */
char	*make_file(const char *name, size_t size);
/* Open PATH read-write (the test's own writer). */
int	open_rw(const char *path);
/* pwrite all of the LEN bytes of S at OFF. */
void	put(int fd, off_t off, const char *s, size_t len);

#endif
