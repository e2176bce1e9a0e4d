/* SPDX-License-Identifier: ISC */
/*
 * watch_fields.c - `livehex watch --layout SPEC`: change lines by field.
 *
 * With a layout, a run of changed bytes (live.h's BYTES event from
 * watch's window) is printed as the fields it touches, one line each,
 * deepest path first found by layout_path_at (arrays are never
 * expanded), with the field's old and new values as the layout shows
 * them (ltype_format: enum names, bitfields by value, chars as text):
 *
 *	12:34:56.789012 0x0000004c slots[0].state: SLOT_EMPTY -> SLOT_READY
 *
 * Bitfields sharing bytes (kind:3 urgent:1 prio:4 in one byte) get a
 * line each for those whose value changed; layout_path_at names only the
 * first of them.
 *
 * At most WATCH_FIELDS lines per run, then "... and N more fields".
 * Bytes of the run in no field (padding, past the layout) keep the
 * plain byte line.  A field reaching outside the run takes its other
 * bytes from a read through the door: they did not change in this look.
 *
 * Torn: a field wider than 8 bytes, or not aligned to its size, cannot
 * be copied in one load, so a writer may be half-way through it.  Such a
 * field is read twice more through the door (torn.h, the rule the
 * viewer's panel shares); when the two reads differ, or differ from the
 * look's own copy of the run, the field changed while it was being read,
 * and its line says "torn: read while being written".
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "layout.h"
#include "live.h"
#include "ltype.h"
#include "torn.h"
#include "watch.h"
#include "xmalloc.h"

/* Field lines printed for one run before "... and N more fields". */
#define WATCH_FIELDS		8
/* The largest field shown as a value; bigger ones show their size. */
#define WATCH_FIELD_MAX		TORN_MAX
/* Bytes of a value's text. */
#define WATCH_VALUE_TEXT	256

/*
 * The field at REF's bytes before and after EV into OLD and NEW (REF's
 * size, at most TORN_MAX), and whether it was torn (torn.h: read twice
 * more, compared with the look's copy of the run); false when they
 * cannot be read (past the end of the file).
 */
static bool
watch_fields_bytes(struct watch *w, const struct live_event *ev,
    const struct ltype_ref *ref, uint8_t *old, uint8_t *new, bool *torn)
{
	enum torn_read	 r;
	uint64_t	 lo, hi;
	size_t		 n = (size_t)ref->size;

	r = torn_read(live_door(w->live), ref->off, n, new, ev->new, ev->off,
	    ev->len);
	*torn = r == TORN_TORN;
	if (r == TORN_UNREAD)
		return false;
	lo = ref->off > ev->off ? ref->off : ev->off;
	hi = ref->off + n < ev->off + ev->len ? ref->off + n :
	    ev->off + ev->len;
	/* What the look saw is what the line reports. */
	memcpy(new + (lo - ref->off), ev->new + (lo - ev->off),
	    (size_t)(hi - lo));
	memcpy(old, new, n);
	memcpy(old + (lo - ref->off), ev->old + (lo - ev->off),
	    (size_t)(hi - lo));
	return true;
}

/*
 * Print the line of field PATH at REF as EV changed it; with QUIET, only
 * when its value did change (a bitfield beside the one that did).
 * *SAID (may be NULL): whether a line was printed.
 */
static enum watch_rc
watch_fields_one(struct watch *w, const struct live_event *ev,
    const char *path, const struct ltype_ref *ref, bool quiet, bool *said)
{
	uint8_t		 old[WATCH_FIELD_MAX], new[WATCH_FIELD_MAX];
	char		 ov[WATCH_VALUE_TEXT], nv[WATCH_VALUE_TEXT];
	char		*buf = NULL;
	size_t		 len;
	bool		 torn = false;
	enum watch_rc	 rc;
	FILE		*f;

	if (ref->size > WATCH_FIELD_MAX) {
		snprintf(ov, sizeof ov, "(%" PRIu64 " bytes)", ref->size);
		snprintf(nv, sizeof nv, "(changed)");
	} else if (!watch_fields_bytes(w, ev, ref, old, new, &torn)) {
		snprintf(ov, sizeof ov, "unavailable");
		snprintf(nv, sizeof nv, "unavailable");
	} else {
		ltype_format(ref, old, (size_t)ref->size, ov, sizeof ov);
		ltype_format(ref, new, (size_t)ref->size, nv, sizeof nv);
		if (quiet && !torn && strcmp(ov, nv) == 0) {
			if (said != NULL)
				*said = false;
			return WATCH_GO;
		}
	}
	if (said != NULL)
		*said = true;
	if ((f = open_memstream(&buf, &len)) == NULL) {
		cli_error("watch: out of memory");
		return WATCH_FAIL;
	}
	if (w->o->json) {
		watch_json_start(f, w, "field");
		fprintf(f, ",\"offset\":%" PRIu64 ",\"length\":%" PRIu64
		    ",\"path\":", ref->off, ref->size);
		watch_json_str(f, path);
		fputs(",\"old\":", f);
		watch_json_str(f, ov);
		fputs(",\"new\":", f);
		watch_json_str(f, nv);
		fprintf(f, ",\"torn\":%s}", torn ? "true" : "false");
	} else {
		fprintf(f, "0x%08" PRIx64 " %s: %s -> %s%s", ref->off, path,
		    ov, nv, torn ? " (torn: read while being written)" : "");
	}
	if (fclose(f) == EOF) {
		cli_error("watch: out of memory");
		return WATCH_FAIL;
	}
	rc = watch_line(w, buf);
	free(buf);
	return rc;
}

/* Print "... and N more fields" for a run. */
static enum watch_rc
watch_fields_more(struct watch *w, uint64_t more)
{
	char		*line = NULL;
	size_t		 len;
	enum watch_rc	 rc;
	FILE		*f;

	if (!w->o->json) {
		line = xasprintf("... and %" PRIu64 " more field%s", more,
		    more == 1 ? "" : "s");
		rc = watch_line(w, line);
		free(line);
		return rc;
	}
	if ((f = open_memstream(&line, &len)) == NULL) {
		cli_error("watch: out of memory");
		return WATCH_FAIL;
	}
	watch_json_start(f, w, "more");
	fprintf(f, ",\"fields\":%" PRIu64 "}", more);
	if (fclose(f) == EOF) {
		cli_error("watch: out of memory");
		return WATCH_FAIL;
	}
	rc = watch_line(w, line);
	free(line);
	return rc;
}

/* The field covering OFF into PATH and *REF; false in none. */
static bool
watch_fields_at(struct watch *w, uint64_t off, char *path,
    struct ltype_ref *ref)
{
	return layout_path_at(w->layout, off, path, LTYPE_MAX_PATH, ref) == 0 &&
	    ref->size > 0 && ref->off <= off && off - ref->off < ref->size;
}

/*
 * The bitfields sharing bytes with the bitfield at REF (PATH): each gets
 * its line when its value changed (issue 13: not only the first, which
 * is the one layout_path_at names).  None changed (bits in no member):
 * the first one's line, so the change is not lost.  *END gets the end of
 * their bytes; *SHOWN counts the lines, *MORE the members touched once
 * WATCH_FIELDS lines are out (as the other fields are counted).
 */
static enum watch_rc
watch_fields_bits(struct watch *w, const struct live_event *ev,
    char *path, const struct ltype_ref *ref, uint64_t *end, uint64_t *shown,
    uint64_t *more)
{
	char			*dot = strrchr(path, '.'), *mpath;
	struct ltype_ref	 rec, m;
	uint64_t		 lo = ref->off, hi = ref->off + ref->size, said;
	enum watch_rc		 rc = WATCH_GO;

	*end = hi;
	if (dot == NULL)
		return watch_fields_one(w, ev, path, ref, false, NULL);
	*dot = '\0';
	if (layout_resolve(w->layout, path, &rec, NULL) != 0 ||
	    rec.type->kind != LTYPE_RECORD) {
		*dot = '.';
		return watch_fields_one(w, ev, path, ref, false, NULL);
	}
	said = *shown;
	/* Members are in bit order: a group is a run of overlapping ones. */
	for (size_t i = 0; i < rec.type->n && rc == WATCH_GO; i++) {
		const struct ltype_member	*b = &rec.type->members[i];

		memset(&m, 0, sizeof m);
		m.off = rec.off + b->bit_off / 8;
		m.size = (b->bit_off % 8 + b->bit_size + 7) / 8;
		if (b->bit_size == 0 || b->name[0] == '\0' || m.off >= hi ||
		    m.off + m.size <= lo)
			continue;
		if (m.off + m.size > hi)
			hi = m.off + m.size;
		m.bit_shift = (uint32_t)(b->bit_off % 8);
		m.bit_size = b->bit_size;
		m.type = b->type;
		mpath = xasprintf("%s.%s", path, b->name);
		if (*shown < WATCH_FIELDS) {
			bool	line = false;

			rc = watch_fields_one(w, ev, mpath, &m, true, &line);
			*shown += line;
		} else
			(*more)++;
		free(mpath);
	}
	*dot = '.';
	*end = hi;
	if (rc == WATCH_GO && *shown == said)
		rc = watch_fields_one(w, ev, path, ref, false, NULL),
		    (*shown)++;
	return rc;
}

/* Print the change lines for EV by field; see the top of this file. */
enum watch_rc
watch_fields_event(struct watch *w, const struct live_event *ev)
{
	char			 path[LTYPE_MAX_PATH];
	struct ltype_ref	 ref;
	uint64_t		 pos = ev->off, end = ev->off + ev->len, gap;
	uint64_t		 shown = 0, more = 0;
	enum watch_rc		 rc = WATCH_GO;

	while (pos < end && rc == WATCH_GO) {
		if (watch_fields_at(w, pos, path, &ref)) {
			if (ref.bit_size != 0 && shown < WATCH_FIELDS)
				rc = watch_fields_bits(w, ev, path, &ref, &pos,
				    &shown, &more);
			else if (shown < WATCH_FIELDS) {
				rc = watch_fields_one(w, ev, path, &ref, false,
				    NULL);
				shown++;
				pos = ref.off + ref.size;
			} else {
				more++;
				pos = ref.off + ref.size;
			}
			continue;
		}
		/* Changed bytes in no field: the plain byte line. */
		for (gap = pos; pos < end && !watch_fields_at(w, pos, path,
		    &ref); pos++)
			;
		rc = watch_run_line(w, gap, (size_t)(pos - gap),
		    ev->old + (gap - ev->off), ev->new + (gap - ev->off));
	}
	if (rc == WATCH_GO && more > 0)
		rc = watch_fields_more(w, more);
	return rc;
}
