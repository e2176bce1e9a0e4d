#!/bin/sh
# SPDX-License-Identifier: ISC
# check_layering.sh - the build keeps curses out of the core.
#
# Makefile.am puts include/nocurses/ (headers that are one #error each)
# first on the core's include path, and passes the core's compiler and
# flags here as CORE_CC, CORE_CPPFLAGS and CORE_CFLAGS (AM_TESTS_ENVIRONMENT).
# With them, a probe source that includes a curses header must fail to
# compile with the poisoned header's message; a probe that includes only
# core headers must compile (so the failure is the poison, not the flags).
# Without the poison the curses probes compile (libncurses-dev is a build
# dependency) or fail for another reason, and this test fails.  TAP on
# stdout.
srcdir=${srcdir:-.}
if [ -z "${CORE_CC:-}" ]; then
	echo "1..0 # SKIP run from make check (CORE_CC is not set)"
	exit 0
fi
tmp=$(mktemp -d "${TMPDIR:-/tmp}/livehex-layering.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT
n=0
failed=0
poison="the core never includes curses"

# compile NAME SOURCE: compile SOURCE (text) with the core's flags; the
# compiler's status is the function's, its messages in $tmp/NAME.err.
compile() {
	printf '%s\n' "$2" > "$tmp/$1.c"
	# Word splitting of the flags is wanted: they are lists of words.
	# shellcheck disable=SC2086
	$CORE_CC $CORE_CPPFLAGS $CORE_CFLAGS -c "$tmp/$1.c" \
	    -o "$tmp/$1.o" 2> "$tmp/$1.err"
}

# refused NAME HEADER: a probe including HEADER and using A_BOLD fails
# with the poisoned header's message.
refused() {
	n=$((n + 1))
	if compile "$1" "#include \"config.h\"
#include <$2>
int probe_attr(void);
int probe_attr(void) { return (int)A_BOLD; }"; then
		echo "not ok $n - <$2> compiles in the core"
		failed=1
	elif ! grep -qF "$poison" "$tmp/$1.err"; then
		echo "not ok $n - <$2> fails, but not with the poison:"
		sed 's/^/# /' "$tmp/$1.err"
		failed=1
	else
		echo "ok $n - <$2> in a core file is a compile error"
	fi
}

echo "1..5"
n=$((n + 1))
if compile plain '#include "config.h"
#include <stdio.h>
#include "door.h"
#include "row.h"
int probe_plain(void);
int probe_plain(void) { return (int)sizeof(struct door_copy); }'; then
	echo "ok $n - a core probe without curses compiles with the core's flags"
else
	echo "not ok $n - a core probe without curses does not compile:"
	sed 's/^/# /' "$tmp/plain.err"
	failed=1
fi
refused curses curses.h
refused ncurses ncurses.h
refused ncursesw ncursesw/curses.h
refused term term.h
exit $failed
