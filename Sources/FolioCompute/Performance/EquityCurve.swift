/// An equity curve: the account value at each bar, the input of `PerformanceStatistics`.
///
/// Timestamps are seconds since the Unix epoch in UTC, strictly increasing. Calendar
/// arithmetic (daily resampling, weekdays, months) is done in UTC, as backtesting.py does
/// on a timezone-naive UTC index.
public struct EquityCurve: Sendable, Hashable {
    /// Bar times, seconds since 1970-01-01T00:00:00Z, strictly increasing.
    public let timestamps: [Int64]
    /// Account value at each bar (cash plus positions marked to market), finite.
    public let equity: [Double]

    /// Creates a validated curve.
    ///
    /// - Throws: `PerformanceError.emptyEquity` for no points,
    ///   `.lengthMismatch` when the arrays differ in length, `.timestampsNotIncreasing`
    ///   when a timestamp is not after the previous one, `.nonFiniteEquity` for NaN or
    ///   infinite values.
    /// - Complexity: O(n).
    public init(timestamps: [Int64], equity: [Double]) throws(PerformanceError) {
        guard timestamps.count == equity.count else {
            throw .lengthMismatch(what: "equity curve", expected: timestamps.count, actual: equity.count)
        }
        guard !equity.isEmpty else { throw .emptyEquity }
        for i in 1..<max(timestamps.count, 1) where timestamps[i] <= timestamps[i - 1] {
            throw .timestampsNotIncreasing(index: i)
        }
        for i in equity.indices where !equity[i].isFinite {
            throw .nonFiniteEquity(index: i)
        }
        self.timestamps = timestamps
        self.equity = equity
    }

    /// Builds a curve from values already known to be valid (the backtest engine's own
    /// output); checked in debug builds only.
    init(unchecked timestamps: [Int64], equity: [Double]) {
        assert(timestamps.count == equity.count && !equity.isEmpty)
        self.timestamps = timestamps
        self.equity = equity
    }

    /// Number of points.
    public var count: Int { equity.count }

    /// The index of the last bar whose timestamp is at or before `time`, or `nil` when
    /// `time` is before the first bar.
    ///
    /// - Complexity: O(log n).
    public func lastIndex(atOrBefore time: Int64) -> Int? {
        var lo = 0, hi = timestamps.count  // first index with timestamp > time
        while lo < hi {
            let mid = (lo + hi) >> 1
            if timestamps[mid] <= time { lo = mid + 1 } else { hi = mid }
        }
        return lo == 0 ? nil : lo - 1
    }
}
