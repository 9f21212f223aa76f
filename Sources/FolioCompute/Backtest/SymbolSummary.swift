/// A run's trades of one symbol.
public struct SymbolSummary: Sendable, Hashable {
    /// Ticker.
    public var symbol: String
    /// Number of trades.
    public var trades: Int
    /// Trades with `netPnl > 0`.
    public var wins: Int
    /// `wins / trades * 100`.
    public var winRatePct: Double
    /// Sum of net profits.
    public var netPnl: Double
    /// Sum of profits before costs.
    public var grossPnl: Double
    /// Commission paid.
    public var commission: Double
    /// Slippage cost.
    public var slippage: Double
    /// Contribution to the total return: `netPnl / initialCash * 100` (these add up to the
    /// run's `return_pct`).
    public var contributionPct: Double
    /// Arithmetic mean trade return, in percent.
    public var avgReturnPct: Double
}
