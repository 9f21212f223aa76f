// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "folio",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "folio", targets: ["folio"]),
        .library(name: "FolioCompute", targets: ["FolioCompute"]),
        .library(name: "FolioCharts", targets: ["FolioCharts"]),
        .library(name: "FolioNotebook", targets: ["FolioNotebook"]),
        .library(name: "FolioModels", targets: ["FolioModels"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.0.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-crypto", "3.0.0"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-numerics", from: "1.0.0"),
        .package(url: "https://github.com/apple/swift-protobuf", from: "1.39.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmarkGFM",
            pkgConfig: "libcmark-gfm",
            providers: [.apt(["libcmark-gfm-dev", "libcmark-gfm-extensions-dev"])]
        ),
        .systemLibrary(
            name: "CSQLite",
            pkgConfig: "sqlite3",
            providers: [.apt(["libsqlite3-dev"])]
        ),
        .systemLibrary(
            name: "CLibPQ",
            pkgConfig: "libpq",
            providers: [.apt(["libpq-dev"])]
        ),
        .target(name: "FolioCompute"),
        .target(
            name: "FolioModels",
            dependencies: [
                "FolioCompute",
                .product(name: "SwiftProtobuf", package: "swift-protobuf"),
            ],
            // Optimised in debug builds too: the inference kernels (the portable SIMD matrix
            // product, the activations) run 50-100x slower unoptimised, which made the suite's
            // checkpoint blocks take minutes in the tests (Benchmarks/run --smoke). `-enable-testing`
            // stays, so `@testable import FolioModels` still works.
            swiftSettings: [.unsafeFlags(["-O"], .when(configuration: .debug))]
        ),
        .target(name: "FolioCharts"),
        .target(
            name: "FolioNotebook",
            dependencies: [
                "CCmarkGFM", "CSQLite", "CLibPQ", "FolioCompute", "FolioCharts", "FolioModels",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
            ]
        ),
        .executableTarget(
            name: "folio",
            dependencies: [
                "FolioNotebook", "FolioCompute", "FolioModels",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        // Benchmarks/importance: permutation-importance timing (no product; built on demand).
        .executableTarget(
            name: "ImportanceTiming",
            dependencies: ["FolioModels", "FolioCompute"],
            path: "Benchmarks/ImportanceTiming"
        ),
        .testTarget(
            name: "FolioComputeTests",
            dependencies: ["FolioCompute", .product(name: "Numerics", package: "swift-numerics")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "FolioModelsTests",
            dependencies: ["FolioModels", "FolioCompute"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "FolioChartsTests", dependencies: ["FolioCharts"], exclude: ["Snapshots", "Fixtures"]),
        .testTarget(
            name: "FolioNotebookTests",
            dependencies: ["FolioNotebook", "FolioCompute", "FolioModels"],
            resources: [.copy("Fixtures")]
        ),
    ]
)
