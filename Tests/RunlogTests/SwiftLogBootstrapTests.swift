import Foundation
import RunlogTestSupport
import Testing

/// `SwiftLogBridge.bootstrap` runs once per process, so it is tested in a real child process. The child calls
/// `setupLogger` first and bootstraps afterwards: were `setupLogger` to bootstrap swift-log itself, that second
/// bootstrap would trap, so this also proves the logger stays out of swift-log's global state.
@Suite(.serialized) struct SwiftLogBootstrapTests {
    @Test func bootstrapRoutesInterceptedLabelsAtTheirOwnLevelAndOthersAtRunlogsLevel() throws {
        let directory = TemporaryDirectory()
        defer { directory.cleanUp() }
        let path = directory.file("bridge.log")
        let result = try runProbe(["bridge", path])
        #expect(result.status == 0 && !result.signaled, "\(result.standardError)")
        let lines = readLines(path)
        #expect(lines.count == 2, "\(lines)")
        #expect(lines.first?.hasSuffix("  DEBUG [bridge] [verifiers.math] library debug") == true)
        #expect(lines.last?.hasSuffix("SUCCESS [bridge] app notice") == true)
    }
}
