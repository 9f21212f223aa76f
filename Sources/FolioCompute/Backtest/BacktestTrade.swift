/// One round trip of the backtest engine.
///
/// Prices: `entryOpen` is the entry bar's open and `entryPrice` the fill after slippage;
/// `exitLevel` is where the exit happened before slippage (the barrier, the open of a bar
/// that gapped through it, or a close) and `exitPrice` the fill after slippage.
public struct BacktestTrade: Sendable, Hashable {
    /// Ticker.
    public var symbol: String
    /// The signal's probability (for random baselines: the random tie-break draw).
    public var probability: Double
    /// Time of the bar the prediction was made at.
    public var signalTime: Int64
    /// Time of the entry bar (the next bar of the symbol).
    public var entryTime: Int64
    /// Time of the exit bar.
    public var exitTime: Int64
    /// Index of the entry bar on the run's equity curve.
    public var entryIndex: Int
    /// Index of the exit bar on the run's equity curve.
    public var exitIndex: Int
    /// Bars held, from the entry bar to the exit bar inclusive, in the symbol's own bars.
    public var barsHeld: Int
    /// The entry bar's open.
    public var entryOpen: Double
    /// Entry fill: `entryOpen * (1 + slippage)`.
    public var entryPrice: Double
    /// Exit before slippage.
    public var exitLevel: Double
    /// Exit fill: `exitLevel * (1 - slippage)`.
    public var exitPrice: Double
    /// Units bought (fractional units allowed).
    public var size: Double
    /// Cash paid at entry before commission: `size * entryPrice`.
    public var notional: Double
    /// Commission of both sides.
    public var commission: Double
    /// Cost of slippage on both sides: `size * (entryPrice - entryOpen) + size * (exitLevel - exitPrice)`.
    public var slippage: Double
    /// Profit before costs: `size * (exitLevel - entryOpen)`.
    public var grossPnl: Double
    /// Profit after costs, the trade's cash flow: exit proceeds minus exit commission minus
    /// entry cost and commission (backtesting.py's `size * (exit - entry) - commissions`).
    public var netPnl: Double
    /// backtesting.py's `Trade.pl_pct`, as a fraction:
    /// `exitPrice / entryPrice - 1 - commission / notional`.
    public var returnFraction: Double
    /// Why the trade ended.
    public var exitReason: BarrierOutcome
}
