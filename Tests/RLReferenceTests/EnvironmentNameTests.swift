import Testing

@testable import RLReference

@Suite struct EnvironmentNameTests {
    @Test func acceptsOrdinaryNames() throws {
        for name in ["reverse_text", "add-digits", "math.v2", "Env1", String(repeating: "a", count: 100)] {
            try EnvironmentName.validate(name)
        }
    }

    @Test(arguments: [
        "", "../etc", "a/b", "..", "x..y", ".hidden", "nul\u{0}byte", "tab\tname", "esc\u{1B}[2J", "back\\slash",
        String(repeating: "a", count: 101),
    ])
    func rejectsNamesThatCouldEscapeTheLogDirectory(name: String) {
        #expect(throws: EnvironmentName.InvalidName.self) { try EnvironmentName.validate(name) }
    }

    @Test func errorNamesTheProblemAndTheFix() {
        do {
            try EnvironmentName.validate("../../etc/passwd")
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("'/'"))
            #expect(error.message.contains("e.g. \"reverse_text\""))
        }
    }

    @Test func orchestratorConfigRejectsABadEnvNameWithItsKeyPath() {
        var config = OrchestratorConfig()
        config.env[1].name = "../escape"
        #expect(throws: (any Error).self) { try config.validate() }
        do {
            try config.validate()
        } catch {
            #expect(error.key == "env[1].name")
        }
    }
}
