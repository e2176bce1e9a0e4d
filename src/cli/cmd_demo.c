/* SPDX-License-Identifier: ISC */
/*
 * cmd_demo.c - `livehex demo`: two processes sharing one mapped file.
 *
 *	livehex demo              make a 4 KiB shared file, start a writer
 *	                          process on it, open the viewer on it
 *	livehex demo --writer F   only the writer, on F (for two terminals)
 *	livehex demo --lesson N   lesson N: the viewer, a scripted second
 *	                          process and a caption (lessons.c)
 *	livehex demo --lessons    list the lessons
 *
 * --writer stores into F's first 64 bytes ten times a second, so it only
 * takes a new or an empty F: a file that already holds bytes is somebody's
 * data, and is refused unless --force says to write over it anyway.
 *
 * The writer is a separate process with its own MAP_SHARED mapping, which
 * is the whole lesson: its stores show up in the viewer although nothing
 * but the page cache connects the two.  It updates known fields:
 *
 *	0x00  u32le  counter, +1 every 100 ms
 *	0x08  u64le  CLOCK_REALTIME in milliseconds, every 100 ms
 *	0x10  char[32] a message that changes every 3 s
 *	0x30  u8[16] a ramp that shifts by one every 100 ms
 *
 * Like every store in livehex, the writer's go through the door: aligned
 * atomic stores for the numbers, byte stores for the text and the ramp.
 *
 * Clean-up: quitting the viewer, SIGINT, SIGTERM and a closed terminal all
 * stop the writer and remove the file and its private directory; the
 * writer also dies with its parent (PR_SET_PDEATHSIG) if the parent is
 * killed outright.
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <langinfo.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "app.h"
#include "cli.h"
#include "door.h"
#include "esc.h"
#include "lessons.h"
#include "tui.h"
#include "xmalloc.h"

/* The demo file's size and the writer's period. */
#define DEMO_SIZE	4096
#define DEMO_TICK_MS	100
#define DEMO_MSG_TICKS	30	/* a new message every 3 s */

/* Where the fields sit; kept in one place for the layout and the banner. */
#define DEMO_COUNTER	0x00
#define DEMO_CLOCK	0x08
#define DEMO_MESSAGE	0x10
#define DEMO_MSG_LEN	32
#define DEMO_RAMP	0x30
#define DEMO_RAMP_LEN	16

/* The fields above as a layout (docs/examples/demo.layout says the same). */
static const char demo_layout[] =
    "counter  0x00  u32le\n"
    "clock    0x08  u64le\n"
    "message  0x10  char[32]\n"
    "ramp     0x30  u8[16]\n";

static const char *const demo_messages[] = {
	"hello from the writer process",
	"two processes share these bytes",
	"press p to pause, ? for help",
	"type :set u32le 0 on the counter",
	"u undoes, s syncs to disk",
};

/* Set by SIGINT/SIGTERM/SIGHUP in the writer; the loop checks it. */
static volatile sig_atomic_t demo_stop;

/* Signal handler for the writer: only sets the flag. */
static void
demo_on_signal(int sig)
{
	(void)sig;
	demo_stop = 1;
}

/* Sleep until the absolute monotonic time T (interrupted by signals). */
static void
demo_sleep_until(const struct timespec *t)
{
	while (!demo_stop &&
	    clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, t, NULL) == EINTR)
		;
}

/*
 * Let SIGINT, SIGTERM and SIGHUP stop the writer's loop (it then exits 0).
 * Why before the file is made: a signal that comes while it is being
 * grown must still end the writer cleanly, not kill it half-way.
 */
static void
demo_writer_signals(void)
{
	struct sigaction	sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = demo_on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
}

/* The writer: update the demo fields through the door until told to stop. */
static int
demo_writer(const char *path, bool verbose)
{
	struct timespec		 next, now;
	struct door		*d;
	char			*cause = NULL, *shown;
	uint32_t		 counter = 0;
	uint64_t		 tick = 0;

	if ((d = door_open(path, 0, &cause)) == NULL) {
		cli_error("%s: %s", cli_name(path), cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
	shown = esc_text(path, strcmp(nl_langinfo(CODESET), "UTF-8") == 0);
	if (verbose)
		printf("livehex demo writer: updating %s every %d ms "
		    "(counter at 0x%x, clock at 0x%x, message at 0x%x, ramp at "
		    "0x%x); Ctrl-C stops\n", shown, DEMO_TICK_MS, DEMO_COUNTER,
		    DEMO_CLOCK, DEMO_MESSAGE, DEMO_RAMP);
	fflush(stdout);
	clock_gettime(CLOCK_MONOTONIC, &next);
	while (!demo_stop) {
		struct timespec	rt;
		uint64_t	ms;
		uint8_t		ramp[DEMO_RAMP_LEN], msg[DEMO_MSG_LEN];
		int		rc = 0;

		counter++;
		clock_gettime(CLOCK_REALTIME, &rt);
		ms = (uint64_t)rt.tv_sec * 1000 + (uint64_t)rt.tv_nsec / 1000000;
		for (unsigned i = 0; i < DEMO_RAMP_LEN; i++)
			ramp[i] = (uint8_t)(tick + i * 16);
		/* Little-endian fields: copy the host values byte-exact. */
		rc |= door_store(d, DEMO_COUNTER, &counter, 4, NULL).why !=
		    DOOR_PUT_DONE;
		rc |= door_store(d, DEMO_CLOCK, &ms, 8, NULL).why !=
		    DOOR_PUT_DONE;
		rc |= door_store_bytes(d, DEMO_RAMP, ramp, DEMO_RAMP_LEN,
		    NULL).why != DOOR_PUT_DONE;
		if (tick % DEMO_MSG_TICKS == 0) {
			const char	*m = demo_messages[(tick / DEMO_MSG_TICKS) %
					    (sizeof demo_messages /
					    sizeof demo_messages[0])];

			memset(msg, 0, sizeof msg);
			/* Keep a NUL at the end: the field is a C string. */
			memcpy(msg, m, strlen(m) < sizeof msg ? strlen(m) :
			    sizeof msg - 1);
			rc |= door_store_bytes(d, DEMO_MESSAGE, msg,
			    sizeof msg, NULL).why != DOOR_PUT_DONE;
		}
		if (rc != 0 && verbose)
			fprintf(stderr, "livehex demo writer: %s shrank; "
			    "stores past the end were skipped\n", shown);
		tick++;
		next.tv_nsec += DEMO_TICK_MS * 1000000L;
		if (next.tv_nsec >= 1000000000L) {
			next.tv_sec++;
			next.tv_nsec -= 1000000000L;
		}
		/* Fell behind (suspended?): restart the schedule from now. */
		clock_gettime(CLOCK_MONOTONIC, &now);
		if (now.tv_sec > next.tv_sec + 1)
			next = now;
		demo_sleep_until(&next);
	}
	door_close(d);
	free(shown);
	return CLI_EXIT_OK;
}

/*
 * Refuse PATH for the writer when it is a regular file with bytes in it
 * and FORCE is not set; 0, or -1 with *cause.  Anything else (no file, a
 * link, a directory, a device) is left to door_create to create or
 * explain.  Why lstat: a link is never followed (door_create refuses it).
 */
static int
demo_check_writer(const char *path, bool force, char **cause)
{
	struct stat	st;

	if (force || lstat(path, &st) == -1 || !S_ISREG(st.st_mode) ||
	    st.st_size == 0)
		return 0;
	return cause_set(cause, "is not empty (%lld bytes): the writer would "
	    "overwrite its first %d bytes; --force to use it anyway",
	    (long long)st.st_size, DEMO_RAMP + DEMO_RAMP_LEN);
}

/*
 * Make the private directory and in it a SIZE-byte file; the file's path
 * (and *DIR), or NULL after saying why.
 */
char *
demo_make_file(uint64_t size, char **dir)
{
	const char	*base = getenv("XDG_RUNTIME_DIR");
	char		*path, *cause = NULL;
	struct stat	 st;
	int		 fd = -1;

	if (base == NULL || stat(base, &st) == -1 || !S_ISDIR(st.st_mode))
		base = getenv("TMPDIR");
	if (base == NULL || *base == '\0')
		base = "/tmp";
	/* mkdtemp makes the directory 0700: nobody else can swap the file. */
	*dir = xasprintf("%s/livehex-demo.XXXXXX", base);
	if (mkdtemp(*dir) == NULL) {
		cli_error("%s: cannot make a private directory: %s",
		    cli_name(*dir),
		    strerror(errno));
		free(*dir);
		*dir = NULL;
		return NULL;
	}
	path = xasprintf("%s/shared.bin", *dir);
	/* Why open for 0 bytes: door_create makes files to map, never empty. */
	if (size == 0 && (fd = open(path, O_RDWR | O_CREAT | O_EXCL |
	    O_NOFOLLOW | O_CLOEXEC, 0600)) != -1)
		close(fd);
	else if (size == 0)
		cause = xasprintf("cannot create: %s", strerror(errno));
	if ((size == 0 && fd == -1) ||
	    (size != 0 && door_create(path, size, 0600, &cause) == -1)) {
		cli_error("%s: %s", cli_name(path), cause);
		free(cause);
		rmdir(*dir);
		free(path);
		free(*dir);
		*dir = NULL;
		return NULL;
	}
	return path;
}

/* Stop the writer PID, remove PATH and DIR. */
static void
demo_cleanup(pid_t pid, const char *path, const char *dir)
{
	if (pid > 0) {
		kill(pid, SIGTERM);
		while (waitpid(pid, NULL, 0) == -1 && errno == EINTR)
			;
	}
	unlink(path);
	rmdir(dir);
}

static const struct cli_opt demo_opts[] = {
	{ "writer", 0, "FILE", 'w', "only the writer, on FILE (created or "
	  "grown to 4 KiB): watch it with\n`livehex FILE` in another "
	  "terminal; a FILE that is not empty is\nrefused unless --force "
	  "(the writer overwrites its first 64 bytes)" },
	{ "force", 0, NULL, 'f', "with --writer: use a FILE that holds bytes" },
	{ "lesson", 0, "NAME", 'L', "run lesson NAME: the viewer, a second "
	  "process scripted step by\nstep, and a caption (n: next step, N: "
	  "back)" },
	{ "lessons", 0, NULL, 'l', "list the lessons, one line each" },
	{ NULL, 0, NULL, 0, NULL },
};

/* `livehex demo`, as data: cli.c parses and explains it from here. */
const struct cli_cmd cmd_demo_cmd = {
	.name = "demo",
	.synopsis = "demo [--writer FILE [--force] | --lesson NAME | --lessons]",
	.about = "With no option: make a shared file, start a writer process "
	    "on it and open\nthe viewer.  --lesson NAME: one of the lessons "
	    "(--lessons lists them).\n",
	.opts = demo_opts,
	.min_args = 0,
	.max_args = 0,
	.run = cmd_demo,
};

/* `livehex demo`: the live two-process demonstration. */
int
cmd_demo(int argc, char **argv)
{
	struct app_opts	 o;
	struct door	*d;
	char		*dir = NULL, *path, *cause = NULL;
	const char	*writer = NULL, *lesson = NULL;
	const struct lesson *l;
	bool		 list = false;
	pid_t		 pid, parent = getpid();
	int		 ch, rc, fatal = 0;
	bool		 force = false;
	struct cli_parser p;

	cli_start(&p, &cmd_demo_cmd, argc, argv);
	while ((ch = cli_next(&p)) > 0) {
		switch (ch) {
		case 'w':
			writer = p.arg;
			break;
		case 'f':
			force = true;
			break;
		case 'L':
			lesson = p.arg;
			break;
		case 'l':
			list = true;
			break;
		}
	}
	if (ch == CLI_STOP)
		return p.status;
	if (force && writer == NULL)
		return cli_cmd_error(&cmd_demo_cmd, "--force only applies with "
		    "--writer");
	if ((writer != NULL) + (lesson != NULL) + list > 1)
		return cli_cmd_error(&cmd_demo_cmd, "--writer, --lesson and "
		    "--lessons do not go together: give one");
	if (list) {
		lesson_print_list(stdout);
		return CLI_EXIT_OK;
	}
	if (lesson != NULL) {
		if ((l = lesson_find(lesson)) == NULL) {
			cli_error("demo: there is no lesson %s; the lessons "
			    "are:", cli_name(lesson));
			lesson_print_list(stderr);
			return CLI_EXIT_USAGE;
		}
		return lesson_run(l);
	}
	if (writer != NULL) {
		demo_writer_signals();
		if (demo_check_writer(writer, force, &cause) == -1 ||
		    door_create(writer, DEMO_SIZE, 0600, &cause) == -1) {
			cli_error("%s: %s", cli_name(writer), cause);
			free(cause);
			return CLI_EXIT_FAIL;
		}
		return demo_writer(writer, true);
	}

	if ((path = demo_make_file(DEMO_SIZE, &dir)) == NULL)
		return CLI_EXIT_FAIL;
	d = door_open(path, 0, &cause);
	if (d == NULL) {
		cli_error("%s: %s", cli_name(path), cause);
		free(cause);
		demo_cleanup(0, path, dir);
		return CLI_EXIT_FAIL;
	}
	fflush(NULL);
	pid = fork();
	if (pid == -1) {
		cli_error("demo: fork: %s", strerror(errno));
		door_close(d);
		demo_cleanup(0, path, dir);
		return CLI_EXIT_FAIL;
	}
	if (pid == 0) {
		demo_writer_signals();
		/* Die with the viewer even if it is killed outright. */
		prctl(PR_SET_PDEATHSIG, SIGTERM);
		if (getppid() != parent)
			_exit(0);
		door_close(d);
		_exit(demo_writer(path, false));
	}
	memset(&o, 0, sizeof o);
	o.path = path;
	o.no_color = getenv("NO_COLOR") != NULL && *getenv("NO_COLOR") != 0;
	o.banner = "demo: another process writes this file (counter @0, "
	    "clock @8, text @0x10) - try p ? q";
	o.layout_text = demo_layout;
	rc = tui_run(&o, d, &fatal);
	demo_cleanup(pid, path, dir);
	free(path);
	free(dir);
	tui_die_by(fatal);
	return rc;
}
