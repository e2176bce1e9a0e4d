/* SPDX-License-Identifier: ISC */
/*
 * expr.c - the condition language: parsing into the compiled form.
 *
 * A recursive-descent parser over the grammar in expr.h, one function per
 * precedence level, reading the text in place so every error names its
 * column ("expected ')' at column 12").  It builds the node array and the
 * operand table of expr_priv.h and checks types as it goes (a float where
 * an integer is needed is a parse error, never a surprise when a value
 * arrives).  Offsets after '@' are offexpr.h expressions evaluated once,
 * here: a condition watches fixed bytes.  Field paths go to the caller's
 * provider (expr_env.field), which gives an offset and a type.
 *
 * Bounds: EXPR_MAX_LEN bytes of text, EXPR_MAX_DEPTH nested levels (so
 * the recursion is bounded whatever is typed), EXPR_MAX_OPERANDS distinct
 * values.  Evaluation and the live state are in expr_eval.c.
 */
#include "config.h"

#include <locale.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "esc.h"
#include "expr.h"
#include "expr_priv.h"
#include "layout.h"
#include "number.h"
#include "offexpr.h"
#include "xmalloc.h"

#define EXPR_MAX_TOKEN	256	/* bytes in a number, name or path */

/* The state of one parse. */
struct expr_parser {
	const char		*s;	/* the whole text: columns */
	const char		*p;	/* the next byte to read */
	struct expr_env		 env;	/* a copy: offexpr's hook takes it */
	struct expr		*e;
	int			 depth;
	char			**cause;
	unsigned		 col;	/* of the first error */
	const char		*enum_path;	/* compared with: enum names */
};

static int	expr_or(struct expr_parser *);

/* True for the blanks isspace(3) knows in the C locale. */
static bool
expr_blank(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* True for an ASCII letter or '_'. */
static bool
expr_alpha(int c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* True for an ASCII digit. */
static bool
expr_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* Skip blanks at the read position. */
static void
expr_skip(struct expr_parser *x)
{
	while (expr_blank((unsigned char)*x->p))
		x->p++;
}

/* The column of AT, counted in bytes from 1. */
static unsigned
expr_col(const struct expr_parser *x, const char *at)
{
	return (unsigned)(at - x->s) + 1;
}

/* Fail with "FMT at column N" for AT; always -1. */
static int __attribute__((format(printf, 3, 4)))
expr_fail(struct expr_parser *x, const char *at, const char *fmt, ...)
{
	char	msg[512];
	va_list	ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	x->col = expr_col(x, at);
	return cause_set(x->cause, "%s at column %u", msg, x->col);
}

/* Fail: something else than what was needed is at the read position. */
static int
expr_expected(struct expr_parser *x, const char *what)
{
	char	*q;
	int	 rc;

	if (*x->p == '\0')
		return expr_fail(x, x->p, "expected %s, the condition ends",
		    what);
	/* Up to 12 bytes of what is there, escaped: causes are shown. */
	q = esc_quote(x->p, strnlen(x->p, 12), 12, ESC_MARKS);
	rc = expr_fail(x, x->p, "expected %s, not %s", what, q);
	free(q);
	return rc;
}

/* Add a node OP at column COL with children A, B; its index. */
static int
expr_node(struct expr_parser *x, enum expr_op op, int a, int b, unsigned col)
{
	struct expr		*e = x->e;
	struct expr_node	*n;

	if (e->nnodes == e->cap) {
		e->cap = e->cap * 2 + 16;
		e->nodes = xrealloc(e->nodes, e->cap * sizeof *e->nodes);
	}
	n = &e->nodes[e->nnodes];
	memset(n, 0, sizeof *n);
	n->op = op;
	n->a = a;
	n->b = b;
	n->col = col;
	return (int)e->nnodes++;
}

/* Node I's value is a float. */
static bool
expr_isfl(const struct expr_parser *x, int i)
{
	return x->e->nodes[i].fl;
}

/* Cut the name at the read position ([A-Za-z_][A-Za-z0-9_]*) into TOK. */
static size_t
expr_word(struct expr_parser *x, char tok[EXPR_MAX_TOKEN + 1])
{
	const char	*q = x->p;
	size_t		 len;

	while (expr_alpha((unsigned char)*q) || expr_digit((unsigned char)*q))
		q++;
	len = (size_t)(q - x->p);
	if (len > EXPR_MAX_TOKEN)
		len = EXPR_MAX_TOKEN;	/* the caller says "too long" */
	memcpy(tok, x->p, len);
	tok[len] = '\0';
	return (size_t)(q - x->p);
}

/* A number (integer or float) at the read position: its node index. */
static int
expr_number(struct expr_parser *x)
{
	const char	*at = x->p, *q = x->p;
	char		 tok[EXPR_MAX_TOKEN + 1], *cause = NULL, *end;
	bool		 hex = q[0] == '0' && (q[1] == 'x' || q[1] == 'X');
	bool		 fl = false;
	uint64_t	 v;
	size_t		 len;
	locale_t	 c;
	int		 i;

	while (expr_alpha((unsigned char)*q) || expr_digit((unsigned char)*q) ||
	    *q == '.') {
		if (*q == '.' && !hex)
			fl = true;
		/* 1e-3: the sign belongs to the exponent. */
		if (!hex && (*q == 'e' || *q == 'E') &&
		    (q[1] == '+' || q[1] == '-')) {
			fl = true;
			q++;
		} else if (!hex && (*q == 'e' || *q == 'E'))
			fl = true;
		q++;
	}
	len = (size_t)(q - at);
	if (len > EXPR_MAX_TOKEN)
		return expr_fail(x, at, "a number of %zu characters is too "
		    "long", len);
	memcpy(tok, at, len);
	tok[len] = '\0';
	x->p = q;
	if (fl) {
		/* Numbers read the same in every locale: "1.5", never "1,5". */
		c = newlocale(LC_ALL_MASK, "C", (locale_t)0);
		if (c == (locale_t)0)
			return expr_fail(x, at, "no C locale to read %s", tok);
		i = expr_node(x, EXPR_FLOAT, -1, -1, expr_col(x, at));
		x->e->nodes[i].lit.f = strtod_l(tok, &end, c);
		freelocale(c);
		x->e->nodes[i].fl = true;
		if (*end != '\0' || end == tok) {
			end = esc_quote(tok, len, 40, ESC_MARKS);
			expr_fail(x, at, "%s is not a number", end);
			free(end);
			return -1;
		}
		return i;
	}
	if (number_parse_u64(tok, &v, 0, &cause) == -1) {
		expr_fail(x, at, "%s", cause);
		free(cause);
		return -1;
	}
	i = expr_node(x, EXPR_INT, -1, -1, expr_col(x, at));
	x->e->nodes[i].lit.i = v;
	return i;
}

/* Cut a field path (name {.name | [digits]}) at the read position. */
static int
expr_path(struct expr_parser *x, char tok[EXPR_MAX_TOKEN + 1])
{
	const char	*at = x->p, *q = x->p;
	size_t		 len;

	for (;;) {
		while (expr_alpha((unsigned char)*q) ||
		    expr_digit((unsigned char)*q))
			q++;
		while (*q == '[') {
			const char	*open = q++;

			while (expr_digit((unsigned char)*q))
				q++;
			if (q == open + 1 || *q != ']')
				return expr_fail(x, open, "an index is "
				    "[digits]");
			q++;
		}
		if (q[0] != '.' || !expr_alpha((unsigned char)q[1]))
			break;
		q++;
	}
	len = (size_t)(q - at);
	if (len > EXPR_MAX_TOKEN)
		return expr_fail(x, at, "a name of %zu characters is too "
		    "long", len);
	memcpy(tok, at, len);
	tok[len] = '\0';
	x->p = q;
	return 0;
}

/* offexpr's field hook over the caller's provider: offsets only. */
static int
expr_offexpr_field(void *arg, const char *path, uint64_t *off, char **cause)
{
	const struct expr_env	*env = arg;
	struct value_type	 t;

	return env->field(env->arg, path, off, &t, cause);
}

/* Find or add the operand TYPE at OFF written as AT..END; its index. */
static int
expr_operand_add(struct expr_parser *x, const char *at, const char *end,
    uint64_t off, const struct value_type *t, const struct expr_bits *bits)
{
	struct expr	*e = x->e;
	size_t		 i;
	struct expr_bits none = { 0, 0, 0 };

	if (bits == NULL)
		bits = &none;

	if (off > UINT64_MAX - t->width)
		return expr_fail(x, at, "offset %#llx is too large for a %s",
		    (unsigned long long)off, t->name);
	for (i = 0; i < e->nops; i++)
		if (e->ops[i].off == off && e->ops[i].type.width == t->width &&
		    e->ops[i].type.kind == t->kind &&
		    e->ops[i].type.big == t->big &&
		    e->ops[i].bits.size == bits->size &&
		    e->ops[i].bits.shift == bits->shift)
			return (int)i;
	if (e->nops == EXPR_MAX_OPERANDS)
		return expr_fail(x, at, "more than %d values in one condition",
		    EXPR_MAX_OPERANDS);
	memset(&e->ops[i], 0, sizeof e->ops[i]);
	e->ops[i].text = xasprintf("%.*s", (int)(end - at), at);
	e->ops[i].off = off;
	e->ops[i].type = *t;
	e->ops[i].bits = *bits;
	e->nops++;
	return (int)i;
}

/* The offset after "TYPE@" at the read position into *off. */
static int
expr_offset(struct expr_parser *x, uint64_t *off)
{
	struct offexpr_env	 oenv;
	const char		*at = x->p, *q = x->p;
	char			*text, *cause = NULL;
	int			 depth = 0, rc;

	memset(&oenv, 0, sizeof oenv);
	oenv.size = x->env.size;
	if (x->env.field != NULL) {
		oenv.field = expr_offexpr_field;
		oenv.arg = &x->env;
	}
	if (*q == '(') {
		/* A whole offexpr.h expression, to the matching ')'. */
		do {
			if (*q == '(')
				depth++;
			else if (*q == ')')
				depth--;
			else if (*q == '\0')
				return expr_fail(x, at, "expected ')' to end "
				    "the offset");
			q++;
		} while (depth > 0);
	} else {
		while (expr_alpha((unsigned char)*q) ||
		    expr_digit((unsigned char)*q) || *q == '.' || *q == '[' ||
		    *q == ']')
			q++;
		if (q == at)
			return expr_expected(x, "an offset after '@' (a "
			    "number, a field or (expression))");
	}
	text = xasprintf("%.*s", (int)(q - at), at);
	rc = offexpr_eval_env(text, &oenv, off, &cause);
	free(text);
	if (rc == -1) {
		expr_fail(x, at, "bad offset (%s)", cause);
		free(cause);
		return -1;
	}
	x->p = q;
	return 0;
}

/*
 * TOK (written at AT) as a name of the enum on the other side of a
 * comparison: its literal node, -1 reported (no such name), or -2 when
 * it is no enum name (read it as a field).
 */
static int
expr_enum_name(struct expr_parser *x, const char *at, const char *tok)
{
	char	*cause = NULL;
	int64_t	 v;
	int	 i;

	if (x->enum_path == NULL || x->env.enumval == NULL ||
	    strpbrk(tok, ".[") != NULL)
		return -2;
	switch (x->env.enumval(x->env.arg, x->enum_path, tok, &v, &cause)) {
	case 1:
		i = expr_node(x, EXPR_INT, -1, -1, expr_col(x, at));
		x->e->nodes[i].lit.i = v;
		return i;
	case 0:
		return -2;
	default:
		expr_fail(x, at, "%s", cause != NULL ? cause :
		    "not a value of the enum");
		free(cause);
		return -1;
	}
}

/*
 * A name at the read position: TYPE@OFFSET or a field path (its node
 * index), or the name of a call: -1 with *CALL its index in calls[] and
 * the read position at its '('.
 */
static int
expr_name(struct expr_parser *x, int *call)
{
	/* In the order of expr_call's ops[]. */
	static const char	*calls[] = { "old", "changed", "stuck", "odd" };
	const char		*at = x->p, *q;
	char			 tok[EXPR_MAX_TOKEN + 1], *cause = NULL;
	struct value_type	 t;
	struct expr_bits	 bits;
	uint64_t		 off;
	size_t			 len;
	int			 op, i;

	*call = -1;
	len = expr_word(x, tok);
	q = x->p + len;
	while (expr_blank((unsigned char)*q))
		q++;
	if (*q == '@') {
		if (value_type_parse(tok, &t, &cause) == -1) {
			expr_fail(x, at, "%s", cause);
			free(cause);
			return -1;
		}
		x->p = q + 1;
		expr_skip(x);
		if (expr_offset(x, &off) == -1)
			return -1;
		if ((op = expr_operand_add(x, at, x->p, off, &t, NULL)) ==
		    -1)
			return -1;
		i = expr_node(x, EXPR_VALUE, -1, -1, expr_col(x, at));
		x->e->nodes[i].operand = (size_t)op;
		x->e->nodes[i].fl = t.kind == VALUE_FLOAT;
		return i;
	}
	for (size_t k = 0; *q == '(' && k < sizeof calls / sizeof calls[0];
	    k++)
		if (strcmp(tok, calls[k]) == 0) {
			x->p = q;
			*call = (int)k;	/* the caller parses the call */
			return -1;
		}
	if (expr_path(x, tok) == -1)
		return -1;
	if ((i = expr_enum_name(x, at, tok)) != -2)
		return i;
	if (x->env.field == NULL && x->env.field_bits == NULL)
		return expr_fail(x, at, "no layout loaded: %s is not a value "
		    "(write TYPE@OFFSET)", tok);
	memset(&bits, 0, sizeof bits);
	/* bitfields (issue 15): the provider that knows them, if any. */
	if ((x->env.field_bits != NULL ? x->env.field_bits(x->env.arg, tok,
	    &off, &t, &bits, &cause) : x->env.field(x->env.arg, tok, &off, &t,
	    &cause)) == -1) {
		expr_fail(x, at, "%s", cause != NULL ? cause :
		    "no such field");
		free(cause);
		return -1;
	}
	if ((op = expr_operand_add(x, at, x->p, off, &t, &bits)) == -1)
		return -1;
	i = expr_node(x, EXPR_VALUE, -1, -1, expr_col(x, at));
	x->e->nodes[i].operand = (size_t)op;
	x->e->nodes[i].fl = t.kind == VALUE_FLOAT;
	return i;
}

/* A duration ("250ms", "2s", "1m") at the read position into *ms. */
static int
expr_duration(struct expr_parser *x, uint64_t *ms)
{
	const char	*at = x->p, *q = x->p;
	uint64_t	 n = 0, unit;

	while (expr_digit((unsigned char)*q)) {
		if (n > UINT64_MAX / 10 / 60000)
			return expr_fail(x, at, "a duration is too long");
		n = n * 10 + (uint64_t)(*q++ - '0');
	}
	if (q == at)
		return expr_expected(x, "a duration (250ms, 2s, 1m)");
	if (q[0] == 'm' && q[1] == 's') {
		unit = 1;
		q += 2;
	} else if (q[0] == 's') {
		unit = 1000;
		q++;
	} else if (q[0] == 'm') {
		unit = 60000;
		q++;
	} else {
		x->p = q;
		return expr_expected(x, "a unit after the duration (ms, s or "
		    "m)");
	}
	if (expr_alpha((unsigned char)*q) || expr_digit((unsigned char)*q)) {
		x->p = q;
		return expr_expected(x, "the end of the duration");
	}
	*ms = n * unit;
	x->p = q;
	return 0;
}

/* Expect C at the read position (after blanks) and step over it. */
static int
expr_want(struct expr_parser *x, char c)
{
	char	what[8];

	expr_skip(x);
	if (*x->p != c) {
		snprintf(what, sizeof what, "'%c'", c);
		return expr_expected(x, what);
	}
	x->p++;
	return 0;
}

/* A call old(...), changed(...), stuck(..., D), odd(...); X->p at '('. */
static int
expr_call(struct expr_parser *x, const char *at, int which)
{
	static const enum expr_op	ops[] = { EXPR_OLD, EXPR_CHANGED,
					    EXPR_STUCK, EXPR_ODD };
	enum expr_op			op = ops[which];
	int				a, i;
	uint64_t			ms = 0;

	x->p++;		/* '(' */
	if ((a = expr_or(x)) == -1)
		return -1;
	if (op == EXPR_STUCK) {
		if (expr_want(x, ',') == -1)
			return -1;
		expr_skip(x);
		if (expr_duration(x, &ms) == -1)
			return -1;
	}
	if (expr_want(x, ')') == -1)
		return -1;
	if (op == EXPR_ODD && expr_isfl(x, a))
		return expr_fail(x, at, "odd() needs an integer, not a float");
	i = expr_node(x, op, a, -1, expr_col(x, at));
	x->e->nodes[i].ms = ms;
	x->e->nodes[i].fl = op == EXPR_OLD && expr_isfl(x, a);
	return i;
}

/* primary: see expr.h. */
static int
expr_primary(struct expr_parser *x)
{
	const char	*at;
	int		 i, call;

	expr_skip(x);
	at = x->p;
	if (expr_digit((unsigned char)*x->p))
		return expr_number(x);
	if (*x->p == '(') {
		x->p++;
		if ((i = expr_or(x)) == -1 || expr_want(x, ')') == -1)
			return -1;
		return i;
	}
	if (expr_alpha((unsigned char)*x->p)) {
		i = expr_name(x, &call);
		return call == -1 ? i : expr_call(x, at, call);
	}
	return expr_expected(x, "a value (a number, TYPE@OFFSET, a field, "
	    "old(), changed(), stuck(), odd() or '(')");
}

/* unary = ("-" | "!") unary | primary */
static int
expr_unary(struct expr_parser *x)
{
	const char	*at;
	enum expr_op	 op;
	int		 a, i;

	expr_skip(x);
	at = x->p;
	if (*x->p != '-' && !(*x->p == '!' && x->p[1] != '='))
		return expr_primary(x);
	op = *x->p == '-' ? EXPR_NEG : EXPR_NOT;
	x->p++;
	if (++x->depth > EXPR_MAX_DEPTH)
		return expr_fail(x, at, "nested more than %d deep",
		    EXPR_MAX_DEPTH);
	a = expr_unary(x);
	x->depth--;
	if (a == -1)
		return -1;
	i = expr_node(x, op, a, -1, expr_col(x, at));
	x->e->nodes[i].fl = op == EXPR_NEG && expr_isfl(x, a);
	return i;
}

/* The binary operators, by level, highest precedence first. */
static const struct expr_binop {
	const char	*tok;
	enum expr_op	 op;
	int		 level;
} expr_binops[] = {
	{ "*", EXPR_MUL, 0 }, { "/", EXPR_DIV, 0 }, { "%", EXPR_MOD, 0 },
	{ "+", EXPR_ADD, 1 }, { "-", EXPR_SUB, 1 },
	{ "<<", EXPR_SHL, 2 }, { ">>", EXPR_SHR, 2 },
	{ "<=", EXPR_LE, 3 }, { ">=", EXPR_GE, 3 }, { "<", EXPR_LT, 3 },
	{ ">", EXPR_GT, 3 },
	{ "==", EXPR_EQ, 4 }, { "!=", EXPR_NE, 4 },
	{ "&", EXPR_BAND, 5 }, { "^", EXPR_BXOR, 6 }, { "|", EXPR_BOR, 7 },
	{ "&&", EXPR_AND, 8 }, { "||", EXPR_OR, 9 },
};
#define EXPR_LEVELS	10

/* The operator of LEVEL at the read position, or NULL. */
static const struct expr_binop *
expr_binop_at(const struct expr_parser *x, int level)
{
	const struct expr_binop	*best = NULL;

	/* The longest token wins: "<<" is not "<", "&&" is not "&". */
	for (size_t k = 0; k < sizeof expr_binops / sizeof expr_binops[0];
	    k++) {
		size_t	n = strlen(expr_binops[k].tok);

		if (strncmp(x->p, expr_binops[k].tok, n) == 0 &&
		    (best == NULL || n > strlen(best->tok)))
			best = &expr_binops[k];
	}
	return best != NULL && best->level == level ? best : NULL;
}

/* Whether OP needs integers on both sides. */
static bool
expr_int_only(enum expr_op op)
{
	return op == EXPR_MOD || op == EXPR_BAND || op == EXPR_BOR ||
	    op == EXPR_BXOR || op == EXPR_SHL || op == EXPR_SHR;
}

/* One binary level (0 .. EXPR_LEVELS - 1), left to right. */
static int
expr_level(struct expr_parser *x, int level)
{
	const struct expr_binop	*b;
	const char		*at, *saved;
	int			 l, r, i;

	l = level == 0 ? expr_unary(x) : expr_level(x, level - 1);
	for (;;) {
		if (l == -1)
			return -1;
		expr_skip(x);
		if ((b = expr_binop_at(x, level)) == NULL)
			return l;
		at = x->p;
		x->p += strlen(b->tok);
		/* "state == READY": the right side may name the left's enum. */
		saved = x->enum_path;
		if ((level == 3 || level == 4) &&
		    x->e->nodes[l].op == EXPR_VALUE)
			x->enum_path = x->e->ops[x->e->nodes[l].operand].text;
		r = level == 0 ? expr_unary(x) : expr_level(x, level - 1);
		x->enum_path = saved;
		if (r == -1)
			return -1;
		if (expr_int_only(b->op) && (expr_isfl(x, l) ||
		    expr_isfl(x, r)))
			return expr_fail(x, at, "'%s' needs integers, not "
			    "floats", b->tok);
		i = expr_node(x, b->op, l, r, expr_col(x, at));
		x->e->nodes[i].fl = b->op <= EXPR_DIV && (expr_isfl(x, l) ||
		    expr_isfl(x, r));
		l = i;
	}
}

/* or: the whole grammar, with the depth of nesting bounded. */
static int
expr_or(struct expr_parser *x)
{
	int	i;

	if (++x->depth > EXPR_MAX_DEPTH)
		return expr_fail(x, x->p, "nested more than %d deep",
		    EXPR_MAX_DEPTH);
	i = expr_level(x, EXPR_LEVELS - 1);
	x->depth--;
	return i;
}

/* Order ranges by offset, then length. */
static int
expr_range_cmp(const void *a, const void *b)
{
	const struct expr_range	*ra = a, *rb = b;

	if (ra->off != rb->off)
		return ra->off < rb->off ? -1 : 1;
	return ra->len < rb->len ? -1 : ra->len > rb->len;
}

/* Compile TEXT; see expr.h. */
struct expr *
expr_parse(const char *text, const struct expr_env *env, char **cause)
{
	return expr_parse_at(text, env, NULL, cause);
}

/* Compile TEXT, with the column of an error; see expr.h. */
struct expr *
expr_parse_at(const char *text, const struct expr_env *env, unsigned *col,
    char **cause)
{
	struct expr_parser	x;
	struct expr		*e;
	size_t			 len = strlen(text);

	if (col != NULL)
		*col = 0;
	if (len > EXPR_MAX_LEN) {
		cause_set(cause, "a condition of %zu bytes is too long (at "
		    "most %d)", len, EXPR_MAX_LEN);
		return NULL;
	}
	e = xcalloc(1, sizeof *e);
	e->text = xstrdup(text);
	memset(&x, 0, sizeof x);
	x.s = x.p = e->text;
	x.env = *env;
	x.e = e;
	x.cause = cause;
	e->root = expr_or(&x);
	if (e->root != -1) {
		expr_skip(&x);
		if (*x.p != '\0') {
			expr_expected(&x, "an operator or the end");
			e->root = -1;
		}
	}
	if (e->root == -1) {
		if (col != NULL)
			*col = x.col;
		expr_free(e);
		return NULL;
	}
	for (size_t i = 0; i < e->nops; i++) {
		e->ranges[i].off = e->ops[i].off;
		e->ranges[i].len = e->ops[i].type.width;
	}
	qsort(e->ranges, e->nops, sizeof e->ranges[0], expr_range_cmp);
	return e;
}

/* Free E; see expr.h. */
void
expr_free(struct expr *e)
{
	if (e == NULL)
		return;
	for (size_t i = 0; i < e->nops; i++)
		free(e->ops[i].text);
	free(e->nodes);
	free(e->text);
	free(e);
}

/* The text E was parsed from. */
const char *
expr_text(const struct expr *e)
{
	return e->text;
}

/* The byte ranges E reads; see expr.h. */
const struct expr_range *
expr_ranges(const struct expr *e, size_t *n)
{
	*n = e->nops;
	return e->ranges;
}

/* True when some value E reads overlaps [off, off+len). */
bool
expr_touches(const struct expr *e, uint64_t off, uint64_t len)
{
	for (size_t i = 0; i < e->nops; i++) {
		const struct expr_range	*r = &e->ranges[i];

		if (r->off < off + len && off < r->off + r->len && len > 0)
			return true;
	}
	return false;
}
