/// The result of one simulation: trades, equity, statistics and breakdowns.
public struct BacktestRun: Sendable {
    /// Trades ordered by entry time, then symbol.
    public var trades: [BacktestTrade]
    /// Equity (cash plus positions at their last close) at every timestamp of the union
    /// of all symbols' bars in the period (and after it, until the last exit, with
    /// `PeriodEnd.runToExit`).
    public var equity: EquityCurve
    /// backtesting.py statistics of `equity` and `trades` (net profits and returns).
    public var statistics: PerformanceStatistics
    /// Per symbol with at least one trade, ordered by symbol.
    public var symbols: [SymbolSummary]
    /// Per exit reason, in `BarrierOutcome.allCases` order (zero rows included).
    public var exits: [ExitReasonSummary]
    /// Signal accounting.
    public var signals: SignalCounts
    /// Starting cash.
    public var initialCash: Double
    /// Last equity value; equals `initialCash + netPnl` up to rounding.
    public var finalEquity: Double
    /// Sum of trade profits before costs.
    public var grossPnl: Double
    /// Sum of trade profits after costs.
    public var netPnl: Double
    /// Commission paid, both sides.
    public var commission: Double
    /// Slippage cost, both sides.
    public var slippage: Double
}
