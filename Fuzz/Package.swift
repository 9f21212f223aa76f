// swift-tools-version: 6.0
// libFuzzer harnesses for folio's parsers, outside the main package so that `swift build`
// at the root neither builds nor links them. Build and run one with `scripts/fuzz TARGET`;
// FUZZING.md explains the targets, the corpus and the results so far.
import PackageDescription

/// Each harness defines `LLVMFuzzerTestOneInput`; libFuzzer provides `main`.
let harnessSettings: [SwiftSetting] = [.unsafeFlags(["-parse-as-library"])]

let package = Package(
    name: "FolioFuzz",
    platforms: [.macOS(.v14)],
    dependencies: [.package(name: "folio", path: "..")],
    targets: [
        .executableTarget(
            name: "FuzzNotebook",
            dependencies: [.product(name: "FolioNotebook", package: "folio")],
            swiftSettings: harnessSettings),
        .executableTarget(
            name: "FuzzCSV",
            dependencies: [.product(name: "FolioCompute", package: "folio")],
            swiftSettings: harnessSettings),
        .executableTarget(
            name: "FuzzInline",
            dependencies: [.product(name: "FolioNotebook", package: "folio")],
            swiftSettings: harnessSettings),
        .executableTarget(
            name: "FuzzFormat",
            dependencies: [.product(name: "FolioNotebook", package: "folio")],
            swiftSettings: harnessSettings),
    ]
)
