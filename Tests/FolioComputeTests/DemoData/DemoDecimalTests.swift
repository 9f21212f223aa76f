import Foundation
import Numerics
import Testing
@testable import FolioCompute

@Suite struct DemoDecimalTests {
    @Test(arguments: [
        (123.4567, "123.457"), (-0.000123456789, "-0.000123457"), (1_234_567.0, "1234570"),
        (0.5, "0.5"), (100.0, "100"), (9.9999996, "10"), (-9.9999996, "-10"), (0.0, "0"),
        (1e-16, "0"), (32000.0, "32000"), (0.1 + 0.2, "0.3"),
    ] as [(Double, String)])
    func roundsToSixSignificantDigits(value: Double, text: String) throws {
        let d = try #require(DemoDecimal(value, significantDigits: 6))
        #expect(d.text == text)
    }

    @Test func nonFiniteHasNoDecimal() {
        #expect(DemoDecimal(.nan) == nil)
        #expect(DemoDecimal(.infinity) == nil)
        #expect(DemoDecimal(1, significantDigits: 0) == nil)
    }

    /// The written text parses back to exactly the double the data set computed with.
    @Test func textRoundTripsToTheRoundedDouble() throws {
        var rng = SeededGenerator(seed: 9)
        for _ in 0..<20_000 {
            let magnitude = DemoMath.exp(60 * rng.nextUniform() - 30)
            let x = (rng.nextUniform() < 0.5 ? -1 : 1) * magnitude
            let d = try #require(DemoDecimal(x, significantDigits: 6))
            #expect(Double(d.text) == d.doubleValue)
            #expect(DemoDecimal.rounded(x) == d.doubleValue)
            if magnitude >= 1e-12 {
                #expect(d.doubleValue.isApproximatelyEqual(to: x, relativeTolerance: 5e-6))
            }
        }
    }

    /// Rounding is monotone, so high >= max(open, close) survives it.
    @Test func roundingIsMonotone() {
        var rng = SeededGenerator(seed: 3)
        for _ in 0..<20_000 {
            let a = 1000 * rng.nextUniform()
            let b = a * (1 + 1e-6 * rng.nextUniform())
            #expect(DemoDecimal.rounded(a) <= DemoDecimal.rounded(b))
        }
    }

    /// Reference: Python's `repr(float)` (`Fixtures/demodata/python_repr_reference.json`),
    /// the form MLflow writes metric values in.
    @Test func pythonReprMatchesPython() throws {
        let json = try Fixtures.json("demodata/python_repr_reference.json")
        let cases = try #require(json["cases"] as? [[String: Any]])
        #expect(cases.count == 13)
        for c in cases {
            let value = try #require(c["value"] as? Double)
            let expected = try #require(c["repr"] as? String)
            let d = try #require(DemoDecimal(value, significantDigits: 15))
            #expect(d.pythonRepr == expected, "repr(\(value))")
        }
    }
}
