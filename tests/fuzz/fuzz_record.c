/* SPDX-License-Identifier: ISC */
/*
 * fuzz_record.c - libFuzzer target for the recording reader (record.h).
 *
 * The input is a recording.  The reader is built for this target without
 * its checksum test (RECORD_NO_SUM: libFuzzer cannot forge XXH3, and the
 * checksum would stop it at the first block) and with small limits on
 * the image and on payloads (RECORD_IMAGE_MAX, RECORD_PAYLOAD_MAX), so
 * every field after it is reached: block headers, keyframe pieces, delta
 * records, sizes, times.
 *
 * Checks: opening either fails with a cause or succeeds with an image;
 * seeks to 0, the middle, the end and past it (and back) succeed or fail
 * with a cause, and after a successful seek the position is the time
 * asked for; stepping never goes back in time and every change lies
 * inside the image; damage, once found, has a message that says up to
 * when the recording can be read.
 */
#include "config.h"

#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "record.h"

/* Seek R to T and check what a seek promises. */
static void
fuzz_seek(struct record_reader *r, uint64_t t)
{
	char	*cause = NULL;

	if (record_seek(r, t, &cause) == 0) {
		FUZZ_CHECK(cause == NULL);
		if (t != UINT64_MAX)
			FUZZ_CHECK(record_pos(r) == t);
		FUZZ_CHECK(record_pos(r) <= record_end(r) ||
		    t != UINT64_MAX);
	} else
		FUZZ_CHECK(cause != NULL && cause[0] != '\0');
	free(cause);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct record_reader	*r;
	struct record_event	 ev;
	char			*cause = NULL;
	uint64_t		 end, last = 0, isize;
	const char		*d;
	int			 n = 0;

	r = record_open_mem(data, size, &cause);
	if (r == NULL) {
		FUZZ_CHECK(cause != NULL && cause[0] != '\0');
		free(cause);
		return 0;
	}
	FUZZ_CHECK(record_image(r, &isize) != NULL || isize == 0);
	end = record_end(r);
	fuzz_seek(r, end);
	fuzz_seek(r, end / 2);
	fuzz_seek(r, 0);
	fuzz_seek(r, UINT64_MAX);
	fuzz_seek(r, end + 1);
	fuzz_seek(r, 0);
	while (n++ < 100000 && record_next(r, &ev, NULL) == 1) {
		FUZZ_CHECK(ev.t_ms >= last);
		last = ev.t_ms;
		record_image(r, &isize);
		if (ev.kind == RECORD_EV_BYTES)
			FUZZ_CHECK(ev.off <= isize && ev.len <= isize - ev.off);
		else
			FUZZ_CHECK(ev.size == isize);
	}
	d = record_damage(r);
	if (d != NULL)
		FUZZ_CHECK(strstr(d, "readable up to") != NULL);
	record_close(r);
	return 0;
}
