/* SPDX-License-Identifier: ISC */
/*
 * expr_priv.h - the compiled form of a condition, shared by the parser
 * (expr.c) and the evaluator (expr_eval.c).  Nothing else includes it.
 *
 * A condition is a tree of nodes in one array (children by index, the
 * root last) and a table of operands: each distinct TYPE@OFFSET read,
 * with its current bytes, its bytes before the last event and the time
 * of its last change.  Nodes name operands by index, so x read twice is
 * one operand and one range.
 */
#ifndef LIVEHEX_EXPR_PRIV_H
#define LIVEHEX_EXPR_PRIV_H

#include <stdbool.h>
#include <stdint.h>

#include "expr.h"
#include "value.h"

typedef __int128 expr_int;

/* What a node does. */
enum expr_op {
	EXPR_INT,	/* literal integer: lit.i */
	EXPR_FLOAT,	/* literal float: lit.f */
	EXPR_VALUE,	/* operand OPERAND's value */
	EXPR_OLD,	/* old(a) */
	EXPR_CHANGED,	/* changed(a) */
	EXPR_STUCK,	/* stuck(a, ms) */
	EXPR_ODD,	/* odd(a) */
	EXPR_NEG,	/* -a */
	EXPR_NOT,	/* !a */
	EXPR_ADD, EXPR_SUB, EXPR_MUL, EXPR_DIV, EXPR_MOD,
	EXPR_BAND, EXPR_BOR, EXPR_BXOR, EXPR_SHL, EXPR_SHR,
	EXPR_EQ, EXPR_NE, EXPR_LT, EXPR_LE, EXPR_GT, EXPR_GE,
	EXPR_AND, EXPR_OR,
};

/* One node of the tree. */
struct expr_node {
	enum expr_op	 op;
	bool		 fl;		/* its value is a float */
	int		 a, b;		/* children, -1 when none */
	size_t		 operand;	/* EXPR_VALUE */
	uint64_t	 ms;		/* EXPR_STUCK: the duration */
	unsigned	 col;		/* where it was written (from 1) */
	union {
		expr_int	 i;
		double		 f;
	} lit;
};

/* One distinct value read. */
struct expr_opnd {
	char			*text;		/* as first written */
	uint64_t		 off;
	struct value_type	 type;
	uint8_t			 cur[8];	/* type.width bytes */
	uint8_t			 prev[8];	/* before the last event */
	bool			 avail;		/* cur is all inside the file */
	bool			 prev_avail;
	uint64_t		 changed_ms;	/* last change, or the load */
	struct expr_bits	 bits;		/* a bitfield's; size 0: none */
};

/* A compiled condition. */
struct expr {
	char			*text;
	struct expr_node	*nodes;
	size_t			 nnodes, cap;
	int			 root;
	struct expr_opnd	 ops[EXPR_MAX_OPERANDS];
	size_t			 nops;
	struct expr_range	 ranges[EXPR_MAX_OPERANDS];	/* sorted */
	uint64_t		 size;		/* of the file, last known */
};

#endif
