#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Opens log files the way Runlog promises: parent directories created, an existing file deleted first
/// unless appending, never through a symbolic link, mode 0644, `O_APPEND` so every write lands at the end.
enum LogFileOpener {
    /// Opens `path` for appending records and returns the descriptor.
    ///
    /// - Parameters:
    ///   - path: The log file path.
    ///   - append: Keep existing content (workers sharing one file) instead of deleting it first.
    /// - Throws: ``RunlogError`` when the path is a symlink or cannot be created.
    static func openForAppending(path: String, append: Bool) throws(RunlogError) -> Int32 {
        guard !path.isEmpty else {
            throw RunlogError(.invalidOption, "the log file path is empty: pass a file path such as logs/rl.log")
        }
        try createParentDirectories(of: path)
        var info = stat()
        if lstat(path, &info) == 0 {
            if (info.st_mode & S_IFMT) == S_IFLNK {
                throw symlinkError(path)
            }
            if (info.st_mode & S_IFMT) == S_IFDIR {
                throw RunlogError(
                    .cannotOpenLogFile,
                    "cannot log to '\(path)': it is a directory; pass a file path inside it instead"
                )
            }
            // Only a regular file is deleted: a device or FIFO at the path (`/dev/null`, `/dev/stderr`, a
            // pipe someone reads) is opened as it is, never removed and replaced by a file.
            let isRegularFile = (info.st_mode & S_IFMT) == S_IFREG
            if !append, isRegularFile, unlink(path) != 0, errno != ENOENT {
                throw openError(path, errno, doing: "delete the existing log file")
            }
        }
        let flags = O_WRONLY | O_CREAT | O_APPEND | O_NOFOLLOW | O_CLOEXEC
        // Try to create the file exclusively first so a file we create gets exactly 0644 (umask aside,
        // fixed below); an existing file (append, or a racing worker) is opened as it is.
        var fd = open(path, flags | O_EXCL, 0o644)
        var created = fd >= 0
        if fd < 0, errno == EEXIST {
            fd = open(path, flags, 0o644)
            created = false
        }
        if fd < 0 {
            let code = errno
            if code == ELOOP { throw symlinkError(path) }
            throw openError(path, code, doing: "open the log file")
        }
        if created { fchmod(fd, 0o644) }
        return fd
    }

    private static func symlinkError(_ path: String) -> RunlogError {
        RunlogError(
            .symlinkAtLogPath,
            "refusing to log to '\(path)': it is a symbolic link and Runlog never follows one at the log path; "
                + "remove the link or pass the real file path"
        )
    }

    private static func openError(
        _ path: String,
        _ code: Int32,
        doing action: String,
        in directory: String? = nil
    ) -> RunlogError {
        let advice = advice(for: code, directory: directory ?? parentDirectory(of: path))
        return RunlogError(
            .cannotOpenLogFile,
            "cannot \(action) '\(path)': \(FileDescriptorIO.describe(errno: code)); \(advice)"
        )
    }

    /// What to do about `code` in `directory`.
    private static func advice(for code: Int32, directory: String) -> String {
        switch code {
        case EACCES, EPERM:
            return "the directory '\(directory)' is not writable by this user (uid \(getuid())): change its "
                + "permissions or owner, or choose another log path"
        case EROFS:
            return "'\(directory)' is on a read-only file system: remount it read-write or choose another log path"
        case ENOSPC, EDQUOT:
            return "the file system holding '\(directory)' is full: free disk space or choose another log path"
        case ENAMETOOLONG:
            return "the path is too long: choose a shorter log path"
        default:
            return "check that the directory '\(directory)' exists and is writable, or choose another log path"
        }
    }

    /// The directory part of `path` (`.` for a bare file name).
    private static func parentDirectory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }

    private static func notADirectoryError(_ path: String, blocker: String) -> RunlogError {
        RunlogError(
            .cannotOpenLogFile,
            "cannot log to '\(path)': '\(blocker)' is a file, not a directory; remove or rename that file, or "
                + "choose another log path"
        )
    }

    /// Creates every missing directory above `path` (like `mkdir -p`), mode 0755.
    private static func createParentDirectories(of path: String) throws(RunlogError) {
        var components = path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        components.removeLast()
        var current = path.hasPrefix("/") ? "" : "."
        for component in components where !component.isEmpty && component != "." {
            current += "/" + component
            guard mkdir(current, 0o755) != 0 else { continue }
            let code = errno
            var info = stat()
            if stat(current, &info) == 0 {
                // Something is there: fine if it is a directory (or a link to one), the error otherwise.
                if (info.st_mode & S_IFMT) == S_IFDIR { continue }
                throw notADirectoryError(path, blocker: current)
            }
            throw openError(current, code, doing: "create the directory", in: parentDirectory(of: current))
        }
    }
}
