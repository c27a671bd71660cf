#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Hands the process's arguments to libFuzzer (`LLVMFuzzerRunDriver`, linked in by `-sanitize=fuzzer` and
/// kept by `-Xlinker -u -Xlinker LLVMFuzzerRunDriver`), which then calls `testOneInput` for every input.
///
/// An executable target's `main.swift` is its entry point (SwiftPM renames it so test bundles can link
/// executables), so the targets call this instead of relying on libFuzzer's own `main`.
///
/// ```swift
/// exit(LibFuzzerDriver.run { data, size in check(data, size); return 0 })
/// ```
public enum LibFuzzerDriver {
    /// The callback libFuzzer calls with each input.
    public typealias TestOneInput = @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32

    /// The target, for ``fuzzerTestOneInput(_:_:)``; set once before libFuzzer starts.
    nonisolated(unsafe) static var target: TestOneInput?

    /// Runs libFuzzer with the command line's arguments; returns its exit status (2 when it is not linked).
    ///
    /// - Parameter testOneInput: The fuzz target.
    /// - Returns: libFuzzer's exit status.
    public static func run(_ testOneInput: TestOneInput) -> Int32 {
        typealias Driver =
            @convention(c) (
                UnsafeMutablePointer<Int32>,
                UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
                TestOneInput
            ) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "LLVMFuzzerRunDriver") else {
            let text = "libFuzzer is not linked in: build with scripts/fuzz.sh (-sanitize=fuzzer)\n"
            _ = text.withCString { write(2, $0, strlen($0)) }
            return 2
        }
        target = testOneInput
        let driver = unsafeBitCast(symbol, to: Driver.self)
        var argc = CommandLine.argc
        var argv = CommandLine.unsafeArgv
        return driver(&argc, &argv, testOneInput)
    }
}

/// The classic libFuzzer entry point. The runtime's own `main` (unused here) refers to it, so it must exist
/// for the link to succeed; it forwards to the target given to ``LibFuzzerDriver/run(_:)``.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzerTestOneInput(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    LibFuzzerDriver.target?(data, size) ?? 0
}
