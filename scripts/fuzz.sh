#!/usr/bin/env bash
# Fuzzes Runlog's parsers of untrusted input with libFuzzer and AddressSanitizer, each target for a bounded
# time, starting from the seed corpus in Fuzz/Corpus/<target>/. Fails (exit 1) when a target crashes, trips
# a sanitizer, breaks a property, runs out of memory or hangs; the input that did it is kept under
# .build-fuzzpkg/crashes/<target>/ and named in the output (copy it into Fuzz/Corpus/<target>/ once fixed,
# so it stays a regression input).
#
#   scripts/fuzz.sh [--seconds N] [--debug-asserts] [TARGET ...]
#     --seconds N       run each target for N seconds (default 60)
#     --debug-asserts   keep toml++'s debug assertions (no NDEBUG), as `swift build` compiles it; scratch
#                       .build-fuzzpkg-asserts
#     TARGET            config-toml, config-overrides, terminal-text, stream-selection (default: all)
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; }

seconds=60
asserts=0
targets=()
while [ $# -gt 0 ]; do
    case "$1" in
        --seconds) [ $# -ge 2 ] || { echo "fuzz.sh: --seconds needs a number" >&2; exit 2; }; seconds="$2"; shift 2 ;;
        --seconds=*) seconds="${1#*=}"; shift ;;
        --debug-asserts) asserts=1; shift ;;
        -h | --help) usage; exit 0 ;;
        -*) echo "fuzz.sh: unknown option $1 (see --help)" >&2; exit 2 ;;
        *) targets+=("$1"); shift ;;
    esac
done
case "$seconds" in '' | *[!0-9]*) echo "fuzz.sh: --seconds needs a whole number, not '$seconds'" >&2; exit 2 ;; esac
all=(config-toml config-overrides terminal-text stream-selection)
[ ${#targets[@]} -gt 0 ] || targets=("${all[@]}")
for target in "${targets[@]}"; do
    [ -d "Fuzz/Corpus/$target" ] || { echo "fuzz.sh: unknown target '$target' (one of: ${all[*]})" >&2; exit 2; }
done

scratch="$PWD/.build-fuzzpkg"
# -sanitize=fuzzer adds coverage instrumentation and links libFuzzer; its runtime's driver is kept and exported
# so the targets' main.swift can call it (see Fuzz/Sources/FuzzSupport/LibFuzzerDriver.swift). The C and C++
# code (toml++ inside TOMLKit) gets coverage instrumentation and AddressSanitizer too, so libFuzzer can steer
# into the TOML parser itself (about 1.7x the coverage of instrumenting the Swift side alone).
flags=(-c debug -Xswiftc -sanitize=fuzzer,address
    -Xcxx -fsanitize=fuzzer-no-link,address -Xcc -fsanitize=fuzzer-no-link,address
    -Xlinker -u -Xlinker LLVMFuzzerRunDriver -Xlinker --export-dynamic-symbol=LLVMFuzzerRunDriver)
# By default toml++ is compiled with NDEBUG, as in a release build, so CI looks for our bugs. In a debug build
# its own assertions abort on some malformed input that a release build reports as a parse error; the loader
# guards every one found so far (TOMLLexicalCheck, also for command-line values), and --debug-asserts fuzzes
# as `swift build` compiles it to look for more.
if [ "$asserts" = 1 ]; then
    scratch="$PWD/.build-fuzzpkg-asserts"
else
    flags+=(-Xcxx -DNDEBUG -Xcc -DNDEBUG)
fi
for target in "${targets[@]}"; do
    echo "== fuzz: building fuzz-$target"
    if ! (cd Fuzz && swift build --scratch-path "$scratch" "${flags[@]}" --product "fuzz-$target" >"$scratch.log" 2>&1)
    then
        grep -v "Cannot export local symbol" "$scratch.log" | tail -n 40
        echo "fuzz.sh: building fuzz-$target failed" >&2
        exit 1
    fi
done

# Leak checking is off (see below), also at exit where AddressSanitizer would otherwise run it.
export ASAN_OPTIONS="detect_leaks=0${ASAN_OPTIONS:+:$ASAN_OPTIONS}"
failed=()
for target in "${targets[@]}"; do
    work="$(mktemp -d)"
    artifacts="$scratch/crashes/$target"
    mkdir -p "$artifacts"
    echo "== fuzz: $target for ${seconds}s"
    start=$SECONDS
    # New inputs go to a scratch folder, removed afterwards: the checked-in corpus stays small and reviewed.
    # Leak checking is off: the Swift runtime's caches and error boxes read as leaks to LeakSanitizer, and a
    # leak is not what these targets look for (crashes, memory errors, broken properties, hangs are).
    if "$scratch/debug/fuzz-$target" -max_total_time="$seconds" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
        -detect_leaks=0 \
        -print_final_stats=1 -artifact_prefix="$artifacts/" "$work" "Fuzz/Corpus/$target" >"$work.log" 2>&1; then
        runs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$work.log" | grep -o '[0-9]*$' || echo "?")
        echo "   ok: $runs inputs in $((SECONDS - start))s"
    else
        echo "   FAILED after $((SECONDS - start))s; the end of libFuzzer's output:"
        tail -n 40 "$work.log" | sed 's/^/   | /'
        echo "   inputs kept in $artifacts/"
        failed+=("$target")
    fi
    rm -rf "$work" "$work.log"
done
if [ ${#failed[@]} -gt 0 ]; then
    echo "fuzz.sh: failed: ${failed[*]}" >&2
    exit 1
fi
echo "fuzz.sh: all targets ran ${seconds}s without a failure"
