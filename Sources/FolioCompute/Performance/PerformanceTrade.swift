/// A closed trade as the performance statistics read it: the columns of backtesting.py's
/// `stats._trades` (`EntryBar`, `ExitBar`, `EntryPrice`, `ExitPrice`, `Size`, `PnL`,
/// `ReturnPct`, `Commission`, `EntryTime`, `ExitTime`).
public struct PerformanceTrade: Sendable, Hashable {
    /// Entry fill time, seconds since the epoch (UTC).
    public var entryTime: Int64
    /// Exit fill time, seconds since the epoch (UTC).
    public var exitTime: Int64
    /// Index of the entry bar in the equity curve; `nil` to derive it from `entryTime`
    /// (the last bar at or before that time).
    public var entryIndex: Int?
    /// Index of the exit bar in the equity curve; `nil` to derive it from `exitTime`.
    public var exitIndex: Int?
    /// Entry fill price.
    public var entryPrice: Double
    /// Exit fill price.
    public var exitPrice: Double
    /// Signed size: positive long, negative short; fractional sizes allowed.
    public var size: Double
    /// Profit or loss in cash after commissions (backtesting.py `Trade.pl`:
    /// `size * (exit - entry) - commissions`).
    public var pnl: Double
    /// Return as a fraction, not a percentage (backtesting.py `Trade.pl_pct`:
    /// `sign(size) * (exit / entry - 1) - commissions / (|size| * entry)`).
    public var returnFraction: Double
    /// Commissions paid on entry and exit together.
    public var commission: Double

    /// Creates a trade record.
    public init(
        entryTime: Int64, exitTime: Int64, entryIndex: Int? = nil, exitIndex: Int? = nil,
        entryPrice: Double, exitPrice: Double, size: Double, pnl: Double,
        returnFraction: Double, commission: Double = 0
    ) {
        self.entryTime = entryTime
        self.exitTime = exitTime
        self.entryIndex = entryIndex
        self.exitIndex = exitIndex
        self.entryPrice = entryPrice
        self.exitPrice = exitPrice
        self.size = size
        self.pnl = pnl
        self.returnFraction = returnFraction
        self.commission = commission
    }
}
