/* SPDX-License-Identifier: ISC */
/*
 * cli_layout.c - the layout options every command shares: --layout SPEC
 * (repeatable), --at OFFSET (placing the --layout before it) and
 * --cflags FLAGS (for C headers), and opening them as one layout.
 *
 * The options are collected as given and opened once the source is open,
 * because a type bigger than the file is an error, and pid:TYPE reads
 * the debug info of the process the source names (/proc/PID/exe).
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "layout.h"
#include "number.h"
#include "xmalloc.h"

/* Take one layout option into CL; 0, or -1 reported. */
int
cli_layout_opt(struct cli_layout *cl, int id, const char *arg)
{
	char		*cause = NULL;
	const char	*at;

	switch (id) {
	case CLI_OPT_LAYOUT:
		if (cl->n == CLI_MAX_LAYOUTS) {
			cli_error("--layout: at most %d layouts",
			    CLI_MAX_LAYOUTS);
			return -1;
		}
		cl->specs[cl->n].spec = arg;
		cl->specs[cl->n].at = 0;
		cl->n++;
		return 0;
	case CLI_OPT_AT:
		at = cl->at_name != NULL ? cl->at_name : "--at";
		if (cl->n == 0) {
			cli_error("%s %s: %s places the --layout given before "
			    "it, and there is none yet", at, cli_name(arg), at);
			return -1;
		}
		if (number_parse_u64(arg, &cl->specs[cl->n - 1].at,
		    NUMBER_SUFFIX, &cause) != 0) {
			cli_error("%s %s", at, cause);
			free(cause);
			return -1;
		}
		return 0;
	case CLI_OPT_CFLAGS:
		cl->cflags = arg;
		return 0;
	default:
		return -1;
	}
}

/* Open CL's layouts for a file of SIZE bytes named SOURCE. */
struct layout *
cli_layout_open(const struct cli_layout *cl, const char *source,
    uint64_t size)
{
	struct layout_opts	 o = { cl->cflags, NULL, size, 0 };
	struct layout		*l;
	char			*cause = NULL, *exe = NULL;

	if (strncmp(source, "pid:", 4) == 0)
		o.pid_exe = exe = xasprintf("/proc/%s/exe", source + 4);
	l = layout_open(cl->specs, cl->n, &o, &cause);
	free(exe);
	if (l == NULL) {
		/* A header's errors span lines: cli_error keeps newlines. */
		cli_error("%s", cause);
		free(cause);
	}
	return l;
}
