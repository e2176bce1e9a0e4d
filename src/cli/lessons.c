/* SPDX-License-Identifier: ISC */
/*
 * lessons.c - `livehex demo --lesson NAME`: the runner.
 *
 * It makes the lesson's file in a private directory (as the demo does),
 * forks the second process (lesson_child.c) with one end of a
 * socketpair, and opens the viewer with a caption (caption.h) whose hooks
 * are the other end: reaching a step sends the step's number, and the
 * lines the child sends back become the caption's results.  The viewer's
 * one poll(2) loop reads the socket (loop.c's LOOP_LESSON), so nothing
 * here runs a loop of its own.
 *
 * Clean-up, whichever way the viewer ends (q, SIGHUP, SIGTERM, SIGINT,
 * a lost terminal): the socket is closed, the child is stopped and
 * waited for (its helpers die with it), the file and the directory are
 * removed; then a fatal signal is re-raised.  The child also dies with
 * the viewer (PR_SET_PDEATHSIG) if the viewer is killed outright.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include "app.h"
#include "cli.h"
#include "door.h"
#include "esc.h"
#include "lessons.h"
#include "tui.h"
#include "xmalloc.h"

/* The viewer's side of a running lesson. */
struct lesson_run {
	int	 sock;		/* to the child; -1 once closed */
	char	 buf[512];	/* a line being received */
	size_t	 len;
};

/* Print the lessons, one line each, to F. */
void
lesson_print_list(FILE *f)
{
	for (size_t i = 0; i < lesson_count; i++)
		fprintf(f, "  %-9s %s\n", lesson_list[i].name,
		    lesson_list[i].about);
	fprintf(f, "livehex demo --lesson NAME runs one (n: next step, N: back, "
	    "q: quit)\n");
}

/* caption hook: step K is reached: tell the child. */
static void
lesson_on_step(void *arg, struct caption *c, size_t k)
{
	struct lesson_run	*r = arg;
	unsigned char		 b = (unsigned char)k;

	/* Why send with MSG_NOSIGNAL: a dead child must not kill the viewer
	 * by SIGPIPE before it restores the terminal and cleans up. */
	if (r->sock == -1 || send(r->sock, &b, 1, MSG_NOSIGNAL) != 1)
		caption_result(c, "the second process is gone: step %zu not "
		    "run", k + 1);
}

/* caption hook: the child reported; false once it is gone. */
static bool
lesson_on_fd(void *arg, struct caption *c)
{
	struct lesson_run	*r = arg;
	ssize_t			 n;

	while ((n = read(r->sock, r->buf + r->len, sizeof r->buf - 1 -
	    r->len)) > 0) {
		char	*nl;

		r->len += (size_t)n;
		r->buf[r->len] = '\0';
		while ((nl = strchr(r->buf, '\n')) != NULL ||
		    r->len == sizeof r->buf - 1) {
			size_t	line = nl != NULL ? (size_t)(nl - r->buf) :
				    r->len;
			char	*shown;

			r->buf[line] = '\0';
			/* The child's words, but shown safely all the same. */
			shown = esc_text(r->buf, false);
			caption_result(c, "%s", shown);
			free(shown);
			line += nl != NULL;
			memmove(r->buf, r->buf + line, r->len - line + 1);
			r->len -= line;
		}
	}
	if (n == 0 || (n == -1 && errno != EAGAIN && errno != EINTR)) {
		caption_result(c, "the second process has ended");
		return false;
	}
	return true;
}

/* Stop the child PID, close SOCK, remove PATH and DIR. */
static void
lesson_cleanup(pid_t pid, int sock, const char *path, const char *dir)
{
	if (sock != -1)
		close(sock);
	if (pid > 0) {
		kill(pid, SIGTERM);
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
	}
	unlink(path);
	rmdir(dir);
}

/* The viewer and the second process on lesson L; an exit status. */
int
lesson_run(const struct lesson *l)
{
	struct lesson_run	 r = { .sock = -1 };
	struct caption_hook	 hook;
	struct app_opts		 o;
	struct caption		*cap;
	struct door		*d;
	char			*dir = NULL, *path, *cause = NULL;
	int			 sv[2], rc, fatal = 0;
	pid_t			 pid, parent = getpid();

	if ((path = demo_make_file(l->size, &dir)) == NULL)
		return CLI_EXIT_FAIL;
	if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) == -1) {
		cli_error("demo: socketpair: %s", strerror(errno));
		lesson_cleanup(0, -1, path, dir);
		return CLI_EXIT_FAIL;
	}
	fflush(NULL);
	if ((pid = fork()) == -1) {
		cli_error("demo: fork: %s", strerror(errno));
		close(sv[1]);
		lesson_cleanup(0, sv[0], path, dir);
		return CLI_EXIT_FAIL;
	}
	if (pid == 0) {
		/* Die with the viewer even if it is killed outright. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(0);
		close(sv[0]);
		lesson_child(l, path, sv[1]);
	}
	close(sv[1]);
	r.sock = sv[0];
	/* Why nonblocking: lesson_on_fd reads until there is nothing left. */
	fcntl(r.sock, F_SETFL, fcntl(r.sock, F_GETFL) | O_NONBLOCK);
	if ((d = door_open(path, 0, &cause)) == NULL) {
		cli_error("%s: %s", cli_name(path), cause);
		free(cause);
		lesson_cleanup(pid, r.sock, path, dir);
		return CLI_EXIT_FAIL;
	}
	hook = (struct caption_hook){ .fd = r.sock, .on_fd = lesson_on_fd,
	    .on_step = lesson_on_step, .arg = &r };
	cap = caption_new(l->name, l->steps, l->n, &hook);
	memset(&o, 0, sizeof o);
	o.path = path;
	o.no_color = getenv("NO_COLOR") != NULL && *getenv("NO_COLOR") != 0;
	o.layout_text = l->layout;
	o.caption = cap;
	rc = tui_run(&o, d, &fatal);
	lesson_cleanup(pid, r.sock, path, dir);
	caption_free(cap);
	free(path);
	free(dir);
	tui_die_by(fatal);
	return rc;
}
