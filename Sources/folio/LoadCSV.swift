import ArgumentParser
import FolioCompute
import Foundation

/// `folio load-csv FILE...`: loads CSV files with folio's reader and prints the throughput.
/// Used by `Benchmarks/run`; hidden from the help.
struct LoadCSV: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "load-csv",
        abstract: "Load CSV files with folio's reader and print rows, columns and MB/s.",
        shouldDisplay: false
    )

    @Argument(help: "CSV files.")
    var files: [String]

    @Option(name: .customLong("repeat"), help: "Load each file this many times and report the best.")
    var repeatCount: Int = 3

    func run() throws {
        var totalBytes = 0
        var totalSeconds = 0.0
        for file in files {
            let size = (try FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
            var best = Double.infinity
            var frame = DataFrame()
            for _ in 0..<max(1, repeatCount) {
                let start = ContinuousClock.now
                do { frame = try CSVReader().read(path: file) } catch { throw ValidationError(error.description) }
                let elapsed = ContinuousClock.now - start
                best = min(best, Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18)
            }
            totalBytes += size
            totalSeconds += best
            print("\(file)\trows=\(frame.rowCount)\tcolumns=\(frame.columnNames.count)\tbytes=\(size)\tseconds=\(String(format: "%.4f", best))\tMB/s=\(String(format: "%.1f", Double(size) / 1e6 / best))")
        }
        print("total\tbytes=\(totalBytes)\tseconds=\(String(format: "%.4f", totalSeconds))\tMB/s=\(String(format: "%.1f", Double(totalBytes) / 1e6 / max(totalSeconds, 1e-9)))")
    }
}
