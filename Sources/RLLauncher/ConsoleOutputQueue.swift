import Foundation
import RunlogWatch

/// rl's console output, written by a thread of its own so that a console nobody reads (a full pipe, a
/// terminal paused with Ctrl-S) never stalls supervision, signal handling or shutdown.
///
/// Writes are queued in order and written whole by the writer thread. While more than `limit` bytes wait,
/// further writes are dropped and counted (the log files have every line); once the console is read again
/// one line says how many were dropped. At the end of a run ``drain(timeout:)`` gives the console a bounded
/// time to take what is left.
final class ConsoleOutputQueue: @unchecked Sendable {
    private let condition = NSCondition()
    private var pending: [(descriptor: Int32, text: String)] = []
    private var pendingBytes = 0
    private var dropped = 0
    private var writing = false
    /// Writes finished so far, so that ``drain(timeout:stall:)`` can tell a slow console from a stuck one.
    private var completed = 0
    private let limit: Int
    private let write: @Sendable (Int32, String) -> Void

    /// Starts the writer thread.
    /// - Parameters:
    ///   - limit: Bytes that may wait for the console before writes are dropped.
    ///   - write: Writes text to a descriptor whole; blocking is fine, it runs on the writer thread.
    init(limit: Int = 4 << 20, write: @escaping @Sendable (Int32, String) -> Void = ProgressConsole.write) {
        self.limit = limit
        self.write = write
        let thread = Thread { [self] in run() }
        thread.name = "rl console"
        thread.start()
    }

    /// Queues `text` for `descriptor`; never blocks on the console.
    func enqueue(_ descriptor: Int32, _ text: String) {
        guard !text.isEmpty else { return }
        condition.lock()
        defer { condition.unlock() }
        if pendingBytes + text.utf8.count > limit && !pending.isEmpty {
            dropped += 1
            return
        }
        pending.append((descriptor, text))
        pendingBytes += text.utf8.count
        condition.signal()
    }

    /// Waits until everything queued is written: at most `timeout` seconds, and no longer than `stall`
    /// seconds without a write completing (a console nobody reads takes nothing more); returns whether it was.
    @discardableResult
    func drain(timeout: TimeInterval, stall: TimeInterval = 0.5) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        condition.lock()
        defer { condition.unlock() }
        var seen = completed
        var progressDeadline = Date().addingTimeInterval(stall)
        while !pending.isEmpty || writing {
            guard condition.wait(until: min(deadline, progressDeadline)) || completed != seen else { return false }
            if completed != seen {
                seen = completed
                progressDeadline = Date().addingTimeInterval(stall)
            }
        }
        return true
    }

    private func run() {
        while true {
            condition.lock()
            while pending.isEmpty { condition.wait() }
            var batch = pending
            pending = []
            pendingBytes = 0
            if dropped > 0 {
                batch.insert(
                    (
                        1,
                        "rl: \(dropped) console writes were dropped while standard output was not read; the log files have every line\n"
                    ),
                    at: 0
                )
                dropped = 0
            }
            writing = true
            condition.unlock()
            for (descriptor, text) in batch {
                write(descriptor, text)
                condition.lock()
                completed &+= 1
                condition.broadcast()
                condition.unlock()
            }
            condition.lock()
            writing = false
            condition.broadcast()
            condition.unlock()
        }
    }
}
