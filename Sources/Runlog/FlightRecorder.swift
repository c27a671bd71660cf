import CRunlogSignal
import Synchronization

/// Writes what is still buffered, plus one final line naming the signal, when the process dies of a fatal
/// signal (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE; Swift runtime traps arrive as SIGTRAP or
/// SIGILL on Linux), and flushes buffered sinks on SIGTERM/SIGINT/SIGHUP.
///
/// The handlers are written in C (the `CRunlogSignal` target), not Swift. A signal handler may interrupt a
/// thread anywhere, even inside `malloc` or while the Swift runtime holds a lock, so it may only make
/// async-signal-safe calls; Swift cannot promise that a function makes no runtime calls (retain/release,
/// exclusivity checks on globals and class properties in debug builds, `swift_once` for lazy globals,
/// metadata access), and a handler that deadlocks in one of them loses the record it exists to write. The C
/// handlers read a fixed table of pre-allocated slots through C11 atomics and call only `write(2)`,
/// `clock_gettime`, `sigaction`, `nanosleep` and `raise`. Afterwards the signal's previous disposition is
/// restored (SIG_DFL, or a handler installed before Runlog's such as the Swift runtime's backtracer) and the
/// signal is raised again, so the process still dies of that signal.
///
/// This type is the Swift side: it registers ``RecorderSlot``s in the C table and installs the handlers.
enum FlightRecorder {
    /// How many sinks can be registered at once.
    static let capacity = Int(RUNLOG_RECORDER_CAPACITY)
    /// Whether the table-full notice was written.
    private static let reportedFull = Atomic<Bool>(false)

    /// Whether a signal handler is writing; the background writer stops writing so bytes are not doubled.
    static var isDumping: Bool { runlog_recorder_is_dumping() }

    /// Adds `slot` to the table; returns its index, or nil when the table is full (the sink then has no
    /// flight recorder, which is reported on stderr once). The slot stays registered until ``unregister(_:)``
    /// or until it is deallocated.
    static func register(_ slot: RecorderSlot) -> Int? {
        let index = Int(runlog_recorder_register(slot.cSlot))
        if index >= 0 { return index }
        if !reportedFull.exchange(true, ordering: .relaxed) {
            let text =
                "runlog: more than \(capacity) sinks are open at once; sinks beyond that are not flushed on "
                + "SIGTERM or a crash (close sinks you no longer use)\n"
            FileDescriptorIO.writeAll(2, Array(text.utf8))
        }
        return nil
    }

    /// Removes the slot at `index` from the table.
    static func unregister(_ index: Int) {
        runlog_recorder_unregister(Int32(index))
    }

    /// Installs the fatal-signal handlers (once per process) and gives the calling thread an alternate
    /// signal stack; other threads get theirs when they first log through a buffered sink.
    static func installFatalSignalHandlers() {
        runlog_recorder_install_fatal_handlers()
    }

    /// Installs SIGTERM/SIGINT/SIGHUP handlers that flush buffered sinks, for each signal whose disposition is still
    /// the default (a program that handles or ignores these signals keeps its own behaviour).
    static func installTerminationHandlers() {
        runlog_recorder_install_termination_handlers()
    }
}
