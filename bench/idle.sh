#!/bin/sh
# SPDX-License-Identifier: ISC
# idle.sh - idle CPU of a viewer: % of one core from /proc/PID/schedstat
# over 10 s from 5 s after start, in a detached 120x40 tmux session.
# Usage: bench/idle.sh "LIVEHEX [OPTIONS]" FILE [TAG]
# A benchmark, never a test: it sleeps, and its figure depends on the load.
set -eu
cmd=$1 file=$2 tag=${3:-$1}
sock=livehex-idle-$$
tmux -L "$sock" new-session -d -x 120 -y 40 "exec $cmd $file"
sleep 0.3
pid=$(tmux -L "$sock" list-panes -F '#{pane_pid}')
sleep 4.7
a=$(cut -d' ' -f1 "/proc/$pid/schedstat"); t0=$(date +%s%N)
sleep 10
b=$(cut -d' ' -f1 "/proc/$pid/schedstat"); t1=$(date +%s%N)
# The viewer ends by the hang-up; the kill is for one that outlives it.
tmux -L "$sock" kill-server
kill "$pid" 2>/dev/null || true
echo "$tag $(echo "scale=3; 100*($b-$a)/($t1-$t0)" | bc) %"
