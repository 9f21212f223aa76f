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
        // libpq-fe.h's declarations only (no pkg-config, whose flags would link libpq):
        // CLibPQLoader defines the functions and opens libpq at the first connection.
        .systemLibrary(
            name: "CLibPQ",
            providers: [.apt(["libpq-dev"])]
        ),
        // libcurl, opened with dlopen at the first HTTP request (Sources/CCurl/include/folio_curl.h);
        // curl.h (libcurl4-openssl-dev) is read at build time, nothing links libcurl.
        .target(name: "CCurl", linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        // libpq, opened with dlopen at the first PostgreSQL connection: CLibPQ gives
        // libpq-fe.h's declarations (no link), CLibPQLoader defines them (folio_libpq.h).
        .target(name: "CLibPQLoader", dependencies: ["CLibPQ"], linkerSettings: [.linkedLibrary("dl", .when(platforms: [.linux]))]),
        .target(name: "FolioCompute", dependencies: ["CCurl"]),
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
                "CCmarkGFM", "CSQLite", "CLibPQ", "CLibPQLoader", "FolioCompute", "FolioCharts", "FolioModels",
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
