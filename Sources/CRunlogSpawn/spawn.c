// Process creation for RunlogSupervisor, in C because the child must run code between fork and exec.
//
// Why not swift-subprocess (1.0.2) or posix_spawn: on Linux neither lets the child call
// prctl(PR_SET_PDEATHSIG) before exec (swift-subprocess has its pre-spawn hook on Darwin only, and
// posix_spawn has no such attribute), and prctl is variadic, which Swift cannot call. Without a
// parent-death signal, children of a SIGKILLed supervisor live on as orphans (torchrun's behaviour).
// Why not fork in Swift: after fork in a multi-threaded process the child may only call
// async-signal-safe functions until exec; Swift code can allocate or take runtime locks, C here does not.
//
// Everything the child does between fork and execve below is async-signal-safe.
//
// Children that exec are started with clone(CLONE_VM | CLONE_VFORK), as glibc's posix_spawn does: the child
// borrows the parent's memory until execve instead of getting a copy of its page tables, which was the
// largest item of a launcher's start-up (the parent waits meanwhile, so nothing runs against the shared
// memory). Sanitizer builds keep fork: their run-time would see the child's calls as its own.

#define _GNU_SOURCE
#include "CRunlogSpawn.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <sched.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

// Marks every descriptor from 3 up close-on-exec, so the child keeps only 0, 1, 2 (and the error
// pipe until exec succeeds). close_range needs Linux 5.11; older kernels get the slow loop.
static void mark_all_cloexec_from_3(void) {
#ifdef SYS_close_range
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) == 0) {
        return;
    }
#endif
    long max_fd = sysconf(_SC_OPEN_MAX);
    if (max_fd < 0 || max_fd > 65536) {
        max_fd = 65536;
    }
    for (int fd = 3; fd < max_fd; fd++) {
        int flags = fcntl(fd, F_GETFD);
        if (flags >= 0) {
            fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
        }
    }
}

static void report_and_exit(int error_fd, int error_number) {
    ssize_t ignored = write(error_fd, &error_number, sizeof error_number);
    (void)ignored;
    _exit(127);
}

// The child's side: runs in the forked copy, never returns.
static void run_child(const runlog_spawn_request *request, pid_t parent_pid, int error_fd) {
    // Handlers installed by the parent would run parent code: restore defaults and an empty mask.
    struct sigaction default_action;
    memset(&default_action, 0, sizeof default_action);
    default_action.sa_handler = SIG_DFL;
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig != SIGKILL && sig != SIGSTOP) {
            sigaction(sig, &default_action, NULL);
        }
    }
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, NULL);

    if (request->new_session && setsid() < 0) {
        report_and_exit(error_fd, errno);
    }
    if (request->parent_death_signal > 0) {
        if (prctl(PR_SET_PDEATHSIG, (unsigned long)request->parent_death_signal) < 0) {
            report_and_exit(error_fd, errno);
        }
        // The parent may have died between fork and prctl; then no signal would ever come.
        if (getppid() != parent_pid) {
            kill(getpid(), request->parent_death_signal);
            _exit(127);
        }
    }

    // Move sources that sit on 0..2 out of the way first, so one dup2 cannot clobber another's source.
    int sources[3];
    for (int i = 0; i < 3; i++) {
        int source = request->stdio[i];
        if (source >= 0 && source < 3 && source != i) {
            source = fcntl(source, F_DUPFD_CLOEXEC, 3);
            if (source < 0) {
                report_and_exit(error_fd, errno);
            }
        }
        sources[i] = source;
    }
    for (int i = 0; i < 3; i++) {
        if (sources[i] < 0) {
            continue;
        }
        if (sources[i] == i) {
            fcntl(i, F_SETFD, 0);
        } else if (dup2(sources[i], i) < 0) {
            report_and_exit(error_fd, errno);
        }
    }
    mark_all_cloexec_from_3();

    if (request->cwd != NULL && chdir(request->cwd) < 0) {
        report_and_exit(error_fd, errno);
    }
    execve(request->path, request->argv, request->envp);
    report_and_exit(error_fd, errno);
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer) || __has_feature(thread_sanitizer)
#define RUNLOG_SPAWN_WITH_FORK 1
#endif
#endif

#if defined(__linux__) && !defined(RUNLOG_SPAWN_WITH_FORK)
// What the cloned child needs; it lives on the parent's stack, which the child may read because the parent
// waits until the child has called execve or _exit.
typedef struct child_arguments {
    const runlog_spawn_request *request;
    pid_t parent_pid;
    int error_read_fd;
    int error_write_fd;
} child_arguments;

static int child_entry(void *raw) {
    const child_arguments *arguments = raw;
    close(arguments->error_read_fd);  // the child's own descriptor table: the parent's stays open
    run_child(arguments->request, arguments->parent_pid, arguments->error_write_fd);
    _exit(127);
}

// Starts the child on a stack of its own; returns its pid, or -1 with errno set.
static pid_t start_child(const runlog_spawn_request *request, pid_t parent_pid, const int error_pipe[2]) {
    enum { CHILD_STACK_BYTES = 64 * 1024 };
    void *stack = mmap(NULL, CHILD_STACK_BYTES, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK,
                       -1, 0);
    if (stack == MAP_FAILED) {
        return -1;
    }
    child_arguments arguments = {request, parent_pid, error_pipe[0], error_pipe[1]};
    // The stack grows down on every architecture Linux runs Swift on: pass its top.
    pid_t pid = clone(child_entry, (char *)stack + CHILD_STACK_BYTES, CLONE_VM | CLONE_VFORK | SIGCHLD, &arguments);
    int clone_errno = errno;
    munmap(stack, CHILD_STACK_BYTES);  // the child has exec'ed or exited: the stack is free
    errno = clone_errno;
    return pid;
}
#else
static pid_t start_child(const runlog_spawn_request *request, pid_t parent_pid, const int error_pipe[2]) {
    pid_t pid = fork();
    if (pid == 0) {
        close(error_pipe[0]);
        run_child(request, parent_pid, error_pipe[1]);
        _exit(127);
    }
    return pid;
}
#endif

pid_t runlog_spawn(const runlog_spawn_request *request, int *out_errno) {
    int error_pipe[2];
    if (pipe2(error_pipe, O_CLOEXEC) < 0) {
        *out_errno = errno;
        return -1;
    }
    pid_t parent_pid = getpid();
    // Signals stay blocked from fork until the child has reset its handlers: otherwise a Ctrl-C in that
    // window would run the parent's forwarding handler in the child and reach the parent twice.
    sigset_t all, previous_mask;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous_mask);
    pid_t pid = start_child(request, parent_pid, error_pipe);
    if (pid < 0) {
        *out_errno = errno;
        pthread_sigmask(SIG_SETMASK, &previous_mask, NULL);
        close(error_pipe[0]);
        close(error_pipe[1]);
        return -1;
    }
    pthread_sigmask(SIG_SETMASK, &previous_mask, NULL);
    close(error_pipe[1]);
    // The write end closes on a successful exec (O_CLOEXEC): zero bytes means the program runs.
    int child_errno = 0;
    ssize_t got;
    do {
        got = read(error_pipe[0], &child_errno, sizeof child_errno);
    } while (got < 0 && errno == EINTR);
    close(error_pipe[0]);
    if (got == (ssize_t)sizeof child_errno) {
        int status;
        while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
        }
        *out_errno = child_errno;
        return -1;
    }
    *out_errno = 0;
    return pid;
}

// The watchdog's memory: filled only in the forked copy, so no lock is needed.
#define WATCHDOG_MAX_GROUPS 4096
static pid_t watchdog_groups[WATCHDOG_MAX_GROUPS];

// The watchdog's side: runs in the forked copy (async-signal-safe calls only) and never returns.
static void run_watchdog(int read_fd) {
    // Its own session: a signal to the supervisor's process group (Ctrl-C, a launcher stopping the
    // supervisor's group) must not take the watchdog down with it.
    setsid();
    // Parent handlers would run parent code here: every signal goes back to its default, except those
    // that would end the watchdog before its job (a terminal's Ctrl-C, a group SIGTERM, a closed pipe).
    struct sigaction action;
    memset(&action, 0, sizeof action);
    for (int sig = 1; sig < NSIG; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP) {
            continue;
        }
        int ignored = sig == SIGINT || sig == SIGTERM || sig == SIGHUP || sig == SIGQUIT || sig == SIGPIPE ||
                      sig == SIGUSR1 || sig == SIGUSR2;
        action.sa_handler = ignored ? SIG_IGN : SIG_DFL;
        sigaction(sig, &action, NULL);
    }
    sigset_t empty;
    sigemptyset(&empty);
    sigprocmask(SIG_SETMASK, &empty, NULL);
    for (int fd = 0; fd < 3; fd++) {
        if (fd != read_fd) {
            close(fd);
        }
    }
#ifdef SYS_close_range
    if (read_fd > 3) {
        syscall(SYS_close_range, 3U, (unsigned)read_fd - 1, 0U);
    }
    syscall(SYS_close_range, (unsigned)read_fd + 1, ~0U, 0U);
#endif
    int count = 0;
    int done = 0;
    unsigned char buffer[4096 + sizeof(pid_t)];
    size_t held = 0;
    for (;;) {
        ssize_t got = read(read_fd, buffer + held, sizeof buffer - held);
        if (got < 0 && errno == EINTR) {
            continue;
        }
        if (got <= 0) {
            break;
        }
        held += (size_t)got;
        size_t offset = 0;
        while (held - offset >= sizeof(pid_t)) {
            pid_t group;
            memcpy(&group, buffer + offset, sizeof group);
            offset += sizeof group;
            if (group == 0) {
                done = 1;
            } else if (group > 0 && count < WATCHDOG_MAX_GROUPS) {
                watchdog_groups[count++] = group;
            }
        }
        memmove(buffer, buffer + offset, held - offset);
        held -= offset;
    }
    if (!done) {
        for (int i = 0; i < count; i++) {
            kill(-watchdog_groups[i], SIGKILL);
        }
    }
    _exit(0);
}

pid_t runlog_start_watchdog(int *out_write_fd) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) < 0) {
        return -1;
    }
    sigset_t all, previous_mask;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &previous_mask);  // as in runlog_spawn
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        pthread_sigmask(SIG_SETMASK, &previous_mask, NULL);
        close(fds[0]);
        close(fds[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        close(fds[1]);
        run_watchdog(fds[0]);
        _exit(0);
    }
    pthread_sigmask(SIG_SETMASK, &previous_mask, NULL);
    close(fds[0]);
    *out_write_fd = fds[1];
    return pid;
}

int runlog_pipe(int fds[2], int extra_flags) { return pipe2(fds, O_CLOEXEC | extra_flags); }

int runlog_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

const char *runlog_signal_abbreviation(int signal_number) { return sigabbrev_np(signal_number); }

// One pipe per signal number; the handler only writes a byte (async-signal-safe).
static volatile int forward_fds[NSIG];
static struct sigaction previous_actions[NSIG];

static void forward_handler(int signal_number) {
    int saved_errno = errno;
    if (signal_number > 0 && signal_number < NSIG) {
        int fd = forward_fds[signal_number];
        if (fd > 0) {
            unsigned char byte = (unsigned char)signal_number;
            ssize_t ignored = write(fd, &byte, 1);
            (void)ignored;
        }
    }
    errno = saved_errno;
}

int runlog_forward_signal_to_pipe(int signal_number, int write_fd) {
    if (signal_number <= 0 || signal_number >= NSIG || write_fd <= 0) {
        errno = EINVAL;
        return -1;
    }
    struct sigaction action;
    memset(&action, 0, sizeof action);
    action.sa_handler = forward_handler;
    action.sa_flags = SA_RESTART;
    sigemptyset(&action.sa_mask);
    // Keep the disposition we replace (say, a logger's flush-on-SIGTERM handler) to put it back later.
    struct sigaction *keep = forward_fds[signal_number] > 0 ? NULL : &previous_actions[signal_number];
    forward_fds[signal_number] = write_fd;
    return sigaction(signal_number, &action, keep);
}

int runlog_restore_signal(int signal_number) {
    if (signal_number <= 0 || signal_number >= NSIG) {
        errno = EINVAL;
        return -1;
    }
    if (forward_fds[signal_number] <= 0) {
        return 0;  // not ours
    }
    int result = sigaction(signal_number, &previous_actions[signal_number], NULL);
    forward_fds[signal_number] = 0;
    return result;
}
