import Numerics
import Testing
@testable import FolioCompute

/// Properties of the engine on seeded synthetic markets, checked against brute-force
/// recomputations written independently of the engine.
@Suite struct BacktestInvariantTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var seed: UInt64
        var configuration: BacktestConfiguration
        var testDescription: String { "seed \(seed), K \(configuration.maxPositions), \(configuration.periodEnd)" }
    }

    static let cases: [Case] = {
        let start: Int64 = 1_704_067_200
        var a = BacktestConfiguration(threshold: 0.8, maxPositions: 3, sizing: .equityFraction(0.3),
                                      costs: .init(commissionBps: 10, slippageBps: 5),
                                      exits: BarrierSpec(up: 0.03, down: 0.02, horizon: 12), randomDraws: 0)
        var b = a
        b.maxPositions = 8
        b.sizing = .fixedNotional(20_000)
        b.period = (start + 3 * 86_400)...(start + 12 * 86_400 + 15 * 3_600)
        var c = b
        c.periodEnd = .runToExit
        c.costs = .init(commissionBps: 25, slippageBps: 40)
        a.threshold = 0.7
        return [Case(seed: 1, configuration: a), Case(seed: 2, configuration: b), Case(seed: 3, configuration: c)]
    }()

    static func lastClose(_ series: PriceSeries, atOrBefore time: Int64) -> Double? {
        var best: Double? = nil
        for (i, t) in series.timestamps.enumerated() where t <= time { best = series.close[i] }
        return best
    }

    @Test(arguments: cases)
    func cashAndEquityAreConsistent(_ c: Case) throws {
        let data = try SyntheticMarket(equities: 6, days: 16, seed: c.seed)
        let market = try BacktestMarket(series: data.series)
        let positions = try SignalPositions(market: market, symbols: data.symbols, timestamps: data.timestamps)
        let config = c.configuration
        let run = try Backtester(market: market).simulate(signals: positions, probabilities: data.probabilities[0],
                                                          configuration: config)
        let trades = run.trades
        #expect(trades.count > 10)
        #expect(Set(trades.map(\.exitReason)).isSuperset(of: [.upper, .lower, .horizon]))
        let rate = config.costs.commissionBps / 10_000
        let bySymbol = Dictionary(uniqueKeysWithValues: data.series.map { ($0.symbol, $0) })

        // Final equity = initial cash + sum of net profits.
        let netSum = trades.reduce(0) { $0 + $1.netPnl }
        #expect(run.finalEquity.isApproximatelyEqual(to: config.initialCash + netSum, relativeTolerance: 1e-9))
        #expect(run.netPnl.isApproximatelyEqual(to: netSum, relativeTolerance: 1e-9))
        #expect((run.grossPnl - run.netPnl).isApproximatelyEqual(to: run.commission + run.slippage, relativeTolerance: 1e-9))

        // Every equity point recomputed from the trades: closed profits plus open positions at
        // their symbol's last close, less what they cost.
        for (i, time) in run.equity.timestamps.enumerated() {
            var expected = config.initialCash
            var cashAfterEntries = config.initialCash
            var open = 0
            for t in trades {
                if t.exitIndex < i { cashAfterEntries += t.netPnl }
                if t.entryIndex <= i, t.exitIndex >= i {
                    open += 1
                    cashAfterEntries -= t.notional * (1 + rate)
                }
                if t.exitIndex <= i { expected += t.netPnl; continue }
                if t.entryIndex <= i {
                    let mark = try #require(Self.lastClose(bySymbol[t.symbol]!, atOrBefore: time))
                    expected += t.size * mark - t.notional * (1 + rate)
                }
            }
            #expect(run.equity.equity[i].isApproximatelyEqual(to: expected, relativeTolerance: 1e-9), "step \(i)")
            #expect(open <= config.maxPositions, "step \(i)")
            #expect(cashAfterEntries >= -1e-9 * config.initialCash, "cash at step \(i)")
        }

        // One position per symbol; entries at the bar after the signal.
        for symbol in Set(trades.map(\.symbol)) {
            let own = trades.filter { $0.symbol == symbol }
            for (x, y) in zip(own, own.dropFirst()) { #expect(y.entryIndex > x.exitIndex) }
            let series = bySymbol[symbol]!
            for t in own {
                let signal = try #require(series.timestamps.firstIndex(of: t.signalTime))
                #expect(series.timestamps[signal + 1] == t.entryTime)
                #expect(t.probability >= config.threshold)
            }
        }

        // Exits re-derived bar by bar from the barrier rules.
        let slip = config.costs.slippageBps / 10_000
        for t in trades {
            let series = bySymbol[t.symbol]!
            let e = series.timestamps.firstIndex(of: t.entryTime)!
            let x = series.timestamps.firstIndex(of: t.exitTime)!
            #expect(t.entryPrice.isApproximatelyEqual(to: series.open[e] * (1 + slip), relativeTolerance: 1e-12))
            let upper = t.entryPrice * (1 + config.exits.up), lower = t.entryPrice * (1 - config.exits.down)
            for b in e..<x {
                #expect(series.low[b] > lower && series.high[b] < upper && series.open[b] > lower)
            }
            switch t.exitReason {
            case .lower:
                #expect(t.exitLevel == min(series.open[x], lower))
            case .upper:
                #expect(series.low[x] > lower)
                #expect(t.exitLevel == max(series.open[x], upper))
            case .horizon:
                #expect(x - e + 1 == config.exits.horizon && t.exitLevel == series.close[x])
            case .endOfData:
                #expect(x - e + 1 < config.exits.horizon || config.periodEnd == .close)
                #expect(t.exitLevel == series.close[x])
            }
            #expect(t.exitPrice.isApproximatelyEqual(to: t.exitLevel * (1 - slip), relativeTolerance: 1e-12))
        }

        // Signal accounting and statistics.
        let s = run.signals
        #expect(s.rows == data.symbols.count)
        #expect(s.unmatched + s.outsidePeriod + s.belowThreshold + s.candidates == s.rows)
        #expect(s.entered + s.inPosition + s.noSlot + s.noCash + s.noEntryBar == s.candidates)
        #expect(s.entered == trades.count)
        #expect(run.statistics.trades == trades.count)
        #expect(run.statistics.returnPct.isApproximatelyEqual(
            to: (run.finalEquity - config.initialCash) / config.initialCash * 100, relativeTolerance: 1e-9))
        let contributions = run.symbols.reduce(0) { $0 + $1.contributionPct }
        #expect(contributions.isApproximatelyEqual(to: run.statistics.returnPct, relativeTolerance: 1e-9))
        #expect(run.exits.reduce(0) { $0 + $1.trades } == trades.count)
        #expect(run.symbols.map(\.symbol) == run.symbols.map(\.symbol).sorted())
    }

    /// With zero costs the gross run is the net run.
    @Test func grossEqualsNetWithoutCosts() throws {
        let data = try SyntheticMarket(equities: 4, days: 10, seed: 9)
        let market = try BacktestMarket(series: data.series)
        let positions = try SignalPositions(market: market, symbols: data.symbols, timestamps: data.timestamps)
        var config = Self.cases[0].configuration
        config.costs = .zero
        config.randomDraws = 2
        let report = try Backtester(market: market).run(signals: positions, probabilities: data.probabilities[0],
                                                        configuration: config)
        #expect(report.net.trades == report.gross.trades)
        #expect(report.net.equity == report.gross.equity)
        #expect(report.net.commission == 0 && report.net.slippage == 0)
    }

    /// The random baseline is a function of the seed.
    @Test func randomBaselineIsDeterministic() throws {
        let data = try SyntheticMarket(equities: 5, days: 12, seed: 4)
        let market = try BacktestMarket(series: data.series)
        let positions = try SignalPositions(market: market, symbols: data.symbols, timestamps: data.timestamps)
        var config = Self.cases[0].configuration
        config.randomDraws = 3
        config.seed = 42
        let engine = Backtester(market: market)
        let first = try engine.run(signals: positions, probabilities: data.probabilities[0], configuration: config)
        let again = try engine.run(signals: positions, probabilities: data.probabilities[0], configuration: config)
        config.seed = 43
        let other = try engine.run(signals: positions, probabilities: data.probabilities[0], configuration: config)
        func fingerprint(_ r: BacktestReport) -> [[String]] {
            r.randomNet.runs.map { $0.trades.map { "\($0.symbol)@\($0.entryTime)" } }
        }
        #expect(first.randomNet.runs.count == 3 && first.randomGross.runs.count == 3)
        #expect(fingerprint(first) == fingerprint(again))
        #expect(first.randomNet.runs.map(\.finalEquity) == again.randomNet.runs.map(\.finalEquity))
        #expect(fingerprint(first) != fingerprint(other))
        // Different draws differ from each other, and each asked for as many entries as the model took.
        #expect(Set(fingerprint(first)).count == 3)
        for run in first.randomNet.runs {
            #expect(run.signals.rows == first.net.trades.count)
            #expect(run.trades.count <= first.net.trades.count)
        }
        // The gross draws use the same random signals.
        #expect(first.randomGross.runs.map(\.signals.rows) == first.randomNet.runs.map(\.signals.rows))
        for stat in first.randomNet.statistics where stat.count > 0 {
            #expect(stat.min <= stat.median && stat.median <= stat.max)
        }
    }

    /// Buy-and-hold by hand: 5,000 in each symbol; BBB starts one bar later.
    @Test func buyAndHoldByHand() throws {
        typealias S = BacktestScenario
        let a = try S.series("AAA", [S.flat(100), S.flat(104), S.flat(110)])
        let b = try S.series("BBB", [S.flat(50), S.flat(40)], offset: 1)
        let market = try BacktestMarket(series: [a, b])
        var config = S.configuration()
        config.costs = .zero
        let run = try Backtester(market: market).buyAndHold(configuration: config)
        // Step 0: AAA 50 units at 100, 5,000 cash. Step 1: BBB 100 units at 50. Step 2: 50*110 + 100*40.
        let byHand: [Double] = [10_000, 50 * 104 + 5_000, 50 * 110 + 100 * 40]
        #expect(zip(run.equity.equity, byHand).allSatisfy { $0.isApproximatelyEqual(to: $1, relativeTolerance: 1e-12) })
        #expect(run.finalEquity == 9_500)
        #expect(run.trades.map(\.symbol) == ["AAA", "BBB"])
        #expect(run.trades.map(\.netPnl) == [500, -1_000])
        #expect(run.trades.allSatisfy { $0.exitReason == .endOfData })
        config.costs = .init(commissionBps: 10, slippageBps: 10)
        let net = try Backtester(market: market).buyAndHold(configuration: config)
        let units: Double = 5_000 / 1.001 / 100.1
        let unitsB: Double = 5_000 / 1.001 / 50.05
        let proceedsA: Double = units * (110 * 0.999) * 0.999
        let proceedsB: Double = unitsB * (40 * 0.999) * 0.999
        let expected = proceedsA + proceedsB
        #expect(net.finalEquity.isApproximatelyEqual(to: expected, relativeTolerance: 1e-12))
    }

    /// Baseline spread: NaN draws are left out; an even count takes the mean of the middle two.
    @Test func baselineStatisticSummary() {
        let s = BaselineSummary.summarize(key: "sharpe", [3, .nan, 1, 2, 10])
        #expect(s.median == 2.5 && s.min == 1 && s.max == 10 && s.count == 4)
        let odd = BaselineSummary.summarize(key: "sharpe", [5, 1, 3])
        #expect(odd.median == 3)
        let none = BaselineSummary.summarize(key: "sharpe", [.nan])
        #expect(none.median.isNaN && none.min.isNaN && none.count == 0)
    }
}
