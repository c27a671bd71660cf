#pragma once
// Runlog's flight recorder: the fatal-signal and termination handlers, the fixed table of slots they read,
// and per-thread alternate signal stacks. In C because a signal handler may only make async-signal-safe
// calls, and Swift cannot promise that a function makes no runtime calls (see flight_recorder.c).
//
// Swift (RecorderSlot, FlightRecorder) creates and registers slots and publishes the counters below; the
// handlers only read them.

#include <stdatomic.h>
#include <stdbool.h>

#ifdef __cplusplus
extern "C" {
#endif

enum {
    /// How many slots (sinks) the handlers can see at once.
    RUNLOG_RECORDER_CAPACITY = 64,
    /// How many fatal signals have a final line (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE).
    RUNLOG_FATAL_SIGNAL_COUNT = 6,
    /// Longest pre-encoded final line, in bytes.
    RUNLOG_FINAL_LINE_CAPACITY = 1024,
};

/// How a final line spells the time the handler fills in.
typedef enum runlog_time_style {
    /// `HH:mm:ss` local time (8 bytes).
    RUNLOG_TIME_CLOCK = 0,
    /// ISO-8601 UTC with milliseconds, `YYYY-MM-DDTHH:MM:SS.mmmZ` (24 bytes).
    RUNLOG_TIME_ISO8601 = 1,
} runlog_time_style;

/// The counters of a slot's double buffer, in `runlog_slot.counters`.
typedef enum runlog_slot_counter {
    /// The half producers append to (0 or 1).
    RUNLOG_SLOT_ACTIVE = 0,
    /// Committed bytes in half 0.
    RUNLOG_SLOT_COMMITTED_0 = 1,
    /// Committed bytes in half 1.
    RUNLOG_SLOT_COMMITTED_1 = 2,
    /// The half the background writer is writing, or -1.
    RUNLOG_SLOT_INFLIGHT = 3,
    /// How many bytes of the in-flight half the background writer already wrote.
    RUNLOG_SLOT_INFLIGHT_WRITTEN = 4,
    RUNLOG_SLOT_COUNTER_COUNT = 5,
} runlog_slot_counter;

/// What a signal handler may read of one sink: its descriptor, its buffer halves and which bytes in them are
/// pending, and one pre-encoded final line per fatal signal. Allocated outside any handler and never moved.
typedef struct runlog_slot {
    /// The sink's descriptor.
    _Atomic int fd;
    /// Both buffer halves (`2 * half_capacity` bytes), or NULL for a sink with nothing pending.
    _Atomic(unsigned char *) storage;
    /// Bytes per half (0 for a durable sink).
    _Atomic long half_capacity;
    /// See runlog_slot_counter.
    _Atomic long counters[RUNLOG_SLOT_COUNTER_COUNT];
    /// 0 unarmed, 2 while one thread writes the final lines, 1 once they are published.
    _Atomic int armed;
    /// runlog_time_style of the final lines.
    _Atomic int time_style;
    /// Byte offset of the time in every final line (after a colour prefix, or after `{"ts":"`).
    _Atomic long time_offset;
    /// Length of each final line (0 when unset), indexed like the fatal signals above.
    _Atomic long final_length[RUNLOG_FATAL_SIGNAL_COUNT];
    /// The final lines, with a placeholder where the time goes.
    unsigned char final_lines[RUNLOG_FATAL_SIGNAL_COUNT][RUNLOG_FINAL_LINE_CAPACITY];
    /// Index in the handlers' table, or -1 when not registered.
    _Atomic int index;
} runlog_slot;

// MARK: Slots (never called from a signal handler)

/// Allocates a slot with `2 * half_capacity` bytes of buffer (none when 0). Returns NULL when out of memory.
runlog_slot *runlog_slot_create(int fd, long half_capacity);

/// Unregisters `slot` if needed and frees it (it is leaked instead if a handler may be reading it).
void runlog_slot_destroy(runlog_slot *slot);

/// Reads a counter with memory order `order` (a C11 memory_order: relaxed, acquire or seq_cst).
static inline long runlog_slot_load(runlog_slot *slot, runlog_slot_counter counter, int order) {
    return atomic_load_explicit(&slot->counters[counter], (memory_order)order);
}

/// Publishes a counter with memory order `order` (relaxed, release or seq_cst); release makes earlier writes
/// (the buffered bytes) visible before it.
static inline void runlog_slot_store(runlog_slot *slot, runlog_slot_counter counter, long value, int order) {
    atomic_store_explicit(&slot->counters[counter], value, (memory_order)order);
}

/// The slot's buffer halves, or NULL when it has none.
static inline unsigned char *runlog_slot_storage(runlog_slot *slot) {
    return atomic_load_explicit(&slot->storage, memory_order_relaxed);
}

/// Claims the right to write the final lines: true for the first caller only.
bool runlog_slot_begin_arming(runlog_slot *slot);

/// Copies the final line for `signal_number` (one of the fatal signals; others are ignored), truncated to
/// RUNLOG_FINAL_LINE_CAPACITY. Between runlog_slot_begin_arming and runlog_slot_finish_arming only.
void runlog_slot_set_final_line(runlog_slot *slot, int signal_number, const unsigned char *bytes, long length);

/// Publishes the final lines, whose time is spelled `style` at byte `time_offset`.
void runlog_slot_finish_arming(runlog_slot *slot, runlog_time_style style, long time_offset);

// MARK: The handlers' table and the handlers (never called from a signal handler)

/// Adds `slot` to the handlers' table. Returns its index, or -1 when the table is full.
int runlog_recorder_register(runlog_slot *slot);

/// Removes the slot at `index` from the table. If a handler is dumping meanwhile, waits up to two seconds
/// for it to end the process, so the caller does not close a descriptor the handler is writing to.
void runlog_recorder_unregister(int index);

/// Whether a handler has started writing; background writers stop so no byte is written twice.
bool runlog_recorder_is_dumping(void);

/// Installs the fatal-signal handlers (once per process) and gives the calling thread an alternate stack.
void runlog_recorder_install_fatal_handlers(void);

/// Installs the SIGTERM/SIGINT/SIGHUP flush handlers (once per process), each only where the disposition is
/// still the default.
void runlog_recorder_install_termination_handlers(void);

/// Caches the local time's UTC offset for the final lines' `HH:mm:ss` (the handler cannot call localtime).
void runlog_recorder_refresh_utc_offset(void);

/// runlog_recorder_refresh_utc_offset, at most once per second (so a daylight-saving change is followed).
void runlog_recorder_refresh_utc_offset_if_stale(void);

// MARK: Alternate signal stacks

/// Whether this thread already went through runlog_thread_install_alt_stack.
extern _Thread_local bool runlog_thread_alt_stack_checked;

/// Gives the calling thread an alternate signal stack (mmap with a guard page) unless it has one, so a
/// stack overflow on it can still be recorded; the stack is freed when the thread exits.
void runlog_thread_install_alt_stack(void);

/// runlog_thread_install_alt_stack once per thread: a thread-local load and a branch after the first call.
static inline void runlog_thread_ensure_alt_stack(void) {
    if (__builtin_expect(!runlog_thread_alt_stack_checked, 0)) {
        runlog_thread_install_alt_stack();
    }
}

#ifdef __cplusplus
}
#endif
