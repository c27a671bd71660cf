import Foundation

/// A file's bytes, or none when it is missing: tests read logs as bytes so invalid UTF-8 stays visible.
/// - Parameter path: the file.
public func readBytes(_ path: String) -> [UInt8] {
    (try? Data(contentsOf: URL(fileURLWithPath: path))).map { Array($0) } ?? []
}

/// A file as text (invalid UTF-8 becomes U+FFFD; "" when missing).
/// - Parameter path: the file.
public func readText(_ path: String) -> String {
    String(decoding: readBytes(path), as: UTF8.self)
}

/// The lines of a file without the empty piece after its final newline.
/// - Parameter path: the file.
public func readLines(_ path: String) -> [Substring] {
    readText(path).split(separator: "\n", omittingEmptySubsequences: false).dropLast().map { $0 }
}
