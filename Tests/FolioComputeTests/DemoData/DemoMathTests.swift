import Foundation
import Numerics
import Testing
@testable import FolioCompute

@Suite struct DemoMathTests {
    @Test func expMatchesTheCLibrary() {
        var rng = SeededGenerator(seed: 1)
        for _ in 0..<50_000 {
            let x = 100 * rng.nextUniform() - 50
            #expect(DemoMath.exp(x).isApproximatelyEqual(to: Foundation.exp(x), relativeTolerance: 1e-15))
        }
        #expect(DemoMath.exp(0) == 1)
        #expect(DemoMath.exp(800) == .infinity)
        #expect(DemoMath.exp(-800) == 0)
        #expect(DemoMath.exp(-740).isApproximatelyEqual(to: Foundation.exp(-740), relativeTolerance: 1e-9))
    }

    @Test func logMatchesTheCLibrary() {
        var rng = SeededGenerator(seed: 2)
        for _ in 0..<50_000 {
            let x = Foundation.exp(80 * rng.nextUniform() - 40)
            #expect(DemoMath.log(x).isApproximatelyEqual(to: Foundation.log(x), absoluteTolerance: 1e-15, relativeTolerance: 1e-15))
        }
        #expect(DemoMath.log(1) == 0)
        #expect(DemoMath.log(0) == -.infinity)
        #expect(DemoMath.log(-1).isNaN)
        #expect(DemoMath.log(Double.leastNonzeroMagnitude).isApproximatelyEqual(to: Foundation.log(Double.leastNonzeroMagnitude), relativeTolerance: 1e-12))
    }

    @Test func sigmoidAndSoftplusAreStable() {
        #expect(DemoMath.sigmoid(0) == 0.5)
        #expect(DemoMath.sigmoid(800) == 1)
        #expect(DemoMath.sigmoid(-800) == 0)
        #expect(DemoMath.softplus(800) == 800)
        #expect(DemoMath.softplus(0).isApproximatelyEqual(to: Foundation.log(2), relativeTolerance: 1e-15))
    }

    @Test func sinCosOfTurns() {
        for k in 0..<24 {
            let (s, c) = DemoMath.sinCos(turns: k, of: 24)
            let angle = 2 * Double.pi * Double(k) / 24
            #expect(s.isApproximatelyEqual(to: Foundation.sin(angle), absoluteTolerance: 1e-15))
            #expect(c.isApproximatelyEqual(to: Foundation.cos(angle), absoluteTolerance: 1e-15))
        }
        let exact: [(Int, Int, Double, Double)] = [(6, 24, 1, 0), (12, 24, 0, -1), (18, 24, -1, 0), (-1, 4, -1, 0), (0, 7, 0, 1)]
        for (k, n, s, c) in exact {
            let v = DemoMath.sinCos(turns: k, of: n)
            #expect(v.sin == s && v.cos == c, "\(k)/\(n)")
        }
    }

    /// The polar method gives standard normal draws: mean 0, variance 1, symmetric tails.
    @Test func normalDraws() {
        var rng = SeededGenerator(seed: 11)
        let n = 200_000
        var sum = 0.0, sumSquares = 0.0, beyond2 = 0
        for _ in 0..<n {
            let z = DemoMath.normal(&rng)
            sum += z
            sumSquares += z * z
            if Swift.abs(z) > 1.959964 { beyond2 += 1 }
        }
        let mean = sum / Double(n)
        #expect(Swift.abs(mean) < 0.01)
        #expect(Swift.abs(sumSquares / Double(n) - 1) < 0.015)
        #expect(Swift.abs(Double(beyond2) / Double(n) - 0.05) < 0.003)
    }
}
