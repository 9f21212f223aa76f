/// A decimal number `mantissa * 10^exponent`, used to round the demo data to a fixed number
/// of significant digits and to print it fast and identically on every platform.
///
/// The `Double` a `DemoDecimal` stands for (``doubleValue``) is the double nearest to the
/// decimal, so that the text written to a file parses back to exactly the value that the
/// features, labels and models were computed from.
public struct DemoDecimal: Hashable, Sendable {
    /// The digits, without trailing zeros (zero for the number zero).
    public var mantissa: Int64
    /// The power of ten the mantissa is scaled by.
    public var exponent: Int

    /// Exact powers of ten as doubles (10^0 ... 10^22 are exactly representable).
    @usableFromInline static let exactPowers: [Double] = {
        var p: [Double] = []
        var x = 1.0
        for _ in 0...22 { p.append(x); x *= 10 }
        return p
    }()

    /// Creates the decimal `mantissa * 10^exponent`, normalised (trailing zeros removed).
    public init(mantissa: Int64, exponent: Int) {
        var m = mantissa
        var e = exponent
        if m == 0 {
            e = 0
        } else {
            while m % 10 == 0 { m /= 10; e += 1 }
        }
        self.mantissa = m
        self.exponent = e
    }

    /// `x` rounded to `digits` significant decimal digits (half away from zero), or `nil`
    /// for NaN and infinities. Magnitudes below `1e-15` round to zero; magnitudes of
    /// `1e16` and more keep their integer part only up to `digits` digits.
    ///
    /// - Complexity: O(1).
    public init?(_ x: Double, significantDigits digits: Int = 6) {
        guard x.isFinite, digits >= 1, digits <= 15 else { return nil }
        let a = Swift.abs(x)
        if a < 1e-15 {
            self.init(mantissa: 0, exponent: 0)
            return
        }
        // Decimal exponent k with 10^k <= a < 10^(k+1), found by comparison (no log10).
        var k = 0
        if a >= 1 {
            while k < 22 && a >= DemoDecimal.exactPowers[k + 1] { k += 1 }
            while k >= 22 && k < 300 && a >= DemoDecimal.power(k + 1) { k += 1 }
        } else {
            k = -1
            while k > -15 && a < 1 / DemoDecimal.exactPowers[-k] { k -= 1 }
        }
        let shift = digits - 1 - k  // scale a by 10^shift to get `digits` integer digits
        var scaled: Double
        if shift >= 0 {
            scaled = a * (shift <= 22 ? DemoDecimal.exactPowers[shift] : DemoDecimal.power(shift))
        } else {
            scaled = a / (-shift <= 22 ? DemoDecimal.exactPowers[-shift] : DemoDecimal.power(-shift))
        }
        var m = Int64(scaled.rounded(.toNearestOrAwayFromZero))
        var e = -shift
        // Rounding may carry into one more digit (9.999995 -> 10.0000); renormalise.
        var limit: Int64 = 1
        for _ in 0..<digits { limit *= 10 }
        if m >= limit { m /= 10; e += 1 }
        self.init(mantissa: x < 0 ? -m : m, exponent: e)
    }

    /// The double nearest to this decimal (exact division or multiplication by an exact
    /// power of ten, so correctly rounded, as a decimal parser would read the text).
    public var doubleValue: Double {
        let m = Double(mantissa)
        if exponent >= 0 {
            return exponent <= 22 ? m * DemoDecimal.exactPowers[exponent] : m * DemoDecimal.power(exponent)
        }
        return -exponent <= 22 ? m / DemoDecimal.exactPowers[-exponent] : m / DemoDecimal.power(-exponent)
    }

    static func power(_ n: Int) -> Double {
        var r = 1.0
        for _ in 0..<n { r *= 10 }
        return r
    }

    /// Rounds `x` to `digits` significant digits and returns the double that the written
    /// text stands for. NaN and infinities are returned unchanged.
    @inline(__always)
    public static func rounded(_ x: Double, significantDigits digits: Int = 6) -> Double {
        guard let d = DemoDecimal(x, significantDigits: digits) else { return x }
        return d.doubleValue
    }

    /// Appends the plain decimal text (no exponent notation, no trailing zeros, `-` for
    /// negatives, integers without a decimal point) to `buffer`.
    public func append(to buffer: inout [UInt8]) {
        appendPlain(to: &buffer, pointZeroForIntegers: false)
    }

    /// Appends the text Python's `repr(float)` would print for this value (integers as
    /// `1.0`, exponent notation below `1e-4` and from `1e16` on), the form MLflow writes
    /// metric and parameter values in.
    public func appendPythonRepr(to buffer: inout [UInt8]) {
        if mantissa == 0 {
            buffer.append(contentsOf: [0x30, 0x2E, 0x30])
            return
        }
        let magnitude = mantissa.magnitude
        let count = DemoDecimal.digitCount(magnitude)
        let decimalExponent = exponent + count - 1  // position of the leading digit
        if decimalExponent < -4 || decimalExponent >= 16 {
            if mantissa < 0 { buffer.append(0x2D) }
            let start = buffer.count
            DemoDecimal.appendDigits(magnitude, count: count, to: &buffer)
            if count > 1 { buffer.insert(0x2E, at: start + 1) }
            buffer.append(0x65)  // e
            buffer.append(decimalExponent < 0 ? 0x2D : 0x2B)
            let ae = UInt64(Swift.abs(decimalExponent))
            if ae < 10 { buffer.append(0x30) }
            DemoDecimal.appendDigits(ae, count: DemoDecimal.digitCount(ae), to: &buffer)
            return
        }
        appendPlain(to: &buffer, pointZeroForIntegers: true)
    }

    /// The text of ``append(to:)`` as a string.
    public var text: String {
        var b: [UInt8] = []
        append(to: &b)
        return String(decoding: b, as: UTF8.self)
    }

    /// The text of ``appendPythonRepr(to:)`` as a string.
    public var pythonRepr: String {
        var b: [UInt8] = []
        appendPythonRepr(to: &b)
        return String(decoding: b, as: UTF8.self)
    }

    private func appendPlain(to buffer: inout [UInt8], pointZeroForIntegers: Bool) {
        if mantissa == 0 {
            buffer.append(0x30)
            if pointZeroForIntegers { buffer.append(contentsOf: [0x2E, 0x30]) }
            return
        }
        if mantissa < 0 { buffer.append(0x2D) }
        let magnitude = mantissa.magnitude
        let count = DemoDecimal.digitCount(magnitude)
        if exponent >= 0 {
            DemoDecimal.appendDigits(magnitude, count: count, to: &buffer)
            for _ in 0..<exponent { buffer.append(0x30) }
            if pointZeroForIntegers { buffer.append(contentsOf: [0x2E, 0x30]) }
            return
        }
        let fractional = -exponent
        if fractional >= count {
            buffer.append(0x30)
            buffer.append(0x2E)
            for _ in 0..<(fractional - count) { buffer.append(0x30) }
            DemoDecimal.appendDigits(magnitude, count: count, to: &buffer)
        } else {
            let start = buffer.count
            DemoDecimal.appendDigits(magnitude, count: count, to: &buffer)
            buffer.insert(0x2E, at: start + count - fractional)
        }
    }

    /// The number of decimal digits of `value` (1 for zero).
    @inline(__always)
    static func digitCount(_ value: UInt64) -> Int {
        var n = 1
        var v = value
        while v >= 10 { v /= 10; n += 1 }
        return n
    }

    /// Appends the `count` ASCII digits of `value`, most significant first.
    @inline(__always)
    static func appendDigits(_ value: UInt64, count: Int, to buffer: inout [UInt8]) {
        let start = buffer.count
        for _ in 0..<count { buffer.append(0x30) }
        var v = value
        var i = start + count - 1
        while i >= start {
            buffer[i] = UInt8(truncatingIfNeeded: v % 10) &+ 0x30
            v /= 10
            i -= 1
        }
    }
}
