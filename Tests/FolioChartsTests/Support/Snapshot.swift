import Foundation
import Testing

/// Compares `actual` with `Snapshots/<name>.svg` beside the test file, as
/// swift-argument-parser's `assertSnapshot` does. A missing snapshot is recorded and the
/// test fails (so that recording is never silent); `FOLIO_RECORD_SNAPSHOTS=1` re-records.
func assertSnapshot(
    _ actual: String, named name: String, filePath: String = #filePath,
    sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let directory = URL(fileURLWithPath: filePath).deletingLastPathComponent().appendingPathComponent("Snapshots")
    let url = directory.appendingPathComponent(name + ".svg")
    let record = ProcessInfo.processInfo.environment["FOLIO_RECORD_SNAPSHOTS"] == "1"
    guard !record, let expected = try? String(contentsOf: url, encoding: .utf8) else {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        try actual.write(to: url, atomically: true, encoding: .utf8)
        Issue.record("Recorded snapshot \(url.path); run the tests again to compare.", sourceLocation: sourceLocation)
        return
    }
    if expected == actual { return }
    let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
    let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
    var report: [String] = []
    for index in 0..<max(expectedLines.count, actualLines.count) where report.count < 12 {
        let e = index < expectedLines.count ? String(expectedLines[index]) : "<none>"
        let a = index < actualLines.count ? String(actualLines[index]) : "<none>"
        if e != a {
            report.append("line \(index + 1):\n  - \(e.prefix(200))\n  + \(a.prefix(200))")
        }
    }
    let message =
        "Snapshot \(name).svg differs (\(expectedLines.count) → \(actualLines.count) lines):\n"
        + report.joined(separator: "\n")
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
}
