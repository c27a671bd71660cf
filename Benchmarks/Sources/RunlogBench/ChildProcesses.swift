import BenchSupport

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// P5: starts this executable several times as `proc-child` writers appending to one file, releases them
/// together (one byte each through a pipe on their standard input) and waits for all of them.
enum ChildProcesses {
    /// Returns the seconds from the release until the last writer exited.
    static func runAppenders(_ processes: Int, lines: Int, path: String) -> Double {
        let executable = "/proc/self/exe"
        var starts: [Int32] = []
        var children: [pid_t] = []
        for id in 0..<processes {
            var fds: [Int32] = [0, 0]
            guard pipe(&fds) == 0 else { BenchIO.fail("pipe failed") }
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            posix_spawn_file_actions_adddup2(&actions, fds[0], 0)
            posix_spawn_file_actions_addclose(&actions, fds[1])
            let argv = [executable, "proc-child", String(lines), path, String(id)]
            var cArguments = argv.map { strdup($0) } + [nil]
            var pid: pid_t = 0
            let result = posix_spawn(&pid, executable, &actions, nil, &cArguments, environ)
            for pointer in cArguments { free(pointer) }
            posix_spawn_file_actions_destroy(&actions)
            guard result == 0 else { BenchIO.fail("posix_spawn failed: \(result)") }
            close(fds[0])
            starts.append(fds[1])
            children.append(pid)
        }
        // Give every child time to reach its read() before the clock starts.
        usleep(300_000)
        let start = BenchIO.now()
        var go: UInt8 = 1
        for fd in starts {
            _ = write(fd, &go, 1)
            close(fd)
        }
        for pid in children {
            var status: Int32 = 0
            waitpid(pid, &status, 0)
            if status != 0 { BenchIO.fail("writer \(pid) failed with status \(status)") }
        }
        return BenchIO.now() - start
    }
}
