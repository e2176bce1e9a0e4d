/* SPDX-License-Identifier: ISC */
/*
 * cmd_load.c - `livehex load`: xxd -r for a live file, but safe.
 *
 *	livehex load [--dry-run] [--force-write] [-s OFFSET] SOURCE [DUMP]
 *
 * Reads an xxd dump (normal rows with any -c and -g, or -p plain; the
 * grammar is xxdread.h's) from DUMP, or standard input when DUMP is absent
 * or `-`, compares it with SOURCE's bytes and stores only the bytes that
 * differ, in place, through the door.  Prints what changed:
 *
 *	stored 12 bytes in 3 runs: 0x10-0x13, 0x20, 0x40-0x46
 *	no byte differs
 *
 * --dry-run prints "would store ..." and stores nothing (SOURCE is opened
 * read-only).  -s OFFSET is where a plain dump's first byte goes, and is
 * added to every row's offset of a normal dump (as xxd -r -s).
 *
 * Invariants:
 *  - All or nothing before the first store: the whole dump is read and
 *    parsed, every row checked to lie inside the file (load never grows or
 *    truncates it), the writability checked and the differences computed
 *    before anything is stored.  A malformed dump stores nothing.
 *  - Only differing bytes are stored, with byte stores only
 *    (door_store_bytes, one call per run of differing bytes): a neighbour
 *    another process is updating is never rewritten, not even with the
 *    value it had.
 *  - The differences are decided from one read of the file just before
 *    the stores; a byte that another process changes after that read is
 *    stored as the dump says if it differed then, and left alone if not.
 *
 * Exit status, as poke's: 0 stored (or nothing differed, or --dry-run);
 * 1 the file said no: cannot open SOURCE or DUMP, a row past the end of
 * the file, read-only (the door says why), a store failed (the message
 * says exactly how many bytes were stored before it); 2 the command line
 * or the dump is malformed ("DUMP:LINE:COL: what").
 */
#include "config.h"

#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "door.h"
#include "number.h"
#include "source.h"
#include "xxdread.h"
#include "xmalloc.h"

/* Bytes compared per door_read. */
#define LOAD_CHUNK	(64 * 1024)
/* Runs listed in the report; the rest are counted. */
#define LOAD_LIST_MAX	16

/* A run of differing bytes: store LEN bytes from SRC at OFF. */
struct load_run {
	uint64_t		 off;
	size_t			 len;
	const unsigned char	*src;
};

/* The differences: runs in increasing order, never touching. */
struct load_diff {
	struct load_run	*runs;
	size_t		 n, cap;
	uint64_t	 total;		/* bytes */
};

/* Long options. */
enum { LOAD_OPT_DRY = 256, LOAD_OPT_FORCE };

static const struct cli_opt load_opts[] = {
	{ "dry-run", 0, NULL, LOAD_OPT_DRY, "say what would be stored, store "
	  "nothing" },
	{ "force-write", 0, NULL, LOAD_OPT_FORCE, "write even to a block "
	  "device that is mounted" },
	{ NULL, 's', "OFFSET", 's', "where a -p dump starts; added to a row's "
	  "offset" },
	{ NULL, 0, NULL, 0, NULL },
};

static const struct cli_arg load_args[] = {
	{ "SOURCE", NULL }, { "DUMP", NULL },
};

/* Print what follows the options in --help to F. */
static void
load_notes(FILE *f)
{
	fputs("  Nothing is stored unless the whole dump is valid and inside "
	    "the file.\n", f);
}

/* `livehex load`, as data: cli.c parses and explains it from here. */
const struct cli_cmd cmd_load_cmd = {
	.name = "load",
	.synopsis = "load [--dry-run] [--force-write] [-s OFFSET] SOURCE "
	    "[DUMP]",
	.about = "Store the bytes of an xxd dump that differ from SOURCE, in "
	    "place.\n"
	    "  DUMP: xxd rows (any -c, -g) or xxd -p; default: standard "
	    "input\n",
	.opts = load_opts,
	.notes = load_notes,
	.args = load_args,
	.min_args = 1,
	.max_args = 2,
	.run = cmd_load,
};

/* Read all of FD into *TEXT (malloc'd), *LEN bytes; 0 or -1 (errno). */
static int
load_slurp(int fd, char **text, size_t *len)
{
	size_t	cap = 65536, n = 0;
	char	*buf = xmalloc(cap);
	ssize_t	r;

	for (;;) {
		if (n == cap) {
			cap *= 2;
			buf = xrealloc(buf, cap);
		}
		r = read(fd, buf + n, cap - n);
		if (r == -1 && errno == EINTR)
			continue;
		if (r == -1) {
			free(buf);
			return -1;
		}
		if (r == 0)
			break;
		n += (size_t)r;
	}
	*text = buf;
	*len = n;
	return 0;
}

/* Add byte OFF (from SRC) to the differences, joining the last run. */
static void
load_diff_add(struct load_diff *df, uint64_t off, const unsigned char *src)
{
	struct load_run	*last = df->n > 0 ? &df->runs[df->n - 1] : NULL;

	df->total++;
	/* Contiguous in the file and in the dump's bytes: one run. */
	if (last != NULL && last->off + last->len == off &&
	    last->src + last->len == src) {
		last->len++;
		return;
	}
	if (df->n == df->cap) {
		df->cap = df->cap == 0 ? 64 : df->cap * 2;
		df->runs = xrealloc(df->runs, df->cap * sizeof *df->runs);
	}
	df->runs[df->n].off = off;
	df->runs[df->n].len = 1;
	df->runs[df->n].src = src;
	df->n++;
}

/*
 * Compare every record of R with the file through D, filling DF; 0, or -1
 * after printing why (the file shrank under us).
 */
static int
load_compare(struct door *d, const struct xxdread *r, struct load_diff *df)
{
	unsigned char	*buf = xmalloc(LOAD_CHUNK);
	int		 rc = 0;

	for (size_t i = 0; i < r->nrecs && rc == 0; i++) {
		const struct xxdread_rec	*rec = &r->recs[i];

		for (size_t done = 0; done < rec->len; ) {
			size_t			 want = rec->len - done;
			const unsigned char	*src = r->bytes + rec->at + done;
			struct door_copy	 c;

			if (want > LOAD_CHUNK)
				want = LOAD_CHUNK;
			c = door_read(d, rec->off + done, buf, want);
			if (c.valid != want) {
				cli_error("%s: could not read offset 0x%" PRIx64
				    " (the file is now %" PRIu64 " bytes); "
				    "nothing was stored", cli_name(door_name(d)),
				    rec->off + done + c.valid, door_size(d));
				rc = -1;
				break;
			}
			for (size_t k = 0; k < want; k++)
				if (buf[k] != src[k])
					load_diff_add(df, rec->off + done + k,
					    src + k);
			done += want;
		}
	}
	free(buf);
	return rc;
}

/* Print "N bytes in R runs: 0x10-0x13, 0x20, ..." for the first NRUNS. */
static void
load_print_runs(FILE *f, const struct load_run *runs, size_t nruns,
    uint64_t total)
{
	fprintf(f, "%" PRIu64 " byte%s in %zu run%s:", total,
	    total == 1 ? "" : "s", nruns, nruns == 1 ? "" : "s");
	for (size_t i = 0; i < nruns && i < LOAD_LIST_MAX; i++) {
		const struct load_run	*r = &runs[i];

		if (r->len == 1)
			fprintf(f, "%s 0x%" PRIx64, i > 0 ? "," : "", r->off);
		else
			fprintf(f, "%s 0x%" PRIx64 "-0x%" PRIx64,
			    i > 0 ? "," : "", r->off, r->off + r->len - 1);
	}
	if (nruns > LOAD_LIST_MAX)
		fprintf(f, ", and %zu more", nruns - LOAD_LIST_MAX);
}

/*
 * Store every run through D with byte stores only; *stored gets the bytes
 * stored, as the door counted them (a run can stop part-way: the file
 * shrank, the disk is full).  0, or -1 with *cause and *at the offset of
 * the first byte not stored.
 */
static int
load_store(struct door *d, const struct load_diff *df, uint64_t *stored,
    uint64_t *at, char **cause)
{
	*stored = 0;
	for (size_t i = 0; i < df->n; i++) {
		const struct load_run	*r = &df->runs[i];
		struct door_put		 put;

		put = door_store_bytes(d, r->off, r->src, r->len, cause);
		*stored += put.stored;
		if (put.why != DOOR_PUT_DONE) {
			*at = r->off + put.stored;
			return -1;
		}
	}
	return 0;
}

/*
 * The runs wholly or partly stored when STORED bytes of DF went in, into
 * RUNS (at least df->n); their count.
 */
static size_t
load_stored_runs(const struct load_diff *df, uint64_t stored,
    struct load_run *runs)
{
	size_t	n = 0;

	for (size_t i = 0; i < df->n && stored > 0; i++) {
		runs[n] = df->runs[i];
		if (runs[n].len > stored)
			runs[n].len = (size_t)stored;
		stored -= runs[n].len;
		n++;
	}
	return n;
}

/* Check, compare and store R into D; the exit status. */
static int
load_apply(struct door *d, const struct xxdread *r, const char *dump_name,
    bool dry_run)
{
	const char		*path = door_name(d);
	uint64_t		 size = door_size(d), stored = 0, at = 0;
	struct load_diff	 df;
	struct load_run		*done;
	char			*cause = NULL;
	size_t			 ndone;
	int			 status = CLI_EXIT_OK;

	/* Every row inside the file, before anything else. */
	for (size_t i = 0; i < r->nrecs; i++) {
		const struct xxdread_rec	*rec = &r->recs[i];

		if (rec->off > size || rec->len > size - rec->off) {
			cli_error("%s:%u:1: bytes 0x%" PRIx64 "-0x%" PRIx64
			    " are past the end of %s (%" PRIu64 " bytes): load"
			    " never grows a file; nothing was stored",
			    cli_name(dump_name), rec->line, rec->off,
			    rec->off + rec->len - 1, cli_name(path), size);
			return CLI_EXIT_FAIL;
		}
	}
	memset(&df, 0, sizeof df);
	if (load_compare(d, r, &df) != 0) {
		free(df.runs);
		return CLI_EXIT_FAIL;
	}
	if (df.n == 0) {
		printf("no byte differs\n");
		free(df.runs);
		return CLI_EXIT_OK;
	}
	if (dry_run) {
		printf("would store ");
		load_print_runs(stdout, df.runs, df.n, df.total);
		printf("\n");
		free(df.runs);
		return CLI_EXIT_OK;
	}
	/* Refused only when there is something to store. */
	if (!door_writable(d)) {
		cli_error("%s: read-only: %s; nothing was stored", cli_name(path),
		    door_readonly_reason(d));
		free(df.runs);
		return CLI_EXIT_FAIL;
	}
	if (load_store(d, &df, &stored, &at, &cause) != 0) {
		done = xmalloc(df.n * sizeof *done);
		ndone = load_stored_runs(&df, stored, done);
		cli_error("%s: could not store the byte at 0x%" PRIx64 ": %s; %"
		    PRIu64 " of %" PRIu64 " bytes were stored before it",
		    cli_name(path),
		    at, cause, stored, df.total);
		if (ndone > 0) {
			printf("stored ");
			load_print_runs(stdout, done, ndone, stored);
			printf("\n");
		}
		free(done);
		free(cause);
		status = CLI_EXIT_FAIL;
	} else {
		printf("stored ");
		load_print_runs(stdout, df.runs, df.n, df.total);
		printf("\n");
	}
	free(df.runs);
	return status;
}

/* `livehex load`: entry point from the subcommand table. */
int
cmd_load(int argc, char **argv)
{
	struct xxdread		 r;
	struct door		*d;
	struct source_candidate	*choices;
	const char		*source, *dump, *dump_name;
	uint64_t		 base = 0;
	size_t			 len, nchoices;
	char			*text, *cause = NULL;
	bool			 dry_run = false;
	struct cli_parser	 p;
	int			 ch, fd, status, flags = 0;

	cli_start(&p, &cmd_load_cmd, argc, argv);
	while ((ch = cli_next(&p)) > 0) {
		switch (ch) {
		case LOAD_OPT_DRY:
			dry_run = true;
			break;
		case LOAD_OPT_FORCE:
			flags |= DOOR_FORCE;
			break;
		case 's':
			if (number_parse_u64(p.arg, &base, NUMBER_SUFFIX,
			    &cause) != 0) {
				cli_error("load: -s: %s", cause);
				free(cause);
				return CLI_EXIT_USAGE;
			}
			break;
		}
	}
	if (ch == CLI_STOP)
		return p.status;
	/* The arguments are argv[optind...], as getopt left them. */
	source = argv[optind];
	dump = argc - optind == 2 ? argv[optind + 1] : "-";
	if (strcmp(source, "-") == 0) {
		cli_error("load: SOURCE cannot be - (standard input): load "
		    "stores through a shared mapping of a file; the dump is "
		    "read from standard input when DUMP is left out");
		return CLI_EXIT_USAGE;
	}

	/* The whole dump is read and parsed before SOURCE is opened. */
	dump_name = strcmp(dump, "-") == 0 ? "standard input" : dump;
	fd = strcmp(dump, "-") == 0 ? STDIN_FILENO : open(dump, O_RDONLY);
	if (fd == -1 || load_slurp(fd, &text, &len) != 0) {
		cli_error("%s: %s; nothing was stored", cli_name(dump_name),
		    strerror(errno));
		if (fd > STDIN_FILENO)
			close(fd);
		return CLI_EXIT_FAIL;
	}
	if (fd > STDIN_FILENO)
		close(fd);
	if (xxdread_parse(text, len, base, &r, &cause) != 0) {
		cli_error("%s:%s; nothing was stored", cli_name(dump_name),
		    cause);
		free(cause);
		free(text);
		return CLI_EXIT_USAGE;
	}
	free(text);

	d = source_open_pick(source, flags | (dry_run ? DOOR_RDONLY : 0),
	    &choices, &nchoices, &cause);
	if (d == NULL) {
		/* pid:PID with several mappings: the user must name one. */
		status = nchoices > 1 ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
		cli_error("%s: %s; nothing was stored", cli_name(source),
		    cause);
		free(cause);
		source_candidates_free(choices, nchoices);
		xxdread_free(&r);
		return status;
	}
	status = load_apply(d, &r, dump_name, dry_run);
	door_close(d);
	xxdread_free(&r);
	return status;
}
