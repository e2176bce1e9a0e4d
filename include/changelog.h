/* SPDX-License-Identifier: ISC */
/*
 * changelog.h - the most recent changes of a live session, in a bounded
 * ring: what the viewer's log panel lists (time, offset, old -> new).
 *
 * A change log subscribes to a session (live.h) and keeps one entry per
 * change event: bytes another process changed (BYTES: old and new bytes
 * when a window saw them, neither when the page map did), our own stores
 * (STORE) and size changes (SIZE).  Entries live in one ring of a fixed
 * number of bytes (default 16 MiB); the oldest are dropped to make room,
 * and counted.  An entry keeps at most a quarter of the ring's bytes: the
 * bytes of a bigger change are cut (kept < len) but its range is whole.
 *
 * Cost model: an entry takes 48 bytes plus twice its kept bytes (rounded
 * up to 8), so the default ring holds about 300,000 one-word changes.
 * Adding is O(1) amortised (plus the copy); reading entry I is O(1).
 *
 * Hazards: the pointers in an entry are valid until the next change is
 * added (which may overwrite it); copy what must outlive that.
 */
#ifndef LIVEHEX_CHANGELOG_H
#define LIVEHEX_CHANGELOG_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "live.h"

struct changelog;

/* The ring's size when 0 is asked for: 16 MiB. */
#define CHANGELOG_DEFAULT	(16u * 1024 * 1024)
/* The smallest ring (a smaller size is raised to it). */
#define CHANGELOG_MIN		4096u

/* One change, newest first from changelog_get. */
struct changelog_entry {
	enum live_kind		 kind;		/* BYTES, STORE or SIZE */
	enum live_source	 source;	/* who found it */
	uint64_t		 at_ms;		/* the session's clock */
	uint64_t		 off, len;	/* BYTES, STORE: the range */
	size_t			 kept;		/* bytes of old/new kept from
						   OFF (< len: cut) */
	const uint8_t		*old;		/* kept bytes before, or NULL
						   when unknown */
	const uint8_t		*new;		/* kept bytes after, or NULL */
	uint64_t		 old_size;	/* SIZE */
	uint64_t		 new_size;
};

/* A log in a ring of BYTES bytes (0: CHANGELOG_DEFAULT). */
struct changelog *changelog_new(size_t bytes);
/* Stop listening (when attached) and free; NULL is ignored. */
void		 changelog_free(struct changelog *c);
/* Listen to session L from now on (one session at a time). */
void		 changelog_attach(struct changelog *c, struct live *l);
/* Stop listening. */
void		 changelog_detach(struct changelog *c);
/* Add EV (BYTES, STORE, SIZE; other kinds are ignored): the subscriber. */
void		 changelog_add(struct changelog *c, const struct live_event *ev);
/* Entries held now. */
size_t		 changelog_count(const struct changelog *c);
/* Entries dropped to make room since the log began. */
uint64_t	 changelog_dropped(const struct changelog *c);
/* Bytes of the ring in use (entries and the end left over at a wrap). */
size_t		 changelog_used(const struct changelog *c);
/* The ring's size. */
size_t		 changelog_capacity(const struct changelog *c);
/* Entry I, 0 the newest, into *E; false when I >= changelog_count. */
bool		 changelog_get(const struct changelog *c, size_t i,
		    struct changelog_entry *e);
/* Forget every entry (the dropped count stays). */
void		 changelog_clear(struct changelog *c);

#endif
