/* SPDX-License-Identifier: ISC */
/*
 * offexpr.c - offset expressions typed at the viewer's goto prompt.
 *
 * A recursive-descent evaluator over the grammar in offexpr.h: one
 * function per rule (sum, product, term), reading the text in place so
 * every error can name the column it is about.  Numbers are cut out as
 * the run of letters and digits that starts with a digit and handed to
 * number.c, so they read, and fail, as everywhere else in livehex.
 *
 * Values are signed 128-bit while the expression is read: "$-16+4" and
 * ".-0x100+0x200" pass through negative or large values that the final
 * offset does not have.  Only a result outside [0, 2^64-1] is an error
 * (or, for a leading +/-, clamped), and an overflow of the 128 bits.
 * Parentheses nest at most OFFEXPR_MAX_DEPTH deep, so the recursion is
 * bounded whatever is typed.
 */
#include "config.h"

#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "offexpr.h"
#include "xmalloc.h"

#define OFFEXPR_MAX_DEPTH	64	/* nested parentheses */
#define OFFEXPR_MAX_TOKEN	256	/* bytes in a number or a field path */
#define OFFEXPR_QUOTE		12	/* bytes of text quoted in a message */

typedef __int128 offexpr_int;

/* The state of one evaluation. */
struct offexpr {
	const char			*s;	/* the whole text: columns */
	const char			*p;	/* the next byte to read */
	const struct offexpr_env	*env;
	int				 depth;	/* open parentheses */
	char				**cause;
};

static int	offexpr_sum(struct offexpr *, offexpr_int *, const char **);

/* True for the blanks isspace(3) knows in the C locale. */
static bool
offexpr_blank(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* True for an ASCII letter or '_': what starts a name. */
static bool
offexpr_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* True for an ASCII digit. */
static bool
offexpr_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* True when C starts a term (so a '%' before it is a remainder). */
static bool
offexpr_starts_term(int c)
{
	return offexpr_digit(c) || offexpr_alpha(c) || c == '(' || c == '.' ||
	    c == '$' || c == '\'';
}

/* Skip blanks at E's read position. */
static void
offexpr_skip(struct offexpr *e)
{
	while (offexpr_blank((unsigned char)*e->p))
		e->p++;
}

/* Up to OFFEXPR_QUOTE bytes at P, printable: OUT must hold 4x that + 4. */
static void
offexpr_quote(const char *p, char *out)
{
	size_t	n = 0;

	for (int i = 0; i < OFFEXPR_QUOTE && p[i] != '\0'; i++) {
		unsigned char	c = (unsigned char)p[i];

		/* Causes go to the status line: never a control byte. */
		if (c < 0x20 || c > 0x7e || c == '"' || c == '\\')
			n += (size_t)snprintf(out + n, 5, "\\x%02x", c);
		else
			out[n++] = (char)c;
	}
	if (strlen(p) > OFFEXPR_QUOTE) {
		memcpy(out + n, "...", 3);
		n += 3;
	}
	out[n] = '\0';
}

/* Fail at AT with "column N: " and FMT; always -1. */
static int __attribute__((format(printf, 3, 4)))
offexpr_fail(struct offexpr *e, const char *at, const char *fmt, ...)
{
	char	msg[512];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	return cause_set(e->cause, "column %zu: %s", (size_t)(at - e->s) + 1,
	    msg);
}

/* Fail at E's position: the term that should be there is not. */
static int
offexpr_missing(struct offexpr *e, char after)
{
	char	q[OFFEXPR_QUOTE * 4 + 4];

	if (*e->p == '\0')
		return offexpr_fail(e, e->p, "the expression ends after "
		    "\"%c\"", after);
	offexpr_quote(e->p, q);
	return offexpr_fail(e, e->p, "expected a number, ., $, a mark ('a) "
	    "or a field name at \"%s\"", q);
}

/* Read a number, or N% when a '%' ends it, at E's position into *v. */
static int
offexpr_number(struct offexpr *e, offexpr_int *v)
{
	const char	*at = e->p, *q = e->p;
	char		 tok[OFFEXPR_MAX_TOKEN + 1], *cause = NULL;
	uint64_t	 n;
	size_t		 len;
	bool		 percent = false;

	while (offexpr_digit((unsigned char)*q) ||
	    offexpr_alpha((unsigned char)*q))
		q++;
	len = (size_t)(q - at);
	if (len > OFFEXPR_MAX_TOKEN)
		return offexpr_fail(e, at, "a number of %zu characters is too "
		    "long", len);
	memcpy(tok, at, len);
	tok[len] = '\0';
	e->p = q;
	if (*q == '%') {
		/* "50%" is a share unless a term follows: then "%" is mod. */
		q++;
		while (offexpr_blank((unsigned char)*q))
			q++;
		if (!offexpr_starts_term((unsigned char)*q)) {
			percent = true;
			e->p++;
		}
	}
	if (number_parse_u64(tok, &n, percent ? 0 : NUMBER_SUFFIX,
	    &cause) == -1) {
		offexpr_fail(e, at, "%s", cause);
		free(cause);
		return -1;
	}
	if (!percent) {
		*v = n;
		return 0;
	}
	if (n > 100)
		return offexpr_fail(e, at, "\"%s%%\": a percentage is 0 to 100",
		    tok);
	/* size / 100 * n would lose the remainder on small files. */
	*v = (offexpr_int)((unsigned __int128)e->env->size * n / 100);
	return 0;
}

/* Read a mark 'x at E's position into *v. */
static int
offexpr_mark(struct offexpr *e, offexpr_int *v)
{
	const char	*at = e->p;
	int		 c = (unsigned char)e->p[1];
	uint64_t	 off;

	if (c < 'a' || c > 'z')
		return offexpr_fail(e, at, "a mark is 'a to 'z");
	e->p += 2;
	if (e->env->mark == NULL || e->env->mark(e->env->arg, c, &off) == -1)
		return offexpr_fail(e, at, "mark '%c is not set", c);
	*v = off;
	return 0;
}

/* Read a field path (name, .name, [digits]) at E's position into *v. */
static int
offexpr_field(struct offexpr *e, offexpr_int *v)
{
	const char	*at = e->p, *q = e->p;
	char		 path[OFFEXPR_MAX_TOKEN + 1], *cause = NULL;
	uint64_t	 off;
	size_t		 len;

	for (;;) {
		while (offexpr_alpha((unsigned char)*q) ||
		    offexpr_digit((unsigned char)*q))
			q++;
		while (*q == '[') {
			const char	*open = q++;

			while (offexpr_digit((unsigned char)*q))
				q++;
			if (q == open + 1 || *q != ']')
				return offexpr_fail(e, open,
				    "an index is [digits]");
			q++;
		}
		/* A '.' not followed by a name ends the path ("a.", "a.5"). */
		if (q[0] != '.' || !offexpr_alpha((unsigned char)q[1]))
			break;
		q++;
	}
	len = (size_t)(q - at);
	if (len > OFFEXPR_MAX_TOKEN)
		return offexpr_fail(e, at, "a name of %zu characters is too "
		    "long", len);
	memcpy(path, at, len);
	path[len] = '\0';
	e->p = q;
	if (e->env->field == NULL)
		return offexpr_fail(e, at, "no layout loaded: %s is not an "
		    "offset", path);
	if (e->env->field(e->env->arg, path, &off, &cause) == -1) {
		offexpr_fail(e, at, "%s", cause != NULL ? cause :
		    "no such field");
		free(cause);
		return -1;
	}
	*v = off;
	return 0;
}

/* term: read one at E's position into *v; AFTER is what came before. */
static int
offexpr_term(struct offexpr *e, offexpr_int *v, char after)
{
	const char	*open;
	const char	*at;
	int		 c;

	offexpr_skip(e);
	c = (unsigned char)*e->p;
	if (offexpr_digit(c))
		return offexpr_number(e, v);
	if (offexpr_alpha(c))
		return offexpr_field(e, v);
	switch (c) {
	case '$':
		e->p++;
		*v = e->env->size == 0 ? 0 : e->env->size - 1;
		return 0;
	case '.':
		e->p++;
		*v = e->env->cursor;
		return 0;
	case '\'':
		return offexpr_mark(e, v);
	case '(':
		open = e->p++;
		if (e->depth == OFFEXPR_MAX_DEPTH)
			return offexpr_fail(e, open, "parentheses nest deeper "
			    "than %d", OFFEXPR_MAX_DEPTH);
		e->depth++;
		if (offexpr_sum(e, v, &at) == -1)
			return -1;
		e->depth--;
		offexpr_skip(e);
		if (*e->p != ')')
			return offexpr_fail(e, e->p, "the \"(\" at column %zu "
			    "is not closed", (size_t)(open - e->s) + 1);
		e->p++;
		return 0;
	}
	return offexpr_missing(e, after);
}

/* product: terms joined by * / %, into *v; *at: its last operator. */
static int
offexpr_product(struct offexpr *e, offexpr_int *v, const char **at,
    char after)
{
	const offexpr_int	 min = -(offexpr_int)(((unsigned __int128)1 <<
				    127) - 1) - 1;
	offexpr_int		 r;
	const char		*op;

	offexpr_skip(e);
	*at = e->p;
	if (offexpr_term(e, v, after) == -1)
		return -1;
	for (;;) {
		offexpr_skip(e);
		op = e->p;
		if (*op != '*' && *op != '/' && *op != '%')
			return 0;
		e->p++;
		if (offexpr_term(e, &r, *op) == -1)
			return -1;
		*at = op;
		if (*op == '*') {
			if (__builtin_mul_overflow(*v, r, v))
				return offexpr_fail(e, op, "overflow");
			continue;
		}
		if (r == 0)
			return offexpr_fail(e, op, *op == '/' ?
			    "division by zero" : "modulo by zero");
		if (*v == min && r == -1)
			return offexpr_fail(e, op, "overflow");
		*v = *op == '/' ? *v / r : *v % r;
	}
}

/* The rest of a sum: "+ product" or "- product" onto *v; *at as above. */
static int
offexpr_sum_rest(struct offexpr *e, offexpr_int *v, const char **at)
{
	offexpr_int	 r;
	const char	*op, *unused;

	for (;;) {
		offexpr_skip(e);
		op = e->p;
		if (*op != '+' && *op != '-')
			return 0;
		e->p++;
		if (offexpr_product(e, &r, &unused, *op) == -1)
			return -1;
		*at = op;
		if (*op == '+' ? __builtin_add_overflow(*v, r, v) :
		    __builtin_sub_overflow(*v, r, v))
			return offexpr_fail(e, op, "overflow");
	}
}

/* sum: products joined by + -, into *v; *at: its last operator. */
static int
offexpr_sum(struct offexpr *e, offexpr_int *v, const char **at)
{
	if (offexpr_product(e, v, at, '(') == -1)
		return -1;
	return offexpr_sum_rest(e, v, at);
}

/* Evaluate S in ENV; 0 with *out, or -1 with *cause. */
int
offexpr_eval_env(const char *s, const struct offexpr_env *env,
    uint64_t *out, char **cause)
{
	struct offexpr	 e = { s, s, env, 0, cause };
	offexpr_int	 v;
	const char	*at;
	char		 q[OFFEXPR_QUOTE * 4 + 4];
	bool		 relative;

	offexpr_skip(&e);
	if (*e.p == '\0')
		return cause_set(cause, "empty offset (try 0x1000, +16, -16, "
		    "50%%, $, .+4*8 or 'a)");
	at = e.p;
	relative = *e.p == '+' || *e.p == '-';
	if (relative) {
		/* "-16+4" is ".-16+4": the sign is the first operator. */
		v = env->cursor;
		if (offexpr_sum_rest(&e, &v, &at) == -1)
			return -1;
	} else if (offexpr_sum(&e, &v, &at) == -1)
		return -1;
	offexpr_skip(&e);
	if (*e.p == ')')
		return offexpr_fail(&e, e.p, "a \")\" without its \"(\"");
	if (*e.p != '\0') {
		offexpr_quote(e.p, q);
		return offexpr_fail(&e, e.p, "unexpected \"%s\" after the "
		    "expression", q);
	}
	if (relative) {
		/* A move from the cursor stops at the ends, as a motion. */
		*out = v < 0 ? 0 : v > UINT64_MAX ? UINT64_MAX : (uint64_t)v;
		return 0;
	}
	if (v < 0)
		return offexpr_fail(&e, at, "the offset comes out negative");
	if (v > UINT64_MAX)
		return offexpr_fail(&e, at, "the offset is past 2^64-1");
	*out = (uint64_t)v;
	return 0;
}

/* Evaluate S given the CURSOR and SIZE, no marks or fields; 0 or -1. */
int
offexpr_eval(const char *s, uint64_t cursor, uint64_t size, uint64_t *out,
    char **cause)
{
	const struct offexpr_env	env = { cursor, size, NULL, NULL,
					    NULL };

	return offexpr_eval_env(s, &env, out, cause);
}
