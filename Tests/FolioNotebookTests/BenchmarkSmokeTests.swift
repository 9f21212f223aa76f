import Foundation
import Testing

/// `Benchmarks/run --smoke`: the benchmark script works end to end at 5 symbols with the
/// debug binary (the benchmark itself is not a timed test; this only proves it runs).
@Suite struct BenchmarkSmokeTests {
    @Test(.timeLimit(.minutes(10)))
    func smokeRunProducesItsTable() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = root.appendingPathComponent("Benchmarks/run")
        let folio = try FolioBinary.url()
        let process = Process()
        process.executableURL = script
        process.arguments = ["--smoke", "--folio", folio.path]
        process.currentDirectoryURL = root
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let data = output.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: data, as: UTF8.self)
        #expect(process.terminationStatus == 0)
        #expect(text.contains("| suite cold (--no-cache) |"))
        #expect(text.contains("| suite warm (nothing changed) |"))
        #expect(text.contains("| CSV loading (features + predictions) |"))
        #expect(text.contains("5 symbols"))
        #expect(text.contains("{evaluate}"), "per-directive times: \(text)")
    }
}
