// Counts calls to malloc, calloc, realloc and the aligned allocators made by this process.
// The executable that links this target defines those functions; the dynamic linker then resolves every
// library's allocations (the Swift runtime's included) to them, and they forward to glibc.
#ifndef CMALLOCCOUNTER_H
#define CMALLOCCOUNTER_H

#include <stdint.h>

/// The number of allocation calls since the process started (all threads).
uint64_t rlbench_allocation_count(void);

/// Whether the interposer is active (false when something else resolved malloc first).
int rlbench_allocation_counter_active(void);

#endif
