/* SPDX-License-Identifier: ISC */
/*
 * fuzz_offexpr.c - libFuzzer target for offexpr.h: the goto prompt.
 *
 * Input: the whole input is the expression (up to its first NUL).  It is
 * evaluated at several cursor/size pairs, including 0 and 2^64-1, where
 * sums, shares and relative moves would wrap if done carelessly, with
 * marks and fields from the callbacks below, and once with neither.
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour":
 *  - offexpr_eval_env agrees, verdict and value, with ref_eval below: the
 *    grammar of offexpr.h written afresh another way (cut into tokens
 *    first, then evaluated with an operator stack), with
 *    number_parse_u64 as the number reader (it has its own target);
 *  - what the old grammar (trim, "$", +N, -N, N%, N: ref_old) accepted
 *    still gives the same offset: the arithmetic broke no old goto;
 *  - offexpr_eval (no marks, no fields) is offexpr_eval_env with neither;
 *  - a cause comes back on every failure, printable ASCII (it is shown on
 *    the status line) and naming a column unless the text is blank; none
 *    on success.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "number.h"
#include "offexpr.h"
#include "xmalloc.h"

#define REF_MAX_DEPTH	64	/* offexpr.h's nesting limit */
#define REF_MAX_TOKEN	256	/* bytes in a number or a field path */

typedef __int128 ref_int;

/* Where the expression is evaluated: cursor and size. */
static const uint64_t	fuzz_at[][2] = {
	{ 0, 0 }, { 0, 1 }, { 100, 1000 }, { 999, 1000 },
	{ UINT64_MAX, UINT64_MAX }, { 5, UINT64_MAX }, { UINT64_MAX - 1, 10 },
};

/* Marks 'a'..'m' are set (big ones among them); 'n'..'z' are not. */
static int
fuzz_mark(void *arg, int letter, uint64_t *off)
{
	(void)arg;
	FUZZ_CHECK(letter >= 'a' && letter <= 'z');
	if (letter > 'm')
		return -1;
	*off = (uint64_t)(letter - 'a') * 0x1555555555555555ULL;
	return 0;
}

/* A field path starting with 'x' is unknown; others sit at 3 x length. */
static int
fuzz_field(void *arg, const char *path, uint64_t *off, char **cause)
{
	(void)arg;
	if (path[0] == 'x')
		return cause_set(cause, "no field %s", path);
	*off = 3 * (uint64_t)strlen(path);
	return 0;
}

/* The blanks isspace(3) knows in the C locale. */
static int
ref_space(int c)
{
	return c == ' ' || (c >= '\t' && c <= '\r');
}

/* A letter or '_', and a digit, in ASCII. */
static bool
ref_alpha(int c)
{
	return ((c | 0x20) >= 'a' && (c | 0x20) <= 'z') || c == '_';
}
static bool
ref_digit(int c)
{
	return c >= '0' && c <= '9';
}

/* A number as number.h reads it; FLAGS as for number_parse_u64. */
static int
ref_number(const char *s, size_t len, int flags, uint64_t *v)
{
	char	*t = malloc(len + 1);
	int	 rc;

	memcpy(t, s, len);
	t[len] = '\0';
	rc = number_parse_u64(t, v, flags, NULL);
	free(t);
	return rc;
}

/* The old grammar (before arithmetic): 0 with *out, or -1. */
static int
ref_old(const char *s, uint64_t cursor, uint64_t size, uint64_t *out)
{
	size_t		len = strlen(s);
	uint64_t	v;

	while (len > 0 && ref_space((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len > 0 && ref_space((unsigned char)s[len - 1]))
		len--;
	if (len == 0)
		return -1;
	if (len == 1 && s[0] == '$') {
		*out = size == 0 ? 0 : size - 1;
		return 0;
	}
	if (s[0] == '+' || s[0] == '-') {
		if (len == 1 || ref_number(s + 1, len - 1, NUMBER_SUFFIX,
		    &v) != 0)
			return -1;
		if (s[0] == '+')
			*out = v > UINT64_MAX - cursor ? UINT64_MAX :
			    cursor + v;
		else
			*out = v > cursor ? 0 : cursor - v;
		return 0;
	}
	if (s[len - 1] == '%') {
		if (ref_number(s, len - 1, 0, &v) != 0 || v > 100)
			return -1;
		*out = (uint64_t)((unsigned __int128)size * v / 100);
		return 0;
	}
	return ref_number(s, len, NUMBER_SUFFIX, out);
}

/* A token: a value, an operator (+ - * / %), or a parenthesis. */
struct ref_tok {
	char	kind;		/* 'v' value, 'o' operator, '(' or ')' */
	char	op;
	ref_int	v;
};

/*
 * Cut S into tokens at *N; values are resolved already (numbers, shares,
 * $, ., marks, fields).  0, or -1 for any text that is no token.
 */
static int
ref_tokens(const char *s, const struct offexpr_env *env, struct ref_tok *t,
    size_t *n)
{
	const char	*p = s, *q, *r;
	uint64_t	 v;
	size_t		 len;
	bool		 share;
	char		 path[REF_MAX_TOKEN + 1];

	*n = 0;
	for (;;) {
		while (ref_space((unsigned char)*p))
			p++;
		if (*p == '\0')
			return 0;
		t[*n].kind = 'v';
		if (ref_digit((unsigned char)*p)) {
			for (q = p; ref_digit((unsigned char)*q) ||
			    ref_alpha((unsigned char)*q); q++)
				;
			len = (size_t)(q - p);
			if (len > REF_MAX_TOKEN)
				return -1;
			r = q + (*q == '%');
			while (ref_space((unsigned char)*r))
				r++;
			/* A share: '%' with no term after it. */
			share = *q == '%' && !ref_digit((unsigned char)*r) &&
			    !ref_alpha((unsigned char)*r) &&
			    (*r == '\0' || strchr("($.'", *r) == NULL);
			if (ref_number(p, len, share ? 0 : NUMBER_SUFFIX,
			    &v) != 0 || (share && v > 100))
				return -1;
			t[*n].v = share ? (ref_int)((unsigned __int128)
			    env->size * v / 100) : (ref_int)v;
			q += share;
			p = q;
		} else if (ref_alpha((unsigned char)*p)) {
			q = p;
			do {
				if (*q == '.')
					q++;
				while (ref_alpha((unsigned char)*q) ||
				    ref_digit((unsigned char)*q))
					q++;
				while (*q == '[') {
					if (!ref_digit((unsigned char)q[1]))
						return -1;
					for (q++; ref_digit((unsigned char)*q);
					    q++)
						;
					if (*q++ != ']')
						return -1;
				}
			} while (q[0] == '.' && ref_alpha((unsigned char)q[1]));
			if ((size_t)(q - p) > REF_MAX_TOKEN)
				return -1;
			memcpy(path, p, (size_t)(q - p));
			path[q - p] = '\0';
			if (env->field == NULL || env->field(env->arg, path,
			    &v, NULL) != 0)
				return -1;
			t[*n].v = v;
			p = q;
		} else if (*p == '\'') {
			if (p[1] < 'a' || p[1] > 'z' || env->mark == NULL ||
			    env->mark(env->arg, p[1], &v) != 0)
				return -1;
			t[*n].v = v;
			p += 2;
		} else if (*p == '$') {
			t[*n].v = env->size == 0 ? 0 : env->size - 1;
			p++;
		} else if (*p == '.') {
			t[*n].v = env->cursor;
			p++;
		} else if (strchr("+-*/%", *p) != NULL) {
			t[*n].kind = 'o';
			t[*n].op = *p++;
		} else if (*p == '(' || *p == ')') {
			t[*n].kind = *p++;
		} else
			return -1;
		(*n)++;
	}
}

/* The precedence of operator OP: * / % over + -. */
static int
ref_prec(char op)
{
	return op == '+' || op == '-' ? 1 : 2;
}

/* Apply OP to the top two of VALS (*NV of them); 0, or -1. */
static int
ref_apply(ref_int *vals, size_t *nv, char op)
{
	ref_int	a = vals[*nv - 2], b = vals[*nv - 1], r;

	switch (op) {
	case '+':
		if (__builtin_add_overflow(a, b, &r))
			return -1;
		break;
	case '-':
		if (__builtin_sub_overflow(a, b, &r))
			return -1;
		break;
	case '*':
		if (__builtin_mul_overflow(a, b, &r))
			return -1;
		break;
	default:
		/* INT128_MIN / -1 is the one quotient that overflows. */
		if (b == 0 || (b == -1 && a == (ref_int)((unsigned __int128)1 <<
		    127)))
			return -1;
		r = op == '/' ? a / b : a % b;
		break;
	}
	vals[*nv - 2] = r;
	(*nv)--;
	return 0;
}

/*
 * The grammar of offexpr.h by an operator stack over the tokens of S:
 * T, VALS and OPS hold one entry per byte.  0 with *out, or -1.
 */
static int
ref_stack(const char *s, const struct offexpr_env *env, struct ref_tok *t,
    ref_int *vals, char *ops, uint64_t *out)
{
	size_t	 n, nv = 0, no = 0, i = 0, depth = 0;
	bool	 relative, want_value = true;

	if (ref_tokens(s, env, t, &n) != 0 || n == 0)
		return -1;
	relative = t[0].kind == 'o' && (t[0].op == '+' || t[0].op == '-');
	if (relative) {
		vals[nv++] = env->cursor;
		want_value = false;
	}
	for (; i < n; i++) {
		switch (t[i].kind) {
		case 'v':
			if (!want_value)
				return -1;
			vals[nv++] = t[i].v;
			want_value = false;
			break;
		case '(':
			if (!want_value || depth == REF_MAX_DEPTH)
				return -1;
			depth++;
			ops[no++] = '(';
			break;
		case ')':
			if (want_value || depth == 0)
				return -1;
			while (ops[no - 1] != '(')
				if (ref_apply(vals, &nv, ops[--no]) != 0)
					return -1;
			no--;
			depth--;
			break;
		default:
			if (want_value)
				return -1;
			while (no > 0 && ops[no - 1] != '(' &&
			    ref_prec(ops[no - 1]) >= ref_prec(t[i].op))
				if (ref_apply(vals, &nv, ops[--no]) != 0)
					return -1;
			ops[no++] = t[i].op;
			want_value = true;
			break;
		}
	}
	if (want_value || depth != 0)
		return -1;
	while (no > 0)
		if (ref_apply(vals, &nv, ops[--no]) != 0)
			return -1;
	if (relative) {
		*out = vals[0] < 0 ? 0 : vals[0] > UINT64_MAX ? UINT64_MAX :
		    (uint64_t)vals[0];
		return 0;
	}
	if (vals[0] < 0 || vals[0] > UINT64_MAX)
		return -1;
	*out = (uint64_t)vals[0];
	return 0;
}

/* ref_stack with room for the tokens of S: 0 with *out, or -1. */
static int
ref_eval(const char *s, const struct offexpr_env *env, uint64_t *out)
{
	/* A token is at least a byte: one entry per byte is enough. */
	size_t		 len = strlen(s) + 2;
	struct ref_tok	*t = xcalloc(len, sizeof *t);
	ref_int		*vals = xcalloc(len, sizeof *vals);
	char		*ops = xcalloc(len, 1);
	int		 rc;

	rc = ref_stack(s, env, t, vals, ops, out);
	free(ops);
	free(vals);
	free(t);
	return rc;
}

/* Check a failure's CAUSE for S: there, printable, naming a column. */
static void
check_cause(const char *s, char *cause)
{
	FUZZ_CHECK(cause != NULL && cause[0] != '\0');
	for (const char *p = cause; *p != '\0'; p++)
		FUZZ_CHECK(*p >= 0x20 && *p <= 0x7e);
	while (ref_space((unsigned char)*s))
		s++;
	FUZZ_CHECK(*s == '\0' || strncmp(cause, "column ", 7) == 0);
	free(cause);
}

/* Evaluate the input at every cursor/size pair and compare. */
int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char	*s = malloc(size + 1);

	memcpy(s, data, size);
	s[size] = '\0';
	for (size_t i = 0; i < sizeof fuzz_at / sizeof fuzz_at[0]; i++) {
		struct offexpr_env	 env = { fuzz_at[i][0], fuzz_at[i][1],
					    fuzz_mark, fuzz_field, NULL };
		uint64_t		 got = 0, want = 0, plain = 0, old;
		char			*cause = NULL;
		int			 rc, ref;

		rc = offexpr_eval_env(s, &env, &got, &cause);
		ref = ref_eval(s, &env, &want);
		FUZZ_CHECK(rc == ref);
		if (rc == 0) {
			FUZZ_CHECK(got == want);
			FUZZ_CHECK(cause == NULL);
		} else
			check_cause(s, cause);

		/* Without marks and fields: offexpr_eval, same reference. */
		env.mark = NULL;
		env.field = NULL;
		cause = NULL;
		rc = offexpr_eval(s, env.cursor, env.size, &plain, &cause);
		FUZZ_CHECK(rc == ref_eval(s, &env, &want));
		if (rc == 0)
			FUZZ_CHECK(plain == want && cause == NULL);
		else
			check_cause(s, cause);
		/* Without a cause pointer the verdict is the same. */
		FUZZ_CHECK(offexpr_eval(s, env.cursor, env.size, &plain,
		    NULL) == rc);

		/* Every goto the old grammar took means what it meant. */
		if (ref_old(s, env.cursor, env.size, &old) == 0)
			FUZZ_CHECK(rc == 0 && plain == old);
	}
	free(s);
	return 0;
}
