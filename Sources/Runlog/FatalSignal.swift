#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The signals the flight recorder handles: the ones a crash or a Swift runtime trap raises.
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

    /// Position in `allCases` (the slot's template index).
    var index: Int {
        switch self {
        case .segmentationFault: return 0
        case .busError: return 1
        case .illegalInstruction: return 2
        case .trap: return 3
        case .abort: return 4
        case .floatingPoint: return 5
        }
    }

    /// The case for a signal number, if it is one of these.
    init?(number: Int32) {
        switch number {
        case SIGSEGV: self = .segmentationFault
        case SIGBUS: self = .busError
        case SIGILL: self = .illegalInstruction
        case SIGTRAP: self = .trap
        case SIGABRT: self = .abort
        case SIGFPE: self = .floatingPoint
        default: return nil
        }
    }
}
