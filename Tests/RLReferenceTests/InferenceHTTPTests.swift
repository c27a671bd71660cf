import Foundation
import Runlog
import Testing

@testable import RLReference

/// The inference server's HTTP API over a real loopback socket, in process.
@Suite(.serialized) struct InferenceHTTPTests {
    private func startServer(weightsFile: String) throws -> (HTTPServer, HTTPClient) {
        let inference = InferenceServer(
            weightsFile: weightsFile,
            seed: 1,
            logger: RunlogLogger(level: .info, sinks: [])
        )
        let server = try HTTPServer(host: "127.0.0.1", port: 0, handler: inference.handle)
        server.startInBackground()
        return (server, HTTPClient(host: "127.0.0.1", port: server.port))
    }

    @Test func completionsRoundTripReturnsNSamplesPerPrompt() throws {
        let harness = try ComponentHarness()
        let (server, client) = try startServer(weightsFile: harness.paths.weightsFile)
        defer { server.close() }
        let request = CompletionRequest(task: "reverse_text", prompt: ["abc", "bca"], n: 4)
        let (status, body) = try client.post("/v1/completions", json: JSONEncoder().encode(request))
        #expect(status == 200)
        let response = try JSONDecoder().decode(CompletionResponse.self, from: body)
        #expect(response.choices.count == 8)
        #expect(response.choices.map(\.promptIndex) == [0, 0, 0, 0, 1, 1, 1, 1])
        #expect(response.choices.allSatisfy { $0.text.count == 3 && $0.text.allSatisfy("abc".contains) })
        #expect(response.choices.allSatisfy { abs($0.logprob - 3 * log(1.0 / 3)) < 1e-9 })  // uniform policy
        #expect(response.policyVersion == 0)
        // keep-alive: a second request on the same connection
        let (healthStatus, healthBody) = try client.get("/health")
        #expect(healthStatus == 200)
        #expect(try JSONDecoder().decode(HealthResponse.self, from: healthBody).status == "ok")
    }

    @Test func serverReloadsWeightsWhenTheTrainerPublishesANewVersion() throws {
        let harness = try ComponentHarness()
        let (server, client) = try startServer(weightsFile: harness.paths.weightsFile)
        defer { server.close() }
        // Make "1+1" -> "2" near-certain, as a trained policy would.
        let weights = try weightsPeaked(on: "2", prompt: "1+1")
        try PolicyWeights(version: 5, parameters: weights).publish(to: harness.paths.weightsFile)
        let request = CompletionRequest(task: "add_digits", prompt: ["1+1"], n: 20)
        let (_, body) = try client.post("/v1/completions", json: JSONEncoder().encode(request))
        let response = try JSONDecoder().decode(CompletionResponse.self, from: body)
        #expect(response.policyVersion == 5)
        #expect(response.choices.allSatisfy { $0.text == "2" })
    }

    @Test func badRequestsGetClearErrors() throws {
        let harness = try ComponentHarness()
        let (server, client) = try startServer(weightsFile: harness.paths.weightsFile)
        defer { server.close() }
        let (malformed, malformedBody) = try client.post("/v1/completions", json: Data("{not json".utf8))
        #expect(malformed == 400)
        #expect(String(decoding: malformedBody, as: UTF8.self).contains("body must be JSON"))
        let unknown = CompletionRequest(task: "chess", prompt: ["e4"], n: 1)
        let (unknownStatus, unknownBody) = try client.post("/v1/completions", json: JSONEncoder().encode(unknown))
        #expect(unknownStatus == 400)
        #expect(String(decoding: unknownBody, as: UTF8.self).contains("unknown task"))
        let (missing, _) = try client.get("/v2/nothing")
        #expect(missing == 404)
    }

    /// Parameters where `prompt`'s single output token is `answer` with probability ≈ 1.
    private func weightsPeaked(on answer: Character, prompt: String) throws -> [Double] {
        var policy = TabularPolicy()
        var gradient = Array(repeating: 0.0, count: policy.parameterCount)
        try policy.accumulateLogProbabilityGradient(
            task: "add_digits",
            prompt: prompt,
            completion: String(answer),
            weight: 100,
            into: &gradient
        )
        for index in policy.parameters.indices { policy.parameters[index] += gradient[index] }
        return policy.parameters
    }
}
