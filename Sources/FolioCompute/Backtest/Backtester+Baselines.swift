extension Backtester {
    /// `count` distinct random (symbol, bar) signal positions within the period, each with a
    /// next bar inside the period, drawn with Floyd's algorithm (uniform over all such
    /// positions, without replacement; capped at their number); each gets a uniform random
    /// probability so that ties for slots are broken at random. The engine then treats them
    /// like model signals (threshold ignored): entries may be fewer than `count` when picks
    /// meet open positions, full slots or empty cash.
    ///
    /// - Complexity: O(M) for M eligible positions (a bitmap), plus O(count) draws.
    func randomCandidates(count: Int, window: Window, rng: inout SeededGenerator) -> ([Candidate], SignalCounts) {
        var eligibleStart = [Int](), total = 0
        eligibleStart.reserveCapacity(market.symbolCount + 1)
        for s in 0..<market.symbolCount {
            eligibleStart.append(total)
            total += max(0, window.lastBar[s] - window.firstBar[s])
        }
        eligibleStart.append(total)
        let n = min(count, total)
        var chosen = [UInt64](repeating: 0, count: (total + 63) / 64)
        @inline(__always) func isChosen(_ i: Int) -> Bool { chosen[i >> 6] & (1 << UInt64(i & 63)) != 0 }
        @inline(__always) func choose(_ i: Int) { chosen[i >> 6] |= 1 << UInt64(i & 63) }
        if n > 0 {
            for j in (total - n)..<total {
                let t = rng.nextInt(below: j + 1)
                if isChosen(t) { choose(j) } else { choose(t) }
            }
        }
        var picks: [Candidate] = []
        picks.reserveCapacity(n)
        var s = 0
        for word in chosen.indices where chosen[word] != 0 {
            var bits = chosen[word]
            while bits != 0 {
                let i = word << 6 + bits.trailingZeroBitCount
                bits &= bits - 1
                while eligibleStart[s + 1] <= i { s += 1 }
                let bar = window.firstBar[s] + (i - eligibleStart[s])
                picks.append(Candidate(entryStep: market.step[bar + 1], signalStep: market.step[bar],
                                       symbol: Int32(s), signalBar: Int32(bar), probability: rng.nextUniform()))
            }
        }
        var counts = SignalCounts()
        counts.rows = n
        counts.candidates = n
        return (picks, counts)
    }

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
