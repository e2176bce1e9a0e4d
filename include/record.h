/* SPDX-License-Identifier: ISC */
/*
 * record.h - recordings of a shared file: write them, read them, seek.
 *
 * A recording (FILE.lhrec, docs/record-format.md) is a header, the file's
 * initial image, then blocks of timestamped changes ("deltas": bytes that
 * changed, size changes), with periodic keyframes (the whole image again)
 * so that a reader can seek without replaying from the start, and an end
 * block.  Every block is compressed with zstd and carries an XXH3
 * checksum.  Times are milliseconds since the recording started.
 *
 * The writer keeps its own copy of the file's image: a change is handed
 * over as "these bytes are at OFF now" (a page the change map found
 * different, a window's run) and only the bytes that differ from the copy
 * are recorded.  The writer decides when to close a delta block and when
 * a keyframe is due (docs/record-format.md says the policy).
 *
 * The reader keeps one image in memory, at one position (a time); seeking
 * forward replays the deltas from there, seeking back starts from the
 * last keyframe at or before the time.  record_next steps one change at a
 * time (for a replay viewer).  A damaged recording (truncated, a checksum
 * that does not match, a block that makes no sense) is read up to the
 * damage: record_damage says where and why, record_end says up to when.
 *
 * Hazards:
 *  - Both sides hold the whole image in memory: a recording of a 4 GiB
 *    file needs 4 GiB.
 *  - Polling sees only what differs between two looks (live.h): a
 *    recording holds what the recorder saw, not every store.
 *  - Errors come back as malloc'd cause strings; nothing here prints.
 */
#ifndef LIVEHEX_RECORD_H
#define LIVEHEX_RECORD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct record_writer;
struct record_reader;

/* The recording format's version (docs/record-format.md). */
#define RECORD_VERSION		1
/* The name recordings end with: FILE.lhrec. */
#define RECORD_SUFFIX		".lhrec"

/* record_create() flags. */
#define RECORD_FORCE		0x1	/* replace an existing FILE */

/* What record_change and friends return. */
enum record_rc {
	RECORD_OK = 0,		/* recorded */
	RECORD_FULL = 1,	/* --max-size reached: finish now */
	RECORD_ERROR = -1,	/* a write failed: *cause */
};

/* The writer's policy knobs; zeros mean the defaults. */
struct record_limits {
	uint64_t	max_size;	/* bytes the recording may reach; 0: no
					   limit */
	size_t		block_bytes;	/* close a delta block at this many raw
					   bytes (default 1 MiB) */
	uint64_t	block_ms;	/* ... or this long after its first
					   change (default 1000) */
	uint64_t	key_bytes;	/* keyframe once this many raw delta
					   bytes were written since the last
					   (default: once the delta blocks
					   since take 1.5 times the room the
					   last keyframe took, at least
					   4 MiB) */
	uint64_t	key_ms;		/* ... or once a delta block closes
					   this long after the last keyframe
					   (default: never by time) */
};

/* What the writer has done so far (progress lines, the summary). */
struct record_stats {
	uint64_t	changes;	/* runs of changed bytes recorded */
	uint64_t	changed_bytes;	/* their bytes */
	uint64_t	sizes;		/* size changes */
	uint64_t	keyframes;	/* including the initial image */
	uint64_t	blocks;		/* every block written */
	uint64_t	written;	/* bytes of the recording so far */
};

/*
 * Create the recording PATH (O_EXCL unless RECORD_FORCE) for SOURCE and
 * write its header and initial image: SIZE bytes of IMAGE at time 0.
 * WALL_NS is the wall clock at time 0 (ns since the epoch).  NULL with
 * *cause (a file that exists says to use --force).
 */
struct record_writer *record_create(const char *path, int flags,
		    const char *source, uint64_t wall_ns, const uint8_t *image,
		    uint64_t size, const struct record_limits *lim,
		    char **cause);
/*
 * The file holds the LEN bytes BYTES at OFF at time T_MS (never before the
 * last change's time): record the runs that differ from the writer's copy
 * (runs up to 8 equal bytes apart are one).  Bytes past the image's size
 * are ignored (record_size first).
 */
enum record_rc	 record_change(struct record_writer *w, uint64_t t_ms,
		    uint64_t off, const uint8_t *bytes, size_t len,
		    char **cause);
/* The file's size became SIZE at T_MS (grown bytes are zeros until a
   change says otherwise). */
enum record_rc	 record_size(struct record_writer *w, uint64_t t_ms,
		    uint64_t size, char **cause);
/* Close the open delta block if it is due at NOW_MS (its age). */
enum record_rc	 record_tick(struct record_writer *w, uint64_t now_ms,
		    char **cause);
/*
 * Write what is pending and the end block stamped END_MS, and close the
 * file (also after RECORD_FULL), and say in *ST (when not NULL) what was
 * written in all.  0, or -1 with *cause; W is freed either way.
 */
int		 record_finish(struct record_writer *w, uint64_t end_ms,
		    struct record_stats *st, char **cause);
/* Close without an end block (tests of truncation); W is freed. */
void		 record_abandon(struct record_writer *w);
/* What the writer has done so far. */
struct record_stats record_writer_stats(const struct record_writer *w);
/* The writer's copy of the image (*size bytes). */
const uint8_t	*record_writer_image(const struct record_writer *w,
		    uint64_t *size);

/* ---- reading ------------------------------------------------------------ */

/* One change, as record_next hands it over. */
struct record_event {
	enum {
		RECORD_EV_BYTES,	/* LEN bytes at OFF became BYTES */
		RECORD_EV_SIZE,		/* the size became SIZE */
	}		 kind;
	uint64_t	 t_ms;
	uint64_t	 off, len;
	const uint8_t	*bytes;		/* valid until the next call */
	uint64_t	 size;
};

/*
 * Open the recording PATH and index its blocks (reading block headers,
 * not their contents), positioned at time 0 (the initial image).  NULL
 * with *cause when it is not a recording, of another version, or damaged
 * before the initial image is whole.  Damage later is not an error:
 * record_damage.
 */
struct record_reader *record_open(const char *path, char **cause);
/* As record_open on a recording in memory (the fuzzer). */
struct record_reader *record_open_mem(const uint8_t *buf, size_t len,
		    char **cause);
/* Close; NULL is ignored. */
void		 record_close(struct record_reader *r);
/* The SOURCE that was recorded (as given to record_create). */
const char	*record_source(const struct record_reader *r);
/* The wall clock at time 0, ns since the epoch. */
uint64_t	 record_wall_ns(const struct record_reader *r);
/*
 * The time of the last change that can be read (the end block's time in
 * an undamaged recording), in ms.  Grows no further once damage is found.
 */
uint64_t	 record_end(const struct record_reader *r);
/* True when the recording has its end block (it was finished). */
bool		 record_complete(const struct record_reader *r);
/*
 * Why the recording cannot be read past some point, or NULL: "damaged at
 * byte N (block K): why; readable up to 12.5 s".  May appear after a seek
 * or step reaches the damage, and change when damage before it is found;
 * valid until the next call on R.
 */
const char	*record_damage(const struct record_reader *r);
/*
 * Make the image the file as it was at T_MS (every change at or before
 * it; UINT64_MAX: the end).  0, or -1 with *cause when damage stops it
 * before T_MS (the image is then the last readable state).
 */
int		 record_seek(struct record_reader *r, uint64_t t_ms,
		    char **cause);
/*
 * The keyframes below the damage, from the index built at open: their
 * count, and with I < that count the time of the I-th (0: the initial
 * image at 0).
 */
size_t		 record_keys(const struct record_reader *r);
uint64_t	 record_key_time(const struct record_reader *r, size_t i);
/* The time of the keyframe a seek to T_MS starts from (when it goes back). */
uint64_t	 record_seek_key(const struct record_reader *r, uint64_t t_ms);
/* The time the image stands at (the last seek's, or the last event's). */
uint64_t	 record_pos(const struct record_reader *r);
/*
 * Apply the next change and describe it in *EV: 1, 0 at the end (or at
 * damage: record_damage), -1 with *cause on an allocation-free failure.
 */
int		 record_next(struct record_reader *r, struct record_event *ev,
		    char **cause);
/* The image at the current position, *size bytes. */
const uint8_t	*record_image(const struct record_reader *r, uint64_t *size);

/*
 * Parse a recording time: "end", or seconds (decimal, e.g. "2.5", up to
 * millisecond precision) into *t_ms (UINT64_MAX for end).  0, or -1 with
 * *cause.
 */
int		 record_parse_time(const char *s, uint64_t *t_ms,
		    char **cause);
/* Format T_MS as seconds ("12.5 s", C locale) into BUF of LEN. */
const char	*record_fmt_time(uint64_t t_ms, char *buf, size_t len);

#endif
