import Foundation

/// Runs ``ConfigFuzzInput`` on every input.
///
/// Built normally, it replays corpus files (or every file of corpus folders) given as arguments, so the
/// corpus is a regression test in every build. Built by `scripts/fuzz-config.sh` (coverage instrumentation,
/// AddressSanitizer, libFuzzer's no-main runtime, `-DRUNLOG_FUZZING`), it hands its arguments to libFuzzer.
@main
struct ConfigFuzzMain {
    static func main() throws {
        #if RUNLOG_FUZZING
        exit(runLibFuzzer())
        #else
        exit(try replay(Array(CommandLine.arguments.dropFirst())))
        #endif
    }

    /// The libFuzzer callback.
    static let testOneInput: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32 = { data, size in
        guard let data else { return 0 }
        ConfigFuzzInput.run(Array(UnsafeBufferPointer(start: data, count: size)))
        return 0
    }

    /// Calls `LLVMFuzzerRunDriver` from the linked libFuzzer runtime.
    static func runLibFuzzer() -> Int32 {
        typealias Driver =
            @convention(c) (
                UnsafeMutablePointer<Int32>,
                UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
            ) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
            FileHandle.standardError.write(Data("runlog-config-fuzz: libFuzzer is not linked in\n".utf8))
            return 2
        }
        let driver = unsafeBitCast(symbol, to: Driver.self)
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        return driver(&argc, &argv, testOneInput)
    }

    /// Replays files and folders of inputs; returns the exit status.
    static func replay(_ paths: [String]) throws -> Int32 {
        var count = 0
        for path in paths {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
                FileHandle.standardError.write(Data("runlog-config-fuzz: no such file \(path)\n".utf8))
                return 2
            }
            let files =
                isDirectory.boolValue
                ? try FileManager.default.contentsOfDirectory(atPath: path).sorted().map { path + "/" + $0 }
                : [path]
            for file in files {
                guard let data = FileManager.default.contents(atPath: file) else { continue }
                ConfigFuzzInput.run(Array(data))
                count += 1
            }
        }
        print("runlog-config-fuzz: replayed \(count) inputs")
        return 0
    }
}

#if RUNLOG_FUZZING
/// The classic libFuzzer entry point, for tools that look for it.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    ConfigFuzzMain.testOneInput(data, size)
}
#endif
