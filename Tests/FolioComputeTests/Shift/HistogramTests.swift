import Foundation
import Testing
@testable import FolioCompute

/// Histogram edges and counts against `numpy.histogram_bin_edges` / `numpy.histogram`,
/// summaries against numpy, ECDF points against a brute-force ECDF.
@Suite struct HistogramTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var bins: HistogramBins
        var a: [Double]
        var b: [Double]
        var edges: [Double]
        var edgesA: [Double]
        var countsA: [Int]
        var countsB: [Int]
        var densityA: [Double]
        var densityB: [Double]
        var testDescription: String { name }
    }

    static let cases: [Case] = {
        guard let object = try? ShiftFixtures.json("histogram.json"), let cases = object["cases"] as? [[String: Any]]
        else { return [] }
        return cases.compactMap { c in
            let bins: HistogramBins
            if let k = c["bins"] as? Int { bins = .count(k) } else { bins = .freedmanDiaconis(maxBins: 1_000_000) }
            guard let name = c["name"] as? String, let a = try? ShiftFixtures.sample(c["a"]),
                  let b = try? ShiftFixtures.sample(c["b"]), let edges = ShiftFixtures.numbers(c["edges"]),
                  let edgesA = ShiftFixtures.numbers(c["edgesA"]),
                  let countsA = c["countsA"] as? [Int], let countsB = c["countsB"] as? [Int],
                  let densityA = ShiftFixtures.numbers(c["densityA"]), let densityB = ShiftFixtures.numbers(c["densityB"])
            else { return nil }
            return Case(name: name, bins: bins, a: a, b: b, edges: edges, edgesA: edgesA, countsA: countsA,
                        countsB: countsB, densityA: densityA, densityB: densityB)
        }
    }()

    @Test func fixturesLoaded() {
        #expect(Self.cases.count == 7)
    }

    static func expectClose(_ x: [Double], _ y: [Double], _ what: String) {
        #expect(x.count == y.count, "\(what): \(x.count) vs \(y.count) values")
        for (i, (u, v)) in zip(x, y).enumerated() {
            #expect(ShiftFixtures.matches(u, v), "\(what)[\(i)]: \(u) vs \(v)")
        }
    }

    @Test(arguments: cases)
    func sharedHistogramMatchesNumpy(_ c: Case) throws {
        let a = try SortedSample(c.a)
        let b = try SortedSample(c.b)
        let h = try Histogram.shared(a, b, bins: c.bins)
        Self.expectClose(h.edges, c.edges, "pooled edges")
        #expect(h.countsA == c.countsA)
        #expect(h.countsB == c.countsB)
        Self.expectClose(h.densityA, c.densityA, "density a")
        Self.expectClose(h.densityB, c.densityB, "density b")
        Self.expectClose(try Histogram.edges(a, bins: c.bins), c.edgesA, "edges of a")
        // Counting against given edges is numpy.histogram(x, bins=edges) as well.
        #expect(try Histogram.counts(a, edges: h.edges) == c.countsA)
    }

    @Test func pooledOrderStatisticsAgreeWithMerging() throws {
        var g = SeededGenerator(seed: 5)
        for (na, nb) in [(1, 1), (1, 9), (9, 1), (7, 13), (50, 3), (100, 100)] {
            let a = (0..<na).map { _ in Double(g.nextInt(below: 20)) }.sorted()
            let b = (0..<nb).map { _ in Double(g.nextInt(below: 20)) }.sorted()
            let merged = (a + b).sorted()
            a.withUnsafeBufferPointer { av in
                b.withUnsafeBufferPointer { bv in
                    for k in merged.indices { #expect(Histogram.pooledElement(av, bv, k) == merged[k]) }
                }
            }
        }
    }

    @Test func freedmanDiaconisCapAndErrors() throws {
        // Many far outliers and a narrow IQR: FD asks for ~10^6 bins; the cap holds.
        var values = [Double](repeating: 0, count: 1000)
        for i in values.indices { values[i] = Double(i % 10) * 1e-3 }
        values.append(1e3)
        let s = try SortedSample(values)
        let capped = try Histogram.edges(s, bins: .freedmanDiaconis(maxBins: 50))
        #expect(capped.count == 51)
        #expect(capped.first == 0 && capped.last == 1e3)
        #expect(throws: ShiftError.nonFiniteRange(0, .infinity)) {
            try Histogram.edges(SortedSample([0, 1, .infinity]), bins: .count(3))
        }
        #expect(throws: ShiftError.self) { try Histogram.counts(s, edges: [2, 1]) }
        #expect(throws: ShiftError.self) { try Histogram.edges(s, bins: .count(0)) }
        #expect(throws: ShiftError.emptySample("sample")) { try Histogram.edges(SortedSample([]), bins: .count(3)) }
    }

    // MARK: summaries

    struct SummaryCase: Sendable, CustomTestStringConvertible {
        var name: String
        var sample: [Double]
        var expected: [String: Double]
        var levels: [Double]
        var quantiles: [Double]
        var testDescription: String { name }
    }

    static let summaryCases: [SummaryCase] = {
        guard let object = try? ShiftFixtures.json("summary.json"), let cases = object["cases"] as? [[String: Any]]
        else { return [] }
        return cases.compactMap { c in
            guard let name = c["name"] as? String, let sample = try? ShiftFixtures.sample(c["sample"]),
                  let levels = ShiftFixtures.numbers(c["levels"]), let quantiles = ShiftFixtures.numbers(c["quantiles"])
            else { return nil }
            var expected: [String: Double] = [:]
            for key in ["count", "mean", "std", "median", "min", "max"] { expected[key] = ShiftFixtures.number(c[key]) }
            return SummaryCase(name: name, sample: sample, expected: expected, levels: levels, quantiles: quantiles)
        }
    }()

    @Test(arguments: summaryCases)
    func summaryMatchesNumpy(_ c: SummaryCase) throws {
        let s = try SampleSummary(SortedSample(c.sample), quantileLevels: c.levels)
        #expect(Double(s.count) == c.expected["count"])
        #expect(ShiftFixtures.matches(s.mean, c.expected["mean"] ?? .nan), "mean \(s.mean)")
        #expect(ShiftFixtures.matches(s.standardDeviation, c.expected["std"] ?? .nan), "std \(s.standardDeviation)")
        #expect(ShiftFixtures.matches(s.median, c.expected["median"] ?? .nan))
        #expect(ShiftFixtures.matches(s.minimum, c.expected["min"] ?? .nan, relativeTolerance: 1e-14))
        #expect(ShiftFixtures.matches(s.maximum, c.expected["max"] ?? .nan, relativeTolerance: 1e-14))
        Self.expectClose(s.quantiles, c.quantiles, "quantiles")
    }

    @Test func summaryFixturesLoaded() {
        #expect(Self.summaryCases.count == 6)
    }

    /// numpy's pairwise summation reproduced to the bit: these vectors sum differently
    /// left to right (values from numpy 2.4: `np.sum(v)`, with Python's `sum(v)` in
    /// brackets).
    @Test func pairwiseSumMatchesNumpyOrder() {
        let short: [Double] = [1e16, 1.0, -1e16] + [Double](repeating: 1.0, count: 10)
        #expect(PairwiseSum.sum(short) == 9.0)  // (10.0)
        let long = [Double](repeating: 1.0, count: 8) + [Double](([1e16, 1.0, -1e16, 1.0] as [Double]).repeated(4))
            + [Double](repeating: 3.0, count: 130)
        #expect(PairwiseSum.sum(long) == 422.0)  // (399.0)
        #expect(PairwiseSum.sum([]) == 0)
    }

    // MARK: ECDF

    @Test(arguments: [1, 2, 3] as [UInt64])
    func ecdfPointsAreTheEmpiricalCDF(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        let values = (0..<500).map { _ in Double(g.nextInt(below: 40)) * 0.5 }
        let s = try SortedSample(values)
        let points = ECDF.points(s)
        #expect(points.count == Set(values).count)
        for p in points {
            #expect(p.f == Double(values.filter { $0 <= p.x }.count) / Double(values.count))
        }
        // Thinned: at most K points, ends kept, kept locations exact.
        let location = 7.25
        let thin = try ECDF.points(s, maxPoints: 12, keeping: [location])
        #expect(thin.count <= 12)
        #expect(thin.first == points.first && thin.last == points.last)
        let atLocation = thin.last { $0.x <= location }
        #expect(atLocation?.f == Double(values.filter { $0 <= location }.count) / Double(values.count))
        #expect(thin.allSatisfy { points.contains($0) })
        #expect(throws: ShiftError.self) { try ECDF.points(s, maxPoints: 2, keeping: [location]) }
    }

    /// The thinned ECDF found by binary search is the one that lists every step and
    /// picks from it (the definition, written out below), point for point: ties, signed
    /// zeros, infinities, few and many distinct values, kept values outside the sample.
    @Test(arguments: Array(0..<24) as [Int])
    func thinnedPointsMatchListingEveryStep(seed: Int) throws {
        var g = SeededGenerator(seed: UInt64(seed) &+ 100)
        let n = [1, 2, 5, 60, 400, 401, 3_000][seed % 7]
        let grid = [3, 50, 1_000_000][seed % 3]
        var values = (0..<n).map { _ in Double(g.nextInt(below: grid) - grid / 2) / 4 }
        if n > 10 {
            values[0] = -0.0
            values[1] = 0.0
            values[2] = seed % 2 == 0 ? .infinity : -.infinity
        }
        let s = try SortedSample(values)
        let keeping = [Double(g.nextInt(below: grid) - grid / 2) / 4, -1e300, 1e300]
        for maxPoints in [5, 12, 60, 401] {
            let listed = Result { try Self.thinnedByListing(s, maxPoints: maxPoints, keeping: keeping) }
            let found = Result { try ECDF.points(s, maxPoints: maxPoints, keeping: keeping) }
            switch (listed, found) {
            case (.success(let a), .success(let b)):
                #expect(a.count == b.count, "n \(n) grid \(grid) maxPoints \(maxPoints)")
                #expect(zip(a, b).allSatisfy { $0.x.bitPattern == $1.x.bitPattern && $0.f == $1.f })
            case (.failure, .failure):
                break
            default:
                Issue.record("one way throws, the other does not: n \(n) maxPoints \(maxPoints)")
            }
        }
    }

    /// Every step listed, then the kept ones picked: the definition `ECDF.points(_:maxPoints:keeping:)`
    /// follows.
    static func thinnedByListing(_ sample: SortedSample, maxPoints: Int, keeping: [Double]) throws -> [ECDFPoint] {
        let all = ECDF.points(sample)
        guard all.count > maxPoints else { return all }
        var required = Set<Int>([0, all.count - 1])
        for x in keeping {
            if let last = all.lastIndex(where: { $0.x <= x }) { required.insert(last) }
        }
        let budget = maxPoints - required.count
        guard budget >= 0 else { throw ShiftError.invalidParameter("too small") }
        var chosen = required
        if budget > 0 {
            for j in 1...budget {
                let level = Double(j) / Double(budget + 1)
                if let first = all.firstIndex(where: { $0.f >= level }) { chosen.insert(first) }
            }
        }
        return chosen.sorted().map { all[$0] }
    }

    /// Thinning both ECDFs while keeping the KS location preserves the largest gap.
    @Test func thinnedCurvesKeepTheKSGap() throws {
        var g = SeededGenerator(seed: 11)
        let a = try SortedSample((0..<4000).map { _ in g.nextNormal() })
        let b = try SortedSample((0..<3000).map { _ in g.nextNormal() + 0.1 })
        let ks = try KolmogorovSmirnov.twoSample(a, b)
        let ta = try ECDF.points(a, maxPoints: 60, keeping: [ks.statisticLocation])
        let tb = try ECDF.points(b, maxPoints: 60, keeping: [ks.statisticLocation])
        func value(_ points: [ECDFPoint], _ x: Double) -> Double { points.last { $0.x <= x }?.f ?? 0 }
        let gap = abs(value(ta, ks.statisticLocation) - value(tb, ks.statisticLocation))
        #expect(ShiftFixtures.matches(gap, ks.statistic, relativeTolerance: 1e-12))
    }
}

extension Array {
    /// The array's elements, `times` times over.
    fileprivate func repeated(_ times: Int) -> [Element] {
        (0..<times).flatMap { _ in self }
    }
}
