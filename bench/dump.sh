#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/dump.sh - throughput of `livehex dump` against xxd (not a test).
#
#   bench/dump.sh LIVEHEX
#
# Creates a random file of $BENCH_MB MiB (default 256) in $TMPDIR, reads it
# once so it sits in the page cache, then times `xxd FILE >/dev/null` and
# `LIVEHEX dump FILE >/dev/null` alternately, $BENCH_RUNS rounds (default 5,
# at least 3), so drift in the machine hits both alike.  Prints the median
# seconds and MB/s (10^6 bytes per second of input) of each and the ratio.
# Timing uses hyperfine (one run of each command per round, output to
# /dev/null) when it is installed, else date +%s.%N around each run.
#
# Environment: BENCH_MB, BENCH_RUNS, TMPDIR, XXD (default: xxd on PATH),
# BENCH_NO_HYPERFINE=1 to force the plain timing loop, BENCH_ARGS for
# options given to both (e.g. BENCH_ARGS=-p; split on spaces).
set -eu

usage() {
	echo "usage: $0 LIVEHEX" >&2
	exit 2
}

[ $# -eq 1 ] || usage
livehex=$1
[ -x "$livehex" ] || { echo "$0: $livehex: not executable" >&2; exit 2; }
xxd=${XXD:-xxd}
command -v "$xxd" >/dev/null 2>&1 || { echo "$0: $xxd: not found" >&2; exit 2; }
mb=${BENCH_MB:-256}
runs=${BENCH_RUNS:-5}
args=${BENCH_ARGS:-}
[ "$runs" -ge 3 ] || runs=3

work=$(mktemp -d "${TMPDIR:-/tmp}/livehex-bench.XXXXXX")
trap 'rm -rf "$work"' EXIT INT TERM
file=$work/random.bin
bytes=$((mb * 1024 * 1024))

echo "creating $mb MiB of random data in $file"
head -c "$bytes" /dev/urandom >"$file"
cat "$file" >/dev/null			# into the page cache

# A wrong dump is not worth timing: compare the first MiB of output.
# shellcheck disable=SC2086 # $args: options, split on purpose
"$livehex" dump $args -l 1048576 "$file" >"$work/lh.head"
# shellcheck disable=SC2086
"$xxd" $args -l 1048576 "$file" | cmp -s - "$work/lh.head" ||
    { echo "$0: livehex dump output differs from xxd" >&2; exit 1; }

# Print the seconds one run of "$@" takes, output to /dev/null.
time_once() {
	t0=$(date +%s.%N)
	"$@" >/dev/null
	t1=$(date +%s.%N)
	echo "$t0 $t1" | awk '{ printf "%.6f\n", $2 - $1 }'
}

use_hyperfine=no
if [ "${BENCH_NO_HYPERFINE:-0}" != 1 ] && command -v hyperfine >/dev/null 2>&1
then
	use_hyperfine=yes
fi
echo "timing $runs alternating rounds ($([ $use_hyperfine = yes ] &&
    echo hyperfine || echo 'date +%s.%N'))"

: >"$work/xxd.times"
: >"$work/livehex.times"
i=1
while [ "$i" -le "$runs" ]; do
	if [ $use_hyperfine = yes ]; then
		# -N: no shell in between; hyperfine sends output to /dev/null.
		hyperfine -N --runs 1 --style none \
		    --export-json "$work/round.json" \
		    "'$xxd' $args '$file'" "'$livehex' dump $args '$file'" \
		    >/dev/null 2>&1
		# Two results in command order; with one run, mean = the run.
		sed -n 's/^ *"mean": *\([0-9.e+-]*\),*$/\1/p' \
		    "$work/round.json" >"$work/round.txt"
		sed -n 1p "$work/round.txt" >>"$work/xxd.times"
		sed -n 2p "$work/round.txt" >>"$work/livehex.times"
	else
		# shellcheck disable=SC2086
		time_once "$xxd" $args "$file" >>"$work/xxd.times"
		# shellcheck disable=SC2086
		time_once "$livehex" dump $args "$file" >>"$work/livehex.times"
	fi
	printf '  round %d: xxd %.3f s, livehex %.3f s\n' "$i" \
	    "$(tail -n 1 "$work/xxd.times")" "$(tail -n 1 "$work/livehex.times")"
	i=$((i + 1))
done

# The median of the numbers in file $1.
median() {
	sort -g "$1" | awk '{ v[NR] = $1 }
	    END { if (NR % 2) print v[(NR + 1) / 2];
		  else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

mx=$(median "$work/xxd.times")
ml=$(median "$work/livehex.times")
awk -v mx="$mx" -v ml="$ml" -v args="$args" -v bytes="$bytes" -v mb="$mb" -v runs="$runs" '
BEGIN {
	printf "\n%d MiB, page cache, output to /dev/null, median of %d%s:\n",
	    mb, runs, args == "" ? "" : ", options " args
	printf "  xxd           %8.3f s  %9.1f MB/s\n", mx, bytes / mx / 1e6
	printf "  livehex dump  %8.3f s  %9.1f MB/s\n", ml, bytes / ml / 1e6
	printf "  ratio         %8.1fx\n", mx / ml
}'
