import Glibc

/// The process groups of children that have been reaped while other members of their group (the
/// child's own children) were still running. Each child leads its own group, so whatever it started
/// and left behind is found by the group id, however it was named or reparented. Such a group gets
/// SIGTERM the moment its leader is reaped and SIGKILL when its deadline passes; the run ends only once
/// every such group is empty. Confined to the supervisor's thread.
///
/// Why right at the reap, and why the frequent checks: a process group id stays reserved while the group
/// has a member, and is free for a new process once the last one is gone. Signalling the group just
/// after `waitpid(2)` returned, and checking the tracked groups every ``checkInterval`` (with signal 0),
/// keeps the window in which a group could have emptied and its id have been handed to an unrelated
/// process down to that interval; the kernel hands pids out in a cycle, so reusing one within it takes a
/// whole pid space's worth of process creation.
struct LeftoverGroups {
    /// How often the tracked groups are checked for members while any is tracked.
    static let checkInterval = Duration.milliseconds(50)
    /// How long a group is still waited for after its SIGKILL, for members that the kernel has yet to take
    /// down (or zombies that a non-reaping init never collects).
    static let afterKill = Duration.seconds(1)

    private struct Group {
        let id: Int32
        var deadline: ContinuousClock.Instant
        var killed: Bool
    }

    private var groups: [Group] = []

    /// Whether no group is tracked.
    var isEmpty: Bool { groups.isEmpty }

    /// The earliest instant at which a tracked group needs attention (its SIGKILL, or giving up on it).
    var nextDeadline: ContinuousClock.Instant? { groups.map(\.deadline).min() }

    /// Called just after the leader of group `id` was reaped: signals what is left of the group and
    /// tracks it if anything was.
    ///
    /// - Parameters:
    ///   - id: The reaped child's pid, which is its process group id.
    ///   - signal: SIGTERM, the stop's signal, or SIGKILL when the stop is already past its grace period.
    ///   - deadline: When the group gets SIGKILL.
    mutating func leaderReaped(_ id: Int32, signal: Int32, deadline: ContinuousClock.Instant) {
        guard kill(-id, signal) == 0 else { return }  // ESRCH: nothing was left in the group
        let killed = signal == SIGKILL
        groups.append(
            Group(id: id, deadline: killed ? .now.advanced(by: Self.afterKill) : deadline, killed: killed)
        )
    }

    /// Sends `signal` to every tracked group (a stop, or a signal forwarded during one).
    ///
    /// - Parameters:
    ///   - signal: The signal.
    ///   - deadline: Moves each group's SIGKILL no later than this.
    mutating func signalAll(_ signal: Int32, deadline: ContinuousClock.Instant) {
        prune()
        for index in groups.indices where !groups[index].killed {
            kill(-groups[index].id, signal)
            groups[index].deadline = min(groups[index].deadline, deadline)
        }
    }

    /// SIGKILLs every tracked group now.
    mutating func killAll() {
        prune()
        for index in groups.indices where !groups[index].killed {
            kill(-groups[index].id, SIGKILL)
            groups[index].killed = true
            groups[index].deadline = .now.advanced(by: Self.afterKill)
        }
    }

    /// Forgets the groups that have no member left, SIGKILLs those past their deadline and gives up on
    /// those that a SIGKILL did not empty in time.
    mutating func check(now: ContinuousClock.Instant = .now) {
        prune()
        groups.removeAll { $0.killed && $0.deadline <= now }
        for index in groups.indices where groups[index].deadline <= now {
            kill(-groups[index].id, SIGKILL)
            groups[index].killed = true
            groups[index].deadline = now.advanced(by: Self.afterKill)
        }
    }

    private mutating func prune() {
        groups.removeAll { kill(-$0.id, 0) != 0 && errno == ESRCH }
    }
}
