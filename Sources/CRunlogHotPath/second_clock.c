// The slow path of runlog_clock_seconds (see CRunlogHotPath.h): reads the wall clock and opens the thread's
// next window of time-stamp-counter readings that are known to fall in the same second.
//
// Why this is safe:
// - The counter is used only where the kernel itself keeps time with it (current clocksource "tsc") and the
//   CPU says it runs at a constant rate through power states (constant_tsc and nonstop_tsc): then it is
//   synchronised across cores and never slows down.
// - The rate (ticks per nanosecond) is measured against CLOCK_MONOTONIC, which NTP slews by at most 0.05%
//   and never steps, over at least 20 ms, and is then lowered by 2%: a window of N ticks spans at most as
//   much real time as the nanoseconds it was computed from.
// - A window starts at a counter reading taken before the clock reading, ends 1 ms before the next second
//   begins and lasts at most 10 ms, so a step of the wall clock (settimeofday, an NTP step) shows within
//   10 ms, as it would for a line logged 10 ms earlier.

#include "CRunlogHotPath.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

__thread runlog_second_clock runlog_thread_second_clock = {0, 0, 0};
__thread runlog_clock_text runlog_thread_clock_text = {INT64_MIN, 0};

enum {
    /// The longest window: a wall-clock step is followed within this time.
    WINDOW_LIMIT_NS = 10 * 1000 * 1000,
    /// How long before the next second a window ends.
    BOUNDARY_MARGIN_NS = 1000 * 1000,
    /// How far apart the two readings that measure the counter's rate must be.
    CALIBRATION_NS = 20 * 1000 * 1000,
};

/// Whether the counter may be used: 0 not yet known, 1 yes, 2 no.
static uint32_t counter_usable = 0;
/// The first calibration reading (ticks, CLOCK_MONOTONIC and CLOCK_REALTIME ns), published by
/// `calibration_started`.
static uint64_t calibration_ticks = 0;
static int64_t calibration_ns = 0;
static int64_t calibration_wall = 0;
static uint32_t calibration_started = 0;
/// Ticks per nanosecond, lowered by 2%, as the bits of a double; 0 until measured.
static uint64_t rate_bits = 0;

static int64_t nanoseconds(struct timespec time) { return (int64_t)time.tv_sec * 1000000000 + time.tv_nsec; }

#if defined(__x86_64__)
/// Whether `path`'s first line starts with `expected`.
static int file_starts_with(const char *path, const char *expected) {
    FILE *file = fopen(path, "r");
    if (!file) return 0;
    char line[64] = {0};
    int matches = fgets(line, sizeof line, file) != NULL && strncmp(line, expected, strlen(expected)) == 0;
    fclose(file);
    return matches;
}

/// Whether /proc/cpuinfo lists both invariant-counter flags.
static int cpu_has_invariant_counter(void) {
    FILE *file = fopen("/proc/cpuinfo", "r");
    if (!file) return 0;
    char line[4096];
    int found = 0;
    while (fgets(line, sizeof line, file)) {
        if (strncmp(line, "flags", 5) == 0) {
            found = strstr(line, " constant_tsc") != NULL && strstr(line, " nonstop_tsc") != NULL;
            break;
        }
    }
    fclose(file);
    return found;
}

static int decide_counter_usable(void) {
    uint32_t known = __atomic_load_n(&counter_usable, __ATOMIC_ACQUIRE);
    if (known != 0) return known == 1;
    int usable = file_starts_with("/sys/devices/system/clocksource/clocksource0/current_clocksource", "tsc") &&
                 cpu_has_invariant_counter();
    __atomic_store_n(&counter_usable, usable ? 1 : 2, __ATOMIC_RELEASE);
    return usable;
}

/// The counter's rate in ticks per nanosecond (lowered by 2%), or 0 while it is still being measured.
/// `ticks` and `wall` are the caller's counter and CLOCK_REALTIME readings: CLOCK_MONOTONIC is read only at
/// the two ends of the measurement, so lines logged meanwhile pay no extra clock call.
static double counter_rate(uint64_t ticks, int64_t wall) {
    uint64_t bits = __atomic_load_n(&rate_bits, __ATOMIC_ACQUIRE);
    if (bits != 0) {
        double rate;
        memcpy(&rate, &bits, sizeof rate);
        return rate;
    }
    uint32_t started = __atomic_load_n(&calibration_started, __ATOMIC_ACQUIRE);
    if (started == 0) {
        // The first thread here records the first reading; `calibration_started` = 2 publishes it.
        uint32_t expected = 0;
        if (__atomic_compare_exchange_n(&calibration_started, &expected, 1, 0, __ATOMIC_ACQ_REL,
                                        __ATOMIC_ACQUIRE)) {
            struct timespec monotonic;
            calibration_ticks = __builtin_ia32_rdtsc();
            clock_gettime(CLOCK_MONOTONIC, &monotonic);
            calibration_ns = nanoseconds(monotonic);
            calibration_wall = wall;
            __atomic_store_n(&calibration_started, 2, __ATOMIC_RELEASE);
        }
        return 0;
    }
    // The wall clock says whether enough time passed (it may be stepped: the monotonic clock decides below).
    if (started != 2 || wall - calibration_wall < CALIBRATION_NS) return 0;
    struct timespec monotonic;
    clock_gettime(CLOCK_MONOTONIC, &monotonic);
    int64_t elapsed = nanoseconds(monotonic) - calibration_ns;
    if (elapsed < CALIBRATION_NS || ticks <= calibration_ticks) return 0;
    double rate = (double)(ticks - calibration_ticks) / (double)elapsed * 0.98;
    // A rate no real counter has (a broken counter) turns the counter off for good.
    if (!(rate > 0.05 && rate < 100.0)) {
        __atomic_store_n(&counter_usable, 2, __ATOMIC_RELEASE);
        return 0;
    }
    memcpy(&bits, &rate, sizeof bits);
    __atomic_store_n(&rate_bits, bits, __ATOMIC_RELEASE);
    return rate;
}
#endif

int64_t runlog_clock_seconds_refresh(uint64_t before) {
    runlog_second_clock *clock = &runlog_thread_second_clock;
    struct timespec now;
#if defined(__x86_64__)
    // `before` was read by runlog_clock_seconds just before this call, so before the clock reading.
    clock_gettime(CLOCK_REALTIME, &now);
    clock->seconds = now.tv_sec;
    clock->base_ticks = before;
    clock->safe_ticks = 0;
    if (!decide_counter_usable()) return now.tv_sec;
    double rate = counter_rate(before, nanoseconds(now));
    int64_t window = 1000000000 - BOUNDARY_MARGIN_NS - now.tv_nsec;
    if (window > WINDOW_LIMIT_NS) window = WINDOW_LIMIT_NS;
    if (rate > 0 && window > 0) clock->safe_ticks = (uint64_t)((double)window * rate);
#else
    (void)before;
    clock_gettime(CLOCK_REALTIME, &now);
    clock->seconds = now.tv_sec;
    clock->safe_ticks = 0;
#endif
    return now.tv_sec;
}
