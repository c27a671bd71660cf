import Foundation
import RunlogConfig
import Testing

/// Every input in the fuzzers' corpus (`Fuzz/Corpus`, run by `scripts/fuzz.sh`) replays in a normal debug
/// build and ends in a configuration or a one-line ``RunlogConfigError``: the crashes fuzzing found (toml++
/// assertions on `[é]`, `[\x01`, a date's `T` without a time, multi-line parser messages) stay fixed.
@Suite struct ConfigFuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus")

    static func inputs(_ target: String) throws -> [(name: String, bytes: [UInt8])] {
        let folder = corpus.appendingPathComponent(target)
        return try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().map { name in
            (name, [UInt8](try Data(contentsOf: folder.appendingPathComponent(name))))
        }
    }

    static func expectOneLine(_ error: RunlogConfigError, input name: String) {
        #expect(!error.description.isEmpty, "\(name): empty error message")
        #expect(!error.description.contains("\n"), "\(name): multi-line error \(error.description.debugDescription)")
    }

    @Test func tomlCorpusEndsInAConfigOrAOneLineError() throws {
        let inputs = try Self.inputs("config-toml")
        #expect(inputs.count >= 10)
        #expect(inputs.contains { $0.name.hasPrefix("crash-") })
        for (name, bytes) in inputs {
            do throws(RunlogConfigError) {
                _ = try ConfigLoader(SampleConfig.self).load(toml: String(decoding: bytes, as: UTF8.self), name: name)
            } catch {
                Self.expectOneLine(error, input: name)
            }
        }
    }

    @Test func overrideCorpusEndsInAConfigOrAOneLineError() throws {
        let inputs = try Self.inputs("config-overrides")
        #expect(inputs.count >= 3)
        for (name, bytes) in inputs {
            // As the fuzz target reads it: arguments separated by NUL or newline.
            let arguments = bytes.split(whereSeparator: { $0 == 0 || $0 == 0x0A }).map {
                String(decoding: $0, as: UTF8.self)
            }
            do throws(RunlogConfigError) {
                let parsed = try ConfigArguments(parsing: arguments)
                _ = try ConfigLoader(SampleConfig.self).load(overrides: parsed.overrides)
            } catch {
                Self.expectOneLine(error, input: name)
            }
            // Every value also as a structured value of an array key that SampleConfig has (the fuzzer's
            // keys, like --tags, are unknown to it and would stop before the value is parsed).
            for value in arguments where !value.hasPrefix("-") && !value.hasPrefix("@") {
                do throws(RunlogConfigError) {
                    let parsed = try ConfigArguments(parsing: ["--trainer.command", value])
                    _ = try ConfigLoader(SampleConfig.self).load(overrides: parsed.overrides)
                } catch {
                    Self.expectOneLine(error, input: name)
                }
            }
        }
    }
}
