/* SPDX-License-Identifier: ISC */
/*
 * expr_eval.c - the live side of a condition: values, events, evaluation.
 *
 * A compiled condition (expr_priv.h) keeps, for each operand, its bytes
 * now and before the last event, whether they were all inside the file,
 * and when they last changed.  expr_event() moves that state on from a
 * live_event alone (its new bytes), or reads through the caller's READ
 * when the event carries none (the page map, a size change): never a
 * look at the whole file.  expr_eval() walks the node tree over that
 * state at a time the caller gives, so tests own the clock.
 *
 * Semantics (expr.h, docs/expressions.md): integers exact in 128 bits,
 * overflow, division by zero and bad shifts make the evaluation fail with
 * a reason; floats are IEEE doubles; an operand outside the file fails
 * the evaluation naming it.  A failed evaluation is "false, because".
 */
#include "config.h"

#include <locale.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "expr.h"
#include "expr_priv.h"
#include "live.h"
#include "xmalloc.h"

/* The largest and smallest 128-bit integers. */
#define EXPR_INT_MAX	((expr_int)(((unsigned __int128)1 << 127) - 1))
#define EXPR_INT_MIN	(-EXPR_INT_MAX - 1)

/* A value while evaluating. */
struct expr_val {
	bool		fl;
	expr_int	i;
	double		f;
};

/* One evaluation. */
struct expr_ctx {
	struct expr	*e;
	uint64_t	 now;
	char		**reason;
};

/*
 * bitfields (issue 15): the bits of operand O in bytes B, as an unsigned
 * number (the storage read in the type's byte order, then shifted the
 * way layout_resolve counts: from the low bit little endian, from the
 * high bit big endian).
 */
static uint64_t
expr_bits_of(const struct expr_opnd *o, const uint8_t *b)
{
	unsigned	n = o->bits.bytes;
	uint64_t	u = 0;

	for (unsigned k = 0; k < n; k++)
		u |= (uint64_t)b[o->type.big ? n - 1 - k : k] << (8 * k);
	if (o->type.big)
		u >>= n * 8 - o->bits.shift - o->bits.size;
	else
		u >>= o->bits.shift;
	if (o->bits.size < 64)
		u &= (UINT64_C(1) << o->bits.size) - 1;
	return u;
}

/* A bitfield's bits U as its value (sign-extended when signed). */
static int64_t
expr_bits_value(const struct expr_opnd *o, uint64_t u)
{
	if (o->type.kind == VALUE_INT && o->bits.size < 64 &&
	    (u >> (o->bits.size - 1)) != 0)
		u |= ~(uint64_t)0 << o->bits.size;
	return (int64_t)u;
}

/* Operand O's bytes (OLD: before the last event) as a value into *v. */
static int
expr_decode(struct expr_ctx *c, const struct expr_opnd *o, bool old,
    struct expr_val *v)
{
	const uint8_t	*b = old ? o->prev : o->cur;
	unsigned	 w = o->type.width;
	uint64_t	 u = 0;
	uint32_t	 u32;
	float		 f32;

	if (!(old ? o->prev_avail : o->avail))
		return cause_set(c->reason, "%s%s (bytes 0x%llx+%u) is past "
		    "the end of the file (%llu bytes)", old ? "old " : "",
		    o->text, (unsigned long long)o->off, w,
		    (unsigned long long)c->e->size);
	if (o->bits.size != 0) {	/* issue 15: a bitfield's bits only */
		memset(v, 0, sizeof *v);
		u = expr_bits_of(o, b);
		if (o->type.kind == VALUE_INT)
			v->i = expr_bits_value(o, u);
		else
			v->i = u;
		return 0;
	}
	for (unsigned k = 0; k < w; k++)
		u |= (uint64_t)b[o->type.big ? w - 1 - k : k] << (8 * k);
	memset(v, 0, sizeof *v);
	switch (o->type.kind) {
	case VALUE_UINT:
		v->i = u;
		break;
	case VALUE_INT:
		/* Sign-extend from the type's width. */
		if (w < 8 && (u >> (8 * w - 1)) != 0)
			u |= ~(uint64_t)0 << (8 * w);
		v->i = (int64_t)u;
		break;
	case VALUE_FLOAT:
		v->fl = true;
		if (w == 4) {
			u32 = (uint32_t)u;
			memcpy(&f32, &u32, sizeof f32);
			v->f = f32;
		} else
			memcpy(&v->f, &u, sizeof v->f);
		break;
	}
	return 0;
}

/* V as a double. */
static double
expr_as_f(const struct expr_val *v)
{
	return v->fl ? v->f : (double)v->i;
}

/* V is true: non-zero (NaN is non-zero, as in C). */
static bool
expr_truth(const struct expr_val *v)
{
	return v->fl ? v->f != 0 : v->i != 0;
}

/* An integer result R into *v. */
static int
expr_set_int(struct expr_val *v, expr_int r)
{
	memset(v, 0, sizeof *v);
	v->i = r;
	return 0;
}

/* The latest change time of the operands under node I. */
static uint64_t
expr_last_change(const struct expr *e, int i)
{
	const struct expr_node	*n;
	uint64_t		 t = 0, u;

	if (i < 0)
		return 0;
	n = &e->nodes[i];
	if (n->op == EXPR_VALUE)
		return e->ops[n->operand].changed_ms;
	if ((u = expr_last_change(e, n->a)) > t)
		t = u;
	if ((u = expr_last_change(e, n->b)) > t)
		t = u;
	return t;
}

/* When stuck node N turns true: its last change plus its duration. */
static uint64_t
expr_stuck_at(const struct expr *e, const struct expr_node *n)
{
	uint64_t	t = expr_last_change(e, n->a);

	return t > UINT64_MAX - n->ms ? UINT64_MAX : t + n->ms;
}

static int	expr_node_eval(struct expr_ctx *, int, bool, struct expr_val *);

/* Integer arithmetic of node N on A and B into *v; -1 with a reason. */
static int
expr_arith(struct expr_ctx *c, const struct expr_node *n, expr_int a,
    expr_int b, struct expr_val *v)
{
	expr_int	r = 0;
	bool		over = false;

	switch (n->op) {
	case EXPR_ADD:
		over = __builtin_add_overflow(a, b, &r);
		break;
	case EXPR_SUB:
		over = __builtin_sub_overflow(a, b, &r);
		break;
	case EXPR_MUL:
		over = __builtin_mul_overflow(a, b, &r);
		break;
	case EXPR_DIV:
	case EXPR_MOD:
		if (b == 0)
			return cause_set(c->reason, "division by zero at "
			    "column %u", n->col);
		if (a == EXPR_INT_MIN && b == -1) {
			over = n->op == EXPR_DIV;
			r = 0;
		} else
			r = n->op == EXPR_DIV ? a / b : a % b;
		break;
	case EXPR_BAND:
		r = a & b;
		break;
	case EXPR_BOR:
		r = a | b;
		break;
	case EXPR_BXOR:
		r = a ^ b;
		break;
	case EXPR_SHL:
	case EXPR_SHR:
		if (b < 0 || b > 127)
			return cause_set(c->reason, "shift by %lld at column "
			    "%u (a shift is 0 to 127)", b < 0 ? -1LL :
			    (long long)(b > 1000 ? 1000 : b), n->col);
		if (n->op == EXPR_SHR)
			r = a >> b;	/* arithmetic: toward minus infinity */
		else if (a != 0 && b == 127)
			over = true;
		else if (a != 0)
			over = __builtin_mul_overflow(a,
			    (expr_int)1 << b, &r);
		break;
	default:
		break;
	}
	if (over)
		return cause_set(c->reason, "the result at column %u does not "
		    "fit in 128 bits", n->col);
	return expr_set_int(v, r);
}

/* Compare A and B with node N's operator into *v (0 or 1). */
static int
expr_compare(const struct expr_node *n, const struct expr_val *a,
    const struct expr_val *b, struct expr_val *v)
{
	int	cmp;	/* -1, 0, 1, or 2 unordered (a NaN) */

	if (a->fl || b->fl) {
		double	x = expr_as_f(a), y = expr_as_f(b);

		cmp = x < y ? -1 : x > y ? 1 : x == y ? 0 : 2;
	} else
		cmp = a->i < b->i ? -1 : a->i > b->i;
	switch (n->op) {
	case EXPR_EQ:
		return expr_set_int(v, cmp == 0);
	case EXPR_NE:
		return expr_set_int(v, cmp != 0);
	case EXPR_LT:
		return expr_set_int(v, cmp == -1);
	case EXPR_LE:
		return expr_set_int(v, cmp == -1 || cmp == 0);
	case EXPR_GT:
		return expr_set_int(v, cmp == 1);
	default:
		return expr_set_int(v, cmp == 1 || cmp == 0);
	}
}

/* A binary node N (not && ||) on A and B into *v. */
static int
expr_binary(struct expr_ctx *c, const struct expr_node *n,
    const struct expr_val *a, const struct expr_val *b, struct expr_val *v)
{
	double	x, y;

	if (n->op >= EXPR_EQ)
		return expr_compare(n, a, b, v);
	if (!n->fl)
		return expr_arith(c, n, a->i, b->i, v);
	/* + - * / with a float: IEEE doubles (1.0/0 is inf). */
	x = expr_as_f(a);
	y = expr_as_f(b);
	memset(v, 0, sizeof *v);
	v->fl = true;
	v->f = n->op == EXPR_ADD ? x + y : n->op == EXPR_SUB ? x - y :
	    n->op == EXPR_MUL ? x * y : x / y;
	return 0;
}

/* changed(x): x differs from old(x) (floats by their bits). */
static int
expr_changed(struct expr_ctx *c, const struct expr_node *n, bool old,
    struct expr_val *v)
{
	struct expr_val	now, before;

	if (expr_node_eval(c, n->a, old, &now) == -1 ||
	    expr_node_eval(c, n->a, true, &before) == -1)
		return -1;
	if (now.fl)
		return expr_set_int(v, memcmp(&now.f, &before.f,
		    sizeof now.f) != 0);
	return expr_set_int(v, now.i != before.i);
}

/* Evaluate node I (OLD: with the values before the last event) into *v. */
static int
expr_node_eval(struct expr_ctx *c, int i, bool old, struct expr_val *v)
{
	const struct expr_node	*n = &c->e->nodes[i];
	struct expr_val		 a, b;

	switch (n->op) {
	case EXPR_INT:
		return expr_set_int(v, n->lit.i);
	case EXPR_FLOAT:
		memset(v, 0, sizeof *v);
		v->fl = true;
		v->f = n->lit.f;
		return 0;
	case EXPR_VALUE:
		return expr_decode(c, &c->e->ops[n->operand], old, v);
	case EXPR_OLD:
		return expr_node_eval(c, n->a, true, v);
	case EXPR_CHANGED:
		return expr_changed(c, n, old, v);
	case EXPR_STUCK:
		return expr_set_int(v, c->now >= expr_stuck_at(c->e, n));
	case EXPR_ODD:
		if (expr_node_eval(c, n->a, old, &a) == -1)
			return -1;
		return expr_set_int(v, (a.i & 1) != 0);
	case EXPR_NEG:
		if (expr_node_eval(c, n->a, old, &a) == -1)
			return -1;
		if (a.fl) {
			*v = a;
			v->f = -a.f;
			return 0;
		}
		if (a.i == EXPR_INT_MIN)
			return cause_set(c->reason, "the result at column %u "
			    "does not fit in 128 bits", n->col);
		return expr_set_int(v, -a.i);
	case EXPR_NOT:
		if (expr_node_eval(c, n->a, old, &a) == -1)
			return -1;
		return expr_set_int(v, !expr_truth(&a));
	case EXPR_AND:
	case EXPR_OR:
		/* The right side only when the left does not decide. */
		if (expr_node_eval(c, n->a, old, &a) == -1)
			return -1;
		if (expr_truth(&a) == (n->op == EXPR_OR))
			return expr_set_int(v, n->op == EXPR_OR);
		if (expr_node_eval(c, n->b, old, &b) == -1)
			return -1;
		return expr_set_int(v, expr_truth(&b));
	default:
		if (expr_node_eval(c, n->a, old, &a) == -1 ||
		    expr_node_eval(c, n->b, old, &b) == -1)
			return -1;
		return expr_binary(c, n, &a, &b, v);
	}
}

/* Read operand O through READ: its bytes and whether all were there. */
static void
expr_read_op(struct expr_opnd *o, expr_read_fn *read, void *arg)
{
	uint8_t	buf[8];
	size_t	got = read(arg, o->off, buf, o->type.width);

	o->avail = got >= o->type.width;
	memcpy(o->cur, buf, o->avail ? o->type.width : 0);
	if (!o->avail)
		memset(o->cur, 0, sizeof o->cur);
}

/* Read every operand; see expr.h. */
void
expr_load(struct expr *e, expr_read_fn *read, void *arg, uint64_t size,
    uint64_t now_ms)
{
	e->size = size;
	for (size_t i = 0; i < e->nops; i++) {
		struct expr_opnd	*o = &e->ops[i];

		expr_read_op(o, read, arg);
		memcpy(o->prev, o->cur, sizeof o->prev);
		o->prev_avail = o->avail;
		o->changed_ms = now_ms;
	}
}

/* Take EV into E; see expr.h. */
bool
expr_event(struct expr *e, const struct live_event *ev, expr_read_fn *read,
    void *arg)
{
	bool	any = false, all = false, bytes = false;

	switch (ev->kind) {
	case LIVE_BYTES:
	case LIVE_STORE:
		bytes = true;
		break;
	case LIVE_SIZE:
	case LIVE_REOPENED:
		e->size = ev->new_size;
		all = true;
		break;
	default:
		return false;
	}
	for (size_t i = 0; i < e->nops; i++) {
		struct expr_opnd	*o = &e->ops[i];
		uint64_t		 w = o->type.width, lo, hi;

		memcpy(o->prev, o->cur, sizeof o->prev);
		o->prev_avail = o->avail;
		if (bytes && (o->off >= ev->off + ev->len ||
		    ev->off >= o->off + w))
			continue;
		if (all || ev->new == NULL || !o->avail) {
			expr_read_op(o, read, arg);
		} else {
			/* Patch the overlap from the event's own bytes. */
			lo = o->off > ev->off ? o->off : ev->off;
			hi = o->off + w < ev->off + ev->len ? o->off + w :
			    ev->off + ev->len;
			memcpy(o->cur + (lo - o->off), ev->new + (lo - ev->off),
			    (size_t)(hi - lo));
		}
		/* A bitfield changes with its bits, not its neighbours'. */
		if (o->avail != o->prev_avail || (o->bits.size != 0 ?
		    expr_bits_of(o, o->cur) != expr_bits_of(o, o->prev) :
		    memcmp(o->cur, o->prev, (size_t)w) != 0)) {
			o->changed_ms = ev->at_ms;
			any = true;
		}
	}
	return any;
}

/* Evaluate at NOW_MS; see expr.h. */
int
expr_eval(struct expr *e, uint64_t now_ms, char **reason)
{
	struct expr_ctx	c = { e, now_ms, reason };
	struct expr_val	v;

	if (expr_node_eval(&c, e->root, false, &v) == -1)
		return -1;
	return expr_truth(&v) ? 1 : 0;
}

/* The first time after AFTER_MS a stuck() can turn true; see expr.h. */
uint64_t
expr_deadline(const struct expr *e, uint64_t after_ms)
{
	uint64_t	best = UINT64_MAX, t;

	for (size_t i = 0; i < e->nnodes; i++) {
		if (e->nodes[i].op != EXPR_STUCK)
			continue;
		t = expr_stuck_at(e, &e->nodes[i]);
		if (t > after_ms && t < best)
			best = t;
	}
	return best;
}

/* V as decimal into OUT (128-bit: printf has no conversion for it). */
static void
expr_int_text(expr_int v, char *out, size_t outlen)
{
	char			 buf[48], *p = buf + sizeof buf - 1;
	unsigned __int128	 u = v < 0 ? -(unsigned __int128)v :
				    (unsigned __int128)v;

	*p = '\0';
	do {
		*--p = (char)('0' + (int)(u % 10));
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	snprintf(out, outlen, "%s", p);
}

/* E's value at NOW_MS as text; see expr.h. */
void
expr_format(struct expr *e, uint64_t now_ms, char *out, size_t outlen)
{
	struct expr_ctx	 c;
	struct expr_val	 v;
	char		*reason = NULL;
	locale_t	 cl, was;

	c.e = e;
	c.now = now_ms;
	c.reason = &reason;
	if (expr_node_eval(&c, e->root, false, &v) == -1) {
		snprintf(out, outlen, "unavailable (%s)", reason);
		free(reason);
		return;
	}
	if (!v.fl) {
		expr_int_text(v.i, out, outlen);
		return;
	}
	/* The C locale's '.', whatever the program's locale says. */
	cl = newlocale(LC_ALL_MASK, "C", (locale_t)0);
	was = cl != (locale_t)0 ? uselocale(cl) : (locale_t)0;
	snprintf(out, outlen, "%.17g", v.f);
	if (cl != (locale_t)0) {
		uselocale(was);
		freelocale(cl);
	}
}

/* E's value at NOW_MS as a double: 0, or -1 when unavailable (pins). */
int
expr_value(struct expr *e, uint64_t now_ms, double *out)
{
	struct expr_ctx	 c;
	struct expr_val	 v;
	char		*reason = NULL;

	c.e = e;
	c.now = now_ms;
	c.reason = &reason;
	if (expr_node_eval(&c, e->root, false, &v) == -1) {
		free(reason);
		return -1;
	}
	*out = expr_as_f(&v);
	return 0;
}

/* How many distinct values E reads. */
size_t
expr_noperands(const struct expr *e)
{
	return e->nops;
}

/* Describe operand I; see expr.h. */
void
expr_operand(const struct expr *e, size_t i, struct expr_operand_info *info)
{
	const struct expr_opnd	*o = &e->ops[i];

	memset(info, 0, sizeof *info);
	info->text = o->text;
	info->off = o->off;
	info->type = o->type;
	info->avail = o->avail;
	info->old_avail = o->prev_avail;
	info->changed_ms = o->changed_ms;
	info->bit_size = o->bits.size;
	if (o->bits.size != 0) {	/* issue 15: the bits, in decimal */
		if (o->avail)
			snprintf(info->value, sizeof info->value, "%lld",
			    (long long)expr_bits_value(o,
			    expr_bits_of(o, o->cur)));
		if (o->prev_avail)
			snprintf(info->old, sizeof info->old, "%lld",
			    (long long)expr_bits_value(o,
			    expr_bits_of(o, o->prev)));
		return;
	}
	if (o->avail)
		value_decode(&o->type, o->cur, info->value,
		    sizeof info->value);
	if (o->prev_avail)
		value_decode(&o->type, o->prev, info->old, sizeof info->old);
}
