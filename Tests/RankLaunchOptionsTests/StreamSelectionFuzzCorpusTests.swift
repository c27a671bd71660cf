import Foundation
import RankLaunchOptions
import Testing

/// Every input in the stream-selection fuzzer's corpus (`Fuzz/Corpus/stream-selection`, run by
/// `scripts/fuzz.sh`) replays in a normal build with the fuzzer's properties: a value whose canonical
/// spelling parses back to it, or a one-line error that names the flag and the fix. As in the fuzzer, the
/// first byte's low four bits are --nproc-per-node (0 means 16) and the rest is the flag's value.
@Suite struct StreamSelectionFuzzCorpusTests {
    static let corpus = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Fuzz/Corpus/stream-selection")

    static func inputs() throws -> [(name: String, localWorldSize: Int, text: String)] {
        try FileManager.default.contentsOfDirectory(atPath: corpus.path).sorted().map { name in
            let bytes = [UInt8](try Data(contentsOf: corpus.appendingPathComponent(name)))
            let size = bytes.first.map { $0 & 0x0F == 0 ? 16 : Int($0 & 0x0F) } ?? 16
            return (name, size, String(decoding: bytes.dropFirst(), as: UTF8.self))
        }
    }

    static func expectUsageError(_ error: RankRunError, flag: String, fix: String, input name: String) {
        let message = error.description
        #expect(message.hasPrefix(flag), "\(name): \(message.debugDescription)")
        #expect(message.contains(fix), "\(name): \(message.debugDescription)")
        #expect(!message.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F }, "\(name): control")
    }

    @Test func corpusHasValidAndInvalidSpecs() throws {
        let names = try Self.inputs().map(\.name)
        #expect(names.filter { $0.hasPrefix("valid-") }.count >= 4)
        #expect(names.filter { $0.hasPrefix("invalid-") }.count >= 8)
    }

    @Test func everySpecParsesToARoundTrippingValueOrAOneLineError() throws {
        for (name, localWorldSize, text) in try Self.inputs() {
            do throws(RankRunError) {
                let setting = try StreamSelectionSetting(parsing: text, flag: "--tee")
                #expect(!name.hasPrefix("invalid-"), "\(name) was accepted as \(setting)")
                #expect(try StreamSelectionSetting(parsing: setting.description, flag: "--tee") == setting, "\(name)")
                if case .perRank(let map) = setting {
                    let outside = map.keys.filter { $0 >= localWorldSize }.min()
                    do throws(RankRunError) {
                        try setting.validate(localWorldSize: localWorldSize, flag: "--tee")
                        #expect(outside == nil, "\(name): rank \(outside ?? -1) passed validation")
                    } catch {
                        #expect(error.description.contains("local rank \(outside ?? -1),"), "\(name)")
                    }
                }
            } catch {
                let fix = error.description.contains("twice") ? "give each rank once" : "3 (both)"
                Self.expectUsageError(error, flag: "--tee", fix: fix, input: name)
                #expect(!name.hasPrefix("valid-"), "\(name) was rejected: \(error.description)")
            }
        }
    }

    @Test func everyFilterParsesToARoundTrippingValueOrAOneLineError() throws {
        for (name, _, text) in try Self.inputs() {
            do throws(RankRunError) {
                let filter = try LocalRanksFilter(parsing: text)
                #expect(!filter.ranks.isEmpty, "\(name)")
                #expect(try LocalRanksFilter(parsing: filter.description) == filter, "\(name)")
            } catch {
                Self.expectUsageError(
                    error,
                    flag: "--local-ranks-filter",
                    fix: "e.g. --local-ranks-filter=0,1,2",
                    input: name
                )
            }
        }
    }
}
