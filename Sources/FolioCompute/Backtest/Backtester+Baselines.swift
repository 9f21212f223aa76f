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
        var chosen = [Bool](repeating: false, count: total)
        if n > 0 {
            for j in (total - n)..<total {
                let t = rng.nextInt(below: j + 1)
                if chosen[t] { chosen[j] = true } else { chosen[t] = true }
            }
        }
        var picks: [Candidate] = []
        picks.reserveCapacity(n)
        var s = 0
        for i in 0..<total where chosen[i] {
            while eligibleStart[s + 1] <= i { s += 1 }
            let bar = window.firstBar[s] + (i - eligibleStart[s])
            picks.append(Candidate(entryStep: market.step[bar + 1], symbol: Int32(s), signalBar: Int32(bar),
                                   probability: rng.nextUniform()))
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
    func buyAndHold(configuration: BacktestConfiguration, costs: BacktestConfiguration.Costs,
                    window: Window) throws(BacktestError) -> BacktestRun {
        let rate = costs.commissionBps / 10_000, slip = costs.slippageBps / 10_000
        let held = (0..<market.symbolCount).filter { window.firstBar[$0] <= window.lastBar[$0] }
        let allocation = configuration.initialCash / Double(held.count)
        let notional = allocation / (1 + rate)
        let byEntry = held.sorted { a, b in
            let x = market.step[window.firstBar[a]], y = market.step[window.firstBar[b]]
            return x != y ? x < y : a < b
        }
        struct Holding { var symbol: Int; var cursor: Int; var size: Double; var fill: Double; var commission: Double }
        var holdings: [Holding] = []
        holdings.reserveCapacity(held.count)
        var cash = configuration.initialCash
        var next = 0
        var equity: [Double] = []
        equity.reserveCapacity(window.stepCount)
        var trades: [BacktestTrade] = []
        let step = market.step, close = market.close
        for g in window.first...window.last {
            while next < byEntry.count, Int(step[window.firstBar[byEntry[next]]]) == g {
                let s = byEntry[next]
                let bar = window.firstBar[s]
                let fill = market.open[bar] * (1 + slip)
                let commission = notional * rate
                cash -= notional + commission
                holdings.append(Holding(symbol: s, cursor: bar, size: notional / fill, fill: fill, commission: commission))
                next += 1
            }
            var value = cash
            var i = 0
            while i < holdings.count {
                let s = holdings[i].symbol
                var cursor = holdings[i].cursor
                while cursor < window.lastBar[s], Int(step[cursor + 1]) <= g { cursor += 1 }
                holdings[i].cursor = cursor
                let h = holdings[i]
                if cursor == window.lastBar[s], Int(step[cursor]) == g {
                    let level = close[cursor]
                    let exitFill = level * (1 - slip)
                    let proceeds = h.size * exitFill
                    let exitCommission = proceeds * rate
                    cash += proceeds - exitCommission
                    value += proceeds - exitCommission
                    let firstBar = window.firstBar[s]
                    let commission = h.commission + exitCommission
                    trades.append(BacktestTrade(
                        symbol: market.symbols[s], probability: .nan, signalTime: market.times[firstBar],
                        entryTime: market.times[firstBar], exitTime: market.times[cursor],
                        entryIndex: Int(step[firstBar]) - window.first, exitIndex: g - window.first,
                        barsHeld: cursor - firstBar + 1, entryOpen: market.open[firstBar], entryPrice: h.fill,
                        exitLevel: level, exitPrice: exitFill, size: h.size, notional: notional,
                        commission: commission,
                        slippage: h.size * (h.fill - market.open[firstBar]) + h.size * (level - exitFill),
                        grossPnl: h.size * (level - market.open[firstBar]),
                        netPnl: (proceeds - exitCommission) - (notional + h.commission),
                        returnFraction: exitFill / h.fill - 1 - commission / notional, exitReason: .endOfData))
                    holdings.swapAt(i, holdings.count - 1)
                    holdings.removeLast()
                    continue
                }
                value += h.size * close[cursor]
                i += 1
            }
            equity.append(value)
        }
        trades.sort { a, b in a.entryIndex != b.entryIndex ? a.entryIndex < b.entryIndex : a.symbol < b.symbol }
        let timestamps = Array(market.timeline[window.first...window.last])
        return try Backtester.assemble(trades: trades, timestamps: timestamps, equity: equity,
                                       counts: SignalCounts(), configuration: configuration)
    }
}
