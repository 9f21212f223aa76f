/// An event-driven, long-only portfolio backtest over the bars of many symbols.
///
/// Rules (see `BacktestConfiguration` for the parameters):
/// - A signal at a symbol's bar `t` with `probability >= threshold` asks for an entry at
///   the open of the symbol's next bar `t + 1`. At each timestamp of the timeline the
///   engine first takes the entries of that timestamp, then the exits that happen during
///   its bars, then marks the portfolio at the closes.
/// - One position per symbol: a signal for a symbol that is still in a position at the
///   entry bar's open is skipped (`SignalCounts.inPosition`), even when that position
///   exits during the entry bar. At most `maxPositions` positions at once: candidates of
///   the same timestamp are taken by descending probability; equal probabilities in a
///   seeded random order (`TieBreak`, from `configuration.seed`), never by symbol name
///   (`SignalCounts.noSlot` for the rest, `SignalCounts.lostTie` for those of them that
///   lost to an equal probability). A slot freed during a bar is free from the next
///   timestamp on.
/// - Sizing: a fraction of the equity at the previous timestamp (cash plus positions at
///   their last close), or a fixed notional; the same decision equity for every entry of
///   a timestamp. Fractional units are allowed (`size = notional / fill`). The notional is
///   capped so that notional plus commission never exceeds the cash; below
///   `minimumNotional` the entry is skipped (`SignalCounts.noCash`).
/// - Exits: `firstBarrierTouch(source: .highLow)` from the entry bar with barriers
///   relative to the entry fill: take-profit at `+up`, stop-loss at `-down`, the stop
///   first when one bar touches both, the open when a bar gaps through a barrier, and the
///   close of the `horizon`-th bar (the entry bar counts) otherwise; `endOfData` at the
///   last bar of the data or, with `PeriodEnd.close`, of the period.
/// - Costs: fills move against the trade by the slippage (buys at `price * (1 + s)`,
///   sells at `price * (1 - s)`); commission is charged on each side's filled notional.
/// - Cash accounting: the equity curve is cash plus positions marked at their symbol's
///   last close; a trade's net profit is its cash flow, so the final equity equals the
///   initial cash plus the sum of net profits (up to floating-point rounding).
///
/// Performance: candidates are bucketed by entry timestamp once per run (counting sort,
/// then a sort of each bucket); the loop over the timeline touches only open positions.
/// No dictionary is used in the loop.
public struct Backtester: Sendable {
    /// The universe.
    public let market: BacktestMarket

    /// Creates an engine over `market`.
    public init(market: BacktestMarket) {
        self.market = market
    }

    /// Runs the model net and gross, the random-entry baselines and buy-and-hold.
    ///
    /// - Parameters:
    ///   - signals: signal rows aligned to the market.
    ///   - probabilities: one probability per row (a model's column or an ensemble).
    ///   - configuration: the parameters; `configuration.costs` apply to the net runs.
    /// - Returns: the report: net and gross runs, random baselines (net and gross, the
    ///   same random schedule: as many trades as the net run, each held as long as one of
    ///   its trades; `randomCandidates(holdings:window:configuration:rng:)`), buy-and-hold
    ///   (net and gross).
    /// - Throws: `BacktestError.invalidConfiguration`, `.lengthMismatch` when
    ///   `probabilities` does not match `signals`, `.emptyPeriod`.
    /// - Complexity: O(R + T * K + C log C) per simulation for R rows, T timestamps, K
    ///   slots and C candidates per timestamp; 2 + 2 * draws + 2 simulations.
    public func run(signals: SignalPositions, probabilities: [Double],
                    configuration: BacktestConfiguration) throws(BacktestError) -> BacktestReport {
        try configuration.validate()
        let window = try self.window(for: configuration)
        let (candidates, counts) = try self.candidates(signals: signals, probabilities: probabilities,
                                                       configuration: configuration, window: window)
        // Net and gross runs of the same candidates share one bucketing (the per-timestamp
        // sort was a tenth of a backtest's time when done for each).
        let ordered = Backtester.bucket(candidates, window: window)
        let net = try simulate(ordered: ordered, counts: counts, configuration: configuration,
                               costs: configuration.costs, window: window)
        let gross = try simulate(ordered: ordered, counts: counts, configuration: configuration,
                                 costs: .zero, window: window)
        var rng = SeededGenerator(seed: configuration.seed)
        var randomNet: [BacktestRun] = [], randomGross: [BacktestRun] = []
        for _ in 0..<configuration.randomDraws {
            let (picks, pickCounts) = randomCandidates(holdings: net.trades.map(\.barsHeld), window: window,
                                                       configuration: configuration, rng: &rng)
            let orderedPicks = Backtester.bucket(picks, window: window)
            randomNet.append(try simulate(ordered: orderedPicks, counts: pickCounts, configuration: configuration,
                                          costs: configuration.costs, window: window))
            randomGross.append(try simulate(ordered: orderedPicks, counts: pickCounts, configuration: configuration,
                                            costs: .zero, window: window))
        }
        return BacktestReport(
            configuration: configuration, net: net, gross: gross,
            randomNet: BaselineSummary(runs: randomNet), randomGross: BaselineSummary(runs: randomGross),
            buyAndHoldNet: try buyAndHold(configuration: configuration, costs: configuration.costs, window: window),
            buyAndHoldGross: try buyAndHold(configuration: configuration, costs: .zero, window: window))
    }

    /// Runs the model once with `configuration.costs` (or `costs` when given), without
    /// baselines.
    ///
    /// - Throws: as `run(signals:probabilities:configuration:)`.
    public func simulate(signals: SignalPositions, probabilities: [Double],
                         configuration: BacktestConfiguration,
                         costs: BacktestConfiguration.Costs? = nil) throws(BacktestError) -> BacktestRun {
        try configuration.validate()
        let window = try self.window(for: configuration)
        let (candidates, counts) = try self.candidates(signals: signals, probabilities: probabilities,
                                                       configuration: configuration, window: window)
        return try simulate(candidates: candidates, counts: counts, configuration: configuration,
                            costs: costs ?? configuration.costs, window: window)
    }

    /// Buy-and-hold of the universe alone (see `BacktestReport.buyAndHoldNet`).
    ///
    /// - Throws: `BacktestError.invalidConfiguration`, `.emptyPeriod`.
    public func buyAndHold(configuration: BacktestConfiguration,
                           costs: BacktestConfiguration.Costs? = nil) throws(BacktestError) -> BacktestRun {
        try configuration.validate()
        return try buyAndHold(configuration: configuration, costs: costs ?? configuration.costs,
                              window: try window(for: configuration))
    }

    // MARK: - Period

    /// The period on the timeline and each symbol's bars inside it.
    struct Window {
        /// First and last timeline index of the period.
        var first: Int
        var last: Int
        /// Per symbol, the flat index of its first bar in the period and of its last one
        /// (`lastBar < firstBar` when it has none).
        var firstBar: [Int]
        var lastBar: [Int]
        var stepCount: Int { last - first + 1 }
    }

    func window(for configuration: BacktestConfiguration) throws(BacktestError) -> Window {
        let timeline = market.timeline
        var first = 0, last = timeline.count - 1
        if let period = configuration.period {
            first = BacktestMarket.lowerBound(timeline, period.lowerBound)
            last = BacktestMarket.upperBound(timeline, period.upperBound) - 1
        }
        guard first <= last else { throw .emptyPeriod }
        var firstBar = [Int](), lastBar = [Int]()
        firstBar.reserveCapacity(market.symbolCount)
        lastBar.reserveCapacity(market.symbolCount)
        let lo = timeline[first], hi = timeline[last]
        for s in 0..<market.symbolCount {
            let a = market.offsets[s], b = market.offsets[s + 1]
            let f = a + BacktestMarket.lowerBound(market.times[a..<b], lo)
            let l = a + BacktestMarket.upperBound(market.times[a..<b], hi) - 1
            firstBar.append(f)
            lastBar.append(l)
        }
        return Window(first: first, last: last, firstBar: firstBar, lastBar: lastBar)
    }

    // MARK: - Candidates

    /// One entry request: the signal bar, its entry bar and its timeline step.
    struct Candidate {
        var entryStep: Int32
        var signalStep: Int32
        var symbol: Int32
        var signalBar: Int32
        var probability: Double
        /// The seeded draw that orders candidates of one timestamp with equal probabilities
        /// (`TieBreak.key`).
        var tieKey: UInt64 = 0
        /// Bars to hold, the entry bar counting as the first; 0 for the barrier exits
        /// (random baselines hold as long as a model trade).
        var holdBars: Int32 = 0
    }

    func candidates(signals: SignalPositions, probabilities: [Double], configuration: BacktestConfiguration,
                    window: Window) throws(BacktestError) -> ([Candidate], SignalCounts) {
        guard probabilities.count == signals.count else {
            throw .lengthMismatch(what: "signal probabilities", expected: signals.count, actual: probabilities.count)
        }
        var counts = SignalCounts()
        counts.rows = signals.count
        var out: [Candidate] = []
        var hasCandidate = [Bool](repeating: false, count: market.symbolCount)
        let threshold = configuration.threshold
        let tieBreak = TieBreak(seed: configuration.seed)
        let step = market.step, offsets = market.offsets
        for r in 0..<signals.count {
            let b = Int(signals.bar[r])
            guard b >= 0 else { counts.unmatched += 1; continue }
            let g = Int(step[b])
            guard g >= window.first, g <= window.last else { counts.outsidePeriod += 1; continue }
            let p = probabilities[r]
            guard p >= threshold else { counts.belowThreshold += 1; continue }
            counts.candidates += 1
            let s = Int(signals.symbol[r])
            hasCandidate[s] = true
            guard b + 1 < offsets[s + 1], Int(step[b + 1]) <= window.last else {
                counts.noEntryBar += 1
                continue
            }
            out.append(Candidate(entryStep: step[b + 1], signalStep: Int32(g), symbol: Int32(s), signalBar: Int32(b),
                                 probability: p, tieKey: tieBreak.key(step: Int(step[b + 1]), symbol: s)))
        }
        counts.symbolsWithCandidates = hasCandidate.lazy.filter { $0 }.count
        return (out, counts)
    }
}

extension BacktestMarket {
    /// First index of the sorted collection whose value is `>= value`.
    static func lowerBound<C: RandomAccessCollection>(_ values: C, _ value: Int64) -> Int
    where C.Element == Int64, C.Index == Int {
        var lo = values.startIndex, hi = values.endIndex
        while lo < hi {
            let mid = (lo + hi) >> 1
            if values[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo - values.startIndex
    }

    /// First index of the sorted collection whose value is `> value`.
    static func upperBound<C: RandomAccessCollection>(_ values: C, _ value: Int64) -> Int
    where C.Element == Int64, C.Index == Int {
        var lo = values.startIndex, hi = values.endIndex
        while lo < hi {
            let mid = (lo + hi) >> 1
            if values[mid] <= value { lo = mid + 1 } else { hi = mid }
        }
        return lo - values.startIndex
    }
}
