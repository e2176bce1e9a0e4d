/* SPDX-License-Identifier: ISC */
/*
 * replay.c - the player of `livehex replay` (issue 14): a recording's
 * changes stored into a memfd at their recorded times.
 *
 * What it owns: a record reader (record.h), the memfd that holds the
 * image the viewer shows (created here, written only here, with pwrite
 * and ftruncate on the player's own descriptor), and the player's clock
 * state: playing or not, the speed, and an anchor (the recording time
 * BASE_POS at the wall time BASE_NOW) from which the position is
 * computed.  The viewer opens the memfd read-only (replay_door), so no
 * key of the viewer can store into it; the player stands in for the
 * recorded writer.
 *
 * Invariants:
 *  - the memfd holds the image at the position, except for changes that
 *    are due but not yet applied (replay_tick applies them);
 *  - the reader runs one change ahead at most: record_next applies a
 *    change to the reader's image when it hands it over, so the next
 *    change is taken early (to know when it is due) and kept in PEND,
 *    bytes copied, until it is stored into the memfd;
 *  - AT_END: the reader has nothing more (the end, or damage);
 *  - HOLD implies paused: a hold (a break fired, issue 14) keeps the
 *    memfd as the viewer's break saw it, so the changes due up to the
 *    position stay unstored until playing resumes.
 *
 * A seek rebuilds the reader's image (record_seek) and stores into the
 * memfd only the bytes that differ, so the viewer highlights what a seek
 * changed and nothing else.  How it fails: a failed pwrite or ftruncate
 * (no memory) is a cause; damage is not an error while playing, it is
 * the end (REPLAY_DAMAGED) and replay_damage says where.
 */
#include "config.h"

#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include "door.h"
#include "record.h"
#include "replay.h"
#include "xmalloc.h"

/* The readable name of the player's memfd (/proc/PID/fd). */
#define REPLAY_MEMFD	"livehex-replay"
/* Bytes compared at a time when a seek looks for what differs. */
#define REPLAY_CHUNK	65536

struct replay {
	struct record_reader	*rd;
	int			 fd;		/* the memfd, read-write */
	uint64_t		 size;		/* the memfd's size */
	bool			 playing;
	bool			 hold;		/* paused owing nothing
						   (replay_hold) */
	bool			 stepped;	/* paused at a step: owing
						   nothing either */
	double			 speed;
	uint64_t		 base_pos;	/* recording ms at ... */
	uint64_t		 base_now;	/* ... this wall ms */
	/* The next change, taken from the reader but not yet stored. */
	bool			 have_pend;
	struct record_event	 pend;		/* bytes point into PBUF */
	uint8_t			*pbuf;
	size_t			 pcap;
	bool			 at_end;	/* the reader has no more */
};

/* Store LEN bytes of B at OFF into the memfd; 0, or -1 with *cause. */
static int
replay_write(struct replay *p, const uint8_t *b, uint64_t len, uint64_t off,
    char **cause)
{
	ssize_t	n;

	while (len > 0) {
		n = pwrite(p->fd, b, len > (1u << 30) ? (1u << 30) :
		    (size_t)len, (off_t)off);
		if (n == -1 && errno == EINTR)
			continue;
		if (n <= 0)
			return cause_set(cause, "cannot store into the replay's "
			    "image: %s", n == 0 ? "no room" : strerror(errno));
		b += n;
		off += (uint64_t)n;
		len -= (uint64_t)n;
	}
	return 0;
}

/* Make the memfd SIZE bytes long; 0, or -1 with *cause. */
static int
replay_resize(struct replay *p, uint64_t size, char **cause)
{
	if (ftruncate(p->fd, (off_t)size) == -1)
		return cause_set(cause, "cannot resize the replay's image to "
		    "%" PRIu64 " bytes: %s", size, strerror(errno));
	p->size = size;
	return 0;
}

/*
 * Make the memfd hold the reader's image, storing only what differs
 * (runs of differing bytes); REPLAY_APPLIED when anything did, or -1.
 */
static int
replay_sync(struct replay *p, char **cause)
{
	uint64_t	 size, off, common;
	const uint8_t	*img = record_image(p->rd, &size);
	uint8_t		*buf = xmalloc(REPLAY_CHUNK);
	int		 r = 0;

	common = size < p->size ? size : p->size;
	if (size != p->size) {
		if (replay_resize(p, size, cause) == -1)
			goto fail;
		r = REPLAY_APPLIED;
		/* Grown bytes are zeros: compared below like the rest. */
		common = size;
	}
	for (off = 0; off < common; off += REPLAY_CHUNK) {
		size_t	n = common - off < REPLAY_CHUNK ?
			    (size_t)(common - off) : REPLAY_CHUNK, i = 0, j;
		ssize_t	got = pread(p->fd, buf, n, (off_t)off);

		if (got != (ssize_t)n) {
			cause_set(cause, "cannot read the replay's image: %s",
			    got == -1 ? strerror(errno) : "short read");
			goto fail;
		}
		while (i < n) {
			if (buf[i] == img[off + i]) {
				i++;
				continue;
			}
			for (j = i; j < n && buf[j] != img[off + j]; j++)
				;
			if (replay_write(p, img + off + i, j - i, off + i,
			    cause) == -1)
				goto fail;
			r = REPLAY_APPLIED;
			i = j;
		}
	}
	free(buf);
	return r;
fail:
	free(buf);
	return -1;
}

/* Open the recording PATH at AT_MS into a new memfd, paused. */
struct replay *
replay_open(const char *path, uint64_t at_ms, char **cause)
{
	struct replay	*p = xcalloc(1, sizeof *p);
	char		*c = NULL;

	p->fd = -1;
	p->speed = 1.0;
	p->rd = record_open(path, cause);
	if (p->rd == NULL)
		goto fail;
	if (record_seek(p->rd, at_ms, &c) == -1) {
		cause_set(cause, "%s", c);
		free(c);
		goto fail;
	}
	p->fd = memfd_create(REPLAY_MEMFD, MFD_CLOEXEC);
	if (p->fd == -1) {
		cause_set(cause, "cannot make room for the image: "
		    "memfd_create: %s", strerror(errno));
		goto fail;
	}
	if (replay_sync(p, cause) == -1)
		goto fail;
	p->base_pos = at_ms == UINT64_MAX ? record_end(p->rd) : at_ms;
	return p;
fail:
	replay_free(p);
	return NULL;
}

/* Close the recording and the memfd descriptor. */
void
replay_free(struct replay *p)
{
	if (p == NULL)
		return;
	record_close(p->rd);
	if (p->fd != -1)
		close(p->fd);
	free(p->pbuf);
	free(p);
}

/* A read-only door on the memfd, named NAME. */
struct door *
replay_door(struct replay *p, const char *name, char **cause)
{
	struct door	*d;
	char		 proc[64];
	char		*why;

	/* The door opens by path; our descriptor keeps the memfd alive. */
	snprintf(proc, sizeof proc, "/proc/self/fd/%d", p->fd);
	d = door_open(proc, DOOR_RDONLY, cause);
	if (d == NULL)
		return NULL;
	door_set_name(d, name);
	why = xasprintf("%s is a recording being replayed", name);
	door_set_readonly_reason(d, why);
	free(why);
	return d;
}

/* The position at NOW (not clamped to the end). */
static uint64_t
replay_clock(const struct replay *p, uint64_t now)
{
	double	d;

	if (!p->playing || now <= p->base_now)
		return p->base_pos;
	d = (double)(now - p->base_now) * p->speed;
	if (d >= (double)(UINT64_MAX - p->base_pos))
		return UINT64_MAX;
	return p->base_pos + (uint64_t)d;
}

/* Anchor the clock at POS, NOW. */
static void
replay_anchor(struct replay *p, uint64_t pos, uint64_t now)
{
	p->base_pos = pos;
	p->base_now = now;
}

/* Play from NOW on. */
void
replay_play(struct replay *p, uint64_t now)
{
	p->hold = p->stepped = false;
	if (p->playing)
		return;
	replay_anchor(p, p->base_pos, now);
	p->playing = true;
}

/* Pause at NOW's position (never past the end). */
void
replay_pause(struct replay *p, uint64_t now)
{
	if (!p->playing)
		return;
	replay_anchor(p, replay_pos(p, now), now);
	p->playing = false;
}

/* Pause at NOW's position owing nothing: what is due stays unstored. */
void
replay_hold(struct replay *p, uint64_t now)
{
	replay_pause(p, now);
	p->hold = true;
}

/* True while held (replay_hold) and not played or sought since. */
bool
replay_held(const struct replay *p)
{
	return p->hold;
}

/* True while playing. */
bool
replay_playing(const struct replay *p)
{
	return p->playing;
}

/* Set the speed from NOW on. */
void
replay_set_speed(struct replay *p, double speed, uint64_t now)
{
	replay_anchor(p, replay_pos(p, now), now);
	if (!(speed >= REPLAY_SPEED_MIN))	/* NaN too */
		speed = REPLAY_SPEED_MIN;
	if (speed > REPLAY_SPEED_MAX)
		speed = REPLAY_SPEED_MAX;
	p->speed = speed;
}

/* The speed. */
double
replay_speed(const struct replay *p)
{
	return p->speed;
}

/* The position at NOW, never past the end. */
uint64_t
replay_pos(const struct replay *p, uint64_t now)
{
	uint64_t	t = replay_clock(p, now), end = record_end(p->rd);

	return t > end ? end : t;
}

/* The recording's end. */
uint64_t
replay_end(const struct replay *p)
{
	return record_end(p->rd);
}

/* Why the recording cannot be read further, or NULL. */
const char *
replay_damage(const struct replay *p)
{
	return record_damage(p->rd);
}

/* Take the next change from the reader into PEND; 0, or -1 with *cause. */
static int
replay_fetch(struct replay *p, char **cause)
{
	struct record_event	ev;
	int			r;

	if (p->have_pend || p->at_end)
		return 0;
	r = record_next(p->rd, &ev, cause);
	if (r == -1)
		return -1;
	if (r == 0) {
		p->at_end = true;
		return 0;
	}
	p->pend = ev;
	if (ev.kind == RECORD_EV_BYTES) {
		/* EV's bytes live until the next record_next: keep a copy. */
		if (ev.len > p->pcap) {
			free(p->pbuf);
			p->pcap = (size_t)ev.len;
			p->pbuf = xmalloc(p->pcap);
		}
		memcpy(p->pbuf, ev.bytes, (size_t)ev.len);
		p->pend.bytes = p->pbuf;
	}
	p->have_pend = true;
	return 0;
}

/* Store PEND into the memfd; 0, or -1 with *cause. */
static int
replay_apply(struct replay *p, char **cause)
{
	const struct record_event *ev = &p->pend;

	p->have_pend = false;
	if (ev->kind == RECORD_EV_SIZE)
		return replay_resize(p, ev->size, cause);
	return replay_write(p, ev->bytes, ev->len, ev->off, cause);
}

/* What reaching the end means: paused at it, END (and DAMAGED). */
static int
replay_ended(struct replay *p, uint64_t now)
{
	replay_anchor(p, record_end(p->rd), now);
	p->playing = false;
	return REPLAY_END | (record_damage(p->rd) != NULL ? REPLAY_DAMAGED : 0);
}

/*
 * Store every change due at NOW; paused too, for a pause can come
 * between two ticks and the changes up to its position are still owed.
 */
int
replay_tick(struct replay *p, uint64_t now, char **cause)
{
	uint64_t	t = replay_clock(p, now);
	int		r = 0;

	/*
	 * Held: the memfd stays the image the break fired on.  Stepped:
	 * the step stored the change at the position and every one before
	 * it; another change of the same millisecond is the next step's.
	 */
	if (p->hold || p->stepped)
		return 0;
	for (;;) {
		if (replay_fetch(p, cause) == -1)
			return -1;
		if (!p->have_pend || p->pend.t_ms > t)
			break;
		if (replay_apply(p, cause) == -1)
			return -1;
		r |= REPLAY_APPLIED;
	}
	/* Said once: paused at the end, the end is not news again. */
	if (p->playing && !p->have_pend && t >= record_end(p->rd))
		r |= replay_ended(p, now);
	return r;
}

/* Wall ms from NOW until replay_tick has work, or -1 while paused. */
int64_t
replay_due_in(struct replay *p, uint64_t now)
{
	uint64_t	t, due;
	double		ms;
	char		*c = NULL;

	if (replay_fetch(p, &c) == -1) {
		free(c);
		return 0;	/* replay_tick says what went wrong */
	}
	due = p->have_pend ? p->pend.t_ms : record_end(p->rd);
	t = replay_clock(p, now);
	/* Paused: only changes owed from before the pause are due. */
	if (!p->playing)
		return !p->hold && !p->stepped && p->have_pend && due <= t ?
		    0 : -1;
	if (due <= t)
		return 0;
	ms = (double)(due - t) / p->speed;
	/* Round up: waking before it is due would only wake again. */
	return ms >= (double)INT32_MAX ? INT32_MAX : (int64_t)ms +
	    ((double)(int64_t)ms < ms);
}

/* Store exactly the next change. */
int
replay_step(struct replay *p, uint64_t now, char **cause)
{
	uint64_t	pos = replay_pos(p, now);

	if (replay_fetch(p, cause) == -1)
		return -1;
	if (!p->have_pend)
		return replay_ended(p, now);
	/* A change recorded before the position (a seek ahead of it) is
	   never pending; its time is where the player now stands. */
	if (p->pend.t_ms > pos)
		pos = p->pend.t_ms;
	if (replay_apply(p, cause) == -1)
		return -1;
	replay_anchor(p, pos, now);
	p->stepped = !p->playing;
	return REPLAY_APPLIED;
}

/* Make the memfd the image at T_MS; playing goes on from there. */
int
replay_seek(struct replay *p, uint64_t t_ms, uint64_t now, char **cause)
{
	char	*c = NULL;
	int	 bad, r;

	p->have_pend = p->at_end = p->hold = p->stepped = false;
	bad = record_seek(p->rd, t_ms, &c);
	r = replay_sync(p, cause);
	if (r == -1) {
		free(c);
		return -1;
	}
	if (bad == -1) {
		cause_set(cause, "%s", c);
		free(c);
		replay_anchor(p, record_pos(p->rd), now);
		p->playing = false;
		return -1;
	}
	replay_anchor(p, t_ms > record_end(p->rd) ? record_end(p->rd) : t_ms,
	    now);
	return r;
}

/* Seconds to one decimal ("12.3 s"), C locale, into BUF. */
static const char *
replay_secs(uint64_t ms, char *buf, size_t len)
{
	snprintf(buf, len, "%" PRIu64 ".%" PRIu64 " s", ms / 1000,
	    ms % 1000 / 100);
	return buf;
}

/* "replay 12.3 s / 60.0 s  x2  playing" into BUF. */
const char *
replay_describe(struct replay *p, uint64_t now, char *buf, size_t len)
{
	char	pos[32], end[32];

	snprintf(buf, len, "replay %s / %s  x%g  %s",
	    replay_secs(replay_pos(p, now), pos, sizeof pos),
	    replay_secs(record_end(p->rd), end, sizeof end), p->speed,
	    p->playing ? "playing" : record_damage(p->rd) != NULL &&
	    p->at_end ? "paused at the damage" : "paused");
	return buf;
}

/*
 * Parse a speed: decimal digits with an optional fraction, "x" first.
 * Why integers: the text is N / 10^K exactly (12 digits fit), so the
 * bounds are decided exactly ("0.015625", the 1/64 the cause names, was
 * refused when the fraction was summed digit by digit in floating
 * point), and the value is one correctly rounded division.
 */
int
replay_parse_speed(const char *s, double *speed, char **cause)
{
	const char	*q = s;
	uint64_t	 n = 0, den = 1;
	int		 digits = 0;

	if (*q == 'x')
		q++;
	for (; *q >= '0' && *q <= '9'; q++)
		if (++digits <= 12)
			n = n * 10 + (uint64_t)(*q - '0');
	if (*q == '.')
		for (q++; *q >= '0' && *q <= '9'; q++)
			if (++digits <= 12) {
				n = n * 10 + (uint64_t)(*q - '0');
				den *= 10;
			}
	if (digits == 0 || *q != '\0' || digits > 12)
		return cause_set(cause, "not a speed: a factor such as 2, 0.5 "
		    "or x4");
	/* 1/64 <= n/den <= 1024, in integers (n < 10^12: no overflow). */
	if (n * 64 < den || n > (uint64_t)REPLAY_SPEED_MAX * den)
		return cause_set(cause, "the speed must be from 1/64 (0.015625) "
		    "to %g", REPLAY_SPEED_MAX);
	*speed = (double)n / (double)den;
	return 0;
}
