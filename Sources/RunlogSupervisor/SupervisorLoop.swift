import CRunlogSpawn
import Dispatch
import Foundation
import Glibc
import Synchronization

/// The supervisor's thread: one poll(2) loop over a wake pipe, the signal pipe, inotify, the children's
/// pidfds and their console pipes. All child state lives on this thread; other threads talk to it
/// through `inbox` and the wake pipe.
final class SupervisorLoop: @unchecked Sendable {
    enum Command {
        case start(ChildSpec, StartReply)
        case stop(String)
        case seal
    }

    /// Where a start request's answer is handed back to the calling thread.
    final class StartReply: Sendable {
        let done = DispatchSemaphore(value: 0)
        let result = Mutex<Result<Int32, SupervisorError>?>(nil)
    }

    private struct Shared {
        var inbox: [Command] = []
        var stopping = false
        var outcome = SupervisorOutcome(children: [], stopReason: nil, rootCause: nil)
        var thread: pthread_t?
        /// Set when the loop has ended: commands are answered at once instead of queued.
        var closed = false
    }

    private enum Phase {
        case running
        case stopping(deadline: ContinuousClock.Instant, killed: Bool)
    }

    let finished = DispatchGroup()
    private let shared = Mutex(Shared())
    private let options: SupervisorOptions
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let inotifyFD: Int32
    /// The watchdog that SIGKILLs the children's process groups if this process dies (see spawn.c), and
    /// the pipe that tells it which groups; -1 when it could not be started (the parent-death signal
    /// still covers the children themselves).
    private let watchdogPID: Int32
    private let watchdogFD: Int32

    // Loop-thread state.
    private var children: [ChildProcess] = []
    /// Every child's output readers, kept here rather than gathered on each of the loop's many wake-ups.
    private var readers: [OutputReader] = []
    private var phase = Phase.running
    private var sealed = false
    private var stopReason: StopReason?
    private var rootCause: ChildReport?
    /// What reaped children left running in their process groups.
    private var leftovers = LeftoverGroups()
    /// Reaped children whose tee'd output is still being read before their exit is reported.
    private var draining = DrainingChildren()
    /// Reads the children's tee'd output in batches.
    private let tee: ConsoleTee
    /// The read buffer every output reader uses in turn (the tee's).
    private var scratch: UnsafeMutableRawBufferPointer { tee.scratch }

    init(options: SupervisorOptions) throws(SupervisorError) {
        self.options = options
        var fds: [Int32] = [0, 0]
        guard runlog_pipe(&fds, O_NONBLOCK) == 0 else {
            throw SupervisorError("cannot create the supervisor's wake pipe: \(errnoText()); raise the open-file limit")
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        inotifyFD = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        guard inotifyFD >= 0 else {
            close(wakeRead)
            close(wakeWrite)
            throw SupervisorError(
                "cannot create an inotify instance: \(errnoText()); raise fs.inotify.max_user_instances"
            )
        }
        tee = ConsoleTee(inotifyFD: inotifyFD, interval: options.consoleBatchInterval)
        var watchdogWrite: Int32 = -1
        watchdogPID = runlog_start_watchdog(&watchdogWrite)
        watchdogFD = watchdogPID > 0 ? watchdogWrite : -1
        finished.enter()
    }

    var outcome: SupervisorOutcome { shared.withLock { $0.outcome } }
    var isStopping: Bool { shared.withLock { $0.stopping } }

    func startThread() {
        SignalRelay.install(options.forwardedSignals)
        let thread = Thread { [self] in
            shared.withLock { $0.thread = pthread_self() }
            unblockForwardedSignals()
            run()
        }
        thread.name = "runlog-supervisor"
        thread.start()
    }

    /// A launcher may have started us with these signals blocked (the mask survives exec); the handler
    /// must run somewhere, so this thread, which outlives every child, accepts them.
    private func unblockForwardedSignals() {
        var set = sigset_t()
        sigemptyset(&set)
        for number in options.forwardedSignals { sigaddset(&set, number) }
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
    }

    func submit(_ command: Command) {
        let accepted = shared.withLock { state -> Bool in
            if state.closed { return false }
            state.inbox.append(command)
            return true
        }
        if accepted {
            wake()
        } else if case .start(let spec, let reply) = command {
            Self.refuse(spec, reply)
        }
    }

    private static func refuse(_ spec: ChildSpec, _ reply: StartReply) {
        reply.result.withLock {
            $0 = .failure(SupervisorError("not starting \(spec.name): the group has finished"))
        }
        reply.done.signal()
    }

    func submitStart(_ spec: ChildSpec) throws(SupervisorError) -> Int32 {
        let reply = StartReply()
        let onLoopThread = shared.withLock { state in
            state.thread.map { pthread_equal($0, pthread_self()) != 0 } ?? false
        }
        if onLoopThread {
            handleStart(spec, reply)  // called from an event callback: answer inline instead of deadlocking
        } else {
            submit(.start(spec, reply))
            reply.done.wait()
        }
        return try reply.result.withLock { $0! }.get()
    }

    private func wake() {
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)
    }

    // MARK: The loop

    private func run() {
        while true {
            processInbox()
            if isDone() { break }
            let woken = pollOnce()
            // Only what poll(2) reported: a flat-out tee wakes this loop every millisecond, and two
            // needless system calls per child per wake-up showed in its profile.
            if woken.signals { handleSignals() }
            if woken.exits { collectExits() }
            if !draining.isEmpty { drainExited() }
            checkDeadline()
            if !leftovers.isEmpty { leftovers.check() }
        }
        finish()
    }

    private func isDone() -> Bool {
        guard children.allSatisfy(\.hasExited), leftovers.isEmpty, draining.isEmpty else { return false }
        if case .stopping = phase { return true }
        return sealed
    }

    /// What a wake-up may have brought besides console output.
    private struct Woken {
        var signals: Bool
        var exits: Bool
    }

    private func pollOnce() -> Woken {
        var fds: [pollfd] = []
        fds.reserveCapacity(3 + children.count + readers.count)
        fds.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
        fds.append(pollfd(fd: SignalRelay.readFD, events: Int16(POLLIN), revents: 0))
        fds.append(pollfd(fd: inotifyFD, events: Int16(POLLIN), revents: 0))
        var pipeReaders: [OutputReader] = []
        var needsTimer = false
        var reapByTimer = false
        let pidBase = fds.count
        for child in children where !child.hasExited {
            if child.pidFD >= 0 {
                fds.append(pollfd(fd: child.pidFD, events: Int16(POLLIN), revents: 0))
            } else {
                needsTimer = true
                reapByTimer = true  // no pidfd: waitpid(2) on every round
            }
        }
        let pidEnd = fds.count
        for reader in readers where reader.isOpen {
            if case .pipe = reader.source {
                pipeReaders.append(reader)
                fds.append(pollfd(fd: reader.fd, events: Int16(POLLIN), revents: 0))
            } else {
                needsTimer = true  // a safety sweep in case a file system misses inotify events
            }
        }
        var timeout: Int32 = needsTimer ? 200 : -1
        if !draining.isEmpty { timeout = 0 }  // a look at signals and exits, then the next buffer
        // A followed file without a watch is read when its interval ends (rounded down here: the tee
        // sleeps the last part of a millisecond precisely), a busy one within a millisecond after that.
        let due = tee.nextDue(readers, lenient: true)
        if let due {
            timeout = min(timeout, ContinuousClock.now.duration(to: due).pollMilliseconds(roundingUp: false))
        }
        if !leftovers.isEmpty {
            let check = LeftoverGroups.checkInterval.pollMilliseconds()
            timeout = timeout < 0 ? check : min(timeout, check)
        }
        if case .stopping(let deadline, false) = phase {
            let untilDeadline = ContinuousClock.now.duration(to: deadline).pollMilliseconds()
            timeout = timeout < 0 ? untilDeadline : min(timeout, untilDeadline)
        }
        if timeout < 0 || timeout > ConsoleTee.longestInterval.pollMilliseconds() {
            ConsoleWriter.flushHeld()  // no busy batch is due soon to carry what is held
        }
        let ready = poll(&fds, nfds_t(fds.count), timeout)
        if ready < 0 { return Woken(signals: true, exits: true) }  // EINTR: look at everything
        let woken = Woken(
            signals: fds[1].revents != 0,
            exits: reapByTimer || fds[pidBase..<pidEnd].contains { $0.revents != 0 }
        )
        if fds[0].revents != 0 {
            while read(wakeRead, scratch.baseAddress, scratch.count) > 0 {}
        }
        let filesDue = due.map { ready == 0 || $0 <= ContinuousClock.now } ?? false
        let sweep = ready == 0 && needsTimer && due == nil  // every followed file, events or not
        if fds[2].revents != 0 || filesDue || sweep {
            tee.readFollowedFiles(readers, eventsReady: fds[2].revents != 0, sweep: sweep, deliver: deliver)
        }
        guard !pipeReaders.isEmpty else { return woken }
        let pipeBase = fds.count - pipeReaders.count
        let readyPipes = pipeReaders.indices.filter { fds[pipeBase + $0].revents != 0 }.map { pipeReaders[$0] }
        if !readyPipes.isEmpty {
            tee.readPipes(readyPipes, deliver: deliver)
        }
        return woken
    }

    /// Hands a batch of tee'd lines to the console sink, or line by line to the line sink.
    private func deliver(_ lines: ConsoleLines) {
        if let sink = options.consoleSink {
            sink(lines)
            return
        }
        lines.forEachLine { options.lineSink(lines.stream, String(decoding: $0, as: UTF8.self)) }
    }

    /// Hands an event to ``SupervisorOptions/onEvent`` after the console lines that came before it.
    private func announce(_ event: SupervisorEvent) {
        ConsoleWriter.flushHeld()
        options.onEvent(event)
    }

    private func processInbox() {
        let commands = shared.withLock { state -> [Command] in
            defer { state.inbox.removeAll() }
            return state.inbox
        }
        for command in commands {
            switch command {
            case .start(let spec, let reply): handleStart(spec, reply)
            case .stop(let reason): beginStop(.requested(reason), signal: SIGTERM)
            case .seal: sealed = true
            }
        }
    }

    private func handleStart(_ spec: ChildSpec, _ reply: StartReply) {
        defer { reply.done.signal() }
        if let reason = stopReason {
            reply.result.withLock {
                $0 = .failure(SupervisorError("not starting \(spec.name): the group is stopping (\(reason))"))
            }
            return
        }
        let launcher = ChildLauncher(inotifyFD: inotifyFD, parentDeathSignal: options.parentDeathSignal)
        do throws(SupervisorError) {
            let launched = try launcher.launch(spec)
            let child = ChildProcess(spec: spec, pid: launched.pid, readers: launched.readers)
            children.append(child)
            readers += launched.readers
            tellWatchdog(launched.pid)
            reply.result.withLock { $0 = .success(launched.pid) }
            announce(.started(name: spec.name, pid: launched.pid))
        } catch {
            reply.result.withLock { $0 = .failure(error) }
        }
    }

    private func handleSignals() {
        for number in SignalRelay.drain() where options.forwardedSignals.contains(number) {
            if case .stopping(_, let killed) = phase {
                if number == SIGINT && !killed {
                    killRemaining()  // a second Ctrl-C: stop waiting
                } else {
                    for child in children where !child.hasExited { child.signalGroup(number) }
                    leftovers.signalAll(number, deadline: ContinuousClock.now.advanced(by: options.gracePeriod))
                }
                continue
            }
            beginStop(.signal(number), signal: number)
        }
    }

    private func collectExits() {
        let leftoverSignal = leftoverSignal
        for child in DeathOrder.ordered(children) {  // reaped, and so reported, in the order they died
            if let report = child.reapIfExited() {
                // At once, while the group id is still held by whatever the child left in it.
                leftovers.leaderReaped(child.pid, signal: leftoverSignal.signal, deadline: leftoverSignal.deadline)
                draining.add(child, report)
            }
        }
    }

    /// Reads one more buffer of each reaped child's streams; a child whose output is read to its end has
    /// its exit reported and, on a failure, stops the group.
    private func drainExited() {
        var pastGrace = false
        if case .stopping(_, true) = phase { pastGrace = true }
        let exits = draining.readNextBuffers(using: scratch, skippingBacklog: pastGrace, deliver: deliver)
        for (_, report) in exits {
            announce(.exited(report))
        }
        for (child, report) in exits where stopReason == nil {
            if report.isFailure {
                rootCause = report
                beginStop(.childFailed(report.name), signal: SIGTERM)
            } else if child.spec.whenSucceeds == .stopOthers {
                beginStop(.childSucceeded(report.name), signal: SIGTERM)
            }
        }
    }

    /// What a reaped child's leftover group gets: SIGTERM and the grace period (a stop's remaining grace),
    /// or SIGKILL once a stop is past its grace.
    private var leftoverSignal: (signal: Int32, deadline: ContinuousClock.Instant) {
        switch phase {
        case .running: (SIGTERM, ContinuousClock.now.advanced(by: options.gracePeriod))
        case .stopping(let deadline, let killed): (killed ? SIGKILL : SIGTERM, deadline)
        }
    }

    private func tellWatchdog(_ value: Int32) {
        guard watchdogFD >= 0 else { return }
        var word = value
        _ = withUnsafeBytes(of: &word) { write(watchdogFD, $0.baseAddress, $0.count) }
    }

    private func beginStop(_ reason: StopReason, signal: Int32) {
        guard stopReason == nil else { return }
        stopReason = reason
        shared.withLock { $0.stopping = true }
        phase = .stopping(deadline: ContinuousClock.now.advanced(by: options.gracePeriod), killed: false)
        announce(.stopping(reason: reason, signal: signal))
        for child in children where !child.hasExited {
            child.signalGroup(signal)
        }
        // Exited children may have left members of their group behind.
        leftovers.signalAll(signal, deadline: ContinuousClock.now.advanced(by: options.gracePeriod))
    }

    private func checkDeadline() {
        guard case .stopping(let deadline, false) = phase, ContinuousClock.now >= deadline else { return }
        killRemaining()
    }

    private func killRemaining() {
        guard case .stopping(let deadline, _) = phase else { return }
        phase = .stopping(deadline: deadline, killed: true)
        let names = children.filter { !$0.hasExited }.map(\.spec.name)
        if !names.isEmpty {
            announce(.killing(names: names))
        }
        for child in children where !child.hasExited {
            child.signalGroup(SIGKILL)
        }
        leftovers.killAll()
    }

    private func finish() {
        for child in children {
            for reader in child.readers { reader.finish(using: scratch, deliver: deliver) }
        }
        ConsoleWriter.flushHeld()
        if watchdogFD >= 0 {
            tellWatchdog(0)  // a normal end: nothing for the watchdog to kill
            close(watchdogFD)
            var status: Int32 = 0
            while waitpid(watchdogPID, &status, 0) < 0 && errno == EINTR {}
        }
        SignalRelay.restore(options.forwardedSignals)
        close(inotifyFD)
        close(wakeRead)
        let result = SupervisorOutcome(
            children: children.compactMap(\.report),
            stopReason: stopReason,
            rootCause: rootCause
        )
        shared.withLock {
            $0.outcome = result
            $0.stopping = true
            $0.closed = true
            // Late start requests get an answer rather than waiting forever.
            for case .start(let spec, let reply) in $0.inbox {
                Self.refuse(spec, reply)
            }
            $0.inbox.removeAll()
        }
        finished.leave()
    }
}
