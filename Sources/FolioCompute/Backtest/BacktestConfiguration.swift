/// Parameters of a backtest run: signal threshold, slots, sizing, costs, exits, period and
/// baselines.
public struct BacktestConfiguration: Sendable, Hashable {
    /// How much to buy for an entry.
    public enum Sizing: Sendable, Hashable {
        /// A fraction in (0, 1] of the current equity: cash plus open positions marked at
        /// their last close before the entry bar (the equity curve's previous point).
        case equityFraction(Double)
        /// A fixed notional in cash units per entry.
        case fixedNotional(Double)
    }

    /// Trading costs, each per side (entry and exit), in basis points.
    public struct Costs: Sendable, Hashable {
        /// Commission on the filled notional, per side (10 = 0.1%).
        public var commissionBps: Double
        /// Slippage applied to fill prices, per side: buys fill at `price * (1 + s)`,
        /// sells at `price * (1 - s)`.
        public var slippageBps: Double

        /// Creates a cost model.
        public init(commissionBps: Double, slippageBps: Double) {
            self.commissionBps = commissionBps
            self.slippageBps = slippageBps
        }

        /// No costs: the gross run.
        public static let zero = Costs(commissionBps: 0, slippageBps: 0)
    }

    /// What happens to positions still open at the end of the period.
    public enum PeriodEnd: String, Sendable, Hashable, CaseIterable {
        /// Close them at the close of their symbol's last bar in the period (exit reason
        /// `BarrierOutcome.endOfData`).
        case close
        /// Let them run to their barrier or horizon exit on the bars after the period (or
        /// to the end of the data, `endOfData`); the equity curve extends until the last
        /// exit. No entries happen after the period.
        case runToExit = "run_to_exit"
    }

    /// Entry threshold: a signal with `probability >= threshold` enters (NaN never does).
    public var threshold: Double
    /// At most this many positions open at once, across all symbols (K).
    public var maxPositions: Int
    /// Position sizing.
    public var sizing: Sizing
    /// Starting cash.
    public var initialCash: Double
    /// Commission and slippage of the net run (the gross run uses `Costs.zero`).
    public var costs: Costs
    /// Exit barriers, relative to the entry fill: take-profit `+up`, stop-loss `-down`,
    /// time exit after `horizon` bars (the entry bar counts as the first).
    public var exits: BarrierSpec
    /// Signals are taken from bars with timestamps in this range (inclusive), and the
    /// equity curve covers it; `nil` for all data.
    public var period: ClosedRange<Int64>?
    /// Positions open at the end of the period.
    public var periodEnd: PeriodEnd
    /// Entries whose affordable notional (after capping at cash) is below this are skipped
    /// as `noCash`.
    public var minimumNotional: Double
    /// Annual risk-free rate for Sharpe and Sortino, in (-1, 1).
    public var riskFreeRate: Double
    /// Number of random-entry baseline draws (0 for none).
    public var randomDraws: Int
    /// Seed of the random baseline (`SeededGenerator(seed:)`).
    public var seed: UInt64

    /// Creates a configuration; the defaults follow the data contract's label (+5% / -2%
    /// within 24 bars).
    public init(
        threshold: Double = 0.5, maxPositions: Int = 10, sizing: Sizing = .equityFraction(0.1),
        initialCash: Double = 100_000,
        costs: Costs = Costs(commissionBps: 10, slippageBps: 5),
        exits: BarrierSpec = .contract, period: ClosedRange<Int64>? = nil,
        periodEnd: PeriodEnd = .close, minimumNotional: Double = 1, riskFreeRate: Double = 0,
        randomDraws: Int = 5, seed: UInt64 = 0
    ) {
        self.threshold = threshold
        self.maxPositions = maxPositions
        self.sizing = sizing
        self.initialCash = initialCash
        self.costs = costs
        self.exits = exits
        self.period = period
        self.periodEnd = periodEnd
        self.minimumNotional = minimumNotional
        self.riskFreeRate = riskFreeRate
        self.randomDraws = randomDraws
        self.seed = seed
    }

    /// Checks every value's range.
    ///
    /// - Throws: `BacktestError.invalidConfiguration` naming the first bad value.
    public func validate() throws(BacktestError) {
        func fail(_ message: String) -> BacktestError { .invalidConfiguration(message) }
        guard !threshold.isNaN else { throw fail("threshold is NaN") }
        guard maxPositions >= 1 else { throw fail("max positions must be at least 1 (got \(maxPositions))") }
        switch sizing {
        case let .equityFraction(f):
            guard f > 0, f <= 1 else { throw fail("equity fraction must lie in (0, 1] (got \(f))") }
        case let .fixedNotional(x):
            guard x > 0, x.isFinite else { throw fail("fixed notional must be positive (got \(x))") }
        }
        guard initialCash > 0, initialCash.isFinite else { throw fail("initial cash must be positive (got \(initialCash))") }
        guard costs.commissionBps >= 0, costs.commissionBps.isFinite else {
            throw fail("commission must be a non-negative number of bps (got \(costs.commissionBps))")
        }
        guard costs.slippageBps >= 0, costs.slippageBps < 10_000 else {
            throw fail("slippage must lie in [0, 10000) bps (got \(costs.slippageBps))")
        }
        guard exits.up > 0, exits.up.isFinite else { throw fail("take-profit must be positive (got \(exits.up))") }
        guard exits.down > 0, exits.down < 1 else { throw fail("stop-loss must lie in (0, 1) (got \(exits.down))") }
        guard exits.horizon >= 1 else { throw fail("horizon must be at least 1 bar (got \(exits.horizon))") }
        guard minimumNotional >= 0, minimumNotional.isFinite else {
            throw fail("minimum notional must be non-negative (got \(minimumNotional))")
        }
        guard riskFreeRate > -1, riskFreeRate < 1 else { throw fail("risk-free rate must lie in (-1, 1)") }
        guard randomDraws >= 0 else { throw fail("random draws must be non-negative (got \(randomDraws))") }
    }
}
