#!/usr/bin/env bash
# Fuzzes the config loader (TOML files, command-line overrides, environment variables) with libFuzzer for a
# bounded time, starting from and adding to the corpus in Sources/runlog-config-fuzz/corpus.
#   scripts/fuzz-config.sh [SECONDS]      (default 60)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds="${1:-60}"
swift build --scratch-path .build-fuzz --product runlog-config-fuzz \
    -Xswiftc -DRUNLOG_FUZZING -Xswiftc -sanitize=fuzzer,address -Xlinker --export-dynamic-symbol=LLVMFuzzerRunDriver
corpus=Sources/runlog-config-fuzz/corpus
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
# New inputs go to a scratch folder that is removed at the end; copy one into the corpus to keep it.
# Leak checks are off: TOMLKit 0.6.0 leaks a few C++ nodes per encode/parse (seen under LeakSanitizer in its
# TOMLEncoder), which is not ours to fix and would stop every run at the first input.
ASAN_OPTIONS=detect_leaks=0 .build-fuzz/debug/runlog-config-fuzz -max_total_time="$seconds" -max_len=4096 -timeout=10 -detect_leaks=0 \
    -artifact_prefix="$work/" "$work" "$corpus"
