/// Elementary functions built only from IEEE 754 additions, multiplications, divisions and
/// square roots, so that the demo data set is bit-identical on every platform (the C
/// library's `exp`, `log` and `cos` may differ in the last bit between glibc and Darwin).
///
/// Accuracy is within a few units in the last place over the ranges folio uses; these are
/// not general replacements for the C library.
public enum DemoMath {
    private static let ln2Hi = 6.93147180369123816490e-01
    private static let ln2Lo = 1.90821492927058770002e-10
    private static let invLn2 = 1.44269504088896338700e+00
    private static let roundingShift = 6755399441055744.0  // 1.5 * 2^52

    /// `2^n` for `-1022 <= n <= 1023` from its bit pattern (the same value as
    /// `Double(sign: .plus, exponent: n, significand: 1)`), else by that initialiser.
    @inline(__always)
    static func powerOfTwo(_ n: Int) -> Double {
        if n >= -1022 && n <= 1023 { return Double(bitPattern: UInt64(n + 1023) << 52) }
        return Double(sign: .plus, exponent: n, significand: 1)
    }

    /// `e^x`, by reduction to `2^k * e^r` with `|r| <= ln(2)/2` and a degree-13 Taylor
    /// polynomial. Returns `+inf` above 709.78 and `0` below -745.
    public static func exp(_ x: Double) -> Double {
        if x.isNaN { return x }
        if x > 709.78 { return .infinity }
        if x < -745.0 { return 0 }
        // Round to nearest, ties to even, by the 1.5 * 2^52 trick: the same value as
        // `rounded(.toNearestOrEven)` for |x * invLn2| < 2^51, without a libm call.
        let k = (x * invLn2 + roundingShift) - roundingShift
        let r = (x - k * ln2Hi) - k * ln2Lo
        // Horner form of sum_{i=0}^{13} r^i / i!
        var p = 1.0 / 6227020800.0
        p = p * r + 1.0 / 479001600.0
        p = p * r + 1.0 / 39916800.0
        p = p * r + 1.0 / 3628800.0
        p = p * r + 1.0 / 362880.0
        p = p * r + 1.0 / 40320.0
        p = p * r + 1.0 / 5040.0
        p = p * r + 1.0 / 720.0
        p = p * r + 1.0 / 120.0
        p = p * r + 1.0 / 24.0
        p = p * r + 1.0 / 6.0
        p = p * r + 0.5
        p = p * r + 1.0
        p = p * r + 1.0
        let n = Int(k)
        if n < -1000 {
            // Split the scaling to stay out of the subnormal range until the last step.
            return (p * Double(sign: .plus, exponent: -1000, significand: 1)) * Double(sign: .plus, exponent: n + 1000, significand: 1)
        }
        return p * powerOfTwo(n)
    }

    /// The natural logarithm: `x = m * 2^e` with `m` in `[sqrt(1/2), sqrt(2))`, then the
    /// series `log(m) = 2 atanh((m-1)/(m+1))`. `log(0) = -inf`, negative or NaN input gives NaN.
    public static func log(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x == .infinity { return x }
        var e = Int(x.exponent)
        var m = x.significand  // in [1, 2), exact (subnormals included)
        if m > 1.4142135623730951 {
            m *= 0.5
            e += 1
        }
        let f = (m - 1) / (m + 1)
        let f2 = f * f
        // 2 * (f + f^3/3 + ... + f^23/23); |f| <= 0.1716 so the tail is below 1e-19.
        var s = 1.0 / 23.0
        s = s * f2 + 1.0 / 21.0
        s = s * f2 + 1.0 / 19.0
        s = s * f2 + 1.0 / 17.0
        s = s * f2 + 1.0 / 15.0
        s = s * f2 + 1.0 / 13.0
        s = s * f2 + 1.0 / 11.0
        s = s * f2 + 1.0 / 9.0
        s = s * f2 + 1.0 / 7.0
        s = s * f2 + 1.0 / 5.0
        s = s * f2 + 1.0 / 3.0
        let logM = 2 * f + 2 * f * f2 * s
        let de = Double(e)
        return de * ln2Hi + (logM + de * ln2Lo)
    }

    /// The logistic function `1 / (1 + e^-z)`, evaluated without overflow.
    @inline(__always)
    public static func sigmoid(_ z: Double) -> Double {
        if z >= 0 {
            return 1 / (1 + exp(-z))
        }
        let e = exp(z)
        return e / (1 + e)
    }

    /// The hyperbolic tangent, `(1 - e^-2|x|) / (1 + e^-2|x|)` with the sign of `x`.
    @inline(__always)
    public static func tanh(_ x: Double) -> Double {
        let e = exp(-2 * Swift.abs(x))
        let t = (1 - e) / (1 + e)
        return x < 0 ? -t : t
    }

    /// `log(1 + e^z)` without overflow (the softplus; `-log(sigmoid(-z))`).
    @inline(__always)
    public static func softplus(_ z: Double) -> Double {
        z > 0 ? z + log(1 + exp(-z)) : log(1 + exp(z))
    }

    /// Sine and cosine of the angle `2 pi * numerator / denominator` (a fraction of a
    /// turn), reduced to the first quadrant with integer arithmetic so that quarter turns
    /// give exact 0 and 1.
    public static func sinCos(turns numerator: Int, of denominator: Int) -> (sin: Double, cos: Double) {
        guard denominator > 0 else { return (.nan, .nan) }
        let k = ((numerator % denominator) + denominator) % denominator
        let quadrant = (4 * k) / denominator
        let remainder = 4 * k - quadrant * denominator
        let a = (Double.pi / 2) * Double(remainder) / Double(denominator)
        // Taylor series on [0, pi/2): 20 terms are far below one ulp.
        var s = 0.0, c = 0.0
        var term = a
        var i = 1.0
        for _ in 0..<20 {
            s += term
            term *= -a * a / ((i + 1) * (i + 2))
            i += 2
        }
        term = 1
        i = 0
        for _ in 0..<20 {
            c += term
            term *= -a * a / ((i + 1) * (i + 2))
            i += 2
        }
        switch quadrant {
        case 0: return (s, c)
        case 1: return (c, -s)
        case 2: return (-s, -c)
        default: return (-c, s)
        }
    }

    /// A standard normal draw by Marsaglia's polar method (the second value of each
    /// accepted pair is discarded, so the stream does not depend on call parity).
    @inline(__always)
    public static func normal(_ rng: inout SeededGenerator) -> Double {
        while true {
            let u = 2 * rng.nextUniform() - 1
            let v = 2 * rng.nextUniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                return u * (-2 * log(s) / s).squareRoot()
            }
        }
    }
}
