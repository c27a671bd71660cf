// The slow paths of runlog_lock (see CRunlogHotPath.h): the classic three-state futex mutex.

#include "CRunlogHotPath.h"

#include <sched.h>
#ifdef __linux__
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>
#endif

static inline void cpu_relax(void) {
#if defined(__x86_64__) || defined(__i386__)
    __builtin_ia32_pause();
#elif defined(__aarch64__)
    __asm__ __volatile__("yield");
#endif
}

__thread void *runlog_thread_message_slot = NULL;

void runlog_lock_acquire_contended(runlog_lock *lock) {
    // The holder usually leaves within a few hundred nanoseconds (it copies one line): spin a little
    // before paying for a sleep and a wake-up.
    for (int spin = 0; spin < 64; spin++) {
        uint32_t expected = 0;
        if (__atomic_load_n(&lock->state, __ATOMIC_RELAXED) == 0 &&
            __atomic_compare_exchange_n(&lock->state, &expected, 1, 1, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED)) {
            return;
        }
        cpu_relax();
    }
    // Mark the lock contended; whoever held it will wake one sleeper on release. Taking it as 2 (not 1)
    // is conservative: a later release may make one unneeded wake-up call, never miss a needed one.
    while (__atomic_exchange_n(&lock->state, 2, __ATOMIC_ACQUIRE) != 0) {
#ifdef __linux__
        syscall(SYS_futex, &lock->state, FUTEX_WAIT_PRIVATE, 2, NULL, NULL, 0);
#else
        sched_yield();  // no futex: let the holder run
#endif
    }
}

void runlog_lock_wake_waiter(runlog_lock *lock) {
#ifdef __linux__
    syscall(SYS_futex, &lock->state, FUTEX_WAKE_PRIVATE, 1, NULL, NULL, 0);
#else
    (void)lock;
#endif
}
