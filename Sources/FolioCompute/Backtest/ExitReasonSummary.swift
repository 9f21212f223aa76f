/// A run's trades that ended one way (take-profit, stop-loss, horizon, end of data).
public struct ExitReasonSummary: Sendable, Hashable {
    /// The exit reason.
    public var reason: BarrierOutcome
    /// Number of trades.
    public var trades: Int
    /// Share of all trades, in percent (NaN without trades).
    public var sharePct: Double
    /// Trades with `netPnl > 0`, in percent of these trades (NaN for none).
    public var winRatePct: Double
    /// Sum of net profits.
    public var netPnl: Double
    /// Arithmetic mean trade return, in percent (NaN for none).
    public var avgReturnPct: Double
    /// Mean bars held (NaN for none).
    public var avgBarsHeld: Double
}
