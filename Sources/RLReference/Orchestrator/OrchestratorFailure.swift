/// Why the orchestrator stopped before finishing; ``exitStatus`` is what its process exits with.
public struct OrchestratorFailure: Error, Sendable, CustomStringConvertible {
    /// What went wrong and, where possible, what to do about it.
    public let description: String
    /// 1 for a failure, 128 + n when the orchestrator was told to stop by signal n.
    public let exitStatus: Int32

    init(_ description: String, exitStatus: Int32 = 1) {
        self.description = description
        self.exitStatus = exitStatus
    }
}
