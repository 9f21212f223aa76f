/// An unevaluated sum `hi + lo` of two doubles (about 106 significant bits), the
/// "double-double" arithmetic of the QD package that scipy's `smirnov` (xsf/cephes
/// `kolmogorov.h`, with `dd_real.h`) is written in. Only the operations that
/// `smirnov` needs are provided; each follows the QD algorithm of the same name so
/// that folio's one-sided Kolmogorov-Smirnov distribution rounds as scipy's does.
struct DoubleDouble: Sendable {
    var hi: Double
    var lo: Double

    init(_ hi: Double, _ lo: Double) {
        self.hi = hi
        self.lo = lo
    }

    init(_ value: Double) {
        self.hi = value
        self.lo = 0
    }

    /// The leading double, as QD's `operator double()`.
    var value: Double { hi }
    var isFinite: Bool { hi.isFinite }
    var isZero: Bool { hi == 0 && lo == 0 }

    // MARK: error-free transformations

    /// `fl(a + b)` and its rounding error, assuming `|a| >= |b|`.
    @inline(__always)
    static func quickTwoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let s = a + b
        return (s, b - (s - a))
    }

    /// `fl(a + b)` and its rounding error (Knuth's two-sum).
    @inline(__always)
    static func twoSum(_ a: Double, _ b: Double) -> (sum: Double, error: Double) {
        let s = a + b
        let c = s - a
        let d = b - c
        let e = s - c
        return (s, (a - e) + d)
    }

    /// `fl(a * b)` and its rounding error, by a fused multiply-add.
    @inline(__always)
    static func twoProduct(_ a: Double, _ b: Double) -> (product: Double, error: Double) {
        let p = a * b
        return (p, (-p).addingProduct(a, b))
    }

    // MARK: arithmetic

    static prefix func - (x: DoubleDouble) -> DoubleDouble { DoubleDouble(-x.hi, -x.lo) }

    static func + (lhs: DoubleDouble, rhs: DoubleDouble) -> DoubleDouble {
        var (s1, s2) = twoSum(lhs.hi, rhs.hi)
        let (t1, t2) = twoSum(lhs.lo, rhs.lo)
        s2 += t1
        (s1, s2) = quickTwoSum(s1, s2)
        s2 += t2
        (s1, s2) = quickTwoSum(s1, s2)
        return DoubleDouble(s1, s2)
    }

    static func + (lhs: DoubleDouble, rhs: Double) -> DoubleDouble {
        var (s1, s2) = twoSum(lhs.hi, rhs)
        s2 += lhs.lo
        (s1, s2) = quickTwoSum(s1, s2)
        return DoubleDouble(s1, s2)
    }

    static func + (lhs: Double, rhs: DoubleDouble) -> DoubleDouble { rhs + lhs }

    static func - (lhs: DoubleDouble, rhs: DoubleDouble) -> DoubleDouble { lhs + (-rhs) }

    static func - (lhs: DoubleDouble, rhs: Double) -> DoubleDouble {
        var (s1, s2) = twoSum(lhs.hi, -rhs)
        s2 += lhs.lo
        (s1, s2) = quickTwoSum(s1, s2)
        return DoubleDouble(s1, s2)
    }

    static func - (lhs: Double, rhs: DoubleDouble) -> DoubleDouble {
        var (s1, s2) = twoSum(lhs, -rhs.hi)
        s2 -= rhs.lo
        (s1, s2) = quickTwoSum(s1, s2)
        return DoubleDouble(s1, s2)
    }

    static func * (lhs: DoubleDouble, rhs: DoubleDouble) -> DoubleDouble {
        var (p1, p2) = twoProduct(lhs.hi, rhs.hi)
        p2 += lhs.hi * rhs.lo + lhs.lo * rhs.hi
        (p1, p2) = quickTwoSum(p1, p2)
        return DoubleDouble(p1, p2)
    }

    static func * (lhs: DoubleDouble, rhs: Double) -> DoubleDouble {
        let (p1, e1) = twoProduct(lhs.hi, rhs)
        let (p2, e2) = twoProduct(lhs.lo, rhs)
        let (s, e) = quickTwoSum(p1, e2 + p2 + e1)
        return DoubleDouble(s, e)
    }

    static func * (lhs: Double, rhs: DoubleDouble) -> DoubleDouble { rhs * lhs }

    static func / (lhs: DoubleDouble, rhs: DoubleDouble) -> DoubleDouble {
        var q1 = lhs.hi / rhs.hi
        var r = lhs - rhs * q1
        var q2 = r.hi / rhs.hi
        r = r - rhs * q2
        let q3 = r.hi / rhs.hi
        (q1, q2) = quickTwoSum(q1, q2)
        return DoubleDouble(q1, q2) + q3
    }

    static func / (lhs: DoubleDouble, rhs: Double) -> DoubleDouble { lhs / DoubleDouble(rhs) }

    /// `self * b` with one error-free product (QD's `dd_real * double`; scipy's xsf
    /// version, which `*` follows, also adds the low word's rounding error). Relative
    /// error about `2^-104`.
    @inline(__always)
    func multiplied(by b: Double) -> DoubleDouble {
        var (p1, p2) = DoubleDouble.twoProduct(hi, b)
        p2 += lo * b
        (p1, p2) = DoubleDouble.quickTwoSum(p1, p2)
        return DoubleDouble(p1, p2)
    }
    static func / (lhs: Double, rhs: DoubleDouble) -> DoubleDouble { DoubleDouble(lhs) / rhs }

    // MARK: comparisons (as QD: lexicographic on (hi, lo))

    static func == (lhs: DoubleDouble, rhs: Double) -> Bool { lhs.hi == rhs && lhs.lo == 0 }
    static func < (lhs: DoubleDouble, rhs: Double) -> Bool {
        if lhs.hi < rhs { return true }
        if lhs.hi > rhs { return false }
        return lhs.lo < 0
    }

    // MARK: functions

    /// QD's `floor`: floors the high word, and the low word when the high word is
    /// already an integer.
    var floor: DoubleDouble {
        let h = hi.rounded(.down)
        guard h == hi else { return DoubleDouble(h, 0) }
        let (s, e) = DoubleDouble.quickTwoSum(h, lo.rounded(.down))
        return DoubleDouble(s, e)
    }

    /// `self * 2^exponent` (C `ldexp` on both words).
    func scaled(by exponent: Int) -> DoubleDouble {
        DoubleDouble(DoubleDouble.ldexp(hi, exponent), DoubleDouble.ldexp(lo, exponent))
    }

    /// QD's `frexp`: a mantissa with `0.5 <= |hi| < 1` (or `|hi| == 1` with a low word of
    /// the opposite sign) and the binary exponent.
    func frexp() -> (mantissa: DoubleDouble, exponent: Int) {
        var (man, exponent) = DoubleDouble.frexp(hi)
        var b1 = DoubleDouble.ldexp(lo, -exponent)
        if abs(man) == 0.5 && man * b1 < 0 {
            man *= 2
            b1 *= 2
            exponent -= 1
        }
        return (DoubleDouble(man, b1), exponent)
    }

    /// C's `frexp`: `x = m * 2^e` with `0.5 <= |m| < 1`; zero, infinities and NaN come
    /// back unchanged with exponent 0. Normal numbers take a bit-level fast path.
    @inline(__always)
    static func frexp(_ x: Double) -> (Double, Int) {
        let bits = x.bitPattern
        let biased = Int((bits >> 52) & 0x7FF)
        if biased != 0 && biased != 0x7FF {
            let mantissa = Double(bitPattern: (bits & ~(UInt64(0x7FF) << 52)) | (UInt64(1022) << 52))
            return (mantissa, biased - 1022)
        }
        guard x.isFinite, x != 0 else { return (x, 0) }
        let e = Int(x.exponent) + 1
        return (Double(sign: .plus, exponent: -e, significand: x), e)
    }

    /// C's `ldexp`: `x * 2^e` with one rounding. When `2^e` is a normal double this is a
    /// single (correctly rounded) multiplication.
    @inline(__always)
    static func ldexp(_ x: Double, _ e: Int) -> Double {
        if e >= -1022 && e <= 1023 {
            return x * Double(bitPattern: UInt64(e + 1023) << 52)
        }
        return Double(sign: .plus, exponent: e, significand: x)
    }
}
