import RunlogConfig
import Testing

@Suite struct ConfigLayeringTests {
    let loader = ConfigLoader(SampleConfig.self, environmentPrefix: "RUNLOG_TEST__")

    @Test func missingKeysTakeTheirDefaultsAtEveryLevel() throws {
        let config = try loader.load(toml: "[trainer]\nseed = 3\n[[orchestrator.env]]\nname = \"only\"\n")
        #expect(config.trainer.seed == 3)
        #expect(config.trainer.nprocPerNode == 1)
        #expect(config.trainer.learningRate == 0.5)
        #expect(config.orchestrator.env == [EnvSection(name: "only")])
        #expect(config.orchestrator.env[0].workersPerEnv == 1)
    }

    @Test func laterFilesWinAndTablesMergeKeyByKey() throws {
        let files = try TemporaryFiles()
        let first = try files.write("a.toml", "output_dir = \"a\"\n[trainer]\nseed = 1\nnproc_per_node = 2\n")
        let second = try files.write("b.toml", "[trainer]\nseed = 9\n")
        let config = try loader.load(files: [first, second])
        #expect(config.outputDir == "a")
        #expect(config.trainer.seed == 9)
        #expect(config.trainer.nprocPerNode == 2)
    }

    @Test func environmentOverridesFilesAndArgumentsOverrideEnvironment() throws {
        let files = try TemporaryFiles()
        let file = try files.write("a.toml", "[orchestrator.log]\nlevel = \"warning\"\n[trainer]\nseed = 1\n")
        let environment = [
            "RUNLOG_TEST__ORCHESTRATOR__LOG__LEVEL": "debug",
            "RUNLOG_TEST__TRAINER__SEED": "2",
            "UNRELATED": "x",
        ]
        let fromEnvironment = try loader.load(files: [file], environment: environment)
        #expect(fromEnvironment.orchestrator.log.level == .debug)
        #expect(fromEnvironment.trainer.seed == 2)
        let arguments = try ConfigArguments(parsing: ["--trainer.seed", "3"])
        let fromArguments = try loader.load(files: [file], overrides: arguments.overrides, environment: environment)
        #expect(fromArguments.trainer.seed == 3)
        #expect(fromArguments.orchestrator.log.level == .debug)
    }

    @Test func kebabOverridesAreTypeCheckedAgainstTheField() throws {
        let arguments = try ConfigArguments(parsing: [
            "--trainer.nproc-per-node", "2", "--trainer.learning-rate=0.25", "--orchestrator.log.env-worker-logs",
            "--output-dir", "123",
        ])
        let config = try loader.load(overrides: arguments.overrides)
        #expect(config.trainer.nprocPerNode == 2)
        #expect(config.trainer.learningRate == 0.25)
        #expect(config.orchestrator.log.envWorkerLogs)
        #expect(config.outputDir == "123")
    }

    @Test func overrideCanIndexIntoTheDefaultArrayAndSetWholeArrays() throws {
        let indexed = try ConfigArguments(parsing: ["--orchestrator.env.1.workers-per-env", "3"])
        #expect(try loader.load(overrides: indexed.overrides).orchestrator.env[1].workersPerEnv == 3)
        let whole = try ConfigArguments(parsing: [
            "--orchestrator.env", "[{ name = \"x\" }]", "--trainer.command=[\"a\"]",
        ])
        let config = try loader.load(overrides: whole.overrides)
        #expect(config.orchestrator.env == [EnvSection(name: "x")])
        #expect(config.trainer.command == ["a"])
    }

    @Test func overrideErrorsNameTheOption() throws {
        func error(_ arguments: [String], environment: [String: String] = [:]) -> RunlogConfigError? {
            do {
                let parsed = try ConfigArguments(parsing: arguments)
                _ = try loader.load(overrides: parsed.overrides, environment: environment)
                return nil
            } catch {
                return error
            }
        }
        let wrongType = error(["--trainer.nproc-per-node", "two"])
        #expect(wrongType?.kind == .typeMismatch)
        #expect(wrongType?.origin == .argument("--trainer.nproc-per-node"))
        #expect(wrongType?.description.hasPrefix("argument --trainer.nproc-per-node: ") == true)
        let missingValue = error(["--trainer.nproc-per-node"])
        #expect(missingValue?.description.contains("write --trainer.nproc-per-node VALUE") == true)
        let unknown = error(["--trainer.nproc-per-nod", "2"])
        #expect(unknown?.kind == .unknownKey)
        #expect(unknown?.description.contains("did you mean 'nproc_per_node'?") == true)
        let huge = error(["--trainer.nproc-per-node", "99999999999999999999999"])
        #expect(huge?.kind == .outOfRange)
        let negative = error(["--trainer.nproc-per-node", "-3"])
        #expect(negative?.kind == .invalidValue)
        let badIndex = error(["--orchestrator.env.5.name", "x"])
        #expect(badIndex?.kind == .badArgument)
        #expect(badIndex?.description.contains("has 2 entries") == true)
        let throughScalar = error(["--output-dir.x", "1"])
        #expect(throughScalar?.kind == .badArgument)
        let badBool = error(["--log.env-worker-logs", "maybe"])
        #expect(badBool?.kind == .typeMismatch)
        let environment = error([], environment: ["RUNLOG_TEST__TRAINER__SEED": "x"])
        #expect(environment?.origin == .environment(variable: "RUNLOG_TEST__TRAINER__SEED"))
        let unknownEnvironment = error([], environment: ["RUNLOG_TEST__TRAINER__SEDE": "1"])
        #expect(unknownEnvironment?.kind == .unknownKey)
        let malformedEnvironment = error([], environment: ["RUNLOG_TEST__TRAINER____SEED": "1"])
        #expect(malformedEnvironment?.kind == .badEnvironment)
    }
}
