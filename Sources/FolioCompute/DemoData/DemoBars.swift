/// Hourly OHLCV bars of one demo symbol, as written to `bars/<SYMBOL>.csv`.
///
/// Prices are rounded to 6 significant digits and volumes to whole units (stocks) or 6
/// significant digits (crypto) before anything else reads them, so the features and labels
/// are computed from exactly the numbers in the file.
public struct DemoBars: Sendable {
    /// The ticker.
    public var symbol: String
    /// Whether the symbol trades around the clock.
    public var isCrypto: Bool
    /// The start of each bar's hour, in hours since 1970-01-01T00:00Z, increasing.
    public var epochHours: [Int]
    /// Opening prices.
    public var open: [Double]
    /// Highest prices (at least the open and the close).
    public var high: [Double]
    /// Lowest prices (at most the open and the close).
    public var low: [Double]
    /// Closing prices: the prices the labels are defined on.
    public var close: [Double]
    /// Volumes: shares for stocks, coins for crypto.
    public var volume: [Double]

    /// The number of bars.
    public var count: Int { close.count }

    /// Bars from their columns (all of one length).
    public init(symbol: String, isCrypto: Bool, epochHours: [Int], open: [Double], high: [Double],
                low: [Double], close: [Double], volume: [Double]) {
        self.symbol = symbol
        self.isCrypto = isCrypto
        self.epochHours = epochHours
        self.open = open
        self.high = high
        self.low = low
        self.close = close
        self.volume = volume
    }

    /// The CSV text of the bars: `timestamp,open,high,low,close,volume`, one line per bar,
    /// `\n` line ends.
    ///
    /// - Complexity: O(count).
    public func csvBytes() -> [UInt8] {
        var b: [UInt8] = []
        b.reserveCapacity(64 + count * 60)
        DemoCSV.append("timestamp,open,high,low,close,volume\n", to: &b)
        for i in 0..<count {
            DemoDate.appendTimestamp(epochHour: epochHours[i], to: &b)
            b.append(0x2C)
            DemoCSV.appendNumber(open[i], to: &b)
            b.append(0x2C)
            DemoCSV.appendNumber(high[i], to: &b)
            b.append(0x2C)
            DemoCSV.appendNumber(low[i], to: &b)
            b.append(0x2C)
            DemoCSV.appendNumber(close[i], to: &b)
            b.append(0x2C)
            DemoCSV.appendNumber(volume[i], digits: 15, to: &b)
            b.append(0x0A)
        }
        return b
    }
}
