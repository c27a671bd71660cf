#pragma once
// Pieces of Runlog's logging hot path that are written in C so that their fast paths inline into Swift
// callers: a futex lock whose uncontended lock and unlock are one atomic instruction each (no call into libc,
// no mutex-type dispatch), the thread's message-buffer slot as a `__thread` variable (one TLS load instead of
// a `pthread_getspecific` call), a clock of whole seconds that reads the CPU's time-stamp counter instead
// of calling `clock_gettime` on every line, the thread's last `HH:mm:ss`, a one-pass copy and check of a
// printable message (SSE2 where available, a vector type Swift cannot spell as tightly), and a digit count
// from a table.

#include <stddef.h>
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

/// A thread's last formatted clock: `text` is `HH:mm:ss` of `seconds` in local time as eight ASCII bytes in
/// memory order. Starts at `INT64_MIN`, a second no line shows, so the first lookup always misses.
typedef struct runlog_clock_text {
    int64_t seconds;
    uint64_t text;
} runlog_clock_text;

/// This thread's last formatted clock: a line in the same second as the thread's previous one reads its
/// `HH:mm:ss` here, without the shared cache's atomic load and digit spreading.
extern __thread runlog_clock_text runlog_thread_clock_text;

/// The address of this thread's clock text (one thread-pointer read).
static inline runlog_clock_text *runlog_thread_clock_text_get(void) {
    return &runlog_thread_clock_text;
}

/// Whether the eight bytes of `word` are all printable ASCII (0x20...0x7E): no control, DEL, tab or
/// non-ASCII byte. Borrows between bytes only ever follow a byte that already fails, so any failure is real.
static inline int runlog_word_is_printable(uint64_t word) {
    const uint64_t ones = 0x0101010101010101ull;
    const uint64_t high = 0x8080808080808080ull;
    uint64_t below_space = (word - 0x20 * ones) & ~word & high;
    uint64_t delete_distance = word ^ (0x7F * ones);
    uint64_t is_delete = (delete_distance - ones) & ~delete_distance & high;
    return ((word & high) | below_space | is_delete) == 0;
}

/// Whether `byte` is printable ASCII (0x20...0x7E): subtracting 0x20 wraps the controls round to 0xE0...0xFF,
/// so one unsigned compare also catches DEL and every byte of a non-ASCII scalar.
static inline int runlog_byte_is_printable(uint8_t byte) {
    return (uint8_t)(byte - 0x20) <= 0x5E;
}

#if defined(__SSE2__)
typedef unsigned char runlog_u8x16 __attribute__((vector_size(16)));
typedef signed char runlog_i8x16 __attribute__((vector_size(16)));
typedef char runlog_c8x16 __attribute__((vector_size(16)));

/// The printable-ASCII lanes of a 16-byte block: bit `i` is set when byte `i` is in 0x20...0x7E, so 0xFFFF
/// means all are. Adding 0x60 maps 0x20...0x7E onto -128...-34 as signed bytes and every other byte onto
/// -33...127, so one signed compare tells them apart. Shared by the message copy below and rankrun's tee.
static inline unsigned runlog_printable_lanes16(runlog_u8x16 block) {
    runlog_i8x16 shifted = (runlog_i8x16)(block + (unsigned char)0x60);
    runlog_i8x16 printable = (runlog_i8x16)(shifted < (signed char)-33);
    return (unsigned)__builtin_ia32_pmovmskb128((runlog_c8x16)printable);
}

/// Copies 16 bytes and returns their printable-ASCII lanes (``runlog_printable_lanes16``).
static inline unsigned runlog_copy_block16(uint8_t *destination, const uint8_t *source) {
    runlog_u8x16 block;
    __builtin_memcpy(&block, source, 16);
    __builtin_memcpy(destination, &block, 16);
    return runlog_printable_lanes16(block);
}
#endif

/// Copies `count` bytes from `source` to `destination` (which must not overlap) and returns whether they were
/// all printable ASCII (0x20...0x7E), i.e. text that the neutraliser leaves unchanged. When it returns 0 the
/// bytes at `destination` are unspecified (the caller encodes the line again on its general path).
///
/// One pass over the message instead of a scan and then a copy: 16 bytes per step with SSE2 (the last step
/// overlaps the one before it), 8 bytes per step elsewhere and for messages of 8 to 15 bytes.
static inline int runlog_copy_if_printable(uint8_t *destination, const uint8_t *source, size_t count) {
#if defined(__SSE2__)
    if (count >= 16) {
        for (size_t index = 0; index + 16 < count; index += 16) {
            if (runlog_copy_block16(destination + index, source + index) != 0xFFFF) {
                return 0;
            }
        }
        return runlog_copy_block16(destination + count - 16, source + count - 16) == 0xFFFF;
    }
#endif
    if (count >= 8) {
        uint64_t word;
        for (size_t index = 0; index + 8 < count; index += 8) {
            __builtin_memcpy(&word, source + index, 8);
            __builtin_memcpy(destination + index, &word, 8);
            if (!runlog_word_is_printable(word)) {
                return 0;
            }
        }
        __builtin_memcpy(&word, source + count - 8, 8);
        __builtin_memcpy(destination + count - 8, &word, 8);
        return runlog_word_is_printable(word);
    }
    for (size_t index = 0; index < count; index++) {
        uint8_t byte = source[index];
        if (!runlog_byte_is_printable(byte)) {
            return 0;
        }
        destination[index] = byte;
    }
    return 1;
}

/// The number of decimal digits of `value` (1 for 0), without a loop: the bit length times log10(2) (about
/// 1233/4096) is the count or one less, and one compare with a power of ten decides. In C for the table: a
/// Swift switch over the powers compiles to a jump per case here.
static inline int runlog_decimal_digit_count(uint64_t value) {
    static const uint64_t thresholds[20] = {
        0, // so that 0 and 1 both count one digit
        10ull,
        100ull,
        1000ull,
        10000ull,
        100000ull,
        1000000ull,
        10000000ull,
        100000000ull,
        1000000000ull,
        10000000000ull,
        100000000000ull,
        1000000000000ull,
        10000000000000ull,
        100000000000000ull,
        1000000000000000ull,
        10000000000000000ull,
        100000000000000000ull,
        1000000000000000000ull,
        10000000000000000000ull,
    };
    int bits = 64 - __builtin_clzll(value | 1);
    int guess = (bits * 1233) >> 12;
    return guess + (value >= thresholds[guess]);
}

#ifdef __cplusplus
}
#endif
