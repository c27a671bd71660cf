import Foundation
import Testing

@testable import RLReference

/// The `inference` executable as the launcher starts it: port file, HTTP, SIGTERM.
@Suite(.serialized) struct InferenceProcessTests {
    @Test func inferenceProcessPublishesItsPortServesAndExitsCleanlyOnSIGTERM() throws {
        let harness = try ComponentHarness()
        var config = InferenceConfig()
        config.outputDir = harness.outputDir
        let process = try harness.start(
            "inference",
            arguments: ComponentLaunch.arguments(configPath: try harness.writeConfig(config, name: "inference")),
            logName: "inference.stdout"
        )
        var port: Int?
        let found = Waiting.until(timeout: .seconds(20)) {
            port = Int(harness.read(config.resolvedPortFile).trimmingCharacters(in: .whitespacesAndNewlines))
            return port != nil
        }
        #expect(found == .satisfied)
        let client = HTTPClient(host: "127.0.0.1", port: try #require(port))
        let request = CompletionRequest(task: "add_digits", prompt: ["3+4"], n: 5)
        let (status, body) = try client.post("/v1/completions", json: JSONEncoder().encode(request))
        #expect(status == 200)
        #expect(try JSONDecoder().decode(CompletionResponse.self, from: body).choices.count == 5)
        kill(process.processIdentifier, SIGTERM)
        #expect(harness.waitForExit(process, timeout: .seconds(10)) == 0)
        let log = harness.read("logs/inference.stdout")
        #expect(log.contains("Serving the tabular policy on http://127.0.0.1:\(port!)"))
        #expect(log.contains("Received SIGTERM: shutting down"))
    }

    @Test func badConfigExitsWithStatusTwoAndNamesTheKey() throws {
        let harness = try ComponentHarness()
        let path = try harness.writeConfig(["port": 70000], name: "inference")
        let process = try harness.start("inference", arguments: ["--config", path], logName: "inference.stdout")
        #expect(harness.waitForExit(process, timeout: .seconds(10)) == 2)
        #expect(harness.read("logs/inference.stdout").contains("inference.port"))
    }
}
