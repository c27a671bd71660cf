#!/usr/bin/env bash
# Runs tests under the sanitizers, each in a scratch folder of its own (a sanitized build cannot share
# objects with a normal one): ThreadSanitizer over the tests that exercise Runlog from many threads at once,
# then AddressSanitizer over the core and supervisor tests. Fails when a test fails or a sanitizer reports
# (a report makes the process exit non-zero; it is printed).
#
#   scripts/sanitize.sh [--thread | --address] [--filter REGEX]
#     --thread         only ThreadSanitizer (scratch .build-tsan)
#     --address        only AddressSanitizer (scratch .build-asan)
#     --filter REGEX   the tests to run (ThreadSanitizer unless --address; default: the suites below)
set -euo pipefail
cd "$(dirname "$0")/.."

# Concurrency: threads through durable and buffered sinks, the global logger, the swift-log bridge, message
# building, and child processes that log from several threads and exit with a buffered logger (the exit flush
# stops and joins the background writer first), plus the eight-thread stress test (reduced size unless
# RUNLOG_STRESS=1). Left out: the flight-recorder tests, whose trapping child's Swift backtracer forks and trips
# a TSan internal CHECK (they run under AddressSanitizer below and unsanitized in `swift test`).
filter='RunlogTests\.(ConcurrencyTests|GlobalLoggerTests|SwiftLogBridgeTests|BufferedModeTests|MultiProcessTests'
filter+='|FileSinkTests|JSONLinesTests|ConsoleColorRuleTests|ConsoleColorProcessTests|LogMessageTests|FastPathFormatTests|PlainLockTests|SecondClockTests)'
filter+='|ReliabilityTests\.StressTests/eightThreads'
# Memory errors: the logging core (sinks, formats, flight recorder, terminal text) and process supervision
# (spawning, pipes, line assembly, signals, the rank launcher), child processes included: they are built
# with AddressSanitizer too.
address_filter='RunlogTests\.|RunlogSupervisorTests\.'
# Left out: repeat collapsing groups lines that arrive within a time window, which the slower sanitized
# launcher misses (a timing assertion, not a memory one).
address_skip='RunlogSupervisorTests.*RepeatedLineTests'
modes=(thread address)
custom=""
while [ $# -gt 0 ]; do
    case "$1" in
        --thread) modes=(thread); shift ;;
        --address) modes=(address); shift ;;
        --filter) [ $# -ge 2 ] || { echo "sanitize.sh: --filter needs a regular expression" >&2; exit 2; }
            custom="$2"; shift 2 ;;
        -h | --help) sed -n '2,10p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "sanitize.sh: unknown argument $1 (see --help)" >&2; exit 2 ;;
    esac
done
if [ -n "$custom" ]; then
    [ ${#modes[@]} -eq 1 ] || modes=(thread)  # as before --address existed: a filter alone means TSan
    filter="$custom"
    address_filter="$custom"
fi

for mode in "${modes[@]}"; do
    start=$SECONDS
    if [ "$mode" = thread ]; then
        # halt_on_error: the first race fails the run instead of scrolling past; second_deadlock_stack for locks.
        echo "== ThreadSanitizer: swift test --sanitize=thread --filter '$filter'"
        TSAN_OPTIONS="halt_on_error=1:second_deadlock_stack=1${TSAN_OPTIONS:+:$TSAN_OPTIONS}" \
            swift test --scratch-path .build-tsan --sanitize=thread --filter "$filter"
        echo "sanitize.sh: no data race reported ($((SECONDS - start))s)"
    else
        # Leak checking is off: the Swift runtime's metadata caches and the processes' global loggers read as
        # leaks to LeakSanitizer; memory errors (overflows, use after free, double free) are what this looks for.
        echo "== AddressSanitizer: swift test --sanitize=address --filter '$address_filter'"
        ASAN_OPTIONS="detect_leaks=0:halt_on_error=1${ASAN_OPTIONS:+:$ASAN_OPTIONS}" \
            swift test --scratch-path .build-asan --sanitize=address --filter "$address_filter" --skip "$address_skip"
        echo "sanitize.sh: no memory error reported ($((SECONDS - start))s)"
    fi
done
