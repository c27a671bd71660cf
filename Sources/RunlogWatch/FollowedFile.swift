import Foundation
import Glibc
import Runlog

/// One log file being read: its descriptor, identity and position, and the unfinished last line.
///
/// The file is read by descriptor, so a writer's rename or delete does not lose the data already
/// written; the owner notices a replacement by comparing the path's identity with ``identity``.
final class FollowedFile {
    /// Which device and inode a descriptor or path refers to.
    struct Identity: Equatable {
        var device: UInt64
        var inode: UInt64
    }

    let source: LogSource
    let path: String
    let identity: Identity
    private let descriptor: Int32
    private var offset: Int64 = 0
    private var partial: [UInt8] = []
    /// The time of the last record read, given to continuation lines (a traceback under an error).
    var lastDate: Date?
    /// The level of the last record read, given to continuation lines.
    var lastLevel: LogLevel?
    /// The day a time-of-day stamp belongs to is worked out from this time (the file's modification time
    /// for what it held when opened, then the clock).
    var referenceDate: Date

    /// A partial last line longer than this is shown without waiting for its newline.
    private static let maximumLine = 1 << 20

    /// Opens `path` for reading, or returns nil when it cannot be opened (gone, or not a regular file).
    init?(path: String, source: LogSource) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else { return nil }
        var info = stat()
        guard fstat(descriptor, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG else {
            close(descriptor)
            return nil
        }
        self.descriptor = descriptor
        self.path = path
        self.source = source
        identity = Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
        referenceDate = Date(
            timeIntervalSince1970: Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9
        )
    }

    deinit {
        close(descriptor)
    }

    /// The identity of whatever is at `path` now (following symbolic links), or nil when nothing is.
    static func identity(of path: String) -> Identity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return Identity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Whether the file is now shorter than what was read: it was truncated.
    var wasTruncated: Bool {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return false }
        return Int64(info.st_size) < offset
    }

    /// Starts again from the beginning of the file (after a truncation).
    func rewind() {
        offset = 0
        partial.removeAll()
    }

    /// Reads everything written since the last call and returns the complete lines, without newlines.
    ///
    /// - Parameter final: Also return an unfinished last line (the file is being let go).
    func readLines(final: Bool = false) -> [[UInt8]] {
        var lines: [[UInt8]] = []
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, off_t(offset)) }
            guard count > 0 else { break }
            offset += Int64(count)
            var start = 0
            for index in 0..<count where buffer[index] == UInt8(ascii: "\n") {
                partial.append(contentsOf: buffer[start..<index])
                lines.append(partial)
                partial.removeAll(keepingCapacity: true)
                start = index + 1
            }
            partial.append(contentsOf: buffer[start..<count])
            if partial.count > Self.maximumLine {
                lines.append(partial)
                partial.removeAll()
            }
        }
        if final && !partial.isEmpty {
            lines.append(partial)
            partial.removeAll()
        }
        return lines
    }
}
