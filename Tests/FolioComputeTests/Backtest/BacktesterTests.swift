import Numerics
import Testing
@testable import FolioCompute

@Suite struct BacktesterTests {
    typealias S = BacktestScenario

    /// Both barriers inside the entry bar: the stop counts first (98 = 100 * 0.98).
    @Test func stopAndTargetInTheSameBar() throws {
        let a = try S.series("AAA", [S.flat(100), (100, 106, 97, 100), S.flat(100), S.flat(100)])
        let run = try S.run([a], [("AAA", 0, 0.9)], S.configuration())
        try #require(run.trades.count == 1)
        let t = run.trades[0]
        #expect(t.exitReason == .lower)
        #expect(t.entryPrice == 100 && t.exitPrice == 98)
        #expect(t.entryIndex == 1 && t.exitIndex == 1 && t.barsHeld == 1)
        #expect(t.size == 50)  // 0.5 * 10,000 / 100
        #expect(t.netPnl == -100 && t.grossPnl == -100)
        #expect(run.equity.equity == [10_000, 9_900, 9_900, 9_900])
        #expect(run.finalEquity == 9_900)
    }

    /// A bar that opens below the stop fills at its open, not at the stop; one that opens
    /// above the target fills at its open too.
    @Test func gapsFillAtTheOpen() throws {
        let down = try S.series("AAA", [S.flat(100), (100, 101, 99.5, 100), (95, 96, 94, 95), S.flat(95)])
        let up = try S.series("BBB", [S.flat(100), (100, 101, 99.5, 100), (110, 111, 109, 110), S.flat(110)])
        let run = try S.run([down, up], [("AAA", 0, 0.9), ("BBB", 0, 0.8)], S.configuration())
        try #require(run.trades.count == 2)
        let a = run.trades[0], b = run.trades[1]
        #expect(a.symbol == "AAA" && a.exitReason == .lower && a.exitPrice == 95 && a.exitIndex == 2)
        #expect(b.symbol == "BBB" && b.exitReason == .upper && b.exitPrice == 110 && b.exitIndex == 2)
        // Both sized from the same decision equity: 5,000 each, AAA first (higher p).
        #expect(a.notional == 5_000 && b.notional == 5_000)
        #expect(a.netPnl == -250 && b.netPnl == 500)
        #expect(run.equity.equity == [10_000, 10_000, 10_250, 10_250])
    }

    /// Commission 10 bps and slippage 20 bps per side, one round trip ending at the
    /// horizon, checked against the cash computed by hand:
    /// entry fill 100 * 1.002 = 100.2, notional 5,000, commission 5;
    /// exit fill 101 * 0.998 = 100.798, proceeds 5,000 * 100.798 / 100.2, commission 0.1%.
    @Test func costsOfOneRoundTrip() throws {
        let a = try S.series("AAA", [S.flat(100), (100, 100.5, 99.5, 100.5), (100.5, 101, 100, 101), S.flat(101)])
        let costs = BacktestConfiguration.Costs(commissionBps: 10, slippageBps: 20)
        let run = try S.run([a], [("AAA", 0, 0.9)], S.configuration(horizon: 2, costs: costs))
        try #require(run.trades.count == 1)
        let t = run.trades[0]
        #expect(t.exitReason == .horizon && t.exitIndex == 2)
        let proceeds = 5_000 * 100.798 / 100.2
        let expectedCash = 10_000 - 5_000 * 1.001 + proceeds * 0.999
        #expect(expectedCash.isApproximatelyEqual(to: 10_019.810479041917, relativeTolerance: 1e-12))
        #expect(run.finalEquity.isApproximatelyEqual(to: expectedCash, relativeTolerance: 1e-12))
        #expect(t.entryPrice.isApproximatelyEqual(to: 100.2, relativeTolerance: 1e-15))
        #expect(t.exitPrice.isApproximatelyEqual(to: 100.798, relativeTolerance: 1e-15))
        #expect(t.commission.isApproximatelyEqual(to: 5 + proceeds * 0.001, relativeTolerance: 1e-12))
        let size = 5_000 / 100.2
        #expect(t.slippage.isApproximatelyEqual(to: size * (0.2 + 0.202), relativeTolerance: 1e-9))
        #expect(t.grossPnl.isApproximatelyEqual(to: size * 1, relativeTolerance: 1e-12))
        #expect(t.netPnl.isApproximatelyEqual(to: expectedCash - 10_000, relativeTolerance: 1e-12))
        #expect((t.grossPnl - t.netPnl).isApproximatelyEqual(to: t.commission + t.slippage, relativeTolerance: 1e-9))
        // backtesting.py's pl_pct: exit / entry - 1 - commission / (size * entry).
        #expect(t.returnFraction.isApproximatelyEqual(to: 100.798 / 100.2 - 1 - t.commission / 5_000,
                                                      relativeTolerance: 1e-12))
        #expect(run.commission == t.commission && run.slippage == t.slippage)
        // Marked at the close in between: cash 4,995 plus 5,000 / 100.2 units at 100.5.
        #expect(run.equity.equity[1].isApproximatelyEqual(to: 4_995 + size * 100.5, relativeTolerance: 1e-12))
    }

    /// K = 2, four candidates at the same bar: the highest probability takes a slot, the
    /// last slot goes to one of the two equal probabilities by the seeded draw, never to
    /// the lower one.
    @Test(arguments: [UInt64(0), 1, 2, 3])
    func slotLimitTakesHigherProbabilitiesFirst(seed: UInt64) throws {
        let bars = [S.flat(100), S.flat(100), S.flat(100), S.flat(100)]
        let series = try ["DDD", "CCC", "BBB", "AAA"].map { try S.series($0, bars) }
        var configuration = S.configuration(maxPositions: 2)
        configuration.sizing = .equityFraction(0.25)
        configuration.seed = seed
        let run = try S.run(series, [("CCC", 0, 0.8), ("AAA", 0, 0.8), ("DDD", 0, 0.7), ("BBB", 0, 0.9)],
                            configuration)
        #expect(run.trades.count == 2)
        #expect(run.trades.contains { $0.symbol == "BBB" } && !run.trades.contains { $0.symbol == "DDD" })
        #expect(run.signals.entered == 2 && run.signals.noSlot == 2)
        // CCC or AAA lost the tie; DDD lost on probability.
        #expect(run.signals.lostTie == 1)
        #expect(run.signals.symbolsWithCandidates == 4)
    }

    /// A slot freed during a bar is free at the next bar, not at the same bar's open.
    @Test func slotFreedByAnExitIsFreeFromTheNextBar() throws {
        let a = try S.series("AAA", [S.flat(100), (100, 100, 97, 100), S.flat(100), S.flat(100), S.flat(100)])
        let b = try S.series("BBB", [S.flat(50), S.flat(50), S.flat(50), S.flat(50), S.flat(50)])
        let run = try S.run([a, b], [("AAA", 0, 0.9), ("BBB", 0, 0.8), ("BBB", 1, 0.8), ("BBB", 2, 0.8)],
                            S.configuration(maxPositions: 1))
        // AAA stops out during bar 1; BBB's signal at bar 0 (entry at bar 1) finds no slot,
        // its signal at bar 1 enters at bar 2, the one at bar 2 finds BBB in a position.
        #expect(run.trades.map(\.symbol) == ["AAA", "BBB"])
        #expect(run.trades[1].entryIndex == 2)
        #expect(run.signals.noSlot == 1 && run.signals.inPosition == 1 && run.signals.entered == 2)
    }

    /// Signals while the symbol is in a position are skipped, including at the bar it exits;
    /// the next bar's entry is taken.
    @Test func skipsWhileInPosition() throws {
        let a = try S.series("AAA", (0..<10).map { _ in S.flat(100) })
        // Horizon 3: entered at bar 1, held bars 1...3, exits at bar 3's close.
        let rows: [(String, Int, Double)] = [("AAA", 0, 0.9), ("AAA", 1, 0.9), ("AAA", 2, 0.9), ("AAA", 3, 0.9)]
        let run = try S.run([a], rows, S.configuration(horizon: 3))
        #expect(run.trades.count == 2)
        #expect(run.trades[0].entryIndex == 1 && run.trades[0].exitIndex == 3 && run.trades[0].exitReason == .horizon)
        #expect(run.trades[1].entryIndex == 4 && run.trades[1].exitIndex == 6)
        #expect(run.signals.inPosition == 2 && run.signals.entered == 2)
    }

    /// A trade still open when the data ends exits at the last close (end of data); a
    /// signal at the last bar has no entry bar.
    @Test func endOfData() throws {
        let a = try S.series("AAA", [S.flat(100), S.flat(100), S.flat(101), S.flat(102)])
        let run = try S.run([a], [("AAA", 0, 0.9), ("AAA", 3, 0.9)], S.configuration(horizon: 24))
        try #require(run.trades.count == 1)
        #expect(run.trades[0].exitReason == .endOfData && run.trades[0].exitIndex == 3)
        #expect(run.trades[0].exitPrice == 102)
        #expect(run.signals.noEntryBar == 1)
        #expect(run.finalEquity == 10_000 + 50 * 2)
    }

    /// A period ending before the data: open trades close at the period's last close, or
    /// run to their exit after it with `runToExit`.
    @Test func periodEnd() throws {
        let a = try S.series("AAA", [S.flat(100), S.flat(100), S.flat(101), S.flat(102), S.flat(103), S.flat(104)])
        var configuration = S.configuration(horizon: 4)
        configuration.period = S.start...(S.start + 2 * S.hour)
        let closed = try S.run([a], [("AAA", 0, 0.9), ("AAA", 4, 0.9)], configuration)
        #expect(closed.equity.count == 3)
        #expect(closed.trades.map(\.exitReason) == [.endOfData])
        #expect(closed.trades[0].exitPrice == 101 && closed.trades[0].exitIndex == 2)
        #expect(closed.signals.outsidePeriod == 1)
        configuration.periodEnd = .runToExit
        let ran = try S.run([a], [("AAA", 0, 0.9)], configuration)
        // Held bars 1...4 (horizon 4) without touching 105 or 98: the time exit after the period.
        #expect(ran.trades.map(\.exitReason) == [.horizon])
        #expect(ran.trades[0].exitIndex == 4 && ran.trades[0].exitPrice == 103)
        #expect(ran.equity.count == 5)
    }

    /// Entries are capped at the cash left; below the minimum notional they are skipped.
    @Test func neverSpendsMoreThanTheCash() throws {
        let bars = (0..<6).map { _ in S.flat(100) }
        let series = try ["AAA", "BBB", "CCC"].map { try S.series($0, bars) }
        var configuration = S.configuration(horizon: 4, costs: .init(commissionBps: 10, slippageBps: 0))
        configuration.sizing = .equityFraction(0.6)
        let run = try S.run(series, [("AAA", 0, 0.9), ("BBB", 0, 0.8), ("CCC", 0, 0.7)], configuration)
        // AAA: 6,000 (+6 commission); BBB: capped at 3,994 / 1.001; CCC: nothing left.
        #expect(run.trades.map(\.symbol) == ["AAA", "BBB"])
        #expect(run.trades[1].notional.isApproximatelyEqual(to: 3_994 / 1.001, relativeTolerance: 1e-12))
        #expect(run.signals.noCash == 1)
        #expect(run.equity.equity[1].isApproximatelyEqual(to: 10_000 - 6 - 3_994 / 1.001 * 0.001, relativeTolerance: 1e-12))
    }

    /// Fixed notional sizing.
    @Test func fixedNotional() throws {
        let a = try S.series("AAA", [S.flat(100), S.flat(80), S.flat(80)])
        var configuration = S.configuration(horizon: 1)
        configuration.sizing = .fixedNotional(1_000)
        let run = try S.run([a], [("AAA", 0, 0.9)], configuration)
        #expect(run.trades.first?.size == 12.5)
    }

    /// Rows that match no bar, lie outside the period, or fall below the threshold are
    /// counted; each candidate ends in exactly one outcome.
    @Test func signalAccounting() throws {
        let a = try S.series("AAA", (0..<5).map { _ in S.flat(100) })
        let market = try BacktestMarket(series: [a])
        let positions = try SignalPositions(
            market: market, symbols: ["AAA", "AAA", "ZZZ", "AAA", "AAA"],
            timestamps: [S.start, S.start + 1, S.start, S.start + S.hour, S.start + 4 * S.hour])
        #expect(positions.unmatched == 2)
        let run = try Backtester(market: market).simulate(
            signals: positions, probabilities: [0.9, 0.9, 0.9, .nan, 0.9], configuration: S.configuration())
        let c = run.signals
        #expect(c.rows == 5 && c.unmatched == 2 && c.belowThreshold == 1 && c.candidates == 2)
        #expect(c.entered == 1 && c.noEntryBar == 1)
        #expect(c.entered + c.inPosition + c.noSlot + c.noCash + c.noEntryBar == c.candidates)
    }

    @Test func invalidInputThrows() throws {
        let a = try S.series("AAA", [S.flat(100), S.flat(100)])
        #expect(throws: BacktestError.duplicateSymbol("AAA")) { try BacktestMarket(series: [a, a]) }
        #expect(throws: BacktestError.emptyUniverse) { try BacktestMarket(series: []) }
        #expect(throws: BacktestError.invalidPrice(symbol: "X", index: 1, field: "low")) {
            try PriceSeries(symbol: "X", timestamps: [0, 1], open: [1, 1], high: [1, 1], low: [1, .nan], close: [1, 1])
        }
        #expect(throws: BacktestError.timestampsNotIncreasing(symbol: "X", index: 1)) {
            try PriceSeries(symbol: "X", timestamps: [1, 1], open: [1, 1], high: [1, 1], low: [1, 1], close: [1, 1])
        }
        let market = try BacktestMarket(series: [a])
        #expect(throws: BacktestError.duplicateSignal(symbol: "AAA", timestamp: S.start)) {
            try SignalPositions(market: market, symbols: ["AAA", "AAA"], timestamps: [S.start, S.start])
        }
        let positions = try SignalPositions(market: market, symbols: ["AAA"], timestamps: [S.start])
        let engine = Backtester(market: market)
        #expect(throws: BacktestError.lengthMismatch(what: "signal probabilities", expected: 1, actual: 2)) {
            try engine.simulate(signals: positions, probabilities: [0.1, 0.2], configuration: S.configuration())
        }
        var bad = S.configuration()
        bad.maxPositions = 0
        #expect(throws: BacktestError.self) {
            try engine.simulate(signals: positions, probabilities: [0.9], configuration: bad)
        }
        bad = S.configuration()
        bad.period = (S.start + 10 * S.hour)...(S.start + 20 * S.hour)
        #expect(throws: BacktestError.emptyPeriod) {
            try engine.simulate(signals: positions, probabilities: [0.9], configuration: bad)
        }
    }
}
