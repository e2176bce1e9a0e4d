/* SPDX-License-Identifier: ISC */
/*
 * expr.h - conditions on live values: `watch --until`, `--pin`, and next
 * the viewer's :break, :pin and :freeze.  docs/expressions.md is the
 * reference for users; this is the contract for callers.
 *
 *	cond	= or
 *	or	= and {"||" and}
 *	and	= bor {"&&" bor}
 *	bor	= bxor {"|" bxor}	bxor = band {"^" band}
 *	band	= eq {"&" eq}
 *	eq	= rel {("==" | "!=") rel}
 *	rel	= shift {("<" | "<=" | ">" | ">=") shift}
 *	shift	= sum {("<<" | ">>") sum}
 *	sum	= prod {("+" | "-") prod}
 *	prod	= unary {("*" | "/" | "%") unary}
 *	unary	= ("-" | "!") unary | primary
 *	primary	= number | float | TYPE "@" offset | path | enum-name
 *		| "old(" cond ")" | "changed(" cond ")" | "odd(" cond ")"
 *		| "stuck(" cond "," duration ")" | "(" cond ")"
 *	offset	= number-or-path | "(" offexpr ")"	(offexpr.h, fixed at
 *						 parse time)
 *	duration = digits ("ms" | "s" | "m")
 *
 * Values: integers are exact (128-bit, both signs: i32 -1 < u32 0 is
 * true); a result outside 128 bits, a division or remainder by zero, a
 * shift by a negative count or by 128 or more make the condition false
 * with a reason (not an error at parse time: the values are live).  "/"
 * truncates toward zero, "%" takes the sign of the dividend, ">>" of a
 * negative value rounds toward minus infinity.  Floats (f32, f64, literals
 * with "." or an exponent) are IEEE doubles: an integer meeting a float
 * becomes a double; NaN compares unequal to everything; "%", "&", "|",
 * "^", "<<", ">>" and odd() on a float are parse errors.  Truth: non-zero.
 * A value whose bytes are not all inside the file makes the condition
 * false, with a reason naming it; && and || do not evaluate their right
 * side when the left decides.
 *
 * A path is a field of the caller's layout (expr_env.field): "count",
 * "ring.slots[3].state".  A bare name on the right of a comparison whose
 * left side is an enum field is one of that enum's names (expr_env.
 * enumval): "state == READY"; a name the enum lacks is a parse error that
 * lists the names it has.
 *
 * Time and change (the session clock, live.h's milliseconds): an
 * evaluation follows one event (expr_event); old(x) is x as it was before
 * that event, changed(x) is x != old(x) (floats compared by their bits),
 * stuck(x, D) is true when no value x reads has changed for D: since the
 * last change, or since expr_load when there has been none.
 *
 * Lifecycle for a caller (watch today; :break, :pin, :freeze next):
 *	e = expr_parse(text, &env, &cause)	once
 *	expr_ranges(e, ...)			watch these bytes (windows)
 *	expr_load(e, read, arg, size, now)	the first values
 *	on each live_event: if (expr_event(e, ev, read, arg)) evaluate:
 *	    expr_eval(e, ev->at_ms, &reason)	1 true, 0 false, -1 false
 *						with a reason
 *	poll timeout: expr_deadline(e, now)	stuck() comes due without
 *						any event: evaluate then
 * A break is "expr_eval went from not true to true"; a pin is an
 * expression whose value (expr_format) is shown; a freeze stores to the
 * one operand (expr_operand) of "TYPE@OFF".  Nothing here reads the file
 * itself: bytes come from the events and from the caller's READ (the
 * door), so the same compiled form serves a view's snapshot too.
 *
 * Errors at parse time come back as "what at column N" (columns count
 * bytes from 1).  Nothing here prints, exits or keeps global state.
 */
#ifndef LIVEHEX_EXPR_H
#define LIVEHEX_EXPR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "value.h"

struct expr;
struct live_event;

/* Limits (bounded recursion and memory whatever is typed). */
#define EXPR_MAX_LEN		4096	/* bytes of text */
#define EXPR_MAX_DEPTH		64	/* nested parentheses and calls */
#define EXPR_MAX_OPERANDS	64	/* distinct values read */

/*
 * A field provider: the field at PATH ("count", "ring.head", "a[2]") as
 * an offset and a numeric type, 0; or -1 with *cause (no column: expr
 * adds it).  Flat layouts give one (expr_layout_field); a tree of C
 * structures can give another.
 */
typedef int	expr_field_fn(void *arg, const char *path, uint64_t *off,
		    struct value_type *type, char **cause);

/*
 * bitfields (issue 15): where a field's bits sit in the BYTES bytes at
 * its offset, read as one integer in the type's byte order: the low bit
 * SHIFT (from the first byte's low bit, or its high bit when big endian,
 * as layout_resolve counts) and SIZE bits wide.  SIZE 0: the whole value.
 */
struct expr_bits {
	unsigned	bytes;		/* 1 to 8 */
	uint32_t	shift;
	uint32_t	size;
};

/*
 * A field provider that also gives bitfields: as expr_field_fn, and
 * *bits (SIZE 0 for a whole value).  A bitfield is read as its BYTES,
 * its bits taken out and sign-extended when TYPE is signed; old() and
 * changed() see its bits only.
 */
typedef int	expr_field_bits_fn(void *arg, const char *path, uint64_t *off,
		    struct value_type *type, struct expr_bits *bits,
		    char **cause);

/*
 * An enum provider: when the field at PATH (as written on the other side
 * of a comparison) is an enum, NAME's value into *value and 1, or -1
 * with *cause naming the enum's values; 0 when PATH is no enum field or
 * NAME is itself a field (NAME is then read as a field path).
 */
typedef int	expr_enum_fn(void *arg, const char *path, const char *name,
		    int64_t *value, char **cause);

/* What a condition may refer to besides numbers. */
struct expr_env {
	expr_field_fn	*field;		/* NULL: no fields known */
	void		*arg;		/* for FIELD and ENUM */
	uint64_t	 size;		/* "$" and "N%" in offsets */
	expr_enum_fn	*enumval;	/* NULL: no enum names */
	/* bitfields (issue 15): values by this one when set (offsets by
	   FIELD still); NULL: FIELD, which refuses bitfields */
	expr_field_bits_fn *field_bits;
};

/*
 * Copy [off, off+len) of the file into BUF; the bytes valid from BUF's
 * start (fewer at the end of the file).  The caller's door_read.
 */
typedef size_t	expr_read_fn(void *arg, uint64_t off, uint8_t *buf,
		    size_t len);

/* One byte range a condition reads (a caller watches these). */
struct expr_range {
	uint64_t	off;
	uint64_t	len;
};

/* Compile TEXT; NULL with *cause "what at column N". */
struct expr	*expr_parse(const char *text, const struct expr_env *env,
		    char **cause);
/* The same, with N in *col too (0 when no column applies): for a caret. */
struct expr	*expr_parse_at(const char *text, const struct expr_env *env,
		    unsigned *col, char **cause);
/* Free E; NULL is ignored. */
void		 expr_free(struct expr *e);
/* The text E was parsed from. */
const char	*expr_text(const struct expr *e);
/* The byte ranges E reads, one per operand, sorted by offset; *n of them. */
const struct expr_range *expr_ranges(const struct expr *e, size_t *n);
/* True when some value E reads overlaps [off, off+len). */
bool		 expr_touches(const struct expr *e, uint64_t off,
		    uint64_t len);

/* Read every operand through READ with the file SIZE bytes, at NOW_MS. */
void		 expr_load(struct expr *e, expr_read_fn *read, void *arg,
		    uint64_t size, uint64_t now_ms);
/*
 * Take EV into E: bytes it carries (BYTES, STORE), or read again through
 * READ what it says changed without the bytes (the page map, SIZE,
 * REOPENED).  Every operand's old value becomes its value before EV.
 * True when a value E reads changed (time to expr_eval).
 */
bool		 expr_event(struct expr *e, const struct live_event *ev,
		    expr_read_fn *read, void *arg);
/*
 * Evaluate at NOW_MS: 1 true, 0 false, -1 false because a value could not
 * be computed (*reason, when REASON is not NULL, says which and why;
 * the caller frees it).
 */
int		 expr_eval(struct expr *e, uint64_t now_ms, char **reason);
/*
 * The first time after AFTER_MS at which a stuck() in E can turn true
 * with no event, or UINT64_MAX when nothing is waiting on the clock.
 * Pass the time of the last evaluation: a deadline that has passed since
 * then is still returned (evaluate now), one already seen by it is not.
 */
uint64_t	 expr_deadline(const struct expr *e, uint64_t after_ms);
/*
 * E's value at NOW_MS as text into OUT (decimal integer, float "%.17g",
 * or "unavailable (why)"): for pins.
 */
void		 expr_format(struct expr *e, uint64_t now_ms, char *out,
		    size_t outlen);

/*
 * E's value at NOW_MS as a double into *OUT (an integer beyond 2^53 is
 * rounded): 0, or -1 when it cannot be computed (expr_format says why).
 * For the viewer's pins: their minimum, maximum and sparkline.
 */
int		 expr_value(struct expr *e, uint64_t now_ms, double *out);

/* One value E reads, for messages and for the viewer's freeze. */
struct expr_operand_info {
	const char		*text;		/* as written: "u32le@0x40" */
	uint64_t		 off;
	struct value_type	 type;
	bool			 avail;		/* inside the file now */
	bool			 old_avail;	/* ... before the last event */
	char			 value[48];	/* value_decode, or "" */
	char			 old[48];	/* the old value, or "" */
	uint64_t		 changed_ms;	/* last change (or the load) */
	uint32_t		 bit_size;	/* a bitfield's bits, else 0 */
};
/* How many distinct values E reads. */
size_t		 expr_noperands(const struct expr *e);
/* Describe operand I (< expr_noperands) into *info. */
void		 expr_operand(const struct expr *e, size_t i,
		    struct expr_operand_info *info);

/* expr_field_fn over a flat layout (layout.h; ARG a struct layout *). */
int		 expr_layout_field(void *arg, const char *path, uint64_t *off,
		    struct value_type *type, char **cause);
/*
 * expr_field_fn over a layout's types by full path (layout_resolve:
 * "ring.slots[3].state", arrays never expanded): scalars, enums and
 * pointers; records, arrays and bitfields are refused with the reason.
 */
int		 expr_layout_path(void *arg, const char *path, uint64_t *off,
		    struct value_type *type, char **cause);
/*
 * expr_field_bits_fn over a layout's types (issue 15): as
 * expr_layout_path, and bitfields of integers and enums too (not those
 * spread over more than 8 bytes).
 */
int		 expr_layout_path_bits(void *arg, const char *path,
		    uint64_t *off, struct value_type *type,
		    struct expr_bits *bits, char **cause);
/* expr_enum_fn over a layout's types (ARG a struct layout *). */
int		 expr_layout_enum(void *arg, const char *path, const char *name,
		    int64_t *value, char **cause);

#endif
