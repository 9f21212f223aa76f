import Foundation
import Numerics
import Testing
@testable import FolioCompute

/// The outward summation of `smirnov` for large n (`Smirnov+OutwardSum.swift`): that it
/// agrees with scipy's term-by-term loop to a few ulp, that the log-concavity its early
/// exits rely on holds, and its building blocks. Agreement with scipy itself at the seed
/// scale is in `KolmogorovDistributionTests`.
@Suite struct SmirnovOutwardSumTests {
    struct Point: Sendable, CustomTestStringConvertible {
        var n: Int
        var nxSquared: Double
        var x: Double { (nxSquared / Double(n)).squareRoot() }
        var testDescription: String { "n=\(n) n x^2=\(nxSquared)" }
    }

    static let points: [Point] = [
        Point(n: 600, nxSquared: 2.2), Point(n: 600, nxSquared: 41.3), Point(n: 600, nxSquared: 290),
        Point(n: 3000, nxSquared: 2.6), Point(n: 3000, nxSquared: 17.9), Point(n: 3000, nxSquared: 140),
        Point(n: 10000, nxSquared: 2.2), Point(n: 10000, nxSquared: 9.7), Point(n: 10000, nxSquared: 344),
        Point(n: 75000, nxSquared: 2.3), Point(n: 75000, nxSquared: 61.5),
    ]

    /// The outward sum against scipy's own loop (both folio's): every derived term is
    /// within a few ulp, so the sums agree far inside 1e-14.
    @Test(arguments: points)
    func outwardSumMatchesScipysLoop(_ point: Point) {
        #expect(Smirnov.usesOutwardSum(n: point.n, x: point.x))
        let outward = Smirnov.sf(n: point.n, x: point.x)
        let loop = Smirnov.sf(n: point.n, x: point.x, allowingOutwardSum: false)
        #expect(outward > 0)
        #expect(outward.isApproximatelyEqual(to: loop, relativeTolerance: 1e-14), "\(outward) vs \(loop)")
    }

    /// The early exits assume the terms are log-concave (their ratio never increases);
    /// check it on every term of scipy's sum at n = 2000, with slack for rounding.
    @Test(arguments: [2.2, 50.0, 299.0])
    func termsAreLogConcave(nxSquared: Double) {
        let n = 2000
        let x = (nxSquared / Double(n)).squareRoot()
        #expect(Smirnov.usesOutwardSum(n: n, x: x))
        // scipy's last index, n1mxFloor = n - floor(n x) - 1.
        let last = n - Smirnov.modNX(n: n, x: x).nxFloor - 1
        var cMan = DoubleDouble(1)
        var cExp = 0
        var terms: [Double] = [(Smirnov.pow4(1, -x, 1, 0, n) / x).hi]
        Smirnov.updateBinomial(&cMan, &cExp, n: n, j: 0)
        for j in 1...last {
            terms.append(Smirnov.computeAv(n: n, x: x, v: j, cMan: cMan, cExp: cExp).hi)
            Smirnov.updateBinomial(&cMan, &cExp, n: n, j: j)
        }
        var violations = 0
        for j in 1..<(terms.count - 1) where terms[j - 1] > 0 && terms[j] > 0 && terms[j + 1] > 0 {
            // a_{j+1} / a_j <= a_j / a_{j-1}
            if terms[j + 1] * terms[j - 1] > terms[j] * terms[j] * (1 + 1e-12) { violations += 1 }
        }
        #expect(violations == 0)
        #expect(terms.count > 1000)
    }

    @Test func usesOutwardSumOnlyWhereItsBoundsHold() {
        // Below the log-concavity condition (n x - 1)^2 >= 2n + 2, i.e. about n x^2 >= 2.
        #expect(!Smirnov.usesOutwardSum(n: 10000, x: (1.9 / 10000).squareRoot()))
        #expect(Smirnov.usesOutwardSum(n: 10000, x: (2.2 / 10000).squareRoot()))
        // Small n, and results so small that terms would lose bits to underflow.
        #expect(!Smirnov.usesOutwardSum(n: 499, x: (20 / 499.0).squareRoot()))
        #expect(Smirnov.usesOutwardSum(n: 75000, x: (344.9 / 75000).squareRoot()))
        #expect(!Smirnov.usesOutwardSum(n: 75000, x: (345.1 / 75000).squareRoot()))
        #expect(!Smirnov.usesOutwardSum(n: 1_000_001, x: 0.01))
    }

    @Test func binomialCoefficientsAreExact() {
        func exact(_ c: (DoubleDouble, Int)) -> Int {
            Int(c.0.hi * pow(2, Double(c.1))) + Int(c.0.lo * pow(2, Double(c.1)))
        }
        #expect(exact(Smirnov.binomial(50, 25)) == 126_410_606_437_752)
        #expect(exact(Smirnov.binomial(60, 30)) == 118_264_581_564_861_424)
        #expect(exact(Smirnov.binomial(60, 0)) == 1)
        // A block's step up and back down returns to the start.
        let start = Smirnov.binomial(75000, 30000)
        let up = Smirnov.stepBinomial(start, top: 75000 - 30000, bottom: 30001, count: 64)
        let again = Smirnov.binomial(75000, 30064)
        #expect(up.1 == again.1)
        #expect((up.0 - again.0).hi.magnitude <= 1e-28)
        let down = Smirnov.stepBinomial(up, top: 30064, bottom: 75000 - 30064 + 1, count: 64)
        #expect(down.1 == start.1)
        #expect((down.0 - start.0).hi.magnitude <= 1e-28)
    }

    @Test func accuratePowerIsDoubleDoubleAccurate() {
        let (small, smallExponent) = Smirnov.accuratePower(DoubleDouble(0.9), 50)
        let viaPow = pow(0.9, 50.0)
        #expect((small.hi * pow(2, Double(smallExponent))).isApproximatelyEqual(to: viaPow, relativeTolerance: 4e-16))
        // y^(a+b) = y^a y^b far below the double range, to double-double accuracy.
        let y = DoubleDouble(0.5, 0x1p-60) + 0.123
        let (whole, wholeExponent) = Smirnov.accuratePower(y, 123_457)
        let (first, firstExponent) = Smirnov.accuratePower(y, 100_000)
        let (second, secondExponent) = Smirnov.accuratePower(y, 23457)
        let (product, productExponent) = (first * second).frexp()
        #expect(wholeExponent == firstExponent + secondExponent + productExponent)
        #expect(((whole - product) / whole).hi.magnitude < 1e-28)
        #expect(wholeExponent < -50_000)
    }

    @Test func negligibleTailUsesTheGeometricBound() {
        // ratio 1/2: the rest is at most outer * (1/2) / (1/2) = outer.
        #expect(Smirnov.isNegligible(outer: 1, inner: 2, sum: 0x1p60))
        #expect(!Smirnov.isNegligible(outer: 1, inner: 2, sum: 0x1p59))
        #expect(!Smirnov.isNegligible(outer: 2, inner: 2, sum: 1e300))
        #expect(!Smirnov.isNegligible(outer: 3, inner: 2, sum: 1e300))
        #expect(!Smirnov.isNegligible(outer: 1, inner: .nan, sum: 1e300))
        #expect(Smirnov.isNegligible(outer: 0, inner: 1e-300, sum: 1e-200))
    }
}
