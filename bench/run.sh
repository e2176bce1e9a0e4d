#!/bin/sh
# bench/run.sh - run every benchmark against the livehex binary in $1.
# Figures go to standard output; docs/performance.md records them.
# Benchmarks are never part of `make check`: timings do not decide tests.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
bin=${1:?usage: bench/run.sh PATH-TO-LIVEHEX}
for b in "$here"/dump.sh "$here"/view.sh; do
	[ -f "$b" ] || continue
	echo "== $(basename "$b")"
	sh "$b" "$bin"
done
