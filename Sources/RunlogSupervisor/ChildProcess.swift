import CRunlogSpawn
import Foundation
import Glibc

/// One supervised child and its life: running, then stopping once signalled, then exited.
/// Confined to the supervisor's thread.
final class ChildProcess {
    enum State {
        /// Started and not signalled.
        case running
        /// Signalled to stop (the grace deadline belongs to the loop).
        case stopping
        /// Reaped.
        case exited(ChildReport)
    }

    let spec: ChildSpec
    let pid: Int32
    let startedAt: Date
    /// pidfd_open(2) of the child, readable once it exits; -1 when the kernel lacks it (then the loop
    /// polls with waitpid on a short timer).
    private(set) var pidFD: Int32
    var readers: [OutputReader]
    private(set) var state: State = .running

    init(spec: ChildSpec, pid: Int32, readers: [OutputReader]) {
        self.spec = spec
        self.pid = pid
        self.readers = readers
        self.startedAt = Date()
        self.pidFD = runlog_pidfd_open(pid)  // always close-on-exec
    }

    var hasExited: Bool {
        if case .exited = state { return true }
        return false
    }

    var report: ChildReport? {
        if case .exited(let report) = state { return report }
        return nil
    }

    /// Sends `signal` to the child's whole process group and marks it stopping.
    func signalGroup(_ signal: Int32) {
        if case .running = state {
            state = .stopping
        }
        kill(-pid, signal)
    }

    /// Reaps the child if it has exited; returns its report then.
    func reapIfExited() -> ChildReport? {
        guard !hasExited else { return nil }
        var status: Int32 = 0
        var result: Int32
        repeat {
            result = waitpid(pid, &status, WNOHANG)
        } while result < 0 && errno == EINTR
        guard result == pid || (result < 0 && errno == ECHILD) else { return nil }
        let exitStatus = result == pid ? ExitStatus(waitStatus: status) : .exited(255)
        var wasStopped = false
        if case .stopping = state { wasStopped = true }
        let report = ChildReport(
            name: spec.name,
            pid: pid,
            startedAt: startedAt,
            endedAt: Date(),
            status: exitStatus,
            wasStopped: wasStopped,
            summaryFields: spec.summaryFields,
            summaryLogFiles: spec.summaryLogFiles,
            errorFile: spec.errorFile
        )
        state = .exited(report)
        if pidFD >= 0 {
            close(pidFD)
            pidFD = -1
        }
        return report
    }
}
