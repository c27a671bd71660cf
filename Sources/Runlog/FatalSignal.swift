#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The signals the flight recorder writes a final line for: the ones a crash or a Swift runtime trap raises.
/// (The C handlers keep the same list; ``RecorderSlot/arm(encoder:tag:rank:)`` hands them one line per case,
/// keyed by signal number.)
enum FatalSignal: CaseIterable {
    case segmentationFault, busError, illegalInstruction, trap, abort, floatingPoint

    /// The signal number.
    var number: Int32 {
        switch self {
        case .segmentationFault: return SIGSEGV
        case .busError: return SIGBUS
        case .illegalInstruction: return SIGILL
        case .trap: return SIGTRAP
        case .abort: return SIGABRT
        case .floatingPoint: return SIGFPE
        }
    }

    /// The conventional name, such as `SIGTRAP`.
    var name: String {
        switch self {
        case .segmentationFault: return "SIGSEGV"
        case .busError: return "SIGBUS"
        case .illegalInstruction: return "SIGILL"
        case .trap: return "SIGTRAP"
        case .abort: return "SIGABRT"
        case .floatingPoint: return "SIGFPE"
        }
    }

    /// What usually causes it, for the final line.
    var explanation: String {
        switch self {
        case .segmentationFault: return "invalid memory access"
        case .busError: return "bus error"
        case .illegalInstruction: return "illegal instruction, e.g. a Swift runtime error"
        case .trap: return "trace/breakpoint trap, e.g. a Swift runtime error such as an index out of range"
        case .abort: return "abort"
        case .floatingPoint: return "arithmetic error"
        }
    }
}
