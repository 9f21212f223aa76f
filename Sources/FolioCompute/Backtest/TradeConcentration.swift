/// How many symbols a run traded out of those that could have traded, and how much of the
/// trading a few of them took.
///
/// Rule: the run is *concentrated* when the top 10% of its traded symbols by trade count
/// (at least one symbol, `ceil(traded / 10)`) take more than half of its trades, and at
/// least 10 symbols were eligible (had a signal at or above the threshold in the period);
/// with fewer eligible symbols a few symbols taking most trades is no surprise.
public struct TradeConcentration: Sendable, Hashable {
    /// Share of the top symbols above which a run is concentrated.
    public static let shareLimit = 0.5
    /// The rule looks at the top `1 / topDivisor` of traded symbols (10%).
    public static let topDivisor = 10
    /// Fewer eligible symbols never count as concentrated.
    public static let minimumEligible = 10

    /// Symbols with at least one candidate signal in the period.
    public var eligible: Int
    /// Symbols with at least one trade.
    public var traded: Int
    /// Trades in all.
    public var trades: Int
    /// The top symbols the rule looks at: `ceil(traded / topDivisor)` (0 without trades).
    public var topSymbols: Int
    /// Their trades.
    public var topTrades: Int

    /// The share of trades taken by the top symbols (NaN without trades).
    public var topShare: Double { trades == 0 ? .nan : Double(topTrades) / Double(trades) }

    /// Whether the run is concentrated (see the type's rule).
    public var isConcentrated: Bool {
        eligible >= Self.minimumEligible && trades > 0 && topShare > Self.shareLimit
    }

    /// The concentration of trades counted per symbol.
    ///
    /// - Parameters:
    ///   - tradesPerSymbol: trades of each traded symbol (zeros are ignored).
    ///   - eligible: symbols with a candidate signal.
    /// - Complexity: O(s log s) for s symbols.
    public init(tradesPerSymbol: [Int], eligible: Int) {
        let counts = tradesPerSymbol.filter { $0 > 0 }.sorted(by: >)
        self.eligible = eligible
        traded = counts.count
        trades = counts.reduce(0, +)
        topSymbols = (counts.count + Self.topDivisor - 1) / Self.topDivisor
        topTrades = counts.prefix(topSymbols).reduce(0, +)
    }
}

extension BacktestRun {
    /// Symbols traded against symbols eligible, and the share of the busiest ones.
    public var concentration: TradeConcentration {
        TradeConcentration(tradesPerSymbol: symbols.map(\.trades), eligible: signals.symbolsWithCandidates)
    }
}
