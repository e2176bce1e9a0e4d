/* SPDX-License-Identifier: ISC */
/*
 * record_time.c - recording times as people write them: "2.5", "end",
 * "12.5 s" (record.h).  Apart from record_read.c, which uses them in its
 * messages, so that the reader stays under the size limit; nothing here
 * touches a recording.  Milliseconds are the finest unit; the C locale's
 * decimal point always.
 */
#include "config.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "record.h"
#include "xmalloc.h"

/* Format T_MS as seconds, "12.5 s". */
const char *
record_fmt_time(uint64_t t_ms, char *buf, size_t len)
{
	uint64_t	ms = t_ms % 1000;

	if (ms == 0)
		snprintf(buf, len, "%" PRIu64 " s", t_ms / 1000);
	else if (ms % 100 == 0)
		snprintf(buf, len, "%" PRIu64 ".%" PRIu64 " s", t_ms / 1000,
		    ms / 100);
	else if (ms % 10 == 0)
		snprintf(buf, len, "%" PRIu64 ".%02" PRIu64 " s", t_ms / 1000,
		    ms / 10);
	else
		snprintf(buf, len, "%" PRIu64 ".%03" PRIu64 " s", t_ms / 1000,
		    ms);
	return buf;
}

/* Parse "end" or decimal seconds into milliseconds. */
int
record_parse_time(const char *s, uint64_t *t_ms, char **cause)
{
	uint64_t	sec = 0, ms = 0;
	const char	*p = s;
	int		digits = 0, frac = 0;

	if (strcmp(s, "end") == 0) {
		*t_ms = UINT64_MAX;
		return 0;
	}
	for (; *p >= '0' && *p <= '9'; p++, digits++) {
		if (sec > (UINT64_MAX / 1000 - 9) / 10)
			return cause_set(cause, "the time %s is too large",
			    s);
		sec = sec * 10 + (uint64_t)(*p - '0');
	}
	if (*p == '.') {
		for (p++; *p >= '0' && *p <= '9'; p++, frac++) {
			if (frac >= 3)
				return cause_set(cause, "the time %s has more "
				    "than 3 decimals (milliseconds are the "
				    "finest)", s);
			ms = ms * 10 + (uint64_t)(*p - '0');
		}
		while (frac < 3 && frac > 0) {
			ms *= 10;
			frac++;
		}
		digits += frac;
	}
	if (*p != '\0' || digits == 0)
		return cause_set(cause, "%s is not a time: give seconds "
		    "(0, 2.5) or end", s);
	*t_ms = sec * 1000 + ms;
	return 0;
}
