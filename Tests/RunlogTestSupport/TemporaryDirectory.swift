import Foundation

/// A fresh directory under the system temporary directory for one test, removed by ``cleanUp()``.
///
/// ```swift
/// let directory = TemporaryDirectory()
/// defer { directory.cleanUp() }
/// let path = directory.file("logs/rank_0.log")
/// ```
public struct TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates the directory, named after the test (`#function`), the process and a random suffix so tests
    /// running at once never share one.
    /// - Parameter name: the test's name; only its letters and digits are used.
    public init(_ name: String = #function) {
        let safe = name.filter { $0.isLetter || $0.isNumber }
        path = NSTemporaryDirectory() + "runlog-tests-\(getpid())-\(safe)-\(UUID().uuidString.prefix(8))"
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    /// The path of `relative` inside the directory (nothing is created).
    /// - Parameter relative: a path relative to the directory, such as `"run.log"`.
    public func file(_ relative: String) -> String { path + "/" + relative }

    /// Removes the directory and everything in it.
    public func cleanUp() { try? FileManager.default.removeItem(atPath: path) }
}
