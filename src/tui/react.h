/* SPDX-License-Identifier: ISC */
/*
 * react.h - what an action asks of the loop: the REACT_* bits.
 *
 * Every action of the viewer (the app's, and the features' below it:
 * edit, fields, strip) returns an OR of these; the loop (loop.c) acts on
 * them.  They live here, below every module, so that a feature can say
 * what changed without knowing the app (app.h names the same bits
 * APP_*, for the app's own actions and the tables).
 */
#ifndef LIVEHEX_REACT_H
#define LIVEHEX_REACT_H

#define REACT_REDRAW	0x01	/* something on screen changed */
#define REACT_RESNAP	0x02	/* the window moved: copy it again now */
#define REACT_QUIT	0x04	/* leave the loop */
#define REACT_ACTIVE	0x08	/* the user is here: tick fast for a while */
#define REACT_RELAYOUT	0x10	/* geometry must be recomputed */
#define REACT_SUSPEND	0x20	/* ^Z: give the terminal back and stop */
#define REACT_FRESH	0x40	/* the redraw shows news (a store, a key) */

#endif
