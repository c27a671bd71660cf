#pragma once
// The few process-control steps Swift cannot take itself on Linux (see spawn.c for why each is in C).

#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/// What the child's standard stream `n` becomes: a file descriptor of the parent to dup2 onto it,
/// or -1 to leave the inherited one alone.
typedef struct runlog_spawn_request {
    /// Absolute or relative path of the program (no PATH search here: the caller resolves it).
    const char *path;
    /// NULL-terminated argument vector, argv[0] included.
    char *const *argv;
    /// NULL-terminated environment, "KEY=value" strings.
    char *const *envp;
    /// Working directory of the child, or NULL to inherit.
    const char *cwd;
    /// Parent descriptors to become the child's 0, 1 and 2; -1 keeps the inherited one.
    int stdio[3];
    /// Non-zero: the child starts a new session (and so a new process group whose id is its pid).
    int new_session;
    /// Signal the kernel sends the child when the forking thread dies, or 0 for none.
    int parent_death_signal;
} runlog_spawn_request;

/// Forks and executes `request` in the child. Returns the child's pid, or -1 with `*out_errno` set
/// (exec failures, such as ENOENT or EACCES, are reported here too, not as an exit status).
/// Call it from a thread that outlives the child: the parent-death signal is tied to that thread.
pid_t runlog_spawn(const runlog_spawn_request *request, int *out_errno);

/// Forks a watchdog that outlives a killed supervisor long enough to SIGKILL what its children left
/// behind. Write each child's process group id to `*out_write_fd` (4 bytes, native order); write 0 to
/// say the group ended normally, then close the descriptor. When the descriptor closes without that 0
/// (the supervisor died, even by SIGKILL), the watchdog sends SIGKILL to every recorded group and exits.
/// Returns the watchdog's pid (reap it with waitpid), or -1 with errno.
pid_t runlog_start_watchdog(int *out_write_fd);

/// pipe2(2) with O_CLOEXEC plus `extra_flags` (such as O_NONBLOCK): `fds[0]` reads, `fds[1]` writes.
int runlog_pipe(int fds[2], int extra_flags);

/// pidfd_open(2): a descriptor that polls readable once `pid` has exited; -1 with errno if unsupported.
int runlog_pidfd_open(pid_t pid);

/// The signal's abbreviation without "SIG" ("TERM", "KILL"), or NULL when the number is unknown.
const char *runlog_signal_abbreviation(int signal_number);

/// Installs a handler for `signal_number` that writes the signal number as one byte to `write_fd`
/// (a non-blocking pipe). Returns 0, or -1 with errno.
int runlog_forward_signal_to_pipe(int signal_number, int write_fd);

/// Puts back the disposition `runlog_forward_signal_to_pipe` replaced and stops writing the signal to the pipe.
int runlog_restore_signal(int signal_number);

#ifdef __cplusplus
}
#endif
