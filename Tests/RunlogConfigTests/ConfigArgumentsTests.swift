import RunlogConfig
import Testing

@Suite struct ConfigArgumentsTests {
    @Test func configFilesInEveryForm() throws {
        let parsed = try ConfigArguments(parsing: ["@", "a.toml", "@b.toml", "--config", "c.toml", "--config=d.toml"])
        #expect(parsed.files == ["a.toml", "b.toml", "c.toml", "d.toml"])
        #expect(parsed.overrides.isEmpty)
    }

    @Test func overrideFormsAndFlags() throws {
        let parsed = try ConfigArguments(parsing: ["--a.b-c", "1", "--d=e=f", "--flag", "--n", "-1", "--last"])
        #expect(parsed.overrides.map(\.path.description) == ["a.b_c", "d", "flag", "n", "last"])
        #expect(parsed.overrides.map(\.value) == ["1", "e=f", nil, "-1", nil])
        #expect(parsed.overrides[0].origin == .argument("--a.b-c"))
    }

    @Test func aFlagBeforeAConfigFileDoesNotSwallowIt() throws {
        let parsed = try ConfigArguments(parsing: ["--flag", "@", "x.toml"])
        #expect(parsed.overrides.first?.value == nil)
        #expect(parsed.files == ["x.toml"])
    }

    @Test func helpIsRecognised() throws {
        #expect(try ConfigArguments(parsing: ["--help"]).helpRequested)
        #expect(try ConfigArguments(parsing: ["-h"]).helpRequested)
    }

    @Test func malformedArgumentsAreRejectedWithTheFix() {
        for arguments in [["positional"], ["@"], ["--config"], ["--"], ["--a..b", "1"], ["--a.b/c", "1"], ["-x"]] {
            #expect(throws: RunlogConfigError.self, "\(arguments)") { try ConfigArguments(parsing: arguments) }
        }
        do {
            _ = try ConfigArguments(parsing: ["stray"])
        } catch {
            #expect(error.kind == .badArgument)
            #expect(error.description.contains("--section.key VALUE"))
        }
    }

    @Test func structuredOverrideThatIsNotTOMLIsAWrongTypeNotAnAbort() throws {
        // Found by fuzzing a debug toml++ (no NDEBUG): `[1, }` as a command-line value tripped its assertion.
        let loader = ConfigLoader(SampleConfig.self)
        for value in ["[1, }", "[1, }a!2 = \"x\" }", "{ a = }", "[ ,]", "[\"\u{E9}\", \u{E9}]", "[1,\n[\u{01}"] {
            let parsed = try ConfigArguments(parsing: ["--trainer.command", value])
            #expect(throws: RunlogConfigError.self, "\(value.debugDescription)") {
                try loader.load(overrides: parsed.overrides)
            }
        }
        let good = try ConfigArguments(parsing: ["--trainer.command", "[\"a\", \"b\"]"])
        #expect(try loader.load(overrides: good.overrides).trainer.command == ["a", "b"])
    }
}
