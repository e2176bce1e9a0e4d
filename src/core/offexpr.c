/* SPDX-License-Identifier: ISC */
/*
 * offexpr.c - offset expressions typed at the viewer's goto prompt.
 *
 * A thin layer over number.c: strip blanks, recognise the prefix or
 * suffix that gives the expression its meaning, parse the number with the
 * shared grammar (so errors read the same everywhere), then apply it.
 */
#include "config.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "number.h"
#include "offexpr.h"
#include "xmalloc.h"

/* Evaluate S given the CURSOR and SIZE; 0, or -1 with *cause. */
int
offexpr_eval(const char *s, uint64_t cursor, uint64_t size, uint64_t *out,
    char **cause)
{
	char		*t, *p, *end;
	uint64_t	 v;
	int		 rc = -1;
	char		 kind = '=';

	while (isspace((unsigned char)*s))
		s++;
	t = xstrdup(s);
	end = t + strlen(t);
	while (end > t && isspace((unsigned char)end[-1]))
		*--end = '\0';
	p = t;
	if (*p == '\0') {
		cause_set(cause, "empty offset (try 0x1000, +16, -16, 50%% "
		    "or $)");
		goto out;
	}
	if (strcmp(p, "$") == 0) {
		*out = size == 0 ? 0 : size - 1;
		rc = 0;
		goto out;
	}
	if (*p == '+' || *p == '-') {
		kind = *p++;
		if (*p == '\0') {
			cause_set(cause, "\"%c\": a number must follow the sign",
			    kind);
			goto out;
		}
	} else if (end[-1] == '%') {
		kind = '%';
		*--end = '\0';
	}
	if (number_parse_u64(p, &v, kind == '%' ? 0 : NUMBER_SUFFIX,
	    cause) == -1)
		goto out;
	switch (kind) {
	case '+':
		*out = v > UINT64_MAX - cursor ? UINT64_MAX : cursor + v;
		break;
	case '-':
		*out = v > cursor ? 0 : cursor - v;
		break;
	case '%':
		if (v > 100) {
			cause_set(cause, "\"%s%%\": a percentage is 0 to 100",
			    p);
			goto out;
		}
		/* size / 100 * v would lose the remainder on small files. */
		*out = (uint64_t)((unsigned __int128)size * v / 100);
		break;
	default:
		*out = v;
		break;
	}
	rc = 0;
out:
	free(t);
	return rc;
}
