extension Backtester {
    /// Builds a run from its trades and equity: statistics, per-symbol and per-exit
    /// breakdowns, totals.
    static func assemble(trades: [BacktestTrade], timestamps: [Int64], equity: [Double], counts: SignalCounts,
                         configuration: BacktestConfiguration) throws(BacktestError) -> BacktestRun {
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
            symbols: symbolSummaries(trades, initialCash: configuration.initialCash),
            exits: exitSummaries(trades), signals: counts, initialCash: configuration.initialCash,
            finalEquity: equity.last ?? configuration.initialCash, grossPnl: grossPnl, netPnl: netPnl,
            commission: commission, slippage: slippage)
    }

    static func symbolSummaries(_ trades: [BacktestTrade], initialCash: Double) -> [SymbolSummary] {
        let order = trades.indices.sorted { trades[$0].symbol < trades[$1].symbol || (trades[$0].symbol == trades[$1].symbol && $0 < $1) }
        var out: [SymbolSummary] = []
        var i = 0
        while i < order.count {
            let symbol = trades[order[i]].symbol
            var summary = SymbolSummary(symbol: symbol, trades: 0, wins: 0, winRatePct: 0, netPnl: 0, grossPnl: 0,
                                        commission: 0, slippage: 0, contributionPct: 0, avgReturnPct: 0)
            var returnSum = 0.0
            while i < order.count, trades[order[i]].symbol == symbol {
                let t = trades[order[i]]
                summary.trades += 1
                if t.netPnl > 0 { summary.wins += 1 }
                summary.netPnl += t.netPnl
                summary.grossPnl += t.grossPnl
                summary.commission += t.commission
                summary.slippage += t.slippage
                returnSum += t.returnFraction
                i += 1
            }
            summary.winRatePct = Double(summary.wins) / Double(summary.trades) * 100
            summary.contributionPct = summary.netPnl / initialCash * 100
            summary.avgReturnPct = returnSum / Double(summary.trades) * 100
            out.append(summary)
        }
        return out
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
