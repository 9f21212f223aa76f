import Numerics
import Testing
@testable import FolioCompute

/// The random baseline has the model's turnover: as many trades, held as long.
@Suite struct RandomBaselineTests {
    static func report(maxPositions: Int, threshold: Double, seed: UInt64 = 11) throws -> BacktestReport {
        let data = try SyntheticMarket(equities: 10, days: 30, seed: seed)
        let market = try BacktestMarket(series: data.series)
        let positions = try SignalPositions(market: market, symbols: data.symbols, timestamps: data.timestamps)
        let config = BacktestConfiguration(threshold: threshold, maxPositions: maxPositions, sizing: .equityFraction(0.05),
                                           costs: .init(commissionBps: 10, slippageBps: 5),
                                           exits: BarrierSpec(up: 0.03, down: 0.02, horizon: 12), randomDraws: 4, seed: seed)
        return try Backtester(market: market).run(signals: positions, probabilities: data.probabilities[0], configuration: config)
    }

    /// Slots that do not bind: every draw makes exactly the model's trades, with the same
    /// multiset of holding periods (so the same mean), net and gross alike.
    @Test(arguments: [UInt64(11), 12])
    func sameTradeCountAndHolding(seed: UInt64) throws {
        let report = try Self.report(maxPositions: 10, threshold: 0.9, seed: seed)
        let model = report.net.trades
        try #require(model.count > 20)
        let holding = model.map(\.barsHeld).sorted()
        let mean = Double(holding.reduce(0, +)) / Double(holding.count)
        for run in report.randomNet.runs + report.randomGross.runs {
            #expect(run.trades.count == model.count)
            #expect(run.trades.map(\.barsHeld).sorted() == holding)
            let m = Double(run.trades.map(\.barsHeld).reduce(0, +)) / Double(run.trades.count)
            #expect(m.isApproximatelyEqual(to: mean, relativeTolerance: 1e-12))
            // Scheduled so that the engine never skips one.
            #expect(run.signals.noSlot == 0 && run.signals.inPosition == 0 && run.signals.noCash == 0)
            #expect(run.trades.allSatisfy { $0.exitReason == .horizon })
        }
        // The draws differ from each other.
        #expect(Set(report.randomNet.runs.map { $0.trades.map { "\($0.symbol)@\($0.entryTime)" } }).count == 4)
    }

    /// One slot, many signals: the schedule never breaks the slot limit; a trade that cannot
    /// be placed is dropped, so the count may fall short, never exceed.
    @Test func bindingSlotsNeverOverfill() throws {
        let report = try Self.report(maxPositions: 1, threshold: 0.5)
        let model = report.net.trades.count
        try #require(model > 10)
        for run in report.randomNet.runs {
            #expect(run.trades.count <= model)
            #expect(run.signals.noSlot == 0 && run.signals.inPosition == 0)
            let sorted = run.trades.sorted { $0.entryIndex < $1.entryIndex }
            for (a, b) in zip(sorted, sorted.dropFirst()) { #expect(a.exitIndex < b.entryIndex) }
        }
    }
}
