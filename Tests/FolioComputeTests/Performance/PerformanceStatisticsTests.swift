import Numerics
import Testing
@testable import FolioCompute

@Suite struct PerformanceStatisticsTests {
    static let ownCases = [
        "backtest/performance/eurusd_hourly_smacross",
        "backtest/performance/synthetic_24x7_hourly_smacross",
        "backtest/performance/goog_weekly_smacross",
        "backtest/performance/btcusd_monthly_smacross",
        "backtest/performance/goog_daily_idle",
    ]

    static func check(_ stats: PerformanceStatistics, against expected: [String: Double],
                      sourceLocation: SourceLocation = #_sourceLocation) {
        for (key, value) in stats.entries {
            guard let want = expected[key] else {
                Issue.record("no expected value for \(key)", sourceLocation: sourceLocation)
                continue
            }
            if want.isNaN {
                #expect(value.isNaN, "\(key): expected NaN, got \(value)", sourceLocation: sourceLocation)
            } else {
                #expect(value.isApproximatelyEqual(to: want, relativeTolerance: 1e-9),
                        "\(key): expected \(want), got \(value)", sourceLocation: sourceLocation)
            }
        }
    }

    /// Reference: `reference/performance/goog_daily_smacross`, backtesting.py's own
    /// SmaCross example on GOOG daily. The trade list has no bar indices: they are derived
    /// from the entry and exit times.
    @Test func matchesReferenceCase() throws {
        let fixture = try PerformanceFixture("reference/performance/goog_daily_smacross")
        #expect(fixture.trades.allSatisfy { $0.entryIndex == nil })
        let stats = try PerformanceStatistics(equity: fixture.curve, trades: fixture.trades)
        #expect(stats.annualization.periodsPerYear == 252)
        #expect(stats.annualization.resampling == .daily)
        Self.check(stats, against: fixture.expected)
    }

    /// Own fixtures written by `Fixtures/backtest/generate.py` with backtesting.py 0.6.6:
    /// intraday resampling (252 and 365 days a year), weekly and monthly bars, no trades.
    @Test(arguments: ownCases)
    func matchesBacktestingPy(folder: String) throws {
        let fixture = try PerformanceFixture(folder)
        let stats = try PerformanceStatistics(equity: fixture.curve, trades: fixture.trades)
        #expect(Double(stats.annualization.periodsPerYear) == fixture.expected["annual_trading_days"])
        #expect(stats.equityFinal.isApproximatelyEqual(to: fixture.expected["equity_final"]!, relativeTolerance: 1e-12))
        #expect(stats.equityPeak.isApproximatelyEqual(to: fixture.expected["equity_peak"]!, relativeTolerance: 1e-12))
        Self.check(stats, against: fixture.expected)
    }

    /// Deriving bar indices from times gives the same exposure as backtesting.py's bars.
    @Test(arguments: ownCases)
    func barIndicesFromTimes(folder: String) throws {
        let withBars = try PerformanceFixture(folder)
        let fromTimes = try PerformanceFixture(folder, withBarIndices: false)
        let a = try PerformanceStatistics(equity: withBars.curve, trades: withBars.trades)
        let b = try PerformanceStatistics(equity: fromTimes.curve, trades: fromTimes.trades)
        #expect(a.exposurePct == b.exposurePct)
    }

    @Test func annualizationPaths() {
        let hour: Int64 = 3_600, day: Int64 = 86_400
        // 2024-01-01 is a Monday (day 19723).
        let monday = 19_723 * day
        let weekdaysHourly = (0..<(24 * 14)).map { monday + Int64($0) * hour }
            .filter { Annualization.weekday(ofDay: Annualization.day(of: $0)) < 5 }
        let a = Annualization(timestamps: weekdaysHourly)
        #expect(a.periodsPerYear == 252 && a.resampling == .daily && a.durationResolutionSeconds == 3_600)
        let allHours = Annualization(timestamps: (0..<(24 * 14)).map { monday + Int64($0) * hour })
        #expect(allHours.periodsPerYear == 365)
        let weekly = Annualization(timestamps: (0..<30).map { monday + Int64($0) * 7 * day })
        #expect(weekly.periodsPerYear == 52 && weekly.resampling == .weekly)
        let single = Annualization(timestamps: [monday])
        #expect(single.periodSeconds.isNaN && single.resampling == .daily)
        // Calendar: 2024-02-29 and 1969-12-31.
        #expect(Annualization.civil(fromDay: 19_782) == (2024, 2, 29))
        #expect(Annualization.civil(fromDay: -1) == (1969, 12, 31))
        #expect(Annualization.weekday(ofDay: 0) == 3)  // Thursday
    }

    /// Drawdown episodes follow backtesting.py's rule, including one still open at the end.
    @Test func drawdownEpisodes() throws {
        let curve = try EquityCurve(timestamps: (0..<8).map { Int64($0) * 86_400 },
                                    equity: [100, 90, 95, 100, 110, 99, 88, 105])
        let dd = Drawdown(curve: curve)
        #expect(dd.episodes.count == 2)
        #expect(dd.episodes[0].start == 0 && dd.episodes[0].end == 3)
        #expect(dd.episodes[0].depth.isApproximatelyEqual(to: 0.1, relativeTolerance: 1e-12))
        #expect(dd.episodes[1].start == 4 && dd.episodes[1].end == 7)
        #expect(dd.episodes[1].depth.isApproximatelyEqual(to: 0.2, relativeTolerance: 1e-12))
        let stats = try PerformanceStatistics(equity: curve, trades: [])
        #expect(stats.maxDrawdownPct.isApproximatelyEqual(to: -20, relativeTolerance: 1e-12))
        #expect(stats.avgDrawdownPct.isApproximatelyEqual(to: -15, relativeTolerance: 1e-12))
        #expect(stats.maxDrawdownDuration == 3 && stats.avgDrawdownDuration == 3)
        #expect(stats.trades == 0 && stats.winRatePct.isNaN && stats.sqn.isNaN)
        #expect(stats.profitFactor.isNaN && stats.avgTradePct.isNaN && stats.expectancyPct.isNaN)
    }

    @Test func entriesAreOrderedByKeys() throws {
        let curve = try EquityCurve(timestamps: [0, 86_400], equity: [1, 2])
        let stats = try PerformanceStatistics(equity: curve, trades: [])
        #expect(stats.entries.map(\.key) == PerformanceStatistics.keys)
        #expect(stats["return_pct"] == 100)
        #expect(stats["nope"] == nil)
    }

    @Test func invalidInputThrows() throws {
        #expect(throws: PerformanceError.emptyEquity) { try EquityCurve(timestamps: [], equity: []) }
        #expect(throws: PerformanceError.lengthMismatch(what: "equity curve", expected: 2, actual: 1)) {
            try EquityCurve(timestamps: [0, 1], equity: [1])
        }
        #expect(throws: PerformanceError.timestampsNotIncreasing(index: 1)) {
            try EquityCurve(timestamps: [5, 5], equity: [1, 1])
        }
        #expect(throws: PerformanceError.nonFiniteEquity(index: 1)) {
            try EquityCurve(timestamps: [0, 1], equity: [1, .nan])
        }
        let curve = try EquityCurve(timestamps: [100, 200, 300], equity: [1, 1, 1])
        let early = PerformanceTrade(entryTime: 50, exitTime: 200, entryPrice: 1, exitPrice: 1,
                                     size: 1, pnl: 0, returnFraction: 0)
        #expect(throws: PerformanceError.tradeOutsideCurve(index: 0)) {
            try PerformanceStatistics(equity: curve, trades: [early])
        }
        let backwards = PerformanceTrade(entryTime: 300, exitTime: 100, entryPrice: 1, exitPrice: 1,
                                         size: 1, pnl: 0, returnFraction: 0)
        #expect(throws: PerformanceError.tradeExitBeforeEntry(index: 0)) {
            try PerformanceStatistics(equity: curve, trades: [backwards])
        }
        let nan = PerformanceTrade(entryTime: 100, exitTime: 200, entryPrice: 1, exitPrice: 1,
                                   size: 1, pnl: .nan, returnFraction: 0)
        #expect(throws: PerformanceError.nonFiniteTrade(index: 0, field: "pnl")) {
            try PerformanceStatistics(equity: curve, trades: [nan])
        }
        #expect(throws: PerformanceError.invalidRiskFreeRate(1)) {
            try PerformanceStatistics(equity: curve, trades: [], riskFreeRate: 1)
        }
    }
}
