import Foundation
import Testing

import FolioCompute

/// Load speed on a generated seed-scale numeric CSV (500,000 rows × 27 columns, about
/// 124 MB, six decimals like the demo features). Prints MB/s; asserts nothing about time.
///
/// Run in release (the test target uses `@testable`, hence `-enable-testing`):
///
///     FOLIO_BENCH=1 swift test -c release -Xswiftc -enable-testing --filter CSVReaderBenchmark
///
/// `FOLIO_BENCH_FILE=/path/features.csv` times another file as well (for example the
/// peer's stand-in `features.csv` from `quick_data.py`).
@Suite(.enabled(if: ProcessInfo.processInfo.environment["FOLIO_BENCH"] != nil))
struct CSVReaderBenchmark {
    static let numericPath = NSTemporaryDirectory() + "folio-bench-numeric-500000x27.csv"

    @Test func numericSeedScale() throws {
        if !FileManager.default.fileExists(atPath: Self.numericPath) { try Self.writeNumericFile() }
        try Self.time(path: Self.numericPath, columns: nil, label: "numeric 500000x27")
        try Self.time(path: Self.numericPath, columns: ["c00", "c13", "c26"], label: "numeric, 3 of 27 columns")
        if let extra = ProcessInfo.processInfo.environment["FOLIO_BENCH_FILE"] {
            try Self.time(path: extra, columns: nil, label: extra)
            try Self.time(path: extra, columns: ["split", "label", "f00"], label: extra + " (split,label,f00)")
        }
    }

    static func time(path: String, columns: Set<String>?, label: String) throws {
        let size = Double(try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int) / 1e6
        var best = Double.infinity
        var bestCPU = Double.infinity
        var rows = 0
        for _ in 0..<5 {
            let cpuStart = cpuSeconds()
            let start = DispatchTime.now().uptimeNanoseconds
            let frame = try CSVReader(columns: columns).read(path: path)
            let seconds = Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
            rows = frame.rowCount
            best = min(best, seconds)
            bestCPU = min(bestCPU, cpuSeconds() - cpuStart)
        }
        let line = String(
            format: "%@: %.1f MB, %d rows, best of 5: wall %.3f s = %.0f MB/s; CPU %.3f s = %.0f MB per CPU-second",
            label, size, rows, best, size / best, bestCPU, size / bestCPU)
        print("CSVReaderBenchmark: " + line)
    }

    /// User + system CPU time of this process (all threads), in seconds.
    static func cpuSeconds() -> Double {
        var usage = rusage()
        #if os(Linux)
        getrusage(RUSAGE_SELF.rawValue, &usage)
        #else
        getrusage(RUSAGE_SELF, &usage)
        #endif
        func seconds(_ t: timeval) -> Double { Double(t.tv_sec) + Double(t.tv_usec) / 1e6 }
        return seconds(usage.ru_utime) + seconds(usage.ru_stime)
    }

    /// 500,000 rows of 27 numbers with six decimals (seeded).
    static func writeNumericFile() throws {
        var rng = SeededGenerator(seed: 42)
        var out = [UInt8]()
        out.reserveCapacity(130_000_000)
        out += Array((0..<27).map { String(format: "c%02d", $0) }.joined(separator: ",").utf8)
        out.append(0x0A)
        for _ in 0..<500_000 {
            for c in 0..<27 {
                if c > 0 { out.append(0x2C) }
                let micros = Int64((rng.nextNormal() * 1_000_000).rounded())
                var magnitude = micros.magnitude
                if micros < 0 { out.append(0x2D) }
                let whole = magnitude / 1_000_000
                magnitude %= 1_000_000
                out += Array(String(whole).utf8)
                out.append(0x2E)
                let fraction = String(magnitude)
                out += Array(repeating: 0x30, count: 6 - fraction.count)
                out += Array(fraction.utf8)
            }
            out.append(0x0A)
        }
        try Data(out).write(to: URL(fileURLWithPath: numericPath))
    }
}
