internal import CRunlogSpawn

/// How a child process ended.
public enum ExitStatus: Sendable, Equatable, CustomStringConvertible {
    /// The process called `exit` with this code.
    case exited(Int32)
    /// The process was ended by this signal.
    case signaled(Int32)

    /// Whether this is `exit(0)`.
    public var isSuccess: Bool { self == .exited(0) }

    /// The signal's name (`SIGTERM`) when the process was ended by a signal.
    public var signalName: String? {
        guard case .signaled(let number) = self else { return nil }
        return ExitStatus.name(ofSignal: number)
    }

    /// The status a shell would report: the exit code, or 128 + the signal number.
    public var shellStatus: Int32 {
        switch self {
        case .exited(let code): return code
        case .signaled(let number): return 128 + number
        }
    }

    /// `exit code 1` or `signal SIGKILL (9)`.
    public var description: String {
        switch self {
        case .exited(let code): return "exit code \(code)"
        case .signaled(let number): return "signal \(ExitStatus.name(ofSignal: number)) (\(number))"
        }
    }

    /// The conventional name of a signal number, such as `SIGTERM`, or `SIG<n>` when unknown.
    /// - Parameter number: A signal number.
    public static func name(ofSignal number: Int32) -> String {
        if let abbreviation = runlog_signal_abbreviation(number) {
            return "SIG" + String(cString: abbreviation)
        }
        return "SIG\(number)"
    }

    /// Decodes a `waitpid` status word.
    init(waitStatus status: Int32) {
        let signal = status & 0x7f
        if signal == 0 {
            self = .exited((status >> 8) & 0xff)
        } else {
            self = .signaled(signal)
        }
    }
}
