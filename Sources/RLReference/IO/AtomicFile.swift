import Foundation

/// Whole-file writes that readers never see half done: write a temporary file beside the target, then
/// `rename(2)` it over the target (atomic within one file system).
enum AtomicFile {
    /// Writes `data` to `path` atomically, creating parent directories.
    static func write(_ data: Data, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(
            at: url.deletingLastPathComponent(),
            withIntermediateDirectories: true
        )
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent(".\(url.lastPathComponent).tmp-\(getpid())")
        try data.write(to: temporary)
        guard rename(temporary.path, path) == 0 else {
            let reason = String(cString: strerror(errno))
            try? FileManager.default.removeItem(at: temporary)
            throw POSIXError(.init(rawValue: errno) ?? .EIO, userInfo: [NSLocalizedDescriptionKey: reason])
        }
    }
}
