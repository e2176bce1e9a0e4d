/* SPDX-License-Identifier: ISC */
/*
 * watcher.c - `livehex watch` run as the real binary through pipes: see
 * watcher.h.  Moved out of check_watch.c so that check_watch_until.c
 * drives the same code.
 *
 * Never sleep: every wait is poll(2) on the pipes (or a pidfd) with a
 * deadline.  A watcher that outlives a failed test is killed by
 * PR_SET_PDEATHSIG, so a failure never leaves a livehex running.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "testutil.h"
#include "timeout.h"
#include "watcher.h"
#include "xmalloc.h"
/* Split ARGS on spaces into an argv after "livehex watch"; @F is PATH. */
char **
watch_argv(const char *args, const char *path)
{
	char	**argv = xcalloc(64, sizeof *argv);
	char	 *copy = xstrdup(args), *tok, *save = NULL;
	int	  n = 0;

	argv[n++] = xstrdup(tu_livehex());
	argv[n++] = xstrdup("watch");
	for (tok = strtok_r(copy, " ", &save); tok != NULL;
	    tok = strtok_r(NULL, " ", &save))
		argv[n++] = xstrdup(strcmp(tok, "@F") == 0 ? path : tok);
	argv[n] = NULL;
	free(copy);
	return argv;
}

/* Free an argv from watch_argv(). */
void
free_argv(char **argv)
{
	for (int i = 0; argv[i] != NULL; i++)
		free(argv[i]);
	free(argv);
}

/* In the child: default signals, nothing blocked, die with the parent. */
void
child_setup(pid_t parent)
{
	struct sigaction	sa;
	sigset_t		none;

	/* A shell running tests in the background may ignore SIGINT. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGPIPE, &sa, NULL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	/* A test that fails (its process exits) must not leave watch running. */
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
}

/* Start `livehex watch ARGS` (@F = PATH) with stdout and stderr on pipes. */
void
w_spawn(struct watcher *w, const char *args, const char *path)
{
	char	**argv = watch_argv(args, path);
	int	  op[2], ep[2];
	pid_t	  parent = getpid();

	memset(w, 0, sizeof *w);
	if (pipe2(op, O_CLOEXEC) == -1 || pipe2(ep, O_CLOEXEC) == -1)
		ck_abort_msg("pipe: %s", strerror(errno));
	w->pid = fork();
	if (w->pid == -1)
		ck_abort_msg("fork: %s", strerror(errno));
	if (w->pid == 0) {
		int	in = open("/dev/null", O_RDONLY);

		child_setup(parent);
		if (in == -1 || dup2(in, 0) == -1 || dup2(op[1], 1) == -1 ||
		    dup2(ep[1], 2) == -1)
			_exit(126);
		execv(argv[0], argv);
		_exit(127);
	}
	close(op[1]);
	close(ep[1]);
	w->out = op[0];
	w->err = ep[0];
	fcntl(w->out, F_SETFL, O_NONBLOCK);
	fcntl(w->err, F_SETFL, O_NONBLOCK);
#ifdef SYS_pidfd_open
	w->pidfd = (int)syscall(SYS_pidfd_open, w->pid, 0);
#else
	w->pidfd = -1;
#endif
	w->ebuf = xcalloc(1, 1);
	free_argv(argv);
}

/* Append what FD has to *buf; false at EOF or error (FD is then closed). */
bool
w_read(int *fd, char **buf, size_t *len, size_t *cap)
{
	ssize_t	n;

	for (;;) {
		if (*cap - *len < 4097) {
			*cap = *cap * 2 + 8192;
			*buf = xrealloc(*buf, *cap);
		}
		n = read(*fd, *buf + *len, *cap - *len - 1);
		if (n > 0) {
			*len += (size_t)n;
			(*buf)[*len] = '\0';
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return true;
		close(*fd);
		*fd = -1;
		return false;
	}
}

/* Wait up to MS for output (0: just look); read whatever came. */
void
w_pump(struct watcher *w, int ms)
{
	struct pollfd	pfd[2];

	pfd[0].fd = w->out;
	pfd[1].fd = w->err;
	pfd[0].events = pfd[1].events = POLLIN;
	if (w->out == -1 && w->err == -1)
		return;
	if (poll(pfd, 2, ms) == -1 && errno != EINTR)
		ck_abort_msg("poll: %s", strerror(errno));
	if (w->out != -1 && pfd[0].revents)
		w_read(&w->out, &w->obuf, &w->olen, &w->ocap);
	if (w->err != -1 && pfd[1].revents)
		w_read(&w->err, &w->ebuf, &w->elen, &w->ecap);
}

/* Milliseconds left before DEADLINE (at least 0). */
int
w_left(uint64_t deadline)
{
	uint64_t	now = tu_now_ms();

	return now >= deadline ? 0 : (int)(deadline - now);
}

/* True when a whole line is waiting on stdout. */
bool
w_has_line(const struct watcher *w)
{
	return w->olen > 0 && memchr(w->obuf, '\n', w->olen) != NULL;
}

/* Wait for the ready line on stderr: the first copy is taken. */
void
w_wait_ready(struct watcher *w)
{
	uint64_t	deadline = tu_now_ms() + DEADLINE_MS;

	while (strstr(w->ebuf, "livehex: watching ") == NULL) {
		ck_assert_msg(w->err != -1 && w_left(deadline) > 0,
		    "no \"livehex: watching\" line; stderr: %s", w->ebuf);
		w_pump(w, w_left(deadline));
	}
}

/* Start watch and wait until it is ready; no line may have come yet. */
void
w_start(struct watcher *w, const char *args, const char *path)
{
	w_spawn(w, args, path);
	w_wait_ready(w);
	w_pump(w, 0);
	ck_assert_msg(w->olen == 0, "output before any change: %.*s",
	    (int)w->olen, w->obuf);
}

/* Assert that no line has come out (the condition before an action). */
void
w_assert_quiet(struct watcher *w)
{
	w_pump(w, 0);
	ck_assert_msg(!w_has_line(w), "a line before the change: %.*s",
	    (int)w->olen, w->obuf);
}

/* Check the "HH:MM:SS.uuuuuu " prefix of LINE; the rest of it. */
const char *
w_unstamp(const char *line)
{
	static const char	shape[] = "dd:dd:dd.dddddd ";

	for (size_t i = 0; i < sizeof shape - 1; i++) {
		bool	ok = shape[i] == 'd' ? line[i] >= '0' && line[i] <= '9'
			    : line[i] == shape[i];

		ck_assert_msg(ok, "bad timestamp in \"%s\"", line);
	}
	return line + sizeof shape - 1;
}

/* The next line from stdout as it is (malloc'd). */
char *
w_raw_line(struct watcher *w)
{
	uint64_t	 deadline = tu_now_ms() + DEADLINE_MS;
	char		*nl, *line;
	size_t		 n;

	while (!w_has_line(w)) {
		ck_assert_msg(w->out != -1, "stdout closed, no line; "
		    "partial: \"%.*s\"; stderr: %s", (int)w->olen,
		    w->obuf != NULL ? w->obuf : "", w->ebuf);
		ck_assert_msg(w_left(deadline) > 0, "no line in %d ms; "
		    "partial: \"%.*s\"; stderr: %s", DEADLINE_MS,
		    (int)w->olen, w->obuf != NULL ? w->obuf : "", w->ebuf);
		w_pump(w, w_left(deadline));
	}
	nl = memchr(w->obuf, '\n', w->olen);
	n = (size_t)(nl - w->obuf);
	line = xmalloc(n + 1);
	memcpy(line, w->obuf, n);
	line[n] = '\0';
	memmove(w->obuf, nl + 1, w->olen - n - 1);
	w->olen -= n + 1;
	return line;
}

/* The next line from stdout without its timestamp (malloc'd). */
char *
w_line(struct watcher *w)
{
	char	*line = w_raw_line(w), *rest;

	rest = xstrdup(w_unstamp(line));
	free(line);
	return rest;
}

/* Assert that the next line is WANT (after the timestamp). */
void
w_expect(struct watcher *w, const char *want)
{
	char	*got = w_line(w);

	ck_assert_msg(strcmp(got, want) == 0, "line\n  got: \"%s\"\n want: "
	    "\"%s\"", got, want);
	free(got);
}

/* Collect the child if it has exited (FLAGS 0 or WNOHANG); whether it has. */
bool
w_reap(struct watcher *w, int flags)
{
	pid_t	r;

	if (w->reaped)
		return true;
	do
		r = waitpid(w->pid, &w->status, flags);
	while (r == -1 && errno == EINTR);
	if (r == w->pid)
		w->reaped = true;
	return w->reaped;
}

/* Wait for the child to exit (reading its output); its wait status. */
int
w_wait_exit(struct watcher *w)
{
	uint64_t	deadline = tu_now_ms() + DEADLINE_MS;
	struct pollfd	pfd;

	/* Its pipes close when it exits; keep reading so it never blocks. */
	while (w->out != -1 || w->err != -1) {
		ck_assert_msg(w_left(deadline) > 0, "watch did not exit; "
		    "stderr: %s", w->ebuf);
		w_pump(w, w_left(deadline));
	}
	if (w->pidfd != -1) {
		pfd.fd = w->pidfd;
		pfd.events = POLLIN;
		while (!w_reap(w, WNOHANG)) {
			ck_assert_msg(w_left(deadline) > 0, "watch closed "
			    "its output but did not exit");
			if (poll(&pfd, 1, w_left(deadline)) == -1 &&
			    errno != EINTR)
				ck_abort_msg("poll: %s", strerror(errno));
		}
	} else
		w_reap(w, 0);	/* both pipes closed: it is exiting */
	return w->status;
}

/* True while the child has not exited. */
bool
w_running(struct watcher *w)
{
	return !w_reap(w, WNOHANG);
}

/* Assert exit STATUS (or a description of what happened instead). */
void
w_assert_exit(struct watcher *w, int status)
{
	int	st = w_wait_exit(w);

	ck_assert_msg(WIFEXITED(st) && WEXITSTATUS(st) == status,
	    "watch: %s %d, want exit %d; stderr: %s",
	    WIFEXITED(st) ? "exit" : "signal",
	    WIFEXITED(st) ? WEXITSTATUS(st) : WTERMSIG(st), status, w->ebuf);
}

/* Assert exit status 0 (or a description of what happened instead). */
void
w_assert_exit0(struct watcher *w)
{
	w_assert_exit(w, 0);
}

/* A test case named NAME in S, with the tools' timeout. */
TCase *
w_tcase(Suite *s, const char *name)
{
	TCase	*tc = timeout_tcase(name, TIMEOUT_TOOL);

	suite_add_tcase(s, tc);
	return tc;
}

/* Kill the child if it still runs; free everything. */
void
w_free(struct watcher *w)
{
	if (!w_reap(w, WNOHANG)) {
		kill(w->pid, SIGKILL);
		w_reap(w, 0);
	}
	if (w->out != -1)
		close(w->out);
	if (w->err != -1)
		close(w->err);
	if (w->pidfd != -1)
		close(w->pidfd);
	free(w->obuf);
	free(w->ebuf);
}

/* A file of SIZE bytes where byte i is i & 0xff; its path. */
char *
make_file(const char *name, size_t size)
{
	unsigned char	*b = xmalloc(size + 1);
	char		*path;

	for (size_t i = 0; i < size; i++)
		b[i] = (unsigned char)i;
	path = tu_file(name, b, size);
	free(b);
	return path;
}

/* Open PATH read-write (the test's own writer). */
int
open_rw(const char *path)
{
	int	fd = open(path, O_RDWR);

	ck_assert_msg(fd != -1, "open %s: %s", path, strerror(errno));
	return fd;
}

/* pwrite all of the LEN bytes of S at OFF. */
void
put(int fd, off_t off, const char *s, size_t len)
{
	ck_assert_int_eq(pwrite(fd, s, len, off), (ssize_t)len);
}
