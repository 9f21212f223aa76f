import Foundation
import Testing
@testable import FolioCompute

/// PSI against the numpy implementation in `generate.py`, Benjamini-Hochberg against
/// `scipy.stats.false_discovery_control`, Bonferroni, and Wasserstein edge cases.
@Suite struct ShiftStatisticsTests {
    struct PSICase: Sendable, CustomTestStringConvertible {
        var name: String
        var bins: Int
        var reference: [Double]
        var current: [Double]
        var value: Double
        var band: String
        var innerEdges: [Double]
        var referenceCounts: [Int]
        var currentCounts: [Int]
        var testDescription: String { name }
    }

    static let psiCases: [PSICase] = {
        guard let object = try? ShiftFixtures.json("psi.json"), let cases = object["cases"] as? [[String: Any]]
        else { return [] }
        return cases.compactMap { c in
            guard let name = c["name"] as? String, let bins = c["bins"] as? Int,
                  let reference = try? ShiftFixtures.sample(c["reference"]),
                  let current = try? ShiftFixtures.sample(c["current"]),
                  let e = c["expected"] as? [String: Any], let value = ShiftFixtures.number(e["value"]),
                  let band = e["band"] as? String, let edges = ShiftFixtures.numbers(e["innerEdges"]),
                  let rc = e["referenceCounts"] as? [Int], let cc = e["currentCounts"] as? [Int]
            else { return nil }
            return PSICase(name: name, bins: bins, reference: reference, current: current, value: value,
                           band: band, innerEdges: edges, referenceCounts: rc, currentCounts: cc)
        }
    }()

    @Test func psiFixturesLoaded() {
        #expect(Self.psiCases.count == 7)
    }

    @Test(arguments: psiCases)
    func psiMatchesNumpy(_ c: PSICase) throws {
        let r = try PopulationStabilityIndex.compute(
            reference: SortedSample(c.reference), current: SortedSample(c.current), bins: c.bins)
        #expect(ShiftFixtures.matches(r.value, c.value), "PSI \(r.value) vs \(c.value)")
        #expect(r.band.rawValue == c.band)
        #expect(r.innerEdges.count == c.innerEdges.count)
        for (x, y) in zip(r.innerEdges, c.innerEdges) { #expect(ShiftFixtures.matches(x, y, relativeTolerance: 1e-12)) }
        #expect(r.referenceCounts == c.referenceCounts)
        #expect(r.currentCounts == c.currentCounts)
        #expect(r.referenceShares.allSatisfy { $0 >= PopulationStabilityIndex.epsilon })
    }

    @Test func psiBands() {
        #expect(PSIBand(psi: 0.0999) == .stable)
        #expect(PSIBand(psi: 0.1) == .moderate)
        #expect(PSIBand(psi: 0.25) == .moderate)
        #expect(PSIBand(psi: 0.2501) == .major)
        #expect(PSIBand(psi: .nan) == .major)
    }

    @Test func psiRejectsBadInput() throws {
        let a = try SortedSample([1, 2, 3], name: "train")
        #expect(throws: ShiftError.emptySample("val")) {
            try PopulationStabilityIndex.compute(reference: a, current: SortedSample([], name: "val"))
        }
        #expect(throws: ShiftError.self) { try PopulationStabilityIndex.compute(reference: a, current: a, bins: 0) }
        // One bin: both shares are 1, PSI 0.
        #expect(try PopulationStabilityIndex.compute(reference: a, current: SortedSample([7]), bins: 1).value == 0)
    }

    struct AdjustmentCase: Sendable, CustomTestStringConvertible {
        var p: [Double]
        var bh: [Double]
        var bonferroni: [Double]
        var testDescription: String { "m=\(p.count)" }
    }

    static let adjustmentCases: [AdjustmentCase] = {
        guard let object = try? ShiftFixtures.json("p_adjust.json"), let cases = object["cases"] as? [[String: Any]]
        else { return [] }
        return cases.compactMap { c in
            guard let p = ShiftFixtures.numbers(c["p"]), let bh = ShiftFixtures.numbers(c["bh"]),
                  let bonferroni = ShiftFixtures.numbers(c["bonferroni"]) else { return nil }
            return AdjustmentCase(p: p, bh: bh, bonferroni: bonferroni)
        }
    }()

    @Test(arguments: adjustmentCases)
    func adjustmentsMatchScipy(_ c: AdjustmentCase) throws {
        let bh = try PValueAdjustment.benjaminiHochberg(c.p)
        let bonferroni = try PValueAdjustment.bonferroni(c.p)
        #expect(bh.count == c.bh.count)
        for (x, y) in zip(bh, c.bh) { #expect(ShiftFixtures.matches(x, y), "BH \(x) vs \(y)") }
        for (x, y) in zip(bonferroni, c.bonferroni) { #expect(ShiftFixtures.matches(x, y)) }
    }

    @Test func adjustmentFixturesLoaded() {
        #expect(Self.adjustmentCases.count == 7)
    }

    @Test func adjustmentsRejectInvalidPValues() {
        #expect(throws: ShiftError.invalidPValue(index: 1, value: 1.5)) { try PValueAdjustment.benjaminiHochberg([0.1, 1.5]) }
        #expect(throws: ShiftError.self) { try PValueAdjustment.bonferroni([.nan]) }
        #expect(throws: ShiftError.self) { try PValueAdjustment.benjaminiHochberg([-0.01, 0.2]) }
    }

    @Test func wassersteinSimpleCases() throws {
        // Shifting a sample by c moves it by exactly |c|.
        let a = try SortedSample([0, 1, 3])
        let b = try SortedSample([2, 3, 5])
        #expect(try Wasserstein.distance(a, b) == 2)
        #expect(try Wasserstein.distance(a, a) == 0)
        // scipy's documented example: wasserstein_distance([0, 1, 3], [5, 6, 8]) == 5.0
        #expect(try Wasserstein.distance(a, SortedSample([5, 6, 8])) == 5)
        #expect(throws: ShiftError.emptySample("v")) { try Wasserstein.distance(a, SortedSample([], name: "v")) }
    }

    /// Infinite values, as scipy 1.17.1 answers (`/tmp/peer-venv` of ../shared/peer/setup.sh):
    /// `stats.wasserstein_distance([-np.inf, 0, 1], [0, 1, 2])` -> inf,
    /// `stats.wasserstein_distance([-np.inf, 0], [-np.inf, 1])` -> nan (a zero ECDF gap times
    /// an infinite step), `stats.wasserstein_distance([0, 1, np.inf], [0, 1, 2])` -> inf.
    /// (The compensated sum once turned the first and third into NaN.)
    @Test func wassersteinWithInfinitiesIsScipys() throws {
        #expect(try Wasserstein.distance(SortedSample([-.infinity, 0, 1]), SortedSample([0, 1, 2])) == .infinity)
        #expect(try Wasserstein.distance(SortedSample([-.infinity, 0]), SortedSample([-.infinity, 1])).isNaN)
        #expect(try Wasserstein.distance(SortedSample([0, 1, .infinity]), SortedSample([0, 1, 2])) == .infinity)
    }
}
