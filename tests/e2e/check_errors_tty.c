/* SPDX-License-Identifier: ISC */
/*
 * check_errors_tty.c - the rows of docs/errors.md that need a terminal.
 *
 * The viewer checks its command line, then insists on a terminal, and only
 * then creates or opens SOURCE: every message about SOURCE that the viewer
 * gives is seen here, on the emulated screen of a pty (stderr is the
 * terminal too), with the exit status.  Then the errors the viewer shows
 * while it keeps running (a malformed search, a broken layout, an edit of
 * a read-only file ...), and what a terminal must never receive: a file
 * name or file content with escape sequences changes neither the window
 * title nor the screen, and outside a UTF-8 locale no byte from 0x80 up
 * reaches it.
 *
 * Test case names start with the row number of docs/errors.md ("#NN").
 * Waits are conditions with deadlines; each checks that its condition was
 * false before the action that should make it true.
 *
 * Some rows need this binary to run livehex in a different setting; it
 * re-executes itself as a helper, under the pty, which then execs livehex:
 *   check_errors_tty --as-nobody PROGRAM ARGS...   as uid/gid 65534
 *   check_errors_tty --in-rofs DIR PROGRAM ARGS... DIR a read-only tmpfs
 *       holding a 64-byte file DIR/f, in a private mount namespace (exit
 *       125 with the reason on the screen when that is impossible here)
 *   check_errors_tty --stdin-null PROGRAM ARGS...  stdin from /dev/null
 *   check_errors_tty --stdout-null PROGRAM ARGS... stdout to /dev/null
 *
 * Table arguments are separated by '|'; '' is an empty argument.
 * Placeholders: @F a 64-byte file, @M a missing file, @D a directory,
 * @P a FIFO, @S a socket, @N a missing file named with escape sequences,
 * @Q that name as messages show it.
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

#include "timeout.h"
#include "e2e.h"
#include "testutil.h"
#include "xmalloc.h"

/* The uid and gid of nobody. */
#define NOBODY_ID		65534
/* What the --in-rofs helper exits with when it cannot set things up. */
#define ROFS_UNAVAILABLE	125
/* Wide enough that no message or path wraps. */
#define WIDE			240

/* A file name full of escape sequences: a title change, a colour, BEL. */
#define EVIL_NAME	"evil\033]0;pwned\007\033[31mname"
/* The same name as the screen must show it. */
#define EVIL_SHOWN	"evil\\e]0;pwned\\x07\\e[31mname"

static char	 unset_no_color[] = "-NO_COLOR";
static char *const no_env[] = { unset_no_color, NULL };

/* This test binary, for re-executing itself as a helper. */
static char	 self_exe[PATH_MAX];

/* The fixtures the placeholders stand for (malloc'd). */
struct fix {
	char	*f, *m, *d, *p, *s, *n, *dir;
};

/* ------------------------------------------------------------------------ */
/* Helpers.                                                                 */

/* Make a socket at PATH (bound, then closed: the name stays). */
static void
make_socket(const char *path)
{
	struct sockaddr_un	sa;
	int			fd = socket(AF_UNIX, SOCK_STREAM, 0);

	ck_assert_msg(fd != -1, "socket: %s", strerror(errno));
	memset(&sa, 0, sizeof sa);
	sa.sun_family = AF_UNIX;
	ck_assert_msg(strlen(path) < sizeof sa.sun_path, "socket path long");
	strcpy(sa.sun_path, path);
	ck_assert_msg(bind(fd, (struct sockaddr *)&sa, sizeof sa) == 0 ||
	    errno == EADDRINUSE, "bind %s: %s", path, strerror(errno));
	close(fd);
}

/* The fixtures. */
static struct fix
fix_make(void)
{
	struct fix	fx;

	fx.f = tu_pattern_file("f64", 64, 3);
	fx.m = tu_path("no-such-file");
	fx.d = tu_path("a-dir");
	fx.p = tu_path("a-fifo");
	fx.s = tu_path("a-sock");
	fx.n = tu_path(EVIL_NAME);
	fx.dir = xstrdup(fx.f);
	*strrchr(fx.dir, '/') = '\0';
	/* EEXIST: with CK_FORK=no every test shares one directory. */
	ck_assert(mkdir(fx.d, 0700) == 0 || errno == EEXIST);
	ck_assert(mkfifo(fx.p, 0600) == 0 || errno == EEXIST);
	make_socket(fx.s);
	return fx;
}

/* Free the fixtures' names. */
static void
fix_free(struct fix *fx)
{
	free(fx->f); free(fx->m); free(fx->d); free(fx->p); free(fx->s);
	free(fx->n); free(fx->dir);
}

/* S with its placeholders replaced (malloc'd). */
static char *
subst(const char *s, const struct fix *fx)
{
	size_t	 cap = strlen(s) + 1, o = 0;
	char	*out;

	for (const char *q = s; *q != '\0'; q++)
		if (*q == '@')
			cap += PATH_MAX + sizeof EVIL_SHOWN;
	out = xmalloc(cap);
	for (; *s != '\0'; s++) {
		const char	*r = NULL;

		if (s[0] == '@' && s[1] == 'Q') {
			snprintf(out + o, cap - o, "%s/%s", fx->dir,
			    EVIL_SHOWN);
			o += strlen(out + o);
			s++;
			continue;
		}
		if (s[0] == '@') {
			switch (s[1]) {
			case 'F': r = fx->f; break;
			case 'M': r = fx->m; break;
			case 'D': r = fx->d; break;
			case 'P': r = fx->p; break;
			case 'S': r = fx->s; break;
			case 'N': r = fx->n; break;
			default: break;
			}
		}
		if (r == NULL) {
			out[o++] = *s;
			continue;
		}
		memcpy(out + o, r, strlen(r));
		o += strlen(r);
		s++;
	}
	out[o] = '\0';
	return out;
}

/*
 * Spawn livehex with ARGS ('|'-separated, placeholders replaced) at ROWS x
 * COLS with ENV, behind the helper HELPER ("--as-nobody", "--in-rofs|DIR"
 * ... or NULL).  No wait for a frame.
 */
static struct pty *
spawn(int rows, int cols, char *const env[], const char *helper,
    const char *args, const struct fix *fx)
{
	char		*argv[32], *copy, *p, *hc;
	int		 n = 0;
	struct pty	*pt;

	if (helper != NULL) {
		argv[n++] = xstrdup(self_exe);
		hc = xstrdup(helper);
		for (p = hc; p != NULL && n < 8; )
			argv[n++] = xstrdup(strsep(&p, "|"));
		free(hc);
	}
	argv[n++] = xstrdup(tu_livehex());
	copy = subst(args, fx);
	for (p = copy; p != NULL && *args != '\0' && n < 31; ) {
		const char	*tok = strsep(&p, "|");

		argv[n++] = xstrdup(strcmp(tok, "''") == 0 ? "" : tok);
	}
	argv[n] = NULL;
	pt = pty_spawn(argv, rows, cols, env);
	while (n > 0)
		free(argv[--n]);
	free(copy);
	return pt;
}

/* Wait for the first frame of the viewer. */
static void
wait_frame(struct pty *p)
{
	PTY_ASSERT(p, pty_wait_text(p, "? for help", E2E_WAIT),
	    "livehex did not draw its first frame");
}

/* Wait for P to exit; fail unless with CODE.  The screen is normal again. */
static void
expect_exit(struct pty *p, int code, const char *what)
{
	int	status;

	PTY_ASSERT(p, pty_wait_exit(p, E2E_WAIT, &status), "%s: still "
	    "running", what);
	PTY_ASSERT(p, WIFEXITED(status) && WEXITSTATUS(status) == code,
	    "%s: status %#x, want exit %d", what, status, code);
	PTY_ASSERT(p, pty_screen_is_normal(p), "%s: terminal not restored",
	    what);
}

/* Fail unless NEEDLE (placeholders replaced) is on the screen now. */
static void
expect_on_screen(struct pty *p, const char *needle, const struct fix *fx,
    const char *what)
{
	char	*w = subst(needle, fx);

	PTY_ASSERT(p, pty_find(p, w, NULL, NULL), "%s: screen lacks \"%s\"",
	    what, w);
	free(w);
}

/* Fail unless every cell of the screen is plain ASCII. */
static void
expect_ascii_screen(struct pty *p, const char *what)
{
	char	*t = pty_screen_text(p);

	for (const unsigned char *u = (unsigned char *)t; *u != '\0'; u++)
		PTY_ASSERT(p, *u < 0x80, "%s: a character beyond ASCII on the "
		    "screen (byte 0x%02x)", what, *u);
	free(t);
}

/* Make the test directory and file F reachable by nobody (as root). */
static void
open_up_for_nobody(const struct fix *fx, const char *f, mode_t mode)
{
	ck_assert_int_eq(chmod(fx->dir, 0755), 0);
	ck_assert_int_eq(chmod(f, mode), 0);
}

/* ------------------------------------------------------------------------ */
/* What the viewer says about SOURCE before it starts.                      */

/* One bad SOURCE (or --create) for the viewer, and what it says. */
struct src_case {
	const char	*name;		/* "#NN what" */
	const char	*args;		/* '|'-separated, after "livehex" */
	int		 status;
	const char	*want;		/* on the screen */
};

static const struct src_case src_cases[] = {
	{ "#01 missing file (viewer)", "@M", 1,
	  "livehex: @M: no such file" },
	{ "#02 directory (viewer)", "@D", 1, "livehex: @D: is a directory" },
	{ "#03 FIFO (viewer, never blocks)", "@P", 1,
	  "livehex: @P: is a pipe (FIFO); a pipe cannot be mapped" },
	{ "#04 socket (viewer)", "@S", 1,
	  "livehex: @S: is a socket; a socket cannot be mapped" },
	{ "#05 /proc file (viewer)", "/proc/self/status", 1,
	  "livehex: /proc/self/status: is a /proc pseudo-file; it cannot be "
	  "mapped (read it with cat instead)" },
	{ "#07 /dev/null (viewer)", "/dev/null", 1,
	  "livehex: /dev/null: is a character device (1:3); the device does "
	  "not support shared mapping (livehex maps regular files and block "
	  "devices)" },
	{ "#08 /dev/zero (viewer)", "/dev/zero", 1,
	  "livehex: /dev/zero: is /dev/zero: mapping it gives private "
	  "anonymous memory, there is nothing to watch" },
	{ "#09 empty SOURCE argument (viewer)", "''", 1,
	  "livehex: : SOURCE is empty" },
	{ "#16 - as the viewer's SOURCE", "-", 1,
	  "livehex: -: no such file" },
	{ "#17 shm:NAME that does not exist (viewer)",
	  "shm:livehex-no-such-object", 1, "livehex: "
	  "shm:livehex-no-such-object: no POSIX shared memory object "
	  "\"livehex-no-such-object\" in /dev/shm (livehex list shows them; "
	  "--create SIZE makes one)" },
	{ "#18 sysv: garbage (viewer)", "sysv:abc", 1, "livehex: sysv:abc: "
	  "sysv:SHMID takes a segment id (a number, as livehex list shows)" },
	{ "#18 pid: gone (viewer)", "pid:999999999", 1,
	  "livehex: pid:999999999: no such process" },
	{ "#20 --create on a directory (viewer)", "--create|4K|@D", 1,
	  "livehex: @D: cannot create: Is a directory" },
	{ "#20 --create on a device (viewer)", "--create|4K|/dev/null", 1,
	  "livehex: /dev/null: exists and is not a regular file; --create "
	  "only creates or grows regular files" },
	{ "#55 mistyped subcommand (viewer)", "dumb", 1,
	  "livehex: dumb: no such file" },
	{ "#61 escape sequences in a file name (viewer message)", "@N", 1,
	  "livehex: @Q: no such file" },
	{ "#61 escape sequences in a --create name", "--create|4K|@N/x", 1,
	  "livehex: @Q/x: cannot create: No such file or directory" },
};

/* The viewer refuses a bad SOURCE: message, status, title untouched. */
START_TEST(test_source)
{
	const struct src_case	*c = &src_cases[_i];
	struct fix		 fx = fix_make();
	struct pty		*p = spawn(24, WIDE, no_env, NULL, c->args, &fx);

	expect_exit(p, c->status, c->name);
	expect_on_screen(p, c->want, &fx, c->name);
	ck_assert_str_eq(pty_title(p), "");
	pty_free(p);
	fix_free(&fx);
}
END_TEST

/* #06: a /sys file, when there is one. */
START_TEST(test_sys_file)
{
	static const char *const	 sys[] = { "/sys/kernel/uevent_seqnum",
		"/sys/power/state", NULL };
	const char			*f = NULL;
	struct fix			 fx = fix_make();
	char				*want;
	struct pty			*p;

	for (int i = 0; sys[i] != NULL && f == NULL; i++)
		if (access(sys[i], F_OK) == 0)
			f = sys[i];
	if (f == NULL) {
		fprintf(stderr, "# #06: skipped: no /sys file to try\n");
		fix_free(&fx);
		return;
	}
	p = spawn(24, WIDE, no_env, NULL, f, &fx);
	expect_exit(p, 1, f);
	want = xasprintf("livehex: %s: is a /sys pseudo-file; it cannot be "
	    "mapped (read it with cat instead)", f);
	expect_on_screen(p, want, &fx, f);
	free(want);
	pty_free(p);
	fix_free(&fx);
}
END_TEST

/* #10: a file the user may not read: the viewer says so, with -r too. */
START_TEST(test_permission_denied)
{
	static const char *const	 args[] = { "@F", "-r|@F", NULL };
	struct fix			 fx = fix_make();
	bool				 root = geteuid() == 0;

	if (root)
		open_up_for_nobody(&fx, fx.f, 0600);
	else
		ck_assert_int_eq(chmod(fx.f, 0), 0);
	for (int i = 0; args[i] != NULL; i++) {
		struct pty	*p = spawn(24, WIDE, no_env, root ?
				    "--as-nobody" : NULL, args[i], &fx);

		expect_exit(p, 1, args[i]);
		expect_on_screen(p, "livehex: @F: permission denied (cannot "
		    "read it)", &fx, args[i]);
		pty_free(p);
	}
	fix_free(&fx);
}
END_TEST

/*
 * An open read-only viewer P on PATH (64 bytes of ORIG) whose header says
 * RO (WHY): typing a byte is refused with the reason, the file unchanged
 * (not checked when PATH is NULL: a file only the viewer can see).
 */
static void
expect_edits_refused(struct pty *p, const char *path,
    const unsigned char *orig, const char *why)
{
	char		*hdr = xasprintf("RO (%s)", why);
	char		*msg = xasprintf("read-only (%s): the bytes were not "
			    "changed", why);
	char		*nomode = xasprintf("read-only (%s): edit mode is not "
			    "available", why);
	unsigned char	*now;
	size_t		 len;

	wait_frame(p);
	PTY_ASSERT(p, pty_find(p, hdr, NULL, NULL), "header lacks %s", hdr);
	PTY_ASSERT(p, !pty_find(p, "not available", NULL, NULL), "early");
	/* R says why there is no edit mode; digits stay commands. */
	pty_type(p, "R");
	PTY_ASSERT(p, pty_wait_text(p, nomode, E2E_WAIT), "no refusal");
	pty_type(p, orig[0] == 0xff ? "00" : "ff");
	PTY_ASSERT(p, pty_wait_text(p, "not in edit mode", E2E_WAIT),
	    "digits not refused");
	pty_key(p, VTERM_KEY_ESCAPE, 0);
	PTY_ASSERT(p, pty_wait_gone(p, "not in edit", E2E_WAIT), "msg stays");
	pty_type(p, ":set u32 1\r");
	PTY_ASSERT(p, pty_wait_text(p, msg, E2E_WAIT), "no :set refusal");
	e2e_quit(p);
	if (path != NULL) {
		now = tu_slurp(path, &len);
		ck_assert_int_eq(len, 64);
		ck_assert_msg(memcmp(now, orig, 64) == 0, "the file changed");
		free(now);
	}
	free(msg);
	free(nomode);
	free(hdr);
}

/* #11: no write permission: the viewer opens read-only and says why. */
START_TEST(test_no_write_permission)
{
	struct fix	 fx = fix_make();
	bool		 root = geteuid() == 0;
	unsigned char	*orig;
	size_t		 len;
	struct pty	*p;

	orig = tu_slurp(fx.f, &len);
	if (root)
		open_up_for_nobody(&fx, fx.f, 0644);
	else
		ck_assert_int_eq(chmod(fx.f, 0444), 0);
	p = spawn(24, 120, no_env, root ? "--as-nobody" : NULL, "@F", &fx);
	expect_edits_refused(p, fx.f, orig, "no write permission");
	pty_free(p);
	free(orig);
	fix_free(&fx);
}
END_TEST

/* #68: -r: the viewer never writes, and says so when asked to. */
START_TEST(test_readonly_option)
{
	struct fix	 fx = fix_make();
	unsigned char	*orig;
	size_t		 len;
	struct pty	*p;

	orig = tu_slurp(fx.f, &len);
	p = spawn(24, 120, no_env, NULL, "-r|@F", &fx);
	expect_edits_refused(p, fx.f, orig, "opened read-only (-r)");
	pty_free(p);
	free(orig);
	fix_free(&fx);
}
END_TEST

/*
 * #12: a read-only file system: the viewer opens read-only and says why;
 * --create there is refused.
 */
START_TEST(test_readonly_fs)
{
	static const unsigned char	 zero[64];
	struct fix			 fx = fix_make();
	char				*dir = tu_path("rofs");
	char				*helper = xasprintf("--in-rofs|%s", dir);
	char				*view = xasprintf("%s/f", dir);
	char				*create = xasprintf("--create|4K|%s/new",
					    dir);
	struct pty			*p;
	int				 status;

	ck_assert(mkdir(dir, 0700) == 0 || errno == EEXIST);
	p = spawn(24, 120, no_env, helper, view, &fx);
	PTY_ASSERT(p, pty_wait_text(p, "? for help", E2E_WAIT) ||
	    pty_hung_up(p), "neither a frame nor an exit");
	if (pty_wait_exit(p, 0, &status) && WIFEXITED(status) &&
	    WEXITSTATUS(status) == ROFS_UNAVAILABLE) {
		char	*why = pty_screen_text(p);

		fprintf(stderr, "# #12: skipped: cannot make a read-only file "
		    "system here: %s", why);
		free(why);
	} else {
		/* The tmpfs is in the helper's namespace: not ours to read. */
		expect_edits_refused(p, NULL, zero, "read-only file system");
		pty_free(p);
		p = spawn(24, WIDE, no_env, helper, create, &fx);
		expect_exit(p, 1, "--create");
		PTY_ASSERT(p, pty_find(p, "/new: cannot create: Read-only file "
		    "system", NULL, NULL), "no --create refusal");
	}
	pty_free(p);
	free(create);
	free(view);
	free(helper);
	free(dir);
	fix_free(&fx);
}
END_TEST

/* #13: an empty file: an empty screen that says so, until it grows. */
START_TEST(test_zero_size)
{
	struct fix	 fx = fix_make();
	char		*e = tu_file("empty", "", 0);
	struct pty	*p = spawn(24, 100, no_env, NULL, e, &fx);

	wait_frame(p);
	PTY_ASSERT(p, pty_find(p, "empty file", NULL, NULL), "no empty screen");
	PTY_ASSERT(p, pty_find(p, "0 bytes", NULL, NULL), "size not 0");
	pty_type(p, "R");
	PTY_ASSERT(p, pty_wait_text(p, "the file is empty: there is no byte "
	    "to replace", E2E_WAIT), "edit mode on an empty file not refused");
	pty_type(p, ":set u8 1\r");
	PTY_ASSERT(p, pty_wait_text(p, "past the end", E2E_WAIT),
	    "an edit of an empty file is not refused");
	e2e_quit(p);
	pty_free(p);
	free(e);
	fix_free(&fx);
}
END_TEST

/* #19: --create on a symbolic link: refused, nothing created or grown. */
START_TEST(test_create_symlink)
{
	struct fix	 fx = fix_make();
	char		*l = tu_path("dangling"), *l2 = tu_path("to-f64");
	char		*target = tu_path("nowhere"), *args;
	struct stat	 st;
	struct pty	*p;

	ck_assert(symlink(target, l) == 0 || errno == EEXIST);
	ck_assert(symlink(fx.f, l2) == 0 || errno == EEXIST);
	args = xasprintf("--create|4K|%s", l);
	p = spawn(24, WIDE, no_env, NULL, args, &fx);
	expect_exit(p, 1, "dangling link");
	PTY_ASSERT(p, pty_find(p, "dangling: is a symbolic link; --create "
	    "never follows links", NULL, NULL), "no refusal");
	ck_assert_msg(lstat(target, &st) == -1 && errno == ENOENT,
	    "the link's target was created");
	pty_free(p);
	free(args);
	args = xasprintf("--create|4K|%s", l2);
	p = spawn(24, WIDE, no_env, NULL, args, &fx);
	expect_exit(p, 1, "link to a file");
	PTY_ASSERT(p, pty_find(p, "to-f64: is a symbolic link; --create "
	    "never follows links", NULL, NULL), "no refusal");
	ck_assert_int_eq(stat(fx.f, &st), 0);
	ck_assert_int_eq(st.st_size, 64);
	pty_free(p);
	free(args);
	free(target);
	free(l2);
	free(l);
	fix_free(&fx);
}
END_TEST

/*
 * #21: --create never shrinks and never clobbers: a smaller SIZE opens the
 * file as it is; a larger one grows it and keeps every byte and its mode.
 */
START_TEST(test_create_never_shrinks)
{
	struct fix	 fx = fix_make();
	unsigned char	*before, *after;
	size_t		 blen, alen;
	struct stat	 st;
	struct pty	*p;

	ck_assert_int_eq(chmod(fx.f, 0640), 0);
	before = tu_slurp(fx.f, &blen);
	p = spawn(24, 100, no_env, NULL, "--create|16|@F", &fx);
	wait_frame(p);
	PTY_ASSERT(p, pty_find(p, "64 bytes", NULL, NULL), "not 64 bytes");
	e2e_quit(p);
	pty_free(p);
	after = tu_slurp(fx.f, &alen);
	ck_assert_int_eq(alen, 64);
	ck_assert(memcmp(before, after, 64) == 0);
	free(after);

	p = spawn(24, 100, no_env, NULL, "--create|100|@F", &fx);
	wait_frame(p);
	PTY_ASSERT(p, pty_find(p, "100 bytes", NULL, NULL), "not grown");
	e2e_quit(p);
	pty_free(p);
	after = tu_slurp(fx.f, &alen);
	ck_assert_int_eq(alen, 100);
	ck_assert(memcmp(before, after, 64) == 0);
	for (size_t i = 64; i < 100; i++)
		ck_assert_int_eq(after[i], 0);
	ck_assert_int_eq(stat(fx.f, &st), 0);
	ck_assert_int_eq(st.st_mode & 07777, 0640);
	free(after);
	free(before);
	fix_free(&fx);
}
END_TEST

/* Create PATH with `livehex ARGS` (umask UMASK); its mode. */
static mode_t
created_mode(const char *args, mode_t umask_bits, const struct fix *fx,
    const char *path)
{
	struct stat	 st;
	struct pty	*p;
	mode_t		 old = umask(umask_bits);

	p = spawn(24, 100, no_env, NULL, args, fx);
	umask(old);
	wait_frame(p);
	e2e_quit(p);
	pty_free(p);
	ck_assert_int_eq(stat(path, &st), 0);
	return st.st_mode & 07777;
}

/* #22: a created file is 0600, or exactly --mode, whatever the umask. */
START_TEST(test_create_mode)
{
	struct fix	 fx = fix_make();
	char		*a = tu_path("made-default"), *b = tu_path("made-644");
	char		*args;
	mode_t		 m;

	args = xasprintf("--create|4K|%s", a);
	m = created_mode(args, 0, &fx, a);
	ck_assert_msg(m == 0600, "umask 0: mode %o, want 600", (unsigned)m);
	free(args);
	args = xasprintf("--create|1K|--mode|644|%s", b);
	m = created_mode(args, 077, &fx, b);
	ck_assert_msg(m == 0644, "umask 077, --mode 644: mode %o",
	    (unsigned)m);
	free(args);
	free(b);
	free(a);
	fix_free(&fx);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The terminal.                                                            */

/* #57: standard output not a terminal (stdin is): refused, exit 1. */
START_TEST(test_stdout_not_tty)
{
	struct fix	 fx = fix_make();
	struct pty	*p = spawn(24, WIDE, no_env, "--stdout-null", "@F", &fx);

	expect_exit(p, 1, "stdout /dev/null");
	expect_on_screen(p, "livehex: the viewer needs a terminal on standard "
	    "input and output (for a plain dump use: livehex dump FILE)", &fx,
	    "stdout /dev/null");
	pty_free(p);
	fix_free(&fx);
}
END_TEST

/* #58: standard input not a terminal (stdout is): refused, exit 1. */
START_TEST(test_stdin_not_tty)
{
	struct fix	 fx = fix_make();
	struct pty	*p = spawn(24, WIDE, no_env, "--stdin-null", "@F", &fx);

	expect_exit(p, 1, "stdin /dev/null");
	expect_on_screen(p, "livehex: the viewer needs a terminal on standard "
	    "input and output", &fx, "stdin /dev/null");
	pty_free(p);
	fix_free(&fx);
}
END_TEST

/* #59: a 10x3 terminal: a short "too small" screen; q quits; it recovers. */
START_TEST(test_tiny_terminal)
{
	struct fix	 fx = fix_make();
	struct pty	*p = spawn(3, 10, no_env, NULL, "@F", &fx);
	int		 status;

	PTY_ASSERT(p, pty_wait_row(p, 0, "too small", E2E_WAIT),
	    "no too-small screen at 10x3");
	PTY_ASSERT(p, pty_wait_row(p, 1, "10x3", E2E_WAIT), "size");
	PTY_ASSERT(p, pty_wait_row(p, 2, "q quits", E2E_WAIT), "how to quit");
	/* Still running, and a bigger terminal brings the view back. */
	ck_assert(!pty_wait_exit(p, 0, &status));
	pty_resize(p, 24, 100);
	wait_frame(p);
	PTY_ASSERT(p, pty_wait_row(p, 1, "00000000", E2E_WAIT), "no rows");
	pty_resize(p, 3, 10);
	PTY_ASSERT(p, pty_wait_row(p, 0, "too small", E2E_WAIT),
	    "no too-small screen after shrinking");
	e2e_quit(p);
	pty_free(p);
	fix_free(&fx);
}
END_TEST

/* The bytes of the "unsafe content" file: escapes, UTF-8, C1, high bytes. */
static const char unsafe_content[] =
	"\033]0;pwned\007\033[2J\033[31mred\xc3\xa9\xc2\x9b\xff\x80\x9b";

/* The ASCII pane of unsafe_content at 16 bytes a row: dots. */
static void
expect_ascii_pane(struct pty *p)
{
	PTY_ASSERT(p, pty_row_find(p, 1, "  .]0;pwned..[2J.[  ", NULL) &&
	    pty_row_find(p, 2, "  31mred.......  ", NULL),
	    "the ASCII pane does not show dots");
}

/*
 * #60: LC_ALL=C: a name and content with UTF-8 (é, and ě whose second
 * byte is 0x9b, CSI in an 8-bit terminal), C1 controls and high bytes.
 * Nothing beyond ASCII reaches the screen; the ASCII pane shows dots.  In
 * a UTF-8 locale the valid name shows as is, the invalid byte as \xff.
 * In the C locale the name reads caf\xc3\xa9\xc4\x9b\xff.
 */
START_TEST(test_non_utf8_locale)
{
	static char	 lc_c[] = "LC_ALL=C";
	char *const	 env_c[] = { unset_no_color, lc_c, NULL };
	struct fix	 fx = fix_make();
	char		*f = tu_file("caf\xc3\xa9\xc4\x9b\xff", unsafe_content,
			    sizeof unsafe_content - 1);
	struct pty	*p = spawn(24, 120, env_c, NULL, f, &fx);

	wait_frame(p);
	PTY_ASSERT(p, pty_row_find(p, 0, "/caf\\xc3\\xa9\\xc4\\x9b\\xff",
	    NULL), "header lacks the escaped name");
	expect_ascii_screen(p, "LC_ALL=C");
	expect_ascii_pane(p);
	ck_assert_str_eq(pty_title(p), "");
	e2e_quit(p);
	pty_free(p);

	p = spawn(24, 120, no_env, NULL, f, &fx);
	wait_frame(p);
	PTY_ASSERT(p, pty_find(p, "caf\xc3\xa9\xc4\x9b\\xff", NULL, NULL),
	    "UTF-8 name not shown as is, or the bad byte not escaped");
	ck_assert_str_eq(pty_title(p), "");
	e2e_quit(p);
	pty_free(p);
	free(f);
	fix_free(&fx);
}
END_TEST

/*
 * #61: a file name full of escape sequences: the header shows it escaped,
 * the window title is never set, the colours are the viewer's own.
 */
START_TEST(test_escapes_in_name)
{
	struct fix	 fx = fix_make();
	char		*f = tu_file(EVIL_NAME, "x", 1);
	struct pty	*p = spawn(24, 120, no_env, NULL, f, &fx);
	int		 row, col;
	struct pty_cell	 c;

	wait_frame(p);
	PTY_ASSERT(p, pty_find(p, EVIL_SHOWN, &row, &col), "name not escaped");
	/* What follows "\e[31m" is not red: nothing was interpreted. */
	pty_cell(p, row, col + (int)strlen(EVIL_SHOWN) - 4, &c);
	PTY_ASSERT(p, c.fg.kind != PTY_COLOR_INDEXED || c.fg.index != 1,
	    "the name turned the header red");
	ck_assert_str_eq(pty_title(p), "");
	e2e_quit(p);
	pty_free(p);
	free(f);
	fix_free(&fx);
}
END_TEST

/*
 * #63: file content with escape sequences: the screen is not cleared, the
 * title not set; the ASCII pane shows dots, a char[N] field shows \e.
 */
START_TEST(test_escapes_in_content)
{
	struct fix	 fx = fix_make();
	char		*f = tu_file("evil-content", unsafe_content,
			    sizeof unsafe_content - 1);
	const char	*lay = "msg 0 char[24]\n";
	char		*l = tu_file("msg.layout", lay, strlen(lay));
	char		*cmd = xasprintf(":layout %s\r", l);
	struct pty	*p = spawn(26, 120, no_env, NULL, f, &fx);

	wait_frame(p);
	PTY_ASSERT(p, pty_row_find(p, 1, "1b 5d 30 3b", NULL), "hex row");
	expect_ascii_pane(p);
	ck_assert_str_eq(pty_title(p), "");
	PTY_ASSERT(p, !pty_find(p, "\\e]0;pwned", NULL, NULL), "early");
	pty_type(p, cmd);
	PTY_ASSERT(p, pty_wait_text(p, "\"\\e]0;pwned\\x07\\e[2J", E2E_WAIT),
	    "char[24] field not escaped");
	expect_ascii_screen(p, "escaped content");
	ck_assert_str_eq(pty_title(p), "");
	e2e_quit(p);
	pty_free(p);
	free(cmd);
	free(l);
	free(f);
	fix_free(&fx);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Errors inside the viewer: it says what is wrong and keeps running.       */

/* One command typed into the running viewer and the message it gives. */
struct app_case {
	const char	*name;
	const char	*typed;		/* keys; @L is the layout file */
	const char	*layout;	/* content of @L, or NULL */
	const char	*want;		/* on the screen; @L replaced */
};

static const struct app_case app_cases[] = {
	{ "#64 malformed search: not a hex digit", "/de zz\r", NULL,
	  "/de zz: 'z' at column 4 is not a hex digit" },
	{ "#64 malformed search: unclosed quote", "/\"open\r", NULL,
	  "/\"open: " },
	{ "#64 malformed search: bad escape", "/\"a\\qb\"\r", NULL,
	  "unknown escape \\q at column 4" },
	{ "#64 malformed search: n before any search", "n", NULL,
	  "no pattern yet" },
	{ "#65 bad offset: garbage", ":12q\r", NULL, "bad character 'q'" },
	{ "#65 bad offset: past the end", ":0x99999\r", NULL,
	  "0x99999 is past the end; at the last byte" },
	{ "#66 unknown command", ":frobnicate\r", NULL,
	  "unknown command \"frobnicate\"" },
	{ "#67 bad :set value: does not fit", ":set u8 300\r", NULL,
	  "does not fit in u8" },
	{ "#67 bad :set value: unknown type", ":set u24 1\r", NULL,
	  "unknown type" },
	{ "#67 bad :set value: unclosed text", ":set \"abc\r", NULL,
	  "the closing" },
	{ "#49 :layout: unknown type", ":layout @L\r", "a 0 u24\n",
	  "@L:1:5: unknown type \"u24\"" },
	{ "#49 :layout: duplicate name", ":layout @L\r", "a 0 u8\na 1 u8\n",
	  "@L:2:1: duplicate name \"a\" (first on line 1)" },
	{ "#49 :layout: overlapping fields", ":layout @L\r",
	  "a 0 u32\nb 2 u16\n", "@L:2:3: bytes 0x2-0x3 overlap \"a\"" },
	{ "#49 :layout: bad offset", ":layout @L\r", "a -4 u8\n",
	  "@L:1:3: an offset is N" },
	{ "#49 :layout: bad array count", ":layout @L\r", "a 0 u8[0]\n",
	  "@L:1:8: count \"0\": out of range (1 to 65536)" },
	{ "#49 :layout: missing file", ":layout @L-missing\r", NULL,
	  "@L-missing: No such file or directory" },
};

/* Replace @L in S by L (malloc'd). */
static char *
subst_layout(const char *s, const char *l)
{
	const char	*at = strstr(s, "@L");

	if (at == NULL)
		return xstrdup(s);
	return xasprintf("%.*s%s%s", (int)(at - s), s, l, at + 2);
}

/* A bad command in the viewer: a message, and the viewer goes on. */
START_TEST(test_in_app)
{
	const struct app_case	*c = &app_cases[_i];
	struct fix		 fx = fix_make();
	char			*l = c->layout != NULL ? tu_file("app.layout",
				    c->layout, strlen(c->layout)) :
				    tu_path("app.layout");
	char			*typed = subst_layout(c->typed, l);
	char			*want = subst_layout(c->want, l);
	unsigned char		*before, *after;
	size_t			 blen, alen;
	struct pty		*p = spawn(24, WIDE, no_env, NULL, "@F", &fx);

	before = tu_slurp(fx.f, &blen);
	wait_frame(p);
	PTY_ASSERT(p, !pty_find(p, want, NULL, NULL), "%s: early", c->name);
	pty_type(p, typed);
	PTY_ASSERT(p, pty_wait_text(p, want, E2E_WAIT), "%s: no \"%s\"",
	    c->name, want);
	/* Still running, keys still work, nothing was written. */
	pty_key(p, VTERM_KEY_ESCAPE, 0);
	pty_type(p, "g");
	ck_assert(e2e_wait_cursor(p, 0));
	pty_type(p, "l");
	ck_assert(e2e_wait_cursor(p, 1));
	e2e_quit(p);
	after = tu_slurp(fx.f, &alen);
	ck_assert(alen == blen && memcmp(before, after, blen) == 0);
	free(after);
	free(before);
	pty_free(p);
	free(want);
	free(typed);
	free(l);
	fix_free(&fx);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The suite and the helpers.                                               */

/* A test case named NAME running FN for loop index I; 60 s budget. */
static void
add_case(Suite *s, const char *name, const TTest *fn, int i)
{
	TCase	*tc = timeout_tcase(name, TIMEOUT_TOOL);

	tcase_add_loop_test(tc, fn, i, i + 1);
	suite_add_tcase(s, tc);
}

/* The suite: one test case per row (or per case of a row). */
static Suite *
errors_tty_suite(void)
{
	Suite	*s = suite_create("errors_tty");

	for (int i = 0; i < (int)(sizeof src_cases / sizeof src_cases[0]);
	    i++)
		add_case(s, src_cases[i].name, test_source, i);
	add_case(s, "#06 /sys file (viewer)", test_sys_file, 0);
	add_case(s, "#10 permission denied (viewer)", test_permission_denied,
	    0);
	add_case(s, "#11 no write permission (viewer: RO, edits refused)",
	    test_no_write_permission, 0);
	add_case(s, "#12 read-only file system (viewer)", test_readonly_fs, 0);
	add_case(s, "#13 zero-size file (viewer)", test_zero_size, 0);
	add_case(s, "#19 --create on a symbolic link (viewer)",
	    test_create_symlink, 0);
	add_case(s, "#21 --create smaller than the file",
	    test_create_never_shrinks, 0);
	add_case(s, "#22 --create mode", test_create_mode, 0);
	add_case(s, "#57 standard output not a terminal", test_stdout_not_tty,
	    0);
	add_case(s, "#58 standard input not a terminal", test_stdin_not_tty,
	    0);
	add_case(s, "#59 terminal 10x3", test_tiny_terminal, 0);
	add_case(s, "#60 non-UTF-8 locale (viewer)", test_non_utf8_locale, 0);
	add_case(s, "#61 escape sequences in a file name (viewer)",
	    test_escapes_in_name, 0);
	add_case(s, "#63 escape sequences in file content (viewer)",
	    test_escapes_in_content, 0);
	for (int i = 0; i < (int)(sizeof app_cases / sizeof app_cases[0]);
	    i++)
		add_case(s, app_cases[i].name, test_in_app, i);
	add_case(s, "#68 -r: edits refused", test_readonly_option, 0);
	return s;
}

/* Helper: become nobody, exec ARGV[0]. */
static int
helper_as_nobody(char **argv)
{
	if (setgroups(0, NULL) == -1 || setgid(NOBODY_ID) == -1 ||
	    setuid(NOBODY_ID) == -1) {
		fprintf(stderr, "check_errors_tty: cannot become nobody: %s\n",
		    strerror(errno));
		return 126;
	}
	execv(argv[0], argv);
	fprintf(stderr, "check_errors_tty: %s: %s\n", argv[0],
	    strerror(errno));
	return 127;
}

/* Helper: a read-only tmpfs on DIR with DIR/f, then exec ARGV[0]. */
static int
helper_in_rofs(const char *dir, char **argv)
{
	static const char	 zero[64];
	char			*f = xasprintf("%s/f", dir);
	int			 fd;

	if (unshare(CLONE_NEWNS) == -1 ||
	    mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1 ||
	    mount("tmpfs", dir, "tmpfs", 0, "size=64k,mode=0755") == -1) {
		fprintf(stderr, "%s\n", strerror(errno));
		return ROFS_UNAVAILABLE;
	}
	fd = open(f, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd == -1 || write(fd, zero, sizeof zero) != sizeof zero ||
	    close(fd) == -1 || mount("tmpfs", dir, "tmpfs", MS_REMOUNT |
	    MS_RDONLY, NULL) == -1) {
		fprintf(stderr, "%s\n", strerror(errno));
		return ROFS_UNAVAILABLE;
	}
	free(f);
	execv(argv[0], argv);
	fprintf(stderr, "check_errors_tty: %s: %s\n", argv[0],
	    strerror(errno));
	return 127;
}

/* Helper: FD from /dev/null, then exec ARGV[0]. */
static int
helper_null(int fd, char **argv)
{
	int	null = open("/dev/null", O_RDWR);

	if (null == -1 || dup2(null, fd) == -1) {
		fprintf(stderr, "check_errors_tty: /dev/null: %s\n",
		    strerror(errno));
		return 126;
	}
	close(null);
	execv(argv[0], argv);
	fprintf(stderr, "check_errors_tty: %s: %s\n", argv[0],
	    strerror(errno));
	return 127;
}

/* Run the suite; or be one of the helpers (see the top of the file). */
int
main(int argc, char **argv)
{
	SRunner	*sr;
	ssize_t	 n;
	int	 failed;

	if (argc > 2 && strcmp(argv[1], "--as-nobody") == 0)
		return helper_as_nobody(argv + 2);
	if (argc > 3 && strcmp(argv[1], "--in-rofs") == 0)
		return helper_in_rofs(argv[2], argv + 3);
	if (argc > 2 && strcmp(argv[1], "--stdin-null") == 0)
		return helper_null(STDIN_FILENO, argv + 2);
	if (argc > 2 && strcmp(argv[1], "--stdout-null") == 0)
		return helper_null(STDOUT_FILENO, argv + 2);
	n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
	if (n <= 0) {
		fprintf(stderr, "check_errors_tty: /proc/self/exe: %s\n",
		    strerror(errno));
		return EXIT_FAILURE;
	}
	self_exe[n] = '\0';
	sr = srunner_create(errors_tty_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
