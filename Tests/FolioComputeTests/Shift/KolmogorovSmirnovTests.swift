import Foundation
import Testing
@testable import FolioCompute

/// `KolmogorovSmirnov.twoSample` against `scipy.stats.ks_2samp` (scipy 1.17.1): the three
/// shared reference cases (`Fixtures/reference/ks`) and folio's own cases
/// (`Fixtures/scipy/ks_2samp.json`, written by `generate.py`): every alternative with
/// `auto`, `exact` and `asymp`, small and unequal sizes, heavy ties, each regime of the
/// finite-n Kolmogorov distribution, and samples of up to 300,000 values.
@Suite struct KolmogorovSmirnovTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var name: String
        var a: [Double]
        var b: [Double]
        /// "alternative/method" -> expected values.
        var results: [String: Expected]
        /// `scipy.stats.wasserstein_distance(a, b)`.
        var wasserstein: Double?
        var testDescription: String { "\(name) (\(a.count) vs \(b.count))" }
    }

    struct Expected: Sendable {
        var statistic: Double
        var pValue: Double
        var location: Double?
        var sign: Int?
        var fellBack: Bool
    }

    static func expected(_ object: [String: Any]) -> Expected? {
        guard let statistic = ShiftFixtures.number(object["statistic"]),
              let p = ShiftFixtures.number(object["pvalue"] ?? object["p"]) else { return nil }
        return Expected(statistic: statistic, pValue: p, location: ShiftFixtures.number(object["location"]),
                        sign: object["sign"] as? Int, fellBack: object["fellBack"] as? Bool ?? false)
    }

    static let cases: [Case] = {
        guard let object = try? ShiftFixtures.json("ks_2samp.json"),
              let cases = object["cases"] as? [[String: Any]] else { return [] }
        return cases.compactMap { c in
            guard let name = c["name"] as? String, let a = try? ShiftFixtures.sample(c["a"]),
                  let b = try? ShiftFixtures.sample(c["b"]),
                  let results = c["results"] as? [String: [String: Any]] else { return nil }
            return Case(name: name, a: a, b: b, results: results.compactMapValues(expected),
                        wasserstein: ShiftFixtures.number(c["wasserstein"]))
        }
    }()

    static let referenceCases = ["goog_daily_returns_halves", "integer_ties_small", "small_exact_20_20"]

    @Test func fixturesLoaded() {
        #expect(Self.cases.count == 34)
        #expect(Self.cases.allSatisfy { !$0.results.isEmpty })
    }

    static func parse(_ key: String) -> (KSAlternative, KSMethod)? {
        let parts = key.split(separator: "/")
        guard parts.count == 2, let alternative = KSAlternative(rawValue: String(parts[0])),
              let method = KSMethod(rawValue: String(parts[1])) else { return nil }
        return (alternative, method)
    }

    @Test(arguments: cases)
    func matchesScipy(_ c: Case) throws {
        let a = try SortedSample(c.a, name: "a")
        let b = try SortedSample(c.b, name: "b")
        for (key, expected) in c.results.sorted(by: { $0.key < $1.key }) {
            let (alternative, method) = try #require(Self.parse(key))
            let r = try KolmogorovSmirnov.twoSample(a, b, alternative: alternative, method: method)
            #expect(ShiftFixtures.matches(r.statistic, expected.statistic), "\(key): D \(r.statistic) vs \(expected.statistic)")
            #expect(ShiftFixtures.matches(r.pValue, expected.pValue), "\(key): p \(r.pValue) vs \(expected.pValue)")
            if let location = expected.location {
                #expect(ShiftFixtures.matches(r.statisticLocation, location, relativeTolerance: 1e-14),
                        "\(key): location \(r.statisticLocation) vs \(location)")
            }
            if let sign = expected.sign { #expect(r.statisticSign == sign, "\(key): sign") }
            let usedExact = r.method == .exact
            let scipyExact = method == .exact || (method == .auto && max(a.count, b.count) <= 10_000)
            #expect(usedExact == (scipyExact && !expected.fellBack), "\(key): method \(r.method)")
        }
        let wanted = try #require(c.wasserstein)
        let w = try Wasserstein.distance(a, b)
        #expect(ShiftFixtures.matches(w, wanted), "wasserstein \(w) vs \(wanted)")
    }

    @Test(arguments: referenceCases)
    func matchesSharedReference(_ name: String) throws {
        let base = "reference/ks/\(name)"
        let a = try SortedSample(Fixtures.column("\(base)/a.csv", "x"), name: "a")
        let b = try SortedSample(Fixtures.column("\(base)/b.csv", "x"), name: "b")
        let expected = try Fixtures.json("\(base)/expected.json")
        #expect(expected["n_a"] as? Int == a.count)
        #expect(expected["n_b"] as? Int == b.count)
        var checked = 0
        for alternative in KSAlternative.allCases {
            for method in [KSMethod.auto, .asymp] {
                let key = "\(alternative.rawValue)_\(method.rawValue)"
                let values = try #require(expected[key] as? [String: Any])
                let want = try #require(Self.expected(values))
                let r = try KolmogorovSmirnov.twoSample(a, b, alternative: alternative, method: method)
                #expect(ShiftFixtures.matches(r.statistic, want.statistic), "\(key): D \(r.statistic) vs \(want.statistic)")
                #expect(ShiftFixtures.matches(r.pValue, want.pValue), "\(key): p \(r.pValue) vs \(want.pValue)")
                checked += 1
            }
        }
        #expect(checked == 6)
        let w = try Wasserstein.distance(a, b)
        let wantW = try #require(ShiftFixtures.number(expected["wasserstein"]))
        #expect(ShiftFixtures.matches(w, wantW), "wasserstein \(w) vs \(wantW)")
    }

    /// algorithms.md's test vector, spelled out.
    @Test func documentedVector() throws {
        let a = try SortedSample([1, 2, 2, 3, 4, 5])
        let b = try SortedSample([2, 2, 3, 3, 6, 7, 8])
        let two = try KolmogorovSmirnov.twoSample(a, b)
        #expect(two.statistic == 3.0 / 7.0)
        #expect(two.statisticLocation == 5)
        #expect(ShiftFixtures.matches(two.pValue, 62.0 / 143.0))
        #expect(two.method == .exact)
        let asymp = try KolmogorovSmirnov.twoSample(a, b, method: .asymp)
        #expect(ShiftFixtures.matches(asymp.pValue, 0.5160349854227404))
        let greater = try KolmogorovSmirnov.twoSample(a, b, alternative: .greater)
        #expect(ShiftFixtures.matches(greater.pValue, 0.2191142191142191))
        let less = try KolmogorovSmirnov.twoSample(a, b, alternative: .less)
        #expect(less.statistic == 0)
        #expect(less.pValue == 1)
    }

    /// The statistic does not depend on the order the samples were given in, and the
    /// merge agrees with a brute-force evaluation of both ECDFs at every pooled value.
    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func gapsAgreeWithBruteForce(seed: UInt64) throws {
        var g = SeededGenerator(seed: seed)
        let a = (0..<57).map { _ in Double(g.nextInt(below: 9)) + (seed.isMultiple(of: 2) ? g.nextUniform() : 0) }
        let b = (0..<31).map { _ in Double(g.nextInt(below: 11)) - 1 }
        let gaps = try KolmogorovSmirnov.gaps(SortedSample(a), SortedSample(b))
        var best = -Double.infinity
        var worst = Double.infinity
        for x in a + b {
            let fa = Double(a.filter { $0 <= x }.count) / Double(a.count)
            let fb = Double(b.filter { $0 <= x }.count) / Double(b.count)
            best = max(best, fa - fb)
            worst = min(worst, fa - fb)
        }
        #expect(gaps.dPlus == best)
        #expect(gaps.dMinus == min(max(-worst, 0), 1))
        let reversed = try KolmogorovSmirnov.gaps(SortedSample(b), SortedSample(a))
        #expect(reversed.dPlus == gaps.dMinus || (reversed.dPlus == 0 && gaps.dMinus == 0))
    }

    @Test func emptyAndNaNInputsThrow() throws {
        let empty = try SortedSample([], name: "val")
        let some = try SortedSample([1, 2, 3], name: "train")
        #expect(throws: ShiftError.emptySample("val")) { try KolmogorovSmirnov.twoSample(some, empty) }
        #expect(throws: ShiftError.notANumber(sample: "x", index: 1)) { try SortedSample([1, .nan, 2], name: "x") }
        let dropped = try SortedSample([3, .nan, 1], name: "x", droppingNaN: true)
        #expect(dropped.values == [1, 3])
        #expect(throws: ShiftError.notSorted(index: 2)) { try SortedSample(presorted: [1, 2, 1.5]) }
    }

    /// `method: .exact` is answered asymptotically when lcm(n_a, n_b) is too large,
    /// as scipy does (with a warning there).
    @Test func exactFallsBackWhenLatticeTooLarge() throws {
        var g = SeededGenerator(seed: 9)
        let a = try SortedSample((0..<46_349).map { _ in g.nextUniform() })
        let b = try SortedSample((0..<46_351).map { _ in g.nextUniform() })
        let r = try KolmogorovSmirnov.twoSample(a, b, method: .exact)
        #expect(r.method == .asymp)
        #expect(r.requestedMethod == .exact)
    }

    /// The one walk behind `gaps`, `Wasserstein.distance` and `twoSampleWithWasserstein`
    /// (`PooledWalk`) against the definitions read pointwise: at every pooled value, the
    /// ECDFs by binary search (`np.searchsorted(side='right') / n`, as scipy), the gaps'
    /// first argmax/argmin in `concat(a, b)` order, and the Wasserstein sum in order.
    /// Heavy ties (values on a grid of 7), infinities, and one-value samples included.
    @Test(arguments: 0..<40)
    func oneWalkMatchesThePointwiseDefinitions(seed: Int) throws {
        var rng = SeededGenerator(seed: UInt64(seed))
        func sample(_ n: Int) -> [Double] {
            (0..<n).map { _ in
                let u = rng.nextInt(below: 100)
                if seed % 5 == 4 && u == 0 { return .infinity }
                if seed % 5 == 4 && u == 1 { return -.infinity }
                return seed % 2 == 0 ? Double(rng.nextInt(below: 7)) / 2 : rng.nextNormal()
            }
        }
        let a = try SortedSample(sample(1 + rng.nextInt(below: seed < 10 ? 3 : 400)), name: "a")
        let b = try SortedSample(sample(1 + rng.nextInt(below: seed < 10 ? 3 : 400)), name: "b")
        let pooled = a.values + b.values  // concat(sorted a, sorted b), as scipy orders it
        func diff(_ x: Double) -> Double {
            Double(a.countAtOrBelow(x)) / Double(a.count) - Double(b.countAtOrBelow(x)) / Double(b.count)
        }
        let diffs = pooled.map(diff)
        let maxIndex = diffs.indices.max { diffs[$0] < diffs[$1] || (diffs[$0] == diffs[$1] && $0 > $1) }!
        let minIndex = diffs.indices.min { diffs[$0] < diffs[$1] || (diffs[$0] == diffs[$1] && $0 < $1) }!
        let gaps = try KolmogorovSmirnov.gaps(a, b)
        #expect(gaps.dPlus == diffs[maxIndex])
        #expect(gaps.dPlusLocation == pooled[maxIndex])
        #expect(gaps.dMinus == min(max(-diffs[minIndex], 0), 1))
        #expect(gaps.dMinusLocation == pooled[minIndex])

        let distinct = Array(Set(pooled)).sorted()
        var sum = 0.0
        for k in 0..<(distinct.count - 1) { sum += abs(diff(distinct[k])) * (distinct[k + 1] - distinct[k]) }
        let w = try Wasserstein.distance(a, b)
        if sum.isFinite {
            #expect(abs(w - sum) <= 1e-12 * max(1, abs(sum)), "wasserstein \(w) vs \(sum)")
        } else {
            // An infinite gap gives an infinite distance (or NaN where a zero ECDF gap meets
            // it), as scipy's plain sum does.
            #expect(w.isNaN == sum.isNaN && (w.isNaN || w == sum), "wasserstein \(w) vs \(sum)")
        }

        for alternative in KSAlternative.allCases {
            let both = try KolmogorovSmirnov.twoSampleWithWasserstein(a, b, alternative: alternative)
            let alone = try KolmogorovSmirnov.twoSample(a, b, alternative: alternative)
            #expect(both.test.statistic.bitPattern == alone.statistic.bitPattern)
            #expect(both.test.pValue.bitPattern == alone.pValue.bitPattern)
            #expect(both.test.statisticLocation.bitPattern == alone.statisticLocation.bitPattern)
            #expect(both.wasserstein.bitPattern == w.bitPattern)
        }
    }
}
