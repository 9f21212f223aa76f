/// A model's backtest beside its baselines: what the `backtest` directive reports.
///
/// Gross and net are two separate simulations, the gross one with `Costs.zero`. Because
/// sizing follows equity and entries need cash, the gross run may take different trades
/// than the net run (usually a few more late in the run); the net run's own trades also
/// carry their profit before costs (`BacktestTrade.grossPnl`), which splits the net
/// result into the model's edge and its costs on identical trades.
public struct BacktestReport: Sendable {
    /// The configuration the report was made with.
    public var configuration: BacktestConfiguration
    /// The model with costs.
    public var net: BacktestRun
    /// The model without costs.
    public var gross: BacktestRun
    /// Random entries with costs, with the net run's turnover: as many trades as the net
    /// run made, each held for the bars of one of its trades, entered at random (symbol,
    /// bar) pairs of the period where a slot and the symbol are free;
    /// `configuration.randomDraws` draws.
    public var randomNet: BaselineSummary
    /// The same random schedule without costs.
    public var randomGross: BaselineSummary
    /// Buy-and-hold of the universe with costs: equal cash per symbol bought at its
    /// first bar's open in the period, sold at its last bar's close in the period.
    public var buyAndHoldNet: BacktestRun
    /// Buy-and-hold without costs.
    public var buyAndHoldGross: BacktestRun
}
