/* SPDX-License-Identifier: ISC */
/*
 * pty.c - drive a real terminal program through a pty and libvterm.
 *
 * What it owns: one child process (a session leader on the slave side of a
 * new pty), the master file descriptor, a pidfd for the child where the
 * kernel has them, a libvterm terminal of the same size with its screen
 * layer, and a queue of bytes bound for the child.
 *
 * Data flow:
 *   child --> master fd --> pty_pump --> feed (splits DECSET lists)
 *     --> vterm_input_write --> screen cells
 *   pty_type/pty_key/pty_mouse_* and libvterm's answers to queries
 *     --> vterm output callback --> out queue --> master fd --> child
 * Everything for the child goes through the queue so a child that is not
 * reading (a full pty input buffer) never blocks or deadlocks us: the queue
 * is flushed whenever we write and whenever the fd polls writable.
 *
 * Invariants:
 *  - The master fd is non-blocking and close-on-exec, so a second spawned
 *    child never holds the first one's master open.
 *  - The emulated screen has the size last given to the pty (TIOCSWINSZ).
 *  - Waiting always blocks in poll(2) on the master (or the pidfd) for the
 *    time left, in pty_wait at most PTY_RECHECK_MS at a time; nothing here
 *    sleeps.  Timeouts use CLOCK_MONOTONIC.
 *  - hung_up is set only once a read saw EIO or end of file, i.e. all the
 *    child's output has been fed to the screen.
 *
 * libvterm 0.1.4 quirks this file works around (both checked by check_pty):
 *  - DECSET/DECRST ("CSI ? Pm h/l") acts on its first parameter only, yet
 *    curses combines them (xterm's XM: "CSI ? 1006 ; 1000 h"), so feed()
 *    splits such lists into one sequence per parameter;
 *  - vterm_mouse_button reports clicks even when the program never asked
 *    for them, so the mouse functions send only while mouse reporting is on.
 *
 * How it fails: a broken fixture (fork, exec, poll failing ...) prints one
 * line and abort()s; in Check's fork mode that is a failed test.  The child
 * is killed with its process group by pty_free, and by the kernel
 * (PR_SET_PDEATHSIG) if the test process dies without calling it.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <pty.h>		/* the system's: forkpty(3) */
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <vterm.h>

/*
 * Why this check: our header shares the system's name.  With tests/e2e on
 * the include path, <pty.h> above would have been ours and forkpty
 * undeclared.  Files next to it include it as "pty.h" and need no -I.
 */
#ifdef LIVEHEX_PTY_H
#error "<pty.h> found tests/e2e/pty.h: keep tests/e2e off the include path"
#endif
#include "pty.h"

/* Longest stretch pty_wait blocks without re-checking its condition. */
#define PTY_RECHECK_MS		100
/* Slice used to wait for an exit when the kernel has no pidfd. */
#define PTY_NOPIDFD_MS		10
/* Most bytes one pump feeds to the screen (a flooding child cannot hang us). */
#define PTY_PUMP_MAX		(1024 * 1024)
/* Bytes a cell's text can take: up to 6 code points of 4 UTF-8 bytes each. */
#define PTY_CELL_BYTES		(4 * VTERM_MAX_CHARS_PER_CELL)

extern char **environ;

struct pty {
	pid_t		 pid;		/* the child, a session leader */
	int		 fd;		/* pty master, non-blocking */
	int		 pidfd;		/* pollable child handle, or -1 */
	bool		 hung_up;	/* read saw EIO/EOF: output drained */
	bool		 reaped;	/* waitpid collected the child */
	int		 status;	/* its wait status once reaped */

	VTerm		*vt;		/* the emulated terminal */
	VTermScreen	*screen;	/* its screen layer (cells) */
	VTermState	*state;		/* its state layer (cursor) */
	int		 rows, cols;	/* current size of both */

	bool		 altscreen;	/* VTERM_PROP_ALTSCREEN */
	bool		 cursor_visible; /* VTERM_PROP_CURSORVISIBLE */
	int		 mouse;		/* VTERM_PROP_MOUSE */
	int		 bells;		/* bells rung so far */
	char		*title;		/* VTERM_PROP_TITLE, malloc'd */

	/*
	 * OSC 52 (clipboard), read from the raw output: libvterm 0.1 cuts
	 * strings at 64 bytes, so the sequence is collected here.
	 */
	int		 osc_state;	/* 0 text, 1 after ESC, 2 in an OSC,
					   3 ESC inside it */
	char		*osc;		/* the OSC's body so far */
	size_t		 osclen, oscsize;
	char		*clip;		/* the last OSC 52's data, malloc'd */
	int		 clips;		/* OSC 52 sequences seen */
	bool		 bracketed;	/* bracketed paste (mode 2004) on */

	char		*out;		/* bytes for the child not yet written */
	size_t		 outlen;
	size_t		 outsize;

	char		 csi[32];	/* "ESC [ ? digits;..." awaiting its
					   final byte (split across reads) */
	size_t		 csilen;
};

/* Print "pty: " and the message, then abort: the fixture is broken. */
static void __attribute__((noreturn, format(printf, 1, 2)))
fatal(const char *fmt, ...)
{
	va_list	ap;

	fputs("pty: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	abort();
}

/* malloc that aborts on failure. */
static void *
xmalloc_or_die(size_t size)
{
	void	*ptr = malloc(size == 0 ? 1 : size);

	if (ptr == NULL)
		fatal("out of memory (%zu bytes)", size);
	return ptr;
}

/* Milliseconds on CLOCK_MONOTONIC. */
static int64_t
now_ms(void)
{
	struct timespec	ts;

	if (clock_gettime(CLOCK_MONOTONIC, &ts) == -1)
		fatal("clock_gettime: %s", strerror(errno));
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

/* Milliseconds left until DEADLINE, never negative, clamped to an int. */
static int
ms_left(int64_t deadline)
{
	int64_t	left = deadline - now_ms();

	if (left < 0)
		return 0;
	if (left > INT_MAX)
		return INT_MAX;
	return (int)left;
}

/* ---- bytes for the child ------------------------------------------------- */

/* Write as much of the queue as the pty takes now. */
static void
out_flush(struct pty *p)
{
	ssize_t	n;

	while (p->outlen > 0 && p->fd != -1) {
		n = write(p->fd, p->out, p->outlen);
		if (n > 0) {
			memmove(p->out, p->out + n, p->outlen - (size_t)n);
			p->outlen -= (size_t)n;
			continue;
		}
		if (n == -1 && errno == EINTR)
			continue;
		if (n == -1 && errno == EAGAIN)
			return;
		/* EIO: nobody on the slave side any more; drop the input. */
		p->outlen = 0;
	}
}

/* Queue LEN bytes for the child and write what the pty takes now. */
static void
out_push(struct pty *p, const char *bytes, size_t len)
{
	if (len > SIZE_MAX / 2 - p->outlen)
		fatal("input queue overflow");
	if (p->outlen + len > p->outsize) {
		p->outsize = (p->outlen + len) * 2;
		p->out = realloc(p->out, p->outsize);
		if (p->out == NULL)
			fatal("out of memory (input queue)");
	}
	memcpy(p->out + p->outlen, bytes, len);
	p->outlen += len;
	out_flush(p);
}

/* libvterm output callback: keys and answers to queries go to the child. */
static void
vterm_output(const char *bytes, size_t len, void *user)
{
	out_push(user, bytes, len);
}

/* ---- screen callbacks -------------------------------------------------- */

/* Track the terminal properties tests ask about; accept them all. */
static int
screen_settermprop(VTermProp prop, VTermValue *val, void *user)
{
	struct pty	*p = user;

	switch (prop) {
	case VTERM_PROP_ALTSCREEN:
		p->altscreen = val->boolean != 0;
		break;
	case VTERM_PROP_CURSORVISIBLE:
		p->cursor_visible = val->boolean != 0;
		break;
	case VTERM_PROP_MOUSE:
		p->mouse = val->number;
		break;
	case VTERM_PROP_TITLE:
		free(p->title);
		p->title = strdup(val->string != NULL ? val->string : "");
		if (p->title == NULL)
			fatal("out of memory (title)");
		break;
	default:
		break;
	}
	return 1;
}

/* Count bells. */
static int
screen_bell(void *user)
{
	struct pty	*p = user;

	p->bells++;
	return 1;
}

static const VTermScreenCallbacks screen_callbacks = {
	.settermprop = screen_settermprop,
	.bell = screen_bell,
};

/* ---- spawning -------------------------------------------------------------- */

/* Length of the NAME part of "NAME=value" (or of a bare NAME). */
static size_t
env_namelen(const char *entry)
{
	const char	*eq = strchr(entry, '=');

	return eq != NULL ? (size_t)(eq - entry) : strlen(entry);
}

/* Remove NAME (LEN bytes) from the N entries of ENV. */
static void
env_unset(char **env, size_t *n, const char *name, size_t len)
{
	size_t	i = 0;

	while (i < *n) {
		if (env_namelen(env[i]) == len &&
		    strncmp(env[i], name, len) == 0) {
			memmove(&env[i], &env[i + 1],
			    (*n - i - 1) * sizeof *env);
			(*n)--;
		} else
			i++;
	}
}

/* Set ENTRY ("NAME=value") in the N entries of ENV (room is reserved). */
static void
env_set(char **env, size_t *n, char *entry)
{
	env_unset(env, n, entry, env_namelen(entry));
	env[(*n)++] = entry;
}

/*
 * The child's environment: ours, with the terminal defaults, then EXTRA.
 * Built before fork so the child only has to exec.  The strings are
 * borrowed; only the array is ours to free.
 */
static char **
env_build(char *const extra[])
{
	static char	 term[] = "TERM=xterm-256color";
	static char	 lc_all[] = "LC_ALL=C.UTF-8";
	/* No test writes the user's prompt history (EXTRA may name one). */
	static char	 state[] = "XDG_STATE_HOME=/nonexistent/livehex-tests/state";
	char		**env;
	size_t		 n = 0, nenv = 0, nextra = 0, i;

	while (environ != NULL && environ[nenv] != NULL)
		nenv++;
	while (extra != NULL && extra[nextra] != NULL)
		nextra++;
	env = xmalloc_or_die((nenv + nextra + 4) * sizeof *env);
	for (i = 0; i < nenv; i++)
		env[n++] = environ[i];
	env_set(env, &n, term);
	env_set(env, &n, lc_all);
	env_set(env, &n, state);
	/* ncurses prefers these to the real window size: they would lie. */
	env_unset(env, &n, "LINES", 5);
	env_unset(env, &n, "COLUMNS", 7);
	for (i = 0; i < nextra; i++) {
		if (extra[i][0] == '-')
			env_unset(env, &n, extra[i] + 1, strlen(extra[i] + 1));
		else if (strchr(extra[i], '=') != NULL)
			env_set(env, &n, extra[i]);
		else
			fatal("extra_env entry \"%s\" is neither NAME=value "
			    "nor -NAME", extra[i]);
	}
	env[n] = NULL;
	return env;
}

/* Write S to fd 2 (async-signal-safe, for the child before exec). */
static void
child_say(const char *s)
{
	ssize_t	n;
	size_t	len = strlen(s);

	while (len > 0) {
		n = write(STDERR_FILENO, s, len);
		if (n <= 0)
			return;
		s += n;
		len -= (size_t)n;
	}
}

/* In the child: reset signals, die with the parent, exec ARGV with ENV. */
static void __attribute__((noreturn))
child_exec(char *const argv[], char **env, pid_t parent)
{
	struct sigaction	sa;
	sigset_t		none;
	int			sig, saved;

	/* Ignored signals and the mask survive exec; the program expects
	 * a fresh terminal session, not the test runner's leftovers. */
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = SIG_DFL;
	sigemptyset(&sa.sa_mask);
	for (sig = 1; sig < NSIG; sig++) {
		if (sigaction(sig, &sa, NULL) == 0 || errno != EINVAL)
			continue;
#ifdef SYS_rt_sigaction
		/* glibc refuses the signals it reserves (32, 33), yet GNU
		 * make leaves them ignored for all it runs: ask the kernel.
		 * An all-zero kernel sigaction is SIG_DFL on every arch. */
		{
			unsigned long	kact[16];

			memset(kact, 0, sizeof kact);
			(void)syscall(SYS_rt_sigaction, sig, kact, NULL,
			    (NSIG - 1) / 8);
		}
#endif
	}
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);

	/* A test that dies without pty_free must not leave the child. */
	(void)prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);

	execvpe(argv[0], argv, env);
	saved = errno;
	child_say("pty: exec ");
	child_say(argv[0]);
	child_say(": ");
	child_say(strerror(saved));
	child_say("\r\n");
	_exit(127);
}

/* A pidfd for PID, or -1 where the kernel has none. */
static int
open_pidfd(pid_t pid)
{
#ifdef SYS_pidfd_open
	long	fd = syscall(SYS_pidfd_open, pid, 0);

	if (fd >= 0) {
		(void)fcntl((int)fd, F_SETFD, FD_CLOEXEC);
		return (int)fd;
	}
#else
	(void)pid;
#endif
	return -1;
}

/* Spawn ARGV on a new ROWS x COLS pty with a fresh emulated screen. */
struct pty *
pty_spawn(char *const argv[], int rows, int cols, char *const extra_env[])
{
	struct pty	*p;
	struct winsize	 ws;
	char		**env;
	pid_t		 parent = getpid();
	int		 flags;

	if (argv == NULL || argv[0] == NULL)
		fatal("pty_spawn: empty argv");
	if (rows < 1 || cols < 1 || rows > USHRT_MAX || cols > USHRT_MAX)
		fatal("pty_spawn: bad size %dx%d", rows, cols);

	p = xmalloc_or_die(sizeof *p);
	memset(p, 0, sizeof *p);
	p->fd = -1;
	p->pidfd = -1;
	p->rows = rows;
	p->cols = cols;
	p->cursor_visible = true;

	/* The terminal exists before the program starts talking to it. */
	p->vt = vterm_new(rows, cols);
	if (p->vt == NULL)
		fatal("vterm_new failed");
	vterm_set_utf8(p->vt, 1);
	vterm_output_set_callback(p->vt, vterm_output, p);
	p->state = vterm_obtain_state(p->vt);
	p->screen = vterm_obtain_screen(p->vt);
	vterm_screen_set_callbacks(p->screen, &screen_callbacks, p);
	vterm_screen_enable_altscreen(p->screen, 1);
	vterm_screen_reset(p->screen, 1);

	memset(&ws, 0, sizeof ws);
	ws.ws_row = (unsigned short)rows;
	ws.ws_col = (unsigned short)cols;
	env = env_build(extra_env);
	p->pid = forkpty(&p->fd, NULL, NULL, &ws);
	if (p->pid == -1)
		fatal("forkpty: %s", strerror(errno));
	if (p->pid == 0)
		child_exec(argv, env, parent);
	free(env);

	flags = fcntl(p->fd, F_GETFL);
	if (flags == -1 || fcntl(p->fd, F_SETFL, flags | O_NONBLOCK) == -1 ||
	    fcntl(p->fd, F_SETFD, FD_CLOEXEC) == -1)
		fatal("fcntl on pty master: %s", strerror(errno));
	p->pidfd = open_pidfd(p->pid);
	return p;
}

/* Collect the child if it has exited (FLAGS: 0 or WNOHANG); whether it has. */
static bool
reap(struct pty *p, int flags)
{
	pid_t	r;
	int	st;

	if (p->reaped)
		return true;
	do
		r = waitpid(p->pid, &st, flags);
	while (r == -1 && errno == EINTR && flags == 0);
	if (r == p->pid) {
		p->reaped = true;
		p->status = st;
		return true;
	}
	if (r == -1 && errno != EINTR)
		fatal("waitpid %ld: %s (reaped behind our back?)",
		    (long)p->pid, strerror(errno));
	return false;
}

/* Kill the child's process group if still running, reap it, free P. */
void
pty_free(struct pty *p)
{
	if (p == NULL)
		return;
	if (!p->reaped) {
		/* The group too (a zombie still holds its id): a shell's
		 * children die with it. */
		(void)kill(-p->pid, SIGKILL);
		(void)kill(p->pid, SIGKILL);
		reap(p, 0);
	}
	if (p->fd != -1)
		close(p->fd);
	if (p->pidfd != -1)
		close(p->pidfd);
	vterm_free(p->vt);
	free(p->title);
	free(p->osc);
	free(p->clip);
	free(p->out);
	free(p);
}

/* ---- reading the child ----------------------------------------------------- */

/* Give the held-back sequence start to libvterm unchanged. */
static void
feed_held(struct pty *p)
{
	if (p->csilen > 0)
		vterm_input_write(p->vt, p->csi, p->csilen);
	p->csilen = 0;
}

/*
 * The held "ESC [ ? Pm" ended in FINAL ('h' or 'l'): give libvterm one
 * sequence per parameter, since it would only act on the first.
 */
static void
feed_split(struct pty *p, char final)
{
	char	one[sizeof p->csi + 1];
	size_t	i = 3, start;

	/* Bracketed paste (2004): libvterm 0.1 keeps no state for it. */
	for (size_t k = 3; k < p->csilen; k++) {
		size_t	e = k;

		while (e < p->csilen && p->csi[e] != ';')
			e++;
		if (e - k == 4 && memcmp(p->csi + k, "2004", 4) == 0)
			p->bracketed = final == 'h';
		k = e;
	}
	if (memchr(p->csi + 3, ';', p->csilen - 3) == NULL) {
		p->csi[p->csilen++] = final;	/* room: csilen < sizeof csi */
		feed_held(p);
		return;
	}
	while (i <= p->csilen) {
		start = i;
		while (i < p->csilen && p->csi[i] != ';')
			i++;
		if (i > start) {
			memcpy(one, "\033[?", 3);
			memcpy(one + 3, p->csi + start, i - start);
			one[3 + i - start] = final;
			vterm_input_write(p->vt, one, 4 + i - start);
		}
		i++;
	}
	p->csilen = 0;
}

/*
 * Feed N bytes from the child to libvterm, splitting DEC private mode
 * lists (see the top of this file).  A sequence cut by a read boundary is
 * held in p->csi until its end arrives; anything else passes unchanged.
 */
static void
feed(struct pty *p, const char *buf, size_t n)
{
	static const char	 lead[] = "\033[?";
	size_t			 i = 0, run = 0;	/* buf[run..i) is plain */
	char			 b;
	bool			 next;

	while (i < n) {
		b = buf[i];
		if (p->csilen == 0) {
			if (b == '\033') {
				vterm_input_write(p->vt, buf + run, i - run);
				p->csi[p->csilen++] = b;
				run = i + 1;
			}
			i++;
			continue;
		}
		next = p->csilen < 3 ? b == lead[p->csilen] :
		    (b >= '0' && b <= '9') || b == ';';
		if (next && p->csilen + 1 < sizeof p->csi) {
			p->csi[p->csilen++] = b;
			run = ++i;
		} else if (p->csilen >= 3 && (b == 'h' || b == 'l')) {
			feed_split(p, b);
			run = ++i;
		} else {
			/* Not one of ours: pass it on and look at B afresh. */
			feed_held(p);
			run = i;
		}
	}
	if (run < n)
		vterm_input_write(p->vt, buf + run, n - run);
}

/* An OSC's body ended: keep it when it is OSC 52's ("52;SEL;DATA"). */
static void
osc_done(struct pty *p)
{
	const char	*data;

	if (p->osclen < 3 || memcmp(p->osc, "52;", 3) != 0)
		return;
	if ((data = memchr(p->osc + 3, ';', p->osclen - 3)) == NULL)
		return;
	data++;
	free(p->clip);
	p->clip = xmalloc_or_die((size_t)(p->osc + p->osclen - data) + 1);
	memcpy(p->clip, data, (size_t)(p->osc + p->osclen - data));
	p->clip[p->osc + p->osclen - data] = '\0';
	p->clips++;
}

/* Look for OSC sequences in N raw bytes (ended by BEL or ESC \\). */
static void
osc_scan(struct pty *p, const char *buf, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		char	b = buf[i];

		switch (p->osc_state) {
		case 0:
			if (b == '\033')
				p->osc_state = 1;
			break;
		case 1:
			p->osc_state = b == ']' ? 2 : b == '\033' ? 1 : 0;
			p->osclen = 0;
			break;
		case 2:
			if (b == '\a') {
				osc_done(p);
				p->osc_state = 0;
			} else if (b == '\033')
				p->osc_state = 3;
			else {
				if (p->osclen + 1 >= p->oscsize) {
					p->oscsize = p->oscsize * 2 + 64;
					p->osc = realloc(p->osc, p->oscsize);
					if (p->osc == NULL)
						fatal("out of memory (osc)");
				}
				p->osc[p->osclen++] = b;
			}
			break;
		default:
			if (b == '\\')
				osc_done(p);
			p->osc_state = b == '\033' ? 1 : 0;
			break;
		}
	}
}

/* Feed everything readable now to the screen (up to PTY_PUMP_MAX bytes). */
static void
drain(struct pty *p)
{
	char	buf[16384];
	size_t	total = 0;
	ssize_t	n;

	while (!p->hung_up && total < PTY_PUMP_MAX) {
		n = read(p->fd, buf, sizeof buf);
		if (n > 0) {
			osc_scan(p, buf, (size_t)n);
			feed(p, buf, (size_t)n);
			total += (size_t)n;
		} else if (n == 0 || errno == EIO)
			p->hung_up = true;	/* Linux: EIO once slave closed */
		else if (errno == EAGAIN)
			break;
		else if (errno != EINTR)
			fatal("read from pty: %s", strerror(errno));
	}
	out_flush(p);
}

/* Poll the master for TIMEOUT_MS (input, or output room if queued). */
static short
poll_master(struct pty *p, int timeout_ms)
{
	struct pollfd	pfd;
	int		n;

	pfd.fd = p->fd;
	pfd.events = POLLIN;
	if (p->outlen > 0)
		pfd.events |= POLLOUT;
	pfd.revents = 0;
	n = poll(&pfd, 1, timeout_ms);
	if (n == -1 && errno != EINTR)
		fatal("poll: %s", strerror(errno));
	return n > 0 ? pfd.revents : 0;
}

/* Feed what the child wrote to the screen, waiting up to TIMEOUT_MS for it. */
void
pty_pump(struct pty *p, int timeout_ms)
{
	int64_t	deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	short	rev;

	out_flush(p);
	while (!p->hung_up) {
		rev = poll_master(p, ms_left(deadline));
		if (rev & POLLNVAL)
			fatal("pty master fd %d is not open", p->fd);
		if (rev & POLLOUT)
			out_flush(p);
		if (rev & (POLLIN | POLLHUP | POLLERR)) {
			drain(p);
			return;
		}
		if (ms_left(deadline) == 0)
			return;
	}
}

/* Pump until COND(P, ARG) holds; false if TIMEOUT_MS passed first. */
bool
pty_wait(struct pty *p, int timeout_ms, pty_cond *cond, void *arg)
{
	int64_t	deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	int	left;

	pty_pump(p, 0);
	for (;;) {
		if (cond(p, arg))
			return true;
		/* Hung up and drained: the screen cannot change any more. */
		if (p->hung_up)
			return false;
		left = ms_left(deadline);
		if (left == 0)
			return false;
		pty_pump(p, left < PTY_RECHECK_MS ? left : PTY_RECHECK_MS);
	}
}

/* What pty_wait_row and friends look for. */
struct needle {
	const char	*text;
	int		 row;		/* -1: anywhere */
};

/* Condition: the needle is on the screen (in its row if given). */
static bool
cond_present(struct pty *p, void *arg)
{
	const struct needle	*n = arg;

	if (n->row >= 0)
		return pty_row_find(p, n->row, n->text, NULL);
	return pty_find(p, n->text, NULL, NULL);
}

/* Condition: the needle is nowhere on the screen. */
static bool
cond_absent(struct pty *p, void *arg)
{
	return !cond_present(p, arg);
}

/* Wait until NEEDLE appears anywhere on the screen. */
bool
pty_wait_text(struct pty *p, const char *needle, int timeout_ms)
{
	struct needle	n = { needle, -1 };

	return pty_wait(p, timeout_ms, cond_present, &n);
}

/* Wait until NEEDLE appears in ROW. */
bool
pty_wait_row(struct pty *p, int row, const char *needle, int timeout_ms)
{
	struct needle	n = { needle, row };

	return pty_wait(p, timeout_ms, cond_present, &n);
}

/* Wait until NEEDLE is nowhere on the screen. */
bool
pty_wait_gone(struct pty *p, const char *needle, int timeout_ms)
{
	struct needle	n = { needle, -1 };

	return pty_wait(p, timeout_ms, cond_absent, &n);
}

/* Wait for the child to exit, reading the pty meanwhile. */
bool
pty_wait_exit(struct pty *p, int timeout_ms, int *status)
{
	int64_t		deadline = now_ms() + (timeout_ms > 0 ? timeout_ms : 0);
	struct pollfd	pfd[2];
	nfds_t		nfds;
	int		left, slice, n;

	for (;;) {
		pty_pump(p, 0);
		if (reap(p, WNOHANG)) {
			/* Whatever it wrote last is in the pty by now. */
			pty_pump(p, 0);
			if (status != NULL)
				*status = p->status;
			return true;
		}
		left = ms_left(deadline);
		if (left == 0)
			return false;
		nfds = 0;
		if (!p->hung_up) {
			pfd[nfds].fd = p->fd;
			pfd[nfds].events = POLLIN;
			if (p->outlen > 0)
				pfd[nfds].events |= POLLOUT;
			pfd[nfds++].revents = 0;
		}
		slice = left;
		if (p->pidfd != -1) {
			pfd[nfds].fd = p->pidfd;
			pfd[nfds].events = POLLIN;
			pfd[nfds++].revents = 0;
		} else if (slice > PTY_NOPIDFD_MS)
			slice = PTY_NOPIDFD_MS;	/* no way to poll an exit */
		n = poll(pfd, nfds, slice);
		if (n == -1 && errno != EINTR)
			fatal("poll: %s", strerror(errno));
	}
}

/* ---- reading the screen ---------------------------------------------------- */

/* Append code point C to BUF as UTF-8; the number of bytes written. */
static size_t
utf8_put(char *buf, uint32_t c)
{
	if (c > 0x10ffff || (c >= 0xd800 && c <= 0xdfff))
		c = 0xfffd;
	if (c < 0x80) {
		buf[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		buf[0] = (char)(0xc0 | (c >> 6));
		buf[1] = (char)(0x80 | (c & 0x3f));
		return 2;
	}
	if (c < 0x10000) {
		buf[0] = (char)(0xe0 | (c >> 12));
		buf[1] = (char)(0x80 | ((c >> 6) & 0x3f));
		buf[2] = (char)(0x80 | (c & 0x3f));
		return 3;
	}
	buf[0] = (char)(0xf0 | (c >> 18));
	buf[1] = (char)(0x80 | ((c >> 12) & 0x3f));
	buf[2] = (char)(0x80 | ((c >> 6) & 0x3f));
	buf[3] = (char)(0x80 | (c & 0x3f));
	return 4;
}

/* Whether the cell at ROW, COL is the right half of a wide character. */
static bool
is_right_half(const struct pty *p, int row, int col)
{
	VTermScreenCell	left;
	VTermPos	pos;

	if (col == 0)
		return false;
	pos.row = row;
	pos.col = col - 1;
	return vterm_screen_get_cell(p->screen, pos, &left) && left.width == 2;
}

/* The UTF-8 text of CELL into BUF (PTY_CELL_BYTES + 1); blank is " ". */
static void
cell_text(const VTermScreenCell *cell, char *buf)
{
	size_t	len = 0;
	int	i;

	if (cell->chars[0] == 0) {
		strcpy(buf, " ");
		return;
	}
	for (i = 0; i < VTERM_MAX_CHARS_PER_CELL && cell->chars[i] != 0; i++)
		len += utf8_put(buf + len, cell->chars[i]);
	buf[len] = '\0';
}

/*
 * ROW's text as malloc'd UTF-8, every cell included (a wide character
 * once), so the text is exactly cols columns wide.  When COLMAP is not
 * NULL, *COLMAP gets a malloc'd array giving each byte's cell column.
 */
static char *
row_build(const struct pty *p, int row, int **colmap)
{
	VTermScreenCell	 cell;
	VTermPos	 pos;
	char		*text, piece[PTY_CELL_BYTES + 1];
	int		*map = NULL;
	size_t		 len = 0, plen, i;
	bool		 right_half = false;

	text = xmalloc_or_die((size_t)p->cols * PTY_CELL_BYTES + 1);
	if (colmap != NULL)
		map = xmalloc_or_die(((size_t)p->cols * PTY_CELL_BYTES + 1) *
		    sizeof *map);
	pos.row = row;
	for (pos.col = 0; pos.col < p->cols; pos.col++) {
		if (!vterm_screen_get_cell(p->screen, pos, &cell))
			fatal("vterm_screen_get_cell %d,%d", row, pos.col);
		/* The right half of a wide character has no text of its own. */
		if (right_half || cell.chars[0] == (uint32_t)-1) {
			right_half = false;
			continue;
		}
		right_half = cell.width == 2;
		cell_text(&cell, piece);
		plen = strlen(piece);
		memcpy(text + len, piece, plen);
		if (map != NULL)
			for (i = 0; i < plen; i++)
				map[len + i] = pos.col;
		len += plen;
	}
	text[len] = '\0';
	if (map != NULL)
		map[len] = p->cols;
	if (colmap != NULL)
		*colmap = map;
	return text;
}

/* ROW's text as malloc'd UTF-8, trailing blanks trimmed. */
char *
pty_row_text(const struct pty *p, int row)
{
	char	*text;
	size_t	 len;

	if (row < 0 || row >= p->rows) {
		text = xmalloc_or_die(1);
		text[0] = '\0';
		return text;
	}
	text = row_build(p, row, NULL);
	len = strlen(text);
	while (len > 0 && text[len - 1] == ' ')
		len--;
	text[len] = '\0';
	return text;
}

/* The whole screen as malloc'd UTF-8: trimmed rows, each ending in '\n'. */
char *
pty_screen_text(const struct pty *p)
{
	char	*all, *row;
	size_t	 len = 0, rlen;
	int	 r;

	all = xmalloc_or_die((size_t)p->rows *
	    ((size_t)p->cols * PTY_CELL_BYTES + 1) + 1);
	for (r = 0; r < p->rows; r++) {
		row = pty_row_text(p, r);
		rlen = strlen(row);
		memcpy(all + len, row, rlen);
		len += rlen;
		all[len++] = '\n';
		free(row);
	}
	all[len] = '\0';
	return all;
}

/* Whether NEEDLE is in ROW; *COL (may be NULL) gets its cell column. */
bool
pty_row_find(const struct pty *p, int row, const char *needle, int *col)
{
	char	*text, *hit;
	int	*map;
	bool	 found;

	if (row < 0 || row >= p->rows)
		return false;
	text = row_build(p, row, &map);
	hit = strstr(text, needle);
	found = hit != NULL;
	if (found && col != NULL)
		*col = map[hit - text];
	free(text);
	free(map);
	return found;
}

/* Whether NEEDLE is on one row of the screen; the first match's position. */
bool
pty_find(const struct pty *p, const char *needle, int *row, int *col)
{
	int	r;

	for (r = 0; r < p->rows; r++) {
		if (pty_row_find(p, r, needle, col)) {
			if (row != NULL)
				*row = r;
			return true;
		}
	}
	return false;
}

/* Convert libvterm's colour C (foreground if IS_FG) for tests. */
static void
color_convert(const VTermColor *c, bool is_fg, struct pty_color *out)
{
	memset(out, 0, sizeof *out);
	if (is_fg ? VTERM_COLOR_IS_DEFAULT_FG(c) : VTERM_COLOR_IS_DEFAULT_BG(c))
		out->kind = PTY_COLOR_DEFAULT;
	else if (VTERM_COLOR_IS_INDEXED(c)) {
		out->kind = PTY_COLOR_INDEXED;
		out->index = c->indexed.idx;
	} else {
		out->kind = PTY_COLOR_RGB;
		out->r = c->rgb.red;
		out->g = c->rgb.green;
		out->b = c->rgb.blue;
	}
}

/* The cell at ROW, COL (out of range: a blank default cell). */
void
pty_cell(const struct pty *p, int row, int col, struct pty_cell *out)
{
	VTermScreenCell	cell;
	VTermPos	pos;

	memset(out, 0, sizeof *out);
	strcpy(out->text, " ");
	out->width = 1;
	out->fg.kind = PTY_COLOR_DEFAULT;
	out->bg.kind = PTY_COLOR_DEFAULT;
	if (row < 0 || row >= p->rows || col < 0 || col >= p->cols)
		return;
	pos.row = row;
	pos.col = col;
	if (!vterm_screen_get_cell(p->screen, pos, &cell))
		fatal("vterm_screen_get_cell %d,%d", row, col);
	if (cell.chars[0] == (uint32_t)-1 || is_right_half(p, row, col)) {
		out->text[0] = '\0';
		out->width = 0;
	} else {
		cell_text(&cell, out->text);
		out->width = cell.width;
	}
	out->bold = cell.attrs.bold;
	out->underline = cell.attrs.underline != VTERM_UNDERLINE_OFF;
	out->italic = cell.attrs.italic;
	out->blink = cell.attrs.blink;
	out->reverse = cell.attrs.reverse;
	out->strike = cell.attrs.strike;
	color_convert(&cell.fg, true, &out->fg);
	color_convert(&cell.bg, false, &out->bg);
}

/* Cursor position into *ROW, *COL (either may be NULL); 1 if visible. */
int
pty_cursor(const struct pty *p, int *row, int *col)
{
	VTermPos	pos;

	vterm_state_get_cursorpos(p->state, &pos);
	if (row != NULL)
		*row = pos.row;
	if (col != NULL)
		*col = pos.col;
	return p->cursor_visible ? 1 : 0;
}

/* The emulated screen's size. */
void
pty_size(const struct pty *p, int *rows, int *cols)
{
	if (rows != NULL)
		*rows = p->rows;
	if (cols != NULL)
		*cols = p->cols;
}

/* Whether the program has switched to the alternate screen. */
bool
pty_altscreen(const struct pty *p)
{
	return p->altscreen;
}

/* Whether the screen is as the program found it: primary and cursor shown. */
bool
pty_screen_is_normal(const struct pty *p)
{
	return !p->altscreen && p->cursor_visible;
}

/* The mouse reporting the program asked for (VTERM_PROP_MOUSE_*). */
int
pty_mouse_mode(const struct pty *p)
{
	return p->mouse;
}

/* How many times the program rang the bell. */
int
pty_bells(const struct pty *p)
{
	return p->bells;
}

/* The data of the last OSC 52 (clipboard) seen, or NULL; *COUNT: how many. */
const char *
pty_clipboard(const struct pty *p, int *count)
{
	*count = p->clips;
	return p->clip;
}

/* Whether the program turned bracketed paste (mode 2004) on. */
bool
pty_bracketed(const struct pty *p)
{
	return p->bracketed;
}

/* The window title the program last set ("" if none). */
const char *
pty_title(const struct pty *p)
{
	return p->title != NULL ? p->title : "";
}

/* The child's process id. */
int
pty_pid(const struct pty *p)
{
	return (int)p->pid;
}

/* Whether the child has hung up the pty (all its output has been read). */
bool
pty_hung_up(const struct pty *p)
{
	return p->hung_up;
}

/*
 * Hang up from our side: close the master, as a terminal emulator that
 * goes away does; the child is still watched (pty_wait_exit, pty_free).
 */
void
pty_close_master(struct pty *p)
{
	if (p->fd != -1)
		close(p->fd);
	p->fd = -1;
	/* Nothing more can be read: the pumps must not poll a closed fd. */
	p->hung_up = true;
}

/* ---- input ----------------------------------------------------------------- */

/* Decode one UTF-8 character at *S into *C, advancing *S; false if invalid. */
static bool
utf8_get(const char **s, uint32_t *c)
{
	const unsigned char	*u = (const unsigned char *)*s;
	int			 more, i;
	uint32_t		 v;

	if (u[0] < 0x80) {
		v = u[0];
		more = 0;
	} else if ((u[0] & 0xe0) == 0xc0) {
		v = u[0] & 0x1f;
		more = 1;
	} else if ((u[0] & 0xf0) == 0xe0) {
		v = u[0] & 0x0f;
		more = 2;
	} else if ((u[0] & 0xf8) == 0xf0) {
		v = u[0] & 0x07;
		more = 3;
	} else
		return false;
	for (i = 1; i <= more; i++) {
		if ((u[i] & 0xc0) != 0x80)
			return false;
		v = (v << 6) | (u[i] & 0x3f);
	}
	*c = v;
	*s += 1 + more;
	return true;
}

/* Type UTF8 as keypresses, one character at a time, as a terminal would. */
void
pty_type(struct pty *p, const char *utf8)
{
	const char	*s = utf8;
	uint32_t	 c;

	while (*s != '\0') {
		if (!utf8_get(&s, &c))
			fatal("pty_type: invalid UTF-8 in \"%s\"", utf8);
		vterm_keyboard_unichar(p->vt, c, VTERM_MOD_NONE);
	}
	out_flush(p);
}

/* Press KEY with modifiers MOD (arrows, PgUp, Home, F1, Esc, Enter ...). */
void
pty_key(struct pty *p, VTermKey key, VTermModifier mod)
{
	vterm_keyboard_key(p->vt, key, mod);
	out_flush(p);
}

/*
 * Press Ctrl-C: the byte an xterm sends.  Not through libvterm, which
 * encodes Ctrl-I, Ctrl-J and Ctrl-M as CSI u sequences that curses
 * programs do not understand.
 */
void
pty_ctrl(struct pty *p, char c)
{
	char	byte;

	if (c >= 'a' && c <= 'z')
		byte = (char)(c - 'a' + 1);
	else if (c >= '@' && c <= '_')
		byte = (char)(c - '@');
	else if (c == '?')
		byte = 0x7f;
	else if (c == ' ')
		byte = 0;
	else
		fatal("pty_ctrl: no Ctrl-%c", c);
	out_push(p, &byte, 1);
}

/* Send LEN raw bytes to the child as if typed. */
void
pty_send(struct pty *p, const char *raw, size_t len)
{
	out_push(p, raw, len);
}

/* Click BUTTON at ROW, COL: press and release, if the program wants clicks. */
void
pty_mouse_click(struct pty *p, int row, int col, int button)
{
	if (p->mouse == VTERM_PROP_MOUSE_NONE)
		return;
	vterm_mouse_move(p->vt, row, col, VTERM_MOD_NONE);
	vterm_mouse_button(p->vt, button, true, VTERM_MOD_NONE);
	vterm_mouse_button(p->vt, button, false, VTERM_MOD_NONE);
	out_flush(p);
}

/*
 * Press (DOWN) or release button 1 at ROW, COL: a drag is a press, a
 * wait for the program to see it, then a release elsewhere.
 */
void
pty_mouse_button(struct pty *p, int row, int col, bool down)
{
	if (p->mouse == VTERM_PROP_MOUSE_NONE)
		return;
	vterm_mouse_move(p->vt, row, col, VTERM_MOD_NONE);
	vterm_mouse_button(p->vt, 1, down, VTERM_MOD_NONE);
	out_flush(p);
}

/* Turn the wheel once at ROW, COL, UP or down (buttons 4 and 5). */
void
pty_mouse_wheel(struct pty *p, int row, int col, bool up)
{
	if (p->mouse == VTERM_PROP_MOUSE_NONE)
		return;
	vterm_mouse_move(p->vt, row, col, VTERM_MOD_NONE);
	vterm_mouse_button(p->vt, up ? 4 : 5, true, VTERM_MOD_NONE);
	out_flush(p);
}

/* Resize terminal and pty to ROWS x COLS (the child gets SIGWINCH). */
void
pty_resize(struct pty *p, int rows, int cols)
{
	struct winsize	ws;

	if (rows < 1 || cols < 1 || rows > USHRT_MAX || cols > USHRT_MAX)
		fatal("pty_resize: bad size %dx%d", rows, cols);
	/* Screen first: what the child draws after SIGWINCH must fit. */
	vterm_set_size(p->vt, rows, cols);
	p->rows = rows;
	p->cols = cols;
	memset(&ws, 0, sizeof ws);
	ws.ws_row = (unsigned short)rows;
	ws.ws_col = (unsigned short)cols;
	if (ioctl(p->fd, TIOCSWINSZ, &ws) == -1)
		fatal("TIOCSWINSZ: %s", strerror(errno));
}

/* ---- failure output ------------------------------------------------------- */

/* Describe colour C into BUF (at least 16 bytes). */
static void
color_name(const struct pty_color *c, char *buf, size_t size)
{
	switch (c->kind) {
	case PTY_COLOR_DEFAULT:
		snprintf(buf, size, "default");
		break;
	case PTY_COLOR_INDEXED:
		snprintf(buf, size, "%d", c->index);
		break;
	case PTY_COLOR_RGB:
		snprintf(buf, size, "#%02x%02x%02x", c->r, c->g, c->b);
		break;
	}
}

/* Describe the attributes of CELL into BUF; empty when all default. */
static void
attrs_name(const struct pty_cell *cell, char *buf, size_t size)
{
	char	fg[16], bg[16];

	color_name(&cell->fg, fg, sizeof fg);
	color_name(&cell->bg, bg, sizeof bg);
	snprintf(buf, size, "%s%s%s%s%s%s%s%s%s%s",
	    cell->bold ? " bold" : "", cell->underline ? " underline" : "",
	    cell->italic ? " italic" : "", cell->blink ? " blink" : "",
	    cell->reverse ? " reverse" : "", cell->strike ? " strike" : "",
	    cell->fg.kind != PTY_COLOR_DEFAULT ? " fg=" : "",
	    cell->fg.kind != PTY_COLOR_DEFAULT ? fg : "",
	    cell->bg.kind != PTY_COLOR_DEFAULT ? " bg=" : "",
	    cell->bg.kind != PTY_COLOR_DEFAULT ? bg : "");
}

/* Print ROW's runs of non-default attributes, if any, as "cols: attrs". */
static void
dump_attrs(const struct pty *p, int row, FILE *f)
{
	struct pty_cell	cell;
	char		cur[128], prev[128];
	int		col, start = 0;
	bool		header = false;

	prev[0] = '\0';
	for (col = 0; col <= p->cols; col++) {
		cur[0] = '\0';
		if (col < p->cols) {
			pty_cell(p, row, col, &cell);
			attrs_name(&cell, cur, sizeof cur);
		}
		if (col < p->cols && strcmp(cur, prev) == 0)
			continue;
		if (prev[0] != '\0') {
			if (!header)
				fprintf(f, "%4d:", row);
			header = true;
			fprintf(f, " [%d-%d]%s", start, col - 1, prev);
		}
		strcpy(prev, cur);
		start = col;
	}
	if (header)
		fputc('\n', f);
}

/* Print the screen with a frame, row numbers and state, for failures. */
void
pty_dump(const struct pty *p, FILE *f)
{
	char	*text;
	int	 r, c, crow, ccol, visible;

	visible = pty_cursor(p, &crow, &ccol);
	fprintf(f, "pty: pid %ld", (long)p->pid);
	if (p->reaped && WIFEXITED(p->status))
		fprintf(f, " exited %d", WEXITSTATUS(p->status));
	else if (p->reaped && WIFSIGNALED(p->status))
		fprintf(f, " killed by signal %d", WTERMSIG(p->status));
	else
		fputs(p->hung_up ? " hung up" : " running", f);
	fprintf(f, ", %dx%d, cursor %d,%d%s, %s screen, mouse %d, bells %d\n",
	    p->rows, p->cols, crow, ccol, visible ? "" : " (hidden)",
	    p->altscreen ? "alternate" : "primary", p->mouse, p->bells);

	fprintf(f, "    +");
	for (c = 0; c < p->cols; c++)
		fputc('-', f);
	fprintf(f, "+\n");
	for (r = 0; r < p->rows; r++) {
		text = row_build(p, r, NULL);
		fprintf(f, "%3d |%s|\n", r, text);
		free(text);
	}
	fprintf(f, "    +");
	for (c = 0; c < p->cols; c++)
		fputc('-', f);
	fprintf(f, "+\n");
	fprintf(f, "attributes (row: [cols] attrs):\n");
	for (r = 0; r < p->rows; r++)
		dump_attrs(p, r, f);
	fflush(f);
}
