import Foundation
import RunlogConfig
import Testing

@Suite struct ConfigFileErrorTests {
    let loader = ConfigLoader(SampleConfig.self)

    private func error(_ body: () throws -> SampleConfig) -> RunlogConfigError? {
        do {
            _ = try body()
            return nil
        } catch let error as RunlogConfigError {
            return error
        } catch {
            Issue.record("unexpected error type: \(error)")
            return nil
        }
    }

    @Test func emptyFileGivesTheDefaults() throws {
        let files = try TemporaryFiles()
        let path = try files.write("empty.toml", "")
        let commentsOnly = try files.write("comments.toml", "# nothing here\n\n")
        #expect(try loader.load(files: [path]) == SampleConfig())
        #expect(try loader.load(files: [commentsOnly]) == SampleConfig())
    }

    @Test func missingFileIsNamedWithTheFix() {
        let found = error { try loader.load(files: ["/nonexistent/x.toml"]) }
        #expect(found?.kind == .fileNotFound)
        #expect(found?.description.contains("/nonexistent/x.toml") == true)
        #expect(found?.description.contains("--config") == true)
    }

    @Test func directoryInsteadOfFileIsRejected() throws {
        let files = try TemporaryFiles()
        let found = error { try loader.load(files: [files.directory.path]) }
        #expect(found?.kind == .notAFile)
        #expect(found?.description.contains("is a directory") == true)
    }

    @Test func malformedTOMLNamesTheLine() throws {
        let files = try TemporaryFiles()
        let path = try files.write("bad.toml", "output_dir = \"x\"\n\n[trainer\nnproc_per_node = 2\n")
        let found = error { try loader.load(files: [path]) }
        #expect(found?.kind == .syntaxError)
        #expect(found?.line == 3)
        #expect(found?.description.hasPrefix("\(path):3: invalid TOML") == true)
    }

    @Test func duplicateKeyIsASyntaxError() throws {
        let found = error { try loader.load(toml: "[trainer]\nseed = 1\nseed = 2\n", name: "dup.toml") }
        #expect(found?.kind == .syntaxError)
        #expect(found?.line == 3)
    }

    @Test func hugeIntegerLiteralIsASyntaxErrorNotACrash() {
        let found = error { try loader.load(toml: "[trainer]\nnproc_per_node = 99999999999999999999999\n") }
        #expect(found?.kind == .syntaxError)
        #expect(found?.line == 2)
    }

    @Test func nulByteIsRejectedWithItsLine() throws {
        let files = try TemporaryFiles()
        let path = try files.write("nul.toml", bytes: Array("output_dir = \"a\"\nx = 1\0\n".utf8))
        let found = error { try loader.load(files: [path]) }
        #expect(found?.kind == .syntaxError)
        #expect(found?.line == 2)
    }

    @Test func invalidUTF8IsUnreadable() throws {
        let files = try TemporaryFiles()
        let path = try files.write("latin1.toml", bytes: [0x61, 0x20, 0x3D, 0x20, 0x22, 0xE9, 0x22, 0x0A])
        let found = error { try loader.load(files: [path]) }
        #expect(found?.kind == .unreadableFile)
        #expect(found?.description.contains("UTF-8") == true)
    }

    @Test func missingValueBeforeACloserIsASyntaxErrorNotAnAbort() {
        // Found by the fuzzer: toml++ asserts (abort) in debug builds when `}` or `,` stands where a value must.
        for text in ["x = [1, }\n", "x = ,\n", "x = [1,,2]\n", "log = { level = }\n", "x = [ # note\n}\n"] {
            let found = error { try loader.load(toml: text, name: "v.toml") }
            #expect(found?.kind == .syntaxError, "\(text.debugDescription)")
            #expect(found?.description.contains("expected a value after") == true, "\(text.debugDescription)")
        }
    }

    @Test func nonASCIITableNameIsASyntaxErrorNotAnAbort() {
        // Found by the fuzzer: toml++ asserts (abort) on this input in debug builds.
        for text in ["[\u{E9}]\nx = 1\n", "a = 1\n  [[ \u{E9}t\u{E9}]]\n", "[\u{FFFD}ection]\n", "[\u{01}"] {
            let found = error { try loader.load(toml: text, name: "u.toml") }
            #expect(found?.kind == .syntaxError)
            #expect(found?.description.contains("quote") == true)
        }
        #expect(error { try loader.load(toml: "[\"\u{E9}\"]\nx = 1\n") }?.kind == .unknownKey)
        #expect(error { try loader.load(toml: "[=]\n") }?.description.contains("must start with a letter") == true)
        #expect(error { try loader.load(toml: "[\n[\n\n") }?.kind == .syntaxError)
        // Found by the fuzzer: a non-ASCII character after a date's T aborts toml++ in debug builds.
        let date = error { try loader.load(toml: "x = 1970-01-01T\u{FFFD}00:00:00Z\n") }
        #expect(date?.kind == .syntaxError)
        let stray = error { try loader.load(toml: "x = \u{FFFD}\n") }
        #expect(stray?.description.contains("U+FFFD is only allowed inside a quoted string or a comment") == true)
        let ascii = error { try loader.load(toml: "x = 1970-01-01Tlabe0:00Z\n") }
        #expect(ascii?.description.contains("a date-time needs a time after its 'T'") == true)
        // Non-ASCII text in strings and comments is fine, and so are real dates.
        #expect(error { try loader.load(toml: "d = 1979-05-27T07:32:00Z\n") }?.kind == .unknownKey)
        #expect(throws: Never.self) { try loader.load(toml: "output_dir = \"\u{E9}t\u{E9}\" # caf\u{E9}\n") }
        // Arrays spanning lines are not headers.
        #expect(throws: Never.self) { try loader.load(toml: "[trainer]\ncommand = [\n  \"a\",\n]\n") }
    }

    @Test func errorsStayOnOneLineWhateverTheInputQuotes() {
        // Found by the fuzzer: the parser's message quoted the input's newline.
        let parser = error { try loader.load(toml: "I=t\n") }
        #expect(parser?.kind == .syntaxError)
        #expect(parser?.description.contains("\n") == false)
        let key = error { try loader.load(toml: "\"a\\nb\\u001B[2J\" = 1\n") }
        #expect(key?.kind == .unknownKey)
        #expect(key?.description.contains("\n") == false)
        #expect(key?.description.contains("\u{1B}") == false)
    }
}
