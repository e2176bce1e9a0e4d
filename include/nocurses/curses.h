/* SPDX-License-Identifier: ISC */
/*
 * <curses.h> as the core sees it: an error.  include/nocurses/ comes first on
 * the core's include path only (liblivehex_a_CPPFLAGS in Makefile.am), so a
 * core file that includes curses fails to compile; tests/check_layering.sh
 * proves it in make check.  The front ends (src/cli, src/tui) never see
 * this directory and get the real header.
 */
#error "the core never includes curses: <curses.h> belongs in src/tui (docs/design.md, layers)"
