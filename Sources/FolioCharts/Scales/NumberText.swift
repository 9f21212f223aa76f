/// Locale-independent number formatting with a fixed precision and trailing zeros trimmed.
///
/// Foundation's formatters depend on the locale and are slow in loops; these functions
/// work on integers so that `0.1 + 0.2` formatted with two digits is `0.3`, never
/// `0.30000000000000004`.
enum NumberText {
    /// The typographic minus sign used in labels (U+2212).
    static let labelMinus = "\u{2212}"

    /// Powers of ten that are exact in `Double` (10^0 ... 10^22).
    static let exactPowersOfTen: [Double] = {
        var values: [Double] = [1]
        for _ in 1...22 { values.append(values[values.count - 1] * 10) }
        return values
    }()

    /// 10^exponent, exact for |exponent| <= 22 in the sense that `x / 10^k` is correctly
    /// rounded when computed as a division by an exact power.
    static func powerOfTen(_ exponent: Int) -> Double {
        if exponent >= 0 && exponent <= 22 { return exactPowersOfTen[exponent] }
        if exponent < 0 && exponent >= -22 { return 1 / exactPowersOfTen[-exponent] }
        var result = 1.0
        if exponent > 0 {
            for _ in 0..<exponent { result *= 10 }
        } else {
            for _ in 0..<(-exponent) { result /= 10 }
        }
        return result
    }

    /// Formats `value` rounded to `fractionDigits` decimals (half away from zero), trailing
    /// zeros and a trailing point removed, `-0` written as `0`.
    ///
    /// - Parameters:
    ///   - value: the number; NaN gives `NaN`, infinities `∞` / `-∞`.
    ///   - fractionDigits: 0 ... 15 decimals (clamped).
    ///   - grouping: insert `,` between groups of three integer digits.
    ///   - minus: the sign written before negative numbers.
    ///   - trimZeros: remove trailing fractional zeros (default `true`).
    /// - Complexity: O(number of digits).
    static func fixed(
        _ value: Double, fractionDigits: Int, grouping: Bool = false, minus: String = "-",
        trimZeros: Bool = true
    ) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value < 0 ? minus + "\u{221E}" : "\u{221E}" }
        let digits = min(max(fractionDigits, 0), 15)
        let scale = powerOfTen(digits)
        let scaled = (abs(value) * scale).rounded(.toNearestOrAwayFromZero)
        guard scaled < 9.0e15 else {
            // Beyond exact integer range: use Swift's shortest round-trip representation,
            // which is locale independent.
            let text = "\(abs(value))"
            return value < 0 ? minus + text : text
        }
        let integer = UInt64(scaled)
        let divisor = UInt64(scale)
        let whole = integer / divisor
        var fraction = integer % divisor
        var fractionText = ""
        if digits > 0 {
            var characters = [Character](repeating: "0", count: digits)
            var index = digits - 1
            while fraction > 0 && index >= 0 {
                characters[index] = Character(Unicode.Scalar(UInt8(48 + fraction % 10)))
                fraction /= 10
                index -= 1
            }
            var end = digits
            if trimZeros {
                while end > 0 && characters[end - 1] == "0" { end -= 1 }
            }
            fractionText = String(characters[0..<end])
        }
        var wholeText = String(whole)
        if grouping && wholeText.utf8.count > 3 {
            var grouped = ""
            let chars = Array(wholeText)
            for (offset, character) in chars.enumerated() {
                if offset > 0 && (chars.count - offset) % 3 == 0 { grouped.append(",") }
                grouped.append(character)
            }
            wholeText = grouped
        }
        var result = fractionText.isEmpty ? wholeText : wholeText + "." + fractionText
        if value < 0 && integer != 0 { result = minus + result }
        return result
    }

    /// A coordinate for SVG attributes and path data: two decimals, trimmed.
    ///
    /// Complexity: O(1).
    static func coordinate(_ value: Double) -> String {
        fixed(value, fractionDigits: 2)
    }

    /// Appends a coordinate to `output` without intermediate allocations for the common
    /// case (|value| < 10^13); used in path data of large series.
    ///
    /// Complexity: O(1).
    static func appendCoordinate(_ value: Double, to output: inout String) {
        let scaled = (abs(value) * 100).rounded(.toNearestOrAwayFromZero)
        guard value.isFinite, scaled < 1.0e15 else {
            output.append(coordinate(value))
            return
        }
        let integer = Int64(scaled)
        if value < 0 && integer != 0 { output.append("-") }
        output.append(String(integer / 100))
        let fraction = integer % 100
        if fraction != 0 {
            output.append(".")
            output.append(Character(Unicode.Scalar(UInt8(48 + fraction / 10))))
            if fraction % 10 != 0 {
                output.append(Character(Unicode.Scalar(UInt8(48 + fraction % 10))))
            }
        }
    }
}
