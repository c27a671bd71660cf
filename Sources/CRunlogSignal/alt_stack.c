// Per-thread alternate signal stacks for the flight recorder.
//
// A stack overflow raises SIGSEGV on a thread whose stack is exhausted; the kernel can only run a handler
// for it on an alternate stack, and alternate stacks are per thread. So every thread that logs through a
// buffered sink gets one on its first record (a thread-local flag makes later records pay one load and a
// branch). Each stack is an mmap with a PROT_NONE guard page below it, so a handler that overran it would
// fault instead of writing over other memory, and it is unmapped by a pthread key destructor when the
// thread exits, so programs that start many short-lived threads do not grow.

#define _GNU_SOURCE
#include "CRunlogSignal.h"

#include <pthread.h>
#include <signal.h>
#include <stdint.h>
#include <sys/mman.h>
#include <unistd.h>

_Thread_local bool runlog_thread_alt_stack_checked;

/// Usable bytes per alternate stack: room for the handler, and for a handler installed before Runlog's
/// (such as the Swift runtime's backtracer) that runs after it on the same stack.
static const size_t alt_stack_size = 64 * 1024;

static pthread_key_t alt_stack_key;
static pthread_once_t alt_stack_key_once = PTHREAD_ONCE_INIT;
static bool alt_stack_key_ready;

static size_t page_size(void) {
    long size = sysconf(_SC_PAGESIZE);
    return size > 0 ? (size_t)size : 4096;
}

/// Runs when a thread that has one of our stacks exits: switch the stack off, then unmap it.
static void release_alt_stack(void *mapping) {
    size_t guard = page_size();
    stack_t current;
    if (sigaltstack(NULL, &current) == 0 && current.ss_sp == (char *)mapping + guard &&
        (current.ss_flags & SS_DISABLE) == 0) {
        if ((current.ss_flags & SS_ONSTACK) != 0) {
            return;  // a handler is running on it (the thread exits from inside one): leave it mapped
        }
        stack_t off = {.ss_sp = NULL, .ss_flags = SS_DISABLE, .ss_size = 0};
        if (sigaltstack(&off, NULL) != 0) {
            return;
        }
    }
    munmap(mapping, guard + alt_stack_size);
}

static void create_alt_stack_key(void) {
    alt_stack_key_ready = pthread_key_create(&alt_stack_key, release_alt_stack) == 0;
}

void runlog_thread_install_alt_stack(void) {
    // One attempt per thread, whatever happens below.
    runlog_thread_alt_stack_checked = true;
    stack_t current;
    if (sigaltstack(NULL, &current) != 0 || (current.ss_flags & SS_DISABLE) == 0) {
        return;  // the thread already has one (someone else's): keep it
    }
    pthread_once(&alt_stack_key_once, create_alt_stack_key);
    if (!alt_stack_key_ready) {
        return;  // without a destructor the stack would leak at thread exit
    }
    size_t guard = page_size();
    void *mapping = mmap(NULL, guard + alt_stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (mapping == MAP_FAILED) {
        return;
    }
    if (mprotect(mapping, guard, PROT_NONE) != 0) {
        munmap(mapping, guard + alt_stack_size);
        return;
    }
    stack_t stack = {.ss_sp = (char *)mapping + guard, .ss_flags = 0, .ss_size = alt_stack_size};
    if (sigaltstack(&stack, NULL) != 0) {
        munmap(mapping, guard + alt_stack_size);
        return;
    }
    if (pthread_setspecific(alt_stack_key, mapping) != 0) {
        stack_t off = {.ss_sp = NULL, .ss_flags = SS_DISABLE, .ss_size = 0};
        sigaltstack(&off, NULL);
        munmap(mapping, guard + alt_stack_size);
    }
}
