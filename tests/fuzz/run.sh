#!/bin/sh
# SPDX-License-Identifier: ISC
# run.sh - run every libFuzzer target built by `make fuzz` for a fixed time.
#
#   sh tests/fuzz/run.sh DIR [SECONDS]
#
# Runs each DIR/fuzz_NAME for SECONDS (default 10) with -max_total_time,
# starting from a copy of its seed corpus tests/fuzz/corpus/NAME (the
# fuzz_scan_nosimd variant shares corpus/scan), made in a temporary
# directory so the corpus in the repository is never modified.  libFuzzer
# first runs every seed, so an input once saved there after a crash is a
# regression test from then on.
#
# FUZZ_JOBS targets run at once (default: the number of CPUs), so the
# wall time is about SECONDS x targets / FUZZ_JOBS; set FUZZ_JOBS=1 when
# the executions per target are the figure wanted.
#
# Prints one line per target (executions, executions per second, corpus
# size before -> after) and a total.  Exits non-zero when any target
# crashed, leaked, hit undefined behaviour or timed out; the temporary
# directory is then kept, and the log tail and the crashing input's path
# are printed: add that input to the seed corpus once the bug is fixed.
set -u

if [ $# -lt 1 ] || [ $# -gt 2 ]; then
	echo "usage: sh $0 DIR [SECONDS]" >&2
	exit 2
fi
dir=$1
secs=${2:-10}
jobs=${FUZZ_JOBS:-$(getconf _NPROCESSORS_ONLN 2>/dev/null || echo 1)}
case $secs$jobs in
''|*[!0-9]*) echo "run.sh: SECONDS and FUZZ_JOBS are whole numbers" >&2
	exit 2 ;;
esac
[ "$jobs" -ge 1 ] || jobs=1
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d "${TMPDIR:-/tmp}/livehex-fuzz.XXXXXX") || exit 1

# Run target BIN named NAME in $tmp/NAME; leaves "rc" and "log" there.
run_one() {
	name=$1
	bin=$2
	seeds=$here/corpus/$name
	[ -d "$seeds" ] || seeds=$here/corpus/${name%_nosimd}
	work=$tmp/$name
	mkdir -p "$work/corpus" "$work/crash"
	if [ -d "$seeds" ]; then
		cp "$seeds"/* "$work/corpus"/ 2>/dev/null
	fi
	ls "$work/corpus" | wc -l >"$work/before"
	"$bin" -max_total_time="$secs" -print_final_stats=1 -timeout=10 \
	    -rss_limit_mb=2048 -artifact_prefix="$work/crash/" \
	    "$work/corpus" >"$work/log" 2>&1
	echo $? >"$work/rc"
}

names=
running=0
for bin in "$dir"/fuzz_*; do
	[ -f "$bin" ] && [ -x "$bin" ] || continue
	name=${bin##*/fuzz_}
	names="$names $name"
	run_one "$name" "$bin" &
	running=$((running + 1))
	if [ $running -ge "$jobs" ]; then
		wait
		running=0
	fi
done
wait
if [ -z "$names" ]; then
	echo "run.sh: no fuzz_* targets in $dir (run make fuzz first)" >&2
	rm -rf "$tmp"
	exit 2
fi

failed=0
ran=0
total=0
printf '%-18s %12s %9s %16s  %s\n' target executions exec/s corpus result
for name in $names; do
	work=$tmp/$name
	rc=$(cat "$work/rc")
	before=$(cat "$work/before")
	after=$(ls "$work/corpus" | wc -l)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$work/log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$work/log")
	execs=${execs:-0}
	ran=$((ran + 1))
	total=$((total + execs))
	if [ "$rc" -eq 0 ]; then
		result=ok
	else
		result="FAILED (exit $rc)"
		failed=$((failed + 1))
	fi
	printf '%-18s %12s %9s %16s  %s\n' "fuzz_$name" "$execs" \
	    "${rate:-?}" "$before -> $after" "$result"
	if [ "$rc" -ne 0 ]; then
		echo "---- $work/log (last 40 lines)"
		tail -n 40 "$work/log"
		for f in "$work"/crash/*; do
			[ -e "$f" ] && echo "---- crashing input: $f"
		done
	fi
done
echo "total: $ran targets, $total executions, $secs s each, $jobs at a" \
    "time, $failed failed"
if [ $failed -ne 0 ]; then
	echo "run.sh: kept $tmp for the logs and crashing inputs" >&2
	exit 1
fi
rm -rf "$tmp"
exit 0
