import CRunlogSpawn
import Foundation
import Glibc

/// Opens a child's streams, resolves its program and forks it through the C shim. Runs on the
/// supervisor's thread only.
///
/// Why not swift-subprocess here: on Linux it cannot set a parent-death signal (no pre-exec hook), it
/// forks on whatever thread calls it (a pooled thread may retire and fire that signal early), and its
/// exit monitoring runs on its own machinery, while this loop already polls pidfds, pipes and inotify in
/// one place. Why not swift-system: the few descriptor calls below are plain Glibc; a dependency would
/// wrap them without removing any of the work.
struct ChildLauncher {
    let inotifyFD: Int32
    let parentDeathSignal: Int32?

    struct Launched {
        var pid: Int32
        var readers: [OutputReader]
    }

    func launch(_ spec: ChildSpec) throws(SupervisorError) -> Launched {
        let program = try resolveProgram(spec)
        var toClose: [Int32] = []
        var readers: [OutputReader] = []
        defer {
            for fd in toClose { close(fd) }
        }
        var openedFiles: [String: Int32] = [:]
        var stdio: [Int32] = [-1, -1, -1]
        if spec.standardInput == .null {
            stdio[0] = try openFile("/dev/null", flags: O_RDONLY, child: spec.name)
            toClose.append(stdio[0])
        }
        let streams: [(OutputDestination, ConsoleStream)] = [
            (spec.standardOutput, .standardOutput), (spec.standardError, .standardError),
        ]
        for (index, (destination, consoleStream)) in streams.enumerated() {
            switch destination {
            case .inherit:
                break
            case .discard:
                stdio[index + 1] = try openFile("/dev/null", flags: O_WRONLY, child: spec.name)
                toClose.append(stdio[index + 1])
            case .file(let path), .fileAndConsole(let path, _):
                if let shared = openedFiles[path] {
                    stdio[index + 1] = shared
                    break  // both streams into one file: one descriptor, one follower
                }
                let fd = try openLogFile(path, child: spec.name)
                openedFiles[path] = fd
                toClose.append(fd)
                stdio[index + 1] = fd
                if case .fileAndConsole(_, let prefix) = destination {
                    let reader = try follow(path, child: spec.name, stream: consoleStream, prefix: prefix)
                    readers.append(reader)
                }
            case .console(let prefix):
                var fds: [Int32] = [0, 0]
                guard runlog_pipe(&fds, 0) == 0 else {
                    throw SupervisorError(
                        "cannot create a pipe for \(spec.name): \(errnoText()); raise the open-file limit"
                    )
                }
                _ = fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK)
                toClose.append(fds[1])
                stdio[index + 1] = fds[1]
                readers.append(
                    OutputReader(fd: fds[0], source: .pipe, stream: consoleStream, prefix: prefix, childName: spec.name)
                )
            }
        }
        do {
            let pid = try spawn(program: program, spec: spec, stdio: stdio)
            return Launched(pid: pid, readers: readers)
        } catch {
            for reader in readers { reader.discard() }
            throw error
        }
    }

    private func spawn(program: String, spec: ChildSpec, stdio: [Int32]) throws(SupervisorError) -> Int32 {
        let argv = CStringArray([spec.executable] + spec.arguments)
        let envp = CStringArray(spec.environment.map { "\($0.key)=\($0.value)" }.sorted())
        var childErrno: Int32 = 0
        let pid: Int32 = program.withCString { path in
            withOptionalCString(spec.workingDirectory) { cwd in
                var request = runlog_spawn_request()
                request.path = path
                request.argv = UnsafePointer(argv.pointer)
                request.envp = UnsafePointer(envp.pointer)
                request.cwd = cwd
                request.stdio = (stdio[0], stdio[1], stdio[2])
                request.new_session = 1
                request.parent_death_signal = parentDeathSignal ?? 0
                return runlog_spawn(&request, &childErrno)
            }
        }
        guard pid > 0 else {
            let reason = String(cString: strerror(childErrno))
            let hint: String
            switch childErrno {
            case ENOENT: hint = "check the path and, for a script, its #! interpreter line"
            case EACCES: hint = "make it executable (chmod +x)"
            case ENOEXEC: hint = "add a #! line or run it through its interpreter"
            default: hint = "check the program, working directory and limits"
            }
            throw SupervisorError("cannot start \(spec.name) (\(program)): \(reason); \(hint)")
        }
        return pid
    }

    private func resolveProgram(_ spec: ChildSpec) throws(SupervisorError) -> String {
        if spec.executable.contains("/") {
            return spec.executable
        }
        let searchPath = spec.environment["PATH"] ?? ProcessEnvironment.current()["PATH"] ?? "/usr/bin:/bin"
        for directory in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let candidate = (directory.isEmpty ? "." : String(directory)) + "/" + spec.executable
            var info = stat()
            if access(candidate, X_OK) == 0, stat(candidate, &info) == 0, (info.st_mode & S_IFMT) == S_IFREG {
                return candidate
            }
        }
        throw SupervisorError(
            "cannot start \(spec.name): no executable named '\(spec.executable)' in PATH (\(searchPath)); "
                + "give a path or fix PATH"
        )
    }

    private func openLogFile(_ path: String, child: String) throws(SupervisorError) -> Int32 {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            } catch {
                throw SupervisorError("cannot create folder \(directory) for \(child)'s log: \(error)")
            }
        }
        return try openFile(path, flags: O_WRONLY | O_CREAT | O_APPEND, child: child)
    }

    private func openFile(_ path: String, flags: Int32, child: String) throws(SupervisorError) -> Int32 {
        let fd = open(path, flags | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw SupervisorError("cannot open \(path) for \(child): \(errnoText()); check the folder's permissions")
        }
        return fd
    }

    private func follow(
        _ path: String,
        child: String,
        stream: ConsoleStream,
        prefix: String
    ) throws(SupervisorError) -> OutputReader {
        let fd = try openFile(path, flags: O_RDONLY | O_NONBLOCK, child: child)
        lseek(fd, 0, SEEK_END)  // only what this child writes, not an earlier run's lines
        let reader = OutputReader(
            fd: fd,
            source: .file(path: path),
            stream: stream,
            prefix: prefix,
            childName: child
        )
        reader.arm(inotifyFD: inotifyFD)
        return reader
    }
}

func errnoText() -> String {
    String(cString: strerror(errno))
}

private func withOptionalCString<R>(_ text: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let text else { return body(nil) }
    return text.withCString { body($0) }
}

/// A NULL-terminated `char *[]` that owns its strings until it is released.
private final class CStringArray {
    let pointer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>
    private let count: Int

    init(_ strings: [String]) {
        count = strings.count
        pointer = .allocate(capacity: strings.count + 1)
        for (index, string) in strings.enumerated() {
            pointer[index] = strdup(string)
        }
        pointer[strings.count] = nil
    }

    deinit {
        for index in 0..<count { free(pointer[index]) }
        pointer.deallocate()
    }
}
