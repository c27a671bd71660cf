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
            dependencies: ["CRunlogSignal", "CRunlogHotPath", .product(name: "Logging", package: "swift-log")],
            swiftSettings: strictSettings
        ),
        // The flight recorder's signal handlers and per-thread alternate stacks, in C (async-signal-safe).
        .target(name: "CRunlogSignal"),
        // The log path's futex lock, thread-local message slot and seconds clock, in C so their fast paths inline.
        .target(name: "CRunlogHotPath"),
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
        .target(name: "CRunlogTee", dependencies: ["CRunlogHotPath"]),
        .target(
            name: "RunlogSupervisor",
            dependencies: ["Runlog", "CRunlogSpawn", "CRunlogTee"],
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
            swiftSettings: strictSettings,
            // The launcher runs once per job and its start-up is part of its CPU cost (issue 6, P6): with the
            // Swift runtime and Foundation linked in, the dynamic loader's symbol binding (about 10 ms, half
            // of start-up) goes away. Release only, so debug and test builds link as fast as before.
            linkerSettings: [
                .unsafeFlags(["-static-stdlib"], .when(platforms: [.linux], configuration: .release)),
                // What the static Foundation needs besides itself (the modules were compiled against the shared
                // one, whose link entries leave these out).
                .linkedLibrary("CoreFoundation", .when(platforms: [.linux], configuration: .release)),
                .linkedLibrary("_FoundationCShims", .when(platforms: [.linux], configuration: .release)),
                .linkedLibrary("_FoundationCollections", .when(platforms: [.linux], configuration: .release)),
                .linkedLibrary("_FoundationICU", .when(platforms: [.linux], configuration: .release)),
            ]
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
