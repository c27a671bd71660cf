// swift-tools-version:6.1
// libFuzzer targets for Runlog's parsers of untrusted input; a separate package so that the root package's
// build and tests never see the fuzzing flags. Build and run them with scripts/fuzz.sh.
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "RunlogFuzz",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Runlog", path: "..")
    ],
    targets: [
        // The properties every target checks, and the configuration type the config targets load.
        .target(
            name: "FuzzSupport",
            dependencies: [
                .product(name: "Runlog", package: "Runlog"),
                .product(name: "RunlogConfig", package: "Runlog"),
            ],
            swiftSettings: strictSettings
        ),
        // TOML text laid over a configuration's defaults (ConfigLoader.load(toml:)).
        .executableTarget(
            name: "fuzz-config-toml",
            dependencies: ["FuzzSupport", .product(name: "RunlogConfig", package: "Runlog")],
            swiftSettings: strictSettings
        ),
        // Command lines (ConfigArguments) applied as overrides (ConfigLoader.load(overrides:)).
        .executableTarget(
            name: "fuzz-config-overrides",
            dependencies: ["FuzzSupport", .product(name: "RunlogConfig", package: "Runlog")],
            swiftSettings: strictSettings
        ),
        // rankrun's --redirects/--tee spec parser and --local-ranks-filter parser (RankLaunchOptions).
        .executableTarget(
            name: "fuzz-stream-selection",
            dependencies: ["FuzzSupport", .product(name: "RankLaunchOptions", package: "Runlog")],
            swiftSettings: strictSettings
        ),
        // TerminalText.neutralize(bytes:) and the text line encoder on untrusted bytes.
        .executableTarget(
            name: "fuzz-terminal-text",
            dependencies: ["FuzzSupport", .product(name: "Runlog", package: "Runlog")],
            swiftSettings: strictSettings
        ),
    ],
    swiftLanguageModes: [.v6]
)
