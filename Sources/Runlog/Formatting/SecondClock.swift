import CRunlogHotPath

/// The wall clock in whole seconds, for text lines (they show `HH:mm:ss`).
///
/// Reading `clock_gettime` costs about as much as formatting half a line; within a second the answer does not
/// change, so each thread keeps the current second with a window of CPU time-stamp-counter readings that are
/// known to fall inside it, and reads the real clock only when a reading leaves the window (within a
/// millisecond of the next second, every 10 ms at most, and always where the counter is not invariant). See
/// `CRunlogHotPath.h` for why the second returned is never one that already ended.
///
/// ```swift
/// let seconds = SecondClock.now()   // == Timestamp.now().seconds, read 10 to 30 ns sooner
/// ```
enum SecondClock {
    /// The current second since the epoch (`CLOCK_REALTIME`).
    @inline(__always)
    static func now() -> Int {
        Int(runlog_clock_seconds())
    }
}
