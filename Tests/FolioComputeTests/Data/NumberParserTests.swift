import Foundation
import Testing

@testable import FolioCompute

/// The byte-level number parser against Swift's `Double(String)` (correctly rounded, like
/// Python's `float()`), property-style with seeded random inputs, both directly and through
/// the CSV reader's fused fast path (a separate code path for the common shapes).
@Suite struct NumberParserTests {
    /// Random decimal strings of many shapes: 1-25 digits, a point anywhere or nowhere,
    /// optional exponent in [-340, 340], optional sign.
    static func randomDecimal(_ rng: inout SeededGenerator) -> String {
        var s = ""
        switch rng.nextInt(below: 3) {
        case 0: s += "-"
        case 1 where rng.nextInt(below: 4) == 0: s += "+"
        default: break
        }
        let digits = 1 + rng.nextInt(below: 25)
        let point = rng.nextInt(below: digits + 2) - 1  // -1: no point
        for k in 0..<digits {
            if k == point { s += "." }
            // Leading zeros now and then.
            let d = k < 3 && rng.nextInt(below: 4) == 0 ? 0 : rng.nextInt(below: 10)
            s += String(d)
        }
        if point == digits { s += "." }
        if rng.nextInt(below: 3) == 0 {
            s += rng.nextInt(below: 2) == 0 ? "e" : "E"
            if rng.nextInt(below: 2) == 0 { s += rng.nextInt(below: 2) == 0 ? "-" : "+" }
            s += String(rng.nextInt(below: 341))
        }
        return s
    }

    /// Numbers as the demo data writes them: up to 4 integer digits and 6 decimals.
    static func randomFixed(_ rng: inout SeededGenerator) -> String {
        let value = rng.nextNormal() * pow(10, Double(rng.nextInt(below: 5)))
        return String(format: "%.\(rng.nextInt(below: 9))f", value)
    }

    static func same(_ a: Double?, _ b: Double?) -> Bool {
        guard let a, let b else { return a == nil && b == nil }
        return a.bitPattern == b.bitPattern || (a.isNaN && b.isNaN)
    }

    @Test(arguments: [1, 2, 3, 4] as [UInt64])
    func decimalStringsMatchDoubleInit(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var mismatches: [String] = []
        for _ in 0..<50_000 {
            let s = rng.nextInt(below: 2) == 0 ? Self.randomDecimal(&rng) : Self.randomFixed(&rng)
            if !Self.same(NumberParser.parse(s), Double(s)) { mismatches.append(s) }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    /// Every finite double survives its shortest round-trip text (Swift's description,
    /// as Python's repr) and its 17-significant-digit `%.17g` text.
    @Test(arguments: [5, 6] as [UInt64])
    func doublesRoundTripExactly(seed: UInt64) {
        var rng = SeededGenerator(seed: seed)
        var mismatches: [String] = []
        for _ in 0..<50_000 {
            let value = Double(bitPattern: rng.next())
            guard value.isFinite else { continue }
            for text in ["\(value)", String(format: "%.17g", value)] {
                let parsed = NumberParser.parse(text)
                if parsed?.bitPattern != value.bitPattern { mismatches.append(text) }
            }
        }
        #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
    }

    /// The CSV reader's fused fast path gives the same doubles as `Double(String)` on the
    /// same texts (one column per shape, LF and CRLF, sequential and parallel).
    @Test(arguments: [7, 8] as [UInt64])
    func csvFastPathMatchesDoubleInit(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var texts: [[String]] = [[], [], []]
        var csv = "decimal,fixed,double\n"
        for r in 0..<20_000 {
            var double = Double(bitPattern: rng.next())
            while !double.isFinite { double = Double(bitPattern: rng.next()) }
            let row = [Self.randomDecimal(&rng), Self.randomFixed(&rng), "\(double)"]
            for k in 0..<3 { texts[k].append(row[k]) }
            csv += row.joined(separator: ",") + (r % 2 == 0 ? "\n" : "\r\n")
        }
        for reader in CSVReaderTests.readers() {
            let frame = try reader.read(bytes: Array(csv.utf8))
            for (k, name) in ["decimal", "fixed", "double"].enumerated() {
                let values = try frame.numbers(name)
                let bad = zip(values, texts[k]).filter { !Self.same($0, Double($1)) }.map(\.1)
                #expect(bad.isEmpty, "\(name): \(bad.prefix(5))")
            }
        }
    }

    @Test(arguments: [
        ("0", 0.0), ("-0", -0.0), ("+5", 5), (".5", 0.5), ("5.", 5), ("1e3", 1000), ("1E-3", 0.001),
        ("2.5e+2", 250), ("007", 7), ("1.7976931348623157e308", .greatestFiniteMagnitude),
        ("4.9e-324", .leastNonzeroMagnitude), ("1e400", .infinity), ("-1e400", -.infinity), ("1e-400", 0),
        ("inf", .infinity), ("-Infinity", -.infinity), ("INF", .infinity), (" 42 ", 42),
        ("123456789012345678901234567890", 1.2345678901234568e29),
        ("0.000000000000000000000000000001", 1e-30),
    ] as [(String, Double)])
    func acceptedSpellings(text: String, value: Double) {
        #expect(NumberParser.parse(text)?.bitPattern == value.bitPattern)
    }

    @Test func nanSpellings() {
        for text in ["nan", "NaN", "NAN", "-nan", "+NaN"] {
            #expect(NumberParser.parse(text)?.isNaN == true, "\(text)")
        }
    }

    @Test(arguments: ["", " ", "-", "+", ".", "e5", "1e", "1e+", "--1", "1.2.3", "0x10", "1,5", "1_000", "abc", "na", "1 2", "infinit", "nanx"])
    func rejectedSpellings(text: String) {
        #expect(NumberParser.parse(text) == nil)
    }

    @Test func missingTokens() {
        for text in ["NA", "N/A", "n/a", "#N/A", "<NA>", "null", "NULL", "None"] {
            let ok = Array(text.utf8).withUnsafeBufferPointer { NumberParser.isMissingToken($0.baseAddress!, $0.count) }
            #expect(ok, "\(text)")
        }
        for text in ["na", "NAN", "nul", "none", "N/", "NAA"] {
            let ok = Array(text.utf8).withUnsafeBufferPointer { NumberParser.isMissingToken($0.baseAddress!, $0.count) }
            #expect(!ok, "\(text)")
        }
    }
}
