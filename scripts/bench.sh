#!/usr/bin/env bash
# Runlog's benchmark suite: builds the Benchmarks package in release mode, installs the peers it needs when
# they are missing (spdlog and fmt from apt, loguru from pip into Benchmarks/.venv), runs Runlog and every
# peer side by side for several interleaved rounds, and prints one table of medians, spreads and ratios.
#
#   scripts/bench.sh                  full suite: 1M lines per run, 3 rounds, plus P6 (rankrun) and P7 (rl)
#   scripts/bench.sh --smoke          tiny sizes, one round, no launchers: proves the suite runs (< 1 min
#                                     once built); it never judges speed
#   scripts/bench.sh --runs 5 --lines 2000000 --python-lines 200000
#   scripts/bench.sh --no-launchers   skip P6 and P7 (no release build of rankrun and rl)
#
# The table also goes to Benchmarks/.out/table.md and every run to Benchmarks/.out/results.jsonl.
set -euo pipefail
self="$(cd "$(dirname "$0")" && pwd)/$(basename "$0")"
cd "$(dirname "$0")/.."
root=$(pwd)
bench="$root/Benchmarks"
out="$bench/.out"
mkdir -p "$out" "$bench/.peers"

smoke=0
launchers=1
suite_args=()
while [ $# -gt 0 ]; do
    case "$1" in
        --smoke) smoke=1; launchers=0; suite_args+=(--smoke) ;;
        --no-launchers) launchers=0 ;;
        --launchers) launchers=1 ;;
        --runs|--lines|--python-lines|--filtered-calls) suite_args+=("$1" "$2"); shift ;;
        -h|--help) sed -n '2,12p' "$self"; exit 0 ;;
        *) echo "bench.sh: unknown option '$1' (see scripts/bench.sh --help)" >&2; exit 64 ;;
    esac
    shift
done

say() { echo "== $*" >&2; }

# ---- peers: install what is missing (never fatal: a peer that cannot be installed is left out) ----
apt_updated=0
apt_install() {
    command -v apt-get >/dev/null 2>&1 || return 1
    if [ "$apt_updated" = 0 ]; then
        DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null 2>&1 || true
        apt_updated=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null 2>&1
}

spdlog_peer="$bench/.peers/spdlog_peer"
if [ ! -f /usr/include/spdlog/spdlog.h ] || ! command -v g++ >/dev/null 2>&1; then
    say "installing spdlog and fmt (apt)"
    apt_install libspdlog-dev libfmt-dev g++ || say "could not install spdlog; its rows are skipped"
fi
if [ -f /usr/include/spdlog/spdlog.h ] && { [ ! -x "$spdlog_peer" ] || [ "$bench/Peers/spdlog_peer.cpp" -nt "$spdlog_peer" ]; }; then
    say "building the spdlog peer"
    g++ -O2 -std=c++17 -o "$spdlog_peer" "$bench/Peers/spdlog_peer.cpp" -lspdlog -lfmt -lpthread ||
        say "the spdlog peer did not build; its rows are skipped"
fi

# What each P6 rank execs last to report its CPU with its exit included: static, so its own start and exit
# (charged to the launcher) stay small.
cpu_reporter="$bench/.peers/rank-cpu-report"
if [ ! -x "$cpu_reporter" ] || [ "$bench/Peers/rank_cpu_report.c" -nt "$cpu_reporter" ]; then
    cc -O2 -static -o "$cpu_reporter" "$bench/Peers/rank_cpu_report.c" 2>/dev/null ||
        cc -O2 -o "$cpu_reporter" "$bench/Peers/rank_cpu_report.c" ||
        say "the rank CPU reporter did not build; P6 ranks report their CPU before their exit"
fi
[ -x "$cpu_reporter" ] && launcher_reporter=(--cpu-reporter "$cpu_reporter") || launcher_reporter=()

venv="$bench/.venv"
if ! "$venv/bin/python" -c "import loguru" >/dev/null 2>&1; then
    say "installing loguru (pip, into Benchmarks/.venv)"
    if ! python3 -m venv "$venv" >/dev/null 2>&1; then
        apt_install python3-venv || true
        python3 -m venv "$venv" >/dev/null 2>&1 || true
    fi
    "$venv/bin/pip" install -q loguru >/dev/null 2>&1 || say "could not install loguru; the Python rows are skipped"
fi

# ---- build (release) ----
say "building the benchmarks (release)"
swift build -c release --package-path "$bench" --scratch-path "$bench/.build" 2>&1 | tail -3 >&2
swift_bin=$(swift build -c release --package-path "$bench" --scratch-path "$bench/.build" --show-bin-path)

launcher_args=()
if [ "$launchers" = 1 ]; then
    say "building rankrun, rl and rl's components (release)"
    if ! swift build -c release --scratch-path "$root/.build-bench" 2>&1 | tail -2 >&2; then
        say "the root package did not build in release mode; P6 and P7 use whatever was built"
    fi
    launch_bin=$(swift build -c release --scratch-path "$root/.build-bench" --show-bin-path)
    [ -x "$launch_bin/rankrun" ] && launcher_args+=(--rankrun "$launch_bin/rankrun")
    [ -x "$launch_bin/rl" ] && launcher_args+=(--rl "$launch_bin/rl" --repo "$root")
fi

# ---- run ----
say "running (interleaved rounds; progress on stderr, the table on stdout)"
python3 "$bench/run_suite.py" --swift-bin "$swift_bin" --spdlog "$spdlog_peer" --python "$venv/bin/python" \
    --out "$out/scratch" --results "$out/results.jsonl" --markdown "$out/table.md" \
    ${launcher_args[@]+"${launcher_args[@]}"} ${launcher_reporter[@]+"${launcher_reporter[@]}"} \
    ${suite_args[@]+"${suite_args[@]}"}
