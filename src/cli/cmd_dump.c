/* SPDX-License-Identifier: ISC */
/*
 * cmd_dump.c - `livehex dump`: print exactly what xxd prints, fast.
 *
 *	livehex dump [-p | -i [-C] [-n NAME] | -b | -e] [-a] [-s [+|-]OFFSET]
 *	    [-l LEN] [-c COLS] [-g BYTES] [-u] SOURCE
 *
 * SOURCE is anything source.h opens (a file, shm:NAME, sysv:SHMID,
 * pid:PID); a pid:PID with several shared mappings lists them and exits 2.
 *
 * The output is byte for byte that of xxd (2022-01-14) with the same
 * options, in every format: hex rows, -p plain, -i C include, -b bits, -e
 * little-endian groups, -a autoskip.  As in xxd, the last of -p -i -b -e
 * decides the format and each -a turns autoskip over.  The formats live in
 * the core (xxdfmt.c, row.c); this file parses, reads and writes.  -i names
 * its array after SOURCE as typed (after -n NAME if given; none for `-`).
 * A file is read
 * through the door (door_read, never the mapping itself) in chunks of whole
 * rows; `-` reads standard input with read(2), since a pipe cannot be
 * mapped.  Many rows are formatted into one buffer and written with one
 * write(2), which is where the speed over xxd's stdio comes from.
 *
 * A file is dumped as it was when opened: the end is fixed at the size seen
 * then.  If it shrinks during the dump, what could be read is printed, then
 * an error, and the exit status is 1.
 *
 * Deliberate differences from xxd: numbers with a leading zero are decimal
 * (xxd reads "010" as octal 8), K/M/G suffixes are accepted for -s and -l,
 * -c 0 is an error (xxd takes it as the default) except with -p, where it
 * means one line, as in xxd; every malformed number is an error rather than
 * silently read up to the first bad character; -i's length is never
 * negative (xxd prints it as an int).
 *
 * Exit status: 0 done, 1 the dump failed (source, read or write), 2 usage;
 * a closed pipe on standard output ends the dump quietly with status 1.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "door.h"
#include "number.h"
#include "row.h"
#include "source.h"
#include "xxdfmt.h"
#include "xmalloc.h"

/* Input bytes per chunk (rounded down to whole rows). */
#ifndef DUMP_CHUNK
#define DUMP_CHUNK	(256 * 1024)
#endif

/* How a write to standard output ended. */
enum dump_wrote {
	DUMP_WROTE_OK,
	DUMP_WROTE_EPIPE,	/* the reader went away: stop quietly */
	DUMP_WROTE_ERROR,	/* reported on stderr */
};

/* Everything the command line decides. */
struct dump_opts {
	uint64_t		 skip;		/* -s value */
	enum number_anchor	 anchor;	/* -s sign: absolute, +, - */
	bool			 have_len;	/* -l given */
	uint64_t		 len;		/* -l value */
	struct xxdfmt		 fmt;		/* format, -c, -g, -u, -a ... */
	const char		*source;	/* path, or "-" */
};

/* The buffers of one dump: input chunk and formatted output. */
struct dump_buf {
	unsigned char	*in;
	size_t		 chunk;		/* input capacity, whole rows */
	char		*out;
};

/* Print what follows the options in --help to F. */
static void
dump_notes(FILE *f)
{
	fputs("  Numbers: decimal or 0x hex; -s and -l take K, M, G.\n"
	    "Exit: 0 done, 1 the dump failed, 2 a bad command line.\n", f);
}

static const struct cli_opt dump_opts_table[] = {
	{ NULL, 's', "OFFSET", 's', "start at OFFSET; +OFFSET and -OFFSET "
	  "(from the end) as in xxd" },
	{ NULL, 'l', "LEN", 'l', "stop after LEN bytes" },
	{ NULL, 'c', "COLS", 'c', "bytes per row (default 16; -i 12, -p 30, "
	  "-b 6)" },
	{ NULL, 'g', "BYTES", 'g', "bytes per group (default 2; -e 4, -b 1)" },
	{ NULL, 'u', NULL, 'u', "upper-case hex digits" },
	{ NULL, 'p', NULL, 'p', "plain hex, no offsets or text (xxd -p)" },
	{ NULL, 'i', NULL, 'i', "a C array (xxd -i)" },
	{ NULL, 'n', "NAME", 'n', "with -i: the array's name" },
	{ NULL, 'C', NULL, 'C', "with -i: the names in capitals" },
	{ NULL, 'b', NULL, 'b', "bits instead of hex digits (xxd -b)" },
	{ NULL, 'e', NULL, 'e', "little-endian groups (xxd -e)" },
	{ NULL, 'a', NULL, 'a', "autoskip: one '*' for a run of zero rows "
	  "(xxd -a)" },
	{ NULL, 0, NULL, 0, NULL },
};

static const struct cli_arg dump_args[] = {
	{ "SOURCE", "no SOURCE given (a file, or - for standard input)" },
};

/* `livehex dump`, as data: cli.c parses and explains it from here. */
const struct cli_cmd cmd_dump_cmd = {
	.name = "dump",
	.synopsis = "dump [-p | -i [-C] [-n NAME] | -b | -e] [-a] "
	    "[-s [+|-]OFFSET] [-l LEN] [-c COLS] [-g BYTES] [-u] SOURCE",
	.about = "Write SOURCE as xxd does (the same bytes, byte for byte), "
	    "read through the\nshared mapping; - reads standard input.\n",
	.opts = dump_opts_table,
	.notes = dump_notes,
	.args = dump_args,
	.min_args = 1,
	.max_args = 1,
	.excess = " after SOURCE (only one SOURCE; redirect to save the "
	    "output)",
	.run = cmd_dump,
};

/* Report a malformed command line (with the usage line); usage status. */
#define dump_usage_error(...) cli_cmd_error(&cmd_dump_cmd, __VA_ARGS__)

/* Report a bad value for option OPT (cause from number.c); usage status. */
static int
dump_bad_value(int opt, char *cause)
{
	cli_error("dump: -%c: %s", opt, cause);
	free(cause);
	return CLI_EXIT_USAGE;
}

/* Parse the command line into O; CLI_EXIT_OK, or the status to exit with. */
static int
dump_parse(int argc, char **argv, struct dump_opts *o, bool *help)
{
	struct xxdfmt_opts	 fo;
	const char		*cols_arg = NULL;
	uint64_t		 min, max;
	char			*cause = NULL;
	struct cli_parser	 p;
	int			 ch;

	memset(o, 0, sizeof *o);
	memset(&fo, 0, sizeof fo);
	fo.mode = XXDFMT_HEX;
	o->anchor = NUMBER_ABSOLUTE;
	*help = false;
	cli_start(&p, &cmd_dump_cmd, argc, argv);
	while ((ch = cli_next(&p)) > 0) {
		switch (ch) {
		case 's':
			if (number_parse_offset(p.arg, &o->skip, &o->anchor,
			    NUMBER_SUFFIX, &cause) != 0)
				return dump_bad_value(ch, cause);
			break;
		case 'l':
			if (number_parse_u64(p.arg, &o->len, NUMBER_SUFFIX,
			    &cause) != 0)
				return dump_bad_value(ch, cause);
			o->have_len = true;
			break;
		case 'c':
			/* Checked below: the range depends on the format. */
			cols_arg = p.arg;
			break;
		case 'g':
			/* Any size is fine: more than -c means one group. */
			if (number_parse_u64(p.arg, &fo.group, 0, &cause) != 0)
				return dump_bad_value(ch, cause);
			fo.group_given = true;
			break;
		case 'u':
			fo.flags |= XXDFMT_UPPER;
			break;
		/* As in xxd, the last format named wins. */
		case 'p':
			fo.mode = XXDFMT_PLAIN;
			break;
		case 'i':
			fo.mode = XXDFMT_INCLUDE;
			break;
		case 'b':
			fo.mode = XXDFMT_BITS;
			break;
		case 'e':
			fo.mode = XXDFMT_LITTLE;
			break;
		case 'a':
			/* xxd's -a turns autoskip over: -a -a is off. */
			fo.flags ^= XXDFMT_AUTOSKIP;
			break;
		case 'C':
			fo.flags |= XXDFMT_CAPITAL;
			break;
		case 'n':
			fo.name = p.arg;
			break;
		}
	}
	if (ch == CLI_STOP) {
		/* Help or version printed, or the mistake reported. */
		*help = p.status == CLI_EXIT_OK;
		return p.status;
	}
	o->source = p.args[0];
	if (cols_arg != NULL) {
		xxdfmt_cols_range(fo.mode, &min, &max);
		if (number_parse_range(cols_arg, min, max, &fo.cols, 0,
		    &cause) != 0)
			return dump_bad_value('c', cause);
		fo.cols_given = true;
	}
	/* xxd names the array after the file; standard input has no name. */
	if (fo.mode == XXDFMT_INCLUDE && fo.name == NULL &&
	    strcmp(o->source, "-") != 0)
		fo.name = o->source;
	if (xxdfmt_init(&o->fmt, &fo, &cause) != 0) {
		cli_error("dump: -g: %s", cause);
		free(cause);
		return CLI_EXIT_USAGE;
	}
	return CLI_EXIT_OK;
}

/* Write all of BUF to standard output. */
static enum dump_wrote
dump_write(const char *buf, size_t len)
{
	ssize_t	n;

	while (len > 0) {
		n = write(STDOUT_FILENO, buf, len);
		if (n == -1) {
			if (errno == EINTR)
				continue;
			if (errno == EPIPE)
				return DUMP_WROTE_EPIPE;
			cli_error("standard output: %s", strerror(errno));
			return DUMP_WROTE_ERROR;
		}
		buf += n;
		len -= (size_t)n;
	}
	return DUMP_WROTE_OK;
}

/* Format LEN bytes of B at file offset OFF and write them; see dump_write. */
static enum dump_wrote
dump_emit(struct dump_opts *o, struct dump_buf *db, uint64_t off,
    size_t len)
{
	size_t	n;

	if (len == 0)
		return DUMP_WROTE_OK;
	n = xxdfmt_format(&o->fmt, off, db->in, len, db->out);
	return dump_write(db->out, n);
}

/* Write the format's head (-i's header); see dump_write. */
static enum dump_wrote
dump_head(struct dump_opts *o, struct dump_buf *db)
{
	return dump_write(db->out, xxdfmt_head(&o->fmt, db->out));
}

/* Write the format's tail after W (unless the output failed). */
static enum dump_wrote
dump_tail(struct dump_opts *o, struct dump_buf *db, enum dump_wrote w)
{
	if (w != DUMP_WROTE_OK)
		return w;
	return dump_write(db->out, xxdfmt_tail(&o->fmt, db->out));
}

/* Allocate the buffers for O's format. */
static void
dump_buf_init(struct dump_buf *db, const struct dump_opts *o)
{
	size_t	unit = xxdfmt_unit(&o->fmt), out, edge;

	db->chunk = DUMP_CHUNK / unit * unit;
	if (db->chunk == 0)
		db->chunk = unit;
	db->in = xmalloc(db->chunk);
	out = xxdfmt_bound(&o->fmt, db->chunk);
	edge = xxdfmt_edge_bound(&o->fmt);
	db->out = xmalloc(out > edge ? out : edge);
}

/* Free the buffers. */
static void
dump_buf_free(struct dump_buf *db)
{
	free(db->in);
	free(db->out);
}

/* Map a dump_wrote to an exit status. */
static int
dump_wrote_status(enum dump_wrote w)
{
	return w == DUMP_WROTE_OK ? CLI_EXIT_OK : CLI_EXIT_FAIL;
}

/* Dump a file through the door. */
static int
dump_file(struct dump_opts *o)
{
	struct door		*d;
	struct door_copy	 c;
	struct dump_buf		 db;
	struct source_candidate	*choices;
	enum dump_wrote		 w = DUMP_WROTE_OK;
	uint64_t		 size, start, end, off;
	size_t			 nchoices;
	char			*cause = NULL;
	int			 status = CLI_EXIT_OK;

	d = source_open_pick(o->source, DOOR_RDONLY, &choices, &nchoices,
	    &cause);
	if (d == NULL) {
		/* pid:PID with several mappings: the user must name one. */
		status = nchoices > 1 ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
		cli_error("%s: %s", cli_name(o->source), cause);
		free(cause);
		source_candidates_free(choices, nchoices);
		return status;
	}
	size = door_size(d);
	if (number_resolve_offset(o->skip, o->anchor, 0, size, &start,
	    &cause) != 0) {
		cli_error("%s: %s", cli_name(o->source), cause);
		free(cause);
		door_close(d);
		return CLI_EXIT_USAGE;
	}
	/* Past the end there is nothing to show, but -i still has a frame. */
	end = start >= size ? start : size;
	if (o->have_len && o->len < end - start)
		end = start + o->len;

	dump_buf_init(&db, o);
	w = dump_head(o, &db);
	for (off = start; off < end && w == DUMP_WROTE_OK; off += c.valid) {
		size_t	want = end - off < db.chunk ? end - off : db.chunk;

		c = door_read(d, off, db.in, want);
		w = dump_emit(o, &db, off, c.valid);
		if (c.valid == want || w != DUMP_WROTE_OK)
			continue;
		/* Short: the file shrank, or the read failed (say which). */
		if (c.error == 0 && door_size(d) < off + want)
			cli_error("%s: file shrank to %" PRIu64 " bytes during"
			    " the dump", cli_name(o->source), door_size(d));
		else
			cli_error("%s: read failed at offset %" PRIu64
			    " (0x%" PRIx64 "): %s", cli_name(o->source), off + c.valid,
			    off + c.valid, door_strerror(c.error != 0 ?
			    c.error : EIO));
		status = CLI_EXIT_FAIL;
		break;
	}
	/* Also after a short read: the tail frames what was printed. */
	w = dump_tail(o, &db, w);
	dump_buf_free(&db);
	door_close(d);
	return status != CLI_EXIT_OK ? status : dump_wrote_status(w);
}

/* Read up to LEN bytes from standard input; bytes read, 0 at EOF, -1. */
static ssize_t
dump_read_stdin(unsigned char *buf, size_t len)
{
	ssize_t	n;

	do
		n = read(STDIN_FILENO, buf, len);
	while (n == -1 && errno == EINTR);
	if (n == -1)
		cli_error("standard input: %s", strerror(errno));
	return n;
}

/* Dump standard input, which may be a pipe: read(2), never the door. */
static int
dump_stdin(struct dump_opts *o)
{
	struct dump_buf	 db;
	enum dump_wrote	 w = DUMP_WROTE_OK;
	uint64_t	 off = 0, skip = o->skip, left;
	size_t		 have = 0, rows;
	ssize_t		 n = 0;

	if (o->anchor == NUMBER_FROM_END) {
		cli_error("dump: -s -%" PRIu64 ": cannot count back from the"
		    " end of standard input", o->skip);
		return CLI_EXIT_USAGE;
	}
	left = o->have_len ? o->len : UINT64_MAX;
	dump_buf_init(&db, o);
	w = dump_head(o, &db);
	if (w != DUMP_WROTE_OK)
		goto out;

	/* Skip by reading: a pipe cannot seek. */
	while (skip > 0) {
		n = dump_read_stdin(db.in, skip < db.chunk ? skip : db.chunk);
		if (n <= 0)
			goto tail;
		skip -= (uint64_t)n;
		off += (uint64_t)n;
	}

	/*
	 * Print whole rows as they arrive and keep a partial row for later.
	 * The chunk is a multiple of cols, so a full buffer is all rows and
	 * there is always room to read.
	 */
	while (have < left && w == DUMP_WROTE_OK) {
		size_t	want = db.chunk - have;

		if (want > left - have)
			want = (size_t)(left - have);
		n = dump_read_stdin(db.in + have, want);
		if (n <= 0)
			break;
		have += (size_t)n;
		rows = have / xxdfmt_unit(&o->fmt) * xxdfmt_unit(&o->fmt);
		if (rows == 0)
			continue;
		w = dump_emit(o, &db, off, rows);
		memmove(db.in, db.in + rows, have - rows);
		have -= rows;
		off += rows;
		left -= rows;
	}
	/* The last, partial row (also after a read error). */
	if (w == DUMP_WROTE_OK)
		w = dump_emit(o, &db, off, have);
tail:
	w = dump_tail(o, &db, w);
out:
	dump_buf_free(&db);
	if (n < 0)
		return CLI_EXIT_FAIL;
	return dump_wrote_status(w);
}

/* `livehex dump`: entry point from the subcommand table. */
int
cmd_dump(int argc, char **argv)
{
	struct dump_opts	o;
	bool			help;
	int			status;

	status = dump_parse(argc, argv, &o, &help);
	if (status != CLI_EXIT_OK)
		return status;
	if (help) {	/* or --version: printed by the parser */
		xxdfmt_free(&o.fmt);
		return CLI_EXIT_OK;
	}
	status = strcmp(o.source, "-") == 0 ? dump_stdin(&o) : dump_file(&o);
	xxdfmt_free(&o.fmt);
	return status;
}
