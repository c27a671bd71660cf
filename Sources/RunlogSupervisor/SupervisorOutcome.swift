/// The result of supervising a group: every child's report, the root cause of a failure, and why the
/// group was stopped.
public struct SupervisorOutcome: Sendable {
    /// Every child, in start order.
    public var children: [ChildReport]
    /// Why the supervisor stopped the group, or `nil` when every child exited on its own.
    public var stopReason: StopReason?
    /// The first child that failed by itself, if any.
    public var rootCause: ChildReport?

    /// Creates an outcome (the supervisor makes these; tests and launchers may build their own).
    /// - Parameters:
    ///   - children: Every child's report, in start order.
    ///   - stopReason: Why the group was stopped, if it was.
    ///   - rootCause: The first child that failed by itself.
    public init(children: [ChildReport], stopReason: StopReason? = nil, rootCause: ChildReport? = nil) {
        self.children = children
        self.stopReason = stopReason
        self.rootCause = rootCause
    }

    /// Failures other than the root cause that were not caused by the shutdown, in order of exit.
    public var otherFailures: [ChildReport] {
        children.filter { $0.isFailure && $0.pid != rootCause?.pid }.sorted { $0.endedAt < $1.endedAt }
    }

    /// Children that were still running when the group was stopped, and how they ended.
    public var stoppedChildren: [ChildReport] {
        children.filter { $0.wasStopped }
    }

    /// Whether the group did its work: no child failed and no signal stopped it.
    public var succeeded: Bool {
        if rootCause != nil { return false }
        if case .signal = stopReason { return false }
        return true
    }

    /// A process exit status for a launcher: 0 on success, 128 + n when stopped by signal n, else 1.
    public var suggestedExitStatus: Int32 {
        if succeeded { return 0 }
        if case .signal(let number) = stopReason { return 128 + number }
        return 1
    }
}
