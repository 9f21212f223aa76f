/// The feature rows of the demo data set, ordered by timestamp and then by symbol (the
/// order of `features.csv` and `predictions.csv`).
public struct DemoFeatureTable: Sendable {
    /// The tickers; `symbolIndex` indexes this.
    public var symbols: [String]
    /// Each row's bar start, in hours since 1970-01-01T00:00Z.
    public var epochHours: [Int]
    /// Each row's symbol.
    public var symbolIndex: [Int32]
    /// Each row's bar index inside its symbol's bars.
    public var barIndex: [Int32]
    /// Each row's split.
    public var split: [DemoSplit]
    /// Each row's barrier label (0 or 1).
    public var label: [Int8]
    /// Row-major features, `count * DemoFeatures.count` values.
    public var features: [Double]

    /// The number of rows.
    public var count: Int { label.count }
    /// The number of features per row.
    public var dimension: Int { DemoFeatures.count }

    /// The row indices of one split, in table order.
    public func rows(in s: DemoSplit) -> [Int] {
        var out: [Int] = []
        for i in 0..<count where split[i] == s { out.append(i) }
        return out
    }

    /// The features of row `i`.
    public func featureRow(_ i: Int) -> ArraySlice<Double> {
        features[(i * dimension)..<((i + 1) * dimension)]
    }

    /// For each row, the rows of the same symbol before it (nearest last), at most `window`.
    ///
    /// - Complexity: O(count * window).
    public func previousRows(window: Int) -> [[Int]] {
        var history = [[Int]](repeating: [], count: symbols.count)
        var out = [[Int]](repeating: [], count: count)
        for i in 0..<count {
            let s = Int(symbolIndex[i])
            out[i] = Array(history[s].suffix(window))
            history[s].append(i)
        }
        return out
    }
}
