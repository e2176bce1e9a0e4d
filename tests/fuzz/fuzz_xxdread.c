/* SPDX-License-Identifier: ISC */
/*
 * fuzz_xxdread.c - libFuzzer target for xxdread.h, the dump parser of
 * `livehex load`.
 *
 * Input: read two ways.  (1) The whole input as dump text, parsed at base
 * 0 and at a base near 2^64.  (2) The input's bytes dumped by xxdfmt (the
 * formatter `livehex dump` uses) as rows or plain, with -c, -g and -u taken
 * from the first bytes, then parsed back.
 *
 * What it checks, beyond "no crash, no leak, no undefined behaviour":
 *  - a parse that succeeds has records in order, none empty, none
 *    overlapping, every offset + length below 2^64, their bytes laid end
 *    to end (at is the sum of the lengths before), every row but the last
 *    as wide as the first; a parse that fails leaves the result empty and
 *    its cause starts with "LINE:COL: ";
 *  - a successful parse written back (rows as "%08x: " and pairs, plain as
 *    bare pairs) parses to the same records and bytes;
 *  - whatever livehex dump prints for any bytes parses back to exactly
 *    those bytes at their offsets.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "xxdfmt.h"
#include "xxdread.h"

/* The invariants of a successful parse. */
static void
fuzz_invariants(const struct xxdread *r)
{
	size_t	at = 0;

	for (size_t i = 0; i < r->nrecs; i++) {
		const struct xxdread_rec	*c = &r->recs[i];

		FUZZ_CHECK(c->len > 0);
		FUZZ_CHECK(c->at == at);
		FUZZ_CHECK(UINT64_MAX - c->off >= c->len);
		if (i > 0) {
			const struct xxdread_rec *p = &r->recs[i - 1];

			FUZZ_CHECK(c->off >= p->off + p->len);
			FUZZ_CHECK(c->line > p->line);
			if (!r->plain)
				FUZZ_CHECK(p->len == r->recs[0].len);
		}
		if (!r->plain && i > 0)
			FUZZ_CHECK(c->len <= r->recs[0].len);
		at += c->len;
	}
	FUZZ_CHECK(at == r->nbytes);
}

/* R written back as a dump; malloc'd, *len bytes. */
static char *
fuzz_write_back(const struct xxdread *r, uint64_t base, size_t *len)
{
	char	*out = malloc(r->nbytes * 3 + r->nrecs * 24 + 1), *p = out;

	FUZZ_CHECK(out != NULL);
	for (size_t i = 0; i < r->nrecs; i++) {
		const struct xxdread_rec	*c = &r->recs[i];

		if (!r->plain)
			p += sprintf(p, "%08llx: ",
			    (unsigned long long)(c->off - base));
		for (size_t k = 0; k < c->len; k++)
			p += sprintf(p, "%02x%s", r->bytes[c->at + k],
			    !r->plain && k % 2 == 1 ? " " : "");
		*p++ = '\n';
	}
	*len = (size_t)(p - out);
	return out;
}

/* Parse TEXT at BASE and check it; a successful parse is written back. */
static void
fuzz_text(const char *text, size_t len, uint64_t base)
{
	struct xxdread	 r, again;
	char		*cause = NULL, *back;
	size_t		 blen;

	if (xxdread_parse(text, len, base, &r, &cause) != 0) {
		unsigned	line, col;
		int		n = 0;

		FUZZ_CHECK(r.nrecs == 0 && r.recs == NULL && r.bytes == NULL);
		FUZZ_CHECK(cause != NULL);
		FUZZ_CHECK(sscanf(cause, "%u:%u: %n", &line, &col, &n) == 2 &&
		    n > 0 && line >= 1 && col >= 1);
		free(cause);
		return;
	}
	fuzz_invariants(&r);
	back = fuzz_write_back(&r, base, &blen);
	FUZZ_CHECK(xxdread_parse(back, blen, base, &again, NULL) == 0);
	/* An empty dump reads as rows; written back it is still empty. */
	FUZZ_CHECK(again.nrecs == r.nrecs && again.nbytes == r.nbytes);
	if (r.nbytes > 0)
		FUZZ_CHECK(memcmp(again.bytes, r.bytes, r.nbytes) == 0);
	for (size_t i = 0; i < r.nrecs; i++)
		FUZZ_CHECK(again.recs[i].off == r.recs[i].off &&
		    again.recs[i].len == r.recs[i].len);
	xxdread_free(&again);
	xxdread_free(&r);
	free(back);
}

/* Dump DATA as `livehex dump` would, parse it back: the same bytes. */
static void
fuzz_dump(const uint8_t *data, size_t size)
{
	struct xxdfmt_opts	 o;
	struct xxdfmt		 f;
	struct xxdread		 r;
	uint64_t		 off;
	char			*out;
	size_t			 n;

	if (size < 4)
		return;
	memset(&o, 0, sizeof o);
	o.mode = data[0] & 1 ? XXDFMT_PLAIN : XXDFMT_HEX;
	o.cols = o.mode == XXDFMT_PLAIN ? data[1] : (uint64_t)data[1] + 1;
	o.cols_given = true;
	o.group = data[2];
	o.group_given = true;
	o.flags = data[0] & 2 ? XXDFMT_UPPER : 0;
	/* Rows may start past 4 GiB, where the offset takes more digits. */
	off = data[0] & 4 ? 0xfffffff0ULL : 0;
	data += 4;
	size -= 4;
	FUZZ_CHECK(xxdfmt_init(&f, &o, NULL) == 0);
	out = malloc(xxdfmt_bound(&f, size) + xxdfmt_edge_bound(&f) * 2 + 1);
	FUZZ_CHECK(out != NULL);
	n = xxdfmt_head(&f, out);
	n += xxdfmt_format(&f, off, data, size, out + n);
	n += xxdfmt_tail(&f, out + n);
	FUZZ_CHECK(xxdread_parse(out, n, o.mode == XXDFMT_PLAIN ? off : 0,
	    &r, NULL) == 0);
	FUZZ_CHECK(r.nbytes == size);
	if (size > 0) {
		FUZZ_CHECK(memcmp(r.bytes, data, size) == 0);
		FUZZ_CHECK(r.recs[0].off == off);
	}
	fuzz_invariants(&r);
	xxdread_free(&r);
	xxdfmt_free(&f);
	free(out);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_text((const char *)data, size, 0);
	fuzz_text((const char *)data, size, UINT64_MAX - 300);
	fuzz_dump(data, size);
	return 0;
}
