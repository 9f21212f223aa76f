import Foundation
import Numerics
import Testing
@testable import FolioCompute

/// The compute behind `label-audit`: locating rows on bars, labels read at rows (shifted),
/// comparisons, window returns, correlations and the look-ahead screen.
@Suite struct LabelAuditComputeTests {
    /// A seeded random walk of `count` closes (open = high = low = close).
    static func walk(_ symbol: String, count: Int, seed: UInt64, start: Int64 = 1_704_067_200) throws -> PriceSeries {
        var rng = SeededGenerator(seed: seed)
        var close = [100.0]
        for _ in 1..<count { close.append(close.last! * (1 + 0.015 * rng.nextNormal())) }
        let times = (0..<count).map { start + Int64($0) * 3_600 }
        return try PriceSeries(symbol: symbol, timestamps: times, open: close, high: close, low: close, close: close)
    }

    @Test func barPositionsLocateRowsAndCountMisses() throws {
        let a = try Self.walk("AAA", count: 10, seed: 1), b = try Self.walk("BBB", count: 5, seed: 2)
        let t0 = a.timestamps[0]
        let symbols = TextColumn(["BBB", "AAA", "ZZZ", "AAA", nil, "BBB"])
        let times = [t0 + 3 * 3_600, t0 + 9 * 3_600, t0, t0 + 1_800, t0, t0 + 5 * 3_600]
        let p = BarPositions(series: [a, b], symbols: symbols, timestamps: times)
        #expect(p.series == [1, 0, -1, 0, -1, 1])
        #expect(p.bar == [3, 9, -1, -1, -1, -1])
        #expect(p.unknownSymbols == 2)
        #expect(p.missingBars == 2)
        #expect(p.matched == 2)
    }

    @Test func seriesLabelsMatchBarrierLabelsAndShift() throws {
        let spec = BarrierSpec(up: 0.03, down: 0.02, horizon: 6)
        let series = [try Self.walk("AAA", count: 300, seed: 3), try Self.walk("BBB", count: 200, seed: 4)]
        let labels = SeriesLabels(series: series, spec: spec)
        for (k, s) in series.enumerated() {
            #expect(labels.labels[k] == barrierLabels(close: s.close, spec: spec).map { $0 ?? -1 })
        }
        // Rows at every bar of BBB, then one unknown row.
        let rows = series[1].timestamps
        let positions = BarPositions(series: series, symbols: TextColumn(rows.map { _ in "BBB" } + ["CCC"]), timestamps: rows + [0])
        let at = labels.labels(at: positions)
        #expect(Array(at.prefix(rows.count)) == labels.labels[1])
        #expect(at.last == -1)
        let shifted = labels.labels(at: positions, shift: -2)
        #expect(shifted[0] == -1 && shifted[1] == -1)
        #expect(shifted[10] == labels.labels[1][8])
        let forward = labels.labels(at: positions, shift: 3)
        #expect(forward[rows.count - 4] == labels.labels[1][rows.count - 1])
        #expect(forward[rows.count - 3] == -1)
    }

    @Test func labelComparisonCountsEveryRowOnce() throws {
        let series = [try Self.walk("AAA", count: 40, seed: 5)]
        let spec = BarrierSpec(up: 0.02, down: 0.02, horizon: 5)
        let labels = SeriesLabels(series: series, spec: spec)
        let t = series[0].timestamps
        // Rows: bars 0...9 (complete), bar 38 (incomplete window), a missing bar, a row without label.
        var times = Array(t[0..<10]) + [t[38], t[0] + 1]
        times.append(t[11])
        let positions = BarPositions(series: series, symbols: TextColumn(times.map { _ in "AAA" }), timestamps: times)
        let recomputed = labels.labels(at: positions)
        var stored = recomputed.map { Double(max($0, 0)) }
        stored[2] = 1 - stored[2]
        stored[7] = 1 - stored[7]
        stored[12] = .nan
        let c = LabelComparison(stored: stored, recomputed: recomputed, positions: positions)
        #expect(c.compared == 10)
        #expect(c.mismatches == [2, 7])
        #expect(c.agreeing == 8)
        #expect(c.incompleteWindow == 1)
        #expect(c.noBar == 1)
        #expect(c.invalidStored == 1)
        #expect(c.agreement == 0.8)
        let subset = LabelComparison(stored: stored, recomputed: recomputed, positions: positions, rows: [0, 1, 2])
        #expect(subset.compared == 3 && subset.mismatches == [2])
    }

    @Test func labelTouchIsTheLabelsWalk() throws {
        let s = try Self.walk("AAA", count: 200, seed: 6)
        let spec = BarrierSpec.contract
        let labels = barrierLabels(close: s.close, spec: spec)
        for t in 0..<(200 - spec.horizon - 1) {
            let hit = try #require(s.labelTouch(at: t, spec: spec))
            #expect((hit.outcome == .upper ? 1 : 0) == labels[t])
            #expect(hit.index > t && hit.index <= t + spec.horizon)
        }
        #expect(s.labelTouch(at: 199, spec: spec) == nil)
        #expect(s.labelTouch(at: -1, spec: spec) == nil)
    }

    /// A labelled winner (closes reach +5% first) that a trade stops out: the bar after the
    /// row dips to the stop intrabar and closes higher.
    @Test func tradeOutcomesTestHighsAndLowsFromTheNextOpen() throws {
        let spec = BarrierSpec(up: 0.05, down: 0.02, horizon: 3)
        let s = try PriceSeries(symbol: "AAA", timestamps: [0, 3_600, 7_200, 10_800, 14_400, 18_000],
                                open: [100, 100, 103, 104, 104, 104], high: [100, 104, 106, 105, 105, 105],
                                low: [100, 97.9, 102, 103, 103, 103], close: [100, 103, 105.5, 104, 104, 104])
        #expect(barrierLabels(close: s.close, spec: spec)[0] == 1)
        let trade = try #require(s.tradeTouch(at: 0, spec: spec))
        #expect(trade.outcome == .lower && trade.index == 1 && trade.price == 98)
        // From bar 1: entry at 103 (bar 2's open); +5% = 108.15 never touched, -2% = 100.94 neither.
        #expect(s.tradeTouch(at: 1, spec: spec)?.outcome == .horizon)
        #expect(s.tradeTouch(at: 5, spec: spec) == nil)
        let positions = BarPositions(series: [s], symbols: TextColumn(["AAA", "AAA", "AAA"]), timestamps: [0, 3_600, 10_800])
        #expect(tradeOutcomes(series: [s], positions: positions, spec: spec) == [0, 0, -1])
    }

    @Test func windowReturnsAreLogReturnsAroundTheRow() throws {
        let s = try Self.walk("AAA", count: 30, seed: 7)
        let t = s.timestamps
        let positions = BarPositions(series: [s], symbols: TextColumn(["AAA", "AAA", "AAA", "BBB"]), timestamps: [t[2], t[10], t[27], t[0]])
        let forward = WindowReturns.forward(series: [s], positions: positions, bars: 5)
        let backward = WindowReturns.backward(series: [s], positions: positions, bars: 5)
        #expect(forward[0] == log(s.close[7] / s.close[2]))
        #expect(forward[1] == log(s.close[15] / s.close[10]))
        #expect(forward[2].isNaN && forward[3].isNaN)
        #expect(backward[0].isNaN && backward[3].isNaN)
        #expect(backward[1] == log(s.close[10] / s.close[5]))
        #expect(backward[2] == log(s.close[27] / s.close[22]))
    }

    /// `scipy.stats.pearsonr([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])` = 0.7745966692414834.
    @Test func pearsonMatchesScipyAndSkipsMissingPairs() {
        let r = Correlation.pearson([1, 2, 3, 4, 5, .nan, 7], [2, 4, 5, 4, 5, 9, .nan])
        #expect(r.count == 5)
        #expect(r.r.isApproximatelyEqual(to: 0.7745966692414834, relativeTolerance: 1e-12))
        #expect(Correlation.pearson([1, 1, 1], [1, 2, 3]).r.isNaN)
        #expect(Correlation.pearson([1], [2]).r.isNaN)
        let three = Correlation.pearson3([1, 2, 3, 4, 5, 6], [2, 4, 5, 4, 5, .nan], [5, 3, 4, 1, 2, 0])
        #expect(three.count == 5)
        #expect(three.xy.isApproximatelyEqual(to: 0.7745966692414834, relativeTolerance: 1e-12))
    }

    /// The partial correlation equals the correlation of the residuals of x and y after
    /// regressing each on z (its definition).
    @Test func partialCorrelationEqualsResidualCorrelation() {
        var rng = SeededGenerator(seed: 8)
        let z = (0..<500).map { _ in rng.nextNormal() }
        let x = z.map { 0.7 * $0 + rng.nextNormal() }
        let y = zip(x, z).map { 0.3 * $0 - 0.5 * $1 + rng.nextNormal() }
        func residuals(_ v: [Double]) -> [Double] {
            let mz: Double = z.reduce(0, +) / 500
            let mv: Double = v.reduce(0, +) / 500
            var szv = 0.0, szz = 0.0
            for i in 0..<500 {
                szv += (z[i] - mz) * (v[i] - mv)
                szz += (z[i] - mz) * (z[i] - mz)
            }
            let beta = szv / szz
            return (0..<500).map { i in v[i] - mv - beta * (z[i] - mz) }
        }
        let expected = Correlation.pearson(residuals(x), residuals(y)).r
        let c = Correlation.pearson3(x, y, z)
        #expect(Correlation.partial(xy: c.xy, xz: c.xz, yz: c.yz).isApproximatelyEqual(to: expected, relativeTolerance: 1e-9))
        #expect(Correlation.partial(xy: 0.5, xz: 1, yz: 0.5) == 0)
        #expect(Correlation.partial(xy: .nan, xz: 0.1, yz: 0.1).isNaN)
    }

    /// A leaked feature (the future return plus noise) is flagged; the past return itself,
    /// a momentum-like feature and noise are not.
    @Test func leakageScreenFlagsOnlyTheLeakedFeature() throws {
        let series = [try Self.walk("AAA", count: 3_000, seed: 9), try Self.walk("BBB", count: 3_000, seed: 10)]
        var symbols: [String?] = [], times: [Int64] = []
        for s in series { for t in s.timestamps { symbols.append(s.symbol); times.append(t) } }
        let positions = BarPositions(series: series, symbols: TextColumn(symbols), timestamps: times)
        let future = WindowReturns.forward(series: series, positions: positions, bars: 24)
        let past = WindowReturns.backward(series: series, positions: positions, bars: 24)
        var rng = SeededGenerator(seed: 11)
        let leaked = future.map { $0 + 0.05 * rng.nextNormal() }
        let momentum = past.map { 0.5 * $0 + 0.01 * rng.nextNormal() }
        let noise = past.map { _ in rng.nextNormal() }
        let screen = LeakageScreen(features: [("leaked", leaked), ("ret_24", past), ("momentum", momentum), ("noise", noise)],
                                   future: future, past: past)
        #expect(screen.flagged == ["leaked"])
        #expect(screen.rows[1].past.isApproximatelyEqual(to: 1, absoluteTolerance: 1e-12))
        #expect(screen.rows[1].partial == 0)
        #expect(abs(screen.rows[2].partial) < 0.1 && abs(screen.rows[3].partial) < 0.1)
        #expect(screen.rows[0].count == 2 * (3_000 - 48))
        #expect(abs(screen.returnAutocorrelation) < 0.1)
    }

    @Test func sampleIndicesAreDistinctSortedAndSeeded() {
        var a = SeededGenerator(seed: 12), b = SeededGenerator(seed: 12)
        let x = a.sampleIndices(count: 50, from: 1_000)
        #expect(x == b.sampleIndices(count: 50, from: 1_000))
        #expect(x.count == 50 && Set(x).count == 50 && x == x.sorted())
        #expect(x.allSatisfy { (0..<1_000).contains($0) })
        #expect(a.sampleIndices(count: 10, from: 4) == [0, 1, 2, 3])
        #expect(a.sampleIndices(count: 0, from: 4).isEmpty && a.sampleIndices(count: 3, from: 0).isEmpty)
        // Uniform enough: every index of a small population is drawn about equally often.
        var counts = [Int](repeating: 0, count: 10)
        var rng = SeededGenerator(seed: 13)
        for _ in 0..<5_000 { for i in rng.sampleIndices(count: 3, from: 10) { counts[i] += 1 } }
        #expect(counts.allSatisfy { abs($0 - 1_500) < 150 })
    }
}
