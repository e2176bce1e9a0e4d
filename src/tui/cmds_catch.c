/* SPDX-License-Identifier: ISC */
/*
 * cmds_catch.c - the ':' commands of issue 15: :break, :breaks, :delete,
 * :continue, :bell, :pin, :unpin, :freeze, :unfreeze.
 *
 * Their rows are in cmds.c's one table (help, errors and Tab read them
 * there); these functions turn the typed arguments into calls on the
 * features below the app (brk.h) with what the app knows: the layout's
 * fields for paths and enum names in a condition, the file's size, the
 * session's clock.  Like every action they return APP_* bits and never
 * draw; no curses.
 */
#include "config.h"

#include <stdint.h>
#include <string.h>

#include "app.h"
#include "brk.h"
#include "cmds_catch.h"
#include "door.h"
#include "expr.h"
#include "fields.h"
#include "freeze.h"
#include "live.h"
#include "pins.h"

/* ARGS without its leading blanks. */
static const char *
cmds_catch_skip(const char *args)
{
	while (*args == ' ')
		args++;
	return args;
}

/*
 * The environment a condition typed in the viewer is parsed in: the
 * layout's full paths and enum names when one is loaded (as watch
 * --layout), and the file's size for "$" and "N%".
 */
static void
cmds_catch_env(const struct app *a, struct expr_env *env)
{
	const struct layout	*l = fields_layout(a->fields);

	memset(env, 0, sizeof *env);
	env->size = door_size(a->door);
	if (l != NULL) {
		env->field = expr_layout_path;
		env->field_bits = expr_layout_path_bits;	/* issue 15 */
		env->enumval = expr_layout_enum;
		/* expr's providers take a void *; they only read the layout. */
		env->arg = (void *)(uintptr_t)l;
	}
}

/* :break COND */
int
cmds_catch_break(struct app *a, const char *args)
{
	struct expr_env	env;

	args = cmds_catch_skip(args);
	if (*args == '\0') {
		app_msg(a, APP_MSG_ERROR, "usage: :break COND (such as "
		    ":break u32le@0x40 == 7; man livehex, CONDITIONS)");
		return APP_REDRAW;
	}
	cmds_catch_env(a, &env);
	return brk_add(a->brk, args, &env, live_now(a->live));
}

/* :breaks */
int
cmds_catch_breaks(struct app *a, const char *args)
{
	(void)args;
	return brk_list(a->brk);
}

/* :delete N|all */
int
cmds_catch_delete(struct app *a, const char *args)
{
	args = cmds_catch_skip(args);
	if (*args == '\0') {
		app_msg(a, APP_MSG_ERROR, "usage: :delete N|all (N as :breaks "
		    "numbers them)");
		return APP_REDRAW;
	}
	return brk_delete(a->brk, args);
}

/* :continue */
int
cmds_catch_continue(struct app *a, const char *args)
{
	(void)args;
	return app_continue(a);
}

/* :bell on|off */
int
cmds_catch_bell(struct app *a, const char *args)
{
	args = cmds_catch_skip(args);
	if (strcmp(args, "on") != 0 && strcmp(args, "off") != 0) {
		app_msg(a, APP_MSG_ERROR, "usage: :bell on|off (ring when a "
		    "break stops the view)");
		return APP_REDRAW;
	}
	brk_set_bell(a->brk, strcmp(args, "on") == 0);
	app_msg(a, APP_MSG_INFO, "bell %s: a break %s the terminal's bell",
	    args, strcmp(args, "on") == 0 ? "rings" : "no longer rings");
	return APP_REDRAW;
}

/* :pin EXPR [NAME] */
int
cmds_catch_pin(struct app *a, const char *args)
{
	struct expr_env	env;

	args = cmds_catch_skip(args);
	if (*args == '\0') {
		app_msg(a, APP_MSG_ERROR, "usage: :pin EXPR [NAME] (such as "
		    ":pin u32le@0x40 count)");
		return APP_REDRAW;
	}
	cmds_catch_env(a, &env);
	return pins_add(a->pins, args, &env, live_now(a->live));
}

/* :unpin N|all */
int
cmds_catch_unpin(struct app *a, const char *args)
{
	args = cmds_catch_skip(args);
	if (*args == '\0') {
		app_msg(a, APP_MSG_ERROR, "usage: :unpin N|all (N as the pins' "
		    "rows number them)");
		return APP_REDRAW;
	}
	return pins_remove(a->pins, args);
}

/* :freeze EXPR VALUE (refused while a break holds: cmds_run) */
int
cmds_catch_freeze(struct app *a, const char *args)
{
	struct expr_env	env;

	args = cmds_catch_skip(args);
	if (*args == '\0') {
		app_msg(a, APP_MSG_ERROR, "usage: :freeze EXPR VALUE (such as "
		    ":freeze u32le@0x40 7)");
		return APP_REDRAW;
	}
	cmds_catch_env(a, &env);
	/* A bitfield shares its bytes: storing them is refused (issue 15). */
	env.field_bits = NULL;
	return freeze_add(a->freeze, args, &env);
}

/* :unfreeze [N] */
int
cmds_catch_unfreeze(struct app *a, const char *args)
{
	return freeze_remove(a->freeze, args);
}
