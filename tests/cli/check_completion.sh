#!/bin/sh
# SPDX-License-Identifier: ISC
# check_completion.sh - the bash completion (completion/livehex.bash) loads
# in a plain bash (no bash-completion package) and completes subcommands,
# options, types and shm:/pid: sources.  TAP on stdout; skips without bash.
script="${srcdir:-.}/completion/livehex.bash"
if ! command -v bash >/dev/null 2>&1; then
	echo "1..0 # SKIP the completion test needs bash"
	exit 0
fi
shm="livehex-comp-test-$$"
: > "/dev/shm/$shm" 2>/dev/null || shm=""
# Not exec: this shell stays to run the trap that removes the shm object.
trap 'test -n "$shm" && rm -f "/dev/shm/$shm"' EXIT
bash --norc --noprofile -c '
script=$1 shm=$2 n=0 failed=0
# complete LINE: COMPREPLY for the cursor at the end of LINE, one per line.
complete_line() {
	COMP_LINE=$1 COMP_POINT=${#1} COMPREPLY=()
	_livehex
	printf "%s\n" "${COMPREPLY[@]}"
}
# expect NAME LINE WANT...: every WANT is among the completions.
expect() {
	local name=$1 line=$2 got w ok=1
	shift 2
	got=$(complete_line "$line")
	for w in "$@"; do
		printf "%s\n" "$got" | grep -qxF -- "$w" || ok=0
	done
	n=$((n + 1))
	if [ $ok = 1 ]; then echo "ok $n - $name"
	else echo "not ok $n - $name: got [$(echo $got)], want [$*]"
		failed=1; fi
}
# expect_not NAME LINE BAD: BAD is not among the completions.
expect_not() {
	local got
	got=$(complete_line "$2")
	n=$((n + 1))
	if printf "%s\n" "$got" | grep -qxF -- "$3"; then
		echo "not ok $n - $1: [$(echo $got)] has $3"; failed=1
	else echo "ok $n - $1"; fi
}
echo "1..22"
if ! . "$script" 2>/tmp/comp-load.$$; then
	echo "Bail out! $script does not load: $(cat /tmp/comp-load.$$)"
	exit 1
fi
rm -f /tmp/comp-load.$$
n=$((n + 1))
if complete -p livehex | grep -q _livehex; then echo "ok $n - loads and registers _livehex"
else echo "not ok $n - complete -p livehex"; failed=1; fi
expect "subcommands" "livehex d" dump demo
expect "every subcommand" "livehex " dump poke peek load watch list demo record replay help
expect "help CMD" "livehex help p" poke peek
expect "viewer options" "livehex --re" --readonly
expect "options after SOURCE" "livehex f.bin --sy" --sync-on-edit
expect "dump options" "livehex dump -" -s -l -c -g -u -p -i -b -e -a -C -n \
	--help --version
expect "load options" "livehex load --d" --dry-run
expect "demo options" "livehex demo --les" --lesson --lessons
expect "lesson names" "livehex demo --lesson a" ab-vs-wb atomic
expect "peek types" "livehex peek f 0 f6" f64 f64le f64be
expect "poke TYPE: prefixes" "livehex poke f 0 u3" u32: u32le: u32be:
expect_not "no types for SOURCE" "livehex peek u3" u32
# Ours is there: bare when it is the only match, else with its name.
got=$(complete_line "livehex pid:$$")
n=$((n + 1))
if printf "%s\n" "$got" | grep -qx "$$\( (bash)\)\{0,1\}"; then
	echo "ok $n - pid: sources"
else echo "not ok $n - pid: sources: [$(echo $got)]"; failed=1; fi
if [ -n "$shm" ]; then
	expect "shm: names from /dev/shm" "livehex shm:livehex-comp-te" "$shm"
	expect "dump -p is a flag, not -p PID" \
	    "livehex dump -p shm:livehex-comp-te" "$shm"
else
	n=$((n + 1)); echo "ok $n # SKIP /dev/shm not writable"
	n=$((n + 1)); echo "ok $n # SKIP /dev/shm not writable"
fi
expect "source prefixes" "livehex sy" "sysv:"
expect "viewer --session" "livehex --sess" --session
expect "--session takes a file" "livehex --session /et" /etc
expect_not "--session FILE: no source prefixes" "livehex --session sy" "sysv:"
expect "--session FILE is no SOURCE" "livehex --session s.lhs sy" "sysv:"
# The zsh one: at least it parses (zsh is not needed to build livehex).
n=$((n + 1))
zscript=${script%/*}/_livehex
if ! command -v zsh >/dev/null 2>&1; then
	echo "ok $n # SKIP zsh not installed: _livehex not parsed"
elif zsh -n "$zscript"; then echo "ok $n - _livehex parses in zsh"
else echo "not ok $n - zsh -n $zscript"; failed=1; fi
exit $failed
' bash "$script" "$shm"
