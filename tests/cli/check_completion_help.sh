#!/bin/sh
# SPDX-License-Identifier: ISC
# check_completion_help.sh - the bash and zsh completions offer exactly the
# options each command's --help lists.
#
# --help is generated from the table the parser reads (src/cli/cli.c), so
# it is the list of options livehex takes; completion/livehex.bash keeps
# its own lists by hand.  For the viewer and every subcommand, the options
# completed after "-" must be the options in `livehex CMD --help` (plus
# --version, which the help names in its text): one missing from the
# completion, or one the completion offers that livehex does not take,
# fails.  The zsh completion (completion/_livehex) is read as text, so zsh
# is not needed: the option specs of each command's case, less their
# [help] and (exclusion) parts, and the standard -h, --help, --version.
# TAP on stdout; skips without bash or outside make check.
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
script=$1 zscript=${1%/*}/_livehex n=0 failed=0
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
# The options the zsh completion offers for CMD (the viewer is its "*)").
zsh_options() {
	local label=${1:-"*"}
	awk -v label="	$label)" \
	    "\$0 == label { on = 1; next } on && /^\t\t;;/ { exit } on" \
	    "$zscript" |
	    sed -e "s/_arguments -s//" -e "s/\[[^]]*\]//g" \
	    -e "s/'\''([^)]*)/'\''/g" |
	    grep -oE "(^|[ '\''{,])-{1,2}[A-Za-z][-A-Za-z]*" |
	    sed "s/^[^-]*//"
	printf "%s\n" -h --help --version
}
cmds=("" dump poke peek load watch list demo record replay)
echo "1..$((2 * ${#cmds[@]}))"
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
	n=$((n + 1))
	got=$(zsh_options "$c" | LC_ALL=C sort -u)
	if [ "$want" = "$got" ]; then
		echo "ok $n - livehex ${c:-(viewer)}: zsh completion = --help"
	else
		echo "not ok $n - livehex ${c:-(viewer)}: zsh completion [$(echo $got)], --help [$(echo $want)]"
		failed=1
	fi
done
exit $failed
' bash "$script"
