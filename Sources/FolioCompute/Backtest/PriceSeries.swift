/// One symbol's bars (hourly in folio's data contract): the market input of `Backtester`.
public struct PriceSeries: Sendable, Hashable {
    /// Ticker, e.g. `AAPL`.
    public let symbol: String
    /// Bar times, seconds since the epoch (UTC), strictly increasing.
    public let timestamps: [Int64]
    /// Opening prices (entry fills, gap exits).
    public let open: [Double]
    /// Highs (take-profit touches).
    public let high: [Double]
    /// Lows (stop-loss touches).
    public let low: [Double]
    /// Closes (marking to market, time exits).
    public let close: [Double]

    /// Creates a validated series.
    ///
    /// - Throws: `BacktestError.emptySeries`, `.lengthMismatch`,
    ///   `.timestampsNotIncreasing`, or `.invalidPrice` for a price that is not a positive
    ///   finite number (drop or fill such bars before the backtest).
    /// - Complexity: O(n).
    public init(symbol: String, timestamps: [Int64], open: [Double], high: [Double],
                low: [Double], close: [Double]) throws(BacktestError) {
        let n = timestamps.count
        guard n > 0 else { throw .emptySeries(symbol: symbol) }
        for (name, column) in [("open", open), ("high", high), ("low", low), ("close", close)]
        where column.count != n {
            throw .lengthMismatch(what: "\(symbol) \(name)", expected: n, actual: column.count)
        }
        for i in 1..<n where timestamps[i] <= timestamps[i - 1] {
            throw .timestampsNotIncreasing(symbol: symbol, index: i)
        }
        for (name, column) in [("open", open), ("high", high), ("low", low), ("close", close)] {
            for i in 0..<n where !(column[i] > 0 && column[i].isFinite) {
                throw .invalidPrice(symbol: symbol, index: i, field: name)
            }
        }
        self.symbol = symbol
        self.timestamps = timestamps
        self.open = open
        self.high = high
        self.low = low
        self.close = close
    }

    /// Number of bars.
    public var count: Int { timestamps.count }
}
