/* SPDX-License-Identifier: ISC */
/*
 * check_scan_kern.c - every specialised scan kernel (scan.c: one per
 * kind, width and byte order, each predicate its own loop) against a
 * plain reference on random data.
 *
 * For each of the 18 types, each first step (record, == != < > V) and
 * each following step (all nine predicates, twice, with random stores
 * between them), the scan's candidates and their values must be the
 * reference's: a model that decodes each value the slow, obvious way
 * and compares by kind.  Values come from a small pool per type (random
 * bytes, zero, all ones, the sign bit: NaN and -0 for floats), so
 * equalities and the uniform `==` first step happen often; the range
 * starts and ends off the type's alignment, budgets are random so steps
 * resume mid-word, and both forms (bitmap and list) are reached for
 * every type.
 */
#include "config.h"

#include <check.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "door.h"
#include "scan.h"
#include "testutil.h"
#include "timeout.h"
#include "value.h"

#define KSIZE	(8192 + 40)	/* the file */
#define KOFF	3		/* the scanned range: [KOFF, KSIZE - 5) */
#define KEND	(KSIZE - 5)
#define KPOOL	8

static const char *const ktypes[] = {
	"u8", "i8", "u16le", "u16be", "i16le", "i16be", "u32le", "u32be",
	"i32le", "i32be", "u64le", "u64be", "i64le", "i64be", "f32le",
	"f32be", "f64le", "f64be",
};

/* A small deterministic generator (xorshift64), so a failure repeats. */
static uint64_t
krand(uint64_t *st)
{
	*st ^= *st << 13;
	*st ^= *st >> 7;
	*st ^= *st << 17;
	return *st;
}

/* The W bytes at P as an unsigned number in T's byte order. */
static uint64_t
kget(const struct value_type *t, const uint8_t *p)
{
	uint64_t	x = 0;

	for (unsigned k = 0; k < t->width; k++)
		x |= (uint64_t)p[t->big ? t->width - 1 - k : k] << (8 * k);
	return x;
}

/* The reference order of A and B as T: -1, 0, 1, or 2 (unordered). */
static int
kcmp(const struct value_type *t, const uint8_t *a, const uint8_t *b)
{
	uint64_t	ua = kget(t, a), ub = kget(t, b);
	unsigned	sh = 64 - 8 * t->width;
	double		fa, fb;

	if (t->kind == VALUE_UINT)
		return ua < ub ? -1 : ua > ub;
	if (t->kind == VALUE_INT) {
		/* Move the sign bit to the top, compare as int64. */
		int64_t	ia = (int64_t)(ua << sh), ib = (int64_t)(ub << sh);

		return ia < ib ? -1 : ia > ib;
	}
	if (t->width == 4) {
		uint32_t	xa = (uint32_t)ua, xb = (uint32_t)ub;
		float		ga, gb;

		memcpy(&ga, &xa, 4);
		memcpy(&gb, &xb, 4);
		fa = ga;
		fb = gb;
	} else {
		memcpy(&fa, &ua, 8);
		memcpy(&fb, &ub, 8);
	}
	return fa < fb ? -1 : fa > fb ? 1 : fa == fb ? 0 : 2;
}

/* Whether the reference keeps a value NOW (PREV before) under OP, V. */
static bool
kkeep(const struct value_type *t, enum scan_op op, const uint8_t *now,
    const uint8_t *prev, const uint8_t *v)
{
	switch (op) {
	case SCAN_ANY:
		return true;
	case SCAN_EQ:
		return kcmp(t, now, v) == 0;
	case SCAN_NE:
		return kcmp(t, now, v) != 0;
	case SCAN_LT:
		return kcmp(t, now, v) == -1;
	case SCAN_GT:
		return kcmp(t, now, v) == 1;
	case SCAN_CHANGED:
		return memcmp(now, prev, t->width) != 0;
	case SCAN_UNCHANGED:
		return memcmp(now, prev, t->width) == 0;
	case SCAN_INCREASED:
		return kcmp(t, now, prev) == 1;
	default:
		return kcmp(t, now, prev) == -1;
	}
}

/* The model: the file's bytes, the candidates, their last values. */
struct kmodel {
	struct value_type	 t;
	uint8_t			 file[KSIZE];
	uint8_t			 pool[KPOOL][8];
	bool			 cand[KSIZE];	/* by slot */
	uint8_t			 prev[KSIZE][8];
	uint64_t		 base, nslots;
	int			 fd;
	struct door		*d;
	uint64_t		 st;
	unsigned		 lists, bitmaps;
};

/* Store a pool value at slot I of the model's file (and the file). */
static void
kput(struct kmodel *m, uint64_t i)
{
	const uint8_t	*v = m->pool[krand(&m->st) % KPOOL];
	uint64_t	 at = m->base + i * m->t.width;

	memcpy(m->file + at, v, m->t.width);
	ck_assert_int_eq(pwrite(m->fd, v, m->t.width, (off_t)at),
	    (ssize_t)m->t.width);
}

/* Text for V (a pool value that is not NaN, else "0"). */
static void
kvalue(struct kmodel *m, char *out, size_t len, uint8_t *v)
{
	const uint8_t	*p = m->pool[krand(&m->st) % KPOOL];

	value_decode(&m->t, p, out, len);
	if (strstr(out, "nan") != NULL)
		snprintf(out, len, "0");
	ck_assert_int_eq(value_encode(&m->t, out, v, NULL), 0);
}

/* One step OP on S and the model; then compare every candidate. */
static void
kstep(struct kmodel *m, struct scan *s, enum scan_op op)
{
	char		 text[64] = "", *cause = NULL;
	uint8_t		 v[8] = { 0 };
	bool		 needs_v = op == SCAN_EQ || op == SCAN_NE ||
			     op == SCAN_LT || op == SCAN_GT;
	uint64_t	 n = 0, got, *offs = malloc(sizeof *offs * KSIZE);
	uint8_t		 (*vals)[8] = malloc(sizeof *vals * KSIZE);
	int		 rc;

	if (needs_v)
		kvalue(m, text, sizeof text, v);
	if (scan_is_bitmap(s))
		m->bitmaps++;
	else
		m->lists++;
	ck_assert_msg(scan_begin(s, op, needs_v ? text : NULL, &cause) == 0,
	    "%s", cause);
	while ((rc = scan_run(s, m->d, 1 + krand(&m->st) % 3000, &cause)) ==
	    0)
		;
	ck_assert_msg(rc == 1, "%s", cause);
	for (uint64_t i = 0; i < m->nslots; i++) {
		const uint8_t	*now = m->file + m->base + i * m->t.width;

		if (!m->cand[i])
			continue;
		m->cand[i] = kkeep(&m->t, op, now, m->prev[i], v);
		memcpy(m->prev[i], now, m->t.width);
		n += m->cand[i];
	}
	ck_assert_uint_eq(scan_count(s), n);
	got = scan_list(s, 0, offs, vals, KSIZE);
	ck_assert_uint_eq(got, n);
	for (uint64_t k = 0, i = 0; k < got; k++, i++) {
		while (!m->cand[i])
			i++;
		ck_assert_uint_eq(offs[k], m->base + i * m->t.width);
		ck_assert_msg(memcmp(vals[k], m->prev[i], m->t.width) == 0,
		    "%s: the value at %#llx", m->t.name,
		    (unsigned long long)offs[k]);
	}
	free(offs);
	free(vals);
}

/* Fill the pool with random values and the edge patterns. */
static void
kpool(struct kmodel *m)
{
	unsigned	w = m->t.width;

	for (unsigned p = 0; p < KPOOL; p++)
		for (unsigned k = 0; k < 8; k++)
			m->pool[p][k] = (uint8_t)krand(&m->st);
	memset(m->pool[0], 0, 8);
	memset(m->pool[1], 0xff, 8);		/* -1, max; a NaN */
	memset(m->pool[2], 0, 8);		/* the sign bit: min; -0 */
	m->pool[2][m->t.big ? 0 : w - 1] = 0x80;
	m->pool[3][m->t.big ? 0 : w - 1] &= 0x7f;	/* positive */
}

START_TEST(kernels_match_the_reference)
{
	static struct kmodel	 m;
	struct scan		*s;
	char			*cause = NULL, *path;
	enum scan_op		 second;

	memset(&m, 0, sizeof m);
	ck_assert_int_eq(value_type_parse(ktypes[_i], &m.t, NULL), 0);
	m.st = 0x9e3779b97f4a7c15ULL + (uint64_t)_i;
	kpool(&m);
	path = tu_file("scankern", m.file, KSIZE);
	m.fd = open(path, O_RDWR);
	ck_assert_int_ne(m.fd, -1);
	m.d = door_open(path, DOOR_RDONLY, &cause);
	ck_assert_msg(m.d != NULL, "%s", cause);
	m.base = (KOFF + m.t.width - 1) / m.t.width * m.t.width;
	m.nslots = (KEND - m.base) / m.t.width;
	for (uint64_t i = 0; i < m.nslots; i++)
		kput(&m, i);
	for (enum scan_op first = SCAN_ANY; first <= SCAN_GT; first++)
		for (enum scan_op op = SCAN_ANY; op <= SCAN_DECREASED;
		    op++) {
			s = scan_new(&m.t, KOFF, KEND - KOFF, &cause);
			ck_assert_msg(s != NULL, "%s", cause);
			for (uint64_t i = 0; i < m.nslots; i++)
				m.cand[i] = true;
			kstep(&m, s, first);
			/* A quarter of the values change between steps. */
			for (uint64_t i = 0; i < m.nslots; i++)
				if (krand(&m.st) % 4 == 0)
					kput(&m, i);
			kstep(&m, s, op);
			for (uint64_t i = 0; i < m.nslots; i++)
				if (krand(&m.st) % 4 == 0)
					kput(&m, i);
			second = (enum scan_op)(SCAN_CHANGED + krand(&m.st) %
			    4);
			kstep(&m, s, op == SCAN_ANY ? second :
			    (enum scan_op)((op + 1) % (SCAN_DECREASED + 1)));
			scan_free(s);
		}
	/* Both forms ran the kernels for this type. */
	ck_assert_uint_gt(m.bitmaps, 0);
	ck_assert_uint_gt(m.lists, 0);
	door_close(m.d);
	close(m.fd);
	unlink(path);
	free(path);
}
END_TEST

/* Run the suite; exit status is the verdict. */
int
main(void)
{
	Suite	*s = suite_create("scan_kern");
	TCase	*tc = timeout_tcase("scan_kern", TIMEOUT_UNIT);

	tcase_add_loop_test(tc, kernels_match_the_reference, 0,
	    (int)(sizeof ktypes / sizeof ktypes[0]));
	suite_add_tcase(s, tc);
	return tu_run_suite(s);
}
