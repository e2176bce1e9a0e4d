#!/bin/sh
# SPDX-License-Identifier: ISC
# check_completion_help.sh - the bash completion offers exactly the options
# each command's --help lists.
#
# --help is generated from the table the parser reads (src/cli/cli.c), so
# it is the list of options livehex takes; completion/livehex.bash keeps
# its own lists by hand.  For the viewer and every subcommand, the options
# completed after "-" must be the options in `livehex CMD --help` (plus
# --version, which the help names in its text): one missing from the
# completion, or one the completion offers that livehex does not take,
# fails.  TAP on stdout; skips without bash or outside make check.
script="${srcdir:-.}/completion/livehex.bash"
if ! command -v bash >/dev/null 2>&1; then
	echo "1..0 # SKIP the completion test needs bash"
	exit 0
fi
if [ -z "${LIVEHEX:-}" ]; then
	echo "1..0 # SKIP run from make check (LIVEHEX is not set)"
	exit 0
fi
exec bash --norc --noprofile -c '
script=$1 n=0 failed=0
if ! . "$script"; then
	echo "Bail out! $script does not load"
	exit 1
fi
# The options `livehex CMD --help` lists: the left column of its option
# lines ("  -c, --cols N   ..."), and --version.
help_options() {
	"$LIVEHEX" $1 --help | sed -n "s/^  \(-[^ ].*\)/\1/p" |
	    sed "s/  .*//" | tr " ," "\n\n" | grep -- "^-"
	echo --version
}
# The options bash completes for "livehex CMD -".
completed() {
	COMP_LINE="livehex $1${1:+ }-" COMP_POINT=${#COMP_LINE} COMPREPLY=()
	COMP_POINT=${#COMP_LINE}
	_livehex
	printf "%s\n" "${COMPREPLY[@]}"
}
cmds=("" dump poke peek load watch list demo)
echo "1..${#cmds[@]}"
for c in "${cmds[@]}"; do
	n=$((n + 1))
	want=$(help_options "$c" | LC_ALL=C sort -u)
	got=$(completed "$c" | LC_ALL=C sort -u)
	if [ -z "$want" ]; then
		echo "not ok $n - livehex ${c:-(viewer)} --help lists no options"
		failed=1
	elif [ "$want" = "$got" ]; then
		echo "ok $n - livehex ${c:-(viewer)}: completion = --help ($(echo $want))"
	else
		echo "not ok $n - livehex ${c:-(viewer)}: completion [$(echo $got)], --help [$(echo $want)]"
		failed=1
	fi
done
exit $failed
' bash "$script"
