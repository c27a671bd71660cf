import CRunlogSpawn
import Glibc
import Synchronization

/// Turns signals into bytes on a pipe the supervisor's poll loop reads (a signal handler may do little
/// more than `write(2)`). One pipe per process: signal dispositions are process-wide.
enum SignalRelay {
    private static let pipeFDs: (read: Int32, write: Int32)? = {
        var fds: [Int32] = [0, 0]
        guard runlog_pipe(&fds, O_NONBLOCK) == 0 else { return nil }
        return (fds[0], fds[1])
    }()

    /// The read end, or -1 when no pipe could be made.
    static var readFD: Int32 { pipeFDs?.read ?? -1 }

    static func install(_ signals: [Int32]) {
        guard let fds = pipeFDs else { return }
        // A closed console pipe must not kill the supervisor; children get SIGPIPE back (spawn.c resets it).
        signal(SIGPIPE, SIG_IGN)
        for number in signals {
            _ = runlog_forward_signal_to_pipe(number, fds.write)
        }
    }

    static func restore(_ signals: [Int32]) {
        for number in signals {
            _ = runlog_restore_signal(number)
        }
    }

    /// Reads the signal numbers that arrived since the last call.
    static func drain() -> [Int32] {
        var received: [Int32] = []
        var buffer = [UInt8](repeating: 0, count: 64)
        while true {
            let count = read(readFD, &buffer, buffer.count)
            if count <= 0 { break }
            received.append(contentsOf: buffer[0..<count].map { Int32($0) })
        }
        return received
    }
}
