import Foundation
import Testing
@testable import FolioCompute

/// The sorted-sample container: radix sort against the standard library, quantiles.
@Suite struct SortedSampleTests {
    @Test(arguments: [10, 5_999, 6_000, 70_001, 300_001] as [Int])
    func radixSortAgreesWithStandardSort(count: Int) {
        var g = SeededGenerator(seed: UInt64(count))
        var values = (0..<count).map { i -> Double in
            switch i % 7 {
            case 0: return g.nextNormal() * 1e6
            case 1: return -g.nextUniform()
            case 2: return Double(g.nextInt(below: 3))
            case 3: return g.nextUniform() * 1e-300
            default: return g.nextNormal()
            }
        }
        if count > 100 {
            values[3] = .infinity
            values[4] = -.infinity
            values[5] = -0.0
            values[6] = 0.0
            values[7] = -Double.leastNonzeroMagnitude
            values[8] = .greatestFiniteMagnitude
        }
        let radix = RadixSort.sorted(values)
        let standard = values.sorted()
        #expect(radix.count == standard.count)
        #expect(zip(radix, standard).allSatisfy { $0 == $1 })
        #expect(zip(radix.dropFirst(), radix).allSatisfy { $0 >= $1 })
    }

    /// Inputs that take each path of the bucketed sort: one bucket of random low bits (six
    /// 8-bit passes), small integers (every pass skipped), buckets of at most 64 keys
    /// (insertion), signed zeros, infinities, subnormals. Compared bit for bit with the
    /// standard sort ordered by the keys, which places `-0.0` before `+0.0`.
    @Test(arguments: ["oneBucket", "smallIntegers", "spread", "extremes"])
    func bucketedSortMatchesKeyOrder(shape: String) {
        var g = SeededGenerator(seed: UInt64(shape.count))
        let n = 150_001
        let values: [Double] = (0..<n).map { i in
            switch shape {
            case "oneBucket": return 1 + g.nextUniform() / 16  // top 16 bits all equal
            case "smallIntegers": return Double(g.nextInt(below: 5))
            case "spread": return g.nextNormal() * pow(10, Double(g.nextInt(below: 600) - 300))
            default:
                switch i % 9 {
                case 0: return -0.0
                case 1: return 0.0
                case 2: return .infinity
                case 3: return -.infinity
                case 4: return Double.leastNonzeroMagnitude * Double(g.nextInt(below: 1000))
                case 5: return -.greatestFiniteMagnitude
                default: return g.nextNormal()
                }
            }
        }
        let sorted = RadixSort.sorted(values)
        let reference = values.sorted { RadixSort.key($0) < RadixSort.key($1) }
        #expect(sorted.count == n)
        #expect(sorted.map(\.bitPattern) == reference.map(\.bitPattern))
    }

    @Test func radixKeysRoundTrip() {
        for x in [0.0, -0.0, 1.5, -1.5, .infinity, -.infinity, .leastNonzeroMagnitude, -.greatestFiniteMagnitude] {
            #expect(RadixSort.value(RadixSort.key(x)).bitPattern == x.bitPattern)
        }
        #expect(RadixSort.key(-1) < RadixSort.key(-0.5))
        #expect(RadixSort.key(-0.5) < RadixSort.key(0))
        #expect(RadixSort.key(0) < RadixSort.key(1e-300))
    }

    @Test func quantilesAndSearches() throws {
        let s = try SortedSample([4, 1, 3, 2, 2])
        #expect(s.values == [1, 2, 2, 3, 4])
        // numpy.quantile([1, 2, 2, 3, 4], [0, 0.1, 0.5, 0.9, 1]) = [1, 1.4, 2, 3.6, 4]
        let q = try s.quantiles([0, 0.1, 0.5, 0.9, 1])
        for (x, y) in zip(q, [1, 1.4, 2, 3.6, 4]) { #expect(ShiftFixtures.matches(x, y, relativeTolerance: 1e-15)) }
        #expect(try s.median() == 2)
        #expect(try SortedSample([1, 2, 3, 4]).median() == 2.5)
        #expect(s.countAtOrBelow(2) == 3)
        #expect(s.countBelow(2) == 1)
        #expect(try s.ecdf(at: 2.5) == 0.6)
        #expect(throws: ShiftError.self) { try s.quantile(1.5) }
        #expect(throws: ShiftError.emptySample("empty")) { try SortedSample([], name: "empty").median() }
    }
}

extension SortedSampleTests {
    @Test func groupedSplitsAndSorts() throws {
        let values: [Double] = [5, 1, .nan, 3, 2, 4]
        let groups = [1, 0, 1, 1, 0, 2]
        let parts = try SortedSample.grouped(values, by: groups, name: "rsi", droppingNaN: true)
        #expect(parts[0]?.values == [1, 2])
        #expect(parts[1]?.values == [3, 5])
        #expect(parts[2]?.values == [4])
        #expect(parts[1]?.name == "rsi[1]")
        #expect(throws: ShiftError.notANumber(sample: "rsi", index: 2)) {
            try SortedSample.grouped(values, by: groups, name: "rsi")
        }
        #expect(throws: ShiftError.self) { try SortedSample.grouped(values, by: [1]) }
    }
}

/// Timings at the seed scale, printed rather than asserted. Off by default; run with
/// `FOLIO_SHIFT_BENCH=1 swift test -c release --filter ShiftBenchmark` (debug builds are
/// several times slower and say little).
@Suite struct ShiftBenchmark {
    @Test(.enabled(if: ProcessInfo.processInfo.environment["FOLIO_SHIFT_BENCH"] != nil))
    func seedScaleTimings() throws {
        func milliseconds(_ body: () throws -> Void) rethrows -> Double {
            let start = DispatchTime.now().uptimeNanoseconds
            try body()
            return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6
        }
        var g = SeededGenerator(seed: 1)
        var sort = 0.0, ks = 0.0, wasserstein = 0.0, psi = 0.0, histogram = 0.0
        for feature in 0..<23 {
            let a = (0..<300_000).map { _ in g.nextNormal() }
            let b = (0..<100_000).map { _ in g.nextNormal() + Double(feature) * 0.002 }
            var sa = try SortedSample([0])
            var sb = sa
            sort += try milliseconds { sa = try SortedSample(a); sb = try SortedSample(b) }
            ks += try milliseconds { _ = try KolmogorovSmirnov.twoSample(sa, sb) }
            wasserstein += try milliseconds { _ = try Wasserstein.distance(sa, sb) }
            psi += try milliseconds { _ = try PopulationStabilityIndex.compute(reference: sa, current: sb) }
            histogram += try milliseconds { _ = try Histogram.shared(sa, sb) }
        }
        print("23 features, 300,000 vs 100,000 values: sort \(sort) ms, KS \(ks) ms, "
            + "Wasserstein \(wasserstein) ms, PSI \(psi) ms, histograms \(histogram) ms")
    }

    /// One asymptotic two-sided p-value (`kstwo.sf(D, en)`) per regime at the seed-scale
    /// sizes: the smirnov sum (outward above n x^2 = 2.2, scipy's loop above 345), the
    /// Durbin matrix up to its largest size (n D^1.5 = 1.4), and Pelz-Good.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["FOLIO_SHIFT_BENCH"] != nil))
    func kolmogorovTimings() {
        for n in [10000, 75000] {
            let durbinLimit = pow(1.4 / Double(n), 2.0 / 3.0)
            let points: [(String, Double)] =
                [2.2, 5, 20, 100, 300, 350].map { ("n D^2 = \($0)", ($0 / Double(n)).squareRoot()) }
                + [0.999, 0.5].map { ("Durbin \($0) x limit", $0 * durbinLimit) }
                + [("Pelz-Good n D^2 = 1", (1 / Double(n)).squareRoot())]
            for (label, d) in points {
                var p = 0.0
                let start = DispatchTime.now().uptimeNanoseconds
                for _ in 0..<3 { p = KolmogorovDistribution.sf(n: n, x: d) }
                let ms = Double(DispatchTime.now().uptimeNanoseconds - start) / 3e6
                print("kstwo.sf n=\(n) \(label): D=\(d) p=\(p) \(ms) ms")
            }
        }
    }
}
