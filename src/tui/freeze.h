/* SPDX-License-Identifier: ISC */
/*
 * freeze.h - frozen values in the viewer (:freeze EXPR VALUE, issue 15).
 *
 * A feature below the app (app.h): opaque state made with the session
 * and the status line, actions that return REACT_* bits, const getters
 * for the view.  A frozen value is one typed value (TYPE@OFFSET or a
 * field); whenever another process changes it, freeze_tick stores VALUE
 * there again through the one store path (store.h: exact width, one
 * atomic store when aligned) and says so.  Nothing is re-stored while
 * a break holds the view, nor after freeze_free (quit).  No curses here.
 */
#ifndef LIVEHEX_FREEZE_H
#define LIVEHEX_FREEZE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct expr_env;
struct freeze;
struct live;
struct status;

/* How many values one view may freeze. */
#define FREEZE_MAX	16

/* Make the (empty) set of session L's frozen values, saying things on ST. */
struct freeze	*freeze_new(struct live *l, struct status *st, bool utf8);
/* Stop re-storing and free F; NULL is ignored. */
void		 freeze_free(struct freeze *f);
/*
 * :freeze TEXT ("EXPR VALUE"): EXPR one typed value in ENV, VALUE a
 * number for its type; stored at once (refused on a read-only view);
 * says the outcome; REACT_* bits (RELAYOUT: a row more).
 */
int		 freeze_add(struct freeze *f, const char *text,
		    const struct expr_env *env);
/* :unfreeze N, or every one (ARG empty or "all"); REACT_* bits. */
int		 freeze_remove(struct freeze *f, const char *arg);
/*
 * After a look: store each frozen value again that another process
 * changed, unless HELD (a break holds the view); each re-store is said
 * on the status line.  REACT_* bits.
 */
int		 freeze_tick(struct freeze *f, bool held);

/* How many values are frozen. */
size_t		 freeze_count(const struct freeze *f);
/* session: value I's expression and VALUE as its type shows it. */
void		 freeze_get(const struct freeze *f, size_t i,
		    const char **expr, const char **value);
/* Row I for the view: "1 NAME := VALUE  N re-stores", into OUT. */
void		 freeze_row(const struct freeze *f, size_t i, char *out,
		    size_t outlen);

#endif
