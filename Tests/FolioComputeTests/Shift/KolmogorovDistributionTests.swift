import Foundation
import Testing
@testable import FolioCompute

/// `KolmogorovDistribution` against `scipy.stats.kstwo` and `scipy.special.smirnov`
/// (`Fixtures/scipy/kstwo.json`): a grid of (n, x) that visits every regime of scipy's
/// `_kolmogn` (the fixture names the regime of each row).
@Suite struct KolmogorovDistributionTests {
    struct Row: Sendable, CustomTestStringConvertible {
        var n: Int
        var x: Double
        var sf: Double
        var cdf: Double
        var regime: String
        var testDescription: String { "n=\(n) x=\(x) [\(regime)]" }
    }

    static let grid: [Row] = {
        guard let object = try? ShiftFixtures.json("kstwo.json"),
              let rows = object["kstwo"] as? [[String: Any]] else { return [] }
        return rows.compactMap { row in
            guard let n = row["n"] as? Int, let x = ShiftFixtures.number(row["x"]),
                  let sf = ShiftFixtures.number(row["sf"]), let cdf = ShiftFixtures.number(row["cdf"]),
                  let regime = row["regime"] as? String else { return nil }
            return Row(n: n, x: x, sf: sf, cdf: cdf, regime: regime)
        }
    }()

    struct SmirnovRow: Sendable, CustomTestStringConvertible {
        var n: Int
        var x: Double
        var sf: Double
        var testDescription: String { "smirnov n=\(n) x=\(x)" }
    }

    static let smirnov: [SmirnovRow] = {
        guard let object = try? ShiftFixtures.json("kstwo.json"),
              let rows = object["smirnov"] as? [[String: Any]] else { return [] }
        return rows.compactMap { row in
            guard let n = row["n"] as? Int, let x = ShiftFixtures.number(row["x"]),
                  let sf = ShiftFixtures.number(row["sf"]) else { return nil }
            return SmirnovRow(n: n, x: x, sf: sf)
        }
    }()

    @Test func fixtureCoversEveryRegime() {
        let regimes = Set(Self.grid.map(\.regime))
        for regime in ["t<=0.5", "ruben-gambino-low", "ruben-gambino-high", "smirnov-x>=0.5", "durbin",
                       "pomeranz", "smirnov", "sf-zero", "pelz-good"] {
            #expect(regimes.contains(regime), "no row for \(regime)")
        }
        #expect(Self.smirnov.count > 50)
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

    @Test func invalidArgumentsGiveNaN() {
        #expect(KolmogorovDistribution.sf(n: 0, x: 0.3).isNaN)
        #expect(KolmogorovDistribution.sf(n: 10, x: .nan).isNaN)
        #expect(KolmogorovDistribution.oneSidedSF(n: 10, x: 1.5).isNaN)
        #expect(KolmogorovDistribution.oneSidedSF(n: -1, x: 0.5).isNaN)
        #expect(KolmogorovDistribution.sf(n: 10, x: 1) == 0)
        #expect(KolmogorovDistribution.sf(n: 10, x: 0) == 1)
    }
}
