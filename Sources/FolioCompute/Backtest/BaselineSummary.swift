/// Several runs of a randomised baseline and the spread of their statistics.
public struct BaselineSummary: Sendable {
    /// One statistic over the draws.
    public struct Statistic: Sendable, Hashable {
        /// A `PerformanceStatistics.keys` key.
        public var key: String
        /// Median over the draws whose value is not NaN (mean of the two middle values for
        /// an even count); NaN when all are NaN.
        public var median: Double
        /// Smallest non-NaN value.
        public var min: Double
        /// Largest non-NaN value.
        public var max: Double
        /// Draws with a non-NaN value.
        public var count: Int
    }

    /// The runs, in draw order.
    public var runs: [BacktestRun]
    /// Per statistic key, in `PerformanceStatistics.keys` order.
    public var statistics: [Statistic]

    /// Summarises `runs`.
    ///
    /// - Complexity: O(K * D log D) for K keys and D draws.
    public init(runs: [BacktestRun]) {
        self.runs = runs
        let perRun = runs.map { $0.statistics.entries }
        statistics = PerformanceStatistics.keys.enumerated().map { k, key in
            BaselineSummary.summarize(key: key, perRun.map { $0[k].value })
        }
    }

    /// Median, minimum and maximum of the non-NaN `values`.
    static func summarize(key: String, _ values: [Double]) -> Statistic {
        let sorted = values.filter { !$0.isNaN }.sorted()
        let n = sorted.count
        let median = n == 0 ? Double.nan : n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2
        return Statistic(key: key, median: median, min: sorted.first ?? .nan, max: sorted.last ?? .nan, count: n)
    }

    /// The summary of a key, or `nil` for an unknown key.
    public subscript(key: String) -> Statistic? { statistics.first { $0.key == key } }
}
