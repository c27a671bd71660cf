// The slots the flight recorder's handlers read: one per sink, allocated and armed outside any handler.
// (The handlers and the table they read are in flight_recorder.c.)

#include "CRunlogSignal.h"
#include "fatal_signals.h"

#include <stdlib.h>
#include <string.h>

runlog_slot *runlog_slot_create(int fd, long half_capacity) {
    runlog_slot *slot = calloc(1, sizeof(runlog_slot));
    if (slot == NULL) {
        return NULL;
    }
    unsigned char *storage = NULL;
    if (half_capacity > 0) {
        storage = malloc(2 * (size_t)half_capacity);
        if (storage == NULL) {
            free(slot);
            return NULL;
        }
    }
    atomic_init(&slot->fd, fd);
    atomic_init(&slot->storage, storage);
    atomic_init(&slot->half_capacity, half_capacity > 0 ? half_capacity : 0);
    for (int counter = 0; counter < RUNLOG_SLOT_COUNTER_COUNT; counter++) {
        atomic_init(&slot->counters[counter], 0);
    }
    atomic_init(&slot->counters[RUNLOG_SLOT_INFLIGHT], -1);
    atomic_init(&slot->armed, 0);
    atomic_init(&slot->time_style, RUNLOG_TIME_CLOCK);
    atomic_init(&slot->time_offset, 0);
    for (int line = 0; line < RUNLOG_FATAL_SIGNAL_COUNT; line++) {
        atomic_init(&slot->final_length[line], 0);
    }
    atomic_init(&slot->index, -1);
    return slot;
}

void runlog_slot_destroy(runlog_slot *slot) {
    if (slot == NULL) {
        return;
    }
    int index = atomic_load(&slot->index);
    if (index >= 0) {
        runlog_recorder_unregister(index);
    }
    // The unregistering exchange above (or the one long before) precedes this sequentially consistent load:
    // a handler that starts dumping later finds the entry empty; one that started earlier may hold the
    // slot, so it is kept (the process is ending anyway).
    if (runlog_recorder_is_dumping()) {
        return;
    }
    free(atomic_load(&slot->storage));
    free(slot);
}

bool runlog_slot_begin_arming(runlog_slot *slot) {
    int expected = 0;
    return atomic_compare_exchange_strong(&slot->armed, &expected, 2);
}

void runlog_slot_set_final_line(runlog_slot *slot, int signal_number, const unsigned char *bytes, long length) {
    for (int line = 0; line < RUNLOG_FATAL_SIGNAL_COUNT; line++) {
        if (runlog_fatal_signals[line] != signal_number) {
            continue;
        }
        long kept = length < 0 ? 0 : (length > RUNLOG_FINAL_LINE_CAPACITY ? RUNLOG_FINAL_LINE_CAPACITY : length);
        memcpy(slot->final_lines[line], bytes, (size_t)kept);
        atomic_store_explicit(&slot->final_length[line], kept, memory_order_relaxed);
    }
}

void runlog_slot_finish_arming(runlog_slot *slot, runlog_time_style style, long time_offset) {
    atomic_store_explicit(&slot->time_style, (int)style, memory_order_relaxed);
    atomic_store_explicit(&slot->time_offset, time_offset, memory_order_relaxed);
    runlog_recorder_refresh_utc_offset();
    atomic_store_explicit(&slot->armed, 1, memory_order_release);
}
