import RunlogConfig
import Testing

@Suite struct ConfigKeyErrorTests {
    let loader = ConfigLoader(SampleConfig.self)

    private func error(_ toml: String) -> RunlogConfigError? {
        do {
            _ = try loader.load(toml: toml, name: "x.toml")
            Issue.record("expected an error for: \(toml)")
            return nil
        } catch {
            return error
        }
    }

    @Test func unknownKeyNamesPathLineAndValidKeys() {
        let found = error("output_dir = \"o\"\n\n[orchestrator.log]\nlevel = \"info\"\nlevle = \"debug\"\n")
        #expect(found?.kind == .unknownKey)
        #expect(found?.path?.description == "orchestrator.log.levle")
        #expect(found?.line == 5)
        #expect(found?.validKeys == ["level", "env_worker_logs"])
        #expect(found?.description.contains("did you mean 'level'?") == true)
        #expect(found?.description.contains("Valid keys in [orchestrator.log]: level, env_worker_logs") == true)
    }

    @Test func unknownTopLevelSectionListsTopLevelKeys() {
        let found = error("[trainr]\nseed = 1\n")
        #expect(found?.kind == .unknownKey)
        #expect(found?.path?.description == "trainr")
        #expect(found?.line == 1)
        #expect(found?.validKeys == ["output_dir", "log", "trainer", "orchestrator"])
    }

    @Test func unknownKeyInsideAnArrayOfTablesNamesTheElement() {
        let found = error("[[orchestrator.env]]\nname = \"a\"\n[[orchestrator.env]]\nname = \"b\"\nworkers = 2\n")
        #expect(found?.kind == .unknownKey)
        #expect(found?.path?.description == "orchestrator.env[1].workers")
        #expect(found?.line == 5)
        #expect(found?.validKeys == ["name", "workers_per_env"])
    }

    @Test func wrongTypeNamesPathLineAndBothTypes() {
        let found = error("[trainer]\nseed = 3\nnproc_per_node = \"two\"\n")
        #expect(found?.kind == .typeMismatch)
        #expect(found?.path?.description == "trainer.nproc_per_node")
        #expect(found?.line == 3)
        #expect(
            found?.description
                == "x.toml:3: 'trainer.nproc_per_node' expects an integer, got string \"two\"; write a whole number such as 2"
        )
    }

    @Test func numberWhereAStringIsExpectedSuggestsQuotes() {
        let found = error("output_dir = 5\n")
        #expect(found?.kind == .typeMismatch)
        #expect(found?.description.contains("put the value in quotes") == true)
    }

    @Test func scalarWhereASectionIsExpected() {
        let found = error("trainer = 3\n")
        #expect(found?.kind == .typeMismatch)
        #expect(found?.description.contains("write it as a [trainer] section") == true)
    }

    @Test func floatForAnIntegerSaysDropTheDecimalPoint() {
        let found = error("[trainer]\nnproc_per_node = 2.0\n")
        #expect(found?.kind == .typeMismatch)
        #expect(found?.description.contains("write 2 without a decimal point") == true)
    }

    @Test func invalidEnumValueListsTheValidOnes() {
        let found = error("[log]\nlevel = \"loud\"\n")
        #expect(found?.kind == .invalidValue)
        #expect(found?.path?.description == "log.level")
        #expect(found?.line == 2)
        #expect(found?.validKeys == ["debug", "info", "warning"])
    }

    @Test func negativeCountFailsValidationWithThePath() {
        let found = error("[trainer]\nnproc_per_node = -1\n")
        #expect(found?.kind == .invalidValue)
        #expect(found?.path?.description == "trainer.nproc_per_node")
        #expect(found?.line == 2)
        #expect(found?.description.contains("must be at least 1, got -1") == true)
    }

    @Test func validationRunsInsideArrayElements() {
        let found = error("[[orchestrator.env]]\nname = \"a\"\nworkers_per_env = 0\n")
        #expect(found?.kind == .invalidValue)
        #expect(found?.path?.description == "orchestrator.env[0].workers_per_env")
        #expect(found?.line == 3)
    }

    @Test func negativeNumberForUnsignedFieldIsOutOfRange() {
        let found = error("[trainer]\nseed = -5\n")
        #expect(found?.kind == .outOfRange)
        #expect(found?.description.contains("must not be negative") == true)
    }

    @Test func numberTooLargeForItsFieldIsOutOfRange() {
        let found = error("[trainer]\nseed = 9999999999999\n")
        #expect(found?.kind == .outOfRange)
        #expect(found?.description.contains("0 to 4294967295") == true)
    }

    @Test func wrongElementTypeInAnArrayNamesTheIndex() {
        let found = error("[trainer]\ncommand = [\"a\", 2]\n")
        #expect(found?.kind == .typeMismatch)
        #expect(found?.path?.description == "trainer.command[1]")
    }
}
