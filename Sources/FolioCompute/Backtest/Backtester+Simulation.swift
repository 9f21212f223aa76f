extension Backtester {
    /// A position while it is open.
    struct OpenPosition {
        var symbol: Int
        var signalStep: Int
        var entryBar: Int
        var entryStep: Int
        /// The bar whose close marks the position (the last bar at or before the current
        /// timestamp).
        var cursor: Int
        var exitBar: Int
        var exitStep: Int
        var exitLevel: Double
        var reason: BarrierOutcome
        var probability: Double
        var size: Double
        var entryOpen: Double
        var entryFill: Double
        var notional: Double
        var entryCommission: Double
    }

    /// The event loop of one simulation.
    ///
    /// - Complexity: O(C + T * K) plus the sorting of each timestamp's candidates and one
    ///   barrier walk (O(horizon)) per entry.
    func simulate(candidates: [Candidate], counts: SignalCounts, configuration: BacktestConfiguration,
                  costs: BacktestConfiguration.Costs, window: Window) throws(BacktestError) -> BacktestRun {
        try simulate(ordered: Backtester.bucket(candidates, window: window), counts: counts,
                     configuration: configuration, costs: costs, window: window)
    }

    /// As `simulate(candidates:...)`, with the candidates already bucketed by timestamp and
    /// ordered (`bucket(_:window:)`): a net and a gross run of the same candidates share one
    /// bucketing.
    func simulate(ordered: Buckets, counts: SignalCounts, configuration: BacktestConfiguration,
                  costs: BacktestConfiguration.Costs, window: Window) throws(BacktestError) -> BacktestRun {
        var counts = counts
        let rate = costs.commissionBps / 10_000
        let slip = costs.slippageBps / 10_000
        let maxPositions = configuration.maxPositions
        let spec = configuration.exits
        let closeAtPeriodEnd = configuration.periodEnd == .close
        let timeline = market.timeline
        let timelineCount = timeline.count
        var cash = configuration.initialCash
        var lastEquity = cash
        var open: [OpenPosition] = []
        open.reserveCapacity(min(maxPositions, market.symbolCount))
        var inPosition = [Bool](repeating: false, count: market.symbolCount)
        var equity: [Double] = []
        equity.reserveCapacity(window.stepCount)
        var closed: [BacktestTrade] = []
        var closedSymbols: [Int32] = []

        market.open.withUnsafeBufferPointer { openPrices in
        market.high.withUnsafeBufferPointer { high in
        market.low.withUnsafeBufferPointer { low in
        market.close.withUnsafeBufferPointer { close in
        market.step.withUnsafeBufferPointer { step in
        market.offsets.withUnsafeBufferPointer { offsets in
        ordered.candidates.withUnsafeBufferPointer { queue in
            var g = window.first
            while true {
                // 1. Entries at this timestamp's open.
                if g <= window.last {
                    let k = g - window.first
                    let from = Int(ordered.start[k]), to = Int(ordered.start[k + 1])
                    let decisionEquity = lastEquity
                    // The probability of the last candidate of this timestamp that took a slot.
                    var lastEntered = Double.nan
                    for i in from..<to {
                        let c = queue[i]
                        let s = Int(c.symbol)
                        if inPosition[s] { counts.inPosition += 1; continue }
                        if open.count >= maxPositions {
                            counts.noSlot += 1
                            if c.probability == lastEntered { counts.lostTie += 1 }
                            continue
                        }
                        var target: Double
                        switch configuration.sizing {
                        case let .equityFraction(f): target = f * decisionEquity
                        case let .fixedNotional(x): target = x
                        }
                        let affordable = cash / (1 + rate)
                        if target > affordable { target = affordable }
                        guard target >= configuration.minimumNotional, target > 0 else {
                            counts.noCash += 1
                            continue
                        }
                        let entryBar = Int(c.signalBar) + 1
                        let lo = offsets[s], hi = offsets[s + 1]
                        let entryOpen = openPrices[entryBar]
                        let fill = entryOpen * (1 + slip)
                        var exitBar: Int, level: Double, reason: BarrierOutcome
                        if c.holdBars > 0 {
                            // A scheduled baseline trade: held for its bars, out at the close.
                            exitBar = min(entryBar + Int(c.holdBars) - 1, hi - 1)
                            level = close[exitBar]
                            reason = exitBar == hi - 1 && exitBar < entryBar + Int(c.holdBars) - 1 ? .endOfData : .horizon
                        } else {
                            guard let hit = firstBarrierTouch(
                                reference: fill, from: entryBar - lo, spec: spec, source: .highLow,
                                open: UnsafeBufferPointer(rebasing: openPrices[lo..<hi]),
                                high: UnsafeBufferPointer(rebasing: high[lo..<hi]),
                                low: UnsafeBufferPointer(rebasing: low[lo..<hi]),
                                close: UnsafeBufferPointer(rebasing: close[lo..<hi]))
                            else { counts.noEntryBar += 1; continue }
                            exitBar = lo + hit.index
                            level = hit.price
                            reason = hit.outcome
                        }
                        if closeAtPeriodEnd, Int(step[exitBar]) > window.last {
                            exitBar = window.lastBar[s]
                            level = close[exitBar]
                            reason = .endOfData
                        }
                        let commission = target * rate
                        cash -= target + commission
                        counts.entered += 1
                        lastEntered = c.probability
                        inPosition[s] = true
                        open.append(OpenPosition(
                            symbol: s, signalStep: Int(c.signalStep), entryBar: entryBar, entryStep: g,
                            cursor: entryBar, exitBar: exitBar, exitStep: Int(step[exitBar]), exitLevel: level,
                            reason: reason, probability: c.probability, size: target / fill,
                            entryOpen: entryOpen, entryFill: fill, notional: target,
                            entryCommission: commission))
                    }
                }
                // 2. Exits during this timestamp's bars.
                var i = 0
                while i < open.count {
                    guard open[i].exitStep == g else { i += 1; continue }
                    let p = open[i]
                    let exitFill = p.exitLevel * (1 - slip)
                    let proceeds = p.size * exitFill
                    let exitCommission = proceeds * rate
                    cash += proceeds - exitCommission
                    let commission = p.entryCommission + exitCommission
                    closed.append(BacktestTrade(
                        symbol: market.symbols[p.symbol], probability: p.probability,
                        signalTime: timeline[p.signalStep], entryTime: timeline[p.entryStep],
                        exitTime: timeline[g], entryIndex: p.entryStep - window.first,
                        exitIndex: g - window.first, barsHeld: p.exitBar - p.entryBar + 1,
                        entryOpen: p.entryOpen, entryPrice: p.entryFill, exitLevel: p.exitLevel,
                        exitPrice: exitFill, size: p.size, notional: p.notional, commission: commission,
                        slippage: p.size * (p.entryFill - p.entryOpen) + p.size * (p.exitLevel - exitFill),
                        grossPnl: p.size * (p.exitLevel - p.entryOpen),
                        netPnl: (proceeds - exitCommission) - (p.notional + p.entryCommission),
                        returnFraction: exitFill / p.entryFill - 1 - commission / p.notional,
                        exitReason: p.reason))
                    closedSymbols.append(Int32(p.symbol))
                    inPosition[p.symbol] = false
                    open.swapAt(i, open.count - 1)
                    open.removeLast()
                }
                // 3. Mark to market at the closes.
                var value = cash
                for j in open.indices {
                    var cursor = open[j].cursor
                    while cursor < open[j].exitBar, Int(step[cursor + 1]) <= g { cursor += 1 }
                    open[j].cursor = cursor
                    value += open[j].size * close[cursor]
                }
                equity.append(value)
                lastEquity = value
                if g >= window.last, open.isEmpty { break }
                g += 1
                if g >= timelineCount { break }
            }
        } } } } } } }

        let timestamps = Array(timeline[window.first..<(window.first + equity.count)])
        return try Backtester.assemble(trades: closed, symbols: closedSymbols, timestamps: timestamps,
                                       equity: equity, counts: counts, configuration: configuration,
                                       market: market)
    }

    /// Candidates grouped by entry timestamp: `candidates[start[k] ..< start[k + 1]]` enter
    /// at the period's k-th timestamp, by descending probability, then ascending tie key
    /// (the seeded draw of `TieBreak`), then symbol (only when two keys collide).
    struct Buckets {
        var start: [Int32]
        var candidates: [Candidate]
    }

    /// Counting sort by entry timestamp, then a sort of each bucket.
    ///
    /// - Complexity: O(C + T + sum of b log b over bucket sizes b).
    static func bucket(_ candidates: [Candidate], window: Window) -> Buckets {
        let steps = window.stepCount
        var start = [Int32](repeating: 0, count: steps + 1)
        for c in candidates { start[Int(c.entryStep) - window.first + 1] += 1 }
        for k in 0..<steps { start[k + 1] += start[k] }
        var fill = start
        var ordered = candidates  // overwritten below; same count
        for c in candidates {
            let k = Int(c.entryStep) - window.first
            ordered[Int(fill[k])] = c
            fill[k] += 1
        }
        for k in 0..<steps where start[k + 1] - start[k] > 1 {
            ordered[Int(start[k])..<Int(start[k + 1])].sort { a, b in
                a.probability != b.probability ? a.probability > b.probability
                    : a.tieKey != b.tieKey ? a.tieKey < b.tieKey : a.symbol < b.symbol
            }
        }
        return Buckets(start: start, candidates: ordered)
    }
}
