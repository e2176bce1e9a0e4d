/* SPDX-License-Identifier: ISC */
/*
 * cmd_peek.c - `livehex peek`: print one value read from a shared file.
 *
 *	livehex peek SOURCE OFFSET TYPE
 *
 * TYPE is one of:
 *	u8 i8 u16 ... f64be	a typed value, printed as value_decode prints it
 *	bytes:N			N bytes as lowercase hex pairs: "de ad be ef"
 *	text:N			N bytes as text; anything not printable ASCII is
 *				escaped (\n \t \r \0 \e \\ \xNN), so the
 *				terminal never receives a raw control byte
 * and the output is that one line.  The text escapes are exactly those
 * the byte grammar reads (bytes.h), so `poke SOURCE OFF "text:$(peek ...
 * text:N)"` writes the same bytes back.
 *
 * SOURCE is anything source.h opens (a file, shm:NAME, sysv:SHMID,
 * pid:PID).  The source is opened with DOOR_RDONLY (peek never opens for writing, so
 * it works on files it may only read and never looks like a writer to
 * inotify), and the value is read with one door_read: one snapshot, copied
 * before it is formatted (design.md fact 2).  All N bytes are read at once, so
 * memory use is N.
 *
 * A value that would run past the end of the file is an error, never a
 * short value: the range is checked against the size at open, and a copy
 * that comes back short (the file shrank in between) is an error too.
 *
 * Exit status: 0 printed; 1 the source cannot be opened, the value runs past
 * the end, the read failed or standard output could not be written; 2 a
 * malformed command line (missing operands, SOURCE `-`, a bad OFFSET, an
 * unknown TYPE, a bad N, a pid:PID with several shared mappings).
 *
 * With --layout (cli_layout.c) the operands are SOURCE PATH...: each PATH
 * ("slots[3].seq", "ring.hdr.magic") is resolved in the layout and its
 * value printed on a line of its own, as the fields panel shows it (an
 * enum by name, a pointer in hex, a bitfield's value); all of them come
 * from one door_read of the span they cover, so they are one snapshot.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "door.h"
#include "layout.h"
#include "number.h"
#include "source.h"
#include "value.h"
#include "xmalloc.h"

/* What TYPE asked for. */
enum peek_kind {
	PEEK_VALUE,	/* a value type: value_decode */
	PEEK_BYTES,	/* bytes:N, hex pairs */
	PEEK_TEXT,	/* text:N, escaped */
};

/* The parsed TYPE operand. */
struct peek_what {
	enum peek_kind		 kind;
	struct value_type	 type;	/* PEEK_VALUE */
	uint64_t		 len;	/* bytes to read */
};

static const struct cli_opt peek_opts[] = {
	CLI_LAYOUT_OPTS,
	{ NULL, 0, NULL, 0, NULL },
};

static const struct cli_arg peek_args[] = {
	{ "SOURCE", NULL }, { "OFFSET", NULL }, { "TYPE", NULL },
};

/* Bytes a field's value may take as text (a long char[] is cut). */
#define PEEK_FIELD_TEXT	4096

/* `livehex peek`, as data: cli.c parses and explains it from here. */
const struct cli_cmd cmd_peek_cmd = {
	.name = "peek",
	.synopsis = "peek SOURCE OFFSET TYPE\n"
	    "               peek --layout SPEC [--at OFFSET] [--cflags FLAGS] SOURCE "
	    "PATH...",
	.about = "Print the value at OFFSET, read through the shared "
	    "mapping.\n"
	    "  TYPE is one of:\n"
	    "    u8 i8 u16 i16 u32 i32 u64 i64 f32 f64, with le or be "
	    "(default le)\n"
	    "    bytes:N    N bytes as hex pairs\n"
	    "    text:N     N bytes as text, non-printable bytes escaped\n"
	    "  OFFSET and N: decimal or 0x hex, K/M/G suffixes\n",
	.opts = peek_opts,
	.args = peek_args,
	.min_args = 2,
	.max_args = -1,
	.excess = " after TYPE (one value at a time)",
	.run = cmd_peek,
};

/* Parse the TYPE operand S into W; 0, or -1 with *cause. */
static int
peek_parse_what(const char *s, struct peek_what *w, char **cause)
{
	const char	*n = NULL;
	char		*why = NULL;

	memset(w, 0, sizeof *w);
	if (strncmp(s, "bytes:", 6) == 0) {
		w->kind = PEEK_BYTES;
		n = s + 6;
	} else if (strncmp(s, "text:", 5) == 0) {
		w->kind = PEEK_TEXT;
		n = s + 5;
	}
	if (n != NULL) {
		if (number_parse_u64(n, &w->len, NUMBER_SUFFIX |
		    NUMBER_NONZERO, &why) == 0)
			return 0;
		cause_set(cause, "TYPE %s: the count %s", s, why);
		free(why);
		return -1;
	}
	/* value_type_parse("") would match "u8" by its bare-name rule. */
	if (*s == '\0')
		return cause_set(cause, "TYPE is empty (u8 i8 u16 i16 u32 i32 "
		    "u64 i64 f32 f64, with le or be; or bytes:N, text:N)");
	if (value_type_parse(s, &w->type, &why) != 0) {
		cause_set(cause, "TYPE %s; or bytes:N, text:N", why);
		free(why);
		return -1;
	}
	w->kind = PEEK_VALUE;
	w->len = w->type.width;
	return 0;
}

/* Format LEN bytes of B as "de ad be ef\n" into a malloc'd string. */
static char *
peek_format_bytes(const uint8_t *b, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	char			*out = xmalloc(len * 3 + 1), *p = out;

	for (size_t i = 0; i < len; i++) {
		*p++ = hex[b[i] >> 4];
		*p++ = hex[b[i] & 0xf];
		*p++ = i + 1 < len ? ' ' : '\n';
	}
	*p = '\0';
	return out;
}

/* Format LEN bytes of B as escaped text plus "\n" into a malloc'd string. */
static char *
peek_format_text(const uint8_t *b, size_t len)
{
	static const char	 hex[] = "0123456789abcdef";
	char			*out = xmalloc(len * 4 + 2), *p = out;

	for (size_t i = 0; i < len; i++) {
		uint8_t	c = b[i];
		char	e = 0;

		switch (c) {
		case '\n': e = 'n'; break;
		case '\t': e = 't'; break;
		case '\r': e = 'r'; break;
		case '\0': e = '0'; break;
		case 0x1b: e = 'e'; break;
		case '\\': e = '\\'; break;
		default: break;
		}
		if (e != 0) {
			*p++ = '\\';
			*p++ = e;
		} else if (c >= 0x20 && c < 0x7f)
			*p++ = (char)c;
		else {
			/* DEL and every byte >= 0x80: a C1 control or UTF-8. */
			*p++ = '\\';
			*p++ = 'x';
			*p++ = hex[c >> 4];
			*p++ = hex[c & 0xf];
		}
	}
	*p++ = '\n';
	*p = '\0';
	return out;
}

/* Read W at OFF from D and print it; the exit status. */
static int
peek_print(struct door *d, uint64_t off, const struct peek_what *w)
{
	const char		*path = door_name(d);
	uint64_t		 size = door_size(d);
	struct door_copy	 c;
	uint8_t			*buf;
	char			*line, num[64];

	if (off > size || w->len > size - off) {
		cli_error("%s: %" PRIu64 " byte%s at offset %" PRIu64 " (0x%"
		    PRIx64 ") would run past the end of the file (size %"
		    PRIu64 " bytes)", cli_name(path), w->len,
		    w->len == 1 ? "" : "s", off, off, size);
		return CLI_EXIT_FAIL;
	}
	/* Within the size, and the size was mapped: it fits in a size_t. */
	buf = xmalloc((size_t)w->len);
	c = door_read(d, off, buf, (size_t)w->len);
	if (c.valid != w->len) {
		/* A failure is never reported as a shrink: c.error says. */
		if (c.error == 0 && c.shrank)
			cli_error("%s: the file shrank to %" PRIu64 " bytes "
			    "while reading offset %" PRIu64, cli_name(path),
			    door_size(d), off);
		else
			cli_error("%s: read failed at offset %" PRIu64 " (0x%"
			    PRIx64 "): %s", cli_name(path), off + c.valid, off + c.valid,
			    door_strerror(c.error != 0 ? c.error : EIO));
		free(buf);
		return CLI_EXIT_FAIL;
	}
	if (w->kind == PEEK_VALUE) {
		value_decode(&w->type, buf, num, sizeof num);
		line = xasprintf("%s\n", num);
	} else if (w->kind == PEEK_BYTES)
		line = peek_format_bytes(buf, (size_t)w->len);
	else
		line = peek_format_text(buf, (size_t)w->len);
	free(buf);
	fputs(line, stdout);
	free(line);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("standard output: %s", strerror(errno));
		return CLI_EXIT_FAIL;
	}
	return CLI_EXIT_OK;
}

/* Print the fields at PATHS (N of them) of L, read from D; the status. */
static int
peek_fields(struct door *d, const struct layout *l, char **paths, int n)
{
	struct ltype_ref	*refs = xcalloc((size_t)n, sizeof *refs);
	uint64_t		 lo = UINT64_MAX, hi = 0, size = door_size(d);
	struct door_copy	 c;
	uint8_t			*buf;
	char			*cause = NULL, *text;
	int			 status = CLI_EXIT_OK;

	for (int i = 0; i < n; i++) {
		if (layout_resolve(l, paths[i], &refs[i], &cause) != 0) {
			cli_error("peek: %s: %s", cli_name(paths[i]), cause);
			free(cause);
			free(refs);
			return CLI_EXIT_USAGE;
		}
		if (refs[i].off + refs[i].size > size) {
			cli_error("peek: %s: bytes 0x%" PRIx64 "-0x%" PRIx64
			    " run past the end of the file (size %" PRIu64
			    " bytes)", cli_name(paths[i]), refs[i].off,
			    refs[i].off + refs[i].size - 1, size);
			free(refs);
			return CLI_EXIT_FAIL;
		}
		if (refs[i].off < lo)
			lo = refs[i].off;
		if (refs[i].off + refs[i].size > hi)
			hi = refs[i].off + refs[i].size;
	}
	/* One read of the span: the values are one snapshot. */
	buf = xmalloc(hi > lo ? (size_t)(hi - lo) : 1);
	c = door_read(d, lo, buf, (size_t)(hi - lo));
	if (c.valid != hi - lo) {
		cli_error("%s: read failed at offset %" PRIu64 ": %s",
		    cli_name(door_name(d)), lo + c.valid,
		    c.shrank ? "the file shrank" : door_strerror(c.error != 0 ?
		    c.error : EIO));
		free(buf);
		free(refs);
		return CLI_EXIT_FAIL;
	}
	text = xmalloc(PEEK_FIELD_TEXT);
	for (int i = 0; i < n; i++) {
		ltype_format(&refs[i], buf + (refs[i].off - lo),
		    (size_t)(hi - refs[i].off), text, PEEK_FIELD_TEXT);
		printf("%s\n", text);
	}
	free(text);
	free(buf);
	free(refs);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		cli_error("standard output: %s", strerror(errno));
		status = CLI_EXIT_FAIL;
	}
	return status;
}

/* `livehex peek`: entry point from the subcommand table. */
int
cmd_peek(int argc, char **argv)
{
	struct peek_what	 w;
	struct door		*d;
	struct source_candidate	*choices;
	const char		*source;
	uint64_t		 off;
	size_t			 nchoices;
	char			*cause = NULL;
	struct cli_parser	 p;
	struct cli_layout	 cl;
	struct layout		*l;
	int			 ch, status, nargs;

	memset(&cl, 0, sizeof cl);
	cli_start(&p, &cmd_peek_cmd, argc, argv);
	while ((ch = cli_next(&p)) > 0)
		if (cli_layout_opt(&cl, ch, p.arg) != 0)
			return CLI_EXIT_USAGE;
	if (ch == CLI_STOP)
		return p.status;
	nargs = argc - optind;
	if (cl.n == 0 && nargs != 3)
		return cli_cmd_error(&cmd_peek_cmd, nargs < 3 ? "no TYPE given" : "unexpected "
		    "argument \"%s\" after TYPE (one value at a time)",
		    cli_name(argv[optind + 3]));
	/* The arguments are argv[optind...], as getopt left them. */
	source = argv[optind];
	if (strcmp(source, "-") == 0) {
		cli_error("peek: SOURCE cannot be - (standard input): peek "
		    "reads through a shared mapping of a file, and a stream "
		    "cannot be mapped");
		return CLI_EXIT_USAGE;
	}
	if (cl.n > 0) {
		d = source_open_pick(source, DOOR_RDONLY, &choices, &nchoices,
		    &cause);
		if (d == NULL) {
			status = nchoices > 1 ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
			cli_error("%s: %s", cli_name(source), cause);
			free(cause);
			source_candidates_free(choices, nchoices);
			return status;
		}
		if ((l = cli_layout_open(&cl, source, door_size(d))) == NULL) {
			door_close(d);
			return CLI_EXIT_USAGE;
		}
		status = peek_fields(d, l, argv + optind + 1, nargs - 1);
		layout_free(l);
		door_close(d);
		return status;
	}
	if (number_parse_u64(argv[optind + 1], &off, NUMBER_SUFFIX,
	    &cause) != 0) {
		cli_error("peek: OFFSET %s", cause);
		free(cause);
		return CLI_EXIT_USAGE;
	}
	if (peek_parse_what(argv[optind + 2], &w, &cause) != 0) {
		cli_error("peek: %s", cause);
		free(cause);
		return CLI_EXIT_USAGE;
	}

	d = source_open_pick(source, DOOR_RDONLY, &choices, &nchoices,
	    &cause);
	if (d == NULL) {
		/* pid:PID with several mappings: the user must name one. */
		status = nchoices > 1 ? CLI_EXIT_USAGE : CLI_EXIT_FAIL;
		cli_error("%s: %s", cli_name(source), cause);
		free(cause);
		source_candidates_free(choices, nchoices);
		return status;
	}
	status = peek_print(d, off, &w);
	door_close(d);
	return status;
}
