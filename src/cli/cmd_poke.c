/* SPDX-License-Identifier: ISC */
/*
 * cmd_poke.c - `livehex poke`: store values into a shared file, through
 * the door, while other processes may be using it.
 *
 *	livehex poke [--sync] SOURCE OFFSET VALUE...
 *
 * SOURCE is anything source.h opens (a file, shm:NAME, sysv:SHMID,
 * pid:PID).  Each VALUE is stored right after the previous one, starting
 * at OFFSET, spelt in the byte grammar of bytes.h (docs/livehex.1, BYTES),
 * the one search and :set read too (no ?? wildcards, no i"..." here):
 *
 *	de ad be ef, deadbeef, de:ad	hex bytes
 *	hex:deadbeef			the same, said explicitly
 *	text:GET\x20/\n, "GET /\n"	text with C escapes
 *	u32le:1234, f64be:2.5, i8:-1	a typed value (value.h's types); no
 *					suffix is little endian
 *
 * Invariants:
 *  - All or nothing on the command line: every VALUE is parsed and encoded,
 *    the total length computed, the range checked against the size and the
 *    door's writability checked before the first store.  A bad command line
 *    never touches the file.  (A file truncated by someone else between the
 *    check and the stores can still fail part way: see "How it fails".)
 *  - Exactly the user's bytes are written, never a read-modify-write of a
 *    wider word (design.md fact 5): another process may be updating the
 *    neighbouring bytes right now.  A typed value of width 2, 4 or 8 at a
 *    naturally aligned offset is one door_store of that width, so a reader
 *    never sees half of it; a misaligned one cannot be atomic, door_store
 *    writes it byte by byte and we print a note saying so.  Hex and text go
 *    through door_store_bytes (byte stores only).
 *  - --sync is msync(MS_SYNC) over the written range afterwards.  On tmpfs
 *    (/dev/shm) msync has nothing durable to give; we say so in a note and
 *    still succeed, since the bytes are stored and visible (design.md fact 4).
 *
 * Exit status:
 *	0  every value stored (and synced with --sync)
 *	1  the file could not be used: cannot open, OFFSET + total past the
 *	   end, read-only (the door says why), a store faulted part-way
 *	   (the file shrank under us, or its file system had no space for
 *	   a page: the message says exactly how many bytes were written,
 *	   from the door's count; a typed value stored in part is called
 *	   torn and its bytes are shown), msync failed
 *	2  the command line is malformed: unknown option, missing OFFSET or
 *	   VALUE, SOURCE `-`, a bad OFFSET, an unknown type, bad hex, a bad
 *	   escape, a number that does not fit its type, a pid:PID with
 *	   several shared mappings (they are listed; name one as SOURCE)
 * The rule: 2 when the fix is to change the command line, 1 when it is the
 * file (or the system) that said no.
 *
 * With --layout (cli_layout.c) the operands are SOURCE PATH=VALUE...:
 * each PATH is a field of the layout ("slots[0].state") and VALUE a
 * number for it, or an enum's name ("READY").  The same rules hold: all
 * are resolved and encoded before anything is stored; each is one
 * STORE_ATOMIC store of its whole width (a note says when it is not
 * aligned, so not atomic: a reader may see it torn), and one line per
 * field on standard output says what was stored, old value and new:
 *
 *	slots[0].state at 0x5c: SLOT_EMPTY -> SLOT_READY (4 bytes, atomic)
 *
 * A bitfield, a record or an array is refused: poke stores a value the
 * user typed, never bytes merged with others it read.
 *
 * Messages: "livehex: poke: ..." for the command line, "livehex: SOURCE:
 * ..." for the file, "livehex: SOURCE: note: ..." for notes (exit 0).
 */
#include "config.h"

#include <ctype.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bytes.h"
#include "cli.h"
#include "door.h"
#include "layout.h"
#include "live.h"
#include "number.h"
#include "row.h"
#include "source.h"
#include "store.h"
#include "value.h"
#include "xmalloc.h"

/* One VALUE from the command line, encoded and ready to store. */
struct poke_item {
	const char		*arg;		/* as typed, for messages */
	char			*path;		/* --layout: PATH of PATH=VALUE */
	struct ltype_ref	 ref;		/* --layout: where it goes */
	bool			 typed;		/* TYPE:NUMBER: one door_store */
	struct value_type	 type;		/* when typed */
	uint8_t			*bytes;		/* what to store (malloc'd) */
	size_t			 len;
};

/* Long options. */
enum { POKE_OPT_SYNC = 256, POKE_OPT_FORCE };

static const struct cli_opt poke_opts[] = {
	{ "sync", 0, NULL, POKE_OPT_SYNC, "msync(MS_SYNC) the written range "
	  "afterwards" },
	{ "force-write", 0, NULL, POKE_OPT_FORCE, "write even to a block "
	  "device that is mounted" },
	CLI_LAYOUT_OPTS,
	{ NULL, 0, NULL, 0, NULL },
};

static const struct cli_arg poke_args[] = {
	{ "SOURCE", NULL }, { "OFFSET", NULL }, { "VALUE", NULL },
};

/* Print what follows the options in --help to F. */
static void
poke_notes(FILE *f)
{
	fputs("  OFFSET: decimal or 0x hex, K/M/G suffixes\n", f);
}

/* `livehex poke`, as data: cli.c parses and explains it from here. */
const struct cli_cmd cmd_poke_cmd = {
	.name = "poke",
	.synopsis = "poke [--sync] [--force-write] SOURCE OFFSET VALUE...\n"
	    "               poke --layout SPEC [--at OFFSET] [--cflags FLAGS] SOURCE "
	    "PATH=VALUE...",
	.about = "Store VALUEs one after another at OFFSET, through the "
	    "shared mapping.\n"
	    "  VALUE is one of:\n"
	    "    de ad be ef, deadbeef   hex bytes (also hex:deadbeef)\n"
	    "    text:STRING             text with C escapes "
	    "(\\n \\t \\r \\0 \\e \\\\ \\\" \\xNN)\n"
	    "    TYPE:NUMBER             u8 i8 u16 i16 u32 i32 u64 i64 f32 f64,"
	    " with le or be\n"
	    "                            (default le), e.g. u32le:1234 "
	    "f64be:2.5 i8:-1\n"
	    "  An aligned 2, 4 or 8-byte TYPE value is stored atomically.\n"
	    "  Nothing is written unless every VALUE is valid and fits in the "
	    "file.\n",
	.opts = poke_opts,
	.notes = poke_notes,
	.args = poke_args,
	.min_args = 2,
	.max_args = -1,
	.run = cmd_poke,
};

/* Parse and encode one VALUE into IT; 0, or -1 with *cause. */
static int
poke_parse_value(const char *arg, struct poke_item *it, char **cause)
{
	struct bytes	b;

	memset(it, 0, sizeof *it);
	it->arg = arg;
	/* The byte grammar (bytes.h), as search and :set read it. */
	if (bytes_parse(arg, 0, &b, NULL, cause) == -1)
		return -1;
	it->typed = b.typed;
	it->type = b.type;
	it->bytes = b.val;	/* no wildcards: the values are the bytes */
	it->len = b.len;
	free(b.mask);
	return 0;
}

/* Free the items' buffers and the array. */
static void
poke_items_free(struct poke_item *items, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		free(items[i].bytes);
		free(items[i].path);
	}
	free(items);
}

/* Store IT at OFF through the store path; what was stored (*cause). */
static struct store_result
poke_store(struct live *l, const struct poke_item *it, uint64_t off,
    char **cause)
{
	struct door		*d = live_door(l);
	struct store_result	 r;

	/* A typed value is one door_store: atomic when aligned, else bytes. */
	r = store_put(l, off, it->bytes, it->len, it->typed ? STORE_ATOMIC :
	    0, NULL, cause);
	if (it->typed && r.why == DOOR_PUT_DONE && !r.atomic && it->len > 1)
		cli_error("%s: note: %s at offset %" PRIu64 " (0x%" PRIx64 ")"
		    " is not aligned to %zu bytes: stored byte by byte, not "
		    "atomically", cli_name(door_name(d)), it->type.name, off,
		    off, it->len);
	return r;
}

/*
 * A typed value stored only in part: say it is torn and show the bytes
 * the file holds there now next to the ones meant.
 */
static void
poke_torn(struct door *d, const struct poke_item *it, uint64_t off)
{
	uint8_t			 now[8];
	struct door_copy	 c = door_read(d, off, now, it->len);
	char			 shown[3 * 8 + 1] = "", meant[3 * 8 + 1] = "";

	row_hex_list(now, it->len, c.valid, shown);
	row_hex_list(it->bytes, it->len, it->len, meant);
	cli_error("%s: the %s value at offset %" PRIu64 " (0x%" PRIx64 ") is "
	    "torn: its bytes are now %s (meant %s)", cli_name(door_name(d)),
	    it->type.name, off, off, shown, meant);
}

/* Store every item from OFF on, then sync if asked; the exit status. */
static int
poke_write(struct live *l, const struct poke_item *items, size_t n,
    uint64_t off, uint64_t total, bool sync)
{
	struct door	*d = live_door(l);
	const char	*path = door_name(d);
	uint64_t	 size = door_size(d), at = off;
	char		*cause = NULL;

	if (off > size || total > size - off) {
		cli_error("%s: %" PRIu64 " byte%s at offset %" PRIu64 " (0x%"
		    PRIx64 ") would run past the end of the file (size %"
		    PRIu64 " bytes); nothing was written", cli_name(path), total,
		    total == 1 ? "" : "s", off, off, size);
		return CLI_EXIT_FAIL;
	}
	if (!door_writable(d)) {
		cli_error("%s: read-only: %s; nothing was written",
		    cli_name(path), door_readonly_reason(d));
		return CLI_EXIT_FAIL;
	}
	for (size_t i = 0; i < n; i++) {
		struct store_result	r = poke_store(l, &items[i], at, &cause);

		store_result_free(&r);
		if (r.why != DOOR_PUT_DONE) {
			/* Count what the door says it stored, never guess. */
			cli_error("%s: value %zu \"%s\": %s; %" PRIu64 " of %"
			    PRIu64 " bytes were written in all", cli_name(path),
			    i + 1, cli_name(items[i].arg), cause,
			    at - off + r.stored, total);
			free(cause);
			if (items[i].typed && r.stored > 0)
				poke_torn(d, &items[i], at);
			return CLI_EXIT_FAIL;
		}
		at += items[i].len;
	}
	if (!sync)
		return CLI_EXIT_OK;
	switch (door_sync(d, off, total, false, &cause)) {
	case DOOR_SYNC_OK:
		return CLI_EXIT_OK;
	case DOOR_SYNC_VOLATILE:
		cli_error("%s: note: the file is on tmpfs, where msync does "
		    "nothing: the bytes are stored and visible, but nothing is"
		    " durable (they live in memory only)", cli_name(path));
		return CLI_EXIT_OK;
	default:
		cli_error("%s: the values were stored but --sync failed: %s",
		    cli_name(path), cause);
		free(cause);
		return CLI_EXIT_FAIL;
	}
}

/* Parse ARG (PATH=VALUE) against L into IT; 0, or -1 with *cause. */
static int
poke_parse_field(const struct layout *l, const char *arg,
    struct poke_item *it, char **cause)
{
	const char	*eq = strchr(arg, '=');
	char		*why = NULL;

	memset(it, 0, sizeof *it);
	it->arg = arg;
	if (eq == NULL || eq == arg)
		return cause_set(cause, "with --layout a value is PATH=VALUE "
		    "(e.g. head=0, slots[0].state=READY)");
	it->path = xasprintf("%.*s", (int)(eq - arg), arg);
	if (layout_resolve(l, it->path, &it->ref, &why) != 0) {
		cause_set(cause, "%s", why);
		free(why);
		return -1;
	}
	it->bytes = xcalloc(1, it->ref.size > 8 ? (size_t)it->ref.size : 8);
	if (ltype_encode(&it->ref, eq + 1, it->bytes, &why) != 0) {
		cause_set(cause, "%s: %s", it->path, why);
		free(why);
		return -1;
	}
	it->len = (size_t)it->ref.size;
	it->typed = true;
	it->type = it->ref.type->scalar;
	return 0;
}

/* Store the field items (each at its own offset); the exit status. */
static int
poke_write_fields(struct live *l, const struct poke_item *items, size_t n)
{
	struct door	*d = live_door(l);
	const char	*path = door_name(d);
	uint64_t	 size = door_size(d);
	char		*cause = NULL, was[128], now[128];

	for (size_t i = 0; i < n; i++)
		if (items[i].ref.off + items[i].len > size) {
			cli_error("%s: %s (bytes 0x%" PRIx64 "-0x%" PRIx64 ") "
			    "is past the end of the file (size %" PRIu64
			    " bytes); nothing was written", cli_name(path),
			    cli_name(items[i].path), items[i].ref.off,
			    items[i].ref.off + items[i].len - 1, size);
			return CLI_EXIT_FAIL;
		}
	if (!door_writable(d)) {
		cli_error("%s: read-only: %s; nothing was written",
		    cli_name(path), door_readonly_reason(d));
		return CLI_EXIT_FAIL;
	}
	for (size_t i = 0; i < n; i++) {
		const struct poke_item	*it = &items[i];
		struct store_result	 r = poke_store(l, it, it->ref.off,
					    &cause);

		if (r.why != DOOR_PUT_DONE) {
			cli_error("%s: %s: %s; %zu of its %zu bytes and the "
			    "%zu field%s before it were written",
			    cli_name(path), cli_name(it->path), cause,
			    r.stored, it->len, i, i == 1 ? "" : "s");
			free(cause);
			if (r.stored > 0)
				poke_torn(d, it, it->ref.off);
			store_result_free(&r);
			return CLI_EXIT_FAIL;
		}
		/* What was there (as read just before) and what is now. */
		if (r.old_valid == it->len)
			ltype_format(&it->ref, r.old, it->len, was, sizeof was);
		else
			snprintf(was, sizeof was, "(unknown)");
		ltype_format(&it->ref, it->bytes, it->len, now, sizeof now);
		printf("%s at 0x%" PRIx64 ": %s -> %s (%zu byte%s%s)\n",
		    cli_name(it->path), it->ref.off, cli_name(was),
		    cli_name(now), it->len, it->len == 1 ? "" : "s",
		    r.atomic ? ", atomic" : ", byte by byte: may be seen torn");
		store_result_free(&r);
	}
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("standard output: the values were stored, but: %s",
		    strerror(errno));
		return CLI_EXIT_FAIL;
	}
	return CLI_EXIT_OK;
}

/* poke --layout: SOURCE PATH=VALUE...; the exit status. */
static int
poke_fields(const struct cli_layout *cl, const char *source, char **args,
    size_t n, int flags)
{
	struct poke_item	*items;
	struct live		*l;
	struct layout		*lay;
	struct source_candidate	*choices;
	size_t			 nchoices;
	char			*cause = NULL;
	int			 status;

	/* The file first: the layout's types must fit in it. */
	l = live_open(source, flags, &choices, &nchoices, &cause);
	if (l == NULL) {
		status = nchoices > 1 ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
		cli_error("%s: %s", cli_name(source), cause);
		free(cause);
		source_candidates_free(choices, nchoices);
		return status;
	}
	if ((lay = cli_layout_open(cl, source, door_size(live_door(l)))) ==
	    NULL) {
		live_close(l);
		return CLI_EXIT_USAGE;
	}
	items = xcalloc(n, sizeof *items);
	status = CLI_EXIT_OK;
	for (size_t i = 0; i < n && status == CLI_EXIT_OK; i++) {
		if (poke_parse_field(lay, args[i], &items[i], &cause) != 0) {
			cli_error("poke: %s: %s; nothing was written",
			    cli_name(args[i]), cause);
			free(cause);
			status = CLI_EXIT_USAGE;
		}
	}
	if (status == CLI_EXIT_OK)
		status = poke_write_fields(l, items, n);
	poke_items_free(items, n);
	layout_free(lay);
	live_close(l);
	return status;
}

/* `livehex poke`: entry point from the subcommand table. */
int
cmd_poke(int argc, char **argv)
{
	struct poke_item	*items;
	struct live		*l;
	struct source_candidate	*choices;
	const char		*source;
	uint64_t		 off, total = 0;
	size_t			 n, nchoices;
	char			*cause = NULL;
	bool			 sync = false;
	struct cli_parser	 p;
	struct cli_layout	 cl;
	int			 ch, status, flags = 0;

	memset(&cl, 0, sizeof cl);
	cli_start(&p, &cmd_poke_cmd, argc, argv);
	while ((ch = cli_next(&p)) > 0) {
		switch (ch) {
		case POKE_OPT_SYNC:
			sync = true;
			break;
		case POKE_OPT_FORCE:
			flags |= DOOR_FORCE;
			break;
		default:
			if (cli_layout_opt(&cl, ch, p.arg) != 0)
				return CLI_EXIT_USAGE;
		}
	}
	if (ch == CLI_STOP)
		return p.status;
	if (cl.n > 0 && sync)
		return cli_cmd_error(&cmd_poke_cmd, "--sync does not go with "
		    "--layout yet (its fields are not one range)");
	/* The arguments are argv[optind...], as getopt left them. */
	source = argv[optind];
	if (strcmp(source, "-") == 0) {
		cli_error("poke: SOURCE cannot be - (standard input): poke "
		    "stores through a shared mapping of a file, and a stream "
		    "cannot be mapped");
		return CLI_EXIT_USAGE;
	}
	if (cl.n > 0)
		return poke_fields(&cl, source, argv + optind + 1,
		    (size_t)(argc - optind - 1), flags);
	if (argc - optind < 3)
		return cli_cmd_error(&cmd_poke_cmd, "no VALUE given");
	if (number_parse_u64(argv[optind + 1], &off, NUMBER_SUFFIX,
	    &cause) != 0) {
		cli_error("poke: OFFSET %s", cause);
		free(cause);
		return CLI_EXIT_USAGE;
	}

	/* Every VALUE is parsed before the file is even opened. */
	n = (size_t)(argc - optind - 2);
	items = xcalloc(n, sizeof *items);
	for (size_t i = 0; i < n; i++) {
		const char	*arg = argv[optind + 2 + (int)i];

		if (poke_parse_value(arg, &items[i], &cause) != 0) {
			cli_error("poke: value %zu \"%s\": %s; nothing was "
			    "written", i + 1, cli_name(arg), cause);
			free(cause);
			poke_items_free(items, n);
			return CLI_EXIT_USAGE;
		}
		/* Cannot overflow: at most 8 or the argument's length each. */
		total += items[i].len;
	}

	l = live_open(source, flags, &choices, &nchoices, &cause);
	if (l == NULL) {
		/* pid:PID with several mappings: the user must name one. */
		status = nchoices > 1 ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
		cli_error("%s: %s", cli_name(source), cause);
		free(cause);
		source_candidates_free(choices, nchoices);
		poke_items_free(items, n);
		return status;
	}
	status = poke_write(l, items, n, off, total, sync);
	live_close(l);
	poke_items_free(items, n);
	return status;
}
