#pragma once
// Pieces of Runlog's logging hot path that are written in C so that their fast paths inline into Swift
// callers: a futex lock whose uncontended lock and unlock are one atomic instruction each (no call into libc,
// no mutex-type dispatch), the thread's message-buffer slot as a `__thread` variable (one TLS load instead of
// a `pthread_getspecific` call), and a clock of whole seconds that reads the CPU's time-stamp counter instead
// of calling `clock_gettime` on every line.

#include <stdint.h>
// The GCC/Clang `__atomic` builtins rather than <stdatomic.h>: a second C module including <stdatomic.h>
// takes its `memory_order` names away from the Swift files that import CRunlogSignal.

#ifdef __cplusplus
extern "C" {
#endif

/// A non-recursive lock: 0 free, 1 held, 2 held and someone may be waiting in the kernel.
///
/// Like glibc's default mutex (and unlike a priority-inheritance futex), a running thread may take the lock
/// again before a woken waiter does, so threads logging at once do not form a convoy of context switches.
typedef struct runlog_lock {
    uint32_t state;  // only accessed through __atomic builtins
} runlog_lock;

/// Waits for the lock when it was held (spins briefly, then sleeps on the futex).
void runlog_lock_acquire_contended(runlog_lock *lock);

/// Wakes one thread waiting for the lock.
void runlog_lock_wake_waiter(runlog_lock *lock);

/// Takes the lock.
static inline void runlog_lock_acquire(runlog_lock *lock) {
    uint32_t expected = 0;
    if (__builtin_expect(
            __atomic_compare_exchange_n(&lock->state, &expected, 1, 0, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED), 1)) {
        return;
    }
    runlog_lock_acquire_contended(lock);
}

/// Releases the lock, waking a waiter if there may be one.
static inline void runlog_lock_release(runlog_lock *lock) {
    if (__builtin_expect(__atomic_exchange_n(&lock->state, 0, __ATOMIC_RELEASE) == 2, 0)) {
        runlog_lock_wake_waiter(lock);
    }
}

/// This thread's message-buffer slot (a retained Swift object, or NULL before the thread's first message).
extern __thread void *runlog_thread_message_slot;

/// The slot's current value.
static inline void *runlog_thread_message_slot_get(void) {
    return runlog_thread_message_slot;
}

/// Replaces the slot's value (the caller manages the retain counts).
static inline void runlog_thread_message_slot_set(void *value) {
    runlog_thread_message_slot = value;
}

/// A thread's view of the wall clock in whole seconds: `seconds` holds for every time-stamp-counter reading
/// `t` with `t - base_ticks < safe_ticks` (unsigned: a counter that went backwards falls outside).
typedef struct runlog_second_clock {
    int64_t seconds;
    uint64_t base_ticks;
    uint64_t safe_ticks;
} runlog_second_clock;

/// This thread's window (zero until the thread's first call: every reading is then outside it).
extern __thread runlog_second_clock runlog_thread_second_clock;

/// Reads `clock_gettime(CLOCK_REALTIME)` and, where the time-stamp counter can be trusted, opens a new
/// window from `ticks` (a counter reading taken before this call): until shortly before the next second
/// begins, and for at most 10 ms.
int64_t runlog_clock_seconds_refresh(uint64_t ticks);

/// The wall clock's current second (`CLOCK_REALTIME`'s `tv_sec`).
///
/// Inside the thread's window this costs one counter read and a comparison; outside it (every 10 ms at
/// most, within a millisecond of each new second, on CPUs without an invariant counter) it calls
/// `clock_gettime`. The window is opened from a clock reading taken after a counter reading, with a rate
/// measured on CLOCK_MONOTONIC and lowered by 2%, so the second returned is never one that already ended.
static inline int64_t runlog_clock_seconds(void) {
#if defined(__x86_64__)
    uint64_t ticks = __builtin_ia32_rdtsc();
    runlog_second_clock *clock = &runlog_thread_second_clock;
    if (__builtin_expect(ticks - clock->base_ticks < clock->safe_ticks, 1)) {
        return clock->seconds;
    }
    return runlog_clock_seconds_refresh(ticks);
#else
    return runlog_clock_seconds_refresh(0);
#endif
}

#ifdef __cplusplus
}
#endif
