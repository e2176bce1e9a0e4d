/* SPDX-License-Identifier: ISC */
/*
 * cli_viewopts.c - what the two commands that start the viewer (the
 * viewer itself and `livehex replay`) share: the display options (-c
 * COLS, --no-color, with NO_COLOR from the environment), the layout
 * options, checking the layouts load, the terminal checks, and handing
 * the door to the viewer.
 *
 * A row added to CLI_VIEW_OPTS (cli.h) and a case added to cli_view_opt
 * reach both commands, their --help and their parsers at once (the
 * synopses, the man page and the completion still name it by hand).
 * The layout rows are not in CLI_VIEW_OPTS: replay's --at is its start
 * time, so its layout offset is --layout-at, with the same option ID.
 *
 * Everything here happens before the viewer takes the terminal: a
 * mistake is a message on stderr (cli_error) and a status for the
 * caller to return, never a half-drawn screen.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "app.h"
#include "cli.h"
#include "door.h"
#include "layout.h"
#include "number.h"
#include "row.h"
#include "screen.h"
#include "tui.h"
#include "xmalloc.h"

/* Zero O and CL, then take the defaults the environment sets (NO_COLOR). */
void
cli_view_start(struct app_opts *o, struct cli_layout *cl)
{
	memset(o, 0, sizeof *o);
	memset(cl, 0, sizeof *cl);
	/* no-color.org: set and not empty. */
	o->no_color = getenv("NO_COLOR") != NULL && *getenv("NO_COLOR") != 0;
}

/* Take a shared viewer option; 1 taken, 0 not one, -1 reported. */
static int
cli_view_opt(struct app_opts *o, struct cli_layout *cl, int id,
    const char *arg)
{
	char		*cause = NULL;
	uint64_t	 v;

	switch (id) {
	case 'c':
		if (number_parse_range(arg, 1, ROW_COLS_MAX, &v, 0,
		    &cause) == -1) {
			cli_error("%s", cause);
			free(cause);
			return -1;
		}
		o->cols = (unsigned)v;
		return 1;
	case CLI_OPT_NO_COLOR:
		o->no_color = true;
		return 1;
	case CLI_OPT_LAYOUT:
	case CLI_OPT_AT:
	case CLI_OPT_CFLAGS:
		return cli_layout_opt(cl, id, arg) == 0 ? 1 : -1;
	default:
		return 0;
	}
}

/* P's next option that is not a shared one (those go into O and CL). */
int
cli_view_next(struct cli_parser *p, struct app_opts *o, struct cli_layout *cl)
{
	int	ch;

	while ((ch = cli_next(p)) > 0) {
		switch (cli_view_opt(o, cl, ch, p->arg)) {
		case 0:
			return ch;
		case -1:
			/* Reported: stop as after any malformed option. */
			p->status = CLI_EXIT_USAGE;
			return CLI_STOP;
		}
	}
	return ch;
}

/* Check CL's layouts load and give them to O; 0, or -1 reported. */
int
cli_view_layout(const struct cli_layout *cl, const char *source,
    struct app_opts *o, char **pid_exe)
{
	/*
	 * The viewer loads the layout by its spec (and :layout SPEC later
	 * with the same --cflags): the options go to layout_load.  Check
	 * it now: a broken layout is a message, not a screen.
	 */
	struct layout_opts	 lo = { cl->cflags, NULL, UINT64_MAX,
				    cl->specs[0].at };
	struct layout		*l;
	char			*cause = NULL;

	if (pid_exe != NULL)
		*pid_exe = NULL;
	if (source != NULL && strncmp(source, "pid:", 4) == 0)
		lo.pid_exe = *pid_exe = xasprintf("/proc/%s/exe", source + 4);
	layout_set_defaults(&lo);
	o->layout_path = cl->specs[0].spec;
	/* Several (issue 13): one layout of them all, as peek's. */
	o->layout_specs = cl->specs;
	o->layout_nspecs = cl->n;
	l = cl->n == 1 ? layout_load(o->layout_path, &cause) :
	    layout_open(cl->specs, cl->n, &lo, &cause);
	if (l == NULL) {
		cli_error("%s", cause);
		free(cause);
		return -1;
	}
	layout_free(l);
	return 0;
}

/* The viewer's terminal is there and usable; 0, or -1 reported. */
int
cli_view_terminal(const char *who, const char *instead)
{
	const char	*why;

	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO)) {
		cli_error("%s needs a terminal on standard input and output "
		    "(%s)", who, instead);
		return -1;
	}
	/* TERM=dumb or unknown: say so before creating anything. */
	if (!screen_term_check(&why)) {
		cli_error("%s", why);
		return -1;
	}
	return 0;
}

/* Run the viewer with O on D under the door's path; its exit status. */
int
cli_view_run(struct app_opts *o, struct door *d)
{
	char	*path;
	int	 status;

	/* The door's path outlives a reopen (R), which closes this door. */
	path = xstrdup(door_path(d));
	o->path = path;
	status = tui_run(o, d, NULL);
	free(path);
	return status;
}
