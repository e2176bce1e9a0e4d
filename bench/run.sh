#!/bin/sh
# SPDX-License-Identifier: ISC
# bench/run.sh - run every benchmark against the build in $1.
# Figures go to standard output; docs/performance.md records them.
# Benchmarks are never part of `make check`: timings do not decide tests.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
build=${1:?usage: bench/run.sh BUILD-DIRECTORY}
echo "== livehex dump vs xxd (256 MiB in the page cache)"
sh "$here/dump.sh" "$build/livehex"
echo
echo "== layouts: a header of 10,000 structs, 100,000 array elements"
"$build/bench/layout"
echo
echo "== search vs grep -c (1 GiB in the page cache)"
"$build/bench/search"
echo
echo "== what one idle wake-up costs, by the way a loop sleeps"
"$build/bench/wakeup"
echo "== scan engine (1 GiB of u32 in the page cache)"
"$build/bench/scan"
echo
echo "== change map sweep (1 GiB in the page cache)"
"$build/bench/changemap"
echo
echo "== snapshots (:snap): 4 GiB sparse, 1 GiB dense, memory used"
"$build/bench/baseline"
echo
echo "== change map sweep memory (8 GiB sparse, 4 GiB dense, 30 s each)"
"$build/bench/sweep_rss"
echo
echo "== the live viewer vs watch -n 0.1 xxd and hexedit"
"$build/bench/view" "$build/livehex" "${BENCH_SAMPLES:-200}"
echo
echo "== livehex record: a 1 MiB/s writer over 64 MiB, then seeks in 10 minutes"
"$build/bench/record" "$build/livehex" "${BENCH_RECORD_SECONDS:-20}"
