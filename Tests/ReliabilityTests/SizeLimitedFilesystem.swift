import Foundation
import RunlogTestSupport

/// A tmpfs mounted by the test with a size limit (or read-only), so disk-full and read-only faults are real
/// kernel errors rather than mocks. Mounting needs root (or CAP_SYS_ADMIN); tests that need one are disabled
/// with a reason when ``isPermitted`` is false.
struct SizeLimitedFilesystem {
    /// The mount point.
    let path: String

    /// Mounts a tmpfs of `bytes` bytes at a new directory `path` (created here).
    ///
    /// - Parameters:
    ///   - path: The mount point to create.
    ///   - bytes: The size limit.
    ///   - readOnly: Mount it read-only.
    init(at path: String, bytes: Int, readOnly: Bool = false) throws {
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        let options = "size=\(bytes),mode=0777" + (readOnly ? ",ro" : "")
        let status = Self.run("/bin/mount", ["-t", "tmpfs", "-o", options, "tmpfs", path])
        guard status == 0 else {
            try? FileManager.default.removeItem(atPath: path)
            throw MountError(description: "mount -t tmpfs -o \(options) failed with status \(status)")
        }
        self.path = path
    }

    /// Unmounts it and removes the mount point.
    func unmount() {
        _ = Self.run("/bin/umount", ["-l", path])
        try? FileManager.default.removeItem(atPath: path)
    }

    /// Free bytes on the filesystem.
    var freeBytes: Int {
        var info = statvfs()
        guard statvfs(path, &info) == 0 else { return 0 }
        return Int(info.f_bavail) * Int(info.f_frsize)
    }

    /// Whether this process may mount a tmpfs (tried once, with a 64 KiB one).
    static let isPermitted: Bool = {
        let probe = NSTemporaryDirectory() + "runlog-mount-check-\(getpid())"
        guard let filesystem = try? SizeLimitedFilesystem(at: probe, bytes: 64 * 1024) else { return false }
        filesystem.unmount()
        return true
    }()

    private static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    struct MountError: Error, CustomStringConvertible {
        let description: String
    }
}
