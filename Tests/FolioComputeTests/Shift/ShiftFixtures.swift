import Foundation
import Numerics
@testable import FolioCompute

/// Reading the scipy/numpy reference values written by `Fixtures/scipy/generate.py`.
enum ShiftFixtures {
    /// A decoded JSON file from `Fixtures/scipy/`.
    static func json(_ name: String) throws -> [String: Any] {
        try Fixtures.json("scipy/\(name)")
    }

    /// A JSON number, or the strings "nan", "inf", "-inf" the script writes for them.
    static func number(_ any: Any?) -> Double? {
        switch any {
        case let n as NSNumber: return n.doubleValue
        case let s as String:
            switch s {
            case "nan": return .nan
            case "inf": return .infinity
            case "-inf": return -.infinity
            default: return Double(s)
            }
        default: return nil
        }
    }

    /// A JSON number decoded exactly, or one of the strings "nan", "inf", "-inf".
    /// `JSONDecoder` rounds decimal numbers correctly; `JSONSerialization` (behind
    /// `json(_:)`) can land an ulp away on Linux, harmless at 1e-9 but not for checks at
    /// rounding level or for arguments where the function is steep (`kstwo.sf` near
    /// `n x^2 = 300` changes by about 1e-13 per ulp of x at n = 75,000).
    struct ExactNumber: Decodable, Sendable {
        var value: Double

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let number = try? container.decode(Double.self) {
                value = number
                return
            }
            let text = try container.decode(String.self)
            guard let number = ShiftFixtures.number(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "not a number: \(text)")
            }
            value = number
        }
    }

    /// A fixture from `Fixtures/scipy/` decoded with `JSONDecoder`.
    static func decode<T: Decodable>(_ type: T.Type, from name: String) throws -> T {
        try JSONDecoder().decode(type, from: Data(contentsOf: Fixtures.url("scipy/\(name)")))
    }

    static func numbers(_ any: Any?) -> [Double]? {
        guard let array = any as? [Any] else { return nil }
        let values = array.compactMap(number)
        return values.count == array.count ? values : nil
    }

    /// Whether `actual` matches the reference `expected` to a relative tolerance (NaN
    /// matches NaN, equal infinities match).
    static func matches(_ actual: Double, _ expected: Double, relativeTolerance: Double = 1e-9) -> Bool {
        if expected.isNaN { return actual.isNaN }
        if actual == expected { return true }
        return actual.isApproximatelyEqual(to: expected, relativeTolerance: relativeTolerance)
    }

    /// A sample given in full (`{"values": [...]}`) or as a recipe (`{"recipe": {...}}`).
    static func sample(_ any: Any?) throws -> [Double] {
        guard let object = any as? [String: Any] else { throw FixtureProblem("sample is not an object") }
        if let values = numbers(object["values"]) { return values }
        guard let recipe = object["recipe"] as? [String: Any] else { throw FixtureProblem("sample has no values") }
        return try Recipe(recipe).values()
    }

    struct FixtureProblem: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }

    /// The seeded recipes of generate.py's `make_sample`, regenerated with
    /// `SeededGenerator`; the recipe's checksum proves the values are the same.
    struct Recipe {
        var kind: String
        var seed: UInt64
        var count: Int
        var scale = 1.0
        var shift = 0.0
        var levels = 1.0
        var perturbCount = 0
        var perturbOffset = 0.0
        var checkSum: Double
        var checkFirst: Double
        var checkLast: Double

        init(_ object: [String: Any]) throws {
            guard let kind = object["kind"] as? String, let seed = object["seed"] as? NSNumber,
                  let count = object["count"] as? Int, let check = object["check"] as? [String: Any],
                  let sum = number(check["sum"]), let first = number(check["first"]),
                  let last = number(check["last"])
            else { throw FixtureProblem("malformed recipe \(object)") }
            self.kind = kind
            self.seed = seed.uint64Value
            self.count = count
            scale = number(object["scale"]) ?? 1
            shift = number(object["shift"]) ?? 0
            levels = number(object["levels"]) ?? 1
            perturbCount = object["perturbCount"] as? Int ?? 0
            perturbOffset = number(object["perturbOffset"]) ?? 0
            checkSum = sum
            checkFirst = first
            checkLast = last
        }

        func values() throws -> [Double] {
            var g = SeededGenerator(seed: seed)
            var out = [Double]()
            out.reserveCapacity(count)
            switch kind {
            case "sum4":
                for _ in 0..<count {
                    var u = g.nextUniform() + g.nextUniform()
                    u = u + g.nextUniform()
                    u = u + g.nextUniform()
                    out.append((u - 2.0) * scale + shift)
                }
            case "levels":
                for _ in 0..<count { out.append((g.nextUniform() * levels).rounded(.down)) }
            default:
                throw FixtureProblem("unknown recipe kind \(kind)")
            }
            for i in 0..<min(perturbCount, count) { out[i] += perturbOffset }
            // fsum in the script: compare with a compensated sum.
            var sum = 0.0
            var compensation = 0.0
            for v in out {
                let t = sum + v
                compensation += abs(sum) >= abs(v) ? (sum - t) + v : (v - t) + sum
                sum = t
            }
            // (Foundation's JSON reader can be an ulp off, hence the tolerances.)
            guard let first = out.first, let last = out.last,
                  first.isApproximatelyEqual(to: checkFirst, relativeTolerance: 1e-14),
                  last.isApproximatelyEqual(to: checkLast, relativeTolerance: 1e-14),
                  (sum + compensation).isApproximatelyEqual(to: checkSum, relativeTolerance: 1e-12)
            else { throw FixtureProblem("recipe seed \(seed) no longer reproduces generate.py's values") }
            return out
        }
    }
}
