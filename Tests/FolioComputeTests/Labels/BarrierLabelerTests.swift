import Testing
@testable import FolioCompute

@Suite struct BarrierLabelerTests {
    /// Reference: `reference/barrier_labels/goog_daily_up0.05` (a plain Python loop over
    /// backtesting.test.GOOG closes, +5% before -2% within 24 bars; see its README).
    @Test func matchesReferenceCase() throws {
        let base = "reference/barrier_labels/goog_daily_up0.05"
        let close = try Fixtures.column("\(base)/bars.csv", "close")
        let expected = try Fixtures.json("\(base)/expected.json")
        let labels = barrierLabels(close: close, spec: BarrierSpec(up: 0.05, down: 0.02, horizon: 24))
        let present = labels.compactMap { $0 }
        #expect(present.count == expected["rows"] as! Int)
        #expect(present.filter { $0 == 1 }.count == expected["positives"] as! Int)
        let referenceLabels = try Fixtures.column("\(base)/labels.csv", "label")
        #expect(referenceLabels.count == present.count)
        #expect(zip(present, referenceLabels).allSatisfy { Double($0) == $1 })
    }

    /// Brute force over small random walks: the label is 1 exactly when the first close
    /// outside the band is above it.
    @Test(arguments: [1, 2, 3, 4, 5] as [UInt64])
    func agreesWithBruteForce(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var close = [100.0]
        for _ in 0..<400 { close.append(close.last! * (1 + 0.02 * rng.nextNormal())) }
        let spec = BarrierSpec(up: 0.05, down: 0.02, horizon: 10)
        let labels = barrierLabels(close: close, spec: spec)
        for t in close.indices {
            guard t + spec.horizon < close.count else { #expect(labels[t] == nil); continue }
            var expected: Int8 = 0
            for k in 1...spec.horizon {
                let r = close[t + k] / close[t] - 1
                if r >= 0.05 { expected = 1; break }
                if r <= -0.02 { break }
            }
            #expect(labels[t] == expected)
        }
    }

    @Test func highLowCountsStopFirstWhenBothTouched() {
        let open: [Double] = [100, 100]
        let high: [Double] = [106, 101]
        let low: [Double] = [97, 99]
        let close: [Double] = [100, 100]
        let hit = open.withUnsafeBufferPointer { o in high.withUnsafeBufferPointer { h in
            low.withUnsafeBufferPointer { l in close.withUnsafeBufferPointer { c in
                firstBarrierTouch(reference: 100, from: 0, spec: .contract, source: .highLow,
                                  open: o, high: h, low: l, close: c)
            } } } }
        #expect(hit?.outcome == .lower)
        #expect(hit?.price == 98)
        #expect(hit?.index == 0)
    }
}
