// swift-tools-version:6.1
// The folder layout is the architecture:
//   Runlog            logging core (levels, formats, sinks, global logger, swift-log bridge); knows nothing of processes
//   RunlogSupervisor  spawning and supervising child processes (rank launcher, rl); knows nothing of RL
//   RunlogConfig      TOML + CLI override + environment configuration with key-path errors; knows nothing of RL
//   RunlogWatch       following and merging the logs of a run (the `runlog` tool)
//   RLReference       the reference RL workload; uses only the public APIs above
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "Runlog",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Runlog", targets: ["Runlog"]),
        .library(name: "RunlogSupervisor", targets: ["RunlogSupervisor"]),
        .library(name: "RunlogConfig", targets: ["RunlogConfig"]),
        .library(name: "RankLaunchOptions", targets: ["RankLaunchOptions"]),
        .executable(name: "rl", targets: ["rl"]),
        .executable(name: "rankrun", targets: ["rankrun"]),
        .executable(name: "runlog", targets: ["runlog"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/LebJe/TOMLKit", from: "0.6.0"),
    ],
    targets: [
        // MARK: Logging core
        .target(
            name: "Runlog",
            dependencies: ["CRunlogSignal", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // The flight recorder's signal handlers and per-thread alternate stacks, in C (async-signal-safe).
        .target(name: "CRunlogSignal"),
        // Test fixture: a real child process for RunlogTests (multi-process appends, signals, traps).
        .executableTarget(
            name: "runlog-probe",
            dependencies: ["Runlog", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RunlogTests",
            dependencies: [
                "Runlog", "RunlogTestSupport", "runlog-probe", .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        // What the core and reliability tests share: temporary directories, reading logs back, the probe child.
        .target(name: "RunlogTestSupport", path: "Tests/RunlogTestSupport", swiftSettings: strictSettings),
        // Fault injection with real processes: disk full, unwritable paths, hostile text, stress, traps.
        .testTarget(
            name: "ReliabilityTests",
            dependencies: ["Runlog", "RunlogTestSupport", "runlog-probe", "rankrun"],
            swiftSettings: strictSettings
        ),

        // MARK: Process supervision and the rank launcher
        .target(name: "CRunlogSpawn"),
        .target(
            name: "RunlogSupervisor",
            dependencies: ["Runlog", "CRunlogSpawn"],
            swiftSettings: strictSettings
        ),
        // rankrun's flag parsers that read untrusted text (--redirects/--tee maps, --local-ranks-filter), in a
        // library of their own so the fuzzers can link them; knows nothing of processes or RL.
        .target(name: "RankLaunchOptions", swiftSettings: strictSettings),
        .testTarget(
            name: "RankLaunchOptionsTests",
            dependencies: ["RankLaunchOptions"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "rankrun",
            dependencies: [
                "RunlogSupervisor", "Runlog", "RunlogWatch", "RankLaunchOptions",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RunlogSupervisorTests",
            dependencies: ["RunlogSupervisor", "Runlog", "rankrun"],
            swiftSettings: strictSettings
        ),

        // MARK: Configuration
        .target(
            name: "RunlogConfig",
            dependencies: [.product(name: "TOMLKit", package: "TOMLKit")],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RunlogConfigTests",
            dependencies: ["RunlogConfig"],
            swiftSettings: strictSettings
        ),

        // MARK: Watching a run
        .target(
            name: "RunlogWatch",
            dependencies: ["Runlog"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "runlog",
            dependencies: [
                "RunlogWatch", "Runlog",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RunlogWatchTests",
            dependencies: ["RunlogWatch", "Runlog", "runlog"],
            swiftSettings: strictSettings
        ),

        // MARK: The reference RL workload
        .target(
            name: "RLReference",
            dependencies: [
                "Runlog", "RunlogSupervisor", "RunlogConfig",
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "inference",
            dependencies: ["RLReference", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "orchestrator",
            dependencies: ["RLReference", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "trainer",
            dependencies: ["RLReference", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "env-worker",
            dependencies: ["RLReference", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strictSettings
        ),
        .target(
            name: "RLLauncher",
            dependencies: ["RLReference", "Runlog", "RunlogSupervisor", "RunlogConfig", "RunlogWatch"],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "rl",
            dependencies: ["RLLauncher", "rankrun", "inference", "orchestrator", "trainer", "env-worker"],
            swiftSettings: strictSettings
        ),
        .testTarget(
            name: "RLReferenceTests",
            dependencies: [
                "RLReference", "Runlog", "rl", "rankrun", "inference", "orchestrator", "trainer", "env-worker",
                "RLLauncher", "RunlogConfig",
            ],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
