import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes what is still buffered, plus one final line naming the signal, when the process dies of a fatal
/// signal (SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGABRT, SIGFPE; Swift runtime traps arrive as SIGTRAP or
/// SIGILL on Linux), and flushes buffered sinks on SIGTERM/SIGINT/SIGHUP.
///
/// The handlers are async-signal-safe: they read a fixed table of pre-allocated ``RecorderSlot``s through
/// atomics and call only `write(2)`, `clock_gettime`, `sigaction`, `nanosleep` and `raise`. Afterwards the
/// signal's previous disposition is restored (SIG_DFL, or a handler installed before Runlog's such as the
/// Swift runtime's backtracer) and the signal is raised again, so the process still dies of that signal.
enum FlightRecorder {
    /// How many sinks can be registered at once.
    static let capacity = 64
    /// Registered slots as retained opaque pointers (0 = free), readable from signal handlers.
    /// `nonisolated(unsafe)`: the pointer itself never changes after initialisation and every element is an
    /// `Atomic`, so all accesses through it are data-race free.
    nonisolated(unsafe) private static let table: UnsafeMutablePointer<Atomic<UInt>> = {
        let table = UnsafeMutablePointer<Atomic<UInt>>.allocate(capacity: capacity)
        for index in 0..<capacity { (table + index).initialize(to: Atomic<UInt>(0)) }
        return table
    }()
    /// Serialises registration (never taken by a signal handler).
    private static let registration = Mutex<Void>(())
    /// 1 once a handler has started writing; later handlers wait for it to finish the process.
    private static let dumping = Atomic<Int>(0)
    /// Whether the table-full notice was written.
    private static let reportedFull = Atomic<Bool>(false)
    /// Which handlers are installed.
    private static let fatalInstalled = Atomic<Bool>(false)
    private static let terminationInstalled = Atomic<Bool>(false)
    /// The dispositions Runlog replaced, indexed by signal number (pre-allocated for the handlers).
    /// `nonisolated(unsafe)`: each element is written once, under `fatalInstalled`/`terminationInstalled`,
    /// before the handler that reads it is installed.
    nonisolated(unsafe) private static let previousActions: UnsafeMutablePointer<sigaction> = {
        let actions = UnsafeMutablePointer<sigaction>.allocate(capacity: 65)
        actions.initialize(repeating: sigaction(), count: 65)
        return actions
    }()

    /// Whether a signal handler is writing; the background writer stops writing so bytes are not doubled.
    static var isDumping: Bool { dumping.load(ordering: .acquiring) != 0 }

    /// Adds `slot` to the table; returns its index, or nil when the table is full (the sink then has no
    /// flight recorder, which is reported on stderr once).
    static func register(_ slot: RecorderSlot) -> Int? {
        _ = LocalTimeCache.lastUTCOffset  // initialise globals the handlers read, outside any handler
        let index = registration.withLock { _ -> Int? in
            for index in 0..<capacity where table[index].load(ordering: .relaxed) == 0 {
                let pointer = UInt(bitPattern: Unmanaged.passRetained(slot).toOpaque())
                table[index].store(pointer, ordering: .releasing)
                return index
            }
            return nil
        }
        if index == nil, !reportedFull.exchange(true, ordering: .relaxed) {
            let text =
                "runlog: more than \(capacity) sinks are open at once; sinks beyond that are not flushed on "
                + "SIGTERM or a crash (close sinks you no longer use)\n"
            FileDescriptorIO.writeAll(2, Array(text.utf8))
        }
        return index
    }

    /// Removes the slot at `index` from the table.
    static func unregister(_ index: Int) {
        registration.withLock { _ in
            let pointer = table[index].exchange(0, ordering: .acquiringAndReleasing)
            if let raw = UnsafeRawPointer(bitPattern: pointer) {
                Unmanaged<RecorderSlot>.fromOpaque(raw).release()
            }
        }
    }

    /// Installs the fatal-signal handlers (once per process).
    static func installFatalSignalHandlers() {
        guard !fatalInstalled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        installAlternateStack()
        for signal in FatalSignal.allCases {
            install(handleFatalSignal, for: signal.number)
        }
    }

    /// Installs SIGTERM/SIGINT/SIGHUP handlers that flush buffered sinks, for each signal whose disposition is still
    /// the default (a program that handles or ignores these signals keeps its own behaviour).
    static func installTerminationHandlers() {
        guard !terminationInstalled.exchange(true, ordering: .acquiringAndReleasing) else { return }
        // SIGHUP too: a closed terminal or ssh session must not lose the last 100 ms of a buffered log.
        for number in [SIGTERM, SIGINT, SIGHUP] {
            var current = sigaction()
            sigaction(number, nil, &current)
            if unsafeBitCast(current.__sigaction_handler, to: UInt.self) == 0 {
                install(handleTerminationSignal, for: number)
            }
        }
    }

    private static func install(_ handler: @convention(c) (Int32) -> Void, for number: Int32) {
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handler
        action.sa_flags = Int32(SA_ONSTACK)
        sigfillset(&action.sa_mask)
        sigaction(number, &action, previousActions + Int(number))
    }

    /// Gives the installing thread an alternate signal stack so a stack overflow can still be recorded.
    private static func installAlternateStack() {
        var current = stack_t()
        if sigaltstack(nil, &current) == 0, current.ss_flags & Int32(SS_DISABLE) == 0 { return }
        let size = 64 * 1024
        var stack = stack_t()
        stack.ss_sp = UnsafeMutableRawPointer.allocate(byteCount: size, alignment: 16)
        stack.ss_size = size
        stack.ss_flags = 0
        sigaltstack(&stack, nil)
    }

    /// Writes every slot's pending bytes and, for a fatal signal, its final line. Async-signal-safe.
    fileprivate static func dump(finalLine signal: FatalSignal?) {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        let now = Timestamp(seconds: Int(spec.tv_sec), nanoseconds: Int(spec.tv_nsec))
        let offset = LocalTimeCache.lastUTCOffset
        for index in 0..<capacity {
            let pointer = table[index].load(ordering: .acquiring)
            guard let raw = UnsafeRawPointer(bitPattern: pointer) else { continue }
            Unmanaged<RecorderSlot>.fromOpaque(raw)._withUnsafeGuaranteedRef { slot in
                slot.writePendingFromSignalHandler()
                if let signal { slot.writeFinalLineFromSignalHandler(signal, now: now, utcOffset: offset) }
            }
        }
    }

    /// Runs the dump once per process; a second signal (another thread crashing meanwhile) waits up to two
    /// seconds for the first handler to end the process.
    fileprivate static func handle(_ number: Int32, finalLine: FatalSignal?) {
        if dumping.compareExchange(expected: 0, desired: 1, ordering: .acquiringAndReleasing).exchanged {
            dump(finalLine: finalLine)
        } else {
            var pause = timespec(tv_sec: 0, tv_nsec: 50_000_000)
            for _ in 0..<40 { nanosleep(&pause, nil) }
        }
        sigaction(number, previousActions + Int(number), nil)
        raise(number)
    }
}

/// The fatal-signal handler: record, restore the previous disposition, re-raise.
private func handleFatalSignal(_ number: Int32) {
    FlightRecorder.handle(number, finalLine: FatalSignal(number: number))
}

/// The SIGTERM/SIGINT/SIGHUP handler: flush buffered bytes, restore the default, re-raise.
private func handleTerminationSignal(_ number: Int32) {
    FlightRecorder.handle(number, finalLine: nil)
}
