extension Backtester {
    /// A random schedule with the model's turnover: one random trade per model trade, each
    /// held for the bars of a model trade (the model's holding periods), entered
    /// at a uniformly random (symbol, bar) of the period, seeded.
    ///
    /// Trades are placed longest first, each by rejection: a draw is kept when its symbol holds no other
    /// scheduled trade on any of its bars (the engine's one-position-per-symbol rule, an
    /// exit bar included), fewer than `maxPositions` scheduled trades are open at every
    /// timestamp it spans, and it ends inside the period (`PeriodEnd.close`) or the data
    /// (`.runToExit`). So the engine never skips a scheduled trade for a slot or a held
    /// symbol, and the baseline makes as many trades as the model, with the same holding
    /// periods, unless the period cannot fit them: a trade not placed after
    /// `attemptsPerTrade` draws is dropped (when the slots are nearly always full; the longest
    /// go first, so the dropped ones are short), and an
    /// entry may still be skipped for lack of cash. Exits are at the close of the last
    /// held bar (`BarrierOutcome.horizon`), not at the barriers; each trade gets a uniform
    /// random probability (never a tie).
    ///
    /// - Parameter holdings: the model's trades' bars held, in any order.
    /// - Complexity: O(n (h + s)) per placed trade for holding h bars spanning s
    ///   timestamps, times the draws per trade.
    func randomCandidates(holdings: [Int], window: Window, configuration: BacktestConfiguration,
                          rng: inout SeededGenerator) -> ([Candidate], SignalCounts) {
        var eligibleStart = [Int](), total = 0
        eligibleStart.reserveCapacity(market.symbolCount + 1)
        for s in 0..<market.symbolCount {
            eligibleStart.append(total)
            total += max(0, window.lastBar[s] - window.firstBar[s])
        }
        eligibleStart.append(total)
        // Longest first: long trades are the hardest to fit, so when the slots leave no room
        // for every trade the ones dropped are short, and the holding distribution moves the
        // least. (Which trade goes where is random; the order of equal holdings is immaterial.)
        let order = holdings.sorted(by: >)
        var counts = SignalCounts()
        counts.rows = holdings.count
        guard total > 0 else { return ([], counts) }
        let closeAtEnd = configuration.periodEnd == .close
        var held = [Bool](repeating: false, count: market.offsets[market.symbolCount])
        var slots = [Int32](repeating: 0, count: market.timeline.count)
        let maxPositions = Int32(configuration.maxPositions)
        var picks: [Candidate] = []
        picks.reserveCapacity(order.count)
        var hasCandidate = [Bool](repeating: false, count: market.symbolCount)
        for h in order where h >= 1 {
            for _ in 0..<Self.attemptsPerTrade {
                let i = rng.nextInt(below: total)
                var lo = 0, hi = market.symbolCount
                while hi - lo > 1 {  // the symbol whose range holds i
                    let mid = (lo + hi) >> 1
                    if eligibleStart[mid] <= i { lo = mid } else { hi = mid }
                }
                let s = lo
                let signalBar = window.firstBar[s] + (i - eligibleStart[s])
                let entry = signalBar + 1, exit = entry + h - 1
                let limit = closeAtEnd ? window.lastBar[s] : market.offsets[s + 1] - 1
                guard exit <= limit, !held[entry...exit].contains(true) else { continue }
                let first = Int(market.step[entry]), last = Int(market.step[exit])
                guard !slots[first...last].contains(where: { $0 >= maxPositions }) else { continue }
                for b in entry...exit { held[b] = true }
                for g in first...last { slots[g] += 1 }
                hasCandidate[s] = true
                picks.append(Candidate(entryStep: market.step[entry], signalStep: market.step[signalBar], symbol: Int32(s),
                                       signalBar: Int32(signalBar), probability: rng.nextUniform(), holdBars: Int32(h)))
                break
            }
        }
        counts.candidates = picks.count
        counts.symbolsWithCandidates = hasCandidate.lazy.filter { $0 }.count
        return (picks, counts)
    }

    /// Draws per scheduled random trade before it is dropped.
    static let attemptsPerTrade = 1_000

    /// Buy-and-hold of every symbol with bars in the period: `initialCash / m` each
    /// (commission included) bought at the open of its first bar in the period and sold at
    /// the close of its last one, both with slippage and commission; marked at closes in
    /// between. One trade per symbol (exit reason `endOfData`, probability NaN).
    ///
    /// - Complexity: O(B + T) for B bars in the period and T timestamps: each bar adds the
    ///   change of its symbol's value to its timestamp.
    func buyAndHold(configuration: BacktestConfiguration, costs: BacktestConfiguration.Costs,
                    window: Window) throws(BacktestError) -> BacktestRun {
        let rate = costs.commissionBps / 10_000, slip = costs.slippageBps / 10_000
        let held = (0..<market.symbolCount).filter { window.firstBar[$0] <= window.lastBar[$0] }
        let allocation = configuration.initialCash / Double(held.count)
        let notional = allocation / (1 + rate)
        let steps = window.stepCount
        var cashFlow = [Double](repeating: 0, count: steps)
        var valueChange = [Double](repeating: 0, count: steps)
        var openChange = [Int32](repeating: 0, count: steps)
        var trades: [BacktestTrade] = []
        trades.reserveCapacity(held.count)
        let step = market.step, close = market.close
        for s in held {
            let first = window.firstBar[s], last = window.lastBar[s]
            let entryOpen = market.open[first]
            let fill = entryOpen * (1 + slip)
            let size = notional / fill
            let entryCommission = notional * rate
            let entryStep = Int(step[first]) - window.first
            let exitStep = Int(step[last]) - window.first
            cashFlow[entryStep] -= notional + entryCommission
            openChange[entryStep] += 1
            var previous = 0.0
            for b in first...last {
                let value = size * close[b]
                valueChange[Int(step[b]) - window.first] += value - previous
                previous = value
            }
            let level = close[last]
            let exitFill = level * (1 - slip)
            let proceeds = size * exitFill
            let exitCommission = proceeds * rate
            valueChange[exitStep] -= previous
            cashFlow[exitStep] += proceeds - exitCommission
            openChange[exitStep] -= 1
            let commission = entryCommission + exitCommission
            trades.append(BacktestTrade(
                symbol: market.symbols[s], probability: .nan, signalTime: market.times[first],
                entryTime: market.times[first], exitTime: market.times[last], entryIndex: entryStep,
                exitIndex: exitStep, barsHeld: last - first + 1, entryOpen: entryOpen, entryPrice: fill,
                exitLevel: level, exitPrice: exitFill, size: size, notional: notional, commission: commission,
                slippage: size * (fill - entryOpen) + size * (level - exitFill),
                grossPnl: size * (level - entryOpen),
                netPnl: (proceeds - exitCommission) - (notional + entryCommission),
                returnFraction: exitFill / fill - 1 - commission / notional, exitReason: .endOfData))
        }
        var equity = [Double](repeating: 0, count: steps)
        var cash = configuration.initialCash, value = 0.0, open: Int32 = 0
        for k in 0..<steps {
            cash += cashFlow[k]
            value += valueChange[k]
            open += openChange[k]
            if open == 0 { value = 0 }  // no rounding residue once everything is sold
            equity[k] = cash + value
        }
        let symbolOfTrade = held.map { Int32($0) }
        let timestamps = Array(market.timeline[window.first...window.last])
        return try Backtester.assemble(trades: trades, symbols: symbolOfTrade, timestamps: timestamps,
                                       equity: equity, counts: SignalCounts(), configuration: configuration,
                                       market: market)
    }
}
