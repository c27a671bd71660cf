// Runlog's flight recorder: on a fatal signal, write every sink's buffered bytes and one final line naming
// the signal, then let the process die of that signal; on SIGTERM/SIGINT/SIGHUP, write the buffered bytes.
//
// Why C and not Swift: a signal handler may only call async-signal-safe functions, and it may interrupt a
// thread anywhere, including inside malloc or while the Swift runtime holds a lock. Swift gives no way to
// promise that a function makes no runtime calls: retain/release of anything reached through a class,
// exclusivity checks (swift_beginAccess) on globals and class properties in debug builds, swift_once for
// lazily initialised globals, and metadata lookups may all be emitted, and none is async-signal-safe (a
// handler that deadlocks in one of them loses the very record it exists to write). C compiles to what is
// written: the handlers below read atomics and a pre-allocated table and call only write(2),
// clock_gettime, sigaction, raise and nanosleep (plus memcpy, async-signal-safe since POSIX.1-2016).

#define _GNU_SOURCE
#include "CRunlogSignal.h"
#include "fatal_signals.h"

#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

// Atomics are async-signal-safe only when lock-free.
_Static_assert(ATOMIC_INT_LOCK_FREE == 2, "the handlers need lock-free int atomics");
_Static_assert(ATOMIC_LONG_LOCK_FREE == 2, "the handlers need lock-free long atomics");
_Static_assert(ATOMIC_POINTER_LOCK_FREE == 2, "the handlers need lock-free pointer atomics");

/// Registered slots (NULL = free), read by the handlers.
static _Atomic(runlog_slot *) table[RUNLOG_RECORDER_CAPACITY];
/// Serialises registration (never taken by a handler).
static pthread_mutex_t registration = PTHREAD_MUTEX_INITIALIZER;
/// 1 once a handler has started writing; it is never reset, the process is ending.
static _Atomic int dumping;
static _Atomic int fatal_installed;
static _Atomic int termination_installed;
/// The dispositions Runlog replaced, by signal number; each is written before its handler is installed.
static struct sigaction previous_actions[NSIG];
/// The local time's offset from UTC in seconds, and the second it was computed at.
static _Atomic long utc_offset;
static _Atomic long utc_offset_checked_at = -1;
/// Where the one dumping handler composes a final line.
static unsigned char scratch[RUNLOG_FINAL_LINE_CAPACITY];

// MARK: Registration

int runlog_recorder_register(runlog_slot *slot) {
    runlog_recorder_refresh_utc_offset();
    int found = -1;
    pthread_mutex_lock(&registration);
    for (int index = 0; index < RUNLOG_RECORDER_CAPACITY; index++) {
        if (atomic_load(&table[index]) == NULL) {
            atomic_store(&slot->index, index);
            atomic_store(&table[index], slot);
            found = index;
            break;
        }
    }
    pthread_mutex_unlock(&registration);
    return found;
}

void runlog_recorder_unregister(int index) {
    if (index < 0 || index >= RUNLOG_RECORDER_CAPACITY) {
        return;
    }
    pthread_mutex_lock(&registration);
    runlog_slot *slot = atomic_exchange(&table[index], NULL);
    if (slot != NULL) {
        atomic_store(&slot->index, -1);
    }
    pthread_mutex_unlock(&registration);
    // Sequentially consistent with the handler's "set dumping, then read the table": if this load sees 0,
    // no handler can still find the slot; otherwise one may be writing to its descriptor right now.
    if (atomic_load(&dumping) != 0) {
        struct timespec pause = {0, 50 * 1000 * 1000};
        for (int tick = 0; tick < 40; tick++) {
            nanosleep(&pause, NULL);
        }
    }
}

bool runlog_recorder_is_dumping(void) {
    return atomic_load(&dumping) != 0;  // sequentially consistent: runlog_slot_destroy relies on it
}

// MARK: Cached UTC offset

void runlog_recorder_refresh_utc_offset(void) {
    time_t now = time(NULL);
    struct tm parts;
    if (localtime_r(&now, &parts) != NULL) {
        atomic_store_explicit(&utc_offset, parts.tm_gmtoff, memory_order_relaxed);
        atomic_store_explicit(&utc_offset_checked_at, (long)now, memory_order_relaxed);
    }
}

void runlog_recorder_refresh_utc_offset_if_stale(void) {
    struct timespec now;
#ifdef CLOCK_REALTIME_COARSE
    clock_gettime(CLOCK_REALTIME_COARSE, &now);  // a few ns: the tick is enough to notice a new second
#else
    clock_gettime(CLOCK_REALTIME, &now);
#endif
    if ((long)now.tv_sec != atomic_load_explicit(&utc_offset_checked_at, memory_order_relaxed)) {
        runlog_recorder_refresh_utc_offset();
    }
}

// MARK: What the handlers do (async-signal-safe from here to the end of the file)

/// write(2) until all `count` bytes are written or a write fails.
static void write_all(int fd, const unsigned char *bytes, long count) {
    while (count > 0) {
        ssize_t written = write(fd, bytes, (size_t)count);
        if (written < 0) {
            if (errno == EINTR) {
                continue;
            }
            return;
        }
        bytes += written;
        count -= written;
    }
}

/// Writes `value` in decimal, zero-padded to `width` digits, at `out`.
static void put_digits(unsigned char *out, long value, int width) {
    for (int position = width - 1; position >= 0; position--) {
        out[position] = (unsigned char)('0' + value % 10);
        value /= 10;
    }
}

/// Year, month and day of the civil (proleptic Gregorian) calendar for days since 1970-01-01.
static void civil_date(long days, long *year, long *month, long *day) {
    // Count from 0000-03-01 in 400-year eras, so the leap day is the last day of a year.
    long shifted = days + 719468;
    long era = (shifted >= 0 ? shifted : shifted - 146096) / 146097;
    long day_of_era = shifted - era * 146097;
    long year_of_era = (day_of_era - day_of_era / 1460 + day_of_era / 36524 - day_of_era / 146096) / 365;
    long day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    long month_index = (5 * day_of_year + 2) / 153;  // 0 = March
    *day = day_of_year - (153 * month_index + 2) / 5 + 1;
    *month = month_index < 10 ? month_index + 3 : month_index - 9;
    *year = year_of_era + era * 400 + (*month <= 2 ? 1 : 0);
}

/// Writes the rest of the in-flight half (minus what the background writer wrote), then the active half.
static void write_pending(runlog_slot *slot) {
    unsigned char *storage = atomic_load(&slot->storage);
    long half = atomic_load(&slot->half_capacity);
    if (storage == NULL || half <= 0) {
        return;
    }
    int fd = atomic_load(&slot->fd);
    // Which half is in flight and which is active, from one moment: a swap between the two loads would
    // otherwise make the handler skip the half that just went in flight (its writer now waits for us).
    long flying = runlog_slot_load(slot, RUNLOG_SLOT_INFLIGHT, memory_order_acquire);
    long current = runlog_slot_load(slot, RUNLOG_SLOT_ACTIVE, memory_order_acquire);
    for (int attempt = 0; attempt < 8; attempt++) {
        long again = runlog_slot_load(slot, RUNLOG_SLOT_INFLIGHT, memory_order_acquire);
        if (again == flying) {
            break;
        }
        flying = again;
        current = runlog_slot_load(slot, RUNLOG_SLOT_ACTIVE, memory_order_acquire);
    }
    if (flying == 0 || flying == 1) {
        runlog_slot_counter committed = flying == 0 ? RUNLOG_SLOT_COMMITTED_0 : RUNLOG_SLOT_COMMITTED_1;
        long length = runlog_slot_load(slot, committed, memory_order_acquire);
        long done = runlog_slot_load(slot, RUNLOG_SLOT_INFLIGHT_WRITTEN, memory_order_acquire);
        if (length > done && length <= half) {
            write_all(fd, storage + flying * half + done, length - done);
        }
    }
    if ((current != 0 && current != 1) || current == flying) {
        return;
    }
    runlog_slot_counter committed = current == 0 ? RUNLOG_SLOT_COMMITTED_0 : RUNLOG_SLOT_COMMITTED_1;
    long length = runlog_slot_load(slot, committed, memory_order_acquire);
    if (length > 0 && length <= half) {
        write_all(fd, storage + current * half, length);
    }
}

/// Writes `slot`'s final line for fatal signal `line` with the time `now`.
static void write_final_line(runlog_slot *slot, int line, const struct timespec *now, long offset) {
    if (atomic_load_explicit(&slot->armed, memory_order_acquire) != 1) {
        return;
    }
    long length = atomic_load_explicit(&slot->final_length[line], memory_order_relaxed);
    long at = atomic_load_explicit(&slot->time_offset, memory_order_relaxed);
    int style = atomic_load_explicit(&slot->time_style, memory_order_relaxed);
    if (length <= 0 || length > RUNLOG_FINAL_LINE_CAPACITY || at < 0) {
        return;
    }
    memcpy(scratch, slot->final_lines[line], (size_t)length);
    long seconds = (long)now->tv_sec;
    if (style == RUNLOG_TIME_CLOCK && at + 8 <= length) {
        long local = ((seconds + offset) % 86400 + 86400) % 86400;
        put_digits(scratch + at, local / 3600, 2);
        scratch[at + 2] = ':';
        put_digits(scratch + at + 3, local / 60 % 60, 2);
        scratch[at + 5] = ':';
        put_digits(scratch + at + 6, local % 60, 2);
    } else if (style == RUNLOG_TIME_ISO8601 && at + 24 <= length) {
        long days = seconds >= 0 ? seconds / 86400 : (seconds - 86399) / 86400;
        long second_of_day = seconds - days * 86400;
        long year, month, day;
        civil_date(days, &year, &month, &day);
        unsigned char *out = scratch + at;
        put_digits(out, year, 4);
        out[4] = '-';
        put_digits(out + 5, month, 2);
        out[7] = '-';
        put_digits(out + 8, day, 2);
        out[10] = 'T';
        put_digits(out + 11, second_of_day / 3600, 2);
        out[13] = ':';
        put_digits(out + 14, second_of_day / 60 % 60, 2);
        out[16] = ':';
        put_digits(out + 17, second_of_day % 60, 2);
        out[19] = '.';
        put_digits(out + 20, (long)now->tv_nsec / 1000000, 3);
        out[23] = 'Z';
    }
    write_all(atomic_load(&slot->fd), scratch, length);
}

/// Lets a background write that already passed its `dumping` check finish and publish how much it wrote,
/// so the handler does not write those bytes again.
static void let_inflight_writes_settle(void) {
    for (int index = 0; index < RUNLOG_RECORDER_CAPACITY; index++) {
        runlog_slot *slot = atomic_load(&table[index]);
        if (slot != NULL && runlog_slot_load(slot, RUNLOG_SLOT_INFLIGHT, memory_order_acquire) >= 0) {
            struct timespec pause = {0, 10 * 1000 * 1000};
            nanosleep(&pause, NULL);
            return;
        }
    }
}

/// Writes every slot's pending bytes and, for fatal signal `line` (or -1 for none), its final line.
static void dump(int line) {
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    long offset = atomic_load_explicit(&utc_offset, memory_order_relaxed);
    let_inflight_writes_settle();
    for (int index = 0; index < RUNLOG_RECORDER_CAPACITY; index++) {
        runlog_slot *slot = atomic_load(&table[index]);
        if (slot == NULL) {
            continue;
        }
        write_pending(slot);
        if (line >= 0) {
            write_final_line(slot, line, &now, offset);
        }
    }
}

/// Dumps once per process (a second signal, such as another thread crashing meanwhile, waits up to two
/// seconds for the first handler to end the process), then restores the previous disposition and re-raises.
static void handle(int signal_number, int line) {
    int saved_errno = errno;
    int expected = 0;
    if (atomic_compare_exchange_strong(&dumping, &expected, 1)) {
        dump(line);
    } else {
        struct timespec pause = {0, 50 * 1000 * 1000};
        for (int tick = 0; tick < 40; tick++) {
            nanosleep(&pause, NULL);
        }
    }
    sigaction(signal_number, &previous_actions[signal_number], NULL);
    raise(signal_number);
    errno = saved_errno;
}

static void handle_fatal_signal(int signal_number) {
    int line = -1;
    for (int candidate = 0; candidate < RUNLOG_FATAL_SIGNAL_COUNT; candidate++) {
        if (runlog_fatal_signals[candidate] == signal_number) {
            line = candidate;
        }
    }
    handle(signal_number, line);
}

static void handle_termination_signal(int signal_number) {
    handle(signal_number, -1);
}

// MARK: Installing the handlers (not async-signal-safe; never called from a handler)

/// Saves the current disposition of `signal_number`, then installs `handler` on the alternate stack with
/// every signal blocked while it runs. Saving first means the handler never reads an unwritten entry.
static void install(int signal_number, void (*handler)(int), const struct sigaction *current) {
    previous_actions[signal_number] = *current;
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = handler;
    action.sa_flags = SA_ONSTACK;
    sigfillset(&action.sa_mask);
    sigaction(signal_number, &action, NULL);
}

void runlog_recorder_install_fatal_handlers(void) {
    runlog_thread_ensure_alt_stack();
    if (atomic_exchange(&fatal_installed, 1) != 0) {
        return;
    }
    runlog_recorder_refresh_utc_offset();
    for (int line = 0; line < RUNLOG_FATAL_SIGNAL_COUNT; line++) {
        struct sigaction current;
        if (sigaction(runlog_fatal_signals[line], NULL, &current) == 0) {
            install(runlog_fatal_signals[line], handle_fatal_signal, &current);
        }
    }
}

void runlog_recorder_install_termination_handlers(void) {
    if (atomic_exchange(&termination_installed, 1) != 0) {
        return;
    }
    // SIGHUP too: a closed terminal or ssh session must not lose the last 100 ms of a buffered log.
    static const int termination_signals[] = {SIGTERM, SIGINT, SIGHUP};
    for (size_t index = 0; index < sizeof termination_signals / sizeof termination_signals[0]; index++) {
        int signal_number = termination_signals[index];
        struct sigaction current;
        if (sigaction(signal_number, NULL, &current) != 0) {
            continue;
        }
        // A program that handles or ignores the signal keeps its own behaviour.
        if ((current.sa_flags & SA_SIGINFO) == 0 && current.sa_handler == SIG_DFL) {
            install(signal_number, handle_termination_signal, &current);
        }
    }
}
