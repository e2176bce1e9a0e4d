/* SPDX-License-Identifier: ISC */
/*
 * check_errors.c - every bad input of docs/errors.md that the command line
 * can show, run as the real binary.
 *
 * Each row of the table in docs/errors.md that a user sees on stderr has
 * one test case here, named "#NN what" after the row.  A row runs one or
 * more commands (the same bad input given to dump, peek, poke and watch,
 * say) and checks for each the exit status, the key part of the message,
 * that stdout is empty, and - for every command of every row - that no raw
 * ESC, BEL or C1 control byte reached stderr: an error message must never
 * be a way to inject a terminal escape sequence.
 *
 * The viewer checks its options (and its --layout file), then insists on
 * a terminal before it creates or opens anything.  Here its standard input
 * is /dev/null and its output a pipe, so only its option errors are here
 * (and row 57, "needs a terminal"); what it says about SOURCE and
 * --create, and everything it shows on the screen, is checked in
 * tests/e2e/check_errors_tty.c.  `demo --writer FILE` creates FILE as
 * --create does and needs no terminal: the --create rows use it here.
 *
 * Three rows need a different user or a different file system, and this
 * binary re-executes itself as a helper that then execs PROGRAM (so
 * tu_run captures it like any other run):
 *   check_errors --as-nobody PROGRAM ARGS...      as uid/gid 65534 (as
 *       root, who ignores file modes)
 *   check_errors --in-rofs DIR PROGRAM ARGS...    in a private mount
 *       namespace, DIR a tmpfs holding a 64-byte file DIR/f, remounted
 *       read-only
 *   check_errors --in-mount DEV DIR PROGRAM ARGS... in a private mount
 *       namespace, block device DEV (ext2) mounted on DIR
 * Where a namespace or a mount is impossible (not root, no CAP_SYS_ADMIN,
 * a container without mount rights) the helper exits 125 and the row says
 * it skipped, and why.
 *
 * Table arguments are separated by '|' (an argument may hold spaces);
 * '' is an empty argument.  Placeholders, in arguments and in expected
 * messages:
 *   @F  a 64-byte file           @E  an empty file
 *   @M  a missing file           @D  a directory
 *   @P  a FIFO                   @S  a socket
 *   @Y  the row's layout file    @L  a symbolic link to a missing file
 *   @X  a /sys file              @N  a missing file named with escapes
 *   @Q  @N as the message shows it (escaped)
 */
#include "config.h"

#include <check.h>
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <stdbool.h>
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
#include "testutil.h"
#include "xmalloc.h"

/* The uid and gid of nobody. */
#define NOBODY_ID	65534
/* What the namespace helpers exit with when they cannot set things up. */
#define NS_UNAVAILABLE		125

/* A file name full of escape sequences: a title change, a colour, BEL. */
#define EVIL_NAME	"evil\033]0;pwned\007\033[31mname"
/* The same name as every message must show it. */
#define EVIL_SHOWN	"evil\\e]0;pwned\\x07\\e[31mname"

/* This test binary, for re-executing itself as a helper. */
static char	self_exe[PATH_MAX];

/* One finished run of the binary. */
struct run {
	int	 status;	/* wait(2) status */
	char	*out;		/* stdout, NUL-terminated */
	size_t	 outlen;
	char	*err;		/* stderr, NUL-terminated */
};

/* The fixtures a row's placeholders stand for (all malloc'd). */
struct fix {
	char	*f, *e, *m, *d, *p, *s, *y, *l, *n;
	char	*x;		/* a /sys file, or NULL when there is none */
};

/* ------------------------------------------------------------------------ */
/* Helpers.                                                                 */

/* Describe a wait(2) status. */
static const char *
status_str(int status)
{
	static char	buf[64];

	if (WIFEXITED(status))
		snprintf(buf, sizeof buf, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, sizeof buf, "signal %d", WTERMSIG(status));
	else
		snprintf(buf, sizeof buf, "status %#x", status);
	return buf;
}

/* Replace each placeholder of S (see the top of the file); malloc'd. */
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
		char		*tmp = NULL;

		if (s[0] == '@') {
			switch (s[1]) {
			case 'F': r = fx->f; break;
			case 'E': r = fx->e; break;
			case 'M': r = fx->m; break;
			case 'D': r = fx->d; break;
			case 'P': r = fx->p; break;
			case 'S': r = fx->s; break;
			case 'Y': r = fx->y; break;
			case 'L': r = fx->l; break;
			case 'N': r = fx->n; break;
			case 'X': r = fx->x != NULL ? fx->x : "/sys"; break;
			case 'Q':
				/* The directory is plain ASCII: only the name
				   needs escaping. */
				tmp = xstrdup(fx->n);
				*strrchr(tmp, '/') = '\0';
				snprintf(out + o, cap - o, "%s/%s", tmp,
				    EVIL_SHOWN);
				o += strlen(out + o);
				free(tmp);
				s++;
				continue;
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
 * Run livehex with the arguments in ARGS split on '|' (placeholders
 * replaced), behind the helper PREFIX (NULL, or "--as-nobody" or
 * "--in-rofs|DIR"), stdin from /dev/null.
 */
static struct run
run_args(const char *prefix, const char *args, const struct fix *fx)
{
	char		**argv = xcalloc(64, sizeof *argv);
	char		 *copy, *p, *pre;
	unsigned char	 *out;
	int		  n = 0;
	struct run	  r;

	if (prefix != NULL) {
		argv[n++] = xstrdup(self_exe);
		pre = xstrdup(prefix);
		for (p = pre; p != NULL; )
			argv[n++] = xstrdup(strsep(&p, "|"));
		free(pre);
	}
	argv[n++] = xstrdup(tu_livehex());
	copy = subst(args, fx);
	for (p = copy; p != NULL && *args != '\0'; ) {
		const char	*tok = strsep(&p, "|");

		ck_assert_msg(n < 62, "too many arguments");
		argv[n++] = xstrdup(strcmp(tok, "''") == 0 ? "" : tok);
	}
	argv[n] = NULL;
	r.status = tu_run(argv, NULL, &out, &r.outlen, &r.err);
	r.out = xmalloc(r.outlen + 1);
	memcpy(r.out, out, r.outlen);
	r.out[r.outlen] = '\0';
	free(out);
	while (n > 0)
		free(argv[--n]);
	free(argv);
	free(copy);
	return r;
}

/* Free a run's buffers. */
static void
run_free(struct run *r)
{
	free(r->out);
	free(r->err);
}

/* Fail unless R exited with CODE; WHAT names the run in the message. */
static void
expect_exit(const struct run *r, int code, const char *what)
{
	ck_assert_msg(WIFEXITED(r->status) && WEXITSTATUS(r->status) == code,
	    "%s: %s, want exit %d\nstdout: %s\nstderr: %s", what,
	    status_str(r->status), code, r->out, r->err);
}

/* Fail if S holds a byte that could start or end a terminal sequence. */
static void
expect_no_raw_controls(const char *s, const char *what)
{
	const unsigned char	*u = (const unsigned char *)s;

	for (size_t i = 0; u[i] != '\0'; i++) {
		ck_assert_msg(u[i] != 0x1b && u[i] != 0x07 && u[i] != 0x9b &&
		    u[i] != 0x9d, "%s: raw control byte 0x%02x at %zu:\n%s",
		    what, u[i], i, s);
		/* C1 controls in UTF-8: U+0080..U+009F are C2 80..C2 9F. */
		ck_assert_msg(!(u[i] == 0xc2 && u[i + 1] >= 0x80 &&
		    u[i + 1] <= 0x9f), "%s: raw C1 control at %zu:\n%s", what,
		    i, s);
	}
}

/* Fail unless NEEDLE (placeholders replaced) is in the run's stderr. */
static void
expect_err_has(const struct run *r, const char *needle,
    const struct fix *fx, const char *what)
{
	char	*w = subst(needle, fx);

	ck_assert_msg(strstr(r->err, w) != NULL, "%s: stderr lacks '%s':\n%s",
	    what, w, r->err);
	free(w);
}

/* Make a socket at PATH (left bound; the process exits soon enough). */
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

/* The fixtures, with the layout file holding LAYOUT (may be NULL). */
static struct fix
fix_make(const char *layout)
{
	static const char *const	 sys[] = { "/sys/kernel/uevent_seqnum",
		"/sys/power/state", "/sys/kernel/mm/transparent_hugepage/enabled",
		NULL };
	struct fix			 fx;

	memset(&fx, 0, sizeof fx);
	fx.f = tu_pattern_file("f64", 64, 7);
	fx.e = tu_file("empty", "", 0);
	fx.m = tu_path("no-such-file");
	fx.d = tu_path("a-dir");
	fx.p = tu_path("a-fifo");
	fx.s = tu_path("a-sock");
	fx.l = tu_path("a-link");
	fx.n = tu_path(EVIL_NAME);
	fx.y = layout != NULL ? tu_file("bad.layout", layout,
	    strlen(layout)) : tu_path("bad.layout");
	/* EEXIST: with CK_FORK=no every test shares one directory. */
	ck_assert(mkdir(fx.d, 0700) == 0 || errno == EEXIST);
	ck_assert(mkfifo(fx.p, 0600) == 0 || errno == EEXIST);
	make_socket(fx.s);
	ck_assert(symlink("link-target", fx.l) == 0 || errno == EEXIST);
	for (int i = 0; sys[i] != NULL && fx.x == NULL; i++)
		if (access(sys[i], F_OK) == 0)
			fx.x = xstrdup(sys[i]);
	return fx;
}

/* Free the fixtures' names. */
static void
fix_free(struct fix *fx)
{
	free(fx->f); free(fx->e); free(fx->m); free(fx->d); free(fx->p);
	free(fx->s); free(fx->y); free(fx->l); free(fx->n); free(fx->x);
}

/* ------------------------------------------------------------------------ */
/* The table rows: commands, statuses and messages.                         */

/* How a row runs. */
enum {
	ROW_USAGE	= 1 << 0,	/* a usage text follows the message */
	ROW_NOPREFIX	= 1 << 1,	/* stderr need not start "livehex: " */
	ROW_NEEDS_SYS	= 1 << 2,	/* needs a /sys file (@X) */
};

/* One command of a row and what it must give. */
struct row_cmd {
	const char	*args;		/* '|'-separated, after "livehex" */
	int		 status;
	const char	*want[3];	/* each must appear on stderr */
	unsigned	 flags;
};

/* One row of docs/errors.md. */
struct row {
	const char	*name;		/* "#NN what": the test case name */
	const char	*layout;	/* content of @Y, or NULL */
	unsigned	 flags;
	struct row_cmd	 cmd[6];
};

/* The list of types in the layout messages, shortened for the table. */
#define LT	"(u8 i8 u16 i16 u32 i32 u64 i64 f32 f64 with le or be, " \
		"bytes[N], char[N], TYPE[N], or a struct or enum defined above)"

static const struct row rows[] = {
	/* What SOURCE is. */
	{ "#01 missing file", NULL, 0, {
	    { "dump|@M", 1, { "livehex: @M: no such file\n" }, 0 },
	    { "peek|@M|0|u8", 1, { "livehex: @M: no such file\n" }, 0 },
	    { "poke|@M|0|00", 1, { "livehex: @M: no such file\n" }, 0 },
	    { "watch|--count|1|@M", 1, { "livehex: @M: no such file\n" },
	      0 } } },
	{ "#02 directory", NULL, 0, {
	    { "dump|@D", 1, { "livehex: @D: is a directory\n" }, 0 },
	    { "poke|@D|0|00", 1, { "livehex: @D: is a directory\n" }, 0 },
	    { "watch|--count|1|@D", 1, { "livehex: @D: is a directory\n" },
	      0 } } },
	{ "#03 FIFO (never blocks)", NULL, 0, {
	    { "dump|@P", 1, { "livehex: @P: is a pipe (FIFO); a pipe cannot "
	      "be mapped\n" }, 0 },
	    { "peek|@P|0|u8", 1, { "livehex: @P: is a pipe (FIFO)" }, 0 } } },
	{ "#04 socket", NULL, 0, {
	    { "dump|@S", 1, { "livehex: @S: is a socket; a socket cannot be "
	      "mapped\n" }, 0 },
	    { "poke|@S|0|00", 1, { "livehex: @S: is a socket" }, 0 } } },
	{ "#05 /proc file", NULL, 0, {
	    { "dump|/proc/self/status", 1, { "livehex: /proc/self/status: is "
	      "a /proc pseudo-file; it cannot be mapped (read it with cat "
	      "instead)\n" }, 0 },
	    { "peek|/proc/cpuinfo|0|u8", 1, { "is a /proc pseudo-file" }, 0 } } },
	{ "#06 /sys file", NULL, ROW_NEEDS_SYS, {
	    { "dump|@X", 1, { "livehex: @X: is a /sys pseudo-file; it cannot "
	      "be mapped (read it with cat instead)\n" }, 0 },
	    { "peek|@X|0|u8", 1, { "is a /sys pseudo-file" }, 0 } } },
	{ "#07 /dev/null (a character device)", NULL, 0, {
	    { "dump|/dev/null", 1, { "livehex: /dev/null: is a character "
	      "device (1:3); the device does not support shared mapping "
	      "(livehex maps regular files and block devices)\n" }, 0 },
	    { "dump|/dev/urandom", 1, { "is a character device (1:9)" },
	      0 } } },
	{ "#08 /dev/zero", NULL, 0, {
	    { "dump|/dev/zero", 1, { "livehex: /dev/zero: is /dev/zero: "
	      "mapping it gives private anonymous memory, there is nothing "
	      "to watch\n" }, 0 },
	    { "watch|--count|1|/dev/zero", 1, { "nothing to watch" }, 0 } } },
	{ "#09 empty SOURCE argument", NULL, 0, {
	    { "dump|''", 1, { "livehex: : SOURCE is empty\n" }, 0 },
	    { "peek|''|0|u8", 1, { "livehex: : SOURCE is empty\n" }, 0 } } },
	{ "#13 zero-size file", NULL, 0, {
	    { "dump|@E", 0, { NULL }, 0 },
	    { "peek|@E|0|u8", 1, { "livehex: @E: 1 byte at offset 0 (0x0) "
	      "would run past the end of the file (size 0 bytes)\n" }, 0 },
	    { "poke|@E|0|00", 1, { "(size 0 bytes); nothing was written" },
	      0 } } },
	{ "#16 - (standard input) where a file must be mapped", NULL, 0, {
	    { "peek|-|0|u8", 2, { "livehex: peek: SOURCE cannot be - "
	      "(standard input): peek reads through a shared mapping of a "
	      "file, and a stream cannot be mapped\n" }, 0 },
	    { "watch|-", 2, { "livehex: watch: SOURCE cannot be - (standard "
	      "input): a stream cannot be mapped\n" }, ROW_USAGE },
	    { "poke|-|0|00", 2, { "standard input", "mapped" }, 0 } } },
	{ "#17 shm:NAME that does not exist", NULL, 0, {
	    { "dump|shm:livehex-no-such-object", 1, { "livehex: "
	      "shm:livehex-no-such-object: no POSIX shared memory object "
	      "\"livehex-no-such-object\" in /dev/shm (livehex list shows "
	      "them; --create SIZE makes one)\n" }, 0 } } },
	{ "#18 sysv: and pid: that are garbage or gone", NULL, 0, {
	    { "dump|sysv:abc", 1, { "livehex: sysv:abc: sysv:SHMID takes a segment "
	      "id (a number, as livehex list shows)\n" }, 0 },
	    { "dump|pid:abc", 1, { "livehex: pid:abc: pid:PID takes a process id "
	      "(a positive number)\n" }, 0 },
	    { "peek|pid:999999999|0|u8", 1, { "livehex: pid:999999999: no such "
	      "process\n" }, 0 },
	    { "list|--pid|abc", 2, { "livehex: list: --pid abc: pid:PID takes "
	      "a process id (a positive number)\n" }, ROW_USAGE },
	    { "list|--pid|999999999", 1, { "livehex: pid:999999999: no such "
	      "process\n" }, 0 } } },

	/* --create. */
	{ "#20 --create on a directory or a device", NULL, 0, {
	    { "demo|--writer|@D", 1, { "livehex: @D: cannot create: Is a "
	      "directory\n" }, 0 },
	    { "demo|--writer|/dev/null", 1, { "livehex: /dev/null: exists "
	      "and is not a regular file; --create only creates or grows "
	      "regular files\n" }, 0 } } },
	{ "#23 --create with a bad SIZE", NULL, 0, {
	    { "--create|0|@M", 2, { "livehex: \"0\": must be greater than "
	      "zero\n" }, 0 },
	    { "--create|12q|@M", 2, { "livehex: \"12q\": not a number (bad "
	      "character 'q' at position 3)\n" }, 0 },
	    { "--create|-1|@M", 2, { "livehex: \"-1\": not a number (a sign "
	      "is not allowed here)\n" }, 0 },
	    { "--create|99999999999999999999|@M", 2, { "livehex: "
	      "\"99999999999999999999\": too large (more than 2^64-1)\n" },
	      0 } } },
	{ "#24 --mode that is wrong or alone, --create with -r", NULL, 0, {
	    { "--create|4K|--mode|999|@M", 2, { "livehex: --mode 999: not an "
	      "octal file mode (such as 600 or 0644)\n" }, 0 },
	    { "--create|4K|--mode|-644|@M", 2, { "--mode -644: not an octal "
	      "file mode" }, 0 },
	    { "--mode|644|@F", 2, { "livehex: --mode only applies with "
	      "--create\n" }, 0 },
	    { "-r|--create|4K|@M", 2, { "livehex: --create and -r contradict "
	      "each other\n" }, 0 } } },

	/* Offsets, lengths and counts. */
	{ "#25 dump -s before the start", NULL, 0, {
	    { "dump|-s|-100|@F", 2, { "livehex: @F: offset -100 is before the "
	      "start (the source has 64 bytes)\n" }, 0 },
	    { "dump|-s|-5|-", 2, { "-s -5", "standard input" }, 0 } } },
	{ "#26 dump offsets and lengths too large", NULL, 0, {
	    { "dump|-s|99999999999999999999|@F", 2, { "livehex: dump: -s: "
	      "\"99999999999999999999\": too large (more than 2^64-1)\n" },
	      0 },
	    { "dump|-l|18446744073709551616|@F", 2, { "-l: "
	      "\"18446744073709551616\": too large" }, 0 },
	    { "dump|-s|16E|@F", 2, { "-s: \"16E\"" }, 0 } } },
	{ "#27 dump numbers that are garbage", NULL, 0, {
	    { "dump|-s|12q|@F", 2, { "livehex: dump: -s: \"12q\": not a "
	      "number (bad character 'q' at position 3)\n" }, 0 },
	    { "dump|-l|0x|@F", 2, { "-l: \"0x\": not a number (no digits "
	      "after \"0x\")" }, 0 },
	    { "dump|-l||@F", 2, { "-l: \"\": not a number (empty)" }, 0 },
	    { "dump|-s|1 2|@F", 2, { "-s: \"1 2\": not a number" }, 0 } } },
	{ "#28 dump -l negative", NULL, 0, {
	    { "dump|-l|-1|@F", 2, { "livehex: dump: -l: \"-1\": not a number "
	      "(a sign is not allowed here)\n" }, 0 } } },
	{ "#29 dump -c and -g out of range", NULL, 0, {
	    { "dump|-c|0|@F", 2, { "livehex: dump: -c: \"0\": out of range "
	      "(1 to 256)\n" }, 0 },
	    { "dump|-c|999|@F", 2, { "livehex: dump: -c: \"999\": out of "
	      "range (1 to 256)\n" }, 0 },
	    { "dump|-g|-1|@F", 2, { "livehex: dump: -g: \"-1\": not a number "
	      "(a sign is not allowed here)\n" }, 0 } } },
	{ "#30 dump -s past the end", NULL, 0, {
	    { "dump|-s|1000|@F", 0, { NULL }, 0 } } },
	{ "#31 poke and peek OFFSET negative", NULL, 0, {
	    { "poke|@F|-1|00", 2, { "livehex: poke: unknown option -1\n" },
	      ROW_USAGE },
	    { "poke|--|@F|-1|00", 2, { "livehex: poke: OFFSET \"-1\": not a "
	      "number (a sign is not allowed here)\n" }, 0 },
	    { "peek|--|@F|-4|u8", 2, { "livehex: peek: OFFSET \"-4\": not a "
	      "number (a sign is not allowed here)\n" }, 0 },
	    { "poke|@F|+4|00", 2, { "OFFSET \"+4\"" }, 0 } } },
	{ "#32 poke and peek OFFSET huge", NULL, 0, {
	    { "poke|@F|0xffffffffffffffff|00", 1, { "livehex: @F: ",
	      "past the end", "nothing was written" }, 0 },
	    { "poke|@F|99999999999999999999|00", 2, { "livehex: poke: OFFSET "
	      "\"99999999999999999999\": too large (more than 2^64-1)\n" },
	      0 },
	    { "peek|@F|99999999999999999999|u8", 2, { "livehex: peek: OFFSET "
	      "\"99999999999999999999\": too large (more than 2^64-1)\n" },
	      0 } } },
	{ "#33 poke and peek OFFSET garbage", NULL, 0, {
	    { "poke|@F|12q|00", 2, { "livehex: poke: OFFSET \"12q\": not a "
	      "number (bad character 'q' at position 3)\n" }, 0 },
	    { "peek|@F|12q|u8", 2, { "livehex: peek: OFFSET \"12q\": not a "
	      "number (bad character 'q' at position 3)\n" }, 0 } } },
	{ "#34 peek and poke past the end", NULL, 0, {
	    { "peek|@F|64|u8", 1, { "livehex: @F: 1 byte at offset 64 (0x40) "
	      "would run past the end of the file (size 64 bytes)\n" }, 0 },
	    { "peek|@F|0|bytes:999", 1, { "999 bytes at offset 0 (0x0) would "
	      "run past the end" }, 0 },
	    { "poke|@F|60|u64:1", 1, { "past the end",
	      "nothing was written" }, 0 } } },
	{ "#35 watch options out of range or garbage", NULL, 0, {
	    { "watch|-s|-1|@F", 2, { "livehex: watch: -s: \"-1\": not a "
	      "number (a sign is not allowed here)\n" }, 0 },
	    { "watch|-s|12q|@F", 2, { "livehex: watch: -s: \"12q\": not a "
	      "number (bad character 'q' at position 3)\n" }, 0 },
	    { "watch|-l|0|@F", 2, { "livehex: watch: -l: \"0\": out of range "
	      "(1 to 1073741824)\n" }, 0 },
	    { "watch|--count|0|@F", 2, { "livehex: watch: --count: \"0\": "
	      "must be greater than zero\n" }, 0 },
	    { "watch|--interval|0|@F", 2, { "livehex: watch: --interval: "
	      "\"0\": out of range (1 to 1000)\n" }, 0 },
	    { "watch|--interval|99999|@F", 2, { "livehex: watch: --interval: "
	      "\"99999\": out of range (1 to 1000)\n" }, 0 } } },
	{ "#36 viewer -c and --interval out of range or garbage", NULL, 0, {
	    { "-c|0|@F", 2, { "livehex: \"0\": out of range (1 to 256)\n" },
	      0 },
	    { "-c|999|@F", 2, { "livehex: \"999\": out of range (1 to "
	      "256)\n" }, 0 },
	    { "-c|12q|@F", 2, { "livehex: \"12q\": not a number (bad "
	      "character 'q' at position 3)\n" }, 0 },
	    { "--interval|0|@F", 2, { "livehex: \"0\": out of range (1 to "
	      "1000)\n" }, 0 },
	    { "--interval|99999|@F", 2, { "livehex: \"99999\": out of range "
	      "(1 to 1000)\n" }, 0 },
	    { "--interval|-5|@F", 2, { "livehex: \"-5\": not a number (a sign "
	      "is not allowed here)\n" }, 0 } } },

	/* Values. */
	{ "#37 typed value that does not fit", NULL, 0, {
	    { "poke|@F|0|u8:300", 2, { "livehex: poke: value 1 \"u8:300\": "
	      "\"300\": does not fit in u8 (0 to 255), at column 4; "
	      "nothing was written\n" }, 0 },
	    { "poke|@F|0|i8:-129", 2, { "does not fit in i8" }, 0 } } },
	{ "#38 unknown type", NULL, 0, {
	    { "poke|@F|0|u24:1", 2, { "livehex: poke: value 1 \"u24:1\": "
	      "\"u24\": unknown type (u8 i8 u16 i16 u32 i32 u64 i64 f32 f64, "
	      "with le or be), at column 1; nothing was written\n" }, 0 },
	    { "peek|@F|0|u24", 2, { "livehex: peek: TYPE \"u24\": unknown "
	      "type (u8 i8 u16 i16 u32 i32 u64 i64 f32 f64, with le or be); "
	      "or bytes:N, text:N\n" }, 0 } } },
	{ "#39 odd number of hex digits, not a hex digit", NULL, 0, {
	    { "poke|@F|0|abc", 2, { "livehex: poke: value 1 \"abc\": lone "
	      "hex digit 'c' at column 3: a byte is two digits (write 0c); "
	      "nothing was written\n" }, 0 },
	    { "poke|@F|0|zz", 2, { "'z' at column 1 is not a hex digit" },
	      0 } } },
	{ "#40 bad escape in text:", NULL, 0, {
	    { "poke|@F|0|text:a\\qb", 2, { "livehex: poke: value 1 "
	      "\"text:a\\\\qb\": unknown escape \\q at column 8 (use \\n \\t "
	      "\\r \\0 \\e \\\\ \\\" \\' \\xNN); nothing was written\n" },
	      0 },
	    { "poke|@F|0|text:\\x4", 2, { "two hex digits" }, 0 } } },
	{ "#41 peek with a zero count", NULL, 0, {
	    { "peek|@F|0|bytes:0", 2, { "livehex: peek: TYPE bytes:0: the "
	      "count \"0\": must be greater than zero\n" }, 0 },
	    { "peek|@F|0|text:0", 2, { "TYPE text:0: the count \"0\"" },
	      0 } } },

	/* Layout files (--layout FILE: checked before the screen is taken). */
	{ "#42 layout: unknown type", "a 0 u24\n", 0, {
	    { "--layout|@Y|@F", 2, { "livehex: @Y:1:5: unknown type \"u24\" "
	      LT "\n" }, 0 } } },
	{ "#43 layout: duplicate name", "a 0 u8\na 1 u8\n", 0, {
	    { "--layout|@Y|@F", 2, { "livehex: @Y:2:1: duplicate name \"a\" "
	      "(first on line 1)\n" }, 0 } } },
	{ "#44 layout: overlapping fields", "a 0 u32\nb 2 u16\n", 0, {
	    { "--layout|@Y|@F", 2, { "livehex: @Y:2:3: bytes 0x2-0x3 overlap "
	      "\"a\" (0x0-0x3, line 1)\n" }, 0 } } },
	{ "#45 layout: bad offset", "a -4 u8\n", 0, {
	    { "--layout|@Y|@F", 2, { "livehex: @Y:1:3: an offset is N (from "
	      "the start) or +N (after the previous field), not \"-4\"\n" },
	      0 } } },
	{ "#46 layout: bad array count", "a 0 u8[0]\n", 0, {
	    { "--layout|@Y|@F", 2, { "livehex: @Y:1:8: count \"0\": out of "
	      "range (1 to 65536)\n" }, 0 } } },
	{ "#47 layout: missing file or a directory", NULL, 0, {
	    { "--layout|@M|@F", 2, { "livehex: @M: No such file or "
	      "directory\n" }, 0 },
	    { "--layout|@D|@F", 2, { "livehex: @D: Is a directory\n" }, 0 } } },
	{ "#48 layout: no fields, or not text", "# only a comment\n", 0, {
	    { "--layout|@Y|@F", 2, { "livehex: @Y:1:1: no fields (a layout "
	      "needs at least one)\n" }, 0 } } },

	/* The command line itself. */
	{ "#50 no arguments", NULL, 0, {
	    { "", 2, { "usage: livehex " }, ROW_NOPREFIX } } },
	{ "#52 unknown viewer option", NULL, 0, {
	    { "--bogus|@F", 2, { "livehex: --bogus: unknown option",
	      "\nusage: livehex " }, ROW_NOPREFIX } } },
	{ "#53 option without its value", NULL, 0, {
	    { "dump|@F|-s", 2, { "livehex: dump: option -s needs a value\n" },
	      ROW_USAGE },
	    { "-c", 2, { "livehex: -c: needs a value" },
	      ROW_NOPREFIX },
	    { "demo|--writer", 2, { "livehex: demo: option --writer needs a "
	      "value\n" }, ROW_USAGE } } },
	{ "#54 more than one SOURCE", NULL, 0, {
	    { "@F|@F", 2, { "livehex: one SOURCE at a time\n" }, ROW_USAGE },
	    { "dump|@F|@F", 2, { "livehex: dump: unexpected argument \"@F\" "
	      "after SOURCE (only one SOURCE; redirect to save the "
	      "output)\n" }, ROW_USAGE },
	    { "watch|@F|@F", 2, { "livehex: watch: unexpected argument \"@F\" "
	      "after SOURCE (only one SOURCE)\n" }, ROW_USAGE },
	    { "list|extra", 2, { "livehex: list: unexpected argument "
	      "\"extra\"\n" }, ROW_USAGE },
	    { "demo|extra", 2, { "livehex: demo: unexpected argument "
	      "\"extra\"\n" }, ROW_USAGE } } },
	{ "#55 mistyped subcommand", NULL, 0, {
	    { "dumb|@F", 2, { "livehex: one SOURCE at a time\n" },
	      ROW_USAGE } } },
	{ "#56 subcommand without its arguments or with an unknown option",
	    NULL, 0, {
	    { "dump", 2, { "livehex: dump: no SOURCE given (a file, or - for "
	      "standard input)\n" }, ROW_USAGE },
	    { "poke|@F|0", 2, { "livehex: poke: no VALUE" }, ROW_USAGE },
	    { "peek|@F|0", 2, { "livehex: peek: no TYPE given\n" },
	      ROW_USAGE },
	    { "poke|-x|@F|0|00", 2, { "livehex: poke: unknown option -x\n" },
	      ROW_USAGE },
	    { "watch|-c|0|@F", 2, { "livehex: watch: unknown option -c\n" },
	      ROW_USAGE } } },
	{ "#57 viewer without a terminal", NULL, 0, {
	    { "@F", 1, { "livehex: the viewer needs a terminal on standard "
	      "input and output (for a plain dump use: livehex dump FILE)\n" },
	      0 },
	    { "demo", 1, { "the viewer needs a terminal" }, 0 } } },
	/* session (issue 15): said before the terminal is needed. */
	{ "#58 --session FILE missing", NULL, 0, {
	    { "--session|@M|@F", 2, { "livehex: --session @M: No such file "
	      "or directory\n" }, 0 } } },
};

/* Run command C of ROW with fixtures FX and check all it must give. */
static void
check_cmd(const struct row *row, const struct row_cmd *c,
    const struct fix *fx)
{
	unsigned	 flags = row->flags | c->flags;
	char		*what = xasprintf("%s: livehex %s", row->name, c->args);
	struct run	 r;

	r = run_args(NULL, c->args, fx);
	expect_exit(&r, c->status, what);
	ck_assert_msg(r.outlen == 0, "%s: stdout: %s", what, r.out);
	expect_no_raw_controls(r.err, what);
	if (c->want[0] == NULL)
		ck_assert_msg(r.err[0] == '\0', "%s: stderr: %s", what, r.err);
	else if (!(flags & ROW_NOPREFIX))
		ck_assert_msg(strncmp(r.err, "livehex: ", 9) == 0,
		    "%s: stderr does not start with \"livehex: \": %s", what,
		    r.err);
	for (int k = 0; k < 3 && c->want[k] != NULL; k++)
		expect_err_has(&r, c->want[k], fx, what);
	if (flags & ROW_USAGE)
		ck_assert_msg(strstr(r.err, "\nusage: livehex ") != NULL,
		    "%s: no usage text:\n%s", what, r.err);
	else if (c->want[0] != NULL && !(flags & ROW_NOPREFIX))
		ck_assert_msg(strchr(r.err, '\n') == r.err + strlen(r.err) - 1,
		    "%s: want one line on stderr:\n%s", what, r.err);
	run_free(&r);
	free(what);
}

/* One row of the table: every command in it. */
START_TEST(test_row)
{
	const struct row	*row = &rows[_i];
	struct fix		 fx = fix_make(row->layout);

	if ((row->flags & ROW_NEEDS_SYS) && fx.x == NULL) {
		fprintf(stderr, "# %s: skipped: no /sys file to try\n",
		    row->name);
		fix_free(&fx);
		return;
	}
	for (int i = 0; i < 6 && row->cmd[i].args != NULL; i++)
		check_cmd(row, &row->cmd[i], &fx);
	fix_free(&fx);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* Rows that need more than a message check.                                */

/* Make the test directory and file F reachable by nobody (as root). */
static void
open_up_for_nobody(const char *f, mode_t mode)
{
	char	*dir = xstrdup(f);

	*strrchr(dir, '/') = '\0';
	ck_assert_int_eq(chmod(dir, 0755), 0);
	ck_assert_int_eq(chmod(f, mode), 0);
	free(dir);
}

/*
 * #10: a file the user may not read.  As root the commands run as nobody
 * on a root-owned 0600 file; otherwise the file is made 0000.
 */
START_TEST(test_permission_denied)
{
	static const char *const	 cmds[] = { "dump|@F", "peek|@F|0|u8",
		"poke|@F|0|00", "watch|--count|1|@F", NULL };
	struct fix			 fx = fix_make(NULL);
	bool				 root = geteuid() == 0;
	unsigned char			*before, *after;
	size_t				 blen, alen;

	before = tu_slurp(fx.f, &blen);
	if (root)
		open_up_for_nobody(fx.f, 0600);
	else
		ck_assert_int_eq(chmod(fx.f, 0), 0);
	for (int i = 0; cmds[i] != NULL; i++) {
		struct run	 r = run_args(root ? "--as-nobody" : NULL,
				    cmds[i], &fx);

		expect_exit(&r, 1, cmds[i]);
		expect_err_has(&r, "livehex: @F: permission denied (cannot read "
		    "it)\n", &fx, cmds[i]);
		ck_assert_msg(r.outlen == 0, "%s: stdout: %s", cmds[i], r.out);
		run_free(&r);
	}
	ck_assert_int_eq(chmod(fx.f, 0600), 0);
	after = tu_slurp(fx.f, &alen);
	ck_assert(alen == blen && memcmp(before, after, blen) == 0);
	free(before);
	free(after);
	fix_free(&fx);
}
END_TEST

/*
 * #11: a file the user may read but not write: poke refuses and writes
 * nothing, peek and dump work (the viewer's RO header: check_errors_tty).
 */
START_TEST(test_no_write_permission)
{
	struct fix	 fx = fix_make(NULL);
	bool		 root = geteuid() == 0;
	unsigned char	*before, *after;
	size_t		 blen, alen;
	struct run	 r;
	char		 want[16];

	before = tu_slurp(fx.f, &blen);
	if (root)
		open_up_for_nobody(fx.f, 0644);
	else
		ck_assert_int_eq(chmod(fx.f, 0444), 0);
	r = run_args(root ? "--as-nobody" : NULL, "poke|@F|0|u32:1|deadbeef",
	    &fx);
	expect_exit(&r, 1, "poke");
	expect_err_has(&r, "livehex: @F: read-only: no write permission; "
	    "nothing was written\n", &fx, "poke");
	run_free(&r);
	/*
	 * demo --writer grows its file as --create does: refused too (with
	 * --force, or it would refuse F for not being empty instead).
	 */
	r = run_args(root ? "--as-nobody" : NULL, "demo|--writer|@F|--force",
	    &fx);
	expect_exit(&r, 1, "demo --writer");
	expect_err_has(&r, "livehex: @F: permission denied\n", &fx,
	    "demo --writer");
	run_free(&r);
	r = run_args(root ? "--as-nobody" : NULL, "peek|@F|0|u8", &fx);
	expect_exit(&r, 0, "peek");
	snprintf(want, sizeof want, "%u\n", before[0]);
	ck_assert_str_eq(r.out, want);
	run_free(&r);
	after = tu_slurp(fx.f, &alen);
	ck_assert(alen == blen && memcmp(before, after, blen) == 0);
	free(before);
	free(after);
	fix_free(&fx);
}
END_TEST

/*
 * #12: a read-only file system (a tmpfs remounted read-only in a private
 * mount namespace): poke and --create refuse and say why.
 */
START_TEST(test_readonly_fs)
{
	struct fix	 fx = fix_make(NULL);
	char		*dir = tu_path("rofs"), *pre = xasprintf("--in-rofs|%s",
			    dir), *f = xasprintf("%s/f", dir);
	char		*poke = xasprintf("poke|%s|0|00", f);
	char		*create = xasprintf("demo|--writer|%s/new", dir);
	char		*grow = xasprintf("demo|--writer|%s|--force", f);
	char		*peek = xasprintf("peek|%s|0|u8", f);
	struct run	 r;

	ck_assert(mkdir(dir, 0700) == 0 || errno == EEXIST);
	r = run_args(pre, poke, &fx);
	if (WIFEXITED(r.status) && WEXITSTATUS(r.status) ==
	    NS_UNAVAILABLE) {
		fprintf(stderr, "# #12: skipped: cannot make a read-only file "
		    "system here (%s)\n", r.err);
		run_free(&r);
		goto out;
	}
	expect_exit(&r, 1, "poke");
	ck_assert_msg(strstr(r.err, ": read-only: read-only file system; "
	    "nothing was written\n") != NULL, "poke: %s", r.err);
	run_free(&r);
	r = run_args(pre, create, &fx);
	expect_exit(&r, 1, "demo --writer new");
	ck_assert_msg(strstr(r.err, "/new: cannot create: Read-only file "
	    "system\n") != NULL, "demo --writer new: %s", r.err);
	run_free(&r);
	r = run_args(pre, grow, &fx);
	expect_exit(&r, 1, "demo --writer grow");
	ck_assert_msg(strstr(r.err, "/f: cannot create: Read-only file "
	    "system\n") != NULL, "demo --writer grow: %s", r.err);
	run_free(&r);
	/* Reading still works: the helper's file is 64 zero bytes. */
	r = run_args(pre, peek, &fx);
	expect_exit(&r, 0, "peek");
	ck_assert_str_eq(r.out, "0\n");
	run_free(&r);
out:
	free(peek);
	free(grow);
	free(create);
	free(poke);
	free(f);
	free(pre);
	free(dir);
	fix_free(&fx);
}
END_TEST

/* The first of PATHS that can be executed, or NULL. */
static const char *
find_tool(const char *const *paths)
{
	for (; *paths != NULL; paths++)
		if (access(*paths, X_OK) == 0)
			return *paths;
	return NULL;
}

/* Run ARGS ('|'-separated, a tool's path first) quietly; true on exit 0.
 * *OUT (unless OUT is NULL) gets its stdout. */
static bool
run_tool(const char *args, char **out)
{
	char		*argv[16], *copy = xstrdup(args), *p = copy;
	unsigned char	*o = NULL;
	size_t		 olen;
	char		*err = NULL;
	int		 n = 0, status;

	while (p != NULL && n < 15)
		argv[n++] = xstrdup(strsep(&p, "|"));
	argv[n] = NULL;
	status = tu_run(argv, NULL, &o, &olen, &err);
	while (n > 0)
		free(argv[--n]);
	free(copy);
	free(err);
	if (out != NULL) {
		*out = xmalloc(olen + 1);
		memcpy(*out, o, olen);
		(*out)[olen] = '\0';
	}
	free(o);
	return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

/* The first byte of block device DEV, read with pread (-1 on failure). */
static int
first_byte(const char *dev)
{
	unsigned char	b;
	int		fd = open(dev, O_RDONLY), rc = -1;

	if (fd != -1 && pread(fd, &b, 1, 0) == 1)
		rc = b;
	if (fd != -1)
		close(fd);
	return rc;
}

/*
 * #15: a block device that is mounted (a loop device over a test file,
 * with an ext2 file system, mounted in a private namespace): poke refuses
 * and names the mount point; --force-write writes.  Needs root, losetup,
 * mkfs.ext2 and the right to mount; otherwise it says why it skipped (the
 * door's own test, check_door's mounted_block_device_is_not_written, runs
 * on a fixture mount table).
 */
START_TEST(test_mounted_block_device)
{
	static const char *const	 lo[] = { "/sbin/losetup",
		"/usr/sbin/losetup", NULL };
	static const char *const	 mk[] = { "/sbin/mkfs.ext2",
		"/usr/sbin/mkfs.ext2", NULL };
	const char			*losetup = find_tool(lo);
	const char			*mkfs = find_tool(mk);
	char				*img = tu_file("ext2.img", "", 0);
	char				*dir = tu_path("mnt"), *dev = NULL;
	char				*pre, *a1, *a2, *tool = NULL, *want;
	struct fix			 fx = fix_make(NULL);
	struct run			 r1, r2;
	int				 b1, b2;
	bool				 made;

	if (geteuid() != 0 || losetup == NULL || mkfs == NULL) {
		fprintf(stderr, "# #15: skipped: needs root, losetup and "
		    "mkfs.ext2\n");
		goto out;
	}
	ck_assert_int_eq(truncate(img, 1 << 20), 0);
	ck_assert(mkdir(dir, 0700) == 0 || errno == EEXIST);
	tool = xasprintf("%s|-f|--show|%s", losetup, img);
	if (!run_tool(tool, &dev) || strlen(dev) < 2) {
		fprintf(stderr, "# #15: skipped: losetup failed\n");
		goto out;
	}
	dev[strlen(dev) - 1] = '\0';
	free(tool);
	/* Nothing may abort the test until the device is detached. */
	tool = xasprintf("%s|-q|-F|%s", mkfs, dev);
	made = run_tool(tool, NULL);
	pre = xasprintf("--in-mount|%s|%s", dev, dir);
	a1 = xasprintf("poke|%s|0|ab", dev);
	a2 = xasprintf("poke|--force-write|%s|0|ab", dev);
	r1 = run_args(pre, a1, &fx);
	b1 = first_byte(dev);
	r2 = run_args(pre, a2, &fx);
	b2 = first_byte(dev);
	free(tool);
	tool = xasprintf("%s|-d|%s", losetup, dev);
	ck_assert_msg(run_tool(tool, NULL), "losetup -d %s failed", dev);
	ck_assert_msg(made, "mkfs.ext2 %s failed", dev);
	if (WIFEXITED(r1.status) && WEXITSTATUS(r1.status) ==
	    NS_UNAVAILABLE)
		fprintf(stderr, "# #15: skipped: cannot mount here (%s)\n",
		    r1.err);
	else {
		want = xasprintf("livehex: %s: read-only: the device is "
		    "mounted on %s; writing under a filesystem corrupts it "
		    "(--force-write to write anyway); nothing was written\n",
		    dev, dir);
		expect_exit(&r1, 1, "poke a mounted device");
		ck_assert_str_eq(r1.err, want);
		ck_assert_int_eq(b1, 0);
		expect_exit(&r2, 0, "poke --force-write");
		ck_assert_int_eq(b2, 0xab);
		free(want);
	}
	run_free(&r1);
	run_free(&r2);
	free(a1);
	free(a2);
	free(pre);
out:
	free(tool);
	free(dev);
	free(dir);
	free(img);
	fix_free(&fx);
}
END_TEST

/*
 * #19: creating on a symbolic link is refused, link and target untouched.
 * demo --writer creates its file as the viewer's --create does (the same
 * source_create); the viewer itself: check_errors_tty.
 */
START_TEST(test_create_symlink)
{
	struct fix	 fx = fix_make(NULL);
	char		*target = tu_path("link-target"), *l2 = tu_path("link2");
	char		*args, buf[PATH_MAX];
	struct stat	 st;
	ssize_t		 n;
	struct run	 r;

	/* A dangling link: nothing may be created at its target. */
	r = run_args(NULL, "demo|--writer|@L", &fx);
	expect_exit(&r, 1, "dangling link");
	expect_err_has(&r, "livehex: @L: is a symbolic link; --create never "
	    "follows links\n", &fx, "dangling link");
	ck_assert_msg(lstat(target, &st) == -1 && errno == ENOENT,
	    "the link's target was created");
	n = readlink(fx.l, buf, sizeof buf - 1);
	ck_assert(n > 0);
	buf[n] = '\0';
	ck_assert_str_eq(buf, "link-target");
	run_free(&r);

	/* A link to an existing smaller file: it is not grown either. */
	ck_assert(symlink(fx.f, l2) == 0 || errno == EEXIST);
	args = xasprintf("demo|--writer|%s", l2);
	r = run_args(NULL, args, &fx);
	free(args);
	expect_exit(&r, 1, "link to a file");
	ck_assert_msg(strstr(r.err, "is a symbolic link; --create never "
	    "follows links") != NULL, "%s", r.err);
	ck_assert_int_eq(stat(fx.f, &st), 0);
	ck_assert_int_eq(st.st_size, 64);
	run_free(&r);
	free(l2);
	free(target);
	fix_free(&fx);
}
END_TEST

/* #51: -h and --help print the usage on stdout and exit 0. */
START_TEST(test_help)
{
	static const char *const	 cmds[] = { "-h", "--help", "help",
		"dump|-h", "poke|--help", NULL };
	struct fix			 fx = fix_make(NULL);

	for (int i = 0; cmds[i] != NULL; i++) {
		struct run	r = run_args(NULL, cmds[i], &fx);

		expect_exit(&r, 0, cmds[i]);
		ck_assert_msg(strncmp(r.out, "usage: livehex ", 15) == 0,
		    "%s: %s", cmds[i], r.out);
		ck_assert_str_eq(r.err, "");
		run_free(&r);
	}
	fix_free(&fx);
}
END_TEST

/*
 * #61: a file name full of escape sequences is shown escaped in every
 * message that names it, by every command; #62: so is an unknown option
 * (cli.c keeps getopt quiet: it would print the raw option).
 */
START_TEST(test_escapes_in_name)
{
	static const struct {
		const char	*args, *want;
		int		 status;
	}			 cmds[] = {
		{ "dump|@N", "livehex: @Q: no such file\n", 1 },
		{ "peek|@N|0|u8", "livehex: @Q: no such file\n", 1 },
		{ "poke|@N|0|00", "livehex: @Q: no such file\n", 1 },
		{ "watch|--count|1|@N", "livehex: @Q: no such file\n", 1 },
		{ "demo|--writer|@N/x", "livehex: @Q/x: cannot create: No "
		  "such file or directory\n", 1 },
		{ "--layout|@N|@F", "livehex: @Q: No such file or "
		  "directory\n", 2 },
		{ "dump|@F|@N", "unexpected argument \"@Q\" after SOURCE", 2 },
		{ "list|--pid|" EVIL_NAME, "livehex: list: --pid "
		  EVIL_SHOWN ": pid:PID takes", 2 },
		{ "dump|shm:" EVIL_NAME, "livehex: shm:" EVIL_SHOWN ": no POSIX "
		  "shared memory object \"" EVIL_SHOWN "\"", 1 },
		{ "dump|-s|1" EVIL_NAME "|@F", "-s: \"1" EVIL_SHOWN "\"", 2 },
		/* #62: an unknown option with escapes, every command. */
		{ "poke|--\033[31mx|@F|0|00", "livehex: poke: unknown option "
		  "--\\e[31mx\n", 2 },
		{ "peek|--\033[31mx|@F|0|u8", "livehex: peek: unknown option "
		  "--\\e[31mx\n", 2 },
		{ "watch|--\033[31mx|@F", "livehex: watch: unknown option "
		  "--\\e[31mx\n", 2 },
		{ "list|--\033[31mx", "livehex: list: unknown option "
		  "--\\e[31mx\n", 2 },
		{ "demo|--\033[31mx", "livehex: demo: unknown option "
		  "--\\e[31mx\n", 2 },
		/* ... and the viewer's, which has no name to give. */
		{ "--\033[31mx|@F", "livehex: --\\e[31mx: unknown option\n",
		  2 },
	};
	struct fix		 fx = fix_make(NULL);

	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		struct run	r = run_args(NULL, cmds[i].args, &fx);

		expect_exit(&r, cmds[i].status, cmds[i].args);
		expect_no_raw_controls(r.err, cmds[i].args);
		expect_err_has(&r, cmds[i].want, &fx, cmds[i].args);
		run_free(&r);
	}
	fix_free(&fx);
}
END_TEST

/* Run ARGS (one command) under locale LOCALE; its stderr (malloc'd). */
static char *
err_in_locale(const char *locale, const char *args, const struct fix *fx)
{
	struct run	 r;
	char		*err;

	ck_assert_int_eq(setenv("LC_ALL", locale, 1), 0);
	r = run_args(NULL, args, fx);
	unsetenv("LC_ALL");
	expect_exit(&r, 1, args);
	err = r.err;
	free(r.out);
	return err;
}

/*
 * #60: outside a UTF-8 locale, a name's bytes from 0x80 up are shown as
 * \xNN (in an 8-bit terminal 0x9b is CSI); in a UTF-8 locale valid text
 * is shown as is, invalid bytes and C1 controls still escaped.
 */
START_TEST(test_locale)
{
	struct fix	 fx = fix_make(NULL);
	char		*dir = xstrdup(fx.f), *cafe, *args, *err, *want;

	*strrchr(dir, '/') = '\0';
	cafe = xasprintf("%s/caf\xc3\xa9\xc2\x9b\xff", dir);
	args = xasprintf("dump|%s", cafe);

	err = err_in_locale("C", args, &fx);
	want = xasprintf("livehex: %s/caf\\xc3\\xa9\\xc2\\x9b\\xff: no such "
	    "file\n", dir);
	ck_assert_str_eq(err, want);
	for (const unsigned char *u = (unsigned char *)err; *u != '\0'; u++)
		ck_assert_msg(*u < 0x80, "a high byte in the C locale: %s",
		    err);
	free(want);
	free(err);

	err = err_in_locale("C.UTF-8", args, &fx);
	want = xasprintf("livehex: %s/caf\xc3\xa9\\xc2\\x9b\\xff: no such "
	    "file\n", dir);
	ck_assert_str_eq(err, want);
	free(want);
	free(err);
	free(args);
	free(cafe);
	free(dir);
	fix_free(&fx);
}
END_TEST

/* #63: file content with escapes: peek text:N shows it escaped. */
START_TEST(test_escapes_in_content)
{
	static const char	 data[] = "\033]0;pwned\007\033[2J\xc2\x9b\xff";
	char			*f = tu_file("evil-content", data,
				    sizeof data - 1);
	char			*args = xasprintf("peek|%s|0|text:%zu", f,
				    sizeof data - 1);
	struct fix		 fx = fix_make(NULL);
	struct run		 r;

	r = run_args(NULL, args, &fx);
	expect_exit(&r, 0, "peek text");
	expect_no_raw_controls(r.out, "peek text");
	ck_assert_msg(strstr(r.out, "\\e]0;pwned\\x07\\e[2J") != NULL,
	    "peek text: %s", r.out);
	run_free(&r);
	free(args);
	args = xasprintf("dump|%s", f);
	r = run_args(NULL, args, &fx);
	expect_exit(&r, 0, "dump");
	expect_no_raw_controls(r.out, "dump");
	run_free(&r);
	free(args);
	free(f);
	fix_free(&fx);
}
END_TEST

/* ------------------------------------------------------------------------ */
/* The suite.                                                               */

/* A test case named NAME running FN (for loop index I); 60 s budget. */
static void
add_case(Suite *s, const char *name, const TTest *fn, int i)
{
	TCase	*tc = timeout_tcase(name, TIMEOUT_TOOL);

	tcase_add_loop_test(tc, fn, i, i + 1);
	suite_add_tcase(s, tc);
}

/* The suite: one test case per row of docs/errors.md shown on stderr. */
static Suite *
errors_suite(void)
{
	Suite	*s = suite_create("errors");

	for (int i = 0; i < (int)(sizeof rows / sizeof rows[0]); i++)
		add_case(s, rows[i].name, test_row, i);
	add_case(s, "#10 permission denied", test_permission_denied, 0);
	add_case(s, "#11 no write permission", test_no_write_permission, 0);
	add_case(s, "#12 read-only file system", test_readonly_fs, 0);
	add_case(s, "#15 block device that is mounted",
	    test_mounted_block_device, 0);
	add_case(s, "#19 --create on a symbolic link (demo --writer)",
	    test_create_symlink, 0);
	add_case(s, "#51 -h and --help", test_help, 0);
	add_case(s, "#60 non-UTF-8 locale", test_locale, 0);
	add_case(s, "#61 #62 escape sequences in a file name or an option",
	    test_escapes_in_name, 0);
	add_case(s, "#63 escape sequences in file content",
	    test_escapes_in_content, 0);
	return s;
}

/* Helper: drop to nobody and exec ARGV[0]. */
static int
helper_as_nobody(char **argv)
{
	if (setgroups(0, NULL) == -1 || setgid(NOBODY_ID) == -1 ||
	    setuid(NOBODY_ID) == -1) {
		fprintf(stderr, "check_errors: cannot become nobody: %s\n",
		    strerror(errno));
		return 126;
	}
	execv(argv[0], argv);
	fprintf(stderr, "check_errors: %s: %s\n", argv[0], strerror(errno));
	return 127;
}

/*
 * Helper: a private mount namespace with a read-only tmpfs on DIR holding
 * a 64-byte file DIR/f, then exec ARGV[0].  NS_UNAVAILABLE (and why on
 * stderr) when that cannot be set up here.
 */
static int
helper_in_rofs(const char *dir, char **argv)
{
	static const char	zero[64];
	char			*f = xasprintf("%s/f", dir);
	int			 fd;

	if (unshare(CLONE_NEWNS) == -1 ||
	    mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1 ||
	    mount("tmpfs", dir, "tmpfs", 0, "size=64k,mode=0755") == -1) {
		fprintf(stderr, "%s", strerror(errno));
		return NS_UNAVAILABLE;
	}
	fd = open(f, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd == -1 || write(fd, zero, sizeof zero) != sizeof zero ||
	    close(fd) == -1 || mount("tmpfs", dir, "tmpfs", MS_REMOUNT |
	    MS_RDONLY, NULL) == -1) {
		fprintf(stderr, "%s", strerror(errno));
		return NS_UNAVAILABLE;
	}
	free(f);
	execv(argv[0], argv);
	fprintf(stderr, "check_errors: %s: %s\n", argv[0], strerror(errno));
	return 127;
}

/*
 * Helper: a private mount namespace with block device DEV (ext2) mounted
 * on DIR, then exec ARGV[0].  NS_UNAVAILABLE (and why) when impossible.
 */
static int
helper_in_mount(const char *dev, const char *dir, char **argv)
{
	if (unshare(CLONE_NEWNS) == -1 ||
	    mount("none", "/", NULL, MS_REC | MS_PRIVATE, NULL) == -1 ||
	    mount(dev, dir, "ext2", 0, NULL) == -1) {
		fprintf(stderr, "%s", strerror(errno));
		return NS_UNAVAILABLE;
	}
	execv(argv[0], argv);
	fprintf(stderr, "check_errors: %s: %s\n", argv[0], strerror(errno));
	return 127;
}

/* Run in fork mode; or be one of the helpers (see the top of the file). */
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
	if (argc > 4 && strcmp(argv[1], "--in-mount") == 0)
		return helper_in_mount(argv[2], argv[3], argv + 4);
	n = readlink("/proc/self/exe", self_exe, sizeof self_exe - 1);
	if (n <= 0) {
		fprintf(stderr, "check_errors: /proc/self/exe: %s\n",
		    strerror(errno));
		return EXIT_FAILURE;
	}
	self_exe[n] = '\0';
	sr = srunner_create(errors_suite());
	srunner_run_all(sr, CK_ENV);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	return failed ? EXIT_FAILURE : EXIT_SUCCESS;
}
