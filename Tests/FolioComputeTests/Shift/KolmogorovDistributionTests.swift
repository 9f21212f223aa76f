import Foundation
import Numerics
import Testing
@testable import FolioCompute

/// `KolmogorovDistribution` against `scipy.stats.kstwo` and `scipy.special.smirnov`
/// (`Fixtures/scipy/kstwo.json`): a grid of (n, x) that visits every regime of scipy's
/// `_kolmogn` (the fixture names the regime of each row), denser at the seed-scale sizes
/// n = 10,000 and 75,000.
@Suite struct KolmogorovDistributionTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var n: Int
        var x: Double
        var sf: Double
        var cdf: Double
        var regime: String
        var testDescription: String { "n=\(n) x=\(x) [\(regime)]" }
    }

    /// `kstwo.json`, decoded exactly (see `ShiftFixtures.ExactNumber`).
    struct GridFile: Decodable {
        struct KstwoRow: Decodable {
            var n: Int
            var x: ShiftFixtures.ExactNumber
            var sf: ShiftFixtures.ExactNumber
            var cdf: ShiftFixtures.ExactNumber
            var regime: String
        }
        struct SmirnovRow: Decodable {
            var n: Int
            var x: ShiftFixtures.ExactNumber
            var sf: ShiftFixtures.ExactNumber
        }
        var kstwo: [KstwoRow]
        var smirnov: [SmirnovRow]
    }

    static let file = try? ShiftFixtures.decode(GridFile.self, from: "kstwo.json")

    static let grid: [Row] = (file?.kstwo ?? []).map {
        Row(n: $0.n, x: $0.x.value, sf: $0.sf.value, cdf: $0.cdf.value, regime: $0.regime)
    }

    struct SmirnovRow: Sendable, CustomTestStringConvertible {
        var n: Int
        var x: Double
        var sf: Double
        var testDescription: String { "smirnov n=\(n) x=\(x)" }
    }

    static let smirnov: [SmirnovRow] = (file?.smirnov ?? []).map {
        SmirnovRow(n: $0.n, x: $0.x.value, sf: $0.sf.value)
    }

    @Test func fixtureCoversEveryRegime() {
        let regimes = Set(Self.grid.map(\.regime))
        for regime in ["t<=0.5", "ruben-gambino-low", "ruben-gambino-high", "smirnov-x>=0.5", "durbin",
                       "pomeranz", "smirnov", "sf-zero", "pelz-good"] {
            #expect(regimes.contains(regime), "no row for \(regime)")
        }
        #expect(Self.grid.count == 387)
        #expect(Self.smirnov.count == 200)
    }

    @Test(arguments: grid)
    func survivalFunctionMatchesScipy(row: Row) {
        let sf = KolmogorovDistribution.sf(n: row.n, x: row.x)
        #expect(ShiftFixtures.matches(sf, row.sf), "sf \(sf) vs scipy \(row.sf)")
    }

    @Test(arguments: grid)
    func cdfMatchesScipy(row: Row) {
        let cdf = KolmogorovDistribution.cdf(n: row.n, x: row.x)
        #expect(ShiftFixtures.matches(cdf, row.cdf), "cdf \(cdf) vs scipy \(row.cdf)")
    }

    @Test(arguments: smirnov)
    func smirnovMatchesScipy(row: SmirnovRow) {
        let sf = KolmogorovDistribution.oneSidedSF(n: row.n, x: row.x)
        #expect(ShiftFixtures.matches(sf, row.sf), "smirnov \(sf) vs scipy \(row.sf)")
    }

    /// The seed-scale rows (n = 10,000 and 75,000, `generate.py`'s `SEED_SCALE_NX2`) in
    /// the smirnov regime go through the outward sum with its early exits, and agree
    /// with scipy to rounding level, not just to the suite's 1e-9: folio's terms are
    /// within a few ulp of scipy's, as scipy's are of the exact ones.
    @Test func seedScaleSmirnovRegimeIsOutwardAndExactToRounding() {
        let rows = Self.grid.filter { [10000, 75000].contains($0.n) && $0.regime == "smirnov" }
        let outward = rows.filter { Smirnov.usesOutwardSum(n: $0.n, x: $0.x) }
        #expect(rows.count >= 38)
        #expect(outward.count >= 34)
        for row in rows {
            let sf = KolmogorovDistribution.sf(n: row.n, x: row.x)
            #expect(ShiftFixtures.matches(sf, row.sf, relativeTolerance: 1e-14), "n=\(row.n) x=\(row.x): \(sf) vs \(row.sf)")
        }
        let oneSided = Self.smirnov.filter { [10000, 75000].contains($0.n) && Smirnov.usesOutwardSum(n: $0.n, x: $0.x) }
        #expect(oneSided.count >= 34)
        for row in oneSided {
            let sf = KolmogorovDistribution.oneSidedSF(n: row.n, x: row.x)
            #expect(ShiftFixtures.matches(sf, row.sf, relativeTolerance: 1e-14), "n=\(row.n) x=\(row.x): \(sf) vs \(row.sf)")
        }
        // The Durbin matrix near its largest size at both n is in the grid too.
        for n in [10000, 75000] {
            let limit = pow(1.4 / Double(n), 2.0 / 3.0)
            #expect(Self.grid.contains { $0.n == n && $0.regime == "durbin" && $0.x > 0.99 * limit })
        }
    }

    /// The Durbin matrix's squares are computed on one side of the anti-diagonal and
    /// mirrored: the computed entries must equal a plain triple loop's (same sums in the
    /// same order), the mirrored ones must agree to rounding.
    @Test(arguments: [1, 2, 5, 8, 13, 53, 97])
    func persymmetricSquareMatchesFullProduct(m: Int) {
        // A Toeplitz matrix with its first column and last row reversed copies of each
        // other, like the Durbin matrix.
        var g = SeededGenerator(seed: UInt64(m))
        let v = (0..<m).map { _ in g.nextUniform() }
        let w = (0..<(2 * m)).map { _ in g.nextUniform() }
        var a = [Double](repeating: 0, count: m * m)
        for i in 0..<m {
            for j in 1..<max(m, 1) where i >= j - 1 { a[i * m + j] = w[i - j + 1] }
        }
        for r in 0..<m { a[r * m] = v[r] }
        for c in 0..<m { a[(m - 1) * m + c] = v[m - 1 - c] }
        var squared = [Double](repeating: 0, count: m * m)
        KolmogorovDistribution.squarePersymmetric(a, into: &squared, m: m)
        for i in 0..<m {
            for j in 0..<m {
                var sum = 0.0
                for l in 0..<m { sum += a[i * m + l] * a[l * m + j] }
                if i + j <= m - 1 {
                    #expect(squared[i * m + j] == sum, "(\(i), \(j))")
                } else {
                    #expect(squared[i * m + j].isApproximatelyEqual(to: sum, relativeTolerance: 1e-14), "(\(i), \(j))")
                }
            }
        }
    }

    @Test func invalidArgumentsGiveNaN() {
        #expect(KolmogorovDistribution.sf(n: 0, x: 0.3).isNaN)
        #expect(KolmogorovDistribution.sf(n: 10, x: .nan).isNaN)
        #expect(KolmogorovDistribution.oneSidedSF(n: 10, x: 1.5).isNaN)
        #expect(KolmogorovDistribution.oneSidedSF(n: -1, x: 0.5).isNaN)
        #expect(KolmogorovDistribution.sf(n: 10, x: 1) == 0)
        #expect(KolmogorovDistribution.sf(n: 10, x: 0) == 1)
    }
}
