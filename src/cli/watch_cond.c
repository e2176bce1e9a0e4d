/* SPDX-License-Identifier: ISC */
/*
 * watch_cond.c - `livehex watch --until COND` and `--pin EXPR`.
 *
 * The conditions are expr.h's compiled form.  Each byte range they read
 * gets a live window of its own (exact, gap 0), so their changes come as
 * the session's events however small -s/-l is, and no other byte is
 * copied for them.  Every event is handed to every condition
 * (expr_event: from the event's own bytes, or a door_read of the few
 * bytes a page or size event does not carry); a pin line is printed when
 * a pinned value's text changed, and the until line when COND holds
 * after an event that changed a value it reads.
 *
 * The clock: stuck() can turn true with no event at all, and --timeout
 * ends the watch; watch_cond_deadline() gives the loop the earlier of
 * the two for poll's timeout, and watch_cond_clock() decides when it
 * has come.  So nothing is evaluated per tick, and nothing late.
 *
 * Exit: COND holding sets `met` and stops the loop (exit 0); --timeout
 * stops it without (exit 1), saying so on stderr with the last reason
 * COND could not be computed, if there was one.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "door.h"
#include "expr.h"
#include "layout.h"
#include "live.h"
#include "watch.h"
#include "xmalloc.h"

/* expr_read_fn: the door, for bytes an event did not carry. */
static size_t
watch_cond_read(void *arg, uint64_t off, uint8_t *buf, size_t len)
{
	struct watch	*w = arg;

	return door_read(live_door(w->live), off, buf, len).valid;
}

/* Say why EXPR (option OPT) is bad, with a caret under column COL. */
static void
watch_cond_bad(const char *opt, const char *text, unsigned col,
    const char *cause)
{
	bool	plain = true;

	cli_error("watch: %s: %s", opt, cause);
	for (const char *p = text; *p != '\0'; p++)
		if (*p < 0x20 || *p > 0x7e)
			plain = false;
	/* Only plain text keeps its columns when shown: else no caret. */
	if (plain && col >= 1 && col <= strlen(text) + 1)
		fprintf(stderr, "  %s\n  %*s^\n", text, (int)col - 1, "");
}

/* Parse TEXT for option OPT in ENV into *e; false (reported). */
static bool
watch_cond_one(const char *opt, const char *text, const struct expr_env *env,
    struct expr **e)
{
	char		*cause = NULL;
	unsigned	 col = 0;

	*e = expr_parse_at(text, env, &col, &cause);
	if (*e != NULL)
		return true;
	watch_cond_bad(opt, text, col, cause);
	free(cause);
	return false;
}

/* Free the compiled conditions (not the layout, not the windows). */
static void
watch_cond_free_exprs(struct watch *w)
{
	expr_free(w->until);
	w->until = NULL;
	for (size_t i = 0; i < w->npins; i++)
		expr_free(w->pins[i]);
	w->npins = 0;
}

/* Parse --layout, --until and --pin; see watch.h. */
int
watch_cond_parse(struct watch *w, uint64_t size)
{
	struct expr_env	 env;

	watch_cond_free_exprs(w);
	memset(&env, 0, sizeof env);
	if (w->o->cl.n > 0 && w->layout == NULL) {
		/* Before the source is open (its size bounds the types,
		   pid:TYPE reads its debug info), nothing can be resolved. */
		if (w->live == NULL)
			return CLI_EXIT_OK;
		w->layout = cli_layout_open(&w->o->cl, w->o->source, size);
		if (w->layout == NULL)
			return CLI_EXIT_USAGE;
	}
	if (w->layout != NULL) {
		/* Full paths through the type tree; enum names as literals. */
		env.field = expr_layout_path;
		env.field_bits = expr_layout_path_bits;	/* issue 15 */
		env.enumval = expr_layout_enum;
		env.arg = w->layout;
	}
	env.size = size;
	if (w->o->until != NULL && !watch_cond_one("--until", w->o->until,
	    &env, &w->until))
		return CLI_EXIT_USAGE;
	for (size_t i = 0; i < w->o->npins; i++) {
		if (!watch_cond_one("--pin", w->o->pins[i], &env,
		    &w->pins[i]))
			return CLI_EXIT_USAGE;
		w->npins = i + 1;
	}
	return CLI_EXIT_OK;
}

/* Watch the ranges of E (one window each, none twice); false (reported). */
static bool
watch_cond_windows(struct watch *w, const struct expr *e)
{
	const struct expr_range	*r;
	size_t			 n;
	uint64_t		 at;
	int			 err;

	r = expr_ranges(e, &n);
	for (size_t i = 0; i < n; i++) {
		struct live_window	*lw;
		bool			 have = false;

		/* Two conditions reading one value share its window. */
		for (size_t k = 0; k < w->newins && !have; k++)
			have = w->eranges[k].off == r[i].off &&
			    w->eranges[k].len == r[i].len;
		if (have)
			continue;
		lw = live_window_new(w->live, r[i].off, (size_t)r[i].len, 0,
		    0);
		if ((err = live_window_error(lw, &at)) != 0) {
			cli_error("%s: read failed at offset %" PRIu64 " (0x%"
			    PRIx64 "): %s", w->shown, at, at,
			    door_strerror(err));
			live_window_free(lw);
			return false;
		}
		w->ewins = xrealloc(w->ewins, (w->newins + 1) *
		    sizeof *w->ewins);
		w->eranges = xrealloc(w->eranges, (w->newins + 1) *
		    sizeof *w->eranges);
		w->ewins[w->newins] = lw;
		w->eranges[w->newins++] = r[i];
	}
	return true;
}

/* Print the pin line: every pinned value now. */
static enum watch_rc
watch_pin_line(struct watch *w)
{
	char		*buf = NULL;
	size_t		 size;
	FILE		*f = open_memstream(&buf, &size);
	enum watch_rc	 rc;

	if (f == NULL) {
		cli_error("watch: out of memory");
		return WATCH_FAIL;
	}
	if (w->o->json) {
		watch_json_start(f, w, "pin");
		fputs(",\"pins\":[", f);
	} else
		fputs("pin ", f);
	for (size_t i = 0; i < w->npins; i++) {
		if (w->o->json) {
			fputs(i ? ",{\"expr\":" : "{\"expr\":", f);
			watch_json_str(f, expr_text(w->pins[i]));
			fputs(",\"value\":", f);
			watch_json_str(f, w->pin_last[i]);
			fputc('}', f);
		} else
			fprintf(f, "%s%s = %s", i ? "; " : "",
			    expr_text(w->pins[i]), w->pin_last[i]);
	}
	if (w->o->json)
		fputs("]}", f);
	if (fclose(f) == EOF) {
		cli_error("watch: out of memory");
		return WATCH_FAIL;
	}
	rc = watch_line(w, buf);
	free(buf);
	return rc;
}

/* Take the pins' values now; true when one of them shows differently. */
static bool
watch_pins_moved(struct watch *w, uint64_t now)
{
	char	text[sizeof w->pin_last[0]];
	bool	moved = false;

	for (size_t i = 0; i < w->npins; i++) {
		expr_format(w->pins[i], now, text, sizeof text);
		if (strcmp(text, w->pin_last[i]) != 0) {
			memcpy(w->pin_last[i], text, sizeof text);
			moved = true;
		}
	}
	return moved;
}

/* The operands of COND, text: "; A = 1 (was 0), B = 2". */
static void
watch_until_operands(FILE *f, const struct watch *w, uint64_t now,
    bool clock)
{
	struct expr_operand_info	info;
	size_t				n = expr_noperands(w->until);

	for (size_t i = 0; i < n; i++) {
		expr_operand(w->until, i, &info);
		fprintf(f, "%s%s", i ? ", " : "; ", info.text);
		if (!info.avail)
			fputs(" unavailable (past the end)", f);
		else
			fprintf(f, " = %s", info.value);
		if (clock)
			fprintf(f, " (unchanged for %" PRIu64 " ms)",
			    now - info.changed_ms);
		else if (strcmp(info.value, info.old) != 0 ||
		    info.avail != info.old_avail)
			fprintf(f, " (was %s)", info.old_avail ? info.old :
			    "unavailable");
	}
}

/* The operands of COND, JSON: ,"operands":[{...}, ...]. */
static void
watch_until_operands_json(FILE *f, const struct watch *w)
{
	struct expr_operand_info	info;
	size_t				n = expr_noperands(w->until);

	fputs(",\"operands\":[", f);
	for (size_t i = 0; i < n; i++) {
		expr_operand(w->until, i, &info);
		fputs(i ? ",{\"expr\":" : "{\"expr\":", f);
		watch_json_str(f, info.text);
		fprintf(f, ",\"offset\":%" PRIu64 ",\"type\":", info.off);
		watch_json_str(f, info.type.name);
		fputs(",\"value\":", f);
		if (info.avail)
			watch_json_str(f, info.value);
		else
			fputs("null", f);
		fputs(",\"old\":", f);
		if (info.old_avail)
			watch_json_str(f, info.old);
		else
			fputs("null", f);
		fprintf(f, ",\"changed_ms\":%" PRIu64 "}", info.changed_ms);
	}
	fputc(']', f);
}

/*
 * COND held: print the until line (TRIGGER "change" with EV, "start" or
 * "clock") and stop the watch with success.
 */
static void
watch_until_line(struct watch *w, const char *trigger,
    const struct live_event *ev, uint64_t now)
{
	char	*buf = NULL;
	size_t	 size;
	FILE	*f = open_memstream(&buf, &size);

	w->met = true;
	if (f == NULL) {
		cli_error("watch: out of memory");
		w->rc = WATCH_FAIL;
		return;
	}
	if (w->o->json) {
		watch_json_start(f, w, "until");
		fputs(",\"cond\":", f);
		watch_json_str(f, expr_text(w->until));
		fputs(",\"trigger\":", f);
		watch_json_str(f, trigger);
		if (ev != NULL) {
			fprintf(f, ",\"offset\":%" PRIu64 ",\"length\":%"
			    PRIu64, ev->off, ev->len);
			if (ev->old != NULL && ev->new != NULL) {
				watch_json_bytes(f, "old", ev->old, ev->len);
				watch_json_bytes(f, "new", ev->new, ev->len);
			}
		}
		watch_until_operands_json(f, w);
		fputc('}', f);
	} else {
		fprintf(f, "until %s", trigger);
		if (ev != NULL) {
			fprintf(f, " 0x%08" PRIx64 " +%" PRIu64, ev->off,
			    ev->len);
			if (ev->old != NULL && ev->new != NULL) {
				fputc(' ', f);
				watch_hex(f, ev->old, (size_t)ev->len);
				fputs(" -> ", f);
				watch_hex(f, ev->new, (size_t)ev->len);
			}
		}
		watch_until_operands(f, w, now, ev == NULL &&
		    strcmp(trigger, "clock") == 0);
	}
	if (fclose(f) == EOF) {
		cli_error("watch: out of memory");
		w->rc = WATCH_FAIL;
		return;
	}
	w->rc = watch_line(w, buf);
	if (w->rc == WATCH_GO)
		w->rc = WATCH_STOP;
	free(buf);
}

/* Watch what the conditions read, take their first values; see watch.h. */
bool
watch_cond_start(struct watch *w)
{
	struct door	*d = live_door(w->live);
	uint64_t	 now = live_now(w->live);

	w->end_ms = w->o->timeout_ms != 0 ? now + w->o->timeout_ms :
	    UINT64_MAX;
	if (w->until != NULL && !watch_cond_windows(w, w->until))
		return false;
	for (size_t i = 0; i < w->npins; i++)
		if (!watch_cond_windows(w, w->pins[i]))
			return false;
	if (w->until != NULL)
		expr_load(w->until, watch_cond_read, w, door_size(d), now);
	for (size_t i = 0; i < w->npins; i++) {
		expr_load(w->pins[i], watch_cond_read, w, door_size(d), now);
		w->pin_last[i][0] = '\0';
	}
	if (w->npins > 0 && watch_pins_moved(w, now))
		w->rc = watch_pin_line(w);
	w->evaluated_ms = now;
	if (w->rc == WATCH_GO && w->until != NULL &&
	    expr_eval(w->until, now, NULL) == 1)
		watch_until_line(w, "start", NULL, now);
	return true;
}

/* Take EV into the conditions; see watch.h. */
void
watch_cond_event(struct watch *w, const struct live_event *ev)
{
	bool	pins = false;

	for (size_t i = 0; i < w->npins; i++)
		if (expr_event(w->pins[i], ev, watch_cond_read, w))
			pins = true;
	if (pins && watch_pins_moved(w, ev->at_ms))
		w->rc = watch_pin_line(w);
	if (w->rc != WATCH_GO || w->until == NULL)
		return;
	if (!expr_event(w->until, ev, watch_cond_read, w))
		return;
	w->evaluated_ms = ev->at_ms;
	if (expr_eval(w->until, ev->at_ms, NULL) == 1)
		watch_until_line(w, "change", ev->kind == LIVE_BYTES ||
		    ev->kind == LIVE_STORE ? ev : NULL, ev->at_ms);
}

/* The next time the clock alone can decide; see watch.h. */
uint64_t
watch_cond_deadline(const struct watch *w)
{
	uint64_t	due = w->end_ms, t;

	if (w->until != NULL &&
	    (t = expr_deadline(w->until, w->evaluated_ms)) < due)
		due = t;
	return due;
}

/* The clock reached NOW; see watch.h. */
void
watch_cond_clock(struct watch *w, uint64_t now)
{
	char	*reason = NULL;
	int	 rc;

	if (w->until == NULL)
		return;
	w->evaluated_ms = now;
	rc = expr_eval(w->until, now, &reason);
	if (rc == 1)
		watch_until_line(w, "clock", NULL, now);
	else if (now >= w->end_ms) {
		cli_error("watch: --timeout: %s did not hold within %" PRIu64
		    " ms%s%s", cli_name(expr_text(w->until)),
		    w->o->timeout_ms, reason != NULL ? "; " : "",
		    reason != NULL ? reason : "");
		w->rc = WATCH_STOP;
	}
	free(reason);
}

/* Free what watch_cond_parse and watch_cond_start made; see watch.h. */
void
watch_cond_free(struct watch *w)
{
	watch_cond_free_exprs(w);
	for (size_t i = 0; i < w->newins; i++)
		live_window_free(w->ewins[i]);
	free(w->ewins);
	free(w->eranges);
	w->ewins = NULL;
	w->eranges = NULL;
	w->newins = 0;
	layout_free(w->layout);
	w->layout = NULL;
}
