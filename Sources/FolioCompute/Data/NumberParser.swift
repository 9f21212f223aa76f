#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Decimal text to `Double`, correctly rounded, from bytes (no `String`).
///
/// Accepted: optional spaces, an optional sign, decimal digits with an optional point and
/// an optional exponent (`1`, `-0.5`, `.5`, `5.`, `1e-7`, `+2.5E+03`), and `nan`, `inf`,
/// `infinity` in any letter case with an optional sign (as Python's `float()` and Swift's
/// `Double(_:)` accept them). Hexadecimal floats, digit separators and thousands commas
/// are not numbers here.
///
/// Correct rounding:
/// - Fast path (Clinger 1990): when the significant digits form an integer `m <= 2^53`
///   (every number with at most 15 significant digits qualifies) and the decimal exponent
///   `e` satisfies `|e| <= 22`, both `m` and `10^|e|` are exactly representable doubles
///   (`10^22 < 2^53 * 2^22` has at most 53 significant bits), so the one IEEE 754
///   multiplication or division `m * 10^e` / `m / 10^-e` is correctly rounded by the
///   hardware, which is exactly the correctly rounded value of the decimal.
/// - Otherwise the field is copied NUL-terminated and given to C `strtod`, which glibc
///   and Apple's libc implement with exact multiple-precision arithmetic (correct
///   rounding to nearest-even). If `strtod` does not consume the whole copy (a locale
///   whose decimal point is not `.` was set in the process), Swift's `Double(_:)`, which
///   is locale-independent and also correctly rounded, decides instead.
enum NumberParser {
    /// Exact powers of ten 10^0 ... 10^22.
    @usableFromInline
    static let powersOfTen: [Double] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
        1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ]

    /// Parses the whole of `bytes[0..<count]` as a number, or returns `nil`.
    @inline(__always)
    static func parse(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        var start = 0
        var end = count
        while start < end && bytes[start] == 0x20 { start += 1 }
        while end > start && bytes[end - 1] == 0x20 { end -= 1 }
        if start == end { return nil }
        var i = start
        var negative = false
        let first = bytes[i]
        if first == 0x2D || first == 0x2B {  // - +
            negative = first == 0x2D
            i += 1
            if i == end { return nil }
        }
        // Letters: nan / inf / infinity.
        if bytes[i] | 0x20 >= 0x61 {
            return special(bytes + i, end - i, negative: negative)
        }
        var mantissa: UInt64 = 0
        var significant = 0  // significant digits kept in `mantissa`
        var exponent = 0  // decimal exponent to apply to `mantissa`
        var anyDigit = false
        var truncated = false  // more than 19 significant digits
        // Integer part.
        while i < end {
            let d = bytes[i] &- 0x30
            if d > 9 { break }
            anyDigit = true
            if mantissa == 0 && d == 0 {
                // leading zero: not significant
            } else if significant < 19 {
                mantissa = mantissa &* 10 &+ UInt64(d)
                significant += 1
            } else {
                exponent += 1
                if d != 0 { truncated = true }
            }
            i += 1
        }
        // Fraction.
        if i < end && bytes[i] == 0x2E {  // .
            i += 1
            while i < end {
                let d = bytes[i] &- 0x30
                if d > 9 { break }
                anyDigit = true
                if mantissa == 0 && d == 0 {
                    exponent -= 1
                } else if significant < 19 {
                    mantissa = mantissa &* 10 &+ UInt64(d)
                    significant += 1
                    exponent -= 1
                } else if d != 0 {
                    truncated = true
                }
                i += 1
            }
        }
        if !anyDigit { return nil }
        // Exponent.
        if i < end && bytes[i] | 0x20 == 0x65 {  // e E
            i += 1
            if i == end { return nil }
            var negativeExponent = false
            if bytes[i] == 0x2D || bytes[i] == 0x2B {
                negativeExponent = bytes[i] == 0x2D
                i += 1
            }
            var value = 0
            var digits = 0
            while i < end {
                let d = bytes[i] &- 0x30
                if d > 9 { break }
                if value < 100_000 { value = value * 10 + Int(d) }
                digits += 1
                i += 1
            }
            if digits == 0 { return nil }
            exponent += negativeExponent ? -value : value
        }
        if i != end { return nil }
        if mantissa == 0 { return negative ? -0.0 : 0.0 }
        if !truncated && mantissa <= 1 << 53 && exponent >= -22 && exponent <= 22 {
            var value = Double(mantissa)
            if exponent < 0 {
                value /= powersOfTen[-exponent]
            } else if exponent > 0 {
                value *= powersOfTen[exponent]
            }
            return negative ? -value : value
        }
        return slowPath(bytes + start, end - start)
    }

    /// `nan`, `inf`, `infinity` (any case), after the sign.
    private static func special(_ bytes: UnsafePointer<UInt8>, _ count: Int, negative: Bool) -> Double? {
        func matches(_ word: StaticString) -> Bool {
            guard word.utf8CodeUnitCount == count else { return false }
            let w = word.utf8Start
            for k in 0..<count where bytes[k] | 0x20 != w[k] { return false }
            return true
        }
        if matches("nan") { return .nan }
        if matches("inf") || matches("infinity") { return negative ? -.infinity : .infinity }
        return nil
    }

    /// `strtod` on a NUL-terminated copy (see the type's documentation).
    private static func slowPath(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Double? {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: count + 1) { buffer in
            let base = buffer.baseAddress!
            UnsafeMutableRawPointer(base).copyMemory(from: bytes, byteCount: count)
            base[count] = 0
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &end)
            if let end, end - base == count { return value }
            return Double(String(decoding: UnsafeBufferPointer(start: bytes, count: count), as: UTF8.self))
        }
    }

    /// Whether the cell is one of the spellings of a missing value that the CSV reader
    /// accepts in number and timestamp columns: `NA`, `N/A`, `n/a`, `#N/A`, `<NA>`,
    /// `null`, `NULL`, `None`, `-nan`, `-NaN` (pandas' default `na_values`, minus the
    /// Windows `1.#IND` forms). An empty cell is missing too, checked by the caller.
    @inline(__always)
    static func isMissingToken(_ bytes: UnsafePointer<UInt8>, _ count: Int) -> Bool {
        guard count >= 2 && count <= 4 else { return false }
        let b0 = bytes[0]
        let b1 = bytes[1]
        switch count {
        case 2: return b0 == 0x4E && b1 == 0x41  // NA
        case 3:
            let b2 = bytes[2]
            return (b0 == 0x4E && b1 == 0x2F && b2 == 0x41)  // N/A
                || (b0 == 0x6E && b1 == 0x2F && b2 == 0x61)  // n/a
        default:
            let b2 = bytes[2]
            let b3 = bytes[3]
            return (b0 == 0x23 && b1 == 0x4E && b2 == 0x2F && b3 == 0x41)  // #N/A
                || (b0 == 0x3C && b1 == 0x4E && b2 == 0x41 && b3 == 0x3E)  // <NA>
                || (b0 == 0x6E && b1 == 0x75 && b2 == 0x6C && b3 == 0x6C)  // null
                || (b0 == 0x4E && b1 == 0x55 && b2 == 0x4C && b3 == 0x4C)  // NULL
                || (b0 == 0x4E && b1 == 0x6F && b2 == 0x6E && b3 == 0x65)  // None
        }
    }

    /// Parses a Swift string (tests, filter operands, MLflow metric files).
    static func parse(_ text: some StringProtocol) -> Double? {
        var copy = String(text)
        return copy.withUTF8 { utf8 in
            guard let base = utf8.baseAddress, utf8.count > 0 else { return nil }
            return parse(base, utf8.count)
        }
    }
}
