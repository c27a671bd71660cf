// swift-tools-version:6.1
// Runlog's benchmark suite: a separate package so the root package and its CI build stay light.
// Build and run everything with scripts/bench.sh (release mode); see the README's Performance section.
import Foundation
import PackageDescription

// A path dependency's identity is the last component of its directory, which depends on where the
// repository was cloned (CI clones it elsewhere), so it is computed here rather than spelled out.
let rootPackage = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
    .standardizedFileURL.lastPathComponent.lowercased()

let settings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

let package = Package(
    name: "RunlogBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(path: ".."),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // Counts malloc calls (P3 and allocations per line); linked only into the Runlog benchmark.
        .target(name: "CMallocCounter"),
        // The workload every Swift program logs, the clock and the one-line JSON result.
        .target(name: "BenchSupport", swiftSettings: settings),
        // Runlog itself: P1-P5 and allocation counts.
        .executableTarget(
            name: "RunlogBench",
            dependencies: [
                "BenchSupport", "CMallocCounter",
                .product(name: "Runlog", package: rootPackage),
            ],
            swiftSettings: settings
        ),
        // The Swift peers: swift-log's StreamLogHandler and the two hand-written raw loops.
        .executableTarget(
            name: "SwiftPeerBench",
            dependencies: ["BenchSupport", .product(name: "Logging", package: "swift-log")],
            swiftSettings: settings
        ),
    ],
    swiftLanguageModes: [.v6]
)
