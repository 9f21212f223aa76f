import Foundation
@testable import FolioCompute

/// Loads an equity curve, a trade list and expected statistics written by backtesting.py
/// (`reference/performance/...` or `backtest/performance/...`).
struct PerformanceFixture {
    var curve: EquityCurve
    var trades: [PerformanceTrade]
    /// Expected values by result key; NaN where the JSON holds null.
    var expected: [String: Double]

    /// - Parameter withBarIndices: use the `entry_bar` / `exit_bar` columns when present;
    ///   otherwise the indices are derived from the times by `PerformanceStatistics`.
    init(_ folder: String, withBarIndices: Bool = true) throws {
        let equityRows = try PerformanceFixture.rows("\(folder)/equity.csv")
        let timestamps = try equityRows.map { try PerformanceFixture.epochSeconds($0["timestamp"]!) }
        curve = try EquityCurve(timestamps: timestamps, equity: equityRows.map { Double($0["equity"]!)! })
        trades = try PerformanceFixture.rows("\(folder)/trades.csv").map { row in
            PerformanceTrade(
                entryTime: try PerformanceFixture.epochSeconds(row["entry_time"]!),
                exitTime: try PerformanceFixture.epochSeconds(row["exit_time"]!),
                entryIndex: withBarIndices ? row["entry_bar"].flatMap { Int($0) } : nil,
                exitIndex: withBarIndices ? row["exit_bar"].flatMap { Int($0) } : nil,
                entryPrice: Double(row["entry_price"]!)!, exitPrice: Double(row["exit_price"]!)!,
                size: Double(row["size"]!)!, pnl: Double(row["pnl"]!)!,
                returnFraction: Double(row["return"]!)!,
                commission: row["commission"].flatMap { Double($0) } ?? 0)
        }
        let json = try Fixtures.json("\(folder)/expected.json")
        var expected: [String: Double] = [:]
        for (key, value) in json {
            let name = key.hasSuffix("_duration_days") ? String(key.dropLast("_days".count)) : key
            expected[name] = (value as? NSNumber)?.doubleValue ?? .nan
        }
        self.expected = expected
    }

    static func rows(_ path: String) throws -> [[String: String]] {
        let lines = try Fixtures.string(path).split(whereSeparator: \.isNewline)
        let header = lines[0].split(separator: ",").map(String.init)
        return lines.dropFirst().map { line in
            let cells = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            return Dictionary(uniqueKeysWithValues: zip(header, cells))
        }
    }

    /// Seconds since the epoch of `YYYY-MM-DDTHH:MM:SSZ` (UTC).
    static func epochSeconds(_ iso: String) throws -> Int64 {
        let parts = iso.split(whereSeparator: { "-T:Z".contains($0) }).map { Int64($0) }
        guard parts.count == 6, parts.allSatisfy({ $0 != nil }) else { throw FixtureTimeError(text: iso) }
        let (y0, m, d) = (parts[0]!, parts[1]!, parts[2]!)
        // Days from civil (H. Hinnant).
        let y = m <= 2 ? y0 - 1 : y0
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return days * 86_400 + parts[3]! * 3_600 + parts[4]! * 60 + parts[5]!
    }

    struct FixtureTimeError: Error { var text: String }
}
