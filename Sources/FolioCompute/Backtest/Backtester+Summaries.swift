extension Backtester {
    /// Builds a run from its trades (in any order) and equity: trades ordered by entry then
    /// symbol, statistics, per-symbol and per-exit breakdowns, totals.
    ///
    /// - Parameter symbols: each trade's symbol index in `market.symbols`.
    static func assemble(trades unordered: [BacktestTrade], symbols: [Int32], timestamps: [Int64],
                         equity: [Double], counts: SignalCounts, configuration: BacktestConfiguration,
                         market: BacktestMarket) throws(BacktestError) -> BacktestRun {
        // Order by (entry index, symbol) with integer keys; a symbol enters at most once per bar.
        let symbolCount = market.symbolCount
        var keyed = unordered.indices.map { (key: unordered[$0].entryIndex * symbolCount + Int(symbols[$0]), index: $0) }
        keyed.sort { $0.key < $1.key }
        let trades = keyed.map { unordered[$0.index] }
        let orderedSymbols = keyed.map { symbols[$0.index] }
        let curve = EquityCurve(unchecked: timestamps, equity: equity)
        let performanceTrades = trades.map {
            PerformanceTrade(entryTime: $0.entryTime, exitTime: $0.exitTime, entryIndex: $0.entryIndex,
                             exitIndex: $0.exitIndex, entryPrice: $0.entryPrice, exitPrice: $0.exitPrice,
                             size: $0.size, pnl: $0.netPnl, returnFraction: $0.returnFraction,
                             commission: $0.commission)
        }
        let statistics: PerformanceStatistics
        do {
            statistics = try PerformanceStatistics(equity: curve, trades: performanceTrades,
                                                   riskFreeRate: configuration.riskFreeRate)
        } catch {
            throw .statistics(error)
        }
        var grossPnl = 0.0, netPnl = 0.0, commission = 0.0, slippage = 0.0
        for t in trades {
            grossPnl += t.grossPnl; netPnl += t.netPnl; commission += t.commission; slippage += t.slippage
        }
        return BacktestRun(
            trades: trades, equity: curve, statistics: statistics,
            symbols: symbolSummaries(trades, symbols: orderedSymbols, market: market,
                                     initialCash: configuration.initialCash),
            exits: exitSummaries(trades), signals: counts, initialCash: configuration.initialCash,
            finalEquity: equity.last ?? configuration.initialCash, grossPnl: grossPnl, netPnl: netPnl,
            commission: commission, slippage: slippage)
    }

    /// Per-symbol totals in symbol order, accumulated by symbol index (no string sorting).
    static func symbolSummaries(_ trades: [BacktestTrade], symbols: [Int32], market: BacktestMarket,
                                initialCash: Double) -> [SymbolSummary] {
        let n = market.symbolCount
        var count = [Int](repeating: 0, count: n), wins = [Int](repeating: 0, count: n)
        var net = [Double](repeating: 0, count: n), gross = [Double](repeating: 0, count: n)
        var commission = [Double](repeating: 0, count: n), slippage = [Double](repeating: 0, count: n)
        var returns = [Double](repeating: 0, count: n)
        for (t, symbol) in zip(trades, symbols) {
            let s = Int(symbol)
            count[s] += 1
            if t.netPnl > 0 { wins[s] += 1 }
            net[s] += t.netPnl
            gross[s] += t.grossPnl
            commission[s] += t.commission
            slippage[s] += t.slippage
            returns[s] += t.returnFraction
        }
        return (0..<n).filter { count[$0] > 0 }.map { s in
            let trades = Double(count[s])
            return SymbolSummary(
                symbol: market.symbols[s], trades: count[s], wins: wins[s], winRatePct: Double(wins[s]) / trades * 100,
                netPnl: net[s], grossPnl: gross[s], commission: commission[s], slippage: slippage[s],
                contributionPct: net[s] / initialCash * 100, avgReturnPct: returns[s] / trades * 100)
        }
    }

    static func exitSummaries(_ trades: [BacktestTrade]) -> [ExitReasonSummary] {
        BarrierOutcome.allCases.map { reason in
            var n = 0, wins = 0, pnl = 0.0, returns = 0.0, bars = 0
            for t in trades where t.exitReason == reason {
                n += 1
                if t.netPnl > 0 { wins += 1 }
                pnl += t.netPnl
                returns += t.returnFraction
                bars += t.barsHeld
            }
            let count = Double(n)
            return ExitReasonSummary(
                reason: reason, trades: n,
                sharePct: trades.isEmpty ? .nan : count / Double(trades.count) * 100,
                winRatePct: n == 0 ? .nan : Double(wins) / count * 100, netPnl: pnl,
                avgReturnPct: n == 0 ? .nan : returns / count * 100,
                avgBarsHeld: n == 0 ? .nan : Double(bars) / count)
        }
    }
}
