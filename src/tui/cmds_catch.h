/* SPDX-License-Identifier: ISC */
/*
 * cmds_catch.h - the ':' commands of issue 15 (catch the moment): their
 * functions, for rows of cmds.c's one command table.
 */
#ifndef LIVEHEX_CMDS_CATCH_H
#define LIVEHEX_CMDS_CATCH_H

struct app;

/* :break COND */
int	cmds_catch_break(struct app *a, const char *args);
/* :breaks */
int	cmds_catch_breaks(struct app *a, const char *args);
/* :delete N|all */
int	cmds_catch_delete(struct app *a, const char *args);
/* :continue */
int	cmds_catch_continue(struct app *a, const char *args);
/* :bell on|off */
int	cmds_catch_bell(struct app *a, const char *args);
/* :pin EXPR [NAME] */
int	cmds_catch_pin(struct app *a, const char *args);
/* :unpin N|all */
int	cmds_catch_unpin(struct app *a, const char *args);
/* :freeze EXPR VALUE */
int	cmds_catch_freeze(struct app *a, const char *args);
/* :unfreeze [N] */
int	cmds_catch_unfreeze(struct app *a, const char *args);

#endif
