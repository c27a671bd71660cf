#!/usr/bin/env bash
# Instructions per logged line, counted by valgrind's callgrind (repeatable on a noisy shared machine,
# unlike wall time): each program runs twice, with N and 3N lines, and the difference divided by 2N is the
# cost of one line without start-up. Needs valgrind; run scripts/bench.sh once first (it builds everything).
#
#   Benchmarks/instructions.sh [N]          (default N = 20000)
#   Benchmarks/instructions.sh 20000 --annotate runlog-buffered   also print the top functions of one config
set -euo pipefail
cd "$(dirname "$0")"
n=${1:-20000}
annotate=${3:-}
command -v valgrind >/dev/null 2>&1 || { echo "instructions.sh: valgrind is needed (apt-get install valgrind)" >&2; exit 1; }
# BENCH_SCRATCH: another release build folder of this package (default .build, what scripts/bench.sh builds).
bin=$(swift build -c release --scratch-path "${BENCH_SCRATCH:-.build}" --show-bin-path)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# valgrind 3.19 cannot read the DWARF 5 debug info Swift 6 writes: profile copies without it.
for exe in RunlogBench SwiftPeerBench; do strip --strip-debug -o "$work/$exe" "$bin/$exe"; done
count() {  # name, then the command with {N} for the line count
    local name=$1; shift
    local total=()
    for lines in "$n" $((3 * n)); do
        local argv=("${@//\{N\}/$lines}")
        RLBENCH_CHECK=0 valgrind --tool=callgrind --callgrind-out-file="$work/$name.$lines" "${argv[@]}" >/dev/null 2>&1
        total+=("$(callgrind_annotate "$work/$name.$lines" 2>/dev/null | awk '/PROGRAM TOTALS/ {gsub(",", "", $1); print $1}')")
    done
    printf "%-22s %8d instructions/line (or /call)\n" "$name" $(((total[1] - total[0]) / (2 * n)))
    if [ "$name" = "$annotate" ]; then
        callgrind_annotate "$work/$name.$((3 * n))" 2>/dev/null | sed -n '/file:function/,$p' | head -25 | cut -c1-160
    fi
}
count raw-buffered "$work/SwiftPeerBench" raw-buffered {N} "$work/out.log"
count raw-buffered-exact "$work/SwiftPeerBench" raw-buffered-exact {N} "$work/out.log"
count message-only "$work/RunlogBench" message {N} fast
count runlog-buffered "$work/RunlogBench" buffered {N} "$work/out.log"
count runlog-durable "$work/RunlogBench" durable {N} "$work/out.log"
count swiftlog "$work/SwiftPeerBench" swiftlog {N} "$work/out.log"
if [ -x .peers/spdlog_peer ]; then count spdlog-st .peers/spdlog_peer st {N} "$work/out.log"; fi
count runlog-filtered-call "$work/RunlogBench" filtered {N} inlined
if [ -x .peers/spdlog_peer ]; then count spdlog-filtered-call .peers/spdlog_peer filtered {N} "$work/out.log"; fi
