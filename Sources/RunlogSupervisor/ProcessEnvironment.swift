import Foundation

/// The supervisor's own environment, the default for children.
enum ProcessEnvironment {
    static func current() -> [String: String] {
        ProcessInfo.processInfo.environment
    }
}
