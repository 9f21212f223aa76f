/// Rows given as (symbol, timestamp), such as feature or prediction rows, located among
/// price series: for each row, which series and which bar of it.
///
/// A row whose symbol has no series, or whose timestamp is not one of that series' bar
/// timestamps, is unmatched (`series[i] == -1` or `bar[i] == -1`).
public struct BarPositions: Sendable, Hashable {
    /// The index of each row's series in the `series` array given, or -1 when the symbol
    /// has no series.
    public let series: [Int32]
    /// The index of each row's bar in its series, or -1 when there is no bar at the row's
    /// timestamp (or no series).
    public let bar: [Int32]
    /// Rows whose symbol has no series.
    public let unknownSymbols: Int
    /// Rows whose symbol has a series but no bar at the row's timestamp.
    public let missingBars: Int

    /// Number of rows.
    public var count: Int { bar.count }
    /// Rows located on a bar.
    public var matched: Int { count - unknownSymbols - missingBars }

    /// Locates rows.
    ///
    /// - Parameters:
    ///   - series: the price series (any order; symbols distinct).
    ///   - symbols: each row's symbol, dictionary-encoded (a missing symbol, code -1, is
    ///     unknown).
    ///   - timestamps: each row's time, seconds since the epoch (`Column.missingTime` never
    ///     matches).
    /// - Precondition: `symbols.count == timestamps.count`.
    /// - Complexity: O(L + R log B) for L symbol levels, R rows and B bars per series.
    public init(series: [PriceSeries], symbols: TextColumn, timestamps: [Int64]) {
        precondition(symbols.count == timestamps.count, "one timestamp per row")
        var bySymbol: [String: Int] = [:]
        for (k, s) in series.enumerated() { bySymbol[s.symbol] = k }
        let levelSeries = symbols.levels.map { bySymbol[$0] ?? -1 }
        var seriesOut = [Int32](repeating: -1, count: timestamps.count)
        var barOut = [Int32](repeating: -1, count: timestamps.count)
        var unknown = 0, missing = 0
        for i in 0..<timestamps.count {
            let code = symbols.codes[i]
            let s = code < 0 ? -1 : levelSeries[Int(code)]
            guard s >= 0 else { unknown += 1; continue }
            seriesOut[i] = Int32(s)
            if let b = BarPositions.index(of: timestamps[i], in: series[s].timestamps) {
                barOut[i] = Int32(b)
            } else {
                missing += 1
            }
        }
        self.series = seriesOut
        self.bar = barOut
        unknownSymbols = unknown
        missingBars = missing
    }

    /// The index of `time` in the increasing `timestamps`, or `nil`.
    ///
    /// - Complexity: O(log n).
    public static func index(of time: Int64, in timestamps: [Int64]) -> Int? {
        var lo = 0, hi = timestamps.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if timestamps[mid] < time { lo = mid + 1 } else { hi = mid }
        }
        return lo < timestamps.count && timestamps[lo] == time ? lo : nil
    }
}
