/* SPDX-License-Identifier: ISC */
/*
 * edit_priv.h - what edit.c and edit_undo.c share: the edit state's
 * insides.  Not for callers: they see edit.h alone (include it first:
 * this header uses its enums and does not include it, so that the two
 * headers make no include circle).
 */
#ifndef LIVEHEX_EDIT_PRIV_H
#define LIVEHEX_EDIT_PRIV_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "status.h"

struct door;

/* The edit state, behind edit_new / edit_free. */
struct edit {
	struct live	*live;		/* the session: door and store path */
	struct journal	*journal;	/* our edits: undo, redo, unsynced */
	struct nav	*nav;		/* the view's cursor */
	struct status	*status;	/* where messages go */
	bool		 sync_on_edit;	/* --sync-on-edit: msync each edit */
	enum edit_mode	 mode;		/* R enters edit mode, Esc leaves */
	enum edit_pane	 pane;		/* Tab switches */
	int		 pending;	/* first hex digit typed, or -1 */
	uint64_t	 pending_off;	/* the byte that digit was typed at */
	bool		 run;		/* an edit run is being recorded */
	uint64_t	 run_next;	/* where the run's next byte goes */
	uint64_t	 run_bytes;	/* bytes stored by the run so far */
	enum edit_ask	 ask;		/* a question is on the status line */
};

/* The session's door now (a reopen replaces it). */
struct door	*edit_door(const struct edit *e);
/* Set the status-line message (printf-style). */
void		 edit_msg(struct edit *e, enum status_kind kind,
		    const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Refuse an edit of LEN bytes at OFF when it cannot be made; true if so. */
bool		 edit_refused(struct edit *e, uint64_t off, size_t len);
/*
 * After a completed edit: --sync-on-edit; REACT_* bits.  *SYNC (may be
 * NULL): 0 when nothing was synced, 1 when a sync worked, -1 when it
 * failed (either way its message is set).
 */
int		 edit_after(struct edit *e, int *sync);

#endif
