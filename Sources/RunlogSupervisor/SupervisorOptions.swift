#if canImport(Glibc)
public import Glibc
#endif

/// Which of the supervisor's own streams a console line goes to.
public enum ConsoleStream: Sendable, Equatable {
    /// Standard output (a child's standard output is tee'd here).
    case standardOutput
    /// Standard error (a child's standard error is tee'd here).
    case standardError
}

/// Something that happened in a supervised group, delivered to ``SupervisorOptions/onEvent``.
public enum SupervisorEvent: Sendable {
    /// A child started.
    case started(name: String, pid: Int32)
    /// A child exited.
    case exited(ChildReport)
    /// The supervisor began stopping the group; each running child's process group got `signal`.
    case stopping(reason: StopReason, signal: Int32)
    /// The grace period ran out: these children's process groups got SIGKILL.
    case killing(names: [String])
}

/// Settings of a ``Supervisor``.
public struct SupervisorOptions: Sendable {
    /// How long children get between the stop signal and SIGKILL. Default 30 s.
    public var gracePeriod: Duration
    /// Signals the supervisor catches while children run and forwards to every child's process group,
    /// starting the same bounded shutdown. Default SIGINT, SIGTERM, SIGHUP, SIGQUIT. A second SIGINT
    /// escalates to SIGKILL at once. Signal handlers are process-wide: when several supervisors run at
    /// once, let one forward signals and give the others `[]`.
    public var forwardedSignals: [Int32]
    /// The signal the kernel sends a child when the supervisor dies (even by SIGKILL), or `nil` for none.
    /// Default SIGKILL, so no child outlives a killed supervisor.
    public var parentDeathSignal: Int32?
    /// Receives each tee'd line (prefix included, neutralised, no newline) when ``consoleSink`` is nil.
    /// Called on the supervisor's thread; keep it short. Setting it sets ``consoleSink`` to nil, so the
    /// lines come here one by one.
    public var lineSink: @Sendable (ConsoleStream, String) -> Void {
        didSet { consoleSink = nil }
    }
    /// Receives tee'd lines as bytes, a batch at a time (all the whole lines one read of a child's stream
    /// produced). Called on the supervisor's thread; the bytes are valid only during the call. Default:
    /// one `write(2)` of the whole batch to the stream. Nil sends the lines to ``lineSink`` instead.
    public var consoleSink: (@Sendable (ConsoleLines) -> Void)?
    /// After a wake-up that read tee'd output, the supervisor waits until this long has passed before
    /// reading again, so that a child printing flat out is read in large batches rather than line by line
    /// (a few system calls per batch instead of per line). It bounds the added console latency; a line
    /// that arrives when the tee has been idle this long is read at once. Default 1 ms.
    public var consoleBatchInterval: Duration
    /// Receives lifecycle events on the supervisor's thread; keep it short and do not call back into
    /// the supervisor's blocking methods. Default: ignore.
    public var onEvent: @Sendable (SupervisorEvent) -> Void

    /// Creates options with the defaults above.
    /// - Parameters:
    ///   - gracePeriod: Time between the stop signal and SIGKILL.
    ///   - forwardedSignals: Signals to catch and forward.
    ///   - parentDeathSignal: The signal children get when the supervisor dies, or `nil`.
    public init(
        gracePeriod: Duration = .seconds(30),
        forwardedSignals: [Int32] = [SIGINT, SIGTERM, SIGHUP, SIGQUIT],
        parentDeathSignal: Int32? = SIGKILL
    ) {
        self.gracePeriod = gracePeriod
        self.forwardedSignals = forwardedSignals
        self.parentDeathSignal = parentDeathSignal
        self.lineSink = ConsoleWriter.write
        self.consoleSink = ConsoleWriter.write
        self.consoleBatchInterval = .milliseconds(1)
        self.onEvent = { _ in }
    }
}
