/* SPDX-License-Identifier: ISC */
/*
 * cmd_list.c - `livehex list`: what shared memory there is to open.
 *
 *	livehex list [--pid PID]
 *
 * Without --pid: the POSIX shared memory objects (/dev/shm: name, size,
 * owner, mode) and the System V segments (/proc/sysvipc/shm: key, shmid,
 * size, owner, permissions, attached processes).  With --pid: the shared
 * mappings of that process (the `s` lines of /proc/PID/maps).  Every row
 * starts with the SOURCE to type to open it and says whether our
 * permissions allow that (ACCESS: read-write, read-only or no); a row that
 * cannot be opened, or only read, says why.
 *
 * The core (source.c) finds and judges; this file only lays out aligned
 * columns.  Names come from the system and can hold anything: every cell
 * passes through esc_text before it reaches the terminal.
 *
 * Exit status: 0 listed; 1 something could not be read (no such process,
 * no ptrace access, no /proc/sysvipc/shm) - what could be read is still
 * printed; 2 a bad command line.
 */
#include "config.h"

#include <getopt.h>
#include <inttypes.h>
#include <langinfo.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include "cli.h"
#include "esc.h"
#include "source.h"
#include "xmalloc.h"

/* The most columns a table has. */
#define LIST_MAXCOLS	8

/* A table being built: a header and rows of malloc'd, escaped cells. */
struct list_table {
	size_t		  ncols;
	const char	 *head[LIST_MAXCOLS];
	bool		  right[LIST_MAXCOLS];	/* right-aligned (numbers) */
	char		**cells;		/* nrows * ncols */
	size_t		  nrows, cap;
};

static const struct cli_opt list_opts[] = {
	{ "pid", 'p', "PID", 'p', "list the shared mappings of process PID "
	  "(pid:PID sources)" },
	{ NULL, 0, NULL, 0, NULL },
};

/* `livehex list`, as data: cli.c parses and explains it from here. */
const struct cli_cmd cmd_list_cmd = {
	.name = "list",
	.synopsis = "list [--pid PID]",
	.about = "List the shared memory livehex can open, with the SOURCE to "
	    "type for each:\n"
	    "  POSIX shared memory objects (shm:NAME) and System V segments "
	    "(sysv:SHMID);\n"
	    "  with --pid, the shared mappings of process PID.\n",
	.opts = list_opts,
	.min_args = 0,
	.max_args = 0,
	.run = cmd_list,
};

/* True when names may be shown as UTF-8 rather than escaped bytes. */
static bool	list_utf8;

/* Report a malformed command line (with the usage line); usage status. */
#define list_usage_error(...) cli_cmd_error(&cmd_list_cmd, __VA_ARGS__)

/* Columns S takes on the terminal (an undecodable byte takes one). */
static size_t
list_width(const char *s)
{
	mbstate_t	st;
	size_t		len = strlen(s), w = 0, k;
	wchar_t		wc;
	int		cw;

	memset(&st, 0, sizeof st);
	while (len > 0) {
		k = mbrtowc(&wc, s, len, &st);
		if (k == (size_t)-1 || k == (size_t)-2 || k == 0) {
			memset(&st, 0, sizeof st);
			k = 1;
			cw = 1;
		} else
			cw = wcwidth(wc);
		w += cw > 0 ? (size_t)cw : 0;
		s += k;
		len -= k;
	}
	return w;
}

/* Start a table with the NCOLS column names in HEAD. */
static void
list_table_init(struct list_table *t, size_t ncols, const char *const *head,
    const bool *right)
{
	memset(t, 0, sizeof *t);
	t->ncols = ncols;
	for (size_t i = 0; i < ncols; i++) {
		t->head[i] = head[i];
		t->right[i] = right != NULL && right[i];
	}
}

/* Add a row of t->ncols raw strings; each is escaped and copied. */
static void
list_table_add(struct list_table *t, ...)
{
	va_list	 ap;
	char	**row;

	if (t->nrows == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 16;
		t->cells = xrealloc(t->cells, t->cap * t->ncols *
		    sizeof *t->cells);
	}
	row = t->cells + t->nrows * t->ncols;
	va_start(ap, t);
	for (size_t i = 0; i < t->ncols; i++)
		row[i] = esc_text(va_arg(ap, const char *), list_utf8);
	va_end(ap);
	t->nrows++;
}

/* Print one cell padded to W columns (not the last one: no trailing blanks). */
static void
list_cell(const char *s, size_t w, bool right, bool last)
{
	size_t	pad = w - list_width(s);

	if (right)
		printf("%*s", (int)pad, "");
	fputs(s, stdout);
	if (!right && !last)
		printf("%*s", (int)pad, "");
	if (!last)
		fputs("  ", stdout);
}

/* Print the table (indented two columns) and free it; "(none)" if empty. */
static void
list_table_print(struct list_table *t)
{
	size_t	w[LIST_MAXCOLS];

	if (t->nrows == 0) {
		fputs("  (none)\n", stdout);
		return;
	}
	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = list_width(t->head[c]);
		for (size_t r = 0; r < t->nrows; r++) {
			size_t	cw;

			cw = list_width(t->cells[r * t->ncols + c]);
			if (cw > w[c])
				w[c] = cw;
		}
	}
	fputs("  ", stdout);
	for (size_t c = 0; c < t->ncols; c++)
		list_cell(t->head[c], w[c], t->right[c], c + 1 == t->ncols);
	fputc('\n', stdout);
	for (size_t r = 0; r < t->nrows; r++) {
		fputs("  ", stdout);
		for (size_t c = 0; c < t->ncols; c++)
			list_cell(t->cells[r * t->ncols + c], w[c],
			    t->right[c], c + 1 == t->ncols);
		fputc('\n', stdout);
	}
	for (size_t i = 0; i < t->nrows * t->ncols; i++)
		free(t->cells[i]);
	free(t->cells);
	t->cells = NULL;
	t->nrows = 0;
}

/* "read-write", "read-only" or "no". */
static const char *
list_access(bool r, bool w)
{
	return !r ? "no" : w ? "read-write" : "read-only";
}

/* Print the POSIX shared memory objects; 0, or -1 after a message. */
static int
list_shm(void)
{
	static const char *const head[] = { "SOURCE", "SIZE", "OWNER", "MODE",
	    "ACCESS" };
	static const bool	right[] = { false, true, false, false, false };
	struct source_shm	*s;
	struct list_table	 t;
	size_t			 n;
	char			*cause = NULL, size[32], mode[16], *owner;

	/* LIVEHEX_SHM_DIR is outside text too: shown escaped. */
	printf("POSIX shared memory objects (%s):\n",
	    cli_name(source_shm_dir()));
	if (source_list_shm(&s, &n, &cause) == -1) {
		printf("  (unreadable)\n");
		cli_error("list: %s", cause);
		free(cause);
		return -1;
	}
	list_table_init(&t, 5, head, right);
	for (size_t i = 0; i < n; i++) {
		snprintf(size, sizeof size, "%" PRIu64, s[i].size);
		snprintf(mode, sizeof mode, "%04o", (unsigned)s[i].mode);
		owner = source_user_name(s[i].uid);
		list_table_add(&t, s[i].source, size, owner, mode,
		    list_access(s[i].can_read, s[i].can_write));
		free(owner);
	}
	list_table_print(&t);
	source_shm_free(s, n);
	return 0;
}

/* Print the System V segments; 0, or -1 after a message. */
static int
list_sysv(void)
{
	static const char *const head[] = { "SOURCE", "KEY", "SIZE", "OWNER",
	    "PERMS", "ATTACHED", "ACCESS" };
	static const bool	right[] = { false, false, true, false, false,
	    true, false };
	struct source_sysv	*s;
	struct list_table	 t;
	size_t			 n;
	char			*cause = NULL, key[16], size[32], perms[16];
	char			 att[32], *owner, *access;

	printf("System V shared memory segments (/proc/sysvipc/shm):\n");
	if (source_list_sysv(&s, &n, &cause) == -1) {
		printf("  (unreadable)\n");
		cli_error("list: %s", cause);
		free(cause);
		return -1;
	}
	list_table_init(&t, 7, head, right);
	for (size_t i = 0; i < n; i++) {
		if (s[i].key == 0)
			snprintf(key, sizeof key, "private");
		else
			snprintf(key, sizeof key, "0x%08x",
			    (unsigned)s[i].key);
		snprintf(size, sizeof size, "%" PRIu64, s[i].size);
		snprintf(perms, sizeof perms, "%04o", (unsigned)s[i].mode);
		snprintf(att, sizeof att, "%lu", s[i].nattch);
		owner = source_user_name(s[i].uid);
		/* Still attachable until the last process detaches. */
		access = xasprintf("%s%s", list_access(s[i].can_read,
		    s[i].can_write), s[i].destroyed ? " (marked for removal)" :
		    "");
		list_table_add(&t, s[i].source, key, size, owner, perms, att,
		    access);
		free(access);
		free(owner);
	}
	list_table_print(&t);
	source_sysv_free(s, n);
	return 0;
}

/* The command name of PID from /proc/PID/comm (malloc'd), or "?". */
static char *
list_comm(pid_t pid)
{
	char	*path = xasprintf("/proc/%d/comm", (int)pid), buf[64];
	FILE	*f = fopen(path, "re");

	free(path);
	if (f == NULL)
		return xstrdup("?");
	if (fgets(buf, sizeof buf, f) == NULL)
		buf[0] = '\0';
	fclose(f);
	buf[strcspn(buf, "\n")] = '\0';
	return xstrdup(buf[0] != '\0' ? buf : "?");
}

/* Print the shared mappings of PID; 0, or -1 after a message. */
static int
list_pid(pid_t pid)
{
	static const char *const head[] = { "SOURCE", "ACCESS", "SIZE",
	    "PERMS", "ADDRESS", "WHAT" };
	static const bool	right[] = { false, false, true, false, false,
	    false };
	struct source_candidate	*c;
	struct list_table	 t;
	size_t			 n;
	char			*cause = NULL, size[32], addr[48];
	char			*what, *comm;

	if (source_list_pid(pid, &c, &n, &cause) == -1) {
		cli_error("pid:%d: %s", (int)pid, cause);
		free(cause);
		return -1;
	}
	comm = list_comm(pid);
	what = esc_text(comm, list_utf8);
	printf("Shared mappings of process %d (%s):\n", (int)pid, what);
	free(what);
	free(comm);
	list_table_init(&t, 6, head, right);
	for (size_t i = 0; i < n; i++) {
		snprintf(size, sizeof size, "%" PRIu64, c[i].size);
		snprintf(addr, sizeof addr, "%" PRIx64 "-%" PRIx64,
		    c[i].map.start, c[i].map.end);
		what = c[i].why == NULL ? xstrdup(c[i].what) :
		    xasprintf("%s; %s", c[i].what, c[i].why);
		list_table_add(&t, c[i].source != NULL ? c[i].source : "-",
		    list_access(c[i].source != NULL && c[i].can_read,
		    c[i].can_write), size, c[i].map.perms, addr, what);
		free(what);
	}
	list_table_print(&t);
	source_candidates_free(c, n);
	return 0;
}

/* `livehex list`: entry point from the subcommand table. */
int
cmd_list(int argc, char **argv)
{
	struct source_spec	 spec;
	const char		*pid_arg = NULL;
	const char		*cs;
	char			*cause = NULL, *s;
	struct cli_parser	 p;
	int			 ch, rc = 0;

	cli_start(&p, &cmd_list_cmd, argc, argv);
	while ((ch = cli_next(&p)) > 0) {
		switch (ch) {
		case 'p':
			pid_arg = p.arg;
			break;
		}
	}
	if (ch == CLI_STOP)
		return p.status;
	cs = nl_langinfo(CODESET);
	list_utf8 = cs != NULL && strcmp(cs, "UTF-8") == 0;

	if (pid_arg != NULL) {
		/* The same rules as a pid:PID SOURCE. */
		s = xasprintf("pid:%s", pid_arg);
		if (source_parse(s, &spec, &cause) == -1) {
			free(s);
			rc = list_usage_error("--pid %s: %s",
			    cli_name(pid_arg), cause);
			free(cause);
			return rc;
		}
		free(s);
		rc = list_pid(spec.pid);
		source_spec_free(&spec);
	} else {
		rc |= list_shm();
		fputc('\n', stdout);
		rc |= list_sysv();
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("standard output: write failed");
		return CLI_EXIT_FAIL;
	}
	return rc == 0 ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}
