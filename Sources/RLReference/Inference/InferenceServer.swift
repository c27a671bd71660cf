import Foundation
public import Runlog
import Synchronization

/// The inference server: samples completions from the current policy over HTTP/JSON and reloads the
/// weights whenever the trainer publishes a new version.
///
/// Routes: `POST /v1/completions` (``CompletionRequest`` → ``CompletionResponse``), `GET /health`
/// (``HealthResponse``). Before each request the server checks the weights file's identity (inode, size,
/// modification time) and reloads it when the trainer has renamed a new one into place.
public final class InferenceServer: Sendable {
    private struct State {
        var policy = TabularPolicy()
        var version = 0
        var rng: SeededGenerator
        var weightsStamp: [Int] = []
    }

    private let state: Mutex<State>
    private let weightsFile: String
    private let logger: RunlogLogger

    /// Creates a server that reads weights from `weightsFile` and logs to `logger`.
    /// - Parameters:
    ///   - weightsFile: the trainer's published weights (``RunPaths/weightsFile``).
    ///   - seed: seed of the sampler.
    ///   - logger: where to log loads and bad requests.
    public init(weightsFile: String, seed: UInt64, logger: RunlogLogger) {
        self.weightsFile = weightsFile
        self.logger = logger
        state = Mutex(State(rng: SeededGenerator(seed: seed)))
    }

    /// Answers one HTTP request.
    /// - Parameter request: the parsed request.
    public func handle(_ request: HTTPRequest) -> HTTPResponse {
        switch (request.method, request.path) {
        case ("POST", "/v1/completions"):
            return completions(request.body)
        case ("GET", "/health"):
            let version = state.withLock { state in
                reloadIfChanged(&state)
                return state.version
            }
            return json(HealthResponse(status: "ok", policyVersion: version))
        case (_, "/v1/completions"), (_, "/health"):
            return .error(405, "method \(request.method) is not allowed on \(request.path)")
        default:
            return .error(404, "no route \(request.path): use POST /v1/completions or GET /health")
        }
    }

    private func completions(_ body: Data) -> HTTPResponse {
        let request: CompletionRequest
        do {
            request = try JSONDecoder().decode(CompletionRequest.self, from: body)
        } catch {
            logger.warning("Rejected a malformed completion request: \(error)")
            return .error(400, "body must be JSON {\"task\", \"prompt\": [...], \"n\", \"temperature\"}: \(error)")
        }
        guard (1...1024).contains(request.n), request.prompt.count <= 4096 else {
            return .error(400, "n must be 1...1024 and at most 4096 prompts per request")
        }
        guard request.temperature > 0, request.temperature.isFinite else {
            return .error(400, "temperature must be a positive number")
        }
        do {
            let response = try state.withLock { state throws(TabularPolicy.UnknownInput) -> CompletionResponse in
                reloadIfChanged(&state)
                var choices: [CompletionChoice] = []
                choices.reserveCapacity(request.prompt.count * request.n)
                for (promptIndex, prompt) in request.prompt.enumerated() {
                    for _ in 0..<request.n {
                        let sample = try state.policy.sample(
                            task: request.task,
                            prompt: prompt,
                            temperature: request.temperature,
                            using: &state.rng
                        )
                        choices.append(
                            CompletionChoice(
                                index: choices.count,
                                promptIndex: promptIndex,
                                text: sample.completion,
                                logprob: sample.logProbability
                            )
                        )
                    }
                }
                return CompletionResponse(policyVersion: state.version, choices: choices)
            }
            logger.debug(
                "Sampled \(response.choices.count) completions for \(request.task) with policy version "
                    + "\(response.policyVersion)"
            )
            return json(response)
        } catch {
            logger.warning("Rejected a completion request: \(error.description)")
            return .error(400, error.description)
        }
    }

    private func reloadIfChanged(_ state: inout State) {
        var info = stat()
        guard stat(weightsFile, &info) == 0 else { return }
        let stamp = [Int(info.st_ino), Int(info.st_size), info.st_mtim.tv_sec, info.st_mtim.tv_nsec]
        guard stamp != state.weightsStamp else { return }
        do {
            guard let weights = try PolicyWeights.load(from: weightsFile) else { return }
            guard weights.parameters.count == state.policy.parameterCount else {
                logger.error(
                    "Ignoring weights version \(weights.version): \(weights.parameters.count) parameters, "
                        + "expected \(state.policy.parameterCount) (trainer and inference built from different code?)"
                )
                state.weightsStamp = stamp
                return
            }
            state.policy.parameters = weights.parameters
            state.version = weights.version
            state.weightsStamp = stamp
            logger.info("Loaded policy weights version \(weights.version)")
        } catch {
            // A reader can only see whole files (the trainer renames), so this is a real corruption.
            logger.error("Cannot read weights \(weightsFile): \(error); keeping version \(state.version)")
            state.weightsStamp = stamp
        }
    }

    private func json(_ value: some Encodable) -> HTTPResponse {
        do {
            return HTTPResponse(status: 200, body: try JSONEncoder().encode(value))
        } catch {
            return .error(500, "cannot encode the response: \(error)")
        }
    }
}
