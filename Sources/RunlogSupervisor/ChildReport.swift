public import Foundation

/// What happened to one child: when it ran, its pid and how it ended.
public struct ChildReport: Sendable {
    /// The spec's name.
    public var name: String
    /// The process id (also its process group id: each child leads its own group).
    public var pid: Int32
    /// When the child was started.
    public var startedAt: Date
    /// When its exit was observed.
    public var endedAt: Date
    /// How it ended.
    public var status: ExitStatus
    /// Whether the supervisor had already signalled it to stop when it ended (its exit is then a
    /// consequence of the shutdown, not a failure of its own).
    public var wasStopped: Bool
    /// The spec's summary fields.
    public var summaryFields: [SummaryField]
    /// The spec's summary log files.
    public var summaryLogFiles: [String]
    /// The spec's error file.
    public var errorFile: String?

    /// Whether this exit counts as a failure of the child itself.
    public var isFailure: Bool { !status.isSuccess && !wasStopped }
}

/// Why a supervisor stopped its children before they all exited on their own.
public enum StopReason: Sendable, Equatable, CustomStringConvertible {
    /// A child failed (non-zero exit or a signal): the named child is the root cause.
    case childFailed(String)
    /// A child whose policy is ``SuccessPolicy/stopOthers`` succeeded.
    case childSucceeded(String)
    /// The supervisor received this signal and forwarded it.
    case signal(Int32)
    /// ``Supervisor/stop(reason:)`` was called.
    case requested(String)

    /// A short human phrase.
    public var description: String {
        switch self {
        case .childFailed(let name): return "\(name) failed"
        case .childSucceeded(let name): return "\(name) finished"
        case .signal(let number): return "received \(ExitStatus.name(ofSignal: number))"
        case .requested(let reason): return reason
        }
    }
}
